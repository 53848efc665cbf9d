"""atk12 tester B H3 (HIGH) and FP-5 end to end: what the provider RECEIVED.

- A tool result written as compact JSON (`JSON.stringify`) in Chat `role: tool` content, a Responses
  `function_call_output` and an Anthropic `tool_result`, and compact JSON nested in tool-call arguments: names went up
  whole or in part, keyed phone numbers and SSNs unchanged, and a placeholder swallowed the records after a name
  (`[{"id":1,"name":"Ethan <PERSON_1>"}]`). Now every name is replaced and the JSON around it goes up as sent.
- CSV, XML, `key=value;` and `@mention` text in a user message: names left whole or in part.
- FP-5: a PII-free CSV table (cities, colours, products) goes up unchanged.
Other names and values than the report's.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import post_team

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]}
"""

RECORDS = [{"id": 1, "name": "Hannah Becker", "tier": "gold"}, {"id": 2, "name": "Jonas Weber", "tier": "silver"}]
SECRETS = ("Hannah", "Becker", "Jonas", "Weber", "4155550176", "387452211")
TOOL_RESULT = json.dumps({"customers": RECORDS, "contact": {"mobile": "4155550176", "ssn": "387452211"}},
                         separators=(",", ":"))


@pytest.fixture(scope="module")
def structured(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": POLICY})


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return post_team(p, path, body, version=True, timeout=60)


ROUTES = {
    "chat tool message": ("/v1/chat/completions", lambda t: {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "look up"},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                              "function": {"name": "crm", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": t}]}, lambda b: b["messages"][2]["content"]),
    "responses function_call_output": ("/v1/responses", lambda t: {"model": "gpt-4o-mini", "input": [
        {"type": "function_call", "call_id": "call_1", "name": "crm", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "call_1", "output": t}]}, lambda b: b["input"][1]["output"]),
    "anthropic tool_result": ("/v1/messages", lambda t: {"model": "claude-3-5-haiku-latest", "max_tokens": 5,
                                                         "messages": [
        {"role": "user", "content": "look up"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "crm", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": t}]}]},
                              lambda b: b["messages"][2]["content"][0]["content"]),
    "chat tool-call arguments": ("/v1/chat/completions", lambda t: {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "save it"},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {
            "name": "save", "arguments": json.dumps({"payload": t})}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "ok"}]},
                                 lambda b: json.loads(b["messages"][1]["tool_calls"][0]["function"]["arguments"])[
                                     "payload"]),
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_compact_json_tool_result_goes_up_without_its_names_and_keyed_values(structured: Proxy, mock: Mock,
                                                                                 route: str) -> None:
    path, build, pick = ROUTES[route]
    r = _post(structured, path, build(TOOL_RESULT))
    assert r.status_code == 200, r.text
    sent = pick(mock.last_body)
    assert [s for s in SECRETS if s in sent] == []
    doc = json.loads(sent)  # still the JSON it was: every record and key, placeholders in the values only
    assert [c["id"] for c in doc["customers"]] == [1, 2]
    assert [c["tier"] for c in doc["customers"]] == ["gold", "silver"]
    assert all(c["name"].startswith("<PERSON_") and c["name"].endswith(">") for c in doc["customers"])
    assert set(doc["contact"]) == {"mobile", "ssn"}


@pytest.mark.parametrize(("text", "names"), [
    ("id,name,city\n7,Chloe Dubois,Lyon", ["Chloe", "Dubois"]),
    ('"id","name"\n"7","Lukas Hoffmann"', ["Lukas", "Hoffmann"]),
    ("<owner>Sofia Rossi</owner>", ["Sofia", "Rossi"]),
    ("name=Olivia Bennett;dept=Ops", ["Olivia", "Bennett"]),
    ("@Ethan Walker can you check this?", ["Ethan", "Walker"]),
    ("status|Hannah Becker|open", ["Hannah", "Becker"]),
])
def test_names_in_structured_text_go_up_replaced(structured: Proxy, mock: Mock, text: str, names: list[str]) -> None:
    r = _post(structured, "/v1/chat/completions",
              {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    assert r.status_code == 200, r.text
    sent = mock.last_body["messages"][0]["content"]
    assert [n for n in names if n in sent] == []
    assert "<PERSON_1>" in sent


@pytest.mark.parametrize("text", [
    "sku,product,city\n1,Lamp,Munich\n2,Chair,Lyon",
    "route,origin,destination\nR7,Denver,Austin\nR8,Seattle,Boston",
    "product,color,size\nScarf,Red,S\nCoat,Olive,XL",
])
def test_a_pii_free_table_goes_up_unchanged(structured: Proxy, mock: Mock, text: str) -> None:
    r = _post(structured, "/v1/chat/completions",
              {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    assert r.status_code == 200, r.text
    assert mock.last_body["messages"][0]["content"] == text
