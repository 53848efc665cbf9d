"""The view's scans over a whole text (`proxy.nlp.normalize`) start from a character class or a literal, which the
regular expression engine skips to, instead of a look-around or `.?`, which it tries at every character (the names
corpus of `bench/pii_normalize.py`: accented names, digits on every line); and the passes whose patterns start from
a look-behind are not called into a scan unless the text holds what each match needs. Each rewritten pattern finds
what the one it replaces found, and a text without what a gate asks for has nothing for its pass."""

from __future__ import annotations

import random
import re
from re import _compiler, _parser  # type: ignore[attr-defined]

import pytest

import proxy.nlp.normalize as N

# The patterns as they were written before, each from a look-around (or `.?`).
_INV = N._INV_CLASS
FORMER = {
    "_LINE_RUN": re.compile(r"(?<![^\W_])(?:[A-Z]{2}[0-9]{2}|[0-9]+)"
                            r"(?:[ \t]*+(?:(?:\r?\n[ \t]*+)++|[:,+|;])[ \t]*+[0-9A-Z]+)+(?![^\W_])"),
    "_SPREAD_RUN": re.compile(rf"(?<![\w.])[0-9]++(?:{N._GAP}[0-9]++)++"),
    "_SINGLES": re.compile(rf"(?<![\w.])[0-9](?![0-9])(?:{N._ONE_SEP}[0-9](?![0-9])){{6,18}}+"),
    "_INV_GROUPS": re.compile(rf"(?<!\d)\d+(?:{_INV}\d+)+(?!\d)"),
    "_IBAN_AT": re.compile(r"(?=([A-Z]{2})( ?)[0-9]{2})", re.ASCII),
}
FORMER_NON_ASCII = re.compile(r"(?s).?[^\x00-\x7f]+|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ALPHABETS = {
    "_LINE_RUN": "0123456789AZx é\n\r\t:,+|;_-.",
    "_SPREAD_RUN": "0123 4.\n-_\"'*x\t:1.)\u2022",
    "_SINGLES": "0 1-.2a\t_:|x/#",
    "_INV_GROUPS": "01\u200b\u2060\u0663a \u00ad\ufeff",
    "_IBAN_AT": "DEGB 8901x\u0395a",
}


def _starts_fast(pattern: re.Pattern[str]) -> bool:
    """Whether the engine can skip to where a match may start: the pattern begins with a literal or a character
    class (as `re` compiles it: a literal prefix or a charset prefix)."""
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    prefix, _, _ = _compiler._get_literal_prefix(parsed, pattern.flags)
    return bool(prefix) or bool(_compiler._get_charset_prefix(parsed, pattern.flags))


@pytest.mark.parametrize("name", [*FORMER, "_NON_ASCII_RUNS"])
def test_the_scans_start_from_a_character_class(name: str) -> None:
    assert _starts_fast(getattr(N, name)), name


def _found(pattern: re.Pattern[str], text: str, name: str) -> list[tuple[object, ...]]:
    if name == "_IBAN_AT":  # where, the country code, the space after it (its first letter is taken now)
        if pattern is FORMER[name]:
            return [(m.start(), m.group(1), m.group(2)) for m in pattern.finditer(text)]
        return [(m.start(), text[m.start():m.start() + 2], m.group(1)) for m in pattern.finditer(text)]
    return [(m.span(), *m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", list(FORMER))
def test_a_rewritten_scan_finds_what_the_former_one_found(name: str) -> None:
    rng = random.Random(name)
    pattern, alphabet = getattr(N, name), ALPHABETS[name]
    texts = ["DE89 3704 0044 0532 0130 00", "ibanDE89370400440532013000EUR", "617\n555\n0143", "a617:555:0143",
             "617\u200b555\u200b0143", "x4111\u200b1111", "call 6 1 7 5 5 5 0 1 4 3", "v1.2 617--555--0143",
             "'078'-'05'-'1120'"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    for text in texts:
        assert _found(pattern, text, name) == _found(FORMER[name], text, name), text


def test_the_unicode_pass_reads_the_runs_the_former_pattern_found() -> None:
    rng = random.Random(7)
    alphabet = "ab \n\x01\x0b\x7f\x1f\u00e9\u0301\u200b\U0001f600\t0\u0663"
    texts = ["", "é", "aé", "\x01é", "\x01\x02é", "é\x01", "Zoë and Jürgen", "\x0bx\u200by"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(50000)]
    for text in texts:
        assert list(N._non_ascii_runs(text)) == [m.span() for m in FORMER_NON_ASCII.finditer(text)], repr(text)


class _NoScan:
    """Stands in for a pattern that must not be scanned with."""

    def finditer(self, *args: object) -> object:
        raise AssertionError("scanned")

    search = finditer


@pytest.mark.parametrize(("step", "patterns", "text"), [
    (N._mailbox_quirks, ("_QUOTED_MAILBOX", "_MAIL_COMMENT"),
     'She said "hello" (twice) and wrote to jane.doe@acme.com about it.'),
    (N._at_dot, ("_AT_DOT",), "Write (soon) to jane.doe@acme.com or see [the docs] at {x} <y>."),
    (N._broken_at, ("_AT_BREAK",), "Ping jane.doe@acme.com\nabout the report, @jane.\nThanks"),
])
def test_a_pass_does_not_scan_a_text_without_what_its_matches_need(step: N.Pass, patterns: tuple[str, ...],
                                                                   text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in patterns:
        monkeypatch.setattr(N, name, _NoScan())
    assert list(step(text)) == []


@pytest.mark.parametrize(("text", "value"), [
    ('"jane doe"@acme.com', "jane.doe@acme.com"), ("jane(work)@acme.com", "jane@acme.com"),
    ("jane@(work)acme.com", "jane@acme.com"), ("\u201cjane doe\u201d@acme.com", "jane.doe@acme.com"),
    ("jane [at] acme [dot] com", "jane@acme.com"), ("jane (AT) acme ( dot ) com", "jane@acme.com"),
    ("jane.doe\n@acme.com", "jane.doe@acme.com"), ("jane.doe@ \n\nacme.com", "jane.doe@acme.com"),
    ("IBAN DE 89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
    ("card 4111\u200b1111\u200b1111\u200b1111", "4111 1111 1111 1111"), ("phone 617:555:0143", "617 555 0143"),
    ("Zoë: 617\n\n555\n\n0143", "617 555 0143"),
])
def test_the_gated_and_rewritten_passes_still_read_their_values(text: str, value: str) -> None:
    assert value in N.normalize("Müller wrote: " + text + " (ok)").text
