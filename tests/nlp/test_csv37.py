"""csv37 (atk36 F19, F05): header-less delimited exports (CSV, TSV, `;`, `|`) from HR, payroll and mainframe
extracts, spreadsheet pastes and sqlite `.mode tabs` rows: bare SSNs, bare phone numbers (US and FR) and the name's
parts in capitals or not go out redacted, rows of one or several lines; under a `LAST`/`FIRST` header the
upper-case surname too. Ids, order numbers, amounts, SKUs, dates, zip codes, products, cities, metrics, logs and
upper-case enum columns go as sent. Names and values are not the report's nor the held-out set's."""

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


LEAKS = [  # (text, what must not go, what must stay as written)
    ("3301,HALVORSEN,INGEBORG,534821907,PAYROLL\n3302,OKONKWO,CHIDI,219374658,LEGAL",
     ["HALVORSEN", "INGEBORG", "534821907", "OKONKWO", "CHIDI", "219374658"], ["3301,", "PAYROLL", "LEGAL"]),
    ("3301;Petrenko;Oksana;401836275;2149837265", ["Petrenko", "Oksana", "401836275", "2149837265"], ["3301;"]),
    ("88\tLindqvist\tAstrid\t372645819\tWarehouse", ["Lindqvist", "Astrid", "372645819"], ["Warehouse"]),
    ("E0042|MOREAU|AMELIE|534821907|5129374618|A\nE0043|CASTELLANOS|RODRIGO|219374658|2149837265|T",
     ["MOREAU", "AMELIE", "534821907", "5129374618", "CASTELLANOS", "RODRIGO", "219374658", "2149837265"],
     ["E0042|", "|A", "|T"]),
    ("7|Oksana Petrenko|5129374618|Support", ["Oksana", "Petrenko", "5129374618"], ["Support"]),
    ("Rodrigo Castellanos\tr.castellanos@example.net\t2149837265\nAmelie Moreau\tamoreau@example.fr\t0648291735",
     ["Rodrigo", "Castellanos", "2149837265", "Amelie", "Moreau", "0648291735"], []),
    ("ID,LAST,FIRST,SSN\n51,HALVORSEN,INGEBORG,401836275", ["HALVORSEN", "INGEBORG", "401836275"],
     ["ID,LAST,FIRST,SSN"]),
    ('"12","OKONKWO","CHIDI","372645819"', ["OKONKWO", "CHIDI", "372645819"], ['"12"']),
]


@pytest.mark.parametrize(("text", "secrets", "kept"), LEAKS)
async def test_exports_are_redacted(guard: Guard, text: str, secrets: list[str], kept: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert not [s for s in secrets if s in sent], sent
    assert all(k in sent for k in kept), sent


LOOK_ALIKES = [
    "4410,REFUND,PENDING,USD,25.00\n4411,CHARGE,SETTLED,EUR,90.00",
    "204918377,SKU-9921,2,18.40\n204918378,SKU-1034,1,7.10\n204918379,SKU-5530,4,3.25",
    "1,Gasket,Steel,14.99\n2,Sprocket,Green,2.10\n3,Bracket,Black,0.99",
    "Lisbon,Portugal,545000\nVienna,Austria,1982000",
    "2025-01-02 10:00:01,ERROR,scheduler,job 8812 failed\n2025-01-02 10:00:04,INFO,scheduler,job 8812 retried",
    "db-03;0.88;16384;DEGRADED\ndb-04;0.12;16384;HEALTHY",
    "1718000000\tGET\t/v2/items\t200\n1718000030\tPUT\t/v2/items/9\t204",
    "10001,New York,NY,8336817\n60601,Chicago,IL,2746388",
    "Q2|APAC|4120000|0.18\nQ2|EMEA|3980000|0.11",
    "RUN-551,gpt2-small,3,0.412\nRUN-552,gpt2-medium,3,0.377",
    "We shipped to Denver, Austin, Portland, and Boise on 3 June.",
    "MSH|^~\\&|EPIC|STMARY|LAB|STMARY|202501150830||ORU^R01|5512|P|2.5.1",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


ANSWER = ("Here is the extract:\n3301,HALVORSEN,INGEBORG,534821907,PAYROLL\n3302,OKONKWO,CHIDI,219374658,LEGAL\n"
          "Rodrigo Castellanos\tr.castellanos@example.net\t2149837265\nDone.")
ANSWER_SECRETS = ["HALVORSEN", "534821907", "OKONKWO", "219374658", "Castellanos", "2149837265"]


async def test_answer_whole_and_streamed(guard: Guard) -> None:
    out = guard.output_stream(P_OUT)
    assert out is not None
    streamed = await streamed_out(guard, P_OUT, ANSWER, 3)
    assert not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed and "PAYROLL" in streamed
