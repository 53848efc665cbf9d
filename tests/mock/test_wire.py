"""How the mock writes answers: provider-shaped errors and paced or broken streams, as the SDKs see them."""

from __future__ import annotations

import anthropic
import openai
import pytest

from proxy.mock.state import Script
from tests.mock.samples import ECHO, USER

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
