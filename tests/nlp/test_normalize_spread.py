"""Issue 12 ("no side doors", README-only attack): digit groups spread over blank lines, list markers, quotes and
doubled separators; line breaks at an e-mail's `@` and after a phone number's `-`; single digits after a label."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize, pattern_view


def read(text: str, value: str) -> str:
    """`value` found in the view of `text`, as the original characters it maps back to."""
    v = normalize(text)
    at = v.text.index(value)
    a, b = v.span(at, at + len(value))
    return text[a:b]


# ------------------------------------------------------------------- 1. groups spread out by layout

@pytest.mark.parametrize(("written", "value"), [
    # a blank line or several line breaks
    ("617\n\n555\n\n0143", "617 555 0143"),
    ("4111\r\n\r\n1111\r\n\r\n1111\r\n\r\n1111", "4111 1111 1111 1111"),
    ("212\n\n\n\n555\n \n0132", "212 555 0132"),
    # list markers at line starts (a list's own numbers are markers, not groups)
    ("- 617\n- 555\n- 0143", "617 555 0143"),
    ("* 4111\n* 1111\n* 1111\n* 1111", "4111 1111 1111 1111"),
    ("1. 078\n2. 05\n3. 1120", "078 05 1120"),
    ("1) 536\n2) 90\n3) 4399", "536 90 4399"),
    ("\u2022 5500\n\u2022 0000\n\u2022 0000\n\u2022 0004", "5500 0000 0000 0004"),
    # quotes or backticks around each group
    ('"617" "555" "0143"', "617 555 0143"),
    ("'078'-'05'-'1120'", "078 05 1120"),
    ("`4111` `1111` `1111` `1111`", "4111 1111 1111 1111"),
    ("\u201c536\u201d \u201c90\u201d \u201c4399\u201d", "536 90 4399"),
    # doubled or mixed-length separators
    ("617--555--0143", "617 555 0143"),
    ("4111 -- 1111 -- 1111 -- 1111", "4111 1111 1111 1111"),
    ("078 - - 05 - - 1120", "078 05 1120"),
    ("4111 - 1111 -- 1111 - 1111", "4111 1111 1111 1111"),
    ("5500..0000..0000..0004", "5500 0000 0000 0004"),
    # a separator before a line break
    ("617-\n555-\n0143", "617 555 0143"),
    ("536.\n90.\n4399", "536 90 4399"),
])
def test_digit_groups_spread_out_read_as_one_value_and_map_back_exactly(written: str, value: str) -> None:
    text = f"Details:\n{written}\nThanks."
    assert value in normalize(text).text
    groups = value.split()  # the redaction covers the groups and what is between them, no more
    assert read(text, value) == written[written.index(groups[0]):written.rindex(groups[-1]) + len(groups[-1])]


def test_spread_groups_read_the_same_for_patterns() -> None:
    assert "617 555 0143" in pattern_view("call 617\n\n555\n\n0143").text


@pytest.mark.parametrize("text", [
    # ordered and unordered lists of other numbers, versions, tables, code
    "Steps:\n1. 100\n2. 200\n3. 3000\n",
    "- 120\n- 250\n- 1000\n",
    "versions:\n- 3.11\n- 3.12\n- 3.13\n",
    "* 1.2.3\n* 1.2.4\n* 2.0.0",
    'sizes = ["100", "200", "3000"]',
    'timeouts = ["250", "500", "1000"]',  # quoted items of an array: numbers in code
    "ids = ['412', '63', '7785']",
    "retries = [`400`, `500`, `5000`]",
    'arr = ["617", "555"]',  # two groups
    # paragraphs that end and start with numbers
    "Chapter 12\n\nIn 2024 we shipped 3 releases.\n\n2025 will be busier.",
    # ranges and dates with doubled dashes
    "pages 10--20 and 2024-01-01 -- 2024-01-31",
    "--flag 1 --other 22 --last 333",
    "run 8--8--8",
])
def test_lists_tables_code_and_ranges_of_other_numbers_are_left_alone(text: str) -> None:
    assert normalize(text).text == text


# ------------------------------------------------------------------- 2. line breaks at an e-mail's `@`

@pytest.mark.parametrize("written", [
    "jane.doe\n@acme.com", "jane.doe@\nacme.com", "jane.doe\n\n@\n\nacme.com", "m.kowalski \r\n @contoso.co.uk",
])
def test_an_address_broken_at_its_at_reads_whole_and_maps_back(written: str) -> None:
    text = f"Mail {written} today"
    address = written.replace("\n", "").replace("\r", "").replace(" ", "")
    assert normalize(text).text == f"Mail {address} today"
    assert read(text, address) == written


@pytest.mark.parametrize("text", [
    "x = 1\n@app.route('/a')\n@pytest.fixture\ndef f(): pass",
    "thanks\n@jane for the review",
    "import dataclasses\n@dataclasses.dataclass\nclass A: pass",
    "cc\n@team-leads",
])
def test_decorators_and_mentions_on_their_own_line_are_left_alone(text: str) -> None:
    assert normalize(text).text == text


# ------------------------------------------------------------------- 3. single digits after a label

@pytest.mark.parametrize(("label", "digits", "value"), [
    ("ssn:", "0 7 8 0 5 1 1 2 0", "078 05 1120"),
    ("phone", "6-1-7-5-5-5-0-1-4-3", "617 555 0143"),
    ("card:", "4.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1", "4111 1111 1111 1111"),
    ("SSN is", "5/3/6/9/0/4/3/9/9", "536 90 4399"),
    ("Tel no.", "2 1 2 5 5 5 0 1 3 2", "212 555 0132"),
    ("call", "1_6_1_7_5_5_5_0_1_4_3", "1 617 555 0143"),
    ("amex:", "3 7 8 2 8 2 2 4 6 3 1 0 0 0 5", "3782 8224 6310 005"),
    ("mobile\n", "5  5  5  0  1  4  3", "555 0143"),
])
def test_single_digits_after_a_label_read_as_the_value(label: str, digits: str, value: str) -> None:
    text = f"My {label} {digits}, thanks"
    assert normalize(text).text == f"My {label} {value}, thanks"
    assert read(text, value) == digits


def test_doubled_separators_between_a_card_shapes_groups_need_its_checksum() -> None:
    assert normalize("4111 - 1111 -- 1111 - 1111").text == "4111 1111 1111 1111"
    assert "--" in normalize("4111 - 1111 -- 1111 - 1112").text  # no card: the ` - ` alone are `_numbers`'


@pytest.mark.parametrize("text", [
    "phone 1 2 3 4 5 6 7 8 9 10",  # not single digits throughout
    "call 1 2 3 then 4 5 6 7",
    "version 1.2.3.4.5.6.7",  # no label
    "the sequence 3 1 4 1 5 9 2 6 5",
    "card 1 2 3",  # too few
])
def test_single_digits_without_a_label_or_too_few_are_left_alone(text: str) -> None:
    assert normalize(text).text == text
