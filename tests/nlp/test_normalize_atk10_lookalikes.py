"""atk10 B-M2 and B-L1 in the PII view: an e-mail address with look-alike letters of another script in it, letters
written for a number's digits, and escape syntaxes the view did not decode (`\\x{40}`, `%u0040`, CSS `\\40 `,
`\\N{COMMERCIAL AT}`). Each is read as the plain value; the span maps back to the characters as sent; what is no
value stays as written."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize, pattern_view


def value_span(text: str, value: str) -> str:
    """The original characters the view's `value` maps back to."""
    view = normalize(text)
    at = view.text.index(value)
    a, b = view.span(at, at + len(value))
    return text[a:b]


@pytest.mark.parametrize("address", [
    "jane.doe@example.c\u03bfm",  # Greek omicron in the top-level domain
    "jane.doe@example.c\u043em",  # Cyrillic o
    "jane.doe@example.\u1d04om",  # small capital C
    "j\u03b1ne.d\u03bfe@ex\u03b1mple.c\u03bfm",  # Greek alpha and omicron throughout
    "em\u0456ly.sm\u0456th@example.com",  # Cyrillic i in the mailbox
    "jane.d\u0585e@example.com",  # Armenian o in the mailbox
    "j\u0430ne.doe@example.com",  # Cyrillic a
])
def test_an_address_with_look_alike_letters_reads_as_the_address(address: str) -> None:
    text = f"Please mail {address} today"
    plain = "emily.smith@example.com" if address.startswith("em") else "jane.doe@example.com"
    assert normalize(text).text == f"Please mail {plain} today"
    assert value_span(text, plain) == address  # the letters as sent are what a redaction replaces


@pytest.mark.parametrize(("text", "read"), [
    ("\u039flga.smith@example.com", "Olga.smith@example.com"),  # a Greek capital omicron starts the mailbox
    ("jane.doe@example.c\u03bf", "jane.doe@example.co"),  # ends it, in a known top-level domain
    ("jane.doe@example.com\u043e\u043c", "jane.doe@example.com \u043e\u043c"),  # a Cyrillic word glued after it
    ("\u043d\u0430jane.d\u03bfe@example.com", "\u043d\u0430 jane.doe@example.com"),  # and before it
])
def test_letters_at_an_address_ends_are_read_only_where_they_end_a_known_domain(text: str, read: str) -> None:
    assert normalize(text).text == read


@pytest.mark.parametrize("text", [
    "\u043f\u043e\u0447\u0442\u0430@example.com",  # a Cyrillic mailbox: `п`, `ч` look like no Latin letter
    "\u0441\u043e\u0441\u043e@\u0441\u043e\u0441\u043e.\u0441\u043e\u043c",  # no Latin letter in it: not folded
    "\u0393\u03b5\u03b9\u03b1 \u03c3\u03bf\u03c5, @\u03bf\u03b9\u03ba\u03bf\u03c2.",  # Greek words and a handle
    "\u043f\u0438\u0448\u0438 \u043d\u0430 \u0430\u0434\u0440\u0435\u0441 \u0441\u043e\u043e\u0431\u0449\u0435\u043d"
    "\u0438\u044f",
])
def test_words_of_other_scripts_stay_as_written(text: str) -> None:
    assert normalize(text).text == text


@pytest.mark.parametrize(("text", "plain", "value"), [
    ("call me at 617-555-O143", "call me at 617-555-0143", "617-555-O143"),
    ("ssn 536-9O-4399", "ssn 536-90-4399", "536-9O-4399"),
    ("6I7-555-0I43", "617-555-0143", "6I7-555-0I43"),
    ("call 617-555-\u039f143 now", "call 617-555-0143 now", "617-555-\u039f143"),  # Greek capital omicron
    ("call 617.555.\u041e143", "call 617.555.0143", "617.555.\u041e143"),  # Cyrillic capital O
    ("card 4111 1111 1111 l111", "card 4111 1111 1111 1111", "4111 1111 1111 l111"),
    ("card 4111 1111 1111 |111", "card 4111 1111 1111 1111", "4111 1111 1111 |111"),
    ("ssn 536-90-43\u0406\u0406 x", "ssn 536-90-4311 x", "536-90-43\u0406\u0406"),
    ("call 617-555-O1O3", "call 617-555-0103", "617-555-O1O3"),  # two letters in ten digits: within one in three
])
def test_letters_for_digits_in_a_value_read_as_the_digits(text: str, plain: str, value: str) -> None:
    assert normalize(text).text == plain
    digits = plain[text.index(value):text.index(value) + len(value)]
    assert value_span(text, digits) == value


@pytest.mark.parametrize("text", [
    "The IO board and the O2 sensor", "l10n and i18n files", "mask 0x1O and 0xlO", "version v1.O.2 or 10.1O.1",
    "build 2O24-01-15", "id 1O1O1O1O", "commit deadbeef0O1l", "room 1O1, floor 2",
    "range 100-2OO-3000", "4111 1111 1111 1112",  # no letter; the Luhn check fails
    "cards 4111 1111 1111 l112",  # with the letter read as a digit, Luhn fails
    "ssn 9O0-12-3456",  # no SSN starts with 9
    "a|b 1|2|3 4111|1111",
])
def test_letters_and_digits_that_make_no_value_stay(text: str) -> None:
    assert normalize(text).text == text


def test_more_letters_than_one_in_three_digits_stay() -> None:
    text = "call 6I7-5OO-OI43"  # 5 of 10
    assert normalize(text).text == text


def test_the_pattern_view_is_not_changed_by_the_letter_digits() -> None:
    # `patterns:` read look-alikes as letters (`O`), as before: the digits reading is PII's
    assert pattern_view("617-555-\u039f143").text == "617-555-O143"


@pytest.mark.parametrize(("text", "plain", "value"), [
    ("mail jane.doe\\x{40}example.com", "mail jane.doe@example.com", "\\x{40}"),
    ("mail jane.doe%u0040example.com", "mail jane.doe@example.com", "%u0040"),
    ("mail jane.doe%u0040example%u002Ecom", "mail jane.doe@example.com", "%u0040"),
    ("mail jane.doe\\40 example.com", "mail jane.doe@example.com", "\\40 "),
    ("mail jane\\2E doe\\40 example.com", "mail jane.doe@example.com", "\\2E "),
    # Leading zeros: the octal `\\000` / `\\004` read first makes no printable character, so CSS reads them; the
    # 6-digit form ends the escape whatever follows (atk12 list).
    ("mail jane.doe\\000040example.com", "mail jane.doe@example.com", "\\000040"),
    ("mail jane.doe\\0040 example.com", "mail jane.doe@example.com", "\\0040 "),
    ("mail jane.doe\\00040 example.com", "mail jane.doe@example.com", "\\00040 "),
    ("call 617\\00002d555\\00002d0143", "call 617-555-0143", "\\00002d"),
    ("mail jane.doe\\N{COMMERCIAL AT}example.com", "mail jane.doe@example.com", "\\N{COMMERCIAL AT}"),
    ("mail jane\\N{FULL STOP}doe\\N{COMMERCIAL AT}example.com", "mail jane.doe@example.com", "\\N{FULL STOP}"),
    ("call 617\\x{2d}555\\x{2d}0143", "call 617-555-0143", "\\x{2d}"),
    ("call 617\\2d 555\\2d 0143", "call 617-555-0143", "\\2d "),
    ("call 617\\N{HYPHEN-MINUS}555\\N{HYPHEN-MINUS}0143", "call 617-555-0143", "\\N{HYPHEN-MINUS}"),
    ("ssn \\N{DIGIT ZERO}78-05-1120", "ssn 078-05-1120", "\\N{DIGIT ZERO}"),
])
def test_other_escape_syntaxes_are_decoded(text: str, plain: str, value: str) -> None:
    view = normalize(text)
    assert view.text == plain
    first = next(i for i, (x, y) in enumerate(zip(plain, text, strict=False)) if x != y)
    a, b = view.span(first, first + 1)
    assert text[a:b] == value  # the decoded character maps back to the escape as sent


@pytest.mark.parametrize("text", [
    "C:\\Users\\dev\\2024\\build",  # a path's hex-looking names make no ASCII punctuation
    "regex \\d{3}-\\d{4} and \\1 then \\b",
    "\\N{NO SUCH NAME} stays", "\\x{110000} stays", "50%use and %uD800 stay",
    "css .a\\31 0 {}",  # a CSS escape of a digit: letters and digits stay (only punctuation is read)
    "mail jane.doe\\40example.com",  # CSS reads `\\40e` (U+040E), as a browser does: no `@`
    "mail jane.doe\\00040example.com",  # and `\\00040e` (6 hex digits) alike
    "bytes \\000\\001 stay",  # octal NULs: nothing printable either way
])
def test_what_is_no_escape_of_a_value_stays(text: str) -> None:
    assert normalize(text).text == text
