"""tech42 (fpatk42 FP03): software nouns, type and trait names, code tokens and doc headings are no person: a code
identifier (`a.B.C` member chains, derive lists, generic parameters, a name after `class`/`new`), a capitalised
English or compound software word (`Failover`, `Rebalance`, `Descheduler`, `Webhooks`) at a sentence's start, in a
heading, a list of such words or a sentence about software, a lower-case span of English words (`config keys`).
Values and phrasings are not the report's; real people beside the same words stay redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


PLAIN = [  # PII-free: each went out altered before this change
    # code identifiers
    "#[derive(Debug, Copy, Clone, PartialEq, Eq, Hash)]\nenum Shape { Circle, Square }",
    "Why does #[derive(Eq, Hash)] fail on a struct with an f32 field?",
    "var byMonth = sales.GroupBy(s => new { s.Month }).Select(g => new { g.Key.Month, Total = g.Sum(s => s.Net) });",
    "Sections of the handbook: Failover, Restore, Reindex, Drain.",
    "Given the enum Fruit { Apple, Green, Cherry } how do I list its members?",
    # capitalised English or compound software words
    "Failback took four minutes after the network partition healed.",
    "Rebalance, Failover and Rollback are the three alerts we page on.",
    "Descheduler evicts pods that violate the spread constraints.",
    "Our workers are Router, Dispatcher and Handler.",
    "Consider Helper, Handler or Manager as the suffix for the class names.",
    "Please rename Handler to UploadHandler in the whole package.",
    "Why is Hash not implemented for f32 in Rust?",
    "Explain Eq, Ord and Hash in Rust with one example each.",
    "## Pagination\n## Webhooks\n## Errors",
    "# Webhooks\nWe send a POST for every event.",
    "Onboarding outline: Accounts, Laptop, Repos, First deploy.",
    "Repos are archived after a year without commits.",
    "Autoscalers and Descheduler both change where pods run.",
    # lower-case English words
    "Which config keys were renamed in 4.0?",
]
NAMED = [  # (text, what must not go out): the same words where they are people
    ("Basil Amari wrote the failover runbook.", ["Basil", "Amari"]),
    ("Max Becker deployed the rebalance fix.", ["Max", "Becker"]),
    ("Ask Handler about the Rust traits.", ["Handler"]),
    ("Mr. Hash will review the config keys.", ["Hash"]),
    ('author = "Chidi Okonkwo"', ["Chidi", "Okonkwo"]),
    ("Walker fixed the HashMap bug yesterday.", ["Walker"]),
    ("Ask Walker, Baker and Hunter about the Kafka config.", ["Walker", "Baker", "Hunter"]),
    ("The PR was assigned to Fisher for the HashMap change.", ["Fisher"]),
    ("Spring Lee, Summer Diaz and Autumn Park joined the team.", ["Lee", "Diaz", "Autumn"]),
    ("Sawyer deployed the failover fix.", ["Sawyer"]),
    ("Git blame says Farah Haddad wrote the Hash impl.", ["Farah", "Haddad"]),
    ("Commit by Ingrid Solberg fixed the descheduler bug.", ["Ingrid", "Solberg"]),
    ("Fix this: last_name=carpenter first_name=ines", ["carpenter"]),
    ("surname=Ashdown", ["Ashdown"]),
    ("Reviewer: Ashdown", ["Ashdown"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_software_words_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "values"), NAMED)
async def test_people_stay_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
