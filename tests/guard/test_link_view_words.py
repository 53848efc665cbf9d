"""Issue 12 leftovers (linkview15): a word split across links (`[stu](#a)[pid](#b)` displays `stupid`) is read as
displayed by toxicity (each text's second reading, `proxy.nlp.normalize.uncommented`, scored beside its view, and
a joint's too) and by `patterns:` rules, for every link syntax links14 reads, a finding mapped back over the link
syntax; reference links one after another (`[stu][1][pid][2]`) and Jira or MediaWiki links glued to each other
(`[stu|https://x][pid|https://y]`, `[https://x stu][https://y pid]`) are read so too (the reference-link reading
took a pair of those for one reference link, and took none after a `]`)."""

from __future__ import annotations

import asyncio

import pytest

from proxy.config.policy import InputRules
from proxy.guard.checks.base import CheckContext
from proxy.guard.checks.patterns import PatternCheck
from proxy.guard.checks.scores import ScoreCache, joined
from proxy.nlp.toxicity import KeywordScorer

# `stupid` split across two links of each syntax links14 reads.
SPLIT = {
    "markdown": "[stu](#a)[pid](#b)",
    "markdown image": "![stu](a.png)![pid](b.png)",
    "markdown glued": "stu[pid](#b)",
    "reference": "[stu][1][pid][2]",
    "reference, collapsed": "[stu][][pid][]",
    "reference, three": "[st][1][u][2][pid][3]",
    "slack": "<https://x.example|stu><https://y.example|pid>",
    "jira": "[stu|https://x.example][pid|https://y.example]",
    "mediawiki": "[https://x.example stu][https://y.example pid]",
    "mediawiki internal": "[[stu]][[pid]]",
    "org": "[[https://x.example][stu]][[https://y.example][pid]]",
    "asciidoc": "https://x.example[stu]https://y.example[pid]",
    "rest": "`stu <https://x.example>`_`pid <https://y.example>`_",
}


def _scores(texts: list[str]) -> tuple[list[dict[str, float]], list[tuple[list[int], dict[str, float]]]]:
    return asyncio.run(joined(ScoreCache(KeywordScorer()), texts))


@pytest.mark.parametrize("case", list(SPLIT))
def test_toxicity_reads_a_word_split_across_links_as_displayed(case: str) -> None:
    per_text, _ = _scores([f"you are {SPLIT[case]}, really"])
    assert per_text[0]["toxicity"] >= 0.8, per_text


def test_toxicity_reads_a_joint_between_texts_as_displayed() -> None:
    per_text, per_joint = _scores(["you are so [stu](#a)", "[pid](#b) today"])
    assert all(s["toxicity"] < 0.8 for s in per_text)
    assert any(s["toxicity"] >= 0.8 for _, s in per_joint), per_joint


def _find(text: str) -> list[str]:
    ctx = CheckContext("input", InputRules.model_validate(
        {"patterns": [{"name": "insult", "regex": r"(?i)\bstupid\b", "action": "redact"}]}))
    return [text[f.start:f.end] for f in PatternCheck.find(text, ctx)]


@pytest.mark.parametrize("case", list(SPLIT))
def test_a_rule_matches_a_word_split_across_links_and_covers_the_syntax(case: str) -> None:
    assert _find(f"you are {SPLIT[case]}, really") == [SPLIT[case]]


def test_an_index_and_citations_are_no_chained_reference_links() -> None:
    assert _find("x = stu[0][1]pid[2][3]") == []  # (the first `[0]` follows a word: an index, no link)
