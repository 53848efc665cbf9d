"""Which requests continue what the provider kept of earlier ones (atk13 M2): their placeholders are tagged."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.providers.base import CHAT, RESPONSES
from proxy.providers.openai import continues_provider_state

MSG = {"role": "user", "content": "hi"}


@pytest.mark.parametrize("body", [
    {"input": "hi", "previous_response_id": "resp_1"},
    {"input": "hi", "conversation": "conv_1"},
    {"input": "hi", "conversation": {"id": "conv_1"}},
    {"input": [{"type": "item_reference", "id": "msg_1"}, MSG]},
    {"input": [{"id": "msg_1"}, MSG]},
    {"input": [{"id": "msg_1", "type": None}, MSG]},
    {"input": [{"type": "compaction", "encrypted_content": "gAAA"}, MSG]},
    {"input": "hi", "tools": [{"type": "code_interpreter", "container": "cntr_1"}]},
    {"input": "hi", "tools": [{"type": "shell", "environment": {"type": "container_reference", "container_id": "c"}}]},
], ids=["previous_response_id", "conversation", "conversation_object", "item_reference", "untyped_reference",
        "null_typed_reference", "compaction", "container_id", "container_reference"])
def test_stateful(body: dict[str, Any]) -> None:
    assert continues_provider_state(RESPONSES, {"model": "m", **body})


@pytest.mark.parametrize("body", [
    {"input": "hi"},
    {"input": "hi", "store": True, "previous_response_id": None, "conversation": None},
    {"input": [MSG, {"role": "assistant", "content": "ok"}]},
    {"input": [{"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAA"}, MSG]},
    {"input": "hi", "prompt": {"id": "pmpt_1", "variables": {"x": "y"}}},
    {"input": "hi", "background_options": {"continuation_id": "c1"}},
    {"input": "hi", "tools": [{"type": "code_interpreter", "container": {"type": "auto"}}]},
], ids=["plain", "nulls", "resent_history", "reasoning", "stored_prompt", "continuation_id", "auto_container"])
def test_stateless(body: dict[str, Any]) -> None:
    assert not continues_provider_state(RESPONSES, {"model": "m", **body})


def test_only_responses() -> None:
    assert not continues_provider_state(CHAT, {"model": "m", "messages": [MSG], "previous_response_id": "resp_1"})
    assert not continues_provider_state(RESPONSES, ["previous_response_id"])
