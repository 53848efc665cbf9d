"""Titles of works and brands the name rules read as a person (brand41, fpatk41 FP03/FP07).

- a work's title after its kind (`the film Amadeus`, `the novel Emma`, `the opera Carmen`, `Austen's novel Emma`,
  `the animated film Coco`, `the play Uncle Vanya`): the capitalised words right after a determiner or a possessive
  and a work's noun (lower case), joined by `and`/`of`/`with`/`the`..., with no person's verb after them (`the film
  Emma Stone starred in` stays); a role's noun between them is no work (`the film critic Dana Okafor`);
- a title in quotes or emphasis in a sentence about works (`films like "Amadeus"`, `*Emma* and *Persuasion*`),
  not after a key's colon nor a word of sending or naming (`to "Dana Okafor"`);
- a title before its year in brackets in a sentence about works (`Marty (1955)`; `Okafor (2019) found` stays);
- the items of a list after a plural work's noun and `:`, `like`, `such as`, `e.g.` or `including` (`animated
  films for adults: Persepolis, Waltz with Bashir, Anomalisa`, `novels like Stoner and Revolutionary Road`), no
  word of people between the noun and the list (`books by authors like Toni Morrison` stays);
- a brand named with a form of address (`Dr. Martens`, `Doc Martens`) and no person's verb after it;
- a car's model after a maker (`the Porsche Macan`) or alone after `the` in a sentence naming a maker (`compared
  with Ferrari on the Roma`), no person's verb after it;
- one capitalised word that is no listed first name after an error's label (`Fatal: Ledger checksum mismatch`,
  `Error: Vault token expired`) or after `class`/`class name` in code talk (`class Hashi:`, `the class name Hashi`).

Brands, chains, commodities and libraries written whole are `proxy.nlp.companies.NAMED_BRANDS` (read by
`proxy.nlp.fpco40`); famous works and dishes are `proxy.nlp.fp39`'s list. Pure functions, CPU only; each rule is
gated by a substring test and reads a sentence around a found name only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE, _PERSON_NEXT, _sentence

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_NOUNS = ("film|films|movie|movies|novel|novels|novella|novellas|book|books|play|plays|opera|operas|operetta|ballet"
          "|ballets|musical|musicals|album|albums|song|songs|single|series|sitcom|show|poem|poems|documentary"
          "|documentaries|tragedy|tragedies|comedy|comedies|epic|painting|paintings|symphony|memoir|classic|classics"
          "|cinema|picture|pictures|story|stories|thriller|thrillers|western|westerns|drama|dramas|cartoon|anime"
          "|manga|saga|trilogy|miniseries|franchise|audiobook|podcast|comic|comics|fairy[ \t]+tale|short[ \t]+story")
_HINT = re.compile(r"(?i)\b(?:" + _NOUNS + r")\b|[\"“*_«]|\((?:19|20)\d\d\)|\bDoc\b|\bDr\.?[ \t]+Martens")
# A determiner or a possessive, maybe a word or two (`animated`, `1941`, `French`), then the work's noun.
_KIND_BEFORE = re.compile(r"(?:\b(?i:the|a|an|this|that|his|her|their|its|my|our|your)|[\w-]+['’]s)[ \t]+"
                          r"(?:[\w-]+[ \t]+){0,2}?(?:" + _NOUNS + r")[ \t]+\Z")
# A title's run: capitalised words, numbers and roman numerals, lower-case joints between them.
_WORD = r"(?:[A-Z\u00c0-\u00de][\w'’.-]*|\d+|[IVX]+)"
_JOINT = r"(?:and|of|the|with|in|on|a|an|de|la|le|du|des|von|van|der|di|y|et|und|for|to|from)"
_RUN = re.compile(_WORD + r"(?:[ \t]+(?:" + _JOINT + r"[ \t]+)*" + _WORD + r")*")
# A sentence about works (stronger than `proxy.nlp.fp39`'s cue: `Invite "Priya and Rahul" to the review` stays).
_WORK_CUE = re.compile(r"(?i)\b(?:" + _NOUNS + r"|read|reading|reread|watch|watched|watching|rewatch|listen|listened"
                       r"|directed|starring|adaptation|adapted|sequel|prequel|screenplay|chapters?|spoilers?)\b")
_QUOTED = re.compile(r"([\"“*_«])(" + _RUN.pattern + r")([\"”*_»])")
_NOT_BEFORE_QUOTE = re.compile(r"(?i)(?:[:=]|\b(?:to|for|from|cc|by|dear|hi|hello|name|named|called|author|authors"
                               r"|writer|director|contact|user|customer|with|email|ask|tell|invite|meet|thank"
                               r"|thanks)[ \t]*)\Z")
_YEAR_AFTER = re.compile(r"[ \t]*\((?:19|20)\d\d\)[ \t]*(\w*)")
# What a work (not a cited author) does after its year (fp42: `Roma (2018) won the Golden Lion`, `Is Amelie (2001)
# suitable for ...`).
_WORK_YEAR = re.compile(r"(?i)(?:won|wins|swept|premiered|grossed|depicts|portrays|tells|follows[ \t]+a|is[ \t]+set"
                        r"|was[ \t]+(?:shot|filmed|released|nominated|remade)|(?:is|was)[ \t]+(?:worth|suitable"
                        r"|appropriate|ok|okay|too[ \t]+(?:long|slow|dark|violent))|worth[ \t]+watching|suitable)\b")
_CITING = frozenset("found find finds showed shows argued argues reported reports proposed proposes suggested"
                    " suggests noted notes described describes defined defines claimed claims observed observes"
                    " et".split())
_PLURALS = ("films|movies|novels|novellas|books|plays|operas|ballets|musicals|albums|songs|series|poems|documentaries"
            "|tragedy|tragedies|comedies|classics|cinema|thrillers|westerns|dramas|cartoons|anime|manga|stories"
            "|titles|reads|reading[ \t]+list|watchlist|shows|sitcoms|paintings|symphonies|memoirs|comics|sagas")
_LIST_OPEN = re.compile(r"(?i)\b(?:" + _PLURALS + r")\b([^:.!?\n]{0,60}?)(?::|\blike\b|\bsuch[ \t]+as\b"
                        r"|\be\.g\.,?(?:[ \t]+in)?|\bincluding\b)")
_PEOPLE = re.compile(r"(?i)\b(?:by|authors?|writers?|directors?|actors?|actresses|cast|stars?|starring|members?"
                     r"|people|characters?|heroines?|heroes|protagonists?|featuring|creators?|critics?|singers?"
                     r"|composers?|artists?|poets?|novelists?)\b")
_DOC = re.compile(r"\b(?:Dr\.?|Doc)[ \t]+Martens\b")
_MAKERS = frozenset("""
Ferrari Porsche Lamborghini Maserati McLaren Bugatti Bentley Aston Audi BMW Mercedes Mercedes-Benz Toyota Honda Ford
Tesla Volvo Volkswagen VW Kia Hyundai Nissan Mazda Subaru Jaguar Lotus Alfa Fiat Peugeot Renault Citroën Skoda Cupra
Lexus Rivian Lucid Polestar Chevrolet Cadillac Dodge Jeep Lancia Koenigsegg Pagani Rimac
""".split())
_THE = re.compile(r"(?i)\bthe[ \t]+\Z")
_ERROR_LABEL = re.compile(r"(?:\b(?:Error|ERROR|Fatal|FATAL|Warning|WARNING|Warn|WARN|Exception|Panic|PANIC|Critical"
                          r"|CRITICAL)[ \t]*[:!]|\bclass(?:[ \t]+name)?)[ \t]+\Z")


def without_brand41(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as a work's title or a brand (see above)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    works = _HINT.search(chunk) is not None
    makers = any(w in _MAKERS for w in re.findall(r"[A-Z][\w-]+", chunk)) if "the " in chunk else False
    codes = ":" in chunk or "class " in chunk
    if not (works or makers or codes):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON" and (works and (_doc(chunk, r[1], r[2]) or _title(chunk, r[1], r[2]))
                                 or makers and _model(chunk, r[1], r[2])
                                 or codes and _code_word(chunk, r[1], r[2], names)):
            continue
        out.append(r)
    return out


def _model(chunk: str, start: int, end: int) -> bool:
    """`the Porsche Macan`, `compared with Ferrari on the Roma`: a car's model (one word) after its maker, or after
    `the` in a sentence naming a maker."""
    words = chunk[start:end].split()
    if _person_after(chunk, end) or len(words) > 2 or not all(w[:1].isupper() for w in words):
        return False
    if len(words) == 2:
        return words[0] in _MAKERS
    return _THE.search(chunk, max(0, start - 5), start) is not None \
        and any(w in _MAKERS for w in re.findall(r"[A-Z][\w-]+", _sentence(chunk, start)))


def _code_word(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Fatal: Ledger checksum mismatch`, `class Hashi:`: one capitalised word, no listed first name, after an error's
    label or `class`, a lower-case word, `:` or `(` after it."""
    word = chunk[start:end]
    if not word.isalpha() or not word[:1].isupper() or names.is_first(word) \
            or _ERROR_LABEL.search(chunk, max(0, start - 16), start) is None:
        return False
    return re.match(r"(?:[ \t]+[a-z]+\b(?![ \t]+[A-Z]))|[ \t]*[:(]", chunk[end:end + 30]) is not None \
        and not _person_after(chunk, end)


def _person_after(chunk: str, end: int) -> bool:
    m = re.match(r"(?:['’]s)?[ \t]+([a-z]+)", chunk[end:end + 24])
    return m is not None and m.group(1) in _PERSON_NEXT


def _doc(chunk: str, start: int, end: int) -> bool:
    """`Dr. Martens issued profit warnings`: the boots' brand, no person's verb after it."""
    return any(m.start() <= start < m.end() and not _person_after(chunk, m.end())
               for m in _DOC.finditer(chunk, max(0, start - 6), min(len(chunk), end + 10)))


def _run_at(chunk: str, at: int) -> re.Match[str] | None:
    return _RUN.match(chunk, at)


def _title(chunk: str, start: int, end: int) -> bool:
    """`start:end` inside a work's title by one of the rules above (no person's cue before it: `Ask Emma`)."""
    # (1) after the work's kind: find where the title's run opens (at most 40 characters back)
    for k in range(start, max(-1, start - 40), -1):
        if k == start or chunk[k - 1] in " \t" and chunk[k:k + 1].isupper():
            if _KIND_BEFORE.search(chunk, max(0, k - 60), k) is not None:
                run = _run_at(chunk, k)
                if run is not None and run.end() >= end and not _person_after(chunk, run.end()) \
                        and _CUE.search(chunk, max(0, k - 12), k) is None:
                    return True
    if _CUE.search(chunk, max(0, start - 12), start) is not None:
        return False
    # (2) in quotes or emphasis in a sentence about works
    for m in _QUOTED.finditer(chunk, max(0, start - 60), min(len(chunk), end + 60)):
        if m.start(2) <= start and end <= m.end(2) and _WORK_CUE.search(_sentence(chunk, start)) is not None \
                and _NOT_BEFORE_QUOTE.search(chunk, max(0, m.start() - 12), m.start()) is None \
                and not _person_after(chunk, m.end()):
            return True
    # (3) before its year in brackets, in a sentence about works
    y = _YEAR_AFTER.match(chunk, end)
    if y is not None and y.group(1).lower() not in _CITING and (_WORK_CUE.search(_sentence(chunk, start)) is not None
                                                              or _WORK_YEAR.match(chunk, y.start(1))):
        return True
    # (4) an item of a list after a plural work's noun
    sentence_start = max(chunk.rfind(c, 0, start) for c in "!?\n") + 1
    for m in _LIST_OPEN.finditer(chunk, sentence_start, start):
        if _PEOPLE.search(m.group(1)) is None and "." not in chunk[m.end():start].replace("e.g.", "") \
                and _PEOPLE.search(chunk, m.end(), start) is None and not _person_after(chunk, end):
            return True
    return False
