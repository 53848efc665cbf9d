"""csv37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk36 F19,
F05): header-less delimited exports (CSV, `;`, tab, `|`) and sqlite `.mode tabs` rows reach the provider with their
bare SSNs, bare phone numbers and names' parts (upper-case surnames too) redacted, and a `LAST`/`FIRST` header's
surname column too; the SSNs and phone numbers of the model's own such rows reach the client redacted, whole and
streamed. Order ids, amounts, SKUs, metrics and enum columns go as sent. Held-out values (not the report's)."""

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


REQUEST = ("Dedupe this extract:\n3301,HALVORSEN,INGEBORG,534821907,PAYROLL\n3302,OKONKWO,CHIDI,219374658,LEGAL\n\n"
           "and this one:\n3301;Petrenko;Oksana;401836275;2149837265\n\n"
           "sqlite> .mode tabs\nRodrigo Castellanos\tr.castellanos@example.net\t2149837265\n"
           "Amelie Moreau\tamoreau@example.fr\t0648291735\n\nID|LAST|FIRST|SSN\n51|LINDQVIST|ASTRID|372645819")
SECRETS = ["HALVORSEN", "INGEBORG", "534821907", "OKONKWO", "CHIDI", "219374658", "Petrenko", "Oksana", "401836275",
           "2149837265", "Castellanos", "0648291735", "Moreau", "LINDQVIST", "ASTRID", "372645819"]
KEPT = ("204918377,SKU-9921,2,18.40\n204918378,SKU-1034,1,7.10\n204918379,SKU-5530,4,3.25\n\n"
        "4410,REFUND,PENDING,USD,25.00\n4411,CHARGE,SETTLED,EUR,90.00\n\n"
        "db-03;0.88;16384;DEGRADED\ndb-04;0.12;16384;HEALTHY\nWhat changed?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "3301," in sent and "PAYROLL" in sent and "ID|LAST|FIRST|SSN" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT


ANSWER = ("Here is the extract:\n3301,HALVORSEN,INGEBORG,534821907,PAYROLL\n3302,OKONKWO,CHIDI,219374658,LEGAL\n"
          "Rodrigo Castellanos\tr.castellanos@example.net\t2149837265\nDone.")
# (the default policy screens an answer's contact and payment data, not its names)
ANSWER_SECRETS = ["534821907", "219374658", "2149837265"]


@pytest.mark.parametrize("ask", [ask_chat, ask_messages])
@pytest.mark.parametrize("stream", [False, True])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, ask: object, stream: bool) -> None:
    mock.script(text=ANSWER, chunk_chars=3)
    got = ask(guarded, "extract?", stream)  # type: ignore[operator]
    assert got and not [s for s in ANSWER_SECRETS if s in got], got
    assert "PAYROLL" in got and "Done." in got
