"""Names a person's cue makes names whatever the word lists say (atk18 HIGH-1, HIGH-2).

The lists of everyday words, places, months and brands (`proxy.nlp.everyday*`, `plain_words`, the NER filter) read
`White`, `Young`, `King`, `Honda`, `O'Neill`, `Bill`, `Will`, `Hope`, `April`, `May` as the word. A cue that names a
person beats them, and only a cue does (`in May`, `will`, `hope`, `Paris is` stay words):

- `titled_names`: a form of address right before a capitalised word (`Dear Mrs. White`, `Hi Mr. King`, `Regards,
  Dr. Young`, `Mr. O'Neill`, `Frau Honda`, `El Sr. O'Brien`): the word is a surname, and the next one too when the
  first is a listed first name (`Dr. Bill White`); not a role (`Mr. President`, `Madam Speaker`), nor a street's
  `Dr.` after its name (`Oak Dr. Springfield`), nor a product (`Dr. Pepper`).
- `cjk_honorific`: a listed one-character Han surname before a Japanese honorific (`林様`, `森さん`), never inside a
  word (`お客様`, `皆さん`, `王様`), and the commonest two-character Japanese surnames the lists lack (`中野様`).
- `cued_given`: a given name that is an everyday word (`Bill`, `Will`, `Hope`, `April`, `June`, `May`, `Summer`,
  `Paris`, `Chase`) after `My name is`, `Name:` and a person's labels, a greeting or a thanks that opens a sentence
  (`Hi April,`, `Dear Bill,`, `Thanks Bill and Hope for ...`), `This is Will from ...`, `cc Will`, `ask Bill`, a
  sign-off's next line (`Regards,\\nBill`), and two capitalised words before a verb of a person (`Bill White
  called ...`, `Takeshi Honda said ...`); with the capitalised word after it (`Bill White`), the surname too.
- `initialed_names`: a surname after an initial or two, after a person's label, a verb of contacting or on a
  sign-off's next line (`Assigned to: J. White`, `cc: A. Hall, B. Price`, `Contact E. Young`); `cued_given` also
  reads `Patient: White, Emma` (a surname, then a listed given name, after a person's label).
- `given_before`: a listed given name that is an everyday word right before a found name (`Hope Kowalczyk`).
- `cued_echoes`: once a name is found, its parts that are everyday words (`White`, `Bill`) at their later mentions
  where a name stands: capitalised inside a sentence and not before another capitalised word (`reply to Bill
  about`, `Mrs. White`; not `the White House`, `in May`, `May 5`).

names21 (atk20 H2, M1, M3, FP1 B): more forms of address (`Miss`, `Det.`, `mevrouw`, `MRS.`, stacked degrees `Frau Dr.
med.`), later mentions as a possessive, a plural, in capitals, after `cc:` or an initial and as a German genitive, more
cue forms of a given name (`Regards, Bill` on one line, `—Bill`, `I'm Will from`, `Bob:`), and `word_opens_sentence`
for `proxy.nlp.pii._name_echoes`' surnames that are English words (`Black Friday sales start`).

Each finds only the name's characters (the form of address, the label, the greeting stay as written).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence

from proxy.nlp.names import NameLists, NativeNames
from proxy.nlp.names25 import IMPERATIVE_WORDS
from proxy.nlp.tech_terms import TECH_TERMS

Result = tuple[str, int, int, float]
_SCORE = 0.85

# A capitalised word as a name is written (`O'Neill`, `D'Angelo`, `Smith-Jones`, `Müller`), no possessive `'s`.
_CAP = r"[^\W\d_a-z][^\W\d_]*(?:[-'’][^\W\d_]{2,})*"
_WORDLIKE = re.compile(_CAP)

# Forms of address that are always one: English, German, French, Spanish, Italian, Portuguese; `El Sr.`, `La Sra.`.
_TITLE = (r"Mrs|Mr|Ms|Mx|Dr|Prof|Capt|Sgt|Rev|Messrs|Mmes?|Mlle|Sra|Srta|Sr(?=\.)|M(?=\.)|Sig\.ra|Dott\.ssa|Dott"
          r"|Sir|Dame|Madam|Professor|Senator|Judge|Herrn?|Frau|Señora|Señor|Signora|Signor|Monsieur|Madame|Senhora"
          r"|Senhor"
          # (names21, atk20 H2) English forms that are words too (`Miss`, `Lady`: a phrase's word is no name),
          # abbreviations with their dot (`Det.`, `Lt.`, `Drs.`, `Sig.`, `Hr.`, `Fr.`, `dhr.`, `Dña.`), the forms in
          # capitals or lower case with their dot (`MRS.`, `mrs.`), and the README's Dutch, Polish and Czech forms
          # (num44: lower-case `ms.` after a number is milliseconds: `took 840 ms. How can I`)
          r"|Miss|Mister|Lady|Aunt|Auntie|Uncle|(?:Det|Lt|Drs|Sig|Hr|Fr|[Dd]hr|Dña|Dna|Mevr|MRS|MR|MS|DR|PROF|mrs|mr"
          r"|(?<!\d[ \t\u00a0])ms|dr|prof)(?=\.)|[Mm]evrouw|[Dd]e[ \t\u00a0]+heer|Pani|[Pp]aní"
          r"|[Pp]ani(?=[ \t\u00a0]+[^\W\d_a-z]\w*,)")
# Academic degrees stacked after a form of address (`Frau Dr. med.`, `Herr Dr.-Ing.`, `Prof. Dr.`, `Herr Dipl.-Ing.`).
_STACK = (r"(?:[ \t\u00a0]*-?(?:Dr|Prof|Dipl|Ing|Kfm|Mag|med|dent|vet|rer|nat|pol|phil|jur|oec|habil|h\.[ \t\u00a0]?c"
          r"|mult|univ|Dott|PhD|Ph\.D)\.)*")
_TITLED = re.compile(rf"(?<![\w.'’-])(?P<before>(?:[Ee]l|[Ll]a)\s+)?(?P<title>{_TITLE})(?P<dot>\.?){_STACK}"
                     rf"(?:\s+(?:and|&|und|y|et)\s+(?:{_TITLE})\.?)?[ \t\u00a0]+(?P<name>{_CAP})")
_NEXT_CAP = re.compile(rf"[ \t\u00a0]+({_CAP})")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*|\d+)[ \t]+\Z")
# `Sr.` is "senior" before a job (`Sr. Engineer`), `M.` an initial or a letter: a name after `El`/`La`, or a
# listed name, a surname with an apostrophe (`O'Brien`) or a word that is no English word (`M. Honda`)
_SR = frozenset({"Sr", "M"})
# Forms of address that are English words too (`miss`, `lady`, `aunt`): not before a phrase's word (`Miss America`).
_WORD_TITLES = frozenset({"Miss", "Mister", "Lady", "Aunt", "Auntie", "Uncle"})
# Words after a form of address that are a role, a product or no name (lower case).
_NOT_AFTER_TITLE = frozenset("""
president vice speaker chairman chairwoman chair chairperson secretary mayor governor ambassador minister justice
right nobody everybody anybody somebody clean pepper peppers martens oetker scholl scholl's coffee potato muscle
fix fixit big universe world and or the a an of in on at to for by with from or de la el le du des van von
engineer manager director developer analyst consultant associate architect designer scientist officer counsel
editor partner accountant specialist administrator vp executive member staff advisor adviser lecturer fellow
professor doctor dr prof mr mrs ms sir madam dear hi hello thanks regards sincerely software security java python
emeritus sgt lt det capt col gen maj cpl insp supt cmdr adm pvt
data frontend backend cloud devops qa test ux ui web mobile fullstack principal staff lead sc tech eng phil ed ba ma
präsident präsidentin doktor kollege kollegin ministerin minister bürgermeister bürgermeisterin vorsitzende
vorsitzender direktor direktorin pfarrer abgeordnete abgeordneter kanzler kanzlerin botschafter nachbar nachbarin
presidente presidenta director directora ministro ministra alcalde alcaldesa doctor doctora ingeniero ingeniera
licenciado licenciada profesor profesora juez jueza diputado diputada secretario secretaria
président présidente directeur directrice ministre maire docteur professeur
""".split())
# Before a street's `Dr.`/`St.` (`42 Oak Dr. Springfield`): the word before is capitalised and is none of these.
_CUE_WORDS = frozenset("""
hi hello hey dear thanks thank regards cheers sincerely best ask call contact cc bcc attn attention with and by from
to please and, or for met meet see saw tell told email emailed ping per via cc: to: from: re re: fwd fw yours
""".split())

_ROLE_PREFIXES = ("präsident", "minist", "direkt", "direct", "presiden", "secretar", "chair", "vice", "engineer",
                  "manager", "develop", "consult")


def _role(word: str) -> bool:
    low = word.lower()
    if low.endswith(("'s", "’s")):
        low = low[:-2]
    return low in _NOT_AFTER_TITLE or low.startswith(_ROLE_PREFIXES)


def _place(word: str) -> bool:
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    return word.lower() in place_names() or word.lower() in city_names()


def _is_first(names: NameLists, word: str) -> bool:
    return names.is_first(word) or names.is_any_first(word)


def _cap_word(word: str) -> bool:
    """A capitalised word of two letters or more (`White`, `O'Neill`, `KING`)."""
    return len(word) >= 2 and word[0].isupper() and any(c.isalpha() for c in word[1:])


def _surname_after(text: str, end: int, names: NameLists, first: str) -> int:
    """The end of the name when the capitalised word after a listed first name `first` ending at `end` is its
    surname (`Bill White`), else `end`."""
    if not _is_first(names, first):
        return end
    m = _NEXT_CAP.match(text, end)
    if m is None:
        return end
    word = m.group(1)
    if not _cap_word(word) or _role(word) or word.lower() in _ORG_HEADS or word.lower() in _NOT_A_GIVEN \
            or _month_or_day(word) or (word.isupper() and not text[end - len(first):end].isupper()):
        return end
    return m.end(1)


def _sentence_start(text: str, i: int) -> bool:
    """Whether a word at `i` opens a text, a line or a sentence (after quotes, brackets, a bullet)."""
    k = i
    while k > 0 and text[k - 1] in " \t\u00a0\"'“‘([*->•":
        k -= 1
    return k == 0 or text[k - 1] in "\n\r.!?:;"


def titled_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each name after a form of address (see the module's docstring)."""
    out: list[tuple[int, int]] = []
    for m in _TITLED.finditer(text):
        title, word = m.group("title"), m.group("name")
        start, end = m.span("name")
        if word.endswith(("'s", "’s")) and not re.fullmatch(r"[DO]['’]s", word[:3]):
            word, end = word[:-2], end - 2
        if not _cap_word(word) or _role(word):
            continue
        if title in _WORD_TITLES and (word.lower() in _TITLE_PHRASES or word.lower() in _ADDRESSEES
                                      or word.isupper() or _month_or_day(word) or not (
                    _raw_surname(word) or _is_first(names, word) or names.is_name(word)
                    or not names.is_english(word))):
            continue  # `Miss America`, `Lady Luck`, `Miss Work` stay; `Miss White`, `Aunt Honda` are names
        if title in _WORD_TITLES and not _is_first(names, word) and _place(word):
            continue  # `Miss Saigon`
        if word.isupper() and len(word) < 3:
            continue  # `Mr. X`, `Dr. AI`
        if title in _SR:
            # `Sr.` is "senior" before a job: a name after `El Sr.`, `La Sra.`, or a word no English word
            if m.group("before") is None and not ("'" in word or "’" in word or (
                    names.is_name(word) and not names.is_common(word)) or not (
                    names.is_english(word) or word.lower() in TECH_TERMS)):
                continue
        if title in ("Dr", "St") and m.group("dot") and m.group("before") is None:
            prev = _WORD_BEFORE.search(text, max(0, m.start("title") - 60), m.start("title"))
            if prev is not None and (prev.group(1)[0].isupper() or prev.group(1).isdigit()) \
                    and prev.group(1).lower() not in _CUE_WORDS and not _sentence_start(text, prev.start(1)):
                continue  # `42 Oak Dr. Springfield`: a street
        end = _surname_after(text, end, names, word)
        out.append((start, end))
    return out


# --- a spelled-out title that is an English word too (`Doctor Young`, `Nurse Ratched`, `Coach Taylor`) ------------

# Titles that are ordinary words as well (`the doctor`, `a nurse`, `coach class`): capitalised, before a capitalised
# word, a name only when that word is a surname, a given name or no English word (`names20`).
_SPELLED = (r"Doctor|Nurse|Coach|Captain|Detective|Officer|Pastor|Father|Sister|Brother|Mother|Inspector|Sergeant"
            r"|Lieutenant|Reverend|Rabbi|Bishop|Deacon|Sheriff|Deputy|Agent|Constable|Commander|Colonel|Admiral"
            r"|Corporal|Trooper|Chief|Uncle|Aunt|Auntie|Chaplain|Imam|Cantor|Abbot|Friar|Warden")
_SPELLED_WORD = re.compile(_SPELLED)
_SPELLED_TITLED = re.compile(rf"(?<![\w.'’-])(?P<title>{_SPELLED})[ \t\u00a0]+(?P<name>{_CAP})")
# Characters, holidays and phrases a spelled-out title makes with a word that is no name (`Doctor Who`, `Captain
# America`, `Father Christmas`, `Mother Nature`), lower case.
_TITLE_PHRASES = frozenset("""
who what strange america marvel christmas time nature earth obvious planet crunch hook goose frost fate death
superior general major minor of the
universe liberty luck justice fortune gaga bird macbeth godiva grey gray
""".split())


def _ordinary(low: str, lexicon: tuple[frozenset[str], ...]) -> bool:
    """Whether a lower-case word is in the lexicon, or its stem before `-ing` or `-s` is (`staffing`)."""
    stems = [low]
    for ending in ("ing", "s"):
        if low.endswith(ending) and len(low) > len(ending) + 2:
            stem = low[:-len(ending)]
            stems += [stem, stem + "e", stem[:-1]] if stem[-1:] == stem[-2:-1] else [stem, stem + "e"]
    return any(w in words for w in stems for words in lexicon)


def _raw_surname(word: str) -> bool:
    """A surname of faker's or the US census lists, everyday words among them (`White`, `Young`, `King`)."""
    return word.lower() in _raw_surnames()


@functools.cache
def _raw_surnames() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    from proxy.nlp.names import _faker_names

    return frozenset(_faker_names()[1] | set(FREQUENCY_LISTS["surnames"]))


def spelled_titles(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...] = (),
                   ) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """([start, end) of the title, [start, end) of the name) for each name after a spelled-out title (`Doctor Young`,
    `Nurse Ratched`, `Detective White`, `Sister Hall`): the word after it is a surname of any list, a listed given
    name, or no ordinary word (`lexicon`: WordNet's nouns and adjectives; `Ratched`); never a role, a place, a month, a
    phrase's word (`Doctor Who`, `Captain America`, `Father Christmas`) nor a word before an organisation's head
    (`Coach Outlet Store`); `Coach class` has no capitalised word."""
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    out: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for m in _SPELLED_TITLED.finditer(text):
        word = m.group("name")
        start, end = m.span("name")
        if word.endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        low = word.lower()
        if not _cap_word(word) or word.isupper() or _role(word) or low in _TITLE_PHRASES or _month_or_day(word) \
                or low in _ADDRESSEES or low in TECH_TERMS or low in _ASSISTANTS:
            continue
        listed = _raw_surname(word) or _is_first(names, word) or names.is_name(word)
        if not listed and (names.is_very_common(word) or _ordinary(low, lexicon) or "'" in word or "’" in word):
            continue
        if not listed and (low in place_names() or low in city_names()):
            continue
        nxt = _NEXT_CAP.match(text, end)
        if nxt is not None and nxt.group(1).lower() in _ORG_HEADS:
            continue
        out.append((m.span("title"), (start, _surname_after(text, end, names, word))))
    return out


# --- CJK: a one-character surname before a Japanese honorific --------------------------------------------------

_JA_HONORIFICS = ("様", "さま", "さん", "氏", "殿", "君", "くん", "ちゃん")
_JA_ONE = re.compile("(?<![\u3400-\u9fff\u3005々おご御])([\u3400-\u9fff])(?:" + "|".join(_JA_HONORIFICS) + ")")
# One-character Japanese surnames that are words too and so in no list (`東様`, `西様`, `北先生`, `関さん`: names20),
# before an honorific or a title (`先生`, `部長`: `原` not, `原先` is "formerly" in Chinese).
_JA_ONE_WORDS = frozenset("東西南北関堀辻泉岡島浜沢星岸杉菅萩桜楠角畑坂滝柳栗榊槙椎笹")
_JA_ONE_TITLED = re.compile("(?<![\u3400-\u9fff\u3005々おご御])([" + "".join(sorted(_JA_ONE_WORDS)) + "])(?:"
                            + "|".join(_JA_HONORIFICS + ("先生", "先輩", "部長", "課長", "社長", "係長", "教授"))
                            + ")(?![活産产成])")  # (not `先生活`)
# One character before an honorific that makes a word, never a surname (`王様` "king", `皆さん` "everyone").
_JA_WORDS = frozenset("王神皆奥母父兄姉娘息客仏姫殿貴人様上何左一多異今態外若同模仕両各")
# The commonest Japanese surnames of two characters and more that faker's lists lack (atk18: `中野様`).
_JA_LAST = frozenset("""
中野 本田 松下 豊田 川崎 長崎 福岡 宮城 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤
村上 遠藤 青木 坂本 福田 太田 西村 藤井 金子 岡本 藤原 三浦 原田 中川 松田 竹内 小野
田村 中山 和田 石田 森田 上田 内田 柴田 酒井 宮崎 横山 高木 安藤 宮本 大野 小島 谷口
工藤 高田 丸山 今井 河野 藤本 村田 武田 上野 杉山 増田 小山 平野 大塚 千葉 久保 松井
岩崎 木下 野口 菅原 野村 新井 渡部 佐野 松尾 菊地 杉本 市川 古川 大西 島田 水野 桜井
高野 吉川 山内 西田 飯田 菊池 西川 小松 北村 安田 五十嵐 川口 平田 中田 久保田 服部 岩田
土屋 福島 樋口 秋山 田口 永井 山中 中西 吉村 川上 大橋 石原 松岡 浅野 馬場 荒木 大久保
野田 小沢 田辺 川村 星野 黒田 尾崎 望月 永田 熊谷 内藤 松村 西山 大谷 平井 大島 岩本
片山 本間 早川 横田 岡崎 荒井 大石 鎌田 成田 宮田 小田 石橋 篠原 須藤 河合 大竹
""".split())
_JA_LONG = re.compile("(?<![\u3400-\u9fff々])(" + "|".join(sorted(_JA_LAST, key=len, reverse=True)) + ")(?:"
                      + "|".join(_JA_HONORIFICS + ("先生", "部長", "課長", "社長", "さん")) + ")")


def cjk_honorific(text: str, native: NativeNames) -> list[tuple[int, int]]:
    """[start, end) of each Japanese surname before an honorific that `proxy.nlp.addressed.cjk_addressed` leaves (see
    the module's docstring)."""
    if text.isascii():
        return []
    han = native.last.get("han", frozenset())
    out = [m.span(1) for m in _JA_ONE.finditer(text) if m.group(1) in han and m.group(1) not in _JA_WORDS
           and text[m.end():m.end() + 1] != "々"]
    out.extend(m.span(1) for m in _JA_LONG.finditer(text))
    out.extend(m.span(1) for m in _JA_ONE_TITLED.finditer(text) if text[m.end(1):m.end(1) + 1] != "々")
    return out


# --- a given name that is an everyday word, after a person's cue -----------------------------------------------

# Words after a greeting that are no given name (`Hi all`, `Dear Customer`, `Thanks again`, `Hi honey`).
_NOT_A_GIVEN = frozenset("""
all team there everyone everybody folks guys friend friends customer customers colleague colleagues user users
world again so much lot both you sir madam god love sweetie honey dear babe baby buddy mate pal man boss doc chief
captain for the a an and or in on at to all, ya y'all yall gang crew people ladies gentlemen sirs mom mum dad
father mother bro sis brother sister son daughter kid kids class students student support sales admin admins
management manager managers hiring committee board members member partners partner client clients valued
""".split())
# Words after a capitalised pair that make it an organisation, not a person (`Chase Bank called`).
_ORG_HEADS = frozenset("""
bank banking group inc inc. corp corp. co co. ltd ltd. llc plc gmbh ag sa university college school hospital clinic
center centre airlines airline airways motors insurance capital financial services service support team office
store shop foundation institute association council department agency church club company labs studio studios
systems technologies technology solutions partners media news network holdings trust fund realty properties
street house road avenue square station airport hotel
""".split())
_MONTHS_DAYS = frozenset("""
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday
""".split())
_GREETING = re.compile(r"(?<![\w'’])(?:Hi|Hello|Hey|Dear|Dearest|Thanks|Thank\s+you|Thx|Cheers|Morning|Good\s+morning"
                       r"|Good\s+afternoon|Good\s+evening|Welcome|Congrats|Congratulations)[ \t\u00a0]*,?[ \t\u00a0]+"
                       rf"(?P<name>{_CAP})")
_AFTER_GREETED = re.compile(r"[ \t\u00a0]*(?:[,!.:;\n\r—–-]|$|and\b|&|for\b|so\s+much\b)")
_MY_NAME = re.compile(r"(?i:\bmy\s+name\s+is|\bmy\s+name['’]s|\bcall\s+me|\bi\s+am\s+called)"
                      rf"[ \t\u00a0]+(?P<name>{_CAP})")
_LABELS = (r"(?i:(?:full|first|given|customer|client|contact|patient|guest|passenger|employee|user|member|account"
           r"|holder|sender|recipient|caller)?[ _-]?name|contact|attn|attention|signed|signature|author|owner|assignee"
           r"|assigned\s+to|requester|requested\s+by|reported\s+by|submitted\s+by|approved\s+by|patient|customer"
           r"|client|caller|guest|cc|from|to)")
_LABEL = re.compile(rf"(?m)^[ \t>*-]*(?P<label>{_LABELS})[ \t]*:[ \t]*(?P<name>{_CAP})")
_LAST_FIRST = re.compile(rf"(?m)^[ \t>*-]*(?P<label>{_LABELS})[ \t]*:[ \t]*(?P<last>{_CAP}),[ \t]*(?P<first>{_CAP})")
_THIS_IS = re.compile(rf"(?<![\w'’])(?:[Tt]his\s+is|[Ii]t['’]s|[Ii]t\s+is)[ \t\u00a0]+(?P<name>{_CAP})"
                      r"(?=(?:[ \t\u00a0]+[^\W\d_][\w'’-]*)?[ \t\u00a0]+(?:from|with|at|here)\b)")
_ASKED = re.compile(r"(?<![\w'’-])(?:[Cc][Cc]|[Bb][Cc][Cc]|[Aa]sk|[Pp]ing|[Tt]ell|[Ee]-?mail|[Mm]essage|[Rr]emind"
                    r"|[Tt]hank|[Ii]nvite|[Cc]ontact|[Rr]eply\s+to|[Ww]rite\s+to|[Ff]orward\s+(?:it|this)\s+to"
                    rf"|[Ll]oop\s+in)[ \t\u00a0]+(?P<name>{_CAP})")
_SIGN_OFF_WORDS = (r"(?i:(?:(?:best|kind|warm|warmest)\s+)?(?:regards|wishes|thanks|thank\s+you|cheers|sincerely"
                   r"|thx|thnx|tks|ty|tia"
                   r"|yours(?:\s+(?:truly|sincerely))?|best|many\s+thanks|all\s+the\s+best|take\s+care))")
_SIGN_OFF = re.compile(rf"(?m)^[ \t]*{_SIGN_OFF_WORDS}[ \t]*[,!.]?[ \t]*\r?\n[ \t]*(?P<name>{_CAP})"
                       rf"(?=(?:[ \t]+{_CAP})?[ \t]*(?:\r?\n|$))")
# (names21, atk20 M3) a sign-off and its name on one line at its end (`Please find it attached. Regards, Bill`), a
# dash's signature alone on its line (`—Bill`, `-- Bill`), `Bill here,` opening a sentence, `I'm Will from ...`,
# `my name is bill` in lower case, and a speaker's label at a line's start (`Bob: can you check the invoice?`).
_SIGN_OFF_INLINE = re.compile(rf"(?<![\w'’]){_SIGN_OFF_WORDS}[ \t]*,[ \t]*(?P<name>{_CAP})"
                              rf"(?=(?:[ \t]+{_CAP})?[ \t]*[.!]?[ \t]*(?:\r?\n|\Z))")
_DASH_SIGNED = re.compile(rf"(?m)^[ \t]*(?:—|–|--)[ \t]*(?P<name>{_CAP})(?=(?:[ \t]+{_CAP})?[ \t]*(?:\r?\n|\Z))")
_HERE = re.compile(rf"(?P<name>{_CAP})[ \t]+here\b[ \t]*[,.!:—–-]")
_I_AM = re.compile(rf"(?<![\w'’])(?:I['’]m|I[ \t]+am)[ \t\u00a0]+(?P<name>{_CAP})"
                   r"(?=(?:[ \t\u00a0]+[^\W\d_][\w'’-]*)?[ \t\u00a0]+(?:from|with|at|here)\b)")
# (given22, atk22b M2) `cc: priya` in lower case: one lower-case word alone on a `cc:` line or before a comma.
_CC_LOWER = re.compile(r"(?m)^[ \t>*-]*(?i:b?cc)[ \t]*:[ \t]*(?P<name>[a-z][a-z'’-]+)(?=[ \t]*(?:[,;]|\r?\n|\Z))")
_MY_NAME_LOWER = re.compile(r"(?<![\w'’])(?i:my[ \t]+name[ \t]+is|my[ \t]+name['’]s)[ \t]+(?P<name>[a-z][a-z'’-]+)\b")
_SPEAKER = re.compile(rf"(?m)^[ \t>*-]*(?P<name>{_CAP})[ \t]*:[ \t]+(?=[^\W\d_])")
_SIGN_OFF_LINE = re.compile(rf"[ \t]*{_SIGN_OFF_WORDS}[ \t]*[,!.]?[ \t]*\r?\Z")
_PERSON_VERBS = (r"called|phoned|rang|emailed|e-mailed|texted|wrote|said|says|asked|replied|responded|mentioned"
                 r"|confirmed|approved|requested|complained|told|reported|booked|cancell?ed|visited|signed|will\s+call"
                 r"|has\s+called|is\s+calling|left\s+a\s+message|sent")
_PAIR_VERB = re.compile(rf"(?<![\w'’-])(?P<first>{_CAP})[ \t\u00a0]+(?P<last>{_CAP})[ \t\u00a0]+(?:{_PERSON_VERBS})\b")


# Labels that are listed given names too, never a speaker (`Note:`, `Total:`).
_LABEL_WORDS = frozenset("""
note notes total summary status answer question result example warning tip step update reason subject date time
grant mark chase price rating score sale sales max min minor major nit blocker critical optional suggestion fix
""".split())
_DATE_AFTER = re.compile(r"[ \t\u00a0]*(?:\d|the\b|of\b)")


def _month_or_day(word: str) -> bool:
    return word.lower() in _MONTHS_DAYS


# Assistants and models one asks, greets and thanks as a person (`Ask Claude to explain this regex`, `Hey Siri`).
_ASSISTANTS = frozenset("""
alexa siri cortana bixby claude gemini copilot chatgpt gpt bard grok llama mistral jarvis cody devin watson
""".split())


def _given_ok(names: NameLists, word: str, *, listed: bool = True) -> bool:
    """A capitalised word that may be a given name after a cue: no greeting's word (`all`, `team`), no role, no
    assistant nor technical term (`Ask Claude`, `Hey Siri`); with `listed`, a listed first name (`Bill`, `Hope`)."""
    if not _cap_word(word) or word.isupper() or word.lower() in _NOT_A_GIVEN or _role(word):
        return False
    if word.lower() in _ASSISTANTS or word.lower() in TECH_TERMS:
        return False
    return not listed or _is_first(names, word)


# Greetings that take a given name no list holds (`Hi Rain,`): a letter's or a chat's opening, not `Thanks`, `Welcome`,
# `Congrats` (`Thanks Heaps!`, `Welcome Aboard!`).
_PLAIN_GREETING = re.compile(r"(?:Hi|Hello|Hey|Dear|Dearest|Good\s+(?:morning|afternoon|evening))\Z")
_GREETED_ALONE = re.compile(r"[ \t\u00a0]*(?:[,!]|\r?\n|\Z)")
# Whom a greeting addresses that is no person's name (with `_NOT_A_GIVEN`): groups, readers, endearments, the world.
_ADDRESSEES = frozenset("""
diary santa reader readers editor editors stranger strangers sunshine gorgeous beautiful handsome darling sweetheart
cutie dude dudes bro bros sis neighbor neighbour neighbors neighbours applicant applicants candidate candidates
recruiter recruiters hiring shareholder shareholders parent parents guest guests visitor visitors traveler travelers
traveller travellers shopper shoppers subscriber subscribers patron patrons community internet reddit universe earth
anyone someone future past self me myself human humans robot bot computer machine assistant kitty puppy doggy grandma
grandpa granny nana papa mama auntie aunty uncle aunt cousin cuz kiddo champ chief sport tiger lovely lovelies
beloved fam homie homies y'all everyone everybody world there again back aboard home hon hun luv ma'am maam sirs
gents mates lads ladies girls boys team teams squad crew all folks guys gals devs developers engineers hackers
nerds geeks fellow fellows comrade comrades brethren sisters brothers siblings kids children class classmates
chat stream viewers twitter x hn amazon google apple microsoft facebook meta instagram youtube tiktok uber lyft
airbnb paypal spotify netflix ebay walmart target verizon comcast
""".split())


def _greeted(names: NameLists, word: str, lexicon: tuple[frozenset[str], ...]) -> bool:
    """A capitalised word no list holds as a given name that a greeting takes as one (`Hi Rain,`, `Dear Wren,`):
    no addressee (`Hi Team,`, `Dear Diary,`, `Hello World!`), no plural, no adjective alone (`Hey Gorgeous`), no
    place, month, role, assistant nor technical term."""
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    low = word.lower()
    if not _given_ok(names, word, listed=False) or low in _ADDRESSEES or _month_or_day(word):
        return False
    if low.endswith("s") and not names.is_name(word) or low in place_names() or low in city_names():
        return False
    from proxy.nlp.companies import consumer_brands

    if (low,) in consumer_brands() or (word,) in consumer_brands():
        return False  # a company written to (`Hello Netflix,`)
    nouns, adjectives = (*lexicon, frozenset(), frozenset())[:2]
    return not (low in adjectives and low not in nouns)


def cued_given(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...] = ()) -> list[tuple[int, int]]:
    """[start, end) of each name a person's cue makes one (see the module's docstring)."""
    out: list[tuple[int, int]] = []

    def add(start: int, word: str, *, surname: bool = True) -> int:
        end = start + len(word)
        if word.endswith(("'s", "’s")):
            end -= 2
            word = word[:-2]
        if surname:
            end = _surname_after(text, end, names, word)
        out.append((start, end))
        return end

    for m in _MY_NAME.finditer(text):
        if _given_ok(names, m.group("name"), listed=False):
            add(m.start("name"), m.group("name"))
    for m in _LABEL.finditer(text):
        label, word = m.group("label").lower(), m.group("name")
        # a person's name label takes any capitalised word (`Customer name: Summer`); a bare `Name:` (a server's, a
        # product's too) a listed given name
        if not _given_ok(names, word, listed=not label.endswith("name") or label == "name"):
            continue
        end = _surname_after(text, m.end("name"), names, word)
        if label in ("from", "to", "cc") and end == m.end("name") and not (
                label == "cc" and not _place(word) and not _month_or_day(word)):
            continue  # `From: Paris`, `To: June 5`: a place or a date; `From: Will White` is a person; and what
            # `cc:` copies in is a person (`cc: Emily`, `cc: Bill`: atk22b M2), not a place nor a date
        add(m.start("name"), word)
    for m in _LAST_FIRST.finditer(text):
        # `Patient: White, Emma`, `Customer: KING, Robert`: the surname first, then a listed given name
        last, first = m.group("last"), m.group("first")
        if m.group("label").lower() in ("from", "to", "cc"):
            continue  # `From: Paris, France`: a place
        if _cap_word(last) and not _role(last) and last.lower() not in _NOT_A_GIVEN and _given_ok(names, first):
            out.append((m.start("last"), m.end("first")))
    for m in _GREETING.finditer(text):
        word = m.group("name")
        if not _sentence_start(text, m.start()):
            continue
        if not _given_ok(names, word):
            # a word no list holds as a given name, alone after a letter's greeting (`Hi Rain,`: names20)
            if _PLAIN_GREETING.match(text[m.start():m.start("name")].rstrip(" \t\u00a0,")) is not None \
                    and _GREETED_ALONE.match(text, m.end("name")) is not None and _greeted(names, word, lexicon):
                out.append(m.span("name"))
            continue
        end = add(m.start("name"), word)
        rest = _AFTER_GREETED.match(text, end)
        if rest is None and end == m.end("name") and _PLAIN_GREETING.match(
                text[m.start():m.start("name")].rstrip(" \t\u00a0,")) is not None and re.match(
                r"[ \t\u00a0]+(?:the|a|an|i|we|can|could|just|quick|please|thanks|so|how|what|is|are|do|did)\b",
                text[end:end + 12]) is not None:
            rest = re.match("", text)  # a chat's greeting without its comma (`Hi Bill the invoice is attached`)
        if rest is None:
            out.pop()
            continue
        more = re.compile(rf"[ \t\u00a0]*(?:and|&)[ \t\u00a0]+({_CAP})").match(text, end)
        if more is not None and _given_ok(names, more.group(1)):
            add(more.start(1), more.group(1))
    for m in _THIS_IS.finditer(text):
        if _given_ok(names, m.group("name")) and _sentence_start(text, m.start()):
            add(m.start("name"), m.group("name"))
    for m in _ASKED.finditer(text):
        word = m.group("name")
        if not _given_ok(names, word):
            continue
        if _month_or_day(word) and _DATE_AFTER.match(text, m.end("name")) is not None:
            continue  # `email May 5`
        add(m.start("name"), word)
    for m in _SIGN_OFF.finditer(text):
        if _given_ok(names, m.group("name")):
            add(m.start("name"), m.group("name"))
    for m in _SIGN_OFF_INLINE.finditer(text):
        if _given_ok(names, m.group("name")):
            add(m.start("name"), m.group("name"))
    for m in _DASH_SIGNED.finditer(text):
        if _given_ok(names, m.group("name")) and not _month_or_day(m.group("name")):
            add(m.start("name"), m.group("name"))
    for regex in (_HERE, _I_AM):
        for m in regex.finditer(text):
            if _given_ok(names, m.group("name")) and (regex is _I_AM or _sentence_start(text, m.start())):
                add(m.start("name"), m.group("name"), surname=regex is _I_AM)
    for m in _MY_NAME_LOWER.finditer(text):
        word = m.group("name")
        if word.lower() not in _NOT_A_GIVEN and _given_ok(names, word.capitalize()):
            out.append(m.span("name"))
    for m in _CC_LOWER.finditer(text):
        # a listed given name that is no English word (`cc: priya`, `cc: emily`; not `cc: all`, `cc: bill`)
        word = m.group("name")
        if word not in _NOT_A_GIVEN and names.is_first(word) and not names.is_common(word) \
                and _given_ok(names, word.capitalize()) and not _place(word) and not _month_or_day(word):
            out.append(m.span("name"))
    nouns, adjectives = (*lexicon, frozenset(), frozenset())[:2]
    speakers = [m for m in _SPEAKER.finditer(text) if _given_ok(names, m.group("name"))
                and not _month_or_day(m.group("name")) and m.group("name").lower() not in _LABEL_WORDS
                and not (m.group("name").lower().endswith("s") and m.group("name").lower()[:-1] in nouns)]
    # (a plural noun is a label, never a speaker: `Numbers: twelve boxes arrived damaged.`)
    for m in speakers:
        # a listed given name no everyday word (`Bob:`, `Priya:`) alone; one that is a word too (`Bill:`, `Will:`) in a
        # transcript: beside another speaker's line
        if (not names.is_common(m.group("name")) or names.is_name(m.group("name"))) and m.group(
                "name").lower() not in adjectives or len({s.group("name") for s in speakers}) > 1:
            out.append(m.span("name"))
    for m in _PAIR_VERB.finditer(text):
        first, last = m.group("first"), m.group("last")
        if first.isupper() or last.isupper() or not (_is_first(names, first) or not names.is_very_common(first)):
            continue
        if first.lower() in _NOT_A_GIVEN or last.lower() in _ORG_HEADS or _role(first) or _role(last) \
                or _TITLE_WORD.fullmatch(first) is not None or _SPELLED_WORD.fullmatch(first) is not None \
                or _month_or_day(last) or (_month_or_day(first) and not _is_first(names, first)):
            continue  # (`April Price called`: a month that is a given name, never `Monday Night said`)
        out.append((m.start("first"), m.end("last")))
    return out


# An initial or two before a surname (`J. White`, `A. B. Price`): a name after a person's label, a verb of
# contacting or on a sign-off's next line (`Assigned to: J. White`, `cc: A. Hall, B. Price`, `Contact E. Young`,
# `Kind regards,\nJ. White`); never a section's letter (`A. Introduction`: no cue before it).
_INITIALED = re.compile(rf"(?<![\w.'’-])(?:[A-Z]\.[ \u00a0]?){{1,2}}(?P<name>{_CAP})")
_INITIALED_NAME = rf"(?:[A-Z]\.[ \u00a0]?){{1,2}}{_CAP}"
_LABEL_BEFORE = re.compile(rf"(?m)^[ \t>*-]*{_LABELS}[ \t]*:[ \t]*(?:{_INITIALED_NAME}[ \t]*(?:,|;|and|&)[ \t]*)*\Z")
_VERB_BEFORE = re.compile(r"(?<![\w'’-])(?:[Cc][Cc]|[Bb][Cc][Cc]|[Aa]sk|[Pp]ing|[Tt]ell|[Ee]-?mail|[Mm]essage"
                          r"|[Rr]emind|[Tt]hank|[Ii]nvite|[Cc]ontact|[Rr]eply\s+to|[Ww]rite\s+to|[Cc]all)"
                          r"[ \t\u00a0]+\Z")


_LINE_BACK = 300
_LINE_END = re.compile(r"[ \t]*(?:\r?\n|\Z)")


def initialed_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each surname with initials after a person's cue (see `_INITIALED`)."""
    if "." not in text:
        return []
    out: list[tuple[int, int]] = []
    for m in _INITIALED.finditer(text):
        word = m.group("name")
        if not _cap_word(word) or word.lower() in _NOT_A_GIVEN or word.lower() in _ORG_HEADS or _role(word):
            continue
        # (within `_LINE_BACK` characters: each match reads a bounded window, linear in the text)
        line = text.rfind("\n", max(0, m.start() - _LINE_BACK), m.start()) + 1
        bounded = line == 0 and m.start() > _LINE_BACK
        before = text[max(line, m.start() - _LINE_BACK):m.start()]
        head = max(0, line - 1)
        previous = text[max(text.rfind("\n", max(0, head - _LINE_BACK), head) + 1, head - _LINE_BACK):head] \
            if line and not bounded else ""
        cued = (not bounded and _LABEL_BEFORE.search(before) is not None or _VERB_BEFORE.search(before) is not None
                or not before.strip() and _SIGN_OFF_LINE.match(previous) is not None
                and _LINE_END.match(text, m.end()) is not None)
        if cued:
            end = m.end("name") - (2 if word.endswith(("'s", "’s")) else 0)
            out.append((m.start(), end))
    return out


# --- later mentions of a found name's everyday-word parts ------------------------------------------------------

_TIME_WORDS = frozenset("""
in on by since until till during of from through next last this early late mid each every before after around
""".split())


class _Cover:
    """Spans, asked whether one of them covers [a, b) in logarithmic time (a long text has thousands)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(itertools.accumulate((b for _, b in ordered), max))

    def covers(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self.starts, a) - 1
        return i >= 0 and self.reach[i] >= b


def cued_echoes(text: str, names: NameLists, found: Sequence[Result]) -> list[Result]:
    """PERSON spans for the later mentions of the parts of the names in `found` that are everyday words (see the
    module's docstring): those `proxy.nlp.pii._name_echoes` leaves."""
    persons = [r for r in found if r[0] == "PERSON"]
    if not persons:
        return []
    words: set[str] = set()
    for _, start, end, _ in persons:
        for m in _WORDLIKE.finditer(text, start, end):
            w = m.group()
            if _cap_word(w) and not w.isupper() and names.is_common(w) and w.lower() not in _NOT_A_GIVEN \
                    and not _role(w) and w.lower() not in ("mr", "mrs", "ms", "dr", "prof", "sir", "madam"):
                words.add(w)
    out: list[Result] = []
    cover = _Cover((x, y) for _, x, y, _ in persons)
    german = _GERMAN_ADDRESS.search(text) is not None
    for w in words:
        # the possessive, the plural (a family: `the Kings`), a German genitive (`Hondas Bericht`) and, of four
        # letters or more, capitals (`PRICE`) too (names21, atk20 M1): literals, linear time
        plural = "es" if w.endswith(("s", "x", "z", "ch", "sh")) else "s"
        spellings = [re.sub("['’]", "['’]", re.escape(v)) for v in ((w, w.upper()) if len(w) > 3 else (w,))]
        for m in re.finditer(rf"(?<![^\W\d_]|['’.-])(?:{'|'.join(spellings)})(?P<suffix>['’][sS]|{plural}"
                             rf"|{plural.upper()})?(?![^\W\d_]|['’-][^\W\d_])", text):
            a, b = m.span()
            suffix = m.group("suffix") or ""
            possessive = suffix[:1] in ("'", "’")
            if cover.covers(a, b - len(suffix)):
                continue
            if not _echo_position(text, a, b, names, w, plural=bool(suffix) and not possessive,
                                  genitive=german and bool(suffix) and not possessive):
                continue
            out.append(("PERSON", a, b - len(suffix) if possessive else b, _SCORE))
    return out


# A German letter's form of address: a word's `s` there is a genitive before a noun (`Frau Honda ... Hondas Bericht`).
_GERMAN_ADDRESS = re.compile(r"(?<![^\W\d_])(?:Herrn?|Frau)[ \t\u00a0]+[^\W\d_a-z]")
# A person's label or an initial right before a word: a name stands there (`cc: Honda`, `J. Young`), not a sentence.
_CUE_BEFORE = re.compile(r"(?:(?<![^\W\d_])(?i:cc|bcc|to|attn|from|fao)[ \t\u00a0]*:|(?<![^\W\d_.])[A-Z]\.)"
                         r"[ \t\u00a0]*\Z")


_TITLE_BEFORE = re.compile(rf"(?:{_TITLE})\.?[ \t\u00a0]+$")
_TITLE_WORD = re.compile(rf"(?:{_TITLE})")


# A German article or a preposition joined to one before a capitalised word: a noun (German capitalises every noun),
# not a mention of the person found (`Sehr geehrter Herr Winter, ... Im Winter ist das Büro geschlossen.`).
GERMAN_ARTICLE = re.compile(r"(?<![^\W\d_])(?:[Dd](?:er|ie|as|en|em|es)|[Ee]in(?:e[mnrs]?)?|[Ii]m|[Aa]m|[Zz]um|[Zz]ur"
                             r"|[Vv]om|[Bb]eim|[Ii]ns)[ \t\u00a0]+\Z")


_PERSON_AFTER = re.compile(rf"[ \t\u00a0]+(?:{_PERSON_VERBS})\b")
# What follows a name opening a sentence (`Black said`, `Black's report`, `Long, can you`), not a word's use there.
_NAME_NEXT = re.compile(rf"(?:['’]s\b|[ \t]*(?:[,!?]|\r?\n|\Z)|[ \t]+(?:{_PERSON_VERBS}|and|will|would|can|could"
                        r"|should|has|had|is|was|thinks|agreed|wants|needs|joined|left|noted|added|suggested|explained"
                        r"|says|promised|agrees|disagrees|wondered|answered|writes|calls)\b)")


def word_opens_sentence(text: str, a: int, b: int) -> bool:
    """Whether the word at [a, b) opens a sentence as a word (`Black Friday sales start`, `Long meetings waste time`,
    `Stone floors`), not as a name (`Black said`, `Long's report`): for `proxy.nlp.pii._name_echoes`' surnames that are
    English words (names21, atk20 FP1 B; the README: "nor a sentence's first word")."""
    return _sentence_start(text, a) and _NAME_NEXT.match(text, b) is None


def echo_position(text: str, a: int, b: int, names: NameLists, word: str) -> bool:
    """`_echo_position`, for `proxy.nlp.pii._name_echoes`' first names that are English words (`Grace`, `Max`)."""
    return _echo_position(text, a, b, names, word)


def _echo_position(text: str, a: int, b: int, names: NameLists, word: str, *, plural: bool = False,
                   genitive: bool = False) -> bool:
    """Whether `word` at [a, b) stands where a name stands: after a form of address, a person's label or an initial
    (`cc: Honda`, `J. Young`), or inside a sentence and before no other capitalised word (`reply to Bill about`; not
    `The White House`, `in May`, `May 5`); a family's plural after an article too (`the Kings`), and in a German
    letter a genitive before its noun (`Hondas Bericht`)."""
    if _TITLE_BEFORE.search(text, max(0, a - 12), a) is not None or _CUE_BEFORE.search(text, max(0, a - 8), a):
        return True
    if GERMAN_ARTICLE.search(text, max(0, a - 8), a) is not None:
        return False
    if _sentence_start(text, a):
        # a name opening a sentence only before a verb of a person or as a possessive (`King's invoice is overdue`,
        # `White said`), never the word (`White paper`)
        return text[b - 2:b] in ("'s", "’s") or _PERSON_AFTER.match(text, b) is not None
    nxt = re.match(r"[ \t\u00a0]+([^\W\d_][\w'’-]*|\d)", text[b:b + 40])
    if nxt is not None and (nxt.group(1)[0].isupper() or nxt.group(1)[0].isdigit()) and not (
            genitive and nxt.group(1)[0].isupper()):
        return False
    prev = re.search(r"([^\W\d_]+)[ \t\u00a0]+$", text[max(0, a - 30):a])
    if prev is not None:
        p = prev.group(1).lower()
        if p in ("the", "a", "an", "this", "that", "these", "those", "our", "my", "your", "their") and not (
                plural and p == "the"):
            return False
        if _month_or_day(word) and p in _TIME_WORDS:
            return False
    return True


def cued_names(text: str, names: NameLists, native: NativeNames, lexicon: tuple[frozenset[str], ...] = (),
               ) -> list[tuple[int, int]]:
    """Every span the rules above find in `text` (`lexicon`: WordNet's nouns and adjectives, for `spelled_titles` and
    the greetings)."""
    titled = dict(spelled_titles(text, names, lexicon))

    def untitled(a: int, b: int) -> tuple[int, int]:
        """A cue before a spelled-out title (`Ask Pastor Fields`) takes the title as a given name: the name alone."""
        title = _SPELLED_WORD.match(text, a)
        name = titled.get((a, title.end())) if title is not None else None
        return (name[0], b) if name is not None and name[0] < b else (a, b)

    from proxy.nlp.fullnames import full_names  # (names22: full names of two everyday words after a cue)
    from proxy.nlp.names24 import names24_spans  # (names24: header lists, `with Bill White`, `Park, Ji-woo`)

    return [*titled_names(text, names), *titled.values(), *cjk_honorific(text, native),
            *(untitled(a, b) for a, b in cued_given(text, names, lexicon)), *initialed_names(text, names),
            *full_names(text, names), *names24_spans(text, names, lexicon)]


_GIVEN_BEFORE = re.compile(rf"(?<![\w'’.-])({_CAP})[ \u00a0]$")
# Words that open a question or a request before a name (`Will Smith fix it?`, `May Chen join?`): no given name there.
_OPENERS = frozenset("""
will may can shall must might could would should did does do is are was were has have had let ask tell thank thanks
please
""".split()) | IMPERATIVE_WORDS  # (names25: `Add Hope Best to`, `Give Bill White admin rights`)


def given_before(text: str, names: NameLists, persons: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A listed given name that is an everyday word right before a found name (`Ticket from Hope Kowalczyk`: the NER
    model took `Kowalczyk` alone): the span of that given name; at a sentence's start not a word that opens a
    question or a request (`Will Kowalczyk fix it?`)."""
    out: list[tuple[int, int]] = []
    cover = _Cover(persons)
    for a, _ in persons:
        m = _GIVEN_BEFORE.search(text, max(0, a - 40), a)
        if m is None or cover.covers(m.start(1), m.start(1) + 1):
            continue
        word = m.group(1)
        if not _given_ok(names, word) or _TITLE_WORD.fullmatch(word) is not None \
                or _SPELLED_WORD.fullmatch(word) is not None or (
                _sentence_start(text, m.start(1)) and word.lower() in _OPENERS):
            continue
        out.append(m.span(1))
    return out


# Abbreviated forms of address before their dot that the NER model reads as a name (`Det.`, `Drs.`, `Lt.`).
_ABBREVIATED = frozenset({"Det", "Drs", "Lt", "Sig", "Hr", "Fr", "Dhr", "dhr", "Mevr", "Dña", "Dna"})
# A person's label the NER model reads as a name before a titled one (`Attn: Mrs. White, Accounts Payable`).
_LABEL_SPAN = re.compile(rf"(?:{_LABELS}|(?i:re|fao|f\.a\.o))\.?[ \t]*:")


def without_labels(text: str, names: NameLists, found: list[Result], lexicon: tuple[frozenset[str], ...] = (),
                   ) -> list[Result]:
    """`found` without the PERSON spans that are only a person's label before its `:` (`Attn:`, `Attention:`, `Re:`,
    `Caller:`) or a spelled-out title before the name `spelled_titles` finds (`Doctor` of `call Doctor Young`): the
    label and the title stay as written, the name is redacted (names20)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    titled = dict(spelled_titles(text, names, lexicon))
    by_start = {title[0]: name for title, name in titled.items()}

    def label(a: int, b: int) -> bool:
        m = _LABEL_SPAN.match(text, a)
        if m is not None and b <= m.end():
            return True
        if text[a:b] in _ABBREVIATED and text[b:b + 1] == ".":
            return True  # a form of address the NER model reads as a name (`Det. King`, `Drs. Little`: names21)
        # whom a greeting addresses (`Dear Reader,`, `Hey Stranger!`)
        return text[a:b].lower() in _ADDRESSEES and _GREETED_ALONE.match(text, b) is not None and any(
            g.start("name") == a for g in _GREETING.finditer(text, max(0, a - 30), b))

    out: list[Result] = []
    for r in found:
        entity, a, b, score = r
        if entity == "PERSON":
            if label(a, b) or (a, b) in titled:
                continue
            name = by_start.get(a)
            if name is not None and name[0] < b:
                r = (entity, name[0], b, score)  # `Pastor Rivers` -> `Rivers`
        out.append(r)
    return out


def with_cued(text: str, names: NameLists, native: NativeNames, found: list[Result],
              lexicon: tuple[frozenset[str], ...] = ()) -> list[Result]:
    """`found` with the cued names of `text` (`cued_names`, `given_before`) that no PERSON span already covers."""
    spans = cued_names(text, names, native, lexicon)
    persons = [(a, b) for e, a, b, _ in found if e == "PERSON"]
    if not spans and not persons:
        return found
    added: list[Result] = []
    cover = _Cover(persons)
    reach = -1  # how far the cued spans added so far reach (each starts at or before the next one)
    for a, b in sorted(set(spans), key=lambda span: (span[0], -span[1])):  # (the longest of those at a start first)
        if reach >= b or cover.covers(a, b):
            continue
        added.append(("PERSON", a, b, _SCORE))
        persons.append((a, b))
        reach = max(reach, b)
    added.extend(("PERSON", a, b, _SCORE) for a, b in given_before(text, names, persons))
    return found + added


__all__ = ["cjk_honorific", "cued_echoes", "cued_given", "cued_names", "given_before", "initialed_names",
           "titled_names", "with_cued", "word_opens_sentence"]
