"""What the toxicity check reads besides the normalised view: abuse written to slip past it (tox41, atk41 F01).

`proxy.guard.checks.scores` scores each text's normalised view (`proxy.nlp.normalize.normalize`) and, where it has
markup, the text as displayed (`uncommented`). `tox_reading` gives one more reading where the text has any of:

- **look-alike letters** in a word (`idiооt`, `kіll` with Cyrillic `о`, `і`): read as the Latin letters they look like
  (`proxy.nlp.normalize`'s `_FOLD`, as `patterns:` reads them), in a word that mixes ASCII letters with letters of
  another script, or, in a text of Latin letters (four in five ASCII), in any word that folds to ASCII
  (`Ѕһіt`); legitimate Cyrillic or Greek text (`Привет, как дела?`) is read as written;
- **accents** on an abusive word (`idiót`, `kíll`, combining marks or not): the word read without them where it then
  is one of `TOXIC` (`café`, `naïve` are read as written: no second reading, no second model call);
- **letters written one by one** (`s t u p i d  m o r o n`: `proxy.nlp.spaced39.spaced_words`; `i-d-i-o-t`,
  `i.d.i.o.t`, `s*t*u*p*i*d`: one same separator run, `normalize._ONE_BY_ONE_SAME`, a vowel among the letters;
  `k-j-h-l` is read as written): the letters joined, and where a
  run joins into words with none between (`a s t u p i d m o r o n`), split back into words where `TOXIC` and
  `FUNCTION` cover it whole (`a stupid moron`); headings (`S U M M A R Y`) read `Summary`;
- **a hyphenated line break** inside an abusive word (`idi-\\not`): the hyphen and the break left out (`co-\\nworker`
  is read as written);
- **hidden HTML** (`<span style="display:none">x</span>idiot`): read without what a browser never shows
  (`proxy.nlp.normalize.unhidden`).

`tox_open` (stream windows, `proxy.guard.windows`): a window never ends after a single letter and a separator while
what follows may go on a run of letters written one by one (a hyphenated line break: `proxy.guard.join27.open_break`).

Pure functions, CPU only (run in the guard's threads); an ASCII text with none of these pays a few substring tests
and one scan from a character class.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

from proxy.nlp.normalize import _FOLD, _ONE_BY_ONE_SAME, View, replaced, unhidden
from proxy.nlp.spaced39 import spaced_hint, spaced_words

__all__ = ["FUNCTION", "TOXIC", "run_readings", "tox_open", "tox_reading"]

# Abusive words (insults, profanity, threats): a word read without its accents or look-alike letters, or a run of
# letters written one by one, is read so where it is one of them.
TOXIC = frozenset("""
idiot idiots idiotic stupid stupidest moron morons moronic dumb dumbass imbecile cretin fool fools loser losers jerk
jerks shit shits shitty bullshit fuck fucks fucking fucker fuckers fucked motherfucker bitch bitches bastard bastards
ass asshole assholes arsehole dick dicks dickhead cunt cunts crap damn kill kills killing murder murders die dies
hurt stab shoot rape hate hates retard retards retarded scum trash garbage pig pigs whore whores slut sluts freak
freaks worthless pathetic useless disgusting suck sucks twat wanker prick cock pussy kys
""".split())
# The words around them in abuse: a run of letters is split into words only where these and `TOXIC` cover it whole.
FUNCTION = frozenset("""
a an the i im ill ive id you your youre yours yourself are is am be been was were will would should shall can could
must gonna wanna want going go to and or of in on at for with so such what how why who very really total totally
complete completely absolute absolutely little big piece he she it we they him her them his their its my me myself
this that these those all every everyone everybody people guys just get got out up off shut eat find come know where
live family kids not no do does did dont hope wish ever never more most like as than then now here there one some
""".split())
_LEXICON = TOXIC | FUNCTION
_LONGEST = max(map(len, _LEXICON))
_SEGMENT_MAX = 80  # letters of one joined run split into words at most (longer: left joined)

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# A word: letters and combining marks (`idio\u0301t` when not composed); an accented Latin letter or a mark.
_WORD = re.compile(rf"(?:[^\W\d_]|[{_MARKS}])+")
_MARK = re.compile(f"[{_MARKS}]")
_ACCENTED = re.compile(f"[\u00c0-\u024f\u1e00-\u1eff{_MARKS}]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_OTHER_LETTERS = re.compile(r"[^\x00-\x7f\W\d_]+")
# Letters of the scripts whose look-alikes `_FOLD` reads (Greek, Cyrillic, Armenian, Cherokee): not Latin ones.
_OTHER_SCRIPT = re.compile("[\u0370-\u058f\u13a0-\u13ff\u1f00-\u1fff\u2c80-\u2cff\ua640-\ua69f\uab70-\uabbf]")
_MIXED = re.compile("[A-Za-z][\u0370-\u058f]|[\u0370-\u058f][A-Za-z]")  # a word of both (`kіll`, `idiот`)
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_VOWEL = re.compile(r"(?i)[aeiouy]")
# A hyphen between letters before a line break (`idi-\not`): the word goes on on the next line.
_BROKEN = re.compile(r"-[ \t]*\r?\n[ \t]*(?=[^\W\d_])")  # (from the hyphen: a scan from a literal)
_WORD_END = re.compile(r"[^\W\d_]+\Z")
_WORD_START = re.compile(r"[^\W\d_]+")
# The cheap test before `_ONE_BY_ONE_SAME`: three single letters, one same separator (not spaces alone: `spaced_words`'
# runs) after the first two (`i-d-i`, `d. i. o`, `m_o_r`); `e.g.`, `i.e.` and `a_b` are none.
_SAME_HINT = re.compile(r"([^\w\s][ \t]?|_)[^\W\d_]\1[^\W\d_](?![^\W\d_])")


def _fold_char(ch: str) -> str:
    return "".join(c.translate(_FOLD) for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


# Each letter of the scripts `_FOLD` reads, and each accented Latin letter, to what it looks like (its accents
# dropped); combining marks to nothing: one `str.translate` per word.
_FOLD_TABLE: dict[int, str | None] = {ord(ch): _fold_char(ch) for ch in map(chr, [
    *range(0x00C0, 0x0250), *range(0x0370, 0x0590), *range(0x13A0, 0x1400), *range(0x1D00, 0x1DC0),
    *range(0x1E00, 0x2000), *range(0x2C60, 0x2C80), *range(0xA720, 0xA800), *(ord(k) if isinstance(k, str) else k
                                                                              for k in _FOLD)])
    if _fold_char(ch) != ch}
_FOLD_TABLE.update({c: None for a, b in ((0x300, 0x370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100),
                                           (0xFE20, 0xFE30)) for c in range(a, b)})


def _fold_word(word: str) -> str:
    """`word` with its look-alike letters read as Latin ones and its combining marks dropped."""
    return word.translate(_FOLD_TABLE)


def _toxic(word: str) -> bool:
    low = word.lower()
    return low in TOXIC or (low.endswith("s") and low[:-1] in TOXIC)


def _word_at(text: str, at: int) -> tuple[int, int]:
    """The word (letters and combining marks) the character at `at` is part of."""
    start = at
    while start > 0 and (text[start - 1].isalpha() or _MARK.match(text[start - 1])):
        start -= 1
    m = _WORD.match(text, start)
    return start, m.end() if m is not None else at + 1


def _folded(text: str) -> str:
    """`text` with the words `tox_reading` reads without look-alike letters or accents so read: a word of letters
    of another script (Greek, Cyrillic...) mixed with ASCII letters, or in a text of Latin letters (four in five
    ASCII); a word of accented Latin letters where it then is one of `TOXIC`."""
    if text.isascii():
        return text
    edits: dict[int, tuple[int, str]] = {}
    latin = sum(map(len, _ASCII_LETTERS.findall(text)))
    latin_text = sum(map(len, _OTHER_LETTERS.findall(text))) * 4 <= latin  # (letters: `і-d-і-о-t` is Latin text)
    if latin_text or _MIXED.search(text) is not None:
        done = 0
        for h in _OTHER_SCRIPT.finditer(text):  # look-alikes of another script
            if h.start() < done:
                continue
            a, done = _word_at(text, h.start())
            word = text[a:done]
            if not latin_text and _ASCII_LETTER.search(word) is None:
                continue
            folded = _fold_word(word)
            if folded != word and (folded.isascii() or _ASCII_LETTER.search(word) is not None):
                edits[a] = (done, folded)
    done = 0
    for h in _ACCENTED.finditer(text):  # accents only: where the word then is an abusive one
        if h.start() < done:
            continue
        a, done = _word_at(text, h.start())
        if a in edits or done - a > _LONGEST + 4:
            continue
        folded = _fold_word(text[a:done])
        if _toxic(folded):
            edits[a] = (done, folded)
    if not edits:
        return text
    out: list[str] = []
    pos = 0
    for a in sorted(edits):
        if a < pos:
            continue
        out += [text[pos:a], edits[a][1]]
        pos = edits[a][0]
    out.append(text[pos:])
    return "".join(out)


def _broken_toxic(text: str, a: int, b: int) -> bool:
    """Whether the word broken by the hyphenated line break text[a:b] is an abusive one, joined."""
    left = _WORD_END.search(text, max(0, a - _LONGEST), a)
    right = _WORD_START.match(text, b, b + _LONGEST + 1)
    return left is not None and right is not None and _toxic(left.group() + right.group())


# A word written in pieces (enc42): letters parted by one hyphen or star inside it (`id-iot`, `m-oron`, `stu*pid`,
# `id-i-ot`), or a word's letters on two lines (`idi\not`, no hyphen); read joined only where the word joined is an
# abusive one (`co-op`, `re-enter`, `anti-idiot-proofing` stay), on two lines not where both are words (`as\nsoon`).
_PIECED = re.compile(r"(?<![\w*-])[^\W\d_]++(?:(?P<sep>[-*])[^\W\d_]++)(?:(?P=sep)[^\W\d_]++)*+(?![\w*-])"
                     r"|(?<![\w-])[^\W\d_]++[ \t]*+\r?\n[ \t]*+[^\W\d_]++(?![\w-])")
_PIECE_SEP = re.compile(r"[-*\n]")
_TOXIC_HEADS = frozenset(w[:2] for w in TOXIC)
# Three letters at least, each alone on its line (enc42: `i\nd\ni\no\nt`).
_LINES_HINT = re.compile(r"\n[ \t]*[^\W\d_][ \t]*\r?\n[ \t]*[^\W\d_][ \t]*\r?\n[ \t]*[^\W\d_][ \t]*(?:\r?\n|\Z)")


def _pieced(text: str) -> str:
    """`text` with each word written in pieces read joined where it is then an abusive one (`_PIECED`)."""
    def joined(m: re.Match[str]) -> str:
        group = m.group()
        word = "".join(group.split()) if "\n" in group else group.replace("-", "").replace("*", "")
        if len(word) > _LONGEST + 1 or word.isascii() and word[:2].lower() not in _TOXIC_HEADS:
            return group  # (no abusive word starts so: a cheap test before the fold)
        if not _toxic(_fold_word(word)) or "\n" in group and all(p.lower() in _LEXICON for p in group.split()):
            return group
        return word

    out: list[str] = []
    pos = 0
    for m in _PIECE_SEP.finditer(text):  # (a scan for a separator, then a match at the word before it: cheap)
        at = m.start()
        if at < pos:
            continue
        while m.group() == "\n" and at > pos and text[at - 1] in " \t\r":
            at -= 1
        start = at
        while start > pos and text[start - 1].isalpha():
            start -= 1
        w = _PIECED.match(text, start) if start < at else None
        if w is not None and (new := joined(w)) != w.group():
            out += [text[pos:start], new]
            pos = w.end()
    return "".join(out) + text[pos:] if out else text


def fewest_words(letters: str, lexicon: frozenset[str], longest: int, most: int) -> list[str] | None:
    """`letters` split into words of `lexicon` (lower case, none longer than `longest`) covering it whole, fewest
    words first; None where none does or `letters` is longer than `most` (tox41, tox42)."""
    low = letters.lower()
    n = len(low)
    if n > most or n < 2:
        return None
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # (words, start of the last word) up to each end
    best[0] = (0, 0)
    for end in range(1, n + 1):
        for start in range(max(0, end - longest), end):
            prior, current = best[start], best[end]
            if prior is not None and low[start:end] in lexicon and (current is None or prior[0] + 1 < current[0]):
                best[end] = (prior[0] + 1, start)
    if best[n] is None:
        return None
    cuts: list[int] = []
    at = n
    while at > 0:
        entry = best[at]
        assert entry is not None
        cuts.append(entry[1])
        at = entry[1]
    cuts.reverse()
    return [letters[a:b] for a, b in zip(cuts, [*cuts[1:], n], strict=True)]


def _segment(letters: str) -> str | None:
    """`letters` (a run joined), look-alikes and accents read away, split into words of `TOXIC` and `FUNCTION`
    covering it whole, one of them abusive, fewest words first; None where no such split is."""
    letters = _fold_word(letters)  # (`ídiot`, `stupіd` joined from single letters)
    parts = fewest_words(letters, _LEXICON, _LONGEST, _SEGMENT_MAX)
    if parts is None:
        return None
    if len(parts) < 2 or not any(p.lower() in TOXIC for p in parts):
        return None
    return " ".join(parts)


def _split_words(joined: str) -> str:
    """Each word of a joined run split where `_segment` covers it."""
    return " ".join(_segment(w) or w for w in joined.split(" "))


def _joined(text: str) -> str:
    """`text` with letters written one by one joined (and split into words where `_segment` can), and hyphenated
    line breaks inside a word left out."""
    pieces: list[str]
    if "-" in text and "\n" in text:  # (only where the word so joined is an abusive one: `co-\nworker` stays)
        text = _BROKEN.sub(lambda m: "" if _broken_toxic(text, m.start(), m.end()) else m.group(), text)
    if "-" in text or "*" in text or "\n" in text:  # (enc42: `id-iot`, `m*ron`..., `idi\not`: abusive once joined)
        text = _pieced(text)
    if spaced_hint(text):
        edits = list(spaced_words(text))
        if edits:
            view = replaced(text, iter(edits))
            pieces = []
            pos = 0
            for m in _LETTERS.finditer(view.text):  # a word joined from a run (spaces inside it as sent): split
                a, b = view.span(m.start(), m.end())
                split = (_segment(m.group()) or _fold_word(m.group())) if any(ch in " \t" for ch in text[a:b]) \
                    else None
                if split is not None:
                    pieces += [view.text[pos:m.start()], split]
                    pos = m.end()
            pieces.append(view.text[pos:])
            text = "".join(pieces)
    if _SAME_HINT.search(text) or "\n" in text and _LINES_HINT.search("\n" + text):  # (enc42: a letter a line)
        pieces = []
        pos = 0
        for m in _ONE_BY_ONE_SAME.finditer(text):
            if m.group("sep").strip(" ") == "" and "\n" not in m.group("sep"):
                continue  # spaces: `spaced_words`' (a wider gap there is a word's end)
            letters = _fold_word(m.group()[::len(m.group("sep")) + 1])
            if not _VOWEL.search(letters):
                continue  # no word (`k-j-h-l` keys, `x_y_z_w` names): read as written
            split = _segment(letters)
            if "\n" in m.group("sep") and split is None and not _toxic(letters):
                continue  # a list of letters a line (`A\nB\nE`): read as written unless abusive joined (enc42)
            pieces += [text[pos:m.start()], split or letters]
            pos = m.end()
        if pieces:
            pieces.append(text[pos:])
            text = "".join(pieces)
    return text


def tox_reading(text: str, normal: View, shown: View | None = None) -> str | None:
    """The reading of `text` toxicity scores besides its view (`normal`) and its displayed reading (`shown`, where
    it has markup): hidden HTML left out, look-alike letters and accents on abusive words read as Latin letters,
    letters written one by one joined, hyphenated line breaks left out. None where it reads as those do."""
    base = shown.text if shown is not None else normal.text
    if "<" in text:
        hidden = unhidden(text, normal)
        if hidden is not None:
            base = hidden.text
    reading = _joined(_folded(base))
    if reading == normal.text or (shown is not None and reading == shown.text):
        return None
    return reading


# A single letter, then a separator (`a `, `i. `, `d-`), where a window's text ends: a run of letters written one by one
# may go on there (`You are a ` | `s t u p i d`, `an i. ` | `d. i. o. t.`).
_OPEN_ONE = re.compile(r"(?<![^\W\d_])[^\W\d_][^\w\r\n]{1,3}\Z")


def tox_open(text: str, cut: int) -> bool:
    """Whether a stream window may not end at `cut` of `text` for the toxicity check: after a single letter and a
    separator, while what follows is not known yet or is a single letter again (`a ` | `s t u`, `i-` | `d-i-o-t`,
    `i. ` | `d. i.`); a hyphenated line break (`idi-\\n` | `ot`): `proxy.guard.join27.open_break`."""
    if cut <= 0 or _OPEN_ONE.search(text, max(0, cut - 4), cut) is None:
        return False
    right = text[cut:cut + 2]
    return not right or (right[0].isalpha() and not right[1:2].isalpha())


def run_readings(segment: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, str]]:
    """A stream window's sentences (`spans`) that a run of letters written one by one crosses (`i. d. i. o. t.`: each
    `x. ` ends a sentence), read together: (where the first starts, the text from it to the last one's end)."""
    if len(spans) < 2 or _SAME_HINT.search(segment) is None and not (
            "\n" in segment and _LINES_HINT.search("\n" + segment)):  # (enc42: a letter a line)
        return []
    starts = [a for a, _ in spans]
    out: list[tuple[int, str]] = []
    for m in _ONE_BY_ONE_SAME.finditer(segment):
        first = bisect.bisect_right(starts, m.start()) - 1
        last = bisect.bisect_right(starts, m.end() - 1) - 1
        if 0 <= first < last:
            out.append((spans[first][0], segment[spans[first][0]:spans[last][1]]))
    return list(dict.fromkeys(out))
