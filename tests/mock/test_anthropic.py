"""The mock's Anthropic routes (messages, count_tokens), driven by the official SDK."""

from __future__ import annotations

import json

import aiohttp
import anthropic
import pytest

from proxy.mock.anthropic import thinking_signature
from proxy.mock.state import Script
from proxy.mock.turn import count_tokens
from tests.mock.samples import ECHO, USER, WEATHER

# --------------------------------------------------------------------------- Anthropic


async def test_messages_non_stream(ant):
    msg = await ant.messages.create(model="claude-3-5-haiku-latest", max_tokens=100, messages=USER,
                                    system=[{"type": "text", "text": "System words"}])
    assert msg.type == "message" and msg.role == "assistant"
    assert msg.content[0].type == "text" and msg.content[0].text == ECHO
    assert msg.stop_reason == "end_turn" and msg.stop_sequence is None
    assert msg.usage.input_tokens == count_tokens("System words Hello there, mock!")
    assert msg.usage.output_tokens == count_tokens(ECHO)
    assert msg.usage.cache_read_input_tokens == 0


async def test_messages_stream(ant, mock):
    mock[0].add_script(Script(text="A longer scripted answer to stream.", chunk_chars=5))
    texts = []
    async with ant.messages.stream(model="claude-3-5-haiku-latest", max_tokens=100, messages=USER) as stream:
        async for text in stream.text_stream:
            texts.append(text)
        final = await stream.get_final_message()
    assert "".join(texts) == final.content[0].text == "A longer scripted answer to stream."
    assert len(texts) == 7
    assert final.usage.output_tokens == count_tokens("A longer scripted answer to stream.")
    assert final.usage.input_tokens == count_tokens("Hello there, mock!")
    assert final.stop_reason == "end_turn"


async def test_messages_raw_stream_events(ant, mock):
    stream = await ant.messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=USER, stream=True)
    types = [e.type async for e in stream]  # the SDK drops `ping`
    assert types[:2] == ["message_start", "content_block_start"]
    assert types[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert set(types[2:-3]) == {"content_block_delta"}
    body = {"model": "m", "max_tokens": 5, "messages": USER, "stream": True}
    async with aiohttp.ClientSession() as session, session.post(mock[1] + "/v1/messages", json=body) as resp:
        raw = (await resp.read()).decode()
    frames = [f.split("\n") for f in raw.split("\n\n") if f]
    names = [f[0].removeprefix("event: ") for f in frames]
    assert names[:3] == ["message_start", "content_block_start", "ping"]
    assert all(json.loads(f[1].removeprefix("data: "))["type"] == name for f, name in zip(frames, names, strict=True))


async def test_messages_tool_use(ant, mock):
    mock[0].add_script(Script(text="Let me check.", tool_calls=[WEATHER]), Script(tool_calls=[WEATHER]))
    messages = [
        {"role": "user", "content": "weather?"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "x", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"},
                                     {"type": "text", "text": "thanks"}]},
    ]
    msg = await ant.messages.create(model="claude-haiku-4-5", max_tokens=50, messages=messages)
    assert msg.stop_reason == "tool_use"
    assert [b.type for b in msg.content] == ["text", "tool_use"]
    assert msg.content[1].name == "get_weather" and msg.content[1].input == {"city": "Paris", "unit": "c"}
    async with ant.messages.stream(model="claude-haiku-4-5", max_tokens=50, messages=messages) as stream:
        final = await stream.get_final_message()
    assert [b.type for b in final.content] == ["tool_use"]
    assert final.content[0].input == {"city": "Paris", "unit": "c"}
    assert final.stop_reason == "tool_use"


async def test_count_tokens(ant):
    result = await ant.messages.count_tokens(model="claude-3-5-haiku-latest", messages=USER, system="Two words")
    assert result.input_tokens == count_tokens("Two words Hello there, mock!")


# --------------------------------------------------------------------------- thinking signatures (thinking20)


async def test_thinking_block_is_signed_whole_and_streamed(ant, mock):
    mock[0].add_script(Script(text="Done.", reasoning="Think about <EMAIL_ADDRESS_1>."),
                       Script(text="Done.", reasoning="Think about <EMAIL_ADDRESS_1>.", chunk_chars=4))
    msg = await ant.messages.create(model="claude-sonnet-4-5", max_tokens=100, messages=USER)
    async with ant.messages.stream(model="claude-sonnet-4-5", max_tokens=100, messages=USER) as stream:
        streamed = await stream.get_final_message()
    for final in (msg, streamed):
        block = final.content[0]
        assert block.type == "thinking" and block.thinking == "Think about <EMAIL_ADDRESS_1>."
        assert block.signature == thinking_signature("Think about <EMAIL_ADDRESS_1>.")
    assert thinking_signature("a") != thinking_signature("b") and len(thinking_signature("a")) > 64


async def test_a_changed_signed_thinking_text_is_refused(ant, mock):
    def history(text: str, signature: str) -> list[dict]:
        return [{"role": "user", "content": "Hi"},
                {"role": "assistant", "content": [{"type": "thinking", "thinking": text, "signature": signature},
                                                  {"type": "text", "text": "Hello."}]},
                {"role": "user", "content": "Go on."}]

    signed = thinking_signature("Think about <EMAIL_ADDRESS_1>.")
    ok = await ant.messages.create(model="claude-sonnet-4-5", max_tokens=100,
                                   messages=history("Think about <EMAIL_ADDRESS_1>.", signed))
    assert ok.content[0].type == "text"
    other = await ant.messages.create(model="claude-sonnet-4-5", max_tokens=100,  # a signature of its own: not checked
                                      messages=history("anything", "EqQBCgIYAhIM1gbcDa9GJwZA"))
    assert other.content[0].type == "text"
    served = len(mock[0].requests)
    with pytest.raises(anthropic.BadRequestError, match=r"messages\.1\.content\.0: Invalid `signature`"):
        await ant.messages.create(model="claude-sonnet-4-5", max_tokens=100,
                                  messages=history("Think about ann@corp.io.", signed))
    assert len(mock[0].requests) == served + 1  # recorded, then refused before any script is used
