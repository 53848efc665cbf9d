"""Issue 12, atk26 F6 (`proxy.guard.ask28`): a tool call's ARGUMENTS give its result its meaning.

A human-in-the-loop tool (`ask_user {"question": "What is your social security number?"}`) returns the user's typed
answer; a generic data tool names the field in its arguments (`get_customer_field {"field": "ssn"}`, `lookup
{"attribute": "phone_number"}`, `run_sql {"query": "SELECT ssn FROM customers ..."}`); tool names say what they return
in words the name cue did not know (`get_ph_num`, `get_tax_id`, `get_recipient`, `whoami`). Those results went upstream
as typed (chat `role: tool`, Anthropic `tool_result`, Responses `function_call_output`, and through
`previous_response_id` memory). Look-alikes stay as sent: `ask_user {"question": "Which order number?"}` ->
`4567890123`, `SELECT order_id ...`, `SELECT count(*) FROM customers` -> `42`, `get_assignee` -> `platform-team`,
`whoami` -> `deploy-bot`."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import ask28, context24, prev26
from proxy.guard.context24 import tool_cue
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import policy

IN = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}
SSN, PHONE, NAME = "536904399", "6175550143", "Hope Young"
ALICE = {"Authorization": "Bearer sk-alice"}


@pytest.fixture(autouse=True)
def _forget() -> Any:
    prev26.clear()
    yield
    prev26.clear()


def test_the_type_a_calls_arguments_say() -> None:
    cases = [
        ("ask_user", {"question": "What is your social security number?"}, "ssn"),
        ("ask_human", {"prompt": "What is your phone number?"}, "phone"),
        ("request_user_input", '{"question": "What is your full name?"}', "name"),
        ("human_input", {"message": "Thanks! And what is your SSN?"}, "ssn"),
        ("get_customer_field", {"customer_id": 7, "field": "ssn"}, "ssn"),
        ("lookup", {"entity": "customer", "attribute": "phone_number", "id": 7}, "phone"),
        ("run_sql", {"query": "SELECT ssn FROM customers WHERE id = 7"}, "ssn"),
        ("run_sql", '{"query": "SELECT c.phone FROM customers c WHERE c.id = 7"}', "phone"),
        ("run_sql", {"query": "SELECT full_name FROM customers WHERE id = 7"}, "name"),
        ("execute_query", {"sql": "select name from patients where id = 3"}, "name"),
    ]
    for name, args, cue in cases:
        assert ask28.call_cue(name, args) == cue, (name, args)
    for name, args in [("ask_user", {"question": "Which order number?"}),
                       ("ask_user", {"question": "What is the product name?"}),
                       ("run_sql", {"query": "SELECT order_id FROM orders WHERE id = 7"}),
                       ("run_sql", {"query": "SELECT count(*) FROM customers"}),
                       ("run_sql", {"query": "SELECT phone_verified FROM customers WHERE id = 7"}),
                       ("run_sql", {"query": "SELECT name FROM products WHERE sku = 'A1'"}),
                       ("get_product_field", {"field": "name"}),
                       ("get_customer_field", {"field": "created_at"}),
                       ("notify", {"message": "Your phone bill is ready."}),
                       ("translate", {"text": "What is your phone number?", "target": "de"}),
                       ("summarize", {"text": "Can you tell me your full name?"}),
                       ("run_sql", "not json")]:
        assert ask28.call_cue(name, args) is None, (name, args)
    assert ask28.columns("run_sql", {"query": "SELECT full_name, phone, order_id FROM customers"}) == \
        ["name", "phone", None]


def test_tool_names_in_more_words() -> None:
    for name in ("get_ph_num", "get_contact_no", "get_cust_tel_no", "getPhoneNo", "get_customer_contact_number",
                 "get_callback", "get_whatsapp"):
        assert tool_cue(name) == "phone", name
    for name in ("get_social", "get_tin", "get_tax_id", "get_ss_number", "getTaxpayerId"):
        assert tool_cue(name) == "ssn", name
    for name in ("get_recipient", "get_assignee", "get_account_owner", "whoami", "get_signer", "get_next_of_kin",
                 "get_beneficiary"):
        assert tool_cue(name) == "name", name
    for name in ("get_social_links", "get_tax_rate", "get_owner_id", "get_recipient_count", "get_tin_count",
                 "get_assignee_email", "get_social_media_profile", "get_order"):
        assert tool_cue(name) != "ssn" and tool_cue(name) != "name" and tool_cue(name) != "phone", name


def test_sql_columns() -> None:
    assert ask28.sql_columns("SELECT ssn FROM customers WHERE id = 7") == (["ssn"], "customers")
    assert ask28.sql_columns("select distinct c.full_name, c.phone as tel, count(*) from crm.customers c") == (
        ["full_name", "tel", None], "customers")
    assert ask28.sql_columns('SELECT "SSN", `phone` FROM "people"') == (["SSN", "phone"], "people")
    assert ask28.sql_columns("UPDATE customers SET ssn = '1'") is None


def _chat(name: str, args: Any, result: str) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "Open an account for me."},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": result}]}


def _claude(name: str, args: Any, result: str) -> dict[str, Any]:
    return {"model": "c", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Open an account for me."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": name, "input": args}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": result}]}]}


def _responses(name: str, args: Any, result: str) -> dict[str, Any]:
    return {"model": "m", "input": [
        {"role": "user", "content": "Open an account for me."},
        {"type": "function_call", "call_id": "c1", "name": name, "arguments": json.dumps(args)},
        {"type": "function_call_output", "call_id": "c1", "output": result}]}


ROUTES = {CHAT: _chat, MESSAGES: _claude, RESPONSES: _responses}


def _result(kind: str, body: dict[str, Any]) -> str:
    if kind == CHAT:
        return body["messages"][2]["content"]  # type: ignore[no-any-return]
    if kind == MESSAGES:
        return body["messages"][2]["content"][0]["content"]  # type: ignore[no-any-return]
    return body["input"][-1]["output"]  # type: ignore[no-any-return]


async def _sent(guard: Guard, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    if kind == RESPONSES:
        prev26.caller(RESPONSES, "default", ALICE, body)
    slots = (anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=IN), slots)
    return body


LEAKS = [  # (tool, its arguments, its result, what must not go up)
    ("ask_user", {"question": "What is your social security number?"}, SSN, [SSN]),
    ("ask_human", {"question": "What is your phone number?"}, PHONE, [PHONE]),
    ("request_user_input", {"prompt": "What is your full name?"}, NAME, ["Young"]),
    ("get_user_input", {"question": "Please enter your SSN."}, SSN, [SSN]),
    ("ask_user", {"question": "What is your social security number?"}, '{"answer": "536904399"}', [SSN]),
    ("human_input", {"message": "And your phone number?"}, PHONE, [PHONE]),
    ("get_customer_field", {"customer_id": 7, "field": "ssn"}, SSN, [SSN]),
    ("lookup", {"entity": "customer", "attribute": "phone_number", "id": 7}, PHONE, [PHONE]),
    ("run_sql", {"query": "SELECT ssn FROM customers WHERE id = 7"}, SSN, [SSN]),
    ("run_sql", {"query": "SELECT ssn FROM customers WHERE id = 7"}, '[["536904399"]]', [SSN]),
    ("run_sql", {"query": "SELECT phone FROM customers WHERE id = 7"}, '{"rows": [["6175550143"]]}', [PHONE]),
    ("run_sql", {"query": "SELECT full_name FROM customers WHERE id = 7"}, NAME, ["Young"]),
    ("run_sql", {"query": "SELECT full_name FROM customers WHERE id = 7"}, '{"rows": [["Hope Young"]]}', ["Young"]),
    ("run_sql", {"query": "SELECT full_name, phone, ssn FROM customers WHERE id = 7"},
     '{"columns": ["full_name", "phone", "ssn"], "rows": [["Hope Young", "6175550143", "536904399"]]}',
     ["Young", PHONE, SSN]),
    ("execute", {"statement": "SELECT ssn FROM applicants WHERE id = 3"}, '{"rows": [{"0": "536904399"}]}', [SSN]),
    ("run_sql", {"query": "SELECT full_name, phone FROM customers WHERE id = 7"}, "Hope Young\t6175550143",
     ["Young", PHONE]),
    ("get_ph_num", {}, PHONE, [PHONE]),
    ("get_tax_id", {}, SSN, [SSN]),
    ("get_social", {}, SSN, [SSN]),
    ("get_beneficiary", {}, NAME, ["Young"]),
    ("whoami", {}, NAME, ["Young"]),
    ("get_account_owner", {}, '{"result": "Hope Young"}', ["Young"]),
]


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "args", "result", "secrets"), LEAKS)
async def test_a_result_is_read_with_its_calls_arguments(guard: Guard, kind: str, name: str, args: Any, result: str,
                                                        secrets: list[str]) -> None:
    sent = _result(kind, await _sent(guard, kind, ROUTES[kind](name, args, result)))
    assert [s for s in secrets if s in sent] == [] and "<" in sent, sent
    if result.startswith("{"):
        assert list(json.loads(sent)) == list(json.loads(result))  # still JSON, its shape kept


LOOK_ALIKES = [  # (tool, its arguments, its result): goes up as sent
    ("ask_user", {"question": "Which order number?"}, "4567890123"),
    ("ask_user", {"question": "What is the product name?"}, "Bill Pay"),
    ("run_sql", {"query": "SELECT order_id FROM orders WHERE id = 7"}, "4567890123"),
    ("run_sql", {"query": "SELECT order_id FROM orders WHERE id = 7"}, '[["4567890123"]]'),
    ("run_sql", {"query": "SELECT count(*) FROM customers"}, "42"),
    ("run_sql", {"query": "SELECT full_name, phone FROM customers"}, '{"count": 2, "rows": []}'),
    ("get_assignee", {}, "platform-team"),
    ("whoami", {}, "deploy-bot"),
    ("whoami", {}, "arn:aws:iam::123456789012:user/ci"),
    ("get_account_owner", {}, '{"result": "arn:aws:iam::123456789012:root"}'),
    ("get_recipient", {}, '{"result": "Hope Young", "note": "Bill White"}'),  # (a name's type: one value only)
    ("get_customer_field", {"field": "tier"}, "Gold"),
    ("translate", {"text": "What is your full name?", "target": "de"}, "Wie heißt du?"),
    ("translate", {"text": "Your phone number, please.", "target": "fr"}, "Hope Young"),
    ("ask_user", {"question": "What is your phone number?"}, "I'd rather not say"),
]


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "args", "result"), LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, kind: str, name: str, args: Any, result: str) -> None:
    assert _result(kind, await _sent(guard, kind, ROUTES[kind](name, args, result))) == result


def _answer(rid: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"id": rid, "object": "response", "status": "completed", "output": [
        {"id": "fc_1", "type": "function_call", "status": "completed", "call_id": "call_h1", "name": name,
         "arguments": json.dumps(args)}], "usage": {"input_tokens": 5, "output_tokens": 3, "total_tokens": 8}}


@pytest.mark.parametrize(("question", "value", "gone"), [
    ("What is your social security number?", SSN, SSN), ("What is your phone number?", PHONE, PHONE),
    ("What is your full name?", NAME, "Young")])
@pytest.mark.parametrize("streamed", [False, True])
async def test_a_remembered_ask_user_call_cues_its_output(guard: Guard, question: str, value: str, gone: str,
                                                          streamed: bool) -> None:
    prev26.caller(RESPONSES, "default", ALICE, {"model": "m", "input": "hi"})
    answer = _answer("resp_h1", "ask_user", {"question": question})
    if streamed:  # a slim `response.completed`: the call from its `output_item.done` (prev27)
        from proxy.guard import prev27

        prev27.streamed({"type": "response.output_item.done", "output_index": 0, "item": answer["output"][0]})
        prev26.note({**answer, "output": []})  # (the relay remembers a relayed answer: `prev26.note`)
    else:
        prev26.note(answer)
    body = {"model": "m", "previous_response_id": "resp_h1",
            "input": [{"type": "function_call_output", "call_id": "call_h1", "output": value}]}
    sent = (await _sent(guard, RESPONSES, body))["input"][0]["output"]
    assert gone not in sent and "<" in sent, sent


async def test_a_remembered_question_about_something_else_gives_no_cue(guard: Guard) -> None:
    prev26.caller(RESPONSES, "default", ALICE, {"model": "m", "input": "hi"})
    prev26.note(_answer("resp_h2", "ask_user", {"question": "Which order number?"}))
    body = {"model": "m", "previous_response_id": "resp_h2",
            "input": [{"type": "function_call_output", "call_id": "call_h1", "output": "4567890123"}]}
    assert (await _sent(guard, RESPONSES, body)) == body


@pytest.mark.parametrize(("name", "args", "output", "gone"), [
    ("ask_user", {"question": "What is your social security number?"}, '{"answer": "536904399"}', SSN),
    ("run_sql", {"query": "SELECT phone FROM customers WHERE id = 7"}, '[["6175550143"]]', PHONE),
    ("get_recipient", {}, '{"result": "Hope Young"}', "Young"),
    ("get_customer_ssn", {}, '{"rows": [["536904399"]]}', SSN)])
async def test_a_remembered_calls_json_output_is_read_per_value(guard: Guard, name: str, args: dict[str, Any],
                                                                output: str, gone: str) -> None:
    prev26.caller(RESPONSES, "default", ALICE, {"model": "m", "input": "hi"})
    prev26.note(_answer("resp_h3", name, args))
    body = {"model": "m", "previous_response_id": "resp_h3",
            "input": [{"type": "function_call_output", "call_id": "call_h1", "output": output}]}
    sent = (await _sent(guard, RESPONSES, body))["input"][0]["output"]
    assert gone not in sent and "<" in sent and json.loads(sent).__class__ is json.loads(output).__class__, sent
    other = {**body, "previous_response_id": "resp_unknown"}  # an answer this process never relayed: as sent
    assert await _sent(guard, RESPONSES, other) == other
