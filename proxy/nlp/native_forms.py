"""Names in the forms a sentence puts them in, for `NativeScriptNameRecognizer` (atk11 B-H2).

faker's lists hold a name's dictionary form: Russian and Ukrainian put a name in a case (`с Иваном Петровым`,
`Позвоните Сергею Кузнецову`, `задача Марии Смирновой`, `з Іваном Шевченком`, `Олені Коваленко`), Arabic glues a
preposition or a conjunction to it (`لمحمد أحمد`: li-, bi-, wa-, fa-, ka-) and writes a family name with `ال`
(`خالد العتيبي`, `فاطمة الزهراء`). Here:

- `cyrillic_base`: a capitalised word's dictionary form in faker's ru_RU and uk_UA lists, a case ending taken off
  and a nominative one put on (`Иваном` -> `Иван`, `Петровым` -> `Петров`, `Марии` -> `Мария`, `Олені` -> `Олена`,
  `Ковальської` -> `Ковальська`). Only those two locales' names: bg_BG's list holds words (`Бог`, `Вино`,
  `Луна`, `Рис`) that Russian text has capitalised at a sentence's start.
- `lone_cyrillic_first`: a lone first name (any case) counts in a Cyrillic sentence only capitalised and not at
  the sentence's start (Russian capitalises nothing else there but places and brands: `Спасибо Анне`,
  `письмо Ивану`), and not one of the names that are also words (`Вера`, `Надежда`, `Любовь`, `Мир`).
- `arabic_proclitic`: the letters of one or two proclitics before a listed name (`لمحمد`, `وبأحمد`).
- `al_family`: a word after a listed name that is `ال` and a nisba (`العتيبي`, `الحربي`, `القحطاني`: an
  indefinite noun is never followed by a definite adjective, so a listed first name that is a word, `نجاح`, `صباح`,
  is not followed by one) or the second part of a compound given name (`الزهراء`, `الهدى`).
"""

from __future__ import annotations

import functools
import re

# Oblique case endings -> the nominative endings they may replace (Russian and Ukrainian, first names and
# surnames: -ов/-ев/-ин, -ский/-ская, -ой, -ко, consonant and -а/-я stems). Longest first.
_CASE_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ого", ("ий", "ой", "ій")), ("его", ("ий",)), ("ому", ("ий", "ой", "ій")), ("ему", ("ий",)),
    ("ові", ("", "о")), ("еві", ("ь", "")), ("єві", ("й",)),
    ("ом", ("", "о")), ("ем", ("й", "ь")), ("єм", ("й",)), ("ым", ("", "ой")), ("им", ("", "ий", "ій")),
    ("ой", ("а", "ая")), ("ей", ("я", "а", "ая")), ("ою", ("а",)), ("ею", ("я",)), ("єю", ("я",)),
    ("ую", ("ая",)), ("ої", ("а",)), ("ій", ("а",)),
    ("у", ("", "а", "о")), ("ю", ("й", "ь", "я")), ("а", ("", "о")), ("я", ("й", "ь")),
    ("е", ("", "а", "я", "й", "ь")), ("ы", ("а",)), ("и", ("а", "я", "ь")), ("і", ("а", "я", "й")),
    ("ї", ("я",)),
)
# First names that are also ordinary words a Russian or Ukrainian sentence capitalises only at its start, or
# that name a holiday or a club: never a lone first name.
_WORD_FIRST_NAMES = frozenset({
    "вера", "віра", "надежда", "надія", "любовь", "любов", "мир", "сила", "лев", "слава", "роза", "лилия", "лілія",
    "марта", "олимпиада", "октябрина", "спартак", "август", "карп", "лавр", "тит", "кир", "ким", "ян", "ия",
    "мина", "лука", "роман", "майя", "богдан", "ада", "влас", "фока", "марк", "исай", "пров",
})
_TRAILING_PUNCTUATION = "،؛؟"


def _fold(word: str) -> str:
    return word.replace("ё", "е").replace("Ё", "Е").replace("ʼ", "'").replace("’", "'")


@functools.cache
def slavic_names() -> tuple[frozenset[str], frozenset[str]]:
    """First names and surnames of faker's ru_RU and uk_UA lists (`ё` read as `е`)."""
    from faker.providers.person.ru_RU import Provider as Russian
    from faker.providers.person.uk_UA import Provider as Ukrainian

    first: set[str] = set()
    last: set[str] = set()
    for provider in (Russian, Ukrainian):
        for attr in dir(provider):
            target = first if attr.startswith("first_name") else last if attr.startswith("last_name") else None
            values = getattr(provider, attr, None)
            if target is None or not isinstance(values, (list, tuple, dict)):
                continue
            target.update(_fold(v) for v in values if isinstance(v, str) and " " not in v)
    return frozenset(first), frozenset(last)


def _titlecase(word: str) -> bool:
    letters = [c for c in _fold(word) if c.isalpha()]  # `ʼ` is a letter (Lm) of no case
    return len(letters) >= 3 and letters[0].isupper() and all(c.islower() for c in letters[1:])


def _candidates(word: str) -> list[str]:
    """`word` (`ё` read as `е`) and the dictionary forms its case ending allows."""
    word = _fold(word)
    out = [word]
    for ending, nominatives in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[:len(word) - len(ending)]
            for nominative in nominatives:
                out.append(stem + nominative)
                if not nominative and len(stem) >= 3 and stem[-2] == "ь":
                    out.append(stem[:-2] + "е" + stem[-1])  # a fleeting vowel: `Льва` -> `Лев`
                elif not nominative and len(stem) >= 3 and stem[-1] not in _VOWELS and stem[-2] not in _VOWELS:
                    out.append(stem[:-1] + "е" + stem[-1])  # `Павла` -> `Павел`
                if nominative in ("", "ь") and stem.endswith("ц") and len(stem) >= 4:
                    out.append(stem[:-1] + "ець")  # `Дурдинцю` -> `Дурдинець`
    return out


_VOWELS = "аеёиоуыэюяіїєьй"


def cyrillic_base(word: str) -> tuple[bool, bool]:
    """(a listed name, a listed first name): `word`, capitalised, or its dictionary form (see the module doc)."""
    if "-" in word.strip("-"):
        parts = [cyrillic_base(part) for part in word.strip("-").split("-")]  # `Ващенко-Захарченком`
        return all(listed for listed, _ in parts), any(given for _, given in parts)
    if not _titlecase(word):
        return False, False
    first, last = slavic_names()
    candidates = _candidates(word)
    given = any(c in first for c in candidates)
    return given or any(c in last for c in candidates), given


def lone_cyrillic_first(text: str, start: int, end: int) -> bool:
    """Whether the word `text[start:end]` is a lone first name in a Cyrillic sentence (see the module doc)."""
    word = text[start:end]
    if not cyrillic_base(word)[1]:
        return False
    first, _ = slavic_names()
    if any(c in first and c.lower() in _WORD_FIRST_NAMES for c in _candidates(word)):
        return False  # `Вера`, `Веры`, `Надежде`
    before = text[:start].rstrip(" \t\u00a0\"'«„“”(—–-")
    return bool(before) and before[-1] not in ".!?…\n\r"


# Proclitics glued to an Arabic word: wa- (and), fa- (then), bi- (with), li- (to), ka- (like), and two of them.
_PROCLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
# `ال` and a second part of a compound given name (`فاطمة الزهراء`, `نور الهدى`).
_COMPOUND_SECOND = frozenset({"الزهراء", "الهدى", "الدين"})
# Words in `ال` that end like a nisba but are none: relative pronouns and common adjectives a sentence puts after a
# noun in an idafa.
_NOT_NISBA = frozenset({"الذي", "التي", "اللذي", "الثاني", "التالي", "الحالي", "الماضي", "الآتي", "الجاري",
                        "العالي", "الغالي", "الكافي", "الباقي", "الداخلي", "الخارجي", "النهائي", "الأساسي",
                        "الرئيسي", "الإضافي", "الشخصي", "الرسمي", "الفني", "التقني", "الدولي", "الوطني",
                        "المالي", "الحقيقي", "الطبيعي", "الذهبي", "العربي", "الأمريكي", "الأوروبي", "الإلكتروني",
                        "الأولي", "الثانوي", "الجامعي", "الصحي", "الطبي", "الشعبي", "السنوي", "اليومي"})


def strip_arabic(word: str) -> str:
    """The word without Arabic punctuation after it (`محمد،`)."""
    return word.rstrip(_TRAILING_PUNCTUATION)


def _proclitic(word: str, names: frozenset[str], clitics: tuple[str, ...], shortest: int) -> int:
    """How many letters of `clitics` stand before a name of `names` (`shortest` letters at least) in `word`, else 0."""
    for clitic in clitics:
        rest = word[len(clitic):]
        if word.startswith(clitic) and len(rest) >= shortest and rest in names:
            return len(clitic)
    return 0


def arabic_proclitic(word: str, names: frozenset[str]) -> int:
    """How many letters of proclitics stand before a name of `names` in `word` (`لمحمد` -> 1), else 0."""
    return _proclitic(word, names, _PROCLITICS, 3)


def al_family(word: str) -> bool:
    """`ال` and a nisba or a compound name's second part, after a listed name (see the module doc)."""
    if word in _COMPOUND_SECOND:
        return True
    return word.startswith("ال") and len(word) >= 6 and word.endswith("ي") and word not in _NOT_NISBA


# atk13 M6, M7: Hebrew proclitics, the Thai honorific, Bengali and Tamil case endings, Greek cases and capitals.
# Hebrew glues `ו` (and), `ב` (in), `כ` (as), `ל` (to), `מ` (from), `ש` (that), `ה` (the) and two of them to the word
# after (`לדוד כהן`, `ומרים לוי`).
_HEBREW_PROCLITICS = ("וש", "וב", "ול", "ומ", "וה", "וכ", "שב", "של", "שה", "שמ", "כש", "מה", "לכ",
                      "ו", "ב", "כ", "ל", "מ", "ש", "ה")
# Thai writes an honorific glued to the given name (`คุณชนิศา`, `นายสมชาย`, `นางสาวมาลี`), and the words before and
# after it glued as well (`กรุณาติดต่อคุณชนิศา เลขะพันธุ์ที่แผนกบัญชี`).
_THAI_HONORIFICS = ("นางสาว", "คุณ", "นาย", "นาง", "ด.ช.", "ด.ญ.")
# Case endings glued to a name's last word: Bengali (dative `-কে`, genitive `-ের`/`-এর`/`-র`, locative `-তে`,
# plural `-রা`/`-দের`) and Tamil (dative `-க்கு`/`-வுக்கு`/`-ுக்கு`, genitive `-வின்`/`-யின்`/`-ின்`/`-இன்`,
# accusative `-ை`/`-வை`, `-இடம்`, `-உடன்`): the stem, and for Tamil the stem with the virama the `-ு`/`-ி` replaced.
_BENGALI_ENDINGS = ("য়ের", "দের", "এর", "ের", "কে", "রা", "তে", "য়", "র", "ে")
_TAMIL_ENDINGS = ("வுக்கு", "யுக்கு", "க்கு", "ுக்கு", "விடம்", "யிடம்", "ிடம்", "இடம்", "வுடன்", "யுடன்", "ுடன்", "உடன்",
                  "வின்", "யின்", "ின்", "இன்", "வை", "யை", "ை")
_TAMIL_VIRAMA = "\u0bcd"


def hebrew_proclitic(word: str, names: frozenset[str]) -> int:
    """How many letters of proclitics stand before a name of `names` in `word` (`לדוד` -> 1), else 0."""
    return _proclitic(word, names, _HEBREW_PROCLITICS, 2)


def thai_honorific(word: str, first: frozenset[str]) -> int:
    """Where a listed given name starts in `word` after a glued honorific (`ติดต่อคุณชนิศา` -> after `คุณ`), else -1."""
    for honorific in _THAI_HONORIFICS:
        at = word.rfind(honorific)
        while at >= 0:
            rest = word[at + len(honorific):]
            if len(rest) >= 2 and rest in first:
                return at + len(honorific)
            at = word.rfind(honorific, 0, at)
    return -1


def thai_leading_name(word: str, names: frozenset[str]) -> int:
    """The length of the longest listed name `word` starts with, a word glued after it (`เลขะพันธุ์ที่...`), else 0."""
    for n in range(len(word) - 1, 2, -1):
        if word[:n] in names:
            return n
    return 0


def case_stem(word: str, script: str, names: frozenset[str]) -> int:
    """The length of the listed name in `word` before a Bengali or Tamil case ending (`আলমকে` -> 3), else 0."""
    endings = _BENGALI_ENDINGS if script == "bengali" else _TAMIL_ENDINGS if script == "tamil" else ()
    for ending in endings:
        stem = word[:len(word) - len(ending)]
        if not word.endswith(ending) or len(stem) < 2:
            continue
        if stem in names:
            return len(stem)
        if script == "tamil" and ending[0] in "\u0bc1\u0bbf" and stem + _TAMIL_VIRAMA in names:
            return len(stem)  # `குமாருக்கு` -> `குமார்` (the stem's length: the `ு` belongs to the ending)
    return 0


def greek_fold(word: str) -> str:
    """A Greek word without accents, in lower case, the final sigma as `σ` (capitals drop the accents)."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return bare.lower().replace("ς", "σ")


@functools.cache
def _greek_folded(names: frozenset[str]) -> frozenset[str]:
    return frozenset(greek_fold(n) for n in names)


def greek_base(word: str, names: frozenset[str]) -> bool:
    """Whether `word`, capitalised or in capitals, is a name of `names` in any case (`Γιώργο`, `Γιώργου`,
    `Παπαδόπουλου`, `Μαρίας`, `ΠΑΠΑΔΟΠΟΥΛΟΣ`): its accents, case and a case ending set aside."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 3 or not letters[0].isupper() or not (all(c.islower() for c in letters[1:])
                                                           or all(c.isupper() for c in letters)):
        return False
    folded = _greek_folded(names)
    w = greek_fold(word)
    candidates = [w]
    if w.endswith("ου"):
        candidates.append(w[:-2] + "οσ")  # genitive of -ος
    if w.endswith(("ο", "η", "α")):
        candidates.append(w + "σ")  # accusative of -ος, genitive-accusative of -ης, -ας
    if w.endswith(("ασ", "ησ")):
        candidates.append(w[:-1])  # genitive of a feminine -α, -η
    return any(c in folded for c in candidates)


# Vietnamese names in capitals (atk13 M7: `NGUYỄN VĂN AN`, as forms, bank transfers and passports write them): a
# common family name and two or three given-name syllables, all in capitals, a letter with a Vietnamese mark among
# them. faker's vi_VN lists hold a few dozen syllables: the common ones here.
_VI_FAMILY = frozenset({
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô", "dương",
    "lý", "đinh", "trương", "đào", "đoàn", "lương", "trịnh", "lâm", "mai", "cao", "tô", "tạ", "vương", "quách",
    "châu", "hà", "kiều", "thái", "văn", "tăng", "lại", "chu", "lưu", "từ", "mạc",
})
_VI_GIVEN = frozenset({
    "văn", "thị", "hữu", "đức", "minh", "quang", "thanh", "ngọc", "xuân", "thu", "hoàng", "kim", "thế", "công",
    "đình", "bảo", "gia", "quốc", "anh", "an", "bình", "châu", "chi", "cường", "dũng", "duy", "dương", "đạt", "giang",
    "hà", "hải", "hạnh", "hằng", "hiền", "hiếu", "hoa", "hòa", "hùng", "hưng", "hương", "huy", "huyền", "khánh",
    "khoa", "lan", "linh", "long", "mai", "my", "nam", "nga", "ngân", "nhung", "oanh", "phong", "phúc", "phương",
    "quân", "quyên", "sơn", "tâm", "tân", "thảo", "thắng", "thành", "thủy", "tiến", "trang", "trí", "trung", "tuấn",
    "tùng", "tú", "uyên", "vân", "việt", "vinh", "vy", "yến", "hồng", "nhật", "trọng", "tấn", "phú", "lộc",
    "toàn", "thịnh", "thư", "vũ", "khang", "nhi", "hậu", "tài", "lực", "thuận", "tuyết", "diệp", "loan", "đông",
})
_VI_SYLLABLE = re.compile(r"(?<![\w-])[A-ZÀ-ÃÈ-ÊÌÍÒ-ÕÙÚÝĂĐĨŨƠƯẠ-ỹ]{1,7}(?![\w-])")  # (`ẠẢ..` alternate cases)
# Places whose name is a person's (`THÀNH PHỐ HỒ CHÍ MINH`).
_VI_PLACES = frozenset({("hồ", "chí", "minh")})


def vietnamese_capitals(text: str) -> list[tuple[int, int]]:
    """Spans of Vietnamese full names in capitals in `text` (see above)."""
    syllables = [m for m in _VI_SYLLABLE.finditer(text) if m.group().isupper()]
    out: list[tuple[int, int]] = []
    for k, m in enumerate(syllables):
        if m.group().lower() not in _VI_FAMILY or out and m.start() < out[-1][1]:
            continue
        n = k + 1
        while n < len(syllables) and n - k < 4 and syllables[n].start() == syllables[n - 1].end() + 1 \
                and syllables[n].group().lower() in _VI_GIVEN:
            n += 1
        words = [w.group() for w in syllables[k:n]]
        if n - k >= 3 and not "".join(words).isascii() and tuple(w.lower() for w in words[:3]) not in _VI_PLACES:
            out.append((m.start(), syllables[n - 1].end()))
    return out
