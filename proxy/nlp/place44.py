"""Places, holidays and adjectives the name rules read as a person (place44, fpatk43's places and events).

- a town as a sentence's subject with a place's predicate (`Victoria has a lovely inner harbour`, `Jackson is the
  capital of Mississippi`, `Madison sits between two lakes`, `Phoenix summers reach 45 degrees`): a place's noun or a
  town's description in the clause; a listed city (`proxy.nlp.places`) with weaker ones too (`Valencia is famous for
  paella`, `Austin gets very hot in August`), and before a season (`Darwin in the wet season: ...`, `Regina and
  Saskatoon in winter`); a listed city after `a suburb of`; a town after a Romanian preposition of place (`în Brașov`);
- a Turkish span across a case ending (`Bodrum'dan Datça'ya tekneyle gidilebilir mi`, `Antalya'dan Kaş`) or round a
  Turkish place's head (`Van Gölü`, `Konya'da Mevlana Müzesi`);
- a Nordic number word before its noun (`for fem dager`, `Ti ting å gjøre`);
- a holiday or a festival: a listed one (`Orthodox Easter`, `Mardi Gras`, `Yom Kippur`, `Cinco de Mayo`), a name
  before `'s Day` or `Night` (`Valentine's Day`, `Burns Night`), a span ending in `Day` or `Night` that a holiday's
  frame follows (`Martin Luther King Jr. Day:`, `Lucia Day in Sweden`), an event named after a person before its
  noun (`Roland Garros tickets`);
- a demonym or a period's adjective before a noun (`a Roman bath house`, `Welsh people`).

Real people stay names: a person's cue before (`Dr. Austin`), a person's verb after (`Sofia called`), a surname after
(`Victoria Okafor said`), a person's pronoun in the sentence (`Sofia has good museums on her list`), a Turkish given
name with a case ending (`Ahmet'e söyledim`, `Ahmet'ten Ayşe'ye`). Pure functions, CPU only; a PERSON span's own
words are read before any sentence.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE, _PERSON_NEXT
from proxy.nlp.names import place_names
from proxy.nlp.place41 import _TRAVEL, _known, _sentence_start
from proxy.nlp.place42 import _TURKISH_CASE
from proxy.nlp.places import DESTINATIONS, city_names

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_PRONOUN = re.compile(r"(?i)\b(?:he|she|him|her|his|hers|himself|herself)\b")
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb"
           r"|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
_SEASON = rf"(?:(?:the[ \t]+)?(?:(?:wet|dry|rainy|monsoon|high|low|off|shoulder|summer|winter|holiday|ski)[ \t]+)?" \
          rf"season|(?:the[ \t]+)?(?:winter|summer|spring|autumn|fall|monsoon)|{_MONTHS})"

# A place's nouns in a clause after a town (`has a lovely inner harbour`, `hosts operas in the arena`): no person has
# them. `_LISTED_NOUNS`: a listed city's only (`has a large park`, `is known for its food`).
_PLACE_NOUNS = re.compile(
    r"(?i)\b(?:harbou?rs?|ports?|seaport|old[ \t]+(?:town|city|quarter|centre|center|market)|historic[ \t]+(?:centre"
    r"|center|quarter|district)|citadel|cathedrals?|minster|basilicas?|mosques?|temples?|synagogues?|waterfalls?"
    r"|waterfront|seafront|beaches|museums|galleries|public[ \t]+transport|trams?|metro|subway|squares|plazas"
    r"|piazzas|streets|canals|bridges|lakes|skyline|suburbs?|districts|neighbou?rhoods|boroughs|nightlife"
    r"|food[ \t]+scene|wine[ \t]+regions?|vineyards|wineries|climate|weather|population|inhabitants|airport"
    r"|train[ \t]+station|ferry|ferries|castle|fortress|ramparts|(?:city|roman|medieval|old|ancient|town)[ \t]+walls"
    r"|ruins|gorge|cliffs|mountains|hills|river|the[ \t]+sea|coastline|bay|marina|promenade|boardwalk|pier"
    r"|theme[ \t]+parks|national[ \t]+parks?|markets?|bazaars?|souks?|arena|amphitheatre|amphitheater"
    r"|opera[ \t]+house|botanic(?:al)?[ \t]+gardens?|parks|downtown|tournament|festival|carnival|regatta"
    r"|grand[ \t]+prix|operas|horse[ \t]+race|rainfall|sunshine[ \t]+hours|tourists|visitors|pilgrims"
    r"|sights|monuments|landmarks?)\b")
_LISTED_NOUNS = re.compile(
    r"(?i)\b(?:gardens?|park|library|scene|food|restaurants|caf[eé]s|bars|shops|shopping|hotels|transport|museum"
    r"|university|universities|prices|rain|snow|sun|beer|wine|nature|history|architecture|culture|views?|traffic"
    r"|neighbou?rhood|district|sea|coast|lake|hill|beach|zoo)\b")
# A town's description after `is` (`is a small town in Ohio`, `is the capital of`, `is surrounded by the Andes`).
_TOWN_IS = re.compile(
    r"(?i)[ \t]+is[ \t]+(?:(?:a|an|the)[ \t]+(?:(?!(?:at|in|on|of|for|with|from|by|to|and|or|who|that)\b)"
    r"[\w'’-]+[ \t]+){0,3}(?:town|city|suburb|capital|village|port|resort|base|island|region"
    r"|province|county|destination|municipality|metropolis|seaport|stopover|gateway"
    r"|pilgrimage[ \t]+(?:town|site|destination))\b(?!['’-]|[ \t]+(?:planner|council\w*|official|employee|manager"
    r"|worker|guide|dweller|girl|boy|kid|native|resident|person|editor|reporter|clerk|hall|coach|player|team)\b)"
    r"|surrounded[ \t]+by[ \t]+(?:the[ \t]+[A-Z]|mountains|hills|water|the[ \t]+sea|vineyards|forests?|walls|desert"
    r"|lakes|canals|rivers)|(?:best|worth)[ \t]+visit\w*|worth[ \t]+(?:a|the)[ \t]+(?:visit|day[ \t]+trip|detour"
    r"|stopover))")
# A listed city's description (`is famous for paella`, `is very crowded in July`, `gets a lot of rain`).
_LISTED_IS = re.compile(
    r"(?i)[ \t]+(?:is|gets)[ \t]+(?:(?:very|so|really|too|quite|extremely|pretty|always|usually|often)[ \t]+)?"
    r"(?:(?:known|famous|renowned|popular|noted|best[ \t]+known)[ \t]+for(?![ \t]+\w+ing\b)|crowded|humid|rainy"
    r"|windy|walkable|touristy|hilly|snowy|(?:a[ \t]+lot|lots|plenty)[ \t]+of[ \t]+"
    r"(?:rain|snow|sun|sunshine|tourists|visitors))\b")
# The same with a season or a month (`Lourdes gets crowded in August`; a listed city's `gets very hot in August`).
_SEASONAL_IS = re.compile(rf"(?i)[ \t]+(?:is|gets)[ \t]+(?:(?:very|so|really|too|quite|extremely)[ \t]+)?"
                          rf"(?:crowded|touristy|rainy|windy|humid|snowy|flooded)[ \t]+(?:in|during)[ \t]+{_SEASON}")
_SEASONAL_LISTED = re.compile(rf"(?i)[ \t]+(?:is|gets)[ \t]+(?:(?:very|so|really|too|quite|extremely)[ \t]+)?"
                              rf"(?:hot|cold|busy|wet|dry|sunny|quiet|quieter|expensive|cheap|freezing|mild|warm)"
                              rf"[ \t]+(?:in|during)[ \t]+{_SEASON}")
# A listed place after `closer to` (`Darwin is closer to Bali than to Sydney`).
_CLOSER = re.compile(r"[ \t]+is[ \t]+(?:much[ \t]+)?(?:closer|nearer)[ \t]+to[ \t]+([A-Z][\w'’-]+)")
# A person's nouns in the clause (`Charlotte has a market stall`, `Tyler has photos of the cathedral`).
_PERSON_NOUNS = re.compile(
    r"(?i)\b(?:stall|job|meeting|appointment|fever|cold|flu|kids|children|son|daughter|husband|wife|boyfriend"
    r"|girlfriend|partner|friends?|brother|sister|mother|father|mum|mom|dad|dog|cat|degree|idea|question|tickets?"
    r"|booking|reservation|interview|shift|room|flat|apartment|house|car|office|desk|photos?|pictures?|paintings?"
    r"|postcards?|book|books|talk|presentation|view|shop|business|boat|yacht|blog|podcast|collection|model|tattoo"
    r"|poster|map|guidebook|membership|subscription|pass|season[ \t]+ticket)\b")
_PREPOSITION = re.compile(r"(?i)\b(?:at|in|on|near|by|from|to|for|with|of|around|behind|across|over|about|into)\b")
# Verbs of a town whose clause names its place nouns (`has`, `hosts`, `sits between two lakes`).
_TOWN_VERB = re.compile(r"[ \t]+(?:(?:has|boasts|offers|hosts|is)[ \t]+(?!(?:been|gone|got|had|seen|left|moved"
                        r"|lived|worked|booked|taken|made|done|sent|said|told|asked|never|just|always|already|also"
                        r"|at|in|on|by|with|from|off|out|back|home|away|here|there|not|no)\b)|(?:sits|lies|stands)"
                        r"[ \t]+(?=on|in|at|by|between|along|beside|above|below|near|among|amid|astride|high|low)\b)")
_VERB_ED = re.compile(r"[ \t]+[a-z]+ed\b")
# A season's noun after a town (`Phoenix summers reach 45 degrees`), not the verb (`Madison summers in Maine`).
_SEASON_NOUN = re.compile(r"[ \t]+(?:summers|winters|weather|beaches|traffic|nightlife|skyline)[ \t]+(?!in\b|at\b"
                          r"|on\b|with\b|near\b)[a-z]")
_WEATHER = re.compile(r"(?i)\b(?:weather|cold|hot|warm|wet|rain\w*|snow\w*|humid\w*|crowded|busy|temperatures?"
                      r"|degrees|sunny|storms?|cyclones?|monsoon|what[ \t]+to[ \t]+(?:do|see|pack|wear)|how[ \t]+to"
                      r"[ \t]+get|open|closed)\b")
_CLAUSE_END = re.compile(r"[.;!?\n]|,[ \t]+(?:but|and|so|while|though)[ \t]")
# A listed city after a part of it and `of` (`a suburb of Denver`).
_PART_OF = re.compile(r"(?i)\b(?:suburbs?|districts?|neighbou?rhoods?|boroughs?|outskirts|heart|centre|center"
                      r"|downtown|north|south|east|west|north-east|north-west|south-east|south-west)[ \t]+of[ \t]+\Z")
# A Romanian preposition of place in a Romanian sentence (`Ce să vizitez în Brașov și Sibiu`).
_RO_PREP = re.compile(r"(?i)\b(?:în|din|spre|prin|lângă)[ \t]+\Z")
_RO_WORDS = re.compile(r"(?i)(?<!\w)(?:să|și|în|este|sunt|pentru|cum|ce|unde|zile|care|mai|nu|cât|până|trei|două"
                       r"|doi|vizitez|merg|ajung)(?!\w)")

# Turkish place heads, with the compound's suffix (`Van Gölü`, `Mevlana Müzesi`, `Ani Harabeleri`).
_TR_HEADS = frozenset("""
gölü müzesi camii cami kalesi sarayı çarşısı kenti köprüsü kulesi adası plajı vadisi dağı dağları parkı meydanı
limanı şelalesi mağarası koyu kanyonu harabeleri türbesi hamamı kilisesi manastırı yaylası şehri belediyesi
bulvarı caddesi sokağı mahallesi çarşı hanı külliyesi anıtı tiyatrosu ormanı burnu körfezi
""".split())

# Nordic number words (Norwegian, Swedish, Danish) and the words of their sentences.
_NORDIC_NUMBERS = frozenset("""
en ett ei to två tre fire fyra fem seks sex sju syv åtte åtta otte ni nio tio ti elleve elva tolv tretten tretton
fjorten fjorton femten femton seksten sexton sytten sjutton atten arton nitten nitton tjue tjugo tyve tjugu
""".split())
_NORDIC_WORDS = re.compile(r"(?i)(?<!\w)(?:og|och|i|på|er|är|å|att|til|till|med|det|vi|jeg|jag|har|for|för|skal"
                           r"|ska|kan|som|en|et|ett|af|af|fra|från|om|hver|varje|dager|dagar|dage|timer|timmar"
                           r"|netter|nätter|uker|veckor|uger|ting|personer|minutter|minuter)(?!\w)")

# Holidays and festivals, lower case, as written (`mardi gras`, `eid al-fitr`); one that is also a given name or a
# surname (`lucia`, `holi`) only in the phrase.
_HOLIDAYS = tuple(sorted((h.strip() for h in """
easter, christmas, xmas, new year, new year's eve, new year's day, hanukkah, chanukah, hannukah, passover, pesach,
rosh hashanah, rosh hashana, yom kippur, sukkot, succot, shavuot, purim, simchat torah, tisha b'av, lag baomer,
tu bishvat, yom hashoah, yom ha'atzmaut, ramadan, eid, eid al-fitr, eid al-adha, eid ul-fitr, eid ul-adha,
eid mubarak, mawlid, ashura, laylat al-qadr, isra and mi'raj, diwali, deepavali, holi, navratri, dussehra, durga puja,
ganesh chaturthi, raksha bandhan, janmashtami, makar sankranti, pongal, onam, baisakhi, vaisakhi, lohri, karva chauth,
chhath puja, ugadi, gudi padwa, vesak, wesak, losar, songkran, loy krathong, yi peng, tet, chuseok, seollal,
obon, setsubun, tanabata, hina matsuri, shichi-go-san, golden week, mid-autumn festival, qingming, dragon boat
festival, lantern festival, chinese new year, lunar new year, spring festival, nowruz, norouz, yalda, mardi gras,
fat tuesday, shrove tuesday, ash wednesday, maundy thursday, good friday, holy saturday, easter sunday, easter monday,
palm sunday, whit monday, whitsun, pentecost, ascension day, corpus christi, all saints' day, all souls' day,
candlemas, michaelmas, lammas, epiphany, advent, lent, twelfth night, boxing day, thanksgiving, halloween,
hallowe'en, kwanzaa, juneteenth, cinco de mayo, día de los muertos, dia de los muertos, día de muertos, día de reyes,
dia de reyes, semana santa, las fallas, la tomatina, san fermín, san fermin, fête de la musique, oktoberfest,
hogmanay, beltane, samhain, imbolc, lughnasadh, yule, midsummer, midsommar, sankthansaften, sankt hans, juhannus,
vappu, walpurgis night, walpurgisnacht, sinterklaas, krampusnacht, krampus night, st. lucia, santa lucia, lucia day,
up helly aa, burns night, bonfire night, guy fawkes night, guy fawkes day, anzac day, waitangi day, bastille day,
carnaval, carnival, fasching, fastnacht, karneval, orthodox easter, orthodox christmas, maslenitsa, ivan kupala,
timkat, meskel, thaipusam, hari raya, hari raya aidilfitri, hari raya haji, deepavali, nyepi, galungan, tết,
comic-con, roland garros, roland-garros, wimbledon
""".split(",") if h.strip()), key=len, reverse=True))
_QUALIFIERS = frozenset("""
orthodox catholic western eastern greek russian coptic armenian ethiopian serbian chinese lunar jewish islamic hindu
buddhist christian vietnamese korean japanese persian happy
""".split())
# Events named after a person (`Roland Garros`, `Guy Fawkes`): only before an event's noun or `Day`/`Night`.
_NAMED_EVENTS = frozenset({"roland garros", "roland-garros", "guy fawkes", "martin luther king", "st. patrick",
                           "saint patrick", "saint nicholas", "st. nicholas", "st. lucia", "santa lucia",
                           "st. david", "st. andrew", "st. george", "saint david", "saint andrew", "saint george",
                           "burns", "lucia", "valentine"})
_EVENT_NOUN = re.compile(r"(?:['’]s)?[ \t]+(?:tickets?|tournament|final|finals|draw|queue|stadium|dates?|parade|night"
                         r"|day|eve|weekend|festival|celebrations?|greetings|traditions|customs|bonfires?|fireworks"
                         r"|supper|dinner|sales?|holiday|badges?|schedule|lineup|line-up|programme|program|court"
                         r"|courts|2\d{3})\b")
# A holiday's head after a name (`Valentine's Day`, `Burns Night`, `Patrick's Day`).
_DAY_AFTER = re.compile(r"(?:['’]s)?[ \t]+(?:Day|Night|Eve|Festival|Fest|Carnival|Feast)\b")
_DAY_AFTER_S = re.compile(r"['’]s[ \t]+(?:Day|Night|Eve)\b")
# A holiday's frame after `X Day` (`: are banks closed?`, `in Sweden: ...`, `parade`).
_DAY_FRAME = re.compile(r"[ \t]*(?::|[ \t]in[ \t]+[A-Z]|[ \t]+(?:parade|celebrations?|traditions|fireworks|sales"
                        r"|weekend|holiday|greetings|bonfires?|supper|dinner|is[ \t]+(?:a|an|the)[ \t]+(?:public"
                        r"|bank|national|federal)?[ \t]*holiday))")
_HOLIDAY_CONTEXT = re.compile(r"(?i)\b(?:celebrat\w+|holidays?|festivals?|parades?|fireworks|traditions?|greetings"
                              r"|customs|bonfires?|feast|fasting|commemorat\w+|observ\w+|banks[ \t]+closed"
                              r"|shops[ \t]+(?:open|closed))\b")

# Demonyms and periods' adjectives (`Roman`, `Welsh`, `Victorian`) before a noun.
_DEMONYMS = frozenset("""
roman welsh greek irish scottish scots english british french german dutch flemish danish swedish norwegian finnish
icelandic polish czech slovak hungarian romanian bulgarian serbian croatian slovenian bosnian albanian macedonian
turkish kurdish armenian georgian russian ukrainian lithuanian latvian estonian spanish catalan basque galician
andalusian portuguese italian sicilian sardinian tuscan venetian florentine neapolitan milanese parisian breton norman
cornish bavarian swiss austrian viennese cretan cypriot maltese moorish arab arabic persian ottoman byzantine egyptian
moroccan indian chinese japanese korean thai vietnamese mexican aztec mayan inca incan peruvian brazilian argentine
argentinian chilean cuban jamaican canadian american australian celtic gaelic viking norse saxon anglo-saxon gothic
tudor victorian edwardian elizabethan jacobean georgian regency baroque romanesque jurassic cambrian devonian triassic
cretaceous newtonian darwinian freudian nordic scandinavian balkan hellenic etruscan phoenician minoan mycenaean
sumerian babylonian assyrian hittite mughal carolingian merovingian napoleonic
""".split())
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "my", "our", "their", "your", "its", "that", "this", "some",
                          "every", "all"})
# Verbs of a person after a name (with fp36's `_PERSON_NEXT`): `Roman runs the team`, `Roman calls you`.
_VERBS = frozenset("""
is was will would can could should may might must and or to who has had does did runs works plays calls makes takes
gives wants needs likes loves knows thinks goes comes leads manages owns drives teaches writes reads sees meets
helps says tells asks sends gets keeps lives moves stays speaks from at in on with for of about by here there too
also just again now
""".split())
_NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z'’-]*)(?:[ \t]+([a-z]+))?")


def without_place44(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as a place, a holiday or an adjective (see
    above)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    return [r for r in found if r[0] != "PERSON" or not _not_person(chunk, r[1], r[2], names)]


def _not_person(chunk: str, start: int, end: int, names: NameLists) -> bool:
    if _CUE.search(chunk, max(0, start - 12), start) is not None:
        return False  # (`Dr. Austin`, `Hi Savannah,`)
    return _holiday(chunk, start, end, names) or _demonym(chunk, start, end) or _turkish(chunk, start, end, names) \
        or _nordic_number(chunk, start, end) or _town(chunk, start, end, names)


def _low(word: str) -> str:
    return word.replace("İ", "I").replace("’", "'").lower().strip(".,'")


def _listed(word: str) -> bool:
    low = _low(word)
    return low in city_names() or low in DESTINATIONS or low in place_names()


def _sentence(chunk: str, start: int, end: int) -> str:
    m = re.compile(r"[.!?\n]").search(chunk, end)
    return chunk[_sentence_start(chunk, start):m.start() if m is not None else len(chunk)]


def _one_word(chunk: str, start: int, end: int) -> bool:
    """A single capitalised word, no capitalised word after it (`Sofia`, not `Sofia Petrova`)."""
    span = chunk[start:end]
    return re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)?", span) is not None and span[:1].isupper() \
        and re.match(r"[ \t]+[A-ZÀ-ÖØ-Þ]", chunk[end:end + 3]) is None


def _first_word(chunk: str, start: int) -> bool:
    at = _sentence_start(chunk, start)
    return chunk[at:start].strip(" \t\"'“‘*-•") == ""


def _town(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A town as the sentence's subject with a place's predicate, before a season, after `a suburb of` or a
    Romanian preposition of place."""
    span = chunk[start:end]
    if not span[:1].isupper() or not _one_word(chunk, start, end) or chunk.startswith(("'s", "’s"), end):
        return False
    if _PART_OF.search(chunk, max(0, start - 30), start) is not None and _listed(span):
        return True  # (`a suburb of Denver`)
    if _RO_PREP.search(chunk, max(0, start - 10), start) is not None:
        return len(_RO_WORDS.findall(_sentence(chunk, start, end))) >= 2  # (`în Brașov și Sibiu`)
    if not _first_word(chunk, start) or _PRONOUN.search(_sentence(chunk, start, end)) is not None:
        return False
    listed = _listed(span)
    if _season(chunk, start, end, names, listed):
        return True
    if _TOWN_IS.match(chunk, end) is not None or _SEASONAL_IS.match(chunk, end) is not None \
            or _SEASON_NOUN.match(chunk, end) is not None:
        return True  # (`Jackson is the capital of`, `Lourdes gets crowded in August`, `Phoenix summers reach`)
    if listed and (_LISTED_IS.match(chunk, end) is not None or _SEASONAL_LISTED.match(chunk, end) is not None):
        return True  # (`Valencia is famous for paella`, `Austin gets very hot in August`)
    closer = _CLOSER.match(chunk, end)
    if closer is not None:
        return _listed(closer.group(1)) or _known(closer.group(1))  # (`Darwin is closer to Bali`)
    verb = _TOWN_VERB.match(chunk, end)
    if verb is None or _VERB_ED.match(chunk, verb.end() - 1) is not None:
        return False
    stop = _CLAUSE_END.search(chunk, verb.end())
    clause = chunk[verb.end():stop.start() if stop is not None else len(chunk)]
    if _PERSON_NOUNS.search(clause) is not None:
        return False
    nouns = [m for m in (_PLACE_NOUNS.search(clause), _LISTED_NOUNS.search(clause) if listed else None) if m]
    if not nouns:
        return False
    noun = min(nouns, key=lambda m: m.start())
    # the place's noun is the verb's object (`has a lovely inner harbour`), not where the person is (`has a drink at
    # the harbour`); `sits` and `lies` take their preposition (`sits on a gorge`)
    return verb.group().split()[0] in ("sits", "lies", "stands") or _PREPOSITION.search(clause, 0, noun.start()) is None


def _season(chunk: str, start: int, end: int, names: NameLists, listed: bool) -> bool:
    """A listed city (and another town) before a season or a month and a question (`Darwin in the wet season: is it
    worth visiting?`, `Regina and Saskatoon in winter: how cold?`)."""
    if not listed:
        return False
    m = re.compile(rf"(?:[ \t]+(?:and|or|vs\.?|&)[ \t]+([A-ZÀ-ÖØ-Þ][\w'’-]+))?[ \t]+(?:in|during)[ \t]+{_SEASON}"
                   r"[ \t]*[:?]").match(chunk, end)
    if m is None or m.group(1) is not None and not _listed(m.group(1)) and names.is_first(m.group(1)):
        return False  # (`Austin and Maria in July?`)
    line_end = chunk.find("\n", m.end())
    rest = chunk[m.end():line_end if line_end >= 0 else len(chunk)]
    return _TRAVEL.search(rest) is not None or _WEATHER.search(rest) is not None


def _turkish(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A span across a Turkish case ending whose words are no given names (`Bodrum'dan Datça'ya tekneyle`,
    `Antalya'dan Kaş`), or round a Turkish place's head (`Van Gölü`, `Kars'ta Ani Harabeleri`)."""
    words = chunk[start:end].split()
    if len(words) < 2:
        return False
    if _low(_TURKISH_CASE.sub("", words[-1])) in _TR_HEADS:
        return True
    cased = [k for k, w in enumerate(words[:-1]) if _TURKISH_CASE.search(w) is not None]
    if not cased:
        return False
    for k, word in enumerate(words):
        base = _TURKISH_CASE.sub("", word)
        if not base[:1].isupper():
            continue
        if k > cased[0] and _low(base) in _TR_HEADS:
            continue
        if names.is_first(base) and not _listed(base):
            return False  # (`Ahmet'ten Ayşe'ye`, `Ankara'da Mehmet Demir`)
    return True


def _nordic_number(chunk: str, start: int, end: int) -> bool:
    """A Nordic number word before its noun (`for fem dager`, `Ti ting å gjøre i Oslo`)."""
    span = chunk[start:end]
    if span.lower() not in _NORDIC_NUMBERS:
        return False
    m = _NEXT_WORD.match(chunk, end)
    if m is None or m.group(1) in _PERSON_NEXT:
        return False
    return len(_NORDIC_WORDS.findall(_sentence(chunk, start, end))) >= 2


@functools.cache
def _holiday_re() -> re.Pattern[str]:
    body = "|".join(re.escape(h).replace(r"\ ", r"[ \t]+").replace("'", "['’]") for h in _HOLIDAYS)
    return re.compile(rf"(?i)(?<![\w'’-])(?:(?:{'|'.join(sorted(_QUALIFIERS))})[ \t]+)?(?:{body})(?![\w'’-])")


def _holiday(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A listed holiday (`Orthodox Easter`, `Cinco de Mayo`), a name before `'s Day` or `Night`, `X Day` in a
    holiday's frame, an event named after a person before its noun."""
    span = chunk[start:end]
    if _DAY_AFTER_S.match(chunk, end) is not None or re.match(r"[ \t]+Night\b", chunk[end:end + 8]):
        return True  # (`Valentine's Day`, `St. Patrick's Day`, `Burns Night`)
    words = span.split()
    if _person_verb(chunk, end):
        return False  # (`Epiphany said`, `Doris Day sang`)
    if len(words) > 1 and words[-1] in ("Day", "Night", "Eve") and _PRONOUN.search(_sentence(chunk, start, end)) \
            is None and (words[-1] != "Day" or _holiday_day(chunk, start, end, words, names)):
        return True  # (`Martin Luther King Jr. Day: are banks closed?`, `Lucia Day in Sweden`, `Krampus Night`)
    for m in _holiday_re().finditer(chunk, max(0, start - 40), min(len(chunk), end + 40)):
        if m.start() > end or m.end() < start or not chunk[m.start()].isupper():
            continue
        phrase = re.sub(r"[ \t]+", " ", m.group()).lower().replace("’", "'")
        if phrase in _NAMED_EVENTS and _EVENT_NOUN.match(chunk, m.end()) is None:
            continue  # (`Roland Garros was an aviator`)
        if m.start() <= start and end <= m.end():
            return True  # (`Orthodox Easter`, `Mardi Gras`, `Cinco de Mayo`)
        rest = (chunk[start:m.start()] + " " + chunk[m.end():end]).split() if start < m.start() or m.end() < end \
            else []
        if rest and (_known(" ".join(rest)) or all(_listed(w) for w in rest)):
            return True  # (`Comic-Con San Diego`)
    return False


def _person_verb(chunk: str, end: int) -> bool:
    m = _NEXT_WORD.match(chunk, end)
    return m is not None and m.group(1) in _PERSON_NEXT and m.group(1) not in ("has", "had")


def _holiday_day(chunk: str, start: int, end: int, words: list[str], names: NameLists) -> bool:
    """`X Day` in a holiday's frame: after `St.` or `Jr.` or a word that is no given name (`Martin Luther King Jr.
    Day:`, `Anzac Day`), else with a holiday's words or a country after it (`Lucia Day in Sweden`; not `Doris Day in
    Hollywood`)."""
    if words[-2] in ("Jr.", "Jr", "Sr.") or words[0] in ("St.", "St", "Saint", "Sankt") or not names.is_first(words[0]):
        return _DAY_FRAME.match(chunk, end) is not None or _HOLIDAY_CONTEXT.search(_sentence(chunk, start, end)) \
            is not None
    country = re.match(r"[ \t]+in[ \t]+([A-Z][\w'’-]+)", chunk[end:end + 40])
    return _HOLIDAY_CONTEXT.search(_sentence(chunk, start, end)) is not None or country is not None and (
        _low(country.group(1)) in place_names() or _listed(country.group(1)))


def _demonym(chunk: str, start: int, end: int) -> bool:
    """A demonym or a period's adjective (after an article in the span) before a noun (`a Roman bath house`, `Roman
    walls`, `Welsh people`), not before a verb (`Roman said`, `Roman runs the team`)."""
    words = chunk[start:end].split()
    if words and words[0].lower() in ("a", "an", "the") and len(words) == 2:
        words = words[1:]
    if len(words) != 1 or words[0].lower() not in _DEMONYMS or chunk.startswith(("'s", "’s"), end):
        return False
    m = _NEXT_WORD.match(chunk, end)
    if m is None or m.group(1) in _PERSON_NEXT or m.group(1).endswith("ed") or m.group(1) in _VERBS:
        return False
    return not (m.group(1).endswith("s") and m.group(2) in _DETERMINERS)
