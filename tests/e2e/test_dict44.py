"""dict44 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk43 F05):
a card, phone number or e-mail address dictated over user turns with short assistant acknowledgements between
reaches the provider redacted in every piece, the assistant's `ok` as sent; look-alikes as sent. Held-out values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def _turns(*texts: str) -> list[dict[str, Any]]:
    return [{"role": "user" if k % 2 == 0 else "assistant", "content": t} for k, t in enumerate(texts)]


CARD = ("My card number is 4539 1488", "Noted.", "0343 6467")
PHONE = ("My phone: 415", "ok", "555", "ok", "0199")
MAIL = ("my email is amira.haddad@", "ok", "proton.me")
KEPT = ("I have 3 kids", "ok", "and 2 dogs")
CASES = ((CARD, ["4539 1488", "0343 6467"]), (PHONE, ["415", "555", "0199"]),
         (MAIL, ["amira.haddad", "proton.me"]))


def _contents(mock: Mock) -> list[str]:
    out = []
    for m in mock.last_body["messages"]:
        content = m["content"]
        out.append(content if isinstance(content, str) else "".join(p.get("text", "") for p in content))
    return out


def _check(sent: list[str], turns: tuple[str, ...], gone: list[str]) -> None:
    assert not [v for v in gone if any(v in t for t in sent[::2])], sent
    assert sent[1::2] == list(turns[1::2]), sent


def test_chat_dictated(guarded: Proxy, mock: Mock) -> None:
    for turns, gone in CASES:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=_turns(*turns))  # type: ignore[arg-type]
        _check(_contents(mock), turns, gone)
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=_turns(*KEPT))  # type: ignore[arg-type]
    assert _contents(mock) == list(KEPT)


def test_messages_dictated(guarded: Proxy, mock: Mock) -> None:
    for turns, gone in CASES:
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                        messages=_turns(*turns))  # type: ignore[arg-type]
        _check(_contents(mock), turns, gone)
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=_turns(*KEPT))  # type: ignore[arg-type]
    assert _contents(mock) == list(KEPT)
