"""Streamed answers' spelling runs and speaker labels read whole (strm40, issue 12).

- `as_in_open` (stream windows, `proxy.guard.windows.may_cut`): a window never ends inside a spelling alphabet's run
  (`S as in Sierra. M as in Mike. I as in India.`: `proxy.nlp.spell28` reads the run whole, apart by commas, periods
  or line breaks): after `X as in Word` (or `X for Word`) and its separator, while what follows is not known yet or
  is (the start of) the run's next `Y as in`. The hold's cap still bounds what is held.
- `speaker_open` (stream windows, `may_cut`): a window that opens with a speaker label alone on its line (`Tendai:`)
  does not end before the next label line (within the hold's cap), so the two are read together.
- `speaker_line` (`proxy.guard.strm33.after_lines`' gate): a window that opens with a transcript's speaker label
  (`Amara:` alone on its line or before the line's text, `<Amara>`) after released lines that hold another one is
  read after those lines, as a whole answer reads the labels together (`proxy.nlp.acct39`).

Pure functions, CPU only; a cut with no `as in`/`for` before it pays one substring test.
"""

from __future__ import annotations

import re

__all__ = ["as_in_open", "speaker_line", "speaker_open"]

# An item begun before a cut, its word not yet: `M as`, `M as in `, `M for `.
_INSIDE = re.compile(r"(?i)(?<![\w'])[a-z][ \t]+(?:as|as[ \t]+in|for)[ \t]*\Z")
# An item's end before a cut (`M as in Mike`), its separator (`, `, `. `, a line break, `and `), and the next item's
# letter if any (`M as in Mike. I `).
_ITEM_END = re.compile(r"(?i)(?<![\w'])[a-z][ \t]+(?:as[ \t]+in|for)[ \t]+[a-z]+"
                       r"(?P<sep>[ \t]*[,;.]?[ \t]*(?:\r?\n[ \t]*)?(?:(?:and|then)[ \t]+)?)(?P<next>[a-z][ \t]*)?\Z")
# The next item after a cut (its separator first): `I as in`, `and I as in`.
_NEXT_ITEM = re.compile(r"(?i)[ \t,;.\r\n]*(?:(?:and|then)[ \t]+)?[a-z][ \t]+(?:as[ \t]+in|for)(?![\w'])")
_FOLD = re.compile(r"[ \t]+")
_LETTER_END = re.compile(r"(?<![\w'’])[A-Za-z][ \t]+\Z")  # a single letter, then a blank: an item may begin


def _begins(rest: str, whole: tuple[str, ...]) -> bool:
    """Whether `rest` (folded, lower case) is one of `whole` or the start of one, or starts with one."""
    return any(w.startswith(rest) or rest.startswith(w) for w in whole)


def as_in_open(text: str, cut: int) -> bool:
    """Whether a window ending at `cut` of `text` would cut a spelling alphabet's run: inside an item (`M as in `),
    or after an item (`M as in Mike. `, `M as in Mike. I `) while what follows is not known, or is, or may still
    become, the rest of the next item (`I as in`)."""
    left = text[max(0, cut - 48):cut]
    if _LETTER_END.search(left) is not None:  # (`S ` then `as in Sierra`, or nothing known yet)
        rest = _FOLD.sub(" ", text[cut:cut + 8]).lower().lstrip(" ")
        return not rest or _begins(rest, ("as in ", "for "))
    low = left.lower()
    if " as" not in low and " for" not in low:
        return False
    if _INSIDE.search(left) is not None:
        return True
    m = _ITEM_END.search(left)
    if m is None or (m.group("next") and not m.group("sep")):
        return False
    rest = _FOLD.sub(" ", text[cut:cut + 24]).lower()
    if m.group("next"):  # (`I ` then `as in India`)
        rest = rest.lstrip(" ") if m.group("next")[-1:] in " \t" else rest
        return not rest or _begins(rest, ("as in ", "for ")) or (rest[:1] == " " and _begins(rest[1:], ("as", "for")))
    if _NEXT_ITEM.match(text, cut, cut + 24) is not None:
        return True
    rest = rest.lstrip(" ,;.\r\n")
    if rest.startswith(("and ", "then ")):
        rest = rest.split(" ", 1)[1]
    elif rest and _begins(rest, ("and ", "then ")):
        return True
    return not rest or (len(rest) < 8 and _begins(rest, (f"{rest[0]} as in ", f"{rest[0]} for ")))


# A transcript's speaker label opening a line: `Name:` alone on its line or before its text, `<Name>`.
_LABEL_LINE = re.compile(r"[ \t]*(?:<[@+%~&]?[A-Z][A-Za-z'’-]{1,20}>[ \t]|[A-Z][a-z'’-]{1,20}:(?:[ \t]|\r?\n|\Z))")
_RELEASED_LABEL = re.compile(r"(?m)^[ \t]*(?:<[@+%~&]?[A-Z][A-Za-z'’-]{1,20}>[ \t]|[A-Z][a-z'’-]{1,20}:(?:[ \t]|\r?$))")


# A window's first line that is a speaker label alone (`Tendai:`), and such lines after it.
_FIRST_LABEL = re.compile(r"[ \t]*([A-Z][a-z'’-]{1,20}):[ \t]*\r?\n")
_LONE_LABEL = re.compile(r"(?m)^[ \t]*([A-Z][a-z'’-]{1,20}):[ \t]*\r?$")


def speaker_open(text: str, cut: int) -> bool:
    """Whether a window that opens with a speaker label alone on its line (`Tendai:`, then its turn) may not end at
    `cut`: no other label line stands before it yet, so the label would be read alone (`proxy.nlp.acct39` reads a
    label beside another one). Held to the next label, within the hold's cap; a heading (`Summary:`, `Ubuntu:`: one
    of the commonest words, a tool's name, a role) is not held."""
    if not text[:1].isupper() and text[:1] not in " \t":
        return False
    m = _FIRST_LABEL.match(text)
    if m is None or cut < m.end():
        return False
    from proxy.nlp.acct39 import _ROLES, _tech
    from proxy.nlp.names import name_lists

    label = m.group(1)
    if label.lower() in _ROLES or _tech(label) or name_lists().is_very_common(label):
        return False
    return all(x.group(1) == label for x in _LONE_LABEL.finditer(text, m.end(), cut))


def speaker_line(released: str, text: str) -> bool:
    """Whether a window (`text`) opens with a speaker label and the lines released before it (`released`) hold
    another label at a line's start: the window is read after them (`proxy.guard.strm33._gated`)."""
    m = _LABEL_LINE.match(text)
    if m is None or not released.endswith("\n"):
        return False
    label = m.group().strip(" \t\r\n<>:@+%~&")
    return any(x.group().strip(" \t\r\n<>:@+%~&") != label for x in _RELEASED_LABEL.finditer(released))
