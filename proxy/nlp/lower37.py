"""Given names typed in lower case in chat (issue 12 "No side doors", atk35: `priya said it's fine`, `ask oluwaseun
if the invoice went out`, `talked to siobhan yesterday`): a lower-case word that is no English word, no technical
term, no place, no brand (`proxy.nlp.names24.unlisted`: the test for a capitalised given name no list holds, applied
to the word in lower case), where only a person stands:

- a listed given name (`names.is_first`) after a verb of contacting or a preposition of company (`ask`, `tell`,
  `ping`, `talked to`, `with`, `from`, `thanks`, `cc`...) or before a person's verb (`said`, `thinks`, `wants`,
  `will`, `is`...);
- any such word after a verb of asking and before what is asked (`ask oluwaseun if`, `tell funmilayo to`), before a
  verb of speech (`oluwaseun said`, `thandiwe thinks`), alone after a greeting or a thanks (`thanks rukmini,`), after
  a verb of contacting (`emailed gulnara the contract`), after `and` after such a name (`with fernanda and oluchi`).
  A word of WordNet's or of a password list (`edit`, `server`, `max`, `lakshmi`) is passed over.

Only in prose lines: a line with code's punctuation (`(`, `=`, `{`, `;`, a backtick) or inside a fenced block is
passed over. Pure functions over the text, CPU only; the scan is one regex pass over the text's lower-case words
after or before a cue word.
"""

from __future__ import annotations

import re
from typing import Any

from proxy.nlp.names import NameLists
from proxy.nlp.pii_types import Result

_SCORE = 0.85  # (as `proxy.nlp.cued`'s cued names)

_WORD = r"[a-z][a-z'’-]*[a-z]"
# A cue before the name: a verb of contacting (`ask`, `ping`, `talked to`), a preposition of company, a thanks.
_BEFORE = (r"ask|asked|tell|told|ping|pinged|remind|reminded|cc|thanks|thx|ty|thank you|call|called|text|texted"
           r"|email|emailed|message|messaged|dm|dmed|dm'd|meet|met|saw|see|with|from|to|for|and|by|let|hey|hi"
           r"|hello|per|@")
# A person's verb after the name.
_AFTER = (r"said|says|say|thinks|thought|wants|wanted|asked|asks|told|tells|will|can|could|would|is|was|has|had"
          r"|needs|needed|mentioned|replied|wrote|sent|agreed|approved|confirmed|called|emailed|texted|just|also"
          r"|and")
_CUED = re.compile(rf"(?<![\w'’@.-])(?P<cue>{_BEFORE})[ \t]+(?=(?P<a>{_WORD})(?![\w@./-]))"
                   rf"|(?<![\w'’@./<$-])(?P<b>{_WORD})(?=(?:[ \t]+(?:{_AFTER})|['’](?:s|ll))(?![\w-]))")
# What is asked or said after an unlisted word: `ask oluwaseun if`, `oluwaseun said`.
_ASKING = frozenset("ask asked tell told ping pinged remind reminded".split())
# Verbs of contacting a person whose object is the name (`emailed gulnara the contract`, `pinged lakshmi twice`).
_CONTACTED = frozenset("told pinged reminded texted emailed messaged dmed dm'd met".split())
_ASKED = re.compile(r"[ \t]+(?:to|about|if|whether|that|for)(?![\w-])")
# A greeting's or a thanks' addressee alone: `thanks rukmini,`, `hey adaeze!`.
_GREETING = frozenset("thanks thx ty cc hey hi hello".split()) | {"thank you"}
_ALONE = re.compile(r"[ \t]*(?:[,.!?;:]|\r?\n|\Z)")
_SPEECH = re.compile(r"[ \t]*(?:said|says|thinks|thought|wants|wanted|told|mentioned|replied|wrote|agreed"
                     r"|confirmed)(?![\w-])")
_CODE = frozenset("(){}=;`<>[]|$#")


def _code_line(text: str, start: int) -> bool:
    """Whether the line around `start` has code's punctuation."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    line = text[a:b if b >= 0 else len(text)]
    return any(c in _CODE for c in line)


def _fenced(text: str, start: int) -> bool:
    """Whether `start` lies inside a fenced code block (an odd number of ``` fences before it)."""
    return text.count("```", 0, start) % 2 == 1


def lower_names(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...] = (),
                verbs: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """[start, end) of each lower-case given name where only a person stands (the module's docstring); `lexicon`
    WordNet's nouns and adjectives, `verbs` its verbs: a word in them is no name here (`edit`, `server`, `max`)."""
    from proxy.nlp.names24 import unlisted

    out: list[tuple[int, int]] = []
    for m in _CUED.finditer(text):
        group = "a" if m.group("a") is not None else "b"
        word = m.group(group)
        if len(word) < 3 or word in verbs or not unlisted(names, word, lexicon):
            continue  # (a listed name WordNet holds as a word too is passed over: `lakshmi`, `edit`, `server`)
        listed = names.is_first(word) and not names.is_common(word)  # (`edit`, `max`: a password list's words)
        if not listed:
            cue = m.group("cue")
            strong = (group == "a" and cue in _ASKING and _ASKED.match(text, m.end("a")) is not None) or (
                group == "a" and cue in _GREETING and _ALONE.match(text, m.end("a")) is not None) or (
                group == "a" and (cue in _CONTACTED or cue == "and" and out and out[-1][1] + 5 == m.start("a"))) or (
                _SPEECH.match(text, m.end(group)) is not None and (group == "b" or cue is not None))
            if not strong:
                continue
        if _code_line(text, m.start(group)) or ("```" in text and _fenced(text, m.start(group))):
            continue
        out.append(m.span(group))
    return out


def with_lower37(text: str, found: list[Result], names: NameLists, lex: Any) -> list[Result]:
    """`found` with the lower-case given names of `text` (`lower_names`) no finding overlaps (the hook in
    `proxy.nlp.pii._cued`; `lex`: `proxy.nlp.everyday16.Lexicon`). Cheap: nothing unless `text` has a lower-case
    word after a cue or before a person's verb."""
    spans = lower_names(text, names, (lex.nouns, lex.adjectives), lex.verbs)
    if not spans:
        return found
    added = [("PERSON", a, b, _SCORE) for a, b in sorted(set(spans))
             if not any(r[1] < b and a < r[2] for r in found)]
    return found + added if added else found


__all__ = ["lower_names", "with_lower37"]
