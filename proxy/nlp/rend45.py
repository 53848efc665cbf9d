"""What a terminal or a renderer other than a browser shows, where the text spells otherwise (rend45, atk43 F13, F14).

Both are passes of the second reading only (`proxy.nlp.normalize.uncommented`, `pattern_readings`, the toxicity
checks' shown text): the first reading keeps the text as a model reads it.

- **terminal cursor movement** (`terminal45`, before `normalize._terminal`): a line with a backspace, a bare carriage
  return or an escape sequence that moves the cursor along the line is read as a terminal displays it, later
  characters overwriting earlier ones: `project xxxxxx\\x1b[6Dfalcon`, six backspaces, `\\x1b7xxxxxx\\x1b8falcon`
  (save and restore the cursor, also CSI `s`/`u`), `\\r` back to the line's start, CSI `C` (forward), `G` (column),
  `K` (erase in line), `X` (erase characters), `P` (delete characters). A sequence that leaves the line (`\\x1b[1A`,
  `\\x1b[H`, `\\x1b[2J`) leaves that line as written, and so does one where nothing written is overwritten or
  erased (cursor moves over blank cells: layout, `617\\x1b[K555`). The line is aligned with what is displayed
  (`difflib`): the controls and what they overwrite are edits, the rest maps one for one. Gate: an ESC, a
  backspace or a carriage return not before a line feed.
- **renderer syntaxes** (`rendered45`, after the Unicode pass): Mermaid's entity codes (`#64;`, `#quot;`: in a
  ```` ```mermaid ```` block, a text that starts as a diagram, or glued to a word or a value on both sides:
  `fal#99;on`, `617#45;555`), Jira's `{color:red}..{color}` and `{{..}}` glued to a word, AsciiDoc's attribute
  references for characters (`{empty}`, `{zwsp}`, `{nbsp}`, `{plus}`...), PlantUML's `<U+0040>`, Streamlit's
  `:red[..]` (colours, `-background`, `-badge`), Python `rich` markup in pairs (`[red]fal[/red]con`,
  `[bold]1111[/]`: an opening tag closed by `[/]` or `[/name]` within `_RICH_REACH` characters) and highlight,
  insert, superscript and subscript marks glued on both sides inside a word (two letters either side:
  `fal==c==on`, `fal++c++on`; not `a==b==c`) or a value's last group (`617-555-01^4^3`; not `2^10^3`).
  `rendered45_hint` is its cheap gate (substring tests, then one precompiled search).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.normalize import View

Edit = tuple[int, int, str]
Result = tuple[str, int, int, float]

__all__ = ["joined_names", "joined_only", "rendered45", "rendered45_any", "rendered45_hint", "terminal45",
           "terminal45_hint"]

# ---------------------------------------------------------------------------------------------------- terminal
_LINE_MAX = 2000  # a longer line is read as written (a terminal line is short; the alignment is quadratic at worst)
_MOVE_MAX = 512  # a cursor move farther than this is capped (`\x1b[99999C` pads no more)
_BARE_CR = re.compile(r"\r(?!\n)")
_CONTROL = re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])|\x9b([0-?]*)[ -/]*([@-~])|\x1b([78])"
                      r"|\x1b[\]PX^_][^\x07\x1b\n]{0,400}(?:\x07|\x1b\\)|\x1b[ -/]{1,2}[0-~]|\x1b[@-Z\\-~]|[\b\r]")
_LINE_CONTROL = re.compile(r"[\x1b\x9b\b]|\r(?!\n)")


def terminal45_hint(text: str) -> bool:
    """Whether `text` may hold what `terminal45` reads: an ESC, a CSI, a backspace or a bare carriage return."""
    return "\x1b" in text or "\b" in text or "\x9b" in text or "\r" in text and _BARE_CR.search(text) is not None


def _number(param: str, default: int = 1) -> int:
    first = param.split(";", 1)[0]
    if not first.isdigit():
        return default
    return min(int(first), _MOVE_MAX) or default


def _blank(cells: list[str]) -> bool:
    return all(c == " " for c in cells)


def _display(line: str) -> str | None:
    """What a terminal shows of one line (no line feed in it); None where a control leaves the line, or where nothing
    written is overwritten or erased (cursor moves over blank cells, an erasure at the line's end: layout, as
    `normalize._terminal` leaves them: `617\x1b[K555` shows `617555`, no decoy hidden)."""
    cells: list[str] = []
    cur = saved = 0
    hid = False

    def write(chars: str) -> None:
        nonlocal cur, hid
        for ch in chars:
            if cur < len(cells):
                hid = hid or cells[cur] not in (" ", ch)
                cells[cur] = ch
            else:
                cells.extend(" " * (cur - len(cells)))
                cells.append(ch)
            cur += 1

    pos = 0
    for m in _CONTROL.finditer(line):
        write(line[pos:m.start()])
        pos = m.end()
        token = m.group()
        if token == "\b":
            cur = max(0, cur - 1)
        elif token == "\r":
            cur = 0
        elif m.group(5) is not None:
            if m.group(5) == "7":
                saved = cur
            else:
                cur = saved
        elif m.group(2) is not None or m.group(4) is not None:
            param = m.group(1) if m.group(1) is not None else m.group(3)
            final = m.group(2) or m.group(4)
            if final == "m":
                continue
            if final == "D":
                cur = max(0, cur - _number(param))
            elif final == "C":
                cur += _number(param)
            elif final in "G`":
                cur = _number(param) - 1
            elif final in "KXP":
                n = _number(param, 0) if final == "K" else _number(param)
                lo, hi = ((cur, len(cells)) if n == 0 else (0, cur + 1) if n == 1 else (0, len(cells))) \
                    if final == "K" else (cur, cur + n)
                hid = hid or not _blank(cells[lo:hi])
                if final == "P":
                    del cells[lo:hi]
                elif final == "K" and n == 0:
                    del cells[lo:]
                else:
                    cells[lo:hi] = " " * len(cells[lo:hi])
            elif final == "s":
                saved = cur
            elif final == "u":
                cur = saved
            else:
                return None  # (leaves the line, or scrolls, erases the screen: laid out elsewhere)
        # (other sequences: OSC, a character set's designation... display nothing)
    write(line[pos:])
    return "".join(cells) if hid else None


def terminal45(text: str) -> Iterator[Edit]:
    """Each line with cursor movement as a terminal displays it (the module's docstring)."""
    if not terminal45_hint(text):
        return
    start = 0
    for end in [m.start() for m in re.finditer(r"\r?\n", text)] + [len(text)]:
        line = text[start:end]
        if end - start <= _LINE_MAX and _LINE_CONTROL.search(line) is not None:
            shown = _display(line)
            if shown is not None and shown != line:
                for op, a, b, c, d in SequenceMatcher(None, line, shown, autojunk=False).get_opcodes():
                    if op != "equal":
                        yield start + a, start + b, shown[c:d]
        start = end + (2 if text.startswith("\r\n", end) else 1)


# ---------------------------------------------------------------------------------------------------- renderers
_GLUE = r"[\w@.+-]"
_MERMAID_BLOCK = re.compile(r"(?m)^[ \t]*(`{3,}|~{3,})[ \t]*mermaid\b[^\n]*\n(?s:.*?)(?:^[ \t]*\1|\Z)")
_MERMAID_START = re.compile(r"\s*(?:%%[^\n]*\n\s*)*(?:graph|flowchart|sequenceDiagram|classDiagram|stateDiagram"
                            r"|erDiagram|journey|gantt|pie|mindmap|timeline|quadrantChart|gitGraph|requirementDiagram"
                            r"|C4Context|sankey-beta|xychart-beta|block-beta)\b")
_MERMAID_CODE = re.compile(r"(?<!&)#(?:(\d{1,7})|([a-zA-Z]{2,8}));")
_NAMED = {"quot": '"', "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": " ", "commat": "@", "period": ".",
          "hyphen": "-", "dash": "-", "num": "#", "semi": ";", "colon": ":", "comma": ",", "lpar": "(", "rpar": ")"}
# Each syntax's pattern starts with a literal character (`{`, `<`, `:`, a mark): a scan for it is fast.
_BRACES = re.compile(
    r"\{(?:color(?::[^{}\n]{0,32})?\}"  # Jira colour
    r"|\{([^{}\s]{1,64})\}\}"  # Jira monospace (glued to a word: `_others`)
    r"|(empty|blank|zwsp|nbsp|sp|space|plus|amp|lt|gt|startsb|endsb|vbar|caret|tilde|backslash|backtick"
    r"|two-colons|two-semicolons|quot|apos|deg|at)\})")  # AsciiDoc character attributes
_PLANTUML = re.compile(r"<U\+([0-9A-Fa-f]{4,6})>")
_STREAMLIT = re.compile(r":(?:red|orange|yellow|green|blue|violet|gray|grey|rainbow|primary)(?:-background|-badge)?"
                        r"\[([^\[\]\n]{1,200})\]")
_MARKS = re.compile(r"(==|\+\+|\^|~)([^\s=+^~]{1,64}?)\1")  # glued on both sides (`_mark_joint`)
_GLUED = re.compile(_GLUE)
_ASCIIDOC = {"empty": "", "blank": "", "zwsp": "", "nbsp": " ", "sp": " ", "space": " ", "plus": "+", "amp": "&",
             "lt": "<", "gt": ">", "startsb": "[", "endsb": "]", "vbar": "|", "caret": "^", "tilde": "~",
             "backslash": "\\", "backtick": "`", "two-colons": "::", "two-semicolons": ";;", "quot": '"',
             "apos": "'", "deg": "\u00b0", "at": "@"}
# Python `rich` console markup: `[style]` (a lower-case word, `#`, `@`, then anything but brackets) and `[/style]` or
# `[/]`; read away in pairs only.
_RICH_REACH = 400
_RICH = re.compile(r"(?<!\\)\[(/?)([a-z#@][^\[\]\n]{0,64})?\]")
_MERMAID_HINT = re.compile(r"#(?:\d{1,7}|[a-zA-Z]{2,8});")
_BRACE_HINT = re.compile(r"\{(?:color|\{|[a-z-]{2,14}\})")


def rendered45_hint(text: str) -> bool:
    """Whether `text` may hold what `rendered45` reads: per syntax, a substring test, then a search that starts with a
    literal character."""
    return ("#" in text and ";" in text and _MERMAID_HINT.search(text) is not None
            or "{" in text and _BRACE_HINT.search(text) is not None
            or "<" in text and "<U+" in text
            or "[" in text and ("[/" in text or ":" in text and _STREAMLIT.search(text) is not None)
            or ("=" in text or "+" in text or "^" in text or "~" in text) and _MARKS.search(text) is not None)


def _code_point(value: int) -> str:
    ch = chr(value) if 32 <= value < 0x110000 else ""
    return ch if ch.isprintable() else ""


def _mermaid(text: str) -> Iterator[Edit]:
    if "#" not in text or ";" not in text:
        return
    whole = _MERMAID_START.match(text) is not None
    blocks = [] if whole else [m.span() for m in _MERMAID_BLOCK.finditer(text)] if "mermaid" in text else []
    for m in _MERMAID_CODE.finditer(text):
        a, b = m.span()
        inside = whole or any(x <= a and b <= y for x, y in blocks)
        if not inside and not (re.match(_GLUE, text[a - 1:a]) and re.match(_GLUE, text[b:b + 1])):
            continue
        if m.group(1) is not None:
            yield a, b, _code_point(int(m.group(1)))
        elif m.group(2) in _NAMED:
            yield a, b, _NAMED[m.group(2)]


# A mark pair glued on both sides joins a word's pieces (two letters at least before and after: `fal==c==on`; not
# `a==b==c`, `x^y^z`, code) or a value's last group (`617-555-01^4^3`: two separators before; not `2^10^3`, `1++2++3`).
_LEFT_WORD = re.compile(r"[^\W\d_]{2}\Z")
_LEFT_VALUE = re.compile(r"\d+[-. ]\d+[-. ]\d*\Z")


def _mark_joint(text: str, a: int, b: int, inner: str) -> bool:
    left, right = text[max(0, a - 24):a], text[b:b + 2]
    if inner.isdigit():
        return _LEFT_VALUE.search(left) is not None and right[:1].isdigit()
    return _LEFT_WORD.search(left) is not None and len(right) == 2 and right.isalpha() and inner.isalpha()


def _others(text: str) -> Iterator[Edit]:
    if "{" in text:
        for m in _BRACES.finditer(text):
            a, b = m.span()
            if m.group(1) is not None:
                if _GLUED.match(text[a - 1:a]) or _GLUED.match(text[b:b + 1]):
                    yield a, b, m.group(1)
            elif m.group(2) is not None:
                yield a, b, _ASCIIDOC[m.group(2)]
            else:
                yield a, b, ""
    if "<" in text and "<U+" in text:
        for m in _PLANTUML.finditer(text):
            yield m.start(), m.end(), _code_point(int(m.group(1), 16))
    if "[" in text and ":" in text:
        for m in _STREAMLIT.finditer(text):
            yield m.start(), m.end(), m.group(1)
    if "=" in text or "+" in text or "^" in text or "~" in text:
        for m in _MARKS.finditer(text):
            if _mark_joint(text, m.start(), m.end(), m.group(2)):
                yield m.start(), m.end(), m.group(2)


def _rich(text: str) -> Iterator[Edit]:
    if "[/" not in text:
        return
    opened: list[re.Match[str]] = []
    for m in _RICH.finditer(text):
        if not m.group(1):
            if m.group(2):
                opened.append(m)
            continue
        name = (m.group(2) or "").strip()
        for k in range(len(opened) - 1, -1, -1):
            o = opened[k]
            if (not name or o.group(2).strip() == name) and m.start() - o.end() <= _RICH_REACH:
                del opened[k]
                yield o.start(), o.end(), ""
                yield m.start(), m.end(), ""
                break


def rendered45(text: str) -> Iterator[Edit]:
    """Renderer syntaxes as they render (the module's docstring): the edits of each syntax, in order, without
    overlaps (the first found of two that overlap)."""
    if not rendered45_hint(text):
        return
    edits = sorted([*_mermaid(text), *_others(text), *_rich(text)])
    end = 0
    for a, b, new in edits:
        if a >= end:
            yield a, b, new
            end = b


def rendered45_any(text: str) -> bool:
    """Whether the second reading has anything of this module's to read in `text` (each behind its cheap test)."""
    return (terminal45_hint(text) and next(terminal45(text), None) is not None
            or rendered45_hint(text) and next(rendered45(text), None) is not None)


# ---------------------------------------------------------------------------------------------------- names
# A name split by markup the second or third reading lays out (`The<rp>x</rp>odore`, `Ros<!-- -->alind`,
# `$\text{Theodore}\enspace\text{Hargreaves}$`, html44's known limit): those readings ran the pattern recognizers
# only. `joined_names` gives the capitalised words such a reading has that the first reading lacks, and the pairs of
# capitalised words it shows apart by a space where the text as written has no whitespace between them; where there
# is one, `proxy.nlp.pii` reads the names of that reading too, and keeps only those over such a word (`joined_only`).
_WORD = re.compile(r"[^\W\d_]{2,}")
_NAMES_MAX = 20000  # (a longer reading: names read in the first reading only)


def _capital(word: str) -> bool:
    return word[0].isupper() and len(word) >= 3 and not word.isupper()


def joined_names(first: str, reading: View) -> list[tuple[int, int]]:
    """Spans of `reading`'s text: capitalised words `first` (the first reading's text) lacks, and pairs of capitalised
    words, one space apart, that the text as written has with no whitespace between them."""
    text = reading.text
    if len(text) > _NAMES_MAX or not any(c.isupper() for c in text):
        return []
    words = set(_WORD.findall(first))
    out: list[tuple[int, int]] = []
    prev: re.Match[str] | None = None
    for m in _WORD.finditer(text):
        word = m.group()
        if _capital(word):
            if word not in words:
                out.append(m.span())
            elif prev is not None and _capital(prev.group()) and text[prev.end():m.start()] == " ":
                a, b = reading.span(prev.start(), prev.end())[1], reading.span(m.start(), m.end())[0]
                between = reading.original[a:b]
                if between and not any(c.isspace() for c in between):
                    out.append((prev.start(), m.end()))
        prev = m
    return out


def joined_only(found: list[Result], joined: list[tuple[int, int]], ner: Iterable[str]) -> list[Result]:
    """`found` without the names (`ner`'s entities) that hold none of `joined`'s spans."""
    if not joined:
        return found
    names = set(ner)
    return [r for r in found if r[0] not in names or any(r[1] < b and a < r[2] for a, b in joined)]
