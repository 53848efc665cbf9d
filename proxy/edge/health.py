"""Per-provider health, from the requests themselves (no probes): the last outcome, failures in a row,
and a cool-down a provider asked for with `retry-after` (on a 429 or 5xx; capped by
`limits.retry_after_max_s`). A provider cooling down is tried after the others of a request's chain.

Keyed by provider names from proxy.yaml only, so the table (and the metrics' labels) stay bounded.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class _State:
    last_outcome: str = ""
    failures: int = 0          # in a row
    cool_until: float = 0.0    # time.monotonic()
    last_ok: float | None = None
    last_failure: float | None = None


@functools.lru_cache(maxsize=1024)  # outcomes: `timeout`, `unreachable` or a status, read on every request
def failed_outcome(outcome: str) -> bool:
    """Whether an attempt's outcome (`timeout`, `unreachable`, or an HTTP status) is one a fallback follows."""
    return not outcome.isdigit() or outcome == "429" or outcome >= "500"


class ProviderHealth:
    def __init__(self) -> None:
        self._states: dict[str, _State] = {}

    def _state(self, name: str) -> _State:
        state = self._states.get(name)
        if state is None:
            state = self._states[name] = _State()
        return state

    def ok(self, name: str, outcome: str) -> None:
        state = self._states.get(name) or self._state(name)  # known after its first answer: one lookup
        state.last_outcome, state.failures, state.last_ok = outcome, 0, time.monotonic()

    def failed(self, name: str, outcome: str, retry_after_s: float | None = None) -> None:
        state = self._state(name)
        now = time.monotonic()
        state.last_outcome, state.last_failure = outcome, now
        state.failures += 1
        if retry_after_s:
            state.cool_until = max(state.cool_until, now + retry_after_s)

    def order(self, chain: tuple[str, ...]) -> tuple[str, ...]:
        """`chain` with the providers cooling down moved to its end (in their order)."""
        if len(chain) < 2 or not self._states:
            return chain
        now = time.monotonic()
        cooling = [n for n in chain if (s := self._states.get(n)) is not None and s.cool_until > now]
        if not cooling:
            return chain
        return tuple(n for n in chain if n not in cooling) + tuple(cooling)

    def report(self, name: str) -> dict[str, Any]:
        """For /readyz: `ok`, `failing` (its last try failed), `cooling_down`, or `unknown` (not tried yet)."""
        state = self._states.get(name)
        if state is None:
            return {"status": "unknown"}
        now = time.monotonic()
        status = "cooling_down" if state.cool_until > now else "failing" if state.failures else "ok"
        out: dict[str, Any] = {"status": status, "last_outcome": state.last_outcome,
                               "consecutive_failures": state.failures}
        if state.cool_until > now:
            out["retry_in_s"] = round(state.cool_until - now, 3)
        return out
