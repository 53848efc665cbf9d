"""Products, newspapers and places in news the name rules read as a person (fp40, issue 12's false positives).

- a product's model word after its capitalised name (`Widget Max`, `the Mac Mini`, `Lamp Plus`, `Dell XPS 13 Plus`,
  `Galaxy S24 Ultra`): a name finding inside a run of capitalised words, model numbers or camel-case tokens that ends
  in `Pro`, `Max`, `Plus`, `Ultra`, `Mini`..., unless the run opens with a listed first name (`Dana Max`) that is no
  listed brand, with a role's word (`CEO Max`), or the sentence (`Remind Max`, no model number), or a person's cue
  stands before it (`Ask Widget Max`);
- a newspaper's or a magazine's name after `the` (`the Washington Post`, `The Austin Chronicle`, `the San Francisco
  Chronicle`): the capitalised words before a masthead's head;
- a listed character's or work's name (`proxy.nlp.fp39`'s list) a later rule found again (`Sherlock Holmes`), and one
  after `with` or `by`; a character named like many real people (`Walter White`, `Jon Snow`) in a sentence about
  works, or beside a listed work (`Walter White in Breaking Bad`);
- a town before a comma and its US state or Canadian province (`Jackson, Mississippi`, `Lincoln, NE`, `Victoria,
  British Columbia`);
- a listed city that is also a first name after `near`, `around`, `outside`, `across`, `throughout` or a storm's
  verb (`flooded Houston`, `a warehouse near Charlotte`), and a one-word town joined to it by `and` (`rain on Houston
  and Beaumont`).

Real people in the same frames stay names (`Houston Smith called`, `Harvey Specter said`, `Ask Max`). Pure
functions, CPU only; each rule reads a few words around a found name only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp.companies import company_index
from proxy.nlp.everyday import STATES_COUNTRIES
from proxy.nlp.fp36 import _CUE, _sentence
from proxy.nlp.fp39 import _KNOWN, _WORK_CUE, _phrases
from proxy.nlp.places import city_names

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_LOWER_WORDS = re.compile(r"(?:[a-z]+[ \t]+)*")
_MODEL_WORDS = ("Pro", "Max", "Plus", "Ultra", "Mini")
_MODEL = re.compile(r"(?<![\w-])(?:Pro|Max|Plus|Ultra|Mini|Lite|Air|SE|XL|FE)(?:[ \t]+(?:Pro|Max|Plus|Ultra|Mini|Lite"
                    r"|Air|SE|XL|FE|\d+\w*))*(?![\w-])")
# A token of a product's name before its model word: a capitalised or camel-case word, a model number (`S24`, `15`).
_TOKEN_BEFORE = re.compile(r"(?<![\w-])(?:[A-Z][\w-]*|[a-z]+[A-Z][\w-]*|\d[\w.-]*)[ \t]+\Z")
_MODEL_TOKEN = re.compile(r"\d|[a-z][A-Z]|[A-Z].*[A-Z].*\d")
_SENTENCE_START = re.compile(r"(?:\A|[.!?:;\n\"“(\[]|[.!?][ \t]*[\"”)]?)[ \t]*\Z")
_DETERMINER = re.compile(r"(?i)\b(?:the|a|an|my|our|your|their|his|her|its|this|that|new|of|per|x)[ \t]+\Z")
_ROLES = frozenset("""
ceo cto cfo coo cio ciso vp svp evp manager director engineer lead head officer president professor prof coach captain
chef doctor dr nurse agent sergeant colleague uncle aunt brother sister mom dad mum grandma grandpa cousin friend
intern teacher boss chair chairman supervisor pastor father mother son daughter
""".split())

_NEWS_HEADS = ("Post|Globe|Chronicle|Times|Tribune|Herald|Journal|Gazette|Examiner|Observer|Inquirer|Telegraph"
               "|Guardian|Independent|Courier|Register|Dispatch|Sentinel|Bulletin|Mirror|Express|Star-Ledger"
               "|Star-Telegram|Free[ \t]+Press|Plain[ \t]+Dealer|Monitor|Standard|Recorder|Enquirer|Picayune")
_NEWS = re.compile(r"(?i:\bthe)[ \t]+((?:[A-Z][\w'’.-]*[ \t]+){1,3}(?:" + _NEWS_HEADS + r"))(?![\w-])")
_NEWS_HEAD = re.compile(r"(?<![\w-])(?:" + _NEWS_HEADS + r")(?![\w-])")

_PROVINCES = frozenset("""
alberta manitoba ontario quebec saskatchewan yukon nunavut
""".split()) | frozenset({"new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
                          "rhode island", "south carolina", "south dakota", "west virginia", "british columbia",
                          "nova scotia", "new brunswick", "prince edward island", "newfoundland"})
_USPS = frozenset("""
AL AK AZ AR CA CT FL GA ID IL IA KS KY MI MN MS MO MT NE NV NH NJ NM NY NC ND RI SC SD TN TX UT VT VA WA WV WI WY
DC BC AB QC NS NB MB SK
""".split())  # (less the credentials and the words: `MD`, `PA`, `DO`, `IN`, `OR`, `OK`, `ME`, `HI`...)
_STATE_AFTER = re.compile(r",[ \t]*([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}|[A-Z]{2})(?![\w-])")

_PLACE_BEFORE = re.compile(r"(?i)\b(?:near|around|outside|across|throughout|flooded|flooding|hit|hits|struck|strikes"
                           r"|battered|batters|lashed|lashes|pounded|pounds|drenched|devastated|swamped|slammed|ravaged"
                           r"|evacuated|(?:landfall|rain|snow|flooding|floods)[ \t]+(?:on|in|near|over))"
                           r"[ \t]+\Z")


# Fictional characters named like many real people: names of characters in a sentence about works only.
_CHARACTERS = """
Jon Snow|Walter White|Peter Parker|Mary Jane Watson|Nancy Drew|Jo March|Ian Malcolm|Jack Ryan|Sarah Connor|Lois Lane
Tony Stark|Bruce Wayne|Clark Kent|Jason Bourne|Jack Reacher|Mark Watney|Ted Lasso|Ross Geller|Michael Corleone
Lisa Simpson|Emma Woodhouse|Elizabeth Bennet|Arthur Dent|Dorothy Gale|Norman Bates|Andy Dufresne|Ron Swanson
Jim Halpert
"""
_FICTION = re.compile(r"(?i)\b(?:characters?|series|season|episodes?|sitcom|fan|fiction|hero|heroine|villain"
                      r"|protagonist|franchise|trilogy|saga|comics?|superhero|cast|actor|actress|starring|cameo)\b")


def without_fp40(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans this module's rules read as no person (see above)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] != "PERSON":
            out.append(r)
            continue
        lead = _LOWER_WORDS.match(chunk, r[1], r[2])  # (always matches, maybe nothing: `the Cooler Max` whole)
        start, end = r[1] + (len(lead.group()) if lead is not None else 0), r[2]
        cue = _CUE.search(chunk, max(0, start - 12), start)
        if cue is None and (_product(chunk, start, end, names) or _newspaper(chunk, start, end)
                            or _town_state(chunk, start, end, names) or _place(chunk, start, end, names)):
            continue
        if (cue is None or cue.group().split()[0].lower() in ("with", "by")) and _known(chunk, start, end):
            continue  # a listed character's part a later rule found again (`Sherlock Holmes`, `with Norman Bates`)
        out.append(r)
    return out


def _product(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`start:end` inside a product's name and its model word (read only where one follows within 40 characters)."""
    b = min(len(chunk), end + 40)
    if _MODEL.search(chunk, start, b) is None:
        return False
    return any(a <= start and end <= z for a, z in _products(chunk, names, max(0, start - 120), b))


def _newspaper(chunk: str, start: int, end: int) -> bool:
    """`the Washington Post`: `start:end` inside a masthead's capitalised words after `the`."""
    if _NEWS_HEAD.search(chunk, start, min(len(chunk), end + 40)) is None:
        return False
    return any(m.start(1) <= start and end <= m.end(1)
               for m in _NEWS.finditer(chunk, max(0, start - 60), min(len(chunk), end + 40)))


@functools.cache
def _known_words() -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", (_KNOWN + _CHARACTERS).lower()))


def _known(chunk: str, start: int, end: int) -> bool:
    """`start:end` inside a listed character's or work's name (read around a span with a word of one only); a
    character named like many real people (`_CHARACTERS`) in a sentence about works only."""
    if not any(w in _known_words() for w in re.findall(r"[a-z]+", chunk[start:end].lower())):
        return False
    a, b = max(0, start - 60), end + 60
    if any(m.start() <= start and end <= m.end() for m in _phrases(_KNOWN).finditer(chunk, a, b)):
        return True
    if not any(m.start() <= start and end <= m.end() for m in _phrases(_CHARACTERS).finditer(chunk, a, b)):
        return False
    sentence = _sentence(chunk, start)
    return _FICTION.search(sentence) is not None or _WORK_CUE.search(sentence) is not None \
        or _phrases(_KNOWN).search(sentence) is not None  # (`Walter White in Breaking Bad`)


def _products(chunk: str, names: NameLists, a: int, b: int) -> list[tuple[int, int]]:
    """The runs of a product's name and its model word (`Widget Max`, `iPhone 15 Pro Max`)."""
    out = []
    for m in _MODEL.finditer(chunk, a, b):
        start = m.start()
        while (t := _TOKEN_BEFORE.search(chunk, max(0, start - 40), start)) is not None and start - t.start() < 40 \
                and len(chunk[t.start():start].split()) == 1 and start - m.start() < 120:
            if t.group().strip() in _MODEL_WORDS:
                break
            start = t.start()
        if start == m.start():
            continue
        words = chunk[start:m.start()].split()
        if any(w.lower().rstrip(".") in _ROLES for w in words) \
                or _CUE.search(chunk, max(0, start - 12), start) is not None:
            continue
        model = any(_MODEL_TOKEN.search(w) for w in words) or m.group().split()[-1][:1].isdigit()
        brand = words[0].lower() in company_index()
        if not (model or brand) and (names.is_first(words[0]) and _DETERMINER.search(
                chunk, max(0, start - 10), start) is None or _SENTENCE_START.search(chunk, max(0, start - 4), start)):
            continue  # `Dana Max`, `Remind Max to`
        out.append((start, m.end()))
    return out


def _town_state(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`Jackson, Mississippi`, `Lincoln, NE`: one or two capitalised words before a comma and a state's name."""
    m = _STATE_AFTER.match(chunk, end)
    words = chunk[start:end].split()
    if m is None or len(words) > 2 or len(words) == 2 and names.is_first(words[0]) and words[1].lower() in names.last:
        return False  # (`Jackson Miller, Mississippi office`: a name)
    state = m.group(1)
    if state.isupper():
        return state in _USPS  # (not `MD`, `PA`: `Tanaka, Yuki, MD`)
    words = state.split()
    if names.is_first(words[0]) and chunk[start:end].lower() not in city_names():
        return False  # `Credit to Tanaka, Virginia`: a surname and a given name
    return any(" ".join(words[:k]).lower() in STATES_COUNTRIES | _PROVINCES for k in range(len(words), 0, -1))


def _place(chunk: str, start: int, end: int, names: NameLists) -> bool:
    """`flooded Houston`, `near Charlotte`, `on Houston and Beaumont`: a listed city after a place's word or a storm's
    verb, or a one-word town after such a city and `and`."""
    word = chunk[start:end]
    if not word.istitle() or " " in word:
        return False
    if word.lower() in city_names() and _PLACE_BEFORE.search(chunk, max(0, start - 24), start) is not None:
        return True
    before = re.search(r"([A-Z][a-z]+)[ \t]+and[ \t]+\Z", chunk[max(0, start - 40):start])
    if before is None or names.is_first(word):
        return False
    a = start - len(before.group())
    return before.group(1).lower() in city_names() and _PLACE_BEFORE.search(chunk, max(0, a - 24), a) is not None
