"""tsv30 (atk28 F08/F09/F19): a name in a tab-separated row of two cells (`John Smith\tSales`), a patient's name after
a PDF header's layout gap, a bare-digit phone after `Direct line`, `DID`, `Pager`, `Hotline`, `SG number`, after a
call-me phrase on the line before (quoted or not), and on a signature's number line under a person's name, are
redacted in a request's text; look-alikes (product and team rows, ticket and order lines, `Pager duty`, `DID you
know`, ids under a title) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.tsv30 import phone_values
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
PHONE = frozenset({"PHONE_NUMBER"})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (text, what must not go up): the report's rows and held-out ones (other names, other segment words).
NAMES = [
    ("Name\tDept\nJohn Smith\tSales", "John Smith"),
    ("Contact\tTeam\nPriya Raghunathan\tSales", "Raghunathan"),
    ("Name\tSegment\nJohn Smith\tBank", "John Smith"),
    ("Here is the roster:\nJohn Smith\tSales\nEmily Chen\tFinance", "John Smith"),
    ("Dana Kerr\tSales\t415-555-0199", "Dana Kerr"),
    ("Name\tRegion\nMarcus Webb\tHoldings", "Marcus Webb"),
    ("Owner\tUnit\nSofia Rossi\tPartners\nAisha Khan\tGroup", "Sofia Rossi"),
    ("Aisha Khan\tServices", "Aisha Khan"),
    ("Lena Vogel\tFoods", "Lena Vogel"),
    ("Page 1 of 2      PATIENT: KERR, DANA      DOB: 01/02/1980      MRN: 00451234", "DANA"),
    ("Report generated 2024-05-01      PATIENT: WEBB, MARCUS      MRN: 0099812", "WEBB"),
]
PHONES = [
    ("Best,\nDana Kerr\nVP Sales, Northwind\nDirect line: 4155550199", "4155550199"),
    ("Dana Kerr: thanks :) my direct line is 4155550199", "4155550199"),
    ("DID 4155550199", "4155550199"),
    ("Pager 4155550199", "4155550199"),
    ("Hotline 4155550199", "4155550199"),
    ("My SG number is 9123 4567.", "9123 4567"),
    ("DID: 2125550143", "2125550143"),
    ("Pager: 3125550172", "3125550172"),
    ("Our SG number: 6123 4567", "6123 4567"),
    ("Emily Chen\nDirector of Operations\nNorthwind Traders\n4155550199\nemily@northwind.io", "4155550199"),
    ("Emily Chen\nDirector of Operations\n14155550199", "14155550199"),
    ("--\nEmily Chen | Northwind Traders\no 4155550123 | m 4155550199", "4155550199"),
    ("> Best,\n> Emily Chen\n> Director, Ops | Northwind\n> 4155550199", "4155550199"),
    ("Best,\nJürgen Becker\nVertrieb\n015123456789", "015123456789"),
    ("Am Di., 4. März 2025 um 09:14 Uhr schrieb Jürgen Becker <jb@firma.de>:\n> Bitte ruf mich an:\n> 015123456789",
     "015123456789"),
    ("Thanks,\nSofia Rossi\nHead of Finance\nAcme Corp\n3125550172", "3125550172"),
    ("Aisha Khan | Senior Counsel\nt 2125550143 | c 3125550172", "2125550143"),
    ("> Regards,\n> Marcus Webb\n> CTO, Brightline\n> 12125550143", "12125550143"),
    ("Lena Vogel\nEinkauf\nMusterfirma GmbH\n017612345678", "017612345678"),
    ("> Rufen Sie mich bitte an:\n> 017612345678", "017612345678"),
]
KEPT = [
    "Widget Pro\tSales\t1200",
    "Item\tTeam\nWidget Pro\tSales\nGadget Max\tMarketing",
    "Team\tKind\nPlatform Core\tGroup",
    "Stock\tQty\nGrace Period\tDays",
    "Product\tTeam\nApple Pie\tBakery",
    "Sales Team\tNorth",
    "Pager duty rotation starts Monday; see ticket 4155550199",
    "DID you know 4155550199 is the build id?",
    "Quarterly Report\nRevenue Summary\n4155550199",
    "Invoice\nAcme Corp\n2125550143",
    "Director of Operations\n4155550199",
    "Release Notes\nVersion 3\n1699999999",
    "Direct deposit 4155550199 was reversed",
    "Toll-free trade agreement signed in 2019",
    "Hotline Miami 2 review",
    "Page 1 of 2      Patient education handout      Date: 01/02/2024",
    "The build id is\n4155550199",
]


@pytest.mark.parametrize(("text", "secret"), NAMES + PHONES)
async def test_values_are_redacted(guard: Guard, text: str, secret: str) -> None:
    after = await _sent(guard, text)
    assert secret not in after, after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


async def test_an_id_under_its_label_in_a_signature_stays(guard: Guard) -> None:
    after = await _sent(guard, "Emily Chen\nSupport Engineer\nOrder #\n4155550199")
    assert "Emily Chen" not in after and after.endswith("Order #\n4155550199"), after


def test_phone_values_spans() -> None:
    text = "Emily Chen\nVP Sales\no 4155550123 | m 4155550199\nDID 2125550143"
    got = sorted(phone_values(text, PHONE))
    assert [text[a:b] for a, b, _ in got] == ["4155550123", "4155550199", "2125550143"]
    assert {kind for _, _, kind in got} == {"PHONE_NUMBER"}
    assert phone_values(text, frozenset({"US_SSN"})) == []


def test_signature_needs_a_name_above_in_the_same_block() -> None:
    assert phone_values("Director of Operations\nNorthwind Traders\n4155550199", PHONE) == []
    assert phone_values("Emily Chen\n\nNorthwind Traders\n4155550199", PHONE) == []  # (a blank line between)
    assert phone_values("Emily Chen\nOrder 4155550199", PHONE) == []  # (an order's line, no number line)
    assert phone_values("Emily Chen\nSupport Engineer\nTicket ID:\n4155550199", PHONE) == []  # (the ticket's)
    assert phone_values("Emily Chen\nDirector\n1234567890", PHONE) == []  # (no valid US number)
    assert phone_values("Emily Chen\nDeployed\n1699999999", PHONE) == []  # (a Unix time: German at most)


def test_cues_need_the_number_right_after() -> None:
    assert phone_values("Pager duty 4155550199", PHONE) == []
    assert phone_values("Did 4155550199 arrive?", PHONE) == []  # (`DID` in capitals only)
    assert phone_values("SG number 1234 5678", PHONE) == []  # (no Singapore number)
