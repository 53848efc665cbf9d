"""Budgets as a hard bound (issue 13), end to end: the official SDKs and raw HTTP through a real proxy
on the embedded Valkey, in front of the mock provider scripted to bill what a real provider could.

One test per finding of the issue (each failed before the reservation became a bound), then the new
controls (`on_exceed: clamp`, `background: charge_max`, `stored_prompts`), the overrun record, and
the property test: generated request shapes, billed adversarially, alone and concurrently, never
take spend past the cap and never overrun.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import aiohttp
import openai
import pytest
import yaml
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proxy.app import create_app
from proxy.budget.ledger import Budgets
from proxy.config.budgets import load_budgets
from proxy.config.keys import generate_key, hash_key
from proxy.config.settings import load_settings
from proxy.mock.server import create_mock_app
from proxy.mock.state import MOCK_STATE, Script
from proxy.store.embedded import connect
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.redis_servers import StoreServer, make_server
from tests.support.servers import ServerThread

NO_CHECKS = "name: default\n"  # the budget is under test, not the guard: no PII engine on megabytes of text
EMBED = "team-embed"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    server = make_server("valkey", tmp_path_factory.mktemp("bound-store"))
    yield server
    server.stop()


def _flush(store: StoreServer) -> None:
    async def go() -> None:
        client = connect(store.url)
        await client.flushall()
        await client.aclose()
    asyncio.run(go())


def _proxy(proxy_factory: ProxyFactory, store: StoreServer, teams: dict[str, Any],
           team_files: dict[str, dict[str, Any]] | None = None, prices: dict[str, Any] | None = None) -> Proxy:
    _flush(store)
    budgets = {"timezone": "UTC", "teams": teams, "prices": prices or {EMBED: {"input": 1000.0, "output": 0.0}}}
    return proxy_factory({"store": {"url": store.url}},
                         teams={name: (team_files or {}).get(name, {}) for name in teams}, start_store=True,
                         files={"budgets.yaml": yaml.safe_dump(budgets), "policies/default.yaml": NO_CHECKS})


def _monthly(store: StoreServer, proxy: Proxy, team: str) -> dict[str, Any]:
    config = load_budgets(proxy.dir / "budgets.yaml")

    async def go() -> dict[str, Any]:
        client = connect(store.url)
        try:
            rows = await Budgets(client).status(config, [team])
            return next(r.as_dict() for r in rows if r.window == "monthly")
        finally:
            await client.aclose()
    return asyncio.run(go())


def _post(proxy: Proxy, team: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
    async def go() -> tuple[int, dict[str, Any], dict[str, str]]:
        async with aiohttp.ClientSession() as s, s.post(
                f"{proxy.url}{path}", json=body, headers={"Authorization": f"Bearer {proxy.keys[team]}"}) as r:
            return r.status, await r.json(content_type=None), dict(r.headers)
    return asyncio.run(go())


def _until_refused(proxy: Proxy, mock: Mock, team: str, path: str, body: dict[str, Any], usage: dict[str, int],
                   tries: int) -> list[int]:
    """Send `body` until the proxy refuses it, the mock billing `usage` each time; the statuses."""
    statuses = []
    for _ in range(tries):
        mock.script(usage=usage)
        status, _, headers = _post(proxy, team, path, body)
        statuses.append(status)
        if status != 200:
            break
        proxy.record_for(headers["x-guardrail-request-id"])  # settled
    mock.state.scripts.clear()
    return statuses


# ------------------------------------------------------------------------------ the findings

def test_text_without_whitespace_is_bounded_by_its_bytes(mock: Mock, proxy_factory: ProxyFactory,
                                                         store: StoreServer) -> None:
    """Was: a CJK string with no whitespace counted as a flat 3,000 tokens; spend ended far past the cap."""
    cap = 2.0
    p = _proxy(proxy_factory, store, {"cjk": {"monthly": cap}})
    text = "数据" * 45_000  # 270,000 UTF-8 bytes; the provider bills 60,000 tokens ($0.12 on gpt-4.1)
    body = {"model": "gpt-4.1", "messages": [{"role": "user", "content": text}], "max_tokens": 1}
    statuses = _until_refused(p, mock, "cjk", "/v1/chat/completions", body,
                              {"input_tokens": 60_000, "output_tokens": 1}, tries=25)
    monthly = _monthly(store, p, "cjk")
    assert monthly["spent_usd"] <= cap, statuses
    assert statuses[-1] == 429 and monthly["reserved_usd"] == 0
    assert all(r.get("overrun_usd") is None for r in p.records())


def test_token_arrays_count_by_their_length(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    """Was: token-id arrays counted as 0 tokens."""
    cap = 20.0
    p = _proxy(proxy_factory, store, {"emb": {"monthly": cap}})
    body = {"model": EMBED, "input": [[17] * 80 for _ in range(190)]}  # 15,200 token ids: $15.20
    statuses = _until_refused(p, mock, "emb", "/v1/embeddings", body, {"input_tokens": 15_200}, tries=4)
    assert statuses == [200, 429]
    assert _monthly(store, p, "emb")["spent_usd"] == pytest.approx(15.2)


def test_completions_token_arrays_and_batched_prompts(mock: Mock, proxy_factory: ProxyFactory,
                                                      store: StoreServer) -> None:
    """A list of prompts is one completion each: the output limit counts once per prompt."""
    p = _proxy(proxy_factory, store, {"cmp": {"monthly": 1.0}}, prices={"team-cmp": {"input": 0.0, "output": 1000.0}})
    body = {"model": "team-cmp", "prompt": [[1, 2, 3]] * 10, "max_tokens": 100}  # 10 x 100 output tokens: $1
    status, err, _ = _post(p, "cmp", "/v1/completions", {**body, "max_tokens": 101})
    assert status == 429 and err["error"]["code"] == "budget_exceeded"
    mock.script(usage={"input_tokens": 30, "output_tokens": 1000})
    status, _, headers = _post(p, "cmp", "/v1/completions", body)
    assert status == 200
    assert p.record_for(headers["x-guardrail-request-id"]).get("overrun_usd") is None


def test_stored_context_reserves_the_context_window(mock: Mock, proxy_factory: ProxyFactory,
                                                    store: StoreServer) -> None:
    """Was: `previous_response_id` reserved $0.00015 and was billed $1.80."""
    cap = 5.0
    p = _proxy(proxy_factory, store, {"ctx": {"monthly": cap}})
    body = {"model": "gpt-4.1", "previous_response_id": "resp_abc", "input": "and then?", "max_output_tokens": 50}
    statuses = _until_refused(p, mock, "ctx", "/v1/responses", body, {"input_tokens": 900_000, "output_tokens": 50},
                              tries=5)
    assert statuses == [200, 200, 429], statuses
    monthly = _monthly(store, p, "ctx")
    assert monthly["spent_usd"] <= cap
    status, err, _ = _post(p, "ctx", "/v1/responses", body)
    assert status == 429
    assert "previous_response_id" in err["error"]["message"] and "context window" in err["error"]["message"]


@pytest.mark.parametrize("extra", [{"conversation": "conv_1"}, {"prompt": {"id": "pmpt_1", "version": "2"}},
                                   {"input": [{"type": "item_reference", "id": "msg_1"}]}])
def test_other_provider_side_context_is_bounded_too(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer,
                                                    extra: dict[str, Any]) -> None:
    p = _proxy(proxy_factory, store, {"ctx": {"monthly": 1.0}})
    status, err, _ = _post(p, "ctx", "/v1/responses", {"model": "gpt-4.1", "input": "hi", **extra})
    assert status == 429 and "context window" in err["error"]["message"]
    assert mock.state.requests == []


def test_background_jobs_are_refused_by_default(mock: Mock, proxy_factory: ProxyFactory,
                                                store: StoreServer) -> None:
    """Was: `background: true` was queued, the reservation released and nothing charged."""
    p = _proxy(proxy_factory, store, {"bg": {"monthly": 50.0}})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["bg"], max_retries=0)
    with pytest.raises(openai.BadRequestError) as exc:
        client.responses.create(model="o3-pro", input="think hard", background=True)
    assert "background: charge_max" in exc.value.body["message"]
    assert mock.state.requests == []


def test_background_charge_max_charges_the_whole_reservation(mock: Mock, proxy_factory: ProxyFactory,
                                                             store: StoreServer) -> None:
    p = _proxy(proxy_factory, store, {"bg": {"monthly": 50.0, "background": "charge_max"}})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["bg"], max_retries=0)
    raw = client.responses.with_raw_response.create(model="o3-pro", input="think hard", background=True,
                                                    max_output_tokens=1000)
    rec = p.record_for(raw.headers["x-guardrail-request-id"])
    assert rec["budget"]["charged_usd"] == rec["budget"]["reserved_usd"] > 0
    assert _monthly(store, p, "bg")["spent_usd"] == pytest.approx(rec["budget"]["reserved_usd"])


def test_a_request_without_model_is_refused_for_a_listed_or_capped_team(
        mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    """Was: `{"prompt": {"id": ...}}` without `model` skipped the allow-list and was charged $0."""
    p = _proxy(proxy_factory, store, {"listed": {}, "capped": {"monthly": 5.0}, "open": {}},
               team_files={"listed": {"models": ["gpt-4o-mini"]},
                           "open": {"models": ["gpt-4o-mini"], "stored_prompts": True}})
    body = {"prompt": {"id": "pmpt_1"}, "input": "hi"}
    for team in ("listed", "capped"):
        status, err, _ = _post(p, team, "/v1/responses", body)
        assert status == 400 and err["error"]["param"] == "model" and "stored_prompts" in err["error"]["message"]
    assert mock.state.requests == []
    status, _, _ = _post(p, "open", "/v1/responses", body)
    assert len(mock.state.requests) == 1  # the team allows stored prompts: forwarded (the mock wants a model)


@pytest.mark.parametrize("part", [
    {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}},
])
def test_media_that_cannot_be_priced_is_refused(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer,
                                                part: dict[str, Any]) -> None:
    p = _proxy(proxy_factory, store, {"m": {"monthly": 50.0}})
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": [part]}], "max_tokens": 5}
    status, err, _ = _post(p, "m", "/v1/chat/completions", body)
    assert status == 400 and "audio" in err["error"]["message"]
    assert mock.state.requests == []


def test_server_tools_are_refused(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    p = _proxy(proxy_factory, store, {"t": {"monthly": 50.0}})
    status, err, _ = _post(p, "t", "/v1/responses", {"model": "gpt-4.1", "input": "news?",
                                                     "tools": [{"type": "web_search"}], "max_output_tokens": 5})
    assert status == 400 and "web_search" in err["error"]["message"]
    assert mock.state.requests == []


# ------------------------------------------------------------------------------------------ clamp

def test_clamp_lowers_the_output_limit_to_what_the_budget_affords(mock: Mock, proxy_factory: ProxyFactory,
                                                                  store: StoreServer) -> None:
    p = _proxy(proxy_factory, store, {"c": {"monthly": 0.5, "on_exceed": "clamp"}},
               prices={"team-model": {"input": 0.0, "output": 1000.0}})  # $0.001 per output token
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["c"], max_retries=0)
    raw = client.chat.completions.with_raw_response.create(
        model="team-model", messages=[{"role": "user", "content": "hi"}], max_tokens=2000)
    clamped = int(raw.headers["x-guardrail-clamped-max-tokens"])
    assert 16 <= clamped <= 500
    assert mock.last_body["max_tokens"] == clamped
    rec = p.record_for(raw.headers["x-guardrail-request-id"])
    assert rec["clamped_max_tokens"] == clamped and rec["budget"]["reserved_usd"] <= 0.5


def test_block_is_the_default(mock: Mock, proxy_factory: ProxyFactory, store: StoreServer) -> None:
    p = _proxy(proxy_factory, store, {"b": {"monthly": 0.5}}, prices={"team-model": {"input": 0.0, "output": 1000.0}})
    status, _, headers = _post(p, "b", "/v1/chat/completions",
                               {"model": "team-model", "messages": [{"role": "user", "content": "hi"}],
                                "max_tokens": 2000})
    assert status == 429 and "x-guardrail-clamped-max-tokens" not in headers


# ---------------------------------------------------------------------------------------- overrun

def test_an_overrun_is_recorded_alerted_counted_and_shown(mock: Mock, proxy_factory: ProxyFactory,
                                                          store: StoreServer) -> None:
    """A provider billing past the bound (a bug, or a shape the bound missed) is never silent."""
    p = _proxy(proxy_factory, store, {"o": {"monthly": 50.0}})
    mock.script(usage={"input_tokens": 5_000_000, "output_tokens": 1})  # far more than 'hi' can be
    status, _, headers = _post(p, "o", "/v1/chat/completions",
                               {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5})
    assert status == 200
    rec = p.record_for(headers["x-guardrail-request-id"])
    assert rec["overrun_usd"] == pytest.approx(rec["cost_usd"] - rec["budget"]["reserved_usd"], abs=2e-6)
    alerts = [r for r in p.records() if r.get("type") == "budget_alert" and r.get("alert") == "overrun"]
    assert len(alerts) == 1 and alerts[0]["overrun_usd"] == rec["overrun_usd"]
    assert _monthly(store, p, "o")["overrun_usd"] == pytest.approx(rec["overrun_usd"])

    async def metrics() -> str:
        async with aiohttp.ClientSession() as s, s.get(f"{p.url}/metrics") as r:
            return await r.text()
    assert 'guardrail_budget_overrun_usd_total{team="o"}' in asyncio.run(metrics())


# ------------------------------------------------------------------- property: shapes vs the bound

def _worst_bill(body: dict[str, Any], path: str) -> dict[str, int]:
    """What a provider could bill for `body`, at most: every text's UTF-8 bytes (no BPE tokenizer emits
    more tokens), a token per token id, the documented maximum per image, the whole output limit per
    choice, and the context window (gpt-4.1: 1,047,576) for provider-side context."""
    if path == "/v1/responses" and any(k in body for k in ("previous_response_id", "conversation")):
        return {"input_tokens": 1_047_576, "output_tokens": body.get("max_output_tokens", 32_768)}
    tokens = 0
    stack: list[Any] = [v for k, v in body.items() if k != "model"]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            tokens += len(node.encode())
        elif isinstance(node, int):
            tokens += 1
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if node.get("type") in ("image_url", "input_image", "image"):
                tokens += 1_445  # gpt-4.1: 85 + 170 per 512-px tile, at most 8 tiles
                continue
            stack.extend(node.values())
    limit = body.get("max_tokens") or body.get("max_output_tokens") or 32_768
    return {"input_tokens": tokens, "output_tokens": limit * body.get("n", 1) if path != "/v1/embeddings" else 0}


@pytest.fixture(scope="module")
def adversary() -> Iterator[Mock]:
    """The mock provider, billing every request the most `_worst_bill` says it could."""
    @web.middleware
    async def bill(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                   ) -> web.StreamResponse:
        if request.path.startswith("/v1/") and request.method == "POST":
            body = json.loads(await request.read())
            # Queued first and consumed by this very request: the handler reads the (cached) body and
            # takes the script without yielding to another request in between.
            request.app[MOCK_STATE].scripts.appendleft(Script(usage=_worst_bill(body, request.path)))
        return await handler(request)

    def make() -> web.Application:
        app = create_mock_app()
        app.middlewares.append(bill)
        return app
    server = ServerThread(make).start()
    yield Mock(server)
    server.stop()


@pytest.fixture(scope="module")
def bounded_proxy(adversary: Mock, store: StoreServer, tmp_path_factory: pytest.TempPathFactory,
                  ) -> Iterator[tuple[Proxy, float]]:
    cap = 3.0
    folder = tmp_path_factory.mktemp("bound-proxy")
    key = generate_key()
    (folder / "proxy.yaml").write_text(yaml.safe_dump({
        "store": {"url": store.url}, "models": {"pii": {"workers": 0}, "toxicity": {"model": "keywords"}},
        "providers": {"openai": {"base_url": f"{adversary.url}/v1"}, "anthropic": {"base_url": adversary.url}}}))
    (folder / "teams.yaml").write_text(yaml.safe_dump({"teams": {"prop": {"keys": [hash_key(key)]}}}))
    (folder / "budgets.yaml").write_text(yaml.safe_dump({
        "teams": {"prop": {"monthly": cap, "on_exceed": "clamp"}}, "prices": {EMBED: {"input": 1.0, "output": 0.0}}}))
    (folder / "policies").mkdir()
    (folder / "policies" / "default.yaml").write_text(NO_CHECKS)
    server = ServerThread(lambda: create_app(load_settings(folder / "proxy.yaml", env={}), env={},
                                             start_store=True)).start()
    yield Proxy(server, folder, {"prop": key}), cap
    server.stop()


_texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="数据据のテ한", min_size=100, max_size=20_000),  # CJK, no whitespace
    st.text(alphabet="😀🚀👍🏽", min_size=100, max_size=8_000),          # 4-byte emoji
    st.builds(lambda n: "word " * n, st.integers(1, 5_000)),
    st.builds(lambda n: "x" * n, st.integers(513, 60_000)),          # no whitespace at all
)
_content = st.one_of(_texts, st.lists(st.one_of(
    st.builds(lambda t: {"type": "text", "text": t}, _texts),
    st.just({"type": "image_url", "image_url": {"url": "data:image/png;base64," + "A" * 4000}}),
), min_size=1, max_size=3))
_tools = st.lists(st.builds(lambda name, desc: {"type": "function", "function": {
    "name": name, "description": desc, "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}},
    st.from_regex(r"[a-z]{1,12}", fullmatch=True), _texts), max_size=3)


@st.composite
def _requests(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    kind = draw(st.sampled_from(["chat", "chat", "responses", "embeddings", "context", "background"]))
    if kind == "chat":
        body: dict[str, Any] = {"model": "gpt-4.1", "messages": [{"role": "user", "content": draw(_content)}],
                                "max_tokens": draw(st.integers(1, 30_000)), "n": draw(st.integers(1, 4))}
        tools = draw(_tools)
        if tools:
            body["tools"] = tools
        return "/v1/chat/completions", body
    if kind == "embeddings":
        inp = draw(st.one_of(_texts, st.lists(st.lists(st.integers(0, 100_000), min_size=1, max_size=3_000),
                                              min_size=1, max_size=20)))
        return "/v1/embeddings", {"model": EMBED, "input": inp}
    body = {"model": "gpt-4.1", "input": draw(_texts), "max_output_tokens": draw(st.integers(16, 30_000))}
    if kind == "context":
        body["previous_response_id"] = "resp_1"
    if kind == "background":
        body["background"] = True
    return "/v1/responses", body


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(batch=st.lists(_requests(), min_size=1, max_size=12))
def test_no_request_shape_passes_the_cap(bounded_proxy: tuple[Proxy, float], store: StoreServer,
                                         batch: list[tuple[str, dict[str, Any]]]) -> None:
    proxy, cap = bounded_proxy
    _flush(store)

    async def fire() -> list[tuple[int, str]]:
        async with aiohttp.ClientSession() as s:
            async def one(path: str, body: dict[str, Any]) -> tuple[int, str]:
                async with s.post(f"{proxy.url}{path}", json=body,
                                  headers={"Authorization": f"Bearer {proxy.keys['prop']}"}) as r:
                    await r.read()
                    return r.status, r.headers["x-guardrail-request-id"]
            # the batch twice over, all at once: concurrency included
            return await asyncio.gather(*(one(path, body) for path, body in batch * 2))

    results = asyncio.run(fire())
    assert {status for status, _ in results} <= {200, 400, 429}, results
    records = [proxy.record_for(rid) for _, rid in results]
    assert all(r.get("overrun_usd") is None for r in records), [r for r in records if r.get("overrun_usd")]
    monthly = _monthly(store, proxy, "prop")
    assert monthly["spent_usd"] <= cap and monthly["reserved_usd"] == 0 and monthly["overrun_usd"] == 0
