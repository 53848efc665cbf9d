"""The people in interchange formats: ANSI X12, UN/EDIFACT, SWIFT MT103, FHIR identifiers (issue 12, atk30 F3, F6,
F9, F13, F15; FP1, FP7).

Claims, enrolments, orders and payments are pasted whole (an app asks the model to explain a rejection), and the
model quotes them back (F13). Their values stand in elements named by a qualifier before them, never beside the
words a recognizer takes as context, so each is read here by its qualifier:

- ANSI X12 (837 claims, 834 enrolments, ...): segments `ID*e1*e2*...~` (the element separator is `ISA`'s fourth
  character, else `*`; a segment ends at `~`, at the terminator after ISA-16, or at a line's end: `proxy.nlp.
  left31.x12_syntax`).
  - `NM1` of a person (NM102 = `1`: subscriber `IL`, patient `QC`, a provider who is a person): its last, first and
    middle names (NM103-NM105) are a person's name; an organisation's (NM102 = `2`: `SPRINGFIELD GENERAL HOSPITAL`)
    is no person's. The id after a person's qualifier `34` (SSN) is an SSN, and so is a member id (`MI`) when it is
    one: 837/834 member ids are often the subscriber's SSN, so a member id is read after the SSN's context word and
    the SSN recognizer's own checks decide (an alphanumeric or invalid id stays). Same for `N1` with `34`.
  - `REF*SY*<v>` (SY: social security number): an SSN, read so.
  - `PER*IC*<name>*TE*<n>*EM*<mail>`: the contact's name (PER02: letters only, a listed name among its words, no
    department word: `BILLING DEPT` stays), its numbers after `TE`, `CP`, `FX`, `HP`, `WP`, `BN` read as phone
    numbers; an e-mail address found across elements (`OKONKWO*TE*6175550143*EM*M.O@ACME.COM`, `*` being a letter
    of an address's local part) is cut to its own element.
  - No phone number spans two elements (`ST*850*0001~`: `850*0001` is a transaction set and its control number),
    nor stands in an identification code (NM109, N104: an NPI after `XX`, a tax id after `FI`/`24`).
- UN/EDIFACT (default separators `+`, `:`, `'`): `COM+<n>:TE'` (TE telephone, FX telefax, AL cellular, AJ
  alternate telephone) a phone number; the party name of `NAD` (its fourth element, components by `:`,
  `NAD+BY+++Volkov:Dmitri'`) and a contact's name in `CTA` (`CTA+IC+:Dmitri Volkov'`): where one component is a
  person's name (found, or a listed given name beside another component: `NAD+BY+++Grace Foods'` is a company),
  every letter component is a part of it.
- SWIFT MT103 `:59:` (beneficiary, also `:59F:`) and `:50K:`/`:50F:` (ordering customer): the line after the
  account (`/GB29...`), or the `1/` line of option F, is a person's name when its words are letters, two to four,
  one a listed name and none a company's word (`LTD`, `GMBH`, `BANK`, ...): a company's name goes as sent. Option F's
  line `7/US/<number>` (a US party's national identity number) is an SSN, its `3/` line (country, town) no person
  (dev35, atk33 F16).
- FHIR: an identifier whose `system` is the US SSN's (`http://hl7.org/fhir/sid/us-ssn`, `urn:oid:2.16.840.1.113883.
  4.1`) or whose `type` codes it `SS` (v2 table 0203): its `value` (JSON, or `<value value="..."/>` in XML) is an SSN.

The SSNs and phone numbers are read after their type's context word (`proxy.guard.keyed.labelled_values`: a `Keyed`
reading, `ssn: 536904399`), so the recognizers' own checks decide; the names are PERSON findings (`with_edi31`, in
the workers). Gated by substrings (`*` with a segment id, `COM+`/`NAD+`/`CTA+`, `:59`/`:50`, `us-ssn`/`113883.4.1`/
`"SS"`); pure functions, CPU only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["edi_values", "with_edi31"]

Result = tuple[str, int, int, float]
Found = tuple[int, int, str]

# ------------------------------------------------------------------------------------------------------ X12

_X12_HINT = re.compile(r"[~\n\r][ \t]*[A-Z][A-Z0-9]{1,2}\*")
_X12_START = re.compile(r"[ \t]*[A-Z][A-Z0-9]{1,2}\*")
_ISA = re.compile(r"(?:^|(?<=[~\r\n]))[ \t]*ISA(.)", re.MULTILINE)
_SCORE = 0.85
_PHONE_QUALIFIERS = frozenset({"TE", "CP", "FX", "HP", "WP", "BN"})
# A name element: letters, with `'`, `-`, `.` or a space inside (`O'NEIL`, `MARY ANN`, `ST. JOHN`).
_PIECE = re.compile(r"[^\W\d_](?:[^\W\d_'’. -]|['’. -](?=[^\W\d_]))*\.?")
_WORDS = re.compile(r"[^\W\d_]+")
# Words of a contact that is no person: a department, a desk, a company.
_NOT_PERSON = frozenset({
    "dept", "department", "billing", "service", "services", "customer", "support", "office", "center", "centre",
    "desk", "team", "unit", "claims", "claim", "enrollment", "enrolment", "eligibility", "provider", "relations",
    "help", "helpdesk", "accounts", "account", "payable", "receivable", "admin", "administration", "edi", "it",
    "sales", "operations", "group", "inc", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "plc",
    "gmbh", "ag", "sa", "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "kg", "trust", "fund", "holdings",
    "bank", "hospital", "clinic", "medical", "health", "healthcare", "insurance", "university", "school",
    "foundation", "association", "partners", "associates", "pharmacy", "labs", "laboratory", "international",
    "industries", "systems", "solutions", "technologies", "logistics", "finance", "financial", "agency", "the",
    "and", "of", "for", "general", "national", "mutual", "society", "church", "council", "city", "county", "state",
    "ministry", "government", "payroll", "treasury", "hr", "human", "resources", "manager", "contact", "info",
})


def _x12_segments(text: str) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(segment id, [(start, end) of each element after the id]) of each X12 segment of `text`."""
    from proxy.nlp.left31 import x12_syntax  # ISA's separator and its segment terminator (left31)

    sep, term = x12_syntax(text)
    if sep not in text:
        return
    ends = "~\r\n" + term
    for m in re.finditer(r"(?:^|(?<=[" + re.escape(ends) + r"]))[ \t]*([A-Z][A-Z0-9]{1,2})" + re.escape(sep), text,
                         re.MULTILINE):
        end = len(text)
        for stop in ends:
            at = text.find(stop, m.end())
            if 0 <= at < end:
                end = at
        elements: list[tuple[int, int]] = []
        pos = m.end()
        while True:
            at = text.find(sep, pos, end)
            if at < 0:
                elements.append((pos, end))
                break
            elements.append((pos, at))
            pos = at + 1
        yield m.group(1), elements


def _x12(text: str) -> bool:
    """Whether a segment's id and its `*` open the text or a line, or follow a `~`, somewhere in `text`."""
    return _X12_START.match(text) is not None or _X12_HINT.search(text) is not None


def _element(text: str, elements: list[tuple[int, int]], n: int) -> str:
    """Element `n` (1-based, as X12 numbers them: NM101 is 1) of a segment, "" when it has none."""
    return text[elements[n - 1][0]:elements[n - 1][1]].strip() if len(elements) >= n else ""


def _x12_values(text: str) -> list[Found]:
    out: list[Found] = []
    for seg, el in _x12_segments(text):
        if seg == "REF" and _element(text, el, 1) == "SY" and len(el) >= 2:
            out.append((*el[1], "US_SSN"))
        elif seg == "NM1" and _element(text, el, 2) == "1" and _element(text, el, 8) in ("34", "MI") and len(el) >= 9:
            out.append((*el[8], "US_SSN"))
        elif seg == "N1" and _element(text, el, 3) == "34" and len(el) >= 4:
            out.append((*el[3], "US_SSN"))
        elif seg == "PER":
            for q in (3, 5, 7):
                if _element(text, el, q) in _PHONE_QUALIFIERS and len(el) > q:
                    out.append((*el[q], "PHONE_NUMBER"))
    return [(a, b, kind) for a, b, kind in out if b > a and any(c.isdigit() for c in text[a:b])]


def _person_words(value: str, names: NameLists) -> bool:
    """Whether `value` reads as a person's name: letter words, one to four, one a listed name, none a company's or a
    department's word."""
    words = _WORDS.findall(value)
    return 1 <= len(words) <= 4 and len(words) == len(value.replace(".", " ").replace("-", " ").replace("'", " ")
                                                      .split()) \
        and not any(w.lower() in _NOT_PERSON for w in words) and any(names.is_name(w) for w in words)


def _x12_found(text: str, found: list[Result], names: NameLists, people: bool) -> list[Result]:
    from proxy.nlp.left31 import x12_syntax

    sep = x12_syntax(text)[0]
    drop: set[Result] = set()
    cut: dict[Result, Result] = {}
    added: list[Result] = []
    for seg, el in _x12_segments(text):
        a, b = el[0][0], el[-1][1]
        for r in found:
            if not (a <= r[1] and r[2] <= b):
                continue
            inside = text[r[1]:r[2]]
            ids = el[8:9] if seg == "NM1" else el[3:4] if seg == "N1" else []
            if r[0] == "PHONE_NUMBER" and (sep in inside or any(x <= r[1] and r[2] <= y for x, y in ids)):
                drop.add(r)
            elif r[0] == "EMAIL_ADDRESS" and sep in inside:
                start = r[1] + inside.rfind(sep) + 1
                if "@" in text[start:r[2]]:
                    cut[r] = (r[0], start, r[2], r[3])
        if seg == "NM1" and _element(text, el, 2) == "2" and len(el) >= 3:
            x, y = el[2]
            drop.update(r for r in found if r[0] == "PERSON" and x <= r[1] and r[2] <= y)
        parts: list[tuple[int, int]] = []
        if not people:
            pass
        elif seg == "NM1" and _element(text, el, 2) == "1":
            parts = [el[n] for n in (2, 3, 4) if n < len(el)]
        elif seg == "PER" and len(el) >= 2 and _person_words(text[el[1][0]:el[1][1]], names):
            parts = [el[1]]
        for x, y in parts:
            if _PIECE.fullmatch(text, x, y) is not None and not any(
                    r[0] == "PERSON" and r[1] <= x and y <= r[2] for r in found):
                added.append(("PERSON", x, y, _SCORE))
    if not drop and not cut and not added:
        return found
    return [cut.get(r, r) for r in found if r not in drop] + added


# --------------------------------------------------------------------------------------------------- EDIFACT

_COM = re.compile(r"COM\+((?:[^'+:?]|\?.)+):(TE|FX|AL|AJ)(?=['+\s]|$)")
_PARTY = re.compile(r"(?:NAD\+[^'+]*\+[^'+]*\+[^'+]*\+|CTA\+[^'+]*\+[^'+:]*:)((?:[^'+?]|\?.)+)")


def _edifact_values(text: str) -> list[Found]:
    return [(m.start(1), m.end(1), "PHONE_NUMBER") for m in _COM.finditer(text)]


def _edifact_found(text: str, found: list[Result], names: NameLists) -> list[Result]:
    added: list[Result] = []
    for m in _PARTY.finditer(text):
        comps: list[tuple[int, int]] = []
        pos = m.start(1)
        for piece in text[m.start(1):m.end(1)].split(":"):
            comps.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        letters = [(a, b) for a, b in comps if _PIECE.fullmatch(text, a, b) is not None]
        person = any(r[0] == "PERSON" and r[1] < b and a < r[2] for r in found for a, b in letters) \
            or len(letters) >= 2 and any(names.is_first(w) for a, b in letters for w in _WORDS.findall(text[a:b]))
        if not person or any(w.lower() in _NOT_PERSON for a, b in letters for w in _WORDS.findall(text[a:b])):
            continue
        added.extend(("PERSON", a, b, _SCORE) for a, b in letters
                     if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found))
    return found + added if added else found


# ----------------------------------------------------------------------------------------------------- SWIFT

_PARTY_TAG = re.compile(r"(?m)^:(?:59F?|50[KF]):(?:/[^\r\n]*\r?\n)?(?:1/)?([^\r\n:/][^\r\n]{0,69})$")
_TOWN_LINE = re.compile(r"(?m)^3/[A-Z]{2}/([^\r\n]{1,35})$")


def _swift_found(text: str, found: list[Result], names: NameLists) -> list[Result]:
    towns = [m.span(1) for m in _TOWN_LINE.finditer(text) if _option_f(text, m.start())] if "\n3/" in text else []
    if towns:  # option F's `3/US/BOSTON`: a country and a town, no person
        found = [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for a, b in towns))]
    added: list[Result] = []
    for m in _PARTY_TAG.finditer(text):
        a, b = m.span(1)
        while b > a and text[b - 1] in " \t":
            b -= 1
        value = text[a:b]
        if len(_WORDS.findall(value)) < 2 or not _person_words(value, names) \
                or any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found):
            continue
        found = [r for r in found if not (r[0] == "PERSON" and a <= r[1] and r[2] <= b)]
        added.append(("PERSON", a, b, _SCORE))
    return found + added if added else found


_TAG = re.compile(r"(?m)^:([0-9]{2}[A-Z]?):")
_NATIONAL_ID = re.compile(r"(?m)^7/US/([0-9]{3}-?[0-9]{2}-?[0-9]{4})[ \t]*\r?$")


_NUMBERED_LINE = re.compile(r"[1-8]/[^\r\n]{0,70}\r?")


def _swift_values(text: str) -> list[Found]:
    """The national identity number of a US party in an option F field (`:50F:`, `:59F:`, line `7/US/<SSN>`)."""
    return [(m.start(1), m.end(1), "US_SSN") for m in _NATIONAL_ID.finditer(text) if _option_f(text, m.start())]


def _option_f(text: str, at: int) -> bool:
    """Whether the line at `at` is a numbered line of an option F party field: the lines before it up to the field's
    tag are its numbered lines (`1/`, `2/`, ...), or, with one at least, all the text has before it (a stream's
    window read after the last characters released: `proxy.guard.windows`)."""
    lines = text[max(0, at - 600):at].split("\n")[:-1]
    seen = 0
    for line in reversed(lines):
        tag = _TAG.match(line)
        if tag is not None:
            return tag.group(1) in ("50F", "59F")
        if _NUMBERED_LINE.fullmatch(line) is None:
            return line is lines[0] and at <= 600 and seen > 0
        seen += 1
    return seen > 0


# ------------------------------------------------------------------------------------------------------ FHIR

_SSN_SYSTEM = re.compile(r"(?i)hl7\.org/fhir/sid/us-ssn|urn:oid:2\.16\.840\.1\.113883\.4\.1(?![\d.])"
                         r"|\"code\"\s*:\s*\"SS\"|<code\s+value=\"SS\"")
_JSON_VALUE = re.compile(r"\"value\"\s*:\s*(?:\"([^\"\\]{1,64})\"|([0-9][0-9-]{0,63}))")
_XML_VALUE = re.compile(r"<value\s+value=\"([^\"]{1,64})\"")
_REACH = 600  # characters of the identifier around its system or type


def _enclosing(text: str, pos: int, levels: int) -> tuple[int, int] | None:
    """[start, end) of the JSON object `levels` levels out around `pos` (brackets in strings read as brackets: an
    identifier's strings hold none), within `_REACH`."""
    depth, start = 0, -1
    for i in range(pos - 1, max(-1, pos - _REACH), -1):
        c = text[i]
        if c in "}]":
            depth += 1
        elif c in "{[":
            if depth == 0:
                if c == "{":
                    levels -= 1
                    if levels == 0:
                        start = i
                        break
            else:
                depth -= 1
    if start < 0:
        return None
    depth = 0
    for i in range(start, min(len(text), start + 2 * _REACH)):
        c = text[i]
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return start, i + 1
    return start, min(len(text), start + 2 * _REACH)


def _direct_values(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """The `"value"` members of the object text[a:b] itself (not of the objects inside it)."""
    depth = 0
    i = a
    while i < b:
        c = text[i]
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
        elif c == '"' and depth == 1:
            m = _JSON_VALUE.match(text, i)
            if m is not None and m.end() <= b:
                yield m.span(1) if m.group(1) is not None else m.span(2)
                i = m.end()
                continue
        i += 1


def _fhir_values(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _SSN_SYSTEM.finditer(text):
        if text[m.start():m.start() + 1] == "<" or "<system" in text[max(0, m.start() - 40):m.start()]:
            x = _XML_VALUE.search(text, m.end(), m.end() + _REACH)
            if x is not None and "</identifier" not in text[m.end():x.start()]:
                out.append((*x.span(1), "US_SSN"))
            continue
        for levels in (1, 2, 3, 4):  # the system's object, or the identifier around a `type.coding` array
            obj = _enclosing(text, m.start(), levels)
            if obj is None:
                break
            values = list(_direct_values(text, *obj))
            if values:
                out.extend((a, b, "US_SSN") for a, b in values)
                break
    return out


# ------------------------------------------------------------------------------------------------------ hooks

def edi_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of each SSN and phone number of `text` that an interchange format's qualifier names (see
    the module's docstring), to be read after the type's context word (`proxy.guard.keyed.labelled_values`)."""
    from proxy.nlp.left31 import x12_other, yaml_ssn_values  # `ISA|00|...`, FHIR in YAML (left31)

    out: list[Found] = []
    if "*" in text and _x12(text) or x12_other(text):
        out += _x12_values(text)
    if "COM+" in text:
        out += _edifact_values(text)
    if "us-ssn" in text or "113883.4.1" in text or '"SS"' in text or 'value="SS"' in text:
        out += _fhir_values(text)
    if "US_SSN" in wanted:
        out += yaml_ssn_values(text)
        if "7/US/" in text:
            out += _swift_values(text)
    return [f for f in out if f[2] in wanted]


def with_edi31(text: str, found: list[Result], entities: list[str], names: NameLists) -> list[Result]:
    """`found` read with an interchange format's elements (see the module's docstring): the names its qualifiers
    name added as PERSON, an X12 document's phone numbers across elements or in an id dropped, its e-mail addresses
    cut to their element."""
    from proxy.nlp.left31 import x12_other

    if "*" in text and _x12(text) or x12_other(text):
        found = _x12_found(text, found, names, "PERSON" in entities)
    if "PERSON" in entities:
        if "NAD+" in text or "CTA+" in text:
            found = _edifact_found(text, found, names)
        if ":59" in text or ":50" in text:
            found = _swift_found(text, found, names)
    return found
