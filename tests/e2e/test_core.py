"""Identity, bad input, faults, headers and the decision record, through real HTTP."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import urllib.request

import aiohttp
import anthropic
import openai
import pytest

from proxy.audit import verify
from proxy.config.policy import BUILTIN_DEFAULT_YAML
from tests.conftest import Mock, Proxy, ProxyFactory

BUILTIN_VERSION = hashlib.sha256(BUILTIN_DEFAULT_YAML.encode()).hexdigest()[:12]

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
MSG = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}


def post(url: str, body: bytes | dict, headers: dict[str, str] | None = None) -> tuple[int, dict, dict]:
    async def go() -> tuple[int, dict, dict]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        async with aiohttp.ClientSession() as s, s.post(url, data=data, headers={
                "content-type": "application/json", **(headers or {})}) as r:
            text = await r.read()
            return r.status, dict(r.headers), json.loads(text) if text else {}
    return asyncio.run(go())


# ---------------------------------------------------------------------------------------------- identity

def test_team_key_is_required(mock: Mock, team_proxy: Proxy) -> None:
    client = openai.OpenAI(base_url=f"{team_proxy.url}/v1", api_key="gp-wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as exc:
        client.chat.completions.create(**CHAT)
    assert exc.value.status_code == 401
    assert exc.value.body["code"] == "invalid_api_key"
    assert "gp-wrong" not in json.dumps(exc.value.body)
    assert mock.state.requests == [], "a request without a valid key must not reach the provider"
    ac = anthropic.Anthropic(base_url=team_proxy.url, api_key="gp-wrong", max_retries=0)
    with pytest.raises(anthropic.AuthenticationError) as aexc:
        ac.messages.create(**MSG)
    assert aexc.value.body == {"type": "error", "error": {"type": "authentication_error", "message": aexc.value.body[
        "error"]["message"]}}


def test_team_mode_sends_the_proxy_key_never_the_clients(mock: Mock, team_proxy: Proxy) -> None:
    key = team_proxy.keys["marketing"]
    client = openai.OpenAI(base_url=f"{team_proxy.url}/v1", api_key=key, max_retries=0,
                           organization="org-client")
    r = client.chat.completions.with_raw_response.create(**CHAT)
    assert r.parse().choices[0].message.content == "You said: hi"
    sent = mock.last_headers
    assert sent["authorization"] == "Bearer sk-proxy-openai"
    assert "openai-organization" not in sent
    assert key not in json.dumps(mock.state.requests[-1].to_json())
    rec = team_proxy.record_for(r.headers["x-guardrail-request-id"])
    assert rec["team"] == "marketing" and rec["decision"] == "allow"

    ac = anthropic.Anthropic(base_url=team_proxy.url, api_key=team_proxy.keys["research"], max_retries=0)
    raw = ac.messages.with_raw_response.create(**MSG)
    assert raw.parse().content[0].text == "You said: hi"
    assert mock.last_headers["x-api-key"] == "sk-ant-proxy"
    assert "authorization" not in mock.last_headers
    import hashlib

    from tests.conftest import STRICT_POLICY
    assert raw.headers["x-guardrail-policy"] == f"strict@{hashlib.sha256(STRICT_POLICY.encode()).hexdigest()[:12]}"
    assert team_proxy.record_for(raw.headers["x-guardrail-request-id"])["team"] == "research"


def test_model_allow_list_gives_403(mock: Mock, team_proxy: Proxy) -> None:
    client = openai.OpenAI(base_url=f"{team_proxy.url}/v1", api_key=team_proxy.keys["marketing"], max_retries=0)
    with pytest.raises(openai.PermissionDeniedError) as exc:
        client.chat.completions.create(model="gpt-4o", messages=CHAT["messages"])
    assert exc.value.body["type"] == "permission_error" and "gpt-4o" in exc.value.body["message"]
    assert mock.state.requests == []
    ac = anthropic.Anthropic(base_url=team_proxy.url, api_key=team_proxy.keys["marketing"], max_retries=0)
    assert ac.messages.create(**MSG).content[0].text == "You said: hi"  # claude-* is allowed


# -------------------------------------------------------------------------------------------- bad input

def test_invalid_json_is_400_with_the_reason(mock: Mock, proxy: Proxy) -> None:
    status, headers, body = post(f"{proxy.url}/v1/chat/completions", b'{"model": "gpt-4o-mini", "messages": [}')
    assert status == 400
    assert body["error"]["type"] == "invalid_request_error" and body["error"]["code"] == "invalid_json"
    assert "line 1, column" in body["error"]["message"]
    assert headers["x-guardrail-decision"] == "block"
    status, _, body = post(f"{proxy.url}/v1/messages", b"[1, 2]")
    assert status == 400 and body["type"] == "error" and body["error"]["type"] == "invalid_request_error"
    assert "JSON object" in body["error"]["message"]
    assert mock.state.requests == []


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/v1/chat/completions", {"model": 5, "messages": []}, "model"),
    ("/v1/chat/completions", {"model": "m"}, "messages"),
    ("/v1/chat/completions", {"model": "m", "messages": [], "stream": "yes"}, "stream"),
    ("/v1/messages", {"model": "m", "messages": "hi"}, "messages"),
    ("/v1/messages", {"model": "m", "messages": [], "max_tokens": "10"}, "max_tokens"),
    ("/v1/embeddings", {"model": "m"}, "input"),
    ("/v1/chat/completions", {"model": "gpt-4o mini for jane.doe@example.com", "messages": []}, "model"),
])
def test_wrong_field_types_are_400(mock: Mock, proxy: Proxy, path: str, body: dict, field: str) -> None:
    status, _, out = post(f"{proxy.url}{path}", body)
    assert status == 400
    message = out["error"]["message"]
    assert f"'{field}'" in message
    assert mock.state.requests == []


def test_body_over_the_limit_is_413(mock: Mock, proxy_factory: ProxyFactory) -> None:
    small = proxy_factory({"limits": {"max_body_bytes": 1000, "upstream_timeout_s": 5}})
    big = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x" * 2000}]}
    status, _, body = post(f"{small.url}/v1/chat/completions", big)
    assert status == 413 and body["error"]["code"] == "request_too_large"
    status, _, body = post(f"{small.url}/v1/messages", big)
    assert status == 413 and body["error"]["type"] == "request_too_large"
    assert mock.state.requests == []
    assert post(f"{small.url}/v1/chat/completions", CHAT)[0] == 200


def test_unknown_route_is_404_in_openai_format(proxy: Proxy) -> None:
    status, headers, body = post(f"{proxy.url}/v1/fine_tuning/jobs", {"x": 1})
    assert status == 404
    assert body["error"]["code"] == "unknown_url" and "POST /v1/fine_tuning/jobs" in body["error"]["message"]
    rec = proxy.record_for(headers["x-guardrail-request-id"])
    assert rec["status"] == 404 and rec["decision"] == "block" and rec["error"] == "unknown_url"
    assert rec["route"] == "(unknown)"


def test_unknown_paths_never_reach_records_or_metrics(proxy: Proxy) -> None:
    """A path is the client's text, unbounded: it must not become a record field or a metrics label
    (a key or an address in it would be logged; random paths would grow the metrics without end)."""
    secret = "/v1/users/jane.doe@example.com/sk-live-abcdef123456"
    status, headers, _ = post(f"{proxy.url}{secret}", {"x": 1})
    assert status == 404
    rec = proxy.record_for(headers["x-guardrail-request-id"])
    assert "jane.doe" not in json.dumps(rec) and "sk-live" not in json.dumps(rec)
    with urllib.request.urlopen(f"{proxy.url}/metrics") as r:
        text = r.read().decode()
    assert "jane.doe" not in text and "sk-live" not in text
    assert 'route="(unknown)"' in text


# ------------------------------------------------------------------------------------------------ faults

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_provider_is_502(proxy_factory: ProxyFactory) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"
    p = proxy_factory({"providers": {"openai": {"base_url": f"{dead}/v1"}, "anthropic": {"base_url": dead}}})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk", max_retries=0)
    with pytest.raises(openai.APIStatusError) as exc:
        client.chat.completions.create(**CHAT)
    assert exc.value.status_code == 502 and exc.value.body["code"] == "upstream_unreachable"
    status, _, body = post(f"{p.url}/v1/messages", MSG)
    assert status == 502 and body["error"]["type"] == "api_error"
    rec = p.records()[-1]
    assert rec["status"] == 502 and rec["error"] == "upstream_unreachable" and rec["decision"] == "allow"


def test_slow_provider_is_504(mock: Mock, proxy_factory: ProxyFactory) -> None:
    p = proxy_factory({"limits": {"max_body_bytes": 100000, "upstream_timeout_s": 0.3}})
    mock.script(latency_ms=2000)
    status, _, body = post(f"{p.url}/v1/chat/completions", CHAT)
    assert status == 504 and body["error"]["code"] == "upstream_timeout"


def test_client_disconnect_mid_stream_cancels_upstream(mock: Mock, proxy: Proxy) -> None:
    mock.script(text="word " * 200, chunk_chars=5, chunk_delay_ms=10)

    async def go() -> str:
        async with aiohttp.ClientSession() as s:
            r = await s.post(f"{proxy.url}/v1/chat/completions", json={**CHAT, "stream": True})
            request_id = r.headers["x-guardrail-request-id"]
            for _ in range(5):
                await r.content.readline()
            r.close()  # hang up after a few events
            return request_id

    request_id = asyncio.run(go())
    rec = proxy.record_for(request_id)
    assert rec["client_disconnected"] is True
    assert 0 < rec["usage"]["output_tokens"] < 200, "partial output is counted, not the whole answer"
    for _ in range(100):
        if mock.state.stream_outcomes:
            break
        asyncio.run(asyncio.sleep(0.02))
    assert mock.state.stream_outcomes == ["client_gone"], "the provider's stream must be cancelled"


def test_provider_breaking_mid_stream_breaks_the_clients_stream(mock: Mock, proxy: Proxy) -> None:
    mock.script(text="one two three four five six", chunk_chars=3, disconnect_after=4)
    client = openai.OpenAI(base_url=f"{proxy.url}/v1", api_key="sk", max_retries=0)
    with pytest.raises(openai.APIConnectionError):
        list(client.chat.completions.create(**CHAT, stream=True))
    rec = proxy.records()[-1]
    assert rec["error"] == "upstream_stream_broken"


# ------------------------------------------------------------------------------------ headers and log

def test_every_answer_carries_the_guardrail_headers_and_one_chained_record(mock: Mock, proxy: Proxy) -> None:
    before = len(proxy.records())
    ids = []
    for path, body in [("/v1/chat/completions", CHAT), ("/v1/messages", MSG), ("/v1/chat/completions", b"{")]:
        status, headers, _ = post(f"{proxy.url}{path}", body)
        assert headers["x-guardrail-policy"] == f"default@{BUILTIN_VERSION}"
        assert headers["x-guardrail-decision"] in ("allow", "block")
        ids.append(headers["x-guardrail-request-id"])
    records = proxy.records()[before:]
    assert [r["request_id"] for r in records] == ids
    expected = {"ts", "request_id", "team", "route", "model", "stream", "policy", "policy_version", "mode",
                "decision", "checks", "usage", "cost_usd", "budget", "upstream", "latency_ms", "prev_hash", "hash"}
    for rec in records:
        assert expected <= rec.keys()
        assert rec["team"] == "default" and rec["mode"] == "enforce"
    # The built-in default policy screens input and output; a request that never parsed ran no check.
    ran = {(c["phase"], c["check"]) for c in records[0]["checks"]}
    assert {("input", "pii"), ("input", "toxicity"), ("output", "pii"), ("output", "toxicity")} <= ran
    assert all(c["action"] == "allow" and isinstance(c["ms"], float) for c in records[0]["checks"])
    assert records[2]["checks"] == []
    assert records[0]["usage"]["input_tokens"] > 0 and records[0]["upstream"]["status"] == 200
    assert records[2]["decision"] == "block" and records[2]["upstream"]["status"] is None
    assert verify(proxy.log_path).ok


def test_hop_by_hop_headers_are_not_forwarded(mock: Mock, proxy: Proxy) -> None:
    status, headers, _ = post(f"{proxy.url}/v1/chat/completions", CHAT,
                              headers={"Connection": "keep-alive, X-Secret-Hop", "TE": "trailers",
                                       "X-Secret-Hop": "1", "Proxy-Authorization": "Basic abc", "X-Custom": "dropped",
                                       "OpenAI-Beta": "assistants=v2"})
    assert status == 200
    sent = mock.last_headers
    assert "te" not in sent and "proxy-authorization" not in sent and "x-secret-hop" not in sent
    # Only allowlisted headers go on (proxy.edge.upstream): a provider's own header does, a custom one not.
    assert sent["openai-beta"] == "assistants=v2" and "x-custom" not in sent
    assert "transfer-encoding" not in {k.lower() for k in headers} or headers.get("Content-Length") is None


def test_health_ready_metrics(proxy: Proxy) -> None:
    async def go() -> tuple[int, dict, str]:
        async with aiohttp.ClientSession() as s:
            async with s.get(f"{proxy.url}/healthz") as r:
                assert r.status == 200 and (await r.json())["status"] == "ok"
            async with s.get(f"{proxy.url}/readyz") as r:
                ready = (r.status, await r.json())
            async with s.get(f"{proxy.url}/metrics") as r:
                return ready[0], ready[1], await r.text()

    status, ready, metrics = asyncio.run(go())
    assert status == 200 and ready["config"]["status"] == "ok" and ready["config"]["mode"] == "single-tenant"
    assert "guardrail_requests_total{" in metrics and "guardrail_upstream_duration_seconds_bucket{" in metrics
