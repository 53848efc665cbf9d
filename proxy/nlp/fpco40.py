"""Companies, eponyms, places and ordinary words the name rules read as a person (fpco40, atk40 FP01-FP05).

- a firm or a brand named after people (`companies.PEOPLE_FIRMS`: `Baker McKenzie`, `Clifford Chance`, `Allen &
  Overy`, `Booz Allen Hamilton`, `McKinsey`, `Bosch`, `John Deere`, `Tim Hortons`), written whole, no person's cue
  before it (`Ask`, `Dr.`) nor a person's verb after it (`Ted Baker said`); one that is a given name and a surname
  (`Paul Smith`, `Ted Baker`) only in a sentence of business (`store`, `administration`, `collection`...);
- an eponym: one capitalised word and `'s` before a scientific head (`Kepler's third law`, `Avogadro's number`,
  `Pavlov's conditioning`, `Darwin's theory`, `Conway's Game of Life`), one before a clinical head without `'s`
  (`Whipple procedure`); the famous people themselves (`Marie Curie`, `Abraham Lincoln`) stay names by policy;
- a place or an event named after people: capitalised words before or ending in a place's head after `the`
  (`the Brooklyn Bridge`, `the Drake Passage`, `the Boston Tea Party`), before a head no surname is (`Ho Chi Minh
  City`, `Vasco da Gama Bridge`), `X Park in <city>`, and the Scottish mountains (`Ben Nevis`);
- a given name that is an ordinary word in its fixed phrase (`Joy of Cooking`, `Holly and ivy`, `Crystal clear`,
  `Victor Mono`, `pearl millet`).

Pure functions, CPU only; each rule reads a few words around a found PERSON span only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp.addressed import _ACADEMIC, _STRONG
from proxy.nlp.companies import BUSINESS_WORDS, NAMED_BRANDS, PEOPLE_FIRMS
from proxy.nlp.fp36 import _COMPARED, _CUE, _PERSON_NEXT, _sentence
from proxy.nlp.places import city_names

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_FIRM_WORDS = BUSINESS_WORDS | frozenset("""
administration insolvency collection collections fashion clothing label menswear womenswear boutique boutiques
expanding expansion opened coffee donuts chain chains firm firms law consulting consultancy consultants advised
advises client clients contract contracts tractors tractor equipment appliances appliance tools products company
companies partners merger mergers audit practice offices office kettle kettles toaster toasters blender blenders
cheesecake cheesecakes cake cakes cookies chocolate chocolates cereal snacks sauce shirts suits suit shoes sneakers
watches jackets knitwear drills cookware vacuum vacuums irons iron fryer fryers microwave microwaves mixer mixers
popular cheaper pricier reliable brand brands
loyalty rewards programme programmes program programs travellers travelers hotel hotels resort resorts card cards
crude oil barrel barrels futures benchmark spread spreads opec refinery supplier suppliers aerospace defence defense
jewellery jewelry margin margins menus franchisee franchisees bankrupt bankruptcy sell sold selling spin split
marketing campaign campaigns underwear whisky whiskey scotch labels segment segments portfolio supercar supercars
car cars lineup dealership dealerships buy competitor competitors denim
""".split())
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)[ \t]+(?:(?:first|second|third|fourth|fifth|zeroth|two|three|four|five"
                         r"|1st|2nd|3rd|4th|5th|famous|classic|original|general|special|little|last|great"
                         r"|inverse|cellular)[ \t]+)?(law|laws|theorem|theorems|number|numbers|constant|principle"
                         r"|theory|razor|paradox|conjecture|equation|equations|algorithm|lemma|hypothesis|conditioning"
                         r"|experiment|experiments|triangle|identity|inequality|formula|sequence|problem|cat|demon"
                         r"|game|Game|dilemma|wager|pyramid|hierarchy|rules|postulate|postulates|ratio|distribution"
                         r"|transform|series|method|effect|disease|syndrome|palsy|sign|procedure|tremor|tremors|Origin"
                         r"|capsule|duct|gland|canal|ligament|tubules?|attractor"  # (fp42: `Bowman's capsule`)
                         r"|(?:Five[ \t]+)?Forces)\b")
# Heads after `'s` no person's possession takes: read after a listed first name too (`Kepler's third law`).
_STRONG_HEADS = frozenset("""law laws theorem theorems constant principle razor paradox conjecture equation equations
lemma hypothesis conditioning postulate postulates inequality Game Forces capsule ligament tubule tubules
attractor""".split()) | {"Five Forces"}
_CLINICAL = re.compile(r"[ \t]+(?:procedure|operation|syndrome|disease|maneuver|manoeuvre|test|sign|reflex"
                       r"|classification|score|criteria|incision|fracture|triad)\b")
# epo41 (fpatk41 FP04): a term noun after a (hyphenated) surname, maybe closed in brackets (`the TCA (Krebs) cycle`),
# maybe through one or two capitalised words of the term (`the Gordon Growth Model`, `Porter's Five Forces`).
_TERM = re.compile(r"\)?(?:[ \t]+(?:Growth|Pricing|Asset|Five|Diamond|Generic|Value|Chain|Mean|Forces?)){0,2}[ \t]+"
                   r"(?i:cycle|mechanism|cells?|respiration|breathing|model|warning|doctrine|curve|criterion|reflex"
                   r"|phenomenon|effect|equation|constant|coefficient|paradox|principle|theorem|forces|matrix"
                   r"|optimi[sz]ation|mean-variance|portfolio|frontier|rights|hypothesis|loop|murmur|node|nodes"
                   r"|bodies|body|fibers|fibres|tubules?|duct|ducts|canal|capsule|gland|glands|ligament"
                   r"|attractor|bands|channels|oscillator|filter|filtering|retracements?|tubes?)\b")  # (fp42)
# the heads a listed first name takes only after `the` or `(` (`the Calvin cycle`, `the Miranda warning`).
_TERM_FIRST = frozenset("""cycle mechanism model warning doctrine curve criterion reflex effect equation principle
theorem forces matrix rights hypothesis capsule duct gland canal ligament tubule tubules attractor bands filter
filtering""".split())  # (fp42: `the Bowman capsule`, `the Lorenz attractor`)
_PLACE_AFTER = re.compile(r"[ \t]+(Bridge|Passage|Park|Strait|Straits|Channel|Sound|Gulf|Sea|Glacier|Desert|Canal"
                          r"|Tunnel|Tower|Square|Street|Avenue|Island|Islands|Falls|Dam|Party|Massacre|Building"
                          r"|Memorial|Monument|Airport|Station|Cathedral|Stadium|City)\b")
_SURNAME_PLACES = frozenset({"park", "street", "bridge", "tower", "square", "sound", "city"})
_HEAD_LAST = re.compile(r"[ \t](?:Bridge|Passage|Strait|Channel|Glacier|Canal|Tunnel|Airport|Stadium|City|Memorial"
                        r"|Monument|Cathedral)\Z")
_HHMM = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
_TIME_PAIR = re.compile(r"(?<![\d+-])(?:[01]\d|2[0-3])[0-5]\d[ \t]+(?:[01]\d|2[0-3])[0-5]\d(?![\d-])")
_SCHEDULE = re.compile(r"(?i)\b(?:itinerary|itineraries|bookings?|booked|room|rooms|schedule|schedules|timetable"
                       r"|depart|departs|departure|arrive|arrives|arrival|flights?|shifts?|slots?|sessions?)\b")
_PHONE_CUE = re.compile(r"(?i)\b(?:call|calls|called|phone|tel|telephone|mobile|cell|ring|text|whatsapp|fax|dial"
                        r"|number|no|contact|reach)\b")
_UNITS = frozenset("mm cm km kg mg ml mL nm um µm ms ns us Hz kHz MHz GHz kW kWh MW mAh dB lb lbs oz ft yd mi"
                   .split())
# A plural verb after a firm written as one person's name (`Russell Hobbs are`, `Ted Baker make`): the brand (fp41).
_PLURAL_AFTER = re.compile(r"[ \t]+(?:are|were|make|sell|have|offer)\b")
_THE = re.compile(r"(?i)\bthe[ \t]+\Z")
_MOUNTAINS = frozenset({"nevis", "lomond", "macdui", "lawers", "vorlich", "hope", "cruachan", "ledi", "wyvis",
                        "alder", "more", "nevis's"})
_WORD_PHRASES = re.compile(r"(?i)\b(?:joy[ \t]+of[ \t]+cooking|holly[ \t]+and[ \t]+ivy|crystal[ \t]+clear"
                           r"|victor[ \t]+mono|pearl[ \t]+millet|pearl[ \t]+barley|pearl[ \t]+jam|ruby[ \t]+on"
                           r"[ \t]+rails|amber[ \t]+alert|iris[ \t]+scanner|iris[ \t]+recognition|rose[ \t]+gold"
                           r"|ivy[ \t]+league|jasmine[ \t]+rice|sage[ \t]+green|olive[ \t]+oil|hazel[ \t]+eyes"
                           r"|dawn[ \t]+dish[ \t]+soap|faith[ \t]+and[ \t]+hope|joy[ \t]+division)\b")


@functools.cache
def _firms() -> re.Pattern[str]:
    alts = sorted((re.escape(f).replace(r"\ ", r"[ \t]+") for f in (*PEOPLE_FIRMS, *NAMED_BRANDS)), key=len,
                  reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def without_co40(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as no person (see above)."""
    if not any(r[0] in ("PERSON", "PHONE_NUMBER") for r in found):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PHONE_NUMBER" and _times(chunk, r[1], r[2]) or r[0] == "PERSON" and _unit(chunk, r[1], r[2]):
            continue
        cue = _CUE.search(chunk, max(0, r[1] - 12), r[1]) if r[0] == "PERSON" else None
        if r[0] == "PERSON" and cue is None and not _person_next(chunk, r[2]) \
                and (_firm(chunk, r[1], r[2], names) or _eponym(chunk, r[1], r[2], names)
                     or _place(chunk, r[1], r[2]) or _word_phrase(chunk, r[1], r[2])):
            continue
        if cue is not None and cue.group().strip().lower() == "with" and not _person_next(chunk, r[2]) \
                and _firm(chunk, r[1], r[2], names, _COMPARED.search(chunk, max(0, r[1] - 30), r[1]) is None):
            continue  # (brand41: `compared with Ferrari on price`, `recovery with Safran's`; `with Paul Smith` stays)
        out.append(r)
    return out


def _times(chunk: str, start: int, end: int) -> bool:
    """`JFKLHR 1830 0630 13MAR`, `Room bookings: 101 0900 1000, 102 1000 1130`: a phone-shaped run whose four-digit
    groups are two or more clock times (`HHMM`), in a text with another pair of clock times beside it or a word of
    schedules."""
    value = chunk[start:end]
    if "+" in value or "(" in value:
        return False
    fours = re.findall(r"(?<!\d)\d{4}(?!\d)", value)
    if len(fours) < 2 or not all(_HHMM.fullmatch(f) for f in fours):
        return False
    first = re.match(r"\d+", value)
    if first is not None and first.group().startswith("0") and len(first.group()) != 4 \
            or _PHONE_CUE.search(chunk, max(0, start - 40), start) is not None:
        return False  # (`020 1234 1130`: a trunk prefix; `call 101 0900 1000`)
    around = chunk[max(0, start - 200):start] + " " + chunk[end:end + 200]
    return _TIME_PAIR.search(around) is not None or _SCHEDULE.search(around) is not None


def _unit(chunk: str, start: int, end: int) -> bool:
    """`1830 2440 3050 mm`: a unit's abbreviation after a number."""
    return chunk[start:end] in _UNITS and re.search(r"\d[ \t]*\Z", chunk[max(0, start - 3):start]) is not None


def _person_next(chunk: str, end: int) -> bool:
    m = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 20])
    return m is not None and m.group(1) in _PERSON_NEXT


# A form of address before a surname: the English ones (and the German `Fr.`), then the other languages' forms and
# academic titles the addressed-name reader holds (`Frau Dr. med.`, `mevrouw`, `Sra.`).
_HONORIFIC = (rf"(?:(?<![\w.-])(?:(?i:mr|mrs|ms|miss|mx|dr|prof|fr)\.?|{_STRONG})[ \t]+{_ACADEMIC})")


def _firm(chunk: str, start: int, end: int, names: NameLists, strict: bool = False) -> bool:
    """`start:end` inside a listed firm named after people; one written with names only (`Paul Smith`, `Baker
    McKenzie`, `Bosch`, no `&`) only in a sentence of business (`opened a new store`, `advised on`), never when
    `strict` (after `with`)."""
    end -= 2 if chunk[start:end].endswith(("'s", "’s")) else 0  # (`Calvin Klein's`)
    for m in _firms().finditer(chunk, max(0, start - 40), min(len(chunk), end + 40)):
        if m.start() <= start and end <= m.end():
            words = [w for w in re.findall(r"[^\W\d_]+", m.group()) if len(w) > 1]  # (`Wendy's`: `Wendy`)
            if len(words) == 1 and re.search(_HONORIFIC + re.escape(words[0]) + r"(?![^\W\d_])", chunk):
                return False  # (a surname the text gives a form of address: `Frau Honda rief an. ... Hondas Bericht`)
            if "&" in m.group() or not all(names.is_name(w) for w in words):
                return True
            if strict:
                return False
            sentence = set(re.findall(r"[a-z]+", _sentence(chunk, start).lower()))
            return bool(sentence & _FIRM_WORDS) or _PLURAL_AFTER.match(chunk, m.end()) is not None
    return False


def _eponym(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Kepler's third law`, `Darwin's theory` (the `'s` maybe inside the span), `Whipple procedure`, `Frank-Starling
    mechanism`, `the TCA (Krebs) cycle`, `the Miranda warning`."""
    word = chunk[start:end]
    if word.endswith(("'s", "’s")):
        word, end = word[:-2], end - 2
    if " " in word.strip() or not word[:1].isupper() \
            or any(chunk.count(w) - chunk.count(w + " v.") > 1 for w in word.split("-")):  # (`Miranda v. Arizona`)
        return False  # (`Greta Lindqvist called. The Lindqvist-Whitaker test`: her name, found again)
    m = _POSSESSIVE.match(chunk, end, min(len(chunk), end + 40))
    if m is not None:
        if m.group(1) in ("law", "laws") and re.match(r"[ \t]+(?:firm|firms|school|office|degree|student)\b",
                                                     chunk[m.end():m.end() + 12]):
            return False  # (`Moore's law firm`)
        return re.sub(r"\s+", " ", m.group(1)) in _STRONG_HEADS or not names.is_first(word) \
            or m.group(1) == "theory" and chunk.startswith(" of ", m.end())  # (`Sarah's number` stays)
    if _CLINICAL.match(chunk, end, min(len(chunk), end + 30)) is not None and not names.is_first(word):
        return True
    m = _TERM.match(chunk, end, min(len(chunk), end + 40))
    if m is None:
        return False
    if "-" in word or not names.is_first(word):
        return True  # (`Frank-Starling mechanism`, `Reed-Sternberg cells`, `Markowitz mean-variance`)
    return re.search(r"(?:\bthe[ \t]+|\()\Z", chunk[max(0, start - 5):start], re.I) is not None \
        and m.group().split()[-1].lower() in _TERM_FIRST  # (`the Calvin cycle`, `the Miranda warning`)


def _place(chunk: str, start: int, end: int) -> bool:
    """`the Brooklyn Bridge`, `Ho Chi Minh City`, `Lincoln Park in Chicago`, `Ben Nevis`."""
    span = chunk[start:end]
    words = span.split()
    if len(words) == 2 and words[0] == "Ben" and words[1].lower() in _MOUNTAINS:
        return True
    if _HEAD_LAST.search(span) is not None:
        return True
    m = _PLACE_AFTER.match(chunk, end, min(len(chunk), end + 20))
    if m is None:
        return False
    if _THE.search(chunk, max(0, start - 6), start) is not None:
        return True
    if m.group(1).lower() not in _SURNAME_PLACES:
        return True
    after = re.match(r"[ \t]+(?:in|near)[ \t]+([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)", chunk[m.end():m.end() + 40])
    return after is not None and after.group(1).lower() in city_names()


def _word_phrase(chunk: str, start: int, end: int) -> bool:
    """`Joy of Cooking`, `Holly and ivy`, `pearl millet`: the span inside a fixed phrase of ordinary words."""
    return any(m.start() <= start and end <= m.end()
               for m in _WORD_PHRASES.finditer(chunk, max(0, start - 20), min(len(chunk), end + 30)))
