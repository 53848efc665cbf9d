"""Issue 12, atk11 tester B FP-M2, FP-M4, FP-L1, FP-L3: programming languages, German finance words, JVM heap flags,
devices, AI models and a log store named like people, read as PERSON in their technical sentences.

Both directions (real Presidio, real spaCy model, the default policy's entities and score floor): the texts go up
with no PERSON finding, and people's names in the same frames are still found. The unit tests at the end check
the rules' own conditions without the model."""

from __future__ import annotations

import pytest

from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.plain_words import plain_span
from proxy.nlp.recognizers import PersonFilter, load_stop_words
from proxy.nlp.tech_terms import TECH_TERMS
from tests.support.pii import found

LANGUAGES = [  # FP-M2 (r/fp_corpus_classes.py "langs", the altered ones) and the same class, other sentences
    "Port the parser from Pascal to C.",
    "Julia is fast for numerical code once it is compiled.",
    "Why does Julia allocate here? `@time sum(rand(10^6))` shows 7.629 MiB",
    "Julia's multiple dispatch makes this generic.",
    "Ada is still used in avionics for its strong typing.",
    "Crystal compiles Ruby-like syntax to native code.",
    "Nim has a Python-like syntax and compiles to C.",
    "Should we rewrite the solver in Julia or keep it in Fortran?",
    "The flight software was written in Ada.",
    "We ported the codebase from Pascal to Delphi.",
]

FINANCE = [  # FP-M4 (r/fp_corpus_locale.py "de_biz", "de_biz2", the altered ones)
    "Der Umsatz lag bei 1.234.567,89 € im Geschäftsjahr 2023.",
    "Der Gewinn stieg im Geschäftsjahr 2023 um 8 Prozent.",
    "Der Cashflow lag bei 2,1 Mio. €.",
    "Der Jahresüberschuss lag bei 45 Mio. Euro.",
    "Die Personalkosten lagen bei 2,3 Mio. Euro.",
    "Der Umsatz betrug 3,4 Mrd. Euro im Jahr 2023.",
    "Umsatz: 2,1 Mio. CHF, Gewinn: 0,3 Mio. CHF.",
    "Das Budget beträgt 1,5 Mio. € für 2025.",
    "Die Investitionen steigen auf 45 Mio. Euro.",
    "Der Verlust lag bei 7 Mio. Euro.",
    "Das Geschäftsjahr endet am 30. September.",
]

FLAGS = [  # FP-L1
    "JAVA_OPTS=-Xms2g -Xmx8g -XX:MaxGCPauseMillis=200",
    "java -Xms512m -Xmx4g -jar app.jar",
    "KAFKA_HEAP_OPTS=-Xmx6g -Xms6g",
    "Set -XX:MaxRAM=4g and -Xss1m.",
]

PRODUCTS = [  # FP-L3 (r/fp_corpus_products.py, the altered ones this change covers)
    "My iPhone 15 Pro Max keeps restarting after the update.",
    "The Echo Dot lost its Wi-Fi connection.",
    "Loki ingests about 2 TB of logs per day.",
    "Claude wrote the first draft of the migration script.",
    "Ask Claude to summarize the design doc before the meeting.",
]


async def persons(analyzer: PiiAnalyzer, text: str) -> set[str]:
    return {value for entity, value in await found(analyzer, text) if entity == "PERSON"}


@pytest.mark.parametrize("text", LANGUAGES + FINANCE + FLAGS + PRODUCTS)
async def test_technical_and_finance_words_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await persons(analyzer, text) == set()


@pytest.mark.parametrize(("text", "names"), [
    ("Port the parser with Pascal Dupont.", ["Pascal Dupont"]),
    ("Port the parser from Pascal Dupont's branch to C.", ["Pascal Dupont"]),
    ("Send the parser to Pascal Martin.", ["Pascal Martin"]),
    ("Email Pascal about the code.", ["Pascal"]),
    ("Julia reviewed the parser code yesterday.", ["Julia"]),
    ("Julia Roberts compiled the report.", ["Julia Roberts"]),
    ("Ada Lovelace wrote the first program.", ["Ada Lovelace"]),
    ("Crystal Smith compiles the release notes.", ["Crystal Smith"]),
    ("My colleague Nim ported the parser.", ["Nim"]),
    ("Dr. Julia Chen wrote the compiler.", ["Julia Chen"]),
    ("ask Claude Martin to summarize the design doc.", ["Claude Martin"]),
    ("Hi Claude, can you review the migration script?", ["Claude"]),
    ("Claude said the migration script is done.", ["Claude"]),
    ("Claude's wife wrote the migration script.", ["Claude"]),
    ("Loki Schmidt ingests the logs.", ["Loki Schmidt"]),
    ("Ask Loki about the logs.", ["Loki"]),
    ("Dot Cotton lost her Wi-Fi connection.", ["Dot Cotton"]),
    ("Max Mustermann bought an iPhone 15 Pro.", ["Max Mustermann"]),
    ("Mio Tanaka visited the office.", ["Mio Tanaka"]),
])
async def test_names_in_the_same_frames_are_still_found(analyzer: PiiAnalyzer, text: str, names: list[str]) -> None:
    got = await persons(analyzer, text)
    for name in names:
        assert any(name in value for value in got), (name, got)


# ----------------------------------------------------------------------------- the rules' conditions, no model


@pytest.fixture(scope="module")
def person_filter() -> PersonFilter:
    return PersonFilter(name_lists(), frozenset({"port", "ask", "send", "email"}), TECH_TERMS,
                        stop_words=load_stop_words())


def test_a_size_unit_glued_to_a_flags_number(person_filter: PersonFilter) -> None:
    toks = ["JAVA_OPTS=-Xms2", "g", "-Xmx8", "g", "-XX", ":", "MaxRAM=4", "g"]
    assert [person_filter.size_unit(toks, k) for k in (1, 3, 7)] == [True, True, True]
    assert not person_filter.size_unit(["Room", "12", "g"], 2)  # a bare number: not a flag
    assert not person_filter.size_unit(["-Xmx8", "G"], 1)       # capitals are initials


def test_an_amount_abbreviation_after_a_number(person_filter: PersonFilter) -> None:
    assert person_filter.amount_abbreviation(["2,1", "Mio", ".", "€"], 1)
    assert person_filter.amount_abbreviation(["3,4", "Mrd", "."], 1)
    assert not person_filter.amount_abbreviation(["Hi", "Mio", ","], 1)


@pytest.mark.parametrize(("toks", "i", "expected"), [
    (["Port", "the", "parser", "from", "Pascal", "to", "C."], 4, True),
    (["Port", "the", "parser", "with", "Pascal", "Dupont", "."], 4, False),
    (["Crystal", "compiles", "Ruby", "-", "like", "syntax"], 2, True),
    (["Julia", "'s", "multiple", "dispatch", "makes", "this", "generic", "."], 0, True),
    (["Julia", "'s", "laptop", "is", "broken", "."], 0, False),
    (["Julia", "reviewed", "the", "parser", "code", "."], 0, False),
    (["Email", "Pascal", "about", "the", "code", "."], 1, False),
    (["Pascal", "is", "on", "vacation", "."], 0, False),
])
def test_a_language_needs_a_sentence_about_code(person_filter: PersonFilter, toks: list[str], i: int,
                                                expected: bool) -> None:
    assert person_filter.programming_language(toks, i) is expected


@pytest.mark.parametrize(("toks", "i", "expected"), [
    (["My", "iPhone", "15", "Pro", "Max", "keeps", "restarting"], 4, True),
    (["My", "iPhone", "15", "Pro", "Max", "keeps", "restarting"], 3, True),
    (["The", "Echo", "Dot", "lost", "its", "connection"], 1, True),
    (["The", "Echo", "Dot", "lost", "its", "connection"], 2, True),
    (["Ask", "Max", "about", "the", "iPhone"], 1, False),
    (["Dot", "Cotton", "lost", "her", "phone"], 0, False),
])
def test_a_device_model_name(person_filter: PersonFilter, toks: list[str], i: int, expected: bool) -> None:
    assert person_filter.device_model(toks, i) is expected


def test_german_finance_words_are_plain_and_names_beside_them_are_not() -> None:
    names = name_lists()
    stops = load_stop_words()["de"]

    def plain(text: str, span: str) -> bool:
        start = text.index(span)
        return plain_span(text, start, start + len(span), german=stops, is_name=names.is_name,
                          is_first=names.is_first, tech=TECH_TERMS, heads=frozenset())

    assert plain("Der Umsatz lag bei 1.234.567,89 €", "Der Umsatz lag bei")
    assert plain("Das Geschäftsjahr endet am 30. September.", "Das Geschäftsjahr")
    assert plain("im Jahr 2023", "Jahr")
    assert not plain("Der Umsatz lag bei Anna Schmidt", "Anna Schmidt")
    assert not plain("Hi Marge, the budget is ready.", "Marge")


@pytest.mark.parametrize(("toks", "i", "expected"), [
    (["Ask", "Claude", "to", "summarize", "the", "design", "doc", "."], 1, True),
    (["Claude", "wrote", "the", "first", "draft", "of", "the", "migration", "script", "."], 0, True),
    (["Ask", "Claude", "Martin", "to", "summarize", "the", "design", "doc", "."], 1, False),
    (["Hi", "Claude", ",", "can", "you", "review", "the", "script", "?"], 1, False),
    (["i", "am", "Claude", "and", "i", "wrote", "the", "script", "."], 2, False),
    (["Claude", "said", "the", "script", "is", "done", "."], 0, False),
    (["Claude", "is", "on", "vacation", "."], 0, False),
])
def test_an_ai_model_needs_a_sentence_about_prompts_documents_or_code(person_filter: PersonFilter, toks: list[str],
                                                                      i: int, expected: bool) -> None:
    assert person_filter.ai_model(toks, i) is expected
