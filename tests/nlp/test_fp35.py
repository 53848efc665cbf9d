"""fp35 (atk33's false positives): tools and frameworks named like people in a sentence about software, a firm's team
in a sign-off, a place or a product as a short reply's subject, rows of readings that read as one phone number, and
a fixed-width table's header streamed alone go as sent; the persons and phones beside them are still found. Values
and phrasings held out from the report's where they could be."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _streamed(guard: Guard, text: str, size: int = 3) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


TOOLS = [
    "Set up Hudson to run the nightly build.",
    "Write a Jasmine spec for the parser.",
    "Our Storm topology drops tuples after the upgrade.",
    "Query Loki for 5xx logs from the gateway.",
    "We migrated the test runner from Karma to Vitest.",
    "Write a config for Storm that retries twice.",
    "Compare Nim and Zig for the CLI rewrite.",
    "Why does Hangfire skip the recurring job?",
    "Our Nancy module returns 404 on every endpoint.",
    "Use Otto to build the deployment image.",
    "Can Mako render the template from the repo?",
    "Spin up a Kudu cluster and load the events table.",
]
SIGN_OFFS = [
    "Your subscription renews on May 3.\n\nBest regards,\nThe Northwind Team",
    "We received your ticket.\nThanks,\nAcme Support",
    "Payment received, thank you.\n— Globex Billing",
    "Great quarter, everyone! Cheers, the Initech crew",
    "Thank you for your order!\n\nStark Operations",
    "Kind regards,\nContoso Customer Success",
]
REPLIES = ["Denver works for me.", "Phoenix it is.", "Gadget Max is in stock.", "Berlin works for us.",
           "Boston is fine.", "Galaxy Tab is on sale."]
ROWS = [
    "sensor t1 t2 t3\nsensor 101 204 3345\nsensor 102 198 3412",
    "Readings:\n412 118 2045\n409 121 2051\n415 117 2049",
    "Explain the spike.\nprobe-1 133 120 4410\nprobe-2 129 118 4475",
    "node rx tx bytes\nnode 512 634 2201\nnode 498 611 2240",
]


@pytest.mark.parametrize("text", TOOLS + SIGN_OFFS + REPLIES + ROWS)
async def test_unchanged(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", TOOLS[:4] + SIGN_OFFS[:4] + REPLIES[:3] + ROWS)
async def test_unchanged_streamed(guard: Guard, text: str) -> None:
    assert await _streamed(guard, text) == text


FIXED = ("Stock by store:\nStore      Item            Stock  Min\nMadison    Stella Lamp     1591  250\n"
         "Eugene     Laser Jet       52    491\nThat is all.")


async def test_fixed_width_header_streamed(guard: Guard) -> None:
    assert await _streamed(guard, FIXED) == FIXED
    assert await _streamed(guard, FIXED, 7) == FIXED


PEOPLE = [  # (text, what must not go out)
    ("Dear Ms. Hudson, the build is green again.", ["Hudson"]),
    ("Kate Hudson called about the nightly build.", ["Kate", "Hudson"]),
    ("Jasmine Patel wrote the parser spec.", ["Jasmine", "Patel"]),
    ("Ask Jasmine to review the test plan.", ["Jasmine"]),
    ("Hudson said the deploy failed.", ["Hudson"]),
    ("Dr. Jenkins reviewed the pipeline.", ["Jenkins"]),
    ("Otto Schmidt owns the cluster.", ["Otto", "Schmidt"]),
    ("Best regards,\nJessica Miller", ["Jessica", "Miller"]),
    ("Thanks,\nDavid Chen\nSupport Team", ["David", "Chen"]),
    ("— Michael Jackson, Support Team", ["Michael", "Jackson"]),
    ("Charlotte works for me.", ["Charlotte"]),
    ("Priya Raman is in stock room B.", ["Priya", "Raman"]),
]


@pytest.mark.parametrize(("text", "secrets"), PEOPLE)
async def test_people_kept(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert not [s for s in secrets if s in sent], sent


PHONES = [
    ("Contacts:\nDana 646 555 0182\nEli 646 555 0177", ["646 555 0182", "646 555 0177"]),
    ("name phone\nZoe 718 555 0101\nIan 718 555 0102", ["718 555 0101", "718 555 0102"]),
    ("Call me at 412 555 2045 tomorrow.", ["412 555 2045"]),
    ("tel 312 555 0199\nfax 312 555 0100", ["312 555 0199", "312 555 0100"]),
    ("Mobile: 123 456 7890", ["123 456 7890"]),
]


@pytest.mark.parametrize(("text", "secrets"), PHONES)
async def test_phones_kept(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert not [s for s in secrets if s in sent], sent
    streamed = await _streamed(guard, text)
    assert not [s for s in secrets if s in streamed], streamed
