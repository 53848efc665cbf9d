"""Prometheus metrics (`GET /metrics`), one registry per app, fed from each finished exchange.

Series: requests by team/route/decision/status, request and upstream latency, check latency by
check and phase, check score distributions (how drift shows), PII findings by entity type, tokens
and spend by team, budget remaining by team and window. Label values come from config (team,
policy) or fixed vocabularies (route, check, entity), never from user text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from proxy.exchange import Exchange

_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
_SCORE_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("guardrail_requests", "Requests by team, route, decision and HTTP status.",
                                ["team", "route", "decision", "status"], registry=r)
        self.latency = Histogram("guardrail_request_duration_seconds", "Time from request to last byte, by route.",
                                 ["route"], buckets=_LATENCY_BUCKETS, registry=r)
        self.guard_latency = Histogram("guardrail_guard_duration_seconds", "Time spent in checks per request.",
                                       ["route"], buckets=_LATENCY_BUCKETS, registry=r)
        self.upstream = Histogram("guardrail_upstream_duration_seconds", "Time spent waiting for the provider.",
                                  ["provider"], buckets=_LATENCY_BUCKETS, registry=r)
        self.check_latency = Histogram("guardrail_check_duration_seconds", "Latency of each check, by phase.",
                                       ["check", "phase"], buckets=_LATENCY_BUCKETS, registry=r)
        self.check_actions = Counter("guardrail_check_actions", "Check outcomes by check, phase and action.",
                                     ["check", "phase", "action"], registry=r)
        self.scores = Histogram("guardrail_check_score", "Distribution of check scores (e.g. toxicity labels).",
                                ["check", "label", "phase"], buckets=_SCORE_BUCKETS, registry=r)
        self.findings = Counter("guardrail_pii_findings", "PII findings by entity type and phase.",
                                ["entity", "phase"], registry=r)
        self.tokens = Counter("guardrail_tokens", "Tokens by team and direction.", ["team", "direction"], registry=r)
        self.spend = Counter("guardrail_spend_usd", "Spend in USD by team.", ["team"], registry=r)
        self.budget_remaining = Gauge("guardrail_budget_remaining_usd", "Budget left in the current window.",
                                      ["team", "window"], registry=r)

        # labels() takes a lock and builds a key each call; the hot series are cached here.
        self._children: dict[tuple[Any, ...], Any] = {}

    def _child(self, metric: Any, *labels: str) -> Any:
        key = (id(metric), *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def observe(self, ex: Exchange, total_s: float | None = None) -> None:
        team = ex.team or ""
        self._child(self.requests, team, ex.route, ex.decision, str(ex.status)).inc()
        if total_s is not None:
            self._child(self.latency, ex.route).observe(total_s)
        if ex.guard_ms:
            self._child(self.guard_latency, ex.route).observe(ex.guard_ms / 1000)
        if ex.upstream_ms is not None:
            self._child(self.upstream, ex.provider).observe(ex.upstream_ms / 1000)
        for check in ex.checks:
            self._observe_check(check)
        if ex.usage is not None:
            self._child(self.tokens, team, "input").inc(ex.usage.input_tokens)
            self._child(self.tokens, team, "output").inc(ex.usage.output_tokens)
        if ex.cost_usd:
            self.spend.labels(team).inc(ex.cost_usd)
        budget = ex.budget or {}
        if budget.get("remaining_usd") is not None and budget.get("window"):
            self.budget_remaining.labels(team, str(budget["window"])).set(budget["remaining_usd"])

    def _observe_check(self, check: dict[str, Any]) -> None:
        name, phase = str(check.get("check", "")), str(check.get("phase", ""))
        if isinstance(check.get("ms"), int | float):
            self.check_latency.labels(name, phase).observe(check["ms"] / 1000)
        self.check_actions.labels(name, phase, str(check.get("action", ""))).inc()
        scores = check.get("scores")
        if isinstance(scores, dict):
            for label, value in scores.items():
                if isinstance(value, int | float):
                    self.scores.labels(name, str(label), phase).observe(float(value))
        findings = check.get("findings")
        if isinstance(findings, dict):
            for entity, count in findings.items():
                if isinstance(count, int):
                    self.findings.labels(str(entity), phase).inc(count)

    def render(self) -> bytes:
        return generate_latest(self.registry)
