"""Names the name check missed on the input side (scr30, atk28 F07, F20 and the Minor list; `proxy.nlp.scr30`): the
tester's texts, held-out names (other names, scripts and phrasings, not tuned on) and the PII-free look-alikes that
stay as written."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.scr30 import cued_script_names, katakana_names, thai_contacted


async def rewritten(analyzer: PiiAnalyzer, text: str) -> str:
    found = [f for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]
    out = text
    for f in sorted(found, key=lambda f: -f.start):
        out = out[:f.start] + "<P>" + out[f.end:]
    return out


# (text, the words of the name that must go)
TESTER = [
    ("マイケル・ジョンソンさんに請求書について聞いてください。", ["マイケル", "ジョンソン"]),
    ("ソフィア・ガルシアさんが来週入社します。", ["ソフィア", "ガルシア"]),
    ("Name: マイケル・ジョンソン", ["マイケル", "ジョンソン"]),
    ("Ask マイケル・ジョンソン about the invoice.", ["マイケル", "ジョンソン"]),
    ("Attendees: 佐藤健, マイケル・ジョンソン, 김지훈", ["マイケル", "ジョンソン", "佐藤健", "김지훈"]),
    ("Please schedule a call with สมชาย ใจดี next week.", ["สมชาย", "ใจดี"]),
    ("Customer name: สมชาย ใจดี", ["สมชาย", "ใจดี"]),
    ("กรุณาติดต่อสมชาย ใจดี เรื่องใบแจ้งหนี้", ["สมชาย", "ใจดี"]),
    ("Please schedule a call with عمران خان next week.", ["عمران", "خان"]),
    ("Please schedule a call with ማርታ ተስፋዬ next week.", ["ማርታ", "ተስፋዬ"]),
    ("Please schedule a call with முருகன் செல்வம் next week.", ["முருகன்", "செல்வம்"]),
    ("Please schedule a call with সুমন আহমেদ next week.", ["সুমন", "আহমেদ"]),
    ("Please schedule a call with ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ next week.", ["ਗੁਰਪ੍ਰੀਤ", "ਸਿੰਘ"]),
    ("meeting with priya raghunathan at 3", ["priya", "raghunathan"]),
    ("ask oluwaseun adebayo for the deck", ["oluwaseun", "adebayo"]),
    ("email tanvir hossain the invoice", ["tanvir", "hossain"]),
    ("meeting with siobhan o'connor at 3", ["siobhan", "o'connor"]),
    ("Please invite Dana\u200bKerr to the review.", ["Dana", "Kerr"]),
    ("Please invite ᴅᴀɴᴀ ᴋᴇʀʀ to the review.", ["ᴅᴀɴᴀ", "ᴋᴇʀʀ"]),
]

# Held out: other names, scripts, cues and phrasings, written before running the rules on them.
HELD_OUT = [
    ("ジェニファー・ロペスさんから電話がありました。", ["ジェニファー", "ロペス"]),
    ("担当：ダニエル・キム", ["ダニエル", "キム"]),
    ("Please cc エミリー・チェン on the thread.", ["エミリー", "チェン"]),
    ("アレックス・ブラウン様へ", ["アレックス", "ブラウン"]),
    ("出席者：田中、ロバート・スミス、エマ・ワトソン", ["ロバート", "スミス", "エマ", "ワトソン"]),
    ("Hi オリバー・ジョーンズ, thanks for the update.", ["オリバー", "ジョーンズ"]),
    ("トーマスさんにも共有してください。", ["トーマス"]),
    ("Please email ประเสริฐ วงศ์ใหญ่ the contract.", ["ประเสริฐ", "วงศ์ใหญ่"]),
    ("Contact: วิไล ทองดี", ["วิไล", "ทองดี"]),
    ("โทรหาวิชัย ศรีสุข พรุ่งนี้", ["วิชัย", "ศรีสุข"]),
    ("ask عائشہ صدیقی about the report", ["عائشہ", "صدیقی"]),
    ("Invite ዮሐንስ ገብሩ to the review.", ["ዮሐንስ", "ገብሩ"]),
    ("Talked to லட்சுமி நாராயணன் today.", ["லட்சுமி", "நாராயணன்"]),
    ("Email রহিম উদ্দিন the invoice.", ["রহিম", "উদ্দিন"]),
    ("Please schedule a call with ರಮೇಶ್ ಗೌಡ next week.", ["ರಮೇಶ್", "ಗೌಡ"]),
    ("Please schedule a call with សុខ ដារ៉ា next week.", ["សុខ", "ដារ៉ា"]),
    ("Ask အောင် ကျော် about the invoice.", ["အောင်", "ကျော်"]),
    ("Meeting with వెంకట రావు at 3", ["వెంకట", "రావు"]),
    ("cc: അനിൽ കുമാർ", ["അനിൽ", "കുമാർ"]),
    ("Customer name: ਹਰਪ੍ਰੀਤ ਕੌਰ", ["ਹਰਪ੍ਰੀਤ", "ਕੌਰ"]),
    ("meeting with chinedu okonkwo at 4", ["chinedu", "okonkwo"]),
    ("ask wanjiru kamau for the slides", ["wanjiru", "kamau"]),
    ("email anjali venkatesan the contract", ["anjali", "venkatesan"]),
    ("talked to mehmet yilmaz about it", ["mehmet", "yilmaz"]),
    ("sync with ngozi eze tomorrow", ["ngozi", "eze"]),
    ("ping tariq mahmood about the release", ["tariq", "mahmood"]),
    ("Please invite Maria\u200bGonzalez to the call.", ["Maria", "Gonzalez"]),
    ("cc ᴇᴍɪʟʏ ᴄʜᴇɴ on this", ["ᴇᴍɪʟʏ", "ᴄʜᴇɴ"]),
]

# PII-free look-alikes: loanwords and product names in katakana, ordinary Thai and Indic sentences after the same
# cues, teams and tools after a strong cue in lower case (the tester's three first, then held-out ones).
STAY = [
    "コンピューターが壊れました。", "マイクロソフトのライセンスを更新します。",
    "データベース・サーバーに接続できません。",
    "meeting with product marketing at 3", "ask kubernetes for the logs", "talked to customer support",
    "プロジェクト・マネージャーに相談してください。", "スマートフォン・アプリを更新しました。",
    "Ask アレクサ to play music",
    "コーヒー・ブレイクの後で会いましょう。", "Name: クラウド・ストレージ", "お客さんに連絡しました。",
    "Ask チャット・ボット about it.", "ホワイト・ペーパーを読んでください。", "ユーザーさんからの問い合わせ",
    "エンジニアさんに確認してください。", "ソフトウェア・エンジニアとして働いています。",
    "กรุณาติดต่อเจ้าหน้าที่ ได้ที่เบอร์ด้านล่าง", "ขอบคุณมากครับ สำหรับความช่วยเหลือ", "กรุณาติดต่อฝ่ายขาย เพื่อสอบถามข้อมูล",
    "Please contact ฝ่ายบริการลูกค้า ได้ทุกวัน", "Translate the text สวัสดี ครับ into English.",
    "Translate to Tamil: நன்றி வணக்கம்", "Ask ஏன் இது வேலை செய்யவில்லை", "இன்று மழை பெய்யும்", "আমি বাংলায় কথা বলি",
    "ਸਤ ਸ੍ਰੀ ਅਕਾਲ ਜੀ", "মিটিং আগামীকাল সকালে হবে।",
    "meeting with sales ops at 3", "ask devops oncall for access", "talked to legal counsel today",
    "email hr ops the form", "ask grafana cloud for the logs", "meeting with vendor reps at 3",
    "talked to tech support today", "meeting with jira admins at 3", "talked to my manager today",
    "ask your doctor for advice", "meeting with the board at 3", "email billing dept the invoice",
    "meeting with design team at 3", "ask jenkins admin for the logs", "ping infra oncall about it",
    "talked to him yesterday", "ask them for the deck", "email me the invoice",
    # greetings in another script after an English one, a Thai service's name after a label (found by a first draft)
    "Hello नमस्ते दोस्तों", "hi مرحبا بك", "Hi வணக்கம் நண்பர்களே!", "Dear ጤና ይስጥልኝ", "Contact: ศูนย์บริการ ลูกค้า",
    "Translate to: สวัสดี ครับ",
]


@pytest.mark.parametrize(("text", "parts"), TESTER + HELD_OUT)
async def test_the_name_is_redacted_whole(analyzer: PiiAnalyzer, text: str, parts: list[str]) -> None:
    out = await rewritten(analyzer, text)
    assert "<P>" in out, out
    for part in parts:
        assert part not in out, out


@pytest.mark.parametrize("text", STAY)
async def test_a_look_alike_stays(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text


def test_katakana_rules_find_the_name_only() -> None:
    text = "マイケル・ジョンソンさんに請求書について聞いてください。"
    assert katakana_names(text) == [(0, len("マイケル・ジョンソン"))]
    assert katakana_names("Ask マイケル・ジョンソン about it") == [(4, 4 + len("マイケル・ジョンソン"))]
    assert katakana_names("データベース・サーバーさん") == []
    assert katakana_names("ユーザーさん") == []
    assert katakana_names("Name: サンプル") == katakana_names("Ask ヘルプ・デスク about it") == []
    # no cue, no honorific: a katakana pair alone is no name
    assert katakana_names("マイケル・ジョンソン") == []


def test_cued_script_names_need_a_cue_and_end_with_the_name() -> None:
    text = "Please schedule a call with முருகன் செல்வம் next week."
    a = text.index("முருகன்")
    assert cued_script_names(text) == [(a, a + len("முருகன் செல்வம்"))]
    assert cued_script_names("முருகன் செல்வம் next week") == []
    # four words of the script: a sentence, no name
    assert cued_script_names("Ask ஏன் இது வேலை செய்யவில்லை") == []
    text = "กรุณาติดต่อสมชาย ใจดี เรื่องใบแจ้งหนี้"
    a = text.index("สมชาย")
    assert thai_contacted(text) == [(a, a + len("สมชาย ใจดี"))]
    assert thai_contacted("กรุณาติดต่อฝ่ายขาย เพื่อสอบถามข้อมูล") == []


# Team and department names after a label (atk30's false positives): one katakana word, or a group's word in the
# other scripts, is no person's name.
TEAMS = ["担当：サーバーチーム", "担当：カスタマーサポート", "Owner: プラットフォーム", "担当：フロントエンド",
         "Name: सर्वर टीम", "Owner: डेटाबेस टीम", "Owner: فريق الخوادم", "Owner: சர்வர் குழு", "Owner: ಸರ್ವರ್ ತಂಡ",
         "Owner: সার্ভার দল", "Owner: ဆာဗာအဖွဲ့"]


@pytest.mark.parametrize("text", TEAMS)
async def test_a_team_after_a_label_stays(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text
