"""fp46: a placeholder put into a text read as JSON gets quotes of its own only where the redacted number stands as a
JSON value. Python-style tool-call arguments (`{'phone': '617-555-0143'}`), keyword arguments, SQL tuples and YAML
values keep the quotes they have and get the bare placeholder (the value was corrupted to `'"<PHONE_NUMBER_1>"'`);
JSON numbers still become JSON strings."""

from __future__ import annotations

import json

import pytest

from proxy.guard.checks.base import Finding
from proxy.guard.fp46 import json_quoted
from proxy.guard.rewrite import apply_findings
from proxy.guard.vault import Vault


def _redacted(text: str, values: list[str], kind: str = "PHONE_NUMBER", inside: bool = False) -> str:
    found, pos = [], 0
    for value in values:
        at = text.index(value, pos)
        found.append(Finding("pii", kind, "redact", at, at + len(value)))
        pos = at + len(value)
    return apply_findings(text, found, Vault(), in_json=True, json_inside=inside)


@pytest.mark.parametrize(("text", "values", "out"), [
    ("{'phone': '617-555-0143'}", ["617-555-0143"], "{'phone': '<PHONE_NUMBER_1>'}"),
    ("save(phone='617-555-0143')", ["617-555-0143"], "save(phone='<PHONE_NUMBER_1>')"),
    ("phone: 617-555-0143", ["617-555-0143"], "phone: <PHONE_NUMBER_1>"),
    ("{phone: 617-555-0143}", ["617-555-0143"], "{phone: <PHONE_NUMBER_1>}"),
    ("INSERT INTO phones (area, exchange, line) VALUES (617, 555, '0143');", ["617", "555", "0143"],
     "INSERT INTO phones (area, exchange, line) VALUES (<PHONE_NUMBER_1>, <PHONE_NUMBER_2>, '<PHONE_NUMBER_3>');"),
])
def test_bare_placeholder_in_a_text_that_is_not_json(text: str, values: list[str], out: str) -> None:
    assert _redacted(text, values) == out


@pytest.mark.parametrize(("text", "values", "out"), [
    ('{"created": 4111111111111111}', ["4111111111111111"], '{"created": "<CREDIT_CARD_1>"}'),
    ('{"phone": 617-555-0143}', ["617-555-0143"], '{"phone": "<CREDIT_CARD_1>"}'),
    ('[617, 555, "0143"]', ["617", "555"], '["<CREDIT_CARD_1>", "<CREDIT_CARD_2>", "0143"]'),
    ('{"a": [1, 4111111111111111]}', ["4111111111111111"], '{"a": [1, "<CREDIT_CARD_1>"]}'),
    ("{'card': [4111, 1111, 1111, 1111]}", ["4111, 1111, 1111, 1111"], "{'card': [\"<CREDIT_CARD_1>\"]}"),
])
def test_json_numbers_still_become_strings(text: str, values: list[str], out: str) -> None:
    new = _redacted(text, values, "CREDIT_CARD")
    assert new == out
    if '"' in text and '617-' not in text:
        json.loads(new)  # a JSON document stays one


def test_a_streamed_fragment_of_json() -> None:
    text = 'ted": 4111111111111111, "model": "x'
    assert _redacted(text, ["4111111111111111"], "CREDIT_CARD", inside=True) == 'ted": "<CREDIT_CARD_1>", "model": "x'


def test_json_quoted_positions() -> None:
    text = "{'a': 1, \"b\": 2, \"c\": (3), \"d\": [4, 5]}"
    spans = [(text.index(d), text.index(d) + 1) for d in "12345"]
    assert json_quoted(text, spans, {0, 1, 2, 3, 4}) == {1, 3, 4}


# ------------------------------------------------------------------------------------------ `event: message`

def test_event_message_on_an_openai_stream_is_no_name() -> None:
    from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES
    from proxy.providers.sse import SSEEvent
    from proxy.stream.sse46 import unnamed_message

    ev = SSEEvent(b'event: message\ndata: {"a": 1}\n\n')
    for kind in (CHAT, COMPLETIONS, RESPONSES):
        plain = unnamed_message(kind, ev)
        assert plain.event is None and plain.json() == {"a": 1}
    assert unnamed_message(MESSAGES, ev) is ev  # Anthropic's SDK dispatches on the name: read as before
    other = SSEEvent(b'event: delta\ndata: {"a": 1}\n\n')
    assert unnamed_message(CHAT, other) is other  # any other name still fails closed
    crlf = SSEEvent(b'event:message\r\nid: 7\r\ndata: {"a": 1}\r\n\r\n')
    assert unnamed_message(CHAT, crlf).event is None and unnamed_message(CHAT, crlf).json() == {"a": 1}


# ------------------------------------------------------------------------------------------ numbers keep their type

def test_a_numeric_field_holding_a_value_becomes_zero() -> None:
    from proxy.providers.answers import answer_sweep

    body = {"id": "x", "object": "chat.completion", "created": 4111111111111111, "model": "m", "choices": [],
            "usage": {"total_tokens": 6175550143.0}, "extra": 4111111111111111}
    slots = {s.key: s for s in answer_sweep(body, []) if getattr(s, "mode", "") == "number"}
    for key in ("created", "total_tokens", "extra"):
        slots[key].set("<CREDIT_CARD_1>")
    assert body["created"] == 0 and type(body["created"]) is int
    assert body["usage"]["total_tokens"] == 0.0 and type(body["usage"]["total_tokens"]) is float  # type: ignore[index]
    assert body["extra"] == "<CREDIT_CARD_1>"  # an unknown field: its placeholder, as before
