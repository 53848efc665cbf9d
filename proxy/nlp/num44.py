"""Numbers and measurements read as values or names (num44, fpatk43's number probes), on input and output alike:
drop-only, after dg42 (whose cue and shape rules are kept: a phone word, label or possessive, an SSN label or a card
word before, a phone word after, a group with a leading zero or the `555` exchange keep a value redacted).

- a unit between the groups: one phone number read across measurements (`212 kg 318 kg 2045 kg`, `250 mg 500 mg
  1000`);
- a unit of measure or a currency right after the groups (`412 318 2045 litres`, `... 9120 yen`, `... 1930 kWh`)
  or in the label before them (`Readings (ppm):`, `Energy in kWh:`): dg42's unit list, widened (volumes, lengths,
  masses, currencies, energies, concentrations);
- groups apart by a comma and a blank (`Prices 312, 845, 9120 yen`): a list's items in prose; a value written with
  commas alone (`the number is 536,90,4399`, no blank) stays as dg42 reads it;
- `wc`'s counts: the word `wc` before them on the line or a file's name right after them (`wc output: 312 845 9120
  report.txt`);
- a four-part version read as an IP address: a dotted number compared with another dotted number (`1.10.100.1 vs
  1.10.99.12`, `... or ...`, `... newer than ...`) in a sentence about versions (a version or release word, `newer`,
  `older`, `changed`), with no host's or network's word in it (`IP`, `host`, `server`, `ping`: those stay);
- an answer's text reads as the request's did: a placeholder of a value the request's check redacted is no phone
  word before the numbers after it (dg42's rules too);
- a question word at a sentence's start read as a name (`2,300 ms. How do I`, `Mean is 19 ms. Why the gap?`): the
  word alone, before a lower-case word; `Dr. How`, `Will called` are not touched.

Pure functions, CPU only.
"""

from __future__ import annotations

import re

from proxy.nlp import dg42

Result = tuple[str, int, int, float]

_DIGITS = frozenset({"PHONE_NUMBER", "US_SSN", "CREDIT_CARD"})
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>")  # (as proxy.guard.linehold writes one)
# Units of measure, currencies and counts' nouns as written after a number (besides dg42's).
_UNITS = dg42._UNITS | frozenset("""
l litre litres liter liters ml cl dl hl gal gallon gallons floz m3 cc liter litri litros litro
m metre metres meter meters km kilometre kilometres kilometers kilometer ft feet foot in inch inches yd yard yards
mi mile miles nm µm um
g gram grams kilogram kilograms kilo kilos t tonne tonnes ton tons lb lbs pound pounds oz ounce ounces st ct
n kn mn nm pa kpa mpa hpa bar mbar psi atm
j kj mj cal kcal calories kilocalories wh mwh gwh w mw gw va kva v mv kv a ma mah ah ohm ohms
ppm ppb ppt mol mmol µmol
°c °f degrees deg celsius fahrenheit kelvin
kph km/h m/s ft/s knots kn/h
usd eur gbp jpy cny inr chf cad aud sek nok dkk pln czk brl mxn krw
dollar dollars euro euros yen yuan rupee rupees pound pounds franc francs krona kronor krone kroner zloty reais
pesos peso won cents pence
pcs pieces items units
""".split())
_BETWEEN = re.compile(r"\d+(?:[ \t]+([^\W\d][\w/°µ]*)[ \t]+\d+)+")
_COMMA_BLANK = re.compile(r"\d+(?:,[ \t]+\d+)+")
_WORD_AFTER = re.compile(r"[ \t]*\]*\)?[ \t]*([^\W\d][\w/%°µ]*|[%°µ$€£¥][\w]*)")
_FILE_AFTER = re.compile(r"[ \t]+[\w./~-]*\w\.[A-Za-z][\w]{0,5}(?![\w.])")
_RATE_AFTER = re.compile(r"[ \t]+[a-z]{3,}s[ \t]+per[ \t]+[a-z]")
_PAREN_AFTER = re.compile(r"[ \t]*\((?:in[ \t]+)?([^\W\d][\w/%°µ]*)\)")
_ROW_LABEL = re.compile(r"(?i)(?<![\w-])rows?[ \t]*#?\d+[ \t]*[:=][ \t]*$")
_WC = re.compile(r"(?<![\w-])wc\b")
_LABEL = re.compile(r"(?i)(?<![\w/])([^\W\d][\w/°µ]*)[ \t]*(?:\(([^()\n]{1,20})\)[ \t]*)?"
                    r"(?:(?:in|of|per)[ \t]+(?:the[ \t]+)?([\w/%°µ]+)[ \t]*)?[:=]?[ \t]*\(?\[*$")


def _unit(word: str | None) -> bool:
    return word is not None and word.lower().strip(".") in _UNITS


def _measured(text: str, start: int, end: int) -> bool:
    """A unit right after the value (`litres`, `(in thousands)`), a rate after it (`per bed`, `rows per partition`),
    or a unit in the label right before it (`(ppm):`, `in kWh:`)."""
    after = _WORD_AFTER.match(text, end)
    if after is not None and (_unit(after.group(1)) or after.group(1).lower() == "per"):
        return True
    if _RATE_AFTER.match(text, end) is not None:
        return True
    paren = _PAREN_AFTER.match(text, end)
    if paren is not None and _unit(paren.group(1)):
        return True
    line = text[max(text.rfind("\n", 0, start) + 1, start - 60):start]
    label = _LABEL.search(line)
    return label is not None and any(_unit(w) for w in label.groups())


def _wc_counts(text: str, start: int, end: int) -> bool:
    a = text.rfind("\n", 0, start) + 1
    return _WC.search(text, a, start) is not None or _FILE_AFTER.match(text, end) is not None


def _numbers(kind: str, text: str, start: int, end: int) -> bool:
    """Whether the digits finding at `text[start:end]` is measurements or counts (see the module's docstring)."""
    value = text[start:end]
    if not value[:1].isdigit() or not value[-1:].isdigit():
        return False
    groups = re.findall(r"\d+", value)
    if len(groups) < 2 or dg42._phone_like(groups) or dg42._cued(text, start, end):
        return False
    between = _BETWEEN.fullmatch(value)
    if between is not None:
        words = re.findall(r"[^\W\d][\w/°µ]*", value)
        return bool(words) and all(_unit(w) for w in words)
    if re.search(r"[^\d \t,]", value):
        return False  # (`312-845-9120`, `(312) 845 9120`: a value's written shape)
    if kind == "CREDIT_CARD" and tuple(len(g) for g in groups) in dg42._CARD_GROUPINGS:
        return False
    if _COMMA_BLANK.fullmatch(value) is not None:
        return True
    if "," in value:
        return False
    row = _ROW_LABEL.search(text[text.rfind("\n", 0, start) + 1:start]) is not None  # (`Row 2: 398 301 1990`)
    if row or _measured(text, start, end) or _wc_counts(text, start, end):
        return True
    from proxy.nlp.recognizers import _printed_phone

    if _printed_phone(value):
        return False
    label = _LABEL.search(text, max(text.rfind("\n", 0, start) + 1, start - 60), start)
    return label is not None and label.group(1).lower() in dg42._COUNTER_WORDS  # (`Steps per day: 8123 10456 9987`)


# --------------------------------------------------------------------------- versions read as IP addresses

_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_JOIN = r"(?:vs\.?|versus|or|and|than|to|with|from|->|→|,|/)"
_OTHER_BEFORE = re.compile(rf"(?i)(?<![\w.])v?\d+(?:\.\d+){{2,}}[ \t]*(?:(?:newer|older|later|earlier|higher|lower)"
                           rf"[ \t]+)?{_JOIN}[ \t]*(?:v[ \t]*)?$")
_OTHER_AFTER = re.compile(rf"(?i)[ \t]*(?:(?:newer|older|later|earlier|higher|lower)[ \t]+)?{_JOIN}[ \t]*"
                          rf"(?:version[ \t]+)?v?\d+(?:\.\d+){{2,}}(?![\w.]|\.\d)")
_VERSION_WORDS = re.compile(r"(?i)\b(?:versions?|releases?|builds?|firmware|rev|revision|newer|older|latest"
                            r"|changed|changelog|upgrade\w*|downgrade\w*|patch\w*|semver|v\d)\b")
_HOST_WORDS = re.compile(r"(?i)\b(?:ip|ips|ipv4|hosts?|servers?|address\w*|addr|ping\w*|ssh|subnets?|gateways?|dns"
                         r"|routes?|router|vpn|proxy|connect\w*|nodes?|lan|wan|firewall|nat|dhcp|interface|eth\d"
                         r"|blocked|allowlist|whitelist|blacklist|traffic|requests?\s+from)\b")


def _sentence(text: str, start: int, end: int) -> str:
    a = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "? ", "! "))) + 1
    ends = [i for i in (text.find("\n", end), text.find(". ", end), text.find("? ", end), text.find("! ", end))
            if i >= 0]
    return text[a:min(ends) if ends else len(text)]


def _version(text: str, start: int, end: int) -> bool:
    """Whether the dotted quad at `text[start:end]` is a version compared with another (see the docstring)."""
    if _QUAD.fullmatch(text, start, end) is None:
        return False
    compared = _OTHER_BEFORE.search(text, max(0, start - 40), start) is not None \
        or _OTHER_AFTER.match(text, end) is not None
    sentence = _sentence(text, start, end)
    return compared and _VERSION_WORDS.search(sentence) is not None and _HOST_WORDS.search(sentence) is None


# --------------------------------------------------------------------------- question words read as names

_QUESTION_WORDS = frozenset("""
how what why which when where who whom whose should could would can does did is are was were
wie was warum weshalb wieso welche welcher welches wo wann wer
comment pourquoi quel quelle quels quelles quand où qui
cómo como qué que por cuál cuáles dónde donde cuándo cuando quién quiénes
come perché quale quali dove quando chi
""".split())
_TITLE_BEFORE = re.compile(r"(?<![\w.])(?:Mrs|Mr|Ms|Mx|Dr|Prof|Sr|Sra|Srta|MRS|MR|MS|DR|PROF)\.?[ \t]+$")
_SENTENCE_START = re.compile(r"(?:^|[.?!:;]['\")\]]?[ \t]+|\n[ \t]*|[¿¡])$")


def _question(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if word.lower() not in _QUESTION_WORDS or not word[:1].isupper():
        return False
    if _SENTENCE_START.search(text, max(0, start - 4), start) is None \
            or _TITLE_BEFORE.search(text, max(0, start - 12), start) is not None:
        return False  # (`Dr. How`, `Ms. Which`: a form of address)
    after = re.match(r"[ \t]+([^\W\d_][\w'’-]*)", text[end:])
    return after is not None and after.group(1)[:1].islower()


def _counted(text: str, start: int, end: int, nouns: frozenset[str]) -> bool:
    """A plural noun at a line's start before `per` (`Counts per shift: ...`): a label, no name."""
    word = text[start:end]
    return (start == 0 or text[start - 1] == "\n") and re.match(r"[ \t]+per[ \t]+[a-z]", text[end:]) is not None \
        and dg42._plural_noun(word, nouns)


def without_num44(chunk: str, found: list[Result], nouns: frozenset[str]) -> list[Result]:
    """`found` (spans of `chunk`) without the numbers, versions and question words this module reads as no value."""
    # a placeholder of a value the request's check redacted is no phone word on the way back (`<PHONE_NUMBER_1>
    # litres, 398 301 1990 litres`: the echo's second reading reads as the request's did)
    masked = _PLACEHOLDER.sub(lambda m: "<" + "x" * (len(m.group()) - 2) + ">", chunk) if "<" in chunk else chunk

    def kept(r: Result) -> bool:
        if r[0] in _DIGITS:
            return not (_numbers(r[0], masked, r[1], r[2])
                        or masked != chunk and dg42._data(r[0], masked, r[1], r[2], nouns))
        if r[0] == "IP_ADDRESS":
            return not _version(chunk, r[1], r[2])
        if r[0] == "PERSON":
            return not (_question(chunk, r[1], r[2]) or _counted(chunk, r[1], r[2], nouns))
        return True

    return [r for r in found if kept(r)]
