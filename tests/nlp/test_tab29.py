"""tab29 (atk28 F17/F21): a phone number or an SSN under its column's header in a fixed-width table (pandas'
`df.head()`, `pdftotext -layout`, reports) or a box-drawing one (DuckDB, polars, rich), and under headers in other
words (`Contact Number`, `SSN (full)`, `Home #`, `Social` over nine digits) in every table format, is redacted in a
request's text; tables of order ids, build numbers, counts and timestamps in the same layouts go as sent. Held-out
values, names and layouts (not the report's)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.tab29 import fixed_width_cells, header_types, table_values
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
BOTH = frozenset({"PHONE_NUMBER", "US_SSN"})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (table, the values that must not go up)
LEAKS = [
    ("┌──────┬──────────────┬─────────────┐\n│ emp  │ full_name    │ ssn_number  │\n"
     "│ i32  │ varchar      │ varchar     │\n"
     "├──────┼──────────────┼─────────────┤\n│   17 │ Noor Haddad  │ 402718823   │\n"
     "│   18 │ Tom Becker   │ 387452211   │\n"
     "└──────┴──────────────┴─────────────┘", ["402718823", "387452211"]),
    ("shape: (2, 2)\n┌───────────┬──────────────┐\n│ customer  ┆ mobile       │\n│ ---       ┆ ---          │\n"
     "│ str       ┆ str          │\n╞═══════════╪══════════════╡\n│ acme-7    ┆ 3125550164   │\n"
     "│ acme-9    ┆ 2025550173   │\n"
     "└───────────┴──────────────┘", ["3125550164", "2025550173"]),
    ("╭────────┬──────────────╮\n│ Agent  │ Phone        │\n├────────┼──────────────┤\n│ desk-4 │ 7185550123   │\n"
     "╰────────┴──────────────╯", ["7185550123"]),
    ("      customer_id        tel        ssn\n0            1001  3035550111  512448761\n"
     "1            1002  5035550172  219098765",
     ["3035550111", "5035550172", "512448761", "219098765"]),
    ("EMPLOYEE  SS NUMBER     GRADE\n00412     078051121     GS-9\n00413     601223344     GS-11",
     ["078051121", "601223344"]),
    ("Account   Opened       Home Phone\nA-100     2021-04-01   2065550135\nA-101     2022-07-15   4045550190",
     ["2065550135", "4045550190"]),
    ("Member              Cell Number\n------              -----------\nR. Okonkwo          7735550148",
     ["7735550148"]),
    ("| Member | Contact Number |\n|---|---|\n| Noor Haddad | 3125550164 |", ["3125550164"]),
    ("| Member | SSN (primary) |\n|---|---|\n| Tom Becker | 402718823 |", ["402718823"]),
    ("| Member | Work # |\n|---|---|\n| Tom Becker | 2025550173 |", ["2025550173"]),
    ("| Member | Social |\n|:--|:--|\n| Tom Becker | 387-45-2211 |", ["387-45-2211"]),
    ("| Member | Cell (work) |\n|---|---|\n| Tom Becker | 7185550123 |", ["7185550123"]),
    ("| Member | Tel/Fax |\n|---|---|\n| Tom Becker | 3035550111 |", ["3035550111"]),
    ("Member;Emergency #\nTom Becker;5035550172\nNoor Haddad;4045550190", ["5035550172", "4045550190"]),
]

KEPT = [
    "┌──────────┬────────────┬─────────┐\n│ order_id │ build      │ count   │\n├──────────┼────────────┼─────────┤\n"
    "│ 4155550199 │ 536904399 │ 12 │\n└──────────┴────────────┴─────────┘",
    "shape: (1, 2)\n┌────────────┬────────────┐\n│ ts         ┆ events     │\n╞════════════╪════════════╡\n"
    "│ 1699999999 ┆ 4155550199 │\n└────────────┴────────────┘",
    "        order_id      build   count\n0     4155550199  536904399      12\n1     6175550143  536904398       7",
    "JOB        BUILD #      STARTED\ndeploy     536904399    1699999999\ntest       536904398    1700000000",
    "Order #      Qty    Total\n4155550199   3      19.99\n6175550143   1      5.00",
    "| Order # | Build number |\n|---|---|\n| 4155550199 | 536904399 |",
    "| Post | Social |\n|---|---|\n| launch | 4155550199 |",
    "| Metric | Contact rate |\n|---|---|\n| week 12 | 0.42 |",
    "Region      Social     Search\nEMEA        1200       3400",
]


@pytest.mark.parametrize(("text", "secrets"), LEAKS)
async def test_table_values_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    after = await _sent(guard, text)
    assert [s for s in secrets if s in after] == [], after


@pytest.mark.parametrize("text", KEPT)
async def test_look_alike_tables_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_header_types() -> None:
    assert header_types("SSN (full)") == ["US_SSN"]
    assert header_types("Mobile (personal)") == ["PHONE_NUMBER"]
    assert header_types("Home #") == ["PHONE_NUMBER"]
    assert header_types("Contact no.") == ["PHONE_NUMBER"]
    assert header_types("Phone/SSN") == ["PHONE_NUMBER", "US_SSN"]
    assert header_types("Social", "536904399") == ["US_SSN"]
    assert header_types("Social", "1200") == []
    assert header_types("Order #") == [] and header_types("Build number") == [] and header_types("Count") == []


def test_fixed_width_cells_by_header_span() -> None:
    text = "        name        ssn       phone\n0  Ann Lee  402718823  3125550164"
    got = [(text[a:b], header) for a, b, header in fixed_width_cells(text)]
    assert got == [("0", "name"), ("Ann Lee", "name"), ("402718823", "ssn"), ("3125550164", "phone")]
    assert fixed_width_cells("ID     STATUS\n1      536904399") == []  # no phone or SSN column


def test_table_values_types_and_filter() -> None:
    text = "ID     SSN          PHONE\n1      402718823    3125550164"
    got = [(text[a:b], kind) for a, b, kind in table_values(text, BOTH)]
    assert got == [("402718823", "US_SSN"), ("3125550164", "PHONE_NUMBER")]
    assert [kind for _, _, kind in table_values(text, frozenset({"US_SSN"}))] == ["US_SSN"]
