"""Decision logs for the report tests: a hand-made one whose aggregates are known exactly, record
builders, and the synthetic generator (`bench/synth_log.py`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DAY1, DAY2 = "2025-01-06T10:00:00.000+00:00", "2025-01-07T10:00:00.000+00:00"


def synth_log() -> ModuleType:
    """`bench/synth_log.py`, loaded from its path: `bench` is not a package."""
    spec = importlib.util.spec_from_file_location("synth_log", ROOT / "bench" / "synth_log.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rec(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "ts": DAY1, "request_id": "req_x", "team": "a", "route": "/v1/chat/completions", "model": "gpt-4o",
        "stream": False, "policy": "default", "policy_version": "1", "mode": "enforce", "decision": "allow",
        "status": 200, "checks": [], "usage": {"input_tokens": 10, "output_tokens": 5}, "cost_usd": 0.0,
        "budget": None, "upstream": {"status": 200, "ms": 50.0}, "latency_ms": {"total": 60.0, "guard": 5.0}}
    base.update(fields)
    return base


def check(phase: str, name: str, action: str, **extra: Any) -> dict[str, Any]:
    return {"phase": phase, "check": name, "action": action, "ms": 1.0, **extra}


HAND_MADE = [
    rec(cost_usd=1.25, usage={"input_tokens": 100, "output_tokens": 50},
        checks=[check("input", "pii", "allow", findings={}),
                check("input", "toxicity", "allow", scores={"toxicity": 0.0005})]),
    rec(model="gpt-4o-mini", decision="redact", cost_usd=0.5,
        checks=[check("input", "pii", "redact", findings={"EMAIL_ADDRESS": 2, "PERSON": 1}),
                check("output", "pii", "redact", findings={"PHONE_NUMBER": 1})]),
    rec(team="b", policy="strict", decision="block", status=400, usage={"input_tokens": 0, "output_tokens": 0},
        upstream={"status": None, "ms": None}, latency_ms={"total": 8.0, "guard": 7.0},
        checks=[check("input", "pii", "block", findings={"CREDIT_CARD": 1})]),
    rec(ts=DAY2, team="b", policy="strict", decision="flag", cost_usd=None, usage=None,
        checks=[check("input", "bias", "flag", scores={"bias": 0.7})]),
    {"ts": DAY2, "request_id": "req_old", "model": "gpt-4o", "status": 200},   # an older record: few fields
    rec(ts=DAY2, status=502, error="upstream_unreachable", cost_usd=None, usage=None,
        upstream={"status": None, "ms": 3000.0}),
    rec(ts=DAY2, status=429, decision="block", error="budget_exceeded", cost_usd=None, usage=None,
        checks=[check("input", "budget", "block")]),
    rec(ts=DAY2, team="c", mode="monitor", cost_usd=2.0,
        checks=[check("input", "toxicity", "would_block", scores={"toxicity": 0.95})]),
    {"type": "budget_alert", "ts": DAY2, "team": "a", "window": "monthly", "period": "2025-01",
     "threshold": 0.8, "spent_usd": 80.0, "cap_usd": 100.0},
    {"type": "something_new", "ts": DAY2},
    {"ts": 12, "team": "z", "model": {"a": 1}, "decision": 5, "status": "200", "checks": "oops",
     "usage": "none", "cost_usd": "1.0", "latency_ms": [1], "upstream": 3},
]
