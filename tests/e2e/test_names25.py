"""Full names of two everyday words where the place says a name stands (names25, atk24a F03, F08, F14, F20;
`proxy.nlp.names25`) reach the provider redacted, end to end through the official SDKs: under any person's key in
message text, chat tool-call arguments, Anthropic `tool_use.input` and Responses prompt `variables`; in records, mail
headers written `Surname, Given` and personalised system prompts; and the look-alikes go up as sent."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai, received


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def _sent(guarded: Proxy, mock: Mock, text: str, role: str = "user") -> str:
    messages: Any = [{"role": role, "content": text}] + ([{"role": "user", "content": "hi"}] if role != "user" else [])
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages)
    return str(mock.state.requests[-1].body["messages"][0]["content"])


def test_chat_person_keys_in_message_json_are_redacted(guarded: Proxy, mock: Mock) -> None:
    record = {"customer_name": "Bill White", "customerName": "Hope Young", "patient_name": "Grace Hall",
              "cardholder_name": "Will Long", "requester": "Bill White", "to": "Hope Young", "created_by": "Mark Price",
              "product_name": "Golden Gate"}
    sent = _sent(guarded, mock, "Refund this: " + json.dumps(record))
    assert not re.search(r"White|Young|Hall|Long|Price", sent), sent
    assert '"product_name": "Golden Gate"' in sent, sent


def test_chat_tool_call_arguments_under_person_keys_are_redacted(guarded: Proxy, mock: Mock) -> None:
    args = json.dumps({"customerName": "Bill White", "caller": "Hope Young", "amount": 12})
    messages: Any = [
        {"role": "user", "content": "refund"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "refund", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages)
    sent = mock.state.requests[-1].body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(sent)["amount"] == 12
    assert "White" not in sent and "Young" not in sent and "Bill" not in sent and "Hope" not in sent, sent


def test_anthropic_tool_use_input_under_person_keys_is_redacted(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "refund"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "refund",
                                           "input": {"legal_name": "Bill White", "requester": "Hope Young"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}])
    sent = json.dumps(mock.state.requests[-1].body["messages"][1]["content"][0]["input"])
    assert not re.search(r"Bill|White|Hope|Young", sent), sent


def test_responses_prompt_variables_under_person_keys_are_redacted(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", input="hi", extra_body={
        "prompt": {"id": "pmpt_1", "variables": {"customer_name": "Bill White", "billing_name": "Hope Young"}}})
    sent = received(mock)
    assert not re.search(r"Bill White|Hope Young|White|Young", sent), sent


def test_chat_records_mail_headers_and_system_prompts_are_redacted(guarded: Proxy, mock: Mock) -> None:
    text = ("Copyright (c) 2024 Bill White\n# Author: Hope Young\n"
            "| Name | Role |\n|---|---|\n| Grace Hall | CFO |\n\n"
            "From: White, Bill <bill.white@acme.com>\nTo: Young, Hope; Long, Will")
    sent = _sent(guarded, mock, text)
    assert re.fullmatch(r"Copyright \(c\) 2024 <PERSON_\d>\n# Author: <PERSON_\d>\n"
                        r"\| Name \| Role \|\n\|---\|---\|\n\| <PERSON_\d> \| CFO \|\n\n"
                        r"From: <PERSON_\d>, <PERSON_\d> <<EMAIL_ADDRESS_\d>>\n"
                        r"To: <PERSON_\d>, <PERSON_\d>; <PERSON_\d>, <PERSON_\d>", sent), sent
    system = "The user's name is Bill White.\nUser profile: name=Will Long; plan=pro\nYou are talking to Hope Young."
    sent = _sent(guarded, mock, system, role="system")
    assert not re.search(r"Bill|White|Will|Long|Hope|Young", sent), sent


def test_chat_requests_naming_a_person_are_redacted(guarded: Proxy, mock: Mock) -> None:
    text = "Refund Bill White for the damaged order. Hope Young is on leave this week; send the contract to Will Long."
    sent = _sent(guarded, mock, text)
    assert re.fullmatch(r"Refund <PERSON_\d> for the damaged order\. <PERSON_\d> is on leave this week; send the "
                        r"contract to <PERSON_\d>\.", sent), sent


def test_chat_look_alikes_go_up_as_sent(guarded: Proxy, mock: Mock) -> None:
    text = ('{"product_name": "Golden Gate", "project_name": "Blue Sky"}\nCopyright (c) 2024 Black Duck Software\n'
            "# Author: Red Hat\nFrom: Human Resources <hr@x.com>\nThe user's name is required.\n"
            "I'm Will Power-lifting today.")
    sent = _sent(guarded, mock, text)
    assert re.sub(r"<EMAIL_ADDRESS_\d>", "hr@x.com", sent) == text, sent
