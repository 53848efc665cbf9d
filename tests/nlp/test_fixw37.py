"""fixw37 (atk36 F20, F16, F07): fixed-width payroll lines (digit runs glued to letters or padded fields, cut into an
SSN, a phone, a date, a zero-padded id), NACHA entry detail records (the individual id and name, 94 characters or a
paste's cut line, and a stream's window cut inside one), a card number wrapped over two lines (after a card word, or
printed 4-4-4-4 alone), HL7 PID-20 and a miscounted PID-18 bare SSN. Values and names are held out (not the
report's); the look-alikes (NACHA batch/control records, a company's entry, logs, amounts, tables of 4-digit numbers,
HL7 numeric fields) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = policy(output={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _entry(name: str, ident: str, amount: str = "0000250075", trace: str = "071000010000123") -> str:
    """A NACHA entry detail record of 94 characters (PPD credit to a checking account)."""
    record = "622" + "07100001" + "3" + "4410982271".ljust(17) + amount + ident.ljust(15) + name.ljust(22) + "  0" \
        + trace
    assert len(record) == 94
    return record


HEADER = ("101 071000013 0710000131612051200A094101FIRST MIDWEST BANK     ACME PAYROLL SVC       ".ljust(94) + "\n"
          + "5220ACME PAYROLL SVC                    1364529871PPDPAYROLL   261205261205   1071000010000001")
CONTROL = ("822000000200142000020000000000000000005001251364529871                         071000010000001\n"
           + "9000001000001000000020014200002000000000000000000500125".ljust(94))

LEAKS = [  # (text, values that must not go out)
    ("0012208WOJCIK        AGNIESZKA 5284719032065550187", ["528471903", "2065550187", "WOJCIK"]),
    ("E4471  NAKAMURA      KENJI     4135550199 539224410 19850412", ["4135550199", "539224410", "NAKAMURA"]),
    ("0000917OKAFOR        CHIDI     20260105448193027", ["448193027", "OKAFOR"]),
    ("0031552HALVORSEN     INGRID    000450000 6175550143", ["6175550143", "HALVORSEN"]),
    ("Payroll extract:\n00044710000000000MENDOZA      RAFAEL    3125559087", ["3125559087", "MENDOZA"]),
    (_entry("MARISOL GUTIERREZ", "527183049"), ["527183049", "MARISOL", "GUTIERREZ"]),
    (_entry("TOMASZ WROBLEWSKI", "461-28-3390"), ["461-28-3390", "WROBLEWSKI"]),
    (HEADER + "\n" + _entry("PRIYA RAGHUNATHAN", "384220915") + "\n" + CONTROL, ["384220915", "RAGHUNATHAN"]),
    # a paste that lost two characters of the account (92 characters): read by its fields
    ("62207100001344109822     0000250075527183049      DMITRI VOLKOV           0071000010000123",
     ["527183049", "VOLKOV"]),
    ("Card number: 5425 2334\n             3010 9903\nExp 09/28", ["3010 9903", "5425 2334"]),
    ("visa:\n4916 3385\n0608 2444", ["0608 2444"]),
    ("Amex on file 3714 496353\n98431 (corporate)", ["98431"]),
    ("Please charge\n6011 0009 9013\n9424\nthanks", ["9424", "6011 0009"]),
    ("Pay with:\n4024 0007\n1234 5671\nby Friday", ["1234 5671"]),
    ("MSH|^~\\&|ADT|MERCY|LAB|MERCY|202601051200||ADT^A04|77|P|2.5\n"
     "PID|1||88213^^^MERCY^MR||HALVORSEN^INGRID||19791102|F||||||||||||531447829^CA^20300101", ["531447829"]),
    ("PID|1||88214^^^MERCY^MR||OKAFOR^CHIDI||19830214|M||||||||||||448193027", ["448193027"]),
    ("PID|1||88215^^^MERCY^MR||NAKAMURA^KENJI||19880921|M|||||||||||539-22-4410", ["539-22-4410"]),
    ("PID|1||88216^^^MERCY^MR||WOJCIK^AGNIESZKA||19900101|F||||||||||528471903|", ["528471903"]),
]

KEPT = [
    HEADER + "\n" + CONTROL,
    _entry("ACME SUPPLY INC", "EMP00417"),
    _entry("NORTHWIND TRADERS LLC", "INV2026-0042"),
    "2026-01-05 12:00:01  WORKER03  job=4471 took 2204ms status=200",
    "ACCT 0004471 BALANCE     000125000  CR  000450017",
    "00123 WIDGET ASSEMBLY   000000125000450000  EA",
    "WH01  PALLET 00044710  SKU4412208  QTY 000000120  BIN A07",
    "Q4 REGION NORTH     000812500004471   000000091245",
    "Totals:\n4539 1488\n0343 6401",
    "Ports 8080 8443\n9090 9443 are open.",
    "Revenue by quarter\n1250 4400\n3300 2100",
    "Codes:\n4111 2222\n4024 0007\n1234 5671\n8000 1000",
    "MSH|^~\\&|LAB|MERCY|EHR|MERCY|202601051200||ORU^R01|78|P|2.5\n"
    "OBX|1|NM|2345-7^GLUCOSE^LN||123456789|mg/dL|70-99|H|||F",
    "PID|1||88217^^^MERCY^MR||||19900101|F||||||||||ACCT5521^^^MERCY^AN||D1234567^NY^20300101",
]


@pytest.mark.parametrize(("text", "values"), LEAKS)
async def test_sent_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert not [v for v in values if v in sent], sent


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_kept(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


@pytest.mark.parametrize(("text", "values"), [LEAKS[0], LEAKS[5], LEAKS[7], LEAKS[9], LEAKS[10], LEAKS[15]])
async def test_answer_streamed(guard: Guard, text: str, values: list[str]) -> None:
    for size in (3, 17):
        out = await streamed_out(guard, P_OUT, "Here it is:\n" + text + "\nDone.", size)
        assert not [v for v in values if v in out], out


def test_readers() -> None:
    from proxy.nlp.fixw37 import nacha_entries, wrapped_cards

    record = _entry("MARISOL GUTIERREZ", "527183049")
    ((a, b, c, d),) = nacha_entries(record)
    assert (record[a:b], record[c:d]) == ("527183049", "MARISOL GUTIERREZ")
    assert nacha_entries(HEADER + "\n" + CONTROL) == []
    text = "Card number: 5425 2334\n   3010 9903"
    assert [(text[a:b], new) for a, b, new in wrapped_cards(text)] == [("\n   ", " ")]
    assert list(wrapped_cards("Totals:\n4539 1488\n0343 6401")) == []
