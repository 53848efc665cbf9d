"""intl41 (atk41 F04, F08): a local number after the word for "phone" or "mobile" in Bengali, Tamil, Telugu,
Kannada, Malayalam, Gujarati, Punjabi, Odia, Sinhala, Burmese, Mongolian or Dhivehi (its own digits too), and a
French or Belgian mobile after `Port.` (portable), are redacted in a request's text and in an answer, whole and
streamed; years, amounts and counts after the same words, and network ports after `Port`, go as sent. Values here
are not the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.intl41 import label_phones
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


CASES = [
    # Bengali (Bangladesh), its own digits, the mobile word, a phrase between
    ("যোগাযোগ করুন, ফোন: 01819876543", "01819876543"),
    ("মোবাইল নম্বর: ০১৯১১২২৩৩৪৪ (সকাল ১০টার পর)", "০১৯১১২২৩৩৪৪"),
    # Tamil, Telugu, Kannada, Malayalam, Gujarati, Punjabi, Odia (India)
    ("அலைபேசி எண்: 94450 12345", "94450 12345"),
    ("தொலைபேசி - 9840012345", "9840012345"),
    ("మొబైల్: 9123456780", "9123456780"),
    ("ಮೊಬೈಲ್ ಸಂಖ್ಯೆ: 9740012345", "9740012345"),
    ("മൊബൈൽ: 9447012345", "9447012345"),
    ("મોબાઇલ: ૯૪૨૬૦૧૨૩૪૫", "૯૪૨૬૦૧૨૩૪૫"),
    ("ਮੋਬਾਈਲ: 9815012345", "9815012345"),
    ("ମୋବାଇଲ: 9437012345", "9437012345"),
    # Sinhala, Burmese, Mongolian, Dhivehi
    ("ජංගම දුරකථන: 071 234 5678", "071 234 5678"),
    ("ဖုန်းနံပါတ် 09 250 123 456", "09 250 123 456"),
    ("Гар утас: 8811 2345", "8811 2345"),
    ("މޮބައިލް: 960 1234", "960 1234"),
    # French and Belgian signatures
    ("Bien à vous,\nJulien Marchand\nTél. : 04 72 10 20 30\nPort. : 07 81 22 33 44", "07 81 22 33 44"),
    ("Port.: 0698765432", "0698765432"),
    ("Mob./Port. : 06 98 76 54 32", "06 98 76 54 32"),
    ("GSM/Port : 0476 55 66 77", "0476 55 66 77"),
    ("Tél. port. : +33 6 98 76 54 32", "+33 6 98 76 54 32"),
]


@pytest.mark.parametrize("text, secret", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secret: str) -> None:
    sent = await _sent(guard, text)
    assert secret not in sent
    assert "PHONE_NUMBER" in sent


@pytest.mark.parametrize("k", range(0, len(CASES), 2))
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secret = CASES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3), await _streamed(guard, text, 7)):
        assert secret not in got, got
        assert "PHONE_NUMBER" in got


LOOK_ALIKES = [
    "আমি ২০২৪ সালে নতুন ফোন কিনেছি, দাম ছিল ৩২০০০ টাকা।",
    "এই মোবাইল মডেলের 2500000 ইউনিট বিক্রি হয়েছে।",
    "கைபேசி விற்பனை 2022 இல் 38000000 ஆக இருந்தது.",
    "ఫోన్ ధర 15999 రూపాయలు, 2023 లో.",
    "ಫೋನ್ ಬೆಲೆ 24999 ರೂಪಾಯಿ.",
    "ഫോൺ 2020 ൽ വാങ്ങി, 12000 രൂപ.",
    "ફોન ૨૦૨૨ માં ખરીદ્યો, કિંમત ૧૮૫૦૦.",
    "ਫ਼ੋਨ ਦੀ ਕੀਮਤ 11000 ਰੁਪਏ.",
    "ଫୋନ 2021 ରେ 8500 ଟଙ୍କାରେ।",
    "ෆෝන් 2019 දී රුපියල් 65000.",
    "ဖုန်း ၂၀၂၄ ခုနှစ် 450000 ကျပ်",
    "Утас 2024 онд 950000 төгрөг.",
    "ފޯނު 2022 ވަނަ އަހަރު 4500",
    "Port: 8080", "port 443", "Port : 5432", "Port. : 3306", "PORT=6379", "Ports 8080 8443 9090",
    "Port: 65535, timeout 30000 ms", "Portfolio : 0612345678 shares", "Port : 22 (ssh) 10.0.0.1",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_reader() -> None:
    text = "ফোন: 01819876543\nPort. : 07 81 22 33 44\nPort: 8080\nফোন 2024"
    assert [text[a:b] for a, b in label_phones(text)] == ["01819876543", "07 81 22 33 44"]
    assert label_phones("Phone: 01819876543 and nothing of those scripts") == []
    assert label_phones("Port : 123456789") == []  # no French number
