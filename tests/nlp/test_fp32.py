"""fp32 (atk31's false positives; `proxy.nlp.fp32`).

- Japanese dictionary words that start with 原 (`原因` cause) are no name; `原さん`, `原様`, `原太郎` stay names.
- A semicolon table's header cells and its name column's things (`Schraube M6`, `Server Nord`) are no names; the
  persons of such a table stay names.
- An id and a time two spaces apart (`Case 24-1187  09:15`) are no phone number; a phone before a time stays one.
- An EDIFACT `NAD` of a firm (`NAD+SU+++Jackson Hewitt Tax Service+...`) keeps its segment and its firm.
- An LDAP group `CN=Tyler\\, Build Agents` and a region after a comma (`Payments, North America`) are no names;
  `CN=Volkov\\, Dmitri` and a person beside a region stay names.
Input and output (whole, and streamed in small chunks). Each list: the tester's texts (tuned on), then held-out
ones (`# held-out`).
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

RULE = {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}
P = policy(input={"pii": {**RULE, "restore": True}}, output={"pii": RULE})

UNCHANGED = [
    # atk31 (tuned on)
    "この原因について説明してください。",
    "この原稿について説明してください。",
    "この原則について説明してください。",
    "この原価について説明してください。",
    "この原文について説明してください。",
    "この原子について説明してください。",
    "この原点について説明してください。",
    "この原案について説明してください。",
    "Name;Kategorie;Preis\nSchraube M6;Eisenwaren;0,10",
    "Name;Typ;Status\nServer Nord;VM;aktiv\nDatenbank Süd;DB;aktiv",
    "Nom;Catégorie;Prix\nVis M6;Quincaillerie;0,10\nÉcrou M6;Quincaillerie;0,05",
    "Nombre;Categoría;Precio\nTornillo M6;Ferretería;0,10",
    "Name;Beschreibung\nNachtlauf;Exportiert alle Aufträge\nWochenbericht;Sendet die Zusammenfassung",
    "Case 24-1187  09:15  status open",
    "INCIDENT 26-0042  10:02  RP: caller reports smoke",
    "Batch 417-22 08:30 started, 417-23 08:45 queued",
    "dn: CN=Tyler\\, Build Agents,OU=Groups,DC=corp,DC=local",
    "dn: CN=Jenkins\\, Controller,OU=Service Accounts,DC=corp,DC=local",
    "dn: CN=Austin\\, Texas Office,OU=Sites,DC=corp,DC=local",
    "Owner: Platform, Reliability\nEscalation: Payments, North America",
    "The component was owned by Payments, North America until the reorg.",
    "UNH+1+ORDERS:D:96A:UN'\nNAD+SU+++Jackson Hewitt Tax Service+1 MAIN ST+DALLAS++75201+US'\n"
    "NAD+BY+++Austin Distribution Center+2 ELM ST+AUSTIN++73301+US'",
    # held-out: other words, phrasings, tables, ids, groups and regions
    "原作と原書の違いを教えてください。",
    "この原理を簡単に説明して。",
    "原材料の一覧を作ってください。",
    "障害の原因を調べてください。",
    "原子力発電所の仕組みは？",
    "Name;Menge\nMutter M8;200\nScheibe M10;500",
    "Nom;Type;Statut\nServeur Ouest;VM;actif",
    "Name;Abteilung;Raum\nServer Ost;IT;2.14",
    "Ticket 31-2207  11:40  waiting on customer",
    "Job 88-104 07:30 done, 88-105 07:45 running",
    "dn: CN=Morgan\\, Print Servers,OU=Groups,DC=corp,DC=local",
    "dn: CN=Parker\\, Deploy Bots,OU=Service Accounts,DC=corp,DC=local",
    "Escalation: Logistics, South America",
    "Routed to Billing, Asia Pacific for the invoice dispute.",
    "UNH+7+DESADV:D:96A:UN'\nNAD+SU+++Morgan Freight Services+8 DOCK RD+TACOMA++98421+US'\n"
    "NAD+DP+++Lincoln Supply Depot+4 PINE RD+OMAHA++68102+US'",
    "NAD+SU+++Jackson Pharmacy Group+4 PINE RD+TULSA++74103+US'",
]
NAMES = [
    # (text, what must not go up or out); held-out all
    ("原さんに連絡してください。", "原"),
    ("原様へのメールを書いてください。", "原"),
    ("原太郎さんの住所を教えて。", "原太郎"),
    ("この原因について原さんに聞いてください。", "原さん"),
    ("Name;Abteilung;Telefon\nAnna Schmidt;Vertrieb;030 1234567", "Schmidt"),
    ("Nom;Service\nCamille Durand;Ventes", "Durand"),
    ("Anna Schmidt;Vertrieb;030 1234567\nZbigniew Wąsowski;Einkauf;030 7654321", "Wąsowski"),
    ("Name;Team\nOluwaseun Adeyemi;Sales", "Adeyemi"),
    ("Call me at 617 555 0143  09:15 tomorrow", "0143"),
    ("dn: CN=Volkov\\, Dmitri,OU=Users,DC=corp,DC=local", "Dmitri"),
    ("dn: CN=Washington\\, Georgia,OU=Users,DC=corp,DC=local", "Georgia"),
    ("Payments, North America is led by Dmitri Volkov.", "Volkov"),
]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _both(guard: Guard, text: str) -> tuple[str, str]:
    """The text as the input phase sends it, and as the output phase returns it as the model's answer."""
    sent = await guard.input(P, [text])
    question = await guard.input(P, ["Explain."])
    answer = await guard.output(P, [text], question.vault)
    return sent.texts[0] or text, answer.texts[0] or text


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(P)
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


@pytest.mark.parametrize("text", UNCHANGED)
async def test_unchanged(guard: Guard, text: str) -> None:
    assert await _both(guard, text) == (text, text)


@pytest.mark.parametrize("text", UNCHANGED[::4])
async def test_unchanged_streamed(guard: Guard, text: str) -> None:
    assert await _streamed(guard, text, 3) == text


@pytest.mark.parametrize(("text", "value"), NAMES)
async def test_names_stay(guard: Guard, text: str, value: str) -> None:
    sent, answer = await _both(guard, text)
    assert value not in sent
    assert value not in answer


@pytest.mark.parametrize(("text", "value"), NAMES[::3])
async def test_names_stay_streamed(guard: Guard, text: str, value: str) -> None:
    assert value not in await _streamed(guard, text, 3)
