"""nato39 (atk38 F09): names and mailboxes spelled in a spelling alphabet (call-centre transcripts).

An agent asks the caller to spell a surname or a mailbox; the transcript keeps the code words
(`that's November Alfa Kilo Alfa Sierra Hotel India Mike Alfa`, `Caller: Romeo Alfa Golf Hotel ...`). Only the code
words that are names too (`India`, `Mike`, `Oscar`) were read, as names, so the rest of the spelling went out.

- `with_nato39` (the analysis, `proxy.nlp.pii`, after all other rules): a run of three code words or more of the
  NATO/ICAO alphabet (`Alfa`/`Alpha` ... `X-ray`/`Xray` ... `Zulu`, any case; one space, a comma, a dash, a slash or
  a dot and a space between) is one PERSON, the findings inside it (`India`, `Mike`) giving way, and so is the word
  it spells beside it (`Thalberg, that's Tango Hotel ...`: `proxy.nlp.spell28`'s reading), where
  - a cue stands in its turn (the line before it, its own line, what follows in its sentence): a spelling's word
    (`spell`, `spelled`, `phonetic`, `NATO`), a name's word (`name`, `surname`, `last name`), a mailbox's word, or a
    call's speaker label (`Caller:`, `Agent:`, `Customer:`); or it holds six code words or more;
  - its letters hold a vowel (not `Whiskey Tango Foxtrot`) and it holds no digit (a registration or a call sign:
    `November Seven Two Alfa Bravo`);
  - without a name's word, its letters do not list the alphabet (in its order, `Alfa Bravo Charlie Delta`, or one
    letter repeated, `Echo Echo Echo`: names found inside such a list of code words are none) nor spell a common
    English word (`Hotel Echo Lima Lima Oscar`).
  With a spoken `at` inside or right after the run (a domain after it), the run, digits, `dot`s and `underscore`s in
  it and the domain are one EMAIL_ADDRESS (`Bravo Echo Tango ... at gmail dot com`). The German (`Anton Berta
  Cäsar`) and French (`Anatole Berthe Célestin`) alphabets' words count only after a spelling's word (`buchstabiere`,
  `épelle`): they are given names, a list of three people stays three names. Never: two code words (`Hotel
  California`, `Sierra Nevada`, `Tango Alpha`, `Echo Park`), one (`Delta 123`, `runway two seven`).
- `nato_open` (stream windows, `proxy.guard.windows.may_cut`): a window never ends inside such a run (after a code
  word, with a code word, the start of one or nothing yet after the cut), so a streamed run is read whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from proxy.nlp.normalize import SPELLED_ATS, SPELLED_DOTS

Result = tuple[str, int, int, float]

_SCORE = 0.85

_NATO = {"alfa": "a", "alpha": "a", "bravo": "b", "charlie": "c", "delta": "d", "echo": "e", "foxtrot": "f",
         "golf": "g", "hotel": "h", "india": "i", "juliet": "j", "juliett": "j", "kilo": "k", "lima": "l", "mike": "m",
         "november": "n", "oscar": "o", "papa": "p", "quebec": "q", "romeo": "r", "sierra": "s", "tango": "t",
         "uniform": "u", "victor": "v", "whiskey": "w", "whisky": "w", "x-ray": "x", "xray": "x", "yankee": "y",
         "zulu": "z"}
# Other national alphabets (their words are given names: read after a spelling's word only).
_OTHER = {
    # German (DIN 5009, the names)
    "anton": "a", "berta": "b", "bertha": "b", "cäsar": "c", "caesar": "c", "dora": "d", "emil": "e",
    "friedrich": "f", "gustav": "g", "heinrich": "h", "ida": "i", "julius": "j", "kaufmann": "k", "konrad": "k",
    "ludwig": "l", "martha": "m", "marta": "m", "nordpol": "n", "otto": "o", "paula": "p", "quelle": "q",
    "richard": "r", "samuel": "s", "siegfried": "s", "theodor": "t", "ulrich": "u", "viktor": "v", "wilhelm": "w",
    "xanthippe": "x", "ypsilon": "y", "zacharias": "z", "zeppelin": "z",
    # French
    "anatole": "a", "berthe": "b", "célestin": "c", "celestin": "c", "désiré": "d", "desire": "d", "eugène": "e",
    "eugene": "e", "françois": "f", "francois": "f", "gaston": "g", "henri": "h", "irma": "i", "joseph": "j",
    "kléber": "k", "kleber": "k", "louis": "l", "marcel": "m", "nicolas": "n", "pierre": "p", "quintal": "q",
    "raoul": "r", "suzanne": "s", "thérèse": "t", "therese": "t", "ursule": "u", "william": "w", "xavier": "x",
    "yvonne": "y", "zoé": "z", "zoe": "z",
}
_LETTER = {**_OTHER, **_NATO}  # (`oscar`, `victor`: NATO's)
_DIGITS = ("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "niner")
_MARKS = ("underscore", "dash", "hyphen", "period", "point")  # (a mailbox's other characters, spoken)


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CODE = rf"(?:{_alt(_LETTER)})"
_TOKEN = rf"(?<![^\W_])(?:{_CODE}|{_alt((*_DIGITS, *SPELLED_DOTS, *SPELLED_ATS, *_MARKS))}|[0-9])(?![^\W_]|-\w)"
_SEP = r"(?:[ \t]*[,;/][ \t]*|[ \t]*[-\u2013][ \t]*|[ \t]+|\.[ \t]+)"
_RUN = re.compile(rf"(?i){_TOKEN}(?:{_SEP}{_TOKEN})+")
_ONE = re.compile(rf"(?i){_TOKEN}")
# A domain after the run's spoken `at` (or `@`): labels apart by a spoken `dot` or `.` (`gmail dot com`).
_DOTS = rf"(?:[ \t]+(?:{_alt(SPELLED_DOTS)})[ \t]+|\.)"
_DOMAIN = re.compile(rf"(?i)(?:[ \t]+(?:{_alt(SPELLED_ATS)})[ \t]+|[ \t]*@[ \t]*)"
                     rf"[a-z0-9][a-z0-9-]*(?:{_DOTS}[a-z0-9][a-z0-9-]*)*(?![\w@])")
_AT_DOMAIN = re.compile(rf"(?i)[ \t]*[a-z0-9][a-z0-9-]*(?:{_DOTS}[a-z0-9][a-z0-9-]*)*(?![\w@])")
# The cues of a run in its turn: a spelling's word, a name's, a mailbox's, a call's speaker label.
_SPELL_CUE = re.compile(r"(?i)(?<![^\W_])(?:spell\w*|spelt|phonetic\w*|nato|icao|alphabet|buchstabier\w*"
                        r"|épel\w*|epel\w*|deletre\w*|deletre\w*|sillab\w*)(?![^\W_])")
_CUE = re.compile(r"(?i)(?<![^\W_])(?:spell\w*|spelt|phonetic\w*|nato|icao|alphabet|buchstabier\w*|épel\w*"
                  r"|(?:first|last|family|given|middle|maiden|full|sur|user)[ \t-]?names?|name|names|name's"
                  r"|nachname|vorname|nom|prénom|apellido|e-?mail|mailbox|inbox|address|login|username"
                  r"|(?:caller|customer|client|agent|rep|operator|member|patient|speaker[ \t]*\d*)[ \t]*:)"
                  r"(?![^\W_])")
_NAME_CUE = re.compile(r"(?i)(?<![^\W_])(?:(?:first|last|family|given|middle|maiden|full|sur)[ \t-]?names?"
                       r"|(?:my|your|his|her|their)[ \t]+name|name's|nachname|vorname|nom|prénom|apellido)(?![^\W_])")
_VOWELS = frozenset("aeiouy")
_NATO_FIND = tuple(w for w in _NATO if not any(v != w and v in w for v in _NATO))  # (`juliet` finds `juliett`)
_OTHER_FIRST = tuple(w for w in _OTHER if not any(v != w and v in w for v in _OTHER))
_GAP = 24  # between two code words (digits, `dot`, `at` in a mailbox's run)
_LONG = 6  # code words that make a run without a cue
_BACK = 160  # what is read before a run for its cue (this line and the one before it)


def _windows(low: str) -> list[tuple[int, int]]:
    """Where two NATO code words or more stand close together (each found by `str.find`: a fast scan; the runs are
    read there only), widened by what a run may hold around them; the other alphabets' words too where a spelling's
    word stands in the text (`_SPELL_CUE`)."""
    spelled = any(w in low for w in ("spell", "spelt", "buchstab", "épel", "epel"))
    hits: list[tuple[int, int]] = []
    for word in (*_NATO_FIND, *_OTHER_FIRST) if spelled else _NATO_FIND:
        at = low.find(word)
        while at >= 0:
            hits.append((at, at + len(word)))
            at = low.find(word, at + 1)
    if len(hits) < 2:
        return []
    hits.sort()
    out: list[tuple[int, int]] = []
    first, count, end = hits[0][0], 1, hits[0][1]
    for a, b in hits[1:]:
        if a - end <= _GAP:
            count, end = count + 1, max(end, b)
            continue
        if count >= 2:
            out.append((max(0, first - _GAP), end + _GAP))
        first, count, end = a, 1, b
    if count >= 2:
        out.append((max(0, first - _GAP), end + _GAP))
    return out


def _turn(chunk: str, start: int, end: int) -> tuple[str, str]:
    """The text before a run (its line and the line before it, `_BACK` characters at most) and after it (its
    sentence)."""
    lo = max(0, start - _BACK)
    line = chunk.rfind("\n", lo, start)
    if line >= 0:
        before = chunk.rfind("\n", lo, line)
        lo = before + 1 if before >= 0 else lo
    after = chunk[end:end + 80]
    stop = re.search(r"[.!?](?:\s|\Z)|\n", after)
    return chunk[lo:start], after[:stop.start()] if stop else after


def _counting(letters: str) -> bool:
    """A list of the alphabet: letters in its order (`Alfa Bravo Charlie`; five or more apart: `Alpha, Charlie, Echo,
    Golf, India`), or one letter repeated (`Echo Echo Echo`)."""
    steps = [ord(b) - ord(a) for a, b in zip(letters, letters[1:], strict=False)]
    return all(d == 1 for d in steps) or all(d == 0 for d in steps) or (len(letters) >= 5 and all(d > 0 for d in steps))


def _common(letters: str) -> bool:
    from proxy.nlp.names import name_lists

    return name_lists().is_very_common(letters)


def _read(chunk: str, m: re.Match[str]) -> tuple[str, int, int, str] | None:
    """The spelled name or mailbox a run of tokens `m` is, if any (see the module's docstring), with its letters; a
    list of the alphabet in its order (`Alfa, Bravo, Charlie`) as one of no type ("")."""
    tokens = list(_ONE.finditer(chunk, m.start(), m.end()))
    words = [t.group().lower() for t in tokens]
    ats = [k for k, w in enumerate(words) if w in SPELLED_ATS]
    domain = _DOMAIN.match(chunk, tokens[-1].end()) if not ats else None
    if ats and ats[0] > 0:
        tail = _AT_DOMAIN.match(chunk, tokens[-1].end()) if words[-1] not in _LETTER else None
        mail_end = tail.end() if tail is not None and tail.end() > tokens[-1].end() else tokens[-1].end()
        local = words[:ats[0]]
    elif domain is not None:
        mail_end, local = domain.end(), words
    else:
        mail_end, local = -1, words
    # The spelled part: from the first code word to the last one (a mailbox: to its `at`).
    first = next((k for k, w in enumerate(local) if w in _LETTER), None)
    if first is None:
        return None
    last = max(k for k, w in enumerate(local) if w in _LETTER)
    part = local[first:last + 1]
    codes = [w for w in part if w in _LETTER]
    if len(codes) < 3:
        return None
    letters = "".join(_LETTER[w] for w in codes)
    start = tokens[first].start()
    before, after = _turn(chunk, start, tokens[last].end())
    if not any(w in _NATO for w in codes) or any(w in _OTHER and w not in _NATO for w in codes):
        if _SPELL_CUE.search(before) is None:
            return None  # (German, French: given names, read after a spelling's word only)
    if mail_end >= 0:
        return "EMAIL_ADDRESS", start, mail_end, letters
    if any(w not in _LETTER for w in part) and any(w in _DIGITS or w.isdigit() for w in part):
        return None  # a registration, a call sign (`November Seven Two Alfa Bravo`)
    name_cue = _NAME_CUE.search(before) is not None or _NAME_CUE.search(after) is not None
    if not name_cue and _counting(letters):
        return ("", start, tokens[last].end(), letters) if all(w in _NATO for w in codes) else None
    if not _VOWELS.intersection(letters):
        return None
    if not name_cue and _common(letters):
        return None  # a word spelled (`Hotel Echo Lima Lima Oscar`)
    if name_cue or len(codes) >= _LONG or _CUE.search(before) is not None or _CUE.search(after) is not None:
        return "PERSON", start, tokens[last].end(), letters
    return None


def runs(chunk: str) -> list[tuple[str, int, int, str]]:
    """(entity, start, end, letters) of each spelled name or mailbox of `chunk` (see the module's docstring), and
    of each list of the alphabet in its order (entity "")."""
    low = chunk.lower()
    if len(low) != len(chunk):
        return []
    out: list[tuple[str, int, int, str]] = []
    done = 0
    for lo, hi in _windows(low):
        for m in _RUN.finditer(chunk, max(lo, done), hi):
            done = m.end()
            read = _read(chunk, m)
            if read is not None:
                out.append(read)
    return out


def with_nato39(chunk: str, found: list[Result], entities: list[str]) -> list[Result]:
    """`found` with each spelled name or mailbox (`runs`) of a wanted type, and the word a name's run spells beside
    it (`Thalberg, Tango Hotel Alfa ...`: `proxy.nlp.spell28`'s reading); the findings inside one give way (`India`
    of `Hotel India Mike`), a name or an address reaching past one grows it (one span over both).
    A name found inside a list of the alphabet (`Alfa, Bravo, Charlie, Delta`: code words read as names) is none."""
    read = runs(chunk)
    if not read:
        return found
    from proxy.nlp.spell28 import _spelled_word

    added: list[Result] = []
    for entity, a, b, letters in read:
        if entity and entity in entities:
            added.append((entity, a, b, _SCORE))
            word = _spelled_word(chunk, a, b, letters) if entity == "PERSON" else None
            if word is not None:
                added.append(("PERSON", *word, _SCORE))
    lists = [(a, b) for entity, a, b, _ in read if not entity]
    keep = []
    for r in found:
        if r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for a, b in lists) \
                and all(w.lower() in _NATO for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", chunk[r[1]:r[2]])):
            continue  # (a code word of a list of the alphabet)
        over = [k for k, x in enumerate(added) if r[1] < x[2] and x[1] < r[2]]
        if not over:
            keep.append(r)
        elif r[0] in ("PERSON", "EMAIL_ADDRESS"):  # (inside it, or reaching past it: one span over both)
            for k in over:
                e, a, b, score = added[k]
                added[k] = (e, min(a, r[1]), max(b, r[2]), score)
        elif any(not (added[k][1] <= r[1] and r[2] <= added[k][2]) for k in over):
            keep.append(r)  # another type's value reaching past it: both stay
    return keep + added


# --------------------------------------------------------------------------- stream windows

_LAST = re.compile(rf"(?i)(?:{_TOKEN}{_SEP})*{_TOKEN}[ \t,;/.\u2013-]*\Z")
_CODE_ALL = (*_LETTER, *_DIGITS, *SPELLED_DOTS, *SPELLED_ATS, *_MARKS)


def nato_open(text: str, cut: int) -> bool:
    """Whether a stream window ending at `cut` of `text` would cut a run of code words: two tokens at least before
    it, one a code word, and after it a token, the start of one, or nothing yet but separators."""
    left = text[max(0, cut - 48):cut]
    if not left or not (left[-1].isalpha() or left[-1] in " \t,;/.-\u2013"):
        return False
    low = left.lower()
    if not any(w in low for w in _NATO_FIND):
        return False  # (no code word among the tokens: a cheap test before the regex, ~90 µs a cut)
    m = _LAST.search(left)
    if m is None:
        return False
    tokens = [t.group().lower() for t in _ONE.finditer(left, m.start())]
    if len(tokens) < 2 or not any(t in _NATO for t in tokens):
        return False
    right = text[cut:cut + 16].lstrip(" \t,;/.-\u2013").lower()
    if not right:
        return True
    word = re.match(r"[^\W_]*(?:-[^\W_]*)?", right)
    w = word.group() if word is not None else ""
    return bool(w) and (w in _LETTER or w in _CODE_ALL or (len(w) == len(right) and any(
        x.startswith(w) for x in _CODE_ALL)))


__all__ = ["nato_open", "runs", "with_nato39"]
