"""join39 (atk39 F06, F05): a card, SSN or phone number given over two user turns with a short assistant question
between (slot filling, the history resent), both halves redacted; form-urlencoded values (`+` for a space, UTF-8
`%XX`). Values are held out (not the report's); the look-alikes go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _chat(guard: Guard, *turns: str) -> list[str]:
    body = {"model": "m", "messages": [{"role": "user" if k % 2 == 0 else "assistant", "content": t}
                                       for k, t in enumerate(turns)]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return [str(m["content"]) for m in body["messages"]]


TURNS = [  # (turns, the halves that must not go)
    (("Card number, first eight digits: 5425 2334", "Thanks. And the last eight?", "3010 9903"),
     ["5425 2334", "3010 9903"]),
    (("my visa starts 4539 1488", "And the remaining digits?", "0343 6467"), ["4539 1488", "0343 6467"]),
    (("The card begins 4716 9938", "Got it. What are the last 8?", "7426 6110 exp 04/28"),
     ["4716 9938", "7426 6110"]),
    (("My SSN starts 219-09", "And the last four?", "9999"), ["219-09", "9999"]),
    (("social security number begins 078-05", "Last four digits?", "1120"), ["078-05", "1120"]),
    (("Phone: area code 415", "And the number?", "555 0199"), ["555 0199"]),
    (("call me back, area code 646", "Sure. And the rest of the number?", "555-0132 please"), ["555-0132"]),
]


@pytest.mark.parametrize(("turns", "gone"), TURNS)
async def test_value_over_two_user_turns_is_redacted(guard: Guard, turns: tuple[str, ...], gone: list[str]) -> None:
    sent = await _chat(guard, *turns)
    for value in gone:
        assert not any(value in t for t in sent), sent
    assert sent[1] == turns[1]


LOOK_ALIKES = [
    ("I need some boxes of size 40", "How many?", "12"),
    ("Ship it to warehouse 7", "Which year's catalogue?", "2024"),
    ("I want to order the blue mug, item 3318", "How many would you like?", "25"),
    ("My ticket is about the login bug 4471", "What's the ticket number?", "88213"),
    ("The build failed on step 3", "Which version?", "1.24.3"),
    ("Port 8080 is taken", "Which other port?", "8081"),
    ("We have 12 servers", "And how many cores each?", "64"),
    ("Order total was 149", "What did you expect?", "99 dollars"),
]


@pytest.mark.parametrize("turns", LOOK_ALIKES)
async def test_numbers_in_later_turns_go_as_sent(guard: Guard, turns: tuple[str, ...]) -> None:
    assert await _chat(guard, *turns) == list(turns)


async def test_not_across_a_long_assistant_answer(guard: Guard) -> None:
    turns = ("Card number, first eight digits: 5425 2334",
             "Here is a long explanation of how cards work, with no question at the end of it at all.",
             "3010 9903")
    sent = await _chat(guard, *turns)
    assert sent[2] == turns[2]


async def _one(guard: Guard, text: str) -> str:
    return (await _chat(guard, text))[0]


FORMS = [  # (form text, what must not go)
    ("mobile=%2B44+7700+900123&optin=1", ["7700+900123"]),
    ("From=%2B447700900456&Body=hi&phone=+44+7700+900456", ["7700+900456"]),
    ("contact=%2B33+6+98+76+54+32&lang=fr", ["98+76+54+32"]),
    ("tel=07700+900789&name=x", ["07700+900789"]),
    ("q=Margaret+Thornbury+Denver", ["Thornbury"]),
    ("search=Theodore+Hargreaves+Boston&page=2", ["Hargreaves"]),
    ("first_name=Andr%C3%A9&last_name=Lef%C3%A8vre", ["%C3%A8vre"]),
]


@pytest.mark.parametrize(("text", "gone"), FORMS)
async def test_form_values_are_redacted(guard: Guard, text: str, gone: list[str]) -> None:
    sent = await _one(guard, text)
    for value in gone:
        assert value not in sent, sent


FORM_LOOK_ALIKES = [
    "amount=1234+5678&currency=EUR",
    "q=blue+running+shoes+size+42&sort=price",
    "q=Samsung+Galaxy+S24+Ultra",
    "toggle=Ctrl+Shift+T",
    "expr=a+b+c&mode=eval",
    "GET /static/js/app+vendor.min.js HTTP/1.1",
    "ids=1001+1002+1003&limit=50",
    "version=3.11+build+42",
    "keys=Alt+Enter",
]


@pytest.mark.parametrize("text", FORM_LOOK_ALIKES)
async def test_form_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _one(guard, text) == text
