"""fp37 (atk36 FP01, FP02): an ops or business number after its word (`Loan application 55-...`, `serial SN 4471-...`,
`License key ...`, `Container MSCU ...`) and a number to format or compute with (`... with thousands separators:
98765432101`, `Is ... prime?`) go as written, in a request and in an answer (streamed); a role's title (`Scrum
Master`, `Data Steward`, `Business Analyst`) and an event's name in title case (`the Spring Product Update webinar`,
`the Summer Partner Kickoff`) go as written. Phone numbers after a phone's word (near or in the next sentence) and
people of the same words (`April Spring said`, `Dear Mr. Master`, `Dana Review`, `Scrum Master Dana Kerr`) are still
redacted. Values here are held out: not the report's."""

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
    return Guard(analyzer, WordScorer(), stream_hold_chars=200)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


NUMBERS = [
    "Machine serial SN 6630-1942-0087 is due for calibration.",
    "Loan application 43-1187-6620 is missing a pay stub; list what else lenders ask for.",
    "The mortgage application 81-5524-3307 went to underwriting on Monday.",
    "Our warranty 2290-7731-4456 does not cover water damage, right?",
    "License key 7712-0048-3395 was activated on two laptops.",
    "Container TGHU 5527-3381-204 is still at the terminal.",
    "Permit 29-6641-0875 for the scaffolding expires next week.",
    "Voucher 4408-1276-9953 was rejected at checkout.",
    "Format this number with thousands separators: 87654321098.",
    "Write the number 95511223344 in words.",
    "Is 93847561029 a prime number?",
    "Is the number 97531864209 divisible by 7?",
    "Convert the number 99123456780 to binary.",
    "Round this number to the nearest thousand: 93322114455.",
]


@pytest.mark.parametrize("text", NUMBERS)
async def test_ops_numbers_go_as_written(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _streamed(guard, text, 3) == text


TITLES = [
    "Draft an email subject line for the Spring Product Update webinar.",
    "What is the role of a Scrum Master during Sprint Review?",
    "Describe a Scrum Master's week.",
    "Write a job ad for a Data Steward.",
    "What should a Release Train Engineer prepare before PI Planning?",
    "A good Data Steward keeps the glossary current.",
    "Book a venue for the Spring Leadership Offsite.",
    "Order gloves for the Spring Cleaning Day at the warehouse.",
    "Send the slides of the Autumn Partner Kickoff to the team.",
    "The Product Owner and Scrum Master split the work.",
]


@pytest.mark.parametrize("text", TITLES)
async def test_roles_and_events_go_as_written(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


PEOPLE = [  # (text, the name that must not go)
    ("May Spring said the lease is signed.", "Spring"),
    ("Dear Ms. Master, your parcel has shipped.", "Master"),
    ("Release lead Nora Review merged the branch.", "Nora Review"),
    ("Our Scrum Master Maria Lopez runs the Sprint Review.", "Lopez"),
    ("Invite Spring Okonkwo to the Product Update.", "Okonkwo"),
    ("Send the Winter Town Hall recap to Ingrid Solberg.", "Solberg"),
    ("Prof. Summer will open the Product Launch.", "Summer"),
    ("Meet our new Data Steward, Anika Bergstrom.", "Bergstrom"),
    ("Jordan Master signed the release notes.", "Jordan Master"),
    ("Summer Hall wrote the Product Update recap.", "Summer Hall"),
    ("Autumn Day will host the Town Hall.", "Autumn Day"),
]


@pytest.mark.parametrize(("text", "name"), PEOPLE)
async def test_people_stay_redacted(guard: Guard, text: str, name: str) -> None:
    assert name not in await _sent(guard, text)


PHONES = [  # (text, the number that must not go)
    ("tel 3381-442-7710 for the loan", "3381-442-7710"),
    ("Loan desk line: 303-555-0172.", "303-555-0172"),
    ("Text me at 55-3310-4478 once the application is approved.", "55-3310-4478"),
    ("Format my phone number: 7135550164.", "7135550164"),
    ("Add thousands separators to 4045550117, then call Ingrid there.", "4045550117"),
    ("That is my cell, by the way. Is 2065550123 prime?", "2065550123"),
    ("Serial TEL 5520-7731-0048 rings the desk.", "5520-7731-0048"),
]


@pytest.mark.parametrize(("text", "value"), PHONES)
async def test_phones_stay_redacted(guard: Guard, text: str, value: str) -> None:
    assert value not in await _sent(guard, text)
    assert value not in await _streamed(guard, text, 3)
