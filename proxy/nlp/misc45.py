"""Fancy-text alphabets, IPv4's other spellings, base64 text in payload fields, more spoken values (misc45, atk43
F10, F15, F02, F08).

- **fancy text** (`fancy_text`, a pass of the normalised view, before its Unicode pass; gated by a non-ASCII
  character of its tables, `fancy_hint`): the alphabets fancy-text generators (and models asked for "stylish" text)
  write that neither NFKC nor the confusables table read as Latin letters. Canadian-syllabics capitals (`ᑭᖇOᒍEᑕT
  ᖴᗩᒪᑕOᑎ`), the Greek/Cyrillic "style" set (`ρяσʝєcт ƒαℓcσи`), small capitals (`ᴘʀᴏᴊᴇᴄᴛ`, for PII too), regional
  indicator letters (`🇵‌🇷‌🇴‌🇯`, invisible joiners between them or not) each read as its letter; upside-down text
  (`uoɔlɐɟ ʇɔǝɾoɹd`) read turned back (each letter as the one it is drawn from, the run in reverse order). Only a word
  whose every letter is ASCII or of these tables, with two of their letters at least, and mixed (an ASCII letter
  with them, or letters of two scripts: `ρяσʝєcт`), or all small capitals, or three regional indicators or more; a
  word of the tables' letters alone beside such a word. A Greek, Russian, Inuktitut word (`Ελλάδα`, `тут`, `ᐃᓄᒃᑎᑐᑦ`)
  and a flag (`🇩🇪`) stay as written; upside-down runs need two of its own letters besides the dotless `ı`
  and the African alphabets' `ɔ`, `ǝ` (Turkish `Yıldız`, Akan `Ɔkɔmfo` stay) and none inside an IPA `/.../` or `[...]`.
  Gate: ASCII or Latin-1 text never; else one of the tables' letters no Greek or Russian text has, or a Greek or
  Cyrillic one of them beside an ASCII letter or one of the other script (precompiled searches).
- **IPv4's other spellings** (`with_ip_forms`, the analysis, `proxy.nlp.pii`, after its filters): right after an IP
  label or cue (`IP`, `ipv4`, `IP address`, `inet`, `ping`), one 32-bit number, hex, dotted hex, the short `a.b` /
  `a.b.c` forms or a dashed quad is an IP_ADDRESS. Gate: `ip`, `inet` or `ping` in the text.
- **payload fields** (`text_payload`, `proxy.providers.answers`): an answer's base64 payload field whose bytes are
  UTF-8 text (no image/audio/archive signature, printable, three letters at least) is screened as text; its first
  96 characters are decoded first (a real payload fails there).
- **spoken values** (`spoken45`, from `proxy.nlp.voice38.with_voice38`; `pair_open` for stream windows; the
  spelled-address words `MAIL_ATS` / `MAIL_DOTS` in `proxy.nlp.normalize`): cards read out in `voice38`'s languages'
  digit words (13-19, Luhn or a card word), Russian digit words (`voice38`'s table: phones after a cue), English
  pair-word phones and SSNs after their word (`six hundred seventeen, five fifty-five, ...`), spoken e-mails in
  Swedish, Czech, Turkish, Greek, Korean and Russian.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["MAIL_ATS", "MAIL_DOTS", "RU_DIGITS", "RU_PHONE_CUES", "fancy_hint", "fancy_text", "ip_forms",
           "mail_words_hint", "pair_open", "pair_runs", "spoken45", "text_payload", "with_ip_forms"]

Edit = tuple[int, int, str]

# ---------------------------------------------------------------------------------------------------- fancy text

# character -> (the Latin letter it is written for, its script: a word mixing two of them is fancy text)
_FANCY: dict[str, tuple[str, str]] = {}
for _chars, _latin, _script in (
    ("ᗩᗷᑕᗪᕮᖴᕼᒍᒪᗰᑎᑭᑫᖇᔕᑌᐯᗯ᙭ᘔ", "ABCDEFHJLMNPQRSUVWXZ", "syl"),
    ("αισρυνωχηβ", "aiopuvwxnB", "grk"),
    ("вєнкмияѕту", "behkmnrsty", "cyr"),
    ("ʝƒℓ", "jfl", "lat"),
    ("¢∂", "cd", "sym"),
    ("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz", "sc"),
):
    assert len(_chars) == len(_latin), _chars
    _FANCY.update({c: (latin, _script) for c, latin in zip(_chars, _latin, strict=True)})
_FANCY.update({chr(0x1F1E6 + i): (chr(ord("A") + i), "ri") for i in range(26)})  # regional indicators

# Upside-down text: each character -> the one it is drawn from (the run reads in reverse order). ASCII letters turn
# too (`d` is a `p` drawn upside down, `u` an `n`); `_FLIP_OWN` are the characters only such text has.
_FLIP_OWN: dict[str, str] = dict(zip(
    "ɐɔǝɟƃɥᴉɾʞɯɹʇʌʍʎ∀ƆƎℲ⅁˥Ԁᴚꓤꓭꓷꓘꓕꓵꓥꓨꓞꓩꓶꓒ┴⊥∩Λ⅄ƖᄅƐㄣϛㄥ↊↋ı˙¿¡",
    "acefghijkmrtvwyACEFGLPRRBDKTUVGFJLPTTUVY12345723i.?!", strict=True))
_FLIP: dict[str, str] = {**_FLIP_OWN, "b": "q", "q": "b", "d": "p", "p": "d", "n": "u", "u": "n", "M": "W",
                         "W": "M", "6": "9", "9": "6"}
_WEAK_FLIP = frozenset("ı˙ƐɔƆǝƎ")  # (Turkish `ı`; a dot; `Ɛ`, `ɔ`, `ǝ` in African alphabets: Akan `Ɔkɔmfo`)

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f"
_TABLE_CHARS = "".join(sorted(set(_FANCY) | set(_FLIP_OWN)))
_HINT = re.compile("[" + re.escape(_TABLE_CHARS) + "]")
# The gate (`fancy_hint`): a character of the tables that no Greek or Russian text has (`_STRONG`: syllabics, `ʝ`,
# `ƒ`, `∂`, small capitals, regional indicators, the upside-down letters), or a Greek or Cyrillic one of the tables
# next to an ASCII letter or to one of the other script (`_MIXED`: `ρя`, `cт`). `¡`, `¿`, `¢`, `ı` and `˙` alone
# never make a word of it (Spanish, Turkish text): none of them opens the gate; a text of Latin-1 characters alone
# (German, French, Spanish) is known at once.
_GREEK = "".join(c for c, (_, script) in _FANCY.items() if script == "grk")
_CYRILLIC = "".join(c for c, (_, script) in _FANCY.items() if script == "cyr")
_STRONG_CHARS = "".join(c for c in _TABLE_CHARS if c not in _GREEK + _CYRILLIC + "¡¿¢ı˙")
_STRONG = re.compile("[" + re.escape(_STRONG_CHARS) + "]")
_MIXED = re.compile(f"[A-Za-z{_CYRILLIC}][{_GREEK}]|[A-Za-z{_GREEK}][{_CYRILLIC}]|[{_GREEK}{_CYRILLIC}][A-Za-z]")


# A first test of a few ranges that hold `_STRONG`'s characters (a scattered class scans several times slower), none
# of them a range of Greek, Cyrillic, Indic, CJK or Hangul letters: German, Polish, Czech text (all below U+0183),
# Greek, Russian, Hindi, Chinese, Japanese and Korean text fail it at the speed of a plain scan.
_STRONG_NEAR = re.compile("[\u0183-\u02e5\u0500\u1105-\u2534\u3123-\u3125\ua4d2-\ua731\U0001f1e6-\U0001f1ff]")
assert all(_STRONG_NEAR.match(c) or "\u0370" <= c <= "\u04ff" for c in _STRONG_CHARS)
_GREEK_CYRILLIC = re.compile("[\u0370-\u04ff]")
_GREEK_RANGE, _CYRILLIC_RANGE = re.compile("[\u0370-\u03ff]"), re.compile("[\u0400-\u04ff]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_PLAIN = r"\w" + re.escape(_INVISIBLE) + re.escape("".join(c for c in _TABLE_CHARS if not c.isalnum()))
_WORD = re.compile(rf"[{_PLAIN}]+(?:[.@+'_-]+[{_PLAIN}]+)*")
_GAP = re.compile(r"[ \t]{1,2}|[ \t]?[,;:!?]?[ \t]")


def fancy_hint(text: str) -> bool:
    """Whether `text` may hold a word of the fancy alphabets (see `_STRONG`: ASCII text never)."""
    if text.isascii():
        return False
    try:
        text.encode("latin-1")  # (a copy where every character is Latin-1: none of the tables' is)
        return False
    except UnicodeEncodeError:
        pass
    if _STRONG_NEAR.search(text) is not None and _STRONG.search(text) is not None:
        return True
    # (Greek or Cyrillic text: the pairs looked for only where an ASCII letter, or both scripts, are in it)
    return _GREEK_CYRILLIC.search(text) is not None and (
        _ASCII_LETTER.search(text) is not None
        or (_GREEK_RANGE.search(text) is not None and _CYRILLIC_RANGE.search(text) is not None)) \
        and _MIXED.search(text) is not None


def _letters(word: str) -> list[str]:
    return [c for c in word if c not in _INVISIBLE and (c.isalnum() or c in _FANCY or c in _FLIP_OWN)]


def _mapped(word: str) -> bool:
    """Every letter or digit of `word` ASCII or of the fancy tables."""
    return all(c.isascii() or c in _FANCY for c in _letters(word))


def _strict(word: str) -> bool:
    fancy = [_FANCY[c][1] for c in word if c in _FANCY]
    if len(fancy) < 2 or not _mapped(word):
        return False
    scripts = set(fancy)
    if scripts == {"ri"}:
        return len(fancy) >= 3
    if scripts <= {"sc"}:
        return True
    return len(scripts) > 1 or any(c.isascii() and c.isalpha() for c in word)


def _flipped(word: str) -> bool:
    return any(c in _FLIP_OWN for c in word) and all(c in _FLIP or c.isascii() for c in _letters(word))


def fancy_text(text: str) -> Iterator[Edit]:
    """Pass: fancy-text letters as the Latin letters they are written for (see the module)."""
    if not fancy_hint(text):
        return
    words = [m for m in _WORD.finditer(text) if _HINT.search(m.group())]
    if not words:
        return
    edits: list[Edit] = []
    # upside-down runs: words of its letters kept apart by spaces, read turned back as one stretch
    i = 0
    done: set[int] = set()
    while i < len(words):
        if not _flipped(words[i].group()):
            i += 1
            continue
        j = i
        while j + 1 < len(words) and _flipped(words[j + 1].group()) \
                and _GAP.fullmatch(text, words[j].end(), words[j + 1].start()):
            j += 1
        a, b = words[i].start(), words[j].end()
        run = text[a:b]
        own = {c for c in run if c in _FLIP_OWN and c not in _WEAK_FLIP}
        ipa = (text[a - 1:a] in ("/", "[") or text[b:b + 1] in ("/", "]"))
        if len(own) >= 2 and not ipa:
            edits.append((a, b, "".join(_FLIP.get(c, c) for c in reversed(run) if c not in _INVISIBLE)))
            done.update(range(i, j + 1))
        i = j + 1
    # the other alphabets, a character for a character
    fold = [k not in done and _strict(w.group()) for k, w in enumerate(words)]
    for order in (range(len(words)), range(len(words) - 1, -1, -1)):  # (a word of the tables alone beside one)
        for k in order:
            if fold[k] or k in done or not _mapped(words[k].group()):
                continue
            for n in (k - 1, k + 1):
                if 0 <= n < len(words) and fold[n] and _GAP.fullmatch(
                        text, min(words[k].end(), words[n].end()), max(words[k].start(), words[n].start())):
                    fold[k] = True
                    break
    for k, w in enumerate(words):
        if not fold[k]:
            continue
        base = w.start()
        word = w.group()
        for n, c in enumerate(word):
            if c in _FANCY:
                edits.append((base + n, base + n + 1, _FANCY[c][0]))
            elif c in _INVISIBLE and (n == 0 or n == len(word) - 1 or word[n - 1] in _FANCY or word[n + 1] in _FANCY):
                edits.append((base + n, base + n + 1, ""))
    edits.sort()
    yield from edits


# ------------------------------------------------------------------------------------------- IPv4's other spellings

# After an IP label or cue (`IP`, `ipv4`, `IP address`, `inet`, `ping`...; `is`, `:`, `=` after it or not), an
# IPv4 address in another form `inet_aton`, curl, ping and browsers take: one 32-bit number (`169090600`, 1.0.0.0 and
# up), hex (`0x0A141E28`), dotted parts in hex (`0x0A.0x14.0x1E.0x28`), the short `a.b` / `a.b.c` forms whose last
# part is over 255 (`10.1318440`, `192.168.257`), or a quad with dashes (`203-0-113-7`). Bare numbers never.
_IP_CUE = re.compile(
    r"(?i)(?<![\w.-])(?:ip(?:v4)?(?:[ _-]?addr(?:ess)?)?|inet|ping|host[ _-]?ip)[\"']?"
    r"(?:[ \t]*+(?:[:=]|is|was|now|address|addr|of)?+[ \t]*+){1,4}?[\"']?"
    r"(?P<value>0[xX][0-9A-Fa-f]{1,8}+(?:\.0[xX][0-9A-Fa-f]{1,8}+|\.[0-9]{1,10}+){0,3}+"
    r"|[0-9]{1,10}+(?:\.(?:0[xX][0-9A-Fa-f]{1,8}+|[0-9]{1,10}+)){0,3}+"
    r"|[0-9]{1,3}(?:-[0-9]{1,3}){3})(?![\w.-]|\.\w)")
_IP_HINT = re.compile(r"(?i)ip|inet|ping")


def _part(p: str) -> int:
    return int(p, 16) if p[:2].lower() == "0x" else int(p)


def _other_ipv4(value: str) -> bool:
    """`value` an IPv4 address in a form other than the usual dotted quad (see above)."""
    if "-" in value:
        return all(int(p) <= 255 and (p == "0" or p[0] != "0") for p in value.split("-"))
    parts = value.split(".")
    hexed = any(p[:2].lower() == "0x" for p in parts)
    try:
        nums = [_part(p) for p in parts]
    except ValueError:
        return False
    if any(n > 255 for n in nums[:-1]) or nums[-1] >= 256 ** (5 - len(parts)):
        return False
    if len(parts) == 1:
        return nums[0] >= 1 << 24 and (hexed or len(value) >= 8)
    if len(parts) == 4:
        return hexed  # (a plain dotted quad is the analyzer's)
    return hexed or nums[-1] > 255


def ip_forms(text: str) -> list[tuple[int, int]]:
    """[start, end) of each IPv4 address in another form after an IP label or cue in `text`."""
    if _IP_HINT.search(text) is None:
        return []
    return [m.span("value") for m in _IP_CUE.finditer(text) if _other_ipv4(m.group("value"))]


def with_ip_forms(text: str, found: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """`found` with each address of `ip_forms` as IP_ADDRESS where no IP_ADDRESS covers it; another finding inside
    one (a number read as a phone's) gives way to it."""
    covered = [(a, b) for e, a, b, _ in found if e == "IP_ADDRESS"]
    new = [(a, b) for a, b in ip_forms(text) if not any(x <= a and b <= y for x, y in covered)]
    if not new:
        return found
    kept = [r for r in found if r[0] == "IP_ADDRESS" or not any(a <= r[1] and r[2] <= b for a, b in new)]
    return kept + [("IP_ADDRESS", a, b, 0.85) for a, b in new]


# ------------------------------------------------------------------------------------ base64 text in payload fields

# An answer's payload field (`audio.data`, `image_generation_call.result`, `encrypted_content`, `signature`,
# `b64_json`, `redacted_thinking.data`, a `reasoning_details[].data`) whose base64 decodes to UTF-8 text is text: its
# bytes decide, as on input. Binary: a known signature (image, audio, video, archive, PDF), or bytes that are no UTF-8
# or not mostly printable. The first 96 characters are decoded first: a real payload fails there at once.
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"OggS",
          b"fLaC", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BM", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00",
          b"\x1aE\xdf\xa3", b"wOF", b"\x00asm", b"7z\xbc\xaf", b"Rar!")
_B64_PAYLOAD = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}", re.ASCII)


def _decoded(value: str) -> bytes | None:
    import base64
    import binascii

    core = value.rstrip("=")
    cut = len(core) - len(core) % 4
    if len(core) % 4 == 1:
        return None
    try:
        body = base64.b64decode(core[:cut].replace("-", "+").replace("_", "/"), validate=True)
        if cut < len(core):
            body += base64.b64decode(core[cut:].replace("-", "+").replace("_", "/") + "=" * (4 - len(core) % 4))
    except (binascii.Error, ValueError):
        return None
    return body


def _texty(data: bytes, whole: bool) -> bool:
    if data[4:12].startswith(b"ftyp") or any(data.startswith(m) for m in _MAGIC):
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if whole or exc.start < len(data) - 3:  # (a prefix may end inside a character)
            return False
        text = data[:exc.start].decode("utf-8")
    if not text:
        return False
    shown = sum(c.isprintable() or c in "\n\r\t" for c in text)
    letters = sum(c.isalpha() for c in text)
    return shown >= 0.95 * len(text) and letters >= 3


def text_payload(value: str) -> bool:
    """Whether `value`, a payload field's base64 (or base64url), decodes to UTF-8 text (see above)."""
    if len(value) < 16 or _B64_PAYLOAD.fullmatch(value) is None:
        return False
    head = _decoded(value[:96]) if len(value) > 96 else None
    if head is not None and not _texty(head, whole=False):
        return False
    body = _decoded(value)
    return body is not None and _texty(body, whole=True)


# ------------------------------------------------------------------------------------------------ spoken values

# Spoken e-mail addresses in more languages (`proxy.nlp.normalize.SPELLED_ATS` / `SPELLED_DOTS` take these in):
# Swedish `snabel-a` / `punkt`, Czech `zavináč` / `tečka`, Turkish `et` / `nokta`, Greek `παπάκι` / `τελεία`, Korean
# `골뱅이` / `닷`, Russian `собака` / `точка` (`jane.doe snabel-a example punkt com`): a mailbox, the word, a domain
# and a known top-level domain after a spelled dot, as the English `at` / `dot` are read.
MAIL_ATS = ("snabel-a", "zavináč", "zavinac", "et", "παπάκι", "골뱅이", "собака")
MAIL_DOTS = ("tečka", "tecka", "nokta", "τελεία", "τελεια", "닷", "точка")


def mail_words_hint(low: str) -> bool:
    """Whether lower-cased `low` has one of `MAIL_DOTS` (the spelled-address reader's gate)."""
    return any(w in low for w in MAIL_DOTS)


# Russian digit words (`voice38`'s table takes them in: 7 to 12 read out after a cue are a phone number or an SSN),
# and Russian cues for a phone, a number and a card.
RU_DIGITS = {"ноль": "0", "нуль": "0", "один": "1", "одна": "1", "два": "2", "две": "2", "три": "3", "четыре": "4",
             "пять": "5", "шесть": "6", "семь": "7", "восемь": "8", "девять": "9"}
RU_PHONE_CUES = "телефон|телефона|позвоните|звоните|позвонить|мобильный|мобильного|сотовый|номер|номера"

# A card number read out in the digit words `voice38` reads (English, German, Spanish, French, Italian, Portuguese,
# Russian): 13 to 19 tokens, each one digit, one space, a comma or a dash between (`vier eins eins eins, eins eins
# ...`): a CREDIT_CARD where its Luhn check passes and it neither counts nor repeats one digit, or after a card's word
# in its turn.
_CARD_WORDS = re.compile(
    r"(?i)(?<![^\W_])(?:card|karte|kartennummer|kreditkarte|tarjeta|carte|carta|cartão|cartao|visa|mastercard|amex"
    r"|карта|карты|карту|номер[ \t]+карты)(?![^\W_])")

# English pair and hundred readings of a phone number or an SSN (`six hundred seventeen, five fifty-five, zero one
# four three`, `five thirty-six, ninety, forty-three ninety-nine`): tokens of one digit word, a teen, a tens word (with
# its unit: `fifty-five`), `<digit> hundred` (`<teen or tens>` after it or not), apart by spaces, commas or dashes;
# 7, 9, 10 or 11 digits in all, with two tokens at least that are no single digit, after a phone's or SSN's word in
# its sentence. A run a bigger number word goes on (`... thousand`) and one without such a word stay.
_UNIT = "zero|oh|one|two|three|four|five|six|seven|eight|nine"
_UNITS = {w: str(i) for i, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                           "nine"))} | {"oh": "0"}
_TEENS = {w: str(10 + i) for i, w in enumerate(("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                                                 "sixteen", "seventeen", "eighteen", "nineteen"))}
_TENS = {w: str(2 + i) for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                                               "ninety"))}
_TEEN = "|".join(_TEENS)
_TEN = "|".join(_TENS)
_PAIR_TOKEN = (rf"(?:(?:{_UNIT})[ \t]+hundred(?:[ \t]+(?:and[ \t]+)?(?:(?:{_TEN})(?:[ \t-](?:{_UNIT}))?|{_TEEN}"
               rf"|(?:oh|zero)[ \t]+(?:{_UNIT})))?"
               rf"|(?:{_TEN})(?:[ \t-](?:{_UNIT}))?|{_TEEN}|{_UNIT})(?![\w'-])")
_PAIR_ONE = re.compile(
    rf"(?P<h>{_UNIT})[ \t]+hundred(?:[ \t]+(?:and[ \t]+)?(?:(?P<ht>{_TEN})(?:[ \t-](?P<hu>{_UNIT}))?|(?P<hteen>{_TEEN})"
    rf"|(?:oh|zero)[ \t]+(?P<hz>{_UNIT})))?"
    rf"|(?P<t>{_TEN})(?:[ \t-](?P<tu>{_UNIT}))?|(?P<teen>{_TEEN})|(?P<u>{_UNIT})")
_PAIR_SEP = r"(?:[ \t]*,[ \t]*|[ \t]+-[ \t]+|[ \t]+)"
_PAIR_RUN = re.compile(rf"(?i)(?<![\w'-])(?:{_PAIR_TOKEN})(?:{_PAIR_SEP}(?:{_PAIR_TOKEN})){{1,9}}")
_PAIR_MORE = re.compile(r"(?i)[ \t,-]+(?:and[ \t]+)?(?:hundred|thousand|million|billion|point|percent|times|dollars?"
                        r"|cents?|euros?|pounds?|people|years?|days?|hours?|minutes?|miles?|items?|left|sold)(?![\w])")
_PAIR_PHONE = re.compile(r"(?i)(?<![\w])(?:phone|telephone|tel|cell|mobile|call|reach|dial|text|number|whatsapp"
                         r"|fax|landline)(?![\w])")
_PAIR_SSN = re.compile(r"(?i)(?<![\w])(?:ssn|social(?:[ \t]+security)?|soc[ \t]+sec)(?![\w])")
_PAIR_HINT = re.compile(r"(?i)ty|teen|hundred|eleven|twelve|ten\b")
_SENTENCE = re.compile(r"[.!?](?:[ \t\n]|\Z)|\n")


def _pair_digits(run: str) -> tuple[str, int]:
    """The digits a pair-word run reads as, and how many of its tokens are more than one digit."""
    out, big = [], 0
    for t in _PAIR_ONE.finditer(run.lower()):
        if t.group("h"):
            tail = ((_TENS[t.group("ht")] + (_UNITS[t.group("hu")] if t.group("hu") else "0")) if t.group("ht")
                    else _TEENS[t.group("hteen")] if t.group("hteen")
                    else "0" + _UNITS[t.group("hz")] if t.group("hz") else "00")
            out.append(_UNITS[t.group("h")] + tail)
            big += 1
        elif t.group("t"):
            out.append(_TENS[t.group("t")] + (_UNITS[t.group("tu")] if t.group("tu") else "0"))
            big += 1
        elif t.group("teen"):
            out.append(_TEENS[t.group("teen")])
            big += 1
        else:
            out.append(_UNITS[t.group("u")])
    return "".join(out), big


def pair_runs(text: str) -> list[tuple[str, int, int]]:
    """(entity, start, end) of each phone number or SSN read out in English pair words (see above)."""
    if _PAIR_HINT.search(text) is None:
        return []
    out: list[tuple[str, int, int]] = []
    for m in _PAIR_RUN.finditer(text):
        if _PAIR_MORE.match(text, m.end()):
            continue
        digits, big = _pair_digits(m.group())
        if big < 2 or len(digits) not in (7, 9, 10, 11) or len(digits) == 11 and digits[0] != "1":
            continue
        ends = [e.end() for e in _SENTENCE.finditer(text, max(0, m.start() - 120), m.start())]
        sentence = text[ends[-1] if ends else max(0, m.start() - 120):m.start()]
        if len(digits) == 9 and _PAIR_SSN.search(sentence):
            from proxy.nlp.misc37 import _ssn_shaped

            if _ssn_shaped(digits):
                out.append(("US_SSN", m.start(), m.end()))
        elif len(digits) != 9 and _PAIR_PHONE.search(sentence):
            out.append(("PHONE_NUMBER", m.start(), m.end()))
    return out


def spoken45(text: str) -> list[tuple[str, int, int]]:
    """`voice38`'s extra runs (its `with_voice38`): cards read out in its languages' digit words, English pair-word
    phones and SSNs."""
    from proxy.nlp.normalize import luhn_ok
    from proxy.nlp.voice38 import _SEP, _TOKEN, _counting, _digits, _turn

    out = pair_runs(text)
    low = text.lower()
    if len(low) != len(text):
        return out
    global _CARD_RUN
    if _CARD_RUN is None:
        _CARD_RUN = re.compile(rf"{_TOKEN}(?:{_SEP}{_TOKEN}){{12,18}}(?!{_SEP}{_TOKEN})")
    for m in _CARD_RUN.finditer(low):
        digits = _digits(low, m.start(), m.end())
        if not 13 <= len(digits) <= 19 or _counting(digits):
            continue
        if luhn_ok(digits) or _CARD_WORDS.search(_turn(text, m.start())[0]) is not None:
            out.append(("CREDIT_CARD", m.start(), m.end()))
    return out


_CARD_RUN: re.Pattern[str] | None = None


_OPEN_WORDS = frozenset((*_UNITS, *_TEENS, *_TENS, "hundred"))
_OPEN_FILLER = frozenset(("and", "is", "me", "at", "on", "my", "it", "s", "number", "no", "nr", "the", "to"))
_WORD_RE = re.compile(r"[a-z]+")


_HEAD_WORD = re.compile(r"[\s,-]*([a-z]+)")


def pair_open(before: str, after: str) -> bool:
    """Whether a stream window ending between `before` and `after` would cut a phone number or an SSN read out in
    pair words after its cue (`call six hundred ` | `seventeen, five fifty-five`): after the cue in its sentence only
    number words (the last one begun, or whole) and a few fillers, one number word at least."""
    tail = before[-120:].lower()
    if len(tail) != len(before[-120:]) or not tail[-1:].isalpha() and tail[-1:] not in (" ", "\t", ",", "-"):
        return False
    ends = [e.end() for e in _SENTENCE.finditer(tail)]
    sentence = tail[ends[-1]:] if ends else tail
    cues = [m.end() for m in (*_PAIR_PHONE.finditer(sentence), *_PAIR_SSN.finditer(sentence))]
    if not cues:
        return False
    words = _WORD_RE.findall(sentence, max(cues))
    if not words:
        return False
    last_open = tail[-1:].isalpha() and after[:1].isalpha()
    whole, last = (words[:-1], words[-1]) if last_open else (words, "")
    if not all(w in _OPEN_WORDS or w in _OPEN_FILLER for w in whole) or not any(w in _OPEN_WORDS for w in words):
        return False
    if last:
        return any(w.startswith(last + after[:1].lower()) for w in _OPEN_WORDS)
    head = _HEAD_WORD.match(after.lower())  # the next word, when it is visible, goes on with the run or ends it
    if head is None:
        return True
    word = head.group(1)
    if head.end() < len(after):  # the word is whole: `call six one seven ` | `times a day` ends the run
        return word in _OPEN_WORDS or word in _OPEN_FILLER
    return any(w.startswith(word) for w in (*_OPEN_WORDS, *_OPEN_FILLER))
