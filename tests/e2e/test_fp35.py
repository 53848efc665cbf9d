"""fp35 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk33's false
positives): tools named like people in technical prompts, a firm's team in a sign-off, a place or a product as a
short reply's subject and rows of readings reach the provider as sent, the persons and phones beside them redacted;
the model's fixed-width stock table, its readings and its sign-off reach the client as written, whole and streamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


KEPT = [
    "Set up Hudson to run the nightly build, then write a Jasmine spec for the parser.",
    "Our Storm topology drops tuples; query Loki for 5xx logs around the deploy.",
    "Thanks for the quick fix.\n\nBest regards,\nThe Northwind Team",
    "Denver works for me.",
    "Gadget Max is in stock.",
    "sensor t1 t2 t3\nsensor 101 204 3345\nsensor 102 198 3412\nWhich sensor drifts?",
]
SENT = "Dear Ms. Hudson, the build is green. Kate Hudson and Jasmine Patel can call 646 555 0182."
SECRETS = ["Hudson", "Kate", "Jasmine Patel", "646 555 0182"]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": SENT}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent


def test_anthropic_requests(guarded: Proxy, mock: Mock) -> None:
    for text in KEPT[:3]:
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                        messages=[{"role": "user", "content": text}])
        assert str(mock.last_body["messages"][0]["content"]) in (text, str([{"type": "text", "text": text}]))
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": SENT}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Stock by store:\nStore      Item            Stock  Min\nMadison    Stella Lamp     1591  250\n"
          "Eugene     Laser Jet       52    491\n\nReadings:\nprobe t1 t2 t3\nprobe 412 118 2045\n"
          "probe 409 121 2051\n\n"
          "Set up Hudson to rerun the nightly build.\n\nThanks,\nAcme Support")


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "stock?"}]).choices[0].message.content
    assert got == ANSWER
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "stock?"}], stream=True) if c.choices)
    assert streamed == ANSWER


def test_anthropic_answer_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER, chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=300,
                                         messages=[{"role": "user", "content": "stock?"}]) as s:
        streamed = "".join(s.text_stream)
    assert streamed == ANSWER
