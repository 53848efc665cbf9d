"""A streamed answer's fields scored each on its own, as the client shows them (issue 12, atk30 F7).

The fields of one streamed answer (an Anthropic answer's blocks, a Responses answer's reasoning summaries and message
parts, a chat choice's `reasoning_content`, `content` and `refusal`) share one window (`proxy.guard.windows._Group`),
whose sentences were scored over the fields' texts joined with nothing between them: a block's last sentence without
an end mark ran into the next block's first word (`You are an idiot` + `Here is the summary.` scored as
`You are an idiotHere is the summary.`), so it went out while the same answer whole, whose fields are texts of their
own, was blocked. The client displays each field apart: a field's boundary is a sentence boundary. So a window of
more than one field also scores each field's own text (its pieces in the window joined, in arrival order: a value
or phrase split across deltas of ONE field is still read whole, whatever other fields' deltas came between), sentence
by sentence (and over an open line break, `proxy.guard.join27.scored_texts`), besides the window's joined reading
(a phrase the whole answer reads across a joint between two fields is still read there). A finding stops the release
where that sentence starts in the window.

Pure functions over strings; nothing is read twice (a field's sentence that is already one of the window's reads).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from proxy.guard.join27 import scored_texts

Spans = Callable[[str], list[tuple[int, int]]]


def _window_at(runs: Sequence[tuple[int, int, int]], at: int) -> int:
    """Where position `at` of a field's joined text lies in the window (`runs`: (window start, start in the field,
    length) of each of its pieces)."""
    for base, off, size in runs:
        if off <= at < off + size:
            return base + at - off
    base, off, size = runs[-1]
    return base + min(at - off, size)


def field_reads(pieces: Sequence[tuple[str, str]], starts: list[int], reads: list[str],
                spans_of: Spans) -> tuple[list[int], list[str]]:
    """`starts`/`reads` (a window's scored texts over its pieces joined, `pieces`: (field, text) in window order) with
    each field's own sentences added, where the window holds more than one field: per new text, the window position
    where a finding of it stops the release."""
    if len({c for c, t in pieces if t}) < 2:
        return starts, reads
    runs: dict[str, list[tuple[int, int, int]]] = {}  # field -> (window start, start in the field, length)
    base = 0
    for channel, text in pieces:
        if text:
            at = runs.setdefault(channel, [])
            at.append((base, at[-1][1] + at[-1][2] if at else 0, len(text)))
        base += len(text)
    known = set(reads)
    out_starts, out_reads = list(starts), list(reads)
    for channel, at in runs.items():
        joined = "".join(t for c, t in pieces if c == channel and t)
        spans = spans_of(joined) or [(0, len(joined))]
        field_starts, field_texts = scored_texts(joined, spans, "")
        for a, text in zip(field_starts, field_texts, strict=True):
            if text.strip() and text not in known:
                known.add(text)
                out_starts.append(_window_at(at, a))
                out_reads.append(text)
    return out_starts, out_reads
