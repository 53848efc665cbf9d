"""Recorded provider streams (from the official SDKs' test suites) replayed through the proxy.

The mock serves each recording verbatim in 7-byte writes, so event boundaries fall anywhere; the
client must receive exactly the recorded bytes (less the usage chunk it did not ask for). The proxy
runs a policy with no output checks here: output guarding re-chunks text by design (it holds back
what it has not screened), which tests/stream/test_channels.py covers on the same recordings.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
import anthropic
import openai
import pytest

from tests.conftest import Mock, Proxy
from tests.support.fixtures import FIXTURES, needs_fixtures

WIRE = FIXTURES / "wire"
needs_wire = needs_fixtures("wire")  # skips locally when missing, fails under CI
OPENAI_SSE = sorted((WIRE / "openai-python" / "chat_stream_recordings").glob("*.sse"))
ANTHROPIC_SSE = sorted((WIRE / "anthropic-sdk-python" / "streaming_fixtures").glob("*.txt"))


def _recorded_anthropic_streams() -> list[tuple[str, str]]:
    out = []
    for path in sorted((WIRE / "anthropic-sdk-python" / "recorded_http").glob("*.json")):
        for i, exchange in enumerate(json.loads(path.read_text())):
            resp = exchange["response"]
            if resp["status_code"] == 200 and resp["headers"].get("content-type", "").startswith("text/event-stream"):
                out.append((f"{path.stem[:40]}#{i}", resp["body"]))
    return out


ANTHROPIC_RECORDED = _recorded_anthropic_streams()


def _stream_through(url: str, path: str, body: dict) -> tuple[int, bytes]:
    async def go() -> tuple[int, bytes]:
        async with aiohttp.ClientSession() as s, s.post(f"{url}{path}", json=body) as r:
            return r.status, await r.read()
    return asyncio.run(go())


def _without_usage_chunks(raw: str) -> str:
    events = [e for e in raw.split("\n\n") if e]
    kept = []
    for e in events:
        data = e.removeprefix("data: ")
        if data != "[DONE]":
            obj = json.loads(data)
            if obj.get("choices") == [] and obj.get("usage"):
                continue
        kept.append(e)
    return "\n\n".join(kept) + "\n\n"


@needs_wire
@pytest.mark.parametrize("path", OPENAI_SSE, ids=lambda p: p.name[:12])
@pytest.mark.parametrize("client_asked_usage", [True, False])
def test_openai_recording_is_relayed_byte_for_byte(mock: Mock, plain_proxy: Proxy, path: Path,
                                                   client_asked_usage: bool) -> None:
    recorded = path.read_text()
    mock.script(raw_sse=recorded, chunk_chars=7)
    body: dict = {"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}], "stream": True}
    if client_asked_usage:
        body["stream_options"] = {"include_usage": True}
    status, got = _stream_through(plain_proxy.url, "/v1/chat/completions", body)
    assert status == 200
    expected = recorded if client_asked_usage else _without_usage_chunks(recorded)
    assert got.decode() == expected


@needs_wire
@pytest.mark.parametrize("path", ANTHROPIC_SSE, ids=lambda p: p.stem)
def test_anthropic_fixture_is_relayed_byte_for_byte(mock: Mock, plain_proxy: Proxy, path: Path) -> None:
    recorded = path.read_text()
    mock.script(raw_sse=recorded, chunk_chars=7)
    status, got = _stream_through(plain_proxy.url, "/v1/messages", {
        "model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [{"role": "user", "content": "x"}],
        "stream": True})
    assert status == 200
    assert got.decode() == recorded


@needs_wire
@pytest.mark.parametrize(("name", "recorded"), ANTHROPIC_RECORDED, ids=[n for n, _ in ANTHROPIC_RECORDED])
def test_anthropic_recorded_http_stream_via_sdk_matches_direct(mock: Mock, plain_proxy: Proxy, name: str,
                                                               recorded: str) -> None:
    def final(url: str) -> dict:
        mock.script(raw_sse=recorded, chunk_chars=11)
        client = anthropic.Anthropic(base_url=url, api_key="sk-ant", max_retries=0)
        with client.messages.stream(model="claude-sonnet-4-5", max_tokens=100,
                                    messages=[{"role": "user", "content": "x"}]) as s:
            return s.get_final_message().model_dump()

    via, direct = final(plain_proxy.url), final(mock.url)
    assert via == direct
    assert via["usage"]["output_tokens"] > 0


@needs_wire
@pytest.mark.parametrize("path", OPENAI_SSE, ids=lambda p: p.name[:12])
def test_openai_recording_via_sdk_matches_direct(mock: Mock, plain_proxy: Proxy, path: Path) -> None:
    recorded = path.read_text()

    def chunks(url: str) -> list[dict]:
        mock.script(raw_sse=recorded, chunk_chars=13)
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="sk", max_retries=0)
        return [c.model_dump() for c in client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "x"}], stream=True,
            stream_options={"include_usage": True})]

    via, direct = chunks(plain_proxy.url), chunks(mock.url)
    assert via == direct and len(via) > 2
