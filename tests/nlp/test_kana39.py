"""kana39 (atk39 F01): Japanese names in their kana reading (full- or half-width katakana, hiragana) after a label
that names a person (`お名前（カナ）`, `口座名義`, `振込依頼人`, `契約者`...), in a CSV's reading column (`顧客名カナ`,
`フリガナ`), in brackets right after a found name, and a listed surname of the staff in charge
(`担当の高橋が対応します`)
are redacted; product, service and company names, katakana prose and `担当部署は営業部です` go as sent. Values and
phrasings are held out (not the report's)."""

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


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ("お名前（カナ）：オオタ マリコ\n電話番号は後ほど", ["オオタ", "マリコ"], "お名前（カナ）："),
    ("お名前（ふりがな）：おおしま けいた", ["おおしま", "けいた"], "お名前（ふりがな）："),
    ("申込者：ホンダ ミツル 様 のお申し込みを確認", ["ホンダ", "ミツル"], "申込者："),
    ("ご担当者様：ヒラノ サヤカ", ["ヒラノ", "サヤカ"], "ご担当者様："),
    ("振込先 口座名義：タニグチ コウヘイ 普通 7654321", ["タニグチ", "コウヘイ"], "普通 7654321"),
    ("振込依頼人：ｽｷﾞﾔﾏ ﾏｺﾄ 金額 48,000円", ["ｽｷﾞﾔﾏ", "ﾏｺﾄ"], "金額 48,000円"),
    ("受取人：ﾐﾔｻﾞｷ ｱﾕﾐ", ["ｽｷﾞﾔﾏ", "ﾐﾔｻﾞｷ", "ｱﾕﾐ"], "受取人："),
    ("契約者名：ウチダ ノリコ", ["ウチダ", "ノリコ"], "契約者名："),
    ("名義人 ヨコヤマ タケシ", ["ヨコヤマ", "タケシ"], "名義人"),
    ("顧客ID,顧客名,顧客名カナ,メール\n42,大野聡,オオノサトシ,s.ono@example.jp", ["オオノサトシ", "大野"],
     "顧客名カナ"),
    ("氏名,カナ,部署\n平田恵,ヒラタ メグミ,経理部", ["ヒラタ", "メグミ"], "経理部"),
    ("原田美咲（はらだ みさき）様よりご連絡がありました。", ["はらだ", "みさき", "原田"], "様よりご連絡"),
    ("村田健二（ムラタ ケンジ）さんに送付してください。", ["ムラタ", "ケンジ", "村田"], "さんに送付"),
    ("本件は担当の森田が対応いたします。", ["森田"], "が対応いたします。"),
    ("担当は松尾です。よろしくお願いいたします。", ["松尾"], "担当は"),
    ("担当者は岡田です。", ["岡田"], "担当者は"),
    ("本件は藤田が対応します。", ["藤田"], "が対応します。"),
]
PLAIN = [  # ordinary Japanese text near the class: goes as sent
    "商品名：ノートパソコン",
    "サービス名：クラウドストレージ",
    "データベースのバックアップを毎日取得してください。",
    "会社名：カブシキガイシャ ヤマダ",
    "担当部署は営業部です。",
    "担当者：サポートチーム",
    "ファイル名前：レポート",
    "名前をつけて保存してください。",
    "お名前を入力してください。",
    "担当は営業部です。",
    "担当の範囲外です。",
    "本件はシステムが対応します。",
    "項目,値,カナ\nモード,1,モード",
    "会社名,会社名カナ\n株式会社山田,カブシキガイシャヤマダ",
    "Kubernetes（クバネティス）のポッドが再起動します。",
    "振込依頼人名の入力欄はカタカナで入力します。",
    "お名前：ゲスト",
    "氏名 カナ メール 電話",
    "担当者 ステータス 期限",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_kana_reading_and_staff_surname_redacted(guard: Guard, text: str, values: list[str],
                                                       kept: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [v for v in values if v in sent] == [], sent
    assert kept in sent and "<PERSON_" in sent, sent


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


@pytest.mark.parametrize("size", [3, 7])
async def test_kana_reading_redacted_in_answers(guard: Guard, size: int) -> None:
    out = await streamed_out(guard, policy(output=P_OUT),
                             "お振込みは、口座名義：ノグチ ヒロミ 宛てにお願いします。担当の菊池が対応します。", size)
    assert "ノグチ" not in out and "ヒロミ" not in out and "菊池" not in out, out
    assert "宛てにお願いします" in out, out
