"""The mock's OpenAI routes (chat, legacy completions, embeddings, models), driven by the official SDK."""

from __future__ import annotations

import json

import aiohttp
import pytest

from proxy.mock.openai import embedding_vector
from proxy.mock.state import MockState, Script
from proxy.mock.turn import count_tokens
from tests.mock.samples import ECHO, USER, WEATHER

# --------------------------------------------------------------------------- OpenAI chat


async def test_chat_non_stream_echo_and_usage(oai):
    resp = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert resp.object == "chat.completion"
    assert resp.model == "gpt-4o-mini"
    assert resp.choices[0].message.content == ECHO
    assert resp.choices[0].finish_reason == "stop"
    assert resp.usage.prompt_tokens == count_tokens("Hello there, mock!")
    assert resp.usage.completion_tokens == count_tokens(ECHO)
    assert resp.usage.total_tokens == resp.usage.prompt_tokens + resp.usage.completion_tokens
    assert resp.usage.prompt_tokens_details.cached_tokens == 0
    assert resp.usage.completion_tokens_details.reasoning_tokens == 0


async def test_chat_echoes_last_user_text_parts(oai):
    messages = [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": [{"type": "text", "text": "part one, "}, {"type": "text", "text": "two"}]},
    ]
    resp = await oai.chat.completions.create(model="gpt-4o", messages=messages)
    assert resp.choices[0].message.content == "You said: part one, two"
    assert resp.usage.prompt_tokens == count_tokens("be brief first ok part one, two")


@pytest.mark.parametrize("include_usage", [False, True])
async def test_chat_stream(oai, mock, include_usage):
    kwargs = {"stream_options": {"include_usage": True}} if include_usage else {}
    stream = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER, stream=True, **kwargs)
    chunks = [c async for c in stream]
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == ECHO
    content_chunks = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content_chunks) == -(-len(ECHO) // 8)
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["stop"]
    if include_usage:
        assert chunks[-1].choices == []
        assert chunks[-1].usage.completion_tokens == count_tokens(ECHO)
    else:
        assert all(c.choices and c.usage is None for c in chunks)


async def test_chat_stream_helper_and_raw_framing(oai, mock):
    async with oai.chat.completions.stream(model="gpt-4o-mini", messages=USER) as stream:
        final = await stream.get_final_completion()
    assert final.choices[0].message.content == ECHO
    async with aiohttp.ClientSession() as session:
        body = {"model": "m", "messages": USER, "stream": True}
        async with session.post(mock[1] + "/v1/chat/completions", json=body) as resp:
            assert resp.headers["Content-Type"].startswith("text/event-stream")
            raw = (await resp.read()).decode()
    frames = raw.split("\n\n")
    assert frames[-2:] == ["data: [DONE]", ""]
    assert all(f.startswith("data: ") for f in frames[:-1])


async def test_chat_scripted_text_and_tool_calls(oai, mock):
    state: MockState = mock[0]
    state.add_script(Script(text="Scripted answer."), Script(tool_calls=[WEATHER]))
    first = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert first.choices[0].message.content == "Scripted answer."
    second = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER)
    choice = second.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    call = choice.message.tool_calls[0]
    assert call.type == "function" and call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris", "unit": "c"}
    third = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert third.choices[0].message.content == ECHO  # the queue is empty again


async def test_chat_stream_tool_calls(oai, mock):
    mock[0].add_script(Script(text="Checking.", tool_calls=[WEATHER, {"name": "noop", "arguments": {}}]))
    async with oai.chat.completions.stream(model="gpt-4o-mini", messages=USER) as stream:
        final = await stream.get_final_completion()
    message = final.choices[0].message
    assert final.choices[0].finish_reason == "tool_calls"
    assert message.content == "Checking."
    assert [c.function.name for c in message.tool_calls] == ["get_weather", "noop"]
    assert message.tool_calls[0].function.arguments == WEATHER["arguments"]
    assert message.tool_calls[0].id != message.tool_calls[1].id


# --------------------------------------------------------------------------- other OpenAI routes


async def test_legacy_completions(oai):
    resp = await oai.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi")
    assert resp.object == "text_completion"
    assert resp.choices[0].text == "You said: Say hi"
    assert resp.usage.prompt_tokens == 2
    stream = await oai.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi", stream=True,
                                          stream_options={"include_usage": True})
    chunks = [c async for c in stream]
    assert "".join(c.choices[0].text for c in chunks if c.choices) == "You said: Say hi"
    assert chunks[-1].usage.total_tokens == 2 + count_tokens("You said: Say hi")


async def test_embeddings_base64_default_and_float(oai, mock):
    resp = await oai.embeddings.create(model="text-embedding-3-small", input=["alpha", "beta"])
    assert mock[0].last.body["encoding_format"] == "base64"  # the SDK's default
    assert [d.index for d in resp.data] == [0, 1]
    assert resp.data[0].embedding == embedding_vector("alpha")
    assert resp.data[1].embedding == embedding_vector("beta")
    assert resp.data[0].embedding != resp.data[1].embedding
    floats = await oai.embeddings.create(model="text-embedding-3-small", input="alpha", encoding_format="float",
                                         dimensions=16)
    assert len(floats.data[0].embedding) == 16
    assert floats.data[0].embedding[:8] != embedding_vector("beta")
    again = await oai.embeddings.create(model="text-embedding-3-small", input="alpha", dimensions=16)
    assert again.data[0].embedding == floats.data[0].embedding
    tokens = await oai.embeddings.create(model="text-embedding-3-small", input=[[1, 2, 3], [4, 5]])
    assert len(tokens.data) == 2 and tokens.usage.prompt_tokens >= 1


async def test_models_list(oai):
    ids = [m.id async for m in oai.models.list()]
    assert {"gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "claude-3-5-haiku-latest"} <= set(ids)
