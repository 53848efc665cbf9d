"""Issue 12, atk10 B-M1: a codename spelled letter by letter with any one same separator (a run of up to three
punctuation marks, symbols, emoji and spaces, the same throughout) is read joined by `patterns:` rules; digits
are not letters, and runs of letters that do not spell a rule's words stay unmatched."""

from __future__ import annotations

import pytest

from proxy.config.policy import InputRules
from proxy.guard.checks.base import CheckContext
from proxy.guard.checks.patterns import PatternCheck
from proxy.nlp.normalize import joined_reading, normalize, pattern_view

RULES = [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]
CTX = CheckContext("input", InputRules.model_validate({"patterns": RULES}))

SEPARATORS = ["*", "~", "+", ":", ";", "'", "=", "#", "!", "&", "\u2022", "\u00b7", "\u2192", "\U0001f525",
              " - ", " * ", "  ", "..", "**", " ~ ", "`", "^", "%"]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_a_codename_spelled_with_any_one_same_separator_is_found(sep: str) -> None:
    text = "Status of " + sep.join("project") + " " + sep.join("falcon") + "?"
    found = PatternCheck.find(text, CTX)
    assert [f.kind for f in found] == ["codenames"], found
    a, b = found[0].start, found[0].end
    assert text[a] == "p" and text[b - 1] == "n"


@pytest.mark.parametrize("sep", ["*", " - ", "  ", "\U0001f525"])
def test_upper_case_and_the_other_codename(sep: str) -> None:
    text = sep.join("PROJECT") + "\n" + sep.join("OSPREY")
    assert [f.kind for f in PatternCheck.find(text, CTX)] == ["codenames"]


@pytest.mark.parametrize("text", [
    "a * b * c * d = e",  # arithmetic: the letters join, spell no rule's words
    "x = y = z = w",
    "1 - 2 - 3 - 4",
    "U.S.A. and e.g. a;b;c;d",
    "p*r*o*j*e*c*t f*a*l*c*o*n*s*x",  # `falconsx`: not the word
    "p*r*o+j*e*c*t f*a*l*c*o*n",  # a mixed run is not one same separator
    "pro*ject falcon-ish",
])
def test_no_codename_where_the_letters_do_not_spell_it(text: str) -> None:
    assert PatternCheck.find(text, CTX) == []


def test_digits_are_not_letters_one_by_one() -> None:
    for text in ("1 - 2 - 3 - 4", "9*8*7*6", "a1*b2*c3*d4"):
        j = joined_reading(pattern_view(text))
        assert j is None or j.text == text


def test_the_joined_reading_maps_back_to_the_letters_as_sent() -> None:
    text = "see p \u2192 r \u2192 o \u2192 j now"
    j = joined_reading(pattern_view(text))
    assert j is not None and "proj" in j.text
    at = j.text.index("proj")
    a, b = j.span(at, at + 4)
    assert text[a:b] == "p \u2192 r \u2192 o \u2192 j"


def test_emphasis_pairs_inside_a_spelled_word_are_separators_not_markup() -> None:
    # The Markdown reading no longer eats the pairs around single letters written one by one (it read
    # `p*r*o*j*e*c*t f*a*l*c*o*n` as `project falco*n`); emphasis of part of a word is read as before.
    assert pattern_view("f*a*l*c*o*n").text == "f*a*l*c*o*n"
    assert pattern_view("pro*ject* fal~~con~~").text == "project falcon"
    assert normalize("pro**ject**").text == "project"
