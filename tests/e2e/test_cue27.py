"""cue27 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk26 F13/F14):
an undashed SSN after `SS#`, `S.S.N.`, `Soc. Sec. No.` and a phone number after `Ph:`, `Mob`, `M:`, `☎`, in a contact
row and in an SMS record reach the provider redacted; the model's `SS# 078051121` and `Ph: 4155550199` reach the client
redacted, whole and streamed. Look-alikes (`Ph: 7.4`, `T: 1699999999`, an order's number) go as sent."""

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


REQUESTS = [
    ("Applicant record - SS# 402718823, status pending.", "402718823"),
    ("Borrower S.S.N.: 219098765", "219098765"),
    ("Soc. Sec. No. 387452211 on the loan file.", "387452211"),
    ("Thanks,\nOmar Haddad\nPh: 6175550188", "6175550188"),
    ("Li Wei | Support\nMob 3125550164", "3125550164"),
    ("M: 7185550123 | E: carla@acme.test", "7185550123"),
    ("☎ 2065550135", "2065550135"),
    ("Jane Doe | 6175550143 | Boston", "6175550143"),
    ('{"from": "4155550199", "to": "2025550173", "body": "running late"}', "2025550173"),
]
KEPT = ["pH check - Ph: 7.4 at 20 C", "T: 1699999999\nsensor 3", "Order no. 6175550143 shipped."]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secret in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert secret not in sent, sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "Forward this: Dana Smith, 4155550199, Sales. S.S. # 536904399"}])
    sent = mock.last_body["messages"][0]["content"]
    assert "4155550199" not in str(sent) and "536904399" not in str(sent), sent


ANSWERS = [("The applicant's SS# 078051121 is on file.", "078051121"),
           ("Her signature reads:\nDana Smith\nPh: 4155550199", "4155550199")]


def test_chat_answers_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    for answer, secret in ANSWERS:
        mock.script(text=answer)
        got = oai(guarded).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}]).choices[0].message.content
        assert got is not None and secret not in got, got
        mock.script(text=answer, chunk_chars=3)
        streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}], stream=True) if c.choices)
        assert streamed and secret not in streamed, streamed
    mock.script(text="The pH meter shows Ph: 7.4 now.")
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}]).choices[0].message.content
    assert got == "The pH meter shows Ph: 7.4 now."
