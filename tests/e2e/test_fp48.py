"""fp48 end to end through the official openai and anthropic SDKs, under the shipped default policy (the gen47 corpus
of PII-free prompts): words read as a person by their role (`Keys are case-sensitive.`, `Mark as shipped`, a heading
over a table, a numbered step), an outline label (`A. Hosted vendor.`), a pet's name (`Our cat Pepper`, `Maple is 11
weeks old` after `my puppy`), products and code (`Skyrim SE mod`, `Sku other = (Sku) o;`), other languages' words
(`Kako`, `meine Kollegin`, `Öğrenciyim`, `repas de Noël`) and a year range read as a phone number (`(2019–2022)`)
reach the provider as sent and come back as written; real people with the same words reach it redacted and come back
restored."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


KEPT = [
    "Idempotency rules:\n- Keys are case-sensitive.\n- Fixed the \"Mark as shipped\" button staying disabled.",
    "Status\n\nNumbers\n| Item | Value |\n|---|---|\n| Tables | 42 |\n\n2. Branch\n- Create a branch from the tag.",
    "Options\nA. Hosted vendor. Mature SDKs for all our languages.\n"
    "B. Open-source self-hosted service. No licence cost.",
    "How do I teach my puppy to stop biting hands? Maple is 11 weeks old. Our cat Pepper keeps scratching the sofa.",
    "Skyrim SE mod load order question: does SkyUI need to load before the patches?",
    "public boolean equals(Object o) {\n    Sku other = (Sku) o;\n    return this.code.equals(other.code);\n}",
    "Kannst du mir eine kurze Geburtstagskarte für meine Kollegin schreiben? Sie wird 50 und liebt Katzen.",
    "Donne-moi une idée de menu pour un repas de Noël sans gluten pour 10 personnes.",
    "- Backfill of the old event data (2019–2022) is slower than planned: 40% done.",
]
PEOPLE = ("Mark Chen approved it. Keys Anderson runs the workshop. A. Smith wrote the design. "
          "My cat Pepper and my husband Tom Reyes hate the vacuum. Ask Patience Mwangi for the figures.")
NAMES = ["Mark Chen", "Keys Anderson", "Smith", "Tom Reyes", "Patience Mwangi"]


@pytest.mark.parametrize("text", KEPT)
def test_words_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, text: str) -> None:
    SEND["chat"](guarded, text)
    assert user_text(mock) == text


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_words_reach_the_provider_as_sent_on_both_routes(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT[0])
    assert user_text(mock) == KEPT[0]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_with_the_same_words_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE
