"""Encoded and re-scripted values atk45 found unread (b6446: F12, F13, F07, F10).

Two passes of the normalised view (input and output alike, every reading), each behind a cheap gate, and one hook
after every rule of the analysis (`whole46`):

- **encoded46** (after enc42's `encoded_text`; F12, F13): read decoded, each decoded character in place of what made
  it (`proxy.nlp.mime39.byte_edits`, enc40's test of text: three letters, nine characters of ten text-like, or a
  number alone):
  - base64 or base64url of 16 characters or more that is a whole URL path segment (`/unsubscribe/amFuZS5k...`,
    `https://x.example/u/<b64>/confirm`): `/` is base64's own character, so enc42 reads no run glued to one;
  - base64 of a number (9 to 24 characters of digits, spaces, `+().-`) under a query key that names a phone, a card
    or an SSN (`?phone=NjE3NTU1MDE0Mw==`, `&tel=...`): the key is the number's cue, so shorter than enc42's 16;
  - character-code lists after their call (`String.fromCharCode(106,97,...)`, `fromCodePoint`, `map(chr, [...])`,
    `chr(c) for c in [...]`, `bytes([0x36, ...])`, `bytearray`, `byte[]`, `Uint8Array`): five codes or more, decimal
    or `0x` hex (bytes as UTF-8, the others as code points);
  - base64 written in groups of four characters split by single spaces (`Q29u dGFj dDog amFu ...`, four groups at
    least), not all digits, not one case, whose bytes are text.
  A value found there redacts the whole run (`whole46`).
- **digits46** (before the Unicode pass; F10, F07): digits of other writings read as digits: Chinese financial
  numerals (`壹贰叁肆伍陆柒捌玖`, traditional `貳參陸`), Japanese daiji (`壱弐参`, `漆`) and Suzhou numerals
  (`〡`..`〩`) as the plain CJK numerals in a run of seven numerals or more (so `proxy.nlp.normalize._numerals`
  reads them as a value, by its shapes; a run with 元/圆/整/万/仟/佰/拾 or after ¥ is an amount: a sum of money is
  no card, and stays); Braille digits after the number sign (`⠼⠋⠁⠛⠤⠑⠑⠑`, `⠤` a dash; a new group after a space
  needs its own `⠼`); the DIGIT COMMA forms (`🄁`..`🄊`) as their digit; and an IPv4 address defanged with `[.]`
  (`192[.]168[.]1[.]10`, some dots or all) with its dots (regex45 reads `[.]` between digits as a class of
  separators: a dash).
- **whole46** (after every rule, `proxy.nlp.pii`): a finding inside a run of encoded46 covers the whole run; a
  finding that starts before an encoded run (enc42's or ours) with a URL's `/`, `#`, `?`, `&` or `=` between starts
  at the run (`https://x.example/#<b64>`: the host stays); an IPv4 address in octal dotted form (`0300.0250.0001.0012`,
  every part octal, one with a leading 0; not a zero-padded loopback or unspecified address read in decimal) after an
  IP cue (misc45's) is IP_ADDRESS.

NKo: its digits (U+07C0-07C9, Unicode Nd) are read already (the view's Unicode pass); the report's `ߕߓߖ` are NKo
LETTERS (U+07D5...), no digits, and stay letters.

Gates (what a text without the trigger pays): digits46 runs where `[.]` is in the text, or the text is not ASCII and
one precompiled character-class search finds one of its characters; encoded46's parts each behind a substring test
and a precompiled search: `/` then `/` + 16 characters of the alphabet (path segments), a literal `=` search then the
key before it (phone keys), `fromC`/`chr`/`byte`/`Uint8` (code lists), a digit in a 4-character group followed by
another group (grouped base64). A stream's window does not end inside a grouped run that may still decode to text
(`grouped_open`, `grouped_run_at`: `proxy.guard.windows`, `may_cut` and the cap's hold). Pure functions, CPU only.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

__all__ = ["digits46", "digits46_hint", "encoded46", "encoded46_hint", "grouped_open", "grouped_run_at", "whole46"]

Edit = tuple[int, int, str]
Result = tuple[str, int, int, float]
Run = tuple[int, int, list[Edit]]

# ------------------------------------------------------------------------------------------------ digits46

_PLAIN = "〇一二三四五六七八九"
_OTHER_DIGITS = {
    **dict.fromkeys("壹壱弌〡", "1"), **dict.fromkeys("贰貳弐弍〢", "2"), **dict.fromkeys("叁參叄参弎〣", "3"),
    **dict.fromkeys("肆〤", "4"), **dict.fromkeys("伍〥", "5"), **dict.fromkeys("陆陸〦", "6"),
    **dict.fromkeys("柒漆〧", "7"), **dict.fromkeys("捌〨", "8"), **dict.fromkeys("玖〩", "9"),
}
_OTHER = "".join(_OTHER_DIGITS)
_CJK_ALL = _PLAIN + "零" + _OTHER
_CJK_SEP = r"(?:[ \t]?[-\u30fc\u30fb.\uff0d\u2010-\u2015\u2212][ \t]?|[ \t\u3000])"
_CJK_RUN = re.compile(rf"(?<![{_CJK_ALL}])[{_CJK_ALL}]++(?:{_CJK_SEP}[{_CJK_ALL}]++)*+")
_AMOUNT_AFTER = frozenset("元圆圓整角分万萬仟佰拾亿億")
_AMOUNT_BEFORE = re.compile(r"[¥￥]|人民币|人民幣|金额|金額|大写|大寫")
_BRAILLE_DIGIT = {"⠁": "1", "⠃": "2", "⠉": "3", "⠙": "4", "⠑": "5", "⠋": "6", "⠛": "7", "⠓": "8", "⠊": "9",
                  "⠚": "0"}
_BRAILLE_MARK = {"⠼": "", "⠤": "-", "⠲": ".", "⠂": ",", "⠀": " ", " ": " "}
_BD = "".join(_BRAILLE_DIGIT)
_BRAILLE_RUN = re.compile(rf"⠼[{_BD}]++(?:(?:[⠤⠲⠂]⠼?|[⠀ ]⠼)[{_BD}]++)*+")
_DIGIT_COMMA = re.compile("[\U0001f101-\U0001f10a]")
_HINT = re.compile(f"[{_OTHER}⠼\U0001f101-\U0001f10a]")
_DEFANGED = re.compile(r"(?<![\w.\]])(?:[0-9]{1,3}(?:\.|\[\.\])){3}[0-9]{1,3}(?![\w\[]|\.[0-9])")


def digits46_hint(text: str) -> bool:
    """Whether `text` may hold what `digits46` reads: `[.]`, or a character of its tables."""
    return "[.]" in text or not text.isascii() and _HINT.search(text) is not None


def _cjk(text: str) -> Iterator[Edit]:
    for m in _CJK_RUN.finditer(text):
        run = m.group()
        count = sum(ch in _CJK_ALL for ch in run)
        if count < 7 or not any(ch in _OTHER_DIGITS for ch in run):
            continue
        if text[m.end():m.end() + 1] in _AMOUNT_AFTER and m.end() < len(text) \
                or _AMOUNT_BEFORE.search(text, max(0, m.start() - 4), m.start()) is not None:
            continue  # (a sum of money: `人民币壹万贰仟元整`, `¥壹贰叁...`)
        for i, ch in enumerate(run):
            digit = _OTHER_DIGITS.get(ch)
            if digit is not None:
                yield m.start() + i, m.start() + i + 1, _PLAIN[int(digit)]


def _braille(text: str) -> Iterator[Edit]:
    for m in _BRAILLE_RUN.finditer(text):
        at = m.start()
        while at < m.end():
            ch = text[at]
            if ch == "⠼":  # (the number sign goes with the digit after it)
                yield at, at + 2, _BRAILLE_DIGIT[text[at + 1]]
                at += 2
                continue
            new = _BRAILLE_DIGIT.get(ch)
            if new is None:
                new = _BRAILLE_MARK[ch]
            if new != ch:
                yield at, at + 1, new
            at += 1


def _octets(value: str) -> bool:
    return all(int(p) <= 255 for p in value.replace("[.]", ".").split("."))


def _defanged(text: str) -> Iterator[Edit]:
    for m in _DEFANGED.finditer(text):
        value = m.group()
        if "[.]" not in value or not _octets(value):
            continue
        at = m.start()
        while (at := text.find("[.]", at, m.end())) >= 0:
            yield at, at + 3, "."
            at += 3


def digits46(text: str) -> Iterator[Edit]:
    """Digits of other writings as digits, a `[.]`-defanged IPv4 address with its dots (see the docstring)."""
    edits: list[Edit] = []
    if "[.]" in text:
        edits += _defanged(text)
    if not text.isascii():
        if _CJK_RUN.search(text) is not None:
            edits += _cjk(text)
        if "⠼" in text:
            edits += _braille(text)
        edits += ((m.start(), m.end(), str(ord(m.group()) - 0x1F101)) for m in _DIGIT_COMMA.finditer(text))
    yield from sorted(edits)


# ------------------------------------------------------------------------------------------------ encoded46

_SEGMENT = re.compile(r"(?<=[^/]/)[A-Za-z0-9+_-]{16,}+={0,2}+(?=[/?#\s\"'`<>()\[\]{},;|]|[.:!](?!\w)|\Z)",
                      re.ASCII)
_SEGMENT_HINT = re.compile(r"/[A-Za-z0-9+_-]{16}", re.ASCII)
_KEY_VALUE = re.compile(r"=(?P<run>[A-Za-z0-9+/_-]{8,}+={0,2}+)(?![\w+/=-])", re.ASCII)  # (a literal first: fast)
_NUMBER_KEY = re.compile(r"(?i:phone|tel|telephone|mobile|cell|fax|msisdn|whatsapp|sms|ssn|card|cc|callback)"
                         r"(?i:[_-]?(?:no|num|number|nr))?\Z")  # (the key before the `=`: `phone`, `user_tel`...)
_CODE_CUES = ("fromC", "chr", "byte", "Byte", "Uint8")
_CODE = r"(?:0[xX][0-9A-Fa-f]{1,6}|[0-9]{1,7})"
_CODES = re.compile(
    r"(?:(?P<chars>fromCharCode|fromCodePoint|\bchr\b)|(?P<bytes>\bbytes\b|\bbytearray\b|\b[bB]yte[ \t]*\[[ \t]*\]"
    r"|\bUint8Array\b))[^0-9\n;]{0,40}?(?<![\w.])"
    rf"(?P<list>{_CODE}(?:[ \t\r\n]*,[ \t\r\n]*{_CODE}){{4,}})(?![\w.])")
_GROUPED = re.compile(r"(?<![\w+/=])[A-Za-z0-9+/]{4}(?: [A-Za-z0-9+/]{4}){2,}+"
                      r"(?: [A-Za-z0-9+/]{3}=| [A-Za-z0-9+/]{2}==)?(?![\w+/=])", re.ASCII)
_GROUPED_HINT = re.compile(r"[0-9][A-Za-z0-9+/]{0,3} [A-Za-z0-9+/]{3}", re.ASCII)
_CODE_ITEM = re.compile(_CODE)
_URL_SAFE = str.maketrans("-_", "+/")


def encoded46_hint(text: str) -> bool:
    """Whether `text` may hold a run `encoded46` reads (see the module's gates)."""
    return ("/" in text and _SEGMENT_HINT.search(text) is not None) or ("=" in text and next(_keyed(text), None)
                                                                         is not None) \
        or any(cue in text for cue in _CODE_CUES) or _GROUPED_HINT.search(text) is not None


def _keyed(text: str) -> Iterator[re.Match[str]]:
    """Each `=<run>` of `text` after a key that names a phone, a card or an SSN."""
    for m in _KEY_VALUE.finditer(text):
        if _NUMBER_KEY.search(text, max(0, m.start() - 24), m.start()) is not None:
            yield m


def _decode64(run: str) -> bytes | None:
    body = run.rstrip("=").translate(_URL_SAFE)
    if len(body) % 4 == 1:
        return None
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _segments(text: str) -> Iterator[Run]:
    from proxy.nlp.enc42 import _grouped, _read, _texty_edits
    from proxy.nlp.lft43 import _one_case

    for m in _SEGMENT.finditer(text):
        run = m.group()
        if ("-" in run or "_" in run) and ("+" in run) or _one_case(run) or run.rstrip("=").isdigit():
            continue  # (both alphabets, one case, a number: no base64 of text)
        raw = _decode64(run)
        if raw is None or len(raw) < 12 or not _read(raw):
            continue
        edits = _texty_edits(text, _grouped(m.start(), m.end(), raw, 4, 3))
        if edits:
            yield m.start(), m.end(), edits


def _keyed_numbers(text: str) -> Iterator[Run]:
    from proxy.nlp.enc42 import _NUMBER, _grouped
    from proxy.nlp.mime39 import byte_edits

    for m in _keyed(text):
        run = m.group("run")
        raw = _decode64(run)
        if raw is None:
            continue
        try:
            read = raw.decode("ascii")
        except UnicodeDecodeError:
            continue
        if _NUMBER.fullmatch(read) is None or sum(ch.isdigit() for ch in read) < 7:
            continue
        a, b = m.span("run")
        edits = byte_edits(text, _grouped(a, b, raw, 4, 3), "utf-8")
        if edits:
            yield a, b, edits


def _code_lists(text: str) -> Iterator[Run]:
    from proxy.nlp.enc42 import _texty_edits

    for m in _CODES.finditer(text):
        a, b = m.span("list")
        items = list(_CODE_ITEM.finditer(text, a, b))
        values = [int(x.group(), 0) if x.group()[:2].lower() == "0x" else int(x.group()) for x in items]
        if m.group("bytes") is not None:
            if any(v > 255 for v in values):
                continue
            raws = [bytes([v]) for v in values]
        else:
            if any(v < 9 or v > 0x10FFFF or 0xD800 <= v <= 0xDFFF for v in values):
                continue
            raws = [chr(v).encode() for v in values]
        pieces = [(x.start(), items[i + 1].start() if i + 1 < len(items) else x.end(), raws[i])
                  for i, x in enumerate(items)]
        edits = _texty_edits(text, pieces)
        if edits:
            yield a, b, edits


def _grouped64(text: str) -> Iterator[Run]:
    from proxy.nlp.enc42 import _grouped, _read, _texty_edits
    from proxy.nlp.lft43 import _one_case

    for m in _GROUPED.finditer(text):
        run = m.group()
        where = [k for k in range(m.start(), m.end()) if text[k] != " "]
        joined = "".join(text[k] for k in where)
        if joined.rstrip("=").isdigit() or _one_case(joined) or re.fullmatch(r"[0-9A-Fa-f=]+", joined):
            continue  # (digit groups, a key in capitals, hex words: no base64 of text)
        raw = _decode64(joined)
        if raw is None or len(raw) < 12 or not _read(raw):
            continue
        edits = _texty_edits(text, _grouped(m.start(), m.end(), raw, 4, 3, where))
        if edits and run:
            yield m.start(), m.end(), edits


_OPEN_GROUPS = re.compile(r"(?<![\w+/=])(?:[A-Za-z0-9+/]{4} )++[A-Za-z0-9+/]{0,4}\Z", re.ASCII)
_OPEN_TAIL = re.compile(r"[A-Za-z0-9+/]{4} [A-Za-z0-9+/]{0,4}\Z", re.ASCII)
_GROUP_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= ")
_OPEN_REACH = 1024


def grouped_open(text: str, cut: int) -> bool:
    """Whether a stream window may not end at `cut` of `text`: inside (or at the known end of) a run of base64 in
    4-character groups (`grouped_run_at`); the run is held until a character that is no part of it follows."""
    if cut < 5 or text[cut - 1] not in _GROUP_CHARS or cut < len(text) and text[cut] not in _GROUP_CHARS:
        return False
    return grouped_run_at(text, cut) >= 0


def grouped_run_at(text: str, pos: int) -> int:
    """Where the run of base64 in 4-character groups that reaches `pos` of `text` starts (a group at least, a digit
    among the last 24 characters, within `_OPEN_REACH` characters) whose bytes so far decode to text; -1 if none."""
    lo = max(0, pos - _OPEN_REACH)
    if pos < 5 or not any(ch.isdigit() for ch in text[max(lo, pos - 24):pos]) or \
            _OPEN_TAIL.search(text, max(lo, pos - 9), pos) is None:
        return -1
    m = _OPEN_GROUPS.search(text, lo, pos)
    if m is None or m.start() == lo > 0:
        return -1
    body = m.group().replace(" ", "")
    raw = _decode64(body[:len(body) // 4 * 4])
    from proxy.nlp.enc42 import reads_as_text

    return m.start() if raw is not None and reads_as_text(raw) else -1


def runs46(text: str) -> list[Run]:
    """(start, end, edits) of each run `encoded46` reads in `text`, in order, none overlapping."""
    return _find(text) if encoded46_hint(text) else []


def _find(text: str) -> list[Run]:
    found: list[Run] = []
    if "/" in text and _SEGMENT_HINT.search(text) is not None:
        found += _segments(text)
    if "=" in text:
        found += _keyed_numbers(text)
    if any(cue in text for cue in _CODE_CUES):
        found += _code_lists(text)
    if _GROUPED_HINT.search(text) is not None:
        found += _grouped64(text)
    out: list[Run] = []
    end = -1
    for run in sorted(found, key=lambda r: (r[0], -r[1])):
        if run[0] >= end:
            out.append(run)
            end = run[1]
    return out


def encoded46(text: str) -> Iterator[Edit]:
    """Each decoded character of a run of `runs46` in place of the characters that made it (a pass of the view)."""
    for _, _, edits in _find(text):  # (gated by `encoded46_hint`, `proxy.nlp.normalize._GATES`)
        yield from edits


# ------------------------------------------------------------------------------------------------ whole46

_URL_MARKS = frozenset("/#?&=")
_OCTAL = re.compile(r"0[0-7]*")


def _octal_ips(text: str) -> list[tuple[int, int]]:
    from proxy.nlp.misc45 import _IP_CUE, _IP_HINT

    if _IP_HINT.search(text) is None:
        return []
    out = []
    for m in _IP_CUE.finditer(text):
        parts = m.group("value").split(".")
        if len(parts) != 4 or not all(p.isdigit() for p in parts):
            continue
        if not any(len(p) > 1 and p[0] == "0" for p in parts):
            continue  # (a plain dotted quad is the analyzer's)
        if all(int(p) <= 255 for p in parts) and int(parts[0]) in (0, 127):
            continue  # (zero-padded loopback or unspecified, read in decimal: `ping 0127.0000.0000.0001`)
        if all(_OCTAL.fullmatch(p) and int(p, 8) <= 255 for p in parts):
            out.append(m.span("value"))
    return out


def whole46(text: str, found: list[Result], entities: list[str] | tuple[str, ...] | None = None) -> list[Result]:
    """`found` with each finding in a run of `encoded46` widened to the run, one that reaches into an encoded run
    across a URL's `/#?&=` starting at the run, and octal IPv4 addresses after an IP cue (see the docstring)."""
    if entities is not None and "IP_ADDRESS" in entities and ("ip" in text.lower() or "inet" in text
                                                               or "ping" in text):
        covered = [(a, b) for e, a, b, _ in found if e == "IP_ADDRESS"]
        found = found + [("IP_ADDRESS", a, b, 0.85) for a, b in _octal_ips(text)
                         if not any(x <= a and b <= y for x, y in covered)]
    if not found:
        return found
    if "[.]" in text:  # (a number read inside a defanged IPv4 address is none of its own: `172[.]16[.]254` no phone)
        quads = [m.span() for m in _DEFANGED.finditer(text) if "[.]" in m.group() and _octets(m.group())]
        found = [r for r in found if r[0] == "IP_ADDRESS" or not any(a <= r[1] and r[2] <= b for a, b in quads)]
    runs = [(a, b) for a, b, _ in runs46(text)]
    crossing = any(any(ch in _URL_MARKS for ch in text[a:b]) for _, a, b, _ in found)
    if crossing:
        from proxy.nlp.enc42 import _runs, encoded_hint

        every = runs + ([(a, b) for a, b, _ in _runs(text)] if encoded_hint(text) else [])
    else:
        every = runs
    if not every:
        return found
    out: list[Result] = []
    for entity, a, b, score in found:
        for start, _end in every:
            if a < start < b and any(ch in _URL_MARKS for ch in text[a:start]):
                a = start  # (`https://x.example/#<b64>`: the host is no part of the value)
        for start, end in runs:
            if a < end and start < b:
                a, b = min(a, start), max(b, end)
        out.append((entity, a, b, score))
    return out
