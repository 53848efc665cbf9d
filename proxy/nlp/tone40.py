"""tone40 (atk40 F03): Yoruba and Igbo names written with their tone marks; a finding ends after the combining marks
that follow its last letter.

Yoruba and Igbo write tone marks over dotted letters as combining marks no letter composes with (`Adébáyọ̀`: `ọ`
and U+0300). The normalised view reads the letter without them (`proxy.nlp.normalize`), so a name ending in one is
found; its span, mapped back, would end before the mark and leave it stray after the placeholder (`<PERSON_1>̀`).

Names in Yoruba or Igbo spelling (`Fẹ̀mi Àyọ̀kúnlé`, `Ngọ̀zị Ọkọnkwọ`) that the NER model does not read: two or three
capitalised words side by side, one at least with a dotted letter (`ọ ẹ ṣ ị ụ`), no Vietnamese-only mark (circumflex,
breve, horn, tilde, hook: `Phạm Ngọc` is Vietnamese, left to the model), and each either toned (an acute, grave or
macron on one of its letters) or a listed name once its marks are dropped (`Ngozi`, `Okonkwo`).
"""

from __future__ import annotations

import re
import unicodedata

from proxy.nlp.names import NameLists
from proxy.nlp.pii_types import Result

_DOTTED = "ọẹṣịụỌẸṢỊỤ\u0323"
_WORD = re.compile(r"(?<![\w\u0300-\u036f'’-])[^\W\d_a-z][\u0300-\u036f]*(?:[^\W\d_][\u0300-\u036f]*)+(?![\w'’-])")
_VIETNAMESE = frozenset("\u0302\u0303\u0306\u0309\u031b")
_TONES = frozenset("\u0300\u0301\u0304")


def _marks_end(text: str, end: int) -> int:
    while end < len(text) and unicodedata.category(text[end]) == "Mn":
        end += 1
    return end


def with_tone40(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with each span that ends on a letter followed by combining marks extended over them."""
    if chunk.isascii():
        return found
    out = []
    for entity, start, end, score in found:
        if 0 < end < len(chunk) and chunk[end - 1].isalpha():
            end = _marks_end(chunk, end)
        out.append((entity, start, end, score))
    return out


def _kind(word: str, names: NameLists) -> int:
    """2: a word in Yoruba/Igbo letters (a dotted one); 1: toned or a listed name; 0: no name's word."""
    nfd = unicodedata.normalize("NFD", word)
    if not word[0].isupper() or _VIETNAMESE.intersection(nfd) or "đ" in word.lower():
        return -1
    bare = "".join(c for c in nfd if not unicodedata.combining(c))
    if "\u0323" in nfd and bare.isascii():
        return 2
    if _TONES.intersection(nfd) and bare.isascii() or names.is_name(bare) and not names.is_common(bare):
        return 1
    return 0


# Marks Vietnamese writes and Yoruba/Igbo hardly do (horn, hook above, breve, circumflex) and `đ`: a line with one is
# Vietnamese (`HỌP LÚC 9 GIỜ SÁNG THỨ HAI`: `Ọ` and `Ú` as in Yoruba, `Ờ`/`Ứ` only in Vietnamese;
# `LỊCH HỌP: PHÒNG SỐ 3`).
_VIETNAMESE_ONLY = frozenset("\u031b\u0309\u0306\u0302đĐ")


def _vietnamese_line(chunk: str, start: int, end: int) -> bool:
    lo = chunk.rfind("\n", 0, start) + 1
    hi = chunk.find("\n", end)
    line = unicodedata.normalize("NFD", chunk[lo:hi if hi >= 0 else len(chunk)])
    return not _VIETNAMESE_ONLY.isdisjoint(line)


def with_tone40_names(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` and the names in Yoruba/Igbo spelling (two or three words) no finding covers yet."""
    if not any(c in chunk for c in _DOTTED):
        return found
    words = [(m.start(), m.end(), _kind(m.group(), names)) for m in _WORD.finditer(chunk)]
    added: list[Result] = []
    k = 0
    while k < len(words):
        j = k
        while j + 1 < len(words) and words[j + 1][2] > 0 and words[j][2] > 0 \
                and chunk[words[j][1]:words[j + 1][0]] == " ":
            j += 1
        run = words[k:j + 1]
        if 2 <= len(run) <= 3 and any(w[2] == 2 for w in run) and all(w[2] > 0 for w in run):
            start, end = run[0][0], run[-1][1]
            if not any(e == "PERSON" and s <= start and end <= t for e, s, t, _ in found) \
                    and not _vietnamese_line(chunk, start, end):
                added.append(("PERSON", start, end, 0.85))
        k = j + 1
    return found + added


# ------------------------------------------------------------------ look-alikes (atk40's false positives)

# A phone's label in the languages the product reads, and the possessives before it (`Mein Handy:`, `Mi móvil:`).
_PHONE_LABELS = frozenset({"handy", "handynummer", "mobil", "mobiltelefon", "telefon", "natel", "portable", "móvil",
                           "movil", "celular", "cellulare", "telemóvel", "telemovel", "cell", "mobile", "phone"})
_POSSESSIVES = frozenset({"mein", "meine", "unser", "unsere", "sein", "seine", "ihr", "ihre", "dein", "deine", "my",
                          "our", "mon", "ma", "notre", "mi", "mio", "mia", "il", "meu", "minha", "nuestro"})
_LABEL_END = re.compile(r"[ \t\u00a0]*:[ \t\u00a0]*(?P<next>.?)")


def _phone_label(words: list[str]) -> bool:
    return words[-1] in _PHONE_LABELS and all(w in _POSSESSIVES for w in words[:-1])


# An Italian letter's salutation before a title or a name (`Gentile Dott.ssa Bellandi`, `Egregio Signor Rossi`).
_SALUTATIONS = frozenset({"gentile", "gentili", "gentilissimo", "gentilissima", "gentilissimi", "egregio", "egregia",
                          "egregi", "caro", "cara", "cari", "care", "carissimo", "carissima", "spettabile", "spett"})
_SALUTE = re.compile(r"(?P<w>[^\W\d_]+)\.?[ \t\u00a0]+(?=[^\W\d_a-z])")


def _salutation(chunk: str, a: int, b: int) -> int | None:
    """Where a finding at [a, b) starts once a leading salutation is left out (b when it is the salutation alone), or
    None: the salutation opens its line."""
    m = _SALUTE.match(chunk, a)
    if m is None or m.group("w").lower() not in _SALUTATIONS or chunk[a:a + 1].islower() \
            or chunk[chunk.rfind("\n", 0, a) + 1:a].strip():
        return None
    return min(m.end(), b) if m.end() < b else b


def without_tone40(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without a phone's label read as a name before its `:` (`Mein Handy: 0171 ...`; alone, before a
    number: `Handy: 0171 ...`, `Handy: can you...` is a name), a country or a US
    state before a `:` and a number (`Kenya: 0712 345678`; one no list holds as a given name before any `:`), `w/`
    (with) read as a name's end (`Spoke w/ Priya`), an Italian salutation opening a line (`Gentile Dott.ssa ...`)."""
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON":
            a, b = r[1], r[2]
            m = _LABEL_END.match(chunk, b)
            if m is not None:
                words = chunk[a:b].lower().split()
                number = m.group("next") in ("+", "(") or m.group("next").isdigit()
                if words and _phone_label(words) and (len(words) > 1 or number):  # (`Handy: can you...` a name)
                    continue
                from proxy.nlp.names import place_names

                if len(words) == 1 and words[0] in place_names() and (not names.is_first(words[0]) or number):
                    continue
            if chunk[b:b + 1] == "/" and chunk[b - 2:b].lower() in (" w", "\tw"):
                rest = chunk[a:b - 2].split()
                if not any(names.is_name(w) and not names.is_common(w) for w in rest):
                    continue
                r = (r[0], a, b - 2, r[3])
            if chunk[a:a + 1] in "GECSgecs":
                start = _salutation(chunk, a, b)
                if start is not None:
                    if start >= b:
                        continue
                    r = (r[0], start, b, r[3])
        out.append(r)
    return out
