"""jath38 (atk38 F13, F14): Japanese names written family + space (ASCII or ideographic) + given after a person's
label (`担当：`, `差出人:`, `お客様名`, `宛先`, `送信者`) or before an honorific (`様`, `さん`, `殿`, `先生`), and Thai
self-introductions with the cue glued to the name (`ผมชื่อ...ครับ`, `ดิฉันชื่อ...ค่ะ`, `ฉันชื่อ`, `หนูชื่อ`,
`ชื่อ ... นามสกุล ...`). Names and phrasings are mostly held out (not the report's); the look-alikes (Japanese
business prose with spaced words, company names, Thai `ชื่อ` of a file or a product) go as sent."""

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
    # Japanese, family + space + given
    ("担当：小松 美奈子（経理部）までご連絡ください。", ["小松", "美奈子"], ["（経理部）までご連絡ください。"]),
    ("渡辺 裕子 様", ["渡辺", "裕子"], [" 様"]),
    ("差出人: 高橋 健太 <noreply@example.co.jp>\n件名: 見積書", ["高橋", "健太"], ["件名: 見積書"]),
    ("お客様名 佐藤 花子 電話番号は後日", ["佐藤", "花子"], ["電話番号は後日"]),
    ("宛先：松田 亮平 様\n本文：資料を送ります。", ["松田", "亮平"], ["本文：資料を送ります。"]),
    ("送信者：西村 綾香", ["西村", "綾香"], ["送信者："]),
    ("中川　雅人さん、お世話になっております。", ["中川", "雅人"], ["お世話になっております。"]),
    ("山本 大輔 殿\n下記の通りご請求申し上げます。", ["山本", "大輔"], ["下記の通りご請求申し上げます。"]),
    ("金子 真理 先生にご相談ください。", ["金子", "真理"], ["先生にご相談ください。"]),
    ("宛名 工藤 ゆかり 様", ["工藤", "ゆかり"], ["宛名"]),
    # Thai, a self-introduction's cue glued to the name
    ("ผมชื่อสมชาย ใจดี ครับ", ["สมชาย", "ใจดี"], ["ผมชื่อ", "ครับ"]),
    ("ดิฉันชื่อสุนิสา แก้วมณีค่ะ ต้องการเปลี่ยนที่อยู่จัดส่ง", ["สุนิสา", "แก้วมณี"], ["ต้องการเปลี่ยนที่อยู่จัดส่ง"]),
    ("สวัสดีครับ ผมชื่อธีรพงษ์ สุขเจริญ ครับ สั่งของไปสองวันแล้ว", ["ธีรพงษ์", "สุขเจริญ"], ["สั่งของไปสองวันแล้ว"]),
    ("ฉันชื่อเพ็ญศรี ทองมา อายุ 28 ปี", ["เพ็ญศรี", "ทองมา"], ["อายุ 28 ปี"]),
    ("หนูชื่อปาริชาติ บุญส่งนะคะ", ["ปาริชาติ", "บุญส่ง"], ["หนูชื่อ"]),
    ("ชื่อชาญวิทย์ นามสกุลพึ่งบุญ ครับ", ["ชาญวิทย์", "พึ่งบุญ"], ["นามสกุล"]),
    ("กระผมชื่อวีระพล ศรีทอง ขอแจ้งปัญหาครับ", ["วีระพล", "ศรีทอง"], ["ขอแจ้งปัญหาครับ"]),
    ("ดิฉันชื่อว่าอรทัย มีสุข ค่ะ", ["อรทัย", "มีสุข"], ["ค่ะ"]),
]
PLAIN = [  # PII-free look-alikes
    "東京 本社 の 営業 部長 が 新製品 発表会 に 出ます。",
    "トヨタ 自動車 の 決算 発表 は 来週です。",
    "担当：営業 部長（東京本社）",
    "差出人: サポート 窓口 (自動送信)",
    "お客様名 未入力 のため エラー になります。",
    "山田 電機 様 へ請求書を送付",
    "株式会社 日立 製作所 様",
    "松本 市役所 様",
    "送信者: システム 管理者",
    "品質 管理 担当 の レビュー 結果",
    "ชื่อไฟล์ รายงาน.pdf ครับ",
    "ชื่อสินค้า เสื้อยืด สีดำ ค่ะ",
    "ชื่อไฟล์ นามสกุล .pdf ไม่ถูกต้อง",
    "ผมชื่นชอบสินค้านี้มากครับ",
    "ผมชื่อเสียงไม่ดีเลยครับ",
    "ฉันชื่อเล่นว่าอะไรดี",
    "ชื่อตาราง users นามสกุล ไฟล์ csv",
    "เปลี่ยนชื่อไฟล์ เป็น report ครับ",
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
