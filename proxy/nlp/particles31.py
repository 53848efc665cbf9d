"""Surnames with particles, and name cells of tables headed in Japanese, Chinese or Korean (acc28 F18).

- A found name followed by a surname's particles and a capitalised word (`Sanne` + ` de Vries`, `Anna` + ` De Luca`,
  `Jan` + ` van der Meer`) is one name: the span runs to the surname's end (the NER model and the table reading
  stop at the particle, and `de Vries` went to the provider under a `Naam` header).
- A listed given name followed by lower-case particles and a capitalised word (`Lotte van der Meer approved the
  budget.`, `Pieter de Graaf met ...`) is a name where nothing found it: Dutch, German, Spanish, Portuguese and
  Italian surnames (`van`, `van der`, `von`, `de`, `de la`, `del`, `della`, `di`, `da`, `dos`, `ter`, `zu`).
  Not after a place's first word (`Santa Cruz de Tenerife`, `San Juan de ...`), nor a listed city, nor before a
  technical term's head noun (`the Van der Waals equation`: `proxy.nlp.eponyms`), nor before a body's or a
  department's words (`Petra von der Buchhaltung`: `proxy.nlp.everyday26`) or a listed city (`Ana de Madrid`).
- A table (`,`, `;`, tab or `|` separated) whose header cell names a person in Japanese, Chinese or Korean (`氏名`,
  `名前`, `担当者`, `姓名`, `이름`, `성명`): its cells in that column written in those scripts (katakana with `・` or
  `＝` between a foreign name's parts: `マイケル・ジョンソン`) are names.

Gated by literal tests; linear scans; CPU only.
"""

from __future__ import annotations

import re

from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_ANY_PARTICLE = r"(?:[Vv]an|[Vv]on|[Dd]e|[Dd]el|[Dd]ella|[Dd]egli|[Dd]i|[Dd]a|[Dd]as|[Dd]os|[Dd]u|[Dd]es|der|den|" \
                r"[Tt]er|[Tt]en|zu|zur|la|las|los|le|bin|ibn|ben)"
_LOWER_PARTICLE = r"(?:van|von|de|del|della|degli|di|da|das|dos|der|den|ter|ten|zu|zur|la|las|los)"
_SURNAME = r"(?P<s>[^\W\d_][^\W\d_]+(?:[-'’][^\W\d_]+)*)(?![\w@.-]*[\w@])"
_AFTER_SPAN = re.compile(rf"(?:[ \t]+{_ANY_PARTICLE}){{1,3}}[ \t]+{_SURNAME}")
_UNFOUND = re.compile(rf"(?<![\w'’@.-])(?P<g>[A-Z][a-zà-ÿ]+)(?P<p>(?:[ \t]+{_LOWER_PARTICLE}){{1,3}})[ \t]+{_SURNAME}")
_GATE = re.compile(r"[ \t](?:[Vv][ao]n|[Dd][eiaou]|[Dd]e[ls]|[Dd]ella|[Tt]e[rn]|zu|la|le)[ \t]")
# A place's first words before a particle (`Santa Cruz de Tenerife`, `San Juan de Puerto Rico`, `Puerto de la Cruz`).
_PLACE_HEADS = frozenset("""
san santa santo são sao saint st ste puerto porto villa vila ciudad costa monte mont cabo isla ilha rio río nueva
nuevo bad port fort
""".split())


_NEXT_WORD = re.compile(r"['’]?s?[ \t]+([A-Za-z]+)")


def _term(text: str, end: int) -> bool:
    """Whether the name ending at `end` names a technical term (`the Van der Waals equation`, `von Mises stress`)."""
    from proxy.nlp.eponyms import TERM_HEADS

    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1).lower() in TERM_HEADS


def _body(text: str, surname: str, end: int) -> bool:
    """Whether the words after the particles name a body or a department (`Petra von der Buchhaltung`, `Juan de
    Recursos Humanos`: `proxy.nlp.everyday26`'s organisation words and German nouns by their ending), or a place."""
    from proxy.nlp.everyday26 import _ORG_SUFFIX, ORG_WORDS

    after = _NEXT_WORD.match(text, end)
    words = [surname, *([after.group(1)] if after is not None and after.group(1)[:1].isupper() else [])]
    return any(w.lower() in ORG_WORDS or _ORG_SUFFIX.fullmatch(w) is not None for w in words) \
        or _listed_place(surname)


def _person_over(found: list[Result], a: int, b: int) -> bool:
    return any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)


def _capitalised(word: str, caps: bool) -> bool:
    return word[0].isupper() and (caps or not word.isupper() or len(word) == 1)


def particle_names(text: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with names that carry a surname's particles whole (see the module's docstring)."""
    out = list(found)
    if _GATE.search(text) is not None:
        out = _extended(text, out)
        out = _unfound(text, out, names)
    if any(h in text for h in _CJK_HEADS):
        out = _cjk_cells(text, out)
    return out


def _extended(text: str, found: list[Result]) -> list[Result]:
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON":
            m = _AFTER_SPAN.match(text, r[2])
            if m is not None and _capitalised(m.group("s"), text[r[1]:r[2]].isupper()) \
                    and "\n" not in text[r[2]:m.end()] and not _term(text, m.end()) \
                    and not _body(text, m.group("s"), m.end()):
                r = ("PERSON", r[1], m.end(), r[3])
        out.append(r)
    return [r for r in out if r[0] != "PERSON" or not any(
        o is not r and o[0] == "PERSON" and o[1] <= r[1] and r[2] <= o[2] and (o[1], o[2]) != (r[1], r[2])
        for o in out)]


def _unfound(text: str, found: list[Result], names: NameLists) -> list[Result]:
    from proxy.nlp.eponyms import EPONYM_PARTICLES

    added: list[Result] = []
    for m in _UNFOUND.finditer(text):
        given, surname = m.group("g"), m.group("s")
        if not names.is_any_first(given) or given.lower() in _PLACE_HEADS | EPONYM_PARTICLES \
                or not _capitalised(surname, False) or _term(text, m.end()) or _body(text, surname, m.end()):
            continue
        before = text[max(0, m.start() - 40):m.start()].split()
        if before and before[-1].strip(".,").lower() in _PLACE_HEADS:
            continue  # `San Juan de Dios`
        a, b = m.start(), m.end()
        if _person_over(found, a, b) or any(r[1] < b and a < r[2] and r[0] != "PERSON" for r in found):
            continue
        if _listed_place(text[a:b]):
            continue
        added.append(("PERSON", a, b, 0.85))
    if not added:
        return found
    return [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for _, a, b, _ in added))] \
        + added


def _listed_place(phrase: str) -> bool:
    from proxy.nlp.places import city_names

    return phrase.lower() in city_names()


# ------------------------------------------------------------------------------------------------ CJK tables

_CJK_HEADS = ("氏名", "名前", "お名前", "担当者", "姓名", "名字", "联系人", "聯絡人", "이름", "성명", "담당자")
_CJK_HEADER = frozenset("""
氏名 名前 お名前 担当者 担当 姓名 名字 联系人 聯絡人 联系人姓名 客户姓名 顧客名
이름 성명 담당자 고객명 氏名（漢字） 氏名（カナ） フリガナ
""".split())
_CJK_CELL = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff66-\uff9f]+"
                       r"(?:[・＝=\u30fb ][\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff66-\uff9f]+){0,3}")
_SEPS = (",", ";", "\t", "|", "，")


def _cjk_cells(text: str, found: list[Result]) -> list[Result]:
    lines = text.split("\n")
    offsets = []
    at = 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    added: list[Result] = []
    for h, header in enumerate(lines):
        sep = next((s for s in _SEPS if s in header), None)
        if sep is None:
            continue
        heads = [c.strip(" \"'\r") for c in header.split(sep)]
        cols = [k for k, c in enumerate(heads) if c in _CJK_HEADER]
        if not cols:
            continue
        for n in range(h + 1, len(lines)):
            row = lines[n]
            cells = row.split(sep)
            if len(cells) != len(heads):
                break
            starts = [0]
            for c in cells[:-1]:
                starts.append(starts[-1] + len(c) + 1)
            for k in cols:
                cell = cells[k]
                a = len(cell) - len(cell.lstrip(" \"'"))
                b = len(cell.rstrip(" \"'\r"))
                if a < b and _CJK_CELL.fullmatch(cell[a:b]) is not None and b - a <= 24:
                    s, e = offsets[n] + starts[k] + a, offsets[n] + starts[k] + b
                    if not _person_over(found, s, e):
                        added.append(("PERSON", s, e, 0.85))
        break
    if not added:
        return found
    return [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for _, a, b, _ in added))] \
        + added
