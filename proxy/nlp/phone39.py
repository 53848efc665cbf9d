"""Phone numbers in three written shapes no reader took, and three look-alikes (issue 12, atk39 F02, F03, F10).

- `00` for `+` before a country code whose area group is one digit (`0033 6 12 34 56 78`, `0031 6 12345678`,
  `0033 (0)6 12 34 56 78`; F02): the phone patterns group two digits or more, so the one-digit area code cut the
  run in two and only its tail (`12 34 56 78`) was read, with a phone word before it. A run of digit groups after
  `00` (one space, dot or hyphen apart, a `(0)` trunk among them) whose digits are a valid number with a `+`
  before them is one (`intl_prefixed`); trailing groups that make it invalid are left out (`... 78 2026`).
- Germany's older DIN grouping after a phone word (F10): the trunk prefix spaced or in brackets, the subscriber's
  digits in pairs from the right (`Telefon (0 30) 1 23 45 67`, `Tel.: (0 6 21) 1 23 45 67`, `Telefon: 0 30 - 1 23
  45 67`, `Telefon privat (06 21) 12 34 56`): the digits a valid German, Austrian or Swiss number (`din_grouped`).
- An SMS gateway's payload (F03): a number with its country code and no `+` under `to`, `from`, `recipient`,
  `sender` in an object that also holds a message's key (`text`, `body`, `message`, `msisdn`...), valid with
  `+` (`sms_ends`: `{"to": "447911123456", "from": "AcmeBank", "text": ...}`). A `to`/`from` elsewhere is a range's
  end or an id. (The same digits under a key that names a phone, `msisdn`, `mobile`, `phone_number`:
  `proxy.nlp.intl29`.)
- Look-alikes (`without39`): a Luhn-valid run right after a `+` and a country's calling code is that phone
  number, no card (`+52 1 55 1234 5678`, a Mexican mobile); ten digits after `NPI` are a
  provider's id, no phone number (`NPI 1487652390`); an ISBN's or an IMEI's groups none (`ISBN 978 3 16 148410 0`,
  `IMEI 35 209900 176148 1`);
  four numbers that make a netmask (`255 255 255 0`) none.

Each reader is gated by a substring or a cheap search; pure functions, CPU only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = ["din_grouped", "intl_prefixed", "sms_ends", "with_phone39", "without39"]

Result = tuple[str, int, int, float]

_SCORE = 0.85

# ------------------------------------------------------------------------------------------------ `00` prefix

_INTL_GATE = re.compile(r"(?<![0-9])00[1-9]")
_INTL = re.compile(r"(?<![\w+.,/-])00[1-9][0-9]{0,3}(?:(?:[ .-]|[ .-]?\(0\)[ .-]?)[0-9]{1,8}){1,7}"
                   r"(?![0-9]|[\w-][0-9]|[.,][0-9])")
_GROUP = re.compile(r"\(0\)|[0-9]+")


@functools.lru_cache(maxsize=1024)
def _valid_plus(digits: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse("+" + digits, None))
    except phonenumbers.NumberParseException:
        return False


def _longest_valid(text: str, start: int, groups: list[tuple[int, int]], check: Callable[[str], bool]) -> int | None:
    """The end of the longest run of `groups` (from the first, at least two) whose digits pass `check`."""
    for n in range(len(groups), 1, -1):
        digits = "".join(text[a:b] for a, b in groups[:n] if text[a:b] != "(0)")
        if check(digits):
            return start + groups[n - 1][1]
    return None


def intl_prefixed(text: str) -> list[tuple[int, int]]:
    """Spans of numbers dialled with `00` for `+`, grouped (`0033 6 12 34 56 78`)."""
    if _INTL_GATE.search(text) is None:
        return []
    out = []
    for m in _INTL.finditer(text):
        value = m.group(0)
        groups = [g.span() for g in _GROUP.finditer(value)]
        end = _longest_valid(value, m.start(), groups,
                             lambda d: 8 <= len(d) - 2 <= 15 and _valid_plus(d[2:]))
        if end is not None:
            out.append((m.start(), end))
    return out


# ------------------------------------------------------------------------------------------------ DIN grouping

_DIN_GATE = re.compile(r"(?i)tel|fon|fax|handy|mobil")
_DIN = re.compile(
    r"(?i)(?<![^\W\d_])(?:tel(?:efon(?:nummer)?)?|rufnummer|fon|telefax|fax|handy|mobil)\.?"
    r"(?:[ \t]+(?:privat|priv\.|dienstlich|dienstl\.|geschäftlich|gesch\.|büro|nr\.?|mobil))*[ \t]*:?[ \t]*"
    r"(?P<v>(?:\([ \t]?0(?:[ \t]?[0-9]){1,4}[ \t]?\)|0(?:[ \t]?[0-9]){1,4})(?:[ \t]*[-/–][ \t]*|[ \t]+)"
    r"[0-9]{1,3}(?:[ \t][0-9]{1,3}){0,5})(?![0-9]|[\w-][0-9]|[.,][0-9])")


@functools.lru_cache(maxsize=1024)
def _valid_din(digits: str) -> bool:
    from proxy.nlp.cue27 import valid_phone

    return 6 <= len(digits) <= 13 and valid_phone(digits, ("DE", "AT", "CH"))


def din_grouped(text: str) -> list[tuple[int, int]]:
    """Spans of German numbers in the older DIN grouping after a phone word (`Telefon (0 30) 1 23 45 67`)."""
    if _DIN_GATE.search(text) is None:
        return []
    out = []
    for m in _DIN.finditer(text):
        value = m.group("v")
        if " " not in value.split(")")[0] and not re.search(r"(?<![0-9])[0-9]{1,2} [0-9]{1,2}(?![0-9])", value):
            continue  # the current grouping (`030 12345-67`): the phone patterns read it
        groups = [g.span() for g in _GROUP.finditer(value)]
        end = _longest_valid(value, m.start("v"), groups, _valid_din)
        if end is not None:
            out.append((m.start("v"), end))
    return out


# ------------------------------------------------------------------------------------------------ SMS payloads

_END_GATE = re.compile(r"(?i)(?<![\w-])(?:to|from|recipient|sender)[\"']?[ \t]*[:=]")
_END = re.compile(r"(?i)(?<![\w-])(?:to|from|recipient|sender)[\"']?[ \t]*[:=][ \t]*[\"']?(?P<v>[1-9][0-9]{9,14})"
                  r"(?![0-9]|[\w.-][0-9]|[\w@])")
_MESSAGE_KEY = re.compile(r"(?i)(?<![\w-])[\"']?(?:text|body|message|msg|sms|msisdn|content|unicode_text)[\"']?[ \t]*"
                          r"[:=]")


def _object_around(text: str, a: int, b: int) -> str:
    """The JSON object (or the line) `text[a:b]` stands in, at most 600 characters either side."""
    lo = max(text.rfind("{", max(0, a - 600), a), text.rfind("\n", max(0, a - 600), a))
    hi_brace, hi_line = text.find("}", b, b + 600), text.find("\n", b, b + 600)
    his = [h for h in (hi_brace, hi_line) if h >= 0]
    return text[max(lo, max(0, a - 600)):min(his) if his else min(len(text), b + 600)]


def sms_ends(text: str) -> list[tuple[int, int]]:
    """Spans of E.164 numbers without `+` at an SMS payload's ends (`{"to": "447911123456", "text": ...}`)."""
    if _END_GATE.search(text) is None:
        return []
    out = []
    for m in _END.finditer(text):
        if _valid_plus(m.group("v")) and _MESSAGE_KEY.search(_object_around(text, m.start(), m.end())):
            out.append(m.span("v"))
    return out


# ------------------------------------------------------------------------------------------------ look-alikes

_NPI = re.compile(r"(?i)(?<![\w])NPI(?:[ _\t]*(?:#|no\.?|number|num|nr\.?))?[\"']?[ \t]*[:#=]?[ \t]*[\"']?$")
# A book's number: after `ISBN`, or 13 digits from the EAN's `978`/`979` grouped by spaces or hyphens, its check
# digit right (`ISBN 978 3 16 148410 0`, `978-0-306-40615-7`).
_ISBN = re.compile(r"(?i)(?:(?<![\w])ISBN(?:-?1[03])?:?[ \t]*|(?<![\w.+-])(?=97[89][ -]))"
                   r"(?P<v>[0-9](?:[ -]?[0-9]){8,12}[xX]?)(?![\w-]?[0-9])")


# A device's IMEI after its label, 15 digits (maybe grouped 2-6-6-1), Luhn-valid (`IMEI 35 209900 176148 1`).
_IMEI = re.compile(r"(?i)(?<![\w])IMEI(?:[ \t]*(?:#|no\.?|number))?[ \t]*[:#=]?[ \t]*(?P<v>[0-9](?:[ -]?[0-9]){14})"
                   r"(?![\w-]?[0-9])")


def _book_and_device_ids(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    if "IMEI" in text.upper():
        from proxy.nlp.normalize import luhn_ok

        out.extend(m.span("v") for m in _IMEI.finditer(text)
                   if luhn_ok("".join(c for c in m.group("v") if c.isdigit())))
    for m in _ISBN.finditer(text):
        digits = [10 if c in "xX" else int(c) for c in m.group("v") if c.isalnum()]
        if len(digits) == 13 and sum(d * (3 if k % 2 else 1) for k, d in enumerate(digits)) % 10 == 0 \
                or len(digits) == 10 and sum(d * (10 - k) for k, d in enumerate(digits)) % 11 == 0:
            out.append(m.span("v"))
    return out
_MASK_OCTETS = frozenset({"0", "128", "192", "224", "240", "248", "252", "254", "255"})
_NUMBER_RUN = re.compile(r"[0-9]{1,3}(?:[ \t]+[0-9]{1,3})*")


def _country_coded(digits: str) -> bool:
    import phonenumbers

    from proxy.nlp.intl29 import country_coded

    try:
        return 8 <= len(digits) <= 15 and country_coded(phonenumbers.parse("+" + digits, None))
    except phonenumbers.NumberParseException:
        return False


def _netmask(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is part of four numbers that make a netmask (`255 255 255 0`)."""
    a = start
    while a > 0 and (text[a - 1].isdigit() or text[a - 1] in " \t"):
        a -= 1
    m = None
    for m in _NUMBER_RUN.finditer(text, a, min(len(text), end + 16)):
        if m.start() <= start < m.end():
            break
    else:
        return False
    if m is None:
        return False
    octets = m.group(0).split()
    return len(octets) == 4 and octets[0] == "255" and all(o in _MASK_OCTETS for o in octets) \
        and all(int(x) >= int(y) for x, y in zip(octets, octets[1:], strict=False))


def without39(text: str, found: list[Result]) -> list[Result]:
    """`found` without the look-alikes above: a card after `+` made the phone number it is, a provider's NPI, a
    netmask."""
    out: list[Result] = []
    books = _book_and_device_ids(text) if "97" in text or "ISBN" in text.upper() or "IMEI" in text.upper() else []
    for r in found:
        entity, start, end, score = r
        if entity == "PHONE_NUMBER" and any(a <= start and end <= b for a, b in books):
            continue
        if entity == "CREDIT_CARD" and text[max(0, start - 2):start].strip() == "+":
            plus = text.rfind("+", max(0, start - 2), start)
            if _country_coded("".join(c for c in text[start:end] if c.isdigit())):
                out.append(("PHONE_NUMBER", plus, end, max(score, _SCORE)))
                continue
        if entity == "PHONE_NUMBER" and "NPI" in text[max(0, start - 20):start].upper() \
                and sum(c.isdigit() for c in text[start:end]) == 10 and _NPI.search(text[max(0, start - 20):start]):
            continue
        if entity == "PHONE_NUMBER" and "255" in text[max(0, start - 16):end + 16] and _netmask(text, start, end):
            continue
        out.append(r)
    return out


def with_phone39(text: str, found: list[Result]) -> list[Result]:
    """`found` with the numbers of the readers above (each replaces the phone findings it overlaps: `12 34 56 78`
    read alone after a phone word), less the look-alikes (`without39`)."""
    spans = intl_prefixed(text) + din_grouped(text) + sms_ends(text)
    for a, b in dict.fromkeys(spans):
        near = [r for r in found if r[0] == "PHONE_NUMBER" and r[1] < b and a < r[2]]
        found = [r for r in found if r not in near] + [
            ("PHONE_NUMBER", min([a, *(r[1] for r in near)]), max([b, *(r[2] for r in near)]), _SCORE)]
    return without39(text, found)
