"""An SSN or a phone number a few words after its cue, or the next of a pair or a list (issue 12, atk28 F01/F02).

Presidio reads a context word five tokens back at most, so a bare value further from its cue goes as sent: `Here is
the social security number of the new hire starting Monday: 536904399`, `Phone number for Emily Chen, our new
customer: 6175550143` (a person's name between cue and value), the second value of one sentence (`The SSN for Dana
Kerr is 536904399 and for Chidi Okafor it is 536904398.`) or of a labelled list whose items carry names (`SSNs: Dana
Kerr 536904399, Chidi Okafor 536904398`). Each value found here is read after the type's context word
(`proxy.guard.keyed.labelled_values`: a `Keyed` reading, `ssn: 536904399`), so the recognizer's own checks decide.

A cue (`SSN`, `SSNs`, `social security number`, `phone number`, `telephone`, `mobile number`, `cell number`,
`contact number`) reaches, in its own clause (up to the sentence's end: `.`, `!`, `?` before a space, `;`, a line
break, and 200 characters at most):

- the first value right after `is`, `was`, `are`, `were`, `:` or `=` that closes the clause the cue opened (`... of
  the new hire starting Monday: V`, `..., as listed on the W-2 form attached, is V`);
- after a cue that is a label itself (`SSNs:`, `SSN (last 4 redacted):`), the first value with at most six words
  before it (`SSNs: Dana Kerr V`);
- each next value after a separator (`,`, `and`, `&`, `/`, `or`) with at most six words between, or after `is`/`:`
  (`V and for Chidi Okafor it is W`, `..., Chidi Okafor W`).

Never across another number's noun (`ticket`, `order`, `build`, `number`, `id`, `#`, `code`, ... : `The SSN field
was added in 2019 and ticket 536904399 tracks it.`, `the phone number is unchanged and the order number is ...`) or
the other type's cue, nor into the next clause (`Phone number formats changed; see build 6175550143.`). Gated by a
cue word and a run of nine digits.
"""

from __future__ import annotations

import re

_GATE = re.compile(r"(?i)ssn|social security|phone|mobile|cell|contact")
_NINE = re.compile(r"[0-9]{9}")
_SSN_CUE = re.compile(r"(?i)(?<![\w@./-])(?:ssns?|s\.s\.n\.?|social[ \t]+security(?:[ \t]+(?:numbers?|nos?\.?|#))?)"
                      r"(?![\w@])")
_PHONE_CUE = re.compile(r"(?i)(?<![\w@./-])(?:(?:tele)?phones?(?:[ \t]+(?:numbers?|nos?\.?|#))?"
                        r"|(?:mobile|cell|contact)(?:[ \t]+phone)?[ \t]+numbers?|cell[ \t]?phones?)(?![\w@])")
_LABEL_AFTER = re.compile(r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?:")
# The clause's end: a sentence's stop before a space or the end, `;`, a line break.
_END = re.compile(r"[.!?](?=\s|$)|;|\n")
MAX_REACH = 200
MAX_WORDS = 6
_SSN_VALUE = re.compile(r"(?<![\w@.+-])(?:[0-9]{9}|[0-9]{3}([- ])[0-9]{2}\1[0-9]{4})(?![\w@]|[.-][0-9])")
_PHONE_VALUE = re.compile(r"(?<![\w@.+-])(?:\+?1[ .-]?)?(?:\([0-9]{3}\)[ .-]?|[0-9]{3}[ .-]?)[0-9]{3}[ .-]?[0-9]{4}"
                          r"(?![\w@]|[.-][0-9])")
# What leads to the value: the verb or the colon that closes the cue's clause.
_LEAD = re.compile(r"(?i)(?:\b(?:is|was|are|were)|[:=])[ \t]*$")
_SEPARATOR = re.compile(r"(?i)^[ \t]*(?:,|&|/|\band\b|\bor\b)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|#")
# Nouns of other numbers: a value after one of them is that number's (`ticket 536904399`, `order number is ...`).
_NUMBER_NOUNS = frozenset({
    "number", "numbers", "no", "nos", "nr", "num", "#", "id", "ids", "ticket", "tickets", "order", "orders", "build",
    "builds", "invoice", "account", "acct", "case", "ref", "reference", "version", "ext", "extension", "code", "pin",
    "zip", "postal", "tracking", "confirmation", "booking", "reservation", "po", "badge", "membership",
    "policy", "claim", "record", "transaction", "serial", "model", "part", "sku", "item", "batch",
    "lot", "job", "pr", "issue", "bug", "commit", "port", "pid", "room", "flight", "route", "routing", "license",
    "licence", "passport", "card", "iban", "receipt", "shipment", "parcel", "package", "release", "patch", "step",
    "line", "row", "page", "seat", "gate", "unit", "suite", "apt", "apartment", "box", "loan",
    "mrn", "npi", "ein", "tin", "itin", "dob", "error", "errno", "status", "request", "session", "uid", "contract",
    "vin", "imei", "iccid", "otp", "password", "key", "token", "hash", "checksum",
    "total", "amount", "balance", "price", "cost", "fee", "salary", "count", "size", "timestamp", "epoch", "time",
    "date", "year", "phone", "phones", "telephone", "mobile", "cell", "fax", "ssn", "ssns", "social",
})

Found = tuple[int, int, str]


def _blocked(between: str) -> bool:
    """Whether `between` names another number or a type's cue (`_NUMBER_NOUNS`)."""
    return any(w.lower() in _NUMBER_NOUNS for w in _WORD.findall(between))


def _words(between: str) -> int:
    return len(_WORD.findall(between))


def _in_clause(text: str, cue: re.Match[str], value: re.Pattern[str], entity: str) -> list[Found]:
    start = cue.end()
    stop = min(len(text), start + MAX_REACH)
    label = _LABEL_AFTER.match(text, start)
    at = label.end() if label is not None else start
    end = _END.search(text, at, stop)
    # A label ending its line (`SSNs:\n- Dana Kerr V`) reaches to the first blank line.
    if label is not None and end is not None and end.group() == "\n" and not text[at:end.start()].strip():
        blank = text.find("\n\n", at, stop)
        end_at = blank if blank >= 0 else stop
    else:
        end_at = end.start() if end is not None else stop
    out: list[Found] = []
    pos = start
    for v in value.finditer(text, at, end_at):
        between = text[pos:v.start()]
        if _blocked(between):
            break
        if not out:
            near = label is not None and _words(text[at:v.start()]) <= MAX_WORDS
            if not (near or _LEAD.search(between)):
                continue
        elif not (_LEAD.search(between) or (_SEPARATOR.match(between) and _words(between) <= MAX_WORDS)
                  or (label is not None and _words(between) <= MAX_WORDS)):
            break
        out.append((v.start(), v.end(), entity))
        pos = v.end()
    return out


def distant_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of each SSN or phone number of `text` in its cue's clause, however many words from the
    cue (see the module's docstring)."""
    if _NINE.search(text) is None or _GATE.search(text) is None:
        return []
    out: list[Found] = []
    if "US_SSN" in wanted:
        for cue in _SSN_CUE.finditer(text):
            out.extend(_in_clause(text, cue, _SSN_VALUE, "US_SSN"))
    if "PHONE_NUMBER" in wanted:
        for cue in _PHONE_CUE.finditer(text):
            out.extend(_in_clause(text, cue, _PHONE_VALUE, "PHONE_NUMBER"))
    return out
