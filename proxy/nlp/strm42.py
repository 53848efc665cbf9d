"""A streamed window never ends beside a capitalised word that the words around it may still drop (strm42, issue 12).

The drop-only filters of PERSON findings read the words after a name and before it: an eponym's head (`Reed-Sternberg
cells`, `Kepler's third law`, `the Gordon Growth Model`, `the TCA (Krebs) cycle`: `proxy.nlp.fpco40._eponym`,
`proxy.nlp.eponyms`), a title's year (`Marty (1955) is`) or kind (`the animated film Coco`: `proxy.nlp.brand41`), a
place's head (`Bryce Canyon`, `the Boston Red Sox`: `proxy.nlp.place41`), a product's word (`Luna Pillow costs`:
`proxy.nlp.data41`), `the` before `the Miranda warning`. A whole answer reads them so; a stream's window that ended
after a word past the hold (`proxy.guard.windows.OutputWindows._cut`: a sentence longer than `hold_chars`) read the
name alone (`Reed-Sternberg ` | `cells are ...` went out `<PERSON_1> cells`), and a window that began right after such
words read it without them.

`term_open`: where output `pii` screens PERSON, a cut after a word is not taken while a capitalised word (a first
capital, not all capitals: not `AWS`, `I`, `<PERSON_1>`) stands among the `REACH` words before the cut or among the
`REACH` words after it, the words after counted only once they are known whole (a blank after them; until then, held
after a lower-case word of prose only: not after a log's `"GET `, whose cut stays where it was): the window ends
earlier, and the name goes in the next window with the words around it. A text of capitalised words all along holds to
the hold's cap (`2 × hold_chars`), as before; the cap prefers such a cut among the cuts it tries. Sentence ends and line
ends still cut (the filters read no further than the sentence). Pure functions, CPU only, a few short slices per cut.
"""

from __future__ import annotations

import re

__all__ = ["REACH", "term_open"]

REACH = 3  # words each side: `the animated film Coco`, `Kepler's third law`, `Gordon Growth Model`, `(1955) found`
_SPAN = 24 * REACH  # characters read each side (a longer word is no name's neighbour the filters read)
_WORDS_AFTER = re.compile(rf"(?:[ \t]*\S+[ \t]+){{{REACH}}}")
_PLAIN = re.compile(r"[a-z]+[,;:]?")  # a lower-case word of prose
_LEAD = "\"'“”‘’«»([{*_~`-"


def _may_name(word: str) -> bool:
    """A word that may be (part of) a PERSON finding: a capital first, not all capitals (`Reed-Sternberg`, `Kepler's`,
    `(Krebs)`, `McKenzie`; not `AWS`, `I`, `<PERSON_1>`)."""
    w = word.lstrip(_LEAD)
    return w[:1].isupper() and not w.isupper()


def term_open(text: str, cut: int) -> bool:
    """Whether a window may not end at `cut` (a cut after a word, past the hold) of the pending `text`: a capitalised
    word among the `REACH` words before it, or among the `REACH` words after it, or those words not known whole yet."""
    if cut <= 0:
        return False
    after = text[cut:cut + _SPAN]
    if "\n" in after:
        after = after[:after.index("\n")] + " \n"  # (the line's end bounds the words the filters read)
    before = text[max(0, cut - _SPAN):cut]
    left = before[before.rfind("\n") + 1:].split()[-REACH:]
    if any(_may_name(w) for w in left):
        return True
    words = _WORDS_AFTER.match(after)
    if words is None and "\n" not in after:
        # Not known whole yet: after a word of prose (`the`, `film`, `to`), the next chunk may put a name there that
        # the filters read with it (`the ` | `Miranda warning`); not after a log's or a code's token (`"GET `).
        return bool(left) and _PLAIN.fullmatch(left[-1]) is not None
    right = (words.group() if words is not None else after).split()
    return any(_may_name(w) for w in right)
