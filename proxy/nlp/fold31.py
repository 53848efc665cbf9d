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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

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
    if ("BEGIN:" in text or "begin:" in text or "Begin:" in text) and _BEGIN.search(text) is not None:
        return _ANY_LINE
    return _KNOWN_LINE if _KNOWN_HINT.search(text) is not None else None


def _crlf(text: str) -> bool:
    """Whether every line break of `text` is a CRLF, as an iCalendar / vCard writer ends its lines: a streamed window
    that starts inside a property's line (its name released before) reads its first line as one."""
    return "\r\n" in text and text.count("\n") == text.count("\r\n")


_END = re.compile(r"(?m)^END:V(?:CALENDAR|CARD|EVENT|TODO|JOURNAL|ALARM|TIMEZONE|FREEBUSY)\r?$")
_FIRST_BREAK_ENDS = re.compile(r"(?<!\\)[.,!?;:]\r\n")  # a sentence's or a clause's end (iCalendar escapes `\,`)


def _window_start(text: str, shape: re.Pattern[str] | None) -> bool:
    """Whether the first line of a CRLF text may be a property's line that a streamed window started inside: the text
    shows a document elsewhere (a property line, an `END:V...` line), or its first line does not end a sentence or a
    clause (`Hi team,` then an indented line is prose)."""
    if shape is not None or ("END:" in text and _END.search(text) is not None):
        return True
    first = text.find("\r\n")
    return first > 0 and _FIRST_BREAK_ENDS.match(text, first - 1) is None


def unfold(text: str) -> Iterator[tuple[int, int, str]]:
    """Each fold of an iCalendar / vCard property line (a line break, then one space or tab) removed."""
    shape = _shape(text)
    crlf = ("\r\n " in text or "\r\n\t" in text) and _crlf(text) and _window_start(text, shape)
    if shape is None:
        if not crlf:
            return
        shape = _KNOWN_LINE
    prop = crlf  # the logical line read is a property line (the first: where the text is CRLF, may be one)
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1  # this physical line: text[pos:end]
        if pos and text[pos] in " \t" and prop:
            brk = pos - 2 if pos >= 2 and text[pos - 2] == "\r" else pos - 1
            yield brk, pos + 1, ""
        elif pos or not prop:
            prop = shape.match(text, pos) is not None
        pos = end


_LOOK_BACK = 4096  # characters read back for a logical line's start (`fold_open`)


_SEPARATORS = frozenset(" \t\r\n;:,")


def _property_at(text: str, lo: int, pos: int, cut: int) -> bool:
    """Whether the physical line of `text` starting at `pos` belongs to a property's logical line (its start read
    back through continuation lines, not before `lo`): a known name's, any name's in a document (`BEGIN:V...` from
    `lo` on), or the text's first line where its line breaks are CRLFs (a window started inside one)."""
    start = pos
    while start > lo and text[start:start + 1] in (" ", "\t"):  # a continuation: its logical line began before
        start = max(lo, text.rfind("\n", lo, start - 1) + 1)
    if start == lo and text[start:start + 1] in (" ", "\t") or start == 0:
        return start == 0 and _crlf(text[:cut + 2]) or _KNOWN_LINE.match(text, start) is not None
    if _KNOWN_LINE.match(text, start) is not None:
        return True
    return _ANY_LINE.match(text, start) is not None and _BEGIN.search(text, lo, cut) is not None


def fold_open(text: str, cut: int) -> bool:
    """Whether a streamed window may not end at `cut` of `text` (the pending text, or a window's): inside a fold of
    an iCalendar / vCard property line (after its CR, its LF, or the space or tab that follows), or inside the word
    a fold may still continue (the last one of a property's physical line whose end is unknown or followed by a
    fold). Cuts between words, after `;`, `:` or `,`, and at a logical line's end stay."""
    n = len(text)
    if cut <= 0 or cut > n:
        return False
    prev, nxt = text[cut - 1], text[cut:cut + 1]
    if prev == "\n":
        if nxt not in ("", " ", "\t"):
            return False
        line = text.rfind("\n", 0, cut - 1) + 1  # the physical line the break ends
    elif prev == "\r":
        if nxt not in ("", "\n"):
            return False
        line = text.rfind("\n", 0, cut - 1) + 1
    elif prev in " \t" and cut >= 2 and text[cut - 2] == "\n":
        line = cut - 1  # right after a fold's space: the continuation's line
    else:
        if prev in _SEPARATORS:
            return False
        end = text.find("\n", cut)
        if end >= 0 and text[end + 1:end + 2] not in ("", " ", "\t"):
            return False  # the line ends with no fold after it
        stop = n if end < 0 else end
        if any(ch in _SEPARATORS for ch in text[cut:min(stop, cut + 80)].rstrip("\r")) or stop - cut > 80:
            return False  # a separator stands between the cut and the line's end
        line = text.rfind("\n", 0, cut) + 1
    lo = max(0, cut - _LOOK_BACK)
    return line >= lo and _property_at(text, lo, line, cut)


# --------------------------------------------------------------------------- escapes of CSS, RTF, quoted-printable

_CSS_STRING = re.compile(r"(?<![\w-])[A-Za-z-]{1,40}[ \t]*:[ \t]*(?:'((?:\\.|[^'\\\r\n]){0,2000})'"
                         r"|\"((?:\\.|[^\"\\\r\n]){0,2000})\")")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?")
_RTF_ESCAPE = re.compile(r"\\'([0-9a-fA-F]{2})")
_HEADER_LINE = re.compile(r"(?im)(?:^(?:from|to|cc|bcc|reply-to)|(?<![\w-])(?:subject|comments|thread-topic))[ \t]*:"
                          r"[^\r\n]*")
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


# RTF's `\\uN` (a UTF-16 unit in decimal, negative above 32767) and the fallback a reader without Unicode shows,
# one character (`?`, or a `\\'hh`) unless `\\uc0` says none (esc39, atk38 F03: `Bj\\u246?rn Sigur\\u240?sson`).
_RTF_UNICODE = re.compile(r"\\u(-?[0-9]{1,5}) ?(?:\\'[0-9a-fA-F]{2}|[^\\{}\s])?")
_RTF_UC = re.compile(r"\\uc([0-9])")


def _rtf(text: str) -> Iterator[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    if "\\'" in text:
        for m in _RTF_ESCAPE.finditer(text):
            ch = bytes([int(m.group(1), 16)]).decode("cp1252", errors="replace")
            if ch.isprintable() and ch != "\ufffd":
                found.append((m.start(), m.end(), ch))
    if "\\u" in text:
        uc = [(m.start(), m.group(1) != "0") for m in _RTF_UC.finditer(text)] if "\\uc" in text else []
        high: tuple[int, int, int] | None = None  # (start, code) of a high surrogate just read (enc40)
        for m in _RTF_UNICODE.finditer(text):
            code = int(m.group(1)) % 65536
            fallback = next((f for at, f in reversed(uc) if at < m.start()), True)
            end = m.end() if fallback else m.end(1)
            if high is not None and 0xDC00 <= code <= 0xDFFF and m.start() == high[2]:
                # an astral character as two units (`\u-10179?\u-8704?`, `𠮷` of a Japanese name: enc40)
                found.append((high[0], end, chr(0x10000 + ((high[1] - 0xD800) << 10) + code - 0xDC00)))
            elif 0x20 <= code and not 0xD800 <= code <= 0xDFFF and chr(code).isprintable():
                found.append((m.start(), end, chr(code)))
            high = (m.start(), code, end) if 0xD800 <= code <= 0xDBFF else None
        found.sort()
    yield from found


# An RTF `\'hh` of a cp1252 letter glued to letters outside an RTF document (a name copied out of one: `Ren\'e9e`,
# `\'c9lodie`: enc40); `l\'ecole`-like strings read so too, where no value is found.
_RTF_LETTER = re.compile(r"(?<![^A-Za-z\s({\[\"'])\\'([c-fC-F][0-9a-fA-F])(?=[A-Za-z]|\\'[c-fC-F])")


def rtf_letters(text: str) -> list[tuple[int, int, str]]:
    """Each `\\'hh` of a cp1252 letter glued to letters in a text that is no RTF document (above)."""
    if "\\'" not in text or "{\\rtf" in text:
        return []
    out = []
    for m in _RTF_LETTER.finditer(text):
        ch = bytes([int(m.group(1), 16)]).decode("cp1252")
        if ch.isalpha():
            out.append((m.start(), m.end(), ch))
    return out


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
        if ":" in text and ("'" in text or '"' in text):
            found.extend(_css(text))
        if "{\\rtf" in text and ("\\'" in text or "\\u" in text):
            found.extend(_rtf(text))
        elif "\\'" in text:
            found.extend(rtf_letters(text))  # (a name copied out of an RTF document: enc40)
    if "=" in text and ":" in text and _QP_RUN.search(text) is not None:
        from proxy.nlp.mime39 import qp_edits, word_spans  # (mime39: a QP body or vCard value in its charset)

        decoded, regions = qp_edits(text)
        regions += word_spans(text)  # (an encoded word is read whole by the view's `_encoded_word`)
        found.extend(decoded)
        found.extend(e for e in _quoted(text) if not any(a <= e[0] < b for a, b in regions))
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
_LDAP_CN = re.compile(r"(?<![\w=])(?i:CN)=(?P<name>(?P<sur>[^\W\d_][\w'’-]*)(?: [^\W\d_][\w'’.-]*)*\\?, ?"
                      r"(?P<given>[^\W\d_][\w'’-]*)(?: [^\W\d_][\w'’.-]*)*)(?=,[A-Za-z]{1,12}=|[\s\"')>;]|$)")
_MRZ_NAMES = r"(?P<name>[A-Z]+(?:<[A-Z]+)*<<[A-Z]+(?:<[A-Z]+)*|[A-Z]+(?:<[A-Z]+)*(?=<<))<*"
_MRZ_LINE1 = re.compile(rf"(?m)^(?:P[A-Z<]|[IAC][A-Z<])[A-Z<]{{3}}{_MRZ_NAMES}[ \t]*\r?$")
_MRZ_TD1_NAMES = re.compile(rf"(?m)(?<=[A-Z0-9<]{{30}}\n)[ \t]*(?=[A-Z<]{{30}}[ \t]*\r?$){_MRZ_NAMES}[ \t]*\r?$")


def _mrz_len(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text[start:end if end >= 0 else len(text)].strip())


def _with_document(chunk: str, found: list[Result], line1_end: int) -> list[Result]:
    """`found` with the document number of the zone's line 2 (after line 1 ending at `line1_end`) as US_PASSPORT, where
    no finding covers it."""
    start = chunk.find("\n", line1_end) + 1
    if start <= 0:
        return found
    line2 = chunk[start:chunk.find("\n", start) if "\n" in chunk[start:] else len(chunk)]
    m = re.match(r"(?P<doc>[A-Z0-9]{6,9})<*[0-9<][A-Z<]{3}\d{6}[0-9<][MFX<]\d{6}", line2)
    if m is None or len(m.group(0)) < 10 or m.start("doc") != 0:
        return found
    a, b = start + m.start("doc"), start + m.end("doc")
    if any(r[1] < b and a < r[2] for r in found):
        return found
    return [*found, ("US_PASSPORT", a, b, 0.85)]


def _with_person(found: list[Result], a: int, b: int) -> list[Result]:
    """`found` with one PERSON over [a, b) in place of the PERSON spans inside it; left alone where a finding of
    another type overlaps it or a PERSON reaches past it."""
    if any(r[1] < b and a < r[2] and (r[0] != "PERSON" or r[1] < a or r[2] > b) for r in found):
        return found
    return [r for r in found if not (r[1] < b and a < r[2])] + [("PERSON", a, b, 0.85)]


def _property_name(chunk: str, r: Result) -> bool:
    _, a, b, _ = r
    return chunk[a:b] in _PROPERTY_NAMES and (a == 0 or chunk[a - 1] in "\r\n") and chunk[b:b + 1] in (":", ";")


def _ldap_name(names: NameLists | None, m: re.Match[str]) -> bool:
    """Whether a DN's `CN=Surname\\, Given` names a person: a listed first name after the comma, or a listed name
    before it and no capitals-only word after it (`CN=Sales\\, EMEA` is a group)."""
    if names is None:
        return True
    given = m.group("given")
    from proxy.nlp.fp32 import ldap_group  # `CN=Tyler\\, Build Agents` is a group (fp32)

    if ldap_group(m.group("name")[m.start("given") - m.start("name"):]):
        return False
    return names.is_any_first(given) or (names.is_name(m.group("sur")) and not given.isupper())


def with_fold31(chunk: str, found: list[Result], names: NameLists | None = None,
                entities: list[str] | None = None) -> list[Result]:
    """`found` (spans of `chunk`) without property names read as persons, with an LDAP DN's `Surname\\, Given` and
    a machine-readable zone's holder name as PERSON (see the module). `names`: the name lists (an LDAP name needs
    one of its words listed). `entities`: the types asked for (with `US_PASSPORT`, a zone's document number too)."""
    if any(r[0] == "PERSON" for r in found) and ("\n" in chunk or chunk[:3].isupper()):
        found = [r for r in found if not (r[0] == "PERSON" and _property_name(chunk, r))]
    if "=" in chunk and "," in chunk:
        for m in _LDAP_CN.finditer(chunk):
            if _ldap_name(names, m):
                found = _with_person(found, m.start("name"), m.end("name"))
    if "<<" in chunk:
        for m in _MRZ_LINE1.finditer(chunk):
            if 30 <= _mrz_len(chunk, m.start()) <= 46:
                found = _with_person(found, m.start("name"), m.end("name"))
                if entities is not None and "US_PASSPORT" in entities:
                    found = _with_document(chunk, found, m.end())
        for m in _MRZ_TD1_NAMES.finditer(chunk):
            found = _with_person(found, m.start("name"), m.end("name"))
    return found
