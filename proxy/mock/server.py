"""The mock provider app: every route wrapped to record, validate and follow its script; and a runner.

`create_mock_app` backs `guardrail-proxy demo` and the tests; `run_mock_upstream` serves it for
`guardrail-proxy mock-upstream`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from proxy.mock import anthropic, control, openai, openai_responses
from proxy.mock.encoding import JSON
from proxy.mock.state import DEFAULT_SCRIPT, MOCK_STATE, MockState, RecordedRequest
from proxy.mock.turn import Turn, plan
from proxy.mock.wire import ANTHROPIC, OPENAI, error, raw_sse

Builder = Callable[[web.Request, JSON, Turn], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _problem(body: Any, required: tuple[str, ...], fmt: str) -> tuple[str, str | None] | None:
    if not isinstance(body, dict):
        return "the request body must be a JSON object", None
    for name in required:
        if name not in body:
            return (f"{name}: Field required" if fmt == ANTHROPIC else f"Missing required parameter: '{name}'."), name
    if "messages" in required and not isinstance(body["messages"], list):
        return "'messages' must be an array", "messages"
    return None


def _endpoint(fmt: str, required: tuple[str, ...], build: Builder, has_body: bool = True,
              check: Callable[[Any], tuple[str, str | None] | None] | None = None) -> Handler:
    """Wrap a builder: record, validate (`check`: the route's own, as the provider's), consume a script, wait, then
    answer or fail as scripted."""

    async def handler(request: web.Request) -> web.StreamResponse:
        state = request.app[MOCK_STATE]
        raw = await request.read() if has_body else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if state.record:
            headers = {k.lower(): v for k, v in request.headers.items()}
            state.add_request(RecordedRequest(request.method, request.path, headers, body, raw,
                                              request.rel_url.raw_query_string))
        if has_body:
            problem = _problem(body, required, fmt)
            if problem is None and check is not None:
                problem = check(body)
            if problem is not None:
                return error(fmt, 400, problem[0], problem[1])
        script = state.scripts.popleft() if state.scripts else DEFAULT_SCRIPT
        latency = script.latency_ms if script.latency_ms is not None else state.latency_ms
        if latency > 0:
            await asyncio.sleep(latency / 1000)
        if script.raw_body is not None:  # verbatim, whatever it is (an unreadable answer, a redirect, say)
            resp = web.Response(body=script.raw_body.encode(), status=script.status or 200,
                                headers={"Content-Type": script.content_type or "application/json"})
            resp.headers.update(script.headers or {})
            return resp
        if script.status is not None:
            return error(fmt, script.status, f"mock error {script.status}", None, script.error_body,
                         script.headers)
        if script.raw_sse is not None:
            return await raw_sse(request, script, script.chunk_chars or state.chunk_chars)
        payload = body if isinstance(body, dict) else {}
        return await build(request, payload, plan(state, script, payload))

    return handler


def create_mock_app(state: MockState | None = None, *, latency_ms: float = 0.0) -> web.Application:
    """The mock provider app; `state` (or a new one with `latency_ms`) is at `app[MOCK_STATE]`."""
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[MOCK_STATE] = state if state is not None else MockState(latency_ms=latency_ms)
    add = app.router.add_post
    add("/v1/chat/completions", _endpoint(OPENAI, ("model", "messages"), openai.chat_completions))
    add("/v1/completions", _endpoint(OPENAI, ("model", "prompt"), openai.completions))
    add("/v1/embeddings", _endpoint(OPENAI, ("model", "input"), openai.embeddings))
    app.router.add_get("/v1/models", _endpoint(OPENAI, (), openai.models, has_body=False))
    add("/v1/responses", _endpoint(OPENAI, ("model",), openai_responses.responses))
    add("/v1/messages", _endpoint(ANTHROPIC, ("model", "messages"), anthropic.messages,
                                  check=anthropic.signature_problem))
    add("/v1/messages/count_tokens", _endpoint(ANTHROPIC, ("model", "messages"), anthropic.count_message_tokens))
    # Azure OpenAI's deployment paths (`?api-version=...`, key in `api-key`): the same answers.
    add("/openai/deployments/{deployment}/chat/completions", _endpoint(OPENAI, ("messages",), openai.chat_completions))
    add("/openai/deployments/{deployment}/completions", _endpoint(OPENAI, ("prompt",), openai.completions))
    add("/openai/deployments/{deployment}/embeddings", _endpoint(OPENAI, ("input",), openai.embeddings))
    add("/_mock/script", control.queue_scripts)
    app.router.add_get("/_mock/requests", control.list_requests)
    add("/_mock/reset", control.reset)
    add("/_mock/config", control.configure)
    return app


def run_mock_upstream(host: str, port: int, latency_ms: float = 0.0) -> None:
    """Serve the mock provider until interrupted (uvloop when available)."""
    loop: asyncio.AbstractEventLoop | None = None
    try:
        import uvloop

        loop = uvloop.new_event_loop()
    except ImportError:
        pass
    app = create_mock_app(latency_ms=latency_ms)
    print(f"mock upstream: OpenAI base_url=http://{host}:{port}/v1  Anthropic base_url=http://{host}:{port}  "
          f"Azure azure_endpoint=http://{host}:{port}", flush=True)
    web.run_app(app, host=host, port=port, access_log=None, print=None, loop=loop)
