"""proxy.guard.windows: a bare phone number or SSN under a table column's header that names it (`| name | phone |`,
`ssn,name`, `name<TAB>phone`, `id;SSN`, `<th>Phone</th>`) or after a list's label (`Phones:`) in a STREAMED answer
(issue 12, atk14 B H4 streamed). Whole answers read every row's value after its column's word
(`proxy.guard.keyed.labelled_values`), but a stream's window ends at each line, and the row went out read alone: the
values under `| Phone |` and `SSN` headers reached the client raw. The window now reads the header its field released
before (`proxy.guard.headings`), however the stream is chunked: the streamed answer is the whole answer's. A table
without a header, or under a header that names no such type, keeps its numbers.
"""

from __future__ import annotations

import json

import pytest

from proxy.guard.engine import Guard
from proxy.guard.headings import Heading, JsonHeading, closing, json_strings
from proxy.guard.phases import screen_answer
from proxy.providers.base import TextSlot
from tests.guard.conftest import PII_OUT, policy

PH = ["6175550143", "2125550199", "4155550123", "3125550187", "7185550134", "2025550110"]
SS = ["536904399", "219099999", "457555462", "387452211", "234567891", "345678912"]
NAMES = ["Ann Lee", "Bo Park", "Cy Diaz", "Di Chen", "Ed Kim", "Flo Ruiz"]

PROWS = list(zip(NAMES, PH, strict=True))  # (name, value) per row
SROWS = list(zip(NAMES, SS, strict=True))

TABLES = {
    "markdown phone": ("| name | phone |\n|---|---|\n" + "\n".join(f"| {a} | {n} |" for a, n in PROWS), PH),
    "markdown ssn mid": ("| Name | SSN | City |\n|:--|:--:|--:|\n"
                         + "\n".join(f"| {a} | {n} | Boston |" for a, n in SROWS), SS),
    "markdown one column": ("| Phone |\n|---|\n" + "\n".join(f"| {n} |" for n in PH), PH),
    "csv phone mid": ("name,phone,city\n" + "\n".join(f"{a},{n},Boston" for a, n in PROWS), PH),
    "csv ssn first": ("ssn,name\n" + "\n".join(f"{n},{a}" for a, n in SROWS), SS),
    "tab phone": ("name\tphone\tteam\n" + "\n".join(f"{a}\t{n}\tsales" for a, n in PROWS), PH),
    "semicolon ssn": ("id;SSN;team\n" + "\n".join(f"{i};{n};ops" for i, n in enumerate(SS)), SS),
    "html phone": ("<table>\n<tr><th>Name</th><th>Phone</th></tr>\n"
                   + "".join(f"<tr><td>{a}</td><td>{n}</td></tr>\n" for a, n in PROWS) + "</table>", PH),
    "html ssn one line": ("<table><tr><th>Name</th><th>SSN</th></tr>"
                          + "".join(f"<tr><td>{a}</td><td>{n}</td></tr>" for a, n in SROWS) + "</table>", SS),
    # Rows longer than the window's cap (the guard's `hold_chars` is 60): a window ends inside a row.
    "markdown long rows": ("| Name | Phone | Note |\n|---|---|---|\n"
                           + "\n".join(f"| {a} | {n} | {'word ' * 30}|" for a, n in PROWS), PH),
    "csv long rows": ("name,ssn,note\n" + "\n".join(f"{a},{n},{'word ' * 30}" for a, n in SROWS), SS),
    "phones list": ("Phones: " + ", ".join(PH), PH),
    "phones lines": ("Phones:\n" + "\n".join(f"- {n}" for n in PH * 2), PH),
}
# In a sentence before and after, as an answer writes it.
AROUND = "Here is the list you asked for.\n\n{}\n\nLet me know if you need more."


async def _stream(guard: Guard, text: str, size: int, group: str | None) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("c", text[i:i + size], group=group)
    if group is None:
        return out + await stream.end("c")
    return out + "".join(t for _, t in stream.take_spill() + await stream.end_group(group))


async def _whole(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return verdict.texts[0] if verdict.texts[0] is not None else text


@pytest.mark.parametrize("group", [None, "answer"])
@pytest.mark.parametrize("case", list(TABLES))
async def test_values_under_a_header_streamed_are_the_whole_answers(guard: Guard, case: str,
                                                                   group: str | None) -> None:
    table, values = TABLES[case]
    text = AROUND.format(table)
    whole = await _whole(guard, text)
    assert not [v for v in values if v in whole], whole  # the whole answer redacts every value
    for size in (1, 7, 20):
        out = await _stream(guard, text, size, group)
        assert [v for v in values if v in out] == [], (size, out)
        assert out == whole, (size, out)


# Numbers under no header, or under one that names no phone number nor SSN: as sent, streamed and whole.
PLAIN = {
    "markdown no header": "| a | b |\n|---|---|\n" + "\n".join(f"| item{i} | {n} |" for i, n in enumerate(PH)),
    "markdown order": "| name | order |\n|---|---|\n" + "\n".join(f"| item{i} | {n} |" for i, n in enumerate(PH)),
    "csv amount": "sku,amount,city\n" + "\n".join(f"A{i},{n},Boston" for i, n in enumerate(SS)),
    "phone model": "| phone model | units |\n|---|---|\n" + "\n".join(f"| X{i} | {n} |" for i, n in enumerate(PH)),
    "html tracking": "<table>\n<tr><th>Item</th><th>Tracking</th></tr>\n"
                     + "".join(f"<tr><td>box{i}</td><td>{n}</td></tr>\n" for i, n in enumerate(PH)) + "</table>",
    "after a phone table": "| name | phone |\n|---|---|\n| Ann | 6175550143 |\n\n| item | count |\n|---|---|\n"
                           + "\n".join(f"| box{i} | {n} |" for i, n in enumerate(PH[1:])),
}


@pytest.mark.parametrize("case", list(PLAIN))
async def test_numbers_under_no_such_header_stay(guard: Guard, case: str) -> None:
    text = AROUND.format(PLAIN[case])
    whole = await _whole(guard, text)
    for size in (1, 7, 20):
        out = await _stream(guard, text, size, None)
        assert out == whole, (size, out)
    if case == "after a phone table":
        assert "6175550143" not in whole and all(n in whole for n in PH[1:]), whole
    else:
        assert whole == text, whole


def test_the_heading_ends_with_its_table_and_stays_bounded() -> None:
    h = Heading()
    h.feed("| name | phone |\n|---|---|\n| Ann | 617")
    under = h.prefix()
    assert under.before == "| name | phone |\n|---|---|\n| Ann | 617" and under.types == ("PHONE_NUMBER",)
    h.feed("5550143 |\n")
    assert h.prefix().before == "| name | phone |\n|---|---|\n"
    h.feed("\n")  # a blank line ends the table
    assert h.prefix().before == ""
    h.feed("| phone |\n|---|\n| 1 |\nno table\n| 2 |")  # a line of another shape too
    assert h.prefix().before == ""
    h.feed("ssn,name\n" + "x" * 500)  # a row no table has
    assert h.prefix().before == ""
    h.feed("\n<table><tr><th>SSN</th></tr><tr><td>1")
    assert h.prefix().before == "<table><tr><th>SSN</th><tr><td>1" and h.prefix().types == ("US_SSN",)
    h.feed("</td></tr></table> done")
    assert h.prefix().before == ""


def test_a_row_the_window_ends_inside_is_completed() -> None:
    """A window that ends inside a row (the cap) is read with the empty cells that complete it, so its cells fall
    under their columns (`closing`); one that ends at its line's end, as it is."""
    h = Heading()
    h.feed("| name | phone | city | note |\n|---|---|---|---|\n")
    under = h.prefix()
    assert closing("| Ann | 6175550143 | Bos", under) == "| |"
    assert closing("| Ann | 6175550143 | Boston | ok |\n", under) == ""
    h = Heading()
    h.feed("name,ssn,city\n")
    assert closing("Ann,536904399", h.prefix()) == ","


# tablerest15: what streamtable15 left open. Rows the window's cap cuts inside (the guard's `hold_chars` is 60, its cap
# 120): an HTML row whose value comes before a long cell (the window ends with the row's cells short of the header's:
# it was read with none completed), and rows whose released part grows past 400 characters (`<td>` + 500 characters,
# then the value; a Markdown row the same: the table's reading ended). And an HTML table that never closes: the
# stream read it under its header, the whole answer did not (now both do).
NOTE = "word " * 100
REST = {
    "html value before a long cell": ("<table>\n<tr><th>Phone</th><th>Note</th><th>City</th></tr>\n"
                                      + "".join(f"<tr><td>{n}</td><td>{a} {'word ' * 40}</td><td>Boston</td></tr>\n"
                                                for a, n in PROWS) + "</table>", PH),
    "html long first cell": ("<table>\n<tr><th>Name</th><th>Phone</th></tr>\n"
                             + "".join(f"<tr><td>{a} {NOTE}</td><td>{n}</td></tr>\n" for a, n in PROWS)
                             + "</table>", PH),
    "html long ssn row one line": ("<table><tr><th>Note</th><th>SSN</th></tr>"
                                   + "".join(f"<tr><td>{a} {NOTE}</td><td>{n}</td></tr>" for a, n in SROWS)
                                   + "</table>", SS),
    "markdown long first cell": ("| Name | Phone |\n|---|---|\n"
                                 + "\n".join(f"| {a} {NOTE}| {n} |" for a, n in PROWS), PH),
    "csv long first cell": ("note,ssn\n" + "\n".join(f"{a} {NOTE},{n}" for a, n in SROWS), SS),
    "html never closed": ("<table>\n<tr><th>Name</th><th>Phone</th></tr>\n"
                          + "".join(f"<tr><td>{a}</td><td>{n}</td></tr>\n" for a, n in PROWS), PH),
    "html never closed one line": ("<table><tr><th>Name</th><th>SSN</th></tr>"
                                   + "".join(f"<tr><td>{a}</td><td>{n}</td>" for a, n in SROWS), SS),
}


@pytest.mark.parametrize("group", [None, "answer"])
@pytest.mark.parametrize("case", list(REST))
async def test_long_and_open_rows_streamed_are_the_whole_answers(guard: Guard, case: str, group: str | None) -> None:
    table, values = REST[case]
    text = AROUND.format(table)
    whole = await _whole(guard, text)
    assert [v for v in values if v in whole] == [], whole
    for size in (1, 7, 20):
        out = await _stream(guard, text, size, group)
        assert [v for v in values if v in out] == [], (size, out)
        assert out == whole, (size, out)


# The same shapes under no such header, or in no table: numbers as sent, streamed and whole.
REST_PLAIN = {
    "html tracking long cell": "<table>\n<tr><th>Item</th><th>Note</th><th>Tracking</th></tr>\n"
                               + "".join(f"<tr><td>box{i}</td><td>{NOTE}</td><td>{n}</td></tr>\n"
                                         for i, n in enumerate(PH)) + "</table>",
    "markdown order long cell": "| Item | Order |\n|---|---|\n"
                                + "\n".join(f"| box{i} {NOTE}| {n} |" for i, n in enumerate(PH)),
    "html never closed tracking": "<table>\n<tr><th>Item</th><th>Tracking</th></tr>\n"
                                  + "".join(f"<tr><td>box{i}</td><td>{n}</td></tr>\n" for i, n in enumerate(PH)),
    "html row without a header": "<table>\n" + "".join(f"<tr><td>box{i}</td><td>{n}</td></tr>\n"
                                                       for i, n in enumerate(PH)),
}


@pytest.mark.parametrize("case", list(REST_PLAIN))
async def test_long_and_open_rows_under_no_such_header_stay(guard: Guard, case: str) -> None:
    text = AROUND.format(REST_PLAIN[case])
    whole = await _whole(guard, text)
    assert whole == text, whole
    for size in (1, 7, 20):
        assert await _stream(guard, text, size, None) == text, size


def test_a_long_row_is_kept_folded_and_an_html_row_completed() -> None:
    h = Heading()
    h.feed("<table><tr><th>Phone</th><th>Note</th><th>City</th></tr><tr><td>")
    under = h.prefix()
    assert closing("6175550143</td><td>a long no", under) == "<td></td>\n</table>"
    assert closing("6175550143</td><td>a</td><td>Boston</td></tr>", under) == "\n</table>"
    h.feed("Ann " + "word " * 200)
    under = h.prefix()
    assert under.types == ("PHONE_NUMBER",) and len(under.before) <= 400  # kept, folded
    assert under.before.startswith("<table><tr><th>Phone</th>") and "<tr><td>" + "x" * 65 + " " in under.before
    h = Heading()
    h.feed("| Name | SSN |\n|---|---|\n| Ann " + "word " * 200)
    under = h.prefix()
    assert under.types == ("US_SSN",) and len(under.before) <= 400
    assert under.before.startswith("| Name | SSN |\n|---|---|\n|" + "x" * 65 + " ") and under.before.count("|") == 7
    h.feed("| 536904399 |\n| Bo | 219099999 |\n")
    assert h.prefix().before == "| Name | SSN |\n|---|---|\n"  # the rows after it still the table's


# Tool call arguments (a JSON channel): a whole answer reads each of their strings decoded (`phases.decoded`), so a
# table inside one lies under its header there; a stream read the raw JSON, its line breaks escaped (`\n`), and the
# rows a window held without the header went out raw (tablerest15, item 2). The strings are now read decoded, each
# under the header it released before (`proxy.guard.headings.JsonHeading`).
ARGS = {
    "markdown": (json.dumps({"to": "ops", "body": "Here:\n\n| Name | Phone |\n|---|---|\n"
                             + "\n".join(f"| {a} | {n} |" for a, n in PROWS) + "\n\nThanks"}), PH),
    "csv ssn": (json.dumps({"body": "name,ssn\n" + "\n".join(f"{a},{n}" for a, n in SROWS)}), SS),
    "html": (json.dumps({"body": "<table><tr><th>Name</th><th>Phone</th></tr>"
                         + "".join(f"<tr><td>{a}</td><td>{n}</td></tr>" for a, n in PROWS) + "</table>"}), PH),
    "escaped unicode": (json.dumps({"body": "| Nom é | Phone |\n|---|---|\n"
                                    + "\n".join(f"| {a} é | {n} |" for a, n in PROWS)}), PH),
}
ARGS_PLAIN = {
    "order": json.dumps({"body": "| Item | Order |\n|---|---|\n" + "\n".join(f"| {a} | {n} |" for a, n in PROWS)}),
    "header in another string": json.dumps({"head": "| Name | Phone |\n|---|---|\n",
                                            "rows": "\n".join(f"| box{i} | {n} |" for i, n in enumerate(PH))}),
}


async def _whole_args(guard: Guard, raw: str) -> str:
    """The arguments as a whole answer's are screened (`phases.screen_answer`: their strings decoded)."""
    holder = {"arguments": raw}
    await screen_answer(guard, policy(output=PII_OUT), [TextSlot(holder, "arguments", "assistant", "tool_arguments",
                                                                 "c", is_json=True)], None)
    return holder["arguments"]


async def _stream_args(guard: Guard, raw: str, size: int, group: str | None) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for i in range(0, len(raw), size):
        out += await stream.feed("c", raw[i:i + size], in_json=True, group=group)
    if group is None:
        return out + await stream.end("c")
    return out + "".join(t for _, t in stream.take_spill() + await stream.end_group(group))


@pytest.mark.parametrize("group", [None, "answer"])
@pytest.mark.parametrize("case", list(ARGS))
async def test_a_table_in_streamed_arguments_is_the_whole_answers(guard: Guard, case: str, group: str | None) -> None:
    raw, values = ARGS[case]
    whole = await _whole_args(guard, raw)
    assert [v for v in values if v in whole] == [], whole
    for size in (1, 7, 20):
        out = await _stream_args(guard, raw, size, group)
        assert [v for v in values if v in out] == [], (size, out)
        assert json.loads(out) == json.loads(whole), (size, out)


@pytest.mark.parametrize("case", list(ARGS_PLAIN))
async def test_numbers_in_streamed_arguments_under_no_such_header_stay(guard: Guard, case: str) -> None:
    raw = ARGS_PLAIN[case]
    assert await _whole_args(guard, raw) == raw
    for size in (1, 7, 20):
        assert await _stream_args(guard, raw, size, None) == raw, size


def test_json_strings_are_decoded_each_a_text() -> None:
    raw = json.dumps({"a": "| Name | Phone |\n|---|---|\n| 1 | 2 |", "b\u00e9\U0001F600": "q\"\\"})
    pieces = json_strings(raw)
    assert [p.text for p in pieces] == ["a", "| Name | Phone |\n|---|---|\n| 1 | 2 |", "b\u00e9\U0001F600", 'q"\\']
    assert all(not p.goes_on and not p.open for p in pieces)
    body = pieces[1]
    assert [raw[a] for a in body.at[:2]] == ["|", " "] and raw[body.at[-1]] == '"'
    assert raw[body.at[body.text.index("\n")]:][:2] == "\\n"
    cut = raw.index("|---")
    assert json_strings(raw[cut:], True)[0].goes_on and json_strings(raw[:cut])[-1].open
    h = JsonHeading()
    h.feed(raw[:cut])
    assert h.prefix().types == ("PHONE_NUMBER",) and h.prefix().before == "| Name | Phone |\n"
    h.feed(raw[cut:raw.index('"b')])  # the string ended: its header with it
    assert h.prefix().before == ""
