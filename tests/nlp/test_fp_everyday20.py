"""fp20: PII-free text read as names that earlier fixes left (clubs named after a city with a team's noun, plants'
word-names at a sentence's start, a brand before a tool's noun, Arabic and Hindi word-name pairs, terms of endearment
and roles after a greeting), while the same words where the text says person stay names (real Presidio, real spaCy
model, the default policy's entities and score floor). Values differ from bench/data/fp20_*.txt."""

from __future__ import annotations

import pytest

from proxy.nlp.everyday20 import club_span, native_word_pair, vocative_span
from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found, person_in


def persons(spans: set[tuple[str, str]]) -> set[str]:
    return {value for entity, value in spans if entity == "PERSON"}


@pytest.mark.parametrize("text", [
    "Melbourne Victory fans sang for ninety minutes.",        # `Victory`, `Glory`: listed first names
    "Perth Glory beat Newcastle on Sunday.",
    "Columbus Crew signed a young striker from Ghana.",        # a verb of a person after a city that is a name
    "Did Orlando Pride win the shield?",                       # a question's first word before the club
    "Houston Dash signed a goalkeeper on loan.",               # no word of `everyday16.SPORTS_WORDS`
])
async def test_clubs_with_a_teams_noun_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize("text", [
    "Heather grows wild along the coast path.",                # what plants do, and how
    "Ivy climbs the old garden wall every year.",              # what it climbs on
    "Rose bushes need feeding in spring.",                     # a part of the plant
    "Jasmine smells sweetest after dark.",
    "Iris flowers come in shades of blue.",                    # a part that is a verb too, before a verb
    "Holly is poisonous to cats.",                              # what a plant is
    "Lavender attracts butterflies all summer.",
])
async def test_plants_at_a_sentences_start_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize("text", [
    "Is the Bosch jigsaw worth it for a beginner?",
    "The Hilti hammer drill overheated after an hour.",        # a kind before the tool's head
    "The Stihl chainsaw will not start in the cold.",
    "Black and Decker sander pads wear out fast.",
    "I prefer the Ryobi saw to the Bosch one.",                 # `the Brand one` beside a tool
])
async def test_brands_before_a_tool_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize("text", [
    "أمل كبير في الفوز بالمباراة.",                             # "great hope of winning the match"
    "अमर प्रेम की यह फिल्म पुरानी है।",                           # "this film of immortal love is old"
])
async def test_arabic_and_hindi_word_pairs_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize("text", [
    "Hi Darling, the plumber comes at noon.",                  # a listed given name a greeting made a name
    "Hey Buddy, did you get the tickets?",
    "Dear Applicant, thank you for your interest.",
    "Hello Neighbour, the hedge needs trimming.",
    "Hey Pal, long time no see.",
    "Dear Subscriber,\nthis month's issue is out.",
])
async def test_terms_of_endearment_and_roles_greeted_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Heather grows tomatoes on her balcony.", "Heather"),    # a crop as the object: a person
    ("Holly is a nurse at the clinic.", "Holly"),
    ("Ivy leaves early on Fridays.", "Ivy"),                   # a part that is a verb, no verb after it
    ("Rose gardens every weekend with her kids.", "Rose"),
    ("Hazel prefers the window seat.", "Hazel"),                # nothing of a garden after `prefers`
    ("Dear Heather, welcome aboard.", "Heather"),
    ("Orlando Bloom won an award last night.", "Orlando Bloom"),  # no team's noun
    ("Dallas Walker scored twice in the final.", "Dallas Walker"),
    ("Hi Buddy Holly, the tickets are ready.", "Buddy Holly"),  # a name after the greeted word
    ("Give Anna drill bits for the shelf.", "Anna"),            # a given name before a tool
    ("Rachel Bosch bought a drill.", "Rachel Bosch"),
    ("Mrs Harris saw the accident from her car.", "Harris"),   # `saw` the verb after a surname
    ("Holly is a plant manager in Ohio.", "Holly"),             # a plant's noun before another noun
    ("Rose is a native speaker of Portuguese.", "Rose"),
    ("अमर सिंह कल दिल्ली गए।", "अमर सिंह"),                        # a surname after the word-name
    ("أمل أحمد طالبة في الجامعة.", "أمل أحمد"),
])
async def test_the_same_shapes_as_persons_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)


def test_rules_read_the_words_around() -> None:
    names = name_lists()
    text = "Dallas Storm sent the invoice yesterday."
    assert not club_span(text, 0, 6, names)                     # a surname as the noun: only in a text about sport
    text = "Dallas Storm scored in the derby."
    assert club_span(text, 0, 12, names)
    text = "Hi Honey Singh, your table is ready."
    assert not vocative_span(text, 3, 8)                        # the greeted word before another name
    assert vocative_span("Dear Valued Customer, thanks.", 12, 20)
    assert not vocative_span("The honey, please.", 4, 9)        # no greeting before it
    assert native_word_pair("أمل كبير في النجاح.", 0, 8)
    assert not native_word_pair("Please ask أمل كبير about it.", 11, 19)  # inside Latin-script text
    text = "अमर प्रेम ने फोन किया।"
    assert not native_word_pair(text, 0, 9)                      # the agent's `ने`: a person
