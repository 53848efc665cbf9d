"""Science terms, places, headings and fiction the name rules read as a person (fp41, issue 12's false positives).

- a capitalised word (`Raman`, `Brillouin`, `Compton`, `Auger`) before a science head (`spectroscopy`, `scattering`,
  `spectra`, `radiation`), through a list of other techniques (`Raman and infrared spectroscopy`, `Raman, FTIR and
  XRD measurements`) or one or two lower-case words (`Auger electron spectroscopy`); a head that is also a verb
  (`shift`, `peaks`) not before an object (`Raman and Priya shift the meeting`);
- a country before `:` and its city (`Kenya: Nairobi`, `Jordan: Amman`), and the city after it;
- `Ditta`, `Società`, `Azienda` after the Italian letter opening `Spettabile` / `Spett.le`;
- a drink after `Café` / `Caffè` (`Café Crème`, `Un Café Crème`); a weather's plural noun before a storm's verb
  (`Storms battered`, `Gales lashed`);
- a heading's first word before `by` / `per` and a lower-case word (`Numbers by country:`);
- a region named like a person (`Brittany`, `Normandy`) after a storm's verb, `coast of`, `toured`..., or joined by
  `and` to another region or country (`Brittany and Normandy`);
- a fictional character in a sentence that names the character's work or hero (`Elsa and Anna sing in Frozen`,
  `Bruce Wayne is Batman`, `Simba and Nala grow up in The Lion King`).

Real people in the same frames stay names (`Dr. Raman will see you`, `Anna Kowalski called`, `Brittany Moreau`): a
person's cue before the span (`fp36._CUE`) or a person's verb after it keeps it. Pure functions, CPU only; each rule
is gated by a substring test.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp.everyday import STATES_COUNTRIES
from proxy.nlp.fp36 import _CUE, _PERSON_NEXT
from proxy.nlp.fp40 import _PLACE_BEFORE
from proxy.nlp.places import city_names

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# Science heads a person's name never takes (`Raman spectroscopy`); those that are verbs too need no object after.
_SCIENCE_HEADS = ("spectroscopy|spectroscopies|spectrum|spectra|spectrometer|spectrometers|spectrometry|scattering"
                  "|microscopy|microscope|microscopes|radiation|imaging|spectroscopic|lasers?|shifts?|bands?|peaks?"
                  "|lines|modes|signals?")
_VERB_HEADS = frozenset({"shift", "shifts", "band", "bands", "peak", "peaks", "lines", "modes", "signal", "signals"})
_CAP = r"(?:anti-)?[A-Z][\w'’-]*"
_SCIENCE = re.compile(r"(?:[ \t]*(?:,|/|and|or|&)[ \t]*(?:(?:and|or)[ \t]+)?" + _CAP + r")*"
                      r"(?:[ \t]*(?:,|/|and|or|&)[ \t]*(?:(?:and|or)[ \t]+)?(?:[a-z][\w-]*|[A-Z]{2,}[\w-]*))?"
                      r"(?:[ \t]+[a-z][\w-]*)?[ \t]+(" + _SCIENCE_HEADS + r")\b")
_SCIENCE_GATE = re.compile(r"(?i)spectr|scatter|microsc|radiation|raman|imaging")
_NOT_MODIFIER = frozenset("""
will would can could should must may might to is was are were has have had did does do not the a an his her their
my our your its who which that whose said says told asks asked wants needs and or of for with on at by from in
""".split())
_OBJECT = re.compile(r"[ \t]+(?:the|a|an|our|his|her|their|my|your|it|them|this|that|to|us|me)\b")

_COUNTRIES = STATES_COUNTRIES | frozenset("""
jordan chad georgia israel niger mali oman cuba china india kenya lebanon syria iraq iran qatar bahrain yemen
rwanda burundi malawi zambia angola namibia botswana gabon benin togo senegal guinea liberia chile bolivia
paraguay uruguay colombia venezuela ecuador panama honduras belize jamaica haiti nepal bhutan laos cambodia
mongolia armenia albania serbia croatia bosnia slovenia slovakia hungary romania bulgaria moldova ukraine belarus
latvia lithuania estonia luxembourg belgium netherlands switzerland malta cyprus tunisia algeria libya somalia
eritrea djibouti tanzania mozambique zimbabwe madagascar mauritius ghana cameroon congo
""".split())
_COUNTRY_CITY = re.compile(r"([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)[ \t]*:[ \t]*([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)")
_CITY_EXTRA = frozenset({"n'djamena", "n’djamena", "dodoma", "kampala", "kigali", "lusaka", "harare", "maputo",
                         "gaborone", "windhoek", "luanda", "bamako", "niamey", "dakar", "accra", "abuja", "lome",
                         "lomé", "cotonou", "freetown", "monrovia", "conakry", "muscat", "doha", "manama", "sanaa",
                         "thimphu", "kathmandu", "vientiane", "ulaanbaatar", "yerevan", "tirana", "podgorica",
                         "chisinau", "minsk", "vilnius", "riga", "tallinn", "valletta", "nicosia", "tunis", "algiers",
                         "tripoli", "mogadishu", "asmara", "sucre", "la paz", "asuncion", "asunción", "montevideo",
                         "quito", "tegucigalpa", "belmopan", "kingston", "port-au-prince", "antananarivo", "yaounde",
                         "yaoundé", "kinshasa", "brazzaville", "libreville", "addis ababa", "khartoum", "juba"})
_SPETT = re.compile(r"(?i)\bspett(?:abile|\.?le|\.)[ \t]+\Z")
_SPETT_WORDS = frozenset({"ditta", "società", "societa", "azienda", "impresa", "amministrazione", "direzione",
                          "redazione", "ufficio", "studio", "cooperativa", "banca", "agenzia"})
_CAFE = re.compile(r"(?:Café|Cafe|Caffè|Caffe)[ \t]+(?:Crème|Creme|Crema|Latte|Noir|Allongé|Allonge|Américain"
                   r"|Au[ \t]+Lait|Macchiato|Mocha|Viennois|Frappé|Frappe|Corretto|Lungo|Ristretto)\b")
_ARTICLES = frozenset("un une uno una le la il lo the a an one two".split())
_WEATHER_NOUNS = frozenset("""
storms gales winds floods waves rains snowstorms hurricanes tornadoes tornados blizzards typhoons cyclones showers
squalls downpours gusts wildfires fires heatwaves
""".split())
_STORM_VERB = re.compile(r"[ \t]+(?:battered|lashed|hit|swept|struck|pounded|flooded|drenched|ravaged|battering"
                         r"|lashing|sweeping|hitting|pounding|caused|forced|closed|cut|toppled|brought)\b")
_HEADING = re.compile(r"[ \t]+(?:by|per)[ \t]+[a-z][\w-]*(?:[ \t]+(?:and|&|/)[ \t]+[a-z][\w-]*)?[ \t]*:?[ \t]*"
                      r"(?:\n|\Z)")
_HEADING_START = re.compile(r"(?:\A|\n)[ \t#*>-]*\Z")
# Regions named like people (a region of France, a US state): a place in a place's frame only.
_REGIONS = frozenset({"brittany", "normandy", "burgundy", "provence", "champagne", "lorraine", "alsace", "savoy",
                      "georgia", "virginia", "carolina", "florence", "tuscany", "lombardy", "andalusia", "catalonia",
                      "bavaria", "cornwall", "devon", "kent", "victoria", "tasmania", "patagonia", "sierra",
                      "flanders", "wallonia", "galicia", "asturias", "aquitaine", "picardy", "dakota", "montana",
                      "india", "israel", "chad", "jordan", "kenya", "madison", "savannah", "phoenix", "austin"})
_REGION_BEFORE = re.compile(r"(?i)\b(?:(?:coast|coasts|coastline|north|south|east|west|centre|center|heart|tip"
                            r"|region|regions|villages|towns|beaches|cuisine|history|capital|map|ports?)[ \t]+of"
                            r"|toured|touring|tour|visited|visiting|explored|exploring|cycled|cycling|sailed|drove"
                            r"|across|throughout|southern|northern|eastern|western|rural|coastal)[ \t]+\Z")
_REGION_AND = re.compile(r"[ \t]+(?:and|or|&)[ \t]+([A-Z][a-z]+)\b")
_REGION_AND_BEFORE = re.compile(r"\b([A-Z][a-z]+)[ \t]+(?:and|or|&)[ \t]+\Z")

# Works and the characters in them, and heroes and who they are (`Bruce Wayne is Batman`).
_WORKS = """
Frozen: Elsa, Anna, Olaf, Kristoff, Hans
The Lion King: Simba, Nala, Mufasa, Scar, Timon, Pumbaa, Rafiki
Toy Story: Woody, Buzz Lightyear, Jessie, Andy
The Little Mermaid: Ariel, Ursula, Eric, Sebastian
Tangled: Rapunzel, Flynn Rider, Eugene Fitzherbert
Moana: Moana, Maui
Aladdin: Aladdin, Jasmine, Jafar
Cinderella: Cinderella
Mulan: Mulan
Encanto: Mirabel, Bruno
Coco: Miguel, Hector
Batman: Bruce Wayne, Alfred Pennyworth, Dick Grayson, Selina Kyle, Harvey Dent
The Dark Knight: Bruce Wayne, Alfred Pennyworth, Harvey Dent, Rachel Dawes
Superman: Clark Kent, Lois Lane, Lex Luthor
Man of Steel: Clark Kent, Lois Lane
Spider-Man: Peter Parker, Mary Jane Watson, May Parker, Miles Morales
Iron Man: Tony Stark, Pepper Potts, Happy Hogan
Wonder Woman: Diana Prince, Steve Trevor
Black Widow: Natasha Romanoff
Captain America: Steve Rogers, Bucky Barnes
The Avengers: Tony Stark, Steve Rogers, Natasha Romanoff, Bruce Banner, Clint Barton
Hulk: Bruce Banner
Thor: Thor, Loki, Jane Foster
Deadpool: Wade Wilson
Wolverine: Logan
Black Panther: T'Challa, Shuri
Doctor Strange: Stephen Strange
The Wizard of Oz: Dorothy Gale, Dorothy
To Kill a Mockingbird: Tom Robinson, Scout, Atticus, Jem
Pride and Prejudice: Elizabeth Bennet, Jane Bennet, Darcy, Lydia Bennet, Charles Bingley
The Great Gatsby: Jay Gatsby, Nick Carraway, Daisy Buchanan, Tom Buchanan
Little Women: Jo March, Meg March, Beth March, Amy March, Laurie
The Empire Strikes Back: Luke, Leia, Han, Lando Calrissian
The Hunger Games: Katniss, Peeta, Gale Hawthorne, Gale, Primrose Everdeen
Twilight: Bella, Edward, Jacob Black
Back to the Future: Marty, Doc Brown, Emmett Brown, Biff Tannen
Alien: Ellen Ripley, Ripley
Terminator: Sarah Connor, John Connor
Jurassic Park: Alan Grant, Ellie Sattler, Ian Malcolm, John Hammond
Finding Nemo: Nemo, Marlin, Dory
Shrek: Fiona, Donkey
Matilda: Matilda, Miss Honey
"""


@functools.cache
def _works() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    cast: dict[str, set[str]] = {}
    for line in _WORKS.strip().splitlines():
        work, _, people = line.partition(":")
        for person in people.split(","):
            cast.setdefault(person.strip(), set()).add(work.strip())
    titles = sorted({w for ws in cast.values() for w in ws}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t).replace(r"\ ", r"[ \t]+") for t in titles)
                         + r")(?![\w-])")
    return pattern, {k: frozenset(v) for k, v in cast.items()}


_WORK_GATE = re.compile(r"(?<![\w-])(?:Frozen|Lion|Toy|Mermaid|Tangled|Moana|Aladdin|Cinderella|Mulan|Encanto|Coco"
                        r"|Batman|Knight|Superman|Steel|Spider-Man|Iron|Wonder|Widow|Captain|Avengers|Hulk|Thor"
                        r"|Deadpool|Wolverine|Panther|Strange|Oz|Mockingbird|Prejudice|Gatsby|Women"
                        r"|Empire|Hunger|Twilight|Future|Alien|Terminator|Jurassic|Nemo|Shrek|Matilda)"
                        r"(?![\w-])")


def without_fp41(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as no person (see above)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    science = _SCIENCE_GATE.search(chunk) is not None
    works = _WORK_GATE.search(chunk) is not None
    out: list[Result] = []
    for r in found:
        cue = _CUE.search(chunk, max(0, r[1] - 12), r[1]) if r[0] == "PERSON" else None
        if cue is not None and cue.group().split()[0].lower() in ("with", "by") and works \
                and _character(chunk, r[1], r[2]):
            continue  # (`dances with Darcy in Pride and Prejudice`, as fp40 reads `with Norman Bates`)
        if r[0] != "PERSON" or cue is not None or _person_next(chunk, r[2]):
            out.append(r)
            continue
        if (science and _science(chunk, r[1], r[2], names)) or _country_city(chunk, r[1], r[2]) \
                or _spett(chunk, r[1], r[2]) or _cafe(chunk, r[1], r[2]) or _heading(chunk, r[1], r[2]) \
                or _region(chunk, r[1], r[2], names) or _weather(chunk, r[1], r[2]) \
                or (works and _character(chunk, r[1], r[2])):
            continue
        out.append(r)
    return out


def _person_next(chunk: str, end: int) -> bool:
    m = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 20])
    return m is not None and m.group(1) in _PERSON_NEXT


def _science(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Raman and infrared spectroscopy`, `Raman, FTIR and XRD measurements`, `Auger electron spectroscopy`: a
    capitalised word (an adjective before it: `Confocal Raman`) before a science head, through a list of techniques
    and one lower-case word at most; a verb's head (`shift`) before no object."""
    words = chunk[start:end].split()
    if len(words) == 2 and words[0].islower() is False and names.is_first(words[0]):
        return False
    if len(words) > 2 or not words[-1][:1].isupper():
        return False
    m = _SCIENCE.match(chunk, end, min(len(chunk), end + 80))
    if m is None:
        return False
    between = re.findall(r"[A-Za-z][\w'’-]*", chunk[end:m.start(1)])
    if between and between[0].islower() and between[0].endswith("ed"):
        return False  # (`Kowalski collected spectra`)
    if any(w.lower() in _NOT_MODIFIER - {"and", "or"} for w in between) \
            or any(w[:1].isupper() and names.is_first(w) and not w.isupper() for w in between):
        return False  # (`Raman and Priya shift the rota`)
    head = m.group(1)
    return head not in _VERB_HEADS or _OBJECT.match(chunk, m.end()) is None


def _country_city(chunk: str, start: int, end: int) -> bool:
    """`Kenya: Nairobi`, `Jordan: Amman`: a country before `:` and one of its cities (or a capital), either word."""
    if ":" not in chunk[max(0, start - 30):end + 30]:
        return False
    for m in _COUNTRY_CITY.finditer(chunk, max(0, start - 30), min(len(chunk), end + 40)):
        if m.start() <= start and end <= m.end() and m.group(1).lower() in _COUNTRIES:
            city = m.group(2).lower()
            if city in city_names() or city in _CITY_EXTRA or city.split()[0] in _CITY_EXTRA:
                return True
    return False


def _spett(chunk: str, start: int, end: int) -> bool:
    """`Spett.le Ditta`, `Spettabile Società`: a firm's word after the Italian letter opening."""
    return chunk[start:end].lower() in _SPETT_WORDS and _SPETT.search(chunk, max(0, start - 14), start) is not None


def _cafe(chunk: str, start: int, end: int) -> bool:
    """`Café Crème`, `Caffè Latte` (an article before it in the span: `Un Café Crème`)."""
    if "af" not in chunk[start:end]:
        return False
    for m in _CAFE.finditer(chunk, max(0, start - 8), end + 12):
        lead = chunk[start:m.start()].split() if start < m.start() else []
        if start < m.end() and end <= m.end() and all(w.lower() in _ARTICLES for w in lead):
            return True
    return False


def _weather(chunk: str, start: int, end: int) -> bool:
    """`Storms battered Brittany`, `Gales lashed the coast`: a weather's plural noun before a storm's verb."""
    return chunk[start:end].lower() in _WEATHER_NOUNS and _STORM_VERB.match(chunk, end) is not None


def _heading(chunk: str, start: int, end: int) -> bool:
    """`Numbers by country:`: a one-word heading's noun at a line's start before `by`/`per` and a lower-case word."""
    word = chunk[start:end]
    return " " not in word and word.istitle() and _HEADING_START.search(chunk, max(0, start - 8), start) is not None \
        and _HEADING.match(chunk, end) is not None


def _region(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`battered Brittany`, `the coast of Brittany`, `toured Brittany`, `Brittany and Normandy`: a region named like a
    person in a place's frame."""
    word = chunk[start:end]
    if word.lower() not in _REGIONS or chunk.startswith(("'s", "’s"), end):
        return False
    if _PLACE_BEFORE.search(chunk, max(0, start - 24), start) is not None \
            or _REGION_BEFORE.search(chunk, max(0, start - 24), start) is not None:
        return True
    nxt = _REGION_AND.match(chunk, end)
    prev = _REGION_AND_BEFORE.search(chunk, max(0, start - 24), start)
    return any(m is not None and m.group(1).lower() != word.lower()
               and (m.group(1).lower() in _REGIONS or m.group(1).lower() in _COUNTRIES) for m in (nxt, prev))


def _character(chunk: str, start: int, end: int) -> bool:
    """`Elsa and Anna sing in Frozen`, `Bruce Wayne is Batman`: a listed character of a work the sentence names."""
    pattern, cast = _works()
    for m in pattern.finditer(chunk, max(0, start - 40), min(len(chunk), end + 40)):
        if m.start() <= start and end <= m.end() and " " in m.group(1):
            return True  # (`Knight` of `The Dark Knight`)
    value = re.sub(r"[ \t]+", " ", chunk[start:end])
    if value.endswith(("'s", "’s")):
        value = value[:-2]
    works = cast.get(value)
    if works is None:
        return False
    a, b = chunk.rfind("\n", 0, start) + 1, chunk.find("\n", end)
    line = chunk[max(a, start - 120):min(b if b >= 0 else len(chunk), end + 120)]  # (`meets Mr. Darcy in ...`)
    return any(re.sub(r"[ \t]+", " ", m.group(1)) in works for m in pattern.finditer(line))
