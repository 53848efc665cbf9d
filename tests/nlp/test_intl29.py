"""intl29 (atk28 F12/F18): a national phone number written as bare digits after its language's phone word, as a JSON
value under that word, or in a table's column under it, is a phone number; a number after another word is not."""

from __future__ import annotations

import pytest

from proxy.nlp.intl29 import national_phones, with_national_phones
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _analyze_chunks

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]

PHONES = [
    ("Teléfono: 612345678", "612345678"),
    ("Mi número de teléfono es 612345678", "612345678"),
    ("Mi móvil es 612345678.", "612345678"),
    ("Numer telefonu: 512345678", "512345678"),
    ("Mój numer to 512345678.", "512345678"),
    ("Mon portable : 0612345678", "0612345678"),
    ("Tél : 0612345678", "0612345678"),
    ("Mon numéro : 0612345678", "0612345678"),
    ("Meine Handynummer ist 015123456789.", "015123456789"),
    ("Мой номер 89123456789", "89123456789"),
    ("Mobiel: 0612345678", "0612345678"),
    ("제 번호는 01012345678입니다.", "01012345678"),
    ("Numaram 05321234567.", "05321234567"),
    ("Mitt nummer är 0701234567.", "0701234567"),
    ("המספר שלי 0521234567", "0521234567"),
    ("Nomor saya 081234567890.", "081234567890"),
    ("Meu celular é 11912345678.", "11912345678"),
    ('{"nombre": "Lucía Fernández", "telefono": "612345678"}', "612345678"),
    ('{"movil": "612345678"}', "612345678"),
    ('{"imie": "Krzysztof", "telefon": "512345678"}', "512345678"),
    ('{"naam": "Sanne", "mobiel": "0612345678"}', "0612345678"),
    ('{"handy": "015123456789"}', "015123456789"),
    ("Name;Telefon\nJürgen Becker;015123456789", "015123456789"),
    ("Name,Telefonnummer\nJürgen Becker,015123456789", "015123456789"),
    ("Name;Handy\nJürgen Becker;015123456789", "015123456789"),
    ("Nombre,Móvil\nLucía Fernández,612345678", "612345678"),
    ("Imię i nazwisko;Telefon\nKrzysztof Nowak;512345678", "512345678"),
]

KEPT = [
    "Bestellnummer 015112345678",
    "Kundennummer: 0612345678",
    "Pedido 612345678",
    "Mi número de pedido es 612345678",
    "Mój numer zamówienia to 512345678",
    "Teléfono nuevo, pagué 612345678 pesos",
    "Telefon: 20240115",  # a date: too short
    "Teléfono: 123456789",  # no Spanish number
    "Name;Bestellnummer\nJürgen;015123456789",
    "Telefon;Bestellnummer\n030 1234;015123456789",
]


@pytest.mark.parametrize(("text", "number"), PHONES)
def test_found(text: str, number: str) -> None:
    assert [text[a:b] for a, b in national_phones(text)] == [number]


@pytest.mark.parametrize("text", KEPT)
def test_kept(text: str) -> None:
    assert national_phones(text) == []


def test_weak_reading_gives_way() -> None:
    text = "Teléfono: 612345678"
    found = with_national_phones(text, [("US_SSN", 10, 19, 0.05)])
    assert found == [("PHONE_NUMBER", 10, 19, 0.85)]
    strong = [("PHONE_NUMBER", 10, 19, 0.75)]
    assert with_national_phones(text, strong) == strong


@pytest.mark.parametrize(("text", "number"), PHONES[:5] + PHONES[17:19] + PHONES[22:24])
def test_analyzer_reads_phone(text: str, number: str) -> None:
    (found,) = _analyze_chunks(DEFAULT_SPACY_MODEL, [text], ENTITIES)
    at = text.index(number)
    assert any(e == "PHONE_NUMBER" and s <= at and at + len(number) <= en and sc >= 0.4
               for e, s, en, sc in found), found


@pytest.mark.parametrize("text", KEPT[:5])
def test_analyzer_keeps(text: str) -> None:
    (found,) = _analyze_chunks(DEFAULT_SPACY_MODEL, [text], ENTITIES)
    assert not any(e == "PHONE_NUMBER" and sc >= 0.4 for e, _, _, sc in found), found
