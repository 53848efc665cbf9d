"""Everyday "my mobile is ..." phones, digit words in more languages, self-introductions in more scripts (mob46,
atk45 F18, F04, F08).

- **phones after an everyday phrase** (`with_mob46_phones`, the analysis, `proxy.nlp.pii`, after `intl29`/`intl41`):
  a national number written as a run of digits (8 to 13, maybe grouped by spaces, dots or hyphens) right after an
  everyday "my mobile / my number is" phrase of a language is a PHONE_NUMBER when it is a valid number of a region
  the phrase's language implies (`intl29._valid`: `phonenumbers`, the trunk `0` where those countries write it):
  French `Mon portable c'est 0612345678`, `Mon numéro c'est le ...`, `Mon 06 : 06...`; Dutch `Mijn mobiele nummer is`;
  Indonesian `Nomor HP saya (adalah)`, `WhatsApp saya`; Swahili `Nambari (yangu) ya simu (ni)`; Tagalog `Ang numero
  ko ay`; Czech/Slovak `Moje číslo je`; Danish/Norwegian `Mit mobilnummer er` (eight digits); Finnish
  `Puhelinnumeroni on`; Ukrainian `Мій номер`; English slang `hit me up`, `my digits are`. Only a separator, a
  copula (`c'est`, `is`, `adalah`, `ni`, `ay`, `je`, `er`, `on`, `це`, `are`) and an article (`le`) stand between:
  another noun (`Mon numéro de commande c'est ...`, `Mijn klantnummer is ...`) makes no cue. Gate: eight ASCII
  digits in a row (`[0-9]{8}`, a precompiled search) in the text.
- **digit words** (`spoken46`, from `proxy.nlp.voice38.with_voice38`): a number read out one digit word at a time in
  Dutch, Polish, Turkish, Indonesian/Malay, Vietnamese, Swedish, Greek, Finnish, Hindi (Devanagari) or Arabic, all
  its words of one language (digits between them too), after that language's card or phone word in its sentence:
  13 to 19 digits after a card word, or with a valid Luhn check, are a CREDIT_CARD; 7 to 13 after a phone or
  number word a PHONE_NUMBER. Never counting up or down, one digit repeated, bits. Gate: two different digit words
  of one language among the text's words (one set of its words, intersected with the tables' words); then that
  language's run alone is searched.
- **self-introductions** (`intro46`, from `proxy.nlp.scripts22.script_name_spans`): the name after Thai
  `ชื่อของฉันคือ` / `ชื่อผมคือ` ("my name is"), Tamil `என் பெயர்`, Amharic `ስሜ` / `የእኔ ስም`, Khmer `ខ្ញុំឈ្មោះ` /
  `ឈ្មោះខ្ញុំ`: one to three words of the script up to a copula (`ஆகும்`, `ነው`, `គឺ`) or punctuation; and a listed Thai
  given name with a Thai surname standing alone inside Latin-script prose (`email the contract to สมชาย ใจดี
  tomorrow`). Gate: a character of those scripts.

Pure functions, CPU only.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["intro46", "mob46_phones", "spoken46", "with_mob46_phones"]

Result = tuple[str, int, int, float]
_SCORE = 0.85
_FLOOR = 0.4  # the default policy's min_score

# ------------------------------------------------------------------------------------------- F18: bare runs

_FR = ("FR", "BE", "CH")
_NL = ("NL", "BE")
_ID = ("ID",)
_SW = ("TZ", "KE", "UG")
_PH = ("PH",)
_CZ = ("CZ", "SK")
_DK = ("DK", "NO")
_FI = ("FI",)
_UA = ("UA",)
_US = ("US", "CA")
_S = r"[ \t\u00a0]+"
_AP = "['\u2019]"
# Each phrase (lower case), anchored at its end, then the regions its language implies.
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # French: `mon portable`, `mon numéro (de portable|perso)`, `mon 06`, `mon tel`
    (rf"(?:mon|ma|notre){_S}(?:portable|mobile|num[ée]ro|num|t[ée]l[ée]?phone|t[ée]l\.?|cell?ulaire|gsm|0[67])"
     rf"(?:{_S}(?:de{_S}(?:portable|mobile|t[ée]l[ée]?phone|t[ée]l|gsm)|perso(?:nnel)?|pro))?", _FR),
    # Dutch: `mijn mobiele nummer`, `mijn 06`, `mijn (mobiel|telefoon)nummer`
    (rf"(?:mijn|m['\u2019]n|ons){_S}(?:mobiele{_S}(?:nummer|telefoonnummer)|mobiel(?:e)?(?:nummer)?|06(?:-?nummer)?"
     r"|telefoonnummer|telefoon|gsm(?:-?nummer)?|nummer)", _NL),
    # Indonesian/Malay: `nomor HP saya`, `no. WA saya`, `WhatsApp saya`, `HP saya`
    (rf"(?:(?:nomor|nomer|no\.?){_S})?(?:hp|wa|whatsapp|telepon|telp\.?|ponsel|handphone|telefon|henfon)"
     rf"{_S}(?:saya|aku|ku|gue|gw|kami)", _ID),
    # Swahili: `nambari (yangu) ya simu`, `namba yangu`, `simu yangu`
    (rf"(?:nambari|namba)(?:{_S}(?:yangu|yake|yetu))?{_S}ya{_S}simu(?:{_S}(?:yangu|ya{_S}mkononi))?"
     rf"|(?:nambari|namba|simu){_S}(?:yangu|yetu)", _SW),
    # Tagalog: `(ang) numero ko`, `(ang) cellphone number ko`, `number ko`
    (rf"(?:numero|number|cp|cellphone{_S}number|cellphone|selpon|telepono){_S}(?:ko|namin)", _PH),
    # Czech/Slovak: `moje (telefonní) číslo`, `můj mobil`, `moje tel. číslo`
    (rf"(?:moje|mé|me|moje){_S}(?:(?:telefonní|telefonne|telefónne|mobilní|tel\.?){_S})?(?:číslo|cislo)"
     rf"|(?:můj|muj|môj){_S}(?:mobil|telefon|mobilní{_S}telefon)", _CZ),
    # Danish/Norwegian: `mit/mitt/min mobilnummer`, `mit nummer`, `min mobil`
    (rf"(?:mit|mitt|min){_S}(?:mobilnummer|telefonnummer|mobilnr\.?|tlf\.?(?:{_S}?nr\.?)?|nummer|mobil|telefon)",
     _DK),
    # Finnish: `puhelinnumeroni`, `(minun) numeroni`, `kännykkänumeroni`
    (r"(?:(?:minun" + _S + r")?(?:puhelin|matkapuhelin|kännykkä|känny|gsm-?)?numeroni|puhelimeni|minun"
     + _S + r"(?:puhelin)?numero)", _FI),
    # Ukrainian (and Russian as written in Ukraine): `мій номер (телефону)`, `мій мобільний`
    (rf"(?:мій|мой|моя){_S}(?:номер(?:{_S}телефону)?|мобільний|телефон|мобілка)", _UA),
    # English slang
    (rf"(?:hit{_S}me{_S}up|hmu|holla{_S}at{_S}me|my{_S}digits|my{_S}digitz|my{_S}celly|my{_S}cell{_S}number)", _US),
)
# What may stand after the phrase: a separator, a copula, an article.
_GAP = (r"[ \t\u00a0]*(?:[:=\uff1a\-\u2013\u2014][ \t\u00a0]*)?"
        rf"(?:(?:c{_AP}est|est|is|adalah|ialah|yaitu|ni|ay|je|er|on|це|это|are|at|:)[ \t\u00a0]*"
        r"(?:[:\-][ \t\u00a0]*)?)?(?:(?:le|la|el|het|de)[ \t\u00a0]+)?")
_CUE = re.compile(r"(?i)(?<![^\W\d_])(?:" + "|".join(f"(?P<c{k}>{p})" for k, (p, _) in enumerate(_PHRASES)) + r")"
                  + _GAP + r"\Z")
_RUN = re.compile(r"(?<![\w+\-./])\+?[0-9](?:[ .\-]?[0-9]){7,12}(?![\w\-/]|[.,][0-9])")
_GATE = re.compile(r"[0-9]{8}")


# An order's, an account's or another id's word right before the phrase (`Ang order number ko ay ...`): no phone.
_ID_BEFORE = re.compile(r"(?i)(?:order|tracking|reference|ref|account|booking|invoice|ticket|customer|member|commande"
                        r"|client|pesanan|resi|akun|rekening|pedido|bestel|klant|tilaus|objednávk|zákaznick"
                        r"|замовлення|заказ|рахун|kunde|medlem|ordre)\w*[ \t\u00a0]*\Z")


def _regions(before: str) -> tuple[str, ...] | None:
    m = _CUE.search(before)
    if m is None or _ID_BEFORE.search(before, 0, m.start()) is not None:
        return None
    for k, (_, regions) in enumerate(_PHRASES):
        if m.group(f"c{k}") is not None:
            return regions
    return None


def mob46_phones(text: str) -> list[tuple[int, int]]:
    """Spans of national numbers right after an everyday "my mobile / my number is" phrase (see above)."""
    if _GATE.search(text) is None:
        return []
    from proxy.nlp.intl29 import _valid

    out: list[tuple[int, int]] = []
    for m in _RUN.finditer(text):
        regions = _regions(text[max(0, m.start() - 60):m.start()])
        if regions is None:
            continue
        value = m.group()
        digits = "".join(c for c in value if c.isdigit())
        if not 8 <= len(digits) <= 13:
            continue
        if value.startswith("+"):
            from proxy.nlp.cue27 import valid_phone

            ok = valid_phone(value)
        else:
            ok = _valid(digits, regions)
        if ok:
            out.append(m.span())
    return out


def with_mob46_phones(text: str, found: list[Result]) -> list[Result]:
    """`found` with the numbers of `mob46_phones` no phone finding covers yet; a weaker reading inside gives way."""
    spans = mob46_phones(text)
    more = [("PHONE_NUMBER", a, b, _SCORE) for a, b in spans
            if not any(e == "PHONE_NUMBER" and s <= a and b <= en and sc >= _FLOOR for e, s, en, sc in found)]
    if not more:
        return found
    kept = [r for r in found if not any(a <= r[1] and r[2] <= b for _, a, b, _ in more)]
    return kept + more


# ------------------------------------------------------------------------------------------- F04: digit words

# language -> digit word -> digit (lower case, NFC)
_LANG_DIGITS: dict[str, dict[str, str]] = {
    "nl": {"nul": "0", "een": "1", "één": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6",
           "zeven": "7", "acht": "8", "negen": "9"},
    "pl": {"zero": "0", "jeden": "1", "jedna": "1", "dwa": "2", "dwie": "2", "trzy": "3", "cztery": "4", "pięć": "5",
           "piec": "5", "sześć": "6", "szesc": "6", "siedem": "7", "osiem": "8", "dziewięć": "9", "dziewiec": "9"},
    "tr": {"sıfır": "0", "sifir": "0", "bir": "1", "iki": "2", "üç": "3", "uc": "3", "dört": "4", "dort": "4",
           "beş": "5", "bes": "5", "altı": "6", "alti": "6", "yedi": "7", "sekiz": "8", "dokuz": "9"},
    "id": {"nol": "0", "kosong": "0", "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5", "enam": "6",
           "tujuh": "7", "delapan": "8", "lapan": "8", "sembilan": "9"},
    "vi": {"không": "0", "một": "1", "hai": "2", "ba": "3", "bốn": "4", "tư": "4", "năm": "5", "lăm": "5",
           "sáu": "6", "bảy": "7", "bẩy": "7", "tám": "8", "chín": "9"},
    "sv": {"noll": "0", "ett": "1", "en": "1", "två": "2", "tre": "3", "fyra": "4", "fem": "5", "sex": "6",
           "sju": "7", "åtta": "8", "nio": "9"},
    "el": {"μηδέν": "0", "μηδεν": "0", "ένα": "1", "ενα": "1", "δύο": "2", "δυο": "2", "τρία": "3", "τρια": "3",
           "τέσσερα": "4", "τεσσερα": "4", "πέντε": "5", "πεντε": "5", "έξι": "6", "εξι": "6", "επτά": "7",
           "επτα": "7", "εφτά": "7", "εφτα": "7", "οκτώ": "8", "οκτω": "8", "οχτώ": "8", "οχτω": "8", "εννέα": "9",
           "εννεα": "9", "εννιά": "9", "εννια": "9"},
    "fi": {"nolla": "0", "yksi": "1", "kaksi": "2", "kolme": "3", "neljä": "4", "nelja": "4", "viisi": "5",
           "kuusi": "6", "seitsemän": "7", "seitseman": "7", "kahdeksan": "8", "yhdeksän": "9", "yhdeksan": "9"},
    "hi": {"शून्य": "0", "ज़ीरो": "0", "जीरो": "0", "एक": "1", "दो": "2", "तीन": "3", "चार": "4", "पाँच": "5", "पांच": "5",
           "छह": "6", "छः": "6", "छे": "6", "सात": "7", "आठ": "8", "नौ": "9"},
    "ar": {"صفر": "0", "واحد": "1", "اثنان": "2", "اثنين": "2", "إثنان": "2", "إثنين": "2", "ثلاثة": "3", "ثلاثه": "3",
           "أربعة": "4", "اربعة": "4", "أربعه": "4", "اربعه": "4", "خمسة": "5", "خمسه": "5", "ستة": "6", "سته": "6",
           "سبعة": "7", "سبعه": "7", "ثمانية": "8", "ثمانيه": "8", "تسعة": "9", "تسعه": "9"},
}
# language -> (its card words, its phone/number words), as regex alternations (lower case)
_LANG_CUES: dict[str, tuple[str, str]] = {
    "nl": (r"kaart\w*|creditcard\w*|pas(?:nummer)?|bankpas", r"telefoon\w*|nummer|mobiel\w*|gsm|bel|06"),
    "pl": (r"kart[aęyi]\w*|kredytow\w*", r"telefon\w*|numer\w*|komórk\w*|komork\w*|zadzwoń|zadzwon"),
    "tr": (r"kart\w*|kredi", r"telefon\w*|numara\w*|cep|ara"),
    "id": (r"kartu|kredit", r"telepon|telp|nomor|nomer|hp|ponsel|wa|whatsapp|hubungi|telefon"),
    "vi": (r"thẻ|tín dụng", r"số|điện thoại|sđt|gọi"),
    "sv": (r"kort\w*|kreditkort\w*", r"telefon\w*|nummer|mobil\w*|ring"),
    "el": (r"κάρτ\w*|καρτ\w*", r"τηλέφων\w*|τηλεφων\w*|τηλ|αριθμ\w*|κινητ\w*|καλέστε|καλεστε"),
    "fi": (r"kortt?i\w*|luottokort\w*", r"puhelin\w*|numero\w*|kännykk\w*|soita"),
    "hi": (r"कार्ड", r"फ़ोन|फोन|नंबर|नम्बर|मोबाइल|संख्या"),
    "ar": (r"بطاق\w*|البطاق\w*", r"هاتف\w*|الهاتف|رقم\w*|جوال|الجوال|موبايل|اتصل"),
}
_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
_SEP = r"(?:[ \t]*[,\u060c][ \t]*|[ \t]+-[ \t]+|-|[ \t]+)"
_RUNS: dict[str, re.Pattern[str]] = {}
_CARD_CUES: dict[str, re.Pattern[str]] = {}
_PHONE_CUES: dict[str, re.Pattern[str]] = {}
_ONES: dict[str, re.Pattern[str]] = {}
for _lang, _words in _LANG_DIGITS.items():
    _alt = "|".join(sorted((re.escape(w) for w in _words), key=len, reverse=True))
    _tok = rf"(?:{_B}(?:{_alt}){_E}|(?<![\w.])[0-9](?![\w]|[.,][0-9]))"
    _RUNS[_lang] = re.compile(rf"{_tok}(?:{_SEP}{_tok}){{6,18}}(?!{_SEP}{_tok})")
    _ONES[_lang] = re.compile(rf"{_B}(?:{_alt}){_E}|[0-9]")
    _card, _phone = _LANG_CUES[_lang]
    _CARD_CUES[_lang] = re.compile(rf"{_B}(?:{_card}){_E}")
    _PHONE_CUES[_lang] = re.compile(rf"{_B}(?:{_phone}){_E}")
# The gate: two different digit words of one language among the text's words (a set built once; a run of 7 or more
# that does not repeat one digit has two), then that language's run only.
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _LANG_DIGITS.items():
    for _w in _words:
        _WORD_LANGS[_w] = (*_WORD_LANGS.get(_w, ()), _lang)
_GATE_PUNCT = str.maketrans(",-\u060c;:", "     ")


def _languages(low: str) -> list[str]:
    """The languages two different digit words of which stand in `low`."""
    hits: dict[str, set[str]] = {}
    for w in set(low.translate(_GATE_PUNCT).split()).intersection(_WORD_LANGS):
        for lang in _WORD_LANGS[w]:
            hits.setdefault(lang, set()).add(_LANG_DIGITS[lang][w])
    return [lang for lang, digits in hits.items() if len(digits) >= 2]


_SENTENCE_END = re.compile(r"[.!?\u06d4\u0964](?=[ \t\n\"')]|\Z)|\n")


def _sentence_before(text: str, start: int) -> str:
    before = text[max(0, start - 120):start]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    return before[ends[-1]:] if ends else before


def _counting(digits: str) -> bool:
    steps = {int(b) - int(a) for a, b in zip(digits, digits[1:], strict=False)}
    return steps <= {1} or steps <= {-1} or steps == {0} or set(digits) <= {"0", "1"}


def spoken46(text: str) -> list[tuple[str, int, int]]:
    """(entity, start, end) of each card or phone number read out in one of the languages above (see the module's
    docstring)."""
    low = text.lower()
    languages = _languages(low) if len(low) == len(text) else []
    if not languages:
        return []
    if not low.isascii() and not unicodedata.is_normalized("NFC", low):
        return []  # (the tables are NFC; a decomposed text is read in the view's NFC reading)
    from proxy.nlp.normalize import luhn_ok

    out: list[tuple[str, int, int]] = []
    for lang in languages:
        for m in _RUNS[lang].finditer(low):
            words = _LANG_DIGITS[lang]
            tokens = _ONES[lang].findall(low, m.start(), m.end())
            if sum(t in words for t in tokens) < 4:
                continue  # (digits written as digits: the other rules' reading)
            digits = "".join(words.get(t, t) for t in tokens)
            if _counting(digits):
                continue
            sentence = _sentence_before(low, m.start())
            card = _CARD_CUES[lang].search(sentence) is not None
            phone = _PHONE_CUES[lang].search(sentence) is not None
            if 13 <= len(digits) <= 19 and (card or luhn_ok(digits) and (phone or len(digits) >= 15)):
                out.append(("CREDIT_CARD", m.start(), m.end()))
            elif 7 <= len(digits) <= 13 and phone:
                out.append(("PHONE_NUMBER", m.start(), m.end()))
    return out


# ------------------------------------------------------------------------------------------- F08: introductions

_TA = "\u0b82-\u0bcd\u0bd7"
_AM = "\u1200-\u135f"
_KM = "\u1780-\u17d3\u17dd"
_TH = "\u0e01-\u0e4e"
_INTRO_GATE = re.compile(f"[{_TA}{_AM}{_KM}{_TH}]")
# Thai "my name is" with the possessive after the noun (`ชื่อของฉันคือ`, `ชื่อผมคือ`, `ชื่อของดิฉันคือ`).
_TH_CUE = re.compile(r"ชื่อ(?:ของ)?(?:ฉัน|ผม|ดิฉัน|หนู|เรา|กระผม|ข้าพเจ้า)(?:คือ|ว่า)[ \u00a0]?")
# Tamil "my name (is)": `என் பெயர்`, `எனது பெயர்`, `என் பேர்`.
_TA_CUE = re.compile(r"(?<![\u0b80-\u0bff])(?:என்|எனது|என்னுடைய)[ \u00a0]+(?:பெயர்|பேர்)"
                     r"(?:[ \u00a0]*[:：][ \u00a0]*|[ \u00a0]+)")
_TA_STOP = ("ஆகும்", "ஆகும்.", "ஆவேன்", "என்பது", "நான்", "உள்ளது", "இருக்கிறது", "தான்")
# Amharic "my name (is)": `ስሜ`, `የኔ ስም`, `የእኔ ስም`.
_AM_CUE = re.compile(r"(?<![\u1200-\u137f])(?:ስሜ|የ(?:እ)?ኔ[ \u00a0]+ስም)(?:[ \u00a0]*[:：፡][ \u00a0]*|[ \u00a0]+)")
_AM_STOP = ("ነው", "ነኝ", "ይባላል", "እባላለሁ", "ነበር")
# Khmer "I am named / my name (is)": `ខ្ញុំឈ្មោះ`, `ឈ្មោះខ្ញុំ(គឺ)`.
_KM_CUE = re.compile(r"(?:ខ្ញុំ[ \u00a0]?ឈ្មោះ|ឈ្មោះ(?:របស់)?[ \u00a0]?ខ្ញុំ(?:[ \u00a0]?គឺ)?)[ \u00a0]*")
_KM_STOP = ("គឺ", "ជា", "ហើយ", "បាទ", "ចាស", "រស់នៅ", "មកពី", "ធ្វើការ")


def _words_after(text: str, at: int, script: str, stops: tuple[str, ...], most: int = 3) -> tuple[int, int] | None:
    """The span of one to `most` words of `script` from `at`, one space between, up to a stop word, punctuation or
    another script."""
    word = re.compile(f"[{script}\u200c\u200d]+")
    end = at
    n = 0
    pos = at
    while n < most:
        m = word.match(text, pos)
        if m is None or m.group() in stops or len(m.group()) > 24:
            break
        end = m.end()
        n += 1
        if text[end:end + 1] not in (" ", "\u00a0") or not re.match(f"[{script}]", text[end + 1:end + 2]):
            break
        pos = end + 1
    return (at, end) if n else None


def _th_intro(text: str) -> list[tuple[int, int]]:
    from proxy.nlp.scripts22 import _TH_NOT_AFTER, _TH_NOT_SURNAME, _th_unparticled

    out = []
    for m in _TH_CUE.finditer(text):
        a = m.end()
        w = re.compile(f"[{_TH}]+").match(text, a)
        if w is None:
            continue
        given = _th_unparticled(w.group())
        if len(given) < 2 or given.startswith(_TH_NOT_AFTER + _TH_NOT_SURNAME):
            continue
        b = a + len(given)
        if b == w.end() and text[b:b + 1] in (" ", "\u00a0"):
            s = re.compile(f"[{_TH}]+").match(text, b + 1)
            if s is not None:
                surname = _th_unparticled(s.group())
                if len(surname) >= 2 and not surname.startswith(_TH_NOT_AFTER + _TH_NOT_SURNAME):
                    b = s.start() + len(surname)
        out.append((a, b))
    return out


# A listed Thai given name and a surname, the only Thai words in a Latin-script stretch (`email the contract to
# สมชาย ใจดี tomorrow`).
_TH_PAIR = re.compile(rf"(?<![{_TH}])(?<=[A-Za-z,:;(\"'] )([{_TH}]{{2,20}})[ \u00a0]([{_TH}]{{2,20}})"
                      rf"(?=[ \t.,;:!?)\"']|\Z)(?![ \u00a0][{_TH}])")


def _th_in_latin(text: str) -> list[tuple[int, int]]:
    from proxy.nlp.scripts22 import _TH_NOT_AFTER, _th_given

    listed = _th_given()
    return [m.span() for m in _TH_PAIR.finditer(text)
            if m.group(1) in listed and not m.group(2).startswith(_TH_NOT_AFTER)]


def intro46(text: str) -> list[tuple[int, int]]:
    """Spans of the names introduced in Thai, Tamil, Amharic and Khmer, and of a listed Thai name in Latin prose."""
    if text.isascii() or _INTRO_GATE.search(text) is None:
        return []
    out: list[tuple[int, int]] = []
    if "ชื่อ" in text:
        out.extend(_th_intro(text))
    if re.search(f"[{_TH}]", text) and re.search("[A-Za-z]", text):
        out.extend(_th_in_latin(text))
    for cue, script, stops in ((_TA_CUE, _TA, _TA_STOP), (_AM_CUE, _AM, _AM_STOP), (_KM_CUE, _KM, _KM_STOP)):
        if cue is _TA_CUE and "பெயர்" not in text and "பேர்" not in text:
            continue
        if cue is _AM_CUE and "ስ" not in text:
            continue
        if cue is _KM_CUE and "ឈ្មោះ" not in text:
            continue
        for m in cue.finditer(text):
            span = _words_after(text, m.end(), script, stops)
            if span is not None:
                out.append(span)
    return out
