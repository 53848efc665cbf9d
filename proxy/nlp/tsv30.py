"""Bare-digit phone numbers after a signature's or a chat's cues no recognizer lists (issue 12, atk28 F09/F19).

A bare run of digits is a phone number to Presidio only with a context word before it (`phone`, `mobile`, `call me
at`). Signatures, chat exports and quoted replies write the number as digits after cues of their own, or on a line
of its own under a person's name. Each value found here is read after the phone's context word (`proxy.guard.keyed.
labelled_values`: a `Keyed` reading, `phone: 4155550199`), so the recognizer's own checks still decide, and each
must be valid to `phonenumbers` first (`proxy.nlp.cue27.valid_phone`: with its `+`, or as a US, GB, IN, AU, DE or
FR number):

- a line's cue (F09): `Direct line`, `Direct dial`, `Direct #`, `Direct:` (with its colon), `DID` and `DDI` (in
  capitals), `Pager`, `Beeper`, `Hotline`, `Helpline`, `Switchboard`, `Main line`, `Toll-free`, then `:`, `#`, `is`
  or nothing, then ten to fifteen digits (`my direct line is 4155550199`, `DID 4155550199`); a country's short
  form before `number`/`no.`/`phone`/`mobile`/`line` (`SG number 9123 4567`, `HK mobile 9123 4567`): eight digits
  valid in that country (SG, HK). Not `Pager duty rotation`, `DID you know`: no number right after the cue;
- a call-me phrase (F19) of English, German, French, Spanish, Italian, Dutch, Portuguese (`call me`, `reach me`,
  `Bitte ruf mich an`, `rufen Sie mich an`, `erreichbar unter`, `appelez-moi`, `llámame`, `chiamami`, `bel me`,
  `liga-me`), then the number on the same line or, after a colon, on the next line, quoted (`> `) or not;
- a signature's number (F19): a line of its own (a quote's `>` marks before it allowed) holding only bare-digit
  numbers, each alone or after a one-letter label (`4155550199`, `14155550199`, `o 4155550123 | m 4155550199`),
  where a person's name opens one of the up to five lines above it in the same block (no blank line between): a
  line that is the name alone or its first cell before `|` or `,` (`Emily Chen`, `Emily Chen | Northwind`,
  `Jürgen Becker`): a listed given name and a listed name, or no common word after an uncommon given name. Each
  number valid as written (`_plausible`: a `0` opens a national form of GB, DE, FR, IN or AU, ten digits are a US
  number, eleven one after its `1`; not `1699999999`, a Unix time, though valid in Germany). An id
  under a title with no name above it (`Quarterly report\n4155550199`), an order's or a ticket's number after its
  label (`Order 4155550199`, or on the line under it: `Ticket ID:\n4155550199`) are no signature's number.

Gated by a run of four digits and the cues' substrings; pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.cue27 import valid_phone

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Found = tuple[int, int, str]

_FOUR = re.compile(r"[0-9]{4}")
_REGIONS = ("US", "GB", "IN", "AU", "DE", "FR")
_LEAD = r"[ \t]*(?::|#|=|-|–|—|(?i:is))?[ \t]*(?::[ \t]*)?"
_VALUE = r"(?P<v>\+?[0-9](?:[0-9]|[ .-](?=[0-9(])|\((?=[0-9]{3}\))|\)[ .-]?(?=[0-9])){9,22})(?![\w@])"
_CUE = re.compile(r"(?<![\w@./-])(?:(?i:direct[ \t]+(?:line|dial|number|no\.|phone|tel\.?)|direct[ \t]*#"
                  r"|direct(?=[ \t]*:)|pager|beeper|hotline|help[ \t]?line|switchboard|main[ \t]+line"
                  # (a signature's labels in other words and languages, atk30 F11)
                  r"|t[ée]l\.|tlf\.?|m[óo]vil|puhelin|direkt(?=[ \t]*:)|durchwahl|recepci[óo]n(?=[ \t]*:)"
                  r"|emergency(?=[ \t]*:)|(?:out[ \t]+of|after)[ \t]+hours(?=[ \t]*:)|night[ \t]+line"
                  r"|toll[ \t-]?free)|DID|DDI)(?![\w])" + _LEAD + _VALUE)
_CUE_WORDS = ("direct", "direkt", "pager", "beeper", "hotline", "helpline", "help line", "switchboard", "main line",
              "tél.", "tel.", "tlf", "móvil", "movil", "puhelin", "durchwahl", "recepci", "emergency", "hours",
              "night line",
              "toll", "DID", "DDI")
_COUNTRY = re.compile(r"(?<![\w@./-])(?P<c>SG|HK)[ \t]+(?i:number|no\.?|num|phone|mobile|cell|line|hp|tel\.?)"
                      r"(?:[ \t]+(?i:is))?[ \t]*:?[ \t]*(?P<v>(?:\+(?:65|852)[ \t]?)?[0-9]{4}[ \t-]?[0-9]{4})(?![\w@])")
_CALL_ME = re.compile(
    r"(?i)(?<![\w])(?:call[ \t]+me|reach[ \t]+me|text[ \t]+me|ruf(?:e|t)?[ \t]+mich[ \t]+(?:bitte[ \t]+)?an"
    r"|rufen[ \t]+sie[ \t]+mich[ \t]+(?:bitte[ \t]+)?an|erreichen[ \t]+sie[ \t]+mich|erreichbar"
    r"|appel(?:le|lez)[ -]moi|llámame|llamame|chiamami|bel[ \t]+me|ligue-me|liga-me)"
    r"(?:[ \t]+(?:bitte|unter|at|on|au|al|op|para|sous))?[ \t]*[:,]?[ \t]*(?:\r?\n(?:[ \t]*>)*[ \t]*)?" + _VALUE)
_CALL_WORDS = ("call me", "reach me", "text me", "mich", "erreichbar", "moi", "mame", "chiamami", "bel me", "-me")
# A signature's number line: numbers alone or after a one-letter label, apart by `|`, `·`, `•`, `/` or blanks.
_QUOTE = re.compile(r"(?:[ \t]*>)+[ \t]?")
_ITEM = r"(?:[A-Za-z]\.?:?[ \t]*)?\+?[0-9]{10,15}"
_NUMBER_LINE = re.compile(r"[ \t]*" + _ITEM + r"(?:[ \t]*[|·•/][ \t]*" + _ITEM + r"|[ \t]{2,}" + _ITEM + r")*[ \t]*")
_NUMBER = re.compile(r"\+?[0-9]{10,15}")
# An HTML signature's line breaks: `<br>`, a paragraph's or a block's tags (sig35).
_HTML_BREAK = r"(?i:<br[ \t]*/?>|</?(?:p|div|li|td|tr)\b[^<>]{0,80}>)"
_NUMBER_LINE_AT = re.compile(r"(?m)(?:^|" + _HTML_BREAK + r")(?:[ \t]*>)*[ \t]*(?:[A-Za-z]\.?:?[ \t]*)?\+?[0-9]{10,15}"
                             r"[ \t]*(?:[|·•/]|$|<)")
# A line break as written or an HTML signature's (sig35); a name line's later cell holding a number (sig35).
_BREAK = re.compile(r"(?:[ \t\r\n]*" + _HTML_BREAK + r")+|\n")  # (`</div><div>`: one break)
_CELL_AT = re.compile(r"[|,·•][ \t]*(?:[A-Za-z]\.?:?[ \t]*)?\+?[0-9]{10,15}[ \t]*(?:[|,·•\r\n<]|$)")
_CELL = re.compile(r"[^|,·•]+")
_NAME = re.compile(r"[^\W\d_a-z][^\W\d_A-Z]+(?:[ \t][A-Z]\.)?(?:[ '’-][^\W\d_a-z][^\W\d_A-Z]+){1,2}")
_ABOVE = 5
# A line ending with an id's label (`Ticket ID:`, `Order #`, `Invoice no.`): the number under it is the id.
_ID_LABEL = re.compile(r"(?i)(?:(?<![\w])(?:id|no\.?|nr\.?|nos?\.|number)[ \t]*:?|#[ \t]*:?|(?<![\w])(?:ref(?:erence)?"
                       r"|order|ticket|invoice|case|account|acct|po|sku|tracking|serial|code|pin|zip)[ \t]*:)[ \t]*$")
_PHONE_WORD = re.compile(r"(?i)phone|mobile|cell|tel|fax|contact|whatsapp")


def phone_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, `PHONE_NUMBER`) of each number after a cue or in a signature (the module's docstring)."""
    out: list[Found] = []
    if "PHONE_NUMBER" not in wanted or _FOUR.search(text) is None:
        return out
    lower = text.lower()
    if any(w in lower for w in _CUE_WORDS[:-2]) or "DID" in text or "DDI" in text:
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _CUE.finditer(text)
                   if 10 <= _digits(m.group("v")) <= 15 and valid_phone(m.group("v"), _REGIONS))
    if "SG " in text or "HK " in text:
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _COUNTRY.finditer(text)
                   if valid_phone(m.group("v"), ("SG",) if m.group("c") == "SG" else ("HK",)))
    if any(w in lower for w in _CALL_WORDS):
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _CALL_ME.finditer(text)
                   if 10 <= _digits(m.group("v")) <= 15 and valid_phone(m.group("v"), _REGIONS))
    if ("\n" in text or "<" in text) and _NUMBER_LINE_AT.search(text) is not None \
            or _CELL_AT.search(text) is not None:
        out.extend(_signature_numbers(text))
    return out


_HTML_NUMBER_LINE = re.compile(_HTML_BREAK + r"[ \t]*(?:[A-Za-z]\.?:?[ \t]*)?\+?[0-9]{10,15}[ \t]*(?:[|·•/]|$|<)")


def html_number_line(text: str) -> bool:
    """Whether `text` holds an HTML signature's number line (`<br>6174938261<br>`): a stream's window holding one is
    read after what its field released before (`proxy.guard.windows.OutputWindows._in_context`), the name above."""
    return "<" in text and _HTML_NUMBER_LINE.search(text) is not None


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _signature_numbers(text: str) -> list[Found]:
    """The numbers of a signature's number lines under a person's name (the module's docstring)."""
    out: list[Found] = []
    lines: list[tuple[int, str]] = []  # (offset of the line's content, its content without a quote's marks)
    at = 0
    for brk in [*_BREAK.finditer(text), None]:
        raw = text[at:brk.start() if brk is not None else len(text)]
        q = _QUOTE.match(raw)
        skip = q.end() if q is not None else 0
        lines.append((at + skip, raw[skip:].rstrip("\r")))
        at = brk.end() if brk is not None else len(text)
    lists = None
    table: int | None = None  # where a table starts
    for n, (off, line) in enumerate(lines):
        if len(line) <= 200 and _CELL_AT.search(line) is not None:
            if table is None:  # (a table's header names its rows' cells: `proxy.nlp.cue27._rows` leaves them so)
                from proxy.nlp.cue27 import _TABLE_RULE, _header

                rule = _TABLE_RULE.search(text)
                table = len(text) if rule is None else rule.start()
                if any(_header(lines[0][1], sep) for sep in "|,"):
                    table = 0
            if off < table:
                lists = lists or _lists()
                out.extend(_name_cells(lists, off, line))
        if len(line) > 80 or _NUMBER_LINE.fullmatch(line) is None:
            continue
        above: list[str] = []
        for k in range(n - 1, max(-1, n - 1 - _ABOVE), -1):
            if not lines[k][1].strip():
                break
            above.append(lines[k][1])
        if not above or _ID_LABEL.search(above[0]) is not None and _PHONE_WORD.search(above[0]) is None:
            continue  # (`Ticket ID:` on the line above: the number is the ticket's)
        lists = lists or _lists()
        if not any(_name_line(lists, a) for a in above):
            continue
        out.extend((off + m.start(), off + m.end(), "PHONE_NUMBER") for m in _NUMBER.finditer(line)
                   if _plausible(m.group()))
    return out


def _lists() -> NameLists:
    from proxy.nlp.names import name_lists

    return name_lists()


def _name_cells(lists: NameLists, off: int, line: str) -> list[Found]:
    """The numbers of a name line's later cells, each a number alone or after a one-letter label (`Dana Kerr | VP
    Sales | 6174938261`, `Dana Kerr, Northwind, m. 6174938261`): not a table's row (its header reads it)."""
    if line.lstrip().startswith("|"):
        return []  # (a Markdown table's row, its header out of a stream's window: `| Ed Kim | 7185550134 |`)
    cells = list(_CELL.finditer(line))
    if len(cells) < 2 or not _name_line(lists, cells[0].group()):
        return []
    out: list[Found] = []
    for before, cell in zip(cells, cells[1:], strict=False):
        body = cell.group().strip(" \t\r")
        number = _NUMBER.search(body)
        if _ID_LABEL.search(before.group().rstrip() + ":") is not None:
            continue  # (`Dana Kerr | Order | 4158839912`: the cell before labels an id, as a line above would)
        if _NUMBER_LINE.fullmatch(body) is not None and number is not None and _plausible(number.group()):
            at = off + cell.start() + cell.group().index(body) + number.start()
            out.append((at, at + len(number.group()), "PHONE_NUMBER"))
    return out


def _plausible(value: str) -> bool:
    """Whether an unlabelled number is a phone number as written: with its `+`, in a national form after a trunk
    `0` (GB, DE, FR, IN, AU), or a US one (ten digits, or eleven after a `1`)."""
    if value.startswith("0"):
        return valid_phone(value, _REGIONS[1:])
    return valid_phone(value)


def _name_line(lists: NameLists, line: str) -> bool:
    """Whether `line` is a person's name alone, or opens with one as its first cell (before `|` or `,`)."""
    cell = re.split(r"[|,]", line, maxsplit=1)[0].strip(" \t")
    if len(cell) > 60 or _NAME.fullmatch(cell) is None:
        return False
    words = [w for w in re.split(r"[ \t'’-]+", cell) if not w.endswith(".")]
    first, last = words[0], words[-1]
    return lists.is_any_first(first) and not lists.is_very_common(last) \
        and (lists.is_name(last) or lists.is_first(first) and not lists.is_common(first))


__all__ = ["html_number_line", "phone_values"]
