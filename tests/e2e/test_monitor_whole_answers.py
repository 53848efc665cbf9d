"""atk11 A L1: a monitor policy with output rules changed whole answers that carry logprobs (the alternatives emptied,
entries dropped, the body written anew), although a monitor's client gets exactly what it would without the proxy.
Monitor mode screens and records a whole answer and relays it byte for byte."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
mode: monitor
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""

CHAT = json.dumps({"id": "chatcmpl-abc", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi there."},
                                "finish_reason": "stop", "logprobs": {"content": [
                                    {"token": "Hi", "logprob": -0.1, "bytes": [72, 105],
                                     "top_logprobs": [{"token": "Yo", "logprob": -2.0, "bytes": [89, 111]}]}]}}],
                   "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}, indent=1)
COMPLETIONS = json.dumps({"id": "cmpl-1", "object": "text_completion", "created": 1700000000,
                          "model": "gpt-3.5-turbo-instruct", "choices": [{
                              "index": 0, "text": "Hi", "finish_reason": "stop", "logprobs": {
                                  "tokens": ["Hi"], "token_logprobs": [-0.1],
                                  "top_logprobs": [{"Hi": -0.1, "Yo": -2.0}], "text_offset": [0]}}],
                          "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})
# A finding in monitor mode: recorded (`flag`), the answer as sent all the same.
FLAGGED = CHAT.replace("Hi there.", "Mail jane.doe@example.com about project falcon.")


@pytest.fixture(scope="module")
def watched(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.mark.parametrize(("path", "body", "raw"), [
    ("/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello"}]}, CHAT),
    ("/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello"}]}, FLAGGED),
    ("/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "hello"}, COMPLETIONS)])
def test_a_monitored_whole_answer_is_relayed_byte_for_byte(mock: Mock, watched: Proxy, path: str,
                                                          body: dict[str, object], raw: str) -> None:
    mock.script(raw_body=raw, content_type="application/json")
    r = httpx.post(f"{watched.url}{path}", json=body, headers={"Authorization": "Bearer sk-x"}, timeout=60)
    assert r.status_code == 200, r.text
    assert r.content == raw.encode()
    assert r.headers["x-guardrail-decision"] in ("allow", "flag")
    if raw is FLAGGED:
        assert r.headers["x-guardrail-decision"] == "flag"
