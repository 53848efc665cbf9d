"""atk14 tester B M1 and L3: brand drugs, medical devices and consumer products read as PERSON (`Eliquis 5 mg` went
up as `<PERSON_1> 5 <PERSON_2>`), two-word places (`Puerto Rico`), Japanese words (`金利`), a C++ tool (`Conan`)
and a Go call (`fmt.Errorf(`).

Other values of the same classes than the tester's (real Presidio, real spaCy model, the default policy's entities
and score floor): the texts go up with no finding, and people's names in the same frames are still found."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

CLINICAL = [  # listed brands, unlisted made-up brands before a dose or a medication word or after a verb of dosing
    "Lunesta 2 mg at bedtime for insomnia.",
    "Namenda 10 mg twice daily for dementia.",
    "Requip was increased to 1 mg at night.",
    "Give Zolvenex 8 mg IV before chemotherapy.",  # the unit went up as PERSON
    "Tevora 40 mg once daily for reflux.",
    "Lumaxin 250 mg every eight hours for the infection.",
    "Start Quelbra 10 mg nightly.",
    "Trexolin inhaler two puffs every four hours.",
    "Sorvanta XR 150 mg daily for depression.",
]

PRODUCTS = [  # listed brands with other product lines, brands holding a listed name with a product's word
    "Garmin Fenix battery drains in a day.",
    "Garmin Venu 3 will not pair with my phone.",
    "Bose Revive speaker crackles.",
    "Bose SoundLink speaker cuts out at low volume.",
    "Philips Sonicare handle stopped charging.",
    "Keurig Duo leaks from the reservoir.",
    "Ikea Kallax shelf arrived with a cracked panel.",
    "Logitech MX Keys backlight does not turn on.",
    "Ninja Creami bowl lid cracked.",
    "Ninja blender lid does not lock anymore.",
    "Zara jacket seam ripped after one wear.",
    "Zara order arrived with the wrong size.",
    "Weber Spirit igniter does not spark.",
    "Yeti Rambler lid leaks.",
    "Hertz refund for the damage deposit never came.",
    "Venmo payment is stuck in pending.",
    "Baxter monitor showed an occlusion alarm.",
    "Philips ventilator alarm was silenced.",
]

OTHERS = [  # two-word places, Japanese words of one surname and one given character, a C++ tool
    "Our Sierra Leone office opens on Monday.",
    "The San Diego team owns the billing service.",
    "We moved the team from Los Angeles to Santa Monica.",
    "Shipping to Puerto Rico is free this month.",
    "日銀は政策金利を据え置いた。",
    "医師は安静を勧めた。",
    "Conan fails to resolve the boost dependency for this profile.",
    'if err != nil { return fmt.Errorf("load config: %w", err) }',  # a function called on a package
]


@pytest.mark.parametrize("text", CLINICAL)
async def test_brand_drugs_doses_and_devices_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize("text", PRODUCTS)
async def test_consumer_brands_and_product_lines_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize("text", OTHERS)
async def test_places_japanese_words_and_tools_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "names"), [
    ("Dr. Baxter reviewed the infusion pump settings.", ["Baxter"]),
    ("Please ask Philips about the monitor leads.", ["Philips"]),
    ("Give Jane Smith 5 mg of the syrup.", ["Jane Smith"]),
    ("Zara Larsson said the order shipped late.", ["Zara Larsson"]),
    ("Mark Oakley fixed the camera mount.", ["Mark Oakley"]),
    ("Rico Alvarez moved to Puerto Rico last year.", ["Rico Alvarez"]),
    ("Ask Sierra Smith about the Sierra Leone office.", ["Sierra Smith"]),
    ("Hi Crestor, the report is attached.", ["Crestor"]),
    ("She was a huge Marta Kowalczyk fan in school.", ["Marta Kowalczyk"]),
    ("田中太郎さんが来ました。", ["田中太郎"]),
])
async def test_names_in_the_same_frames_are_still_found(analyzer: PiiAnalyzer, text: str, names: list[str]) -> None:
    got = {value for entity, value in await found(analyzer, text) if entity == "PERSON"}
    for name in names:
        assert any(name in value for value in got), (name, got)
