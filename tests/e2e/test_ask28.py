"""ask28 end to end through the official openai and anthropic SDKs (atk26 F6): a tool call's arguments give its
result its meaning. The model asks the user through `ask_user {"question": ...}` and the app returns the typed answer;
a generic tool names the field (`get_customer_field {"field": "ssn"}`) or runs SQL (`SELECT full_name, phone ...`);
a tool's name says it in other words (`get_tax_id`, `get_beneficiary`). The values reach the provider redacted, in
chat, Anthropic and Responses requests and through `previous_response_id` (whole and streamed answers). Look-alikes
(`Which order number?`, `SELECT count(*)`, `whoami` -> `deploy-bot`) reach it as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard import prev26
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai

SSN, PHONE = "536904399", "6175550143"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()


CALLS = [  # (tool, arguments, result, what must not go up; None: the result goes as sent)
    ("ask_user", {"question": "What is your social security number?"}, SSN, [SSN]),
    ("ask_human", {"prompt": "What is your phone number?"}, PHONE, [PHONE]),
    ("request_user_input", {"question": "What is your full name?"}, "Hope Young", ["Young"]),
    ("get_customer_field", {"customer_id": 7, "field": "ssn"}, SSN, [SSN]),
    ("run_sql", {"query": "SELECT full_name, phone FROM customers WHERE id = 7"},
     '{"rows": [["Hope Young", "6175550143"]]}', ["Young", PHONE]),
    ("get_tax_id", {}, SSN, [SSN]),
    ("get_beneficiary", {}, "Hope Young", ["Young"]),
    ("ask_user", {"question": "Which order number?"}, "4567890123", None),
    ("run_sql", {"query": "SELECT count(*) FROM customers"}, "42", None),
    ("whoami", {}, "deploy-bot", None),
]


def _check(sent: str, result: str, gone: list[str] | None) -> None:
    if gone is None:
        assert sent == result
    else:
        assert [g for g in gone if g in sent] == [] and "<" in sent, sent


def test_chat_tool_results(guarded: Proxy, mock: Mock) -> None:
    for n, (name, args, result, gone) in enumerate(CALLS):
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
            {"role": "user", "content": "Open an account for me."},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}]},
            {"role": "tool", "tool_call_id": f"call_{n}", "content": result}])
        _check(mock.last_body["messages"][2]["content"], result, gone)


def test_anthropic_tool_results(guarded: Proxy, mock: Mock) -> None:
    for n, (name, args, result, gone) in enumerate(CALLS):
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[  # type: ignore[misc]
            {"role": "user", "content": "Open an account for me."},
            {"role": "assistant", "content": [{"type": "tool_use", "id": f"toolu_{n}", "name": name, "input": args}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": f"toolu_{n}", "content": result}]}])
        _check(mock.last_body["messages"][2]["content"][0]["content"], result, gone)


def test_responses_inline(guarded: Proxy, mock: Mock) -> None:
    for n, (name, args, result, gone) in enumerate(CALLS):
        oai(guarded).responses.create(model="gpt-4o-mini", input=[  # type: ignore[arg-type]
            {"role": "user", "content": "Open an account for me."},
            {"type": "function_call", "call_id": f"call_{n}", "name": name, "arguments": json.dumps(args)},
            {"type": "function_call_output", "call_id": f"call_{n}", "output": result}])
        _check(mock.last_body["input"][-1]["output"], result, gone)


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(("question", "value", "gone"), [
    ("What is your social security number?", SSN, [SSN]), ("What is your phone number?", PHONE, [PHONE]),
    ("What is your full name?", "Hope Young", ["Young"]), ("Which order number?", "4567890123", None)])
def test_responses_previous_response_id(guarded: Proxy, mock: Mock, streamed: bool, question: str, value: str,
                                        gone: list[str] | None) -> None:
    client = oai(guarded)
    mock.script(tool_calls=[{"name": "ask_user", "arguments": {"question": question}}])
    if streamed:
        done: list[Any] = [e.response for e in client.responses.create(
            model="gpt-4o-mini", input="Open an account for me.", stream=True) if e.type == "response.completed"]
        r1 = done[0]
    else:
        r1 = client.responses.create(model="gpt-4o-mini", input="Open an account for me.")
    call_id = next(o.call_id for o in r1.output if o.type == "function_call")
    mock.script(text="ok")
    client.responses.create(model="gpt-4o-mini", previous_response_id=r1.id, input=[
        {"type": "function_call_output", "call_id": call_id, "output": value}])
    _check(mock.last_body["input"][0]["output"], value, gone)
