"""A label ending one content part with no space after it, or a non-text part between (issue 12, atk28 F03, F03b).

`proxy.guard.parts26` reads a part that ends in an open label with the start of the next part of its run. Three
gaps, closed here with hooks there and in `proxy.guard.phases`:

- No space at the cut: a client joins parts without a separator, so `SSN` + `536904399` shows `SSN536904399`, and
  a model reads the label before the value. Where a part ends in a letter and the next starts with a digit (or a
  letter: join27's `spaced_carry`), the joint is read with a space between them (`glue`); the direct reading is the
  joints' (`proxy.guard.joined`). With a letter before a digit a value wholly inside the next part counts (it is what
  the label names: `SSN 536904399`), as with a trailing space; with two letters only a value across the cut does.
- A line break after a label's last word (`Phone\\n` + `6175550143`): the part is still open (`open_end`).
- Runs (`input_runs`): a non-text part between two text parts of one message (chat `image_url`, `input_audio`,
  `file`; Anthropic `image`) is passed over; an Anthropic `tool_result`'s last text runs on into the next block of
  its message, a `document` block with a text source is a text of its message, and the `system` prompt's last text
  runs on into the first user message (the model reads them in that order).

The reading is what one part holding both reads, so an ordinary pair reads as it does in one part: `Order number` +
`6175550143`, `Build` + `4567890123`, `See page` + `12`, `Step` + `3` stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

# A part's last word, then a line break (maybe spaces or tabs around it): still an open label (`Phone` + a newline).
_WORD_BREAK = re.compile(r"[^\W\d_][ \t\u00a0]*\r?\n[ \t]*\Z")


def open_end(text: str) -> bool:
    """Whether `text` ends in a word and one line break (`Phone\\n`), which `parts26.label_tail` reads as open."""
    return "\n" in text[-4:] and _WORD_BREAK.search(text[-12:]) is not None


def glue(before: str, after: str) -> tuple[str, bool] | None:
    """What a part ending `before` is read joined with `after` by (`parts26.carries`): (the glue, whether only a
    value across the cut counts); None where the two run on as one word the joints read (`617` | `5550143`)."""
    if not before or not after:
        return "", False
    a, b = before[-1], after[0]
    if a.isalpha() and b.isalpha():
        return " ", True  # `Priya` | `Sharma` (join27)
    if a.isalpha() and (b.isdigit() or b in "+("):
        return " ", False  # `SSN` | `536904399`, `Call me at` | `+1 617...`: the label names the value
    if a.isalnum() and not b.isspace():
        return None
    return "", False


def run_on(context: str) -> str:
    """What a stream's field released, ending in an open label, as the next field a client joins to it is read after
    (`proxy.guard.windows.OutputWindows._run_on`): a space after a last letter (`SSN` + `536904398`, as `glue`)."""
    return context + " " if context[-1:].isalpha() else context


# A text of a message a client joins with its neighbours: a content part (`messages:0:content:2`, Responses
# `input:1:content:0`), a `tool_result`'s block (`messages:0:content:1:content:0`), a `document`'s text source
# (`messages:0:content:1:source:data`), a message's string content (`messages:0:content`), a `system` block.
_SLOT = re.compile(r"(?P<msg>(?:messages|input):\d+):content(?::(?P<part>\d+)(?::content:(?P<inner>\d+)|"
                   r":source:data)?)?|system(?::(?P<sys>\d+))?")


def _place(slot: Any) -> tuple[str, tuple[int, ...], bool] | None:
    """(the message, where in it, whether inside a `tool_result`) of a text a client joins; None for another."""
    from proxy.nlp.num48 import placed
    from proxy.providers.base import TextSlot

    if type(slot) is not TextSlot and not placed(slot) or slot.is_json or slot.kind not in ("text", "tool_result"):
        return None
    m = _SLOT.fullmatch(slot.channel)
    if m is None:
        return None
    if m.group("msg") is None:
        return ("system", (-1, int(m.group("sys") or 0)), False) if slot.key in ("text", "system") else None
    part, inner = m.group("part"), m.group("inner")
    if m.group(0).endswith(":source:data"):
        return (m.group("msg"), (int(part),), False) if slot.key == "data" else None
    if part is None:
        return (m.group("msg"), (0,), False) if slot.key == "content" else None
    if slot.key != "text" and not placed(slot):
        return None
    return (m.group("msg"), (int(part), int(inner)) if inner is not None else (int(part),), inner is not None)


def input_runs(slots: Sequence[Any], runs: Sequence[Sequence[int]]) -> list[list[int]]:
    """`runs` (`parts26.input_runs`) with the neighbours above: texts of one message in order, a non-text part
    between passed over, a `tool_result`'s last text before the next block, the `system` prompt (Anthropic: channel
    `system`) before the first message when that is the user's. Runs of two or more."""
    places = [_place(s) for s in slots]
    first_user = next((i for i, (s, p) in enumerate(zip(slots, places, strict=True))
                       if p is not None and p[0] == "messages:0" and s.role == "user"), None)
    groups: dict[str, list[tuple[tuple[int, ...], bool, int]]] = {}
    for n, p in enumerate(places):
        if p is None:
            continue
        msg = p[0]
        if msg == "system":
            if first_user is None or not slots[n].channel.startswith("system"):
                continue
            msg = "messages:0"
        groups.setdefault(msg, []).append((p[1], p[2], n))
    out: list[list[int]] = []
    for members in groups.values():
        members.sort()
        run: list[int] = []
        prev: tuple[tuple[int, ...], bool, int] | None = None
        for here in members:
            # Within one tool_result, or on into a block that is no tool_result's: the model reads them on.
            if prev is not None and (not here[1] or here[0][:-1] == prev[0][:-1]):
                run.append(here[2])
            else:
                if len(run) > 1:
                    out.append(run)
                run = [here[2]]
            prev = here
        if len(run) > 1:
            out.append(run)
    seen = {tuple(r) for r in out}
    return out + [list(r) for r in runs if tuple(r) not in seen and not any(set(r) <= set(o) for o in out)]
