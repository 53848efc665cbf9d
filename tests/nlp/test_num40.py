"""num40 (atk38, atk39 leftovers): Mexican mobiles in the old dialling (`+52 1 55 ...`, `044 55 ...`), form-urlencoded
phone numbers with a long group (`phone=%2B49+151+23456789`), SSNs and phone numbers as OCR writes them (`S` for
`5`, `B` for `8`) after their label, an Exchange X.500 address's mailbox alias (`/cn=Recipients/cn=jsmith`) are
redacted in a request's text and in an answer, whole and streamed; network addresses in a subnet or routing question
(`a /22 network starting at 10.20.0.0`), part numbers with the same letters, an X.500 address's organisation and
service mailboxes go as sent. Values here are held out: not the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.num40 import mx_mobiles, ocr_labelled, without_dn_orgs, without_networks
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

P_OUT = {"pii": {**PII_OUT["pii"], "entities": [*PII_OUT["pii"]["entities"], "PERSON"]}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=P_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=P_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


CASES = [
    # Mexican mobiles: the old `1` after +52, `044`/`045` from a landline
    ("Mi celular es +52 1 55 4821 9037, escríbeme.", ["4821 9037"], "PHONE_NUMBER"),
    ("Contacto: +52 1 33 2718 4590 (Guadalajara)", ["2718 4590"], "PHONE_NUMBER"),
    ("Desde un fijo marca 044 55 4821 9037 o 045 81 3307 1264.", ["4821 9037", "3307 1264"], "PHONE_NUMBER"),
    # form-urlencoded phone numbers: a group of seven or eight digits
    ("phone=%2B49+151+40718263&consent=yes", ["40718263"], "PHONE_NUMBER"),
    ("lead: name=x&mobile=%2B49+170+5538207&src=web", ["5538207"], "PHONE_NUMBER"),
    ('curl -d "tel=%2B31+6+40718263&ok=1" https://api.example.org/signup', ["40718263"], "PHONE_NUMBER"),
    # OCR'd SSNs and phone numbers after their label
    ("SSN: S41-2B-7730", ["S41-2B-7730"], "US_SSN"),
    ("Social Security No. 2l8-S6-40B1", ["2l8-S6-40B1"], "US_SSN"),
    ("Applicant SSN 6B2-4S-1O97\nDOB 04/11/1987", ["6B2-4S-1O97"], "US_SSN"),
    ("Phone: (312) S47-B206", ["S47-B206"], "PHONE_NUMBER"),
    ("Cell 718-4B3-2S61 (evenings)", ["4B3-2S61"], "PHONE_NUMBER"),
    ("Fax: (617) 3B9.O4S2", ["3B9.O4S2"], "PHONE_NUMBER"),
    # Exchange X.500 addresses: the alias under cn=Recipients
    ("legacyExchangeDN: /o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jsmith",
     ["jsmith"], "PERSON"),
    ("The NDR names X500:/o=Fabrikam/ou=First Administrative Group/cn=Recipients/cn=ingrid.solberg as the sender.",
     ["ingrid.solberg"], "PERSON"),
    ('"LegacyExchangeDN": "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/'
     'cn=9f8e7d6c5b4a39281706f5e4d3c2b1a0-kwhite"', ["kwhite"], "PERSON"),
]


@pytest.mark.parametrize("text, secrets, entity", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str], entity: str) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == [], sent
    assert entity in sent, sent


@pytest.mark.parametrize("k", range(0, len(CASES), 2))
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets, _ = CASES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3), await _streamed(guard, text, 7)):
        assert [s for s in secrets if s in got] == [], got


LOOK_ALIKES = [
    # networks in routing and subnet questions
    "Calculate the subnet mask for a /22 network starting at 10.20.0.0.",
    "route add 10.20.0.0 255.255.0.0 gw 10.0.0.1",
    "ip route 172.16.0.0 255.240.0.0 Null0",
    "network 10.30.0.0 mask 255.255.0.0 area 0",
    "Summarize the routes 10.20.0.0 and 10.21.0.0 for OSPF.",
    "The VPC CIDR is 10.20.0.0/16 with subnets 10.20.1.0/24 and 10.20.2.0/24.",
    "Allowed: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16; bind 0.0.0.0 and netmask 255.255.255.0",
    "Which hosts does 192.168.1.0/24 cover?",
    "Upgrade from 10.2.0.0 to 10.4.1.0 of the SDK.",
    # OCR letters without a label: parts, lots, serials, orders
    "SKU B12-34-5678 is out of stock", "Part S23-45-6789 replaced under warranty", "Lot B12-4S-3390 expired",
    "S/N 4B7-2S-9102 on the chassis", "Order #SB12-4S-6789 shipped today", "Model SB-617-482 in stock",
    "The B2B deal had 5S audits, S3 buckets and 4B cores.", "Serial number: SN-4B2-0143-X",
    "Version 5.12.1 build 3S4-B2 released", "Chess: Bb5 Nf3 O-O e4", "Room S23, building B12, floor 4",
    "SSN format is AAA-GG-SSSS with 9 digits", "Phone format (XXX) XXX-XXXX",
    # forms without a phone number
    "phone=off&tel=no&mobile=1", "amount=1234+5678&currency=EUR", "q=red+green+blue&page=2", "code=1+2+3&x=4",
    # X.500 addresses without a person
    "/o=Contoso/ou=Exchange Administrative Group/cn=Configuration/cn=Servers/cn=EX01",
    "/o=Contoso/ou=First Administrative Group/cn=Recipients/cn=Administrator",
    "/o=Contoso/ou=First Administrative Group/cn=Recipients/cn=SystemMailbox{1f05a927-4d12-4c3b-9f0a-1b2c3d4e5f60}",
    # Mexican dialling rules, numbers of other kinds
    "Mexico's country code is +52 and the old mobile prefix was 1.",
    "Dial 044 for a mobile from a landline, 045 for long distance (old rules).",
    "ZIP 02139-4307 for the office", "Timestamp 2025-12-07 01:45:00 UTC", "Invoice INV-2026-0042-1187 due",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_ocr_labelled() -> None:
    text = "SSN: S41-2B-7730\nPart S23-45-6789\nTel (312) S47-B206\nB2B 5S"
    got = text
    for a, b, digit in sorted(ocr_labelled(text), reverse=True):
        got = got[:a] + digit + got[b:]
    assert got == "SSN: 541-28-7730\nPart S23-45-6789\nTel (312) 547-8206\nB2B 5S"
    assert list(ocr_labelled("SSN: BSS-SB-BSSB")) == []  # (a group without a digit)
    assert list(ocr_labelled("SSN: O12-34-5678")) == []  # (`O` alone: normalize._letter_digits)


def test_without_networks_and_orgs() -> None:
    text = "route 10.20.0.0 255.255.0.0 via 10.20.0.1\nthe host 10.9.8.0 is up"
    found = [("IP_ADDRESS", text.index(v), text.index(v) + len(v), 0.9) for v in ("10.20.0.0", "10.20.0.1", "10.9.8.0")]
    assert without_networks(text, found) == found[1:]
    dn = "/o=Contoso/ou=Sales/cn=Recipients/cn=rvasquez"
    assert without_dn_orgs(dn, [("PERSON", 3, 10, 0.8), ("PERSON", 37, 45, 0.85)]) == [("PERSON", 37, 45, 0.85)]
    mx = "tel 044 55 4821 9037; ssn 044-55-4821"
    found = [("PHONE_NUMBER", 4, 20, 0.4), ("US_SSN", 4, 15, 0.5), ("US_SSN", 26, 37, 0.5)]
    assert mx_mobiles(mx, found) == [("US_SSN", 26, 37, 0.5), ("PHONE_NUMBER", 4, 20, 0.5)]
