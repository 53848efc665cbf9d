"""Issue 12, atk11 A H2: a codename the delivered text spells with word edges, glued in the view to markup or an
invisible character before or after it (`**x**project falcon`, `x\\u200bproject falcon`, `<b>x</b>project falcon`),
passed: the view lays the markup out or removes the character and reads `xproject falcon`, no word edge. `patterns:`
rules read the text as written too: what the rule's own regex matches in the delivered text is a finding."""

from __future__ import annotations

import re

import pytest

from proxy.config.policy import InputRules
from proxy.guard.checks.base import CheckContext
from proxy.guard.checks.patterns import PatternCheck

RULE = r"(?i)\bproject (falcon|osprey)\b"
CODENAME = CheckContext("input", InputRules.model_validate(
    {"patterns": [{"name": "codename", "regex": RULE, "action": "block"}]}))

GLUED = ["We start **x**project falcon now.", "~~x~~project falcon", "*x*project falcon", "`x`project falcon",
         "a**b**project osprey", "project falcon**x**", "<b>x</b>project falcon", "<i>x</i>project falcon",
         "project falcon<b>x</b>", "x<wbr>project falcon", "x\u200bproject falcon", "x\u00adproject falcon",
         "x\u2060project falcon", "x\ufeffproject falcon", "x\u034fproject falcon", "project falcon\u200bx",
         "x&shy;project falcon", "x&#8203;project falcon", "x=\nproject falcon", "~x~project falcon"]


@pytest.mark.parametrize("text", GLUED)
def test_a_codename_the_text_spells_as_written_is_found(text: str) -> None:
    assert re.search(RULE, text)  # the rule matches the delivered text itself
    assert [f.kind for f in PatternCheck.find(text, CODENAME)] == ["codename"]


@pytest.mark.parametrize("text", ["xproject falcon", "the projects falcon", "project falconry", "reproject falcon"])
def test_no_match_in_any_reading_stays(text: str) -> None:
    assert PatternCheck.find(text, CODENAME) == []


# atk11 B L2: Cherokee small letters (what Unicode lower-cases the capitals to) look like small capitals.
@pytest.mark.parametrize("text", ["Status of \uabb2roject falcon", "Status of project fa\uabaecon",
                                  "Status of \uabb2roject fa\uabaecon"])
def test_cherokee_small_letters_in_a_codename_are_found(text: str) -> None:
    assert [f.kind for f in PatternCheck.find(text, CODENAME)] == ["codename"]
