"""fp46: words the name rules read as a person in frames no person is in (atk45's false positives, fpatk43's held-out
hunt): a place's label after coordinates, a Hinglish possessive, a vanity number's word, a JVM option, a register, a
CLI subcommand, a Swedish imperative, an eponym telescope, a compared product. Each goes as sent (a real value beside
it is still redacted); real people beside the same words stay redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.fp46 import without_fp46
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})

KEPT = [
    "Coordinates: 42.3601, -71.0589 (Boston).",
    "My number is 1-800-FLOWERS",
    "dmesg shows: Out of memory: Killed process 3321 (java) total-vm:8123456kB, anon-rss:3998112kB. The container "
    "limit is 4Gi and Xmx is 3g. Why is it still OOM killed?",
    "Assembly: what does `lea rax, [rdi + rsi*4 + 8]` compute?",
    "Prisma migrate dev wants to reset the database because of drift. How do I avoid losing data?",
    "Förklara reglerna i innebandy.",
    "Which is better for a first telescope: a refractor or a Dobsonian?",
    "Uniqlo Heattech vs merino wool for skiing base layers?",
]
# (text, what goes as sent, what is redacted)
MIXED = [
    ("Mera mobile number 9876543210 hai", "Mera mobile number ", "9876543210"),
]
PEOPLE = [
    ("Mera naam Priya Sharma hai", ["Priya Sharma"]),
    ("Mera naam Rahul hai", ["Rahul"]),
    ("The survey team (Maria Lopez) logged 34.0522, -118.2437.", ["Maria Lopez"]),
    ("Call Grace Miller at 1-800-FLOWERS.", ["Grace Miller"]),
    ("Rose Tyler called 1-800-FLOWERS.", ["Rose Tyler"]),
    ("Ask Ravi Patel about the rdi clobber.", ["Ravi Patel"]),
    ("Edi Rama met the delegation yesterday.", ["Edi Rama"]),
    ("Dev Patel starred in the film.", ["Dev Patel"]),
    ("Prisma migrate dev was run by Sofia Rossi.", ["Sofia Rossi"]),
    ("Förklara för Erik Lindqvist hur det fungerar.", ["Erik Lindqvist"]),
    ("John Dobson invented the Dobsonian mount.", ["John Dobson"]),
    ("Julian Weber prefers Uniqlo Heattech for skiing.", ["Julian Weber"]),
    ("Kevin Park set Xmx to 4g on the build server.", ["Kevin Park"]),
]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(P_IN, [text])
    return verdict.texts[0] if verdict.texts[0] is not None else text


@pytest.mark.parametrize("text", KEPT)
async def test_goes_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "kept", "value"), MIXED)
async def test_word_kept_value_redacted(guard: Guard, text: str, kept: str, value: str) -> None:
    sent = await _sent(guard, text)
    assert kept in sent and value not in sent and "PERSON" not in sent, sent


@pytest.mark.parametrize(("text", "names"), PEOPLE)
async def test_people_beside_the_same_words_redacted(guard: Guard, text: str, names: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [n for n in names if n in sent] == [], sent


class _Names:
    def is_name(self, word: str) -> bool:
        return word in {"Brian", "Weber"}

    def is_any_first(self, word: str) -> bool:
        return word == "Brian"


@pytest.mark.parametrize(("text", "word", "dropped"), [
    ("Coordinates: 42.3601, -71.0589 (Boston).", "Boston", True),
    ("Lead (Maria Lopez) at the site.", "Maria Lopez", False),
    ("Mera mobile number 9876543210 hai", "Mera", True),
    ("Mera loves the mobile number.", "Mera", False),
    ("My number is 1-800-FLOWERS", "FLOWERS", True),
    ("Ask Flowers about it", "Flowers", False),
    ("The limit is 4Gi and Xmx is 3g.", "Xmx", True),
    ("what does `lea rax, [rdi + 8]` compute?", "rdi", True),
    ("Edi Rama met them.", "Edi", False),
    ("Prisma migrate dev wants to reset.", "dev", True),
    ("Förklara reglerna i innebandy.", "Förklara", True),
    ("a refractor or a Dobsonian?", "Dobsonian", True),
    ("Is a Brian better?", "Brian", False),
    ("Uniqlo Heattech vs merino wool?", "Uniqlo Heattech", True),
    ("Ask Uniqlo Heattech vs merino wool?", "Uniqlo Heattech", False),
])
def test_rules(text: str, word: str, dropped: bool) -> None:
    start = text.index(word)
    found = [("PERSON", start, start + len(word), 0.85)]
    assert (without_fp46(text, found, _Names()) == []) is dropped  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "sent"), [
    ("INSERT INTO phones (area, exchange, line) VALUES (617, 555, '0143');",
     "INSERT INTO phones (area, exchange, line) VALUES (<PHONE_NUMBER_1>, <PHONE_NUMBER_2>, '<PHONE_NUMBER_3>');"),
    ("x = (617, 555, '0143')", "x = (<PHONE_NUMBER_1>, <PHONE_NUMBER_2>, '<PHONE_NUMBER_3>')"),
    ('SSN "536"-"90"-"4399"', 'SSN "<US_SSN_1>"-"<US_SSN_2>"-"<US_SSN_3>"'),
])
async def test_a_value_over_a_literals_quotes_redacted_part_by_part(guard: Guard, text: str, sent: str) -> None:
    assert await _sent(guard, text) == sent


@pytest.mark.parametrize(("text", "sent"), [
    ("call (617) 555-0143 now", "call <PHONE_NUMBER_1> now"),
    ("Phone: 617, 555, 0143", "Phone: <PHONE_NUMBER_1>"),
    ("INSERT INTO t (phone) VALUES ('617-555-0143');", "INSERT INTO t (phone) VALUES ('<PHONE_NUMBER_1>');"),
])
async def test_other_values_redacted_whole_as_before(guard: Guard, text: str, sent: str) -> None:
    assert await _sent(guard, text) == sent
