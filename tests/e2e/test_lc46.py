"""lc46 end to end through the official openai and anthropic SDKs under the shipped default policy: lower-case
identifiers spaCy read as people (`tsconfig`, `getaddrinfo`, a k8s port's `name: amqp`) reach the provider as sent;
lower-case people reach it redacted and come back restored."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


KEPT = ("The build breaks in CI but tsconfig has baseUrl and paths set.\n"
        "getaddrinfo keeps failing with EAI_AGAIN in the pod.\n"
        "ports:\n  - port: 5672\n    name: amqp\n  - port: 15672\n    name: http")
PEOPLE = "ask Priya Raman if the lease went to john smith."
NAMES = ["Priya", "Raman", "john smith"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_lower_case_identifiers_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_lower_case_people_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE
