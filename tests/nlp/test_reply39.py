"""reply39 (atk39 F11, F09 and two false positives): a sender's name between a reply attribution frame and their
mailbox (Gmail/Apple Mail/Outlook forms in English, German, French, Spanish, Italian, Dutch, Portuguese), a chat
export's speaker, and the cells under a name part's column of a whitespace-aligned table (pandas prints, psql
without borders, `column -t`) are redacted whatever the name lists say; service senders, product/city/metric and
server tables, Go platform strings and health plan labels go as sent. Names are held out (not the report's)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ("On Wed, Apr 3, 2024 at 4:02 PM Nnamdi Eze <nnamdi.eze@gmail.com> wrote:\n> ok", ["Nnamdi", "Eze"],
     ["On Wed, Apr 3, 2024 at 4:02 PM", "wrote:"]),
    ("On Mon, Jan 8, 2024 at 9:30 AM Temitope Balogun <tbalogun@yahoo.com> wrote:", ["Temitope", "Balogun"],
     ["wrote:"]),
    ("Am Mi., 3. Apr. 2024 um 16:02 Uhr schrieb Timur Yusupov <t.yusupov@mail.ru>:\n> Danke",
     ["Timur", "Yusupov"], ["Uhr schrieb"]),
    ("Le mer. 3 avr. 2024 à 16:02, Kudzai Mutasa <kudzai.mutasa@orange.fr> a écrit :", ["Kudzai", "Mutasa"],
     ["a écrit :"]),
    ("El mié, 3 abr 2024 a las 16:02, Zhanar Abenova (<zhanar.abenova@gmail.com>) escribió:", ["Zhanar", "Abenova"],
     ["escribió:"]),
    ("Il giorno mer 3 apr 2024 alle ore 16:02 Sherzod Tursunov <s.tursunov@libero.it> ha scritto:",
     ["Sherzod", "Tursunov"], ["ha scritto:"]),
    ("Op wo 3 apr 2024 om 16:02 schreef Emeka Nwosu <emeka.nwosu@ziggo.nl>:", ["Emeka", "Nwosu"], ["schreef"]),
    ("Em qua., 3 de abr. de 2024 às 16:02, Adaeze Obi <adaeze.obi@uol.com.br> escreveu:", ["Adaeze"],
     ["escreveu:"]),
    ("[03/04/24, 16:02:11] Aizhan Tokayeva: the invoice is attached", ["Aizhan", "Tokayeva"],
     ["the invoice is attached"]),
    (">>> df.head(3)\n   order_id first_name  last_name  total\n0      501     Kelechi      Nwankwo  19.90\n"
     "1      502     Farrukh  Rakhimov    7.50\n2      503    Makoa   van Dijk   12.00", ["Kelechi", "Farrukh", "Makoa",
                                                                                     "Nwankwo", "Rakhimov", "Dijk"],
     ["order_id first_name  last_name  total", "19.90", "12.00"]),
    ("  fname    lname   dept\n  Yerlan   Zhakupov  ops\n  Ngozi    Eze       sales", ["Yerlan", "Zhakupov", "Ngozi"],
     ["dept", "ops", "sales"]),
    ("id  given     surname\n7   Oyelaran  Adebayo\n8   Saule     Nurlanovna", ["Oyelaran", "Adebayo", "Saule",
                                                                             "Nurlanovna"], ["id  given     surname"]),
]

KEPT = [
    "   product_name  price  units\n0   Widget Pro   9.99     12\n1   Widget Mini  4.50      3",
    "   name        status   cpu\n0  web-01      running  0.42\n1  db-primary  stopped  0.00",
    "   city      population\n0  Lagos       15388000\n1  Tashkent    2956000",
    "   metric        value\n0  Latency P99   120\n1  Error Rate    0.2",
    "We build for linux/amd64 and darwin/arm64, and also windows/386.",
    "GOOS/GOARCH pairs: freebsd/amd64, linux/arm64, darwin/amd64.",
    "Payer: Aetna\nCopay: $25\nCoinsurance: 20%\nDeductible: $1,500",
    "Payer: Cigna\nCopay: $40 per visit",
]


SENDERS = [  # a service's or a role's sender: its address goes, its name stays
    ("On Wed, Apr 3, 2024 at 4:02 PM GitHub <notifications@github.com> wrote:\n> merged", "4:02 PM GitHub <"),
    ("On Wed, Apr 3, 2024 at 4:02 PM Jira <jira@acme.atlassian.net> wrote:", "4:02 PM Jira <"),
    ("Am Mi., 3. Apr. 2024 um 16:02 Uhr schrieb Acme Support <support@acme.io>:", "schrieb Acme Support <"),
    ("Le mer. 3 avr. 2024 à 16:02, Google Calendar <calendar-notification@google.com> a écrit :",
     ", Google Calendar <"),
]


@pytest.mark.parametrize(("text", "kept"), SENDERS)
async def test_service_senders_kept(guard: Guard, text: str, kept: str) -> None:
    assert kept in await sent_chat(guard, P_IN, text)


@pytest.mark.parametrize(("text", "gone", "kept"), NAMED)
async def test_names_redacted(guard: Guard, text: str, gone: list[str], kept: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert not [g for g in gone if g in sent], sent
    assert all(k in sent for k in kept), sent


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_kept(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text
