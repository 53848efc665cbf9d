"""Names in frames that hold only a person's name, whatever the surname is (town37, atk36 F11, F02, F03).

The model and the list rules drop a surname that is also a town (`Gemma Thornbury`, `Megan Whitby`, `April Sutton`:
`proxy.nlp.fullnames.pair_ok` wants a listed surname, the places lists veto one) or that no list holds (`Tomasz
Wróblewski`), and a given name that is a word (`April`, `Summer`, `Olive`) reads as the word. In a frame whose value
is a person's name and nothing else, the frame decides:

- **Person frames** (`frame_names`, F11): a display name before an e-mail address at a line's start or after a
  trailer's label (`Signed-off-by: Gemma Thornbury <...>`, `.mailmap`), a WebVTT voice (`<v Gemma Thornbury>`), a
  chat export's header (`Gemma Thornbury  10:02 AM`), a `git blame` line's author, Zoom's `From Gemma Thornbury to
  Everyone:`, a `tel:` link's text (`Call Gemma Thornbury</a>`), an iCalendar `CN=`, a person's JSON key
  (`displayName`, `real_name`, `reporter`: `proxy.nlp.names25.person_key`).
- **passwd GECOS** (F02): the full name (first comma-separated subfield) of an `/etc/passwd` line (seven fields,
  numeric uid and gid, an absolute home and shell).
- **Build files' authors** (F03): Dockerfile `LABEL maintainer=`/`authors=`/`org.opencontainers.image.authors=`,
  `MAINTAINER`, package.json `"author"`, setup.py `author=`, pyproject's `authors = [{name = ...}]`, Cargo's and a
  gemspec's `authors` lists (each item, an `<e-mail>` and a `(url)` after it left out).

A value is a name (`_person`) when it is two to four capitalised words (letters, `'`, `-`), none in capitals, none
an organisation's, a team's or a role's word (`proxy.nlp.mailnames`' and this module's: `Acme Platform Team`, `The
Kubernetes Authors`, `System Message Bus`, `Stripe Billing`), no place's head last (`Victoria Station`) and: the
first a listed given name (a word too: `April`, `Summer`) and the others listed names, places or no everyday words
(`Grace Period` is none); or, in the frames that name a person by their key (GECOS, authors, `displayName`, a
display name before an address that is no role's nor the name's own domain), words none of them everyday
(`conc33._a_name`) nor an everyday word unless listed as a name (`Olamide Fashola`, not `Unassigned Queue`). What
is found replaces the PERSON findings it overlaps (`<PERSON_1> Whitby` becomes one placeholder). Each scan is gated
by a substring test; linear regexes. Pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.comma33 import _replaced

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["town37"]

Result = tuple[str, int, int, float]

_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
_NAME = rf"{_WORD}(?:[ \t]{_WORD}){{1,3}}"
# Words of a team, a project or a system account no display name's list holds (`proxy.nlp.mailnames._ORG_WORDS`).
_NOT_PERSON = frozenset("""
authors author contributors maintainers maintainer developers devs project projects org organisation organization
platform infra infrastructure message bus management manager user users engineering docs release
""".split())

# A display name before an e-mail address: at a line's start (`.mailmap`), after a trailer's or a header's label.
_DISPLAY = re.compile(rf"(?m)(?:^[ \t]*|^[ \t]*[A-Z][\w-]{{1,30}}:[ \t]*)\"?(?P<v>{_NAME})\"?[ \t]*"
                      r"<(?P<l>[^<>@\s]{1,64})@(?P<d>[^<>\s]{1,255})>")
_VTT = re.compile(rf"<v(?:\.[\w.-]{{1,30}})*[ \t]+(?P<v>{_NAME})>")
_CHAT_HEADER = re.compile(rf"(?m)^[ \t]*(?P<v>{_NAME})[ \t]+\[?[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?"
                          r"(?:[ \t]?[AaPp]\.?[Mm]\.?)?\]?[ \t]*\r?$")
_BLAME = re.compile(rf"(?m)^\^?[0-9a-f]{{7,40}}[ \t]+(?:[^\s(]{{1,200}}[ \t]+)?\((?P<v>{_NAME})[ \t]+"
                    r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ZOOM = re.compile(rf"(?m)^[ \t]*[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?[ \t]+From[ \t]+(?P<v>{_NAME})[ \t]+to[ \t]")
_TEL = re.compile(rf"(?i)<a[ \t][^<>]{{0,200}}href=[\"']?(?:tel|sms|callto):[^<>]{{0,200}}>[ \t]*"
                  rf"(?:(?:call|text|ring|phone|dial|message|contact)[ \t]+)?(?-i:(?P<v>{_NAME}))[ \t]*</a>")
_ICAL = re.compile(rf"(?<![\w-])CN=\"?(?P<v>{_NAME})\"?(?=[;:])")
_JSON_KEY = re.compile(rf"[\"'](?P<k>[A-Za-z][\w-]{{1,40}})[\"'][ \t]*:[ \t]*[\"'](?P<v>{_NAME})[\"']")
# /etc/passwd: login, password, uid, gid, GECOS, home, shell.
_PASSWD = re.compile(r"(?m)^[a-z_][\w.-]{0,31}\$?:[^:\n]{0,200}:[0-9]{1,10}:[0-9]{1,10}:(?P<g>[^:\n]{1,200}):"
                     r"/[^:\n]{0,200}:/?[^:\n]{0,200}$")
_GECOS_NAME = re.compile(rf"[ \t]*(?P<v>{_NAME})[ \t]*(?:,|$)")
# Build files: the author's key, then a value or a list of values (quoted; pyproject's `{name = "..."}` items).
_AUTHOR_KEY = re.compile(r"(?im)(?:^[ \t]*MAINTAINER[ \t]+(?P<m>[^\n]{1,200})"
                         r"|(?<![\w-])[\"']?(?:org\.opencontainers\.image\.authors|(?:[\w]{1,12}\.)?(?:authors?"
                         r"|maintainers?))[\"']?[ \t]*(?:=>|=|:)[ \t]*(?P<l>\[[^\]]{1,2000}\]|[\"'][^\"'\n]{1,200}[\"']"
                         r"|\{[^{}]{1,400}\}))")
_QUOTED = re.compile(r"[\"'](?P<q>[^\"'\n]{1,200})[\"']")
_NAME_ITEM = re.compile(r"(?:(?<=[{,])|^)[ \t]*[\"']?name[\"']?[ \t]*[=:][ \t]*[\"'](?P<q>[^\"'\n]{1,200})[\"']")
_HEAD = re.compile(rf"[ \t]*(?P<v>{_NAME})[ \t]*(?:<[^<>\n]*>)?[ \t]*(?:\([^()\n]*\))?[ \t]*$")
_HINTS = ("<", "AM", "PM", "am", "pm", "(", "From ", "tel:", "CN=", "\":", ":/", "uthor", "aintainer", "AINTAINER")


def _person(value: str, names: NameLists, lex: Lexicon, keyed: bool) -> bool:
    """Whether `value` is a person's name (the module's docstring); `keyed`: its frame names a person."""
    from proxy.nlp.mailnames import _HEAD_WORDS, _ORG_WORDS, _given
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    words = value.split()
    if not 2 <= len(words) <= 4 or words[-1].lower() in _HEAD_WORDS or any(
            not w[0].isupper() or len(w) > 1 and w.isupper() or w.lower() in _ORG_WORDS or w.lower() in _NOT_PERSON
            for w in words):
        return False
    if _given(names, words[0]) and all(
            names.is_name(w) or w.lower() in city_names() or w.lower() in place_names()
            or not names.is_very_common(w) for w in words[1:]):
        return True
    if not keyed:
        return False
    from proxy.nlp.conc33 import _a_name

    return _a_name(names, value) and not any(  # (`Unassigned Queue`; `Taras` read as written, no plural of `tara`)
        not (names.is_name(w) or names.is_any_first(w)) and any(w.lower() in s for s in (
            lex.nouns, lex.adjectives, lex.verbs, lex.stops)) for w in words)


def _gecos(chunk: str) -> list[tuple[int, int]]:
    out = []
    for m in _PASSWD.finditer(chunk):
        n = _GECOS_NAME.match(chunk, m.start("g"), m.end("g"))
        if n is not None:
            out.append(n.span("v"))
    return out


def _authors(chunk: str) -> list[tuple[int, int]]:
    """[start, end) of each value under an author's key (its name, without an e-mail or a URL after it)."""
    out = []
    for m in _AUTHOR_KEY.finditer(chunk):
        if m.group("m") is not None:
            spans = [m.span("m")]
        else:
            a, b = m.span("l")
            items = list(_NAME_ITEM.finditer(chunk, a + 1, b - 1)) if chunk[a] == "{" else []
            if not items:
                items = [q for q in _QUOTED.finditer(chunk, a, b) if chunk[a] != "{"]
            spans = [q.span("q") for q in items]
        for a, b in spans:
            h = _HEAD.match(chunk, a, b)
            if h is not None:
                out.append(h.span("v"))
    return out


def town37(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with the names of the module's frames as PERSON, each whole (the module's docstring)."""
    if not any(h in chunk for h in _HINTS):
        return found
    from proxy.nlp.mailnames import role_address
    from proxy.nlp.names25 import person_key

    spans: list[tuple[int, int, bool]] = []
    if "<" in chunk:
        spans += [(*m.span("v"), True) for m in _DISPLAY.finditer(chunk)
                  if not role_address(m.group("v").split(), m.group("l"), m.group("d"))]
        spans += [(*m.span("v"), False) for m in _VTT.finditer(chunk)]
    if "M" in chunk or "m" in chunk or ":" in chunk:
        spans += [(*m.span("v"), False) for m in _CHAT_HEADER.finditer(chunk)]
    if "(" in chunk:
        spans += [(*m.span("v"), False) for m in _BLAME.finditer(chunk)]
    if "From " in chunk:
        spans += [(*m.span("v"), False) for m in _ZOOM.finditer(chunk)]
    if "tel:" in chunk or "sms:" in chunk or "callto:" in chunk:
        spans += [(*m.span("v"), False) for m in _TEL.finditer(chunk)]
    if "CN=" in chunk:
        spans += [(*m.span("v"), True) for m in _ICAL.finditer(chunk)]
    if "\":" in chunk or "':" in chunk or "\" :" in chunk:
        spans += [(*m.span("v"), True) for m in _JSON_KEY.finditer(chunk)
                  if m.group("k").lower() != "name" and person_key(m.group("k"))]
    if ":/" in chunk:
        spans += [(a, b, True) for a, b in _gecos(chunk)]
    low = chunk[:200_000].lower()
    if "author" in low or "maintainer" in low:
        spans += [(a, b, True) for a, b in _authors(chunk)]
    added = [("PERSON", a, b, 0.85) for a, b, keyed in dict.fromkeys(spans) if _person(chunk[a:b], names, lex, keyed)
             and not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    return _replaced(found, added)
