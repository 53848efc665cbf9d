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

import openai
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


def _tool_arguments(client: openai.OpenAI, messages: list[dict[str, Any]], stream: bool) -> str:
    """The first tool call's arguments of a chat answer, whole or joined from the stream's deltas."""
    if not stream:
        answer = client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
        calls = answer.choices[0].message.tool_calls
        assert calls is not None
        return calls[0].function.arguments  # type: ignore[union-attr]
    chunks = client.chat.completions.create(model="gpt-4o-mini", messages=messages,  # type: ignore[arg-type]
                                            stream=True)
    return "".join(call.function.arguments for c in chunks for choice in c.choices
                   for call in choice.delta.tool_calls or []
                   if call.function is not None and call.function.arguments)


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
    messages: list[dict[str, Any]] = [{"role": "user", "content": "text my mom"}]
    for stream in (False, True):
        mock.script(tool_calls=[{"name": "send_sms", "arguments": '{"phone": 6175550143, "body": "hi"}'}],
                    chunk_chars=5)
        arguments = _tool_arguments(client, messages, stream)
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


# An array or a small object of digits under a key that names the type (`proxy.guard.keyed`, groups).
GROUPS = ({"ssn_digits": [3, 8, 7, 4, 5, 2, 2, 1, 1]}, {"ssn": {"area": 87, "group": 5, "serial": 2211}},
          {"card": [5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 0]}, {"mobile": [2, 1, 2, 5, 5, 5, 0, 1, 8, 7]})
GROUP_DIGITS = ("387452211", "87522111", "5105105105105100", "2125550187")


def _digits(value: Any) -> str:
    """The digits of a JSON value's numbers and strings in order (what a group spells)."""
    return "".join(c for c in json.dumps(value) if c.isdigit())


@pytest.mark.parametrize("args", GROUPS)
def test_groups_in_requests_of_every_route(keyed: Proxy, mock: Mock, args: dict[str, Any]) -> None:
    key = next(iter(args))
    oai(keyed).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    got = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert _digits(got) not in GROUP_DIGITS and "<" in json.dumps(got) and len(got[key]) == len(args[key]), got
    claude(keyed).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "fill the form"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "form", "input": args}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}])
    got = mock.last_body["messages"][1]["content"][0]["input"]
    assert _digits(got) not in GROUP_DIGITS and "<" in json.dumps(got), got
    oai(keyed).responses.create(model="gpt-4o-mini", input=[  # type: ignore[arg-type]
        {"role": "user", "content": "fill the form"},
        {"type": "function_call", "call_id": "call_1", "name": "form", "arguments": json.dumps(args)},
        {"type": "function_call_output", "call_id": "call_1", "output": "done"}])
    item = next(i for i in mock.last_body["input"] if i.get("type") == "function_call")
    got = json.loads(item["arguments"])
    assert _digits(got) not in GROUP_DIGITS and "<" in json.dumps(got), got


def test_groups_in_answers_whole_and_streamed(keyed: Proxy, mock: Mock) -> None:
    client = oai(keyed)
    messages: list[dict[str, Any]] = [{"role": "user", "content": "fill the form"}]
    arguments = '{"ssn_digits": [3, 8, 7, 4, 5, 2, 2, 1, 1], "note": "ok"}'
    for stream in (False, True):
        mock.script(tool_calls=[{"name": "form", "arguments": arguments}], chunk_chars=5)
        got = _tool_arguments(client, messages, stream)
        value = json.loads(got)
        assert value["note"] == "ok" and all(str(v).startswith("<US_SSN_") for v in value["ssn_digits"]), (stream, got)
    kwargs: dict[str, Any] = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "messages": messages}
    mock.script(tool_calls=[{"name": "form", "arguments": arguments}], chunk_chars=5)
    with claude(keyed).messages.stream(**kwargs) as s:
        message = s.get_final_message()
    block = next(b for b in message.content if b.type == "tool_use")
    assert isinstance(block.input, dict) and all(str(v).startswith("<US_SSN_") for v in block.input["ssn_digits"])


def test_a_group_the_client_sent_comes_back_as_sent(keyed: Proxy, mock: Mock) -> None:
    # The model echoes the redacted arguments: each element is restored (numbers as their digits, strings).
    args = {"ssn_digits": [3, 8, 7, 4, 5, 2, 2, 1, 1]}
    client = oai(keyed)
    client.chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    sent = mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    mock.script(text=sent)
    answer = client.chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    assert json.loads(answer.choices[0].message.content or "") == {"ssn_digits": [str(d) for d in args["ssn_digits"]]}
