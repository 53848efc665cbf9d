"""`serve --workers N`: a supervisor, N HTTP worker processes on one port, one shared guard pool.

The supervisor starts the PII worker processes once (`WorkerPool`, behind a `GuardHub` socket), then N
HTTP workers: each is `guardrail-proxy serve` bound to the same host and port with `SO_REUSEPORT` (the
kernel spreads connections over them), with its own event loop and its own decision log chain
(`decisions.w1.jsonl`, ...: one writer per chain). Their PII analysis goes to the shared pool, so the
per-team queues are fair across the whole server and the model memory does not grow with N.

Signals: SIGTERM or SIGINT to the supervisor is passed to every HTTP worker, which stops accepting and
drains its requests (`server.drain_s`); then the PII workers stop. An HTTP worker that dies otherwise is
started again. Every child dies with the supervisor, even a `kill -9`ed one (Linux parent-death signal).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from typing import Any

from proxy.audit.writer import WORKER_ENV
from proxy.config.settings import Settings
from proxy.guard.models import models_needed
from proxy.nlp.hub import PII_ENV, SOCKET_ENV, TOXICITY_ENV, GuardHub
from proxy.nlp.pool import WorkerPool

log = logging.getLogger("guardrail.workers")


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG: drain, then go
    except (OSError, AttributeError):
        pass


async def supervise(settings: Settings, argv: list[str], workers: int) -> int:
    """Run `workers` HTTP workers (`argv`: the serve command line to give each) until SIGTERM/SIGINT."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    env = dict(os.environ)
    pool: WorkerPool | None = None
    hub: GuardHub | None = None
    pii = settings.proxy.models.pii
    need_pii, need_scores = models_needed(settings)
    if need_pii and pii.workers:
        from proxy.nlp.pii import _analyze_chunks, _init_worker

        pool = WorkerPool(pii.workers, _analyze_chunks, init=_init_worker, init_args=(pii.spacy_model,),
                          slice_timeout_s=pii.slice_timeout_s, team_max_jobs=pii.team_max_jobs, name="PII")
        try:
            await pool.start()
        except Exception as exc:  # noqa: BLE001 - the HTTP workers load their own and report it on /readyz
            log.error("shared PII workers could not start (%s); each HTTP worker tries its own", exc)
            await pool.close()
            pool = None
    scorer: Any = None
    if need_scores and settings.proxy.models.toxicity.model != "keywords":
        from proxy.nlp.toxicity import build_scorer

        scorer = build_scorer(settings)
        scorer.start()  # loads in its own thread; HTTP workers see its state on /readyz
    if pool is not None or scorer is not None:
        hub = GuardHub(pool, scorer)
        await hub.start()
        env[SOCKET_ENV] = hub.path
        env[PII_ENV] = "1" if pool is not None else "0"
        env[TOXICITY_ENV] = "1" if scorer is not None else "0"
    children: dict[int, asyncio.subprocess.Process] = {}

    async def start(index: int) -> None:
        child_env = {**env, WORKER_ENV: str(index)}
        children[index] = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "proxy", *argv, "--reuse-port", env=child_env, preexec_fn=_die_with_parent)

    try:
        for i in range(1, workers + 1):
            await start(i)
        log.info("supervisor: %d HTTP workers; shared: %s", workers, ", ".join(
            [f"{pii.workers} PII workers"] * (pool is not None) + ["the toxicity model"] * (scorer is not None))
            or "nothing")
        while not stop.is_set():
            waits: dict[asyncio.Future[Any], int] = {
                asyncio.ensure_future(p.wait()): i for i, p in children.items()}
            stopping = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait([stopping, *waits], return_when=asyncio.FIRST_COMPLETED)
            for fut in waits:
                fut.cancel()
            if stop.is_set():
                break
            stopping.cancel()
            for fut in done:
                if fut in waits:
                    index = waits[fut]
                    log.error("HTTP worker %d exited (status %s); starting it again", index,
                              children[index].returncode)
                    await asyncio.sleep(1.0)
                    await start(index)
    finally:
        log.info("supervisor: stopping %d HTTP workers", len(children))
        for p in children.values():
            if p.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    p.send_signal(signal.SIGTERM)
        grace = settings.proxy.server.drain_s + 15
        results = await asyncio.gather(*(asyncio.wait_for(p.wait(), grace) for p in children.values()),
                                       return_exceptions=True)
        for p, result in zip(children.values(), results, strict=True):
            if isinstance(result, BaseException):
                with contextlib.suppress(ProcessLookupError):
                    p.kill()
                await p.wait()
        if hub is not None:
            await hub.close()
        if pool is not None:
            await pool.close()
        if scorer is not None:
            await asyncio.to_thread(scorer.close)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    return 0
