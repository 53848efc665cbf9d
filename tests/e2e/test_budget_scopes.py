"""Budget scopes end to end: real proxies on the embedded Valkey and Debian's redis-server.

Each scope (model glob, key, end user, team) refuses on its own while the others have room, with a
429 in the provider's format that names it; warn mode refuses nothing and records `would_block`;
two proxy processes under 200 concurrent requests never pass any scope's cap; and the end-user id
as the client sent it never appears in the decision log, the process log, the metrics, the status
and export reports, or the store (keys and values).
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest
import yaml

from proxy.budget.ledger import Budgets
from proxy.budget.scopes import end_user_hash
from proxy.cli.budget import format_status, write_csv
from proxy.config.budgets import load_budgets
from proxy.config.keys import generate_key, hash_key
from proxy.store.embedded import connect
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_budget import _free_port, _start_proxy, _wait_ready
from tests.support.redis_servers import StoreServer, make_server

MODEL, MINI = "team-model", "team-model-mini"
PRICES = {MODEL: {"input": 1000.0, "output": 2000.0}, MINI: {"input": 1000.0, "output": 2000.0}}
MSGS = [{"role": "user", "content": "hello there"}]
SALT = "e2e-scopes-salt-0123456789abcdef"
RAW_USER = "customer-4711-quokka"  # an end-user id as a client sends it: must never be stored or shown


@pytest.fixture(scope="module", params=["valkey", "redis"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    server = make_server(request.param, tmp_path_factory.mktemp(f"scopes-{request.param}"))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _salt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUARDRAIL_PII_SALT", SALT)


def _flush(url: str) -> None:
    async def go() -> None:
        client = connect(url)
        await client.flushall()
        await client.aclose()
    asyncio.run(go())


def _budgets(**team: Any) -> str:
    return yaml.safe_dump({"timezone": "UTC", "teams": {"t": team}, "prices": PRICES, "on_store_error": "block"})


ADMIN_KEY = "admin-key-for-scopes-tests"


def _proxy(proxy_factory: ProxyFactory, store: StoreServer, keys: int = 2, **team: Any) -> tuple[Proxy, list[str]]:
    """A team-mode proxy whose team `t` has `keys` keys and the budget `team`; admin routes on."""
    _flush(store.url)
    plain = [generate_key() for _ in range(keys)]
    teams = yaml.safe_dump({"teams": {"t": {"keys": [hash_key(k) for k in plain]}}})
    # No checks in the policy: budgets need no screening, and the proxy starts without loading the PII engine.
    p = proxy_factory({"store": {"url": store.url}}, start_store=True, env={"GUARDRAIL_ADMIN_KEY": ADMIN_KEY},
                      files={"budgets.yaml": _budgets(**team), "teams.yaml": teams,
                             "policies/default.yaml": "name: default\n"})
    return p, plain


def _chat(p: Proxy, key: str, model: str = MODEL, headers: dict[str, str] | None = None,
          **fields: Any) -> httpx.Response:
    body = {"model": model, "messages": MSGS, "max_tokens": 5, **fields}
    return httpx.post(f"{p.url}/v1/chat/completions", json=body, timeout=30,
                      headers={"Authorization": f"Bearer {key}", **(headers or {})})


def _until_refused(send: Any, limit: int = 80) -> tuple[int, httpx.Response]:
    for i in range(limit):
        r = send(i)
        if r.status_code == 429:
            return i, r
        assert r.status_code == 200, r.text
    raise AssertionError(f"no 429 in {limit} requests")


def _status(store: StoreServer, p: Proxy) -> list[Any]:
    config = load_budgets(p.dir / "budgets.yaml")

    async def go() -> list[Any]:
        client = connect(store.url)
        try:
            return await Budgets(client).status(config, ["t"])
        finally:
            await client.aclose()
    return asyncio.run(go())


# ------------------------------------------------------------------------------ each scope on its own

SCOPED = {"daily": 5.0, "models": {"team-model-mini*": {"daily": 0.05}}, "per_key": {"daily": 0.6},
          "per_end_user": {"daily": 0.3}}


def test_the_model_glob_refuses_and_the_other_scopes_still_pass(mock: Mock, proxy_factory: ProxyFactory,
                                                                store: StoreServer) -> None:
    p, keys = _proxy(proxy_factory, store, **SCOPED)
    r = _chat(p, keys[0], MINI, user="u1")  # its bound (~$0.13) is above the glob's $0.05 cap
    assert r.status_code == 429, r.text
    err = r.json()["error"]
    assert err["code"] == "budget_exceeded" and "scope 'model team-model-mini*'" in err["message"]
    assert "daily" in err["message"] and "$0.050000 cap" in err["message"] and int(r.headers["retry-after"]) > 0
    rec = p.record_for(r.headers["x-guardrail-request-id"])
    assert rec["budget"]["scope"] == "model:team-model-mini*" and rec["status"] == 429
    assert _chat(p, keys[0], MODEL, user="u1").status_code == 200  # same key and end user, another model
    # Anthropic's format names it too.
    ar = httpx.post(f"{p.url}/v1/messages", timeout=30, headers={"x-api-key": keys[0]},
                    json={"model": MINI, "max_tokens": 5, "messages": MSGS})
    assert ar.status_code == 429 and ar.json()["error"]["type"] == "rate_limit_error"
    assert "scope 'model team-model-mini*'" in ar.json()["error"]["message"]
    p.record_for(ar.headers["x-guardrail-request-id"])  # recorded, so counted
    metrics = httpx.get(f"{p.url}/metrics").text
    assert 'guardrail_budget_refusals_total{mode="enforce",scope="model:team-model-mini*",team="t"} 2.0' in metrics


def test_the_end_user_refuses_and_another_end_user_passes(mock: Mock, proxy_factory: ProxyFactory,
                                                          store: StoreServer) -> None:
    p, keys = _proxy(proxy_factory, store, **SCOPED)
    # The same end user by every source, in their order: `user`, `safety_identifier`, the header.
    sources = [{"user": RAW_USER}, {"safety_identifier": RAW_USER},
               {"headers": {"x-guardrail-end-user": RAW_USER}}]
    n, r = _until_refused(lambda i: _chat(p, keys[i % 2], **sources[i % 3]))
    assert n >= 2, "three sources, one end user: each request counted against the same cap"
    assert "scope 'end user'" in r.json()["error"]["message"] and RAW_USER not in r.text
    hashed = end_user_hash("t", RAW_USER)
    assert p.record_for(r.headers["x-guardrail-request-id"])["budget"]["scope"] == f"end_user:{hashed}"
    assert _chat(p, keys[0], user="another-user").status_code == 200
    assert _chat(p, keys[0], headers={"x-guardrail-end-user": "header-user"}).status_code == 200
    assert not any(k.lower() == "x-guardrail-end-user" for k in mock.last_headers)  # never forwarded
    ar = httpx.post(f"{p.url}/v1/messages", timeout=30, headers={"x-api-key": keys[1]},
                    json={"model": MODEL, "max_tokens": 5, "messages": MSGS, "metadata": {"user_id": RAW_USER}})
    assert ar.status_code == 429 and "scope 'end user'" in ar.json()["error"]["message"]
    # Without an end user the per_end_user cap does not apply.
    assert _chat(p, keys[1]).status_code == 200


def test_end_user_from_header_caps_the_apps_user_whatever_the_body_says(mock: Mock, proxy_factory: ProxyFactory,
                                                                        store: StoreServer) -> None:
    """Was (attack F12): a relayed client added a fresh body `user` to every request and the per-end-user
    cap followed it, not the app's header. With `end_user_from: header` the header alone names the user."""
    p, keys = _proxy(proxy_factory, store, **SCOPED, end_user_from="header")
    header = {"x-guardrail-end-user": RAW_USER}
    n, r = _until_refused(lambda i: _chat(p, keys[i % 2], headers=header, user=f"random-{i}"))
    assert n >= 1 and "scope 'end user'" in r.json()["error"]["message"]
    hashed = end_user_hash("t", RAW_USER)
    assert p.record_for(r.headers["x-guardrail-request-id"])["budget"]["scope"] == f"end_user:{hashed}"
    assert _chat(p, keys[0], headers={"x-guardrail-end-user": "another-user"}, user="random-x").status_code == 200


def test_the_key_refuses_and_another_key_passes(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    p, keys = _proxy(proxy_factory, store, **SCOPED)
    _, r = _until_refused(lambda i: _chat(p, keys[0], user=f"user-{i}"))  # a fresh end user each time
    assert "scope 'key'" in r.json()["error"]["message"] and keys[0] not in r.text
    rec = p.record_for(r.headers["x-guardrail-request-id"])
    assert rec["budget"]["scope"] == "key:" + hash_key(keys[0])[7:23]
    assert _chat(p, keys[1], user="user-x").status_code == 200


def test_the_team_refuses_while_each_key_and_end_user_has_room(mock: Mock, proxy_factory: ProxyFactory,
                                                               store: StoreServer) -> None:
    p, keys = _proxy(proxy_factory, store, daily=0.4, per_key={"daily": 0.4}, per_end_user={"daily": 0.4})
    _, r = _until_refused(lambda i: _chat(p, keys[i % 2], user=f"user-{i}"))
    err = r.json()["error"]["message"]
    assert err.startswith("budget exceeded for team 't': daily") and "scope" not in err.split(":")[0]
    assert p.record_for(r.headers["x-guardrail-request-id"])["budget"]["scope"] == "team"


# ------------------------------------------------------------------------------ warn mode


def test_warn_mode_refuses_nothing_and_records_would_block(mock: Mock, proxy_factory: ProxyFactory,
                                                           store: StoreServer) -> None:
    p, keys = _proxy(proxy_factory, store, daily=1.0, models={"team-model*": {"daily": 0.05}}, mode="warn")
    ids = []
    for _ in range(6):  # each ~$0.012: past the $0.05 cap
        r = _chat(p, keys[0])
        assert r.status_code == 200, r.text
        ids.append(r.headers["x-guardrail-request-id"])
    rec = p.record_for(ids[-1])
    assert rec["budget"]["mode"] == "warn" and rec["budget"]["charged_usd"] > 0
    assert rec["budget"]["would_block"]["scope"] == "model:team-model*"
    assert rec["budget"]["would_block"]["cap_usd"] == 0.05
    metrics = httpx.get(f"{p.url}/metrics").text
    assert 'guardrail_budget_refusals_total{mode="warn",scope="model:team-model*",team="t"} 6.0' in metrics
    spent = {(row.scope, row.window): row.spent_micros for row in _status(store, p)}
    assert spent[("model:team-model*", "daily")] == spent[("team", "daily")] > 50_000  # past the cap: recorded


# ------------------------------------------------------------------------------ the end user stays hidden


def test_the_end_user_id_never_appears_in_logs_metrics_reports_or_the_store(
        mock: Mock, proxy_factory: ProxyFactory, store: StoreServer, caplog: pytest.LogCaptureFixture,
        tmp_path: Path) -> None:
    caplog.set_level(logging.DEBUG, logger="guardrail")
    p, keys = _proxy(proxy_factory, store, daily=5.0, per_end_user={"daily": 0.15}, alert_at=[0.1, 0.5],
                     per_key={"daily": 1.0}, mode="warn")
    for i in range(12):  # warn mode: past the end user's cap, alerts and would_block on the way
        fields: dict[str, Any] = {"user": RAW_USER} if i % 2 else {"headers": {"x-guardrail-end-user": RAW_USER}}
        assert _chat(p, keys[0], **fields).status_code == 200
    ar = httpx.post(f"{p.url}/v1/messages", timeout=30, headers={"x-api-key": keys[0]},
                    json={"model": MODEL, "max_tokens": 5, "messages": MSGS, "metadata": {"user_id": RAW_USER}})
    assert ar.status_code == 200
    hashed = end_user_hash("t", RAW_USER)
    records = p.records()
    assert any(r.get("type") == "budget_alert" and r.get("scope") == f"end_user:{hashed}" for r in records)
    assert any((r.get("budget") or {}).get("would_block") for r in records)  # $0.13 bound, $0.15 cap
    decision_log = p.log_path.read_text()
    assert hashed in decision_log
    metrics = httpx.get(f"{p.url}/metrics").text
    assert 'scope="end_user"' in metrics and hashed not in metrics

    rows = _status(store, p)
    status_text = format_status(rows) + json.dumps([r.as_dict() for r in rows])
    assert f"end_user:{hashed}" in status_text

    async def export_and_dump() -> tuple[str, str]:
        client = connect(store.url)
        try:
            today = datetime.now(UTC).date()
            out = tmp_path / "export.csv"
            with out.open("w") as f:
                write_csv(await Budgets(client).export(today - timedelta(days=1), today + timedelta(days=1)), f)
            dump = []
            for key in await client.keys("*"):
                dump.append(key.decode())
                if (await client.type(key)).decode() == "hash":
                    dump += [f"{k.decode()}={v.decode()}" for k, v in (await client.hgetall(key)).items()]
                elif (await client.type(key)).decode() == "zset":
                    dump += [m.decode() for m in await client.zrange(key, 0, -1)]
            return out.read_text(), "\n".join(dump)
        finally:
            await client.aclose()

    export, store_dump = asyncio.run(export_and_dump())
    admin = httpx.get(f"{p.url}/admin/budgets", headers={"Authorization": f"Bearer {ADMIN_KEY}"}).text
    assert f"end_user:{hashed}" in admin and "not limited by per_end_user" in admin
    assert f"end_user:{hashed}" in export and hashed in store_dump
    for where, text in [("decision log", decision_log), ("metrics", metrics), ("status", status_text),
                        ("export", export), ("store", store_dump), ("process log", caplog.text), ("admin", admin)]:
        assert RAW_USER not in text and "quokka" not in text, where


# ------------------------------------------------------------------------------ two processes


def test_two_proxy_processes_never_pass_any_scope(mock: Mock, store: StoreServer, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _flush(store.url)
    keys = [generate_key(), generate_key()]
    caps = {"daily": 3.0, "models": {"team-model*": {"daily": 2.0}}, "per_key": {"daily": 1.2},
            "per_end_user": {"daily": 0.9}}
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "proxy.yaml").write_text(yaml.safe_dump({
            "store": {"url": store.url},
            "models": {"pii": {"workers": 0}, "toxicity": {"model": "keywords"}},
            "providers": {"openai": {"base_url": f"{mock.url}/v1"}, "anthropic": {"base_url": mock.url}}}))
        (folder / "teams.yaml").write_text(yaml.safe_dump({"teams": {"t": {"keys": [hash_key(k) for k in keys]}}}))
        (folder / "budgets.yaml").write_text(_budgets(**caps))
        # No checks: the replicas start in seconds (no PII engine to load on a busy machine).
        (folder / "policies").mkdir()
        (folder / "policies" / "default.yaml").write_text("name: default\n")
        folders.append(folder)
    ports = [_free_port(), _free_port()]
    procs = [_start_proxy(f, port) for f, port in zip(folders, ports, strict=True)]  # the salt is in os.environ
    try:
        for port in ports:
            _wait_ready(port)

        async def fire() -> list[int]:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as s:
                async def one(i: int) -> int:
                    url = f"http://127.0.0.1:{ports[i % 2]}/v1/chat/completions"
                    body = {"model": MODEL, "messages": MSGS, "max_tokens": 5, "user": f"user-{i % 3}"}
                    async with s.post(url, json=body, headers={"Authorization": f"Bearer {keys[(i // 2) % 2]}"}) as r:
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

    config = load_budgets(folders[0] / "budgets.yaml")

    async def rows() -> list[Any]:
        client = connect(store.url)
        try:
            return await Budgets(client).status(config, ["t"])
        finally:
            await client.aclose()

    daily = [r for r in asyncio.run(rows()) if r.window == "daily"]
    scopes = {r.scope.split(":")[0] for r in daily}
    assert scopes == {"team", "model", "key", "end_user"}, scopes
    assert len(daily) == 1 + 1 + 2 + 3
    for r in daily:
        assert r.cap_micros is not None and r.spent_micros <= r.cap_micros, r
        assert r.reserved_micros == 0, "every reservation is settled or released"
    records = [json.loads(line) for f in folders
               for line in (f / ".guardrail" / "decisions.jsonl").read_text().splitlines()]
    charged = [r for r in records if r.get("status") == 200]
    assert len(charged) == statuses.count(200)
    team = next(r for r in daily if r.scope == "team")
    assert sum(r["budget"]["charged_usd"] for r in charged) == pytest.approx(team.spent_micros / 1e6, abs=1e-6)
    refused = {r["budget"]["scope"].split(":")[0] for r in records if r.get("status") == 429}
    assert refused, "some scope refused"
