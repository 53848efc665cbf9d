"""Everyday PII-free words the NER reads as a person's name (atk15 M2): holiday greetings (`Merry Christmas!`,
`Feliz Navidad`, `Christmas Eve`), dishes named after people or places (`Caesar salad`, `Eggs Benedict`, `Victoria
sponge`), planets and gods (`Venus is the hottest planet`), cities after a travel preposition (`Our hotel in Lyon`,
`from Zurich to Milan`), a place's prefix (`San Francisco`, `St. Moritz`, `Koh Samui`), US states and countries,
a contract's title (`Master Services Agreement`) and the romanised Hindi, Malay and Tagalog words of code-switched
chat (`Kal meeting hai`, `Jom makan`), and on a trip what a bus or a tour reaches, passes or stops at (`The night bus
from Hanoi reaches Sapa`) and a tour's or a route's name (`The Golden Circle tour`). Each is read from the words
around the span, so the same words where the sentence says person (`Eve said`, `Victoria called`, `an email from
Milan`) stay names.
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
lunch breakfast dinner supper almonds
""".split())
# Trades and common nouns a dish's possessive names (`Shepherd's pie`, `Hunter's stew`, `Ploughman's lunch`); a
# possessive of any other listed first name is a person's dish (`Mary's pie`).
POSSESSORS = frozenset("""
shepherd shepherds hunter hunters ploughman plowman fisherman fishermen farmer farmers baker bakers chef butcher
miner miners cowboy sailor sailors woodsman gardener gardeners monk monks bishop cardinal king queen pope devil
angel cottage granny grandma grandpa shepherdess
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
sierra new le la les los las el
""".split())
# Place prefixes that are also given names (`Sierra Johnson`, `Isla Fisher`), and the Romance articles of place and
# brand names (`Le Creuset`, `La Paz`, the Vietnamese family name `Le`): before a listed name they start a name.
_NAME_PREFIXES = frozenset({"sierra", "isla", "le", "la", "les", "los", "las", "el"})
# Nouns of events and places whose name follows `of` (`the Battle of Hastings`, `Treaty of Versailles`, `Gulf of
# Mexico`, `University of Michigan`).
OF_HEADS = frozenset("""
battle battles siege sack treaty peace congress edict council massacre fall bay gulf isle isles strait straits sea
cape lake port university bank republic kingdom duchy county city province state statue
""".split())
# Last words of a clinical scale's or score's name after an eponym (`Morse Fall Scale`, `Glasgow Coma Scale`,
# `Apgar score`, `Wells criteria`, `Beck Depression Inventory`).
SCALE_HEADS = frozenset({"scale", "scales", "score", "scores", "index", "criteria", "inventory", "questionnaire",
                         "classification"})
# Rivers named with `the` before them (`by the Hudson`, `along the Danube`).
RIVERS = frozenset("""
hudson thames danube rhine seine nile amazon mississippi missouri volga elbe loire ganges mekong yangtze tiber
shannon tyne severn mersey jordan potomac colorado columbia delaware ohio rhone rhône douro tagus ebro oder vistula
dnieper euphrates tigris indus zambezi congo niger orinoco yukon fraser mackenzie charles avon liffey neva
""".split())
# A street's last word (`Penny Lane is in my ears`, `Abbey Road`): no name unless a person's verb follows.
STREETS = frozenset({"lane", "street", "road", "avenue", "boulevard"})
_PERSON_VERBS = frozenset("""
said says called calls emailed emails wrote writes told tells asked asks replied replies texted phoned messaged
sent sends thinks thought wants wanted agreed signed joined starred stars sang sings played plays acted will would
can could has had
""".split())
# A trip's words (`The Golden Circle tour stops at Thingvellir, Geysir and Gullfoss`): in a text with one of them, a
# word no name list holds after a place's preposition, or listed after one, is a place.
_TRIP = frozenset("""
tour tours trip trips bus train trains ferry flight flights drive hike hiking ski cruise stops stop route itinerary
hotel hostel holiday vacation travel visit visiting sightseeing road
""".split())
_AT_PLACE = frozenset({"at", "in", "to", "via", "near", "through", "around", "visit", "visiting", "reaches", "reach",
                       "explore", "past"})
# What carries travellers, and the verbs of its arriving: what a bus or a ferry reaches is a place (`The night bus from
# Hanoi reaches Sapa at 5 am`), whatever a name list holds.
_CARRIERS = frozenset("""
bus buses train trains ferry ferries flight flights boat boats ship ships cruise coach coaches minibus shuttle plane
planes tram trams tour tours trip trips trek hike drive route road trail railway line
""".split())
_ARRIVES = frozenset({"reaches", "reached", "reach", "reaching", "passes", "passed", "covers", "covered", "visits",
                      "visited"})
_STOPS_AT = frozenset({"stops", "stop", "stopped", "calls", "called", "arrives", "arrive", "arrived"})
# Heads of a tour's or a route's name after its capitalised words (`The Golden Circle tour`, `the Ring Road trip`).
_ROUTE_HEADS = frozenset({"tour", "tours", "trip", "trips", "route", "drive", "trail", "cruise", "loop", "circuit",
                          "itinerary", "excursion", "trek", "hike"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that"})
_STREET_CUES = frozenset({"on", "at", "down", "up", "along", "off", "onto", "across"})
# What a place is said to be (`Austin is the capital of Texas`, `Bergen is a city in Norway`).
_PLACE_NOUNS = frozenset({"capital", "city", "town", "village", "port", "island", "state", "country", "province",
                          "region", "county", "river", "capitals", "cities", "towns"})
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


def everyday_span(text: str, start: int, end: int, *, is_first: Callable[[str], bool],
                  is_name: Callable[[str], bool] | None = None, is_word: Callable[[str], bool] | None = None) -> bool:
    """Whether the PERSON span `text[start:end]` is one of the everyday texts above."""
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    if is_name is None:
        is_name = is_first
    low = [w.lower() for w in words]
    raw_before = _words_before(text, start, 2)
    before = [w.lower() for w in raw_before]
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
    if possessive and after[:1] == ["s"]:
        after = after[1:]  # `Shepherd's pie`: the head is the word after the possessive's `s`
        nxt = after[0] if after else ""
    if nxt in FOOD_HEADS and not (possessive and is_first(words[-1]) and low[-1] not in POSSESSORS):
        return True
    if (prev in FOODS or low[0] in FOODS) and len(words) <= 3:
        return True
    if len(low) == 1 and low[0] in DISHES and prev in {"a", "the", "one", "two"}:
        return True
    if len(low) == 1 and low[0] in SKY and prev not in _ADDRESSED:
        return True
    # A place: after its prefix, a listed city after a travel preposition, a state or a country.
    if len(low) <= 2 and prev not in _ADDRESSED \
            and (prev.rstrip(".") in PLACE_PREFIXES and raw_before[-1][:1].isupper()
                 and not (prev in _NAME_PREFIXES and is_name(words[0]))
                 or low[0] in PLACE_PREFIXES and len(low) == 2 and words[0][:1].isupper()
                 and not (low[0] in _NAME_PREFIXES and is_name(words[1]))):
        return True
    # A street: after a place's preposition or a house number (`on Tom Street`), or named with a word no first
    # name or a first name that is an English word (`Baker Street`, `Penny Lane is in my ears`); `Tom Lane
    # reviewed it`, `Penny Lane called me` stay names.
    if len(low) == 2 and low[1] in STREETS and words[1][:1].isupper() and nxt not in _PERSON_VERBS \
            and prev not in _ADDRESSED and not possessive:
        from proxy.nlp.recognizers import WORD_FIRST_NAMES
        if prev in _TRAVEL or prev in _STREET_CUES or prev.isdigit() or re.search(r"\d\s*$", text[:start]) \
                or not is_first(words[0]) or low[0] in WORD_FIRST_NAMES:
            return True
    # A line's label that is a plural noun (`Numbers: three items`): its singular a common word and no name.
    if len(low) == 1 and is_word is not None and text[end:end + 1] == ":" and low[0].endswith("s") \
            and (start == 0 or text[start - 1] == "\n") and is_word(low[0][:-1]) and not is_name(low[0][:-1]):
        from proxy.nlp.recognizers import WORD_FIRST_NAMES
        if low[0] not in WORD_FIRST_NAMES:
            return True
    # `the Battle of Hastings`, `the Gulf of Mexico`; a river after `the` (`by the Hudson`).
    if len(low) <= 2 and len(before) == 2 and before[1] == "of" and before[0] in OF_HEADS:
        return True
    if len(low) == 1 and low[0] in RIVERS and prev == "the":
        return True
    if len(low) == 1 and not is_name(words[0]) and _trip_place(text, start):
        return True
    if all(w[:1].isupper() or w in ("and", "or") for w in words) and not possessive and _carried(text, start):
        return True  # "The night bus from Hanoi reaches Sapa at 5 am", "The tour stops at Dinan and Vitre"
    if is_word is not None and _route_named(text, start, end, is_name, is_word):
        return True  # "The Golden Circle tour stops at ..."
    # A place said to be one: `Austin is the capital of Texas`, `The capital of Texas is Austin`.
    if len(low) <= 2 and _said_place(text, start, end):
        return True
    if len(low) == 1 and low[0] in STATES_COUNTRIES:
        if low[0] not in english_first_names() or prev in _TRAVEL or prev in {"and", "or"} \
                or nxt in {"and", "or"} or text[end:end + 1] == ",":
            return True
    if len(low) == 1 and low[0] in city_names() and prev in _TRAVEL:
        if low[0] not in english_first_names() or _other_city(text, start, end):
            return True
    # A document's title (`Master Services Agreement`, `the Master Agreement`) or a clinical scale's (`Morse Fall
    # Scale`, `Apgar score`: the head in lower case only right after the eponym).
    caps = _words_after(text, end, 3)
    scale = _WORD.findall(text[end:end + 80].split("\n", 1)[0])[:3]  # a scale's words on the eponym's line
    if scale and not possessive and scale[0].lower() in SCALE_HEADS and text[end:end + 1] == " " \
            and (prev in _DETERMINERS or not is_first(words[-1])):  # `Let Scott score the interviews`: a name
        return True
    for w in caps:
        if not w[:1].isupper():
            break
        if w.lower() in DOC_HEADS:
            return True
    for w in scale:
        if not w[:1].isupper():
            break
        if w.lower() in SCALE_HEADS:
            return True
    # Code-switched chat: its words (at least half; the others lower case: `bas thoda late hai`), and another of
    # them in the text.
    switched = sum(w in CODE_SWITCH for w in low)
    if switched and 2 * switched >= len(low) \
            and all(lw in CODE_SWITCH or w.islower() for lw, w in zip(low, words, strict=True)):
        rest = text[:start] + " " + text[end:]
        return switched > 1 or any(w.lower() in CODE_SWITCH for w in _WORD.findall(rest))
    return False


def _trip_place(text: str, start: int) -> bool:
    """The span (one word no name list holds) follows a place's preposition, maybe as a later item of a list of
    capitalised words (`at Thingvellir, Geysir and Gullfoss`), in a text about a trip."""
    if not any(w.lower() in _TRIP for w in _WORD.findall(text)):
        return False
    before = re.findall(r"[^\W\d_]+|,", text[max(0, start - 120):start])[::-1]
    i = 0
    while i < len(before):
        w = before[i]
        if w.lower() in _AT_PLACE:
            return True
        if w not in (",", "and", "or") and not w[:1].isupper():
            return False
        if w[:1].isupper() and i + 1 < len(before) and before[i + 1] not in (",", "and", "or") \
                and before[i + 1].lower() not in _AT_PLACE:
            return False
        i += 1
    return False


def _carried(text: str, start: int) -> bool:
    """The span follows a verb of arriving or passing (`reaches`, `passes`, `stops at`), maybe as a later item of a
    list of capitalised words (`passes Dingle and Doolin`), and the clause before that verb has a carrier as its
    subject: `The night bus from Hanoi reaches Sapa`, `The tour stops at Dinan, Fougeres and Vitre` (`The guide
    reaches Anna` has none)."""
    clause = re.split(r"[.;:!?\n]", text[max(0, start - 160):start])[-1]
    toks = re.findall(r"[^\W\d_]+|,", clause)
    k = len(toks) - 1
    while k >= 0 and (toks[k] in (",", "and", "or") or toks[k][:1].isupper()):
        k -= 1
    if k < 0:
        return False
    verb = toks[k].lower()
    if verb in ("at", "in") and k > 0 and toks[k - 1].lower() in _STOPS_AT:
        k -= 1
    elif verb not in _ARRIVES:
        return False
    return any(w.lower() in _CARRIERS for w in toks[:k])


def _route_named(text: str, start: int, end: int, is_name: Callable[[str], bool],
                 is_word: Callable[[str], bool]) -> bool:
    """The span is among the capitalised words right before a route's or a tour's head (`The Golden Circle tour`, `a
    Silver Coast drive`), the last of them a common word no name list holds (`the Taylor Swift tour` stays a name)."""
    m = re.match(r"((?:[ \t]+[A-Z][^\W\d_]+){0,3})[ \t]+([a-z]+)\b", text[end:end + 60])
    if m is None or m.group(2) not in _ROUTE_HEADS:
        return False
    run = _WORD.findall(text[start:end]) + _WORD.findall(m.group(1))
    last = run[-1]
    return len(run) >= 2 and not is_name(last) and is_word(last.lower())


def _said_place(text: str, start: int, end: int) -> bool:
    """`X is the capital of Y`, `X is a small city in Y`, `X, the capital of Y`; `the capital of Y is X`."""
    after = [w.lower() for w in _words_after(text, end, 6)]
    head = after[1:] if after[:1] in (["is"], ["was"]) else after if text[end:end + 2] == ", " else []
    if head[:1] in (["the"], ["a"], ["an"]):
        for i, w in enumerate(head[1:4], 1):
            if w in _PLACE_NOUNS:
                if head[i + 1:i + 2] in (["of"], ["in"]) \
                        or re.search(rf"\b{w}\s*[.,;!?]", text[end:end + 80], re.I) is not None:
                    return True
    before = [w.lower() for w in _words_before(text, start, 5)]
    return bool(before) and before[-1] in ("is", "was") and any(w in _PLACE_NOUNS for w in before[:-1]) \
        and "of" in before[:-1]


def _other_city(text: str, start: int, end: int) -> bool:
    cities = city_names()
    return any(w.lower() in cities for w in _WORD.findall(text[:start] + " " + text[end:]) if w[:1].isupper())
