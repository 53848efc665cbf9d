"""dist29 (atk28 F01/F02): a bare SSN or phone number a few words after its cue, with a person's name between cue and
value, or the next value of a pair or a labelled list, is redacted in a request's text; look-alikes (another number's
noun between, another clause) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.keyed import labelled_values
from proxy.guard.phases import screen_request
from proxy.nlp.dist29 import distant_values
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
BOTH = frozenset({"PHONE_NUMBER", "US_SSN"})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


# (text, the values that must not go up): the report's shapes, then held-out phrasings and values.
LEAKS = [
    ("Here is the social security number of the new hire starting Monday: 536904399", ["536904399"]),
    ("The primary applicant's social security number, as listed on the W-2 form attached, is 536904399.",
     ["536904399"]),
    ("SSN (last 4 redacted): 536-90-XXXX, full on file 536904399", ["536904399"]),
    ("The SSN for Dana Kerr is 536904399 and for Chidi Okafor it is 536904398.", ["536904399", "536904398"]),
    ("SSNs: Dana Kerr 536904399, Chidi Okafor 536904398", ["536904399", "536904398"]),
    ("Here is the phone number of our new hire Jane Roe who starts Monday: 6175550143", ["6175550143"]),
    ("Phone number for Emily Chen, our new customer: 6175550143", ["6175550143"]),
    ("Attached below is the social security number for our contractor who joined last week: 412785963",
     ["412785963"]),
    ("For payroll, the social security number that Maria Gonzalez gave us was 301227845.", ["301227845"]),
    ("The SSNs of the two co-signers are 412785963 and 287441096.", ["412785963", "287441096"]),
    ("The SSN of Tom Becker is 412785963, while Aisha Rahman's is 287441096.", ["412785963", "287441096"]),
    ("Social security numbers: Priya Nair 301227845, Lucas Moreau 412785963, Ben Ott 287441096",
     ["301227845", "412785963", "287441096"]),
    ("Her mobile number, which she updated yesterday, is 3125550176.", ["3125550176"]),
    ("The phone number of the plumber we hired for the kitchen remodel: 4155550199", ["4155550199"]),
    ("Cell number for Rafael Ortiz, who is our new landlord: 2065550112", ["2065550112"]),
    ("The phone numbers for Greta Lind and Oskar Berg are 3125550176 and 4155550199.", ["3125550176", "4155550199"]),
    ("Contact number of the patient's daughter, Mei Tanaka: 2065550112", ["2065550112"]),
    ("Phone numbers: Ana Silva 3125550176, Jonas Weber 4155550199", ["3125550176", "4155550199"]),
    ("The telephone number listed for the tenant, Kofi Mensah, is 2065550112.", ["2065550112"]),
]
KEPT = [
    "The SSN field was added in 2019 and ticket 536904399 tracks it.",
    "Phone number formats changed; see build 6175550143.",
    "The phone number is unchanged and the order number is 6175550143.",
    "The SSN validation module was rewritten in 2021 and issue 412785963 tracks the regressions.",
    "Phone number parsing is slow; see run 3125550176 for the profile.",
    "We masked the social security number column, and the order number is 287441096.",
    "The phone number field is optional and the account id is 4155550199.",
    "SSN checks passed. The next build is 301227845.",
    "Phone support closed early. Job 3125550176 finished.",
    "The SSN column has 412785963 rows in the warehouse.",
    "Our phone bill went up and the invoice total is 4155550199 cents.",
    "The social security program began in 1935; population was 127250232 then.",
    "Mobile number formats vary by country, e.g. the request id was 2065550112.",
    "The SSN regex matched 287441096 times in the logs.",
    "Phone numbers are stored hashed; the table has 3125550176 rows.",
]

# The look-alikes the code before dist29 sent as written (the others' numbers are read by Presidio's own context step).
KEPT_WHOLE = [KEPT[2], KEPT[3], KEPT[6], KEPT[12]]


@pytest.mark.parametrize(("text", "secrets"), LEAKS)
async def test_distant_values_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    after = await _sent(guard, text)
    assert all(s not in after for s in secrets), after


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_are_not_read(text: str) -> None:
    assert distant_values(text, BOTH) == []


@pytest.mark.parametrize("text", KEPT_WHOLE)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_spans_types_and_wanted() -> None:
    text = "The SSN for Dana Kerr is 536904399 and for Chidi Okafor it is 536904398. Phone for Jo Li: 6175550143"
    got = distant_values(text, BOTH)
    assert [(text[a:b], kind) for a, b, kind in got] == [
        ("536904399", "US_SSN"), ("536904398", "US_SSN"), ("6175550143", "PHONE_NUMBER")]
    assert distant_values(text, frozenset({"US_SSN"})) == got[:2]
    assert distant_values("The SSN for Dana is 5369", BOTH) == []


def test_labelled_values_reads_them_after_the_context_word() -> None:
    text = "SSNs: Dana Kerr 536904399, Chidi Okafor 536904398"
    got = [(k.start, k.end, k.entity, k.text) for k in labelled_values([text])]
    at = text.index("536904398")
    assert (at, at + 9, "US_SSN", "ssn: 536904398") in got
