"""Issue 12, atk11 A-M1, A-M4, A-M2: what a renderer displays, read. Digit groups kept apart by one same mixed run of
up to three punctuation marks or symbols (`617$-$555$-$0143`); LaTeX math a chat front end renders
(`jane.doe$@$example.com`, `$\\text{Project}\\ \\text{Falcon}$`); right-to-left overrides written in HTML and content a
browser never displays (`<bdo dir=rtl>`, `&#x202E;`, `pro<span hidden>xx</span>ject falcon`)."""

from __future__ import annotations

import re

import pytest

from proxy.guard.checks.pii import group_run_open
from proxy.nlp.normalize import normalize, pattern_readings, uncommented


@pytest.mark.parametrize(("text", "want"), [
    ("617$-$555$-$0143", "617 555 0143"), ("617-$555-$0143", "617 555 0143"), ("617$-555$-0143", "617 555 0143"),
    ("4111(-)1111(-)1111(-)1111", "4111 1111 1111 1111"), ("617-'555-'0143", "617 555 0143"),
    ('617-"555-"0143', "617 555 0143"), ("536=-=90=-=4399", "536 90 4399"), ("617-!555-!0143", "617 555 0143"),
    ("4111!-1111!-1111!-1111", "4111 1111 1111 1111"), ("078 $-$ 05 $-$ 1120", "078 05 1120"),
])
def test_groups_kept_apart_by_one_same_mixed_run_are_read_as_one_value(text: str, want: str) -> None:
    view = normalize(f"see {text} ok")
    assert view.text == f"see {want} ok"
    assert view.span(4, 4 + len(want)) == (4, 4 + len(text))  # the map back takes the whole run


@pytest.mark.parametrize("text", [
    "$100-$200-$3000",  # prices: no phone number's exchange starts with 0 or 1... (`_could_be_a_value`)
    "3*-4*-5", "1.2.3", "2024-01-15", "2024$-$01$-$15", "v1.2(-)3", "100'-200'-300", "12:30:45",
    "4111(-)1111(-)1111(-)1112",  # a card's shape without its checksum
    "617-$555-!0143",  # not one same run
    "617\\\\-555\\\\-0143",  # an escaped backslash, then `-`: the escapes' to read
])
def test_mixed_runs_that_make_no_value_stay(text: str) -> None:
    assert normalize(f"see {text} ok").text == f"see {text} ok"


MATH = [
    ("Mail jane.doe$@$example.com now.", "Mail jane.doe@example.com now."),
    ("Mail $\\text{jane.doe}\\text{@}\\text{example.com}$ now.", "Mail jane.doe@example.com now."),
    ("Call $617\\text{-}555\\text{-}0143$ now.", "Call 617-555-0143 now."),
    ("Call $617{-}555{-}0143$ now.", "Call 617-555-0143 now."),
    ("Call $6\\,1\\,7\\,5\\,5\\,5\\,0\\,1\\,4\\,3$ now.", "Call 617 555 0143 now."),
    ("SSN $536{-}90{-}4399$ ok.", "SSN 536-90-4399 ok."),
    ("Mail $$\\mathrm{jane.doe}@\\mathrm{example.com}$$ now.", "Mail jane.doe@example.com now."),
]


@pytest.mark.parametrize(("text", "want"), MATH)
def test_latex_math_is_read_as_it_renders_in_the_second_reading(text: str, want: str) -> None:
    bare = uncommented(text)
    assert bare is not None and bare.text == want
    at, end = want.index(" ") + 1, want.rindex(" ")
    a, b = bare.span(at, end)
    assert re.sub(r"\\[A-Za-z]+|[^0-9A-Za-z]", "", text[a:b]) == re.sub(r"[^0-9A-Za-z]", "", want[at:end])
    assert a > text.index(" ") and b <= text.rindex(" ")  # the value maps back to itself as written


CODENAMES = [
    ("We start $\\text{Project}\\ \\text{Falcon}$ now.", "We start Project Falcon now."),
    ("We start \\(\\text{project}~\\text{falcon}\\) now.", "We start project falcon now."),
    ("We start $\\texttt{project}$ $\\texttt{falcon}$ now.", "We start project falcon now."),
    ("We start $\\mathrm{project}\\,\\mathit{falcon}$ now.", "We start project falcon now."),
    ("We start $\\textrm{pro}{ject}$ falcon now.", "We start project falcon now."),
    ("We start <bdo dir=rtl>noclaf tcejorp</bdo> now.", "We start project falcon now."),
    ("We start &#x202E;noclaf tcejorp&#x202C; now.", "We start project falcon now."),
    ("We start pro<span hidden>zz</span>ject falcon now.", "We start project falcon now."),
    ("We start project<span style=display:none>zz</span> falcon now.", "We start project falcon now."),
    ("We start pro<style>p{}</style>ject falcon now.", "We start project falcon now."),
    ("We start pro<script>1</script>ject falcon now.", "We start project falcon now."),
    ("We start pro<template>zz</template>ject falcon now.", "We start project falcon now."),
]


@pytest.mark.parametrize(("text", "want"), CODENAMES)
def test_a_codename_as_rendered_is_a_reading_patterns_match(text: str, want: str) -> None:
    assert want in [v.text for v in pattern_readings(text)]


@pytest.mark.parametrize("text", [
    "Mail &#x202E;moc.elpmaxe@eod.enaj&#x202C; now.", "Mail &#8238;moc.elpmaxe@eod.enaj&#8236; now.",
    'Mail <bdo dir="rtl">moc.elpmaxe@eod.enaj</bdo> now.',
    'Mail <span style="unicode-bidi:bidi-override;direction:rtl">moc.elpmaxe@eod.enaj</span> now.',
    'Mail <span style="direction: rtl; unicode-bidi: bidi-override">moc.elpmaxe@eod.enaj</span> now.',
])
def test_html_overrides_and_hidden_content_are_read_as_displayed(text: str) -> None:
    bare = uncommented(text)
    assert bare is not None and bare.text == "Mail jane.doe@example.com now."
    a, b = bare.span(5, 25)
    assert text[:a] + "V" + text[b:] == "Mail V now."  # the whole element maps back


@pytest.mark.parametrize("text", [
    "It costs $5 and $10 in total.", "echo $HOME and $PATH", "Set x = $y$ here.",
    '<span dir="rtl">moc.elpmaxe</span>', "<span class=a>visible</span>", "a <b>b</b> c",
])
def test_text_that_renders_as_written_has_no_such_second_reading(text: str) -> None:
    bare = uncommented(text)
    assert bare is None or ("moc.elpmaxe" in bare.text and "visible" not in text) or "visible" in bare.text


def test_the_reading_without_hidden_content_is_a_third_one() -> None:
    readings = [v.text for v in pattern_readings("status of pro<b hidden>ject</b> osprey ok")]
    assert "status of project osprey ok" in readings  # the tags laid out (the second reading)
    assert "status of pro osprey ok" in readings  # the element removed (the third)


def test_a_hidden_element_never_closed_or_too_long_stays() -> None:
    for text in ("pro<span hidden>zz ject falcon", "pro<span hidden>" + "z" * 500 + "</span>ject falcon"):
        assert "project falcon" not in [v.text for v in pattern_readings(text)]


@pytest.mark.parametrize(("before", "known"), [("call 617$-$555$-", ""), ("call 617$-$555", "$-$"),
                                               ("card 4111(-)1111(-)", "1111(-"), ("ssn 536=-=", "90=")])
def test_a_stream_window_holds_a_mixed_run_open_at_its_end(before: str, known: str) -> None:
    assert group_run_open(before, known)  # the next groups may make a value (`proxy.guard.windows.may_cut`)
