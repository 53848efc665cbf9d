"""Issue 12 (README-only attack), output `patterns:` rules read the answer restored, end to end with the official
SDKs against the mock provider: what the client RECEIVED and the record's decision.

`Ask Osprey Smith.` goes upstream as `Ask <PERSON_1>.`; the model answers `Sure, Project <PERSON_1> is on it.`.
The client would get `Sure, Project Osprey Smith is on it.`, which the output rule
`(?i)\\bproject (falcon|osprey)\\b` blocks: the rule reads what the client gets, not the placeholder. Chat
Completions, Responses and Anthropic Messages, whole and streamed (the mock cuts the answer into chunks of
1-11 characters, so the placeholder arrives split). A placeholder restored with no codename around it still
comes back as the client's own name.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER], restore: true}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""
PROMPT = "Ask Osprey Smith."
ANSWER = "Sure, Project <PERSON_1> is on it."
HARMLESS = "Sure, I will ask <PERSON_1> today."
MODEL = "claude-3-5-haiku-latest"
BLOCKED = {"chat": "content_filter", "responses": "content_filter", "messages": "refusal"}


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _chat(p: Proxy, stream: bool) -> tuple[str, str | None, str]:
    raw = oai(p).chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}], stream=stream)
    rid = raw.headers["x-guardrail-request-id"]
    if not stream:
        choice = raw.parse().choices[0]  # type: ignore[union-attr]
        return choice.message.content or "", choice.finish_reason, rid
    text, finish = "", None
    for c in raw.parse():  # type: ignore[union-attr]
        for ch in c.choices:
            text += ch.delta.content or ""
            finish = ch.finish_reason or finish
    return text, finish, rid


def _responses(p: Proxy, stream: bool) -> tuple[str, str | None, str]:
    raw = oai(p).responses.with_raw_response.create(model="gpt-4o-mini", input=PROMPT, stream=stream)
    rid = raw.headers["x-guardrail-request-id"]
    if not stream:
        r = raw.parse()
        return r.output_text, r.incomplete_details.reason if r.incomplete_details else None, rid  # type: ignore[union-attr]
    events = list(raw.parse())  # type: ignore[call-overload]
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    final = [e.response for e in events if e.type in ("response.completed", "response.incomplete")]
    reason = final[-1].incomplete_details.reason if final and final[-1].incomplete_details else None
    return text, reason, rid


def _messages(p: Proxy, stream: bool) -> tuple[str, str | None, str]:
    kwargs: dict[str, Any] = {"model": MODEL, "max_tokens": 50, "messages": [{"role": "user", "content": PROMPT}]}
    raw = claude(p).messages.with_raw_response.create(stream=stream, **kwargs)
    rid = raw.headers["x-guardrail-request-id"]
    if not stream:
        m = raw.parse()
        return "".join(b.text for b in m.content if b.type == "text"), m.stop_reason, rid  # type: ignore[union-attr]
    text, stop = "", None
    for e in raw.parse():  # type: ignore[union-attr]
        if e.type == "content_block_delta" and e.delta.type == "text_delta":
            text += e.delta.text
        elif e.type == "message_delta":
            stop = e.delta.stop_reason or stop
    return text, stop, rid


ROUTES = {"chat": _chat, "responses": _responses, "messages": _messages}


def _output_patterns(rec: dict[str, Any]) -> list[str]:
    return [c["action"] for c in rec["checks"] if c["phase"] == "output" and c["check"] == "patterns"]


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_codename_formed_by_restoring_is_blocked_whole(restoring: Proxy, mock: Mock, route: str) -> None:
    mock.script(text=ANSWER)
    got, reason, rid = ROUTES[route](restoring, False)
    assert "<PERSON_1>" in str(mock.last_body) and "Osprey" not in str(mock.last_body)  # redacted upstream
    assert "Osprey" not in got and "Project" not in got and reason == BLOCKED[route], (got, reason)
    rec = restoring.record_for(rid)
    assert rec["decision"] == "block" and "block" in _output_patterns(rec), rec["checks"]


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_codename_formed_by_restoring_is_blocked_in_every_chunk_size(restoring: Proxy, mock: Mock,
                                                                        route: str) -> None:
    for size in range(1, 12):
        mock.script(text=ANSWER, chunk_chars=size)
        got, reason, rid = ROUTES[route](restoring, True)
        assert "Osprey" not in got and "Project" not in got and reason == BLOCKED[route], (size, got, reason)
        rec = restoring.record_for(rid)
        assert rec["decision"] == "block" and "block" in _output_patterns(rec), (size, rec["checks"])


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_the_clients_own_name_still_comes_back(restoring: Proxy, mock: Mock, route: str, stream: bool) -> None:
    mock.script(text=HARMLESS, chunk_chars=3)
    got, reason, rid = ROUTES[route](restoring, stream)
    assert got == "Sure, I will ask Osprey Smith today." and reason not in BLOCKED.values(), (got, reason)
    rec = restoring.record_for(rid)
    assert rec["decision"] == "redact" and _output_patterns(rec) and set(_output_patterns(rec)) == {"allow"}
