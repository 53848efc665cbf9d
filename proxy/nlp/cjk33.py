"""Latin-script words written inside Chinese, Japanese and Korean text (issue 12, "No side doors": atk31 F20).

Chinese and Japanese write a Latin name with no space before or after it (`请联系James Smith处理这个问题。`,
`担当はDmitri Volkovさんです。`, `【Kenji Watanuki】已加入群聊`, `James Smith撤回了一条消息`), Korean glues a particle
or an honorific to it (`James Smith님`). spaCy splits words at spaces, so the glued CJK letters and the name made one
token: the name was read in part (`【<PERSON_1> Watanuki】`), not at all, or with the rest of the sentence
(`James Smith撤回了一条消息` went out as `<PERSON_1>`).

- `cjk_points`: where a space reads such a text as if its Latin words were spaced from their CJK neighbours: at each
  edge between a Latin letter and a Han, kana or Hangul letter or a CJK punctuation mark (`【`, `」`), and beside
  the punctuation between them (`Okonkwo（经理）`, `联系人：Chidi`, `"Hannah Kowalski"邀请`). Added to the PII
  analysis view only (`proxy.nlp.normalize.structure_spaced`): nothing of the original maps to the space, so a
  redaction covers the name's own characters, never the CJK words glued to it.
- `cjk_joints` (cjk35, atk33 F14): a Latin name in CJK text joined by a middle dot (`James・Smith先生`,
  `Anna·Müller女士`, as Japanese and Chinese write foreign names) is read with a space for the dot; an initial glued
  to the surname (`请转告J.Smith`) with a space after its dot. Only between capitalised Latin words whose run has CJK
  text (or the text's edge) on both sides; the model still decides (`Spring·Boot项目` stays as sent).
- `cjk_trimmed`: a PERSON span of Latin letters without the CJK punctuation and the spaces the NER model takes at its
  ends (`【 Carlos Mendoza 】已加入群聊。担当は...`: the model's span took the `】`).
- `cjk_widened`: a PERSON finding (after every rule has read it) over the whole of the run of capitalised Latin words
  it is part of where CJK text stands on both sides of that run (`先ほどRohan Deshpandeさん`: the model read `Rohan`
  alone, `Deshpande` went out). It only ever widens a name the rules kept to the Latin words set apart with it: no
  text without a finding is altered. A run right before a CJK word for a thing (a book, a film, a magazine, shoes,
  a bag: `Harry Potter这本书`, `Rolling Stone杂志`, `Nike Air Max鞋`) names that thing, no person: no finding. A run in
  full-width letters (`担当はＢｒｅｔｔ　Ｙｏｕｎｇです`) is read as its ASCII, one for one (cjk35). A
  finding of Latin words with CJK text glued after them (`Kitty周边` after `Hello`) covers the Latin words only.

Gated by a cheap test (a CJK letter and an ASCII letter in the text); a linear scan. Pure functions, CPU only.
"""

from __future__ import annotations

import re

from proxy.nlp.fp34 import term_after  # eponyms before a CJK technical noun (fp34)

Result = tuple[str, int, int, float]

# Han (with the iteration mark 々), kana (with the half-width forms), Hangul (syllables and jamo).
_CJK = ("\u1100-\u11ff\u3005\u3040-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
        "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f")
# Latin letters: ASCII and the Latin-1 and Latin Extended letters of names (`José`, `Łukasz`), not `×` or `÷`.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_CJK_LETTER = re.compile(f"[{_CJK}]")
# CJK punctuation written glued to a word: 、。「」『』【】〈〉《》〔〕 and the full-width forms of ASCII's
# (`（`, `：`, `，`, `！`, where the view has not folded them): spaCy split none from a Latin word (`【James`).
_CJK_PUNCT = "\u3001\u3002\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CJK_EDGE = _CJK + _CJK_PUNCT  # (a character class's body: `proxy.nlp.normalize` gates its structure pass on it)
_EDGE = re.compile(f"[{CJK_EDGE}]")
# A run of Latin letters with a CJK letter right before or right after it (from a run's start only: linear).
_RUN = re.compile(f"[{_LATIN}]++")


def cjk_hint(text: str) -> bool:
    """Whether `text` may have a Latin word glued to a CJK letter (cheap: `cjk_points` finds none without)."""
    return not text.isascii() and _CJK_LETTER.search(text) is not None


# Punctuation between a Latin word and CJK letters (the view has folded the full-width forms to these: `（` is `(`):
# an opening mark before the CJK letters (`Okonkwo(经理)`) or a closing one after them (`联系人:Chidi`) is read with
# the CJK side, a quote with the Latin side (`"Hannah Kowalski"邀请"Diego Alvarez"`).
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}:,;")
_QUOTES = frozenset("\"'\u2018\u2019\u201c\u201d")


def cjk_points(text: str) -> list[int]:
    """Offsets in `text` where a space reads a Latin word glued to CJK letters as spaced from them (the module's
    docstring)."""
    if not cjk_hint(text):
        return []
    points: list[int] = []
    edge = _EDGE.match
    n = len(text)
    for m in _RUN.finditer(text):
        a, b = m.span()
        if a > 0:
            c = text[a - 1]
            if edge(c):
                points.append(a)
            elif a > 1 and edge(text, a - 2):
                if c in _QUOTES:
                    points.append(a - 1)
                elif c in _CLOSING:
                    points.append(a)
        if b < n:
            c = text[b]
            if edge(c):
                points.append(b)
            elif b + 1 < n and edge(text, b + 1):
                if c in _QUOTES:
                    points.append(b + 1)
                elif c in _OPENING:
                    points.append(b)
    return points


# Capitalised Latin words joined by a middle dot (`・` U+30FB, `·` U+00B7, `･` U+FF65), or an initial and its dot
# glued to a capitalised word (`J.Smith`): group 1 is the dot to read as a space, group 2 the initial's dot.
_DOTS = "\u00b7\u30fb\uff65"
_JOINED = re.compile(f"(?<![{_LATIN}.{_DOTS}])(?:[A-Z][{_LATIN}'\u2019-]+([{_DOTS}])|[A-Z](\\.))"
                     f"[A-Z][a-z\u00df-\u00f6\u00f8-\u024f'\u2019-]+(?![{_LATIN}.{_DOTS}])")


def cjk_joints(text: str) -> list[tuple[int, int, str]]:
    """Edits that read a Latin name joined by a middle dot, or an initial glued to its surname, inside CJK text as
    spaced (the module's docstring): the dot replaced by a space, a space put after an initial's dot."""
    if not cjk_hint(text) or not any(c in text for c in _DOTS) and "." not in text:
        return []
    edits: list[tuple[int, int, str]] = []
    for m in _JOINED.finditer(text):
        if _set_apart(text, *m.span(), mark=True):
            edits.append((m.start(1), m.end(1), " ") if m.group(1) else (m.end(2), m.end(2), " "))
    return edits


_TRIM = re.compile(f"[\\s{_CJK_PUNCT}]")


# Capitalised Latin words (a name's: `Rohan`, `O'Neil`, `Al-Rashid`) one space apart: a run of two to four.
_CAPS_RUN = re.compile(f"(?<![{_LATIN}'\u2019-])[A-Z][{_LATIN}'\u2019-]*(?: [A-Z][{_LATIN}'\u2019-]*){{1,3}}"
                       f"(?![{_LATIN}'\u2019-])")


def _set_apart(text: str, a: int, b: int, mark: bool = False) -> bool:
    """`text[a:b]` has CJK text (or the text's edge) on both sides, a space (or, with `mark`, a folded punctuation
    mark: `Justin·Sheppard，请知悉` read `Justin·Sheppard,请知悉`, `审批人：M.Öberg`) apart at most."""
    before = a - 1 if a > 0 and (text[a - 1] == " " or mark and text[a - 1] in ":,;(") else a
    after = b + 1 if b < len(text) and (text[b] == " " or mark and text[b] in ",.;:!?)") else b
    return ((before == 0 or _EDGE.match(text, before - 1) is not None)
            and (after == len(text) or _EDGE.match(text, after) is not None))


def _widened(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` over the run of capitalised Latin words set apart by CJK text that it is part of."""
    for m in _CAPS_RUN.finditer(text, max(0, start - 60)):
        a, b = m.span()
        if a > start:
            break
        if end <= b and (a, b) != (start, end) and _set_apart(text, a, b):
            return a, b
    return start, end


def _near_cjk(text: str, start: int, end: int) -> bool:
    """A Latin letter in `text[start:end]` and CJK text near it (a local test)."""
    return (start < end and not text.isascii() and _RUN.search(text, start, end) is not None
            and _EDGE.search(text, max(0, start - 64), end + 64) is not None)


def cjk_trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """`text[start:end]` (a PERSON span) without CJK punctuation and spaces at its ends, where it has a Latin letter
    (the module's docstring)."""
    if not _near_cjk(text, start, end):
        return start, end
    trim = _TRIM.match
    while end > start and trim(text, end - 1):
        end -= 1
    while start < end and trim(text, start):
        start += 1
    return start, end


# CJK words for a thing right after a run of Latin words (glued, or a space apart): the run names the thing (a title,
# a brand, a product), no person. Only words no one writes right after a person's name (not `的`/`の` + noun: `James
# Smith的书` is his book; nor `电影`, `全集`, `系列`: `Christopher Nolan电影` are his films).
_THING = re.compile("(?:这本书|这本小说|这部电影|这部剧|这首歌|这款|杂志|鞋|球鞋|包包|手表|耳机|"
                    "运动服|图案|周边|玩具|公仔|专卖店|旗舰店|雑誌|잡지)")


def _thing(text: str, end: int) -> bool:
    """A CJK word for a thing right after `end` (a space apart at most)."""
    return _THING.match(text, end + 1 if text.startswith(" ", end) else end) is not None


# A span of Latin words then CJK text glued to them (`Kitty周边` after `Hello`): where the Latin words end.
_LATIN_HEAD = re.compile(f"[{_LATIN}][{_LATIN}'\u2019 .-]*(?<=[{_LATIN}])(?=[{_CJK}{_CJK_PUNCT}])")


def _latin_end(text: str, start: int, end: int) -> int:
    """`end`, or where the Latin words that start `text[start:end]` end if CJK text glued to them follows."""
    m = _LATIN_HEAD.match(text, start, end)
    return m.end() if m is not None else end


# Full-width Latin letters and the ideographic space, read one for one as ASCII (the offsets stay the original's).
_FULL_WIDTH = re.compile("[\uff21-\uff3a\uff41-\uff5a\u3000]")
_FOLD = str.maketrans({**{chr(c + 0xFEE0): chr(c) for c in [*range(65, 91), *range(97, 123)]}, "\u3000": " "})


# Hangul fillers (blank, no letter: removed by the view, atk39 F07) read as a Latin letter inside a name's span, one for
# one, so a name they sit in is not cut there as at a Hangul word.
_FILLERS = re.compile("[\u115f\u1160\u3164\uffa0]")
_FILLER_LETTER = str.maketrans(dict.fromkeys("\u115f\u1160\u3164\uffa0", "a"))


def cjk_widened(text: str, found: list[Result]) -> list[Result]:
    """`found` with each PERSON finding over the whole run of capitalised Latin words set apart by CJK text that it is
    part of, and none right before a CJK word for a thing (the module's docstring); findings made the same by it
    once."""
    if text.isascii():
        return found
    if _FULL_WIDTH.search(text) is not None:  # (`担当はＢｒｅｔｔ　Ｙｏｕｎｇです`: read as ASCII, one for one, cjk35)
        text = text.translate(_FOLD)
    if _FILLERS.search(text) is not None:  # (a Hangul filler is no Hangul: `Theo\u3164dore`, the view removes it)
        text = text.translate(_FILLER_LETTER)
    out: list[Result] = []
    for entity, start, end, score in found:
        if entity == "PERSON" and _near_cjk(text, start, end):
            start, end = _widened(text, start, _latin_end(text, start, end))
            if _thing(text, end) or term_after(text, end):  # (`Kalman 滤波器`: fp34)
                continue
        r = (entity, start, end, score)
        if r not in out:
            out.append(r)
    return out
