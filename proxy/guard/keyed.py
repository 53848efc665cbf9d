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

Groups (`groups`, `json_groups`): an array or a small object of numbers and digit strings, and nothing else,
directly under a key that names a phone number, an SSN or a card (`{"ssn_digits": [3, 8, 7, 4, 5, 2, 2, 1,
1]}`, `{"card": [4111, 1111, 1111, 1111]}`, `{"phone": ["617", "555", "0143"]}`, `{"ssn": {"area": 387,
"group": 45, "serial": 2211}}`) is read as one value: its elements' digits joined, in order, when they make
the type's length (phone: 10, or 11 with a leading 1, or `+` and 8-15 digits; SSN: 9; card: 13-19), or when
the elements are an object's members, exactly the type's printed groups (3-3-4, 1-3-3-4; 3-2-4; 4-4-4-4,
4-6-5), and JSON numbers that lost their leading zeros are padded back to their group's width (at most 2 zeros
in all: `{"area": 78, "group": 5, ...}` reads 078-05-...; an array is read as it is, but for a phone number's
last group under a phone's key: `[617, 555, 143]` is 617-555-0143, `proxy.guard.fields24`). The joined value
must be valid as the type (`valid_group`: a phone number valid to `phonenumbers`, an SSN by the SSA's rules, a
card by Luhn) and is then read, printed in its groups, after the type's context word (`credit card` for cards),
like a single keyed value; a finding over
the whole of it is a finding in every element (each redacted on its own: a number becomes its placeholder
string, the array keeps its length, and each element is restored as sent, numbers as their digits).
Card keys: card, cc, pan, creditcard, cardnumber, ccnum (not `cards`: a list of cards holds one per element).
Under a key that names no type (`{"number": [6, 1, 7, 5, 5, 5, 0, 1, 4, 3]}`), a group is read only when its
digits are spelt out one per element or its strings stand in exactly the type's printed groups, and the value
is valid and plausible as one typed (`unnamed_value`); keys of technical data (shapes, ports, colours, labels,
token ids) are never read so. An e-mail address split over a mailbox or user value and the domain or host value
after it (`{"user": "jane.doe", "domain": "example.com"}`) is read as one address too (`mail_pairs`), and so is a
person's mailbox beside a domain under keys that name nothing (`{"a": "jane.doe", "b": "example.com"}`).
A card written as a decimal under a card key (`{"card": 4.111111111111111}`) is read after the key's word too
(`_POINTED_CARD`): bare, such a decimal is data.

Labels and columns (`labelled_values`, atk14 B H4): a value under a table column's header or after a list's label
that names a phone number or an SSN by its head word (`| name | phone |`, `ssn,name`, `Phones: A, B, ... F`, `phone
numbers: A and B and C`) is read after the type's context word the same way, however far from the header or the
label: Presidio's context reaches five tokens, so a Markdown table's rows, a CSV's third row and a list's sixth item
lost it.

Pure functions over strings; the check runs the analysis (`proxy.guard.checks.pii`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from proxy.guard.joined import JSON, JSON_IN_STRING, Sibling, json_values, key_words
from proxy.nlp.cue27 import valid_phone
from proxy.nlp.json46 import plain_key  # a key as it reads (json46)
from proxy.nlp.normalize import luhn_ok, normalize
from proxy.nlp.sig35 import CALL_LISTS, call_list

MAX_VALUE = 64  # characters: a longer value is prose, read with its own words

_PHONE_WORDS = frozenset({"phone", "phones", "telephone", "tel", "cell", "cellphone", "mobile", "fax", "msisdn",
                          "whatsapp", "landline"})
_LOOSE_PHONE_WORDS = frozenset({"to", "from", "recipient", "sender", "caller", "callee"})
_SSN_WORDS = frozenset({"ssn", "ssns"})
# Whole keys, short forms (atk30 F18): `{"ph": ...}`, `{"mob": ...}`, `{"tlf": ...}`, `{"ss_no": ...}`.
_SHORT_PHONE_KEYS = frozenset({"ph", "phno", "mob", "mobno", "tlf", "tlfn", "tfno", "telf", "puhelin", "movil",
                               "móvil", "celular", "gsm"})
_SHORT_SSN_KEYS = frozenset({"ssno", "ssnumber", "ssnum", "socsecno", "socsec", "socsecnum", "socialsecno"})
_CARD_WORDS = frozenset({"card", "cc", "pan", "creditcard", "cardnumber", "ccnum"})
# The context word each type's recognizer reads before the value.
CONTEXT_WORD = {"PHONE_NUMBER": "phone", "US_SSN": "ssn", "CREDIT_CARD": "credit card", "EMAIL_ADDRESS": "email",
                "IBAN_CODE": "iban",  # (an IBAN: only split over sibling keys, `proxy.guard.splitkeys`)
                "IP_ADDRESS": "ip"}  # (an IP: only its four octets under an IP key, `proxy.guard.fields25`)
KEYED_ENTITIES = frozenset({"PHONE_NUMBER", "US_SSN"})  # single values (a card is found without its key)
# A card written as a decimal with a whole part (`{"card": 4.111111111111111}`): read after its key's context
# word only so (bare, a 16-digit float is data: `proxy.nlp.recognizers.technical_value`). A fraction below 1 stays
# data even there (`{"cc": 0.8734...}`: a correlation coefficient).
_POINTED_CARD = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{10,18}")
# Groups of digits under a key (`groups`), and an e-mail address in two values (`mail_pairs`).
GROUP_ENTITIES = frozenset(CONTEXT_WORD)
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
    # A group (`groups`): (text index, start, end) of each element; the reading counts only when a finding
    # covers the whole value (`covers`).
    pieces: tuple[tuple[int, int, int], ...] = ()

    def covers(self, start: int, end: int) -> bool:
        """Whether a finding at [start, end) of `text` covers the whole value read (a group's digits: every
        element, so each can be redacted; a value with a country code may be found without its `+`)."""
        return start <= self.offset + (1 if self.text[self.offset:self.offset + 1] == "+" else 0) \
            and end >= len(self.text)

    @property
    def offset(self) -> int:
        """Where the value starts in `text`."""
        return len(CONTEXT_WORD[self.entity]) + 2


# A key's last word that names a property of a phone or a card, not its number (phone39's look-alikes).
_NOT_VALUE_WORDS = frozenset("model version type count brand make os vendor carrier plan color colour app id_type "
                             "network expiry expires exp network_type status verified".split())
_KEY_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _last_word(key: str) -> str:
    found = _KEY_WORD.findall(key[-40:])
    return found[-1].lower() if found else ""


def named(key: str) -> list[tuple[str, bool]]:
    """The types `key` names, each with whether loosely (see the module's docstring)."""
    key = plain_key(key)  # full-width, look-alike, invisible characters (json46)
    words = key_words([key])
    whole = _LETTERS.sub("", key[:64].lower())
    out: list[tuple[str, bool]] = []
    if words & _NOT_VALUE_WORDS and words & (_PHONE_WORDS | _LOOSE_PHONE_WORDS | _CARD_WORDS) \
            and _last_word(key) in _NOT_VALUE_WORDS:
        return out  # a thing about a phone or a card, not its number (`phone_model`, `mobile_app_version`, `card_type`)
    from proxy.guard.fields25 import phone_key  # `contact_number`, `telefon`, `mobile_no` (fields25)
    from proxy.nlp.tel30 import tel_key  # `ani`, `mdn`, `caller_id_number` (fp30, atk28 F14)

    if words & _PHONE_WORDS or whole in _PHONE_WORDS or whole in _SHORT_PHONE_KEYS or phone_key(key) or tel_key(key):
        out.append(("PHONE_NUMBER", False))
    elif words & _LOOSE_PHONE_WORDS:
        out.append(("PHONE_NUMBER", True))
    from proxy.guard.split26 import tax_key  # `tin`, `tax_id`, `taxpayer_id` (split26)

    if words & _SSN_WORDS or {"social", "security"} <= words or tax_key(key) or whole in _SHORT_SSN_KEYS:
        out.append(("US_SSN", False))
    if words & _CARD_WORDS or whole in _CARD_WORDS or ("credit" in words and "card" in whole):
        out.append(("CREDIT_CARD", False))
    return out


def _keyed(index: int, start: int, end: int, value: str, key: str | None,
           entities: frozenset[str]) -> list[Keyed]:
    if key is None or not value.strip() or end - start > MAX_VALUE or not any(c.isdigit() for c in value):
        return []
    return [Keyed(index, start, end, entity, loose, f"{CONTEXT_WORD[entity]}: {value}")
            for entity, loose in named(key) if entity in entities
            and (entity in KEYED_ENTITIES or entity == "CREDIT_CARD" and _POINTED_CARD.fullmatch(value.strip()))]


def keyed_values(texts: Sequence[str], documents: Sequence[Sequence[Sibling]] = (),
                 json_texts: Sequence[int] | None = None,
                 entities: frozenset[str] = GROUP_ENTITIES, groups: Sequence[Group] = ()) -> list[Keyed]:
    """The values of `documents` (keys right before their values, as `proxy.guard.phases.documents` lists
    them) and of the JSON texts (`json_texts`, as `proxy.guard.joined.sibling_joints` takes them) whose key
    names one of `entities`, each as `Keyed` readings. A value's key is the last key before it in the
    document (an array's elements: the array's key). `groups` (`proxy.guard.phases.groups`) and the groups
    of the JSON texts (`json_groups`) are read as one value each (`group_reading`)."""
    out: list[Keyed] = []
    for key_index, siblings, is_object in groups:
        if key_index < len(texts) and all(i < len(texts) for i, _ in siblings):
            out.extend(group_reading(texts[key_index], [(i, 0, len(texts[i]), kind, texts[i]) for i, kind in siblings],
                                     entities, padded=is_object))
    for i, text in enumerate(texts):
        how = json_texts[i] if json_texts is not None and i < len(json_texts) else 0
        if not how and json_like(text):
            how = JSON  # a text that is a JSON document (an answer to `response_format` json): its groups too
        if how:
            from proxy.guard.fields24 import json_more_groups  # nested arrays, a phone word beside (fields24)

            for name, members, is_object in json_groups(text, how == JSON_IN_STRING) \
                    + json_more_groups(text, how == JSON_IN_STRING):
                out.extend(group_reading(name, [(i, a, b, kind, text[a:b]) for a, b, kind in members], entities,
                                         padded=is_object))
    if "EMAIL_ADDRESS" in entities:
        for document in documents:
            out.extend(mail_pairs([(i, 0, len(texts[i]), kind, texts[i]) for i, kind in document if i < len(texts)]))
        for i, how in enumerate(json_texts or ()):
            if how and i < len(texts) and texts[i]:
                text = texts[i]
                out.extend(mail_pairs([(i, a, b, kind, text[a:b])
                                       for a, b, kind in json_values(text, how == JSON_IN_STRING)]))
    for i, key in keyed_members(texts, documents):
        out.extend(_keyed(i, 0, len(texts[i]), texts[i], key, entities))
    from proxy.guard.splitkeys import split_readings  # one value over sibling keys (`{"ssn": "536", "rest": ...}`)

    out.extend(split_readings(texts, documents, json_texts, entities))
    from proxy.guard.wh29 import column_readings  # cells under a result's schema (`rowType`, `meta`: wh29)

    out.extend(column_readings(texts, json_texts, entities))
    from proxy.guard.json46 import more_keyed  # keyed parts in any order, JSON in a JSON string (json46)

    out.extend(more_keyed(texts, documents, json_texts, entities, groups))
    for i, how in enumerate(json_texts or ()):
        if how and i < len(texts) and texts[i]:
            text, key = texts[i], None
            for a, b, kind in json_values(text, how == JSON_IN_STRING):
                if kind == "key":
                    key = text[a:b]
                else:
                    out.extend(_keyed(i, a, b, text[a:b], key, entities))
    return out


# ------------------------------------------------------------------------------------------- groups


def json_like(text: str) -> bool:
    """A text that is a JSON object or array as a whole (an answer to `response_format` json)."""
    return len(text) > 1 and text[0] in "{[" and text.rstrip()[-1:] in ("}", "]")


# ---------------------------------------------------------------------------- labels and columns

# A label that names phone numbers or SSNs before a list of them (`Phones:`, `phone numbers:`, `Mobile nos.`,
# `SSNs:`, `social security numbers are`), and a column's header (`| name | phone |`, `ssn,name`): every value
# after the label, or under the header, is read after the type's context word, as a keyed value is (atk14 B H4:
# Presidio's context reaches five tokens, so a table's rows or a list's sixth item lost their word).
_LABEL = re.compile(r"(?i)(?<![\w@./-])(?:(?:cell|home|work|office|mobile)[ _-]?)?(?:phones?|telephones?|tel\.?"
                    r"|cell(?:phone)?s?|mobiles?|fax(?:es)?|msisdns?|whatsapp|landlines?|ssns?|social security"
                    r"|i?tins?|tax(?:payer)?[ _-]?id(?:entification)?s?"  # (a person's tax id: split26)
                    r"|" + CALL_LISTS + r")"  # (`Callers:`, `Missed calls:`, `Whitelist:`: sig35)
                    r"(?:[ _-]?(?:numbers?|nos?\.?|nrs?\.?|#s?))?(?![\w@])")
# What may stand between a label and its first value: `(s)`, `:`, `is`, `are`, a line break and a bullet.
_LEAD = re.compile(r"[ \t]*(?:\((?:s|es)\)[ \t]*)?(?:(?:is|are|was|were|:|=|-|–|—)[ \t]*){0,2}"
                   r"(?:\n(?:[ \t]*\n){0,3}[ \t]*)?(?:[-*•][ \t]+|[0-9]{1,3}[.)][ \t]+)?", re.IGNORECASE)
# One value: digits grouped by spaces, dots, hyphens or brackets, a `+` before them.
_ITEM = re.compile(r"\+?\(?[0-9](?:[0-9]|\)[ .-]?(?=[0-9])|[ .(-](?=[0-9(]))*\)?(?![\w@])")
# Between two values of a list: a comma, a semicolon, `/`, `&`, `and`, `or`, a line break, a bullet.
_BETWEEN = re.compile(r"[ \t]*(?:(?:[,;/&]|\b(?:and|or)\b)[ \t]*(?:\n(?:[ \t]*\n){0,3}[ \t]*)?"
                      r"|\n(?:[ \t]*\n){0,3}[ \t]*)(?:(?:and|or)[ \t]+)?(?:[-*•][ \t]+|[0-9]{1,3}[.)][ \t]+)?",
                      re.IGNORECASE)
MAX_LISTED = 1000  # values of one list
_DIGIT = re.compile(r"[0-9]")
_NUMBER_WORDS = frozenset({"number", "numbers", "no", "nos", "nr", "nrs", "num"})
_HEAD_WORD = re.compile(r"[A-Z]+s(?![a-z])|[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def headed(label: str) -> list[str]:
    """The types (`PHONE_NUMBER`, `US_SSN`) a column's header or a list's label names by its head word, in the
    singular or the plural (`phone`, `Mobiles`, `Mobile No.`, `home_phone`, `SSNs`, `social security numbers`), not
    a column about them (`phone model`, `phone_count`)."""
    words = [w.lower() for w in _HEAD_WORD.findall(label[:64])]
    while words and words[-1] in _NUMBER_WORDS:
        words.pop()
    if not words:
        return []
    from proxy.guard.split26 import tax_key  # `TIN`, `tax ID`, `taxpayer id` (split26)

    if tax_key("".join(words[-3:])):
        return ["US_SSN"]
    from proxy.nlp.conc33 import call_head  # `CallerNumber`, `caller_id`, `ANI`, `DNIS` (conc33, atk31 F3)

    if call_head(label):
        return ["PHONE_NUMBER"]
    head = words[-1]
    for word in (head, head[:-1] if head.endswith("s") else head, head[:-2] if head.endswith("es") else head):
        if word in _PHONE_WORDS:
            return ["PHONE_NUMBER"]
        if word in _SSN_WORDS or word == "security" and "social" in words:
            return ["US_SSN"]
    return []


def column_types(label: str) -> tuple[list[str], bool]:
    """The types a list's label or a Markdown, CSV or HTML column's header names (`headed`, or a call list's:
    `Callers`, `Missed calls`, `Whitelist`, `caller`, `callee`: `proxy.nlp.sig35.call_list`), and whether it names
    them loosely (a call list, a call record's column: `proxy.nlp.conc33.call_head`): then its values count only when
    valid phone numbers (`proxy.nlp.cue27.valid_phone`: not a Unix time `1700000000`), as under a loose key."""
    from proxy.nlp.conc33 import call_head

    types = headed(label)
    if types:
        return types, call_head(label)
    return (["PHONE_NUMBER"], True) if call_list(label) else ([], False)


def labelled_values(texts: Sequence[str], entities: frozenset[str] = KEYED_ENTITIES,
                    runs: Sequence[Sequence[int]] = ()) -> list[Keyed]:
    """The values of `texts` that a label before them (a list: `Phones: A, B, ... F`, `phone A and B and C`) or
    their table column's header (Markdown or `|`-separated, CSV, `;` or tab: `proxy.nlp.tables.column_cells`)
    names as a phone number or an SSN, each as a `Keyed` reading after the type's context word, whatever its
    distance from the label or the header. Only the types named strictly (`phone`, `ssn`; not `to`, `from`), and
    only values with digits; what the reading finds must still be the type (the recognizer's own checks).
    `runs`: the texts a client shows joined, each run in order (an answer's text blocks, Responses output_text
    parts, chat content parts: `proxy.guard.phases.heading_runs`): each run is also read joined, so a header or
    a label that ends one text names the values at the start of the next (`| name | phone |` in one block, its
    rows in the next: atk17 M3); a value that crosses from one text into the next is left to the joints."""
    wanted = KEYED_ENTITIES & entities
    out: list[Keyed] = []
    if not wanted:
        return out
    for i, text in enumerate(texts):
        found = _text_values(text, wanted) if len(text) <= _MEMO_CHARS else _text_values.__wrapped__(text, wanted)
        out.extend(Keyed(i, a, b, entity, False, context) for a, b, entity, context in found)
    seen = {(k.index, k.start, k.end, k.entity) for k in out}
    for run in runs:
        members = [i for i in run if 0 <= i < len(texts) and texts[i]]
        if len(members) < 2:
            continue
        starts: list[int] = []
        pos = 0
        for i in members:
            starts.append(pos)
            pos += len(texts[i])
        joined = "".join(texts[i] for i in members)
        for a, b, entity in _labelled_in(joined, wanted):
            k = bisect.bisect_right(starts, a) - 1
            i, base = members[k], starts[k]
            if b - base > len(texts[i]) or (i, a - base, b - base, entity) in seen:
                continue  # across a cut (the joints read it), or read in its own text already
            seen.add((i, a - base, b - base, entity))
            out.append(Keyed(i, a - base, b - base, entity, False, f"{CONTEXT_WORD[entity]}: {joined[a:b]}"))
    return out


_MEMO_CHARS = 16_384  # texts up to this long keep their readings (`_text_values`): a resent conversation's
# earlier messages are read once, not on every turn (speed38: ~7 of a 17 ms chat turn went to re-reading them)


@functools.lru_cache(maxsize=2048)
def _text_values(text: str, wanted: frozenset[str]) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, type, reading) of each value `labelled_values` finds in one text on its own: a function of the
    text and the types alone, so kept for the texts a client sends again (at most 2,048 of `_MEMO_CHARS`: 32 MB)."""
    from proxy.nlp.dev35 import dev35_decoded  # ZPL `^FH` hex-escaped fields (call37, atk36 F01)
    from proxy.nlp.fixw37 import fixw37_values  # NACHA entries' ids, payroll lines' SSNs and phones (atk36 F20)
    from proxy.nlp.gds34 import gds34_values  # GEDCOM IDNO SSNs, Sabre phone lines, SSR PCTC (gds34, atk33)
    from proxy.nlp.gen32 import gen32_values  # GEDCOM PHON lines, PNR phone elements (gen32, atk31 F1, F2)
    from proxy.nlp.hl731 import typed_values  # HL7 XTN/SSN fields, ASTM P-13, DICOM phone/id tags (hl731)
    from proxy.nlp.phone37 import phone37_values  # cued IN/CN mobiles, numbers beside a contact (phone37, atk37)
    from proxy.nlp.sms35 import sms35_values  # SMS Backup & Restore XML, `Row:` lines, WhatsApp ids (sms35, atk33)

    out = [(a, b, entity, f"{CONTEXT_WORD[entity]}: {text[a:b]}") for a, b, entity in _labelled_in(text, wanted)]
    out.extend((a, b, entity, f"{CONTEXT_WORD[entity]}: {value}")
               for a, b, entity, value in typed_values(text, wanted) + gen32_values(text, wanted)
               + gds34_values(text, wanted) + sms35_values(text, wanted) + dev35_decoded(text, wanted)
               + fixw37_values(text, wanted) + phone37_values(text, wanted))
    return tuple(out)


def list_open(text: str, entities: frozenset[str] = KEYED_ENTITIES) -> bool:
    """Whether `text` ends inside a list a label names as phone numbers or SSNs (`Phones:`, `phone numbers:\\n- A`,
    `SSNs: A, B,`): its label, then only what leads to a value and values between separators, so the next text a
    client joins to it goes on with the list's values (`labelled_values` over `runs`; a stream's next field is read
    after it: `proxy.guard.windows.OutputWindows._run_on`)."""
    last = None
    for m in _LABEL.finditer(text):
        last = m
    if last is None or not any(entity in entities for entity in column_types(last.group())[0]):
        return False
    at = _LEAD.match(text, last.end())
    pos = at.end() if at is not None else last.end()
    if "\n" in text[last.end():pos] and ":" not in text[last.end():pos]:
        return False  # a table's header, read by its columns
    for _ in range(MAX_LISTED):
        if pos >= len(text):
            return True
        item = _ITEM.match(text, pos)
        if item is None:
            return False
        step = _BETWEEN.match(text, item.end())
        if step is None or step.end() == item.end():
            return item.end() >= len(text)
        pos = step.end()
    return False


def _labelled_in(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each value of `text` under a column's header or after a list's label naming its type
    among `wanted` (`labelled_values`)."""
    from proxy.nlp.cue27 import cued_values  # `SS#`, `Ph:`, `M:`, `☎`, contact rows, SMS records (cue27)
    from proxy.nlp.dist29 import distant_values  # a value a few words after its cue, a pair's second (dist29)
    from proxy.nlp.tab29 import table_values  # fixed-width and box tables, other header words (tab29)
    from proxy.nlp.tsv30 import phone_values  # `Direct line`, `DID`, `Pager`, call-me, signatures' numbers (tsv30)

    out: list[tuple[int, int, str]] = cued_values(text, wanted) + table_values(text, wanted)
    out += phone_values(text, wanted)
    from proxy.nlp.phone33 import phone33_values  # Zelle, chat exports, SMPP, send_sms(to=), CB# (phone33)

    out += phone33_values(text, wanted)
    from proxy.nlp.sig35 import sig35_values  # `(m) 6174938261`, `c: ...`, `6174938261 ext. 12` (sig35, atk33)

    out += sig35_values(text, wanted)
    from proxy.nlp.dev35 import dev35_values  # ZPL/EPL labels, adb contact rows, caller ids, PDF /V (dev35)

    out += dev35_values(text, wanted)
    from proxy.nlp.sql31 import typed_values  # a dump's cells under `phone`/`ssn` columns (sql31)

    out += typed_values(text, wanted)
    from proxy.nlp.left31 import positional_values  # a person's record as positional literals (left31)

    out += positional_values(text, wanted)
    out += distant_values(text, wanted)
    from proxy.nlp.edi31 import edi_values  # X12 `REF*SY*`, `PER*..*TE*`, EDIFACT `COM+..:TE'`, FHIR us-ssn (edi31)

    out += edi_values(text, wanted)
    from proxy.nlp.conc33 import conc_values  # DAT load files' and sqlite rows' phone cells (conc33, atk31 F19, F3)

    out += conc_values(text, wanted)
    from proxy.nlp.csv37 import csv_values  # header-less exports' SSN and phone columns (csv37, atk36 F19, F05)

    out += csv_values(text, wanted)
    if "PHONE_NUMBER" in wanted:
        from proxy.nlp.tel30 import tel_values  # an SMS record's recipient, a passwd line's phones (fp30, atk28 F14)

        out += tel_values(text)
    from proxy.nlp.conc33 import call_heads_in  # `CallerNumber`, `ANI` columns (conc33, atk31 F3)

    if _DIGIT.search(text) is not None and (_LABEL.search(text) is not None or call_heads_in(text)):
        out += _listed(text, wanted)
    return list(dict.fromkeys(out))  # (a value both a cue and a list's label name: read once)


def _listed(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    """The values of `text` under a column's header or after a list's label naming their type (`_labelled_in`)."""
    from proxy.nlp.tables import column_cells

    out: list[tuple[int, int, str]] = []
    types: dict[str, tuple[list[str], bool]] = {}
    for a, b, header in column_cells(text, wide=True):
        if header not in types:
            named, strict = column_types(header)
            types[header] = ([entity for entity in named if entity in wanted], strict)
        if types[header][0] and b - a <= MAX_VALUE and any(c.isdigit() for c in text[a:b]) \
                and (not types[header][1] or valid_phone(text[a:b])):
            out.extend((a, b, entity) for entity in types[header][0])
    for m in _LABEL.finditer(text):
        named, strict = column_types(m.group())
        kinds = [entity for entity in named if entity in wanted]
        if not kinds:
            continue
        at = _LEAD.match(text, m.end())
        pos = at.end() if at is not None else m.end()
        if "\n" in text[m.end():pos] and ":" not in text[m.end():pos]:
            continue  # a table's header (`id;Mobile No.`), read by its columns; a list's label ends with `:`
        for _ in range(MAX_LISTED):
            item = _ITEM.match(text, pos)
            if item is None:
                break
            a, b = item.start(), item.end()
            while b > a and text[b - 1] in " .-(":
                b -= 1
            if b - a <= MAX_VALUE and (not strict or valid_phone(text[a:b])):
                out.extend((a, b, entity) for entity in kinds)
            step = _BETWEEN.match(text, item.end())
            if step is None or step.end() == item.end():
                break
            pos = step.end()
    return out


# The elements of a group under a key: (text index, start, end) and kind of each (`number` or `string`).
# The key's text index, the members, and whether they are an object's (`proxy.guard.phases.groups`).
Group = tuple[int, Sequence[Sibling], bool]
MAX_MEMBERS = 19  # one digit per element of the longest card
_LENGTHS = {"PHONE_NUMBER": (10, 11), "US_SSN": (9, 9), "CREDIT_CARD": (13, 19)}
_LAYOUTS = {"PHONE_NUMBER": ((3, 3, 4), (1, 3, 3, 4)), "US_SSN": ((3, 2, 4),),
            "CREDIT_CARD": ((4, 4, 4, 4), (4, 6, 5))}
_PADDING = 2  # leading zeros a group's JSON numbers may have lost in all (`{"area": 78, "group": 5, ...}`)
# An element: digits, a `+` before them (a country code), or an area code in brackets. Linear: no nesting.
_ELEMENT = re.compile(r"\s{0,8}(\+?)\(?([0-9]{1,19})\)?\s{0,8}", re.ASCII)


def group_reading(key: str, members: Sequence[tuple[int, int, int, str, str]],
                  entities: frozenset[str] = GROUP_ENTITIES, padded: bool = False) -> list[Keyed]:
    """The readings of a group of elements (text index, start, end, kind, text) under `key` (see the
    module's docstring): one per type the key names whose shape and checks the joined digits pass. `padded`:
    the elements are an object's members (`{"area": 87, "group": 5, ...}`), whose JSON numbers may be padded
    back to their group's width; an array's are read as they are, but a phone number's last group
    (`proxy.guard.fields24.array_padding`: `{"phone": [617, 555, 143]}`)."""
    if not 2 <= len(members) <= MAX_MEMBERS:
        return []
    from proxy.guard.fields25 import ip_group  # `{"ip": [192, 168, 10, 77]}` (fields25)

    if "IP_ADDRESS" in entities and (octets := ip_group(key, members)) is not None:
        return octets
    types = named(key)
    kinds = [(entity, loose) for entity, loose in types if entity in entities]
    if not kinds and types:
        return []
    parts: list[str] = []
    plus = False
    for n, (_, _, _, kind, text) in enumerate(members):
        m = _ELEMENT.fullmatch(text)
        if m is None or (m.group(1) and (n or kind == "number")):
            return []
        plus = plus or bool(m.group(1))
        parts.append(m.group(2))
    pieces = tuple((i, a, b) for i, a, b, _, _ in members)
    numbers = [kind == "number" for _, _, _, kind, _ in members]
    if not kinds:  # a key that names no type: only a value spelt out in its digits or its printed groups
        unnamed = unnamed_value(key, parts, numbers, plus)
        if unnamed is None or unnamed[0] not in entities:
            return []
        i, a, _ = pieces[0]
        return [Keyed(i, a, pieces[-1][2], unnamed[0], False, f"{CONTEXT_WORD[unnamed[0]]}: {unnamed[1]}", pieces)]
    out: list[Keyed] = []
    for entity, loose in kinds:
        from proxy.guard.fields24 import array_padding

        pad = padded or array_padding(entity, loose, parts, numbers)  # `{"phone": [617, 555, 143]}` (fields24)
        value = next((v for v in _joined(entity, parts, numbers if pad else [False] * len(parts), plus)
                      if (not loose or valid_loose(v)) and valid_group(entity, v)), None)
        if value is None:
            continue
        i, a, _ = pieces[0]
        out.append(Keyed(i, a, pieces[-1][2], entity, loose, f"{CONTEXT_WORD[entity]}: {value}", pieces))
    return out


# Groups under a key that names no type (`{"number": [6, 1, 7, 5, 5, 5, 0, 1, 4, 3]}`, `{"acct": {"p1": "617",
# "p2": "555", "p3": "0143"}}`): read only when each element is one digit (a value spelt out: 9 digits an SSN,
# 10 or 11 a phone number, 13-19 a card) or the elements are strings in exactly the type's printed groups, and
# the value is valid as the type and plausible as one typed (`_plausible`). Keys of technical data are left
# alone (`_DATA_KEY_WORDS`: a tensor's shape, a colour, a version, ports, coordinates, token ids, labels), and
# so are numbers in groups of several digits (`[256, 512, 1024]`, `[3, 11, 4]`, `[8080, 8443, 9090, 9200]`) and
# digits each given once (`[5, 3, 8, 1, 9, 2, 7, 4, 6]`: a list to sort).
_DATA_KEY_WORDS = frozenset({
    "shape", "shapes", "size", "sizes", "dim", "dims", "dimensions", "rgb", "rgba", "color", "colour", "colors",
    "version", "versions", "ver", "port", "ports", "coord", "coords", "coordinates", "range", "mask", "masks",
    "label", "labels", "weight", "weights", "bias", "seed", "seeds", "index", "indices", "idx", "offset", "offsets",
    "stride", "strides", "kernel", "padding", "pos", "position", "positions", "bbox", "box", "xy", "xyz", "lat",
    "lon", "lng", "year", "years", "id", "ids", "token", "tokens", "vector", "embedding", "grid", "matrix", "row",
    "rows", "col", "cols", "scores", "votes", "counts", "bits", "bytes", "pixels",
    "cards"})  # a list of cards holds one per element (`_CARD_WORDS`)
_UNNAMED_LAYOUTS = {(3, 3, 4): "PHONE_NUMBER", (1, 3, 3, 4): "PHONE_NUMBER", (3, 2, 4): "US_SSN",
                    (4, 4, 4, 4): "CREDIT_CARD", (4, 6, 5): "CREDIT_CARD"}
_SEQUENCE = "01234567890123456789"


def unnamed_value(key: str, parts: Sequence[str], numbers: Sequence[bool], plus: bool) -> tuple[str, str] | None:
    """The type and the printed value of a group under a key that names no type (see `_UNNAMED_LAYOUTS`), if any."""
    if plus or key_words([key]) & _DATA_KEY_WORDS:
        return None
    digits = "".join(parts)
    if all(len(p) == 1 for p in parts):
        if len(set(digits)) == len(digits):
            return None  # each digit once: a permutation (a list to sort), which a typed value seldom is
        entity = {9: "US_SSN", 10: "PHONE_NUMBER", 11: "PHONE_NUMBER"}.get(len(digits), "CREDIT_CARD")
    elif not any(numbers) and tuple(map(len, parts)) in _UNNAMED_LAYOUTS:
        entity = _UNNAMED_LAYOUTS[tuple(map(len, parts))]
    else:
        return None
    lo, hi = _LENGTHS[entity]
    if not lo <= len(digits) <= hi or not _plausible(entity, digits):
        return None
    value = _printed(entity, digits)
    return (entity, value) if valid_group(entity, value) else None


# Card numbers by their issuer's prefix and length (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay).
_CARD_PREFIX = re.compile(r"4[0-9]{12}(?:[0-9]{3}){0,2}|(?:5[1-5][0-9]{2}|222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|"
                          r"27[01][0-9]|2720)[0-9]{12}|3[47][0-9]{13}|(?:6011|65[0-9]{2}|64[4-9][0-9])[0-9]{12,15}|"
                          r"35(?:2[89]|[3-8][0-9])[0-9]{12,15}|3(?:0[0-5]|[68][0-9])[0-9]{11}|62[0-9]{14,17}")


def _plausible(entity: str, digits: str) -> bool:
    """Whether digits with no key to name their type look typed as one: a card with its issuer's prefix and
    length; a phone number or an SSN with four different digits or more and no run of consecutive digits
    (`[1, 0, 1, 1, 0, 0, 1, 0, 1]`, `[2, 3, 4, 5, 6, 7, 8, 9, 0, 1]`)."""
    if entity == "CREDIT_CARD":
        return _CARD_PREFIX.fullmatch(digits) is not None
    if entity == "PHONE_NUMBER" and len(digits) == 11:
        digits = digits[1:] if digits[0] == "1" else ""
    return len(set(digits)) >= 4 and digits not in _SEQUENCE and digits not in _SEQUENCE[::-1]


def _joined(entity: str, parts: Sequence[str], numbers: Sequence[bool], plus: bool) -> list[str]:
    """The values the group's digits may be, printed in the type's groups: joined as they are when they have the
    type's length, then padded to one of its layouts (JSON numbers that lost leading zeros: `[5105, 1051, 510,
    5100]` is 15 digits as it is, 16 padded)."""
    digits = "".join(parts)
    if plus:  # `["+44", "20", "7946", "0958"]`: a phone number with its country code
        return ["+" + " ".join(parts)] if entity == "PHONE_NUMBER" and 8 <= len(digits) <= 15 else []
    out = []
    lo, hi = _LENGTHS[entity]
    if lo <= len(digits) <= hi:
        out.append(_printed(entity, digits))
    for layout in _LAYOUTS[entity]:
        if len(layout) == len(parts) and 0 < sum(layout) - len(digits) <= _PADDING \
                and all(len(p) <= w and (len(p) == w or number)
                        for p, w, number in zip(parts, layout, numbers, strict=True)):
            out.append(_printed(entity, "".join(p.zfill(w) for p, w in zip(parts, layout, strict=True))))
    return out


def _printed(entity: str, digits: str) -> str:
    """Digits printed in the groups of their type (the recognizers score a grouped value higher)."""
    if entity == "US_SSN":
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    if entity == "PHONE_NUMBER":
        lead = "+1 " if len(digits) == 11 else ""
        d = digits[-10:]
        return f"{lead}{d[:3]}-{d[3:6]}-{d[6:]}"
    if len(digits) == 16:
        return "-".join(digits[k:k + 4] for k in range(0, 16, 4))
    if len(digits) == 15:
        return f"{digits[:4]}-{digits[4:10]}-{digits[10:]}"
    return digits


_SAMPLE_SSNS = frozenset({"123456789", "987654320", "078051120"})  # (Presidio's `UsSsnRecognizer` list)


def valid_group(entity: str, value: str) -> bool:
    """Whether a group's joined value (`_printed`) is valid as its type: a phone number `phonenumbers` finds
    valid (North American without a `+`), an SSN by the SSA's rules (no area 000, 666 or 9xx, no group 00, no
    serial 0000, not one digit repeated) and not one of the published samples Presidio takes for none
    (`123456789`, `078051120`: a group spelt out in them, `{"ssn_digits": [1, 2, ..., 9]}`, is test data, and a key
    that names an SSN types a value written whole only, `proxy.nlp.pii._typed_by_key`), a card by Luhn."""
    digits = "".join(c for c in value if c.isdigit())
    if entity == "US_SSN":
        return len(digits) == 9 and digits[:3] not in ("000", "666") and digits[0] != "9" \
            and digits[3:5] != "00" and digits[5:] != "0000" and len(set(digits)) > 1 \
            and digits not in _SAMPLE_SSNS
    if entity == "CREDIT_CARD":
        return 13 <= len(digits) <= 19 and luhn_ok(digits)
    import phonenumbers

    try:
        number = phonenumbers.parse(value, None if value.startswith("+") else "US")
        return bool(phonenumbers.is_valid_number(number))
    except phonenumbers.NumberParseException:
        return False


# A JSON text's tokens with its structure: a string (and whether a `:` follows: a key), a number, a bracket,
# a literal. Each alternative starts with a different character: linear.
_JSON_PART = re.compile(r'"((?:[^"\\]|\\.)*)("?)(\s*:)?|-?([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|([\[\]{}])|'
                        r"(true|false|null)")


def json_groups(text: str, inside: bool = False) -> list[tuple[str, list[tuple[int, int, str]], bool]]:
    """The groups of a JSON text (or a fragment of one; `inside`: it starts inside a string): each array or
    object directly under a key (an object's member) whose values are all numbers and strings, as the key and
    its values' (start, end, kind). What is not JSON is skipped; a container not closed in the text is none."""
    out: list[tuple[str, list[tuple[int, int, str]], bool]] = []
    pos = 0
    if inside:
        m = re.compile(r'(?:[^"\\]|\\.)*"?').match(text)
        pos = m.end() if m is not None else len(text)
    # Per open container: its key (None: none, or not a group), its values, whether it still can be a group.
    stack: list[tuple[str | None, list[tuple[int, int, str]], list[bool]]] = []  # flags: still a group, an object
    key: str | None = None  # the last key read in the innermost object, for the value after it
    for m in _JSON_PART.finditer(text, pos):
        if m.group(5) is not None:
            if m.group(5) in "[{":
                if stack:
                    stack[-1][2][0] = False
                stack.append((key, [], [True, m.group(5) == "{"]))
                key = None
            elif stack:
                name, members, ok = stack.pop()
                if name is not None and ok[0] and members:
                    out.append((name, members, ok[1]))
                key = None
            continue
        if m.group(4) is not None:
            if stack:
                stack[-1][1].append((m.start(4), m.end(4), "number"))
                if m.group(0)[0] == "-" or not m.group(4).isdigit():
                    stack[-1][2][0] = False  # a negative or a fraction: no digits of a value
        elif m.group(6) is not None:
            if stack:
                stack[-1][2][0] = False
        elif m.group(3) and m.group(2):
            key = m.group(1)
            continue
        elif stack:
            stack[-1][1].append((m.start(1), m.end(1), "string"))
        key = None
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


# ------------------------------------------------------------------------------------- e-mail pairs
#
# An e-mail address in two values of one object, its local part under a key that names the mailbox and its
# domain right after it under a key that names a domain or a host (`{"user": "jane.doe", "domain":
# "example.com"}`, `{"local": "jane.doe", "host": "acme.io"}`): read as `email: jane.doe@example.com`, and a
# finding over the whole address is one in each value (each redacted on its own, restored as sent). A login's
# user and host (`{"user": "postgres", "host": "db.example.com"}`) are read so only when the user is shaped
# like a person's name (`jane.doe`, `j_smith`); keys that name neither side (`{"name": "api", "host": ...}`)
# are not read together.
_MAILBOX_WORDS = frozenset({"local", "localpart", "mailbox", "email", "mail", "inbox", "recipient"})
_USER_WORDS = frozenset({"user", "username", "login", "account", "handle", "uid"})
_DOMAIN_WORDS = frozenset({"domain", "domainname", "maildomain"})
_HOST_WORDS = frozenset({"host", "hostname", "server", "mailserver", "mx"})
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_NAME_SHAPED = re.compile(r"[A-Za-z]+[._-][A-Za-z]+[0-9]{0,4}")
_NAME_PARTS = re.compile(r"[._0-9-]+")
# Under keys that name nothing: a person's mailbox, two words apart by `.` or `_` (`jane.doe`, `j_smith`), one
# of them a listed name (`os.path`, `main.py`, `lodash.merge`, `scikit-learn` are none).
_PERSON_LOCAL = re.compile(r"([A-Za-z]+)[._]([A-Za-z]+)[0-9]{0,4}")
_MAIL_KEY_WORDS = _MAILBOX_WORDS | _USER_WORDS | _DOMAIN_WORDS | _HOST_WORDS
_DOMAIN = re.compile(r"@?((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})")


def mail_pairs(items: Sequence[tuple[int, int, int, str, str]]) -> list[Keyed]:
    """The e-mail addresses split over a key's string value and the next key's (see above): `items` are one
    document's keys and values in order, as (text index, start, end, kind, text)."""
    out: list[Keyed] = []
    for n in range(len(items) - 3):
        (_, _, _, k1, key1), (i, a, b, v1, local), (_, _, _, k2, key2), (j, c, d, v2, domain) = items[n:n + 4]
        if (k1, v1, k2, v2) != ("key", "string", "key", "string") or len(local) > 64 or len(domain) > 255:
            continue
        local, domain = _viewed(local), _viewed(domain)
        host = mail_pair(key1, local, key2, domain)
        if host is not None:
            out.append(_pair(i, a, b, local, j, c, d, host))
    return out + _unnamed_pairs(items)


def mail_pair(key1: str, local: str, key2: str, domain: str) -> str | None:
    """The domain of the address a mailbox value under `key1` and a domain value under `key2` make (`mail_pairs`;
    a table's columns and a row's cells too: `proxy.nlp.join42`), or None."""
    host = _DOMAIN.fullmatch(domain.strip())
    if host is None or _LOCAL_PART.fullmatch(local.strip().rstrip("@")) is None:
        return None
    first, second = key_words([key1]), key_words([key2])
    if not second & (_DOMAIN_WORDS | _HOST_WORDS) and _LETTERS.sub("", key2.lower()) not in _DOMAIN_WORDS:
        return None
    mailbox = bool(first & _MAILBOX_WORDS)
    # A login's user beside a host is a mailbox only when it is a person's name (`jane_doe`, not `svc-deploy`:
    # atk6 F4, a service account's login read as an address).
    user = bool(first & _USER_WORDS) and (bool(second & _DOMAIN_WORDS) or (
        _NAME_SHAPED.fullmatch(local.strip()) is not None and _listed_name(*_NAME_PARTS.split(local.strip()))))
    return host.group(1) if mailbox or user else None


# What the view may decode or fold in a mailbox or a domain (`_viewed`): escapes, entities, non-ASCII characters.
_ESCAPED = re.compile(r"[%&\\=]")


def _viewed(value: str) -> str:
    """A mailbox or domain value as the analysis reads it (`proxy.nlp.normalize`: `{"user": "jane&#46;doe", "domain":
    "example&#46;com"}`, `{"mailbox": "jane.doe%40"}`); the pair still covers the values as written."""
    return normalize(value).text if _ESCAPED.search(value) or not value.isascii() else value


def _pair(i: int, a: int, b: int, local: str, j: int, c: int, d: int, domain: str) -> Keyed:
    address = f"{local.strip().rstrip('@')}@{domain}"
    return Keyed(i, a, d, "EMAIL_ADDRESS", False, f"{CONTEXT_WORD['EMAIL_ADDRESS']}: {address}", ((i, a, b), (j, c, d)))


def _unnamed_pairs(items: Sequence[tuple[int, int, int, str, str]]) -> list[Keyed]:
    """Two string values next to each other whose keys name neither side (`{"a": "jane.doe", "b":
    "example.com"}`, an array's elements): a person's mailbox (`_PERSON_LOCAL`, one of its two words a listed
    first name or surname) then a domain with a top-level domain."""
    out: list[Keyed] = []
    previous: tuple[int, int, int, str, str] | None = None
    keys: list[str] = []  # the keys since the value before the one read
    first_key: list[str] = []
    for item in items:
        if item[3] == "key":
            keys.append(item[4])
            continue
        second_key, keys = keys, []
        if previous is not None and previous[3] == item[3] == "string" and len(second_key) <= 1 \
                and not key_words([*first_key, *second_key]) & _MAIL_KEY_WORDS:
            (i, a, b, _, local), (j, c, d, _, domain) = previous, item
            local = _viewed(local) if len(local) <= 64 else local
            host = _DOMAIN.fullmatch(_viewed(domain).strip()) if len(domain) <= 255 else None
            person = _PERSON_LOCAL.fullmatch(local.strip())
            if host is not None and person is not None and _listed_name(person.group(1), person.group(2)):
                out.append(_pair(i, a, b, local, j, c, d, host.group(1)))
        previous, first_key = item, second_key
    return out


def _listed_name(*words: str) -> bool:
    from proxy.nlp.names import name_lists  # (loaded once, ~1 s: the check runs this off the event loop)

    names = name_lists()
    return any(names.is_name(w) for w in words)


# ------------------------------------------------------------------------------------------- name parts

def keyed_members(texts: Sequence[str], documents: Sequence[Sequence[Sibling]]) -> Iterator[tuple[int, str | None]]:
    """Each value of `documents` (by text index) with the key before it in its document (None: none yet)."""
    for document in documents:
        key: str | None = None
        for i, kind in document:
            if i >= len(texts):
                continue
            if kind == "key":
                key = texts[i]
            else:
                yield i, key


# A value that may be a part of a person's name: one to three words of letters (`proxy.nlp.pii._KEYED_PART`'s).
_NAME_PART_VALUE = re.compile(r"[^\W\d_][^\W\d_'’ -]*(?:[ '’-][^\W\d_][^\W\d_'’-]*){0,2}")


def name_part_candidates(texts: Sequence[str],
                         documents: Sequence[Sequence[Sibling]]) -> list[tuple[int, bool, int]]:
    """The values of `documents` (a tool call's arguments, a tool's input, a JSON document decoded into its
    values) under a key that names a part of a person's name (`first_name`, `given_name`, `last_name`,
    `family_name`, `surname`: `proxy.nlp.tables.column_kind` "parts"; `prenom`, `nombre`: loose, the value must
    be a listed name; FHIR's `family`/`given`, `fname`/`lname`, `first`/`last` beside their partner:
    `proxy.nlp.name_keys`), in a name part's shape and no filler (`Unknown`, `None`): (text index, loose, the text
    index of a paired key's partner value, else -1: a value of the pair must be a listed name). Cheap, no
    name list read: on the request path, so that `name_part_values` goes off the event loop only where a key
    names a name part."""
    from proxy.nlp.name_keys import document_pairs
    from proxy.nlp.pii import _LOOSE_PART_KEYS, _NO_NAME_CELLS
    from proxy.nlp.tables import column_kind

    out: list[tuple[int, bool, int]] = []
    for i, key in keyed_members(texts, documents):
        value = texts[i]
        if key is None or len(value) > MAX_VALUE or _NAME_PART_VALUE.fullmatch(value) is None \
                or value.lower() in _NO_NAME_CELLS:
            continue
        loose = key.lower() in _LOOSE_PART_KEYS
        if loose or column_kind(key) == "parts":
            out.append((i, loose, -1))
    # (a key that names a name's part beside its partner: FHIR's `family`/`given`, `fname`/`lname`: atk20 H3)
    seen = {i for i, _, _ in out}
    for document in documents:
        for i, loose, partner in document_pairs(texts, document):
            value = texts[i]
            if i not in seen and len(value) <= MAX_VALUE and _NAME_PART_VALUE.fullmatch(value) is not None \
                    and value.lower() not in _NO_NAME_CELLS:
                seen.add(i)
                out.append((i, loose, partner))
    from proxy.nlp.keys37 import document_names  # (other languages' keys: `sobrenome`, `фамилия`, `姓`/`名`)

    for document in documents:
        out += [(i, False, -1) for i in document_names(texts, document) if i not in seen and len(texts[i]) <= MAX_VALUE]
        seen.update(i for i, _, _ in out)
    return out


def name_part_values(texts: Sequence[str], candidates: Sequence[tuple[int, bool, int]]) -> list[int]:
    """Of `name_part_candidates`, the values that are a part of a person's name, by text index: each is a PERSON
    as the same JSON written as text reads it (`proxy.nlp.pii._keyed_name_parts`, atk17 M5: `{"first_name":
    "Priya", "last_name": "Raghunathan"}` as a tool call's arguments went up whole). A capitalised value, or one
    in lower case or capitals made of listed names. Loads the name lists: off the event loop."""
    from proxy.nlp.names import name_lists

    names = name_lists()

    def listed_name(value: str) -> bool:
        return all(names.is_name(w) or names.is_any_first(w) for w in re.split(r"[ '’-]", value) if w)

    out: list[int] = []
    for i, loose, partner in candidates:
        value = texts[i]
        listed = listed_name(value)
        if partner >= 0:  # a paired key's: a value of the pair a listed name, the other any word (`Mark`, `Black`)
            if not (listed or partner < len(texts) and listed_name(texts[partner])):
                continue
            loose = False
        if value[0].islower() and " " in value or (value[0].islower() or value.isupper() or loose) and not listed:
            continue
        out.append(i)
    return out

