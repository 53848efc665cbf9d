"""National phone numbers written as bare digits after the language's phone word (intl29, atk28 F12/F18).

People write their number in a support chat in their language's national shape, digits only: `Teléfono: 612345678`,
`Mon portable : 0612345678`, `Meine Handynummer ist 015123456789`, `Numer telefonu: 512345678`, `Мой номер
89123456789`, `Mobiel: 0612345678`, `제 번호는 01012345678입니다`, `Numaram 05321234567`, `Mitt nummer är 0701234567`,
`המספר שלי 0521234567`, `Nomor saya 081234567890`, `Meu celular é 11912345678`, and as a JSON value under the
language's key (`"telefono": "612345678"`, `"movil"`, `"telefon"`, `"mobiel"`, `"handy"`). Such a digit run (9 to 13
digits, nothing but digits) is a phone number when:

- right before it stands a phone word of a language (`teléfono`, `móvil`, `portable`, `tél`, `Handy`, `Telefon`,
  `telefonu`, `телефон`, `mobiel`, `전화번호`, `cep`, `טלפון`, `ponsel`, `celular`...) or a number's word after a
  possessive (`mi número`, `mon numéro`, `meine Nummer`, `mijn nummer`, `mitt nummer`, `mój numer`, `мой номер`,
  `meu número`, `제 번호`, `numaram`, `המספר שלי`, `nomor saya`) — a generic `Nummer` (`Kundennummer`,
  `Bestellnummer`, `Pedido`) is none; between them only a separator (`:`, `=`, a dash, quotes) and maybe one copula
  (`es`, `ist`, `est`, `is`, `är`, `é`, `to`, `jest`, `это`, `adalah`): a number in another clause stays;
- and it is a valid number (`phonenumbers`) of a region the word's language implies (es -> ES, de -> DE/AT/CH, ...).

A table's column under such a header (`Name;Telefon`, `Name,Telefonnummer`, `Name;Handy`, `Nombre,Móvil`,
`Imię i nazwisko;Telefon`; `;`, `,`, tab or `|` apart) is read the same way: each row's cell in that column.

Under an English key of an API, an export or a table that names a phone number (`msisdn`, `mobile`, `phone_number`,
`phoneNumber`, `wa_id`, `<msisdn>`; a keyed reading's `phone: ...`) a number may also be written with its country code
and no `+`, as SMS gateways and CRMs do (phone39, atk39 F03: `{"msisdn": "447911123456"}`, `phone_number:
4915123456789`): 10 to 15 digits, no trunk `0`, valid with a `+` (or possible, a country's code) are one.
`msisdn_count`, `phone_type` name none by their last word.

Pure functions, CPU only; gated by a digit run of 9+ digits in the text.
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.tables import lines_at

Result = tuple[str, int, int, float]

_SCORE = 0.85
_FLOOR = 0.4  # the default policy's min_score: a weaker span counts for nothing
_DIGITS = re.compile(r"(?<![A-Za-z0-9_+\-./])\d{9,15}(?![A-Za-z0-9_\-/]|[.,]\d)")
# A key of an API, an export or a table that names a phone number, English (phone39, atk39 F03: `msisdn`, `mobile`,
# `phone_number`, `wa_id`, `home_phone`, `phoneNumber`): a number under it may be written with its country code and
# no `+` (E.164 digits: `{"msisdn": "447911123456"}`, `phone_number: 4915123456789`).
_KEY_END = re.compile(r"(?i)(?<![a-z])(?:msisdn|wa_?id|whatsapp|(?:[a-z]+[_-])?(?:tele)?(?:phone|mobile|cell(?:phone)?"
                      r"|tel|fax|handy|gsm)(?:[_ -]?(?:number|no|num|nr))?)$")

# A phone word, lowercased, -> the regions its language implies.
_ES = ("ES",)
_FR = ("FR", "BE", "CH")
_DE = ("DE", "AT", "CH")
_PL = ("PL",)
_RU = ("RU",)
_NL = ("NL", "BE")
_KO = ("KR",)
_TR = ("TR",)
_SV = ("SE",)
_HE = ("IL",)
_ID = ("ID",)
_PT = ("BR", "PT")
_JA = ("JP",)
_CN = ("CN",)
_AR = ("SA", "AE", "EG", "JO", "KW", "QA", "BH", "OM", "IQ", "LB", "MA", "DZ", "TN")
_HI = ("IN",)
_WORDS: dict[str, tuple[str, ...]] = {
    # Spanish
    "teléfono": _ES, "telefono": _ES, "tfno": _ES, "tlf": _ES, "telf": _ES, "móvil": _ES, "movil": _ES,
    "celular": ("BR", "PT", "ES", "MX", "CO"),
    # French
    "téléphone": _FR, "tél": _FR, "portable": _FR,
    # German (and Swedish, Polish, Turkish `telefon`)
    "telefon": _DE + _PL + _TR + _SV, "telefonnummer": _DE + _SV, "handy": _DE, "handynummer": _DE,
    "mobilnummer": _DE + _SV, "rufnummer": _DE, "mobil": _DE + _SV, "mobiltelefon": _DE + _SV,
    # Polish
    "telefonu": _PL, "komórka": _PL, "komórki": _PL, "komórkowy": _PL, "komórkowego": _PL,
    # Russian
    "телефон": _RU, "телефона": _RU, "мобильный": _RU, "мобильного": _RU,
    # Dutch
    "telefoon": _NL, "telefoonnummer": _NL, "mobiel": _NL, "mobielnummer": _NL, "gsm": _NL,
    # Korean
    "전화번호": _KO, "전화번호는": _KO, "전화": _KO, "핸드폰": _KO, "휴대폰": _KO, "휴대폰번호": _KO,
    "핸드폰번호": _KO, "휴대전화": _KO,
    # Turkish
    "cep": _TR, "telefonum": _TR, "numaram": _TR, "numarası": _TR, "numaramız": _TR, "telefonumuz": _TR,
    # Hebrew
    "טלפון": _HE, "נייד": _HE, "הטלפון": _HE, "הנייד": _HE,
    # Indonesian
    "telepon": _ID, "telp": _ID, "hp": _ID, "ponsel": _ID,
    # Portuguese
    "telefone": _PT, "telemóvel": ("PT",),
    # Japanese, Chinese (keys37: a column under `電話`, `携帯`, `手机`), Korean, Arabic, Hindi
    "電話": _JA, "電話番号": _JA, "携帯": _JA, "携帯電話": _JA, "携帯番号": _JA,
    "手机": _CN, "手机号": _CN, "手机号码": _CN, "电话": _CN, "电话号码": _CN, "联系电话": _CN, "手機": ("TW", "HK"),
    "電話號碼": ("TW", "HK"), "연락처": _KO,
    "الهاتف": _AR, "هاتف": _AR, "جوال": _AR, "الجوال": _AR, "موبايل": _AR, "رقم الهاتف": _AR, "رقم الجوال": _AR,
    "\u095e\u094b\u0928": _HI, "\u092b\u093c\u094b\u0928": _HI, "फोन": _HI, "मोबाइल": _HI, "फोन नंबर": _HI,
    "मोबाइल नंबर": _HI,
}
# A number's word after a possessive (`mi número`, `mijn nummer`, `мой номер`, `제 번호`, `nomor saya`).
_POSSESSED: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?i)(?<!\w)(?:mi|tu|su|nuestro)\s+n[úu]mero$"), _ES),
    (re.compile(r"(?i)(?<!\w)(?:mon|son|notre|votre)\s+num[ée]ro$"), _FR),
    (re.compile(r"(?i)(?<!\w)(?:meine|seine|ihre|unsere)\s+nummer$"), _DE),
    (re.compile(r"(?i)(?<!\w)(?:mijn|zijn|haar|ons)\s+nummer$"), _NL),
    (re.compile(r"(?i)(?<!\w)(?:mitt|hans|hennes|vårt)\s+nummer$"), _SV),
    (re.compile(r"(?i)(?<!\w)(?:mój|moj|jego|jej|nasz)\s+numer$"), _PL),
    (re.compile(r"(?i)(?<!\w)(?:мой|его|её|ее|наш)\s+номер$"), _RU),
    (re.compile(r"(?i)(?<!\w)(?:meu|seu|nosso)\s+n[úu]mero$"), _PT),
    (re.compile(r"(?<!\w)(?:제|내|저의|나의)\s*번호[는은가]?$"), _KO),
    (re.compile(r"(?<!\w)ה?מספר(?:\s+ה?טלפון)?\s+(?:שלי|שלו|שלה|שלנו)$"), _HE),
    (re.compile(r"(?i)(?<!\w)nomor\s+(?:saya|aku|hp|telepon|ponsel|wa)$"), _ID),
)
# What may stand between the word and the number: a separator, quotes, one copula.
_GAP = re.compile(r"(?i)(?:\s*[:=\uff1a\-\u2013\u2014]\s*|\s+|[\"'\u201d\u00bb]\s*[:=]\s*)?"
                  r"(?:(?:es|ist|lautet|est|is|är|er|é|è|to|jest|это|adalah|ialah|será|sería)\s+)?"
                  r"(?:[\"'\u201c\u00ab]\s*)?$")
_WORD_END = re.compile(r"([^\W\d_]+)\.?$")


# Regions whose numbers, written for a caller in the country, always open with the trunk prefix 0: `phonenumbers`
# also takes them without it, so a 12-digit id after `Handy:` read as an Austrian landline.
_TRUNK_ZERO = frozenset({"DE", "AT", "CH", "FR", "BE", "NL", "SE", "TR", "IL", "KR"})


@functools.lru_cache(maxsize=1024)
def _valid(digits: str, regions: tuple[str, ...]) -> bool:
    from proxy.nlp.cue27 import valid_phone

    for region in regions:
        if region == "IL" and re.fullmatch(r"05\d{8}", digits):
            return True  # an Israeli mobile (the metadata misses some prefixes)
        if region in _TRUNK_ZERO and not digits.startswith("0"):
            continue  # written at home, these countries' numbers open with the trunk 0 (`Handy: 0151...`)
        if valid_phone(digits, (region,)):
            return True
    return False


def _cue_regions(before: str) -> tuple[str, ...] | None:
    """The regions the phone word right before a number implies (`before` ends where the number starts)."""
    gap = _GAP.search(before[-40:])
    if gap is None:
        return None
    head = before[: len(before) - len(gap.group(0))]
    if gap.group(0) == "" and head and head[-1].isalpha() and not re.search(r"[\uac00-\ud7a3]$", head):
        return None  # glued to a word (`Tel612345678`) is no cue... a Korean particle may be
    word = _WORD_END.search(head[-40:])
    if word is not None:
        regions = _WORDS.get(word.group(1).lower())
        if regions is not None:
            return regions
    for pattern, regions in _POSSESSED:
        if pattern.search(head[-40:]):
            return regions
    return None


_HEADER_WORD = re.compile(r"^[\"'\s]*(.+?)[\"'\s:]*$")


def phone_columns(line: str, sep: str) -> dict[int, tuple[str, ...]]:
    """The columns of a table's header `line` split at `sep` headed by a phone word, each with the regions its
    language implies (`Name;Telefon`, `氏名,電話`, `الاسم,الهاتف`)."""
    cols = {}
    for k, cell in enumerate(line.split(sep)):
        m = _HEADER_WORD.match(cell)
        if m is not None and m.group(1).lower() in _WORDS:
            cols[k] = _WORDS[m.group(1).lower()]
    return cols


def _table_spans(text: str) -> list[tuple[int, int]]:
    """Cells under a phone word's column header (`Name;Telefon` then `Jürgen Becker;015123456789`)."""
    out: list[tuple[int, int]] = []
    lines = lines_at(text)
    i = 0
    while i < len(lines):
        start, line = lines[i]
        i += 1
        for sep in (";", "\t", "|", ","):
            if sep not in line:
                continue
            cols = phone_columns(line, sep)
            if not cols:
                continue
            j = i
            while j < len(lines) and lines[j][1].count(sep) == line.count(sep) and lines[j][1].strip():
                rstart, row = lines[j]
                off = rstart
                for k, cell in enumerate(row.split(sep)):
                    if k in cols:
                        m = re.fullmatch(r"[\s\"']*(\d{9,13})[\s\"']*\r?", cell)
                        if m is not None and _valid(m.group(1), cols[k]):
                            out.append((off + m.start(1), off + m.end(1)))
                    off += len(cell) + 1
                j += 1
            break
    return out


def _keyed_e164(before: str, digits: str) -> bool:
    """Whether `digits` after `before` is an E.164 number without its `+` under a phone key (`_KEY_END`): 10 to 15
    digits, no trunk `0`, valid with its country code (or possible, a country's code: a test range's number)."""
    if not 10 <= len(digits) <= 15 or digits[0] == "0":
        return False
    tag = _TAG_END.search(before[-40:])  # `<msisdn>447911123456`
    if tag is not None:
        return _KEY_END.search(tag.group(1)) is not None and _e164(digits)
    gap = _GAP.search(before[-40:])
    if gap is None or not gap.group(0) or _KEY_END.search(before[: len(before) - len(gap.group(0))]) is None:
        return False
    return _e164(digits)


_TAG_END = re.compile(r"<(?:[\w-]+:)?([\w-]+)>$")


@functools.lru_cache(maxsize=1024)
def _e164(digits: str) -> bool:
    import phonenumbers

    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) or (phonenumbers.is_possible_number(number) and country_coded(number))


def country_coded(number: object) -> bool:
    """Whether a parsed `phonenumbers.PhoneNumber` opens with a country's calling code (not a global service's)."""
    import phonenumbers

    code = getattr(number, "country_code", None)
    return code is not None and phonenumbers.region_code_for_country_code(code) not in ("ZZ", "001")


def national_phones(text: str) -> list[tuple[int, int]]:
    """Spans of bare national phone numbers after their language's phone word or under its column header, and of
    E.164 numbers without their `+` under a phone key (`_keyed_e164`)."""
    spans: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        before = text[max(0, m.start() - 60): m.start()]
        regions = _cue_regions(before) if len(m.group(0)) <= 13 else None
        if regions is not None and _valid(m.group(0), regions) or _keyed_e164(before, m.group(0)):
            spans.append((m.start(), m.end()))
    if "\n" in text:
        spans.extend(s for s in _table_spans(text) if s not in spans)
    return spans


def with_national_phones(text: str, found: list[Result]) -> list[Result]:
    """`found` with the bare national phone numbers of `text` no span of `found` covers yet."""
    if _DIGITS.search(text) is None:
        return found
    more: list[Result] = []
    for start, end in national_phones(text):
        if any(e == "PHONE_NUMBER" and s <= start and end <= en and sc >= _FLOOR for e, s, en, sc in found):
            continue
        more.append(("PHONE_NUMBER", start, end, _SCORE))
    if not more:
        return found
    # A weak reading of the same digits (a 9-digit run scores as an SSN without context) gives way.
    kept = [r for r in found if not (r[3] < _FLOOR and any(s <= r[1] and r[2] <= e for _, s, e, _ in more))]
    return kept + more
