"""caps31 (atk30 F17, F20-F22, FP8; `proxy.nlp.caps31`): names in capitals where no person's verb follows them.

- bank statements' transfer descriptors (`ZELLE TO DMITRI VOLKOV 6175550143`, `VENMO PAYMENT ...`, `PAYPAL
  *DMITRIVOLKOV`, `PAY TO THE ORDER OF ...`) and the Zelle payee's bare phone; a name's span ends before `Conf#`;
- a form's person label in capitals (`RECIPIENT'S name MARGARET OKONKWO`), NCPDP's `CA`/`CB`/`CQ`, CMS-1500's
  `INSURED'S I.D. NUMBER`;
- a full name in capitals (`PLEASE REFUND DMITRI VOLKOV FOR ORDER 4412.`, an e-mail subject);
- an IATA boarding pass's name field; a transcript's speaker label in capitals;
- PII-free look-alikes go as sent: merchants named after people (`JOHN DEERE FINANCIAL`, `TOMMY HILFIGER OUTLET`),
  transfers to a company, shouted headings, form labels without a value, SRT lines that are no speaker.
Each list: the tester's texts (tuned on), then held-out ones (`# held-out`: other names, other phrasings).
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


REDACTED = [
    # atk30 F20, F21, F22, F17 (tuned on): (text, values that must not go up)
    ("Date,Description,Amount\n2026-12-01,ZELLE TO DMITRI VOLKOV 6175550143,-50.00\n"
     "2026-12-02,VENMO PAYMENT MARGARET OKONKWO,-20.00", ["VOLKOV", "DMITRI", "6175550143", "OKONKWO"]),
    ("Why was I charged twice for ZELLE TO DMITRI VOLKOV on Dec 1?", ["VOLKOV"]),
    ("705ZELLE PAYMENT FROM DMITRI VOLKOV TEL 6175550143                        00010000001", ["VOLKOV"]),
    ("PAYPAL *DMITRIVOLKOV 4029357733 CA", ["VOLKOV"]),
    ("CHECK 1042 PAY TO THE ORDER OF DMITRI VOLKOV $1,200.00", ["VOLKOV"]),
    ("Zelle to Dmitri Volkov 6175550143", ["Volkov", "6175550143"]),
    ("Check my 1099: RECIPIENT'S TIN 536-90-4399  RECIPIENT'S name MARGARET OKONKWO Street address 1450 ELM ST",
     ["OKONKWO", "MARGARET"]),
    ("AM01 C4 19800212 C5 2 CA MARGARET CB OKONKWO CM 1450 ELM ST CN SPRINGFIELD CQ 6175550143",
     ["OKONKWO", "6175550143"]),
    ("1a. INSURED'S I.D. NUMBER 536904399", ["536904399"]),
    ("PLEASE REFUND DMITRI VOLKOV FOR ORDER 4412.", ["VOLKOV"]),
    ("Subject: RE: REFUND REQUEST - DMITRI VOLKOV - ORDER 4412", ["VOLKOV"]),
    ("Decode my boarding pass: M1OKONKWO/MARGARET    EABC123 BOSJFKB6 0123 344Y012C0001 100",
     ["OKONKWO", "MARGARET"]),
    ("1\n00:00:01,000 --> 00:00:04,000\nDMITRI VOLKOV: I will send the contract today.", ["VOLKOV"]),
    # held-out
    ("Date,Description,Amount\n2026-11-03,ZELLE TO ANIKA SORENSEN,-75.00\n2026-11-04,SHELL OIL 57442,-41.20",
     ["SORENSEN"]),
    ("11/05 ZELLE PAYMENT FROM RAFAEL QUINTERO JPM99AB12 +300.00", ["QUINTERO"]),
    ("Can you tell me what VENMO PAYMENT TOMASZ WIECZOREK on 11/07 was for?", ["WIECZOREK"]),
    ("2026-10-12,ZELLE TO OLUWASEUN ADEYEMI ON 10/12 REF # PP0X12,-120.00", ["ADEYEMI"]),
    ("ACH CREDIT PAYMENT FROM ELENA PETRESCU 11/02", ["PETRESCU"]),
    ("10/22 ZELLE FROM SVETLANA IVANOVA 4045550172 250.00", ["IVANOVA", "4045550172"]),
    ("PAYPAL *JOHANNALINDQVIST 402-935-7733 CA", ["LINDQVIST"]),
    ("CASH APP*BEATA KOWALCZYK SAN FRANCISCO CA", ["KOWALCZYK"]),
    ("Zelle payment to Anika Sorensen 3125550188", ["3125550188"]),
    ("URGENT: CONTACT FOLASADE BALOGUN ABOUT THE INVOICE", ["BALOGUN"]),
    ("Subject: ACCOUNT CLOSURE FOR JERZY GRABOWSKI", ["GRABOWSKI"]),
    ("PAYEE'S name ADEBAYO OYELARAN", ["OYELARAN"]),
    ("BORROWER'S name RAFAEL QUINTERO  Street address (including apt. no.) 22 OAK AVE", ["QUINTERO"]),
    ("M1DUBROVSKY/PAVEL       EXY7Q2K SFOORDUA 0455 120Y023A0045 100", ["DUBROVSKY", "PAVEL"]),
    ("scan result: M1NAKAMURA/YUKI MR     EQRS456 NRTLAXJL 0062 110Y044K0120 147>5180", ["NAKAMURA", "YUKI"]),
    ("FOLASADE BALOGUN: Can everyone hear me?\nHOST: Yes, go ahead.", ["BALOGUN"]),
    ("TOMASZ WIECZOREK: We shipped it last week.", ["WIECZOREK"]),
    ("AM01 CA ANIKA CB SORENSEN CQ 3125550188", ["SORENSEN", "3125550188"]),
    ("1a. INSURED'S ID NUMBER 212-44-7789", ["212-44-7789"]),
    # atk30 F22 (L): payment handles (tuned on), then held-out
    ("Venmo: @Dmitri-Volkov-3 paid you $20 for pizza", ["Volkov"]),
    ("Cash App: $DmitriVolkov sent you $50", ["Volkov"]),
    ("Venmo request from @Anika_Sorensen for concert tickets", ["Sorensen"]),
    ("Paid $TomaszWieczorek on Cash App for the ride", ["Wieczorek"]),
    # names beside the look-alikes' words (held-out)
    ("CALL JOHN KOWALSKI ABOUT THE JOHN DEERE ORDER", ["KOWALSKI"]),
    ("ZELLE PAYMENT TO HIROSHI TANAKA CARD ENDING 1234", ["TANAKA"]),
    ("REFUND FOR DMITRI VOLKOV PAYMENT RECEIVED", ["VOLKOV"]),
]


@pytest.mark.parametrize(("text", "values"), REDACTED)
async def test_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert not [v for v in values if v in sent], sent


async def test_conf_label_kept(guard: Guard) -> None:
    # atk30 F20: the placeholder swallowed `Conf` (`<PERSON_1># T0Z9`)
    for text in ("Zelle payment from Chidi Okafor Conf# T0Z9", "Zelle payment from Oluwaseun Adeyemi Ref# 88213"):
        sent = await _sent(guard, text)
        assert "Okafor" not in sent and "Adeyemi" not in sent, sent
        assert "> Conf# T0Z9" in sent or "> Ref# 88213" in sent, sent


UNCHANGED = [
    # atk30 FP8 and the task's look-alikes (tuned on)
    "Date,Description,Amount\n2026-12-01,JOHN DEERE FINANCIAL,-412.00\n2026-12-02,WHOLE FOODS MARKET #10234,-86.12",
    "2026-12-03,TRADER JOE'S #552 QPS,-44.10",
    "2026-12-06,SQ *BLUE BOTTLE COFFEE,-6.50",
    "2026-12-07,TST* JOES PIZZA,-18.00",
    "2026-12-08,DOORDASH*SWEETGREEN,-16.75",
    "REFUND POLICY - ORDER 4412",
    "Explain this:\nM1TEST/PASSENGER      EABC123 BOSJFKB6 0123 344Y012C0001 100",  # (atk30's sample pass)
    "PER*IC*BILLING DEPT*TE*(none)~",
    "PLEASE READ THE MANUAL BEFORE INSTALLING",
    "1\n00:00:01,000 --> 00:00:04,000\n[MUSIC PLAYING]",
    "2\n00:00:05,000 --> 00:00:07,000\nNARRATOR: In the beginning there was nothing.",
    # held-out (merchant descriptors, transfers to firms, shouted prose, labels without a value)
    "ACH DEBIT JOHN HANCOCK LIFE INS PREM",
    "PAYMENT FROM JOHN DEERE FINANCIAL",
    "ZELLE TO CHASE CARD SERVICES",
    "PAYMENT TO WELLS FARGO CARD",
    "ONLINE TRANSFER TO SAVINGS XXXXXX5521",
    "BOB EVANS #0231",
    "MARIE CALLENDER'S #12",
    "TOMMY HILFIGER OUTLET 332",
    "MICHAEL KORS #0088",
    "CALVIN KLEIN #0444",
    "STEVE MADDEN #221",
    "CHARLES SCHWAB & CO",
    "EDWARD JONES INVESTMENT",
    "HARRIS TEETER #0221",
    "FRED MEYER #0660",
    "SP * MARTHA STEWART SHOP",
    "TST* JOHNNY'S BURGERS",
    "Why was I charged twice for TRADER JOE'S on Dec 1?",
    "Dispute the charge from TOMMY HILFIGER OUTLET please.",
    "Why did JOHN DEERE FINANCIAL debit my account twice?",
    "JOHN DEERE TRACTOR PARTS",
    "MAX RETRIES EXCEEDED",
    "GRACE PERIOD ENDS ON DECEMBER 31",
    "GEORGE WASHINGTON BRIDGE TRAFFIC",
    "ABRAHAM LINCOLN HIGH SCHOOL REUNION",
    "CHARLES RIVER ASSOCIATES REPORT",
    "PLEASE CANCEL MY SUBSCRIPTION IMMEDIATELY.",
    "Subject: FW: INVOICE OVERDUE - ACCOUNT 99812",
    "RECIPIENT'S name Street address (including apt. no.)",
    "4. INSURED'S NAME (Last Name, First Name, Middle Initial)",
    "1a. INSURED'S I.D. NUMBER (For Program in Item 1)",
    "BORROWER'S NAME AND ADDRESS",
    "PATIENT'S NAME: SEE ATTACHED",
    "7\n00:00:20,000 --> 00:00:22,000\nANNOUNCER: Welcome to the show.",
    "14\n00:00:41,000 --> 00:00:43,000\nSPEAKER 1: Let's get started.",
    "NOTE: The API returns 404 when the key is missing.",
    "MORGAN STANLEY SMITH BARNEY",
    "IKEA BROOKLYN",
    "Cash App: send to $PizzaPlace or $CoffeeShop",
    "Venmo @Acme-Corp for the catering",
    # bench sets in capitals (everyday, companies, shop tickets upper-cased): seen while writing the rule, tuned on
    "THE DOW JONES CLOSED 300 POINTS HIGHER.",
    "LE CREUSET ENAMEL CHIPPED AFTER TWO USES.",
    "WE HIKED NEAR CHAMONIX AT THE FOOT OF MONT BLANC.",
    "BUON NATALE E FELICE ANNO NUOVO!",
    "FROHE OSTERN UND SCHÖNE FEIERTAGE!",
    "VAMOS AL CINE TONIGHT, OK?",
    "BAS THODA LATE HO JAYEGA, TRAFFIC HAI.",
    "EL ALMACÉN DE VALENCIA RECIBE PEDIDOS HASTA LAS SEIS.",
]


@pytest.mark.parametrize("text", UNCHANGED)
async def test_unchanged(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
