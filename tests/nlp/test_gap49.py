"""gap49 (`proxy.nlp.gap49`): a Slavic verb of calling or writing at a sentence's start is no person and no part of
the name after it (`Zadzwoń do mnie: 512 345 678.`, `Dzwonił Jan Kowalski wczoraj.`; cs/sk/ru/uk, Latin and
Cyrillic): the phone number and the name are still redacted, the verb kept. A lower-case surname after its cue
(`my surname is okafor`) is redacted; an adjective there (`my surname is long`) is not."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.gap49 import without_verbs
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(P_IN, [text])
    return verdict.texts[0] if verdict.texts[0] is not None else text


@pytest.mark.parametrize(("text", "kept", "gone"), [
    ("Zadzwoń do mnie: 512 345 678.", "Zadzwoń do mnie: ", "512 345 678"),
    ("Zadzwoń: 512 345 678.", "Zadzwoń: ", "512 345 678"),
    ("Dzwonił Jan Kowalski wczoraj.", "Dzwonił ", "Kowalski"),
    ("Napisał Piotr Nowak wczoraj.", "Napisał ", "Nowak"),
    ("Napisała Maria Wiśniewska wczoraj.", "Napisała ", "Wiśniewska"),
    ("Volal Petr Svoboda včera.", "Volal ", "Svoboda"),
    ("Volal Peter Kováč včera.", "Volal ", "Kováč"),
    ("Zvonil Ivan Petrov vchera.", "Zvonil ", "Petrov"),
    ("Pozvoni mne: 912 345 67 89.", "Pozvoni mne: ", "912 345"),
    ("Позвони мне: 912 345 67 89.", "Позвони мне: ", "912 345"),
    ("Звонил Иван Петров вчера.", "Звонил ", "Петров"),
    ("Дзвонив Тарас Коваленко вчора.", "Дзвонив ", "Коваленко"),
])
async def test_the_verb_is_kept_the_value_redacted(guard: Guard, text: str, kept: str, gone: str) -> None:
    sent = await _sent(guard, text)
    assert sent.startswith(kept) and gone not in sent, sent


@pytest.mark.parametrize(("text", "gone"), [("my surname is okafor", "okafor"),
                                            ("my last name is okafor", "okafor"),
                                            ("His family name is nguyen.", "nguyen"),
                                            ("my surname is smith", "smith")])
async def test_a_lower_case_surname_after_its_cue_is_redacted(guard: Guard, text: str, gone: str) -> None:
    assert gone not in await _sent(guard, text)


@pytest.mark.parametrize("text", ["my surname is long", "my surname is unusual", "my surname is hyphenated"])
async def test_an_adjective_after_the_cue_goes_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("span", "want"), [("Zadzwoń", None), ("Dzwonił Jan Kowalski", "Jan Kowalski"),
                                            ("Dzwonkowski", "Dzwonkowski"), ("Pisano", "Pisano"),
                                            ("Zvonimir Boban", "Zvonimir Boban")])
def test_only_a_verb_is_taken_off_a_name(span: str, want: str | None) -> None:
    text = span + " wczoraj."
    got = without_verbs(text, [("PERSON", 0, len(span), 0.85)])
    assert [text[a:b] for _, a, b, _ in got] == ([want] if want else [])
