"""Prometheus metrics (`GET /metrics`), one registry per app, fed from each finished exchange.

Series: requests by team/route/decision/status, request and upstream latency, check latency by
check and phase, check score distributions (how drift shows), PII findings by entity type, tokens
and spend by team, budget remaining and cap by team and window; per model, what goes in and comes
out (input and output token histograms, finish reasons, refusals and content-filter stops, tool
calls) and prompt languages by team. Label values come from config (team, policy), fixed
vocabularies (route, check, entity, finish reason, language code) or the recorded model name (at most
`MAX_MODELS` of them), never from user text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.utils import floatToGoString

from proxy.budget.results import metric_scope
from proxy.edge.health import failed_outcome

if TYPE_CHECKING:
    from collections.abc import Iterator

    from proxy.exchange import Exchange
    from proxy.providers.base import Usage

_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
_TOKEN_BUCKETS = (16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576)
_SCORE_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: Distinct `model` label values a registry keeps; later ones share `OTHER_MODELS`. The values are the
#: records' model names (`proxy.modelname`: known or model-shaped names, never free text), and this
#: bounds what a client naming many model-shaped names can add.
MAX_MODELS = 64
OTHER_MODELS = "(other)"
_OTHER_KEY = (OTHER_MODELS,)
# `guardrail_provider_up` of the usual outcomes (`failed_outcome` decides any other).
_UP = {"200": 1.0, "201": 1.0, "204": 1.0}


class _Family:
    """One metric and its series, kept as plain numbers: updated on the event loop with a dict
    operation (prometheus-client's own metric objects take a lock and validate on every call, which
    showed up in the proxy's per-request CPU), turned into Prometheus families only when scraped."""

    __slots__ = ("buckets", "doc", "kind", "labels", "name", "values")

    def __init__(self, kind: str, name: str, doc: str, labels: tuple[str, ...],
                 buckets: tuple[float, ...] = ()) -> None:
        self.kind, self.name, self.doc, self.labels, self.buckets = kind, name, doc, labels, buckets
        # counter/gauge: labels -> value (a new one starts at 0.0); histogram: labels -> [count per bucket
        # (not cumulative)..., +Inf, sum] (a new one starts at zeros)
        self.values: dict[tuple[str, ...], Any] = defaultdict(float) if kind != "histogram" else _Series(len(buckets))

    def inc(self, labels: tuple[str, ...], amount: float = 1.0) -> None:
        self.values[labels] += amount

    def set(self, labels: tuple[str, ...], value: float) -> None:
        self.values[labels] = float(value)

    def observe(self, labels: tuple[str, ...], value: float) -> None:
        series = self.values[labels]
        series[bisect_left(self.buckets, value)] += 1  # the first bucket whose bound is >= value
        series[-1] += value

    def family(self) -> Metric:
        items = list(self.values.items())
        if self.kind == "histogram":
            hist = HistogramMetricFamily(self.name, self.doc, labels=self.labels)
            bounds = [floatToGoString(b) for b in self.buckets] + ["+Inf"]  # type: ignore[no-untyped-call]
            for labels, series in items:
                total, cumulative = 0, []
                for bound, count in zip(bounds, series, strict=False):
                    total += count
                    cumulative.append((bound, total))
                hist.add_metric(list(labels), cumulative, series[-1])
            return hist
        fam: Metric = (CounterMetricFamily if self.kind == "counter" else GaugeMetricFamily)(
            self.name, self.doc, labels=self.labels)
        for labels, value in items:
            fam.add_metric(list(labels), value)  # type: ignore[attr-defined]
        return fam


class _Series(dict[tuple[str, ...], list[Any]]):
    """A histogram's series by labels: a new one is made on first use (one lookup per observation)."""

    __slots__ = ("size",)

    def __init__(self, buckets: int) -> None:
        super().__init__()
        self.size = buckets + 1  # the buckets and +Inf

    def __missing__(self, labels: tuple[str, ...]) -> list[Any]:
        series = self[labels] = [0] * self.size + [0.0]
        return series


class _Collector:
    def __init__(self, families: list[_Family]) -> None:
        self.families = families

    def collect(self) -> Iterator[Metric]:
        for fam in self.families:
            yield fam.family()

    def describe(self) -> Iterator[Metric]:
        return self.collect()


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._families: list[_Family] = []
        f = self._family
        self.requests = f("counter", "guardrail_requests", "Requests by team, route, decision and HTTP status.",
                          "team", "route", "decision", "status")
        self.latency = f("histogram", "guardrail_request_duration_seconds", "Time from request to last byte, by route.",
                         "route")
        self.guard_latency = f("histogram", "guardrail_guard_duration_seconds", "Time spent in checks per request.",
                               "route")
        self.upstream = f("histogram", "guardrail_upstream_duration_seconds", "Time spent waiting for the provider.",
                          "provider")
        self.check_latency = f("histogram", "guardrail_check_duration_seconds", "Latency of each check, by phase.",
                               "check", "phase")
        self.check_actions = f("counter", "guardrail_check_actions", "Check outcomes by check, phase and action.",
                               "check", "phase", "action")
        self.scores = f("histogram", "guardrail_check_score", "Distribution of check scores (e.g. toxicity labels).",
                        "check", "label", "phase", buckets=_SCORE_BUCKETS)
        self.findings = f("counter", "guardrail_pii_findings", "PII findings by entity type and phase.",
                          "entity", "phase")
        self.tokens = f("counter", "guardrail_tokens", "Tokens by team and direction.", "team", "direction")
        self.spend = f("counter", "guardrail_spend_usd", "Spend in USD by team.", "team")
        self.attempts = f("counter", "guardrail_upstream_attempts", "Requests sent to each named provider, by outcome "
                          "(HTTP status, timeout, unreachable); several per request when a fallback was tried.",
                          "provider", "outcome")
        self.provider_up = f("gauge", "guardrail_provider_up", "1 when a provider's last answer was not a failure "
                             "(connection error, timeout, 429, 5xx), else 0.", "provider")
        self.budget_remaining = f("gauge", "guardrail_budget_remaining_usd", "Budget left in the current window.",
                                  "team", "window")
        self.budget_cap = f("gauge", "guardrail_budget_cap_usd", "The budget's cap in the current window.",
                            "team", "window")
        self.input_tokens = f("histogram", "guardrail_input_tokens", "Input tokens per request, by model.", "model",
                              buckets=_TOKEN_BUCKETS)
        self.output_tokens = f("histogram", "guardrail_output_tokens", "Output tokens per answer, by model.", "model",
                               buckets=_TOKEN_BUCKETS)
        self.answers = f("counter", "guardrail_answers", "Answers read from the provider, by model.", "model")
        self.finish = f("counter", "guardrail_finish_reasons", "Finish and stop reasons of answers, by model.",
                        "model", "reason")
        self.refusals = f("counter", "guardrail_refusals",
                          "Answers the model refused (kind=refusal) or the provider's filter stopped "
                          "(kind=content_filter), by model.", "model", "kind")
        self.tool_calls = f("counter", "guardrail_tool_calls", "Tool calls in answers, by model.", "model")
        self.languages = f("counter", "guardrail_prompt_languages", "Requests by team and the language of the "
                           "users' text (ISO 639-1; und: too short to tell).", "team", "lang")
        self.budget_refusals = f("counter", "guardrail_budget_refusals",
                                 "Requests a budget scope refused (mode enforce) or would have refused (mode warn), "
                                 "by team, scope (team, model:<glob>, key, end_user) and mode.",
                                 "team", "scope", "mode")
        self.overrun = f("counter", "guardrail_budget_overrun_usd",
                         "USD billed above the budget reservation (the bound missed): should stay 0.", "team")
        self.queue_wait = f("histogram", "guardrail_guard_queue_seconds",
                            "Time a request's checks waited for a guard worker, by team.", "team")
        self.pool_workers = f("gauge", "guardrail_guard_workers", "Guard worker processes by state.", "pool", "state")
        self.pool_depth = f("gauge", "guardrail_guard_queue_depth", "Slices waiting for a guard worker, by team.",
                            "pool", "team")
        self.pool_events = f("counter", "guardrail_guard_jobs",
                             "Guard jobs by outcome (done, cancelled, failed) and workers recycled.", "pool", "outcome")
        # Called at scrape time: {pool name: WorkerPool.stats()}.
        self.pool_stats: Callable[[], dict[str, dict[str, Any]]] | None = None
        self._models: dict[str, tuple[str]] = {}  # label -> its label tuple, at most MAX_MODELS
        self.registry.register(_Collector(self._families))

    def _family(self, kind: str, name: str, doc: str, *labels: str,
                buckets: tuple[float, ...] = _LATENCY_BUCKETS) -> _Family:
        fam = _Family(kind, name, doc, labels, buckets if kind == "histogram" else ())
        self._families.append(fam)
        return fam

    def _model(self, ex: Exchange) -> tuple[str]:
        """The `model` label of an exchange, as a label tuple: its recorded name (`Exchange.recorded_model`,
        `(none)` without one), the first `MAX_MODELS` distinct ones, later ones `OTHER_MODELS`."""
        label = ((ex.model_label if ex.model_label is not None else ex.recorded_model()) if ex.model is not None
                 else None) or "(none)"
        key = self._models.get(label)
        if key is None:
            if len(self._models) >= MAX_MODELS:
                return _OTHER_KEY
            key = self._models[label] = (label,)
        return key

    def observe(self, ex: Exchange, total_s: float | None = None) -> None:
        # Every series a request updates is counted in place: `_Family.inc`, `_Family.observe` inlined (a
        # call less each; a plain request updates about a dozen). Histograms: `_Family.observe`'s two steps.
        team = ex.team or ""
        route = ex.route
        self.requests.values[(team, route, ex.decision, str(ex.status))] += 1.0
        if total_s is not None:
            series = self.latency.values[(route,)]
            series[bisect_left(_LATENCY_BUCKETS, total_s)] += 1
            series[-1] += total_s
        if ex.guard_ms:
            self.guard_latency.observe((route,), ex.guard_ms / 1000)
        if ex.queue is not None:
            self.queue_wait.observe((team,), ex.queue.wait_s)
        if ex.upstream_ms is not None:
            value = ex.upstream_ms / 1000
            series = self.upstream.values[(ex.upstream_name or ex.provider,)]
            series[bisect_left(_LATENCY_BUCKETS, value)] += 1
            series[-1] += value
        attempts = ex.attempts
        if attempts:  # provider names come from proxy.yaml, outcomes from a fixed set: bounded labels
            counts, up = self.attempts.values, self.provider_up.values
            for name, outcome in attempts:
                counts[(name, outcome)] += 1.0
                up[(name,)] = _UP.get(outcome) or (0.0 if failed_outcome(outcome) else 1.0)
        if ex.checks:
            for check in ex.checks:
                self._observe_check(check)
        usage = ex.usage
        if usage is not None:
            tokens = self.tokens.values
            tokens[(team, "input")] += usage.input_tokens
            tokens[(team, "output")] += usage.output_tokens
        prompt, answer = ex.prompt, ex.answer
        if prompt is not None or answer is not None:  # `_observe_features`, inlined
            model = self._model(ex)
            if prompt is not None:
                if "lang" in prompt:
                    self.languages.values[(team, str(prompt["lang"]))] += 1.0
                if usage is not None:
                    series = self.input_tokens.values[model]
                    series[bisect_left(_TOKEN_BUCKETS, usage.input_tokens)] += 1
                    series[-1] += usage.input_tokens
            if answer is not None:
                self._observe_answer(model, answer, usage)
        if ex.cost_usd:
            self.spend.values[(team,)] += ex.cost_usd
        if ex.overrun_usd:
            self.overrun.inc((team,), ex.overrun_usd)
        budget = ex.budget
        if not budget:
            return
        scope = str(budget.get("scope") or "team")
        if budget.get("remaining_usd") is not None and budget.get("window") and scope == "team":
            self.budget_remaining.set((team, str(budget["window"])), budget["remaining_usd"])
            if budget.get("cap_usd") is not None:
                self.budget_cap.set((team, str(budget["window"])), budget["cap_usd"])
        if ex.error == "budget_exceeded":
            self.budget_refusals.inc((team, metric_scope(scope), "enforce"))
        elif isinstance(budget.get("would_block"), dict):
            self.budget_refusals.inc((team, metric_scope(str(budget["would_block"].get("scope"))), "warn"))

    def _observe_answer(self, model: tuple[str], answer: dict[str, Any], usage: Usage | None) -> None:
        """The per-model series of an answer's `output` object (`proxy.features.summarise`'s keys)."""
        self.answers.values[model] += 1.0
        if usage is not None:
            series = self.output_tokens.values[model]
            series[bisect_left(_TOKEN_BUCKETS, usage.output_tokens)] += 1
            series[-1] += usage.output_tokens
        finish = answer["finish"]
        if finish:
            name = model[0]
            counts = self.finish.values
            for reason in finish:
                counts[(name, str(reason))] += 1.0
        if answer["refusal"]:
            self.refusals.inc((model[0], "refusal"))
        if answer["filtered"]:
            self.refusals.inc((model[0], "content_filter"))
        if answer["tool_calls"]:
            self.tool_calls.inc(model, answer["tool_calls"])

    def _observe_check(self, check: dict[str, Any]) -> None:
        name, phase = str(check.get("check", "")), str(check.get("phase", ""))
        if isinstance(check.get("ms"), int | float):
            self.check_latency.observe((name, phase), check["ms"] / 1000)
        self.check_actions.inc((name, phase, str(check.get("action", ""))))
        scores = check.get("scores")
        if isinstance(scores, dict):
            for label, value in scores.items():
                if isinstance(value, int | float):
                    self.scores.observe((name, str(label), phase), float(value))
        findings = check.get("findings")
        if isinstance(findings, dict):
            for entity, count in findings.items():
                if isinstance(count, int):
                    self.findings.inc((str(entity), phase), count)

    def _pools(self) -> None:
        pools = self.pool_stats() if self.pool_stats is not None else {}
        self.pool_depth.values.clear()
        for name, st in pools.items():
            self.pool_workers.set((name, "alive"), st["alive"])
            self.pool_workers.set((name, "busy"), st["busy"])
            self.pool_workers.set((name, "starting"), st["starting"])
            self.pool_workers.set((name, "configured"), st["workers"])
            for team, depth in st["queue_depth"].items():
                self.pool_depth.set((name, team), depth)
            for outcome in ("done", "cancelled", "failed"):
                self.pool_events.set((name, outcome), st[f"jobs_{outcome}"])
            self.pool_events.set((name, "worker_recycled"), st["workers_recycled"])

    def render(self) -> bytes:
        self._pools()
        return generate_latest(self.registry)
