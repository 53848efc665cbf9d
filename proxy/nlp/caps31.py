"""Names written in capitals where no person's verb follows them (caps31, atk30 F17, F20-F22, FP8):

- a bank statement's transfer descriptor (`ZELLE TO DMITRI VOLKOV 6175550143`, `VENMO PAYMENT MARGARET OKONKWO`,
  `ACH CREDIT PAYMENT FROM ...`, `PAY TO THE ORDER OF ...`, `CASH APP*...`, a payment app's glued payee `PAYPAL
  *DMITRIVOLKOV`): the capitalised words after the cue, up to three, stopping at a word no name is written with
  (`ON`, `REF`, `TEL`, digits); two words at least, one of them a listed name and none an everyday word of a
  company (`ZELLE TO CHASE CARD SERVICES`, `PAYMENT TO WELLS FARGO CARD` stay);
- the payee's bare North American phone number right after such a payee (`Zelle to Dmitri Volkov 6175550143`);
- a form's person label in capitals and the name after it (`RECIPIENT'S name MARGARET OKONKWO`, `BORROWER'S name`,
  `STUDENT'S name`; NCPDP's patient segment `CA MARGARET CB OKONKWO`, its phone `CQ 6175550143`; CMS-1500's
  `1a. INSURED'S I.D. NUMBER 536904399`, a valid SSN's nine digits);
- a full name in capitals anywhere, a listed given name and a surname no English word (`PLEASE REFUND DMITRI VOLKOV
  FOR ORDER 4412.`, `Subject: RE: REFUND REQUEST - DMITRI VOLKOV - ORDER 4412`);
- an IATA boarding pass's name field (`M1OKONKWO/MARGARET    EABC123 BOSJFKB6 ...`); a Venmo handle or a Cash App
  cashtag of a given name and a surname beside the app's name (`@Dmitri-Volkov-3`, `$DmitriVolkov`);
- a transcript's speaker label in capitals at a line's start before a sentence (`DMITRI VOLKOV: I will send the
  contract today.`; not `NARRATOR:`, `[MUSIC PLAYING]`).

A merchant named after a person (`JOHN DEERE FINANCIAL`, `TOMMY HILFIGER OUTLET`) is no name: a span in capitals that
is a listed brand's name, or is followed by a company's word or a store number, is dropped (FP8). A name's span that
swallowed a confirmation's label (`Chidi Okafor Conf# T0Z9`) ends before it.
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_SCORE = 0.85
_FLOOR = 0.4  # the default policy's min_score: a reading below it is dropped later
# A word in capitals (an apostrophe or hyphen inside: `O'NEIL`, `SMITH-JONES`).
_CAP = r"[A-Z][A-Z'’-]*[A-Z]"
_CAP_WORD = re.compile(r"(?<![\w'’/@$#.])" + _CAP + r"(?![\w'’])")
# Two words in capitals next to each other: the gate of the name rules.
_TWO_CAPS = re.compile(r"[A-Z]{2}[A-Z'’-]*[ \t]+[A-Z]{2}")
# A transfer's cue before the payee (case as the bank writes it, or mixed).
_PAYMENT_CUE = re.compile(
    r"(?i)(?:\b(?:zelle|venmo|cash[ \t]?app|apple[ \t]cash|paypal|wire|ach|online|mobile|external|p2p|interac"
    r"|e-?transfer|real[ \t]time)[ \t]+(?:(?:credit|debit|instant)[ \t]+)?"
    r"(?:(?:payment|pmt|transfer|xfer|trf|deposit|credit|debit|sent|received|request|e-?transfer)[ \t]+)?"
    r"(?:(?:to|from)[ \t]+)?"
    r"|\b(?:payment|pmt|transfer|xfer|deposit|sent|received|credit)[ \t]+(?:to|from)[ \t]+"
    r"|\bpay[ \t]+to[ \t]+the[ \t]+order[ \t]+of[ \t]+"
    r"|\b(?:venmo|paypal|cash[ \t]?app)[ \t]*\*[ \t]*)")
_APP_GLUED = re.compile(r"(?i)\b(?:venmo|paypal|cash[ \t]?app)[ \t]*\*[ \t]*([A-Z]{8,})(?![\w'’])")
# Words after which a payee's name does not go on.
_STOP_WORDS = frozenset("""
on ref tel phone conf confirmation id web ppd ccd memo for via at in of the and trans txn trn jpm bac wfct
acct account card xxxx san santa new los las saint st fort ft port mount mt
""".split())
# A company's words: a span in capitals before one (or ending with one) is a firm's name.
COMPANY_WORDS = frozenset("""
financial finance bank bancorp banking fcu insurance ins mutual investment investments securities capital holdings
group inc incorporated llc ltd llp corp corporation co company companies associates partners services svc svcs store
stores shop shoppe outlet outlets factory market markets mkt mktplace supermarket grocery foods restaurant
restaurants grill kitchen cafe coffee pizza pizzeria burgers bakery steakhouse hotel hotels inn motel resort pharmacy
drugs clinic hospital dental motors automotive tractor parts hardware rental rentals beauty cosmetics jewelers
boutique apparel outfitters sporting fitness salon spa studio studios intl international realty properties homes
builders construction plumbing brewery winery liquor cleaners wholesale depot mart leasing servicing mortgage
""".split())
# Merchants, brands and places named after people that bank statements and prose write in capitals (FP8).
BRANDS = frozenset(tuple(b.split()) for b in """
john deere|john hancock|john lewis|tommy hilfiger|ralph lauren|calvin klein|tory burch|kate spade|michael kors
|vera wang|marc jacobs|steve madden|hugo boss|ted baker|tom ford|estee lauder|mary kay|charles schwab
|edward jones|morgan stanley|smith barney|harris teeter|fred meyer|bob evans|marie callender|jimmy johns
|jimmy john|papa johns|papa john|martha stewart|ben jerry|dave buster|harry david|betty crocker|oscar mayer
|george washington|abraham lincoln|martin luther|victoria secret|johns hopkins|charles river|roy rogers
|peter pan|jack daniels|jack daniel|jose cuervo|sam adams|paul mitchell|elizabeth arden|christian dior
|louis vuitton|giorgio armani|yves saint|jenny craig|bob jones|ruth chris|joe fresh|trader joe|piggly wiggly
|kay jewelers|kroger|charles river|carl jr|max mara|jimmy choo|tim hortons|ronald mcdonald|wendy|casey|dunkin|meijer
""".replace("\n", "").split("|"))
# A store's or terminal's number after a merchant's words.
_STORE_NUMBER = re.compile(r"[ \t]*#[ \t]*\d")
# Card processors' prefixes before a merchant (`SQ *`, `TST*`, `DOORDASH*`, `SP `, `PY *`); not an X12 or HL7
# element's code (`PER*IC*MARGARET OKONKWO`: IC is the contact's function there).
_PROCESSOR = re.compile(r"(?:(?<![*~|^])\b(?:SQ|TST|SP|PY|SQC|DD|UEP|IC|PP|PAYPAL|DOORDASH|GRUBHUB|UBER|LYFT|AMZN|"
                        r"PAR|CKE)[ \t]*\*[ \t]*|\bSP[ \t]+)\Z")
# A confirmation's or reference's label a name's span may have swallowed (`Chidi Okafor Conf# T0Z9`).
_AFTER_LABEL = re.compile(r"[ \t]*[#:.]|[ \t]+[A-Z]*\d")
_REF_LABEL = re.compile(r"(?i)[ \t]+(?:conf|confirmation|ref|reference|txn|trn|trans|transaction|memo|id|trace|auth)"
                        r"\Z")
# A form's person label in capitals (1099, W-2, 1098-T, 1098-E: `RECIPIENT'S name`) and its value.
_FORM_LABEL = re.compile(
    r"(?i)\b(?:recipient|payee|insured|patient|employee|borrower|student|taxpayer|spouse|beneficiary|debtor"
    r"|cardholder|policyholder|subscriber|transferor|decedent|guardian|member|claimant|applicant)['’]?s[ \t]+"
    r"(?:full[ \t]+|legal[ \t]+)?name[ \t]*[:#.]?[ \t]*")
# NCPDP D.0's patient segment: first name `CA`, last name `CB`, phone `CQ`.
_NCPDP = re.compile(r"(?<![A-Z0-9])(C[AB])[ \t=]?(" + _CAP + r")(?![\w'’])|(?<![A-Z0-9])CQ[ \t]?(\d{10})(?!\d)")
# CMS-1500's box 1a: the insured's ID, an SSN on older forms.
_INSURED_ID = re.compile(r"(?i)\binsured['’]?s[ \t]+i\.?[ \t]?d\.?[ \t]+(?:number|no\.?|#)[ \t]*[:#]?[ \t]*"
                         r"(\d{3}[ \t-]?\d{2}[ \t-]?\d{4})(?![\d-])")
# IATA BCBP's name field: `M` and the number of legs, SURNAME/GIVEN padded to 20, the e-ticket flag and the PNR.
_BCBP = re.compile(r"(?<![A-Za-z0-9])M[1-4]([A-Z][A-Z'-]{1,19})/([A-Z][A-Z -]{0,18}?)[ \t]+E?[A-Z0-9]{5,7}"
                   r"[ \t]+[A-Z]{6}[A-Z0-9]{0,3}[ \t]")
_PLACE_PREFIXES = frozenset("""
san santa santo sao st saint sainte ste mont monte mount mt lake port fort cape isla puerto costa sierra new le la
les los las el al del della di da de du van von bin ibn abu dow
buon buona feliz felice frohe joyeux joyeuse bonne bon buenas buenos boas bom boa
""".split())
# Endings of surnames the lists miss (`WIECZOREK`, `IVANOVA`, `PETRESCU`, `KOVALENKO`).
_SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "in", "ina", "sky", "ski", "ska", "czyk", "wicz", "escu", "enko", "ek",
                    "ian", "yan", "poulos", "akis", "son", "sen", "ez", "ovic", "evic", "ic", "yev", "uk", "chuk")
# An article or a determiner in capitals right before a word (`THE MANUAL`).
_ARTICLE_BEFORE = re.compile(r"\b(?:THE|A|AN|THIS|THAT|YOUR|MY|OUR|THEIR|ITS)[ \t]+\Z")
# A Venmo handle or a Cash App cashtag of a given name and a surname (`@Dmitri-Volkov-3`, `$DmitriVolkov`).
_HANDLE = re.compile(r"(?<![\w@$])[@$]([A-Z][a-z]{2,})[-_]?([A-Z][a-z]{2,})(?:[-_]?\d{1,4})?(?![\w-])")
_TITLES = frozenset("mr ms mrs miss mstr dr prof".split())
# A transcript's speaker label in capitals at a line's start, a sentence after it.
_SPEAKER = re.compile(r"(?m)^[ \t]*(" + _CAP + r"(?:[ \t]" + _CAP + r"){0,2})[ \t]*:[ \t]+(?=[^\n]*[a-z])")
# A payment app, its payee's words and a bare North American number after them.
_APP_PHONE = re.compile(r"(?i)\b(?:zelle|venmo|cash[ \t]?app|apple[ \t]cash)\b"
                        r"((?:[ \t]*[*:]?[ \t]*[^\W\d_][\w'’.-]*){2,7})"
                        r"[ \t]+(?:(?:tel|ph|phone)[ \t:#]*)?((?:\+?1[ \t-]?)?[2-9]\d{2}[2-9]\d{6})(?![\w-])")
_CUE_WORDS = frozenset("to from payment pmt sent received request transfer instant credit debit p2p tel ph phone"
                       .split())
_PAY_APPS = ("zelle", "venmo", "cash app", "cashapp", "paypal", "apple cash")


def _forms(word: str) -> tuple[str, ...]:
    """`word` lower-cased and its singular's candidates (`retries` -> `retry`, `boxes` -> `box`)."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    out = [w]
    if w.endswith("ies"):
        out.append(w[:-3] + "y")
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s"):
        out.append(w[:-1])
    return tuple(out)


def _everyday(names: NameLists, lex: object, word: str) -> bool:
    """An English word no name is written as: an adjective, a verb or a stop word of the lexicon, a noun no name list
    holds, or one of the commonest English words."""
    forms = _forms(word)
    if any(f in getattr(lex, kind, ()) for f in forms for kind in ("adjectives", "verbs", "stops")):
        return True
    w = forms[0]
    if any(f in getattr(lex, "nouns", ()) for f in forms) and not names.is_name(w):
        return True
    return names.is_very_common(w) and names.is_english(w)


def _given(names: NameLists, lex: object, word: str) -> bool:
    w = word.lower()
    return names.is_any_first(w) and not (names.is_very_common(w) and names.is_english(w)) and not any(
        w in getattr(lex, kind, ()) for kind in ("adjectives", "verbs", "stops"))


def _surname(names: NameLists, lex: object, word: str) -> bool:
    w = word.lower().replace("’", "'")
    return len(w) >= 3 and not _everyday(names, lex, w) and w not in COMPANY_WORDS \
        and (names.is_name(w) or not names.is_english(w))


def _unlisted_given(names: NameLists, lex: object, first: str, second: str) -> bool:
    """A given name no list holds before a listed surname that is no English word (`FOLASADE BALOGUN`)."""
    return len(first) >= 4 and not names.is_common(first) and not names.is_name(first) \
        and not _everyday(names, lex, first) and second.lower() in names.last and not names.is_first(second) \
        and not names.is_common(second)


def _brand(words: list[str]) -> bool:
    low = [w.lower().replace("’", "'").removesuffix("'s").removesuffix("s'") for w in words]
    for n in (1, 2):
        for i in range(len(low) - n + 1):
            if tuple(low[i:i + n]) in BRANDS or tuple(w.rstrip("s") for w in low[i:i + n]) in BRANDS:
                return True
    return False


def _merchant(chunk: str, start: int, end: int, numbers: bool = True) -> bool:
    """Capitals at `start:end` are a merchant's: a company's word or (`numbers`) a store's number after them, a card
    processor's prefix before them."""
    nxt = _CAP_WORD.match(chunk, end + 1) if chunk[end:end + 1] in (" ", "\t") else None
    if nxt is not None and nxt.group().lower().removesuffix("'s") in COMPANY_WORDS:
        return True
    if numbers and _STORE_NUMBER.match(chunk, end) is not None:
        return True
    return _PROCESSOR.search(chunk, max(0, start - 12), start) is not None


def _words(chunk: str, start: int, limit: int) -> list[re.Match[str]]:
    """Up to `limit` words in capitals from `start`, a blank between each."""
    out: list[re.Match[str]] = []
    pos = start
    while len(out) < limit:
        m = _CAP_WORD.match(chunk, pos)
        if m is None:
            break
        out.append(m)
        gap = re.match(r"[ \t]{1,2}", chunk[m.end():m.end() + 3])
        if gap is None:
            break
        pos = m.end() + gap.end()
    return out


def _payee(names: NameLists, lex: object, chunk: str, start: int) -> tuple[int, int] | None:
    words = []
    for m in _words(chunk, start, 3):
        if m.group().lower() in _STOP_WORDS:
            break
        words.append(m)
    while words and (words[-1].group().lower() in COMPANY_WORDS or _everyday(names, lex, words[-1].group())
                     or len(words[-1].group()) < 3):
        words.pop()
    if len(words) < 2:
        return None
    texts = [m.group() for m in words]
    if any(_everyday(names, lex, w) or w.lower() in COMPANY_WORDS for w in texts) or _brand(texts):
        return None
    if not (_given(names, lex, texts[0]) or any(_surname(names, lex, w) for w in texts[1:])):
        return None
    a, b = words[0].start(), words[-1].end()
    if _merchant(chunk, a, b, numbers=False):
        return None
    return a, b


def _glued(names: NameLists, lex: object, word: str) -> int:
    """Where a payment app's glued payee (`DMITRIVOLKOV`) splits into a given name and a surname; 0 if none."""
    for k in range(len(word) - 4, 3, -1):
        if _given(names, lex, word[:k]) and names.is_name(word[k:].lower()) \
                and not _everyday(names, lex, word[k:]) and not _brand([word[:k], word[k:]]):
            return k
    return 0


def _full_names(names: NameLists, lex: object, chunk: str) -> list[tuple[int, int]]:
    """A listed given name and a listed surname (or an unlisted one with a surname's ending), both in capitals,
    anywhere; not a place's prefix (`SANTA BARBARA`, `MONT BLANC`, `LE CREUSET`), a city before a word that is a
    given name too (`DOW JONES`), nor another language's function word (`OSTERN UND`, `AL CINE`)."""
    out = []
    words = list(_CAP_WORD.finditer(chunk))
    for first, second in zip(words, words[1:], strict=False):
        gap = chunk[first.end():second.start()]
        g, s = first.group(), second.group()
        if gap not in (" ", "\t") or len(g) < 3 or g.lower() in _PLACE_PREFIXES or not _surname(names, lex, s):
            continue
        if not _full_surname(names, g, s):
            continue
        if not (_given(names, lex, g) and not (_everyday(names, lex, g) and not names.is_census_first(g))
                or _unlisted_given(names, lex, g, s)):
            continue
        stops = _foreign_stops()
        if g.lower() in stops or s.lower() in stops:
            continue
        if _brand(_around(chunk, first.start(), second.end(), [g, s])) or _merchant(chunk, first.start(), second.end()):
            continue
        out.append((first.start(), second.end()))
    return out


def _full_surname(names: NameLists, given: str, surname: str) -> bool:
    g, s = given.lower(), surname.lower()
    if s in names.last:
        return s not in names.first or names.is_census_first(g) and g not in _cities()
    return not names.is_name(s) and not names.is_common(s) and s.endswith(_SURNAME_ENDINGS)


@functools.cache
def _foreign_stops() -> frozenset[str]:
    from proxy.nlp.recognizers import load_stop_words  # imports Presidio: the engines have already

    stops = load_stop_words()
    return frozenset().union(*(v for k, v in stops.items() if k != "en"))


@functools.cache
def _cities() -> frozenset[str]:
    from proxy.nlp.places import city_names

    return city_names()


def _speakers(names: NameLists, lex: object, chunk: str) -> list[tuple[int, int]]:
    out = []
    for m in _SPEAKER.finditer(chunk):
        words = m.group(1).split()
        if len(words) == 1:
            w = words[0]
            if names.is_first(w) and not names.is_common(w) and not _everyday(names, lex, w):
                out.append(m.span(1))
            continue
        if (_given(names, lex, words[0]) or _unlisted_given(names, lex, words[0], words[-1])) \
                and not _everyday(names, lex, words[-1]) \
                and all(not _everyday(names, lex, w) and w.lower() not in COMPANY_WORDS for w in words[1:]) \
                and not _brand(words):
            out.append(m.span(1))
    return out


def _form_values(names: NameLists, lex: object, chunk: str) -> list[tuple[int, int]]:
    out = []
    for m in _FORM_LABEL.finditer(chunk):
        words = _words(chunk, m.end(), 4)
        texts = [w.group() for w in words]
        if not words or any(w.lower() in COMPANY_WORDS for w in texts) or _brand(texts):
            continue
        nxt = _CAP_WORD.match(chunk, words[-1].end() + 1)
        if nxt is not None and nxt.group().lower() in COMPANY_WORDS:
            continue
        named = [w for w in words if not _everyday(names, lex, w.group())]
        if named and any(names.is_name(w.group()) or names.is_any_first(w.group())
                         or not names.is_common(w.group()) for w in named):
            out.append((named[0].start(), named[-1].end()))
    return out


_PLACEHOLDERS = frozenset({"test", "passenger", "sample", "example", "demo", "dummy", "name", "surname", "given",
                           "firstname", "lastname", "traveler", "traveller", "guest", "xxx", "doe"})


def _bcbp(chunk: str) -> list[tuple[int, int]]:
    out = []
    for m in _BCBP.finditer(chunk):
        if m.group(1).lower() in _PLACEHOLDERS or m.group(2).strip().split(" ")[0].lower() in _PLACEHOLDERS:
            continue  # (a sample pass: `M1TEST/PASSENGER`)
        out.append(m.span(1))
        given = m.group(2).rstrip(" -")
        parts = given.split()
        if len(parts) > 1 and parts[-1].lower() in _TITLES:
            given = given[:given.rfind(parts[-1])].rstrip()
        if given:
            out.append((m.start(2), m.start(2) + len(given)))
    return out


def _valid_ssn(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def with_caps31(chunk: str, found: list[Result], entities: list[str], names: NameLists,
                lex: object) -> list[Result]:
    """`found` with the names and numbers above, without the merchants' spans read as names."""
    person = "PERSON" in entities
    spans: list[tuple[str, int, int]] = []
    upper = any(c.isupper() for c in chunk)
    lower = chunk.lower() if upper else chunk
    if person and upper:
        found = _trimmed(chunk, found)
    if person and _TWO_CAPS.search(chunk) is not None:
        if any(app in lower for app in _PAY_APPS) or "pay" in lower or "transfer" in lower or "ach" in lower \
                or "wire" in lower or "deposit" in lower or "sent" in lower or "received" in lower \
                or "credit" in lower:
            for m in _PAYMENT_CUE.finditer(chunk):
                payee = _payee(names, lex, chunk, m.end())
                if payee is not None:
                    spans.append(("PERSON", *payee))
        spans += [("PERSON", a, b) for a, b in _full_names(names, lex, chunk)]
        if ":" in chunk:
            spans += [("PERSON", a, b) for a, b in _speakers(names, lex, chunk)]
        if "name" in lower:
            spans += [("PERSON", a, b) for a, b in _form_values(names, lex, chunk)]
    if person and "*" in chunk:
        for m in _APP_GLUED.finditer(chunk):
            k = _glued(names, lex, m.group(1))
            if k:
                spans += [("PERSON", m.start(1), m.start(1) + k), ("PERSON", m.start(1) + k, m.end(1))]
    if person and ("venmo" in lower or "cash app" in lower or "cashapp" in lower):  # `@Dmitri-Volkov-3`
        for m in _HANDLE.finditer(chunk):
            if _given(names, lex, m.group(1)) and _surname(names, lex, m.group(2)):
                spans.append(("PERSON", m.start(1), m.end(2)))
    if person and "/" in chunk and "M" in chunk:
        spans += [("PERSON", a, b) for a, b in _bcbp(chunk)]
    if "AM01" in chunk:  # NCPDP's patient segment
        for m in _NCPDP.finditer(chunk):
            if m.group(3) is not None and "PHONE_NUMBER" in entities:
                spans.append(("PHONE_NUMBER", *m.span(3)))
            elif m.group(2) is not None and person:
                spans.append(("PERSON", *m.span(2)))
    if "US_SSN" in entities and "insured" in lower:
        for m in _INSURED_ID.finditer(chunk):
            if _valid_ssn(re.sub(r"\D", "", m.group(1))):
                spans.append(("US_SSN", *m.span(1)))
    if "PHONE_NUMBER" in entities and any(app in lower for app in _PAY_APPS):
        spans += _payee_phones(chunk, found)
    if person and upper:
        found = _without_merchants(chunk, found, names, lex)
    added = [(e, a, b, _SCORE) for e, a, b in dict.fromkeys(spans)
             if not any(r[0] == e and r[1] <= a and b <= r[2] and r[3] >= _FLOOR for r in found)]
    if not added:
        return found
    # a weak reading of the same characters (a bare number's 0.3) gives way
    return [r for r in found if not (r[3] < _FLOOR and any(a <= r[1] and r[2] <= b for _, a, b, _ in added))] + added


def _payee_phones(chunk: str, found: list[Result]) -> list[tuple[str, int, int]]:
    """A bare North American number right after a payee's name, two capitalised words at least, on a payment app's
    line (`Zelle to Dmitri Volkov 6175550143`, `ZELLE FROM SVETLANA IVANOVA 4045550172`)."""
    out = []
    for m in _APP_PHONE.finditer(chunk):
        named = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", m.group(1)) if w.lower() not in _CUE_WORDS]
        if len(named) < 2 or not all(w[:1].isupper() for w in named):
            continue
        if not any(r[0] == "PHONE_NUMBER" and r[1] <= m.start(2) and m.end(2) <= r[2] and r[3] >= _FLOOR
                   for r in found):
            out.append(("PHONE_NUMBER", *m.span(2)))
    return out


def _trimmed(chunk: str, found: list[Result]) -> list[Result]:
    """A name's span ends before a confirmation's label it swallowed (`Chidi Okafor Conf# T0Z9`)."""
    out = []
    for r in found:
        if r[0] == "PERSON" and _AFTER_LABEL.match(chunk, r[2]) is not None:
            m = _REF_LABEL.search(chunk, r[1], r[2])
            if m is not None and " " in chunk[r[1]:m.start()].strip():
                r = (r[0], r[1], m.start(), r[3])
        out.append(r)
    return out


def _without_merchants(chunk: str, found: list[Result], names: NameLists, lex: object) -> list[Result]:
    """Without the PERSON spans in capitals that are a merchant's name (`JOHN DEERE FINANCIAL`, FP8), or one English
    word after an article in shouted text (`PLEASE READ THE MANUAL BEFORE INSTALLING`), unless the word is found
    elsewhere in the text as a name's."""
    out = []
    for r in found:
        text = chunk[r[1]:r[2]]
        if r[0] == "PERSON" and text.isupper() and len(text) > 2 and text.isalpha() \
                and _ARTICLE_BEFORE.search(chunk, max(0, r[1] - 8), r[1]) is not None \
                and _everyday(names, lex, text) and not any(
                    x[0] == "PERSON" and x is not r and text.lower() in chunk[x[1]:x[2]].lower() for x in found):
            continue
        if r[0] == "PERSON" and text.isupper() and len(text) > 2:
            words = re.findall(r"[A-Z][A-Z'’-]*", text)
            numbers = not _cued_person(chunk, r[1])
            if words and (_brand(_around(chunk, r[1], r[2], words)) or _merchant(chunk, r[1], r[2], numbers)):
                continue
        out.append(r)
    return out


def _around(chunk: str, start: int, end: int, words: list[str]) -> list[str]:
    """`words` with the word in capitals right before and right after them (`TRADER` of `TRADER JOE'S`)."""
    before = re.search(r"(" + _CAP + r")[ \t]&?[ \t]?\Z", chunk[max(0, start - 30):start])
    after = re.match(r"[ \t](" + _CAP + r")", chunk[end:end + 30])
    return ([before.group(1)] if before else []) + words + ([after.group(1)] if after else [])


def _cued_person(chunk: str, start: int) -> bool:
    """A person's cue right before `start` (a transfer's or a form's label)."""
    before = chunk[max(0, start - 40):start]
    return any(m.end() == len(before) for m in _PAYMENT_CUE.finditer(before)) \
        or any(m.end() == len(before) for m in _FORM_LABEL.finditer(before))
