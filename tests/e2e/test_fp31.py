"""fp31 end to end through the official openai SDK, under the shipped default policy (atk30 FP3-FP6, F28, F31):
PII-free footers, French and Spanish openings, places, hotels and build numbers reach the provider as sent; names in
profile URLs, @-handles and Mac host names reach it redacted. The model's build numbers reach the client as written,
whole and streamed, and its phone number after `number is` redacted."""

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


KEPT = ["Please shorten this footer: Co. Reg. No. 201912345K",
        "Écris un message pour remercier l'équipe support.",
        "Recepción abierta de 9 a 18 h.",
        "Jordan and Morocco are the next markets for the logistics pilot.",
        "The phone app crashed on build 6175550143",
        "The job number is 8005551212."]
REDACTED = [("Here is my profile https://www.linkedin.com/in/dmitri-volkov-4b2a1/", ["dmitri", "volkov"]),
            ("cc @chidi.okafor and @dmitri_volkov please review", ["okafor", "volkov"]),
            ("Received: from Chidis-MacBook-Pro.local (unknown)", ["Chidis"])]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text
    for text, secrets in REDACTED:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert all(s not in sent for s in secrets), sent


def _answers(guarded: Proxy, mock: Mock, answer: str) -> tuple[str, str]:
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}]).choices[0].message.content
    mock.script(text=answer, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}], stream=True) if c.choices)
    return got or "", streamed


def test_chat_answers_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    for answer in ("The build number is 20241130042 and the commit is 4f1c2ab.",
                   "The firmware version 2024113042 of the phone app fixes the crash."):
        assert _answers(guarded, mock, answer) == (answer, answer)
    got, streamed = _answers(guarded, mock, "Call the support line; the number is 6175550143.")
    assert "6175550143" not in got and "6175550143" not in streamed, (got, streamed)
