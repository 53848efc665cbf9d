"""atk30 F11/F18: a signature's phone line under a label in other words or languages (`Tél.`, `Móvil`, `Tlf`,
`Puhelin`, `Direkt:`, `Durchwahl`, `Recepción:`, `Emergency:`, `After hours:`, `Out of hours:`, `Night line`) and a
value under a short key (`ph`, `mob`, `tlf`, `puhelin`, `ss_no`, `ss_number`) are redacted; look-alikes (a pH
value, opening hours, short numbers, keys that only start so) go as sent."""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
PHONE, SSN = "3125550176", "536904399"


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


LABELS = ["Tél.", "Móvil", "Tlf", "Puhelin", "Direkt", "Durchwahl", "Recepción", "Emergency", "Out of hours",
          "After hours", "Night line"]


@pytest.mark.parametrize("label", LABELS)
async def test_a_signature_line_under_the_label_is_redacted(guard: Guard, label: str) -> None:
    text = f"Please tidy up my e-mail signature:\n\nBest,\nOlga\n{label}: {PHONE}\nNorthwind"
    assert PHONE not in await _sent(guard, text)


KEYS = [("ph", PHONE), ("mob", PHONE), ("tlf", PHONE), ("puhelin", PHONE), ("ss_no", SSN), ("ss_number", SSN)]


@pytest.mark.parametrize(("key", "value"), KEYS)
async def test_a_value_under_a_short_key_is_redacted(guard: Guard, key: str, value: str) -> None:
    text = "Why does this payload fail validation?\n" + json.dumps({"data": {"user": {key: value, "state": "ok"}}})
    assert value not in await _sent(guard, text)


STAY = ['{"ph": 7.4, "temp_c": 21.5}', '{"mob_count": 3125550176}', '{"phase": 3125550176}',
        "Recepción: segunda planta, puerta 4.", "Emergency: call 911.", "After hours: 18:00-22:00",
        "Tél. 2024 report attached.", "Durchwahl bitte im Intranet nachsehen."]


@pytest.mark.parametrize("text", STAY)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
