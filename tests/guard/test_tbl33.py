"""tbl33: a long table's header read with each later piece of it, a CSV's person column, a streamed name column.

A CSV of more than ~1,000 characters was read in pieces (`proxy.nlp.pii.split_text`): from the second piece on, the
readers that type cells by their column never saw the header, so a `Name;Vorname` export's surnames and given names
went out from row 24 on (and `Berlin` under `Ort` read as a person). A `,`-separated `name,phone` table's full names
went out whenever the surname was on no list (`Kenji Watanuki`). A streamed answer lost a name column's header after
its first window, and a window past the hold ended at a space inside a name cell (`Dmitri ` | `Zelenko,...`).
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.tbl33 import MAX_HEADER, leads, people_cells
from tests.guard.conftest import PII_IN, TOX, policy
from tests.support.pii import WordScorer

PEOPLE = [("Watanuki", "Kenji"), ("Zelenko", "Dmitri"), ("Nwachukwu", "Amara"), ("Okonkwo", "Chidi"),
          ("Abernathy", "Margaret"), ("Kowalczyk", "Anna"), ("Haddad", "Omar"), ("Ferreira", "Lucas")]
SURNAMES = [s for s, _ in PEOPLE]
ROWS = PEOPLE * 8  # 64 rows: ~2,200 characters, three pieces


def semicolon() -> str:
    return "Name;Vorname;Telefon;Ort\n" + "".join(f"{s};{g};030 {1234500 + i};Berlin\n"
                                                   for i, (s, g) in enumerate(ROWS))


def parts() -> str:
    return "first_name,last_name,phone,city\n" + "".join(f"{g},{s},617555{1000 + i},Berlin\n"
                                                          for i, (s, g) in enumerate(ROWS))


def full() -> str:
    return "name,phone,city\n" + "".join(f"{g} {s},617555{1000 + i},Berlin\n" for i, (s, g) in enumerate(ROWS))


TABLES = {"semicolon": (semicolon, SURNAMES + ["Kenji", "Dmitri", "Amara"]),
          "parts": (parts, SURNAMES + ["Kenji", "Dmitri", "Amara"]),
          "full names": (full, SURNAMES)}
OUT_PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]}}


# ------------------------------------------------------------------ leads


def test_leads_give_later_pieces_the_header() -> None:
    text = semicolon()
    header = "Name;Vorname;Telefon;Ort\n"
    offsets = [0, 700, 1400]
    got = leads(text, offsets)
    assert got[0] is None
    for off, lead in zip(offsets[1:], got[1:], strict=True):
        assert lead is not None
        start, head = lead
        assert head == header
        assert start <= off and (start == 0 or text[start - 1] == "\n") and off - start < 40


def test_leads_keep_a_markdown_rule_line() -> None:
    text = "| name | phone |\n|---|---|\n" + "".join(f"| Ann Lee | 61755501{i:02d} |\n" for i in range(60))
    lead = leads(text, [0, 500])[1]
    assert lead is not None and lead[1] == "| name | phone |\n|---|---|\n"


def test_no_lead_outside_a_table_or_for_a_long_header() -> None:
    prose = "\n".join(f"Line {i} of a report" + ", and more" * (i % 3) + "." for i in range(80))
    assert all(x is None for x in leads(prose, [0, 600, 1200]))
    long_header = ";".join(f"column{i}" for i in range(80)) + "\n"
    assert len(long_header) > MAX_HEADER
    text = long_header + "".join(";".join("x" for _ in range(80)) + "\n" for _ in range(40))
    assert leads(text, [0, 3000])[1] is None
    assert leads("a;b\nc;d\n", [0]) == [None]


# ------------------------------------------------------------------ people_cells


@pytest.mark.parametrize(("text", "names"), [
    ("name,phone,city\nKenji Watanuki,6175551000,Berlin\nAmara Nwachukwu,6175551001,Paris\n",
     ["Kenji Watanuki", "Amara Nwachukwu"]),
    ("customer_name;phone\nChidi Okonkwo;6175551000\n", ["Chidi Okonkwo"]),
    ("ticket,owner,status\n42,Dmitri Zelenko,open\n43,Margaret Abernathy,closed\n",
     ["Dmitri Zelenko", "Margaret Abernathy"]),
])
def test_people_cells(text: str, names: list[str]) -> None:
    assert [text[a:b] for a, b in people_cells(text, name_lists())] == names


@pytest.mark.parametrize("text", [
    "name,price\nVisual Studio,10\nRose Gold,5\nKenji Watanuki,3\n",  # a bare `name` beside no person's column
    "service,owner,oncall\nHunter Scheduler,Platform,Mason Build\n",
    "product,owner\nGadget,Rose Gold\nWidget,Grace Period\n",
    "name;phone\nBerlin Office;030 1234567\n",
    "| name | phone |\n|---|---|\n| Kenji Watanuki | 6175551000 |\n",  # (markdown: names25's)
])
def test_no_people_cells(text: str) -> None:
    assert people_cells(text, name_lists()) == []


# ------------------------------------------------------------------ through the guard


@pytest.mark.parametrize("kind", sorted(TABLES))
async def test_long_table_input(guard: Guard, kind: str) -> None:
    make, secret = TABLES[kind]
    text = make()
    assert len(text) > 2000
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    sent = verdict.texts[0]
    assert [s for s in secret if s in sent] == []
    assert sent.count("Berlin") == 64  # a city under its column stays a city in every piece


@pytest.mark.parametrize("size", [1, 6, 17])
@pytest.mark.parametrize("kind", sorted(TABLES))
async def test_long_table_streamed(guard: Guard, kind: str, size: int) -> None:
    make, secret = TABLES[kind]
    text = "Here is the export.\n\n" + make()
    p = policy(output={**OUT_PII, "toxicity": {**TOX, "stream_hold": "sentence"}})
    stream = guard.output_stream(p)
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("c", text[i:i + size])
    out += await stream.end("c")
    assert [s for s in secret if s in out] == []
    assert out.count("Berlin") == 64  # (a city under its column: the header's reading clears the window's own, rm33)
    whole = (await guard.output(p, [text])).texts[0]
    assert whole is not None and [s for s in secret if s in whole] == []
    assert whole.count("Berlin") == 64


def dat_file() -> str:
    given = [g for _, g in PEOPLE]
    return "þDOCIDþ¶þCUSTODIANþ¶þDATESENTþ\n" + "".join(f"þABC{i:04d}þ¶þ{given[(i + 2) % 8]} {s}þ¶þ01/05/2026þ\n"
                                                         for i, (s, _) in enumerate(ROWS[:24]))


@pytest.mark.parametrize("size", [3, 7])
async def test_dat_custodians_streamed(analyzer: PiiAnalyzer, size: int) -> None:
    # A Concordance load file's person column (conc33) kept as the header of a stream's later windows (the default
    # hold: windows of several rows).
    text = dat_file()
    p = policy(output={**OUT_PII, "toxicity": {**TOX, "stream_hold": "sentence"}})
    stream = Guard(analyzer, WordScorer(), stream_hold_chars=200).output_stream(p)
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("c", text[i:i + size])
    out += await stream.end("c")
    assert [s for s in SURNAMES if s in out] == []
    assert out.count("ABC00") == 24
