"""Logins, glued names, couples and speaker labels (acct39, atk39 F04, F08, F12).

- a login made of an initial and a listed surname (`thargreaves`, `acct38`'s `account_name`) or of a listed surname,
  `_` and an initial (`hargreaves_t`) where the place says "a login": quoted after `user`/`by`/`to`/`for`/`as`
  (`granted admin by 'cokafor'`), the authuser field of an Apache/NCSA log line (`1.2.3.4 - thargreaves [`), after an
  owner's or a backup's key (`Owner: hargreaves_t; Backup: okafor_c`), and a list of counts (`thargreaves 14,
  cokafor 11`: two counts or more, one a login); service accounts (`root`, `deploy`, `www-data`, `jenkins`) are no
  initial + surname;
- every `@first.last` handle whose last word is a listed surname, no ordinary word before it (`@chinwe.okafor`);
- a given name and a surname glued in camel case after `#`/`@` (`#TheodoreHargreaves`, `@ChinweOkafor`) or inside an
  identifier (`theodoreHargreavesProfile`: only the two words); the first part a listed given name (or no listed or
  ordinary word at all before a listed surname, after `#`/`@`), the second a listed surname, none an ordinary word
  (`PowerShell`, `GitHub`, `#BlackFriday`, `#DevOpsDays`, `McDonald` stay);
- `X and Y Surname` / `X & Y Surname` where `Y Surname` is a PERSON ending in no ordinary word (`Tom and Jerry
  Cartoon` stays): a listed given name `X` too; a double surname's
  first half before a PERSON's `-Half` (`Adebayo-Cole`);
- speaker labels of a transcript (WhatsApp `date, time - Name:`, IRC `<Name>`, `Name:` at a line's start): where one
  label is a PERSON or a listed given name, every other capitalised label that is no role (`User`, `Assistant`,
  `Agent`, `Bot`, `System`) and no ordinary word is one too. A `Name:` alone on its line (its turn on the next
  lines) is a label too; as such, only one of the commonest words or a tool's name is ordinary (strm40).

Gated by substrings before any pass; pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.pii_types import Result

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["with_acct39"]

_SCORE = 0.85
_LOGIN = r"([a-z][a-z0-9._-]{3,40})"
_QUOTED = re.compile(r"(?i:\b(?:user|by|to|for|as|from|account|login))[ \t]+['\"‘“]" + _LOGIN + r"['\"’”]")
_APACHE = re.compile(r"(?m)^[ \t]*(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]{3,39})[ \t]+\S+[ \t]+" + _LOGIN + r"[ \t]+\[")
_OWNER = re.compile(r"(?i:\b(?:owner|backup|co-owner|maintainer|approver|reviewer|on[ -]call|primary|secondary|"
                    r"deputy|assignee|author))[ \t]*[:=][ \t]*@?" + _LOGIN + r"(?![\w@/-])")
_COUNT = re.compile(r"(?<![\w@./-])([a-z]{5,30})[ \t]*[:=(]?[ \t]*\d{1,6}\)?(?=[ \t]*(?:[,;\n]|\Z))")
_HANDLE = re.compile(r"(?<![\w@.+-])@([a-z][a-z'’]{1,30})[._]([a-z][a-z'’]{1,30})(?![\w/@-]|\.[a-z])")
_GLUED = re.compile(r"(?<![\w])[#@]([A-Z][a-z]{2,20})([A-Z][a-z]{2,20})(?![A-Za-z])")
_IDENT = re.compile(r"\b[a-z][a-z]{1,20}(?:[A-Z][a-z]{1,20}){1,4}\b")
_COUPLE = re.compile(r"\b([A-Z][a-zà-ÿ'’-]{1,20})[ \t]+(?:and|&)[ \t]+(?=[A-Z])")
_SPEAKERS = (
    re.compile(r"(?m)^\[?(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?"  # (a time alone: nm41)
               r"(?:[ \t]?[AaPp]\.?[Mm]\.?)?\]?[ \t]*(?:-[ \t]*)?([A-Z][\w'’-]{1,20}(?:[ \t][A-Z][\w'’-]{1,20})?)"
               r":[ \t]"),
    re.compile(r"(?m)^(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*)?<[@+%~&]?([A-Z][A-Za-z'’-]{1,20})>[ \t]"),
    re.compile(r"(?m)^[ \t]*([A-Z][a-z'’-]{1,20}):(?:[ \t]|[ \t]*\r?$)"),  # (alone on its line too: strm40)
)
_WORD_LABELS = frozenset({"judge", "doctor", "nurse", "witness", "court", "branch", "sunny", "clerk", "chair"})
_ALONE = re.compile(r"[ \t]*\r?(?:\n|\Z)")  # a label alone on its line, its turn's text on the next (strm40)
_ROLES = frozenset("""
user assistant agent bot system human ai customer support admin operator moderator host guest me you q a interviewer
interviewee caller callee client server note summary answer question speaker narrator chatbot gpt claude model
tool function developer dev ops staff team everyone all server chanserv nickserv
""".split())


def with_acct39(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the logins, handles, glued names, couples' given names and speaker labels of the docstring."""
    added: list[tuple[int, int]] = []
    if "'" in chunk or '"' in chunk or "‘" in chunk or "“" in chunk:
        added += [m.span(1) for m in _QUOTED.finditer(chunk) if _login(m.group(1), names)]
    if " - " in chunk and "[" in chunk:
        added += [m.span(1) for m in _APACHE.finditer(chunk) if _login(m.group(1), names)]
    if ":" in chunk or "=" in chunk:
        added += [m.span(1) for m in _OWNER.finditer(chunk) if _login(m.group(1), names)]
    if "," in chunk or "\n" in chunk or ";" in chunk:
        counts = [m for m in _COUNT.finditer(chunk)]
        logins = [m for m in counts if _login(m.group(1), names)]
        if len(counts) >= 2 and logins:  # (a list of counts: a stream's window may hold one login of it)
            added += [m.span(1) for m in logins]
    if "@" in chunk:
        added += [(m.start(1), m.end(2)) for m in _HANDLE.finditer(chunk) if _handle(chunk, m, names)]
    if "#" in chunk or "@" in chunk:
        added += [(m.start(1), m.end(2)) for m in _GLUED.finditer(chunk)
                  if _pair(m.group(1), m.group(2), names, loose=True)]
    if any(c.isupper() for c in chunk):
        added += _identifiers(chunk, names)
    if " and " in chunk or "&" in chunk:
        added += _couples(chunk, found, names)
    if ":" in chunk or "<" in chunk:
        added += _speakers(chunk, found, names)
    if "-" in chunk:
        found = _double_surnames(chunk, found)
    new: list[tuple[int, int]] = []
    for a, b in added:
        if not any(r[1] < b and a < r[2] for r in found) and not any(x < b and a < y for x, y in new):
            new.append((a, b))
    return found + [("PERSON", a, b, _SCORE) for a, b in new] if new else found


def _plain(word: str, names: NameLists) -> bool:
    from proxy.nlp.tech_terms import TECH_TERMS

    w = word.lower()
    return names.is_common(w) or w in TECH_TERMS or w in _ROLES


def _tech(word: str) -> bool:
    from proxy.nlp.tech_terms import TECH_TERMS

    return word.lower() in TECH_TERMS


def _surname(word: str, names: NameLists) -> bool:
    return word.lower() in names.last and not _plain(word, names)


def _login(login: str, names: NameLists) -> bool:
    """An initial and a listed surname (`thargreaves`), a listed surname and an initial (`hargreaves_t`), or an
    account `acct38` reads as a person's (`theodore.hargreaves`)."""
    from proxy.nlp.acct38 import account_name

    word = login.rstrip("0123456789")
    m = re.fullmatch(r"([a-z]{3,30})[._-]([a-z])", word)
    if m is not None:
        return _surname(m.group(1), names)
    if word.isalpha():
        return len(word) >= 6 and _surname(word[1:], names) and not _plain(word, names)
    return account_name(login, "host") > 0


def _handle(chunk: str, m: re.Match[str], names: NameLists) -> bool:
    from proxy.nlp.fp31 import _decorator

    first, last = m.group(1), m.group(2)
    return _surname(last, names) and not _plain(first, names) and not _decorator(chunk, m.start(), m.end())


def _pair(first: str, last: str, names: NameLists, loose: bool = False) -> bool:
    """A listed given name and a listed surname, neither an ordinary word (`loose`: an unlisted, unordinary word
    before a listed surname too)."""
    if not _surname(last, names) or _plain(first, names):
        return False
    return names.is_any_first(first) or loose and not names.is_name(first) and not names.is_english(first)


def _identifiers(chunk: str, names: NameLists) -> list[tuple[int, int]]:
    spans = []
    for m in _IDENT.finditer(chunk):
        parts = [(p.start(), p.end(), p.group()) for p in re.finditer(r"[A-Z]?[a-z]+", m.group())]
        for (a, _, w1), (_, b, w2) in zip(parts, parts[1:], strict=False):
            if names.is_first(w1) and _pair(w1, w2, names):
                spans.append((m.start() + a, m.start() + b))
                break
    return spans


def _couples(chunk: str, found: list[Result], names: NameLists) -> list[tuple[int, int]]:
    spans = []
    for m in _COUPLE.finditer(chunk):
        after = m.end()
        if any(r[0] == "PERSON" and r[1] == after and chunk.find(" ", after, r[2]) > 0
               and not _plain(re.split(r"[ \t-]", chunk[r[1]:r[2]])[-1], names)
               and not names.is_english(re.split(r"[ \t-]", chunk[r[1]:r[2]])[-1]) for r in found) \
                and names.is_any_first(m.group(1)) and not names.is_very_common(m.group(1)):
            spans.append(m.span(1))
    return spans


def _double_surnames(chunk: str, found: list[Result]) -> list[Result]:
    """A PERSON right after `Word-` where a PERSON stands a word before: the double surname's first half too."""
    out = list(found)
    for i, r in enumerate(out):
        if r[0] != "PERSON" or r[1] < 3 or chunk[r[1] - 1] != "-":
            continue
        m = re.search(r"([A-Z][a-zà-ÿ'’]{1,20})-\Z", chunk[max(0, r[1] - 25):r[1]])
        if m is None:
            continue
        start = r[1] - len(m.group())
        if any(o[0] == "PERSON" and o[2] < start and chunk[o[2]:start].strip() == "" for o in out) \
                and not any(o[1] < r[1] and start < o[2] for o in out):
            out[i] = (r[0], start, r[2], r[3])
    return out


def _given_label(label: str, names: NameLists) -> bool:
    """A timed transcript's label that is one listed given name, no role's or tool's word (`Orson`; not `Judge`)."""
    low = label.lower()
    return " " not in label and names.is_any_first(low) and not _tech(label) and low not in _ROLES \
        and low not in _WORD_LABELS


def _speakers(chunk: str, found: list[Result], names: NameLists) -> list[tuple[int, int]]:
    spans = []
    for k, rx in enumerate(_SPEAKERS):
        labels = list(rx.finditer(chunk))
        if len({m.group(1) for m in labels}) < 2:
            continue
        named = [m for m in labels if any(r[0] == "PERSON" and r[1] <= m.start(1) and m.end(1) <= r[2] for r in found)
                 or m.group(1).lower() not in _ROLES and names.is_first(m.group(1).split()[0])]
        if not named and k == 0:  # (nm41: a timed transcript's given names alone, `[09:15] Keanu:`, `[09:16] Orson:`)
            given = [m for m in labels if _given_label(m.group(1), names)]
            named = given if len({m.group(1) for m in given}) >= 2 else []
        if not named:
            continue
        for m in labels:
            words = m.group(1).split()
            if m in named or any(w.lower() in _ROLES for w in words):
                continue
            if k == 0 and len(words) == 1 and names.is_any_first(words[0]):
                # (nm41: a listed given name the English lists hold too, after a time: `[10:03] Orson:`)
                plain = not _given_label(words[0], names)
            elif k == 2 and _ALONE.match(chunk, m.end(1) + 1) is not None:  # (`Amara:` over its turn: strm40)
                plain = any(names.is_very_common(w) or _tech(w) or w.lower() in _ROLES for w in words)
            else:
                plain = any(names.is_english(w) or w.lower() in _ROLES for w in words)
            if not plain:
                spans.append(m.span(1))
        spans += [m.span(1) for m in named if k == 1 or k == 0 and _given_label(m.group(1), names)]
    return spans
