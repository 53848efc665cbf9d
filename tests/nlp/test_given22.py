"""Given names written alone that are common Indian, Korean, Filipino, Nigerian, Japanese names (atk22b MEDIUM-2:
`Rahul will review the PR.`, `Reviewer: Vikram` went up as sent while `Emily will review the PR.` was redacted), and
`cc:` in lower case before one given name (`cc: Emily`); words that are also such names stay (`proxy.nlp.given_names`,
`proxy.nlp.names`, `proxy.nlp.cued`)."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.given_names import CURATED, LOCALES, WIKI_RANK, english_word, given_names
from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer


async def rewritten(analyzer: PiiAnalyzer, text: str) -> str:
    found = [f for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]
    out = text
    for f in sorted(found, key=lambda f: -f.start):
        out = out[:f.start] + "<P>" + out[f.end:]
    return out


def _sent(out: str, *words: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", out)]


# faker's en_IN lists them, English Wikipedia too (far down, as proper nouns): they were dropped as "words".
LOCALE_NAMES = ["Priya", "Kavya", "Siddharth", "Divya", "Arjun", "Meera", "Pooja"]
# in no list at all before
UNLISTED = ["Rahul", "Vikram", "Deepika", "Karthik", "Ananya", "Minjun", "Seoyeon", "Eunji", "Jericho", "Olumide",
            "Haruto"]
# English words, terms and products that some locale lists as a given name: never a first name on their own.
WORDS = ["Harsh", "Forum", "Danish", "Queen", "Among", "Paris", "Panini", "Serine", "Amine", "Surya", "Tejas",
         "Idris", "Nadir", "Yoga", "Raja", "Sonic", "Hanja"]


@pytest.mark.parametrize("name", LOCALE_NAMES + UNLISTED)
def test_common_non_western_given_names_are_first_names(name: str) -> None:
    assert name_lists().is_first(name)
    assert not name_lists().is_common(name)


@pytest.mark.parametrize("word", WORDS)
def test_english_words_in_a_locale_list_stay_words(word: str) -> None:
    assert not name_lists().is_first(word)


def test_the_rule_reads_the_word_lists() -> None:
    wiki = ["among", "forum"] + [f"w{i}" for i in range(WIKI_RANK)] + ["priya", "serine"]
    names = given_names({"en_IN": {"priya", "forum", "harsh", "serine"}, "de_DE": {"hanna"}}, wiki, ["harsh"])
    assert "priya" in names
    assert not {"forum", "harsh", "serine", "hanna"} & names  # above the rank, a TV word, a listed word, no locale
    assert english_word("forum", {"forum": 1}, ()) and not english_word("kavya", {"kavya": WIKI_RANK + 1}, ())
    assert "en_IN" in LOCALES and {"rahul", "minjun", "jericho", "olumide"} <= CURATED


SENTENCES = [
    ("Rahul will review the PR.", ("Rahul",)),
    ("Priya approved the refund.", ("Priya",)),
    ("Ananya and Kavya are on leave until Monday.", ("Ananya", "Kavya")),
    ("Reviewer: Vikram", ("Vikram",)),
    ("Assignee: Vikram", ("Vikram",)),
    ("Please let Deepika know the build is green.", ("Deepika",)),
    ("Siddharth and Karthik are on leave until Monday.", ("Siddharth", "Karthik")),
    ("Shreya and Deepika are on leave until Monday.", ("Shreya", "Deepika")),
    ("Divya will review the PR.", ("Divya",)),
    ("Minjun will review the PR.", ("Minjun",)),
    ("Seoyeon approved the refund.", ("Seoyeon",)),
    ("Eunji is out sick today.", ("Eunji",)),
    ("Jericho will review the PR.", ("Jericho",)),
    ("Olumide will review the PR.", ("Olumide",)),
    ("Haruto will review the PR.", ("Haruto",)),
    ("cc: Emily", ("Emily",)),
    ("cc: Bill", ("Bill",)),
    ("cc: Priya", ("Priya",)),
    ("Thanks for the fix.\ncc: Emily", ("Emily",)),
    ("cc: priya", ("priya",)),
    ("cc: emily", ("emily",)),
    ("Looks good to me.\nbcc: vikram", ("vikram",)),
]


@pytest.mark.parametrize(("text", "names"), SENTENCES)
async def test_a_given_name_alone_is_redacted(analyzer: PiiAnalyzer, text: str, names: tuple[str, ...]) -> None:
    out = await rewritten(analyzer, text)
    assert not _sent(out, *names), out


# PII-free engineering and support sentences with such words, and `cc:` before a place or a date: as sent.
UNCHANGED = [
    "RAJA kernels compile slowly with the new nvcc.",
    "Sonic Pi crashed when loading the sample pack.",
    "Surya OCR will process the scanned invoices tonight.",
    "Tejas light combat aircraft specs are in the appendix.",
    "Serine proteases cleave peptide bonds.",
    "Amine groups react with the aldehyde in this step.",
    "Harsh lighting makes the product photos look washed out.",
    "Forum posts are archived after 90 days.",
    "Idris compiles to Chez Scheme.",
    "Yoga mats are back in stock in all sizes.",
    "cc: Paris",
    "cc: June 5",
    "cc: all",
    "cc: team",
    "cc: paris",
    "cc: gcc",
]


@pytest.mark.parametrize("text", UNCHANGED)
async def test_words_that_are_also_given_names_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text
