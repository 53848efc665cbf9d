"""An answer whose body its `Content-Encoding` does not decode is an unreadable answer (issue 12, atk7 minor).

Reported (README-only attack, tester A): a provider answer labelled `Content-Encoding: br` with a plain JSON body
gave the client a 502, but the record said `decision: allow`, `error: upstream_unreachable`, and had no `readable`
check, whereas other answers the proxy cannot read (UTF-16 JSON, a double gzip) are recorded `readable: block`.
The HTTP client raises the decoding error with the headers (`br`, `deflate` on plain bytes) or while reading the body
(`gzip` on plain bytes); either way the provider answered. Now the client gets `upstream_unreadable` (502, the
provider's format) and, with output rules, the record says `readable: block` (`unreadable_body`), decision `block`;
monitor: `flag`; without output rules: the error only, no check.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import post_team

RULES = r"""
output:
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
"""
POLICIES = {
    "policies/default.yaml": "name: default\non_error: block\n" + RULES,
    "policies/watch.yaml": "name: watch\non_error: block\nmode: monitor\n" + RULES,
    "policies/plain.yaml": "name: plain\n",
}
BODY = ('{"id":"chatcmpl-9","object":"chat.completion","created":1733234567,"model":"gpt-4o-mini",'
        '"choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},"finish_reason":"stop"}],'
        '"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}')
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(scope="module")
def labelled(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}, "watch": {"policy": "watch"}, "plain": {"policy": "plain"}},
                         files=POLICIES)


def readable(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in rec["checks"] if c["check"] == "readable"]


@pytest.mark.parametrize("encoding", ["br", "deflate", "gzip"])
@pytest.mark.parametrize("stream", [False, True])
def test_an_undecodable_answer_is_recorded_unreadable(labelled: Proxy, mock: Mock, encoding: str,
                                                      stream: bool) -> None:
    mock.script(raw_body=BODY, content_type="application/json", headers={"Content-Encoding": encoding})
    r = post_team(labelled, "/v1/chat/completions", {**CHAT, "stream": stream})
    assert r.status_code == 502, r.text
    assert r.json()["error"]["code"] == "upstream_unreadable" or r.json()["error"]["type"] == "upstream_unreadable"
    rec = labelled.record_for(r.headers["x-guardrail-request-id"])
    assert rec["status"] == 502 and rec["error"] == "upstream_unreadable" and rec["decision"] == "block"
    assert readable(rec) == [{"phase": "output", "check": "readable", "action": "block",
                              "findings": {"unreadable_body": 1}}]


def test_monitor_and_no_output_rules_record_it_as_other_unreadable_answers(labelled: Proxy, mock: Mock) -> None:
    mock.script(raw_body=BODY, content_type="application/json", headers={"Content-Encoding": "br"})
    r = post_team(labelled, "/v1/chat/completions", CHAT, "watch")
    assert r.status_code == 502  # nothing of it can be passed on: the proxy cannot read the bytes to relay
    rec = labelled.record_for(r.headers["x-guardrail-request-id"])
    assert rec["error"] == "upstream_unreadable" and rec["decision"] == "flag"
    assert readable(rec) == [{"phase": "output", "check": "readable", "action": "flag",
                              "findings": {"unreadable_body": 1}}]
    mock.script(raw_body=BODY, content_type="application/json", headers={"Content-Encoding": "br"})
    r = post_team(labelled, "/v1/chat/completions", CHAT, "plain")
    assert r.status_code == 502
    rec = labelled.record_for(r.headers["x-guardrail-request-id"])
    assert rec["error"] == "upstream_unreadable" and rec["decision"] == "allow" and not readable(rec)



# A real SSE stream (`text/event-stream`) labelled with an encoding its bytes are not in: the client gets the 502 in
# every mode, recorded as the plain answer is, and the request is charged its bound, once (atk9 A-M2: the proxy had
# sent its 200 head and broke the connection off: recorded `200 allow`, `upstream_stream_broken`, and the SDK,
# reading a dropped connection as retryable, sent it three times).
SSE = ('data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,'
       '"delta":{"content":"Hello there. "},"finish_reason":null}]}\n\n'
       'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,'
       '"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n')
EXPECTED = {"app": ("block", [{"phase": "output", "check": "readable", "action": "block",
                               "findings": {"unreadable_body": 1}}]),
            "watch": ("flag", [{"phase": "output", "check": "readable", "action": "flag",
                                "findings": {"unreadable_body": 1}}]),
            "plain": ("allow", [])}


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
@pytest.mark.parametrize("team", ["app", "watch", "plain"])
def test_an_undecodable_stream_is_a_502_in_every_mode(labelled: Proxy, mock: Mock, encoding: str, team: str) -> None:
    mock.script(raw_sse=SSE, headers={"Content-Encoding": encoding})
    r = post_team(labelled, "/v1/chat/completions", {**CHAT, "stream": True}, team)
    assert r.status_code == 502, r.text
    assert r.json()["error"]["code"] == "upstream_unreadable"
    assert "Hello" not in r.text
    rec = labelled.record_for(r.headers["x-guardrail-request-id"])
    decision, checks = EXPECTED[team]
    assert rec["status"] == 502 and rec["error"] == "upstream_unreadable" and rec["decision"] == decision
    assert readable(rec) == checks
    assert r.headers["x-guardrail-decision"] == decision


def test_an_undecodable_stream_is_an_api_error_to_the_sdk(labelled: Proxy, mock: Mock) -> None:
    import openai

    mock.script(raw_sse=SSE, headers={"Content-Encoding": "gzip"})
    client = openai.OpenAI(base_url=labelled.url + "/v1", api_key=labelled.keys["app"], max_retries=0)
    with pytest.raises(openai.InternalServerError) as exc:  # was an APIConnectionError: the connection dropped
        list(client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                            stream=True))
    assert exc.value.status_code == 502
