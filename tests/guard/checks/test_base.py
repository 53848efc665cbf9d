"""proxy.guard.checks.base: findings, a check's answer and context, and the Check / ToxicityScorer protocols."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest

from proxy.config.policy import InputRules
from proxy.guard.checks.base import Check, CheckContext, CheckError, Finding, Inspection, ToxicityScorer
from proxy.guard.checks.patterns import PatternCheck
from proxy.guard.checks.pii import PiiCheck
from proxy.nlp.toxicity import KeywordScorer
from tests.support.pii import WordScorer


def test_a_finding_defaults_to_the_whole_text_and_is_immutable() -> None:
    score = Finding("toxicity", "threat", "block")
    assert (score.start, score.end, score.score, score.groups) == (0, 0, 1.0, ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        score.action = "allow"  # type: ignore[misc]
    assert Finding("pii", "US_SSN", "redact", 3, 14) == Finding("pii", "US_SSN", "redact", 3, 14)


def test_a_finding_holds_no_text() -> None:
    assert [f.name for f in dataclasses.fields(Finding)] == ["check", "kind", "action", "start", "end", "score",
                                                             "groups", "merged", "value"]
    # `value`: which value read over several texts a piece is of (a number, for the record's count; no text)
    assert [f.type for f in dataclasses.fields(Finding) if f.name == "value"] == ["int"]


def test_inspection_and_context_defaults() -> None:
    inspection = Inspection([[], [Finding("patterns", "code", "flag", 0, 2)]])
    assert inspection.scores == {} and len(inspection.findings) == 2
    assert Inspection([]).scores is not Inspection([]).scores  # not shared between answers
    rules = InputRules()
    ctx = CheckContext("input", rules)
    assert ctx.phase == "input" and ctx.rules is rules and ctx.vault is None and ctx.roles is None


def test_the_checks_are_checks() -> None:
    assert isinstance(PatternCheck(), Check) and PatternCheck.name == "patterns"
    assert isinstance(PiiCheck(None), Check) and PiiCheck.name == "pii"
    assert not isinstance(object(), Check)


class NoLabels:
    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        return [{} for _ in texts]


def test_toxicity_scorers_have_labels_and_score() -> None:
    assert isinstance(KeywordScorer(), ToxicityScorer)
    assert isinstance(WordScorer(), ToxicityScorer)
    assert not isinstance(NoLabels(), ToxicityScorer)


def test_check_error_is_an_exception_with_its_reason() -> None:
    with pytest.raises(CheckError, match="^PII analyzer not loaded$"):
        raise CheckError("PII analyzer not loaded")
