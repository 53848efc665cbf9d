"""The official openai SDK, pointed at the proxy, gets what it gets from the provider directly."""

from __future__ import annotations

import hashlib
import json

import openai
import pytest

from proxy.config.policy import BUILTIN_DEFAULT_YAML
from tests.conftest import Mock, Proxy

BUILTIN_VERSION = hashlib.sha256(BUILTIN_DEFAULT_YAML.encode()).hexdigest()[:12]

MSGS = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is the capital of France?"}]


def clients(url: str) -> tuple[openai.OpenAI, openai.AsyncOpenAI]:
    return (openai.OpenAI(base_url=f"{url}/v1", api_key="sk-client", max_retries=0),
            openai.AsyncOpenAI(base_url=f"{url}/v1", api_key="sk-client", max_retries=0))


def test_chat_matches_direct(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    direct, _ = clients(mock.url)
    a = via.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS)
    b = direct.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    got = a.parse()
    assert got.choices[0].message.content == b.choices[0].message.content == "You said: What is the capital of France?"
    assert got.usage is not None and b.usage is not None
    assert got.usage.model_dump() == b.usage.model_dump()
    assert got.choices[0].finish_reason == "stop"
    assert a.headers["x-guardrail-decision"] == "allow"
    assert a.headers["x-guardrail-request-id"].startswith("req_")
    assert a.headers["x-guardrail-policy"] == f"default@{BUILTIN_VERSION}"
    # Single-tenant: the client's own key goes upstream; the body reaches the provider unchanged.
    assert mock.last_headers["authorization"] == "Bearer sk-client"
    assert mock.last_body == {"model": "gpt-4o-mini", "messages": MSGS}


async def test_chat_async_and_unknown_fields_pass_through(mock: Mock, proxy: Proxy) -> None:
    _, via = clients(proxy.url)
    r = await via.chat.completions.create(model="gpt-4o-mini", messages=MSGS,
                                          extra_body={"x_vendor_option": {"deep": [1, 2, {"k": None}]}})
    assert r.choices[0].message.content == "You said: What is the capital of France?"
    assert mock.last_body["x_vendor_option"] == {"deep": [1, 2, {"k": None}]}


@pytest.mark.parametrize("include_usage", [False, True])
def test_chat_stream_matches_direct(mock: Mock, proxy: Proxy, include_usage: bool) -> None:
    via, _ = clients(proxy.url)
    direct, _ = clients(mock.url)
    kwargs: dict = {"stream_options": {"include_usage": True}} if include_usage else {}
    stream = via.chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True, **kwargs)
    got = list(stream)
    # The proxy always asks the provider for usage (to bill streams) ...
    assert mock.last_body["stream_options"] == {"include_usage": True}
    want = list(direct.chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True, **kwargs))
    text = "".join(c.choices[0].delta.content or "" for c in got if c.choices)
    assert text == "".join(c.choices[0].delta.content or "" for c in want if c.choices)
    assert text == "You said: What is the capital of France?"
    # The default policy screens output, so text may be re-chunked (held until screened), never changed.
    assert len(got) > 3
    assert [c.choices[0].finish_reason for c in got if c.choices][-1] == "stop"
    # ... and hides the usage chunk from clients that did not ask for it.
    usage_chunks = [c for c in got if not c.choices]
    assert len(usage_chunks) == (1 if include_usage else 0)
    rec = proxy.record_for(stream.response.headers["x-guardrail-request-id"])
    assert rec["stream"] is True and rec["usage"]["output_tokens"] > 0 and rec["usage"]["input_tokens"] > 0


async def test_chat_stream_async_with_tool_calls(mock: Mock, proxy: Proxy) -> None:
    _, via = clients(proxy.url)
    mock.script(tool_calls=[{"name": "get_weather", "arguments": {"city": "Paris"}}])
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}}}}]
    stream = await via.chat.completions.create(model="gpt-4o-mini", messages=MSGS, tools=tools, stream=True)
    args = ""
    name = None
    finish = None
    async for chunk in stream:
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                name = call.function.name or name
                args += call.function.arguments or ""
            finish = choice.finish_reason or finish
    assert name == "get_weather" and json.loads(args) == {"city": "Paris"} and finish == "tool_calls"
    assert mock.last_body["tools"] == tools


def test_chat_tool_round_trip_non_stream(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    mock.script(tool_calls=[{"name": "lookup", "arguments": {"q": "x"}}])
    r = via.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    call = r.choices[0].message.tool_calls[0]
    assert call.function.name == "lookup" and json.loads(call.function.arguments) == {"q": "x"}
    follow = [*MSGS, r.choices[0].message.model_dump(exclude_none=True),
              {"role": "tool", "tool_call_id": call.id, "content": "42"}]
    r2 = via.chat.completions.create(model="gpt-4o-mini", messages=follow)
    assert r2.choices[0].message.content is not None
    assert mock.last_body["messages"][-1] == {"role": "tool", "tool_call_id": call.id, "content": "42"}


def test_completions_stream_and_not(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    r = via.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi")
    assert r.choices[0].text == "You said: Say hi"
    chunks = list(via.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi", stream=True))
    assert "".join(c.choices[0].text for c in chunks if c.choices) == "You said: Say hi"
    assert all(c.choices for c in chunks), "the usage chunk the client did not ask for must be hidden"


@pytest.mark.parametrize("encoding", ["float", "base64"])
def test_embeddings_match_direct(mock: Mock, proxy: Proxy, encoding: str) -> None:
    via, _ = clients(proxy.url)
    direct, _ = clients(mock.url)
    kwargs = {"encoding_format": encoding} if encoding == "float" else {}
    a = via.embeddings.create(model="text-embedding-3-small", input=["alpha", "beta"], **kwargs)
    b = direct.embeddings.create(model="text-embedding-3-small", input=["alpha", "beta"], **kwargs)
    assert [d.embedding for d in a.data] == [d.embedding for d in b.data]
    assert len(a.data) == 2 and len(a.data[0].embedding) == 8
    assert a.usage.prompt_tokens == b.usage.prompt_tokens > 0


def test_models_list(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    direct, _ = clients(mock.url)
    assert [m.id for m in via.models.list()] == [m.id for m in direct.models.list()]
    assert mock.last_headers["authorization"] == "Bearer sk-client"


def test_responses_non_stream(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    r = via.responses.create(model="gpt-4o-mini", input="Tell me a joke", instructions="Be funny")
    assert r.output_text == "You said: Tell me a joke"
    assert r.usage is not None and r.usage.output_tokens > 0
    assert mock.last_body == {"model": "gpt-4o-mini", "input": "Tell me a joke", "instructions": "Be funny"}


async def test_responses_stream_async(mock: Mock, proxy: Proxy) -> None:
    _, via = clients(proxy.url)
    async with via.responses.stream(model="gpt-4o-mini", input=[{"role": "user", "content": "Stream it"}]) as s:
        deltas = [e.delta async for e in s if e.type == "response.output_text.delta"]
        final = await s.get_final_response()
        request_id = s._response.headers["x-guardrail-request-id"]  # type: ignore[attr-defined]
    assert "".join(deltas) == final.output_text == "You said: Stream it"
    rec = proxy.record_for(request_id)
    assert rec["route"] == "/v1/responses" and rec["stream"] is True
    assert rec["usage"]["output_tokens"] == final.usage.output_tokens > 0


def test_responses_function_call(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    mock.script(tool_calls=[{"name": "search", "arguments": {"q": "guardrails"}}])
    r = via.responses.create(model="gpt-4o-mini", input="find it",
                             tools=[{"type": "function", "name": "search", "parameters": {"type": "object"}}])
    calls = [o for o in r.output if o.type == "function_call"]
    assert len(calls) == 1 and calls[0].name == "search" and json.loads(calls[0].arguments) == {"q": "guardrails"}


def test_upstream_error_passes_through_unchanged(mock: Mock, proxy: Proxy) -> None:
    via, _ = clients(proxy.url)
    body = {"error": {"message": "Rate limit reached", "type": "requests", "param": None, "code": "rate_limit"}}
    mock.script(status=429, error_body=body, headers={"retry-after": "7"})
    with pytest.raises(openai.RateLimitError) as exc:
        via.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    assert exc.value.status_code == 429
    assert exc.value.body == body["error"]
    assert exc.value.response.headers["retry-after"] == "7"
    assert exc.value.response.headers["x-guardrail-decision"] == "allow"
