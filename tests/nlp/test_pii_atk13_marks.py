"""atk13 H1, M1, M8, L2 (the analyzer): a value with a combining mark of any script inside it, with dash-shaped
letters doubled or spaced between its groups, an IPv4 address with the Arabic decimal separator, and names written
with vowel points or stress marks are found, each over the characters as written."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("Card 5500 00\u0eb400 0000 0004 on file.", "CREDIT_CARD", "5500 00\u0eb400 0000 0004"),
    ("My SSN is 219-0\u05b79-9999.", "US_SSN", "219-0\u05b79-9999"),
    ("Call me at +1 212 55\u09415 0199 today.", "PHONE_NUMBER", "+1 212 55\u09415 0199"),
    ("Call 212-\u0e34555-0199 now", "PHONE_NUMBER", "212-\u0e34555-0199"),
    ("The host is 10.20.3\u17b70.40 now.", "IP_ADDRESS", "10.20.3\u17b70.40"),
    ("Mail john.smith@example.o\u102drg now", "EMAIL_ADDRESS", "john.smith@example.o\u102drg"),
    ("call 212ـــ555ـــ0199 please", "PHONE_NUMBER", "212ـــ555ـــ0199"),
    ("電話 080ーーー9876ーーー5432", "PHONE_NUMBER", "080ーーー9876ーーー5432"),
    ("card 5500 ㅡ 0000 ㅡ 0000 ㅡ 0004", "CREDIT_CARD", "5500 ㅡ 0000 ㅡ 0000 ㅡ 0004"),
    ("الخادم ١٠٫٢٠٫٣٠٫٤٠ متوقف", "IP_ADDRESS", "١٠٫٢٠٫٣٠٫٤٠"),
])
async def test_values_with_marks_or_dash_letters_are_found(analyzer: PiiAnalyzer, text: str, entity: str,
                                                           value: str) -> None:
    assert (entity, value) in await found(analyzer, text)


@pytest.mark.parametrize(("text", "name"), [
    ("دعوت مُحَمَّد أَحْمَد إلى الاجتماع.", "مُحَمَّد أَحْمَد"),
    ("قابلت خَالِد العُتَيْبِي أمس.", "خَالِد العُتَيْبِي"),
    ("دعوت معزّ المهيدب إلى الاجتماع.", "معزّ المهيدب"),  # a listed name written with a shadda, plain
    ("دعوت مَعزّ اَلمهيدب إلى الاجتماع.", "مَعزّ اَلمهيدب"),
    ("דיברתי עם מֹשֶׁה כֹּהֵן אתמול.", "מֹשֶׁה כֹּהֵן"),
    ("Спасибо Ива\u0301ну Петро\u0301ву за помощь.", "Ива\u0301ну Петро\u0301ву"),
    ("Вчера я говорил с Серге\u0301ем Смирно\u0301вым о проекте.", "Серге\u0301ем Смирно\u0301вым"),
])
async def test_names_with_vowel_points_or_stress_marks_are_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    names = [value for entity, value in await found(analyzer, text) if entity == "PERSON"]
    assert any(name in value for value in names), names


@pytest.mark.parametrize("text", ["ภาษาไทยที่นี่ราคา 120 บาท", "कमरा 205 में मिलते हैं", "الدَّرْسُ الأَوَّلُ فِي الكِتَابِ.",
                                  "Заме\u0301тка о пого\u0301де на за\u0301втра.", "שָׁלוֹם עֲלֵיכֶם וּבְרָכָה."])
async def test_ordinary_marked_text_has_no_finding(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()
