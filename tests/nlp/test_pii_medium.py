"""Issue 12, medium findings of the README-only attack on PII detection (real Presidio, real spaCy model):
names after a label written in lower case, phones inside links, an address with letters glued to its
top-level domain; and what engineers write that was read as PII (named methods and tests, DOIs, syslog
timestamps, countries that are also first names)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import shared_analyzer

DEFAULT = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]


@pytest.fixture(scope="session")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


async def found(analyzer: PiiAnalyzer, text: str) -> set[tuple[str, str]]:
    (spans,) = await analyzer.analyze([text], DEFAULT)
    return {(s.entity, text[s.start:s.end]) for s in spans if s.score >= 0.4}  # the default policy's floor


async def covered(analyzer: PiiAnalyzer, text: str, entity: str) -> set[int]:
    (spans,) = await analyzer.analyze([text], DEFAULT)
    return {i for s in spans if s.entity == entity and s.score >= 0.4 for i in range(s.start, s.end)}


def chars(text: str, value: str) -> set[int]:
    start = text.index(value)
    return {i for i in range(start, start + len(value)) if not text[i].isspace()}


# ----------------------------------------------------------------------------- named methods and tests

@pytest.mark.parametrize("text", [
    "Explain the Burrows-Wheeler transform.",
    "Run a Monte Carlo simulation of the portfolio.",
    "Run a Mann-Whitney U test on both samples.",
    "Use a Hash Join for the big tables.",
    "Implement Floyd-Warshall in Rust.",
    "Compute the Levenshtein distance.",
    "Compute the Kullback-Leibler divergence.",
    "Add Reed-Solomon error correction.",
    "Align them with Needleman-Wunsch.",
    # more of the derived list (`proxy.nlp.eponyms.EPONYM_PHRASES`)
    "Compare Smith-Waterman and Needleman-Wunsch on these reads.",
    "Run a Kruskal-Wallis test and a Shapiro-Wilk test.",
    "Use Lempel-Ziv-Welch compression here.",
    "The Box-Muller transform gives normal samples.",
    "Estimate the integral with Markov Chain Monte Carlo.",
    "Is Metropolis-Hastings or Gibbs sampling faster here?",
])
async def test_named_methods_and_tests_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Carlo Rossi ran the Monte Carlo simulation.", "Carlo Rossi"),  # a phrase's word alone is a name
    ("Ask Monte Carlo about it.", "Monte Carlo"),                      # a verb of addressing before it
    ("Smith wrote the Smith-Waterman code.", "Smith"),
    ("Mark Reed called about the invoice.", "Mark Reed"),
    ("Please forward it to Hash Smith.", "Hash Smith"),                # a name part right after the phrase's word
])
async def test_names_next_to_named_methods_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert chars(text, name) <= await covered(analyzer, text, "PERSON")
