"""Two texts cut at a word boundary, read both ways (issue 12, atk26 F9 and F19).

Speech-to-text segments, chat bubbles and chunked uploads arrive trimmed: `I will kill` | `you tomorrow.`,
`Our new hire is Priya` | `Sharma from the Pune office.`. Whether the model reads two content parts (or messages)
with or without a space between them depends on the provider, so where a text ends in a letter and the next starts
with one (no space on either side), the cut is read a second time with a space between them (`spaced_joints`,
`spaced_carry`), besides the direct reading (`proxy.guard.joined`), which a word split in the middle (`Sha` + `rma`,
`617-555-` + `0143`) needs. Only what crosses the cut counts from either reading, so parts that are separate
sentences or fields find nothing new: each word stays where it is.

A stream (F19): a window never ends at a bare line break after a word (`open_break`: `I will kill` + a blank
line, no sentence mark), so the paragraph's open end is scored with the next one's start in one window
(`paragraph_readings`), as the whole answer reads it; past the hold the window may still end there, and the
next window is then read after the tail the field released (`tail_reading`).

Pure functions over strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxy.guard.joined import Join, Joint, joints
from proxy.nlp.tox41 import run_readings

# A space between the two letters of a cut (no space on either side).
SPACE = " "
# The most characters of a paragraph's open end read before the next paragraph's start.
TAIL_CHARS = 80


def _letter(c: str) -> bool:
    return c.isalpha()


def spaced_hows(texts: Sequence[str], joinable: Sequence[Join] | None = None) -> list[Join] | None:
    """`joinable` with a space as the glue before each text joined directly whose first character is a letter and
    that follows (the texts between passed over: blank, or not read) a text ending in a letter; None without one."""
    hows: list[Join] = [True] * len(texts) if joinable is None else \
        [joinable[i] if i < len(joinable) else False for i in range(len(texts))]
    out = list(hows)
    prev = ""
    spaced = False
    for i, t in enumerate(texts):
        how = hows[i]
        if how is None or not t:
            continue
        if how is True and prev and _letter(prev[-1]) and _letter(t[0]):
            out[i] = SPACE
            spaced = True
        prev = t if how is not False else ""
    return out if spaced else None


def _spaced_cut(joint: Joint) -> bool:
    """Whether a piece of `joint` starts one character after the one before it ends (the space put between)."""
    return any(b[2] == a[2] + a[3] + 1 for a, b in zip(joint.pieces, joint.pieces[1:], strict=False))


def spaced_joints(texts: Sequence[str], reach: int, joinable: Sequence[Join] | None = None,
                  direct: Sequence[Joint] = ()) -> list[Joint]:
    """The joints over a cut between two letters read with a space between the texts (not among `direct`)."""
    if len(texts) < 2:
        return []
    hows = spaced_hows(texts, joinable)
    if hows is None:
        return []
    return [j for j in joints(texts, reach, joinable=hows) if _spaced_cut(j) and j not in direct]


def spaced_carry(before: str, after: str) -> bool:
    """Whether a part ending in a letter runs into the next part's first letter (`Priya` + `Sharma`): its label
    reading (`proxy.guard.parts26.carries`) is made with a space between them."""
    return bool(before) and bool(after) and _letter(before[-1]) and _letter(after[0])


# ------------------------------------------------------------------------------ streams (F19)

# A sentence end that is only a line break (or several) after a word, maybe a space or tab before it, or a hyphen
# (`idi-\n` then `ot`: a word broken over the line, tox41).
_OPEN_BREAK = re.compile(r"[^\W\d_]-?[ \t]*\n+[ \t]*\Z")


def open_break(text: str, cut: int) -> bool:
    """Whether text[:cut] ends in a word, then a line break and no sentence mark: its sentence goes on after the
    break as the whole answer is read (`kill` + a blank line + `you`)."""
    return _OPEN_BREAK.search(text, max(0, cut - 16), cut) is not None


def paragraph_readings(segment: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
    """Per sentence that ends at an open line break (`open_break`) and the next one in the window: (where the
    first starts, the two read together)."""
    out = []
    for (a, b), (_, d) in zip(spans, spans[1:], strict=False):
        if open_break(segment, b):
            out.append((a, segment[max(a, b - TAIL_CHARS):d]))
    return out


def tail_reading(context: str, segment: str, spans: Sequence[tuple[int, int]]) -> str | None:
    """The end of what the field released before (`context`) read with the window's first sentence, when that end
    is an open line break (`open_break`): a window cut there past the hold."""
    if not context or not spans or not open_break(context, len(context)):
        return None
    return context[-TAIL_CHARS:] + segment[spans[0][0]:spans[0][1]]


def scored_texts(segment: str, spans: Sequence[tuple[int, int]], context: str) -> tuple[list[int], list[str]]:
    """What a stream's window scores (toxicity, bias): each sentence, then each reading over an open line break
    (`paragraph_readings`, `tail_reading`); per text, where in the window a finding of it stops the release."""
    starts = [a for a, _ in spans]
    texts = [segment[a:b] for a, b in spans]
    if "\n" not in segment and "\n" not in context[-16:]:
        runs = run_readings(segment, spans)  # `i. d. i. o. t.`: one run over five sentences (tox41)
        return starts + [a for a, _ in runs], texts + [t for _, t in runs]
    tail = tail_reading(context, segment, spans)
    pairs = ([(0, tail)] if tail is not None else []) + paragraph_readings(segment, spans)
    pairs += run_readings(segment, spans)
    return starts + [a for a, _ in pairs], texts + [t for _, t in pairs]


def holds_open_breaks(toxicity: object, bias: object, score_after: bool) -> bool:
    """Whether a stream's windows are scored (toxicity or bias, held until scored): a window then never ends at an
    open line break (`open_break`) before the hold."""
    return (toxicity is not None or bias is not None) and not score_after
