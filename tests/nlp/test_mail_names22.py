"""A person's display name in a mail's fields and an invite's CN= whole, and a found given name's surname (contact22:
atk22b M1; `proxy.nlp.mailnames`); a role's, a team's, a robot's or an organisation's display name as written."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

# (text, the words of the name that must all be inside PERSON findings)
PEOPLE = [
    ('From: "Bill White" <bill@acme.io>', "Bill White"),
    ('From: "White, Bill" <bill@acme.io>', "White Bill"),
    ('From: "April Young" <april@acme.io>', "April Young"),
    ('From: "Jack Black" <jb@acme.io>', "Jack Black"),
    ('To: "Grace Hall" <grace@acme.io>', "Grace Hall"),
    ('From: "Mark Price" <mark@acme.io>', "Mark Price"),
    ('Reply-To: "Price, Mark" <mark@acme.io>', "Price Mark"),
    ('"Hall, Grace" <grace@acme.io> wrote:', "Hall Grace"),
    ('"Bill White" <bill@acme.io> wrote:', "Bill White"),
    ("Bill White <bill@acme.io> wrote:", "Bill White"),
    ("On Mon, 3 Jun 2024 at 10:02, Bill White <bill@acme.io> wrote:", "Bill White"),
    ('ORGANIZER;CN="Nguyen, Thi Lan":mailto:lan@acme.io', "Nguyen Thi Lan"),
    ('ATTENDEE;CN="Wang, Wei":mailto:ww@acme.io', "Wang Wei"),
    ('ATTENDEE;ROLE=REQ-PARTICIPANT;CN="Le, Anh":mailto:anh@acme.io', "Le Anh"),
    ('{"raw": "From: \\"Hope Young\\" <hope@acme.io>"}', "Hope Young"),
    ("Please forward the invoice to Grace Hall.", "Grace Hall"),
]
# Display names of roles, teams, robots and organisations: no PERSON.
NOT_PEOPLE = [
    'From: "Acme Support" <support@acme.io>',
    'From: "No Reply" <noreply@acme.io>',
    'From: "GitHub" <noreply@github.com>',
    "ATTENDEE;CN=Build Bot:mailto:bot@acme.io",
    'From: "Google Calendar" <calendar-notification@google.com>',
    'From: "Stripe Billing" <billing@stripe.com>',
    "Acme Support <support@acme.io> wrote:",
    'ORGANIZER;CN="Acme Events":mailto:events@acme.io',
]


def _words_in(spans: list[str], name: str) -> list[str]:
    return [w for w in name.split() if not any(w in s for s in spans)]


@pytest.mark.parametrize(("text", "name"), PEOPLE)
async def test_a_display_name_is_redacted_whole(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    persons = [v for e, v in await found(analyzer, text) if e == "PERSON"]
    assert _words_in(persons, name) == [], persons


@pytest.mark.parametrize("text", NOT_PEOPLE)
async def test_a_role_or_organisation_display_name_is_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert [v for e, v in await found(analyzer, text) if e == "PERSON"] == []


def test_person_name_rule() -> None:
    from proxy.nlp.mailnames import person_name
    from proxy.nlp.names import name_lists

    names = name_lists()
    assert person_name(names, "Bill White", "bill", "acme.io")
    assert person_name(names, "Nguyen, Thi Lan")
    assert not person_name(names, "Bill White", "noreply", "acme.io")  # a role's address
    assert not person_name(names, "Wells Fargo", "alerts", "wellsfargo.com")
    assert not person_name(names, "Acme Support")
    assert not person_name(names, "Build Bot")
