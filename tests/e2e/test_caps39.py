"""caps39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F08,
F10): a name in capitals without a comma after a person's label (a lab report's `PATIENT`, a pharmacy label's `Rx
LABEL:`, a clinic list's `Pt`) reaches the provider redacted, both parts; an embeddings batch of one field value per
item (a surname, a given name beside the person's e-mail and phone; a column of surnames) reaches it with the names
redacted. Label layouts of tests and drugs, and a catalogue's column, go as sent. Held-out values."""

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


REQUEST = ("SPECIMEN: 25-CH-118820  PATIENT: ESPINOZA TERESA  SEX: F  AGE: 39\n"
           "Rx LABEL: WATANABE KAZUKI  Take 1 tab daily\n"
           "Pt OKONJO ADAEZE N  MRN 00419927\nExplain these labels.")
SECRETS = ["ESPINOZA", "TERESA", "WATANABE", "KAZUKI", "OKONJO", "ADAEZE"]
KEPT = "TEST: GLUCOSE FASTING  RESULT: NEGATIVE\nDRUG: AMOXICILLIN 500MG  SPECIMEN: BLOOD SERUM\nExplain."


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "SEX: F  AGE: 39" in sent and "MRN 00419927" in sent and "Take 1 tab daily" in sent, sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


RECORD = ["Tanimura", "Haruki", "haruki.t@outlook.com", "+1 503 555 0177", "Portland"]
COLUMN = ["Lindqvist", "Haddadi", "Okwuosa", "Kristiansen"]
CATALOGUE = ["Kubernetes", "Terraform", "Ozempic", "Invoice", "Paris"]


def test_embeddings_batches(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).embeddings.create(model="text-embedding-3-small", input=RECORD)
    sent = mock.last_body["input"]
    assert not [v for v in RECORD[:4] if v in sent], sent
    assert sent[4] == "Portland", sent
    oai(guarded).embeddings.create(model="text-embedding-3-small", input=COLUMN)
    sent = mock.last_body["input"]
    assert not [v for v in COLUMN if v in sent], sent
    oai(guarded).embeddings.create(model="text-embedding-3-small", input=CATALOGUE)
    assert mock.last_body["input"] == CATALOGUE
