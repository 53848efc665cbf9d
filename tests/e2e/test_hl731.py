"""hl731 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk30 F4, F5,
F19, F25, F13): HL7 v2 bare phones and SSNs, XTN components, XCN clinicians, ASTM patient records and DICOM dumps
reach the provider redacted; the model's own phones and SSNs in the same shapes reach the client redacted, whole and
streamed. A PII-free HL7 result message and DICOM device tags go as sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
MSH = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|202501150830||ADT^A01|4410|P|2.5\n"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = (MSH + "PID|1||5512^^^HOSP^MR||KERR^DANA||19720311|F|||||^PRN^PH^^1^312^5550172||||||219097631\n"
           "PV1|1|I|W^3^1^HOSP||||4411^Webb^Marcus^^^Dr\n"
           "P|1||LAB7||Haddad^Yusuf||19650704|M|||||Novak^Petra\n"
           "(0010,0010) PN [LINDQVIST^ASTRID]   #  16, 1 PatientName\n"
           "(0010,2154) SH [4155550188]         #  10, 1 PatientTelephoneNumbers")
SECRETS = ["5550172", "219097631", "Webb", "Marcus", "Haddad", "Yusuf", "Novak", "Petra", "LINDQVIST", "ASTRID",
           "4155550188"]
KEPT = ("Explain:\n" + MSH + "OBX|1|NM|2345-7^Glucose^LN||98|mg/dL|70-99|N|||F\n"
        "(0008,0070) LO [SIEMENS]             #   8, 1 Manufacturer\n"
        "(0008,1090) LO [Magnetom Vida]       #  12, 1 ManufacturerModelName")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Here is a sample record:\n" + MSH
          + "PID|1||5512^^^HOSP^MR||KERR^DANA||19720311|F|||||3125550172||||||219097631\n"
          "NK1|1|KERR^MILES|BRO||^PRN^PH^^^415^5550199\n"
          "P|1||LAB7||Haddad^Yusuf||19650704|M||||9375550110|\n"
          "(0010,2154) SH [4155550188]         #  10, 1 PatientTelephoneNumbers")
ANSWER_SECRETS = ["3125550172", "219097631", "5550199", "9375550110", "4155550188"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "sample?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "sample?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
