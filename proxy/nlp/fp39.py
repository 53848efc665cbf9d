"""Landmarks, works, products, events, titles and articles the name rules read as a person (fp39, atk38 FP01-FP04).

- a well-known landmark, work, product, hotel, event or fictional character written whole (`Mona Lisa`, `Taj
  Mahal`, `Rosetta Stone`, `Kindle Paperwhite`, `Ritz-Carlton`, `Romeo and Juliet`, `Santa Claus`, `Chelsea Flower
  Show`; `_KNOWN`): a name finding inside one, unless a person's cue stands right before it (`Ask Mona Lisa`); an
  airport named after a person (`Charles de Gaulle`, `John F. Kennedy`) only in a sentence about flying (`fly into
  Charles de Gaulle`) or before `airport`/`terminal`, and no person's verb after it (`Charles de Gaulle said`);
- a work's title `A and B` in quotes or emphasis after a word of works (`read "Tristan and Isolde"`), capitalised
  words after `the` before an event's, a prize's or an object's head (`the Chelsea Flower Show`, `the Booker
  Prize`, `the Rosetta Stone`);
- a storm's name after its word (`Hurricane Katrina`, `Typhoon Haiyan`, `Cyclone Tracy`, `Storm Ciarán`);
- a term named after a person's full name after an article and before a term's head (`the Monty Hall problem`,
  `the Marilyn Monroe effect`: `proxy.nlp.eponyms.EPONYM_HEADS` less the heads a person's record takes, `number`,
  `code`, `test`);
- a title of nobility before `of` and a place (`the Duke of Wellington`, `the Earl of Sandwich`): the title alone;
- a listed city after `central`, `downtown`, `northern`... (`central Berlin`, `downtown Houston`);
- a Romance article, preposition or pronoun in lower case read as a name (`per una posizione`, `des clients`);
- a street's name between a house number and a street's word (`14 Vilakazi St`, an EDIFACT `NAD` address).

A station's, an underground's or a hotel's head after a place (`Köln Hbf`, `the London Underground`) is
`proxy.nlp.recognizers.PLACE_HEADS`'. Real people stay names (`Frank Herbert`, `Adam Smith`), and a name beside
a listed phrase stays (`Mona Lisa Smith`). Pure functions, CPU only; each rule is gated by a substring test.
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.eponyms import EPONYM_HEADS
from proxy.nlp.fp28 import _ROMANCE_NEXT
from proxy.nlp.fp30 import _FLYING
from proxy.nlp.fp36 import _CUE, _PERSON_NEXT, _sentence
from proxy.nlp.places import city_names

Result = tuple[str, int, int, float]

# Landmarks, works of art and literature, products, hotels, events and fictional characters named like a person
# (one a line; matched as written, capitals included).
_KNOWN = """
Mona Lisa|Taj Mahal|Rosetta Stone|Venus de Milo|Hagia Sophia|Big Ben|Burj Khalifa|Machu Picchu|Angkor Wat
Sagrada Familia|Christ the Redeemer|Chichen Itza|Abu Simbel|Mount Rushmore|Elgin Marbles|Girl with a Pearl Earring
Sistine Chapel|Ponte Vecchio|Brandenburg Gate|Checkpoint Charlie|Victoria Falls|Niagara Falls|Notre Dame|Notre-Dame
Lady Liberty|Statue of Liberty|Golden Gate|Tower Bridge|Hoover Dam|Eiffel Tower|Arc de Triomphe|Alhambra|Neuschwanstein
Philosopher's Stone|Philosopher’s Stone|Holy Grail|Starry Night|The Thinker|David of Michelangelo|Pietà
Romeo and Juliet|Antony and Cleopatra|Troilus and Cressida|Tristan and Isolde|Tristan und Isolde|Pelleas and Melisande
Pride and Prejudice|Sense and Sensibility|Anna Karenina|Don Quixote|Jane Eyre|Oliver Twist|Robinson Crusoe|Madame Bovary
David Copperfield|Tom Sawyer|Huckleberry Finn|Moby Dick|Moby-Dick|Winnie the Pooh|Alice in Wonderland
Harry Potter|Sherlock Holmes|Hercule Poirot|Miss Marple|James Bond|Indiana Jones|Darth Vader|Luke Skywalker
Han Solo|Frodo Baggins|Bilbo Baggins|Gandalf|Homer Simpson|Bart Simpson|Mickey Mouse|Minnie Mouse
Donald Duck|Bugs Bunny|Daffy Duck|Scooby-Doo|Lara Croft|Sonic the Hedgehog|Super Mario|Princess Peach|Captain America
Santa Claus|Father Christmas|Saint Nicholas|Easter Bunny|Tooth Fairy|Robin Hood|King Arthur|Uncle Sam
Dune|Hamlet|Macbeth|Othello|Beowulf|Frankenstein|Dracula|Don Giovanni|Madama Butterfly
Kindle Paperwhite|Kindle Oasis|Kindle Scribe|Kindle Fire|Echo Dot|Amazon Echo|Apple Watch|Surface Pro|Galaxy Note
Ritz-Carlton|Ritz Carlton|Waldorf Astoria|Mandarin Oriental|Four Seasons|Holiday Inn|Best Western|St. Regis|St Regis
Chelsea Flower Show|Glastonbury Festival|Tour de France|Giro d'Italia|Boston Marathon|Burning Man|Comic-Con
Jackson Structured Programming|Jackson System Development
Atticus Finch|Scout Finch|Boo Radley|Jay Gatsby|Daisy Buchanan|Nick Carraway|Hermione Granger|Ron Weasley
Ginny Weasley|Severus Snape|Albus Dumbledore|Lord Voldemort|Voldemort|Draco Malfoy|Rubeus Hagrid|Neville Longbottom
Luna Lovegood|Sirius Black|Remus Lupin|Bellatrix Lestrange|Minerva McGonagall|Fitzwilliam Darcy|Mr Darcy|Mr. Darcy
Katniss Everdeen|Peeta Mellark|Paul Atreides|Daenerys Targaryen|Tyrion Lannister|Cersei Lannister|Arya Stark
Ned Stark|Samwise Gamgee|Gollum|Aragorn|Legolas|Sauron|Thorin Oakenshield|Ebenezer Scrooge|Captain Ahab
Holden Caulfield|Forrest Gump|Lisbeth Salander|Miss Trunchbull|Buffy Summers|Willy Wonka|Charlie Bucket
Hannibal Lecter|Clarice Starling|Ender Wiggin|Geralt of Rivia|Princess Fiona|Shrek|Lucy Pevensie|Wednesday Addams
Morticia Addams|AFC Richmond|Carrie Bradshaw|Matilda Wormwood|Percy Jackson|Annabeth Chase|Jesse Pinkman
Saul Goodman|Tony Soprano|Don Draper|Marge Simpson|Chandler Bing|Monica Geller|Joey Tribbiani|Phoebe Buffay
Dwight Schrute|Pam Beesly|Leslie Knope|Sheldon Cooper|Leonard Hofstadter|Jack Sparrow|Ellen Ripley|John McClane
Rocky Balboa|Vito Corleone|Don Corleone|Marty McFly|Ferris Bueller|Hester Prynne|Heathcliff|Catherine Earnshaw
Dorian Gray|Victor Frankenstein|Jean Valjean|Scarlett O'Hara|Rhett Butler|Huck Finn|Lyra Belacqua|Bella Swan
Edward Cullen|Artemis Fowl|Greg Heffley|Leia Organa|Princess Leia|Obi-Wan Kenobi|Anakin Skywalker|Kylo Ren|Yoda
Chewbacca|Jean-Luc Picard|Captain Kirk|Mr. Spock|Buzz Lightyear|Lightning McQueen|Paddington Bear|Peter Rabbit
Peter Pan|Tinker Bell|Captain Hook|Mad Hatter|Cheshire Cat|Pippi Longstocking|Mary Poppins|Mario and Luigi
Master Chief|A Christmas Carol|Anne of Green Gables|Charlie and the Chocolate Factory|Ender's Game|The Witcher
Of Mice and Men|The Catcher in the Rye|To Kill a Mockingbird|The Great Gatsby|Little Women|Breaking Bad
Jurassic Park|Game of Thrones
Citizen Kane|Jaws|Oedipus Rex|Oedipus the King|Oedipus at Colonus|The Master and Margarita|Master and Margarita
Waltz with Bashir|Anomalisa|Persepolis|Barry Lyndon|Annie Hall|Jerry Maguire|Jackie Brown|Kill Bill|Cool Hand Luke
Mildred Pierce|Johnny Guitar|Harold and Maude|Thelma & Louise|Thelma and Louise|Jules et Jim|Pierrot le Fou
Mulholland Drive|Donnie Darko|Napoleon Dynamite|Billy Elliot|Edward Scissorhands|Rosemary's Baby|Sophie's Choice
Pan's Labyrinth|Kramer vs. Kramer|Driving Miss Daisy|Doctor Zhivago|Dr. Zhivago|Hedda Gabler|Peer Gynt
Eugene Onegin|Uncle Vanya|Titus Andronicus|Coriolanus|Timon of Athens|Uncle Tom's Cabin|Tess of the d'Urbervilles
Daniel Deronda|Adam Bede|Silas Marner|Tristram Shandy|Nicholas Nickleby|Martin Chuzzlewit|Barnaby Rudge
Dombey and Son|Jude the Obscure|Mrs Dalloway|Mrs. Dalloway|Ethan Frome|Eugénie Grandet|Thérèse Raquin|Père Goriot
Effi Briest|Oblomov|Kristin Lavransdatter|Tarte Tatin|Beef Wellington|Eggs Benedict|Peach Melba|Oysters Rockefeller
Beef Stroganoff|Chicken Marengo|Crêpes Suzette|Crepes Suzette|Lobster Thermidor|Bananas Foster|Pizza Margherita
Waldorf salad|Caesar salad
"""
# Airports named after a person (their name alone stands for the airport in travel talk).
_AIRPORTS = """
Charles de Gaulle|John F. Kennedy|John F Kennedy|Leonardo da Vinci|Marco Polo|Ben Gurion|Jomo Kenyatta|Indira Gandhi
Chhatrapati Shivaji|Pierre Elliott Trudeau|George Bush|Ronald Reagan|Louis Armstrong|John Lennon|Jorge Chávez
Benito Juárez|Nelson Mandela|Oliver Tambo|King Shaka|Sabiha Gökçen|Chopin|Franz Josef Strauss|Franz Josef Strauß
Reagan National
Indira Gandhi International|Netaji Subhas Chandra Bose|Kempegowda|Juan Pablo II|Galileo Galilei|Cristiano Ronaldo
"""
_STORM = re.compile(r"\b(?:Hurricane|Typhoon|(?:Tropical[ \t]+)?Cyclone|Tropical[ \t]+Storm|Superstorm"
                    r"|(?:Winter[ \t]+)?Storm)[ \t]+[A-Z][\w'’-]*")
_STORM_HINT = ("Hurricane", "Typhoon", "Cyclone", "Storm")
# A sentence about weather: `Storm` alone before a name is a storm's only with one of these (`Storm Eunice hit`;
# `Storm Reid starred in` is the actress, fp40).
_WEATHER = frozenset("""
hit hits struck strikes brought brings caused causes battered lashed swept sweeps landfall flood floods flooded flooding
wind winds gust gusts rain rainfall snow warning warnings damage met weather forecast coast coastal outage
outages disrupted disruption disrupts closures cancelled canceled uprooted trees waves surge storm storms gale gales
evacuated evacuations during mph km/h knots
""".split())
# Term heads after a full name that a person's record or errand may also take (`the Dana Kerr number`) are left out.
_TERM_HEADS = (EPONYM_HEADS - frozenset("test tests code codes coding number numbers process processes machine machines"
                                        " window signature space spaces search walk plot chain chains net network"
                                        " networks clock clocks scheme rule rules".split())) \
    | frozenset("syndrome dilemma puzzle fallacy experiment experiments hypothesis illusion phenomenon".split())
_TERM_AFTER = re.compile(r"[ \t]+([a-z]+)\b")
_ARTICLE_BEFORE = re.compile(r"(?i)\b(?:the|a|an)[ \t]+\Z")
_TITLE_OF = re.compile(r"\b(?:Duke|Duchess|Earl|Prince|Princess|King|Queen|Marquess|Marquis|Count|Countess|Baron"
                       r"|Baroness|Viscount|Archduke|Emperor|Empress|Tsar|Sultan|Emir|Bishop|Archbishop|Lord|Lady"
                       r"|Grand[ \t]+Duke)(?=[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z])")
_AREA_BEFORE = re.compile(r"(?i)\b(?:central|downtown|uptown|midtown|greater|inner|outer|northern|southern|eastern"
                          r"|western|north|south|east|west|suburban|metropolitan|rural|old[ \t]+town)[ \t]+\Z")
_AIRPORT_AFTER = re.compile(r"(?i)[ \t]+(?:international[ \t]+)?(?:airports?|terminals?|intl)\b")
# A street's name between a house number and a street's word (`14 Vilakazi St`, `22 Okoro Road`).
_HOUSE_BEFORE = re.compile(r"(?<![\w.,-])\d{1,5}[A-Za-z]?[ \t]+\Z")
_STREET_WORD = re.compile(r"[ \t]+(?:St|Street|Rd|Road|Ave|Avenue|Blvd|Boulevard|Lane|Ln|Drive|Dr|Way|Crescent"
                          r"|Cres|Close|Terrace|Place|Pl|Str|Straße|Strasse)\b\.?")
# An event's, a prize's or an object's head after a name and `the` before it (`the Chelsea Flower Show`, `the Booker
# Prize`, `the Rosetta Stone`); the name's own head is no person then (the event or the foundation is named).
_EVENT_AFTER = re.compile(r"[ \t]+(?:[A-Z][a-z]+[ \t]+){0,2}(?:Show|Stone|Festival|Awards?|Prize|Cup|Games|Expo|Fair"
                          r"|Marathon|Trophy|Lectures?|Foundation|Collection|Exhibition|Gala|Regatta|Open|Diamond"
                          r"|Codex|Manuscript|Tapestry|Papyrus)\b")
_THE_BEFORE = re.compile(r"(?i)\bthe[ \t]+\Z")
# A title of a work `A and B` in quotes or emphasis after a word of works (`read "Tristan and Isolde"`).
_WORK_TITLE = re.compile(r"([\"“*_])[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?[ \t]+(?:and|und|et|y|e|&)[ \t]+[A-Z][\w'’-]*"
                         r"(?:[ \t]+[A-Z][\w'’-]*)?[\"”*_]")
_WORK_CUE = re.compile(r"(?i)\b(?:read|reading|watch|watched|saw|book|books|novel|novels|play|plays|film|films|movie"
                       r"|movies|story|stories|song|songs|album|opera|operas|poem|poems|musical|ballet|title|titled"
                       r"|summari[sz]e|plot|review|compare|staged|written|painting|paintings)\b")
_ARTICLES = _ROMANCE_NEXT | frozenset("une des du au aux une".split())


@functools.cache
def _phrases(text: str) -> re.Pattern[str]:
    words = sorted({w.strip() for line in text.strip().splitlines() for w in line.split("|") if w.strip()},
                   key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"(?:[ \t]+|\+|%20)") for w in words)
                      + r")(?![\w-])")


def without39(chunk: str, found: list[Result]) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as no person (see above)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    spans: list[tuple[int, int]] | None = None
    airports: list[tuple[int, int]] | None = None
    out: list[Result] = []
    for r in found:
        if r[0] != "PERSON":
            out.append(r)
            continue
        start, end = r[1], r[2]
        word = chunk[start:end]
        end -= 2 if word.endswith(("'s", "’s")) else 0
        if spans is None:
            spans = [m.span() for m in _phrases(_KNOWN).finditer(chunk)]
            spans += [m.span() for m in _STORM.finditer(chunk) if _storm(chunk, m)] \
                if any(h in chunk for h in _STORM_HINT) else []
            spans += [m.span() for m in _TITLE_OF.finditer(chunk)] if " of " in chunk else []
            airports = [m.span() for m in _phrases(_AIRPORTS).finditer(chunk)]
            spans += [m.span() for m in _WORK_TITLE.finditer(chunk)
                      if _WORK_CUE.search(chunk, max(0, m.start() - 60), m.start())] if " and " in chunk else []
        assert airports is not None
        if _CUE.search(chunk, max(0, start - 12), start) is not None:
            out.append(r)  # `Ask Mona Lisa`, `Dear Santa Claus`
            continue
        if any(a <= start and end <= b for a, b in spans) or _article(word) or _street(chunk, start, end):
            continue  # a listed character does what a person does (`Santa Claus visits`)
        if not _person_next(chunk, end) and (_term(chunk, start, end) or _area(chunk, start, end) or _event(
                chunk, start, end) or any(
                a <= start and end <= b and _airport(chunk, a, b) for a, b in airports)):
            continue
        out.append(r)
    return out


def _storm(chunk: str, m: re.Match[str]) -> bool:
    """A storm's name: after `Hurricane`, `Typhoon`..., or after `Storm` alone in a sentence about weather and
    before no person's verb (`Storm Reid said`)."""
    head = m.group().split()[0]
    if head != "Storm":
        return True
    if _person_next(chunk, m.end()):
        return False
    words = {w.lower() for w in re.findall(r"[A-Za-z/]+", _sentence(chunk, m.start()))}
    return bool(words & _WEATHER)


def _person_next(chunk: str, end: int) -> bool:
    """A person's verb right after (`Charles de Gaulle said`)."""
    m = _TERM_AFTER.match(chunk, end)
    return m is not None and m.group(1) in _PERSON_NEXT


def _article(word: str) -> bool:
    return word.islower() and word in _ARTICLES  # `per una posizione`, `des clients`


def _term(chunk: str, start: int, end: int) -> bool:
    """`the Monty Hall problem`: two or three capitalised words after an article, before a term's head."""
    parts = chunk[start:end].split()
    m = _TERM_AFTER.match(chunk, end)
    return 2 <= len(parts) <= 3 and all(p[:1].isupper() for p in parts) and m is not None \
        and m.group(1) in _TERM_HEADS and _ARTICLE_BEFORE.search(chunk, max(0, start - 8), start) is not None


def _area(chunk: str, start: int, end: int) -> bool:
    word = chunk[start:end]
    return word.istitle() and word.lower() in city_names() \
        and _AREA_BEFORE.search(chunk, max(0, start - 20), start) is not None  # `central Berlin`


def _airport(chunk: str, a: int, b: int) -> bool:
    if _AIRPORT_AFTER.match(chunk, b):
        return True  # `Leonardo da Vinci airport`
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", _sentence(chunk, a))}
    return bool(words & _FLYING) or bool(words & {"terminal", "terminals", "land", "lands", "landing", "depart",
                                                  "departs", "departure", "arrivals", "connection", "transfer"})


def _street(chunk: str, start: int, end: int) -> bool:
    """`14 Vilakazi St`: one or two capitalised words after a house number, a street's word after them (or in the
    finding's end)."""
    m = _STREET_WORD.search(chunk, start, end + 12)
    if m is None or _HOUSE_BEFORE.search(chunk, max(0, start - 8), start) is None:
        return False
    words = chunk[start:m.start()].split()
    return 1 <= len(words) <= 2 and all(w[:1].isupper() for w in words) and m.end() >= end


def _event(chunk: str, start: int, end: int) -> bool:
    """`the Chelsea Flower Show`, `the Rosetta Stone`: capitalised words after `the`, before an event's head."""
    return len(chunk[start:end].split()) <= 3 and _EVENT_AFTER.match(chunk, end) is not None \
        and _THE_BEFORE.search(chunk, max(0, start - 6), start) is not None
