"""Card numbers glued to the framing of a payment message (pay41, atk41 F03): the card recognizer reads a number
between word boundaries, and in these formats the PAN is glued to a length or a separator:

- ISO 8583 field 2 (the PAN) with its LLVAR length: `DE002=164539148803436467` (`DE2`, `F2`, `Field 2`, `Bit 2`,
  `=` or `:`, a JSON key `"de002": "16..."`): the two digits after the label are the PAN's length; the PAN is that
  many digits;
- ISO 8583 field 35 (track 2) with its length: `DE035=374539148803436467D2709...`: the length is the whole track's;
- track 2 with the `D` separator (`;4539148803436467D2709101123400001?`, `4539148803436467D2709...`, the field
  after `DE035=`): the digits before `D` then an expiry (YYMM) and a card's issuer range
  (`proxy.nlp.recognizers.CardNumberRecognizer.validate_result`'s or a national scheme's, `proxy.nlp.cards30`);
- EMV TLV: tag `5A` (the PAN) and a length byte (`5A084539148803436467`, `5A 08 4539...`, an odd PAN padded with
  `F`), tag `57` (track 2 equivalent: `57 13 4539...D2709...F`, `5713...`): the length byte counts the value's
  bytes, and the value must be that long;
- an ISO 8583 dump: a message type (`0100`, `0200` ...), a 16-hex-digit bitmap with bit 2 set (and the secondary
  bitmap where bit 1 is set), then the length and the PAN (`0100 7234054128C28000 164539148803436467`).

Each PAN must pass the Luhn check and be 13-19 digits, not a filler (`1600000000000000000`); a track's expiry's
month must be 01-12. Not: a number after any other field (`DE004=000000001000`,
`DE011`, `DE037`), a length that does not match, a digest, a barcode, an order number. Gated by `DE`, `;`, `5A`,
`57`, `F2`, `Field`, `Bit` or a `D` after a digit in the text.
"""

from __future__ import annotations

import re

from proxy.nlp.normalize import luhn_ok

_GATE = re.compile(r"(?i:(?:de|\bf|field|bit)[ _-]?0{0,2}(?:2|35)[ \t]*\"?[ \t]*[=:])|;\d|5[Aa]|57|\dD\d"
                   r"|(?<![0-9A-Za-z])0[1-9][0-9]0[ \t]?[0-9A-F]{16}")
# Field 2 or 35 and its value: the label, `=`/`:`, the digits (a track's `D`/`=` and more after).
_FIELD = re.compile(r"(?i)(?<![\w])(?:de|f|field|bit)[ _-]?0{0,2}(?P<f>2|35)[ \t]*\"?[ \t]*[=:][ \t]*\"?[ \t]*"
                    r"(?P<v>[0-9]{15,})(?P<t>[D=][0-9]+F?)?")
# Track 2: digits, `D`, an expiry and more digits (a `?` end sentinel, an `F` pad).
_TRACK = re.compile(r"(?<![0-9A-Za-z]);?(?P<p>[0-9]{13,23})D(?P<r>[0-9]{4}[0-9]*F?)(?![0-9A-Za-z])")
# EMV tags 5A and 57 with a length byte; spaces between tag, length and value allowed.
_EMV = re.compile(r"(?<![G-Zg-z])(?P<tag>5[Aa]|57)[ \t]?(?P<n>[0-9A-Fa-f]{2})[ \t]?(?P<v>[0-9A-Fa-f]{13,64})")
# An ISO 8583 message dump: type, bitmap (bit 2 set), the PAN's length and the PAN.
_DUMP = re.compile(r"(?<![0-9A-Za-z])0[1-9][0-9]0[ \t]?(?P<b>[0-9A-F]{16})[ \t]?(?P<b2>[0-9A-F]{16}[ \t]?)?"
                   r"(?P<n>1[3-9])(?P<v>[0-9]{13,})")


def _pan(digits: str) -> bool:
    """13-19 digits, the Luhn check, not a filler (`1600000000000000000`)."""
    return 13 <= len(digits) <= 19 and digits.isdigit() and digits[0] != "0" and len(set(digits)) > 3 \
        and luhn_ok(digits)


def _issuer(digits: str) -> bool:
    """A card's issuer range: the card recognizer's, or a national scheme's (`proxy.nlp.cards30`)."""
    from proxy.nlp.cards30 import _scheme
    from proxy.nlp.recognizers import CardNumberRecognizer

    return CardNumberRecognizer.validate_result(None, digits) or _scheme(digits)  # type: ignore[arg-type]


def _expiry(rest: str) -> bool:
    """A track's expiry after its separator: YYMM, a month 01-12."""
    return "01" <= rest[2:4] <= "12"


def glued_pans(text: str) -> list[tuple[int, int]]:
    """Spans of the PANs of `text` glued to a payment message's framing (see the module's docstring)."""
    if _GATE.search(text) is None:
        return []
    out: list[tuple[int, int]] = []
    for m in _FIELD.finditer(text):
        v, a = m.group("v"), m.start("v")
        ll = int(v[:2])
        if m.group("f") == "2":
            if 13 <= ll <= 19 and len(v) >= ll + 2 and _pan(v[2:2 + ll]):
                out.append((a + 2, a + 2 + ll))
        elif m.group("t") and m.group("t")[0] == "D" and ll == len(v) - 2 + len(m.group("t").rstrip("F")) \
                and _expiry(m.group("t")[1:]) and _pan(v[2:]):
            out.append((a + 2, m.end("v")))
    for m in _TRACK.finditer(text):
        p, a = m.group("p"), m.start("p")
        if not _expiry(m.group("r")):
            continue
        if _pan(p) and _issuer(p):
            out.append((a, m.end("p")))
        elif len(p) > 15 and 13 <= int(p[:2]) and int(p[:2]) == len(p) - 2 + 1 + len(m.group("r").rstrip("F")) \
                and _pan(p[2:]):
            out.append((a + 2, m.end("p")))  # (`374539...D2709...`: a track's length glued before it)
        elif p.startswith("57") and _pan(p[4:]) and 2 * int(p[2:4], 16) == len(p) - 4 + 1 + len(m.group("r")):
            out.append((a + 4, m.end("p")))  # (`57134539...D2709...F`: EMV's track 2 equivalent)
    for m in _EMV.finditer(text):
        v, a, size = m.group("v"), m.start("v"), 2 * int(m.group("n"), 16)
        if len(v) < size:
            continue
        if m.group("tag") == "57":
            d = v.upper().find("D", 0, size)
            if d > 0 and _expiry(v[d + 1:]) and _pan(v[:d]):
                out.append((a, a + d))
        elif 14 <= size <= 20:
            pan = v[:size]
            pan = pan[:-1] if pan[-1] in "Ff" else pan
            if _pan(pan):
                out.append((a, a + len(pan)))
    for m in _DUMP.finditer(text):
        first = int(m.group("b")[0], 16)  # bit 1: a secondary bitmap follows; bit 2: field 2 is there
        if first & 4 and bool(first & 8) == bool(m.group("b2")) and int(m.group("n")) <= len(m.group("v")) \
                and _pan(m.group("v")[:int(m.group("n"))]):
            out.append((m.start("v"), m.start("v") + int(m.group("n"))))
    return sorted(set(out))
