"""ja40 (atk38 F07, F13, F14 and atk39 F01 leftovers): one-character Japanese surnames of the staff in charge
(`担当：林`, `担当の関が対応します`), a Japanese surname after a Latin cue (`from 堀 (sales)`) or one space before an
honorific (`岡 先生`), a kana reading on the line after its label (`ふりがな\\nやまだ たろう`), Han names with their
readings under a `氏名（フリガナ）` header, initials and a surname without a cue (`R. J. Albuquerque signed`,
`K. Brandstaetter will review it`), and Thai surnames an auxiliary's syllable starts at a clause's end (`ดิฉันชื่อนภา
มีสุข`). The look-alikes (Japanese prose with the same characters, dotted abbreviations, outlines, species,
initialed companies, Thai sentences) go as sent."""

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
    ("担当：林", ["林"], ["担当："]),
    ("担当者: 森（営業部）までご連絡ください。", ["森"], ["（営業部）までご連絡ください。"]),
    ("本件は担当の関が対応します。", ["関"], ["が対応します。"]),
    ("担当は辻です。よろしくお願いします。", ["辻"], ["よろしくお願いします。"]),
    ("Thanks, see the note from 堀 (sales) below.", ["堀"], ["(sales) below."]),
    ("Regards, 岡", ["岡"], ["Regards,"]),
    ("岡 先生によろしくお伝えください。", ["岡"], ["先生によろしくお伝えください。"]),
    ("加藤 先生の講義は明日です。", ["加藤"], ["先生の講義は明日です。"]),
    ("ふりがな\nやまだ たろう\n山田 太郎", ["やまだ", "たろう", "山田", "太郎"], ["ふりがな\n"]),
    ("フリガナ\nスズキ イチロウ\n電話：090-2222-3333", ["スズキ", "イチロウ", "090-2222-3333"], ["フリガナ\n"]),
    ("氏名（フリガナ）,電話\n鈴木一郎（スズキイチロウ）,090-2222-3333", ["鈴木", "スズキ"], ["氏名（フリガナ）,電話"]),
    ("氏名（ふりがな）\n井上真央（いのうえまお）", ["井上", "いのうえ"], ["氏名（ふりがな）"]),
    ("R. J. Albuquerque signed the form.", ["Albuquerque"], ["signed the form."]),
    ("K. Brandstaetter will review it.", ["Brandstaetter"], ["will review it."]),
    ("Thanks to M. K. Raghunathan for the data.", ["Raghunathan"], ["for the data."]),
    ("The draft is due. A. B. Oyelaran wrote the spec.", ["Oyelaran"], ["wrote the spec."]),
    ("ดิฉันชื่อนภา มีสุข", ["นภา", "มีสุข"], ["ดิฉันชื่อ"]),
    ("ผมชื่อวิชัย ได้ดี\nขอบคุณครับ", ["วิชัย", "ได้ดี"], ["ขอบคุณครับ"]),
]

PLAIN = [
    "林の中を歩くのが好きです。",
    "森の中で休みましょう。",
    "担当部署：営業部",
    "担当：営業",
    "担当者：未定",
    "島に行きます。",
    "関数の定義を教えてください。",
    "原因は不明です。",
    "from 東京 (Tokyo office)",
    "by 中国 and 日本",
    "The U. S. Army announced it.",
    "U.S. Army policy applies.",
    "J. P. Morgan reported earnings.",
    "H. J. Heinz makes ketchup.",
    "A. I. Research group meeting",
    "e.g. Python is fine",
    "She has a Ph.D. in Physics.",
    "A. Overview of the system",
    "B. Kubernetes setup",
    "Option B. Terraform is better",
    "E. coli was found in the sample.",
    "T. Rex fossils are rare.",
    "C. Diff infection rates rose.",
    "W. Virginia coal mines",
    "See J. Biol. Chem. for details.",
    "ผมชอบกินข้าวมาก ครับ",
    "วันนี้อากาศดีมาก",
    "ฉันมีสุขภาพดี",
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


async def test_thai_verb_phrase_after_a_name_stays(guard: Guard) -> None:
    sent = await _sent(guard, "ผมชื่อสมชาย มีปัญหา")
    assert "สมชาย" not in sent and sent.endswith(" มีปัญหา")
