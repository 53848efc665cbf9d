"""JSON read as JSON wherever it is written (json46; atk45 F03, F06, F16, F17): the text side.

Pure functions over strings, each gated by a cheap test (a substring, a character class `search` that fails fast), so
a text without the trigger pays about nothing. `proxy.guard.json46` reads what they find as tool arguments' values
are read (`proxy.guard.joined.sibling_joints`, `proxy.guard.keyed.keyed_values`).

- `plain_key`: an object key as a person reads it: NFKC (full-width `ＳＳＮ`), no invisible characters (`s\\u200bsn`),
  look-alike letters as the Latin ones (Cyrillic `ѕѕn`). An ASCII key is returned as it is (the gate).
- `json_docs`: where JSON objects and arrays are in a text that is no JSON text of its own (a message's content, an
  answer's): the whole text when it is one (`{"a": 4111, "b": 1111, ...}` as content, a JSON-mode answer), else each
  one written in prose (`Here: ["617", "555", "0143"]`): a `[` or `{` then a quote or a digit, parsed by `json`.
- `inner_docs`: JSON written as a string inside JSON (double-encoded log lines: `{"event": "{\\"phone\\": {...}}"}`),
  decoded, with the offset in the outer text of each decoded character.
- `key_rank`: where a part's key puts it in its value (`area` < `exchange` < `line`; `ssn`/`card` then `rest`; `part1`
  < `part2`; `first6` < `middle` < `last4`), or None: members are joined in the order their keys name.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata

__all__ = ["MAX_DOCS", "doc_hint", "inner_docs", "json_docs", "key_rank", "plain_key", "ranked_keys"]

MAX_DOCS = 16    # JSON documents read in one text
_MAX_TRIES = 64  # brackets tried as a document's start in one text
_MAX_TEXT = 100_000  # characters of a text searched for documents (a longer one: its first ones)
_MAX_INNER = 20_000  # characters of one JSON string read as a document
_MAX_KEY = 64


def plain_key(key: str) -> str:
    """`key` as it reads: NFKC, without invisible characters, look-alike letters folded to Latin ones, when that makes
    it ASCII (a key in another script is returned as it is, as is an ASCII key: the cheap test)."""
    if key.isascii():
        return key
    from proxy.nlp.normalize import _FOLD, INVISIBLE

    plain = INVISIBLE.sub("", unicodedata.normalize("NFKC", key[:_MAX_KEY]))
    if plain.isascii():
        return plain
    folded = plain.translate(_FOLD)
    return folded if folded.isascii() else key  # a word of another script stays as written (`телефон`)


# A document's start: `{` or `[`, then (after blanks) a quote, a digit or a minus, or another bracket (`[[1, 2]]`).
_START = re.compile(r'[\[{](?=[ \t\r\n]{0,8}+[-"0-9\[{])')
_HAS_VALUE = re.compile(r'"|[0-9]')


def _whole(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 1 and stripped[0] in "{[" and stripped[-1] in "}]"


def doc_hint(text: str) -> bool:
    """Whether `text` may hold a JSON document (`json_docs`): a `{` or `[` then a quote, a digit or a bracket."""
    return ("{" in text or "[" in text) and _START.search(text, 0, _MAX_TEXT) is not None


def json_docs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the JSON objects and arrays written in `text` (outermost, in order; two values or more): the
    whole text when it is one document, else each one in its prose. The gate: a `{` or `[` in the text."""
    if "{" not in text and "[" not in text:
        return []
    decoder = json.JSONDecoder()
    if _whole(text):
        start = len(text) - len(text.lstrip())
        try:
            _, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            end = -1
        if end >= 0 and not text[end:].strip():
            return [(start, end)] if _two_values(text, start, end) else []
    out: list[tuple[int, int]] = []
    pos, tries, limit = 0, 0, min(len(text), _MAX_TEXT)
    while tries < _MAX_TRIES and len(out) < MAX_DOCS:
        m = _START.search(text, pos, limit)
        if m is None:
            break
        tries += 1
        try:
            _, end = decoder.raw_decode(text, m.start())
        except (ValueError, RecursionError):
            pos = m.end()
            continue
        if _two_values(text, m.start(), end):
            out.append((m.start(), end))
        pos = end
    return out


def _two_values(text: str, start: int, end: int) -> bool:
    return end - start > 4 and (text.count(",", start, end) >= 1) and _HAS_VALUE.search(text, start, end) is not None


# A JSON string value that holds a JSON document: a quote, a bracket, then an escaped quote or a digit.
_INNER = re.compile(r'"[ \t]{0,4}+[\[{][ \t]{0,4}+(?:\\"|[0-9\[{-])')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _decoded(text: str, start: int) -> tuple[str, list[int], int] | None:
    """The JSON string whose characters start at `start` (after its opening quote), decoded, with the offset in
    `text` of each decoded character and of its end, and where its closing quote is; None if it is not closed."""
    out: list[str] = []
    at: list[int] = []
    i, n = start, min(len(text), start + _MAX_INNER)
    while i < n:
        ch = text[i]
        if ch == '"':
            at.append(i)
            return "".join(out), at, i
        if ch != "\\":
            out.append(ch)
            at.append(i)
            i += 1
            continue
        nxt = text[i + 1:i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            at.append(i)
            i += 2
            continue
        if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[i + 2:i + 6]):
            out.append(chr(int(text[i + 2:i + 6], 16)))
            at.append(i)
            i += 6
            continue
        return None
    return None


def inner_docs(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, list[int]]]:
    """The JSON documents written as string values in text[start:end] (a JSON text): each decoded, with the offset in
    `text` of each of its characters and of its end. The gate: a quote, a bracket, then an escaped quote or a digit."""
    end = len(text) if end is None else end
    if "\\" not in text and '"[' not in text and '"{' not in text:
        return []
    out: list[tuple[str, list[int]]] = []
    pos = start
    while len(out) < MAX_DOCS:
        m = _INNER.search(text, pos, end)
        if m is None:
            break
        found = _decoded(text, m.start() + 1)
        if found is None:
            pos = m.end()
            continue
        inner, at, close = found
        pos = close + 1
        if _whole(inner):
            try:
                value = json.loads(inner)
            except (ValueError, RecursionError):
                continue
            if isinstance(value, dict | list) and len(value) >= 1:
                out.append((inner, at))
    return out


# ------------------------------------------------------------------------------------------- key ranks
#
# Where a member's key puts its value in the value the members make (`{"line": "0143", "exchange": "555", "area":
# "617"}` is 617 555 0143): the first part's words 0, ordinals their number, a middle part's 50, the last part's 99;
# a key that names the type itself (`ssn`, `card`, `phone`) the value's head (0) unless a word of it names a part
# (`ssn_last4`, `card_rest`); `part2`, `p3`, `seg_1`, `2` their number.
_RANKS = {
    "first": 0, "begin": 0, "beginning": 0, "start": 0, "head": 0, "prefix": 0, "lead": 0, "leading": 0, "area": 0,
    "areacode": 0, "npa": 0, "bin": 0, "iin": 0, "initial": 0, "first6": 0, "firstsix": 0, "first4": 0,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "middle": 50, "mid": 50, "center": 50, "centre": 50, "exchange": 50, "nxx": 50, "group": 50, "inner": 50,
    "last": 99, "end": 99, "tail": 99, "suffix": 99, "rest": 99, "remainder": 99, "remaining": 99, "line": 99,
    "serial": 99, "subscriber": 99, "final": 99, "trailing": 99, "ending": 99, "last4": 99, "lastfour": 99,
    "linenumber": 99, "more": 99, "cont": 99, "continued": 99,
}
_NUMBERED = frozenset({"part", "pt", "p", "piece", "chunk", "segment", "seg", "block", "blk", "group", "grp", "g",
                       "section", "sec", "field", "f", "digits", "d", "n", "num", "no", "nr", "x", "component"})
_TOKEN = re.compile(r"[a-z]+[0-9]?|[0-9]+")


@functools.lru_cache(maxsize=4096)
def key_rank(key: str, type_words: frozenset[str] = frozenset()) -> int | None:
    """The rank of a part's key (the section's comment), or None when it names no place; `type_words`: words that
    name the value's type (its head unless another word says which part)."""
    words = _TOKEN.findall(plain_key(key)[:_MAX_KEY].lower())
    if not words or len(words) > 4:
        return None
    ranked = [_RANKS[w] for w in words if w in _RANKS]
    if ranked and not (len(words) > 1 and words[-1].isdigit() and words[-2] in _NUMBERED):
        return ranked[-1]
    number = next((int(w) for w in reversed(words) if w.isdigit()), None)
    if number is None:
        m = re.fullmatch(r"([a-z]+)([0-9])", words[-1])
        if m is not None and (m.group(1) in _NUMBERED or m.group(1) in type_words):
            number = int(m.group(2))
    if number is not None and number <= 20 and all(w.isdigit() or w in _NUMBERED or w in type_words
                                                   or re.sub(r"[0-9]$", "", w) in _NUMBERED | type_words
                                                   for w in words):
        return number
    if all(w in type_words for w in words):
        return 0
    return None


# A JSON text's keys (`"area":`): the gate of the reordered readings is one of them that `key_rank` ranks.
_KEY = re.compile(r'"([^"\\\n]{1,64})"[ \t\r\n]*:')


def ranked_keys(text: str) -> bool:
    """Whether a JSON text has a key that `key_rank` ranks (each distinct key read once)."""
    return any(key_rank(key) is not None for key in set(_KEY.findall(text)))
