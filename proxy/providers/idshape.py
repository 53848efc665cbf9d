"""What an identifier, a name or a sealed value must look like to be left alone (issue 12, F3/F6/F13).

Ids, names, the model, signatures, encrypted content and credentials carry no user text when they have
the shape they claim, so they are not screened (`proxy.providers.inventory` on the way in,
`proxy.providers.answers` on the way out). A value there that holds digits as data is screened:

- `digit_run`: the longest run of decimal digits, read across the separators a value puts between
  groups (`-`, `_`, `.`, `:`, `/`, `+`, `=`): `call-617-555-0143` holds 10, `call_4111111111111111` 16.
  A date (`2024-07-18`, `20241022`) stands apart (model snapshots, beta names). An exempt id or name
  holds at most `MAX_DIGITS` (8): provider ids are random letters and digits (`call_`, `toolu_01`,
  `msg_01`, `chatcmpl-`, `file-`: base62, where 9 digits in a row come about once in a million ids).
- `letter_split`: a phone number, an SSN or a card in its printed groups with a separator or letters
  between them (`call_617x555x0143`, `toolu_536a90b4399`; a phone number or a card up to 3 letters,
  `call_617AB555CD0143`, an SSN 1: `LETTER_GAPS`), valid as the type, is data too: read as the value
  (`617-555-0143`) and rewritten as any id is. Random base62 ids hold such groups about once in a million
  (`LETTER_GAPS`, measured by `bench/id_gaps.py`).
- a Unix time (`1759178010641129`: seconds, milliseconds or microseconds, 2017-2033), as Anthropic's
  skill versions are.
- `hex_id`: OpenAI's hex-bodied ids (`resp_`, `msg_`, `fc_`, `rs_`, `conv_`, `pmpt_` ... and 32-64
  lowercase hex digits). Random hex has long digit runs by chance (a run of 9 in half of them), so
  those are left alone whatever their digits: a number typed there is as likely by chance; like a base64
  payload, such an id can carry what a client encodes in it on purpose.
- `opaque`: a long (64+ characters) high-entropy run of the base64 / base64url alphabet (a real
  signature, encrypted reasoning, an access token): screening it as text would only corrupt it.

Digits are read as digits whatever their script (atk18 M1: `ssn５３６９０４３９９`, `tel٦١٧٥٥٥٠١٤٣`,
`u_１０.２０.３０.４０` went up as sent): every check and the reading see the value `folded` (a
Unicode digit as its ASCII digit, a full-width letter or sign as its ASCII form, one character for one). An
exempt shape is ASCII only, so such a value is no id shape and is screened, on its folded reading.

A value of another shape is screened as text, read as `reading` gives it: letters apart from digits (a valid
IBAN, `iban_spans`, read whole: `call_DE89370400440532013000` reads `call DE89370400440532013000`)
and from the separators next to them (`call-617-555-0143` reads `call 617-555-0143`, as a phone
number would be found in a sentence), and `<` `>` as spaces, so a placeholder (`<EMAIL_ADDRESS_1>`) in
an id, a name or the model is never restored there (`IdSlot`).
"""

from __future__ import annotations

import difflib
import ipaddress
import math
import re
import unicodedata
from collections import Counter
from typing import Any

from .base import TextSlot

__all__ = ["MAX_DIGITS", "NAME_KIND", "IdSlot", "KeyNameSlot", "digit_run", "folded", "hex_id", "iban_spans",
           "id_shaped", "opaque", "reading", "written"]

MAX_DIGITS = 8
# `TextSlot.kind` of a name or the model read as text: it cannot be rewritten (the provider refuses a
# tool or model name with a placeholder in it, the client's code calls a tool by it), so a finding that
# would rewrite it blocks the request (`proxy.guard.phases.screen_request`).
NAME_KIND = "name"

_DATE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}([-_./]?)(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12][0-9]|3[01])(?![0-9])",
                   re.ASCII)
# OpenAI's item, response, conversation and prompt ids: a lowercase prefix and 32-64 hex digits
# (`resp_677efb5139a88190b512bc3fef8e535d`, `msg_030d085c0b53e67e0069332e3a72d4819c96c6f2c4adc15d33`).
_HEX_PREFIXES = ("resp", "msg", "fc", "rs", "ws", "conv", "pmpt", "ci", "ig", "mcp", "mcpr", "mcpl", "ctc", "cu",
                 "lsh", "sh", "cntr", "ctr", "fs", "tsc", "ts", "apply", "audio", "item", "rsp")
_HEX_ID = re.compile(rf"(?:{'|'.join(_HEX_PREFIXES)})_[0-9a-f]{{32,64}}", re.ASCII)
_OPAQUE = re.compile(r"[A-Za-z0-9+/_-]{64,}={0,2}|[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
                     re.ASCII)
# What a rewrite may write into an id: the characters of Anthropic's id pattern, `^[a-zA-Z0-9_-]+$`.
_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]", re.ASCII)
_TOKEN = re.compile(r"[A-Za-z0-9_.:/+=-]{1,256}", re.ASCII)
# A Unix time in seconds, milliseconds or microseconds from 2017 to 2033 (Anthropic skill versions are
# `1759178010641129`): no phone number starts with 1 after its country code, no card with 15-19 but UATP.
_EPOCH = re.compile(r"1[5-9][0-9]{8}(?:[0-9]{3}){0,2}", re.ASCII)


def _fold_char(c: str) -> str:
    digit = unicodedata.decimal(c, None)  # a digit of any script (`Nd`): `５`, `٥`, `५`
    if digit is not None:
        return str(digit)
    nfkc = unicodedata.normalize("NFKC", c)  # a full-width letter or sign (`ｆ`, `．`, `－`), a superscript digit
    return nfkc if len(nfkc) == 1 and nfkc.isascii() and nfkc.isprintable() else c


def folded(value: str) -> str:
    """`value` as a person reads its digits (atk18 M1): each digit of any script as its ASCII digit, each character
    NFKC makes one ASCII character of as that one (full-width `ｆｅ８０：：１`), the rest as written. One character for
    one, so a span found in the folded value is the same span of `value`."""
    if value.isascii():
        return value
    return "".join(c if c.isascii() else _fold_char(c) for c in value)


# A digit and what follows it up to the next letter or space.
_RUN = re.compile(r"[0-9](?:[^\w\s]|[\d_])*")


def digit_run(value: str) -> int:
    """The longest run of decimal digits in `value`, read across separators (anything but a letter or
    a space), a date (`YYYY-MM-DD`, `YYYYMMDD`) apart."""
    best = 0
    for m in _RUN.finditer(_DATE.sub("D", folded(value))):
        run = m.group()
        if len(run) > best:
            best = max(best, sum(1 for c in run if "0" <= c <= "9"))
    return best


def hex_id(value: str) -> bool:
    return _HEX_ID.fullmatch(value) is not None


def opaque(value: str) -> bool:
    """A long, high-entropy run of the base64 / base64url alphabet (a JWT's three parts too): a real
    signature, encrypted payload or token, not a value typed by a person."""
    if _OPAQUE.fullmatch(value) is None:
        return False
    sample = value[:512]  # randomness shows in a sample (a 20 KB payload costs no more than a short one)
    counts = Counter(sample)
    n = len(sample)
    entropy = -sum(k / n * math.log2(k / n) for k in counts.values())
    return entropy >= 4.0 and any(c.isupper() for c in sample) and any(c.islower() for c in sample)


# An IPv4 address in an id (`10.20.30.40` as the model, a call id or an Azure deployment; atk11 B L1): at most 8
# digits in a row, so it had the shape; such an id is screened (read as text, where the IP recognizer and its
# version rules decide: `v1.2.3.4`, `version1.2.3.4` are none).
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4_IN_ID = re.compile(rf"(?<![0-9.]){_OCTET}(?:\.{_OCTET}){{3}}(?![0-9]|\.[0-9])", re.ASCII)
# A version is none (`v1.2.3.4`, `model-v1.0.0.0`, `build-2.3.4.5`): a version word right before it.
_VERSION_BEFORE = re.compile(r"(?i)(?:^|[^A-Za-z])(?:v|r|ver|version|rev|revision|release|build|tag|rc)[-_.:/+=]?\Z")


# An IPv6 address in an id (atk12 B M1: `2001:db8:85a3::8a2e:370:7334` as a call id or the model went up as sent;
# `fe80::1ff:fe23:4567:890a`, once screened, was read with its letters apart and only `80::1` found): two colons or
# more, what Python's `ipaddress` reads as one. Such an id is screened, and its reading keeps the address whole.
_IPV6_CANDIDATE = re.compile(r"(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])", re.ASCII)


def ipv6_spans(value: str) -> list[tuple[int, int]]:
    """(start, end) of each IPv6 address written whole in `value` (`folded`)."""
    value = folded(value)
    if value.count(":") < 2:
        return []
    out: list[tuple[int, int]] = []
    for m in _IPV6_CANDIDATE.finditer(value):
        groups = [g for g in m.group().split(":") if g]
        if len(groups) < 3 or sum(map(len, groups)) < 8:
            continue  # (`e::9abc` of a fine-tuned model's `acme::9abc`, `::1`: no address a person has)
        try:
            ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        out.append(m.span())
    return out


def _ipv4_in_id(value: str) -> bool:
    value = folded(value)
    return "." in value and any(_VERSION_BEFORE.search(value, 0, m.start()) is None
                                for m in _IPV4_IN_ID.finditer(value))


def id_shaped(value: Any) -> bool:
    """An id, a name or the model of its shape: one token (`[A-Za-z0-9_.:/+=-]`, at most 256
    characters) with at most `MAX_DIGITS` digits in a row, no value split by letters (`letter_split`) and no IPv4
    or IPv6 address (`ipv6_spans`), or an OpenAI hex id."""
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None \
        and not _ipv4_in_id(value) and not ipv6_spans(value) and (
            few_digits(value) or (digit_run(value) <= MAX_DIGITS and not letter_split(value)) or hex_id(value)
            or _EPOCH.fullmatch(value) is not None)


_DIGITS = re.compile(r"[0-9]+", re.ASCII)
# Between two groups: one separator or letters (an id); in a version string also letters with a separator or a
# space on either side (`617 v555 v0143`, `617.555 Bun/0143`).
_ID_GAP = re.compile(r"[-_.:/+=]|[A-Za-z]+", re.ASCII)
_VERSION_GAP = re.compile(r"(?=.)[-_.:/+= ]?[A-Za-z]*[-_.:/+= ]?", re.ASCII)
# The most letters read between two printed groups of a value, by its type (atk8 B M3: `org-617AB555CD0143`). A
# random id holds such groups by chance, the more often the wider the gap. Of 10^7 random ids of each provider
# shape (`bench/id_gaps.py`), an SSN's groups (9 digits) split by 1 letter are in 0.5-2.2 per million base62 ids
# (`org-`, `proj_`, `call_`, `chatcmpl-`, `msg_01`, `toolu_01`), by up to 2 letters in 1.7-8.7, by up to 3 in
# 3.1-14.2; a phone number's (10 digits, a valid number) or a card's (13-19, its issuer's prefix, Luhn) split by up
# to 3 letters in at most 0.6 per million. So a phone number or a card is read across up to 3 letters, an SSN
# across 1: an SSN split by 2 or more letters (`req_536QQ90QQ4399`) is not read, the price of keeping real ids.
LETTER_GAPS: dict[str, int] = {"PHONE_NUMBER": 3, "CREDIT_CARD": 3, "US_SSN": 1}


def letter_split(value: str, gaps: dict[str, int] | None = None, *, spaces: bool = False) -> list[tuple[int, int]]:
    """Where `value` holds a phone number, an SSN or a card in its printed groups with one separator or a few
    letters between them (at most `gaps` of its type, `LETTER_GAPS`), at least one gap of letters
    (`call_617x555x0143`, `org-617AB555CD0143`, `toolu_536a90b4399`): (start, end) of each, valid as the type
    (`proxy.guard.keyed.unnamed_value`). `spaces`: a space is a separator too, and no gap need be letters (a
    `User-Agent`'s version tokens, `OpenAI/Python 617 555 0143`)."""
    if few_digits(value):
        return []
    from proxy.guard.keyed import unnamed_value

    value = folded(value)
    gaps = LETTER_GAPS if gaps is None else gaps
    widest = max(gaps.values())
    gap = _VERSION_GAP if spaces else _ID_GAP
    runs = [m.span() for m in _DIGITS.finditer(value)]
    out: list[tuple[int, int]] = []
    n = 0
    while n < len(runs):
        found = 0
        for k in range(min(len(runs), n + 4), n + 1, -1):  # the longest first: runs[n:k], 2 to 4 groups
            seps = [value[runs[j][1]:runs[j + 1][0]] for j in range(n, k - 1)]
            letters = max((sum(c.isalpha() for c in sep) for sep in seps), default=0)
            if letters > widest or (letters == 0 and not spaces) or not all(gap.fullmatch(sep) for sep in seps):
                continue
            typed = unnamed_value("", [value[a:b] for a, b in runs[n:k]], [False] * (k - n), False)
            if typed is not None and letters <= gaps.get(typed[0], 0):
                found = k
                break
        if found:
            out.append((runs[n][0], runs[found - 1][1]))
            n = found
        else:
            n += 1
    return out


def few_digits(value: str) -> bool:
    """At most `MAX_DIGITS` digits in all, of any script (no run can be longer): the cheap test first."""
    if not value.isascii():
        value = folded(value)
    return sum(map(value.count, "0123456789")) <= MAX_DIGITS


# --------------------------------------------------------------------------------------- reading

_CUT = re.compile(r"(?<=[A-Za-z])[-_.:/+=]*(?=[0-9])|(?<=[0-9])[-_.:/+=]*(?=[A-Za-z])", re.ASCII)
_BRACKETS = re.compile(r"[<>]")
_SEPS = frozenset("-_.:/+=")
# Where an IBAN may start in an id: a country code and its two check digits (atk10 B H1: `call_DE89370400440532013000`
# was read `call_DE 89370400440532013000`, which no IBAN recognizer finds).
_IBAN_START = re.compile(r"(?=([A-Z]{2})[0-9]{2})", re.ASCII)
_IBAN_LETTERS = {c: str(int(c, 36)) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_iban_country: dict[str, re.Pattern[str]] | None = None
# An IBAN not written in capitals (`de89370400440532013000`, `gb82west12345698765432`): its letters, if any, only as
# the bank code right after the check digits, digits after them. A lower-case hex id holds a layout with letters
# mixed into the digits (Andorra's 12 characters of letters or digits) and mod 97 by chance 4-7 times per million
# (`bench/id_gaps.py --ibans`); an account number written so holds none.
_LOWER_IBAN = re.compile(r"[A-Za-z]{2}[0-9]{2}[A-Za-z]{0,4}[0-9]+", re.ASCII)


def _iban_formats() -> dict[str, re.Pattern[str]]:
    """Each country's IBAN layout, as the IBAN recognizer checks it (its length and where letters go), written
    without the optional spaces: an id has none."""
    global _iban_country
    if _iban_country is None:
        from proxy.nlp.iban_countries import regex_per_country

        _iban_country = {cc: re.compile(rx.replace("[ ]?", ""), re.ASCII) for cc, rx in regex_per_country().items()}
    return _iban_country


def iban_spans(value: str) -> list[tuple[int, int]]:
    """(start, end) of each valid IBAN written whole in `value` (no separators; upper or lower case: a model reads
    `call_de89370400440532013000` as the account too): its country's length and layout and the mod-97 check. The
    reading of an id keeps it whole, apart from the letters or separators around it (`call_DE89370400440532013000`
    reads `call DE89370400440532013000`)."""
    if few_digits(value):
        return []
    value = folded(value)
    formats = _iban_formats()
    out: list[tuple[int, int]] = []
    # Read in capitals (one character for one in ASCII: the offsets stay the value's).
    upper = value.upper() if value.isascii() else value
    for m in _IBAN_START.finditer(upper):
        a = m.start()
        if out and a < out[-1][1]:
            continue
        layout = formats.get(m.group(1))
        found = layout.match(upper, a) if layout is not None else None
        if found is None:
            continue
        iban = found.group()
        if upper is not value and not value.startswith(iban, a) and not _LOWER_IBAN.fullmatch(value, a, found.end()):
            continue  # not in capitals: letters only as a bank code before the digits (hex ids: `ad4045...9cd274f9`)
        moved = iban[4:] + iban[:4]
        if int("".join(_IBAN_LETTERS[c] for c in moved.upper())) % 97 == 1:
            out.append((a, found.end()))
    return out


# A North American number in an id with its local 7 digits unbroken after the area code and a separator (atk12 B M2:
# `gpt-4o-617.5550143`, `gpt-4o-1-617-5550143`, `call_617_5550143`), valid: read in its printed groups, a `-` put
# between the exchange and the line (`617.555-0143`), as a text would need a phone word before it to tell
# `617.5550143` from a decimal (`proxy.nlp.recognizers.technical_number`) and an id has none.
_UNBROKEN_LOCAL = re.compile(r"(?<![0-9])(?<![0-9][-_.:])(?:1[-_.:])?[0-9]{3}[-_.:]([0-9]{3})[0-9]{4}(?![0-9])",
                             re.ASCII)


def _unbroken_locals(value: str) -> list[int]:
    """Where a `-` is read into `value` (before the line of each valid number of `_UNBROKEN_LOCAL`)."""
    out: list[int] = []
    for m in _UNBROKEN_LOCAL.finditer(folded(value)):
        import phonenumbers  # (imported once, on the first such number)

        try:
            valid = phonenumbers.is_valid_number(phonenumbers.parse(re.sub(r"[^0-9]", "", m.group()), "US"))
        except phonenumbers.NumberParseException:
            valid = False
        if valid:
            out.append(m.end(1))
    return out


def _reading(value: str) -> tuple[str, list[int]]:
    """The reading and, for each of its characters, the index of the character of `value` it stands for
    (-1: a space put between a letter and a digit). Read on the value `folded`: `ssn５３６９０４３９９` reads
    `ssn 536904399`."""
    value = folded(value)
    text: list[str] = []
    where: list[int] = []
    pos = 0
    cuts = [] if "@" in value else list(_CUT.finditer(value))  # an e-mail address is read as written
    # A value split by letters is read with a `-` for each (`617x555x0143` reads `617-555-0143`, `617AB555CD0143`
    # `617--555--0143`, which the view reads as `617 555 0143`).
    split = [] if "@" in value or few_digits(value) else letter_split(value)
    if split:
        cuts = [m for m in cuts if not any(a < m.end() and m.start() < b for a, b in split)]
    spans = [(m.start(), m.end()) for m in cuts]
    ibans = [] if "@" in value else iban_spans(value) + ipv6_spans(value)
    if ibans:
        # An IBAN (or an IPv6 address) is read whole, apart from what is glued to it (letters, digits, separators:
        # `call_`, `acct-`).
        spans = [(a, b) for a, b in spans if not any(s < b and a < e for s, e in ibans)]
        for s, e in ibans:
            for edge in (s, e):
                if 0 < edge < len(value) and not any(a <= edge <= b for a, b in spans):
                    a, b = edge, edge
                    while a > 0 and value[a - 1] in _SEPS:
                        a -= 1
                    while b < len(value) and value[b] in _SEPS:
                        b += 1
                    spans.append((a, b))
        spans.sort()
    for start, end in spans:
        for i in range(pos, start):
            text.append("-" if split and value[i].isalpha() and any(a < i < b for a, b in split) else value[i])
            where.append(i)
        if end > start:
            for i in range(start, end):
                text.append(" ")
                where.append(i)
        else:
            text.append(" ")
            where.append(-1)
        pos = end
    for i in range(pos, len(value)):
        text.append("-" if split and value[i].isalpha() and any(a < i < b for a, b in split) else value[i])
        where.append(i)
    if not few_digits(value):
        for at in reversed(_unbroken_locals(value)):
            k = where.index(at)
            text.insert(k, "-")
            where.insert(k, -1)
    out = _BRACKETS.sub(" ", "".join(text))
    return out, where


def reading(value: str) -> str:
    """How an id or name is read when it is screened: letters apart from digits (and from the separators
    between them), `<` and `>` as spaces. An e-mail address is read as written."""
    return _reading(value)[0]


def written(value: str, new: str) -> str:
    """`value` with the changes made to its reading (`new`: placeholders, masks) carried over; the
    characters the reading kept are the value's own (its separators, its brackets). What a rewrite puts
    in is written in the characters every provider takes in an id (Anthropic's `tool_use` ids:
    `[A-Za-z0-9_-]`): `call_4111111111111111` becomes `call_CREDIT_CARD_1`, never `call_<CREDIT_CARD_1>`,
    which the provider would refuse (`_ID_SAFE`); a character of the value the reading folded (`folded`) is
    written as read."""
    text, where = _reading(value)
    if new == text:
        return value
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, text, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            # (a character the reading folded is kept folded: `tel６１７５５５０１４３` becomes `telPHONE_NUMBER_1`)
            out.extend(value[where[i]] if value[where[i]].isascii() else text[i]
                       for i in range(i1, i2) if where[i] >= 0)
        else:
            out.append(_ID_SAFE.sub("_", new[j1:j2].replace("<", "").replace(">", "")))
    return "".join(out)


class IdSlot(TextSlot):
    """An id, a name, the model or a sealed value that is not of its shape, screened as its `reading`;
    a rewrite of the reading is carried back onto the value (`written`). The reading has no `<` or `>`,
    so restore never writes a client's value into it. Data, not prose (`TextSlot.prose`): no toxicity or
    bias check reads it."""

    __slots__ = ()
    prose = False

    def get(self) -> str:
        value = self.container[self.key]
        return reading(value) if isinstance(value, str) else ""

    def set(self, value: str) -> None:
        current = self.container[self.key]
        if isinstance(current, str):
            self.container[self.key] = written(current, value) if value else ""


class KeyNameSlot(TextSlot):
    """An object key that names something (an MCP header's name) and is not of its shape: read as its
    `reading`, never rewritten (`NAME_KIND`: a finding blocks the request). Data, not prose."""

    __slots__ = ()
    prose = False

    def get(self) -> str:
        return reading(str(self.key))

    def set(self, value: str) -> None:
        if value != self.get():
            raise ValueError("a name cannot be rewritten")
