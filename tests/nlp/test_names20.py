"""Name leaks atk18 left open (names20; `proxy.nlp.cued`, `proxy.nlp.cued_values`): a surname after a spelled-out
title (`Detective Banks`, `Nurse Ratched`), a one-character Japanese surname that is a word before an honorific
(`西さん`, `東先生`), a name under a person's key whose surname is a brand (`{"name": "Sota Mazda"}`), `Attn:` read as
a name beside a titled surname, names in file names and certificate subjects whose words are everyday or technical
words too (`Ruby_Novak_CV.pdf`, `CN=Mark Young,O=Initech`), a given name no list holds after a greeting (`Hi Rain,`).
The same words with no such cue stay as written (`Doctor Who`, `Father Christmas`, `Coach class`, `Dear Diary,`,
`Honda Civic`). Sentences here are neither the tester's nor `bench/data/names20_*.tsv`'s."""

from __future__ import annotations

import pytest

from proxy.nlp.cued import spelled_titles, without_labels
from proxy.nlp.cued_values import file_word_names, keyed_values, person_key_readings, subject_names
from proxy.nlp.names import name_lists
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

TITLES = [
    ("Nurse White changed the rota.", ["White"], "Nurse"),
    ("Coach Young cancelled practice.", ["Young"], "Coach"),
    ("Detective Hall took the statement.", ["Hall"], "Detective"),
    ("Sergeant Price signed off the report.", ["Price"], "Sergeant"),
    ("Officer Day wrote the ticket.", ["Day"], "Officer"),
    ("Ask Doctor Little about the scan.", ["Little"], "Doctor"),
    ("Nurse Ratched changed the rota.", ["Ratched"], "Nurse"),
    ("Pastor Hill led the service.", ["Hill"], "Pastor"),
    ("Ask Pastor Fields about the wedding.", ["Fields"], "Pastor"),
]
CJK = [
    ("西さんに確認してください。", ["西"], ""),
    ("東先生の授業は休講です。", ["東"], ""),
    ("北様からご注文をいただきました。", ["北"], ""),
    ("関部長に報告します。", ["関"], ""),
]
VALUES = [
    ('{"name": "Sota Mazda", "role": "buyer"}', ["Sota", "Mazda"], "buyer"),
    ('{"customer_name": "Kenta Yamaha"}', ["Kenta", "Yamaha"], ""),
    ('{"contact": "Niamh O\'Brien"}', ["Niamh", "O'Brien"], ""),
    ("Attn: Mr. Hall, Accounts Receivable", ["Hall"], "Attn"),
    ("Please check Ruby_Novak_CV.pdf first.", ["Ruby", "Novak"], ""),
    ("grace-white-passport.pdf", ["grace", "white"], ""),
    ("mark_price_passport.pdf", ["mark", "price"], ""),
    ("Novak_Ruby.docx", ["Novak", "Ruby"], ""),
    ("subject=CN=Will Young,OU=Ops,O=Initech", ["Will", "Young"], "OU"),
    ("CN=Hope Price,O=Initech", ["Hope", "Price"], ""),
    ('CN="Ruby Novak",O=Initech', ["Ruby", "Novak"], "O"),
    ("Hi Rain, your refund is on its way.", ["Rain"], ""),
    ("Hi Ocean! Your booking is confirmed.", ["Ocean"], ""),
]
WORDS = [
    "Doctor Who returns at Christmas.",
    "Father Christmas visited the school.",
    "We flew Coach class again.",
    "Mother Nature is unpredictable.",
    "Nurse Staffing Report for Q3",
    "Captain Obvious strikes again.",
    "Hi Team, the deploy is done.",
    "Dear Diary, today was long.",
    "Hey Stranger, long time no see!",
    "Good morning Everyone!",
    "Attn: Accounts Payable",
    "北側の駐車場をご利用ください。",
    "東西線で行きます。",
    '{"name": "Honda Civic"}',
    '{"name": "Acme Corp", "id": 7}',
    "CN=api.initech.io,O=Initech,C=US",
    "Open Sales_Report_Q3.pdf and notes-final.docx",
    "Grant_Handler.pdf",
    "Resume_Template_2024.docx",
]


async def _people(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return [value for entity, value in await found(analyzer, text) if entity == "PERSON"]


@pytest.mark.parametrize(("text", "parts", "stays"), TITLES + CJK + VALUES)
async def test_the_name_is_redacted_and_its_cue_stays(analyzer: PiiAnalyzer, text: str, parts: list[str],
                                                      stays: str) -> None:
    people = await _people(analyzer, text)
    assert all(any(part in value for value in people) for part in parts), people
    assert not stays or not any(stays in value for value in people), people


@pytest.mark.parametrize("text", WORDS)
async def test_the_same_words_with_no_name_stay_as_written(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _people(analyzer, text) == []


def test_rules_find_only_the_names_characters() -> None:
    names = name_lists()
    text = "Ask Detective Banks and Nurse Ratched; Doctor Who and Father Christmas are no one."
    assert [(text[slice(*t)], text[slice(*n)]) for t, n in spelled_titles(text, names)] == [
        ("Detective", "Banks"), ("Nurse", "Ratched")]
    text = '{"name": "Sota Honda", "owner": "Niamh O\'Brien", "name2": "Honda Civic", "name": "Honda Civic"}'
    assert [text[a:b] for a, b in keyed_values(text, names)] == ["Sota Honda", "Niamh O'Brien"]
    text = "CN=Ruby Novak,OU=IT,O=Initech; CN=Acme Root CA,O=Acme"
    assert [text[a:b] for a, b in subject_names(text, names)] == ["Ruby Novak"]
    text = "Ruby_Novak_CV.pdf, mark-price-resume.pdf, Mark_Price.py, Sales_Report.pdf"
    assert [text[a:b] for a, b in file_word_names(text, names)] == ["Ruby_Novak", "mark-price"]


def test_a_label_and_a_title_read_as_names_are_dropped() -> None:
    names = name_lists()
    text = "Attn: Mrs. White\nPlease call Doctor Ward."
    found = [("PERSON", 0, 4, 0.85), ("PERSON", 11, 16, 0.85), ("PERSON", 29, 35, 0.85), ("PERSON", 29, 40, 0.85)]
    kept = [text[a:b] for _, a, b, _ in without_labels(text, names, found)]
    assert kept == ["White", "Ward"]


def test_a_persons_key_value_is_read_as_its_json() -> None:
    texts = ["name", "Takeshi Honda", "product", "Honda Civic", "owner", "TEAM ALPHA", "contact", "ops@acme.io"]
    documents = [[(0, "key"), (1, "string"), (2, "key"), (3, "string"), (4, "key"), (5, "string"), (6, "key"),
                  (7, "string")]]
    readings = person_key_readings(texts, documents)
    assert [(i, text, text[at:at + len(texts[i])]) for i, text, at in readings] == [
        (1, '{"name": "Takeshi Honda"}', "Takeshi Honda")]


def test_long_texts_stay_linear() -> None:
    """Each value, title and span is read in a bounded window or by bisection: thousands in one text."""
    import time

    from proxy.nlp.cued import cued_names
    from proxy.nlp.cued_values import with_valued_names
    from proxy.nlp.names import native_names

    names, native = name_lists(), native_names()
    texts = ["Doctor Young " * 4000, "CN=Julia Becker," * 3000, '{"name": "Takeshi Honda"}, ' * 2000,
             "Julia_Novak_CV.pdf " * 3000, "Hi Rain, " * 4000]
    with_valued_names("a.pdf", names, [])  # (imports the file-name recognizer's module)
    started = time.process_time()
    for text in texts:
        people = [("PERSON", i, i + 3, 0.7) for i in range(0, len(text), 17)]
        cued_names(text, names, native)
        with_valued_names(text, names, people)
        without_labels(text, names, people)
    assert time.process_time() - started < 15  # (CPU time: a loaded machine does not stretch it)
