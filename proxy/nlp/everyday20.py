"""More PII-free text the NER (or a person's cue) reads as a person's name (fp20), each read from the words around the
span, so that the same words where the text says person stay names:

- a club named after its city with a team's noun (`Melbourne Victory`, `Columbus Crew`, `Orlando Pride`, `Houston
  Dash`, `Perth Glory`): the city (or a state) and the noun as one capitalised run, whatever the name lists say of
  either word; a noun that is also a listed surname (`Storm`, `Rush`) only in a text about sport (`Dallas Storm
  scored twice`); a first name and another noun stay a person (`Orlando Bloom`, `Charlotte Flair`);
- a plant's word-name at a sentence's start read as the plant (`Heather grows wild on the moor`, `Ivy climbs the
  wall`, `Rose bushes need pruning`, `Holly is poisonous to dogs`): before a part of a plant (`bushes`, `petals`,
  `hips`; `leaves`, `flowers`, `gardens` only before a verb: `Ivy leaves early` is a person), or before what plants do
  with what they do it to (`grows wild`, `climbs the fence`, `thrives in damp soil`, `prefers acidic soil`, `attracts
  bees`, `can damage brickwork`, `is evergreen`); `Heather grows tomatoes`, `Holly is a nurse` stay names;
- a brand before a tool's or an appliance's noun (`Bosch jigsaw`, `Hilti hammer drill`, `Black and Decker sander`,
  `the Bosch one` beside a tool): the capitalised word right before the noun, no listed first name, no possessive;
- an Arabic or Hindi phrase of two listed given names that are the words (`أمل كبير` "great hope", `अमर प्रेम`
  "immortal love") at its sentence's start, in a sentence of its own script: an abstract noun and an adjective;
- a term of endearment or a role after a greeting (`Hi Darling,`, `Hey Buddy,`, `Dear Applicant,`, `Hello
  Neighbour,`, `Dear Valued Subscriber,`): the greeting's word alone before a comma or the line's end
  (`Hi Buddy Holly,` stays a name).

`everyday20_span` is asked with the other everyday rules (`proxy.nlp.pii._not_plain`); `uncued20_span` after a
person's cue added its names (`proxy.nlp.pii._cued`): a greeting or a verb of a person there is no person's cue for
a term of endearment or a club (`Hi Darling,`, `Columbus Crew signed a striker`).
"""

from __future__ import annotations

import re

from proxy.nlp.everyday16 import CLUB_HEADS, SPORTS_WORDS, Lexicon, _cued, _sentence_start
from proxy.nlp.names import NameLists

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _words_after(text: str, end: int, n: int) -> list[str]:
    return _WORD.findall(text[end:end + 160])[:n]


def _words_before(text: str, start: int, n: int) -> list[str]:
    return _WORD.findall(text[max(0, start - 120):start])[-n:]


def _clause_after(text: str, end: int) -> list[str]:
    """The words after `end` up to the end of its clause or sentence, lower case."""
    clause = re.split(r"[.;!?\n]", text[end:end + 200])[0]
    return [w.lower() for w in _WORD.findall(clause)]


# --------------------------------------------------------------------------- clubs named after a city

# Nouns clubs and franchises take after their city's name (singular or plural), lower case.
TEAM_NOUNS = frozenset("""
victory glory pride crew dash fire current spirit courage wave reign union revolution galaxy dynamo impact storm
thunder heat magic jazz lightning wild sky sparks mercury fever liberty dream lynx aces sun wings mystics force fury
energy legion republic surge rush roar jets mariners phoenix heart thorns sounders timbers whitecaps earthquakes
rapids sting rebels chiefs blues crusaders highlanders hurricanes royals giants rangers strikers rowdies flames blaze
thunderbirds express eagles falcons hawks lions tigers bears wolves sharks dragons knights titans warriors raiders
riders stallions mustangs broncos bulls rams saints packers steelers bengals browns jaguars texans colts ravens
dolphins patriots bills jets vikings cardinals seahawks chargers commanders cowboys giants buccaneers panthers
predators capitals penguins flyers islanders canadiens senators oilers flames canucks kraken avalanche coyotes
sabres bruins blackhawks stars ducks kings sharks nets knicks celtics raptors pistons pacers cavaliers bucks hornets
grizzlies pelicans spurs rockets mavericks nuggets suns clippers lakers blazers timberwolves
""".split())
# Words of a text about sport that `everyday16.SPORTS_WORDS` lacks: players, staff, transfers, tickets, leagues.
SPORT_MORE = frozenset("""
striker strikers goalkeeper goalkeepers keeper midfielder midfielders defender defenders forward forwards winger coach
coached manager captain squad roster lineup line-up transfer transfers loan signed signing fans supporters club clubs
team teams academy tickets season-ticket kit trophy shield mls nwsl a-league nba nfl nhl wnba concacaf uefa fifa
training friendly friendlies tournament champions standings table topped derby roster
""".split())
# States and regions `everyday.STATES_COUNTRIES` lacks (`Carolina Panthers`, `Queensland Reds`).
_STATES = frozenset("carolina queensland victoria tasmania".split())
_CITY_PREFIXES = frozenset({"new", "san", "los", "las", "st", "saint", "la", "golden", "green", "north", "south",
                            "west", "east", "western", "central", "kansas", "tampa", "salt", "real"})
_RUN_STOPS = frozenset({"the", "a", "an"})
# Second words of a place's name (`Kansas City`, `Tampa Bay`, `Los Angeles`, `Central Coast`).
_PLACE_PARTS = frozenset("""
city bay lake england york jersey angeles diego jose francisco antonio orleans vegas sydney coast carolina louis paul
""".split())
_GROUNDS = frozenset({"park", "stadium", "arena", "field", "ground"})


def _capital_run(text: str, start: int, end: int) -> tuple[list[str], int, int] | None:
    """The capitalised words around [start, end) as one run (up to six words), and its bounds; None when the span
    is not capitalised words apart by single spaces."""
    run = text[start:end].split(" ")
    if not run or not all(w[:1].isupper() and w.isalpha() for w in run):
        return None
    lo, hi = start, end
    while len(run) < 6:
        m = re.search(r"([A-Z][^\W\d_]*) \Z", text[max(0, lo - 30):lo])
        if m is None or m.group(1).lower() in _RUN_STOPS:
            break
        run.insert(0, m.group(1))
        lo -= len(m.group(0))
    while len(run) < 6:
        m = re.match(r" ([A-Z][^\W\d_]*)\b", text[hi:hi + 30])
        if m is None or text[hi + len(m.group(0)):hi + len(m.group(0)) + 1] in ("'", "’"):
            break
        run.append(m.group(1))
        hi += len(m.group(0))
    return run, lo, hi


def _sporty(text: str) -> bool:
    words = {w.lower() for w in _WORD.findall(text)}
    return bool(words & SPORTS_WORDS or words & SPORT_MORE)


def club_span(text: str, start: int, end: int, names: NameLists) -> bool:
    """The span is among the words of a club named after its city or state with a team's noun (see the module's
    docstring)."""
    from proxy.nlp.everyday import STATES_COUNTRIES
    from proxy.nlp.places import city_names

    got = _capital_run(text, start, end)
    if got is None:
        return False
    run, lo, hi = got
    cities = city_names()

    def place_word(w: str) -> bool:
        return w in cities or w in STATES_COUNTRIES or w in _STATES

    while len(run) > 2 and not place_word(run[0].lower()) and run[0].lower() not in _CITY_PREFIXES \
            and lo + len(run[0]) < start:
        lo += len(run[0]) + 1  # a question's or a sentence's first word: `Did Columbus Crew make the playoffs?`
        run = run[1:]
    if len(run) < 2 or len(run) > 4:
        return False
    last = run[-1].lower()
    if last not in TEAM_NOUNS and not (last in CLUB_HEADS and last not in _GROUNDS and _sporty(text)):
        return False  # (`Orlando City` in a text about sport: `everyday16` reads it with fewer words of sport)
    # the place's words: all but the team's noun (`Melbourne`, `Kansas City`, `San Diego`, `New England`)
    place = [w.lower() for w in run[:-1]]
    if not (place_word(place[0]) or (place[0] in _CITY_PREFIXES and len(place) > 1)):
        return False
    if not all(place_word(w) or w in _CITY_PREFIXES or w in _PLACE_PARTS for w in place[1:]):
        return False
    if _cued(text, lo, hi) or re.match(r"['’]s?\b", text[hi:hi + 2]):
        return False  # `Hi Dallas Storm,`, `Orlando Pride said`, `Perth Glory's coach`
    # a noun that is a surname too (`Storm`, `Rush`, `Sparks`): the club only in a text about sport
    return last not in names.last or _sporty(text)


# --------------------------------------------------------------------------- plants' word-names

# First names that are plants (lower case).
PLANTS = frozenset("""
heather ivy rose lily jasmine holly laurel iris daisy violet poppy hazel rosemary myrtle willow fern basil olive
lavender sage juniper magnolia camellia dahlia azalea primrose marigold clover briar bryony hyacinth tulip lotus
acacia aspen rowan linden cherry blossom begonia petunia zinnia amaryllis gardenia lilac veronica erica yarrow
""".split())
# Parts and products of a plant that are no verb of a person: the plant before one is the plant (`Rose bushes`).
PLANT_PARTS = frozenset("""
bush bushes petal petals bulb bulbs hedge hedges hedging hip hips berry berries vine vines pad pads frond fronds
rhizome rhizomes tree trees shrub shrubs honey tea teas oil oils cutting cuttings seedling seedlings pollen bark twig
twigs thorn thorns blossom blossoms stem stems bud buds nut nuts catkins cones needles sprigs bed beds border borders
pot pots plant plants flower flowers leaf leaves branch branches bloom blooms root roots seed seeds garden gardens
shoot shoots chains coppicing wood hedgerow hedgerows foliage essential extract tincture wreath wreaths
""".split())
# Parts that are also verbs of a person (`Ivy leaves early`, `Rose gardens every weekend`): only before a verb.
_VERBY_PARTS = frozenset("""
plant plants flower flowers leaf leaves branch branches bloom blooms root roots seed seeds garden gardens shoot shoots
bud buds stem stems bed beds pot pots border borders wood hedge hedges
""".split())
_AUX = frozenset("is are was were can could will would should may might must do does did has have had need needs"
                 .split())
# What plants do, third person (and the base form after an auxiliary), with what may follow for the plant's reading.
_GROWING = frozenset("grows grow spreads spread thrives thrive flourishes flourish blooms bloom flowers flower wilts "
                     "wilt withers wither trails trail creeps creep sprawls sprawl self-seeds self-seed".split())
_GROWING_AFTER = frozenset("""
wild well best quickly fast slowly rapidly tall everywhere naturally happily freely vigorously profusely abundantly
easily readily in on along up over across through from under near against among beside around throughout during all
early late twice again back
""".split())
_CLIMBING = frozenset("climbs climb covers cover smothers smother strangles strangle chokes choke damages damage "
                      "clings cling scrambles scramble twines twine engulfs engulf".split())
_SUPPORTS = frozenset("""
wall walls fence fences trellis pergola arch arches tree trees trunk trunks brickwork bricks brick mortar house
houses building buildings facade façade shed sheds gate gates porch post posts pole poles stone stonework masonry
ground hedge hedges oak oaks gutters roof roofs arbour arbor shrubs bushes woodland
""".split())
_NEEDING = frozenset("needs need requires require prefers prefer likes like tolerates tolerate".split())
# What a plant needs or prefers (`needs pruning`, `prefers acidic soil`, `likes full sun`).
_GARDEN = frozenset("""
soil soils sun sunlight shade pruning deadheading watering repotting mulch mulching compost fertiliser fertilizer
drainage well-drained acidic alkaline ericaceous loamy chalky peaty moist damp boggy partial dappled sheltered staking
""".split())
_ATTRACTING = frozenset("attracts attract repels repel".split())
_CREATURES = frozenset("""
bees bee butterflies butterfly moths hummingbirds birds insects pollinators wildlife aphids slugs pests wasps
hoverflies ladybirds deer rabbits
""".split())
_SMELLING = frozenset("smells smell".split())
_SCENT = frozenset("""
strongest sweetest sweet sweetly strong wonderful lovely divine heavenly fragrant intoxicating best beautiful nice
amazing faint faintly
""".split())
# What a plant is (`Holly is poisonous to dogs`, `Heather is a hardy shrub`).
_PLANT_IS = frozenset("""
evergreen deciduous perennial biennial invasive poisonous edible drought-tolerant frost-hardy self-seeding shrub
shrubs plant plants climber climbers creeper flower flowers herb herbs weed weeds
tree trees bulb bulbs vine vines groundcover ground-cover
""".split())
_IS = frozenset("is are was".split())
_DEGREES = frozenset("very quite fairly highly mildly slightly extremely rather not".split())
_ROUTINE = frozenset("home work school early late today tonight tomorrow".split())
_MODALS = frozenset("can could will would should may might must does do did".split())
_ARTICLES = frozenset("the a an old this that its any some most many all".split())


def _plant_reading(words: list[str], lex: Lexicon) -> bool:
    """The lower-case words after a plant's name read as the plant's (see the module's docstring)."""
    if not words:
        return False
    nxt = words[0]
    nxt2 = words[1] if len(words) > 1 else ""
    if nxt in PLANT_PARTS and nxt not in _VERBY_PARTS:
        return True  # "Rose bushes need pruning", "Heather honey has a strong taste"
    if nxt in _VERBY_PARTS and (nxt2 in _AUX or (nxt2 in lex.verbs and not nxt2.endswith("s") and nxt2 not in lex.stops
                                                 and nxt2 not in _ROUTINE)):
        return True  # "Iris flowers come in many colours" (`blooms`, `flowers` may be the verb: read on below)
    k = 0
    if nxt in _MODALS:
        k = 1  # "Ivy can damage old brickwork", "Rose will bloom in June"
    verb = words[k] if len(words) > k else ""
    rest = words[k + 1:k + 6]
    if not rest and verb in _GROWING and k == 0 and len(words) == 1:
        return False
    first = rest[0] if rest else ""
    if verb in _GROWING:
        return not rest or first in _GROWING_AFTER or first.endswith("ly")
    if verb in _CLIMBING:
        # `climbs the wall`, `can damage old brickwork`: what it climbs is a support
        objs = rest[:4]
        at = next((i for i, w in enumerate(objs) if w in _SUPPORTS), None)
        return at is not None and all(w in _ARTICLES or w in lex.adjectives or w in lex.nouns for w in objs[:at])
    if verb in _NEEDING:
        return any(w in _GARDEN for w in rest[:3])
    if verb in _ATTRACTING:
        return any(w in _CREATURES for w in rest[:3])
    if verb in _SMELLING:
        return first in _SCENT
    if verb in _IS and k == 0:
        # the noun phrase's head, or an adjective before any noun: `is poisonous to dogs`, `is a hardy shrub`, not
        # `is a plant manager`
        body = [w for w in rest[:4] if w not in _ARTICLES and w not in _DEGREES]
        for i, w in enumerate(body):
            if w in _PLANT_IS:
                return i + 1 == len(body) or body[i + 1] not in lex.nouns
            if w not in lex.adjectives or w in lex.nouns:
                return False
    return False


def plant_span(text: str, start: int, end: int, words: list[str], names: NameLists, lex: Lexicon) -> bool:
    """A plant's word-name at a sentence's start read as the plant (see the module's docstring)."""
    if len(words) != 1 or words[0].lower() not in PLANTS or not words[0][:1].isupper() or words[0].isupper():
        return False
    if not _sentence_start(text, start) or text[end:end + 1] != " " or _cued(text, start, end):
        return False
    after = _WORD.findall(re.split(r"[.;!?\n]", text[end:end + 200])[0])
    if not after or not after[0].islower():
        return False  # `Heather Smith`, `Rose, ...`
    return _plant_reading([w.lower() for w in after[:8]], lex)


# --------------------------------------------------------------------------- a brand before a tool's noun

# Tools, machines and appliances a brand's name stands before (lower case; `proxy.nlp.companies.PRODUCT_NOUNS`
# holds more products).
TOOL_NOUNS = frozenset("""
jigsaw jigsaws drill drills driver drivers saw saws chainsaw chainsaws sander sanders grinder grinders router routers
planer planers nailer nailers stapler wrench wrenches blower blowers trimmer trimmers mower mowers strimmer
multitool multi-tool oscillating rotary vacuum vacuums hoover dishwasher dishwashers fridge freezer washer washers
dryer dryers oven ovens hob hobs cooker cookers kettle toaster microwave blender mixer heater boiler compressor
generator welder welders battery batteries charger chargers blade blades bit bits chisel chisels hammer
hammers level laser tape torch headlamp workbench vise vice clamp clamps impact cordless circular mitre miter table
track reciprocating hedge leaf lawn pressure angle heat nail glue spray paint coffee espresso washing tumble
cleaner steamer iron irons shaver shavers toothbrush dehumidifier humidifier purifier fan fans radio
""".split())
# Makers of tools and appliances whose names are listed given names or surnames (lower case).
TOOL_BRANDS = frozenset("""
bosch makita dewalt milwaukee ryobi hilti festool metabo stihl husqvarna kärcher karcher decker stanley craftsman
ridgid hitachi hikoki einhell worx ego greenworks dremel fein mafell miele dyson shark hoover bissell vax kenwood
breville delonghi smeg siemens aeg beko whirlpool electrolux philips braun morphy richards russell hobbs
""".split())
_DETERMINERS = (["the"], ["a"], ["my"], ["our"], ["your"], ["his"], ["her"], ["their"], ["this"], ["that"], ["new"],
                ["old"])
# The nouns that end a tool's name (the words above before them are kinds: `impact driver`, `angle grinder`).
_TOOL_HEADS = frozenset("""
jigsaw jigsaws drill drills driver drivers saw saws chainsaw chainsaws sander sanders grinder grinders router routers
planer planers nailer nailers stapler wrench wrenches blower blowers trimmer trimmers mower mowers strimmer vacuum
vacuums hoover dishwasher dishwashers fridge freezer washer washers dryer dryers oven ovens hob hobs cooker cookers
kettle toaster microwave blender mixer heater boiler compressor generator welder welders battery batteries charger
chargers blade blades bit bits chisel chisels gun guns machine machines multitool tool tools kit kits cleaner steamer
iron shaver toothbrush dehumidifier humidifier purifier fan radio
""".split())


def tool_span(text: str, start: int, end: int, words: list[str], names: NameLists, lex: Lexicon) -> bool:
    """A brand right before a tool's noun, or `the Brand one` beside one (see the module's docstring)."""
    if not words or not all(w[:1].isupper() for w in words) or len(words) > 3 or text[end:end + 1] != " ":
        return False
    if any(w.lower() in names.first and w.lower() not in TOOL_BRANDS for w in words):
        return False  # a given name: `Give Anna drill bits` (not `Stanley knife`: a brand)
    if _cued(text, start, end) or re.match(r"['’]s?\b", text[end:end + 2]):
        return False
    after = _words_after(text, end, 3)
    if not after or not after[0].islower():
        return False
    low = [w.lower() for w in after]
    before = [w.lower() for w in _words_before(text, start, 1)]
    if low[0] in _TOOL_HEADS:
        if low[0] == "saw" or (low[0].endswith("s") and low[0][:-1] in lex.verbs):
            # a verb of a person too (`Harris saw the car`, `Jones drills the team`, `Smith irons shirts`): after a
            # determiner, or before an auxiliary or another tool's word (`the Bosch saw`, `Bosch drills are loud`)
            nxt = low[1] if len(low) > 1 else ""
            return before in _DETERMINERS or nxt in _AUX or nxt in _TOOL_HEADS
        return True  # "Bosch jigsaw", "Stihl chainsaw", "Decker sander"
    if low[0] in TOOL_NOUNS and len(low) > 1 and low[1] in _TOOL_HEADS | TOOL_NOUNS:
        return True  # "DeWalt impact driver", "Hilti hammer drill", "Miele washing machine"
    if low[0] in ("one", "ones"):
        lo = max(text.rfind(c, max(0, start - 200), start) for c in ".;!?\n") + 1
        his = [text.find(c, end, end + 200) for c in ".;!?\n"]
        hi = min([h for h in his if h >= 0], default=min(len(text), end + 200))
        said = {w.lower() for w in _WORD.findall(text[max(lo, start - 200):hi])}
        return before in _DETERMINERS and bool(said & _TOOL_HEADS)  # "the Bosch one" in a sentence of a saw
    return False


# --------------------------------------------------------------------------- Arabic and Hindi word-names

# Abstract nouns that are given names, and adjectives that are given names too, each listed in `native_names`:
# two of them at a sentence's start are the phrase (`أمل كبير` "great hope", `अमर प्रेम` "immortal love").
_AR_NOUNS = frozenset("أمل نور سلام حياة وفاء فرح رجاء هدى إيمان صباح ضياء أحلام هناء".split())
_AR_ADJECTIVES = frozenset("كبير عظيم جديد قوي ضعيف واسع طويل قليل كثير دائم ساطع".split())
_HI_ADJECTIVES = frozenset("अमर सच्चा सच्ची पवित्र अटूट".split())
_HI_NOUNS = frozenset("प्रेम आशा ज्योति किरण विजय शांति आनंद कमल सुमन मोती दीपक प्रकाश".split())
# Words right after a person's name in Hindi: the agent's `ने`, `जी`.
_HI_PERSON_AFTER = frozenset("ने जी साहब साहिब".split())


def native_word_pair(text: str, start: int, end: int) -> bool:
    """Two listed given names at a sentence's start that are an abstract noun and an adjective of its language (see
    the module's docstring)."""
    words = text[start:end].split()
    if len(words) != 2 or not _sentence_start(text, start):
        return False
    around = text[max(0, start - 60):start] + text[end:end + 60]
    if re.search("[A-Za-z]{2}", around):
        return False  # a name inside Latin-script text
    a, b = (w.strip("،,.؟?!") for w in words)
    if a in _AR_NOUNS and b in _AR_ADJECTIVES:
        return True
    if a in _HI_ADJECTIVES and b in _HI_NOUNS:
        nxt = text[end:end + 20].split()
        return not nxt or nxt[0].strip("।,.") not in _HI_PERSON_AFTER
    return False


# --------------------------------------------------------------------------- terms of endearment after a greeting

# Terms of endearment and roles one greets with, lower case: no person's name after `Hi`, `Dear` (`Hi Darling,`).
ADDRESSEE_WORDS = frozenset("""
honey sweetie sweetheart darling darlin dear dearest love lovely babe baby bae hun hon luv sugar pumpkin cupcake
cutie doll sunshine buddy bud pal mate dude bro bruh sis chum champ chief boss kiddo kid kids folks guys gang
team everyone everybody all friend friends fam neighbour neighbor neighbours neighbors colleague colleagues customer
customers client clients applicant applicants candidate candidates subscriber subscribers member members reader
readers user users guest guests patron patrons shopper shoppers traveller travellers traveler travelers passenger
passengers parent parents student students participant participants attendee attendees volunteer volunteers resident
residents tenant tenants landlord homeowner homeowners employee employees staff supplier suppliers vendor vendors
partner partners author authors reviewer reviewers contributor contributors sponsor sponsors donor donors supporter
supporters fan fans player players teacher teachers sir madam sirs ladies gentlemen people world there again
valued esteemed respected new prospective fellow future loyal
klant klanten kliencie klienci klientko kliencie müşterimiz müşteri müşterilerimiz señores señoras señor señora
cliente clientes clienti kunde kunden kundin leute kollegen kolleginnen buurman buurvrouw buren voisin voisine voisins
capo diario diary journal journal dünya mundo monde welt wereld mondo amigo amigos amiga amigas ami amis amie amico
amici freund freunde freundin vriend vrienden équipe equipo equipa squadra tous todos tutti alle allemaal colega
colegas collega colleghi collègue collègues
""".split())  # (atk20 FP2: the everyday openers of support mail in other languages, `Beste Klant,`, `Drogi Kliencie,`)
_GREETING_BEFORE = re.compile(r"(?<![\w'’])(?:[Hh]i|[Hh]ello|[Hh]ey|[Hh]iya|[Dd]ear|[Dd]earest|[Mm]orning"
                              r"|[Gg]ood\s+(?:morning|afternoon|evening)|[Ww]elcome|[Gg]reetings|[Yy]o|[Hh]owdy"
                              r"|[Bb]este|[Dd]rog[iae]|[Dd]rodzy|[Ss]ayın|[Ee]stimad[oa]s?|[Qq]uerid[oa]s?|[Cc]h[eè]re?s?"
                              r"|[Bb]onjour|[Ss]alut|[Cc]ar[oaie]|[Gg]entil[ei]|[Gg]razie|[Cc]iao|[Ll]ieber?|[Hh]allo"
                              r"|[Ss]ervus|[Pp]rezad[oa]s?|[Oo]lá|[Mm]erhaba|[Hh]ej|[Hh]ola)"
                              r"(?:[ \t\u00a0]+(?:[Mm]y|[Oo]ur))?[ \t\u00a0]*,?[ \t\u00a0]+"
                              r"(?:(?:[A-Z][a-z]+)[ \t\u00a0]+){0,2}\Z")
_GREETING_WORD = re.compile(r"[Bb]este|[Dd]rog[iae]|[Dd]rodzy|[Ss]ayın|[Ee]stimad[oa]s?|[Qq]uerid[oa]s?|[Mm]erhaba"
                            r"|[Hh]allo|[Ss]ervus|[Bb]onjour|[Cc]iao|[Hh]ola|[Hh]ej|[Dd]ear|[Hh]ello|[Hh]i|[Hh]ey")
_GREETED_END = re.compile(r"[ \t\u00a0]*(?:[,!.:;\n\r—–-]|\Z|and\b|&)")


def vocative_span(text: str, start: int, end: int) -> bool:
    """A term of endearment or a role greeted (see the module's docstring): every word of the span one, the words
    between the greeting and the span too (`Dear Valued Customer,`)."""
    words = text[start:end].split()
    if len(words) > 1 and _GREETING_WORD.fullmatch(words[0].rstrip(",")) is not None \
            and all(w.lower() in ADDRESSEE_WORDS for w in words[1:]) and _sentence_start(text, start):
        return _GREETED_END.match(text, end) is not None  # the greeting in the span (`Beste Klant`, `Merhaba Dünya`)
    if not words or not all(w.lower() in ADDRESSEE_WORDS for w in words):
        return False
    m = _GREETING_BEFORE.search(text, max(0, start - 60), start)
    if m is None or not _sentence_start(text, m.start()):
        return False
    between = _WORD.findall(text[m.start():start])[1:]
    if any(w[:1].isupper() and w.lower() not in ADDRESSEE_WORDS and w.lower() not in ("morning", "afternoon",
                                                                                      "evening", "my", "our")
           for w in between):
        return False
    return _GREETED_END.match(text, end) is not None


# --------------------------------------------------------------------------- entry points


def everyday20_span(text: str, start: int, end: int, *, names: NameLists, lex: Lexicon) -> bool:
    """Whether the PERSON span `text[start:end]` is one of the PII-free texts above."""
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    if text.isascii():
        return club_span(text, start, end, names) or plant_span(text, start, end, words, names, lex) \
            or tool_span(text, start, end, words, names, lex) or vocative_span(text, start, end)
    return native_word_pair(text, start, end) or club_span(text, start, end, names) \
        or plant_span(text, start, end, words, names, lex) or tool_span(text, start, end, words, names, lex) \
        or vocative_span(text, start, end)


def uncued20_span(text: str, start: int, end: int, *, names: NameLists) -> bool:
    """Whether a span a person's cue made a name (`proxy.nlp.cued`) is a club or a term of endearment greeted."""
    return vocative_span(text, start, end) or club_span(text, start, end, names)


__all__ = ["ADDRESSEE_WORDS", "PLANTS", "TEAM_NOUNS", "TOOL_BRANDS", "TOOL_NOUNS", "club_span", "everyday20_span",
           "native_word_pair", "plant_span", "tool_span", "uncued20_span", "vocative_span"]
