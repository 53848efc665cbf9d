"""A surname alone where a person is named by it (upper38, issue 12, atk37's upper-case surnames):

- a code comment's owner or a tracker's assignee as a login (`TODO(okafor)`, `FIXME(jmiller):`, `Assignee:
  mwhitaker`, `Owner: dkerr`): a listed surname alone, an initial and a listed surname (an English word too:
  `jmiller`), or a given name and a name joined by `.`, `_` or `-` (`proxy.nlp.fp31`'s slugs); no English word,
  technical term or team's word (`TODO(perf)`, `Assignee: unassigned`, `Owner: root`, `Assignee: platform-team`,
  `TODO(kafka)` stay);
- action items of the shape `<Surname> to <verb>` in one list (`Action items: Lindqvist to send the deck; Okafor to
  review pricing.`): where one item's word is a PERSON already, the others' capitalised words are one too unless an
  English word, a technical term, a place or a team's word (`Platform to upgrade Kafka; Billing to review pricing`).

Gated by substrings (`(`, `ssign`, `wner`, `eporter`; ` to ` with a PERSON finding); pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.pii_types import Result

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["with_upper38"]

_SCORE = 0.85
_TAGS = ("TODO", "FIXME", "XXX", "HACK", "BUG")
_LOGIN = re.compile(r"\b(?:TODO|FIXME|XXX|HACK|BUG)\(@?([a-z][a-z0-9._-]{2,40})\)"
                    r"|(?i:\bassignee|\bowner|\breporter|\bassigned[ \t]+to)[ \t]*[:=][ \t]*@?([a-z][a-z0-9._-]{2,40})"
                    r"(?![\w@/-])")
# An action item: `<Word> to <verb>` after a list's start, a `;`, a line's start or a bullet.
_ITEM = re.compile(r"(?:^|[;:\n•]|(?<![\w.])[-*]|\d[.)])[ \t]*(?:\[[ xX]?\][ \t]*)?([A-Z][a-z'’-]{2,30})[ \t]+to[ \t]+"
                   r"([a-z]{2,20})\b")
_TEAM = frozenset("""
team platform billing payments security infra ops devops sre legal finance marketing sales support design product
engineering data qa hr admin everyone all someone nobody owner backend frontend mobile web
""".split())


def with_upper38(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with the logins and action items' surnames of the module's docstring as PERSON."""
    low = chunk.lower()
    added: list[tuple[int, int]] = []
    if "(" in chunk or "ssign" in low or "wner" in low or "eporter" in low:
        added += _logins(chunk, names, lex)
        found = [r for r in found if not (r[0] == "PERSON" and chunk[r[1]:r[2]] in _TAGS
                                          and chunk.startswith("(", r[2]))]  # (`XXX(okonkwo)`: a tag, no name)
    if " to " in chunk and any(r[0] == "PERSON" for r in found):
        added += _items(chunk, found, names, lex)
    new = [("PERSON", a, b, _SCORE) for a, b in added if not any(r[1] < b and a < r[2] for r in found)]
    return found + new if new else found


def _plain(word: str, names: NameLists, lex: Lexicon) -> bool:
    """An English word (the lexicon's or the name lists'), a technical term or a team's word."""
    from proxy.nlp.part37 import _plain_word
    from proxy.nlp.tech_terms import TECH_TERMS

    w = word.lower()
    return _plain_word(w, names, lex) or names.is_english(w) or w in TECH_TERMS or w in _TEAM


def _logins(chunk: str, names: NameLists, lex: Lexicon) -> list[tuple[int, int]]:
    from proxy.nlp.fp31 import _slug_words

    spans: list[tuple[int, int]] = []
    for m in _LOGIN.finditer(chunk):
        k = 1 if m.group(1) is not None else 2
        login, start = m.group(k), m.start(k)
        word = login.rstrip("0123456789")
        if re.search(r"[._-]", login):
            if not any(_plain(w, names, lex) for w in re.split(r"[._-]", login) if w):
                spans += _slug_words(login, start, False, strict=True)
        elif word.isalpha() and not _plain(word, names, lex) \
                and (word in names.last
                     or len(word) >= 5 and word[1:] in names.last and _login_surname(word[1:], lex)):
            spans.append((start, start + len(word)))
    return spans


def _login_surname(word: str, lex: Lexicon) -> bool:
    """A listed surname after a login's initial: an English word too where it is no stop word or technical term
    (`jmiller`, `rcarter`; not `xcode`)."""
    from proxy.nlp.tech_terms import TECH_TERMS

    return word not in lex.stops and word not in TECH_TERMS and word not in _TEAM


def _items(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[tuple[int, int]]:
    from proxy.nlp.cued import _place

    items = [m for m in _ITEM.finditer(chunk) if m.group(2) in lex.verbs]
    if len(items) < 2:
        return []
    person = [any(r[0] == "PERSON" and r[1] <= m.start(1) and m.end(1) <= r[2] for r in found) for m in items]
    if not any(person):
        return []
    return [m.span(1) for m, done in zip(items, person, strict=True)
            if not done and not _plain(m.group(1), names, lex) and not _place(m.group(1).lower())]
