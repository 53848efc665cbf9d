"""`patterns:` rules on identifiers written in one case (`getPROJECTFALCONSTATUS`): proxy.nlp.segment splits
a run of letters into its likeliest words; proxy.guard.phases counts a match there only when it spans a
split, so a rule of two words finds them run together and a one-word rule is no substring search."""

from __future__ import annotations

import pytest

from proxy.guard.engine import InputVerdict
from proxy.guard.phases import _screen_names
from proxy.guard.vault import Vault
from proxy.nlp.segment import split_reading, split_words
from tests.guard.conftest import policy

RULES = policy(input={"patterns": [
    {"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"},
    {"name": "violence", "regex": r"(?i)\bkill\b", "action": "block"}]})


def _decision(name: str) -> str:
    verdict = InputVerdict("allow", [], Vault(), [], RULES.name)
    _screen_names(RULES, verdict, [name])
    return verdict.decision


def test_split_words() -> None:
    assert split_words("getprojectfalconstatus") == ["get", "project", "falcon", "status"]
    assert split_words("PROJECTFALCONSTATUS") == ["PROJECT", "FALCON", "STATUS"]
    assert split_words("createchatcompletion") == ["create", "chat", "completion"]
    assert split_words("qzxvkwj") == ["qzxvkwj"]  # no listed word explains it: whole
    assert split_words("getzorblaxstatus", frozenset({"zorblax"})) == ["get", "zorblax", "status"]
    assert split_reading("get PROJECTFALCON 2") == ("get PROJECT FALCON 2", frozenset({11}))


@pytest.mark.parametrize("name", ["getPROJECTFALCONSTATUS", "getprojectfalconstatus", "Projectfalconstatus",
                                  "getprojectospreystatus", "PROJECTFALCON2STATUS", "list_PROJECTOSPREY_runs"])
def test_a_codename_run_together_in_one_case_blocks(name: str) -> None:
    assert _decision(name) == "block"


@pytest.mark.parametrize("name", ["GETSKILLCONTENT", "getskill", "projectfalconer", "getPROJECTSTATUS",
                                  "listprojectfiles", "createchatcompletion", "gpt-4o-mini"])
def test_ordinary_names_pass(name: str) -> None:
    assert _decision(name) == "allow"


def test_as_before_a_one_word_rule_matches_a_word_of_its_own() -> None:
    assert _decision("get_kill_switch") == "block" and _decision("killSwitch") == "block"
