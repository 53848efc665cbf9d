"""An OpenRouter `reasoning_details` piece's `id`, `format`, `signature` and `data` are read as ids are (atk23 M1, M3).

thinking22 let a resent piece's `signature`, encrypted `data`, `id` and `format` go as sent while of their shape, but
an `id` or `format` of an id's shape was then read by no rule (`"id": "project-falcon-1"` reached the provider under
a codename rule that refuses the same value in every other id field), and one not of its shape was read as prose
(`"signature": "tel2125550199"`: a phone number behind a glued label, which a `tool_call_id` reads). Now an `id` and a
`format` are read by the rules that read ids (a match refuses the request), and any of the four not of its shape is
read as an id is: letters apart from digits; a signature is never rewritten (the request is refused), data and an id
may be.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, post_team

SIG = "EqQBCkYIBxgCKkB" + "x" * 80


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


def send(p: Proxy, piece: dict[str, Any]) -> Any:
    return post_team(p, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "Think."},
        {"role": "assistant", "content": "ok", "reasoning_details": [piece]},
        {"role": "user", "content": "Go on."}]})


SIGNED = {"type": "reasoning.text", "text": "ok", "signature": SIG, "format": "anthropic-claude-v1", "index": 0}


@pytest.mark.parametrize("piece", [
    {**SIGNED, "id": "project-falcon-1"},
    {**SIGNED, "format": "project-falcon-v1"},
    {"type": "reasoning.summary", "summary": "ok", "id": "ProjectFalcon", "index": 0},
    {"type": "reasoning.encrypted", "data": SIG, "id": "project_osprey", "format": "openai-responses-v1", "index": 0},
])
def test_a_codename_in_a_pieces_id_or_format_is_refused(mock: Mock, proxy: Proxy, piece: dict[str, Any]) -> None:
    r = send(proxy, piece)
    assert r.status_code == 400, r.text
    assert "codenames" in r.text


@pytest.mark.parametrize("token", ["tel2125550199", "ssn536904399", "mobile4155550123"])
def test_a_value_behind_a_label_in_a_signature_is_refused(mock: Mock, proxy: Proxy, token: str) -> None:
    r = send(proxy, {**SIGNED, "signature": token})
    assert r.status_code == 400, r.text


@pytest.mark.parametrize(("key", "token", "digits"), [
    ("id", "tel2125550199", "2125550199"), ("format", "tel2125550199", "2125550199"),
    ("data", "ssn536904399", "536904399"), ("data", "mobile4155550123", "4155550123")])
def test_a_value_behind_a_label_in_an_id_or_data_is_rewritten(mock: Mock, proxy: Proxy, key: str, token: str,
                                                               digits: str) -> None:
    piece = {"type": "reasoning.encrypted", "format": "openai-responses-v1", "index": 0, "data": SIG, key: token}
    r = send(proxy, piece)
    assert r.status_code == 200, r.text
    sent = json.dumps(mock.last_body)
    assert digits not in sent and ("PHONE_NUMBER" in sent or "US_SSN" in sent)


def test_pieces_of_their_shape_go_as_sent(mock: Mock, proxy: Proxy) -> None:
    piece = {**SIGNED, "id": "rd_01JABCDEF", "format": "anthropic-claude-v1"}
    r = send(proxy, piece)
    assert r.status_code == 200, r.text
    assert mock.last_body["messages"][1]["reasoning_details"] == [piece]


# ---- atk23 L1: a streamed `reasoning.text` piece is never restored into, whatever its format

@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    from tests.support.clients import RESTORE_ONLY_POLICY

    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": RESTORE_ONLY_POLICY})


@pytest.mark.parametrize("fmt", ["google-gemini-v1", "unknown", "Anthropic-Claude-V1", None])
def test_a_streamed_reasoning_text_is_not_restored_before_its_signature(mock: Mock, restoring: Proxy,
                                                                      fmt: str | None) -> None:
    from tests.support.clients import sse

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "google/gemini-2.5-pro",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    first = {"type": "reasoning.text", "text": "Mail <EMAIL_ADDRESS_1> now. ", "index": 0}
    if fmt is not None:
        first["format"] = fmt
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "", "reasoning_details": [first]}),
                            chunk({"reasoning_details": [{"type": "reasoning.text", "text": "Done.", "signature": SIG,
                                                          "index": 0}]}),
                            chunk({"content": "ok"}), chunk({}, "stop"), "[DONE]"))
    r = post_team(restoring, "/v1/chat/completions", {"model": "google/gemini-2.5-pro", "stream": True, "messages": [
        {"role": "user", "content": "My e-mail is jane.doe@example.com."}]})
    assert r.status_code == 200, r.text
    assert "jane.doe@example.com" not in r.text and "EMAIL_ADDRESS_1" in r.text
