"""Issue 12 ("no side doors", README-only attack) end to end, through the official SDKs and the mock provider:
phone numbers, SSNs, cards and e-mails spread over blank lines, list markers, quotes, doubled separators, line
breaks at an `@` or after a `-`, and single digits after a label. In requests they never reach the provider (a
card is blocked by `CREDIT_CARD: block`) and come back restored as sent; in answers, plain and streamed, they
never reach the client."""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai, received

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN],
        per_entity: {CREDIT_CARD: block}, restore: true}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""

# (as written, digits or words of the value that must not reach the other side)
PHONES_SSNS_EMAILS = [
    ("617\n\n555\n\n0143", ["0143"]),
    ("212\r\n\r\n555\r\n\r\n0132", ["0132"]),
    ("- 617\n- 555\n- 0143", ["0143"]),
    ("1. 536\n2. 90\n3. 4399", ["4399"]),
    ('"212" "555" "0132"', ["0132"]),
    ("'536'-'90'-'4399'", ["4399"]),
    ("617--555--0143", ["0143"]),
    ("536 - - 90 - - 4399", ["4399"]),
    ("617-\n555-\n0143", ["0143"]),
    ("mkowalski\n@contoso.com", ["mkowalski", "contoso"]),
    ("m.kowalski@\n\ncontoso.io", ["kowalski", "contoso"]),
    ("ssn: 5 3 6 9 0 4 3 9 9", ["4 3 9 9", "4399"]),
    ("phone 2-1-2-5-5-5-0-1-3-2", ["0-1-3-2", "0132"]),
]
CARDS = [
    "4111\n\n1111\n\n1111\n\n1111",
    "* 5500\n* 0000\n* 0000\n* 0004",
    "`4111` `1111` `1111` `1111`",
    "5500 -- 0000 -- 0000 -- 0004",
    "4111 - 1111 -- 1111 - 1111",
    "card: 5.5.0.0.0.0.0.0.0.0.0.0.0.0.0.4",
]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def chat(p: Proxy, content: str, stream: bool = False) -> str:
    messages: Any = [{"role": "user", "content": content}]
    if stream:
        chunks = oai(p).chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True)
        return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    r = oai(p).chat.completions.create(model="gpt-4o-mini", messages=messages)
    return r.choices[0].message.content or ""


def messages_api(p: Proxy, content: str, stream: bool = False) -> str:
    messages: Any = [{"role": "user", "content": content}]
    if stream:
        with claude(p).messages.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=messages) as s:
            return "".join(s.text_stream)
    r = claude(p).messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=messages)
    return "".join(b.text for b in r.content if b.type == "text")


SEND = {"chat": chat, "messages": messages_api}
ERROR = {"chat": openai.BadRequestError, "messages": anthropic.BadRequestError}


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize(("written", "parts"), PHONES_SSNS_EMAILS)
def test_spread_values_in_requests_are_redacted_upstream_and_restored_as_sent(
        mock: Mock, guarded: Proxy, api: str, written: str, parts: list[str]) -> None:
    prompt = f"Please keep this on file:\n{written}\nThanks."
    assert SEND[api](guarded, prompt) == f"You said: {prompt}"
    sent = received(mock)
    assert "<PHONE_NUMBER_1>" in sent or "<US_SSN_1>" in sent or "<EMAIL_ADDRESS_1>" in sent
    for part in parts:
        assert part not in sent and json.dumps(part)[1:-1] not in sent, "a spread value reached the provider"


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", CARDS)
def test_spread_cards_are_blocked_by_a_card_block_rule(mock: Mock, guarded: Proxy, api: str, written: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Charge this one:\n{written}\nplease")
    assert "CREDIT_CARD" in json.dumps(exc.value.body)
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize(("written", "parts"), [*PHONES_SSNS_EMAILS,
                                                ("4111\r\n\r\n1111\r\n\r\n1111\r\n\r\n1111", ["1111"]),
                                                ("card: 5.5.0.0.0.0.0.0.0.0.0.0.0.0.0.4", ["0.0.4", "0004"])])
def test_spread_values_in_answers_never_reach_the_client(mock: Mock, guarded: Proxy, api: str, stream: bool,
                                                         written: str, parts: list[str]) -> None:
    mock.script(text=f"Sure. The one on file is\n{written}\nas you asked. Bye.", chunk_chars=3)
    text = SEND[api](guarded, "what is on file?", stream)
    assert "as you asked" in text and "<" in text
    for part in parts:
        assert part not in text, "a spread value in an answer reached the client"


def test_ordinary_lists_of_numbers_reach_the_provider_unchanged(mock: Mock, guarded: Proxy) -> None:
    prompt = ("Batch sizes:\n1. 100\n2. 200\n3. 3000\n\nVersions:\n- 3.11\n- 3.12\n\n"
              'timeouts = ["250", "500", "1000"]; run with --retries 3 -- 10 -- 100; see 2024-01-01 -- 2024-01-31')
    assert chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt
