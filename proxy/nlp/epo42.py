"""Periods, eponyms, dishes, word-names and addressed teams the name rules read as a person (epo42, fpatk42 FP07, FP08).

- a dynasty, house or period: one capitalised word before its noun (`the Ming dynasty`, `Tang and Song dynasties`,
  `the Tudor period`, `a Qing vase`);
- an adjective made of a surname (`Einsteinian gravity`, `Mendelian inheritance`, `Pavlovian conditioning`): an
  `-ian`/`-ean` word that no list holds as a given name, before a lower-case word that is no person's verb;
- an eponym before its object (`A Petri dish`, `a Bunsen burner`, `an Erlenmeyer flask`); temperature scales
  (`Kelvin versus Celsius`); a dish `alla`/`all'` its style (`risotto alla milanese`, `pasta alla Norma`);
- a given name that is an everyday word (`Rose`, `Basil`, `Sage`, `Patience`, `Amber`, `Jade`; `everyday24`'s
  list) used as a noun: in a list with lower-case nouns (`Rose and lavender`, `Sage, thyme and rosemary`), before a
  noun of a thing (`Amber alerts`, `Jade plants`), as the subject of a passive of use (`Basil should be added`,
  `Patience is needed`), or listed as a product's tiers (`Crystal, Sage and Jade are our pricing tiers`);
- a team or a role addressed or named (`Hi Ops,`, `Hi Sales Ops,`, `Sales Ops owns`, `Hi Coach,`): every word a
  team's word (`fp28`) or, after a greeting, a role.

Real people stay names: a given name and a surname (`Rose Okafor`, `Basil Amari wrote`, `Han Wei joined`), an
honorific (`Dr. Parkinson`), a person's verb after (`Rose said`), a greeted given name (`Hi Amber,`). Pure functions,
CPU only; each rule is gated by a substring test and reads a few words around a found name only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from proxy.nlp.everyday16 import Lexicon, lexicon_of
from proxy.nlp.everyday24 import _GREETING_BEFORE, _word_like
from proxy.nlp.fp28 import _TEAM_WORDS
from proxy.nlp.fp36 import _PERSON_NEXT
from proxy.nlp.fpco40 import _HONORIFIC

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_CAP_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
# A period's noun after its name, maybe through `and X` (`Tang and Song dynasties`).
_PERIOD = re.compile(r"(?:[ \t]+(?:and|or|to|&)[ \t]+[A-Z][a-z]+)?[ \t]+(?:dynasty|dynasties|dynastic|era|eras|period"
                     r"|periods|vases?|porcelain|court|rule|reign|empire|emperors?|empress|tsars|czars|kings|queens"
                     r"|monarchs|monarchy|house|rulers|age|style|architecture|times)\b")
# An eponym's object after it (`Petri dish`, `Bunsen burner`).
_OBJECT = re.compile(r"[ \t]+(?:dish|dishes|plates?|burners?|flasks?|funnels?|counters?|tubes?|jars?|diagrams?"
                     r"|cages?|boxes)\b")
_SCALES = frozenset("kelvin celsius fahrenheit rankine réaumur".split())
_SCALE_FRAME = re.compile(r"(?i)\b(?:kelvin|celsius|fahrenheit|rankine|degrees?|temperatures?|scales?|thermometers?"
                          r"|°)")
# A dish before `alla`/`all'` (`risotto alla milanese`).
_ALLA = re.compile(r"(?i)\b(?:pasta|risotto|spaghetti|penne|linguine|tagliatelle|fettuccine|rigatoni|bucatini"
                   r"|gnocchi|pollo|pizza|bistecca|vitello|cotoletta|carciofi|melanzane|fagioli|trippa|saltimbocca"
                   r"|maccheroni|orecchiette|salsa|sugo|ragù|ragu|costoletta|ossobuco)[ \t]+(?:alla|all['’]|al)"
                   r"[ \t]*\Z")
# A thing's noun after a word-name (`Amber alerts`, `Jade plants`, `Basil leaves`).
_THING = re.compile(r"[ \t]+(?:alerts?|plants?|petals?|oil|oils|tea|teas|bush|bushes|shrubs?|seeds?|flowers?"
                    r"|pesto|syrup|necklaces?|stones?|jewel\w*|beads?|tiers?|edition|colou?r|colou?rs|tones?|wood"
                    r"|warning|warnings|notifications?)\b(?![ \t]+(?:the|a|an|his|her|their|our|my|your|us|me|him"
                    r"|them|everyone|everybody|to)\b)")
# A passive of use after a word-name (`Basil should be added`, `Patience is needed`).
_PASSIVE = re.compile(r"[ \t]+(?:is|are|was|were|(?:should|must|can|may|will|could|might)[ \t]+be|gets?)[ \t]+"
                      r"(?:(?:really|always|often|usually|also|best|then|only|definitely)[ \t]+)?(?:added|needed"
                      r"|required|used|chopped|stirred|sprinkled|mixed|planted|watered|grown|harvested|dried"
                      r"|torn|crushed|infused|steeped|key|essential|a[ \t]+virtue|overrated|underrated)\b")
# A list of lower-case nouns after a word-name (`Rose and lavender`, `Sage, thyme and rosemary`).
_NOUN_LIST = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+(?:and|or|&)[ \t]+)([a-z]{3,})\b")
_NOT_NOUN = frozenset("""
the a an his her their our my your its this that these those he she they we i me him them us who whom which what
also then when where while so but yet because since though although if just still now always never all both
is are was were will would can could should must may might has have had did does do said says told
""".split())
# Tiers or names of a product after a list of word-names (`Crystal, Sage and Jade are our three pricing tiers`).
_TIERS = re.compile(r"(?:[ \t]*(?:,|and|or|&)[ \t]*(?:and[ \t]+)?[A-Z][a-z]+)*[ \t]+(?:are|were|as)[ \t]+(?:our|the"
                    r"|its|their)\b[^.\n]{0,40}?\b(?:tiers|plans|editions|levels|packages|colou?rs|themes|variants"
                    r"|flavou?rs|sizes|options|names|codenames|skus)\b")
# Roles addressed after a greeting (`Hi Coach,`), besides a team's words.
_ROLES = frozenset("""
coach captain skipper chef boss chief doc nurse sarge sergeant team all everyone everybody folks friends guys
neighbour neighbor neighbours neighbors committee board admins admin mods moderators organisers organizers
""".split())
_HONOR_BEFORE = re.compile(_HONORIFIC + r"\Z")


def without_epo42(chunk: str, found: list[Result], engines: Any) -> list[Result]:
    """`found` less the PERSON spans that are periods, eponyms, dishes, word-names used as nouns or addressed teams."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    names, lex = engines.names, lexicon_of(engines)
    return [r for r in found if r[0] != "PERSON" or not _not_person(chunk, r[1], r[2], names, lex)]


def _not_person(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    text = chunk[start:end]
    words = text.split()
    if not words:
        return False
    if all(w.lower().strip(",.") in _TEAM_WORDS for w in words):
        return True  # (`Sales Ops owns`, `Hi Design,`, `Hi Marketing,`)
    if len(words) == 1 and words[0].lower() in _ROLES | _TEAM_WORDS \
            and _GREETING_BEFORE.search(chunk, max(0, start - 40), start) is not None:
        return True  # (`Hi Coach,`, `Hi Captain,`)
    if _HONOR_BEFORE.search(chunk, max(0, start - 20), start) is not None:
        return False  # (`Dr. Parkinson`, `Mr. Basil`)
    lead = words[0] in ("A", "An", "The") and len(words) == 2
    word = words[-1] if lead else words[0]
    if len(words) - lead != 1 or _CAP_WORD.fullmatch(word) is None:
        return _scales(chunk, start, end) or _dish(chunk, start, end)
    nxt = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 30])
    if nxt is not None and nxt.group(1) in _PERSON_NEXT and _PASSIVE.match(chunk, end, end + 60) is None:
        return False  # (`Rose said`, `Han wrote`)
    window = chunk[end:end + 80]
    if _PERIOD.match(window) is not None:
        return True  # (`the Ming dynasty`, `Tang and Song dynasties`, `the Tudor period`)
    if _OBJECT.match(window) is not None:
        return True  # (`A Petri dish`, `a Bunsen burner`)
    if word.endswith(("ian", "ean")) and len(word) > 6 and not names.is_any_first(word) and nxt is not None:
        return True  # (`Einsteinian gravity`, `Mendelian inheritance`)
    if _scales(chunk, start, end) or _dish(chunk, start, end):
        return True
    if not _word_like(word) and word.lower() not in lex.nouns:
        return False
    if _THING.match(window) is not None or _PASSIVE.match(window) is not None:
        return True  # (`Amber alerts`, `Jade plants`, `Basil should be added`, `Patience is needed`)
    if _GREETING_BEFORE.search(chunk, max(0, start - 40), start) is not None:
        return False  # (`Hi Safari, thanks`, `Hi Amber,`)
    m = _NOUN_LIST.match(window)
    if m is not None and (_word_like(word) or names.is_any_first(word)) and m.group(1) not in _NOT_NOUN \
            and m.group(1) in lex.nouns:
        # (a given name only: WordNet's `Schmidt` is a telescope too, `Surname is Schmidt, reference ...`)
        return True  # (`Rose and lavender`, `Sage, thyme and rosemary`)
    return _TIERS.match(window) is not None  # (`Crystal, Sage and Jade are our three pricing tiers`)


def _scales(chunk: str, start: int, end: int) -> bool:
    """`Kelvin versus Celsius`, `Fahrenheit`: every capitalised word a scale, with another scale or degrees near."""
    caps = [w for w in re.findall(r"[^\W\d_]+", chunk[start:end]) if w[:1].isupper()]
    if not caps or any(w.lower() not in _SCALES for w in caps):
        return False
    near = chunk[max(0, start - 60):start] + chunk[end:end + 60]
    return len(caps) > 1 or _SCALE_FRAME.search(near) is not None


def _dish(chunk: str, start: int, end: int) -> bool:
    """`risotto alla milanese`, `pasta alla Norma`: a style after a dish's `alla`."""
    text = chunk[start:end]
    m = re.match(r"(?i)(?:alla|all['’]|al)[ \t]*", text)
    at = start + (m.end() if m else 0)
    return _ALLA.search(chunk, max(0, start - 30), at) is not None and "\n" not in chunk[start:end]
