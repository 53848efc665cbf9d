"""Non-Latin names in a tool call's values and at their later mentions (intl25, atk24a F07/F12).

- `script_word`: a one-word value in a non-Latin script (`Анна`, `محمد`, `김민준`, `佐藤`, `Ολγα`): under a key that
  names a person in a tool call's arguments, an Anthropic `tool_use` input or a Responses `function_call`, it is read
  as the same JSON written as text (`proxy.nlp.cued_values.person_key_readings`), as a message's text is: what the
  analyzer finds there counts for the value; nothing else. A Latin word keeps its reading (two words or more).
- `script_mentions`: a name in a script without case (Arabic, Hebrew, Devanagari, Thai, Hangul, Han/Kana) found in
  one text of a request, at its mentions in the request's other texts (`proxy.nlp.mentions` reads capitalised words
  only): the whole name, each word of a spaced name (`محمد أحمد` ... `وافق محمد`), the given name after a listed
  surname of an unspaced one (`山田太郎` ... `太郎が`, `이서연` ... `서연이`). A word stands alone (no letter of its
  script either side); an unspaced one may stand before a particle or an honorific (`が`, `さん`, `이`, `씨`), never
  inside a longer word (`林業`, `森林`); a Thai given name (four letters or more: Thai writes no spaces between
  words) may stand before other words (`สมชายอนุมัติแล้ว`). Request side, substring tests, no worker.
- `thai_titled`: a Thai name after a title written apart from it (`คุณ สมชาย ใจดี`, `ดร.ประพันธ์ ศรีวงศ์`,
  `นาย ธีรวัฒน์ มั่นคง`) or after a role's label and a colon (`ผู้ติดต่อ: สมชาย ใจดี`): a given name and a surname,
  or a listed given name alone (after `ติดต่อ:`, contact, a listed given name first; a listed one alone in
  parentheses: `โทร 0812345678 (สมชาย)`: cjk35); neither an ordinary word after the title (`คุณ ต้องการ`, `คุณภาพ`:
  `proxy.nlp.scripts22._TH_NOT_AFTER`). A title glued to the name is `proxy.nlp.scripts22.thai_names`'. A customer's
  or a contact's name label with or without its colon (`ลูกค้าชื่อ สมศักดิ์ วงศ์สวัสดิ์`, `ชื่อลูกค้า`, `ผู้ติดต่อ`,
  part37, atk36 F09) before a given name and a surname; a bare `ชื่อ` (name) so only before a listed given name.

Pure functions, CPU only.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

# A letter of a script other than Latin: Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, Hangul, Kana, Han.
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u05d0-\u05ea\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
                        r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
_MAX_WORD = 30


def script_word(value: str) -> bool:
    """Whether `value` is one word of letters (and the marks its script writes vowels with) in a non-Latin script."""
    if not value or len(value) > _MAX_WORD or value.isascii() or _NON_LATIN.search(value) is None:
        return False
    return all(c.isalpha() or unicodedata.category(c).startswith("M") for c in value) and value[0].isalpha()


_SPACED = re.compile(r"[\u05d0-\u05ea\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f]")
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_MAX_NAME = 80
# What may follow an unspaced name: Japanese and Chinese particles and honorifics, Korean particles and honorifics.
_JA_AFTER = ("さん", "様", "さま", "君", "くん", "ちゃん", "氏", "先生", "部長", "課長", "社長", "が", "は", "を", "に",
             "の", "も", "と", "へ", "から", "より", "先生", "女士", "经理", "说", "的", "在", "已", "和")
_KO_AFTER = ("에게", "한테", "씨", "님", "이", "가", "은", "는", "을", "를", "의", "도", "와", "과", "야", "아", "께")


def _letter(c: str) -> bool:
    return c.isalpha() or unicodedata.category(c).startswith("M")


@functools.lru_cache(maxsize=4096)
def _forms(name: str) -> list[tuple[str, str]]:
    """The forms a later mention of `name` takes, each with its kind: "spaced", "han" or "hangul"."""
    from proxy.nlp.scripts22 import _KO_SURNAMES, _ja_surnames, _zh_surnames

    words = name.split()
    if _SPACED.search(name) is not None:
        forms = [(w, "spaced") for w in dict.fromkeys([name, *words]) if len(w) >= 2 and all(map(_letter, w))]
        if "\u0e01" <= words[0][0] <= "\u0e4e" and len(words[0]) >= 4:
            forms.append((words[0], "thai"))  # (Thai writes no spaces between words: `สมชายอนุมัติแล้ว`)
        return forms
    if len(words) != 1:
        return []
    if _HANGUL.fullmatch(name[0]) is not None and all(_HANGUL.fullmatch(c) for c in name):
        ko = [name] if len(name) >= 2 else []
        if 3 <= len(name) <= 4 and name[0] in _KO_SURNAMES:
            ko.append(name[1:])
        return [(f, "hangul") for f in ko]
    if all(_HAN_KANA.fullmatch(c) for c in name) and len(name) >= 2:
        han = [name]
        for n in (3, 2, 1):  # (the longest listed surname first: `山田太郎` -> `太郎`; `王小明` -> `小明`)
            if name[:n] in _ja_surnames() or name[:n] in _zh_surnames():
                if len(name) - n >= 2:
                    han.append(name[n:])
                break
        return [(f, "han") for f in han]
    return []


def _stands(text: str, a: int, b: int, kind: str) -> bool:
    before = text[a - 1] if a else ""
    after = text[b] if b < len(text) else ""
    if kind in ("spaced", "thai"):
        return not (before and _letter(before)) and (kind == "thai" or not (after and _letter(after)))
    same = _HANGUL if kind == "hangul" else _HAN_KANA
    if before and same.fullmatch(before) is not None:
        return False
    if not after or same.fullmatch(after) is None and not _letter(after):
        return True
    return text.startswith(_KO_AFTER if kind == "hangul" else _JA_AFTER, b)


def script_mentions(texts: Sequence[str], spans: Sequence[Sequence[Any]],
                    keep: Callable[[int, Any], bool]) -> list[tuple[int, int, int, float]]:
    """(text index, start, end, score) of each mention, in a text other than its own, of a name in a script without
    case found (a PERSON span `keep` keeps) in a text of the request (see the module's docstring)."""
    def keep_of(i: int) -> Callable[[Any], bool]:
        return lambda s: keep(i, s)

    return mentions_of(texts, [script_names(text, found, keep_of(i))
                               for i, (text, found) in enumerate(zip(texts, spans, strict=True))])


def script_names(text: str, found: Sequence[Any], keep: Callable[[Any], bool]) -> dict[str, float]:
    """The names in a script without case of one text (its PERSON spans `keep` keeps), each with its best score."""
    names: dict[str, float] = {}
    for s in found:
        if s.entity != "PERSON" or s.end - s.start > _MAX_NAME or not keep(s):
            continue
        name = text[s.start:s.end].strip()
        if "\n" in name or name.isascii() or (_SPACED.search(name) is None and _HAN_KANA.search(name) is None
                                              and _HANGUL.search(name) is None):
            continue
        names[name] = max(s.score, names.get(name, s.score))
    return names


def mentions_of(texts: Sequence[str], per_text: Sequence[dict[str, float]]) -> list[tuple[int, int, int, float]]:
    """`script_mentions` of the names `script_names` found in each text (memo31 keeps them across turns)."""
    names: dict[str, tuple[float, set[int]]] = {}
    for i, found in enumerate(per_text):
        for name, best in found.items():
            score, where = names.get(name, (best, set()))
            names[name] = (max(score, best), where | {i})
    if not names:
        return []
    out: list[tuple[int, int, int, float]] = []
    for name, (score, where) in names.items():
        forms = sorted(_forms(name), key=lambda f: -len(f[0]))  # (the result is cached: read it, never change it)
        for j, text in enumerate(texts):
            if j in where or text.isascii():
                continue
            taken: list[tuple[int, int]] = []
            for form, kind in forms:
                at = text.find(form)
                while at >= 0:
                    end = at + len(form)
                    if not any(x < end and at < y for x, y in taken) and _stands(text, at, end, kind):
                        taken.append((at, end))
                        out.append((j, at, end, score))
                    at = text.find(form, at + 1)
    return out


_TH = "\u0e01-\u0e4e"
_TH_TITLED = re.compile(rf"(?<![{_TH}])(?:(?:คุณ|นางสาว|นาย|นาง)[ \u00a0]+|ดร\.[ \u00a0]?"
                        rf"|(?:ลูกค้า|ผู้ป่วย|พนักงาน|ผู้ติดต่อ|ผู้สมัคร|ผู้ส่ง|ผู้รับ|ติดต่อ)[ \t]*[:：][ \t]*"
                        rf"|(?P<cue>ลูกค้าชื่อ|ชื่อลูกค้า|ชื่อผู้ติดต่อ|ผู้ติดต่อชื่อ|ชื่อ-นามสกุล"
                        # (a patient's, a sender's, a recipient's, an employee's, an applicant's, an account holder's
                        # name: enc41)
                        rf"|ชื่อ(?:ผู้ป่วย|ผู้ส่ง|ผู้รับ|พนักงาน|ผู้สมัคร|เจ้าของบัญชี|ผู้ถือบัตร)|ชื่อ|ผู้ติดต่อ)[ \t]*[:：]?[ \t]+"
                        rf"(?=[{_TH}]{{3,20}}[ \u00a0][{_TH}]{{3,20}}(?![{_TH}]))"
                        rf"|\((?=[{_TH}]{{3,20}}\)))"
                        rf"(?P<a>[{_TH}]{{3,20}})(?:[ \u00a0](?P<b>[{_TH}]{{3,20}}))?(?![{_TH}])")


def thai_titled(text: str) -> list[tuple[int, int]]:
    """[start, end) of each Thai name after a title written apart or a role's label (see the module's docstring)."""
    if "\u0e01" > max(text, default="\0") or not any(t in text for t in ("คุณ", "นาง", "นาย", "ดร.", ":", "：", "(",
                                                                        "ชื่อ", "ผู้ติดต่อ")):
        return []
    from proxy.nlp.scripts22 import _TH_NOT_AFTER, _th_given

    listed = _th_given()
    out = []
    for m in _TH_TITLED.finditer(text):
        a, b = m.group("a"), m.group("b")
        if a.startswith(_TH_NOT_AFTER) and a not in listed or m.group().startswith("ติดต่อ") and a not in listed:
            continue  # (`ติดต่อ:` (contact) before a listed given name only: `ติดต่อ: ฝ่ายขาย`, a desk, cjk35)
        if m.group("cue") == "ชื่อ" and ":" not in m.group() and "：" not in m.group() and a not in listed:
            continue  # (`ชื่อ` (name) without a colon before a listed given name only: `ชื่อ ไฟล์ ใหม่`, part37)
        if b is not None and not b.startswith(_TH_NOT_AFTER):
            out.append((m.start("a"), m.end("b")))
        elif a in listed:
            out.append(m.span("a"))
    return out


__all__ = ["script_mentions", "script_word", "thai_titled"]
