"""One request's journey through the proxy, and the decision record it leaves behind."""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from proxy.guard.decision import Decision
from proxy.modelname import UNLISTED, builtin_name
from proxy.providers.base import Usage

_PROCESS_TAG = uuid.uuid4().hex[:12]
_counter = itertools.count(1)


_second: list[Any] = [-1, ""]  # the last whole second formatted, and its text


def utc_timestamp() -> str:
    """Now as ISO 8601 UTC with milliseconds, like `datetime.now(UTC).isoformat(timespec="milliseconds")`
    (the date and time of day are formatted once per second: this runs once per request)."""
    now = time.time()
    sec = int(now)
    if sec != _second[0]:
        _second[0], _second[1] = sec, datetime.fromtimestamp(sec, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{_second[1]}.{int((now - sec) * 1000):03d}+00:00"


def new_request_id() -> str:
    """Unique across processes and restarts (random per-process tag + counter), cheaper than uuid4."""
    return f"req_{_PROCESS_TAG}{next(_counter):012x}"


_FIELDS: frozenset[str] = frozenset()  # Exchange's field names (set below the class)


@dataclass(init=False)
class Exchange:
    """What the proxy knows about one request while handling it.

    One is made per request: `__init__` sets the four given fields and the three made per instance (start
    time, timestamp, the checks list); every other field reads its default from the class until the flow
    sets it (a dataclass's own `__init__` assigns all 40, ~100 opcodes a request). Fields may also be given
    by keyword, as with the dataclass's `__init__`."""

    request_id: str
    provider: str          # "openai" | "anthropic"
    kind: str              # route kind, see proxy.providers.base
    route: str             # the path the client called
    started: float = field(default_factory=time.perf_counter)
    ts: str = field(default_factory=utc_timestamp)
    team: str | None = None
    model: str | None = None         # as the client sent it: forwarded, priced, checked; never recorded
    model_label: str | None = None   # what records, metrics and the spend store say (proxy.modelname)
    stream: bool = False
    policy: str | None = None          # None until a team is known (a team-mode 401, a 404): no policy in force
    policy_version: str | None = None
    mode: str = "enforce"
    decision: Decision = Decision.ALLOW
    status: int = 0
    error: str | None = None
    checks: list[dict[str, Any]] = field(default_factory=list)
    usage: Usage | None = None
    usage_estimated: bool = False
    # A stream's answer named a model that always thinks in hidden tokens (`proxy.budget.bound.thinks`; an Azure
    # deployment's free-form name hides an o-series model): a cut stream is charged its bound (atk46 F02).
    answer_thinks: bool = False
    # Estimates input tokens from the request's texts; called only for a stream cut before usage arrived.
    input_estimator: Callable[[], int] | None = None
    cost_usd: float | None = None
    budget: dict[str, Any] | None = None
    upstream_status: int | None = None
    upstream_ms: float | None = None
    guard_ms: float = 0.0
    client_disconnected: bool = False
    hold: Any = None                 # the budget step's reservation (proxy.budget.step.BudgetHold)
    clamped_max_tokens: int | None = None  # `on_exceed: clamp` lowered the output limit to this
    overrun_usd: float | None = None       # billed above the reservation (should never happen)
    queue: Any = None                # proxy.nlp.pool.QueueTicket: time waited for a guard worker
    prompt: dict[str, Any] | None = None  # the record's `input`: sizes, counts, language (proxy.features)
    answer: dict[str, Any] | None = None  # the record's `output`: size, finish reasons, refusal, tool calls
    # Named providers (proxy.yaml `providers:`): those the request may go to in order (its route, then the
    # fallbacks), the one that answered (or was tried last), each try's (provider, outcome code) when
    # there were several, and the providers' own prices (proxy.budget.pricing.ProviderPrices by name).
    chain: tuple[str, ...] = ()
    upstream_name: str | None = None
    attempts: list[tuple[str, str]] | None = None
    provider_prices: Any = None
    key_id: str | None = None        # budget scope `key`: 16 hex of the team key's sha256 (proxy.budget.scopes)
    end_user: str | None = None      # budget scope `end user`: its keyed hash, never the id as sent
    tier_premium: str | None = None  # may be served at Priority unasked, not pinned: reserved so (budget.tier47)

    def __init__(self, request_id: str, provider: str, kind: str, route: str, **given: Any) -> None:
        self.request_id, self.provider, self.kind, self.route = request_id, provider, kind, route
        self.started = time.perf_counter()
        self.ts = utc_timestamp()
        self.checks = []
        if given:
            unknown = given.keys() - _FIELDS
            if unknown:
                raise TypeError(f"Exchange() got unexpected keyword arguments {sorted(unknown)}")
            for name, value in given.items():
                setattr(self, name, value)

    def headers(self) -> dict[str, str]:
        """The `x-guardrail-*` headers every API answer carries."""
        out = {
            "x-guardrail-request-id": self.request_id,
            "x-guardrail-decision": self.decision,
        }
        if self.policy is not None:
            out["x-guardrail-policy"] = f"{self.policy}@{self.policy_version}"
        if self.budget and self.budget.get("remaining_usd") is not None:
            out["x-guardrail-budget-remaining"] = f"{self.budget['remaining_usd']:.6f}"
        if self.clamped_max_tokens is not None:
            out["x-guardrail-clamped-max-tokens"] = str(self.clamped_max_tokens)
        return out

    def recorded_model(self) -> str | None:
        """The model as records and the spend store may show it: `model_label` (the flow sets it from the
        known models, `proxy.modelname`), else the name when the built-in price table has it exactly,
        else the marker."""
        if self.model is None:
            return None
        if self.model_label is not None:
            return self.model_label
        return builtin_name(self.model, self.provider) or UNLISTED

    def record(self) -> dict[str, Any]:
        """The decision record: entity types, counts and scores only, never text or keys."""
        usage = self.usage or Usage()
        rec: dict[str, Any] = {
            "ts": self.ts,
            "request_id": self.request_id,
            "team": self.team,
            "route": self.route,
            "model": self.model_label if self.model_label is not None and self.model is not None else
            self.recorded_model(),  # `recorded_model`: the label the flow set, else decided there
            "stream": self.stream,
            "policy": self.policy,
            "policy_version": self.policy_version,
            "mode": self.mode,
            "decision": self.decision,
            "status": self.status,
            "checks": self.checks,
            "usage": {"input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens},
            "cost_usd": self.cost_usd,
            "budget": self.budget,
            "upstream": {"status": self.upstream_status,
                         "ms": None if self.upstream_ms is None else round(self.upstream_ms, 3)},
            "latency_ms": {"total": round((time.perf_counter() - self.started) * 1000, 3),
                           "guard": round(self.guard_ms, 3)},
        }
        if self.prompt is not None:
            rec["input"] = self.prompt
        if self.answer is not None:
            rec["output"] = self.answer
        if self.queue is not None:
            rec["latency_ms"]["queue"] = round(self.queue.wait_s * 1000, 3)
            if self.queue.model_wait_s:
                rec["latency_ms"]["model_queue"] = round(self.queue.model_wait_s * 1000, 3)
        if self.upstream_name is not None:  # provider names come from proxy.yaml; outcomes are codes
            rec["upstream"]["provider"] = self.upstream_name
            if self.attempts is not None and len(self.attempts) > 1:
                rec["upstream"]["attempts"] = [{"provider": p, "outcome": o} for p, o in self.attempts]
        if self.usage_estimated:
            rec["usage"]["estimated"] = True
        if self.error:
            rec["error"] = self.error
        if self.client_disconnected:
            rec["client_disconnected"] = True
        if self.clamped_max_tokens is not None:
            rec["clamped_max_tokens"] = self.clamped_max_tokens
        if self.overrun_usd is not None:
            rec["overrun_usd"] = self.overrun_usd
        if self.end_user is not None:
            rec["end_user"] = self.end_user  # the keyed hash (budgets.yaml per_end_user)
        return rec


_FIELDS = frozenset(f.name for f in fields(Exchange))
