"""Issue 12, atk30 F10 and F30 (`proxy.guard.lang31`): a bare-digit reply to the assistant's phone question in Polish,
Arabic, Hindi, Indonesian and Vietnamese (requests), and the model's bare-digit answer to the user's phone question
in French, Polish, Indonesian, Hindi or to a two-part question (`Phone for support? And hours?`), whole and streamed
(chunks of 1 and 3). The tester's values are in `TESTER_*`; the rest are held out (other phrasings, other values).
PII-free look-alikes (other numbers asked for in those languages: order numbers, counts, years) stay as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard import context24, lang31, reply26
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import PII_OUT, policy
from tests.guard.test_reply26 import PII, _body
from tests.support.pii import WordScorer


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


# ------------------------------------------------------------------------------------ cues

CUES = ["Jaki jest Pana numer telefonu?", "ما هو رقم هاتفك؟", "आपका फ़ोन नंबर क्या है?", "Berapa nomor telepon Anda?",
        "Số điện thoại của bạn là gì?", "Quel est le numéro du support ?", "Phone for support? And hours?",
        # held out
        "Jaki jest Pani numer komórki?", "ما هو رقم جوالك؟", "आपका मोबाइल नंबर क्या है?", "Boleh minta nomor HP Anda?",
        "SĐT của anh là gì?", "Quel est le numéro du service client ?", "Support phone? And opening hours?",
        "What's your phone number? And the best time to call?"]
NO_CUES = ["Jaki jest numer zamówienia?", "Ile masz lat?", "ما هو رقم الطلب؟", "आपका ऑर्डर नंबर क्या है?",
           "Berapa nomor pesanan Anda?", "Mã đơn hàng của bạn là gì?", "Quel est le numéro de commande ?",
           "Order number? And the date?", "Phone for support? And the ticket number?", "Any questions? And hours?",
           "What is your mobile? And how many lines?", "Podaj numer telefonu. I rok?",
           "Quel est le numéro de version du support ?", "Quel est le numéro standard du produit ?"]


@pytest.mark.parametrize("question", CUES)
def test_phone_questions_in_more_languages(question: str) -> None:
    assert context24.question_cue(question) == "phone"


@pytest.mark.parametrize("question", NO_CUES)
def test_other_questions_give_no_phone_cue(question: str) -> None:
    assert context24.question_cue(question) != "phone"


def test_a_polish_question_reads_its_reply_after_the_polish_label() -> None:
    assert lang31.label(context24.question_cue("Jaki jest Pana numer telefonu?")) == lang31.PL_LABEL
    assert lang31.label(context24.question_cue("Wie lautet Ihre Telefonnummer?")) is None
    assert lang31.label(context24.question_cue("What is your phone number?")) is None


# ------------------------------------------------------------------------------------ requests (F10)

async def _sent(guard: Guard, question: str, reply: str) -> str:
    body: dict[str, Any] = copy.deepcopy({"model": "m", "messages": [
        {"role": "user", "content": "I need help with my booking."}, {"role": "assistant", "content": question},
        {"role": "user", "content": reply}]})
    slots = openai.ADAPTER.request_texts(CHAT, body)
    with context24.cued(CHAT, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    content = body["messages"][-1]["content"]
    assert isinstance(content, str)
    return content


TESTER_REPLIES = [("Jaki jest Pana numer telefonu?", "601234567"), ("ما هو رقم هاتفك؟", "0501234567"),
                  ("आपका फ़ोन नंबर क्या है?", "9876543210"), ("Berapa nomor telepon Anda?", "081234567890"),
                  ("Số điện thoại của bạn là gì?", "0912345678")]
REPLIES = [("Jaki jest Pani numer komórki?", "512345678"), ("Proszę podać numer telefonu.", "791234567"),
           ("Jaki jest Pana numer telefonu?", "2125550147"),
           ("ما هو رقم جوالك؟", "0551234567"), ("رقم الهاتف من فضلك؟", "01012345678"),
           ("आपका मोबाइल नंबर क्या है?", "9123456780"), ("कृपया अपना फोन नंबर बताएं।", "8765432109"),
           ("Boleh minta nomor HP Anda?", "085712345678"), ("Nomor ponsel Anda berapa?", "08131234567"),
           ("Cho tôi xin số điện thoại của bạn?", "0987654321"), ("SĐT của anh là gì?", "0903123456"),
           ("Quel est le numéro du service client ?", "0145678901"),
           ("What's your phone number? And the best time to call?", "3125550188, after 5")]
KEPT = [("Jaki jest numer zamówienia?", "601234567"), ("Ile masz lat?", "34"), ("W którym roku?", "2019"),
        ("ما هو رقم الطلب؟", "0501234567"), ("आपका ऑर्डर नंबर क्या है?", "9876543210"),
        ("Berapa nomor pesanan Anda?", "081234567890"), ("Berapa jumlah karyawan?", "250"),
        ("Mã đơn hàng của bạn là gì?", "0912345678"), ("Bạn sinh năm nào?", "1990"),
        ("Quel est le numéro de commande ?", "4567890123"), ("Order number? And the date?", "4567890123, 12 May")]


@pytest.mark.parametrize(("question", "reply"), TESTER_REPLIES + REPLIES)
async def test_a_bare_digit_reply_to_a_phone_question_is_redacted(guard: Guard, question: str, reply: str) -> None:
    digits = reply.split(",")[0]
    assert digits not in await _sent(guard, question, reply)


async def test_a_polish_one_sentence_reply_is_read_after_the_polish_label(guard: Guard) -> None:
    """A reply of one sentence around the number (`proxy.guard.reply31`) after a Polish question."""
    reply = "Jasne, proszę bardzo: 601234567, dziękuję za pomoc"
    assert "601234567" not in await _sent(guard, "Jaki jest Pana numer telefonu?", reply)


@pytest.mark.parametrize(("question", "reply"), KEPT)
async def test_other_numbers_asked_for_stay(guard: Guard, question: str, reply: str) -> None:
    assert await _sent(guard, question, reply) == reply


# ------------------------------------------------------------------------------------ answers (F30)

async def _whole(guard: Guard, kind: str, question: str, answer: str) -> str:
    reply26.note(kind, _body(kind, question))
    out = await guard.output(policy(output=PII_OUT), [answer], Vault(), prose=[True])
    return answer if out.texts[0] is None else out.texts[0]


async def _streamed(guard: Guard, kind: str, question: str, answer: str, size: int) -> str:
    reply26.note(kind, _body(kind, question))
    windows = guard.output_stream(policy(output=PII_OUT))
    got = []
    for k in range(0, len(answer), size):
        got.append(await windows.feed("choice:0:content", answer[k:k + size], group="choice:0"))
        got.extend(text for _, text in windows.take_spill())
    got.extend(text for _, text in await windows.end_group("choice:0"))
    return "".join(got)


TESTER_ANSWERS = [("Quel est le numéro du support ?", "0612345678"),
                  ("Jaki jest numer telefonu do wsparcia?", "601234567"),
                  ("Berapa nomor telepon dukungan?", "081234567890"), ("सपोर्ट का फ़ोन नंबर क्या है?", "9876543210"),
                  ("Phone for support? And hours?", "6175550143, 9-5")]
ANSWERS = [("Quel est le numéro du standard ?", "0478123456"),
           ("Jaki jest numer telefonu do recepcji?", "221234567"),
           ("Berapa nomor telepon kantor pusat?", "081398765432"),
           ("ग्राहक सेवा का फ़ोन नंबर क्या है?", "9812345670"),
           ("Support phone? And opening hours?", "2125550147, 9am-5pm"),
           ("What's the helpdesk phone? Also the hours?", "3125550188, 8-6")]
ANSWERS_KEPT = [("Quel est le numéro de commande ?", "4567890123"), ("W którym roku?", "2019"),
                ("Berapa jumlah karyawan?", "250"), ("आपका ऑर्डर नंबर क्या है?", "4567890123"),
                ("Order number? And the date?", "4567890123, 12 May")]


@pytest.mark.parametrize("kind", [CHAT, MESSAGES, RESPONSES])
@pytest.mark.parametrize(("question", "answer"), TESTER_ANSWERS + ANSWERS)
async def test_a_bare_digit_answer_to_a_phone_question_is_redacted(guard: Guard, kind: str, question: str,
                                                                   answer: str) -> None:
    digits = answer.split(",")[0]
    whole = await _whole(guard, kind, question, answer)
    assert digits not in whole, whole
    for size in (1, 3):
        streamed = await _streamed(guard, kind, question, answer, size)
        assert streamed == whole, (size, streamed)


@pytest.mark.parametrize(("question", "answer"), ANSWERS_KEPT)
async def test_other_numbers_answered_stay(guard: Guard, question: str, answer: str) -> None:
    assert await _whole(guard, CHAT, question, answer) == answer
    assert await _streamed(guard, CHAT, question, answer, 3) == answer
