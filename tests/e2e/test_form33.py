"""form33 end to end through the official openai SDK (atk31 F17, F9, F18): a passport's zone as OCR writes it (`«`
for the `<` filler), a Form 1040's spouse columns and a vCard's `N:` parts reach the provider without the holder's,
the spouse's or the contact's name parts. Held-out values (not the report's)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""

ZONE = ("OCR of the traveller's passport:\nP<KENWANJIKU<<ACHIENG«««««««««««««««««««««««««\n"
        "L898902C36KEN7408122F1204159<<<<<<<<<<<<<<04\nIs it still valid?")
FORM_AND_CARD = ("If joint return, spouse's first name  Last name\n" + "Thandiwe".ljust(38) + "Mokoena\n\n"
                 "BEGIN:VCARD\nVERSION:3.0\nN:Parata;Rangi;;;\nFN:Rangi Parata\nEND:VCARD\nMerge these records.")


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.mark.parametrize(("text", "gone"), [(ZONE, ["WANJIKU", "ACHIENG"]),
                                             (FORM_AND_CARD, ["Mokoena", "Thandiwe", "Parata", "Rangi"])])
def test_names_in_zones_forms_and_cards_go_up_redacted(guarded: Proxy, mock: Mock, text: str,
                                                        gone: list[str]) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert [g for g in gone if g in sent] == [] and "<PERSON_1>" in sent, sent
