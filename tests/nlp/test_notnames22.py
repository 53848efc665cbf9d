"""Finnish nouns with a surname's ending at a short line's start and DevOps tools named like people go up as sent
(contact22: atk22a L1; `proxy.nlp.notnames`); the same words with a person's cue stay names."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found, person_in

PII_FREE = [
    "Palvelin käynnistyy uudelleen joka yö kello kaksi.",
    "Tulostin ei toimi toisessa kerroksessa.",
    "Hudson was the old name of the build server.",
    "Argo Rollouts paused the canary at 20 percent.",
    "Laskin on rikki.",
]
PEOPLE = [
    ("Hudson called me about the invoice.", "Hudson"),
    ("Hudson said the build server is down.", "Hudson"),
    ("Dear Hudson, thanks for the build server fix.", "Hudson"),
    ("Anna Virtanen lähetti laskun eilen.", "Anna Virtanen"),
]


@pytest.mark.parametrize("text", PII_FREE)
async def test_a_finnish_noun_or_a_tool_is_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert [v for e, v in await found(analyzer, text) if e == "PERSON"] == []


@pytest.mark.parametrize(("text", "name"), PEOPLE)
async def test_the_same_words_as_a_person_stay_names(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)
