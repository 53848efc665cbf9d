"""Words the name rules read as a person, in a frame no person is in (fp48, the gen47 corpus of PII-free prompts).
Drop-only: each rule removes a PERSON span (or a year range read as a phone number), never adds or widens one.

By the word's role, not by a list of words (the words are also surnames or given names, so the common-word drops
skip them):
- a heading alone on its line above a table or a list (`Numbers` over `| Item | Value |`);
- a numbered step's one word (`2. Branch` over `- Create a branch ...`);
- an imperative before an object and `as` (`Mark as shipped`, `Mark invoices as overdue`);
- a plural noun before a plural verb (`Keys are case-sensitive.`);
- an inflected verb or a participle opening a code comment's sentence (`# Rounds half up`, `# Hashed assets can`,
  `# Max concurrent resize operations`);
- `Is Patience a virtue ...?`: a noun asked about as a thing (no person's noun after `a`);
- an outline label, a letter and a period at a line's start before a common word (`A. Hosted vendor.`);
- a pet's name: right after a pet noun (`Our cat Pepper keeps`), `is called`/`named` after one (`Our new kitten is
  called Sunny.`), or opening the sentence after one about my/our pet, a common word before `is`/`was`/`has`
  (`How do I teach my puppy ...? Maple is 11 weeks old`);
- products and code: a span holding `vs`, ending in a lower-case common noun (`Skyrim SE mod`), a product word before
  a thing's noun (`a Roblox game`), a feature switched on (`Hermes enabled,`), a type in a Java/C# declaration or cast
  (`Sku other = (Sku) o;`), an SQL keyword in capitals in SQL talk (`CROSS joins`), lower-case common words no
  capitalised mention in the text backs (`louder on max`, `can add manual entries`, `API max is 1000`);
- other languages' words: a Croatian/Serbian/Bosnian question word (`Kako`), a German noun after a German possessive in
  German text (`meine Kollegin`), a suffixed Turkish word in Turkish text (`Öğrenciyim`, `Köpeğimin`), a French
  holiday after `de` (`repas de Noël`), a place after a Nordic preposition in Nordic text (`nærheten av Bergen`), a
  place's geographic head (`Table Mountain`), a denomination beside its religion (`Sunni and Shia Islam`).
And `(2019–2022)`, a year range, is no phone number.

No span with a person's cue right before it (`Dr.`, `ask`, `with`) nor a person's verb right after it is dropped, and
no span of two given or family names (`Mark Chen`, `A. Smith`, `B. Ortega`). Pure functions over strings, CPU only.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from proxy.nlp.fp36 import _CUE, _PERSON_NEXT

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_LOWER_WORD = re.compile(r"[a-z][a-z'’-]*")
_CAP_WORD = re.compile(r"[A-Z][a-z]+")

# ----------------------------------------------------------------------------------------------- by the word's role

_LINE_LEAD = r"[ \t]*(?:[-*+>•][ \t]+|#+[ \t]*|//+[ \t]*|--[ \t]+|;+[ \t]*|/?\*+[ \t]*)?"
_NUMBERED = re.compile(r"[ \t]*\d{1,2}[.)][ \t]+\Z")
_PLURAL_VERBS = frozenset("""
are were have aren't weren't haven't don't do need stay remain expire get go come must can should may
""".split())
_COMMENT = re.compile(r"[ \t]*(?:#+|//+|--|;+|/?\*+)[ \t]*")
_PERSON_NOUNS = frozenset("""
person man woman boy girl child kid friend singer actor actress doctor teacher player writer author leader
manager student name guy lady mother father sister brother wife husband partner neighbour neighbor colleague
member candidate artist musician dancer coach nurse lawyer politician president celebrity star influencer host
""".split())
_PERSON_SUFFIX = re.compile(r"(?:er|or|ist|ian|ess)\Z")


def _line_bounds(chunk: str, start: int, end: int) -> tuple[int, int]:
    a = chunk.rfind("\n", 0, start) + 1
    b = chunk.find("\n", end)
    return a, (b if b >= 0 else len(chunk))


def _lemmas(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    if w.endswith("ies"):
        out.append(w[:-3] + "y")
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s"):
        out.append(w[:-1])
    if w.endswith("ed"):
        out += [w[:-2], w[:-1]]
    if w.endswith("ing"):
        out += [w[:-3], w[:-3] + "e"]
    return out


def _in_lex(word: str, lex: Lexicon) -> bool:
    return any(w in lex.nouns or w in lex.verbs or w in lex.adjectives for w in _lemmas(word))


def _next_words(chunk: str, end: int, n: int = 4) -> list[str]:
    line_end = chunk.find("\n", end)
    return re.findall(r"[\w'’-]+|[^\w\s]", chunk[end:line_end if line_end >= 0 else min(len(chunk), end + 80)])[:n]


def _next_line(chunk: str, end: int) -> str:
    b = chunk.find("\n", end)
    if b < 0:
        return ""
    rest = chunk[b + 1:].lstrip("\n")
    return rest.split("\n", 1)[0].strip()


def _heading(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """`Numbers` alone on its line, a blank line (or the text's start) above it, a table or a list below it."""
    a, b = _line_bounds(chunk, start, end)
    word = chunk[start:end]
    if chunk[a:b].strip().rstrip(":") != word or names.is_census_first(word) \
            and not (word.endswith("s") and word[:-1].lower() in lex.nouns):
        return False  # (a given name over a list is a person's section: `Anna` over `- finished the report`)
    if a > 1 and chunk[a - 2] != "\n":
        return False
    return _in_lex(chunk[start:end], lex) and re.match(r"[|\-*+•]|\d+[.)]", _next_line(chunk, end)) is not None


def _numbered_step(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """`2. Branch` on its own line over the step's list (or before a lower-case word): a numbered step's word."""
    a, b = _line_bounds(chunk, start, end)
    if _NUMBERED.fullmatch(chunk, a, start) is None or names.is_census_first(chunk[start:end]):
        return False
    if not _in_lex(chunk[start:end], lex):
        return False
    rest = chunk[end:b].strip()
    if not rest:
        return re.match(r"[-*+•]", _next_line(chunk, end)) is not None
    return _LOWER_WORD.match(rest) is not None


def _imperative_as(chunk: str, start: int, end: int, lex: Lexicon) -> bool:
    """`Mark as shipped`, `Mark invoices as overdue`: a verb opening a sentence, a line or a quote, up to three
    lower-case words and `as` before a lower-case word that is no article after it."""
    word = chunk[start:end]
    if word.lower() not in lex.verbs:
        return False
    if re.search(r"(?:\A|[.!?:\n\"“'‘(][ \t]*|\n" + _LINE_LEAD + r")\Z", chunk[max(0, start - 8):start]) is None:
        return False
    return re.match(r"(?:[ \t]+[a-z][\w'’-]*){0,3}?[ \t]+as[ \t]+(?!(?:a|an|the|if|well|soon|long|much|far|of)\b)"
                    r"[a-z]", chunk[end:end + 60]) is not None


def _plural_subject(chunk: str, start: int, end: int, lex: Lexicon) -> bool:
    """`Keys are case-sensitive.`: a plural noun opening a sentence before a verb in the plural."""
    word = chunk[start:end]
    if not word.endswith("s") or word.endswith("ss") or not (word[:-1].lower() in lex.nouns
                                                            or word[:-2].lower() in lex.nouns):
        return False
    if re.search(r"(?:\A|[.!?:;\n][ \t\"'*]*|\n" + _LINE_LEAD + r")\Z", chunk[max(0, start - 8):start]) is None:
        return False
    nxt = _next_words(chunk, end, 1)
    return bool(nxt) and nxt[0] in _PLURAL_VERBS


def _comment_opening(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """`# Rounds half up`, `# Hashed assets can be cached`, `# Max concurrent resize operations`: a common word
    opening a sentence of a code comment, before a lower-case word that is no person's verb."""
    a, _ = _line_bounds(chunk, start, end)
    m = _COMMENT.match(chunk, a)
    if m is None or m.end() > start:
        return False
    body = chunk[m.end():start]
    if body and re.search(r"[.!?;][ \t]+\Z", body) is None:
        return False
    word = chunk[start:end]
    if not _in_lex(word, lex) or (names.is_first(word) and word.lower() not in lex.nouns
                                  and word.lower() not in lex.adjectives):
        return False
    nxt = _next_words(chunk, end, 1)
    return bool(nxt) and _LOWER_WORD.fullmatch(nxt[0]) is not None and nxt[0] not in _PERSON_NEXT \
        and nxt[0] not in {"is", "was", "and", "or"}


def _asked_thing(chunk: str, start: int, end: int, lex: Lexicon) -> bool:
    """`Is Patience a virtue worth teaching?`, `Is Rose a strong enough wine ...?`: a noun asked about as a thing."""
    word = chunk[start:end]
    if word.lower() not in lex.nouns or re.search(r"(?:\A|[.!?\n][ \t]*)Is[ \t]+\Z", chunk[max(0, start - 6):start]) \
            is None:
        return False
    m = re.match(r"[ \t]+an?[ \t]+([^?.!\n]{1,60})", chunk[end:])
    if m is None:
        return False
    words = re.findall(r"[a-z]+", m.group(1))[:5]
    return bool(words) and not any(w in _PERSON_NOUNS or (_PERSON_SUFFIX.search(w) and w in lex.nouns
                                                         and w not in {"flower", "water", "paper", "colour", "color",
                                                                       "number", "letter", "order", "error"})
                                   for w in words)


_LABEL = re.compile(r"([A-H])\.[ \t]+([A-Z][a-z]+(?:-[a-z]+)*)")


def _outline_label(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """`A. Hosted vendor.`, `B. Open-source self-hosted service.`: a letter's label at a line's start, a common word
    that is no name after it."""
    a, _ = _line_bounds(chunk, start, end)
    m = _LABEL.match(chunk, a) if chunk[a:start].strip() == "" else None
    if m is None or m.end() != end or m.start() != start:
        return False
    word = m.group(2)
    parts = word.split("-")
    if names.is_name(parts[0]) or names.is_any_first(parts[0]):
        return False
    return all(_in_lex(p, lex) or names.is_very_common(p) for p in parts)


# ------------------------------------------------------------------------------------------------------- pets

_PETS = r"(?:cat|cats|kitten|kitty|dog|dogs|puppy|pup|hamster|rabbit|bunny|parrot|budgie|guinea[ \t]+pig|ferret|" \
        r"tortoise|turtle|horse|pony|goldfish|gecko|lizard|snake|rat|mouse|chinchilla|cockatiel|canary|hedgehog|pet)"
_PET_BEFORE = re.compile(rf"(?i)\b(?:my|our|his|her|their|the|a)[ \t]+(?:[a-z-]+[ \t]+){{0,2}}{_PETS}[ \t]+\Z")
_PET_CALLED = re.compile(rf"(?i)\b{_PETS}[ \t]+(?:is|was|'s)[ \t]+(?:called|named)[ \t]+\Z")
_PET_NAMED = re.compile(rf"(?i)\b{_PETS}[ \t]+(?:called|named)[ \t]+\Z")
_MY_PET = re.compile(rf"(?i)\b(?:my|our)[ \t]+(?:[a-z-]+[ \t]+){{0,2}}{_PETS}\b")
_PET_VERBS = frozenset("is was has seems weighs keeps won't doesn't hates loves gets isn't".split())


def _pet_called(chunk: str, start: int) -> bool:
    before = chunk[max(0, start - 40):start]
    return _PET_CALLED.search(before) is not None or _PET_NAMED.search(before) is not None


def _pet_name(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    word = chunk[start:end]
    if " " in word or not _CAP_WORD.fullmatch(word):
        return False
    before = chunk[max(0, start - 40):start]
    if _PET_BEFORE.search(before) or _pet_called(chunk, start):
        return True
    # the next sentence's subject, a common word, after a sentence about my/our pet
    if re.search(r"[.!?][ \t]+\Z", chunk[max(0, start - 4):start]) is None or word.lower() not in lex.nouns \
            and word.lower() not in lex.adjectives:
        return False
    prev_start = max(chunk.rfind(c, 0, start - 2) for c in ".!?\n") + 1
    if _MY_PET.search(chunk, prev_start, start) is None:
        return False
    nxt = _next_words(chunk, end, 1)
    return bool(nxt) and nxt[0] in _PET_VERBS


# ------------------------------------------------------------------------------------------- products and code

_THING_HEADS = frozenset("""
game games mod mods server servers script scripts app apps plugin plugins engine build map maps level levels world
worlds save saves modpack launcher client account skin skins update patch dlc expansion board boards sketch sketches
shield firmware project projects sdk api library framework theme themes console controller cluster workspace
""".split())
_SQL_KEYWORDS = frozenset("""
SELECT FROM WHERE JOIN JOINS INNER OUTER LEFT RIGHT FULL CROSS NATURAL UNION INTERSECT EXCEPT GROUP ORDER HAVING
LIMIT OFFSET INSERT UPDATE DELETE CREATE TABLE INDEX VIEW DISTINCT LATERAL APPLY
""".split())
_SQL_TALK = re.compile(r"(?i)\b(?:joins?|sql|select|tables?|query|queries|rows?)\b")
_DECL = re.compile(r"[ \t]+[a-z_]\w*[ \t]*(?:=|;|,[ \t]*[A-Za-z]|\)[ \t]*[{;])")
_CAST = re.compile(r"\)[ \t]*[a-z_]\w*")


def _product_or_code(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    text = chunk[start:end]
    words = text.split()
    if re.search(r"(?i)[ \t](?:vs\.?|versus)[ \t]", text):
        return True  # (`Terraform Cloud vs Atlantis vs Spacelift`: a comparison, not one name)
    if len(words) >= 2 and words[-1] in lex.nouns and _LOWER_WORD.fullmatch(words[-1]) \
            and not any(names.is_name(w) or names.is_any_first(w) for w in words):
        return True  # (`Skyrim SE mod`)
    if len(words) == 1 and text in _SQL_KEYWORDS and _SQL_TALK.search(chunk) is not None \
            and sum(1 for w in re.findall(r"\b[A-Z]{3,}\b", chunk) if w in _SQL_KEYWORDS) >= 2:
        return True  # (`INNER, LEFT, RIGHT, FULL OUTER and CROSS joins`)
    if len(words) == 1 and _CAP_WORD.fullmatch(text):
        nxt = _next_words(chunk, end, 2)
        if nxt and nxt[0] in _THING_HEADS and re.search(r"(?i)\b(?:a|an|the|my|this|your|our)[ \t]+\Z",
                                                         chunk[max(0, start - 6):start]):
            return True  # (`a Roblox game`)
        if nxt and nxt[0] in {"enabled", "disabled"} and (len(nxt) < 2 or nxt[1] in {",", ".", ";", ")", ":"}):
            return True  # (`Hermes enabled, release build crashes`)
        if _code_type(chunk, start, end):
            return True
    return False


def _code_type(chunk: str, start: int, end: int) -> bool:
    """`Sku other = (Sku) o;`: a type in a declaration or a cast, on a line of code (ending in `;`, `{` or `}`)."""
    a, b = _line_bounds(chunk, start, end)
    if not re.search(r"[;{}]\s*\Z", chunk[a:b]):
        return False
    if chunk[start - 1:start] == "(" and _CAST.match(chunk, end):
        return True
    return _DECL.match(chunk, end) is not None


def _lower_words(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    """`louder on max`, `can add manual entries`, `# API max is 1000`: lower-case common words (an acronym before them
    at most), where the text has no capitalised mention of them (`Max` in a name) and no cue before them."""
    words = chunk[start:end].split()
    if words and re.fullmatch(r"[A-Z]{2,5}", words[0]) and len(words) > 1:
        words = words[1:]
    if not 1 <= len(words) <= 2 or not all(_LOWER_WORD.fullmatch(w) for w in words):
        return False
    if chunk[start - 1:start] not in (" ", "\t") or chunk[end:end + 1] not in ("", " ", "\t", "\n", ".", ",", ";", ":",
                                                                               "!", "?"):
        return False  # (`<w:t>Henrietta March</w:t>...<w:t>banks</w:t>`: a name's part split by markup)
    if not all(w in lex.nouns or w in lex.verbs or w in lex.adjectives or w in lex.stops for w in words):
        return False
    if len(words) == 2 and names.is_census_first(words[0]) and names.is_name(words[1]):
        return False  # (`ping amber lee about it`: a given name and a surname, in lower case)
    before_word = re.search(r"([a-z]+)[ \t]+\Z", chunk[max(0, start - 20):start])
    after_word = re.match(r"[ \t]+([a-z]+)", chunk[end:end + 20])
    if len(words) == 1 and (before_word is not None and names.is_census_first(before_word.group(1))
                            and names.is_name(words[0])
                            or after_word is not None and names.is_census_first(words[0])
                            and names.is_name(after_word.group(1)) and after_word.group(1) not in lex.stops):
        return False  # (the same, read as two spans: `lee` after `amber`)
    if any(re.search(r"\b" + re.escape(w.capitalize()) + r"\b", chunk) for w in words):
        return False  # (`Max Hoffmann ... ask max`: a later mention of a name)
    prev = re.search(r"(\S+)[ \t]+\Z", chunk[max(0, start - 30):start])
    if prev is None or re.fullmatch(r"[a-z]+|#+|//|[A-Z][#+]{1,2}", prev.group(1)) is None:
        return False  # (`name: bill white`, `cc: priya, rahul`: a label's or a list's value)
    before = chunk[max(0, start - 16):start].lower()
    return re.search(r"\b(?:frau|herr|mr|mrs|ms|dr|user|username|login|handle|by|from|to|cc|is|am|i'm|im|me|named"
                     r"|called|dear|hi|hey|hello|thanks|ask|tell|with|ping|call|email|mail|message|text|dm|contact"
                     r"|meet|invite)[ .:=,]*\Z",
                     before) is None


# ------------------------------------------------------------------------------------------------- other languages

_BCS_QUESTION = frozenset("kako gdje gde zašto zasto kada koliko tko ko što sta šta koji koja koje čiji".split())
_GERMAN_POSSESSIVE = re.compile(r"(?i)\b(?:meine|meiner|meinen|meinem|mein|deine|deiner|deinen|deinem|unsere"
                                r"|unserer|unseren|unserem|seine|seiner|seinen|ihre|ihrer|ihren|ihrem|eine|einer"
                                r"|einen|einem|die|der|den|dem)[ \t]+\Z")
_GERMAN_TEXT = re.compile(r"(?i)\b(?:und|nicht|ich|du|mir|mich|für|eine|einen|ist|sie|wird|kannst|bitte|mit|auf"
                          r"|schreiben|der|die|das)\b")
# (the letters outside `(?i)`: under it `ı` and `İ` match every `i` and `I` of English text)
_TURKISH_TEXT = re.compile(r"(?i:\b(?:mi|mı|mu|mü|için|ve|bir|daha|ne|nasıl|hangi|adı|çok|bu|şu|ile)\b)"
                           r"|[ğışĞŞ]")
_TURKISH_SUFFIX = re.compile(r"(?:[iıuü]m|y[iıuü]m|[iıuü]m[iıuü]n|[iıuü]n[iıuü]n|ler|lar|ları|leri|lerin|ların"
                             r"|[iıuü]yor|d[iıuü]r|t[iıuü]r|s[iıuü]n[iıuü]z)\Z")
_FRENCH_HOLIDAYS = frozenset("noël noel pâques paques toussaint pentecôte pentecote épiphanie epiphanie".split())
_NORDIC_PREPS = re.compile(r"(?i)\b(?:av|til|fra|i|på|ved|nær|rundt|utenfor|mellom|omkring|nära|runt|från"
                           r"|utanför|vid)[ \t]+\Z")
_NORDIC_TEXT = re.compile(r"(?i)\b(?:og|ikke|som|jeg|du|er|en|et|kan|med|och|inte|jag|är|ett|nærheten"
                          r"|helst|timer|timmar)\b")
_GEO_HEADS = frozenset("""
mountain mountains mount lake river valley peak island islands bay falls canyon glacier beach forest desert gorge
fjord hill hills ridge cove harbour harbor head point
""".split())
_TITLES = frozenset("""
pastor father rev reverend bishop rabbi imam judge officer coach captain sister brother aunt uncle mr mrs ms mx dr
prof professor sir lady lord dame saint st
""".split())
_DENOMINATIONS = frozenset("""
sunni shia shiite shi'a sufi ahmadiyya ibadi catholic orthodox protestant anglican lutheran baptist methodist
evangelical pentecostal mormon hindu sikh jain buddhist theravada mahayana zen hasidic haredi reform
""".split())
_RELIGION = re.compile(r"(?i)\b(?:islam|islamic|muslims?|christianity|christians?|judaism|jews|jewish|hinduism"
                       r"|hindus|buddhism|buddhists|sikhism|sikhs|jainism|religions?|faiths?|sects?|denominations?"
                       r"|branch(?:es)?|mosques?|churche?s?|temples?|festivals?|traditions?)\b")


def _foreign_word(chunk: str, start: int, end: int, names: NameLists) -> bool:
    text = chunk[start:end]
    words = text.split()
    low = unicodedata.normalize("NFC", text).lower()
    if low in _BCS_QUESTION and re.match(r"(?:\.\.\.|…|[ \t]+[a-zčćšžđ])", chunk[end:end + 3]):
        return True  # (`Kako... sorry, wrong language`, `Kako da naučim`)
    if len(words) == 1 and words[0].lower() in _DENOMINATIONS:
        around = chunk[max(0, start - 60):end + 60]
        if _RELIGION.search(around) is not None:
            return True  # (`Sunni and Shia Islam`)
    if words and words[-1].lower() in _GEO_HEADS and _CAP_WORD.fullmatch(words[-1]) and not names.is_first(words[-1]):
        prev = words[:-1] or re.findall(r"([A-Z][a-z]+)[ \t]+\Z", chunk[max(0, start - 20):start])
        if prev and not any(names.is_first(p) or p.lower() in _TITLES for p in prev):
            return True  # (`Table Mountain`)
    if len(words) == 2 and words[0] in {"de", "du"} and low.split()[1] in _FRENCH_HOLIDAYS:
        return True  # (`un repas de Noël`, read with its particle)
    if len(words) == 1 and low in _FRENCH_HOLIDAYS and re.search(
            r"(?i)\b(?:de|du|pour|joyeux|bon|bonne|avant|après)[ \t]+\Z", chunk[max(0, start - 10):start]):
        return True  # (`un repas de Noël`)
    if len(words) != 1 or names.is_census_first(text):
        return False
    if _GERMAN_POSSESSIVE.search(chunk, max(0, start - 12), start) and len(_GERMAN_TEXT.findall(chunk)) >= 3 \
            and not names.is_name(text) and re.match(r"[ \t]*(?:[.,;:!?)]|[ \t][a-zäöüß])", chunk[end:end + 3]):
        return True  # (`für meine Kollegin schreiben`)
    if _TURKISH_SUFFIX.search(low) and len(_TURKISH_TEXT.findall(chunk)) >= 2 and not names.is_name(text):
        return True  # (`Öğrenciyim.`, `Köpeğimin adı`)
    return _NORDIC_PREPS.search(chunk, max(0, start - 12), start) is not None \
        and len(_NORDIC_TEXT.findall(chunk)) >= 3  # (`i nærheten av Bergen`)


# --------------------------------------------------------------------------------------------------- the filter


def without_fp48(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` less the PERSON spans the docstring's frames hold."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    return [r for r in found if r[0] != "PERSON" or not _not_person(chunk, r[1], r[2], names, lex)]


def _not_person(chunk: str, start: int, end: int, names: NameLists, lex: Lexicon) -> bool:
    text = chunk[start:end]
    if not text.strip():
        return False
    if _CAP_WORD.fullmatch(text) and _pet_called(chunk, start):
        return True  # (`Our new kitten is called Sunny.`: `called` is a person's cue elsewhere)
    if _CUE.search(chunk, max(0, start - 12), start) is not None:
        return False
    words = text.split()
    if len(words) >= 2 and sum(1 for w in words if w[:1].isupper() and (names.is_name(w.strip("."))
                                                                     or names.is_any_first(w))) >= 2:
        return False  # (`Mark Chen`)
    m = re.match(r"[A-Z]\.[ \t]+([A-Z][a-z]+)\Z", text)
    if m is not None and chunk[start - 1:start] in tuple("°0123456789") and not names.is_name(m.group(1)):
        return True  # (`at 200°C. Reheating pizza`: a unit's letter ending a sentence)
    if _lower_words(chunk, start, end, names, lex) or _product_or_code(chunk, start, end, names, lex):
        return True
    nxt = _next_words(chunk, end, 1)
    if nxt and nxt[0] in _PERSON_NEXT and nxt[0] not in {"has", "can", "should", "will", "would", "could", "needs"}:
        return False
    if _outline_label(chunk, start, end, names, lex) or _foreign_word(chunk, start, end, names):
        return True
    if len(words) != 1 or not _CAP_WORD.fullmatch(text):
        return False
    return _heading(chunk, start, end, names, lex) or _numbered_step(chunk, start, end, names, lex) \
        or _imperative_as(chunk, start, end, lex) or _plural_subject(chunk, start, end, lex) \
        or _comment_opening(chunk, start, end, names, lex) or _asked_thing(chunk, start, end, lex) \
        or _pet_name(chunk, start, end, names, lex)


# ------------------------------------------------------------------------------------------------ a year range

_YEARS = re.compile(r"\(?((?:19|20)\d\d)[ \t]*[–—-][ \t]*((?:19|20)\d\d)\)?")
_PHONE_CUE = re.compile(r"(?i)(?:\b(?:call|tel|phone|ph|mobile|cell|fax|text|whatsapp|dial|number|no)\b[.:#]?|[:+#])"
                        r"[ \t]*\Z")


def without_fp48_numbers(chunk: str, found: list[Result]) -> list[Result]:
    """`found` less the PHONE_NUMBER spans that are a year range (`(2019–2022)`, `1999—2004`): two years, the second
    not before the first and at most 60 later, no phone's cue before them, no digit glued to them."""
    if not any(r[0] == "PHONE_NUMBER" for r in found):
        return found
    return [r for r in found if r[0] != "PHONE_NUMBER" or not _year_range(chunk, r[1], r[2])]


def _year_range(chunk: str, start: int, end: int) -> bool:
    m = _YEARS.fullmatch(chunk[start:end].strip())
    if m is None:
        return False
    a, b = int(m.group(1)), int(m.group(2))
    if not 0 < b - a <= 60:
        return False
    if chunk[start - 1:start].isdigit() or chunk[end:end + 1].isdigit():
        return False
    return _PHONE_CUE.search(chunk, max(0, start - 16), start) is None
