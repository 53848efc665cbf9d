"""Routes for operators, not for API clients: health, readiness, metrics, and the admin API.

`/healthz` says the process is up; `/readyz` whether it would serve (store, check models, the
configuration in force; 503 when it would refuse requests); `/metrics` is Prometheus text. The admin
routes need `Authorization: Bearer $GUARDRAIL_ADMIN_KEY` and are off (404) when it is unset.
"""

from __future__ import annotations

import asyncio
import hmac
from typing import Any

from aiohttp import web

from proxy import __version__
from proxy.audit.writer import WORKER_ENV
from proxy.budget.results import StoreUnavailable
from proxy.config.reload import Reloader
from proxy.edge.identity import presented_key
from proxy.errors import ProxyError
from proxy.flow import SERVICES
from proxy.guard import models
from proxy.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from proxy.providers.openai import ADAPTER as OPENAI
from proxy.store.connection import Store
from proxy.store.embedded import redact_url

STORE = web.AppKey("store", Store)
RELOADER = web.AppKey("reloader", Reloader)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "version": __version__})


async def readyz(request: web.Request) -> web.Response:
    svc = request.app[SERVICES]
    store = request.app.get(STORE)
    ready = True
    report: dict[str, Any] = {"url": redact_url(store.url if store else ""), "embedded": bool(store and store.embedded)}
    if store is not None:
        try:
            await asyncio.wait_for(store.client.ping(), 1.0)
            report["status"] = "ok"
        except Exception as exc:  # noqa: BLE001 - any store failure is reported by its type, never crashes
            report["status"] = f"error: {type(exc).__name__}"
            # Requests still flow when budgets.yaml says so (on_store_error: allow, or no caps at all).
            budgets = svc.settings.budgets
            ready = budgets is None or budgets.on_store_error == "allow"
            report["on_store_error"] = "allow" if ready else "block"
    else:
        report["status"] = "not configured"
    config: dict[str, Any] = {"status": "ok", "mode": "teams" if svc.settings.teams is not None else "single-tenant"}
    reloader = request.app.get(RELOADER)
    if reloader is not None and reloader.last_error:
        config = {"status": "error", "errors": reloader.last_error.splitlines(),
                  "in_force": "the previous valid configuration"}
    guard_ready, checks = models.status(svc.guard, svc.settings)
    ready = ready and guard_ready
    # Each named provider's health, as its recent answers showed it (informative: never makes the proxy unready).
    providers = {name: {"kind": p.kind, **svc.health.report(name)} for name, p in svc.settings.proxy.providers.items()}
    body = {"ready": ready, "store": report, "config": config, "checks": checks, "providers": providers}
    if (worker := svc.env.get(WORKER_ENV, "")).isdigit():  # `serve --workers N`: which HTTP worker answered
        body["worker"] = int(worker)
    return web.json_response(body, status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    return web.Response(body=request.app[SERVICES].metrics.render(), headers={"Content-Type": METRICS_CONTENT_TYPE})


def _admin(request: web.Request) -> None:
    """Admin routes answer only to the admin key; with none set they do not exist."""
    admin = request.app[SERVICES].env.get("GUARDRAIL_ADMIN_KEY", "")
    if not admin:
        raise ProxyError("unknown_url", "admin routes are off (GUARDRAIL_ADMIN_KEY is not set)")
    presented = presented_key(request.headers) or ""
    if not hmac.compare_digest(presented.encode(), admin.encode()):
        raise ProxyError("invalid_api_key", "invalid admin key")


async def admin_budgets(request: web.Request) -> web.Response:
    """Spent, cap, remaining and month-end projection per team, scope and window (finance's live view)."""
    svc = request.app[SERVICES]
    try:
        _admin(request)
        if svc.budgets is None:
            raise ProxyError("store_unavailable", "no store is configured")
        config = svc.settings.budgets
        teams: set[str] = set(config.teams) if config is not None else set()
        if svc.settings.teams is not None:
            teams |= set(svc.settings.teams.teams)
        try:
            teams |= set(await svc.budgets.known_teams())
            windows = await svc.budgets.status(config, sorted(teams))
        except StoreUnavailable as exc:
            raise ProxyError("store_unavailable", f"the budget store is unavailable ({exc.reason})") from None
    except ProxyError as err:
        return err.response(OPENAI)
    from proxy.cli.budget import scope_notes

    return web.json_response({"timezone": config.timezone if config is not None else "UTC",
                              "windows": [w.as_dict() for w in windows],
                              "notes": scope_notes(config, {w.team for w in windows})})


async def admin_reload(request: web.Request) -> web.Response:
    try:
        _admin(request)
    except ProxyError as err:
        return err.response(OPENAI)
    reloader = request.app[RELOADER]
    ok = await reloader.reload(force=True)
    return web.json_response({"reloaded": ok, "errors": (reloader.last_error or "").splitlines()},
                             status=200 if ok else 422)
