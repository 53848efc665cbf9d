"""Full names of two everyday words where the place says a name stands (names25, atk24a F03, F08, F14, F20;
`proxy.nlp.names25`): under any person's key (`customer_name`, `customerName`, `created_by`, `to`), in records and
code (`Copyright (c) 2024 Bill White`, `# Author:`, tables, action items, chat transcripts), in mail headers written
`Surname, Given` without quotes, and after a personalised prompt's or a self-introduction's cue; and the look-alikes
(`{"product_name": "Golden Gate"}`, `# Author: Red Hat`, `From: Human Resources <...>`) found as no person."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.cued_values import person_key_readings
from proxy.nlp.names25 import person_key
from proxy.nlp.pii import PiiAnalyzer


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return [text[f.start:f.end] for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]


def _sent(text: str, spans: list[str], words: tuple[str, ...]) -> list[str]:
    """The occurrences of `words` in `text` that no span covers."""
    return [w for w in words for _ in re.finditer(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", text)
            if not any(re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", s) for s in spans)]


PERSON_KEYS = ["customer_name", "customerName", "customer-name", "CustomerName", "client_name", "patient_name",
               "employee_name", "cardholder_name", "sender_name", "recipient_name", "customer", "requester", "to",
               "from", "real_name", "realName", "legal_name", "billing_name", "shipping_name", "guest_name",
               "created_by", "caller", "customer_full_name", "kunde", "name", "full_name", "user.name"]
THING_KEYS = ["product_name", "file_name", "project_name", "brand_name", "company_name", "team_name", "hostname",
              "event_name", "model_name", "to_date", "first_name", "by", "who"]


@pytest.mark.parametrize("key", PERSON_KEYS)
def test_a_person_key_is_read_by_its_words(key: str) -> None:
    assert person_key(key)


@pytest.mark.parametrize("key", THING_KEYS)
def test_a_thing_key_is_no_person_key(key: str) -> None:
    assert not person_key(key)


@pytest.mark.parametrize("key", ["customerName", "CustomerName", "requester", "to", "from", "caller",
                                 "cardholder_name", "legal_name"])
def test_a_tool_argument_under_any_person_key_is_read_as_json(key: str) -> None:
    readings = person_key_readings([key, "Bill White"], [[(0, "key"), (1, "value")]])
    assert [(i, text) for i, text, _ in readings] == [(1, json.dumps({key: "Bill White"}))]


@pytest.mark.parametrize("key", ["customer_name", "customerName", "customer-name", "CustomerName", "client_name",
                                 "patient_name", "employee_name", "cardholder_name", "sender_name", "recipient_name",
                                 "customer", "requester", "to", "from", "real_name", "legal_name", "billing_name",
                                 "shipping_name", "guest_name", "created_by", "caller", "customer_full_name",
                                 "ansprechpartner", "nom_complet"])
async def test_an_everyday_word_name_under_a_person_key_is_redacted(analyzer: PiiAnalyzer, key: str) -> None:
    text = json.dumps({key: "Bill White", "amount": 12})
    spans = await persons(analyzer, text)
    assert _sent(text, spans, ("Bill", "White")) == [], spans


RECORDS = [
    ("| Name | Role |\n|---|---|\n| Bill White | CFO |\n| Hope Young | CTO |", ("Bill", "White", "Hope", "Young")),
    ("<table><tr><th>Name</th></tr><tr><td>Bill White</td></tr></table>", ("Bill", "White")),
    ('{"name": "my-lib", "author": "Bill White <bill@acme.com> (https://bill.dev)"}', ("Bill", "White")),
    ('{"contributors": ["Hope Young <hope@acme.com>"]}', ("Hope", "Young")),
    ("Copyright (c) 2024 Bill White", ("Bill", "White")),
    ("Copyright 2024 Hope Young. All rights reserved.", ("Hope", "Young")),
    ("Reported by: Bill White", ("Bill", "White")),
    ("* @billwhite Bill White", ("Bill", "White")),
    ("# Author: Bill White", ("Bill", "White")),
    ("// TODO(Bill White): fix", ("Bill", "White")),
    ("<!-- owner: Hope Young -->", ("Hope", "Young")),
    ('"""Written by Bill White."""', ("Bill", "White")),
    ("__author__ = 'Bill White'", ("Bill", "White")),
    ("ATTENDEE;CN=Bill White:mailto:bill@acme.com", ("Bill", "White")),
    ("- [ ] Bill White: send the deck", ("Bill", "White")),
    ("1. Bill White\n2. Hope Young", ("Bill", "White", "Hope", "Young")),
    ("Action items:\n- Bill White to send the deck\n- Hope Young to book the room", ("Bill", "White", "Hope", "Young")),
    ("Speaker 1 (Bill White): Let's start.", ("Bill", "White")),
    ("[10:02] Bill White: the server is down", ("Bill", "White")),
    ("Bill White — 10:02 AM\nthe server is down", ("Bill", "White")),
    ("<Bill White> the server is down", ("Bill", "White")),
    ("Bill White reacted with 👍", ("Bill", "White")),
    ("a1b2c3d (Bill White 2024-06-03 10:00:00 +0200 12) return x", ("Bill", "White")),
    ("    12  Bill White\n     3  Hope Young", ("Bill", "White", "Hope", "Young")),
]
MAIL = [
    ("From: White, Bill <bill.white@acme.com>", ("Bill", "White")),
    ("From: Price, Mark <mark.price@acme.com>", ("Mark", "Price")),
    ("-----Original Message-----\nFrom: White, Bill\nSent: Monday\nTo: Young, Hope; Hall, Grace\nCc: Long, Will",
     ("Bill", "White", "Hope", "Young", "Grace", "Hall", "Will", "Long")),
    ("From: White, Bill Jr. <bill@acme.com>", ("Bill", "White")),
    ('From: "Hope Young (Finance)" <h@acme.com>', ("Hope", "Young")),
    ('From: "Bill White via Jira" <jira@acme.com>', ("Bill", "White")),
    ('<a href="mailto:bill@acme.com">Bill White</a>', ("Bill", "White")),
    ("<mailto:bill@acme.com|Bill White>", ("Bill", "White")),
    ("[Bill White](mailto:bill@acme.com)", ("Bill", "White")),
    ("Bill White - bill@acme.com", ("Bill", "White")),
]
INTROS = [
    ("You are assisting Bill White, a premium customer.", ("Bill", "White")),
    ("The user's name is Bill White.", ("Bill", "White")),
    ("The user is Hope Young (hope@acme.com).", ("Hope", "Young")),
    ("Current user: Bill White", ("Bill", "White")),
    ("User profile: name=Bill White; plan=pro", ("Bill", "White")),
    ("You are talking to Hope Young", ("Hope", "Young")),
    ("Address the user as Bill White.", ("Bill", "White")),
    ("The customer, Bill White, has an open ticket.", ("Bill", "White")),
    ("{{user.name}} = Bill White", ("Bill", "White")),
    ("Hi, I'm Bill White and I need help with my order.", ("Bill", "White")),
    ("Hello, this is Hope Young from accounting.", ("Hope", "Young")),
    ("I am Bill White.", ("Bill", "White")),
    ("I'm Bill White.", ("Bill", "White")),
    ("Name's Bill White.", ("Bill", "White")),
    ("My name is Grace Hall", ("Grace", "Hall")),
]


@pytest.mark.parametrize(("text", "words"), RECORDS + MAIL + INTROS)
async def test_an_everyday_word_name_in_a_record_a_mail_or_an_introduction_is_redacted(
        analyzer: PiiAnalyzer, text: str, words: tuple[str, ...]) -> None:
    spans = await persons(analyzer, text)
    assert _sent(text, spans, words) == [], spans


# Held out: other names (colour-word surnames the model misses under a key), other keys and shapes.
HELD_OUT = [
    ('{"id": 7, "account_holder": "Chase White"}', ("Chase", "White")),
    ('{"id": 7, "tenantName": "Sue White"}', ("Sue", "White")),
    ('{"id": 7, "approved_by": "Rob Black"}', ("Rob", "Black")),
    ("{'guest_name': 'May Black', 'room': 12}", ("May", "Black")),
    ("Copyright © 2019-2024 Chase White", ("Chase", "White")),
    ("-- Author: Rob Black\nSELECT 1;", ("Rob", "Black")),
    ("| ID | Assignee | Status |\n|---|---|---|\n| 12 | Gene Black | open |", ("Gene", "Black")),
    ("* [x] Drew White to review the PR", ("Drew", "White")),
    ("09:15 May Black: hello everyone", ("May", "Black")),
    ("To: Black, May; Black, Ray", ("May", "Ray", "Black")),
    ("From: White, Dean Jr. <d@corp.io>", ("Dean", "White")),
    ("The customer's name is May Black.", ("May", "Black")),
    ("I'm Rob Black and I have a question.", ("Rob", "Black")),
    ("The caller, Sue White, wants a refund.", ("Sue", "White")),
]


@pytest.mark.parametrize(("text", "words"), HELD_OUT)
async def test_held_out_names_and_shapes_are_redacted(analyzer: PiiAnalyzer, text: str,
                                                      words: tuple[str, ...]) -> None:
    spans = await persons(analyzer, text)
    assert _sent(text, spans, words) == [], spans


LOOK_ALIKES = [
    '{"product_name": "Golden Gate"}',
    '{"file_name": "Summer Sale", "project_name": "Blue Sky"}',
    '{"product_name": "Rose Gold", "color": "pink"}',
    '{"customer": "Acme Corp"}',
    '{"from": "New York", "to": "Los Angeles"}',
    '{"created_by": "System Admin"}',
    "Copyright (c) 2024 Black Duck Software",
    "Copyright 2024 The Linux Foundation",
    "# Author: Red Hat",
    "# Owner: Platform Team",
    "From: Human Resources <hr@x.com>",
    "From: Sales, Marketing <m@x.com>",
    "To: Support, Billing",
    "From: Paris, France",
    "The user's name is required.",
    "The user's name is shown in the header.",
    "I'm Will Power-lifting today.",
    "This is Black Friday.",
    "- Summer Sale to start Monday",
    "[10:02] Build Bot: deploy done",
    "| Name | Price |\n|---|---|\n| Rose Gold | 10 |",
    "Written by Red Hat engineers.",
    "TODO(Release Team): fix",
    "You are talking to Customer Support.",
    "name=Summer Sale;",
    "{{product.name}} = Golden Gate",
    "1. Golden Gate\n2. Union Square",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_hold_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == []


# F04: a person as the object of an everyday request (the tester's sentences, then held-out phrasings and names)
REQUESTS = [
    ("Please send the contract to Hope Young.", ("Hope", "Young")),
    ("Refund Bill White for the damaged order.", ("Bill", "White")),
    ("Give Bill White admin rights on the repo.", ("Bill", "White")),
    ("Bill White is on leave this week.", ("Bill", "White")),
    ("Thanks to Hope Young for the quick fix.", ("Hope", "Young")),
    ("Look up Bill White's orders.", ("Bill", "White")),
    ("Welcome Hope Young to the team!", ("Hope", "Young")),
    ("Add Grace Hall to the project channel.", ("Grace", "Hall")),
    ("Forward the report to Hope Young and me.", ("Hope", "Young")),
    ("Congratulate Art Young on the promotion!", ("Art", "Young")),
    ("Guy Lane was on vacation last week.", ("Guy", "Lane")),
    ("Hope Price is out of office until Monday.", ("Hope", "Price")),
]


@pytest.mark.parametrize(("text", "words"), REQUESTS)
async def test_a_person_as_a_requests_object_is_redacted(analyzer: PiiAnalyzer, text: str,
                                                         words: tuple[str, ...]) -> None:
    spans = await persons(analyzer, text)
    assert _sent(text, spans, words) == [], spans


@pytest.mark.parametrize("text", ["Add Hope Best to the project channel.", "Give Bill White admin rights on the repo.",
                                  "Welcome Hope Young to the team!"])
async def test_the_imperative_stays_beside_the_name(analyzer: PiiAnalyzer, text: str) -> None:
    spans = await persons(analyzer, text)
    assert spans and all(" " in s and not s.startswith(("Add", "Give", "Welcome")) for s in spans), spans


@pytest.mark.parametrize("text", ["Give Summer Sale a banner.", "Send the traffic to Blue Green deployment.",
                                  "Thanks to Black Friday sales we grew.", "Search for Golden Gate in the map.",
                                  "Transfer the funds to Silver Lake Capital.", "Rose Gold is back in stock.",
                                  "Add Dark Mode to settings.", "Remove Will Call from the menu.",
                                  "Forward the email to Customer Success.", "Send it to Red Hat support."])
async def test_request_look_alikes_hold_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == []
