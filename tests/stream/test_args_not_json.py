"""Tool-call arguments that are no JSON object or array, or that end unterminated, are read with the fields beside
them as they are, as a whole answer reads them (issue 12, atk7 tester A F3).

A whole answer reads arguments that do not decode to an object or an array (`@example.com now`, `Falcon now.`,
`{"to":"jane.doe@`) as one text joined directly with its neighbours (`proxy.guard.phases.decoded`); the stream
read a JSON field only from its first string value to its last, so plain-text arguments were passed over whole
and the tail of a string left open was read without what followed it: content `Mail jane.doe` + arguments
`@example.com now` went out, as did `We start Project ` + `Falcon now.` and two calls `{"to":"jane.doe@` +
`example.com"}`. The pump event by event, with the real output windows (a `patterns:` rule and `pii: redact`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.windows import _JsonLex
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, ProviderAdapter
from proxy.providers.openai import ADAPTER as OPENAI
from tests.support.pii import shared_analyzer
from tests.support.responses_events import responses
from tests.support.stream_pump import data_of, drive, make_pump, sse_stream

POLICY = {"name": "t", "on_error": "block", "output": {
    "patterns": [{"name": "c", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}],
    "pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER"]}}}


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


async def run(analyzer: PiiAnalyzer, kind: str, adapter: ProviderAdapter, events: list[Any]
              ) -> tuple[list[Any], bool]:
    """The events the client gets (the adapter's real ending), and whether the stream was stopped."""
    pump, _ = make_pump(kind, adapter, Guard(analyzer).output_stream(Policy.model_validate(POLICY)))
    return data_of(await drive(pump, sse_stream(kind, events))), pump.stopped


def absent(events: list[Any], *words: str) -> None:
    dumped = json.dumps(events).lower()
    for word in words:
        assert word.lower() not in dumped, (word, dumped)


# ------------------------------------------------------------------------------------------------ chat


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def call(args: str, index: int = 0) -> dict[str, Any]:
    return {"tool_calls": [{"index": index, "id": f"call_{index}", "type": "function",
                            "function": {"name": f"f{index}", "arguments": args}}]}


def chat(*deltas: dict[str, Any]) -> list[Any]:
    return [chunk({"role": "assistant"}), *(chunk(d) for d in deltas), chunk({}, "tool_calls"), "[DONE]"]


def chat_text(events: list[Any]) -> tuple[str, list[str]]:
    """The content and each call's arguments as the client joins them."""
    content, calls = "", {}
    for e in events:
        for c in e.get("choices", []):
            delta = c.get("delta") or {}
            content += delta.get("content") or ""
            for t in delta.get("tool_calls") or []:
                calls[t["index"]] = calls.get(t["index"], "") + (t.get("function", {}).get("arguments") or "")
    return content, [calls[k] for k in sorted(calls)]


def finishes(events: list[Any]) -> list[str]:
    return [c["finish_reason"] for e in events for c in e.get("choices", []) if c.get("finish_reason")]


async def test_chat_a_codename_over_content_and_plain_text_arguments_is_blocked(analyzer: PiiAnalyzer) -> None:
    got, stopped = await run(analyzer, CHAT, OPENAI, chat({"content": "We start Project "}, call("Falcon now.")))
    assert stopped and finishes(got) == ["content_filter"]
    absent(got, "falcon", "project")


async def test_chat_an_e_mail_over_content_and_plain_text_arguments_is_redacted_in_both(
        analyzer: PiiAnalyzer) -> None:
    got, stopped = await run(analyzer, CHAT, OPENAI, chat({"content": "Mail jane.doe"}, call("@example.com now")))
    assert not stopped and finishes(got) == ["tool_calls"]
    absent(got, "jane.doe", "example.com")
    content, calls = chat_text(got)
    assert content.startswith("Mail <EMAIL_ADDRESS_") and calls[0].startswith("<EMAIL_ADDRESS_"), (content, calls)
    assert calls[0].endswith("> now")  # the rest of the arguments as sent


async def test_chat_a_phone_number_over_content_and_bare_digits_is_redacted(analyzer: PiiAnalyzer) -> None:
    got, _ = await run(analyzer, CHAT, OPENAI, chat({"content": "Call 415-555-"}, call("0198")))
    absent(got, "415-555", "0198")
    content, calls = chat_text(got)
    # the whole answer's rewrite: a redacted bare number of a JSON text becomes a JSON string
    assert content.startswith("Call <PHONE_NUMBER_") and calls[0].startswith('"<PHONE_NUMBER_'), (content, calls)


async def test_chat_two_calls_whose_first_arguments_end_inside_a_string_are_read_joined(
        analyzer: PiiAnalyzer) -> None:
    got, stopped = await run(analyzer, CHAT, OPENAI, chat(call('{"q":"We start project ', 0),
                                                          call('falcon now."}', 1)))
    assert stopped and finishes(got) == ["content_filter"]
    absent(got, "falcon")
    got, stopped = await run(analyzer, CHAT, OPENAI, chat(call('{"to":"jane.doe@', 0), call('example.com"}', 1)))
    assert not stopped
    absent(got, "jane.doe", "example.com")
    _, calls = chat_text(got)
    assert calls[0].startswith('{"to":"<EMAIL_ADDRESS_') and calls[1].endswith('>"}'), calls


async def test_chat_arguments_unterminated_outside_a_string_are_read_to_their_end(analyzer: PiiAnalyzer) -> None:
    """`{"q":"x","n":415-555-` ends with no string open: at the next call the first is known unterminated, and
    read as it is, its digits too, as the whole answer reads it (the next call's `0198}` is no JSON either)."""
    got, _ = await run(analyzer, CHAT, OPENAI, chat(call('{"q":"see","n":415-555-', 0), call("0198}", 1)))
    absent(got, "415-555", "0198")


async def test_chat_valid_json_arguments_still_pass_their_structure_and_keys_over(analyzer: PiiAnalyzer) -> None:
    """The join of valid arguments is unchanged: their string values are read with the content (`project ` +
    `{"q":"falcon now"}` blocks), their keys and structure are not (`project` + `{"falcon": 1}` is no match)."""
    got, stopped = await run(analyzer, CHAT, OPENAI, chat({"content": "We start Project "}, call('{"q":"Falcon now"}')))
    assert stopped
    absent(got, "falcon")
    got, stopped = await run(analyzer, CHAT, OPENAI, chat({"content": "We start Project "}, call('{"falcon": 1}')))
    assert not stopped
    content, calls = chat_text(got)
    assert content == "We start Project " and json.loads(calls[0]) == {"falcon": 1}


# ------------------------------------------------------------------------------------------- responses

def responses_args(events: list[Any]) -> dict[int, str]:
    out: dict[int, str] = {}
    for e in events:
        if e.get("type") == "response.function_call_arguments.delta":
            out[e["output_index"]] = out.get(e["output_index"], "") + e["delta"]
    return out


async def test_responses_a_codename_over_a_message_and_plain_text_arguments_is_blocked(
        analyzer: PiiAnalyzer) -> None:
    got, stopped = await run(analyzer, RESPONSES, OPENAI, responses("We start Project ", "Falcon now."))
    assert stopped and got[-1]["type"] == "response.incomplete"
    absent(got, "falcon")


async def test_responses_an_e_mail_over_a_message_and_plain_text_arguments_is_redacted(
        analyzer: PiiAnalyzer) -> None:
    got, stopped = await run(analyzer, RESPONSES, OPENAI, responses("Mail jane.doe", "@example.com now"))
    assert not stopped
    absent(got, "jane.doe", "example.com")
    text = "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta")
    assert text.startswith("Mail <EMAIL_ADDRESS_") and responses_args(got)[1].endswith("> now"), got


async def test_responses_two_calls_whose_first_arguments_end_inside_a_string_are_read_joined(
        analyzer: PiiAnalyzer) -> None:
    got, stopped = await run(analyzer, RESPONSES, OPENAI, responses(None, '{"to":"jane.doe@', 'example.com"}'))
    assert not stopped
    absent(got, "jane.doe", "example.com")
    args = responses_args(got)
    assert args[0].startswith('{"to":"<EMAIL_ADDRESS_') and args[1].endswith('>"}'), args
    got, stopped = await run(analyzer, RESPONSES, OPENAI, responses(None, '{"q":"We start project ', 'falcon now."}'))
    assert stopped
    absent(got, "falcon")


# -------------------------------------------------------------------------------------------- messages

START = {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "m",
                                              "content": [], "stop_reason": None, "stop_sequence": None,
                                              "usage": {"input_tokens": 1, "output_tokens": 1}}}


def text_block(index: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}},
            {"type": "content_block_stop", "index": index}]


def tool_use(index: int, partial: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index,
             "content_block": {"type": "tool_use", "id": f"toolu_{index}", "name": "f", "input": {}}},
            {"type": "content_block_delta", "index": index,
             "delta": {"type": "input_json_delta", "partial_json": partial}},
            {"type": "content_block_stop", "index": index}]


def messages(*blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [START, *(e for b in blocks for e in b),
            {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
             "usage": {"output_tokens": 2}}, {"type": "message_stop"}]


def partials(events: list[Any]) -> dict[int, str]:
    out: dict[int, str] = {}
    for e in events:
        if e.get("type") == "content_block_delta" and e["delta"].get("type") == "input_json_delta":
            out[e["index"]] = out.get(e["index"], "") + e["delta"]["partial_json"]
    return out


async def test_messages_a_codename_over_text_and_a_plain_text_tool_input_is_blocked(analyzer: PiiAnalyzer) -> None:
    got, stopped = await run(analyzer, MESSAGES, ANTHROPIC, messages(text_block(0, "We start Project "),
                                                                     tool_use(1, "Falcon now.")))
    assert stopped
    absent(got, "falcon")
    assert any(e["type"] == "message_delta" and e["delta"]["stop_reason"] == "refusal" for e in got), got


async def test_messages_two_tool_use_blocks_whose_first_input_ends_inside_a_string_are_read_joined(
        analyzer: PiiAnalyzer) -> None:
    got, stopped = await run(analyzer, MESSAGES, ANTHROPIC, messages(tool_use(0, '{"to":"jane.doe@'),
                                                                     tool_use(1, 'example.com"}')))
    assert not stopped
    absent(got, "jane.doe", "example.com")
    found = partials(got)
    assert found[0].startswith('{"to":"<EMAIL_ADDRESS_') and found[1].endswith('>"}'), found


# ---------------------------------------------------------------------------------------- the reading


def lex_of(text: str, step: int = 3) -> _JsonLex:
    lex = _JsonLex()
    for i in range(0, len(text), step):
        lex.scan(text[i:i + step], i, [])
    return lex


@pytest.mark.parametrize("text", [
    '{"a": 1, "b": [true, false, null, -2.5e-7, 1E+10], "c": {"d": "x \\"y\\" \\\\ \\/ \\n \\u00e9"}}',
    '\n\t [ {"project": "falcon"} , "" ] \r\n', json.dumps({"k": [1, {"n": None}]}, indent=2), '{"x": NaN}',
])
def test_valid_json_objects_and_arrays_are_never_read_raw(text: str) -> None:
    json.loads(text)
    lex = lex_of(text)
    assert not lex.raw and not lex.open


@pytest.mark.parametrize("text", [
    "@example.com now", "Falcon now.", '"a string"', "12", '{"to": jane.doe@acme.io}', '{"a": 1}}', '{"a": 1} more',
    '{"a": "tab\there"}', '{"a": "\\x41"}', "[1, 2}", "\ufeff{}",
])
def test_what_json_does_not_decode_to_an_object_or_array_is_read_raw(text: str) -> None:
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    assert not isinstance(value, dict | list)  # as the whole answer reads it (`json_text_slots`)
    assert lex_of(text).raw


def test_an_unterminated_document_is_open_not_raw() -> None:
    """Still streaming, it may yet be JSON: read as JSON until its field ends unterminated."""
    for text in ('{"to":"jane.doe@', '{"a": [1,', '{"a": 1'):
        lex = lex_of(text)
        assert lex.open and not lex.raw
