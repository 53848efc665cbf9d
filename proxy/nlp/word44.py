"""Brands and their models, everyday words, eponyms, tech words and headings the name rules read as a person
(word44, fpatk43).

- a span cut inside a word (`-Xms2g` -> `Xms`), and the same word found again whole where the text also writes it
  glued to a flag's dash and a number (`Is Xms equal to Xmx?`);
- a maker's model: the span starts with a listed maker and goes on with a model (`Renault Clio`, `Kobo Sage`,
  `Merrell Moab 3`), or is one word right after a maker (`Toyota Yaris`), or is a listed maker alone (`Staub`,
  `Clinique`, `Wendy's`); a maker that is also a given name (`Brooks`, `Gregory`, `Marshall`) only in a question or
  comparison of products (`or`, `vs`, `for ...?`, `worth`);
- a listed fixed phrase: apple varieties, cocktails, drinks (`Granny Smith`, `Tom Collins`, `Dr Pepper`,
  `Captain Morgan`), also in a CSV cell;
- an eponym before a tool's or an instrument's noun (`an Allen key`, `a Ferris wheel`, `a Phillips and a Pozidriv
  screwdriver`, `a Maksutov telescope`), a listed typeface or scale in its frame (`Garamond`, `Mercalli`);
- a listed tech word in a sentence about software or devices (`Trie`, `Meta tags`, `my Mac`, `Siri`, `Rollbar`,
  `Pascal is still taught`);
- an everyday word opening a sentence before a noun it qualifies (`Lane closures`, `Smith machines vs`, `Miller
  moths swarm`, `Brook trout prefer`, `Basil wilts`);
- headings: a list's label (`Cons: Noisy`), a chapter's title (`Chapter One: The Storm`), a plural noun opening a
  line before a passive (`Samples were collected`), family words signing a letter (`Love, Mum and Dad`).

No span with a person's cue right before it (`Dr.`, `Mr.`, `ask`, `with`) nor a person's verb right after it
(`Clara Kobo said`, `Tom Collins called`) is dropped. Pure functions, CPU only; each rule reads a sentence around a
found name only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from proxy.nlp import word45 as w45
from proxy.nlp.everyday16 import Lexicon, lexicon_of
from proxy.nlp.fp36 import _CUE, _PERSON_NEXT, _sentence
from proxy.nlp.fpco40 import _HONORIFIC

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# Makers and brands of consumer goods (sports, outdoor, kitchen, audio, cars, cosmetics, fashion, devices) whose
# names the name rules read as people; a model after one is a product.
_MAKERS = frozenset("""
Hoka Brooks Asics Saucony Mizuno Salomon Merrell Keen Altra Inov-8 Scarpa Lowa Meindl Hanwag Columbia Garmin Coros
Suunto Polar Wahoo Tacx Zwift Bose JBL Sonos Sennheiser Marshall Anker Belkin Canyon Cube Trek Specialized Giant
Cannondale Orbea Cervelo Scott Pinarello Bianchi Osprey Gregory Deuter Vaude Fjällräven Herschel Patagonia Arcteryx
Breville Gaggia Rancilio Lelit Sage DeLonghi De'Longhi Delonghi Moccamaster Krups Smeg Kenwood Staub Lodge Finex
Tefal Zwilling Wüsthof Victorinox Opinel Toyota Honda Mazda Subaru Skoda Škoda Peugeot Renault Opel Vauxhall Dacia
Citroen Citroën Fiat Seat Cupra Kia Hyundai Nissan Volvo Audi Volkswagen VW BMW Mercedes Porsche Ford Chevrolet
Chevy Dodge Jeep Tesla Lexus Mitsubishi Suzuki Kobo Kindle Pocketbook Tolino Remarkable Lush Clarins Clinique
Lancôme Lancome Garnier Nivea Maybelline CeraVe Cetaphil Olaplex Levi Levi's Wrangler Converse Vans Tilley
Birkenstock Crocs Oakley Ray-Ban Persol Philips Nanoleaf Logitech Razer Corsair Lenovo Asus Acer Dell Samsung Xiaomi
Huawei Oppo Pixel Nokia Motorola Dyson Miele Bosch Siemens Ninja Vitamix Nutribullet Ecovacs Roborock Shark Hoover
Karcher Kärcher Makita DeWalt Ryobi Milwaukee Stihl Husqvarna Weber Traeger Yeti Thermos Stanley Hydro Flask Fender
Gibson Yamaha Roland Korg Casio Nikon Canon Fujifilm Leica Sony Panasonic Olympus GoPro DJI Ted Paul Tory Staub
""".split())
# Brand and product phrases written whole (the first word may be a person's cue: `Dr Pepper`, `Captain Morgan`), apple
# varieties and cocktails.
_PHRASES = """
Dr Pepper|Captain Morgan|Captain Crunch|Cap'n Crunch|Uncle Ben's|Aunt Jemima|Mr Muscle|Mr Clean
Wendy's|Paula's Choice|Levi's|Ben & Jerry's|Dunkin'|Trader Joe's|Marks & Spencer
Ted Baker|Paul Smith|Tory Burch|Michael Kors|Kate Spade|Calvin Klein|Tommy Hilfiger|Ralph Lauren|Hugo Boss
Philips Hue|Jack Wolfskin|Chuck Taylor|Le Creuset|Granny Smith|Pink Lady|Golden Delicious|Red Delicious
Cox's Orange Pippin|Tom Collins|John Collins|Bloody Mary|Shirley Temple|Arnold Palmer|Rob Roy|Harvey Wallbanger
Earl Grey|Lady Grey|Eggs Benedict|Beef Wellington|Caesar salad|Peach Melba|Red Bull|Jack Daniel's|Jim Beam
Johnnie Walker|Captain Morgan's|Dom Pérignon|Dom Perignon|Mrs Beeton's
""".replace("|", "\n").strip().splitlines()
_FRAME = re.compile(r"(?i)(?:\?|\b(?:or|vs\.?|versus|over|worth|better|buy|bought|price|review|reviews|model|for"
                    r"|reliability|size|fit)\b)")
# An eponym's tool or instrument after it (`Allen key`, `Ferris wheel`, `Maksutov telescope`), maybe through `and a X`.
_TOOL = re.compile(r"(?:[ \t]+(?:and|or)[ \t]+(?:an?[ \t]+)?[A-Z][\w-]+)?[ \t]+(?:keys?|wrench(?:es)?|spanners?"
                   r"|screwdrivers?|bits?|drivers?|heads?|wheels?|telescopes?|reflectors?|refractors?|counters?"
                   r"|pans?|tins?|tubs?|valves?|clamps?|knots?|stitch(?:es)?|bolts?|screws?|nuts?|lamps?|jacks?"
                   r"|bottles?|flasks?|beakers?|scales?|engines?|cycles?|tests?|curves?|charts?|locks?|hitch(?:es)?)\b")
_FONTS = frozenset("""
garamond helvetica futura baskerville bodoni caslon frutiger palatino didot univers akzidenz gotham avenir
verdana tahoma calibri cambria georgia arial consolas inconsolata menlo roboto lato montserrat raleway
""".split())
_FONT_FRAME = re.compile(r"(?i)\b(?:fonts?|typefaces?|serifs?|sans|headlines?|headings?|body|text|kerning|poster"
                         r"|typography|print|printing|pt|italic|bold)\b")
_SCALE_NAMES = frozenset("richter mercalli beaufort mohs scoville saffir-simpson fujita kelvin celsius".split())
_SCALE_FRAME = re.compile(r"(?i)\b(?:scales?|magnitude|intensity|hardness|earthquakes?|wind|heat|measures?)\b")
# Tech words that are names too; each only in a sentence about software, devices or code.
_TECH = frozenset("""
trie meta mac ruby numbers pages keynote siri alexa cortana bixby pascal rollbar sentry jasper lang heap slack
kotlin swift rust julia perl elixir haskell ada dart crystal grafana kibana hugo jekyll gatsby django flask
""".split())
_TECH_FRAME = re.compile(r"(?i)\b(?:update|updates|app|apps|code|coding|language|languages|python|java|html|tags?"
                         r"|attributes?|errors?|tracking|blocks|procs|lambdas|tree|trees|search|insertion|license"
                         r"|mini|server|linux|excel|spreadsheet|routines?|accent|voice|timer|alarm|skills?|taught"
                         r"|schools?|reports|pdf|invoices|dock|icons?|macos|laptop|desktop|seo|social|previews?|blog"
                         r"|llama|model|models|prefix|hash|set|budget|compile|compiler|library|framework|gb|mb"
                         r"|memory|api|sdk|kit|workspace|message|messages|channel|channels|understand|wake|waking"
                         r"|stopped|working|keeps|removed|windows|ios|android|device|devices)\b")
_MAC = re.compile(r"(?:\b(?:my|your|his|her|our|their|a|the|this|that|new|old|the[ \t]+new)[ \t]+\Z)")
_MAC_AFTER = re.compile(r"[ \t]*(?:mini|pro|book|os|studio|address|addresses)\b", re.I)
# An everyday word opening a sentence, its noun after it: a plural verb or a comparison after the noun, or a plant's
# verb after the word.
_PLANT = re.compile(r"[ \t]+(?:wilts|wilted|blooms|bloomed|flowers|flowered|thrives|sprouts|withers|grows|bolts"
                    r"|germinates|droops|yellows|browns|dies[ \t]+back|self-seeds|spreads)\b")
_AFTER_NOUN = re.compile(r"[ \t]+(?:vs\.?|versus|or|and|are|were|have|do|don't|can|cannot|can't|need|prefer|swarm"
                         r"|grow|live|eat|nest|bloom|damage|cause|last|work)\b|[ \t]*[:?]")
_LABELS = frozenset("""
pros cons notes note summary verdict ingredients method steps tips warnings caveats benefits drawbacks downsides
upsides advantages disadvantages features requirements results conclusion conclusions outcome outcomes
""".split())
_CHAPTER = re.compile(r"(?im)^[ \t]*(?:chapter|part|book|act|scene|section|episode)[ \t]+[\w.-]+[ \t]*[:.–—-][ \t]*\Z")
_FAMILY = frozenset("""
mum mom mam mummy mommy mama mamma ma dad daddy papa pa grandma grandpa granny grandad granddad nan nana nanna gran
gramps auntie aunty uncle sis bro
""".split())
_NOT_NOUN = frozenset("here there now today tonight tomorrow yesterday again too also please".split())
_HONOR_BEFORE = re.compile(_HONORIFIC + r"\Z")
_PASSIVE_LINE = re.compile(r"[ \t]+(?:were|are|was|is|have[ \t]+been|had[ \t]+been)[ \t]+[a-z]+(?:ed|en|wn|lt)\b")


def without_word44(chunk: str, found: list[Result], engines: Any) -> list[Result]:
    """`found` less the PERSON spans that are the docstring's brands, models, eponyms, words and headings."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    names, lex = engines.names, lexicon_of(engines)
    dropped = {i for i, r in enumerate(found) if r[0] == "PERSON" and _not_person(chunk, r[1], r[2], names, lex)}
    if dropped:  # (word45: `Booth's algorithm ... Tom Booth`, `Whitfield2 ... Brandon Whitfield`)
        keep = w45.kept_words(chunk, found, dropped)
        dropped = {i for i in dropped if not w45.name_words(chunk[found[i][1]:found[i][2]]) & keep}
    return [r for i, r in enumerate(found) if i not in dropped]


def _not_person(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    text = chunk[start:end]
    if not text.strip():
        return False
    if w45.in_record(chunk, start, end):  # (word45: `Marco,Bianchi,Rome`, `^FDHazel Brook^FS`, fixed-width rows)
        return _phrase(chunk, start, end) and w45.product_header(chunk, start)
    if _cut(chunk, start, end) or _flag_word(chunk, text):
        return True
    if _phrase(chunk, start, end, within=True) and not _person_next(chunk, end):
        return True  # (`Dr Pepper`, `Captain Morgan`: the cue's word is the phrase's own)
    if _CUE.search(chunk, max(0, start - 12), start) is not None or _person_next(chunk, end) \
            or _HONOR_BEFORE.search(chunk, max(0, start - 20), start) is not None or w45.cued(chunk, start):
        return False
    words = text.split()
    if _kept45(chunk, start, end, words, names):
        return False
    if _phrase(chunk, start, end):
        return True  # (`Granny Smith`, `Tom Collins`, `Dr Pepper`; `ask Granny Smith`, `Tom Collins called` stay)
    if _addressed(chunk, text):
        return False
    if re.search(r"(?i)\b(?:captain|uncle|aunt|auntie|sir|lady|lord|saint|st\.?)[ \t]+\Z",
                 chunk[max(0, start - 10):start]):
        return False
    return _maker(chunk, start, end, words, names) or _eponym(chunk, start, end, words) \
        or _tech(chunk, start, end, words, names) or _heading(chunk, start, end, words, lex) \
        or _everyday(chunk, start, end, words, lex, names)


def _kept45(chunk: str, start: int, end: int, words: list[str], names: NameLists) -> bool:
    """word45: a possessive before a person's noun (`Wendy's laptop`), a given name before a person's verb (`Scott
    tests`), a given name and a surname unless the sentence shows a product (`Jack Daniel's car`)."""
    if w45.possessive_of_person(chunk, start, end):
        return True
    last = re.sub(r"['’]s\Z", "", words[-1])
    if w45.person_verb_after(chunk, end) and (names.is_census_first(last) or names.is_first(last) or len(words) > 1):
        return True
    if w45.full_name(words, names):
        sentence = _sentence(chunk, start)
        return not w45.shows_product(chunk, start, end, sentence, _listed(sentence))
    return False


def _listed(sentence: str) -> int:
    """How many listed makers and phrases `sentence` holds."""
    return len(_phrases().findall(sentence)) + sum(_maker_word(w) for w in re.findall(r"[\w'’-]+", sentence))


def _addressed(chunk: str, text: str) -> bool:
    """A word of the span the text gives a form of address elsewhere (`Frau Honda rief an. ... Hondas Bericht`,
    `Dear Mrs. Young ... J. Young`)."""
    return any(re.search(_HONORIFIC + re.escape(w) + r"(?![^\W\d_])", chunk) is not None
               for w in re.findall(r"[A-Z][a-z]+", text))


def _person_next(chunk: str, end: int) -> bool:
    m = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 20])
    return m is not None and m.group(1) in _PERSON_NEXT


def _cut(chunk: str, start: int, end: int) -> bool:
    """`-Xms2g` -> `Xms`, `getSmith`: an ASCII letter or digit right before the span or a digit right after it
    (`Hondas Bericht`, CJK text written without spaces keep their names)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z ]*", chunk[start:end]):
        return False
    if start > 0 and re.match(r"[a-z]", chunk[start - 1]) and re.match(r"[A-Z][a-z]", chunk[start:end]):
        return True  # (`getSmith`; word45: `^FDHazel`, `0012208WOJCIK`, `2.1MOREAU` stay)
    return end < len(chunk) and chunk[end] in "0123456789" and re.search(r"(?<![\w-])--?\Z", chunk[:start]) \
        is not None  # (`-Xms2g`; word45: `Barnes2`, `Whitfield2` stay)


def _flag_word(chunk: str, text: str) -> bool:
    """`Is Xms equal to Xmx?` in a text that also writes `-Xms2g`: a command line's flag, found whole."""
    if not re.fullmatch(r"[A-Za-z]{2,12}", text):
        return False
    return re.search(r"(?<![\w-])--?" + re.escape(text) + r"(?=[\d:+=])", chunk) is not None


@functools.cache
def _phrases() -> re.Pattern[str]:
    alts = sorted((re.escape(t).replace(r"\ ", r"[ \t]+").replace("'", "['’]") for t in _PHRASES), key=len,
                  reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def _phrase(chunk: str, start: int, end: int, within: bool = False) -> bool:
    """A listed phrase covers the span; `within`: one that starts with a cue's word before it (`Dr Pepper`)."""
    for m in _phrases().finditer(chunk, max(0, start - 20), min(len(chunk), end + 30)):
        if m.start() <= start and end <= m.end():
            if not within:
                return True
            head = re.match(r"(?i)(?:dr|mr|mrs|captain|cap'n|uncle|aunt)\.?[ \t]+", m.group())
            return head is not None and m.start() + head.end() <= start + 3 and (
                m.start() < start or chunk[start:end].lower().startswith(head.group().strip().lower()))
    return False


def _maker_word(word: str) -> bool:
    return word in _MAKERS or word.rstrip("'’s") in _MAKERS and word.endswith(("'s", "’s"))


def _maker(chunk: str, start: int, end: int, words: list[str], names: NameLists) -> bool:
    """`Renault Clio`, `Kobo Sage`, `Toyota Yaris`, `Staub`, `Brooks Ghost or Hoka Clifton?`."""
    sentence = _sentence(chunk, start)
    framed = _FRAME.search(sentence) is not None
    before = re.search(r"([A-Z][\w'’-]+)[ \t]+\Z", chunk[max(0, start - 30):start])
    if before is not None and _maker_word(before.group(1)) and len(words) <= 3 \
            and (not names.is_first(before.group(1)) or framed):
        return True  # (`Toyota Yaris`, `Subaru Forester`, `Skoda Octavia`)
    if not _maker_word(words[0]):
        return False
    if names.is_first(words[0].rstrip("'’s")) or len(words) > 1 and names.is_first(words[0]) \
            and names.is_name(words[1]):
        return framed and "?" in chunk[start:start + 200] or framed and _compared(sentence)
    if names.is_name(words[0].rstrip("'’s")):  # a surname too (word45: `Bianchi`, `Weber`): only as a product
        return len(words) <= 4 and w45.shows_product(chunk, start, end, sentence, _listed(sentence))
    return len(words) <= 4


def _compared(sentence: str) -> bool:
    return re.search(r"(?i)\b(?:or|vs\.?|versus|over)\b", sentence) is not None


def _eponym(chunk: str, start: int, end: int, words: list[str]) -> bool:
    """`an Allen key`, `a Phillips and a Pozidriv screwdriver`, `a Ferris wheel's`, `Garamond`, `Mercalli`."""
    if len(words) != 1:
        return False
    word = words[0].rstrip("'’s") if words[0].endswith(("'s", "’s")) else words[0]
    tail = chunk[end:end + 60]
    if _TOOL.match(tail) is not None and re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?", word):
        return True
    low = word.lower()
    sentence = _sentence(chunk, start)
    if low in _FONTS:
        return _FONT_FRAME.search(sentence) is not None \
            or sum(w.lower() in _FONTS for w in re.findall(r"[A-Za-z]+", sentence)) > 1
    if low in _SCALE_NAMES:
        return _SCALE_FRAME.search(chunk[max(0, start - 120):end + 120]) is not None
    return False


def _tech(chunk: str, start: int, end: int, words: list[str], names: NameLists) -> bool:
    """`Trie or radix tree`, `Meta tags`, `my Mac`, `Siri doesn't understand`, `Sentry or Rollbar`."""
    if len(words) != 1:
        return False
    word = words[0][:-2] if words[0].endswith(("'s", "’s")) else words[0]
    if word.lower() not in _TECH:
        return False
    if word == "Mac" and (_MAC.search(chunk, max(0, start - 12), start) or _MAC_AFTER.match(chunk, end)):
        return True
    return _TECH_FRAME.search(_sentence(chunk, start)) is not None


def _line_start(chunk: str, start: int) -> bool:
    return re.search(r"(?:\A|\n)[ \t\"'*#-]*\Z", chunk[max(0, start - 8):start]) is not None


def _heading(chunk: str, start: int, end: int, words: list[str], lex: Lexicon) -> bool:
    """`Cons: Noisy`, `Chapter One: The Storm`, `Samples were collected`, `Love, Mum and Dad`."""
    if all(w.lower().strip(",.!") in _FAMILY | {"and", "&"} for w in words) and words[0].lower() in _FAMILY:
        return True
    if len(words) == 1 and words[0].lower() in _LABELS and _line_start(chunk, start) and chunk.startswith(":", end):
        return True
    line_start = chunk.rfind("\n", 0, start) + 1
    if _CHAPTER.search(chunk[line_start:start]) is not None and "\n" not in chunk[start:end]:
        return True
    word = words[0]
    return len(words) == 1 and _line_start(chunk, start) and word.endswith("s") and word.lower()[:-1] in lex.nouns \
        and _PASSIVE_LINE.match(chunk, end) is not None


def _sentence_start(chunk: str, start: int) -> bool:
    """The text's or a line's start, or after a sentence's end (not after an initial or an abbreviation's dot:
    `J. Young`, `Det. King`)."""
    return re.search(r"(?:\A|\n|[!?:]|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z][a-z]{3})\.)"
                     r"[ \t\"'*]*\Z", chunk[max(0, start - 12):start]) is not None


def _not_given(chunk: str, end: int) -> bool:
    """After a given name that is a word too (`Basil`, `Brook`), what no person does: a plant's own verb (`Basil
    wilts`), a noun and a plural verb or a comparison (`Brook trout prefer`)."""
    if re.match(r"[ \t]+(?:wilts|wilted|withers|withered|sprouts|germinates|droops|yellows|browns|bolts|self-seeds"
                r"|dies[ \t]+back)\b", chunk[end:end + 30]):
        return True
    m = re.match(r"[ \t]+[a-z]+\b", chunk[end:end + 30])
    return m is not None and _AFTER_NOUN.match(chunk, end + m.end()) is not None


def _everyday(chunk: str, start: int, end: int, words: list[str], lex: Lexicon, names: NameLists) -> bool:
    """`Lane closures on the motorway`, `Smith machines vs free weights`, `Miller moths swarm`, `Basil wilts`: one
    word opening a sentence, a lower-case noun after it that no verb of a person reads (a plural before a plural
    verb or a comparison), or a plant's verb."""
    if len(words) != 1 or not _sentence_start(chunk, start) or not re.fullmatch(r"[A-Z][a-z]+(?:'s|’s)?", words[0]):
        return False
    word = re.sub(r"['’]s\Z", "", words[0])
    if names.is_census_first(word) and not _not_given(chunk, end):
        return False  # (word45: `Mary's pie`, `Heather grows`, `Claude's wife`)
    if words[0].endswith(("'s", "’s")) or chunk.startswith(("'s ", "’s "), end):
        m = re.match(r"(?:'s|’s)?[ \t]+([a-z]+)\b", chunk[end:end + 30])
        return m is not None and m.group(1) in lex.nouns and m.group(1) not in lex.verbs \
            and word.lower() in lex.nouns  # (word45: `Kowalski's algebra class` stays)
    if words[0].lower() not in lex.nouns:
        return False
    if _PLANT.match(chunk, end) is not None:
        return True
    m = re.match(r"[ \t]+([a-z]+)\b", chunk[end:end + 30])
    if m is None:
        return False
    noun = m.group(1)
    single = noun[:-1] if noun.endswith("s") else noun
    if noun not in lex.nouns and single not in lex.nouns or noun in lex.stops or noun in _NOT_NOUN:
        return False
    if single not in lex.verbs and noun not in lex.verbs:
        return True  # (`Lane closures`, `Brook trout`)
    return noun.endswith("s") and _AFTER_NOUN.match(chunk, end + m.end()) is not None
