"""PII-free text the name rules still read as a person's name (fp24), each read from the words around the span, so
that the same words where the text says person stay names:

- a fixed phrase opened by a given name that is an everyday word (`WORD_GIVEN` and `proxy.nlp.recognizers.
  WORD_FIRST_NAMES`: `Grace Period`, `Art Deco`, `Amber Alert`, `Daisy Chain`, `Bill Pay`, lower case in a value too:
  `name: grace period`; not `Anna`, `Ken`, `Milton`, which WordNet holds as nouns too): the next word is an English
  noun or adjective among the top-5,000 words that no list holds as a surname or a given name (`Amber Stone`, `Grace
  Hall`, `Brandy Alexander`, `Drew Barrymore` stay names), with no greeting or `by` before it (`Hi Holly Great,`, `by
  Frank Ocean`) and no verb in the past tense after it (`Frank Ocean released`, `Grace Slick sang`); or a listed
  phrase whose second word is a surname too (`PHRASES`: `Penny Black`, `Will Power`, `Mercedes Benz`, `Jack
  Daniel's`, `Black Friday`); or such a given name before a household product (`Dawn dish soap`);
- a given name before the noun of a forum, a shop, a firm or a lab (`Jericho Forum`, `Priya Bazaar`, `Abbott
  Laboratories`), or after an article and before a product's or a program's noun (`the Arjun tank program`, `the
  Emily plugin`, `the Ada compiler`);
- a listed company written whole (`proxy.nlp.companies.COMPANIES`: `Morgan Stanley said rates would stay high`,
  `Charles Schwab reported net inflows`) in a sentence of business (`FIRM_WORDS`), and a bank's name in a sentence
  of banking (`Ask Chase about the card`, `My Chase card`);
- a city greeted alone (`Hello Boston!`, `Good morning, Berlin`: before `!` or the end of the line) that is no
  English given name (`Hi Austin!`, `Good morning, Charlotte!` stay names, and so does any city before a comma: `Hi
  Dallas, thanks for the call.`).

Never after a form of address (`Mr.`, `Dr.`, `Herr`), nor before a verb of a person (`Penny Black called me`,
`Grace Period said`), nor beside another word of a name (`Ask Chase Miller`, `Bill White`: a surname); a greeting
before a phrase keeps it a name (`Hi Holly Jolly,`), except a city's. `without24` is asked of every PERSON span after
`proxy.nlp.everyday22.without22` (`proxy.nlp.pii._cued`).
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.everyday16 import Lexicon
from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NEXT = re.compile(r"[ \t\u00a0]+([^\W\d_]+(?:['’][^\W\d_]+)*)")
_TITLE_BEFORE = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sgt|Miss|Mister|Doctor|Herrn?|Frau|Sir|Madam|Dame"
                           r"|Lord|Lady|Judge|Officer|Nurse|Coach|Captain|Capt)\.?[ \t\u00a0]+\Z", re.IGNORECASE)
_GREETING_BEFORE = re.compile(r"(?<![\w'’])(?:hi|hello|hey|dear|dearest|thanks|thank[ \t]+you|cheers|morning|regards"
                              r"|good[ \t]+(?:morning|afternoon|evening|night)|goodnight|welcome(?:[ \t]+back)?"
                              r"|greetings|howdy|yo|cc|ask|tell|ping|call|email|message|meet|with)"
                              r"[ \t\u00a0]*,?[ \t\u00a0]+\Z", re.IGNORECASE)
# A verb of a person, or a person's thing, after the span (`Penny Black called me`, `Jack Daniel's office`).
_PERSON_AFTER = re.compile(r"(?:['’]s[ \t]+(?:office|desk|team|email|e-mail|assistant|number|phone|wife|husband|son"
                           r"|daughter|mother|father|car|house|account|birthday|mom|dad|boss|manager|address)"
                           r"|[ \t\u00a0]*,?[ \t\u00a0]*(?:said|says|told|tells|called|calls|emailed|emails|wrote"
                           r"|writes|asked|asks|replied|replies|thinks|thought|agreed|approved|signed|joined|founded|met"
                           r"|mentioned|texted|phoned|wants|needs|and[ \t]+I|from[ \t]+(?:HR|IT|accounting|finance)"
                           r"|is[ \t]+(?:on[ \t]+(?:leave|vacation|holiday|PTO|call|the[ \t]+phone)"
                           r"|out[ \t]+(?:sick|of)|away|off|sick|busy|here|my|our|your|his|her|the[ \t]+new)))\b",
                           re.IGNORECASE)

# Phrases opened by a given name whose second word is a listed surname or given name too (the testers' classes).
PHRASES = frozenset(tuple(line.split()) for line in """
penny black
will power
art deco
lily pad
holly jolly
mercedes benz
jack daniel's
jack daniel’s
black friday
hope diamond
misty mountain
heather grey
heather gray
stella artois
victoria falls
""".strip().splitlines())
# Given names that are everyday words, besides `proxy.nlp.recognizers.WORD_FIRST_NAMES` (`Art Deco`, `Bill Pay`).
WORD_GIVEN = frozenset("""
art bill will autumn daisy lily sandy misty ruby ray candy sherry brandy rusty sunny jade sterling melody patience
summer honey angel destiny
""".split())
# Nouns of a forum, a shop, a firm, a lab after a given name (`Jericho Forum`, `Priya Bazaar`, `Abbott Laboratories`).
HEADS = frozenset("""
forum forums bazaar bazar emporium boutique laboratories laboratory labs brothers bros pharmaceuticals pharma
""".split())
# Nouns of a product, a program or a tool after an article and a given name (`the Arjun tank`, `the Emily plugin`).
PRODUCT_HEADS = frozenset("""
tank tanks program programme programs rifle jet aircraft missile rocket plugin plug-in plugins extension extensions
addon add-on theme themes compiler compilers toolchain interpreter runtime framework library libraries package
packages module modules config configuration template templates font fonts bot chatbot engine sdk api cli
pipeline pipelines notebook notebooks site generator format protocol dataset model models release build builds
server cluster app apps widget widgets editor shell kernel distro scheduler
""".split())
# Household products after a given name that is a brand (`Dawn dish soap`).
HOUSEHOLD = frozenset("""
soap soaps detergent detergents shampoo conditioner lotion cleaner cleaners spray wipes sponge sponges bleach
cereal coffee tea ale beer lager whisky whiskey bourbon vodka gin rum cola soda juice chocolate candy cookies
""".split())
# Words of business prose around a listed company (`Morgan Stanley said rates would stay high`).
FIRM_WORDS = frozenset("""
rates rate profit profits forecast forecasts inflows outflows ceo cfo results guidance estimates estimate shares
stock analysts dividend dividends earnings demand fees fee billion million trillion revenue revenues quarter
quarterly sales prices price audit audited accounts consulting filings bank banks banking markets market investors
stake merger acquisition layoffs jobs outlook recall recalled store stores spin unit arms index closed lower higher
""".split())
# Banks named with a given name, and the words of banking that make them the bank (`Ask Chase about the card`).
BANKS = frozenset({"chase"})
_BANKING = frozenset("""
card cards account accounts bank banking savings checking loan loans mortgage mortgages statement statements credit
debit fee fees overdraft branch atm atms deposit deposits withdrawal transfer sapphire freedom app
""".split())
_PRONOUNS = frozenset("he she him his her hers they them".split())
# Words after a given name that start what follows, not a phrase (`Thanks Holly Great work`).
_OPENERS = frozenset("""
great good nice awesome happy please thanks thank sorry welcome ok okay just also here there today tomorrow tonight
yesterday now again yes no well hope glad best sure cool love congrats congratulations kind warm
""".split())
_TIME_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december morning afternoon evening night weekend week
""".split())
_DETERMINERS = frozenset("the a an our my your their this that its".split())
_CITY_END = re.compile(r"[ \t\u00a0]*(?:!|\Z|\n)")
_CITY_GREETING = re.compile(r"(?<![\w'’])(?:hi|hello|hey|good[ \t]+(?:morning|afternoon|evening|night)|goodnight"
                            r"|welcome(?:[ \t]+back)?|greetings|howdy)[ \t\u00a0]*,?[ \t\u00a0]+\Z", re.IGNORECASE)


def _sentence(text: str, start: int, end: int) -> list[str]:
    """The lower-case words of the sentence around [start, end) (within 200 characters)."""
    a = max(text.rfind(c, max(0, start - 200), start) for c in ".!?\n") + 1
    stops = [k for k in (text.find(c, end, end + 200) for c in ".!?\n") if k >= 0]
    b = min(stops) if stops else min(len(text), end + 200)
    return [w.lower() for w in _WORD.findall(text, a, b)]


def _given(names: NameLists, word: str) -> bool:
    return names.is_first(word) or names.is_any_first(word)


def _name_word(names: NameLists, word: str) -> bool:
    """A listed surname or given name (everyday words among them: `Black`, `Hall`)."""
    from proxy.nlp.cued import _raw_surname

    return _raw_surname(word) or names.is_name(word) or _given(names, word)


def _surname(names: NameLists, word: str) -> bool:
    from proxy.nlp.cued import _raw_surname

    return _raw_surname(word) or names.is_name(word)


def _word_like(word: str) -> bool:
    """A given name that is an everyday word (`Grace`, `Amber`, `Art`, `Bill`; not `Anna`, `Ken`, `Milton`: WordNet
    holds them as nouns too)."""
    from proxy.nlp.recognizers import WORD_FIRST_NAMES

    low = word.lower()
    return low in WORD_FIRST_NAMES or low in WORD_GIVEN


def _noun_or_adjective(low: str, lex: Lexicon) -> bool:
    """An English noun or adjective, a noun's plural too (`Leaves`, `Boxes`)."""
    return low in lex.nouns or low in lex.adjectives or low.endswith("s") and (
        low[:-1] in lex.nouns or low.endswith("es") and low[:-2] in lex.nouns)


_LOWER_WORDS = re.compile(r"[ \t\u00a0]+([a-z]+)(?:[ \t\u00a0]+([a-z]+))?")


def _household(text: str, at: int, lex: Lexicon) -> bool:
    """A household product's noun in the next two lower-case words, nouns both (`Dawn dish soap`)."""
    from proxy.nlp.companies import PRODUCT_NOUNS

    m = _LOWER_WORDS.match(text, at)
    if m is None:
        return False
    first, second = m.group(1), m.group(2)
    if first in HOUSEHOLD or first in PRODUCT_NOUNS:
        return True
    return second is not None and first in lex.nouns and (second in HOUSEHOLD or second in PRODUCT_NOUNS)


# Verbs in the past tense that are not `-ed` forms (`Grace Slick sang`), and words before a person (`by Frank Ocean`).
_IRREGULAR_PAST = frozenset("""
sang won wrote ran took gave made told said met led left went came saw spoke became began drove flew fought grew held
kept knew lost paid sat sold sent stood taught thought threw wore swam sung won bought brought caught felt found
heard hit hurt let put read rode rose shot shut slept spent stole struck swore tore understood woke
""".split())
_BY = frozenset("by featuring feat ft starring with and per".split())
_VERB_NEXT = re.compile(r"[ \t\u00a0]+([a-z]+)\b")


def _did(text: str, at: int, lex: Lexicon) -> bool:
    """A verb in the past tense right after `at` (`released`, `testified`, `sang`): what a person did."""
    m = _VERB_NEXT.match(text, at)
    if m is None:
        return False
    v = m.group(1)
    if v in _IRREGULAR_PAST:
        return True
    if not v.endswith("ed") or len(v) < 5:
        return False
    stems = (v[:-2], v[:-1], v[:-3], v[:-3] + "y")
    return any(x in lex.verbs for x in stems)


def _same_case(a: str, b: str) -> bool:
    return (a[:1].isupper() and b[:1].isupper()) or (a.islower() and b.islower())


def _phrase(text: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """The span opens a fixed phrase, a forum's or a shop's name, or a product after an article (see the docstring)."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    while words and text[words[0][0]:words[0][1]].lower() in _DETERMINERS:
        words.pop(0)
    if not words or len(words) > 3:
        return False
    a = words[0][0]
    pair = [text[s:e] for s, e in words]
    stop = words[-1][1]
    person = _PERSON_AFTER.match(text, stop) is not None  # (`Jack Daniel's office`)
    if text.startswith(("'s", "’s"), stop) and not text[stop + 2:stop + 3].isalnum():
        pair[-1] += text[stop:stop + 2]  # `Jack Daniel's` (the span ends before the `'s`)
        stop += 2
    if len(pair) == 1:
        nxt = _NEXT.match(text, stop)
        if nxt is None:
            return False
        pair.append(nxt.group(1))
        stop = nxt.end(1)
    g, w = pair[0], pair[1]
    if not _same_case(g, w) and not (g[:1].isupper() and w.islower()) \
            or _TITLE_BEFORE.search(text, max(0, a - 12), a) is not None:
        return False
    low = tuple(x.lower() for x in pair[:2])
    if low[1] in HEADS and w[:1].isupper() and _name_word(names, g) and not _surname(names, w):
        return True  # `Jericho Forum`, `Priya Bazaar`, `Abbott Laboratories said`
    if person or _PERSON_AFTER.match(text, stop - 2 if w.endswith(("'s", "’s")) else stop) is not None:
        return False  # `Penny Black called me`, `Jack Daniel's car is parked outside`
    if low in PHRASES and _same_case(g, w):
        return _GREETING_BEFORE.search(text, max(0, a - 30), a) is None
    if not _given(names, g) or len(pair) > 2 and not all(x.lower() in lex.nouns for x in pair[2:]):
        return False
    wl = w.lower()
    if len(wl) < 3 or wl in lex.stops or wl in _OPENERS or wl in _TIME_WORDS:
        return False
    prev = text[max(0, a - 12):a].rstrip(" \t\u00a0").rsplit(None, 1)
    article = bool(prev) and prev[-1].lower() in _DETERMINERS
    if g[:1].isupper() and w.islower():  # `the Emily plugin`, `the Arjun tank program`, `Dawn dish soap`
        return article and wl in PRODUCT_HEADS or _word_like(g) and _household(text, a + len(g), lex)
    if _surname(names, w):
        return False  # `Amber Stone`, `Grace Hall`, `Bill White`: a surname
    if _GREETING_BEFORE.search(text, max(0, a - 30), a) is not None:
        return False  # `Hi Holly Great,`
    if _given(names, w) or not _noun_or_adjective(wl, lex) or not names.is_very_common(w):
        return False  # `Brandy Alexander`, `Rose Golding`, `Drew Barrymore` (WordNet holds famous names as nouns)
    if _did(text, stop, lex) or bool(prev) and prev[-1].lower() in _BY:
        return False  # `Frank Ocean released an album`, `Grace Slick sang`, `a song by Frank Ocean`
    return _word_like(g)  # `Grace Period`, `Art Deco`, `Amber Alert`, `name: grace period`


@functools.cache
def _companies() -> frozenset[tuple[str, ...]]:
    from proxy.nlp.companies import COMPANIES

    return frozenset(tuple(w for w in line.split() if w not in ("&", "-", "'s")) for line in COMPANIES)


def _firm(text: str, start: int, end: int, names: NameLists) -> bool:
    """The span is (inside) a listed company written whole in a sentence of business, or a bank's name in a sentence
    of banking."""
    if _TITLE_BEFORE.search(text, max(0, start - 12), start) is not None:
        return False
    sentence = _sentence(text, start, end)
    words = _WORD.findall(text, start, end)
    if len(words) == 1 and words[0].lower() in BANKS:
        return bool(_BANKING.intersection(sentence)) and not _PRONOUNS.intersection(sentence)
    if _GREETING_BEFORE.search(text, max(0, start - 30), start) is not None:
        return False  # `Ask Morgan Stanley about the revenue numbers`, `Hi Chanel, the store opens at nine`
    from proxy.nlp.companies import BUSINESS_WORDS

    if not FIRM_WORDS.intersection(sentence) and not BUSINESS_WORDS.intersection(sentence):
        return False
    # the company's words around the span: up to three before and after it, `&` between them as written
    a = max(0, start - 40)
    b = min(len(text), end + 40)
    around = [(m.start(), m.end(), m.group().lower()) for m in re.finditer(r"[^\W\d_]+", text[a:b])]
    around = [(s + a, e + a, w) for s, e, w in around if w != "s"]
    companies = _companies()
    for i in range(len(around)):
        for n in (1, 2, 3, 4):
            run = around[i:i + n]
            if len(run) == n and tuple(w for _, _, w in run) in companies and run[0][0] <= start \
                    and end <= run[-1][1] and all(text[x[1]:y[0]].strip() in ("", "&", "-", "'", "’")
                                                  for x, y in zip(run, run[1:], strict=False)):
                return True
    return False


def _greeted_city(text: str, start: int, end: int) -> bool:
    """`Hello Boston!`, `Good morning, Berlin`: a city greeted alone, no English given name."""
    from proxy.nlp.places import city_names, english_first_names

    words = _WORD.findall(text, start, end)
    if len(words) != 1:
        return False
    low = words[0].lower()
    return low in city_names() and low not in english_first_names() and _CITY_END.match(text, end) is not None \
        and _CITY_GREETING.search(text, max(0, start - 30), start) is not None


def not_a_person24(text: str, start: int, end: int, *, names: NameLists, lex: Lexicon) -> bool:
    """Whether the PERSON span `text[start:end]` is one of the PII-free texts above. After a person's label (`Name:`,
    `Assignee:`; `proxy.nlp.everyday22`) only a phrase in lower case is, a YAML value (`name: grace period`); in
    capitals it is a person (`Name: Rose Garden`, `Owner: Penny Black`)."""
    from proxy.nlp.everyday22 import _person_label_before

    if _person_label_before(text, start):
        return text[start:end].islower() and _phrase(text, start, end, names, lex)
    return _phrase(text, start, end, names, lex) or _firm(text, start, end, names) \
        or _greeted_city(text, start, end)


def without24(text: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without the PERSON spans `not_a_person24` reads as no person."""
    return [r for r in found if r[0] != "PERSON" or not not_a_person24(text, r[1], r[2], names=names, lex=lex)]


__all__ = ["BANKS", "FIRM_WORDS", "HEADS", "PHRASES", "PRODUCT_HEADS", "not_a_person24", "without24"]
