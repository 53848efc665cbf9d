"""Message and call exports: SMS Backup & Restore XML, Android's SMS provider rows, WhatsApp ids (issue 12, atk33
F03, F06, F17, F20).

A bare run of ten or eleven digits is a phone number to Presidio only with a context word before it; an export
names it by an attribute or a key no other reader knew. Each value found here is read after the type's context word
(`proxy.guard.keyed.labelled_values`: `phone: 6175550143`), so the recognizer's own checks still decide, and only a
value valid to `phonenumbers` as written is read at all (a US number, a national one after its trunk `0`, or one with
its `+`).

- SMS Backup & Restore XML (`sms_values`): the `address` of an `<sms>`, an `<mms>` (recipients joined by `~`:
  `6175550143~6175550188`) and an `<addr>` element, the `number` of a `<call>`, quoted, with or without `+` and
  country code. Only in those elements: `date="1700000000000"`, `duration="42"`, `type="1"` and any attribute of
  another element go as sent;
- Android's SMS provider as `adb shell content query` prints it (`Row: 0 _id=1, thread_id=3, address=6175550143,
  ...`): the `address` of a `Row:` line;
- WhatsApp ids (`wa_values`): Twilio's `WaId` (a webhook's form body, `WaId=16175550143&ProfileName=...`, or as
  logged) and the Cloud API's `wa_id` (`"wa_id": "16175550143"`), international numbers without their `+`: read
  with it.
- WhatsApp JIDs the e-mail recognizer reads short (`_JID`, call37, atk36 F15): a linked device's
  `15124822934:17@s.whatsapp.net` and a linked identity's `15124822934@lid`: the number, read with its `+` (a possible
  number: `phonenumbers`' ranges may lag);
- a contact's name in the same elements (`contact_names`): the `contact_name` of an `<sms>`, `<mms>` or `<call>`
  (`Dana Kerr`; an MMS's names joined by `, `), each a name where `proxy.nlp.conc33` reads a person's cell as one;
  `(Unknown)` and the like are none.

Gated by substring tests (`address=`, `number=`, `waid`/`wa_id`, `contact_name=`); linear scans. Pure functions, CPU
only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.cue27 import valid_phone

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["contact_names", "sms35_values"]

Found = tuple[int, int, str]
Valued = tuple[int, int, str, str]
Result = tuple[str, int, int, float]

# An SMS Backup & Restore element and its quoted attributes (`<sms ... />`, `<call ...>`, `<addr ... />`).
_ELEMENT = re.compile(r"<(?P<t>sms|mms|addr|call)(?=\s)(?P<a>[^<>]{0,4000})>")
_PHONE_ATTR = {"sms": "address", "mms": "address", "addr": "address", "call": "number"}
_ATTR = re.compile(r"(?<![\w.:-])(?P<k>address|number|contact_name)[ \t]*=[ \t]*(?P<q>[\"'])(?P<v>[^\"'<>\n]{0,400})"
                   r"(?P=q)")
# One phone number of a value (`~` between an MMS's recipients).
_NUMBER = re.compile(r"\+?[0-9](?:[0-9]|[ .-](?=[0-9])|\((?=[0-9]{3}\))|\)[ .-]?(?=[0-9])){6,22}")
_ROW = re.compile(r"(?m)^[ \t]*Row:[ \t]*[0-9]+[ \t][^\n]*")
_ROW_ADDRESS = re.compile(r"(?<![\w.])address=(?P<v>\+?[0-9][0-9 ()-]{6,22}?)[ \t]*(?=,|\r?$)")
_WA_ID = re.compile(r"(?i)(?<![\w.-])[\"']?(?:waid|wa_id)[\"']?[ \t]*(?:=|:)[ \t]*[\"']?(?P<v>\+?[0-9]{7,15})"
                    r"(?![0-9\w])")
# A Cloud API message's sender and a status's recipient, in a payload that holds `wa_id` or names WhatsApp.
_WA_KEYS = re.compile(r"(?<![\w.-])[\"'](?:from|recipient_id)[\"'][ \t]*:[ \t]*[\"'](?P<v>\+?[0-9]{7,15})[\"']")
# A WhatsApp JID the e-mail recognizer reads short (call37, atk36 F15): a linked device's
# (`15124822934:17@s.whatsapp.net`, the number before the device's `:17`) and a linked identity's (`15124822934@lid`,
# no dot in its domain).
_JID = re.compile(r"(?<![\w.+:-])(?P<v>[0-9]{7,15})(?::[0-9]{1,3}@(?:s\.whatsapp\.net|c\.us|lid)|@lid)(?![\w.-])")
# A contact's name: letters, words joined by a space, `'`, `.` or `-`.
_NAME = re.compile(r"[^\W\d_]+(?:[ '’.-]{1,2}[^\W\d_]+)*\.?")


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _valid(value: str) -> bool:
    """A number as written (`proxy.nlp.tsv30._plausible`): with its `+`, a national one after a trunk `0`, a US one."""
    from proxy.nlp.tsv30 import _plausible

    return 7 <= _digits(value) <= 15 and _plausible(value)


def _possible(value: str) -> bool:
    """Whether `value` (with its `+`) is a possible phone number: a JID names a WhatsApp account's number, which
    `phonenumbers`' ranges may not list yet (`+447911482773`)."""
    import phonenumbers

    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(value))
    except phonenumbers.NumberParseException:
        return False


def _elements(text: str) -> list[tuple[str, re.Match[str]]]:
    """Each SMS Backup & Restore element's name and each of its phone or name attributes."""
    out: list[tuple[str, re.Match[str]]] = []
    for element in _ELEMENT.finditer(text):
        tag = element.group("t")
        out.extend((tag, m) for m in _ATTR.finditer(text, element.start("a"), element.end("a")))
    return out


def sms_values(text: str) -> list[Found]:
    """(start, end, type) of each phone number of an SMS Backup & Restore element or a `Row:` line (the module's
    docstring)."""
    out: list[Found] = []
    if "address=" in text or "number=" in text:
        for tag, m in _elements(text):
            if m.group("k") != _PHONE_ATTR[tag]:
                continue
            out.extend((n.start(), n.end(), "PHONE_NUMBER") for n in _NUMBER.finditer(text, m.start("v"), m.end("v"))
                       if _valid(n.group()))
    if "Row:" in text and "address=" in text:
        for row in _ROW.finditer(text):
            out.extend((m.start("v"), m.end("v"), "PHONE_NUMBER")
                       for m in _ROW_ADDRESS.finditer(text, row.start(), row.end()) if _valid(m.group("v")))
    return out


def wa_values(text: str, lower: str) -> list[Valued]:
    """(start, end, type, value) of each WhatsApp id (`WaId=`, `"wa_id":`, and a Cloud API payload's `"from"` and
    `"recipient_id"`): an international number without its `+`, read with it."""
    if "waid" not in lower and "wa_id" not in lower:
        return []
    found = list(_WA_ID.finditer(text))
    if "wa_id" in lower or "whatsapp" in lower:
        found += _WA_KEYS.finditer(text)
    out: list[Valued] = []
    for m in found:
        value = "+" + m.group("v").lstrip("+")
        if valid_phone(value):
            out.append((m.start("v"), m.end("v"), "PHONE_NUMBER", value))
    return out


def sms35_values(text: str, wanted: frozenset[str]) -> list[Valued]:
    """(start, end, type, value to read) of each phone number of a message or call export (the module's docstring);
    only where `PHONE_NUMBER` is in `wanted`."""
    if "PHONE_NUMBER" not in wanted:
        return []
    jids = [(m.start("v"), m.end("v"), "PHONE_NUMBER", "+" + m.group("v")) for m in _JID.finditer(text)
            if _possible("+" + m.group("v"))] if "@s.wh" in text or "@lid" in text or "@c.us" in text else []
    if "=" not in text and ":" not in text:
        return jids
    wa = "id" in text or "Id" in text or "ID" in text
    return [(a, b, e, text[a:b]) for a, b, e in sms_values(text)] + (wa_values(text, text.lower()) if wa else []) + jids


def contact_names(names: NameLists, chunk: str, found: list[Result]) -> list[Result]:
    """`found` with each name of an SMS Backup & Restore element's `contact_name` as PERSON where no PERSON covers
    it (the module's docstring)."""
    if "contact_name=" not in chunk:
        return found
    from proxy.nlp.conc33 import _a_name

    added: list[Result] = []
    for _, m in _elements(chunk):
        if m.group("k") != "contact_name":
            continue
        pos = m.start("v")
        for part in m.group("v").split(","):
            a, b = pos, pos + len(part)
            pos = b + 1
            while a < b and chunk[a] == " ":
                a += 1
            while b > a and chunk[b - 1] == " ":
                b -= 1
            value = chunk[a:b]
            if a < b and _NAME.fullmatch(value) and _a_name(names, value) \
                    and not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found):
                added.append(("PERSON", a, b, 0.85))
    if added:
        found = [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for _, a, b, _ in added))]
    return found + added
