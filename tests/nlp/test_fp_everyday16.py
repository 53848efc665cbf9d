"""fpnames15 (atk16 tester A, M5-M8, L1-L3): PII-free text read as names. .NET namespaces and packages, word-names
before a noun phrase's verb and in song lines, support chats' greetings and sign-offs, finance institutions,
benchmarks and currencies, code-review labels, clubs and grounds, German nouns after an article, `Saint-` feasts,
Romance word-names and car brands are no names, while the same words where the sentence says person still are (real
Presidio, real spaCy model, the default policy's entities and score floor). Values differ from the tester's and from
the held-out set the numbers in bench/README.md were measured on."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found, person_in


def persons(spans: set[tuple[str, str]]) -> set[str]:
    return {value for entity, value in spans if entity == "PERSON"}


@pytest.mark.parametrize("text", [
    "using System.Linq;",                                        # M5: namespaces, packages, formats
    "at System.Text.Json.JsonSerializer.Serialize[TValue](TValue value)",
    "We still reference Newtonsoft.Json in the legacy service.",
    "at Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary.get_Model()",
    "dotnet add package Polly --version 8.2.0",
    "Our HTTP retries use Polly with jittered backoff.",
    "The Json payload is empty after the call.",
    "Violet flowers are blooming again.",                        # M6: word-names before a noun and a verb
    "Autumn leaves are piling up on the porch.",
    "Golden hour is short in winter.",
    "Cherry trees are pruned in late winter.",
    "Maple leaves turning red along the river",                  # song lines
    "Sunshine on the hillside, rain upon the sea",
    "Heaven knows we waited for the spring",
    "Moin, die Rechnung ist angekommen.",                        # M7: greetings and sign-offs
    "Danke für die schnelle Antwort. Liebe Grüße",
    "Het pakket is aangekomen. Groeten",
    "Przesyłka dotarła. Pozdrawiam",
    "The Fed signalled two cuts this year.",                     # M8: finance
    "Fannie Mae tightened its underwriting rules for mortgages.",
    "Moody's upgraded the bank's outlook to stable.",
    "Goldman lifted its oil price forecast.",
    "Brent crude slipped below 80 dollars.",
    "The Russell 2000 fell 2% on rate fears.",
    "Nit: trailing whitespace on line 12.",                      # L1: review labels
    "Minor: this import is unused.",
    "Blocker (security): the token is logged.",
    "Aston Villa lost 1-2 at home.",                             # L2: clubs and grounds
    "Orlando City won 3-1 on Saturday.",
    "The Bills beat the Jets 20-17.",
    "Der Weber sitzt am Webstuhl.",                         # L3: German nouns, Romance, cars
    "Der Hirsch frisst am Waldrand.",
    "Vitória do time no último minuto.",
    "Mercedes y Audi suben sus precios.",
])
async def test_everyday16_words_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Polly Evans approved the retry policy.", "Polly Evans"),
    ("Polly will review the backoff settings tomorrow.", "Polly"),
    ("Violet Evans called about the invoice.", "Violet Evans"),
    ("Autumn said the build is green.", "Autumn"),
    ("Angel on my team will handle the refund.", "Angel"),
    ("Liebe Grüße, Anna Schmidt", "Anna Schmidt"),
    ("Pozdrawiam, Jan Kowalski", "Jan Kowalski"),
    ("Goldman said the deal is off.", "Goldman"),
    ("Ask Russell about the Q3 rates forecast.", "Russell"),
    ("Sterling Brown manages the bond portfolio.", "Sterling Brown"),
    ("Jordan Smith: prefer a list comprehension here.", "Jordan Smith"),
    ("Serena Williams won the final 6-4 6-3.", "Serena Williams"),
    ("Charles Leclerc finished second for Ferrari.", "Charles Leclerc"),
    ("Herr Weber rief an.", "Weber"),
    ("Thomas Weber arbeitet im Vertrieb.", "Thomas Weber"),
    ("Mercedes García llamó esta mañana.", "Mercedes García"),
])
async def test_the_same_words_as_persons_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)
