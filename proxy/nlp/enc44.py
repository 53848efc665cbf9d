"""Values split by a line continuation, a CDATA section or a C1 control, and escaped sentences (enc44, atk43 F06,
F07, F11, F19, F22).

`joins44`, a pass of the normalised view (input and output alike, every reading: PII and `patterns:` rules), reads
what the language or format reads:

- **line continuations** (F06): a backslash before a line break (JS, Python, C, POSIX shell, TOML and YAML
  double-quoted strings, Dockerfile, Makefile, INI: `"617-555-\\` + line break + `0143"`) is removed with the line
  break and the next line's indentation; so is cmd.exe's `^` at a line's end. VB's ` _` and PowerShell's
  `` ` `` after a space at a line's end read as one space (`"617-555-" & _` + line break + `"0143"` is the one-line
  join the view reads already). A doubled backslash (`\\\\`: LaTeX's line break, an escaped backslash) and a
  Markdown fence's backticks are no continuation.
- **CDATA** (F07, the pass `cdata44`, in the PII readings and the second readings only: the first reading of
  `patterns:` rules keeps markup as written): `<![CDATA[` and `]]>` around a section's text are removed
  (`617-<![CDATA[555]]>-0143` is `617-555-0143` to every XML parser).
- **C1 controls** (F22, U+0080-U+009F): removed as the other invisible characters are, but U+0085 (NEL), a line
  break to Unicode, Python's `splitlines` and XML 1.1, which reads as one (`\\n`: a name's words either side stay two
  words; a value split by it is read by the view's line joins as any other), and U+009B (CSI), which the terminal
  pass reads as the start of an escape sequence.

Each is gated by a cheap test (`joins44_hint`: a substring, or for C1 a non-ASCII text and a character-class search):
texts without a trigger pay a few `in` tests.

`cdata_decoded`: the rules read a text with CDATA sections so too.

`escaped_kept` (F11, F19): the rules (`proxy.nlp.fields24.through_escapes`) read a text with its escaped letters
decoded; escaped spaces, digits and ASCII punctuation are decoded there too now, so a value the view finds in a
sentence written wholly in `\\xHH`/`\\uHHHH` escapes, or a name whose parts an escaped no-break or thin space
separates (`Theodore\\u00a0Hargreaves`), is not dropped by a rule reading `\\x20\\x36...` as written.
Pure functions, CPU only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

__all__ = ["cdata44", "cdata_decoded", "continued_open", "escaped_kept", "joins44", "joins44_hint"]

Edit = tuple[int, int, str]

# A backslash (not doubled) or cmd's caret at a line's end, the line break and the next line's indentation.
_CONTINUATION = re.compile(r"(?<!\\)(?:\\|(?<!\^)\^)\r?\n[ \t]*")
# VB's ` _` and PowerShell's `` ` `` after a space or tab at a line's end: one space.
_SPACED_CONTINUATION = re.compile(r"[ \t](?:_|`)\r?\n[ \t]*")
_C1 = re.compile("[\x80-\x9a\x9c-\x9f]")
_C1_ANY = re.compile("[\x80-\x9f]")


def joins44_hint(text: str) -> bool:
    """Whether `joins44` may have anything to do in `text` (substring tests; a class search for non-ASCII text)."""
    return ("\\\n" in text or "\\\r\n" in text or "^\n" in text or "^\r\n" in text or " _\n" in text
            or "`\n" in text or " _\r\n" in text or "`\r\n" in text or "\t_\n" in text
            or (not text.isascii() and _C1_ANY.search(text) is not None))


def joins44(text: str) -> Iterator[Edit]:
    """The edits of the module's docstring, in order, without overlaps."""
    edits: list[Edit] = []
    if "\\\n" in text or "\\\r\n" in text or "^\n" in text or "^\r\n" in text:
        edits += ((m.start(), m.end(), "") for m in _CONTINUATION.finditer(text))
    if "_\n" in text or "`\n" in text or "_\r\n" in text or "`\r\n" in text:
        edits += ((m.start(), m.end(), " ") for m in _SPACED_CONTINUATION.finditer(text))
    if not text.isascii() and _C1_ANY.search(text) is not None:
        edits += ((m.start(), m.end(), "\u200b") for m in _C1.finditer(text))
    if len(edits) < 2:
        yield from edits
        return
    edits.sort()
    pos = 0
    for a, b, new in edits:
        if a >= pos:
            yield a, b, new
            pos = b


# A continuation at the end of what a stream has sent so far: its line break and the next line's indentation may
# follow (`set PHONE=617-555-^` | `\n0143`, `"617-555-" & _\n` | `"0143"`).
_OPEN_CONTINUATION = re.compile(r"(?:(?<!\\)\\|\^|[ \t][_`])\r?\n?[ \t]*\Z")


def continued_open(text: str, cut: int) -> bool:
    """Whether a stream's window ending at `cut` of `text` would end in a line continuation or just after one (the
    next line, which the view reads joined to this one, not known yet or only its indentation known)."""
    if not 0 < cut <= len(text) or text[cut - 1] not in "\\^_`\r\n \t":
        return False
    return _OPEN_CONTINUATION.search(text[max(0, cut - 40):cut]) is not None


def cdata44(text: str) -> Iterator[Edit]:
    """The CDATA markers removed: a pass of the PII readings and of the second (uncommented) readings; the first
    reading of `patterns:` rules keeps markup as written, as it keeps tags."""
    yield from _cdata(text)


def _cdata(text: str) -> list[Edit]:
    """The removals of each CDATA section's `<![CDATA[` and `]]>`."""
    edits: list[Edit] = []
    at = text.find("<![CDATA[")
    while at >= 0:
        end = text.find("]]>", at + 9)
        if end < 0:
            break
        edits += ((at, at + 9, ""), (end, end + 3, ""))
        at = text.find("<![CDATA[", end + 3)
    return edits


def cdata_decoded(text: str) -> tuple[str, list[int]] | None:
    """`text` without its CDATA markers, as the rules read it (`proxy.nlp.fields24.through_escapes`: a name the view
    finds across `]]> <![CDATA[` is one name to them, `CDATA` no word of the text), and per character the offset in
    `text` where it starts; None without a section."""
    from proxy.nlp.fields24 import applied

    edits = _cdata(text) if "<![CDATA[" in text else []
    return applied(text, edits) if edits else None


def escaped_kept(ch: str) -> bool:
    """Whether an escape of `ch` is decoded for the rules besides letters: a space separator (`\\u00a0`, `\\u2009`),
    a digit or printable ASCII punctuation (not the backslash, nor a quote: a string's edges stay where written)."""
    if ch.isascii():
        return ch.isdigit() or ch == " " or (ch.isprintable() and not ch.isalnum() and ch not in "\\\"'")
    return unicodedata.category(ch) == "Zs"
