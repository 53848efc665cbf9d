"""A synthetic decision log: N hash-chained records that look like a month of real traffic.

Several teams on the `default` and `strict` policies (one in monitor mode), OpenAI and Anthropic
models at list prices, weekday-heavy traffic, PII findings on input and output, toxicity and bias
scores that drift upward over the period (so the report's drift statistic has something to find),
blocks and flags, monthly budgets with `budget_alert` records and a few 429s, upstream errors, and
some older records without the newer fields. Records carry the `input` and `output` features (sizes,
counts, language, finish reasons, refusals), drawn from a second random stream so the rest of the log
does not change with them; `Shift` plants a change from one day on (a model whose answers get
shorter and refuse more, a team whose prompts switch language) for the drift tests. Written through
`proxy.audit.DecisionLog`, so `guardrail-proxy audit verify` accepts the file.

    .venv/bin/python bench/synth_log.py 100000 -o bench/out/synth.jsonl [--days 30] [--seed 7]
        [--shift-model gpt-4o --shift-model-day 20] [--shift-team marketing --shift-team-day 15]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from proxy.audit import DecisionLog

# team: (traffic weight, policy, mode, models it uses with weights, monthly cap factor)
TEAMS: dict[str, tuple[float, str, str, dict[str, float], float]] = {
    "support": (30, "strict", "enforce", {"gpt-4o-mini": 6, "claude-3-5-haiku-latest": 3, "gpt-4o": 1}, 1.6),
    "marketing": (18, "default", "enforce", {"gpt-4o": 5, "gpt-4o-mini": 3, "claude-sonnet-4-20250514": 2}, 0.9),
    "research": (14, "default", "enforce", {"claude-sonnet-4-20250514": 5, "o3-mini": 3, "gpt-4.1": 2}, 0.75),
    "engineering": (20, "default", "enforce", {"gpt-4.1": 4, "claude-sonnet-4-20250514": 4, "gpt-4o-mini": 2}, 1.3),
    "legal": (6, "strict", "enforce", {"gpt-4o": 3, "claude-sonnet-4-20250514": 3}, 2.0),
    "data-science": (12, "default", "monitor", {"gpt-4o-mini": 4, "o3-mini": 3, "gpt-4.1": 3}, 1.1),
}
# model: (provider, USD per 1M input, per 1M output, median input tokens, median output tokens)
MODELS: dict[str, tuple[str, float, float, int, int]] = {
    "gpt-4o": ("openai", 2.5, 10.0, 900, 350),
    "gpt-4o-mini": ("openai", 0.15, 0.6, 700, 250),
    "gpt-4.1": ("openai", 2.0, 8.0, 1500, 500),
    "o3-mini": ("openai", 1.1, 4.4, 800, 900),
    "claude-sonnet-4-20250514": ("anthropic", 3.0, 15.0, 1400, 450),
    "claude-3-5-haiku-latest": ("anthropic", 0.8, 4.0, 600, 220),
}
ENTITIES = {"PERSON": 40, "EMAIL_ADDRESS": 22, "PHONE_NUMBER": 14, "IP_ADDRESS": 8, "IBAN_CODE": 4,
            "CREDIT_CARD": 3, "US_SSN": 2}
TOX_THRESHOLDS = {"toxicity": 0.8, "severe_toxicity": 0.5, "threat": 0.6, "insult": 0.8, "identity_attack": 0.6}
ALERT_AT = (0.5, 0.8, 0.95)
# The language mix of each team's prompts (ISO 639-1; und: too short to tell).
LANGS: dict[str, dict[str, float]] = {
    "support": {"en": 70, "de": 12, "fr": 8, "es": 6, "und": 4}, "marketing": {"en": 85, "es": 6, "und": 9},
    "research": {"en": 92, "und": 8}, "engineering": {"en": 88, "und": 12}, "legal": {"en": 75, "de": 20, "und": 5},
    "data-science": {"en": 90, "und": 10},
}
TOOL_TEAMS = {"engineering": 0.3, "data-science": 0.15, "support": 0.1}


class Shift(NamedTuple):
    """A planted change from a day on (0-based day index of the log)."""

    model: str | None = None          # its answers get shorter (x0.4) and refuse far more (12% vs 1%)
    model_day: int = 0
    team: str | None = None           # its prompts switch language (90% French)
    team_day: int = 0


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0.0, sigma))


class Synth:
    """Generates records in time order; keeps monthly spend per team for budgets and alerts."""

    def __init__(self, n: int, days: int, seed: int, start: datetime, shift: Shift | None = None,
                 score_drift: bool = True) -> None:
        self.rng = random.Random(seed)
        self.frng = random.Random(seed + 1)  # the input/output features: the rest of the log stays as it was
        self.shift = shift or Shift()
        self.score_drift = score_drift
        self.n, self.days, self.start = n, days, start
        self.spent: dict[tuple[str, str], float] = {}
        self.alerted: set[tuple[str, str, float]] = set()
        weight_sum = sum(t[0] for t in TEAMS.values())
        months = max(1.0, days / 30)
        # caps: a factor of each team's expected monthly spend, so some cross their alert thresholds
        self.caps = {team: round(n / months * w / weight_sum * self._mean_cost(models) * f, 2)
                     for team, (w, _, _, models, f) in TEAMS.items()}

    @staticmethod
    def _mean_cost(models: dict[str, float], samples: int = 4000) -> float:
        rng = random.Random(0)
        total = 0.0
        for _ in range(samples):
            _, p_in, p_out, med_in, med_out = MODELS[_pick(rng, models)]
            total += (_lognormal(rng, med_in, 0.9) * p_in + _lognormal(rng, med_out, 0.8) * p_out) / 1e6
        return total / samples

    def timestamps(self) -> list[datetime]:
        """N sorted instants; weekdays get three times the traffic of weekend days."""
        weights = [1.0 if (self.start + timedelta(days=d)).weekday() < 5 else 0.35 for d in range(self.days)]
        counts = [int(self.n * w / sum(weights)) for w in weights]
        counts[-1] += self.n - sum(counts)
        out: list[datetime] = []
        for d, count in enumerate(counts):
            base = self.start + timedelta(days=d)
            out.extend(base + timedelta(seconds=s) for s in sorted(self.rng.uniform(0, 86400) for _ in range(count)))
        return out

    def _checks(self, policy: str, t: float, phase: str) -> tuple[list[dict[str, Any]], str]:
        """The checks of one phase and the strongest action they took."""
        rng = self.rng
        checks: list[dict[str, Any]] = []
        worst = "allow"
        pii_rate = (0.22 if policy == "strict" else 0.14) if phase == "input" else 0.05
        findings: dict[str, int] = {}
        if rng.random() < pii_rate:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                entity = _pick(rng, ENTITIES)
                findings[entity] = findings.get(entity, 0) + rng.choice((1, 1, 2))
        action = "allow"
        if findings:
            action = "block" if policy == "strict" and {"CREDIT_CARD", "US_SSN"} & set(findings) else "redact"
        checks.append({"phase": phase, "check": "pii", "action": action, "findings": findings,
                       "ms": round(_lognormal(rng, 6.0 if phase == "input" else 4.0, 0.5), 3)})
        worst = action
        # toxicity: log-normal around a median that rises over the period, plus a few hostile prompts
        if not self.score_drift:
            t = 0.0
        mu = -7.0 + 1.0 * t if phase == "input" else -7.8 + 0.45 * t
        tox = min(0.999, math.exp(rng.gauss(mu, 1.6)))
        if phase == "input" and rng.random() < 0.002 + 0.004 * t:
            tox = rng.uniform(0.6, 0.99)
        scores = {"toxicity": tox}
        if phase == "input":
            scores.update(severe_toxicity=tox * rng.uniform(0, 0.25), insult=tox * rng.uniform(0.3, 1.0),
                          threat=tox * rng.uniform(0, 0.3), identity_attack=tox * rng.uniform(0, 0.4))
        scores = {k: round(v, 5) for k, v in scores.items()}
        blocked = any(v >= TOX_THRESHOLDS[k] for k, v in scores.items())
        checks.append({"phase": phase, "check": "toxicity", "action": "block" if blocked else "allow",
                       "scores": scores, "ms": round(_lognormal(rng, 14.0, 0.4), 3)})
        if blocked:
            worst = "block"
        if phase == "input":
            bias = round(min(0.999, math.exp(rng.gauss(-5.0, 1.9))), 5)
            checks.append({"phase": phase, "check": "bias", "action": "flag" if bias >= 0.5 else "allow",
                           "scores": {"bias": bias}, "ms": round(_lognormal(rng, 2.0, 0.3), 3)})
            if bias >= 0.5 and worst in ("allow", "redact"):
                worst = "flag"
            if policy == "strict" and rng.random() < 0.001:
                checks.append({"phase": phase, "check": "patterns", "action": "block",
                               "findings": {"codenames": 1}, "ms": 0.05})
                worst = "block"
        return checks, worst

    def _input(self, team: str, day: int) -> dict[str, Any]:
        rng = self.frng
        messages = 1 + int(rng.expovariate(0.5))
        langs = LANGS[team]
        if self.shift.team == team and day >= self.shift.team_day:
            langs = {"fr": 90, "en": 6, "und": 4}
        tools = rng.choice((1, 2, 4, 6)) if rng.random() < TOOL_TEAMS.get(team, 0.02) else 0
        return {"chars": int(_lognormal(rng, 2600, 0.9)), "messages": messages, "tools": tools,
                "lang": _pick(rng, langs)}

    def _output(self, provider: str, team: str, tout: int, shifted: bool) -> dict[str, Any]:
        rng = self.frng
        refusal = rng.random() < (0.12 if shifted else 0.01)
        filtered = not refusal and rng.random() < 0.002
        tool = not refusal and not filtered and rng.random() < TOOL_TEAMS.get(team, 0.02)
        length = rng.random() < 0.03
        if provider == "anthropic":
            reason = ("refusal" if refusal else "tool_use" if tool else "max_tokens" if length else "end_turn")
        else:
            reason = ("content_filter" if filtered else "tool_calls" if tool else "length" if length else "stop")
        return {"chars": int(tout * rng.uniform(3.2, 4.6)), "finish": [reason], "refusal": refusal,
                "filtered": filtered, "tool_calls": rng.choice((1, 1, 2)) if tool else 0}

    def request(self, i: int, ts: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """One decision record, and the budget alerts it triggers."""
        rng = self.rng
        t = i / max(self.n - 1, 1)
        team = _pick(rng, {k: v[0] for k, v in TEAMS.items()})
        _, policy, mode, models, _ = TEAMS[team]
        model = _pick(rng, models)
        provider, p_in, p_out, med_in, med_out = MODELS[model]
        stream = rng.random() < 0.45
        rec: dict[str, Any] = {
            "ts": ts.isoformat(timespec="milliseconds"), "request_id": f"req_{rng.getrandbits(128):032x}",
            "team": team, "route": "/v1/messages" if provider == "anthropic" else "/v1/chat/completions",
            "model": model, "stream": stream, "policy": policy, "policy_version": "3" if policy == "strict" else "7",
            "mode": mode, "decision": "allow", "status": 200,
        }
        window = f"monthly:{ts:%Y-%m}"
        cap = self.caps[team]
        spent = self.spent.get((team, window), 0.0)
        checks, decision = self._checks(policy, t, "input")
        rec["input"] = self._input(team, (ts - self.start).days)
        usage: dict[str, Any] | None = {"input_tokens": 0, "output_tokens": 0}
        cost: float | None = 0.0
        upstream: dict[str, Any] = {"status": None, "ms": None}
        guard = sum(c["ms"] for c in checks)
        alerts: list[dict[str, Any]] = []
        if spent >= cap * 0.999:
            checks.append({"phase": "input", "check": "budget", "action": "block", "ms": 0.3})
            decision, rec["status"], rec["error"] = "block", 429, "budget_exceeded"
        elif decision == "block" and mode == "enforce":
            rec["status"] = 400
        elif rng.random() < 0.006:
            upstream = {"status": rng.choice((502, 504)), "ms": round(_lognormal(rng, 3000, 0.8), 3)}
            rec["status"], rec["error"], usage, cost = upstream["status"], "upstream_error", None, None
        else:
            tin = max(5, int(_lognormal(rng, med_in, 0.9)))
            tout = max(1, int(_lognormal(rng, med_out, 0.8)))
            day = (ts - self.start).days
            shifted = self.shift.model == model and day >= self.shift.model_day
            if shifted:
                tout = max(1, int(tout * 0.4))
            rec["output"] = self._output(provider, team, tout, shifted)
            usage = {"input_tokens": tin, "output_tokens": tout}
            cost = round((tin * p_in + tout * p_out) / 1e6, 8)
            upstream = {"status": 200, "ms": round(_lognormal(rng, 350 + 9 * tout ** 0.8, 0.45), 3)}
            out_checks, out_worst = self._checks(policy, t, "output")
            checks += out_checks
            guard += sum(c["ms"] for c in out_checks)
            if out_worst == "block" or (out_worst == "redact" and decision in ("allow", "flag")):
                decision = out_worst
            new_spent = spent + cost
            self.spent[(team, window)] = new_spent
            for frac in ALERT_AT:
                if spent < frac * cap <= new_spent and (team, window, frac) not in self.alerted:
                    self.alerted.add((team, window, frac))
                    alerts.append({"type": "budget_alert", "ts": rec["ts"], "team": team, "window": "monthly",
                                   "period": f"{ts:%Y-%m}", "threshold": frac, "spent_usd": round(new_spent, 6),
                                   "cap_usd": cap})
        if mode == "monitor":
            for c in checks:
                if c["action"] in ("block", "redact", "flag") and c["check"] != "budget":
                    c["action"] = "would_" + c["action"]
            decision = "block" if rec["status"] == 429 else "allow"
        rec["decision"] = decision
        if "output" in rec:  # written after the checks, as the proxy does
            rec["output"] = rec.pop("output")
        rec.update(checks=checks, usage=usage, cost_usd=cost)
        if cost is not None and cost > 0:
            rec["budget"] = {"reserved_usd": round(cost * rng.uniform(1.5, 4), 8), "charged_usd": cost,
                             "window": "monthly", "spent_usd": round(self.spent[(team, window)], 6), "cap_usd": cap}
        else:
            rec["budget"] = None
        rec["upstream"] = upstream
        rec["latency_ms"] = {"total": round(guard + (upstream["ms"] or 0.0) + _lognormal(rng, 1.2, 0.3), 3),
                             "guard": round(guard, 3)}
        if rng.random() < 0.01:  # written by an older version: no budget, mode or guard latency
            for key in ("budget", "mode", "policy_version", "input", "output"):
                rec.pop(key, None)
            rec["latency_ms"].pop("guard")
        return rec, alerts


def generate(path: Path, n: int, days: int = 30, seed: int = 7,
             start: datetime = datetime(2025, 6, 2, tzinfo=UTC), shift: Shift | None = None,
             score_drift: bool = True) -> int:
    """Write `n` request records (and the budget alerts they cause) to a fresh log; returns lines written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    synth = Synth(n, days, seed, start, shift, score_drift)
    log = DecisionLog(path)
    lines = 0
    try:
        for i, ts in enumerate(synth.timestamps()):
            rec, alerts = synth.request(i, ts)
            log.write(rec)
            for alert in alerts:
                log.write(alert)
            lines += 1 + len(alerts)
    finally:
        log.close()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="number of request records")
    parser.add_argument("-o", "--output", default="bench/out/synth.jsonl")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shift-model", default=None, help="a model whose answers shorten and refuse more ...")
    parser.add_argument("--shift-model-day", type=int, default=20, help="... from this day (0-based)")
    parser.add_argument("--shift-team", default=None, help="a team whose prompts switch to French ...")
    parser.add_argument("--shift-team-day", type=int, default=15, help="... from this day (0-based)")
    args = parser.parse_args()
    started = time.perf_counter()
    shift = Shift(args.shift_model, args.shift_model_day, args.shift_team, args.shift_team_day)
    lines = generate(Path(args.output), args.n, args.days, args.seed, shift=shift)
    print(f"synth: {lines:,} lines -> {args.output} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
