"""fp37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk36 FP01,
FP02): a serial's, a loan's, a warranty's number after its word, a number to format or compute with, a role's title
(`Scrum Master`, `Data Steward`) and an event's name (`the Spring Product Update webinar`) reach the provider as sent,
a person and a phone number beside them are still redacted; the model's answer with such numbers reaches the client
as written, whole and streamed, its phone number redacted. Held-out texts."""

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
    "Machine serial SN 3390-4417-2286 needs a new fan. Loan application 27-6650-1143 is missing a payslip.",
    "Write the number 96630014577 in words. Warranty 8812-5590-3364 covers the compressor.",
    "What is the role of a Scrum Master? Draft an invite for the Spring Product Update webinar.",
    "A good Data Steward owns the glossary. Book a room for the Autumn Leadership Offsite.",
]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Our Scrum Master Maria Lopez runs the Spring Product Update. Call 6175550143."}])
    sent = mock.last_body["messages"][0]["content"]
    assert "Lopez" not in sent and "6175550143" not in sent, sent
    assert "Spring Product Update" in sent, sent


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    text = "Is the number 95522003319 divisible by 7? Voucher 6643-1180-2275 expired. The Scrum Master disagrees."
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    assert str(mock.last_body["messages"][0]["content"]) == text


ANSWER = ("Your serial SN 7741-2208-5563 is covered. Loan application 38-1197-4420 is complete. "
          "Written with thousands separators, the number 93322114455 is 93,322,114,455.")


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = ask_chat(guarded, "status?")
    assert got == ANSWER
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = ask_chat(guarded, "status?", stream=True)
    assert streamed == ANSWER


def test_chat_answer_phone_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text="Loan application 38-1197-4420 is complete; the loan desk phone is 303-555-0172.",
                chunk_chars=3)
    streamed = ask_chat(guarded, "status?", stream=True)
    assert "303-555-0172" not in streamed and "38-1197-4420" in streamed, streamed
