"""Products, menu items and codenames in data the name rules read as a person (data41, fpatk41 FP02, issue 12's
false positives).

A catalogue names its things after people as often as not (`Luna Pillow`, `Dakota Boot`, `Margherita`, `Vega Aero`,
`Desk Lamp Nova`): the NER model reads them as names, and the keyed-value and column readers widen them to the whole
value. A PERSON finding is dropped where it lies

- in a keyed value (JSON, YAML, a dict, `key=value`) under a key that names a thing or names it (`name`, `item`,
  `title`, `model`, `product`, `dish`, `label`...), in a record about things: a key beside it names a thing's
  attribute (`price`, `stock`, `qty`, `sku`, `calories`, `brand`...), the value's own key names a product (`item`,
  `model`, `product`), or the record sits under a catalogue's key (`"product": {...}`, `"menu": [...]`, `items`),
  and no key beside it names a person's attribute (`email`, `phone`, `dob`, `customer`, `first_name`...);
- in a table's cell (CSV, `;`, tab, `|`) under a `name`/`title`/`item`/... column or any column that names no
  person, in a table with a thing's attribute column (`sku`, `price`, `qty`, `calories`, `cuisine`...) and no
  column of a person's (`proxy.nlp.tables.column_kind` "people"/"parts", `proxy.nlp.tbl33._PERSONAL`);
- in a product's name in prose: after a determiner before a capitalised thing's word (`our best seller is the Luna
  Pillow`), or ending in one (`Luna Pillow costs 34 euros`);
- in a quoted title of a few capitalised words a product's or a UI thing's word follows or leads (`the price of
  "Harvey Blue" paint`, `dashboard "Orion Overview"`, `display name is "Willow"`), or that holds such a word
  (`"Cedar Grove Candle"`).

A lower-case finding is dropped (fpatk41 FP06) where it is a literal (`cb(null, conn)`), a member of a lower-case
list whose next or previous item is no name (`matt, eggshell, satin`, `dev, staging and prod`, `fried rice,
arancini`), or holds no listed name's word after a function word (`rows with emoji`, `met een volume`, `and
marshmallowy centre`); a capitalised plural at a sentence's start before a preposition is the noun (`Flowers for a
June wedding`). Lower-case names with a listed word in a list of names (`priya, dana and kenji`) stay.

Where the record may still be a person's (a `Name:` line outside braces, a bare `name` beside an `item`/`product`
key or column: `name,item,price` lists buyers), a value of listed names only stays (`Name: Luna`, `Dana,Pizza,12`).
The data rules keep a value that reads as a person's whole name (`_person_shaped`: a listed given name, then a
listed surname, no product's, colour's or place's word: `{"name": "Dana Kerr", "price": 9}` stays a name) or a
person's cue stands before it. Pure functions, CPU only; each rule reads a few characters around a PERSON finding
only, after a cheap substring test.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# Keys whose value is a thing's name in a record of things (`name`, `title`, `label` name people elsewhere).
_VALUE_KEYS = frozenset("""
name names item items title titles model models product products dish dishes label variant flavor flavour drink
""".split())
# Keys that name a product themselves (the record is one of things without an attribute beside).
_TASK_WORDS = frozenset("action agenda todo to do follow up open next".split())  # (their `items` are tasks)
_PRODUCT_KEYS = frozenset("item items model models product products dish dishes variant flavor flavour drink".split())
# Words of keys and headers that name a thing's attribute.
_ATTRS = frozenset("""
price prices cost msrp rrp sku skus qty quantity stock instock inventory calories kcal category categories brand
weight currency availability available vegan vegetarian gluten hex finish cuisine upc ean gtin asin isbn groupset
size sizes color colour colours colors material materials flavor flavour mpg abv steep servings allergens sold units
unit range km kg lbs grams ml oz wattage watts lumens capacity dimensions stars sale discount shipping warranty
""".split())
# Keys a record of things sits under (`"product": {...}`, `"menu": [{...}]`, GraphQL's `product(id: 7)`).
_CATALOGUE = re.compile(r"(?i)(?<![a-z])(?:products?|items?|menu|catalog(?:ue)?|inventory|skus?|listings?|variants?"
                        r"|offers?|goods|dishes|merchandise)(?![a-z])")
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# Words that make a value a thing's name, not a person's (`Luna Pillow`, `Vega Aero`, `Orion Overview`), beside
# `proxy.nlp.companies.PRODUCT_NOUNS`, `PRODUCT_WORDS`, `MODEL_TIERS` and `proxy.nlp.pii._THING_WORDS`.
_TAILS = frozenset("""
pillow pillows lamp lamps glass glasses boot sneaker sneakers sandal shelf shelves pen pens jar jars set sets wrap
salad sandwich candle candles teapot teapots bowl bowls plate plates cup cups throw blanket rug chair table stool
aero overview dashboard board panel report comfort deluxe classic edition collection bundle kit pack box tee shirt
hoodie cap hat sock socks bag tote wallet mug ring necklace bracelet earrings paint pizza burger soup tea coffee
latte roast blend cake pie tart loaf bread candle soap lotion cream serum diffuser bench lounger sofa stool vase
planter duvet quilt towel apron tumbler stout lager ale porter pilsner ipa saison
""".split())

_NAME_WORD = re.compile(r"[^\W\d_a-z](?:[^\W\d_]*[^\W\d_A-Z][^\W\d_]*(?:['’-][^\W\d_][^\W\d_]*)*|\.)")


@functools.cache
def _thing_words() -> frozenset[str]:
    from proxy.nlp.companies import MODEL_TIERS, PRODUCT_NOUNS, PRODUCT_WORDS
    from proxy.nlp.pii import _THING_WORDS

    return _TAILS | PRODUCT_NOUNS | PRODUCT_WORDS | MODEL_TIERS | _THING_WORDS


@functools.cache
def _product_words() -> frozenset[str]:
    from proxy.nlp.companies import PRODUCT_NOUNS

    return _TAILS | PRODUCT_NOUNS


def _person_shaped(value: str, names: NameLists, things: frozenset[str] | None = None) -> bool:
    """Whether `value` reads as a person's whole name: two to four capitalised words, a listed given name first, a
    listed name last, no thing's word (`things`, by default `_thing_words`: `Olivia Green` paint in a paint table,
    `Parker Pen`; outside data `_product_words`, no colours: `"Bill White"`)."""
    words = value.split()
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    if any(w.lower().strip(".") in (_thing_words() if things is None else things) for w in words):
        return False
    return names.is_any_first(words[0]) and names.is_name(words[-1])


def _key_words(key: str) -> list[str]:
    return [w.lower() for w in _KEY_WORDS.findall(key)]


def _personal_key(key: str) -> bool:
    from proxy.nlp.tables import column_kind
    from proxy.nlp.tbl33 import _PERSONAL

    spaced = " ".join(_key_words(key))
    return column_kind(spaced) in ("people", "parts") or _PERSONAL.search(spaced) is not None


def _attr_key(key: str) -> bool:
    return any(w in _ATTRS for w in _key_words(key))


# ------------------------------------------------------------------------------------------------ keyed values


def _keyed_things(chunk: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """[start, end) of the keyed value that holds `chunk[start:end]` when it names a thing in a record of things
    (see the module's docstring), and whether it may still be a person's (`_strict`), else None."""
    from proxy.nlp.name_keys import _KEYED, _QUOTED, _object

    for m in _KEYED.finditer(chunk, max(0, start - 160), min(len(chunk), end + 80)):
        group = next((g for g in (2, 3, 4, 5) if m.group(g) is not None and m.start(g) <= start and end <= m.end(g)),
                     None)
        if group is None:
            continue
        key = m.group(1)
        before = _key_words(chunk[max(0, m.start(1) - 12):m.start(1)])[-1:]  # (the key's word before it, if any)
        if not any(w in _VALUE_KEYS for w in _key_words(key)[-1:]) \
                or _TASK_WORDS.intersection(_key_words(key)[:-1] + before):
            return None  # (`Action items: Lindqvist to send the deck`: a list of tasks, no things)
        a, b = m.span(group)
        if group == 2:  # an array's strings: the one that holds the finding
            q = next((q for q in _QUOTED.finditer(chunk, a, b) if q.start(1) <= start and end <= q.end(1)), None)
            if q is None:
                return None
            a, b = q.span(1)
        lo, hi = _object(chunk, m.start())
        others = [k.group(1) for k in _KEYED.finditer(chunk, lo, hi) if k.start() != m.start()]
        if any(_personal_key(k) for k in others):
            return None
        own = _key_words(key)[-1] in _PRODUCT_KEYS
        if own or any(_attr_key(k) for k in others) \
                or _CATALOGUE.search(chunk, max(0, lo - 40), lo + 1) is not None:
            return a, b, not own and (chunk[lo:lo + 1] != "{" or _beside_product(others))
        return None
    return None


# ------------------------------------------------------------------------------------------------ table cells


def _thing_cells(chunk: str) -> list[tuple[int, int, bool]]:
    """[start, end) of the cells under a column that names no person in a table of things (see above), and whether
    the cell may still be a person's (`_strict`: a bare `name` column beside a product's, `name,item,price`)."""
    from proxy.nlp.tables import column_cells

    cells = column_cells(chunk, single=False)
    if not cells:
        return []
    heads = list(dict.fromkeys(h for _, _, h in cells))
    if not any(_attr_key(h) for h in heads):
        return []
    bare = {h for h in heads if _key_words(h) in (["name"], ["names"], ["title"])}  # (`sku,name,price`)
    personal = {h for h in heads if h not in bare and _personal_key(h)}
    if personal:
        return []
    strict = _beside_product(heads)
    return [(a, b, strict and h in bare) for a, b, h in cells]


def _beside_product(keys: list[str]) -> bool:
    """Whether a product's key stands among `keys` (`name,item,price`: the name is the buyer's, maybe)."""
    return any(_key_words(k)[-1:] and _key_words(k)[-1] in _PRODUCT_KEYS for k in keys)


def _strict(value: str, names: NameLists) -> bool:
    """Whether a value that may be a person's is one: its words all listed names, no thing's word (`Dana`, `Kenji
    Sato` under `name` beside `item`; not `Luna Pillow`)."""
    words = value.split()
    return bool(words) and len(words) <= 4 and all(
        (names.is_any_first(w) or names.is_name(w)) and w.lower() not in _thing_words() for w in words)


# ------------------------------------------------------------------------------------------------ quoted titles

_QUOTE = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
_BEFORE_QUOTE = re.compile(r"(?i)\b(?:dashboard|panel|board|report|product|item|sku|title|titles|model|listing|menu"
                           r"|app|display[ _]name|bundle|project|codename|repo|repository|service|paint|colou?r|scent"
                           r"|flavou?r|variant|collection|snippet|page|theme|template|tab|widget)"
                           r"\W{0,3}(?:(?:is|was|called|named|for|of)[ \t]+)?\Z")
_ATTR_AFTER_QUOTE = re.compile(r"[ \t]*[,;(][ \t]*(?:price|sku|qty|size|colou?r|in stock|stock)\b")
_AFTER_QUOTE = re.compile(r"[ \t]+([a-z]+)")


def _quoted_thing(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """Whether `chunk[start:end]` lies inside a quoted title of a thing: a product's, a UI thing's word before or
    after the quotes, or a thing's word inside them."""
    a = chunk.rfind("\n", 0, start) + 1
    for q in _QUOTE.finditer(chunk, a, min(len(chunk), end + 60)):
        if not (q.start(1) <= start and end <= q.end(1)):
            continue
        value = q.group(1)
        words = value.split()
        if len(words) > 5 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
            return False
        if chunk[end:end + 2] in ("'s", "’s"):
            return False  # (`"Amara Mukherjee's Pixel 8"`: a person's thing)
        after = _AFTER_QUOTE.match(chunk, q.end())
        if any(w.lower() in _product_words() for w in words[1:]) \
                or after is not None and after.group(1) in _product_words():
            return True  # (`"Amber Grove Diffuser"`, `"Rosa Pink" paint`)
        if _person_shaped(value, names, _product_words()):
            return False  # (`"Bill White"`)
        if _person_shaped(chunk[start:end], names, _product_words()):
            return False  # (`"Dana Kerr 2024"`)
        if any(c.isdigit() for c in value):
            return True
        if _ATTR_AFTER_QUOTE.match(chunk, q.end()) is not None:
            return True  # (`"Amber Grove Diffuser", price 35 EUR`)
        return _BEFORE_QUOTE.search(chunk, max(0, q.start() - 30), q.start()) is not None
    return False


# ------------------------------------------------------------------------------------------------ lower-case words

_LITERALS = frozenset({"null", "none", "nil", "undefined", "true", "false", "nan", "self", "this", "void"})
_LOWER = re.compile(r"[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]*(?:[ \t]+[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]*){0,2}")
_ITEM_BEFORE = re.compile(r"([a-zà-öø-ÿ][a-zà-öø-ÿ'’ -]{0,30}?)[ \t]*(?:,|\band\b|\bor\b)[ \t]*\Z")
_ITEM_AFTER = re.compile(r"[ \t]*(?:,|\band\b|\bor\b)[ \t]*"
                         r"([a-zà-öø-ÿ][a-zà-öø-ÿ'’-]*(?:[ \t]+[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]*)?)")
_SEPARATORS = re.compile(r",|\band\b|\bor\b")
# Function words before a lower-case thing (`with emoji`, `met een volume`, `and marshmallowy centre`).
_FUNCTION_BEFORE = re.compile(r"(?i)(?<![\w-])(?:with|without|of|a|an|the|some|no|in|on|met|een|de|het|van"
                              r"|mit|und|con|avec|et|y|e|una?|le|la|les|des|du|der|die|das)[ \t]+\Z")
_PLURAL_AFTER = re.compile(r"[ \t]+(?:for|of|in|on|with|from|and|at|to|are|were|make|need|look)\b")
_STARTS = re.compile(r"(?:\A|[.!?:;\n][ \t]*)\Z")


_ADDRESSING = frozenset("thanks thank thx hi hey hello dear cc ok okay yes no sorry please ping bye cheers".split())


def _no_name_item(item: str, names: NameLists, first_only: bool = False) -> bool:
    """Whether a list's item holds a word no name list knows (a greeting's is none: `thanks, priya`)."""
    words = [w for w in re.findall(r"[^\W\d_]+", item.lower())[-2:] if _FUNCTION_BEFORE.fullmatch(w + " ") is None]
    return bool(words) and not any(w in _ADDRESSING for w in words) \
        and any(not names.is_any_first(w) and (first_only or not names.is_name(w)) for w in words)


def _lower_word(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """Whether the lower-case finding `chunk[start:end]` is a word (see the module's docstring)."""
    text = chunk[start:end]
    if not text[:1].islower() or _LOWER.fullmatch(text) is None:
        return False
    if text in _LITERALS or chunk[end:end + 1] == "(" and " " not in text:
        return True  # (a literal, a function's name: `cb(null, conn)`, `done(err, user)`)
    listed = len(_SEPARATORS.findall(chunk, max(0, start - 60), min(len(chunk), end + 60))) > 1
    before = _ITEM_BEFORE.search(chunk, max(0, start - 40), start)
    unlisted = not any(names.is_any_first(w) or names.is_name(w) for w in text.split())
    if (listed or unlisted) and before is not None and before.group(1).strip()[:1].islower() \
            and _no_name_item(before.group(1), names, first_only=not listed):
        return True  # (`fried rice, arancini`; `a crisp shell and marshmallowy centre`; not `fernanda and chidinma`)
    after = _ITEM_AFTER.match(chunk, end)
    if after is not None and _no_name_item(after.group(1), names) \
            and len(_SEPARATORS.findall(chunk, end, min(len(chunk), end + 60))) > 1:
        return True  # (a list of three items or more: `Assignee: mwhitaker, status open` is a label's value)
    if chunk[max(0, start - 2):start].strip()[-1:] in ("@", ":", "(", "'", '"'):
        return False  # (a label's or a handle's value: `Assignee: mwhitaker`, `TODO(okafor)`, `by 'cokafor'`)
    return unlisted and _FUNCTION_BEFORE.search(chunk, max(0, start - 8), start) is not None


def _plural_noun(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Flowers for a June wedding`: a capitalised plural at a sentence's start whose singular is a common word,
    before a preposition."""
    word = chunk[start:end]
    if not (word.istitle() and word.isalpha() and word.endswith("s") and len(word) > 3):
        return False
    return names.is_common(word[:-1]) and not names.is_any_first(word[:-1]) \
        and _STARTS.search(chunk, max(0, start - 3), start) is not None and _PLURAL_AFTER.match(chunk, end) is not None


_DETERMINER = re.compile(r"(?i)(?<![\w-])(?:the|our|a|an|this|that|each|every|my|your|their|its)[ \t]+\Z")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)\b")


def _product_phrase(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`the Luna Pillow`, `our Nova Lounger`: a one-word finding after a determiner, before a capitalised product's
    word (`_TAILS`, `PRODUCT_NOUNS`) that is no listed name, or a two-word finding ending in one (`Luna Pillow costs
    34 euros`; not `Harvey Stout`, `Emily Brown`: a listed surname)."""
    from proxy.nlp.companies import PRODUCT_NOUNS

    words = chunk[start:end].split()
    if len(words) == 2:
        tail = words[1]
        return tail.istitle() and (tail.lower() in _TAILS or tail.lower() in PRODUCT_NOUNS) \
            and not names.is_name(tail)
    if len(words) != 1:
        return False
    nxt = _NEXT_WORD.match(chunk, end)
    return nxt is not None and (nxt.group(1).lower() in _TAILS or nxt.group(1).lower() in PRODUCT_NOUNS) \
        and not names.is_name(nxt.group(1)) and _DETERMINER.search(chunk, max(0, start - 8), start) is not None


def without_data41(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON findings this module's rules read as a thing's name in data (see above)."""
    people = [r for r in found if r[0] == "PERSON"]
    if not people:
        return found
    keyed = ":" in chunk or "=" in chunk
    table = "\n" in chunk and any(s in chunk for s in (",", ";", "\t", "|"))
    quoted = '"' in chunk or "“" in chunk
    if not (keyed or table or quoted or any(chunk[r[1]].islower() or chunk[r[2] - 1] == "s"
                                            or _NEXT_WORD.match(chunk, r[2]) is not None for r in people)):
        return found
    from proxy.nlp.fp36 import _CUE

    cells = _thing_cells(chunk) if table else []
    drop = set()
    for r in people:
        if _lower_word(chunk, r[1], r[2], names) or _plural_noun(chunk, r[1], r[2], names):
            drop.add(r)
            continue
        if _CUE.search(chunk, max(0, r[1] - 12), r[1]) is not None:
            continue
        span = _keyed_things(chunk, r[1], r[2]) if keyed else None
        if span is None:
            span = next(((a, b, c) for a, b, c in cells if a <= r[1] and r[2] <= b), None)
        if span is not None:
            value = chunk[span[0]:span[1]]
            if not _person_shaped(value, names) and not (span[2] and _strict(value, names)):
                drop.add(r)
            continue
        if quoted and _quoted_thing(chunk, r[1], r[2], names) or _product_phrase(chunk, r[1], r[2], names):
            drop.add(r)
    return [r for r in found if r not in drop] if drop else found
