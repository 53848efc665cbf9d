"""The guard worker pool with real spawned processes: fairness, cancellation, deadlines, no orphans."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import pytest

from proxy.nlp.pool import PoolError, SliceTimeout, WorkerDied, WorkerPool, team_context
from tests.support import pool_jobs
from tests.support.procs import alive


async def wait_until(cond: Callable[[], bool], within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not cond():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


@pytest.fixture
async def pool() -> AsyncIterator[WorkerPool]:
    p = WorkerPool(2, pool_jobs.work, slice_timeout_s=2.0, team_max_jobs=4)
    await p.start()
    yield p
    await p.close()


async def test_results_in_order_across_workers(pool: WorkerPool) -> None:
    out = await pool.run([(0.05, i) for i in range(6)], team="a")
    assert [v for _, v in out] == list(range(6))
    assert len({pid for pid, _ in out}) == 2  # both workers took slices
    assert pool.stats()["alive"] == 2


async def test_small_job_of_another_team_waits_for_one_slice_not_the_big_job(pool: WorkerPool) -> None:
    big = asyncio.ensure_future(pool.run([(0.3, i) for i in range(20)], team="a"))  # 3 s on 2 workers
    await asyncio.sleep(0.2)
    team_context("b")
    started = time.monotonic()
    await pool.run([(0.0, "small")])
    waited = time.monotonic() - started
    assert waited < 0.9, waited  # at most one 0.3 s slice, plus IPC
    assert not big.done()
    assert pool.stats()["queue_depth"]["a"] > 0
    await big


async def test_queue_wait_goes_to_the_callers_ticket(pool: WorkerPool) -> None:
    big = asyncio.ensure_future(pool.run([(0.4, i) for i in range(4)], team="a"))
    await asyncio.sleep(0.1)
    ticket = team_context("a")
    await pool.run([(0.0, "x")])  # team a: behind its own job's slices
    assert ticket.wait_s > 0.2
    await big


async def test_cancelled_job_drops_its_queued_slices(pool: WorkerPool) -> None:
    big = asyncio.ensure_future(pool.run([(0.3, i) for i in range(40)], team="a"))
    await asyncio.sleep(0.4)
    big.cancel()
    with pytest.raises(asyncio.CancelledError):
        await big
    assert pool.jobs_cancelled == 1
    assert "a" not in pool.stats()["queue_depth"]
    started = time.monotonic()
    await pool.run([(0.0, "next")], team="b")
    assert time.monotonic() - started < 0.6  # at most the slice that was in flight


async def test_slice_past_its_deadline_recycles_the_worker() -> None:
    pool = WorkerPool(1, pool_jobs.work, slice_timeout_s=0.5)
    await pool.start()
    try:
        (old, _), = await pool.run([(0.0, 1)])
        with pytest.raises(SliceTimeout):
            await pool.run([(30.0, "stuck")], team="a")
        assert pool.workers_recycled == 1
        await wait_until(lambda: not alive(old))
        started = time.monotonic()
        (new, value), = await pool.run([(0.0, 2)], team="b")  # waits for the replacement to start, not 30 s
        assert value == 2 and new != old
        assert time.monotonic() - started < 10
    finally:
        await pool.close()


async def test_per_team_job_limit_queues_the_rest() -> None:
    pool = WorkerPool(2, pool_jobs.work, team_max_jobs=1)
    await pool.start()
    try:
        first = asyncio.ensure_future(pool.run([(0.4, 1)], team="a"))
        await asyncio.sleep(0.05)
        ticket = team_context("a")
        (_, v), = await pool.run([(0.0, 2)])  # a free worker exists, but team a has its one job running
        assert v == 2 and first.done()
        assert ticket.wait_s > 0.25
        started = time.monotonic()
        await asyncio.gather(pool.run([(0.4, 1)], team="a"), pool.run([(0.0, 2)], team="b"))
        assert time.monotonic() - started < 0.8  # other teams are not held by team a's limit
    finally:
        await pool.close()


async def test_crashed_worker_fails_its_job_and_is_replaced() -> None:
    pool = WorkerPool(1, pool_jobs.crash)
    await pool.start()
    try:
        with pytest.raises(WorkerDied):
            await pool.run([(0.0, None)])
        await wait_until(lambda: pool.stats()["alive"] == 1)
    finally:
        await pool.close()


async def test_init_failure_is_reported() -> None:
    pool = WorkerPool(1, pool_jobs.work, init=pool_jobs.failing_init)
    with pytest.raises(PoolError, match="RuntimeError"):
        await pool.start()
    await pool.close()


async def test_close_leaves_no_process(pool: WorkerPool) -> None:
    pids = pool.pids()
    assert len(pids) == 2 and all(alive(p) for p in pids)
    busy = asyncio.ensure_future(pool.run([(5.0, 1), (5.0, 2)], team="a"))
    await asyncio.sleep(0.2)
    await pool.close()
    with pytest.raises(PoolError):
        await busy
    await wait_until(lambda: not any(alive(p) for p in pids), within=5)
