"""A big request's in-process work never holds up a small request's (fair49: one 2-thread pool served every request
of every team; a huge prompt's batches there made a small request's rewrites wait)."""

from __future__ import annotations

import asyncio
import threading

from proxy.guard import operators


async def _held(release: threading.Event, chars: int | None, big_texts: list[str] | None = None) -> str:
    if big_texts is not None:
        from proxy.guard.fair49 import mark

        mark(big_texts)  # as `run_phase` does for the request's texts

    def work() -> str:
        release.wait(20)
        return threading.current_thread().name

    return await operators.run(work, chars)


async def _small_while_big_work_runs(chars: int | None, big_texts: list[str] | None) -> tuple[str, list[str]]:
    release = threading.Event()
    bigs = [asyncio.create_task(_held(release, chars, big_texts)) for _ in range(3)]
    await asyncio.sleep(0.2)  # every big batch handed over (and held)
    try:
        small = await asyncio.wait_for(operators.run(lambda: threading.current_thread().name, 5_000), 5)
    finally:
        release.set()
    return small, await asyncio.gather(*bigs)


def test_a_small_batch_runs_while_big_batches_hold_the_big_lane() -> None:
    small, bigs = asyncio.run(_small_while_big_work_runs(80_000, None))
    assert small.startswith("anonymize_") and all(name.startswith("anonymize-big") for name in bigs)


def test_every_batch_of_a_big_request_goes_to_its_lane() -> None:
    # A batch whose size the caller does not say (the cuts, a check's scan) of a request over the bound.
    small, bigs = asyncio.run(_small_while_big_work_runs(None, ["Jane Doe met John Roe. " * 1_000]))
    assert small.startswith("anonymize_") and all(name.startswith("anonymize-big") for name in bigs)
