"""PII-free text the name rules read as a person's name (fp28, atk26's false positives):

- a support call's line after a speaker's label (`Caller:`, `Customer:`, `Patient:`, `Agent:`...) that opens with a
  word that is a given name too, where the line reads as a sentence (`labelled_sentences`): a function word (`Caller:
  My order hasn't arrived`, `May I speak to`, `Will you send`), the word before a pronoun, a determiner or a verb's
  particle (`Hope you can help`, `Bill me next month`, `Jack up the volume`, `Ray of hope`), before a noun that is no
  verb (`Grace period ends`, `Dawn deliveries`), or an exclamation before its comma (`Joy, finally`); never with a
  surname after it, nor before a verb or a word of a person (`Bill White here`, `Rob told me`, `Will here`, `Hope
  Young speaking`);
- a word opening a sentence as the adjective or the noun of its subject (`Sandy soil drains faster`, `Amber alerts
  fire when`), a possessive in a fixed phrase (`Dean's list`) and a retirement account (`a Roth IRA`);
- a city listed as one (`proxy.nlp.places`) as a noun's modifier after a determiner (`delay the Austin meetup`,
  `our Boston campaign`): never before a capitalised word (`the Austin Wu meeting`);
- a Portuguese, Spanish or Italian imperative opening a sentence (`Escreva um resumo`, `Descreva o processo`,
  `Spiega cos'è`): a word no name list holds with an imperative's ending before a function word of those languages;
- a product named like a person (`Victoria Metrics`, `Mock Server`, `Heidi SQL`, `Crystal` in a sentence about
  servers, `Sage` in one about accounting, `Rundeck`), and a team's name under an owner's column (`Sales Ops`,
  `Finance Team`) or an object's plural name under a `Name` column beside a `Type` column (`Refunds,view`).
"""

from __future__ import annotations

import re

from proxy.nlp.everyday16 import Lexicon
from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------------ transcripts

# A label at a line's start that names a speaker, not a name's field (`Caller:`, `Agent 2:`, `Customer (chat):`).
_LABEL_BEFORE = re.compile(r"(?m)^[ \t>*-]*(?P<label>[A-Za-z][A-Za-z ]{0,24}?)[ \t]*(?:\d+[ \t]*)?"
                           r"(?:\([^()\n]{0,20}\))?[ \t]*:[ \t]*\Z")
# Labels whose value is a name (`Name: Will`, `Contact: Hope`, `From: Bill`): left to the cues.
_NAME_LABELS = frozenset("""
name contact attn attention signed signature author owner assignee requester from to cc bcc sender recipient
signatory approver reviewer reporter
""".split())
# Words after a given name that make it a person (`Will here`, `Rob told me`, `Mark from accounts`).
_PERSON_NEXT = frozenset("""
here speaking calling called calls rang phoned said says told tells asked asks wrote writes emailed texted from at
again and or replied mentioned confirmed complained reported booked cancelled canceled visited signed sent says
wants needs thinks thought knows knew left spoke is was has had will would can could should must may might does did
also too just
""".split())
# Words after a word that make it a verb's or a phrase's, never a name's (`Hope you`, `Bill me`, `Jack up`, `Ray of`).
_FUNCTION_NEXT = frozenset("""
you i we me us it them him this that these those the a an my your our their his its up out off down of
""".split())
# Function words opening a sentence that are listed given names in some list (`My`, `May`, `Will`).
_FUNCTION_OPENERS = frozenset("""
my may will can our your his her its their this that these those so do did does shall might could would should
""".split())
# Exclamations that open a line before a comma (`Joy, finally it works`).
_EXCLAMATIONS = frozenset("joy bliss gosh heavens mercy glory golly jeez".split())
# Base forms of verbs and auxiliaries a plural subject takes (`Amber alerts fire`, `Ivy walls keep`).
_PLURAL_VERBS = frozenset("""
are were have do don't would will can could should may might must need keep look seem make take get give go come
""".split())
_NEXT_WORDS = re.compile(r"(?P<comma>[ \t]*,)?[ \t]+(?P<x>[a-z][a-z'’]*|I(?=[ \t]))(?:[ \t]+(?P<y>[a-z][a-z'’]*))?"
                         r"(?:[ \t]+(?P<z>[a-z]+))?")
# Irregular past forms that are nouns too (`Frank left early`, `Bill spoke to me`): a person's verb after a name.
_PAST = frozenset("""
left spoke thought put set cut hit read let felt kept came went got made took gave saw found lost won sold bought
brought met ran paid sent said told rang wrote drove fell held heard meant stood
""".split())
# Words of a clause after a subject's verb (`Amber alerts fire when error rates exceed 2%`).
_CLAUSE_AFTER = frozenset("when whenever if unless after before once until faster slower quickly slowly".split())
# Abstract nouns before `in` and a determiner (`Faith in your service is gone`).
_VIRTUES = frozenset("faith hope trust confidence belief pride joy".split())
_DETERMINERS = frozenset("the a an our my your this that its their his her these those".split())


def _plural_base(word: str, words: frozenset[str]) -> str | None:
    """The singular of `word` in `words` (`deliveries` -> `delivery`, `bushes` -> `bush`), or None."""
    for cut, add in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(cut) and len(word) > len(cut) + 2 and word[:-len(cut)] + add in words:
            return word[:-len(cut)] + add
    return None


def _noun_only(word: str, lex: Lexicon) -> bool:
    """A lower-case noun that is no verb's form (`period`, `deliveries`, `petals`; not `question`, `wants`, `sent`)."""
    if word in lex.stops or word.endswith("ed") or word in _PERSON_NEXT or word in _PAST:
        return False
    if word in lex.nouns:
        return word not in lex.verbs
    base = _plural_base(word, lex.nouns)
    return base is not None and base not in lex.verbs


def _subject_phrase(word: str, x: str, y: str | None, lex: Lexicon, z: str | None = None) -> bool:
    """`word x y` opens a sentence as its subject's adjective or noun and the subject's noun and verb (`Amber alerts
    fire`, `Sandy soil drains`): a plural noun before a verb's base form, or an adjective before a singular noun and
    a verb's `-s` form."""
    if y is None or x in lex.stops or x in _PERSON_NEXT:
        return False
    low = word.lower()
    if _plural_base(x, lex.nouns) is not None and x not in lex.nouns:
        if y.endswith(("s", "ed")) or y in lex.stops and y not in _PLURAL_VERBS:
            return False
        return y in _PLURAL_VERBS or y in lex.verbs and (y not in lex.nouns or (
            low in lex.adjectives and z in _CLAUSE_AFTER))
    return low in lex.adjectives and low not in lex.nouns and x in lex.nouns and not x.endswith("s") \
        and _plural_base(y, lex.verbs) is not None


def _plain_opening(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """Whether the word [start, end), opening a speaker's line, opens an ordinary sentence (see the module's
    docstring)."""
    word = chunk[start:end]
    low = word.lower()
    if not word.isalpha() or not (low in lex.stops or low in lex.nouns or low in lex.verbs
                                  or low in lex.adjectives or names.is_common(word)):
        return False  # (`Priya`, `Olga`: a name only)
    m = _NEXT_WORDS.match(chunk, end)
    if m is None:
        return False  # (`Caller: Bill.`, `Customer: Hope White`: a name alone, or with its surname)
    x, y = m.group("x").lower(), m.group("y")
    if x in _PERSON_NEXT or x in _PAST:
        return False
    if m.group("comma") is not None:
        return low in _EXCLAMATIONS
    if low in _FUNCTION_OPENERS or x in _FUNCTION_NEXT:
        return True
    if low in _VIRTUES and x == "in" and y in _DETERMINERS:
        return True  # `Faith in your service is gone`
    if low in lex.adjectives and x in lex.nouns and not x.endswith("s") and x not in lex.stops:
        return True  # `Frank question: why the late fee?`
    return _noun_only(x, lex) or _subject_phrase(word, x, y, lex, m.group("z"))


def _after_speaker(chunk: str, start: int) -> bool:
    line = chunk.rfind("\n", 0, start) + 1
    m = _LABEL_BEFORE.search(chunk, line, start) if start - line <= 48 else None
    if m is None:
        return False
    label = m.group("label").strip().lower()
    return label.split()[-1] not in _NAME_LABELS and not label.endswith(("name", " by", " to"))


def labelled_sentences(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without a one-word PERSON span opening a speaker's line that reads as a sentence (`Caller: My order
    hasn't arrived`)."""
    if ":" not in chunk or not any(r[0] == "PERSON" for r in found):
        return found
    return [r for r in found if not (r[0] == "PERSON" and _after_speaker(chunk, r[1])
                                     and _plain_opening(chunk, r[1], r[2], names, lex))]


# ------------------------------------------------------------------------------------------------ opening words

_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n[ \t*>•-]*)$")
_TITLE_BEFORE = re.compile(r"(?i)\b(?:mrs?|ms|mx|dr|prof|sr|jr|st|rev|capt|sgt|lt|gen|col|hr|fr)\.\s*$")
_FIXED_POSSESSIVES = re.compile(r"(?i)dean['’]s[ \t]+list\b")
_ROTH = re.compile(r"Roth[ \t]+(?:IRA|IRAs|401\(?k\)?|403\(?b\)?|account|accounts)\b")


def _opening_subject(chunk: str, start: int, end: int, lex: Lexicon) -> bool:
    """`Sandy soil drains`, `Amber alerts fire` opening a sentence (or a speaker's line)."""
    if _SENTENCE_START.search(chunk[max(0, start - 8):start]) is None and not _after_speaker(chunk, start):
        return False
    if _TITLE_BEFORE.search(chunk[max(0, start - 8):start]) is not None:
        return False  # a form of address's dot ends no sentence (`Dr. Young patients are waiting`)
    word = chunk[start:end].lower()
    if word not in lex.nouns and word not in lex.adjectives:
        return False  # (`Dr. Seuss books`: a word of a name only)
    m = _NEXT_WORDS.match(chunk, end)
    return m is not None and m.group("comma") is None and _subject_phrase(chunk[start:end], m.group("x").lower(),
                                                                          m.group("y"), lex, m.group("z"))


# ------------------------------------------------------------------------------------------------ cities

_DETERMINER_BEFORE = re.compile(r"(?i)(?:^|[^\w'’-])(?:the|our|their|your|this|that|its|my|his|her|next|last|every"
                                r"|each)[ \t]+$")


def _city_modifier(chunk: str, start: int, end: int, lex: Lexicon) -> bool:
    """A listed city after a determiner before a lower-case noun (`the Austin meetup`, `our Milan launch`)."""
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    low = chunk[start:end].lower()
    if low not in city_names() and low not in place_names():
        return False
    if _DETERMINER_BEFORE.search(chunk[max(0, start - 12):start]) is None:
        return False
    m = re.match(r"[ \t]+([a-z][a-z-]*)\b", chunk[end:end + 40])
    if m is None:
        return False
    noun = m.group(1)
    if noun in lex.stops or noun in _PERSON_NEXT or noun in _PAST or noun.endswith("ed"):
        return False
    return noun in lex.nouns or _plural_base(noun, lex.nouns) is not None or "-" in noun or (
        len(noun) > 3 and noun not in lex.verbs and noun not in lex.adjectives)  # (`meetup`, `offsite`)


# ------------------------------------------------------------------------------------------------ imperatives

# Function words of Portuguese, Spanish and Italian after an imperative (articles, pronouns, demonstratives,
# quantifiers, question words).
_ROMANCE_NEXT = frozenset("""
um uma uns umas o a os as este esta estes estas isto esse essa isso aquele aquela me te se lhe nos vos
un una uno unos unas el la lo los las le les mi tu su mis tus sus nuestro nuestra esto eso estos estas ese esa
il gli i l un' una uno questo questa questi queste quello quella ci vi ne mi ti si cosa cos che come quale quali
cinco tres três dos dois duas cinque tre due quatro cuatro quattro diez dieci dez todos todas tutti tutte todo
qué que como cómo cuál cual por para per con com em en in de di da del della dello dei degli delle al alla ao à
""".split())
_IMPERATIVE_END = re.compile(r"(?i)[^\W\d_]{2,}(?:a|e|i|ça|ci|gi|ja|za)")
# Common imperatives of the three languages that a name list may hold (`Nota`, `Marca`, `Prova`, `Conta`, `Lista`).
_IMPERATIVES = frozenset("""
nota marca prova conta lista usa toma dime dimmi fammi dammi mostra mostre mostrame cerca busca crea cria
""".split())


def _romance_imperative(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """A Portuguese, Spanish or Italian imperative opening a sentence (`Escreva um resumo`, `Spiega cos'è`)."""
    word = chunk[start:end]
    if not word.isalpha() or _SENTENCE_START.search(chunk[max(0, start - 8):start]) is None:
        return False
    low = word.lower()
    if low not in _IMPERATIVES and (_IMPERATIVE_END.fullmatch(word) is None or names.is_name(word)
                                    or names.is_any_first(word) or len(word) < 4):
        return False
    m = re.match(r"[ \t]+([a-zà-úç]+)", chunk[end:end + 30])
    return m is not None and m.group(1) in _ROMANCE_NEXT


# ------------------------------------------------------------------------------------------------ products, teams

# Heads of a product's name after a word that is a name too (`Victoria Metrics`, `Mock Server`, `Heidi SQL`).
_PRODUCT_HEADS = frozenset("""
metrics logs log server servers adapter adapters sql db studio proxy gateway exporter connector cli sdk api
""".split())
# Products named like a person, each with the words of its domain that say the product is meant (`Is Crystal fast
# enough for a web server?`, `Ask Sage to review the accounting export.`).
_PRODUCTS = {
    "crystal": frozenset("compile compiler compiled language server web fast benchmark shard shards ruby syntax "
                         "binary reports report".split()),
    "sage": frozenset("accounting payroll ledger bookkeeping erp invoices invoicing vat export".split()),
    "jade": frozenset("template templates pug html express node engine".split()),
}
# Tools and products the NER reads as people that `proxy.nlp.tech_terms` lacks; lower case.
TOOLS28 = frozenset("rundeck buildkite semaphore teamcity octopus spinnaker bitrise".split())
_TEAM_WORDS = frozenset("""
team teams ops operations sales finance marketing support engineering platform infra infrastructure security
desk squad guild crew group department dept office services service core data design legal accounting billing
treasury hr it qa devops sre product
""".split())


def _product(chunk: str, start: int, end: int, names: NameLists) -> bool:
    words = chunk[start:end].split()
    if not words:
        return False
    last = words[-1].lower()
    if len(words) == 2 and (last in _PRODUCT_HEADS or words[-1] == "SQL"):
        return True  # `Mock Server`, `Heidi SQL`
    nxt = re.match(r"[ \t]+([A-Z][A-Za-z]*)\b", chunk[end:end + 20])
    if nxt is not None and nxt.group(1).lower() in _PRODUCT_HEADS:
        return True  # `Victoria Metrics`
    if len(words) == 1 and last in TOOLS28:
        return True
    domain = _PRODUCTS.get(last) if len(words) == 1 else None
    if domain is None:
        return False
    sentence = re.findall(r"[a-z]+", chunk[max(0, start - 100):end + 100].lower())
    return any(w in domain for w in sentence)


_LINE_MAX = 400


def _team_cell(chunk: str, start: int, end: int) -> bool:
    """A team's name in a CSV cell (`Sales Ops`, `Finance Team`) or an object's plural name under `Name` beside a
    `Type` column (`Refunds,view`): the cell is the span, on a line of comma-separated cells."""
    line_start = chunk.rfind("\n", max(0, start - _LINE_MAX), start) + 1
    line_end = chunk.find("\n", end, end + _LINE_MAX)
    first_end = chunk.find("\n", 0, _LINE_MAX)
    if line_start == 0 or line_end < 0 and len(chunk) - end >= _LINE_MAX or first_end < 0:
        return False  # (a row under a header line, both short: a long line is no CSV's)
    line = chunk[line_start:line_end if line_end >= 0 else len(chunk)]
    if "," not in line:
        return False
    cells = [c.strip() for c in line.split(",")]
    value = chunk[start:end].strip()
    if value not in cells:
        return False
    words = value.lower().split()
    if words and words[-1] in _TEAM_WORDS and all(w in _TEAM_WORDS for w in words):
        return True
    header = chunk[:first_end].lower().replace(" ", "").split(",")
    col = cells.index(value)
    return "type" in header and col < len(header) and header[col] == "name" and len(words) == 1 \
        and words[0].endswith("s") and len(cells) == len(header) and cells[header.index("type")].islower()


# ------------------------------------------------------------------------------------------------ the filter


def without28(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` without the PERSON spans the rules of this module read as no name."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON":
            start, end = r[1], r[2]
            one = " " not in chunk[start:end].strip()
            if one and (_opening_subject(chunk, start, end, lex) or _city_modifier(chunk, start, end, lex)
                        or _romance_imperative(chunk, start, end, names)
                        or _FIXED_POSSESSIVES.match(chunk, start) is not None
                        or _ROTH.match(chunk, start) is not None):
                continue
            if _product(chunk, start, end, names) or _team_cell(chunk, start, end):
                continue
        out.append(r)
    return out
