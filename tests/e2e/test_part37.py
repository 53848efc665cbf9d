"""part37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk36 F10,
F17, F08, F09): a court caption's party in capitals, a hyphenated surname, an iCal `CN=` with a hyphenated surname,
Polish names in the dative, a name with a Cyrillic look-alike letter in each part, a second middle-dot name in a
Chinese list, an initial glued to a surname before `様` and a Thai name after `ลูกค้าชื่อ` reach the provider
redacted whole; the look-alikes (a firm's caption, Cyrillic words, product lists with middle dots, Thai prose) as
sent. Held-out values. (The default policy screens answers for contact values only, no PERSON: the analyzer's
answer reading, whole and streamed, is tests/nlp/test_part37.py's.)"""

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


REQUEST = ("Summarise this filing.\nOLUWAKEMI ADESANYA, Plaintiff,\nv.\nHARBORVIEW MARINE LLC, Defendant.\n"
           "Counsel: Samira El-Fassi.\n"
           "ATTENDEE;CN=Karim Bou-Saab:mailto:karim@example.org\n"
           "Proszę przekazać pismo Pani Barbarze Wójcickiej.\n"
           "Please call \u041eyelaran Thorvalds\u043en at noon.")
SECRETS = ["OLUWAKEMI", "ADESANYA", "Samira", "El-Fassi", "Fassi", "Karim", "Bou-Saab", "Saab", "Barbarze",
           "Wójcickiej", "yelaran", "Thorvalds"]
KEPT = ("ACME CORP., Defendant.\nThe Plaintiff filed a motion.\nМосква и Киев — большие города.\n"
        "产品列表：iPhone·iPad·MacBook（苹果）\nชื่อ ไฟล์ ต้องไม่ยาวเกิน 20 ตัวอักษร")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Plaintiff," in sent and "HARBORVIEW MARINE LLC, Defendant." in sent and ":mailto:" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[{
        "role": "user", "content": "参会人员：Torsten·Lindqvist、Marta·Sokolova（华沙）\n"
                                   "担当者：R.Kuznetsova様に連絡。\nลูกค้าชื่อ ธีรพงษ์ มณีรัตน์ โทร 089-555-0147"}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("Torsten", "Lindqvist", "Marta", "Sokolova", "Kuznetsova", "ธีรพงษ์", "มณีรัตน์",
                            "089-555-0147") if s in sent], sent
    assert "参会人员" in sent and "様に連絡" in sent and "ลูกค้าชื่อ" in sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT
