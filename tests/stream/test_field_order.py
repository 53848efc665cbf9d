"""A stream's fields are read joined in index order, as the client joins them, whatever order their events come in
(issue 12, atk14 B-H1).

The SDKs place each field by its index (`anthropic`: `message.content` by block `index`; `openai`: `output_text` by
`output_index` then `content_index`, a message's `tool_calls` by `index`). Two Anthropic text blocks started, block
1's `Osprey ships Friday.` then block 0's `Notes on project `: the client reads `Notes on project Osprey ships
Friday.`, which went out unblocked (read in arrival order, `Osprey ships Friday.Notes on project `); a value split
the same way went out whole. The same for two Responses parts (two items, or two parts of one item) and two chat
tool calls whose later one's text came first. Now the windows read the fields in index order (`FieldOrder`),
a field's text waits while an earlier field may still add text before it, and text for a field after a later
field's text went out stops the stream (unreadable). In-order streams go out as before.
The relay's pump event by event, with the real output windows (a `patterns:` rule and `pii: redact`).
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, ProviderAdapter
from proxy.providers.openai import ADAPTER as OPENAI
from proxy.stream.channels import StreamRewriter
from tests.support.pii import shared_analyzer
from tests.support.stream_pump import data_of, drive, make_pump, sse_stream

POLICY = {"name": "t", "on_error": "block", "output": {
    "patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}],
    "pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "CREDIT_CARD"]}}}

CODENAME = ("Notes on project ", "Osprey ships Friday.")
# Values split across the joint (other values than the finding's), and what of each half must never reach the client.
VALUES = {
    "email": (("Reply to carla.moss@", "northwind.io soon."), ("carla.moss", "northwind.io")),
    "phone": (("Ring 415-555-", "0172 today."), ("415-555-", "0172")),
    "ssn": (("SSN 219-09-", "9999 noted."), ("219-09-", "9999")),
    "card": (("Card 5555 5555 ", "5555 4444 ok."), ("5555 5555 5555 4444", "5555 4444")),
}


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


async def run(analyzer: PiiAnalyzer, kind: str, adapter: ProviderAdapter, events: list[Any]
              ) -> tuple[str, StreamRewriter]:
    windows = Guard(analyzer).output_stream(Policy.model_validate(POLICY))
    pump, rewriter = make_pump(kind, adapter, windows)
    out = await drive(pump, sse_stream(kind, events))
    return out.decode(), rewriter


def events_of(got: str) -> list[Any]:
    return data_of(got)


# ---------------------------------------------------------------------------------------------- Anthropic


def blocks(got: str) -> dict[int, str]:
    """Each block's text as the SDK joins it (by `index`)."""
    out: dict[int, str] = {}
    for e in events_of(got):
        if e.get("type") == "content_block_start":
            out.setdefault(e["index"], "")
            out[e["index"]] += e["content_block"].get("text", "")
        elif e.get("type") == "content_block_delta" and e["delta"].get("type") == "text_delta":
            out[e["index"]] = out.get(e["index"], "") + e["delta"]["text"]
    return out


def anthropic(first: str, second: str, layout: str = "both open") -> list[Any]:
    """Block 0's text `first`, block 1's `second`, block 1's delta sent before block 0's."""
    def start(i: int) -> dict[str, Any]:
        return {"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}}

    def delta(i: int, text: str) -> dict[str, Any]:
        return {"type": "content_block_delta", "index": i, "delta": {"type": "text_delta", "text": text}}

    def stop(i: int) -> dict[str, Any]:
        return {"type": "content_block_stop", "index": i}

    head = [{"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "m",
                                                  "content": [], "stop_reason": None, "usage": {"input_tokens": 1,
                                                                                                "output_tokens": 1}}}]
    if layout == "both open":
        body = [start(0), start(1), delta(1, second), delta(0, first), stop(0), stop(1)]
    elif layout == "later first":  # block 1 started and finished before block 0 began (raw clients place by index)
        body = [start(1), delta(1, second), stop(1), start(0), delta(0, first), stop(0)]
    else:  # in order
        body = [start(0), delta(0, first), stop(0), start(1), delta(1, second), stop(1)]
    tail = [{"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 5}},
            {"type": "message_stop"}]
    return [*head, *body, *tail]


def stop_reason(got: str) -> Any:
    return [e["delta"].get("stop_reason") for e in events_of(got) if e.get("type") == "message_delta"][-1]


@pytest.mark.parametrize("layout", ["both open", "later first", "in order"])
async def test_anthropic_codename_across_blocks_in_index_order_is_blocked(analyzer: PiiAnalyzer, layout: str) -> None:
    got, rewriter = await run(analyzer, MESSAGES, ANTHROPIC, anthropic(*CODENAME, layout))
    joined = "".join(text for _, text in sorted(blocks(got).items()))
    assert rewriter.stopped and "osprey" not in joined.lower()
    assert stop_reason(got) in ("refusal", None) and "end_turn" not in got


@pytest.mark.parametrize("name", list(VALUES))
@pytest.mark.parametrize("layout", ["both open", "later first", "in order"])
async def test_anthropic_value_across_blocks_in_index_order_is_redacted(analyzer: PiiAnalyzer, layout: str,
                                                                        name: str) -> None:
    halves, secrets = VALUES[name]
    got, _ = await run(analyzer, MESSAGES, ANTHROPIC, anthropic(*halves, layout))
    joined = "".join(text for _, text in sorted(blocks(got).items()))
    assert all(secret not in joined for secret in secrets), joined
    if "end_turn" in got:  # redacted, not blocked: both blocks each hold a placeholder, the words around kept
        assert joined.count("<") == 2 and joined.startswith(halves[0].split()[0]), joined


async def test_anthropic_in_order_blocks_go_out_as_sent(analyzer: PiiAnalyzer) -> None:
    # no finding: the blocks' text goes out unchanged, in order, each block's text in its own block
    got, rewriter = await run(analyzer, MESSAGES, ANTHROPIC,
                              anthropic("Weather is mild. ", "Rain expected later.", "in order"))
    assert not rewriter.stopped
    assert blocks(got) == {0: "Weather is mild. ", 1: "Rain expected later."}


@pytest.mark.parametrize("layout", ["both open", "later first"])
async def test_anthropic_out_of_order_blocks_without_finding_go_out_whole(analyzer: PiiAnalyzer, layout: str) -> None:
    got, rewriter = await run(analyzer, MESSAGES, ANTHROPIC, anthropic("Weather is mild. ", "Rain expected.", layout))
    assert not rewriter.stopped and stop_reason(got) == "end_turn"
    assert blocks(got) == {0: "Weather is mild. ", 1: "Rain expected."}


async def test_anthropic_text_for_a_block_after_a_later_block_went_out_stops_the_stream(
        analyzer: PiiAnalyzer) -> None:
    # block 0 closed, block 1's text released; then more text for block 0 (after its stop): the client puts it
    # before block 1's released text, where no window can read it any more
    events = anthropic("Notes on ", "Osprey ships Friday. Details follow here.", "in order")
    late = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "project "}}
    events.insert(-2, late)
    got, rewriter = await run(analyzer, MESSAGES, ANTHROPIC, events)
    assert rewriter.stopped and rewriter.unreadable
    joined = "".join(text for _, text in sorted(blocks(got).items()))
    assert "project" not in joined and "end_turn" not in got


# ---------------------------------------------------------------------------------------------- Responses


def responses(first: str, second: str, two_items: bool, in_order: bool = False) -> list[Any]:
    seq = iter(range(1, 100))

    def ev(t: str, **d: Any) -> dict[str, Any]:
        return {"type": t, "sequence_number": next(seq), **d}

    def resp(status: str, output: list[Any]) -> dict[str, Any]:
        return {"id": "resp_1", "object": "response", "created_at": 1, "status": status, "model": "m",
                "output": output}

    def msg(i: int, status: str, content: list[Any]) -> dict[str, Any]:
        return {"id": f"msg_{i}", "type": "message", "status": status, "role": "assistant", "content": content}

    def part(t: str = "") -> dict[str, Any]:
        return {"type": "output_text", "text": t, "annotations": []}

    def delta(oi: int, ci: int, text: str) -> dict[str, Any]:
        return ev("response.output_text.delta", item_id=f"msg_{oi}", output_index=oi, content_index=ci, delta=text)

    out = [ev("response.created", response=resp("in_progress", []))]
    if two_items:
        opened = [ev("response.output_item.added", output_index=0, item=msg(0, "in_progress", [])),
                  ev("response.content_part.added", item_id="msg_0", output_index=0, content_index=0, part=part()),
                  ev("response.output_item.added", output_index=1, item=msg(1, "in_progress", [])),
                  ev("response.content_part.added", item_id="msg_1", output_index=1, content_index=0, part=part())]
        deltas = [delta(1, 0, second), delta(0, 0, first)]
        items = [msg(0, "completed", [part(first)]), msg(1, "completed", [part(second)])]
        done = [ev("response.output_item.done", output_index=0, item=items[0]),
                ev("response.output_item.done", output_index=1, item=items[1])]
        if in_order:
            out += [*opened[:2], delta(0, 0, first), done[0], *opened[2:], delta(1, 0, second), done[1]]
        else:
            out += [*opened, *deltas, *done]
    else:
        opened = [ev("response.output_item.added", output_index=0, item=msg(0, "in_progress", [])),
                  ev("response.content_part.added", item_id="msg_0", output_index=0, content_index=0, part=part()),
                  ev("response.content_part.added", item_id="msg_0", output_index=0, content_index=1, part=part())]
        items = [msg(0, "completed", [part(first), part(second)])]
        out += [*opened, delta(0, 1, second), delta(0, 0, first),
                ev("response.output_item.done", output_index=0, item=items[0])]
    return [*out, ev("response.completed", response=resp("completed", items))]


def output_text(got: str) -> str:
    """The answer's text as the SDK's `output_text` joins it: by output then content index."""
    parts: dict[tuple[int, int], str] = {}
    for e in events_of(got):
        if e.get("type") == "response.output_text.delta":
            key = (e["output_index"], e["content_index"])
            parts[key] = parts.get(key, "") + e["delta"]
    return "".join(text for _, text in sorted(parts.items()))


@pytest.mark.parametrize("two_items", [True, False], ids=["two items", "two parts"])
async def test_responses_codename_across_parts_in_index_order_is_blocked(analyzer: PiiAnalyzer,
                                                                        two_items: bool) -> None:
    got, rewriter = await run(analyzer, RESPONSES, OPENAI, responses(*CODENAME, two_items))
    assert rewriter.stopped and "osprey" not in got.lower()
    assert '"status": "completed"' not in got


@pytest.mark.parametrize("name", ["email", "phone", "ssn"])
@pytest.mark.parametrize("two_items", [True, False], ids=["two items", "two parts"])
async def test_responses_value_across_parts_in_index_order_is_redacted(analyzer: PiiAnalyzer, two_items: bool,
                                                                       name: str) -> None:
    halves, secrets = VALUES[name]
    got, _ = await run(analyzer, RESPONSES, OPENAI, responses(*halves, two_items))
    assert all(secret not in got for secret in secrets), output_text(got)


async def test_responses_in_order_items_go_out_as_sent(analyzer: PiiAnalyzer) -> None:
    got, rewriter = await run(analyzer, RESPONSES, OPENAI,
                              responses("Weather is mild. ", "Rain expected.", True, in_order=True))
    assert not rewriter.stopped and output_text(got) == "Weather is mild. Rain expected."


# ---------------------------------------------------------------------------------------------- chat tool calls


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def call(i: int, args: str = "", name: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"index": i, "function": {"arguments": args}}
    if name is not None:
        out.update(id=f"call_{i}", type="function")
        out["function"]["name"] = name
    return out


def chat(first: str, second: str, in_order: bool = False) -> list[Any]:
    if in_order:
        body = [chunk({"role": "assistant", "tool_calls": [call(0, first, "find")]}),
                chunk({"tool_calls": [call(1, "", "find")]}), chunk({"tool_calls": [call(1, second)]})]
    else:
        body = [chunk({"role": "assistant", "tool_calls": [call(0, name="find"), call(1, name="find")]}),
                chunk({"tool_calls": [call(1, second)]}), chunk({"tool_calls": [call(0, first)]})]
    return [*body, chunk({}, "tool_calls"), "[DONE]"]


def arguments(got: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for e in events_of(got):
        for c in e.get("choices", []):
            for tc in (c.get("delta") or {}).get("tool_calls") or []:
                out[tc["index"]] = out.get(tc["index"], "") + (tc.get("function") or {}).get("arguments", "")
    return out


async def test_chat_codename_across_tool_calls_in_index_order_is_blocked(analyzer: PiiAnalyzer) -> None:
    got, rewriter = await run(analyzer, CHAT, OPENAI, chat('{"q": "notes on project', ' osprey today"}'))
    assert rewriter.stopped and "osprey" not in got.lower()
    assert "content_filter" in got


@pytest.mark.parametrize("halves", [('{"to": "carla.moss@', 'northwind.io"}'), ('{"n": "415-555-', '0172"}')],
                         ids=["email", "phone"])
async def test_chat_value_across_tool_calls_in_index_order_is_redacted(analyzer: PiiAnalyzer,
                                                                       halves: tuple[str, str]) -> None:
    got, _ = await run(analyzer, CHAT, OPENAI, chat(*halves))
    joined = "".join(text for _, text in sorted(arguments(got).items()))
    assert "carla.moss" not in joined and "northwind.io" not in joined and "0172" not in joined, joined


async def test_chat_in_order_tool_calls_go_out_as_sent(analyzer: PiiAnalyzer) -> None:
    got, rewriter = await run(analyzer, CHAT, OPENAI, chat('{"q": "weather"}', '{"q": "rain"}', in_order=True))
    assert not rewriter.stopped and arguments(got) == {0: '{"q": "weather"}', 1: '{"q": "rain"}'}


async def test_chat_text_for_a_call_after_a_later_call_is_read_before_it(analyzer: PiiAnalyzer) -> None:
    # call 0's arguments whole and call 1 begun after it (as in order): more text for call 0 after call 1's goes
    # before it at the client: read so (blocked), or, had call 1's text gone out, the stream stops (unreadable)
    events = [chunk({"role": "assistant", "tool_calls": [call(0, '{"q": "notes on"}', "find")]}),
              chunk({"tool_calls": [call(1, "", "find")]}), chunk({"tool_calls": [call(1, '{"q": "osprey today"}')]}),
              chunk({"tool_calls": [call(0, ' project"}')]}), chunk({}, "tool_calls"), "[DONE]"]
    got, rewriter = await run(analyzer, CHAT, OPENAI, events)
    sent = "".join(arguments(got).values())
    assert rewriter.stopped and not ("project" in sent and "osprey" in sent), sent


async def test_anthropic_hold_behind_an_open_block_is_bounded_by_the_cap(analyzer: PiiAnalyzer) -> None:
    # block 1's text waits while block 0 is open, up to the windows' cap (2 x hold_chars): then it goes out, and
    # block 0's text after it stops the stream
    long = "Osprey ships Friday. " + "The rollout continues in stages across regions. " * 12
    events = anthropic("Notes on project ", long, "both open")
    got, rewriter = await run(analyzer, MESSAGES, ANTHROPIC, events)
    sent = blocks(got)
    assert rewriter.stopped and rewriter.unreadable
    assert sent.get(1) and len(sent[1]) < len(long) and "project" not in sent.get(0, "")


async def test_anthropic_block_after_a_message_start_block_goes_out_as_sent(analyzer: PiiAnalyzer) -> None:
    # a text block given in `message_start` never gets a `content_block_stop`: it is done once block 1 begins, and
    # block 1 goes out as sent (never stopped as a field overtaken)
    start = {"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant", "model": "m",
                                                  "content": [{"type": "text", "text": "Intro line. "}],
                                                  "stop_reason": None}}
    events = [start, {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
              {"type": "content_block_delta", "index": 1,
               "delta": {"type": "text_delta", "text": "Rain expected later. Then sun."}},
              {"type": "content_block_stop", "index": 1},
              {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 5}},
              {"type": "message_stop"}]
    got, rewriter = await run(analyzer, MESSAGES, ANTHROPIC, events)
    assert not rewriter.stopped and stop_reason(got) == "end_turn"
    assert blocks(got) == {0: "Intro line. ", 1: "Rain expected later. Then sun."}
