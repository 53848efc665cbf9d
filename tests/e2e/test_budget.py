"""Budgets end to end: the official SDKs through real proxies on a real Redis-protocol store.

Each test runs against the embedded Valkey and Debian's redis-server. Prices are overridden so the
arithmetic is checkable: team-model costs $1 per 1k input tokens and $2 per 1k output tokens.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import anthropic
import openai
import pytest
import yaml

from proxy.budget.ledger import Budgets
from proxy.config.budgets import load_budgets
from proxy.config.keys import generate_key, hash_key
from proxy.store.embedded import connect
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.redis_servers import StoreServer, make_server

MODEL = "team-model"
PRICES = {MODEL: {"input": 1000.0, "output": 2000.0}}  # USD per 1M tokens
MSGS = [{"role": "user", "content": "hello there"}]


@pytest.fixture(scope="module", params=["valkey", "redis"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    server = make_server(request.param, tmp_path_factory.mktemp(f"e2e-{request.param}"))
    yield server
    server.stop()


def _budgets_yaml(**teams: Any) -> str:
    return yaml.safe_dump({"timezone": "UTC", "teams": teams, "prices": PRICES, "on_store_error": "block"})


def _proxy(proxy_factory: ProxyFactory, store: StoreServer, **teams: Any) -> Proxy:
    async def flush() -> None:
        client = connect(store.url)
        await client.flushall()
        await client.aclose()
    asyncio.run(flush())
    return proxy_factory({"store": {"url": store.url}}, teams={name: {} for name in teams}, start_store=True,
                         files={"budgets.yaml": _budgets_yaml(**teams)})


def _status(store: StoreServer, proxy: Proxy, team: str) -> dict[str, dict[str, Any]]:
    config = load_budgets(proxy.dir / "budgets.yaml")

    async def go() -> dict[str, dict[str, Any]]:
        client = connect(store.url)
        try:
            rows = await Budgets(client).status(config, [team])
            return {r.window: r.as_dict() for r in rows}
        finally:
            await client.aclose()
    return asyncio.run(go())


def _cost(usage_in: int, usage_out: int) -> float:
    return round(usage_in * 0.001 + usage_out * 0.002, 6)


def test_non_stream_is_charged_its_real_cost(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    p = _proxy(proxy_factory, store, marketing={"monthly": 5.0})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["marketing"], max_retries=0)
    raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=MSGS, max_tokens=50)
    r = raw.parse()
    assert r.usage is not None
    assert 0 < float(raw.headers["x-guardrail-budget-remaining"]) < 5.0
    rec = p.record_for(raw.headers["x-guardrail-request-id"])
    expected = _cost(r.usage.prompt_tokens, r.usage.completion_tokens)
    assert rec["cost_usd"] == pytest.approx(expected)
    assert rec["budget"]["charged_usd"] == pytest.approx(expected)
    assert rec["budget"]["reserved_usd"] >= expected
    monthly = _status(store, p, "marketing")["monthly"]
    assert monthly["spent_usd"] == pytest.approx(expected) and monthly["reserved_usd"] == 0


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
def test_streams_are_billed_from_their_usage_events(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer,
                                                    api: str) -> None:
    p = _proxy(proxy_factory, store, marketing={"monthly": 5.0})
    key = p.keys["marketing"]
    if api == "chat":
        client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=key, max_retries=0)
        stream = client.chat.completions.create(model=MODEL, messages=MSGS, stream=True, max_tokens=50)
        chunks = list(stream)
        assert all(c.choices for c in chunks), "the usage chunk the proxy asked for stays hidden"
        request_id = stream.response.headers["x-guardrail-request-id"]
    elif api == "responses":
        client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=key, max_retries=0)
        with client.responses.stream(model=MODEL, input="hello there", max_output_tokens=50) as s:
            final = s.get_final_response()
            request_id = s._response.headers["x-guardrail-request-id"]  # type: ignore[attr-defined]
        assert final.usage is not None and final.usage.output_tokens > 0
    else:
        ac = anthropic.Anthropic(base_url=p.url, api_key=key, max_retries=0)
        with ac.messages.stream(model=MODEL, max_tokens=50, messages=MSGS) as s:
            s.get_final_message()
            request_id = s.response.headers["x-guardrail-request-id"]
    sent = mock.state.requests[-1].body
    rec = p.record_for(request_id)
    assert rec["usage"]["output_tokens"] > 0 and "estimated" not in rec["usage"]
    assert rec["cost_usd"] == pytest.approx(_cost(rec["usage"]["input_tokens"], rec["usage"]["output_tokens"]))
    assert rec["cost_usd"] > 0
    assert _status(store, p, "marketing")["monthly"]["spent_usd"] == pytest.approx(rec["cost_usd"])
    if api == "chat":
        assert sent["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/messages"])
def test_disconnect_mid_stream_is_billed_for_what_was_generated(mock: Mock, proxy_factory: ProxyFactory,
                                                                store: StoreServer, path: str) -> None:
    p = _proxy(proxy_factory, store, marketing={"monthly": 5.0})
    mock.script(text="word " * 300, chunk_chars=5, chunk_delay_ms=5)

    async def go() -> str:
        async with aiohttp.ClientSession() as s:
            body = {"model": MODEL, "messages": MSGS, "stream": True, "max_tokens": 500}
            r = await s.post(f"{p.url}{path}", json=body,
                             headers={"Authorization": f"Bearer {p.keys['marketing']}"})
            for _ in range(20):
                await r.content.readline()
            r.close()
            return r.headers["x-guardrail-request-id"]

    rec = p.record_for(asyncio.run(go()))
    assert rec["client_disconnected"] is True and rec["usage"]["estimated"] is True
    assert 3 < rec["usage"]["output_tokens"] < 300, "partial output is counted (not Anthropic's placeholder 1)"
    assert rec["usage"]["input_tokens"] > 0
    assert rec["cost_usd"] > 0
    monthly = _status(store, p, "marketing")["monthly"]
    assert monthly["spent_usd"] == pytest.approx(rec["cost_usd"]) and monthly["reserved_usd"] == 0


def test_upstream_failure_releases_the_reservation(mock: Mock, proxy_factory: ProxyFactory,
                                                   store: StoreServer) -> None:
    p = _proxy(proxy_factory, store, marketing={"monthly": 5.0})
    mock.script(status=500)
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["marketing"], max_retries=0)
    with pytest.raises(openai.InternalServerError) as exc:
        client.chat.completions.create(model=MODEL, messages=MSGS, max_tokens=50)
    rec = p.record_for(exc.value.response.headers["x-guardrail-request-id"])
    assert rec["cost_usd"] is None or rec["cost_usd"] == 0
    monthly = _status(store, p, "marketing")["monthly"]
    assert monthly["spent_usd"] == 0 and monthly["reserved_usd"] == 0


def test_over_budget_is_429_in_both_formats_and_nothing_is_forwarded(mock: Mock, proxy_factory: ProxyFactory,
                                                                    store: StoreServer) -> None:
    p = _proxy(proxy_factory, store, marketing={"monthly": 0.001, "alert_at": [0.5]})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["marketing"], max_retries=0)
    with pytest.raises(openai.RateLimitError) as exc:
        client.chat.completions.create(model=MODEL, messages=MSGS, max_tokens=100)
    err = exc.value.body
    assert err["type"] == "budget_exceeded" and err["code"] == "budget_exceeded"
    assert "monthly" in err["message"] and "$0.001000" in err["message"]
    assert int(exc.value.response.headers["retry-after"]) > 0
    ac = anthropic.Anthropic(base_url=p.url, api_key=p.keys["marketing"], max_retries=0)
    with pytest.raises(anthropic.RateLimitError) as aexc:
        ac.messages.create(model=MODEL, max_tokens=100, messages=MSGS)
    assert aexc.value.body["error"]["type"] == "rate_limit_error"
    assert mock.state.requests == []


def test_alert_records_once_per_threshold(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    # The cap leaves room for the 8 requests' reservations (each a true bound: ~$0.13 here).
    p = _proxy(proxy_factory, store, marketing={"monthly": 0.5, "alert_at": [0.05, 0.1]})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["marketing"], max_retries=0)
    ids = [client.chat.completions.with_raw_response.create(model=MODEL, messages=MSGS, max_tokens=5)
           .headers["x-guardrail-request-id"] for _ in range(8)]
    p.record_for(ids[-1])
    alerts = [r for r in p.records() if r.get("type") == "budget_alert"]
    thresholds = sorted(a["threshold"] for a in alerts)
    spent = _status(store, p, "marketing")["monthly"]["spent_usd"]
    expected = [t for t in (0.05, 0.1) if spent >= t * 0.5]
    assert thresholds == expected and expected, (spent, alerts)
    from proxy.audit import verify
    assert verify(p.log_path).ok


def test_store_down_follows_on_store_error(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    if store.name != "valkey":
        pytest.skip("one store is enough for the outage path; the restart below needs the embedded AOF")
    p = _proxy(proxy_factory, store, marketing={"monthly": 5.0})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["marketing"], max_retries=0)
    client.chat.completions.create(model=MODEL, messages=MSGS, max_tokens=50)
    store.stop()
    try:
        with pytest.raises(openai.APIStatusError) as exc:
            client.chat.completions.create(model=MODEL, messages=MSGS, max_tokens=50)
        assert exc.value.status_code == 503 and exc.value.body["code"] == "guardrail_unavailable"
        # on_store_error: allow lets requests through while the store is down.
        (p.dir / "budgets.yaml").write_text((p.dir / "budgets.yaml").read_text().replace(
            "on_store_error: block", "on_store_error: allow"))
        deadline = time.monotonic() + 5
        while True:
            try:
                client.chat.completions.create(model=MODEL, messages=MSGS, max_tokens=50)
                break
            except openai.APIStatusError:
                assert time.monotonic() < deadline, "on_store_error: allow did not apply"
                time.sleep(0.1)
    finally:
        store.start()
    # The store is back: requests are capped and charged again without a restart.
    deadline = time.monotonic() + 5
    before = _status(store, p, "marketing")["monthly"]["spent_usd"]
    while _status(store, p, "marketing")["monthly"]["spent_usd"] == before:
        client.chat.completions.create(model=MODEL, messages=MSGS, max_tokens=50)
        assert time.monotonic() < deadline, "spend is not recorded after the store came back"
        time.sleep(0.1)


# ---------------------------------------------------------------------------------------------------
# Two proxy processes, one store, 200 concurrent requests: the cap holds.

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_proxy(folder: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GUARDRAIL_CONFIG": ""}
    return subprocess.Popen([sys.executable, "-m", "proxy", "serve", "--config", str(folder / "proxy.yaml"),
                             "--port", str(port), "--log-level", "WARNING"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_ready(port: int) -> None:
    import urllib.request

    deadline = time.monotonic() + 180  # two proxies load Presidio at once; CI machines may be busy
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("proxy did not become ready")


def test_two_replicas_never_overspend(mock: Mock, store: StoreServer, tmp_path: Path) -> None:
    async def flush() -> None:
        client = connect(store.url)
        await client.flushall()
        await client.aclose()
    asyncio.run(flush())
    cap = 1.0  # room for several reservations at once (each a true bound: ~$0.13 here)
    key = generate_key()
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "proxy.yaml").write_text(yaml.safe_dump({
            "store": {"url": store.url},
            "models": {"pii": {"workers": 0}, "toxicity": {"model": "keywords"}},
            "providers": {"openai": {"base_url": f"{mock.url}/v1"}, "anthropic": {"base_url": mock.url}}}))
        (folder / "teams.yaml").write_text(yaml.safe_dump({"teams": {"replicas": {"keys": [hash_key(key)]}}}))
        (folder / "budgets.yaml").write_text(_budgets_yaml(replicas={"monthly": cap}))
        folders.append(folder)
    ports = [_free_port(), _free_port()]
    procs = [_start_proxy(f, port) for f, port in zip(folders, ports, strict=True)]
    try:
        for port in ports:
            _wait_ready(port)

        async def fire() -> list[int]:
            conn = aiohttp.TCPConnector(limit=0)
            async with aiohttp.ClientSession(connector=conn) as s:
                async def one(i: int) -> int:
                    url = f"http://127.0.0.1:{ports[i % 2]}/v1/chat/completions"
                    async with s.post(url, json={"model": MODEL, "messages": MSGS, "max_tokens": 5},
                                      headers={"Authorization": f"Bearer {key}"}) as r:
                        await r.read()
                        return r.status
                return await asyncio.gather(*(one(i) for i in range(200)))

        statuses = asyncio.run(fire())
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGINT)
        for proc in procs:
            proc.wait(30)
    assert set(statuses) <= {200, 429}, statuses
    assert statuses.count(200) >= 5 and statuses.count(429) >= 5
    monthly = {r.window: r for r in asyncio.run(_rows(store, folders[0]))}["monthly"]
    assert monthly.spent_micros <= cap * 1_000_000, "spend must never pass the cap"
    assert monthly.reserved_micros == 0, "every reservation is settled or released"
    # Every 200 was charged: the store's total equals the decision records of both replicas.
    records = [json.loads(line) for f in folders
               for line in (f / ".guardrail" / "decisions.jsonl").read_text().splitlines()]
    charged = [r for r in records if r.get("status") == 200]
    assert len(charged) == statuses.count(200)
    assert sum(r["budget"]["charged_usd"] for r in charged) == pytest.approx(monthly.spent_micros / 1e6, abs=1e-6)


async def _rows(store: StoreServer, folder: Path) -> list[Any]:
    client = connect(store.url)
    try:
        return await Budgets(client).status(load_budgets(folder / "budgets.yaml"), ["replicas"])
    finally:
        await client.aclose()


def test_uncapped_spend_is_recorded_in_batches(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    """No cap applies: nothing is reserved, but every request's spend and tokens reach the store."""
    p = _proxy(proxy_factory, store, research={})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["research"], max_retries=0)
    ids = []
    for _ in range(6):
        raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=MSGS)
        assert "x-guardrail-budget-remaining" not in raw.headers
        ids.append(raw.headers["x-guardrail-request-id"])
    records = [p.record_for(i) for i in ids]
    total = sum(r["cost_usd"] for r in records)
    assert total > 0 and all(r["budget"] is None for r in records)

    async def rows() -> list[Any]:
        client = connect(store.url)
        try:
            from datetime import date, timedelta
            today = date.today()
            return await Budgets(client).export(today - timedelta(days=1), today + timedelta(days=1))
        finally:
            await client.aclose()

    deadline = time.monotonic() + 5
    while True:
        got = [r for r in asyncio.run(rows()) if r.team == "research"]
        if got and got[0].requests == 6:
            break
        assert time.monotonic() < deadline, got
        time.sleep(0.1)
    (row,) = got
    assert row.model == MODEL and row.cost_micros / 1e6 == pytest.approx(total)
    assert row.input_tokens == sum(r["usage"]["input_tokens"] for r in records)
