"""Issue 12 (README-only attack atk8, tester B H1, M1, M6, answer side): a value cut between an answer's content
and its tool-call arguments, next to a folded symbol (`617#555` + `#0143`), a glued `x` or a short word (`617x555`
+ `x0143`, `617 and 555 and` + ` 0143`), an emphasised group (`617-**555**` + `-0143`) or a quoted-printable `=`
(`jane.doe=` + `40example.com`), reached the client whole in a whole answer: the answer's fields are read with the
same joints as a request's. Streamed, a value kept apart by a word was let out in halves by a window that ended
after the word (`call 617 and ` then `555 and 0143`)."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, SCREENED_POLICY, team_oai

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
    ("Write to jane.doe=", "40example.com now", "example.com"), ("Call 617x555", "x0143 now", "0143"),
    ("Call 617x555x", "0143 now", "0143"), ("Call 617 and 555 and", " 0143 now", "0143"),
    ("Call 617 x 555", " x 0143 now", "0143"), ("Call 617, then 555", ", then 0143 now", "0143")])
def test_a_value_cut_between_content_and_arguments_is_redacted(mock: Mock, guarded: Proxy, content: str,
                                                                 arguments: str, rest: str) -> None:
    mock.script(raw_body=answer(content, arguments))
    r = httpx.post(f"{guarded.url}/v1/chat/completions", json=ASK,
                   headers={"Authorization": f"Bearer {guarded.keys['app']}"}, timeout=30)
    assert r.status_code == 200
    message = r.json()["choices"][0]["message"]
    assert rest not in message["tool_calls"][0]["function"]["arguments"] and rest not in message["content"]
    assert guarded.record_for(r.headers["x-guardrail-request-id"])["decision"] == "redact"


# A streamed answer: a window (200 characters pending, no sentence end: the value comes where the window is
# due to end) ends after a word only where no value's groups, kept apart by one same separator, run on across the
# cut or may still do so (`call 617 and ` then `555 and`, atk8 B H1): the phone number reaches the client redacted
# in every chunking (output PII rules only: a `patterns:` rule would move these cuts).
LOREM = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
LEAD = (LOREM * 2)[:184] + " "


@pytest.fixture(scope="module")
def screened(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": SCREENED_POLICY})


@pytest.mark.parametrize("value", ["617 and 555 and 0143", "617 x 555 x 0143", "617, then 555, then 0143"])
def test_a_streamed_value_kept_apart_by_a_word_is_redacted(mock: Mock, screened: Proxy, value: str) -> None:
    for size in (1, 3, 7, 11):
        mock.script(text=f"{LEAD}call {value} ok thanks", chunk_chars=size, chunk_delay_ms=5)  # one event a read
        got = "".join(choice.delta.content or "" for c in team_oai(screened).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True) for choice in c.choices)
        assert "<PHONE_NUMBER_" in got and "617" not in got and "0143" not in got, (size, got[-60:])
