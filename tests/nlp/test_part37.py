"""part37 (atk36 F10, F17, F08, F09): a name whose given name alone was found (court captions in capitals, a
hyphenated surname, an iCal `CN=`, Polish names in their dative/instrumental forms after `Panu`/`Panią`), a name
with a Cyrillic or Greek look-alike letter in each part, a second Latin name joined by a middle dot in a Chinese
list and an initial glued to an unlisted surname before `様`, a Thai name after a customer's/contact's label without
an honorific. Names and phrasings are held out (not the report's); the look-alikes go as sent."""

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
    # F10: captions, hyphenated surnames, iCal CN=, Polish cases
    ("ADEBAYO OGUNDIPE, Plaintiff,\nv.\nPINNACLE FOODS INC., Defendant.", ["ADEBAYO", "OGUNDIPE"],
     ["PINNACLE FOODS INC., Defendant."]),
    ("PINNACLE FOODS INC., Plaintiff,\nv.\nLEILA HADDAD-NASSAR, Defendant.", ["LEILA", "HADDAD", "NASSAR"],
     ["PINNACLE FOODS INC., Plaintiff,", ", Defendant."]),
    ("IN RE: GRZEGORZ PAWŁOWSKI, Debtor.", ["GRZEGORZ", "PAWŁOWSKI"], ["IN RE: ", ", Debtor."]),
    ("ORGANIZER;CN=Youssef Ben-Haddou:mailto:youssef@example.com", ["Youssef", "Ben-Haddou", "Haddou"],
     ["ORGANIZER;CN=", ":mailto:"]),
    ("Rozmawiałam wczoraj z Panią Ewą Dąbrowską o fakturze.", ["Ewą", "Dąbrowską"], ["o fakturze."]),
    ("Przekaż dokumenty Panu Michałowi Nowakowskiemu do piątku.", ["Michałowi", "Nowakowskiemu"], ["do piątku."]),
    # F17: a look-alike letter in each part
    ("Please ring \u0410daeze Nw\u043esu tomorrow about the lease.", ["daeze", "Nw\u043esu"], ["tomorrow"]),
    ("The invoice is for \u0412\u0435atrice H\u0430lvorsen, due Friday.", ["atrice", "lvorsen"], ["due Friday."]),
    # F08: a middle dot's second name, an initial before an honorific
    ("与会者：Henrik·Larsson、Ingrid·Bergqvist（斯德哥尔摩）", ["Henrik", "Larsson", "Ingrid", "Bergqvist"],
     ["与会者：", "（斯德哥尔摩）"]),
    ("担当：K.Ivanenko様へ送付してください。", ["Ivanenko"], ["様へ送付してください。"]),
    # F09: Thai names after a customer's / contact's label
    ("ลูกค้าชื่อ ธนากร ศรีสวัสดิ์ โทร 086-555-0192", ["ธนากร", "ศรีสวัสดิ์", "086-555-0192"], ["ลูกค้าชื่อ", "โทร"]),
    ("ชื่อลูกค้า พิมพ์ชนก วงศ์ทอง ขอเปลี่ยนที่อยู่", ["พิมพ์ชนก", "วงศ์ทอง"], ["ชื่อลูกค้า", "ขอเปลี่ยนที่อยู่"]),
]
PLAIN = [  # PII-free look-alikes
    "The Plaintiff filed a motion; the Defendant objected.",
    "ACME CORP., Defendant.",
    "NORTHWIND TRADERS LLC, Plaintiff,\nv.\nCONTOSO LTD., Defendant.",
    "Plaintiff's counsel and Defendant's counsel met on Monday.",
    "EXECUTIVE SUMMARY\nQuarterly revenue grew 12 percent.",
    "Proszę przesłać raport do działu finansów do piątku.",
    "Spotkanie odbędzie się w Warszawie w sali konferencyjnej.",
    "Москва — столица России, а Киев — столица Украины.",
    "Київ та Львів — великі міста України.",
    "Спасибо за B-дерево и R-tree.",
    "产品列表：iPhone·iPad·MacBook（苹果）",
    "技术栈：Spring·Boot项目、Vue·Router",
    "型号：Model·S、Model·X（特斯拉）",
    "ชื่อ ไฟล์ ต้องไม่ยาวเกิน 20 ตัวอักษร",
    "กรุณาตรวจสอบชื่อ ผู้ใช้ และรหัสผ่าน",
    "The Smith-Waterman algorithm aligns sequences.",
    "Mercedes-Benz and Rolls-Royce reported earnings.",
    "Ich habe den Bericht gelesen und die Tabelle geprüft.",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::2])
@pytest.mark.parametrize("size", [0, 3])
async def test_names_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                         size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
