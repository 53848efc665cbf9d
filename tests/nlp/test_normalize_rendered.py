"""The second reading reads a text as it is shown (issue 12, atk8 A4): terminal (ANSI) escape sequences and empty
Markdown links removed, a right-to-left override's run reversed; the first reading keeps what a model reads. Spans
found in the second reading map back over what was read away, and a stream window or a joint never ends inside one
not yet closed (`markup_open`, `value_near`)."""

from __future__ import annotations

import pytest

from proxy.guard.checks.pii import value_near
from proxy.nlp.normalize import markup_open, markup_spans, normalize, pattern_readings, uncommented

RLO, PDF = "\u202e", "\u202c"

# (text, its second reading, the value read there, what that value maps back to)
SHOWN = [
    ("call 617-\x1b[0m555-0143 now", "call 617-555-0143 now", "617-555-0143", "617-\x1b[0m555-0143"),
    ("mail jane.doe\x1b[1m@\x1b[0mexample.com", "mail jane.doe@example.com", "jane.doe@example.com",
     "jane.doe\x1b[1m@\x1b[0mexample.com"),
    ("see \x1b]8;;https://x.example\x1b\\jane@acme.com\x1b]8;;\x1b\\ ok", "see jane@acme.com ok", "jane@acme.com",
     "jane@acme.com"),
    ("bell-ended \x1b]8;;u\x07617-555-0143", "bell-ended 617-555-0143", "617-555-0143", "617-555-0143"),
    ("8-bit CSI 617-\x9b1m555-0143", "8-bit CSI 617-555-0143", "617-555-0143", "617-\x9b1m555-0143"),
    ("mail jane.doe[](x)@example.com", "mail jane.doe@example.com", "jane.doe@example.com",
     "jane.doe[](x)@example.com"),
    ("call 617-555[]()-0143", "call 617-555-0143", "617-555-0143", "617-555[]()-0143"),
    ("mail jane![](x).doe@example.com", "mail jane.doe@example.com", "jane.doe@example.com",
     "jane![](x).doe@example.com"),
    ('ssn 078-05[](<a b> "t")-1120', "ssn 078-05-1120", "078-05-1120", '078-05[](<a b> "t")-1120'),
    (f"mail {RLO}moc.elpmaxe@eod.enaj{PDF} now", "mail jane.doe@example.com now", "jane.doe@example.com",
     f"{RLO}moc.elpmaxe@eod.enaj{PDF}"),
    (f"call {RLO}3410-555-716", "call 617-555-0143", "617-555-0143", f"{RLO}3410-555-716"),  # to the text's end
    (f"Project {RLO}noclaF{PDF} ready", "Project Falcon ready", "Falcon", f"{RLO}noclaF{PDF}"),
]


@pytest.mark.parametrize(("text", "shown", "value", "original"), SHOWN)
def test_the_second_reading_reads_the_text_as_shown(text: str, shown: str, value: str, original: str) -> None:
    bare = uncommented(text)
    assert bare is not None and bare.text == shown
    at = bare.text.index(value)
    assert text[slice(*bare.span(at, at + len(value)))] == original
    assert shown in [v.text for v in pattern_readings(text)]  # the `patterns:` rules read it too


def test_the_first_reading_keeps_what_a_model_reads() -> None:
    assert normalize("call 617-\x1b[0m555-0143").text == "call 617-[0m555-0143"  # ESC alone removed
    assert normalize("jane.doe[](x)@example.com").text == "jane.doe[](x)@example.com"
    assert normalize(f"mail {RLO}moc.elpmaxe@eod.enaj{PDF}").text == "mail moc.elpmaxe@eod.enaj"  # in order


# Bidi controls other than the override reorder no Latin value: both readings remove them (format characters).
@pytest.mark.parametrize("mark", ["\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
                                  "\u200e", "\u200f", "\u061c"])
def test_other_bidi_controls_inside_a_value_are_removed(mark: str) -> None:
    assert normalize(f"mail jane.doe@exa{mark}mple.com").text == "mail jane.doe@example.com"
    assert normalize(f"call 617-555{mark}-0143").text == "call 617-555-0143"


@pytest.mark.parametrize("text", [
    # (a link with text is laid out since atk14 B H2, `[the docs](https://x.example)`: test_normalize_links.py)
    "plain ASCII text", "arr[] = [1, 2]; x[i](y)", "see [1] and [the docs]", r"\[\](x) escaped",
    "\u0627\u0644\u0633\u0639\u0631 \u200f150\u200f \u062f\u0648\u0644\u0627\u0631 \u061c\u0644\u0644"
    "\u0642\u0637\u0639\u0629",
    "\u05d4\u05de\u05d7\u05d9\u05e8 \u200e150\u200e \u05e9\u05e7\u05dc \u2067Python\u2069 \u202bx\u202c",
])
def test_a_text_without_any_has_no_second_reading(text: str) -> None:
    assert uncommented(text) is None
    # the view, and the text as written where the view differs (atk11 A H2): no reading without markup
    readings = pattern_readings(text)
    assert len(readings) == (1 if readings[0].text == text else 2) and readings[-1].text == text or len(readings) == 1


@pytest.mark.parametrize("text", ["progress 82/3454 \x1b[1A\x1b[2K18% eta 54s", "a 617\x1b[K555 \x1b[3C0143 b"])
def test_cursor_moves_and_erasures_are_layout_not_styling(text: str) -> None:
    # (removed, they would join a progress line's numbers: they stay as written, the ESC alone removed)
    assert uncommented(text) is None


@pytest.mark.parametrize(("text", "at"), [
    ("call 617-\x1b[0", 9), ("call 617-\x1b", 9), ("see \x1b]8;;https://x.exa", 4), ("see \x1b]8;;u\x1b", 4),
    (f"mail {RLO}moc.elpmaxe@e", 5), ("mail jane.doe[](x", 13), ("mail jane.doe[", 13), ("mail jane.doe[]", 13),
])
def test_a_text_that_ends_inside_one_is_open(text: str, at: int) -> None:
    assert markup_open(text) == at


@pytest.mark.parametrize("text", ["call 617-\x1b[0m", f"mail {RLO}x{PDF} ok", "see [1]", "a [", "plain", "x[](y) z"])
def test_a_text_that_closed_it_is_not_open(text: str) -> None:
    assert markup_open(text) == -1


def test_markup_spans_hold_the_sequences_and_empty_links() -> None:
    text = "a\x1b[0mb[](x)c"
    assert markup_spans(text, 0, len(text), tags=True) == [(1, 5), (6, 11)]


@pytest.mark.parametrize(("before", "after"), [
    ("Mail jane.doe\x1b[1m", "@example.com now"), ("call 617-\x1b[0", "m555-0143"), ("call 617-555[]()", "-0143"),
    ("mail jane.doe[](x", ")@example.com"), (f"mail {RLO}moc.elpmaxe", f"@eod.enaj{PDF}"),
])
def test_a_value_cut_next_to_one_makes_a_joint(before: str, after: str) -> None:
    assert value_near(before, after)


def test_no_joint_between_sentences_beside_them() -> None:
    assert not value_near("The end.\x1b[0m", " Next one")
    assert not value_near("See ![](x)", " The next part")
