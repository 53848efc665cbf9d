"""lower37 (atk35: lower-case given names in chat): a given name typed in lower case after a verb of contacting or a
preposition of company (`ask ... if`, `talked to`, `with`, `thanks`, `cc`) or before a person's verb (`said`,
`thinks`, `will`), listed or not, reaches the provider as a placeholder and the model's own such name reaches the
client redacted, whole and streamed; lower-case tools, products, teams, code lines and other languages go as sent.
Names are held out (not the reproducer's)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = policy(output={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


NAMED = [  # (text, the name that must not go, what must stay as written)
    ("kavitha said the build is green", "kavitha", "said the build is green"),
    ("can you ask babajide if the po went out", "babajide", "if the po went out"),
    ("i talked to niamh this morning about the renewal", "niamh", "this morning about the renewal"),
    ("thanks rukmini, that fixed it", "rukmini", "that fixed it"),
    ("cc adaeze on the follow up", "adaeze", "on the follow up"),
    ("lunch with fernanda and chidinma tomorrow", "chidinma", "tomorrow"),
    ("lunch with fernanda and oluchi tomorrow", "fernanda", "lunch with"),
    ("tell obinna to send the quote", "obinna", "to send the quote"),
    ("ok so ekaterina wants the blue version", "ekaterina", "wants the blue version"),
    ("pinged oyinkansola twice, no answer", "oyinkansola", "twice, no answer"),
    ("emailed gulnara the contract", "gulnara", "the contract"),
    ("from what tunde told me it's fine", "tunde", "told me it's fine"),
]

KEPT = [
    "ask kubectl to list the pods in the namespace",
    "pytest said 4 tests failed and mypy thinks the types are fine",
    "talked to the vendor yesterday, they want the refund",
    "with nginx and haproxy in front the latency is fine",
    "ok so docker will build it and podman has the same flags",
    "tell grafana to alert the oncall channel",
    "thanks for the review, that works",
    "emailed support about the outage",
    "la reunión con el equipo es mañana, gracias",
    "ping me when the deploy is done",
    "name = row['first']; ask(sam, 'if')\nfor user in users: send(user)",
    "```\nkaveh said = 1\n```",
    "let me know if prod is ok and staging will follow",
    "per rfc 9110 the header is optional",
]


@pytest.mark.parametrize(("text", "name", "kept"), NAMED)
async def test_lower_case_names_go_as_placeholders(guard: Guard, text: str, name: str, kept: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert name not in sent and "<PERSON_" in sent, sent
    assert kept in sent, sent


@pytest.mark.parametrize("text", KEPT)
async def test_lower_case_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


@pytest.mark.parametrize("size", [3, 11])
async def test_the_models_own_lower_case_name_is_redacted_streamed(guard: Guard, size: int) -> None:
    answer = "sure, ask ngozika if the invoice went out and tell me what ikechukwu said about it."
    out = await streamed_out(guard, P_OUT, answer, size)
    assert "ngozika" not in out and "ikechukwu" not in out, out
    assert out.endswith("about it."), out
