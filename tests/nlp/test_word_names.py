"""Issue 12, atk6 F5: a listed first name that is also an English word (`Grace`, `Rose`, `Max`), used as the word at
a sentence's start or as the abbreviation `Max.`, is no person's name; the same name where the context says person
(`Grace Hopper`, `ask Rose`, `Max said`) still is (real Presidio, real spaCy model, the default policy's entities
and score floor)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize("text", [
    "Grace period is 30 s; Max concurrency is 64",
    "Grace period is 30 days",
    "Rose to 95% CPU",
    "HTTPSConnectionPool(host='api.internal', port=443): Max retries exceeded",
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.internal', port=443): Max retries exceeded",
    "Max. Speicher: 4096 MB; Max. Verbindungen: 512.",
    "Max. 20 connexions",
    "Max. 10 réplicas",
    "Min. 3 replicas",
    "Max tokens is 4096.",
    "Summary: Max heap reached; Grace shutdown took 12 s; Rose to 95% CPU.",  # a verb's bare form: no subject's
    "Dawn patrol starts at 6.",
])
async def test_a_first_name_used_as_a_word_is_no_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Grace Hopper wrote the first compiler.", "Grace Hopper"),
    ("Please ask Rose about the invoice.", "Rose"),
    ("Max said the build is green.", "Max"),
    ("Rose Tyler fixed it.", "Rose Tyler"),
    ("ask Grace about the rollout", "Grace"),
    ("Grace reviewed the PR yesterday.", "Grace"),      # a verb after it: the person
    ("Rose approved the change.", "Rose"),
    ("Max probably knows.", "Max"),                     # an adverb after it
    ("Max is out today.", "Max"),
    ("Thanks, Max. See you.", "Max"),                   # `Max.` ending a sentence, no number after it
    ("Mit freundlichen Grüßen, Max", "Max"),
    ("Grace period expired for Jane Doe.", "Jane Doe"),
    ("Max set the flag yesterday.", "Max"),            # a past the same as the bare form
    ("Max need not worry.", "Max"),
    ("Grace put it back.", "Grace"),
])
async def test_the_same_names_where_the_context_says_person_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                            name: str) -> None:
    assert ("PERSON", name) in await found(analyzer, text)
