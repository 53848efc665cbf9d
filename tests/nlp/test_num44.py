"""num44 (fpatk43's number probes): measurements and counts read as a phone number (a unit after the groups or
between them, a rate after them, a unit in brackets, a list written with a comma and a blank, `wc`'s counts, rows
labelled `Row N:`), a four-part version compared with another read as an IP address, and a question word after
`<number> ms.` read as a name go as sent and come back as written, whole and streamed; an answer that echoes the
request agrees with it (`<PHONE_NUMBER_1> litres, 387 311 1967 litres`: the second reading is not redacted on the way
back). Phone numbers after their words and labels, in their printed groups without a unit, with the `555` exchange,
IPs after a host's word and people after a form of address or before a person's verb stay redacted."""

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
    # a unit after the groups, between them, in brackets; a rate after them
    "Tank readings at noon: 523 417 1866 litres. Which is lowest?",
    "The three casks hold 614 372 1840 gallons.",
    "Wingspans: 231 cm 247 cm 1190 cm.",
    "Doses tried: 125 mg 250 mg 1500 mg.",
    "Readings (ppb): 614 412 2087.",
    "Seeds sown: 130 155 1720 per row.",
    "The index holds 614 372 8810 rows per shard.",
    "Totals: 614 372 8810 (in thousands).",
    # a list in prose written with a comma and a blank; wc's counts; labelled rows
    "Prices 356, 729, 8140 yen. Sum?",
    "Fees were 418, 263, 7150 this quarter.",
    "wc output: 614 372 8810 notes.txt",
    "Row 1: 356 729 8140\nRow 2: 341 702 7995",
    "Sure: Row 1: 614 372 8810\nRow 2: 341 702 7995",
    "Steps per week: 61234 70456 69987. Average?",
    # a version compared with another
    "Version 3.12.100.4 vs 3.12.99.17: which is newer?",
    "Release 7.4.210.2 or 7.4.209.9: which is the latest?",
    # a question word after `<number> ms.`
    "The lookup took 1,450 ms. How do I speed it up?",
    "p50 is 12 ms. Mean is 31 ms. Why the spread?",
    "Timings: 512 ms, 498 ms, 2,040 ms. Which one is slow?",
    "Cold start is 730 ms. What can I cache?",
    "Counts per lane: 112 245 6780 units. Is lane three broken?",
]

VALUES = [  # (text, what must not go)
    ("Call me at 356 729 8140 tomorrow.", ["356 729 8140"]),
    ("Sizes: 614 372 8810", ["614 372 8810"]),
    ("Tank readings 523 417 1866 litres; call Omar at 415 823 6617.", ["415 823 6617"]),
    ("Phone 356, 729, 8140 after six.", ["356, 729, 8140"]),
    ("Weights: 212 kg. Text me at 356 729 8140 for delivery.", ["356 729 8140"]),
    ("Battery capacities: 415 555 2671 mAh", ["415 555 2671"]),
    ("SSN 478 22 6619 is on the form.", ["478 22 6619"]),
    ("Card 4532 0151 1283 0366 expires soon.", ["4532 0151 1283 0366"]),
    ("Server IP 10.12.40.3 vs 10.12.40.4 after the upgrade to version 2.", ["10.12.40.3", "10.12.40.4"]),
    ("Host 1.10.99.12 runs version 1.10.100.1 now.", ["1.10.99.12"]),
    ("The run took 840 ms. Kowalski said it was fine.", ["Kowalski"]),
    ("Ms. Rivera measured 840 ms on her laptop.", ["Rivera"]),
    ("The call took 90 ms. Why did Mr. Okafor hang up?", ["Okafor"]),
    ("How did Wei Chen solve it?", ["Wei Chen"]),
    ("Latency 420 ms. Priya Raman will look at it.", ["Priya Raman"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_numbers_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::3])
@pytest.mark.parametrize("size", [0, 3])
async def test_numbers_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


async def test_an_echo_agrees_with_the_request(guard: Guard) -> None:
    text = "Tank readings: 523 417 1866 litres, 387 311 1967 litres. Trend?"
    echo = "You said: " + text.replace("523 417 1866", "<PHONE_NUMBER_1>")
    assert await _sent(guard, text) == text
    assert await streamed_out(guard, policy(output=P_OUT), echo, len(echo)) == echo


@pytest.mark.parametrize(("text", "values"), VALUES)
async def test_values_beside_them_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
