"""The aiohttp application: routes, the request flow, and the long-lived resources.

A request flows one way: read and parse (provider adapter) -> identify the team -> input phase ->
forward (one shared ClientSession) -> output phase (whole body, or the events of a stream) -> one
decision record. Long-lived resources (settings, upstream session, store client, decision log) live
on the app under typed AppKeys and are opened and closed in `cleanup_ctx`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import math
import os
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson
from aiohttp import web

from proxy import __version__
from proxy.audit import DecisionLog
from proxy.budget import pricing
from proxy.budget.ledger import Budgets, StoreUnavailable
from proxy.budget.step import SpendRecorder, record_unreserved, release_for, reserve_for, settle_for
from proxy.config.policy import Policy
from proxy.config.reload import Reloader
from proxy.config.settings import ConfigErrors, Settings, load_settings
from proxy.errors import ANTHROPIC, OPENAI, ProxyError
from proxy.exchange import Exchange, new_request_id
from proxy.guard.engine import Guard, GuardUnavailable, InputVerdict, OutputVerdict
from proxy.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from proxy.metrics import Metrics
from proxy.nlp.pii import PiiAnalyzer, PiiUnavailable
from proxy.nlp.toxicity import KeywordScorer, build_scorer
from proxy.providers import anthropic as anthropic_adapter
from proxy.providers import openai as openai_adapter
from proxy.providers.base import (
    CHAT,
    COMPLETIONS,
    COUNT_TOKENS,
    EMBEDDINGS,
    MESSAGES,
    MODELS,
    RESPONSES,
)
from proxy.providers.endings import block_body
from proxy.providers.usage import merge_usage
from proxy.store.embedded import EmbeddedStore, connect, redact_url
from proxy.stream.channels import GuardedStream
from proxy.stream.relay import (
    UpstreamFailed,
    open_upstream,
    read_body,
    relay_stream,
    response_headers,
    upstream_headers,
)

log = logging.getLogger("guardrail.app")


@dataclass
class Runtime:
    """Everything request handling needs that outlives one request. Settings swap on reload."""

    settings: Settings
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    session: aiohttp.ClientSession | None = None
    redis: Any = None
    store_url: str | None = None
    embedded: EmbeddedStore | None = None
    decisions: DecisionLog | None = None
    reloader: Reloader | None = None
    metrics: Metrics = field(default_factory=Metrics)
    budgets: Budgets | None = None
    recorder: SpendRecorder | None = None
    guard: Guard | None = None
    pending: set[asyncio.Task[None]] = field(default_factory=set)

    def provider_auth(self, provider: str) -> dict[str, str] | None:
        """Upstream credentials in team mode (from the proxy's environment); None = pass the client's."""
        if self.settings.teams is None:
            return None
        prov = getattr(self.settings.proxy.providers, provider)
        key = self.env.get(prov.api_key_env, "")
        if not key:
            return {}
        return {"x-api-key": key} if provider == ANTHROPIC else {"Authorization": f"Bearer {key}"}


RUNTIME = web.AppKey("runtime", Runtime)

_ADAPTERS = {OPENAI: openai_adapter, ANTHROPIC: anthropic_adapter}


# ---------------------------------------------------------------------------------------------------
# Request parsing and identity

async def _read_limited(request: web.Request, limit: int) -> bytes:
    length = request.content_length
    if length is not None and length > limit:
        raise ProxyError("request_too_large", f"request body is {length} bytes; the limit is {limit} bytes")
    if length is not None:  # the HTTP parser stops at Content-Length: at most `limit` bytes come
        return await request.read()
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.content.iter_any():
        total += len(chunk)
        if total > limit:
            raise ProxyError("request_too_large", f"request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class _DuplicateKey(ValueError):
    pass


_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _DuplicateKey(name)
            seen.add(name)
    return obj


class _NotJson(ValueError):
    pass


def _no_constants(name: str) -> Any:
    # NaN, Infinity and -Infinity: Python's json accepts them, JSON (RFC 8259) and providers do not.
    raise _NotJson(name)


def _finite(literal: str) -> float:
    # 1e999 reads as infinity: no JSON encoder can write it back as the number the client sent.
    value = float(literal)
    if math.isinf(value):
        raise _NotJson(literal if len(literal) <= 32 else "a number this large")
    return value


# A key given twice is refused: JSON parsers disagree on which copy wins, so the proxy could screen
# one copy while the provider reads the other. Numbers JSON cannot carry are refused too.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants,
                            parse_float=_finite)
# A JSON \u escape of a UTF-16 surrogate (a lone one cannot be encoded, and the proxy re-encodes texts).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _parse_json(raw: bytes) -> dict[str, Any]:
    if not raw:
        raise ProxyError("invalid_json", "request body is empty; expected a JSON object")
    try:
        body = _DECODER.decode(raw.decode("utf-8"))  # strict: no encoded surrogates, no other encodings
        if _SURROGATE_ESCAPE.search(raw) is not None:  # a valid pair was joined by the parser, a lone one not:
            json.dumps(body, ensure_ascii=False).encode()  # UnicodeEncodeError
    except UnicodeDecodeError as exc:
        raise ProxyError("invalid_json", f"request body is not valid UTF-8 (at byte {exc.start})") from None
    except UnicodeEncodeError:
        raise ProxyError("invalid_json", "request body holds a lone UTF-16 surrogate escape (\\ud800-\\udfff)") \
            from None
    except json.JSONDecodeError as exc:
        raise ProxyError("invalid_json",
                         f"request body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except _DuplicateKey as exc:
        which = f" '{exc}'" if _SAFE_NAME.fullmatch(str(exc)) else ""  # never echo a key that may be content
        raise ProxyError("invalid_json", f"request body is ambiguous: the key{which} appears twice in one JSON "
                         "object (parsers disagree on which one counts)") from None
    except _NotJson as exc:
        raise ProxyError("invalid_json", f"request body is not valid JSON: {exc} is not a JSON number") from None
    except RecursionError:
        raise ProxyError("invalid_json", "request body is nested too deeply") from None
    except ValueError:  # e.g. an integer of more than 4300 digits
        raise ProxyError("invalid_json", "request body is not valid JSON: a value exceeds the parser's limits") \
            from None
    if not isinstance(body, dict):
        raise ProxyError("invalid_json", f"request body must be a JSON object, not {type(body).__name__}")
    return body


_TYPES = {str: "a string", list: "an array", bool: "a boolean", int: "an integer", dict: "an object"}
# Fields the proxy relies on: kind -> [(field, type, required)]
_SHAPE: dict[str, list[tuple[str, type, bool]]] = {
    CHAT: [("model", str, True), ("messages", list, True), ("stream", bool, False), ("stream_options", dict, False)],
    COMPLETIONS: [("model", str, True), ("stream", bool, False), ("stream_options", dict, False)],
    EMBEDDINGS: [("model", str, True)],
    RESPONSES: [("model", str, False), ("stream", bool, False)],
    MESSAGES: [("model", str, True), ("messages", list, True), ("stream", bool, False), ("max_tokens", int, False)],
    COUNT_TOKENS: [("model", str, True), ("messages", list, True)],
}


_MODEL_NAME = re.compile(r"[A-Za-z0-9._:/@+-]{1,128}")


def _validate(kind: str, body: dict[str, Any]) -> None:
    for name, typ, required in _SHAPE.get(kind, ()):
        value = body.get(name)
        if value is None:
            if required:
                raise ProxyError("invalid_request", f"missing required field '{name}'", param=name)
            continue
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            raise ProxyError("invalid_request", f"field '{name}' must be {_TYPES[typ]}", param=name)
    model = body.get("model")
    if isinstance(model, str) and not _MODEL_NAME.fullmatch(model):
        # Model names go into records, metrics and the spend store: free text there could carry PII.
        raise ProxyError("invalid_request", "field 'model' must be a model name: 1-128 characters from "
                         "A-Z a-z 0-9 . _ : / @ + -", param="model")
    if kind in (COMPLETIONS,) and body.get("prompt") is None:
        raise ProxyError("invalid_request", "missing required field 'prompt'", param="prompt")
    if kind == EMBEDDINGS and body.get("input") is None:
        raise ProxyError("invalid_request", "missing required field 'input'", param="input")


def _presented_key(request: web.Request) -> str | None:
    auth = request.headers.get("Authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    key = request.headers.get("x-api-key") or request.headers.get("api-key")
    return key.strip() if key else None


def _identify(rt: Runtime, request: web.Request, ex: Exchange) -> None:
    settings = rt.settings
    if settings.teams is None:
        ex.team = "default"
    else:
        key = _presented_key(request)
        team = settings.team_for_key(key) if key else None
        if team is None:
            raise ProxyError("invalid_api_key",
                             "missing or invalid guardrail key; send a team key (gp-...) as the API key")
        ex.team = team
    ex.policy = _policy_name(settings, ex.team)
    ex.policy_version = settings.policies.version(ex.policy) if settings.policies is not None else "builtin"


def _policy_name(settings: Settings, team: str | None) -> str:
    if settings.teams is not None and team is not None:
        t = settings.team(team)
        if t is not None:
            return t.policy
    return "default"


def _check_model(rt: Runtime, ex: Exchange) -> None:
    if rt.settings.teams is None or ex.model is None or ex.team is None:
        return
    team = rt.settings.team(ex.team)
    if team is not None and not team.model_allowed(ex.model):
        raise ProxyError("model_not_allowed", f"model '{ex.model}' is not allowed for team '{ex.team}'",
                         param="model")


# ---------------------------------------------------------------------------------------------------
# The request flow

def _upstream_url(rt: Runtime, provider: str, request: web.Request) -> str:
    base = getattr(rt.settings.proxy.providers, provider).base_url.rstrip("/")
    path = request.rel_url.raw_path
    if provider == OPENAI and base.endswith("/v1") and path.startswith("/v1/"):
        path = path[3:]
    query = request.rel_url.raw_query_string
    return f"{base}{path}?{query}" if query else f"{base}{path}"


def _finish(rt: Runtime, ex: Exchange) -> None:
    """Record the exchange: metrics, then one decision record (after any budget alerts it caused)."""
    rt.metrics.observe(ex, time.perf_counter() - ex.started)
    if rt.decisions is not None:
        rt.decisions.write(ex.record())


def _complete(rt: Runtime, ex: Exchange) -> None:
    """The request is answered: settle its budget (off the answer's path when there is one), then record."""
    hold = ex.hold
    if hold is None or hold.reservation is None:
        # Nothing reserved (no cap applies, or the store is down and on_store_error allows): price it now,
        # queue the spend for the next batched write, and record without waiting for the store.
        if hold is not None and ex.upstream_status is not None and 200 <= ex.upstream_status < 300:
            record_unreserved(rt.recorder, hold, ex)
        _finish(rt, ex)
        return
    task = asyncio.get_running_loop().create_task(_settle_and_finish(rt, ex))
    rt.pending.add(task)
    task.add_done_callback(rt.pending.discard)


async def _settle_and_finish(rt: Runtime, ex: Exchange) -> None:
    try:
        if ex.upstream_status is not None and 200 <= ex.upstream_status < 300:
            _write_alerts(rt, ex, await settle_for(ex.hold, ex, late_alerts=lambda a: _write_alerts(rt, ex, a)))
        else:
            await release_for(ex.hold)
    finally:
        _finish(rt, ex)


def _write_alerts(rt: Runtime, ex: Exchange, alerts: tuple[Any, ...]) -> None:
    """One `budget_alert` record per threshold crossed (also when a retried settle crosses it later)."""
    for alert in alerts:
        if rt.decisions is not None:
            rt.decisions.write({"type": "budget_alert", "ts": ex.ts, "request_id": ex.request_id,
                                **alert.as_record()})


def _reply_error(err: ProxyError, ex: Exchange) -> web.Response:
    ex.status = err.status
    ex.error = err.code
    if err.code not in ("upstream_unreachable", "upstream_timeout"):
        ex.decision = "block"
    return err.response(ex.provider, ex.headers())


def api_handler(provider: str, kind: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    adapter = _ADAPTERS[provider]

    async def handle(request: web.Request) -> web.StreamResponse:
        rt = request.app[RUNTIME]
        prov = provider
        if kind == MODELS and ("anthropic-version" in request.headers or "x-api-key" in request.headers):
            prov = ANTHROPIC
        ex = Exchange(new_request_id(), prov, kind, request.path)
        try:
            return await _handle(rt, request, ex, adapter)
        except ProxyError as err:
            return _reply_error(err, ex)
        except Exception:
            # A bug: aiohttp answers a bare 500 (no traceback) and logs it; the record says so too.
            ex.status, ex.error = 500, "internal_error"
            raise
        finally:
            _complete(rt, ex)

    return handle


async def _handle(rt: Runtime, request: web.Request, ex: Exchange, adapter: Any) -> web.StreamResponse:
    settings = rt.settings
    _identify(rt, request, ex)
    policy = _policy(settings, ex)
    body_obj: dict[str, Any] | None = None
    raw: bytes | None = None
    verdict: InputVerdict | None = None
    hide_usage = False
    if request.method == "POST":
        raw = await _read_limited(request, settings.proxy.limits.max_body_bytes)
        body_obj = _parse_json(raw)
        _validate(ex.kind, body_obj)
        ex.model = body_obj.get("model") if isinstance(body_obj.get("model"), str) else None
        ex.stream = body_obj.get("stream") is True
        _check_model(rt, ex)
        changed = False
        if policy is not None and rt.guard is not None and _has_rules(policy.input):
            verdict = await _input_phase(rt.guard, policy, ex, adapter, body_obj)
            changed = any(t is not None for t in verdict.texts)
        if ex.stream and ex.kind in (CHAT, COMPLETIONS):
            hide_usage = openai_adapter.set_include_usage(body_obj)
            changed = True
        if changed:
            raw = _dump_request(body_obj)
        ex.hold = await reserve_for(rt.budgets, settings.budgets, ex, body_obj)
        if ex.stream:
            ex.input_estimator = functools.partial(_estimate_input_tokens, adapter, ex.kind, body_obj)

    headers = upstream_headers(request.headers, rt.provider_auth(ex.provider))
    if raw is not None:
        headers["Content-Type"] = "application/json"
    url = _upstream_url(rt, ex.provider, request)
    t0 = time.perf_counter()
    assert rt.session is not None
    opening = open_upstream(rt.session, request.method, url, headers, raw, stream=ex.stream,
                            timeout_s=settings.proxy.limits.upstream_timeout_s)
    try:
        if verdict is not None and verdict.deferred is not None:
            up = await _with_parallel_verdict(rt, policy, ex, verdict, opening)
        else:
            up = await opening
    except UpstreamFailed as exc:
        ex.upstream_ms = (time.perf_counter() - t0) * 1000
        raise ProxyError(exc.code, exc.message) from None
    ex.upstream_status = up.status
    ctype = up.headers.get("Content-Type", "")
    if ex.stream and up.status == 200 and ctype.startswith("text/event-stream"):
        ex.upstream_ms = (time.perf_counter() - t0) * 1000
        ex.status = up.status
        hide = openai_adapter.is_usage_only_chunk if hide_usage else None
        guarded = None
        out_stream = None
        if policy is not None and rt.guard is not None and _needs_output(policy, verdict):
            out_stream = rt.guard.output_stream(policy, verdict.vault if verdict else None)
            guarded = GuardedStream(ex.kind, adapter, out_stream)
        try:
            return await relay_stream(request, ex, up, adapter, hide_usage_chunk=hide, guarded=guarded)
        finally:
            if out_stream is not None:
                ex.checks.extend(out_stream.records())
                ex.decision = _stronger(ex.decision, out_stream.decision)

    try:
        data = await read_body(up)
    except UpstreamFailed as exc:
        raise ProxyError(exc.code, exc.message) from None
    finally:
        up.release()
        ex.upstream_ms = (time.perf_counter() - t0) * 1000
    ex.status = up.status
    if up.status == 200 and "json" in ctype:
        screen = policy is not None and rt.guard is not None and _needs_output(policy, verdict)
        try:
            # Read only for usage: orjson (~4x faster). Screened answers may be rewritten and re-encoded:
            # the stdlib keeps integers beyond 64 bits exact.
            parsed = json.loads(data) if screen else orjson.loads(data)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            ex.usage = merge_usage(None, adapter.usage_from_body(ex.kind, parsed))
            if screen and rt.guard is not None and policy is not None:
                if await _output_phase(rt.guard, policy, ex, adapter, parsed, verdict):
                    data = _dump(parsed)
    headers = response_headers(up.headers)
    headers.update(ex.headers())
    return web.Response(status=up.status, body=data, headers=headers)


# ---------------------------------------------------------------------------------------------------
# Guard phases: the provider adapters list the texts, the guard decides, the texts are written back.

_RANK = {"allow": 0, "flag": 1, "redact": 2, "block": 3}


def _stronger(a: str, b: str | None) -> str:
    return b if b is not None and _RANK.get(b, 0) > _RANK.get(a, 0) else a


def _policy(settings: Settings, ex: Exchange) -> Policy | None:
    policies = settings.policies
    if policies is None or not policies.has(ex.policy):
        return None
    policy: Policy = policies.get(ex.policy)
    ex.mode = policy.mode
    return policy


def _unavailable(ex: Exchange, exc: GuardUnavailable) -> ProxyError:
    ex.checks.extend(exc.records)
    return ProxyError("guardrail_unavailable", f"guardrail check '{exc.check}' is unavailable: {exc.reason}")


async def _timed(ex: Exchange, call: Awaitable[Any]) -> Any:
    """Run a guard call: its time counts as guard latency; a check that cannot run becomes a 503."""
    started = time.perf_counter()
    try:
        return await call
    except GuardUnavailable as exc:
        raise _unavailable(ex, exc) from None
    finally:
        ex.guard_ms += (time.perf_counter() - started) * 1000


async def _input_phase(guard: Guard, policy: Policy, ex: Exchange, adapter: Any,
                       body: dict[str, Any]) -> InputVerdict:
    """Screen every text the client sends; rewrite redacted ones in place; raise on block."""
    slots = adapter.request_texts(ex.kind, body)
    verdict: InputVerdict = await _timed(ex, guard.input(policy, [s.get() for s in slots], [s.role for s in slots],
                                                        defer_parallel=True, json_texts=[s.is_json for s in slots]))
    ex.checks.extend(verdict.records)
    ex.decision = _stronger(ex.decision, verdict.decision)
    if verdict.blocked:
        raise ProxyError("content_blocked", verdict.block_reason or f"blocked by guardrail policy '{policy.name}'")
    for slot, text in zip(slots, verdict.texts, strict=True):
        if text is not None:
            slot.set(text)
    return verdict


async def _with_parallel_verdict(rt: Runtime, policy: Policy | None, ex: Exchange, verdict: InputVerdict,
                                 opening: Awaitable[aiohttp.ClientResponse]) -> aiohttp.ClientResponse:
    """`parallel: true`: the request is already upstream while the slow checks run; the answer waits
    for their verdict, and a block cancels the upstream call (nothing of the answer reaches the client)."""
    upstream = asyncio.ensure_future(opening)
    started = time.perf_counter()
    known = len(verdict.records)
    try:
        assert rt.guard is not None and policy is not None
        await verdict.settle(rt.guard, policy)
        ex.checks.extend(verdict.records[known:])
    except GuardUnavailable as exc:
        upstream.cancel()
        raise _unavailable(ex, exc) from None
    finally:
        ex.guard_ms += (time.perf_counter() - started) * 1000
    ex.decision = _stronger(ex.decision, verdict.decision)
    if verdict.blocked:
        upstream.cancel()
        with contextlib.suppress(BaseException):
            up = await upstream
            up.close()
        raise ProxyError("content_blocked", verdict.block_reason or f"blocked by guardrail policy '{policy.name}'")
    return await upstream


def _has_rules(rules: Any) -> bool:
    return rules.pii is not None or rules.toxicity is not None or rules.bias is not None or bool(rules.patterns)


def _needs_output(policy: Policy, verdict: InputVerdict | None) -> bool:
    if _has_rules(policy.output):
        return True
    return verdict is not None and policy.input.pii is not None and policy.input.pii.restore and bool(verdict.vault)


async def _output_phase(guard: Guard, policy: Policy, ex: Exchange, adapter: Any, body: dict[str, Any],
                        verdict: InputVerdict | None) -> bool:
    """Restore placeholders and screen a whole answer; True when the body changed."""
    slots = adapter.response_texts(ex.kind, body)
    if not slots:
        return False
    out: OutputVerdict = await _timed(ex, guard.output(policy, [s.get() for s in slots],
                                                       verdict.vault if verdict else None,
                                                       json_texts=[s.is_json for s in slots]))
    ex.checks.extend(out.records)
    ex.decision = _stronger(ex.decision, out.decision)
    changed = False
    for slot, text in zip(slots, out.texts, strict=True):
        if text is not None:
            slot.set(text)
            changed = True
    if out.blocked:
        block_body(ex.kind, body, {slots[i].channel for i in out.blocked})
        changed = True
    return changed


def _estimate_input_tokens(adapter: Any, kind: str, body: dict[str, Any]) -> int:
    """About 4 characters a token: only used when a stream ends before the provider reports usage."""
    return sum(len(slot.get()) for slot in adapter.request_texts(kind, body)) // 4 + 1


def _dump_request(body: dict[str, Any]) -> bytes:
    """A request body the proxy changed, for the provider. orjson (several times faster) where it is
    exact: request bodies hold no NaN (refused) and no lone surrogate (refused); an integer beyond
    64 bits makes orjson refuse, and the stdlib writes it."""
    try:
        return orjson.dumps(body)
    except TypeError:
        return _dump(body)


def _dump(obj: Any) -> bytes:
    try:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:  # a lone surrogate from a \\ud800 escape (answers only): escape it again
        return json.dumps(obj, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------------------------
# Plain routes

UNKNOWN_ROUTE = "(unknown)"


async def not_found(request: web.Request) -> web.Response:
    rt = request.app[RUNTIME]
    # The path is the client's text (it may hold anything, a key or an e-mail address included) and has
    # no bound: records and metrics name every unknown URL alike. The client's 404 message shows it.
    ex = Exchange(new_request_id(), OPENAI, "unknown", UNKNOWN_ROUTE)
    ex.policy = "default"
    err = ProxyError("unknown_url", f"Invalid URL ({request.method} {request.path})")
    resp = _reply_error(err, ex)
    _finish(rt, ex)  # one record per request, refused ones included
    return resp


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "version": __version__})


async def readyz(request: web.Request) -> web.Response:
    rt = request.app[RUNTIME]
    ready = True
    store: dict[str, Any] = {"url": redact_url(rt.store_url or ""), "embedded": rt.embedded is not None}
    if rt.redis is not None:
        try:
            await asyncio.wait_for(rt.redis.ping(), 1.0)
            store["status"] = "ok"
        except Exception as exc:  # noqa: BLE001 - any store failure is reported by its type, never crashes
            store["status"] = f"error: {type(exc).__name__}"
            # Requests still flow when budgets.yaml says so (on_store_error: allow, or no caps at all).
            budgets = rt.settings.budgets
            ready = budgets is None or budgets.on_store_error == "allow"
            store["on_store_error"] = "allow" if ready else "block"
    else:
        store["status"] = "not configured"
    config: dict[str, Any] = {"status": "ok", "mode": "teams" if rt.settings.teams is not None else "single-tenant"}
    if rt.reloader is not None and rt.reloader.last_error:
        config = {"status": "error", "errors": rt.reloader.last_error.splitlines(),
                  "in_force": "the previous valid configuration"}
    guard_ready, checks = _guard_status(rt)
    ready = ready and guard_ready
    body = {"ready": ready, "store": store, "config": config, "checks": checks}
    return web.json_response(body, status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    return web.Response(body=request.app[RUNTIME].metrics.render(), headers={"Content-Type": METRICS_CONTENT_TYPE})


def _admin_ok(request: web.Request) -> bool:
    import hmac

    admin = request.app[RUNTIME].env.get("GUARDRAIL_ADMIN_KEY", "")
    if not admin:
        raise web.HTTPNotFound(text=json.dumps(
            {"error": {"message": "admin routes are off (GUARDRAIL_ADMIN_KEY is not set)",
                       "type": "invalid_request_error", "param": None, "code": "unknown_url"}}),
            content_type="application/json")
    presented = _presented_key(request) or ""
    return hmac.compare_digest(presented.encode(), admin.encode())


async def admin_budgets(request: web.Request) -> web.Response:
    """Spent, cap, remaining and month-end projection per team and window (finance's live view)."""
    if not _admin_ok(request):
        return web.json_response({"error": {"message": "invalid admin key", "type": "invalid_request_error",
                                            "param": None, "code": "invalid_api_key"}}, status=401)
    rt = request.app[RUNTIME]
    if rt.budgets is None:
        return web.json_response({"error": {"message": "no store is configured", "type": "api_error",
                                            "param": None, "code": "store_unavailable"}}, status=503)
    config = rt.settings.budgets
    teams: set[str] = set(config.teams) if config is not None else set()
    if rt.settings.teams is not None:
        teams |= set(rt.settings.teams.teams)
    try:
        teams |= set(await rt.budgets.known_teams())
        windows = await rt.budgets.status(config, sorted(teams))
    except StoreUnavailable as exc:
        return web.json_response({"error": {"message": f"the budget store is unavailable ({exc.reason})",
                                            "type": "api_error", "param": None, "code": "store_unavailable"}},
                                 status=503)
    return web.json_response({"timezone": config.timezone if config is not None else "UTC",
                              "windows": [w.as_dict() for w in windows]})


async def admin_reload(request: web.Request) -> web.Response:
    if not _admin_ok(request):
        return web.json_response({"error": {"message": "invalid admin key", "type": "invalid_request_error",
                                            "param": None, "code": "invalid_api_key"}}, status=401)
    rt = request.app[RUNTIME]
    assert rt.reloader is not None
    ok = await rt.reloader.reload(force=True)
    return web.json_response({"reloaded": ok, "errors": (rt.reloader.last_error or "").splitlines()},
                             status=200 if ok else 422)


# ---------------------------------------------------------------------------------------------------
# Application

async def _resources(app: web.Application) -> AsyncIterator[None]:
    rt = app[RUNTIME]
    settings = rt.settings
    cfg = settings.proxy
    connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300, keepalive_timeout=30)
    rt.session = aiohttp.ClientSession(connector=connector, auto_decompress=True, skip_auto_headers=("User-Agent",))
    if app.get(_START_STORE, True):
        url = cfg.store.url
        if url == "embedded":
            rt.embedded = EmbeddedStore(settings.resolve(cfg.data_dir))
            await asyncio.to_thread(rt.embedded.start)
            rt.embedded.supervise()  # starts valkey-server again if it dies (or takes over from its owner)
            url = rt.embedded.url
        rt.store_url = url
        rt.redis = connect(url)
        rt.budgets = Budgets(rt.redis, reservation_ttl_s=max(900, int(cfg.limits.upstream_timeout_s) + 60))
        rt.recorder = SpendRecorder(rt.budgets)
        await asyncio.to_thread(pricing.warm_up)
    rt.decisions = DecisionLog(_log_path(settings))
    if app.get(_START_GUARD, True):
        await _start_guard(rt)
    if rt.reloader is None:
        rt.reloader = Reloader(settings, on_change=lambda s: _apply_settings(rt, s))
    rt.reloader.start()
    try:
        yield
    finally:
        if rt.pending:  # settle what is in flight before the store goes away
            await asyncio.gather(*rt.pending, return_exceptions=True)
        if rt.recorder is not None:
            await rt.recorder.close()
        if rt.guard is not None:
            await rt.guard.close()
            scorer = rt.guard.scores.scorer
            if scorer is not None and hasattr(scorer, "close"):
                await asyncio.to_thread(scorer.close)
        await rt.reloader.stop()
        await rt.session.close()
        if rt.budgets is not None:
            await rt.budgets.aclose()
        if rt.redis is not None:
            await rt.redis.aclose()
        if rt.embedded is not None:
            await rt.embedded.stop_supervising()  # first, so nothing starts the server again
            await asyncio.to_thread(rt.embedded.stop)
        rt.decisions.close()


async def _start_guard(rt: Runtime) -> None:
    """Load the check models: PII workers now (seconds), the toxicity model in its own thread.

    A model that cannot load is reported (log, /readyz) and the policies that need it follow their
    `on_error`; the proxy itself still starts."""
    models = rt.settings.proxy.models
    pii = PiiAnalyzer(models.pii.spacy_model, executor="process" if models.pii.workers else "thread",
                      workers=models.pii.workers or 1)
    scorer: Any = KeywordScorer() if models.toxicity.model == "keywords" else build_scorer(rt.settings)
    rt.guard = Guard(pii, scorer)
    await _load_needed_models(rt)


def _models_needed(settings: Settings) -> tuple[bool, bool]:
    """(PII, toxicity): whether any policy has a check that needs that model."""
    policies = settings.policies
    if policies is None:
        return False, False
    pii = scored = False
    for name in policies.names():
        policy = policies.get(name)
        for rules in (policy.input, policy.output):
            pii |= rules.pii is not None
            scored |= rules.toxicity is not None or rules.bias is not None
    return pii, scored


async def _load_needed_models(rt: Runtime) -> None:
    """Load only what the policies use: no PII workers or toxicity model for policies without them.
    A reload that starts needing one loads it then."""
    guard = rt.guard
    if guard is None:
        return
    need_pii, need_scores = _models_needed(rt.settings)
    scorer: Any = guard.scores.scorer
    if need_scores and hasattr(scorer, "start"):
        scorer.start()  # in its own thread; /readyz shows loading, then ready or why not
    if need_pii and guard.pii is not None and guard.pii.state in ("idle", "error"):
        try:
            await guard.pii.start()
        except PiiUnavailable as exc:
            log.error("PII check unavailable: %s", exc)


def _guard_status(rt: Runtime) -> tuple[bool, dict[str, Any]]:
    """Per check model: state and error. Not ready when one failed and a policy would then block."""
    if rt.guard is None:
        return True, {}
    need_pii, need_scores = _models_needed(rt.settings)
    out: dict[str, Any] = {}
    failed = False
    if rt.guard.pii is not None and need_pii:
        out["pii"] = {"state": rt.guard.pii.state, "error": rt.guard.pii.error}
        failed |= rt.guard.pii.state == "error"
    scorer: Any = rt.guard.scores.scorer
    if scorer is not None and need_scores:
        status = scorer.status()
        out["toxicity"] = {"state": status.state, "model": status.model, "backend": status.backend,
                           "error": status.error}
        failed |= status.state == "error"
    policies = rt.settings.policies
    blocking = policies is None or any(policies.get(n).on_error == "block" for n in policies.names())
    return not (failed and blocking), out


def _log_path(settings: Settings) -> str | Path:
    path = settings.proxy.decision_log.path
    return "-" if path == "-" else settings.resolve(path)


def _apply_settings(rt: Runtime, new: Settings) -> None:
    old = rt.settings
    rt.settings = new
    if _log_path(old) != _log_path(new) and rt.decisions is not None:
        rt.decisions.close()
        rt.decisions = DecisionLog(_log_path(new))
    if rt.guard is not None:
        task = asyncio.get_running_loop().create_task(_load_needed_models(rt))
        rt.pending.add(task)
        task.add_done_callback(rt.pending.discard)
    if old.proxy.store != new.proxy.store or old.proxy.listen != new.proxy.listen:
        log.warning("config reload: listen and store changes take effect at the next restart")


_START_STORE = web.AppKey("start_store", bool)
_START_GUARD = web.AppKey("start_guard", bool)


def create_app(settings: Settings | None = None, *, env: dict[str, str] | None = None,
               start_store: bool = True, start_guard: bool = True) -> web.Application:
    """Build the proxy app. `settings` default to `load_settings()` (proxy.yaml, GUARDRAIL_CONFIG)."""
    if settings is None:
        settings = load_settings()
    rt = Runtime(settings=settings, env=dict(os.environ if env is None else env))
    app = web.Application(client_max_size=1 << 40, handler_args={"max_field_size": 65536})
    app[RUNTIME] = rt
    app[_START_STORE] = start_store
    app[_START_GUARD] = start_guard
    r = app.router
    r.add_post("/v1/chat/completions", api_handler(OPENAI, CHAT))
    r.add_post("/v1/completions", api_handler(OPENAI, COMPLETIONS))
    r.add_post("/v1/embeddings", api_handler(OPENAI, EMBEDDINGS))
    r.add_get("/v1/models", api_handler(OPENAI, MODELS), allow_head=False)
    r.add_post("/v1/responses", api_handler(OPENAI, RESPONSES))
    r.add_post("/v1/messages", api_handler(ANTHROPIC, MESSAGES))
    r.add_post("/v1/messages/count_tokens", api_handler(ANTHROPIC, COUNT_TOKENS))
    r.add_get("/healthz", healthz, allow_head=False)
    r.add_get("/readyz", readyz, allow_head=False)
    r.add_get("/metrics", metrics, allow_head=False)
    r.add_get("/admin/budgets", admin_budgets, allow_head=False)
    r.add_post("/admin/reload", admin_reload)
    r.add_route("*", "/{tail:.*}", not_found)
    app.cleanup_ctx.append(_resources)
    return app


__all__ = ["RUNTIME", "ConfigErrors", "Runtime", "create_app"]
