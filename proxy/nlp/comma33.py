"""Directory-style names in prose and records, device names, an imperative after a name's line (comma33, atk31 F7, F21).

- **`Surname, Given` in mixed case** (`comma_people`): a directory, a ticket system or a census prints a person
  surname first (`Ticket escalated by Nakamura, Kenji (E0042)`, `Employee: Volkov, Dmitri`, `Rm 412  Watanuki, Kenji
  MRN 123456`, CAD `RP: Watanuki, Kenji`). The model read the surname or nothing, and the given name after the comma
  went up; after a label (`Pt: Okafor, Margaret  DOB 07/12/1980`) it read `Margaret  DOB` as one name. The pair is
  one name where:
  - the given name (and a middle part: an initial or another listed given name) is a listed given name (or, where
    the model found the surname, a word that is no everyday word, no place: `Okafor, Oksana`), and the surname a
    capitalised word that is no place, no month and no everyday word unless a surname list holds it;
  - the pair stands in a person's context: after `by`, `was`/`is`, `reports to`/`assigned to`..., after a person's
    label (`Employee:`, `Pt:`, `RP:`, `Caller:`, `Assignee:`...) at a line's start or after a layout's gap, after a
    room or bed number (`Rm 412`, `Bed 3B`), or before an id in parentheses (`(E0042)`);
  - no capitalised word that is no name follows the given name (`Washington, George Town`, `Payments, North America`,
    `Billing, Grace Period`), nor a firm's ending (`Smith, Barney & Co.`: a PERSON span inside it is left out), nor
    a list's next item.
  Both parts become PERSON (the surname, the given name with its middle part); a PERSON span of the model over them
  that reaches past the pair (`Margaret  DOB`) is replaced. `comma_open`: a streamed window does not end right after
  `Surname,` (the given name may follow) nor after a person's cue before a capitalised word and a comma.
- **A device named after its owner** (`device_names`): `"deviceName":"Kenji Watanuki's iPhone"`, `Kenji's MacBook
  Pro`, Android's `"device_name": "Kenji Watanuki's Pixel 8"`, `iPad de Kenji`: a listed given name (and a surname)
  before `'s` and a device's name, or after a device's name and `de`/`di`/`von`/`van`, is PERSON.
- **An imperative opening the line after a name** (`opening_verbs`): `Attending: Dr. Okafor` then `Summarize the
  census.` on the next line: the model read `Okafor\\nSummarize` as one name, cut at the line break into two. A
  single word opening a line that is an English verb no name list holds, before a determiner or a pronoun, is no
  name.

Pure functions, CPU only; each scan is gated by a cheap substring test and is linear in the text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["comma33", "comma_open", "comma_people", "device_names", "opening_verbs"]

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------ `Surname, Given`
_SURNAME = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][A-Za-z'’]*[a-z][a-z'’]*(?:-[A-Z][a-z'’]+)?|[A-Z]{2}[A-Z'’-]*[A-Z]"
_GIVEN_WORD = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
_PAIR = re.compile(r"(?<![\w'’.-])(" + _SURNAME + r"),[ \t]?(" + _GIVEN_WORD + r")"
                   r"((?: (?:[A-Z]\.?(?![\w'’-])|" + _GIVEN_WORD + r"(?![\w'’-]))){0,2})(?![\w'’-])")
_PROSE_CUE = re.compile(r"(?i)(?<![\w-])(?:by|was|is|(?:reports?|reporting|assigned|escalated|reassigned|forwarded"
                        r"|routed|handed[ \t]over|sent|transferred)[ \t]to)[ \t]+$")
_LABELS = (r"(?:employee|emp|pt|patient|rp|cp|caller|reporting[ \t]party|complainant|victim|witness|suspect"
           r"|assignee|assigned[ \t]to|owner|reporter|requester|requestor|contact|resident|member|customer|client"
           r"|attending|name|full[ \t]name|guest|tenant|student|agent|manager|supervisor|approver|approved[ \t]by"
           r"|author|signed|driver|passenger|insured|subscriber|applicant|technician|engineer|on[ -]call)")
_LABEL_CUE = re.compile(r"(?i)(?:^|\n|\t|[ \t]{2}|[|;])[ \t]*" + _LABELS + r"[ \t]*[:#-][ \t]*$")
_ROOM_CUE = re.compile(r"(?i)(?<![\w-])(?:rm|room|bed|bd)\.?[ \t]?#?[ \t]?[0-9][0-9A-Za-z-]{0,5}[ \t]+$")
_ID_AFTER = re.compile(r"[ \t]*\((?=[^)\n]{0,20}\d)[A-Za-z0-9#:._/-]{2,20}\)")
# What may not follow the given name: a capitalised word in lower case after one blank (`George Town`), a firm's ending,
# a list's next item (`, Refunds,` / `, Refunds and`).
_NEXT_WORD = re.compile(r" [A-Z][a-z]")  # (a gap of two blanks is a column's: `Kenji   MRN`)
_FIRM = re.compile(r"[ \t]*(?:&|\+|and[ \t]+Co\b|Co\.|Inc\b|LLC\b|LLP\b|Ltd\b|GmbH\b|plc\b|AG\b|SA\b)")
_LIST_NEXT = re.compile(r",[ \t]*[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?[ \t]*(?:,|and\b|or\b|&)")
_SEQUENCE = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall winter
north south east west northern southern eastern western central
""".split())


def _lexical(word: str, lex: Lexicon) -> bool:
    """Whether `word` is an everyday English word (its plural's singular too)."""
    low = word.lower()
    forms = {low, low[:-1] if low.endswith("s") else low, low[:-2] if low.endswith("es") else low}
    return any(f in lex.nouns or f in lex.adjectives or f in lex.verbs or f in lex.stops for f in forms)


def _surname_ok(word: str, names: NameLists, lex: Lexicon) -> bool:
    from proxy.nlp.cued import _raw_surname
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    low = word.lower()
    if low in _SEQUENCE or low in city_names() or low in place_names():
        return False
    return _raw_surname(word) or low in names.last or not _lexical(word, lex)


def _given_ok(word: str, names: NameLists) -> bool:
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    low = word.lower()
    if low in _SEQUENCE or low in city_names() or low in place_names():
        return False
    return names.is_any_first(word) or "-" in word and names.is_any_first(word.split("-")[0])


def _in_context(chunk: str, start: int, end: int) -> bool:
    """Whether the pair [start, end) stands in a person's context (the module's docstring)."""
    before = chunk[max(0, start - 40):start]
    if start <= 40 and not chunk[:start].strip():
        before = "\n" + before  # the text's start is a line's start
    return (_PROSE_CUE.search(before) is not None or _LABEL_CUE.search(before) is not None
            or _ROOM_CUE.search(before) is not None or _ID_AFTER.match(chunk, end) is not None)


_COMMA_HIT = re.compile(r",[ \t]?[A-Z][a-z]")  # a literal first: a fast scan for where a pair may stand


def _pairs(chunk: str) -> list[re.Match[str]]:
    """`_PAIR`'s matches in `chunk` as `finditer` gives them (none overlapping), read only back from each comma a
    capitalised word follows."""
    out: list[re.Match[str]] = []
    for hit in _COMMA_HIT.finditer(chunk):
        c = start = hit.start()
        while start > 0 and c - start < 40 and (chunk[start - 1].isalpha() or chunk[start - 1] in "'’-"):
            start -= 1
        if c - start >= 2 and (not out or start >= out[-1].end()) and (m := _PAIR.match(chunk, start)) is not None \
                and m.end(1) == c:
            out.append(m)
    return out


def comma_people(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with each `Surname, Given` in a person's context as PERSON (the module's docstring)."""
    if ", " not in chunk and "," not in chunk:
        return found
    added: list[Result] = []
    firms: list[tuple[int, int]] = []
    for m in _pairs(chunk):
        surname, given = m.group(1), m.group(2)
        if _FIRM.match(chunk, m.end()) is not None:
            firms.append((m.start(1), m.end()))  # `Smith, Barney & Co.`: a firm, no person
            continue
        if surname.lower() == given.lower() or not _surname_ok(surname, names, lex) \
                or not (_given_ok(given, names) or _found(found, m.start(1), m.end(1)) and _unlisted(given, lex)):
            continue
        end = m.end(2)
        ok = True
        for part in m.group(3).split():
            if len(part.rstrip(".")) == 1 or _given_ok(part, names):
                end = chunk.index(part, end) + len(part)
            else:
                ok = False
                break
        if not ok or _NEXT_WORD.match(chunk, end) is not None and not _ID_AFTER.match(chunk, end) \
                or _FIRM.match(chunk, end) is not None or _LIST_NEXT.match(chunk, end) is not None:
            continue
        if not _in_context(chunk, m.start(1), end) or _found(found, m.start(1), end):
            continue  # (one span over the whole `Surname, Given` already: names24's `Park, Ji-woo`, kept one name)
        added += [("PERSON", m.start(1), m.end(1), 0.85), ("PERSON", m.start(2), end, 0.85)]
    if firms:
        found = [r for r in found if r[0] != "PERSON" or not any(a <= r[1] and r[2] <= b for a, b in firms)]
    return _replaced(found, added)


def _found(found: list[Result], start: int, end: int) -> bool:
    """Whether a PERSON span of `found` covers [start, end)."""
    return any(r[0] == "PERSON" and r[1] <= start and end <= r[2] for r in found)


def _unlisted(word: str, lex: Lexicon) -> bool:
    """Whether `word`, no listed given name, may be one beside a surname the model found: no everyday word, no
    place, no month (`Okafor, Oksana`)."""
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    low = word.lower()
    return len(word) > 2 and not _lexical(word, lex) and low not in _SEQUENCE and low not in city_names() \
        and low not in place_names()


_OPEN_SURNAME = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z'’-]{1,39},[ \t]?\Z")
_OPEN_CUE = re.compile(_PROSE_CUE.pattern[:-1] + r"\Z")
_NEXT_SURNAME = re.compile(r"[A-Z][A-Za-z'’-]*(?:,|\Z)")


def comma_open(text: str, cut: int) -> bool:
    """Whether a streamed window may not end at `cut` of `text`: right after a capitalised word and a comma (a
    surname the given name may follow: `reports to Yoshida, ` then `Aiko`), or after a person's cue before a
    capitalised word that a comma follows or whose end is not known yet (`escalated by ` then `Nakamura, Kenji`)."""
    if cut <= 1 or cut > len(text) or text[cut - 1] not in ", \t":
        return False
    left, right = text[max(0, cut - 48):cut], text[cut:cut + 48]
    if "," in left[-2:] and _OPEN_SURNAME.search(left) is not None:
        return not right or right[0].isupper()
    return _OPEN_CUE.search(left) is not None and _NEXT_SURNAME.match(right) is not None


def _replaced(found: list[Result], added: list[Result]) -> list[Result]:
    """`found` with `added`, the PERSON spans of `found` that overlap one of `added` left out."""
    if not added:
        return found
    keep = [r for r in found if r[0] != "PERSON" or not any(r[1] < b and a < r[2] for _, a, b, _ in added)]
    return keep + added


# ------------------------------------------------------------------------------------------------- device names
_DEVICE = (r"(?:iPhone|iPad|iPod|iMac|MacBook(?:[ \t](?:Pro|Air))?|Mac(?:[ \t](?:mini|Pro|Studio))?|Apple[ \t]Watch"
           r"|AirPods|Pixel|Galaxy|Surface|ThinkPad|Chromebook|Kindle|Phone|Laptop|PC|Tablet|Watch)")
_DEVICE_HINT = ("iPhone", "iPad", "iPod", "iMac", "Mac", "Apple Watch", "AirPods", "Pixel", "Galaxy", "Surface",
                "ThinkPad", "Chromebook", "Kindle", "Phone", "Laptop", "PC", "Tablet", "Watch")
_OWNED = re.compile(r"(?<![\w'’-])(" + _GIVEN_WORD + r")(?:[ \t](" + _SURNAME + r"))?['’]s[ \t]" + _DEVICE
                    + r"(?![a-z])")
_OF = re.compile(_DEVICE + r"[ \t](?:de|di|da|von|van)[ \t](" + _GIVEN_WORD + r")(?:[ \t](" + _SURNAME
                 + r"))?(?![\w'’-])")


def device_names(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with the owner's name of a device (`Kenji Watanuki's iPhone`, `iPad de Kenji`) as PERSON."""
    if not any(d in chunk for d in _DEVICE_HINT):
        return found
    owned = list(_OWNED.finditer(chunk)) if "'s " in chunk or "’s " in chunk else []
    of = list(_OF.finditer(chunk)) if any(w in chunk for w in (" de ", " di ", " da ", " von ", " van ")) else []
    added: list[Result] = []
    for m in [*owned, *of]:
        given, surname = m.group(1), m.group(2)
        if not (_given_ok(given, names) or surname is not None and _found(found, m.start(2), m.end(2))
                and _unlisted(given, lex)) or _lexical(given, lex) and not names.is_census_first(given):
            continue
        end = m.end(1)
        if surname is not None and _surname_ok(surname, names, lex):
            end = m.end(2)
        added.append(("PERSON", m.start(1), end, 0.85))
    return _replaced(found, added)


# ------------------------------------------------------------------------------------ an imperative opening a line
_AFTER_VERB = re.compile(r"[ \t]+(?:the|a|an|this|these|those|that|my|our|your|all|each|every|it|them|me|us|what"
                         r"|how|why|both|any)\b")


def opening_verbs(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without a one-word PERSON span that opens a line after another line and is an English verb no name
    list holds, before a determiner or a pronoun (`Summarize the census.`)."""
    if "\n" not in chunk:
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON" and r[1] > 0:
            word = chunk[r[1]:r[2]]
            line = chunk.rfind("\n", 0, r[1])
            if line >= 0 and not chunk[line + 1:r[1]].strip() and word.isalpha() and word[0].isupper() \
                    and word.lower() in lex.verbs and not names.is_name(word) and not names.is_any_first(word) \
                    and _AFTER_VERB.match(chunk, r[2]) is not None:
                continue
        out.append(r)
    return out


def comma33(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` read by this module's three rules (the module's docstring)."""
    return opening_verbs(chunk, device_names(chunk, comma_people(chunk, found, names, lex), names, lex), names, lex)
