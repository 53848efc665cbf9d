"""fp37b (atk37 FP02): an answer's short content before a tool call whose arguments open with an e-mail address is
kept as written, whole and streamed: the address is the call's value, redacted in its own field; the content's word
is no part of it (`ok` + `{"email": "` + `ravi.shankar@...` is no `okravi.shankar@...`). A value really split
over the content and the call stays one value. Held-out words and addresses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard import phases
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.providers.base import CHAT
from proxy.providers.openai import OpenAIAdapter
from tests.guard.conftest import policy

P_OUT = policy(output={"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                                "US_SSN"], "min_score": 0.4}})


async def _whole(guard: Guard, text: str, args: str) -> tuple[str, str]:
    body = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": [{
        "index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": text, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "update_contact", "arguments": args}}]}}]}
    await phases.screen_answer(guard, P_OUT, OpenAIAdapter().response_texts(CHAT, body), None, vault=Vault())
    message: dict[str, Any] = body["choices"][0]["message"]  # type: ignore[index]
    return message["content"], message["tool_calls"][0]["function"]["arguments"]


async def _streamed(guard: Guard, text: str, args: str, size: int) -> tuple[str, str]:
    stream = guard.output_stream(P_OUT, Vault())
    group, out = "choice:0", {}
    channel = f"{group}:tool:0:arguments"
    stream.field_kind(channel, "tool_arguments")
    pieces = [(f"{group}:content", text[k:k + size], False) for k in range(0, len(text), size)]
    pieces += [(channel, args[k:k + size], True) for k in range(0, len(args), size)]
    for name, fragment, in_json in pieces:
        out[name] = out.get(name, "") + await stream.feed(name, fragment, in_json=in_json, group=group)
        for other, released in stream.take_spill():
            out[other] = out.get(other, "") + released
    for other, released in await stream.end_group(group):
        out[other] = out.get(other, "") + released
    return out.get(f"{group}:content", ""), out.get(channel, "")


KEPT = [  # (content, the call's address)
    ("ok", "anjali.verma@rediffmail.com"),
    ("k", "o.adebayo@gmail.com"),
    ("Will do", "ravi.shankar@rediffmail.com"),
    ("On it", "o.adeyemi@gmail.com"),
    ("Sure", "kwame.mensah@outlook.com"),
    ("go", "ravi.shankar@rediffmail.com"),
    ("Updating", "o.adeyemi@gmail.com"),
    ("Let me do", "tran.minh@vnn.vn"),
]


@pytest.mark.parametrize(("text", "address"), KEPT)
async def test_content_before_a_call_kept(guard: Guard, text: str, address: str) -> None:
    args = json.dumps({"email": address})
    for content, arguments in [await _whole(guard, text, args), await _streamed(guard, text, args, 1),
                               await _streamed(guard, text, args, 3)]:
        assert content == text
        assert address not in arguments and "<EMAIL_ADDRESS_" in arguments, arguments


SPLIT = [  # a value really split over the content and the call: no part of the address goes out
    ("jane", "doe.smith@example.org", "jane"),
    ("Write to dana.kerr@exa", "mple.org", "dana.kerr"),
    ("ja", "ne.doe@example.org", "ja"),
]


@pytest.mark.parametrize(("text", "value", "part"), SPLIT)
async def test_split_value_still_one(guard: Guard, text: str, value: str, part: str) -> None:
    args = json.dumps({"email": value})
    for content, arguments in [await _whole(guard, text, args), await _streamed(guard, text, args, 3)]:
        assert part not in content, content
        assert value not in arguments, arguments
