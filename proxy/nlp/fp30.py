"""PII-free text the name rules read as a person's name (fp30, atk28's false positives):

- a standard type of Rust, Go, Java, C# or Kotlin, or a library, tool or service named like nothing else (`Vec`,
  `Rc`, `Optuna`, `Luxon`, `Lodash's debounce`, `Pyroscope and Parca`, `Zendesk`, `Freshdesk`): one word alone in
  its span (`TYPES30`, `TOOLS30`); a word of them that is a listed given name too (`Huey`) only in a sentence about
  software (a word of `_SOFTWARE_WORDS`, another listed tool or `proxy.nlp.tech_terms.TECH_TERMS`);
- a word glued to a generic's angle brackets (`Vec<u32>`, `Rc<RefCell<Node>>`, `Cow<'a, str>`): never a mailbox
  (`Dana<dana@example.com>`) nor a URI (`<tel:+1...>`);
- a listed city (`proxy.nlp.places`) after a street's name and a comma (`221 Baker Street, London.`) or beside
  another listed city read as none (`starting with Singapore and Sydney`, `Dublin and Sydney`);
- an airline named like a person (`Delta`) in a sentence about flying (`We book flights on Delta`);
- lower-case words before `at` and an IPv4 address, the last of them in no name list (`db at 192.168.0.15`, `ping gw
  at 10.0.0.254`; not `ask dana at 10.0.0.5`), and the `N` of `N/A` (`N/A - guest checkout` after a name's question).

A name of two words stays whole (`Sydney Chen`, `Delta Goodrem`, `London Breed`, `Luke Vec`): only one-word spans
are read here.
"""

from __future__ import annotations

import re

from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# Standard types of Rust, Go, Java, C#, Kotlin and JavaScript that the NER reads as names; lower case.
TYPES30 = frozenset("""
vec rc arc refcell cell cow btreemap hashmap hashset btreeset vecdeque binaryheap mutex rwlock oncecell lazylock
weak pin boxed hashtable arraylist linkedlist treemap linkedhashmap concurrenthashmap livedata stateflow
sharedflow dictionary ienumerable iqueryable
map slice
""".split())
# Libraries, tools and services the NER reads as names that `proxy.nlp.tech_terms` lacks; lower case.
TOOLS30 = frozenset("""
optuna luxon lodash pyroscope parca zendesk freshdesk freshservice intercom hubspot chargebee huey dayjs momentjs
axios underscore ramda immer rxjs mobx bentoml hyperopt wandb plotly seaborn altair
""".split())
# Words of software: one in the sentence makes a tool's name that is a given name too (`Huey`) the tool.
_SOFTWARE_WORDS = frozenset("""
task tasks job jobs queue queues worker workers library libraries package packages install installed import
periodic scheduler cron api sdk webhook webhooks plugin framework debounce throttle timezone profiling
hyperparameters helpdesk crm
""".split())
_WORD = re.compile(r"[A-Za-z]+")
# A generic's angle brackets glued to the word: a type, a lifetime, a reference or a number inside, then a bracket
# or a comma (`Vec<u32>`, `Vec<Box<dyn Fn()>>`, `Cow<'a, str>`, `Rc<RefCell<Node>>`, `[T; 3]`).
_GENERIC = re.compile(r"<(?:&|'[a-z]+|dyn[ \t]+|mut[ \t]+)*[ \t]*(?:[A-Za-z_][\w:]*|\d+)[ \t]*[<>,\[(]")
# A street's name before the comma (`221 Baker Street, London`, `Rue de Rivoli 5, Paris`).
_STREET_BEFORE = re.compile(r"(?i)\b(?:street|st|road|rd|avenue|ave|lane|ln|way|boulevard|blvd|square|sq|drive|dr"
                            r"|place|pl|loop|court|ct|terrace|row|strasse|straße|rue)\.?[ \t]*,[ \t]*\Z"
                            r"|\d[ \t]*,[ \t]*\Z")
# (a comma of prose has a space after it: `Austin,Denver` is a CSV row's cells, a person's name under a `name` column)
_CONJOINED_BEFORE = re.compile(r"([A-Z][a-z]+)[ \t]*(?:,[ \t]+|(?:\band\b|\bor\b|&)[ \t]*)\Z")
_CONJOINED_AFTER = re.compile(r"[ \t]*(?:,[ \t]+|(?:\band\b|\bor\b|&)[ \t]*)([A-Z][a-z]+)\b(?![ \t]+[A-Z])")
# Airlines named like a person, and the words of a sentence about flying.
_AIRLINES = frozenset({"delta"})
_FLYING = frozenset("""
fly flies flew flying flight flights airline airlines airport fare fares miles seat seats trip trips travel
boarding layover booked book booking upgrade lounge bag bags baggage luggage suitcase gate
""".split())
# Words before a given name that address the person (`Send Huey the schedule`, `Ask Sydney`, `met London`).
_ADDRESSING = re.compile(r"(?i)\b(?:ask|asked|tell|told|send|sent|call|called|email|e-mail|text|hi|hello|hey|dear"
                         r"|thanks|thank|cc|ping|invite|invited|meet|met|with|from|by|to)[ \t]+\Z")
# Card schemes named like a person, before `card` (`My Troy card is`, `an Elo card`).
_SCHEME_CARD = re.compile(r"(?i)(?:troy|elo|mir|verve|rupay|dankort|hipercard|meeza|uatp|bc)[ \t]+cards?\b")
_DETERMINERS = frozenset("my our your his her their the a an".split())
_AT_IPV4 = re.compile(r"[ \t]+at[ \t]+(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.]\d)")
_SENTENCE_MAX = 200


def _sentence_words(chunk: str, start: int, end: int) -> set[str]:
    a = max(0, start - _SENTENCE_MAX)
    b = min(len(chunk), end + _SENTENCE_MAX)
    left = max(chunk.rfind(". ", a, start), chunk.rfind("\n", a, start), chunk.rfind("? ", a, start))
    right = [i for i in (chunk.find(". ", end, b), chunk.find("\n", end, b), chunk.find("? ", end, b)) if i >= 0]
    return {w.lower() for w in _WORD.findall(chunk[left + 1 if left >= 0 else a:min(right) if right else b])}


def _bare(word: str) -> str:
    """The word without a possessive's ending (`Lodash's` -> `Lodash`)."""
    for cut in ("'s", "’s", "'", "’"):
        if word.endswith(cut):
            return word[:-len(cut)]
    return word


def _tool(chunk: str, start: int, end: int, word: str, names: NameLists, addressed: bool) -> bool:
    low = word.lower()
    if low in TYPES30 or low in TOOLS30 and not names.is_any_first(word):
        return True
    if low not in TOOLS30 or addressed:
        return False
    from proxy.nlp.tech_terms import TECH_TERMS

    words = _sentence_words(chunk, start, end) - {low}
    return any(w in _SOFTWARE_WORDS or w in TOOLS30 or w in TECH_TERMS for w in words)


def _city(chunk: str, start: int, end: int, word: str, found: list[Result]) -> bool:
    from proxy.nlp.places import city_names

    cities = city_names()
    if word.lower() not in cities:
        return False
    if _STREET_BEFORE.search(chunk, max(0, start - 20), start) is not None:
        return True

    def place(m: re.Match[str] | None) -> bool:
        return m is not None and m.group(1).lower() in cities and not any(
            r[0] == "PERSON" and r[1] < m.end(1) and m.start(1) < r[2] for r in found)

    before = _CONJOINED_BEFORE.search(chunk, max(0, start - 24), start)
    return place(before) or place(_CONJOINED_AFTER.match(chunk, end))


def _airline(chunk: str, start: int, end: int, word: str) -> bool:
    return word.lower() in _AIRLINES and any(w in _FLYING for w in _sentence_words(chunk, start, end))


def _before_ip(chunk: str, start: int, end: int, names: NameLists) -> bool:
    words = chunk[start:end].split()
    return bool(words) and all(w.isalpha() and w.islower() and len(w) <= 8 for w in words) \
        and not names.is_name(words[-1]) and not names.is_any_first(words[-1]) \
        and _AT_IPV4.match(chunk, end) is not None


def without30(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` without the PERSON spans the rules of this module read as no name."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    schemes = [r for r in found if r[0] == "PERSON" and _SCHEME_CARD.match(chunk, r[1]) is not None
               and " " not in chunk[r[1]:r[2]].strip()] if "ard" in chunk else []
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON":
            start, end = r[1], r[2]
            text = chunk[start:end].strip()
            if r in schemes or text.lower() in _DETERMINERS and any(
                    chunk[end:c[1]] == " " for c in schemes):  # (`My Troy card`: `My`, an echo beside it)
                continue
            if " at " in chunk and _before_ip(chunk, start, end, names) or text in ("N", "n") and chunk[
                    end:end + 2] in ("/A", "/a"):  # (`N/A - guest checkout` after a name's question)
                continue
            word = _bare(text)
            addressed = _ADDRESSING.search(chunk, max(0, start - 12), start) is not None
            if word.isalpha() and " " not in text and (
                    _tool(chunk, start, end, word, names, addressed) or not addressed and (
                    _city(chunk, start, end, word, found)
                    or _airline(chunk, start, end, word)
                    or "<" in chunk[end:end + 1] and _GENERIC.match(chunk, end) is not None)):
                continue
        out.append(r)
    return out


# ------------------------------------------------------------------------------------------------ tool names

# Words of a tool's name beside a phone's word that say its result is no phone number (atk28 fp/tool_fp): a count or
# a measure (`get_phone_count`, `get_tel_metrics`), a queue (`get_fax_queue`), a spreadsheet's cell
# (`get_cell_value`, `set_cell_format`).
_TOOL_MEASURES = frozenset("""
count counts total totals sum length size stats statistics metric metrics usage duration latency queue queues
jobs status limit quota
""".split())
_SHEET_WORDS = frozenset("value values range ranges formula formulas sheet sheets format style row rows column columns "
                         "col cols merge border borders".split())


def not_phone_tool(words: frozenset[str]) -> bool:
    """Whether a tool's name words, one naming a phone (`phone`, `cell`, `tel`, `fax`), say it returns no phone
    number: a measure's word, or a spreadsheet's beside `cell` with no other phone word."""
    if words & _TOOL_MEASURES:
        return True
    return "cell" in words and bool(words & _SHEET_WORDS) and not words & {"phone", "mobile", "telephone", "tel"}
