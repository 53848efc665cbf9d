"""Bare-digit phone numbers after cues no other reader knows (issue 12, atk31 F15, F21, F25, F12).

A bare run of ten digits is a phone number to Presidio only with a context word before it. Each value found here is
read after the type's context word (`proxy.guard.keyed.labelled_values`: a `Keyed` reading, `phone: 6175550143`),
so the recognizer's own checks still decide, and only a value valid to `phonenumbers` is read at all
(`proxy.nlp.cue27.valid_phone`: as a US number, or with its `+`; after a word label also as a GB, IN, AU, DE or FR
one). On input and on output (a stream's window that starts at the number is read after what went out before it:
`proxy.guard.windows.OutputWindows._in_context`).

- payment apps (`payment_values`): `Zelle`, `Venmo`, `Cash App`, `PayPal`, `Apple Cash` (any case; a QIF payee line's
  `P` glued before it: `PZelle 6175550143`), maybe `payment`/`transfer`/`sent`/`received` and `to`/`from`, then the
  number (`Zelle 6175550143`, `Zelle to 6175550143`, an OFX `<MEMO>Zelle 6175550143`). Not `Zelle ref 2026010512`,
  `Zelle payment of 61.75`: a word outside that list stands between;
- chat exports (WhatsApp): a line that opens with a message's date (day and month first, not a log's ISO date) and
  time (`[05/01/2026, 10:03:00] `, `05/01/2026, 10:03 - `) and is a system event, no `Sender:` before it: the
  numbers after `added`, `removed`, `invited`, `changed to` (`Kenji Watanuki added 6175550143`, a list `A, B and C`,
  each ending the list or the line), and a number opening the event before `left`, `joined`, `changed`, `was
  added`/`was removed` (`6175550143 left`);
- SMPP and SMS gateway logs: the values of `source_addr`, `dest_addr`, `destination_addr`, `src_addr`, `dst_addr`,
  `msisdn` (`key=value` or `key: value`), and of `sender`, `recipient`, `to`, `from` in a line that also holds one
  of those keys or an SMPP PDU's name (`submit_sm`, `deliver_sm`). Not `source_addr_ton=1`;
- code: a call whose name says it texts or calls (its words: `sms`, `mms`, `call`, `calls`, `text`, `whatsapp`,
  `dial`, `phone`, `voice`: `send_sms(`, `client.calls.create(`, `dialNumber(`) with a keyword argument `to=`,
  `phone=`, `number=`, `to_number=`, `phone_number=`, `recipient=`, `mobile=` (a traceback's
  `send_sms(to="6175550143", name=...)`);
- labels of a signature or a dispatch record: `Viber` (capitalised), `CB#`, `C/B`, `Txt`, `SMS`, `Cont. No.`,
  `Cont #` (`CB# 6175550143`, `Please ring the customer. Cont. No. 6175550143.`); the one-letter `H:`, `W:`, `O:`
  (home, work, office) as `proxy.nlp.cue27` reads `M:`, `T:`, `C:`, `P:` (at a line's start or after a `|`), but only
  where the value ends its line or its cell (`H: 6175550143 | W: 2125550199`), a US number;
- provider-written data (`data_phones`, F12): an id, an enum or a name an answer carries not of its shape is screened
  as data (`proxy.providers.idshape.IdSlot`: `finish_reason: "stop x 6175550143"`, `error.code`); a phone-shaped
  run of digits there valid as a US number (or with its `+`) is read as a phone number, on output only.

Each reader is gated by a substring test; pure functions, CPU only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxy.nlp.cue27 import _LEAD, _PHONE_VALUE, _REGIONS, valid_phone

__all__ = ["data_phone_spans", "data_phones", "phone33_values"]

Found = tuple[int, int, str]

# A value: digits, maybe grouped (`cue27._PHONE_VALUE`), ten to fifteen of them.
_VALUE = r"(?P<v>\+?[0-9](?:[0-9]|[ .-](?=[0-9])){9,18})(?![0-9]|[.,][0-9]|[\w@])"
_QUOTED_VALUE = r"(?P<q>[\"']?)(?P<v>\+?[0-9](?:[0-9]|[ .-](?=[0-9])){9,18})(?P=q)(?![0-9]|[.,][0-9]|[\w@])"


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _valid(value: str, regions: tuple[str, ...] = ("US",)) -> bool:
    return 10 <= _digits(value) <= 15 and valid_phone(value, regions)


# ------------------------------------------------------------------------------------------------ payment apps

_PAY_WORDS = ("zelle", "venmo", "cash app", "cashapp", "paypal", "apple cash")
_PAYMENT = re.compile(
    r"(?i)(?:(?<![A-Za-z0-9])|(?<=^P)|(?<=\nP)|(?<=\\nP)|(?<=>P))"
    r"(?:zelle|venmo|cash[ \t]?app|paypal|apple[ \t]cash)(?![a-z])"
    r"(?:[ \t]+(?:payment|pmt|transfer|xfer|sent|send|received|recv|request(?:ed)?|p2p|to|from)\.?){0,3}"
    r"[ \t]*[:#-]?[ \t]*" + _VALUE)


def _payments(text: str, lower: str) -> list[Found]:
    if not any(w in lower for w in _PAY_WORDS):
        return []
    return [(m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _PAYMENT.finditer(text) if _valid(m.group("v"))]


# ------------------------------------------------------------------------------------------------ chat exports

_CHAT_LINE = re.compile(
    r"(?m)(?:^|(?<=\\n))[ \t\u200e\u200f]*\[?[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4},?[ \t]+[0-9]{1,2}:[0-9]{2}"
    r"(?::[0-9]{2})?(?:[ \t\u202f]?[AaPp]\.?[ \t]?[Mm]\.?)?\]?[ \t]*(?:-[ \t]*)?[\u200e\u200f]?"
    r"(?P<e>[^\r\n\\]{1,300})")
_EVENT_AFTER = re.compile(r"(?:^|[ \t])(?:added|removed|invited|changed[ \t]+to)[ \t]+")
_EVENT_VALUE = re.compile(r"[\u200e\u200f]?(?P<v>\+?[0-9](?:[0-9]|[ .-](?=[0-9])|\((?=[0-9]{3}\))|\)[ .-]?(?=[0-9]))"
                          r"{9,22})(?P<s>[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]*$)")
_EVENT_BEFORE = re.compile(r"[\u200e\u200f]?(?P<v>\+?[0-9](?:[0-9]|[ .-](?=[0-9])|\((?=[0-9]{3}\))|\)[ .-]?(?=[0-9]))"
                           r"{9,22})[ \t]+(?:left|joined|changed|was[ \t]+(?:added|removed))\b")


def _chat_events(text: str) -> list[Found]:
    if ":" not in text or not any(w in text for w in ("added", "removed", "invited", "changed", "left", "joined")):
        return []
    out: list[Found] = []
    for line in _CHAT_LINE.finditer(text):
        event, base = line.group("e"), line.start("e")
        first = _EVENT_BEFORE.match(event)
        if first is not None and _valid(first.group("v"), _REGIONS):
            out.append((base + first.start("v"), base + first.end("v"), "PHONE_NUMBER"))
        verb = _EVENT_AFTER.search(event)
        if verb is None or ":" in event[:verb.start()]:
            continue  # a message (`Sender: ...`), no system event
        pos = verb.end()
        while (m := _EVENT_VALUE.match(event, pos)) is not None:
            if _valid(m.group("v"), _REGIONS):
                out.append((base + m.start("v"), base + m.end("v"), "PHONE_NUMBER"))
            if m.end() == pos or m.end() >= len(event.rstrip()):
                break
            pos = m.end()
    return out


# ------------------------------------------------------------------------------------------------ SMPP and gateways

_SMPP_KEYS = r"source_addr|dest_addr|destination_addr|src_addr|dst_addr|msisdn"
_SMPP = re.compile(r"(?i)(?<![\w.-])(?:" + _SMPP_KEYS + r")[ \t]*[=:][ \t]*" + _QUOTED_VALUE)
_SMPP_LOOSE = re.compile(r"(?i)(?<![\w.-])(?:sender|recipient|to|from)[ \t]*[=:][ \t]*" + _QUOTED_VALUE)
_SMPP_LINE = re.compile(r"(?i)(?:" + _SMPP_KEYS + r"|submit_sm|deliver_sm|data_sm)[ \t]*[=:(\s]")
_LINE = re.compile(r"[^\r\n]+")


def _smpp(text: str, lower: str) -> list[Found]:
    if not any(w in lower for w in ("_addr", "msisdn", "_sm")):
        return []
    out: list[Found] = [(m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _SMPP.finditer(text)
                        if _valid(m.group("v"))]
    for line in _LINE.finditer(text):
        body = line.group()
        if _SMPP_LINE.search(body) is None:
            continue
        out.extend((line.start() + m.start("v"), line.start() + m.end("v"), "PHONE_NUMBER")
                   for m in _SMPP_LOOSE.finditer(body) if _valid(m.group("v")))
    return out


# ------------------------------------------------------------------------------------------------ code calls

_ASSIGNED = re.compile(r"=[ \t]*" + _QUOTED_VALUE)  # (a literal first: the scan is fast)
_KWARG = re.compile(r"(?i)(?<![\w.])(?:to|phone|number|to_number|phone_number|recipient|mobile)[ \t]*$")
_FN_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_CALL_WORDS = frozenset({"sms", "mms", "call", "calls", "text", "texts", "whatsapp", "dial", "phone", "voice"})


_CALLEE = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,60}(?:\.[A-Za-z_][A-Za-z0-9_]{0,60}){0,5})[ \t]*$")


def _code_calls(text: str) -> list[Found]:
    if "=" not in text or "(" not in text:
        return []
    out: list[Found] = []
    for m in _ASSIGNED.finditer(text):
        key = _KWARG.search(text, max(0, m.start() - 20), m.start())
        if key is None or not _valid(m.group("v")):
            continue
        head = text[max(0, key.start() - 600):key.start()]
        opened = head.rfind("(")
        if opened < 0 or ")" in head[opened:]:
            continue  # no call open before the argument
        callee = _CALLEE.search(head, max(0, opened - 400), opened)
        if callee is not None and {w.lower() for w in _FN_WORD.findall(callee.group(1))} & _CALL_WORDS:
            out.append((m.start("v"), m.end("v"), "PHONE_NUMBER"))
    return out


# ------------------------------------------------------------------------------------------------ labels

_LABEL = re.compile(r"(?<![\w@.-])(?:(?-i:Viber|VIBER)|(?i:cb[ \t]?#|c/b|txt\.?|sms|cont\.?[ \t]?no\.?|cont[ \t]?#))"
                    r"(?![a-z])" + _LEAD + _PHONE_VALUE)


# The one-letter labels of home, work and office (`proxy.nlp.cue27` reads `M:`, `T:`, `C:`, `P:` so): capitalised, with
# their colon, at a line's start or after a `|`, and the value ends its line or its cell (`H: 6175550143 | W: ...`).
_SHORT = re.compile(r"(?m)(?:^|\|)[ \t]*[HWO]:[ \t]*" + _PHONE_VALUE + r"(?=[ \t]*(?:$|\||[\r]|[HWOMTCP]:[ \t]))")


def _labels(text: str, lower: str) -> list[Found]:
    out: list[Found] = []
    if any(w in lower for w in ("viber", "cb#", "cb #", "c/b", "txt", "sms", "cont.", "cont no", "cont #")):
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _LABEL.finditer(text)
                   if _valid(m.group("v"), _REGIONS))
    if "H:" in text or "W:" in text or "O:" in text:
        out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER") for m in _SHORT.finditer(text) if _valid(m.group("v")))
    return out


_NINE_DIGITS = re.compile(r"[0-9](?:[ .()-]{0,2}[0-9]){8}")


def phone33_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of each phone number of `text` after a payment app's name, in a chat export's system event,
    an SMPP log's address, a texting or calling call's keyword argument, or a signature's label (see the module's
    docstring); only where `PHONE_NUMBER` is in `wanted`."""
    if "PHONE_NUMBER" not in wanted or _NINE_DIGITS.search(text) is None:
        return []
    lower = text.lower()
    return _payments(text, lower) + _chat_events(text) + _smpp(text, lower) + _code_calls(text) + _labels(text, lower)


# ------------------------------------------------------------------------------------------------ provider data

_DATA_VALUE = re.compile(r"(?<![0-9])\+?[0-9](?:[0-9]|[ .-](?=[0-9])|\((?=[0-9]{3}\))|\)[ .-]?(?=[0-9])){9,18}"
                         r"(?![0-9])")


def data_phone_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each phone-shaped run of digits of `text`, an id, an enum or a name screened as data, valid to
    `phonenumbers` as a US number or with its `+` (`finish_reason: "stop x 6175550143"`)."""
    if _NINE_DIGITS.search(text) is None:
        return []
    return [(m.start(), m.end()) for m in _DATA_VALUE.finditer(text) if _valid(m.group())]


def data_phones(texts: Sequence[str], prose: Sequence[bool] | None) -> list[tuple[int, int, int]]:
    """(text index, start, end) of each phone number of the texts not `prose` (`data_phone_spans`)."""
    if prose is None:
        return []
    return [(i, a, b) for i, text in enumerate(texts) if i < len(prose) and not prose[i]
            for a, b in data_phone_spans(text)]
