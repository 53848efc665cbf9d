"""spell28 end to end through the official openai SDK, under the shipped default policy (atk26 F12): a call transcript's
spelled-out surname (`that's O-K-A-F-O-R`, `Schmidt, S-C-H-M-I-D-T`) and an SSN or a phone number read out as words
reach the provider redacted, and the model's answer gets them back; look-alikes (counting, an acronym spelled out, a
table booking) go as sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUESTS = [
    ("Caller: My last name is Okafor, that's O-K-A-F-O-R.", ["O-K-A-F-O-R", "Okafor"]),
    ('Transcript: "Surname is Schmidt, S-C-H-M-I-D-T, first name Maria."', ["S-C-H-M-I-D-T", "Schmidt", "Maria"]),
    ("Caller: my social is five three six, nine zero, four three nine nine.", ["five three six, nine zero"]),
    ("Caller: you can call me on six one seven, five five five, zero one four three.", ["five five five, zero one"]),
    ("Caller: reach me at four one five, double eight two, three nine oh one.", ["double eight two, three nine oh"]),
]
KEPT = ["Caller: I have two three-year-old kids.", "Table for four, seven thirty please.",
        "The agency, N-A-S-A, announced the launch window."]


def test_transcript_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secrets in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
            {"role": "system", "content": "Summarise the support call."}, {"role": "user", "content": text}])
        sent = mock.last_body["messages"][1]["content"]
        assert all(s not in sent for s in secrets), sent
        assert "<PERSON_" in sent or "<US_SSN_" in sent or "<PHONE_NUMBER_" in sent, sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_answer_gets_the_spelling_back(guarded: Proxy, mock: Mock) -> None:
    text = "Caller: My last name is Okafor, that's O-K-A-F-O-R."
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content
    assert "O-K-A-F-O-R" not in mock.last_body["messages"][0]["content"]
    assert got is not None and "O-K-A-F-O-R" in got, got
