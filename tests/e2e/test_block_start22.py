"""A block given with its text in `content_block_start` goes on in deltas, never in a second start (atk22a M4).

Anthropic streams open a block with `content_block_start` and its text follows in `content_block_delta`s; gateways
and adapters (Bedrock, Vertex, OpenAI-compatible ones) may give a block's text in the start itself. When the proxy
held the end of that text (a placeholder restore must keep whole, a value an output rule reads on), it sent the
rest as a second `content_block_start` of the same index: the SDK's `MessageStream` appends a block per start and
files deltas by index, so a signed thinking block came cut under its signature beside an unsigned one (the next
turn is refused), and the next block's text or tool input landed in the wrong block. Now the rest goes out as the
block's `content_block_delta`, as for a block given in `message_start`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, RESTORE_ONLY_POLICY, sse, team_claude

MAIL = "jane.doe@example.com"
ASK = f"My e-mail is {MAIL}. Note it."
E = "<EMAIL_ADDRESS_1>"
SIG = "EqoBCkgIARABGAIiQL" + "A" * 120
OUTPUT_PII = OUTPUT_CODENAME_POLICIES  # output pii redact (EMAIL_ADDRESS, PHONE_NUMBER), a codename pattern


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": RESTORE_ONLY_POLICY})


@pytest.fixture(scope="module")
def screening(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=OUTPUT_PII)


def events(first: dict[str, Any], rest: list[dict[str, Any]]) -> str:
    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 12, "output_tokens": 1}}
    return sse({"type": "message_start", "message": msg},
               {"type": "content_block_start", "index": 0, "content_block": first},
               {"type": "content_block_stop", "index": 0}, *rest,
               {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 20}},
               {"type": "message_stop"}, named=True)


def text_block(k: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": k, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": k, "delta": {"type": "text_delta", "text": text}},
            {"type": "content_block_stop", "index": k}]


def tool_block(k: int, arguments: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": k,
             "content_block": {"type": "tool_use", "id": "toolu_1", "name": "save_note", "input": {}}},
            {"type": "content_block_delta", "index": k,
             "delta": {"type": "input_json_delta", "partial_json": json.dumps(arguments)}},
            {"type": "content_block_stop", "index": k}]


def final(p: Proxy) -> list[dict[str, Any]]:
    with team_claude(p).messages.stream(model="claude-sonnet-4-5", max_tokens=100,
                                        messages=[{"role": "user", "content": ASK}]) as s:
        return [b.to_dict() for b in s.get_final_message().content]


def starts(p: Proxy, mock: Mock, script: str) -> list[int]:
    """The index of every `content_block_start` a raw client gets."""
    import httpx

    mock.script(raw_sse=script)
    r = httpx.post(f"{p.url}/v1/messages", headers={"x-api-key": p.keys["app"], "anthropic-version": "2023-06-01"},
                   json={"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": True,
                         "messages": [{"role": "user", "content": ASK}]}, timeout=30)
    assert r.status_code == 200, r.text
    return [json.loads(line[6:])["index"] for line in r.text.splitlines()
            if line.startswith("data: ") and '"content_block_start"' in line]


def test_signed_thinking_ending_on_a_placeholder_stays_one_block(mock: Mock, restoring: Proxy) -> None:
    thinking = {"type": "thinking", "thinking": f"The user wrote {E}", "signature": SIG}
    script = events(thinking, text_block(1, "Done."))
    assert starts(restoring, mock, script) == [0, 1]
    mock.script(raw_sse=script)
    blocks = final(restoring)
    assert [b["type"] for b in blocks] == ["thinking", "text"]
    assert blocks[0]["thinking"] == f"The user wrote {E}" and blocks[0]["signature"] == SIG  # as signed
    assert blocks[1]["text"] == "Done."


def test_a_text_ending_on_a_placeholder_then_a_tool_call(mock: Mock, restoring: Proxy) -> None:
    script = events({"type": "text", "text": f"Saving {E}"}, tool_block(1, {"note": "call back"}))
    assert starts(restoring, mock, script) == [0, 1]
    mock.script(raw_sse=script)
    blocks = final(restoring)
    assert [b["type"] for b in blocks] == ["text", "tool_use"]
    assert blocks[0]["text"] == f"Saving {MAIL}"  # prose: restored
    assert blocks[1]["input"] == {"note": "call back"}


def test_output_rules_hold_the_start_text_and_send_it_as_deltas(mock: Mock, screening: Proxy) -> None:
    script = events({"type": "text", "text": "Mail ops@acme-corp.com"}, text_block(1, " Done."))
    assert starts(screening, mock, script) == [0, 1]
    mock.script(raw_sse=script)
    blocks = final(screening)
    assert [b["type"] for b in blocks] == ["text", "text"]
    assert "ops@acme-corp.com" not in json.dumps(blocks)
    assert blocks[0]["text"].startswith("Mail <EMAIL_ADDRESS") and blocks[1]["text"] == " Done."
