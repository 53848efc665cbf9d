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
_CUE_BEFORE = re.compile(rf"(?<![\w'’@.-])(?P<cue>{_BEFORE})[ \t]+\Z")
# A person's verb after the name.
_AFTER = re.compile(r"(?:[ \t]+(?:said|says|say|thinks|thought|wants|wanted|asked|asks|told|tells|will|can|could"
                    r"|would|is|was|has|had|needs|needed|mentioned|replied|wrote|sent|agreed|approved|confirmed"
                    r"|called|emailed|texted|just|also|and)|['’](?:s|ll))(?![\w-])")
# What is asked or said after an unlisted word: `ask oluwaseun if`, `oluwaseun said`.
_ASKING = frozenset("ask asked tell told ping pinged remind reminded".split())
# Verbs of contacting a person whose object is the name (`emailed gulnara the contract`, `pinged lakshmi twice`).
_CONTACTED = frozenset("told pinged reminded texted emailed messaged dmed dm'd met".split())
_ASKED = re.compile(r"[ \t]+(?:to|about|if|whether|that|for)(?![\w-])")
# A greeting's or a thanks' addressee alone: `thanks rukmini,`, `hey adaeze!`.
_GREETING = frozenset("thanks thx ty cc hey hi hello".split())
_ALONE = re.compile(r"[ \t]*(?:[,.!?;:]|\r?\n|\Z)")
_SPEECH_WORDS = "said says thinks thought wants wanted told mentioned replied wrote agreed confirmed".split()
_SPEECH = re.compile(rf"[ \t]*(?:{'|'.join(_SPEECH_WORDS)})(?![\w-])")
# The words that make an unlisted word a name beside them (`_ASKING`, `_GREETING`, `_CONTACTED`, `_SPEECH`).
_STRONG_BEFORE = _ASKING | _GREETING | _CONTACTED
_STRONG_KEYS = _STRONG_BEFORE | frozenset(_SPEECH_WORDS)
_SPACED = str.maketrans(dict.fromkeys(".,!?;:\"()", " "))
_CODE = frozenset("(){}=;`<>[]|$#")
_AND_NEXT = re.compile(rf"[ \t]+and[ \t]+(?P<w>{_WORD})(?![\w@./-])")
_WORD_END = re.compile(r"(?<![\w'’@./<$-])" + _WORD + r"[ \t]*\Z")


def _code_line(text: str, start: int) -> bool:
    """Whether the line around `start` has code's punctuation."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    line = text[a:b if b >= 0 else len(text)]
    return any(c in _CODE for c in line)


def _fenced(text: str, start: int) -> bool:
    """Whether `start` lies inside a fenced code block (an odd number of ``` fences before it)."""
    return text.count("```", 0, start) % 2 == 1


def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’@./<$-]){re.escape(word)}(?![\w@./-])")


def _candidates(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...],
                verbs: frozenset[str]) -> list[tuple[int, int]]:
    """The spans of `text`'s lower-case words worth a look: each occurrence of a listed given name no word of the
    lexicon, and each word after a strong cue or before a verb of speech (`_STRONG_KEYS`). Set operations over the
    text's words first (C speed): most texts have none, and no regex pass runs."""
    words = set(text.translate(_SPACED).split())
    keys = words & _STRONG_KEYS
    listed = words & names.first  # (lower case: the list's words are)
    listed = {w for w in listed if len(w) > 2 and w not in verbs and not any(w in ws for ws in lexicon)}
    spans: set[tuple[int, int]] = set()
    for w in listed:
        for m in _word(w).finditer(text):
            spans.add(m.span())
            if (nxt := _AND_NEXT.match(text, m.end())) is not None:  # (`with fernanda and graziella`)
                spans.add(nxt.span("w"))
    for key in keys:
        if key in _STRONG_BEFORE:
            after = re.compile(rf"(?<![\w'’@.-]){re.escape(key)}[ \t]+(?P<w>{_WORD})(?![\w@./-])")
            spans.update(m.span("w") for m in after.finditer(text))
        if key in _SPEECH_WORDS:
            for m in _word(key).finditer(text):
                if (b := _WORD_END.search(text, max(0, m.start() - 40), m.start())) is not None:
                    spans.add((b.start(), b.start() + len(b.group().rstrip(" \t"))))
    return sorted(spans)


def lower_names(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...] = (),
                verbs: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """[start, end) of each lower-case given name where only a person stands (the module's docstring); `lexicon`
    WordNet's nouns and adjectives, `verbs` its verbs: a word in them is no name here (`edit`, `server`, `max`)."""
    from proxy.nlp.names24 import unlisted

    out: list[tuple[int, int]] = []
    for a, b in _candidates(text, names, lexicon, verbs):
        word = text[a:b]
        if len(word) < 3 or word in verbs or any(word in words for words in lexicon):
            continue  # (a listed name WordNet holds as a word too is passed over: `lakshmi`, `edit`, `server`)
        before = _CUE_BEFORE.search(text, max(0, a - 16), a)
        cue = before.group("cue") if before is not None else None
        if cue is None and _AFTER.match(text, b) is None:
            continue
        if not (names.is_first(word) and not names.is_common(word)):  # (`max`: a password list's word)
            strong = (cue in _ASKING and _ASKED.match(text, b) is not None) or (
                cue in _GREETING and _ALONE.match(text, b) is not None) or (
                cue in _CONTACTED or cue == "and" and out and out[-1][1] + 5 == a) or (
                _SPEECH.match(text, b) is not None)
            if not strong:
                continue
        if not unlisted(names, word, lexicon):
            continue
        if _code_line(text, a) or ("```" in text and _fenced(text, a)):
            continue
        out.append((a, b))
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
