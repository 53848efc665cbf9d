"""tablerest15's report, item (a): a stream redacted more than the whole answer for a table row with more cells than
its header (a `|` or a `,` inside a cell, a note column the header lacks). A window that ends inside such a row (the
cap in a long remark) read its released cells completed to the header's count (`proxy.guard.headings.closing`), so
the value under `phone` went out redacted; the whole answer read the row as no row of the table (its cell count
differs) and let the value out raw, and a stream that happened to hold the row whole did the same. Now a row with
more cells than the header is one of the table's rows in both readings, its first cells under the header's
(`proxy.nlp.tables.column_cells(wide=True)` for the phone labels' reading, `Heading` keeps the header over it): the
streamed answer is the whole answer, however it is chunked. Numbers under a header that names no phone stay.
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.headings import Heading
from proxy.guard.keyed import labelled_values
from proxy.nlp.tables import column_cells
from tests.guard.conftest import PII_OUT, policy

REMARK = "and then a somewhat long remark about it"
WIDE = {
    "markdown note cell": ("| name | phone |\n|---|---|\n| Ann | 6175550143 " + REMARK + " | x |\n"
                           "| Bob | 2125550199 | y |\n", ["6175550143", "2125550199"]),
    "markdown pipe in a cell": ("| name | phone |\n|---|---|\n| Ann | a | b | 6175550143 |\n| Bob | 2125550199 | c |\n",
                                ["2125550199"]),
    "csv extra column": ("name,ssn\nAnn,536904399,Boston\nBob,219099999,Paris\nCy,457555462,Rome\n",
                         ["536904399", "219099999", "457555462"]),
    "html extra cell": ("<table><tr><th>Name</th><th>Phone</th></tr><tr><td>Ann</td><td>6175550143 " + REMARK
                        + "</td><td>x</td></tr><tr><td>Bob</td><td>2125550199</td><td>y</td></tr></table>",
                        ["6175550143", "2125550199"]),
}
AROUND = "Here is the list you asked for.\n\n{}\n\nLet me know if you need more."


def test_wide_rows_are_read_by_position_only_when_asked() -> None:
    text = "name,ssn\nAnn,536904399,Boston\nBob,219099999\n"
    assert column_cells(text) == []  # a row of another count ends the table (the names' reading: unchanged)
    assert [(text[a:b], h) for a, b, h in column_cells(text, wide=True)] == [
        ("Ann", "name"), ("536904399", "ssn"), ("Bob", "name"), ("219099999", "ssn")]
    html = "<table><tr><th>Name</th><th>SSN</th></tr><tr><td>Ann</td><td>536904399</td><td>x</td></tr></table>"
    assert [(html[a:b], h) for a, b, h in column_cells(html, wide=True)] == [("Ann", "Name"), ("536904399", "SSN")]
    assert column_cells(html) == []
    assert [text[k.start:k.end] for k in labelled_values([text])] == ["536904399", "219099999"]
    one = "| phone |\n|---|\n| 6175550143 |\nsee a | b\n"  # a one-column table still ends at a line without `|` first
    assert [one[a:b] for a, b, _ in column_cells(one, wide=True)] == ["6175550143"]


def test_the_heading_keeps_its_header_over_a_wide_row() -> None:
    heading = Heading()
    heading.feed("name,ssn\nAnn,536904399,Boston\n")
    assert heading.prefix().before == "name,ssn\n" and heading.prefix().types == ("US_SSN",)
    heading.feed("\n")
    assert heading.prefix().before == ""  # a blank line still ends it


async def _whole(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return verdict.texts[0] if verdict.texts[0] is not None else text


async def _stream(guard: Guard, text: str, size: int, group: str | None) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("c", text[i:i + size], group=group)
    if group is None:
        return out + await stream.end("c")
    return out + "".join(t for _, t in stream.take_spill() + await stream.end_group(group))


@pytest.mark.parametrize("group", [None, "answer"])
@pytest.mark.parametrize("case", list(WIDE))
async def test_a_wide_row_streamed_is_the_whole_answers(guard: Guard, case: str, group: str | None) -> None:
    table, values = WIDE[case]
    text = AROUND.format(table)
    whole = await _whole(guard, text)
    assert [v for v in values if v in whole] == [], whole
    for size in (1, 7, 20):
        out = await _stream(guard, text, size, group)
        assert out == whole, (size, out)


@pytest.mark.parametrize("case", list(WIDE))
async def test_wide_rows_under_no_such_header_keep_their_numbers(guard: Guard, case: str) -> None:
    table, _ = WIDE[case]
    text = AROUND.format(table.replace("phone", "order").replace("Phone", "Order").replace("ssn", "invoice"))
    assert await _whole(guard, text) == text
    for size in (1, 7, 20):
        assert await _stream(guard, text, size, "answer") == text, size
