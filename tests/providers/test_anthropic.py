"""Anthropic adapter: every text and usage field, in requests, answers and stream events."""

from __future__ import annotations

import copy
import json
import random

import pytest

from proxy.providers import anthropic as an
from proxy.providers.base import CHAT, COUNT_TOKENS, MESSAGES, Usage
from proxy.providers.usage import merge_usage
from tests.support.fixtures import FIXTURES, needs_fixtures

WIRE = FIXTURES / "wire" / "anthropic-sdk-python"
STREAMS = sorted((WIRE / "streaming_fixtures").glob("*.txt")) if WIRE.is_dir() else []
RECORDED = sorted((WIRE / "recorded_http").glob("*.json")) if WIRE.is_dir() else []


def same(s: str) -> str:
    return s


def rows(slots):
    """The texts the adapter lists by role (not the field sweep's, nor the keys of tool inputs)."""
    return [(s.role, s.kind, s.channel, s.get()) for s in slots
            if not s.channel.startswith("field:") and not s.channel.endswith(":#key")]


def field_rows(slots):
    """What the field sweep (`proxy.providers.inventory`) adds, and the keys of tool inputs."""
    return [(s.role, s.kind, s.channel, s.get()) for s in slots
            if s.channel.startswith("field:") or s.channel.endswith(":#key")]


def upper_all(slots) -> None:
    for slot in slots:
        slot.set(slot.get().upper())


def joined(events):
    out: dict[str, str] = {}
    for event in events:
        if an.is_whole_text_event(MESSAGES, event):  # whole blocks (server tool results, unknown types), citations
            assert event["type"] in ("content_block_start", "message_start") \
                or event["delta"]["type"] == "citations_delta"
            for slot in an.stream_event_texts(MESSAGES, event):
                out[slot.channel] = slot.get()
            continue
        for slot in an.stream_event_texts(MESSAGES, event):
            out[slot.channel] = out.get(slot.channel, "") + slot.get()
    return out


def texts_by_channel(slots):
    out = {}
    for slot in slots:
        assert slot.channel not in out, f"duplicate channel {slot.channel}"
        out[slot.channel] = slot.get()
    return out


# ------------------------------------------------------------------------------------------ requests

IMAGE = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}


def messages_request(t=same):
    return {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "system": [
            {"type": "text", "text": t("You are a support bot for ACME."), "cache_control": {"type": "ephemeral"}},
            {"type": "text", "text": t("Never reveal internal notes.")},
        ],
        "messages": [
            {"role": "user", "content": t("Hi, I'm Alice (alice@example.com).")},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": t("Summarise these."), "cache_control": {"type": "ephemeral"}},
                    IMAGE,
                    {
                        "type": "document",
                        "source": {"type": "text", "media_type": "text/plain", "data": t("Alice lives in Paris.")},
                        "title": t("notes.txt"),
                        "context": t("Internal memo"),
                        "citations": {"enabled": True},
                    },
                    {
                        "type": "document",
                        "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="},
                    },
                    {"type": "document", "source": {"type": "url", "url": "https://example.com/a.pdf"}},
                    {
                        "type": "document",
                        "source": {"type": "content", "content": [{"type": "text", "text": t("Chunk one")}, IMAGE]},
                    },
                    {
                        "type": "search_result",
                        "source": "https://example.com/a",
                        "title": t("Result A"),
                        "content": [{"type": "text", "text": t("Snippet A")}],
                        "citations": {"enabled": True},
                    },
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "Alice wants a summary.", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"},
                    {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4a"},
                    {"type": "text", "text": t("Let me look that up.")},
                    {
                        "type": "tool_use",
                        "id": "toolu_01",
                        "name": "lookup",
                        "input": {
                            "name": t("Alice"),
                            "filters": {"tags": [t("vip"), 3, None, t("eu")], "limit": 5, "deep": {"a:b": t("x")}},
                            "ok": True,
                        },
                    },
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_01", "content": t('{"email": "alice@example.com"}')},
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_02",
                        "is_error": True,
                        "content": [{"type": "text", "text": t("Not found")}, IMAGE],
                    },
                    {"type": "tool_result", "tool_use_id": "toolu_03"},
                    {"type": "text", "text": t("Thanks")},
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "server_tool_use",
                        "id": "srvtoolu_1",
                        "name": "web_search",
                        "input": {"query": t("acme")},
                    },
                    {
                        "type": "web_search_tool_result",
                        "tool_use_id": "srvtoolu_1",
                        "content": [
                            {"type": "web_search_result", "title": "ACME", "url": "u", "encrypted_content": "Es"}
                        ],
                    },
                    {"type": "future_block", "text": t("unknown but textual")},
                    {"type": "future_signed", "text": "keep me", "signature": "sig"},
                ],
            },
            {"role": "user", "content": 5},
            {"role": None, "content": t("no role")},
            "junk",
        ],
        "tools": [
            {
                "name": "lookup",
                "description": "Look up a customer",
                "input_schema": {"type": "object", "properties": {"name": {"type": "string"}}},
            }
        ],
        "metadata": {"user_id": "u-1"},
        "thinking": {"type": "enabled", "budget_tokens": 2000},
    }


MESSAGES_REQUEST_ROWS = [
    ("system", "text", "system:0", "You are a support bot for ACME."),
    ("system", "text", "system:1", "Never reveal internal notes."),
    ("user", "text", "messages:0:content", "Hi, I'm Alice (alice@example.com)."),
    ("user", "text", "messages:1:content:0", "Summarise these."),
    ("user", "text", "messages:1:content:2:title", "notes.txt"),  # title and context first: read into the body
    ("user", "text", "messages:1:content:2:context", "Internal memo"),
    ("user", "text", "messages:1:content:2:source:data", "Alice lives in Paris."),
    ("user", "text", "messages:1:content:5:source:content:0", "Chunk one"),
    ("user", "text", "messages:1:content:6:title", "Result A"),
    ("user", "text", "messages:1:content:6:content:0", "Snippet A"),
    ("assistant", "signed_reasoning", "messages:2:content:0:thinking", "Alice wants a summary."),
    ("assistant", "text", "messages:2:content:2", "Let me look that up."),
    ("assistant", "tool_arguments", "messages:2:content:3:input:name", "Alice"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:tags:0", "vip"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:tags:1", "3"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:tags:3", "eu"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:limit", "5"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:deep:a\\:b", "x"),
    ("tool", "tool_result", "messages:3:content:0:content", '{"email": "alice@example.com"}'),
    ("tool", "tool_result", "messages:3:content:1:content:0", "Not found"),
    ("user", "text", "messages:3:content:3", "Thanks"),
    ("assistant", "tool_arguments", "messages:4:content:0:input:query", "acme"),
    ("assistant", "text", "messages:4:content:2", "unknown but textual"),
    ("user", "text", "messages:6:content", "no role"),
]


@pytest.mark.parametrize("kind", [MESSAGES, COUNT_TOKENS])
def test_messages_request_texts(kind):
    body = messages_request()
    assert rows(an.request_texts(kind, body)) == MESSAGES_REQUEST_ROWS


MESSAGES_FIELD_ROWS = [
    ("assistant", "tool_arguments", "messages:2:content:3:input:name:#key", "name"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:#key", "filters"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:tags:#key", "tags"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:limit:#key", "limit"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:deep:#key", "deep"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:filters:deep:a\\:b:#key", "a:b"),
    ("assistant", "tool_arguments", "messages:2:content:3:input:ok:#key", "ok"),
    ("assistant", "tool_arguments", "messages:4:content:0:input:query:#key", "query"),
    ("user", "field", "field:messages:1:content:4:source:url", "https://example.com/a.pdf"),
    ("user", "field", "field:messages:1:content:6:source", "https://example.com/a"),
    ("user", "field", "field:messages:4:content:1:content:0:title", "ACME"),
    ("user", "field", "field:messages:4:content:1:content:0:url", "u"),
    ("user", "field", "field:messages:4:content:2:type", "future_block"),
    ("user", "signed_reasoning", "field:messages:4:content:3:type", "future_signed"),
    ("user", "signed_reasoning", "field:messages:4:content:3:text", "keep me"),
    ("user", "field", "field:messages:7", "junk"),
    ("user", "field", "field:tools:0:description", "Look up a customer"),
    ("user", "field", "field:tools:0:input_schema:properties:name:#key", "name"),
    ("user", "field", "field:metadata:user_id", "u 1"),  # read as an id: letters apart from digits
]


def test_messages_request_fields_beyond_the_texts_by_role():
    """Keys of tool inputs, then every other text field: URLs, search result titles, tool descriptions and
    schema keys, `metadata.user_id`; texts beside a signature are `signed_reasoning` (never rewritten)."""
    assert field_rows(an.request_texts(MESSAGES, messages_request())) == MESSAGES_FIELD_ROWS


def test_messages_request_rewrite_keeps_ids_signatures_and_binary():
    body = messages_request()
    original = messages_request()
    slots = an.request_texts(MESSAGES, body)
    upper_all(slots)
    assert body["model"] == original["model"] and body["metadata"] == {"user_id": "U-1"}
    assert body["tools"][0]["name"] == "lookup" and body["tools"][0]["description"] == "LOOK UP A CUSTOMER"
    thinking = body["messages"][2]["content"][0]
    assert thinking["signature"] == "EqQBCgIYAhIM1gbcDa9GJwZA"
    assert body["messages"][2]["content"][1] == original["messages"][2]["content"][1]  # redacted_thinking
    assert body["messages"][1]["content"][1] == IMAGE and body["messages"][1]["content"][3]["source"]["data"] == \
        "JVBERi0="
    tool_use = body["messages"][2]["content"][3]
    assert (tool_use["id"], tool_use["name"]) == ("toolu_01", "lookup")
    assert tool_use["input"] == {"NAME": "ALICE", "FILTERS": {"TAGS": ["VIP", 3, None, "EU"], "LIMIT": 5,
                                                              "DEEP": {"A:B": "X"}}, "OK": True}


def test_system_string_and_count_tokens():
    body = {
        "model": "claude-3-5-haiku-latest",
        "system": "You are Claude. The user is Bob, SSN 123-45-6789.",
        "messages": [{"role": "user", "content": "Hello"}],
    }
    slots = an.request_texts(COUNT_TOKENS, body)
    assert rows(slots) == [
        ("system", "text", "system", "You are Claude. The user is Bob, SSN 123-45-6789."),
        ("user", "text", "messages:0:content", "Hello"),
    ]
    slots[0].set("You are Claude. The user is Bob, SSN <US_SSN_1>.")
    assert body == {
        "model": "claude-3-5-haiku-latest",
        "system": "You are Claude. The user is Bob, SSN <US_SSN_1>.",
        "messages": [{"role": "user", "content": "Hello"}],
    }
    assert an.request_texts(CHAT, body) == []
    assert an.response_texts(COUNT_TOKENS, {"input_tokens": 14}) == []
    assert an.usage_from_body(COUNT_TOKENS, {"input_tokens": 14}) is None


def test_tool_use_input_as_plain_string_and_scalar():
    body = {
        "messages": [{"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "n", "input": "raw"}]}]
    }
    assert rows(an.request_texts(MESSAGES, body)) == [
        ("assistant", "tool_arguments", "messages:0:content:0:input", "raw")
    ]
    body = {"messages": [{"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "n", "input": 3}]}]}
    assert rows(an.request_texts(MESSAGES, body)) == [
        ("assistant", "tool_arguments", "messages:0:content:0:input", "3")
    ]


def test_deeply_nested_tool_input_does_not_recurse():
    deep: dict = {"leaf": "bottom"}
    for _ in range(5000):
        deep = {"k": deep}
    body = {"messages": [{"role": "assistant", "content": [{"type": "tool_use", "input": deep}]}]}
    slots = [s for s in an.request_texts(MESSAGES, body) if not s.channel.endswith(":#key")]
    assert [s.get() for s in slots] == ["bottom"]
    assert slots[0].channel.endswith(":k:leaf")
    slots[0].set("BOTTOM")
    node = deep
    while "k" in node:
        node = node["k"]
    assert node == {"leaf": "BOTTOM"}


# ----------------------------------------------------------------------------------------- responses


def message_response(t=same):
    return {
        "id": "msg_01",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": [
            {"type": "thinking", "thinking": t("The user is Alice."), "signature": "EqQBCgIYAhIM"},
            {
                "type": "text",
                "text": t("Alice's email is alice@example.com."),
                "citations": [{"type": "char_location", "cited_text": t("Alice lives in Paris."), "document_index": 0}],
            },
            {
                "type": "tool_use",
                "id": "toolu_1",
                "name": "send_mail",
                "input": {"to": t("alice@example.com"), "cc": [t("bob@example.com")], "urgent": False},
            },
            {"type": "redacted_thinking", "data": "EmwKAhgB"},
            {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": t("acme news")}},
            {
                "type": "web_search_tool_result",
                "tool_use_id": "srvtoolu_1",
                "content": [{"type": "web_search_result", "title": t("ACME"), "url": "u", "encrypted_content": "Es"}],
            },
            {"type": "text", "text": t("Done.")},
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 2095,
            "output_tokens": 503,
            "cache_creation_input_tokens": 100,
            "cache_read_input_tokens": 1800,
            "service_tier": "standard",
        },
    }


def test_tool_input_keys_and_numbers_of_an_answer_are_texts():
    body = {"content": [{"type": "tool_use", "id": "toolu_1", "name": "pay",
                         "input": {"card": 4111111111111111, "jane.doe@example.com": "x"}}]}
    got = {s.channel: s.get() for s in an.response_texts(MESSAGES, body)}
    assert got["block:0:input:card"] == "4111111111111111"
    assert got["block:0:input:jane.doe@example.com:#key"] == "jane.doe@example.com"


def test_response_texts_and_rewrite():
    body = message_response()
    assert rows(an.response_texts(MESSAGES, body)) == [
        ("assistant", "reasoning", "block:0", "The user is Alice."),
        ("assistant", "text", "block:1", "Alice's email is alice@example.com."),
        # a citation's texts, read after the text they cite (issue 12, stream joins)
        ("assistant", "text", "block:1:citations:0:cited_text", "Alice lives in Paris."),
        ("assistant", "tool_arguments", "block:2:input:to", "alice@example.com"),
        ("assistant", "tool_arguments", "block:2:input:cc:0", "bob@example.com"),
        ("assistant", "tool_arguments", "block:4:input:query", "acme news"),
        ("tool", "tool_result", "block:5:content:0:title", "ACME"),
        ("tool", "tool_result", "block:5:content:0:url", "u"),
        ("tool", "tool_result", "block:5:content:0:encrypted_content", "Es"),  # too short to be a payload
        ("assistant", "text", "block:6", "Done."),
    ]
    upper_all([s for s in an.response_texts(MESSAGES, body)
               if not s.channel.endswith((":#key", ":url", ":encrypted_content"))])
    assert body == message_response(str.upper)
    assert an.usage_from_body(MESSAGES, body) == Usage(
        input_tokens=2095, output_tokens=503, cached_input_tokens=1800, cache_creation_input_tokens=100
    )


# -------------------------------------------------------------------------------------------- stream


def synthetic_stream():
    return [
        {
            "type": "message_start",
            "message": {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "content": [],
                "model": "claude-sonnet-4-5",
                "usage": {"input_tokens": 472, "output_tokens": 2, "cache_read_input_tokens": 100},
            },
        },
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "thinking", "thinking": "", "signature": ""},
        },
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Hmm, Alice."}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQBCgIY"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
        {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Hello Al"}},
        {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "ice!"}},
        {
            "type": "content_block_delta",
            "index": 1,
            "delta": {"type": "citations_delta", "citation": {"type": "char_location", "cited_text": "Alice"}},
        },
        {"type": "content_block_stop", "index": 1},
        {
            "type": "content_block_start",
            "index": 2,
            "content_block": {"type": "tool_use", "id": "toolu_1", "name": "send_mail", "input": {}},
        },
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": ""}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": '{"to": "a'}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "input_json_delta", "partial_json": 'lice"}'}},
        {"type": "content_block_stop", "index": 2},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "tool_use", "stop_sequence": None},
            "usage": {"output_tokens": 89, "input_tokens": 472, "cache_read_input_tokens": 100},
        },
        {"type": "message_stop"},
    ]


def test_stream_event_rows():
    events = synthetic_stream()
    expected = [
        [],
        [("assistant", "reasoning", "block:0", "")],
        [("assistant", "reasoning", "block:0", "Hmm, Alice.")],
        [],
        [],
        [("assistant", "text", "block:1", "")],
        [],
        [("assistant", "text", "block:1", "Hello Al")],
        [("assistant", "text", "block:1", "ice!")],
        [("assistant", "text", "block:1:citations:cited_text", "Alice")],  # one whole citation
        [],
        [],
        [("assistant", "tool_arguments", "block:2", "")],
        [("assistant", "tool_arguments", "block:2", '{"to": "a')],
        [("assistant", "tool_arguments", "block:2", 'lice"}')],
        [],
        [],
        [],
    ]
    assert [rows(an.stream_event_texts(MESSAGES, e)) for e in events] == expected
    assert joined(events) == {"block:0": "Hmm, Alice.", "block:1": "Hello Alice!", "block:2": '{"to": "alice"}',
                              "block:1:citations:cited_text": "Alice"}


def test_stream_rewrite_in_place():
    events = synthetic_stream()
    for event in events:
        upper_all(an.stream_event_texts(MESSAGES, event))
    assert events[2]["delta"] == {"type": "thinking_delta", "thinking": "HMM, ALICE."}  # screened like text
    assert events[3]["delta"] == {"type": "signature_delta", "signature": "EqQBCgIY"}
    assert events[7] == {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "HELLO AL"}}
    assert events[9]["delta"]["citation"]["cited_text"] == "ALICE"  # a citation's text is screened as the answer's
    assert events[13]["delta"] == {"type": "input_json_delta", "partial_json": '{"TO": "A'}
    assert events[11]["content_block"] == {"type": "tool_use", "id": "toolu_1", "name": "send_mail", "input": {}}


def test_stream_text_channels_match_response_channels():
    stream = joined(synthetic_stream())
    body = {
        "content": [
            {"type": "thinking", "thinking": "Hmm, Alice.", "signature": "EqQBCgIY"},
            {"type": "text", "text": "Hello Alice!"},
            {"type": "tool_use", "id": "toolu_1", "name": "send_mail", "input": {"to": "alice"}},
        ]
    }
    answer = texts_by_channel(an.response_texts(MESSAGES, body))
    assert answer["block:1"] == stream["block:1"]
    assert json.loads(stream["block:2"]) == {"to": answer["block:2:input:to"]}


def test_stream_start_with_text_and_tool_input():
    event = {"type": "content_block_start", "index": 3, "content_block": {"type": "text", "text": "Hi"}}
    assert rows(an.stream_event_texts(MESSAGES, event)) == [("assistant", "text", "block:3", "Hi")]
    event = {"type": "content_block_start", "index": 4, "content_block": {"type": "tool_use", "input": {"q": "x"}}}
    assert rows(an.stream_event_texts(MESSAGES, event)) == [("assistant", "tool_arguments", "block:4:input:q", "x")]
    assert an.stream_event_texts(COUNT_TOKENS, event) == []


def test_stream_usage():
    events = synthetic_stream()
    usages = [an.usage_from_event(MESSAGES, e) for e in events]
    assert usages[0] == Usage(input_tokens=472, output_tokens=2, cached_input_tokens=100)
    assert usages[-2] == Usage(input_tokens=472, output_tokens=89, cached_input_tokens=100)
    assert all(u is None for u in usages[1:-2]) and usages[-1] is None
    total = None
    for usage in usages:
        total = merge_usage(total, usage)
    assert total == Usage(input_tokens=472, output_tokens=89, cached_input_tokens=100)
    # older message_delta carries output tokens only: merged with message_start's input
    start = Usage(input_tokens=11, output_tokens=1)
    delta = an.usage_from_event(MESSAGES, {"type": "message_delta", "usage": {"output_tokens": 6}})
    assert delta == Usage(output_tokens=6)
    assert an.merge_usage(start, delta) == Usage(input_tokens=11, output_tokens=6)
    assert an.usage_from_event(MESSAGES, {"type": "message_delta", "usage": None}) is None
    assert an.usage_from_event(MESSAGES, {"type": "message_start", "message": None}) is None
    assert an.usage_from_event(COUNT_TOKENS, events[0]) is None


def test_usage_body_null_safety():
    # main counts missing, strings, negative or booleans: unreadable, so no usage (the request is charged its
    # bound, never less: atk7 finding 9 charged `"usage": {}` $0); odd secondary counts read as 0
    for odd in [{}, {"input_tokens": None, "output_tokens": "3"}, {"input_tokens": 4, "cache_read_input_tokens": None},
                {"input_tokens": -5, "output_tokens": -100}, {"input_tokens": "n/a", "output_tokens": "n/a"},
                {"input_tokens": True, "output_tokens": 3}, {"input_tokens": 4, "output_tokens": float("nan")}]:
        assert an.usage_from_body(MESSAGES, {"usage": odd}) is None, odd
    assert an.usage_from_body(MESSAGES, {"usage": {"input_tokens": 4, "output_tokens": 0,
                                                   "cache_read_input_tokens": None,
                                                   "cache_creation": "x"}}) == Usage(input_tokens=4)
    assert an.usage_from_event(MESSAGES, {"type": "message_delta", "usage": {"output_tokens": "n/a"}}) is None
    assert an.usage_from_event(MESSAGES, {"type": "message_delta", "usage": {"output_tokens": 7}}) == Usage(
        output_tokens=7)
    assert an.usage_from_event(MESSAGES, {"type": "message_start", "message": {"usage": {}}}) is None
    assert an.usage_from_body(MESSAGES, {"usage": []}) is None
    assert an.usage_from_body(MESSAGES, {}) is None
    assert an.usage_from_body(MESSAGES, None) is None


def test_request_bits_and_error_body():
    assert an.request_model({"model": "claude-opus-4-1"}) == "claude-opus-4-1"
    assert an.request_model({"model": None}) is None
    assert an.request_stream({"stream": True}) is True
    assert an.request_stream({"stream": "yes"}) is False
    assert an.request_stream([]) is False
    assert an.error_body("Blocked by policy default: toxicity", "invalid_request_error") == {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": "Blocked by policy default: toxicity"},
    }


# ------------------------------------------------------------------------------------------ odd shapes

ODD = [
    None,
    [],
    "x",
    3,
    {"system": 5, "messages": {"role": "user"}},
    {"system": [None, 1, {"type": "text", "text": None}, {"type": "text"}]},
    {"messages": [None, 1, {"role": "user", "content": [None, 2, [], {"type": None}, {"text": 3}]}]},
    {"messages": [{"role": "user", "content": [{"type": "tool_result", "content": {"a": 1}}]}]},
    {"messages": [{"role": "user", "content": [{"type": "document", "source": "x"}, {"type": "document"}]}]},
    {"messages": [{"role": "user", "content": [{"type": "document", "source": {"type": "content", "content": 3}}]}]},
    {"messages": [{"role": "user", "content": [{"type": "search_result", "content": "x", "title": 1}]}]},
    {"content": {"a": 1}},
    {"content": [None, {"type": "tool_use"}, {"type": "text", "text": 1}]},
    {"type": "content_block_delta", "index": "0", "delta": {"type": "text_delta", "text": None}},
    {"type": "content_block_delta", "delta": "x"},
    {"type": "content_block_start", "content_block": None},
    {"type": "content_block_start", "content_block": {"type": {}, "text": "x"}},
    {"type": {}, "content": [{"type": [], "text": "x"}, {"type": {}, "input": {"a": "b"}}]},
    {"messages": [{"role": {}, "content": [{"type": {"a": 1}, "text": "x"}]}], "system": [{"type": []}]},
    {"type": "message_start", "message": {"usage": "x"}},
    {"type": "message_delta", "usage": {"output_tokens": [1]}},
]


@pytest.mark.parametrize("body", ODD)
@pytest.mark.parametrize("kind", [MESSAGES, COUNT_TOKENS, "nonsense"])
def test_odd_shapes_never_raise(kind, body):
    for fn in (an.request_texts, an.response_texts, an.stream_event_texts):
        for slot in fn(kind, body):
            assert isinstance(slot.get(), str)
    an.usage_from_body(kind, body)
    an.usage_from_event(kind, body)
    an.request_model(body)
    an.request_stream(body)


def _random_json(rng: random.Random, depth: int = 0):
    keys = [
        "system",
        "messages",
        "content",
        "role",
        "text",
        "type",
        "input",
        "source",
        "data",
        "index",
        "delta",
        "content_block",
        "partial_json",
        "usage",
        "input_tokens",
        "output_tokens",
        "message",
        "title",
        "context",
    ]
    values = [
        "text",
        "tool_use",
        "tool_result",
        "document",
        "text_delta",
        "input_json_delta",
        "content_block_start",
        "content_block_delta",
        "message_start",
        "message_delta",
        "search_result",
        "user",
        "assistant",
    ]
    roll = rng.random()
    if depth > 4 or roll < 0.35:
        return rng.choice([None, True, 3, -1, 1.5, "", rng.choice(values), rng.choice(keys)])
    if roll < 0.65:
        return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randint(0, 6))}


def test_fuzzed_shapes_never_raise_and_slots_hold_strings():
    found = 0
    for n in range(9000):
        if n % 3000 == 0:
            rng = random.Random(99 + n)
        body = _random_json(rng)
        for fn in (an.request_texts, an.response_texts, an.stream_event_texts):
            slots = fn(MESSAGES, body)
            channels = [s.channel for s in slots]
            if fn is not an.stream_event_texts:
                assert len(channels) == len(set(channels))
            for slot in slots:
                assert isinstance(slot.get(), str)
                slot.set(slot.get())
                found += 1
        an.usage_from_body(MESSAGES, body)
        an.usage_from_event(MESSAGES, body)
    assert found > 0


# --------------------------------------------------------------------------------- recorded streams


def _sse_events(text: str):
    events = []
    for line in text.splitlines():
        if line.startswith("data:"):
            events.append(json.loads(line[5:].strip()))
    return events


def _naive_join(events):
    """Reference written without the adapter: concatenate text and JSON deltas per block index."""
    out: dict[str, str] = {}
    for event in events:
        if event["type"] == "content_block_start" and event["content_block"]["type"] == "text":
            out.setdefault(f"block:{event['index']}", event["content_block"]["text"])
        elif event["type"] == "content_block_start" and event["content_block"]["type"] == "tool_use":
            out.setdefault(f"block:{event['index']}", "")
        elif event["type"] == "content_block_delta":
            delta = event["delta"]
            key = f"block:{event['index']}"
            if delta["type"] == "text_delta":
                out[key] = out.get(key, "") + delta["text"]
            elif delta["type"] == "input_json_delta":
                out[key] = out.get(key, "") + delta["partial_json"]
            elif delta["type"] == "thinking_delta":
                out[key] = out.get(key, "") + delta["thinking"]
            elif delta["type"] == "compaction_delta" and isinstance(delta.get("content"), str):
                out[key] = out.get(key, "") + delta["content"]
    return out


KNOWN = {
    "basic_response.txt": ({"block:0": "Hello there!"}, Usage(input_tokens=11, output_tokens=6)),
    "tool_use_response.txt": (
        {"block:0": "I'll check the current weather in Paris for you.", "block:1": '{"location": "Paris"}'},
        Usage(input_tokens=377, output_tokens=65),
    ),
    "compaction_response.txt": ({"block:0": "Earlier conversation summarized.", "block:1": "Hello there!"},
                                Usage(input_tokens=30, output_tokens=8)),
    "fallback_response.txt": ({"block:1": "Hello there!"}, Usage(input_tokens=25, output_tokens=8)),
    "fallback_credit_response.txt": ({"block:0": "Hello there!"}, Usage(input_tokens=25, output_tokens=8)),
    "refusal_response.txt": ({"block:0": ""}, Usage(input_tokens=20, output_tokens=1)),
}


def _streams():
    out = [(p.name, p.read_text(encoding="utf-8")) for p in STREAMS]
    for path in RECORDED:
        for n, exchange in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            body = exchange["response"]["body"]
            if exchange["response"]["status_code"] == 200 and isinstance(body, str):
                out.append((f"{path.stem[:40]}#{n}", body))
    return out


STREAM_CASES = _streams()


@needs_fixtures("wire", "anthropic-sdk-python")  # skips locally when missing, fails under CI
@pytest.mark.parametrize(("name", "text"), STREAM_CASES, ids=[c[0] for c in STREAM_CASES])
def test_recorded_streams(name, text):
    events = _sse_events(text)
    stream = joined(events)
    assert stream == _naive_join(events)
    usage = None
    for event in events:
        usage = merge_usage(usage, an.usage_from_event(MESSAGES, event))
    assert usage is not None and usage.input_tokens > 0 and usage.output_tokens > 0
    if name in KNOWN:
        assert (stream, usage) == KNOWN[name]
    elif name == "incomplete_partial_json_response.txt":
        assert stream["block:0"].startswith("I'll create a comprehensive tax guide")
        assert stream["block:1"].startswith('{"filename": "taxes.txt", "lines_of_text": [')
        assert usage == Usage(input_tokens=450, output_tokens=124)
    else:
        assert any(stream.values())

    # the SDK's accumulator is an independent oracle for the final message
    try:
        from anthropic.lib.streaming._messages import accumulate_event
    except ImportError:  # pragma: no cover
        return
    snapshot = None
    bufs: dict = {}
    try:
        for event in events:
            if event["type"] != "ping":
                snapshot = accumulate_event(event=event, current_snapshot=snapshot, json_bufs=bufs)
    except Exception as exc:  # pragma: no cover - block types this SDK version does not know
        pytest.skip(f"SDK cannot accumulate this stream: {exc}")
    final = snapshot.model_dump(mode="json", warnings=False)
    answer = texts_by_channel(an.response_texts(MESSAGES, final))
    for k, block in enumerate(final["content"]):
        channel = f"block:{k}"
        if block["type"] == "text":
            assert answer[channel] == stream[channel]
        elif block["type"] == "tool_use" and name != "incomplete_partial_json_response.txt":
            assert json.loads(stream[channel]) == block["input"]
            for key, value in block["input"].items():
                assert answer[f"{channel}:input:{key}"] == value


def _naive_request_rows(body):
    """Reference for the simple shapes the recorded requests use."""
    out = []
    for i, msg in enumerate(body["messages"]):
        if isinstance(msg["content"], str):
            out.append((msg["role"], "text", f"messages:{i}:content", msg["content"]))
            continue
        for k, block in enumerate(msg["content"]):
            p = f"messages:{i}:content:{k}"
            if block["type"] == "text":
                out.append((msg["role"], "text", p, block["text"]))
            elif block["type"] in ("tool_use", "server_tool_use"):
                for key, value in block["input"].items():
                    text = value if isinstance(value, str) else json.dumps(value)
                    out.append(("assistant", "tool_arguments", f"{p}:input:{key}", text))
            elif block["type"] == "tool_result":
                out.append(("tool", "tool_result", f"{p}:content", block["content"]))
    return out


def _recorded_exchanges():
    out = []
    for path in RECORDED:
        for n, exchange in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            out.append((f"{path.stem[:40]}#{n}", exchange))
    return out


EXCHANGES = _recorded_exchanges()


@needs_fixtures("wire", "anthropic-sdk-python", "recorded_http")  # skips locally when missing, fails under CI
@pytest.mark.parametrize(("name", "exchange"), EXCHANGES, ids=[e[0] for e in EXCHANGES])
def test_recorded_requests_and_answers(name, exchange):
    request = copy.deepcopy(exchange["request"]["body"])
    slots = an.request_texts(MESSAGES, request)
    assert rows(slots) == _naive_request_rows(exchange["request"]["body"])
    assert slots
    upper_all(slots)
    for slot in slots:
        slot.set(slot.get().lower())
    # the model and tool names are untouched; the descriptions and schemas of tools are texts too
    sent = exchange["request"]["body"]
    assert request["model"] == sent["model"]
    assert [t.get("name") for t in request.get("tools", [])] == [t.get("name") for t in sent.get("tools", [])]

    body = exchange["response"]["body"]
    if exchange["response"]["status_code"] == 200 and isinstance(body, dict):
        answer = copy.deepcopy(body)
        slots = an.response_texts(MESSAGES, answer)
        expected = [(f"block:{k}", b["text"]) for k, b in enumerate(body["content"]) if b["type"] == "text"]
        assert [(s.channel, s.get()) for s in slots if s.kind == "text" and ":citations:" not in s.channel] == expected
        # a text block's citations: their texts, read after it (issue 12, stream joins)
        cited = [(f"block:{k}:citations:{n}:cited_text", c["cited_text"]) for k, b in enumerate(body["content"])
                 if b["type"] == "text" for n, c in enumerate(b.get("citations") or []) if c.get("cited_text")]
        assert [(s.channel, s.get()) for s in slots if s.channel.endswith(":cited_text")] == cited
        for k, block in enumerate(body["content"]):
            if block["type"] == "web_search_tool_result":  # result titles and links are screened; payloads not
                mine = [s for s in slots if s.channel.startswith(f"block:{k}:")]
                assert {s.channel.rsplit(":", 1)[1] for s in mine} <= {"title", "url", "page_age"}
                assert [s.get() for s in mine if s.channel.endswith(":title")] == \
                    [r["title"] for r in block["content"] if r.get("title")]
        upper_all(slots)
        for k, block in enumerate(body["content"]):
            if block["type"] == "web_search_tool_result":
                for got, sent in zip(answer["content"][k]["content"], block["content"], strict=True):
                    assert got["title"] == sent["title"].upper() and got["url"] == sent["url"].upper()
                    assert got["encrypted_content"] == sent["encrypted_content"]
            elif block["type"] not in ("text", "tool_use", "server_tool_use"):
                assert answer["content"][k] == block
        raw = body["usage"]
        assert an.usage_from_body(MESSAGES, body) == Usage(
            input_tokens=raw["input_tokens"],
            output_tokens=raw["output_tokens"],
            cached_input_tokens=raw.get("cache_read_input_tokens") or 0,
            cache_creation_input_tokens=raw.get("cache_creation_input_tokens") or 0,
        )
    elif isinstance(body, dict) and body.get("type") == "error":
        assert an.response_texts(MESSAGES, body) == []
        assert an.usage_from_body(MESSAGES, body) is None


# ------------------------------------------------------------------- type-confused stream pieces


def _delta(delta):
    return {"type": "content_block_delta", "index": 0, "delta": delta}


def _start(block):
    return {"type": "content_block_start", "index": 0, "content_block": block}


@pytest.mark.parametrize("event", [
    _delta({"type": "text_delta", "text": {"project": "falcon"}}), _delta({"type": "text_delta", "text": ["falcon"]}),
    _delta({"type": "thinking_delta", "thinking": {"a": "b"}}),
    _delta({"type": "input_json_delta", "partial_json": {"project": "falcon"}}),
    _delta({"type": "compaction_delta", "content": ["a"]}),
    _start({"type": "text", "text": ["jane.doe@exa"]}), _start({"type": "thinking", "thinking": {"a": "b"}}),
    _start({"type": "compaction", "content": {"a": "b"}}),
], ids=repr)
def test_a_piece_given_as_an_object_or_a_list_is_unreadable(event):
    """atk6 finding 7: a text delta (or the text a streamed block starts with) given as an object or a list cannot be
    joined with the block's other pieces as the client joins them: with output rules, the stream fails closed."""
    assert not an.is_known_event(MESSAGES, event)


@pytest.mark.parametrize("event", [
    _delta({"type": "text_delta", "text": "falcon"}), _delta({"type": "input_json_delta", "partial_json": "{}"}),
    _delta({"type": "citations_delta", "citation": {"type": "char_location", "cited_text": "x"}}),
    _start({"type": "text", "text": ""}), _start({"type": "tool_use", "id": "t", "name": "f", "input": {"a": "b"}}),
    _start({"type": "web_search_tool_result", "tool_use_id": "t", "content": [{"type": "web_search_result"}]}),
    {"type": "message_start", "message": {"content": [{"type": "text", "text": {"a": "b"}}]}},  # read whole
], ids=repr)
def test_pieces_of_their_types_are_readable(event):
    assert an.is_known_event(MESSAGES, event)


@needs_fixtures("wire", "anthropic-sdk-python")  # skips locally when missing, fails under CI
def test_recorded_streams_hold_no_type_confused_piece():
    events = [e for _, text in STREAM_CASES for e in _sse_events(text)]
    assert events and all(an.is_known_event(MESSAGES, e) for e in events)
