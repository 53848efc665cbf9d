"""cjk35 (atk33 F14, F16): names and phone numbers in CJK, Thai and transliterated Russian/Ukrainian text that went
out under the default policy: a Latin name in CJK text joined by a middle dot (`James・Smith先生`, `Anna·Müller女士`),
with an initial glued to it (`请转告J.Smith`), written in full-width letters, a mobile number after `回电`/`回電`/
`打给` (`請回電0912345678`); a Thai name and number after `ติดต่อ:`, a listed Thai given name in parentheses; a
transliterated Russian/Ukrainian given name and surname after a person's cue (`Sincerely, Oleksandr Kovalchuk`).
The look-alikes (products joined by a middle dot, Russian places, firms and eponyms, Thai desks) go as sent."""

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


NAMED = [  # (text, what must not go, what must stay as written)
    # the report's shapes (atk33 F14)
    ("James・Smith先生，您好", ["James", "Smith"], ["先生，您好"]),
    ("请联系Anna·Müller女士", ["Anna", "Müller"], ["请联系", "女士"]),
    ("请转告J.Smith明天开会", ["Smith"], ["请转告", "明天开会"]),
    ("請回電0912345678，謝謝", ["0912345678"], ["請回電", "謝謝"]),
    ("请回电13812345678", ["13812345678"], ["请回电"]),
    ("ติดต่อ: สมชาย ใจดี 0812345678", ["สมชาย", "ใจดี", "0812345678"], ["ติดต่อ:"]),
    ("Sincerely, Oleksandr Kovalchuk", ["Oleksandr", "Kovalchuk"], ["Sincerely, "]),
    # held out from the report: other names, other layouts
    ("经理Robert・Hansen已经到了", ["Robert", "Hansen"], ["经理", "已经到了"]),
    ("这是Maria·Lindqvist的报告，请审阅", ["Maria", "Lindqvist"], ["的报告"]),
    ("Thomas・Keller様、ご連絡ありがとうございます", ["Thomas", "Keller"], ["様、ご連絡"]),
    ("请把合同寄给P.Andersen律师", ["Andersen"], ["律师"]),
    ("审批人：R.Gallagher，请尽快处理", ["Gallagher"], ["审批人", "请尽快处理"]),
    ("担当はＭｉｃｈａｅｌ　Ｆｉｓｈｅｒです", ["Ｍｉｃｈａｅｌ", "Ｆｉｓｈｅｒ"], ["担当は", "です"]),
    ("有事请打给15098765432", ["15098765432"], ["有事请打给"]),
    ("收到後請回電0987654321", ["0987654321"], ["收到後請回電"]),
    ("ติดต่อ: ประยุทธ์ ศรีสุข โทร 0891234567", ["ประยุทธ์", "ศรีสุข", "0891234567"], ["ติดต่อ:"]),
    ("รับสมัครพนักงาน โทร 0923456789 (สมศักดิ์)", ["สมศักดิ์", "0923456789"], ["รับสมัครพนักงาน"]),
    ("Thanks,\nYaroslav Melnychuk", ["Yaroslav", "Melnychuk"], ["Thanks,"]),
    ("Kind regards, Lyudmila Sorokina", ["Lyudmila", "Sorokina"], ["Kind regards"]),
    ("Please send the draft to Arkadiy Belousov before noon.", ["Arkadiy", "Belousov"], ["before noon."]),
    ("Got a call from Iryna Bondarenko about the lease.", ["Iryna", "Bondarenko"], ["about the lease."]),
    ("Contact: Vyacheslav Ostrovskiy", ["Vyacheslav", "Ostrovskiy"], ["Contact:"]),
]
PLAIN = [  # PII-free look-alikes
    "请看Python 教程和Docker 容器的文档",
    "这是Spring·Boot项目的目录结构",
    "Microsoft・Windows 11のアップデート",
    "React·Native开发指南",
    "请转告A.B测试的结果",
    "运行E.Coli实验之前先消毒",
    "J.R.R.Tolkien的小说很好看",
    "请回电话给客服中心，谢谢",
    "订单号20240512001请查收",
    "ติดต่อ: ฝ่ายบริการลูกค้า",
    "ติดต่อ: กรุงเทพมหานคร",
    "ราคา (ถูกมาก) 1,250 บาท",
    "I flew from Moscow to Kyiv last year.",
    "Gazprom and Yandex reported earnings.",
    "Contact: Yandex support team",
    "We flew Aeroflot from Sheremetyevo to Pulkovo.",
    "Contact: Sberbank Online support",
    "The bus goes from Novosibirsk to Omsk.",
    "Ask about the Gagarin anniversary exhibit.",
    "Sincerely, Rostelecom",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::3])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == [], out
    assert [k for k in kept if k not in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
