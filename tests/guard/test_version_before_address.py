"""Issue 12 (fpmisc10): a version or a revision (`v2`, `v1.3`, `r2`) ending one field, before a whole address in
the next, is no half of the mailbox (`new address v2` + `anna@acme.com (work)` was read `v2anna@acme.com`, `v2` pulled
into the placeholder), in a request's tool arguments, a whole answer's and a stream's; a field that is only such a
token, or a next field that starts with `.`, still joins (`r2` + `d2@acme.io`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer, screen_request
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.stream.channels import StreamRewriter
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.stream.test_channels import events_of
from tests.support.clients import sse

CASES = [
    {"note": "new address v2", "email": "anna@acme.com (work)"},
    {"note": "new address v1.3", "email": "anna@acme.com"},
    {"note": "see r2", "email": "anna@acme.com"},
    {"note": "release V10.", "email": "ops@acme.io"},
]


def _call(args: dict[str, Any]) -> dict[str, Any]:
    return {"id": "c", "type": "function", "function": {"name": "f", "arguments": json.dumps(args)}}


def _kept(sent: dict[str, Any], args: dict[str, Any]) -> None:
    assert sent["note"] == args["note"], sent
    assert sent["email"].startswith("<EMAIL_ADDRESS_") and "@" not in sent["email"], sent


@pytest.mark.parametrize("args", CASES)
async def test_a_version_before_an_address_in_a_requests_next_field_is_left_as_sent(
        guard: Guard, args: dict[str, Any]) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "go"},
                                       {"role": "assistant", "tool_calls": [_call(args)]},
                                       {"role": "tool", "tool_call_id": "c", "content": "done"}]}
    await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    _kept(json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"]), args)


@pytest.mark.parametrize("args", CASES)
async def test_a_version_before_an_address_in_an_answers_next_field_is_left_as_sent(
        guard: Guard, args: dict[str, Any]) -> None:
    p = policy(output=PII_OUT)
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": None,
                                                   "tool_calls": [_call(args)]}}]}
    await screen_answer(guard, p, openai.response_texts("chat", answer), None)
    _kept(json.loads(answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]), args)
    message = {"content": [{"type": "tool_use", "id": "t", "name": "f", "input": dict(args)}]}
    await screen_answer(guard, p, anthropic.response_texts("messages", message), None)
    _kept(message["content"][0]["input"], args)


async def test_a_version_before_an_address_in_a_streamed_answer_is_left_as_sent(guard: Guard) -> None:
    args = CASES[0]
    chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "ok."}, "finish_reason": None}],
             "metadata": dict(args)}
    rewriter = StreamRewriter(CHAT, openai_adapter, guard.output_stream(policy(output=PII_OUT)), fail_closed=True)
    out: list[bytes] = []
    for ev in events_of(sse(chunk).encode()):
        out.extend(await rewriter.process(ev, ev.json()))
    out.extend(await rewriter.finish())
    got = b"".join(out).decode()
    assert '"metadata":{"note":"new address v2","email":"<EMAIL_ADDRESS_1> (work)"}' in got, got


@pytest.mark.parametrize("args", [
    {"note": "r2", "email": "d2@acme.io"},          # the value is only the token: half of `r2d2@acme.io`
    {"note": "see v2", "email": ".anna@acme.com"},  # the next value starts with `.`: `v2.anna@acme.com`
])
async def test_a_version_that_may_be_half_of_the_mailbox_still_joins(guard: Guard, args: dict[str, Any]) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "go"},
                                       {"role": "assistant", "tool_calls": [_call(args)]},
                                       {"role": "tool", "tool_call_id": "c", "content": "done"}]}
    await screen_request(guard, policy(input=PII_IN), openai.request_texts("chat", body))
    sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent["note"].endswith(">") and "2" not in sent["note"].split("<")[-1], sent
