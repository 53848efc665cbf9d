"""mob46 (atk45 F18, F04, F08): a national mobile number as a bare run of digits after an everyday "my mobile / my
number is" phrase (French, Dutch, Indonesian, Swahili, Tagalog, Czech, Danish, Finnish, Ukrainian, English slang), a
card or phone number read out as digit words in Dutch, Polish, Turkish, Indonesian, Vietnamese, Swedish, Greek,
Finnish, Hindi or Arabic, and a name introduced in Thai (`ชื่อของฉันคือ`), Tamil, Amharic or Khmer (or a listed Thai
name inside English prose) are redacted, in requests and (phones, cards) answers, whole and streamed; order numbers,
years, counts, counting in digit words and prose without a name go as sent. Values here are not the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.mob46 import intro46, mob46_phones, spoken46
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


# F18: everyday phrases, then a bare national number
PHONES = [
    ("Mon portable c'est 0698765432", "0698765432"),
    ("Salut ! Mon numéro c'est le 0781223344, rappelle-moi.", "0781223344"),
    ("Mon 07 : 0781223344", "0781223344"),
    ("Mijn mobiele nummer is 0687654321", "0687654321"),
    ("Nomor HP saya 082198765432", "082198765432"),
    ("Nomor HP saya adalah 085611223344 ya kak", "085611223344"),
    ("WhatsApp saya 081398765432", "081398765432"),
    ("Nambari ya simu: 0722987654", "0722987654"),
    ("Nambari yangu ya simu ni 0754321987", "0754321987"),
    ("Ang numero ko ay 09281234567", "09281234567"),
    ("Moje číslo je 737987654", "737987654"),
    ("Mit mobilnummer er 40123456", "40123456"),
    ("Puhelinnumeroni on 0451234567", "0451234567"),
    ("Мій номер 0501234567", "0501234567"),
    ("hit me up 3125550186", "3125550186"),
    ("ok my digits are 3125550186 lol", "3125550186"),
]

# F04: digit words after a card or phone word
SPOKEN = [
    ("Mijn kaartnummer is vijf een nul vijf een nul vijf een nul vijf een nul vijf een nul nul",
     "vijf een nul vijf een nul", "CREDIT_CARD"),
    ("Numer mojej karty to pięć jeden zero pięć jeden zero pięć jeden zero pięć jeden zero pięć jeden zero zero",
     "jeden zero pięć", "CREDIT_CARD"),
    ("Kart numaram beş bir sıfır beş bir sıfır beş bir sıfır beş bir sıfır beş bir sıfır sıfır",
     "bir sıfır beş", "CREDIT_CARD"),
    ("Nomor kartu saya lima satu nol lima satu nol lima satu nol lima satu nol lima satu nol nol",
     "satu nol lima", "CREDIT_CARD"),
    ("Số thẻ của tôi là năm một không năm một không năm một không năm một không năm một không không",
     "một không năm", "CREDIT_CARD"),
    ("Mitt kortnummer är fem ett noll fem ett noll fem ett noll fem ett noll fem ett noll noll",
     "ett noll fem", "CREDIT_CARD"),
    ("Mitt telefonnummer är noll sju noll ett två tre fyra fem sex sju", "fyra fem sex", "PHONE_NUMBER"),
    ("Nomor telepon saya nol delapan satu dua tiga empat lima enam tujuh delapan", "empat lima enam",
     "PHONE_NUMBER"),
    ("Το κινητό μου είναι έξι εννέα τέσσερα πέντε έξι επτά οκτώ εννέα μηδέν ένα", "επτά οκτώ", "PHONE_NUMBER"),
    ("Puhelinnumeroni on nolla neljä nolla yksi kaksi kolme neljä viisi kuusi seitsemän", "viisi kuusi",
     "PHONE_NUMBER"),
    ("Mijn telefoonnummer is nul zes twee drie vier vijf zes zeven acht negen", "zes zeven acht", "PHONE_NUMBER"),
    ("Numer telefonu: sześć zero jeden dwa trzy cztery pięć sześć siedem", "cztery pięć", "PHONE_NUMBER"),
    ("Telefon numaram sıfır beş üç iki bir iki üç dört beş altı yedi", "dört beş altı", "PHONE_NUMBER"),
    ("मेरा फ़ोन नंबर नौ आठ एक दो तीन चार पाँच छह सात शून्य है", "दो तीन चार", "PHONE_NUMBER"),
    ("رقم هاتفي خمسة صفر واحد اثنان ثلاثة أربعة خمسة ستة سبعة", "أربعة خمسة", "PHONE_NUMBER"),
]

# F08: self-introductions, a listed Thai name inside English prose
NAMES = [
    ("ชื่อของฉันคือสุนิสา แก้วมณี", "สุนิสา"),
    ("สวัสดีครับ ชื่อผมคือประเสริฐ วงศ์ใหญ่ ครับ", "ประเสริฐ"),
    ("என் பெயர் அருண் செல்வம்.", "அருண்"),
    ("வணக்கம், எனது பெயர் கவிதா ராமன்", "கவிதா"),
    ("ስሜ ሙሉጌታ አለሙ ነው።", "ሙሉጌታ"),
    ("ሰላም፣ የእኔ ስም ሄለን ተስፋዬ ይባላል።", "ሄለን"),
    ("ខ្ញុំឈ្មោះ ចាន់ សុភា។", "សុភា"),
    ("ឈ្មោះខ្ញុំគឺ ហេង សំណាង", "សំណាង"),
    ("Please send the signed copy to วิชัย ศรีสุข tomorrow.", "วิชัย"),
]


@pytest.mark.parametrize("text, secret", PHONES)
async def test_phones_after_everyday_phrases(guard: Guard, text: str, secret: str) -> None:
    for got in (await _sent(guard, text), await _answered(guard, text)):
        assert secret not in got, got
        assert "PHONE_NUMBER" in got


@pytest.mark.parametrize("k", range(0, len(PHONES), 3))
async def test_phones_streamed(guard: Guard, k: int) -> None:
    text, secret = PHONES[k]
    for got in (await _streamed(guard, text, 3), await _streamed(guard, text, 7)):
        assert secret not in got, got


@pytest.mark.parametrize("text, secret, entity", SPOKEN)
async def test_digit_words(guard: Guard, text: str, secret: str, entity: str) -> None:
    for got in (await _sent(guard, text), await _answered(guard, text)):
        assert secret not in got, got
        assert entity in got, got


@pytest.mark.parametrize("text, secret", NAMES)
async def test_introduced_names(guard: Guard, text: str, secret: str) -> None:
    got = await _sent(guard, text)
    assert secret not in got, got
    assert "PERSON" in got


LOOK_ALIKES = [
    "Mon numéro de commande c'est 0612345678",
    "Mon portable a 3 ans, je l'ai payé 45000 centimes en 2021.",
    "Het ordernummer is 0612345678.",
    "Mijn mobiele nummer is sinds 2019 hetzelfde.",
    "Nomor HP saya ganti pada 20240101, nomor pesanan 081234567890 sudah dikirim.",
    "Nomor pesanan saya 081234567890",
    "Mit kundenummer er 20123456",
    "Moje číslo objednávky je 601123456",
    "Puhelinnumeroni vaihtui vuonna 2020, tilausnumero 0401234567.",
    "hit me up at 5, we ship 12345678 units",
    "my digits are 8 and 3",
    "Ang numero ko sa pila ay 12.",
    "Мій номер замовлення 0671234567",
    "vier of vijf mensen, een twee drie!",
    "We tellen: een twee drie vier vijf zes zeven acht negen.",
    "Kart numaram değişti, bir iki gün sürer.",
    "Liczymy: jeden dwa trzy cztery pięć sześć siedem osiem.",
    "Kortet kostar fem hundra kronor och sex kronor i avgift.",
    "วันนี้อากาศดีมาก เราไปเที่ยวทะเลกัน",
    "Please email the contract to ทีมขาย ฝ่ายบัญชี tomorrow.",
    "இன்று வானிலை நன்றாக உள்ளது.",
    "ዛሬ አየሩ ጥሩ ነው።",
    "ስሜት ጥሩ ነው፣ አመሰግናለሁ።",
    "ថ្ងៃនេះអាកាសធាតុល្អ។",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_readers() -> None:
    text = "Mon portable c'est 0698765432. Mon numéro de commande c'est 0612345678."
    assert [text[a:b] for a, b in mob46_phones(text)] == ["0698765432"]
    assert mob46_phones("Mon portable c'est 1234567890") == []  # no valid French number
    assert mob46_phones("no digits here, hit me up") == []
    assert mob46_phones("Ang order number ko ay 09171234567") == []  # an order's word before the phrase
    text = "Mitt telefonnummer är noll sju noll ett två tre fyra fem sex sju, tack."
    assert [(e, text[a:b]) for e, a, b in spoken46(text)] == [
        ("PHONE_NUMBER", "noll sju noll ett två tre fyra fem sex sju")]
    assert spoken46("een twee drie vier vijf zes zeven acht") == []  # counting, no cue
    assert spoken46("Mijn nummer is een een een een een een een") == []  # one digit repeated
    text = "ชื่อของฉันคือสุนิสา แก้วมณี"
    assert [text[a:b] for a, b in intro46(text)] == ["สุนิสา แก้วมณี"]
    assert intro46("My name is Ana") == []
