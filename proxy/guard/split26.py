"""Structured values split over fields or under keys of their own (split26, issue 12 "No side doors": atk25 F12 and
its minor keys), on the request side: message text that is or holds JSON, tool-call arguments, Anthropic
`tool_use.input`, `metadata` and JSON-schema `default`s alike.

- **A phone number split over its parts' keys** (`phone_parts`): `{"area_code": 617, "number": 5550143}`,
  `{"countryCode": "+1", "areaCode": "617", "subscriberNumber": "5550143"}`, `{"npa": "617", "nxx": "555", "line":
  "0143"}`, `{"country_code": 44, "national_number": 2079460018}` (libphonenumber's, Twilio's, a CRM export's
  shape). No key names a phone (`proxy.guard.keyed.named`), so `proxy.guard.splitkeys` never joined them. An area
  code's key (`area_code`, `areaCode`, `npa`, `ndc`) with the subscriber's number right after it or right before it
  (`number`, `local_number`, `subscriberNumber`, `sn`; or an exchange's then a line's: `exchange`/`nxx`/`prefix`
  then `line`/`suffix`/`station`), a country code's member beside them (`country_code`, `countryCode`, `cc`,
  `dial_code`) or not, or a country code's member beside a national number's (`national_number`): the digits
  joined must be a valid phone number (10 digits, North American, with no country code or `1`; else valid to
  `phonenumbers` after `+` and the code). The parts are read as one `proxy.guard.keyed.Keyed` value, each part
  redacted on its own; the country code is left as it is (it names a country, not a line). A key that says
  something else beside an area code (`{"area_code": 617, "count": 5550143}`) or an area code alone is read as
  before.
- **Tax ids that are a person's SSN** (`tax_key`): `tin`, `itin`, `tax_id`, `taxpayer_id`, `customer_tin`,
  `taxIdNumber` name the type `US_SSN` (a US person's taxpayer identification number is their SSN, or an ITIN in
  its shape), so a value under them is read after `ssn`, as under `ssn`; the reading must still find an SSN (the
  SSA's rules). `tin_can`, `tax_rate`, `tax` alone and `ein` (an employer's id: a business's, not a person's) are
  not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.guard.keyed import Keyed

Member = tuple[int, int, int, str, str, str]  # text index, start, end, kind, the value's text, its key

# ------------------------------------------------------------------------------------------- tax ids (US_SSN)
_TAX_KEY = re.compile(
    r"(?:customer|client|user|employee|personal|individual|primary|secondary|spouse|owner|holder|patient|member"
    r"|applicant|borrower|payee|vendor|contractor|us|federal)?"
    r"(?:tin|itin|taxid|taxpayerid|taxidentification|taxpayeridentification)(?:numbers?|num|no|nr|s)?")
_NOT_LETTER = re.compile(r"[^a-z]")


def tax_key(key: str) -> bool:
    """Whether `key` names a person's taxpayer identification number (the module's docstring)."""
    return _TAX_KEY.fullmatch(_NOT_LETTER.sub("", key[:64].lower())) is not None


# ------------------------------------------------------------------------------------ phone numbers in parts
_COUNTRY = re.compile(r"cc|idd|isd|isdcode|.*(?:countrycode|callingcode|dialcode|dialingcode|countryprefix)")
_AREA = re.compile(r"npa|ndc|nationaldestinationcode|.*areacode")
_SUBSCRIBER = re.compile(r"number|num|no|nr|sn|subscriber|local|.*(?:localnumber|localno|subscribernumber"
                         r"|subscriberno|subscribernum|phonenumber|phoneno|telnumber|telephonenumber|directorynumber)")
_NATIONAL = re.compile(r"nsn|national|.*(?:nationalnumber|nationalsignificantnumber)")
_EXCHANGE = re.compile(r"nxx|exchange|exchangecode|centralofficecode|officecode|prefix")
_LINE = re.compile(r"line|linenumber|lineno|suffix|station|stationcode|stationnumber")
_PART = re.compile(r"\s{0,4}(\+?)\s{0,2}\(?([0-9]{1,14})\)?\s{0,4}")
_GROUPED = re.compile(r"\s{0,4}([0-9]{2,5})[ .-]?([0-9]{2,5})\s{0,4}")
_HINT = re.compile(r"(?i)area|npa|ndc|nxx|national")  # a cheap test: one of the keys it takes


def _fold(key: str) -> str:
    return "".join(c for c in key[:64].lower() if c.isalnum())


def _digits(m: Member, grouped: bool = False) -> str | None:
    """A part's digits: a whole JSON number, or a string of digits (a `+`, brackets; a subscriber's number
    `555-0143`)."""
    kind, text = m[3], m[4]
    if kind == "number":
        return text if text.isdigit() else None
    found = _PART.fullmatch(text)
    if found is not None and not found.group(1):
        return found.group(2)
    if grouped:
        two = _GROUPED.fullmatch(text)
        return two.group(1) + two.group(2) if two is not None else None
    return None


def _country(m: Member) -> str | None:
    if _COUNTRY.fullmatch(_fold(m[5])) is None:
        return None
    found = _PART.fullmatch(m[4]) if m[3] == "string" else None
    code = m[4] if m[3] == "number" else found.group(2) if found is not None else None
    if code is not None and code.startswith("00"):
        code = code[2:]
    return code if code is not None and 1 <= len(code) <= 3 and code[0] != "0" else None


def _number(country: str | None, national: str) -> str | None:
    """The phone number printed for its reading, when valid (the module's docstring)."""
    from proxy.guard.keyed import _printed, valid_group

    if country in (None, "1"):
        if len(national) != 10:
            return None
        value = ("+1 " if country else "") + _printed("PHONE_NUMBER", national)
        return value if valid_group("PHONE_NUMBER", value) else None
    import phonenumbers

    try:
        parsed = phonenumbers.parse(f"+{country}{national}", None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _subscriber(run: Sequence[Member], at: int, lead: str) -> tuple[str, list[Member]] | None:
    """The subscriber's number at `run[at]` (one member, or an exchange's then a line's); `lead`: the area code's
    key's words before `areacode` (`home_area_code` and `home_number`)."""
    if not 0 <= at < len(run):
        return None
    key = _fold(run[at][5])
    if _SUBSCRIBER.fullmatch(key) is not None or lead and key.startswith(lead) \
            and _SUBSCRIBER.fullmatch(key[len(lead):]) is not None:
        digits = _digits(run[at], grouped=True)
        return (digits, [run[at]]) if digits is not None and 4 <= len(digits) <= 10 else None
    if _EXCHANGE.fullmatch(key) is not None and at + 1 < len(run) and _LINE.fullmatch(_fold(run[at + 1][5])):
        exchange, line = _digits(run[at]), _digits(run[at + 1])
        if exchange is None or line is None or not 2 <= len(exchange) <= 4:
            return None
        if run[at + 1][3] == "number" and len(line) < 4:
            line = line.zfill(4)  # a JSON number lost the line's leading zeros (`"line": 143`)
        return (exchange + line, [run[at], run[at + 1]]) if 3 <= len(line) <= 5 else None
    return None


def phone_parts(run: Sequence[Member]) -> list[Keyed]:
    """The phone numbers split over their parts' keys in one run of adjacent members of an object (`proxy.guard.
    splitkeys`' runs), each as a `Keyed` reading whose pieces are the parts (the module's docstring)."""
    from proxy.guard.keyed import CONTEXT_WORD, Keyed

    out: list[Keyed] = []
    if len(run) < 2 or not any(_HINT.search(m[5]) for m in run):
        return out
    used: set[int] = set()
    for k, m in enumerate(run):
        key = _fold(m[5])
        parts: list[Member] | None = None
        national = ""
        near: list[int] = []
        if _AREA.fullmatch(key) is not None:
            area = _digits(m)
            if area is None or not 1 <= len(area) <= 5:
                continue
            lead = key[:-len("areacode")] if key.endswith("areacode") else ""
            for at, before in ((k + 1, False), (k - 1, True)):
                sub = _subscriber(run, at, lead)
                if sub is not None and not used & {id(x) for x in sub[1]}:
                    parts = [*sub[1], m] if before else [m, *sub[1]]
                    national = area + sub[0]
                    near = [k - 2, k + 1 + len(sub[1])] if not before else [k - 1 - len(sub[1]), k + 1]
                    break
        elif _NATIONAL.fullmatch(key) is not None:
            digits = _digits(m)
            if digits is not None and 6 <= len(digits) <= 14:
                parts, national, near = [m], digits, [k - 1, k + 1]
        if parts is None:
            continue
        country = next((c for at in near if 0 <= at < len(run) and (c := _country(run[at])) is not None), None)
        if country is None and len(parts) == 1:
            continue  # a national number alone: its own key's reading (`proxy.guard.keyed`)
        value = _number(country, national)
        if value is None:
            continue
        used.update(id(x) for x in parts)
        pieces = tuple((i, a, b) for i, a, b, *_ in parts)
        out.append(Keyed(pieces[0][0], pieces[0][1], pieces[-1][2], "PHONE_NUMBER", False,
                         f"{CONTEXT_WORD['PHONE_NUMBER']}: {value}", pieces))
    return out




# ------------------------------------------------------------------------------- schema defaults (fields25 left)
#
# A JSON schema's `default` (`const`, `example`, an `examples` item) that is an array of small integers under a
# property (`{"ip": {"type": "array", "default": [192, 168, 10, 77]}}` in chat `tools[].function.parameters`,
# Anthropic `input_schema`, Responses `text.format.schema`): the sweep left integers of at most four digits of a
# schema out (no entity is that short), so the octets were never read. Such an array is slotted
# (`schema_list`) and read as a group under its property's key (`default_groups`): `proxy.guard.keyed.group_reading`
# then reads four octets under an IP key as one address, a phone number's groups under a phone key as one number;
# under any other key nothing changes (`{"version": {"default": [3, 11, 4, 1]}}`).
_DEFAULT_WORDS = frozenset({"default", "const", "example", "examples"})
MAX_DEFAULT = 19  # elements of such an array (one digit per element of the longest card)


def schema_list(path: str, node: object) -> bool:
    """Whether `node`, at `path` in a schema, is an array of small integers under a schema value's keyword."""
    rest, _, last = path.rpartition(":")
    if last.isdigit():  # an `examples` item
        if rest.rpartition(":")[2] != "examples":
            return False
    elif last not in _DEFAULT_WORDS:
        return False
    return isinstance(node, list) and 2 <= len(node) <= MAX_DEFAULT \
        and all(type(v) is int and 0 <= v < 10_000 for v in node)


def default_groups(slots: Sequence[object], members: dict[int, list[tuple[int, str]]]) -> list[
        tuple[int, list[tuple[int, str]], bool]]:
    """The arrays `schema_list` slots, each as a group under its property's key slot (`proxy.guard.phases.groups`'
    form: the key's text index, the elements, False)."""
    from proxy.providers.inventory import TreeSlot

    out: list[tuple[int, list[tuple[int, str]], bool]] = []
    owners: dict[int, int] = {}  # id(an array under a schema keyword) -> its property's key slot
    for i, slot in enumerate(slots):
        if isinstance(slot, TreeSlot) and slot.mode == "key" and isinstance(slot.container, dict):
            schema = slot.container.get(slot.cell[0])
            if isinstance(schema, dict):
                for word in _DEFAULT_WORDS:
                    value = schema.get(word)
                    if isinstance(value, list):
                        owners[id(value)] = i
                        if word == "examples":
                            owners.update((id(v), i) for v in value if isinstance(v, list))
    if not owners:
        return out
    for slot in slots:
        if isinstance(slot, TreeSlot) and slot.mode == "number" and isinstance(slot.container, list) \
                and slot.cell[0] == 0 and id(slot.container) in owners:
            found = members.get(id(slot.container))
            if found is not None and len(found) == len(slot.container) >= 2:
                out.append((owners[id(slot.container)], found, False))
    return out


# ------------------------------------------------------------------------------ an IPv4 address cut at a dot
#
# The README's promise: a value that is only part of an address is still read across (`{"a": "192.168", "b":
# "10.77"}`). Tool-call arguments read the two values joined after a space (`192.168 10.77`), which the phone
# recognizer took at its floor, by chance; `metadata` and a schema's `default`s went up as sent. `ip_halves`: two to
# four adjacent string members whose keys name only a part (`a`, `b`, `part2`, `rest`: `proxy.guard.splitkeys`'
# part keys; not coordinates' `x`, `y`, `z`, `w`, `h`) or an IP address, each digits apart by dots, at least one
# with a dot, that make exactly the four octets of an address joined at dots (`192.168` + `10.77`, `192.168.1` +
# `0.77`, `192.168.` + `10.77`), read as `ip: 192.168.10.77`, each value a piece. Numbers (`{"x": 12.5}`), versions
# under their keys (`{"from": "4.17", "to": "20.1"}`) and a value whole in one member are read as before.
_HALF = re.compile(r"\.?[0-9]{1,3}(?:\.[0-9]{1,3})*\.?")
_OCTET = re.compile(r"25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]")
_AXES = frozenset({"x", "y", "z", "w", "h"})
_IP_KEYS = frozenset({"ip", "ipv4", "ipaddr", "ipaddress", "addr", "address", "host"})


def _half_key(key: str) -> bool:
    from proxy.guard.joined import key_words
    from proxy.guard.splitkeys import _part_key

    words = key_words([key])
    return not words & _AXES and (_part_key(key) or bool(words & _IP_KEYS))


def ip_halves(run: Sequence[Member]) -> list[Keyed]:
    """The IPv4 addresses cut at a dot over adjacent members of one run (the section's comment)."""
    from proxy.guard.keyed import CONTEXT_WORD, Keyed

    out: list[Keyed] = []
    if not any(m[3] == "string" and "." in m[4] for m in run):
        return out
    start = 0
    while start < len(run) - 1:
        found = None
        for stop in range(start + 2, min(len(run), start + 4) + 1):
            window = run[start:stop]
            if not all(m[3] == "string" and _HALF.fullmatch(m[4]) and _half_key(m[5]) for m in window):
                break
            octets = [o for m in window for o in m[4].strip(".").split(".")]
            if len(octets) > 4:
                break
            if len(octets) == 4 and any("." in m[4] for m in window) and octets[0] != "0" \
                    and all(_OCTET.fullmatch(o) for o in octets) \
                    and all(not (m[4].endswith(".") and n[4].startswith(".")) for m, n in pairwise(window)):
                found = window
                break
        if found is None:
            start += 1
            continue
        pieces = tuple((i, a, b) for i, a, b, *_ in found)
        address = ".".join(o for m in found for o in m[4].strip(".").split("."))
        out.append(Keyed(pieces[0][0], pieces[0][1], pieces[-1][2], "IP_ADDRESS", False,
                         f"{CONTEXT_WORD['IP_ADDRESS']}: {address}", pieces))
        start += len(found)
    return out


# --------------------------------------------------------------------------- single values of a JSON message
_KEY = re.compile(r'"((?:[^"\\]|\\.){1,64})"\s*:')
def json_message_values(texts: Sequence[str], json_texts: Sequence[int] | None,
                        entities: frozenset[str]) -> list[Keyed]:
    """The single values under a key that names their type (`proxy.guard.keyed`'s reading) of each text that is a
    JSON document as a whole but is not one of `json_texts` (a user message that is JSON: `{"msisdn":
    "16175550143"}`). `keyed_values` reads such a text's groups and split values, but its single values only in
    `json_texts`: an 11-digit number with its country code under `msisdn`, or a value under a key whose word is
    no context word of the recognizer (`tin`), went up as sent."""
    from proxy.guard.joined import json_values
    from proxy.guard.keyed import _keyed, json_like, named

    out: list[Keyed] = []
    typed: dict[str, bool] = {}  # a key, whether it names one of `entities` (`named` once per key)
    for i, text in enumerate(texts):
        if (json_texts is not None and i < len(json_texts) and json_texts[i]) or not json_like(text) \
                or '":' not in text and '" :' not in text:
            continue
        keys = {m.group(1) for m in _KEY.finditer(text)}  # (cheap: no parse where no key names a type)
        for key in keys - typed.keys():
            typed[key] = any(entity in entities for entity, _ in named(key))
        if not any(typed[key] for key in keys):
            continue
        key = None
        for a, b, kind in json_values(text):
            if kind == "key":
                key = text[a:b]
                if key not in typed:
                    typed[key] = any(entity in entities for entity, _ in named(key))
            elif key is not None and typed[key]:
                out.extend(_keyed(i, a, b, text[a:b], key, entities))
    return out


__all__ = ["default_groups", "ip_halves", "json_message_values", "phone_parts", "schema_list", "tax_key"]
