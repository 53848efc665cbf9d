"""rm33: a streamed window's own PERSON findings that its header's reading says are no names (issue 12).

A stream's window under a kept table header is read again after the header (`proxy.guard.windows._under_heading`,
`proxy.guard.headings`), and that reading could only ADD findings: a false positive the whole answer removes with
context stayed. A `Name;Vorname;Telefon;Ort` export's `Berlin` (a city column's cell: `proxy.nlp.tables.
nameless_cells`) went out as a person from the second window on, and a company's vCard (`N:;;;;`,
`FN:Jackson Hewitt Support`, `ORG:Jackson Hewitt`: `proxy.nlp.fp33`), streamed line by line, lost its `ORG` line.

`dropped` names the window's PERSON findings that lie inside a span the header's reading types as no name (a
place's or a thing's column cell, an organisation's vCard `FN`/`ORG` line) where that re-read holds no PERSON: the
window drops them and the record no longer counts them. Only PERSON, only under a kept header (a table's, or an
open vCard's lines kept by `Card`), and never a finding the re-read keeps. `Card` keeps what a field released of a
vCard still open (from its `BEGIN:VCARD`, at most `KEEP` characters), the header a window inside it is read after
(`under`): a window with no PERSON finding is not read again for it (`card_only`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from proxy.config.policy import PiiRule
from proxy.guard.checks.base import Finding
from proxy.guard.headings import Under
from proxy.nlp.fp33 import _org_card_lines
from proxy.nlp.tables import nameless_cells

if TYPE_CHECKING:
    from proxy.guard.windows import OutputWindows

KEEP = 400  # a vCard's released characters kept at most (longer: none kept, the window read alone)
CARD = "VCARD"  # the type an open vCard's `Under` names: no entity, nothing added under it
_BEGIN = "BEGIN:VCARD"
_END = "END:VCARD"
_TAIL = len(_BEGIN) - 1  # what a `BEGIN:VCARD` cut by a window leaves in the one before


class Card:
    """The open vCard of what a field released (`feed`): its text from `BEGIN:VCARD`, "" for none."""

    __slots__ = ("tail", "text")

    def __init__(self) -> None:
        self.text = ""  # the open card's released text
        self.tail = ""  # the released text's end, while no card is open (a `BEGIN:VCARD` cut by a window)

    def feed(self, released: str) -> None:
        """Follow `released`, the field's next released text."""
        buffer = (self.text or self.tail) + released
        if not self.text and CARD not in buffer:  # (the usual case: no card)
            self.tail = buffer[-_TAIL:]
            return
        begin = buffer.rfind(_BEGIN)
        if begin < 0 or _END in buffer[begin:] or len(buffer) - begin > KEEP:
            self.text, self.tail = "", buffer[-_TAIL:]
        else:
            self.text, self.tail = buffer[begin:], ""


def under(heading: Under, card: Card) -> Under:
    """The header a field's next window is read after: its table's (`heading`), else its open vCard's lines."""
    if heading.before or heading.html_open or not card.text:
        return heading
    return Under(before=card.text, types=(CARD,))


def card_only(heading: Under) -> bool:
    """Whether `heading` is an open vCard's (`under`): read again only for `dropped`, nothing added."""
    return heading.types == (CARD,)


def droppable(heading: Under, found: Sequence[Finding], rule: PiiRule | None) -> bool:
    """Whether a window (its findings `found`) under `heading` may drop a PERSON finding (`dropped`): it has one,
    the policy checks PERSON, and a header is kept."""
    return bool(heading.before) and rule is not None and any(f.kind == "PERSON" and f.check == "pii" for f in found) \
        and "PERSON" in rule.checked_entities()


def dropped(read: str, n: int, found: Sequence[Finding], again: Sequence[Finding]) -> list[Finding]:
    """The PERSON findings of a window (`found`, offsets in the window) that lie inside a span the reading with its
    header (`read`: the header's `n` characters, the window, what closes it) types as no name, where that reading's
    findings (`again`, offsets in `read`) hold no PERSON."""
    people = [f for f in found if f.kind == "PERSON" and f.check == "pii"]
    if not people:
        return []
    spans = nameless_cells(read) + (_org_card_lines(read) if CARD in read else [])
    if not spans:
        return []
    kept = [(g.start - n, g.end - n) for g in again if g.kind == "PERSON"]
    return [f for f in people
            if any(a <= f.start + n and f.end + n <= b for a, b in spans)
            and not any(a < f.end and f.start < b for a, b in kept)]


async def rows_after(windows: OutputWindows, released: str, text: str, found: list[Finding]) -> list[Finding]:
    """The window's findings (`found`, over `text` as written) without its PHONE_NUMBER findings that, read after the
    last lines its field released (`released`: `proxy.guard.strm33.keep`), are a row of readings (`proxy.nlp.fp35.
    reading_row`: `sensor 101 204 3345` under `sensor t1 t2 t3` or after another such row) where that reading holds
    no phone (fp35): a stream's window cut at each line lost the rows around it. Read again only then."""
    if not released.strip() or not any(f.kind == "PHONE_NUMBER" for f in found):
        return found
    from proxy.nlp.fp35 import reading_row

    n = len(released)
    rows = [f for f in found if f.kind == "PHONE_NUMBER" and f.check == "pii"
            and reading_row(released + text, f.start + n, f.end + n, None)]
    if not rows:
        return found
    result = await windows.guard.run_phase(windows.policy, "output", [released + text], vault=windows.vault,
                                           only={"pii"}, joined=False)
    kept = [(g.start - n, g.end - n) for g in (result.findings[0] if result.findings else [])
            if g.kind == "PHONE_NUMBER"]
    gone = [f for f in rows if not any(a < f.end and f.start < b for a, b in kept)]
    if gone:
        windows._unmerge(gone)
    return [f for f in found if f not in gone]
