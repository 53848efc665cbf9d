"""`number_open` and `rendered_open`: where a stream window never ends (issue 12, stream joins), and where it still
may (ordinary text: money, Korean words that start with a digit syllable, closed spans, a construct opened too far
back)."""

from __future__ import annotations

import pytest

from proxy.guard.windows import may_cut
from proxy.nlp.normalize import OPEN_HOLD, RENDERED_HOLD, number_open, rendered_open, rendered_start

OPEN_NUMBERS = [
    ("call six one seven ", "five five five zero"),
    ("call six one seven", ""),
    ("My SSN is five three six, ", "nine zero"),
    ("call six one sev", "en five"),  # a cut inside a digit word
    ("call ", "six one seven five"),  # right after the label
    ("Phone: ", "six one seven five"),
    ("card number is ", "four one one one"),
    ("電話 六一七 ", "五五五 〇一四三"),
    ("電話 六一七. ", "五五五."),
    ("六一七五五五", ""),
    ("전화 육일칠 ", "오오오 공일사삼"),
    ("전화 ", "육일칠 오오오"),
    ("전화 ", ""),
]
CLOSED_NUMBERS = [
    ("I have one ", "question."),  # no label before the digit words
    ("call six one seven ", "times a day"),
    ("call ", "me later"),
    ("我有一", "本书"),
    ("전화로 확인한 뒤 ", "이메일을 보내 주세요"),  # a word that starts with a digit syllable
    ("전화 주세요. ", "구월 이일에"),
    ("이 사람은 ", "오늘 일을"),  # no phone word
    ("The loop runs one, two, ", "three times."),
]


@pytest.mark.parametrize(("before", "after"), OPEN_NUMBERS)
def test_a_cut_inside_a_spelled_number_waits(before: str, after: str) -> None:
    assert number_open(before + after, len(before), after)
    assert not may_cut(before + after, len(before))


@pytest.mark.parametrize(("before", "after"), CLOSED_NUMBERS)
def test_ordinary_words_do_not_hold(before: str, after: str) -> None:
    assert not number_open(before + after, len(before), after)


@pytest.mark.parametrize("before", [
    "Mail $\\text{jane.doe}", "We start $\\text{project} ", "see \\(a + ", "x $$\\sum_{i} ",
    '<bdo dir="rtl">noclaf ', "<bdo dir=rtl>moc.elpmaxe@eod</b", '<span style="unicode-bidi: bidi-override; '
    'direction: rtl">noclaf ',
])
def test_an_open_span_or_reversed_element_waits(before: str) -> None:
    assert rendered_open(before)


@pytest.mark.parametrize("before", [
    "It costs $5 and ", "It costs $5. ", "Prices from $1,200.50 to ", "a budget of $3k covers ", "$2bn in ",
    "The area is $\\pi r^2$ and ", '<bdo dir="rtl">cba</bdo> then ', "<b>bold</b> and ", "plain text ",
    "$\\text{x}\nnext line ",
])
def test_money_closed_spans_and_other_tags_do_not_hold(before: str) -> None:
    assert not rendered_open(before)


def test_the_hold_is_bounded() -> None:
    """Digit words: `OPEN_HOLD` back at most. Math spans and reversed elements: as far as the view reads one whole
    (`RENDERED_HOLD` characters inside, stream14: 256 cut a longer one the whole answer reads), no further."""
    near, far = "x " * (OPEN_HOLD // 2 + 8), "x " * (RENDERED_HOLD // 2 + 8)
    assert rendered_open('<bdo dir="rtl">' + "x " * 40)
    assert rendered_open('<bdo dir="rtl">' + near)
    assert not rendered_open('<bdo dir="rtl">' + far)
    assert rendered_open("$\\text{a} " + "x" * 40)
    assert rendered_open("$\\text{a} " + near)
    assert not rendered_open("$\\text{a} " + far)
    assert number_open("六" * 20, 20, "")
    assert not number_open("call " + "x" * (OPEN_HOLD + 8) + " six one", OPEN_HOLD + 14, "six one")


@pytest.mark.parametrize(("before", "opener"), [
    ("Mail $\\text{jane.doe}", "$"),
    ("Cost $5, then $$\\text{a} ", "$$"),
    ("a $x$ and \\(\\text{b} c", "\\("),
    ("x $y$ then $z and more", "$z"),
    ('intro <bdo dir="rtl">moc.elpmaxe', "<bdo"),
    ('intro <span style="unicode-bidi: bidi-override; direction: rtl">abc </sp', "<span"),
])
def test_rendered_start_is_the_opener(before: str, opener: str) -> None:
    """Where the open span starts (a window at its cap ends before it): its first unmatched opener."""
    at = rendered_start(before)
    assert at >= 0 and before[at:].startswith(opener)
    assert rendered_start(before[:at]) == -1  # nothing open before it


@pytest.mark.parametrize("before", ["It costs $5 and ", "The area is $\\pi r^2$ and ", "<b>x</b> ", "plain text "])
def test_rendered_start_none(before: str) -> None:
    assert rendered_start(before) == -1
