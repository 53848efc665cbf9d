"""inv39 (atk39 F07): a name's words kept apart by an invisible or blank-looking character only (zero-width space,
braille blank, Hangul fillers, U+180E, a cancel tag) where a lower-case letter meets a capital, and a stray tag letter
inside a word (the first reading spells it out, as a model reads it; with tag characters the second reading, without
them, is read for names too): the name is redacted as with a plain space; words an invisible character sits inside
stay one word."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


SEPARATED = [  # (text, the name's parts that must not go)
    ("Customer Theodore\u200bHargreaves called.", ["Theodore", "Hargreaves"]),
    ("Customer Theodore\u2800Hargreaves called.", ["Theodore", "Hargreaves"]),
    ("Customer Theodore\u115fHargreaves called.", ["Theodore", "Hargreaves"]),
    ("Customer Theodore\u3164Hargreaves called.", ["Theodore", "Hargreaves"]),
    ("Customer Theodore\u180eHargreaves called.", ["Theodore", "Hargreaves"]),
    ("Customer Theodore\U000e007fHargreaves called.", ["Theodore", "Hargreaves"]),
    ("Please update the record for Marguerite\u2060\u200bOyelaran today.", ["Marguerite", "Oyelaran"]),
    ("Customer Theo\u3164dore Hargreaves called.", ["dore", "Hargreaves"]),
    ("Please update the record for Theo\U000e0041dore Harg\U000e0041reaves.", ["dore", "reaves"]),
    ("Refund for Kasimir\uffa0Lindqvist, order 4471.", ["Kasimir", "Lindqvist"]),
]
PLAIN = [  # invisible characters in PII-free text: removed by the view, nothing redacted
    "Use the i\u200bPhone app, it calls Java\u200bScript.",
    "The Power\u200bShell script runs on Git\u200bHub Actions.",
    "Deploy the web\u2060Socket server behind nginx.",
    "Flags: \U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f done.",
]


@pytest.mark.parametrize(("text", "values"), SEPARATED)
async def test_name_apart_by_invisible_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [v for v in values if v in sent] == [], ascii(sent)


@pytest.mark.parametrize("size", [3, 7])
async def test_name_apart_by_invisible_redacted_in_answers(guard: Guard, size: int) -> None:
    out = await streamed_out(guard, policy(output=P_OUT), "Your contact is Theodore\u200bHargreaves from sales.",
                             size)
    assert "Hargreaves" not in out and "Theodore" not in out, ascii(out)


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


def test_view_reads_a_space_between_words_only() -> None:
    assert normalize("Theodore\u200bHargreaves").text == "Theodore Hargreaves"
    assert normalize("Theo\u200bdore").text == "Theodore"  # inside a word: removed
    assert normalize("Power\u200bShell").text == "PowerShell"  # no given name before it: removed
    assert normalize("Theodore\u2800hargreaves").text == "Theodorehargreaves"  # no capital after it
