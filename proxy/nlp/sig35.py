"""Bare-digit phone numbers after a signature's short labels, before a label, and in call lists (atk33 F09, F18, F06,
F19).

A bare run of ten digits is a phone number to Presidio only with a context word before it. Each value found here is
read after the type's context word (`proxy.guard.keyed.labelled_values`: a `Keyed` reading, `phone: 6175550143`),
so the recognizer's own checks still decide, and only a value valid to `phonenumbers` as a US number (or with its
`+`: `proxy.nlp.cue27.valid_phone`) is read at all:

- a signature's one-letter label (`sig35_values`) in brackets (`(m) 6174938261`, `(c)`, `(o)`, `(h)`, `(w)`, `(t)`,
  `(p)`, `(f)`: anywhere), or in lower case or with a dot (`m. 6174938261`, `c: 6174938261`, `O. ...`) at a line's
  start or after a `|`, a `·`, a `•`, a `,` or an HTML `<br>` (`proxy.nlp.cue27`, `proxy.nlp.phone33` read `M:`,
  `H:` so), the value ending its line or its cell;
- a label after the number (`sig35_values`): an extension (`6174938261 ext. 12`, `x12`, `extn 4`, `extension 12`),
  or the line's kind (`mobile`, `cell`, `office`, `home`, `work`, `direct`, `fax`, `landline`, `whatsapp`, bare, in
  brackets or after `-`), that kind ending its line or its cell;
- a one-letter label after the number or in square brackets before it (call37, atk36 F04): `6174938261 (c)`,
  `(w)`, `(h)`, `(o)`, ending its line or cell; `[m] 6174938261`, `[o]`;
- a call's or a message's notice before the number (`_NOTICE`, call37, atk36 F14): `New voicemail from ...`,
  `Voicemail (0:42) from ...`, `voice message`, `Caller ID`, `callback`, `rang`, `dialled`, `phoned`; `SMS`, `MMS`,
  `text`, `message`, `call` only with `from`/`by`; and each bare number of a call list's rows after its label on a
  line of its own (`Callers today:\n1. unknown 7379904412`, `Call log (Monday)`, `Voicemails:`: `_call_rows`);
- a call list's label (`call_list`, read by `proxy.guard.keyed.headed` and its list label `_LABEL`): `Callers`,
  `Emergency contacts`, `Missed calls`, `Call log`, `Recent calls`, `Blocked numbers`, `Whitelist` and their kin:
  every value listed after it (`Callers:\\n- A\\n- B\\n- C\\n- D`), as after `Phones:`; the column headers
  `caller`, `callee` are `proxy.nlp.conc33.call_head`'s.

Not: `(c) 2026`, `Step (a) 1234567890` (no such label, or no valid number), `1700000000 x 3` (no extension glued to
its digits, no valid number), an order's or an invoice's number under its own label. Gated by a run of ten digits
and each reader's substrings; pure functions, CPU only.
"""

from __future__ import annotations

import re

from proxy.nlp.cue27 import valid_phone

__all__ = ["CALL_LISTS", "call_list", "sig35_values"]

Found = tuple[int, int, str]

_TEN = re.compile(r"[0-9]{10}")
# A bare number: ten digits, eleven after a `1`, or a `+` and eleven to fifteen (no grouping: grouped numbers are the
# recognizer's own).
_NUMBER = r"(?P<v>\+[0-9]{11,15}|1?[0-9]{10})(?![0-9]|[.,][0-9]|[\w@])"
_CELL_END = r"(?=[ \t]*(?:$|[|·•,;)<\r\n]|\\n))"
# A one-letter label in brackets anywhere; in lower case or with a dot where a line or a cell starts.
_BRACKET = re.compile(r"(?<![\w@)\]])(?:\((?i:[mcohwtpf])\)|\[(?i:[mcohwtpf])\])[ \t]*:?[ \t]*" + _NUMBER + _CELL_END)
_LETTER = re.compile(r"(?m)(?:^|(?<=[|·•,>])|(?<=\\n))[ \t]*(?:[mcohwtpf][.:]|[MCOHWTPF]\.)[ \t]*" + _NUMBER
                     + _CELL_END)
_KINDS = r"mobile|cell(?:phone)?|office|home|work|direct|fax|landline|whats[ \t]?app"
# (an extension's digits may be a stream's next window: `6174938261 ext.` is read before `12` arrives)
_AFTER = re.compile(r"(?<![\w@.+/-])(?P<v>\+[0-9]{11,15}|1?[0-9]{10})(?:[ \t]*,?[ \t]*(?i:ext\.?|extn\.?|extension"
                    r"|ext[ \t]*#)(?:[ \t]*[0-9]{1,6})?|[ \t]?x[0-9]{1,6}|[ \t]*(?:[-–—,/][ \t]*)?"
                    r"(?:\((?i:" + _KINDS + r")\)|(?:\((?i:[mcohwtpf])\)|\[(?i:[mcohwtpf])\]|(?i:" + _KINDS + r"))"
                    + _CELL_END + r"))(?![\w@])")
_AFTER_WORDS = ("ext", "x", "(", "[", "mobile", "cell", "office", "home", "work", "direct", "fax", "landline", "whats")

# The labels of call lists (`_LABEL` of `proxy.guard.keyed` reads them as a list's label, `headed` as a phone's).
CALL_LISTS = (r"call(?:er|ee)s?|(?:emergency|phone)[ _-]?contacts?|(?:missed|recent|incoming|outgoing|received"
              r"|dialled|dialed|blocked|rejected)[ _-]?calls|call[ _-]?(?:logs?|history|list)|(?:blocked|allowed"
              r"|whitelisted|blacklisted|trusted)[ _-]?(?:numbers|callers)|(?:white|allow|block|black)[ _-]?list")
_CALL_LIST = re.compile(r"(?i)" + CALL_LISTS)


# A call's or a message's notice before its caller's bare number (call37, atk36 F14): `New voicemail from 5124822934`,
# `Voicemail (0:42) from ...`, `Caller ID 5124822934`, `callback`, `rang`, `dialled`, `phoned`; a call's, an SMS's
# or a text's only with `from` or `by` (`SMS from 5124822934`; `message 2024052312` alone is another thing).
_NOTICE = re.compile(r"(?i)(?<![\w@.-])(?:(?:voice[ -]?mail|voice[ -]?message|caller[ _-]?id|call[ -]?back|rang"
                     r"|dial(?:l)?ed|phoned)s?(?!\w)[ \t]*(?:\([0-9:]{1,8}\)[ \t]*)?(?:(?:from|by)[ \t]+)?"
                     r"|(?:calls?|sms|mms|texts?|messages?|msg)[ \t]*(?:\([0-9:]{1,8}\)[ \t]*)?(?:from|by)[ \t]+)"
                     r"[:#=-]?[ \t]*" + _NUMBER)
_NOTICE_WORDS = ("voice", "caller", "back", "rang", "dial", "phoned", "from", "by")
# A call list's label on a line of its own (`Callers today:`, `Missed calls`, `## Voicemails`, `Call log (Monday)`):
# the lines after it up to a blank line are its rows, each row's bare number a caller's, named or not (call37, atk36
# F14: `3. unknown 7379904412`, `- 09:02 7379904412 (0:42)`); what follows the label's colon on its line is a row too.
_LIST_HEAD = re.compile(r"(?im)^[ \t#*>]*(?:" + CALL_LISTS + r"|voice[ -]?mails?)(?:[ \t]+[\w'()./-]{1,20}){0,3}"
                        r"[ \t*]*(?::|$)")
_ROW_NUMBER = re.compile(r"(?<![\w@.+/:-])" + _NUMBER)
MAX_ROWS = 1000


def _call_rows(text: str) -> list[Found]:
    """(start, end, `PHONE_NUMBER`) of each bare number of a call list's rows (`_LIST_HEAD`)."""
    out: list[Found] = []
    for head in _LIST_HEAD.finditer(text):
        end = text.find("\n\n", head.end())
        end = len(text) if end < 0 else end
        for n, line in enumerate(re.finditer(r"[^\n]+", text[head.end():end])):
            if n > MAX_ROWS:
                break
            base = head.end() + line.start()
            out.extend((base + m.start("v"), base + m.end("v"), "PHONE_NUMBER")
                       for m in _ROW_NUMBER.finditer(line.group()))
    return out


def call_list(label: str) -> bool:
    """Whether a list's label or a column's header is a call list's, whole (`Callers`, `Missed calls`, `Whitelist`)."""
    return _CALL_LIST.fullmatch(label.strip(" \t:#")) is not None


def sig35_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, `PHONE_NUMBER`) of each bare number after a signature's one-letter label or before a label (the
    module's docstring); only where `PHONE_NUMBER` is in `wanted`."""
    if "PHONE_NUMBER" not in wanted or _TEN.search(text) is None:
        return []
    out: list[Found] = []
    if "(" in text or "[" in text:
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _BRACKET.finditer(text))
    if "." in text or ":" in text:
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _LETTER.finditer(text))
    lower = text.lower()
    if any(w in lower for w in _AFTER_WORDS):
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _AFTER.finditer(text))
    if any(w in lower for w in _NOTICE_WORDS):
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _NOTICE.finditer(text))
    if any(w in lower for w in ("call", "voice", "list", "contact", "number")):
        out.extend(_call_rows(text))
    return [f for f in dict.fromkeys(out) if valid_phone(text[f[0]:f[1]])]
