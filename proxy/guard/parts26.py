"""A label ending one content part read with the value at the start of the next (issue 12, atk25 F09).

A client joins a message's content parts (chat `content[]` text parts, Anthropic text blocks, `system` blocks and a
`tool_result`'s blocks, Responses `input_text` parts; an answer's text blocks and `output_text` parts) into one text,
and the model reads them so: `SSN: ` + `536904399`, `Call me at ` + `6175550143`, `Name: Priya ` + `Raghunathan`.
Each part read alone, the value has no context word (a bare 9 or 10 digit number, a surname alone), and the joints
(`proxy.guard.joined`) count only what crosses a cut. Here a part that ends in an open label or phrase (`label_tail`:
its last line, no sentence ended, ending in a word or `:`) is read with the start of the next part of its run
(`Carry`: the tail, then the head of the next joined directly, as the client joins them), in the PII check's one
pass over the texts (the readings go into its batch: no pass of their own), and what the reading finds past the cut is
put back onto the parts: a value inside the next part is its finding there, one that crosses the cut (`Priya` +
` Raghunathan`) a piece in each part (`proxy.guard.checks.pii.Piece`). What the tail holds alone is the part's own
(read in it). The reading is what one part holding both reads, so an ordinary pair reads as it does in one part:
`Order number: ` + `6175550143`, `Build ` + `4567890123`, `See page ` + `12` stay.

Runs: on input, adjacent parts of one content list (`input_runs`); on output, the fields a client joins
(`proxy.guard.phases.heading_runs`). A stream's next block starts after what the block before released when that ends
in a label (`proxy.guard.windows.OutputWindows._run_on`, `label_open`): its first value is read after the label
(`_in_context`).

Pure functions over strings; cheap gates first (a part's last character, a digit or a capital in the next head).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from proxy.guard import part29

# The most characters of a part's end read before the next part (its last line, the end of its last sentence).
TAIL_CHARS = 64
# The most characters of the next part's start read after it (its first line), widened to the end of a word.
HEAD_CHARS = 100

# A part's end that is an open label or phrase: after its last sentence end or line break, ending in a letter (a
# word: `Call me at`, `My SSN is`, `Name: Priya`) or a label's mark (`SSN:`, `phone=`, `Ref #`), then spaces or tabs
# (a line break may follow a label's mark: `Phone:` + a newline).
_OPEN_END = re.compile(r"(?:[^\W\d_][ \t\u00a0]*|[:：=#][ \t\u00a0]*(?:\r?\n)?)\Z")
_SENTENCE_END = re.compile(r"[.!?。！？][\"')\]]*\s|\n")


def _head_value(text: str) -> bool:
    """Whether the start of the next part leads to a value: a digit, `+`, `(` or a capital in its first three words."""
    return any(c.isdigit() or c.isupper() or c in "+(" for word in text[:HEAD_CHARS].split()[:3] for c in word)


def label_tail(text: str) -> int | None:
    """Where the open label or phrase `text` ends in starts (`_OPEN_END`: its last line, after its last sentence
    end, the last `TAIL_CHARS` characters widened back to a word's start), or None: a part that ends a sentence, a
    line or a value, or ends in a digit or a sign (a value cut in two is the joints')."""
    if not text or (_OPEN_END.search(text[-8:]) is None and not part29.open_end(text)):
        return None
    lo = max(0, len(text) - TAIL_CHARS)
    while lo > 0 and not text[lo - 1].isspace() and len(text) - lo < 2 * TAIL_CHARS:
        lo -= 1
    body = text[lo:].rstrip()
    start = lo
    for m in _SENTENCE_END.finditer(body):
        start = lo + m.end()
    if not text[start:].strip():
        return None
    return start


def label_open(context: str) -> bool:
    """Whether a stream's field released text ending in an open label or phrase (`label_tail`), so the next field a
    client joins to it starts after it (`proxy.guard.windows.OutputWindows._run_on`)."""
    return label_tail(context) is not None


def _head_end(text: str) -> int:
    """The end of the start of `text` read after a label: its first line (after leading blank space), at most
    `HEAD_CHARS` characters, widened to the end of a word."""
    lead = len(text) - len(text.lstrip())
    line = text.find("\n", lead)
    hi = min(len(text), lead + HEAD_CHARS, line if line >= 0 else len(text))
    while hi < len(text) and not text[hi].isspace() and hi - lead < 2 * HEAD_CHARS:
        hi += 1
    return hi


@dataclass(frozen=True, slots=True)
class Carry:
    """The end of text `before` (from `start`) read joined directly with the start of text `after` (to `end`)."""

    before: int
    start: int
    after: int
    end: int
    text: str
    spaced: bool = False  # a space put between two letters at the cut (join27): only a value across it counts

    @property
    def cut(self) -> int:
        """Where the next part starts in `text`."""
        return len(self.text) - self.end


class Chunks(list[int]):
    """A run of chunks of one document (`proxy.guard.phases.chunk_runs`, split36): cut anywhere, a word too, so two
    letters at a cut are one word (`Caller: Ke` + `nji Watanabe`), not two parts' words."""


def carries(texts: Sequence[str], runs: Sequence[Sequence[int]]) -> list[Carry]:
    """The readings of each part of `runs` that ends in an open label (`label_tail`) with the start of the next
    part of its run when that leads to a value (`_head_value`)."""
    out: list[Carry] = []
    for run in runs:
        chunks = isinstance(run, Chunks)
        for i, j in zip(run, run[1:], strict=False):
            if not (0 <= i < len(texts) and 0 <= j < len(texts)):
                continue
            after = texts[j]
            word = texts[i].rsplit(None, 1)[-1] if chunks and texts[i][-1:].isalpha() and after[:1].isalpha() else ""
            if not _head_value(word + after):  # (a chunk's word cut: `Me` + `ndoza:` reads `Mendoza:`)
                continue
            start = label_tail(texts[i])
            how = part29.glue(texts[i], after)  # `Priya` | `Sharma` (join27), `SSN` | `536904399` (atk28 F03)
            if chunks and how == (" ", True):
                how = ("", True)  # (a word cut in two: `Ke` | `nji`)
            if start is None or how is None:
                continue  # (a number run on into the next part's digits: the joints read it)
            end = _head_end(after)
            out.append(Carry(i, start, j, end, texts[i][start:] + how[0] + after[:end], how[1]))
    return out


# A content list's part (`messages:1:content:0`, `system:1`, `input:0:content:2`, a tool result's blocks
# `messages:0:content:2:content:1`): the list, the part's index in it.
_PART = re.compile(r"(.*(?:content|system|output)):(\d+)")


def input_runs(slots: Sequence[Any]) -> list[list[int]]:
    """The texts of a request a client joins into one (adjacent text parts of one content list: chat content parts
    of any role, Anthropic text blocks, `system` blocks and a `tool_result`'s blocks, Responses `input_text` parts),
    two or more, in order. Slots are `proxy.providers.base.TextSlot`s; an id, a JSON text or a JSON document's values
    are in none."""
    from proxy.providers.base import TextSlot

    out: list[list[int]] = []
    last: tuple[str, int] | None = None
    run: list[int] = []
    for n, slot in enumerate(slots):
        m = _PART.fullmatch(slot.channel) if type(slot) is TextSlot and not slot.is_json \
            and slot.kind in ("text", "tool_result") and slot.key == "text" else None
        here = (m.group(1), int(m.group(2))) if m is not None else None
        if here is not None and last is not None and here[0] == last[0] and here[1] == last[1] + 1 and run \
                and run[-1] == n - 1:
            run.append(n)
        else:
            if len(run) > 1:
                out.append(run)
            run = [n] if here is not None else []
        last = here
    if len(run) > 1:
        out.append(run)
    return out


def with_carries(found: Sequence[Sequence[Any]], readings: Sequence[Carry],
                 spans: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Each text's spans (`proxy.nlp.pii.Span`) plus what the readings (`carries`) found past their cut: a value in
    the next part as a span of it, one across the cut as a piece in each part (one value: `Piece.value`)."""
    from proxy.guard.checks.pii import _VALUES, Piece
    from proxy.nlp.pii import Span

    out = [list(f) for f in found]
    for c, found_here in zip(readings, spans, strict=True):
        cut = c.cut
        for s in found_here:
            if s.end <= cut:
                continue  # the part's own, read in it
            if s.start >= cut:
                if c.spaced:
                    continue  # (`Status` | `Green across`: a word of the next part alone is its own)
                out[c.after].append(Span(s.entity, s.start - cut, s.end - cut, s.score))
                continue
            left, right = c.text[s.start:cut], c.text[cut:s.end]
            a, b = c.start + s.start, c.start + s.start + len(left.rstrip())
            x, y = len(right) - len(right.lstrip()), s.end - cut
            if b <= a or y <= x:  # only blank space on one side: the value is the other part's
                if y > x and not c.spaced:
                    out[c.after].append(Span(s.entity, x, y, s.score))
                continue
            value = next(_VALUES)
            out[c.before].append(Piece(s.entity, a, b, s.score, value))
            out[c.after].append(Piece(s.entity, x, y, s.score, value))
    return out
