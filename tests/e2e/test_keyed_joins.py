"""Issue 12, keyed/joined findings (F6, F5, F1, F4, F3, F8, F9), end to end: what the mock provider RECEIVED and
what the client got back.

- an e-mail address split between an object key and its value (`{"jane.doe@": "example.com"}`) in `metadata`,
  tool-call arguments and a `tool_use` input, and in the model's tool arguments (whole and streamed);
- split over two `metadata` values, over `stop` elements, and in Responses `prompt.variables` (as `metadata`);
- an ordinary value beside an address in the next field (`{"query": "status of ticket", "user": "ops@..."}`)
  and the message's last word before a `metadata` value `@example.com` pass as sent;
- echoed `metadata` in a Responses answer read key and value (`{"project": "falcon"}`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai, post_raw, received, sse
from tests.support.keyed import ASK, KEYED_POLICY, post_ok, tool_turn

POLICY = KEYED_POLICY


@pytest.fixture(scope="module")
def keyed(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


_post = post_ok
_args = tool_turn


@pytest.mark.parametrize("value", [{"jane.doe@": "example.com"}, {"mail jane.doe": "@example.com"}])
def test_an_address_split_between_a_key_and_its_value_goes_nowhere(keyed: Proxy, mock: Mock,
                                                                  value: dict[str, str]) -> None:
    _post(keyed, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [ASK], "metadata": value})
    _post(keyed, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": _args(value)})
    _post(keyed, "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 5, "messages": [
        ASK, {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}]})
    got = received(mock)
    assert "jane.doe" not in got and "example.com" not in got
    assert "Please summarise the report." in got


@pytest.mark.parametrize("body", [
    {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
     "metadata": {"a": "mail jane.doe", "b": "@example.com"}},
    {"model": "gpt-4o-mini", "input": "hi", "metadata": {"a": "jane.doe@exa", "b": "mple.com"}},
    {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stop": ["jane.doe@", "example.com"]},
    {"model": "gpt-4o-mini", "prompt": {"id": "pmpt_1", "variables": {"a": "jane.doe", "b": "example.com"}}},
])
def test_an_address_split_over_two_values_of_a_map_or_list_goes_nowhere(keyed: Proxy, mock: Mock,
                                                                       body: dict[str, Any]) -> None:
    _post(keyed, "/v1/responses" if "messages" not in body else "/v1/chat/completions", body)
    got = json.dumps(mock.last_body)
    assert "jane" not in got and "mple.com" not in got, got
    assert "<EMAIL_ADDRESS_" in got
    if "messages" in body:
        assert mock.last_body["messages"][0]["content"] == "hi"  # the user's own word stays


def test_a_codename_split_between_a_prompt_variables_key_and_its_value_is_blocked(keyed: Proxy, mock: Mock) -> None:
    before = len(mock.state.requests)
    r = post_raw(keyed, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "prompt": {
        "id": "pmpt_1", "variables": {"project": "falcon"}}}))
    assert r.status_code == 400 and len(mock.state.requests) == before


def test_ordinary_values_beside_an_address_pass_as_sent(keyed: Proxy, mock: Mock) -> None:
    value = {"query": "status of ticket", "user": "ops@acme.io"}
    _post(keyed, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": _args(value)})
    sent = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent["query"] == "status of ticket" and sent["user"].startswith("<EMAIL_ADDRESS_"), sent
    _post(keyed, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "deploy now"}], "metadata": {"notify": "@example.com"}})
    assert mock.last_body["messages"][0]["content"] == "deploy now"


def _chat_answer(arguments: str) -> str:
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": arguments}}
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": None,
                                                            "tool_calls": [call]}, "finish_reason": "tool_calls"}]})


@pytest.mark.parametrize("stream", [False, True])
def test_an_address_split_between_a_key_and_its_value_in_the_models_tool_arguments(keyed: Proxy, mock: Mock,
                                                                                  stream: bool) -> None:
    arguments = json.dumps({"mary.major@": "example.org"})
    if stream:
        head = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
        call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "f", "arguments": ""}}
        mock.script(raw_sse=sse(
            {**head, "choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [call]}}]},
            *({**head, "choices": [{"index": 0, "delta": {"tool_calls": [
                {"index": 0, "function": {"arguments": arguments[k:k + 9]}}]}}]} for k in range(0, len(arguments), 9)),
            {**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}, "[DONE]"))
    else:
        mock.script(raw_body=_chat_answer(arguments))
    r = _post(keyed, "/v1/chat/completions", {"model": "gpt-4o-mini", "stream": stream,
                                              "messages": [{"role": "user", "content": "hi"}]})
    assert "mary.major" not in r.text and "<EMAIL_ADDRESS_" in r.text.replace("\\u003c", "<"), r.text


def test_echoed_metadata_in_an_answer_is_read_key_and_value(keyed: Proxy, mock: Mock) -> None:
    answer = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini",
              "output": [{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                          "content": [{"type": "output_text", "text": "ok", "annotations": []}]}],
              "metadata": {"project": "falcon"}}
    mock.script(raw_body=json.dumps(answer))
    r = post_raw(keyed, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "input": "hi"}))
    assert "falcon" not in r.text
    assert r.headers.get("x-guardrail-decision") != "allow"


def _eq(key: str, value: Any) -> dict[str, Any]:
    return {"type": "eq", "key": key, "value": value}


# A Responses file search filter names its value with its `key` (atk5 notes: `{"key": "ssn", "value": 536904399}`
# and a compound filter's `area`/`exchange`/`line` values went upstream).
FILTERS_WITH_PII = [
    (_eq("ssn", 536904399), ["536904399"]),
    (_eq("phone", 6175550143), ["6175550143"]),
    ({"type": "and", "filters": [_eq("area", 617), _eq("exchange", 555), _eq("line", "0143")]}, ["617", "555", "0143"]),
    ({"type": "and", "filters": [_eq("a", 4111), _eq("b", 1111), _eq("c", 1111), _eq("d", 1111)]}, ["4111", "1111"]),
    ({"type": "or", "filters": [_eq("team", "ops"), {"type": "and", "filters": [_eq("owner", "jane.doe@"),
                                                                                   _eq("domain", "example.com")]}]},
     ["jane.doe", "example.com"]),
]
FILTERS_WITHOUT_PII = [
    {"type": "and", "filters": [{"type": "gte", "key": "year", "value": 2020},
                                {"type": "lte", "key": "year", "value": 2024}]},
    {"type": "and", "filters": [_eq("version", "1.2.3"), _eq("build", 4521), _eq("port", 8080), _eq("shard", 12)]},
    {"type": "and", "filters": [_eq("zip", "02139"), _eq("floor", 4), _eq("room", 1012)]},
    {"type": "in", "key": "tags", "value": ["finance", "q3"]},
]


def _filter_values(filters: dict[str, Any]) -> list[Any]:
    if "filters" in filters:
        return [v for f in filters["filters"] for v in _filter_values(f)]
    return [filters["value"]]


@pytest.mark.parametrize(("filters", "needles"), FILTERS_WITH_PII)
def test_file_search_filter_values_are_read_after_their_key(keyed: Proxy, mock: Mock, filters: dict[str, Any],
                                                            needles: list[str]) -> None:
    oai(keyed).responses.create(model="gpt-4o-mini", input="Find the report.", tools=[
        {"type": "file_search", "vector_store_ids": ["vs_1"], "filters": filters}])  # type: ignore[list-item]
    sent = mock.state.requests[-1].body["tools"][0]["filters"]
    assert not any(n in json.dumps(sent) for n in needles), sent
    assert all(str(v).startswith("<") for v in _filter_values(sent) if v != "ops"), sent  # each value redacted


@pytest.mark.parametrize("filters", FILTERS_WITHOUT_PII)
def test_ordinary_file_search_filters_go_up_as_sent(keyed: Proxy, mock: Mock, filters: dict[str, Any]) -> None:
    oai(keyed).responses.create(model="gpt-4o-mini", input="Find the report.", tools=[
        {"type": "file_search", "vector_store_ids": ["vs_1"], "filters": filters}])  # type: ignore[list-item]
    assert mock.state.requests[-1].body["tools"][0]["filters"] == filters


@pytest.mark.parametrize(("filters", "needles"), FILTERS_WITH_PII[:4])
def test_file_search_filters_echoed_in_an_answer_are_read_after_their_key(keyed: Proxy, mock: Mock,
                                                                          filters: dict[str, Any],
                                                                          needles: list[str]) -> None:
    answer = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini",
              "output": [{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                          "content": [{"type": "output_text", "text": "ok", "annotations": []}]}],
              "tools": [{"type": "file_search", "vector_store_ids": ["vs_1"], "filters": filters}]}
    mock.script(raw_body=json.dumps(answer))
    r = post_raw(keyed, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "input": "hi"}))
    assert r.status_code == 200, r.text
    echoed = r.json()["tools"][0]["filters"]
    assert not any(n in json.dumps(echoed) for n in needles), echoed
