"""A value under a key that names its type (issue 12, "No side doors"), end to end with the official SDKs:
`{"phone": 6175550143}` in tool-call arguments, an Anthropic tool_use input or an unknown request field
reached the provider as it was (a bare number is no phone number to Presidio without a context word), and
the same arguments in an answer reached the client. What the mock provider RECEIVED, what the client
RECEIVED (still valid JSON); ordinary numbers under other keys pass unchanged. Values differ from the
review's where they can (`6175550143` is its finding).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""
DIGITS = ("6175550143", "4155550176", "387452211")


@pytest.fixture(scope="module")
def keyed(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _history(args: dict[str, Any]) -> list[Any]:
    return [{"role": "user", "content": "text my mom"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "send_sms", "arguments": json.dumps(args)}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "sent"}]


def _leaks(text: str) -> list[str]:
    return [d for d in DIGITS if d in text]


@pytest.mark.parametrize("args", [
    {"phone": "6175550143", "body": "hi"},
    {"phone": 6175550143},
    {"to": 16175550143},
    {"recipient": {"cell": 4155550176}, "ssn": 387452211},
])
def test_tool_call_arguments(keyed: Proxy, mock: Mock, args: dict[str, Any]) -> None:
    oai(keyed).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    sent = mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    got = json.loads(sent)  # still JSON
    assert set(got) == set(args) and _leaks(sent) == [] and "<" in sent, sent


def test_anthropic_tool_use_input_and_unknown_fields(keyed: Proxy, mock: Mock) -> None:
    claude(keyed).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "text my mom"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "send_sms",
                                           "input": {"phone": 6175550143}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sent"}]}])
    assert str(mock.last_body["messages"][1]["content"][0]["input"]["phone"]).startswith("<PHONE_NUMBER_")
    for extra in ({"contact": {"phone": 6175550143}}, {"x_phone": 6175550143}):
        oai(keyed).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                           extra_body=extra)
        assert _leaks(json.dumps(mock.last_body)) == [], extra


def test_ordinary_numbers_beside_it_pass_unchanged(keyed: Proxy, mock: Mock) -> None:
    args = {"count": 6175550143, "order_id": "4155550176", "from": 1700000000, "to": 1700086400, "price": 19.99}
    oai(keyed).chat.completions.create(model="gpt-4o-mini",
                                       messages=_history({**args, "fax": 2125550187}))  # type: ignore[arg-type]
    got = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert str(got.pop("fax")).startswith("<PHONE_NUMBER_") and got == args, got


def test_answer_tool_call_arguments_whole_and_streamed(keyed: Proxy, mock: Mock) -> None:
    client = oai(keyed)
    messages = [{"role": "user", "content": "text my mom"}]
    for stream in (False, True):
        mock.script(tool_calls=[{"name": "send_sms", "arguments": '{"phone": 6175550143, "body": "hi"}'}],
                    chunk_chars=5)
        if not stream:
            answer = client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
            calls = answer.choices[0].message.tool_calls
            assert calls is not None
            arguments = calls[0].function.arguments  # type: ignore[union-attr]
        else:
            chunks = client.chat.completions.create(model="gpt-4o-mini", messages=messages,  # type: ignore[arg-type]
                                                    stream=True)
            arguments = "".join(call.function.arguments for c in chunks for choice in c.choices
                                for call in choice.delta.tool_calls or []
                                if call.function is not None and call.function.arguments)
        got = json.loads(arguments)
        assert got["body"] == "hi" and str(got["phone"]).startswith("<PHONE_NUMBER_"), (stream, arguments)


def test_anthropic_answer_tool_use_input_whole_and_streamed(keyed: Proxy, mock: Mock) -> None:
    client = claude(keyed)
    kwargs: dict[str, Any] = {"model": "claude-3-5-haiku-latest", "max_tokens": 10,
                              "messages": [{"role": "user", "content": "text my mom"}]}
    for stream in (False, True):
        mock.script(tool_calls=[{"name": "send_sms", "arguments": '{"phone": 6175550143, "body": "hi"}'}],
                    chunk_chars=5)
        if stream:
            with client.messages.stream(**kwargs) as s:
                events = "".join(e.model_dump_json() for e in s)
                message = s.get_final_message()
            assert _leaks(events) == [], events
        else:
            message = client.messages.create(**kwargs)
        block = next(b for b in message.content if b.type == "tool_use")
        got = block.input
        assert isinstance(got, dict) and got["body"] == "hi" and str(got["phone"]).startswith("<PHONE_NUMBER_"), got
