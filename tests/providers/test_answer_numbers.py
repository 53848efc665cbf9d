"""Numbers and top-level keys of answers (`proxy.providers.answer_numbers`, `answers.answer_sweep`): which
numbers are text, the list of the SDKs' numeric fields kept in step with the installed SDKs, and what a
block leaves of the sweep's keys and numbers (`withhold_swept`)."""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pydantic
import pytest
from anthropic.types import Message, ModelInfo, RawMessageStreamEvent
from openai.types import Completion, CreateEmbeddingResponse, Model
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.responses import Response, ResponseStreamEvent

from proxy.providers import openai as oa
from proxy.providers.answer_numbers import NUMERIC_KEYS, TIME_KEYS, all_in_range, number_is_text
from proxy.providers.answers import SWEPT, LogprobSlot, answer_sweep, typed_entry, withhold_swept
from proxy.providers.base import CHAT, EMBEDDINGS
from proxy.providers.inventory import TreeSlot

ANSWER_ROOTS = (ChatCompletion, ChatCompletionChunk, Completion, CreateEmbeddingResponse, Model, Response,
                ResponseStreamEvent, Message, RawMessageStreamEvent, ModelInfo)


def _numeric_fields() -> set[str]:
    """Every field name (JSON key) of the answer types whose type is a number, or a list or map of them."""
    found: set[str] = set()
    seen: set[type] = set()

    def walk(t: Any, name: str | None) -> None:
        while get_origin(t) is Annotated:
            t = get_args(t)[0]
        origin = get_origin(t)
        if t in (int, float):
            if name is not None:
                found.add(name)
        elif origin in (Union, types.UnionType, list, typing.List, tuple, typing.Sequence, dict,  # noqa: UP006
                        typing.Dict):  # noqa: UP006
            for arg in get_args(t):
                if arg is not Ellipsis:
                    walk(arg, name)
        elif origin is not Literal and isinstance(t, type) and issubclass(t, pydantic.BaseModel) and t not in seen:
            seen.add(t)
            for field_name, f in t.model_fields.items():
                walk(f.annotation, f.alias or field_name)

    for root in ANSWER_ROOTS:
        walk(root, None)
    return found


def test_numeric_keys_are_the_sdks_numeric_fields() -> None:
    assert _numeric_fields() == set(NUMERIC_KEYS)
    assert {"created", "created_at", "completed_at", "expires_at"} <= TIME_KEYS
    assert {"index", "prompt_tokens", "input_tokens", "logprob", "embedding", "sequence_number"} <= NUMERIC_KEYS
    assert not {"content", "text", "refusal", "arguments", "title", "delta", "id"} & NUMERIC_KEYS


@pytest.mark.parametrize(("key", "value", "loose", "text"), [
    ("prompt_tokens", 1234, False, False), ("prompt_tokens", 99_999_999, False, False),
    ("prompt_tokens", 123_456_789, False, True), ("prompt_tokens", 5555555555554444, False, True),
    ("index", 0, False, False), ("index", -5555555555554444, False, True),
    ("created", 1733234567, False, False), ("created", 2125550199, False, True),  # a phone number's shape
    ("created_at", 1733234567.25, False, False), ("embedding", -0.0123456789, False, False),
    ("embedding", 4111111111111111.0, False, True), ("logprob", -12.5, False, False),
    ("content", 5, False, True), ("text", 5555555555554444, False, True), ("id", 7, False, True),
    ("x_n", 3, True, True), ("index", 3, True, True),  # inside an unknown field: however short
])
def test_which_numbers_are_text(key: str, value: int | float, loose: bool, text: bool) -> None:
    assert number_is_text(key, value, loose) is text


def test_all_in_range_is_a_safe_shortcut() -> None:
    assert all_in_range("embedding", [0.5, -0.25, 1e-7] * 100)
    assert not all_in_range("embedding", [0.5] * 100 + [5555555555554444])
    assert not all_in_range("embedding", [0.5] * 100 + ["x"])
    assert not all_in_range("embedding", [[0.5], [0.25]])
    assert not all_in_range("embedding", [])


def _swept(body: dict[str, Any], kind: str = CHAT) -> dict[str, str]:
    known = oa.response_texts(kind, body)
    return {s.channel: s.get() for s in answer_sweep(body, known)}


def test_the_body_keys_and_numbers_of_text_are_swept() -> None:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop", "x_n": 5555555555554444,
                         "message": {"role": "assistant", "content": 5555555555554444, "refusal": 7}}],
            "usage": {"prompt_tokens": 5555555555554444, "completion_tokens": 2, "total_tokens": 5},
            "zed@example.com": "x", "x_list": [4111, 1111], "call 212-555-0199": {"index": 1}}
    assert _swept(body) == {
        "choice:0:field:x_n": "5555555555554444", "choice:0:field:x_n:#key": "x_n",
        "choice:0:field:message:content": "5555555555554444", "choice:0:field:message:refusal": "7",
        "field:usage:prompt_tokens": "5555555555554444",
        "field:zed@example.com": "x", "field:zed@example.com:#key": "zed@example.com",
        "field:x_list:0": "4111", "field:x_list:1": "1111", "field:x_list:#key": "x_list",
        "field:call 212-555-0199:index": "1", "field:call 212-555-0199:#key": "call 212-555-0199",
    }


def test_an_embedding_vector_is_passed_over_unless_a_number_is_out_of_range() -> None:
    body = {"object": "list", "model": "m", "usage": {"prompt_tokens": 1, "total_tokens": 1},
            "data": [{"object": "embedding", "index": 0, "embedding": [0.01 * i for i in range(1536)]},
                     {"object": "embedding", "index": 1, "embedding": [0.5] * 20 + [4111111111111111]}]}
    assert _swept(body, EMBEDDINGS) == {"field:data:1:embedding:20": "4111111111111111"}


def test_a_redacted_number_becomes_a_string_and_a_renamed_key_keeps_its_value() -> None:
    body: dict[str, Any] = {"object": "chat.completion", "choices": [], "a@b.co": 4111111111111111}
    slots = answer_sweep(body, [])
    by = {s.channel: s for s in slots}
    by["field:a@b.co:#key"].set("<EMAIL_ADDRESS_1>")  # keys are rewritten last, but either order holds
    by["field:a@b.co"].set("<CREDIT_CARD_1>")
    assert body == {"object": "chat.completion", "choices": [], "<EMAIL_ADDRESS_1>": "<CREDIT_CARD_1>"}


def test_on_a_block_swept_numbers_are_emptied_and_unknown_keys_dropped() -> None:
    body: dict[str, Any] = {"object": "chat.completion", "created": 1733234567, "x_n": 5,
                            "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi",
                                                                  "refusal": 4111111111111111,
                                                                  "x_obj": {"k": "v"}}}],
                            "usage": {"prompt_tokens": 4111111111111111, "completion_tokens": 1}}
    slots = answer_sweep(body, oa.response_texts(CHAT, body))
    assert all(s.kind == SWEPT for s in slots) and any(isinstance(s, TreeSlot) and s.mode == "number" for s in slots)
    withhold_swept(slots)
    assert body == {"object": "chat.completion", "created": 1733234567,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi", "refusal": ""}}],
                    "usage": {"prompt_tokens": "", "completion_tokens": 1}}


def test_a_logprob_number_beyond_what_its_field_holds_ends_the_logprobs() -> None:
    """atk10 A-M3: rebuilt logprobs are never swept, so a `logprob`, `token_logprobs` value or `text_offset` of 9
    integer digits or more (a card number) does not type-check: the entries end before it, as `number_is_text`
    would read it anywhere else. 8 integer digits is still a logprob."""
    def entry(token: str, logprob: float) -> dict[str, Any]:
        return {"token": token, "logprob": logprob, "bytes": list(token.encode()), "top_logprobs": []}

    body: dict[str, Any] = {"content": [entry("a", -0.5), entry("b", -99_999_999.9), entry("c", -100_000_000),
                                        entry("d", -0.1)]}
    slot = LogprobSlot(body, "content", "choice:0:content")
    assert slot.rebuild() is True
    assert [(e["token"], e["logprob"]) for e in body["content"]] == [("a", -0.5), ("b", -99_999_999.9)]
    for field, bad in (("text_offset", 4111111111111111), ("token_logprobs", -4111111111111111.0),
                       ("text_offset", 100_000_000)):
        columns: dict[str, Any] = {"tokens": ["a", "b", "c"], "token_logprobs": [None, -0.2, -0.3],
                                   "top_logprobs": [None, {"b": -0.2}, {"c": -0.3}], "text_offset": [0, 99_999_999, 2]}
        columns[field][2] = bad
        choice = {"logprobs": columns}
        assert LogprobSlot(choice, "logprobs", "choice:0:text", parallel=True).rebuild() is True
        assert choice["logprobs"] == {"tokens": ["a", "b"], "token_logprobs": [None, -0.2],
                                      "top_logprobs": [None, {}], "text_offset": [0, 99_999_999]}
    assert typed_entry(entry("a", -3.0)) == entry("a", -3.0) and typed_entry(entry("a", 123_456_789.0)) is None
