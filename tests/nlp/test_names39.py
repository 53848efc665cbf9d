"""names39 (atk38 F05, F06): common names of origins the lists under-covered (Southern African, Mongolian, Andean,
Pacific, Hungarian, Ukrainian, Central Asian, Indonesian, Kurdish, Ethiopian, Somali, Nigerian, Iranian) in ordinary
frames (`cc`, `by`, `Approved-by:`, `Customer:`, chat exports, Teams headers, EDIFACT NAD/CTA), names written without
their diacritics, and Persian names in Persian text (Persian yeh and kaf, `-زاده`/`-پور` surnames). Names and
phrasings are held out (not the report's); the look-alikes (English words that are names elsewhere, Persian and
Arabic prose with words ending in `ی`) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.names import name_lists, native_names
from proxy.nlp.names39 import GIVEN, SURNAMES, folded, persian_cued, persian_family, persian_forms, persian_titled
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
    ("Ticket moved to Tumelo Nkosi by the triage bot.", ["Tumelo", "Nkosi"], ["by the triage bot."]),
    ("cc Palesa Mahlangu", ["Palesa", "Mahlangu"], ["cc "]),
    ("Approved-by: Siyabonga Ngcobo", ["Siyabonga", "Ngcobo"], ["Approved-by: "]),
    ("Customer: yeah its Bolormaa Ochirbat", ["Bolormaa", "Ochirbat"], ["Customer: yeah its "]),
    ("Approved-by: Killa Apaza", ["Killa", "Apaza"], ["Approved-by: "]),
    ("Customer: yeah its Sumaq Ticona", ["Sumaq", "Ticona"], ["Customer: yeah its "]),
    ("Customer: yeah its Yupanqui Choque", ["Yupanqui", "Choque"], ["Customer: yeah its "]),
    ("cc Munkhbat Dashnyam", ["Munkhbat", "Dashnyam"], ["cc "]),
    ("Ticket reassigned to Guled Warsame by the bot.", ["Guled", "Warsame"], ["by the bot."]),
    ("Please loop in Semisi Vaipulu on the invoice.", ["Semisi", "Vaipulu"], ["on the invoice."]),
    ("Signed off by Anahera Tawhiri.", ["Anahera", "Tawhiri"], ["Signed off by "]),
    ("cc Levente Szabo", ["Levente", "Szabo"], ["cc "]),
    ("Reviewed-by: Yaroslav Tkachenko", ["Yaroslav", "Tkachenko"], ["Reviewed-by: "]),
    ("Assigned to Aruzhan Ospanov", ["Aruzhan", "Ospanov"], ["Assigned to "]),
    ("The courier gave the parcel to Dewi Wibowo at the gate.", ["Dewi", "Wibowo"], ["at the gate."]),
    ("cc Berivan Talabani", ["Berivan", "Talabani"], ["cc "]),
    ("Interview with Meron Tesfaye at 3 pm.", ["Meron", "Tesfaye"], ["at 3 pm."]),
    ("Requested by: Ifrah Abdullahi", ["Ifrah", "Abdullahi"], ["Requested by: "]),
    ("Approved-by: Chiamaka Okeke", ["Chiamaka", "Okeke"], ["Approved-by: "]),
    # chat exports and a Teams header
    ("[1/2/25, 8:15:42 PM] Katlego Zwane: see you at the gate", ["Katlego", "Zwane"], [": see you at the gate"]),
    ("[12/3/24, 10:10:01 AM] Sherzod Tursunov: running late", ["Sherzod", "Tursunov"], [": running late"]),
    ("Melnyk, Ostap 11:02 AM\nPushed the hotfix", ["Melnyk", "Ostap"], ["11:02 AM\nPushed the hotfix"]),
    # EDIFACT
    ("UNH+1+ORDERS:D:96A:UN'\nNAD+BY+++Nkosi:Tumelo+4 Oak Rd+Durban++4001+ZA'\nCTA+IC+:Tumelo Nkosi'",
     ["Nkosi", "Tumelo"], ["UNH+1+ORDERS:D:96A:UN'", "+Durban++4001+ZA'"]),
    # written without the diacritics
    ("cc Zsofia Kovacs", ["Zsofia", "Kovacs"], ["cc "]),
    # Persian
    ("سلام، اسم من شیرین یوسفی است.", ["شیرین", "یوسفی"], ["اسم من", "است."]),
    ("من کامران باقری هستم", ["کامران", "باقری"], ["هستم"]),
    ("سمیرا نجفی عزیز، سفارش شما ارسال شد.", ["سمیرا", "نجفی"], ["عزیز، سفارش شما ارسال شد."]),
    ("آقای پیمان قاسمی لطفا تماس بگیرید.", ["پیمان", "قاسمی"], ["لطفا تماس بگیرید."]),
    ("گزارش را مهدی حسن‌زاده نوشت.", ["مهدی", "حسن‌زاده"], ["گزارش را"]),
    ("با تشکر، سینا تقی‌پور", ["سینا", "تقی‌پور"], ["با تشکر"]),
    # a surname of the -ی form no list holds, and a given name alone, inside a Persian cue
    ("اسم من نسرین کاشانی است.", ["نسرین", "کاشانی"], ["اسم من", "است."]),
    ("من پیمان دهقانی هستم", ["پیمان", "دهقانی"], ["هستم"]),
    ("خانم زینب لطفا با ما تماس بگیرید.", ["زینب"], ["خانم", "لطفا با ما تماس بگیرید."]),
    ("من حسین هستم و سفارش دادم.", ["حسین"], ["هستم و سفارش دادم."]),
]
PLAIN = [  # PII-free look-alikes
    "The bat flew out of the cave at dusk.",
    "Use bold text for the headings and keep the body plain.",
    "Order a pita with hummus and a side of falafel.",
    "The Zulu time on the log is 14:00Z.",
    "The Tau statistic measures rank correlation.",
    "Neo4j stores the graph; query it with Cypher.",
    "Tonga and Samoa played in the Pacific Nations Cup.",
    "Our Kazakh and Uzbek customers prefer invoices in Russian.",
    "Selamat pagi means good morning in Malay.",
    "Budapest, Debrecen and Szeged are the largest Hungarian cities.",
    "Table: id | value | unit\n1 | 42.0 | kg\n2 | 17.5 | kg",
    "دوست عزیز، از همکاری شما سپاسگزاریم.",
    "امید داریم که جلسه بعدی بهتر باشد.",
    "اسم من در فهرست نیست.",
    "من دانشجوی کارشناسی ارشد هستم.",
    "آقای مدیر گفت که جلسه لغو شد.",
    "خانم دکتر امروز نیست.",
    "من خیلی خسته هستم.",
    "سیستم عامل جدید روی همه رایانه‌ها نصب شد.",
    "مرحله بعدی، نصب کتابخانه‌های پایتون است.",
    "زندگی در شهرهای بزرگ هزینه زیادی دارد.",
    "شكرا جزيلا على مساعدتك الكريمة.",
    "تم إرسال طلبك وسيصل خلال ثلاثة أيام.",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


def test_lists_hold_no_english_word() -> None:
    """No added name is among the English lists' 5,000 commonest words (`bat`, `bold`, `zulu`, `pita`: left out)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS as lists

    top = set(lists["english_wikipedia"][:5_000]) | set(lists["us_tv_and_film"][:5_000])
    assert sorted((GIVEN | SURNAMES) & top) == []
    names = name_lists()
    assert {"thabo", "batbayar", "zsofia"} <= names.first and {"mokoena", "dorj", "fifita"} <= names.last


def test_folded_and_persian_forms() -> None:
    assert folded(["zsófia", "wójcik", "łukasz", "bārds", "noé"], {"bard"}) == {"zsofia", "wojcik", "lukasz"}
    assert persian_forms(["رضایی"]) == {"رضایی", "رضايي"}
    assert "عزیز" not in persian_forms(["عزيز"])  # dear, in Persian
    native = native_names()
    assert {"مریم", "مريم"} <= native.first["arabic"] and {"حسینی", "حسيني"} <= native.last["arabic"]
    assert persian_family("حسن\u200cزاده") and persian_family("علیپور") and not persian_family("پور")
    assert persian_cued("خانم مریم گلستانی", 5, 17) and not persian_cued("خانم مریم خیلی", 5, 14)
    assert persian_titled("خانم مریم", 5, 9) and not persian_titled("دیروز مریم رفت", 6, 10)


def test_no_function_word_of_another_language_becomes_a_name() -> None:
    """No added or folded name is a function word of a language spaCy lists (`trọng` is Vietnamese `trong`, `Póder`
    Spanish `poder`, `Oleh` Indonesian `oleh`, `Cele` Romanian `cele`)."""
    from proxy.nlp.names import _faker_names
    from proxy.nlp.recognizers import load_stop_words

    first, last = _faker_names()
    added = (GIVEN | SURNAMES | folded(first | last, frozenset())) - first - last  # (faker's own: `Joko`, `Andre`)
    added -= {"mele"}  # Tongan `Mele` (Mary): Romanian `mele` (my) follows its noun, in lower case
    assert {lang: sorted(words & added) for lang, words in load_stop_words().items() if words & added} == {}
