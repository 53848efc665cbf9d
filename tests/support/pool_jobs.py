"""Handlers for `proxy.nlp.pool.WorkerPool` tests: importable by spawned workers, no models."""

from __future__ import annotations

import os
import time


def work(seconds: float, value: object) -> tuple[int, object]:
    """Sleep (a slice that takes `seconds`), then answer with this worker's pid and `value`."""
    if seconds:
        time.sleep(seconds)
    return os.getpid(), value


def failing_init() -> None:
    raise RuntimeError("no model here")


def crash(_: float, __: object) -> None:
    os._exit(3)
