"""Exact cuts to the cross-text pass's work per chat turn (perf49, issue 12's bound on the named chat turn).

- `word_patterns`: `proxy.nlp.mentions._words_of` reads a text's runs of letters (`[^\\W\\d_]+`) and the words of
  its folded form (`(?:[^\\W\\d_]|[\\u0300-\\u036f])+`). On an ASCII text both are runs of ASCII letters (the only
  ASCII characters that are word characters but no digit nor `_`; case folding keeps ASCII text ASCII, in lower
  case, and no combining mark is ASCII): the same matches from plain character sets, which `re` scans several
  times faster than the Unicode categories.
- `extended`: the request's name state (`proxy.nlp.mentions._Others`) built from the last request's where this
  request's texts start with that request's texts (the same per-text name dicts, compared by identity: a resent
  conversation with a new turn), adding only the new texts' names, in the same order (`_Others` adds them text by
  text, so the dicts' order and values are those of a full build); and the names whose state changed since that
  state: exactly the new texts' names (each one's count of texts grew; no other name's best score or count moved),
  what `proxy.nlp.memo31._changed` finds comparing the two states whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from proxy.nlp.mentions import _Others

_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_ASCII_FOLDED = re.compile(r"[a-z]+")
MAX_KEPT = 1024  # a state keeps its per-text name dicts (for `extended`) for requests of at most this many texts


def word_patterns(text: str, letters: re.Pattern[str], folded: re.Pattern[str]) -> tuple[re.Pattern[str],
                                                                                        re.Pattern[str]]:
    """`letters` and `folded` (`_LETTERS`, `_FOLDED_WORD`), or for an ASCII `text` their ASCII equivalents."""
    return (_ASCII_LETTERS, _ASCII_FOLDED) if text.isascii() else (letters, folded)


def extended(latin: list[dict[str, float]], olds: dict[int, Any]) -> tuple[_Others, int | None, list[str]]:
    """`_Others(latin)`, with the token of the kept state (`olds`: token -> `memo31._Names` or None) it was extended
    from and the names added to it (None and [] when built whole)."""
    for token, old in olds.items():
        kept: Sequence[dict[str, float]] | None = getattr(old, "names", None)
        if kept is None or len(kept) > len(latin) or any(a is not b for a, b in zip(kept, latin, strict=False)):
            continue
        state = _Others.__new__(_Others)
        state.names = latin
        best, texts = dict(old.best), dict(old.texts)
        added: list[str] = []
        for found in latin[len(kept):]:
            for name, score in found.items():
                best[name] = max(score, best.get(name, score))
                texts[name] = texts.get(name, 0) + 1
                added.append(name)
        state.best, state.texts = best, texts
        return state, token, added
    return _Others(latin), None, []
