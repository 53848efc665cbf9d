"""atk11 B-H2 and B-M4 (issue 12).

H2: names in Cyrillic and Arabic script were found only in faker's dictionary form. Russian and Ukrainian put a
name in a case (`с Иваном Петровым`, `Позвоните Сергею Кузнецову`, `з Іваном Шевченком`, `Олені Коваленко`), Arabic
glues a preposition or conjunction to it (`لمحمد أحمد`) and writes family names with `ال` (`خالد العتيبي`); all went
upstream verbatim. A lone capitalised first name in a Cyrillic sentence, not at its start, is a name too
(`Спасибо Анне`). Ordinary Russian, Ukrainian and Arabic sentences (word-names `Вера`, `Надежда`, `Слава Богу`,
`صباح الخير`, `رضا العملاء`, `بنجاح كامل`) stay.

M4: a national number after an Arabic, Persian, Hindi or Hebrew phone word (`رقم الهاتف 0501234567`, `मोबाइल नंबर
98765 43210`, `شماره تلفن 09123456789`, `טלפון: 0501234567`) was not read as a phone number; the same digits
without the word, and short numbers after those words, stay.
"""

from __future__ import annotations

import pytest

from proxy.nlp.native_forms import al_family, arabic_proclitic, cyrillic_base, lone_cyrillic_first
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import DEFAULT_ENTITIES, found

INFLECTED = [
    ("Пожалуйста, свяжитесь с Иваном Петровым.", "Иваном Петровым"),
    ("Встреча с Анной Ивановой в пятницу.", "Анной Ивановой"),
    ("Позвоните Сергею Кузнецову сегодня.", "Сергею Кузнецову"),
    ("Это задача Марии Смирновой.", "Марии Смирновой"),
    ("Я написал Дмитрию Соколову.", "Дмитрию Соколову"),
    ("Передайте счёт Елене Поповой.", "Елене Поповой"),
    ("Спросите у Алексея Морозова про сервер.", "Алексея Морозова"),
    ("Отчёт от Ольги Волковой пришёл.", "Ольги Волковой"),
    ("Договор подписан Николаем Лебедевым.", "Николаем Лебедевым"),
    ("Мы ждём ответа от Татьяны Новиковой.", "Татьяны Новиковой"),
    ("Зв'яжіться з Іваном Шевченком.", "Іваном Шевченком"),
    ("Передайте рахунок Олені Коваленко.", "Олені Коваленко"),
    ("Зателефонуйте Лукʼяну Шахраю сьогодні.", "Лукʼяну Шахраю"),        # an apostrophe inside the word
    ("Валерій Бабʼяк прийде на зустріч завтра.", "Валерій Бабʼяк"),
    ("Зв'яжіться з Леопольдом Ващенко-Захарченком.", "Леопольдом Ващенко-Захарченком"),  # a hyphenated surname
    ("Я написав Леоніду Дурдинцю зранку.", "Леоніду Дурдинцю"),           # -ець: the е drops
    ("Спасибо, Анна!", "Анна"),
    ("Спасибо Анне за помощь.", "Анне"),
    ("Я отправил письмо Ивану.", "Ивану"),
    ("أرسلت التقرير لمحمد أحمد.", "محمد أحمد"),
    ("تحدثت مع خالد العتيبي أمس.", "خالد العتيبي"),
    ("وصل بريد من سارة الحربي.", "سارة الحربي"),
    ("فاطمة الزهراء أرسلت التقرير.", "فاطمة الزهراء"),
    ("سلمت الملف بمحمد أحمد وبخالد العتيبي.", "خالد العتيبي"),
]

ORDINARY = [
    "Вера в успех важна для команды.",
    "Слава Богу, всё работает после обновления.",
    "Мы верим в Надежду и Веру.",
    "Поздравляю с 8 Марта!",
    "Москва и Киев остаются в списке городов.",
    "Сервер перезапустился в пятницу вечером.",
    "Отчёт за квартал отправлен в бухгалтерию.",
    "Оновлення встановлено, сервер працює стабільно.",
    "Будь ласка, перевірте рахунок до понеділка.",
    "صباح الخير يا أصدقاء، الاجتماع في العاشرة.",
    "رضا العملاء مهم جدا لنا.",
    "تم التنفيذ بنجاح كامل.",
    "نور الشمس قوي جدا في الصيف.",
    "أرسلت التقرير إلى المدير أمس.",
    "وصل البريد من الشركة صباح اليوم.",
    "سعيد الحظ من يجد عملا قريبا.",
]


@pytest.mark.parametrize(("text", "name"), INFLECTED)
async def test_names_in_the_forms_sentences_put_them_in_are_found(analyzer: PiiAnalyzer, text: str,
                                                                   name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    start = text.index(name)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    assert {i for i in range(start, start + len(name)) if not text[i].isspace()} <= covered


async def test_an_arabic_proclitic_stays_outside_the_name(analyzer: PiiAnalyzer) -> None:
    text = "أرسلت التقرير لمحمد أحمد."
    assert ("PERSON", "محمد أحمد") in await found(analyzer, text)


@pytest.mark.parametrize("text", ORDINARY)
async def test_ordinary_russian_ukrainian_and_arabic_text_is_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert {f for f in await found(analyzer, text) if f[0] == "PERSON"} == set()


def test_cyrillic_case_endings_read_back_to_the_dictionary_form() -> None:
    for word in ("Иваном", "Сергею", "Дмитрию", "Марии", "Анной", "Ольги", "Петровым", "Кузнецову", "Ивановой",
                 "Іваном", "Олені", "Шевченком", "Николаем", "Павла", "Натальей"):
        assert cyrillic_base(word)[0], word
    assert cyrillic_base("Сергею") == (True, True) and cyrillic_base("Петровым") == (True, False)
    for word in ("иваном", "ИВАНОМ", "Сервером", "Отчёта", "Пятницу", "Москвы"):
        assert cyrillic_base(word) == (False, False), word


def test_a_lone_first_name_needs_capitals_a_place_inside_the_sentence_and_no_word_reading() -> None:
    def lone(text: str, word: str) -> bool:
        start = text.index(word)
        return lone_cyrillic_first(text, start, start + len(word))

    assert lone("Спасибо Анне за помощь.", "Анне") and lone("Спасибо, Анна!", "Анна")
    assert not lone("Анна придёт завтра.", "Анна")           # the sentence's start: a capital says nothing
    assert not lone("Готово. Анна придёт завтра.", "Анна")
    assert not lone("Мы верим в Веру.", "Веру") and not lone("Ждём Надежду.", "Надежду")
    assert not lone("Позвоните Петрову.", "Петрову")        # a surname alone is not enough


def test_arabic_proclitics_and_al_family_names() -> None:
    names = frozenset({"محمد", "أحمد"})
    assert arabic_proclitic("لمحمد", names) == 1 and arabic_proclitic("وبأحمد", names) == 2
    assert arabic_proclitic("محمد", names) == 0 and arabic_proclitic("لمحمود", names) == 0
    assert al_family("العتيبي") and al_family("الحربي") and al_family("الزهراء")
    assert not al_family("الذي") and not al_family("الخير") and not al_family("العملاء") and not al_family("الثاني")


PHONES = [
    ("رقم الهاتف 0501234567", "0501234567"),
    ("الجوال: 0501234567", "0501234567"),
    ("اتصل بي على 0501234567", "0501234567"),
    ("رقم الجوال ٠٥٠١٢٣٤٥٦٧", "٠٥٠١٢٣٤٥٦٧"),
    ("هاتف: 0501234567", "0501234567"),
    ("هاتف0501234567", "0501234567"),
    ("मोबाइल नंबर 98765 43210", "98765 43210"),
    ("मेरा नंबर 9876543210 है", "9876543210"),
    ("फ\u093cोन: 9876543210", "9876543210"),
    ("\u095eोन: 9876543210", "9876543210"),
    ("شماره تلفن 09123456789", "09123456789"),
    ("تلفن همراه من ۰۹۱۲۳۴۵۶۷۸۹", "۰۹۱۲۳۴۵۶۷۸۹"),
    ("טלפון: 0501234567", "0501234567"),
    ("Мой телефон 89123456789", "89123456789"),
]


@pytest.mark.parametrize(("text", "number"), PHONES)
async def test_phone_numbers_after_phone_words_of_other_scripts_are_found(analyzer: PiiAnalyzer, text: str,
                                                                          number: str) -> None:
    assert ("PHONE_NUMBER", number) in await found(analyzer, text)


@pytest.mark.parametrize("text", [
    "0501234567", "98765 43210", "9876543210", "09123456789", "۰۹۱۲۳۴۵۶۷۸۹",
    "سعر الهاتف 1500 ريال", "طراز الهاتف 2024", "कमरा नंबर 204", "मोबाइल ऐप का संस्करण 3.2.1",
    "بيع 12500 هاتف في 2024", "טלפון חדש עולה 3500 שקל", "تلفن من 2 سال پیش خریده شد",
    "रोल नंबर 12345678", "Телефон стоит 45000 рублей",
])
async def test_numbers_without_a_phone_word_or_no_phones_after_one_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert {f for f in await found(analyzer, text) if f[0] == "PHONE_NUMBER"} == set()
