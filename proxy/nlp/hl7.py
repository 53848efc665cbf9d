"""The person names of an HL7 v2 message (atk20 M4): `PID|1||12345^^^MRN||SMITH^JOHN^A||19800101|M|...`.

Hospital systems exchange HL7 v2 messages: segments, one a line (`\\r`, as the standard writes them, or `\\n`), each
a three-character id and fields split by the field separator (`|`), a field's components by `^`, its repetitions
by `~`, a component's subcomponents by `&` (what `MSH` declares right after its id: `MSH|^~\\&|...`). A person's
name there is an XPN field, family name first, in capitals (`SMITH^JOHN^A`): the NER model reads none of it. The
XPN fields: the patient's name, mother's maiden name and alias (PID-5, PID-6, PID-9), the next of kin's (NK1-2),
the insured's (IN1-16) and the guarantor's (GT1-3). Their family name, given name and middle names or initial
(the first three components, each subcomponent of the family name) are each a part of a person's name. Pure
functions, CPU only.
"""

from __future__ import annotations

import re

__all__ = ["XPN_FIELDS", "xpn_name_spans"]

# Segment id -> the numbers of its XPN fields (the segment's id is field 0).
XPN_FIELDS: dict[str, tuple[int, ...]] = {"PID": (5, 6, 9), "NK1": (2,), "IN1": (16,), "GT1": (3,)}
_SEGMENT = re.compile(r"(?:^|(?<=[\r\n]))(PID|NK1|IN1|GT1)([^\w\s])", re.MULTILINE)
_MSH = re.compile(r"(?:^|(?<=[\r\n]))MSH([^\w\s])([^\w\s])([^\w\s])([^\w\s])([^\w\s])")
# A name's piece: letters, with `'`, `-`, `.` or a space inside (`O'NEIL`, `MARY ANN`, `ST. JOHN`).
_PIECE = re.compile(r"[^\W\d_](?:[^\W\d_'’. -]|['’. -](?=[^\W\d_]))*\.?")
_MAX_SEGMENT = 4000  # characters of one segment read


def _separators(text: str) -> tuple[str, str, str, str]:
    """(field, component, repetition, subcomponent) separators: `MSH`'s, else HL7's defaults."""
    m = _MSH.search(text)
    if m is None:
        return "|", "^", "~", "&"
    return m.group(1), m.group(2), m.group(3), m.group(5)


def xpn_name_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) in `text` of each part of a person's name in an HL7 v2 segment's XPN field (`XPN_FIELDS`)."""
    if "|" not in text and "MSH" not in text:
        return []
    field_sep, comp_sep, rep_sep, sub_sep = _separators(text)
    out: list[tuple[int, int]] = []
    for m in _SEGMENT.finditer(text):
        if m.group(2) != field_sep:
            continue
        wanted = XPN_FIELDS[m.group(1)]
        end = min(len(text), m.end() + _MAX_SEGMENT)
        for stop in (text.find("\r", m.end(), end), text.find("\n", m.end(), end)):
            if stop >= 0:
                end = min(end, stop)
        number, pos = 1, m.end()
        while pos <= end and number <= max(wanted):
            stop = text.find(field_sep, pos, end)
            stop = end if stop < 0 else stop
            if number in wanted:
                out.extend(_xpn(text, pos, stop, comp_sep, rep_sep, sub_sep))
            number, pos = number + 1, stop + 1
    return out


def _xpn(text: str, start: int, end: int, comp_sep: str, rep_sep: str, sub_sep: str) -> list[tuple[int, int]]:
    """The name parts of the XPN field text[start:end]: of each repetition, the first three components' pieces."""
    out: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        rep_end = text.find(rep_sep, pos, end)
        rep_end = end if rep_end < 0 else rep_end
        comp = pos
        for _ in range(3):
            comp_end = text.find(comp_sep, comp, rep_end)
            comp_end = rep_end if comp_end < 0 else comp_end
            sub = comp
            while sub <= comp_end:
                sub_end = text.find(sub_sep, sub, comp_end)
                sub_end = comp_end if sub_end < 0 else sub_end
                piece = _PIECE.fullmatch(text, sub, sub_end)
                if piece is not None:
                    out.append((sub, sub_end))
                sub = sub_end + 1
            if comp_end >= rep_end:
                break
            comp = comp_end + 1
        pos = rep_end + 1
    return out
