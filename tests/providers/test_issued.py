"""`proxy.providers.issued`: the ids of a shape a request screens that this process relayed to a client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from proxy.providers import inventory, issued
from proxy.providers.base import CHAT, MESSAGES, TextSlot


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    issued.clear()
    yield
    issued.clear()


def test_an_answers_ids_of_a_screened_shape_are_remembered() -> None:
    body = (b'{"id":"chatcmpl-mock00000000000000000007","choices":[{"message":{"tool_calls":[{"id":'
            b'"call_123e4567-e89b-12d3-a456-426614174000","type":"function"}]}}]}')
    issued.remember_in(body)
    assert issued.issued("chatcmpl-mock00000000000000000007")
    assert issued.issued("call_123e4567-e89b-12d3-a456-426614174000")
    assert not issued.issued("call_123e4567-e89b-12d3-a456-426614174001")


def test_spaced_json_and_every_id_key() -> None:
    issued.remember_in(b'{"type": "function_call", "call_id" : "call_12345678901234567890", "id": "fc_mock0000000001"}'
                       b'{"tool_use_id": "toolu_mock00000000000000000009"}')
    assert issued.issued("call_12345678901234567890")
    assert issued.issued("toolu_mock00000000000000000009")


def test_ids_of_an_ids_shape_need_no_memory() -> None:
    """An id a request leaves alone anyway (at most 8 digits in a row) is not kept."""
    issued.remember_in(b'{"id":"toolu_01A09q90qw90lq917835lq9"}')
    assert not issued._seen


def test_not_an_id_key() -> None:
    issued.remember_in(b'{"content":"call_12345678901234567890","name":"call_12345678901234567890"}')
    assert not issued.issued("call_12345678901234567890")


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issued, "LIMIT", 3)
    for n in range(5):
        issued.remember(f"call_{n:020d}")
    assert [issued.issued(f"call_{n:020d}") for n in range(5)] == [False, False, True, True, True]


def test_no_id_is_kept_as_written() -> None:
    issued.remember("call_12345678901234567890")
    assert all(isinstance(k, bytes) and b"1234567890" not in k for k in issued._seen)


def test_the_sweep_leaves_a_remembered_id_alone() -> None:
    """Chat `tool_call_id` and `tool_calls[].id`, Anthropic `tool_use.id` and `tool_use_id`: screened while unknown,
    left alone (no slot, not read by `patterns:`) once relayed."""
    cid = "call_mock00000000000000000004"
    chat = {"model": "gpt-4o-mini", "messages": [
        {"role": "assistant", "tool_calls": [{"id": cid, "type": "function",
                                              "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": cid, "content": "ok"}]}
    msgs = {"model": "claude-sonnet-4-5", "max_tokens": 9, "messages": [
        {"role": "assistant", "content": [{"type": "tool_use", "id": cid, "name": "f", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": cid, "content": "ok"}]}]}
    for kind, body in ((CHAT, chat), (MESSAGES, msgs)):
        before: list[TextSlot] = []
        inventory.field_texts(kind, body, before)
        assert sum("00000000000000000004" in s.get() for s in before) == 2  # the call's id and the result's
        assert cid in inventory.fixed_texts(kind, body)[0]
    issued.remember(cid)
    for kind, body in ((CHAT, chat), (MESSAGES, msgs)):
        after: list[TextSlot] = []
        inventory.field_texts(kind, body, after)
        assert not any("00000000000000000004" in s.get() for s in after)
        assert cid not in inventory.fixed_texts(kind, body)[0]
