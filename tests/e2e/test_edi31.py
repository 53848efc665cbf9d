"""edi31 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk30 F3, F6,
F9, F13, F15; FP1, FP7): an X12 claim's names, member id (an SSN), `REF*SY` SSN and `PER` phone, an EDIFACT `COM`
phone and `NAD` given name, an MT103 beneficiary and a FHIR us-ssn identifier reach the provider redacted; the
model's own SSNs and phones in the same shapes reach the client redacted, whole and streamed; a PII-free X12
purchase order and an NPI go as sent."""

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


CLAIM = ("Explain this claim rejection:\nST*837*0001*005010X222A1~\nNM1*IL*1*GARCIA*MARIA****MI*412673390~\n"
         "REF*SY*412673390~\nPER*IC*PRIYA PATEL*TE*4155550199~\nSE*5*0001~")
REQUESTS = [
    (CLAIM, ["GARCIA", "MARIA", "412673390", "PRIYA", "4155550199"]),
    ("UNH+1+ORDERS:D:96A:UN'\nNAD+BY+++Okafor:Chidi'\nCOM+2125550143:TE'\nUNT+3+1'", ["Chidi", "2125550143"]),
    ("Why was this MT103 rejected?\n:20:REF1\n:59:/GB29NWBK60161331926819\nROBERT KING\n-}", ["ROBERT", "KING"]),
    ('{"resourceType": "Patient", "identifier": [{"system": "http://hl7.org/fhir/sid/us-ssn", '
     '"value": "287654321"}]}', ["287654321"]),
]
KEPT = ["ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261206*1015*^*00501*000000001*0*P*:~\n"
        "GS*PO*SENDER*RECEIVER*20261206*1015*1*X*004010~\nST*850*0001~\nBEG*00*SA*PO-4411**20261206~\nSE*3*0001~",
        "Explain this:\nNM1*85*2*SPRINGFIELD GENERAL HOSPITAL*****XX*1234567893~"]
ANSWER = ("Here is the record:\nNM1*IL*1*SMITH*JOHN****MI*536904399~\nREF*SY*536904399~\nPER*IC*JOHN SMITH*TE*"
          "6175550143~\nCOM+3125550172:TE'\n"
          '{"identifier": [{"type": {"coding": [{"code": "SS"}]}, "value": "531448620"}]}')
ANSWER_SECRETS = ["536904399", "6175550143", "3125550172", "531448620"]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secrets in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert not [s for s in secrets if s in sent], sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": CLAIM}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("GARCIA", "412673390", "4155550199") if s in sent], sent


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "A sample record?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=5)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "A sample record?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
