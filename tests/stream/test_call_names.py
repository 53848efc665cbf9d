"""Streamed tool call names and ids, and what the proxy writes into a stream (issue 12, stream correctness).

A chat tool call's `function.name` (and `id`) may arrive in pieces, which the SDKs join (`accumulate_delta`):
the proxy sent a piece again in an event it wrote from an earlier one (`project_falcon_statusfalcon_status`),
and the `patterns:` output rules read each piece alone, so `project_` + `falcon_status` passed. A block in
the second choice of an `n=2` stream ended the first one again (`content_filter` on a finished index 0) and
never the second; a Responses stream with held text repeated a `sequence_number`. Run through the relay's pump
with the real output phase (patterns only), the official SDK's stream state reading what the client gets."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai import ContentFilterFinishReasonError
from openai.lib.streaming.chat import ChatCompletionStreamState
from openai.types.chat import ChatCompletionChunk

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.guard.windows import OutputWindows
from proxy.providers.anthropic import ADAPTER as anthropic_adapter
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, ProviderAdapter
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.stream.channels import NAME_HOLD_EVENTS
from tests.stream.test_channels import HoldAllUpper, events_of, sse
from tests.stream.test_channels import run as run_pump
from tests.support.pii import shared_analyzer

RULES = [{"name": "codenames", "regex": "(?i)\\bproject (falcon|osprey)\\b", "action": "block"}]
HEAD = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o"}


def guard(monitor: bool = False) -> OutputWindows:
    policy: dict[str, Any] = {"name": "t", "output": {"patterns": RULES}}
    if monitor:
        policy["mode"] = "monitor"
    return Guard().output_stream(Policy.model_validate(policy), Vault())


async def run(kind: str, adapter: ProviderAdapter, windows: Any, raw: bytes, *, monitor: bool = False,
              chunk: int = 7) -> bytes:
    """The relay's pump under output rules (`fail_closed`), fed `chunk`-byte pieces (`test_channels.run`)."""
    return await run_pump(kind, adapter, windows, raw, chunk, fail_closed=True, monitor=monitor)


def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0) -> dict[str, Any]:
    return {**HEAD, "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}


def call(name: str | None = None, arguments: str = "", call_id: str | None = None, index: int = 0) -> dict[str, Any]:
    fn: dict[str, Any] = {"arguments": arguments}
    if name is not None:
        fn = {"name": name, **fn}
    entry: dict[str, Any] = {"index": index, "function": fn}
    if call_id is not None:
        entry = {"index": index, "id": call_id, "type": "function", "function": fn}
    return {"tool_calls": [entry]}


def named_in_pieces(first: str, second: str, call_id: str = "call_1", id_piece: str | None = None) -> bytes:
    """The attacker's stream: a tool call whose name (or id) arrives in two pieces, arguments with the second."""
    second_call = call(second, "{}")
    if id_piece is not None:
        second_call["tool_calls"][0]["id"] = id_piece
    return sse([chunk({"role": "assistant"}), chunk(call(first, "", call_id)), chunk(second_call),
                chunk({}, "tool_calls")], named=False)


def chunks_of(raw: bytes) -> list[dict[str, Any]]:
    return [e.json() for e in events_of(raw) if not e.is_done]


def final(raw: bytes) -> Any:
    """What the official SDK's stream helper makes of the chunks the client got (`get_final_completion`)."""
    state: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
    for data in chunks_of(raw):
        state.handle_chunk(ChatCompletionChunk.model_validate(data))
    return state.get_final_completion()


def calls_of(raw: bytes) -> list[list[tuple[str | None, str, str]]]:
    """Each choice's tool calls as the SDK reads them: (id, name, arguments)."""
    return [[(c.id, c.function.name, c.function.arguments) for c in choice.message.tool_calls or []]
            for choice in final(raw).choices]


def finishes(raw: bytes) -> list[tuple[int, str]]:
    return [(c["index"], c["finish_reason"]) for e in chunks_of(raw) for c in e.get("choices", [])
            if c.get("finish_reason")]


# ------------------------------------------------------------------------------------ names in pieces


async def test_a_name_in_pieces_reaches_the_sdk_once() -> None:
    got = await run(CHAT, openai_adapter, guard(), named_in_pieces("falcon_", "status"))
    calls = final(got).choices[0].message.tool_calls
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [("call_1", "falcon_status", "{}")]


async def test_a_clean_tool_call_stream_reads_as_it_came() -> None:
    raw = named_in_pieces("falcon_", "status")
    got = await run(CHAT, openai_adapter, guard(), raw, chunk=len(raw))
    assert calls_of(got) == calls_of(raw) == [[("call_1", "falcon_status", "{}")]]
    assert finishes(got) == [(0, "tool_calls")]


async def test_a_held_field_released_later_does_not_repeat_role_id_or_name() -> None:
    # Held text (upper-cased at the end) goes out in an event written from the last fragment's: the first
    # fragment carried `role`, the call's `id` and its `name`, which the SDK would join twice.
    raw = sse([chunk({"role": "assistant", "content": "hello"}), chunk(call("lookup", '{"a": 1}', "call_9")),
               chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, HoldAllUpper(), raw)
    message = final(got).choices[0].message
    assert message.role == "assistant" and message.content == "HELLO"
    assert [(c.id, c.function.name) for c in message.tool_calls] == [("call_9", "lookup")]


async def test_a_codename_joined_from_name_pieces_blocks_and_no_piece_goes_out() -> None:
    windows = guard()
    got = await run(CHAT, openai_adapter, windows, named_in_pieces("project_", "falcon_status"))
    text = got.decode()
    assert "project_" not in text and "falcon" not in text, text
    assert finishes(got) == [(0, "content_filter")]
    assert windows.blocked and windows.block_check == "patterns"


async def test_a_codename_joined_from_id_pieces_blocks() -> None:
    raw = named_in_pieces("f", "", call_id="call_project", id_piece="Falcon")
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert "call_project" not in got.decode() and "Falcon" not in got.decode()
    assert finishes(got) == [(0, "content_filter")]


async def test_pieces_of_two_calls_and_two_choices_are_joined_apart() -> None:
    # `project_` ends call 0 of choice 0; `falcon` begins call 1 and choice 1's call: never one name.
    raw = sse([chunk(call("project_", "", "call_a")), chunk(call("falcon", "{}", "call_b", index=1)),
               chunk(call("project_", "", "call_c"), index=1), chunk(call("status", "{}"), index=1),
               chunk({}, "tool_calls"), chunk({}, "tool_calls", index=1)], named=False)
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert calls_of(got) == calls_of(raw) == [[("call_a", "project_", ""), ("call_b", "falcon", "{}")],
                                              [("call_c", "project_status", "{}")]]


async def test_a_name_in_many_pieces_is_held_only_so_far_and_still_read_joined() -> None:
    # Pieces with nothing between are held past NAME_HOLD_EVENTS (`NAME_QUIET_EVENTS`); the name is read joined.
    head = [chunk(call("x", "", "call_1")), *(chunk(call("x")) for _ in range(NAME_HOLD_EVENTS + 10))]
    clean = sse([*head, chunk(call("_status", "{}")), chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, guard(), clean)
    assert calls_of(got) == [[("call_1", "x" * (NAME_HOLD_EVENTS + 11) + "_status", "{}")]]
    raw = sse([*head, chunk(call("_project_")), chunk(call("falcon", "{}")), chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert "falcon" not in got.decode() and finishes(got) == [(0, "content_filter")]


async def test_a_comment_between_name_pieces_does_not_end_the_name() -> None:
    raw = named_in_pieces("project_", "falcon_status").replace(b"\n\ndata: {", b"\n\n: keep-alive\n\ndata: {", 2)
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert "project_" not in got.decode() and "falcon" not in got.decode() and finishes(got) == [(0, "content_filter")]


async def test_a_malformed_index_is_read_by_position_not_a_crash() -> None:
    raw = sse([{**HEAD, "choices": [{"index": [], "delta": {"tool_calls": [{"index": {}, "id": "call_1",
                                                                            "function": {"name": "project_"}}]}}]},
               chunk(call("falcon", "{}")), chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert "falcon" not in got.decode()


async def test_monitor_mode_records_a_joined_name_and_changes_nothing() -> None:
    windows = guard(monitor=True)
    raw = named_in_pieces("project_", "falcon_status")
    got = await run(CHAT, openai_adapter, windows, raw, monitor=True)
    assert calls_of(got) == [[("call_1", "project_falcon_status", "{}")]] and finishes(got) == [(0, "tool_calls")]
    assert not windows.blocked and "would_block" in json.dumps(windows.records())


PII_OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}


async def pii_guard(monitor: bool = False) -> OutputWindows:
    """Output PII redaction (no `patterns:` rule): what reads a name as data, not as a rule's words."""
    analyzer = shared_analyzer()
    await analyzer.start()
    policy: dict[str, Any] = {"name": "t", "output": PII_OUT}
    if monitor:
        policy["mode"] = "monitor"
    return Guard(analyzer).output_stream(Policy.model_validate(policy), Vault())


@pytest.mark.parametrize(("first", "second", "value"), [
    ("notify_212-555-", "0199", "PHONE_NUMBER"), ("mail_jane.doe@", "example.com", "EMAIL_ADDRESS"),
    ("notify_2", "12-555-0199", "PHONE_NUMBER")], ids=["phone", "email", "phone-at-digit"])
async def test_a_value_in_a_name_s_pieces_is_redacted_as_in_the_whole_name(first: str, second: str,
                                                                          value: str) -> None:
    # Issue 12, atk6 L1: each piece read alone was a clean id (`notify_212-555-`, `0199`) and went out as sent;
    # the name whole (one piece) became `notify_PHONE_NUMBER_1`. Now the SDK reads the same name either way.
    split = await run(CHAT, openai_adapter, await pii_guard(), named_in_pieces(first, second))
    whole = await run(CHAT, openai_adapter, await pii_guard(), named_in_pieces(first + second, ""))
    assert calls_of(split) == calls_of(whole), split
    name = calls_of(split)[0][0][1]
    assert value in name and second not in name and first[-4:] not in name, name
    assert second not in split.decode() and finishes(split) == [(0, "tool_calls")]


async def test_an_id_in_pieces_holding_a_value_is_redacted_whole() -> None:
    raw = named_in_pieces("lookup", "", call_id="call_212-555-", id_piece="0199")
    got = await run(CHAT, openai_adapter, await pii_guard(), raw)
    call_id = calls_of(got)[0][0][0]
    assert call_id is not None and "PHONE_NUMBER" in call_id and "0199" not in got.decode(), got


async def test_a_clean_name_in_pieces_goes_out_joined_in_its_first_piece() -> None:
    got = await run(CHAT, openai_adapter, await pii_guard(), named_in_pieces("get_", "weather"))
    names = [c["function"]["name"] for e in chunks_of(got) for ch in e["choices"]
             for c in ch["delta"].get("tool_calls") or [] if "name" in c.get("function", {})]
    assert names == ["get_weather", ""] and calls_of(got) == [[("call_1", "get_weather", "{}")]]


async def test_a_name_piece_after_a_violating_sentence_never_goes_out_early() -> None:
    # Text between the pieces may stop the stream: the later piece must not go out in the first one's event.
    raw = sse([chunk(call("lookup_", "", "call_1")), chunk({"content": "Then project falcon."}),
               chunk(call("transfer_funds", "{}")), chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert "transfer_funds" not in got.decode() and "falcon" not in got.decode(), got
    assert "lookup_" in got.decode() and finishes(got) == [(0, "content_filter")]


async def test_monitor_mode_leaves_name_pieces_as_sent() -> None:
    raw = named_in_pieces("notify_212-555-", "0199")
    got = await run(CHAT, openai_adapter, await pii_guard(monitor=True), raw, monitor=True)
    assert calls_of(got) == [[("call_1", "notify_212-555-0199", "{}")]]
    assert b'"name": "0199"' in got or b'"name":"0199"' in got


async def test_responses_and_anthropic_names_come_whole_and_are_read() -> None:
    fc = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "project_falcon_status",
          "arguments": "", "status": "in_progress"}
    responses = [
        {"type": "response.created", "sequence_number": 0, "response": {"id": "resp_1", "status": "in_progress",
                                                                          "output": []}},
        {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": fc},
        {"type": "response.function_call_arguments.delta", "sequence_number": 2, "item_id": "fc_1",
         "output_index": 0, "delta": "{}"},
    ]
    got = await run(RESPONSES, openai_adapter, guard(), sse(responses, named=True))
    assert "falcon" not in got.decode() and b"response.incomplete" in got
    anthropic = [
        {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [],
                                              "model": "claude-x", "stop_reason": None, "stop_sequence": None,
                                              "usage": {"input_tokens": 1, "output_tokens": 1}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "tool_use", "id": "toolu_1",
                                                                      "name": "projectFalconStatus", "input": {}}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": "{}"}},
        {"type": "content_block_stop", "index": 0},
    ]
    got = await run(MESSAGES, anthropic_adapter, guard(), sse(anthropic, named=True))
    assert "Falcon" not in got.decode() and b'"stop_reason":"refusal"' in got


# ------------------------------------------------------------------------------ endings of n=2 streams


async def test_a_block_in_the_second_choice_ends_it_and_never_the_finished_first() -> None:
    raw = sse([chunk({"role": "assistant", "content": "All good."}), chunk({}, "stop"),
               chunk({"role": "assistant", "content": "Our project"}, index=1), chunk({"content": " falcon"}, index=1),
               chunk({}, "stop", index=1)], named=False)
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert finishes(got) == [(0, "stop"), (1, "content_filter")]
    assert "falcon" not in got.decode()


async def test_a_block_ends_every_choice_still_open() -> None:
    raw = sse([chunk({"role": "assistant", "content": "Fine"}), chunk({"role": "assistant", "content": "Our"}, index=1),
               chunk({"content": " project falcon"}, index=1), chunk({}, "stop", index=1), chunk({}, "stop")],
              named=False)
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert sorted(finishes(got)) == [(0, "content_filter"), (1, "content_filter")]


USAGE = {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}


async def test_a_block_after_every_choice_ended_ends_them_again_with_content_filter() -> None:
    # The last chunk (usage, no choice) carries a field a rule blocks, after `stop` went out: the client got
    # no sign of the block and read the answer as complete. A whole answer's field blocked ends every choice.
    late = {**HEAD, "choices": [], "usage": USAGE, "note": "our project falcon ships"}
    raw = sse([chunk({"role": "assistant", "content": "Hello."}), chunk({}, "stop"), late], named=False)
    got = await run(CHAT, openai_adapter, guard(), raw)
    assert finishes(got) == [(0, "stop"), (0, "content_filter")] and "falcon" not in got.decode()
    with pytest.raises(ContentFilterFinishReasonError):  # the SDK's stream helper: the answer was filtered
        final(got)
    two = sse([chunk({"role": "assistant", "content": "One."}), chunk({}, "stop"),
               chunk({"role": "assistant", "content": "Two."}, index=1), chunk({}, "stop", index=1), late],
              named=False)
    assert finishes(await run(CHAT, openai_adapter, guard(), two)) == [
        (0, "stop"), (1, "stop"), (0, "content_filter"), (1, "content_filter")]


# ------------------------------------------------------------------------- Responses sequence numbers


def numbered(events: list[dict[str, Any]]) -> bytes:
    return sse([{**e, "sequence_number": n} for n, e in enumerate(events)], named=True)


RESPONSE_TEXT = [
    {"type": "response.created", "response": {"id": "resp_1", "status": "in_progress", "output": []}},
    {"type": "response.output_item.added", "output_index": 0,
     "item": {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}},
    *({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": piece}
      for piece in ("hello ", "world")),
    {"type": "response.output_text.done", "item_id": "msg_1", "output_index": 0, "content_index": 0,
     "text": "hello world"},
]


async def test_responses_events_written_from_held_text_keep_sequence_numbers_increasing() -> None:
    completed = {"type": "response.completed", "response": {"id": "resp_1", "status": "completed", "output": []}}
    got = [e.json() for e in events_of(await run(RESPONSES, openai_adapter, HoldAllUpper(),
                                                 numbered([*RESPONSE_TEXT, completed])))]
    numbers = [e["sequence_number"] for e in got]
    assert numbers == sorted(set(numbers)), numbers
    assert "".join(e.get("delta", "") for e in got if e["type"] == "response.output_text.delta") == "HELLO WORLD"


class HoldThenBlock(HoldAllUpper):
    """Holds each text to its end (`HoldAllUpper`) and blocks at a fragment with the word `falcon`."""

    async def feed(self, channel: str, fragment: str, in_json: bool = False, *, data: bool = False) -> str:
        if "falcon" in fragment:
            self.blocked = True
            return ""
        return await super().feed(channel, fragment, in_json, data=data)


async def test_a_blocked_responses_stream_ends_after_the_last_number_sent() -> None:
    second = {"type": "response.output_text.delta", "item_id": "msg_2", "output_index": 1, "content_index": 0,
              "delta": "project falcon"}
    got = [e.json() for e in events_of(await run(RESPONSES, openai_adapter, HoldThenBlock(),
                                                 numbered([*RESPONSE_TEXT, second])))]
    numbers = [e["sequence_number"] for e in got]
    assert got[-1]["type"] == "response.incomplete" and numbers == sorted(set(numbers)), numbers
    assert "".join(e.get("delta", "") for e in got if e["type"] == "response.output_text.delta") == "HELLO WORLD"


# ------------------------------------------------------------- the answer's model, id and fingerprint per chunk


async def test_a_model_spelled_across_chunks_goes_out_as_the_first_chunk_named_it() -> None:
    # Each chunk repeats `model`: `project` in one and `falcon` in the next were each read alone by the rule.
    raw = sse([{**chunk({"role": "assistant", "content": "Hello"}), "model": "project", "system_fingerprint": "fp_1"},
               {**chunk({"content": " there."}), "model": "falcon", "id": "chatcmpl-falcon",
                "system_fingerprint": "falcon"},
               {**chunk({}, "stop"), "model": "falcon"}], named=False)
    got = await run(CHAT, openai_adapter, guard(), raw)
    sent = chunks_of(got)
    assert {c["model"] for c in sent} == {"project"} and {c["id"] for c in sent} == {"chatcmpl-1"}
    assert {c.get("system_fingerprint") for c in sent} <= {"fp_1", None}
    assert "falcon" not in got.decode()
    assert final(got).model == "project" and final(got).choices[0].message.content == "Hello there."


async def test_a_responses_model_spelled_across_lifecycle_events_goes_out_as_first_named() -> None:
    created = {"type": "response.created", "response": {"id": "resp_1", "model": "project", "status": "in_progress",
                                                         "output": []}}
    completed = {"type": "response.completed", "response": {"id": "resp_1", "model": "falcon", "status": "completed",
                                                            "output": []}}
    got = [e.json() for e in events_of(await run(RESPONSES, openai_adapter, guard(),
                                                 numbered([created, *RESPONSE_TEXT[1:], completed])))]
    assert [e["response"]["model"] for e in got if "response" in e] == ["project", "project"]


async def test_azure_s_empty_first_chunk_does_not_pin_an_empty_model() -> None:
    empty = {"id": "", "object": "", "created": 0, "model": "", "choices": [], "prompt_filter_results": []}
    raw = sse([empty, chunk({"role": "assistant", "content": "Hi."}), chunk({}, "stop")], named=False)
    sent = chunks_of(await run(CHAT, openai_adapter, guard(), raw))
    assert [c["model"] for c in sent if c.get("choices")][:2] == ["gpt-4o", "gpt-4o"]
