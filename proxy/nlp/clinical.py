"""PII-free clinical notes and opening hours the NER reads as a person's name (atk17 M1, M2), each read from the words
around the span, so that the same words where the sentence says person stay names:

- a medical eponym: one capitalised word, or two or three of them hyphenated (`Wolff-Parkinson-White pattern`), bare
  or possessive, or two bare words before a head no person's name is written bare before (`Austin Flint murmur`),
  right before a clinical head noun (`Parkinson's disease`, `Babinski sign`, `Bell's palsy`, `Graves' disease`,
  `Guillain-Barre syndrome`, `Phalen's test`, `Baker's cyst`, `Cheyne-Stokes breathing`, `Epley manoeuvre`, `Tanner
  stage 3`); after a possessive, a head a person's possessive takes too (`test`, `score`, `stage`, `scale`,
  `point`...) only with a finding's word after it or a symptom's word before (`Phalen's test positive`, `Pain at
  McBurney's point`; `Johnson's score was the highest`, `Johnson's point was fair` stay names). A word that the US
  census lists as a first name (`Anna's test`, `Tom's score`) stays a name, and so does a word with a person's cue
  beside it: a title or a verb of speech (`Dr. Parkinson said`, `Ask Bell`), or a first name before it (`Rachel
  Baker's test`). `Mr. Baker's cyst` is read as a patient named: the title wins, the name is redacted;
- a weekday abbreviation (`Sun`, `Sat`, German `So`, `Sa`...) with another weekday, a time, a range of hours or a
  word of opening hours in the text, or after `on`/`every`/`until` (`Sat 10-16, Sun closed`, `Closed Sun and public
  holidays`, `Deliveries on Sun cost extra`, `So 9-12 Uhr`); `Sun Yang won gold` stays a name; and capitalised
  words no name list holds on such a schedule's line (`Apotheke Notdienst: So 9-12 Uhr`, `Mo Ruhetag`).
"""

from __future__ import annotations

import re

from proxy.nlp.everyday16 import _WORD, _before, _cued
from proxy.nlp.names import NameLists

# Clinical head nouns after an eponym (lower case, as written after it).
CLINICAL_HEADS = frozenset("""
disease diseases syndrome syndromes sign signs palsy test tests manoeuvre manoeuvres maneuver maneuvers cyst cysts
stage reflex reflexes phenomenon fracture fractures tumour tumours tumor tumors ulcer ulcers node nodes triad criteria
classification score scale breathing murmur encephalopathy sarcoma lymphoma contracture thyroiditis oesophagus
esophagus anomaly aneurysm hernia neuroma neuralgia ataxia dystrophy anaemia anemia disorder deformity diverticulum
nodules nodule angle duct canal gland glands pouch incision catheter lesion lesions spots dementia chorea paralysis
keratosis sclerosis arteritis ileitis colitis retinopathy neuropathy myopathy gait point points pattern patterns
aphasia wave waves sounds tear tears space
""".split())
# A head that is read as a clinical one only when no word of results follows it (`Baker test results`).
_NOT_AFTER_HEAD = frozenset("results result scores date dates paper papers prep".split())
# Heads a person's possessive is also written before (`Johnson's score was the highest`): after a possessive, read as
# clinical only with a finding's word within three words after the head (`Phalen's test positive`).
_PERSONAL_HEADS = frozenset("""
test tests score scores scale stage criteria classification breathing gait node nodes angle point points pattern
patterns space
""".split())
_FINDINGS = frozenset("""
positive negative bilaterally bilateral equivocal elicited elicitable absent present performed noted demonstrated
dull tympanic tender resonant
""".split())
# A symptom's or an examination's word before the eponym: "Pain at McBurney's point", "tenderness over ...".
_SYMPTOMS = frozenset("""
pain painful tenderness tender rebound guarding palpation percussion auscultation swelling maximal maximum
""".split())
_EPONYM = re.compile(r"[A-Z][^\W\d_]+(?:[-‐–][A-Z][^\W\d_]+){0,2}")
# Two eponyms' words, a first name and a surname, bare before a head no person's name takes (`Austin Flint murmur`,
# `Graham Steell murmur`).
_TWO_WORDS = re.compile(r"([A-Z][^\W\d_]+) ([A-Z][^\W\d_]+)")
_POSSESSIVE = re.compile(r"(?:['’]s|s?['’])?")


def _eponym(text: str, start: int, end: int, names: NameLists) -> bool:
    span = text[start:end]
    two = _TWO_WORDS.fullmatch(span)
    if two is not None:
        return _two_word_eponym(text, start, end, names)
    m = _EPONYM.match(span)
    if m is None:
        return False
    rest = span[m.end():]
    if not re.fullmatch(r"(?:['’]s|['’])?", rest):
        return False
    tail = _POSSESSIVE.match(text, end)
    pos = tail.end() if tail and not rest else end
    head = re.match(r"\s+([a-z]+)\b", text[pos:pos + 40])
    if head is None or head.group(1) not in CLINICAL_HEADS:
        return False
    nxt = _WORD.findall(text[pos + head.end():pos + head.end() + 40])[:1]
    if nxt and nxt[0].lower() in _NOT_AFTER_HEAD:
        return False
    possessive = bool(rest) or pos != end
    if possessive and head.group(1) in _PERSONAL_HEADS:
        after = [w.lower() for w in _WORD.findall(text[pos + head.end():pos + head.end() + 60])[:3]]
        before = [w.lower() for w in _before(text, start, 4)]
        if not any(w in _FINDINGS for w in after) and not any(w in _SYMPTOMS for w in before):
            return False  # "Johnson's score was the highest"
    parts = re.split(r"[-‐–]", m.group(0))
    if len(parts) == 1 and names.is_census_first(parts[0]):
        return False  # "Anna's test"
    if _cued(text, start, end):
        return False
    before = _before(text, start, 1)
    return not (before and before[-1][:1].isupper() and names.is_census_first(before[-1]))  # "Rachel Baker's cyst"


def _two_word_eponym(text: str, start: int, end: int, names: NameLists) -> bool:
    """`Austin Flint murmur`: two capitalised words, bare, before a clinical head that a person's name is not written
    bare before (not `test`, `score`, ...), no person's cue around them (`Dr. Austin Flint`, `Austin Flint said`)."""
    head = re.match(r" ([a-z]+)\b", text[end:end + 40])
    if head is None or head.group(1) not in CLINICAL_HEADS or head.group(1) in _PERSONAL_HEADS:
        return False
    nxt = _WORD.findall(text[end + head.end():end + head.end() + 40])[:1]
    if nxt and nxt[0].lower() in _NOT_AFTER_HEAD:
        return False
    if _cued(text, start, end) or re.search(r"['’]s?\s*\Z", text[max(0, start - 3):start]):
        return False
    before = _before(text, start, 1)
    return not (before and before[-1][:1].isupper() and names.is_name(before[-1]))


# --------------------------------------------------------------------------- weekdays

_EN_DAYS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())
_DE_DAYS = frozenset("mo di mi do fr sa so".split())
_FULL_DAYS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays
sundays montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend weekend weekends weekday weekdays
""".split())
_HOURS_WORDS = frozenset("""
open opens opening closed closes closing close hours hour holidays holiday mornings morning evenings evening
afternoons afternoon lunch dinner brunch breakfast entry deliveries delivery served service shift shifts timetable
schedule daily noon midnight am pm uhr geöffnet geschlossen öffnungszeiten feiertag feiertage feiertags notdienst
""".split())
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:[-–—]|to\b|bis\b|am\b|pm\b|uhr\b|h\b)|\b\d{1,2}:\d{2}\b", re.I)
_DAY_PREPS = frozenset("on every each until till through thru".split())
_JOINS = frozenset("and or & und oder".split())


def _weekday(text: str, start: int, end: int) -> bool:
    words = _WORD.findall(text[start:end])
    days = [w for w in words if w.lower() not in _JOINS]
    if not days or not all(_is_day(w) for w in days) or _cued(text, start, end):
        return False
    if re.match(r"['’]s\b", text[end:end + 3]):
        return False  # "Sun's"
    german = all(w.lower() in _DE_DAYS for w in days)
    around = text[max(0, start - 80):start] + " " + text[end:end + 80]
    others = [w.lower() for w in _WORD.findall(around)]
    if any(w in _HOURS_WORDS or w in _FULL_DAYS for w in others) or _TIME.search(around):
        return True
    other_days = _DE_DAYS if german else _EN_DAYS
    if any(w[:1].isupper() and w.lower() in other_days for w in _WORD.findall(around)):
        return True
    before = _before(text, start, 1)
    return not german and bool(before) and before[-1].lower() in _DAY_PREPS


def _hours_label(text: str, start: int, end: int, names: NameLists) -> bool:
    """Words of a schedule's line: weekday abbreviations, words of hours and capitalised words no name list holds,
    on a line with a weekday abbreviation and a time after the span's start (`Apotheke Notdienst: So 9-12 Uhr`,
    `Tierarzt Notdienst So 9-11 Uhr`, `Frühstück Sa und So 8-11 Uhr`, `Mo Ruhetag`); `Anja Krüger: So 9-11 Uhr` and
    `Sun Li opens Sun 10-16` stay names."""
    words = [w for w in _WORD.findall(text[start:end]) if w.lower() not in _JOINS]
    if not words or _cued(text, start, end) or any(
            not _is_day(w) and w.lower() not in _HOURS_WORDS and (names.is_name(w) or names.is_any_first(w))
            for w in words):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[start:line_end if line_end >= 0 else len(text)]
    whole = text[line_start:line_end if line_end >= 0 else len(text)]
    return bool(_TIME.search(whole)) and any(_is_day(w) for w in _WORD.findall(line))


def _is_day(word: str) -> bool:
    return word[:1].isupper() and (word.lower() in _EN_DAYS or word.lower() in _DE_DAYS) \
        and (word.isupper() or word[1:].islower())


def clinical_span(text: str, start: int, end: int, *, names: NameLists) -> bool:
    """Whether the PERSON span `text[start:end]` is a medical eponym or a weekday of a schedule (above)."""
    return _eponym(text, start, end, names) or _weekday(text, start, end) or _hours_label(text, start, end, names)
