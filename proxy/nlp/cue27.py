"""Everyday abbreviations of an SSN's or a phone number's label before an unbroken value (issue 12, atk26 F13/F14).

A bare run of digits is an SSN or a phone number to Presidio only with a context word before it (`ssn`, `phone`),
and the forms, signatures and records people write use abbreviations no recognizer lists. Each value found here is
read after the type's context word (`proxy.guard.keyed.labelled_values`: a `Keyed` reading, `ssn: 536904399`), so
the recognizer's own checks still decide (an SSN by the SSA's rules, a phone number valid to `phonenumbers`):

- SSN labels: `SSN` glued to its value (`SSN536904399`: atk41 F03), `SS#`, `SS #:`, `SS No.`, `S.S.N.`, `S.S. #`,
  `Soc. Sec. No.`, `Soc Sec #`, `soc sec`, `Social Sec. #`
  (`TIN`, `taxpayer id` and the `tin` keys: `proxy.guard.split26`), before nine digits (or 3-2-4 groups);
- phone labels: `Ph:`, `Ph.`, `Ph #`, `Mob`, `Mob.:`, `Mob #`, `Cell:`, `Tel.`, `Signal` (the messenger:
  capitalised), and `☎`, `📞`, `📱` (an emoji's
  variation selector and a colon after it allowed), before ten to fifteen digits (grouped or not, a `+` before);
  the one-letter labels of a signature (`M:`, `T:`, `C:`, `P:`, capitalised, with their colon) only at a line's
  start or right after a `|`, before a phone-shaped value of ten or more digits;
  each number must be valid to `phonenumbers` (`valid_phone`: with its `+`, or as a US number; after a word label or
  an emoji, also as a GB, IN, AU, DE or FR one), as in the rows and records below;
- a contact row (at a line's start, or after `|`, `,`, `;`, `:`, a tab): a person's name (a given name of the
  lists, then one or two capitalised words, the last a surname of the lists: not `Apollo Server`, `Case ID`), a
  separator (`|`, `,`, `;`, a tab), ten or eleven unbroken digits and the same separator or the line's end (`Jane
  Doe | 6175550143 | Boston`, `Dana Smith, 4155550199, Sales`);
- an SMS or call record: a flat JSON object (in a JSON text or in prose) with both a `from` and a `to` key and a
  message's key (`body`, `status`, `text`, `message`, `direction`, ...): its `from` and `to` values of ten or
  eleven digits (`{"from": "4155550199", "to": "6175550188", "body": "hi"}`). `proxy.guard.keyed` leaves a bare
  ten-digit value under `from`/`to` alone (a range, a Unix time, an id); beside a message's key it is a number.

Not: `Ph: 7.4` (pH), `Mob: 12` (a game), `T: 1699999999` (a Unix time: no valid phone number), a ticket's or an
order's number after its own label, `M: ...` inside a sentence. Gated by a run of nine digits in the text.
"""

from __future__ import annotations

import re

_NINE = re.compile(r"[0-9]{9}")
_SSN_LABEL = (r"(?:ssn(?=[0-9])|ss[ \t]?(?:#|no\.?|nos?\.|num(?:ber)?\.?)|s\.[ \t]?s\.[ \t]?(?:n\.?|#)"
              r"|soc(?:ial)?\.?[ \t]?sec\.?(?:[ \t]?(?:#|no\.?|num(?:ber)?\.?|nbr\.?))?)")
_PHONE_LABEL = r"(?:ph\.?(?:[ \t]?(?:#|no\.))?|mob\.?(?:[ \t]?(?:#|no\.))?|cell|tel\.|(?-i:Signal))"
_LEAD = r"[ \t]*(?::|#|=|-|–|—|is)?[ \t]*(?::[ \t]*)?"
_SSN = re.compile(r"(?i)(?<![\w@./-])" + _SSN_LABEL + r"(?![a-z])" + _LEAD
                  + r"(?P<v>[0-9]{9}|[0-9]{3}[ .-][0-9]{2}[ .-][0-9]{4})(?![\w@.-]?[0-9])(?![\w@])")
_PHONE_VALUE = r"(?P<v>\+?[0-9](?:[0-9]|[ .-](?=[0-9(])|\((?=[0-9]{3}\))|\)[ .-]?(?=[0-9])){9,22})(?![\w@])"
_PHONE = re.compile(r"(?i)(?<![\w@./-])" + _PHONE_LABEL + r"(?![a-z])" + _LEAD + _PHONE_VALUE)
_EMOJI = re.compile(r"[☎📞📱]\ufe0f?[ \t]*:?[ \t]*" + _PHONE_VALUE)
_SHORT = re.compile(r"(?m)(?:^|\|)[ \t]*[MTCP]:[ \t]*" + _PHONE_VALUE)
_ROW = re.compile(r"(?m)(?:^|[|,;:\t])[ \t]*(?P<n>[A-Z][a-z]+(?:[ \t][A-Z][A-Za-z'’-]+){1,2})[ \t]*(?P<s>[|,;\t])"
                  r"[ \t]*(?P<v>\+?1?[0-9]{10})[ \t]*(?:(?P=s)|$)")
_OBJECT = re.compile(r"\{[^{}]{0,2000}\}")
_PAIR = re.compile(r'"(?P<k>[A-Za-z_]{1,32})"[ \t\r\n]*:[ \t\r\n]*(?P<q>"?)(?P<v>\+?[0-9]{10,11})(?P=q)(?![0-9.])')
_KEY = re.compile(r'"([A-Za-z_]{1,32})"[ \t\r\n]*:')
_MESSAGE_KEYS = frozenset({"body", "text", "message", "msg", "sms", "status", "direction", "media_url", "num_segments",
                           "messaging_service_sid", "delivered", "delivery_status", "content", "duration",
                           "call_status", "call_sid", "message_sid"})

Found = tuple[int, int, str]
# Where a labelled number without its `+` may be from (a signature's `Mob 07700 900123`); the one-letter labels: the
# US only.
_REGIONS = ("US", "GB", "IN", "AU", "DE", "FR")


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def valid_phone(value: str, regions: tuple[str, ...] = ("US",)) -> bool:
    """Whether `value` is a valid phone number to `phonenumbers`: with its `+` and country code, or in one of
    `regions` (the recognizer, given a context word, also takes numbers that are only possible: `1699999999`)."""
    import phonenumbers

    digits = "".join(c for c in value if c.isdigit())
    for region in (None,) if value.startswith("+") else regions:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(("+" if region is None else "") + digits, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def cued_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of each value after an everyday abbreviation of its type's label, in a contact row or in
    an SMS record (see the module's docstring); only the types in `wanted` (`PHONE_NUMBER`, `US_SSN`)."""
    out: list[Found] = []
    if _NINE.search(text) is None:
        return out
    if "US_SSN" in wanted:
        out.extend((m.start("v"), m.end("v"), "US_SSN") for m in _SSN.finditer(text))
    if "PHONE_NUMBER" not in wanted:
        return out
    for pattern, regions in ((_PHONE, _REGIONS), (_EMOJI, _REGIONS), (_SHORT, ("US",))):
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in pattern.finditer(text)
                   if 10 <= _digits(m.group("v")) <= 15 and valid_phone(m.group("v"), regions))
    if "\n" in text or "|" in text or "," in text or ";" in text or "\t" in text:
        out.extend(_rows(text))
    if '"from"' in text and '"to"' in text:
        out.extend(_records(text))
    return out


def _rows(text: str) -> list[Found]:
    from proxy.nlp.cued import _raw_surname
    from proxy.nlp.names import name_lists

    out: list[Found] = []
    lists = None
    rule = _TABLE_RULE.search(text)
    first = _BREAK.search(text)
    headers: dict[str, bool] = {}
    for m in _ROW.finditer(text):
        if rule is not None and rule.start() < m.start():
            continue  # (a Markdown table: its header names its columns)
        if text[m.start()] == "|" and _opens_line(text, m.start()):
            continue  # (a Markdown table's row, `| Ann Lee | 6175550143 |`: its header, maybe streamed, names it)
        if first is not None and first.end() <= m.start():
            sep = m.group("s")
            if sep not in headers:
                headers[sep] = _header(text[:first.start()], sep)
            if headers[sep]:
                continue  # (a table's header names its columns: `| Item | Order |` is no contact list)
        lists = lists or name_lists()
        words = m.group("n").split()
        if lists.is_first(words[0]) and _raw_surname(words[-1]) and valid_phone(m.group("v")):
            out.append((m.start("v"), m.end("v"), "PHONE_NUMBER"))
    return out


# A Markdown table's separator line (`|---|---|`), and a line break as written or JSON-escaped (`\n` in a string).
_TABLE_RULE = re.compile(r"(?:^|\n|\\n)[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?")
_BREAK = re.compile(r"\n|\\n")
_CELL_WORDS = re.compile(r"[^\W\d_][\w'’/&-]*")


def _opens_line(text: str, at: int) -> bool:
    """Whether only blanks stand between the line's start (a line break, as written or JSON-escaped, or a JSON
    string's opening quote) and `at`."""
    lead = text[max(0, at - 16):at]
    kept = lead.rstrip(" \t")
    return (not kept and at == len(lead)) or kept.endswith(("\n", "\\n", "\""))


def _header(line: str, sep: str) -> bool:
    """Whether a text's first line is a table's header whose cells `sep` splits: short cells without digits or
    sentence marks (`name,order`, `Item | Order`): the header readings (`proxy.guard.headings`, `proxy.nlp.tables`)
    read such a table's numbers, not the contact-row rule."""
    cells = [c.strip(" \t|") for c in line.split(sep)]
    cells = [c for c in cells if c]
    return len(cells) >= 2 and all(not any(ch.isdigit() or ch in ".:!?" for ch in c)
                                   and 1 <= len(_CELL_WORDS.findall(c)) <= 3 for c in cells)


def _records(text: str) -> list[Found]:
    out: list[Found] = []
    for obj in _OBJECT.finditer(text):
        body = obj.group()
        keys = {k.lower() for k in _KEY.findall(body)}
        if not {"from", "to"} <= keys or not keys & _MESSAGE_KEYS:
            continue
        base = obj.start()
        out.extend((base + p.start("v"), base + p.end("v"), "PHONE_NUMBER") for p in _PAIR.finditer(body)
                   if p.group("k").lower() in ("from", "to") and valid_phone(p.group("v")))
    return out
