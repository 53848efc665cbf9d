"""Leftovers of sql31, edi31 and hl731 (issue 12, "No side doors").

- A person's record written as positional literals, without column names (`positional_values`): a list, a tuple or
  a call's arguments (`new Customer("Dana Kerr", "6175550143", "536904399")`, `['Dmitri Volkov','6175550143',
  '536904399']`, `(1,'Dmitri Volkov','6175550143')`) one of whose quoted cells is a person's full name (a listed first
  name and a surname: `proxy.nlp.sql31._full_name`, the rule sql31 reads a dump's row with no columns by). Its other
  quoted cells of bare digits are read after their type's context word (`proxy.guard.keyed.labelled_values`): ten or
  eleven digits (or with `+`) a valid phone number to `phonenumbers`, nine digits an SSN valid by the SSA's rules
  (`proxy.guard.keyed.valid_group`). Rows of ids, prices, SKUs, timestamps or counts beside a product's name or a
  build's (`('Release 2024', '2024113042')`) have no person's name and stay; so does a list a name calls things
  (`products = [...]`, `proxy.nlp.sql31.thing_lists`).

- ANSI X12 whose `ISA` declares another element separator than `*` (`ISA|00|...|^|00501|...|P|>`): its segments
  are read as the `*` ones are (`proxy.nlp.edi31`), split at that separator and ended at the character after ISA-16
  (the component separator), or at a line's end (`x12_syntax`).
- FHIR written as YAML (`identifier:` / `- system: http://hl7.org/fhir/sid/us-ssn` / `value: "536904399"`, or an
  identifier whose `type` codes it `SS`, in block or flow style: `type: {coding: [{code: SS}]}`): the identifier's own
  `value:` is an SSN (`yaml_ssn_values`), as edi31 reads it in JSON and XML.

- HL7 v2 `OBX` results whose value type (OBX-2) is a person's name (`XPN`, `XCN`, `PN`, `CN`: OBX-5 `Volkov^Dmitri`,
  `1234^VOLKOV^DMITRI`) or a phone number (`XTN`, `TN`: `^PRN^PH^^1^617^5550143`), read as `proxy.nlp.hl731` reads
  those fields; ASTM E1394 order records' ordering physician (O-17, an id before the name passed over) and the
  physician's telephone (O-18) (`more_hl7_names`, `more_hl7_values`).

Gated by a quoted run of 9 to 11 digits (records), `ISA` and a separator (X12), `us-ssn`/`113883.4.1`/`SS` with
`:` (YAML). Linear scans; pure functions, CPU only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from proxy.nlp.hl731 import _AtLines

Found = tuple[int, int, str]

# A quoted cell of bare digits (`'6175550143'`, `"536904399"`, `'+16175550143'`).
_DIGIT_CELL = re.compile(r"(['\"])(\+?[0-9]{9,11})\1")
MAX_BACK = 2_000  # characters read back to a cell's opening bracket
MAX_CELLS = 40


def _opening(text: str, pos: int) -> int:
    """The offset of the `(` or `[` open around `pos` (read back at most `MAX_BACK` characters), or -1."""
    depth = 0
    for i in range(pos - 1, max(-1, pos - MAX_BACK - 1), -1):
        ch = text[i]
        if ch in ")]":
            depth += 1
        elif ch in "([":
            if depth == 0:
                return i
            depth -= 1
        elif ch in ";{}":
            return -1
    return -1


def _cells(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """[start, end) of each cell of text[start:end] split at `,` outside brackets and quotes (inside its quotes for a
    quoted cell), and whether it is quoted alone."""
    out: list[tuple[int, int, bool]] = []
    depth = 0
    quote = ""
    a = start
    i = start
    while i <= end and len(out) <= MAX_CELLS:
        ch = text[i] if i < end else ","
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            cell = text[a:i]
            s = a + len(cell) - len(cell.lstrip())
            e = a + len(cell.rstrip())
            if e - s >= 2 and text[s] in "'\"" and text[e - 1] == text[s] and text[s] not in text[s + 1:e - 1]:
                out.append((s + 1, e - 1, True))
            else:
                out.append((s, e, False))
            a = i + 1
        i += 1
    return out


def positional_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of each phone number and SSN cell of a person's positional record (the module's
    docstring)."""
    out: list[Found] = []
    if not wanted & {"PHONE_NUMBER", "US_SSN"} or ("'" not in text and '"' not in text):
        return out
    found = [m for m in _DIGIT_CELL.finditer(text)]
    if not found:
        return out
    from proxy.guard.keyed import valid_group
    from proxy.nlp.names import name_lists
    from proxy.nlp.sql31 import _bracket_end, _full_name, thing_lists

    lists = name_lists()
    things: list[tuple[int, int]] | None = None
    done: set[int] = set()
    for m in found:
        a, b = m.span(2)
        digits = m.group(2).lstrip("+")
        kind = "US_SSN" if len(digits) == 9 and not m.group(2).startswith("+") else "PHONE_NUMBER"
        if kind not in wanted or not valid_group(kind, m.group(2)) \
                or kind == "PHONE_NUMBER" and len(digits) == 11 and digits[0] != "1" and m.group(2)[0] != "+":
            continue
        opening = _opening(text, m.start())
        if opening < 0 or opening in done:
            continue
        done.add(opening)
        close = _bracket_end(text, opening + 1)
        if close < 0:
            continue
        cells = _cells(text, opening + 1, close)
        if not any(quoted and _full_name(lists, text[s:e]) for s, e, quoted in cells):
            continue
        if things is None:
            things = thing_lists(text)
        if any(s <= opening < e for s, e in things) or any(s <= a and b <= e for s, e in things):
            continue
        for s, e, quoted in cells:
            value = text[s:e]
            if not quoted or not (9 <= len(value) <= 12):
                continue
            cell = _DIGIT_CELL.fullmatch(text, s - 1, e + 1)
            if cell is None:
                continue
            digits = value.lstrip("+")
            cell_kind = "US_SSN" if len(digits) == 9 and value[0] != "+" else "PHONE_NUMBER"
            if cell_kind in wanted and valid_group(cell_kind, value) and not (
                    cell_kind == "PHONE_NUMBER" and len(digits) == 11 and digits[0] != "1" and value[0] != "+"):
                out.append((s, e, cell_kind))
    return out


# ------------------------------------------------------------------------------------------------------ X12

_ISA = re.compile(r"(?:^|(?<=[~\r\n'!]))[ \t]*ISA([^\w\s])", re.MULTILINE)


def x12_syntax(text: str) -> tuple[str, str]:
    """The element separator an interchange's `ISA` declares (its fourth character; else `*`) and its segment
    terminator (the character after ISA-16, the component separator; "" when the ISA is cut short or it is a
    line's end)."""
    isa = _ISA.search(text)
    if isa is None:
        return "*", ""
    sep = isa.group(1)
    pos = isa.end()
    for _ in range(15):  # (ISA-1 .. ISA-15 end at a separator each)
        pos = text.find(sep, pos, pos + 200)
        if pos < 0:
            return sep, ""
        pos += 1
    term = text[pos + 1:pos + 2]  # (ISA-16 is one character)
    return sep, "" if term in ("", "\r", "\n") or term.isalnum() or term == sep else term


def x12_other(text: str) -> bool:
    """Whether `text` holds an X12 interchange whose `ISA` declares a separator other than `*`."""
    return "ISA" in text and (isa := _ISA.search(text)) is not None and isa.group(1) != "*"


# ----------------------------------------------------------------------------------------------------- YAML

# (case-sensitive, each after a literal key: FHIR's keys and canonical URLs are lower case)
_YAML_SYSTEM = re.compile(r"(?m)system[ \t]*:[ \t]*[\"']?(?:https?://hl7\.org/fhir/sid/us-ssn"
                          r"|urn:oid:2\.16\.840\.1\.113883\.4\.1(?![\d.]))[\"']?[ \t]*(?:\r?$|[,}\]])")
_YAML_CODE = re.compile(r"(?m)code[ \t]*:[ \t]*[\"']?SS[\"']?[ \t]*(?:\r?$|[,}\]])")


def yaml_marks(text: str) -> list[int]:
    """Offsets of the YAML keys in `text` that type a FHIR identifier as the US SSN (`system: ...us-ssn`, `code:
    SS`)."""
    out: list[int] = []
    if "us-ssn" in text or "113883.4.1" in text:
        out += [m.start() for m in _YAML_SYSTEM.finditer(text)]
    if "SS" in text and "code" in text:
        out += [m.start() for m in _YAML_CODE.finditer(text)]
    # (a key's own word: not `zipcode: SS`, `file-system: ...`)
    return sorted(at for at in out if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_-"))[:MAX_MARKS]


_YAML_ITEM = re.compile(r"([ \t]*)-[ \t]+")
_YAML_VALUE = re.compile(r"value[ \t]*:[ \t]*(?:\"([^\"\n]{1,64})\"|'([^'\n]{1,64})'|([0-9][0-9 -]{0,63}?))"
                         r"[ \t]*(?:#.*)?\r?$")
MAX_ITEM_LINES = 40
MAX_MARKS = 64  # identifiers read in one text


def yaml_ssn_values(text: str) -> list[Found]:
    """(start, end, "US_SSN") of each FHIR identifier's `value:` in YAML whose `system` is the US SSN's or whose
    `type` codes it `SS` (the module's docstring)."""
    out: list[Found] = []
    if "us-ssn" not in text and "113883.4.1" not in text and ("SS" not in text or "code" not in text) \
            or ":" not in text:
        return out
    marks = yaml_marks(text)
    if not marks:
        return out
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    starts = [a for a, _ in lines]
    for mark in marks:
        k = bisect.bisect_right(starts, mark) - 1
        bound = mark - lines[k][0] + 1  # (an item around the key: its `-` left of the key, or on its line)
        i = k
        for _ in range(3):  # the key's item, its parent's, its grandparent's (`type.coding[]` inside an identifier)
            j = i
            while j >= max(0, k - MAX_ITEM_LINES):
                item = _YAML_ITEM.match(text, *lines[j])
                if item is not None and len(item.group(1)) < bound:
                    break
                j -= 1
            else:
                break
            if j < 0 or item is None:
                break
            dash = len(item.group(1))
            found = _item_value(text, lines, j, dash, item.end() - lines[j][0])
            if found is not None:
                out.append((*found, "US_SSN"))
                break
            bound, i = dash, j - 1
    return list(dict.fromkeys(out))


def _indent(text: str, a: int, b: int) -> int:
    line = text[a:b]
    return len(line) - len(line.lstrip(" \t")) if line.strip() else 1 << 30


def _item_value(text: str, lines: list[tuple[int, int]], start: int, dash: int, inner: int) -> tuple[int, int] | None:
    """The span of the `value:` key of the YAML list item opening on line `start` (its own key, not a nested one's)."""
    for j in range(start, min(len(lines), start + MAX_ITEM_LINES)):
        a, b = lines[j]
        if j > start:
            if not text[a:b].strip():
                continue
            if _indent(text, a, b) <= dash:
                return None
        at = a + inner if j == start else a + _indent(text, a, b)
        if j > start and _indent(text, a, b) != inner:
            continue
        v = _YAML_VALUE.match(text, at, b)
        if v is not None:
            g = 1 if v.group(1) is not None else 2 if v.group(2) is not None else 3
            return v.span(g)
    return None


# ------------------------------------------------------------------------------------------ HL7 OBX, ASTM O

_OBX_NAMES = {"XPN": 0, "PN": 0, "XCN": 1, "CN": 1}  # value type -> the family name's component
_OBX_PHONES = frozenset({"XTN", "TN"})
_ASTM_DOCTOR, _ASTM_DOCTOR_PHONE = 16, 17  # O-17, O-18 (the sequence number is field 1 here)
_ASTM_O = _AtLines(r"\x02?[0-7]?O([^\w\s])[0-9]{0,6}\1", "O")


def _obx(text: str) -> Iterator[tuple[str, list[tuple[int, int]], tuple[str, str, str, str]]]:
    """(value type, the repetitions of OBX-5, separators) of each OBX segment whose value type is a name or a phone."""
    if "OBX" not in text:
        return
    from proxy.nlp.hl731 import _fields, _hl7_segments, _split

    for seg, start, end, seps in _hl7_segments(text):
        if seg != "OBX":
            continue
        kind, value = "", (0, 0)
        for number, a, b in _fields(text, start, end, seps[0]):
            if number == 2:
                kind = text[a:b].strip().upper()
                if kind not in _OBX_NAMES and kind not in _OBX_PHONES:
                    break
            elif number == 5:
                value = (a, b)
                break
        if value[1] > value[0]:
            yield kind, _split(text, *value, seps[2]), seps


def _astm_orders(text: str) -> Iterator[tuple[int, int, str, str, str]]:
    """(start, end, field, repetition, component separators) of each ASTM order record (`O|1|...`)."""
    if "O|" not in text or "^" not in text or "H|" not in text and "P|" not in text:
        return
    from proxy.nlp.hl731 import astm_lines

    yield from astm_lines(text, _ASTM_O)


def more_hl7_names(text: str) -> list[tuple[int, int]]:
    """[start, end) of each part of a person's name in an OBX-5 typed as a name and in an ASTM order's O-17."""
    out: list[tuple[int, int]] = []
    if "^" not in text:
        return out
    from proxy.nlp.hl731 import _fields, _name, _split

    for kind, reps, (_, comp_sep, _, sub_sep) in _obx(text):
        if kind in _OBX_NAMES:
            first = _OBX_NAMES[kind]
            for a, b in reps:
                comps = _split(text, a, b, comp_sep)
                if first and not (comps and text[comps[0][0]:comps[0][1]].strip().isalnum()
                                  or comps and comps[0][0] == comps[0][1]):
                    continue
                out += _name(text, comps[first:first + 3], sub_sep)
    for start, end, field_sep, rep_sep, comp_sep in _astm_orders(text):
        for number, a, b in _fields(text, start, end, field_sep):
            if number == _ASTM_DOCTOR:
                for c, d in _split(text, a, b, rep_sep):
                    comps = _split(text, c, d, comp_sep)
                    while comps and (comps[0][0] == comps[0][1] or any(
                            ch.isdigit() for ch in text[comps[0][0]:comps[0][1]])):
                        comps = comps[1:]
                    out += _name(text, comps[:3], None)
            if number >= _ASTM_DOCTOR:
                break
    return out


def more_hl7_values(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value read) of each phone number of an OBX-5 typed `XTN`/`TN` and of an ASTM order's O-18
    (the value read with the components' separators as spaces, `proxy.nlp.hl731.typed_values`)."""
    out: list[tuple[int, int, str, str]] = []
    if "PHONE_NUMBER" not in wanted or "^" not in text:
        return out
    from proxy.nlp.hl731 import _split, astm_phones, xtn_values

    for kind, reps, (_, comp_sep, _, _) in _obx(text):
        if kind in _OBX_PHONES:
            for a, b in reps:
                out += xtn_values(text, _split(text, a, b, comp_sep), comp_sep)
    return out + astm_phones(text, _astm_orders(text), _ASTM_DOCTOR_PHONE)


__all__ = ["more_hl7_names", "more_hl7_values", "positional_values", "x12_other", "x12_syntax", "yaml_ssn_values"]
