"""Issue 12, atk28 F04 and F10 (`proxy.guard.plur29`): question and tool cues in the plural and in Russian,
Japanese, Chinese and Korean; a value followed by a courtesy line; an answer of value lines (a Markdown list,
labelled lines); a tool call or an aside bubble between the question and the reply, a clarifying bubble before it.
Requests (a short reply) and answers (output rules, whole and streamed). Look-alikes stay as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard import context24, plur29
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import policy
from tests.guard.test_reply26 import PII, _streamed, _whole
from tests.support.pii import WordScorer


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


# ------------------------------------------------------------------------------------ cues

CUES = [
    ("What are the SSNs?", "ssn"), ("List the SSNs as JSON.", "ssn"), ("What are their TINs?", "ssn"),
    ("Give me the tax IDs.", "ssn"), ("Lastly, your social?", "ssn"), ("What's <PERSON_1>'s social?", "ssn"),
    ("What are the callback numbers?", "phone"), ("Their mobiles?", "phone"), ("Which numbers should I dial?", "phone"),
    ("What's the caller ID?", "phone"), ("Enter the caller's number.", "phone"),
    ("Какой у вас номер телефона?", "phone"), ("電話番号を教えてください。", "phone"),
    ("您的电话号码是多少？", "phone"),
    ("전화번호가 어떻게 되세요?", "phone"), ("Ваш СНИЛС?", "ssn"), ("マイナンバーを教えてください。", "ssn"),
    ("您的身份证号是多少？", "ssn"), ("Ваша электронная почта?", "email"), ("メールアドレスは？", "email"),
    ("Как вас зовут?", "name"), ("お名前を教えてください。", "name"), ("성함이 어떻게 되세요?", "name"),
]
NO_CUES = ["What are the order numbers?", "What is your social media handle?", "Which cells are empty?",
           "ファイルの名前は？", "What is the name of the file?", "How many tins of paint do we need?",
           "Какой длинный список?"]


@pytest.mark.parametrize(("question", "kind"), CUES)
def test_question_cue_plurals_and_languages(question: str, kind: str) -> None:
    assert context24.question_cue(question) == kind


@pytest.mark.parametrize("question", NO_CUES)
def test_no_cue_for_look_alikes(question: str) -> None:
    assert context24.question_cue(question) is None


def test_tool_cue_plurals() -> None:
    assert context24.tool_cue("get_ssns") == "ssn"
    assert context24.tool_cue("get_customer_ssns") == "ssn"
    assert context24.tool_cue("listMobiles") == "phone"
    assert context24.tool_cue("get_cells") is None
    assert context24.tool_cue("get_socials") is None


def test_short_with_courtesy_lines() -> None:
    assert context24.short("536904399\n\nThanks!")
    assert context24.short("6175550143\nthanks")
    assert context24.short("536904399\n\nLet me know if you need anything else.")
    assert not context24.short("536904399\nsee the attached file for the rest")
    assert not context24.short("first line\nsecond line")


def test_line_values() -> None:
    assert plur29.line_values("- 536904399\n- 478291035") == [2, 14]
    assert plur29.line_values("Primary: 4155550199\nBackup: 4155550123") == [9, 28]
    assert plur29.line_values("Here they are:\n- Dana: 4155550199") == [23]
    assert plur29.line_values("- apples\n- pears") is None
    assert plur29.line_values("Step one: run it\nStep two: 42 times") is None


# ------------------------------------------------------------------------------------ requests (F04)


async def _sent(guard: Guard, messages: list[dict[str, Any]]) -> str:
    body: dict[str, Any] = copy.deepcopy({"model": "m", "messages": messages})
    slots = openai.ADAPTER.request_texts(CHAT, body)
    with context24.cued(CHAT, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    content = body["messages"][-1]["content"]
    assert isinstance(content, str)
    return content


def _asked(question: str, reply: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": "hi"}, {"role": "assistant", "content": question},
            {"role": "user", "content": reply}]


REPLIES = [  # held-out values and phrasings (not the tester's)
    ("What are the SSNs?", "478291035", "478291035"),
    ("What are the SSNs of the co-signers?", "478291035, 318402967", "478291035"),
    ("And finally, your social?", "318402967", "318402967"),
    ("Какой у вас номер телефона?", "2125550147", "2125550147"),
    ("携帯電話の番号を教えてください。", "3125550188", "3125550188"),
    ("您的手机号码是多少？", "2125550147", "2125550147"),
    ("휴대폰 번호가 어떻게 되세요?", "3125550188", "3125550188"),
    ("What is your SSN?", "318402967\n\nThank you!", "318402967"),
    ("What is your phone number?", "2125550147\nthanks a lot", "2125550147"),
    ("What are the callback numbers?", "3125550188", "3125550188"),
]
KEPT = [("How many SSNs are on file?", "42"), ("What are the order numbers?", "4567890123"),
        ("What are the ticket numbers? Thanks!", "4567890123\nthanks"), ("Which cells are empty?", "B12")]


@pytest.mark.parametrize(("question", "reply", "secret"), REPLIES)
async def test_short_reply_read_with_its_question(guard: Guard, question: str, reply: str, secret: str) -> None:
    assert secret not in await _sent(guard, _asked(question, reply))


@pytest.mark.parametrize(("question", "reply"), KEPT)
async def test_look_alike_replies_kept(guard: Guard, question: str, reply: str) -> None:
    assert await _sent(guard, _asked(question, reply)) == reply


async def test_reply_after_a_tool_call_an_aside_and_a_clarifying_bubble(guard: Guard) -> None:
    call = [{"id": "c1", "type": "function", "function": {"name": "audit_log", "arguments": "{}"}}]
    with_tool = [{"role": "user", "content": "hi"},
                 {"role": "assistant", "content": "What is your phone number?", "tool_calls": call},
                 {"role": "tool", "tool_call_id": "c1", "content": "done"}, {"role": "user", "content": "2125550147"}]
    assert "2125550147" not in await _sent(guard, with_tool)
    aside = _asked("What is your SSN?", "318402967")
    aside.insert(2, {"role": "assistant", "content": "No rush."})
    assert "318402967" not in await _sent(guard, aside)
    clarify = _asked("What is your phone number?", "what for?")
    clarify.append({"role": "user", "content": "3125550188"})
    assert "3125550188" not in await _sent(guard, clarify)
    # a second assistant turn that asks something else: its cue, not the first's
    other = _asked("What is your phone number?", "4567890123")
    other.insert(2, {"role": "assistant", "content": "What's your order number?"})
    assert await _sent(guard, other) == "4567890123"


# ------------------------------------------------------------------------------------ answers (F10)

ANSWERS = [  # held-out values and phrasings
    ("What are the SSNs?", "318402967", ["318402967"]),
    ("List the SSNs as JSON.", '["478291035", "318402967"]', ["478291035", "318402967"]),
    ("What are their TINs?", "478291035 and 318402967", ["478291035"]),
    ("What is the CFO's SSN?", "478291035\n\nHope this helps!", ["478291035"]),
    ("List the backup phone numbers.", "- Ana: 2125550147\n- Raj: 3125550188", ["2125550147", "3125550188"]),
    ("What are the escalation phone numbers?", "Day: 2125550147\nNight: 3125550188", ["2125550147", "3125550188"]),
    ("What are the SSNs on the form?", "- 478291035\n- 318402967", ["478291035", "318402967"]),
    ("What are the contact numbers?", "2125550147", ["2125550147"]),
    ("Какой номер телефона у Анны?", "3125550188", ["3125550188"]),
    ("ラジの電話番号は？", "2125550147です。", ["2125550147"]),
]
ANSWERS_KEPT = [("How many SSNs are on file?", "42"), ("What are the order numbers?", "4567890123"),
                ("List the order numbers.", "- 4567890123\n- 4567890124"),
                ("What are the phone numbers for?", "Reaching the on-call team.\nThanks!")]


@pytest.mark.parametrize("kind", [CHAT, MESSAGES, RESPONSES])
@pytest.mark.parametrize(("question", "answer", "secrets"), ANSWERS)
async def test_short_answer_read_with_the_question(guard: Guard, kind: str, question: str, answer: str,
                                                   secrets: list[str]) -> None:
    whole = await _whole(guard, kind, question, answer)
    streamed = await _streamed(guard, kind, question, answer, grouped=True)
    for secret in secrets:
        assert secret not in whole, whole
        assert secret not in streamed, streamed
    assert streamed == whole


@pytest.mark.parametrize(("question", "answer"), ANSWERS_KEPT)
async def test_look_alike_answers_kept(guard: Guard, question: str, answer: str) -> None:
    assert await _whole(guard, CHAT, question, answer) == answer
    assert await _streamed(guard, CHAT, question, answer, grouped=True) == answer
