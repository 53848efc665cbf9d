"""atk47 F03 (`proxy.guard.bub48`) end to end through the official OpenAI and Anthropic SDKs, under the shipped
default policy: a cue in one user message (`My SSN is`, `my cell is`), the bare value in the next (with or without a
short assistant acknowledgement between), or a system/developer prompt (Anthropic `system`, Responses `instructions`)
asking for a kind and the first user message the bare value: the value reaches the provider redacted. Look-alikes
(`My order number is` | a number, a support line in the system prompt) go as sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
SSN, CELL = "536904399", "6175550143"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def u(t: str) -> dict[str, Any]:
    return {"role": "user", "content": t}


def a(t: str) -> dict[str, Any]:
    return {"role": "assistant", "content": t}


def _last(mock: Mock) -> str:
    return json.dumps(mock.state.requests[-1].body, ensure_ascii=False)


def _chat(p: Proxy, mock: Mock, messages: list[dict[str, Any]], stream: bool = False) -> str:
    mock.script(text="ok")
    client = oai(p)
    if stream:
        list(client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True))  # type: ignore[arg-type]
    else:
        client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
    return _last(mock)


def _messages(p: Proxy, mock: Mock, messages: list[dict[str, Any]], **kw: Any) -> str:
    mock.script(text="ok")
    claude(p).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=messages, **kw)  # type: ignore[arg-type]
    return _last(mock)


def _responses(p: Proxy, mock: Mock, **kw: Any) -> str:
    mock.script(text="ok")
    oai(p).responses.create(model="gpt-4o-mini", **kw)
    return _last(mock)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(("messages", "value"), [
    ([u("My SSN is"), u(SSN)], SSN),
    ([u("my cell is"), u(CELL)], CELL),
    ([u("My SSN is"), a("ok"), u(SSN)], SSN),
    ([u("ok call me at"), u(CELL)], CELL),
    ([{"role": "system", "content": "You are an intake bot. Collect the caller's SSN."}, u(SSN)], SSN),
    ([{"role": "developer", "content": "Ask the user for their SSN."}, a("Please go ahead."), u(SSN)], SSN),
])
def test_chat(guarded: Proxy, mock: Mock, messages: list[dict[str, Any]], value: str, stream: bool) -> None:
    sent = _chat(guarded, mock, messages, stream)
    assert value not in sent and "<" in sent, sent


def test_messages(guarded: Proxy, mock: Mock) -> None:
    sent = _messages(guarded, mock, [u("My SSN is"), a("Go ahead."), u(SSN)])
    assert SSN not in sent and "<US_SSN_" in sent, sent
    sent = _messages(guarded, mock, [u(SSN)], system="The user will send their SSN next.")
    assert SSN not in sent and "<US_SSN_" in sent, sent


def test_responses(guarded: Proxy, mock: Mock) -> None:
    sent = _responses(guarded, mock, input=[u("My SSN is"), u(SSN)])
    assert SSN not in sent and "<US_SSN_" in sent, sent
    sent = _responses(guarded, mock, instructions="The user's message is their Social Security number. Validate it.",
                      input=SSN)
    assert SSN not in sent and "<US_SSN_" in sent, sent


def test_look_alikes(guarded: Proxy, mock: Mock) -> None:
    assert SSN in _chat(guarded, mock, [u("My order number is"), u(SSN)])
    assert f"how many users: {CELL}" in _chat(
        guarded, mock, [{"role": "system", "content": "Our phone support line is 1-800-555-0100."},
                        u(f"how many users: {CELL}")])
    assert "1250000" in _messages(guarded, mock, [u("The invoice total is"), u("1250000")])
    assert "12345678" in _responses(guarded, mock, instructions="Reply with the number of digits the user sends.",
                                    input="12345678")
