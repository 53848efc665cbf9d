"""The mock's state: the record switch and the cap on recorded requests."""

from __future__ import annotations

from proxy.mock.server import create_mock_app
from proxy.mock.state import MOCK_STATE
from tests.mock.samples import USER

# --------------------------------------------------------------------------- recording


async def test_record_off_and_cap(aiohttp_client):
    app = create_mock_app(latency_ms=0)
    client = await aiohttp_client(app)
    state = app[MOCK_STATE]
    state.max_requests = 3
    for i in range(5):
        resp = await client.post("/v1/messages", json={"model": "m", "messages": [{"role": "user", "content": str(i)}]})
        assert (await resp.json())["content"][0]["text"] == f"You said: {i}"
    assert [r.body["messages"][0]["content"] for r in state.requests] == ["2", "3", "4"]
    state.record = False
    await client.post("/v1/messages", json={"model": "m", "messages": USER})
    assert len(state.requests) == 3
