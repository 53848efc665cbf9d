"""What word44's brand, everyday, eponym and tech lists never drop (word45: word44's full-run recall failures).

- a cell of a structured record: CSV/TSV/semicolon/pipe cells, XML element text, JSON string values, ZPL `^FD`
  fields, MRZ lines, HL7 components, fixed-width rows (`Marco,Bianchi,Rome`, `^FDHazel Brook^FS`,
  `0012208WOJCIK        AGNIESZKA`) -- the structured-name passes read those; a listed phrase in a column whose
  header names products (`cocktail,base` / `Tom Collins,gin`) is the one exception;
- a possessive before a person's noun (`Mary's argument`, `Wendy's laptop`, `Claude's wife`, `Jack Daniel's car`);
- a name after a person's cue (`M. Peugeot`, `Sig.`, `Herr`, `Ask`, `Email`, `--author`);
- a given name before a person's verb (`Scott tests the build`, `Heather grows tomatoes`);
- a given name and a surname of the name lists (`Tom Collins`, `Paul Smith`) unless the sentence shows a product (a
  product's noun after it, a price, a model number, a comparison with another listed brand);
- a word the text also writes inside a kept person's name of two or more words (`Booth's algorithm ... Tom Booth`).

Pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# What a person owns, makes or is related to: a possessive before one is a person's (`Claude's wife`).
PERSON_NOUNS = frozenset("""
wife husband partner spouse fiance fiancee girlfriend boyfriend brother brothers sister sisters mother father mum
mom dad son sons daughter daughters kid kids child children baby parents family cousin cousins uncle aunt niece
nephew grandma grandpa grandmother grandfather friend friends colleague colleagues boss manager assistant team
class classes students teacher tutor doctor lawyer laptop computer phone car bike house home flat apartment room
office desk garden garage dog cat pet horse argument arguments idea ideas plan proposal point view opinion answer
question thesis essay paper papers report reports book books novel poem song songs talk speech presentation slides
email emails message letter call birthday party wedding funeral pie cake cookies recipe cooking dinner lunch
account password address number name signature handwriting voice face hair eyes health surgery appointment visit
shift job work career salary contract leave promotion resignation camera bag keys wallet coat jacket shoes
notes notebook code commit branch pull review feedback comment comments
""".split())
# A person's verb after a given name (`Scott tests the build`, `Heather grows tomatoes`, `Does Scott test code`).
PERSON_VERBS = frozenset("""
test tests tested grows grew filters filtered runs ran fixes fixed writes wrote reviews reviewed leads led manages
managed teaches taught cooks cooked bakes baked drives drove checks checked owns owned keeps kept calls called
says said asks asked tells told thinks thought knows knew wants wanted needs needed has had will would can
could should sends sent signs signed emails emailed joins joined leaves left plays played
sings sang builds built codes coded deploys deployed merges merged approves approved explains explained
""".split())
# A product's noun after a maker or brand (`Weber grill`, `Paul Smith shirt`, `Jack Daniel's whiskey`).
PRODUCT_NOUNS = frozenset("""
shoe shoes trainers sneakers boots sandals jacket jackets coat coats shirt shirts polo polos jeans suit suits dress
bag bags backpack backpacks watch watches headphones earbuds speaker speakers headset mouse keyboard laptop laptops
phone phones tablet tablets camera cameras lens lenses drill drills saw mower grill grills bbq barbecue smoker oven
kettle toaster mixer blender dishwasher washer fridge vacuum machine machines espresso grinder pan pans skillet
casserole pot knife knives bike bikes bicycle frame helmet car cars suv hybrid sedan hatchback estate van tyres
tires guitar guitars amp amplifier synth piano sunscreen moisturiser moisturizer cream serum shampoo perfume
cologne lipstick mascara sunglasses glasses tent stove bottle flask thermos mug cooler whisky whiskey bourbon rum
gin vodka beer wine tea cola soda burger burgers fries menu store stores shop shops outlet sale deal warranty
battery charger firmware e-reader ereader model models range lineup collection products product brand hat hats cap
caps flats clogs loafers heels scarf scarves sweater hoodie jumper socks trousers shorts leggings toys
""".split())
_PRICE = re.compile(r"[$£€¥]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:€|£|euros?|eur|usd|gbp|dollars?|pounds?|bucks|kr|zł)\b",
                    re.I)
# A cue a person's name follows (fp36's `_CUE` lacks the short and the other languages' forms).
_CUE45 = re.compile(r"(?:(?<![\w.])(?:M|MM|Mme|Mlle|Sig|Sig\.ra|Sigg|Sra|Sr|Srta|Herr|Frau|Hr|Fr|Dhr|Mevr|Pani|Pan"
                    r"|Mr|Mrs|Ms|Mx|Dr|Prof|Signor|Signora|Señor|Señora|Sir|Madame|Monsieur)\.?"
                    r"|(?i:\bask|\bemail|\be-mail|\bmail|\bcc|\bping|\bmessage|\btext|\bcall|--author(?:=|[ \t]+)))"
                    r"[ \t]*[\"'“]?[ \t]*\Z")
_WORD = re.compile(r"[^\W\d_]+")


def name_words(text: str) -> set[str]:
    """The span's words, lower-cased, a possessive's `'s` off (`Lindqvist-Whitaker` -> lindqvist, whitaker)."""
    return {w.lower() for w in _WORD.findall(re.sub(r"['’]s\b", "", text)) if len(w) > 1}


def cued(chunk: str, start: int) -> bool:
    return _CUE45.search(chunk, max(0, start - 24), start) is not None


def in_record(chunk: str, start: int, end: int) -> bool:
    """`start:end` is a cell or field of a structured record (see the docstring)."""
    before, after = chunk[max(0, start - 200):start], chunk[end:end + 200]
    line_start = chunk.rfind("\n", 0, start) + 1
    nl = chunk.find("\n", end)
    line = chunk[line_start:nl if nl >= 0 else len(chunk)]
    if re.search(r"\^FD[^^\n]*\Z", before) or re.search(r"\^F[DH]\S*\Z", before):
        return True  # ZPL field data
    if "<<" in line or re.search(r"<\Z", before):
        return True  # MRZ (`P<USAFORD<<HENRY`)
    if re.search(r"[|^~]\Z", before) or re.match(r"[|^~]", after):
        return True  # HL7 components and pipe tables
    if re.search(r">[ \t]*\Z", before) and re.match(r"[ \t]*</", after):
        return True  # XML element text
    if re.search(r"[:,\[][ \t]*\"\Z", before) and re.match(r"\"[ \t]*[,}\]]", after):
        return True  # JSON string value
    if re.search(r"(?:\A|[,;\t])[ \t]*[\"']?\Z", chunk[line_start:start]) \
            and re.match(r"[\"']?[ \t]*(?:[,;\t]|\Z)", chunk[end:nl if nl >= 0 else len(chunk)]) \
            and _table(chunk):
        return True  # a delimited cell (`Marco,Bianchi,Rome`, `1001;Chiara;Bianchi;FIN`)
    if re.search(r"\d{4,}", line) and re.search(r"[^\W\d_]{2,} {2,}[^\W\d_]{2,}|\d[^\W\d_]{2,}", line) \
            and chunk[start:end].isupper():
        return True  # fixed-width (`0012208WOJCIK        AGNIESZKA 52847...`)
    return False


def _table(chunk: str) -> bool:
    """Two lines or more that hold the same delimiter."""
    lines = [ln for ln in chunk.splitlines() if ln.strip()]
    return any(sum(sep in ln for ln in lines) >= 2 for sep in ",;\t")


def product_header(chunk: str, start: int) -> bool:
    """A delimited cell under a header that names products (`cocktail,base`, `variety,price`)."""
    head = chunk[:chunk.find("\n")] if "\n" in chunk[:start] else ""
    return re.search(r"(?i)\b(?:cocktails?|drinks?|variet(?:y|ies)|apples?|products?|items?|brands?|models?|sku|price"
                     r"|flavou?rs?|teas?|dish(?:es)?|recipes?)\b", head) is not None


def possessive_of_person(chunk: str, start: int, end: int) -> bool:
    """`Mary's argument`, `Wendy's laptop`, `Claude's wife`: a possessive before a person's noun (maybe through an
    adjective: `Kowalski's algebra class`)."""
    if not re.search(r"['’]s\Z", chunk[start:end]) and not re.match(r"['’]s\b", chunk[end:end + 2]):
        return False
    m = re.match(r"(?:['’]s)?((?:[ \t]+[a-z-]+){1,3})", chunk[end:end + 60])
    return m is not None and any(w in PERSON_NOUNS for w in m.group(1).split())


def person_verb_after(chunk: str, end: int) -> bool:
    m = re.match(r"[ \t]+([a-z]+)\b", chunk[end:end + 24])
    return m is not None and m.group(1) in PERSON_VERBS


def full_name(words: list[str], names: NameLists) -> bool:
    """Two capitalised words, a given name and a surname of the name lists (`Tom Collins`, `Jack Daniel's`)."""
    ws = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    return len(ws) >= 2 and all(re.fullmatch(r"[A-Z][a-z]+", w) for w in ws[:2]) and names.is_census_first(ws[0]) \
        and names.is_name(ws[1])


def shows_product(chunk: str, start: int, end: int, sentence: str, listed: int) -> bool:
    """A product's noun after the span, a price or a model number near it, or another listed brand compared with it
    (`listed`: how many listed makers or phrases the sentence holds)."""
    m = re.match(r"(?:['’]s)?[ \t]+(?:[A-Z0-9][\w.-]*[ \t]+){0,2}([a-z-]+)", chunk[end:end + 60])
    if m is not None and m.group(1) in PRODUCT_NOUNS:
        return True
    if re.match(r"[ \t]+(?:[A-Z]{0,3}\d[\w.-]*|[A-Z][a-z]+[ \t]+\d)", chunk[end:end + 20]):
        return True
    if _PRICE.search(sentence) is not None:
        return True
    return listed > 1 and re.search(r"(?i)\b(?:or|vs\.?|versus|over|than)\b", sentence) is not None


def kept_words(chunk: str, found: list[Result], dropped: set[int]) -> set[str]:
    """The words of the PERSON spans of two or more words that stay."""
    out: set[str] = set()
    for i, r in enumerate(found):
        if r[0] == "PERSON" and i not in dropped:
            ws = name_words(chunk[r[1]:r[2]])
            if len(_WORD.findall(chunk[r[1]:r[2]])) >= 2:
                out |= ws
    return out
