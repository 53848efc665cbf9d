"""Stream order and provider state, through the proxy with the official SDKs (issue 12, streamstate15).

A chat tool call whose every chunk repeats `"name": ""`: its first arguments piece reached the client last (broken
JSON for the SDK's `get_final_completion`). A Responses `response.output_text.annotation.added` went out before the
text it annotates, which the proxy still held: the SDK's event stream had the annotation's `url` and `title` ahead
of the text. An Anthropic request resending a `redacted_thinking` block (encrypted reasoning of an earlier turn,
naming values by that turn's placeholders) had plain placeholders: the reasoning's `<EMAIL_ADDRESS_1>` of the first
customer was restored to this turn's other customer. Now it is tagged as a resent `encrypted_content` (stream14), and
the block's `data` goes as sent both ways.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.stream.test_annotation_order import BEFORE, NOTE, responses
from tests.support.clients import OUTPUT_CODENAME_POLICIES, SCREENED_POLICY, claude, oai, sse


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def _chunk(delta: dict[str, object], finish: str | None = None) -> dict[str, object]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _call(name: str, arguments: str, call_id: str | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"index": 0, "function": {"name": name, "arguments": arguments}}
    if call_id is not None:
        entry.update(id=call_id, type="function")
    return {"tool_calls": [entry]}


def test_chat_arguments_with_an_empty_name_in_every_chunk_reach_the_sdk_whole(mock: Mock, guarded: Proxy) -> None:
    n = 200
    pieces = ['{"q": "' if k == 0 else "ab" if k < n - 1 else '"}' for k in range(n)]
    mock.script(raw_sse=sse(_chunk({"role": "assistant"}), _chunk(_call("lookup", "", "call_1")),
                            *(_chunk(_call("", piece)) for piece in pieces), _chunk({}, "tool_calls"), "[DONE]"))
    with oai(guarded).chat.completions.stream(model="gpt-4o-mini",
                                              messages=[{"role": "user", "content": "hi"}]) as stream:
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls or []
    assert [(c.id, c.function.name) for c in calls] == [("call_1", "lookup")]  # type: ignore[union-attr]
    assert json.loads(calls[0].function.arguments) == {"q": "ab" * (n - 2)}  # type: ignore[union-attr]


def test_a_responses_annotation_reaches_the_sdk_after_its_text(mock: Mock, guarded: Proxy) -> None:
    mock.script(raw_sse=sse(*responses(BEFORE, ["it has more. ", "And more."]), named=True))
    shown, at = "", None
    with oai(guarded).responses.stream(model="gpt-4o-mini", input="hi") as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                shown += event.delta
            elif event.type == "response.output_text.annotation.added" and at is None:
                at = shown
                note = event.annotation
                # the provider's, as sent (indices too: see the README)
                assert (note if isinstance(note, dict) else note.model_dump()) == NOTE
        final = stream.get_final_response()
    assert at is not None and at.startswith("Write to <EMAIL_ADDRESS_1> about the setup guide, "), at
    assert final.output_text == "Write to <EMAIL_ADDRESS_1> about the setup guide, it has more. And more."


# ------------------------------------------------------------------------ Anthropic redacted_thinking

MAIL_1, MAIL_2, PHONE_2 = "amara.okafor@example.com", "jonas.weber@example.net", "312-555-0148"
# Encrypted reasoning as Anthropic sends it (base64), with a run of digits a phone number has.
SEALED = ("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmK3125550148DxH4mPnZ5sQ7vB5U"
          "RSISMvgo4z6+b+Pkpz0N6G2IagshWtuBfQKLn1aBmZq2v9XyVw0rT5sUe8hJc3oPd7Gi4fNkYlMtRx6AbCzE1uWqH9vI2jS0gOp=")
REDACTED = {"type": "redacted_thinking", "data": SEALED}


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _ask(p: Proxy, messages: list[dict[str, Any]], stream: bool) -> Any:
    body: dict[str, Any] = {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": messages}
    if stream:
        with claude(p).messages.stream(**body) as s:
            return s.get_final_message()
    return claude(p).messages.create(**body)


def _sent(mock: Mock) -> str:
    return json.dumps(mock.last_body["messages"], ensure_ascii=False)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_resent_redacted_thinking_names_no_other_persons_value(mock: Mock, restoring: Proxy, stream: bool) -> None:
    """Turn 2 resends turn 1's redacted thinking (which names the first customer `<EMAIL_ADDRESS_1>`) without turn
    1's message: the model's `<EMAIL_ADDRESS_1>` reaches the client as written, never as turn 2's customer."""
    said = "Replied to <EMAIL_ADDRESS_1> as noted."
    mock.script(text=said, chunk_chars=3)
    answer = _ask(restoring, [{"role": "user", "content": f"Note {MAIL_1}."},
                              {"role": "assistant", "content": [REDACTED, {"type": "text", "text": "Noted."}]},
                              {"role": "user", "content": f"Now {MAIL_2}, phone {PHONE_2}, asks too."}], stream)
    sent = _sent(mock)
    assert MAIL_2 not in sent and PHONE_2 not in sent and "<EMAIL_ADDRESS_1>" not in sent
    assert re.search(r"<EMAIL_ADDRESS_\d+_[a-z2-7]{8}>", sent), sent
    text = "".join(block.text for block in answer.content if block.type == "text")
    assert text == said and MAIL_2 not in text


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_loop_resending_redacted_thinking_gets_its_values_back(mock: Mock, restoring: Proxy, stream: bool) -> None:
    history = [{"role": "user", "content": f"Note {MAIL_1}."},
               {"role": "assistant", "content": [REDACTED, {"type": "text", "text": "Noted."}]},
               {"role": "user", "content": "Reply to them."}]
    mock.script(chunk_chars=3)
    _ask(restoring, history, stream=False)
    token = re.findall(r"<EMAIL_ADDRESS_\d+_[a-z2-7]{8}>", _sent(mock))
    assert len(token) == 1 and MAIL_1 not in _sent(mock)
    assert json.loads(_sent(mock))[1]["content"][0] == REDACTED  # the encrypted reasoning goes as sent
    mock.script(text=f"Replied to {token[0]}.", chunk_chars=3)
    answer = _ask(restoring, history, stream)  # the same value, the same tag: restored
    assert "".join(block.text for block in answer.content if block.type == "text") == f"Replied to {MAIL_1}."


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_an_answer_s_redacted_thinking_goes_out_as_sent(mock: Mock, restoring: Proxy, stream: bool) -> None:
    message = {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
               "stop_reason": "end_turn", "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 5},
               "content": [REDACTED, {"type": "text", "text": "Fine."}]}
    if stream:
        mock.script(raw_sse=sse(
            {"type": "message_start", "message": {**message, "content": [], "stop_reason": None}},
            {"type": "content_block_start", "index": 0, "content_block": REDACTED},
            {"type": "content_block_stop", "index": 0},
            {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Fine."}},
            {"type": "content_block_stop", "index": 1},
            {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 5}},
            {"type": "message_stop"}, named=True))
    else:
        mock.script(raw_body=json.dumps(message))
    answer = _ask(restoring, [{"role": "user", "content": "hi"}], stream)
    assert answer.content[0].model_dump() == REDACTED and answer.stop_reason == "end_turn"
