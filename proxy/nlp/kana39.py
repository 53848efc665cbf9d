"""Japanese names in their kana reading, and a bare surname of the staff in charge (atk39 F01).

Japanese forms, CRM exports and bank data carry a name's reading in katakana or hiragana beside (or instead of) its
kanji; bank transfer records (全銀) carry the name in half-width katakana only. The view has folded the half-width
forms (`ﾔﾏﾓﾄ` reads `ヤマモト`) and the full-width punctuation (`：` reads `:`, `（` reads `(`).

- **Labels** (`kana_labelled`): the run of kana words (one to three, a space apart or not) after a label that names a
  person (`お名前`, `氏名`, `申込者`, `ご担当者様`, `口座名義`, `名義人`, `振込依頼人`, `受取人`, `契約者`,
  `顧客名`, each
  with or without a reading mark: `お名前（カナ）`, `氏名フリガナ`) and a `:` or a space: `口座名義：ヤマモト ケンタ`,
  `振込依頼人：ﾔﾏﾓﾄ ｹﾝﾀ`. A label glued to a word before it (`ファイル名前`) is none; a value of a team's or a
  service's word (`担当者：サポートチーム`) and an honorific after the name (`ナカムラ ユウコ さん`) are left out.
- **A reading column** (`kana_column`): under a CSV/TSV header cell that is a name label with a reading mark
  (`顧客名カナ`,
  `氏名（フリガナ）`, `フリガナ`), each cell of kana words.
- **A bracketed reading** (`kana_readings`): kana words in brackets right after a found PERSON
  (`田中太郎（たなか たろう）`).
- **A Han name and its reading** (`han_readings`): two to five Han characters with kana words in brackets glued
  after them, before an honorific (`原田美咲（はらだ みさき）様`) or with a reading of two words after a listed surname;
  `東京（とうきょう）は` stays.
- **The staff in charge** (`staff_surnames`): a listed Japanese surname of two characters or more right after
  `担当の`/`担当は`/`担当者:` or right before `が対応`/`が担当`/`よりご連絡`, with `が`/`です`/`。`... after it
  (`本件は担当の高橋が対応します。`, `担当は高橋です。`); `担当部署は営業部です` stays.

- **ja40**: a one-character surname of the staff (`担当：林`, `担当者: 森（営業部）`, `担当の関が対応`; `_ONE`, only
  before a copula, `が`, an honorific, punctuation or a bracket), a listed surname after a Latin cue (`from 堀
  (sales)`, `Regards, 岡`) or one space before an honorific (`岡 先生`, `加藤 先生の`; `様子` stays), the kana
  words on the line after a label alone on its own (`kana_next_line`: `ふりがな\nやまだ たろう`), every Han run with
  its bracketed reading under a header naming that layout (`氏名（フリガナ）,電話`), and a listed surname and given
  name with a glued reading (`鈴木一郎（スズキイチロウ）`). A streamed window does not end after such a label's line or
  header (`kana_open`).

Found last, so they stand. Each pass is gated by a substring test (a label's character, a kana letter). Pure
functions, CPU only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp.cued import _JA_LAST
from proxy.nlp.names import native_names
from proxy.nlp.tables import column_cells

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["cued_surnames", "han_readings", "kana_column", "kana_labelled", "kana_next_line", "kana_readings",
           "staff_surnames", "with_kana39"]

Result = tuple[str, int, int, float]

# Katakana (with the prolonged sound mark), hiragana, and the half-width forms (where the view kept them).
_KANA = "\u3041-\u3096\u30a1-\u30fa\u30fc\uff66-\uff9f"
_WORD = f"[{_KANA}]+"
# One to three kana words, a space (or a middle dot) apart, with no kana glued after them.
_RUN = f"{_WORD}(?:[ \u3000\u30fb\uff65]{_WORD}){{0,2}}(?![{_KANA}])"
# Labels that name a person, and the reading marks after one.
_LABELS = ("お名前", "御名前", "名前", "氏名", "お申込者", "申込者", "申込人", "ご担当者", "担当者", "口座名義人",
           "口座名義", "名義人", "振込依頼人", "依頼人", "受取人", "受取人名", "契約者", "顧客名", "お客様名",
           "会員名", "ご契約者", "ご依頼人")
_READING = "(?:カナ|かな|フリガナ|ふりがな|セイメイ|ｶﾅ|ﾌﾘｶﾞﾅ)"
_OPEN, _CLOSE = "[(\uff08]", "[)\uff09]"
_LABEL = (f"(?:{'|'.join(sorted(_LABELS, key=len, reverse=True))})(?:名|氏名)?(?:様)?"
          f"(?:[ \u3000]?{_OPEN}?{_READING}{_CLOSE}?)?|{_READING}(?:氏名|名)?")
# A label (not glued to a Han or katakana word before it), a `:` or `=` (or spaces), the run of kana words.
_LABELLED = re.compile(f"(?<![\u3400-\u9fff\u30a1-\u30fa\u30fc\uff66-\uff9f])(?:{_LABEL})"
                       f"(?:[ \t\u3000]*[:=\uff1a\uff1d][ \t\u3000]*|[ \t\u3000]+)({_RUN})")
# A header naming a name with its reading in brackets (`氏名（フリガナ）`, `お名前(かな)`; ja40).
_HEADED = re.compile(f"(?:{'|'.join(sorted(_LABELS, key=len, reverse=True))})(?:名|氏名)?[ \u3000]?{_OPEN}{_READING}"
                     f"{_CLOSE}")
_HIRAGANA = re.compile("[\u3041-\u3096]")
_TWO_WORDS = re.compile(f"{_WORD}[ \u3000]{_WORD}")
_COLON = re.compile("[:=\uff1a\uff1d]")
_GATE = re.compile("名|者|人|カナ|かな|フリガナ|ふりがな|ｶﾅ")
# Honorifics written in kana after a name (left out of it).
_HONORIFICS = frozenset({"さん", "さま", "くん", "ちゃん", "どの"})
# Katakana words of a team, a service or a placeholder: a value with one is no person (`担当者：サポートチーム`).
_NOT_NAMES = ("サポート", "チーム", "センター", "デスク", "グループ", "スタッフ", "システム", "カスタマー", "サービス",
              "マネージャー", "リーダー", "ユーザー", "ゲスト", "メンバー", "オペレーター", "エンジニア", "アドミン",
              "ヘルプ", "ミテイ", "ナシ", "なし", "みてい", "テスト", "サンプル", "ダミー", "カブシキガイシャ",
              "ユウゲンガイシャ", "カイシャ", "ギンコウ", "ショウジ", "カナ", "フリガナ", "ふりがな", "メール",
              "アドレス", "タイプ", "ステータス", "パスワード", "コード", "ナンバー", "カード", "データ", "リスト",
              "ファイル", "フォーム", "コメント")
# A reading column's header: a label with a reading mark, or the mark alone.
_KANA_HEADER = re.compile(f"(?:{'|'.join(sorted(_LABELS, key=len, reverse=True))})?(?:名|氏名)?"
                          f"[ \u3000]?{_OPEN}?{_READING}{_CLOSE}?|{_READING}(?:氏名|名)?|セイ|メイ")
_NAME_HEADER = re.compile(f"(?:{'|'.join(sorted(_LABELS, key=len, reverse=True))})(?:名|氏名)?")
_BARE = frozenset({"カナ", "かな", "ｶﾅ"})
_CELL = re.compile(_RUN)
_BRACKETED = re.compile(f"[ \u3000]?[(\\[\uff08]({_RUN})[)\\]\uff09]")


_OPENING_BRACKETS = ("(", " (", "\u3000(", "[", "\uff08", " \uff08", "\u3000\uff08")

def _value(text: str, a: int, b: int) -> tuple[int, int] | None:
    """`text[a:b]` (a run of kana words) without an honorific at its end, or None where it is no person's."""
    words = text[a:b].replace("\u3000", " ").split(" ")
    while words and words[-1] in _HONORIFICS:
        b -= len(words.pop()) + 1
    value = text[a:b]
    if not words or len(value.replace(" ", "")) < 2 or any(w in value for w in _NOT_NAMES):
        return None
    return a, b


def kana_labelled(text: str) -> list[tuple[int, int]]:
    """[start, end) of each run of kana words after a label that names a person (the module's docstring)."""
    if _GATE.search(text) is None:
        return []
    out = []
    for m in _LABELLED.finditer(text):
        a, b = m.span(1)
        after = text[b:b + 1]
        if "\u3400" <= after <= "\u9fff" and after not in "様殿氏宛" \
                or _HIRAGANA.search(text, a, b) and not _COLON.search(text, m.start(), a):
            continue  # (`氏名：ふりがなで入力`, `名前 をつける`: a sentence's words, no name)
        if not _COLON.search(text, m.start(), a) and not _TWO_WORDS.fullmatch(text, a, b):
            # a space only: a surname and a given name (`名義人 ヨコヤマ タケシ`; `氏名 カナ メール` is a header)
            continue
        span = _value(text, a, b)
        if span is not None:
            out.append(span)
    return out


# A label alone on its line and the kana words alone on the next (`ふりがな\nやまだ たろう`; ja40): a reading's label,
# or a person's label before two words.
_NEXT_LINE = re.compile(f"(?m)^[ \t\u3000]*(?P<label>{_LABEL})[ \t\u3000]*[:\uff1a]?[ \t\u3000]*\n[ \t\u3000]*"
                        f"(?P<run>{_RUN})[ \t\u3000]*$")


def kana_next_line(text: str) -> list[tuple[int, int]]:
    """[start, end) of the kana words on the line after a label alone on its own (the comment above)."""
    if "\n" not in text or _GATE.search(text) is None:
        return []
    out = []
    for m in _NEXT_LINE.finditer(text):
        a, b = m.span("run")
        if re.search(_READING, m.group("label")) or _TWO_WORDS.fullmatch(text, a, b):
            span = _value(text, a, b)
            if span is not None:
                out.append(span)
    return out


_LABEL_LINE = re.compile(f"[ \t\u3000]*(?:{_LABEL})[ \t\u3000]*[:\uff1a]?[ \t\u3000]*\n")
_HEADED_LINE = re.compile(".{0,120}(?:" + _HEADED.pattern + ").{0,120}\n")


def kana_open(text: str, cut: int) -> bool:
    """Whether a streamed window may not end at `cut` of `text`: right after a line that is a name's label alone
    (`ふりがな`, `氏名（フリガナ）`: the next line holds the value) or a header naming a name with its reading
    (`氏名（フリガナ）,電話`: the next row is read with it; ja40)."""
    if cut < 2 or text[cut - 1] != "\n" or _GATE.search(text, max(0, cut - 130), cut) is None:
        return False
    line = text.rfind("\n", 0, cut - 1) + 1
    return _LABEL_LINE.fullmatch(text, line, cut) is not None or _HEADED_LINE.fullmatch(text, line, cut) is not None


def kana_column(text: str) -> list[tuple[int, int]]:
    """[start, end) of each cell of kana words under a reading column's header (the module's docstring)."""
    if "\n" not in text or not any(k in text for k in ("カナ", "かな", "フリガナ", "ふりがな", "セイ", "メイ")):
        return []
    out = []
    cells = column_cells(text, single=False, any_script=True)
    # A bare `カナ` heads a reading only beside a name's column (`項目,値,カナ` is a word's).
    named = any(_NAME_HEADER.fullmatch(h.strip()) for _, _, h in cells)
    for a, b, header in cells:
        head = header.strip()
        if _KANA_HEADER.fullmatch(head) and (named or head not in _BARE) and _CELL.fullmatch(text, a, b):
            span = _value(text, a, b)
            if span is not None:
                out.append(span)
    return out


def kana_readings(text: str, found: list[Result]) -> list[tuple[int, int]]:
    """[start, end) of the kana words in brackets right after each PERSON finding (the module's docstring)."""
    out = []
    for entity, _, end, _ in found:
        if entity == "PERSON" and text.startswith(_OPENING_BRACKETS, end):
            m = _BRACKETED.match(text, end)
            if m is not None:
                span = _value(text, *m.span(1))
                if span is not None:
                    out.append(span)
    return out


# A run of Han characters with a bracketed kana reading after it, before an honorific (`原田美咲（はらだ みさき）様`) or
# with a reading of two words and a listed surname at its start (`原田美咲（はらだ みさき）`): a name and its reading.
_HAN_READ = re.compile(f"(?<![\u3400-\u9fff\u3005])([\u3400-\u9fff\u3005]{{2,5}})[(\uff08]({_RUN})[)\uff09]")
_TITLES = ("様", "さん", "さま", "殿", "氏", "くん", "ちゃん", "先生")


def _given_after(han: str) -> bool:
    """Whether `han` is a listed surname and a given name of no place's, firm's or title's character (`鈴木一郎`, not
    `高橋駅前`: a reading glued whole, `スズキイチロウ`; ja40)."""
    from proxy.nlp.scripts22 import _JA_NAME_CHARS, _JA_NOT_GIVEN

    surnames = _surnames()
    for k in (3, 2):
        if han[:k] in surnames and 1 <= len(han) - k <= 3:
            return not any(c in _JA_NOT_GIVEN and c not in _JA_NAME_CHARS for c in han[k:])
    return False


def han_readings(text: str) -> list[tuple[int, int]]:
    """[start, end) of a Han name and of its bracketed kana reading (the comment above); under a header that names
    the layout (`氏名（フリガナ）,電話`, ja40) each Han run with its reading."""
    if "(" not in text and "\uff08" not in text:
        return []
    out = []
    headed = _HEADED.search(text) is not None
    for m in _HAN_READ.finditer(text):
        han, reading = m.group(1), m.group(2)
        titled = headed or text.startswith(_TITLES, m.end()) or text.startswith(_TITLES, m.end() + 1) \
            and text[m.end()] in " \u3000"
        if titled or (" " in reading or "\u3000" in reading or _given_after(han) and len(reading) >= 4) and (
                han[:2] in _surnames() or han[:3] in _surnames()):
            span = _value(text, *m.span(2))
            if span is not None:
                out += [m.span(1), span]
    return out


# The staff in charge: after `担当の`, `担当は`, `担当:`, `担当者は`...; or before `が対応`, `が担当`...
_AFTER = re.compile("担当(?:者)?(?:の|は|:|=|、| |\uff1a|\u3000)[ \u3000]?")
_BEFORE = ("が対応", "が担当", "が承", "がご案内", "がご連絡", "が伺", "よりご連絡", "からご連絡", "が窓口")
# What may follow such a surname: a particle, a copula, an honorific, punctuation or the text's end.
_NEXT = ("が", "は", "です", "でした", "で", "に", "より", "から", "まで", "へ", "と", "、", "。", ",", ".", " ", "\n",
         "さん", "様", "宛", "まで")


# Japanese surnames of one character (`担当：林`, `森 先生`; ja40): read only in the frames below, never alone.
_ONE = frozenset("林森関原辻堀岡谷島菅泉桂萩榊楠畑柴沢澤湊堤秦宮星杉嶋舘館笹椎岩岸沖駒鶴")
# What may follow a one-character surname: no particle a noun takes (`担当の島に`), only these.
_NEXT_ONE = ("が", "です", "でした", "さん", "様", "宛", "まで", "より", "から", "、", "。", ",", ".", " ", "\u3000",
             "\n", "(", "\uff08", "\t")
# A Latin cue before a Japanese surname (`from 林 (sales)`, `Regards, 森`, `cc: 高橋`), and a surname one space
# before an honorific (`関 先生`, `加藤 先生によろしく`).
_LATIN_CUE = re.compile(r"(?<![\w-])(?i:from|by|regards|thanks|cc|attn|dear|hi|hello|contact|owner|assignee)[,:]?"
                        r"[ \t]+([\u3400-\u9fff\u3005]{1,3})(?=[ \t]*(?:$|[\s(\uff08,.<]))")
_SPACED_TITLE = re.compile("(?<![\u3400-\u9fff\u3005])([\u3400-\u9fff\u3005]{1,3})[ \u3000]"
                           "(?:様|さま|さん|先生|氏|くん|ちゃん|殿)(?!子|名|族)")


@functools.cache
def _surnames() -> frozenset[str]:
    return frozenset(s for s in native_names().last.get("han", frozenset()) if len(s) >= 2) | _JA_LAST


def staff_surnames(text: str) -> list[tuple[int, int]]:
    """[start, end) of each listed surname of the staff in charge (the module's docstring)."""
    if "担当" not in text and not any(b in text for b in _BEFORE):
        return []
    surnames = _surnames()
    out = []
    for m in _AFTER.finditer(text):
        k = m.end()
        for length in (3, 2):
            s = text[k:k + length]
            if len(s) == length and s in surnames and (k + length == len(text)
                                                       or text.startswith(_NEXT, k + length)):
                out.append((k, k + length))
                break
        else:
            if text[k:k + 1] in _ONE and (k + 1 == len(text) or text.startswith(_NEXT_ONE, k + 1)):
                out.append((k, k + 1))
    for before in _BEFORE:
        start = 0
        while (i := text.find(before, start)) >= 0:
            start = i + 1
            for length in (3, 2):
                s = text[i - length:i]
                if i - length >= 0 and s in surnames and not (i - length > 0 and "\u3400" <= text[i - length - 1]
                                                              <= "\u9fff"):
                    out.append((i - length, i))
                    break
            else:
                if i >= 1 and text[i - 1] in _ONE and not (i > 1 and "\u3400" <= text[i - 2] <= "\u9fff"):
                    out.append((i - 1, i))
    return out


def cued_surnames(text: str) -> list[tuple[int, int]]:
    """[start, end) of a Japanese surname after a Latin cue or one space before an honorific (`_LATIN_CUE`,
    `_SPACED_TITLE`; ja40)."""
    out = []
    if " " in text or "\u3000" in text:
        surnames = _surnames()
        for rx in (_LATIN_CUE, _SPACED_TITLE):
            for m in rx.finditer(text):
                run = m.group(1)
                if run in _ONE or run in surnames or rx is _LATIN_CUE and (run[:2] in surnames
                                                                         or run[:3] in surnames):
                    out.append(m.span(1))
    return out


def with_kana39(text: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the kana readings and the staff's surnames of the module's docstring as PERSON, where no finding
    covers them already."""
    del names  # (the native lists are the module's own)
    if text.isascii():
        return found
    spans = kana_labelled(text) + kana_column(text) + kana_readings(text, found) + han_readings(text) \
        + staff_surnames(text) + kana_next_line(text) + cued_surnames(text)
    added = [("PERSON", a, b, 0.85) for a, b in dict.fromkeys(spans)
             if not any(r[1] <= a and b <= r[2] and r[0] == "PERSON" for r in found)]
    return found + added if added else found
