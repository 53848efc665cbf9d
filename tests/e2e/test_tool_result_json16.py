"""A tool's output whose text is a JSON document is read as one (atk17 L2), end to end with the official SDKs and
what the mock provider RECEIVED: `{"customer": {"user": "jane.doe", "domain": "example.com"}, "area": "617",
"exchange": "555", "line": "0143"}` as a chat `tool` message, an Anthropic `tool_result` (string and text blocks)
or a Responses `function_call_output` went up with `jane.doe`/`example.com` and `617`/`555`/`0143` as sent (the
same object as tool-call arguments was redacted); with the IBAN's two halves, the IBAN block did not fire. The text
goes up as sent, only the values' characters rewritten."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

POLICY = """
name: default
on_error: block
input:
  pii:
    action: redact
    entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]
    restore: true
    per_entity: {IBAN_CODE: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""

DOC = {"customer": {"user": "jane.doe", "domain": "example.com"}, "area": "617", "exchange": "555", "line": "0143"}
PIECES = ["jane.doe", "example.com", '"617"', '"555"', '"0143"']
IBAN_DOC = {"iban1": "DE89 3704 0044", "iban2": "0532 0130 00", "note": "refund"}
PLACEHOLDER = re.compile(r"<(EMAIL_ADDRESS|PHONE_NUMBER)_\d+>")


@pytest.fixture(scope="module")
def results(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _chat(p: Proxy, content: Any) -> None:
    oai(p).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": content}])


def _claude(p: Proxy, content: Any) -> None:
    claude(p).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": content}]}])


def _responses(p: Proxy, output: Any) -> None:
    oai(p).responses.create(model="gpt-4o-mini", input=[  # type: ignore[list-item]
        {"role": "user", "content": "look it up"},
        {"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "call_1", "output": output}])


def _sent(route: str, p: Proxy, mock: Mock, text: str) -> str:
    """Send `text` as the tool's output by `route`; what the provider received of it."""
    if route == "chat":
        _chat(p, text)
        return mock.last_body["messages"][2]["content"]  # type: ignore[no-any-return]
    if route == "chat text part":
        _chat(p, [{"type": "text", "text": text}])
        return mock.last_body["messages"][2]["content"][0]["text"]  # type: ignore[no-any-return]
    if route == "anthropic":
        _claude(p, text)
        return mock.last_body["messages"][2]["content"][0]["content"]  # type: ignore[no-any-return]
    if route == "anthropic text block":
        _claude(p, [{"type": "text", "text": text}])
        return mock.last_body["messages"][2]["content"][0]["content"][0]["text"]  # type: ignore[no-any-return]
    _responses(p, text)
    return mock.last_body["input"][2]["output"]  # type: ignore[no-any-return]


ROUTES = ["chat", "chat text part", "anthropic", "anthropic text block", "responses"]


def _findings(p: Proxy) -> dict[str, int]:
    rec = p.records()[-1]
    found = [c for c in rec["checks"] if c.get("phase") == "input" and c.get("check") == "pii"]
    assert len(found) == 1, rec["checks"]
    return found[0]["findings"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("route", ROUTES)
def test_values_split_over_fields_of_a_json_tool_output_do_not_go_up(results: Proxy, mock: Mock, route: str,
                                                                     indent: int | None) -> None:
    text = json.dumps(DOC, indent=indent)
    sent = _sent(route, results, mock, text)
    assert not [p for p in PIECES if p in sent], sent
    doc = json.loads(sent)
    assert json.dumps(doc, indent=indent) == sent, sent  # the layout as sent
    assert list(doc) == list(DOC) and list(doc["customer"]) == ["user", "domain"], doc
    assert all(PLACEHOLDER.fullmatch(v) for v in [*doc["customer"].values(), doc["area"], doc["exchange"],
                                                   doc["line"]]), doc
    assert _findings(results) == {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1}  # each value split over fields: once


@pytest.mark.parametrize("route", ["chat", "anthropic", "anthropic text block", "responses"])
def test_an_iban_split_over_two_fields_of_a_json_tool_output_is_blocked(results: Proxy, mock: Mock,
                                                                        route: str) -> None:
    before = len(mock.state.requests)
    with pytest.raises(Exception) as caught:
        _sent(route, results, mock, json.dumps(IBAN_DOC))
    assert getattr(caught.value, "status_code", None) == 400, caught.value
    assert len(mock.state.requests) == before  # nothing went up
    rec = results.records()[-1]
    assert rec["decision"] == "block", rec


@pytest.mark.parametrize("route", ["chat", "anthropic", "responses"])
def test_pii_free_json_tool_output_goes_up_as_sent(results: Proxy, mock: Mock, route: str) -> None:
    text = json.dumps({"rows": [{"sku": "AB-1234", "qty": 3, "price": 19.99}], "page": 2, "total": 4521,
                       "from": "2024-06-04", "to": "2025-04-01", "lang": "en"})
    assert _sent(route, results, mock, text) == text


# Tool-call arguments (tooljoin15's leftover; the record's count): a language code under a language key stays as sent,
# a value split over three arguments counts once.
@pytest.mark.parametrize(("args", "sent", "findings"), [
    ({"lang": "ja", "email": "li.wei@example.com"}, {"lang": "ja", "email": "<EMAIL_ADDRESS_1>"}, {"EMAIL_ADDRESS": 1}),
    ({"area": "617", "exchange": "555", "line": "0143"}, None, {"PHONE_NUMBER": 1}),
    ({"user": "jane.doe", "domain": "example.com"}, None, {"EMAIL_ADDRESS": 1}),
])
@pytest.mark.parametrize("route", ["chat", "anthropic", "responses"])
def test_tool_call_arguments(results: Proxy, mock: Mock, route: str, args: dict[str, Any],
                             sent: dict[str, Any] | None, findings: dict[str, int]) -> None:
    if route == "chat":
        oai(results).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
            {"role": "user", "content": "look it up"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": json.dumps(args)}}]}])
        got = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    elif route == "anthropic":
        claude(results).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
            {"role": "user", "content": "look it up"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": args}]}])
        got = mock.last_body["messages"][1]["content"][0]["input"]
    else:
        oai(results).responses.create(model="gpt-4o-mini", input=[  # type: ignore[list-item]
            {"role": "user", "content": "look it up"},
            {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": json.dumps(args)}])
        got = json.loads(mock.last_body["input"][1]["arguments"])
    if sent is not None:
        assert got == sent, got
    assert all(PLACEHOLDER.fullmatch(v) for k, v in got.items() if sent is None or k != "lang"), got
    assert _findings(results) == findings
