"""Names the text rules missed (issue 12, atk25 F06 and F10). Pure functions, CPU only.

- **`SURNAME, GIVEN` in capitals with accents** (`folded`): `Patient: GARCÍA, JOSÉ`, `Name: MÜLLER, JÜRGEN`,
  `NGUYỄN, VĂN AN`. The rules of `proxy.nlp.comma_names` and `proxy.nlp.fields24.comma_names` read capitals as
  `A-Z` and the lists hold `jose`, `garcia`: the surname was found (by the model), the given name went as written.
  They now read a view of the text with each accented Latin letter as its base letter (one character for one:
  the offsets are the text's), only where the text has such a capital.
- **A surname no list holds under `last`** (`unlisted_surname`): `{"first": "Priya", "last": "Raghunathan"}`: the
  pair was a name only when the `last` value is a surname of some list. When the `first` value is a given name of
  the lists that no common-word list holds (`Priya`, not `Will` or `Page`), a `last` value of capitalised words
  that no word list holds (not `Omega`, `Final`, `Winter`) is its surname.
- **Vietnamese names** (`vietnamese_given`): `Nguyễn Văn An` -> the model took `Nguyễn Văn` and left the given name
  `An`; after a found name whose last word is a Vietnamese middle name (`Văn`, `Thị`, `Đức`, `Hữu`, `Minh`...)
  written with its tone marks, the capitalised word right after it is part of the name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_OTHER = {"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Ħ": "H", "ħ": "h"}


def _base(ch: str) -> str:
    if ch.isascii():
        return ch
    if ch in _OTHER:
        return _OTHER[ch]
    b = unicodedata.normalize("NFD", ch)[0]
    return b if b.isascii() and b.isalpha() else ch


def fold(text: str) -> str:
    """`text` with each accented Latin letter as its base letter (`GARCÍA` -> `GARCIA`), the same length."""
    return "".join(_base(c) for c in text)


def _accented_capital(text: str) -> bool:
    return any(not c.isascii() and c.isupper() for c in text)


def folded(chunk: str, found: list[Result], rule: Callable[[str, list[Result]], list[Result]]) -> list[Result]:
    """`rule(chunk, found)` (a rule that adds names of `A-Z` capitals), read on the folded view where `chunk` has an
    accented capital: the spans are the text's (the view has the same offsets)."""
    if "," not in chunk or chunk.isascii() or not _accented_capital(chunk):
        return rule(chunk, found)
    return rule(fold(chunk), found)


def unlisted_surname(names: NameLists, given: list[str], family: list[str]) -> bool:
    """Whether `family` (the words under `last`) is the surname of `given` (under `first`) though no list holds it:
    the given name a listed given name of no common-word list, each surname word capitalised and of no word list."""
    if not names.is_first(given[0]) or names.is_very_common(given[0]) or names.is_common(given[0]):
        return False
    return all(len(w) >= 5 and w[0].isupper() and w[1:].islower() and w.isalpha() and not names.is_common(w)
               and not names.is_english(w) for w in family)


# --------------------------------------------------------------------------------------------------- Vietnamese
# Middle names (tên đệm) that come between the family name and the given name, as written with their marks.
_VI_MIDDLE = frozenset({"Văn", "Thị", "Đức", "Hữu", "Quang", "Minh", "Ngọc", "Thanh", "Xuân", "Đình", "Công",
                        "Hoàng", "Phương", "Thu", "Kim", "Bảo", "Gia", "Mạnh", "Trọng", "Tuấn", "Hồng", "Thúy",
                        "Diệu", "Khánh", "Anh"})
_VI_MIDDLE_FOLDED = frozenset(fold(w).upper() for w in _VI_MIDDLE)
_VI_NEXT = re.compile(r"[ \u00a0]([^\W\d_]{1,8})(?![^\W\d_])")


def vietnamese_given(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with a PERSON that ends on a Vietnamese middle name extended over the given name after it (written
    with its marks, `Nguyễn Văn An`, or in capitals, `TRẦN, THỊ HOA`: a letter outside ASCII in the name)."""
    if chunk.isascii():
        return found
    out: list[Result] = []
    changed = False
    for r in found:
        entity, a, b, score = r
        words = chunk[a:b].split()
        if entity == "PERSON" and words and fold(words[-1]).upper() in _VI_MIDDLE_FOLDED:
            m = _VI_NEXT.match(chunk, b)
            w = m.group(1) if m is not None else ""
            same_case = w[:1].isupper() and (w[1:].islower() or w.isupper() == words[-1].isupper())
            if m is not None and same_case and (words[-1].isupper() or len(words) >= 2) \
                    and not chunk[a:m.end()].isascii() \
                    and not any(o[1] < m.end() and m.start() < o[2] for o in found if o is not r):
                out.append((entity, a, m.end(), score))
                changed = True
                continue
        out.append(r)
    return out if changed else found




# ------------------------------------------------------------------------------------------- Chinese compound
# Compound surnames that are rarely anything else (`司马光说`, `我和慕容复开会`), and those that start ordinary
# words too (`东方的天空`, `上官方网站`, `公孙树`): these only before a predicate's word or `说`, `：`.
_ZH_STRONG = frozenset("欧阳 司马 诸葛 慕容 皇甫 令狐 夏侯 尉迟 宇文 端木 独孤 轩辕 澹台 司徒 呼延 赫连 拓跋 申屠 "
                       "歐陽 諸葛 獨孤 軒轅".split())
_ZH_WEAK = frozenset("上官 东方 公孙 长孙 南宫 西门 司空 钟离 闻人 東方 長孫 鍾離 公冶 太史 淳于 濮阳".split())
_ZH_COMPOUNDS = re.compile("|".join(sorted(_ZH_STRONG | _ZH_WEAK)))
# Where a name may start right after: a sentence's or a list's punctuation, or a function word (`我和`, `请问`).
_ZH_BEFORE = frozenset("，。、；：！？,.;:!?（(「『“\"' \t\n\u3000和与與跟同及给給被让讓叫请請问問找对對向把")
_ZH_PUNCT = frozenset("，。、；：！？,.;:!?（(「『“\"' \t\n\u3000")
# A predicate's word right after a name in a team's work (more than `scripts22._ZH_AFTER_WORDS`).
_ZH_PREDICATE = frozenset("""
说 說 开会 開會 负责 負責 来 來 去 也 是 要 会 會 将 將 在 写 寫 做 看 问 問 想 觉得 覺得 知道 修复 修復 合并 合併
审核 審核 审批 審批 评审 評審 发 發 打 请 請 加入 参与 參與 主持 跟进 跟進 处理 處理 检查 檢查 上线 上線 部署 测试
測試 讨论 討論 商量 确认 確認 提醒 记得 記得 刚 剛 今天 明天 昨天 已经 已經 正在 还 還 没 沒 不 都 就 先 再 又
""".split())
# Words a weak compound starts (`东方航空`, `上官网`): never a name there.
_ZH_WEAK_WORDS = ("东方航空", "东方明珠", "东方卫视", "东方财富", "东方红", "东方人", "东方文化", "东方国际",
                  "东方集团", "东方式", "东方之", "西门子", "上官网", "上官方", "公孙树", "南宫市", "長孫子", "长孙子")


def _zh_after(text: str, k: int) -> int:
    """2 a predicate's word after the name, 1 punctuation or the end, else 0."""
    from proxy.nlp.scripts22 import _zh_next

    if text[k:k + 1] in ("说", "說", "：", ":") or any(text.startswith(w, k) for w in _ZH_PREDICATE if len(w) > 1) \
            or (text[k:k + 1] in _ZH_PREDICATE and text[k:k + 1] not in "是在不也都就"):
        return 2
    if _zh_next(text, k) == 2:
        return 2
    return 1 if k >= len(text) or text[k] in _ZH_PUNCT else 0  # (not before `的`: `司马迁的史记`, a book's author)


def chinese_compound(text: str) -> list[tuple[int, int]]:
    """[start, end) of each name of a compound surname and one or two given characters where a name stands: at a
    sentence's or list item's start or after a function word, before a predicate's word, `说`, `：`, punctuation or
    the end (a surname that starts ordinary words too: before a predicate's word, `说` or `：` only)."""
    if _ZH_COMPOUNDS.search(text) is None:
        return []
    from proxy.nlp.scripts22 import _HAN_CHAR, _ZH_NOT_GIVEN

    out: list[tuple[int, int]] = []
    for m in _ZH_COMPOUNDS.finditer(text):
        i = m.start()
        weak = m.group() in _ZH_WEAK
        if i > 0 and (text[i - 1] not in _ZH_BEFORE or weak and text[i - 1] not in _ZH_PUNCT) \
                or (weak and text.startswith(_ZH_WEAK_WORDS, i)):  # (`他向东方走去`: a direction)
            continue
        best, best_end = 0, 0
        for gl in (1, 2):
            end = i + 2 + gl
            given = text[i + 2:end]
            if len(given) != gl or not all(_HAN_CHAR.match(c) and c not in _ZH_NOT_GIVEN for c in given):
                break
            score = _zh_after(text, end)
            if score > best:
                best, best_end = score, end
        if best == 2 or (best == 1 and not weak):
            out.append((i, best_end))
    return out


# Romanised compound surnames (pinyin), before a capitalised given name (`Shangguan Wan'er`, `Ouyang Nana`).
_ROMAN_COMPOUND = re.compile(
    r"(?<![\w'’-])(?:Ouyang|Sima|Shangguan|Zhuge|Murong|Dongfang|Huangfu|Linghu|Gongsun|Xiahou|Yuchi|Zhangsun"
    r"|Yuwen|Situ|Duanmu|Dugu|Nangong|Ximen|Xuanyuan|Zhongli|Helian|Tuoba)[ \u00a0]"
    r"[A-Z][a-z]{1,6}(?:['’-]?[a-z]{1,6})?(?![\w'’-])")


def romanised_compound(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with a romanised compound surname and its given name as one PERSON (an overlapping one joined)."""
    if not any(w in chunk for w in ("Ouyang", "Sima ", "Shangguan", "Zhuge", "Murong", "Dongfang", "Huangfu",
                                    "Linghu", "Gongsun", "Xiahou", "Yuchi", "Zhangsun", "Yuwen", "Situ", "Duanmu",
                                    "Dugu", "Nangong", "Ximen", "Xuanyuan", "Zhongli", "Helian", "Tuoba")):
        return found
    out = list(found)
    for m in _ROMAN_COMPOUND.finditer(chunk):
        a, b = m.span()
        over = [r for r in out if r[1] < b and a < r[2]]
        if any(r[0] != "PERSON" for r in over) or any(r[1] <= a and b <= r[2] for r in over):
            continue
        lo, hi = min([a, *(r[1] for r in over)]), max([b, *(r[2] for r in over)])
        out = [r for r in out if r not in over] + [("PERSON", lo, hi, max([0.85, *(r[3] for r in over)]))]
    return out


__all__ = ["chinese_compound", "fold", "folded", "romanised_compound", "unlisted_surname", "vietnamese_given"]
