"""Encoded text that hid a value from the analysis (enc40, issue 12): hex-encoded text and LaTeX markup.

- Hex-encoded text (`hex_text`, a pass of the view): a run of 16 or more hex pairs, written as one run
  (`4a616e652e446f65406578616d706c652e636f6d`, `0x4a61...`) or as spelled bytes (`0x4a 0x61 ...`, `4a 61 6e ...`,
  `0x4a, 0x61, ...`, `4a:61:...`, xxd's `4a61 6e65 ...`), reads as the text it encodes where its bytes are UTF-8 of
  printable text with letters (three at least, most characters letters, digits, spaces or common punctuation): each
  decoded character maps back to the pairs (and the separators before them) that made it, so a finding redacts
  exactly the encoded value. Hashes, UUIDs, commit ids, keys and dumps of binary decode to no such text (random bytes
  are no UTF-8 of printable text: 16 of them are with a chance under 1 in 10^6) and read as written.

- LaTeX markup read as it renders (`latex_text`, a pass of the view before the escapes are decoded) in a text that
  is LaTeX or BibTeX (`\\documentclass`, `\\begin{`, `\\section{`, `@article{`, a known command with its `{`:
  `\\author{`, `\\textbf{`..., a known command without one: `\\newline`, `\\noindent`, or a BibTeX `author = {`
  with an accent's command): a person's command (`\\author{`, `\\name{`, `\\signature{`, moderncv's
  `\\name{Given}{Surname}`, `\\firstname{`, `\\familyname{`) reads as a `Name:` label before its argument; a text
  style's command (`\\textbf{`, `\\emph{`, `\\textsc{`...) as its argument of two words or more (one word, as
  `\\textsc{Bert}` names a model, keeps its command's name glued: `textsc{Bert}`); an accent's command as the accented
  letter (`\\"o`, `{\\"o}`, `\\'{e}`, `\\v{s}`, `\\c c`, `\\ss`, `\\o`, `\\l`: BibTeX's `M{\\"u}ller`,
  `Dvo\\v{r}\\'ak`); and any other command a C escape would start (`\\newline`, `\\noindent`, `\\textwidth`,
  `\\vspace`, `\\renewcommand`) as a space: `\\n`, `\\t`, `\\v`, `\\'` of LaTeX are no C escapes.

- Quoted-printable text that no header declares, in a legacy charset (`legacy_qp`: a mail body pasted without its
  headers): Shift_JIS where the lines with escapes read as Japanese (kana among what they make: `=93n=95=D3=97T=8Eq
  =97l` is `渡辺裕子様`, the ASCII second bytes of a pair read with it), else ISO-8859-1 (as windows-1252) escapes of
  letters glued inside a word (`J=FCrgen M=FCller`, `Stra=DFe`: a letter before, a lower-case letter or another such
  escape after; two at least, or one beside a soft line break). A hex colour (`bg=C0C0C0`) or `a=FF` reads as written.

Pure functions, CPU only; each scan gated by a cheap test.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from proxy.nlp.enc41 import jis_runs, raw_jis
from proxy.nlp.perf47 import HEX_SPELL_CHARS, HEX_SPELL_RUN, run_of

__all__ = ["HEX_HOLD", "decoded_text", "hex_hint", "hex_open", "hex_run_at", "hex_tail", "hex_texty", "hex_text",
           "latex", "latex_text", "legacy_qp"]

Edit = tuple[int, int, str]

# ------------------------------------------------------------------------------------------- hex-encoded text

_MIN_PAIRS = 16
# One run of pairs (an optional `0x` before it), or pairs (or xxd's groups of two) each with an optional `0x`, parted
# by one separator (a space, a comma and a space, a colon).
_HEX_RUN = re.compile(r"(?<![\w\\])(?:0[xX])?((?:[0-9A-Fa-f]{2}){16,})(?![\w])")
_HEX_SPELLED = re.compile(r"(?<![\w\\:.-])(?:(?:0[xX])?[0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2})?(?:,[ \t]?|[ \t:]))"
                          r"{7,}(?:0[xX])?[0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2})?(?![\w:])")
_SPELLED_GROUP = re.compile(r"(?:0[xX])?([0-9A-Fa-f]{2,4})")
_HINT = re.compile(r"[0-9A-Fa-f]{32}|(?:(?:[0-9A-Fa-f]{2}){1,2}(?:,[ \t]?|[ \t:])(?:0[xX])?){7}")
_TEXTY = re.compile(r"[\w \t\r\n.,;:!?@'\"()\[\]{}<>/&%+*#=_~$-]")


def hex_hint(text: str) -> bool:
    """Whether `text` may hold hex-encoded text (`hex_text`): 32 hex digits in a row, or 8 spelled pairs."""
    return run_of(text, HEX_SPELL_CHARS, HEX_SPELL_RUN) and _HINT.search(text) is not None  # (perf47: fails fast)


def _texty(decoded: str) -> bool:
    """Whether `decoded` reads as text: three letters at least, and nine of ten characters letters, digits, spaces or
    common punctuation."""
    letters = sum(ch.isalpha() for ch in decoded)
    return letters >= 3 and 10 * sum(_TEXTY.match(ch) is not None for ch in decoded) >= 9 * len(decoded)


def _decoded(text: str, pieces: list[tuple[int, int, bytes]]) -> list[Edit] | None:
    from proxy.nlp.mime39 import byte_edits

    if sum(len(raw) for _, _, raw in pieces) < _MIN_PAIRS:
        return None
    edits = byte_edits(text, pieces, "utf-8")
    if not edits or not _texty("".join(new for _, _, new in edits)):
        return None
    return edits


def hex_text(text: str) -> Iterator[Edit]:
    """Each character of a run of hex pairs that encodes text, in place of its pairs (the module's docstring)."""
    if not hex_hint(text):
        return
    done = 0
    for m in _HEX_RUN.finditer(text):
        a, b = m.span(1)
        pieces = [(k if k > a else m.start(), k + 2, bytes.fromhex(text[k:k + 2])) for k in range(a, b, 2)]
        found = _decoded(text, pieces)
        if found:
            yield from found
            done = m.end()
    for m in _HEX_SPELLED.finditer(text):
        if m.start() < done:
            continue
        groups = list(_SPELLED_GROUP.finditer(text, m.start(), m.end()))
        if len({len(g.group(1)) for g in groups}) != 1 or len(groups[0].group(1)) == 3:
            continue  # (one group size in a run: `4a 61 6e`, or xxd's `4a61 6e65`)
        pieces = []
        last = m.start()
        for g in groups:
            digits = g.group(1)
            for k in range(0, len(digits), 2):
                at = g.start(1) + k
                pieces.append((last, at + 2, bytes.fromhex(digits[k:k + 2])))
                last = at + 2
        found = _decoded(text, pieces)
        if found:
            yield from found


# A stream's window never ends inside a hex run (enc41): the text before a cut ends in 16 hex digits, or in four
# spelled pairs (or xxd's groups) and a separator or part of a next pair, and what follows (as far as known) goes on
# with the run; at the cap the run is held from its start (`hex_run_at`) until it ends, `HEX_HOLD` characters at most.
HEX_HOLD = 2048
_SEP = r"(?:,[ \t]?|[ \t:])"
_GROUP = r"(?:0[xX])?[0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2})?"
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_HEXY = _HEX_DIGITS | frozenset("xX ,:\t")
_RUN_ANY = re.compile(rf"(?:0[xX])?[0-9A-Fa-f]{{2,}}(?:{_SEP}(?:0[xX])?[0-9A-Fa-f]{{2,}})*{_SEP}?")


def hex_open(text: str, cut: int) -> bool:
    """Whether a stream window may not end at `cut` of `text`: inside a run of hex pairs (16 hex digits in a row, or
    four spelled pairs or xxd's groups, as far as 30 characters each side show) that goes on past it, or reaches the
    end of what is known."""
    if cut <= 0 or text[cut - 1] not in _HEXY or not any(ch in _HEX_DIGITS for ch in text[max(0, cut - 3):cut]):
        return False
    lo = max(0, cut - 30)
    for m in _RUN_ANY.finditer(text, lo, min(len(text), cut + 30)):
        if m.start() >= cut:
            break
        if m.end() < cut or m.end() == cut < len(text):
            continue
        if m.start() > lo and text[m.start() - 1].isalnum():
            return False
        run = m.group()
        spelled = len(re.findall(_SEP + r"+", run.rstrip(" \t,:")))
        return spelled >= 3 if spelled else len(run) - run.count("x") - run.count("X") >= 16
    return False


def hex_run_at(text: str, pos: int) -> int:
    """Where the hex run that reaches `pos` of `text` (ends at it or goes on past it) starts: 16 hex digits in a row at
    least, or four spelled pairs, within `HEX_HOLD` characters; a stream's window at its cap holds it whole until it
    ends. -1 if none (or it is longer)."""
    if not 0 < pos <= len(text) or text[pos - 1] not in _HEXY:
        return -1
    i, lo = pos, max(0, pos - HEX_HOLD - 1)
    while i > lo and text[i - 1] in _HEXY:
        i -= 1
    j, hi = pos, min(len(text), i + HEX_HOLD + 1)
    while j < hi and text[j] in _HEXY:
        j += 1
    if i == lo and lo > 0 or j - i > HEX_HOLD:
        return -1  # (longer than held: the cap cuts it)
    for m in _RUN_ANY.finditer(text, i, j):
        if m.start() < pos <= m.end():
            if m.start() > 0 and text[m.start() - 1].isalnum():
                return -1
            run = m.group()
            digits = sum(ch in "0123456789abcdefABCDEF" for ch in run.replace("0x", "").replace("0X", ""))
            spelled = len(re.findall(_SEP + r"+", run.rstrip(" \t,:")))
            return m.start() if digits >= 16 and (spelled == 0 or spelled >= 3) else -1
    return -1


def hex_texty(text: str, start: int) -> bool:
    """Whether the hex run from `start` to the end of `text` may encode text: its bytes so far decode as UTF-8 (a
    character cut at the end allowed) that reads as text, or are too few to tell. A run of bytes that are no text
    (`9f9f9f...`) is not held past the window's bound."""
    digits = "".join(ch for ch in text[start:].replace("0x", "").replace("0X", "") if ch in _HEX_DIGITS)
    raw = bytes.fromhex(digits[:len(digits) // 2 * 2])
    if len(raw) < 8:
        return True
    for cut in range(4):  # (the last character's bytes may not all be here yet)
        try:
            return _texty(raw[:len(raw) - cut].decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return False


def hex_tail(text: str) -> int:
    """`hex_run_at` the end of `text`: where a hex run `text` ends in starts (-1 if none)."""
    return hex_run_at(text, len(text))


# ------------------------------------------------------------------------------------------- LaTeX

_PEOPLE = "author|name|signature|firstname|familyname|givenname|surname|lastname"
_STYLES = "textbf|textit|emph|textsc|texttt|textrm|textsf|textup|textmd|textsl|underline|uline|mbox|hbox"
# A LaTeX or BibTeX text: a document's commands, a BibTeX entry, or a known command with its argument.
_LATEX = re.compile(r"\\(?:documentclass|begin\{|section\*?\{|subsection\*?\{|usepackage|maketitle\b)"
                    rf"|\\(?:{_PEOPLE}|{_STYLES}|title|thanks|footnote|cventry|cvitem|opening|closing|address|item"
                    r"|href|caption|chapter|paragraph|newcommand|renewcommand)\*?[{\[]|(?m:^[ \t]*@[A-Za-z]{3,20}\{)"
                    r"|\\(?:newline|noindent|newpage|hfill|vfill|medskip|bigskip|smallskip|today)(?![A-Za-z])"
                    r"|(?i:\b(?:author|editor)[ \t]*=[ \t]*[{\"][^\n]{0,200}\\[\"'`^~vcuH])")
_ARG = r"((?:[^{}\n]|\{[^{}\n]*\})*)"  # (one level of braces inside: `{Bj{\"o}rn}`)
_PERSON = re.compile(rf"\\(?:{_PEOPLE})\*?(?:\[[^\]\n]{{0,80}}\])?\{{{_ARG}\}}(?:\{{{_ARG}\}})?")
_STYLE = re.compile(rf"\\(?:{_STYLES})\{{{_ARG}\}}")
_MARKS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307",
          "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323",
          "b": "\u0331"}
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł",
            "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "dj": "đ", "DJ": "Đ", "ng": "ŋ",
            "NG": "Ŋ"}
_BASE = r"(?:\{(\\[ij]|[A-Za-z])\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"
_ACCENT = re.compile(rf"(\{{)?(?:\\([\"'`^~=.])[ \t]?{_BASE}|\\([uvHckrdb])(?:\{{(\\[ij]|[A-Za-z])\}}|[ \t]+([A-Za-z]))"
                     rf"|\\({'|'.join(sorted(_LETTERS, key=len, reverse=True))})(?![A-Za-z])(?:\{{\}}|[ \t](?=[a-z]))?)"
                     r"(?(1)\})")
# A command that a C escape would start (`\n`, `\r`, `\t`, `\f`, `\v`, `\x`, `\u`, `\U`, `\N`).
_ESCAPE_LIKE = re.compile(r"\\[nrtfvxuUN][A-Za-z]*\*?")


def latex(text: str) -> bool:
    """Whether `text` is LaTeX or BibTeX (the module's docstring)."""
    return "\\" in text and _LATEX.search(text) is not None


def _accent(m: re.Match[str]) -> str:
    (_, mark, base1, base2, letter_mark, base3, base4, letter) = m.groups()
    if letter is not None:
        return _LETTERS[letter]
    base = base1 or base2 or base3 or base4
    base = "i" if base == "\\i" else "j" if base == "\\j" else base
    return unicodedata.normalize("NFC", base + _MARKS[mark or letter_mark])


def latex_text(text: str) -> Iterator[Edit]:
    """LaTeX markup as it renders, in a LaTeX or BibTeX text (the module's docstring)."""
    if not latex(text):
        return
    edits: list[Edit] = []
    for m in _PERSON.finditer(text):
        edits.append((m.start(), m.start(1), "Name: "))
        if m.group(2) is not None:
            edits.append((m.end(1), m.start(2), " "))
            edits.append((m.end(2), m.end(), "\n"))
        else:
            edits.append((m.end(1), m.end(), "\n"))
    for m in _STYLE.finditer(text):
        if " " in m.group(1).strip():
            edits += [(m.start(), m.start(1), ""), (m.end(1), m.end(), "")]
        else:  # (one word, a model's or a term's name in small capitals more often than a name: `\textsc{Bert}`)
            edits.append((m.start(), m.start() + 1, ""))
    heads = {a for a, _, _ in edits}
    for m in _ACCENT.finditer(text):
        if m.start() not in heads:
            edits.append((m.start(), m.end(), _accent(m)))
    taken = sorted(edits)
    for m in _ESCAPE_LIKE.finditer(text):
        if not any(a <= m.start() < b for a, b, _ in taken):
            edits.append((m.start(), m.end(), " "))
    done = 0
    for a, b, new in sorted(edits):
        if a >= done:
            yield a, b, new
            done = b


def decoded_text(text: str) -> tuple[str, list[int]] | None:
    """`text` with its hex-encoded text and its LaTeX accents' commands (`M{\\"u}ller`) read decoded, and per
    character the offset in `text` where it starts, as `proxy.nlp.fields24.decoded_letters` gives it (the rules read
    a name there as the model does); None where there is none."""
    edits: list[Edit] = []
    if hex_hint(text):
        edits += hex_text(text)
    if latex(text):
        edits += [(m.start(), m.end(), _accent(m)) for m in _ACCENT.finditer(text)]
    if "\x1b$" in text:  # (nm42: a raw ISO-2022-JP run no header declares)
        edits += raw_jis(text)
    if not edits:
        return None
    from proxy.nlp.fields24 import applied

    return applied(text, sorted(edits))


# ------------------------------------------------------------------------------------------- legacy quoted-printable

_HIGH = re.compile(r"=[89A-F][0-9A-F]")
_LATIN_ESCAPE = re.compile(r"(?<=[A-Za-z])=([C-F][0-9A-F])(?=[a-z]|=[C-F][0-9A-F])|(?<==[C-F][0-9A-F])=([C-F][0-9A-F])"
                           r"(?=[a-z])")
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa\u30fc\uff66-\uff9d]")
_JAPANESE = re.compile("[\u3000-\u303f\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff\uff01-\uff9f]")


def legacy_qp(text: str) -> list[Edit]:
    """Edits that read quoted-printable escapes of a legacy charset no header declares (the module's docstring)."""
    if "=" not in text or not text.isascii():
        return []
    from proxy.nlp.mime39 import q_body, word_spans

    words = word_spans(text)  # (an encoded word is read whole, in its own charset)
    if ("=1B$" in text or "=1b$" in text) and (jis := jis_runs(text, words)):
        return jis  # (ISO-2022-JP's JIS runs, a body's window streamed without its header: enc41)
    high = [m for m in _HIGH.finditer(text) if not any(a <= m.start() < b for a, b in words)]
    if len(high) < 2:
        return []

    lo = text.rfind("\n", 0, high[0].start()) + 1
    hi = text.find("\n", high[-1].end())
    hi = len(text) if hi < 0 else hi
    if len(high) >= 4 and not words and q_body(text, lo, hi, "utf-8", underscore=False) is None \
            and (found := q_body(text, lo, hi, "cp932", underscore=False)):
        new = "".join(n for _, _, n in found).replace(" ", "")
        if len(_KANA.findall(new)) >= 2 and all(_JAPANESE.match(ch) or ch.isascii() for ch in new):
            return found
    out = []
    for m in _LATIN_ESCAPE.finditer(text):
        if any(a <= m.start() < b for a, b in words):
            continue
        ch = bytes.fromhex(m.group(1) or m.group(2)).decode("cp1252")
        if ch.isalpha():
            out.append((m.start(), m.end(), ch))
    soft = "=\n" in text or "=\r\n" in text
    return out if len(out) >= 2 or out and soft else []
