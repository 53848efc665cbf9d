"""Issue 12, atk24a F09 and F01 (`proxy.guard.context24`): a short reply read with the question before it or the
name of the tool whose result it is (`What is your phone number?` / `6175550143`, `get_customer_ssn` ->
`536904399`), and a name joined by `_` (or, in an id field, run together) read as a name, the whole token redacted.
Look-alikes (an order number, a year, a product's name, an order total, identifiers) stay as sent."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy
from tests.support.pii import WordScorer

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                                "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """The body as it goes upstream, screened as `proxy.flow` screens it (with the request's context)."""
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == "messages" else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    return body


def _chat(question: str, answer: str) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "system", "content": "You are a booking assistant."},
                                       {"role": "assistant", "content": question}, {"role": "user", "content": answer}]}


def _claude(question: str, answer: str) -> dict[str, Any]:
    return {"model": "c", "max_tokens": 5, "messages": [
        {"role": "user", "content": "I want to book."},
        {"role": "assistant", "content": [{"type": "text", "text": "Sure. " + question}]},
        {"role": "user", "content": answer}]}


def _responses(question: str, answer: str) -> dict[str, Any]:
    return {"model": "m", "input": [{"role": "user", "content": "I want to book."},
                                    {"type": "message", "role": "assistant",
                                     "content": [{"type": "output_text", "text": question}]},
                                    {"role": "user", "content": answer}]}


ANSWERS = [  # (question, answer, what must not go up)
    ("What is your phone number?", "6175550143", "6175550143"),
    ("Which number should we call you back on?", "6175550143", "6175550143"),
    ("What is your phone number?", "it's 6175550143", "6175550143"),
    ("Please confirm your social security number.", "536904399", "536904399"),
    ("What is your full name?", "Bill White", "White"),
    ("What is your full name?", "Hope Young", "Young"),
]
HELD_OUT = [  # other values, other phrasings
    ("Thanks! What's the best mobile to reach you on?", "3125550177", "3125550177"),
    ("Got it. And a callback number?", "sure, 2025550164", "2025550164"),
    ("Before I continue, can you give me your SSN?", "372615948", "372615948"),
    ("Great. May I have your first and last name?", "Rose Baker", "Baker"),
    ("Who am I speaking with?", "Grace Hill", "Hill"),
    ("What's your email?", "ana.silva@example.org", "ana.silva"),
]
LOOKALIKES = [  # the question asks for something else: as sent
    ("What's your order number?", "6175550143"),
    ("Which year?", "2024"),
    ("What is the product name?", "Bill Pay"),
    ("What's the tracking number on the parcel?", "9405511899"),
    ("How many nights will you stay?", "3"),
    ("What's your company name?", "Apple Pie Bakery"),
    ("What is the name of the plan you chose?", "Silver Plus"),
]


@pytest.mark.parametrize(("question", "answer", "gone"), ANSWERS + HELD_OUT)
async def test_a_short_reply_is_read_with_the_question_before_it(guard: Guard, question: str, answer: str,
                                                                  gone: str) -> None:
    for kind, body, at in [("chat", _chat(question, answer), lambda b: b["messages"][2]["content"]),
                           ("messages", _claude(question, answer), lambda b: b["messages"][2]["content"]),
                           ("responses", _responses(question, answer), lambda b: b["input"][2]["content"])]:
        sent = at(await _sent(guard, kind, body))
        assert gone not in sent and "<" in sent, (kind, sent)


@pytest.mark.parametrize(("question", "answer"), LOOKALIKES)
async def test_a_reply_to_a_question_about_something_else_goes_as_sent(guard: Guard, question: str,
                                                                       answer: str) -> None:
    for kind, body in [("chat", _chat(question, answer)), ("messages", _claude(question, answer))]:
        assert await _sent(guard, kind, body) == body, kind


@pytest.mark.parametrize("answer", ["Can we do that later?", "I'd rather not say", "Why do you need it?", "skip",
                                    "Not now, thanks", "Is that required?", "Use the one on file"])
async def test_a_reply_without_a_value_goes_as_sent(guard: Guard, answer: str) -> None:
    for question in ["What is your full name?", "Who am I speaking with?", "What is your phone number?"]:
        body = _chat(question, answer)
        assert await _sent(guard, "chat", body) == body, question


async def test_only_a_short_reply_and_only_after_the_question_itself(guard: Guard) -> None:
    far = {"model": "m", "messages": [{"role": "assistant", "content": "What is your phone number?"},
                                      {"role": "user", "content": "hold on"},
                                      {"role": "assistant", "content": "Sure, take your time."},
                                      {"role": "user", "content": "6175550143"}]}
    assert await _sent(guard, "chat", far) == far
    long = _chat("What is your phone number?", "the order I placed last week was 6175550143 I think")
    assert await _sent(guard, "chat", long) == long


TOOLS = [  # (tool name, result, what must not go up)
    ("get_customer_phone", "6175550143", "6175550143"),
    ("get_customer_ssn", "536904399", "536904399"),
    ("get_customer_name", "Bill White", "White"),
    ("get_customer", "Hope Young, 6175550143", "6175550143"),
    ("lookupPatientMobile", "3125550177", "3125550177"),  # held out
    ("fetch_contact", "Rose Baker, 2025550164", "2025550164"),
    ("get_employee_ssn", "412837465", "412837465"),
]
TOOL_LOOKALIKES = [("get_order_total", "536904399"), ("get_order_number", "6175550143"),
                   ("get_product_name", "Bill Pay"), ("count_users", "2024"), ("get_invoice_id", "9405511899")]


def _tool_bodies(fn: str, result: str) -> list[tuple[str, dict[str, Any], Any]]:
    return [
        ("chat", {"model": "m", "messages": [
            {"role": "user", "content": "look it up"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": fn, "arguments": "{\"customer_id\": 17}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": result}]},
         lambda b: b["messages"][2]["content"]),
        ("messages", {"model": "c", "max_tokens": 5, "messages": [
            {"role": "user", "content": "look it up"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": fn,
                                               "input": {"customer_id": 17}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": result}]}]},
         lambda b: json.dumps(b["messages"][2]["content"][0]["content"])),
        ("messages", {"model": "c", "max_tokens": 5, "messages": [
            {"role": "user", "content": "look it up"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": fn,
                                               "input": {"customer_id": 17}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1",
                                          "content": [{"type": "text", "text": result}]}]}]},
         lambda b: json.dumps(b["messages"][2]["content"][0]["content"])),
        ("responses", {"model": "m", "input": [
            {"role": "user", "content": "look it up"},
            {"type": "function_call", "call_id": "call_1", "name": fn, "arguments": "{\"customer_id\": 17}"},
            {"type": "function_call_output", "call_id": "call_1", "output": result}]},
         lambda b: b["input"][2]["output"]),
    ]


@pytest.mark.parametrize(("fn", "result", "gone"), TOOLS)
async def test_a_tool_result_is_read_with_its_tool_name(guard: Guard, fn: str, result: str, gone: str) -> None:
    for kind, body, at in _tool_bodies(fn, result):
        sent = at(await _sent(guard, kind, body))
        assert gone not in sent and "<" in sent, (kind, sent)


@pytest.mark.parametrize(("fn", "result"), TOOL_LOOKALIKES)
async def test_a_tool_of_other_data_returns_as_sent(guard: Guard, fn: str, result: str) -> None:
    for kind, body, _ in _tool_bodies(fn, result):
        assert await _sent(guard, kind, body) == body, kind


def test_cues_of_questions_and_tool_names() -> None:
    assert context24.question_cue("Thanks. What is your phone number?") == "phone"
    assert context24.question_cue("What is your phone number? Also, which year?") is None  # the last sentence
    assert context24.question_cue("Please confirm your social security number.") == "ssn"
    assert context24.question_cue("What is the product name?") is None
    assert context24.tool_cue("get_customer_phone") == "phone"
    assert context24.tool_cue("getCustomerSsn") == "ssn"
    assert context24.tool_cue("get_customer") == "record"
    assert context24.tool_cue("get_order_total") is None
    assert context24.tool_cue("get_customer_orders") is None


# ------------------------------------------------------------------------------------------------ F01

NAMES = ["Maria_Schmidt", "Michael_Johnson", "JohnSmith", "Priya_Sharma",
         "Elena_Petrova", "CarlosMendez", "Tomasz_Nowak"]  # (the last three held out)
IDS = ["MAX_RETRIES", "Http_Client", "snake_case_identifiers", "Test_Suite", "Order_Status", "UserName",
       "Build_Runner", "DataLoader", "Main_Window", "alice_bot"]


@pytest.mark.parametrize("name", NAMES)
async def test_a_joined_name_in_an_id_field_is_redacted_whole(guard: Guard, name: str) -> None:
    last = name.replace("_", " ").split()[-1] if "_" in name else name[1:].lstrip("abcdefghijklmnopqrstuvwxyz")
    for kind, body in [
        ("chat", {"model": "m", "messages": [{"role": "user", "name": name, "content": "hi"}]}),
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "user": name}),
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "safety_identifier": name}),
        ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "prompt_cache_key": name}),
        ("responses", {"model": "m", "input": "hi", "user": name}),
        ("messages", {"model": "c", "max_tokens": 5, "metadata": {"user_id": name},
                      "messages": [{"role": "user", "content": "hi"}]}),
    ]:
        sent = json.dumps(await _sent(guard, kind, body))
        assert last not in sent and "PERSON_" in sent, (kind, sent)


@pytest.mark.parametrize(("text", "gone"), [
    ("Author: Maria_Schmidt", "Schmidt"), ("Contact: Michael_Johnson", "Johnson"),
    ("@Maria_Schmidt can you check", "Schmidt"), ("owner=Maria_Schmidt", "Schmidt"),
    ("Assign to John_Smith", "Smith"),
    ("Reviewer: Elena_Petrova", "Petrova"), ("cc @Tomasz_Nowak on the ticket", "Nowak"),  # held out
])
async def test_a_joined_name_in_a_message_is_redacted_whole(guard: Guard, text: str, gone: str) -> None:
    sent = (await _sent(guard, "chat", {"model": "m", "messages": [{"role": "user", "content": text}]}))
    out = sent["messages"][0]["content"]
    assert gone not in out and "_<" not in out and ">_" not in out and "<PERSON_" in out, out


@pytest.mark.parametrize("ident", IDS)
async def test_identifiers_stay_as_sent(guard: Guard, ident: str) -> None:
    for kind, body in [
        ("chat", {"model": "m", "messages": [{"role": "user", "name": ident, "content": f"Set {ident} in the config "
                                                                                         f"and rerun {ident}."}],
                  "user": ident}),
        ("messages", {"model": "c", "max_tokens": 5, "metadata": {"user_id": ident},
                      "messages": [{"role": "user", "content": f"owner={ident}"}]}),
    ]:
        assert await _sent(guard, kind, body) == body, kind


def test_odd_shapes_give_no_context() -> None:
    body = {"model": "m", "messages": [{"role": "assistant", "content": "What is your phone number?", "tool_calls": 5},
                                       {"role": "tool", "tool_call_id": 3, "content": "6175550143"}, "x",
                                       {"role": "user", "content": [{"type": "text", "text": 7}]}]}
    assert context24.cues("chat", body, openai.ADAPTER.request_texts("chat", body)) == {}
    long = "x" * 5000 + " What is your phone number?"
    assert context24.question_cue(long) == "phone"
