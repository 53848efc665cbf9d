"""fixw37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk36 F20,
F16, F07): a payroll extract's fixed-width line, a NACHA entry detail record, a card number wrapped over two lines
and an HL7 PID-20 SSN reach the provider redacted; a NACHA file's batch and control records and two lines of
amounts go as sent; the model's own such values reach the client redacted, whole and streamed. Held-out values."""

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


ENTRY = "62207100001344109822       0000250075527183049      MARISOL GUTIERREZ       0071000010000123"
REQUEST = ("Why does this payroll run fail?\n0012208WOJCIK        AGNIESZKA 5284719032065550187\n" + ENTRY + "\n"
           "Card number: 5425 2334\n             3010 9903\n"
           "PID|1||88213^^^MERCY^MR||HALVORSEN^INGRID||19791102|F||||||||||||531447829^CA^20300101")
SECRETS = ["528471903", "2065550187", "WOJCIK", "527183049", "GUTIERREZ", "3010 9903", "531447829"]
KEPT = ("Check these records:\n"
        "5220ACME PAYROLL SVC                    1364529871PPDPAYROLL   261205261205   1071000010000001\n"
        "822000000200142000020000000000000000005001251364529871                         071000010000001\n"
        "Revenue by quarter\n1250 4400\n3300 2100")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Fixed record:\n" + ENTRY + "\nand the employee line:\n0031552HALVORSEN     INGRID    000450000 6175550143\n"
          "Card on file: 4916 3385\n   0608 2444\nDone.")
ANSWER_SECRETS = ["527183049", "6175550143", "0608 2444", "4916 3385"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "fix it"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "fix it"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
