"""README-only attack 3: layout gaps and separator runs of any length, decoded invisibles, hyphens at line
breaks, letters one by one with other separators."""

from __future__ import annotations

import pytest

from proxy.guard.checks.patterns import loose
from proxy.nlp.normalize import joined_reading, normalize, pattern_view

# ---------------------------------------------------------------- 1. gaps and separators of any length


@pytest.mark.parametrize(("text", "value"), [
    ("call 617" + "\n" * 7 + "555" + "\n" * 7 + "0143", "617 555 0143"),
    ("call 617" + "\n" * 40 + "555" + "\n" * 40 + "0143", "617 555 0143"),
    ("4111" + ("\n" * 10 + "1111") * 3, "4111 1111 1111 1111"),
    ("4111" + ("\r\n" * 8 + "1111") * 3, "4111 1111 1111 1111"),
    ("call 617    555    0143", "617 555 0143"),
    ("call 617" + " " * 30 + "555" + " " * 30 + "0143", "617 555 0143"),
    ("call 617-----555-----0143", "617 555 0143"),
    ("card 4111-----1111-----1111-----1111", "4111 1111 1111 1111"),
    ("call 617\t\t\t\t\t555\t\t\t\t\t0143", "617 555 0143"),
    ("ssn 078" + "\n" * 9 + "05" + "\n" * 9 + "1120", "078 05 1120"),
])
def test_groups_apart_by_any_run_of_layout_read_as_one_value(text: str, value: str) -> None:
    v = normalize(text)
    assert value in v.text
    at = v.text.index(value)
    a, b = v.span(at, at + len(value))
    assert text[a:b].startswith(value[:3]) and text[a:b].endswith(value[-4:])


def test_an_address_broken_at_its_at_by_many_line_breaks() -> None:
    text = "jane.doe@" + "\n" * 7 + "example.com"
    assert normalize(text).text == "jane.doe@example.com"
    text = "jane.doe" + "\n" * 12 + "@example.com"
    assert normalize(text).text == "jane.doe@example.com"


def test_an_iban_one_group_a_line_with_blank_lines_between() -> None:
    text = "IBAN\nGB82\n\nWEST\n\n1234\n\n5698\n\n7654\n\n32"
    assert "GB82 WEST 1234 5698 7654 32" in normalize(text).text


@pytest.mark.parametrize("text", [
    "1. 100" + "\n" * 8 + "2. 200" + "\n" * 8 + "3. 3000",  # a list: not a value's digits
    "100    200    3000",  # a column of numbers: an area code cannot start with 1
    "017-----555-----0143",
    "4111-----1111-----1111-----1112",  # fails the checksum
    "100\n\n\n200\n\n\n3000",
    "@app.route\n\n\n\n\n\n\n\nexample.com",
    "version 3.11" + "\n" * 8 + "3.12",
])
def test_long_gaps_keep_the_checks_that_stop_false_positives(text: str) -> None:
    assert normalize(text).text == text


@pytest.mark.parametrize("text", [
    "1" + " " * 100_000 + "x",
    "1" + "\n" * 100_000 + "x",
    "1" + "-" * 100_000 + "x",
    ("617" + " " * 7) * 10_000,
    ("617\n\n\n\n\n\n\n") * 12_000,
    "a@" + "\n " * 50_000 + "x",
    ("GB82\n\n" * 15_000),
    "1 \n" * 33_000,
])
def test_long_runs_keep_their_offsets(text: str) -> None:
    # their time (linear: ~4x at 4x the size) is measured by bench/normalize_linear.py, not here
    view = normalize(text)
    assert view.span(0, len(view.text)) == (0, len(text))


# ---------------------------------------------------------------- 2. invisible characters made by decoding

CODENAME = loose(r"(?i)\bproject (falcon|osprey)\b")


@pytest.mark.parametrize("text", [
    "project%E2%80%8Bfalcon",
    "project%E2%81%A0falcon",  # word joiner
    "project%C2%ADfalcon",  # soft hyphen
    "project%25E2%2580%258Bfalcon",  # encoded twice
    "proj%E2%80%8Bect fal%E2%80%8C%E2%80%8Dcon",
    "project&ZeroWidthSpace;falcon",
    "project&#x200B;falcon",
])
def test_invisible_characters_from_decoding_are_removed_like_literal_ones(text: str) -> None:
    v = pattern_view(text)
    m = CODENAME.search(v.text)
    assert m is not None, v.text
    a, b = v.span(m.start(), m.end())
    assert (a, b) == (0, len(text))


def test_a_decoded_invisible_between_digit_groups_keeps_them_apart() -> None:
    assert normalize("617%E2%80%8B555%E2%80%8B0143").text == "617 555 0143"


def test_percent_escapes_of_controls_stay_as_written() -> None:
    assert normalize("a%00b%07c").text == "a%00b%07c"


# ---------------------------------------------------------------- 3. a hyphen at a line break between letters


def _codename_in_joined(text: str) -> tuple[int, int] | None:
    j = joined_reading(pattern_view(text))
    m = CODENAME.search(j.text) if j is not None else None
    return None if m is None or j is None else j.span(m.start(), m.end())


@pytest.mark.parametrize("text", [
    "proj-\nect fal-\ncon",
    "proj-\r\nect fal-\r\ncon",
    "proj- \n  ect fal-\t\n\tcon",
    "pro-\nj-\ne-\nct falcon",
])
def test_a_hyphen_at_a_line_break_between_letters_is_left_out(text: str) -> None:
    assert _codename_in_joined(text) == (0, len(text))


@pytest.mark.parametrize("text", ["project -\nfalcon", "project\n-\nfalcon", "4-\n5", "a-\n\nb"])
def test_other_hyphens_at_line_breaks_stay(text: str) -> None:
    j = joined_reading(pattern_view(text))
    assert j is None or j.text == text


@pytest.mark.parametrize("text", ["pro_ject fal_con", "pro*ject* fal_con_", "proj_ect falc_on"])
def test_an_underscore_between_parts_of_words_is_left_out(text: str) -> None:
    span = _codename_in_joined(text)
    assert span is not None and text[span[0]] == "p" and text[span[1] - 1] == "n"


# (`project_falcon2` is a codename since a letter-digit edge is a word's edge: `ProjectFalcon2`, `Osprey2`)
@pytest.mark.parametrize("text", ["my_project_falconer", "x_y_z", "a_b project_falconer2"])
def test_an_underscore_joins_no_codename_that_is_not_there(text: str) -> None:
    assert _codename_in_joined(text) is None


# ---------------------------------------------------------------- 4. letters one by one, one same separator


@pytest.mark.parametrize("text", [
    "p\tr\to\tj\te\tc\tt f\ta\tl\tc\to\tn",
    "p\nr\no\nj\ne\nc\nt\nf\na\nl\nc\no\nn",
    "p\r\nr\r\no\r\nj\r\ne\r\nc\r\nt f\r\na\r\nl\r\nc\r\no\r\nn",
    "P_R_O_J_E_C_T F_A_L_C_O_N",
    "p,r,o,j,e,c,t f,a,l,c,o,n",
    "p/r/o/j/e/c/t f/a/l/c/o/n",
    "p|r|o|j|e|c|t f|a|l|c|o|n",
    "P. R. O. J. E. C. T. F. A. L. C. O. N.",
    "P, R, O, J, E, C, T F, A, L, C, O, N",
    "p _ r _ o _ j _ e _ c _ t f _ a _ l _ c _ o _ n",
])
def test_letters_one_by_one_with_one_same_separator_are_read_joined(text: str) -> None:
    span = _codename_in_joined(text)
    assert span is not None
    assert text[span[0]].lower() == "p" and text[span[1] - 1].lower() == "n"


@pytest.mark.parametrize("text", [
    "a, b, c",  # three letters: a list
    "x_y_z",
    "src/a/b.py",
    "Q&A, FAQ, a/b testing",
])
def test_short_lists_of_letters_stay(text: str) -> None:
    j = joined_reading(pattern_view(text))
    assert j is None or j.text == text


def test_a_mixed_run_is_not_one_by_one() -> None:
    j = joined_reading(pattern_view("p_r,o/j|e"))
    assert j is None or j.text == "p_r,o/j|e"
