"""PII-free text the name rules read as a person's name (fp26, atk25's false positives), and names with particles:

- a department, an office or a body after a name particle (`proxy.nlp.everyday26.particles26`): `Geprüft von der
  Rechtsabteilung.`, `Finanziert von der Europäischen Union.`, `Un informe de la Oficina Central.`, `Zatwierdzone
  przez Dział Prawny.` are no names: a participle (or another word that is no name) before a particle is never part of
  a name's span, and a particle before words of an organisation (German nouns by their suffix, `Abteilung`, `Oficina`,
  `Dział`, `Direction`, adjectives of such names) opens no name; `Petra von der Buchhaltung` keeps `Petra`. A name's
  span that stops at its particles or before them is carried over the surname after them (`Ursula von der Leyen
  sprach`, `Ana de la Fuente llamó`), and a particle before a given name is cut off (`de Ana de la Fuente`);
- a tool's or a product's name as the subject of a verb of software with a technical object (`terms26`: `Ray
  schedules the tasks across the cluster`, `Kaniko builds the image`, `Okta enforces the MFA policy`): a listed given
  name only where the verb is one of software and the object technical (`Laura sends the weekly report`, `Rahul will
  review the PR` stay names); another word where either holds, unless the verb is a person's (`review`, `approve`);
- a name's word in a title-case term (`Grace Period`, `Chelsea Market`, `Mock Service Worker`, `Bluetooth Low
  Energy`, `Google Sheets`, `Swagger Codegen`): the capitalised word after it an ordinary noun that no name list holds,
  or the word before it a product's; `Bill White`, `Penny Lane`, `Grace Hopper` stay names;
- an imperative or an abstract noun opening a sentence (`Pat yourself on the back`, `Faith in the plan is high`);
- an identifier of code (`class Grace:`, `<Penny />`, `function Rose()`, `"renders Penny component"`).
"""

from __future__ import annotations

import functools
import re

from proxy.nlp.everyday16 import Lexicon
from proxy.nlp.names import NameLists, place_names

Result = tuple[str, int, int, float]

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# ------------------------------------------------------------------------------------------------ particles

PARTICLES = frozenset({
    "von", "vom", "van", "der", "den", "dem", "de", "la", "le", "del", "della", "delle", "dello", "degli", "di", "da",
    "du", "des", "zu", "zur", "zum", "ten", "ter", "dos", "das", "do", "los", "las",
})
# After a name's word, one of these alone carries the name over the word after it (`Rafael van Vaart`); other
# particles only two together (`von der`, `de la`): `Anna von Siemens`, `Ana de Madrid` are someone from somewhere.
_LONE_PARTICLES = frozenset({"van", "del", "della", "dos", "ter", "ten"})
_PARTICLE_RUN = re.compile(r"[ \t]+((?:(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")[ \t]+){1,3})"
                           r"([A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]+(?:-[A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]+)?)(?![\w-])")
# A cheap test: a particle between words.
_ANY_PARTICLE = re.compile(r"\s(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")\s")

# Words of an organisation's name, its departments and bodies (German, Spanish, Portuguese, French, Italian, Dutch,
# Polish, English); lower case.
ORG_WORDS = frozenset("""
abteilung amt behörde direktion geschäftsführung geschäftsleitung vorstand aufsichtsrat betriebsrat zentrale polizei
gemeinde stadt verwaltung kommission regierung ministerium kammer gericht kasse krankenkasse versicherung bank
redaktion revision leitung gruppe arbeitsgruppe team büro verband verein institut universität hochschule schule
presse pressestelle buchhaltung bundesregierung landesregierung union agentur stiftung direktorium sekretariat
firma klinik kirche
oficina dirección direccion departamento junta gerencia secretaría comisión comision consejo ministerio agencia
administración administracion área sección seccion unidad servicio servicios banco tribunal ayuntamiento
universidad fundación fundacion presidencia subdirección delegación jefatura coordinación empresa compañía
compania tienda escuela colegio hospital clínica iglesia firma
direção direcção diretoria gerência secretaria comissão conselho ministério agência setor serviço câmara prefeitura
universidade
direction service département commission conseil ministère agence banque mairie préfecture bureau secrétariat
université cour comité délégation société entreprise école
direzione ufficio dipartimento commissione consiglio ministero agenzia banca servizio segreteria comune tribunale
università settore
afdeling dienst directie raad gemeente ministerie commissie bestuur provincie rechtbank belastingdienst
klantenservice
dział działu wydział wydziału biuro zarząd departament urząd komisja rada ministerstwo sąd kadr kadry księgowość
dyrekcja spółka spółki zespół oddział
department office board committee council division unit ministry agency bureau
""".split())
# German nouns of bodies and departments by their ending (`Bauaufsicht`, `Datenschutzbehörde`, `Krankenkasse`).
_ORG_SUFFIX = re.compile(
    r"(?i)[^\W\d_]{3,}(?:ung|ungen|heit|keit|schaft|tät|ion|ionen|abteilung|aufsicht|behörde|amt|stelle|kasse|gruppe"
    r"|leitung|zentrale|kommission|direktion|polizei|gemeinde|verwaltung|regierung|kammer|rat|team|büro|sprecherin"
    r"|sprecher|zentrum|verband|verein|institut|ministerium|gericht)")
# Adjectives of such names (`Europäischen`, `Central`, `Comercial`, `Générale`, `Prawny`, `Finansowy`).
_ORG_ADJECTIVE = re.compile(
    r"(?i)[^\W\d_]{2,}(?:ischen|ische|ischer|isches|lichen|liche|licher|alen|ale|al|ial|ica|ico|icas|icos|iva|ivo"
    r"|iera|iero|eira|eiro|ale|ales|elle|enne|ique|ny|na|ne|owy|owa|owe|ych|ego|ej)")
# A German participle (`Geprüft`, `Freigegeben`, `Organisiert`, `Überprüft`, `Veröffentlicht`).
_PARTICIPLE = re.compile(
    r"(?i)(?:[^\W\d_]*ge[^\W\d_]{2,}(?:t|en)|[^\W\d_]{3,}iert|(?:ab|an|auf|aus|bei|ein|mit|nach|vor|zu|zurück|frei"
    r"|fest|her|hin|weg|dar)?(?:be|er|ver|zer|ent|emp|über|unter|hinter|miss|wider|durch)[^\W\d_]{2,}(?:t|en))")


@functools.cache
def _german_stops() -> frozenset[str]:
    from proxy.nlp.recognizers import load_stop_words  # imports Presidio: the engines have already

    return load_stop_words().get("de", frozenset())


def _name_word(names: NameLists, word: str) -> bool:
    from proxy.nlp.cued import _raw_surname

    return names.is_name(word) or names.is_first(word) or names.is_any_first(word) or _raw_surname(word)


def _given(names: NameLists, word: str) -> bool:
    return word[:1].isupper() and (names.is_first(word) or names.is_any_first(word))


def _strong_org(names: NameLists, word: str) -> bool:
    """A word of an organisation's name: listed, or a German noun of a body by its ending; never a name's word."""
    low = word.lower()
    if low in ORG_WORDS:
        return True
    if _name_word(names, word):
        return False
    from proxy.nlp.plain_words import german_word

    return any(_ORG_SUFFIX.fullmatch(p) is not None for p in word.split("-") if p) \
        or german_word(word, _german_stops(), names.is_name)


def _weak_org(names: NameLists, lex: Lexicon, word: str) -> bool:
    """A word that may stand in an organisation's name: a strong one, an adjective of one, an ordinary English noun or
    adjective, a particle; never a name's word."""
    low = word.lower()
    if _strong_org(names, word) or low in PARTICLES:
        return True
    if _name_word(names, word):
        return False
    return _ORG_ADJECTIVE.fullmatch(word) is not None or low in lex.nouns or low in lex.adjectives


def _org_words(names: NameLists, lex: Lexicon, words: list[str]) -> bool:
    rest = [w for w in words if w.lower() not in PARTICLES]
    return bool(rest) and all(_weak_org(names, lex, w) for w in rest) and any(_strong_org(names, w) for w in rest)


def _particle_span(chunk: str, r: Result, names: NameLists, lex: Lexicon) -> Result | None:
    """`r` cut or dropped (None) by the particle rules above."""
    entity, start, end, score = r
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(chunk, start, end)]
    if not toks:
        return r
    words = [w for _, _, w in toks]
    after = _capitalised_after(chunk, end)
    if not any(w in PARTICLES for w in words):
        # no particle: a body's name with no name's word (`Dział Prawny`, `Oficina Central`), or a participle before
        # one (`Vorbereitet` + `von der Steuerabteilung`)
        if _org_words(names, lex, words + after) and not any(_given(names, w) for w in words):
            return None
        m = _PARTICLE_RUN.match(chunk, end)
        if m is not None and len(words) == 1 and not _name_word(names, words[0]) \
                and _PARTICIPLE.fullmatch(words[0]) is not None \
                and _org_words(names, lex, m.group(1).split() + [m.group(2)] + _capitalised_after(chunk, m.end())):
            return None
        return r
    # the end: from the first particle whose words after it (and the capitalised words right after the span:
    # `Europäischen` + `Union`) are a body's (`Petra von der Buchhaltung`, `Geprüft von der Rechtsabteilung`)
    stop = len(words)
    for p in range(len(words)):
        if words[p] in PARTICLES and (p == 0 or words[p - 1] not in PARTICLES) \
                and _org_words(names, lex, words[p:] + after):
            stop = p
            break
    # the start: the words before a particle that are no name (a participle, an ordinary or lower-case word), and
    # a particle before a given name with more of the name after it (`de Ana de la Fuente`, `Informe de Ana ...`)
    lead = 0
    while lead < stop and words[lead] not in PARTICLES and not _name_word(names, words[lead]) and (
            words[lead].islower() or _PARTICIPLE.fullmatch(words[lead]) is not None
            or words[lead].lower() in lex.verbs or words[lead].lower() in lex.nouns
            or words[lead].lower() in _german_stops() or _particle_then_given(words, lead + 1, stop, names, 0)):
        lead += 1
    if lead < stop and words[lead] in PARTICLES and _particle_then_given(words, lead, stop, names, 0 if lead else 1):
        while words[lead] in PARTICLES:
            lead += 1
    if lead >= stop or not any(w not in PARTICLES for w in words[lead:stop]):
        return None
    if (lead, stop) == (0, len(words)):
        return r
    while stop - 1 > lead and words[stop - 1] in PARTICLES:
        stop -= 1
    return (entity, toks[lead][0], toks[stop - 1][1], score)


def _particle_then_given(words: list[str], i: int, stop: int, names: NameLists, more: int) -> bool:
    """Whether words[i:] are particles, then a given name with `more` words after it before `stop` (`de Ana de la
    Fuente`; `Informe de Ana`)."""
    j = i
    while j < stop and words[j] in PARTICLES:
        j += 1
    return i < j < stop - more and _given(names, words[j])


_CAPITALISED = re.compile(r"[ \t]+([A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]+(?:-[^\W\d_]+)*)")


def _capitalised_after(chunk: str, end: int) -> list[str]:
    out = []
    for _ in range(3):
        m = _CAPITALISED.match(chunk, end)
        if m is None:
            break
        out.append(m.group(1))
        end = m.end()
    return out


def _carried(chunk: str, r: Result, names: NameLists, lex: Lexicon) -> Result:
    """`r` carried over the particles and the surname after it (`Ursula von der` + `Leyen`, `Ana` + `de la Fuente`)."""
    entity, start, end, score = r
    words = _TOKEN.findall(chunk, start, end)
    if not words:
        return r
    ending: list[str] = []
    while words and words[-1] in PARTICLES:
        ending.insert(0, words.pop())
    if not words or not _name_word(names, words[-1]) and not _given(names, words[0]):
        return r
    if ending:
        m = re.match(r"[ \t]+([A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]+(?:-[A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]+)?)(?![\w-])", chunk[end:end + 60])
        if m is None or _org_words(names, lex, [m.group(1)]):
            return r
        return (entity, start, end + m.end(), score)
    m = _PARTICLE_RUN.match(chunk, end)
    if m is None:
        return r
    run = m.group(1).split()
    if len(run) < 2 and run[0] not in _LONE_PARTICLES or _org_words(names, lex, [m.group(2)]) \
            or m.group(2).lower() in _WHEN or m.group(2).lower() in place_names():
        return r
    return (entity, start, m.end(), score)


# Days and months a particle may come before (`von Montag`, `de Enero`).
_WHEN = frozenset("""
montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz april mai juni juli august september
oktober november dezember lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio
julio agosto septiembre octubre noviembre diciembre
""".split())


def particles26(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with its PERSON spans cut, dropped or carried by the particle rules (see the module's docstring)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    if _ANY_PARTICLE.search(chunk) is None and not any(
            w.lower() in ORG_WORDS for r in found if r[0] == "PERSON" for w in _TOKEN.findall(chunk, r[1], r[2])):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] != "PERSON":
            out.append(r)
            continue
        cut = _particle_span(chunk, r, names, lex)
        if cut is not None:
            out.append(_carried(chunk, cut, names, lex))
    return out


# ------------------------------------------------------------------------------------------------ terms

# Verbs only software does, and verbs of software people do too (base forms).
_MACHINE_VERBS = frozenset("""
compile transpile render parse bundle lint cache index serialize deserialize serialise scrape stream proxy
orchestrate provision reconcile sync tokenize tokenise minify spawn execute enforce emit compact materialize
materialise inject retry profile route reload restart crawl forward poll hash encrypt decrypt evict replicate shard
mount boot deploy redeploy tune train serve alert back speed scale autoscale benchmark instrument migrate patch
visualise visualize parallelise parallelize generate ingest export import queue validate rotate log notify push
broker reject scan filter return print containerize containerise load fetch
""".split())
_HUMAN_VERBS = frozenset("""
schedule build run send plan manage handle test open show update track store organise organize process draw ship add
call check collect publish click create answer monitor
""".split())
# A person's verbs: a word that is no listed name before them stays a name (`Aarav will review the PR`).
_PERSON_VERBS = frozenset("""
review approve sign merge write own lead join fix call email meet say tell ask reply think want agree attend present
decide visit travel like love hate need know feel prefer suggest recommend confirm accept present sponsor mentor
""".split())
# Objects only software has, and objects of software people have too.
_STRONG_OBJECTS = frozenset("""
manifest manifests pipeline pipelines cluster clusters container containers pod pods node nodes dag dags endpoint
endpoints syscall syscalls dom traffic deployment deployments config configuration configs metrics namespace
namespaces schema migrations dependencies dependency repository repo repos binary binaries websocket websockets
microservice microservices vm vms ami amis cve cves slo slos workload workloads embeddings embedding retriever
payload payloads dataframe dataframes parquet typescript javascript python docker kubernetes batch learning
webhook webhooks cron runtime compiler bytecode assets artifacts artifact container image images
""".split())
_WEAK_OBJECTS = frozenset("""
task tasks suite suites test tests table tables request requests service services script scripts page pages job jobs
model models build builds logs log bundle bundles queries query api policy policies site sites template templates
component components data route routes function functions loop loops release releases app apps notebook notebooks
dashboard dashboards flow flows experiment experiments documents collection collections blocks rules code files
stack stacks host hosts server servers worker workers queue queues events topics secrets tokens certificates traces
alerts exceptions interface options arguments library module modules framework targets documentation docs inputs
updates network session sessions notification notifications prompt prompts weights checkpoint checkpoints gpu cpu
memory threads processes connections headers html css pdf panels command line
""".split())
_CLAUSE_START = re.compile(r"(?:^|[.!?;:]\s+|\n[ \t*>•-]*|\b(?:and|while|then|but|whereas|so)\s+|,\s+)$")
_MODALS = r"(?:(?:will|can|should|must|may|then|also|now|automatically|always|only|just|still|already|quickly)\s+)*"
_FRAME = re.compile(r"[ \t]+(" + _MODALS + r")([a-z]+)\b([^.;!?\n]{0,120})")
_ACRONYM_NOUN = re.compile(r"\b[A-Z]{2,}s?\s+[a-z]+")


def _bases(verb: str, modal: bool) -> set[str]:
    if modal:
        return {verb}
    if not verb.endswith("s") or verb.endswith("ss"):
        return set()
    out = {verb[:-1]}
    if verb.endswith("es"):
        out.add(verb[:-2])
    if verb.endswith("ies"):
        out.add(verb[:-3] + "y")
    return out


def _tool_subject(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A tool's one-word name as the subject of a verb of software with a technical object (`Ray schedules the tasks
    across the cluster`)."""
    word = chunk[start:end]
    if not word.isalpha() or not word[:1].isupper() or word.isupper():
        return False
    if _CLAUSE_START.search(chunk[max(0, start - 12):start]) is None:
        return False
    m = _FRAME.match(chunk, end)
    if m is None:
        return False
    bases = _bases(m.group(2), bool(m.group(1)))
    if not bases:
        return False
    rest = m.group(3)
    objects = {w.lower() for w in re.findall(r"[A-Za-z]+", rest)}
    strong = bool(objects & _STRONG_OBJECTS) or _ACRONYM_NOUN.search(rest) is not None
    weak = strong or bool(objects & _WEAK_OBJECTS) or re.search(r"\b[A-Z]{2,}s?\b", rest) is not None
    machine, human = bool(bases & _MACHINE_VERBS), bool(bases & _HUMAN_VERBS)
    if machine and weak or human and strong:
        return True
    return strong and not _given(names, word) and not bases & _PERSON_VERBS and not bases & _HUMAN_VERBS


# Weekdays and months: `Call Anna Monday` keeps Anna.
_DATES = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
october november december today tomorrow tonight
""".split())
# Nouns that head a term's, a product's or a place's name (`Grace Period`, `Chelsea Market`, `Mock Service Worker`,
# `Bluetooth Low Energy`): a word list, not WordNet's nouns, which hold surnames (`Kierkegaard`, `Einstein`).
_TERM_HEADS = frozenset("""
period periods market markets service services worker workers energy station hall garden gardens plan plans policy
mode account accounts card cards sale sales center centre store stores shop shops cafe café bar bridge tower house
pass membership program programme edition series pack box fund funds group studio studios lab labs network solutions
systems technologies cloud suite app apps sheets docs drive slides pay wallet mail calendar maps manager engine server
framework library toolkit kit protocol standard format interface platform portal hub console dashboard square plaza
mall theatre theater museum gallery hotel restaurant kitchen bakery coffee brewery farm festival fest awards award
prize cup league stadium arena avenue road terminal airport hospital clinic school college university academy
institute foundation council committee board team club society association party power water electric airlines
airways express mobile wireless telecom bank insurance capital partners holdings ventures media news press times
journal magazine radio channel records music games sports fitness health care pharmacy foods
""".split())
_TERM_NOUN = re.compile(r" ([A-Z][a-z]+)\b")
_CUES = re.compile(r"(?i)\b(?:hi|hello|hey|dear|thanks|thank\s+you|cc|ask|tell|ping|call|email|mr|mrs|ms|dr)\.?,?\s+$")


def _term(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """A name's word in a title-case term: an ordinary noun no name list holds after it (`Grace Period`, `Mock Service
    Worker`, `Bluetooth Low Energy`), or a product's word before it (`Google Sheets`, `Swagger Codegen`)."""
    words = _TOKEN.findall(chunk, start, end)
    if not words or len(words) > 2 or any(not w[:1].isupper() or w.isupper() for w in words):
        return False
    from proxy.nlp.tech_terms import TECH_TERMS

    first = words[0]
    if first.lower() in TECH_TERMS and not _name_word(names, first) and len(words) == 2 \
            and not _name_word(names, words[1]):
        return True  # `Swagger Codegen`
    before = re.search(r"([A-Z][A-Za-z]+) $", chunk[max(0, start - 30):start])
    if len(words) == 1 and before is not None and before.group(1).lower() in TECH_TERMS \
            and not _name_word(names, before.group(1)) and not _given(names, first):
        return True  # `Google Sheets`
    m = _TERM_NOUN.match(chunk, end)
    if m is None or _CUES.search(chunk[max(0, start - 20):start]) is not None:
        return False
    noun = m.group(1)
    low = noun.lower()
    if low not in _TERM_HEADS or low in _DATES or _name_word(names, noun) \
            or sum(_name_word(names, w) for w in words) > 1:
        return False
    sentence = re.findall(r"[a-zäöüß]+", chunk[max(0, start - 80):m.end() + 80])
    return sum(w in lex.german and w not in lex.stops for w in sentence) < 2  # not German: its nouns are capitalised


_OBJECT_PRONOUNS = frozenset(
    "yourself yourselves myself ourselves themselves it them me us this these everything".split())
_VIRTUES = frozenset("""
faith hope grace joy patience charity mercy prudence honor honour trust glory harmony liberty unity serenity
constance verity felicity temperance chastity modesty destiny
""".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n[ \t*>•-]*)$")


def _opening_word(chunk: str, start: int, end: int, lex: Lexicon) -> bool:
    """An imperative (`Pat yourself on the back`) or an abstract noun (`Faith in the plan is high`) opening a
    sentence."""
    word = chunk[start:end]
    if not word.isalpha() or _SENTENCE_START.search(chunk[max(0, start - 8):start]) is None:
        return False
    low = word.lower()
    after = re.match(r" ([a-z]+)(?: ([a-z]+))?", chunk[end:end + 40])
    if after is None:
        return False
    if low in lex.verbs and after.group(1) in _OBJECT_PRONOUNS:
        return True
    return low in _VIRTUES and (after.group(1) == "of" and after.group(2) is not None or after.group(1) == "in" and (
        after.group(2) or "") in ("the", "a", "an", "our", "my", "your", "this", "that", "its", "their"))


_CODE_BEFORE = re.compile(r"(?:\b(?:class|def|function|interface|struct|enum|trait|type|new|const|let|var|extends"
                          r"|implements|default|fn|func)\s+|<)$")
_CODE_AFTER = re.compile(r"\s*(?:[:({=<]|/?>|extends\b|implements\b)")
_CODE_NOUNS = frozenset("""
component components class module hook props widget element reducer selector fixture enum struct interface
constructor subclass composable directive snapshot
""".split())


def _code_identifier(chunk: str, start: int, end: int) -> bool:
    """An identifier of code: a class's, a function's or a component's name (`class Grace:`, `<Penny />`,
    `function Rose()`, `"renders Penny component"`)."""
    word = chunk[start:end]
    if not re.fullmatch(r"[A-Z][A-Za-z0-9_]*", word):
        return False
    if _CODE_BEFORE.search(chunk[max(0, start - 30):start]) is not None \
            and _CODE_AFTER.match(chunk, end) is not None:
        return True
    nxt = re.match(r" ([a-z]+)\b", chunk[end:end + 20])
    return nxt is not None and nxt.group(1) in _CODE_NOUNS


def terms26(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without the PERSON spans that are a tool, a term, an opening word or an identifier of code."""
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON" and (
                " " not in chunk[r[1]:r[2]] and (
                    _tool_subject(chunk, r[1], r[2], names) or _opening_word(chunk, r[1], r[2], lex)
                    or _code_identifier(chunk, r[1], r[2]))
                or _term(chunk, r[1], r[2], names, lex)):
            continue
        out.append(r)
    return out


def without26(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` after the rules of this module (see its docstring)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    return terms26(chunk, particles26(chunk, found, names, lex), names, lex)
