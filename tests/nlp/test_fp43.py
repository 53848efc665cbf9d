"""fp43 (the fresh FP hunt's leftovers): ledger and cost centres' codes (`GL account 6100-200-3400`), a weekday's
abbreviation before an imperative (`until Wed. Ping me`), medical eponyms in the possessive (`Raynaud's`, `Lou
Gehrig's disease`), named things (`Magna Carta`, `Ruy Lopez`, `Earl Grey Tea`), hyphenated regions
(`Berlin-Brandenburg`), a Nordic sentence's pronouns (`Jeg bor i Bergen`) and a counter's word before a row of
numbers (`Counts 652 71 3390`) go as sent; real people, phone numbers and SSNs that look close stay redacted."""

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
    # ledger and cost centres' codes
    "GL 6100-200-3400",
    "Please post it to GL 6100-200-3400 and cost centre 4410-100-2200.",
    "Kostenstelle 4410-100-2200 übernimmt die Reisekosten.",
    "Cuenta contable 7020-110-3300 para licencias.",
    # a weekday's abbreviation
    "PTO until Wed. Ping me when it's merged.",
    # medical eponyms in the possessive
    "Raynaud's makes my fingers go white in the cold.",
    "Does Raynaud's get worse with age?",
    "My aunt has Lou Gehrig's disease.",
    "Hashimoto's is an autoimmune thyroid disease.",
    "What's the difference between Crohn's and Hashimoto's?",
    # named things
    "Magna Carta was sealed at Runnymede in 1215.",
    "The Ruy Lopez is one of the oldest chess openings.",
    "Should I play the Ruy Lopez as White?",
    "Earl Grey Tea is my favourite.",
    "I love Earl Grey.",
    # hyphenated regions
    "Berlin-Brandenburg has a new airport.",
    "The airport Berlin-Brandenburg opened in 2020.",
    # a Nordic sentence
    "Jeg bor i Bergen.",
    "Min bror bor i Bergen og jobber i Oslo.",
    "Familien min bor i Bergen.",
    # a counter's word before a row of numbers
    "Counts 652 71 3390",
    "Counts 652 71 3390 across the three regions.",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Dr. Ping Wu will review the scan.", ["Ping Wu"], ["will review the scan"]),
    ("Call Wed. at 617-555-0143 to confirm.", ["617-555-0143"], ["to confirm"]),
    ("SSN 652-71-3390 is on the form.", ["652-71-3390"], ["is on the form"]),
    ("Ms. Grey signed the lease.", ["Grey"], ["signed the lease"]),
    ("Dr. Hashimoto's office called about the results.", ["Hashimoto"], ["office called"]),
    ("Ask Mr. Crohn about the invoice.", ["Crohn"], ["about the invoice"]),
    ("Lady Grey Okonkwo emailed the minutes.", ["Okonkwo"], ["emailed the minutes"]),
    ("Roster: Lou Gehrig, first base; Joe Dimaggio, center field.", ["Lou Gehrig", "Joe Dimaggio"], ["first base"]),
    ("Ingrid Solberg bor i Bergen og jobber i Oslo.", ["Ingrid Solberg"], ["i Oslo"]),
    ("Wed. Priya Raman will present the budget.", ["Priya Raman"], ["will present the budget"]),
    ("My phone is 6100-200-3400, cost centre 4410.", ["6100-200-3400"], ["cost centre"]),
    ("GL owner: call 617-555-0143 for account 4410.", ["617-555-0143"], ["for account"]),
    ("SSN: 652 71 3390", ["652 71 3390"], ["SSN"]),
    ("Anna Schmidt wohnt in Berlin-Brandenburg.", ["Anna Schmidt"], ["wohnt in"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_codes_eponyms_things_regions_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", [PLAIN[0], PLAIN[1], PLAIN[2], PLAIN[3], PLAIN[-2], PLAIN[-1]])
@pytest.mark.parametrize("size", [0, 3])
async def test_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_and_numbers_that_look_close_redacted(guard: Guard, text: str, values: list[str],
                                                           kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


async def test_phone_in_an_answer_beside_a_ledger_word_stays_redacted(guard: Guard) -> None:
    text = "Reach the GL team on 617-555-0143 or at extension 4410."
    out = await streamed_out(guard, policy(output=P_OUT), text, 5)
    assert "617-555-0143" not in out
