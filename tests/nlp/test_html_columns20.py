"""HTML rows under a header row of several cells, with or without `<table>` (fields20, ssnlabel16's leftover): each
value is typed by its column's header as ssnlabel16 types a value after a one-column header (`<th>SSN</th></tr>
<tr><td>123-45-6789</td>`): `<tr><th>SSN</th><th>Phone</th></tr><tr><td>123-45-6789</td>...` with no `<table>`,
`<div class="row"><span>SSN</span><span>Phone</span></div>` then rows, `<dl><dt>SSN</dt><dd>...</dd>`. A sample SSN
there went as a phone number (`per_entity: {US_SSN: block}` bypassed); a value under another column (`Phone`)
after an SSN header cell was typed an SSN by the label before it."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer

TYPES = ["PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "IBAN_CODE"]
V = "123-45-6789"  # a sample SSN Presidio's SSN recognizer rejects (the phone recognizer reads it)

TYPED = {
    "div rows": (f'<div class="row"><span>SSN</span><span>Phone</span></div><div class="row"><span>{V}</span>'
                 '<span>617-555-0143</span></div>', [("PHONE_NUMBER", "617-555-0143"), ("US_SSN", V)]),
    "div rows second": ('<div class="row"><span>Phone</span><span>SSN</span></div>\n<div class="row"><span>'
                        f'617-555-0143</span><span>{V}</span></div>',
                        [("PHONE_NUMBER", "617-555-0143"), ("US_SSN", V)]),
    "tr without table": (f"<tr><th>Name</th><th>SSN</th></tr>\n<tr><td>Ann</td><td>{V}</td></tr>"
                         "<tr><td>Bo</td><td>078-05-1120</td></tr>", [("US_SSN", "078-05-1120"), ("US_SSN", V)]),
    "header cell then another": (f"<th>SSN</th><th>Phone</th></tr><tr><td>{V}</td>", [("US_SSN", V)]),
    "li rows": (f"<ul><li><b>Name</b><b>SSN number</b></li><li><b>Ann</b><b>{V}</b></li></ul>", [("US_SSN", V)]),
    "dl": (f"<dl><dt>SSN</dt><dd>{V}</dd><dt>Phone</dt><dd>617-555-0143</dd></dl>",
           [("PHONE_NUMBER", "617-555-0143"), ("US_SSN", V)]),
    "dl lines": (f"<dl>\n  <dt>Name</dt>\n  <dd>Ann</dd>\n  <dt>SSN</dt>\n  <dd>{V}</dd>\n</dl>", [("US_SSN", V)]),
}
NOT_TYPED = {
    "phone column": f"<th>Phone</th><th>SSN</th></tr><tr><td>{V}</td>",
    "div phone column": (f'<div class="row"><span>Phone</span><span>SSN</span></div><div class="row"><span>{V}'
                         "</span></div>"),
    "header naming both": f"<tr><th>SSN or phone</th><th>Name</th></tr><tr><td>{V}</td><td>Ann</td></tr>",
    "text between": f"<p><span>SSN</span><span>Phone</span></p><p>See below.</p><p><span>{V}</span></p>",
}


async def _spans(analyzer: PiiAnalyzer, text: str) -> list[tuple[str, str]]:
    found = (await analyzer.analyze([text], TYPES))[0]
    return sorted((s.entity, text[s.start:s.end]) for s in found if s.score >= 0.4)


@pytest.mark.parametrize("case", list(TYPED))
async def test_a_value_is_typed_by_its_columns_header(analyzer: PiiAnalyzer, case: str) -> None:
    text, expected = TYPED[case]
    got = await _spans(analyzer, text)
    assert [s for s in got if s[1] in (V, "078-05-1120", "617-555-0143")] == expected, got


@pytest.mark.parametrize("case", list(NOT_TYPED))
async def test_a_value_under_another_header_stays_a_phone_number(analyzer: PiiAnalyzer, case: str) -> None:
    assert await _spans(analyzer, NOT_TYPED[case]) == [("PHONE_NUMBER", V)]


def test_header_cells_read_rows_by_position() -> None:
    from proxy.nlp.htmlrows import header_cells  # (the module before this change has none)

    text = ('<div class="row"><span>SSN</span><span>Phone</span></div>'
            '<div class="row"><span> 1 </span><span>2</span></div><div class="row"><span>3</span></div>')
    assert [(text[a:b], h) for a, b, h in header_cells(text)] == [("1", "SSN"), ("2", "Phone"), ("3", "SSN")]
    assert header_cells("<tr><td>1</td><td>2</td></tr>") == []  # no header row
    assert header_cells("<span>SSN</span> and then <span>1</span>") == []  # prose between: no row
    rows = "<tr><th>A</th><th>SSN</th></tr><tr><td>x</td><td>1</td><td>2</td></tr>"  # more cells than the header
    assert header_cells(rows) == []
    many = "<tr><th>Name</th><th>SSN</th></tr>" + "<tr><td>a</td><td>1</td></tr>" * 2000
    assert len(header_cells(many)) == 4000


def test_a_stream_reads_rows_under_an_html_header_row_without_a_table() -> None:
    from proxy.guard.headings import Heading

    h = Heading()
    h.feed('<div class="row"><span>Name</span><span>SSN</span></div>\n<div class="row"><span>Ann</span>')
    under = h.prefix()
    assert under.types == ("US_SSN",) and under.before.startswith('<div class="row"><span>Name</span>')
    assert under.before.endswith("\n" + '<div class="row"><span>Ann</span>')
    h.feed("<span>1</span></div>\n")
    assert h.prefix().types == ("US_SSN",)  # rows of cells alone: still under it
    h.feed("That is all.\n")
    assert h.prefix().types == ()  # text outside cells ends it
    h = Heading()
    h.feed('<div class="row"><span>Name</span><span>Order</span></div>\n')
    assert h.prefix().types == ()  # a header naming no type
