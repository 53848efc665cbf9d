"""bank33 (atk31 F5, F13, F18): a person's name in a bank statement's or an interchange's party field (a QIF payee
line, MT940 `:86:` `?32`/`?33` and remittance name keys, a CAMT party's `<Nm>`, EDIFACT `CTA` and `NAD` party names)
is redacted in a request's text, whatever the surname (lists or not), in mixed case and capitals, and in an answer
whole and streamed when the policy screens names there; merchants' and firms' statements and EDIFACT firm parties
and department contacts go as sent. Names here are held out: other names than the report's and the probes'."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.bank33 import person_value, with_bank33
from proxy.nlp.names import NameLists
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, policy
from tests.support.pii import WordScorer

PII_OUT_NAMES = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT_NAMES), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=PII_OUT_NAMES))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


QIF = "!Type:Bank\nD02/11/2026\nT125.00\nN1042\nPNadia Kupferschmidt\nLGifts\n^\nD02/12/2026\nT-4.50\nPStarbucks\n^"
MT940 = (":61:2602050205DR850,00NTRFNONREF\n:86:177?00SEPA-UEBERWEISUNG?20EREF+NOTPROVIDED?21SVWZ+Miete Maerz"
         "?30COBADEFFXXX?31DE89370400440532013000?32OSKAR WRZESNIEWSKI\n:62F:C260205EUR1000,00")
LEAKS = [
    (QIF, ["Kupferschmidt", "Nadia"]),
    ("!Type:Bank\nD03/01/2026\nT-75.00\nPLeila Farahani\nMDinner split\n^", ["Farahani"]),
    ("!Type:CCard\nD03/02/2026\nT-20.00\nPSANJAY RAGHUNATHAN\n^", ["RAGHUNATHAN"]),
    (MT940, ["WRZESNIEWSKI", "OSKAR"]),
    (":86:166?00SEPA-UEBERWEISUNG?20EREF+NOTPROVIDED?21SVWZ+Rent?32Mireille Dubreuil", ["Dubreuil"]),
    (":86:166?00GUTSCHRIFT?20Geschenk?32KRAVETS, BOGDAN?34000", ["KRAVETS"]),
    (":86:166?00SEPA-GUTSCHRIFT?20EREF+4471?21SVWZ+Rechnung 4471?22ABWA+Keiko Oyelowo?32ACME GMBH", ["Oyelowo"]),
    (":86:177?00SEPA-UEBERWEISUNG?21SVWZ+Miete Februar Hanna Kravets?22Wohnung 3", ["Kravets"]),
    ("<Ntry><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Tariq Oyelowo</Nm></Dbtr></RltdPties></TxDtls></NtryDtls></Ntry>",
     ["Oyelowo"]),
    ("<TxDtls>\n <RltdPties>\n  <Cdtr>\n   <Pty>\n    <Nm>LEILA FARAHANI</Nm>\n   </Pty>\n  </Cdtr>\n"
     "  <UltmtDbtr><Nm>Oskar Dubreuil</Nm></UltmtDbtr>\n </RltdPties>\n</TxDtls>", ["FARAHANI", "Dubreuil"]),
    ("UNA:+.? '\nUNB+UNOC:3+SENDER+RECEIVER+260105:1200+1'\nNAD+BY+++ACME'\nCTA+IC+:Sanjay Kupferschmidt'\n"
     "COM+6175550143:TE'", ["Kupferschmidt", "6175550143"]),
    ("UNH+7+DESADV:D:01B:UN'\nCTA+OC+:MIREILLE RAGHUNATHAN'", ["RAGHUNATHAN"]),
    ("UNH+1+ORDERS:D:96A:UN'\nNAD+BY+++Wrzesniewski:Oskar+MAIN ST+BOSTON++02139+US'\nSummarize.",
     ["Wrzesniewski", "Oskar"]),
    ("NAD+DP+++FARAHANI:LEILA+12 HIGH ST+LEEDS++LS1 4AB+GB'", ["FARAHANI", "LEILA"]),
    ("UNH+1+ORDERS:D:96A:UN'\nNAD+BY+++Bogdan Dubreuil+MAIN ST+BOSTON++02139+US'", ["Dubreuil"]),
]

KEPT = [
    "!Type:Bank\nD01/05/2026\nT-50.00\nPWhole Foods Market\n^\nD01/06/2026\nT-12.40\nPStarbucks\n^\n"
    "D01/07/2026\nT-89.99\nPHome Depot\n^",
    "!Type:Bank\nD03/01/2026\nT-23.10\nPShell Oil 57442\nMFuel\n^\nD03/02/2026\nT-61.00\nPJiffy Lube #1182\n^",
    "!Type:CCard\nD03/04/2026\nT-14.99\nPSpotify USA\n^\nD03/05/2026\nT-120.00\nPCity Water Dept\n^",
    "!Type:Bank\nD01/05/2026\nT-50.00\nPAustin Energy\n^",
    ":86:166?00SEPA-LASTSCHRIFT?20EREF+INV4471?21SVWZ+Strom Januar?32Stadtwerke Muenchen GmbH\n"
    ":86:166?00GUTSCHRIFT?20Gehalt Januar?32Siemens AG",
    ":86:166?00SEPA-LASTSCHRIFT?20SVWZ+Beitrag Fitness First?21Mandat 4471?32McFit GmbH",
    ":86:805?00ABSCHLUSS?20Kontofuehrung?21Entgelt Januar",
    "<STMTTRN><TRNTYPE>DEBIT<TRNAMT>-50.00<NAME>TRADER JOES #552<MEMO>Groceries</STMTTRN>",
    "<Ntry><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Lincoln Financial</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>",
    "<Dbtr><Nm>Sally Beauty</Nm></Dbtr>",
    "UNH+1+INVOIC:D:96A:UN'\nBGM+380+INV4471+9'\nNAD+SU+++GLOBEX INDUSTRIES GMBH+HAUPTSTRASSE 5+BERLIN++10115+DE'\n"
    "CTA+AD+:Accounts Receivable'",
    "UNH+1+ORDERS:D:96A:UN'\nNAD+BY+++NORTHWIND TRADERS'\nCTA+PD+:Purchasing'\nCTA+IC+:Sales Desk'",
    "CTA+IC+:Customer Service'\nCTA+PD+:Buyer Desk'\nNAD+DP+++Warehouse North:Dock 4+5 RIVER RD+ALBANY++12207+US'",
    "NAD+SU+++Jackson Hewitt Tax Service+1 MAIN ST+DALLAS++75201+US'\n"
    "NAD+BY+++Austin Distribution Center+2 ELM ST+AUSTIN++73301+US'",
    "NAD+BY+++Grace Foods'\nNAD+SU+++Max Retail'",
]


@pytest.mark.parametrize(("text", "secrets"), LEAKS)
async def test_names_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    after = await _sent(guard, text)
    assert not [s for s in secrets if s in after], after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "secrets"), LEAKS)
async def test_answers_whole(guard: Guard, text: str, secrets: list[str]) -> None:
    """An answer's names are redacted where the policy screens PERSON on output (the default policy does not)."""
    got = await _answered(guard, text)
    assert not [s for s in secrets if s in got], got


@pytest.mark.parametrize(("text", "secrets"), LEAKS[10:])
async def test_edifact_answers_streamed(guard: Guard, text: str, secrets: list[str]) -> None:
    """(A segment is a line: a stream's window holds it whole. A QIF record's, a CAMT party's and a long `:86:`
    field's lines are not read with their record in a stream: see the report.)"""
    for size in (3, 7):
        got = await _streamed(guard, text, size)
        assert not [s for s in secrets if s in got], got


STRUCTURE = [  # (text, what stays as written around the redacted name)
    ("!Type:Bank\nD01/05/2026\nT-50.00\nPOskar Haddad\nMRent\n^", ["\nP<PERSON_1>\nMRent\n^"]),
    ("CTA+IC+:Margaret Abernathy'", ["CTA+IC+:<PERSON_1>'"]),
    ("<Cdtr><Nm>Max Mustermann GmbH</Nm></Cdtr><Dbtr><Pty><Nm>Leila Dubreuil</Nm></Pty></Dbtr>",
     ["<Nm>Max Mustermann GmbH</Nm></Cdtr>", "<Nm><PERSON_1></Nm></Pty>"]),
]


@pytest.mark.parametrize(("text", "kept"), STRUCTURE)
async def test_field_codes_and_tags_stay(guard: Guard, text: str, kept: list[str]) -> None:
    """A name's placeholder stands for the value alone: the field's code, the segment's tag and qualifier, the
    memo's word and an XML tag's name go as written."""
    after = await _sent(guard, text)
    assert all(k in after for k in kept), after


LISTS = NameLists(first=frozenset({"priya", "lincoln", "grace", "sally"}), last=frozenset({"okafor"}),
                  common=frozenset({"market", "beauty", "foods", "call", "raman"}),
                  very_common=frozenset({"market", "beauty", "foods", "call"}),
                  any_first=frozenset({"priya", "lincoln", "grace", "sally", "will", "kenji"}))


def test_person_value() -> None:
    for value in ("Priya Raman", "PRIYA RAMAN", "Priya K. Raman", "Raman, Priya", "Kenji Watanuki",
                  "Grace Okafor"):
        assert person_value(value, LISTS), value
    for value in ("Lincoln Financial", "Sally Beauty", "Grace Foods", "Will Call", "Priya", "Priya Raman GmbH",
                  "Whole Foods Market", "Priya Raman 4471", "Accounts Receivable", "Priya & Raman"):
        assert not person_value(value, LISTS), value


def test_remittance_pairs() -> None:
    person = ":86:166?00SEPA-LASTSCHRIFT?20SVWZ+Rechnung 0815 Priya Raman?21Danke"
    assert [person[a:b] for _, a, b, _ in with_bank33(person, [], LISTS)] == ["Priya Raman"]
    for firm in (":86:166?00SEPA-LASTSCHRIFT?20SVWZ+Rechnung 0815 Priya Raman GmbH?21Danke",
                 ":86:166?00SEPA-LASTSCHRIFT?20SVWZ+Grace Foods Market?21Will Call"):
        assert with_bank33(firm, [], LISTS) == [], firm
