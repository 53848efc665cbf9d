"""How a request's placeholders are tagged (stream14): a random tag where the provider keeps earlier requests (an
Anthropic container given by id too), each value's own where the client resends reasoning the proxy cannot read."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.vault import PLACEHOLDER, Vault, value_tag
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from proxy.providers.state import TURN, VALUE, placeholder_tagging

MSG = {"role": "user", "content": "hi"}
REASONING = {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAAAB-opaque"}
REDACTED = {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"}


@pytest.mark.parametrize(("kind", "body", "expected"), [
    (MESSAGES, {"container": "container_011CQ"}, TURN),
    (MESSAGES, {"container": {"id": "container_011CQ", "skills": [{"type": "anthropic", "skill_id": "xlsx"}]}}, TURN),
    (MESSAGES, {"container": {"skills": [{"type": "anthropic", "skill_id": "xlsx"}]}}, ""),
    (MESSAGES, {"container": {"id": None}}, ""),
    (MESSAGES, {"container": ""}, ""),
    (MESSAGES, {}, ""),
    (RESPONSES, {"input": [REASONING, MSG]}, VALUE),
    (RESPONSES, {"input": [MSG], "include": ["reasoning.encrypted_content"], "store": False}, VALUE),
    (RESPONSES, {"input": [{**REASONING, "encrypted_content": None}, MSG]}, ""),
    (RESPONSES, {"input": [MSG], "include": ["file_search_call.results"]}, ""),
    (RESPONSES, {"input": [REASONING, MSG], "previous_response_id": "resp_1"}, TURN),  # the stricter one
    (RESPONSES, {"input": "hi", "tools": [{"type": "code_interpreter", "container": "cntr_1"}]}, TURN),
    (CHAT, {"container": "container_011CQ", "include": ["reasoning.encrypted_content"]}, ""),
    (MESSAGES, {"messages": [MSG, {"role": "assistant", "content": [REDACTED, {"type": "text", "text": "ok"}]},
                             MSG]}, VALUE),
    (MESSAGES, {"messages": [MSG, {"role": "assistant", "content": [{**REDACTED, "data": ""}]}, MSG]}, ""),
    (MESSAGES, {"messages": [MSG, {"role": "assistant", "content": [REDACTED]}, MSG],
                "container": "container_011CQ"}, TURN),  # the stricter one
    (RESPONSES, {"input": [REDACTED, MSG]}, ""),  # no Anthropic block in a Responses input
], ids=["container_id", "container_object", "new_container_skills", "null_container_id", "empty_container", "plain",
        "encrypted_reasoning", "asks_encrypted", "null_encrypted", "other_include", "previous_and_reasoning",
        "responses_container", "chat", "redacted_thinking", "empty_redacted_thinking", "container_and_redacted",
        "responses_redacted_thinking"])
def test_tagging(kind: str, body: dict[str, Any], expected: str) -> None:
    assert placeholder_tagging(kind, {"model": "m", **({"messages": [MSG]} if kind != RESPONSES else {}), **body}) \
        == expected


def test_value_tags_name_the_value() -> None:
    a, b = Vault(team="t", keyed=True), Vault(team="t", keyed=True)
    ann_a = a.placeholder("EMAIL_ADDRESS", "ann@corp.io")
    ben_a = a.placeholder("EMAIL_ADDRESS", "ben@corp.io")
    ben_b = b.placeholder("EMAIL_ADDRESS", "ben@corp.io")
    assert PLACEHOLDER.fullmatch(ann_a) and PLACEHOLDER.fullmatch(ben_a)
    assert ann_a.endswith(value_tag("t", "EMAIL_ADDRESS", "ann@corp.io") + ">")
    assert ann_a != ben_b, "another value in another request: another token"
    assert ben_a.rsplit("_", 1)[1] == ben_b.rsplit("_", 1)[1], "one value, one tag in every request"
    # b never restores a's placeholder for ann (ann is not b's), even though b's first address has number 1.
    assert b.restore(f"{ann_a} {ben_b}") == f"{ann_a} ben@corp.io"
    # Another team, another tag; the tag is no plain digest of the value.
    assert value_tag("u", "EMAIL_ADDRESS", "ann@corp.io") != value_tag("t", "EMAIL_ADDRESS", "ann@corp.io")
    assert value_tag("t", "PERSON", "ann@corp.io") != value_tag("t", "EMAIL_ADDRESS", "ann@corp.io")
    assert "ann" not in repr(a)
