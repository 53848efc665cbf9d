"""`value_near`'s cheaper readings (issue 12: what the joined analysis adds to a chat turn) read what the
character-by-character ones did: an address's token at the end and at the start of a cut (`_token_end`,
`_token_start`, one regular expression instead of a loop) and an IBAN's shape across a cut (`_iban_across`, which
now stops where no letter precedes the cut)."""

from __future__ import annotations

import random
import re

import pytest

from proxy.guard.checks.pii import _MAIL, _iban_across, _token_end, _token_start, value_near


def _loop_end(text: str) -> str:
    i = len(text)
    while i and (text[i - 1].isalnum() or text[i - 1] in _MAIL):
        i -= 1
    return text[i:]


def _loop_start(text: str) -> str:
    i = 0
    while i < len(text) and (text[i].isalnum() or text[i] in _MAIL):
        i += 1
    return text[:i]


def test_a_token_character_is_one_for_every_code_point() -> None:
    for code in range(0x110000):
        ch = chr(code)
        assert (_token_start(ch) == ch) is (ch.isalnum() or ch in _MAIL), hex(code)


def test_tokens_read_as_the_loops_did() -> None:
    rng = random.Random(12)
    alphabet = "ab Z09_.%+'-@!,:/\u00e9\u0663\u200b\n\t"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert (_token_end(text), _token_start(text)) == (_loop_end(text), _loop_start(text)), text


_IBAN_LEFT = re.compile(r"[A-Z0-9][A-Z0-9 ._/-]{0,40}$")
_IBAN_RIGHT = re.compile(r"[A-Z0-9 ._/-]{0,40}")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{8,}")


def _iban_before(left: str, right: str) -> bool:
    """`_iban_across` as it was, with no shortcut."""
    tail, head = _IBAN_LEFT.search(left[-41:]), _IBAN_RIGHT.match(right)
    if tail is None or head is None or not head.group().strip(" ._/-"):
        return False
    a, b = re.sub(r"[ ._/-]", "", tail.group()), re.sub(r"[ ._/-]", "", head.group())
    return any(m.start() < len(a) < m.end() for m in _IBAN_SHAPE.finditer(a + b))


def test_the_iban_shortcut_reads_as_before() -> None:
    rng = random.Random(12)
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice("DEGB8902 --.x") if rng.random() < 0.8 else rng.choice("ACMW7")
                       for _ in range(rng.randint(4, 40)))
        cut = rng.randint(0, len(text))
        left, right = "IBAN " + text[:cut], text[cut:] + " ok"
        assert _iban_across(left, right) is _iban_before(left, right), (left, right)
        found += _iban_before(left, right)
    assert found > 100  # the generated cuts hold IBANs across them, not only text without one


@pytest.mark.parametrize(("before", "after", "near"), [
    ("IBAN GB82 WEST", " 1234 5698", True),
    ("IBAN D", "E89 3704 0044 0532 0130 00", True),
    ("account 1234 5678 ", "9012 3456", True),
    ("write to jane.doe@", "acme.com today", True),
    ("Call +1 212-555-0003.", "Request 199: ease summarise", False),
    ("order 88231", "REF GB82 WEST", False),
])
def test_cuts_read_as_before(before: str, after: str, near: bool) -> None:
    assert value_near(before, after) is near
