"""Full names of two everyday words in the record shapes next to names22's (names23, atk23 M2: a flag's value, a JSON
key or array, a later item of a `Cc:`/`present:` list, an author's line, LDIF's `sn:`, lower case after a label,
`Name on card:`), and capitalised terms and German lines read as no person (atk23 FP1, FP2, FP3;
`proxy.nlp.fullnames`, `proxy.nlp.everyday22`)."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.fullnames import full_names
from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return [text[f.start:f.end] for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]


def _sent(text: str, spans: list[str], words: tuple[str, ...]) -> list[str]:
    """The words of `words` that no span covers."""
    return [w for w in words if not any(re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", s) for s in spans)]


# atk23 M2's cases and their neighbours
SHAPED = [
    ('git commit --author="Bill White" -m fix', ("Bill", "White")),
    ('gh pr create --reviewer "Hope Young"', ("Hope", "Young")),
    ('git log --author "Bill White"', ("Bill", "White")),
    ('{"name": "Bill White"}', ("Bill", "White")),
    ('{"author": "Bill White", "id": 7}', ("Bill", "White")),
    ('{"attendees": ["Hope Young", "Will Long"]}', ("Hope", "Young", "Will", "Long")),
    ('{"passengers": ["Hope Young", "Will Long"]}', ("Hope", "Young", "Will", "Long")),
    ("Cc: Anna Kowalczyk, Hope Young", ("Hope", "Young")),
    ("Meeting notes - present: Penny Rich, Bill White", ("Penny", "Rich", "Bill", "White")),
    ("@author Hope Young", ("Hope", "Young")),
    ("/**\n * @maintainer Hope Young\n */", ("Hope", "Young")),
    ("FROM alpine\nMAINTAINER Bill White", ("Bill", "White")),
    ("dn: uid=mg\ngivenName: Mark\nsn: Green", ("Mark", "Green")),
    ("name: bill white", ("bill", "white")),
    ("contact: hope young", ("hope", "young")),
    ("Passenger: will long", ("will", "long")),
    ("Name on card: Hope Young", ("Hope", "Young")),
    ("name on card: Bill White", ("Bill", "White")),
]


@pytest.mark.parametrize(("text", "words"), SHAPED)
async def test_a_full_name_in_a_record_shape_is_redacted(analyzer: PiiAnalyzer, text: str,
                                                         words: tuple[str, ...]) -> None:
    spans = await persons(analyzer, text)
    assert _sent(text, spans, words) == [], spans


# the same shapes holding a team, a product, an event or a colour: no name
NO_PERSON_SHAPES = [
    'git commit --author="Build Bot <bot@acme.io>" -m bump',
    '{"name": "Summer Sale", "discount": 20}',
    '{"name": "Rose Gold", "sku": "RG-1"}',
    '{"attendees": ["Platform Team", "Design Guild"]}',
    "Cc: Support Team, Billing Desk",
    "@author Platform Team",
    "MAINTAINER Infra Team",
    "Meeting notes - present: Platform Team, QA",
    "contact: support desk",
    "Name on card: Visa Gold",
    "givenName: Support\nsn: Desk",
    "owner: platform team",
]


@pytest.mark.parametrize("text", NO_PERSON_SHAPES)
def test_a_team_or_a_product_in_a_record_shape_gains_no_name(text: str) -> None:
    assert full_names(text, name_lists()) == []


# atk23 FP1, FP2, FP3: capitalised terms, product records and German support lines holding no person
TERMS = [
    "Cherry-pick the fix onto the release branch.",
    "Cherry-picked the hotfix into main.",
    "Golden Signals are latency, traffic, errors and saturation.",
    "We follow the Golden Path templates for new services.",
    "name = Golden Path",
    '{"name": "Blue Green Deploy", "stage": "prod"}',
    "Switch the rollout to Blue Green deployment next sprint.",
    "Status update: Blue Sky project kickoff is Monday.",
    "Blue Sky thinking workshop at 3pm.",
    "Beneficiary: Red Cross Relief Fund",
    "Donations go to the Red Cross this year.",
    "name,price\nGolden Delicious,1.20\nPink Lady,1.40",
    "name,stock\nRose Gold Case,14",
    "name: Black Friday",
    "Unser Drucker im Büro zeigt Fehler E-204 an.",
    "Bitte an die Buchhaltung weiterleiten, Betreff: Gutschrift Nr. 4711.",
]


@pytest.mark.parametrize("text", TERMS)
async def test_a_term_or_a_german_line_gains_no_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == []


# people beside the same terms and German lines stay names
BESIDE = [
    ("Barry White called about the invoice.", ("Barry", "White")),
    ("Jack Black said the demo went well.", ("Jack", "Black")),
    ("Kevin Cross approved the release.", ("Kevin", "Cross")),
    ("Ms. Green White signed the form.", ("Green", "White")),
    ("Please ask Mary-Kate Olsen about the budget.", ("Mary-Kate", "Olsen")),
    ("Red Cross volunteer Anna Kowalczyk called.", ("Anna", "Kowalczyk")),
    ("Im Gespräch mit Peter Wagner wurde das geklärt.", ("Peter", "Wagner")),
    ("Der Server startet neu, sagt Klaus Müller.", ("Klaus", "Müller")),
]


@pytest.mark.parametrize(("text", "words"), BESIDE)
async def test_a_person_beside_a_term_stays_a_name(analyzer: PiiAnalyzer, text: str, words: tuple[str, ...]) -> None:
    spans = await persons(analyzer, text)
    assert _sent(text, spans, words) == [], spans
