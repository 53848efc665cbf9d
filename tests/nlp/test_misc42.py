"""misc42 (atk42 FP02, FP04): Polish forms of address in the vocative and plural (`Szanowny Panie,`, `Szanowni
Państwo,`) are no names, and a workday's abbreviation after a preposition of time (`by Fri`, `until Wed`) is a date;
the names after them stay redacted. Values and layouts are held out (not the report's)."""

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


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


KEPT = [  # PII-free: go as sent
    "Szanowny Panie,\nw załączeniu przesyłam fakturę za kwiecień.",
    "Szanowny Panie,\nuprzejmie przypominam o terminie płatności.",
    "Szanowni Państwo,\nprosimy o potwierdzenie zamówienia nr 4471.",
    "Szanowny Panie Prezesie,\nprzesyłam sprawozdanie kwartalne.",
    "Dzień dobry, czy Państwo otrzymali naszą ofertę?",
    "Please send the signed contract by Fri so legal can file it.",
    "The migration is frozen until Wed, ping the channel if urgent.",
    "Release notes are due Thu, the retro is next Tue afternoon.",
    "We deploy every Mon and Thurs; nothing ships after Fri noon.",
]


@pytest.mark.parametrize("text", KEPT)
async def test_kept(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


REDACTED = [  # (text, secrets that must not be sent)
    ("Szanowny Panie Januszu Wiśniewski,\ndziękuję za spotkanie.", ["Wiśniewski"]),
    ("Szanowna Pani Agnieszko Zielińska,\nprzesyłam umowę.", ["Zielińska"]),
    ("Szanowni Państwo Kowalczykowie, zapraszamy na otwarcie.", ["Kowalczykowie"]),
    ("Send it to Chidi Okonkwo by Fri, he signs off.", ["Okonkwo"]),
    ("Until Wed Marguerite Okonjo covers the on-call.", ["Okonjo"]),
]


@pytest.mark.parametrize(("text", "secrets"), REDACTED)
async def test_names_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert not [s for s in secrets if s in sent], sent
