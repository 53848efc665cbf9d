"""fpnames14 (atk12 B FP-2, bench/url_pii.py's held-out URLs, atk12 B H2's glued labels): ordinary words read as
names. A listed first name that is a word modifying a plural noun, before "per" or a phrasal verb's particle; a
lower-case "max" before a noun; a phone's label glued to the number; the capitalised words before a place's head
("Airport", "Street", "College") are no names, while the same names where the sentence says person still are (real
Presidio, real spaCy model, the default policy's entities and score floor). Values differ from the testers'."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found, person_in


def persons(spans: set[tuple[str, str]]) -> set[str]:
    return {value for entity, value in spans if entity == "PERSON"}


@pytest.mark.parametrize("text", [
    "Pearl divers hold their breath for minutes.",          # a plural noun, then a verb and its object
    "Hunter boots keep your feet dry.",
    "Heather bushes line the old footpath.",
    "Miles per hour is the unit used on UK roads.",         # a rate
    "Max per request is 100 tokens.",
    "Max out the connection pool before scaling.",          # a phrasal verb's particle and its object
    "Mark down the price by 10% for the sale.",
    "Drew up the contract terms last week.",
    "The pod hit max memory and restarted.",                # lower-case max before a noun
    "Raise max memory to 2 GB for the worker.",
    "Amber glass bottles keep light out.",                  # a colour or a material, then a noun
    "Olive green jackets sold quickly.",
    "Grace hash partitions spill to disk early.",           # a lower-case surname that is a verb's bare form
])
async def test_a_word_first_name_used_as_the_word_is_no_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Rose Miller called this morning.", "Rose Miller"),
    ("Drew said the build is green.", "Drew"),
    ("Max Weber wrote about bureaucracy.", "Max Weber"),
    ("Please ask Grace about it.", "Grace"),
    ("Holly helps build the new site.", "Holly"),           # a verb a bare form follows: the person
    ("Max needs access to the repo.", "Max"),
    ("Dawn runs the night shift.", "Dawn"),
    ("ask max about the memory limit", "max"),
    ("Olive sent the slides.", "Olive"),
    ("Hazel sent slides yesterday.", "Hazel"),
])
async def test_the_same_names_as_persons_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize(("text", "number"), [
    ("Tlf.22 55 01 23", "22 55 01 23"),
    ("TLF.22 55 01 23", "22 55 01 23"),
    ("Tlf 41 55 01 23", "41 55 01 23"),
    ("Tlf 22 55 01 23", "22 55 01 23"),
])
async def test_a_phone_label_glued_to_its_number_is_no_name(analyzer: PiiAnalyzer, text: str, number: str) -> None:
    spans = await found(analyzer, text)
    assert persons(spans) == set()
    assert ("PHONE_NUMBER", number) in spans


@pytest.mark.parametrize("text", [
    "Parking at Raleigh Durham Airport is full.",
    "Take the Jackson Street exit.",
    "Harvey Mudd College admissions open in May.",
    "We met at Lincoln Park Station.",
    "https://x.test/?q=Virginia+Beach+hotels",
    "https://x.test/?q=Ronald+Reagan+Airport+parking",
])
async def test_the_words_before_a_place_head_are_no_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Jack Park called about the invoice.", "Jack Park"),   # a head that is also a surname: the person
    ("Emily Beach sent the file.", "Emily Beach"),
    ("Tom Lane reviewed it.", "Tom Lane"),
    ("John Smith, 12 Jackson Street, Boston", "John Smith"),
])
async def test_names_beside_a_place_word_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize("text", [
    "Tagihan Rp 350.000 bulan ini.",                        # a currency before an amount: the words label it (atk13)
    "Pendapatan Rp 4.175.220.310 tahun ini.",
    "Bajeti ni KSh 2,430,118,907.",
    "Saldo USD 12,500.00 tersedia.",
    "Mkutano wa leo ni saa tatu asubuhi.",                  # Swahili function words (atk13)
])
async def test_amount_labels_and_swahili_function_words_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Send Maria Rp 50.000 tomorrow.", "Maria"),            # a listed name before the amount stays
    ("I met Leo yesterday.", "Leo"),
    ("Asante sana, Juma atakuja kesho.", "Juma"),
])
async def test_names_beside_amounts_and_in_swahili_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)


@pytest.mark.parametrize("text", [
    "Tôi quê ở Hội An.",                                    # a short Vietnamese sentence (atk13): its words no names
    "Bạn tôi quê ở Nghệ An.",
    "species,genus,family\nwolf,Canis,Canidae\nlion,Panthera,Felidae",   # a taxonomy's family column (atk13)
    "Genus;Family\nQuercus;Fagaceae",
])
async def test_short_vietnamese_and_taxonomic_families_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Send the file to Nguyễn Đức Anh.", "Nguyễn Đức Anh"),  # Vietnamese names in an English sentence stay
    ("Tôi là Nguyễn Văn Minh.", "Nguyễn Văn Minh"),
    ("given,family\nAnna,Rossi", "Rossi"),                   # a family name's column without a taxonomy stays
])
async def test_vietnamese_names_and_family_names_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)
