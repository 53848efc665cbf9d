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
  manager") or after a word that takes a person (`请联系赵经理`, `请抄送冯律师`, `见到了曹老师`; `班主任`, `区经理`
  are roles); a Japanese honorific only after a surname of two characters or more (`神様`, `仕様`, `皆様` are words).
- `passenger_names`: airline/GDS passenger names `SURNAME/GIVEN MR`, `1.1SCHMIDT/MARIAMRS`: the surname and the
  given name(s), with a title (spaced or glued), a GDS line number before, or a listed first name after the `/`.
- `glued_names`: a listed first name and a surname glued to the next character (`Jordan Smith<x@acme.io>`,
  `Smith(HR)`, `Smith@Acme`, `CN=Jordan Smith:mailto:`, `CN="Maria Schmidt";`, `Jordan Smith2`), which the
  tokenizer reads as one code token; before `<` (a display name and its address) the surname need be in no list
  (`Nina Petrova<nina@...>`), only no English word nor given name (`Max Heap<int>`, `Support Team<...>`).
- `without_forms_of_address`: a salutation and a form of address the NER model took into a name's span are left
  out of it (`Estimada Sra. Jiménez` -> `Estimada Sra. <PERSON_1>`), and a span of only those and role nouns is
  dropped (`Estimada Sra.:`, `Frau Präsidentin`, `Liebe Kolleginnen`).

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
    r"|Pani|pani|Pana|pana|Panu|Panią|panią|Panem|Pane|Panie|panie|Państwo|państwo|Państwa|państwa"  # Polish
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


# --- the form of address and the salutation outside a name's span ------------------------------------------------

# Salutations of letters and mails before a form of address (`Estimada Sra.`, `Sehr geehrte Frau`, `Liebe Frau`,
# `Chère Mme`, `Szanowna Pani`, `Hallo Frau`), lower case.
_SALUTATIONS = frozenset("""
estimada estimado estimadas estimados querida querido queridas queridos distinguida distinguido apreciada apreciado
prezada prezado prezadas prezados caríssima caríssimo cara caro care cari gentile gentili gentilissima gentilissimo
egregia egregio spettabile lieber liebe liebes sehr geehrte geehrter geehrtes werte werter geachte beste lieve
cher chère chers chères szanowna szanowny szanowni szanowne droga drogi vážená vážený vážení vážené milá milý
hola hallo hello hi hey dear bonjour bonsoir salut buenos buenas días dias tardes noches bom boa dia tarde
buongiorno buonasera salve ciao hej moin servus guten tag morgen abend goedemorgen goedemiddag dag dzień dobry
""".split())
_FORM = re.compile(rf"(?:{_STRONG}|{_WEAK})")
_FORM_BEFORE = re.compile(rf"(?<![\w.-])(?:{_STRONG}|{_WEAK})\.?\s+\Z")
_SPAN_WORD = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]+)*\.?")
_FORM_HINT = re.compile(rf"(?<![\w.-])(?:{_STRONG}|{_WEAK})(?![^\W\d_])")


def _form_word(word: str) -> bool:
    return _FORM.fullmatch(word) is not None or (not word.endswith(".") and _FORM.fullmatch(word + ".") is not None)


def without_forms_of_address(chunk: str, found: list[tuple[str, int, int, float]], names: NameLists,
                             ) -> list[tuple[str, int, int, float]]:
    """`found` with the PERSON spans the NER model took a salutation or a form of address into kept off them: a
    span's leading salutation and form of address (`Estimada Sra` of `Estimada Sra. Jiménez`, `Liebe Frau` of
    `Liebe Frau Wagner`) are no name, so the placeholder stands after them (`Estimada Sra. <PERSON_1>`, not
    `<PERSON_1>. <PERSON_2>`); a span of only those words, or of them and role nouns (`Estimada Sra.:`, `Frau
    Präsidentin`, `Gentile Cliente`, `Liebe Kolleginnen`, `Sra. Directora`), is dropped. A salutation that is a
    listed name (`Cara`) is kept unless a form of address follows it (`Cara Signora Ferri`)."""
    if not any(r[0] == "PERSON" for r in found) or _FORM_HINT.search(chunk) is None and not any(
            chunk[r[1]:r[2]].split(" ", 1)[0].lower() in _SALUTATIONS for r in found if r[0] == "PERSON"):
        return found
    out: list[tuple[str, int, int, float]] = []
    for r in found:
        entity, start, end, score = r
        if entity != "PERSON":
            out.append(r)
            continue
        words = [(m.start() + start, m.end() + start) for m in _SPAN_WORD.finditer(chunk[start:end])]
        k, formed = 0, False
        while k < len(words):
            a, b = words[k]
            word = chunk[a:b] + (chunk[b] if b < len(chunk) and chunk[b] == "." and b == end else "")
            nxt = chunk[slice(*words[k + 1])] if k + 1 < len(words) else ""
            if _STRONG_FORM.fullmatch(word) is not None or k > 0 and _FORM.fullmatch(word) is not None:
                formed = True  # (a weak form, `M.`, `Don`, `Pan`, only after a salutation: `Cher M. Girard`)
            elif formed and word.lower().rstrip(".") in _ACADEMIC_WORDS:
                pass
            elif word.lower() in _SALUTATIONS and not formed and (
                    _form_word(nxt) or nxt.lower() in _SALUTATIONS or not (
                        names.is_any_first(word) or names.is_name(word))
                    or k + 1 < len(words) and all(_role(chunk[x:y]) for x, y in words[k + 1:])):
                pass
            else:
                break
            k += 1
        rest = [chunk[a:b] for a, b in words[k:]]
        if k == 0:
            if rest and all(_role(w) for w in rest) and _FORM_BEFORE.search(chunk, max(0, start - 30), start):
                continue  # `Frau Präsidentin`, `Sra. Directora`: a role after a form of address
            out.append(r)
        elif not rest or all(_role(w) or w.lower() in _NO_NAME for w in rest):
            continue
        else:
            out.append((entity, words[k][0], end, score))
    return out


_STRONG_FORM = re.compile(_STRONG)


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


# Verbs of two characters that take a person (contact, notify, tell, visit, consult, remind, thank, invite, copy,
# hand to, reply to, ...), and the perfective 了 after a verb: a one-character surname right after one is a name
# before a role title too (请联系赵经理, 请抄送冯律师, 见到了曹老师), as after `_HAN_BEFORE_NAME`.
_HAN_VERBS_BEFORE_NAME = frozenset("""
联系 聯繫 聯系 联络 聯絡 通知 告知 转告 轉告 告诉 告訴 转达 轉達 拜访 拜訪 访问
訪問 咨询 諮詢 询问 詢問 请教 請教 请示 請示 感谢 感謝 邀请 邀請 抄送 转交 轉交
交给 交給 回复 回覆 答复 答覆 提醒 委托 委託 麻烦 麻煩 拜托 拜託 致电 致電 约见
約見 约谈 約談 会见 會見 面见 採訪 采访 推荐 推薦 介绍 介紹 问候 問候 安排 辛苦
催促 汇报 匯報 发给 發給 转给 轉給 打给 打給 寄给 寄給 送给 送給 找到 见到 見到
遇到 看到 碰到 等候 陪同 协助 協助 恭喜 祝贺 祝賀 欢迎 歡迎 认识 認識 打扰 打擾
知会 知會
""".split())
# A surname character and a title that together are a role, no name (班主任 "head teacher", 区经理 "area manager").
_ROLE_WORDS = frozenset({"班主任", "区经理", "區經理", "区总监", "區總監", "区主任", "區主任", "区总", "區總"})


# Chinese forms of address (Mr, Ms, Miss, Mrs): after one, a surname inside a run of Han characters is a name too
# (请转告胡女士), unless the character ends a word before a title (这位先生, 那位女士, 部门经理).
_ZH_ADDRESS = frozenset({"先生", "女士", "小姐", "太太"})
_IN_WORDS = frozenset("位那门")


def _han_name_before(text: str, i: int, title: str) -> bool:
    """Whether the one-character surname at `i`, inside a run of Han characters, is a name before `title`: after a
    word that takes a person (`_HAN_BEFORE_NAME`, `_HAN_VERBS_BEFORE_NAME`, the perfective 了), or before a form of
    address unless the character ends a word (这位先生)."""
    if text[i:i + 1 + len(title)] in _ROLE_WORDS:
        return False
    before = text[i - 1]
    if before in _HAN_BEFORE_NAME or before == "了" or text[max(0, i - 2):i] in _HAN_VERBS_BEFORE_NAME:
        return True
    return title in _ZH_ADDRESS and text[i] not in _IN_WORDS


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
                if title not in _ZH_TITLES or (before and _HAN.match(before) and not _han_name_before(text, i, title)):
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
        elif text[m.end():m.end() + 1] == "<" and names.is_any_first(first) and _unlisted_surname(last, names):
            out.append(m.span())  # a display name before its address: `Nina Petrova<nina@...>`
    return out


def _capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


# Surnames by their ending (Slavic, Baltic, Greek, Romanian, Georgian, Armenian, Nordic), and the female Slavic ones,
# which the word lists (passwords, Wikipedia) hold too (`Petrova`, `Kuznetsova`).
_SURNAME_ENDING = re.compile(r"(?i)[^\W\d_]{2,}(?:ov|ova|ev|eva|ovich|evich|ovna|evna|sky|ski|ska|skaya|skiy|enko"
                             r"|chuk|dze|shvili|yan|oglu|oğlu|dottir|dóttir|sson|poulos|escu|ić|ović|ević|czyk|wicz"
                             r"|ewski|owski|ewska|owska|ienė|aitė|ytė)")
_FEMALE_ENDING = ("ova", "eva", "ovna", "evna", "ska", "skaya", "ová")


def _unlisted_surname(word: str, names: NameLists) -> bool:
    """A surname no list need hold, after a listed given name in a display name: a listed one, a word of no list
    (`Okonkwo`, `Wróblewski`), or one with a surname's ending that is no English word (`Petrova`); not a word of the
    English lists nor a given name (`Max Heap<int>`, `Grace Period<Duration>`, `Support Team<...>`)."""
    if names.is_first(word) or names.is_english(word) and not word.lower().endswith(_FEMALE_ENDING):
        return False
    return names.is_name(word) or not names.is_common(word) or _SURNAME_ENDING.fullmatch(word) is not None


__all__ = ["addressed_names", "cjk_addressed", "glued_names", "passenger_names", "without_forms_of_address"]
