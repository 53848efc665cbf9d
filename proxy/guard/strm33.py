"""A stream's window read after the last lines its field released, for names (strm33, issue 12).

A whole answer reads a multi-line record's names with the record around them: a QIF record's `P` line with its
`!Type:`, `D` and `T` lines (`proxy.nlp.bank33`), an MT940 `:86:` field spread over lines, a vCard's `N:` and `FN:`
lines after `BEGIN:VCARD`, a tax form's value line under its label line (`proxy.nlp.form33`), a `Surname, Given`
line after its label line (`Patient:`, `proxy.nlp.comma33`). A stream's windows end at each line (and at the hold
cap), so each line went out read alone and the names in it raw (output `pii` with `PERSON`).

Where the policy screens `PERSON` on output, a window that may hold a name (a capital, then a letter) and that starts
a line after released lines that end no sentence (a record's or a form's lines, a label, a form's label cells apart
by three spaces or a tab: not prose, whose lines end at a sentence's end, nor after a blank line, nor a Markdown
list's next item), or that goes on a
line the hold's cap cut where that line ends no sentence (a `:86:` field, a CAMT entry, a form's row on one line),
is read again after the last `KEEP_LINES` lines (`KEEP_CHARS` characters at most) its field released
(`_Channel.released33`, `keep`): its `PERSON` findings wholly inside the window stand for the window's own ones
(what lies in the released lines was counted when it went out; see `after_lines`). Nothing more is held back (the
lines read before are released text); the extra reading runs only on such windows. A window does not end after a
record line's capitalised word either (`name_open`: `?32Mireille ` then `Dubreuil`), within the hold's bound.
A vCard's lines are not read so: whether its `N:` names a person or a firm (`X-ABShowAs:COMPANY`, an `FN:` the NER
reads) is told by its lines after; a window does not end between a card's `N:` line with a given name and its `FN:`
line, either first (`card_open`), read together as `proxy.nlp.form33` reads them, within the hold's bound.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from proxy.guard.checks.base import Finding
from proxy.nlp.strm40 import speaker_line

if TYPE_CHECKING:
    from proxy.guard.windows import OutputWindows

__all__ = ["KEEP_CHARS", "KEEP_LINES", "after_lines", "card_open", "keep", "name_open", "names_out"]

KEEP_LINES = 5  # a QIF record's `!Type:`, `D`, `T`, `N` lines before its `P` line
KEEP_CHARS = 300
# The last released line ends a sentence (prose) or is blank: no record's line before the window.
_CAPITALISED = re.compile(r"[A-Z][^\W\d_]")  # what a name starts with (not `D01/05`, `T-50.00`, `^`)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)]|#{1,6})[ \t]")  # a Markdown list item or heading
_SENTENCE_END = re.compile(r"[.!?…][\"')\]*_]*\s")
_SENTENCE_LINE = re.compile(r"(?:[.!?…][\"')\]*_]*\r?\n|\n[ \t\r]*\n)[ \t\r\n]*\Z")


# A capitalised word (a given name, maybe) then a blank, at a cut: `?32Mireille `, `<Nm>Tariq `, `PKenji `.
_OPEN_GIVEN = re.compile(r"(?<![^\W\d_'’-])[A-Z][^\W\d_]*[ \t]\Z")


def names_out(windows: OutputWindows) -> bool:
    """The policy screens `PERSON` on output."""
    rule = windows.policy.output.pii
    return rule is not None and "PERSON" in rule.checked_entities()


def name_open(text: str, cut: int) -> bool:
    """Whether a window cut after a word (no sentence end in the hold: `OutputWindows._cut`) may not end at `cut`:
    right after a capitalised word and a blank, on a line that ends no sentence before it (a record's field: a
    `:86:` field's `?32Mireille `, a CAMT entry's `<Nm>Tariq `), while what follows is not known or starts with a
    capital (the surname): a name is read whole, not its given name released alone. The window then ends at an
    earlier space, or at the hold's cap (`_cap_cut`), as today: nothing is held past the bound."""
    if cut < 2 or text[cut - 1] not in " \t":
        return False
    right = text[cut:cut + 1]
    if right and not right.isupper():
        return False
    line = text.rfind("\n", 0, cut) + 1
    if _OPEN_GIVEN.search(text, max(line, cut - 40), cut) is None:
        return False
    return _SENTENCE_END.search(text, line, cut) is None


# A vCard's `N:` line (family, given, ...) that a cut follows, both parts written: a person's card, mostly.
_N_BEFORE = re.compile(r"(?:^|\n)N(?:;[^:\r\n]*)?:[ \t]*[^;\s][^;\r\n]*;[ \t]*[^;\s][^\r\n]*\r?\n[\r\n]*\Z")
_FN_NEXT = re.compile(r"FN[;:]")
# A vCard's `FN:` line that a cut follows, before its `N:` line (`FN:` first: vCard 4, some exports).
_FN_BEFORE = re.compile(r"(?:^|\n)FN(?:;[^:\r\n]*)?:[ \t]*[^\s][^\r\n]*\r?\n[\r\n]*\Z")
_N_NEXT = re.compile(r"N[;:]")


def card_open(text: str, cut: int) -> bool:
    """Whether a window may not end at `cut` of `text`: after a vCard's `N:` line with a family and a given name,
    while its next line is not known whole or is the card's `FN:` line (after an `FN:` line, while its next line may
    still be, or is, the card's `N:` line). Whether the `N:` names a person is told by
    the `FN:` the NER reads as a name (`proxy.nlp.form33`): read alone, the `N:` line's words went out raw. The
    window then ends after the `FN:` line (or at the hold's cap: nothing is held past the bound). An organisation's
    card (`N:Madison Dental Group;;;;`) writes no given name: not held."""
    if cut < 6 or text[cut - 1] not in "\r\n" or "N" not in text[max(0, cut - 300):cut]:
        return False
    nl = text.find("\n", cut)
    if _N_BEFORE.search(text, max(0, cut - 300), cut) is not None:
        return nl < 0 or _FN_NEXT.match(text, cut) is not None
    if _FN_BEFORE.search(text, max(0, cut - 300), cut) is not None:  # (`FN:` first: its `N:` may follow)
        return nl < 0 and (not text[cut:] or text[cut] == "N") or _N_NEXT.match(text, cut) is not None
    return False


def keep(released: str, segment: str) -> str:
    """`_Channel.released33` after `segment` went out: its last `KEEP_LINES` lines, `KEEP_CHARS` characters at most
    (kept raw: a form's columns are read by their labels' offsets)."""
    text = (released + segment)[-KEEP_CHARS:]
    at = len(text)
    for _ in range(KEEP_LINES + 1):  # the open line and the `KEEP_LINES` before it
        at = text.rfind("\n", 0, at)
        if at < 0:
            return text
    return text[at:]  # (with the line break before it: a record's `^` line reads as a line, `\n^`)


def _gated(windows: OutputWindows, released: str, text: str) -> bool:
    if not released.strip() or not names_out(windows):
        return False
    if "BEGIN:VCARD" in released:  # (a card's lines after it tell a firm's)
        return False
    if _CAPITALISED.search(text) is None:
        return False
    if speaker_line(released, text):  # a transcript's next speaker label, read with the labels before it (strm40)
        return True
    if not released.endswith("\n"):  # the hold's cap cut a line: read on where it ends no sentence (a record's)
        return _SENTENCE_END.search(released, released.rfind("\n") + 1) is None
    last = released.rstrip("\r\n").rpartition("\n")[2]
    if _LIST_ITEM.match(text) and _LIST_ITEM.match(last):  # a list's next item: prose's, each read as a line
        return False
    m = _SENTENCE_LINE.search(released)
    if m is not None:  # prose, or a blank line; but a form's label cells (`Last name     Suff.`) end no sentence
        if m.group().strip() == "" or "   " not in last and "\t" not in last:
            return False
    return True


async def after_lines(windows: OutputWindows, released: str, text: str, found: list[Finding]) -> list[Finding]:
    """The window's findings (`found`, over `text` as written) with its `PERSON` findings read after the last lines
    its field released (`released`, `keep`), where the gate holds (`_gated`): that reading, closer to the whole
    answer's, stands for the window's own one (`PTobias Lindqvist` read alone, `Tobias Lindqvist` in its record; a
    memo's `MDeposit` read alone as a name, in its record none). A `PERSON` of the window that a name crossing from
    the released lines overlaps stays (`Ingrid ` released, `Solberg` held), as do the findings of other types. The
    record counts only the names added, less those dropped."""
    if not _gated(windows, released, text):
        return found
    n = len(released)
    result = await windows.guard.run_phase(windows.policy, "output", [released + text], vault=windows.vault,
                                           only={"pii"}, joined=False)
    read = [replace(f, start=f.start - n, end=f.end - n) for f in (result.findings[0] if result.findings else [])
            if f.kind == "PERSON" and f.end > n]
    inside = [f for f in read if 0 <= f.start and f.end <= len(text)]
    crossing = [f for f in read if f.start < 0 or f.end > len(text)]
    kept: list[Finding] = []
    dropped: list[Finding] = []
    for g in found:
        if g.kind != "PERSON" or g in inside or any(_over(g, f) for f in crossing):
            kept.append(g)
        else:
            dropped.append(g)
    added = [f for f in inside if f not in kept and not any(_over(f, g) for g in kept)]
    if dropped:
        windows._unmerge(dropped)
    windows._merge_only(result.records, added)
    return kept + added


def _over(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end
