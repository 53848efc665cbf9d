"""blk44 end to end through the official anthropic SDK's stream helper (`client.messages.stream()`,
`get_final_message()`): a refused Messages stream the proxy ends is one the helper's accumulator reads. A
withheld `tool_use` block (a `patterns:` rule matching its name, a streamed tool name that spells abuse), a text
block stopped at a blocked sentence and a withheld thinking block: every block event names a block that was
started, blocks are started in order from 0, and the message ends with `stop_reason: "refusal"`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude

RULE = '    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}\n'
DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
USER = [{"role": "user", "content": "hi"}]
MODEL = "claude-3-5-haiku-latest"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    policy = DEFAULT_POLICY.replace("\noutput:", "\n  patterns:\n" + RULE + "output:", 1) + "  patterns:\n" + RULE
    return proxy_factory(files={"policies/default.yaml": policy})


def raw_events(p: Proxy) -> list[dict[str, Any]]:
    """The stream's events as the proxy wrote them (each `data:` payload)."""
    r = httpx.post(f"{p.url}/v1/messages", headers={"x-api-key": "sk-x", "anthropic-version": "2023-06-01"},
                   json={"model": MODEL, "max_tokens": 50, "stream": True, "messages": USER}, timeout=60)
    return [json.loads(line[5:]) for line in r.text.splitlines() if line.startswith("data:")]


def well_formed(events: list[dict[str, Any]]) -> None:
    """Every block event names a block started before (and not stopped), started in order from 0."""
    started: list[int] = []
    stopped: set[int] = set()
    for e in events:
        kind, index = e.get("type"), e.get("index")
        if kind == "content_block_start":
            assert index == len(started), events
            started.append(index)
        elif kind in ("content_block_delta", "content_block_stop"):
            assert index in started and index not in stopped, events
            if kind == "content_block_stop":
                stopped.add(index)
    assert set(started) == stopped, events


def final(p: Proxy) -> Any:
    with claude(p).messages.stream(model=MODEL, max_tokens=50, messages=USER) as stream:  # type: ignore[arg-type]
        return stream.get_final_message()


CASES = {
    "tool-name-rule": dict(text="", tool_calls=[{"name": "Project Falcon", "arguments": "{}"}]),
    "tool-name-toxic": dict(text="", tool_calls=[{"name": "you_stupid_idiot", "arguments": "{}"}]),
    "text-then-tool-rule": dict(text="Here it is.", tool_calls=[{"name": "Project Falcon", "arguments": "{}"}]),
    "text-then-tool-toxic": dict(text="Here it is.", tool_calls=[{"name": "you_stupid_idiot", "arguments": "{}"}]),
    "text-toxic": dict(text="Sure thing. You are a stupid idiot. Anything else?", chunk_chars=3),
    "text-rule": dict(text="Sure thing. Project Falcon is late. Anything else?", chunk_chars=3),
    "thinking-rule": dict(text="Done.", reasoning="Let me think. Project Falcon is late. More.", chunk_chars=3),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_refused_stream_reads_through_the_stream_helper(guarded: Proxy, mock: Mock, case: str) -> None:
    mock.script(**CASES[case])
    message = final(guarded)  # the SDK's accumulator (IndexError on a stop of a block never started)
    got = message.model_dump_json()
    assert message.stop_reason == "refusal", got
    assert "tupid" not in got and "Falcon" not in got and "else" not in got, got
    # a withheld call block sends nothing (as a refused whole answer has no `tool_use` block)
    assert all(block.type != "tool_use" for block in message.content), got
    mock.script(**CASES[case])
    well_formed(raw_events(guarded))
