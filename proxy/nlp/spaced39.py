"""Letter-spaced text read with its words joined (spaced39, atk38 F04).

`pdftotext` and copy-paste from a PDF with letter-spacing (tracked headings, form captions) write one character per
"word", a single space between a word's letters and two or more between its words:

    N A M E :   E U G E N I A   W H I T A K E R
    E M A I L :  e u g e n i a . w h i t a k e r @ c o m c a s t . n e t
    Employee: E u g e n i a  W h i t a k e r, badge 4471

No recognizer reads a value so written, nor the NER model a name. `spaced_words` reads each such run as its words
(`NAME: EUGENIA WHITAKER`, `EMAIL: eugenia.whitaker@comcast.net`, `PHONE: 503-472-9180`): a run of four single
characters or more (letters, digits, an address's or a number's punctuation; no CJK: a spaced Japanese name is
jath38's) on one line, each kept apart by spaces or tabs; a single space joins, a wider gap (or one after a `:`)
separates words. A word joins where it has two letters or more and no more digits than letters (`ATGCCG`, `0f3a`,
`a+b` read so are no value), a number's word (`5 0 3 - 4 7 2 - 9 1 8 0`) only after a word of letters in the same
run (its label: `P H O N E :`); a run with fewer than three letters (`1 2 3 4 5`, a table of single digits, Morse)
is left to `proxy.nlp.normalize`'s label readers (`ssn: 0 7 8 0 5 1 1 2 0`).

- `with_spaced39` (PII analysis, `proxy.nlp.pii`): a text with such runs is read a second time with them joined (every
  reader: the NER model, the recognizers, the label and capitals readers: `NAME: EUGENIA WHITAKER` is a name after a
  person's label), and what that reading finds over a joined run is mapped back over the spaced characters (one
  placeholder for `E U G E N I A   W H I T A K E R`). What it finds elsewhere the first reading has read already.
- `spaced_open` (stream windows, `proxy.guard.windows.may_cut`): a window never ends inside such a run while it may go
  on (`e u g e n i a .` | ` w h i t a k e r @ ...`: the sentence end there is the address's dot).

Pure functions, CPU only; a text without four single characters in a row pays one regex scan.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator

from proxy.nlp.normalize import _SINGLES_LABEL, replaced  # (a phone's, an SSN's or a card's label word)

__all__ = ["spaced_hint", "spaced_open", "spaced_words", "with_spaced39"]

Result = tuple[str, int, int, float]

# One character of a spaced word: a letter or a digit, or punctuation of an address or a number.
_CHAR = r"(?:[^\W_]|[.@+\-:()/&'#_])"
# A gap between two of them: spaces or tabs, a no-break or thin space (`_SPACES`).
_SPACES = " \t\u00a0\u2009\u202f"
_GAP = rf"[{_SPACES}]"
# What may come right before a run's first character (`"J o h n`, `<td>J o h n`) and after its last (`W h i t a k e
# r,`, `J o h n"`, `J o h n</td>`).
_OPEN = "\"'\u201c\u2018[{>"
_CLOSE = r"[,;:!?.)\]}\"'\u201d\u2019<]"
_RUN = re.compile(rf"(?<![^\s{_OPEN}]){_CHAR}(?:{_GAP}+{_CHAR}(?=\s))*{_GAP}+{_CHAR}(?=\s|\Z|{_CLOSE})")
# The cheap test: two single letters or digits, one or two spaces between them (from a class of spaces: a fast
# scan); the runs are looked for on the lines it finds them in only.
_FAST = re.compile(r"[ \u00a0\u2009\u202f][^\W_][ \u00a0\u2009\u202f]{1,2}[^\W_][ \u00a0\u2009\u202f]")
_MIN_CHARS = 4
_MIN_LETTERS = 2
_MIN_DIGITS = 7  # (a value's digits, after its label)
_CJK = 0x2E80  # letters from here on (CJK, kana, Hangul) are no spaced Latin word


def spaced_hint(text: str) -> bool:
    """Whether `text` may hold a letter-spaced run (`spaced_words`' cheap test)."""
    return _FAST.search(text) is not None


def _inner(gaps: list[str]) -> int:
    """The length of the gap inside a run's words: one space, or (`N  A  M  E    E U G`: pdftotext's wider tracking)
    the shortest of two lengths or more, two at most; 0 where no gap is one (`a  b  c  d`: words)."""
    sizes = [len(g) for g in gaps if "\t" not in g]
    if 1 in sizes:
        return 1
    low = min(sizes, default=0)
    return low if low == 2 and any(n > low for n in sizes) else 0


def _words(run: str, label: bool = False) -> list[tuple[list[int], bool]]:
    """The words of one run: each word's characters (offsets in `run`), and whether it is read joined."""
    tokens = [i for i, ch in enumerate(run) if not ch.isspace()]
    gaps = [run[a + 1:b] for a, b in zip(tokens, tokens[1:], strict=False)]
    inner = _inner(gaps)
    parts: list[list[int]] = [[tokens[0]]]
    for (a, b), gap in zip(zip(tokens, tokens[1:], strict=False), gaps, strict=True):
        if inner and len(gap) == inner and "\t" not in gap and run[a] != ":":
            parts[-1].append(b)
        else:
            parts.append([b])
    out: list[tuple[list[int], bool]] = []
    for part in parts:
        chars = [run[i] for i in part]
        letters = sum(ch.isalpha() for ch in chars)
        digits = sum(ch.isdigit() for ch in chars)
        join = len(part) >= 2 and ((letters >= 2 and letters >= digits) or (label and digits >= 2))
        label = label or letters >= 2
        out.append((part, join))
    return out


def _upper(word: str) -> bool:
    """Whether a spaced word is written in capitals (three letters or more): read in title case (`EUGENIA` as
    `Eugenia`), as the NER model reads names (it takes `AMERICA` in `UNITED STATES OF AMERICA` for a person's); not
    a nucleotide sequence (`ATGC`: `Atgc` reads as a name)."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters) and not set(letters) <= _BASES


_BASES = frozenset("ACGTUN")  # a DNA or RNA sequence's letters (`A T G C  G G C A`): no word, left in capitals


_ONE = re.compile(_CHAR)
_GAP_MAX = 8  # (the widest gap walked back over)


def _first(text: str, at: int) -> int:
    """The first character of the run of single characters that the one at `at` is in (walked back, one character
    and its gap at a time)."""
    while True:
        q = at - 1
        while q >= 0 and text[q] in _SPACES and at - q <= _GAP_MAX:
            q -= 1
        if q < 0 or q == at - 1 or text[q] in _SPACES or not _ONE.match(text, q) \
                or (q and not (text[q - 1].isspace() or text[q - 1] in _OPEN)):
            return at
        at = q


def _runs(text: str) -> Iterator[re.Match[str]]:
    """`_RUN`'s matches, each looked for from two single characters `_FAST` finds (four in a row always have two
    with a space on both sides), back to the run's first."""
    pos = 0
    while (hit := _FAST.search(text, pos)) is not None:
        m = _RUN.match(text, _first(text, hit.start() + 1))
        if m is None:
            pos = hit.start() + 2
            continue
        yield m
        pos = max(m.end(), hit.start() + 2)


def spaced_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Edits (start, end, replacement) that read each letter-spaced run of `text` as its words: the single spaces
    inside a word removed, each wider gap between its words read as one space."""
    for m in _runs(text):
        run = m.group()
        if any(ord(ch) >= _CJK for ch in run):
            continue
        chars = [ch for ch in run if not ch.isspace()]
        if len(chars) < _MIN_CHARS:
            continue
        label = False
        if sum(ch.isalpha() for ch in chars) < _MIN_LETTERS:
            # digits alone: only after a phone's, an SSN's or a card's label (`Cell:  ( 5 0 3 )   4 7 2 - 9 1 8 0`)
            if sum(ch.isdigit() for ch in chars) < _MIN_DIGITS \
                    or _SINGLES_LABEL.search(text, max(0, m.start() - 40), m.start()) is None:
                continue
            label = True
        words = _words(run, label)
        if not any(join for _, join in words):
            continue
        base = m.start()
        for k, (part, join) in enumerate(words):
            if join:
                upper = _upper("".join(run[i] for i in part))
                for n, i in enumerate(part):
                    if n:
                        yield base + part[n - 1] + 1, base + i, ""
                    if upper and n and run[i].isalpha() and run[part[n - 1]].isalpha() and len(run[i].lower()) == 1:
                        yield base + i, base + i + 1, run[i].lower()
            if k + 1 < len(words):
                a, b = part[-1] + 1, words[k + 1][0][0]
                if run[a:b] != " " and "\t" not in run[a:b]:
                    yield base + a, base + b, " "


_INSIDE = threading.local()  # (the second reading reads no third)


def with_spaced39(chunk: str, found: list[Result], analyze: Callable[[str], list[Result]]) -> list[Result]:
    """`found` and what `analyze` (the analysis of one text) finds over the letter-spaced runs of `chunk` read as
    their words (`spaced_words`), mapped back to `chunk`'s offsets."""
    if getattr(_INSIDE, "on", False):
        return found
    edits = list(spaced_words(chunk))
    if not edits:
        return found
    view = replaced(chunk, iter(edits))
    _INSIDE.on = True
    try:
        second = analyze(view.text)
    finally:
        _INSIDE.on = False
    joined = [(a, b) for a, b, new in edits if new == ""]
    out = list(found)
    seen = set(found)
    for entity, start, end, score in second:
        a, b = view.span(start, end)
        if view.text[start:end] == chunk[a:b]:
            continue  # read as written: the first reading's
        if not any(a < y and x < b for x, y in joined):
            continue
        r = (entity, a, b, score)
        if r not in seen:
            seen.add(r)
            out.append(r)
    return out


# A window's text that ends inside a run that may go on: two single characters, spaces or tabs between them (and
# after the last), what follows not known yet or a single character again.
_OPEN_LEFT = re.compile(rf"(?<!\S){_CHAR}[ \t]+{_CHAR}[ \t]*\Z")
_OPEN_RIGHT = re.compile(rf"[ \t]*(?:\Z|{_CHAR}(?:\s|\Z))")


def spaced_open(text: str, cut: int) -> bool:
    """Whether a stream window may not end at `cut` of `text`: inside a letter-spaced run (`spaced_words`) that what
    follows (as far as known) may go on."""
    left = text[max(0, cut - 8):cut]
    if _OPEN_LEFT.search(left) is None:
        return False
    return _OPEN_RIGHT.match(text, cut, cut + 4) is not None
