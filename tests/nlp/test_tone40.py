"""tone40 (atk40 F03, F06, false positives): Yoruba and Igbo names written with combining tone marks (no precomposed
form: `ọ` + U+0300) are found, their placeholder leaving no stray mark; a phone number split over an area code's row
and a number's row of a key/value table or list is redacted; a country or a phone's label before `:`, `w/` and an
Italian salutation are no names. Names, numbers and layouts here are not the report's only; the look-alikes go as
sent."""

from __future__ import annotations

import unicodedata

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=P_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


NAMED = [  # (text, what must not go, what must stay as written)
    ("Thanks Fẹ̀mi Àyọ̀kúnlé for the fix.", ["Fẹ̀mi", "Àyọ̀kúnlé", "Fẹmi", "Àyọkúnlé"], ["Thanks ", " for the fix."]),
    ("Please forward the contract to Tèmítọ́pẹ́ Adéwálé today.", ["Tèmítọ́pẹ́", "Adéwálé"], ["today."]),
    ("Bọ́lá Ọláòṣebìkan signed the lease on Monday.", ["Bọ́lá", "Ọláòṣebìkan"], ["signed the lease"]),
    ("Patient Ngọ̀zị Ọkọnkwọ missed her appointment.", ["Ngọ̀zị", "Ọkọnkwọ"], ["Patient ", "missed her"]),
    ("Our nurse Àyọ̀kúnlé Adéọlá will call you back.", ["Àyọ̀kúnlé", "Adéọlá"], ["will call you back."]),
    ("From: Adébáyọ̀ Ògúnlékè\nSubject: lab results", ["Adébáyọ̀", "Ògúnlékè"], ["Subject: lab results"]),
    ("Customer Olúwaseun Adébáyọ̀", ["Olúwaseun", "Adébáyọ"], ["Customer "]),
    ("Callback details:\n| field | value |\n|---|---|\n| area code | 415 |\n| number | 386-2947 |",
     ["386-2947", "| 415 |"], ["| area code |", "| number |"]),
    ("| part | value |\n|---|---|\n| area | 617 |\n| number | 492-3817 |", ["492-3817", "| 617 |"], ["| area |"]),
    ("**Area code:** 646\n**Number:** 273-9184\nCall after 5.", ["273-9184", "646"], ["Call after 5."]),
    ("Kontakt:\nVorwahl: 030\nRufnummer: 4829 1735", ["4829 1735", "030"], ["Vorwahl:", "Rufnummer:"]),
]
PLAIN = [  # PII-free look-alikes
    "Ọ̀rọ̀ àgbà kì í bọ́ sílẹ̀ lásán.",
    "The Yoruba vowel ọ̀ carries a low tone; ẹ́ carries a high one.",
    "Tôi học ở Hà Nội, Học viện Công nghệ Bưu chính.",
    "| area | 120 |\n| number | 4 |",
    "| area code | 617 |\n| population | 700000 |",
    "Area: 25 km2\nNumber of wells: 12",
    "| prefix | 010 |\n| number | 12345 |",
    "Spoke w/ the vendor about pricing.",
    "Gentile Dott.ssa,\nle scrivo per confermare l'appuntamento.",
    "HỌP LÚC 9 GIỜ SÁNG THỨ HAI",  # Vietnamese in capitals: `Ọ`, `Ú` as in Yoruba, `Ờ`/`Ứ` only in Vietnamese
    "LỊCH HỌP: PHÒNG SỐ 3, TẦNG HAI",
]
KEPT = [  # (text, the look-alike that must stay; the rest may be redacted)
    ("Numbers by country:\nKenya: 0712 345678", "Kenya:"),
    ("Uganda: +256 772 123456", "Uganda:"),
    ("Mein Handy: 0171 2345678", "Mein Handy:"),
    ("Handy: 0151 23456789", "Handy:"),
    ("Spoke w/ Priya about the rollout.", "Spoke w/ "),
    ("Gentile Dott.ssa Bellandi,\nle scrivo per confermare.", "Gentile Dott.ssa "),
    ("Egregio Signor Rossi,\nla ringrazio.", "Egregio Signor "),
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
    assert not any(unicodedata.combining(sent[i]) and sent[i - 1] == ">" for i in range(1, len(sent)))  # no stray mark


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::2])
@pytest.mark.parametrize("size", [0, 3])
async def test_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str], size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    # (in an answer a split phone's area code alone may stay: its number, the rest of the value, goes)
    assert [v for v in values if v in out and not v.startswith("| ") and len(v) > 3] == []
    assert not any(unicodedata.combining(out[i]) and out[i - 1] == ">" for i in range(1, len(out)))


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "kept"), KEPT)
async def test_labels_and_salutations_stay(guard: Guard, text: str, kept: str) -> None:
    assert kept in await _sent(guard, text)
