"""data41 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk41 FP02,
FP06, FP08; issue 12's false positives): a JSON catalogue, a product table, a quoted dashboard title, lower-case
lists, a code literal and a four-part version reach the provider as sent, and an answer that holds them reaches the
client as written, whole and streamed; people in the same frames (a person's record, a customers' table) reach the
provider redacted and come back restored. Held-out values (not the attack's)."""

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


KEPT = ('Write a jq filter for low stock: [{"name": "Rosa Candle", "stock": 3}, {"name": "Leo Lamp", "stock": 40}]\n'
        "sku,name,price\nP-1,Ada Desk Organizer,22.00\nP-2,Nina Wall Clock,35.50\n"
        'The Grafana dashboard "Hermes Overview" is empty.\n'
        "Render modes: lazy, eager, deferred and idle. Call next(null, user) when done.\n"
        "The PCB revision is 2.1.0.3; should we upgrade to 2.2.0.1?")
PEOPLE = ('{"name": "Rosa Whitfield", "email": "rw@example.com", "stock": 3}\n'
          "name,email,plan\nNina Castellano,nina@example.com,pro")
NAMES = ["Rosa Whitfield", "rw@example.com", "Nina Castellano", "nina@example.com"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_in_the_same_frames_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    assert '"stock": 3' in sent and "name,email,plan" in sent
    # the model's answer repeats the placeholders: the client gets the names back, whole and streamed
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
