"""fp40 (issue 12's false positives): products' model words, newspapers, towns before their state, cities in storm and
place frames, fictional characters and works (in a search query too), and `Storm X` in a sentence about weather go as
sent; real people in the same frames (`Harvey Specter said`, `Houston Smith called`, `Storm Reid starred`, `Ask Max`)
stay redacted."""

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
    # products and their model words
    "Compare the Widget Pro with the Widget Max for a small office.",
    "Which is faster for video editing, the Mac Studio or the Mac Mini?",
    "Our SKU list includes Lamp Mini, Lamp Max and Lamp Plus.",
    "We stock the Cooler Max, the Cooler Mini and the Cooler Pro.",
    "Rank the Dell XPS 13 Plus against the HP Spectre x360.",
    "Create a comparison table: Basic, Standard Plus, Enterprise Max.",
    "Add a FAQ entry for the Router Max firmware update.",
    "Which is better for beginners: Canon EOS R50 or Sony Alpha a6400?",
    "Which vacuum is quieter, Shark Navigator or Bissell CleanView?",
    "Configure Postgres 16 with pgBouncer and Patroni.",
    # newspapers, towns and states, cities in storm and place frames, airports
    "Hurricane Harvey flooded Houston in 2017.",
    "Hurricane Harvey dumped rain on Houston and Beaumont.",
    "The Washington Post reported on the new budget.",
    "The Austin Chronicle reviewed the festival.",
    "The San Francisco Chronicle reported the fire.",
    "Jackson, Mississippi had a water crisis.",
    "Lincoln, Nebraska hosts the state fair.",
    "Victoria, British Columbia is mild in winter.",
    "Floods closed roads around Austin and San Antonio.",
    "Amazon opened a warehouse near Charlotte.",
    "Snow closed Dulles and Reagan National airports.",
    "Storm Eunice hit southern England in February 2022.",
    # fictional characters and works
    "q=Harry+Potter+books",
    "search?q=Percy+Jackson+series+order",
    "Review: Percy Jackson and the Lightning Thief is fun for kids.",
    "Write a book report on To Kill a Mockingbird; Atticus Finch is the hero.",
    "Hermione Granger is smarter than Ron Weasley.",
    "Describe the relationship between Harry Potter and Severus Snape.",
    "Ebenezer Scrooge learns to be kind in A Christmas Carol.",
    "Sherlock Holmes solved it before breakfast.",
    "Review: The Martian with Mark Watney is funny.",
    "Compare Hannibal Lecter with Norman Bates.",
    "Summarize Anne of Green Gables.",
    "Ender Wiggin is a child genius in Ender's Game.",
    "Jon Snow is my favourite character in the series.",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Harvey Specter said the deal is off.", ["Harvey", "Specter"], ["said the deal"]),
    ("Houston Smith called about the invoice.", ["Houston", "Smith"], ["called about"]),
    ("Storm Reid starred in the new film.", ["Storm Reid"], ["starred in"]),
    ("Eunice Kamau called about the Storm Eunice damage claim.", ["Kamau"], ["damage claim"]),
    ("Ask Max to check the Widget Max order.", ["Ask Max"], ["Widget Max order"]),
    ("Remind Max about the Lamp Mini launch.", ["Remind Max"], ["Lamp Mini launch"]),
    ("Our CEO Max Plus approved it.", ["Max Plus"], ["approved it"]),
    ("Jordan Ellis reviewed the Widget Pro launch plan.", ["Jordan", "Ellis"], ["the Widget Pro launch plan"]),
    ("Tell Paige Turner the Galaxy S24 Ultra order shipped.", ["Paige", "Turner"], ["Galaxy S24 Ultra order"]),
    ("Send it to Jackson Miller, Mississippi office.", ["Jackson Miller"], ["Mississippi office"]),
    ("Meet Victoria Osei near Charlotte station.", ["Osei"], ["near Charlotte"]),
    ("Dear Harry Potter, your parcel is ready.", ["Potter"], ["your parcel"]),
    ("The Washington Post interviewed Dana Whitfield.", ["Whitfield"], ["The Washington Post"]),
    ("Credit to Tanaka, Yuki, MD and to Okafor, Virginia, RN.", ["Tanaka", "Yuki", "Okafor"], ["Credit to"]),
    ("Walter White approved the budget; Jon Snow signed it.", ["Walter White", "Jon Snow"], ["approved the budget"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::5])
@pytest.mark.parametrize("size", [0, 3])
async def test_look_alikes_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_in_the_same_frames_redacted(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
