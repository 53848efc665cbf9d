"""The mock provider, driven by the official OpenAI and Anthropic SDKs."""

from __future__ import annotations

import json

import aiohttp
import anthropic
import openai
import pytest

from proxy.mock.upstream import MOCK_STATE, MockState, Script, count_tokens, create_mock_app, embedding_vector


@pytest.fixture
async def mock(aiohttp_server):
    state = MockState()
    server = await aiohttp_server(create_mock_app(state))
    return state, str(server.make_url("")).rstrip("/")


@pytest.fixture
async def oai(mock):
    client = openai.AsyncOpenAI(base_url=mock[1] + "/v1", api_key="sk-test", max_retries=0)
    yield client
    await client.close()


@pytest.fixture
async def ant(mock):
    client = anthropic.AsyncAnthropic(base_url=mock[1], api_key="sk-ant-test", max_retries=0)
    yield client
    await client.close()


USER = [{"role": "user", "content": "Hello there, mock!"}]
ECHO = "You said: Hello there, mock!"
WEATHER = {"name": "get_weather", "arguments": '{"city": "Paris", "unit": "c"}'}


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


# --------------------------------------------------------------------------- Responses API


async def test_responses_non_stream(oai):
    resp = await oai.responses.create(model="gpt-4o-mini", input="Hi responses", instructions="Be nice.")
    assert resp.object == "response" and resp.status == "completed"
    assert resp.output_text == "You said: Hi responses"
    assert resp.output[0].type == "message" and resp.output[0].content[0].type == "output_text"
    assert resp.instructions == "Be nice."
    assert resp.usage.input_tokens == count_tokens("Hi responses Be nice.")
    assert resp.usage.output_tokens == count_tokens("You said: Hi responses")
    assert resp.usage.total_tokens == resp.usage.input_tokens + resp.usage.output_tokens


async def test_responses_stream_helper(oai):
    items = [{"role": "user", "content": [{"type": "input_text", "text": "streamed input"}]}]
    deltas = []
    async with oai.responses.stream(model="gpt-4o-mini", input=items) as stream:
        async for event in stream:
            if event.type == "response.output_text.delta":
                deltas.append(event.delta)
        final = await stream.get_final_response()
    assert "".join(deltas) == final.output_text == "You said: streamed input"
    assert len(deltas) > 1
    assert final.usage.output_tokens == count_tokens("You said: streamed input")


async def test_responses_stream_event_sequence(oai):
    stream = await oai.responses.create(model="gpt-4o-mini", input="abc", stream=True)
    events = [e async for e in stream]
    types = [e.type for e in events]
    assert types[:5] == ["response.created", "response.in_progress", "response.output_item.added",
                         "response.content_part.added", "response.output_text.delta"]
    assert types[-4:] == ["response.output_text.done", "response.content_part.done",
                          "response.output_item.done", "response.completed"]
    assert [e.sequence_number for e in events] == list(range(len(events)))
    assert events[-1].response.usage.input_tokens == 1


async def test_responses_tool_calls(oai, mock):
    mock[0].add_script(Script(tool_calls=[WEATHER]), Script(tool_calls=[WEATHER]))
    resp = await oai.responses.create(model="gpt-4o-mini", input="weather?")
    calls = [item for item in resp.output if item.type == "function_call"]
    assert len(calls) == 1 and calls[0].name == "get_weather" and calls[0].call_id
    assert json.loads(calls[0].arguments)["city"] == "Paris"
    async with oai.responses.stream(model="gpt-4o-mini", input="weather?") as stream:
        final = await stream.get_final_response()
    assert final.output[0].type == "function_call"
    assert final.output[0].arguments == WEATHER["arguments"]


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


# --------------------------------------------------------------------------- errors and faults


async def test_scripted_errors_reach_the_sdks(oai, ant, mock):
    body = {"error": {"message": "slow down", "type": "rate_limit_exceeded", "param": None, "code": None}}
    mock[0].add_script(Script(status=429, error_body=body, headers={"retry-after": "7"}))
    with pytest.raises(openai.RateLimitError) as oai_err:
        await oai.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert oai_err.value.status_code == 429 and oai_err.value.body["message"] == "slow down"
    assert oai_err.value.response.headers["retry-after"] == "7"
    mock[0].add_script(Script(status=529))
    with pytest.raises(anthropic.APIStatusError) as ant_err:
        await ant.messages.create(model="claude-3-5-haiku-latest", max_tokens=5, messages=USER)
    assert ant_err.value.status_code == 529
    assert ant_err.value.body["error"]["type"] == "overloaded_error"


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


async def test_disconnect_after_breaks_the_streams(oai, ant, mock):
    mock[0].add_script(Script(disconnect_after=3), Script(disconnect_after=2), Script(disconnect_after=4))
    received = []
    with pytest.raises(openai.APIConnectionError):
        stream = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER, stream=True)
        async for chunk in stream:
            received.append(chunk)
    assert len(received) == 3
    assert "".join(c.choices[0].delta.content or "" for c in received) == ECHO[:16]
    with pytest.raises(Exception) as ant_err:  # noqa: B017 - anthropic lets httpx's transport error through
        async with ant.messages.stream(model="claude-haiku-4-5", max_tokens=5, messages=USER) as stream:
            await stream.get_final_message()
    assert isinstance(ant_err.value, anthropic.APIConnectionError) or "incomplete" in str(ant_err.value)
    with pytest.raises(openai.APIConnectionError):
        async with oai.responses.stream(model="gpt-4o-mini", input="hi") as stream:
            await stream.get_final_response()


async def test_latency_and_chunk_delay(oai, mock):
    import time

    mock[0].latency_ms = 50
    mock[0].add_script(Script(chunk_delay_ms=10))
    start = time.perf_counter()
    stream = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER, stream=True)
    chunks = [c async for c in stream]
    elapsed = time.perf_counter() - start
    assert elapsed >= 0.05 + 0.01 * (len(chunks) - 1) * 0.9


async def test_usage_override(oai, mock):
    mock[0].add_script(Script(text="x", usage={"input_tokens": 1234, "output_tokens": 56}))
    resp = await oai.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert (resp.usage.prompt_tokens, resp.usage.completion_tokens) == (1234, 56)


# --------------------------------------------------------------------------- recording and control routes


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
