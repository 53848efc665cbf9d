"""Places, teams and events the name rules read as a person (place41, fpatk41 FP01 and FP05, issue 12's false
positives).

- a place in a sentence about travel or geography (`trip`, `visit`, `stay`, `itinerary`, `resort`, `treno`...):
  after a place's preposition or verb (`in Giza`, `near Moab`, `a day trip to Modena`, `visiting Petra`, `da Roma`,
  `the pyramids of Giza`), and every member of a list of places (`Palermo, Cefalù and Taormina`, `Gion, Higashiyama
  or Kyoto Station`) where the list follows such a frame and a colon (`in Sicily: ...`) or holds a listed place
  (`places.city_names`, `names.place_names`, `places.DESTINATIONS`);
- a place named with its head word before it (`Jardin Majorelle`, `Valle de Uco`, `Miradouro da Senhora do Monte`,
  `Val Thorens` in such a sentence) or after it (`the Geneva Conventions`, `Bryce Canyon`, `the Amalfi Coast`);
- a team or an event named after its place: the capitalised words before a listed team's nickname (`the Boston Red
  Sox`, `the Green Bay Packers'`, `the Los Angeles Dodgers`, `Denver Broncos fans`) and a place's `'s Cup` (`the
  America's Cup`).

Real people in the same sentences stay names: a person's cue before (`with Petra`, `Dr. Modena`), a person's verb
after (`Luna Okafor called`), a given name and a surname in a frame that takes people too (`visiting Petra Novak`),
a list of given names only (`Petra, Luna and Dakota`), and a sentence about people (`who`, `team`, `guests`).
Pure functions, CPU only; the sentence's cues are read only where a PERSON span was found.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.everyday import STATES_COUNTRIES
from proxy.nlp.fp36 import _CUE
from proxy.nlp.fpco40 import _THE, _person_next
from proxy.nlp.names import place_names, place_phrases
from proxy.nlp.places import DESTINATIONS, city_names

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# A sentence about travel or geography (English, Spanish, Italian, Portuguese, French, German).
_TRAVEL = re.compile(
    r"(?i)\b(?:trips?|travel\w*|visit\w*|stay(?:ing)?|itinerar\w+|holidays?|vacation\w*|honeymoon|weekend|getaway"
    r"|route|drive|driving|fly|flights?|train|ferry|ferries|bus|explor\w+|tour|tours|touring|tourists?|hik\w+"
    r"|ski|skiers?|skiing|resorts?|beach\w*|sights\w*|viewpoints?|wineries|winery|national[ \t]+parks?|islands?"
    r"|towns?|villages?|region|coast|mountains?|worth|ruins|temples?|pyramids?|old[ \t]+town|hotels?|hostels?"
    r"|base|day[ \t]+trip|destinations?|airport|cruise|backpack\w*|sightseeing|guidebook|landmarks?|markets?"
    r"|geograph\w+|capital|border|climate|population|located|km|miles|viaggio|treno|visitar\w*|visitare|viaje"
    r"|viagem|voyage|reise|urlaub|vacances|vacaciones|férias|época|arrivo|llegar|chegar|aller|stops?|stopover"
    r"|layover|week|(?:days?|nights?|weeks?|weekend)[ \t]+in|by[ \t]+(?:car|train|bus|ferry|boat|plane)"
    r"|how[ \t]+far|in[ \t]+(?:a|one|two|three|four|five|six|seven|\d+)[ \t]+"
    r"(?:days?|nights?|weeks?)|where[ \t]+(?:can|should|to|is|are)|best[ \t]+time)\b")
# People in the sentence: a list there is of people, not places.
_PEOPLE = re.compile(r"(?i)\b(?:who|whom|team|teammates?|guests?|attendees?|participants?|members?|colleagues?"
                     r"|friends?|family|kids|children|cousins?|travell?ers|passengers|roommates?|invite\w*"
                     r"|joining|coming|speakers?|he|she|him|her|his|hers|they|them|their|cc|assigned|owners?)\b")
# A place's preposition or verb before it (`in Giza`, `trip to Modena`, `visiting Petra`, `da Roma`).
_FRAME = re.compile(
    r"(?i)\b(?:in|near|around|outside|via|through|across|between|towards?|nach|visit|visits|visiting|visited"
    r"|explore|exploring|tour(?:ing)?|visitar|visitare|visiter|besuchen|hike|hiking|climb|climbing|summit|on"
    r"|(?:trip|travel|travell?ing|go|going|get"
    r"|getting|fly|flying|drive|driving|train|ferry|bus|way|route|return|back|head|heading|move|moving|moved"
    r"|arrive|arriving|arrived|road|transfer|flights?|tickets?|trains?|buses)[ \t]+(?:to|into|from)"
    r"|from|a|à|au|da|di|de|en|em|para|per|zu|how[ \t]+far[ \t]+is)[ \t]+(?:the[ \t]+)?\Z")
# A place's head and `of` before it, in any sentence (`the pyramids of Giza`, `the Cliffs of Moher`).
_HEAD_OF = re.compile(r"(?i)\b(?:pyramids|cliffs|ruins|temples?|city|town|village|island|islands|isle|port"
                      r"|region|province|coast|streets|canals|beaches|walls|bay|gulf|lake|valley|kingdom|republic"
                      r"|old[ \t]+town|outskirts|capital|castle|cathedral|battle|siege)[ \t]+of[ \t]+(?:the[ \t]+)?\Z")
# Prepositions of a place that take no person (`in`, `near`): a given name after the others (`visiting Luna`, `a trip
# to Dakota`, `between Petra and ...`) is read as a place only when listed.
_STATIC = frozenset({"in", "near", "around", "outside", "via", "through", "across", "towards", "toward", "nach",
                     "is"})
# `from` and Romance prepositions take people too (`a message from Petra`, `scritto da Mario`): only before a
# listed place, or where no word of messages stands before `from`.
# (fp42: `on` before a listed island, `Hallasan on Jeju`)
_WEAK = frozenset({"from", "a", "à", "au", "da", "di", "de", "en", "em", "para", "per", "zu", "on"})
_MESSAGE_FROM = re.compile(r"(?i)\b(?:message|messages|email|emails|mail|note|letter|call|calls|reply|feedback|text"
                           r"|update|heard|hear|got|received|request|quote|gift|answer|help|word|news|invoice"
                           r"|review|comments?|approval|sign-off|ping|dm)[ \t]+from[ \t]+(?:the[ \t]+)?\Z")
# A place's word before its name (`Jardin Majorelle`, `Valle de Uco`, `Plaza Mayor`); the ones that are also names
# (`Val`, `Monte`, `Costa`, `Sierra`) only in a sentence about travel.
_LEADS = frozenset("""
jardin jardim jardín giardino parc parque parco plaza piazza praça praca place rue calle carrer via viale rua
palazzo palacio palácio castillo castello château chateau schloss museo musée museu playa praia plage isla ilha
isola île ile lago lac lagoa valle vallée miradouro mirador bahía baía baia cabo cap punta ponta torre mercado
mercato marché barrio bairro quartier piazzale cala monte mont sierra serra val costa porto puerto port lake mount
mt fort saint st sainte ste san santa são sao día dia fiesta festa fête fete feria carnaval semana
camino costiera
""".split())
_NAME_LEADS = frozenset({"val", "monte", "mont", "sierra", "costa", "porto", "lake", "mount", "mt", "fort", "saint",
                         "st", "sainte", "ste", "san", "santa", "são", "sao", "serra", "cala", "via", "port",
                         "dia", "festa"})
# A place's or an event's head after its name (`Geneva Conventions`, `Bryce Canyon`, `the Amalfi Coast`).
_HEAD_AFTER = re.compile(
    r"[ \t]+(?:Conventions?|Accords?|Protocol|Treaty|Summit|Declaration|Canyon|Canyons|Coast|Valley|Peninsula"
    r"|Mountains|Hills|Highlands|Lakes|Riviera|Region|Province|Old[ \t]+Town|Castle|Palace|Abbey|Fjord|Gorge"
    r"|Volcano|Archipelago|Atoll|Lagoon|Beach|Harbour|Harbor|Marina|Cove|Cape|Dunes|Rainforest|Reef|Oasis"
    r"|Wine[ \t]+Region|National[ \t]+Park|Ski[ \t]+Resort)\b")
_PERSON_HEADS = frozenset({"beach", "castle", "palace", "cove", "cape", "harbour", "harbor", "marina"})
# Team nicknames of the North American major leagues and other clubs (after the team's place).
_TEAMS = frozenset("""
packers broncos dodgers yankees mets cubs sox giants jets patriots cowboys eagles steelers ravens bengals browns
chiefs raiders chargers seahawks rams niners 49ers cardinals falcons saints panthers buccaneers bucs vikings lions
bears commanders redskins texans titans colts jaguars dolphins bills braves marlins phillies nationals pirates
reds brewers astros rangers mariners angels athletics royals tigers guardians indians orioles rays blue
padres rockies diamondbacks lakers clippers celtics knicks nets bulls cavaliers cavs pistons pacers bucks hawks
hornets wizards raptors 76ers sixers heat magic grizzlies pelicans spurs mavericks mavs rockets nuggets suns
warriors trail blazers timberwolves wolves thunder kings jazz canadiens leafs bruins sabres senators flyers
penguins capitals islanders devils hurricanes predators blackhawks avalanche oilers flames canucks ducks sharks
knights kraken coyotes stars wild blues whalers nordiques galaxy sounders timbers fire revolution united
""".split())
_CAP = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*")
_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "della", "di", "la", "le", "les", "el", "of", "du",
                        "des", "von", "am", "an", "the", "y", "e"})
_LIST_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:(?:and|or|y|e|et|und|o|ou|oder)[ \t]+)?|[ \t]+(?:and|or|y|e|et|und|o|ou"
                       r"|oder|vs\.?|versus)[ \t]+|[ \t]*/[ \t]*|[ \t]*&[ \t]*)")
_ITEM = re.compile(r"(?:the[ \t]+)?[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:[ \t]+(?:(?:de|da|do|del|della|di|la|el|of|du|des)"
                   r"[ \t]+){0,2}[A-ZÀ-ÖØ-Þ][\w'’.-]*){0,4}")


def without_place41(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as a place, a team or an event (see above)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON" and _CUE.search(chunk, max(0, r[1] - 12), r[1]) is None \
                and (_strong(chunk, r[1], r[2], names)
                     or not _person_next(chunk, r[2]) and _place(chunk, r[1], r[2], names)):
            continue
        out.append(r)
    return out


def _known(phrase: str, names: NameLists | None = None) -> bool:
    """A listed place written whole (`Palermo`, `Sri Lanka`) or by its first two words (`Bryce Canyon National
    Park`); with `names`, only one that is no listed given name (`Savannah`, `Denver` are also given names)."""
    low = phrase.lower().removeprefix("the ").strip(".'’")
    words = low.split()
    if not words:
        return False
    if low in DESTINATIONS or " ".join(words[:2]) in DESTINATIONS or low in place_names() \
            or low in STATES_COUNTRIES or tuple(words) in place_phrases().get(words[0], ()):
        return names is None or not names.is_first(low)
    if len(words) == 1 and low in city_names():
        return names is None or not names.is_first(low)
    return False


def _full_name(span: str, names: NameLists) -> bool:
    """A given name and a surname (`Petra Novak`, `Calvin Brooks`) no list holds as a place."""
    words = [w for w in span.split() if w.lower() not in _PARTICLES]
    return len(words) >= 2 and names.is_first(words[0]) and words[-1].lower().strip("'’s") in names.last \
        and not _known(span)


_ABBREVIATION = re.compile(r"(?<![\w.])(?:St|Ste|Mt|Ft|Dr|Mr|Mrs|Ms|Jr|Sr|vs|etc|e\.g|i\.e|approx|[A-Z])\.\Z")


def _sentence_start(chunk: str, at: int) -> int:
    """Where the sentence holding `at` begins (a full stop after `St.`, `Mt.` ends none)."""
    k = at
    while True:
        k = max(chunk.rfind(c, 0, k) for c in ".!?\n")
        if k < 0:
            return 0
        if chunk[k] != "." or _ABBREVIATION.search(chunk, max(0, k - 8), k + 1) is None:
            return k + 1


def _strong(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A team's, a place's or an event's name whatever verb follows (`the pyramids of Giza built`, `the Dodgers
    called`): before a team's nickname or a place's head, after a place's head and `of`."""
    if _team(chunk, start, end) or _head_after(chunk, start, end, names):
        return True
    a = max(_sentence_start(chunk, start), start - 30)
    return _HEAD_OF.search(chunk, a, start) is not None and not _full_name(chunk[start:end], names)


def _place(chunk: str, start: int, end: int, names: NameLists) -> bool:
    span = chunk[start:end]
    sentence_start = _sentence_start(chunk, start)
    # the sentence and its neighbours (`Three days in Sicily: Palermo, ... Is that too much driving?`)
    around = chunk[max(0, start - 120):min(len(chunk), end + 120)]
    travel = _TRAVEL.search(around) is not None
    if _lead(chunk, start, end, travel, names):
        return True
    if not travel:
        return False
    frame = _FRAME.search(chunk, max(sentence_start, start - 40), start)
    if frame is not None and _framed(chunk, start, span, frame, names):
        return True
    sentence = chunk[sentence_start:min(len(chunk), end + 120)]
    return _PEOPLE.search(sentence) is None and _listed(chunk, start, end, sentence_start, names)


def _framed(chunk: str, start: int, span: str, frame: re.Match[str], names: NameLists) -> bool:
    """`in Giza`, `trip to Modena`, `visiting Petra`: a place's frame before the span; `from` and the Romance
    prepositions before a listed place or where no message comes `from` it; a given name and a surname only when
    listed."""
    if chunk[start:start + len(span) + 2].endswith(("'s", "’s")) or chunk.startswith(("'s", "’s"), start + len(span)):
        return False  # (`in Petra's team`)
    word = frame.group().split()[-1].lower() if frame.group().split()[-1].lower() != "the" \
        else frame.group().split()[-2].lower()
    if word in _WEAK and not _known(span):
        if word != "from" or _MESSAGE_FROM.search(chunk, max(0, start - 30), start) is not None:
            return False
    if word not in _STATIC and " " not in span.strip() and names.is_first(span) and not _known(span):
        return False  # (`visiting Luna this weekend`, `driving to Dakota`)
    return not _full_name(span, names)


def _listed(chunk: str, start: int, end: int, sentence_start: int, names: NameLists) -> bool:
    """A member of a list of places: the list holds a listed place (no given name), follows a place's frame (`in
    Trastevere and Monti`) or a colon after one (`in Sicily: Palermo, Cefalù and Taormina`); not a list of given
    names only."""
    items = [_trimmed(chunk, a, b, names) for a, b in _list_items(chunk, start, end, sentence_start)]
    if len(items) < 2:
        return False
    if any(_known(chunk[a:b], names) for a, b in items):
        return True
    if all(names.is_first(chunk[a:b].split()[0]) for a, b in items) or _full_name(chunk[start:end], names):
        return False
    a = items[0][0]
    frame = _FRAME.search(chunk, max(sentence_start, a - 40), a)
    if frame is not None and _framed(chunk, a, chunk[a:items[0][1]], frame, names):
        return True  # (`in Trastevere and Monti`)
    before = chunk[sentence_start:a].rstrip()
    if not before.endswith(":"):
        return False
    lead = before[:-1]
    return any(_FRAME.search(lead, 0, m.start()) is not None or _known(m.group()) for m in _CAP.finditer(lead))


def _trimmed(chunk: str, a: int, b: int, names: NameLists) -> tuple[int, int]:
    """An item without the capitalised everyday words that open its sentence (`Is Hvar` -> `Hvar`)."""
    while (m := re.match(r"(\w+)[ \t]+(?=\S)", chunk[a:b])) is not None and names.is_very_common(m.group(1)):
        a += m.end()
    return a, b


def _list_items(chunk: str, start: int, end: int, sentence_start: int) -> list[tuple[int, int]]:
    """The items of the list of capitalised names holding `start:end` (within its sentence)."""
    limit = chunk.find("\n", end)
    limit = len(chunk) if limit < 0 else limit
    # the item holding the span: from the last separator before it
    a = start
    while True:
        m = re.search(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*[ \t]+(?:(?:de|da|do|del|della|di|la|el|of|du|des)[ \t]+){0,2}\Z",
                      chunk[max(sentence_start, a - 40):a])
        if m is None or a - (max(sentence_start, a - 40) + m.start()) > 40 or start - a > 60:
            break
        a = max(sentence_start, a - 40) + m.start()
    first = _ITEM.match(chunk, a)
    if first is None or first.end() < end:
        return [(start, end)]
    items = [(a, first.end())]
    at = first.end()
    while (sep := _LIST_SEP.match(chunk, at, limit)) is not None and (item := _ITEM.match(chunk, sep.end(), limit)):
        items.append((item.start(), item.end()))
        at = item.end()
    at = a
    while True:
        back = re.search(r"(" + _ITEM.pattern + r")" + r"(?:[ \t]*,[ \t]*|[ \t]+(?:and|or)[ \t]+)\Z",
                         chunk[max(sentence_start, at - 60):at])
        if back is None:
            break
        s = max(sentence_start, at - 60) + back.start(1)
        if s >= at:
            break
        items.insert(0, (s, max(sentence_start, at - 60) + back.end(1)))
        at = s
    return items


def _lead(chunk: str, start: int, end: int, travel: bool, names: NameLists) -> bool:
    """`Jardin Majorelle`, `Valle de Uco`, `Monte` in `Miradouro da Senhora do Monte`: the capitalised run holding the
    span opens with a place's word; one that is also a given name (`Val`, `Monte`, `Isla`) only in a sentence about
    travel and not about people, and not before a surname (`Isla Fernández`, `Val Kilmer`)."""
    run = chunk[max(0, start - 60):start]
    m = re.search(r"((?:[A-ZÀ-ÖØ-Þ][\w'’.-]*[ \t]+(?:(?:de|da|do|dos|das|del|della|di|la|el|du|des)[ \t]+){0,2})*)\Z",
                  run)
    words = ((m.group(1) if m is not None else "") + chunk[start:end]).split()
    if len(words) < 2:
        return False
    lead = words[0].lower().rstrip(".")
    if lead not in _LEADS:
        return False
    if lead not in _NAME_LEADS:
        return not (names.is_first(lead) and _full_name(" ".join(words), names))  # (`Día de Muertos`, `Isla Moreno`)
    return travel and not _full_name(" ".join(words), names) \
        and _PEOPLE.search(chunk, _sentence_start(chunk, start), min(len(chunk), end + 80)) is None


def _head_after(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`the Geneva Conventions`, `Bryce Canyon`, `the Amalfi Coast`; a head people's names take too (`Beach`,
    `Castle`) only after `the`."""
    m = _HEAD_AFTER.match(chunk, end, min(len(chunk), end + 24))
    if m is None:
        inside = _HEAD_AFTER.search(" " + chunk[start:end])
        if inside is None or inside.end() != end - start + 1:
            return False
        head = inside.group().split()[-1].lower()
    else:
        head = m.group().split()[-1].lower()
    if head in _PERSON_HEADS or _full_name(chunk[start:end], names):
        return _THE.search(chunk, max(0, start - 6), start) is not None
    return True


def _team(chunk: str, start: int, end: int) -> bool:
    """`the Boston Red Sox`, `the Green Bay Packers'`, `Denver Broncos fans`, `the America's Cup`: the span inside the
    capitalised words before a listed team's nickname, after `the` or opening with a listed place."""
    after = chunk[end:end + 40]
    if re.match(r"(?:'s|’s)[ \t]+Cup\b", after):
        return _THE.search(chunk, max(0, start - 6), start) is not None or _known(chunk[start:end])
    words = chunk[start:end].split()
    nxt = re.match(r"((?:[ \t]+[A-Z][\w.-]*){0,2})[ \t]+([A-Z][a-z0-9]+)(?:'|’|\b)", after)
    last = words[-1].lower().rstrip("'’") if words else ""
    if last in _TEAMS and len(words) > 1:
        nick = True
    elif nxt is not None and nxt.group(2).lower() in _TEAMS:
        nick = True
    else:
        return False
    lead = re.search(r"((?:[A-Z][\w.-]*[ \t]+){0,2})\Z", chunk[max(0, start - 30):start])
    first = start - len(lead.group(1)) if lead is not None else start
    return nick and (_THE.search(chunk, max(0, first - 6), first) is not None or _known(words[0]))
