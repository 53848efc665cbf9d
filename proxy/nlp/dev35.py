"""Names and numbers inside device and file formats (dev35, atk33 F01, F21, F16).

Each is read by the value's own context in its format, so the same words elsewhere go as sent:

- Zebra label code: a ZPL field's data (`^FD...^FS`) and an EPL text line's string (`A50,50,0,3,1,1,N,"..."`),
  maybe after a label of its own (`Ship to: `, `Tel: `) or under a `^FX` comment that names it (`^FX recipient`).
  A barcode's data (a `^B` command in the field, EPL `B` lines) is a product's code and never read. A run of
  phone digits valid as a US number (or with its `+`) is a phone number; with a label or a comment naming an SSN
  (`proxy.guard.keyed.headed`) nine digits are an SSN; letters are a name as a caller's name is
  (`proxy.nlp.tel30._caller_name`: a listed given name and another listed name), or, after a label or comment that
  names a person (`Ship to`, `Attn`, `recipient`, `customer name`: `proxy.nlp.tables.column_kind`), a listed given
  name and capitalised words (`Widget Pro`, `SKU-4411-BLUE`, `Qty 12` stay). A label's first field of two or three
  words is its addressee's name when it reads as one (`_addressee`, call37, atk36 F01: `April Sutton`, `Abimbola
  Ogunleye`; not `Jasmine Rice`, `Logitech Brio`); `^FV` fields (a stored format's variables) are read as `^FD` ones,
  and a field after `^FH` with its `_XX` hex escapes decoded (`dev35_decoded`: `^FH_^FDTel_3A 617_2D482_2D2934`).
- Android content-provider dumps (`adb shell content query`: `Row: 0 display_name=..., data1=..., mimetype=...`):
  `data1`/`data4` of a `phone_v2` row, and `number`, `normalized_number`, `formatted_number`, `address` (an SMS's
  other end) are phone numbers when valid; `display_name*`, a call log's `name`/`cached_name` and `data1`-`data3`,
  `data5` of a structured `name` row are names (other mimetypes' `data1`, a group's id, stay).
- Asterisk: a caller id written `"Name" <number>` (sip.conf/pjsip `callerid=`, `CALLERID(all)=`, a CDR's `clid`
  column, doubled quotes in CSV or `\\"` escaped) or `callerid=Name <number>`: the number (valid as a phone number:
  internal extensions `<1001>` are none) and the name (one listed given name is enough); a CDR row's other quoted
  cells that are such a number (`src`); an AMI event's `CallerIDName:`/`ConnectedLineName:` and the dialplan's
  `CALLERID(name)=`/`CONNECTEDLINE(name)=` (a name as after a person's label), their `...Num:`/`(num)=` numbers and
  an event's `Exten:` (`1001`, an extension, is none); a channel's name holding a number (call37, atk36 F06:
  `SIP/6174822934-000001`, `PJSIP/`, `IAX2/`, `DAHDI/i1/`, `Local/...@`; `SIP/trunk-out-1`, `SIP/100-2` none);
  a Master.csv row's `src` and `dst` by its layout
  (`"acct","src","dst","from-pstn",`: a dialplan context's name fourth), before its `clid` has come (a stream's window).
- PyPDF2/pypdf form fields (`{'/T': 'ssn', '/V': '123456789'}`, `reader.get_fields()`): a `/V` value is read by
  the field's name (`/T`, its tooltip `/TU`, and the key the field stands under): a phone's or an SSN's name makes
  it that type (read after the type's context word, so the recognizer still decides); a person's name or a name's
  part (`full_name`, `last_name`) makes letters a name. Names (`/Off`, `/Yes`) and amounts stay.

Phone numbers and SSNs are `proxy.guard.keyed.labelled_values` readings (`phone: <value>`); names are PERSON
findings in the workers (`with_dev35`). Gated by substrings (`^FD`, `,N,"`, `Row:`, `" <`, `/V`, `","`,
`allerID`); pure functions, CPU only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["dev35_decoded", "dev35_values", "with_dev35"]

Found = tuple[int, int, str]
Result = tuple[str, int, int, float]
_SCORE = 0.85

_PHONE = re.compile(r"\+?\(?[0-9][0-9 ().-]{8,20}[0-9]")
_SSN = re.compile(r"[0-9]{3}-?[0-9]{2}-?[0-9]{4}")
_WORDS = re.compile(r"[^\W\d_][\w'’.-]*")
_NAME_VALUE = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:,?[ \t]+[^\W\d_][^\W\d_'’.-]*){0,3}")
# Words before a field's value that label it (`Ship to:`, `Tel:`, `Ph`); a colon or `#` after words, or one short
# word before digits.
_LABEL = re.compile(r"(?P<l>[A-Za-z][A-Za-z.#/]{0,15}(?:[ \t]+[A-Za-z][A-Za-z.#/]{0,15}){0,2})[ \t]*(?::|#|(?=[ \t]+"
                    r"\+?\(?[0-9]))[ \t]*")
# Labels of a label's or a form's field that name a person beside `proxy.nlp.tables.column_kind`'s.
_PERSON_LABELS = frozenset({"ship to", "deliver to", "to", "attn", "attention", "from", "sold to", "bill to",
                            "name", "full name", "fullname", "display name", "c/o"})


# A ZPL field that holds only such a label (`^FDSHIP TO^FS`, `^FDDeliver to:^FS`): the next field is its value.
_PERSON_HEADINGS = frozenset({"ship to", "deliver to", "attn", "attention", "sold to", "bill to", "recipient",
                              "consignee", "c/o", "to"})


def _label_kind(label: str) -> str | None:
    """"person", "parts" (of a name), "PHONE_NUMBER", "US_SSN" or None for a field labelled `label`."""
    label = " ".join(label.replace("_", " ").replace("-", " ").split()).strip(" :#-").lower()
    if not label:
        return None
    from proxy.guard.keyed import headed
    from proxy.nlp.tables import column_kind

    types = headed(label)
    if types:
        return types[0]
    kind = column_kind(label)
    if kind == "parts":
        return "parts"
    if label in _PERSON_LABELS or kind == "people":
        return "person"
    return None


def _name_span(value: str, names: NameLists, person: bool, part: bool = False,
               field: bool = False) -> tuple[int, int] | None:
    """[start, end) of the name `value` is: a caller's name (`proxy.nlp.tel30._caller_name`: a listed given name
    and another listed name); where `person` (a label names a person) also a listed given name alone, or two or
    three capitalised words, each a listed name or none of the commonest words and no company's (`Sunita Raman`, not
    `Grace Foods`, `Acme Logistics`); where `field` (a label's text field) such words, the first a listed given name
    that is no common word (`Desmond Achebe`, not `Victoria Park`... `Widget Pro`); where `part` (a label names a
    name's part) one capitalised word that is a listed name or no common word."""
    from proxy.nlp.tel30 import _caller_name

    span = _caller_name(value, names, person or part)
    if span is not None or not (person or part or field):
        return span
    words = [(m.start(), m.end(), m.group()) for m in _WORDS.finditer(value)]
    if part and len(words) == 1 and _NAME_VALUE.fullmatch(value.strip()) is not None:
        w = words[0][2]
        return (words[0][0], words[0][1]) if w[:1].isupper() and (names.is_name(w) or not names.is_common(w)) \
            else None
    if not 2 <= len(words) <= 3 or _NAME_VALUE.fullmatch(value.strip()) is None \
            or field and not person and (not names.is_first(words[0][2]) or names.is_common(words[0][2])):
        return None
    from proxy.nlp.edi31 import _NOT_PERSON  # a company's, a desk's words (`Acme Logistics`, `Front Desk`)

    if not all(w[:1].isupper() and w.lower() not in _NOT_PERSON
               and (names.is_name(w) or w.lower() not in names.very_common) for _, _, w in words):
        return None
    return words[0][0], words[-1][1]


# ------------------------------------------------------------------------------------------------ Zebra labels

_CAPITALISED = re.compile(r"[A-Z][^\W\d_]")
_ZPL_FD = re.compile(r"\^F[DV](?P<v>[^^~\r\n]{1,200})")  # (`^FV`, a stored format's variable field: call37)
_ZPL_BARCODE = re.compile(r"\^B[0-9A-XZ]")  # a barcode command (not `^BY`, the barcodes' defaults)
_ZPL_FX = re.compile(r"\^FX(?P<c>[^^~\r\n]{1,80})")
# `^FH` (its indicator, `_` unless given): the next field's data holds `_XX` hex escapes (call37, atk36 F01).
_ZPL_FH = re.compile(r"\^FH(?P<i>[^^~\r\n]?)")
# A label's first text field that is a name as a person's label names one: two to three words, no digits.
_ZPL_NAME = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[ \t]+[^\W\d_][^\W\d_'’.-]*){1,2}")
# A field that is a street's line (`14 Harrow Lane`, `Apt 4, 22 Queen Street`).
_STREET = re.compile(r"\^F[DV](?:[^^\r\n]{0,40}?(?<![\w-]))?[0-9]{1,6}[A-Za-z]?[ \t]+(?:[A-Z][a-z]+[ \t]+){1,3}"
                     r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Row|Way|Drive|Dr|Court|Ct|Place|Pl|Close|Crescent|Boulevard|Blvd"
                     r"|Terrace|Square|Sq|Gardens|Parkway|Pkwy|Highway|Hwy|Mews|Walk|Grove|Hill)\.?(?![\w])")
_EPL_TEXT = re.compile(r"(?m)^[ \t]*A[0-9]{1,4},[0-9]{1,4},[0-3],[0-9A-Za-z]{1,2},[0-9]{1,2},[0-9]{1,2},[NR],"
                       r"\"(?P<v>[^\"\r\n]{1,200})\"")
# A field: [start, end) of its value in the text, its label, the value as read (hex escapes decoded), the text's
# offset of each of its characters (and of its end) where decoded, and whether it is a label's first text field.
Field = tuple[int, int, str, str, list[int] | None, bool]


def _zpl(text: str) -> bool:
    return "^FD" in text or "^FV" in text


def _unhex(raw: str, mark: str) -> tuple[str, list[int]]:
    """`raw` with each `mark` and two hex digits read as their character, and the offset in `raw` of each character
    read (and of its end)."""
    out: list[str] = []
    at: list[int] = []
    i = 0
    while i < len(raw):
        if raw[i] == mark and all(c in "0123456789abcdefABCDEF" for c in raw[i + 1:i + 3]) and i + 3 <= len(raw):
            out.append(chr(int(raw[i + 1:i + 3], 16)))
            at.append(i)
            i += 3
        else:
            out.append(raw[i])
            at.append(i)
            i += 1
    at.append(len(raw))
    return "".join(out), at


def _addressee(value: str, names: NameLists, lex: Lexicon, street: bool) -> tuple[int, int] | None:
    """[start, end) of a label's first text field (`_ZPL_NAME`) as its addressee's name (call37, atk36 F01):
    capitalised words, none a company's or a desk's, the last no English noun or adjective (`lex`, in the
    singular too), the first a given name of any list (`April Sutton`, `Summer Clifton`) or no such word before a
    listed surname (`Abimbola Ogunleye`) or, where a later field is a street's line (`street`: `22 Queen Street`),
    before any such word (`Ikaika Kahale`); not `Widget Pro`, `Jasmine Rice`, `Grace Foods`, `Front Desk`."""
    from proxy.nlp.edi31 import _NOT_PERSON

    parts = value.split()

    def word(w: str) -> bool:
        w = w.lower()
        return any(v in lex.nouns or v in lex.adjectives for v in (w, w[:-1] if w.endswith("s") else w))

    if all(w[:1].isupper() and w.lower() not in _NOT_PERSON for w in parts) and not word(parts[-1]) \
            and (names.is_any_first(parts[0]) or not word(parts[0]) and (names.is_name(parts[-1]) or street)):
        return 0, len(value)
    return None


def _label_fields(text: str) -> Iterator[Field]:
    """Each ZPL field's and EPL text line's value (after a label of its own), with the label (its own or its `^FX`
    comment's words; "" if none): see `Field`."""
    fields: list[tuple[int, int, str, str, bool | None]] = []  # (..., a label's first field: None for EPL)
    if _zpl(text):
        done, new = 0, True
        for m in _ZPL_FD.finditer(text):
            before, done = text[done:m.start()], m.end()
            new = new or "^XA" in before
            if _ZPL_BARCODE.search(before) is not None:
                continue
            comments = _ZPL_FX.findall(before)
            hexed = _ZPL_FH.findall(before)
            fields.append((m.start("v"), m.end("v"), comments[-1] if comments else "", (hexed[-1] or "_") if hexed
                           else "", new))
            new = False
    if ',N,"' in text or ',R,"' in text:
        fields += [(m.start("v"), m.end("v"), "", "", None) for m in _EPL_TEXT.finditer(text)]
    named = False  # a field of the label so far held words only (`_ZPL_NAME`)
    heading = ""  # a field that is a person's label alone (`^FDSHIP TO^FS`) labels the next field (left38)
    for a, b, comment, mark, opens in fields:
        value, at = _unhex(text[a:b], mark) if mark else (text[a:b], None)
        i, j = 0, len(value)
        while j > i and value[j - 1] in " \t":
            j -= 1
        while i < j and value[i] in " \t":
            i += 1
        label = _LABEL.match(value, i, j)
        if label is not None and label.end() < j:
            i, comment = label.end(), label.group("l")
        elif heading and opens is not None:
            comment = heading
        heading = value[i:j] if opens is not None and value[i:j].rstrip(" \t:").lower() in _PERSON_HEADINGS else ""
        if heading:
            continue
        named = bool(not opens and named)
        first = opens is not None and not named
        named = named or _ZPL_NAME.fullmatch(value, i, j) is not None
        if at is None:
            yield a + i, a + j, comment, value[i:j], None, first
        else:
            yield a + at[i], a + at[j], comment, value[i:j], [a + k for k in at[i:j + 1]], first


def _before_commands(text: str, found: list[Result]) -> list[Result]:
    """`found` with each PERSON finding that runs over a ZPL command (`Desmond Achebe^FS^FO20`, a list's items cut
    at `^FO20,60`) cut before the command's `^`, where what is left holds a capitalised word; else dropped."""
    out: list[Result] = []
    for r in found:
        cut = text.find("^", r[1], r[2]) if r[0] == "PERSON" else -1
        if cut < 0:
            out.append(r)
        elif _CAPITALISED.search(text, r[1], cut) is not None:
            while text[cut - 1] in " \t":
                cut -= 1
            out.append((r[0], r[1], cut, r[3]))
    return out


# ------------------------------------------------------------------------------------------------ Android dumps

_ROW = re.compile(r"(?m)^[ \t]*Row:[ \t]*[0-9]{1,9}[ \t]+(?P<b>[^\r\n]{1,4000})")
_PAIR = re.compile(r"(?:^|(?<=, ))(?P<k>[A-Za-z_][A-Za-z0-9_]{0,40})=")
_ROW_PHONE_KEYS = frozenset({"number", "normalized_number", "formatted_number", "phone_number", "address",
                             "matched_number"})
_ROW_NAME_KEYS = frozenset({"display_name", "display_name_alt", "display_name_primary", "display_name_alternative",
                            "name", "cached_name", "phonebook_name"})


def _rows(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, key, mimetype) of each value of each `Row:` line of a content-provider dump."""
    for row in _ROW.finditer(text):
        body, base = row.group("b"), row.start("b")
        pairs = list(_PAIR.finditer(body))
        values = [(p.group("k"), base + p.end(), base + (pairs[i + 1].start() - 2 if i + 1 < len(pairs)
                                                         else len(body.rstrip())))
                  for i, p in enumerate(pairs)]
        mimetype = next((text[a:b] for k, a, b in values if k == "mimetype"), "")
        for k, a, b in values:
            if b > a:
                yield a, b, k, mimetype


def _row_kind(key: str, mimetype: str) -> str | None:
    if key in _ROW_PHONE_KEYS or key in ("data1", "data4") and mimetype.endswith("/phone_v2"):
        return "PHONE_NUMBER"
    if key in _ROW_NAME_KEYS or key in ("data1", "data2", "data3", "data5") and mimetype.endswith("/name"):
        return "person"
    return None


# ------------------------------------------------------------------------------------------------ Asterisk

_CALLERID = re.compile(r"(?P<q>\\?\"{1,2})(?P<n>[^\"<>\\\r\n]{1,60})(?P=q)[ \t]*<(?P<v>\+?[0-9]{7,15})>"
                       r"|(?i:callerid(?:\(all\))?)[ \t]*=[ \t]*(?P<n2>[^\"<>=\r\n]{1,60}?)[ \t]*"
                       r"<(?P<v2>\+?[0-9]{7,15})>")
# An Asterisk CDR row (Master.csv): accountcode, src, dst, dcontext (a dialplan context's name), clid, ...: its
# src and dst known by the layout before the clid arrives (a stream's first window).
_CDR = re.compile(r"(?m)^\"[^\"\r\n]{0,40}\",\"(?P<src>[^\"\r\n]{0,20})\",\"(?P<dst>[^\"\r\n]{0,40})\","
                  r"\"(?:from-[\w-]{1,40}|[\w-]{0,20}(?:internal|default|inbound|outbound|incoming|outgoing|pstn|trunk"
                  r"|local|did|ivr|queue)[\w-]{0,20})\",")
_CELL_NUMBER = re.compile(r"(?<![^,\r\n])\"(?P<v>\+?[0-9]{10,15})\"(?=,|[ \t]*\r?$|[ \t]*\n)")


# A caller's name or number by its AMI header (`CallerIDName: `) or dialplan function (`CALLERID(name)=`).
_AMI = re.compile(r"(?m)^[ \t]*(?:(?P<n>CallerIDName|ConnectedLineName)|CallerIDNum|ConnectedLineNum|Exten)"
                  r"[ \t]*:[ \t]*"
                  r"(?P<v>[^\r\n]{1,60}?)[ \t]*\r?$"
                  r"|(?i:CALLERID|CONNECTEDLINE)\((?:(?P<f>name)|num|number|ani(?:-num)?)\)[ \t]*=[ \t]*\"?"
                  r"(?P<w>[^\"()\r\n]{1,60}?)\"?[ \t]*\)")


def _callers(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, a name) of each AMI event's caller's name or number and each `CALLERID(...)=` value."""
    if "Name" not in text and "Num" not in text and "(" not in text and "Exten" not in text:
        return
    for m in _AMI.finditer(text):
        g = "v" if m.group("v") is not None else "w"
        yield m.start(g), m.end(g), m.group("n" if g == "v" else "f") is not None


def _callerids(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(name start, name end, number start, number end) of each caller id `"Name" <number>`."""
    if "<" not in text or not ('" <' in text or '"<' in text or "allerid" in text or "ALLERID" in text):
        return  # (`callerid=Name <n>`, `CALLERID(all)=`)
    for m in _CALLERID.finditer(text):
        g = "n" if m.group("n") is not None else "n2"
        yield m.start(g), m.end(g), m.start("v" if g == "n" else "v2"), m.end("v" if g == "n" else "v2")


# A channel's name with the caller's number in it (call37, atk36 F06): `SIP/6174822934-000001`, `PJSIP/...-0000a1f2`,
# `IAX2/`, `DAHDI/i1/`, `Local/6174822934@from-internal-...;1` (`SIP/trunk-out-000001`, `SIP/100-...`: no number).
_CHANNEL_GATE = re.compile(r"(?:SIP|IAX2|DAHDI|Local|Skinny|SCCP|H323|MGCP|WebRTC|Motif)/")
_CHANNEL = re.compile(r"(?<![\w/])(?:PJSIP|SIP|IAX2|DAHDI(?:/[ig]?[0-9]{1,3})?|Local|Skinny|SCCP|OOH323|H323|MGCP"
                      r"|WebRTC|Motif)/(?P<v>\+?[0-9]{10,15})(?=[-@;,/\"')\s]|$)")


def _channels(text: str) -> Iterator[re.Match[str]]:
    """Each Asterisk channel's name holding a number (`_CHANNEL`)."""
    if _CHANNEL_GATE.search(text) is None:
        return iter(())
    return _CHANNEL.finditer(text)


# ------------------------------------------------------------------------------------------------ PDF form fields

_PDF_V = re.compile(r"(?P<q>['\"])/V(?P=q)[ \t]*:[ \t]*(?P<r>['\"])(?P<v>[^'\"\\\r\n]{1,120})(?P=r)")
_PDF_NAME = re.compile(r"(?P<q>['\"])/TU?(?P=q)[ \t]*:[ \t]*(?P<r>['\"])(?P<v>[^'\"\\\r\n]{1,120})(?P=r)")
_PDF_KEY = re.compile(r"(?P<q>['\"])(?P<k>[^'\"\\/\r\n]{1,64})(?P=q)[ \t]*:[ \t]*\Z")


def _pdf_fields(text: str) -> Iterator[tuple[int, int, str]]:
    """[start, end) of each form field's `/V` value with the field's names (`/T`, `/TU`, the key it stands under)."""
    if "/V" not in text or "/T" not in text:
        return
    for m in _PDF_V.finditer(text):
        a = text.rfind("{", max(0, m.start() - 600), m.start())
        b = text.find("}", m.end(), m.end() + 600)
        if a < 0 or b < 0 or "{" in text[a + 1:m.start()] or "{" in text[m.end():b]:
            continue
        labels = [t.group("v") for t in _PDF_NAME.finditer(text, a, b)]
        key = _PDF_KEY.search(text[max(0, a - 80):a])
        if key is not None:
            labels.append(key.group("k"))
        if m.group("v").startswith("/") or not labels:
            continue
        yield m.start("v"), m.end("v"), " ".join(labels)


def _pdf_kind(labels: str) -> str | None:
    kinds = [_label_kind(label) for label in labels.split(" ")] + [_label_kind(labels)]
    for kind in ("US_SSN", "PHONE_NUMBER", "person", "parts"):
        if kind in kinds:
            return kind
    return None


# ------------------------------------------------------------------------------------------------ hooks

def _gated(text: str) -> bool:
    """Whether `text` may hold one of the formats (`^FD`; EPL's `,N,"`, a CDR's `","`; `Row:`; `/V`; a caller id)."""
    return _zpl(text) or ',"' in text or "Row:" in text or "/V" in text or "aller" in text or "edLine" in text \
        or "ALLER" in text


def dev35_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of each phone number and SSN of `text` a device or file format's field names (see the
    module's docstring), to be read after the type's context word (`proxy.guard.keyed.labelled_values`)."""
    out: list[Found] = []
    if not wanted & {"PHONE_NUMBER", "US_SSN"} or not (_gated(text) or "/" in text and _CHANNEL_GATE.search(text)):
        return out
    from proxy.nlp.cue27 import valid_phone

    def typed(a: int, b: int, kind: str | None) -> None:
        value = text[a:b]
        if kind == "US_SSN" and _SSN.fullmatch(value) is not None:
            out.append((a, b, "US_SSN"))
        elif kind in (None, "PHONE_NUMBER") and _PHONE.fullmatch(value) is not None and valid_phone(value):
            out.append((a, b, "PHONE_NUMBER"))

    for a, b, label, _, at, _ in _label_fields(text):
        if at is None:
            typed(a, b, _label_kind(label))
    if "/" in text:
        for m in _channels(text):
            typed(m.start("v"), m.end("v"), "PHONE_NUMBER")
    if "Row:" in text:
        for a, b, key, mimetype in _rows(text):
            if _row_kind(key, mimetype) == "PHONE_NUMBER":
                typed(a, b, "PHONE_NUMBER")
    for a, b, name in _callers(text) if "allerID" in text or "edLine" in text or "ALLERID" in text else ():
        if not name:
            typed(a, b, "PHONE_NUMBER")
    lines: set[int] = set()
    for _, _, a, b in _callerids(text):
        typed(a, b, "PHONE_NUMBER")
        lines.add(text.rfind("\n", 0, a) + 1)
    for start in lines:  # a CDR row's other cells with a number (`src`, `dst`)
        end = text.find("\n", start)
        for m in _CELL_NUMBER.finditer(text, start, len(text) if end < 0 else end):
            typed(m.start("v"), m.end("v"), "PHONE_NUMBER")
    if '","' in text:
        for m in _CDR.finditer(text):
            typed(m.start("src"), m.end("src"), "PHONE_NUMBER")
            typed(m.start("dst"), m.end("dst"), "PHONE_NUMBER")
    for a, b, labels in _pdf_fields(text):
        kind = _pdf_kind(labels)
        if kind in ("US_SSN", "PHONE_NUMBER"):
            typed(a, b, kind)
    return [f for f in dict.fromkeys(out) if f[2] in wanted]


def dev35_decoded(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value to read) of each phone number and SSN of a ZPL field whose data holds `^FH` hex escapes
    (`^FH_^FDTel_3A 617_2D482_2D2934^FS`, call37): read decoded, as `dev35_values` reads a field."""
    out: list[tuple[int, int, str, str]] = []
    if "^FH" not in text or not _zpl(text) or not wanted & {"PHONE_NUMBER", "US_SSN"}:
        return out
    from proxy.nlp.cue27 import valid_phone

    for a, b, label, value, at, _ in _label_fields(text):
        kind = _label_kind(label) if at is not None else "-"
        if kind == "US_SSN" and _SSN.fullmatch(value) is not None:
            out.append((a, b, "US_SSN", value))
        elif kind in (None, "PHONE_NUMBER") and _PHONE.fullmatch(value) is not None and valid_phone(value):
            out.append((a, b, "PHONE_NUMBER", value))
    return [f for f in out if f[2] in wanted]


def with_dev35(text: str, found: list[Result], entities: list[str], names: NameLists,
               lex: Lexicon | None = None) -> list[Result]:
    """`found` with the names of a device or file format's fields (see the module's docstring) as PERSON where no
    PERSON covers them (a PERSON inside one is widened to it); a PERSON over a ZPL command cut to its field."""
    if "PERSON" not in entities or not _gated(text):
        return found
    spans: list[tuple[int, int]] = []

    def named(a: int, b: int, person: bool, part: bool = False, field: bool = False) -> None:
        span = _name_span(text[a:b], names, person, part, field)
        if span is not None:
            spans.append((a + span[0], a + span[1]))

    for a, b, label, value, at, first in _label_fields(text):
        kind = _label_kind(label)
        addressee = kind is None and first and _ZPL_NAME.fullmatch(value) is not None
        span = _name_span(value, names, kind == "person", kind == "parts", True) \
            or (_addressee(value, names, lex, _STREET.search(text, b, text.find("^XZ", b) % (len(text) + 1))
                           is not None) if addressee and lex is not None else None)
        if span is not None:
            spans.append((a + span[0], a + span[1]) if at is None else (at[span[0]], at[span[1]]))
    if _zpl(text):
        found = _before_commands(text, found)
    if "Row:" in text:
        for a, b, key, mimetype in _rows(text):
            if _row_kind(key, mimetype) == "person":
                value = text[a:b]
                if key != "data1" and key in ("data2", "data3", "data5") and _NAME_VALUE.fullmatch(value) \
                        and value[:1].isupper():
                    spans.append((a, b))  # a structured name's given, family or middle name
                else:
                    named(a, b, True)
    for a, b, _, _ in _callerids(text):
        named(a, b, True)
    for a, b, name in _callers(text) if "allerID" in text or "edLine" in text or "ALLERID" in text else ():
        if name:
            named(a, b, True)
    for a, b, labels in _pdf_fields(text):
        kind = _pdf_kind(labels)
        if kind in ("person", "parts"):
            named(a, b, kind == "person", kind == "parts")
    added = [("PERSON", a, b, _SCORE) for a, b in dict.fromkeys(spans)
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    if not added:
        return found
    return [r for r in found if not any(r[0] == "PERSON" and a <= r[1] and r[2] <= b for _, a, b, _ in added)] + added
