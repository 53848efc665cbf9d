"""cue28 (atk26 F18): a full name of two everyday words (`Hope Young`, `Bill White`, `Grace Hall`) after a mail's, a
letter's, a payment's or a form's cue the label list lacked (`c/o`, `ATTN:` in capitals, `Recipient -`, `Signed,`,
`Deliver to`, `On behalf of`, a label after another field of its line, and the same cues in de/es/fr/it/pt) is
redacted in a request's text; look-alikes without a name (`c/o the front desk`, `ATTN: ACCOUNTS PAYABLE`, `Signed,
sealed, delivered`, `Approved by Finance Team`, `Recipient - see below`) go as sent. Leftovers: a US phone number
split over a sentence's `area code` and `number` (`Area code 617, number 5550143.`), and a JSON tool result's one value
read with its call's name (`get_customer_name` -> `{"result": "Hope Young"}`, `["Bill White"]`), and a listed name
inside a camelCase tool name or id (`lookupPriyaRaghunathan`: the request is refused, `name_text`, as for the
`_`-joined `email_Priya_Raghunathan`; in `user` one placeholder)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24
from proxy.guard.cue28 import camel_joined, json_value
from proxy.guard.engine import Guard
from proxy.guard.phases import NAME_TEXT_CHECK, screen_request
from proxy.nlp.cue28 import cue28_names, split_phones
from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (text, the name that must not go up): the report's, then each cue class with other names.
NAMED = [
    ("Please forward the parcel c/o Hope Young, 12 Oak St.", "Young"),
    ("ATTN: HOPE YOUNG", "YOUNG"),
    ("Recipient - Hope Young", "Young"),
    ("Thanks for the quick turnaround.\nSigned, Hope Young", "Young"),
    ("Deliver to Hope Young", "Young"),
    ("On behalf of Bill White", "White"),
    ("control: Attn: Bill White", "White"),
    ("Order 1182 | Guardian - Grace Hall | paid", "Hall"),
    ("C/O GRACE HALL\n4 Elm Road", "HALL"),
    ("Yours faithfully,\nGrace Hall", "Hall"),
    ("Signed: Bill White, Treasurer", "White"),
    ("Approved by Hope Young and Bill White", "White"),
    ("z. Hd. Bill White", "White"),
    ("Zu Händen von Grace Hall, Buchhaltung", "Hall"),
    ("Mit freundlichen Grüßen\nHope Young", "Young"),
    ("A la atención de Bill White", "White"),
    ("Atentamente,\nGrace Hall", "Hall"),
    ("À l'attention de Hope Young", "Young"),
    ("Destinataire : Bill White", "White"),
    ("Cordiali saluti,\nGrace Hall", "Hall"),
    ("All'attenzione di Hope Young", "Young"),
    ("Aos cuidados de Bill White", "White"),
    ("Destinatário: Grace Hall", "Hall"),
]
KEPT = [
    "c/o the front desk",
    "ATTN: ACCOUNTS PAYABLE",
    "Signed, sealed, delivered",
    "Approved by Finance Team",
    "Recipient - see below",
    "Deliver to Loading Dock B",
    "c/o Grace Hall Hotel, 12 Oak St.",
    "Regards, The Support Team",
    "Mit freundlichen Grüßen\nIhr Support-Team",
    "À l'attention du service client",
    "Approved by Change Advisory Board on Monday",
    "On behalf of Summer Sale organisers",
]


@pytest.mark.parametrize(("text", "secret"), NAMED)
async def test_everyday_names_after_cues_are_redacted(guard: Guard, text: str, secret: str) -> None:
    after = await _sent(guard, text)
    assert secret not in after, after
    assert "<PERSON_1>" in after, after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_spans_are_the_names_only() -> None:
    names = name_lists()
    text = "Attn: Hope Young / c/o BILL WHITE.\nSigned,\nGrace Hall"
    assert [text[a:b] for a, b in cue28_names(text, names)] == ["Hope Young", "BILL WHITE", "Grace Hall"]
    assert cue28_names("attn: hope young", names) == []  # (lower case: no name read)
    assert cue28_names("Signed, Hope Young and more text here", names) == []  # (a signature ends its line)


# --- a phone number split over a sentence's area code and number ------------------------------------------------

SPLIT = [
    ("Area code 617, number 5550143.", ("617", "5550143")),
    ("My area code's 202 and the rest of the number is 555-0173.", ("202", "555-0173")),
    ("area code (415), phone 555 0199, ask for the desk", ("415", "555 0199")),
]
SPLIT_KEPT = [
    "Area code 617 covers most of the city.",
    "Dial area code 212 first; room number 4021.",
    "Area code 312 has 5550164 residents, the number of a city.",
]


@pytest.mark.parametrize(("text", "parts"), SPLIT)
async def test_split_phone_numbers_are_redacted(guard: Guard, text: str, parts: tuple[str, str]) -> None:
    after = await _sent(guard, text)
    assert all(p not in after for p in parts), after
    assert "<PHONE_NUMBER_1>" in after, after


@pytest.mark.parametrize("text", SPLIT_KEPT)
async def test_split_phone_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_split_phone_spans() -> None:
    text = "Area code 617, number 5550143."
    assert [text[a:b] for a, b in split_phones(text)] == ["617", "5550143"]
    assert split_phones("Area code 617, number 1234567.") == []  # (no valid US number together)


# --- a JSON tool result's one value, read with its call's name ---------------------------------------------------

def _tool_chat(tool: str, result: str) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "Who is customer 7?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": tool, "arguments": "{\"id\": 7}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": result}]}


async def _tool_sent(guard: Guard, tool: str, result: str) -> str:
    body = _tool_chat(tool, result)
    slots = openai.ADAPTER.request_texts("chat", body)
    with context24.cued("chat", body, slots):
        await screen_request(guard, P, slots)
    return str(body["messages"][2]["content"])


JSON_RESULTS = [  # (tool, result, what must not go up)
    ("get_customer_name", '{"result": "Hope Young"}', "Young"),
    ("get_customer_name", '["Bill White"]', "White"),
    ("get_customer_name", '{"data": {"value": "Grace Hall"}}', "Hall"),
    ("get_customer_name", '{"ok": true, "result": "Hope Young", "count": 1}', "Young"),
    ("get_customer_phone", '{"result": 6175550143}', "6175550143"),
    ("get_customer_ssn", '{"result": "536904399"}', "536904399"),
]
JSON_KEPT = [
    ("get_order_status", '{"result": "Hope Young"}'),  # (a tool of other data: no context)
    ("get_customer_name", '{"result": "Hope Young", "note": "Bill White"}'),  # (two values: read as written)
    ("get_customer_phone", '{"result": "pending"}'),
]


@pytest.mark.parametrize(("tool", "result", "secret"), JSON_RESULTS)
async def test_json_tool_results_read_with_the_call_name(guard: Guard, tool: str, result: str, secret: str) -> None:
    after = await _tool_sent(guard, tool, result)
    assert secret not in after, after
    assert json.loads(after) is not None  # (still JSON: the value replaced inside its string)


@pytest.mark.parametrize(("tool", "result"), JSON_KEPT)
async def test_json_tool_results_without_one_value_go_as_sent(guard: Guard, tool: str, result: str) -> None:
    assert await _tool_sent(guard, tool, result) == result


def test_json_value_spans() -> None:
    text = '{"ok": true, "result": "Hope Young", "count": 1}'
    span = json_value(text)
    assert span is not None and text[span[0]:span[1]] == "Hope Young"
    assert json_value('{"result": "Hope Young", "alias": "Bill"}') is None
    assert json_value('["Hope Young", 6175550143]') is None  # (a string and a long number: two values)
    assert json_value("Hope Young") is None


# --- a name inside a camelCase or PascalCase tool name or id ----------------------------------------------------

CAMEL_NAMES = [("lookupPriyaRaghunathan", "Raghunathan"), ("getPriyaSharmaProfile", "Sharma"),
               ("EmailCarlosMendez", "Mendez"), ("callDeepikaOyelaran", "Oyelaran")]
CAMEL_TOOLS = ["getUserProfile", "lookupOrderStatus", "getMaxRetries", "createUserAccount", "searchJiraIssues",
               "setWillPower", "markAsRead", "GracePeriodCheck", "getMorganStanleyQuote", "getHarryPotterBook"]


def _tool_bodies(name: str) -> list[dict[str, Any]]:
    return [
        {"model": "m", "messages": [{"role": "user", "content": "hi"}],
         "tools": [{"type": "function", "function": {"name": name, "parameters": {"type": "object"}}}]},
        {"model": "m", "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]},
    ]


async def _screen(guard: Guard, body: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    body = copy.deepcopy(body)
    slots = openai.ADAPTER.request_texts("chat", body)
    with context24.cued("chat", body, slots):
        verdict = await screen_request(guard, P, slots)
    return body, verdict


@pytest.mark.parametrize(("name", "surname"), CAMEL_NAMES)
async def test_a_person_in_a_camel_case_tool_name_refuses_the_request(guard: Guard, name: str, surname: str) -> None:
    for body in _tool_bodies(name):
        _, verdict = await _screen(guard, body)
        assert verdict.blocked and verdict.block_check == NAME_TEXT_CHECK, name
        assert surname not in (verdict.block_reason or "")


@pytest.mark.parametrize(("name", "surname"), CAMEL_NAMES)
async def test_a_person_in_a_camel_case_id_is_redacted(guard: Guard, name: str, surname: str) -> None:
    sent, _ = await _screen(guard, {"model": "m", "messages": [{"role": "user", "content": "hi"}], "user": name})
    assert "PERSON_1" in sent["user"] and surname not in sent["user"], sent["user"]


@pytest.mark.parametrize("name", CAMEL_TOOLS)
async def test_ordinary_camel_case_tool_names_pass(guard: Guard, name: str) -> None:
    for body in _tool_bodies(name):
        sent, verdict = await _screen(guard, body)
        assert not verdict.blocked and sent == body, name


def test_camel_joined_shapes() -> None:
    assert [(a, b) for a, b, _ in camel_joined("lookupPriyaRaghunathan")] == [(6, 22)]
    assert camel_joined("getPriyaSharmaProfile")[0][2] == [3, 8, 14]  # (read `get Priya Sharma Profile`)
    assert camel_joined("getUserProfile") == [] and camel_joined("lookup_Priya_Raghunathan") == []
