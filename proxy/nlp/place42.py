"""Places the name rules read as a person outside English travel sentences (place42, fpatk42 FP04, issue 12's false
positives; place41 reads the English travel frames).

- a listed city (`proxy.nlp.places.city_names`, `DESTINATIONS`) after a preposition of place of German, Italian,
  Spanish, Portuguese, French, Dutch, the Nordic languages, Polish or Czech (`nach Berlin`, `a Verona`, `til Bergen`,
  `do Łodzi`, `A prefeitura de Salvador`), or with a Turkish case ending after an apostrophe (`Bursa'da`); a city
  that is also a given name (`Roma`, `Bergen`, `Salvador`) only after a preposition that takes no person, in a
  sentence of that language, after a place's noun (`la prefeitura de`, `quello di`) or on a route with another
  city (`zwischen Hamburg und Berlin`, `da Roma a Palermo`);
- a span that swallowed ordinary words round a listed city (`Miasto Kraków`, `İzmir Büyükşehir Belediyesi yeni vapur
  seferleri`, `Bari si occuperà`): its other words are lower case or a municipality's words;
- a landmark: the span with the capitalised words beside it is a listed destination (`Big Sur`, `Vang Vieng`,
  `Rothenburg ob der Tauber`), it stands before `City` (`Ho Chi Minh City`) or a place's head after `'s`
  (`Arthur's Seat`), it is a place's head after a word that is no given name (`Notting Hill`), or it is a place's
  lead word before a capitalised word (`Mont Saint-Michel`);
- a city in data: the first cell of a line (a CSV or tab row, a bullet, a bare line) in a column that holds other
  listed cities (`Lyon, 2024-W10, 412` over `Porto, 2024-W10, 290`; `Lyon\\nLille\\nNantes`), and a route of listed
  cities (`Lyon-Paris: 2h TGV`).

Real people stay names: a person's cue before (`Dr. Lyon`), a person's verb after (`Milan Novak called`), a given
name and a surname (`Austin Moreau`), a possessive (`Bergen's report`), a message's or a kin's noun before `de`/`di`
(`la hija de Salvador`). Pure functions, CPU only; a set lookup per PERSON span before any regex.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE
from proxy.nlp.fpco40 import _THE, _person_next
from proxy.nlp.place41 import _LEADS, _NAME_LEADS, _PEOPLE, _full_name, _known, _sentence_start
from proxy.nlp.places import CITY_HEADS, DESTINATIONS, city_names

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# Prepositions of place (German, Italian, Spanish, Portuguese, French, Dutch, Nordic, Polish, Czech; English `in`).
_PREPS = frozenset("""
nach aus in bei zwischen von ab bis
a da di in per verso tra fra
en de desde hasta hacia entre
em de do da para até entre no na
à au de en vers entre
naar uit van tot tussen
til fra i mellom mellan till från
w we z ze do od przez na i
v ve z ze do od na a
""".split())
# Of those, the ones that take no person (`nach`, `til`, `w`, `zwischen`): a city that is also a given name after them
# is the place.
_STATIC = frozenset({"nach", "aus", "in", "zwischen", "ab", "bis", "verso", "hacia", "hasta", "desde", "até", "vers",
                     "naar", "uit", "tussen", "til", "till", "i", "mellom", "mellan", "w", "we", "v", "ve", "od",
                     "przez", "fra", "från", "z", "ze", "tra", "entre"})
# A route's or a list's link between two places (`da Roma a Palermo`, `zwischen Hamburg und Berlin`).
_LINKS = frozenset({"und", "and", "e", "y", "et", "en", "og", "och", "i", "a", "to", "til", "till", "do", "nach", "bis",
                    "à", "au", "para", "hasta", "naar", "or", "oder", "o", "ou", "-", "–", "→", ","})
# English prepositions before a route (`from Hanoi to Hue`, `between Leeds and York`).
_FROM = frozenset({"from", "between", "via"})
# Nouns of messages and kin before `de`/`di`/`da` (`la hija de Salvador`, `il messaggio di Roma`): a person's.
_PERSON_OF = frozenset("""
hijo hija hijos padre madre esposa esposo marido mujer hermano hermana amigo amiga novio novia abuelo abuela tío tía
figlio figlia padre madre moglie marito fratello sorella amico amica nonno nonna zio zia
filho filha pai mãe esposa marido irmão irmã amigo amiga avô avó tio tia
fils fille père mère femme mari frère soeur sœur ami amie
mensaje correo carta email mail messaggio lettera mensagem recado lettre courriel message nota parte
casa cumpleaños compleanno aniversário anniversaire regalo presente cadeau
""".split())
# Words of a sentence in one of those languages (articles, auxiliaries, pronouns, conjunctions): no English text.
_FOREIGN = re.compile(
    r"(?i)(?<!\w)(?:der|die|das|den|dem|ist|sind|wird|nicht|mit|ein|eine|einen|für|auf|il|lo|gli|una|della|delle"
    r"|degli|nel|nella|è|sono|che|per|del|los|las|el|es|está|por|con|una|um|uma|os|não|é|são|com|pelo|pela|le|les"
    r"|des|est|une|sont|pour|avec|dans|het|een|zijn|wordt|niet|voor|met|og|er|ikke|jeg|vi|med|för|och|är|att|jest"
    r"|się|nie|jak|oraz|który|która|je|jsou|se|un|di|al|alla|non|si|ma|dal|sul|la)(?!\w)")
# Verbs of messages before `a`/`à` (`scrivi a Verona`, `escribe a Salvador`): a person's.
_TELL = frozenset("""
scrivi scrivere scrive manda mandare invia inviare chiedi chiedere telefona telefonare rispondi rispondere dire dai
dare grazie escribe escribir envía envia enviar manda mandar pregunta preguntar dile llama llamar gracias écris
écrire envoie envoyer demande demander dis dire merci téléphone escreva escrever pergunte perguntar diga dizer ligue
ligar obrigado obrigada
""".split())
# A place's noun before the preposition (`la prefeitura de Salvador`, `il team di Torino`, `quello di Bari`).
_PLACE_OF = frozenset("""
prefeitura prefeito câmara município cidade ciudad ayuntamiento alcalde municipio città comune sindaco stadt
gemeinde bürgermeister ville mairie maire gemeente stad kommune kommun miasto gmina urząd prezydent město
team squadra equipo equipe équipe quello quella quelli quelle el la los las o os ceux celui
negozio tienda loja magasin winkel butik sklep filiale sede oficina ufficio büro kontor biuro
aeroporto aeropuerto aéroport flughafen lufthavn lotnisko stazione estación estação gare bahnhof stasjon dworzec
porto puerto port hafen havn zona barrio bairro quartiere centro center centrum zentrum
""".split())
# Municipality and city words of the same languages (`Miasto Kraków`, `İzmir Büyükşehir Belediyesi`).
_MUNICIPAL = frozenset("""
miasto gmina powiat województwo stadt landkreis kreis gemeinde comune città provincia ciudad cidade ville commune
municipio município gemeente stad kommune kommun město büyükşehir belediyesi belediye belediyesinin il ilçe valiliği
city municipality county borough
""".split())
# Turkish case endings after an apostrophe (`Bursa'da`, `İzmir'den`, `Ankara'ya`).
_TURKISH_CASE = re.compile(r"['’](?:da|de|ta|te|dan|den|tan|ten|ya|ye|a|e|ı|i|u|ü|yı|yi|yu|yü|nın|nin|nun|nün|ın|in"
                           r"|un|ün|daki|deki|taki|teki|lı|li|lu|lü)\Z")
# A place's head after a name and `'s` (`Arthur's Seat`, `Martha's Vineyard`, `Hadrian's Wall`).
_HEAD_AFTER_S = re.compile(r"['’]s[ \t]+(?:Seat|Causeway|Wall|Vineyard|Landing|Dyke|Dike|Ferry|Cave|Bay|Inn"
                           r"|Cathedral|Chapel|Island|Point|Peak|Crossing)\b")
# Heads of a place after a word that is no given name (`Notting Hill`, `Primrose Hill`, `Hyde Park`).
_HEADS = frozenset("""
hill hills park gardens garden square bridge castle abbey cathedral palace island islands bay falls harbour harbor
dock docks wharf quay pier market heath common green fields street lane road avenue station seat tower gate wall
tor loch
""".split())
_CITY_AFTER = re.compile(r"[ \t]+City\b")
_CAPS_BEFORE = re.compile(r"((?:[A-ZÀ-ÖØ-Þ][\w'’.-]*[ \t]+(?:(?:de|da|do|del|di|la|el|ob|der|am|an|sur|upon|on)"
                          r"[ \t]+){0,2}){1,2})\Z")
_CAPS_AFTER = re.compile(r"(?:[ \t]+(?:(?:de|da|do|del|di|la|el|ob|der|am|an|sur|upon|on)[ \t]+){0,2}"
                         r"[A-ZÀ-ÖØ-Þ][\w'’.-]*){1,2}")
# Words of a list of people before a column (place41's `_PEOPLE` and these).
_ROSTER = re.compile(r"(?i)\b(?:roster|players?|staff|employees?|people|names?|contacts?|students?|patients?|users?"
                     r"|customers?|candidates?|applicants?|authors?|reviewers?|assignees?|signatures?|name_\w+"
                     r"|\w+_name)\b")
# An event's or a business's noun after a city (`Austin meetup`, `Milan launch`), with `CITY_HEADS`.
_EVENTS = frozenset("""
meetup meetups launch launches offsite offsites kickoff kick-off event events conference workshop workshops hackathon
summit roadshow expansion opening pilot sales revenue numbers figures budget agenda venue trip visit schedule demo
demos release migration marathon edition fair expo showroom flagship retreat onsite on-site
""".split())
_NOUN_AFTER = re.compile(r"[ \t]+([a-z][a-z-]*)\b")
_CAP_WORD = re.compile(r"(?<![\w'’.-])[A-ZÀ-ÖØ-Þ]")
_WORD_BEFORE = re.compile(r"(?:^|(?<=[^\w'’-]))([\w'’]+|[-–→,])[ \t]*\Z")
_CELL_END = re.compile(r"[ \t]*(?:[,;\t|:]|\Z|\n|(?=\d))")
_BULLET = re.compile(r"[ \t]*(?:[-*•]|\d{1,2}[.)])?[ \t]*\Z")
_LINE_CELL = re.compile(r"[ \t]*(?:[-*•]|\d{1,2}[.)])?[ \t]*([^\W\d_][\w'’.-]*(?:[ \t][^\W\d_][\w'’.-]*){0,2})"
                        r"[ \t]*(?=[,;\t|:]|\Z|[ \t]+\d)")


def without_place42(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as a place (see above)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    memo: dict[str, object] = {}
    return [r for r in found if r[0] != "PERSON" or not _place(chunk, r[1], r[2], names, memo)]


def _low(word: str) -> str:
    return word.replace("İ", "I").replace("’", "'").lower().strip(".,'")


def _city(word: str) -> bool:
    """A listed city or destination (`Kraków`, `İzmir`, `Bursa'da`), its Turkish case ending off."""
    low = _low(_TURKISH_CASE.sub("", word))
    return low in city_names() or low in DESTINATIONS


def _plain_city(word: str, names: NameLists) -> bool:
    """A listed city that is no listed given name (`Palermo`, `Kraków`; not `Roma`, `Bergen`)."""
    base = _TURKISH_CASE.sub("", word)
    return _city(base) and not names.is_first(_low(base))


def _place(chunk: str, start: int, end: int, names: NameLists, memo: dict[str, object]) -> bool:
    span = chunk[start:end]
    if _CUE.search(chunk, max(0, start - 12), start) is not None:
        return False
    if _HEAD_AFTER_S.match(chunk, end) is not None or _CITY_AFTER.match(chunk, end) is not None:
        return not _full_name(span, names) or _CITY_AFTER.match(chunk, end) is not None
    if chunk.startswith(("'s ", "’s "), end):
        return False
    if _person_next(chunk, end):
        return False
    words = span.split()
    caps = [w for w in words if w[:1].isupper() and _low(w) not in _MUNICIPAL]
    if len(caps) == 2 and words[0] == caps[0] and _first_word(chunk, start) == start \
            and not names.is_name(caps[0]) and _city(caps[1]):
        caps = caps[1:]  # (`Kontoret i Stavanger`, `Lähdemme Tampereelta`: a sentence's first word)
    if len(caps) == 1 and len(words) > 1 and _city(caps[0]):
        # a city and ordinary or municipal words (`Miasto Kraków`, `Bari si occuperà`)
        if any(_low(w) in _MUNICIPAL for w in words) or _plain_city(caps[0], names):
            return True
        at = start + span.index(caps[0])
        return _framed(chunk, at, at + len(caps[0]), names)
    if len(words) == 1 and _city(span):
        if _TURKISH_CASE.search(span) is not None or _low(_word_before(chunk, start)) in _MUNICIPAL \
                or _framed(chunk, start, end, names) or _route(chunk, start, end, names) \
                or _column(chunk, start, end, names, memo) \
                or _modifier(chunk, start, end):
            return True
    if "-" in span and all(_city(p) for p in span.split("-")):
        return True  # (`Lyon-Paris`)
    return _landmark(chunk, start, end, names)


def _surname_head(word: str, names: NameLists) -> bool:
    """A place's head that is a surname too (`Hill`, `Park`, `Green`, `Lane`)."""
    return _low(word) in names.last or _low(word) in ("park", "hall")


def _first_word(chunk: str, at: int) -> int:
    """Where the first word of the sentence holding `at` begins."""
    m = re.search(r"[^ \t\n]", chunk[_sentence_start(chunk, at):at])
    return _sentence_start(chunk, at) + (m.start() if m is not None else 0)


def _modifier(chunk: str, start: int, end: int) -> bool:
    """A city before an event's or a business's noun, with no name part before it (`Austin meetup moved`, `Milan
    launch checklist`; fp28 reads it after a determiner)."""
    m = _NOUN_AFTER.match(chunk, end)
    if m is None or (m.group(1) not in CITY_HEADS and m.group(1) not in _EVENTS):
        return False
    prev = re.search(r"([\w'’-]+)[ \t]*\Z", chunk[max(0, start - 30):start])
    return prev is None or not prev.group(1)[:1].isupper() or _first_word(chunk, start) == start


def _word_before(chunk: str, start: int) -> str:
    m = _WORD_BEFORE.search(chunk, max(0, start - 30), start)
    return m.group(1).lower() if m is not None else ""


def _framed(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A listed city after a preposition of place (`nach Berlin`, `a Verona`, `til Bergen`); one that is also a given
    name after a preposition that takes no person, in a sentence of those languages after a place's noun, or with
    another city on its route."""
    prep = _word_before(chunk, start)
    if prep not in _PREPS and prep not in _LINKS:
        return False
    city = chunk[start:end]
    before = chunk[max(0, start - 60):start].rstrip()
    before = before[:len(before) - len(prep)].rstrip()
    noun = re.search(r"([\w'’]+)[ \t]*\Z", before)
    noun_word = noun.group(1).lower() if noun is not None else ""
    if _route(chunk, start, end, names):
        return True
    if noun_word in _PERSON_OF or (noun is not None and noun_word[:1] != noun.group(1)[:1] and prep in (
            "de", "di", "da", "do", "du", "von", "van")):
        return False  # (`la hija de Salvador`, `Maria de Salvador`)
    if prep not in _PREPS:
        return False
    if _plain_city(city, names):
        return True
    if prep in _STATIC or noun_word in _PLACE_OF:
        return True
    sentence = chunk[_sentence_start(chunk, start):min(len(chunk), end + 100)]
    return prep not in ("in", "e", "y", "i", "en") and noun_word not in _TELL and len(_FOREIGN.findall(sentence)) >= 2


def _route(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """The city's neighbour across a route's or a list's link is another listed city, one of the two no given name,
    the pair after a preposition of place or joined by a dash (`da Roma a Palermo`, `zwischen Hamburg und Berlin`,
    `fra Oslo til Bergen`, `Lyon – Paris`; not `Austin and Lyon will present`)."""
    city = chunk[start:end]
    after = re.match(r"[ \t]*([\w'’]+|[-–→,])[ \t]*([A-ZÀ-ÖØ-Þ][\w'’]*)", chunk[end:end + 40])
    if after is not None and _pair(chunk, start, city, after.group(1), after.group(2), names):
        return True
    before = re.search(r"([A-ZÀ-ÖØ-Þ][\w'’]*)[ \t]*([\w'’]+|[-–→,])[ \t]*\Z", chunk[max(0, start - 40):start])
    return before is not None and _pair(chunk, start - len(before.group()) + before.start(1) - before.start(),
                                        before.group(1), before.group(2), city, names)


def _pair(chunk: str, first_at: int, first: str, link: str, second: str, names: NameLists) -> bool:
    if link.lower() not in _LINKS or not _city(first) or not _city(second):
        return False
    if link in "-–→":
        return True  # (`Paris-London: 2h16`)
    frame = _STATIC | _FROM if link.lower() in ("and", "or", ",", "to") else _PREPS | _FROM
    return (_plain_city(first, names) or _plain_city(second, names)) and _word_before(chunk, first_at) in frame


def _column(chunk: str, start: int, end: int, names: NameLists, memo: dict[str, object]) -> bool:
    """The first cell of a line (a row, a bullet, a bare line) in a run of such lines whose first cells are listed
    cities, one of them no given name (`Lyon, 2024-W10, 412` over `Porto, 2024-W10, 290`; `Lyon\\nLille\\nNantes`);
    not after a word of people (`Attendees:`), nor before words only (`Austin, manager`). The runs are read once a
    text (`memo`)."""
    line_start = chunk.rfind("\n", 0, start) + 1
    if _BULLET.fullmatch(chunk, line_start, start) is None or _CELL_END.match(chunk, end) is None:
        return False
    if "people" not in memo:
        marks = [m.start() for r in (_PEOPLE, _ROSTER) if (m := r.search(chunk)) is not None]
        memo["people"] = min(marks, default=len(chunk))
        memo["runs"] = _city_runs(chunk, names)
    if memo["people"] < start:  # type: ignore[operator]
        return False  # (`Attendees:\nAustin\nLyon`, `name,age\nAustin,34`)
    line_end = chunk.find("\n", end)
    rest = chunk[end:line_end if line_end >= 0 else len(chunk)]
    if rest.strip() and not any(c.isdigit() for c in rest):
        return False  # a row of words (`Austin, manager`), no data
    return chunk.count("\n", 0, start) in memo["runs"]  # type: ignore[operator]


def _city_runs(chunk: str, names: NameLists) -> frozenset[int]:
    """The lines (by number) of the runs of lines alike (a first cell, then the same delimiter) whose first cells are
    listed cities: two at least, half at least, one of them no given name."""
    runs: list[tuple[str | None, list[int], list[str]]] = []
    for k, line in enumerate(chunk.split("\n")):
        m = _LINE_CELL.match(line)
        delimiter = None if m is None else line[m.end():m.end() + 1].strip(" ")
        if delimiter is not None and runs and runs[-1][0] == delimiter:
            runs[-1][1].append(k)
            runs[-1][2].append(m.group(1).strip())  # type: ignore[union-attr]
        else:
            runs.append((delimiter, [k], [m.group(1).strip()] if m is not None else []))
    out: set[int] = set()
    for delimiter, lines, cells in runs:
        cities = [c for c in cells if _city(c)]
        if delimiter is not None and len(cities) >= 2 and len(cities) * 2 >= len(cells) \
                and any(_plain_city(c, names) for c in cities):
            out.update(lines)
    return frozenset(out)


def _landmark(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Big Sur`, `Vang Vieng`, `Rothenburg ob der Tauber` (listed with the capitalised words beside them), `Notting
    Hill` (a place's head after a word that is no given name), `Mont Saint-Michel` (a place's lead word before a
    capitalised word that is no surname)."""
    span = chunk[start:end]
    left = _CAPS_BEFORE.search(chunk, max(0, start - 40), start)
    right = _CAPS_AFTER.match(chunk, end)
    lefts = [""] if left is None else [""] + [left.group(1)[m.start():] for m in _CAP_WORD.finditer(left.group(1))]
    rights = [""] if right is None else ["", right.group()] + ([m.group() for m in [re.match(
        r"[ \t]+[A-ZÀ-ÖØ-Þ][\w'’.-]*", right.group())] if m is not None])
    for a in lefts:
        for b in rights:
            if (a or b) and _known(a + span + b):
                return True
    words = span.split()
    if len(words) > 1 and _known(span, names) or len(words) == 1 and _low(span) in DESTINATIONS and (
            not names.is_name(span) or _THE.search(chunk, max(0, start - 6), start) is not None):
        return True  # (`Vang Vieng`, `Runnymede`, `the Alcázar`; a one-word city needs a frame)
    if len(words) > 1 and _low(words[-1]) in _HEADS and not any(
            names.is_any_first(w) or _low(w) in names.last for w in words[:-1]) \
            and (not _surname_head(words[-1], names) or all(names.is_common(w) for w in words[:-1])):
        return True  # (`Dunluce Castle`; not `Seo-yeon Park`)
    if len(words) == 1 and right is not None and _low(words[0]) in _LEADS:
        nxt = right.group().split()[0]
        if nxt[:1].isupper() and (_low(words[0]) not in _NAME_LEADS or _low(nxt) not in names.last):
            return True  # (`Mont Saint-Michel`)
    if _low(words[-1]) in _HEADS and left is not None and len(words) == 1:
        prev = left.group(1).split()[-1]
        return not names.is_any_first(prev) and _low(prev) not in names.last and not names.is_very_common(prev) \
            and prev[:1].isupper() and (not _surname_head(words[-1], names) or names.is_common(prev)
                                        or prev.endswith(("'s", "’s")))  # (`Hadrian's Wall`)
    return False
