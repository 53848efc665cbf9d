"""Slavic verbs of calling and writing kept out of a name, and a lower-case surname after its cue (issue 12, gap49).

- `Zadzwoń do mnie: 512 345 678.` went `<PERSON_1> do mnie: <PHONE_NUMBER_1>.` (`Call me` read as a person) and
  `Dzwonił Jan Kowalski wczoraj.` went `<PERSON_1> wczoraj.` (the verb in the name's span). A PERSON span that
  opens with such a verb (Polish, Czech, Slovak, Russian and Ukrainian, in Latin letters or in Cyrillic: `Zadzwoń`,
  `Dzwonił`, `Napisała`, `Volal`, `Zavolej`, `Zvonil`, `Позвони`, `Звонил`, `Дзвонив`, `Напишіть`) starts after
  it; one that is only the verb is dropped. The name and the phone number are still redacted.
- `my surname is okafor` went as sent: a lower-case word after `my surname is` / `my last name is` / `my family name
  is` is the surname, unless it is an English word that is no listed surname, or an adjective (`my surname is
  long`, `... is unusual`: a surname that is also an adjective, `brown`, is left as sent).
"""

from __future__ import annotations

import re

from proxy.nlp.everyday16 import Lexicon
from proxy.nlp.names import NameLists

__all__ = ["surnames", "without_verbs"]

Result = tuple[str, int, int, float]

# The verbs `call`/`phone`/`ring back` and `write`/`text`: imperatives and past forms (pl, cs, sk; ru and uk
# transliterated and in Cyrillic), whole words.
_VERB = re.compile(
    r"(?:za|od|prze)?dzwo(?:ń|n)(?:cie)?|(?:za|od|prze)?dzwoni(?:ł|ła|li|ły|łem|łam|łeś|łaś|sz|my|cie|ę|ą|e)?"
    r"|(?:za)?telefonuj(?:cie|te)?|(?:za)?telefonowa(?:ł|ła|li|ły|l|la|li)"
    r"|napisz(?:cie)?|(?:na)?pisa(?:ł|ła|li|ły|łem|łam|l|la|li)|(?:na)?pisz(?:e|esz|cie)|napisze(?:sz|my|cie)?"
    r"|(?:za)?vol(?:ej|aj)(?:te)?|(?:za|pře|pre)?vol(?:al|ala|ali|alo)|napi(?:š|s)(?:te)?|nap[ií]š(?:te)?"
    r"|naps(?:al|ala|ali)|nap[ií]sal(?:a|i)?|ps(?:al|ala|ali)|p[ií]sal(?:a|i)?|zatelefonoval(?:a|i)?"
    r"|(?:po|pere)?zvoni(?:te|l|la|li)?|zvonil(?:a|i)?|napishi(?:te)?|napisal(?:a|i)?|pisal(?:a|i)?"
    r"|(?:по|пере)?звони(?:те|л|ла|ли)?|напиши(?:те|ть)?|напиш[іи]ть|написал(?:а|и)?|писал(?:а|и)?"
    r"|подзвони(?:ть|те)?|зателефонуй(?:те)?|зателефонував(?:ла|ли)?|телефонував(?:ла|ли)?|дзвони(?:в|ла|ли|ть|те)?"
    r"|написав|написала|писав|писала",
    re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SURNAME = re.compile(r"(?i)\b(?:my|his|her|their|our|the)\s+(?:sur|last\s|family\s)name\s+(?:is|was|=|:)\s*"
                      r"([a-z][a-z'-]{1,30})\b")


def _verb(word: str) -> bool:
    return len(word) >= 4 and _VERB.fullmatch(word) is not None


def without_verbs(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with each PERSON span that opens with a verb of calling or writing started after it (or dropped)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    out: list[Result] = []
    for r in found:
        if r[0] == "PERSON":
            m = _WORD.match(chunk, r[1])
            if m is not None and m.end() <= r[2] and _verb(m.group()):
                rest = _WORD.search(chunk, m.end(), r[2])
                if rest is None:
                    continue  # (the verb alone: `Zadzwoń do mnie`)
                r = (r[0], rest.start(), r[2], r[3])
        out.append(r)
    return out


def surnames(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with a lower-case surname after its cue (`my surname is okafor`) as PERSON where nothing covers it."""
    if "name" not in chunk.lower():
        return found
    added: list[Result] = []
    for m in _SURNAME.finditer(chunk):
        word, a, b = m.group(1), m.start(1), m.end(1)
        bare = word.strip("'-")
        english = names.is_english(bare) or bare in lex.nouns or bare in lex.verbs or bare in lex.stops
        if word.islower() and bare not in lex.adjectives and (not english or bare in names.last) \
                and not any(r[1] < b and a < r[2] for r in found):
            added.append(("PERSON", a, b, 0.85))
    return found + added if added else found
