"""tbl49 (atk49 F03, F04): PII in tables of other layouts.

F03: a grid table (`tabulate` grid, reST grid: a `+====+` header rule; without outer borders; one column), Jira/
Confluence `||id||ssn||phone||`, MediaWiki `! id !! ssn`, Moin/YouTrack, textile `|_.`, Creole `|=`, AsciiDoc rows
with a leading `|` only, LaTeX tabular rows, box-drawing grids of every box character (`mixed_grid`): the values
under `ssn`/`phone` were read as prose, whole (input and output) and streamed. F04: a streamed whitespace-aligned
table (reST simple `====  ====`, sqlite `.mode column` `--  ---`, PowerShell `Format-Table`) and streamed box tables:
the SSN went out while the whole answer redacted it. Look-alikes (quantities, ids, prices, code) stay as written.
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.headings import Heading
from proxy.nlp.tables import column_cells
from proxy.nlp.tbl49 import piped, piped_line
from tests.guard.conftest import PII_IN, PII_OUT, policy

SS, PH = "536904399", "6175550143"

TABLES = {
    "grid": f"+------+-----------+------------+\n| id   | ssn       | phone      |\n+======+===========+============+\n"
            f"| 1    | {SS} | {PH} |\n+------+-----------+------------+",
    "grid no outer borders": f"id | ssn       | phone\n===+===========+===========\n1  | {SS} | {PH}",
    "grid one column": f"+-----------+\n| ssn       |\n+===========+\n| {SS} |\n+-----------+",
    "colon grid": f"+------+-----------+------------+\n| id   | ssn       | phone      |\n"
                  f"+:=====+:==========+:===========+\n"
                  f"| 1    | {SS} | {PH} |\n+------+-----------+------------+",
    "jira": f"||id||ssn||phone||\n|1|{SS}|{PH}|",
    "youtrack": f"||  id  ||  ssn        ||  phone       ||\n|  1   |  {SS}  |  {PH}  |",
    "moinmoin": f"|| ''' id ''' || ''' ssn ''' || ''' phone ''' ||\n||  1  ||  {SS}  ||  {PH}  ||",
    "mediawiki": f"{{| class=\"wikitable\"\n! id !! ssn !! phone\n|-\n| 1 || {SS} || {PH}\n|}}",
    "mediawiki cell a line": f"{{| class=\"wikitable\"\n|-\n! id\n! ssn\n! phone\n|-\n| 1\n| {SS}\n| {PH}\n|}}",
    "textile": f"|_. id |_. ssn |_. phone |\n| 1 | {SS} | {PH} |",
    "creole": f"|= id |= ssn |= phone |\n| 1 | {SS} | {PH} |",
    "asciidoc": f"[options=\"header\"]\n|====\n| id | ssn       | phone\n| 1  | {SS} | {PH}\n|====",
    "latex": f"\\begin{{tabular}}{{lll}}\n\\hline\n id & ssn & phone \\\\\n\\hline\n 1 & {SS} & {PH} \\\\\n\\hline\n"
             "\\end{tabular}",
    "mixed grid": f"┍━━━━━━┯━━━━━━━━━━━┯━━━━━━━━━━━━┑\n│ id   │ ssn       │ phone      │\n"
                  f"┝━━━━━━┿━━━━━━━━━━━┿━━━━━━━━━━━━┥\n"
                  f"│ 1    │ {SS} │ {PH} │\n┕━━━━━━┷━━━━━━━━━━━┷━━━━━━━━━━━━┙",
    "markdown, lone CR breaks": f"| id | ssn | phone |\r|---|---|---|\r| 1 | {SS} | {PH} |",
}

# Streamed whitespace-aligned and box tables (F04): whole answers were redacted already, streams were not.
ALIGNED = {
    "rst simple": f"====  =========  ==========\nid    ssn        phone\n====  =========  ==========\n"
                  f"1     {SS}  {PH}\n====  =========  ==========",
    "sqlite column": f"id  ssn        phone\n--  ---------  ----------\n1   {SS}  {PH}",
    "powershell": f"Id Ssn       Phone\n-- ---       -----\n 1 {SS} {PH}",
    "fancy grid": f"╒══════╤═══════════╤════════════╕\n│ id   │ ssn       │ phone      │\n"
                  f"╞══════╪═══════════╪════════════╡\n"
                  f"│ 1    │ {SS} │ {PH} │\n╘══════╧═══════════╧════════════╛",
    "rounded grid": f"╭──────┬───────────┬────────────╮\n│ id   │ ssn       │ phone      │\n"
                    f"├──────┼───────────┼────────────┤\n"
                    f"│ 1    │ {SS} │ {PH} │\n╰──────┴───────────┴────────────╯",
}

LOOKALIKES = {
    "grid of order ids and prices": "+-----------+-----+---------+\n| order_id  | qty | price   |\n"
                                    "+===========+=====+=========+\n| 536904399 | 12  | 1499.00 |\n"
                                    "| 536904400 | 3   | 89.50   |\n+-----------+-----+---------+",
    "jira of story points": "||key||points||sprint||\n|PROJ-4411|8|2024-17|\n|PROJ-4412|5|2024-17|",
    "mediawiki of populations": "{| class=\"wikitable\"\n! City !! Population !! Area km2\n"
                                "|-\n| Lagos || 15388000 || 1171\n"
                                "|-\n| Cairo || 10230350 || 3085\n|}",
    "rst simple of downloads": "=======  ==========  =========\npackage  version     downloads\n"
                               "=======  ==========  =========\n"
                               "requests 2.31.0      536904399\n=======  ==========  =========",
    "sqlite of invoice totals": "invoice   amount     customer_id\n--------  ---------  -----------\n"
                                "100023    4410.25    536904399",
    "code with == and ||": "if (a == b || c == d) {\n    return x || y;\n}\n// ===== 536904399 is the checksum =====",
    "latex of measurements": "\\begin{tabular}{ll}\n\\hline\n run & duration \\\\\n\\hline\n 1 & 536904399 \\\\\n"
                             "\\end{tabular}",
}


@pytest.mark.parametrize("case", list(TABLES))
def test_the_layouts_are_read_by_column_keeping_every_offset(case: str) -> None:
    text = TABLES[case]
    assert len(piped(text)) == len(text)
    cells = {text[a:b]: head for a, b, head in column_cells(text)}
    assert cells.get(SS) == "ssn", cells
    if PH in text:
        assert cells.get(PH) == "phone", cells


def test_lines_of_no_table_are_left_as_written() -> None:
    for line in ("a == b", "x || y", "Title", "!important", "| not a row", "=== Heading ===", "plain & simple"):
        assert piped_line(line) == line
    assert piped("no table here\nat all") == "no table here\nat all"


def test_a_stream_keeps_an_aligned_tables_header() -> None:
    heading = Heading()
    heading.feed("id  ssn        phone\n--  ---------  ----------\n1   5369")
    under = heading.prefix()
    assert under.before.startswith("id  ssn") and under.before.endswith("1   5369")
    assert set(under.types) == {"PHONE_NUMBER", "US_SSN"}
    heading.feed("04399  6175550143\n\nAfter the table.\n")
    assert heading.prefix().before == ""  # a blank line ends it


async def _stream(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("c", text[i:i + size])
    return out + await stream.end("c")


async def _whole(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return verdict.texts[0] if verdict.texts[0] is not None else text


@pytest.mark.parametrize("case", list(TABLES))
async def test_f03_input_and_answers_whole_and_streamed(guard: Guard, case: str) -> None:
    text = "Here is the table.\n\n" + TABLES[case] + "\n\nAnything else?"
    values = [v for v in (SS, PH) if v in text]
    sent = await guard.input(policy(input=PII_IN), [text], None)
    assert sent.texts[0] is not None and not [v for v in values if v in sent.texts[0]], sent.texts
    whole = await _whole(guard, text)
    assert not [v for v in values if v in whole], whole
    for size in (4, 16):
        out = await _stream(guard, text, size)
        assert not [v for v in values if v in out], (size, out)


@pytest.mark.parametrize("case", list(ALIGNED))
async def test_f04_aligned_and_box_tables_streamed_are_the_whole_answers(guard: Guard, case: str) -> None:
    text = ALIGNED[case]
    whole = await _whole(guard, text)
    assert SS not in whole and PH not in whole, whole
    for size in (4, 16):
        out = await _stream(guard, text, size)
        assert SS not in out and PH not in out, (size, out)


@pytest.mark.parametrize("case", list(LOOKALIKES))
async def test_lookalikes_stay_as_written(guard: Guard, case: str) -> None:
    text = LOOKALIKES[case]
    assert await _whole(guard, text) == text
    assert await _stream(guard, text, 7) == text
    sent = await guard.input(policy(input=PII_IN), [text], None)
    assert sent.texts[0] in (None, text), sent.texts
