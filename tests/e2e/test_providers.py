"""Many providers behind one proxy (issue 17): named upstreams, routes by model glob, Azure OpenAI's paths
and headers, fallbacks, per-provider prices; with the official `openai` SDK (`OpenAI`, `AzureOpenAI`)
against two mock providers and a real Redis-protocol store (the budget ledger).

mock A (the session's mock) is `openai` and `primary`; mock B serves `local` (OpenAI-compatible) and
`azure-eu` (Azure OpenAI's paths). `dead` is a port nobody listens on.
"""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.request
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
import yaml

from proxy.budget.ledger import Budgets
from proxy.config.budgets import load_budgets
from proxy.mock.server import create_mock_app
from proxy.store.embedded import connect
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.redis_servers import StoreServer, make_server
from tests.support.servers import ServerThread

MSGS = [{"role": "user", "content": "hello there"}]
ENV = {"OPENAI_API_KEY": "sk-proxy-openai", "LOCAL_KEY": "sk-proxy-local", "AZURE_KEY": "az-proxy-key"}
API_VERSION = "2024-10-21"
# USD per 1M tokens: the primary's price from budgets.yaml, azure-eu's own (half), local's zero.
PRICES = {"team-model": {"input": 1000.0, "output": 2000.0}}
AZURE_PRICES = {"team-model*": {"input": 500.0, "output": 1000.0}}


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def mock_b() -> Iterator[Mock]:
    server = ServerThread(lambda: create_mock_app()).start()
    yield Mock(server)
    server.stop()


@pytest.fixture
def b(mock_b: Mock) -> Mock:
    mock_b.state.reset()
    mock_b.state.latency_ms = 0.0
    return mock_b


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    server = make_server("valkey", tmp_path_factory.mktemp("e2e-providers"))
    yield server
    server.stop()


def _config(a: str, b: str) -> dict[str, Any]:
    return {
        "providers": {
            "openai": {"base_url": f"{a}/v1"},
            "anthropic": {"base_url": a},
            "primary": {"kind": "openai", "base_url": f"{a}/v1", "api_key_env": "OPENAI_API_KEY", "timeout_s": 1.0},
            "local": {"kind": "openai", "base_url": f"{b}/v1", "api_key_env": "LOCAL_KEY",
                      "prices": {"llama-*": {"input": 0.0, "output": 0.0}}},
            "azure-eu": {"kind": "azure", "base_url": b, "api_key_env": "AZURE_KEY", "api_version": API_VERSION,
                         "prices": AZURE_PRICES},
            "dead": {"kind": "openai", "base_url": f"http://127.0.0.1:{_dead_port()}/v1"},
        },
        "routes": [
            {"models": ["llama-*", "qwen*"], "provider": "local"},
            {"models": ["prod-gpt4o"], "provider": "azure-eu"},
            {"models": ["team-model"], "provider": "primary", "fallback": ["azure-eu"]},
            {"models": ["refuse-*"], "provider": "dead", "fallback": ["local"]},
        ],
        "limits": {"fallback_backoff_s": 0.01, "retry_after_max_s": 30},
    }


@pytest.fixture(scope="module")
def routed(proxy_factory: ProxyFactory, mock_server: Mock, mock_b: Mock, store: StoreServer) -> Proxy:
    async def flush() -> None:
        client = connect(store.url)
        await client.flushall()
        await client.aclose()
    asyncio.run(flush())
    budgets = {"timezone": "UTC", "teams": {"marketing": {"monthly": 50.0}}, "prices": PRICES,
               "unknown_model": "allow"}
    cfg = _config(mock_server.url, mock_b.url)
    cfg["store"] = {"url": store.url}
    teams = {"marketing": {"models": ["gpt-4o-mini", "llama-*", "team-model", "refuse-*"]}, "research": {}}
    return _start(proxy_factory, cfg, teams=teams, env=ENV, start_store=True,
                  files={"budgets.yaml": yaml.safe_dump(budgets)})


def _start(proxy_factory: ProxyFactory, *args: Any, **kwargs: Any) -> Proxy:
    """`proxy_factory`, tried twice: the first proxy of a session loads the PII engine, which on a loaded
    2-core machine can outlast the 30 s a server has to start (the second start finds it loaded)."""
    try:
        return proxy_factory(*args, **kwargs)
    except TimeoutError:
        return proxy_factory(*args, **kwargs)


def _client(p: Proxy, team: str = "research") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys[team], max_retries=0)


def _azure(p: Proxy, team: str = "research") -> openai.AzureOpenAI:
    return openai.AzureOpenAI(azure_endpoint=p.url, api_key=p.keys[team], api_version="2024-06-01", max_retries=0)


def _rid(raw: Any) -> str:
    return str(raw.headers["x-guardrail-request-id"])


def _spent(store: StoreServer, p: Proxy, team: str) -> dict[str, Any]:
    config = load_budgets(p.dir / "budgets.yaml")

    async def go() -> dict[str, Any]:
        client = connect(store.url)
        try:
            rows = await Budgets(client).status(config, [team])
            return {r.window: r.as_dict() for r in rows}["monthly"]
        finally:
            await client.aclose()
    return asyncio.run(go())


# ------------------------------------------------------------------------------------------- routing

def test_models_are_routed_by_glob(routed: Proxy, mock: Mock, b: Mock) -> None:
    client = _client(routed)
    raw = client.chat.completions.with_raw_response.create(model="llama-3.1-8b", messages=MSGS)
    assert raw.parse().choices[0].message.content
    assert [r.path for r in b.state.requests] == ["/v1/chat/completions"] and not mock.state.requests
    assert b.last_headers["authorization"] == "Bearer sk-proxy-local"  # local's key, not the client's
    assert routed.record_for(_rid(raw))["upstream"]["provider"] == "local"

    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS)  # no route: openai
    assert [r.path for r in mock.state.requests] == ["/v1/chat/completions"] and len(b.state.requests) == 1
    assert mock.last_headers["authorization"] == "Bearer sk-proxy-openai"
    assert routed.record_for(_rid(raw))["upstream"]["provider"] == "openai"


def test_an_openai_request_routed_to_azure_uses_its_path_and_key(routed: Proxy, mock: Mock, b: Mock) -> None:
    _client(routed).chat.completions.create(model="prod-gpt4o", messages=MSGS)
    sent = b.state.last
    assert sent is not None and sent.path == "/openai/deployments/prod-gpt4o/chat/completions"
    assert sent.query == f"api-version={API_VERSION}"
    assert sent.headers["api-key"] == "az-proxy-key" and "authorization" not in sent.headers
    assert not mock.state.requests


def test_the_azure_sdk_works_unchanged(routed: Proxy, mock: Mock, b: Mock) -> None:
    azure = _azure(routed)
    raw = azure.chat.completions.with_raw_response.create(model="prod-gpt4o", messages=MSGS)
    assert raw.parse().choices[0].message.content == "You said: hello there"
    sent = b.state.last
    assert sent is not None and sent.path == "/openai/deployments/prod-gpt4o/chat/completions"
    assert sent.headers["api-key"] == "az-proxy-key" and routed.keys["research"] not in json.dumps(sent.to_json())
    rec = routed.record_for(_rid(raw))
    assert rec["team"] == "research" and rec["route"] == "/openai/deployments/{deployment}/chat/completions"
    assert rec["model"] == "prod-gpt4o" and rec["upstream"]["provider"] == "azure-eu"
    # Streams and embeddings too.
    chunks = list(azure.chat.completions.create(model="prod-gpt4o", messages=MSGS, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "You said: hello there"
    emb = azure.embeddings.create(model="prod-gpt4o", input="hello")
    assert emb.data and b.state.last is not None and b.state.last.path == "/openai/deployments/prod-gpt4o/embeddings"
    assert not mock.state.requests


def test_an_azure_client_routed_to_an_openai_kind_provider(routed: Proxy, b: Mock) -> None:
    _azure(routed).chat.completions.create(model="llama-3", messages=MSGS)
    sent = b.state.last
    assert sent is not None and sent.path == "/v1/chat/completions" and sent.query == ""
    assert sent.body["model"] == "llama-3" and sent.headers["authorization"] == "Bearer sk-proxy-local"


def test_the_deployment_in_the_path_is_the_model(routed: Proxy, b: Mock) -> None:
    # The body says another model: the path's deployment is what is checked, routed and sent.
    with httpx.Client() as http:
        r = http.post(f"{routed.url}/openai/deployments/llama-3/chat/completions?api-version=2024-06-01",
                      headers={"api-key": routed.keys["research"]}, json={"model": "gpt-4o", "messages": MSGS})
    assert r.status_code == 200 and b.last_body["model"] == "llama-3"
    with httpx.Client() as http:
        headers = {"api-key": routed.keys["research"]}
        r = http.post(f"{routed.url}/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-06-01",
                      headers=headers, json={"messages": MSGS})  # no model in the body: the deployment's
        assert r.status_code == 200 and b.last_body["model"] == "prod-gpt4o"
        r = http.post(f"{routed.url}/openai/deployments/jane%20doe/chat/completions", headers=headers,
                      json={"messages": MSGS})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_request"
    assert "jane" not in json.dumps(routed.records()[-1])


def test_the_allow_list_applies_to_the_routed_model(routed: Proxy, b: Mock) -> None:
    with pytest.raises(openai.PermissionDeniedError):
        _azure(routed, "marketing").chat.completions.create(model="prod-gpt4o", messages=MSGS)
    with pytest.raises(openai.AuthenticationError):  # an Azure client without a team key
        openai.AzureOpenAI(azure_endpoint=routed.url, api_key="gp-wrong", api_version="2024-06-01",
                           max_retries=0).chat.completions.create(model="llama-3", messages=MSGS)
    assert not b.state.requests


# ------------------------------------------------------------------------------------------ fallback

def _fallback_case(routed: Proxy, store: StoreServer, mock: Mock, b: Mock, lost: bool = False,
                   **script: Any) -> dict[str, Any]:
    before = _spent(store, routed, "marketing")["spent_usd"]
    mock.script(**script)
    raw = _client(routed, "marketing").chat.completions.with_raw_response.create(
        model="team-model", messages=[{"role": "user", "content": "write to jane.doe@example.com"}], max_tokens=20)
    answer = raw.parse()
    rec = routed.record_for(_rid(raw))
    # B answered, at azure-eu's path and price; input screened once, before any attempt.
    assert b.state.last is not None and b.state.last.path == "/openai/deployments/team-model/chat/completions"
    assert "jane.doe@example.com" not in json.dumps(b.last_body)
    assert [c["check"] for c in rec["checks"] if c["phase"] == "input" and c["check"] == "pii"] == ["pii"]
    assert rec["upstream"]["provider"] == "azure-eu" and rec["status"] == 200
    usage = answer.usage
    assert usage is not None
    cost = round(usage.prompt_tokens * 500 / 1e6 + usage.completion_tokens * 1000 / 1e6, 6)
    # A first try lost to a timeout may have been billed (the provider ran it): charged its bound, at the
    # first provider's price (the dearer here, so the reservation's amount).
    extra = rec["budget"]["reserved_usd"] if lost else 0.0
    assert rec["budget"].get("lost_tries_usd", 0.0) == extra
    assert rec["cost_usd"] == pytest.approx(cost + extra, abs=2e-6)
    # The ledger: the answer charged once, at the price of the provider that answered; nothing left reserved.
    ledger = _spent(store, routed, "marketing")
    assert ledger["spent_usd"] - before == pytest.approx(cost + extra, abs=2e-6) and ledger["reserved_usd"] == 0
    return rec


def test_fallback_on_503(routed: Proxy, store: StoreServer, mock: Mock, b: Mock) -> None:
    rec = _fallback_case(routed, store, mock, b, status=503)
    assert rec["upstream"]["attempts"] == [{"provider": "primary", "outcome": "503"},
                                           {"provider": "azure-eu", "outcome": "200"}]
    assert len(mock.state.requests) == 1 and len(b.state.requests) == 1


def test_fallback_on_timeout(routed: Proxy, store: StoreServer, mock: Mock, b: Mock) -> None:
    rec = _fallback_case(routed, store, mock, b, lost=True, latency_ms=3000)  # primary's timeout_s: 1
    assert [a["outcome"] for a in rec["upstream"]["attempts"]] == ["timeout", "200"]


def test_fallback_on_a_refused_connection(routed: Proxy, b: Mock) -> None:
    raw = _client(routed, "marketing").chat.completions.with_raw_response.create(model="refuse-1", messages=MSGS)
    assert raw.parse().choices[0].message.content == "You said: hello there"
    rec = routed.record_for(_rid(raw))
    assert rec["upstream"]["attempts"] == [{"provider": "dead", "outcome": "unreachable"},
                                           {"provider": "local", "outcome": "200"}]
    assert b.last_headers["authorization"] == "Bearer sk-proxy-local"


def test_the_last_providers_error_is_the_answer(routed: Proxy, store: StoreServer, mock: Mock, b: Mock) -> None:
    before = _spent(store, routed, "marketing")
    mock.script(status=503)
    b.script(status=500, error_body={"error": {"message": "B is down", "type": "server_error"}})
    with pytest.raises(openai.InternalServerError) as info:
        _client(routed, "marketing").chat.completions.create(model="team-model", messages=MSGS, max_tokens=20)
    assert info.value.status_code == 500 and "B is down" in str(info.value.body)
    rec = routed.record_for(_rid(info.value.response))
    assert [a["outcome"] for a in rec["upstream"]["attempts"]] == ["503", "500"]
    after = _spent(store, routed, "marketing")
    assert after["spent_usd"] == before["spent_usd"] and after["reserved_usd"] == 0  # released, not charged


def test_no_fallback_once_a_stream_began(routed: Proxy, store: StoreServer, mock: Mock, b: Mock) -> None:
    mock.script(text="one two three four five six seven eight", chunk_chars=4, disconnect_after=3)
    stream = _client(routed, "marketing").chat.completions.create(model="team-model", messages=MSGS, stream=True,
                                                                  max_tokens=50)
    assert stream.response.status_code == 200  # the answer began: its head reached the client
    with pytest.raises((openai.APIError, httpx.HTTPError)):
        for _ in stream:
            pass
    assert len(mock.state.requests) == 1 and not b.state.requests  # the second provider was never asked
    rec = routed.record_for(_rid(stream.response))
    assert rec["error"] == "upstream_stream_broken" and rec["upstream"]["provider"] == "primary"
    assert "attempts" not in rec["upstream"]
    assert _spent(store, routed, "marketing")["reserved_usd"] == 0


def test_retry_after_puts_a_provider_last(proxy_factory: ProxyFactory, mock: Mock, b: Mock) -> None:
    p = _start(proxy_factory, _config(mock.url, b.url), teams={"research": {}}, env=ENV)
    mock.script(status=429, headers={"retry-after": "20"})
    client = _client(p)
    client.chat.completions.create(model="team-model", messages=MSGS)  # primary 429 -> azure-eu
    client.chat.completions.create(model="team-model", messages=MSGS)  # azure-eu first now
    assert len(mock.state.requests) == 1 and len(b.state.requests) == 2
    with urllib.request.urlopen(f"{p.url}/readyz", timeout=5) as resp:
        ready = json.loads(resp.read())
    assert ready["providers"]["primary"]["status"] == "cooling_down"
    assert ready["providers"]["azure-eu"] == {"kind": "azure", "status": "ok", "last_outcome": "200",
                                              "consecutive_failures": 0}
    assert ready["providers"]["dead"]["status"] == "unknown"
    with urllib.request.urlopen(f"{p.url}/metrics", timeout=5) as resp:
        metrics = resp.read().decode()
    assert 'guardrail_upstream_attempts_total{outcome="429",provider="primary"} 1.0' in metrics
    assert 'guardrail_upstream_attempts_total{outcome="200",provider="azure-eu"} 2.0' in metrics
    assert 'guardrail_provider_up{provider="primary"} 0.0' in metrics


def test_a_self_hosted_model_priced_zero(routed: Proxy, store: StoreServer, b: Mock) -> None:
    raw = _client(routed, "marketing").chat.completions.with_raw_response.create(model="llama-3", messages=MSGS,
                                                                                 max_tokens=20)
    rec = routed.record_for(_rid(raw))
    assert rec["cost_usd"] == 0.0 and rec["usage"]["input_tokens"] > 0


# ----------------------------------------------------------------------------------- single-tenant

def test_single_tenant_the_clients_key_goes_only_where_its_sdk_points(proxy_factory: ProxyFactory, mock: Mock,
                                                                        b: Mock) -> None:
    p = _start(proxy_factory, _config(mock.url, b.url), env=ENV)  # no teams.yaml
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk-client-own", max_retries=0)
    client.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    assert mock.last_headers["authorization"] == "Bearer sk-client-own"  # to openai: the client's own key
    client.chat.completions.create(model="llama-3", messages=MSGS)
    assert b.last_headers["authorization"] == "Bearer sk-proxy-local"  # elsewhere: never the client's key
    assert "sk-client-own" not in json.dumps([r.to_json() for r in b.state.requests])
    # An Azure client's own key goes to the first azure provider (its default), as `api-key`.
    openai.AzureOpenAI(azure_endpoint=p.url, api_key="az-client-own", api_version="2024-06-01",
                       max_retries=0).chat.completions.create(model="some-deployment", messages=MSGS)
    assert b.state.last is not None and b.state.last.path == "/openai/deployments/some-deployment/chat/completions"
    assert b.last_headers["api-key"] == "az-client-own"


def test_an_existing_config_serves_azure_clients_through_openai(proxy: Proxy, mock: Mock) -> None:
    # No providers beyond the two defaults, no routes: an Azure client reaches `openai`. Its key is an Azure
    # key, never sent to OpenAI (issue 12): `openai` gets the proxy's key for it (none in this proxy's
    # environment: no credentials at all; tests/e2e/test_edge_doors.py has one).
    out = openai.AzureOpenAI(azure_endpoint=proxy.url, api_key="sk-client-own", api_version="2024-06-01",
                             max_retries=0).chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    assert out.choices[0].message.content == "You said: hello there"
    sent = mock.state.last
    assert sent is not None and sent.path == "/v1/chat/completions" and sent.query == ""
    assert "authorization" not in sent.headers and "api-key" not in sent.headers
    assert "sk-client-own" not in json.dumps(sent.headers)
    assert sent.body["model"] == "gpt-4o-mini"


def test_an_anthropic_route_falls_back_to_another_anthropic_provider(proxy_factory: ProxyFactory, mock: Mock,
                                                                     b: Mock) -> None:
    import anthropic

    cfg = _config(mock.url, b.url)
    cfg["providers"]["claude-b"] = {"kind": "anthropic", "base_url": b.url, "api_key_env": "CLAUDE_B_KEY"}
    cfg["routes"].append({"models": ["claude-*"], "provider": "anthropic", "fallback": ["claude-b"]})
    env = {**ENV, "ANTHROPIC_API_KEY": "sk-ant-a", "CLAUDE_B_KEY": "sk-b"}
    p = _start(proxy_factory, cfg, teams={"research": {}}, env=env)
    mock.script(status=529)  # Anthropic's "overloaded"
    client = anthropic.Anthropic(base_url=p.url, api_key=p.keys["research"], max_retries=0)
    raw = client.messages.with_raw_response.create(model="claude-3-5-haiku-latest", max_tokens=20,
                                                   messages=[{"role": "user", "content": "mail jane.doe@example.com"}])
    assert raw.parse().content[0].type == "text"
    assert b.state.last is not None and b.state.last.path == "/v1/messages" and b.last_headers["x-api-key"] == "sk-b"
    assert "jane.doe@example.com" not in json.dumps(b.last_body)  # the same guardrails on the fallback
    rec = p.record_for(_rid(raw))
    assert rec["upstream"]["attempts"] == [{"provider": "anthropic", "outcome": "529"},
                                           {"provider": "claude-b", "outcome": "200"}]
