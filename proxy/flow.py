"""One request, top to bottom. Each step is one call into the package that owns it:

1. identify      `edge.identity`   the team, its policy (401 for a bad key)
2. intake        `edge.intake`     the body within its limit, strict JSON, the route's fields (400, 413);
                 `edge.routing`    the providers to try for its model (proxy.yaml `routes:`)
3. allow model   `edge.identity`   the team's model allow-list (403)
4. guard input   `guard.phases`    screen and rewrite the request's texts (400 on block, 503 when a check cannot run)
5. reserve       `budget.step`     the most the request can cost, in every window of the team (429)
6. upstream      `edge.upstream`   one shared session to the provider (502, 504); the route's fallbacks on a
                                   connection error, timeout, 429 or 5xx before the answer began
7. guard output  `guard.phases`    a whole answer, or `stream.relay` event by event through the output windows
8. settle        `budget.step`     the real cost from the provider's usage (off the answer's path)
9. record        `audit`, `metrics` one decision record per request, refused ones included

Provider facts come from the route's `ProviderAdapter`; the flow holds no wire format of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp
import orjson
from aiohttp import web
from multidict import CIMultiDict, MultiMapping

from proxy.audit import DecisionLog
from proxy.budget import tier47
from proxy.budget.ledger import Budgets
from proxy.budget.results import Alert
from proxy.budget.step import (
    SpendRecorder,
    identify_scopes,
    input_bound,
    lost_try,
    record_unreserved,
    release_for,
    reserve_for,
    settle_for,
)
from proxy.config.policy import PatternRule, Policy
from proxy.config.settings import LimitsConfig, Settings
from proxy.edge import identity, intake, upstream
from proxy.edge.health import ProviderHealth
from proxy.edge.intake import Call
from proxy.edge.routing import Router, Target, router_for
from proxy.edge.upstream import UNDECODABLE, UpstreamFailed
from proxy.errors import ProxyError
from proxy.exchange import Exchange, new_request_id
from proxy.features import answer_features, request_features, settle_language
from proxy.guard import context24, ctx47, prev26, reply26
from proxy.guard.decision import Decision, GuardUnavailable, stronger
from proxy.guard.engine import Guard, InputVerdict
from proxy.guard.fixed import MAX_NAME, name_findings, name_record
from proxy.guard.phases import has_rules, needs_output, screen_answer, screen_names, screen_request
from proxy.guard.tool26 import answered as answered_calls
from proxy.guard.tox42 import tox_answer_names
from proxy.metrics import Metrics
from proxy.modelname import recorded_model
from proxy.nlp.pool import team_context
from proxy.nlp.tox42 import name_reading
from proxy.providers.answers import LogprobSlot, answer_names, answer_sweep, keep_prefix, withhold_swept
from proxy.providers.base import OPENAI, ProviderAdapter, TextSlot
from proxy.providers.details24 import drop_loose_data
from proxy.providers.inventory import TreeSlot, fixed_texts
from proxy.providers.issued import remember_in
from proxy.providers.registry import ADAPTERS, adapter_for
from proxy.providers.state import placeholder_tagging
from proxy.providers.usage import merge_usage
from proxy.stream.channels import StreamRewriter
from proxy.stream.indexes24 import note_request, whole_index_trouble
from proxy.stream.relay import End, Pump, Relay
from proxy.stream.usage import StreamUsage

T = TypeVar("T")
PENDING = "pending"  # x-guardrail-decision of a stream whose output rules have not finished
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(eq=False)
class Services:
    """What the flow uses that outlives one request. `settings` and `decisions` swap on reload."""

    settings: Settings
    env: Mapping[str, str]
    session: aiohttp.ClientSession
    decisions: DecisionLog
    metrics: Metrics
    guard: Guard | None = None           # None: the app was built without check models (tests)
    budgets: Budgets | None = None       # None: no store
    recorder: SpendRecorder | None = None
    pending: set[asyncio.Task[None]] = field(default_factory=set)  # settles in flight
    health: ProviderHealth = field(default_factory=ProviderHealth)  # per named provider, from its answers

    def spawn(self, coro: Awaitable[None]) -> None:
        """Run `coro` off the answer's path; shutdown waits for it."""
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)


SERVICES = web.AppKey("services", Services)


# ------------------------------------------------------------------------------------- the handlers

def api_handler(provider: str, kind: str, *, azure_route: str | None = None) -> Handler:
    """The handler of one API route (`provider`: whose format, `kind`: see `proxy.providers.base`).
    `azure_route`: an Azure OpenAI deployment route (its template: records never show the deployment)."""

    async def handle(request: web.Request) -> web.StreamResponse:
        svc = request.app[SERVICES]
        adapter = adapter_for(provider, kind, request.headers)
        ex = Exchange(new_request_id(), adapter.name, kind, azure_route or request.path)
        try:
            return await serve(svc, request, adapter, ex, azure=azure_route is not None)
        except ProxyError as err:
            return refuse(err, ex, adapter)
        except intake.ClientGone:
            # Nobody to answer: 499 (nginx's "client closed request") in the record, no traceback (this
            # is not a bug); aiohttp drops the answer quietly on the closed connection.
            ex.status, ex.error, ex.client_disconnected = 499, "client_closed_request", True
            return web.Response(status=499, headers=ex.headers())
        except Exception:
            # A bug: aiohttp answers a bare 500 (no traceback) and logs it; the record says so too.
            ex.status, ex.error = 500, "internal_error"
            raise
        finally:
            complete(svc, ex)

    return handle


UNKNOWN_ROUTE = "(unknown)"


async def not_found(request: web.Request) -> web.StreamResponse:
    """Any other path: a 404 in OpenAI's format, and a record that names no path."""
    svc = request.app[SERVICES]
    # The path is the client's text (it may hold anything, a key or an e-mail address included) and has
    # no bound: records and metrics name every unknown URL alike. The client's 404 message shows it.
    ex = Exchange(new_request_id(), OPENAI, "unknown", UNKNOWN_ROUTE)
    if svc.settings.teams is None:  # single tenant: team default, its policy in force; team mode: no team read
        identity.set_team(svc.settings, ex, "default")
    resp = refuse(ProxyError("unknown_url", f"Invalid URL ({request.method} {request.path})"), ex, ADAPTERS[OPENAI])
    record(svc, ex)  # one record per request, refused ones included
    return resp


def malformed(app: web.Application, status: int) -> web.StreamResponse:
    """A request aiohttp's HTTP parser refused (`proxy.edge.server`: a body length given twice,
    `Content-Length` with `chunked`, a bad chunk size, a bad request line or header): a 400 in OpenAI's format,
    and a record like an unknown URL's (its path, if any was read, is the client's text)."""
    svc = app[SERVICES]
    ex = Exchange(new_request_id(), OPENAI, "unknown", UNKNOWN_ROUTE)
    if svc.settings.teams is None:
        identity.set_team(svc.settings, ex, "default")
    resp = refuse(ProxyError("malformed_request", "The HTTP request could not be read (its request line, "
                             "headers or body framing is malformed)."), ex, ADAPTERS[OPENAI])
    record(svc, ex)
    return resp


# ---------------------------------------------------------------------------------------- the steps

async def serve(svc: Services, request: web.Request, adapter: ProviderAdapter, ex: Exchange, *,
                azure: bool = False) -> web.StreamResponse:
    settings = svc.settings
    identity.identify(settings, request.headers, ex)
    router = router_for(settings.proxy)
    deployment = intake.deployment(request.match_info["deployment"]) if azure else None
    policy = _policy(settings, ex)
    call: Call | None = None
    verdict: InputVerdict | None = None
    hide_usage = False
    checks_out: bool | None = None  # whether the policy in force has output checks (`_phases`), once read
    if request.method == "POST":
        server = settings.proxy.server
        call = await intake.read_call(request, adapter, ex.kind, settings.proxy.limits.max_body_bytes,
                                      idle_s=server.body_timeout_s, total_s=server.body_total_s, model=deployment)
        ex.model, ex.stream = call.model, call.stream
        note_request(ex.kind, call.body)  # the choices it asks for: a stream's others are unreadable (`indexes24`)
        # The routed model decides everything after this (allow-list, policy, prices): it is what goes upstream.
        ex.chain = router.chain(adapter.name, ex.model, azure_client=azure)
        ex.provider_prices = router.provider_prices
        if settings.budgets is not None:  # else no scope to identify (nor a header to read for it)
            identify_scopes(settings.budgets, settings.teams is not None, ex, call.body, request.headers)
        # Before any redaction rewrites the texts.
        ex.prompt = request_features(adapter, ex.kind, call.body, language=settings.proxy.decision_log.language,
                                     defer=True)
        ex.model_label = recorded_model(settings, ex.team, ex.model, ex.provider)
        identity.check_model(settings, ex)
        identity.select_policy(settings, ex)
        policy = _policy(settings, ex)
        checks_in, checks_out = _phases(policy) if policy is not None else (False, False)
        # The guard workers' queues are per team; the ticket records the wait (no checks: no ticket, no wait).
        if checks_in and policy is not None:
            _refuse_unscreenable(policy, ex, adapter, call)
            if svc.guard is not None:
                ex.queue = team_context(ex.team)
                verdict = await _guard_input(svc.guard, policy, ex, adapter, call, settings.proxy.limits,
                                             request.headers)
        elif checks_out and svc.guard is not None:
            ex.queue = team_context(ex.team)
        if ex.stream:
            hide = adapter.prepare_stream(ex.kind, call.body)
            if hide is not None:
                hide_usage, call.changed = hide, True
        if tier47.pin(settings.budgets, ex, call.body, tuple(router.targets[n].kind for n in ex.chain)):
            call.changed = True  # a capped team: `service_tier: "default"`, the table's price (atk46 F03)
        ex.hold = await reserve_for(svc.budgets, settings.budgets, ex, call.body)
        if ex.clamped_max_tokens is not None:  # `on_exceed: clamp` lowered the body's output limit
            call.changed = True
        if ex.stream:  # a stream cut before the provider's count: the prompt's bound (it was read whole)
            ex.input_estimator = functools.partial(input_bound, ex.hold, ex, call.body,
                                                   functools.partial(_estimate_input_tokens, adapter, ex.kind,
                                                                     call.body))

    else:
        ex.chain = router.chain(adapter.name, None, azure_client=azure)
        if policy is not None and policy.input.patterns:
            _guard_query(policy, ex, request.rel_url.raw_query_string)
    reply26.note(ex.kind, call.body if call is not None else None)  # the user's question for the answer (atk25)
    body = call.bytes_for_upstream() if call is not None else None
    t0 = time.perf_counter()
    opening = _open_any(svc, request, adapter, ex, router, body, azure=azure)
    try:
        if verdict is not None and verdict.deferred is not None and svc.guard is not None and policy is not None:
            up = await _with_parallel_verdict(svc.guard, policy, ex, verdict, opening)
        else:
            up = await opening
    except UpstreamFailed as exc:
        ex.upstream_ms = (time.perf_counter() - t0) * 1000
        if exc.sent and ex.hold is not None:
            ex.hold.lost = True  # the provider may have run it: its bound is charged, not released
        raise _failed(exc, ex, policy if svc.guard is not None else None) from None
    ex.upstream_status = up.status
    # `needs_output`: output rules, or placeholders to restore (only after input checks)
    screen = policy is not None and svc.guard is not None and (
        (_phases(policy)[1] if checks_out is None else checks_out) or (
            verdict is not None and needs_output(policy, verdict)))
    media = up.headers.get("Content-Type", "").lower()  # its type and subtype are case-insensitive (RFC 9110 8.3.1)
    if ex.stream and up.status == 200 and media.startswith("text/event-stream"):
        ex.upstream_ms = (time.perf_counter() - t0) * 1000
        ex.status = up.status
        guard = svc.guard if screen else None
        return await _stream_answer(request, ex, adapter, up, guard, policy, verdict, hide_usage)
    return await _whole_answer(ex, adapter, up, svc.guard if screen else None, policy, verdict, t0,
                               request=request, limit=settings.proxy.limits.max_answer_bytes)


async def _open_any(svc: Services, request: web.Request, adapter: ProviderAdapter, ex: Exchange, router: Router,
                    body: bytes | None, *, azure: bool) -> aiohttp.ClientResponse:
    """Send the request to its route's provider; on a connection error, a timeout, a 429 or a 5xx (nothing
    of the answer has reached the client yet) to the next of its fallbacks, after a short backoff. The
    last one's answer (or failure) is the client's. Input was screened and budget reserved once, before."""
    settings = svc.settings
    limits = settings.proxy.limits
    chain = ex.chain  # one provider (the usual route): nothing to order or cut
    plan = chain if len(chain) < 2 else svc.health.order(chain)[:limits.upstream_attempts]
    ex.attempts = attempts = []
    # The query keeps only the parameters the provider API defines (`upstream.upstream_query`).
    rel = request.rel_url
    client_path, query = rel.raw_path, rel.raw_query_string
    client_query = upstream.upstream_query(query, post=request.method == "POST") if query else ""
    for i, name in enumerate(plan):
        target = router.targets[name]
        if i:
            await asyncio.sleep(min(limits.fallback_backoff_s * 2 ** (i - 1), 5.0))
        ex.upstream_name = name
        headers = _upstream_headers(settings, svc.env, request.headers, router, target, adapter.name, azure)
        if body is not None:
            headers["Content-Type"] = "application/json"
        url = target.url(ex.kind, ex.model, client_path, client_query, azure_client=azure)
        try:
            up = await upstream.open_upstream(svc.session, request.method, url, headers, body, stream=ex.stream,
                                              timeout_s=target.timeout_s or limits.upstream_timeout_s)
        except UpstreamFailed as exc:
            if exc.code == "upstream_unreadable":
                # It answered, with a body its Content-Encoding does not decode: an unreadable answer, the
                # client's (no other provider is tried, as for any other answer the proxy cannot read).
                attempts.append((name, "unreadable"))
                raise
            outcome = "timeout" if exc.code == "upstream_timeout" else "unreachable"
            attempts.append((name, outcome))
            svc.health.failed(name, outcome)
            if i + 1 == len(plan):  # the last try
                raise
            if exc.sent and not await lost_try(ex.hold, ex, name):
                raise  # the lost try was charged its bound; the budget holds no further try
            continue
        outcome = str(up.status)
        attempts.append((name, outcome))
        if up.status == 429 or up.status >= 500:
            svc.health.failed(name, outcome, upstream.retry_after_s(up.headers, limits.retry_after_max_s))
            if i + 1 < len(plan):  # not the last try
                up.close()  # its body is not wanted: the connection is not reused
                continue
        else:
            svc.health.ok(name, outcome)
        return up
    raise AssertionError("a request's provider chain is never empty")


def _upstream_headers(settings: Settings, env: Mapping[str, str], client: MultiMapping[str], router: Router,
                      target: Target, wire: str, azure: bool) -> CIMultiDict[str]:
    """Client headers for `target`. Team mode: the proxy's key for that provider (client keys never go
    upstream). Single-tenant: the client's own key goes only to the provider its SDK was pointed at (an
    Azure client's key only to a `kind: azure` one: `Router.passes_client_key`), in the one header that
    provider reads (`edge.credentials`); others get the proxy's."""
    if settings.teams is None and router.passes_client_key(target.name, wire, azure_client=azure):
        return upstream.upstream_headers(client, None, kind=target.kind)
    key = env.get(target.api_key_env, "") if target.api_key_env else ""
    return upstream.upstream_headers(client, target.auth(key) if key else {})


_PHASES: dict[int, tuple[Policy, bool, bool]] = {}  # by the identity of a loaded (immutable) policy


def _phases(policy: Policy) -> tuple[bool, bool]:
    """Whether the policy's input and output phases have checks (`has_rules`), once per loaded policy (a
    reload loads new ones; at most 256 kept)."""
    found = _PHASES.get(id(policy))
    if found is None or found[0] is not policy:
        if len(_PHASES) >= 256:
            _PHASES.clear()
        found = _PHASES[id(policy)] = (policy, has_rules(policy.input), has_rules(policy.output))
    return found[1], found[2]


def _policy(settings: Settings, ex: Exchange) -> Policy | None:
    policies = settings.policies
    if policies is None or ex.policy is None:
        return None
    policy: Policy | None = policies.policies.get(ex.policy)  # one lookup (`has`, then `get`, made two)
    if policy is not None:
        ex.mode = policy.mode
    return policy


async def _timed(ex: Exchange, call: Awaitable[T]) -> T:
    """Run a guard call: its time counts as guard latency; a check that cannot run becomes a 503."""
    started = time.perf_counter()
    try:
        return await call
    except GuardUnavailable as exc:
        raise _unavailable(ex, exc) from None
    finally:
        ex.guard_ms += (time.perf_counter() - started) * 1000


def _unavailable(ex: Exchange, exc: GuardUnavailable) -> ProxyError:
    ex.checks.extend(exc.records)
    return ProxyError("guardrail_unavailable", f"guardrail check '{exc.check}' is unavailable: {exc.reason}")


def _blocked(verdict: InputVerdict, policy: Policy) -> ProxyError:
    return ProxyError("content_blocked", verdict.block_reason or f"blocked by guardrail policy '{policy.name}'")


def _refuse_unscreenable(policy: Policy, ex: Exchange, adapter: ProviderAdapter, call: Call) -> None:
    """Token-id prompts (completions, embeddings) cannot be screened: with input rules they are refused
    (400), in monitor mode recorded as `would_block` and passed."""
    name = adapter.unscreenable_field(ex.kind, call.body)
    if name is None:
        return
    ex.checks.append({"phase": "input", "check": "token_ids", "action": "would_block" if policy.monitor else "block",
                      "findings": {"TOKEN_IDS": 1}, "ms": 0.0})
    if policy.monitor:
        ex.decision = stronger(ex.decision, "flag")
        return
    raise ProxyError("unscreenable_input", f"field '{name}' holds token ids, which guardrail policy '{policy.name}' "
                     "cannot screen; send the text instead", param=name)


async def _guard_input(guard: Guard, policy: Policy, ex: Exchange, adapter: ProviderAdapter,
                       call: Call, limits: LimitsConfig, headers: Mapping[str, str]) -> InputVerdict:
    """Screen every text the client sends; redacted ones are rewritten in place; raise on block. `patterns:`
    rules also read the names in the body and in the forwarded headers (beta names: `upstream.header_names`)."""
    slots = adapter.request_texts(ex.kind, call.body)
    screening_bounds(slots, limits)
    names: list[str] = []
    credentials: list[str] = []
    if policy.input.patterns or policy.input.toxicity:  # names, ids, credentials: never rewritten (`fixed_texts`)
        names, credentials = fixed_texts(ex.kind, call.body)
        names += upstream.header_names(headers)
    # A request that continues provider-held state, or resends what the proxy cannot read, tags its placeholders:
    # the earlier turns' are other requests' (`proxy.providers.state`).
    tagged = placeholder_tagging(ex.kind, call.body)
    prev26.caller(ex.kind, ex.team, headers, call.body)  # a Responses answer remembered for its caller (atk25 F02)
    await ctx47.fetch(ex.kind, ex.team, headers, call.body, prev26.holds)  # (the store's memory: atk46 F04)
    with context24.cued(ex.kind, call.body, slots):  # short replies read with their question's context (atk24a)
        verdict = await _timed(ex, screen_request(guard, policy, slots, team=ex.team, names=names,
                                                  credentials=credentials, tagged=tagged))
    ex.checks.extend(verdict.records)
    ex.decision = stronger(ex.decision, verdict.decision)
    if verdict.blocked:
        raise _blocked(verdict, policy)
    call.changed = call.changed or any(t is not None for t in verdict.texts)
    return verdict


def _guard_query(policy: Policy, ex: Exchange, query: str) -> None:
    """`GET /v1/models`: `patterns:` rules read the paging ids that go on (`upstream.query_names`) as they read
    model names; a match blocks (400), as a codename in a tool name does."""
    verdict = screen_names(policy, upstream.query_names(query))
    ex.checks.extend(verdict.records)
    ex.decision = stronger(ex.decision, verdict.decision)
    if verdict.blocked:
        raise _blocked(verdict, policy)


async def _with_parallel_verdict(guard: Guard, policy: Policy, ex: Exchange, verdict: InputVerdict,
                                 opening: Awaitable[aiohttp.ClientResponse]) -> aiohttp.ClientResponse:
    """`parallel: true`: the request is already upstream while the slow checks run; the answer waits
    for their verdict, and a block cancels the upstream call (nothing of the answer reaches the client)."""
    pending = asyncio.ensure_future(opening)
    started = time.perf_counter()
    known = len(verdict.records)
    try:
        await verdict.settle(guard, policy)
        ex.checks.extend(verdict.records[known:])
    except GuardUnavailable as exc:
        pending.cancel()
        raise _unavailable(ex, exc) from None
    finally:
        ex.guard_ms += (time.perf_counter() - started) * 1000
    ex.decision = stronger(ex.decision, verdict.decision)
    if verdict.blocked:
        pending.cancel()
        with contextlib.suppress(BaseException):
            up = await pending
            up.close()
        if ex.hold is not None:  # the request may have reached the provider: charged its bound
            ex.hold.lost = True
        raise _blocked(verdict, policy)
    return await pending


def screening_bounds(slots: Sequence[TextSlot], limits: LimitsConfig) -> None:
    """The most the guard analyses (`limits.max_text_chars`, `max_request_chars`): beyond, the request is
    refused whole (413) before any analysis, since what is not screened must not go upstream."""
    total = 0
    for slot in slots:
        n = len(slot.get())
        if n > limits.max_text_chars:
            raise ProxyError("request_too_large", f"a text of the request has {n} characters; the guard screens "
                             f"at most {limits.max_text_chars} per text (limits.max_text_chars)")
        total += n
    if total > limits.max_request_chars:
        raise ProxyError("request_too_large", f"the request's texts have {total} characters; the guard screens "
                         f"at most {limits.max_request_chars} per request (limits.max_request_chars)")


def _estimate_input_tokens(adapter: ProviderAdapter, kind: str, body: dict[str, Any]) -> int:
    """About 4 characters a token: only used when a stream ends before the provider reports usage."""
    return sum(len(slot.get()) for slot in adapter.request_texts(kind, body)) // 4 + 1


def _header_rules(policy: Policy | None) -> Sequence[PatternRule]:
    """The output `patterns:` rules that read the ids a response header carries (`upstream.response_headers`);
    none in monitor mode (the client gets what it would without the proxy)."""
    patterns = policy.output.patterns if policy is not None else ()
    return patterns if patterns and policy is not None and not policy.monitor else ()


async def _whole_answer(ex: Exchange, adapter: ProviderAdapter, up: aiohttp.ClientResponse, guard: Guard | None,
                        policy: Policy | None, verdict: InputVerdict | None, t0: float, *,
                        request: web.Request, limit: int) -> web.StreamResponse:
    """A plain answer: read whole, usage taken, screened (and restored) when the policy needs it. One over
    `limit` bytes is relayed as it comes when no rule needs it whole, else refused (fail closed)."""
    try:
        data, whole = await upstream.read_upto(up, limit)
        if not whole:
            return await _large_answer(request, ex, adapter, up, data, screened=guard is not None, limit=limit)
    except UpstreamFailed as exc:
        ex.status = up.status
        raise _failed(exc, ex, policy if guard is not None else None) from None
    finally:
        up.release()
        ex.upstream_ms = (time.perf_counter() - t0) * 1000
    ex.status = up.status
    readable, replaced = True, False
    labelled_json = "json" in up.headers.get("Content-Type", "").lower()  # case-insensitive (RFC 9110 8.3.1)
    if up.status == 200 and labelled_json:
        try:
            # Read only for usage: orjson (~4x faster). Screened answers may be rewritten and re-encoded:
            # the stdlib keeps integers beyond 64 bits exact.
            # Screened: strictly, as requests are (a key given twice is unreadable: the client's parser
            # could read the copy that was not screened).
            parsed = intake.parse_answer(data) if guard is not None else orjson.loads(data)
        except ValueError:
            parsed = None
        # (a choice `index` a client may read otherwise than the proxy: unreadable, `proxy.stream.indexes24`)
        readable = isinstance(parsed, dict) and not whole_index_trouble(ex.kind, parsed)
        if isinstance(parsed, dict):
            ex.usage = merge_usage(None, adapter.usage_from_body(ex.kind, parsed))
            prev26.answered(ex.kind, parsed)  # what a next turn's `previous_response_id` continues
            ex.answer = answer_features(adapter, ex.kind, parsed)  # as the model wrote it, before screening
            # (monitor mode: screened and recorded, relayed byte for byte; the logprobs' trimming is the enforcing
            # answer's, atk11 A L1)
            if readable and guard is not None and policy is not None and await _guard_output(guard, policy, ex, adapter,
                                                                                 parsed, verdict) \
                    and not policy.monitor:
                data = intake.encode_answer(parsed)
    elif 200 <= up.status < 300 or (300 <= up.status < 400 and data):
        readable = False  # an answer not labelled JSON, or a redirect with a body: nothing was screened
    elif up.status >= 400 and data and guard is not None and policy is not None and has_rules(policy.output):
        # The provider's error may quote the request or the answer: screened like an answer (its status
        # kept); one the proxy cannot read is replaced by the proxy's own error, same status.
        try:
            error = intake.parse_answer(data)
        except ValueError:
            error = None
        if isinstance(error, dict):
            if await _guard_output(guard, policy, ex, adapter, error, verdict) and not policy.monitor:
                data = intake.encode_answer(error)
        elif not policy.monitor:
            _note_unreadable(ex, policy, "unreadable_error")
            data = intake.encode_answer(adapter.error_body("upstream_unreadable", UNREADABLE))
            replaced = True
    if not readable and guard is not None and policy is not None and has_rules(policy.output):
        # Output rules apply, and the answer cannot be screened: it fails closed (monitor: noted only).
        _note_unreadable(ex, policy, "unreadable_body")
        if not policy.monitor:
            raise ProxyError("upstream_unreadable", UNREADABLE)
    headers = upstream.response_headers(up.headers, ex.model, _header_rules(policy))
    if replaced or (readable and labelled_json and "Content-Type" not in headers):
        # (a JSON answer whose label was kept back, `upstream.response_headers`: what the proxy read it as)
        headers["Content-Type"] = "application/json"
    headers.update(ex.headers())
    if up.status == 200 and readable and labelled_json:
        remember_in(data)  # the ids the client gets, which it may send back (`proxy.providers.issued`)
    return web.Response(status=up.status, body=data, headers=headers)


async def _large_answer(request: web.Request, ex: Exchange, adapter: ProviderAdapter, up: aiohttp.ClientResponse,
                        head: bytes, *, screened: bool, limit: int) -> web.StreamResponse:
    """An answer over `limits.max_answer_bytes`. Screened: read to its end for its usage (never held), then
    a 502: the guard does not pass what it could not check. Not screened: relayed chunk by chunk."""
    ex.status = up.status
    if screened:
        tail = await upstream.relay_rest(up, head)
        _usage_from_tail(ex, adapter, tail)
        raise ProxyError("answer_too_large", f"the provider's answer is over {limit} bytes, more than the guard "
                         "holds to screen (limits.max_answer_bytes); nothing of it was passed on")
    headers = upstream.response_headers(up.headers, ex.model)
    headers.update(ex.headers())
    resp = web.StreamResponse(status=up.status, headers=headers)
    try:
        await resp.prepare(request)
        await resp.write(head)
        tail = await upstream.relay_rest(up, head, resp.write)
        await resp.write_eof()
    except ConnectionError:  # the client left: nothing more to send
        ex.client_disconnected = True
        return resp
    except UpstreamFailed:  # the answer broke off after it started: the client's body ends short
        ex.error = "upstream_stream_broken"
        return resp
    _usage_from_tail(ex, adapter, tail)
    return resp


def _usage_from_tail(ex: Exchange, adapter: ProviderAdapter, tail: bytes) -> None:
    if up_usage := upstream.usage_from_tail(tail):
        ex.usage = merge_usage(None, adapter.usage_from_body(ex.kind, up_usage))


async def _guard_output(guard: Guard, policy: Policy, ex: Exchange, adapter: ProviderAdapter,
                        body: dict[str, Any], verdict: InputVerdict | None) -> bool:
    """Restore placeholders and screen a whole answer; True when the body changed. Deny by default:
    besides the texts the adapter knows, every other string and object key of the body is screened
    (`answer_sweep`); logprobs are trimmed to the text the client gets, whatever the findings."""
    logprobs = adapter.response_logprobs(ex.kind, body)
    rules = has_rules(policy.output)
    if rules:
        for lp in logprobs:  # rebuilt from their known fields, not relayed (`LogprobSlot.rebuild`)
            lp.rebuild()
    dropped = rules and not policy.monitor and drop_loose_data(ex.kind, body)  # `details24`
    known = adapter.response_texts(ex.kind, body)
    swept = answer_sweep(body, known, skip=[id(lp.container[lp.key]) for lp in logprobs], screen=rules)
    if not rules:  # restore only: an id or a name is never restored into, and no check would read it
        known, swept = [s for s in known if s.prose], [s for s in swept if s.prose]
    slots = known + swept
    changed = bool(logprobs) or dropped
    if slots:
        with answered_calls(ex.kind, body):  # its calls' values read with their names (tool26)
            out = await _timed(ex, screen_answer(guard, policy, slots, verdict))
        ex.checks.extend(out.records)
        ex.decision = stronger(ex.decision, out.decision)
        changed = changed or bool(out.blocked) or any(t is not None for t in out.texts)
        if out.blocked:
            _withhold_after(slots, out.blocked)
            withhold_swept(swept)  # fields the adapter does not know (keys, numbers): none of them outlives a block
        _drop_spoken(known, out.texts, out.blocked)
    if (policy.output.patterns and _names_block(policy, ex, body)) or await _tox_names_block(guard, policy, ex, body):
        # A rule matched an id or a name of the answer (`"model": "project-falcon"`): it cannot be redacted, so
        # the answer is blocked whole (every choice ends, every text and swept field withheld), whether or not a
        # text was blocked too (the same value in the text or in an unknown field: the name still goes).
        for slot in known:
            if slot.get():
                slot.set("")
        if not (slots and out.blocked):  # else withheld already (its keys are gone)
            withhold_swept(swept)
        adapter.block_body(ex.kind, body, set())
        return True
    _trim_logprobs(logprobs, {slot.channel: slot.get() for slot in known}, blank=rules)
    if slots and out.blocked:
        channels = {slots[i].channel for i in out.blocked}
        # A block outside the choices (a field of the body itself) ends every choice.
        adapter.block_body(ex.kind, body, set() if any(c.startswith("field:") for c in channels) else channels)
    return changed


async def _tox_names_block(guard: Guard, policy: Policy, ex: Exchange, body: Any) -> bool:
    """The output toxicity rule on an answer's names that spell abuse (`you_stupid_idiot` as a tool call's name:
    tox42, atk42 F06); True when the answer is to be blocked (as `_names_block`)."""
    if policy.output.toxicity is None or not (names := answer_names(body)):
        return False
    block, records = await tox_answer_names(guard, policy, [c[k] for c, k in names])
    ex.checks.extend(records)
    if block:
        ex.decision = Decision.BLOCK
        for container, key in names:
            if name_reading(container[key]) is not None:
                container[key] = ""
    return block


def _names_block(policy: Policy, ex: Exchange, body: Any) -> bool:
    """`patterns:` output rules on an answer's ids and names (`answers.answer_names`, `proxy.guard.fixed`):
    recorded; True when the answer is to be blocked. The ids and names a blocking rule matched are emptied
    (the blocked answer does not carry them either); monitor mode records `would_block` and changes nothing."""
    names = answer_names(body)
    if not names:
        return False
    findings, action, matched = name_findings(policy.output.patterns, [c[k] for c, k in names])
    if not findings:
        return False
    ex.checks.append(name_record("output", findings, action, policy.monitor))
    if policy.monitor:
        ex.decision = stronger(ex.decision, Decision.FLAG)
        return False
    if action != "block":
        ex.decision = stronger(ex.decision, Decision.FLAG)
        return False
    ex.decision = Decision.BLOCK
    for container, key in names:
        if container[key][:MAX_NAME] in matched:
            container[key] = ""
    return True


def _drop_spoken(slots: list[TextSlot], texts: Sequence[str | None], blocked: list[int]) -> None:
    """An audio answer whose transcript was blocked or redacted: the audio (the same words, spoken) goes."""
    for i, slot in enumerate(slots):
        if isinstance(slot.key, str) and slot.key == "transcript" and (i in blocked or texts[i] is not None):
            container = slot.container
            if isinstance(container, dict) and container.get("data") is not None:
                container["data"] = ""


def _withhold_after(slots: list[TextSlot], blocked: list[int]) -> None:
    """As on a stream, nothing after the violating text reaches the client: every later text of the
    answer (of the same choice, where a body holds several) is withheld too. A block in a field of the body
    itself (outside the choices) ends every choice: every text of the answer is withheld."""
    if any(slots[i].channel.startswith("field:") for i in blocked):
        for slot in slots:
            if slot.get() and not isinstance(slot, TreeSlot):
                slot.set("")
        return
    first: dict[str, int] = {}
    for i in blocked:
        unit = _unit(slots[i].channel)
        first[unit] = min(first.get(unit, i), i)
    for i, slot in enumerate(slots):
        start = first.get(_unit(slot.channel))
        if start is not None and i > start and slot.get() and not isinstance(slot, TreeSlot):
            slot.set("")


def _unit(channel: str) -> str:
    """`choice:N` for a choice's texts (choices are independent answers), else the whole body."""
    return ":".join(channel.split(":", 2)[:2]) if channel.startswith("choice:") else ""


def _trim_logprobs(logprobs: list[LogprobSlot], texts: Mapping[str, str], *, blank: bool) -> None:
    """Logprobs spell only what the client sees, whatever the findings: each channel's entries up to
    its first redacted, restored or withheld token, their alternatives dropped (see
    `proxy.providers.answers.keep_prefix`; with output rules, `blank`); entries of a text the adapter
    does not know go."""
    for lp in logprobs:
        lp.set(keep_prefix(lp.get(), texts.get(lp.channel, ""), blank))


UNREADABLE = "the provider's answer could not be read, so the guardrail's output rules could not screen it"
AFTER_END = "the provider's stream went on after its answer ended, so the guardrail stopped it there"


def _failed(exc: UpstreamFailed, ex: Exchange, policy: Policy | None) -> ProxyError:
    """The client's error for a provider that failed. One that answered with a body its `Content-Encoding` does
    not decode (`upstream.UpstreamFailed`, `upstream_unreadable`: `br` on plain JSON) is an unreadable answer:
    with output rules recorded as the others are (`check: readable`, `unreadable_body`; monitor: flagged). Nothing
    of it can be passed on, so the client gets the 502 in every mode."""
    if exc.code != "upstream_unreadable":
        return ProxyError(exc.code, exc.message)
    if policy is not None and has_rules(policy.output):
        _note_unreadable(ex, policy, "unreadable_body")
    return ProxyError("upstream_unreadable", UNREADABLE if policy is not None and has_rules(policy.output)
                      else exc.message)


def _note_unreadable(ex: Exchange, policy: Policy, what: str, count: int = 1) -> None:
    """Record an answer (or stream events) the output rules could not screen."""
    ex.checks.append({"phase": "output", "check": "readable", "action": "flag" if policy.monitor else "block",
                      "findings": {what: count}})
    if policy.monitor:
        ex.decision = stronger(ex.decision, Decision.FLAG)
    else:
        ex.decision = Decision.BLOCK


async def _stream_answer(request: web.Request, ex: Exchange, adapter: ProviderAdapter, up: aiohttp.ClientResponse,
                         guard: Guard | None, policy: Policy | None, verdict: InputVerdict | None,
                         hide_usage: bool) -> web.StreamResponse:
    """A streamed answer, relayed event by event; through the output windows when the policy needs it.
    When they block, the stream ends the provider's way, with the usage so far."""
    meter = StreamUsage(adapter, ex.kind, hide=adapter.is_usage_only_chunk if hide_usage else None)
    windows = guard.output_stream(policy, verdict.vault if verdict else None) if guard and policy else None
    # Output rules: the answer may still be blocked, and an event the proxy cannot read fails closed.
    fail_closed = windows is not None and policy is not None and has_rules(policy.output)
    monitor = policy is not None and policy.monitor
    # Monitor mode: the client gets the provider's bytes, and the rewriter reads a copy for the record only
    # (`Pump`): it reads it as an enforcing stream is read (its windows, in monitor mode, only record), so
    # the record finds what enforce would; where enforce would stop (an unreadable event), the copy stops.
    rewriter = (StreamRewriter(ex.kind, adapter, windows, fail_closed=fail_closed) if windows is not None else None)
    if rewriter is not None:
        rewriter.meta.asked_model = ex.model  # an ending before any chunk went out keeps only this model (`sent_head`)

    def ending() -> list[bytes]:
        ex.decision = Decision.BLOCK
        assert rewriter is not None
        if rewriter.unreadable:
            ex.error = "upstream_unreadable"
        meter.apply_to(ex)
        assert ex.usage is not None  # apply_to always sets usage for a cut stream
        if rewriter.unreadable:
            return adapter.stream_error(ex.kind, rewriter.meta, "upstream_unreadable",
                                        AFTER_END if rewriter.after_end else UNREADABLE)
        return adapter.stream_ending(ex.kind, rewriter.meta, ex.usage, send_usage=not hide_usage,
                                     released=rewriter.released)

    def failure() -> web.StreamResponse:
        # Unreadable before anything went out: a 502 in the provider's format. Only an enforcing stream fails
        # closed so: its header says `block`, as the record will (`_note_unreadable`), never the `allow` of
        # before the answer (atk9 A-M1).
        ex.decision = Decision.BLOCK
        return refuse(ProxyError("upstream_unreadable", UNREADABLE), ex, adapter)

    def undecodable() -> web.StreamResponse:
        # Its body does not decode as its `Content-Encoding` says: nothing of it can be passed on, in every
        # mode, as for a plain answer (`_failed`); the provider answered, so its bound is charged.
        if ex.hold is not None:
            ex.hold.lost = True
        return refuse(_failed(UpstreamFailed("upstream_unreadable", UNDECODABLE), ex,
                              policy if guard is not None else None), ex, adapter)

    relay = Relay(Pump(meter, rewriter, ending, monitor=monitor), failure if fail_closed and not monitor else None,
                  undecodable)
    headers = upstream.response_headers(up.headers, ex.model, _header_rules(policy))
    headers.setdefault("Content-Type", "text/event-stream")  # a label kept back: what the proxy read
    headers.update(ex.headers())
    if fail_closed:
        headers["x-guardrail-decision"] = PENDING  # not known before the last event: see the record
    t0 = time.perf_counter()
    try:
        return await relay.run(request, up, headers)
    finally:
        ex.upstream_ms = (ex.upstream_ms or 0.0) + (time.perf_counter() - t0) * 1000
        if relay.end in (End.NOT_STARTED, End.CLIENT_GONE):
            # The partial output is billed; the provider read the whole prompt even when the client
            # left before the answer began (its headers had come: the request was running).
            ex.client_disconnected = True
        elif relay.end is End.UPSTREAM_BROKEN:
            ex.error = "upstream_stream_broken"
        elif relay.end is End.UNREADABLE and ex.error is None:  # broken off after its first bytes went out
            ex.error = "upstream_unreadable"
            if ex.hold is not None:
                ex.hold.lost = True
            if guard is not None and policy is not None and has_rules(policy.output):
                _note_unreadable(ex, policy, "unreadable_body")
        if relay.end is not End.UNREADABLE:  # an undecodable body says nothing of what was billed: the bound
            meter.apply_to(ex)
        if windows is not None:
            ex.checks.extend(windows.records())
            ex.decision = stronger(ex.decision, windows.decision)
        if rewriter is not None and rewriter.unreadable_seen and policy is not None:
            # `empty`: no event of an answer at all (only comments, pings, `[DONE]`, or nothing)
            what = "empty_stream" if rewriter.empty else "text_after_end" if rewriter.after_end else "unreadable_event"
            _note_unreadable(ex, policy, what, rewriter.unreadable_seen)


# ------------------------------------------------------------------------------------------ the end

def refuse(err: ProxyError, ex: Exchange, adapter: ProviderAdapter) -> web.Response:
    """The error answer, in the provider's format, with the `x-guardrail-*` headers."""
    ex.status = err.status
    ex.error = err.code
    # an answer the proxy could not read: its `readable` check decides (`_note_unreadable`; monitor: flag)
    if err.code not in ("upstream_unreachable", "upstream_timeout", "upstream_unreadable"):
        ex.decision = Decision.BLOCK
    return err.response(adapter, ex.headers())


def complete(svc: Services, ex: Exchange) -> None:
    """The request is answered: settle its budget (off the answer's path when there is one), then record."""
    hold = ex.hold
    if hold is None or hold.reservation is None:
        # Nothing reserved (no cap applies, or the store is down and on_store_error allows): price it now,
        # queue the spend for the next batched write, and record without waiting for the store.
        if hold is not None and ex.upstream_status is not None and 200 <= ex.upstream_status < 300:
            record_unreserved(svc.recorder, hold, ex)
        record(svc, ex)
        return
    svc.spawn(_settle_and_record(svc, ex))


async def _settle_and_record(svc: Services, ex: Exchange) -> None:
    try:
        # Settled: an answer (usage, else its bound), or a request the provider may have run and whose
        # answer was lost (timeout, broken connection: its bound). Released: the provider answered an
        # error (it bills none), or the request provably never reached it (connection refused, DNS).
        lost = ex.hold is not None and ex.hold.lost
        if lost or (ex.upstream_status is not None and 200 <= ex.upstream_status < 300):
            alerts = await settle_for(ex.hold, ex, late_alerts=lambda late: _write_alerts(svc, ex, late))
            _write_alerts(svc, ex, alerts)
        else:
            await release_for(ex.hold)
    finally:
        record(svc, ex)


def _write_alerts(svc: Services, ex: Exchange, alerts: tuple[Alert, ...]) -> None:
    """One `budget_alert` record per threshold crossed (also when a retried settle crosses it later)."""
    for alert in alerts:
        svc.decisions.write({"type": "budget_alert", "ts": ex.ts, "request_id": ex.request_id, **alert.as_record()})


def record(svc: Services, ex: Exchange) -> None:
    """Metrics, then one decision record (after any budget alerts the request caused)."""
    if ex.prompt is not None and "lang" in ex.prompt:  # `decision_log.language`: a detection to wait for
        settle_language(ex.prompt)
    svc.metrics.observe(ex, time.perf_counter() - ex.started)
    svc.decisions.write(ex.record())
