"""Names the name check missed on the input side (scr30, atk28 F07, F20 and the Minor list).

- `katakana_names`: a name in Japanese katakana (`マイケル・ジョンソン`): one to three katakana words (joined by `・`,
  `＝` or a space) before an honorific (`さん`, `様`, `氏`...), after a person's label at a line's start (`Name:`,
  `氏名：`, `Attendees:`, and the other items of its list) or after an English person's cue (`Ask`, `a call with`).
  A single word before an honorific is a name unless it is a role's or a firm's word (`ユーザーさん`,
  `エンジニアさん`); no part may be an ordinary loanword (`データベース・サーバー`, `マイクロソフト`).
- `cued_script_names`: two or three words in a script the other rules do not read (Thai, Arabic/Urdu, Ethiopic,
  Tamil, Bengali, Gurmukhi, Gujarati, Oriya, Telugu, Kannada, Malayalam, Sinhala, Khmer, Lao, Myanmar, and the
  scripts read elsewhere too) right after an English person's cue (not a greeting) or a person's label (`Please
  schedule a call with สมชาย ใจดี`, `Customer name: สมชาย ใจดี`): no more words of that script follow (a sentence
  is no name), and no Thai word is one an honorific never starts (`ได้`, `ที่`: `proxy.nlp.scripts22._TH_NOT_AFTER`)
  or holds a service's or a greeting's word (`ศูนย์บริการ`, `ขอบคุณ`).
- `thai_contacted`: a Thai verb of contacting glued before a listed Thai given name and a surname
  (`กรุณาติดต่อสมชาย ใจดี`).
- `lower_cued_names` (F20): two lower-case words after a strong person's cue (`meeting with priya raghunathan at 3`,
  `ask oluwaseun adebayo for the deck`, `email tanvir hossain the invoice`, `talked to siobhan o'connor`), where
  neither is a dictionary word (the person filter's lexicon), a stop word, a tech term or an everyday word of the
  word lists, unless it is a listed name part; what follows must end the phrase (`at`, `for`, `the`, punctuation...).
- `joined_names` (Minor): a PERSON span that stops at a zero-width character inside a name (`Dana\\u200bKerr`) takes
  the capitalised word after it; a run of small capitals (`ᴅᴀɴᴀ ᴋᴇʀʀ`) that reads as a listed given name and a name
  is a PERSON.

Pure functions, substring-gated; no Presidio pass, no worker round trip.
"""

from __future__ import annotations

import functools
import re
from typing import Any

Result = tuple[str, int, int, float]
_SCORE = 0.8

# ------------------------------------------------------------------------------------------------- katakana

_KATA = "\u30a1-\u30fa\u30fc"
_KATA_WORD = f"[{_KATA}]{{2,12}}"
_KATA_SEP = "[\u30fb\u30a0\uff1d=\u00b7 \u3000]"
_KATA_NAME = re.compile(f"(?<![{_KATA}\u30fb])(?P<name>{_KATA_WORD}(?:{_KATA_SEP}{_KATA_WORD}){{0,2}})(?![{_KATA}])")
_HONORIFICS = ("さん", "様", "さま", "氏", "くん", "君", "ちゃん", "殿", "先生")
# Ordinary loanwords, firms and roles: no part of a name (`データベース・サーバー`, `マイクロソフト`, `ユーザーさん`).
_LOANWORDS = frozenset("""
データ データベース サーバー サーバ コンピューター コンピュータ システム サービス ソフトウェア ソフト ハードウェア
ハード ネットワーク クラウド アプリ アプリケーション エンジニア マネージャー マネジャー プロジェクト チーム ミーティング
デザイン デザイナー ユーザー ユーザ クライアント テスト レポート ファイル フォルダ フォルダー メール アカウント
パスワード
セキュリティ マイクロソフト グーグル アップル アマゾン オフィス ウィンドウズ プログラム プログラミング プログラマー
ビジネス マーケティング セールス サポート カスタマー センター ホテル レストラン ショップ ストア モール インターネット
ウェブ サイト ページ ボタン メニュー キーボード マウス モニター ディスプレイ プリンター スマートフォン スマホ タブレット
カメラ ビデオ ゲーム スポーツ ニュース コーヒー ケーキ ワイン ビール ジュース スタッフ ドライバー ヘルパー ナース
カメラマン バイト パート オーナー コーチ ガイド トレーナー ゲスト メンバー ベンダー パートナー リーダー ママ パパ
ボランティア オペレーター アシスタント コンサルタント ディレクター プロデューサー アナリスト アーキテクト テスター
サラリーマン ホスト キャスト ファン お客 ライター エディター マスター シェフ コック バリスタ ポリス ドクター
フロント エンド バック インフラ ロード バランサー キャッシュ クエリ テーブル カラム レコード ログ エラー バグ
コード リポジトリ ブランチ マージ リリース バージョン アップデート インストール ダウンロード アップロード
ウイルス ワクチン マスク ホーム ルーム ビル タワー ステーション ターミナル センサー ロボット エンジン モデル
パソコン ノート ペン ボールペン シャツ ジャケット バッグ コンビニ スーパー デパート マンション アパート
トヨタ ソニー パナソニック ニコン キヤノン ホンダ ヤマハ スズキ ニンテンドー サムスン フェイスブック ツイッター
インスタグラム ユーチューブ ライン ヤフー メタ オープン エーアイ チャット ボット アマゾン・ウェブ・サービス
ジャパン アメリカ イギリス フランス ドイツ イタリア スペイン カナダ ロシア インド タイ ベトナム ブラジル
オーストラリア ヨーロッパ アジア アフリカ ニューヨーク ロンドン パリ ロサンゼルス シンガポール
サンプル ダミー デモ アドミン デフォルト タイトル プロダクト ブランド ラベル タグ グループ カテゴリ カテゴリー タイプ
ステータス オプション プラン プレミアム スタンダード ベーシック フリー ヘルプ デスク
""".split())
_KATA_SPLIT = re.compile(_KATA_SEP)


def _kata_parts(name: str) -> list[str]:
    return [p for p in _KATA_SPLIT.split(name) if p]


def _loan(part: str) -> bool:
    return part in _LOANWORDS or any(part.endswith(w) and len(w) >= 3 for w in (
        "サーバー", "システム", "サービス", "ソフト", "ウェア", "センター", "ネット", "データ", "ツール", "テスト",
        "ページ", "ファイル", "エンジン", "ルーム", "ショップ", "ストア", "マネージャー", "エンジニア", "デザイナー"))


def katakana_names(text: str) -> list[tuple[int, int]]:
    """`マイケル・ジョンソンさん`, `Name: マイケル・ジョンソン` (the module's docstring)."""
    out = []
    for m in _KATA_NAME.finditer(text):
        name = m.group("name").rstrip(" \u3000")
        parts = _kata_parts(name)
        if any(_loan(p) for p in parts):
            continue
        a, b = m.start("name"), m.start("name") + len(name)
        if text.startswith(_HONORIFICS, b):
            if len(parts) >= 2 or len(parts[0]) >= 3:
                out.append((a, b))
            continue
        # (one word after a label is a team's or a thing's far more often than a person's: `担当：サーバーチーム`,
        # `Owner: プラットフォーム`, atk30 fp; a person's name in katakana has its parts apart, or an honorific)
        if len(parts) >= 2 and (_LATIN_CUE.search(text, max(0, a - 60), a) or _labelled(text, a)):
            out.append((a, b))
    return out


# ------------------------------------------------------------------------------------------------- cues

# An English cue right before a person (lower or upper case): a meeting's, a call's or a message's.
_LATIN_CUE = re.compile(
    r"(?i:(?<![\w'’-])(?:(?:schedule[sd]?|set\s+up|book|arrange|have|had)\s+(?:a|an|the)\s+(?:call|meeting|chat|sync"
    r"|1:1)\s+with|(?:call|meeting|meet|met|chat|sync|lunch|coffee|dinner|interview|1:1|catch[- ]?up)\s+with"
    r"|talk(?:ed|ing)?\s+(?:to|with)|spoke\s+(?:to|with)|speak(?:ing)?\s+(?:to|with)|ask(?:ed)?|e-?mail(?:ed)?"
    r"|contact(?:ed)?|invite[sd]?|ping(?:ed)?|tell|told|remind(?:ed)?|introduce[sd]?|thanks|thank\s+you|dear|hi"
    r"|hello|cc|bcc|assign(?:ed)?\s+to|forward(?:ed)?\s+(?:it\s+|this\s+)?to|sen[dt]\s+(?:it\s+|this\s+)?to"
    r"|(?:mr|mrs|ms|dr|prof)\.?)[ \t\u00a0]+)\Z")
_LABEL_WORDS = (r"(?i:name|full\s+name|(?:customer|client|contact|patient|employee|user|guest|passenger|candidate"
                r"|applicant|member|account\s+holder|cardholder)(?:\s+name)?|attendees?|participants?|guests?|owner"
                r"|assignee|assigned\s+to|reporter|requester|requested\s+by|approved\s+by|signed\s+by|author|speaker"
                r"|host|organi[sz]er|from|to|cc|bcc|contact\s+person|point\s+of\s+contact|poc)"
                r"|氏名|名前|お名前|担当者?|出席者|参加者|宛先|差出人|送信者|顧客名?|お客様名|申請者|依頼者|連絡先|責任者"
                # native "Name:" labels (intl37, atk37 F07): Telugu, Kannada, Malayalam, Tamil, Gujarati, Gurmukhi,
                # Devanagari, Bengali, Sinhala, Ethiopic, Georgian, Armenian, Burmese, Khmer, Lao, Urdu/Persian, Pashto
                r"|పేరు|ಹೆಸರು|പേര്|பெயர்|નામ|ਨਾਮ|नाम|নাম|නම|ስም|სახელი|Անուն|အမည်|ឈ្មោះ|ຊື່|نوم"
                r"|نام(?:[ \t]+(?:مشتری|کامل|بیمار|گاہک|مریض))?|(?:اسم|الاسم)(?:[ \t]+(?:العميل|المريض|الكامل))?")
_LABEL = re.compile(rf"(?m)^[ \t\u3000>*-]*(?:{_LABEL_WORDS})[ \t\u3000]*[:：][ \t\u3000]*")
_LIST_SEP = re.compile(r"[ \t\u3000]*[,，、;；/][ \t\u3000]*")


def _labelled(text: str, a: int) -> bool:
    """Whether a person's label stands before `a`, right before it or before the earlier items of its list."""
    line_start = text.rfind("\n", 0, a) + 1
    for m in _LABEL.finditer(text, line_start, a):
        rest = text[m.end():a]
        if not rest or _LIST_SEP.search(rest) and _LIST_SEP.split(rest)[-1] == "":
            return True
    return False


# ------------------------------------------------------------------------------------------------- other scripts

# Scripts with spaces between a given name and a surname that the other rules read little or not at all.
_SCRIPT_RANGES = {
    "thai": "\u0e01-\u0e4e", "arabic": "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff", "ethiopic": "\u1200-\u137f",
    "tamil": "\u0b80-\u0bff", "bengali": "\u0980-\u09ff", "gurmukhi": "\u0a00-\u0a7f", "gujarati": "\u0a80-\u0aff",
    "oriya": "\u0b00-\u0b7f", "telugu": "\u0c00-\u0c7f", "kannada": "\u0c80-\u0cff", "malayalam": "\u0d00-\u0d7f",
    "sinhala": "\u0d80-\u0dff", "khmer": "\u1780-\u17ff", "lao": "\u0e80-\u0eff", "myanmar": "\u1000-\u109f",
    "devanagari": "\u0900-\u097f", "hebrew": "\u05d0-\u05ea", "georgian": "\u10a0-\u10ff",
    "armenian": "\u0531-\u0587",
}
_ANY_SCRIPT = re.compile("[" + "".join(_SCRIPT_RANGES.values()) + "]")
_RUNS = {s: re.compile(f"(?<![{r}\u200c\u200d])[{r}][{r}\u200c\u200d]{{1,24}}"
                       f"(?:[ \u00a0][{r}][{r}\u200c\u200d]{{1,24}}){{1,2}}(?![{r}\u200c\u200d]|[ \u00a0][{r}])")
         for s, r in _SCRIPT_RANGES.items()}


# A greeting is a cue for a katakana name only: in other scripts the next words are mostly a greeting of their own
# (`Hello नमस्ते दोस्तों`, `hi مرحبا بك`).
_GREETING = re.compile(r"(?i:thanks|thank\s+you|dear|hi|hello)")
# Thai words of a service, a place or a greeting, that no name holds (`ศูนย์บริการ ลูกค้า`: the service centre).
_TH_ORDINARY = ("ศูนย์", "บริการ", "ลูกค้า", "ฝ่าย", "แผนก", "เจ้าหน้าที่", "บริษัท", "ทีม", "สำนักงาน", "ธนาคาร",
                "โรงพยาบาล", "ร้าน", "กระทรวง", "มหาวิทยาลัย", "โรงเรียน", "ขอบคุณ", "สวัสดี", "ครับ", "ค่ะ", "ระบบ")


def cued_script_names(text: str) -> list[tuple[int, int]]:
    """Two or three words of one script after an English person's cue or a person's label."""
    if _ANY_SCRIPT.search(text) is None:
        return []
    from proxy.nlp.scripts22 import _TH_NOT_AFTER

    out = []
    for script, run in _RUNS.items():
        for m in run.finditer(text):
            a = m.start()
            cue = _LATIN_CUE.search(text, max(0, a - 60), a)
            if not (cue and _GREETING.fullmatch(cue.group().strip()) is None or _labelled(text, a)):
                continue
            if script == "thai" and any(w.startswith(_TH_NOT_AFTER) or any(o in w for o in _TH_ORDINARY)
                                        for w in m.group().split()):
                continue
            if any(t in m.group() for t in _GROUP_WORDS):
                continue  # a team's, a desk's or a department's name (`Owner: डेटाबेस टीम`, atk30 fp)
            out.append(m.span())
    return out


# Words of a team, a group, a centre or a department in the scripts read above (`Name: सर्वर टीम`, `Owner: சர்வர்
# குழு`, `Owner: فريق الخوادم`, `Owner: ဆာဗာအဖွဲ့`): what a label names with them is no person.
_GROUP_WORDS = ("टीम", "केंद्र", "विभाग", "समूह", "दल", "টিম", "দল", "কেন্দ্র", "বিভাগ", "குழு", "மையம்", "துறை",
                "ತಂಡ", "ಕೇಂದ್ರ", "ವಿಭಾಗ", "బృందం", "కేంద్రం", "ടീം", "കേന്ദ്രം", "ਟੀਮ", "ਕੇਂਦਰ", "ટીમ", "કેન્દ્ર",
                "အဖွဲ့", "ဌာန", "ក្រុម", "មជ្ឈមណ្ឌល", "ທີມ", "ສູນ", "فريق", "مركز", "قسم", "ٹیم", "مرکز", "شعبہ",
                "ቡድን", "ማዕከል", "ክፍል", "කණ්ඩායම", "මධ්‍යස්ථානය", "ଦଳ", "କେନ୍ଦ୍ର")


_TH_CONTACT = ("ติดต่อ", "โทรหา", "โทรถึง", "สอบถาม", "ถาม", "เชิญ", "นัด", "คุยกับ", "ประชุมกับ", "อีเมลถึง",
               "ส่งถึง", "แจ้ง", "ถึง")
_TH_WORDS = re.compile(r"[\u0e01-\u0e4e]+")


def thai_contacted(text: str) -> list[tuple[int, int]]:
    """`กรุณาติดต่อสมชาย ใจดี`: a verb of contacting glued before a listed given name, and a surname after it."""
    if not any(v in text for v in _TH_CONTACT):
        return []
    from proxy.nlp.scripts22 import _TH_NOT_AFTER, _th_given

    listed = _th_given()
    words = list(_TH_WORDS.finditer(text))
    out = []
    for k, w in enumerate(words[:-1]):
        word = w.group()
        for verb in _TH_CONTACT:
            at = word.find(verb)
            if at < 0 or word[at + len(verb):] not in listed:
                continue
            nxt = words[k + 1]
            if text[w.end():nxt.start()] in (" ", "\u00a0") and len(nxt.group()) >= 2 \
                    and not nxt.group().startswith(_TH_NOT_AFTER):
                out.append((w.start() + at + len(verb), nxt.end()))
            break
    return out


_KATA_ANY = re.compile(f"[{_KATA}]")


def scr30_spans(text: str) -> list[tuple[int, int]]:
    """Every span of the non-Latin rules above (the hook in `proxy.nlp.scripts22.script_name_spans`)."""
    if text.isascii():
        return []
    spans = []
    if _KATA_ANY.search(text) is not None:
        spans.extend(katakana_names(text))
    spans.extend(cued_script_names(text))
    spans.extend(thai_contacted(text))
    return spans


# ------------------------------------------------------------------------------------------------- lower case (F20)

_LOWER_CUE = re.compile(
    r"(?i)(?<![\w'’-])(?:(?:meeting|meet|met|call|chat|sync|lunch|coffee|1:1|catch[- ]?up|interview)\s+w(?:ith|/)"
    r"|talk(?:ed|ing)?\s+(?:to|with)|spoke\s+(?:to|with)|speak(?:ing)?\s+(?:to|with)|ask(?:ed)?|e-?mail(?:ed)?"
    r"|ping(?:ed)?|remind(?:ed)?|message[sd]?|dm(?:ed|'d)?|cc)[ \t]+"
    r"(?P<a>[a-z][a-z]+)[ \t]+(?P<b>[a-z](?:[a-z]|['’](?=[a-z]))+)"
    r"(?=[ \t]*(?:$|[,.;:!?)\n]|[ \t](?:at|about|for|the|a|an|to|today|tomorrow|tonight|this|next|on|re|regarding|and"
    r"|tmrw|asap|please|pls|again|later|soon|before|after|when|if|in|by|with|from|so)\b))")
# Words after a cue that are no person, whatever the lists say (a team, a firm, a group).
_NOT_PERSON = frozenset("""
team teams folks guys everyone everybody anyone someone somebody people staff corp inc llc ltd co group dept
department support sales marketing legal finance hr ops devops infra security product design engineering
management leadership exec execs board client clients customer customers vendor vendors partner partners
""".split())


@functools.cache
def _tech() -> frozenset[str]:
    from proxy.nlp.tech_terms import TECH_TERMS

    return TECH_TERMS


def _plain(word: str, names: Any, lex: Any) -> bool:
    """Whether a lower-case word is an ordinary word (a dictionary's, a stop word, a tech term) rather than a name."""
    w = word.replace("’", "'")
    if "'" in w:
        w = w.replace("'", "")  # (`o'connor` as the lists write it: `oconnor`)
    if w in _NOT_PERSON or w in _tech():
        return True
    for words in (lex.nouns, lex.adjectives, lex.stops, lex.verbs):
        if w in words:
            return True
    listed = w in names.first or w in names.last
    return not listed and w in names.very_common


# split36 (atk35 F11): a lower-case surname after an honorific (`mr. thompson`, `dr. okafor's`, `frau schneider`,
# `herr öztürk`, `la señora garcía`, `madame dubois`); the honorific a word of its own (`hausfrau`, `200 ms.` no).
_HONORIFIC = re.compile(
    r"(?i)(?<![\w.'’-])(?<!\d[ \t])(?:mr|mrs|ms|mx|dr|prof|sir|frau|herr|se[ñn]ora|se[ñn]or|se[ñn]orita|sra|srta"
    r"|sr(?=\.)|madame|mme|mademoiselle|mlle|monsieur|signora|signor|dott(?:oressa)?)\.?[ \t]+(?:(?:prof|dr)\.?[ \t]+)*"
    r"(?P<b>[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))+)(?!['’-]?[^\W_]|\.[^\W_]|[ \t]*[=(\[])")
_HONORIFIC_TEST = ("mr", "ms", "dr", "prof", "sir", "frau", "herr", "eñor", "enor", "sr", "mad", "mme", "mlle",
                   "monsieur", "signor", "dott", "Mr", "Ms", "Dr", "Prof", "Sir", "Frau", "Herr", "Mad", "Mon", "MR",
                   "DR")
# What follows an honorific that is no surname: titles (`frau dr. ...`, `herr professor`), articles, brands named
# `mr./dr./mrs.` something (`dr. oetker`; `mr. clean`, `dr. pepper` are plain words).
_AFTER_HONORIFIC = frozenset("""
mr mrs ms mx dr prof professor doktor doctor sir frau herr kollege kollegin ober minister ministerin präsident
präsidentin direktor direktorin pfarrer bürgermeister bürgermeisterin general la le les el los las de del der die das
du des von van und et y e president director chair chairman presidente directora oetker seuss strangelove who bean
ing dipl mag med rer nat phil jur habil h c dev devs eng mgr pm vp qa sde swe
""".split())


def _honorific_names(text: str, names: Any, lex: Any) -> list[tuple[int, int]]:
    """`can you reply to mr. thompson`: a lower-case word of letters after an honorific that is no ordinary word."""
    if not any(c in text for c in _HONORIFIC_TEST):
        return []
    out = []
    for m in _HONORIFIC.finditer(text):
        b = m.group("b")
        if not b.islower() or b in _AFTER_HONORIFIC or len(b) < 3:
            continue
        w = b.removesuffix("'s").removesuffix("’s")
        if w.replace("’", "'").replace("'", "") not in names.last and _plain(w, names, lex):
            continue  # (a listed surname that is a word too is a surname after an honorific: `mr. baker`)
        end = m.end("b") - (2 if b.endswith(("'s", "’s")) else 0)
        out.append((m.start("b"), end))
    return out


def lower_cued_names(text: str, names: Any, lex: Any) -> list[tuple[int, int]]:
    """`meeting with priya raghunathan at 3`: two lower-case words that are no ordinary words after a strong cue;
    a lower-case surname after an honorific (`mr. thompson`, `frau schneider`: `_honorific_names`)."""
    out = _honorific_names(text, names, lex)
    if not any(c in text for c in ("with", "to", "sk", "mail", "ing", "emind", "essage", "dm", "DM", "cc", "Cc", "w/")):
        return out
    for m in _LOWER_CUE.finditer(text):
        a, b = m.group("a"), m.group("b")
        if not (a.islower() and b.islower()):
            continue  # capitals: the other rules' case
        if _plain(a, names, lex) or _plain(b, names, lex):
            continue
        out.append((m.start("a"), m.end("b")))
    return out


# ------------------------------------------------------------------------------------------------- Minor

_ZW = "\u200b\u200c\u200d\u2060\ufeff"
_ZW_NEXT = re.compile(f"[{_ZW}]+[A-Z][a-z'’-]+")
_SMALL_CAPS = {"ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j",
               "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u",
               "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ǫ": "q", "ₓ": "x"}
_SC = "".join(_SMALL_CAPS)
_SMALL_RUN = re.compile(f"(?<![{_SC}\\w])[{_SC}]{{2,}}(?:[ \u00a0][{_SC}]{{2,}}){{1,2}}(?![{_SC}\\w])")


def joined_names(text: str, found: list[Result], names: Any) -> list[Result]:
    """`found` with a PERSON span stopped at a zero-width character taking the word after it; small-capital names."""
    out = found
    if any(c in text for c in _ZW):
        grown = []
        for r in out:
            if r[0] == "PERSON" and (m := _ZW_NEXT.match(text, r[2])) is not None:
                end = m.end()
                out = [x for x in out if not (x is not r and x[0] == "PERSON" and r[2] <= x[1] and x[2] <= end)]
                grown.append((r, ("PERSON", r[1], end, r[3])))
        for old, new in grown:
            out = [new if x is old else x for x in out]
    if any("\u1d00" <= c <= "\u1d22" or c in "ʙɢʜɪʟɴʀʏꜰꜱ" for c in text):
        for m in _SMALL_RUN.finditer(text):
            words = ["".join(_SMALL_CAPS[c] for c in w) for w in m.group().split()]
            if words[0] in names.first and all(w in names.first or w in names.last for w in words[1:]) \
                    and not any(x[1] < m.end() and m.start() < x[2] for x in out):
                out = out + [("PERSON", m.start(), m.end(), _SCORE)]
    return out


def with_scr30(text: str, found: list[Result], names: Any, lex: Any) -> list[Result]:
    """`found` with the lower-case names after a strong cue and the Minor list's names (the hook in
    `proxy.nlp.pii._cued`); a span that overlaps a finding is left to it."""
    out = joined_names(text, found, names)
    for a, b in lower_cued_names(text, names, lex):
        over = [r for r in out if r[1] < b and a < r[2]]
        if any(r[0] != "PERSON" for r in over):
            continue
        lo = min([a, *(r[1] for r in over)])
        hi = max([b, *(r[2] for r in over)])
        out = [r for r in out if r not in over] + [("PERSON", lo, hi, max([_SCORE, *(r[3] for r in over)]))]
    return out
