"""Transliterated Russian and Ukrainian names after a person's cue (cjk35, issue 12, atk33 F16).

A Russian or Ukrainian name written in Latin letters is a given name the word lists hold as a password or not at
all (`Oleksandr`, `Lyudmila`, `Arseniy`: transliterations vary) and a surname no list holds (`Kovalchuk`,
`Nesterov`). The model read one of the two, or neither (`Thanks,\\nArseniy Nesterov`, `Sincerely, Oleksandr
<PERSON_1>`). `cyrillic_names`: after a person's cue (a sign-off and its comma or line end, a person's label and its
colon, `Dear`, `from`, `to`, `by`, `with`, `ask`, `contact`, `cc`), a capitalised given name (a listed first name, or
one of `_GIVEN`, the commonest Russian and Ukrainian given names in their usual transliterations) then a capitalised
surname with a Russian or Ukrainian ending (-ov/-ova/-ev/-eva/-in/-ina/-sky/-skiy/-skaya/-enko/-chuk/-yuk) that is no
English word and no place: both words are PERSON, one span (`from Roman Britain`, `Contact: Kaspersky Lab`,
`Dear Mr. Smith` are left as they were).

`cjk_initialed`: an initial and a listed surname in CJK text (`审批人：M.Öberg`, `请抄送M. Andersson`, after
`proxy.nlp.cjk33.cjk_joints` spaced the glued ones): PERSON, where CJK text (or the text's edge, a punctuation mark
between) stands on both sides and no CJK word for a thing or a technical noun follows (`E.Coli实验`, `A.B测试`,
`C.Programming这本书` are left); an unlisted surname with an honorific glued after it (`L.Petrova様`, part37).

Gated by substring tests (the endings; a CJK letter and a `.`); one linear regex pass each. Pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.cjk33 import _LATIN, _set_apart, _thing, cjk_hint
from proxy.nlp.comma33 import _replaced
from proxy.nlp.cued import _LABELS, _SIGN_OFF_WORDS, _place
from proxy.nlp.fp34 import term_after

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["cjk_initialed", "cyrillic_names"]

Result = tuple[str, int, int, float]

# The commonest Russian and Ukrainian given names (Rosstat's and Ukraine's registry top lists), in the usual
# transliterations (passport, BGN/PCGN, English press): lower case.
_GIVEN = frozenset("""
aleksandr alexandr oleksandr aleksei alexei alexey aleksey oleksiy oleksii andrei andrey andriy anatoliy anatoly
anatolii arkadiy arkady arseniy arseny artem artyom bogdan bohdan boris vadim valentin valeriy valery vasiliy vasily
vasyl viktor vitaliy vitaly vitalii vladimir volodymyr vladislav vladyslav vyacheslav gennadiy gennady georgiy
georgy heorhiy gleb grigoriy grigory hryhoriy denis dmitriy dmitry dmitrii dmytro evgeniy evgeny yevgeniy yevgeny
yevhen egor yegor ivan igor ihor ilya illia innokentiy kirill kyrylo konstantin kostiantyn leonid lev maksim maksym
mikhail mykhailo mykola nikolai nikolay nikita oleg oleh pavel pavlo petr pyotr petro ruslan semyon semen serhiy
serhii sergei sergey sergiy stanislav stepan taras timofey tymofiy timur fedor fyodor fedir yaroslav yuriy yuri
yury yurii zakhar trofim vikentiy efim yefim matvey matvei savva platon rostislav rostyslav svyatoslav sviatoslav
aleksandra alena alyona alina alla anastasiya anastasia antonina valentina valeriya viktoriya galina halyna darya
dariya daria evgeniya yevgeniya ekaterina yekaterina kateryna elena yelena olena elizaveta yelizaveta zhanna zoya
zinaida inna irina iryna karina kseniya kseniia oksana olga olha polina raisa svetlana sofiya sofiia tamara tatyana
tatiana tetiana ulyana yuliya yuliia yana yaroslava vasilisa varvara lidiya lyudmila lyudmyla liudmyla lyubov
liubov nadezhda nadiya natalya nataliya nataliia nina margarita marina mariya vera larisa larysa snezhana milana
""".split())
_ENDINGS = ("ov", "ova", "ev", "eva", "in", "ina", "sky", "skiy", "skaya", "enko", "chuk", "yuk")
_CUE = (rf"(?:(?<![\w'’-]){_SIGN_OFF_WORDS}[ \t]*[,!.]?[ \t]*(?:\r?\n[ \t]*|(?<=[,!.])[ \t]*)"
        rf"|(?m:^)[ \t>*-]*{_LABELS}[ \t]*:[ \t]*"
        r"|(?<![\w'’-])(?:[Dd]ear|[Ff]rom|[Tt]o|[Bb]y|[Ww]ith|[Aa]sk|[Cc]ontact|[Cc][Cc]|[Tt]hank)[ \t\u00a0]+)")
_NAME = re.compile(_CUE + r"(?P<given>[A-Z][a-z]{2,})[ \t\u00a0]+(?P<surname>[A-Z][a-z]{2,}(?:"
                   + "|".join(_ENDINGS) + r"))(?![\w'’-])")


def cyrillic_names(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with a transliterated Russian or Ukrainian given name and surname after a person's cue as one PERSON
    (the module's docstring); the PERSON findings inside it replaced."""
    if not any(e in chunk for e in ("ov", "ev", "in", "sky", "skiy", "enko", "chuk", "yuk")):
        return found
    added: list[Result] = []
    for m in _NAME.finditer(chunk):
        given, surname = m.group("given"), m.group("surname")
        if not (given.lower() in _GIVEN or names.is_first(given)) or names.is_english(surname) \
                or names.is_first(surname) or _place(surname) or _place(given):
            continue
        added.append(("PERSON", m.start("given"), m.end("surname"), 0.85))
    return _replaced(found, added)


# A Japanese, Chinese or Korean honorific glued after a name (`L.Petrova様`: a person whatever the lists say, part37).
_HONORIFIC = re.compile("(?:様|さま|さん|氏|殿|先生|女士|小姐|님|씨)")
_INITIALED = re.compile(f"(?<![{_LATIN}.])[A-Z]\\.[ \u00a0]?"
                        f"([A-Z\u00c0-\u00d6\u00d8-\u00de][{_LATIN}'\u2019-]+)(?![{_LATIN}.])")


def cjk_initialed(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with an initial and a listed surname set apart by CJK text as one PERSON (the module's docstring)."""
    if "." not in chunk or not cjk_hint(chunk):
        return found
    added: list[Result] = []
    for m in _INITIALED.finditer(chunk):
        a, b = m.span()
        surname = m.group(1)
        honoured = _HONORIFIC.match(chunk, b) is not None \
            and not (names.is_english(surname) and names.is_very_common(surname))  # (not `C.Programming様`)
        if (surname.lower() in names.last and not names.is_english(surname) or honoured) \
                and _set_apart(chunk, a, b, mark=True) \
                and not _thing(chunk, b) and not term_after(chunk, b):
            added.append(("PERSON", a, b, 0.85))
    return _replaced(found, added)
