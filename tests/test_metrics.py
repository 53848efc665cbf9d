"""/metrics after real traffic: the series exist and count exactly what happened."""

from __future__ import annotations

import asyncio
import re

import aiohttp
import openai

from tests.conftest import Mock, ProxyFactory

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "one two three"}]}


def _scrape(url: str) -> str:
    async def go() -> str:
        async with aiohttp.ClientSession() as s, s.get(f"{url}/metrics") as r:
            assert r.status == 200 and r.headers["Content-Type"].startswith("text/plain")
            return await r.text()
    return asyncio.run(go())


def _value(text: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.M)
    assert match, f"series {series} not found"
    return float(match.group(1))


def test_metrics_count_real_traffic(mock: Mock, proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(teams={"marketing": {}})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["marketing"], max_retries=0)
    for _ in range(3):
        client.chat.completions.create(**CHAT)
    list(client.chat.completions.create(**CHAT, stream=True))
    bad = openai.OpenAI(base_url=f"{p.url}/v1", api_key="gp-nope", max_retries=0)
    try:
        bad.chat.completions.create(**CHAT)
    except openai.AuthenticationError:
        pass
    for _ in range(50):  # the stream's exchange is recorded after its last byte
        text = _scrape(p.url)
        if 'guardrail_tokens_total{direction="output",team="marketing"}' in text and _value(
                text, 'guardrail_requests_total{decision="allow",route="/v1/chat/completions",status="200",'
                      'team="marketing"}') == 4:
            break
    ok = 'guardrail_requests_total{decision="allow",route="/v1/chat/completions",status="200",team="marketing"}'
    assert _value(text, ok) == 4
    assert _value(text, 'guardrail_requests_total{decision="block",route="/v1/chat/completions",status="401",'
                        'team=""}') == 1
    assert _value(text, 'guardrail_upstream_duration_seconds_count{provider="openai"}') == 4
    # The mock counts 3 input tokens per request ("one two three") and echoes them back.
    assert _value(text, 'guardrail_tokens_total{direction="input",team="marketing"}') == 4 * 3
    assert _value(text, 'guardrail_tokens_total{direction="output",team="marketing"}') > 0


def test_series_match_prometheus_client_exactly() -> None:
    """The lock-free accumulators expose what prometheus-client's own metrics would, byte for byte:
    bucket bounds (values on a bound count in it), +Inf, sums, counters, gauges."""
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

    from proxy.metrics import _LATENCY_BUCKETS, Metrics

    ours = Metrics()
    reg = CollectorRegistry()
    hist = Histogram("guardrail_upstream_duration_seconds", "Time spent waiting for the provider.", ["provider"],
                     buckets=_LATENCY_BUCKETS, registry=reg)
    tokens = Counter("guardrail_tokens", "Tokens by team and direction.", ["team", "direction"], registry=reg)
    gauge = Gauge("guardrail_budget_remaining_usd", "Budget left in the current window.", ["team", "window"],
                  registry=reg)
    for value in (0.0, 0.0005, 0.00051, 0.001, 0.3, 2.5, 299.0, 300.0, 301.0, 1e9):
        ours.upstream.observe(("openai",), value)
        hist.labels("openai").observe(value)
    ours.upstream.observe(("anthropic",), 0.02)
    hist.labels("anthropic").observe(0.02)
    for team, n in (("a", 3), ("b", 5), ("a", 7)):
        ours.tokens.inc((team, "input"), n)
        tokens.labels(team, "input").inc(n)
    ours.budget_remaining.set(("a", "daily"), 12.5)
    gauge.labels("a", "daily").set(12.5)

    def series(text: bytes, names: tuple[str, ...]) -> list[str]:
        return sorted(line for line in text.decode().splitlines()
                      if line.startswith(names) and "_created" not in line)

    names = ("guardrail_upstream_duration_seconds", "guardrail_tokens", "guardrail_budget_remaining_usd")
    expected = series(generate_latest(reg), names)
    assert len(expected) > 40
    assert series(ours.render(), names) == expected


def test_one_request_updates_each_of_its_series_once() -> None:
    """`Metrics.observe` counts in place (no `inc` per series): each series a request touches moves by
    what the request says, a histogram's first observation makes its series (zeros, then this one)."""
    from proxy.exchange import Exchange
    from proxy.features import summarise
    from proxy.metrics import _TOKEN_BUCKETS, Metrics
    from proxy.providers.base import Usage

    m = Metrics()
    for _ in range(2):
        ex = Exchange("req_1", "openai", "chat", "/v1/chat/completions", team="t", model="gpt-4o-mini",
                      model_label="gpt-4o-mini", status=200, upstream_ms=12.0, upstream_name="openai",
                      attempts=[("azure-eu", "503"), ("openai", "200")], usage=Usage(input_tokens=300, output_tokens=7),
                      cost_usd=0.25, prompt={"chars": 9, "messages": 1, "tools": 0},
                      answer=summarise(20, ["stop", "length"], False, 0))
        m.observe(ex, 0.05)
    assert m.requests.values == {("t", "/v1/chat/completions", "allow", "200"): 2.0}
    assert m.attempts.values == {("azure-eu", "503"): 2.0, ("openai", "200"): 2.0}
    assert m.provider_up.values == {("azure-eu",): 0.0, ("openai",): 1.0}
    assert m.tokens.values == {("t", "input"): 600.0, ("t", "output"): 14.0}
    assert m.spend.values == {("t",): 0.5}
    assert m.answers.values == {("gpt-4o-mini",): 2.0}
    assert m.finish.values == {("gpt-4o-mini", "stop"): 2.0, ("gpt-4o-mini", "length"): 2.0}
    assert dict(m.input_tokens.values) == {("gpt-4o-mini",): [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 600.0]}
    assert dict(m.output_tokens.values) == {("gpt-4o-mini",): [2] + [0] * len(_TOKEN_BUCKETS) + [14.0]}
    route = ("/v1/chat/completions",)
    assert list(m.latency.values) == [route] and m.latency.values[route][-1] == 0.1
    assert all(isinstance(v, float) for fam in (m.requests, m.attempts, m.tokens, m.answers, m.finish)
               for v in fam.values.values())
