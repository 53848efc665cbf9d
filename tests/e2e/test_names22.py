"""Full names made of two everyday words (names22: atk20 H4; `proxy.nlp.fullnames`), end to end through the official
SDKs: before a verb of a person in other tenses, with an initial, an apposition, a coordination, in capitals; after a
form's person label and its list; in records (vCard, a display name before an e-mail address, CSV) they reach the
provider redacted, the cue and the rest as sent; an event's and a product's name in the same shapes as sent."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_full_names_after_verbs_and_labels(guarded: Proxy, mock: Mock) -> None:
    text = ("Bill A. White called about the invoice.\nHope Young, our CFO, had paid it.\n"
            "WILL KING OWES US 200.\nPassenger: May Lord\nAttendees: June Hall, Anna Kowalczyk\n"
            "May Day parade left the square at noon.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert not any(re.search(rf"\b{w}\b", sent) for w in ("White", "Young", "KING", "Lord", "Hall", "Kowalczyk")), sent
    assert re.fullmatch(r"<PERSON_\d> called about the invoice\.\n<PERSON_\d>, our CFO, had paid it\.\n"
                        r"<PERSON_\d> OWES US 200\.\nPassenger: <PERSON_\d>\nAttendees: <PERSON_\d>, <PERSON_\d>\n"
                        r"May Day parade left the square at noon\.", sent), sent


def test_anthropic_full_names_in_records(guarded: Proxy, mock: Mock) -> None:
    content = ("BEGIN:VCARD\nVERSION:3.0\nFN:April Price\nEND:VCARD\n\n"
               "Signed-off-by: Will King <wk@acme.com>\n\n"
               "last,first,dept\nHall,June,Sales\n\n"
               "name,price\nSummer Breeze,12.99")
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50,
                                    messages=[{"role": "user", "content": content}])
    got = mock.state.requests[-1].body["messages"][0]["content"]
    sent = got if isinstance(got, str) else got[0]["text"]
    assert not any(re.search(rf"\b{w}\b", sent) for w in ("April", "Price", "King", "Hall", "June")), sent
    assert "FN:<PERSON_" in sent and "Signed-off-by: <PERSON_" in sent and "Summer Breeze,12.99" in sent, sent
