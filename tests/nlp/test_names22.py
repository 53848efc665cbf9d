"""Full names made of two everyday words (`Bill White`, `Hope Young`, `May Lord`) after the variants of a person's
cue, after a form's person labels and in records (names22: atk20 H4; `proxy.nlp.fullnames`)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer


async def rewritten(analyzer: PiiAnalyzer, text: str) -> str:
    found = [f for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]
    out = text
    for f in sorted(found, key=lambda f: -f.start):
        out = out[:f.start] + "<P>" + out[f.end:]
    return out


def _sent(out: str, *words: str) -> list[str]:
    import re

    return [w for w in words if re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", out)]


# 1. variants of the listed `Bill White called` cue: an initial, other verbs and tenses, an auxiliary, an apposition,
# a bracket, a coordination, capitals, lower case.
VERB_CUES = [
    ("Bill A. White called about the invoice.", ("Bill", "White")),
    ("Hope Young calls about the invoice.", ("Hope", "Young")),
    ("Will King had called about the invoice.", ("Will", "King")),
    ("April Price paid about the invoice.", ("April", "Price")),
    ("June Hall owes us for the invoice.", ("June", "Hall")),
    ("Summer Little lives in Leeds now.", ("Summer", "Little")),
    ("May Lord works at the depot.", ("May", "Lord")),
    ("Bill White joined the team in May.", ("Bill", "White")),
    ("Hope Young left a voicemail.", ("Hope", "Young")),
    ("Will King wants a refund.", ("Will", "King")),
    ("April Price needs the receipt.", ("April", "Price")),
    ("June Hall can call back later.", ("June", "Hall")),
    ("Bill White, our CFO, called about the invoice.", ("Bill", "White")),
    ("Bill White (CFO) called about the invoice.", ("Bill", "White")),
    ("Bill White and Kowalczyk called about the invoice.", ("Bill", "White", "Kowalczyk")),
    ("Hope Young and Will King approved the budget.", ("Hope", "Young", "Will", "King")),
    ("BILL WHITE CALLED ABOUT THE INVOICE.", ("BILL", "WHITE")),
    ("bill white called about the invoice.", ("bill", "white")),
    ("Bill White paid off his loan.", ("Bill", "White")),
    ("Hope Young called off the meeting.", ("Hope", "Young")),
]
# The same shapes with an event's, an organisation's, a place's or a product's name: no name.
NOT_VERB_CUES = [
    "Summer Sale called off due to rain.",
    "Grace Church announced a bake sale.",
    "Rose Garden needs watering.",
    "Rose Gold works with every outfit.",
    "Holly Jolly Sale starts today.",
    "May Day parade left the square at noon.",
    "BILL PAY WORKS AGAIN.",
    "bill pay works again for most users.",
    "Summer Camp and Winter Camp called off.",
    "Will Power Tools left the market in 2019.",
    "april price needs review before Friday.",
    "JUNE HALL WORKS DONE.",
]


@pytest.mark.parametrize(("text", "words"), VERB_CUES)
async def test_a_full_name_before_a_verb_of_a_person_is_redacted(analyzer: PiiAnalyzer, text: str,
                                                                 words: tuple[str, ...]) -> None:
    out = await rewritten(analyzer, text)
    assert _sent(out, *words) == [], out


@pytest.mark.parametrize("text", NOT_VERB_CUES)
async def test_an_event_or_a_thing_before_a_verb_gains_no_name(analyzer: PiiAnalyzer, text: str) -> None:
    from proxy.nlp.fullnames import full_names
    from proxy.nlp.names import name_lists

    assert full_names(text, name_lists()) == []


def test_the_verb_rule_finds_only_the_name() -> None:
    from proxy.nlp.fullnames import full_names
    from proxy.nlp.names import name_lists

    text = "Bill White, our CFO, called and May A. Lord (Legal) has already paid."
    assert [text[a:b] for a, b in full_names(text, name_lists())] == ["Bill White", "May A. Lord"]


# 2. a person's label of a form or a record, and a list after it.
LABELLED = [
    ("Passenger: May Lord\nRef: 1234", ("May", "Lord")),
    ("Employee: Will King\nRef: 1234", ("Will", "King")),
    ("Cardholder: April Price\nRef: 1234", ("April", "Price")),
    ("Account holder: June Hall\nRef: 1234", ("June", "Hall")),
    ("Beneficiary: Summer Little\nRef: 1234", ("Summer", "Little")),
    ("Recipient: Hope Young\nRef: 1234", ("Hope", "Young")),
    ("Emergency contact: Bill White (husband)\nRef: 1234", ("Bill", "White")),
    ("Attendees: Bill White, Anna Kowalczyk", ("Bill", "White", "Anna", "Kowalczyk")),
    ("Participants: Hope Young; June Hall and Mr. Will King", ("Hope", "Young", "June", "Hall", "Will", "King")),
    ("Tenant name: April Price", ("April", "Price")),
    ("Attendees:\n- Bill White (Finance)\n- Anna Kowalczyk (Legal)\n- Hope Young", ("Bill", "White", "Hope", "Young")),
]
NOT_LABELLED = [
    "Member: Gold Tier",
    "Host: Grace Church",
    "Product: Rose Gold Case",
    "Manager: Network Manager",
    "Driver: Nvidia 535.104",
    "Attendees: Sales Team, Marketing",
    "Beneficiary: Red Cross",
    "Seller: Summer Breeze Candles",
    "Recipient: Accounts Payable",
    "Attendees:\n- Sales Team\n- Rose Gold Partners",
]


@pytest.mark.parametrize(("text", "words"), LABELLED)
async def test_a_full_name_after_a_person_label_is_redacted(analyzer: PiiAnalyzer, text: str,
                                                           words: tuple[str, ...]) -> None:
    out = await rewritten(analyzer, text)
    assert _sent(out.split(":", 1)[1], *words) == [], out


@pytest.mark.parametrize("text", NOT_LABELLED)
def test_a_thing_after_a_person_label_gains_no_name(text: str) -> None:
    from proxy.nlp.fullnames import full_names
    from proxy.nlp.names import name_lists

    assert full_names(text, name_lists()) == []


# 3. records: vCard, LDIF, a display name before an e-mail address, CSV under a name header, INI/YAML name keys.
RECORDS = [
    ("BEGIN:VCARD\nVERSION:3.0\nFN:Bill White\nEND:VCARD", ("Bill", "White")),
    ("BEGIN:VCARD\nFN;CHARSET=UTF-8:Hope Young\nEND:VCARD", ("Hope", "Young")),
    ("BEGIN:VCARD\nVERSION:3.0\nN:King;Will;;;\nEND:VCARD", ("Will", "King")),
    ("dn: uid=aprice,ou=People,dc=acme,dc=com\ncn: April Price\nmail: ap@acme.com", ("April", "Price")),
    ("Signed-off-by: Bill White <bill@acme.com>", ("Bill", "White")),
    ("Co-authored-by: June Hall <june@users.noreply.github.com>", ("June", "Hall")),
    ("last,first,dept\nWhite,Bill,Sales\nYoung,Hope,Legal", ("Bill", "White", "Hope", "Young")),
    ("name,email\nMay Lord,ml@acme.com", ("May", "Lord")),
    ("[user]\nname = Will King\nemail = wk@acme.com", ("Will", "King")),
    ("author: Summer Little\nversion: 1.2.0", ("Summer", "Little")),
]
NOT_RECORDS = [
    "BEGIN:VCARD\nFN:Acme Support\nEND:VCARD",
    "Signed-off-by: Build Bot <bot@ci.acme.com>",
    "name,price\nSummer Breeze,12.99\nRose Gold,24.00",
    "[product]\nname = Summer Breeze",
    "product:\n  name: Grace Period Plus",
    "name,team\nSales Team,Marketing",
]


@pytest.mark.parametrize(("text", "words"), RECORDS)
async def test_a_full_name_in_a_record_is_redacted(analyzer: PiiAnalyzer, text: str, words: tuple[str, ...]) -> None:
    out = await rewritten(analyzer, text)
    assert _sent(out, *words) == [], out


@pytest.mark.parametrize("text", NOT_RECORDS)
def test_a_product_or_a_team_in_a_record_gains_no_name(text: str) -> None:
    from proxy.nlp.fullnames import full_names
    from proxy.nlp.names import name_lists

    assert full_names(text, name_lists()) == []
