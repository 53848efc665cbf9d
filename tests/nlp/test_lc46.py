"""lc46: a one-word PERSON span typed in lower case that is no listed name (gen46's held-out FP hunt: `tsconfig has
paths set up`, `web and db (2 hosts)`, `getaddrinfo failed`, `rename all .jpeg files`, `name: amqp` in a k8s
manifest) goes as sent; lower-case people (listed names, lower37's cues, two words, a person's own-name cue) stay
redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(P_IN, [text])
    return verdict.texts[0] if verdict.texts[0] is not None else text


@pytest.mark.parametrize("text", [
    "The build breaks in CI but tsconfig has baseUrl and paths set, why does Vite not resolve the alias?",
    "Inventory with two groups: app (4 hosts) and db (2 hosts), plus group_vars for each.",
    "convert all .jpeg images in this folder to .png with ImageMagick",
    "getaddrinfo keeps failing with EAI_AGAIN in the pod although nslookup works from the node",
    "Service spec:\n  ports:\n    - port: 5672\n      name: amqp\n    - port: 15672\n      name: http",
    "Rough notes for the docs page\n\nname: deployctl\npurpose: rolls out services to our clusters",
])
async def test_lower_case_identifiers_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "name"), [
    ("priya said the invoice is late", "priya"),
    ("meeting with priya raghunathan at 3", "priya raghunathan"),
    ("email tanvir hossain the invoice", "tanvir hossain"),
    ("thanks rukmini, that fixed it", "rukmini"),
    ("pinged oyinkansola twice, no answer", "oyinkansola"),
    ("my name is bill. the invoice is attached.", "bill"),
    ("can you email john smith about the lease", "john smith"),
    ("patient: ngozi, follow-up in two weeks", "ngozi"),
])
async def test_lower_case_people_stay_redacted(guard: Guard, text: str, name: str) -> None:
    sent = await _sent(guard, text)
    assert name not in sent and "<PERSON_1>" in sent, sent
