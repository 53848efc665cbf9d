"""A field's text is one text whatever other fields' events come between its pieces (issue 12, stream gap).

The client joins a chat choice's content pieces (`project ` + `Osprey.`) though a tool call, a refusal or
reasoning arrived between them; the output windows read a choice's fields together in arrival order, and read
the content's pieces only beside the arguments between them (`project ` + `x` + `Osprey.`): the codename went
out unblocked (with numeric arguments, nothing stood between them and it was blocked). Now each field's pieces
are also read joined, and a window never ends inside a field's own text where a match of it may run on.
The relay's pump over scripted streams, the real output windows with a `patterns:` rule (no analyzer needed).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.guard.windows import _CAP_KEEP
from proxy.providers.anthropic import ADAPTER as anthropic_adapter
from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES, ProviderAdapter
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.stream.channels import StreamRewriter
from tests.support.stream_pump import data_of, drive, make_pump, slices, sse_stream

RULE = {"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}


def windows(action: str = "block") -> Any:
    policy = Policy.model_validate({"name": "t", "output": {"patterns": [{**RULE, "action": action}]}})
    return Guard().output_stream(policy, Vault())


async def run(kind: str, adapter: ProviderAdapter, events: list[Any], named: bool = False,
              action: str = "block") -> tuple[str, StreamRewriter]:
    pump, rewriter = make_pump(kind, adapter, windows(action))
    out = await drive(pump, slices(b"".join(sse_stream(kind, events, named)), 11))
    return out.decode(), rewriter


def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}


def call(args: str, first: bool = True) -> dict[str, Any]:
    """A chat delta with a tool call's first piece (id, name, arguments), or a later piece of its arguments."""
    if first:
        return {"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                "function": {"name": "lookup", "arguments": args}}]}
    return {"tool_calls": [{"index": 0, "function": {"arguments": args}}]}


def content_of(events: list[Any], index: int = 0, key: str = "content") -> str:
    return "".join(c["delta"].get(key) or "" for e in events for c in e.get("choices", [])
                   if c["index"] == index and isinstance(c.get("delta"), dict))


BETWEEN = {  # a chat choice's events that may come between two pieces of its content
    "tool call, string arguments": [call('{"q":"x"}')],
    "tool call, sentence in its arguments": [call('{"q":"Done. Next"}')],
    "refusal": [{"refusal": "No. "}],
    "reasoning with sentences": [{"reasoning_content": "Let me think. Okay then. Fine. "}],
    "reasoning then a tool call": [{"reasoning": "Hmm. "}, call('{"q":"y"}')],
}


@pytest.mark.parametrize("between", BETWEEN.values(), ids=list(BETWEEN))
@pytest.mark.parametrize("n", [1, 2])
async def test_chat_content_split_around_another_fields_event_is_read_whole(between: list[Any], n: int) -> None:
    events: list[Any] = [chunk({"role": "assistant", "content": "Status: project "})]
    if n == 2:
        events.append(chunk({"role": "assistant", "content": "Other. "}, index=1))
    events += [chunk(d) for d in between]
    if n == 2:
        events.append(chunk({"content": "Still other. "}, index=1))
    events += [chunk({"content": "Osprey. Done."}), chunk({}, "stop")]
    if n == 2:
        events.append(chunk({}, "stop", index=1))
    text, rewriter = await run(CHAT, openai_adapter, [*events, "[DONE]"])
    assert rewriter.stopped and rewriter.windows.blocked
    assert "osprey" not in text.lower() and "Done." not in text
    got = data_of(text)
    assert content_of(got) in ("", "Status: ")
    assert any(c.get("finish_reason") == "content_filter" for e in got for c in e.get("choices", []))


@pytest.mark.parametrize("field", ["refusal", "reasoning_content"])
async def test_chat_another_field_split_around_the_content_is_read_whole(field: str) -> None:
    events = [chunk({"role": "assistant", field: "About project "}), chunk({"content": "Hello there. "}),
              chunk({field: "Falcon."}), chunk({}, "stop"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.stopped and "falcon" not in text.lower()


async def test_chat_arguments_split_around_content_are_read_whole() -> None:
    events = [chunk({"role": "assistant", "content": ""}), chunk(call('{"q":"project ')),
              chunk({"content": "Looking. "}), chunk(call('osprey"}', first=False)), chunk({}, "tool_calls"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.stopped and "osprey" not in text.lower()


async def test_chat_content_split_across_windows_by_another_field_is_blocked_at_its_rest() -> None:
    """The other field's sentence ends let a window end between the content's pieces: the content's tail
    (`project `, still open) is carried, and its rest is never sent."""
    events = [chunk({"role": "assistant", "content": "We look at it. project "}),
              chunk({"reasoning_content": "Let me think. Okay then. More and more thinking here. "}),
              chunk({"reasoning_content": "Even more words here. "}), chunk({"content": "Osprey. Next."}),
              chunk({}, "stop"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.stopped and "osprey" not in text.lower() and "Next." not in text


async def test_chat_fields_split_around_each_other_without_a_match_go_out_whole() -> None:
    events = [chunk({"role": "assistant", "content": "Status: project "}), chunk(call('{"q":"x"}')),
              chunk({"reasoning_content": "Let me think. Okay. "}), chunk({"content": "planning. Done."}),
              chunk({}, "stop"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    got = data_of(text)
    assert not rewriter.stopped
    assert content_of(got) == "Status: project planning. Done."
    assert content_of(got, key="reasoning_content") == "Let me think. Okay. "
    args = "".join(t["function"].get("arguments") or "" for e in got for c in e["choices"]
                   for t in c["delta"].get("tool_calls") or [])
    assert json.loads(args) == {"q": "x"}


async def test_chat_redact_covers_each_piece_of_a_split_match() -> None:
    events = [chunk({"role": "assistant", "content": "Status: project "}), chunk(call('{"q":"x"}')),
              chunk({"content": "Osprey. Done."}), chunk({}, "stop"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events, action="redact")
    got = data_of(text)
    assert not rewriter.stopped and "osprey" not in text.lower()
    assert "project" not in content_of(got).lower() and content_of(got).startswith("Status: ")
    assert content_of(got).endswith(". Done.")


async def test_completions_choices_interleaved_are_read_each_whole() -> None:
    def text_chunk(text: str, index: int, finish: str | None = None) -> dict[str, Any]:
        return {"id": "x", "object": "text_completion", "created": 1, "model": "m",
                "choices": [{"index": index, "text": text, "logprobs": None, "finish_reason": finish}]}

    events = [text_chunk("Status: project ", 0), text_chunk("Other. ", 1), text_chunk("Osprey.", 0),
              text_chunk("", 0, "stop"), text_chunk("", 1, "stop"), "[DONE]"]
    text, rewriter = await run(COMPLETIONS, openai_adapter, events)
    assert rewriter.stopped and "osprey" not in text.lower()


def _responses(between: list[dict[str, Any]]) -> list[dict[str, Any]]:
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    resp = {"id": "r", "object": "response", "status": "in_progress", "model": "m", "output": []}
    events = [
        {"type": "response.created", "response": resp},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}},
        {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                   "annotations": []}},
        {"type": "response.output_text.delta", **where, "delta": "Status: project "},
        *between,
        {"type": "response.output_text.delta", **where, "delta": "Osprey. Done."},
        {"type": "response.output_text.done", **where, "text": "Status: project Osprey. Done."},
        {"type": "response.completed", "response": {**resp, "status": "completed"}},
    ]
    for k, e in enumerate(events):
        e["sequence_number"] = k
    return events


RESPONSES_BETWEEN = {
    "function call item": [
        {"type": "response.output_item.added", "output_index": 1,
         "item": {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "lookup", "arguments": ""}},
        {"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 1,
         "delta": '{"q":"Done. Next"}'}],
    "another content part": [
        {"type": "response.content_part.added", "item_id": "msg_1", "output_index": 0, "content_index": 1,
         "part": {"type": "output_text", "text": "", "annotations": []}},
        {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 1,
         "delta": "Aside. Fine. "}],
}


@pytest.mark.parametrize("between", RESPONSES_BETWEEN.values(), ids=list(RESPONSES_BETWEEN))
async def test_responses_output_text_split_around_another_items_events_is_read_whole(
        between: list[dict[str, Any]]) -> None:
    text, rewriter = await run(RESPONSES, openai_adapter, _responses(between), named=True)
    assert rewriter.stopped and "osprey" not in text.lower() and "Done." not in text


async def test_messages_a_text_block_split_around_another_block_is_read_whole() -> None:
    """A block is its own text: block 0's deltas are one text though block 1 came between them."""
    msg = {"id": "m", "type": "message", "role": "assistant", "model": "c", "content": [], "stop_reason": None,
           "usage": {"input_tokens": 1, "output_tokens": 1}}
    events = [{"type": "message_start", "message": msg},
              {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
              {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Status: project "}},
              {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
              {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Aside. Fine. "}},
              {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Osprey. Done."}},
              {"type": "content_block_stop", "index": 1}, {"type": "content_block_stop", "index": 0},
              {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 5}},
              {"type": "message_stop"}]
    text, rewriter = await run(MESSAGES, anthropic_adapter, events, named=True)
    assert rewriter.stopped and "osprey" not in text.lower() and "Done." not in text


@pytest.mark.parametrize("order", ["content around transcript", "transcript around content"])
async def test_chat_audio_transcript_and_content_around_each_other_are_each_read_whole(order: str) -> None:
    """The audio transcript is a text of its own (not joined to the choice's fields): each is read whole."""
    def audio(transcript: str) -> dict[str, Any]:
        return {"audio": {"id": "audio_1", "transcript": transcript}}

    if order == "content around transcript":
        deltas = [{"content": "Status: project "}, audio("Hello there. "), {"content": "Osprey."}]
    else:
        deltas = [audio("Status: project "), {"content": "Hello there. "}, audio("Osprey.")]
    events = [chunk({"role": "assistant", **deltas[0]}), *(chunk(d) for d in deltas[1:]), chunk({}, "stop"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.stopped and "osprey" not in text.lower()


async def test_a_field_that_can_never_be_cut_is_still_released_at_the_cap() -> None:
    """Content growing as one possible match (`secret-aaaa…`, no cut a match cannot cross) between which reasoning
    keeps coming: what is held stays bounded (the cap), the reasoning goes out."""
    policy = Policy.model_validate({"name": "t", "output": {"patterns": [
        {"name": "secret", "regex": r"secret-[a-z]+-end", "action": "block"}]}})
    w = Guard().output_stream(policy, Vault())
    content, reasoning = "choice:0:content", "choice:0:reasoning_content"
    most, out = 0, []
    await w.feed(content, "secret-", group="choice:0")
    for _ in range(300):
        out.append(await w.feed(content, "aaaaaaaaaa", group="choice:0"))
        out.append(await w.feed(reasoning, "Fine. ", group="choice:0"))
        out.extend(text for _, text in w.take_spill())
        most = max(most, sum(w.held.values()))
    assert most <= 2 * w.hold_chars + 2 * _CAP_KEEP, most  # bounded, however long the run
    assert "".join(out).count("Fine. ") >= 250 and not w.blocked
