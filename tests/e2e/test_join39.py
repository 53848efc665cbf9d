"""join39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk39 F06,
F05): a card, SSN or phone number given over two user turns with a short assistant question between reaches the
provider redacted in both turns (the history resent), numbers answering other questions as sent; form-urlencoded
phone numbers and `q=` names reach the provider, and the model's such values the client, redacted, whole and
streamed. Held-out values."""

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


CARD = ("Card number, first eight digits: 5425 2334", "Thanks. And the last eight?", "3010 9903")
SSN = ("My SSN starts 219-09", "And the last four?", "9999")
KEPT = ("I need some boxes of size 40", "How many?", "12")


def _sent(mock: Mock) -> str:
    return " | ".join(str(m["content"]) for m in mock.last_body["messages"])


def test_chat_turns(guarded: Proxy, mock: Mock) -> None:
    for turns, gone in ((CARD, ["5425 2334", "3010 9903"]), (SSN, ["219-09", "9999"])):
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=_turns(*turns))  # type: ignore[arg-type]
        sent = _sent(mock)
        assert not [v for v in gone if v in sent], sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=_turns(*KEPT))  # type: ignore[arg-type]
    assert [m["content"] for m in mock.last_body["messages"]] == list(KEPT)


def test_messages_turns(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=_turns(*CARD))  # type: ignore[arg-type]
    sent = _sent(mock)
    assert "5425 2334" not in sent and "3010 9903" not in sent, sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=_turns(*KEPT))  # type: ignore[arg-type]
    assert [m["content"] for m in mock.last_body["messages"]] == list(KEPT)


FORM = "mobile=%2B44+7700+900123&optin=1&q=Margaret+Thornbury+Denver"
FORM_GONE = ["7700+900123", "Thornbury"]
FORM_KEPT = "amount=1234+5678&currency=EUR&ids=1001+1002+1003&q=blue+running+shoes"


def test_form_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": FORM}])
    sent = _sent(mock)
    assert not [v for v in FORM_GONE if v in sent], sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": FORM}])
    sent = _sent(mock)
    assert not [v for v in FORM_GONE if v in sent], sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": FORM_KEPT}])
    assert mock.last_body["messages"][0]["content"] == FORM_KEPT


ANSWER = "The webhook posted: phone=+44+7700+900456&consent=yes\nDone."


def test_form_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "body?"}]).choices[0].message.content
    assert got is not None and "7700+900456" not in got, got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "body?"}], stream=True) if c.choices)
    assert streamed and "7700+900456" not in streamed and "Done." in streamed, streamed
