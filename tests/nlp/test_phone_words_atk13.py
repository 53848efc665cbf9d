"""atk13 M3 and M4 (issue 12): phone words as people write them, and Indian mobiles with their trunk `0`.

M3: only a phone word's dictionary form was a context word, so a bare national number after the forms people write
on signatures, forms and cards went out as sent (both ways: the analyzer reads requests and answers alike):
abbreviations (Greek `Τηλ.`, `Κιν.`, Russian `Тел.`, `моб.`, Hebrew `טל'`, Arabic `ت:`), Greek without its accent or
in capitals (`ΤΗΛΕΦΩΝΟ`: capitals drop it) or in the genitive (`τηλεφώνου`), Egyptian Arabic `تليفون`, `محمول`,
Persian `شماره همراه`, and beyond the README's languages Turkish `Cep:`, Vietnamese `SĐT`, `điện thoại`, Indonesian
`HP:`, `Telp`, Portuguese `Cel.:`, `Whats:`. The abbreviations are read as whole words (`тел` is no context in
`учитель`, `טל` none in `מטלה`), so the same digits after other words stay.

M4: `098765 43210` (trunk 0 and the 5-5 grouping an Indian mobile number is printed in) was no phone number's
shape, even after `phone` or `मोबाइल नंबर`.

Other values and forms than the report's.
"""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

ABBREVIATED = [
    ("Στοιχεία επικοινωνίας - Τηλ.: 6945123987", "6945123987"),
    ("ΤΗΛ: 2310456789", "2310456789"),
    ("Κιν. 6987001234", "6987001234"),
    ("Τηλεφωνο επικοινωνιας 6971234560", "6971234560"),
    ("ΤΗΛΕΦΩΝΟ 6932109876", "6932109876"),
    ("Ο αριθμός τηλεφώνου μου είναι 6944556677", "6944556677"),
    ("ΚΙΝ. 6955443322", "6955443322"),
    ("Менеджер Иванова, тел.: 89261234455", "89261234455"),
    ("ТЕЛ 84951234567", "84951234567"),
    ("Моб. 89031112233", "89031112233"),
    ("тлф 89167778899", "89167778899"),
    ("Сот.: 89095554433", "89095554433"),
    ("Сотовый 89604443322", "89604443322"),
    ("Ukrainian: моб. 0671234567", "0671234567"),
    ("טל' 0547654321", "0547654321"),
    ("ט\u05dc\u05f3: 0529876543", "0529876543"),   # the Hebrew geresh
    ("טל. 0581112233", "0581112233"),
    ("סלולרי: 0503332211", "0503332211"),
    ("للتواصل: تليفون 01123456789", "01123456789"),
    ("رقم المحمول 01234567890", "01234567890"),
    ("ت : 0551234567", "0551234567"),
    ("خلوي 0791234567", "0791234567"),
    ("شماره همراه من 09351234567", "09351234567"),
    ("همراه: 09121112233", "09121112233"),
    ("شماره تماس 09197654321", "09197654321"),
    ("Cep: 05441234567", "05441234567"),
    ("GSM: 05079876543", "05079876543"),
    ("SĐT liên hệ 0987654321", "0987654321"),
    ("Điện thoại: 0281234567", "0281234567"),
    ("ĐT: 0903123456", "0903123456"),
    ("No. HP: 0813456789", "0813456789"),
    ("Tlp. 02112345678", "02112345678"),
    ("WA 0857123456", "0857123456"),
    ("Cel.: 21987654321", "21987654321"),
    ("Whats: 11976543210", "11976543210"),
    ("Celular 31991234567", "31991234567"),
]


@pytest.mark.parametrize(("text", "number"), ABBREVIATED)
async def test_a_number_after_a_phone_word_as_people_write_it_is_a_phone_number(analyzer: PiiAnalyzer, text: str,
                                                                               number: str) -> None:
    assert ("PHONE_NUMBER", number) in await found(analyzer, text)


INDIAN = [
    ("मोबाइल नंबर 099001 23456", "099001 23456"),
    ("मेरा नंबर 087654-32109 है", "087654-32109"),
    ("मोबाइल: 0 70123 45678", "0 70123 45678"),
    ("mobile 091234 56789", "091234 56789"),
    ("phone 062001-23456", "062001-23456"),
    ("Contact: 0 81234 56789", "0 81234 56789"),
    ("Reach the store at 093210 98765 after 10am", "093210 98765"),
]


@pytest.mark.parametrize(("text", "number"), INDIAN)
async def test_an_indian_mobile_with_its_trunk_zero_in_its_printed_groups_is_a_phone_number(
        analyzer: PiiAnalyzer, text: str, number: str) -> None:
    assert ("PHONE_NUMBER", number) in await found(analyzer, text)


@pytest.mark.parametrize("text", [
    # the abbreviations inside other words, and the same digits after them
    "Учитель 8912345678 сдал отчёт", "Налогоплательщик 7707083893", "Пользователь 4951234567 удалён",
    "Στην τηλεόραση 6912345678", "המטלה 0501234567 הושלמה", "تتم المعالجة 0501234567",
    # Persian `همراه` ("with") in a sentence, not a label
    "همراه با کد 1234567890 ارسال شد",
    # short numbers after the words: no phone number's length
    "Τηλ. 1234", "Тел. 12-34", "моб. 500", "HP 250 G8", "GSM 900 1800 1900", "CEP: 01310-100", "Cel 42",
    # a number without the 5-5 grouping or with no Indian mobile's first digit
    "Invoice 012345 67890", "Batch 054321 00000",
])
async def test_the_same_digits_after_other_words_or_short_numbers_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert {f for f in await found(analyzer, text) if f[0] == "PHONE_NUMBER"} == set()
