"""data41 (fpatk41 FP02, FP06, FP08; issue 12's false positives): products, menu items and codenames in data
(keyed values of records of things, product tables' cells, quoted titles), lower-case words and code literals, and
four-part versions after `revision is`/`update to` go as sent; people in the same frames (a person's record, a
customers' table, a person's full name as a value, lower-case names in a list of names, a label's handle, a host's
address) stay redacted. Values are not the attack's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


PLAIN = [
    # keyed values of records of things (FP02)
    'Write a jq filter for products under 20: [{"name": "Rosa Candle", "price": 18}, '
    '{"name": "Leo Lamp", "price": 64}]',
    'Given {"menu": [{"item": "Napoletana", "price": 10}, {"item": "Ortolana", "price": 11.5}]}, write a Go struct.',
    '{"id": "BT-4", "title": "Maya Hiking Boot", "brand": "Ridgeline", "price": "129.00 USD"}',
    'Write a Swift struct for {"model": "Luca Sport", "type": "hybrid", "weight_kg": 11.2}.',
    'Inventory: [{"item": "Elsa Mug", "qty": 0}, {"item": "Iris Bowl", "qty": 9}]. Which are out of stock?',
    'GraphQL gives {"data": {"product": {"name": "Clementine"}}}. How do I add the sku?',
    '{"name": "Paloma", "type": "cocktail", "price": 9} - write a TypeScript type.',
    # product tables (FP02)
    "sku,name,price\nP-1,Ada Desk Organizer,22.00\nP-2,Nina Wall Clock,35.50\nP-3,Otto Doormat,19.00",
    "id,name,qty\n1,Freya Tumbler,12\n2,Rex Lunch Box,0\n3,Lola Water Bottle,7",
    "name,category,calories\nReuben Melt,lunch,690\nWaldorf Salad,lunch,420",
    "sku;name;price\nBT-1;Chelsea Boot;149\nBT-2;Oxford Brogue;129",
    "paint_name,hex,finish\nMarina Blue,#1f4e79,eggshell\nAmber Glow,#ffbf00,matt",
    # quoted titles (FP02)
    'Explain JSON Patch with an example that changes the colour of "Rosa Pink" paint.',
    'The Grafana dashboard "Hermes Overview" stopped loading after the upgrade.',
    'Our app\'s display name is "Juniper". Can it differ from the bundle id?',
    'Build a JSON-LD Product snippet for "Willa Linen Throw", price 45 EUR.',
    # lower-case words and code literals (FP06)
    "Render modes: lazy, eager, deferred and idle. Which suits a long list?",
    "Finishes for the oak table: oil, wax, matt lacquer and satin varnish.",
    "Pasta shapes for the salad: fusilli, farfalle, orecchiette and penne.",
    "Branches: dev, release and hotfix all deploy to their own namespace.",
    "Why does next(null, user) skip the error handler in Express?",
    "Which fonts render emoji best on Linux?",
    "Hoe maak ik erwtensoep met rookworst?",
    "Roses for a summer garden: which varieties resist mildew?",
    # four-part versions (FP08)
    "The PCB revision is 2.1.0.3 and the bootloader will not start.",
    "Should we upgrade to 8.2.1.4 or wait for the next release?",
    "The assembly version was 3.0.0.1; we updated to 3.0.1.0 last week.",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ('{"name": "Rosa Whitfield", "email": "rw@example.com", "price": 18}', ["Rosa Whitfield"], ['"price": 18']),
    ('[{"name": "Leo Marchetti", "role": "admin"}, {"name": "Elsa Lindgren", "role": "viewer"}]',
     ["Leo Marchetti", "Elsa Lindgren"], ['"role": "admin"']),
    ('{"name": "Maya Ferreira", "price": 30, "qty": 2}', ["Maya Ferreira"], ['"qty": 2']),
    ("name,email,plan\nNina Castellano,nina@example.com,pro\nOtto Brandt,otto@example.com,basic",
     ["Nina Castellano", "Otto Brandt"], ["name,email,plan"]),
    ("customer,product,price\nFreya Lindholm,Desk Lamp,49", ["Freya Lindholm"], ["Desk Lamp,49"]),
    # The items of a list of tasks are no things (the full suite's test_upper38 failure: `Action items:`).
    ("To-do items: Okafor to call the bank; Lindqvist to send the deck.", ["Okafor", "Lindqvist"], ["To-do items:"]),
    ("Open items: Kowalczyk to fix the build.", ["Kowalczyk"], ["Open items:"]),
    ('The ticket title is "Call back Rosa Whitfield about the refund".', ["Rosa Whitfield"], ["Call back"]),
    ("Clementine Okafor called about the Paloma order.", ["Clementine Okafor"], ["called about"]),
    ("priya, dana and kenji joined the call late.", ["dana"], ["joined the call"]),  # (as before: `dana` alone)
    ("thanks, priya and kenji!", ["priya"], ["thanks"]),
    ("Assignee: mwhitaker", ["mwhitaker"], ["Assignee"]),
    ("Name: Luna\nOrder: 1234\nPrice: 29.99", ["Luna"], ["Price: 29.99"]),  # (a `Name:` line: a buyer's, maybe)
    ('[{"name": "Dana", "item": "Pizza", "price": 12}, {"name": "Kenji Sato", "item": "Salad", "price": 9}]',
     ["Dana", "Kenji", "Sato"], ['"item": "Pizza"']),
    ("Dr. Marina Blue will see you at 10.", ["Marina Blue"], ["will see you"]),
    ("ssh to 10.20.30.41 and restart nginx.", ["10.20.30.41"], ["restart nginx"]),
    ("The server address is 172.16.4.21.", ["172.16.4.21"], ["The server address"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::4])
@pytest.mark.parametrize("size", [0, 3])
async def test_look_alikes_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_in_the_same_frames_redacted(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
