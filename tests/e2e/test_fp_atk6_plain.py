"""Issue 12, atk6 findings 9-12, end to end: what the mock provider RECEIVED and what the client got back.

- IANA time zones (`Europe/Berlin`, `America/Denver`) in a message and in tool arguments go up as sent;
- versions side by side in tool arguments and `prompt.variables` go up as sent, and in the model's tool arguments
  (whole and streamed) come back as sent;
- ports apart by `/`, a Unix time after a reset header and a number after `#` in a request and in an answer (whole
  and streamed) are no phone numbers; German business lines, `Kafka lag is 12k.` and a flag's value are no names;
- a name, a phone number and an address split across values are still redacted.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, post_raw, received, sse

POLICY = REDACT_NAMES_POLICY

PLAIN = ("Set TZ=Europe/Berlin; the cron runs in America/Denver time. Open 8080/8443 and 443/8443. "
         "X-RateLimit-Reset: 1717506000. Ticket #4155 5512 3412 is a duplicate. Kafka lag is 12k. "
         "Run --limit Dallas,Austin.\nZahlungsziel 30 Tage, Rechnung Nr. 4711.\n"
         "Mit freundlichen Grüßen, Ihr Plattform-Team")
VERSIONS = {"express": "^4.18.2", "pg": "8.11.3", "react": "18.2.0", "react-dom": "18.2.0",
            "from": "4.17.20", "to": "4.17.21"}


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _post(p: Proxy, path: str, body: dict[str, Any]) -> Any:
    r = post_raw(p, path, json.dumps(body))
    assert r.status_code == 200, r.text
    return r


def _args(value: dict[str, Any]) -> list[dict[str, Any]]:
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": json.dumps(value)}}
    return [{"role": "user", "content": "look it up"}, {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]


def test_plain_engineering_text_goes_up_as_sent(plain: Proxy, mock: Mock) -> None:
    _post(plain, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PLAIN}]})
    _post(plain, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": _args(
        {"tz": "America/Denver", "zones": ["Europe/Berlin", "Asia/Kolkata"], "ports": "8080/8443"})})
    got = received(mock)
    assert "<" not in got.replace("\\u003c", "<").replace("<\\/", ""), got
    assert json.dumps(PLAIN, ensure_ascii=False)[1:-1] in got


def test_versions_side_by_side_go_up_as_sent(plain: Proxy, mock: Mock) -> None:
    _post(plain, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": _args(VERSIONS)})
    _post(plain, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi",
                                   "prompt": {"id": "pmpt_1", "variables": VERSIONS}})
    got = received(mock)
    assert "IP_ADDRESS" not in got and "PHONE_NUMBER" not in got, got
    assert all(v in got for v in VERSIONS.values())


def _chat_answer(content: str | None, arguments: str | None = None) -> str:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if arguments is not None:
        message["tool_calls"] = [{"id": "call_1", "type": "function", "function": {"name": "f",
                                                                                    "arguments": arguments}}]
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]})


@pytest.mark.parametrize("stream", [False, True])
def test_answers_keep_plain_text_and_versions(plain: Proxy, mock: Mock, stream: bool) -> None:
    arguments = json.dumps(VERSIONS)
    if stream:
        head = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
        call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "f", "arguments": ""}}
        mock.script(raw_sse=sse(
            *({**head, "choices": [{"index": 0, "delta": {"content": PLAIN[k:k + 7]}}]}
              for k in range(0, len(PLAIN), 7)),
            {**head, "choices": [{"index": 0, "delta": {"tool_calls": [call]}}]},
            *({**head, "choices": [{"index": 0, "delta": {"tool_calls": [
                {"index": 0, "function": {"arguments": arguments[k:k + 9]}}]}}]} for k in range(0, len(arguments), 9)),
            {**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}, "[DONE]"))
    else:
        mock.script(raw_body=_chat_answer(PLAIN, arguments))
    r = _post(plain, "/v1/chat/completions", {"model": "gpt-4o-mini", "stream": stream,
                                              "messages": [{"role": "user", "content": "hi"}]})
    text = r.text.replace("\\u003c", "<")
    assert "<PERSON_" not in text and "<PHONE_NUMBER_" not in text and "<IP_ADDRESS_" not in text, text
    if stream:
        content = "".join(json.loads(line[6:])["choices"][0]["delta"].get("content") or ""
                          for line in r.text.splitlines() if line.startswith("data: {") and '"choices"' in line)
        assert content == PLAIN, content
    else:
        assert r.headers.get("x-guardrail-decision") == "allow"
        assert r.json()["choices"][0]["message"]["content"] == PLAIN
        assert json.loads(r.json()["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]) == VERSIONS


def test_names_numbers_and_split_addresses_are_still_redacted(plain: Proxy, mock: Mock) -> None:
    text = ("Maria Schmidt works from Europe/Berlin, call her on 617-555-0143.\n"
            "Mit freundlichen Grüßen, Anna Schmidt")
    _post(plain, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    _post(plain, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": _args(
        {"a": "192.168", "b": "10.77"})})
    got = received(mock)
    assert "Maria" not in got and "Anna" not in got and "617-555-0143" not in got, got
    assert "Europe/Berlin" in got and "Mit freundlichen Grüßen" in got
    assert '"192.168"' not in got and '"10.77"' not in got, got
