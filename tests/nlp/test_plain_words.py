"""Issue 12, finding 12 of atk6: German business and IT words, a product with the words after it, a flag's
comma-separated value and a hyphenated identifier are no person's name; names beside them, a flag that names a
person and a listed surname with a German suffix still are (real Presidio, real spaCy model, the default policy's
entities and score floor)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize("text", [
    "Zahlungsziel 30 Tage, Rechnung Nr. 4711",
    "Mit freundlichen Grüßen, Ihr Plattform-Team",
    "Mit freundlichen Grüßen\nIhr Plattform-Team",
    "Die Wartung am Samstag betrifft den Speicher",
    "Kafka lag is 12k.",
    "run --limit Dallas,Austin",
    "ansible-playbook site.yml --limit Dallas,Austin",
    "name: billing-api",
    "Use Dagster or Prefect; Luigi is unmaintained.",                      # products (`tech_terms`)
    "Spring Boot app with Hibernate and Lombok; Mockito for tests.",
    "Bump Florence-2 and Gemma 2 models; Claude and Gemini are external.",
])
async def test_plain_text_is_no_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Mit freundlichen Grüßen, Anna Schmidt", "Anna Schmidt"),
    ("Ihr Ansprechpartner: Thomas Müller", "Thomas Müller"),
    ("Rechnung für Herrn Jung, Zahlungsziel 30 Tage", "Jung"),   # a listed name is never read by its suffix
    ("git log --author=Jane", "Jane"),                            # a flag that names a person
    ("git commit --author Maria", "Maria"),
    ("gh pr create --reviewers Anna,Ben", "Anna"),
    ("Franz Kafka wrote The Trial", "Franz Kafka"),               # a product's name with a first name before it
    ("name: Maria Garcia", "Maria Garcia"),
    ("Gemma Stone joined the team yesterday.", "Gemma Stone"),  # a product that is a first name, with a surname
    ("Luigi Rossi will review the PR.", "Luigi Rossi"),
])
async def test_names_beside_plain_text_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert any(e == "PERSON" and name in v for e, v in await found(analyzer, text))
