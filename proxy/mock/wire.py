"""Writing answers: JSON bodies, SSE streams (paced, cut or replayed verbatim), provider-shaped errors, ids."""

from __future__ import annotations

import asyncio
import itertools

import aiohttp
from aiohttp import web

from proxy.mock.encoding import JSON, dumps
from proxy.mock.state import MOCK_STATE, Script
from proxy.mock.turn import Turn

OPENAI, ANTHROPIC = "openai", "anthropic"  # the two error shapes (and validation messages)

_ids = itertools.count(1)  # one counter for every kind of id, so no two ids of a run are equal


def new_id(prefix: str) -> str:
    """A fresh id in the providers' style (`chatcmpl-…`, `msg_…`, `call_…`)."""
    return f"{prefix}mock{next(_ids):020d}"


def json_response(obj: object, turn: Turn | None = None, status: int = 200) -> web.Response:
    """A compact JSON body, with the scripted extra headers when answering a turn."""
    return web.Response(
        body=dumps(obj).encode(), status=status, content_type="application/json",
        headers=turn.headers if turn else None,
    )


async def sse(request: web.Request, turn: Turn, events: list[str]) -> web.StreamResponse:
    """Send the stream's events: in one write, or paced / cut as scripted (outcome recorded on the state)."""
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    if turn.headers:
        resp.headers.update(turn.headers)
    await resp.prepare(request)
    cut, delay = turn.disconnect_after, turn.chunk_delay
    if cut is None and not delay:
        await resp.write("".join(events).encode())
        await resp.write_eof()
        return resp
    outcomes = request.app[MOCK_STATE].stream_outcomes
    try:
        for i, event in enumerate(events):
            if cut is not None and i >= cut:
                outcomes.append("cut")
                if request.transport is not None:
                    request.transport.close()  # no terminating chunk: the client sees a broken stream
                return resp
            if delay and i:
                await asyncio.sleep(delay)
            await resp.write(event.encode())
        await resp.write_eof()
    except (ConnectionResetError, aiohttp.ClientConnectionResetError):
        outcomes.append("client_gone")
        return resp
    outcomes.append("completed")
    return resp


async def raw_sse(request: web.Request, script: Script, chunk_chars: int) -> web.StreamResponse:
    """Replay recorded SSE bytes verbatim, in `chunk_chars`-sized writes so event boundaries fall anywhere."""
    assert script.raw_sse is not None
    data = script.raw_sse.encode()
    resp = web.StreamResponse(headers={"Content-Type": script.content_type or "text/event-stream",
                                       "Cache-Control": "no-cache", **(script.headers or {})})
    await resp.prepare(request)
    for i in range(0, len(data), chunk_chars):
        await resp.write(data[i:i + chunk_chars])
        if script.chunk_delay_ms:
            await asyncio.sleep(script.chunk_delay_ms / 1000)
    await resp.write_eof()
    return resp


_OPENAI_ERROR_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 403: "permission_error",
                       404: "invalid_request_error", 429: "rate_limit_exceeded"}
_ANTHROPIC_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                          404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error",
                          529: "overloaded_error"}


def error(fmt: str, status: int, message: str, param: str | None = None,
          body: JSON | None = None, headers: dict[str, str] | None = None) -> web.Response:
    """An error in `fmt`'s shape (OPENAI or ANTHROPIC), or the scripted `body` as it is."""
    if body is None:
        if fmt == ANTHROPIC:
            kind = _ANTHROPIC_ERROR_TYPES.get(status, "api_error")
            body = {"type": "error", "error": {"type": kind, "message": message}}
        else:
            kind = _OPENAI_ERROR_TYPES.get(status, "server_error")
            body = {"error": {"message": message, "type": kind, "param": param, "code": None}}
    resp = web.Response(body=dumps(body).encode(), status=status, content_type="application/json")
    if headers:
        resp.headers.update(headers)
    return resp
