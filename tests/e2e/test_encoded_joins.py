"""Issue 12 (atk6 HIGH 3), end to end: an e-mail address cut at an ENCODED `@` (`&#64;`, `%40`) between an object
key and its value, over two values of a map, or between stop-list entries, goes nowhere (what the mock provider
RECEIVED; what the client got back from answer tool arguments, whole and streamed), as the plain `@` forms
(tests/e2e/test_keyed_joins.py); a `prompt.variables` key with a JSON escape (`{"project\\\\u0020": "falcon"}`) is
read with its value, as `metadata`'s is; a word before a value that starts with an encoded `@` passes as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai, post_raw, received
from tests.support.keyed import ASK, KEYED_POLICY, post_ok, tool_turn

POLICY = KEYED_POLICY


@pytest.fixture(scope="module")
def encoded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


_post = post_ok
_args = tool_turn


@pytest.mark.parametrize("at", ["&#64;", "%40"])
def test_an_address_cut_at_an_encoded_at_between_a_key_and_its_value_goes_nowhere(encoded: Proxy, mock: Mock,
                                                                                 at: str) -> None:
    value = {f"jane.doe{at}": "example.com"}
    before = len(mock.state.requests)
    _post(encoded, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [ASK], "metadata": value})
    _post(encoded, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "metadata": value})
    _post(encoded, "/v1/responses", {"model": "gpt-4o-mini", "prompt": {"id": "pmpt_1", "variables": value}})
    _post(encoded, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": _args(value)})
    _post(encoded, "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 5, "messages": [
        ASK, {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}]})
    assert len(mock.state.requests) == before + 5
    got = received(mock)
    assert "jane.doe" not in got and "example.com" not in got, got
    assert "Please summarise the report." in got


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "metadata": {"a": "jane.doe%40exa", "b": "mple.com"}},
     "metadata"),
    ("/v1/responses", {"model": "gpt-4o-mini", "prompt": {"id": "pmpt_1", "variables": {
        "a": "jane.doe%40exa", "b": "mple.com"}}}, "prompt"),
    ("/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
                              "stop": ["jane.doe%40", "example.com"]}, "stop"),
    ("/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
                              "stop": ["jane.doe&#64;", "example.com"]}, "stop"),
    ("/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 5, "messages": [
        {"role": "user", "content": "hi"}], "stop_sequences": ["jane.doe%40", "example.com"]}, "stop_sequences"),
])
def test_an_address_cut_at_an_encoded_at_over_two_values_goes_nowhere(encoded: Proxy, mock: Mock, path: str,
                                                                     body: dict[str, Any], field: str) -> None:
    _post(encoded, path, body)
    sent = json.dumps(mock.last_body[field])
    assert "jane" not in sent and "mple.com" not in sent, sent
    assert sent.count("<EMAIL_ADDRESS_") == 2, sent  # each value redacted where it is


@pytest.mark.parametrize("field", ["metadata", "variables"])
def test_a_codename_split_at_an_escaped_key_is_blocked_in_metadata_and_prompt_variables(encoded: Proxy, mock: Mock,
                                                                                       field: str) -> None:
    value = {"project\\u0020": "falcon"}
    body: dict[str, Any] = {"model": "gpt-4o-mini", "input": "hi"}
    if field == "metadata":
        body["metadata"] = value
    else:
        body["prompt"] = {"id": "pmpt_1", "variables": value}
    before = len(mock.state.requests)
    r = post_raw(encoded, "/v1/responses", json.dumps(body))
    assert r.status_code == 400 and len(mock.state.requests) == before, r.text


def test_a_word_before_a_metadata_value_starting_with_an_encoded_at_goes_up_as_sent(encoded: Proxy,
                                                                                   mock: Mock) -> None:
    _post(encoded, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "deploy now"}], "metadata": {"notify": "%40example.com"}})
    assert mock.last_body["messages"][0]["content"] == "deploy now"
    assert mock.last_body["metadata"] == {"notify": "%40example.com"}


@pytest.mark.parametrize("at", ["&#64;", "%40"])
@pytest.mark.parametrize("stream", [False, True])
def test_an_address_cut_at_an_encoded_at_in_responses_function_call_arguments(encoded: Proxy, mock: Mock, at: str,
                                                                             stream: bool) -> None:
    arguments = json.dumps({f"mary.major{at}": "example.org"})
    mock.script(tool_calls=[{"name": "f", "arguments": arguments}], chunk_chars=5)
    client = oai(encoded)
    if not stream:
        r = client.responses.create(model="gpt-4o-mini", input="hi")
        got = r.model_dump_json()
        call = next(i for i in r.output if i.type == "function_call")
        json.loads(call.arguments)  # type: ignore[union-attr]  # still JSON
    else:
        with client.responses.stream(model="gpt-4o-mini", input="hi") as s:
            events = [e.model_dump(mode="json") for e in s]
            final = s.get_final_response()
        deltas = "".join(e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta")
        done = next(e["arguments"] for e in events if e["type"] == "response.function_call_arguments.done")
        assert deltas == done
        json.loads(done)
        got = json.dumps(events) + final.model_dump_json()
    assert "mary.major" not in got and "example.org" not in got, got
    assert "EMAIL_ADDRESS_" in got, got


@pytest.mark.parametrize("at", ["&#64;", "%40"])
@pytest.mark.parametrize("stream", [False, True])
def test_an_address_cut_at_an_encoded_at_in_an_anthropic_tool_use_input(encoded: Proxy, mock: Mock, at: str,
                                                                       stream: bool) -> None:
    mock.script(tool_calls=[{"name": "f", "arguments": json.dumps({f"mary.major{at}": "example.org"})}],
                chunk_chars=5)
    client = claude(encoded)
    kwargs: dict[str, Any] = {"model": "claude-3-5-haiku-latest", "max_tokens": 10,
                              "messages": [{"role": "user", "content": "hi"}]}
    if stream:  # `input_json_delta` events
        with client.messages.stream(**kwargs) as s:
            got = "".join(e.model_dump_json() for e in s)
            message = s.get_final_message()
    else:
        message = client.messages.create(**kwargs)
        got = ""
    block = next(b for b in message.content if b.type == "tool_use")
    got += json.dumps(block.input)
    assert "mary.major" not in got and "example.org" not in got, got
    assert "EMAIL_ADDRESS_" in got, got
