"""fields24 end to end through the official SDKs: values in structured fields reach the provider redacted (a name split
over `first`/`last` keys in tool-call arguments, an Anthropic tool_use input and `metadata`; `SURNAME, GIVEN M` in
capitals; a phone number as an array of its groups; a name written with `\\u` escapes in JSON text; a phone number
after `# ` or `No.`), and their PII-free look-alikes (ranges, dates, version arrays, build numbers) as sent."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def _gone(text: str, *words: str) -> bool:
    return not any(re.search(r"(?<![\w\\])" + re.escape(w) + r"(?!\w)", text) for w in words)


def test_openai_split_names_phone_arrays_and_escapes_go_redacted(guarded: Proxy, mock: Mock) -> None:
    args = {"customers": [{"first": "Bill", "last": "White"}, {"first": "Grace", "last": "Hall"}],
            "contact": "phone", "number": [617, 555, 143], "range": {"first": 1, "last": 10},
            "version": [3, 11, 4]}
    text = ('Name: WHITE, BILL R\n# 818-629-8896\nNo. 212-629-8896\nBuild # 1234-5678-9012\n'
            'Row: {"name": "\\u0042ill \\u0057hite", "fname": "Bj\\u00f6rn", "lname": "Ib\\u00e1\\u00f1ez"}')
    oai(guarded).chat.completions.create(model="gpt-4o-mini", metadata={"first": "Grace", "last": "Hall"},
                                         messages=[
        {"role": "user", "content": text},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "update", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": json.dumps({"phone": [[617, 555], [143]]})}])
    body = mock.last_body
    sent, tool = body["messages"][0]["content"], body["messages"][2]["content"]
    arguments = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert _gone(json.dumps(arguments["customers"]), "Bill", "White", "Grace", "Hall"), arguments
    assert all(v.startswith("<PHONE_NUMBER_") for v in arguments["number"]), arguments
    assert arguments["range"] == {"first": 1, "last": 10} and arguments["version"] == [3, 11, 4], arguments
    assert _gone(json.dumps(body["metadata"]), "Grace", "Hall"), body["metadata"]
    assert _gone(sent, "WHITE", "BILL", "818", "8896", "212", "\\u0042ill", "\\u0057hite", "Bj\\u00f6rn",
                 "Ib\\u00e1\\u00f1ez"), sent
    assert "Build # 1234-5678-9012" in sent, sent
    assert _gone(tool, "617", "555", "143"), tool


def test_anthropic_tool_use_input_split_name_and_phone_groups_go_redacted(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "update", "input": {
            "customer": {"name": {"first": "Bill", "last": "White"}}, "type": "mobile", "value": [617, 555, 143],
            "dates": {"first": "2024-01-01", "last": "2024-12-31"}, "ports": [8080, 8443]}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}])
    sent = mock.last_body["messages"][1]["content"][0]["input"]
    assert _gone(json.dumps(sent["customer"]), "Bill", "White"), sent
    assert all(v.startswith("<PHONE_NUMBER_") for v in sent["value"]), sent
    assert sent["dates"] == {"first": "2024-01-01", "last": "2024-12-31"} and sent["ports"] == [8080, 8443], sent
