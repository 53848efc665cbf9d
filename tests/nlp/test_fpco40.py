"""fpco40 (atk40 FP01-FP05, issue 12's false positives): firms and brands named after people, eponyms before a
scientific or clinical head, places and events named after people, clock-time runs in schedules, a unit after a
number and ordinary words in their fixed phrases go as sent; real people in the same frames (`Ted Baker said`, `Tim
Horton founded`, `Joy Smith called`, `Dr. Bosch`, a phone after `call`) stay redacted."""

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
    # firms and brands named after people (FP01)
    "Baker McKenzie advised on the cross-border merger.",
    "Clifford Chance and Allen & Overy are Magic Circle law firms.",
    "Booz Allen Hamilton won a government cloud contract.",
    "McKinsey and Boston Consulting Group both publish industry reports.",
    "Siemens and Bosch compete in smart home appliances.",
    "John Deere tractors now include autonomous features.",
    "Tim Hortons is expanding in China.",
    "Paul Smith opened a new store in Tokyo.",
    "Ted Baker entered administration in the UK.",
    "Slaughter and May and Hogan Lovells advised the lenders.",
    # eponyms (FP02)
    "What does Kepler's third law state?",
    "What is Avogadro's number?",
    "What is Pavlov's conditioning experiment?",
    "Explain Darwin's theory of natural selection.",
    "Explain Conway's Game of Life rules.",
    "Explain Newton's three laws of motion with everyday examples.",
    "When is a Whipple procedure performed?",
    "What does Ohm's law say?",
    # places and events named after people (FP03)
    "Can you hike Ben Nevis in winter?",
    "Describe the history of the Brooklyn Bridge.",
    "Plan a trip to Ho Chi Minh City for five days.",
    "Tell me about Lincoln Park in Chicago.",
    "How long is the Drake Passage crossing to Antarctica?",
    "What is Vasco da Gama Bridge in Lisbon?",
    "Describe the Boston Tea Party.",
    # schedules and units (FP04)
    "Itinerary: BA 117 12MAR JFKLHR 1830 0630 13MAR, then BA 432 LHRAMS 0905 1120.",
    "Room bookings: 101 0900 1000, 102 1000 1130, 103 1300 1430.",
    "Bin sizes 1830 2440 3050 mm for the storage racks.",
    # ordinary words in their fixed phrases (FP05)
    "Joy of Cooking is a classic cookbook.",
    "Holly and ivy decorations are on sale.",
    "Crystal clear audio is the selling point of the headset.",
    "Victor Mono is a nice monospace font for coding.",
    "Pearl jam is a band and pearl millet is a grain.",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Ted Baker said he would pay on Friday.", ["Baker"], ["said he would pay"]),
    ("Tim Horton founded the chain in 1964.", ["Horton"], ["founded the chain"]),
    ("Joy Smith called about the refund.", ["Joy Smith"], ["called about"]),
    ("Dr. Bosch reviewed the chart.", ["Bosch"], ["reviewed the chart"]),
    ("Ask Baker McKenzie to call me.", ["Baker McKenzie"], ["to call me"]),
    ("Paul Smith called about his invoice.", ["Smith"], ["called about"]),
    ("Meet Grace Park at the office on Monday.", ["Grace Park"], ["at the office"]),
    ("Email Lincoln Chen about the bridge design.", ["Lincoln Chen"], ["bridge design"]),
    ("Holly Jenkins approved the ivy order.", ["Holly Jenkins"], ["the ivy order"]),
    ("Pearl Okafor is our new accountant.", ["Pearl Okafor"], ["new accountant"]),
    ("Crystal Nguyen emailed the audio report.", ["Crystal Nguyen"], ["audio report"]),
    ("Call 020 1234 1130 to book a room.", ["1234 1130"], ["to book a room"]),
    ("Mary's test results came back normal.", ["Mary"], ["test results"]),
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
