"""Documents whose writers split or escape a value as their format says (fold31, atk30 F8, F8c, F26, F14, F16).

- iCalendar / vCard line folding (RFC 5545 3.1, RFC 6350 3.2): a content line longer than 75 octets goes on in the
  next line after a line break (CRLF or LF) and ONE space or tab, anywhere, mid-word (`mailto:margaret.okonk\\r\\n
  wo@acme-corp.com`, `SUMMARY:Project Fal\\r\\n con`). `unfold` (a pass of `proxy.nlp.normalize`'s views) removes the
  line break and that one character where the logical line is a property line of such a document: a `BEGIN:VCARD`,
  `BEGIN:VCALENDAR`, `BEGIN:VEVENT`... in the text and a line of a property's shape (`NAME:` or `NAME;params`), or,
  in a fragment without `BEGIN:` (a streamed window), a property name of these formats in capitals (`SUMMARY:`,
  `ATTENDEE;`, `EMAIL;`, `X-...`) with no space after its `:`. A span found over the fold maps back over it, so a
  placeholder covers the fold. Indented prose, YAML (`key: value`), code and Markdown lists are no property lines:
  they stay as written. `fold_open`: a streamed window never ends at a line break such a fold may follow.
- Escapes a format decodes that the view read only partly (`escapes31`, a pass before the view's own escapes): a CSS
  escape (`\\46 `, `\\20 `: backslash, 1 to 6 hex digits, one optional space) inside a quoted string of a CSS
  declaration (`content: 'Project \\46 alcon';`), an RTF `\\'46` in an RTF document (`{\\rtf1 ...`), and a single
  quoted-printable `=XX` glued to a letter or a digit on a mail header's line (`Subject: Project=20Falcon`) or in a
  text that says it is quoted-printable (`Content-Transfer-Encoding: quoted-printable`).
- PII findings (`with_fold31`, on the view's text): a property name is no person (`N:Volkov;Dmitri;;;` had its `N`
  read as one); an LDAP / Active Directory DN's common name `CN=Volkov\\, Dmitri` (the escaped comma joins surname
  and given name) is one name, whole; the holder's name in a machine-readable zone (ICAO 9303: a passport's line 1,
  `P<USAOKONKWO<<MARGARET<ADAEZE<<<...`; TD2 `I<UTO...`; a TD1 card's third line) is one name, surname to last
  given name.

Pure functions, CPU only; each scan is gated by a cheap substring test and is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["escapes31", "fold_open", "unfold", "with_fold31"]

Result = tuple[str, int, int, float]

# --------------------------------------------------------------------------- iCalendar / vCard folding

_BEGIN = re.compile(r"(?m)^[ \t]*BEGIN:V(?:CALENDAR|CARD|EVENT|TODO|JOURNAL|ALARM|TIMEZONE|FREEBUSY)\b", re.I)
# Property names of RFC 5545 / 6350 (and X- names) in capitals: a property line in a fragment without `BEGIN:`.
_KNOWN = (r"ATTENDEE|ORGANIZER|SUMMARY|DESCRIPTION|LOCATION|COMMENT|CONTACT|DTSTART|DTEND|DTSTAMP|UID|RRULE"
          r"|RECURRENCE-ID|CATEGORIES|RESOURCES|URL|EMAIL|TEL|FN|ADR|NOTE|ORG|TITLE|NICKNAME|IMPP|X-[A-Z0-9-]+")
_KNOWN_LINE = re.compile(rf"(?:{_KNOWN})(?:;[^\r\n]|:[^\s])")
_ANY_LINE = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,63}(?:;[^\r\n]|:[^\s])")
_KNOWN_HINT = re.compile(rf"(?m)^(?:{_KNOWN})[;:]")
_FOLD = re.compile(r"\r?\n[ \t]")


def _shape(text: str) -> re.Pattern[str] | None:
    """The property line's shape in `text`: any name in a document (`BEGIN:V...`), a known one in a fragment; None
    where `text` has neither."""
    if _BEGIN.search(text) is not None:
        return _ANY_LINE
    return _KNOWN_LINE if _KNOWN_HINT.search(text) is not None else None


def unfold(text: str) -> Iterator[tuple[int, int, str]]:
    """Each fold of an iCalendar / vCard property line (a line break, then one space or tab) removed."""
    shape = _shape(text)
    if shape is None:
        return
    prop = False  # the logical line read is a property line
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1  # this physical line: text[pos:end]
        if pos and text[pos] in " \t" and prop:
            brk = pos - 2 if pos >= 2 and text[pos - 2] == "\r" else pos - 1
            yield brk, pos + 1, ""
        else:
            prop = shape.match(text, pos) is not None
        pos = end


_LOOK_BACK = 4096  # characters read back for a logical line's start (`fold_open`)


def fold_open(text: str, cut: int) -> bool:
    """Whether a streamed window may not end at `cut` of `text`: right after a line break (or inside a CRLF) of a
    property line that a fold may still continue (the next character a space or a tab, or not known yet)."""
    if cut <= 0 or cut > len(text) or text[cut - 1] not in "\r\n":
        return False
    nxt = text[cut:cut + 1]
    if text[cut - 1] == "\r":
        if nxt not in ("", "\n"):
            return False
    elif nxt not in ("", " ", "\t"):
        return False
    lo = max(0, cut - _LOOK_BACK)
    window = text[lo:cut]
    shape = _shape(window)
    if shape is None:
        return False
    brk = len(window) - 1
    if window[brk] == "\n" and brk and window[brk - 1] == "\r":
        brk -= 1
    start = window.rfind("\n", 0, brk) + 1
    while start and window[start:start + 1] in (" ", "\t"):  # a continuation: its logical line began before
        start = window.rfind("\n", 0, start - 1) + 1
    return shape.match(window, start) is not None


# --------------------------------------------------------------------------- escapes of CSS, RTF, quoted-printable

_CSS_STRING = re.compile(r"(?<![\w-])[A-Za-z-]{1,40}[ \t]*:[ \t]*(?:'((?:\\.|[^'\\\r\n]){0,2000})'"
                         r"|\"((?:\\.|[^\"\\\r\n]){0,2000})\")")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?")
_RTF_ESCAPE = re.compile(r"\\'([0-9a-fA-F]{2})")
_HEADER_LINE = re.compile(r"(?im)^(?:subject|comments|thread-topic|from|to|cc|bcc|reply-to)[ \t]*:[^\r\n]*")
_QP_TEXT = re.compile(r"(?i)content-transfer-encoding[ \t]*:[ \t]*quoted-printable")
_QP_RUN = re.compile(r"(?:=[0-9A-F]{2})+")


def _qp(run: str) -> str | None:
    """What a run of `=XX` escapes encodes (UTF-8), where printable and no ASCII letter or digit (QP never escapes
    those: `617=555=0143` is a number)."""
    try:
        decoded = bytes.fromhex(run.replace("=", "")).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded if decoded.isprintable() and not any(c.isascii() and c.isalnum() for c in decoded) else None


def _css(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _CSS_STRING.finditer(text):
        g = 1 if m.group(1) is not None else 2
        for e in _CSS_ESCAPE.finditer(text, m.start(g), m.end(g)):
            if text[e.start() - 1] == "\\" and e.start() - 1 >= m.start(g):
                continue  # (`\\46`: an escaped backslash then `46`; a rare edge, left as written)
            code = int(e.group(1), 16)
            if 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF and chr(code).isprintable():
                yield e.start(), e.end(), chr(code)


def _rtf(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _RTF_ESCAPE.finditer(text):
        ch = bytes([int(m.group(1), 16)]).decode("cp1252", errors="replace")
        if ch.isprintable() and ch != "\ufffd":
            yield m.start(), m.end(), ch


def _glued(text: str, a: int, b: int) -> bool:
    return (a > 0 and text[a - 1].isascii() and text[a - 1].isalnum()) \
        or (b < len(text) and text[b].isascii() and text[b].isalnum())


def _quoted(text: str) -> Iterator[tuple[int, int, str]]:
    spans = [(0, len(text))] if _QP_TEXT.search(text) else [m.span() for m in _HEADER_LINE.finditer(text)]
    for lo, hi in spans:
        for m in _QP_RUN.finditer(text, lo, hi):
            if _glued(text, m.start(), m.end()):
                decoded = _qp(m.group())
                if decoded is not None:
                    yield m.start(), m.end(), decoded


def escapes31(text: str) -> Iterator[tuple[int, int, str]]:
    """The escapes of a CSS declaration's string, an RTF document and a quoted-printable header line (see above)."""
    found: list[tuple[int, int, str]] = []
    if "\\" in text:
        if ":" in text:
            found.extend(_css(text))
        if "{\\rtf" in text and "\\'" in text:
            found.extend(_rtf(text))
    if "=" in text and ":" in text:
        found.extend(_quoted(text))
    if not found:
        return
    found.sort()
    done = 0
    for a, b, new in found:  # (the three never overlap in practice; the first at a place wins)
        if a >= done:
            yield a, b, new
            done = b


# --------------------------------------------------------------------------- PII findings

_PROPERTY_NAMES = frozenset("""
N FN ORG TITLE ROLE NOTE ADR TEL EMAIL NICKNAME BDAY ANNIVERSARY GENDER LANG TZ GEO URL UID KIND MEMBER RELATED
CATEGORIES LABEL MAILER SORT-STRING SOURCE PRODID VERSION REV PHOTO LOGO SOUND KEY IMPP CALURI FBURL CALADRURI
SUMMARY DESCRIPTION LOCATION ORGANIZER ATTENDEE CONTACT COMMENT STATUS CLASS TRANSP SEQUENCE PRIORITY RESOURCES
""".split())
_LDAP_CN = re.compile(r"(?<![\w=])(?i:CN)=(?P<name>[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’.-]*)*\\?, ?"
                      r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’.-]*)*)(?=,[A-Za-z]{1,12}=|[\s\"')>;]|$)")
_MRZ_NAMES = r"(?P<name>[A-Z]+(?:<[A-Z]+)*<<[A-Z]+(?:<[A-Z]+)*|[A-Z]+(?:<[A-Z]+)*(?=<<))<*"
_MRZ_LINE1 = re.compile(rf"(?m)^(?:P[A-Z<]|[IAC][A-Z<])[A-Z<]{{3}}{_MRZ_NAMES}[ \t]*\r?$")
_MRZ_TD1_NAMES = re.compile(rf"(?m)(?<=[A-Z0-9<]{{30}}\n)[ \t]*(?=[A-Z<]{{30}}[ \t]*\r?$){_MRZ_NAMES}[ \t]*\r?$")


def _mrz_len(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text[start:end if end >= 0 else len(text)].strip())


def _with_person(found: list[Result], a: int, b: int) -> list[Result]:
    """`found` with one PERSON over [a, b) in place of the PERSON spans inside it; left alone where a finding of
    another type overlaps it or a PERSON reaches past it."""
    if any(r[1] < b and a < r[2] and (r[0] != "PERSON" or r[1] < a or r[2] > b) for r in found):
        return found
    return [r for r in found if not (r[1] < b and a < r[2])] + [("PERSON", a, b, 0.85)]


def _property_name(chunk: str, r: Result) -> bool:
    _, a, b, _ = r
    return chunk[a:b] in _PROPERTY_NAMES and (a == 0 or chunk[a - 1] in "\r\n") and chunk[b:b + 1] in (":", ";")


def with_fold31(chunk: str, found: list[Result], entities: list[str] | None = None) -> list[Result]:
    """`found` (spans of `chunk`) without property names read as persons, with an LDAP DN's `Surname\\, Given` and
    a machine-readable zone's holder name as PERSON (see the module)."""
    if entities is not None and "PERSON" not in entities:
        return found
    if any(r[0] == "PERSON" for r in found) and ("\n" in chunk or chunk[:3].isupper()):
        found = [r for r in found if not (r[0] == "PERSON" and _property_name(chunk, r))]
    if "=" in chunk and "," in chunk:
        for m in _LDAP_CN.finditer(chunk):
            found = _with_person(found, m.start("name"), m.end("name"))
    if "<<" in chunk:
        for m in _MRZ_LINE1.finditer(chunk):
            if 30 <= _mrz_len(chunk, m.start()) <= 46:
                found = _with_person(found, m.start("name"), m.end("name"))
        for m in _MRZ_TD1_NAMES.finditer(chunk):
            found = _with_person(found, m.start("name"), m.end("name"))
    return found
