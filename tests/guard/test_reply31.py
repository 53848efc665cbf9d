"""acc28 F04 and F10 (`proxy.guard.reply31`): a reply or an answer of one sentence around one number, read with the
question before it (requests: the assistant's question; answers: the user's, whole and streamed). Look-alikes stay
as sent."""

from __future__ import annotations

import pytest

from proxy.guard import reply31
from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.base import CHAT
from tests.guard.test_plur29 import _asked, _sent
from tests.guard.test_reply26 import _streamed, _whole
from tests.support.pii import WordScorer


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def test_value_at() -> None:
    assert reply31.value_at("sure thing, it is 6175550143 thanks a lot", "Phone number: ") == 18
    assert reply31.value_at("ok so my social is 536-90-4399 if that helps", "SSN: ") == 19
    assert reply31.value_at("sure thing, it is 6175550143 thanks a lot", "Name: ") is None
    assert reply31.value_at("order 4412 goes to 6175550143 tomorrow", "Phone number: ") is None  # two numbers
    assert reply31.value_at("can you tell me why you need 6175550143?", "Phone number: ") is None  # a question
    assert reply31.value_at("it is 6175550143 " + "and more words " * 8, "Phone number: ") is None  # too long


REPLIES = [  # (question, reply, what must not go up): the tester's first, then held-out phrasings and values
    ("What is your phone number?", "sure thing, it is 6175550143 thanks a lot", "6175550143"),
    ("What is your phone number?", "yeah of course, you can reach me on 3125550188 most evenings", "3125550188"),
    ("Could you confirm your SSN?", "ok fine, my social is 478291035 but please keep it safe", "478291035"),
    ("What is the best callback number?", "Best to try my desk line which is 212 555 0147 after lunch.", "0147"),
]
KEPT = [
    ("What is your phone number?", "I would rather not share it over chat, sorry about that"),
    ("What is your order number?", "sure thing, it is 6175550143 thanks a lot"),
    ("What is your phone number?", "I have 2 phones and rarely answer either of them"),
    ("What is your phone number?", "my ticket from yesterday is 4567890123 if that helps"),
]


@pytest.mark.parametrize(("question", "reply", "secret"), REPLIES)
async def test_one_sentence_reply_read_with_its_question(guard: Guard, question: str, reply: str,
                                                         secret: str) -> None:
    assert secret not in await _sent(guard, _asked(question, reply))


@pytest.mark.parametrize(("question", "reply"), KEPT)
async def test_look_alike_replies_kept(guard: Guard, question: str, reply: str) -> None:
    assert await _sent(guard, _asked(question, reply)) == reply


ANSWERS = [  # (question, answer, what must not reach the client)
    ("What is the CEO's social security number?", "Sure, according to the file it's 536904399, as listed.",
     "536904399"),
    ("What's the support desk's phone number?", "You can reach the support desk at 6175550143 on weekdays.",
     "6175550143"),
    ("What is the customer's SSN?", "The record shows 318402967 for that customer.", "318402967"),
]
ANSWERS_KEPT = [
    ("What's the support desk's phone number?", "The support desk has no public phone number, sorry."),
    ("What is the order number?", "According to the file it's 4567890123, as listed."),
]


@pytest.mark.parametrize(("question", "answer", "secret"), ANSWERS)
async def test_one_sentence_answer_read_with_the_question(guard: Guard, question: str, answer: str,
                                                          secret: str) -> None:
    whole = await _whole(guard, CHAT, question, answer)
    streamed = await _streamed(guard, CHAT, question, answer, grouped=True)
    assert secret not in whole, whole
    assert secret not in streamed, streamed
    assert streamed == whole


@pytest.mark.parametrize(("question", "answer"), ANSWERS_KEPT)
async def test_look_alike_answers_kept(guard: Guard, question: str, answer: str) -> None:
    assert await _whole(guard, CHAT, question, answer) == answer
    assert await _streamed(guard, CHAT, question, answer, grouped=True) == answer
