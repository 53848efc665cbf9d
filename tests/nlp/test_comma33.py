"""comma33 (atk31 F7, F21): a directory-style `Surname, Given` in a person's context (`escalated by Nakamura, Kenji
(E0042)`, `Employee:`, `Pt:`, CAD `RP:`, a census row after `Rm 412`) is redacted whole, on input and in answers
(whole and streamed), the date after it left intact; a device named after its owner (`Kenji Watanuki's iPhone`,
`iPad de Kenji`) is redacted; an imperative opening the line after a name (`Summarize the census.`) goes as sent.
Names, ids and phrasings here are held out (other than the report's); the look-alikes (places, teams, firms, brands)
go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=P_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


NAMED = [  # (text, the name's parts that must not go up, what must stay as written)
    ("The outage ticket was reassigned to Mbeki, Jaroslav (U7731) this morning.", ["Mbeki", "Jaroslav"],
     ["(U7731) this morning."]),
    ("Change approved by Mbeki, Astrid on 2026-03-04.", ["Mbeki", "Astrid"], ["on 2026-03-04."]),
    ("The on-call engineer was Adeyemi, Tomasz.", ["Adeyemi", "Tomasz"], ["The on-call engineer was"]),
    ("Employee: Castellano, Amara (E5521) reports to Yoshida, Aiko (E0311)", ["Castellano", "Amara", "Yoshida",
                                                                             "Aiko"], ["(E5521)", "(E0311)"]),
    ("Pt: Mukherjee, Tomasz  DOB 11/03/1974", ["Mukherjee", "Tomasz"], ["DOB 11/03/1974"]),
    ("Bed 7B\tOduya, Jaroslav\tAdm 03/02\nPlease list the admissions.", ["Oduya", "Jaroslav"],
     ["03/02", "Please list the admissions."]),
    ("Rm 218  Adeyemi, Bogdan   MRN 884210  Attending: Dr. Iwasaki\nSummarize the census.", ["Adeyemi", "Bogdan"],
     ["MRN 884210", "Summarize the census."]),
    ("EVENT 27-1183  22:41  RP: Mukherjee, Amara  LOC: 48 OAK AVE\nSummarize the call.", ["Mukherjee", "Amara"],
     ["Summarize the call."]),
    ('{"deviceName":"Chidi Mbeki\'s iPad","systemVersion":"17.1"}\nWhy did it crash?', ["Chidi", "Mbeki"],
     ["iPad", "Why did it crash?"]),
    ("Synced from Matteo's MacBook Air last night.", ["Matteo"], ["MacBook Air last night."]),
    ('{"device_name": "Amara Mukherjee\'s Pixel 8", "sdk": 34}', ["Amara", "Mukherjee"], ["Pixel 8"]),
    ("Backup of iPhone de Jaroslav Oduya failed.", ["Jaroslav", "Oduya"], ["Backup of iPhone de", "failed."]),
    ("Caller: Takahashi, Oksana  requests a callback", ["Takahashi", "Oksana"], ["requests a callback"]),
]
PLAIN = [  # PII-free look-alikes: places, teams, firms, brands, imperatives
    "The service is owned by Payments, North America.",
    "Escalation: Payments, North America",
    "We moved the office to Austin, Texas last year.",
    "The conference was in Paris, France.",
    "Teams: Billing, Grace Period, Refunds, Disputes",
    "Owner: Billing, Grace Period, Refunds",
    "The plant was built in Lincoln, Nebraska.",
    "The hub was Jordan, Amman for the region.",
    "Routed by Region, North East to the night queue.",
    "The ticket was sent to Support, Tier Two.",
    "Room 12  Storage, Spare Parts",
    "The on-call rotation was Platform, Will Review.",
    "Set by Admin, Default Policy (P0042).",
    "Approved by Legal, Jordan Office.",
    "It was Paris, Texas, not Paris, France.",
    "Sent to Dublin, Ireland (D02) by courier.",
    "Apple's iPhone 15 launched in September.",
    "Google's Pixel 8 has a Tensor chip.",
    "Samsung's Galaxy S24 sold well.",
    "The bond was underwritten by Smith, Barney & Co. in 1987.",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 3, 7])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
