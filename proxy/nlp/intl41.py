"""Phone labels in South and Southeast Asian scripts, Mongolian and Dhivehi, and the French `Port.` (intl41, atk41
F04, F08).

A local number after the language's own word for "phone" or "mobile" is a phone number, as after `Phone:`: Bengali
`ফোন: 01712345678` (its own digits too: `ফোন: ০১৭১২৩৪৫৬৭৮`), Tamil `தொலைபேசி:`/`கைபேசி:`, Telugu `ఫోన్:`, Kannada
`ಫೋನ್:`, Malayalam `ഫോൺ:`, Gujarati `ફોન: ૯૮૭૬૫૪૩૨૧૦`, Punjabi `ਫ਼ੋਨ:`, Odia `ଫୋନ:`, Sinhala `ෆෝන්:`/`දුරකථන:`, Burmese
`ဖုန်း`, Mongolian `Утас: 9911 2233`, Dhivehi `ފޯނު: 777 1234`, with the mobile and telephone words and their common
short forms (`দূরভাষ`, `மொபைல்`, `ජංගම`, `гар утас`...). A few words may stand between (`ফোন নম্বর:`, `என்
தொலைபேசி எண்:`), no digit and no line break.

French and Belgian signatures write the mobile after `Port.` (portable): `Port. : 06 12 34 56 78`, `GSM/Port : 0470
12 34 56`, `Tél. port. : +32 470 12 34 56`. After `Port` only separators may stand, and the number must be a valid
French or Belgian one of 9-10 digits with its trunk `0` or its `+33`/`+32`: a network port has 1-5 digits (`Port:
8080`, `port 443`, `Port : 5432` stay).

Each number must be a valid one (`phonenumbers`) of a region the word's script implies, its digits read in any
script: years, amounts and counts after the same words stay. Pure functions, CPU only; gated by a character of those
scripts or `port`/`утас` in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

Result = tuple[str, int, int, float]

_SCORE = 0.85
_FLOOR = 0.4  # the default policy's min_score

_IN = ("IN",)
# A script's phone words (NFC) -> the regions its numbers are read as.
_LABELS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    # Bengali: phone, mobile, telephone, `দূরভাষ` (telephone, formal), `মোবা.`
    (("ফোন", "মোবাইল", "টেলিফোন", "দূরভাষ", "মুঠোফোন", "মোবা"), ("BD", "IN")),
    # Tamil: telephone, hand phone, `அலைபேசி` (mobile), mobile, `தொ.பே.` (telephone's short form)
    (("தொலைபேசி", "கைபேசி", "கைப்பேசி", "அலைபேசி", "மொபைல்", "தொ.பே", "போன்"), ("IN", "LK", "MY", "SG")),
    # Telugu, Kannada, Malayalam, Gujarati, Punjabi (Gurmukhi), Odia: phone, mobile, telephone
    (("ఫోన్", "ఫోను", "మొబైల్", "సెల్", "టెలిఫోన్", "దూరవాణి"), _IN),
    (("ಫೋನ್", "ಮೊಬೈಲ್", "ದೂರವಾಣಿ", "ಟೆಲಿಫೋನ್"), _IN),
    (("ഫോൺ", "ഫോണ്\u200d", "ഫോണ്", "മൊബൈൽ", "മൊബൈല്", "ടെലിഫോൺ", "ദൂരഭാഷ"), _IN),
    (("ફોન", "મોબાઇલ", "મોબાઈલ", "ટેલિફોન"), _IN),
    (("ਫ਼ੋਨ", "ਫੋਨ", "ਮੋਬਾਈਲ", "ਮੋਬਾਇਲ", "ਟੈਲੀਫ਼ੋਨ", "ਟੈਲੀਫੋਨ"), _IN),
    (("ଫୋନ", "ମୋବାଇଲ", "ଦୂରଭାଷ", "ଟେଲିଫୋନ"), _IN),
    # Sinhala: phone, telephone, mobile (`ජංගම`), `දු.ක.` (telephone's short form)
    (("ෆෝන්", "දුරකථන", "ජංගම", "දු.ක", "ජං.දු"), ("LK",)),
    # Burmese: phone, mobile
    (("ဖုန်း", "မိုဘိုင်း"), ("MM",)),
    # Mongolian: phone (`утас`, `гар утас` mobile), `утасны дугаар`
    (("утас", "утасны"), ("MN",)),
    # Dhivehi: phone, mobile
    (("ފޯނު", "މޮބައިލް"), ("MV",)),
)
_REGIONS: dict[str, tuple[str, ...]] = {}
for _words, _regions in _LABELS:
    for _w in _words:
        for _form in {unicodedata.normalize("NFC", _w), unicodedata.normalize("NFD", _w)}:
            _REGIONS[_form.lower()] = _regions
_WORD = "|".join(sorted((re.escape(w) for w in _REGIONS), key=len, reverse=True))
# The word, a few words but no digit nor line break, then the number (digits of any script, groups apart by a space,
# a dot or a hyphen, maybe `+`).
_NUMBER = r"(\+?\d(?:[ .\-\u00a0]?\d){6,13})(?!\d|[.,]\d)"
_SCRIPT_LABEL = re.compile(r"(?i)(?<![^\W\d_])(" + _WORD + r")[^\d\n+]{0,30}?" + _NUMBER)
# `Port.`, `Port :`, `port.:`, `GSM/Port`, `Mob./Port.`, `Tél. port.` then separators only.
_PORT_LABEL = re.compile(r"(?i)(?<![^\W\d_])port\.?[^\S\n]*[:\-]?[^\S\n]*" + _NUMBER)
_PORT_WORD = re.compile(r"[Pp][Oo][Rr][Tt]")
_DIGIT_NEAR = re.compile(r"[\d+]")
_SCRIPTS = re.compile(r"[\u0780-\u07bf\u0980-\u0dff\u1000-\u109f]")
_PORT_REGIONS = ("FR", "BE")


def _digits(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())


@functools.lru_cache(maxsize=1024)
def _valid(number: str, regions: tuple[str, ...]) -> bool:
    import phonenumbers

    plus = number.startswith("+")
    digits = _digits(number)
    for region in (None,) if plus else regions:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(("+" if plus else "") + digits, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _port_phone(number: str) -> bool:
    """A French or Belgian number after `Port.`: 9-10 digits with the trunk `0`, or with `+33`/`+32` (a port has
    1-5 digits); a French mobile's shape `06`/`07` and four pairs (`07 12 34 56 78`, `+33 7 ...`: num42), ranges
    `phonenumbers` has not seen allotted yet too."""
    digits = _digits(number)
    if number.startswith("+"):
        return digits[:2] in ("33", "32") and 10 <= len(digits) <= 11 \
            and (_valid(number, _PORT_REGIONS) or _FR_MOBILE.fullmatch(digits[2:]) is not None)
    return digits.startswith("0") and 9 <= len(digits) <= 10 \
        and (_valid(number, _PORT_REGIONS) or _FR_MOBILE.fullmatch(digits[1:]) is not None)


_FR_MOBILE = re.compile(r"[67][0-9]{8}")  # a French mobile's nine digits after its trunk `0` or `+33`


def label_phones(text: str) -> list[tuple[int, int]]:
    """Spans of phone numbers after a phone word of the scripts above or after the French `Port.`."""
    spans: list[tuple[int, int]] = []
    low = text.lower()
    if "утас" in low or _SCRIPTS.search(text) is not None:
        for m in _SCRIPT_LABEL.finditer(text):
            regions = _REGIONS.get(m.group(1).lower())
            if regions is not None and _valid(m.group(2), regions):
                spans.append((m.start(2), m.end(2)))
    for word in _PORT_WORD.finditer(text) if "port" in low else ():  # (`import`, `support`: a look at what follows)
        if _DIGIT_NEAR.search(text, word.end(), word.end() + 8) is None:
            continue
        port = _PORT_LABEL.match(text, word.start())
        if port is not None and _port_phone(port.group(1)):
            spans.append((port.start(1), port.end(1)))
    return spans


def with_label_phones(text: str, found: list[Result]) -> list[Result]:
    """`found` with the phone numbers of `label_phones` no phone span of `found` covers yet."""
    more: list[Result] = []
    for start, end in label_phones(text):
        if any(e == "PHONE_NUMBER" and s <= start and end <= en and sc >= _FLOOR for e, s, en, sc in found):
            continue
        more.append(("PHONE_NUMBER", start, end, _SCORE))
    if not more:
        return found
    kept = [r for r in found if not (r[3] < _FLOOR and any(s <= r[1] and r[2] <= e for _, s, e, _ in more))]
    return kept + more
