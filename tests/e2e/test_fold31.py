"""fold31 end to end through the official openai SDK (atk30 F8, F8c, F16): an iCalendar invite and a vCard folded
mid-address (a CRLF then one space, as every writer folds at 75 octets) reach the provider redacted, the fold under the
placeholder; a codename folded mid-word is blocked in a request and in the model's answer, whole and streamed; the
model's own folded e-mail reaches the client redacted, streamed in small chunks; an LDAP DN's `CN=Surname\\, Given`
goes up without the given name. Held-out values (not the report's)."""

from __future__ import annotations

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""

INVITE = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Budget sync\r\n"
          "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:aisha.khan.fin\r\n"
          " ance@tailspin-toys.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marcus Webb\r\nN:Webb;Marcus;;;\r\n"
        "EMAIL;TYPE=INTERNET;TYPE=WORK;TYPE=pref:marcus.webb.procurement@wide\r\n world-importers.com\r\nEND:VCARD\r\n")
FOLDED_CODENAME = "BEGIN:VEVENT\r\nSUMMARY:Review of Project Fal\r\n con milestones\r\nEND:VEVENT\r\n"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.mark.parametrize(("text", "gone"), [(INVITE, ["aisha.khan.fin", "ance@tailspin"]),
                                             (CARD, ["marcus.webb.procurement", "world-importers"])])
def test_folded_documents_go_up_redacted(guarded: Proxy, mock: Mock, text: str, gone: list[str]) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert [g for g in gone if g in sent] == [] and "<EMAIL_ADDRESS_" in sent, sent
    assert "\nN:" in sent or text is INVITE, sent  # (a vCard's `N` is no person)


def test_a_folded_codename_is_blocked_in_a_request(guarded: Proxy, mock: Mock) -> None:
    with pytest.raises(openai.BadRequestError):
        oai(guarded).chat.completions.create(model="gpt-4o-mini",
                                             messages=[{"role": "user", "content": "Summarise:\n" + FOLDED_CODENAME}])


@pytest.mark.parametrize("stream", [False, True])
def test_a_folded_codename_in_an_answer_is_blocked(guarded: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(text=FOLDED_CODENAME, chunk_chars=5)
    client = oai(guarded)
    if stream:
        got, finish = "", None
        for part in client.chat.completions.create(model="gpt-4o-mini", stream=True,
                                                   messages=[{"role": "user", "content": "write it"}]):
            for choice in part.choices:
                got += choice.delta.content or ""
                finish = choice.finish_reason or finish
    else:
        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "write it"}])
        got, finish = r.choices[0].message.content or "", r.choices[0].finish_reason
    assert finish == "content_filter" and "con milestones" not in got, (finish, got)


def test_the_models_folded_address_is_redacted_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=INVITE, chunk_chars=7)
    parts = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                 messages=[{"role": "user", "content": "write it"}])
    got = "".join(choice.delta.content or "" for part in parts for choice in part.choices)
    assert "aisha.khan" not in got and "tailspin-toys" not in got and "<EMAIL_ADDRESS_1>" in got, got


def test_an_ldap_dn_goes_up_without_the_given_name(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Why does the bind fail for CN=Webb\\, Marcus,OU=Procurement,DC=wwi,DC=com ?"}])
    sent = mock.last_body["messages"][0]["content"]
    assert "Marcus" not in sent and "Webb" not in sent and "OU=Procurement" in sent, sent
