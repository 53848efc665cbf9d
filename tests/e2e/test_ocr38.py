"""ocr38 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F20):
OCR-garbled values (an address's `.corn`/`,com`/`.c0m`, an IBAN's `O` for `0`, a card's `S` for `5`, a Cyrillic `З` in
an SSN, a name hyphenated over a line break) reach the provider redacted, part numbers and `.corn` in a URL as sent;
the model's own such card numbers, addresses and SSNs reach the client redacted, whole and streamed. Held-out
values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ask_chat, ask_messages, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Scanned intake form (OCR):\nPatient: Eleanor Vasquez-\nmoreno, DOB 1975\nEmail: e.vasquez@gmail.corn\n"
           "Alt email: eleanor.vm@icloud,com\nIBAN: DE44 5OO1 O517 54O7 3249 31\nCard: 4539 S787 6362 1486\n"
           "SSN: 2З4-56-7812\nPlease summarise.")
SECRETS = ["Eleanor", "moreno", "e.vasquez", "eleanor.vm", "5OO1", "3249", "S787", "6362", "56-7812"]
KEPT = ("Inventory (OCR): SKU 37O4-OO44, SKU 5S00-0000-0000-0004, licence XXXXX-OOOOO-BBBBB, B2B, 5S audit, "
        "S3 bucket, O(n) scan, www.iowa.corn prices.\nWhy?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Please summarise." in sent and "<IBAN_CODE_" in sent and "<CREDIT_CARD_" in sent, sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("From the fax: card 3782 822463 1000S, mail k.osei@yahoo.c0m, SSN 5\u04176-90-4399, "
          "IBAN GB07 LOYD 3O96 3587 2l64 O5. Done.")
ANSWER_SECRETS = ["1000S", "822463", "k.osei", "90-4399"]


@pytest.mark.parametrize("ask", [ask_chat, ask_messages])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, ask) -> None:
    mock.script(text=ANSWER)
    got = ask(guarded, "fax?")
    assert got and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = ask(guarded, "fax?", stream=True)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
