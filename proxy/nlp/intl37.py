"""Whole names in other scripts and languages whose given name alone was found, or nothing (intl37, atk37 F04, F07,
F09).

- **Cyrillic** (F04): a listed Cyrillic given name before a patronymic (`-ович`, `-евич`, `-ич`, `-овна`, `-евна`,
  `-ична`, `-івна`) and a capitalised surname (`Алексей Николаевич Морозов`), a surname before the given name and
  patronymic (`Петров Иван Сергеевич`), a listed given name before a capitalised word with a surname's ending or a
  listed surname (`Оксана Шевчук`), two or three capitalised words after `ФИО:`/`ПІБ:`.
- **Arabic** (F04): a listed given name (or a found name) and its nasab chain (`بن`/`بنت`/`ابن`/`أبو`/`عبد` and a
  word) to an `ال` family name (`خالد بن سعيد العتيبي`, `محمد عبد الرحمن الشمري`).
- **Inflected and particle names** (F09): a capitalised given name (listed, or its nominative stem listed: `Jānim`,
  `Mojci`, `Sigríðar`) before a capitalised surname whose nominative stem is a listed surname (Finnish `Virtasen`,
  Latvian `Bērziņam`), a listed surname, or an Icelandic patronymic in any case (`Jónsdóttur`, `Stefánssyni`); a
  capitalised word before an Irish particle (`Ó`, `Ní`, `Nic`, `Uí`, `Mhic`, `Mac`) and a capitalised word.

Native labels (`పేరు:`, `نام:`, `ስም:`...) are read by `proxy.nlp.scr30` (its label list), values under a `name` key
in Indic and other scripts by `proxy.nlp.scripts22.keyed_script_values`. What is found is joined with the PERSON
findings it overlaps (`proxy.nlp.scripts22.joined`). Each rule is gated by a character test; pure functions.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import TYPE_CHECKING

from proxy.nlp.scripts22 import joined

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------------- Cyrillic

_CY_UP = "А-ЯЁІЇЄҐ"
_CY_LOW = "а-яёіїєґ'’ʼ"
_CY_WORD = re.compile(f"(?<![{_CY_UP}{_CY_LOW}-])[{_CY_UP}][{_CY_LOW}]+(?:-[{_CY_UP}][{_CY_LOW}]+)?(?![{_CY_LOW}-])")
_PATRONYMIC = ("ович", "евич", "ьич", "ич", "овна", "евна", "ична", "инична", "івна", "ївна", "йович")
_PATRONYMIC_CASE = re.compile(r"(?:ович|евич|ьич)(?:а|у|ем|е)$|(?:овн|евн|ичн)(?:ы|е|у|ой)$")
_SURNAME_ENDS = ("ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина", "ын", "ына", "ский", "ская", "цкий", "цкая",
                 "ський", "ська", "цький", "цька", "енко", "ко", "ук", "юк", "чук", "ич", "ян", "дзе", "швили", "их",
                 "ых", "ак", "як")
_FIO = re.compile(r"(?:ФИО|Ф\.И\.О\.|ПІБ|П\.І\.Б\.)[ \t]*[:：-][ \t]*")


def _cyrillic(chunk: str) -> list[tuple[int, int]]:
    from proxy.nlp.names import native_names

    native = native_names()
    first, last = native.first.get("cyrillic", frozenset()), native.last.get("cyrillic", frozenset())
    words = list(_CY_WORD.finditer(chunk))

    def adjacent(k: int) -> bool:
        return chunk[words[k].end():words[k + 1].start()] in (" ", "\u00a0")

    def patronymic(w: str) -> bool:  # in any case: `Сергеевне`, `Петровича`, `Ивановной`
        return (w.endswith(_PATRONYMIC) or _PATRONYMIC_CASE.search(w) is not None) and w not in first and len(w) >= 6

    def given(w: str) -> bool:  # in any case: `Ирине`, `Ирины`, `Сергею`
        return w in first or any(w[:-n] + e in first for n in (1, 2) for e in ("а", "я", "й", "") if len(w) > n + 2)

    def surname(w: str) -> bool:
        return w in last or w.endswith(_SURNAME_ENDS) and w not in first and len(w) >= 4

    out = []
    for k in range(len(words) - 1):
        w, n = words[k].group(), words[k + 1].group()
        if not adjacent(k):
            continue
        if given(w) and patronymic(n):  # given, patronymic, surname
            end = words[k + 1].end()
            if k + 2 < len(words) and adjacent(k + 1) and not patronymic(words[k + 2].group()) \
                    and words[k + 2].group() not in first:
                end = words[k + 2].end()
            start = words[k].start()
            if k >= 1 and adjacent(k - 1) and surname(words[k - 1].group()):
                start = words[k - 1].start()  # surname first
            out.append((start, end))
        elif w in first and surname(n):
            out.append((words[k].start(), words[k + 1].end()))
        elif surname(w) and n in first and w not in first:
            out.append((words[k].start(), words[k + 1].end()))
    starts = [x.start() for x in words]
    for m in _FIO.finditer(chunk):
        first_at = bisect.bisect_left(starts, m.end())
        run = words[first_at:first_at + 3]
        stop: int | None = None
        at = m.end()
        for x in run:
            if chunk[at:x.start()] not in ("", " ", "\u00a0"):
                break
            stop, at = x.end(), x.end()
        if stop is not None and " " in chunk[m.end():stop]:
            out.append((m.end(), stop))
    return out


# ------------------------------------------------------------------------------------------------- Arabic

_AR_WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]+")
_AR_LINKS = frozenset({"بن", "بنت", "ابن", "أبو", "ابو", "عبد", "آل", "ولد"})


def _arabic(chunk: str, found: list[Result]) -> list[tuple[int, int]]:
    from proxy.nlp.names import native_names
    from proxy.nlp.scripts22 import _AR_EPITHETS, _AR_GIVEN

    given = _AR_GIVEN | native_names().first.get("arabic", frozenset())
    starts = {r[1] for r in found if r[0] == "PERSON"}
    words = list(_AR_WORD.finditer(chunk))
    out = []
    for k, w in enumerate(words):
        if w.group() not in given and w.start() not in starts:
            continue
        j, end, linked = k, w.end(), False
        while j + 1 < len(words) and chunk[words[j].end():words[j + 1].start()] == " ":
            nxt = words[j + 1].group()
            if nxt in _AR_LINKS and j + 2 < len(words) and chunk[words[j + 1].end():words[j + 2].start()] == " ":
                j, end, linked = j + 2, words[j + 2].end(), True
            elif nxt.startswith("ال") and len(nxt) >= 5 and nxt not in _AR_EPITHETS and linked:
                j, end = j + 1, words[j + 1].end()
                break
            else:
                break
        if linked:
            out.append((w.start(), end))
    return out


# ------------------------------------------------------------------------------------------------- inflected (F09)

_LAT_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LAT_LOW = "a-zß-öø-ÿā-žƀ-ɏ'’"
_LAT_PAIR = re.compile(f"(?<![\\w'’-])(?=([{_LAT_UP}][{_LAT_LOW}]+)[ \u00a0]([{_LAT_UP}][{_LAT_LOW}]+)(?![\\w-]))")
_PARTICLE = re.compile(f"(?<![\\w'’-])([{_LAT_UP}][{_LAT_LOW}]+)[ \u00a0](Ó|Ní|Nic|Uí|Mhic|Ua|Mac|Ó')[ \u00a0]"
                       f"([{_LAT_UP}][{_LAT_LOW}]+)(?![\\w-])")
# Nominative stems of inflected forms: Finnish (-sen -> -nen, -n/-lle/-lta/-lla), Latvian (-am/-im/-ai/-as/-u),
# Slovene (-i/-u/-a/-om), Icelandic (-ar/-i -> -ur).
_STEMS = (("sen", "nen"), ("selle", "nen"), ("seltä", "nen"), ("sella", "nen"), ("sesta", "nen"), ("seen", "nen"),
          ("lle", ""), ("lta", ""), ("lla", ""), ("ltä", ""), ("llä", ""), ("n", ""),
          ("am", "s"), ("am", "š"), ("im", "is"), ("ai", "a"), ("ai", "e"), ("as", "a"), ("u", "s"), ("a", "s"),
          ("i", "a"), ("u", ""), ("a", ""), ("om", ""), ("em", ""), ("ar", "ur"), ("i", "ur"), ("ur", "ir"))
_PATRONYMIC_IS = re.compile(r"[A-ZÁÉÍÓÚÝÞÆÖ][a-záéíóúýþæöð]+(?:dóttir|dóttur|son|sonar|syni)")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _stems(word: str) -> list[str]:
    low = word.lower()
    return [low[:-len(end)] + new for end, new in _STEMS if low.endswith(end) and len(low) - len(end) >= 3]


def _given(word: str, names: NameLists) -> bool:
    return names.is_first(word) or any(names.is_first(s) for s in _stems(word)) \
        or not names.is_very_common(word) and (names.is_any_first(word) or names.is_any_first(_fold(word)))


def _inflected(chunk: str, found: list[Result], names: NameLists) -> list[tuple[int, int]]:
    out = []
    for m in _LAT_PAIR.finditer(chunk):
        g, s = m.group(1), m.group(2)
        inflected = s.lower() not in names.last and any(t in names.last for t in _stems(s))
        if not (inflected or _PATRONYMIC_IS.fullmatch(s)
                or not names.is_first(g) and any(names.is_first(t) for t in _stems(g)) and names.is_name(s)):
            continue
        if names.is_very_common(g) or names.is_very_common(s) \
                or not (_given(g, names) or _PATRONYMIC_IS.fullmatch(s) and not names.is_common(g)):
            continue
        out.append((m.start(1), m.start(1) + len(g) + 1 + len(s)))
    for m in _PARTICLE.finditer(chunk):
        if m.group(2) == "Mac" and not names.is_first(m.group(1)):
            continue
        if names.is_very_common(m.group(1)) or names.is_very_common(m.group(3)):
            continue
        out.append((m.start(1), m.end(3)))
    return out


# ------------------------------------------------------------------------------------------------- customer (F07)

# A native "customer" noun, and the words that end the name after it (a verb of calling or asking, an ergative
# particle): `ಗ್ರಾಹಕ ಮಂಜುನಾಥ ಗೌಡ ಕರೆ ಮಾಡಿದರು`, `ഉപഭോക്താവ് അനിൽ കുമാർ വിളിച്ചു`, `ਗਾਹਕ ਹਰਜੀਤ ਕੌਰ ਨੇ`.
_CUSTOMER = frozenset("""
வாடிக்கையாளர் ಗ್ರಾಹಕ ಗ್ರಾಹಕರು ഉപഭോക്താവ് കസ്റ്റമർ కస్టమర్ వినియోగదారు ఖాతాదారు ગ્રાહક ਗਾਹਕ گاہک গ্রাহক ग्राहक
ደንበኛ კლიენტი მომხმარებელი Հաճախորդ հաճախորդ مشتری مشتري پیرودونکی رోగి நோயாளி ರೋಗಿ രോഗി రోగి દર્દી ਮਰੀਜ਼ مریض
""".split())
_ENDS_NAME = frozenset("""
அழைத்தார் அழைத்தார்கள் கூறினார் கேட்டார் தொலைபேசியில் புகார் ಕರೆ ಹೇಳಿದರು ದೂರು ಕೇಳಿದರು വിളിച്ചു പറഞ്ഞു പരാതി
ആവശ്യപ്പെട്ടു కాల్ ఫోన్ ఫిర్యాదు అడిగారు చెప్పారు એ ફોન કોલ ફરિયાદ ਨੇ نے ने ले ফোন ደወለ ደውሏል ጠየቀ დარეკა
დაგვირეკა მოითხოვა զանգահարեց զանգեց խնդրեց درباره تماس زنگ بخصوص اتصل
""".split())
_SERVICE = ("सेवा", "ಸೇವೆ", "സേവന", "సేవ", "સેવા", "ਸੇਵਾ", "சேவை", "সেবা", "خدمات", "سروس", "خدمة", "አገልግሎት",
            "მომსახურ", "սպասարկ", "پشتیبانی", "کارت", "حساب")
_TOKEN = re.compile(r"[^\s,.;:!?()\"'«»،؛]+")


def _customers(chunk: str) -> list[tuple[int, int]]:
    from proxy.nlp.scr30 import _GROUP_WORDS

    tokens = list(_TOKEN.finditer(chunk))
    out = []
    for k, t in enumerate(tokens):
        if t.group() not in _CUSTOMER:
            continue
        for j in range(k + 1, min(k + 5, len(tokens))):
            if chunk[tokens[j - 1].end():tokens[j].start()] not in (" ", "\u00a0"):
                break
            if tokens[j].group() in _ENDS_NAME:
                a, b = tokens[k + 1].start(), tokens[j - 1].end()
                if j > k + 1 and not any(w in chunk[a:b] for w in _SERVICE + _GROUP_WORDS):
                    out.append((a, b))
                break
    return out


# ------------------------------------------------------------------------------------------------- hook

_CY_TEST = re.compile(f"[{_CY_UP}]")
_AR_TEST = re.compile(r"[\u0621-\u064a]")
_LAT_TEST = re.compile(r"[À-ÿĀ-ž]")


def with_intl37(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the module's names as PERSON, joined with the PERSON findings they overlap."""
    if chunk.isascii():
        spans = _inflected(chunk, found, names) if "sen " in chunk or "selle" in chunk else []
        return joined(found, spans) if spans else found
    spans = _customers(chunk) if any(c in chunk for c in _CUSTOMER) else []
    if _CY_TEST.search(chunk) is not None:
        spans += _cyrillic(chunk)
    if _AR_TEST.search(chunk) is not None:
        spans += _arabic(chunk, found)
    if _LAT_TEST.search(chunk) is not None:
        spans += _inflected(chunk, found, names)
    return joined(found, spans) if spans else found
