"""Names the way letters, business chat, tickets and headers write them (atk16 A HIGH-1, MEDIUM-2, MEDIUM-4).

- `addressed_names`: a surname after a form of address in another European language (`Frau Müller`, `Herrn
  Schmidt`, `Herr Dipl.-Ing. Weber`, `Sra. García`, `mevrouw De Vries`, `pan Novák`, `Pani Nowak`, `Mme Dupont`,
  `Sig.ra Rossi`): the capitalised word after it is a name, and the next one when that word is a listed first name
  (`Frau Anna Müller`). Academic titles may stand between (`Frau Dr. med.`, `Herr Prof. Dr.`, `pan Ing.`).
  Forms that are English words or initials too (`Sr.`: senior, `M.`, `D.`, `Pan`, `Don`) count only before a
  word that is no English word (`Sr. García`, not `Sr. Engineer`); role nouns are no name (`Frau Ministerin`,
  `Pan Prezes`, `Sr. Presidente`).
- `cjk_addressed`: a listed CJK surname right before an honorific or a role title (`佐藤様`, `田中さん`,
  `中村部長`, `王先生`, `李女士`, `陈经理`, `김 과장님`, `박 씨`): a one-character Han surname only before a Chinese
  title, and inside a run of Han characters only before a form of address (`请转告胡女士`; `项目经理` is "project
  manager"); a Japanese honorific only after a surname of two characters or more (`神様`, `仕様`, `皆様` are words).
- `passenger_names`: airline/GDS passenger names `SURNAME/GIVEN MR`, `1.1SCHMIDT/MARIAMRS`: the surname and the
  given name(s), with a title (spaced or glued), a GDS line number before, or a listed first name after the `/`.
- `glued_names`: a listed first name and a surname glued to the next character (`Jordan Smith<x@acme.io>`,
  `Smith(HR)`, `Smith@Acme`, `CN=Jordan Smith:mailto:`, `CN="Maria Schmidt";`, `Jordan Smith2`), which the
  tokenizer reads as one code token.

Each finds only the name's characters (the form of address, the title, the line number stay as written).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from proxy.nlp.names import NameLists, NativeNames, script_chars

# Forms of address that are no English word: the capitalised word after one is a name unless it is a function word
# or a role noun. (English `Mr`, `Mrs`, `Dr` are the NER's and `PersonNameRecognizer`'s.)
_STRONG = (
    r"Herrn?|herrn?|Frau|Hr\.|Fru|fru"  # German, Danish, Swedish
    r"|Sra\.?|Srta\.?|Sres\.|Dña\.|Dª|Señora|señora|Señorita|señorita|Señor|señor|Doña|doña"  # Spanish
    r"|Senhora|senhora|Senhor|senhor|Srª|Sr\.ª"  # Portuguese
    r"|[Mm]evrouw|[Mm]eneer|[Dd]e\s+heer|[Mm]evr\.|[Dd]hr\."  # Dutch
    r"|panu|panem|paní|Paní|slečna|slečno|Slečna"  # Czech
    r"|Pani|pani|Pana|pana|Panu|Panią|panią|Panem|Pane"  # Polish
    r"|Mme\.?|Mlle\.?|Monsieur|monsieur|Madame|madame|Mademoiselle|mademoiselle|MM\."  # French
    r"|Sig\.(?:ra|na)|Sig\.ra|Signora|signora|Signorina|signorina|Signor|signor|Dott\.(?:ssa)?|Avv\.|Gent\.(?:mo|ma)"
)
# Forms that are English words or initials too: only before a word that is no English word.
_WEAK = (r"Sr\.|M\.|D\.|Pan|pan|pane|Don|dr|Sig\.|Ing\.|MUDr\.|JUDr\.|PhDr\.|RNDr\.|MVDr\.|Mgr\.|Mag\."
         r"|Dipl\.-[A-Z][a-z]+\.")
# Academic titles between the form of address and the name: `Dr. med.`, `Prof. Dr.`, `Dipl.-Ing.`, `dr hab. inż.`.
_ACADEMIC = (r"(?:(?:Prof|Dr|Dres|PD|Mag|Ing|Dipl\.-[A-Z][a-z]+|MUDr|JUDr|PhDr|RNDr|MVDr|PaedDr|Mgr|Bc|doc|dr|prof|hab"
             r"|inż|lek|mgr|med|dent|vet|rer|nat|pol|oec|phil|jur|habil|h\.\s?c|Dott|Avv|Arch|Lic|Dra|Dr\.ª|univ)"
             r"\.?\s+)*")
_WORD = r"[^\W\d_][^\W\d_]*(?:[-'’][^\W\d_]+)*"
_PARTICLE = r"(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Vv]on|[Zz]u|[Tt]en|[Tt]er|[Dd]a|[Dd]i|[Dd]el|[Dd]ella|[Ll]a" \
            r"|[Ll]e|[Dd]u|[Dd]os|[Dd]as|[Dd]e\s+la|[Vv]an\s+de[rn]?|[Vv]on\s+de[rm]|'t)\s+)"
_ADDRESSED = re.compile(
    rf"(?<![\w.-])(?:(?P<strong>{_STRONG})|(?P<weak>{_WEAK}))\s+{_ACADEMIC}(?P<name>{_PARTICLE}*{_WORD})")
_NEXT_WORD = re.compile(rf"[ \u00a0]+({_PARTICLE}*{_WORD})")
# Role nouns after a form of address (`Frau Ministerin`, `Herr Kollege`, `Pan Prezes`, `pane předsedo`, `Sr.
# Presidente`): stems, lower-case.
_ROLES = (
    "doktor", "doctor", "dottor", "profes", "prezes", "prezyden", "president", "presiden", "präsident", "minist",
    "dyrektor", "direktor", "director", "direttor", "ředitel", "kierownik", "przewodnicz", "předsed", "kolleg",
    "pfarrer", "pastor", "vorsitz", "abgeordnet", "kommissar", "kanzler", "bürgermeister", "botschafter", "senator",
    "senador", "diputad", "alcald", "juez", "ingenier", "inženýr", "inżynier", "mecenas", "magist", "rektor",
    "dekan", "général", "general", "capitán", "kapitän", "oberst", "major", "leutnant", "richterin", "vorsteher",
    "ober", "nachbar", "sekretär", "secretari", "secretário", "sekretar", "asistent", "assistent", "voorzitter",
    "burgemeester", "wethouder", "premier", "papa", "kunde", "kundin", "cliente", "klient", "client", "autor",
    "author", "vater", "mutter", "padre", "madre", "hauptmann", "wachtmeister", "meister", "lehrer", "maestr",
    "kaplan", "ksiądz", "bischof", "obispo", "consul", "konsul", "graf", "gräfin", "baron", "marqu", "conde", "duque",
)
# English words that are also a surname people are addressed by after a strong form (`Herr Wolf`, `Frau Klein`):
# a strong form takes any capitalised word but these.
_NO_NAME = frozenset({
    "und", "oder", "the", "and", "or", "sowie", "bzw", "y", "e", "et", "ed", "en", "i", "a", "o", "u", "und/oder",
})


def _role(word: str) -> bool:
    return word.lower().startswith(_ROLES)


def _stop(word: str, stops: frozenset[str]) -> bool:
    low = word.lower()
    return low in stops or low in _NO_NAME


def addressed_names(text: str, names: NameLists, stops: frozenset[str], tech: frozenset[str],
                    ) -> list[tuple[int, int]]:
    """[start, end) of each name after a form of address in `text` (see the module's docstring)."""
    if not any(c.isupper() for c in text):
        return []
    out: list[tuple[int, int]] = []
    for m in _ADDRESSED.finditer(text):
        start, end = m.span("name")
        words = text[start:end].split()
        word = words[-1]
        if not _name_word(word, names, stops, tech, weak=m.group("weak") is not None):
            continue
        # the next word too, after a listed first name (`Frau Anna Müller`, `Sr. Juan Pérez`)
        last = word
        for _ in range(2):
            if not (names.is_first(last) or names.is_any_first(last)):
                break
            nxt = _NEXT_WORD.match(text, end)
            if nxt is None:
                break
            cand = nxt.group(1).split()[-1]
            if not (cand[:1].isupper() and (names.is_name(cand) or not names.is_common(cand))
                    and _name_word(cand, names, stops, tech, weak=False)):
                break
            end, last = nxt.end(1), cand
        out.append((start, end))
    return out


_VOWEL = re.compile(r"[aeiouyAEIOUY]|[^\W\d_a-zA-Z]")  # (any letter outside ASCII counts: `Ťř`, `Ønø`)
# Academic titles that end a match when no name follows them (`Frau Dr.`).
_ACADEMIC_WORDS = frozenset({"prof", "dr", "dres", "pd", "mag", "ing", "mudr", "judr", "phdr", "rndr", "mvdr", "paeddr",
                             "mgr", "bc", "doc", "hab", "inż", "lek", "med", "dent", "vet", "rer", "nat", "pol", "oec",
                             "phil", "jur", "habil", "dott", "avv", "arch", "lic", "dra", "univ"})


def _name_word(word: str, names: NameLists, stops: frozenset[str], tech: frozenset[str], *, weak: bool) -> bool:
    """A capitalised word that may be a surname after a form of address: no function word, role noun, acronym nor
    product; after a weak form (`Sr.`, `M.`) also no English word unless a listed name that is none."""
    if not word[:1].isupper() or (word.isupper() and len(word) > 1) or len(word) < 2:
        return False
    if word.lower() in _ACADEMIC_WORDS or word.startswith("Dipl") or not _VOWEL.search(word):
        return False  # an abbreviation: `Frau Dr.`, `D. Lgs.`, `M. Sc.`
    if _stop(word, stops) or _role(word) or word.lower() in tech:
        return False
    if weak:
        return (names.is_name(word) and not names.is_common(word)) or not (
            names.is_common(word) or names.is_english(word))
    return names.is_name(word) or not names.is_very_common(word)


# --- CJK: a surname before an honorific or a role title ---------------------------------------------------------

# Titles after a Chinese surname (one character suffices: 王先生): Chinese forms of address and roles.
_ZH_TITLES = ("先生", "女士", "小姐", "老师", "老師", "经理", "經理", "总监", "總監", "主任", "教授", "博士",
              "医生", "醫生", "律师", "律師", "同学", "同學", "太太", "阿姨", "董事长", "董事長", "部长", "部長",
              "处长", "處長", "局长", "局長", "科长", "科長", "主管", "师傅", "師傅", "院长", "院長", "校长",
              "校長", "总", "總")
# Japanese honorifics and role titles: after a surname of two characters or more (佐藤様, 中村部長).
_JA_TITLES = ("様", "さま", "さん", "氏", "殿", "君", "くん", "ちゃん", "先生", "先輩", "部長", "課長", "社長", "係長",
              "主任", "専務", "常務", "次長", "室長", "店長", "教授", "博士", "議員", "会長", "所長", "支店長")
# Korean titles after a one-syllable surname, a space between or not (김 과장님, 박씨).
_KO_TITLES = ("씨", "선생님", "과장님", "과장", "부장님", "부장", "대리님", "대리", "사장님", "사장", "팀장님", "팀장",
              "교수님", "교수", "실장님", "실장", "차장님", "차장", "이사님", "상무님", "전무님", "대표님", "원장님",
              "주임님", "박사님", "변호사님", "기자님", "선배님", "선배", "회장님", "본부장님")
_HAN_CLASS = script_chars("han")
_HAN = re.compile(f"[{_HAN_CLASS}]")


def _alternation(titles: Iterable[str]) -> str:
    return "|".join(sorted(titles, key=len, reverse=True))


_CJK_TITLE = re.compile(f"(?:{_alternation(set(_ZH_TITLES) | set(_JA_TITLES))})")
_KO = re.compile(f"(?<![가-힣])([가-힣]) ?(?:{_alternation(_KO_TITLES)})")
# Words before a person in Chinese (give, and, with, ask, find, by, ...): a one-character surname inside a run of Han
# characters needs one of them before it.
_HAN_BEFORE_NAME = frozenset("给給和跟与與同及或是叫让讓请請对對向找问問被把由等为為替陪帮幫见見派像谢謝诉訴知")


# Chinese forms of address (Mr, Ms, Miss, Mrs): after one, a surname inside a run of Han characters is a name too
# (请转告胡女士), unless the character ends a word before a title (这位先生, 那位女士, 部门经理).
_ZH_ADDRESS = frozenset({"先生", "女士", "小姐", "太太"})
_IN_WORDS = frozenset("位那门")


def cjk_addressed(text: str, native: NativeNames) -> list[tuple[int, int]]:
    """[start, end) of each CJK surname before an honorific or a role title (see the module's docstring)."""
    if text.isascii():
        return []
    out: list[tuple[int, int]] = []
    han = native.last.get("han", frozenset())
    for m in _CJK_TITLE.finditer(text):
        title, k = m.group(), m.start()
        if title in ("总", "總") and _HAN.match(text, m.end()):
            continue  # 总结 "summarize", 总是 "always"
        if text[m.end():m.end() + 1] == "々":
            continue  # 様々 "various"
        for length in (3, 2, 1):
            i = k - length
            if i < 0 or text[i:k] not in han:
                continue
            before = text[i - 1:i]
            if length == 1:
                if title not in _ZH_TITLES or (before and _HAN.match(before) and before not in _HAN_BEFORE_NAME and (
                        title not in _ZH_ADDRESS or text[i] in _IN_WORDS)):
                    continue
            elif title not in _JA_TITLES and title not in _ZH_TITLES:
                continue
            out.append((i, k))
            break
    hangul = native.last.get("hangul", frozenset())
    out.extend(m.span(1) for m in _KO.finditer(text) if m.group(1) in hangul)
    return out


# --- airline / GDS passenger names -------------------------------------------------------------------------------

_PAX_TITLES = ("MRS", "MR", "MS", "MISS", "MSTR", "DR", "PROF", "CHD", "INF")
_PAX = re.compile(r"(?<![A-Za-z0-9/])(?P<line>\d{1,2}\.\d{1,2})?(?P<last>[A-Z][A-Z'-]+)/"
                  r"(?P<given>[A-Z]{2,}(?:[ ][A-Z]{2,}){0,2})(?![A-Za-z0-9/])")


def passenger_names(text: str, names: NameLists, tech: frozenset[str]) -> list[tuple[int, int]]:
    """[start, end) of each passenger name `SURNAME/GIVEN [TITLE]` (see the module's docstring)."""
    if "/" not in text:
        return []
    out: list[tuple[int, int]] = []
    for m in _PAX.finditer(text):
        last, tokens = m.group("last"), m.group("given").split(" ")
        titles = [k for k, t in enumerate(tokens) if k and t in _PAX_TITLES]
        if titles:  # `SMITH/JOHN MR`, `SMITH/JOHN PAUL MR SEAT`
            given, titled = tokens[:titles[0]], True
        else:  # the given names: the first word, and listed first names after it (`SMITH/JOHN PAUL`)
            given = tokens[:1]
            for t in tokens[1:]:
                if not names.is_first(t):
                    break
                given.append(t)
            titled = False
        end = m.start("given") + len(" ".join(given))
        first = given[0]
        if len(given) == 1 and not titled:
            for title in _PAX_TITLES:  # glued: `MARIAMRS`, `JANEMS`
                if first.endswith(title) and len(first) - len(title) >= 2 and names.is_first(first[:-len(title)]):
                    first = first[:-len(title)]
                    end -= len(title)
                    titled = True
                    break
        if last.lower() in tech or first.lower() in tech or names.is_very_common(last):
            continue
        if titled or m.group("line"):
            ok = names.is_first(first) or names.is_any_first(first) or not names.is_english(first)
        else:
            ok = names.is_first(first) and not names.is_common(first) and not names.is_common(last)
        if ok:
            out.append((m.start("last"), end))
    return out


# --- a name glued to the next character ----------------------------------------------------------------------------

_CAP = r"[^\W\d_][^\W\d_]+(?:[-'’][^\W\d_]+)?"
_GLUED = re.compile(rf"(?<![\w'’.-])({_CAP})[ \u00a0]({_CAP})(?=[<(\[{{@\"0-9;|>)\]}}]|[:,=][^\s])")


def glued_names(text: str, names: NameLists, tech: frozenset[str]) -> list[tuple[int, int]]:
    """[start, end) of each `First Surname` glued to the next character (see the module's docstring)."""
    out: list[tuple[int, int]] = []
    for m in _GLUED.finditer(text):
        first, last = m.group(1), m.group(2)
        if not (_capitalised(first) and _capitalised(last)):
            continue
        if first.lower() in tech or last.lower() in tech:
            continue
        if (names.is_first(first) or names.is_any_first(first)) and names.is_name(last) \
                and not names.is_common(last):
            out.append(m.span())
    return out


def _capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


__all__ = ["addressed_names", "cjk_addressed", "glued_names", "passenger_names"]
