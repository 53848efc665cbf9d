"""The official anthropic SDK, pointed at the proxy, gets what it gets from the provider directly."""

from __future__ import annotations

import anthropic
import pytest

from tests.conftest import Mock, Proxy

MSGS = [{"role": "user", "content": "What is the capital of France?"}]


def clients(url: str) -> tuple[anthropic.Anthropic, anthropic.AsyncAnthropic]:
    return (anthropic.Anthropic(base_url=url, api_key="sk-ant-client", max_retries=0),
            anthropic.AsyncAnthropic(base_url=url, api_key="sk-ant-client", max_retries=0))


def test_messages_match_direct(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    direct, _ = clients(mock.url)
    raw = via.messages.with_raw_response.create(model="claude-3-5-haiku-latest", max_tokens=100, messages=MSGS,
                                                system="Be brief.")
    got = raw.parse()
    want = direct.messages.create(model="claude-3-5-haiku-latest", max_tokens=100, messages=MSGS, system="Be brief.")
    assert got.content[0].text == want.content[0].text == "You said: What is the capital of France?"
    assert got.usage.model_dump() == want.usage.model_dump()
    assert got.stop_reason == "end_turn"
    assert raw.headers["x-guardrail-decision"] == "allow"
    sent = mock.state.requests[0].headers  # the request that came through the proxy
    assert sent.get("x-api-key") == "sk-ant-client" or sent.get("authorization") == "Bearer sk-ant-client"
    assert "anthropic-version" in mock.last_headers


async def test_messages_stream_async(mock: Mock, proxy: Proxy) -> None:
    _, via = clients(proxy.url)
    async with via.messages.stream(model="claude-3-5-haiku-latest", max_tokens=100, messages=MSGS) as s:
        text = "".join([t async for t in s.text_stream])
        final = await s.get_final_message()
        request_id = s.response.headers["x-guardrail-request-id"]
    assert text == final.content[0].text == "You said: What is the capital of France?"
    rec = proxy.record_for(request_id)
    assert rec["route"] == "/v1/messages" and rec["stream"] is True
    assert rec["usage"] == {"input_tokens": final.usage.input_tokens, "output_tokens": final.usage.output_tokens}
    assert final.usage.output_tokens > 1


def test_messages_stream_sync_tool_use(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    mock.script(tool_calls=[{"name": "get_weather", "arguments": {"city": "Paris"}}])
    tools = [{"name": "get_weather", "description": "weather", "input_schema": {"type": "object"}}]
    with via.messages.stream(model="claude-3-5-haiku-latest", max_tokens=100, messages=MSGS, tools=tools) as s:
        final = s.get_final_message()
    uses = [b for b in final.content if b.type == "tool_use"]
    assert final.stop_reason == "tool_use" and uses[0].name == "get_weather" and uses[0].input == {"city": "Paris"}


def test_tool_result_round_trip(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    msgs = [*MSGS,
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "w", "input": {"c": 1}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"}]}]
    r = via.messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=msgs)
    assert r.content[0].type == "text"
    assert mock.last_body["messages"] == msgs


def test_count_tokens_matches_direct(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    direct, _ = clients(mock.url)
    a = via.messages.count_tokens(model="claude-3-5-haiku-latest", messages=MSGS)
    b = direct.messages.count_tokens(model="claude-3-5-haiku-latest", messages=MSGS)
    assert a.input_tokens == b.input_tokens > 0


def test_upstream_error_passes_through(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    mock.script(status=529, error_body=body)
    with pytest.raises(anthropic.APIStatusError) as exc:
        via.messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=MSGS)
    assert exc.value.status_code == 529
    assert exc.value.body == body
