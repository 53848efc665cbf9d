"""Issue 12, atk7 tester B findings 3 and 3b: Markdown that hides a value from the view.

- emphasis, strike-through and code-span delimiters around one digit or a few digits INSIDE a group
  (`4111 1**1**11 1111 1111`, ``617-5`5`5-0143``, `192.168.1**0**.77`): read as rendered where the number, read
  so, is a value; arithmetic, products, exponents stay as written;
- Markdown (and Telegram MarkdownV2) backslash escapes `\\X` of ASCII punctuation between a value's parts
  (`617\\-555\\-0143`, `jane\\.doe@example\\.com`, `jane.doe\\@example.com`): read as X; Windows paths, regular
  expressions, escaped backslashes and JSON escapes stay as they were read.
"""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import emphasis_across, normalize, pattern_view
from proxy.nlp.pii import PiiAnalyzer

ALL = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]

# ------------------------------------------------------------------- delimiters inside a number

INSIDE = [  # (text, the value as the view reads it, the original characters a redaction takes)
    ("card 4111 1**1**11 1111 1111 ok", "4111 1111 1111 1111", "4111 1**1**11 1111 1111"),
    ("card 4**1**1**1** 1**1**1**1** 1111 1111 ok", "4111 1111 1111 1111", "4**1**1**1** 1**1**1**1** 1111 1111"),
    ("card 4111 11~~1~~1 1111 1111 ok", "4111 1111 1111 1111", "4111 11~~1~~1 1111 1111"),
    # GFM's single-tilde strike-through (atk8 B M2)
    ("card 4111 11~1~1 1111 1111 ok", "4111 1111 1111 1111", "4111 11~1~1 1111 1111"),
    ("ssn 5~3~6-90-4399 ok", "536-90-4399", "5~3~6-90-4399"),
    ("call 617-5~5~5-0143 ok", "617-555-0143", "617-5~5~5-0143"),
    ("ip 192.168.1~0~.77 ok", "192.168.10.77", "192.168.1~0~.77"),
    ("card 4111 1*1*11 1111 1111 ok", "4111 1111 1111 1111", "4111 1*1*11 1111 1111"),
    ("card 4111 1**1**11 1111 1111 12 27 ok", "4111 1111 1111 1111", "4111 1**1**11 1111 1111"),
    ("ssn 5**3**6-90-4399 ok", "536-90-4399", "5**3**6-90-4399"),
    ("call 617-5`5`5-0143 ok", "617-555-0143", "617-5`5`5-0143"),
    ("call 6`1`7-5`5`5-0`1`43 ok", "617-555-0143", "6`1`7-5`5`5-0`1`43"),
    ("call (617) 5**5**5-0143 ok", "(617) 555-0143", "(617) 5**5**5-0143"),
    ("call +1 617-5**5**5-0143 ok", "+1 617-555-0143", "+1 617-5**5**5-0143"),
    ("card 41111**1**1111111111 ok", "4111111111111111", "41111**1**1111111111"),
    ("ip 192.168.1**0**.77 ok", "192.168.10.77", "192.168.1**0**.77"),
    ("IBAN DE89 3704 0044 0**5**32 0130 00 ok", "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0**5**32 0130 00"),
    ("IBAN GB82 WEST 1234 5**6**98 7654 32 ok", "GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5**6**98 7654 32"),
]


@pytest.mark.parametrize(("text", "read", "inner"), INSIDE)
def test_delimiters_around_digits_inside_a_value_read_as_rendered(text: str, read: str, inner: str) -> None:
    for view in (normalize(text), pattern_view(text)):
        assert read in view.text, view.text
        at = view.text.index(read)
        a, b = view.span(at, at + len(read))
        assert text[a:b] == inner  # the delimiters map back with the digits they hold


@pytest.mark.parametrize("text", [
    "compute 3*4*5 and 2*3*4-5678 then x**2", "x = 10*1000*1000 bytes", "4111**1111**1111 is a product",
    "ratio 1.5*2*3.5 and 2**10**2", "grid 12*34*56*78 cells", "IBAN DE88 3704 0044 0**5**32 0130 00 is wrong",
    "ip 192.168.3**00**.1 is no address", "card 4111 1**1**11 1111 1112 fails its checksum",
    "ssn 9**0**0-12-3456 has no area", "sizes 1920*1080*3 and 640*480*24",
    "cp file.txt~ ~/backup~ now", "range 10~20~30 steps", "a ~b~ c",
])
def test_delimiters_inside_numbers_that_make_no_value_stay(text: str) -> None:
    assert normalize(text).text == text
    assert pattern_view(text).text == text


def test_two_cards_in_one_run_of_groups_read_as_rendered() -> None:
    text = "cards 5**5**55 5555 5555 4444 4111 1**1**11 1111 1111 ok"
    assert normalize(text).text == "cards 5555 5555 5555 4444 4111 1111 1111 1111 ok"


def test_a_value_split_inside_a_pair_around_digits_is_read_across_the_cut() -> None:
    assert emphasis_across("card 4111 1**1", "**11 1111 1111")
    assert not emphasis_across("compute 3*4", "*5 now")


@pytest.mark.parametrize(("text", "value"), [(t, i) for t, _, i in INSIDE])
async def test_values_with_delimiters_around_their_digits_are_found(analyzer: PiiAnalyzer, text: str,
                                                                    value: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    found = {text[s.start:s.end] for s in spans if s.score >= 0.4}
    assert value in found, found


# ------------------------------------------------------------------- backslash escapes

ESCAPED = [  # (text, the value as the view reads it, the original characters a redaction takes)
    (r"call 617\-555\-0143 ok", "617-555-0143", r"617\-555\-0143"),
    (r"card 4111\-1111\-1111\-1111 ok", "4111-1111-1111-1111", r"4111\-1111\-1111\-1111"),
    (r"ssn 536\-90\-4399 ok", "536-90-4399", r"536\-90\-4399"),
    (r"server 192\.168\.1\.77 ok", "192.168.1.77", r"192\.168\.1\.77"),
    (r"mail jane\.doe@example\.com ok", "jane.doe@example.com", r"jane\.doe@example\.com"),
    (r"mail jane.doe\@example.com ok", "jane.doe@example.com", r"jane.doe\@example.com"),
    (r"call 617-\-555-\-0143 ok", "617 555 0143", r"617-\-555-\-0143"),
    (r"call 617\.555\.0143 ok", "617.555.0143", r"617\.555\.0143"),
    (r"call (617)\ 555\-0143 ok", "(617) 555-0143", r"(617)\ 555\-0143"),
    (r"call \+1 \(617\) 555\-0143 ok", "+1 (617) 555-0143", r"\+1 \(617\) 555\-0143"),
    (r"card 4111\-\-1111\-\-1111\-\-1111 ok", "4111 1111 1111 1111", r"4111\-\-1111\-\-1111\-\-1111"),
    (r"mail jane\_doe@example\.com ok", "jane_doe@example.com", r"jane\_doe@example\.com"),
]


@pytest.mark.parametrize(("text", "read", "inner"), ESCAPED)
def test_backslash_escaped_separators_read_as_rendered(text: str, read: str, inner: str) -> None:
    for view in (normalize(text), pattern_view(text)):
        assert read in view.text, view.text
        at = view.text.index(read)
        a, b = view.span(at, at + len(read))
        assert text[a:b] == inner  # the backslashes go with the value they were in


@pytest.mark.parametrize("text", [
    r"match \d{3}\-\d{4} or ^\(\d{3}\)\s\d+$", r"path C:\\Users\\jane\\docs", r"escaped \\- and \\. stay",
    r"find . -name \*.py -exec rm {} \;", "tab\\tand newline\\n",
])
def test_backslashes_outside_values_stay_as_they_were_read(text: str) -> None:
    before = text.replace("\\t", "\t").replace("\\n", "\n")  # (JSON escapes: step 1 decodes them, as before)
    assert normalize(text).text == before


def test_an_escaped_backslash_is_no_escape_of_what_follows() -> None:
    assert normalize(r"617\\-555\\-0143").text == r"617\\-555\\-0143"  # renders `617\-555\-0143`
    assert normalize(r"a \\\-b").text == r"a \\-b"  # `\\` then `\-`


def test_escapes_next_to_letters_read_as_rendered() -> None:
    assert normalize(r"snake\_case and My\ Documents").text == "snake_case and My Documents"
    assert pattern_view(r"pro\-ject fal\_con").text == "pro-ject fal_con"
    assert normalize(r"emphasis \*not\* here").text == "emphasis *not* here"  # a literal `*`, no delimiter


@pytest.mark.parametrize(("text", "value"), [(t, i) for t, _, i in ESCAPED])
async def test_values_with_escaped_separators_are_found(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    found = {text[s.start:s.end] for s in spans if s.score >= 0.4}
    assert value in found, found


@pytest.mark.parametrize("text", [
    r"regex ^\d{3}\-\d{2}\-\d{4}$ validates an SSN", r"path C:\Program Files\App\1\.2\.3\bin",
    r"LaTeX \$10\,000\$ and hy\-phen\-ation", r"escape \* and \_ in Markdown, \# too",
])
async def test_escaped_engineering_text_stays_unfound(analyzer: PiiAnalyzer, text: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert [(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4] == []


@pytest.mark.parametrize(("text", "read"), [
    ("1**1**" * 16_000, "1**1**" * 16_000),  # one run of digits: no value
    ("4111 1**1**11 " * 7_000, None),
    ("DE89 0**5**32 " * 7_000, None),
    ("7" + "\\-" * 50_000 + "7", "7" + "-" * 50_000 + "7"),
    ("1\\." * 33_000, "1." * 33_000),
])
def test_long_adversarial_runs_keep_their_offsets(text: str, read: str | None) -> None:
    # their time (linear: ~4x at 4x the size) is measured by bench/normalize_linear.py, not here
    view = normalize(text)
    assert view.span(0, len(view.text)) == (0, len(text))
    if read is not None:
        assert view.text == read
