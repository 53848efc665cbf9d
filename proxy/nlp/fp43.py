"""fp43: PII-free text the proxy altered (the fresh FP hunt's leftovers), read as written; drop-only filters.

PERSON spans (`without_fp43`, the end of the PERSON block):

- a span that starts inside a word (`until Wed. Ping me`: `d. Ping`, an initial read in a weekday's abbreviation),
  or a weekday's abbreviation with a dot in a span of one more word that is no listed given name or is followed by
  an object pronoun (`Wed. Ping me`, `Shipping Sat.`);
- a medical eponym in the possessive (`Raynaud's`, `Hashimoto's`, `Crohn's`, `Lou Gehrig's disease`): a listed
  disease's eponym before a clinical noun, a verb, a conjunction or the sentence's end, or in a sentence about
  health; one that is also a common name (`Bell`, `Wilson`, `Graves`) only before a clinical noun or in such a
  sentence;
- named things: historical documents (`Magna Carta`), chess openings (`Ruy Lopez`, a word before `Defence`,
  `Gambit`, `Variation`; before `Attack`, `System`, `Opening` only in a sentence about chess), teas (`Earl Grey`,
  `Earl Grey Tea`, `Lady Grey`);
- a hyphenated region whose every part is a listed city or a region's word (`Berlin-Brandenburg`,
  `Baden-Württemberg`);
- Nordic pronouns, possessives, kin nouns and verbs in a Nordic sentence (`Jeg bor i Bergen`, `Min bror bor i
  ...`): every word of the span is one of them;
- a counter's or a metric's word before numbers (`Counts 652 71 3390`).

None of these drops a span with a person's cue right before it (`Dr.`, `Ms.`, `ask`) nor a person's verb right
after it (`Hashimoto said`); a listed phrase only where the span is inside it (`Earl Grey Thompson` stays).

Numbers (`without_fp43_numbers`, after dg42): a PHONE_NUMBER that is a ledger's, a cost centre's or an account's
code: digits in hyphenated groups that are no North American number's printed groups (`6100-200-3400`), after a
word of accounting on the same line (`GL account`, `cost centre`, `Sachkonto`, `compte`) or beside another code of
the same shape, and no phone's word around it. Pure functions, CPU only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE, _PERSON_NEXT, _sentence

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_TITLE = re.compile(r"(?i)(?:\b(?:dr|mr|mrs|ms|mx|miss|prof|sir|dame|lady|lord|dear|frau|herr|fru|hr|pastor|rev)"
                    r"\.?[ \t]+)\Z")

# ------------------------------------------------------------------------------------------------ weekdays

_DAY_DOT = re.compile(r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.")
_OBJECT_AFTER = re.compile(r"[ \t]+(?:me|us|you|him|her|them|it|everyone|the|a|an)\b")


def _weekday(chunk: str, start: int, end: int, names: NameLists) -> bool:
    span = chunk[start:end]
    if start > 0 and chunk[start - 1].isalpha() and re.match(r"[a-z]\.[ \t]", span):
        return True  # (`We|d. Ping`: an initial read inside a word)
    words = span.split()
    if len(words) != 2:
        return False
    if _DAY_DOT.fullmatch(words[0]):  # `Wed. Ping me`
        return _OBJECT_AFTER.match(chunk, end) is not None or not names.is_name(words[1])
    if _DAY_DOT.fullmatch(words[1] if words[1].endswith(".") else words[1] + chunk[end:end + 1]):  # `Shipping Sat.`
        return not names.is_name(words[0]) and not names.is_any_first(words[0])
    return False


# --------------------------------------------------------------------------------------------- eponyms

# Eponyms known for a disease (lower case, as written before `'s`): seldom a person's possessive in a prompt.
_DISEASES = frozenset("""
alzheimer parkinson crohn hashimoto raynaud huntington hodgkin asperger tourette sjögren sjogren ménière meniere
kawasaki behçet behcet dupuytren peyronie hirschsprung marfan kaposi wernicke korsakoff munchausen duchenne
buerger takayasu gaucher fabry stargardt kienböck kienbock scheuermann perthes charcot creutzfeldt klinefelter fanconi
basedow reye tietze meckel zenker menkes angelman
""".split())
# Eponyms of two or three names (lower case, apart by a blank).
_DISEASE_PAIRS = frozenset(p.replace("_", " ") for p in """
lou_gehrig creutzfeldt_jakob guillain_barré guillain_barre tay_sachs niemann_pick ehlers_danlos prader_willi
osgood_schlatter von_willebrand de_quervain legg_calvé_perthes legg_calve_perthes mallory_weiss zollinger_ellison
wolff_parkinson_white charcot_marie_tooth stevens_johnson ramsay_hunt
""".split())
# Also common names: a clinical noun after, or a sentence about health.
_DISEASES_COMMON = frozenset("""
bell wilson graves addison cushing paget barrett conn bright still pick lewy down turner hansen chagas lyme bowen
horner pott sever sheehan whipple mallory weiss
""".split())
_CLINICAL = frozenset("""
disease diseases syndrome palsy phenomenon thyroiditis lymphoma sarcoma chorea dementia ulcer ulcers colitis
disorder contracture esophagus oesophagus encephalopathy dystrophy arteritis sign signs symptoms flare flares
""".split())
_HEALTH = re.compile(r"(?i)\b(?:diagnos\w*|symptoms?|autoimmune|thyroid|flare[- ]?ups?|flares?|treatment|treated|treat"
                     r"|patients?|doctor|gp|medication|medicine|remission|inflammation|inflammatory|chronic|disease"
                     r"|condition|syndrome|therapy|tremor|dementia|memory|gut|bowel|colitis|ibs|fingers|toes|cold"
                     r"|numb\w*|pain|fatigue|diet|gluten|clinic|hospital|neurolog\w*|rheumatolog\w*|gastro\w*"
                     r"|endocrin\w*|cure|genetic|hereditary|inherited|als|mnd|illness|ill|sick|health|medical|dose"
                     r"|levothyroxine|biologics?|steroids?|crohn's|raynaud's)\b")
# What may follow a bare disease's possessive: a verb, an auxiliary, a conjunction, a preposition.
_AFTER_DISEASE = frozenset("""
is was are were has had have can could may might will would does did do makes made causes caused affects affected
runs gets got and or vs versus in at with without for from after before during than is often usually mostly tends
patients sufferers
""".split())


def _eponym(chunk: str, start: int, end: int) -> bool:
    span = chunk[start:end]
    m = re.fullmatch(r"((?:[A-Z][^\W\d_]+[ \t-]+){0,2}[A-Z][^\W\d_]+)(['’]s?)?", span)
    if m is None:
        return False
    mark = m.group(2)
    pos = end
    if mark is None:
        after = re.match(r"['’]s?(?!\w)", chunk[end:end + 3])
        if after is None:
            return False
        pos = end + after.end()
    words = [w.lower() for w in re.split(r"[ \t-]+", m.group(1))]
    if len(words) > 1 and " ".join(words) not in _DISEASE_PAIRS:
        return False
    common = len(words) == 1 and words[0] in _DISEASES_COMMON
    if len(words) == 1 and not common and words[0] not in _DISEASES:
        return False
    nxt = re.match(r"[ \t]+([A-Za-z]+)", chunk[pos:pos + 30])
    if nxt is not None and nxt.group(1)[0].isupper() and nxt.group(1).lower() not in ("and", "or", "vs"):
        return False  # (`Hashimoto's Kenji`: a name goes on)
    head = nxt.group(1).lower() if nxt is not None else ""
    if head in _CLINICAL:
        return True
    if words[0] == "lou" and head not in _CLINICAL:
        return False  # `Lou Gehrig's` without `disease`: the player's
    health = _HEALTH.search(_sentence(chunk, start)) is not None
    if common:
        return health
    return health or nxt is None or head in _AFTER_DISEASE


# ------------------------------------------------------------------------------------------- named things

_THINGS = """
Magna Carta|Domesday Book|Rosetta Stone|Dead Sea Scrolls|Book of Kells|Codex Sinaiticus|Lindisfarne Gospels
Bayeux Tapestry|Hadrian's Wall|Antonine Wall|Offa's Dyke|Treaty of Versailles|Treaty of Westphalia
Ruy Lopez|Caro-Kann|Nimzo-Indian|Bogo-Indian|Grünfeld|Grunfeld|Najdorf|Scheveningen|Sveshnikov|Taimanov|Alapin
Rossolimo|Winawer|Tarrasch|Benoni|Benko|Pirc|Philidor|Petroff|Petrov|Alekhine|Nimzowitsch|Smith-Morra|Giuoco Piano
Evans Gambit|Fried Liver|Max Lange|Marshall Attack|Trompowsky|Catalan|Semi-Slav|Botvinnik|Breyer|Zaitsev|Chigorin
Englund|Sicilian Najdorf|Sicilian Dragon|Ruy López|Two Knights|Four Knights|Queen's Gambit|King's Gambit
King's Indian|Queen's Indian|Bird's Opening|Réti|Reti|Colle|Stonewall|Budapest Gambit|Albin Countergambit
Earl Grey|Earl Grey Tea|Lady Grey|Earl Grey tea|Lady Grey tea|English Breakfast|Irish Breakfast|Prince of Wales
Lapsang Souchong|Russian Caravan|Earl Grey Crème|Earl Grey Creme
""".replace("|", "\n").strip().splitlines()
_CHESS_HEADS = re.compile(r"[ \t]+(?:Defen[cs]e|Gambit|Variation|Countergambit|Counter-Gambit|Counterattack)\b")
_CHESS_SOFT = re.compile(r"[ \t]+(?:Attack|System|Opening|Indian|Line)\b")
_CHESS = re.compile(r"(?i)\b(?:chess|openings?|gambit|defen[cs]e|variation|white|black|pawn|knight|bishop|rook|queen"
                    r"|castl\w*|checkmate|mate|repertoire|theory|e4|d4|c4|nf3|1\.\s?e4|1\.\s?d4|moves?|blitz|elo"
                    r"|endgame|middlegame|sicilian|grandmaster|gm|fide|lichess|chess\.com)\b")
_TEA_ONLY = frozenset({"Earl Grey", "Lady Grey", "Earl Grey Tea", "Earl Grey tea", "Lady Grey tea"})


@functools.cache
def _things() -> re.Pattern[str]:
    alts = sorted((re.escape(t).replace(r"\ ", r"[ \t]+").replace("'", "['’]") for t in _THINGS), key=len,
                  reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def _thing(chunk: str, start: int, end: int) -> bool:
    for m in _things().finditer(chunk, max(0, start - 30), min(len(chunk), end + 30)):
        if m.start() <= start and end <= m.end() + (2 if chunk[end - 2:end] in ("'s", "’s") else 0):
            if re.match(r"[ \t]+(?![Tt]ea\b|Defen[cs]e\b|Gambit\b|Variation\b|Attack\b|Opening\b)[A-Z][a-z]+\b",
                        chunk[m.end():m.end() + 30]) and m.group() not in ("Magna Carta",):
                return False  # (`Earl Grey Thompson`: a surname after it)
            return True
    span = chunk[start:end]
    if re.fullmatch(r"[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?", span):
        if _CHESS_HEADS.match(chunk, end):
            return True
        if _CHESS_SOFT.match(chunk, end) and _CHESS.search(_sentence(chunk, start)):
            return True
    return False


# -------------------------------------------------------------------------------------------------- regions

_REGION_WORDS = frozenset("""
brandenburg württemberg wurttemberg baden schleswig holstein mecklenburg vorpommern nordrhein westfalen rheinland
pfalz sachsen anhalt thüringen hessen bayern saarland niedersachsen emilia romagna friuli venezia giulia trentino
alto adige südtirol castilla mancha león leon provence alpes côte azur auvergne rhône rhone bourgogne franche comté
comte île ile pas calais kujawsko pomorskie warmińsko mazurskie zachodniopomorskie świętokrzyskie rhein main neckar
ruhr saar mosel elbe oder wien niederösterreich oberösterreich vorarlberg tirol steiermark kärnten burgenland
herzegovina bosnia bissau guinea pomorze mazowsze podkarpacie westphalia rhineland palatinate saxony anhalt
württemberg-hohenzollern lorraine alsace champagne ardenne picardie normandie bretagne aquitaine occitanie
languedoc roussillon midi pyrénées pyrenees navarra aragón aragon cataluña catalunya valencia murcia galicia
asturias cantabria extremadura andalucía andalucia rioja rheinhessen ostwestfalen lippe ostfriesland
""".split())


def _region(chunk: str, start: int, end: int) -> bool:
    span = chunk[start:end]
    if "-" not in span or not re.fullmatch(r"[A-ZÀ-ÞŁŚŻ][^\W\d_]+(?:-[A-ZÀ-Þa-zŁŚŻ][^\W\d_]*)+(?:[ \t][A-Z][a-z]+)?",
                                            span):
        return False
    from proxy.nlp.places import city_names

    parts = [p.lower() for p in re.split(r"[- \t]+", span) if p]
    return len(parts) >= 2 and any(p in _REGION_WORDS for p in parts) \
        and all(p in _REGION_WORDS or p in city_names() or p in ("de", "la", "y", "d'azur", "st") for p in parts)


# ---------------------------------------------------------------------------------------------------- Nordic

_NORDIC_WORDS = frozenset("""
jeg jag du han hun hon vi dere ni de dem den det vår vårt våre vores vor min mitt mine din ditt dine hans hennes
hendes sin sitt sine mig meg dig deg oss os
bor bodde boede bott bodd er var har hadde hade havde heter het hedder hette jobber jobbar arbeider arbetar arbejder
studerer studerar studerer kommer kom skal ska vil vill kan kunne kunde liker gillar elsker älskar synes tycker
flyttet flyttade flyttede reiser reser rejser snakker pratar taler går gikk gick gik blir blev ble bliver
familien familjen familie familj bror broren bror brødre søster søsteren syster systern søstre foreldre föräldrar
forældre foreldrene mor mora mamma far faren pappa kone kona fru mann mannen man sønn son sønnen sonen datter dotter
datteren dottern barna barnen børnene kjæreste kæreste venn vennen ven vännen venner vänner
""".split())
_NORDIC = re.compile(r"(?i)(?<!\w)(?:og|och|ikke|inte|ikkje|jeg|jag|bor|bodde|er|är|har|med|på|til|till|fra|från"
                     r"|hvor|var|hvordan|hur|men|også|också|nå|nu|det|som|ett|en|et|i)(?!\w)")


def _nordic(chunk: str, start: int, end: int) -> bool:
    words = re.findall(r"[^\W\d_]+", chunk[start:end])
    if not words or not all(w.lower() in _NORDIC_WORDS for w in words):
        return False
    sentence = _sentence(chunk, start)
    hits = {m.group().lower() for m in _NORDIC.finditer(sentence)}
    return len(hits) >= 2 or any(w.lower() in ("bor", "jeg", "jag") for w in words) and len(hits) >= 1


# -------------------------------------------------------------------------------------------------- counters


def _counter(chunk: str, start: int, end: int) -> bool:
    from proxy.nlp.dg42 import _COUNTER_WORDS, _UNITS

    span = chunk[start:end]
    return re.fullmatch(r"[A-Z][a-z]+", span) is not None and (span.lower() in _COUNTER_WORDS or span.lower()
                                                                in _UNITS) \
        and re.match(r"[ \t]*:?\s*\d", chunk[end:end + 6]) is not None


# ---------------------------------------------------------------------------------------------------- filter


def _person_next(chunk: str, end: int) -> bool:
    m = re.match(r"(?:['’]s)?[ \t]+([a-z]+)", chunk[end:end + 24])
    return m is not None and m.group(1) in _PERSON_NEXT


def _drop(chunk: str, start: int, end: int, names: NameLists) -> bool:
    if _TITLE.search(chunk, max(0, start - 12), start) is not None:
        return False
    if _weekday(chunk, start, end, names):
        return True
    if _CUE.search(chunk, max(0, start - 12), start) is None and _region(chunk, start, end):
        return True  # (`Berlin-Brandenburg has a new airport`: a region's verb is a person's too)
    if _CUE.search(chunk, max(0, start - 12), start) is not None or _person_next(chunk, end):
        return False
    return _eponym(chunk, start, end) or _thing(chunk, start, end) or _region(chunk, start, end) \
        or _nordic(chunk, start, end) or _counter(chunk, start, end)


def without_fp43(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans the docstring's rules read as no person."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    return [r for r in found if r[0] != "PERSON" or not _drop(chunk, r[1], r[2], names)]


# ----------------------------------------------------------------------------------------------- ledger codes

_CODE = re.compile(r"\d{2,6}(?:-\d{2,6}){1,4}")
_LEDGER = re.compile(
    r"(?i)(?:\b(?:gl|g/l|general[ \t]+ledger|ledger|nominal|sub-?ledger|account|acct|a/c|accounts"
    r"|cost[ \t-]+cent(?:re|er)s?|profit[ \t-]+cent(?:re|er)s?|wbs|budget|posting|journal|coa"
    r"|chart[ \t]+of[ \t]+accounts|konto|sachkonto|kostenstelle|kostenstellen|buchungskonto|gegenkonto|kostnadsställe"
    r"|kostnadssted|compte|comptes|analytique|centre[ \t]+de[ \t]+co[uû]ts?|cuenta|cuentas|contable|centro[ \t]+de"
    r"[ \t]+cost[eo]s?|conto|conti|centro[ \t]+di[ \t]+costo|grootboek|kostenplaats|rekening|konto|kontonummer)\b)")


def _ledger_code(chunk: str, start: int, end: int) -> bool:
    value = chunk[start:end]
    if _CODE.fullmatch(value) is None or value[0] == "0":
        return False
    groups = [len(g) for g in value.split("-")]
    if groups in ([3, 3, 4], [1, 3, 3, 4], [3, 4], [3, 3, 3, 4]) or "555" in value.split("-")[1:-1]:
        return False  # (a North American number's printed groups, a 555 exchange)
    from proxy.nlp.dg42 import _cued

    if _cued(chunk, start, end):
        return False
    line_start = chunk.rfind("\n", 0, start) + 1
    before = chunk[max(line_start, start - 60):start]
    if _LEDGER.search(before) is not None:
        return True
    shape = re.compile(r"(?<![\w-])" + "-".join(rf"\d{{{n}}}" for n in groups) + r"(?![\w-])")
    line_end = chunk.find("\n", end)
    line = chunk[line_start:line_end if line_end >= 0 else len(chunk)]
    return len(shape.findall(line)) >= 2 and _LEDGER.search(line) is not None


def without_fp43_numbers(chunk: str, found: list[Result]) -> list[Result]:
    """`found` without the PHONE_NUMBER findings that are ledger or cost centres' codes (see the docstring)."""
    if not any(r[0] == "PHONE_NUMBER" for r in found) or "-" not in chunk:
        return found
    return [r for r in found if r[0] != "PHONE_NUMBER" or not _ledger_code(chunk, r[1], r[2])]
