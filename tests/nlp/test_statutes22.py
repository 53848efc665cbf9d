"""Laws, doctrines, legal tests and plans named after people, and Linux distributions, go up as sent (contact22:
atk22b L2; `proxy.nlp.statutes`); the same words with a person's cue stay names."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found, person_in

STATUTES = [
    "The company must comply with the Sarbanes-Oxley Act for its internal controls.",
    "Dodd-Frank Act reporting applies to swap dealers.",
    "The Glass-Steagall Act separated commercial and investment banking.",
    "Union elections fall under the Taft-Hartley Act.",
    "Police read him his Miranda rights before questioning.",
    "The prosecution failed to disclose Brady material to the defense.",
    "Federal construction contracts must pay prevailing wages under the Davis-Bacon Act.",
    "Federal employees are restricted by the Hatch Act during campaigns.",
    "Cabotage rules come from the Jones Act.",
    "The judge applied the Daubert standard to the expert testimony.",
    "The officer conducted a Terry stop based on reasonable suspicion.",
    "The jury received an Allen charge after three days of deadlock.",
    "The Marshall Plan rebuilt Western Europe after the war.",
    "We install Rocky Linux 9 on the build servers.",
    "Run the scan from Kali Linux.",
]
PEOPLE = [
    ("Ask Tom Hatch to act on it.", "Tom Hatch"),
    ("Mr. Allen charged the battery.", "Allen"),
    ("Please let Terry stop the deployment tonight.", "Terry"),
    ("Allen's charge card was declined.", "Allen"),
    ("Bill Jones called about the contract.", "Jones"),
]


@pytest.mark.parametrize("text", STATUTES)
async def test_a_law_named_after_people_is_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert [v for e, v in await found(analyzer, text) if e == "PERSON"] == []


@pytest.mark.parametrize(("text", "name"), PEOPLE)
async def test_the_same_words_with_a_persons_cue_stay_names(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)
