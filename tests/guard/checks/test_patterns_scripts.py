"""atk9 B-H4 and B-M1: a rule's `\\b` is also the edge between a Latin letter and a letter of a script Chinese,
Japanese, Korean, Thai... are written in (`Project Falconの進捗`), and letters NFKC reads as another letter than the
one they look like (`ſ`, `ϲ`, `Ϲ`) are read as what they look like (`proxy.nlp.confusables.BEFORE_NFKC`)."""

from __future__ import annotations

import pytest

from proxy.config.policy import InputRules, OutputRules
from proxy.guard.checks.base import CheckContext
from proxy.guard.checks.patterns import PatternCheck

RULES = [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]


def ctx(phase: str) -> CheckContext:
    doc = {"patterns": RULES}
    return CheckContext("input", InputRules.model_validate(doc)) if phase == "input" \
        else CheckContext("output", OutputRules.model_validate(doc))


@pytest.mark.parametrize("phase", ["input", "output"])
@pytest.mark.parametrize(("text", "codename"), [
    ("Project Falconの進捗を教えてください", "Project Falcon"),
    ("来週からProject Falconを始めます", "Project Falcon"),
    ("关于project falcon的计划", "project falcon"),
    ("project falcon에 대해 알려주세요", "project falcon"),
    ("Project Osprey의 일정", "Project Osprey"),
    ("Project Falcon計画", "Project Falcon"),
    ("โครงการproject falconเริ่มแล้ว", "project falcon"),
    ("مشروعproject falconجديد", "project falcon"),
])
def test_a_codename_glued_to_another_script_is_found(phase: str, text: str, codename: str) -> None:
    found = PatternCheck.find(text, ctx(phase))
    assert [text[f.start:f.end] for f in found] == [codename]


@pytest.mark.parametrize("text", [
    "project falconé",  # `é` is a Latin letter: one word, as `café` is
    "the projectfalcons", "the ospreyproject falconry", "проектfalconы", "Projectфalcon",
])
def test_no_edge_inside_latin_words_or_into_folded_scripts(text: str) -> None:
    assert PatternCheck.find(text, ctx("input")) == []


@pytest.mark.parametrize("phase", ["input", "output"])
@pytest.mark.parametrize("text", [
    "the project \u017falcon plan", "the proje\u03f2t falcon plan", "THE PROJE\u03f9T FALCON PLAN",
    "proje\u03f2t o\u017fprey is late",  # long s is an `s` as well
    "proje\u03f2t fal<!-- x -->con",
])
def test_letters_nfkc_reads_as_another_letter_are_read_as_they_look(phase: str, text: str) -> None:
    found = PatternCheck.find(text, ctx(phase))
    assert [f.kind for f in found] == ["codenames"]
