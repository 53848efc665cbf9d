"""init38 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F07):
an initial or two and a surname after a form of address, `by`, a sign-off, a person's label or a JSON key reach the
provider redacted (initials and surname); journal abbreviations, dotted country initials, outline letters, species,
figures and brands as sent. Held-out values. (The default policy screens answers for contact values only, no
PERSON: the analyzer's answer reading, whole and streamed, is tests/nlp/test_init38.py's.)"""

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


REQUEST = ("Summarise the claim file.\nSeen by Dr. L. Vukovich on 03/11.\nAdjuster: G. Oyelowo\n"
           "Reviewed by A. R. Theodorakis and F. Nwachukwu.\nAttn: Ms. E. Kjellberg")
SECRETS = ["Vukovich", "Oyelowo", "Theodorakis", "Nwachukwu", "Kjellberg"]
KEPT = ("Cite J. Biol. Chem. 2020;295:881.\nA. Overview\nB. Kubernetes setup\nThe culture grew E. coli.\n"
        "Fig. 3. Results\nNo. 5\nSt. Louis office\nOwned by U.S. Steel. Shop at J.Crew.")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Seen by Dr. <PERSON_" in sent and "Adjuster: <PERSON_" in sent and "Attn: Ms. <PERSON_" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[{
        "role": "user", "content": 'Fix this JSON: {"adjuster":"K. Oyelowo","reviewer":"J.R. Theodorakis"}'}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("Oyelowo", "Theodorakis") if s in sent], sent
    assert '"adjuster":"<PERSON_' in sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT
