"""files37 (atk37 F10, F11, F16, F17): whether an uploaded file's bytes are a text, read from the bytes themselves.

file36 decides "text or binary" for a base64 file (`proxy.nlp.file36.payload_text`); it used to trust the declared
media type and file name and want UTF-8 of printable characters only. So an `.eml` (`message/rfc822`), an EDI, HL7
or mbox file, a CSV sent as `application/vnd.ms-excel` (what Windows browsers say), `application/txt`, a download
type, `data:;base64,` without a type, a CSV that Excel wrote in Shift_JIS, GBK, Big5, EUC-KR or Windows-1251, and a
text with one control byte (a DOS Ctrl-Z at its end, NUL padding, ANSI colour codes, BEL) went upstream unscreened.

`sniff` reads the bytes of every file, whatever its type or name says (a declared text type only helps):
- a known binary signature (PDF, PNG, JPEG, GIF, WebP/WAV, ZIP and Office files, gzip, bzip2, 7z, RAR, ELF, OLE,
  MP3, MP4, SQLite, wasm...) is binary: never decoded (PDFs stay file36's: not decoded here);
- a BOM (UTF-8, UTF-16, UTF-32); UTF-16 or UTF-32 without one (the pattern of their NUL bytes); a declared charset;
  ISO-2022-JP (enc38: its shifts in 7-bit bytes); valid UTF-8; UTF-16 of a mostly CJK text without a BOM (enc38:
  `_wide_cjk`, where NUL bytes are in the file or no legacy reading is plausible);
- else the legacy encodings Excel, Windows and Unix write (`_LEGACY`: cp949, GBK, EUC-JP, Big5, cp932, cp1251, KOI8-R,
  KOI8-U, cp1252; enc38: EUC-JP where kana or a `.jp`/`+81` cue say it, KOI8 by its words' case and vowels), each
  decoding a sample scored by how plausible its characters are (`_score`: the common band of its own character set,
  letters of one script in a word), the best one kept (ties in `_LEGACY`'s order: Korean read as GBK is as plausible
  as Korean, and a Chinese text seldom keeps to the Hangul band's lead bytes);
- control characters (NUL, BEL, VT, Ctrl-Z...; an ANSI escape's ESC, a trailing run of NUL or Ctrl-Z not counted) at
  most 2% of the characters: more is a binary file (random bytes hold 12%). They are kept in the text as they were.
The text is returned with the codec that writes it back (`proxy.nlp.file36._encoded`): a file left as it was goes
as sent, byte for byte; a redacted one is re-encoded in its own encoding with only the values found rewritten.
Cheap: only base64 payloads pay; a binary one is told by its first 48 bytes, a text's score reads 8 KB at most.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["binary_start", "sniff", "wide"]

_SIGNATURES = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b",
    b"BZh", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa", b"MZ\x90\x00", b"ID3", b"OggS", b"fLaC", b"\x1aE\xdf\xa3", b"SQLite format 3\x00", b"\x00asm",
    b"\xfd7zXZ", b"\x28\xb5\x2f\xfd", b"\x04\x22\x4d\x18", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00", b"wOFF",
    b"wOF2", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9", b"8BPS", b"\x00\x00\x00\x0cjP")
_FTYP = re.compile(rb"\A....ftyp", re.DOTALL)  # MP4, MOV, HEIC, AVIF
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Control bytes of a text: not a tab, line break, form feed, backspace (`c\bc`: a man page's bold), the separators
# FS, GS, RS and US (fields of some exports); ESC apart (an ANSI escape: `\x1b[1m`).
_CONTROL_BYTES = re.compile(rb"[\x00-\x07\x0b\x0e-\x1a\x7f]")
_CONTROLS = re.compile(r"[\x00-\x07\x0b\x0e-\x1a\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufff0-\uffff]|\x1b(?![\[\]()])")
_SHARE = 50  # at most one control character in 50
_SAMPLE = 8192
_LEGACY = ("cp949", "gbk", "euc_jp", "big5", "cp932", "cp1251", "koi8_r", "koi8_u", "cp1252")
_CYRILLIC = ("cp1251", "koi8_r", "koi8_u")
_JP_HINT = re.compile(rb"\.jp\b|\+81[ -]?\d")  # (enc38: a Japanese address or number: EUC-JP before GBK on a tie)
_ISO2022 = re.compile(rb"\x1b(?:\$[@B]|\$\(D|\(J)")  # ISO-2022-JP's shifts to JIS X 0208/0212/Roman
_LEGACY_MIN = 32  # bytes: a shorter file of no text type or name is read in a legacy encoding by none
_PLAUSIBLE = 0.8  # the least score of a legacy reading of a file whose type or name does not say text
# ... whose ASCII characters are, 9 in 10 at least, those of a text (random bytes' are 6 in 10)
_HIGH = bytes(range(0x80, 0x100))
_PROSE = re.compile(r"[A-Za-z0-9 \t\r\n,.;:'\"()\[\]/@_+=#&%!?*<>|-]")
_PUNCT = frozenset("\u00a0\u00ab\u00bb\u00b0\u00b7\u00a7\u00a9\u00ae\u00b1\u00b5\u00bd\u00bc\u00be\u00a3\u00a5\u00a2"
                   "\u20ac\u2116\u2122\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u2020\u2021")


def binary_start(raw: bytes) -> bool:
    """Whether the first bytes of a payload say binary: a known signature, or control bytes a text does not hold
    (NUL bytes in UTF-16's or UTF-32's pattern are a text's)."""
    if raw.startswith(_SIGNATURES) or _FTYP.match(raw):
        return True
    if raw.startswith(tuple(bom for bom, _ in _BOMS)) or wide(raw) is not None or _wide_cjk(raw) is not None:
        return False
    return len(_CONTROL_BYTES.findall(raw.rstrip(b"\x00\x1a"))) * _SHARE > max(len(raw), _SHARE * 2)


def wide(raw: bytes) -> str | None:
    """The codec of UTF-16 or UTF-32 without a BOM, told by where its NUL bytes fall (a text of mostly ASCII or
    Latin letters); None where they do not fall so."""
    sample = raw[:_SAMPLE - _SAMPLE % 4]
    n = len(sample)
    if n < 4 or sample.count(0) * 3 < n:
        return None
    for codec, size, zero in (("utf-32-le", 4, (2, 3)), ("utf-32-be", 4, (0, 1)),
                              ("utf-16-le", 2, (1,)), ("utf-16-be", 2, (0,))):
        if len(raw) % size:
            continue
        lanes = [sample[k::size] for k in range(size)]
        if all(lanes[z].count(0) * 10 >= len(lanes[z]) * 9 for z in zero) \
                and all(lanes[k].count(0) * 2 < len(lanes[k]) for k in range(size) if k not in zero
                        and (size == 2 or k == (0 if codec.endswith("le") else 3))):
            return codec
    return None


# enc38: the high bytes of UTF-16 units of a CJK text: ASCII (0), CJK punctuation, kana, bopomofo, jamo, enclosed
# forms (30-32), Han (4E-9F), Hangul (AC-D7), full-width forms (FF).
_HANGUL_UNITS = bytes(range(0xAC, 0xD8))
_CJK_UNITS = bytes([*range(0x30, 0x33), *range(0x4E, 0xA0), 0xFF]) + _HANGUL_UNITS
_WIDE_CJK_MIN = 32  # bytes (16 characters): random bytes pass the band test once in 20,000 at this length


def _wide_cjk(raw: bytes) -> str | None:
    """enc38: the codec of UTF-16 without a BOM of a mostly CJK text (few NUL bytes: `wide` does not tell it): an
    even length, 19 in 20 of its units' high bytes 0 (ASCII) or in the bands of CJK letters and punctuation, a fifth
    of them CJK, one in ten ASCII where Hangul leads (Korean spaces its words); None otherwise (random bytes' high
    bytes fall there one in two, a legacy 8-bit text's hold no NUL)."""
    n = len(raw)
    if n % 2 or n < _WIDE_CJK_MIN:
        return None
    sample = raw[:_SAMPLE]
    for codec, high in (("utf-16-le", 1), ("utf-16-be", 0)):
        highs = sample[high::2]
        units, ascii_units = len(highs), highs.count(0)
        cjk = units - len(highs.translate(None, _CJK_UNITS))
        hangul = units - len(highs.translate(None, _HANGUL_UNITS))
        if (ascii_units + cjk) * 20 >= units * 19 and cjk * 5 >= units \
                and (hangul * 2 <= cjk or ascii_units * 10 >= units):
            return codec
    return None


def _clean(text: str) -> bool:
    """At most one control character in 50 (a trailing run of NUL or Ctrl-Z, padding, not counted)."""
    body = text[:_SAMPLE * 4].rstrip("\x00\x1a")
    return len(_CONTROLS.findall(body)) * _SHARE <= max(len(body), _SHARE * 2)


def _prose(raw: bytes) -> bool:
    ascii_part = raw.translate(None, _HIGH).decode("ascii")
    return len(_PROSE.findall(ascii_part)) * 10 >= len(ascii_part) * 9


def _goodness(ch: str, codec: str, before: str, after: str) -> float:
    """How plausible one non-ASCII character is in a text of `codec` (1: the common band of its character set)."""
    if ch in _PUNCT:
        return 1.0
    if codec in _CYRILLIC or codec == "cp1252":
        if not ch.isalpha():
            return 0.0
        ascii_letter = (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
        if codec in _CYRILLIC:  # a Cyrillic letter in a word of Cyrillic ones
            return 0.0 if not "\u0400" <= ch <= "\u04ff" or ascii_letter else \
                1.0 if "\u0400" <= before <= "\u04ff" or "\u0400" <= after <= "\u04ff" else 0.5
        # an accented Latin letter in a word of plain ones (`Müller`), or a word of its own (`à`)
        return 1.0 if ascii_letter else 0.5 if not (before.isalpha() or after.isalpha()) else 0.0
    try:
        raw = ch.encode(codec)
    except UnicodeEncodeError:
        return 0.0
    if len(raw) != 2:
        return 0.3 if codec == "cp932" and "\uff61" <= ch <= "\uff9f" else 0.0  # half-width katakana
    lead, trail = raw
    if codec == "euc_jp":  # JIS X 0208: symbols (A1-A3), kana (A4-A5), level 1 (B0-CF), level 2 (D0-F4)
        return 1.0 if 0xA1 <= lead <= 0xA5 or 0xB0 <= lead <= 0xCF else 0.5 if 0xD0 <= lead <= 0xF4 else \
            0.3 if lead == 0x8E else 0.0
    if codec == "gbk":  # GB2312: symbols, level 1 (B0-D7), level 2 (D8-F7)
        return 0.0 if trail < 0xA1 else 1.0 if 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7 else \
            0.5 if 0xD8 <= lead <= 0xF7 else 0.0
    if codec == "big5":  # symbols (A1-A3), level 1 (A440-C67E), level 2 (C940-F9D5)
        return 1.0 if 0xA1 <= lead <= 0xC5 or (lead == 0xC6 and trail <= 0x7E) else 0.5 if 0xC9 <= lead <= 0xF9 \
            else 0.0
    if codec == "cp949":  # KS X 1001: symbols, Hangul (B0-C8), Hanja (CA-FD)
        return 0.0 if trail < 0xA1 else 1.0 if lead in (0xA1, 0xA3) or 0xB0 <= lead <= 0xC8 else \
            0.3 if 0xCA <= lead <= 0xFD else 0.0
    # cp932: symbols (81), kana (82-83), JIS level 1 (889F-9872), level 2 (989F-EAA4)
    return 1.0 if 0x81 <= lead <= 0x83 or 0x88 <= lead <= 0x97 or (lead == 0x98 and trail <= 0x72) else \
        0.5 if 0x98 <= lead <= 0x9F or 0xE0 <= lead <= 0xEA else 0.0


def _score(raw: bytes, codec: str) -> float | None:
    """The share of plausible characters among the non-ASCII ones of the first 8 KB of `raw` read as `codec`;
    None where it does not decode."""
    try:
        text = codecs.getincrementaldecoder(codec)().decode(raw[:_SAMPLE], final=len(raw) <= _SAMPLE)
    except UnicodeDecodeError:
        return None
    total = 0.0
    count = 0
    for k, ch in enumerate(text):
        if ch < "\x80":
            continue
        count += 1
        total += _goodness(ch, codec, text[k - 1] if k else " ", text[k + 1] if k + 1 < len(text) else " ")
    if codec in _CYRILLIC and count:
        total *= _cased(text)
    return total / count if count else 1.0


_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]{2,}")
_VOWELS = frozenset("аеёиоуыэюяієїАЕЁИОУЫЭЮЯІЄЇ")
_VOWEL_SHARE = 0.36  # of a Russian or Ukrainian text's letters (0.42-0.45); KOI8-R read as cp1251 holds 0.25


def _cased(text: str) -> float:
    """enc38: how much a reading's Cyrillic words look like words (1: all), which tells KOI8-R and KOI8-U from
    Windows-1251 (each read as the other swaps upper and lower case and shuffles the letters): the share of words not
    lower case then upper (`иВАНОВ`), times the share of vowels among the letters over what a text holds (capped)."""
    words = _CYRILLIC_WORD.findall(text)
    if not words:
        return 1.0
    cased = sum(1 for w in words if not (w[0].islower() and not w.islower())) / len(words)
    letters = sum(map(len, words))
    if letters < 12:
        return cased
    vowels = sum(1 for w in words for c in w if c in _VOWELS)
    return cased * min(1.0, vowels / letters / _VOWEL_SHARE)


def sniff(raw: bytes, charset: str = "", typed: bool = False) -> tuple[str, str] | None:
    """(the text, the codec that writes it back) of a file's bytes that are a text, else None (binary). `charset`:
    a declared one, tried first; `typed`: the file's type or name says text (then the most plausible legacy
    reading is taken however plausible)."""
    if binary_start(raw[:48]):
        return None
    tries: list[str] = []
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            tries = [codec]
            break
    else:
        utf16 = wide(raw)
        tries = [charset] if charset else []
        if not utf16 and _ISO2022.search(raw, 0, _SAMPLE) and raw.isascii():
            tries += ["iso2022_jp", "iso2022_jp_2"]  # (enc38: Japanese mail, 7 bits: its shifts are no control bytes)
        tries += [utf16] if utf16 else ["utf-8"]
    for codec in tries:
        try:
            text = raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return (text, codec) if _clean(text) else None
    if tries[-1] != "utf-8":
        return None
    japanese = _JP_HINT.search(raw, 0, _SAMPLE) is not None
    best: list[tuple[float, int, str]] = []
    legacy = False  # (enc38: a plausible legacy reading, told before UTF-16 without a BOM is tried)
    for n, codec in enumerate(_LEGACY):
        score = _score(raw, codec)
        legacy = legacy or score is not None and score >= _PLAUSIBLE
        if score is not None and (typed and (score >= _PLAUSIBLE or not codec.startswith("koi8"))  # (decode all)
                                  or score >= _PLAUSIBLE and len(raw) >= _LEGACY_MIN and _prose(raw[:_SAMPLE])):
            best.append((-score, -1 if japanese and codec == "euc_jp" else n, codec))
    best.sort()
    utf16 = _wide_cjk(raw) if not legacy or 0 in raw[:_SAMPLE].rstrip(b"\x00") else None  # (NUL: no 8-bit text)
    if utf16 is not None:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            return (text, utf16) if _clean(text) else None
    for _, _, codec in best:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if text.encode(codec, errors="replace") == raw:  # (read back as it was: a file left alone goes as sent)
            return (text, codec) if _clean(text) else None
    return None
