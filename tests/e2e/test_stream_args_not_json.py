"""Issue 12 (atk7 tester A F3): tool-call arguments that are not (complete) JSON are read with the field beside them
in streams, as whole answers read them, through the real proxy.

Reported: chat content `Mail jane.doe` then a tool call whose arguments are the plain text `@example.com now`
streamed out as sent (record `allow`) while the same whole answer was redacted; `We start Project ` + arguments
`Falcon now.` streamed out while the whole answer was blocked; the same with a Responses message then a
`function_call` item, with an Anthropic text block then a `tool_use` whose `partial_json` is no JSON, and with two
calls of one answer whose first arguments end inside an open string (`{"to":"jane.doe@` then `example.com"}`: two
chat calls, two Responses items, two `tool_use` blocks). A whole answer reads arguments that do not decode to an
object or an array as they are, joined directly with their neighbours; the stream read a JSON field only from its
first string value to its last. Scripted answers; the assertions are on the bytes the client received, on what the
official SDKs assembled, and on the records (the stream's decision is the whole answer's).
"""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, data_events, post_team, sse
from tests.support.clients import assert_absent as _absent
from tests.support.responses_events import responses


@pytest.fixture(scope="module")
def args_proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=OUTPUT_CODENAME_POLICIES)


def _post(p: Proxy, path: str, body: dict[str, Any]) -> Any:
    return post_team(p, path, body, version=True, timeout=60)


def decision(p: Proxy, r: Any) -> str:
    return str(p.record_for(r.headers["x-guardrail-request-id"])["decision"])


# ------------------------------------------------------------------------------------------------ chat

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-9", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def chat_stream(content: str | None, calls: list[str]) -> str:
    events: list[Any] = [chunk({"role": "assistant", "content": content or ""})]
    events += [chunk({"tool_calls": [{"index": n, "id": f"call_{n}", "type": "function",
                                      "function": {"name": f"tool_{n}", "arguments": args}}]})
               for n, args in enumerate(calls)]
    return sse(*events, chunk({}, "tool_calls"), "[DONE]")


def chat_whole(content: str | None, calls: list[str]) -> str:
    message = {"role": "assistant", "content": content, "tool_calls": [
        {"id": f"call_{n}", "type": "function", "function": {"name": f"tool_{n}", "arguments": args}}
        for n, args in enumerate(calls)]}
    return json.dumps({"id": "chatcmpl-9", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})


CHAT_CASES = {  # content, the calls' arguments, the words that must not reach the client, the whole answer's decision
    "e-mail, plain text arguments": ("Mail jane.doe", ["@example.com now"], ("jane.doe", "example.com"), "redact"),
    "codename, plain text arguments": ("We start Project ", ["Falcon now."], ("falcon",), "block"),
    "phone, bare digits": ("Call 415-555-", ["0198"], ("415-555", "0198"), "redact"),
    "e-mail, two calls, an open string": (None, ['{"to":"jane.doe@', 'example.com"}'], ("jane.doe", "example.com"),
                                          "redact"),
    "codename, two calls, an open string": (None, ['{"q":"We start project ', 'falcon now."}'], ("falcon",), "block"),
}


@pytest.mark.parametrize("case", list(CHAT_CASES))
def test_chat_stream_reads_arguments_that_are_no_json_as_the_whole_answer_does(args_proxy: Proxy, mock: Mock,
                                                                               case: str) -> None:
    content, calls, words, expected = CHAT_CASES[case]
    mock.script(raw_body=chat_whole(content, calls))
    whole = _post(args_proxy, "/v1/chat/completions", CHAT)
    assert decision(args_proxy, whole) == expected, whole.text
    _absent(whole.text, *words)
    mock.script(raw_sse=chat_stream(content, calls))
    r = _post(args_proxy, "/v1/chat/completions", {**CHAT, "stream": True})
    assert r.status_code == 200, r.text
    _absent(r.text, *words)
    assert decision(args_proxy, r) == expected
    finishes = [c["finish_reason"] for e in data_events(r.text) for c in e["choices"] if c.get("finish_reason")]
    assert finishes == (["content_filter"] if expected == "block" else ["tool_calls"]), r.text


def test_chat_sdk_joins_the_redacted_halves(args_proxy: Proxy, mock: Mock) -> None:
    """What the OpenAI SDK's stream helper assembles: each half redacted in its own field, the rest as sent."""
    mock.script(raw_sse=chat_stream("Mail jane.doe", ["@example.com now"]))
    with openai.OpenAI(base_url=f"{args_proxy.url}/v1", api_key=args_proxy.keys["app"],
                       max_retries=0).chat.completions.stream(**CHAT) as stream:  # type: ignore[arg-type]
        list(stream)
        message = stream.current_completion_snapshot.choices[0].message
    assert (message.content or "").startswith("Mail <EMAIL_ADDRESS_"), message
    assert message.tool_calls is not None
    args = message.tool_calls[0].function.arguments
    assert args.startswith("<EMAIL_ADDRESS_") and args.endswith("> now"), args
    mock.script(raw_sse=chat_stream(None, ['{"to":"jane.doe@', 'example.com"}']))
    with openai.OpenAI(base_url=f"{args_proxy.url}/v1", api_key=args_proxy.keys["app"],
                       max_retries=0).chat.completions.stream(**CHAT) as stream:  # type: ignore[arg-type]
        list(stream)
        message = stream.current_completion_snapshot.choices[0].message
    assert message.tool_calls is not None
    joined = "".join(c.function.arguments for c in message.tool_calls)
    assert "jane.doe" not in joined and "example.com" not in joined and joined.startswith('{"to":"<EMAIL_'), joined


def test_chat_valid_arguments_keep_their_keys_out_of_the_join(args_proxy: Proxy, mock: Mock) -> None:
    """Unchanged: a valid document's key is no text beside the content (`project ` + `{"falcon": 1}`)."""
    mock.script(raw_sse=chat_stream("We start project ", ['{"falcon": 1}']))
    r = _post(args_proxy, "/v1/chat/completions", {**CHAT, "stream": True})
    got = data_events(r.text)
    content = "".join(c["delta"].get("content") or "" for e in got for c in e["choices"])
    args = "".join(t["function"].get("arguments") or "" for e in got for c in e["choices"]
                   for t in c["delta"].get("tool_calls") or [])
    assert content == "We start project " and json.loads(args) == {"falcon": 1}, r.text
    assert decision(args_proxy, r) == "allow"


# ------------------------------------------------------------------------------------------- responses

def responses_stream(text: str | None, calls: list[str]) -> str:
    return sse(*responses(text, *calls), named=True)


RESPONSES_CASES = {
    "e-mail, plain text arguments": ("Mail jane.doe", ["@example.com now"], ("jane.doe", "example.com"), False),
    "codename, plain text arguments": ("We start Project ", ["Falcon now."], ("falcon",), True),
    "e-mail, two items, an open string": (None, ['{"to":"jane.doe@', 'example.com"}'], ("jane.doe", "example.com"),
                                          False),
    "codename, two items, an open string": (None, ['{"q":"We start project ', 'falcon now."}'], ("falcon",), True),
}


@pytest.mark.parametrize("case", list(RESPONSES_CASES))
def test_responses_stream_reads_arguments_that_are_no_json_with_their_neighbours(args_proxy: Proxy, mock: Mock,
                                                                                 case: str) -> None:
    text, calls, words, blocked = RESPONSES_CASES[case]
    mock.script(raw_sse=responses_stream(text, calls))
    seen = list(openai.OpenAI(base_url=f"{args_proxy.url}/v1", api_key=args_proxy.keys["app"],
                              max_retries=0).responses.create(model="gpt-4o-mini", input="hi", stream=True))
    dumped = json.dumps([e.model_dump(mode="json", warnings=False) for e in seen])
    _absent(dumped, *words)
    assert (seen[-1].type == "response.incomplete") is blocked, seen[-1].type
    if not blocked:
        args = "".join(e.delta for e in seen if e.type == "response.function_call_arguments.delta")
        assert "<EMAIL_ADDRESS_" in args, args


# -------------------------------------------------------------------------------------------- messages

MSG = {"id": "msg_09", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
       "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}
MESSAGES = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "stream": True,
            "messages": [{"role": "user", "content": "hi"}]}


def messages_stream(text: str | None, inputs: list[str]) -> str:
    events: list[dict[str, Any]] = [{"type": "message_start", "message": MSG}]
    if text is not None:
        events += [{"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                   {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}},
                   {"type": "content_block_stop", "index": 0}]
    for n, partial in enumerate(inputs, start=len(events) > 1):
        events += [{"type": "content_block_start", "index": n,
                    "content_block": {"type": "tool_use", "id": f"toolu_{n}", "name": "lookup", "input": {}}},
                   {"type": "content_block_delta", "index": n,
                    "delta": {"type": "input_json_delta", "partial_json": partial}},
                   {"type": "content_block_stop", "index": n}]
    return sse(*events, {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                         "usage": {"output_tokens": 9}}, {"type": "message_stop"}, named=True)


def test_messages_a_codename_over_text_and_a_tool_input_that_is_no_json_is_blocked(args_proxy: Proxy,
                                                                                    mock: Mock) -> None:
    mock.script(raw_sse=messages_stream("We start Project ", ["Falcon now."]))
    r = _post(args_proxy, "/v1/messages", MESSAGES)
    assert r.status_code == 200, r.text
    _absent(r.text, "falcon")
    assert any(e.get("type") == "message_delta" and e["delta"]["stop_reason"] == "refusal"
               for e in data_events(r.text)), r.text
    assert decision(args_proxy, r) == "block"


def test_messages_two_tool_inputs_split_inside_a_string_are_redacted(args_proxy: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=messages_stream(None, ['{"to":"jane.doe@', 'example.com"}']))
    r = _post(args_proxy, "/v1/messages", MESSAGES)
    _absent(r.text, "jane.doe", "example.com")
    partial = {}
    for e in data_events(r.text):
        if e.get("type") == "content_block_delta" and e["delta"].get("type") == "input_json_delta":
            partial[e["index"]] = partial.get(e["index"], "") + e["delta"]["partial_json"]
    assert partial[0].startswith('{"to":"<EMAIL_ADDRESS_') and partial[1].endswith('>"}'), partial
    assert decision(args_proxy, r) == "redact"
