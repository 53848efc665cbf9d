"""fp36 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk35 FP01-FP03):
terms, companies, cars and cities named after people reach the provider as sent, a person of the same name is still
redacted; the model's answer with such terms and a computed number (`L(44) is 1568397607`) reaches the client as
written, whole and streamed, its phone number redacted (the default policy redacts no names in answers).
Held-out texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ask_chat, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


KEPT = [
    "Why does the Higgs boson decay into two photons? Is the Hendra virus related to the Epstein-Barr virus?",
    "Summarize Gideon v. Wainwright. Which rules did the Sarbanes-Oxley Act add?",
    "Does an Nvidia Blackwell B200 beat a Hopper H100? Is an Ada Lovelace L4 card enough?",
    "What is the difference between Morgan Stanley and Goldman Sachs? Compare rents in Austin, Raleigh and Denver.",
    "Is the train from Florence to Venice fast? Is the Ford Mustang Mach-E range better than the Lincoln Aviator's?",
]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Dear Ms. Houston, Florence Pugh said the train was late. Call 6175550143."}])
    sent = mock.last_body["messages"][0]["content"]
    assert "Houston" not in sent and "Pugh" not in sent and "6175550143" not in sent, sent


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    text = "Explain Welch's t-test and Fisher's exact test. What did Brown v. Board of Education decide?"
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    assert str(mock.last_body["messages"][0]["content"]) == text


ANSWER = ("The Lucas number L(44) is 1568397607. The Elo rating system came from chess. "
          "Marbury v. Madison set judicial review. Maya and Houdini both simulate cloth.")


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = ask_chat(guarded, "facts?")
    assert got == ANSWER
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = ask_chat(guarded, "facts?", stream=True)
    assert streamed == ANSWER


def test_chat_answer_phone_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text="Call 6175550143 about the Higgs boson. F(45) is 1134903170.", chunk_chars=3)
    streamed = ask_chat(guarded, "facts?", stream=True)
    assert "6175550143" not in streamed and "Higgs boson" in streamed and "F(45) is 1134903170." in streamed, streamed
