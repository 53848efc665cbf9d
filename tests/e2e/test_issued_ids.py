"""Ids the provider issued go back up as sent (thinking22, found by thinking20).

A tool loop's next request resends the answer's tool-call ids: an assistant `tool_use.id` and its
`tool_result.tool_use_id`, chat `tool_calls[].id` and `tool_call_id`, Responses `call_id` and the items' `id`. An id
of 9 digits or more in a row is screened as text (a client's `call_4111111111111111` holds a card), and so were the
provider's own ids of that shape: the mock's counter (`toolu_mock00000000000000000004` read as a `DATE_TIME`), a
UUID (an `IN_AADHAAR` in its last group, a `UUID`), a base62 id with a long run of digits (a `patterns:` rule's
match): rewritten or blocked, the provider got an id it never issued. Now an id this proxy relayed to the client in
an answer, whole or streamed, goes up as sent, whatever the policy reads; a client's own id of that shape is still
screened (`proxy.providers.issued`).
"""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai, post_raw, received

# Rules that find something in each id below when it is read as text (on input only: the client gets the ids as the
# provider wrote them).
POLICY = r"""
name: default
on_error: block
input:
  pii:
    action: redact
    entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, DATE_TIME, IN_AADHAAR, US_BANK_NUMBER, UUID]
    restore: true
  patterns:
    - {name: long_numbers, regex: '[0-9]{9,}', action: redact}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""

# None: the mock's own id (`call_mock` and a counter of 20 digits).
IDS: list[str | None] = [
    None,
    "call_12345678901234567890",
    "toolu_01Xk2910458832Bq77aZ",
    "call_123e4567-e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-426614174000",
]
ID_NAMES = ["mock", "digits20", "base62", "call_uuid", "uuid"]
MAIL = "maria.lopez@example.org"
TOOL = {"name": "lookup_order", "description": "Find an order.",
        "input_schema": {"type": "object", "properties": {"order": {"type": "string"}}}}


PII_ONLY = POLICY.replace("  patterns:\n    - {name: long_numbers, regex: '[0-9]{9,}', action: redact}\n", "")


@pytest.fixture(scope="module", params=["pii_patterns", "pii"])
def proxy(request: pytest.FixtureRequest, proxy_factory: ProxyFactory) -> Proxy:
    """The rules both ways: a match of the pattern in an id blocks, a PII finding rewrites it (`pii` alone)."""
    proxy = proxy_factory(files={"policies/default.yaml": POLICY if request.param == "pii_patterns" else PII_ONLY})
    proxy.patterns = request.param == "pii_patterns"  # type: ignore[attr-defined]
    return proxy


def _script(mock: Mock, call_id: str | None) -> None:
    mock.script(tool_calls=[{"name": "lookup_order", "arguments": {"order": "A-17"}, "id": call_id}], chunk_chars=4)


def _chat(p: Proxy, messages: list[Any], stream: bool) -> tuple[Any, list[Any]]:
    """A chat request through the openai SDK: (the message, its tool calls) as the client got them."""
    tools: Any = [{"type": "function", "function": {"name": TOOL["name"], "parameters": TOOL["input_schema"]}}]
    client = oai(p)
    if not stream:
        r = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools)
        msg = r.choices[0].message
        return msg.model_dump(exclude_none=True), list(msg.tool_calls or [])
    calls: dict[int, dict[str, Any]] = {}
    for chunk in client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools, stream=True):
        for delta in (c.delta for c in chunk.choices):
            for tc in delta.tool_calls or []:
                call = calls.setdefault(tc.index, {"id": "", "type": "function",
                                                   "function": {"name": "", "arguments": ""}})
                call["id"] += tc.id or ""
                if tc.function is not None:
                    call["function"]["name"] += tc.function.name or ""
                    call["function"]["arguments"] += tc.function.arguments or ""
    listed = [calls[i] for i in sorted(calls)]
    return {"role": "assistant", "tool_calls": listed}, listed


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("call_id", IDS, ids=ID_NAMES)
def test_chat_ids_go_back_as_sent(mock: Mock, proxy: Proxy, call_id: str | None, stream: bool) -> None:
    _script(mock, call_id)
    first: list[Any] = [{"role": "user", "content": f"Find the last order of {MAIL}."}]
    message, calls = _chat(proxy, first, stream)
    got = calls[0]["id"] if isinstance(calls[0], dict) else calls[0].id
    if call_id is not None:
        assert got == call_id
    mock.script(text="Found it.")
    loop = [*first, message, {"role": "tool", "tool_call_id": got, "content": f"Order A-17 of {MAIL}: paid."}]
    oai(proxy).chat.completions.create(model="gpt-4o-mini", messages=loop)
    sent = mock.last_body["messages"]
    assert [c["id"] for c in sent[1]["tool_calls"]] == [got]
    assert sent[2]["tool_call_id"] == got
    assert MAIL not in received(mock)  # the texts around the ids are screened as before


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("call_id", IDS, ids=ID_NAMES)
def test_messages_ids_go_back_as_sent(mock: Mock, proxy: Proxy, call_id: str | None, stream: bool) -> None:
    _script(mock, call_id)
    client = claude(proxy)
    first: list[Any] = [{"role": "user", "content": f"Find the last order of {MAIL}."}]
    kwargs: dict[str, Any] = {"model": "claude-sonnet-4-5", "max_tokens": 512, "tools": [TOOL]}
    if stream:
        with client.messages.stream(messages=first, **kwargs) as s:
            for _ in s:
                pass
            answer = s.get_final_message()
    else:
        answer = client.messages.create(messages=first, **kwargs)
    use = next(b for b in answer.content if b.type == "tool_use")
    if call_id is not None:
        assert use.id == call_id
    mock.script(text="Found it.")
    loop = [*first, {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in answer.content]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id,
                                          "content": f"Order A-17 of {MAIL}: paid."}]}]
    client.messages.create(messages=loop, **kwargs)
    sent = mock.last_body["messages"]
    assert [b["id"] for b in sent[1]["content"] if b["type"] == "tool_use"] == [use.id]
    assert sent[2]["content"][0]["tool_use_id"] == use.id
    assert MAIL not in received(mock)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("call_id", IDS, ids=ID_NAMES)
def test_responses_ids_go_back_as_sent(mock: Mock, proxy: Proxy, call_id: str | None, stream: bool) -> None:
    _script(mock, call_id)
    client = oai(proxy).responses
    tools: Any = [{"type": "function", "name": TOOL["name"], "parameters": TOOL["input_schema"]}]
    first: Any = [{"role": "user", "content": f"Find the last order of {MAIL}."}]
    if stream:
        with client.stream(model="gpt-4o", input=first, tools=tools) as s:
            for _ in s:
                pass
            answer = s.get_final_response()
    else:
        answer = client.create(model="gpt-4o", input=first, tools=tools)
    call = next(item for item in answer.output if item.type == "function_call")
    if call_id is not None:
        assert call.call_id == call_id
    mock.script(text="Found it.")
    loop = [*first, call.model_dump(exclude_none=True),
            {"type": "function_call_output", "call_id": call.call_id, "output": f"Order A-17 of {MAIL}: paid."}]
    client.create(model="gpt-4o", input=loop, tools=tools)
    sent = mock.last_body["input"]
    assert (sent[1]["id"], sent[1]["call_id"], sent[2]["call_id"]) == (call.id, call.call_id, call.call_id)
    assert MAIL not in received(mock)


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_a_clients_own_id_is_still_screened(mock: Mock, proxy: Proxy, route: str) -> None:
    """An id no answer gave the client (one its code wrote, holding a card number) is screened as before: the
    `patterns:` rule's match in an id blocks the request (an id is never rewritten by a pattern)."""
    own = "call_4111111111111111"
    mock.script(text="ok")
    if route == "chat":
        body: dict[str, Any] = {"model": "gpt-4o-mini", "messages": [
            {"role": "user", "content": "Look it up."},
            {"role": "assistant", "tool_calls": [{"id": own, "type": "function",
                                                  "function": {"name": "lookup_order", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": own, "content": "paid"}]}
        r = post_raw(proxy, "/v1/chat/completions", json.dumps(body))
    else:
        body = {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": [
            {"role": "user", "content": "Look it up."},
            {"role": "assistant", "content": [{"type": "tool_use", "id": own, "name": "lookup_order", "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": own, "content": "paid"}]}]}
        r = post_raw(proxy, "/v1/messages", json.dumps(body))
    if proxy.patterns:  # type: ignore[attr-defined]
        assert r.status_code == 400 and "long_numbers" in r.text
    else:
        assert r.status_code == 200 and "call_CREDIT_CARD_1" in received(mock)
    assert "4111111111111111" not in received(mock)


def test_an_id_the_answer_rewrote_is_not_remembered_as_the_provider_wrote_it(mock: Mock, proxy: Proxy) -> None:
    """The provider's id holding a card reaches the client redacted; the provider's spelling, sent by a client
    that never got it, is still screened: only what the client was given is remembered."""
    leaked = "call_4111111111111111"
    _script(mock, leaked)
    first: list[Any] = [{"role": "user", "content": "Find the last order."}]
    _, calls = _chat(proxy, first, stream=False)
    assert calls[0].id != leaked and "4111111111111111" not in calls[0].id
    mock.script(text="ok")
    loop = [*first, {"role": "assistant", "tool_calls": [{"id": leaked, "type": "function",
                                                          "function": {"name": "lookup_order", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": leaked, "content": "paid"}]
    if proxy.patterns:  # type: ignore[attr-defined]
        served = len(mock.state.requests)
        with pytest.raises(openai.BadRequestError, match="long_numbers"):
            oai(proxy).chat.completions.create(model="gpt-4o-mini", messages=loop)
        assert len(mock.state.requests) == served
    else:
        oai(proxy).chat.completions.create(model="gpt-4o-mini", messages=loop)
        assert "4111111111111111" not in json.dumps(mock.last_body["messages"])


# ---- atk23 L2: an id is remembered for the team whose answer relayed it

@pytest.fixture(scope="module")
def teams(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"a": {}, "b": {}}, files={"policies/default.yaml": POLICY})


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_an_id_relayed_to_one_team_is_screened_in_anothers(mock: Mock, teams: Proxy, stream: bool) -> None:
    import openai

    call_id = "call_12345678901234567890"
    _script(mock, call_id)
    first: list[Any] = [{"role": "user", "content": "Find the last order."}]
    tools: Any = [{"type": "function", "function": {"name": TOOL["name"], "parameters": TOOL["input_schema"]}}]
    a = openai.OpenAI(base_url=f"{teams.url}/v1", api_key=teams.keys["a"], max_retries=0)
    if stream:
        ids = [tc.id for chunk in a.chat.completions.create(model="gpt-4o-mini", messages=first, tools=tools,
                                                             stream=True)
               for c in chunk.choices for tc in c.delta.tool_calls or [] if tc.id]
    else:
        ids = [tc.id for tc in a.chat.completions.create(model="gpt-4o-mini", messages=first,
                                                          tools=tools).choices[0].message.tool_calls or []]
    assert ids == [call_id]
    loop = [*first, {"role": "assistant", "tool_calls": [{"id": call_id, "type": "function", "function": {
        "name": "lookup_order", "arguments": "{\"order\": \"A-17\"}"}}]},
            {"role": "tool", "tool_call_id": call_id, "content": "paid"}]
    mock.script(text="Found it.")
    a.chat.completions.create(model="gpt-4o-mini", messages=loop)
    assert mock.last_body["messages"][2]["tool_call_id"] == call_id  # the team it was relayed to: as sent
    b = openai.OpenAI(base_url=f"{teams.url}/v1", api_key=teams.keys["b"], max_retries=0)
    with pytest.raises(openai.BadRequestError) as err:  # another team: screened (the pattern's match blocks)
        b.chat.completions.create(model="gpt-4o-mini", messages=loop)
    assert "long_numbers" in str(err.value)
