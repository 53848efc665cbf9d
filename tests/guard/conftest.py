"""What the guard tests share: one PII analyzer, a guard on the deterministic scorer, policies, seeded PII."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard, InputVerdict
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import WordScorer, shared_analyzer

SSN = "536-90-4399"
CARD = "4111 1111 1111 1111"
EMAIL = "jane.roe@example.com"
PHONE = "+1 212-555-0142"
SEEDED = [SSN, CARD, EMAIL, PHONE, "Jane Roe", "4111"]


@pytest.fixture(scope="session")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def policy(**doc: Any) -> Policy:
    doc.setdefault("name", "test")
    return Policy.model_validate(doc)


PII_IN = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                    "US_SSN"], "restore": True}}
PII_OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}
TOX = {"action": "block", "thresholds": {"toxicity": 0.8, "threat": 0.6}}


def no_values(*things: Any) -> None:
    """PII values never appear in records, reasons or exceptions."""
    blob = json.dumps([repr(t) if not isinstance(t, (dict, list, str)) else t for t in things], default=repr)
    for value in SEEDED:
        assert value not in blob, value


async def redacted(guard: Guard, p: Policy, text: str) -> InputVerdict:
    """The input verdict on one text (its vault holds the placeholders an answer may use)."""
    return await guard.input(p, [text], None)


TICKET_IN = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS"], "restore": True},
             "patterns": [{"name": "ticket", "regex": r"REF\{[^}]*\}", "action": "redact"}]}
TICKET = 'REF{O"Brien \\x\n12 Main St}'  # a quote, a backslash, a newline
