"""tablesplit16's leftovers (fields20): (a) a streamed JSON window is read as one text, so a `phone` or `ssn` word in
one string (a table's header, a list's label, a key, a value) lent its type to the digits of another:
`{"label": "phone", "order": "2125550199"}` went out with the order number redacted while the whole answer, which
reads each key and value as a text of its own (`proxy.guard.phases.decoded`), kept it. A key's header now governs its
own string only (`proxy.guard.docvalues`): a finding inside one value stands where the whole answer's reading of the
window's keys and values holds it. (b) A Markdown row with fewer cells than its header (GitHub's tables: the missing
cells are empty) ended the table: the rows after it were no longer read under the header in the whole answer (a
value under `phone` went out), and a stream window read after the header (without its rule line) typed the short
row's number under another column as a phone number."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.headings import Heading
from proxy.guard.phases import screen_answer
from proxy.nlp.tables import column_cells
from proxy.providers.base import TextSlot
from tests.guard.conftest import PII_OUT, policy

ARGS = "choice:0:tool:0:arguments"
CONTENT = "choice:0:content"

LENT = {
    "markdown header": {"t": "| name | phone |\n|---|---|\n", "order": "2125550199"},
    "list label": {"t": "Phones:\n", "order": "2125550199"},
    "open list": {"t": "Phone numbers:\n- ", "order": "2125550199"},
    "word value": {"label": "phone", "order": "2125550199"},
    "array": {"t": "phone", "ids": ["2125550199", "6175550143"]},
    "label value": {"t": "Phone: ", "v": "2125550199"},
    "ssn label": {"note": "SSN:", "order": "536904399"},
    "ssn header": {"t": "| name | ssn |\n|---|---|\n", "order": "536904399"},
    "phone key": {"phone": "x", "order": "2125550199"},
    "empty phone key": {"phone": "", "tracking": "2125550199"},
    "key and value": {"phone_label": "Phone", "sku": "2125550199"},
}
# Values the whole answer redacts: the stream still does, the others kept.
OWN = {
    "own key": ({"phone": "6175550143", "order": "2125550199"}, ["6175550143"], ["2125550199"]),
    "own table": ({"t": "| name | phone |\n|---|---|\n| Ann | 6175550143 |\n", "order": "2125550199"},
                  ["6175550143"], ["2125550199"]),
    "own words": ({"note": "call me at 617-555-0143", "order": "2125550199"}, ["617-555-0143"], ["2125550199"]),
    "pieces": ({"area": "617", "exchange": "555", "line": "0143"}, ['"617"', '"555"', '"0143"'], []),
    "address pieces": ({"user": "jane.doe", "domain": "example.com"}, ["jane.doe", "example.com"], []),
}


async def _whole(guard: Guard, args: str) -> str:
    holder = {"arguments": args}
    await screen_answer(guard, policy(output=PII_OUT), [TextSlot(holder, "arguments", "assistant", "tool_arguments",
                                                                 ARGS, is_json=True)], None)
    return holder["arguments"]


async def _stream(guard: Guard, text: str, size: int, channel: str = ARGS) -> tuple[str, list[dict[str, Any]]]:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed(channel, text[i:i + size], channel == ARGS, group="choice:0")
    out += "".join(t for _, t in stream.take_spill() + await stream.end_group("choice:0"))
    return out, stream.records()


@pytest.mark.parametrize("case", list(LENT))
async def test_a_word_in_one_string_types_no_other_strings_value(guard: Guard, case: str) -> None:
    args = json.dumps(LENT[case])
    assert json.loads(await _whole(guard, args)) == LENT[case]  # the whole answer keeps every value
    for size in (1, 7, 20, len(args)):
        out, records = await _stream(guard, args, size)
        assert out == args, (size, out)
        pii = [r for r in records if r["check"] == "pii"]
        assert not pii or not pii[0].get("findings"), (size, pii)


@pytest.mark.parametrize("case", list(OWN))
async def test_a_value_its_own_key_or_words_type_is_still_redacted(guard: Guard, case: str) -> None:
    doc, gone, kept = OWN[case]
    args = json.dumps(doc)
    whole = await _whole(guard, args)
    assert [v for v in gone if v in whole] == [] and [v for v in kept if v not in whole] == [], whole
    for size in (1, 7, 20, len(args)):
        out, _ = await _stream(guard, args, size)
        assert json.loads(out) == json.loads(whole), (size, out)


async def test_a_long_document_over_several_windows_keeps_its_values(guard: Guard) -> None:
    doc = {"t": "| name | phone |\n|---|---|\n", "rows": [{"order": f"21255501{n:02d}", "note": "shipped " * 4}
                                                         for n in range(6)]}
    args = json.dumps(doc)
    assert json.loads(await _whole(guard, args)) == doc
    for size in (7, 20):
        out, _ = await _stream(guard, args, size)
        assert json.loads(out) == doc, (size, out)


# ------------------------------------------------------------------------------------------ rows with fewer cells


SHORT = {
    "name phone note": ("| name | phone | note |\n|---|---|---|\n| Ann | 6175550143 |\n| Bob | 2125550199 | ok |\n",
                        ["6175550143", "2125550199"], []),
    "phone first": ("| phone | order | note |\n|---|---|---|\n| 6175550143 |\n| 2125550199 | 7 | ok |\n",
                    ["6175550143", "2125550199"], []),
    "order first": ("| order | phone |\n|---|---|\n| 2125550199 |\n| 88 | 6175550143 |\n", ["6175550143"],
                    ["2125550199"]),
    "order cell long": ("| order | phone |\n|---|---|\n| " + "x" * 150 + " 2125550199 |\n| 88 | 6175550143 |\n",
                        ["6175550143"], ["2125550199"]),
    "qty column": ("| order | qty | phone |\n|---|---|---|\n| " + "x" * 150
                   + " | 2125550199 |\n| 88 | 2 | 6175550143 |\n", ["6175550143"], ["2125550199"]),
}


def test_a_markdown_row_with_fewer_cells_is_a_row() -> None:
    text = "| order | phone |\n|---|---|\n| 2125550199 |\n| 88 | 6175550143 |\n"
    cells = [(text[a:b], head) for a, b, head in column_cells(text, wide=True)]
    assert cells == [("2125550199", "order"), ("88", "order"), ("6175550143", "phone")]
    assert [c for c in column_cells("order,phone\n2125550199\n88,6175550143\n", wide=True)] == []  # CSV: it ends
    h = Heading()
    h.feed("| order | phone |\n|---|---|\n| 2125550199 |\n")
    assert h.prefix().before == "| order | phone |\n|---|---|\n" and h.prefix().types == ("PHONE_NUMBER",)


@pytest.mark.parametrize("case", list(SHORT))
async def test_a_table_with_short_rows_streamed_is_the_whole_answer(guard: Guard, case: str) -> None:
    text, gone, kept = SHORT[case]
    holder = {"content": text}
    await screen_answer(guard, policy(output=PII_OUT), [TextSlot(holder, "content", "assistant", "text", CONTENT)],
                        None)
    whole = holder["content"]
    assert [v for v in gone if v in whole] == [] and [v for v in kept if v not in whole] == [], whole
    for size in (1, 7, 20):
        out, _ = await _stream(guard, text, size, CONTENT)
        assert out == whole, (size, out)
