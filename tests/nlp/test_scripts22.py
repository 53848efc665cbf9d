"""Names in other scripts faker's lists miss, where the sentence says a person stands (intl22, atk22b HIGH-1, HIGH-2,
HIGH-3 and the Note; `proxy.nlp.scripts22`), and the PII-free sentences beside each rule that stay as written."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.scripts22 import script_name_spans


async def rewritten(analyzer: PiiAnalyzer, text: str) -> str:
    found = [f for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]
    out = text
    for f in sorted(found, key=lambda f: -f.start):
        out = out[:f.start] + "<P>" + out[f.end:]
    return out


# (text, the name, the text with the name replaced)
NAMES = [
    # HIGH-1: the commonest Chinese names glued after a role's noun
    ("患者王伟今天早上入院。", "王伟", "患者<P>今天早上入院。"),
    ("客户张勇投诉了发货延迟。", "张勇", "客户<P>投诉了发货延迟。"),
    ("经理赵伟批准了预算。", "赵伟", "经理<P>批准了预算。"),
    ("同事陈敏明天请假。", "陈敏", "同事<P>明天请假。"),
    ("病人周磊昨晚发烧。", "周磊", "病人<P>昨晚发烧。"),
    ("经办人王宁已确认付款。", "王宁", "经办人<P>已确认付款。"),
    ("患者王小明今天早上入院。", "王小明", "患者<P>今天早上入院。"),
    ("司机杨博已经到了。", "杨博", "司机<P>已经到了。"),
    # HIGH-2: a common surname or given name and the name's other part, faker's lists aside
    ("المريض محمد العلي يعاني من ألم في الصدر.", "محمد العلي", "المريض <P> يعاني من ألم في الصدر."),
    ("الاسم: محمد الحسن", "محمد الحسن", "الاسم: <P>"),
    ("اتصلت نورة القحطاني بخصوص الفاتورة.", "نورة", "اتصلت <P> بخصوص الفاتورة."),
    ("مع تحياتي،\nمحمد العلي\nمدير المبيعات", "محمد العلي", "مع تحياتي،\n<P>\nمدير المبيعات"),
    ("अभिनव शर्मा ने कल छुट्टी के लिए आवेदन किया।", "अभिनव", "<P> ने कल छुट्टी के लिए आवेदन किया।"),
    ("आवेदक: अंजलि मिश्रा", "अंजलि", "आवेदक: <P>"),
    ("मरीज़ शंकर वर्माजी को बुखार है।", "शंकर", "मरीज़ <P>जी को बुखार है।"),
    ("सचिन मु\u0959र्जी कल दफ्तर आएंगे।", "सचिन", "<P> कल दफ्तर आएंगे।"),
    ("患者渡辺蓮は発熱しています。", "渡辺蓮", "患者<P>は発熱しています。"),
    ("担当：山本蓮", "山本蓮", "担当：<P>"),
    ("お客様の鈴木さくら様より返品依頼。", "さくら", "お客様の<P>様より返品依頼。"),
    ("担当者は鈴木一郎です。", "一郎", "担当者は<P>です。"),
    ("申請者：伊藤健太", "健太", "申請者：<P>"),
    ("履歴書\n氏名\u3000鈴木一郎\n生年月日\u30001990年1月1日", "一郎",
     "履歴書\n氏名\u3000<P>\n生年月日\u30001990年1月1日"),
    ("[10:02] 鈴木一郎: 注文はいつ届きますか？", "一郎", "[10:02] <P>: 注文はいつ届きますか？"),
    ("담당자: 정하늘", "정하늘", "담당자: <P>"),
    ("กรุณาติดต่อคุณรัฐพงษ์ ขุนดำ ที่แผนกบัญชี", "ขุนดำ", "กรุณาติดต่อคุณ<P> ที่แผนกบัญชี"),
    ("שם: אליה ג'בארין", "אליה", "שם: <P>"),
    # the Note: Thai, Hebrew and Vietnamese names in their usual forms
    ("คุณสมชาย ใจดี ติดต่อมาเรื่องการคืนเงิน", "สมชาย", "คุณ<P> ติดต่อมาเรื่องการคืนเงิน"),
    ("ผู้ป่วยนายสมศักดิ์ รักไทย มีไข้สูง", "สมศักดิ์", "ผู้ป่วยนาย<P> มีไข้สูง"),
    ("ลูกค้า สมหญิง แสงทอง ขอคืนสินค้า", "สมหญิง", "ลูกค้า <P> ขอคืนสินค้า"),
    ("ชื่อ: วิชัย ศรีสุข", "วิชัย", "ชื่อ: <P>"),
    ("המטופל יוסי כהן התקבל הבוקר למחלקה.", "יוסי", "המטופל <P> התקבל הבוקר למחלקה."),
    ("העובד אבי פרץ ביקש חופשה.", "אבי", "העובד <P> ביקש חופשה."),
    ("Khách hàng Nguyễn Văn An yêu cầu hoàn tiền.", "Nguyễn", "Khách hàng <P> yêu cầu hoàn tiền."),
]

# The same shapes with no name: a word a surname's character starts, a firm or a place named after a family, an
# honorific's own words, an epithet, a street named after a person.
NOT_NAMES = [
    "患者高兴地说今天感觉好多了。", "员工陈述了事情的经过。", "客户张开双臂欢迎我们。", "经理马上就到，请稍等。",
    "患者曾经做过阑尾手术。", "客户曾多次投诉物流问题。", "患者严重脱水，需要补液。", "患者康复出院。",
    "员工申请了年假。", "客户余额不足，请充值。", "患者高烧三天，今天已退烧。",
    "松本市の人口は約24万人です。", "山田電機の新店舗が開店しました。", "小林製薬は新しい目薬を発売した。",
    "鈴木自動車の新型車が発表された。", "担当者は未定です。",
    "담당자: 미정", "담당자: 정보팀",
    "صباح الخير، كيف حالك؟", "مريم العذراء في الكتاب المقدس.", "مدينة محمد الخامس الرياضية في الدار البيضاء.",
    "मरीज़ को बुखार है।", "राजा सिंह की कहानी पुरानी है।",
    "הכהן הגדול נכנס לבית המקדש.", "העובד ביקש חופשה.", "שם: לא ידוע",
    "คุณภาพ ดีมาก สำหรับราคานี้", "คุณต้องการ อะไร เพิ่มเติมไหม", "นายกรัฐมนตรี เดินทางไป ต่างประเทศ",
    "ลูกค้า ต้องการ คืนสินค้า", "ชื่อ: ไม่ระบุ",
    "Thành phố Hồ Chí Minh rất đông đúc.", "Khách hàng yêu cầu hoàn tiền.",
]

# HIGH-3: a value in another script under a person's key of a JSON tool result
KEYED = [
    ({"name": "محمد العلي", "status": "open"}, "محمد العلي"),
    ({"customer": "نورة القحطاني", "status": "open"}, "نورة القحطاني"),
    ({"name": "أحمد الحسن", "status": "open"}, "أحمد الحسن"),
    ({"customer": "फातिमा शर्मा", "status": "open"}, "फातिमा शर्मा"),
    ({"name": "अभिनव शर्मा", "status": "open"}, "अभिनव शर्मा"),
    ({"name": "鈴木一郎", "status": "open"}, "鈴木一郎"),
    ({"customer": "สมชาย ใจดี", "status": "open"}, "สมชาย ใจดี"),
    ({"name": "יוסי כהן", "status": "open"}, "יוסי כהן"),
    ({"الاسم": "فاطمة السالم"}, "فاطمة السالم"),
    ({"氏名": "鈴木一郎"}, "鈴木一郎"),
    ({"ชื่อ": "สมชาย ใจดี"}, "สมชาย ใจดี"),
]
KEYED_NOT_NAMES = [
    {"name": "منتج جديد", "status": "open"},
    {"name": "管理员", "role": "admin"},
    {"name": "默认配置"},
    {"status": "قيد المراجعة"},
    {"name": "ชุดทดสอบ ระบบ"},
]


@pytest.mark.parametrize(("text", "name", "shape"), NAMES)
async def test_a_name_in_another_script_is_redacted(analyzer: PiiAnalyzer, text: str, name: str, shape: str) -> None:
    out = await rewritten(analyzer, text)
    assert name not in out, out
    assert out == shape, out


@pytest.mark.parametrize("text", NOT_NAMES)
async def test_the_same_shapes_without_a_name_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text


@pytest.mark.parametrize(("value", "name"), KEYED)
async def test_a_value_under_a_persons_key_in_another_script_is_redacted(analyzer: PiiAnalyzer, value: dict[str, str],
                                                                          name: str) -> None:
    text = json.dumps(value, ensure_ascii=False)
    out = await rewritten(analyzer, text)
    assert name not in out and "<P>" in out, out
    assert out == text.replace(name, "<P>"), out


@pytest.mark.parametrize("value", KEYED_NOT_NAMES)
async def test_a_keyed_value_that_is_no_name_stays(analyzer: PiiAnalyzer, value: dict[str, str]) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert await rewritten(analyzer, text) == text


def test_rules_are_linear_on_long_texts() -> None:
    import time

    text = ("患者王伟今天早上入院。担当：鈴木一郎 المريض محمد العلي يعاني " * 2000)
    script_name_spans(text[:200])  # (the lists load here)
    started = time.process_time()
    spans = script_name_spans(text)
    assert time.process_time() - started < 5.0  # (CPU time: a loaded machine does not stretch it)
    assert len(spans) >= 6000
