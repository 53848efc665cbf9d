"""Cases, drinks, terms and places the name rules read as a person (fp42, issue 12's false positives).

- a court case named by one party, in a sentence about law (`court`, `overruled`, `deference`, `precedent`...):
  after a legal frame (`after Loper Bright`, `under Chevron`, `in Dobbs`, `Following Heller,`, `overruled Roe`),
  before a doctrine's word (`Auer deference`, `the Chevron framework`) or before the verb a case takes (`Roe was
  overruled`, `Roe still cited`); a listed given name (`Casey`) only after a frame no person takes (`after`,
  `under`, `following`, `overruled`...);
- a tea, a drink or a product named like a person: the capitalised words right before a drink's or a product's
  noun (`Jasmine Pearl tea`, `Grand Marnier liqueur`, `Earl Grey or Lady Grey tea`, `Ben Sherman shirts`), or after
  a measure of it (`a splash of Grand Marnier`, `a cup of Jasmine Pearl`);
- a term of machine learning, finance or science: an ordinary word and a given name that is also a word (`Random
  Forest`, `Isolation Forest`) in a technical sentence;
- a known place alone as a sentence's subject with a traveller's predicate (`Modena is lovely in May.`, `Is
  Taormina hot in July?`); a place that is also a given name (`Modena`, `Lucca`) only with a month or a season.

Real people stay names: a person's cue before (`Mr.`, `Dear`, `Ask`), a person's verb after (`called`, `said`), a
given name and a surname (`Pearl Jenkins`), a possessive. Pure functions, CPU only; each rule is gated by a
substring test and reads a sentence around a found name only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE, _PERSON_NEXT, _sentence
from proxy.nlp.fpco40 import _HONORIFIC, _firms
from proxy.nlp.place41 import _known

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# A sentence about law (gate: any of these words near the span).
_LEGAL = re.compile(r"(?i)\b(?:courts?|justices|ruling|rulings|ruled|overrul\w+|overturn\w*|precedents?|deference"
                    r"|doctrine|scrutiny|holding|held|constitution\w*|amendment|statut\w+|agency|agencies|litigation"
                    r"|laws?|legal|case|cases|decision|majority|dissent\w*|circuit|scotus|abortion|plaintiffs?"
                    r"|defendants?|justice|judicial|jurisprudence|analogues?|cit(?:ed|es|ing)|v\.)\b")
# A case's frame before its name; the first set takes no person in a sentence about law.
_CASE_STRONG = ("after|under|following|overruled|overruling|overturned|overturning|overrule|overturn|since|post"
                "|pre|citing|reaffirmed|abrogated|narrowed|extended")
_CASE_FRAME = re.compile(r"(?i)\b(?:(" + _CASE_STRONG + r"|(?:differ\w*|different|depart\w*|distinct|retreat\w*)"
                         r"[ \t]+from)|in|from|than|and|or|like|cited|applied|applying"
                         r"|distinguished|distinguishing|reversed|upheld)[ \t]+\Z")
# A frame inside the span itself (`Following Heller` found as one name).
_CASE_LEAD = re.compile(r"(?:" + _CASE_STRONG.title() + r")[ \t]+(?=[A-Z])")
# People at work in the sentence: a name there may lead them (`Under Okafor, the legal team won`).
_STAFF = re.compile(r"(?i)\b(?:who|whom|team|teams|teammates?|colleagues?|staff|he|she|him|her|his|hers|boss"
                    r"|manager|managers|partners?|associates?|leadership|led|leads|hired|joined)\b")
# What follows a case's name in a sentence (`after Loper Bright overruled Chevron`, `in Dobbs differ from`).
_CASE_NEXT = frozenset("""
overruled overturned overruling held holds established eliminated changed changes required requires rejected ended
abolished displaced replaced reshaped limited narrowed expanded applies applied apply governs governed controls
controlled struck was is has had still and or to for about on in at of with the a an as than now mean means meant
left leaves differ differs do does did affect affected affects matter matters remain remains decision
ruling majority dissent opinion holding line court courts era framework test
""".split())
# After a case's name: a doctrine's word or the verb a case takes.
_CASE_AFTER = re.compile(r"[ \t]+(?:(?:was|were|is|has[ \t]+been|had[ \t]+been|still|been)[ \t]+){0,2}(?:deference"
                         r"|framework|doctrine|test|standard|step|precedent|overruled|overturned|decided|cited|upheld"
                         r"|reaffirmed|abrogated|remains[ \t]+good[ \t]+law|v\.)\b")
# A drink's or a product's noun right after its name (`Jasmine Pearl tea`, `Ben Sherman shirts`).
_PRODUCT = re.compile(r"(?:[ \t]*(?:,|or|and|vs\.?)[ \t]+(?:[A-Z][\w'’-]*[ \t]+){0,2}[A-Z][\w'’-]*)?[ \t]+(?:(?:green"
                      r"|black|white|oolong|herbal|loose[ \t]+leaf|iced)[ \t]+)?(?:teas?|oolong|tisane|infusion"
                      r"|coffee|espresso|liqueurs?|cognacs?|brandy|whiske?y|bourbon|scotch|vodka|gin|rum|tequila"
                      r"|mezcal|champagnes?|prosecco|cava|wines?|beers?|ale|lager|cider|sake|cocktails?|spritz"
                      r"|shirts?|polos?|jeans|sneakers|trainers|loafers|boots|jackets?|knitwear|handbags?"
                      r"|perfumes?|fragrances?|hotels?|resorts?)\b")
# A measure of a drink before its name (`a splash of Grand Marnier`, `a cup of Jasmine Pearl`).
_MEASURE = re.compile(r"(?i)\b(?:splash|dash|shot|measure|bottle|bottles|glass|glasses|cup|cups|pot|pint|dram|jigger"
                      r"|ounce|oz|ml|tin|bag|bags|box|pack|jar|can|cans|drop|drops)[ \t]+of[ \t]+\Z")
# A technical sentence (machine learning, trading, science).
_TECH = re.compile(r"(?i)\b(?:classifier|classification|regression|models?|features?|trees?|boosting|algorithms?"
                   r"|anomal\w+|detection|training|train|hyperparameters?|depth|estimators?|sklearn|scikit\S*"
                   r"|datasets?|data|tabular|accuracy|overfit\w*|ensembles?|bagging|splits?|learning|predict\w*"
                   r"|chart|trading|volatility|indicators?|stocks?|prices?|signals?|chaos|chaotic|differential"
                   r"|equations?|simulat\w+|python|pandas|numpy|matlab|vs\.?|versus|robotics|estimation|noise"
                   r"|sensors?|attractor|bands|channels)\b")
# The head of a term a name opens (`Bollinger Bands`, `Keltner Channels`, `Lorenz Attractor`).
_TERM_HEADS = frozenset({"bands", "channels", "attractor", "oscillator", "filter", "forest", "forests"})
_TERM_AFTER = re.compile(r"[ \t]+(?i:filter|filters|filtering|attractor|bands|channels|oscillator)\b")
_ANATOMY_OF = re.compile(r"(?i)\b(?:circle|loop|loops|islets?|islands|ampulla|crypts?|sinus|pouch|space|spaces|organ"
                         r"|organs|triangle|canal|canals|column|columns|node|nodes|duct|ducts|tubules?|glands?)[ \t]+of"
                         r"[ \t]+\Z")
_TERM_WORDS = frozenset({"random", "isolation", "extra", "rotation", "decision", "deep", "causal", "survival",
                         "mondrian", "optimal", "oblique", "generalized", "quantile"})
# A traveller's predicate after a place (`Modena is lovely in May`, `Is Taormina hot in July?`).
_SEASON = (r"(?:in|during|by|around|at)[ \t]+(?:(?:early|late|mid)[ \t-]+)?(?:january|february|march|april|may|june"
           r"|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|spring"
           r"|summer|autumn|fall|winter|christmas|easter|the[ \t]+(?:spring|summer|autumn|fall|winter|off[ \t-]+season"
           r"|low[ \t]+season|high[ \t]+season|shoulder[ \t]+season))|this[ \t]+time[ \t]+of[ \t]+(?:the[ \t]+)?year")
_PREDICATE = re.compile(r"(?i)[ \t]+(?:is|are|was|gets|looks|feels|be)[ \t]+(?:(?:really|very|so|too|still|especially"
                        r"|quite|incredibly|always|usually|pretty|at[ \t]+its[ \t]+best|absolutely|extremely)[ \t]+)?"
                        r"(?:(?:lovely|beautiful|gorgeous|stunning|crowded|busy|hot|cold|warm|mild|rainy|sunny|wet"
                        r"|humid|pleasant|charming|magical|quiet|packed|expensive|cheap|touristy|walkable|snowy"
                        r"|windy|foggy|freezing|nice|best|worth[ \t]+(?:it|visiting|a[ \t]+visit|the[ \t]+trip))\b"
                        r"(?P<rest>[^.!?\n]{0,40}))")
_SEASON_RE = re.compile(r"(?i)\b(?:" + _SEASON + r")\b")
_SUBJECT = re.compile(r"(?:\A|[.!?\n][ \t\"'*]*|(?i:\b(?:is|was|does|isn't)[ \t]+))\Z")


def without_fp42(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as a case, a product, a term or a place."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    legal = _LEGAL.search(chunk) is not None
    product = _PRODUCT.search(chunk) is not None or " of " in chunk
    tech = _TECH.search(chunk) is not None
    travel = " is " in chunk or " are " in chunk or "Is " in chunk or " was " in chunk
    out: list[Result] = []
    for r in found:
        cue = _CUE.search(chunk, max(0, r[1] - 12), r[1]) if r[0] == "PERSON" else None
        if cue is not None and cue.group().strip().lower() == "with" and product \
                and re.search(r"(?i)\bcompar", _sentence(chunk, r[1])) and _product(chunk, r[1], r[2], names):
            continue  # (`Compare Ben Sherman shirts with Fred Perry polos`)
        if r[0] == "PERSON" and cue is None \
                and not chunk.startswith(("'s", "’s"), r[2]) and not chunk[r[1]:r[2]].endswith(("'s", "’s")) \
                and (_brand(chunk, r[1], r[2], names)
                     or legal and _case(chunk, r[1], r[2], names)
                     or product and _product(chunk, r[1], r[2], names)
                     or tech and _term(chunk, r[1], r[2], names)
                     or " of " in chunk and _anatomy(chunk, r[1], r[2])
                     or travel and _place(chunk, r[1], r[2], names)):
            continue
        out.append(r)
    return out


def _person_after(chunk: str, end: int) -> bool:
    m = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 20])
    return m is not None and m.group(1) in _PERSON_NEXT


def _full_name(span: str, names: NameLists) -> bool:
    words = span.split()
    return len(words) >= 2 and names.is_first(words[0]) and words[-1].lower() in names.last \
        and not names.is_first(words[-1])


def _brand(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Pernod Ricard reported ...`: a listed brand with a word no name list holds, whatever verb follows."""
    for m in _firms().finditer(chunk, max(0, start - 40), min(len(chunk), end + 40)):
        if m.start() <= start and end <= m.end():
            words = re.findall(r"[^\W\d_]{2,}", m.group())
            if len(words) == 1 and re.search(_HONORIFIC + re.escape(words[0]) + r"(?![^\W\d_])", chunk):
                return False  # (`Frau Dr. med. Honda`)
            return not all(names.is_name(w) for w in words)
    return False


def _case(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`after Loper Bright`, `under Chevron`, `Following Heller,`, `Auer deference`, `Roe was overruled`."""
    sentence = _sentence(chunk, start)
    if _LEGAL.search(sentence) is None or _STAFF.search(sentence) is not None:
        return False  # (`Under Okafor, the legal team won every case`)
    nxt = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 24])
    if nxt is not None and nxt.group(1) not in _CASE_NEXT and not _CASE_AFTER.match(chunk, end):
        return False  # (`After Whitaker filed the motion`: a case is no one who files)
    span = chunk[start:end]
    lead = _CASE_LEAD.match(span)
    if lead is not None:
        span, start = span[lead.end():], start + lead.end()
    words = span.split()
    if not 1 <= len(words) <= 2:
        return False
    if lead is not None:
        return True  # (`Following Heller, courts applied ...`)
    first = names.is_first(words[0]) and len(words) == 1
    m = _CASE_FRAME.search(chunk, max(0, start - 16), start)
    if m is not None and (m.group(1) is not None or not first and not _full_name(span, names)):
        return True
    return _CASE_AFTER.match(chunk, end) is not None and not _full_name(span, names)


def _product(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Jasmine Pearl tea`, `Earl Grey or Lady Grey tea`, `Grand Marnier liqueur`, `a splash of Grand Marnier`."""
    if _person_after(chunk, end):
        return False
    m = _PRODUCT.match(chunk, end)
    if m is not None:
        return not (_full_name(chunk[start:end], names) and re.search(r"hotels?|resorts?\Z", m.group()))
    return _MEASURE.search(chunk, max(0, start - 16), start) is not None


def _term(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Random Forest`, `Isolation Forest works` (the span maybe holding the ordinary word), `Bollinger Bands`,
    `Kalman filtering` in a technical sentence."""
    if _TECH.search(_sentence(chunk, start)) is None:
        return False
    words = chunk[start:end].split()
    before = re.search(r"([A-Z][a-z]+)[ \t]+\Z", chunk[max(0, start - 20):start])
    if len(words) == 2 and (words[0].lower() in _TERM_WORDS or words[1].lower() in _TERM_HEADS):
        return True
    if len(words) == 1 and before is not None and before.group(1).lower() in _TERM_WORDS:
        return True
    return len(words) == 1 and _TERM_AFTER.match(chunk, end) is not None


def _anatomy(chunk: str, start: int, end: int) -> bool:
    """`the circle of Willis`, `the islets of Langerhans`: one name after an anatomical head and `of`."""
    return " " not in chunk[start:end].strip() and _ANATOMY_OF.search(chunk, max(0, start - 24), start) is not None


def _place(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Modena is lovely in May.`, `Is Taormina hot in July?`: a known place as the subject of a traveller's
    predicate; one that is also a given name only with a month or a season."""
    span = chunk[start:end]
    if not _known(span) or _SUBJECT.search(chunk, max(0, start - 12), start) is None:
        return False
    m = _PREDICATE.match(chunk, end)
    if m is None:
        m = re.match(r"(?i)[ \t]+(?:(?:really|very|so|too|still|especially|quite|pretty)[ \t]+)?(?:lovely|beautiful"
                     r"|gorgeous|stunning|crowded|busy|hot|cold|warm|mild|rainy|sunny|wet|humid|pleasant|charming"
                     r"|quiet|packed|expensive|cheap|touristy|walkable|snowy|windy|foggy|freezing|nice|worth"
                     r"[ \t]+(?:it|visiting|a[ \t]+visit))\b(?P<rest>[^.!?\n]{0,40})", chunk[end:end + 80])
        if m is None or not re.search(r"(?i)\b(?:is|was|does)[ \t]+\Z", chunk[max(0, start - 8):start]):
            return False
    return _known(span, names) or _SEASON_RE.search(m.group("rest")) is not None
