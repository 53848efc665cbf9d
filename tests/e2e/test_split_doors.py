"""Values split across the parts and fields of one request (issue 12, "No side doors": texts analysed together
as well as apart), end to end with the official SDKs and what the mock provider RECEIVED: digits spelt out in
an array or in printed groups under a key that names no type, an e-mail address split over a user and a domain
value, a codename or a number split between a field read alone and its text (a message's `name`, a tool's
description, `metadata`), a phone number cut where doubled spaces stand, and a value in an id split by letters.
Technical data of the same shapes passes unaltered. Values differ from the review's (`415 555 0176`,
`5105 1051 0510 5100`, `412-63-7785`, `lena.vos@brightquay.org`, `project osprey`)."""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, claude, oai, received

PHONE = [4, 1, 5, 5, 5, 5, 0, 1, 7, 6]
CARD = [5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 5, 1, 0, 0]
SSN = [4, 1, 2, 6, 3, 7, 7, 8, 5]


@pytest.fixture(scope="module")
def split(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _history(args: dict[str, Any], call_id: str = "call_1") -> list[Any]:
    return [{"role": "user", "content": "look it up"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": call_id, "type": "function", "function": {"name": "lookup", "arguments": json.dumps(args)}}]},
            {"role": "tool", "tool_call_id": call_id, "content": "done"}]


def _digits(mock: Mock) -> str:
    return "".join(c for c in received(mock) if c.isdigit())


# ------------------------------------------------------------------------------- digits under any key

@pytest.mark.parametrize(("args", "value"), [
    ({"number": PHONE}, "4155550176"),
    ({"contact": [str(d) for d in PHONE]}, "4155550176"),
    ({"digits": CARD}, "5105105105105100"),
    ({"d": SSN}, "412637785"),
    ({"acct": {"p1": "415", "p2": "555", "p3": "0176"}}, "4155550176"),
    ({"x": ["5105", "1051", "0510", "5100"]}, "5105105105105100"),
])
def test_digits_spelt_out_under_any_key_in_tool_call_arguments(split: Proxy, mock: Mock, args: dict[str, Any],
                                                               value: str) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    sent = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])  # still JSON
    assert value not in _digits(mock) and "<" in json.dumps(sent), sent


def test_digits_spelt_out_in_anthropic_and_responses_tool_inputs(split: Proxy, mock: Mock) -> None:
    claude(split).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "pay"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "pay", "input": {"n": CARD}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "ok"}]}])
    got = mock.last_body["messages"][1]["content"][0]["input"]["n"]
    assert len(got) == len(CARD) and all(str(e).startswith("<CREDIT_CARD_") for e in got), got
    oai(split).responses.create(model="gpt-4o-mini", input=[
        {"role": "user", "content": "call"},
        {"type": "function_call", "call_id": "call_1", "name": "dial", "arguments": json.dumps({"value": PHONE})},
        {"type": "function_call_output", "call_id": "call_1", "output": "ok"}])  # type: ignore[list-item]
    assert "4155550176" not in _digits(mock) and "<PHONE_NUMBER_" in received(mock)


@pytest.mark.parametrize("args", [
    {"shape": [256, 512, 1024]}, {"range": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}, {"rgb": [255, 128, 0]},
    {"version": [3, 11, 4]}, {"ports": [5432, 6379, 8080, 9200]}, {"coords": [42.3601, -71.0589]},
    {"arr": [5, 3, 8, 1, 9, 2, 7, 4, 6]}, {"mask": [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]},
])
def test_technical_arrays_pass_unaltered(split: Proxy, mock: Mock, args: dict[str, Any]) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    assert json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"]) == args


# --------------------------------------------------------------------------------- e-mail in two values

@pytest.mark.parametrize("args", [
    {"user": "lena.vos", "domain": "brightquay.org"},
    {"local": "lena.vos", "host": "brightquay.org"},
])
def test_an_email_split_over_two_argument_values(split: Proxy, mock: Mock, args: dict[str, Any]) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    sent = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert all(v.startswith("<EMAIL_ADDRESS_") for v in sent.values()), sent
    assert "lena" not in received(mock) and "brightquay" not in received(mock)


@pytest.mark.parametrize("args", [{"name": "api", "host": "example.com"}, {"user": "postgres", "host": "db.acme.io"}])
def test_a_name_or_login_beside_a_host_passes(split: Proxy, mock: Mock, args: dict[str, Any]) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=_history(args))  # type: ignore[arg-type]
    assert json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"]) == args


# ------------------------------------------------------------------------------ fields and their texts

@pytest.mark.parametrize("kwargs", [
    {"messages": [{"role": "user", "name": "osprey", "content": "about project"}]},
    {"messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "function", "function": {
        "name": "f", "description": "about project", "parameters": {"type": "object", "properties": {
            "x": {"type": "string", "description": "osprey"}}}}}]},
    {"messages": [{"role": "user", "content": "status of project"}], "metadata": {"tag": "osprey"}},
    {"messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "function", "function": {  # atk6 s6 E8
        "name": "f", "description": "call project", "parameters": {"type": "object", "properties": {
            "falcon": {"type": "string"}}}}}]},
])
def test_a_codename_split_between_a_field_and_its_text_is_blocked(split: Proxy, mock: Mock,
                                                                  kwargs: dict[str, Any]) -> None:
    with pytest.raises(openai.BadRequestError):
        oai(split).chat.completions.create(model="gpt-4o-mini", **kwargs)
    assert mock.state.requests == []


def test_a_phone_split_between_a_message_and_metadata(split: Proxy, mock: Mock) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "ring 415-555"}],
                                       metadata={"x": "-0176"})
    assert "4155550176" not in _digits(mock) and mock.last_body["metadata"]["x"].startswith("<PHONE_NUMBER_")


def test_a_phone_split_over_two_messages_with_doubled_spaces(split: Proxy, mock: Mock) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "ring 415    555"}, {"role": "user", "content": "    0176"}])
    assert "0176" not in received(mock) and "<PHONE_NUMBER_" in received(mock)


# ------------------------------------------------------------------------------------- ids split by letters

def test_a_value_in_an_id_split_by_letters_is_not_sent(split: Proxy, mock: Mock) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=_history({"q": 1}, "call_415x555x0176"))  # type: ignore[arg-type]
    assert "4155550176" not in _digits(mock)
    sent = mock.last_body["messages"]
    assert sent[1]["tool_calls"][0]["id"] == sent[2]["tool_call_id"]  # the same rewrite on both sides
    claude(split).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_412a63b7785", "name": "f", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_412a63b7785", "content": "ok"}]}])
    assert "412637785" not in _digits(mock)


def test_random_ids_pass(split: Proxy, mock: Mock) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini",
                                       messages=_history({"q": 1}, "call_Vw5Hj4fq2TFc5fE8T1oY4xGj"))  # type: ignore[arg-type]
    assert mock.last_body["messages"][2]["tool_call_id"] == "call_Vw5Hj4fq2TFc5fE8T1oY4xGj"


def test_an_anthropic_tool_description_and_its_schema(split: Proxy, mock: Mock) -> None:
    with pytest.raises(anthropic.BadRequestError):
        claude(split).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                      messages=[{"role": "user", "content": "hi"}],
                                      tools=[{"name": "f", "description": "project", "input_schema": {
                                          "type": "object", "properties": {"x": {"type": "string",
                                                                                "description": "osprey"}}}}])
    assert mock.state.requests == []


# --------------------------------------------------------- fields of a message, tool descriptions, documents

@pytest.mark.parametrize("route", ["chat", "responses", "messages"])
def test_a_phone_split_between_a_field_or_document_part_and_the_next_text(split: Proxy, mock: Mock,
                                                                          route: str) -> None:
    # A message's own field (`reasoning_content`), a reasoning item's summary, a document's title before its
    # body, a tool's description before the first message: each was read alone, and the value went in halves.
    if route == "chat":
        oai(split).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
            {"role": "assistant", "content": None, "reasoning_content": "ring 415-555-"},
            {"role": "user", "content": "0176 now"}])
        oai(split).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "0176 now"}],
                                           tools=[{"type": "function", "function": {
                                               "name": "f", "description": "ring 415-555-",
                                               "parameters": {"type": "object"}}}])
    elif route == "responses":
        oai(split).responses.create(model="gpt-4o-mini", input=[  # type: ignore[list-item]
            {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "ring 415-555-"}]},
            {"role": "user", "content": "0176 now"}])
    else:
        claude(split).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
            {"role": "user", "content": [{"type": "document", "title": "ring 415-555-", "source": {
                "type": "text", "media_type": "text/plain", "data": "0176 now"}}]}])
        claude(split).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                      messages=[{"role": "user", "content": "0176 now"}],
                                      tools=[{"name": "f", "description": "ring 415-555-",
                                              "input_schema": {"type": "object"}}])
    assert "0176" not in received(mock) and "<PHONE_NUMBER_" in received(mock)


def test_ordinary_fields_beside_messages_pass(split: Proxy, mock: Mock) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "assistant", "content": None, "reasoning_content": "Step 2 of 3: compare the totals."},
        {"role": "user", "content": "17 items left; order 4 more by Friday."}],
        tools=[{"type": "function", "function": {"name": "f", "description": "Returns version 2.1 of the report",
                                                 "parameters": {"type": "object"}}}])
    body = mock.last_body
    assert body["messages"][0]["reasoning_content"] == "Step 2 of 3: compare the totals."
    assert body["messages"][1]["content"] == "17 items left; order 4 more by Friday."
    assert body["tools"][0]["function"]["description"] == "Returns version 2.1 of the report"
