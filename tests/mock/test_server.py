"""The wrapper around every route: validation, recording, latency."""

from __future__ import annotations

import json

import aiohttp

from proxy.mock.state import MockState, Script
from tests.mock.samples import USER

# --------------------------------------------------------------------------- validation and latency


async def test_validation_errors(mock):
    state, base = mock
    state.add_script(Script(text="kept"))
    async with aiohttp.ClientSession() as session:
        async with session.post(base + "/v1/chat/completions", json={"model": "m"}) as resp:
            assert resp.status == 400
            error = (await resp.json())["error"]
            assert error["type"] == "invalid_request_error" and error["param"] == "messages"
        async with session.post(base + "/v1/messages", json={"messages": USER}) as resp:
            assert resp.status == 400
            body = await resp.json()
            assert body["type"] == "error" and body["error"]["type"] == "invalid_request_error"
        async with session.post(base + "/v1/responses", data=b"{not json") as resp:
            assert resp.status == 400
        async with session.post(base + "/v1/chat/completions", json={"model": "m", "messages": USER,
                                                                     "unknown": {"x": 1}}) as resp:
            assert resp.status == 200
            assert (await resp.json())["choices"][0]["message"]["content"] == "kept"


async def test_latency_and_chunk_delay(oai, mock):
    import time

    mock[0].latency_ms = 50
    mock[0].add_script(Script(chunk_delay_ms=10))
    start = time.perf_counter()
    stream = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER, stream=True)
    chunks = [c async for c in stream]
    elapsed = time.perf_counter() - start
    assert elapsed >= 0.05 + 0.01 * (len(chunks) - 1) * 0.9


# --------------------------------------------------------------------------- recording


async def test_records_bodies_and_headers(oai, ant, mock):
    state: MockState = mock[0]
    await oai.chat.completions.create(model="gpt-4o-mini", messages=USER, extra_body={"custom_field": 1})
    await ant.messages.create(model="claude-3-5-haiku-latest", max_tokens=5, messages=USER)
    first, second = state.requests
    assert (first.method, first.path) == ("POST", "/v1/chat/completions")
    assert first.body == {"model": "gpt-4o-mini", "messages": USER, "custom_field": 1}
    assert first.headers["authorization"] == "Bearer sk-test"
    assert json.loads(first.raw) == first.body
    assert second.path == "/v1/messages"
    # anthropic>=2 sends the key as `Authorization: Bearer`; older SDKs as `x-api-key`.
    assert "sk-ant-test" in (second.headers.get("x-api-key"), second.headers.get("authorization", "")[7:])
    assert "anthropic-version" in second.headers
