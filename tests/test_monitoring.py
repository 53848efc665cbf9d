"""The ops kit in docker/: Prometheus alert rules that `promtool` accepts (and that fire on the series
they are meant for), and a Grafana dashboard; every metric either uses is one the proxy exports after
real traffic through it."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest
import yaml

from tests.conftest import Mock, ProxyFactory
from tests.support.redis_servers import make_server

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "docker" / "prometheus" / "alerts.yml"
DASHBOARD = ROOT / "docker" / "grafana" / "guardrail-proxy.json"
METRIC = re.compile(r"\bguardrail_[a-z_]+\b")
ALERTS = {"GuardrailBudgetNearlySpent", "GuardrailBlockRateJump", "GuardrailScoreDrift", "GuardrailGuardUnavailable",
          "GuardrailUpstreamErrors", "GuardrailModelOutputShift"}


@pytest.fixture
def promtool() -> str:
    binary = os.environ.get("GUARDRAIL_TEST_PROMTOOL") or shutil.which("promtool")
    if not binary:
        if os.environ.get("CI") or os.environ.get("GUARDRAIL_TEST_PROMTOOL") is not None:
            pytest.fail("promtool is missing under CI (.ci/run installs Debian's prometheus package)")
        pytest.skip("promtool not installed (apt-get install prometheus; CI installs it)")
    return binary


def test_alert_rules_pass_promtool(promtool: str) -> None:
    out = subprocess.run([promtool, "check", "rules", str(RULES)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"SUCCESS: {len(ALERTS)} rules found" in out.stdout
    names = {r["alert"] for g in yaml.safe_load(RULES.read_text())["groups"] for r in g["rules"]}
    assert names == ALERTS


# promtool's unit tests: each alert fires on the series it is meant for, and not on calm ones.
UNIT = """
rule_files: [{rules}]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'guardrail_budget_remaining_usd{{team="low",window="monthly"}}'
        values: '5x20'
      - series: 'guardrail_budget_cap_usd{{team="low",window="monthly"}}'
        values: '100x20'
      - series: 'guardrail_budget_remaining_usd{{team="fine",window="monthly"}}'
        values: '50x20'
      - series: 'guardrail_budget_cap_usd{{team="fine",window="monthly"}}'
        values: '100x20'
      - series: 'guardrail_requests_total{{team="t",route="/v1/chat/completions",decision="block",status="503"}}'
        values: '0+5x20'
      - series: 'guardrail_requests_total{{team="t",route="/v1/chat/completions",decision="allow",status="200"}}'
        values: '0+100x20'
      - series: 'guardrail_requests_total{{team="t",route="/v1/messages",decision="allow",status="502"}}'
        values: '0+30x20'
      - series: 'guardrail_requests_total{{team="t",route="/v1/messages",decision="allow",status="200"}}'
        values: '0+70x20'
    alert_rule_test:
      - eval_time: 15m
        alertname: GuardrailBudgetNearlySpent
        exp_alerts:
          - exp_labels: {{severity: warning, team: low, window: monthly}}
            exp_annotations:
              summary: "Team low has less than 10% of its monthly budget left"
              description: "5% of the cap remains; requests over it get 429."
      - eval_time: 15m
        alertname: GuardrailGuardUnavailable
        exp_alerts:
          - exp_labels: {{severity: critical, route: /v1/chat/completions}}
            exp_annotations:
              summary: "Guardrail checks unavailable on /v1/chat/completions: requests refused with 503"
              description: "See /readyz and the proxy's log for the check or store that fails."
      - eval_time: 15m
        alertname: GuardrailUpstreamErrors
        exp_alerts:
          - exp_labels: {{severity: warning, route: /v1/messages}}
            exp_annotations:
              summary: "Upstream errors on /v1/messages: 30% of requests"
              description: "The provider fails or times out; upstream latency: guardrail_upstream_duration_seconds."
"""


def test_alert_rules_fire_on_their_series(promtool: str, tmp_path: Path) -> None:
    test_file = tmp_path / "alerts_test.yml"
    test_file.write_text(UNIT.format(rules=json.dumps(str(RULES))))
    out = subprocess.run([promtool, "test", "rules", str(test_file)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def _exprs() -> list[str]:
    rules = [r["expr"] for g in yaml.safe_load(RULES.read_text())["groups"] for r in g["rules"]]
    dash = json.loads(DASHBOARD.read_text())
    panels = [t["expr"] for p in dash["panels"] for t in p.get("targets", ())]
    assert len(panels) >= 20
    return rules + panels


def used_metrics() -> set[str]:
    return {m for e in _exprs() for m in METRIC.findall(e)}


def test_dashboard_is_grafana_json_with_prometheus_queries() -> None:
    dash = json.loads(DASHBOARD.read_text())
    assert dash["uid"] == "guardrail-proxy" and dash["templating"]["list"][0]["type"] == "datasource"
    ids = [p["id"] for p in dash["panels"]]
    assert len(ids) == len(set(ids))
    for p in dash["panels"]:
        if p["type"] != "row":
            assert p["datasource"]["uid"] == "${datasource}" and p["targets"], p["title"]
    assert {"guardrail_output_tokens_bucket", "guardrail_refusals_total", "guardrail_finish_reasons_total",
            "guardrail_input_tokens_bucket", "guardrail_budget_cap_usd"} <= used_metrics()


PATTERNS_POLICY = """name: default
input:
  toxicity: {action: block, thresholds: {toxicity: 0.8}}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: flag}
"""


def _exported(text: str) -> set[str]:
    names = set()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names


def test_every_metric_the_rules_and_dashboard_use_is_exported(mock: Mock, proxy_factory: ProxyFactory,
                                                              tmp_path: Path) -> None:
    store = make_server("valkey", tmp_path / "store")
    try:
        budgets = {"timezone": "UTC", "teams": {"ops": {"monthly": 50.0}}}
        p = proxy_factory({"store": {"url": store.url}, "decision_log": {"language": True}}, teams={"ops": {}},
                          start_store=True,
                          files={"budgets.yaml": yaml.safe_dump(budgets), "policies/default.yaml": PATTERNS_POLICY})
        client = httpx.Client(base_url=p.url, headers={"Authorization": f"Bearer {p.keys['ops']}"}, timeout=30)
        chat: dict[str, Any] = {"model": "gpt-4o-mini", "max_tokens": 20,
                                "messages": [{"role": "user", "content": "How is Project Falcon doing this week?"}]}
        assert client.post("/v1/chat/completions", json=chat).status_code == 200
        mock.script(refusal="I can't share that.")
        assert client.post("/v1/chat/completions", json=chat).status_code == 200
        mock.script(tool_calls=[{"name": "greet", "arguments": {"who": "team"}}])
        r = client.post("/v1/messages", json={"model": "claude-3-5-haiku-latest", "max_tokens": 20,
                                               "messages": [{"role": "user", "content": "Say hello to the team."}]})
        assert r.status_code == 200
        with client.stream("POST", "/v1/chat/completions", json={**chat, "stream": True}) as s:
            s.read()

        async def scrape() -> str:
            async with aiohttp.ClientSession() as session, session.get(f"{p.url}/metrics") as resp:
                return await resp.text()
        used = used_metrics()
        missing: set[str] = set()
        for _ in range(100):  # records (and metrics) of a settled budget are written off the answer's path
            missing = used - _exported(asyncio.run(scrape()))
            if not missing:
                break
            time.sleep(0.05)
        assert not missing, f"used by docker/ but not exported after traffic: {sorted(missing)}"
    finally:
        store.stop()
