"""The `/_mock/*` control routes."""

from __future__ import annotations

import aiohttp

from tests.mock.samples import USER

# --------------------------------------------------------------------------- control routes


async def test_control_routes(mock, oai):
    state, base = mock
    async with aiohttp.ClientSession() as session:
        async with session.post(base + "/_mock/script", json={"scripts": [{"text": "one"}, {"text": "two"}]}) as r:
            assert r.status == 200 and (await r.json())["queued"] == 2
        async with session.post(base + "/_mock/script", json={"txet": "typo"}) as r:
            assert r.status == 400
        assert (await oai.chat.completions.create(model="m", messages=USER)).choices[0].message.content == "one"
        async with session.get(base + "/_mock/requests") as r:
            listed = await r.json()
        assert [(x["method"], x["path"]) for x in listed] == [("POST", "/v1/chat/completions")]
        assert listed[0]["body"]["messages"] == USER and "authorization" in listed[0]["headers"]
        bad_tool = {"tool_calls": [{"name": "f", "arguments": "[1, 2]"}]}
        async with session.post(base + "/_mock/script", json=bad_tool) as r:
            assert r.status == 400
        async with session.post(base + "/_mock/config", json={"latency_ms": 3, "chunk_chars": 4}) as r:
            assert (await r.json())["chunk_chars"] == 4
        assert (state.latency_ms, state.chunk_chars) == (3.0, 4)
        assert [x.text for x in state.scripts] == ["two"]
        async with session.post(base + "/_mock/reset") as r:
            assert r.status == 200
    assert state.requests == [] and len(state.scripts) == 0
