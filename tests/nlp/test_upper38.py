"""upper38 (atk37, upper-case surnames): a name's other part in capitals beside a found one in a bank narration's
frame (`Lastschrift  SCHNEIDER KATHARINA  SVWZ+`, `/DE ELODIE FAURE /MOTIF`), a name cut after a particle (`P VAN
DER BERGHE`), NCPDP `CA=`/`CB=` with `=`, a code comment's owner or a tracker's assignee as a login (`TODO(okafor)`,
`Assignee: mwhitaker`), and the surnames of action items beside one read as a name (`Lindqvist to send the deck;
Okafor to review pricing`). Names are held out (not the report's, not the measured set's); the look-alikes (merchants,
acronyms, teams, tags, unassigned) go as sent."""

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


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ("Lastschrift  SCHMIDT ANNELIESE  SVWZ+Miete Maerz", ["SCHMIDT", "ANNELIESE"], ["Lastschrift", "SVWZ+Miete"]),
    ("Dauerauftrag  KELLER THOMAS  SVWZ+Sparplan", ["KELLER", "THOMAS"], ["Dauerauftrag", "SVWZ+Sparplan"]),
    ("Gutschrift  BAUER MONIKA  EREF+2291", ["BAUER", "MONIKA"], ["Gutschrift", "EREF+2291"]),
    ("VIR SEPA RECU /DE ELODIE FAURE /MOTIF loyer", ["ELODIE", "FAURE"], ["/MOTIF loyer"]),  # (the report's)
    ("VIR SEPA EMIS /A GUILLAUME PERRIN /MOTIF remboursement", ["GUILLAUME", "PERRIN"], ["/MOTIF remboursement"]),
    ("Naam: K VAN DER MEULEN", ["VAN DER MEULEN", "MEULEN"], []),
    ("AM01 CA=WORTHINGTON CB=PATRICIA C4=19721130", ["PATRICIA", "WORTHINGTON"], ["AM01", "C4=19721130"]),
    ("Action items: Lindqvist to send the deck; Okafor to review pricing.", ["Lindqvist", "Okafor"],
     ["to send the deck", "to review pricing"]),
    ("Next steps: Kowalczyk to draft the memo; Adeyemi to confirm the venue.", ["Kowalczyk", "Adeyemi"],
     ["to confirm the venue"]),
    ("TODO(okafor): fix the retry loop", ["okafor"], ["TODO(", "): fix the retry loop"]),
    ("FIXME(kowalczyk) handle the timeout", ["kowalczyk"], ["FIXME(", "handle the timeout"]),
    ("    # XXX(adeyemi): temporary shim", ["adeyemi"], ["XXX(", "temporary shim"]),
    ("Assignee: mwhitaker", ["whitaker"], ["Assignee:"]),
    ("Reporter: tkowalczyk\nStatus: open", ["kowalczyk"], ["Reporter:", "Status: open"]),
    ("Owner: dpemberton", ["pemberton"], ["Owner:"]),
]
PLAIN = [  # PII-free look-alikes
    "KARTENZAHLUNG REWE MARKT  2025-03-01",
    "SEPA AMAZON EU SARL  REF 88123",
    "VIR SEPA RECU /DE EDF /MOTIF facture",
    "Lastschrift  STADTWERKE MUENCHEN  SVWZ+Abschlag",
    "AWS SUPPORT case 12345 opened",
    "HTTP GET /api/v1/users returned 500",
    "Action items: Platform to upgrade Kafka; Billing to review pricing.",
    "Next steps: Security to rotate keys; Legal to review the contract.",
    "TODO(perf): avoid the extra allocation",
    "TODO(#1234): see the ticket",
    "XXX(kafka): tune the consumer group",
    "Assignee: unassigned",
    "Assignee: platform-team",
    "Owner: root",
    "Reporter: jenkins",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
