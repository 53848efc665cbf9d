"""Issue 12 (README-only attack), stream windows under `patterns:` output rules, end to end with the official
SDKs against the mock provider: what the client RECEIVED.

A codename written over line breaks (`project\\nfalcon`, `project` then `\\n\\n` then `falcon` in separate
chunks) reached the client although the same answer unstreamed is blocked: the window ended after the line
break. A space in a pattern matches any run of whitespace, punctuation and symbols, so the window now waits
until no match of the known text crosses its cut and enough letters follow it
(`proxy.guard.checks.patterns.WindowCuts`). The answer is streamed in two chunks split at every character
position (chat and Anthropic Messages), and by the mock in chunks of 1-11 characters (chat, Responses,
Anthropic).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_answer_fields_joined import A_END, A_START, chunk, sse
from tests.support.clients import SCREENED_POLICY, claude, oai

POLICY = SCREENED_POLICY + """  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""
TEXT = "Status report.\nproject\n\n- falcon ships on Monday. Bye."
MODEL = "claude-3-5-haiku-latest"


@pytest.fixture(scope="module")
def phrases(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _leaked(got: str) -> list[str]:
    return [w for w in ("project", "falcon") if w in got.lower()]


def _chat(p: Proxy) -> tuple[str, str | None]:
    text, finish = "", None
    for c in oai(p).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                            stream=True):
        for choice in c.choices:
            text += choice.delta.content or ""
            finish = choice.finish_reason or finish
    return text, finish


def _responses(p: Proxy) -> tuple[str, str | None]:
    with oai(p).responses.stream(model="gpt-4o-mini", input="hi") as s:
        events = list(s)
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    final = [e.response for e in events if e.type in ("response.completed", "response.incomplete")]
    reason = final[-1].incomplete_details.reason if final and final[-1].incomplete_details else None
    return text, reason


def _anthropic(p: Proxy) -> tuple[str, str | None]:
    kwargs: dict[str, Any] = {"model": MODEL, "max_tokens": 50, "messages": [{"role": "user", "content": "hi"}]}
    with claude(p).messages.stream(**kwargs) as s:
        text = "".join(e.delta.text for e in s if e.type == "content_block_delta" and e.delta.type == "text_delta")
        stop = s.get_final_message().stop_reason
    return text, stop


BLOCKED = {"chat": "content_filter", "responses": "content_filter", "anthropic": "refusal"}
ROUTES = {"chat": _chat, "responses": _responses, "anthropic": _anthropic}


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_codename_over_line_breaks_is_blocked_in_every_chunk_size(phrases: Proxy, mock: Mock, route: str) -> None:
    for size in range(1, 12):
        mock.script(text=TEXT, chunk_chars=size)
        got, reason = ROUTES[route](phrases)
        assert _leaked(got) == [] and reason == BLOCKED[route], (size, got, reason)
        assert got in ("", "Status report.\n"), (size, got)


def test_a_codename_over_line_breaks_is_blocked_at_every_split_chat(phrases: Proxy, mock: Mock) -> None:
    for i in range(1, len(TEXT)):
        mock.script(raw_sse=sse(chunk({"role": "assistant", "content": TEXT[:i]}), chunk({"content": TEXT[i:]}),
                                chunk({}, "stop"), "[DONE]"))
        got, reason = _chat(phrases)
        assert _leaked(got) == [] and reason == "content_filter", (i, got, reason)


def test_a_codename_over_line_breaks_is_blocked_at_every_split_anthropic(phrases: Proxy, mock: Mock) -> None:
    for i in range(1, len(TEXT)):
        deltas = [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": part}}
                  for part in (TEXT[:i], TEXT[i:])]
        mock.script(raw_sse=sse(A_START, {"type": "content_block_start", "index": 0,
                                          "content_block": {"type": "text", "text": ""}},
                                *deltas, {"type": "content_block_stop", "index": 0}, *A_END, named=True))
        got, reason = _anthropic(phrases)
        assert _leaked(got) == [] and reason == "refusal", (i, got, reason)
