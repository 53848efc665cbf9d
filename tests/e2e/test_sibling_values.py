"""A value split across the values of one JSON object or array (issue 12, "No side doors"), end to end with
the official SDKs: on the way in (tool-call arguments, tool_use inputs, maps, unknown fields, schemas, a
numeric parameter out of range) what the mock provider RECEIVED; on the way out (tool-call arguments and
tool_use inputs, whole and streamed) what the client RECEIVED, still valid JSON. Values differ from the
review's (`{"a":4111,"b":1111,...}`, `617 555 0143`, `536 90 4399`, `project falcon`, `5555...4444`).
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, claude, oai, received

POLICY = SCREENED_POLICY

MC = {"n": 5105, "m": 1051, "o": "0510", "p": 5100}  # 5105 1051 0510 5100
AMEX = {"q": [{"v": 3782}, {"v": 822463}, {"v": 10005}]}  # 3782 822463 10005
PHONE = {"area": "415", "exchange": "555", "line": "0176"}
SSN = {"x": "412", "y": "63", "z": "7785"}
DISCOVER = {"a": 6011, "b": "0009", "c": 9013, "d": 9424}  # 6011 0009 9013 9424
PIECES = ("5105", "1051", "0510", "5100", "3782", "822463", "10005", "0176", "412", "7785", "6011", "9013", "9424")


@pytest.fixture(scope="module")
def sib(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _leaks(text: str, *pieces: str) -> list[str]:
    return [p for p in pieces if p in text]


def _history(args: dict[str, Any]) -> list[Any]:
    return [{"role": "user", "content": "look it up"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": json.dumps(args)}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "done"}]


# ------------------------------------------------------------------------------------------- input

@pytest.mark.parametrize(("args", "entity", "pieces"), [
    (MC, "CREDIT_CARD", ["5105", "1051", "0510", "5100"]),
    (AMEX, "CREDIT_CARD", ["3782", "822463", "10005"]),
    (PHONE, "PHONE_NUMBER", ["415", "0176"]),
    (SSN, "US_SSN", ["412", "7785"]),
])
def test_tool_call_arguments_split_across_values(sib: Proxy, mock: Mock, args: dict[str, Any], entity: str,
                                                 pieces: list[str]) -> None:
    oai(sib).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    sent = mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    decoded = json.loads(sent)  # still JSON
    assert f"<{entity}_" in sent and _leaks(json.dumps(decoded), *pieces) == [], sent


def test_anthropic_tool_use_input_split_across_values(sib: Proxy, mock: Mock) -> None:
    claude(sib).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "pay"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "pay", "input": DISCOVER}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "ok"}]}])
    got = mock.last_body["messages"][1]["content"][0]["input"]
    assert set(got) == set(DISCOVER) and all(str(v).startswith("<CREDIT_CARD_") for v in got.values()), got


@pytest.mark.parametrize("extra", [
    {"metadata": {"project": "osprey"}},  # a key and its value
    {"x_words": ["Project", "OSPREY"]},  # an unknown field's array
    {"x_notes": {"a": {"b": "project"}, "c": "osprey"}},  # values of one unknown object
])
def test_a_codename_across_sibling_values_is_blocked(sib: Proxy, mock: Mock, extra: dict[str, Any]) -> None:
    with pytest.raises(openai.BadRequestError):
        oai(sib).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                         extra_body=extra)
    assert mock.state.requests == []


def test_a_codename_across_tool_argument_values_is_blocked(sib: Proxy, mock: Mock) -> None:
    with pytest.raises(openai.BadRequestError):
        oai(sib).chat.completions.create(model="gpt-4o-mini",
                                         messages=_history({"what": "project", "which": "osprey"}))  # type: ignore[arg-type]
    with pytest.raises(anthropic.BadRequestError):
        claude(sib).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
            {"role": "user", "content": "x"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f",
                                               "input": {"k": ["project", "osprey"]}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "ok"}]}])
    assert mock.state.requests == []


@pytest.mark.parametrize(("extra", "pieces"), [
    ({"x_nums": [5105, 1051, "0510", 5100]}, ["5105", "1051", "5100"]),
    ({"x_phone": ["415", "555", "0176"]}, ["415", "0176"]),
    ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {
        "type": "object", "properties": {"c": {"type": "string", "enum": ["3782", "822463", "10005"]}}}}}]},
     ["3782", "822463", "10005"]),
])
def test_unknown_fields_and_schemas_split_across_values(sib: Proxy, mock: Mock, extra: dict[str, Any],
                                                        pieces: list[str]) -> None:
    oai(sib).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                     extra_body=extra)
    assert _leaks(received(mock), *pieces) == []


def test_a_numeric_parameter_out_of_range_is_screened_as_text(sib: Proxy, mock: Mock) -> None:
    # The card becomes its placeholder, a string (a real provider refuses the parameter; the mock ignores it).
    oai(sib).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                     max_tokens=5105105105105100)
    assert mock.last_body["max_tokens"] == "<CREDIT_CARD_1>"
    assert "5105105105105100" not in received(mock)
    oai(sib).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                     max_tokens=4096)
    assert mock.last_body["max_tokens"] == 4096


def test_ordinary_values_side_by_side_pass_unchanged(sib: Proxy, mock: Mock) -> None:
    args = {"x": 640, "y": 480, "width": 1920, "height": 1080, "ports": [22, 80, 443, 8080],
            "sizes": [1024, 2048, 4096, 8192], "a": "project", "b": "plan", "c": "falcon"}
    oai(sib).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    assert mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"] == json.dumps(args)


# ------------------------------------------------------------------------------------------ output

ANSWER_ARGS = '{"a":3782,"b":822463,"c":10005,"note":"ok"}'


def _clean_args(arguments: str) -> None:
    got = json.loads(arguments)  # valid JSON
    assert got["note"] == "ok" and all(str(got[k]).startswith("<CREDIT_CARD_") for k in "abc"), got


@pytest.mark.parametrize("stream", [False, True])
def test_chat_answer_tool_call_arguments(sib: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(tool_calls=[{"name": "charge", "arguments": ANSWER_ARGS}], chunk_chars=5)
    client = oai(sib)
    if not stream:
        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        calls = r.choices[0].message.tool_calls
        assert calls is not None
        _clean_args(calls[0].function.arguments)  # type: ignore[union-attr]
        return
    parts = []
    for c in client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                            stream=True):
        for choice in c.choices:
            for call in choice.delta.tool_calls or []:
                if call.function is not None and call.function.arguments:
                    parts.append(call.function.arguments)
    assert parts  # the mock sent them in pieces of 5 characters; the JSON is held whole (2 x hold_chars)
    _clean_args("".join(parts))


@pytest.mark.parametrize("stream", [False, True])
def test_anthropic_answer_tool_use_input(sib: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(tool_calls=[{"name": "charge", "arguments": ANSWER_ARGS}], chunk_chars=5)
    client = claude(sib)
    kwargs: dict[str, Any] = {"model": "claude-3-5-haiku-latest", "max_tokens": 10,
                              "messages": [{"role": "user", "content": "hi"}]}
    if stream:
        with client.messages.stream(**kwargs) as s:
            events = [e.model_dump_json() for e in s]
            message = s.get_final_message()
        assert _leaks("".join(events), "3782", "822463", "10005") == []
    else:
        message = client.messages.create(**kwargs)
    block = next(b for b in message.content if b.type == "tool_use")
    _clean_args(json.dumps(block.input))


@pytest.mark.parametrize("stream", [False, True])
def test_responses_answer_function_call_arguments(sib: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(tool_calls=[{"name": "charge", "arguments": ANSWER_ARGS}], chunk_chars=5)
    client = oai(sib)
    if not stream:
        r = client.responses.create(model="gpt-4o-mini", input="hi")
        call = next(i for i in r.output if i.type == "function_call")
        _clean_args(call.arguments)  # type: ignore[union-attr]
        return
    with client.responses.stream(model="gpt-4o-mini", input="hi") as s:
        got = [e.model_dump(mode="json") for e in s]
        final = s.get_final_response()
    deltas = "".join(e["delta"] for e in got if e["type"] == "response.function_call_arguments.delta")
    done = next(e["arguments"] for e in got if e["type"] == "response.function_call_arguments.done")
    assert deltas == done
    _clean_args(done)
    assert _leaks(json.dumps(got) + final.model_dump_json(), "3782", "822463", "10005") == []
