"""voice38 (atk37 F03): phone numbers and SSNs as voice/ASR transcripts write them (single digits grouped by commas
or not, digit words in English with `oh`/`double`/`triple`, German with `zwo`, Spanish, French, Italian, Portuguese
with `meia`) after a turn's cue or a speaker's label, and a mailbox spelled letter by letter before `at gmail`, are
redacted in a request's text and in an answer, whole and streamed; counting, countdowns, steps, recipes, scores,
grids, bits, pi's digits and ids read out after an order's or a ticket's word go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.voice38 import spoken_first, spoken_runs, voice_open
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer, streamed_out


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=PII_OUT), text, size)


# (text, the value that must not go out). The report's forms, then other numbers, languages, labels.
CASES = [
    ("Let me confirm your number: 6 1 7, 5 5 5, 2 3 8 7.", "6 1 7, 5 5 5, 2 3 8 7"),
    ("Agent: and your callback number? Caller: six one seven, five five five, two three eight seven.",
     "six one seven, five five five, two three eight seven"),
    ("it's six one seven five five five two three eight seven", "six one seven five five five two three eight seven"),
    ("Caller: it's 5 3 6 9 0 4 3 9 9", "5 3 6 9 0 4 3 9 9"),
    ("Anrufer: meine Nummer ist null eins sieben eins, zwei drei vier fünf sechs sieben acht",
     "null eins sieben eins, zwei drei vier fünf sechs sieben acht"),
    ("Cliente: mi número es seis uno dos, tres cuatro, cinco seis, siete ocho",
     "seis uno dos, tres cuatro, cinco seis, siete ocho"),
    ("digits 4 0 2 7 1 8 3 5 6", "4 0 2 7 1 8 3 5 6"),
    ("Agent: Thanks. Caller: so that's three one two, double eight four, oh nine five one.",
     "three one two, double eight four, oh nine five one"),
    ("Customer: my cell, it's 4 0 4 - 8 2 7 - 1 9 6 3, text only.", "4 0 4 - 8 2 7 - 1 9 6 3"),
    ("Rep: confirming two one four, triple seven, three eight oh two.",
     "two one four, triple seven, three eight oh two"),
    ("Appelant : c'est zéro six, un quatre, sept deux, huit huit, trois neuf.",
     "zéro six, un quatre, sept deux, huit huit, trois neuf"),
    ("Chiamante: è tre due otto, quattro uno, sette sette nove, due.",
     "tre due otto, quattro uno, sette sette nove, due"),
    ("Paciente: o meu é nove meia dois, quatro oito, sete um, três cinco.",
     "nove meia dois, quatro oito, sete um, três cinco"),
    ("Kundin: Die Nummer ist null zwo eins eins, neun acht sieben sechs vier drei.",
     "null zwo eins eins, neun acht sieben sechs vier drei"),
    ("Patient: my social? two four seven, three eight, one nine six five.",
     "two four seven, three eight, one nine six five"),
    ("Caller: my email is K O W A L S K I at gmail", "K O W A L S K I"),
    ("Customer: it's p-r-z-y-b-y-l at yahoo dot com.", "p-r-z-y-b-y-l"),
]

KEPT = [
    "Steps: 1 2 3 4 5 6 7 8, then reboot.",
    "I called two or three times and got one, two, three busy tones.",
    "One, two, three, go! Then four, five, six, seven and eight.",
    "We went from 2.4.1 to 3.0.7 and then 3.1.0 last sprint.",
    "The clock showed five five and then five fifty.",
    "Final: 3 2, then 1 1, then 4 2 after overtime.",
    "Mix 2 eggs, 3 cups flour, 1 tsp salt, 4 tbsp sugar.",
    "Write de ad be ef 00 11 22 33 to the register.",
    "6 5 4 3 2 1 liftoff, and the crowd cheered.",
    "ten nine eight seven six five four three two one, happy new year",
    "The draw was 4 8 15 16 23 42; what are the odds?",
    "Your confirmation number is four seven two nine one eight three.",
    "Caller: my order number is 7 2 9 4 1 8 3 5.",
    "Agent: the ticket is 3 8 2 7 4 1 9, anything else?",
    "The identity matrix:\n1 0 0 0\n0 1 0 0\n0 0 1 0",
    "Caller: the puzzle row is 5 3 0 0 7 0 0 0 0\n6 0 0 1 9 5 0 0 0",
    "It's 1 0 1 1 0 1 0 0 1 in binary.",
    "It's 3 1 4 1 5 9 2 6 5, pi to nine digits.",
    "Agent: press 1 for billing, 2 for support, 3 for sales.",
    "Customer: it's five or six days since I called, maybe seven.",
    "Press A B C at the menu, then check gmail for the code.",
    "I like A B C at web scale.",
]


@pytest.mark.parametrize(("text", "secret"), CASES)
async def test_read_out_values_are_redacted_in_requests(guard: Guard, text: str, secret: str) -> None:
    after = await _sent(guard, text)
    assert secret not in after, after


@pytest.mark.parametrize(("text", "secret"), CASES)
async def test_read_out_values_are_redacted_in_answers(guard: Guard, text: str, secret: str) -> None:
    assert secret not in await _answered(guard, text)
    for size in (3, 7):
        assert secret not in await _streamed(guard, text, size)


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_spoken_runs_entities() -> None:
    assert [e for e, _, _ in spoken_runs("Caller: it's 5 3 6 9 0 4 3 9 9")] == ["US_SSN"]
    assert [e for e, _, _ in spoken_runs("Caller: my phone is 5 3 6 9 0 4 3 9 9")] == ["PHONE_NUMBER"]
    assert [e for e, _, _ in spoken_runs("Agent: callback? Caller: 6 1 7 5 5 5 2 3 8 7")] == ["PHONE_NUMBER"]
    assert spoken_runs("Count: seven three one nine two eight four") == []  # no cue
    assert spoken_runs("Caller: it's six one seven five five five two three eight seven hundred") == []


def test_stream_holds() -> None:
    assert voice_open("Caller: six one seven, ", "five")
    assert voice_open("Caller: six one seven, fi", "ve five")
    assert voice_open("it's nine seven two double ", "")
    assert not voice_open("I have one ", "dog and two cats")
    assert spoken_first("Caller: six one seven, five five five")
    assert not spoken_first("Caller: six is my lucky number")
