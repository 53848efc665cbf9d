"""The mock's Responses API route, driven by the official OpenAI SDK."""

from __future__ import annotations

import json

from proxy.mock.state import Script
from proxy.mock.turn import count_tokens
from tests.mock.samples import WEATHER

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


async def test_reasoning_encrypted_content_when_asked(oai, mock):
    mock[0].add_script(Script(text="ok", reasoning="Summary one."), Script(text="ok", reasoning="Summary one."),
                       Script(text="ok", reasoning="Summary one.", chunk_chars=3))
    plain = await oai.responses.create(model="o4-mini", input="Hi")
    asked = await oai.responses.create(model="o4-mini", input="Hi", include=["reasoning.encrypted_content"])
    async with oai.responses.stream(model="o4-mini", input="Hi", include=["reasoning.encrypted_content"]) as stream:
        streamed = await stream.get_final_response()
    assert plain.output[0].type == "reasoning" and plain.output[0].encrypted_content is None
    sealed = asked.output[0].encrypted_content
    assert sealed and sealed.startswith("gAAAAA") and "Summary" not in sealed
    assert streamed.output[0].encrypted_content == sealed
