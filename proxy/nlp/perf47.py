"""Fail-fast tests in front of the view's costliest hints (perf47, issue 12's bound on the named chat turn).

`normalize` runs on every new text the analysis reads (B of `bench/pii_normalize.py`); on a 300-character chat
message its gates cost about as much as its passes, and four regular-expression searches of them were a third of
it: `enc40.hex_hint` (32 hex digits, or 8 spelled pairs), `enc42.encoded_hint`'s run of 16 base64 characters and
its `hex` cue, `lft43.url_hint`'s runs. Each such search starts an attempt at nearly every letter of prose. Each
test here is a necessary condition of its search, read over the text's UTF-8 bytes translated to one byte per
character class (one C pass, then one substring search): where it fails, the search cannot match and is skipped;
where it holds, the search runs as before. The results are the same on every input (tests/nlp/test_perf47.py
compares them with the searches on random and adversarial texts).

- `run_of(text, table, n)`: whether `text` has `n` characters in a row from one ASCII set (`table`, built by
  `ascii_table`). Exact for any str: each ASCII character is one byte in UTF-8, every other character's bytes are
  >= 0x80 and outside every set (lone surrogates too, `surrogatepass`).
"""

from __future__ import annotations

__all__ = ["B64_CHARS", "HEX_SPELL_CHARS", "URL_CHARS", "ascii_table", "hex_cue_possible", "run_of"]


def ascii_table(chars: str) -> bytes:
    """A `bytes.translate` table: 1 for each of `chars` (ASCII), 0 for every other byte."""
    assert chars.isascii()
    return bytes(1 if chr(b) in chars else 0 for b in range(256))


_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# `enc40._HINT` (`[0-9A-Fa-f]{32}`, or 7 groups of 2-4 hex digits, each a separator `,` `, ` ` ` `\t` `:` and an
# optional `0x` after it, then more): 21 characters at least of hex digits, separators and `x`, in a row.
HEX_SPELL_CHARS = ascii_table(_DIGITS + "ABCDEFabcdef" + "xX,: \t")
HEX_SPELL_RUN = 21
# `enc42._B64_HINT` (`[A-Za-z0-9+/]{16}`, ASCII).
B64_CHARS = ascii_table(_LETTERS + _DIGITS + "+/")
# `lft43._URL_HINT` (`[A-Za-z0-9_-]{16,}` or `\w=[A-Za-z0-9+/]{16}`, ASCII): 16 in a row of their union.
URL_CHARS = ascii_table(_LETTERS + _DIGITS + "_-+/")


def run_of(text: str, table: bytes, n: int) -> bool:
    """Whether `text` holds `n` characters in a row of the set `table` marks (`ascii_table`)."""
    return b"\x01" * n in text.encode("utf-8", "surrogatepass").translate(table)


def hex_cue_possible(text: str) -> bool:
    """False only where `enc42._HEX_CUE_HINT` (`(?i)hex|0x[0-9a-f]{10}`) cannot match: an ASCII text without `hex`
    or `0x` in any case (a non-ASCII text: True, the search decides; case-insensitive matching reads other scripts'
    letters by their case folds)."""
    if not text.isascii():
        return True
    low = text.lower()
    return "hex" in low or "0x" in low
