"""init38 (atk38 F07): an initial or two and a surname after a form of address (`Dr. K. X`, `Mrs. D. X`), `by`, a
greeting or sign-off, a person's label on the line or a JSON key (`Adjuster: P. X`, `"adjuster": "P. X"`), and
the next name of such a list. Names and phrasings are held out (not the report's); the look-alikes (journal
abbreviations, dotted country initials, outline letters, species, figures, brands) go as sent."""

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


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ("Patient was seen by Dr. H. Tanimura on Tuesday.", ["Tanimura", "H. T"], ["Patient was seen by Dr.",
                                                                               "on Tuesday."]),
    ("Claim 88123. Adjuster: P. Achterberg, phone on file.", ["Achterberg"], ["Claim 88123.", "Adjuster:"]),
    ('{"claim_id": 88123, "adjuster": "P. Achterberg", "status": "open"}', ["Achterberg"],
     ['"status": "open"', '"adjuster": "']),
    ("Reviewed by S. K. Ramaswamy on 14/05.", ["Ramaswamy", "S. K."], ["Reviewed by", "on 14/05."]),
    ("Attn: Mrs. D. Okafor, Accounts Payable", ["Okafor"], ["Attn: Mrs.", "Accounts Payable"]),
    ("Approved by M.J. Lindqvist and R. Haddadi yesterday.", ["Lindqvist", "Haddadi"],
     ["Approved by", "yesterday."]),
    ("Dear Prof. A. Szymanski,\nThank you for the review.", ["Szymanski"], ["Thank you for the review."]),
    ("Thanks again.\nSigned, T. Oduya", ["Oduya"], ["Thanks again."]),
    ("Reviewed by J. Oyedele. Dr. Haddadi agreed.", ["Oyedele", "Haddadi"], ["Reviewed by", "agreed."]),
    ("inspector: B. Castellanos\nsite: Plant 4", ["Castellanos"], ["site: Plant 4"]),
    ("Dear Dr. N. Okwuosa,\nYour results are ready.", ["Okwuosa"], ["Dear Dr.", "Your results are ready."]),
    ("Sincerely, V. Xenakis", ["Xenakis"], ["Sincerely,"]),
    ("Claimant: B. Adeyinka\nPolicy: HX-2291", ["Adeyinka"], ["Claimant:", "Policy: HX-2291"]),
    ("Inspector: Mr. O. Balogun-Smith", ["Balogun"], ["Inspector: Mr."]),
    ("Referring physician: Dr. W. Achebe-Nwosu", ["Achebe", "Nwosu"], ["Referring physician: Dr."]),
]

PLAIN = [
    "J. Biol. Chem. 2021;296:100123.",
    "Smith et al., J. Am. Chem. Soc. 2019, 141, 1234.",
    "U.S. Steel and U.K. Power Networks were cited by analysts.",
    "A. Overview\nB. Installation\nC. Configuration",
    "The sample was contaminated by E. coli and S. aureus.",
    "Infection caused by E. Coli was confirmed by culture.",
    "See Fig. 3. Results are summarised in Table 2.",
    "No. 5 on the list was removed.",
    "We flew to St. Louis on Monday.",
    "Vol. 2. Proceedings of the Workshop.",
    "Option B. Kubernetes is preferred for scaling.",
    "Step 2. Install the package with pip.",
    "Designed by J.Crew for the spring line.",
    "Grouped by B. Overview, then by C. Installation.",
    "Owned by U.S. Steel since 1901.",
    "Proc. Natl. Acad. Sci. U.S.A. 115 (2018).",
    "Hi, A. Introduction follows below.",
    "Sorted by A. Kubernetes release, then by B. Terraform module.",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::2])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
