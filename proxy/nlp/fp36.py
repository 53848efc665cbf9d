"""Named terms, companies and places the name and phone rules read as people or phone numbers (fp36, atk35 FP01-FP03).

- a word named after a person before a noun of science, medicine, statistics or reference (`Higgs boson`,
  `Epstein-Barr virus`, `Julian calendars`, `Elo rating system`, `Dewey Decimal system`; possessive before a named
  test: `Fisher's exact test`, `Welch's t-test`); never after a first name, a title or a verb of addressing
  (`Dr. Higgs`, `Ask Elo`) nor before a possessive's plain `test` (`Mary's test results`: `proxy.nlp.eponyms`);
- a court case `X v. Y` (`Marbury v. Madison`, `Brown v. Board of Education`) and a law named after its sponsors,
  hyphenated before `Act` (`Dodd-Frank Act`, `Sarbanes-Oxley Act`);
- an Nvidia GPU architecture (`Blackwell`, `Hopper`, `Ada Lovelace`) before `GPU`/a card's model (`L40S`) or in a
  sentence that names Nvidia, GPUs or CUDA; a 3D tool (`Maya`) beside another (`Houdini`, `Blender`);
- a car of a make named after a person (`Ford Mustang Mach-E`, `Lincoln Navigator`), a fixed brand (`Big Mac`), a
  listed company holding a first name beside another listed company or a word of business (`Morgan Stanley and
  JPMorgan Chase`, `the business model of Charles Schwab`: `proxy.nlp.companies`);
- a listed city (`proxy.nlp.places`) or university in a sentence about places (`climate`, `train`, `hub`, `living
  costs`, `universities`), in a route (`from Florence to Pisa`) or in a list of cities (`Austin, Denver and
  Raleigh`), and `Santiago de Chile`: never next to another capitalised word, after a title or a verb of addressing
  nor before a person's verb (`Florence Pugh said`, `Dear Ms. Houston`, `Houston said`);
- a Latin letter before a lower-case Cyrillic noun (`B-дерева`, Russian for B-tree);
- a number the text computes (`The Fibonacci number F(45) is 1134903170.`): digits alone after `F(n) is`/`=`.
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.companies import BUSINESS_WORDS, COMPANIES
from proxy.nlp.names import NameLists
from proxy.nlp.places import city_names

Result = tuple[str, int, int, float]

_CUE = re.compile(r"(?i)(?:\b(?:dr|mr|mrs|ms|mx|prof|sir|dear|ask|asked|tell|told|email|cc|hi|hello|hey|ping|thanks"
                  r"|thank|meet|met|invite|call|called|with|by|uncle|aunt)\.?[ \t]+|@)\Z")
_COMPARED = re.compile(r"(?i)\b(?:compared|comparing|compare|along|together|combined|paired)[ \t]+with[ \t]+\Z")
_PERSON_NEXT = frozenset("""
said says told tells asked asks wrote writes thinks thought knows knew wants wanted needs needed has had will would
can could should replied mentioned confirmed agreed signed sent called emailed reviewed approved commented suggested
noticed reported joined presented explained shared proposed decided believes believed prefers preferred liked
visited visits lives lived works worked born married starred stars plays played sings sang founded founds started
created built died retired resigned
""".split())
_WORD = r"[A-Z][A-Za-z'’]+"
_NEXT = re.compile(r"(?:['’]s)?[ \t]+([A-Za-z][\w'’-]*)")

# Heads after a term named after a person (no possessive between: `Higgs boson`), and after a possessive.
_HEADS = re.compile(r"[ \t-]+(?:bosons?|fermions?|virus(?:es)?|calendars?|rating[ \t]+system|(?i:decimal)[ \t]+"
                    r"(?:system|classification)|exact[ \t]+test|t-test|t[ \t]+test|rank[ \t]+test|U[ \t]+test"
                    r"|bacteri(?:um|a)|syndrome)\b")
_POSS_HEADS = re.compile(r"['’]s[ \t]+(?:exact[ \t]+test|t-test|t[ \t]+test|rank[ \t]+test|U[ \t]+test|"
                         r"(?:paired|unpaired|two-sample|one-sample)[ \t]+t-test|ANOVA|correction|method)\b")
_CASE = re.compile(rf"\b{_WORD}(?:[ \t]+{_WORD}){{0,2}}[ \t]+vs?\.[ \t]+{_WORD}(?:[ \t]+(?:of|the|for|{_WORD}))"
                   rf"{{0,4}}")
_LAW = re.compile(rf"\b{_WORD}(?:-{_WORD})+[ \t]+(?:Act|Acts|Amendment|Amendments|Bill|Rule)\b")
_GPU_ARCH = frozenset("blackwell hopper ampere ada lovelace turing volta pascal kepler maxwell rubin grace fermi"
                      " tesla".split())
_GPU_SENTENCE = re.compile(r"(?i)\b(?:nvidia|gpus?|cuda|geforce|rtx|quadro|tensor cores?|[ahlb]\d{2,3}s?|h200|gb200)"
                           r"\b")
_GPU_NEXT = re.compile(r"(?:[ \t]+(?:Lovelace|Next))?[ \t]+(?:GPUs?|cards?|architecture|generation|chips?|"
                       r"[A-Z]{1,3}\d{2,4}[A-Z]{0,2})\b")
_TOOLS = frozenset("maya houdini blender zbrush nuke katana cinema substance unreal unity mudbox modo rhino"
                   " 3ds lightwave".split())
_BRANDS = re.compile(r"\bBig[ \t]+Mac\b")
_CARS = re.compile(r"\b(?:Ford[ \t]+(?:Mustang(?:[ \t]+Mach-E)?|Bronco|Explorer|Escape|Focus|Fiesta|Ranger|Maverick"
                   r"|Transit|Expedition|Edge|F-150|Taurus|Fusion)|Mach-E|Lincoln[ \t]+(?:Navigator|Aviator|Continental"
                   r"|Nautilus|Corsair|Town[ \t]+Car|MKZ|MKX))\b")
_PHRASE_PLACES = re.compile(r"\b(?:Santiago[ \t]+de[ \t]+Chile|Rio[ \t]+de[ \t]+Janeiro|Santo[ \t]+Domingo"
                            r"|San[ \t]+Jos[eé]|Roman[ \t]+Empire)\b")
_UNIVERSITIES = frozenset("stanford harvard yale princeton cornell duke columbia brown rice vanderbilt"
                          " carnegie".split())
_PLACE_WORDS = frozenset("""
climate weather train trains flight flights fly hub economy population downtown suburbs neighborhood neighbourhood
neighborhoods living rent rents costs tourists tourist museums museum airport skyline metro city cities travel trip
visit universities university college campus admissions relocate move moving capital region state county
""".split())
_UNI_WORDS = frozenset("universities university college colleges campus admissions degree phd mba".split())
_MODEL = re.compile(r"[a-z]{1,3}\d{2,4}[a-z]{0,2}")
_COMPANY_WORDS = BUSINESS_WORDS | frozenset("business counterfeit counterfeits company companies firm firms"
                                            " bank banks".split())
_ROUTE = re.compile(r"(?i)\b(?:from|between)[ \t]+\Z")
# A Latin letter glued to a lower-case Cyrillic noun (`B-дерева`, `R-дерево`: B-tree, R-tree in Russian).
_LETTER_TERM = re.compile(r"[A-Z]-[а-яё]+")
_ROUTE_ON = re.compile(r"[ \t]+(?:to|and)[ \t]+[A-Z]")
_MATH_NUMBER = re.compile(r"\b[A-Za-z]\w{0,12}\(\d{1,6}\)[ \t]*(?:is|=|equals|==)[ \t]*\Z")
# Words the phrases above hold (`_CASE`, `_LAW`, `_BRANDS`, `_CARS`, `_PHRASE_PLACES`): no phrase pass without.
_PHRASE_HINT = re.compile(r" vs?\. |-[A-Z][a-z]+ (?:Act|Amendment|Bill|Rule)|Big Mac|Ford |Lincoln |Mach-E| de "
                          r"| Empire")


def without36(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans and computed numbers the rules of this module read as no name or phone."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    spans: list[tuple[int, int]] | None = None
    out: list[Result] = []
    for r in found:
        if r[0] != "PERSON":
            out.append(r)
            continue
        if spans is None:
            spans = [m.span() for p in (_CASE, _LAW, _BRANDS, _CARS, _PHRASE_PLACES) for m in p.finditer(chunk)] \
                if _PHRASE_HINT.search(chunk) else []
        start, end = r[1], r[2]
        if any(a <= start and end <= b for a, b in spans) or _LETTER_TERM.fullmatch(chunk, start, end) \
                or _named(chunk, start, end, names, city_names()):
            continue
        out.append(r)
    return out


def computed_numbers(chunk: str, found: list[Result]) -> list[Result]:
    """`found` without the phone numbers that are a computed value: digits alone after `F(45) is` / `=`."""
    if "(" not in chunk or not any(r[0] == "PHONE_NUMBER" for r in found):
        return found
    return [r for r in found if r[0] != "PHONE_NUMBER" or not chunk[r[1]:r[2]].isdigit()
            or _MATH_NUMBER.search(chunk, max(0, r[1] - 30), r[1]) is None]


def _named(chunk: str, start: int, end: int, names: NameLists, cities: frozenset[str]) -> bool:
    word = chunk[start:end]
    for cut in ("'s", "’s"):
        word = word[:-len(cut)] if word.endswith(cut) else word
    end = start + len(word)
    parts = word.split()
    lower = [w.lower() for w in parts]
    gpu = lower and lower[0] in _GPU_ARCH and all(w in _GPU_ARCH or _MODEL.fullmatch(w) for w in lower)
    if gpu and (_GPU_NEXT.match(chunk, end) or _MODEL.fullmatch(lower[-1])):
        return True  # `Blackwell GPUs`, `Ada Lovelace L40S cards`
    if not word or _CUE.search(chunk, max(0, start - 12), start) is not None \
            and _COMPARED.search(chunk, max(0, start - 30), start) is None:
        return False
    before = re.search(r"([A-Za-z][\w'’-]*)[ \t]+\Z", chunk[max(0, start - 30):start])
    prev_name = before is not None and before.group(1)[:1].isupper() and names.is_first(before.group(1)) \
        and not _sentence_start(chunk, start - len(before.group(0)))
    if not prev_name and len(parts) <= 2 and (_HEADS.match(chunk, end) or _POSS_HEADS.match(chunk, end)):
        return True  # `Higgs boson`, `Epstein-Barr virus`, `Fisher's exact test`
    m = _NEXT.match(chunk, end)
    nxt = m.group(1) if m is not None else ""
    if nxt.lower() in _PERSON_NEXT or prev_name:
        return False
    sentence = _sentence(chunk, start)
    if gpu and _GPU_SENTENCE.search(sentence):
        return True  # `Nvidia Hopper and Blackwell`
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", sentence)}
    company = _company_at(chunk, start, end)
    if company is not None and not chunk[company[1]:company[1] + 2].strip()[:1].isupper() and (
            words & _COMPANY_WORDS or _other_company(sentence, chunk[company[0]:company[1]])):
        return True  # `the business model of Charles Schwab`, `Morgan Stanley and JPMorgan Chase`
    if nxt[:1].isupper() or len(parts) != 1:
        return False
    if lower[0] in _TOOLS and len(words & _TOOLS) >= 2:
        return True  # `Compare Houdini and Maya`
    if lower[0] in _UNIVERSITIES:
        return bool(words & _UNI_WORDS)
    if lower[0] not in cities:
        return False
    if words & _PLACE_WORDS or _ROUTE.search(chunk, max(0, start - 10), start) and _ROUTE_ON.match(chunk, end):
        return True  # `the climate of ...`, `from Florence to Pisa`
    listed = re.findall(r"\b([A-Z][a-z]+)(?:,|[ \t]+and|[ \t]+or)[ \t]+", sentence) + re.findall(
        r"(?:,|\band|\bor)[ \t]+([A-Z][a-z]+)\b", sentence)
    return sum(w.lower() in cities for w in set(listed)) >= 2  # `Austin, Denver and Raleigh`


@functools.cache
def _companies() -> frozenset[str]:
    return frozenset(c for c in COMPANIES if " & " not in c and " - " not in c and " 's" not in c)


def _company_at(chunk: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a listed company written whole, capitalised, that covers `chunk[start:end]` (`Louis Vuitton`)."""
    for c in _companies():
        words = c.split()
        if len(words) > 1 and chunk[start:end].split()[0].lower() in words:
            pattern = r"\b" + r"[ \t]+".join(re.escape(w) for w in words) + r"\b"
            for m in re.finditer(pattern, chunk[max(0, start - 40):end + 40], re.I):
                a, b = m.start() + max(0, start - 40), m.end() + max(0, start - 40)
                if a <= start and end <= b and all(w[:1].isupper() for w in m.group(0).split()):
                    return a, b
    return None


def _other_company(sentence: str, word: str) -> bool:
    toks = re.findall(r"[A-Za-z]+", sentence.replace(word, " | "))
    low = [t.lower() for t in toks]
    return any(" ".join(low[k:k + n]) in _companies() and toks[k][:1].isupper()
               for n in (1, 2, 3) for k in range(len(low) - n + 1))


def _sentence_start(chunk: str, at: int) -> bool:
    return re.search(r"(?:\A|[.!?:\n][ \t\"'*]*)\Z", chunk[max(0, at - 4):at]) is not None


def _sentence(chunk: str, at: int) -> str:
    a = max(chunk.rfind(c, 0, at) for c in ".!?\n") + 1
    ends = [k for k in (chunk.find(c, at) for c in "!?\n") if k >= 0]
    m = re.compile(r"\.(?:\s|\Z)").search(chunk, at)
    if m is not None:
        ends.append(m.start())
    return chunk[a:min(ends) if ends else len(chunk)]
