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
    if _VIETNAMESE.intersection(nfd) or "đ" in word.lower():
        return -1
    bare = "".join(c for c in nfd if not unicodedata.combining(c))
    if "\u0323" in nfd and bare.isascii():
        return 2
    if _TONES.intersection(nfd) and bare.isascii() or names.is_name(bare) and not names.is_common(bare):
        return 1
    return 0


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
            if not any(e == "PERSON" and s <= start and end <= t for e, s, t, _ in found):
                added.append(("PERSON", start, end, 0.85))
        k = j + 1
    return found + added
