"""The view's shortcuts (`proxy.nlp.normalize`): a number fold runs only when its first test matches at the end of a
run of digits (`_DIGIT_TESTS`), emphasis only when a delimiter is in the text, the control-character fold only on
a text that is not printable. Each case is a value one of those folds reads, alone, after other numbers, at the
start or the end of the text: the view is the one every pass makes when none is skipped."""

from __future__ import annotations

import pytest

import proxy.nlp.normalize as normalize_module
from proxy.nlp.normalize import normalize

VALUES = [
    ("call 617\n\n555\n\n0143 now", "617 555 0143"),           # _spread: a blank line between groups
    ("ssn 078 - - 05 - - 1120", "078 05 1120"),               # _spread: doubled separators
    ("card 4111*1111*1111*1111", "4111 1111 1111 1111"),      # _symbol_groups
    ("card 4111 and 1111 and 1111 and 1111", "4111 1111 1111 1111"),
    ("phone 617:555:0143", "617 555 0143"),                   # _lines
    ("iban\n617\n555\n0143", "617 555 0143"),
    ("4111x1111x1111x1111", "4111 1111 1111 1111"),           # _x_groups
    ("card 4111.1111.1111.1111", "4111 1111 1111 1111"),      # _numbers
    ("617 555_0143", "617 555 0143"),
    ("tel-617-555-0143", "tel 617-555-0143"),                 # _glued
    ("**4111** 1111", "4111 1111"),                           # _emphasis
    ("~~617~~ 555", "617 555"),
    ("_4111_ 1111", "4111 1111"),
    ("a\x0bb 617", "a\nb 617"),                               # _unicode: a control character in ASCII text
    # An earlier pass moves or makes the digits (invisible characters removed, full-width digits, an escape).
    ("\u200b\u200b\u200b\u200bcard 4111*1111*1111*1111", "4111 1111 1111 1111"),
    ("card \uff14\uff11\uff11\uff11*1111*1111*1111", "4111 1111 1111 1111"),
    ("phone \\u0036\\u0031\\u0037:555:0143", "617 555 0143"),
]


def _every_pass(text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as m:
        m.setattr(normalize_module, "_DIGIT_TESTS", {})
        return normalize(text).text


@pytest.mark.parametrize(("text", "folded"), VALUES)
@pytest.mark.parametrize(("before", "after"), [("", ""), ("v2 build 12 on 2024-01-05: ", ""), ("", " then 42"),
                                               ("ids 7, 88 and 1234. ", " ok 5")])
def test_a_fold_with_a_shortcut_still_reads_its_value(text: str, folded: str, before: str, after: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    view = normalize(before + text + after)
    assert folded in view.text
    assert view.text == _every_pass(before + text + after, monkeypatch)


def test_numbers_no_fold_reads_are_left_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in ("Request 599: the database first", "version 1.2.3 on port 8080", "call +1 212-555-0143.",
                 "ops12@example.com", "x" * 40 + "12", "3*4*5 and 12x34"):
        view = normalize(text)
        assert view.identity and view.text == _every_pass(text, monkeypatch) == text
