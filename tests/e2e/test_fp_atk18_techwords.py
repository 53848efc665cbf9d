"""atk18 M2 and L1, end to end with the official SDKs: what the mock provider RECEIVED. Go's panic message in a
tool result, a `git log --oneline` in an Anthropic system prompt, a question about configuring a tool in a
Responses `input_text` go up as sent; a name beside the same words is still redacted."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai, received

PANIC = "exit status 2\npanic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV]"
LOG = "$ git log --oneline -3\n7d8e9f0 Mark the cache test as flaky\nb1c2d3e Grant the runner read access\n" \
      "4f5a6b7 Bump lodash to 4.17.21"
QUESTION = "How do I configure Phoenix to retry on timeout behind the load balancer?"


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_engineers_texts_go_up_as_sent_on_every_route(plain: Proxy, mock: Mock) -> None:
    oai(plain).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "The job failed."},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                              "function": {"name": "run_job", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": PANIC}])
    assert json.loads(received(mock))[-1]["messages"][2]["content"] == PANIC
    claude(plain).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, system=LOG,
                                  messages=[{"role": "user", "content": "Summarise the log."}])
    assert json.loads(received(mock))[-1]["system"] == LOG
    oai(plain).responses.create(model="gpt-4o-mini", input=[
        {"role": "user", "content": [{"type": "input_text", "text": QUESTION}]}])
    assert json.loads(received(mock))[-1]["input"][0]["content"][0]["text"] == QUESTION


def test_names_beside_them_are_redacted(plain: Proxy, mock: Mock) -> None:
    text = f"{PANIC}\nNil Patel said Ray Chen should configure Phoenix to retry on timeout."
    oai(plain).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    got = json.loads(received(mock))[-1]["messages"][0]["content"]
    for value in ("Patel", "Ray Chen"):
        assert value not in got, got
    assert "nil pointer dereference" in got, got
