"""How big a slice of a big analysis is (fair49): a small request of another team waits for a worker only until
a slice in flight ends, so a big job's slices are half the usual size.

The PII workers take a job slice by slice, round-robin over teams (`proxy.nlp.pool`): a small request that comes
while a huge prompt holds every worker waits for the first of their slices to end. A slice of ~1,000 characters of
dense prose is ~0.1 s of CPU, but on a loaded machine (CI: other jobs, busy loops) its wall time was 1-2 s, and that
was the small request's queue time (tests/e2e/test_workers.py: `latency_ms.queue` over 1 s). A job of more than
`BIG_JOB_CHARS` is cut in pieces of half `chunk_chars` (500): the wait halves; the CPU per character is the same
(the pieces overlap only where a cut is no sentence's end). Smaller jobs, which a caller waits on as a whole, keep
their pieces (and their readings) unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

BIG_JOB_CHARS = 16_000
MIN_SLICE_CHARS = 500


def slice_chars(texts: Sequence[str], chunk_chars: int) -> int:
    """The piece and slice size for a job over `texts` (`chunk_chars`: the configured one)."""
    if chunk_chars <= MIN_SLICE_CHARS or sum(map(len, texts)) <= BIG_JOB_CHARS:
        return chunk_chars
    return max(MIN_SLICE_CHARS, chunk_chars // 2)
