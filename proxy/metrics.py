"""Request counters in the Prometheus text format (`GET /metrics`).

A small, dependency-free core: counters by team, route and decision, and an upstream latency sum.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.exchange import Exchange


def _esc(value: str | None) -> str:
    return (value or "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str, str, int]] = Counter()
        self.tokens: Counter[tuple[str, str]] = Counter()
        self.upstream_seconds_sum = 0.0
        self.upstream_count = 0

    def observe(self, ex: Exchange) -> None:
        self.requests[(ex.team or "", ex.route, ex.decision, ex.status)] += 1
        if ex.usage is not None:
            self.tokens[(ex.team or "", "input")] += ex.usage.input_tokens
            self.tokens[(ex.team or "", "output")] += ex.usage.output_tokens
        if ex.upstream_ms is not None:
            self.upstream_seconds_sum += ex.upstream_ms / 1000
            self.upstream_count += 1

    def render(self) -> bytes:
        lines = ["# HELP guardrail_requests_total Requests by team, route, decision and HTTP status.",
                 "# TYPE guardrail_requests_total counter"]
        for (team, route, decision, status), n in sorted(self.requests.items()):
            lines.append(f'guardrail_requests_total{{team="{_esc(team)}",route="{_esc(route)}",'
                         f'decision="{decision}",status="{status}"}} {n}')
        lines += ["# HELP guardrail_tokens_total Tokens by team and direction.",
                  "# TYPE guardrail_tokens_total counter"]
        for (team, direction), n in sorted(self.tokens.items()):
            lines.append(f'guardrail_tokens_total{{team="{_esc(team)}",direction="{direction}"}} {n}')
        lines += ["# HELP guardrail_upstream_seconds Time spent waiting for the provider.",
                  "# TYPE guardrail_upstream_seconds summary",
                  f"guardrail_upstream_seconds_sum {self.upstream_seconds_sum:.6f}",
                  f"guardrail_upstream_seconds_count {self.upstream_count}"]
        return ("\n".join(lines) + "\n").encode()
