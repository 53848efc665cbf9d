"""spoken39 (atk39 F13): card numbers read out in digit words or pair words (`forty-four eighty-five`), IBANs read out
as spoken capitals and digit words, and a spoken e-mail's local part joined by `underscore`/`dash`/`hyphen`/`period`
are redacted in a request's text and in an answer, whole and streamed; prose with number words, years, scores,
recipes, counting and `under score` go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.spoken39 import spoken_values
from tests.guard.conftest import PII_OUT, policy
from tests.support.pii import WordScorer, streamed_out

PII_IN = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                   "US_SSN", "IBAN_CODE"], "restore": True}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


# (text, a part of the value that must not go out)
CASES = [
    ("Agent: Can I get the card number?\nCaller: Sure, it's four four eight five, two seven five three, one eight "
     "nine zero, four four one eight.", "two seven five three"),
    ("Caller: my card is forty-four eighty-five, twenty-seven fifty-three, eighteen ninety, forty-four eighteen",
     "twenty-seven fifty-three"),
    ("Speaker 2: five one zero five, one oh five one, zero five one zero, five one double oh.", "one oh five one"),
    ("Customer: my debit card is forty-one eleven, eleven eleven, eleven eleven, eleven eleven", "eleven eleven"),
    ("Caller: the visa is 4 one 1 one, 1 one 1 one, 1 one 1 one, 1 one 1 one, thanks", "1 one 1 one"),
    ("Caller: email is chinwe underscore okafor at yahoo dot co dot uk", "chinwe"),
    ("Caller: it's amaka hyphen obi at outlook dot com", "amaka"),
    ("Caller: mail it to pieter period devries at gmail dot com", "pieter"),
]
IBANS = [
    ("Caller: my IBAN is D E four four, five zero zero one, zero five one seven, five four zero seven, three two four "
     "nine, three one", "five zero zero one"),
    ("Caller: it's G B two nine, N W B K, six zero one six, one three three one, nine two six eight, one nine.",
     "six zero one six"),
]

KEPT = [
    "I've been there four or five times this year, maybe six.",
    "It was two thousand twenty four, or two thousand twenty five at the latest.",
    "Forty-four people attended and twenty-one stayed for dinner.",
    "The final score was twenty-one to eighteen, then twenty-five to twenty-three.",
    "Add two cups flour, one cup sugar, three eggs and four tablespoons butter.",
    "Please don't put an under score in the name, and use a dash between the words.",
    "Count down: ten, nine, eight, seven, six, five, four, three, two, one, liftoff!",
    "She was born in nineteen eighty-four and moved in nineteen ninety-nine.",
    "The Fibonacci numbers: one, one, two, three, five, eight, thirteen, twenty-one, thirty-four, fifty-five.",
    "Room assignments: eleven, twelve, fourteen, fifteen, sixteen, seventeen, eighteen, nineteen.",
    "ISO country codes like D E and F R are two letters; G B is the UK.",
    "Use snake_case with an underscore between words, e.g. user_name, not user-name.",
]


@pytest.mark.parametrize(("text", "secret"), CASES + IBANS)
async def test_read_out_values_are_redacted_in_requests(guard: Guard, text: str, secret: str) -> None:
    after = await _sent(guard, text)
    assert secret not in after, after


@pytest.mark.parametrize(("text", "secret"), CASES)
async def test_read_out_values_are_redacted_in_answers(guard: Guard, text: str, secret: str) -> None:
    assert secret not in await _answered(guard, text)
    for size in (3, 7):
        assert secret not in await streamed_out(guard, policy(output=PII_OUT), text, size)


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_spoken_values_entities() -> None:
    assert [e for e, _, _ in spoken_values(CASES[1][0])] == ["CREDIT_CARD"]
    assert [e for e, _, _ in spoken_values(IBANS[0][0])] == ["IBAN_CODE"]
    # no card's word and no Luhn check: no card
    assert spoken_values("Caller: four four eight five, two seven five three, one eight nine zero, four four one "
                         "nine") == []
    assert spoken_values("Caller: it's four four eight five, two seven five three, one eight nine zero, four four "
                         "one eight hundred") == []
    # a checked run of bits without a card's word: no card
    bits = " ".join({"0": "zero", "1": "one"}[d] for d in "1000000000101111")
    assert spoken_values(f"The register reads {bits}.") == []
