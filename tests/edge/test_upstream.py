"""proxy.edge.upstream: the provider's URL and headers, opening the request, reading a whole answer."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer
from multidict import CIMultiDict

from proxy.config.settings import Settings, load_settings
from proxy.edge import upstream
from proxy.edge.upstream import (
    HOP_BY_HOP,
    UpstreamFailed,
    open_upstream,
    provider_auth,
    read_body,
    response_headers,
    upstream_headers,
    upstream_url,
)
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.openai import ADAPTER as OPENAI

CLIENT_AUTH = {"Authorization": "Bearer gp-team-key", "x-api-key": "gp-team-key", "api-key": "gp-team-key",
               "OpenAI-Organization": "org-client", "OpenAI-Project": "proj-client"}


def settings(folder: Path, proxy_yaml: dict[str, object] | None = None, teams: bool = False) -> Settings:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "proxy.yaml").write_text(yaml.safe_dump(proxy_yaml or {}))
    if teams:
        (folder / "teams.yaml").write_text("teams: {}\n")
    return load_settings(folder / "proxy.yaml", env={})


# --------------------------------------------------------------------------- request headers


def test_hop_by_hop_and_recomputed_headers_never_go_upstream() -> None:
    client = CIMultiDict({name.title(): "x" for name in HOP_BY_HOP})
    client.update({"Accept-Encoding": "br", "Expect": "100-continue", "OpenAI-Beta": "assistants=v2",
                   "Content-Type": "application/json"})
    assert list(upstream_headers(client, None).items()) == [("OpenAI-Beta", "assistants=v2"),
                                                            ("Content-Type", "application/json")]


def test_headers_named_in_connection_are_hop_by_hop_too() -> None:
    client = CIMultiDict([("Connection", "keep-alive, Idempotency-Key ,openai-beta"), ("Idempotency-Key", "k1"),
                          ("openai-beta", "b2"), ("Anthropic-Beta", "b3")])
    assert list(upstream_headers(client, None).items()) == [("Anthropic-Beta", "b3")]


def test_the_proxys_own_headers_never_go_upstream() -> None:
    client = CIMultiDict({"x-guardrail-request-id": "forged", "X-Guardrail-Decision": "allow", "Accept": "kept"})
    assert dict(upstream_headers(client, None)) == {"Accept": "kept"}


def test_repeated_headers_are_kept_in_order() -> None:
    client = CIMultiDict([("anthropic-beta", "a"), ("Accept", "text/event-stream"), ("anthropic-beta", "b")])
    assert upstream_headers(client, None).getall("anthropic-beta") == ["a", "b"]


# Issue 12 review (f14): what a client sends beside the body must not carry what the guard never screens.
SDK_HEADERS = {
    "Content-Type": "application/json", "Accept": "application/json", "User-Agent": "OpenAI/Python 1.51.0",
    "X-Stainless-Lang": "python", "X-Stainless-Package-Version": "1.51.0", "X-Stainless-OS": "Linux",
    "X-Stainless-Arch": "x64", "X-Stainless-Runtime": "CPython", "X-Stainless-Runtime-Version": "3.11.7",
    "X-Stainless-Async": "false", "X-Stainless-Retry-Count": "0", "X-Stainless-Read-Timeout": "600",
    "OpenAI-Organization": "org-Abc123", "OpenAI-Project": "proj_Abc123", "OpenAI-Beta": "assistants=v2",
    "anthropic-version": "2023-06-01", "anthropic-beta": "prompt-caching-2024-07-31,tools-2024-05-16",
    "Idempotency-Key": "stainless-python-retry-9f1c2d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f",
}


def test_the_official_sdks_headers_go_upstream() -> None:
    assert dict(upstream_headers(CIMultiDict(SDK_HEADERS), None)) == SDK_HEADERS


@pytest.mark.parametrize(("name", "value"), [
    ("X-User-Email", "rvq@ledgerline.io"), ("Cookie", "email=rvq@ledgerline.io"),
    ("Referer", "https://app/?phone=415-555-0176"), ("X-Note", "project falcon"), ("Forwarded", "for=10.0.0.1"),
    ("OpenAI-Project", "415-555-0176"), ("OpenAI-Organization", "rvq@ledgerline.io"),
    ("User-Agent", "app (rvq@ledgerline.io)"), ("X-Stainless-Lang", "415-555-0176"),
    ("X-Stainless-Anything", "python"), ("Idempotency-Key", "4111111111111111"), ("anthropic-version", "jane"),
    ("Content-Type", "text/plain; note=rvq@ledgerline.io"),
])
def test_other_headers_and_values_of_the_wrong_shape_stay_behind(name: str, value: str) -> None:
    assert dict(upstream_headers(CIMultiDict({name: value, "Accept": "application/json"}), None)) == \
        {"Accept": "application/json"}


@pytest.mark.parametrize(("query", "kept"), [
    ("", ""),
    ("user=rvq@ledgerline.io&note=project+falcon", ""),
    ("api-version=2024-10-21", "api-version=2024-10-21"),
    ("api-version=2025-04-01-preview&user=rvq%40ledgerline.io", "api-version=2025-04-01-preview"),
    ("beta=true", "beta=true"),
    ("limit=20&after=msg_01AbC&order=desc&include[]=x.y", "limit=20&after=msg_01AbC&order=desc&include[]=x.y"),
    ("after=415-555-0176&before=rvq%40ledgerline.io", ""),
    ("api-version=415-555-0176&beta=rvq", ""),
])
def test_the_query_keeps_only_what_the_provider_api_defines(query: str, kept: str) -> None:
    assert upstream.upstream_query(query) == kept


def test_single_tenant_the_clients_credentials_pass_through() -> None:
    assert dict(upstream_headers(CIMultiDict(CLIENT_AUTH), None)) == CLIENT_AUTH


@pytest.mark.parametrize("auth", [{"Authorization": "Bearer sk-proxy"}, {"x-api-key": "sk-ant-proxy"}])
def test_team_mode_replaces_the_clients_credentials(auth: dict[str, str]) -> None:
    out = upstream_headers(CIMultiDict({**CLIENT_AUTH, "Accept": "kept"}), auth)
    assert dict(out) == {"Accept": "kept", **auth}


def test_team_mode_without_a_provider_key_sends_no_credentials() -> None:
    assert dict(upstream_headers(CIMultiDict({**CLIENT_AUTH, "Accept": "kept"}), {})) == {"Accept": "kept"}


def test_response_headers_relay_only_the_allowlist() -> None:
    up = CIMultiDict([("Content-Encoding", "gzip"), ("Date", "today"), ("Server", "provider"),
                      ("Transfer-Encoding", "chunked"), ("Content-Length", "10"), ("Connection", "close"),
                      ("Content-Type", "application/json"), ("x-request-id", "up-1"), ("Set-Cookie", "a=1"),
                      ("Set-Cookie", "b=2"), ("X-Debug-Prompt", "mail jane.doe@example.com"),
                      ("Link", "<https://x/?e=jane.doe@example.com>; rel=next"), ("x-ratelimit-remaining-tokens", "99"),
                      ("anthropic-ratelimit-requests-reset", "2026-12-03T08:00:00Z"), ("retry-after", "2"),
                      ("openai-processing-ms", "12"), ("request-id", "jane.doe@example.com")])
    out = response_headers(up)
    assert list(out.items()) == [("Content-Type", "application/json"), ("x-request-id", "up-1"),
                                 ("x-ratelimit-remaining-tokens", "99"),
                                 ("anthropic-ratelimit-requests-reset", "2026-12-03T08:00:00Z"), ("retry-after", "2"),
                                 ("openai-processing-ms", "12")]


# --------------------------------------------------------------------------- where the request goes


@pytest.mark.parametrize(("base", "path", "query", "url"), [
    ("https://api.openai.com/v1", "/v1/chat/completions", "", "https://api.openai.com/v1/chat/completions"),
    ("https://api.openai.com/v1/", "/v1/models", "", "https://api.openai.com/v1/models"),
    ("http://mock:9/v1", "/v1/responses", "stream=true&x=%20", "http://mock:9/v1/responses?stream=true"),
    ("https://acme.example/openai", "/v1/embeddings", "", "https://acme.example/openai/v1/embeddings"),
    ("https://gw.example/v1", "/v1x/odd", "", "https://gw.example/v1/v1x/odd"),  # only a whole /v1/ is joined
])
def test_openai_joins_its_v1_base_path(tmp_path: Path, base: str, path: str, query: str, url: str) -> None:
    s = settings(tmp_path, {"providers": {"openai": {"base_url": base}}})
    assert upstream_url(s, OPENAI, path, query) == url


@pytest.mark.parametrize(("base", "path", "query", "url"), [
    ("https://api.anthropic.com", "/v1/messages", "", "https://api.anthropic.com/v1/messages"),
    ("https://api.anthropic.com/", "/v1/messages", "beta=true", "https://api.anthropic.com/v1/messages?beta=true"),
    ("https://gw.example/anthropic/v1", "/v1/messages", "", "https://gw.example/anthropic/v1/v1/messages"),
])
def test_anthropic_appends_the_path(tmp_path: Path, base: str, path: str, query: str, url: str) -> None:
    s = settings(tmp_path, {"providers": {"anthropic": {"base_url": base}}})
    assert upstream_url(s, ANTHROPIC, path, query) == url


def test_provider_auth_single_tenant_is_none(tmp_path: Path) -> None:
    assert provider_auth(settings(tmp_path), {"OPENAI_API_KEY": "sk-proxy"}, OPENAI) is None


def test_provider_auth_in_team_mode_is_the_proxys_key(tmp_path: Path) -> None:
    s = settings(tmp_path, {"providers": {"anthropic": {"api_key_env": "CLAUDE_KEY"}}}, teams=True)
    env = {"OPENAI_API_KEY": "sk-proxy", "CLAUDE_KEY": "sk-ant-proxy", "ANTHROPIC_API_KEY": "not-this-one"}
    assert provider_auth(s, env, OPENAI) == {"Authorization": "Bearer sk-proxy"}
    assert provider_auth(s, env, ANTHROPIC) == {"x-api-key": "sk-ant-proxy"}
    assert provider_auth(s, {}, OPENAI) == {}  # unset: nothing is sent, the client's key neither
    assert provider_auth(s, {"OPENAI_API_KEY": ""}, OPENAI) == {}


# --------------------------------------------------------------------------- opening and reading


def test_timeouts() -> None:
    stream = upstream._timeout(True, 600.0)
    assert (stream.total, stream.sock_connect, stream.sock_read) == (None, 30.0, 600.0)  # between chunks
    whole = upstream._timeout(False, 5.0)
    assert (whole.total, whole.sock_connect, whole.sock_read) == (5.0, 5.0, None)  # in all
    assert upstream._timeout(False, 5.0) is whole


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
async def provider() -> AsyncIterator[str]:
    """A tiny provider: /ok answers, /slow never does, /redirect redirects, /broken breaks off its body."""

    async def ok(request: web.Request) -> web.Response:
        body = (await request.read()).decode()
        return web.json_response({"auth": request.headers.get("Authorization"), "body": body})

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.Response()

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("/ok")

    async def broken(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Length": "100"})
        await resp.prepare(request)
        await resp.write(b"only part")
        assert request.transport is not None
        request.transport.close()
        return resp

    app = web.Application()
    app.router.add_route("*", "/ok", ok)
    app.router.add_get("/slow", slow)
    app.router.add_get("/redirect", redirect)
    app.router.add_get("/broken", broken)
    server = TestServer(app)
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


async def test_open_upstream_sends_the_request(provider: str) -> None:
    async with aiohttp.ClientSession() as session:
        up = await open_upstream(session, "POST", f"{provider}/ok", CIMultiDict({"Authorization": "Bearer sk"}),
                                 b'{"a":1}', stream=False, timeout_s=5)
        assert up.status == 200 and await up.json() == {"auth": "Bearer sk", "body": '{"a":1}'}
        redirected = await open_upstream(session, "GET", f"{provider}/redirect", CIMultiDict(), None, stream=False,
                                         timeout_s=5)
        assert redirected.status == 302 and redirected.headers["Location"] == "/ok"  # the client's to follow
        redirected.release()


async def test_an_unreachable_provider_is_upstream_unreachable() -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(UpstreamFailed) as exc:
            await open_upstream(session, "GET", f"http://127.0.0.1:{free_port()}/v1/models", CIMultiDict(), None,
                                stream=False, timeout_s=5)
    assert exc.value.code == "upstream_unreachable"
    assert exc.value.message == "the provider could not be reached (ClientConnectorError)"


@pytest.mark.parametrize("stream", [False, True])
async def test_a_provider_that_does_not_answer_in_time_is_upstream_timeout(provider: str, stream: bool) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(UpstreamFailed) as exc:
            await open_upstream(session, "GET", f"{provider}/slow", CIMultiDict(), None, stream=stream, timeout_s=0.2)
    assert (exc.value.code, exc.value.message) == ("upstream_timeout", "the provider did not answer in time")


async def test_an_answer_that_breaks_off_is_upstream_unreachable(provider: str) -> None:
    async with aiohttp.ClientSession() as session:
        up = await open_upstream(session, "GET", f"{provider}/broken", CIMultiDict(), None, stream=False, timeout_s=5)
        with pytest.raises(UpstreamFailed) as exc:
            await read_body(up)
        up.release()
    assert exc.value.code == "upstream_unreachable"
    assert exc.value.message.startswith("the provider's answer broke off (") and "only part" not in exc.value.message


async def test_read_body_reads_a_whole_answer(provider: str) -> None:
    async with aiohttp.ClientSession() as session:
        up = await open_upstream(session, "POST", f"{provider}/ok", CIMultiDict(), b"x", stream=False, timeout_s=5)
        assert await read_body(up) == b'{"auth": null, "body": "x"}'
        up.release()
