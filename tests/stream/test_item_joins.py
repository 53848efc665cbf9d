"""A value or a codename completed by the next output item or content block that comes whole in one event is read
joined, as the whole answer reads the same JSON (issue 12, atk10 A-H1).

A whole answer reads every text of its items and blocks joined with its neighbours (`proxy.guard.phases.joinables`):
message text `Mail jane.doe@exa` then a web search call whose query is `mple.com now. ` is one address, redacted in
both; `We start project ` then `falcon launches now. ` is blocked. Streamed, an item sent whole in
`response.output_item.added` / `.done` (a web search query, an image's revised prompt, a computer call's typed text,
file search queries, an MCP tool's description), an Anthropic block sent whole in `content_block_start` (code, bash
and text editor execution results, an MCP tool result), a text block given in `message_start`, and a chat choice's
audio transcript were each read alone: both halves went out raw, and the record said `allow`. Now they are fields
of the answer's window (`StreamRewriter._whole_group`, `_CHAT_FIELD`): the text before waits while a value may run
on into them, they are read after it, and what they hold back waits for the text after them; in both orders.
The relay's pump event by event, with the real output windows (a `patterns:` rule and `pii: redact`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, ProviderAdapter
from proxy.providers.openai import ADAPTER as OPENAI
from tests.support.pii import shared_analyzer
from tests.support.responses_events import ITEMS
from tests.support.stream_pump import drive, make_pump, sse_stream

POLICY = {"name": "t", "on_error": "block", "output": {
    "patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}],
    "pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}}}

EMAIL = ("Mail jane.doe@exa", "mple.com now. ")
CODENAME = ("We start project ", "falcon launches now. ")


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


async def run(analyzer: PiiAnalyzer, kind: str, adapter: ProviderAdapter, events: list[Any],
              records: list[dict[str, Any]] | None = None) -> tuple[str, bool, str]:
    """The bytes the client gets (the adapter's real ending), whether the stream was stopped, and the decision;
    the checks' records added to `records`."""
    windows = Guard(analyzer).output_stream(Policy.model_validate(POLICY))
    pump, _ = make_pump(kind, adapter, windows)
    out = await drive(pump, sse_stream(kind, events))
    if records is not None:
        records.extend(windows.records())
    return out.decode(), pump.stopped, windows.decision


def stop_reasons(got: str) -> list[Any]:
    """The stop reasons of an Anthropic stream's `message_delta`s, as the client reads them."""
    events = [json.loads(line[5:]) for line in got.splitlines() if line.startswith("data:")]
    return [e["delta"].get("stop_reason") for e in events if e.get("type") == "message_delta"]


def check(got: str, stopped: bool, decision: str, halves: tuple[str, str]) -> None:
    """A codename: the stream stopped, neither half went out, the record blocks. An e-mail: each half redacted,
    the rest of each text as sent, the stream goes on to its end."""
    if halves == CODENAME:
        assert stopped and decision == "block", (stopped, decision, got)
        assert "falcon" not in got.lower(), got
        return
    assert not stopped and decision == "redact", (stopped, decision, got)
    for raw in ("jane.doe", "exa\"", "mple.com"):
        assert raw not in got, (raw, got)
    assert "Mail <EMAIL_ADDRESS_" in got and "> now. " in got, got


# --------------------------------------------------------------------------------------------------- Responses


def _message(text: str | None, status: str = "completed") -> dict[str, Any]:
    return {"type": "message", "id": "msg_1", "role": "assistant", "status": status,
            "content": [] if text is None else [{"type": "output_text", "text": text, "annotations": []}]}


def _response(status: str, output: list[Any]) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1, "status": status, "model": "m", "output": output}


def _message_events(text: str, index: int) -> list[dict[str, Any]]:
    where = {"output_index": index, "item_id": "msg_1", "content_index": 0}
    return [{"type": "response.output_item.added", "output_index": index, "item": _message(None, "in_progress")},
            {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                        "annotations": []}},
            {"type": "response.output_text.delta", **where, "delta": text},
            {"type": "response.output_text.done", **where, "text": text},
            {"type": "response.content_part.done", **where, "part": {"type": "output_text", "text": text,
                                                                       "annotations": []}},
            {"type": "response.output_item.done", "output_index": index, "item": _message(text)}]


def responses_stream(first: str, second: str, item: Callable[[str], dict[str, Any]], item_first: bool = False
                     ) -> list[dict[str, Any]]:
    """Message text `first` streamed, then the item holding `second` given whole (added, done, completed); or the
    item holding `first`, then the message text `second`."""
    whole = item(first if item_first else second)
    text = second if item_first else first
    events = [{"type": "response.created", "response": _response("in_progress", [])}]
    item_events = [{"type": "response.output_item.added", "output_index": 0 if item_first else 1, "item": whole},
                   {"type": "response.output_item.done", "output_index": 0 if item_first else 1, "item": whole}]
    if item_first:
        events += item_events + _message_events(text, 1)
        output = [whole, _message(text)]
    else:
        events += _message_events(text, 0) + item_events
        output = [_message(text), whole]
    events.append({"type": "response.completed", "response": _response("completed", output)})
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return events


@pytest.mark.parametrize("halves", [EMAIL, CODENAME], ids=["email", "codename"])
@pytest.mark.parametrize("item", list(ITEMS))
@pytest.mark.parametrize("item_first", [False, True], ids=["text-then-item", "item-then-text"])
async def test_responses_an_item_given_whole_is_read_with_the_message_beside_it(
        analyzer: PiiAnalyzer, halves: tuple[str, str], item: str, item_first: bool) -> None:
    got, stopped, decision = await run(analyzer, RESPONSES, OPENAI,
                                       responses_stream(*halves, ITEMS[item], item_first=item_first))
    check(got, stopped, decision, halves)
    if halves == CODENAME:
        assert "response.incomplete" in got and "response.completed" not in got
        if not item_first:
            assert "We start" not in got  # the text before the item waited while the codename could run on
    else:
        assert "response.completed" in got


async def test_responses_a_whole_item_alone_passes_as_sent(analyzer: PiiAnalyzer) -> None:
    events = responses_stream("Here are the results. ", "weather in Paris", ITEMS["web_search_call.action.query"])
    got, stopped, decision = await run(analyzer, RESPONSES, OPENAI, events)
    assert not stopped and decision == "allow"
    assert got.count("weather in Paris") == 3  # added, done, completed
    assert "Here are the results. " in got


def _file_search(query: str) -> dict[str, Any]:
    """A file search call whose result carries `attributes` (a map: swept, read with the item's texts)."""
    return {"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": [query],
            "results": [{"file_id": "file_1", "filename": "report.pdf", "score": 0.5, "text": "Quarterly figures.",
                         "attributes": {"team": "ops"}}]}


async def test_responses_a_value_whole_in_an_item_is_redacted_and_counted_once(analyzer: PiiAnalyzer) -> None:
    # The item's texts are read with its event's other fields, then in the window, each what the first reading
    # left: the address is found once (the record counts one), and goes out as one placeholder in every event.
    records: list[dict[str, Any]] = []
    events = responses_stream("See the results. ", "mail jane.doe@example.com", _file_search)
    got, stopped, decision = await run(analyzer, RESPONSES, OPENAI, events, records)
    assert not stopped and decision == "redact"
    assert "jane.doe" not in got and got.count("mail <EMAIL_ADDRESS_1>") == 3, got
    assert [r["findings"] for r in records if r["check"] == "pii"] == [{"EMAIL_ADDRESS": 1}]


# --------------------------------------------------------------------------------------------------- Anthropic


BLOCKS: dict[str, Callable[[str], dict[str, Any]]] = {
    "code_execution_tool_result.stdout": lambda t: {
        "type": "code_execution_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "code_execution_result", "stdout": t, "stderr": "", "return_code": 0, "content": []}},
    "bash_code_execution_tool_result.stdout": lambda t: {
        "type": "bash_code_execution_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "bash_code_execution_result", "stdout": t, "stderr": "", "return_code": 0,
                    "content": []}},
    "text_editor_code_execution_tool_result.content": lambda t: {
        "type": "text_editor_code_execution_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "text_editor_code_execution_view_result", "file_type": "text", "content": t,
                    "num_lines": 1, "start_line": 1, "total_lines": 1}},
    "mcp_tool_result.content.text": lambda t: {"type": "mcp_tool_result", "tool_use_id": "mcptoolu_01",
                                               "is_error": False, "content": [{"type": "text", "text": t}]},
}


def _start(content: list[Any] | None = None) -> dict[str, Any]:
    return {"type": "message_start", "message": {
        "id": "msg_01", "type": "message", "role": "assistant", "model": "claude", "content": content or [],
        "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}}


def _text_block(index: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}},
            {"type": "content_block_stop", "index": index}]


def _whole_block(index: int, block: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": block},
            {"type": "content_block_stop", "index": index}]


_END = [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 5}}, {"type": "message_stop"}]


def messages_stream(first: str, second: str, block: Callable[[str], dict[str, Any]], block_first: bool = False
                    ) -> list[dict[str, Any]]:
    if block_first:
        return [_start(), *_whole_block(0, block(first)), *_text_block(1, second), *_END]
    return [_start(), *_text_block(0, first), *_whole_block(1, block(second)), *_END]


@pytest.mark.parametrize("halves", [EMAIL, CODENAME], ids=["email", "codename"])
@pytest.mark.parametrize("block", list(BLOCKS))
@pytest.mark.parametrize("block_first", [False, True], ids=["text-then-block", "block-then-text"])
async def test_messages_a_block_given_whole_is_read_with_the_text_beside_it(
        analyzer: PiiAnalyzer, halves: tuple[str, str], block: str, block_first: bool) -> None:
    got, stopped, decision = await run(analyzer, MESSAGES, ANTHROPIC,
                                       messages_stream(*halves, BLOCKS[block], block_first=block_first))
    check(got, stopped, decision, halves)
    if halves == CODENAME:
        assert stop_reasons(got) == ["refusal"]
    else:
        assert stop_reasons(got) == ["end_turn"]


@pytest.mark.parametrize("halves", [EMAIL, CODENAME], ids=["email", "codename"])
async def test_messages_a_text_block_in_message_start_is_read_with_the_next_block(
        analyzer: PiiAnalyzer, halves: tuple[str, str]) -> None:
    first, second = halves
    events = [_start([{"type": "text", "text": first}]), *_text_block(1, second), *_END]
    got, stopped, decision = await run(analyzer, MESSAGES, ANTHROPIC, events)
    check(got, stopped, decision, halves)
    assert stop_reasons(got) == (["refusal"] if halves == CODENAME else ["end_turn"])
    # the `message_start` goes out first, blocked or not (a client reads nothing before it), without the held text;
    # what is released of the block goes out in its deltas (index 0), before the next block's
    assert got.startswith("event: message_start\n") and '"content":[{"type":"text","text":""}]' in got
    if halves == EMAIL:
        assert got.index('"index":0,"delta":{"type":"text_delta","text":"Mail <EMAIL_ADDRESS_') \
            < got.index('"index": 1, "content_block"')


async def test_messages_a_whole_block_alone_passes_as_sent(analyzer: PiiAnalyzer) -> None:
    events = messages_stream("The script printed: ", "42\n", BLOCKS["code_execution_tool_result.stdout"])
    got, stopped, decision = await run(analyzer, MESSAGES, ANTHROPIC, events)
    assert not stopped and decision == "allow"
    assert "42\\n" in got and "The script printed: " in got and stop_reasons(got) == ["end_turn"]


# -------------------------------------------------------------------------------------------------------- chat


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _audio(transcript: str) -> dict[str, Any]:
    return {"audio": {"id": "audio_1", "transcript": transcript, "data": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "expires_at": 1}}


@pytest.mark.parametrize("halves", [EMAIL, CODENAME], ids=["email", "codename"])
@pytest.mark.parametrize("audio_first", [False, True], ids=["content-then-transcript", "transcript-then-content"])
async def test_chat_content_and_the_audio_transcript_are_read_joined(
        analyzer: PiiAnalyzer, halves: tuple[str, str], audio_first: bool) -> None:
    first, second = halves
    deltas = [_audio(first), {"content": second}] if audio_first else [{"content": first}, _audio(second)]
    events = [_chunk({"role": "assistant"}), *(_chunk(d) for d in deltas), _chunk({}, "stop"), "[DONE]"]
    got, stopped, decision = await run(analyzer, CHAT, OPENAI, events)
    check(got, stopped, decision, halves)
    if halves == CODENAME:
        assert "content_filter" in got and "AAAA" not in got  # the audio speaking it never goes out
    else:
        assert '"finish_reason": "stop"' in got and "AAAA" in got
