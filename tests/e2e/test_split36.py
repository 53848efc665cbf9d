"""split36 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk35 F10,
F11): a document cut into fixed-size chunks in one `/v1/embeddings` request reaches the provider with no piece of an
e-mail, a card or a surname cut at a chunk boundary, while a batch of independent documents goes as sent; a
lower-case surname after an honorific (`mr. x`, `frau x`, `madame x`) does not reach the provider and comes back
restored in the answer (whole and streamed); `mr. clean`, `dr = 0.5`, `200 ms. latency` go as sent. Held-out values."""

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


DOC = ("Account review. Holder: Ingrid Johansson, ingrid.johansson@fjordbank-mail.no, mobile 503-555-0178. "
       "Card 4532 0151 1283 0366 on file. Notes: prefers e-mail.")
SECRETS = ["Johansson", "ingrid.johansson@fjordbank-mail.no", "503-555-0178", "4532 0151 1283 0366"]
PLAIN = ["Kubernetes deployment guide: apply the manifests and watch the rollout until it", " completes, then TLS.",
         "Release notes for version 2.3.1 of the parser library"]


def test_embeddings_chunks(guarded: Proxy, mock: Mock) -> None:
    for size in (24, 32):
        chunks = [DOC[i:i + size] for i in range(0, len(DOC), size)]
        oai(guarded).embeddings.create(model="text-embedding-3-small", input=chunks)
        joined = "".join(mock.last_body["input"])
        assert not [s for s in SECRETS if s in joined], joined
    oai(guarded).embeddings.create(model="text-embedding-3-small", input=PLAIN)
    assert mock.last_body["input"] == PLAIN


HONORIFIC = [("can you draft a note to mr. fitzgerald about the refund", "fitzgerald"),
             ("liebe frau yilmaz, danke für ihre nachricht", "yilmaz"),
             ("dites à madame lefebvre que le colis est arrivé", "lefebvre"),
             ("pls summarize dr. nakashima's notes", "nakashima")]
KEPT = ["mr. clean magic eraser works well", "set dr = 0.5 and retry", "p95 is 200 ms. latency is fine",
        "die hausfrau von nebenan", "add dr. pepper to the soda list"]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, name in HONORIFIC:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert name not in sent and "<PERSON_1>" in sent, sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "herr bauer hat angerufen, bitte ms okonkwo informieren"}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert "bauer" not in sent and "okonkwo" not in sent, sent


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    # The default policy redacts no PERSON in answers: the client's own surname, sent as a placeholder, comes back
    # restored in the answer, whole and streamed.
    ask = [{"role": "user", "content": "draft a note to mr. fitzgerald about the refund"}]
    mock.script(text="Dear mr. <PERSON_1>, your refund is on its way. Done.")
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=ask).choices[0].message.content
    assert "fitzgerald" not in str(mock.last_body["messages"]), mock.last_body
    assert got == "Dear mr. fitzgerald, your refund is on its way. Done.", got
    mock.script(text="Dear mr. <PERSON_1>, your refund is on its way. Done.", chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=ask, stream=True) if c.choices)
    assert streamed == "Dear mr. fitzgerald, your refund is on its way. Done.", streamed
