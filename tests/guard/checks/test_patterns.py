"""proxy.guard.checks.patterns: each regex match is a finding named after its rule, with the rule's action."""

from __future__ import annotations

from typing import Any

from proxy.config.policy import InputRules, OutputRules
from proxy.guard.checks.base import CheckContext, Finding
from proxy.guard.checks.patterns import PatternCheck

RULES: list[dict[str, Any]] = [
    {"name": "ticket-id", "regex": r"\bTCK-\d+\b", "action": "redact"},
    {"name": "codename", "regex": r"(?i)\bproject falcon\b", "action": "block"},
    {"name": "maybe", "regex": r"x*", "action": "flag"},  # matches the empty string everywhere
]


def ctx(phase: str = "input", rules: list[dict[str, Any]] | None = None) -> CheckContext:
    doc = {"patterns": RULES if rules is None else rules}
    return CheckContext("input", InputRules.model_validate(doc)) if phase == "input" \
        else CheckContext("output", OutputRules.model_validate(doc))


def test_applies_only_with_patterns() -> None:
    check = PatternCheck()
    assert check.applies(InputRules()) is False
    assert check.applies(ctx().rules) is True


def test_every_match_of_every_rule_is_a_finding() -> None:
    found = PatternCheck.find("TCK-1 about Project Falcon and TCK-22", ctx())
    assert found == [
        Finding("patterns", "ticket-id", "redact", 0, 5),
        Finding("patterns", "ticket-id", "redact", 31, 37),
        Finding("patterns", "codename", "block", 12, 26),
    ]


def test_empty_matches_are_not_findings() -> None:
    assert PatternCheck.find("no x here", ctx(rules=[RULES[2]])) == [Finding("patterns", "maybe", "flag", 3, 4)]
    assert PatternCheck.find("none", ctx(rules=[RULES[2]])) == []


def test_on_output_placeholders_are_left_alone() -> None:
    rules = [{"name": "upper", "regex": r"[A-Z_]{4,}", "action": "redact"}]
    text = "<PERSON_1> said HELLO"
    assert PatternCheck.find(text, ctx("output", rules)) == [Finding("patterns", "upper", "redact", 16, 21)]
    # On input there are no placeholders yet: a client's text that looks like one is just text.
    assert PatternCheck.find(text, ctx("input", rules)) == [Finding("patterns", "upper", "redact", 1, 8),
                                                             Finding("patterns", "upper", "redact", 16, 21)]


async def test_inspect_answers_per_text() -> None:
    inspection = await PatternCheck().inspect(["TCK-9", "nothing", "project falcon"], ctx(rules=RULES[:2]))
    assert inspection.findings == [[Finding("patterns", "ticket-id", "redact", 0, 5)], [],
                                   [Finding("patterns", "codename", "block", 0, 14)]]
    assert inspection.scores == {}
