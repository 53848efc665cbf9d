"""The `/_mock/*` control routes: queue scripts, list recorded requests, reset, change the knobs.

They do over HTTP what tests do on `MockState` directly, for a mock running in another process
(`guardrail-proxy mock-upstream`, the benchmarks).
"""

from __future__ import annotations

from aiohttp import web

from proxy.mock.state import MOCK_STATE, Script
from proxy.mock.wire import json_response

_KNOBS = ("latency_ms", "record", "chunk_chars", "max_requests")  # what POST /_mock/config may set


async def queue_scripts(request: web.Request) -> web.Response:
    """POST /_mock/script: one script, or {"scripts": [...]}; all are checked before any is queued."""
    try:
        data = await request.json()
        items = data["scripts"] if isinstance(data, dict) and "scripts" in data else [data]
        scripts = [Script.from_json(item) for item in items]
    except (ValueError, TypeError) as exc:
        return json_response({"error": {"message": str(exc)}}, status=400)
    request.app[MOCK_STATE].scripts.extend(scripts)
    return json_response({"queued": len(request.app[MOCK_STATE].scripts)})


async def list_requests(request: web.Request) -> web.Response:
    """GET /_mock/requests: the recorded requests, oldest first."""
    return json_response([r.to_json() for r in request.app[MOCK_STATE].requests])


async def reset(request: web.Request) -> web.Response:
    """POST /_mock/reset: forget recorded requests, queued scripts and stream outcomes."""
    request.app[MOCK_STATE].reset()
    return json_response({"ok": True})


async def configure(request: web.Request) -> web.Response:
    """POST /_mock/config: set any of the knobs (converted to their current types); answers them all."""
    state = request.app[MOCK_STATE]
    try:
        data = await request.json() if request.can_read_body else {}
        if not isinstance(data, dict):
            raise ValueError("the config must be a JSON object")
        for key in _KNOBS:
            if key in data:
                setattr(state, key, type(getattr(state, key))(data[key]))
    except (ValueError, TypeError) as exc:
        return json_response({"error": {"message": str(exc)}}, status=400)
    return json_response({k: getattr(state, k) for k in _KNOBS})
