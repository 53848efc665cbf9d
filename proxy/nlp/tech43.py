"""tech43: leftovers of tech42's class (fpatk42 FP03) the name rules read as a person; read by `tech42._software`.

- a capitalised software word some name list holds (`Handler`) at a sentence's start as a noun's modifier: a plural
  noun and a verb right after it (`Handler timeouts are set to 30 s`, `Handler retries double the load`), in a
  sentence about software; `Walker retries the job`, `Banks said` stay people;
- a span of listed game titles joined by `vs`/`or`/`and` (`Stellaris vs Hearts of Iron IV`: brand42 drops one
  title found alone);
- a listed brand (`companies.NAMED_BRANDS`: `Miro`, `Starling`) right before a product's noun (`a Miro board`, `the
  Starling app`), no business word needed.

A person's cue before and a person's verb or a possessive after are read by `tech42._software` first. Pure
functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from proxy.nlp.everyday16 import Lexicon

# Verbs a plural subject takes right after its noun (`timeouts are`, `retries double`).
_AUX = frozenset("""
are were have had get got need needs can could should will would must may might do did don't aren't weren't keep
stay seem take took fail failed run ran default defaults apply go went hit
""".split())
# Plural nouns a person's work is (`Walker commits are failing`: Walker's commits).
_WORK = frozenset("""
commits reviews changes patches prs tickets comments notes tests edits slides emails mails messages reports docs
drafts plans ideas points notebooks branches fixes pulls merges approvals estimates numbers figures files scripts
queries tasks issues questions answers requests calls meetings hours days shifts kids parents friends team teams
""".split())
_JOIN = re.compile(r"(?:^|[ \t]+)(?:vs\.?|versus|or|and|&)(?:[ \t]+|$)|[ \t]*,[ \t]*")
# Nouns a software product's or an app's name goes before (`a Miro board`, `my Starling account`).
_PRODUCT_NOUNS = frozenset("""
board boards frame frames workspace workspaces template templates account accounts app apps card cards plan plans
subscription subscriptions integration integrations plugin plugins extension extensions api sdk login dashboard
dashboards canvas widget widgets export exports link links page pages space spaces project projects file files
""".split())


def noun_modifier(chunk: str, a: int, b: int, lex: Lexicon, word: Callable[[str], bool]) -> bool:
    """`Handler timeouts are set`: a plural noun (`word`: English or a compound of English words) and a verb follow
    the word."""
    m = re.match(r"[ \t]+([a-z]+)[ \t]+([a-z']+)\b", chunk[b:b + 60])
    if m is None:
        return False
    noun, verb = m.group(1), m.group(2)
    if not noun.endswith("s") or len(noun) < 4 or noun in _WORK:
        return False
    singular = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1]
    if not (word(singular) or word(noun[:-2])):
        return False
    return verb in _AUX or (noun not in lex.verbs and singular not in lex.verbs and verb in lex.verbs)


def joined_titles(chunk: str, a: int, b: int) -> bool:
    """`Stellaris vs Hearts of Iron IV`: every part of the span is a listed game title."""
    from proxy.nlp.brand42 import _TITLE_AMBIGUOUS, _TITLES, _phrases

    split = _JOIN.split(chunk[a:b])
    parts = [p.strip() for p in split if p.strip()]  # (`Europa Universalis IV vs`: the span takes the `vs`)
    if len(split) == 1 or not parts or any(p in _TITLE_AMBIGUOUS for p in parts):  # (`Celeste and Mario`: people)
        return False
    titles = _phrases(tuple(_TITLES))
    return all(titles.fullmatch(p) is not None for p in parts)


def product_before_noun(chunk: str, a: int, b: int) -> bool:
    """`a Miro board`, `the Starling app`: a listed brand right before a product's noun."""
    from proxy.nlp.fpco40 import _firms

    m = re.match(r"[ \t]+([a-z]+)\b", chunk[b:b + 24])
    if m is None or m.group(1) not in _PRODUCT_NOUNS:
        return False
    return _firms().fullmatch(chunk[a:b]) is not None
