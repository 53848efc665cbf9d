"""Ids, names, the model and sealed values that hold digits as data (issue 12: F3, F6, F13), end to end.

The README exempts ids, names, the model, signatures, encrypted content and credentials from screening
while they have the shape they claim. A card or phone number written into one (`call_4111111111111111`,
`call-617-555-0143`, a tool name `card_4111...`, an MCP header NAME) is not of that shape: on the way in
it is screened (an id redacted, a name or the model blocked: it cannot be rewritten), on the way out it is
redacted like any text, and a placeholder in such a field is never restored there. Real values (OpenAI's
base62 and hex ids, dated model names, long signatures) go on unchanged. The shipped policies are used
(`policies/default.yaml`, `policies/strict.yaml`), with the real Presidio pipeline; the mock provider
records what it received and serves crafted answers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

REPO = Path(__file__).resolve().parents[2]
CARD = "4111111111111111"
CARD2 = "5555555555554444"
PHONE = "617-555-0143"
PHONE2 = "212-555-0199"
MAIL = "dana.voss@quillhaven.net"
CHAT, MESSAGES, RESPONSES = "/v1/chat/completions", "/v1/messages", "/v1/responses"
AUTH = {"x-api-key": "sk-x", "anthropic-version": "2023-06-01"}


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    """The shipped policies: team `app` on `default`, team `strict` on `strict` (cards: block)."""
    files = {f"policies/{n}.yaml": (REPO / "policies" / f"{n}.yaml").read_text() for n in ("default", "strict")}
    return proxy_factory(teams={"app": {}, "strict": {"policy": "strict"}}, files=files)


def post(p: Proxy, path: str, body: dict[str, Any], team: str = "app") -> httpx.Response:
    headers = {**AUTH, "Authorization": f"Bearer {p.keys[team]}", "x-api-key": p.keys[team]}
    return httpx.post(f"{p.url}{path}", json=body, headers=headers, timeout=60)


def digits(text: str) -> str:
    """Digits only: a number reads the same whatever separates its groups."""
    return re.sub(r"[^0-9]", "", text)


def upstream(mock: Mock) -> str:
    return json.dumps([r.body for r in mock.state.requests]) + json.dumps([r.path for r in mock.state.requests])


def tool_turn(call_id: str, name: str = "lookup") -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "tool_calls": [{"id": call_id, "type": "function",
                                              "function": {"name": name, "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": call_id, "content": "found"}]}


def claude(**extra: Any) -> dict[str, Any]:
    return {"model": "claude-3-5-haiku-latest", "max_tokens": 10, **extra}


# ------------------------------------------------------------------------------------ F3: the way in

# (route, body, the number that must not reach the provider): the review's payloads and more.
IDS_IN = [
    (CHAT, tool_turn(f"call_{CARD}"), CARD),
    (CHAT, tool_turn(f"call-{PHONE}"), PHONE),
    (CHAT, tool_turn(f"call.{PHONE.replace('-', '.')}"), PHONE),
    (CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "read it"}, {"type": "file", "file": {"file_id": f"file-{CARD}"}}]}]}, CARD),
    (RESPONSES, {"model": "gpt-4o-mini", "input": [
        {"type": "function_call", "call_id": f"call_{CARD}", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": f"call_{CARD}", "output": "ok"}]}, CARD),
    (RESPONSES, {"model": "gpt-4o-mini", "input": [{"type": "item_reference", "id": f"msg_{CARD}"}]}, CARD),
    (RESPONSES, {"model": "gpt-4o-mini", "input": [
        {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": f"enc{CARD}"}]}, CARD),
    (RESPONSES, {"model": "gpt-4o-mini", "input": "hi", "previous_response_id": f"resp_{CARD}"}, CARD),
    (RESPONSES, {"model": "gpt-4o-mini", "input": "hi", "conversation": f"conv_{CARD}"}, CARD),
    (RESPONSES, {"model": "gpt-4o-mini", "input": "hi", "prompt": {"id": f"pmpt_{CARD}"}}, CARD),
    (RESPONSES, {"model": "gpt-4o-mini", "input": "hi", "tools": [
        {"type": "mcp", "server_label": "s", "server_url": "https://mcp.example/", "authorization": f"tok{CARD}"}]},
     CARD),
    (MESSAGES, claude(messages=[
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": f"toolu_{CARD}", "name": "f", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": f"toolu_{CARD}", "content": "ok"}]}]),
     CARD),
    (MESSAGES, claude(messages=[
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [{"type": "redacted_thinking", "data": f"sig{CARD}"},
                                          {"type": "text", "text": "ok"}]},
        {"role": "user", "content": "y"}]), CARD),
    (MESSAGES, claude(messages=[
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [{"type": "thinking", "thinking": "ok", "signature": f"a{CARD}"},
                                          {"type": "text", "text": "ok"}]},
        {"role": "user", "content": "y"}]), CARD),
    (MESSAGES, claude(messages=[{"role": "user", "content": "hi"}], container=f"cntr_{CARD}"), CARD),
    (MESSAGES, claude(messages=[{"role": "user", "content": "hi"}], mcp_servers=[
        {"type": "url", "url": "https://mcp.example/", "name": "s", "authorization_token": f"tok{CARD}"}]), CARD),
]

# Names and the model: they cannot be rewritten, so a finding blocks the request.
NAMES_IN = [
    (CHAT, {"model": CARD, "messages": [{"role": "user", "content": "hi"}]}, CARD),
    (CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "tools": [
        {"type": "function", "function": {"name": f"card_{CARD}", "parameters": {"type": "object"}}}]}, CARD),
    (CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "tools": [
        {"type": "function", "function": {"name": f"call-{PHONE}", "parameters": {"type": "object"}}}]}, PHONE),
    (CHAT, tool_turn("call_1", name=f"card_{CARD}"), CARD),
    (MESSAGES, claude(messages=[{"role": "user", "content": "hi"}],
                      tools=[{"name": f"card_{CARD}", "input_schema": {"type": "object"}}]), CARD),
    (RESPONSES, {"model": "gpt-4o-mini", "input": "hi", "tools": [
        {"type": "mcp", "server_label": "s", "server_url": "https://mcp.example/",
         "headers": {f"X-{CARD}": "abc"}}]}, CARD),
    (CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "response_format": {
        "type": "json_schema", "json_schema": {"name": f"s{CARD}", "schema": {"type": "object"}}}}, CARD),
]


@pytest.mark.parametrize(("path", "body", "value"), IDS_IN + NAMES_IN)
@pytest.mark.parametrize("team", ["app", "strict"])
def test_digits_as_data_in_exempt_fields_do_not_go_upstream(shipped: Proxy, mock: Mock, path: str,
                                                            body: dict[str, Any], value: str, team: str) -> None:
    r = post(shipped, path, body, team)
    assert r.status_code in (200, 400), r.text
    assert digits(value) not in digits(upstream(mock))
    if r.status_code == 400:
        assert value not in r.text  # a refusal names the check, never the value
    if team == "strict" and value == CARD:  # strict: a card never goes upstream, not even as a placeholder
        assert r.status_code == 400 and mock.state.requests == []


@pytest.mark.parametrize(("path", "body", "value"), NAMES_IN)
def test_a_name_or_model_with_a_finding_blocks(shipped: Proxy, mock: Mock, path: str, body: dict[str, Any],
                                               value: str) -> None:
    r = post(shipped, path, body)
    assert r.status_code == 400, r.text
    assert mock.state.requests == []
    record = shipped.record_for(r.headers["x-guardrail-request-id"])
    assert record["decision"] == "block"
    assert any(c["check"] == "name_text" and c["action"] == "block" for c in record["checks"]), record["checks"]


def test_an_id_with_a_phone_number_is_redacted_alike_where_it_recurs(shipped: Proxy, mock: Mock) -> None:
    """The official SDK: a tool call id holding a phone number goes upstream redacted, the same placeholder
    in the assistant's tool call and in the tool message (the provider still pairs them)."""
    client = openai.OpenAI(base_url=f"{shipped.url}/v1", api_key=shipped.keys["app"], max_retries=0)
    client.chat.completions.create(**tool_turn(f"call-{PHONE}"))  # type: ignore[call-overload]
    sent = mock.last_body["messages"]
    first, second = sent[1]["tool_calls"][0]["id"], sent[2]["tool_call_id"]
    assert first == second == "call-PHONE_NUMBER_1"


@pytest.mark.parametrize("tool_id", [f"toolu_{PHONE}", "toolu_617x555x0143", f"toolu_{CARD}",
                                     "toolu_617AB555CD0143", "toolu_4111ab1111cde1111f1111"])  # atk8 B M3
def test_an_anthropic_tool_use_id_is_rewritten_in_the_characters_anthropic_takes(shipped: Proxy, mock: Mock,
                                                                                 tool_id: str) -> None:
    """The official SDK: a `tool_use` id holding a value goes upstream redacted, alike in the `tool_use` and
    its `tool_result`, and still of Anthropic's id pattern `^[a-zA-Z0-9_-]+$` (a placeholder's `<` would
    make the provider refuse the whole conversation)."""
    import anthropic

    client = anthropic.Anthropic(base_url=shipped.url, api_key=shipped.keys["app"], max_retries=0)
    client.messages.create(model="claude-3-5-haiku-latest", max_tokens=16, messages=[
        {"role": "user", "content": "Look it up."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": tool_id, "name": "lookup", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_id, "content": "found"}]}])
    sent = mock.last_body["messages"]
    first, second = sent[1]["content"][0]["id"], sent[2]["content"][0]["tool_use_id"]
    assert first == second
    assert re.fullmatch(r"[A-Za-z0-9_-]+", first), first
    assert digits(first) == "1", first  # the placeholder's number, none of the value's digits


REAL = [
    (CHAT, tool_turn("call_Vw5HjfqeTFc5fE8T1oY4xGjx", name="get_weather_v2")),
    (CHAT, {"model": "o1-2024-12-17", "messages": [{"role": "user", "content": "hi"}]}),
    (CHAT, {"model": "gpt-4o-mini-2024-07-18", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "read"}, {"type": "file", "file": {"file_id": "file-BK7bzQj3FfZFXr7DbL6xJwfo"}}]}]}),
    # random hex: a run of 12 digits comes by chance (left alone: README)
    (RESPONSES, {"model": "gpt-4o-mini", "input": "hi",
                 "previous_response_id": "resp_67ccd2bed1ec8190b14f964a105426701239a6b452d3795b"}),
    (RESPONSES, {"model": "gpt-4o-mini", "input": [
        {"type": "item_reference", "id": "msg_030d085c0b53e67e0069332e3a72d4819c96c6f2c4adc15d33"}]}),
    (MESSAGES, claude(messages=[
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "ok",
             "signature": "EqQBCgIYAhIM1gbcDa9GJwZA1234567890Ri7kQpLmNoZx3vW2sTuY8eHcBd4fGhJk5lMnOp6qRs7tUvWx"},
            {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9",
                                      "content": "sunny"}]}],
        container="container_011CPR5CNjB747bTd36fQLFk")),
]


@pytest.mark.parametrize(("path", "body"), REAL)
def test_real_ids_names_and_signatures_go_on_unchanged(shipped: Proxy, mock: Mock, path: str,
                                                       body: dict[str, Any]) -> None:
    r = post(shipped, path, body, "strict")
    assert r.status_code == 200, r.text
    assert mock.last_body == body


# ----------------------------------------------------------------------------------- F6: the way out


def chat_answer(**over: Any) -> dict[str, Any]:
    message = {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_Vw5HjfqeTFc5fE8T1oY4xGjx", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]}
    answer: dict[str, Any] = {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion",
                              "created": 1, "model": "gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb",
                              "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
                              "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}
    for path, value in over.items():
        node: Any = answer
        *steps, last = path.split(".")
        for step in steps:
            node = node[int(step)] if step.isdigit() else node[step]
        node[last] = value
    return answer


CHAT_OUT = [
    {"choices.0.message.tool_calls.0.function.name": CARD2},
    {"choices.0.message.tool_calls.0.id": PHONE2},
    {"id": CARD2},
    {"system_fingerprint": PHONE2},
    {"choices.0.finish_reason": PHONE2},
    {"choices.0.message.role": CARD2},
    {"object": f"x-{PHONE2}"},
    {"error": {"message": "partial", "code": PHONE2, "type": "server_error"}},
    {"choices.0.message.tool_calls.0.id": f"call-{PHONE2}"},
]


@pytest.mark.parametrize("over", CHAT_OUT)
def test_ids_names_and_enums_of_an_answer_are_screened(shipped: Proxy, mock: Mock, over: dict[str, Any]) -> None:
    mock.script(raw_body=json.dumps(chat_answer(**over)))
    r = post(shipped, CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 200, r.text
    value = next(iter(over.values()))
    assert digits(value if isinstance(value, str) else value["code"]) not in digits(r.text)
    assert shipped.record_for(r.headers["x-guardrail-request-id"])["decision"] in ("redact", "block")


def test_real_answer_ids_and_enums_pass_unchanged(shipped: Proxy, mock: Mock) -> None:
    answer = chat_answer(id="chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT")
    mock.script(raw_body=json.dumps(answer))
    r = post(shipped, CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})
    assert r.json() == answer
    hexy = {"id": "resp_67ccd2bed1ec8190b14f964a105426701239a6b452d3795b", "object": "response",
            "created_at": 1, "status": "completed", "model": "gpt-4o-mini-2024-07-18", "output": [
                {"type": "function_call", "id": "fc_67ca09c6bedc8190a7abfec07b1a1332096610f474011cc0",
                 "call_id": "call_Vw5HjfqeTFc5fE8T1oY4xGjx", "name": "get_weather", "arguments": "{}",
                 "status": "completed"}]}
    mock.script(raw_body=json.dumps(hexy))
    r = post(shipped, RESPONSES, {"model": "gpt-4o-mini", "input": "hi"})
    assert r.json() == hexy


def test_anthropic_and_streamed_ids_names_and_enums_are_screened(shipped: Proxy, mock: Mock) -> None:
    answer = {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
              "model": "claude-3-5-haiku-latest", "stop_reason": PHONE2, "stop_sequence": None,
              "content": [{"type": "tool_use", "id": PHONE2, "name": CARD2, "input": {}}],
              "usage": {"input_tokens": 3, "output_tokens": 2}}
    mock.script(raw_body=json.dumps(answer))
    r = post(shipped, MESSAGES, claude(messages=[{"role": "user", "content": "hi"}]))
    assert r.status_code == 200, r.text
    assert digits(PHONE2) not in digits(r.text) and CARD2 not in r.text

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        return "data: " + json.dumps({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1,
                                      "model": "gpt-4o-mini", "choices": [
                                          {"index": 0, "delta": delta, "finish_reason": finish}]}) + "\n\n"

    call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": CARD2, "arguments": "{}"}}
    mock.script(raw_sse=chunk({"role": "assistant", "tool_calls": [call]}) + chunk({}, PHONE2) + "data: [DONE]\n\n")
    r = post(shipped, CHAT, {"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 200, r.text
    assert digits(PHONE2) not in digits(r.text) and CARD2 not in r.text


def test_model_ids_are_screened(shipped: Proxy, mock: Mock) -> None:
    listing = {"object": "list", "data": [{"id": CARD2, "object": "model", "created": 1, "owned_by": "system"},
                                          {"id": "gpt-4o-mini-2024-07-18", "object": "model", "created": 1,
                                           "owned_by": "system"}]}
    mock.script(raw_body=json.dumps(listing))
    r = httpx.get(f"{shipped.url}/v1/models", headers={"Authorization": f"Bearer {shipped.keys['app']}"}, timeout=30)
    assert r.status_code == 200, r.text
    assert CARD2 not in r.text and "gpt-4o-mini-2024-07-18" in r.text


# ---------------------------------------------------------------------------------- F13: where restore writes


def test_restore_writes_into_text_never_into_ids_names_or_the_model(shipped: Proxy, mock: Mock) -> None:
    """The client's own value comes back in the answer's text and tool arguments (keys too), never in an id,
    the model, a tool name or an enum: apps log those as carrying no personal data."""
    answer = chat_answer(**{"id": "<EMAIL_ADDRESS_1>", "model": "gpt-<EMAIL_ADDRESS_1>",
                            "choices.0.message.content": "Sent to <EMAIL_ADDRESS_1>.",
                            "choices.0.message.tool_calls.0.id": "call_<EMAIL_ADDRESS_1>",
                            "choices.0.message.tool_calls.0.function.name": "send_<EMAIL_ADDRESS_1>",
                            "choices.0.message.tool_calls.0.function.arguments":
                                json.dumps({"<EMAIL_ADDRESS_1>": "<EMAIL_ADDRESS_1>"})})
    mock.script(raw_body=json.dumps(answer))
    r = post(shipped, CHAT, {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"Mail {MAIL}"}]})
    assert r.status_code == 200, r.text
    assert mock.last_body["messages"][0]["content"] == "Mail <EMAIL_ADDRESS_1>"
    got = r.json()
    message = got["choices"][0]["message"]
    assert message["content"] == f"Sent to {MAIL}."
    assert json.loads(message["tool_calls"][0]["function"]["arguments"]) == {MAIL: MAIL}
    call = message["tool_calls"][0]
    for value in (got["id"], got["model"], call["id"], call["function"]["name"]):
        assert MAIL not in value and "<EMAIL_ADDRESS_1>" in value


def test_an_azure_deployment_holding_a_card_is_refused(shipped: Proxy, mock: Mock) -> None:
    """The deployment in an Azure path is the model: a card there goes nowhere (the review's `d4111...`)."""
    r = httpx.post(f"{shipped.url}/openai/deployments/d{CARD}/chat/completions?api-version=2024-06-01",
                   headers={"api-key": shipped.keys["app"]}, timeout=60,
                   json={"messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 400, r.text
    assert "name_text" in r.text and CARD not in r.text
    assert mock.state.requests == []


def test_restore_never_writes_into_an_mcp_server_name(shipped: Proxy, mock: Mock) -> None:
    """atk12 A L1: Anthropic's `mcp_tool_use.server_name` (the MCP server's name, a name the request defined) got the
    client's value restored into it; Responses' `mcp_call.server_label` kept its placeholder."""
    answer = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
              "content": [{"type": "mcp_tool_use", "id": "mcptoolu_1", "name": "lookup",
                           "server_name": "<EMAIL_ADDRESS_1>", "input": {}},
                          {"type": "text", "text": "Looked up <EMAIL_ADDRESS_1>."}],
              "stop_reason": "end_turn", "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 5}}
    mock.script(raw_body=json.dumps(answer))
    r = post(shipped, "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 20,
                                       "messages": [{"role": "user", "content": f"Mail {MAIL}"}]})
    assert r.status_code == 200, r.text
    blocks = r.json()["content"]
    assert blocks[0]["server_name"] == "<EMAIL_ADDRESS_1>" and blocks[1]["text"] == f"Looked up {MAIL}."
