"""The in-process lane of a big request's work (fair49): its own thread, so a small request's rewrites, cuts and
readings never queue behind a huge prompt's.

`proxy.guard.operators.run` hands CPU work (a batch of rewrites, the cuts and key readings of the PII check, the
read after analysis) to a small thread pool shared by every request of every team. A huge prompt's batches there
take seconds; a small request's batch that came after waited for them. Work of a request whose texts are over
`BIG_CHARS` in all (`mark`, once per phase), or any one batch over `BIG_CHARS`, runs in a lane of its own: one
thread, so big requests share it among themselves (one after another) and never take the shared pool's threads.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
from collections.abc import Sequence

BIG_CHARS = 16_000

_BIG_POOL = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="anonymize-big")
_BIG: contextvars.ContextVar[bool] = contextvars.ContextVar("fair49_big", default=False)


def mark(texts: Sequence[str]) -> None:
    """A phase over `texts` begins: over `BIG_CHARS` in all, the request's work (in this task and the tasks it starts
    from now on) goes to the big lane."""
    if not _BIG.get() and sum(map(len, texts)) > BIG_CHARS:
        _BIG.set(True)


def lane(chars: int | None, shared: concurrent.futures.Executor) -> concurrent.futures.Executor:
    """Where a batch of `chars` characters (None: not said) runs: the big lane for a big request or batch."""
    return _BIG_POOL if _BIG.get() or (chars is not None and chars > BIG_CHARS) else shared
