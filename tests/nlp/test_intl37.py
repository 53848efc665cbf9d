"""intl37 (atk37 F04, F07, F09): whole names in other scripts and languages: Cyrillic names with a patronymic or a
surname beside a listed given name, `ФИО:` values, Arabic nasab chains to the family name, native `Name:` labels
(Telugu, Urdu, Amharic, Gujarati, Punjabi, Tamil, Malayalam, Kannada, Persian), Indic values under a `name` key, a
name after a native "customer" noun, Finnish/Latvian/Slovene/Icelandic inflected names and Irish particle names.
Values are held out (not the report's but for a few of its shapes); the look-alikes go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    # F04: Cyrillic
    ("Уважаемая Екатерина Павловна Орлова, благодарим за заказ.", ["Екатерина", "Павловна", "Орлова"],
     ["благодарим за заказ."]),
    ("Михаил Сергеевич Фёдоров подписал акт.", ["Михаил", "Сергеевич", "Фёдоров"], ["подписал акт."]),
    ("ФИО: Егоров Николай Петрович\nДолжность: инженер", ["Егоров", "Николай", "Петрович"], ["Должность: инженер"]),
    ("Куратор: Ирина Лысенко, кабинет 12", ["Ирина", "Лысенко"], ["кабинет 12"]),
    ("Клієнтка Оксана Шевчук просить повернути кошти", ["Оксана", "Шевчук"], ["просить повернути кошти"]),
    # F04: Arabic nasab chains
    ("اسم العميل: عمر بن خالد المطيري", ["عمر", "خالد", "المطيري"], ["اسم العميل:"]),
    ("العميل محمد عبد الرحمن الشمري اتصل بخصوص الفاتورة", ["محمد", "الرحمن", "الشمري"], ["اتصل بخصوص الفاتورة"]),
    ("نام مشتری: رضا محمدی", ["رضا", "محمدی"], ["نام مشتری:"]),
    # F07: native Name: labels, a name key, a customer noun
    ("పేరు: వెంకటేశ్వర రావు", ["వెంకటేశ్వర", "రావు"], ["పేరు:"]),
    ("نام: عمران خان", ["عمران", "خان"], ["نام:"]),
    ("ስም: ዳዊት መንግስቱ", ["ዳዊት", "መንግስቱ"], ["ስም:"]),
    ("નામ: કિરણ દેસાઈ", ["કિરણ", "દેસાઈ"], ["નામ:"]),
    ("ਨਾਮ: ਮਨਪ੍ਰੀਤ ਗਿੱਲ", ["ਮਨਪ੍ਰੀਤ", "ਗਿੱਲ"], ["ਨਾਮ:"]),
    ("பெயர்: அருண் விஜய்", ["அருண்", "விஜய்"], ["பெயர்:"]),
    ("പേര്: രാജീവ് മേനോൻ", ["രാജീവ്", "മേനോൻ"], ["പേര്:"]),
    ("ಹೆಸರು: ಪ್ರಕಾಶ್ ರೈ", ["ಪ್ರಕಾಶ್", "ರೈ"], ["ಹೆಸರು:"]),
    ('{"name": "శ్రీనివాస్ రెడ్డి", "city": "Hyderabad"}', ["శ్రీనివాస్", "రెడ్డి"], ['"city": "Hyderabad"']),
    ("ಗ್ರಾಹಕ ಮಂಜುನಾಥ ಗೌಡ ಕರೆ ಮಾಡಿದರು", ["ಮಂಜುನಾಥ", "ಗೌಡ"], ["ಕರೆ ಮಾಡಿದರು"]),
    ("ഉപഭോക്താവ് സുനിൽ വർഗീസ് വിളിച്ചു", ["സുനിൽ", "വർഗീസ്"], ["വിളിച്ചു"]),
    ("வாடிக்கையாளர் சுப்பிரமணியன் அழைத்தார்", ["சுப்பிரமணியன்"], ["அழைத்தார்"]),
    # F09: inflected and particle names
    ("Sovimme palaverin Matti Virtasen kanssa huomenna.", ["Matti", "Virtasen"], ["kanssa huomenna."]),
    ("Rēķinu nosūtiet Jānim Bērziņam.", ["Jānim", "Bērziņam"], ["Rēķinu nosūtiet"]),
    ("Račun pošljite Mojci Novak.", ["Mojci", "Novak"], ["Račun pošljite"]),
    ("Sendu reikninginn til Sigríðar Jónsdóttur.", ["Sigríðar", "Jónsdóttur"], ["Sendu reikninginn til"]),
    ("Applicant: Seán Ó Briain", ["Seán", "Briain"], ["Applicant:"]),
]
PLAIN = [  # PII-free look-alikes
    "ФИО: не указано",
    "Name: N/A",
    "Сегодня в Новосибирске прошла конференция по машинному обучению.",
    "Обновите Python и перезапустите сервер Ubuntu.",
    "Решение задачи Коши для уравнения Лапласа.",
    "Владимирская область граничит с Ивановской областью.",
    "البرنامج الجديد يعمل على الخادم الرئيسي",
    "العميل يريد استرداد المال من الشركة",
    "نام: نامشخص",
    "نام محصول: گوشی همراه",
    "ग्राहक सेवा केंद्र सोमवार को बंद रहेगा",
    "పేరు: తెలియదు",
    '{"name": "server01", "city": "Hyderabad"}',
    "Tapaaminen siirtyy huomiseen, kiitos.",
    "Suomen Pankki nosti korkoa.",
    "Ljubljana je glavno mesto Slovenije.",
    "Reykjavík er höfuðborg Íslands.",
    "Install Mac OS Sonoma on the MacBook.",
    "Open Visual Studio Code and run the Python debugger.",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::4])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
