"""Everyday PII-free words the NER reads as a person's name (atk15 M2): holiday greetings (`Merry Christmas!`,
`Feliz Navidad`, `Christmas Eve`), dishes named after people or places (`Caesar salad`, `Eggs Benedict`, `Victoria
sponge`), planets and gods (`Venus is the hottest planet`), cities after a travel preposition (`Our hotel in Lyon`,
`from Zurich to Milan`), a place's prefix (`San Francisco`, `St. Moritz`, `Koh Samui`), US states and countries,
a contract's title (`Master Services Agreement`) and the romanised Hindi, Malay and Tagalog words of code-switched
chat (`Kal meeting hai`, `Jom makan`). Each is read from the words around the span, so the same words where the
sentence says person (`Eve said`, `Victoria called`, `an email from Milan`) stay names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from proxy.nlp.places import city_names, english_first_names

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# Holidays, and the greeting words before them, in English, Spanish, French, Italian, Portuguese and German.
HOLIDAYS = frozenset("""
christmas xmas easter thanksgiving hanukkah chanukah diwali eid ramadan halloween navidad natal natale noël noel
pascua pâques pasqua páscoa weihnachten ostern kwanzaa hogmanay epiphany
""".split())
_GREETING = frozenset("""
merry happy feliz felices joyeux joyeuses buon buona frohe fröhliche felice boas bonne eve new year years año nuevo
ano novo anno nuovo année nouvel neues jahr prospero próspero season seasons
""".split())

# Head nouns after a dish named after a person or a place (`Caesar salad`, `Earl Grey tea`, `Shepherd's pie`).
FOOD_HEADS = frozenset("""
salad salads tea teas sponge pie pies cake cakes tart tarts apple apples sandwich sandwiches wings soup stew
pudding puddings dessert sauce dressing chicken steak pizza pasta biscuits cookies muffin muffins bun buns bread
roll rolls curry noodles pastry pastries torte trifle crumble sausage sausages cheese coffee cocktail
""".split())
# Foods a dish's name follows (`Eggs Benedict`, `Peach Melba`, `Chicken Tikka Masala`, `Crêpes Suzette`).
FOODS = frozenset("""
eggs egg peach peaches chicken beef lamb pork crêpes crepes pears pear oysters lobster veal duck salmon prawns
shrimp potatoes
""".split())
# Dishes whose name is a listed first name and stands alone (`Order a Margherita`).
DISHES = frozenset({"margherita", "marinara", "carbonara", "bolognese", "stroganoff", "pavlova", "madeleine"})

# Planets, moons and the gods they are named after (one word).
SKY = frozenset("""
mercury venus mars jupiter saturn uranus neptune pluto titan europa ganymede callisto io
zeus hera athena artemis poseidon hades aphrodite demeter dionysus
""".split())

# Words before a person addressed (`Ask Venus about the logs`): a planet's or a god's name after them stays a name.
_ADDRESSED = frozenset({"ask", "tell", "ping", "cc", "thanks", "thank", "dear", "hi", "hello", "hey", "call", "email",
                        "message", "by", "with"})

# Words before a place's own name (`San Francisco`, `St. Moritz`, `Koh Samui`, `Mont Blanc`).
PLACE_PREFIXES = frozenset("""
san santa santo são sao st saint sainte ste koh ko mont monte mount mt lake port fort cape isla île puerto costa
sierra new
""".split())
_TRAVEL = frozenset({"in", "to", "from", "via", "near", "of", "between", "through", "around", "visit", "visiting",
                     "into", "outside"})

STATES_COUNTRIES = frozenset("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana
nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming
kenya peru norway sweden finland denmark spain france italy germany austria poland portugal greece turkey egypt
sudan ethiopia nigeria ghana chile argentina brazil mexico canada india china japan korea vietnam thailand
indonesia malaysia philippines australia ireland scotland wales england iceland morocco tanzania uganda
""".split())

# Document titles' last words (`Master Services Agreement`, `Data Processing Addendum`).
DOC_HEADS = frozenset({"agreement", "agreements", "addendum", "amendment", "contract", "schedule", "exhibit",
                       "appendix", "policy", "terms"})

# Romanised Hindi/Urdu, Malay and Tagalog words of code-switched chat; a span of only these is no name where
# another of them stands in the text (`Kal meeting hai`, `Jom makan`, `Kain na tayo`).
CODE_SWITCH = frozenset("""
kal aaj abhi hai hain nahi nahin raha rahi rahe hoon hu ho kar karna karo karenge jayega jayegi bas thoda thodi
kya kyun chalo accha acha yaar bhai haan matlab phir aana jana mein
jom makan lah lor boleh tak sudah nak pergi
kain na tayo sige po naman lang mamaya ba ako ikaw kami talaga
""".split())


def _words_before(text: str, start: int, n: int) -> list[str]:
    return _WORD.findall(text[max(0, start - 80):start])[-n:]


def _words_after(text: str, end: int, n: int) -> list[str]:
    return _WORD.findall(text[end:end + 80])[:n]


def everyday_span(text: str, start: int, end: int, *, is_first: Callable[[str], bool]) -> bool:
    """Whether the PERSON span `text[start:end]` is one of the everyday texts above."""
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    low = [w.lower() for w in words]
    before = [w.lower() for w in _words_before(text, start, 2)]
    after = [w.lower() for w in _words_after(text, end, 4)]
    prev = before[-1] if before else ""
    nxt = after[0] if after else ""
    # A greeting: `Merry Christmas`, `Happy Easter`, `Christmas Eve`, `Feliz Año Nuevo`, `Joyeux Noël`.
    if all(w in _GREETING or w in HOLIDAYS for w in low) \
            and (any(w in HOLIDAYS for w in low) or prev in HOLIDAYS or nxt in HOLIDAYS
                 or (low[0] in {"feliz", "joyeux", "buon", "frohe"})):
        return True
    if low[-1] in HOLIDAYS and all(w in _GREETING or w in HOLIDAYS for w in low[:-1]):
        return True
    # A dish: `Caesar salad`, `Shepherd's pie` (a possessive only of no first name), `Eggs Benedict`.
    possessive = text[end:end + 2] in ("'s", "’s")
    if nxt in FOOD_HEADS and not (possessive and is_first(words[-1])):
        return True
    if (prev in FOODS or low[0] in FOODS) and len(words) <= 3:
        return True
    if len(low) == 1 and low[0] in DISHES and prev in {"a", "the", "one", "two"}:
        return True
    if len(low) == 1 and low[0] in SKY and prev not in _ADDRESSED:
        return True
    # A place: after its prefix, a listed city after a travel preposition, a state or a country.
    if len(low) <= 2 and prev not in _ADDRESSED \
            and (prev.rstrip(".") in PLACE_PREFIXES and before and before[-1][:1].isupper()
                 or low[0] in PLACE_PREFIXES and len(low) == 2 and words[0][:1].isupper()):
        return True
    if len(low) == 1 and low[0] in STATES_COUNTRIES:
        if low[0] not in english_first_names() or prev in _TRAVEL or prev in {"and", "or"} \
                or nxt in {"and", "or"} or text[end:end + 1] == ",":
            return True
    if len(low) == 1 and low[0] in city_names() and prev in _TRAVEL:
        if low[0] not in english_first_names() or _other_city(text, start, end):
            return True
    # A document's title: `Master Services Agreement`, `the Master Agreement`.
    caps = _words_after(text, end, 3)
    for w in caps:
        if not w[:1].isupper():
            break
        if w.lower() in DOC_HEADS:
            return True
    # Code-switched chat: its words (at least half; the others lower case: `bas thoda late hai`), and another of
    # them in the text.
    switched = sum(w in CODE_SWITCH for w in low)
    if switched and 2 * switched >= len(low) \
            and all(lw in CODE_SWITCH or w.islower() for lw, w in zip(low, words, strict=True)):
        rest = text[:start] + " " + text[end:]
        return switched > 1 or any(w.lower() in CODE_SWITCH for w in _WORD.findall(rest))
    return False


def _other_city(text: str, start: int, end: int) -> bool:
    cities = city_names()
    return any(w.lower() in cities for w in _WORD.findall(text[:start] + " " + text[end:]) if w[:1].isupper())
