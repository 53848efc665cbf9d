"""PII-free words the name rules took into a person's name or read as one (fp25, atk24a's false positives): an AI
assistant's or a model's name where the text speaks of the product (`Ask Devin to`, `Claude Sonnet`, `Alexa, play`),
and a noun with the preposition before a name taken into the name's span (`die Rechnung an Hans Koch`); the names
beside them stay names (`Claude Monet painted`, `Dr. Claude Bernard`, `Alexa Chung said`, `Jan de Bakker`)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return sorted(value for entity, value in await found(analyzer, text) if entity == "PERSON")


NO_PERSON = [
    # tuned on (atk24a fp/ai_products.txt, the brief)
    "Is Claude Sonnet better than Claude Opus for refactoring?",
    "Ask Devin to bump the dependencies.",
    "Ask Alexa to add milk to the shopping list.",
    "Alexa, play some jazz.",
    "Jarvis, open the pod bay doors.",
    # held out: other assistants, other phrasings
    "Tell Siri to remind me at noon.",
    "Is Copilot better than Claude for TypeScript?",
    "Claude Haiku is cheaper than GPT-4o mini.",
    "Compare Llama 3 with Mistral Large on this benchmark.",
    "We switched from Bard to Gemini Ultra last month.",
    "Use Grok 2 for the summary.",
    "Cortana, set an alarm for 7.",
    "Let Claude review the diff before we merge.",
]


@pytest.mark.parametrize("text", NO_PERSON)
async def test_assistant_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == []


NAMES = [
    ("Claude Monet painted water lilies.", "Claude Monet"),
    ("Dr. Claude Bernard studied physiology.", "Claude Bernard"),
    ("Alexa Chung said the collection was great.", "Alexa Chung"),
    ("Ask Claude Dubois to send the invoice.", "Claude Dubois"),
    ("Devin Booker scored 40 points.", "Devin Booker"),
    ("Harvey Specter closed the deal.", "Harvey Specter"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
async def test_names_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert name in await persons(analyzer, text)


# A name's span holds the name's words only: the noun and the preposition before it go as sent.
SPANS = [
    # tuned on (atk24a fp/overspan.txt)
    ("Bitte senden Sie die Rechnung an Hans Koch.", "Hans Koch"),
    ("Rückmeldung von Peter Schneider steht noch aus.", "Peter Schneider"),
    ("Der Vertrag wurde von Thomas Fischer unterschrieben.", "Thomas Fischer"),
    ("Das Angebot von Jürgen Müller liegt vor.", "Jürgen Müller"),
    ("Der Bericht von Stefan Wolf ist fertig.", "Stefan Wolf"),
    ("Envíe la factura a Juan Herrero.", "Juan Herrero"),
    ("Raporu Ahmet Yılmaz'a gönderin.", "Ahmet Yılmaz"),
    # held out: other names, nouns and prepositions
    ("Die Bestellung von Markus Becker ist angekommen.", "Markus Becker"),
    ("Schicken Sie den Brief an Klaus Richter.", "Klaus Richter"),
    ("Mande el informe a Carlos Romero.", "Carlos Romero"),
    ("Dosyayı Mehmet Demir'e gönderin.", "Mehmet Demir"),
]


@pytest.mark.parametrize(("text", "name"), SPANS)
async def test_span_is_the_name(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await persons(analyzer, text) == [name]


@pytest.mark.parametrize(("text", "name"), [
    ("Stuur het contract naar Jan de Bakker.", "Jan de Bakker"),
])
async def test_particles_stay_in_the_name(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await persons(analyzer, text) == [name]


# A name found in another text of the request (`Customer: Hope Banks`), mentioned here as a plural noun opening a
# sentence before a verb's plural form, is the word; as a person's subject it stays the name.
@pytest.mark.parametrize(("text", "name", "mentioned"), [
    ("Banks close at 5.", "Hope Banks", False),
    ("When do you open? Banks open at 9 here.", "Hope Banks", False),  # held out
    ("Walls need paint.", "Harold Walls", False),  # held out
    ("Banks called again.", "Hope Banks", True),
    ("Banks said the loan is approved.", "Hope Banks", True),
])
async def test_plural_noun_mention(analyzer: PiiAnalyzer, text: str, name: str, mentioned: bool) -> None:
    (spans,) = await analyzer.mentions([(text, (), ((name, 0.85),))])
    assert any(s.entity == "PERSON" and text[s.start:s.end] == name.split()[-1] for s in spans) is mentioned
