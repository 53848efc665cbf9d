"""proxy.guard.checks.patterns: each regex match is a finding named after its rule, with the rule's action."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.config.policy import InputRules, OutputRules
from proxy.guard.checks.base import CheckContext, Finding
from proxy.guard.checks.patterns import PatternCheck, _loosen, loose

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


SHIPPED = {"name": "codenames", "regex": "(?i)\\bproject (falcon|osprey)\\b", "action": "block"}


@pytest.mark.parametrize("text", [
    "about project falcon today", "about project  falcon today", "about project\u00a0falcon today",
    "about project\u200bfalcon today", "about project\u200b falcon today", "about project-falcon today",
    "about project_falcon today", "about project\tfalcon today", "about PROJECT Falcon today",
    "about Project FALCON today", "about \uff30\uff32\uff2f\uff2a\uff25\uff23\uff34 falcon today",
    "about pro\u00adject fal\u200bcon today", "about project\\nfalcon today", "about project\u2003-\u2003falcon today",
    "about projectfalcon today",
])
def test_a_pattern_is_matched_on_the_view_space_insensitive(text: str) -> None:
    (found,) = PatternCheck.find(text, ctx(rules=[SHIPPED]))
    assert (found.kind, found.action) == ("codenames", "block")
    assert (text[:found.start], text[found.end:]) == ("about ", " today")  # the original characters, all of them


@pytest.mark.parametrize("text", ["project falconry", "my project. Falcons fly", "project hawk falcon"])
def test_loosening_keeps_word_boundaries_and_words(text: str) -> None:
    assert PatternCheck.find(text, ctx(rules=[SHIPPED])) == []


def test_case_is_as_the_pattern_says() -> None:
    rule = {"name": "exact", "regex": r"\bProject Falcon\b", "action": "block"}
    assert PatternCheck.find("Project\u00a0Falcon", ctx(rules=[rule])) != []
    assert PatternCheck.find("project falcon", ctx(rules=[rule])) == []


@pytest.mark.parametrize(("regex", "loosened"), [
    (r"project falcon", r"project[\W_]*falcon"),
    (r"project\s+falcon", r"project[\W_]*falcon"),
    (r"a {2,3}b\ c \s*?d", r"a[\W_]*b[\W_]*c[\W_]*d"),
    (r"[ ]x[^ a]y[] ]", r"[ ]x[^ a]y[] ]"),  # spaces in classes stay
    (r"\\ x", r"\\[\W_]*x"),  # an escaped backslash, then a space
])
def test_loosening_a_regex(regex: str, loosened: str) -> None:
    assert _loosen(regex) == loosened


def test_verbose_and_backtracking_patterns_stay_as_written() -> None:
    assert loose("(?x) project falcon").pattern == "(?x) project falcon"
    assert loose("(a )+b").pattern == "(a )+b"  # "(a[\s_-]*)+" would backtrack exponentially


async def test_a_match_across_two_texts_is_a_finding_in_each() -> None:
    texts = ["the plan for project", " falcon is ready", "unrelated project", "ideas and falcon"]
    inspection = await PatternCheck().inspect(texts, ctx(rules=[SHIPPED]))
    assert inspection.findings[0] == [Finding("patterns", "codenames", "block", 13, 20)]
    assert inspection.findings[1] == [Finding("patterns", "codenames", "block", 0, 7)]
    assert inspection.findings[2:] == [[], []]  # "project" + "ideas and falcon": no false join


@pytest.mark.parametrize("text", [
    "the project. Falcon 9 launched",
    "We shipped the project! Falcon is next.",
    "Is it the project?  Falcon, maybe.",
    "the project.\nFalcon 9 launched",
])
def test_a_pattern_space_does_not_join_words_across_a_sentence_end(text: str) -> None:
    assert PatternCheck.find(text, ctx(rules=[SHIPPED])) == []


@pytest.mark.parametrize("text", [
    "about project.falcon today", "about project-falcon today", "about project_falcon today",
    "about project. falcon today",  # no capital after it: no sentence end
    "about project.Falcon today",   # no whitespace after the stop: a dotted name
])
def test_a_pattern_space_still_joins_words_of_one_sentence(text: str) -> None:
    (found,) = PatternCheck.find(text, ctx(rules=[SHIPPED]))
    assert (text[:found.start], text[found.end:]) == ("about ", " today")


def test_a_rule_that_spells_out_a_sentence_end_matches_it() -> None:
    rule = {"name": "literal", "regex": r"project\. Falcon", "action": "block"}
    assert PatternCheck.find("the project. Falcon 9", ctx(rules=[rule])) == [
        Finding("patterns", "literal", "block", 4, 19)]
