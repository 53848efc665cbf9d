"""epo42 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk42 FP07,
FP08): a dynasty, an adjective made of a surname, an eponym's object, a dish `alla` its style, a herb or a stone
named like a person and a team addressed reach the provider as written, and the model's answer with them reaches the
client as written, whole and streamed; a person with the same given name stays redacted. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


KEPT = ("The Qing dynasty fell in 1912. Contrast Darwinian and Lamarckian ideas. Heat it over a Bunsen burner.\n"
        "Rosemary and thyme for the roast; Ginger should be added with the garlic.\n"
        "Ruby, Sapphire and Emerald are our three support plans.\nHi Finance, the invoice is attached.")
PERSON = "Basil Farouk wrote the migration script."


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": PERSON}])
    sent = mock.last_body["messages"][0]["content"]
    assert "Farouk" not in sent and "<PERSON_" in sent, sent


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": KEPT}])
    assert user_text(mock) == KEPT


ANSWER = ("The Song and Yuan dynasties traded widely. Use an Erlenmeyer flask. Try spaghetti alla carbonara.\n"
          "Sage leaves crisp up in brown butter, and Patience is key with legacy code.")


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "history?"}]).choices[0].message.content
    assert got == ANSWER
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "history?"}], stream=True) if c.choices)
    assert streamed == ANSWER
