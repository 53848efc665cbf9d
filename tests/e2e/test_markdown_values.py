"""Issue 12, atk7 tester B findings 3 and 3b, end to end: what the mock provider RECEIVED and what the client got.

- Markdown delimiters around a digit or a few digits inside a value's group (`4111 1**1**11 1111 1111`,
  ``617-5`5`5-0143``, `192.168.1**0**.77`, an IBAN) and backslash-escaped separators (Markdown, Telegram's
  MarkdownV2: `617\\-555\\-0143`, `jane\\.doe@example\\.com`, `jane.doe\\@example.com`) are redacted in a request,
  and in an answer, whole and streamed;
- arithmetic, regular expressions, Windows paths and escaped Markdown without values go up as sent.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import post_raw, received, sse

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]}
"""

HIDDEN = [  # (text, the digits or address that must not go up)
    ("card 4111 1**1**11 1111 1111 please", "1111 1111"),
    ("card 4**1**1**1** 1**1**1**1** 1111 1111 please", "1111 1111"),
    ("card 4111 11~~1~~1 1111 1111 please", "1111 1111"),
    ("ssn 5**3**6-90-4399 please", "90-4399"),
    ("call 617-5`5`5-0143 please", "0143"),
    ("call 6`1`7-5`5`5-0`1`43 please", "43"),
    ("ip 192.168.1**0**.77 please", "192.168"),
    ("IBAN DE89 3704 0044 0**5**32 0130 00 please", "3704 0044"),
    (r"call 617\-555\-0143 please", "0143"),
    (r"card 4111\-1111\-1111\-1111 please", "1111"),
    (r"ssn 536\-90\-4399 please", "4399"),
    (r"server 192\.168\.1\.77 please", "192"),
    (r"mail jane\.doe@example\.com please", "jane"),
    (r"mail jane.doe\@example.com please", "jane"),
    (r"call 617-\-555-\-0143 please", "0143"),
    (r"call 617\.555\.0143 please", "0143"),
    (r"call (617)\ 555\-0143 please", "0143"),
    (r"call \+1 \(617\) 555\-0143 please", "0143"),
]

PLAIN = ("compute 3*4*5 and x**2, 10*1000*1000 bytes, 4111**1111**1111 is a product; "
         r"validate ^\d{3}\-\d{2}\-\d{4}$ and ^\(\d{3}\)\s\d{3}\-\d{4}$; open C:\Users\dev\.config\app\1\.2\.3; "
         r"escape \* and \_ in Markdown, 2\.5 GB, v1\.2\.3, hy\-phen\-ation")


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _post(p: Proxy, body: dict[str, Any]) -> Any:
    r = post_raw(p, "/v1/chat/completions", json.dumps(body))
    assert r.status_code == 200, r.text
    return r


@pytest.mark.parametrize(("text", "secret"), HIDDEN)
def test_values_hidden_by_markdown_are_redacted_in_a_request(guarded: Proxy, mock: Mock, text: str,
                                                            secret: str) -> None:
    _post(guarded, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    sent = mock.last_body["messages"][0]["content"]
    assert secret not in sent and "<" in sent and sent.endswith(" please"), sent


def test_engineering_text_with_escapes_and_arithmetic_goes_up_as_sent(guarded: Proxy, mock: Mock) -> None:
    _post(guarded, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PLAIN}]})
    assert mock.last_body["messages"][0]["content"] == PLAIN, received(mock)


@pytest.mark.parametrize("stream", [False, True])
def test_an_answer_with_markdown_values_is_redacted(guarded: Proxy, mock: Mock, stream: bool) -> None:
    answer = r"Bot: call \+1 \(617\) 555\-0143 or card 4111 1**1**11 1111 1111, mail jane\.doe@example\.com\. " + PLAIN
    if stream:
        head = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
        mock.script(raw_sse=sse(
            *({**head, "choices": [{"index": 0, "delta": {"content": answer[k:k + 5]}}]}
              for k in range(0, len(answer), 5)),
            {**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}, "[DONE]"))
    else:
        mock.script(raw_body=json.dumps({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}]}))
    r = _post(guarded, {"model": "gpt-4o-mini", "stream": stream, "messages": [{"role": "user", "content": "hi"}]})
    if stream:
        got = "".join(json.loads(line[6:])["choices"][0]["delta"].get("content") or ""
                      for line in r.text.splitlines() if line.startswith("data: {") and '"choices"' in line)
    else:
        got = r.json()["choices"][0]["message"]["content"]
    assert "0143" not in got and "1**1**11" not in got and "jane" not in got, got
    assert got.count("<PHONE_NUMBER_") == 1 and got.count("<CREDIT_CARD_") == 1 and got.count("<EMAIL_ADDRESS_") == 1
    assert got.endswith(PLAIN), got
