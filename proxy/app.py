"""The aiohttp application: routes, and one cleanup context per long-lived resource. Wiring only.

Resources open in this order and close in the reverse one (aiohttp's `cleanup_ctx`; when one fails to
open, those already open are closed): the upstream session, the store, the budget ledger and its
spend recorder, the check models, the flow's services (decision log, metrics; shutdown waits for
settles in flight), the config reloader. What a request does is `proxy.flow`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import AsyncIterator, Mapping

import aiohttp
from aiohttp import web

from proxy import features
from proxy.audit import DecisionLog, open_decision_log, reopen_decision_log
from proxy.budget import pricing
from proxy.budget.ledger import Budgets
from proxy.budget.step import SpendRecorder
from proxy.config.reload import Reloader
from proxy.config.settings import Settings, load_settings
from proxy.edge import ops
from proxy.edge.routing import AZURE_DEPLOYMENT_PATHS
from proxy.edge.server import MALFORMED, Malformed
from proxy.flow import SERVICES, Services, api_handler, malformed, not_found
from proxy.guard import ctx47, models
from proxy.guard.engine import Guard
from proxy.metrics import Metrics
from proxy.providers.base import (
    ANTHROPIC,
    CHAT,
    COMPLETIONS,
    COUNT_TOKENS,
    EMBEDDINGS,
    MESSAGES,
    MODELS,
    OPENAI,
    RESPONSES,
)
from proxy.store.connection import close_store, open_store

log = logging.getLogger("guardrail.app")

SETTINGS = web.AppKey("settings", Settings)          # as loaded at start; the live ones are `Services.settings`
ENV = web.AppKey("env", dict[str, str])
SESSION = web.AppKey("session", aiohttp.ClientSession)
BUDGETS = web.AppKey("budgets", Budgets)
RECORDER = web.AppKey("recorder", SpendRecorder)
GUARD = web.AppKey("guard", Guard)
_START_STORE = web.AppKey("start_store", bool)
_START_GUARD = web.AppKey("start_guard", bool)
_DECISIONS = web.AppKey("decisions", DecisionLog)


async def _session(app: web.Application) -> AsyncIterator[None]:
    connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300, keepalive_timeout=30)
    session = aiohttp.ClientSession(connector=connector, auto_decompress=True, skip_auto_headers=("User-Agent",))
    app[SESSION] = session
    try:
        yield
    finally:
        await session.close()


async def _store(app: web.Application) -> AsyncIterator[None]:
    if not app[_START_STORE]:
        yield
        return
    settings = app[SETTINGS]
    store = await open_store(settings.proxy.store.url, settings.resolve(settings.proxy.data_dir))
    app[ops.STORE] = store
    await ctx47.bind(store.client)  # prev26's memory shared by the processes on the store (atk46 F04)
    try:
        yield
    finally:
        ctx47.unbind(store.client)
        await close_store(store)


async def _budgets(app: web.Application) -> AsyncIterator[None]:
    store = app.get(ops.STORE)
    if store is None:
        yield
        return
    proxy = app[SETTINGS].proxy
    # A reservation outlives the longest wait for an answer: every try of a fallback chain at its provider's
    # timeout, and the pauses between them.
    limits = proxy.limits
    timeout_s = max([limits.upstream_timeout_s, *(p.timeout_s or 0 for p in proxy.providers.values())])
    waits = timeout_s * limits.upstream_attempts + 5 * limits.upstream_attempts
    budgets = Budgets(store.client, reservation_ttl_s=limits.reservation_ttl_s or max(900, int(waits) + 60))
    recorder = SpendRecorder(budgets)
    app[BUDGETS], app[RECORDER] = budgets, recorder
    await asyncio.to_thread(pricing.warm_up)
    try:
        yield
    finally:
        await recorder.close()
        await budgets.aclose()


async def _guard(app: web.Application) -> AsyncIterator[None]:
    if not app[_START_GUARD]:
        yield
        return
    guard = models.build_guard(app[SETTINGS])
    app[GUARD] = guard
    try:
        await models.load_needed(guard, app[SETTINGS])
        yield
    finally:
        await models.close(guard)


async def _decision_log(app: web.Application) -> AsyncIterator[None]:
    # Opened before the store and the models: its lock refuses a second writer within milliseconds, not
    # after a model load; reads the log's tail, may recover a torn one.
    settings, env = app[SETTINGS], app[ENV]
    opened = await asyncio.to_thread(open_decision_log, settings, env)
    app[_DECISIONS] = opened
    try:
        yield
    finally:
        svc = app.get(SERVICES)
        current = svc.decisions if svc is not None else opened  # a reload may have replaced it
        current.flush()
        await asyncio.to_thread(current.close)  # the last fsync and head update


async def _services(app: web.Application) -> AsyncIterator[None]:
    settings, env = app[SETTINGS], app[ENV]
    decisions = app[_DECISIONS]
    if settings.proxy.decision_log.language:
        await asyncio.to_thread(features.preload)  # the language detector's model (~0.8 s, once a process)
    svc = Services(settings=settings, env=env, session=app[SESSION], decisions=decisions,
                   metrics=Metrics(), guard=app.get(GUARD), budgets=app.get(BUDGETS), recorder=app.get(RECORDER))
    svc.metrics.pool_stats = functools.partial(models.pool_stats, svc.guard)
    app[SERVICES] = svc
    try:
        yield
    finally:
        if svc.pending:  # settle what is in flight before the store goes away (its records go to the log)
            await asyncio.gather(*svc.pending, return_exceptions=True)


async def _reloader(app: web.Application) -> AsyncIterator[None]:
    svc = app[SERVICES]
    reloader = Reloader(svc.settings, on_change=lambda new: _apply(svc, new))
    app[ops.RELOADER] = reloader
    reloader.start()
    try:
        yield
    finally:
        await reloader.stop()


def _apply(svc: Services, new: Settings) -> None:
    """A reloaded configuration: in force for the next request; models the new policies need are loaded."""
    old = svc.settings
    svc.settings = new
    svc.decisions = reopen_decision_log(svc.decisions, old, new, svc.env)
    if svc.guard is not None:
        svc.spawn(models.load_needed(svc.guard, new))
    if old.proxy.store != new.proxy.store or old.proxy.listen != new.proxy.listen:
        log.warning("config reload: listen and store changes take effect at the next restart")


def create_app(settings: Settings | None = None, *, env: Mapping[str, str] | None = None,
               start_store: bool = True, start_guard: bool = True) -> web.Application:
    """Build the proxy app. `settings` default to `load_settings()` (proxy.yaml, GUARDRAIL_CONFIG)."""
    settings = settings if settings is not None else load_settings()
    # keepalive_timeout: aiohttp runs it from the connection's start too, so it is the header timeout.
    # lingering_time: after an answer to a body not read to its end (408, 413), how long the rest is read
    # and dropped before the connection closes (aiohttp's default, 10 s, would hold stalled clients).
    app = web.Application(client_max_size=1 << 40, handler_args={
        "max_field_size": 65536, "keepalive_timeout": settings.proxy.server.header_timeout_s,
        "lingering_time": 1.0})
    app[SETTINGS] = settings
    app[ENV] = dict(os.environ if env is None else env)
    app[_START_STORE] = start_store
    app[_START_GUARD] = start_guard
    app.cleanup_ctx.extend([_decision_log, _session, _store, _budgets, _guard, _services, _reloader])
    r = app.router
    post = functools.partial(r.add_post, expect_handler=_expect)
    get = functools.partial(r.add_get, expect_handler=_expect, allow_head=False)
    post("/v1/chat/completions", api_handler(OPENAI, CHAT))
    post("/v1/completions", api_handler(OPENAI, COMPLETIONS))
    post("/v1/embeddings", api_handler(OPENAI, EMBEDDINGS))
    get("/v1/models", api_handler(OPENAI, MODELS))
    post("/v1/responses", api_handler(OPENAI, RESPONSES))
    post("/v1/messages", api_handler(ANTHROPIC, MESSAGES))
    post("/v1/messages/count_tokens", api_handler(ANTHROPIC, COUNT_TOKENS))
    # Azure OpenAI's paths (`AzureOpenAI(azure_endpoint=<proxy>)`): the deployment is the model.
    for kind, suffix in AZURE_DEPLOYMENT_PATHS.items():
        template = f"/openai/deployments/{{deployment}}/{suffix}"
        post(template, api_handler(OPENAI, kind, azure_route=template))
    get("/healthz", ops.healthz)
    get("/readyz", ops.readyz)
    get("/metrics", ops.metrics)
    get("/admin/budgets", ops.admin_budgets)
    post("/admin/reload", ops.admin_reload)
    r.add_route("*", "/{tail:.*}", not_found, expect_handler=_expect)
    # a request the HTTP parser refuses: a 400 in OpenAI's format and a record (`proxy.edge.server`)
    answer: Malformed = functools.partial(malformed, app)
    app[MALFORMED] = answer
    return app


async def _expect(request: web.Request) -> None:
    """`Expect: 100-continue` (HTTP/1.1) gets its interim `100 Continue`; any other expectation is ignored, as
    RFC 9110 10.1.1 allows, so the request goes on to its handler and its record (aiohttp's own answer, a 417,
    left none: atk7 finding 10). The header never goes upstream (`proxy.edge.upstream`)."""
    if request.version == aiohttp.HttpVersion11 and request.headers.get("Expect", "").lower() == "100-continue":
        await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        request.writer.output_size = 0  # the answer proper has not started


__all__ = ["BUDGETS", "GUARD", "SESSION", "SETTINGS", "create_app"]
