"""Issue 12, atk26 F1 (`proxy.guard.q28`): a short reply to an ordinary question for a name or a phone number (asked in
other words than `What is your full name?`) is read with that question's cue; a question for several values reads
each part of the reply with its own type; replies that are no answer, and questions about other data, stay as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard import context24, q28, reply26
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.base import CHAT
from tests.guard.conftest import PII_OUT, policy
from tests.support.pii import WordScorer

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                                "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


# ------------------------------------------------------------------------------------ the question's cue

NAME_QUESTIONS = [
    "What name should I put the booking under?", "Who should the invoice be addressed to?", "Who is the booking for?",
    "What name is on the account?", "What's the name for the reservation?", "Who's calling, please?",
    "Who is the cardholder?", "Name?", "And you are?", "Got it. And the name on the card?",
    "Who will be the primary account holder?", "Whose name is the order under?",
    "Under what name is the table booked?", "Who am I talking with today?", "Who will be staying with us?",
]
PHONE_QUESTIONS = [
    "What's your number?", "Can I get a number to send the code to?",
    "What number should we use for delivery updates?", "Could you confirm the number on the account?",
    "Your number?",
]
NO_CUE = [  # questions about other data
    "What's your order number?", "Which table number?", "What's the name of the project?", "Who is the vendor?",
    "What number is on the invoice?", "What number should I set the timeout to?", "What name should I give the file?",
    "What's your employee number? Thanks!", "What is the number of rows?", "Who is the invoice from?",
    "What is your phone number? Also, what is your order number?", "What number is your invoice?",
]


@pytest.mark.parametrize("question", NAME_QUESTIONS)
def test_name_questions_in_other_words(question: str) -> None:
    assert context24.question_cue(question) == "name"


@pytest.mark.parametrize("question", PHONE_QUESTIONS)
def test_phone_questions_in_other_words(question: str) -> None:
    assert context24.question_cue(question) == "phone"


@pytest.mark.parametrize("question", NO_CUE)
def test_questions_about_other_data_give_no_cue(question: str) -> None:
    assert context24.question_cue(question) is None


def test_a_callback_question_about_a_wrong_order_number_asks_for_a_phone() -> None:
    assert context24.question_cue("What number should I call you back on if the order number is wrong?") == "phone"


def test_questions_for_several_values() -> None:
    assert context24.question_cue("To book, I need:\n1. Your full name\n2. Your phone number") == "record"
    assert context24.question_cue("I just need two things: your name and your SSN.") == "name+ssn"
    assert context24.question_cue("Please send:\n- your SSN\n- your full name") == "ssn+name"
    assert context24.question_cue("Who should I list as the emergency contact?") == "record"
    assert context24.question_cue("Name and number, please.") == "record"
    # the answer's side reads them as one type, as before
    assert q28.single("name+ssn") == "ssn"
    assert q28.single("record") == "record"
    assert q28.single(None) is None


def test_a_reply_read_part_by_part() -> None:
    record = context24.PREFIX["record"]
    assert q28.inserts("Hope Young, 6175550143", record) == {0: "Name: ", 12: "Phone number: "}
    assert q28.inserts("Hope Young 536904399", q28.prefix("name+ssn")) == {0: "Name: ", 11: "SSN: "}
    assert q28.inserts("Sure, Kwame Mensah", record) == {6: "Name: "}  # (a filler first: the name after it)
    assert q28.inserts("6175550143", context24.PREFIX["phone"]) == {0: "Phone number: "}
    assert q28.inserts("Invoice 2024-00917", context24.PREFIX["phone"]) == {}
    assert q28.inserts("Skip that please", context24.PREFIX["name"]) == {}
    assert q28.inserts("Skip Bayless", context24.PREFIX["name"]) == {0: "Name: "}
    # another number's label right before the digits, not a word of the name before a comma
    assert q28.inserts("Order #4567890123", record) == {}
    assert q28.inserts("Rusty Gate, 3125550177", record) == {0: "Name: ", 12: "Phone number: "}


# ------------------------------------------------------------------------------------ requests


async def _sent(guard: Guard, question: str, reply: str) -> str:
    body: dict[str, Any] = copy.deepcopy({"model": "m", "messages": [
        {"role": "user", "content": "Help me book a table."}, {"role": "assistant", "content": question},
        {"role": "user", "content": reply}]})
    slots = openai.ADAPTER.request_texts(CHAT, body)
    with context24.cued(CHAT, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    content = body["messages"][-1]["content"]
    assert isinstance(content, str)
    return content


REPLIES = [  # (question, reply, what must not go up)
    ("What name should I put the booking under?", "Hope Young", ["Hope", "Young"]),
    ("Who should the invoice be addressed to?", "Hope Young", ["Hope", "Young"]),
    ("Who is the cardholder?", "Hope Young", ["Hope", "Young"]),
    ("Got it. And the name on the card?", "Hope Young", ["Hope", "Young"]),
    ("Who should I list as the emergency contact?", "Hope Young", ["Hope", "Young"]),
    ("What's your number?", "6175550143", ["6175550143"]),
    ("Could you confirm the number on the account?", "6175550143", ["6175550143"]),
    ("To book, I need:\n1. Your full name\n2. Your phone number", "Hope Young, 6175550143",
     ["Hope", "Young", "6175550143"]),
    ("I just need two things: your name and your SSN.", "Hope Young 536904399", ["Hope", "Young", "536904399"]),
]
KEPT = [  # (question, an ordinary reply)
    ("What's your order number?", "4567890123"), ("Which table number?", "12"),
    ("Who is the vendor?", "Acme Corp"),
    ("What is your full name?", "Skip that please"), ("What is your full name?", "Skip"),
    ("what's your full name and phone number?", "Skip this step"),
    ("What is your phone number?", "Invoice 2024-00917"), ("What is your phone number?", "PO 4500012345"),
    ("What's your number?", "Order 4567890123"),
]


@pytest.mark.parametrize(("question", "reply", "secrets"), REPLIES)
async def test_short_reply_read_with_its_question(guard: Guard, question: str, reply: str,
                                                  secrets: list[str]) -> None:
    sent = await _sent(guard, question, reply)
    for secret in secrets:
        assert secret not in sent, sent


@pytest.mark.parametrize(("question", "reply"), KEPT)
async def test_ordinary_replies_kept(guard: Guard, question: str, reply: str) -> None:
    assert await _sent(guard, question, reply) == reply


async def test_an_answer_to_a_question_for_several_values(guard: Guard) -> None:
    # the user asks for two values, one of them an SSN: the answer is read with the SSN's cue, as before
    reply26.note(CHAT, {"model": "m", "messages": [
        {"role": "user", "content": "I just need two things: the CEO's name and SSN."}]})
    out = await guard.output(policy(output=PII_OUT), ["536904399"], Vault(), prose=[True])
    assert out.texts[0] is not None and "536904399" not in out.texts[0]
