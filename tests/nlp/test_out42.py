"""out42 (atk42 F07, F11): an answer that ends inside a value. The model's e-mail address cut in its domain
(`@outlook.c`, `@protonm`, a mailbox and `@`) or a card cut before its last digits (13-15 digits of a 16-digit
scheme, grouped or after a card word) at the END of an answer's text is redacted as that type, whole and streamed; a
host login, a package's tag, a whole address, other numbers and anything a text does not end with go as sent. And an
answer's id screened as data (not of an id's shape) is never read joined with the text before it: the text's value
is redacted, the id goes as sent. Values and phrasings are held out: not the report's."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.nlp.out42 import tail_values
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic, openai
from proxy.providers.answers import answer_sweep
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

E = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


CUT = [  # (answer, what must not reach the client, the placeholder's type)
    ("Sure, her personal address is priya.raman@outlook.c", "priya.raman", "EMAIL_ADDRESS"),
    ("You can write to him at t.okafor@protonm", "t.okafor", "EMAIL_ADDRESS"),
    ("The account holder's e-mail is mbeaumont_84@", "mbeaumont_84", "EMAIL_ADDRESS"),
    ("Forward the invoice to Henrik at henrik.aalto@kolmio-consulting.f", "henrik.aalto", "EMAIL_ADDRESS"),
    ("Contact: gwen.li+billing@yahoo.co.u", "gwen.li", "EMAIL_ADDRESS"),
    ("Her backup address, per the CRM, is dana.whitfield@icloud.", "dana.whitfield", "EMAIL_ADDRESS"),
    ("Reach the landlord at r.castellanos@gmail.ne", "r.castellanos", "EMAIL_ADDRESS"),
    ("The Visa on file is 471610899716473", "471610899716473", "CREDIT_CARD"),
    ("Charged to the Mastercard 5425 2334 3010 906", "5425 2334 3010 906", "CREDIT_CARD"),
    ("The card number is 4716-1089-9971-64", "4716-1089-9971-64", "CREDIT_CARD"),
    ("Amex card: 3714 496353 984", "3714 496353 984", "CREDIT_CARD"),
    ("Stored PAN 601111111111111", "601111111111111", "CREDIT_CARD"),
    ("The customer's number is 5555555555554", "5555555555554", "CREDIT_CARD"),
]


@pytest.mark.parametrize("text, value, entity", CUT)
async def test_cut_value_at_an_answers_end(guard: Guard, text: str, value: str, entity: str) -> None:
    whole = await _answered(guard, text)
    assert value not in whole and f"<{entity}_" in whole, whole
    for size in (3, 7):
        streamed = await _streamed(guard, text, size)
        assert value not in streamed and f"<{entity}_" in streamed, (size, streamed)


KEPT = [
    "Then connect with: ssh deploy@bastion",
    "Clone it over SSH: git clone git@github",
    "Pin it: npm i react@latest",
    "Install the CLI with npx create-vite@5",
    "The image is pinned by digest: nginx@sha256",
    "The Kerberos principal is jdoe@CORP",
    "Log in as postgres@localhost",
    "TypeScript types come from @types",
    "The decorator is @app",
    "The order number is 4716108997164731",
    "Order ID 471610899716473",
    "Tracking: 420123456789012",
    "2^42 is 4398046511104",
    "The IMEI is 356938035643809",
    "Epoch milliseconds: 1733560000000",
    "That gives 5425233430109 bytes",
    "ISBN 9780306406157",
    "Ship it to ops@acme-corp.internal",
    "The Visa on file is 471610899716473 (expired).",
    "Use the alias team@ for that\n",
    "The part number is 8400-1123-0045-76",
    "In the form, enter your mailbox as username@",
]


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert tail_values(text, E) == []
    assert await _answered(guard, text) == text


@pytest.mark.parametrize("text", ["Write to the team at support@acme.io.", "Write to the team at support@acme.com"])
async def test_a_whole_address_is_the_recognizers(guard: Guard, text: str) -> None:
    """Not read as a cut one: redacted as ever, the sentence's full stop kept."""
    assert tail_values(text, E) == []
    assert await _answered(guard, text) == "Write to the team at <EMAIL_ADDRESS_1>" + ("." if text[-1] == "." else "")


def test_tail_values_spans() -> None:
    t = "at priya.raman@outlook.c"
    assert tail_values(t, E) == [(3, len(t), "EMAIL_ADDRESS")]
    t = "is dana.whitfield@icloud."
    assert tail_values(t, E) == [(3, len(t) - 1, "EMAIL_ADDRESS")]  # the dot may be the sentence's
    assert tail_values("card 4716108997164", E) == [(5, 18, "CREDIT_CARD")]
    assert tail_values("card 4716108997164", ["EMAIL_ADDRESS"]) == []  # only the rule's types
    assert tail_values("at priya.raman@outlook.c ", E) == []  # a space after it: a window's end, not the answer's


async def test_input_is_not_read_so(guard: Guard) -> None:
    """The rule reads answers: a request's text is the client's own."""
    text = "Draft a reply; the client signs as k.murata@"
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    assert verdict.texts[0] is None


_MOCK_ID = re.compile(r"[a-z]+[_-]mock\d{20}")
_ID_KEYS = ("id", "item_id", "call_id", "tool_use_id", "response_id")


def _ids(value: Any) -> list[str]:
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += [v] if k in _ID_KEYS and isinstance(v, str) else _ids(v)
    elif isinstance(value, list):
        for v in value:
            out += _ids(v)
    return out


def _bodies(text: str) -> list[tuple[str, str, dict[str, Any]]]:
    call = {"id": "call_mock00000000000000000003", "type": "function",
            "function": {"name": "lookup", "arguments": '{"q": "x"}'}}
    return [
        ("openai", "responses", {"id": "resp_mock00000000000000000001", "object": "response", "status": "completed",
                                 "model": "gpt-4o-mini", "output": [
                                     {"id": "msg_mock00000000000000000002", "type": "message", "status": "completed",
                                      "role": "assistant", "content": [{"type": "output_text", "text": text,
                                                                        "annotations": []}]},
                                     {"id": "fc_mock00000000000000000004", "type": "function_call",
                                      "call_id": "call_mock00000000000000000005", "name": "lookup",
                                      "arguments": '{"q": "x"}', "status": "completed"}]}),
        ("openai", "chat", {"id": "chatcmpl-mock00000000000000000006", "object": "chat.completion",
                            "model": "gpt-4o-mini", "choices": [
                                {"index": 0, "finish_reason": "length",
                                 "message": {"role": "assistant", "content": text, "tool_calls": [call]}}]}),
        ("openai", "completions", {"id": "cmpl-mock00000000000000000007", "object": "text_completion",
                                   "model": "gpt-3.5-turbo-instruct",
                                   "choices": [{"index": 0, "text": text, "finish_reason": "length"}]}),
        ("anthropic", "messages", {"id": "msg_mock00000000000000000008", "type": "message", "role": "assistant",
                                   "model": "claude-3-5-haiku-latest", "stop_reason": "max_tokens", "content": [
                                       {"type": "text", "text": text},
                                       {"type": "tool_use", "id": "toolu_mock00000000000000000009", "name": "lookup",
                                        "input": {"q": "x"}}]}),
    ]


ENDINGS = ["You can reach her at priya.raman@outlook.c", "Reply to ops@kestrel-labs.c", "Reply to ops@kestrel.co",
           "Write to t.okafor@protonm", "The Visa on file is 471610899716473", "Ring her on +44 7700 9001"]


@pytest.mark.parametrize("text", ENDINGS)
async def test_every_answer_shape_keeps_its_ids(guard: Guard, text: str) -> None:
    for provider, kind, body in _bodies(text):
        sent = copy.deepcopy(body)
        adapter = openai if provider == "openai" else anthropic
        known = adapter.response_texts(kind, body)
        await screen_answer(guard, policy(input=PII_IN, output=PII_OUT), known + answer_sweep(body, known), None)
        assert _ids(body) == _ids(sent), (kind, body)
        assert all(_MOCK_ID.fullmatch(i) for i in _ids(body)), (kind, body)
        got = str(body)
        assert text.split()[-1] not in got, (kind, got)  # the value the text ends with went redacted
