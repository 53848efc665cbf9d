"""Ids and names in answers (issue 12, "No side doors"), end to end with the official SDKs: an output `patterns:`
rule did not read the fields the answer inventory treats as ids and names, so an answer with `"model":
"project-falcon"`, a tool call named `project_falcon` or with the id `call_projectfalcon` reached the client.
Now the rules read every string the client receives but the SDKs' enumerated words; a match in an id or a name
blocks the answer (it cannot be redacted), whole or streamed, and the blocked answer does not carry it either.
Ordinary ids and names pass unchanged. Codename spellings differ from the review's."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

POLICY = """
name: default
on_error: block
output:
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""
MONITOR = POLICY.replace("on_error: block", "on_error: block\nmode: monitor")
ASK = [{"role": "user", "content": "check the build"}]


@pytest.fixture(scope="module")
def named(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _codename(text: str) -> bool:
    squeezed = "".join(c for c in text.lower() if c.isalpha())
    return "projectfalcon" in squeezed or "projectosprey" in squeezed


@pytest.mark.parametrize(("model", "call"), [
    ("Project-Falcon-4o", {"name": "status", "arguments": "{}"}),
    ("gpt-4o-mini", {"name": "project_osprey_status", "arguments": "{}"}),
    ("gpt-4o-mini", {"name": "status", "arguments": "{}", "id": "call_projectFalcon"}),
])
def test_a_codename_in_an_answer_id_or_name_blocks(named: Proxy, mock: Mock, model: str, call: dict[str, Any]) -> None:
    client = oai(named)
    mock.script(tool_calls=[call])
    raw = client.chat.completions.with_raw_response.create(model=model, messages=ASK)  # type: ignore[arg-type]
    assert raw.headers["x-guardrail-decision"] == "block"
    answer = raw.parse()
    assert not _codename(answer.model_dump_json()), answer.model_dump_json()
    assert answer.choices[0].finish_reason == "content_filter"
    rec = named.record_for(raw.headers["x-guardrail-request-id"])
    assert any(c["check"] == "patterns" and c["phase"] == "output" and c["action"] == "block" for c in rec["checks"])
    mock.script(tool_calls=[call], chunk_chars=4)
    chunks = list(client.chat.completions.create(model=model, messages=ASK, stream=True))  # type: ignore[arg-type]
    events = "".join(c.model_dump_json() for c in chunks)
    assert not _codename(events), events
    assert any(choice.finish_reason == "content_filter" for c in chunks for choice in c.choices), events


def test_anthropic_and_responses_answers(named: Proxy, mock: Mock) -> None:
    mock.script(tool_calls=[{"name": "projectFalconDeploy", "arguments": "{}"}])
    message = claude(named).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                            messages=ASK)  # type: ignore[arg-type]
    assert not _codename(message.model_dump_json()) and message.stop_reason != "tool_use", message
    mock.script(tool_calls=[{"name": "status", "arguments": "{}"}], chunk_chars=4)
    with claude(named).messages.stream(model="project-osprey", max_tokens=10, messages=ASK) as s:  # type: ignore[arg-type]
        events = "".join(e.model_dump_json() for e in s)
    assert not _codename(events), events
    mock.script(tool_calls=[{"name": "project_falcon", "arguments": "{}"}])
    response = oai(named).responses.create(model="gpt-4o-mini", input="check the build")
    assert not _codename(response.model_dump_json()), response.model_dump_json()


def test_ordinary_ids_and_names_pass_unchanged(named: Proxy, mock: Mock) -> None:
    mock.script(tool_calls=[{"name": "falcon_status", "arguments": "{\"project\": \"build\"}", "id": "call_9xQ"}])
    answer = oai(named).chat.completions.create(model="gpt-4o-mini", messages=ASK)  # type: ignore[arg-type]
    calls = answer.choices[0].message.tool_calls
    assert answer.model == "gpt-4o-mini" and calls is not None
    assert calls[0].id == "call_9xQ" and calls[0].function.name == "falcon_status"  # type: ignore[union-attr]
    assert json.loads(calls[0].function.arguments) == {"project": "build"}  # type: ignore[union-attr]


def test_monitor_mode_records_and_passes(proxy_factory: ProxyFactory, mock: Mock) -> None:
    watched = proxy_factory(files={"policies/default.yaml": MONITOR})
    raw = oai(watched).chat.completions.with_raw_response.create(model="project-falcon",
                                                                  messages=ASK)  # type: ignore[arg-type]
    assert raw.parse().model == "project-falcon"
    rec = watched.record_for(raw.headers["x-guardrail-request-id"])
    assert any(c["check"] == "patterns" and c["action"] == "would_block" for c in rec["checks"]), rec["checks"]


# ------------------------------------------------- streamed names in pieces, n=2 endings, sequence numbers
# (issue 12, stream correctness: found by a README-only review with the SDKs' stream helpers)

TOOLS = [{"type": "function",
          "function": {"name": "falcon_status", "parameters": {"type": "object", "properties": {}}}}]


def _sse(*events: dict[str, Any], named: bool = False) -> str:
    out = "".join((f"event: {e['type']}\n" if named else "") + f"data: {json.dumps(e)}\n\n" for e in events)
    return out if named else out + "data: [DONE]\n\n"


def _chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}


def _named_in_pieces(first: str, second: str) -> str:
    return _sse(_chunk({"role": "assistant"}),
                _chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                        "function": {"name": first, "arguments": ""}}]}),
                _chunk({"tool_calls": [{"index": 0, "function": {"name": second, "arguments": "{}"}}]}),
                _chunk({}, "tool_calls"))


def test_a_streamed_name_in_pieces_reaches_the_sdk_once(named: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=_named_in_pieces("falcon_", "status"))
    with oai(named).chat.completions.stream(model="gpt-4o-mini", messages=ASK, tools=TOOLS) as s:  # type: ignore[arg-type]
        final = s.get_final_completion()
    calls = final.choices[0].message.tool_calls
    assert calls is not None and [(c.id, c.function.name, c.function.arguments) for c in calls] == [
        ("call_1", "falcon_status", "{}")]


def test_a_codename_joined_from_streamed_name_pieces_blocks(named: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=_named_in_pieces("project_", "falcon_status"))
    with oai(named).chat.completions.stream(model="gpt-4o-mini", messages=ASK, tools=TOOLS) as s:  # type: ignore[arg-type]
        events = "".join(e.model_dump_json() for e in s)
        final = s.current_completion_snapshot  # (`get_final_completion` raises on `content_filter`)
    assert "project_" not in events and not _codename(final.model_dump_json()), events
    assert final.choices[0].finish_reason == "content_filter"
    # the decision log says why
    mock.script(raw_sse=_named_in_pieces("project_", "osprey"))
    with oai(named).chat.completions.with_streaming_response.create(model="gpt-4o-mini", messages=ASK,
                                                                     stream=True) as raw:  # type: ignore[arg-type]
        body = raw.read().decode()
        rec = named.record_for(raw.headers["x-guardrail-request-id"])
    assert "project_" not in body and "osprey" not in body, body
    assert any(c["check"] == "patterns" and c["phase"] == "output" and c["action"] == "block" for c in rec["checks"])


def test_a_block_in_one_of_two_choices_ends_that_choice_once(named: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=_sse(_chunk({"role": "assistant", "content": "All good."}), _chunk({}, "stop"),
                             _chunk({"role": "assistant", "content": "Our project"}, index=1),
                             _chunk({"content": " falcon"}, index=1), _chunk({}, "stop", index=1)))
    with oai(named).chat.completions.stream(model="gpt-4o-mini", messages=ASK, n=2) as s:  # type: ignore[arg-type]
        chunks = [e.chunk for e in s if e.type == "chunk"]
        final = s.current_completion_snapshot
    ends = [(c.index, c.finish_reason) for k in chunks for c in k.choices if c.finish_reason]
    assert ends == [(0, "stop"), (1, "content_filter")], ends
    assert [c.finish_reason for c in final.choices] == ["stop", "content_filter"]
    assert final.choices[0].message.content == "All good." and not _codename(final.model_dump_json())


def test_a_held_responses_stream_keeps_sequence_numbers_increasing(named: Proxy, mock: Mock) -> None:
    msg = {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}
    part = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    text = {"type": "output_text", "text": "hello world", "annotations": []}
    done = {**msg, "status": "completed", "content": [text]}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": {"id": "resp_1", "object": "response", "status": "in_progress",
                                                  "model": "gpt-4o-mini", "output": []}},
        {"type": "response.output_item.added", "output_index": 0, "item": msg},
        {"type": "response.content_part.added", **part, "part": {"type": "output_text", "text": "", "annotations": []}},
        {"type": "response.output_text.delta", **part, "delta": "hello "},
        {"type": "response.output_text.delta", **part, "delta": "world"},
        {"type": "response.output_text.done", **part, "text": "hello world"},
        {"type": "response.content_part.done", **part, "part": done["content"][0]},
        {"type": "response.output_item.done", "output_index": 0, "item": done},
        {"type": "response.completed", "response": {"id": "resp_1", "object": "response", "status": "completed",
                                                    "model": "gpt-4o-mini", "output": [done]}},
    ]
    mock.script(raw_sse=_sse(*({**e, "sequence_number": n} for n, e in enumerate(events)), named=True))
    with oai(named).responses.stream(model="gpt-4o-mini", input="hi") as s:
        numbers = [e.sequence_number for e in s]
        response = s.get_final_response()
    assert numbers == sorted(set(numbers)), numbers
    assert response.output_text == "hello world"


# ------------------------------------------ a block covers the ids and the texts wherever the match sits
# (issue 12: a README-only review found a matched `model` or id kept when the same value also stood in a text or
# an unknown field, and an answer's text delivered when a body-level unknown field blocked it)

def _post(p: Proxy, path: str, body: dict[str, Any] | None) -> Any:
    import httpx

    headers = {"Authorization": "Bearer sk-x", "x-api-key": "sk-x",
               "anthropic-version": "2023-06-01"}
    if body is None:
        return httpx.get(f"{p.url}{path}", headers=headers, timeout=30)
    return httpx.post(f"{p.url}{path}", json=body, headers=headers, timeout=30)


CHAT_ASK = {"model": "gpt-4o-mini", "messages": ASK}
MESSAGES_ASK = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "messages": ASK}
V = "gpt-project-osprey-1"


def _chat(content: str, **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                         "finish_reason": "stop"}]}
    body.update(over)
    return body


BLOCKED_WHOLE = {
    "text repeats the model": ("/v1/chat/completions", CHAT_ASK, _chat(f"I am {V}.", model=V)),
    "model and a body field": ("/v1/chat/completions", CHAT_ASK, _chat("the launch is on Tuesday", model=V, note=V)),
    "a body field alone": ("/v1/chat/completions", CHAT_ASK, _chat("the launch is on Tuesday",
                                                                    note="Project Osprey")),
    "id and a choice field": ("/v1/chat/completions", CHAT_ASK, {
        **_chat("hello there", id="chatcmpl-project-osprey"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello there"}, "finish_reason": "stop",
                     "x": "chatcmpl-project-osprey"}]}),
    "messages model and a field": ("/v1/messages", MESSAGES_ASK, {
        "id": "msg_1", "type": "message", "role": "assistant", "model": V, "note": V,
        "content": [{"type": "text", "text": "the launch is on Tuesday"}], "stop_reason": "end_turn",
        "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}),
    "responses model and a field": ("/v1/responses", {"model": "gpt-4o-mini", "input": "hi"}, {
        "id": "resp_abc", "object": "response", "created_at": 1, "status": "completed", "model": V, "note": V,
        "output": [{"type": "message", "id": "msg_abc", "status": "completed", "role": "assistant",
                    "content": [{"type": "output_text", "text": "the launch is on Tuesday", "annotations": []}]}]}),
    "responses text and a call's name": ("/v1/responses", {"model": "gpt-4o-mini", "input": "hi"}, {
        "id": "resp_abc", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini",
        "output": [{"type": "message", "id": "msg_abc", "status": "completed", "role": "assistant",
                    "content": [{"type": "output_text", "text": "calling project_osprey_status", "annotations": []}]},
                   {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "project_osprey_status",
                    "arguments": "{}", "status": "completed"}]}),
    "anthropic model list": ("/v1/models", None, {
        "data": [{"type": "model", "id": "claude-project-osprey-1", "display_name": "Claude",
                  "created_at": "2024-10-22T00:00:00Z"}],
        "has_more": False, "first_id": "claude-project-osprey-1", "last_id": "claude-project-osprey-1"}),
}


@pytest.mark.parametrize("case", list(BLOCKED_WHOLE))
def test_a_block_empties_the_matched_name_and_withholds_the_texts_wherever_the_match_sits(
        named: Proxy, mock: Mock, case: str) -> None:
    path, ask, answer = BLOCKED_WHOLE[case]
    mock.script(raw_body=json.dumps(answer))
    r = _post(named, path, ask)
    assert r.status_code == 200, r.text
    assert r.headers["x-guardrail-decision"] == "block"
    assert not _codename(r.text), r.text
    assert "launch" not in r.text and "hello there" not in r.text and "I am" not in r.text, r.text


# ------------------------------------ the answer's model spelled across chunks; a block after every choice ended


def test_a_model_spelled_across_stream_chunks_reaches_the_client_as_the_first_chunk_named_it(named: Proxy,
                                                                                          mock: Mock) -> None:
    mock.script(raw_sse=_sse({**_chunk({"role": "assistant", "content": "Build is green."}), "model": "project"},
                             {**_chunk({}, "stop"), "model": "falcon"}))
    with oai(named).chat.completions.with_streaming_response.create(model="gpt-4o-mini", messages=ASK,
                                                                     stream=True) as raw:  # type: ignore[arg-type]
        body = raw.read().decode()
    models = [json.loads(line[6:])["model"] for line in body.splitlines() if line.startswith("data: {")]
    assert "falcon" not in body and len(models) >= 2 and set(models) == {"project"}, body
    mock.script(raw_sse=_sse({**_chunk({"role": "assistant", "content": "Build is green."}), "model": "project"},
                             {**_chunk({}, "stop"), "model": "falcon"}))
    with oai(named).chat.completions.stream(model="gpt-4o-mini", messages=ASK) as s:  # type: ignore[arg-type]
        final = s.get_final_completion()
    assert final.model == "project" and final.choices[0].message.content == "Build is green."


def test_a_block_after_every_choice_ended_reaches_the_sdk_as_content_filter(named: Proxy, mock: Mock) -> None:
    late = {**_chunk({}), "choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
            "note": "our project falcon ships"}
    mock.script(raw_sse=_sse(_chunk({"role": "assistant", "content": "All good."}), _chunk({}, "stop"), late))
    with oai(named).chat.completions.stream(model="gpt-4o-mini", messages=ASK,  # type: ignore[arg-type]
                                            stream_options={"include_usage": True}) as s:
        chunks = [e.chunk for e in s if e.type == "chunk"]
        final = s.current_completion_snapshot
    ends = [(c.index, c.finish_reason) for k in chunks for c in k.choices if c.finish_reason]
    assert ends == [(0, "stop"), (0, "content_filter")], ends
    assert final.choices[0].finish_reason == "content_filter" and not _codename(final.model_dump_json())


def test_a_blocked_responses_answer_carries_no_call(named: Proxy, mock: Mock) -> None:
    """As a blocked chat answer drops its tool calls and an Anthropic one its `tool_use` blocks, a blocked Responses
    answer drops its call items (a README-only review: `wire_money_to_bob` after the blocked text reached the SDK)."""
    mock.script(raw_body=json.dumps({
        "id": "resp_abc", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini",
        "output": [{"type": "message", "id": "msg_abc", "status": "completed", "role": "assistant",
                    "content": [{"type": "output_text", "text": "Project Osprey ships.", "annotations": []}]},
                   {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "wire_money_to_bob",
                    "arguments": "{}", "status": "completed"},
                   {"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_2", "name": "shell_run",
                    "input": "ls", "status": "completed"}]}))
    response = oai(named).responses.create(model="gpt-4o-mini", input="check the build")
    dumped = response.model_dump_json()
    assert response.status == "incomplete" and not _codename(dumped), dumped
    assert "wire_money_to_bob" not in dumped and "shell_run" not in dumped, dumped
    assert [item.type for item in response.output] == ["message"]


@pytest.mark.parametrize(("first", "second"), [({}, {"system_fingerprint": "project osprey"}),
                                               ({}, {"system_fingerprint": "fp project falcon"}),
                                               ({"system_fingerprint": "fp project falcon"}, {})])
def test_a_blocked_stream_s_ending_never_carries_a_matched_fingerprint(named: Proxy, mock: Mock,
                                                                      first: dict[str, Any],
                                                                      second: dict[str, Any]) -> None:
    """The ending the proxy writes after a block copies the answer's `system_fingerprint`: never a matched one (a
    README-only review: `"system_fingerprint": "fp project falcon"` reached the client in the closing chunk)."""
    mock.script(raw_sse=_sse({**_chunk({"role": "assistant", "content": "Hello. "}), **first},
                             {**_chunk({"content": "Project Falcon. " if second.get("system_fingerprint") ==
                                        "project osprey" else "More. "}), **second},
                             _chunk({}, "stop")))
    r = _post(named, "/v1/chat/completions", {**CHAT_ASK, "stream": True})
    assert r.status_code == 200, r.text
    assert not _codename(r.text), r.text
    assert "content_filter" in r.text, r.text
