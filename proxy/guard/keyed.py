"""A JSON value read with the key that names its type (issue 12, "No side doors").

`{"phone": 6175550143}`, `{"ssn": "536904399"}`: a bare number is no phone number or SSN to Presidio
without a context word before it (the phone recognizer scores ten unbroken digits 0.3, the SSN one nine
digits 0.05; a context word adds 0.35), and in a tool input or an unknown field the word is the value's
key, a text of its own. So a value (string or number, at most `MAX_VALUE` characters) whose key names a
type is also read as `<word>: <value>`, the word the type's recognizer takes as context (`phone`, `ssn`),
and what that reading finds of the named type inside the value counts for the value (`Keyed`). Nothing
else changes: `{"count": 6175550143}`, ids, timestamps and prices are read as before, and a value with
no key (an array element) takes the key of the array it is in.

The keys, matched against the key's words (`proxy.guard.joined.key_words`: `phoneNumber`, `to_phone`,
`x_phone`) or the key as one word (`whatsapp`, `msisdn`):
- phone number: phone, phones, telephone, tel, cell, cellphone, mobile, fax, msisdn, whatsapp, landline
  (Presidio's context words for the type, less the generic `number`, `call`, `contact`, `home`, `work`).
  Whatever stands under such a key is a phone number when the recognizer finds one in it with the word
  before it (ten or eleven digits unbroken, grouped digits; its own validation);
- phone number, loosely: to, from, recipient, sender, caller, callee (SMS and voice APIs name the two ends
  so: Twilio `To`/`From`). These keys also hold ranges, dates, Unix times and ids (`{"from": 1700000000}`,
  a chat's ten-digit user id: three in four random ten-digit numbers are valid North American numbers), so a
  value counts only when it is written as a phone number with its country code: `+` and the code, or a
  valid North American number with its leading 1 (eleven digits: `{"to": 16175550143}`). A bare ten-digit
  number under such a key is left as it is (bench/pii_fp.py, "keyed, PII-free": 23 of 30 ranges of random
  ten-digit ids were redacted when those counted);
- US SSN: ssn, ssns, or social and security together (`social_security_number`). `ssid` (a Wi-Fi
  network's name) and `social` alone (a social-media handle) are not.
Cards, IBANs and e-mail addresses are not here: their recognizers validate the value itself (Luhn, the
IBAN checksum, an address with a known top-level domain) and find it bare at full score.

Pure functions over strings; the check runs the analysis (`proxy.guard.checks.pii`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from proxy.guard.joined import JSON_IN_STRING, Sibling, json_values, key_words

MAX_VALUE = 64  # characters: a longer value is prose, read with its own words

_PHONE_WORDS = frozenset({"phone", "phones", "telephone", "tel", "cell", "cellphone", "mobile", "fax", "msisdn",
                          "whatsapp", "landline"})
_LOOSE_PHONE_WORDS = frozenset({"to", "from", "recipient", "sender", "caller", "callee"})
_SSN_WORDS = frozenset({"ssn", "ssns"})
# The context word each type's recognizer reads before the value.
CONTEXT_WORD = {"PHONE_NUMBER": "phone", "US_SSN": "ssn"}
KEYED_ENTITIES = frozenset(CONTEXT_WORD)
_LETTERS = re.compile(r"[^a-z]")


@dataclass(frozen=True, slots=True)
class Keyed:
    """One value read after the context word of the type its key names."""

    index: int     # the text the value is in
    start: int     # where the value starts in that text
    end: int       # where it ends
    entity: str    # the type its key names
    loose: bool    # named loosely (`to`, `from`): a phone number must be valid as one (`valid_loose`)
    text: str      # `<word>: <value>`

    @property
    def offset(self) -> int:
        """Where the value starts in `text`."""
        return len(CONTEXT_WORD[self.entity]) + 2


def named(key: str) -> list[tuple[str, bool]]:
    """The types `key` names, each with whether loosely (see the module's docstring)."""
    words = key_words([key])
    whole = _LETTERS.sub("", key[:64].lower())
    out: list[tuple[str, bool]] = []
    if words & _PHONE_WORDS or whole in _PHONE_WORDS:
        out.append(("PHONE_NUMBER", False))
    elif words & _LOOSE_PHONE_WORDS:
        out.append(("PHONE_NUMBER", True))
    if words & _SSN_WORDS or {"social", "security"} <= words:
        out.append(("US_SSN", False))
    return out


def _keyed(index: int, start: int, end: int, value: str, key: str | None,
           entities: frozenset[str]) -> list[Keyed]:
    if key is None or not value.strip() or end - start > MAX_VALUE or not any(c.isdigit() for c in value):
        return []
    return [Keyed(index, start, end, entity, loose, f"{CONTEXT_WORD[entity]}: {value}")
            for entity, loose in named(key) if entity in entities]


def keyed_values(texts: Sequence[str], documents: Sequence[Sequence[Sibling]] = (),
                 json_texts: Sequence[int] | None = None,
                 entities: frozenset[str] = KEYED_ENTITIES) -> list[Keyed]:
    """The values of `documents` (keys right before their values, as `proxy.guard.phases.documents` lists
    them) and of the JSON texts (`json_texts`, as `proxy.guard.joined.sibling_joints` takes them) whose key
    names one of `entities`, each as `Keyed` readings. A value's key is the last key before it in the
    document (an array's elements: the array's key)."""
    out: list[Keyed] = []
    for document in documents:
        key: str | None = None
        for i, kind in document:
            if i >= len(texts):
                continue
            if kind == "key":
                key = texts[i]
            else:
                out.extend(_keyed(i, 0, len(texts[i]), texts[i], key, entities))
    for i, how in enumerate(json_texts or ()):
        if how and i < len(texts) and texts[i]:
            text, key = texts[i], None
            for a, b, kind in json_values(text, how == JSON_IN_STRING):
                if kind == "key":
                    key = text[a:b]
                else:
                    out.extend(_keyed(i, a, b, text[a:b], key, entities))
    return out


def valid_loose(value: str) -> bool:
    """A value under a loose key (`to`, `from`) that is a phone number: written with its `+` country code, or
    a valid North American number with its leading 1 (eleven digits)."""
    import phonenumbers

    value = value.strip()
    if value.startswith("+"):
        return True
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 11 or not digits.startswith("1"):
        return False
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(digits[1:], "US")))
    except phonenumbers.NumberParseException:
        return False
