"""proxy.app: the routes, and one cleanup context per long-lived resource (opened in order, closed in reverse)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from proxy import app as app_module
from proxy.app import BUDGETS, ENV, GUARD, SESSION, SETTINGS, create_app
from proxy.config.settings import Settings, load_settings
from proxy.edge import ops
from proxy.flow import SERVICES

API_ROUTES = {
    ("POST", "/v1/chat/completions"), ("POST", "/v1/completions"), ("POST", "/v1/embeddings"),
    ("GET", "/v1/models"), ("POST", "/v1/responses"), ("POST", "/v1/messages"),
    ("POST", "/v1/messages/count_tokens"),
    # Azure OpenAI's deployment paths (issue 17)
    ("POST", "/openai/deployments/{deployment}/chat/completions"),
    ("POST", "/openai/deployments/{deployment}/completions"),
    ("POST", "/openai/deployments/{deployment}/embeddings"),
}
OPS_ROUTES = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics"), ("GET", "/admin/budgets"),
              ("POST", "/admin/reload")}


def settings_in(folder: Path, log: str = "decisions.jsonl") -> Settings:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "proxy.yaml").write_text(f"decision_log: {{path: {log}}}\n")
    return load_settings(folder / "proxy.yaml", env={})


def bare_app(settings: Settings) -> web.Application:
    return create_app(settings, env={"GUARDRAIL_ADMIN_KEY": "adm"}, start_store=False, start_guard=False)


def test_the_routes(tmp_path: Path) -> None:
    app = bare_app(settings_in(tmp_path))
    routes = {(r.method, r.resource.canonical) for r in app.router.routes() if r.resource is not None}
    assert routes == API_ROUTES | OPS_ROUTES | {("*", "/{tail}")}  # everything else: the 404 in OpenAI's format


def test_resources_open_in_order(tmp_path: Path) -> None:
    app = bare_app(settings_in(tmp_path))
    assert [ctx.__name__ for ctx in app.cleanup_ctx] == [
        "_decision_log", "_session", "_store", "_budgets", "_guard", "_services", "_reloader"]


def test_settings_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_in(tmp_path)
    app = create_app(settings, env={"OPENAI_API_KEY": "sk-x"})
    assert app[SETTINGS] is settings and app[ENV] == {"OPENAI_API_KEY": "sk-x"}
    monkeypatch.setenv("GUARDRAIL_APP_TEST", "1")
    from_process = create_app(settings)
    assert from_process[ENV]["GUARDRAIL_APP_TEST"] == "1" and from_process[ENV] is not os.environ


async def test_a_bare_app_runs_without_store_or_models(tmp_path: Path) -> None:
    app = bare_app(settings_in(tmp_path))
    async with TestClient(TestServer(app)) as client:
        svc = app[SERVICES]
        assert svc.guard is None and svc.budgets is None and svc.recorder is None
        assert ops.STORE not in app and BUDGETS not in app and GUARD not in app
        assert svc.session is app[SESSION] and not app[SESSION].closed
        assert app[ops.RELOADER].settings is svc.settings
        resp = await client.get("/readyz")
        assert resp.status == 200 and (await resp.json())["checks"] == {}
        for method, path in (("HEAD", "/healthz"), ("HEAD", "/v1/models"), ("GET", "/v1/chat/completions"),
                             ("DELETE", "/admin/budgets")):
            resp = await client.request(method, path)
            assert resp.status == 404, (method, path)  # no HEAD, no other method: the catch-all
    assert app[SESSION].closed  # closed on shutdown


async def test_shutdown_waits_for_settles_in_flight(tmp_path: Path) -> None:
    app = bare_app(settings_in(tmp_path))
    finished: list[str] = []

    async def settle() -> None:
        await asyncio.sleep(0.2)
        finished.append("settled")

    async with TestClient(TestServer(app)):
        svc = app[SERVICES]
        svc.spawn(settle())
        assert len(svc.pending) == 1
    assert finished == ["settled"]  # the store (closed after) was still there for it


async def test_a_reload_is_in_force_for_the_next_request(tmp_path: Path) -> None:
    app = bare_app(settings_in(tmp_path))
    async with TestClient(TestServer(app)):
        svc = app[SERVICES]
        log = svc.decisions
        same_log = settings_in(tmp_path)
        app_module._apply(svc, same_log)
        assert svc.settings is same_log and svc.decisions is log  # same file: the same log goes on
        moved = settings_in(tmp_path, log="other.jsonl")
        app_module._apply(svc, moved)
        assert svc.settings is moved and svc.decisions is not log
        assert svc.decisions.path == tmp_path / "other.jsonl" and log.path == tmp_path / "decisions.jsonl"
