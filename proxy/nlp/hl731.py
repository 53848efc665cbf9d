"""Healthcare message formats beyond HL7's XPN fields (atk30 F4, F5, F19, F25; F13 for answers).

- HL7 v2 (`proxy.nlp.hl7` reads the XPN names): the XCN fields that name clinicians (`1234^VOLKOV^DMITRI^^^Dr`: an
  id, then family, given and middle name: PV1-7/8/9/17/52, OBR-16/28, ORC-10/11/12/19, PD1-4, OBX-16, EVN-5, ROL-4,
  TXA-5/9/10/22/23, AIP-3; a field beside one that holds the XCN shape, an id in digits, a family and a given name,
  as a hand-written message's miscounted field: `ORC|NW|123|||||||||||5678^OKAFOR^CHIDI`) and more XPN fields
  (STF-3, PRD-2, CTD-2, MRG-7); the XTN phone fields (PID-13/14, NK1-5/6/31, GT1-6/7, ORC-14, OBR-17): a
  repetition's first component (`6175550143`, `(617)555-0143`) or its country code, area code and local number
  components (`^PRN^PH^^1^617^5550143`); the SSN fields (PID-19, GT1-12, NK1-37, IN2-2; PID-20's driver's licence
  number, an SSN in states that issued it so; a bare SSN one field before an empty SSN field, a hand-written
  message's miscounted field: `...||512482934` as PID-18, fixw37) and a CX identifier typed
  `SS` (`536904399^^^SSA^SS` in PID-2/3/4).
- ASTM E1394 / CLSI LIS2-A2 (what lab analysers send; `H|\\^&`, then `P|1||PID123||OKONKWO^CHIDI^A||...`): the patient
  record's name and mother's maiden name (P-6, P-7: family name first), telephone (P-13) and attending physician
  (P-14: an id before the name, if any, is passed over). Order and result records (`O|`, `R|`) are not read.
- DICOM header dumps: dcmdump/gdcmdump/dcm4che (`(0010,0010) PN [OKONKWO^MARGARET^A]`) and pydicom's repr
  (`(0010, 0010) Patient's Name  PN: 'OKONKWO^MARGARET'`): every PN element's family, given and middle names (each
  `=` group, each `\\` value); the phone tags ((0010,2154), (0008,0094), (0040,1103)) and the patient ids ((0010,0020),
  (0010,1000)), read after the type's context word. (An MSH segment's applications and facilities, MSH-3..6, are no
  names either: `MSH|^~\\&|LAB|MERCY|...`.) A PERSON finding inside a dump's tag name (`Patient's Telephone
  Numbers`, `# PatientName`) or inside a value of a VR that holds no name (CS, UI, DA, ...) or of a device or
  institution tag (`(0008,1090) LO [Magnetom Vida]`) or inside a PN value of placeholders only (`[ANONYMIZED]`) is
  no name.

Lines start after a line break or, in a text with line breaks escaped as in a JSON string (an HL7 message in a tool's
JSON result: `{"msg": "MSH|^~\\\\&|...\\rPID|..."}`), after an escaped one or the string's quote, and end there;
`proxy.nlp.hl7`'s XPN fields are read here too, for those.

A value's phone or SSN reading is a `Keyed` reading (`proxy.guard.keyed.labelled_values`: `phone: 617 5550143`, the
components' separators read as spaces), so the recognizer's own checks decide. A name whose every word is a test or
anonymised placeholder (`TEST^PATIENT`, `ANONYMOUS`) is no name. Pure functions, CPU only; each reader is gated by
a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["name_spans", "typed_values", "without_tag_names"]

Result = tuple[str, int, int, float]


class _AtLines:
    """A pattern matched at the start of the text and after each `\\n` (and `\\r`, HL7's segment terminator, where
    the text has one), found by the line break first (a lookbehind tried at every position costs ~15 ms per 100 kB),
    and only in a text with `needle`."""

    def __init__(self, body: str, needle: str = "") -> None:
        self._first, self._needle = re.compile(body), needle
        self._lf, self._any = re.compile("\n" + body), re.compile(r"[\r\n]" + body)
        self._escaped = re.compile(r'(?:[\r\n"]|\\[rn])' + body)  # (a JSON string's start or escaped break)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._needle not in text:
            return
        m = self._first.match(text)
        if m is not None:
            yield m
        yield from (self._escaped if _escaped(text) else self._any if "\r" in text else self._lf).finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


# HL7 v2: segment id -> field numbers (the segment's id is field 0).
_XCN = {"PV1": (7, 8, 9, 17, 52), "OBR": (16, 28), "ORC": (10, 11, 12, 19), "PD1": (4,), "OBX": (16,), "EVN": (5,),
        "ROL": (4,), "TXA": (5, 9, 10, 22, 23), "AIP": (3,)}
# (and `proxy.nlp.hl7`'s XPN fields again: read here in a JSON string's escaped lines too)
_XPN = {"STF": (3,), "PRD": (2,), "CTD": (2,), "MRG": (7,), "PID": (5, 6, 9), "NK1": (2,), "IN1": (16,), "GT1": (3,)}
_XTN = {"PID": (13, 14), "NK1": (5, 6, 31), "GT1": (6, 7), "ORC": (14,), "OBR": (17,)}
# (PID-20, the driver's licence: an SSN where a state issued it as the number; its first component is read)
_SSN = {"PID": (19, 20), "GT1": (12,), "NK1": (37,), "IN2": (2,)}
# A bare SSN one field before an empty SSN field (a hand-written message's miscounted field: PID-18 for PID-19).
_SSN_SHAPE = re.compile(r"[0-9]{9}|[0-9]{3}-[0-9]{2}-[0-9]{4}")
_CX = {"PID": (2, 3, 4)}  # a patient identifier typed `SS` (CX-5) is an SSN
# Coding systems (a CWE's third component) that are letters only (HL7 table 0396).
_CODING_SYSTEMS = frozenset({"L", "LN", "SCT", "SNM", "SNM3", "CPT", "ICD", "LOINC", "UCUM", "NDC", "RXNORM", "NPI",
                             "CLIA", "ISO", "DNS", "UUID", "HL", "ACR", "ANS", "ART", "AS", "CAS", "CD", "CDS", "CE",
                             "CLP", "CPTM", "CST", "DCM", "ICS", "LB", "MDC", "NIC", "NUBC", "SDM", "UMD", "UML", "UPC",
                             "WC", "HCPCS", "HPC", "MEDR", "MEDC", "NDA", "NDDF", "NCPDP", "USPS", "LOCAL"})
_SEGMENTS = sorted({*_XCN, *_XPN, *_XTN, *_SSN, *_CX})
_SEGMENT = _AtLines(r"(" + "|".join(_SEGMENTS) + r")([^\w\s])")
_MSH = _AtLines(r"MSH([^\w\s])([^\w\s])([^\w\s])([^\w\s])([^\w\s])", "MSH")
# ASTM: an optional STX and frame number before the record's type; the header declares the delimiters.
_ASTM_H = _AtLines(r"\x02?[0-7]?H([^\w\s])([^\w\s])([^\w\s])([^\w\s])", "H")
_ASTM_P = _AtLines(r"\x02?[0-7]?P([^\w\s])[0-9]{0,6}\1", "P")
_ASTM_NAMES, _ASTM_PHONE, _ASTM_DOCTOR = (5, 6), 12, 13  # P-6, P-7; P-13; P-14 (the sequence number is 1 here)
# A name's piece (as `proxy.nlp.hl7`): letters, with `'`, `-`, `.` or a space inside.
_PIECE = re.compile(r"[^\W\d_](?:[^\W\d_'’. -]|['’. -](?=[^\W\d_]))*\.?")
_PLACEHOLDERS = frozenset({"test", "tests", "patient", "anonymous", "anonymized", "anonymised", "anon", "unknown",
                           "demo", "sample", "dummy", "qc", "control", "phantom", "calibrator", "blank", "none",
                           "na", "xxx", "noname", "nobody", "doctor", "physician", "dr", "md", "level", "high", "low",
                           "normal", "abnormal", "cal", "calibration", "standard", "pool"})
_MAX_LINE = 4000

# DICOM: dcmdump/gdcmdump/dcm4che `(gggg,eeee) VR [value]` (dcm4che: `VR #len [value]`), pydicom `(gggg, eeee)
# Keyword words  VR: value`.
_TAG = r"\(([0-9A-Fa-f]{4}),\s?([0-9A-Fa-f]{4})\)"
_DUMP = re.compile(_TAG + r"[ \t]+([A-Z]{2})[ \t]+(?:#[0-9]+[ \t]+)?\[([^\]\r\n]{0,1000})\]([^\r\n\\]{0,200})")
_REPR = re.compile(_TAG + r'[ \t]+([^\r\n]{1,80}?)[ \t]+([A-Z]{2}):[ \t]([^\r\n]{0,1000}?)(?=\\[rn]|[\r\n"]|$)')
_QUOTED = re.compile(r"'([^'\r\n]*)'|\"([^\"\r\n]*)\"")
_DICOM_PHONES = frozenset({("0010", "2154"), ("0008", "0094"), ("0040", "1103")})
_DICOM_IDS = frozenset({("0010", "0020"), ("0010", "1000")})
# VRs that never hold a name, and device and institution tags.
_NO_NAME_VR = frozenset({"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "OB", "OD", "OF", "OL", "OW",
                         "SL", "SQ", "SS", "TM", "UI", "UL", "UN", "US", "UV", "SV"})
_DEVICE_TAGS = frozenset({("0008", "0070"), ("0008", "1090"), ("0008", "1010"), ("0018", "1020"), ("0018", "1000"),
                          ("0008", "0080"), ("0008", "1040"), ("0018", "1016"), ("0018", "1018"), ("0018", "1019"),
                          ("0018", "1030")})


def _escaped(text: str) -> bool:
    """Whether `text` holds line breaks escaped as in a JSON string (`"MSH|^~\\\\&|...\\rPID|..."` in a tool
    result): each `\\r` or `\\n` then starts a line too, and a line ends at one or at the string's `"`."""
    return "\\r" in text or "\\n" in text


def _separators(text: str) -> tuple[str, str, str, str]:
    """HL7's (field, component, repetition, subcomponent) separators: `MSH`'s, else the defaults (in a JSON string,
    MSH's escape character is escaped itself: `^~\\\\&`)."""
    m = _MSH.search(text)
    if m is None:
        return "|", "^", "~", "&"
    sub = m.group(5)
    if sub == "\\" and m.group(4) == "\\" and _escaped(text):
        sub = text[m.end(5):m.end(5) + 1] or "&"
    return m.group(1), m.group(2), m.group(3), sub


def _line_end(text: str, pos: int, escaped: bool) -> int:
    end = min(len(text), pos + _MAX_LINE)
    stops = ("\r", "\n", "\\r", "\\n", '"') if escaped else ("\r", "\n")
    for stop in (text.find(mark, pos, end) for mark in stops):
        if stop >= 0:
            end = min(end, stop)
    return end


def _fields(text: str, start: int, end: int, sep: str) -> Iterator[tuple[int, int, int]]:
    """(number, start, end) of each field of the record text[start:end] (field 1 starts at `start`)."""
    number, pos = 1, start
    while pos <= end:
        stop = text.find(sep, pos, end)
        stop = end if stop < 0 else stop
        yield number, pos, stop
        number, pos = number + 1, stop + 1


def _split(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        stop = text.find(sep, pos, end)
        stop = end if stop < 0 else stop
        out.append((pos, stop))
        pos = stop + 1
    return out


def _name(text: str, comps: list[tuple[int, int]], sub_sep: str | None) -> list[tuple[int, int]]:
    """The pieces of a name's components (each subcomponent a piece, if `sub_sep`), none if all are placeholders."""
    out: list[tuple[int, int]] = []
    for a, b in comps:
        for c, d in _pieces(text, a, b, sub_sep) if sub_sep else [(a, b)]:
            if c < d and _PIECE.fullmatch(text, c, d) is not None:
                out.append((c, d))
    if all(text[a:b].lower().strip(".") in _PLACEHOLDERS for a, b in out):
        return []
    return out


def _xcn_shaped(text: str, comps: list[tuple[int, int]]) -> bool:
    """Whether the components are an XCN's: an id in digits, a family and a given name (`5678^OKAFOR^CHIDI`), not a
    coded value's code, text and coding system (`123^Manual count^L`, `4^Urine^SCT`)."""
    return len(comps) >= 3 and text[comps[0][0]:comps[0][1]].isdigit() \
        and all(_PIECE.fullmatch(text, a, b) is not None for a, b in comps[1:3]) \
        and text[comps[2][0]:comps[2][1]].upper() not in _CODING_SYSTEMS


def _pieces(text: str, a: int, b: int, seps: str) -> list[tuple[int, int]]:
    """text[a:b] split at each of `seps`."""
    out = [(a, b)]
    for sep in seps:
        out = [piece for c, d in out for piece in _split(text, c, d, sep)]
    return out


def _hl7_segments(text: str) -> Iterator[tuple[str, int, int, tuple[str, str, str, str]]]:
    if "^" not in text:
        return
    seps, escaped = _separators(text), _escaped(text)
    for m in _SEGMENT.finditer(text):
        if m.group(2) == seps[0]:
            yield m.group(1), m.end(), _line_end(text, m.end(), escaped), seps


def _astm_records(text: str) -> Iterator[tuple[int, int, str, str, str]]:
    """(start, end, field, repetition, component separators) of each ASTM patient record."""
    if "^" not in text or "P|" not in text or ("H|" not in text and "\nP|" not in text and "\rP|" not in text
                            and not text.startswith("P|")):
        return
    yield from astm_lines(text, _ASTM_P)


def astm_lines(text: str, record: _AtLines) -> Iterator[tuple[int, int, str, str, str]]:
    """(start, end, field, repetition, component separators) of each ASTM record `record` finds (its group 1 the
    field separator after the record's type), with the separators the header declares."""
    h = _ASTM_H.search(text)
    field, rep, comp = (h.group(1), h.group(2), h.group(3)) if h is not None else ("|", "\\", "^")
    escaped = _escaped(text)
    for m in record.finditer(text):
        if m.group(1) == field:
            start = m.start(1) + 1
            yield start, _line_end(text, start, escaped), field, rep, comp


def _dicom(text: str) -> Iterator[tuple[str, str, str, int, int, int, int]]:
    """(group, element, VR, value start, value end, name start, name end) of each element of a DICOM dump; the name
    is the tag's name (dcmdump's comment after the value, pydicom's words before the VR)."""
    if "(00" not in text:
        return
    for m in _DUMP.finditer(text):
        yield m.group(1), m.group(2), m.group(3), m.start(4), m.end(4), m.start(5), m.end(5)
    for m in _REPR.finditer(text):
        yield m.group(1), m.group(2), m.group(4), m.start(5), m.end(5), m.start(3), m.end(3)


def _dicom_values(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The values of a dumped element's value text[a:b]: pydicom's quoted strings (a list's), else the text, each
    split at DICOM's value separator `\\`."""
    quoted = [(m.start(1), m.end(1)) if m.group(1) is not None else (m.start(2), m.end(2))
              for m in _QUOTED.finditer(text, a, b)]
    out: list[tuple[int, int]] = []
    for c, d in quoted or [(a, b)]:
        while d > c and text[d - 1] == " ":
            d -= 1
        out.extend(_split(text, c, d, "\\"))
    return out


def name_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each part of a person's name in HL7 XCN and more XPN fields, ASTM patient records and DICOM
    PN elements."""
    out: list[tuple[int, int]] = []
    for seg, start, end, (field_sep, comp_sep, rep_sep, sub_sep) in _hl7_segments(text):
        xcn, xpn = _XCN.get(seg, ()), _XPN.get(seg, ())
        if not xcn and not xpn:
            continue
        for number, a, b in _fields(text, start, end, field_sep):
            if number in xcn or number in xpn:
                for c, d in _split(text, a, b, rep_sep):
                    comps = _split(text, c, d, comp_sep)
                    out += _name(text, comps[1:4] if number in xcn else comps[:3], sub_sep)
            elif number - 1 in xcn or number + 1 in xcn:  # beside one, in the XCN shape: a miscounted field
                reps = [_split(text, c, d, comp_sep) for c, d in _split(text, a, b, rep_sep)]
                if all(_xcn_shaped(text, comps) for comps in reps):
                    for comps in reps:
                        out += _name(text, comps[1:4], sub_sep)
            if number > max((*xcn, *xpn)) + 1:
                break
    for start, end, field_sep, rep_sep, comp_sep in _astm_records(text):
        for number, a, b in _fields(text, start, end, field_sep):
            if number in _ASTM_NAMES or number == _ASTM_DOCTOR:
                for c, d in _split(text, a, b, rep_sep):
                    comps = _split(text, c, d, comp_sep)
                    if number == _ASTM_DOCTOR:  # an id (digits) or nothing before the name
                        while comps and (comps[0][0] == comps[0][1] or any(
                                ch.isdigit() for ch in text[comps[0][0]:comps[0][1]])):
                            comps = comps[1:]
                    out += _name(text, comps[:3], None)
            if number >= _ASTM_DOCTOR:
                break
    for _, _, vr, a, b, _, _ in _dicom(text):
        if vr == "PN":
            for c, d in _dicom_values(text, a, b):
                for e, f in _split(text, c, d, "="):
                    out += _name(text, _split(text, e, f, "^")[:3], None)
    from proxy.nlp.left31 import more_hl7_names  # OBX-5 typed XPN/XCN, ASTM O-17 (left31)

    return list(dict.fromkeys(out + more_hl7_names(text)))


def xtn_values(text: str, comps: list[tuple[int, int]], comp_sep: str) -> list[tuple[int, int, str, str]]:
    """The phone numbers of one XTN repetition split into its components (`comps`): the first component, and the
    country code, area code and local number (components 5-7) read as one."""
    out = _value(text, *comps[0], "PHONE_NUMBER")
    if len(comps) >= 7 and comps[6][0] < comps[6][1]:  # country code, area code, local number
        first = next(i for i in (4, 5, 6) if comps[i][0] < comps[i][1])
        out += _value(text, comps[first][0], comps[6][1], "PHONE_NUMBER", comp_sep)
    return out


def astm_phones(text: str, records: Iterable[tuple[int, int, str, str, str]],
                field: int) -> list[tuple[int, int, str, str]]:
    """The phone numbers in field `field` (each repetition) of ASTM `records` (`astm_lines`' tuples)."""
    out: list[tuple[int, int, str, str]] = []
    for start, end, field_sep, rep_sep, comp_sep in records:
        for number, a, b in _fields(text, start, end, field_sep):
            if number == field:
                for c, d in _split(text, a, b, rep_sep):
                    out += _value(text, c, d, "PHONE_NUMBER", comp_sep)
            if number >= field:
                break
    return out


def typed_values(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value read) of each phone number and SSN field's value in HL7, ASTM and DICOM text; the
    value read has the components' separators as spaces (`617^5550143` reads `617 5550143`)."""
    out: list[tuple[int, int, str, str]] = []
    phone, ssn = "PHONE_NUMBER" in wanted, "US_SSN" in wanted
    for seg, start, end, (field_sep, comp_sep, rep_sep, _) in _hl7_segments(text):
        xtn = _XTN.get(seg, ()) if phone else ()
        ssns = _SSN.get(seg, ()) if ssn else ()
        cxs = _CX.get(seg, ()) if ssn else ()
        if not xtn and not ssns and not cxs:
            continue
        last, before = max((*xtn, *ssns, *cxs)), (-1, -1)
        for number, a, b in _fields(text, start, end, field_sep):
            if number > last:
                break
            if number in ssns and number - 1 not in ssns and not text[a:b].strip() and _miscounted(text, *before):
                out += _value(text, *before, "US_SSN")  # (`||512482934|` then an empty PID-19, fixw37)
            before = (a, b)
            for c, d in _split(text, a, b, rep_sep) if number in xtn or number in cxs else [(a, b)]:
                comps = _split(text, c, d, comp_sep)
                if number in xtn:
                    out += xtn_values(text, comps, comp_sep)
                elif number in ssns:
                    out += _value(text, *comps[0], "US_SSN")
                elif len(comps) >= 5 and text[comps[4][0]:comps[4][1]].strip() == "SS":
                    out += _value(text, *comps[0], "US_SSN")
        if number < last and number + 1 in ssns and number not in ssns and _miscounted(text, *before):
            out += _value(text, *before, "US_SSN")  # (the segment ends one field before its SSN field)
    if phone:
        out += astm_phones(text, _astm_records(text), _ASTM_PHONE)
    for group, element, _, a, b, _, _ in _dicom(text):
        kind = "PHONE_NUMBER" if (group.upper(), element.upper()) in _DICOM_PHONES and phone else \
            "US_SSN" if (group.upper(), element.upper()) in _DICOM_IDS and ssn else None
        if kind is not None:
            for c, d in _dicom_values(text, a, b):
                out += _value(text, c, d, kind)
    from proxy.nlp.left31 import more_hl7_values  # OBX-5 typed XTN, ASTM O-18 (left31)

    return list(dict.fromkeys(out + more_hl7_values(text, wanted)))


def _miscounted(text: str, a: int, b: int) -> bool:
    """Whether the field text[a:b] is a bare SSN's shape (nine digits, or 3-2-4), nothing else in it."""
    return a < b and _SSN_SHAPE.fullmatch(text, a, b) is not None


def _value(text: str, a: int, b: int, kind: str, sep: str = "") -> list[tuple[int, int, str, str]]:
    while a < b and text[a] == " ":
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    if b - a > 40 or not any(ch.isdigit() for ch in text[a:b]):
        return []
    value = text[a:b].replace(sep, " ") if sep else text[a:b]
    return [(a, b, kind, value)]


def without_tag_names(text: str, found: list[Result]) -> list[Result]:
    """`found` less the PERSON findings inside a DICOM dump's tag name (`Patient's Telephone Numbers`) or inside the
    value of an element of a VR that holds no name or of a device or institution tag (`[Magnetom Vida]`), and inside
    an HL7 MSH segment's applications and facilities (MSH-3..6: `MSH|^~\\&|EPIC|MERCY|...`)."""
    if ("(00" not in text and "MSH" not in text) or not any(r[0] == "PERSON" for r in found):
        return found
    spans: list[tuple[int, int]] = []
    escaped = _escaped(text)
    for m in _MSH.finditer(text):  # MSH-3..6: the sending and receiving applications and facilities
        spans += [(a, b) for number, a, b in _fields(text, m.start(2), _line_end(text, m.start(2), escaped), m.group(1))
                  if 2 <= number <= 5]
    for group, element, vr, a, b, c, d in _dicom(text):
        spans.append((c, d))
        if vr in _NO_NAME_VR or (group.upper(), element.upper()) in _DEVICE_TAGS:
            spans.append((a, b))
        elif vr == "PN" and not any(_name(text, [(c, d)], "^=") for c, d in _dicom_values(text, a, b)):
            spans.append((a, b))  # (a placeholder: `ANONYMOUS`, `Anonymized`)
    if not spans:
        return found
    return [r for r in found if r[0] != "PERSON" or not any(a <= r[1] and r[2] <= b for a, b in spans)]
