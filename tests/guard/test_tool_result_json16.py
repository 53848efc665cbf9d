"""A tool's output whose text is a JSON document is read as one, as tool-call arguments are (atk17 L2,
`proxy.guard.phases.json_texts`): its values with each other and with their keys, besides its reading as prose.
`{"customer": {"user": "jane.doe", "domain": "example.com"}, "iban1": "DE89 3704 0044", "iban2": "0532 0130 00",
"area": "617", "exchange": "555", "line": "0143"}` as a chat `tool` message, an Anthropic `tool_result` or a
Responses `function_call_output` went up with `jane.doe`/`example.com`, `617`/`555`/`0143` and the IBAN's first half
as sent. What goes up is the text as sent, only the values' characters rewritten (still valid JSON, its layout
kept)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from proxy.guard.engine import Guard, InputVerdict
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IBAN_CODE", "IP_ADDRESS"], "restore": True}}
BLOCK_IBAN = {"pii": {**PII["pii"], "per_entity": {"IBAN_CODE": "block"}}}
CODENAMES = {"patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}

DOC = {"customer": {"user": "jane.doe", "domain": "example.com"}, "iban1": "DE89 3704 0044", "iban2": "0532 0130 00",
       "area": "617", "exchange": "555", "line": "0143"}
PIECES = ["jane.doe", "example.com", "DE89", "3704", "0044", "0532", "0130", '"617"', '"555"', '"0143"']
PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")


def _chat(text: str) -> tuple[dict[str, Any], Callable[[dict[str, Any]], str]]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": text}]}, lambda b: b["messages"][2]["content"]


def _chat_part(text: str) -> tuple[dict[str, Any], Callable[[dict[str, Any]], str]]:
    body, _ = _chat(text)
    body["messages"][2]["content"] = [{"type": "text", "text": text}]
    return body, lambda b: b["messages"][2]["content"][0]["text"]


def _claude(text: str) -> tuple[dict[str, Any], Callable[[dict[str, Any]], str]]:
    return {"model": "m", "max_tokens": 10, "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": text}]}]}, \
        lambda b: b["messages"][2]["content"][0]["content"]


def _claude_block(text: str) -> tuple[dict[str, Any], Callable[[dict[str, Any]], str]]:
    body, _ = _claude(text)
    body["messages"][2]["content"][0]["content"] = [{"type": "text", "text": text}]
    return body, lambda b: b["messages"][2]["content"][0]["content"][0]["text"]


def _claude_mcp(text: str) -> tuple[dict[str, Any], Callable[[dict[str, Any]], str]]:
    body, _ = _claude_block(text)
    body["messages"][2]["content"][0]["type"] = "mcp_tool_result"
    return body, lambda b: b["messages"][2]["content"][0]["content"][0]["text"]


def _responses(text: str, item: str = "function_call_output") -> tuple[dict[str, Any],
                                                                       Callable[[dict[str, Any]], str]]:
    return {"model": "m", "input": [
        {"role": "user", "content": "look it up"},
        {"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": "{}"},
        {"type": item, "call_id": "call_1", "output": text}]}, lambda b: b["input"][2]["output"]


def _responses_part(text: str) -> tuple[dict[str, Any], Callable[[dict[str, Any]], str]]:
    body, _ = _responses(text)
    body["input"][2]["output"] = [{"type": "input_text", "text": text}]
    return body, lambda b: b["input"][2]["output"][0]["text"]


def _responses_mcp(text: str) -> tuple[dict[str, Any], Callable[[dict[str, Any]], str]]:
    return {"model": "m", "input": [
        {"role": "user", "content": "look it up"},
        {"type": "mcp_call", "id": "mcp_1", "server_label": "crm", "name": "lookup", "arguments": "{}",
         "output": text}]}, lambda b: b["input"][1]["output"]


ROUTES: dict[str, tuple[str, Callable[[str], tuple[dict[str, Any], Callable[[dict[str, Any]], str]]]]] = {
    "chat": ("chat", _chat),
    "chat text part": ("chat", _chat_part),
    "anthropic string": ("messages", _claude),
    "anthropic text block": ("messages", _claude_block),
    "anthropic mcp_tool_result": ("messages", _claude_mcp),
    "responses function_call_output": ("responses", _responses),
    "responses input_text part": ("responses", _responses_part),
    "responses custom_tool_call_output": ("responses", lambda t: _responses(t, "custom_tool_call_output")),
    "responses mcp_call output": ("responses", _responses_mcp),
    "responses local_shell_call_output": ("responses", lambda t: _responses(t, "local_shell_call_output")),
    "responses apply_patch_call_output": ("responses", lambda t: _responses(t, "apply_patch_call_output")),
}


async def _sent(guard: Guard, route: str, text: str, rules: dict[str, Any] | None = None) -> tuple[str, InputVerdict]:
    """The tool's output as it goes up, and the verdict."""
    kind, make = ROUTES[route]
    body, get = make(text)
    adapter = anthropic if kind == "messages" else openai
    verdict = await screen_request(guard, policy(input=rules or PII), adapter.request_texts(kind, body))
    return get(body), verdict


def _same_layout(sent: str, original: str, indent: int | None) -> None:
    """`sent` is `original` with only string values rewritten, to or with placeholders (keys, layout and the other
    values as sent)."""
    doc = json.loads(sent)
    assert json.dumps(doc, indent=indent) == sent, sent  # the layout as sent (the same separators, no re-encoding)
    before = json.loads(original)

    def walk(a: Any, b: Any) -> None:
        if isinstance(b, dict):
            assert isinstance(a, dict) and list(a) == list(b), (a, b)
            for k in b:
                walk(a[k], b[k])
        elif isinstance(b, list):
            assert isinstance(a, list) and len(a) == len(b), (a, b)
            for x, y in zip(a, b, strict=True):
                walk(x, y)
        else:
            assert a == b or (isinstance(a, str) and PLACEHOLDER.search(a)), (a, b)

    walk(doc, before)


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("route", list(ROUTES))
async def test_a_json_tool_output_goes_up_without_a_piece_of_its_split_values(guard: Guard, route: str,
                                                                            indent: int | None) -> None:
    text = json.dumps(DOC, indent=indent)
    sent, verdict = await _sent(guard, route, text)
    assert verdict.decision == "redact", verdict.records
    assert not [p for p in PIECES if p in sent], sent
    _same_layout(sent, text, indent)
    doc = json.loads(sent)
    assert doc["customer"]["user"].startswith("<EMAIL_ADDRESS_") and doc["customer"]["domain"].startswith("<EMAIL_")
    assert doc["iban1"].startswith("<IBAN_CODE_") and doc["iban2"].startswith("<IBAN_CODE_"), doc
    assert all(doc[k].startswith("<PHONE_NUMBER_") for k in ("area", "exchange", "line")), doc


@pytest.mark.parametrize("route", ["chat", "anthropic string", "responses function_call_output"])
async def test_an_iban_split_over_two_fields_of_a_tool_output_is_one_iban(guard: Guard, route: str) -> None:
    """The IBAN's second half alone reads as a phone number: read with the first, it is an IBAN, and
    `per_entity: {IBAN_CODE: block}` blocks the request."""
    _, verdict = await _sent(guard, route, json.dumps(DOC), BLOCK_IBAN)
    assert verdict.blocked and verdict.block_check == "pii", verdict.records


@pytest.mark.parametrize("route", ["chat", "anthropic text block", "responses function_call_output"])
async def test_a_codename_split_over_two_fields_of_a_tool_output_blocks(guard: Guard, route: str) -> None:
    _, verdict = await _sent(guard, route, json.dumps({"a": "project", "b": "falcon"}), {**PII, **CODENAMES})
    assert verdict.blocked and verdict.block_check == "patterns", verdict.records


@pytest.mark.parametrize("route", ["chat", "anthropic string", "responses function_call_output"])
async def test_bare_numbers_split_over_fields_become_json_strings(guard: Guard, route: str) -> None:
    text = '{"phone": {"area": 617, "exchange": 555, "line": "0143"}, "n": 3}'
    sent, _ = await _sent(guard, route, text)
    doc = json.loads(sent)
    assert all(PLACEHOLDER.fullmatch(v) for v in doc["phone"].values()), sent
    assert doc["n"] == 3 and sent.endswith(', "n": 3}'), sent


@pytest.mark.parametrize("route", ["chat", "anthropic string", "responses function_call_output"])
async def test_what_the_prose_reading_finds_is_still_found(guard: Guard, route: str) -> None:
    text = json.dumps({"ticket": "T-1001", "note": "call Jane Roe at jane.roe@example.com or 617-555-0143",
                       "rows": [{"ip": "10.1.2.3"}]})
    sent, _ = await _sent(guard, route, text)
    for value in ("Jane Roe", "jane.roe", "617-555-0143", "10.1.2.3"):
        assert value not in sent, sent
    assert '"ticket": "T-1001"' in sent, sent
    _same_layout(sent, text, None)


@pytest.mark.parametrize("route", ["chat", "responses function_call_output"])
async def test_escapes_in_a_json_tool_output_stay_as_sent(guard: Guard, route: str) -> None:
    text = json.dumps({"city": "São Paulo \"centro\"", "user": "jane.doe", "domain": "example.com", "n": "x\ny"})
    sent, verdict = await _sent(guard, route, text)
    assert "jane.doe" not in sent and "example.com" not in sent, sent
    assert sent.startswith('{"city": "S\\u00e3o Paulo \\"centro\\"", "user": "<EMAIL_ADDRESS_'), sent
    assert sent.endswith('"n": "x\\ny"}'), sent
    doc = json.loads(sent)
    assert [verdict.vault.original(doc[k]) for k in ("user", "domain")] == ["jane.doe", "example.com"], sent


@pytest.mark.parametrize("text", [
    '{"note": "call 617-555-0143", broken',
    "[617-555-0143]",
])
async def test_a_tool_output_that_is_no_json_document_is_read_as_prose(guard: Guard, text: str) -> None:
    sent, _ = await _sent(guard, "chat", text)
    assert "<PHONE_NUMBER_1>" in sent, sent


async def test_a_json_document_inside_prose_is_read_as_json(guard: Guard) -> None:
    """Was: `{"a": "617", "b": "555", "c": "0143"} and more` went as sent (the output is no JSON document, and
    values of no document were not read together). json46 (atk45 F03) reads a JSON document written inside prose
    as JSON, as the README promises: its values are read together and each part redacted."""
    sent, _ = await _sent(guard, "chat", '{"a": "617", "b": "555", "c": "0143"} and more')
    assert '"617"' not in sent and '"0143"' not in sent and "<PHONE_NUMBER_" in sent, sent
    assert sent.endswith(" and more"), sent


# PII-free JSON a tool returns: nothing changes.
CLEAN = [
    {"lat": 48.8566, "lon": 2.3522, "zoom": 12},
    {"from": "2024-06-04", "to": "2025-04-01", "count": 17},
    {"ids": [10432, 99812, 4411, 5123]},
    {"page": 3, "per_page": 50, "offset": 100, "total": 4521},
    {"rows": [{"sku": "AB-1234", "qty": 3, "price": 19.99}, {"sku": "AB-7781", "qty": 1, "price": 5.5}]},
    {"version": "2.14.3", "port": 8443, "retries": 3, "status": "ok"},
    {"lang": "en", "title": "Quarterly numbers", "owner_team": "platform"},
    [{"x": 120, "y": 640, "width": 300, "height": 200}],
]


@pytest.mark.parametrize("doc", CLEAN)
@pytest.mark.parametrize("route", ["chat", "anthropic string", "responses function_call_output"])
async def test_pii_free_json_tool_output_goes_up_unchanged(guard: Guard, route: str, doc: Any) -> None:
    text = json.dumps(doc)
    sent, verdict = await _sent(guard, route, text)
    assert sent == text and verdict.decision == "allow", (sent, verdict.records)


# Values cut anywhere: read joined directly too, as tool-call arguments' values are (`json_value_joints`).
CUTS = [
    ({"a": "mail jane.d", "b": "oe@example.com now"}, ["jane.d", "oe@"]),
    ({"a": "call 617-55", "b": "5-0143 today"}, ["617", "0143"]),
    ({"note": "card 4111 1111 11", "more": "11 1111 thanks"}, ["4111", "1111"]),
    ({"rows": [{"v": "ssn 536-9"}, {"v": "0-4399"}]}, ["536", "4399"]),
]


@pytest.mark.parametrize(("doc", "pieces"), CUTS)
@pytest.mark.parametrize("route", ["chat", "anthropic text block", "responses function_call_output"])
async def test_a_value_cut_anywhere_between_two_fields_of_a_tool_output_goes_up_as_placeholders(
        guard: Guard, route: str, doc: Any, pieces: list[str]) -> None:
    text = json.dumps(doc, indent=1)
    sent, _ = await _sent(guard, route, text)
    assert not [p for p in pieces if p in sent], sent
    _same_layout(sent, text, 1)


@pytest.mark.parametrize("route", ["chat", "anthropic string", "responses function_call_output"])
async def test_a_codename_cut_inside_a_word_between_two_fields_blocks(guard: Guard, route: str) -> None:
    _, verdict = await _sent(guard, route, json.dumps({"a": "the proj", "b": "ect falcon plan"}), {**PII, **CODENAMES})
    assert verdict.blocked and verdict.block_check == "patterns", verdict.records


# A value whole in one field is not extended by its neighbour's id, code or small number (`field_neighbour`), as in
# tool-call arguments: the neighbour goes up as sent, the value as one placeholder.
@pytest.mark.parametrize(("doc", "kept", "key", "entity"), [
    ({"card": "4111111111111111", "id": "42"}, "id", "card", "CREDIT_CARD"),
    ({"card": "5555555555554444", "qty": "3"}, "qty", "card", "CREDIT_CARD"),
    ({"ticket": "T-1001", "to": "jane.roe@gmail.com"}, "ticket", "to", "EMAIL_ADDRESS"),
    ({"lang": "ja", "email": "li.wei@example.com"}, "lang", "email", "EMAIL_ADDRESS"),
    ({"n": "5", "phone": "212-555-0199"}, "n", "phone", "PHONE_NUMBER"),
])
@pytest.mark.parametrize("route", ["chat", "anthropic string", "responses function_call_output"])
async def test_a_neighbouring_field_of_a_tool_output_is_left_as_sent(guard: Guard, route: str, doc: Any, kept: str,
                                                                    key: str, entity: str) -> None:
    sent, _ = await _sent(guard, route, json.dumps(doc))
    assert json.loads(sent) == {**doc, key: f"<{entity}_1>"}, sent
