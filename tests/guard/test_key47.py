"""key47: key46's stream hold (`proxy.nlp.key46.stream_open`) lasts to the window's hold; past it a line's end is held
only while the record's key names a part (or the type its parts are given under), so a long streamed table of names
is cut between its rows, not at the cap inside one (tbl33, table_wide_rows, sig35 failed with key46's hold), and a
keyed record whose key names a part still waits for its next member."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.key46 import firm_row, stream_open
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_OUT, TOX, policy
from tests.support.pii import WordScorer

NAMES = [("Halvorsen", "Birgit"), ("Mwangi", "Wanjiru"), ("Castellanos", "Rodrigo"), ("Lindqvist", "Sven"),
         ("Obradovic", "Milena"), ("Tanaka", "Haruto")] * 4


def _ends(text: str) -> list[int]:
    return [k + 1 for k, c in enumerate(text) if c == "\n"]


@pytest.mark.parametrize("text", [
    "full_name,tel,town\nBirgit Halvorsen,3125550110,Bergen\nWanjiru Mwangi,3125550111,Bergen\n",
    "| Person | Phone | Town |\n|---|---|---|\n| Birgit Halvorsen | 3125550110 | Bergen |\n| Sven Lindqvist | 31",
    "| k | v |\n|---|---|\n| 4 | 2 |\n| 7 | 9 |\n",
    "cpu: 50\nmem: 2048\ndisk: 80\n",
    "<tr><td>Birgit</td><td>3125550110</td></tr>\n<tr><td>Sven</td>",
])
def test_past_the_hold_rows_and_lines_naming_no_part_are_whole_at_their_end(text: str) -> None:
    held = [c for c in _ends(text) if stream_open(text, c)]
    assert held  # within the hold: key46's hold, unchanged
    assert [c for c in _ends(text) if stream_open(text, c, past_hold=True)] == []


@pytest.mark.parametrize("text", [
    "| field | value |\n|---|---|\n| ssn area | 601 |\n| ssn grou",
    "card_part1,5500\ncard_part2,00",
    "caller:\n  area: 312\n  exchange: 76",
    "X-Phone-Area: 646\nX-Phone-Exch",
    "PATIENT_SSN_GROUP=23\nPATIENT_SSN_SE",
    "<contact>\n  <area>646</area>\n  <exchange>",
    "<phone area=\"646\" kind=\"m\"/>\n<phone",
])
def test_past_the_hold_a_record_whose_key_names_a_part_still_waits(text: str) -> None:
    cut = _ends(text)[-1]  # after the last member's line, the next one begun
    assert stream_open(text, cut) and stream_open(text, cut, past_hold=True)


def test_firm_rows() -> None:
    assert firm_row("| ssn last | 8842 |") and firm_row("card_first6,550000") and firm_row("  <line>7788</line>")
    assert not firm_row("| Birgit Halvorsen | 3125550110 |") and not firm_row("| 4 | 2 |")
    assert not firm_row("<tr><td>ssn</td><td>601</td></tr>")  # (an HTML table's row: its header is kept)
    assert not firm_row("| ssn | area | 601 |")  # (a row under a header: whole at its end)


def _table(kind: str) -> str:
    if kind == "csv":
        return "Here is the roster.\n\nfull_name,mobile,town\n" + "".join(
            f"{g} {s},312555{2000 + i},Bergen\n" for i, (s, g) in enumerate(NAMES))
    return "Here is the roster.\n\n| Person | Mobile | Town |\n|---|---|---|\n" + "".join(
        f"| {g} {s} | 312555{2000 + i} | Bergen |\n" for i, (s, g) in enumerate(NAMES))


@pytest.mark.parametrize("size", [6, 17])
@pytest.mark.parametrize("kind", ["csv", "markdown"])
@pytest.mark.parametrize("hold", [None, "sentence"])
async def test_a_long_streamed_table_of_names_is_the_whole_answer(analyzer: PiiAnalyzer, size: int, kind: str,
                                                                   hold: str | None) -> None:
    out_doc: dict[str, object] = {"pii": {**PII_OUT["pii"], "entities": [*PII_OUT["pii"]["entities"], "PERSON"]}}
    if hold:
        out_doc["toxicity"] = {**TOX, "stream_hold": hold}
    p = policy(output=out_doc)
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=60)
    text = _table(kind)
    whole = (await guard.output(p, [text])).texts[0]
    assert whole is not None and [s for s, _ in NAMES if s in whole] == []
    stream = guard.output_stream(p)
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("c", text[i:i + size])
    out += await stream.end("c")
    assert [s for s, _ in NAMES if s in out] == [] and [f"312555{2000 + i}" for i in range(len(NAMES)) if
                                                         f"312555{2000 + i}" in out] == []
    assert out.count("Bergen") == len(NAMES)
