"""PII-free text the name rules still read as a person's name (fp22, atk20 FP1 C/D/E and FP2), each read from the
words around the span, so that the same shapes where the text says person stay names:

- a form of address before a thing (`Dr. Pepper`, `Mr. Sandman`, `Mr. Freeze`, `Mr. Fix-It`, `Mr. Olympia is a
  bodybuilding contest`): a listed brand, song or epithet (one that is a listed surname too only as below), a
  hyphenated compound of English words, or any word before what names a work or a product (`is a song`, `is an
  arcade game`, `cookies`, `trucks`); not after a greeting, nor before a verb of a person (`Dear Mr. Pepper,`, `Mr.
  Bean said`); an English word alone stays a name there (`Mr. Target`, `Mrs. Canon`: a person's cue);
- an organisation, a place or an event named with a word-name (`King County said`, `Grace Church announced`, `Rose
  Bowl`, `Summer Camp emailed`, `Joy Division released`, `Ask Amber Road about`): the span's capitalised run ends in
  an organisation's, a place's or an event's noun; a given name before such a noun that is a surname too stays a
  person (`Jack Park called`, `Summer Lake said`, `Kevin Church said`; a word-name before `Church` or `Camp` not), and
  so does a run after a person's label or an initial (`Name: Rose Garden`, `cc: T. Banks`);
- a greeting to a place's office or team (`Dear London office,`, `Hi Dallas crew,`, `Thanks Jackson office for`);
- a greeting to a role (`Dear Applicant,`, `Hi Mods,`, `Hello Maintainers,`, `Dear Recruiters,`): a role noun, or an
  English agent noun of a verb (`-er`, `-or`, `-ant`, `-ist`, and their plurals) that is no listed surname or given
  name (`Dear Baker,`, `Hi Hunter,`, `Dear Clover,` stay names);
- a department signing off in Spanish, Portuguese, Italian, French or German (`Atentamente,\\nServicio al Cliente`,
  `Um abraço,\\nSuporte Técnico`, `Distinti saluti,\\nServizio Clienti`), a department introducing itself (`This is
  Billing from Acme`, and the company it is from), a filler in a name's place (`Patient: Unknown`);
- a lower-case noun after a determiner (`The bush needs trimming`, `the van leaves at 7`);
- a Japanese trade or royal word before an honorific (`花屋さん` the florist, `王子様` the prince);
- a word's engineering use (`Ruby 3.3`, `Julia 1.10`: a name before a version number; `Mark the PR as ready`, `Chase
  the flaky test`, `Grant read access`, `Drew the diagram`: a verb that is a given name opening a sentence before its
  object);
- a term (names23, atk23 FP1-FP3): a hyphenated verb (`Cherry-pick`), a capitalised run opened by a colour (`Golden
  Path`, `Blue Green Deploy`, `Red Cross`, `Black Friday`, `Rose Gold Case`), a German article or contraction before
  the words (`Unser Drucker im Büro`), a document's number term (`Gutschrift Nr. 4711`).

`not_a_person22` is asked of every PERSON span once a person's cues added theirs, before their later mentions are
looked for (`proxy.nlp.pii._cued`). `without_echoes22` reads the later mentions of a found name's parts (`proxy.nlp.cued
.cued_echoes`, `proxy.nlp.pii._name_echoes`): a found name's word inside a fixed phrase (`Baker Street`, `Ruby on
Rails`, `Amazing Grace`, `the Max plan`), a German noun after an article or a preposition (`Der Richter hat`, `beim
Koch`) and the engineering uses above are the words, not the person found; never one beside another name's span
(`Patient Hope Lindqvist`).
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.everyday16 import Lexicon
from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SPACE = " \t\u00a0"


_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\W_][\w'’.-]*)")
_PREV_WORD = re.compile(r"([^\W\d_][\w'’.-]*)[ \t\u00a0]+\Z")


def _next_word(text: str, end: int) -> re.Match[str] | None:
    """The word (or number) right after `end`, across spaces only (within 80 characters)."""
    return _NEXT_WORD.match(text, end, min(len(text), end + 80))


def _prev_word(text: str, start: int) -> re.Match[str] | None:
    """The word right before `start`, across spaces only."""
    return _PREV_WORD.search(text, max(0, start - 40), start)


def _sentence_start(text: str, i: int) -> bool:
    k = i
    while k > 0 and text[k - 1] in " \t\u00a0\"'“‘([*->•":
        k -= 1
    return k == 0 or text[k - 1] in "\n\r.!?:;"


def _raw_surname(word: str) -> bool:
    from proxy.nlp.cued import _raw_surname as raw

    return raw(word)


def _listed(names: NameLists, word: str) -> bool:
    """A listed surname (everyday words among them: `White`, `Church`) or given name (`Grace`, `Guy`)."""
    return _raw_surname(word) or names.is_name(word) or names.is_first(word) or names.is_any_first(word)


def _a_name(names: NameLists, word: str) -> bool:
    """A listed surname or given name that is rarely an English word (`Kelly`, `Smith`; not `Street`, `Line`)."""
    return names.is_name(word) or names.is_first(word)


def _word_like(word: str, lex: Lexicon) -> bool:
    """A given name that is an everyday word (`Max`, `Grace`), or an English adjective or verb (`Green`, `Chase`)."""
    from proxy.nlp.recognizers import WORD_FIRST_NAMES

    low = word.lower()
    return low in WORD_FIRST_NAMES or low in lex.adjectives or low in lex.verbs


def _english(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return low in lex.nouns or low in lex.adjectives or low in lex.verbs or low in lex.stops


# --------------------------------------------------------------------------- a form of address before a thing

_TITLE_BEFORE = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Dr|Sgt|Miss|Mister|Doctor)\.?[ \t\u00a0]+\Z")
_GREETED_BEFORE = re.compile(r"(?<![\w'’])(?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Dd]earest|[Tt]hanks|[Tt]hank[ \t]+you"
                             r"|[Mm]orning|[Gg]ood[ \t]+(?:morning|afternoon|evening)|[Rr]egards|[Cc]heers)"
                             r"[ \t\u00a0,]*\Z")
# Brands, songs, characters and epithets after a form of address (the tester's sets; atk20 FP2).
TITLED_THINGS = frozenset("""
pepper peppers dash martens pibb butterworth butterworth's kipling bronner bronner's oetker scholl scholl's sandman
brightside feelgood softee handyman olympia memory freeze pac-man robot bean strangelove doubtfire fix-it
know-it-all blue tambourine fields
""".split())
# What names a work, a product or a contest after it (`Mr. Sandman is a song`, `Mr. Softee trucks`).
_WORKS = frozenset("""
song songs album albums single film films movie movies series show shows sitcom comedy drama cartoon cartoons
character characters villain villains hero mascot mascots brand brands band game games toy toys novel musical play
contest competition title pageant soda sodas drink drinks cola syrup seasoning sauce cookies cookie cakes cake pies pie
bread soap insoles boots shoes pizza trucks truck machines machine franchise franchises restaurant restaurants chain
products product cereal candy chocolate biscuits lyric lyrics episode episodes book tool debugger
""".split())
_PERSON_NEXT = re.compile(r"[ \t\u00a0]*(?:,|['’]s[ \t]+(?:office|desk|team|email|assistant|number|phone|wife|husband"
                          r"|son|daughter|car|house|account)\b"
                          r"|[ \t\u00a0]+(?:called|phoned|rang|emailed|e-mailed|texted"
                          r"|wrote|said|says|asked|replied|responded|mentioned|told|signed|sent|will[ \t]+call"
                          r"|will[ \t]+see|is[ \t]+waiting|is[ \t]+on[ \t]+call)\b)")
_DESCRIBED = re.compile(r"[ \t\u00a0]+(?:(?:is|was|are|were)(?:[ \t\u00a0]+(?:a|an|the|my|our|your|his|her|their))?"
                        r"|makes|made|sells|sold|produces|bakes|brews)((?:[ \t\u00a0]+[\w'’-]+){1,4})")
_CONTAINER_BEFORE = re.compile(r"(?<![\w'’])(?:can|cans|bottle|bottles|glass|pack|box|bag|jar|tube|bar|pair|pairs"
                               r"|slice|bowl)[ \t\u00a0]+of[ \t\u00a0]+\Z")
_CAP_RUN = re.compile(r"(?:['’]s)?(?:[ \t\u00a0]+[A-Z][\w'’-]*)*")


def _titled_thing(text: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    title = _TITLE_BEFORE.search(text, max(0, start - 12), start)
    if title is None:
        return False
    if _GREETED_BEFORE.search(text, max(0, title.start() - 30), title.start()) is not None:
        return False  # `Dear Mr. Pepper,`
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    first = words[0]
    # the rest of the capitalised run after the span (`Mr. Tambourine Man`, `Dr. Scholl's insoles`)
    run_end = _CAP_RUN.match(text, end, min(len(text), end + 200))
    after = run_end.end() if run_end is not None else end
    if _PERSON_NEXT.match(text, after) is not None or _PERSON_NEXT.match(text, end) is not None:
        return False  # `Mr. Bean said`
    low = first.lower().removesuffix("'s").removesuffix("’s")
    if low in TITLED_THINGS and not (_raw_surname(low) or names.is_name(low)):
        return True  # `Mr. Sandman`, `Mr. Brightside`; a listed surname as well only as a thing below (`Mr. Bean
        # is a comedy series`, `Mrs. Fields cookies`; not `Mr. Bean said`, `Dr. Scholl reviewed the x-ray`)
    if "-" in first:
        parts = first.split("-")
        if all(p and not (names.is_name(p) and not names.is_very_common(p)) and not _raw_surname(p) for p in parts) \
                and all(_english(p, lex) or len(p) <= 3 for p in parts):
            return True  # `Mr. Fix-It`, `Ms. Know-It-All`, `Ms. Pac-Man` (not `Mr. Lloyd-Jones`)
    nxt = _next_word(text, after)
    if nxt is not None and nxt.group(1).rstrip(".").lower() in _WORKS:
        return True  # `Mrs. Fields cookies`, `Mr. Softee trucks`
    if _CONTAINER_BEFORE.search(text, max(0, title.start() - 30), title.start()) is not None:
        return True  # `a can of Dr. Pepper`
    described = _DESCRIBED.match(text, after)
    return described is not None and any(w.lower() in _WORKS for w in described.group(1).split())
    # (`Mr. Sandman is a song from the fifties`, `Dr. Pepper is my favourite soda`)


# --------------------------------------------------------------------------- organisations, places, events

# The nouns that end an organisation's, a place's or an event's name (`King County`, `Grace Church`, `Rose Bowl`).
ORG_HEADS = frozenset("""
county counties church chapel cathedral parish camp camps bowl fest festival fair foods food division arcade travel
travels tours house elementary school schools college academy university institute foundation station road street
avenue lane boulevard square plaza bank line lines age island islands alert springs valley palace hall
hotel inn motel resort lodge cafe café bakery market markets mall restaurant grill diner kitchen pizzeria pharmacy
hospital clinic library museum gallery theatre theater cinema stadium arena park gardens garden zoo farm farms ranch
airport bridge tower lake river beach bay harbor harbour mountain mountains trail forest center centre club society
association league council committee group inc llc ltd corp company co industries enterprises holdings partners
studios records labs systems solutions services airlines airways motors insurance trust ministries district township
borough agency bureau department authority railway railroad transit express press media news radio
sale sales cleanup policy tour rules pickup parade expo summit conference marathon gala concert drive week weekend
""".split())
@functools.cache
def _label_before() -> re.Pattern[str]:
    from proxy.nlp.cued import _LABELS

    return re.compile(rf"(?<![\w'’])(?:{_LABELS})[ \t]*:[ \t]*\Z")


def _person_label_before(text: str, start: int) -> bool:
    return _label_before().search(text, max(0, start - 40), start) is not None


# Heads that are surnames too but name an institution after a given name that is a word (`Grace Church`, `Summer
# Camp`; `Kevin Church` stays a person).
_INSTITUTIONS = frozenset("church chapel camp camps".split())
# Heads that are surnames too though no list holds them (`Summer Lake said`).
_SURNAME_HEADS = frozenset("""
lake river rivers hill hills wood woods field fields bridge bridges castle tower towers garden gardens forest bay
farm farms ranch harbor mountain valley trail lodge inn market palace square line lines
""".split())
# (not across a tab: a pasted row's next cell is no word of the name's run, `Dana Kerr\tSales`: tsv30)
_CAP_WORD = re.compile(r"[ \u00a0]+([A-Z][\w'’-]*)")


def _org_span(text: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    words = _WORD.findall(text[start:end])
    if not words or not all(w[:1].isupper() and len(w) > 1 for w in words) or "." in text[start:end]:
        return False  # (not after an initial: `T. Banks`)
    if _TITLE_BEFORE.search(text, max(0, start - 12), start) is not None:
        return False  # `Ms. Grace Church said`
    if _person_label_before(text, start):
        return False  # `Name: Rose Garden`: a person's label says person
    run = list(words)
    k = end
    while len(run) < 5 and text[k - 2:k] not in ("'s", "’s"):
        m = _CAP_WORD.match(text, k)
        if m is None:
            break
        run.append(m.group(1))
        k = m.end()
    if len(run) < 2:
        return False
    head = run[-1].lower()
    if head not in ORG_HEADS:
        # the head right after the span's words (`Grace <Church>`), an inner one (`Mark Twain House announced`)
        return False
    given = names.is_first(run[0]) or names.is_any_first(run[0])
    if len(run) == 2 and given and (_raw_surname(run[1]) or head in _SURNAME_HEADS) \
            and (head not in _INSTITUTIONS or not _english(run[0], lex)):
        return False  # `Jack Park called`, `Summer Lake said`, `Kevin Church said`: a given name before a surname
    return True


# --------------------------------------------------------------------------- greetings to places and roles

_GREETING = re.compile(r"(?<![\w'’])(?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Dd]earest|[Tt]hanks|[Tt]hank[ \t]+you|[Mm]orning"
                       r"|[Gg]ood[ \t]+(?:morning|afternoon|evening)|[Ww]elcome|[Gg]reetings|[Hh]owdy|[Yy]o"
                       r"|[Cc]ongrats|[Cc]ongratulations)[ \t\u00a0]*,?[ \t\u00a0]+\Z")
# A group greeted after a place's name (`Dear London office,`, `Hi Dallas crew,`).
_GROUPS = frozenset("""
office offices team teams crew crews colleagues folks friends staff people gang squad branch crowd family fam all
everyone everybody peeps group members residents fans community chapter campus store site hq hub warehouse plant
depot employees coworkers co-workers workers engineers devs developers
""".split())
# Roles greeted (the tester's sets; atk20 FP2), besides `proxy.nlp.everyday20.ADDRESSEE_WORDS`.
ROLES = frozenset("""
patient patients webmaster webmasters operator operators finance council mods mod moderator moderators maintainer
maintainers organizer organizers organiser organisers reviewers reviewer admins admin committee board panel jury
support sales billing accounts payroll reception helpdesk
""".split())
_AGENT = re.compile(r"([a-z]{4,})(?:er|or|ar|ant|ent|ist|ee)s?")
_GREETED_END = re.compile(r"[ \t\u00a0]*(?:[,!:;\n\r—–-]|\Z)")


def _greeted_place_or_role(text: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    words = _WORD.findall(text[start:end])
    if len(words) != 1:
        return False
    greeting = _GREETING.search(text, max(0, start - 30), start)
    if greeting is None or not _sentence_start(text, greeting.start()):
        return False
    nxt = _next_word(text, end)
    if nxt is not None and nxt.group(1).lower() in _GROUPS:
        return True  # `Dear London office,`, `Thanks Jackson office for`
    if _GREETED_END.match(text, end) is None:
        return False
    low = words[0].lower()
    if low in ROLES:
        return True
    agent = _AGENT.fullmatch(low)
    if agent is None or _listed(names, words[0]):
        return False  # `Dear Baker,`, `Hi Hunter,`: a listed name
    stem = agent.group(1)
    singular = low[:-1] if low.endswith("s") else low
    # a noun of one who does what a verb says (`Hello Maintainers,`, `Dear Recruiters,`; not `Dear Clover,`)
    return singular in lex.nouns and any(v in lex.verbs for v in (stem, stem + "e", stem[:-1]))


# Greetings in other languages the NER model takes into the span with a role or a thing greeted (`Cher Journal,`,
# `Caro Diario,`, `Grazie Capo,`, `Merhaba Dünya`; `proxy.nlp.everyday20.ADDRESSEE_WORDS`).
_OTHER_GREETINGS = frozenset("""
cher chère chers chères caro cara cari care grazie merhaba querido querida queridos queridas ciao salve hola olá oi
hallo servus moin hej hoi beste lieve liebe lieber drogi droga drodzy sayın estimado estimada prezado prezada salut
""".split())


def _greeting_and_role(text: str, start: int, end: int) -> bool:
    from proxy.nlp.everyday20 import ADDRESSEE_WORDS

    words = _WORD.findall(text[start:end])
    return len(words) >= 2 and words[0].lower() in _OTHER_GREETINGS and _sentence_start(text, start) \
        and all(w.lower() in ADDRESSEE_WORDS for w in words[1:])


# --------------------------------------------------------------------------- departments, fillers

# Departments signing off (the tester's sets' concepts, customer service, human resources, technical support,
# billing, in Spanish, Portuguese, Italian, French and German; atk20 FP2).
DEPARTMENT_WORDS = frozenset("""
servicio servicios servizio servizi serviço serviços service atención atencion atendimento assistenza cliente clientes
clienti client clients kunden kundenservice kundendienst recursos humanos humanas risorse umane ressources humaines
soporte suporte supporto support técnico tecnico técnica tecnica técnicos technique technischer departamento
departamentos dipartimento département abteilung facturación facturacion faturamento fatturazione facturation
rechnungsabteilung personalabteilung
""".split())
_DEPARTMENT_LINKS = frozenset("al a ao à de del da do di du des la le el e y et und".split())
_ENGLISH_DEPARTMENTS = frozenset("""
billing support sales accounts finance security reception dispatch payroll hr it shipping returns maintenance
facilities admissions accounting legal marketing operations engineering helpdesk
""".split())
ENGLISH_DEPARTMENTS = _ENGLISH_DEPARTMENTS  # (fp37b: a department word filling a table cell)
_FILLERS = frozenset("unknown anonymous n/a na none tbd tba redacted withheld various nobody someone".split())
_THIS_IS = re.compile(r"(?<![\w'’])[Tt]his[ \t]+is[ \t\u00a0]+\Z")
_THIS_IS_FROM = re.compile(r"(?<![\w'’])[Tt]his[ \t]+is[ \t\u00a0]+([A-Z][\w'’-]*)[ \t\u00a0]+from[ \t\u00a0]+"
                           r"(?:the[ \t\u00a0]+)?\Z")


def _department(text: str, start: int, end: int) -> bool:
    words = _WORD.findall(text[start:end])
    window = text[end:end + 80]
    rest = _WORD.findall(window.split("\n", 1)[0]) if "\n" in window or end + 80 >= len(text) else ["…"]
    every = [w.lower() for w in words + rest]
    if words and words[0].lower() in DEPARTMENT_WORDS and all(
            w in DEPARTMENT_WORDS or w in _DEPARTMENT_LINKS for w in every):
        return True  # `Servicio al Cliente`, `Soporte Técnico`
    if len(words) == 1 and words[0].lower() in _ENGLISH_DEPARTMENTS \
            and _THIS_IS.search(text, max(0, start - 12), start) is not None:
        return True  # `This is Billing from Acme`
    m = _THIS_IS_FROM.search(text, max(0, start - 50), start)
    return m is not None and m.group(1).lower() in _ENGLISH_DEPARTMENTS  # (and `Acme` it is from)


def _filler(text: str, start: int, end: int) -> bool:
    return text[start:end].strip().lower() in _FILLERS  # `Patient: Unknown`


# --------------------------------------------------------------------------- lower-case nouns

_DETERMINERS = frozenset("the a an this that these those our my your their his her its some every each no".split())


def _lower_noun(text: str, start: int, end: int, lex: Lexicon) -> bool:
    span = text[start:end]
    if not span or any(c.isupper() for c in span) or not span[0].isalpha():
        return False
    if not all(w in lex.nouns or w in lex.adjectives for w in _WORD.findall(span)):
        return False  # a name written in lower case (`the codey m ross version`)
    prev = _prev_word(text, start)
    return prev is not None and prev.group(1).lower() in _DETERMINERS  # `The bush needs trimming`


# --------------------------------------------------------------------------- Japanese trade and royal words

_JA_HONORIFIC_AFTER = re.compile("さん|様|さま|ちゃん|くん|君|殿")
# Shops and trades named with `屋` (`花屋さん` the florist) and royal words (`王子様` the prince); surnames in `屋`
# (`土屋`, `古屋`, `守屋`) are none of these.
JA_TRADES = frozenset("""
花屋 本屋 魚屋 肉屋 八百屋 酒屋 米屋 薬屋 床屋 靴屋 電気屋 寿司屋 蕎麦屋 菓子屋 お菓子屋 パン屋 ケーキ屋 果物屋
豆腐屋 花火屋 時計屋 眼鏡屋 呉服屋 質屋 問屋 植木屋 大工 王子 王女 女王 王妃 皇子 皇女 姫 お姫 殿 お殿 神 仏
""".split())


def _ja_word(text: str, start: int, end: int) -> bool:
    return text[start:end] in JA_TRADES and _JA_HONORIFIC_AFTER.match(text, end) is not None


# --------------------------------------------------------------------------- engineering uses

_VERSION = re.compile(r"[ \t\u00a0]+v?\d+\.\d+(?:\.\d+)*\b")
_OBJECT_NEXT = re.compile(r"[ \t\u00a0]+(?:the|a|an|all|this|that|these|those|each|every|it|them|as|our|your|its"
                          r"|their)\b")
_GRANTED = re.compile(r"[ \t\u00a0]+(?:read|write|read-only|admin|owner|edit|view|push|merge|access|permissions?)\b")
_UNITS_NEXT = re.compile(r"[ \t\u00a0]+(?:to|per|or|and)[ \t\u00a0]+[a-z]")
# Given names that are verbs (their past too: `Drew`), opening an instruction (`Mark the PR as ready`).
_VERB_NAMES = frozenset("mark chase grant bill drew frank will rob sue pat".split())
_UNIT_NAMES = frozenset({"miles"})


def _engineering(text: str, start: int, end: int) -> bool:
    words = _WORD.findall(text[start:end])
    if len(words) != 1:
        return False
    if _VERSION.match(text, end) is not None:
        return True  # `Ruby 3.3 is out`, `Julia 1.10 compiles`
    if not _sentence_start(text, start):
        return False
    low = words[0].lower()
    if low in _VERB_NAMES and _OBJECT_NEXT.match(text, end) is not None:
        return True  # `Mark the PR as ready`, `Chase the flaky test`, `Drew the diagram`
    if low == "grant" and _GRANTED.match(text, end) is not None:
        return True  # `Grant read access`
    return low in _UNIT_NAMES and _UNITS_NEXT.match(text, end) is not None  # `Miles to kilometres`


# --------------------------------------------------------------------------- terms (names23, atk23 FP1-FP3)

# Colours that open a term's capitalised run (`Golden Path`, `Blue Green deployment`, `Blue Sky`, `Red Cross`, `Black
# Friday`, `Golden Delicious`); a given name that is a colour before a colour or a metal (`Rose Gold Case`).
_RUN_COLOURS = frozenset("gold golden silver red pink blue green white black grey gray brown copper bronze "
                         "purple orange yellow".split())
_COLOUR_GIVEN = frozenset("rose ruby amber jade ivy olive pearl coral hazel violet ginger cherry scarlet".split())
_CAP_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ \t\u00a0]+\Z")
_NUMBER_WORDS = frozenset("nr no nº nro núm num nummer".split())
_NUMBER_AFTER = re.compile(r"\.?[ \t\u00a0]*\d")
# German articles, pronouns and contracted prepositions: no name opens with one, nor follows a contracted one
# (`Unser Drucker im Büro zeigt Fehler E-204 an.`); `am` is English too.
_GERMAN_OPENERS = frozenset("""
der die das dem den des ein eine einem einen einer eines unser unsere unserem unseren unserer unseres mein meine
meinem meinen meiner dein deine kein keine keinem keinen keiner dieser diese dieses diesem diesen jeder jede jedes
""".split())
_GERMAN_CONTRACTED = re.compile(r"(?<![^\W\d_])(?:[Ii]m|[Zz]um|[Zz]ur|[Vv]om|[Bb]eim|[Ii]ns|[Aa]ufs|[Ff]ürs)"
                                r"[ \t\u00a0]+\Z")


def _english_or_day(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    stem = re.sub(r"(?:s|es|ed|ing)$", "", low)
    return _english(low, lex) or _english(stem, lex) or low in _TIME_WORDS


_MAILBOX_AFTER = re.compile(r'\\?"?[ \t]*<[^<>\s@]+@')  # (a display name's address after it)


def _term(text: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """Whether the PERSON span is part of a term: a hyphenated verb or noun (`Cherry-pick`, `Cherry-picked`), a
    capitalised run opened by a colour (`Golden Signals`, `Blue Green Deploy`, `Red Cross`, `Black Friday`, `Rose Gold
    Case`), a German line's article or contraction before it (`Unser Drucker`, `im Büro`), a document's number term
    (`Gutschrift Nr. 4711`)."""
    words = _WORD.findall(text[start:end])
    if not words or _TITLE_BEFORE.search(text, max(0, start - 12), start) is not None:
        return False  # `Mr. Black Smith`
    if len(words) == 1 and "-" in words[0]:
        head, *rest = words[0].split("-")
        if head[:1].isupper() and all(r.islower() and _english_or_day(r, lex) for r in rest) and _english(head, lex):
            return True  # `Cherry-pick the fix`, `Cherry-picked` (a double name is capitalised: `Mary-Kate`)
    if words[-1].lower() in _NUMBER_WORDS and len(words) == 2 and _NUMBER_AFTER.match(text, end) is not None:
        return True  # `Betreff: Gutschrift Nr. 4711` (an invoice's or a credit note's term)
    given = any(names.is_first(w) or names.is_any_first(w) for w in words)
    if words[0].lower() in _GERMAN_OPENERS and len(words) >= 2 and words[0][:1].isupper() and not given:
        return True  # `Unser Drucker` (not `Mein Kollege Thomas Müller`)
    if _GERMAN_CONTRACTED.search(text, max(0, start - 8), start) is not None and not text.isupper() and not given:
        return True  # `im Büro zeigt Fehler`
    if "," in text[start:end] or _MAILBOX_AFTER.match(text, end) is not None:
        return False  # `"White, Bill"`, `Bill White <bill@acme.io>`: a surname and a given name, a mail's display name
    # the capitalised run around the span (`Blue <Green> Deploy`, `the <Red> Cross`)
    run = list(words)
    k = start
    while (m := _CAP_BEFORE.search(text, max(0, k - 40), k)) is not None and len(run) < 6:
        run.insert(0, m.group(1))
        k = m.start(1)
    if _TITLE_BEFORE.search(text, max(0, k - 12), k) is not None:
        return False  # `Ms. Green White`
    k = end
    while len(run) < 6 and (m := _CAP_WORD.match(text, k)) is not None:
        run.append(m.group(1))
        k = m.end()
    if len(run) < 2 or not all(w[:1].isupper() for w in run):
        return False
    first = run[0].lower()
    if first in _COLOUR_GIVEN and run[1].lower() in _RUN_COLOURS:
        return True  # `Rose Gold Case`
    return first in _RUN_COLOURS and all(_english_or_day(w, lex) for w in run[1:]) \
        and not any(_a_name(names, w) and not _english(w, lex) for w in run[1:])


# --------------------------------------------------------------------------- entry points


def not_a_person22(text: str, start: int, end: int, *, names: NameLists, lex: Lexicon) -> bool:
    """Whether the PERSON span `text[start:end]` is one of the PII-free texts above."""
    if text.isascii() or any(c.isalpha() and c.isascii() for c in text[start:end]):
        return _titled_thing(text, start, end, names, lex) or _org_span(text, start, end, names, lex) \
            or _greeted_place_or_role(text, start, end, names, lex) or _department(text, start, end) \
            or _filler(text, start, end) or _lower_noun(text, start, end, lex) or _engineering(text, start, end) \
            or _greeting_and_role(text, start, end) or _term(text, start, end, names, lex)
    return _ja_word(text, start, end) or _department(text, start, end) or _filler(text, start, end) \
        or _lower_noun(text, start, end, lex) or _greeting_and_role(text, start, end)


def without22(text: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without the PERSON spans `not_a_person22` reads as no person."""
    return [r for r in found if r[0] != "PERSON" or not not_a_person22(text, r[1], r[2], names=names, lex=lex)]


# --------------------------------------------------------------------------- later mentions

# A German article or a preposition joined to one before a noun (`Der Richter`, `beim Koch`, `Im Winter`).
_GERMAN_BEFORE = re.compile(r"(?<![^\W\d_])(?:[Dd](?:er|ie|as|en|em|es)|[Ee]in(?:e[mnrs]?)?|[Ii]m|[Aa]m|[Zz]um|[Zz]ur"
                            r"|[Vv]om|[Bb]eim|[Ii]ns|[Aa]ns|[Aa]ufs|[Vv]ors|[Üü]bers|[Dd]urchs|[Ff]ürs|[Kk]ein(?:e[mnrs]?)?"
                            r"|[Jj]ede[mnrs]?|[Dd]iese[mnrs]?|[Uu]nser(?:e[mnrs]?)?)[ \t\u00a0]+\Z")
_NOT_A_PHRASE = frozenset("""
i mr mrs ms dr prof sir madam and or but so if then also please thanks thank hi hello dear cc ask tell email ping
call contact with from to for by at on in of the a an is was will can could would should has had
""".split())
_LINKED = re.compile(r"[ \t\u00a0]+(?:on|of|upon)[ \t\u00a0]+([A-Z][\w'’-]*)")
_TIME_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today tomorrow yesterday
""".split())


def _in_phrase(text: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """Whether the word at [start, end) is a part of a fixed phrase there, not a mention of the person found: before
    a capitalised word that is no name (`Baker Street`, `Chase Bank`, `Rose Bowl`), before `on`/`of` and one (`Ruby
    on Rails`), after a capitalised word that is no name (`Amazing Grace`, `Three Rivers`), after an article and
    before a noun (`the Max plan`)."""
    nxt = _next_word(text, end)
    if nxt is not None:
        w = nxt.group(1).rstrip(".")
        if w[:1].isupper() and not w.isupper() and w.lower() not in _NOT_A_PHRASE and not _a_name(names, w) \
                and w.lower() not in _TIME_WORDS:
            return True
        linked = _LINKED.match(text, end)
        if linked is not None and linked.group(1).lower() not in _TIME_WORDS and not _a_name(names, linked.group(1)):
            return True
    prev = _prev_word(text, start)
    if prev is not None:
        p = prev.group(1)
        if p[:1].isupper() and not p.isupper() and p.lower() not in _NOT_A_PHRASE and not _listed(names, p) \
                and not _TITLE_BEFORE.search(text, prev.start(), start) \
                and (not _sentence_start(text, prev.start())
                     or p.lower() in lex.adjectives and p.lower() not in lex.verbs) \
                and p.lower() not in _GREETING_WORDS:
            return True
        if p.lower() in ("the", "a", "an", "our", "my", "your", "their", "this", "that") and nxt is not None \
                and nxt.group(1).rstrip(".").islower() and nxt.group(1).rstrip(".") in lex.nouns and _word_like(
                    text[start:end], lex):
            return True  # (not a surname that is a noun only: `Mike Johnson built the Johnson model`)
    return False


_GREETING_WORDS = frozenset("""
hi hello hey dear dearest thanks thank cheers regards welcome congrats congratulations morning greetings sincerely
ask tell email call ping message remind contact meet met see saw told asked emailed called
""".split())


def without_echoes22(text: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without the later mentions of a found name's word that are the word (see the module's docstring): a
    PERSON span of one word that another PERSON span holds too."""
    persons = [r for r in found if r[0] == "PERSON"]
    if len(persons) < 2:
        return found
    holders: dict[str, set[tuple[int, int]]] = {}
    for _, a, b, _ in persons:
        for m in _WORD.finditer(text, a, b):
            holders.setdefault(m.group(), set()).add((a, b))
    starts = {a for _, a, _, _ in persons}
    ends = {b for _, _, b, _ in persons}
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON" and not _beside(text, r[1], r[2], starts, ends) \
                and _echo22(text, r[1], r[2], holders, names, lex):
            continue
        out.append(r)
    return out


def _beside(text: str, start: int, end: int, starts: set[int], ends: set[int]) -> bool:
    """Whether another PERSON span stands right before or after [start, end), across spaces only (`Patient Hope
    Lindqvist`)."""
    i = start
    while i > 0 and start - i < 8 and text[i - 1] in _SPACE:
        i -= 1
    k = end
    while k < len(text) and k - end < 8 and text[k] in _SPACE:
        k += 1
    return (i < start and i in ends) or (k > end and k in starts)


def _echo22(text: str, start: int, end: int, holders: dict[str, set[tuple[int, int]]], names: NameLists,
            lex: Lexicon) -> bool:
    word = text[start:end]
    if _WORD.fullmatch(word) is None or len(holders.get(word, ())) < 2:
        return False  # (a span of one word that no other span holds: no later mention)
    if _TITLE_BEFORE.search(text, max(0, start - 12), start) is not None:
        return False  # `Mrs. White` again
    if re.search(r"(?<![\w'’])(?:Herrn?|Frau)[ \t\u00a0]+\Z", text[max(0, start - 8):start]):
        return False
    if _GERMAN_BEFORE.search(text, max(0, start - 8), start) is not None:
        return True  # `Der Richter hat den Termin verschoben`, `beim Koch`
    return _in_phrase(text, start, end, names, lex) or _engineering(text, start, end)


__all__ = ["DEPARTMENT_WORDS", "ENGLISH_DEPARTMENTS", "JA_TRADES", "ORG_HEADS", "ROLES", "TITLED_THINGS",
           "not_a_person22", "without22", "without_echoes22"]
