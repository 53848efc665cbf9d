"""One more reading for the toxicity check: abuse written in leetspeak, masked, elongated, glued or broken inside a
word (tox42, atk42 F01, F09), and a leet reading for `patterns:` (F03).

`proxy.guard.checks.scores` scores each text's view and tox41's reading (`proxy.nlp.tox41.tox_reading`);
`tox_reading42` gives one more where a word of the text, read so, is an abusive one (`STRONG`, or `TOXIC` for
leetspeak, masks and elongation):

- **leetspeak** (`st00pid 1d10t`, `k1ll`, `sh!t`, `a$$hole`, `@`): digits and symbols inside a word of at least two
  letters read as the letters they stand for (`0` o, `1` i or l, `3` e, `4` a, `5` s, `7` t, `@` a, `$` s, `!` i);
- **masks** (`st*pid`, `f**k`, `id*ot`): each `*` inside a word any one letter, where the word then is exactly one
  abusive word of its length (at least four characters, no more masks than letters);
- **elongation** (`stuuupid`, `idiooot`): a run of three or more of one letter read as one or two;
- **a dot or an emoji inside a word** (`id.iot`, `stu😀pid`): left out where the word joined is an abusive one;
- **a space inside a word** (`stu pid`, `idi ot`): two fragments of two letters or more joined where they make one
  of `STRONG` and one of them is no ordinary English word (`use less`, `worth less` stay apart);
- **glued words** (`#YouStupidIdiot`, `ShutUpMoron`, `you_stupid_idiot`, `youstupididiot`): split into words of
  `TOXIC` and `FUNCTION` covering the run whole, one of them in `STRONG` (or `kill`/`hurt` with `you`): an
  identifier with any other word (`IdiotProofValidator`, `killAll`, `assassin`, `Assam`) is read as written;
- **small capitals** (`sᴛᴜᴘɪᴅ`): read as the letters they are.

In the other words the letters found are read as they were written: a word so read that is no abusive one
(`l33t`, `h4x`, `k8s`, `v1.0.1`, `soooo`, `Mississippi`, `Pass!`) leaves the text as it is, with no second reading
and no second model call. Words of `FUNCTION` written in leetspeak (`y0u`) are read so only in a text where an
abusive word was.

`leet_view` (patterns): the view with the digits and symbols inside words of letters read as letters (`Pr0ject
F4lcon`, `F@lcon`, `0sprey`), where the word has two letters or more and no more digits than letters, and the text
has no more than `_LEET_WORDS` such words; mapped back to the original one character for one.

`tox42_open` (stream windows): a window never ends at a space between two fragments of an abusive word
(`stu ` | `pid`), nor after a fragment while the next is not known.

Pure functions, CPU only; ordinary text pays a few regex scans and set lookups.
"""

from __future__ import annotations

import itertools
import re

from proxy.nlp.lft43 import camel_abuse, consonant_views
from proxy.nlp.normalize import View, _apply
from proxy.nlp.segment import ordinary_word
from proxy.nlp.tox41 import FUNCTION, TOXIC, _fold_word, fewest_words

__all__ = ["STRONG", "leet_view", "leet_views", "name_reading", "tox42_open", "tox_reading42"]

# Words that are abuse wherever they appear joined with others or written in fragments (not `ass`, `die`, `pig`,
# `kill`, which ordinary words and identifiers hold: `class`, `diet`, `killAll`).
STRONG = frozenset("""
idiot idiots idiotic stupid stupidest moron morons moronic dumbass imbecile cretin bitch bitches bastard bastards
asshole assholes arsehole dickhead cunt cunts shit shitty bullshit fuck fucks fucking fucker fuckers fucked
motherfucker retard retards retarded whore whores slut sluts twat wanker loser losers
""".split())
_THREAT = frozenset({"kill", "hurt", "stab", "shoot", "murder", "rape"})
_THREATENED = re.compile(r"(?i)(?<![a-z])(?:kill|hurt|stab|shoot|murder)(?![a-z])")
_YOU = frozenset({"you", "your", "yourself", "u", "ya"})
# What a word in leetspeak, masked or elongated may be read as: `TOXIC` less the words ordinary ids hold by chance
# (`d13`, `a55`, `p1g`).
_TARGETS = TOXIC - {"ass", "die", "dies", "pig", "pigs", "hurt", "fool", "fools", "crap", "damn", "dumb", "suck",
                    "sucks", "cock", "dick", "dicks", "trash", "garbage", "freak", "freaks", "hate", "hates",
                    "shoot", "stab", "murder", "murders"}
_LEXICON = TOXIC | FUNCTION | _YOU
_LONGEST = max(map(len, _LEXICON))

_LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "1": "i"}
_LEET_TABLE = str.maketrans(_LEET)  # (`*` kept: a mask)
# A letter beside a digit or symbol inside a word: where a word in leetspeak, masked or elongated may be.
_HINT = re.compile(r"[A-Za-z][0-9@$!*]+[A-Za-z0-9]|[0-9@$][A-Za-z]{1,2}|([A-Za-z])\1\1")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9@$!*]+")
_TOKEN_END = re.compile(r"[A-Za-z0-9@$!*]*")
_EDGE_STRIP = "!*"
_CODE_AROUND = re.compile(r"[=()+/\[\]<>^%]")
_RUNS = re.compile(r"([A-Za-z])\1{2,}")
# A dot, a middle dot, a bullet or an emoji (with its variation selector or joiner) inside a word.
_SEP_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]{1,12}(?:(?:[.\u00b7\u2022]|[\u2600-\u27bf\U0001f000-\U0001faff]"
                       r"[\ufe0f\u200d\U0001f3fb-\U0001f3ff]{0,2})[A-Za-z]{1,12}){1,3}(?![^\W\d_])")
_EXTENSIONS = frozenset("pid sh py js ts rb go rs c h cc md txt log csv json yml yaml ini cfg conf lock tmp bak "
                        "out err sock db sql exe dll so io".split())  # (`stu.pid`: a file name)
_SEP_HINT = re.compile(r"[A-Za-z](?:[.\u00b7\u2022]|[\u2600-\u27bf\U0001f000-\U0001faff])")
_STEMS = re.compile("|".join(sorted(STRONG | _THREAT, key=len, reverse=True)), re.IGNORECASE)
# The cheap test before `_STEMS` (an alternation: dear on long texts): substrings of the lower-cased text.
_STEM_CORE = ("idiot", "stupid", "moron", "dumbass", "imbecile", "cretin", "bitch", "bastard", "asshole", "arsehole",
              "dickhead", "cunt", "shit", "fuck", "retard", "whore", "slut", "twat", "wanker", "loser", "kill", "hurt",
              "stab", "shoot", "murder", "rape")


def _has_stem(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _STEM_CORE)
# An identifier or a run of letters (with `_`, `#`, case changes): where a glued word may be.
_IDENT_AT = re.compile(r"[A-Za-z_]+")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_SMALL_CAPS = re.compile("[\u1d00-\u1d2b\u0250-\u02af\ua730-\ua7ff\u0493]")
_SMALL_FIX = str.maketrans({"\u0493": "f"})  # (ghe with stroke: an F in small-capital text)
_WORDS = re.compile(r"[A-Za-z]+")
# Two fragments of an abusive word a space apart (`stu pid`): each split of each `STRONG` word in two parts of two
# letters or more, by the first part.
_SPLITS: dict[str, set[str]] = {}
for _w in STRONG:
    for _k in range(2, len(_w) - 1):
        _SPLITS.setdefault(_w[:_k], set()).add(_w[_k:])
_PREFIXES = frozenset(_SPLITS)
_PAIR = re.compile(r"(?<![\w./\\-])([A-Za-z]{2,10})[ \t]+(?=([A-Za-z]{2,10})(?![\w/\\-]|\.\w))")
_LEET_WORDS = 12  # a text with more mixed words than this (code, hashes, part numbers) gets no leet reading


def _candidates(word: str) -> list[str]:
    """`word` (letters, digits, symbols) read in leetspeak: each reading of its `1`s as `i` or `l` (at most 3)."""
    low = word.lower().translate(_LEET_TABLE)
    ones = [i for i, ch in enumerate(word) if ch == "1"]
    if not ones or len(ones) > 3:
        return [low]
    out = []
    for choice in itertools.product("il", repeat=len(ones)):
        chars = list(low)
        for i, ch in zip(ones, choice, strict=True):
            chars[i] = ch
        out.append("".join(chars))
    return out


def _unmasked(word: str, targets: frozenset[str]) -> str | None:
    """`word` with `*` read as any one letter, where that makes it exactly one word of `targets`."""
    n = len(word)
    masks = word.count("*")
    if n < 4 or masks > n - masks or not word[0].isalpha():
        return None
    found = [t for t in targets if len(t) == n and all(c == "*" or c == t[i] for i, c in enumerate(word))]
    return found[0] if len(found) == 1 or (found and len({t[:-1] for t in found}) == 1) else (
        sorted(found)[0] if found else None)


def _unrun(word: str) -> list[str]:
    """`word` with each run of three or more of one letter read as one or as two of it (at most 3 runs)."""
    runs = list(_RUNS.finditer(word))
    if not runs or len(runs) > 3:
        return [word]
    out = []
    for choice in itertools.product((1, 2), repeat=len(runs)):
        parts, pos = [], 0
        for m, keep in zip(runs, choice, strict=True):
            parts += [word[pos:m.start()], m.group(1) * keep]
            pos = m.end()
        parts.append(word[pos:])
        out.append("".join(parts))
    return out


def _read_word(word: str, targets: frozenset[str]) -> str | None:
    """What `word` (letters with digits, symbols, masks or runs) reads as where that is one of `targets`."""
    letters = sum(ch.isalpha() for ch in word)
    if letters < 2 or len(word) > 24:
        return None
    masked = word.replace("!", "*") if "!" in word[1:-1] else None  # (`st!pid`: a mask as well as an `i`)
    for cand in [*_candidates(word), *(_candidates(masked) if masked else [])]:
        for c in _unrun(cand):
            for v in (c, c.replace("oo", "u")) if "oo" in c else (c,):  # (`st00pid`: `stoopid`)
                if "*" in v:
                    v = _unmasked(v, targets) or v
                if v in targets:
                    return v
    return None


def _mixed_words(text: str) -> list[tuple[int, int]]:
    """The words of `text` with a digit or symbol between letters, or a run of one letter (spans)."""
    out: list[tuple[int, int]] = []
    done = 0
    for h in _HINT.finditer(text):
        if h.start() < done:
            continue
        a = h.start()
        while a > 0 and _TOKEN_CHARS.match(text[a - 1]):
            a -= 1
        m = _TOKEN_END.match(text, a)
        assert m is not None
        b = m.end()
        while a < b and text[a] in _EDGE_STRIP:
            a += 1
        while b > a and text[b - 1] in _EDGE_STRIP + "@$":
            b -= 1
        done = max(b, h.end())
        if b > a:
            out.append((a, b))
    return out


def _segment(letters: str) -> list[str] | None:
    """`letters` split into words of `_LEXICON` covering it whole, fewest words first; None where none does."""
    return fewest_words(letters, _LEXICON, _LONGEST, 80)


def _abusive(words: list[str]) -> bool:
    """Whether words read from one glued run are abuse: one of `STRONG`, or a threat with `you`."""
    low = {w.lower() for w in words}
    return bool(low & STRONG) or bool(low & _THREAT and low & _YOU)


def _glued(text: str, edits: dict[int, tuple[int, str]]) -> None:
    """Identifiers and runs of letters holding an abusive word glued to others, split into their words."""
    done = 0
    for s in _STEMS.finditer(text):
        if s.start() < done:
            continue
        a = s.start()
        while a > 0 and (text[a - 1].isascii() and (text[a - 1].isalpha() or text[a - 1] == "_")):
            a -= 1
        m = _IDENT_AT.match(text, a)
        assert m is not None
        b = done = m.end()
        run = text[a:b].strip("_")
        a = text.index(run, a) if run else a
        if not run or run.lower() in _LEXICON or a in edits:
            continue
        words: list[str] = []
        for part in run.split("_"):
            for piece in _CAMEL.findall(part) or [part]:
                split = [piece] if piece.lower() in _LEXICON else _segment(piece)
                if split is None:
                    break
                words += split
            else:
                continue
            break
        else:
            if len(words) >= 2 and _abusive(words):
                edits[a] = (a + len(run), " ".join(words))
        if a not in edits and (glued := camel_abuse(run)) is not None:  # `StupidIdiotTool` (lft43)
            edits[a] = (a + len(run), " ".join(glued))


def _spaced(text: str, edits: dict[int, tuple[int, str]]) -> None:
    """Two fragments of a `STRONG` word a space apart (`stu pid`), one of them no ordinary word: joined."""
    squashed = text.replace(" ", "").replace("\t", "")
    if not _has_stem(squashed):
        return
    for m in _PAIR.finditer(text):
        left, right = m.group(1), m.group(2)
        if left.lower() in _PREFIXES and right.lower() in _SPLITS[left.lower()] and m.start() not in edits \
                and not (ordinary_word(left) and ordinary_word(right)):
            edits[m.start()] = (m.end() + len(right), left + right)


def tox_reading42(text: str) -> str | None:
    """`text` (the view, or tox41's reading of it) with its abusive words written in leetspeak, masked, elongated,
    glued, split by a space, a dot or an emoji, or in small capitals read as written plainly; None where it has
    none."""
    edits: dict[int, tuple[int, str]] = {}
    written = text
    if not text.isascii() and _SMALL_CAPS.search(text) is not None:
        for m in re.finditer(r"[^\W\d_]+", text):
            if _SMALL_CAPS.search(m.group()):
                folded = _fold_word(m.group().translate(_SMALL_FIX))
                if folded.isascii() and folded != m.group():
                    edits[m.start()] = (m.end(), folded)
        if edits:
            text = "".join(_edited(text, edits))
            edits = {}
    abusive = False
    function: dict[int, tuple[int, str]] = {}
    if _HINT.search(text) is not None:
        for a, b in _mixed_words(text):
            word = text[a:b]
            read = _read_word(word, _TARGETS)
            if read is not None and "*" in word and _CODE_AROUND.search(text[max(0, a - 3):b + 3]):
                read = None  # (`y = f**k`, `f**k(x)`: an exponent in code)
            if read is not None:
                edits[a] = (b, read)
                abusive = True
            elif (read := _read_word(word, FUNCTION | _YOU)) is not None and not word.isalpha():
                function[a] = (b, read)  # (`y0u`: only beside an abusive word)
    if _SEP_HINT.search(text) is not None:
        for m in _SEP_WORD.finditer(text):
            parts = _WORDS.findall(m.group())
            joined = "".join(parts)
            if m.start() not in edits and joined.lower() in _TARGETS and not (
                    "." in m.group() and (parts[-1].lower() in _EXTENSIONS or text[m.start() - 1:m.start()] in "/\\"
                                          and m.start() > 0)):
                edits[m.start()] = (m.end(), joined)
                abusive = True
    if _has_stem(text):
        _glued(text, edits)
    _spaced(text, edits)
    if abusive or (function and _THREATENED.search(text) is not None):
        for a, e in function.items():
            edits.setdefault(a, e)
    if edits:
        text = "".join(_edited(text, edits))
    return text if text != written else None


def _edited(text: str, edits: dict[int, tuple[int, str]]) -> list[str]:
    out: list[str] = []
    pos = 0
    for a in sorted(edits):
        if a < pos:
            continue
        out += [text[pos:a], edits[a][1]]
        pos = edits[a][0]
    out.append(text[pos:])
    return out


# --------------------------------------------------------------------------- patterns: the view read in leetspeak

# A word of letters with digits or `@`/`$` inside or at its start (`Pr0ject`, `F4lcon`, `F@lcon`, `0sprey`).
_LEET_WORD = re.compile(r"(?<![\w@$])(?=[\w@$]*[A-Za-z][\w@$]*[A-Za-z])(?=[\w@$]*[013457@$])[A-Za-z0-9@$]{3,24}"
                        r"(?![\w@$])")
_LEET_HINT = re.compile(r"[A-Za-z][013457@$]|[013457@$][A-Za-z]")


def leet_view(view: View) -> View | None:
    """`view` (a `pattern_view`) with digits and `@`/`$` inside its words of letters read as the letters they stand
    for (`Pr0ject F4lcon` reads `Project Falcon`), one character for one; None where it has no such word, or more
    than `_LEET_WORDS` (code, hashes, part numbers: read as written)."""
    text = view.text
    if _LEET_HINT.search(text) is None:
        return None
    edits: list[tuple[int, int, str]] = []
    for m in _LEET_WORD.finditer(text):
        word = m.group()
        if sum(ch.isdigit() for ch in word) > sum(ch.isalpha() for ch in word) or word.isalpha():
            continue
        if len(edits) >= _LEET_WORDS:
            return None
        a = m.start()
        edits += [(a + i, a + i + 1, _LEET[ch]) for i, ch in enumerate(word) if ch in _LEET]
    if not edits:
        return None
    new, layer = _apply(text, iter(edits))
    return View(new, view.original, (*view.layers, layer)) if layer is not None else None


# A letter hidden by one or two `*` inside a word of letters (`F*lcon`, `Pr**ect`): a vowel, as masks mostly hide.
_MASKED = re.compile(r"(?<![\w*])[A-Za-z]{1,20}\*{1,2}[A-Za-z]{1,20}(?![\w*])")


def leet_views(view: View) -> list[View]:
    """`leet_view` and, where `view` has words with a masked letter (at most three: `Project F*lcon`), one reading
    per vowel with each mask read as it (`Project Falcon`, ...), one character for one."""
    out = [v for v in [leet_view(view)] if v is not None] + consonant_views(view)  # `Osp*ey` (lft43)
    if out and "1" in view.text:  # (`fa1con`: a `1` for an `l` too)
        ells = [i for i, (a, b) in enumerate(zip(view.text, out[0].text, strict=True)) if a == "1" and b == "i"]
        if ells:
            new, layer = _apply(out[0].text, iter((i, i + 1, "l") for i in ells))
            if layer is not None:
                out.append(View(new, view.original, (*out[0].layers, layer)))
    if "*" not in view.text:
        return out
    masked = [m for m in _MASKED.finditer(view.text) if len(m.group()) - m.group().count("*") >= 3]
    if not masked or len(masked) > 3:
        return out
    for vowel in "aeiou":
        edits = [(m.start() + i, m.start() + i + 1, vowel) for m in masked for i, ch in enumerate(m.group())
                 if ch == "*"]
        new, layer = _apply(view.text, iter(edits))
        if layer is not None:
            out.append(View(new, view.original, (*view.layers, layer)))
    return out


# --------------------------------------------------------------------------- stream windows


def tox42_open(text: str, cut: int) -> bool:
    """Whether a stream window may not end at `cut` of `text` for the toxicity check: at a space between two
    fragments of an abusive word (`stu ` | `pid`), or after a fragment while what follows is not known yet."""
    if cut <= 0 or cut > len(text) or not text[cut - 1:cut].isspace():
        return False
    left = re.search(r"(?<![A-Za-z])[A-Za-z]{2,10}[ \t]*\Z", text[max(0, cut - 14):cut])
    if left is None:
        return False
    word = left.group().strip().lower()
    if word not in _PREFIXES:
        return False
    right = re.match(r"[ \t]*([A-Za-z]*)", text[cut:cut + 14])
    follow = right.group(1).lower() if right is not None else ""
    if not follow:
        return cut + (right.end() if right else 0) >= len(text) and not ordinary_word(word)
    return follow in _SPLITS[word]


# --------------------------------------------------------------------------- names (tools, schemas, `name`)

_NAME_SEPARATORS = re.compile(r"[_\-.\s/:]+")


def name_reading(name: str) -> str | None:
    """A tool, function, schema or message name (or an id) read as words (split at `_`, `-`, `.`, case changes and
    glued runs: `you_stupid_idiot`, `KillYouIdiot`) where they are abuse (one of `STRONG`, or a threat with `you`);
    None for every other name (`killAll`, `get_weather`, `IdiotProofValidator`): an id is not prose."""
    if len(name) > 256 or not _has_stem(name):
        return None
    spaced = _NAME_SEPARATORS.sub(" ", name).strip()
    reading = tox_reading42(spaced) or spaced
    return reading if _abusive(_WORDS.findall(reading)) else None
