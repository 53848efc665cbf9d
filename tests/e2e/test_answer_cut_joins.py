"""Issue 12 (README-only attack atk8, tester B H1, M1, M6, answer side): a value cut between an answer's content
and its tool-call arguments, next to a folded symbol (`617#555` + `#0143`), an emphasised group (`617-**555**` +
`-0143`) or a quoted-printable `=` (`jane.doe=` + `40example.com`), reached the client whole in a whole answer: the
answer's fields are read with the same joints as a request's."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES

ASK = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Write it."}]}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=OUTPUT_CODENAME_POLICIES)


def answer(content: str, arguments: str) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                           "role": "assistant", "content": content, "tool_calls": [
                               {"id": "call_1", "type": "function",
                                "function": {"name": "note", "arguments": arguments}}]}}]})


@pytest.mark.parametrize(("content", "arguments", "rest"), [
    ("Call 617#555", "#0143 now", "0143"), ("Call 617-**555**", "-0143 now", "0143"),
    ("Write to jane.doe=", "40example.com now", "example.com")])
def test_a_value_cut_between_content_and_arguments_is_redacted(mock: Mock, guarded: Proxy, content: str,
                                                                 arguments: str, rest: str) -> None:
    mock.script(raw_body=answer(content, arguments))
    r = httpx.post(f"{guarded.url}/v1/chat/completions", json=ASK,
                   headers={"Authorization": f"Bearer {guarded.keys['app']}"}, timeout=30)
    assert r.status_code == 200
    message = r.json()["choices"][0]["message"]
    assert rest not in message["tool_calls"][0]["function"]["arguments"] and rest not in message["content"]
    assert guarded.record_for(r.headers["x-guardrail-request-id"])["decision"] == "redact"
