"""Escapes that hid a value from the analysis (esc39, atk38 F02, F03, F17, F18).

- A name spelled in HTML numeric character references (`&#1044;&#1084;...`, `&#x414;...`: ASCII-safe HTML, Word's
  "save as HTML", `xmlcharrefreplace`) was decoded by the view and found there, then cut apart by the rules that read
  the text as written (`proxy.nlp.pii._names_within_words` cuts a name at a `;`) and dropped (`_not_plain` read the
  hex digits as lower-case words). Those rules read the references of letters decoded now (`char_refs`, through
  `proxy.nlp.fields24.decoded_letters`), as they read `\\u00e9`.
- A percent-encoded run that is not UTF-8 (an older site's query string: Shift_JIS `%93n%95%D3%97T%8Eq`, GBK,
  EUC-KR, windows-1251 `%C4%EC%E8...`) reads as the text it encodes (`legacy_percent`) where one of those charsets
  makes of it letters of ONE script (kana and Han, Han, Hangul, Cyrillic), and spaces: random bytes
  (`%A7%1F%E2`, a token or a hash) make none of these.
- LaTeX ties (`~`, the non-breaking space) between a title, a given name and a surname or between a phone number's
  groups (`Dr.~Eugenia~Whitaker`, `(503)~472~9180`, `+44~7911~482913`) and LaTeX's spaces `\\,` and `\\ ` between
  them read as a space (`latex_ties`, a pass of the view) in a text with a LaTeX command (`\\author`, `\\cventry`,
  `\\\\`...) or a tie glued to a phone number's groups: `Fig.~3`, `Section~2.1` read `Fig. 3`, as LaTeX renders
  them, which is no value. A run of ties is no run of `~` (`~~strike~~`), a home path (`~/x`) nor a tilde before a
  version (`~1.2`).

Pure functions, CPU only; each scan gated by a substring test.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

__all__ = ["char_refs", "latex_ties", "percent_letters", "tie_open"]

# --------------------------------------------------------------------------- character references

_REF = re.compile(r"&#(?:0*([0-9]{1,7})|[xX]0*([0-9A-Fa-f]{1,6}));")


def char_refs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, character) of each numeric character reference of `text` with its `;` (`&#1044;`, `&#x6E21;`):
    the rules that read a text as written read the letters so (`proxy.nlp.fields24`)."""
    out = []
    for m in _REF.finditer(text):
        code = int(m.group(1)) if m.group(1) is not None else int(m.group(2), 16)
        if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            out.append((m.start(), m.end(), chr(code)))
    return out


# --------------------------------------------------------------------------- percent-encoded letters

# A run of `%XX` escapes, with the ASCII letters a legacy charset's second byte leaves unescaped (Shift_JIS `%93n`,
# GBK `%B2T`: `quote` writes a byte that is a letter as the letter), and a letter after the run's last escape.
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})++(?:[A-Za-z_~](?:%[0-9A-Fa-f]{2})++)*+[A-Za-z_~]?")
_TOKEN = re.compile(r"%([0-9A-Fa-f]{2})|(.)", re.S)
_CYRILLIC_WORD = r"[А-ЩЭЮЯЁ][а-яё]+(?:-[А-ЩЭЮЯЁ][а-яё]+)?"
_CYRILLIC_NAME = re.compile(rf"(?=.{{4}}){_CYRILLIC_WORD}(?: {_CYRILLIC_WORD}){{0,3}}")
_KANA_HAN = "\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u4e00-\u9fff"  # (full-width kana only)
_JAPANESE = re.compile(f"[{_KANA_HAN}]{{2,8}}(?:[ \u3000][{_KANA_HAN}]{{1,6}})?")
_HANGUL = re.compile(r"[\uac00-\ud7a3]{2,5}(?: [\uac00-\ud7a3]{1,4})?")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,6}(?: [\u4e00-\u9fff]{1,4})?")
# Older sites' charsets, each with the shape of what it must make: a name's words in one script, and for the CJK ones
# a listed name part (a common surname first: `proxy.nlp.scripts22`), as Shift_JIS and GBK read most pairs of high
# bytes as some Han character. Random bytes (a token, a hash, a binary body) make none of these; a run that two of
# them read so is read by the one that makes a listed name part, else by the first.
_LEGACY = (("cp1251", _CYRILLIC_NAME), ("cp932", _JAPANESE), ("cp949", _HANGUL), ("gbk", _HAN))


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or o == 0x3005:
        return "cjk"
    if 0xAC00 <= o <= 0xD7A3:
        return "hangul"
    return unicodedata.name(ch, "?").split(" ")[0]


def _utf8_letters(decoded: str) -> bool:
    """Whether `decoded` is letters (marks, inner spaces) of one script, one word or a name's few."""
    words = decoded.split(" ")
    if not 1 <= len(words) <= 4 or not all(words) or not all(w.isalpha() for w in words):
        return False
    return len({_script(ch) for ch in decoded if ch != " "}) == 1


def _decoded(raw: bytes) -> tuple[str, str] | None:
    """(charset, text) of `raw`, UTF-8 or else a legacy charset whose text has a name's shape (`_LEGACY`)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return ("utf-8", text) if _utf8_letters(text) else None
    if raw.isascii():
        return None
    from proxy.nlp.scripts22 import _known_part

    found: list[tuple[str, str]] = []
    for charset, shape in _LEGACY:
        try:
            text = raw.decode(charset)
        except UnicodeDecodeError:
            continue
        if shape.fullmatch(text) and (charset == "cp1251" or _known_part(text)):
            found.append((charset, text))
    return next((f for f in found if _known_part(f[1])), found[0]) if found else None


def percent_letters(text: str, legacy_only: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, character) of each character a run of percent-escapes of `text` spells, where the run spells
    letters of one script (a name's words, `%20` between them): UTF-8 (`%E6%B8%A1%E8%BE%BA`), or a legacy charset
    (`_LEGACY`: Shift_JIS `%93n%95%D3`, GBK, EUC-KR, windows-1251 `%C4%EC%E8`). A character's span covers the escapes
    (and unescaped bytes) that make it; a letter written as itself is no edit. `legacy_only`: only runs that are not
    UTF-8 (the view decodes those already: `proxy.nlp.normalize`)."""
    if "%" not in text:
        return []
    out: list[tuple[int, int, str]] = []
    for m in _PERCENT_RUN.finditer(text):
        run = m.group()
        tokens = [(t.start(), t.end(), int(t.group(1), 16) if t.group(1) else ord(t.group(2)))
                  for t in _TOKEN.finditer(run)]
        got = _decoded(bytes(b for _, _, b in tokens))
        if got is None and tokens[-1][1] - tokens[-1][0] == 1:
            tokens = tokens[:-1]  # (a letter glued after the run: `%E6%B8%A1x`)
            got = _decoded(bytes(b for _, _, b in tokens)) if tokens else None
        if got is None or legacy_only and got[0] == "utf-8":
            continue
        charset, decoded = got
        k = 0
        for ch in decoded:
            n = len(ch.encode(charset))
            a, b = tokens[k][0], tokens[k + n - 1][1]
            if any(tokens[j][1] - tokens[j][0] == 3 for j in range(k, k + n)):
                out.append((m.start() + a, m.start() + b, ch))
            k += n
    return out


# --------------------------------------------------------------------------- LaTeX ties

# A LaTeX command with an argument (`\author{`, `\cventry{`, `\textbf[`), a line break `\\` before a space, `\and`.
_LATEX = re.compile(r"\\[A-Za-z]{2,}\*?[{\[]|\\\\\s|\\and\b")
# A tie or a LaTeX space (`\,`, `\ `) between a word (a title's dot, a bracket) and the next.
_TIE = re.compile(r"(?<=[^\W_]|[.)])(?:~|\\[, ])(?=[^\W_]|[(+])")
# A phone number's groups tied after its `+` country code or bracketed area code (`+44~7911~482913`,
# `(503)~472~9180`), anywhere (`2024~2025~2026` is no number).
_TIED_GROUPS = re.compile(r"(?<![\w~\\])(?:\+[0-9]{1,3}|\([0-9]{2,5}\))(?:(?:~|\\,)[0-9]{2,8}){2,5}"
                          r"(?![\w~])")


def latex_ties(text: str) -> Iterator[tuple[int, int, str]]:
    """Each tie (`~`) and LaTeX space (`\\,`, `\\ `) between two words of a LaTeX text, and each between a phone
    number's groups of any text, as a space (the module's docstring)."""
    if "~" not in text and "\\," not in text and "\\ " not in text:
        return
    if "\\" in text and _LATEX.search(text) is not None:
        for m in _TIE.finditer(text):
            yield m.start(), m.end(), " "
        return
    if "~" not in text and "\\," not in text:
        return
    for m in _TIED_GROUPS.finditer(text):
        if sum(ch.isdigit() for ch in m.group()) >= 9:
            for t in re.finditer(r"~|\\,", m.group()):
                yield m.start() + t.start(), m.start() + t.end(), " "


def tie_open(text: str, cut: int) -> bool:
    """Whether a streamed window may not end at `cut` of `text`: right after a backslash (`503\\` then `,472`), right
    before or after a tie glued to a word, a title's dot or a bracket (`+44~7911` then `~482913`, `Dr.~` then
    `Eugenia`), or right after a LaTeX space (`503\\,` then `472`): the view reads the tie with both sides."""
    if not 0 < cut <= len(text):
        return False
    prev, nxt, before = text[cut - 1], text[cut:cut + 1], text[cut - 2:cut - 1]
    if prev == "\\":
        return True
    if prev == "~":
        return before.isalnum() or before in (".", ")")
    if nxt == "~":
        return prev.isalnum() or prev in ".)"
    return prev in ", " and before == "\\"
