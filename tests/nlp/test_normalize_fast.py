"""The view's shortcuts (`proxy.nlp.normalize`): a number fold runs only when its first test matches at the end of a
run of digits (`_DIGIT_TESTS`), emphasis only when a delimiter is in the text, the control-character fold only on
a text that is not printable. Each case is a value one of those folds reads, alone, after other numbers, at the
start or the end of the text: the view is the one every pass makes when none is skipped."""

from __future__ import annotations

from collections.abc import Iterator

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
        m.setattr(normalize_module, "_NEEDS", {})
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


# A pass is called only when the text holds what it needs (`_NEEDS`: its own first test, made without the call).
NEEDS = ["mail jane\\u0040acme.com", "x\\x40y", "jane%40acme.com", "jane&#64;acme.com", "jane=40acme.com",
         "proj<b>ect</b> fal<!-- -->con", 'fal<span class="x">con</span>', "pro**ject** and `pro`ject", "~~617~~ 555",
         '"jane doe"@acme.com', "jane(x)@acme.com", "jane [at] acme [dot] com", "jane @ acme . com",
         "mail jane at acme.com", "jane.doe@\n\nacme.com", "jane\tat acme.com", "jane@example\u3002com",
         "617\u200b555\u200b0143", "\U000e006a\U000e0061ne", "card \uff14\uff11\uff11\uff11 1111", "a\x0bb 617",
         "tel-617-555-0143 and ssn078-05-1120", "Request 599: the database first, then 12 queues",
         "hello world, nothing to read here", "Jane AT acme.com, At home"]


def _views(text: str) -> tuple[object, ...]:
    view, bare, pattern = normalize(text), normalize_module.uncommented(text), normalize_module.pattern_view(text)
    return tuple((v.text, [v.span(i, j) for i in range(len(v.text) + 1) for j in (i, len(v.text))])
                 for v in (view, pattern, *([bare] if bare is not None else [])))


@pytest.mark.parametrize("text", NEEDS)
def test_a_pass_left_out_for_what_the_text_lacks_changes_no_view(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shortcut = _views(text)
    with monkeypatch.context() as m:
        m.setattr(normalize_module, "_DIGIT_TESTS", {})
        m.setattr(normalize_module, "_NEEDS", {})
        assert _views(text) == shortcut


def _called(text: str, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    called: set[str] = set()
    apply = normalize_module._apply

    def counting(current: str, edits: Iterator[tuple[int, int, str]]) -> tuple[str, object]:
        called.add(getattr(edits, "__name__", "?"))
        return apply(current, edits)

    with monkeypatch.context() as m:
        m.setattr(normalize_module, "_apply", counting)
        normalize(text)
    return called


def test_a_plain_text_calls_only_the_passes_it_may_need(monkeypatch: pytest.MonkeyPatch) -> None:
    # Plain words: the Unicode pass (a control character?) and spelled addresses (`dot` in any case) are asked.
    assert _called("hello world, nothing to read here", monkeypatch) == {"_unicode", "_spelled"}
    assert _called("Request 599: the database first", monkeypatch) == {"_unicode", "_spelled", "_glued"}
    assert _called("write to ops@example.com", monkeypatch) == {"_unicode", "_spelled", "_mailbox_quirks", "_spaced",
                                                               "_broken_at"}
    assert _called("pro**ject** at noon", monkeypatch) == {"_unicode", "_spelled", "_emphasis", "_at_word"}


def test_runs_of_digits_are_where_the_regular_expressions_find_them() -> None:
    import random
    import re

    rng = random.Random(12)
    for _ in range(20000):
        text = "".join(rng.choice("01 9a-.\n\u0663\u00e9") for _ in range(rng.randint(0, 14)))
        assert normalize_module._digit_runs(text) == [m.start() for m in re.finditer(r"[0-9](?![0-9])", text)], text
        assert normalize_module._digit_runs(text, starts=True) == [m.start() for m in re.finditer(r"[0-9]+", text)]
