"""proxy.exchange: one request's journey (the Exchange), its headers, its decision record, ids and timestamps."""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from proxy.exchange import Exchange, new_request_id, utc_timestamp
from proxy.guard.decision import Decision
from proxy.providers.base import Usage

ID = re.compile(r"req_[0-9a-f]{24}")


def test_request_ids_are_unique_and_count_up() -> None:
    ids = [new_request_id() for _ in range(1000)]
    assert all(ID.fullmatch(i) for i in ids)
    assert len(set(ids)) == 1000
    assert len({i[4:16] for i in ids}) == 1  # one random tag per process
    counters = [int(i[16:], 16) for i in ids]
    assert counters == list(range(counters[0], counters[0] + 1000))


def test_utc_timestamp_is_iso_8601_with_milliseconds() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = utc_timestamp()
    after = datetime.now(UTC)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", stamp), stamp
    assert before <= datetime.fromisoformat(stamp) <= after


def test_utc_timestamp_follows_the_clock_across_seconds() -> None:
    first = utc_timestamp()
    time.sleep(1.01)
    second = utc_timestamp()
    assert first[:19] != second[:19]  # the cached second moved on
    assert datetime.fromisoformat(second) > datetime.fromisoformat(first)


def ex(**fields: Any) -> Exchange:
    e = Exchange("req_1", "openai", "chat", "/v1/chat/completions")
    for name, value in fields.items():
        setattr(e, name, value)
    return e


def test_a_new_exchange() -> None:
    e = ex()
    # No policy until a team is known (issue 12 review, F11: a team-mode 401 claimed `default@builtin`).
    assert (e.team, e.model, e.stream, e.policy, e.policy_version, e.mode) == (
        None, None, False, None, None, "enforce")
    assert "x-guardrail-policy" not in e.headers()
    assert (e.decision, e.status, e.error, e.checks, e.usage, e.cost_usd) == (Decision.ALLOW, 0, None, [], None, None)
    assert (e.upstream_status, e.upstream_ms, e.guard_ms, e.client_disconnected, e.hold) == (None, None, 0.0, False,
                                                                                              None)
    assert ex().checks is not e.checks


def test_headers_every_answer_carries() -> None:
    e = ex(decision=Decision.REDACT, policy="strict", policy_version="abc123")
    assert e.headers() == {"x-guardrail-request-id": "req_1", "x-guardrail-decision": "redact",
                           "x-guardrail-policy": "strict@abc123"}


def test_the_remaining_budget_header() -> None:
    assert ex(budget={"remaining_usd": 1.5}).headers()["x-guardrail-budget-remaining"] == "1.500000"
    assert ex(budget={"remaining_usd": 0.0}).headers()["x-guardrail-budget-remaining"] == "0.000000"
    assert ex(budget={"remaining_usd": 2 / 3}).headers()["x-guardrail-budget-remaining"] == "0.666667"
    assert "x-guardrail-budget-remaining" not in ex(budget={"remaining_usd": None}).headers()
    assert "x-guardrail-budget-remaining" not in ex(budget={}).headers()
    assert "x-guardrail-budget-remaining" not in ex().headers()


def test_the_record_of_a_plain_request() -> None:
    e = ex(team="marketing", policy="default", policy_version="builtin", model="gpt-4o-mini", status=200,
           upstream_status=200, upstream_ms=12.34567,
           guard_ms=1.23456, usage=Usage(11, 7, cached_input_tokens=3), cost_usd=0.00042,
           checks=[{"phase": "input", "check": "pii", "action": "allow", "findings": {}, "ms": 1.2}])
    rec = e.record()
    latency = rec.pop("latency_ms")
    assert rec == {
        "ts": e.ts, "request_id": "req_1", "team": "marketing", "route": "/v1/chat/completions",
        "model": "gpt-4o-mini", "stream": False, "policy": "default", "policy_version": "builtin", "mode": "enforce",
        "decision": "allow", "status": 200, "checks": e.checks,
        "usage": {"input_tokens": 11, "output_tokens": 7}, "cost_usd": 0.00042, "budget": None,
        "upstream": {"status": 200, "ms": 12.346},
    }
    assert latency["guard"] == 1.235 and latency["total"] >= 0 and round(latency["total"], 3) == latency["total"]


def test_optional_record_fields_appear_only_when_they_say_something() -> None:
    rec = ex(status=502, error="upstream_unreachable").record()
    assert rec["error"] == "upstream_unreachable" and rec["upstream"] == {"status": None, "ms": None}
    assert rec["usage"] == {"input_tokens": 0, "output_tokens": 0}  # no usage: zeros, never missing
    assert "client_disconnected" not in rec and "estimated" not in rec["usage"]
    cut = ex(usage=Usage(5, 2), usage_estimated=True, client_disconnected=True).record()
    assert cut["usage"] == {"input_tokens": 5, "output_tokens": 2, "estimated": True}
    assert cut["client_disconnected"] is True and "error" not in cut


def test_the_record_holds_no_text() -> None:
    e = ex(model="gpt-4o-mini", checks=[{"phase": "input", "check": "pii", "action": "redact",
                                         "findings": {"EMAIL_ADDRESS": 1}, "ms": 1.0}])
    e.input_estimator = lambda: 42
    assert set(e.record()) == {"ts", "request_id", "team", "route", "model", "stream", "policy", "policy_version",
                               "mode", "decision", "status", "checks", "usage", "cost_usd", "budget", "upstream",
                               "latency_ms"}


def test_a_model_without_a_label_is_recorded_as_the_marker() -> None:
    assert ex(model="John-Smith-4o").record()["model"] == "<unlisted>"


def test_a_new_exchange_has_every_declared_default_and_takes_fields_by_keyword() -> None:
    """`Exchange.__init__` sets only what is made per request; every other field reads its declared default."""
    ex, other = Exchange("r", "openai", "chat", "/v1/chat/completions"), Exchange("s", "openai", "chat", "/v1/x")
    for f in dataclasses.fields(Exchange):
        if f.name in ("request_id", "provider", "kind", "route", "started", "ts"):
            continue
        expected = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        assert getattr(ex, f.name) == expected, f.name
    ex.checks.append({"check": "pii"})
    assert other.checks == [] and isinstance(ex.started, float) and ex.ts.endswith("+00:00")
    given = Exchange("r", "openai", "chat", "/v1/chat/completions", team="t", checks=[{"check": "x"}], ts="now")
    assert (given.team, given.checks, given.ts, given.model) == ("t", [{"check": "x"}], "now", None)
    with pytest.raises(TypeError):
        Exchange("r", "openai", "chat", "/v1/chat/completions", teem="t")
