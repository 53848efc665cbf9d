"""proxy.edge.upstream: the provider's URL and headers, opening the request, reading a whole answer."""

from __future__ import annotations

import asyncio
import re
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

UUID = "9f1c2d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"
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
    # Values of the right shape: what drops the first two is Connection naming them.
    client = CIMultiDict([("Connection", "keep-alive, Idempotency-Key ,openai-beta"), ("Idempotency-Key", UUID),
                          ("openai-beta", "assistants=v2"), ("Anthropic-Beta", "tools-2024-05-16")])
    assert list(upstream_headers(client, None).items()) == [("Anthropic-Beta", "tools-2024-05-16")]


def test_the_proxys_own_headers_never_go_upstream() -> None:
    client = CIMultiDict({"x-guardrail-request-id": "forged", "X-Guardrail-Decision": "allow", "Accept": "*/*"})
    assert dict(upstream_headers(client, None)) == {"Accept": "*/*"}


def test_repeated_headers_are_kept_in_order() -> None:
    client = CIMultiDict([("anthropic-beta", "pdfs-2024-09-25"), ("Accept", "text/event-stream"),
                          ("anthropic-beta", "tools-2024-05-16")])
    assert upstream_headers(client, None).getall("anthropic-beta") == ["pdfs-2024-09-25", "tools-2024-05-16"]


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
    # GET /v1/models: Anthropic's paging only (OpenAI's list takes no parameter; issue 12 review, F2).
    ("limit=20&after=msg_01AbC&order=desc&include[]=x.y", "limit=20"),
    ("limit=20&after_id=claude-3-5-sonnet-20241022&lifecycle[]=retired",
     "limit=20&after_id=claude-3-5-sonnet-20241022&lifecycle[]=retired"),
    ("after=415-555-0176&before=rvq%40ledgerline.io", ""),
    ("api-version=415-555-0176&beta=rvq", ""),
])
def test_the_query_keeps_only_what_the_provider_api_defines(query: str, kept: str) -> None:
    assert upstream.upstream_query(query) == kept


@pytest.mark.parametrize(("kind", "credential"), [
    ("openai", {"Authorization": "Bearer gp-team-key"}), ("anthropic", {"x-api-key": "gp-team-key"}),
    ("azure", {"api-key": "gp-team-key"})])
def test_single_tenant_the_clients_credential_passes_through(kind: str, credential: dict[str, str]) -> None:
    # Only the credential header the provider reads (issue 12 review, F1: both went to the openai provider).
    account = {"OpenAI-Organization": "org-client", "OpenAI-Project": "proj-client"}
    assert dict(upstream_headers(CIMultiDict(CLIENT_AUTH), None, kind=kind)) == {**account, **credential}


@pytest.mark.parametrize("auth", [{"Authorization": "Bearer sk-proxy"}, {"x-api-key": "sk-ant-proxy"}])
def test_team_mode_replaces_the_clients_credentials(auth: dict[str, str]) -> None:
    out = upstream_headers(CIMultiDict({**CLIENT_AUTH, "Accept": "*/*"}), auth)
    assert dict(out) == {"Accept": "*/*", **auth}


def test_team_mode_without_a_provider_key_sends_no_credentials() -> None:
    assert dict(upstream_headers(CIMultiDict({**CLIENT_AUTH, "Accept": "*/*"}), {})) == {"Accept": "*/*"}


def test_a_header_set_is_decided_once_whatever_the_body_length() -> None:
    """`upstream_headers` keeps the result per header set (without `Content-Length`): the same answer as the
    header-by-header walk, a fresh dict each time (the flow adds `Content-Type` to it), per credential mode."""
    upstream._HEADER_SETS.clear()
    sent = {"Accept": "application/json", "Authorization": "Bearer sk-cached-key", "X-Stainless-Lang": "python",
            "Cookie": "session=1", "Connection": "keep-alive"}
    walked = upstream._decide_headers(CIMultiDict(sent), None, "openai")
    first = upstream_headers(CIMultiDict({**sent, "Content-Length": "120"}), None)
    first["Content-Type"] = "application/json"
    again = upstream_headers(CIMultiDict({**sent, "Content-Length": "98"}), None)
    assert list(again.items()) == list(walked.items()) and "Content-Type" not in again
    assert len(upstream._HEADER_SETS) == 1
    assert dict(upstream_headers(CIMultiDict(sent), {"Authorization": "Bearer sk-proxy"})) == \
        {"Accept": "application/json", "X-Stainless-Lang": "python", "Authorization": "Bearer sk-proxy"}
    assert dict(upstream_headers(CIMultiDict(sent), None, kind="anthropic")) == {
        "Accept": "application/json", "X-Stainless-Lang": "python", "Authorization": "Bearer sk-cached-key"}
    assert len(upstream._HEADER_SETS) == 3


def test_header_sets_kept_are_bounded_and_per_request_ones_are_not_kept() -> None:
    upstream._HEADER_SETS.clear()
    for i in range(upstream._MAX_HEADER_SETS + 20):
        sent = CIMultiDict({"Accept": "*/*", "X-Stainless-Retry-Count": str(i)})
        walked = upstream._decide_headers(sent, None, "openai")
        assert list(upstream_headers(sent, None).items()) == list(walked.items())
        assert len(upstream._HEADER_SETS) <= upstream._MAX_HEADER_SETS
    upstream._HEADER_SETS.clear()
    key = "9f1c2d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"
    assert dict(upstream_headers(CIMultiDict({"Accept": "*/*", "Idempotency-Key": key}), None)) == \
        {"Accept": "*/*", "Idempotency-Key": key}
    long = {"Accept": "*/*", "OpenAI-Beta": ",".join(["assistants=v2"] * 400)}
    upstream_headers(CIMultiDict(long), None)
    assert upstream._HEADER_SETS == {}  # a fresh key each request, or too long to keep


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


# Issue 12 (the HTTP edge): every forwarded header has a grammar that leaves no room for text. The shapes the
# SDKs send come from the installed SDKs, not from memory.


def _sdk_clients() -> list[tuple[str, str]]:
    """(client class name, SDK version) for every client class the installed SDKs export."""
    import anthropic
    import openai
    from anthropic._base_client import BaseClient as AnthropicBase
    from openai._base_client import BaseClient as OpenAIBase

    out = []
    for module, base in ((openai, OpenAIBase), (anthropic, AnthropicBase)):
        for name in dir(module):
            value = getattr(module, name, None)
            if isinstance(value, type) and issubclass(value, base) and value is not base \
                    and not value.__name__.startswith(("Base", "_")):
                out.append((value.__name__, module.__version__))
    return sorted(set(out))


def test_the_sdks_default_headers_go_upstream_whole() -> None:
    import anthropic
    import openai

    for client in (openai.OpenAI(api_key="sk-x"), anthropic.Anthropic(api_key="sk-x"),
                   openai.AzureOpenAI(api_key="k", api_version="2024-10-21", azure_endpoint="http://x")):
        sent = {k: v for k, v in client.default_headers.items() if isinstance(v, str)}
        assert len(sent) >= 9
        assert dict(upstream_headers(CIMultiDict(sent), None)) == sent
    clients = _sdk_clients()
    assert len(clients) >= 8
    for name, version in clients:  # what `BaseClient.user_agent` writes
        assert upstream.forwarded_header("User-Agent", f"{name}/Python {version}"), name


def test_the_sdks_beta_names_pass_their_grammar() -> None:
    import typing
    from pathlib import Path

    import openai
    from anthropic.types.anthropic_beta_param import AnthropicBetaParam

    names = [a for arg in typing.get_args(AnthropicBetaParam) for a in typing.get_args(arg) if isinstance(a, str)]
    assert len(names) >= 20
    for name in names:
        assert upstream.forwarded_header("anthropic-beta", name), name
    assert upstream.forwarded_header("anthropic-beta", ", ".join(names[:16]))
    openai_betas = set()
    for source in Path(openai.__file__).parent.rglob("*.py"):
        openai_betas.update(re.findall(r'"OpenAI-Beta": "([^"]+)"', source.read_text()))
    assert len(openai_betas) >= 2
    for value in openai_betas:
        assert upstream.forwarded_header("OpenAI-Beta", value), value


@pytest.mark.parametrize(("name", "value"), [
    ("User-Agent", "ledger/5500000000000004"), ("User-Agent", "rvq-side-415-555-0176/2.0"),
    ("User-Agent", "OpenAI/Python 5500.0000.0000.0004"), ("User-Agent", "OpenAI/Python 1.0 RvqSide/1.0"),
    ("Accept", "application/json, x/rvq.side.4155550176"), ("Accept", "application/json; note=rvq"),
    ("OpenAI-Beta", "assistants=v2,rvq.side.ledgerline.io"), ("OpenAI-Beta", "rvq_side=v2 4155550176"),
    ("OpenAI-Organization", "org-4155550176"), ("OpenAI-Organization", "org-rvq-415-555-0176"),
    ("OpenAI-Project", "proj_4155550176"), ("OpenAI-Project", "proj_415-555-0176"),
    ("Idempotency-Key", "rvq.side.ledgerline.io"), ("Idempotency-Key", "order-415-555-0176"),
    ("Idempotency-Key", "00000000-0000-4000-8000-004155550176"),
    ("anthropic-beta", "project-osprey-2026"), ("anthropic-beta", "rvq-415-555-0176-2025-01-01"),
    ("anthropic-beta", "tools-2024-05-16,rvq.side@ledgerline.io"),
    ("X-Stainless-Package-Version", "5500.0000.0000.0004"), ("X-Stainless-OS", "rvq@ledgerline"),
    ("X-Stainless-Retry-Count", "4155550176"), ("X-Stainless-Helper-Method", "rvq side"),
    # atk8 B M3: a phone number, an SSN or a card spelled across version tokens, each of at most 6 digits
    ("User-Agent", "OpenAI/Python 415 555 0176"), ("User-Agent", "OpenAI/Python 415.555 0176"),
    ("User-Agent", "Anthropic/Python 412.63 7785"), ("User-Agent", "OpenAI/Python 5500 0000 0000 0004"),
    ("User-Agent", "OpenAI/Python 415a 555b 0176"), ("User-Agent", "OpenAI/Python 415 v555 v0176"),
    ("User-Agent", "OpenAI/JS 415.555 Bun/0176"),
])
def test_values_that_could_carry_text_stay_behind(name: str, value: str) -> None:
    assert not upstream.forwarded_header(name, value)
    assert dict(upstream_headers(CIMultiDict({name: value, "Accept": "*/*"}), None)) == {"Accept": "*/*"} \
        or name == "Accept"


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def test_real_versions_go_on_in_a_user_agent() -> None:
    """Every installed distribution's version, in the User-Agent shapes the SDKs and clients write (alone, or two
    tokens): none is read as a phone number, an SSN or a card (`bench/id_gaps.py --versions` pairs them all)."""
    from importlib.metadata import distributions

    versions = sorted({d.version for d in distributions()  # the ones a version token takes (at most 6 digits)
                       if re.fullmatch(r"[0-9]{1,4}(?:\.[0-9]{1,4}){1,3}", d.version) and len(_digits(d.version)) <= 6})
    assert len(versions) >= 50
    for a, b in zip(versions, reversed(versions), strict=True):
        for value in (f"OpenAI/Python {a}", f"python-httpx/{a} Python/{b}", f"OpenAI/JS {a} Bun/{b}", f"curl/{a}"):
            assert upstream.forwarded_header("User-Agent", value), value


def test_beta_names_and_ids_are_read_by_patterns_rules() -> None:
    client = CIMultiDict({"anthropic-beta": "tools-2024-05-16,mcp-client-2025-04-04", "OpenAI-Beta": "osprey=v1",
                          "OpenAI-Project": "proj_ProjectOsprey", "Idempotency-Key": UUID, "User-Agent": "curl/8.5.0"})
    assert upstream.header_names(client) == ["osprey=v1", "tools-2024-05-16,mcp-client-2025-04-04",
                                             "proj_ProjectOsprey"]
    # A beta name of words that are not the beta names' (a codename) stays behind: nothing to read.
    assert upstream.header_names(CIMultiDict({"anthropic-beta": "tools-2024-05-16,project-osprey-2026-01-01"})) == []
    assert upstream.header_names(CIMultiDict({"anthropic-beta": "project osprey"})) == []  # dropped anyway


@pytest.mark.parametrize(("query", "post", "kept"), [
    ("after=rvq_side_415_555_0176&limit=3&order=asc&include=x", True, ""),
    ("api-version=2024-10-21&after=msg_01AbC&beta=true", True, "api-version=2024-10-21&beta=true"),
    ("after_id=claude-3-5-sonnet&limit=3", False, "after_id=claude-3-5-sonnet&limit=3"),
    ("after_id=rvq_side_415_555_0176", False, ""),
])
def test_post_routes_take_no_paging_parameters(query: str, post: bool, kept: str) -> None:
    assert upstream.upstream_query(query, post=post) == kept


def test_response_headers_keep_only_their_grammar() -> None:
    real = [("x-request-id", "req_6b9f3c7d1e2a4f5b8c0d9e8f7a6b5c4d"), ("request-id", "req_011CKQvTk3XyZabcDEF"),
            ("x-ratelimit-limit-tokens", "30000000"), ("x-ratelimit-reset-requests", "6m0.5s"),
            ("x-ratelimit-reset-tokens", "20ms"), ("anthropic-ratelimit-tokens-reset", "2026-12-03T08:00:00Z"),
            ("retry-after", "Thu, 03 Dec 2026 08:00:00 GMT"), ("retry-after-ms", "250"), ("x-should-retry", "true"),
            ("openai-version", "2020-10-01"), ("openai-model", "gpt-4o-mini-2024-07-18"),
            ("openai-project", "proj_Abc123"), ("anthropic-organization-id", UUID),
            ("Content-Type", "text/event-stream; charset=utf-8")]
    odd = [("x-request-id", "req-415-555-0176"), ("request-id", "req_4155550176"), ("x-request-id", "rvq side"),
           ("x-ratelimit-limit-requests", "5500 0000 0000 0004"), ("x-ratelimit-remaining-tokens", "5500000000000004"),
           ("anthropic-ratelimit-requests-limit", "rvq.side"), ("retry-after", "415-555-0176"),
           ("openai-organization", "rvq-side-ledgerline"), ("openai-project", "proj_4155550176"),
           ("anthropic-organization-id", "rvq-side"), ("x-should-retry", "rvq"), ("openai-processing-ms", "4155550176"),
           ("Content-Type", "text/plain; note=rvq")]
    assert list(response_headers(CIMultiDict(real + odd)).items()) == real


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
    assert exc.value.sent is False, "no connection was made: the budget releases the reservation"


@pytest.mark.parametrize("stream", [False, True])
async def test_a_provider_that_does_not_answer_in_time_is_upstream_timeout(provider: str, stream: bool) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(UpstreamFailed) as exc:
            await open_upstream(session, "GET", f"{provider}/slow", CIMultiDict(), None, stream=stream, timeout_s=0.2)
    assert (exc.value.code, exc.value.message) == ("upstream_timeout", "the provider did not answer in time")
    assert exc.value.sent is True, "the provider got the request: the budget charges its bound"


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
