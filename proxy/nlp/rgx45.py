"""Values written as regular expressions, and string literals joined across a line break (rgx45, atk43 F18, F09).

Two passes of the normalised view (input and output alike, every reading: PII and `patterns:` rules), each behind
a cheap gate, placed before the view's string-concatenation pass (`proxy.nlp.normalize._concat`):

- **regex45** (F18): a value written as the regular expression that matches it reads as what it matches. Inside a
  regex context (a string passed to `Pattern.compile`, `RegExp`, `Regex`, `re.compile`, `grep`, `rg`, `sed`... on
  the same line, a regex literal `/.../`), or in a run with two or more regex escapes between value characters
  (`617\\D?555\\D?0143` anywhere): an escaped literal, single or double escaped (`\\.`, `\\\\.`, `\\-`, `\\\\-`,
  `\\@`) reads as the character; a class escape or class of separators between two value characters (`\\s`,
  `\\s+`, `\\\\s`, `\\D?`, `\\W+`, `[ -]?`, `[-. ]`, `-?`) as one separator (a space; between digits `\\D`/`\\W`
  and classes read `-`); a word boundary `\\b` at a value's edge as nothing; a group of alternatives glued to a
  value (`example\\.(com|org)`, `(?:com|org)`) as its first alternative. Regular expressions without a value's
  characters on both sides of the escape (`^\\d{3}-\\d{4}$`, `split(/\\s+/)`, `(\\w+)\\.(\\w+)`) stay as written;
  so do Windows paths (`C:\\Data\\Windows`: a class escape before a letter, with no quantifier and no regex
  context, is no separator).
- **joins45** (F09): string literals joined across a line break, as C, Python (inside brackets), Go, Java and JS
  code is usually wrapped (`("617-555-"` + line break + `"0143")`, `"617-555-" +` + line break + `"0143"`,
  `"617-555-"` + line break + `+ "0143"`), and an f-string's (or C#'s `$"..."`) empty or quoted field
  (`f"617-555-{''}0143"`): each joint is left out where the literals joined so hold a value across it, as the
  one-line join is (`_concat`'s values: an e-mail address, digit groups of a phone number's, an SSN's or a card's
  shape that can be that value, an IPv4 address, an IBAN). Ordinary code (`("Hello, "` + line break + `"world")`)
  stays.

`literal_open` (F09 streamed): a stream's window does not end after a literal that may go on on the next line
(`("617-555-"` + line break, then `"0143")`). `escaped_open`, `escaped_run_at` (enc44's F11 streamed): a run of
`\\xHH`/`\\uHHHH`/`\\UHHHHHHHH` escapes (6 or more) is held whole by a stream's window, up to 4,096 characters, as
a base64 or hex run is (`proxy.guard.windows`: `may_cut` and the cap's hold).

Gates (what a text without the trigger pays): regex45 runs only where the text has a backslash and a
precompiled search starting at one finds a regex escape (`_ESC_HINT`), or has a `[` before which a class of
separators sits between two value characters (`_CLASS_HINT`), or a `.(` alternation (`_ALT_HINT`); joins45 only
where a line break has a quote, an operator or a blank before it and a quote after the next line's indentation
(`_ML_HINT`, a search from the line break with one look-behind), or `{'`/`{"` is in the text and a quoted field in
braces is found (`_FIELD`). Pure functions, CPU only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["escaped_open", "escaped_run_at", "joins45", "joins45_hint", "literal_open", "regex45", "regex45_hint"]

Edit = tuple[int, int, str]

# --------------------------------------------------------------------------------------------- regex45 (F18)

_QUANT = r"(?:[?+*]|\{\d{1,2}(?:,\d{0,2})?\})?+"
# The units of a regex run (each from its first character: a backslash, a `[` or a `(`; `-`, `.` or a space before
# `?`/`*`):
_UNITS = re.compile(
    r"(?P<lit>\\{1,2}(?P<ch>[.\-@+ _/#]))"  # an escaped literal
    r"|(?P<sep>\\{1,2}(?P<cls>[sDW])" + _QUANT + ")"  # a class escape as a separator
    r"|(?P<set>\[(?P<items>(?:\\{1,2}[sDW.\-_/ ]|[ .\-_/]){1,4})\]" + _QUANT + ")"  # a class of separators
    r"|(?P<opt>[- ][?*])"  # an optional separator (`617-?555`: in a regex context only)
    r"|(?P<bound>\\{1,2}b)"  # a word boundary
    r"|(?P<alt>\((?:\?:)?(?P<first>[A-Za-z0-9]{1,24})(?:\|[A-Za-z0-9]{1,24}){1,8}\))"  # alternatives
)
_VALUE_CHAR = re.compile(r"[^\W_]|[@.\-_]")
_ESC_HINT = re.compile(r"\\\\?(?:[.\-@+_/#]|[sDW][?+*]|[sDW](?=[0-9]))|\\\\?[sDWb](?<=[^\W_]\\[sDWb])")
_CLASS_HINT = re.compile(r"\[(?<=[^\W_]\[)(?:\\{1,2}[sDW.\-_/ ]|[ .\-_/]){1,4}\]")
_ALT_HINT = re.compile(r"\.\((?:\?:)?[A-Za-z0-9]{1,24}\|")
# A regex context on the line before a run: a regex call or command, a key naming a pattern, a regex literal's
# opening slash (`= /`, `(/`, sed's `'s/`).
_CUE = re.compile(
    r"(?i)\b(?:re\.\w+|compile|regexp?|regex|mustcompile|pattern|matches|match|replaceall|replacefirst|preg_\w+"
    r"|regexp_\w+|regex_\w+|rlike|grep|egrep|fgrep|zgrep|rg|ag|ack|sed|awk|gawk|perl|select-string|test|search"
    r"|findall|finditer|fullmatch)\b|=~|-match\b|-replace\b|(?:^|[\s(=,:!&|;{\['\"])[sm]?/"
    r"|(?:pattern|regexp?|regex)[\w-]*+[\"']?[ \t]*+[:=]")  # (a key naming a pattern: `"deny_pattern": "...`)
_CUE_REACH = 160


def regex45_hint(text: str) -> bool:
    """Whether `regex45` may have anything to do in `text` (see the module's docstring). One-character `in` tests
    first (a two-character one scans a text at a tenth of their speed), then a search from that character."""
    return ("\\" in text and _ESC_HINT.search(text) is not None) \
        or ("[" in text and "]" in text and _CLASS_HINT.search(text) is not None) \
        or ("|" in text and "(" in text and _ALT_HINT.search(text) is not None)


def _cued(text: str, at: int) -> bool:
    lo = max(0, at - _CUE_REACH)
    lo = text.rfind("\n", lo, at) + 1 or lo
    return _CUE.search(text, lo, at) is not None


def _value_at(text: str, at: int) -> bool:
    return 0 <= at < len(text) and _VALUE_CHAR.match(text, at) is not None


def regex45(text: str) -> Iterator[Edit]:
    """The edits of the module's docstring (regex45), in order, without overlaps."""
    units = [m for m in _UNITS.finditer(text)]
    if not units:
        return
    # Runs: units and value characters with nothing else between.
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and all(_value_at(text, k) for k in range(units[j - 1].end(), units[j].start())):
            j += 1
        yield from _run(text, units[i:j])
        i = j


_KINDS = ("lit", "sep", "set", "opt", "bound", "alt")


def _kind(m: re.Match[str]) -> str:
    return next(k for k in _KINDS if m.group(k) is not None)


def _run(text: str, run: list[re.Match[str]]) -> Iterator[Edit]:
    """The edits of one run of units, where the run is a regex: in a regex context, or by two strong units."""
    found: list[tuple[int, int, str, bool]] = []  # (start, end, reads as, a regex context's only)
    strong = 0
    kinds = [_kind(m) for m in run]
    for k, m in enumerate(run):
        kind = kinds[k]
        a, b = m.span()
        left_unit = k > 0 and run[k - 1].end() == a
        right_unit = k + 1 < len(run) and run[k + 1].start() == b
        left_value = kinds[k - 1] in ("lit", "alt") if left_unit else _value_at(text, a - 1)
        right_value = kinds[k + 1] in ("lit", "alt") if right_unit else _value_at(text, b)
        if kind in ("lit", "alt"):
            if left_value or right_value:
                found.append((a, b, m.group("ch") if kind == "lit" else m.group("first"), False))
                strong += kind == "alt" or not m.group().startswith("\\\\")  # (`617\\-555`: a regex's by a cue)
        elif kind == "bound":
            if left_value != right_value:
                found.append((a, b, "", True))
        elif left_value and right_value:
            before, after = text[a - 1], text[b]
            digits = before.isdigit() and after.isdigit()
            if kind == "sep":
                quantified = len(m.group().lstrip("\\")) > 1
                new = " " if m.group("cls") == "s" else "-" if digits else " "
                sure = quantified or after.isdigit()
                found.append((a, b, new, not sure))  # (`C:\Data\Windows`: a path's backslash before a letter)
                strong += sure
            elif kind == "set":
                items = m.group("items").replace("\\\\", "\\")
                new = " " if " " in items or "\\s" in items else "-" if digits or "-" in items else items[-1]
                found.append((a, b, new, False))
                strong += 1
            else:
                found.append((a, b, m.group()[0], True))
    if not any(new for _, _, new, _ in found):
        return
    cued = _cued(text, found[0][0]) if strong < 2 or any(only for *_, only in found) else False
    if strong < 2 and not cued:
        return
    yield from ((a, b, new) for a, b, new, only in found if cued or not only)


# --------------------------------------------------------------------------------------------- joins45 (F09)

_Q = "\"'`"
_OP = r"(?:\+|\|\||&|\.)"
# A literal's closing quote, an operator or none, a line break and the next line's indentation, an operator or none
# (one operator at most: at the line's end or at the next line's start), a Python string prefix, the opening quote.
_ML_JOINT = re.compile(
    rf"[{_Q}](?:[ \t]*+{_OP})?[ \t]*+\r?\n[ \t]*+(?:(?<=[ \t\n]){_OP}[ \t]*+)?(?:[rRbBfFuU]{{1,2}})?[{_Q}]")
# An f-string's (C#'s `$"..."`) field holding a quoted expression (`{''}`, `{"0143"}`); not JS's `${...}` (`_concat`).
_FIELD = re.compile(r"\{(?<!\$\{)(?<!\{\{)[ \t]*+(['\"])([^'\"\n{}]{0,256}+)\1[ \t]*+\}(?!\})")
_INTERPOLATED = re.compile(r"""(?:(?<![\w])[fF][rR]?|(?<![\w])[rR][fF]|\$@?|@\$)["']""")
_REACH = 256


# `_ML_JOINT`'s line break after what may end a literal's line (a quote, an operator, a blank, a `\r`: one look-behind),
# then the next line's opening quote: a search from the line break (a literal: the engine scans for it), where
# `_ML_JOINT`, from a quote, is tried at each of the many quotes of code; `joins45` reads exactly.
_ML_HINT = re.compile(rf"\n(?<=[{_Q}+|&.\r \t]\n)[ \t]*+(?:{_OP}[ \t]*+)?(?:[rRbBfFuU]{{1,2}})?[{_Q}]")
_FIELD_STARTS = ("{'", '{"', "{ '", '{ "')


def joins45_hint(text: str) -> bool:
    """Whether `joins45` may have anything to do in `text` (see the module's docstring)."""
    return ("\n" in text and _ML_HINT.search(text) is not None) \
        or ("{" in text and "}" in text and any(start in text for start in _FIELD_STARTS)
            and _FIELD.search(text) is not None)


def _line_start(text: str, at: int) -> int:
    lo = max(0, at - _REACH)
    return text.rfind("\n", lo, at) + 1 or lo


def _mine(text: str) -> list[Edit]:
    out: list[Edit] = []
    if "\n" in text:
        for m in _ML_JOINT.finditer(text):
            a, b = m.span()
            if a > 0 and "0" <= text[a - 1] <= "9" and "0" <= text[b:b + 1] <= "9" and text[b:b + 1]:
                continue  # `"617"` + line break + `"555"`: groups each quoted, the separator fold's (`_spread`)
            out.append((a, b, ""))
    if "{" in text:
        for m in _FIELD.finditer(text):
            if _INTERPOLATED.search(text, _line_start(text, m.start()), m.start()) is not None:
                out.append((m.start(), m.end(), m.group(2)))
    return out


def joins45(text: str) -> Iterator[Edit]:
    """The edits of the module's docstring (joins45), in order, without overlaps."""
    mine = _mine(text)
    if not mine:
        return
    from proxy.nlp.normalize import _concat_joints, joint_runs, joints_in_values

    own = set(mine)
    joints: list[Edit] = []
    for joint in sorted(own | set(_concat_joints(text))):
        if not joints or joint[0] >= joints[-1][1]:
            joints.append(joint)
    for run in joint_runs(text, joints, _REACH):
        if own.intersection(run):
            lo = _line_start(text, run[0][0])
            yield from (joint for joint in joints_in_values(text, run, lo, _REACH) if joint in own)


# What may follow a string literal's closing quote at the end of what a stream has sent: a literal the view reads
# joined to it, on the next line.
_NEXT_LINE = re.compile(rf"[ \t]*+(?:{_OP}[ \t]*+)?(?:[rRbBfFuU]{{1,2}})?(?:[{_Q}]|\Z)")
_SAME_LINE = re.compile(r"[ \t]*+(?:\r?\n|\r?\Z)")
_VALUE_PART = re.compile(r"[0-9@.]")


def _blanks_back(text: str, i: int) -> int:
    lo = max(0, i - _REACH)
    while i > lo and text[i - 1] in " \t":
        i -= 1
    return i


def _open_tail(text: str, cut: int) -> tuple[int, bool] | None:
    """The closing quote `text[:cut]` ends with (an operator or none, its line break and the next line's indentation
    or not yet after it), and whether the line break is there; None if it ends otherwise. A walk back over a few
    characters (`may_cut` asks at each cut it tries)."""
    i = _blanks_back(text, cut)
    broken = i > 0 and text[i - 1] == "\n"
    if broken:
        i -= 1 + (i > 1 and text[i - 2] == "\r")
        i = _blanks_back(text, i)
    if i >= 2 and text[i - 2:i] == "||":
        i = _blanks_back(text, i - 2)
    elif i > 0 and text[i - 1] in "+&.":
        i = _blanks_back(text, i - 1)
    return (i - 1, broken) if i > 0 and text[i - 1] in _Q else None


def literal_open(text: str, cut: int) -> bool:
    """Whether a stream's window ending at `cut` of `text` would end after a string literal that closes a line (or
    its line break, or the next line's indentation), holding a digit, an `@` or a dot, the next line not known yet
    or going on with a literal: the view may read them joined (`("617-555-"` + line break, then `"0143")`)."""
    if not 0 < cut <= len(text) or text[cut - 1] not in _Q + "\n \t+|&.":
        return False
    tail = _open_tail(text, cut)
    if tail is None:
        return False
    close, broken = tail
    start = text.rfind(text[close], max(0, close - _REACH), close)
    if start < 0 or "\n" in text[start:close] or _VALUE_PART.search(text, start + 1, close) is None:
        return False
    right = text[cut:cut + 48]
    if not broken:  # the line break not known yet, or next
        nl = _SAME_LINE.match(right)
        if nl is None:
            return False
        if nl.end() == len(right) and not right.endswith("\n"):
            return True
        right = right[nl.end():]
    return _NEXT_LINE.match(right) is not None


# ------------------------------------------------------------------------------- escaped runs streamed (enc44 F11)

# A sentence written wholly in `\xHH`, `\uHHHH` or `\UHHHHHHHH` escapes (enc44 F11: `\x43\x6f\x6e...`) has no
# whitespace in it as sent: a stream's window at its cap cut it inside a value's escapes (`bob.jones@corp-` went out
# in one window, the rest in the next), where the whole answer decodes and redacts it. A run of `_ESC_MIN` escapes
# or more is held whole, as a base64 or hex run is (`proxy.nlp.enc42.b64_run_at`), up to `_ESC_HOLD` characters
# (longer, the cap cuts it).
_ESC_UNIT = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_ESC_PREFIX = re.compile(r"\\(?:x[0-9A-Fa-f]{0,1}|u[0-9A-Fa-f]{0,3}|U[0-9A-Fa-f]{0,7})?\Z")
_ESC_MIN = 6
_ESC_HOLD = 4096


def escaped_run_at(text: str, pos: int) -> int:
    """Where the run of escapes that reaches `pos` of `text` (ends at it, goes on past it, or `pos` is inside one
    of its escapes) starts: `_ESC_MIN` escapes at least within `_ESC_HOLD` characters; -1 if none (or longer)."""
    if not 0 < pos <= len(text):
        return -1
    k = text.rfind("\\", max(0, pos - 10), pos)
    if k < 0:
        return -1
    m = _ESC_UNIT.match(text, k)
    if (m is None or m.end() < pos) and (pos != len(text) or _ESC_PREFIX.match(text, k) is None):
        return -1  # (not in an escape, nor in one still arriving at the end of what is known)
    start, count = k, 1
    while pos - start <= _ESC_HOLD:
        for size in (4, 6, 10):
            if start >= size and text[start - size] == "\\" and _ESC_UNIT.fullmatch(text, start - size, start):
                start -= size
                count += 1
                break
        else:
            break
    if pos - start > _ESC_HOLD:
        return -1  # (longer than held: the cap cuts it)
    end = m.end() if m is not None and m.end() >= pos else pos
    while count < _ESC_MIN and (nxt := _ESC_UNIT.match(text, end)) is not None:
        end, count = nxt.end(), count + 1
    return start if count >= _ESC_MIN else -1


def escaped_open(text: str, cut: int) -> bool:
    """Whether a stream's window may not end at `cut` of `text`: inside a run of escapes (`escaped_run_at`) that goes
    on past the cut or ends where the text known so far ends."""
    k = text.rfind("\\", max(0, cut - 10), cut) if cut > 0 else -1
    if k < 0:
        return False
    m = _ESC_UNIT.match(text, k)
    if m is not None and m.end() == cut < len(text) and text[cut] != "\\":
        return False  # (the run ended at the cut: read whole)
    return escaped_run_at(text, cut) >= 0
