"""Software nouns, type names, code tokens and doc headings the name rules read as a person (tech42, fpatk42 FP03).

- a code identifier: a member access chain with a lower-case part (`g.Key.Quarter`, `self.Handler`), a name in a
  derive or attribute list (`#[derive(Clone, PartialEq, Eq, Hash)]`) or an enum's body, a generic parameter
  (`Box<Handler>`), a name right after `class`/`struct`/`enum`/`interface`/`impl`/`trait`/`new`/`extends`;
- one capitalised word that is an English word or a compound of English words (`Failover` = fail + over,
  `Rebalance`, `Descheduler`, `Webhooks`, `Repos`) that no name list holds, at a sentence's start, after a
  determiner (`the Descheduler change`), in a Markdown heading, in a list of such words, near code or in a sentence
  about software; a word of no list among such words in a sentence about software (`Eq, Ord and Hash`);
- a word some name list holds as a surname or a given name, English words too (tech43: `White`, `Young`, `King`,
  `Hope`, `Bill`, `Handler`, `Hash`: `_held`), only in a prose list whose other items are all unlisted software words
  (`Router, Dispatcher and Handler`), near code and not first in its sentence nor after a word people follow (`to`,
  `and`: `assigned to Fisher for the HashMap change`), or at a sentence's start before a plural noun and a verb in a
  sentence about software (`Handler timeouts are set`, `proxy.nlp.tech43`); never in a record or a mail header
  (`From: White, Bill`, `White,Bill,Sales`, `Jonas,Weber,Rome`), nor in prose with no code (`met the Kings`);
- a lower-case span of two or more English words, no key's value (`config keys`).

Real people stay names: a key's whole value (`surname=Ashdown`, `Reviewer: Ashdown`, an XML element's text), a
lower-case span with a given name (`bill white called`), a person's cue before
(`Mr.`, `Dear`, `Ask`, `by`), a person's verb after (`said`, `joined`), a possessive, two name words (`Basil
Amari`), a given name outside a list of things. Pure functions, CPU only; a PERSON span's own words and its sentence
are read, nothing when no PERSON was found.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp import tech43, tech45
from proxy.nlp.everyday16 import _singular
from proxy.nlp.fp35 import _code_around, _sentence_words, _tools
from proxy.nlp.fp36 import _CUE, _sentence_start

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Abbreviations a dotted name may start with (`dr.Kerr`, `st.James`): never code.
_TITLES = frozenset("dr mr mrs ms mx prof st sr jr sra srta mme mlle hr fr".split())
# Keywords a type's or a value's name follows in code.
_DECLARE = re.compile(r"(?<![\w.])(?:class|struct|enum|interface|impl|trait|new|extends|implements|typedef|record"
                      r"|protocol|namespace|union|typename|instanceof|dyn|mixin)[ \t]+\Z")
# A derive or attribute list (`#[derive(Debug, Eq)]`, `@derive(...)`, `deriving (Eq, Show)`, `[Flags, Serializable]`).
_ATTR_LIST = re.compile(r"(?:derive|deriving|derives)[ \t]*\(([^()\n]{1,300})\)|#!?\[([^\[\]\n]{1,300})\]"
                        r"|(?:^|[\s(])\[([A-Z][\w]*(?:\([^()\n]*\))?(?:[ \t]*,[ \t]*[A-Z][\w]*(?:\([^()\n]*\))?)*)\]")
# An enum's variants (`enum Shape { Circle, Square }`).
_ENUM_BODY = re.compile(r"\benum[ \t]+(?:class[ \t]+)?\w+[ \t]*(?::[ \t]*\w+[ \t]*)?\{([\w \t\n,=()]{1,300})\}")
# A generic parameter list right after a type's name (`Vec<Handler>`, `Map<Key, Value>`).
_GENERIC = re.compile(r"(?<=\w)<([\w \t,:&'\[\]<>]{1,200})>")
# Prefixes of software's compound words (`Re+balance`, `De+scheduler`, `Auto+scaler`, `Web+hooks`).
_PREFIXES = ("re", "de", "un", "pre", "post", "auto", "multi", "micro", "sub", "super", "inter", "web", "co", "meta",
             "hyper", "mega", "giga", "nano", "mini", "data", "dev", "ops", "sys", "net", "cyber", "geo", "bio",
             "non", "anti", "semi", "over", "under", "out", "up", "down", "back", "fail", "roll", "cross", "self")
# Short software words the lexicon lacks (`repo`, `config`): a word or a compound's part.
_SOFT = frozenset("""
repo config auth admin ord eq cmp fmt env app apps dev ops api sdk cli url uri ui ux db sql ci cd id ids src
lib libs util utils
spec specs impl param params arg args enum struct func proc async sync regex cron webhook hook hooks tooltip
trie tries deque deques treap treaps skiplist bitset bitsets quadtree octree btree
toolbar plugin endpoint login logout signup signin checkout backend frontend middleware namespace
""".split())
# Short tails of software's compound words (`timeout`, `checkbox`, `changelog`, `sitemap`, `hotkey`).
_SHORT_TAILS = frozenset("out off set box log bar map key tag hub app run way bot job".split())
# A determiner before a thing's name (`the Descheduler change`), never before a person's.
_DETERMINER = re.compile(r"(?i)\b(?:the|a|an|our|your|their|its|this|that|each|every|no)[ \t]+\Z")
_LABEL = re.compile(r"(?m)^[ \t>*-]*[\w .-]{1,30}:[ \t]*\Z")
# Words before a person more often than before a thing (`assigned to Walker`, `Cooper and Walker`).
_PEOPLE_BEFORE = frozenset("to for from and or cc ping thank thanks at of per via".split())
_LIST_SEP = re.compile(r"[ \t]*(?:,|;|/|\||(?:,[ \t]*)?(?:and|or|&|vs\.?|versus))[ \t]+|[ \t]*,[ \t]*")
_PROSE_SEP = re.compile(r"[ \t]*(?:,|;|(?:,[ \t]*)?(?:and|or|&))[ \t]+")
_HEADING = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$")
_CAMEL = re.compile(r"\b[A-Z][a-z0-9]+[A-Z]\w*|\b[a-z]+[A-Z]\w*|\w+\(\)|::|->|=>|\b[a-z]\d{1,3}\b")


def without_tech42(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without the PERSON spans the docstring's code tokens, software nouns and headings are."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    _held_names()  # (loaded by the worker's warm-up text, not on a first technical text)
    found = tech45.without_tech45(chunk, found)  # (tech45: `-Recurse` after a continuation, `Xmx`, `72 °F`: no name)
    return [r for r in found if r[0] != "PERSON" or not _software(chunk, r[1], r[2], names, lex)]


def _software(chunk: str, a: int, b: int, names: NameLists, lex: Lexicon) -> bool:
    text = chunk[a:b]
    if tech45.person_slot(chunk, a, b, names):  # (tech45: `--author Maria`, `|3^Webb^Marcus`: never code)
        return False
    if tech45.thing_named(chunk, a, b, names, lambda w: _english(w, lex)):  # (`-Name Reports`, `--name Handler`)
        return True
    if _CUE.search(chunk, max(0, a - 12), a) is not None or _person_after(chunk, b):
        return False
    if _code_token(chunk, a, b, text) or (" " in text and tech43.joined_titles(chunk, a, b)):
        return True
    words = text.split()
    if words and all(w.isalpha() and w.islower() for w in words):  # `config keys`; `last_name=carpenter` stays
        return len(words) > 1 and chunk[:a].rstrip()[-1:] not in ("=", ":", '"', "'") \
            and not any(names.is_any_first(w) or names.is_census_first(w) for w in words) \
            and not all(_held(w) for w in words) and all(_english(w, lex) for w in words)  # `bill white called`
    if len(words) != 1 or not text.isalpha() or not text[:1].isupper() or not text[1:].islower() \
            or _keyed(chunk, a, b) or ((m := re.search(r"[A-Z][a-z]+[ \t]+\Z", chunk[max(0, a - 30):a])) is not None
                                      and not _sentence_start(chunk, max(0, a - 30) + m.start())):
        return False  # (`#BeatriceThompson`: two names joined; `Ask Pastor Fields`: a title or a name part before)
    return tech43.product_before_noun(chunk, a, b) or _software_word(chunk, a, b, text, names, lex)


def _keyed(chunk: str, a: int, b: int) -> bool:
    """A key's whole value (`surname=Ashdown`, `"last": "Ashdown"`, `Reviewer: Ashdown` alone on its line, an XML
    element's text: `>Rustam</j:Given`); the key on the same line (a statement's `;` ends a line of code before prose:
    `});\n\nFailover took`)."""
    return chunk[:a].rstrip(" \t")[-1:] in ("=", '"', "'", ";") or chunk[b:b + 1] == ";" or (
        _LABEL.search(chunk, max(0, a - 40), a) is not None and re.match(r"[ \t]*(?:\r?\n|\Z)", chunk[b:]) is not None
    ) or (chunk[:a].rstrip()[-1:] == ">" and chunk[b:].lstrip()[:1] == "<")


def _person_after(chunk: str, end: int) -> bool:
    if chunk[end:end + 1] in ("'", "’"):
        return True  # a possessive
    m = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 24])
    return m is not None and m.group(1) in _tools()[3]


def _code_token(chunk: str, a: int, b: int, text: str) -> bool:
    left, right = a, b
    while left > 0 and (chunk[left - 1].isalnum() or chunk[left - 1] in "_."):
        left -= 1
    while right < len(chunk) and (chunk[right].isalnum() or chunk[right] in "_."):
        right += 1
    chain = chunk[left:right].strip(".")
    parts = chain.split(".")
    if len(parts) > 1 and chunk[left - 1:left] != "@" and chunk[right:right + 1] != "@" \
            and all(_IDENT.fullmatch(p) for p in parts) \
            and any(p[:1].islower() and p.lower() not in _TITLES for p in parts[:-1]) \
            and any(p[:1].isupper() for p in parts):
        return True
    if not _IDENT.fullmatch(text):
        return False
    if _DECLARE.search(chunk, max(0, a - 14), a) is not None:
        return True
    lo, hi = max(0, a - 320), min(len(chunk), b + 320)
    return any(any(g is not None and m.start(k + 1) <= a and b <= m.end(k + 1) for k, g in enumerate(m.groups()))
               for rx in (_ATTR_LIST, _GENERIC, _ENUM_BODY) for m in rx.finditer(chunk, lo, hi))


def _english(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return any(w in lex.nouns or w in lex.verbs or w in lex.adjectives or w in _SOFT for w in _singular(low)) \
        or (low.endswith("er") and (low[:-2] in lex.verbs or low[:-1] in lex.verbs)) \
        or (low.endswith("ier") and low[:-3] + "y" in lex.verbs)


def _compound(word: str, lex: Lexicon) -> bool:
    """An English word or two joined (`failover`, `rebalance`, `descheduler`, `webhooks`, `autoscaler`)."""
    low = word.lower()
    if _english(low, lex):
        return True
    for k in range(2, len(low) - 2):
        head, tail = low[:k], low[k:]
        # (a part of four letters or more, or a short software tail: `rus`+`tam`, `stella`+`ris`, `hand`+`ler` are
        # the lexicon's odd entries; `time`+`out`, `check`+`box`)
        if (head in _PREFIXES or (len(head) >= 3 and _english(head, lex))) \
                and (len(tail) >= 4 and _english(tail, lex) or tail in _SHORT_TAILS):
            return True
    return False


def _software_word(chunk: str, a: int, b: int, text: str, names: NameLists, lex: Lexicon) -> bool:
    held = _held(text)  # a surname or a given name by some list, an English word too (`White`, `Hope`, `Handler`)
    items = _list_items(chunk, a, b)
    things = [w for w in items if not names.is_any_first(w) and _compound(w, lex)]
    if not _compound(text, lex):  # `Eq, Ord and Hash in Rust`: a word of no list among software's words
        return not held and len(things) >= 2 and any(not _held(w) for w in things) and _technical(chunk, a, b)
    if held:  # a thing only among things or in code: `White, Bill`, `Jonas,Weber,Rome`, `the Kings` stay people
        tools = [w for w in _list_items(chunk, a, b, prose=True) if not _held(w) and _compound(w, lex)]
        if len(tools) >= 2 and len(tools) == len(items):  # `Router, Dispatcher and Handler`, `Eq, Ord and Hash`
            return True
        prev = re.search(r"([A-Za-z]+)[ \t]+\Z", chunk[max(0, a - 24):a])
        # `rename Handler to RequestHandler`, `Hash not derived for f64`; `Walker fixed the HashMap bug` stays
        code = _code_around(chunk, a, b) or _CAMEL.search(chunk, max(0, a - 120), b + 120) is not None
        if not items and _sentence_start(chunk, a) \
                and tech43.noun_modifier(chunk, a, b, lex, lambda w: _compound(w, lex)):
            return code or _technical(chunk, a, b)  # (`Handler timeouts are set to 30 s`)
        return not items and not _sentence_start(chunk, a) and code \
            and (prev is None or prev.group(1).lower() not in _PEOPLE_BEFORE)
    return (items and len(things) == len(items)) or _sentence_start(chunk, a) or _heading(chunk, a, b) \
        or _DETERMINER.search(chunk, max(0, a - 8), a) is not None \
        or _technical(chunk, a, b) or _code_around(chunk, a, b) \
        or _CAMEL.search(chunk, max(0, a - 120), b + 120) is not None


@functools.cache
def _held_names() -> frozenset[str]:
    """Every word any name list of the project holds as a surname or a given name, the words commoner as English
    words too (`white`, `young`, `king`, `hope`, `bill`: `names.NameLists` leaves those out of its own)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS as lists

    from proxy.nlp.names import _faker_names, name_lists
    from proxy.nlp.names39 import GIVEN, SURNAMES

    first, last = _faker_names()
    nl = name_lists()
    return frozenset(first | last | nl.first | nl.last | nl.any_first | nl.census_first | GIVEN | SURNAMES
                     | set(lists["surnames"]) | set(lists["male_names"]) | set(lists["female_names"]))


def _held(word: str) -> bool:
    """`word` (or its singular: `the Kings`, no software word's: `Repos`) is a name in some list."""
    held = _held_names()
    return any(w in held and w not in _SOFT for w in _singular(word.lower()))


def _list_items(chunk: str, a: int, b: int, prose: bool = False) -> list[str]:
    """The other capitalised one-word items of a list the word is in (`Router, Dispatcher and Handler`); with
    `prose`, a list of prose only (a space after each comma: no CSV row's `White,Bill,Sales`)."""
    sep = _PROSE_SEP if prose else _LIST_SEP
    out: list[str] = []
    at = a
    while len(out) < 8:  # leftwards
        m = re.search(r"([A-Z][A-Za-z]+)(?:" + sep.pattern + r")\Z", chunk[max(0, at - 40):at])
        if m is None:
            break
        out.append(m.group(1))
        at = at - (len(chunk[max(0, at - 40):at]) - m.start(1))
    at = b
    while len(out) < 16:  # rightwards
        m = re.compile(r"(?:" + sep.pattern + r")([A-Z][A-Za-z]+)\b").match(chunk, at)
        if m is None:
            break
        out.append(m.group(1))
        at = m.end()
    return out


def _heading(chunk: str, a: int, b: int) -> bool:
    return any(m.start(1) <= a and b <= m.end(1) and len(m.group(1).split()) <= 2 for m in _HEADING.finditer(chunk))


def _technical(chunk: str, a: int, b: int) -> bool:
    tools, context, _, _ = _tools()
    before, after = _sentence_words(chunk, a, b)
    return any(w.lower() in context or w.lower() in tools for w in before + after)
