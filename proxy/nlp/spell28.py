"""Voice and call-centre transcripts: spelled-out names and numbers read out as words (spell28: atk26 F12).

Speech-to-text output of a support call writes what the caller said: a surname spelled letter by letter after it
(`My last name is Okafor, that's O-K-A-F-O-R.`) and an SSN or a phone number read digit by digit
(`my social is five three six, nine zero, four three nine nine`, `call me on six one seven, double five five, zero
one four three`).

- `with_spelled_names` (PII analysis, after the recognizers: `proxy.nlp.pii`): a word spelled out one letter at a
  time (three letters or more, one separator throughout: `O-K-A-F-O-R`, `O K A F O R`, `o.k.a.f.o.r`,
  `O, K, A, F, O, R`; or a spelling alphabet, `O as in Oscar, K as in kilo, A as in alpha`) is a PERSON
  - beside a name found already, only a comma, a bracket or a spelling word between (`Okafor, that's O-K-A-F-O-R`,
    `O-K-A-F-O-R, Okafor`), where its letters are that name's or a spelling word says so;
  - beside the word it spells (`Schmidt, S-C-H-M-I-D-T`), after a name word in its sentence (`Surname is`,
    `my last name`): both the word and its spelling;
  - beside the word it spells after a spelling word (`it's Mbeki. That's M, B, E, K, I`, `It's spelled O-K-O-N-K-W-O,
    Okonkwo`), that word none of the 5,000 commonest English words (`Falcon, that's F-A-L-C-O-N` stays);
  - right after a name word (`last name: O-K-A-F-O-R`, `surname is N-G-U-Y-E-N`), after a spelling word with a
    name word in its sentence (`my name, it's spelled O-K-A-F-O-R`), or opening an answer to a question for a name
    (`Agent: Last name please?` / `Caller: N G U Y E N.`; the sentence before counts where the spelling, or the word
    it spells, follows a speaker's label and three words at most).
  - an `X as in X...` run of four letters or more (`O as in Oscar, K as in Kilo, A as in Alpha, F as in Foxtrot`,
    apart by commas, periods or line breaks), wherever it stands: a spelled value, unless its letters list the
    alphabet in order or spell one of the commonest words (`_spelled_value`, strm40).
  Never alone: acronyms and words spelled for other reasons (`N-A-S-A`, `I-C-A-N-N`, a code), and `T-shirt`,
  `e-mail`, `X-ray`, `A-B test` (no run of three single letters) stay. Two letters (`Li, L-I`) only beside the name
  found already whose word they spell.
- `without_spelled_letters` (the name filter's language guess, `proxy.nlp.recognizers`): a spelling's single letters
  are no function words. They were counted as Romanian ones (`s`, `c`, `i`...), so the NER's `Schmidt` in
  `Surname is Schmidt, S-C-H-M-I-D-T, first name Maria.` was dropped as a word of a Romanian sentence.
- `spoken_numbers` (a pass of the view, `proxy.nlp.normalize`, after `_digit_words`): 7 to 19 digits read out as
  words, with `oh` for zero, `double five`/`triple five`, and digits among the words (`six1seven`,
  `617 five five five 0143`), after a phone, SSN or card word a few words before the run in its sentence (`call me
  on`, `my social is`, `reach me at`, `my cell, it's`): each word reads as its digit, grouped as spoken (a comma,
  `;`, `.`, `/` or a spaced dash keeps groups apart; without them, as a value of that length is printed). The
  recognizers then read the digits as they read typed ones (an undashed 9 digits needs an SSN word, 10 digits a phone
  word: `phone`, `call`, `cell`...). `_digit_words` reads the words right after a label (`SSN five three six ...`);
  this pass the runs it leaves. Not read: fewer than 7 digits (`one two three go`, `Table for four, seven thirty`),
  a run of words without such a word before it (counting in prose), a run followed by more number words
  (`... nine hundred`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

Result = tuple[str, int, int, float]

_SCORE = 0.85

# --------------------------------------------------------------------------- spelled names

# Three single letters or more, one separator throughout (a dash, a dot, spaces, a comma), not inside a word.
_SEP = r"(?:[ \t]*[-.\u2010\u2011\u2013][ \t]*|[ \t]+|,[ \t]*)"
_LETTER_RUN = re.compile(rf"(?<![\w'\u2019.-])[A-Za-z](?P<sep>{_SEP})[A-Za-z](?:(?P=sep)[A-Za-z])+"
                         r"(?![\w'\u2019]|[-.\u2010\u2011\u2013]\w)")
# A spelling alphabet: `O as in Oscar, K as in kilo, A as in alpha` (three letters or more; apart by a comma, a
# `;`, a period, a line break or spaces: `S as in Sierra. M as in Mike.`, strm40).
_AS_IN_SEP = r"(?:[ \t]*[,;.][ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*|[ \t]+)(?:(?:and|then)[ \t]+)?"
_AS_IN = re.compile(rf"(?i)(?<![\w'])[a-z][ \t]+(?:as[ \t]+in|for)[ \t]+[a-z]+"
                    rf"(?:{_AS_IN_SEP}[a-z][ \t]+(?:as[ \t]+in|for)[ \t]+[a-z]+){{2,}}(?![\w'])")
# Two letters apart by a dash or a dot (`L-I`, `N.G.`), after a separator (a class first: a fast scan).
_PAIR = re.compile(r"[\s,:;(\[\"'\u201c\u2018]([A-Za-z][-.\u2010\u2011][A-Za-z])(?![\w'\u2019]|[-.\u2010\u2011]\w)")
_AS_IN_LETTER = re.compile(r"(?i)(?<![\w'])([a-z])[ \t]+(as[ \t]+in|for)[ \t]+([a-z]+)")
_VALUE_LETTERS = 4  # an `as in` spelling of this many letters is a spelled value, wherever it stands (strm40)
# What may stand between a name and its spelling: punctuation, quotes, brackets, spelling words.
_SPELL_WORDS = (r"(?:that's|that\u2019s|thats|that[ \t]+is|it's|it\u2019s|it[ \t]+is|spelled[ \t]+as|spelled|spelt"
                r"|spelling|spell[ \t]+it|as|like|so|which[ \t]+is)")
_PUNCT = r"[ \t,.:;(\[\"'\u201c\u201d\u2018\u2019\u2014\u2013-]*"
_CONN = rf"{_PUNCT}(?:(?:{_SPELL_WORDS}|is|was){_PUNCT}){{0,3}}"
_CONNECTOR = re.compile(_CONN, re.I)
_WORD_THEN_CONNECTOR = re.compile(rf"(?<![A-Za-z'\u2019-])([A-Za-z][A-Za-z'\u2019-]*){_CONN}\Z", re.I)
_SPELLING = re.compile(rf"(?<![a-z]){_SPELL_WORDS}(?![a-z])", re.I)
_SPELL_VERB = re.compile(r"(?<![a-z])(?:spell|spelled|spelt|spelling)(?![a-z])", re.I)
# A word that names a person's name in the sentence before the spelling (`Surname is`, `my last name`, `name's`;
# not `file name`, `host name`, `variable names`).
_NAME_WORD = re.compile(r"(?<![a-z])(?:(?:first|last|family|given|middle|maiden|christian|full|sur)[ \t-]?name"
                        r"|(?:my|your|his|her|their|caller's|customer's|patient's)[ \t]+name|name's)(?![a-z])"
                        r"|^[ \t\"'\u201c]*(?:[a-z]+:[ \t]*)?name(?![a-z])", re.I)
# A name word right before the spelling: `last name: O-K-A-F-O-R`, `surname is N-G-U-Y-E-N`, `name's O K A F O R`.
_NAME_LABEL_END = re.compile(rf"(?:{_NAME_WORD.pattern})(?:'s|\u2019s|[ \t]+is|[ \t]+was)?[ \t]*[:,-]?[ \t]*"
                             rf"(?:{_SPELL_WORDS}[ \t,:]*)?[\"'\u201c\u2018(]?\Z", re.I | re.M)
_SENTENCE_END = re.compile(r"(?:\n|[.!?](?=[ \t\n\"'\u201d\u2019)]|\Z))\s*")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_WINDOW = 100
_ANSWER_WORDS = 3  # (`Yeah, it's`, `Sure, it is`: a few words that open an answer)
# A cheap test before the scans: a single letter, a separator, a single letter (or a spelling alphabet).
# (A class first: the engine skips to it; a look-behind first costs 1 ms per 5,000 characters, this 0.2 ms.)
_GATE_SEP = r"[-. ,\u2010\u2011\u2013]{1,3}"
_GATE = re.compile(rf"[\s.,:;(\[\"'\u201c\u2018-][A-Za-z]{_GATE_SEP}[A-Za-z]{_GATE_SEP}[A-Za-z]")


def _spellings(chunk: str) -> Iterator[tuple[int, int, str, bool]]:
    """Each spelled-out word: (start, end, its letters in lower case, whether it is a spelled value alone:
    `_spelled_value`)."""
    for m in _LETTER_RUN.finditer(chunk):
        yield m.start(), m.end(), "".join(c for c in m.group() if c.isalpha()).lower(), False
    low = chunk.lower()
    if "as in" in low or " for " in low:
        for m in _AS_IN.finditer(chunk):
            items = [(x.group(1).lower(), x.group(2).lower(), x.group(3).lower())
                     for x in _AS_IN_LETTER.finditer(m.group())]
            letters = "".join(letter for letter, _, _ in items)
            yield m.start(), m.end(), letters, _spelled_value(items, letters)


def _spelled_value(items: list[tuple[str, str, str]], letters: str) -> bool:
    """A spelling alphabet's run that is a value without any name word beside it (strm40): four letters or more,
    each `X as in X...` (a word that starts with its letter: `O as in Oscar, K as in Kilo, A as in Alpha, F as in
    Foxtrot`), a vowel among them, not the alphabet in order nor one letter repeated (`A as in Alpha, B as in Bravo,
    C as in Charlie, D as in Delta`), not one of the commonest English words (`H as in Hotel, E as in Echo, L as
    in Lima, L as in Lima, O as in Oscar`). `X for Y` lists stay (`Y for yes, N for no, A for all, Q for quit`)."""
    if len(items) < _VALUE_LETTERS or not set("aeiouy").intersection(letters):
        return False
    if any(not how.startswith("as") or not word.startswith(letter) for letter, how, word in items):
        return False
    from proxy.nlp.nato39 import _counting

    return not _counting(letters) and _rare_word(letters)


_SPEAKER_ONLY = re.compile(r"[ \t\n\"'\u201c]*(?:[A-Za-z][\w .'\u2019-]{0,24}:[ \t]*)?[\"'\u201c(]?[ \t]*")


def _context(chunk: str, start: int) -> str:
    """The sentence before `start` (at most `_WINDOW` characters), with the sentence before it where `start` opens
    its sentence or follows a few words only (a speaker's label aside: `Agent: Last name? Caller: O-K-A-F-O-R`,
    `Agent: Your surname? Caller: Yeah, it's Okafor`: an answer to the question before it)."""
    before = chunk[max(0, start - _WINDOW):start]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    if not ends:
        return before
    speaker = _SPEAKER_ONLY.match(before, ends[-1])
    if len(_WORDS.findall(before, speaker.end() if speaker is not None else ends[-1])) > _ANSWER_WORDS:
        return before[ends[-1]:]
    return before[ends[-2]:] if len(ends) > 1 else before


def _sentence_after(chunk: str, end: int) -> str:
    after = chunk[end:end + 60]
    stop = _SENTENCE_END.search(after)
    return after[:stop.start()] if stop is not None else after


def _opens_sentence(chunk: str, start: int) -> bool:
    """Whether `start` opens its sentence or line (a speaker's label aside)."""
    before = chunk[max(0, start - _WINDOW):start]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    return (bool(ends) or start <= _WINDOW) and _SPEAKER_ONLY.fullmatch(before, ends[-1] if ends else 0) is not None


def _overlaps(found: Sequence[Result], a: int, b: int) -> list[Result]:
    return [r for r in found if r[1] < b and a < r[2]]


def _beside_a_name(chunk: str, people: Sequence[Result], start: int, end: int, letters: str, name_word: bool,
                   same_letters: bool = False) -> bool:
    """Whether a name found already stands right before or after the spelling, only a connector between, and the
    letters are that name's (a word of it, or all of it) or (not `same_letters`) a spelling word or a name word says
    so."""
    for _, a, b, _ in people:
        if b <= start and start - b <= 40:
            between = chunk[b:start]
        elif a >= end and a - end <= 40:
            between = chunk[end:a]
        else:
            continue
        if _CONNECTOR.fullmatch(between) is None:
            continue
        words = [w.lower() for w in _WORDS.findall(chunk[a:b])]
        if letters in words or "".join(words) == letters or (
                not same_letters and (_SPELLING.search(between) or name_word)):
            return True
    return False


def _spelled_word(chunk: str, start: int, end: int, letters: str) -> tuple[int, int] | None:
    """The word the spelling spells, right before or after it (only a connector between)."""
    lead = chunk[max(0, start - 60):start]
    w = _WORD_THEN_CONNECTOR.search(lead)
    if w is not None and w.group(1).lower() == letters:
        return start - len(lead) + w.start(1), start - len(lead) + w.end(1)
    c = _CONNECTOR.match(chunk, end)
    after = _WORDS.match(chunk, c.end()) if c is not None else None
    if after is not None and after.group().lower() == letters:
        return after.span()
    return None


def _rare_word(word: str) -> bool:
    """A word a spelling word may spell as a name: none of the commonest words (`Mbeki`; not `Falcon`, `Python`)."""
    from proxy.nlp.names import name_lists

    return not name_lists().is_very_common(word)


def with_spelled_names(chunk: str, found: list[Result], entities: Sequence[str]) -> list[Result]:
    """`found` with each spelled-out name (see the module's docstring) a PERSON, and the word it spells beside it
    where no finding covers that word."""
    if "PERSON" not in entities:
        return found
    people = [r for r in found if r[0] == "PERSON"]
    spelled = _GATE.search(chunk) is not None or _GATE.match(" " + chunk[:12]) is not None \
        or "as in" in chunk.lower()
    if not spelled and not people:
        return found
    out = list(found)
    for start, end, letters, value in _spellings(chunk) if spelled else ():
        over = _overlaps(out, start, end)
        if any(r[0] != "PERSON" for r in over):
            continue
        if over:  # a name read inside the spelling (`M as in Mike`): the spelling whole
            if not all(start <= r[1] and r[2] <= end for r in over):
                continue
            out = [r for r in out if r not in over]
        word = _spelled_word(chunk, start, end, letters)
        at = word[0] if word is not None and word[0] < start else start
        context = _context(chunk, at)
        name_word = _NAME_WORD.search(context) is not None \
            or (word is not None and _NAME_WORD.search(_sentence_after(chunk, end)) is not None)
        if not (value or _beside_a_name(chunk, people, start, end, letters, name_word)
                or (word is not None and name_word)
                or (word is not None and _rare_word(chunk[word[0]:word[1]])
                    and (_SPELLING.search(chunk, min(word[1], end), max(word[0], start)) is not None
                         or _SPELL_VERB.search(chunk, max(0, min(word[0], start) - 20), start) is not None))
                or _NAME_LABEL_END.search(chunk, max(0, start - 60), start) is not None
                or (name_word and (_SPELL_VERB.search(context) is not None or _opens_sentence(chunk, start)))):
            out.extend(over)
            continue
        out.append(("PERSON", start, end, _SCORE))
        if word is not None and not _overlaps(out, *word):
            out.append(("PERSON", *word, _SCORE))
    if people:  # two letters (`Li, L-I`, `Ng, N.G.`): only the spelling of a name found beside it
        for m in _PAIR.finditer(chunk):
            start, end = m.start(1), m.end(1)
            letters = (chunk[start] + chunk[end - 1]).lower()
            over = _overlaps(out, start, end)  # (the NER may read `L` of `L-I` as a name: the spelling whole)
            if all(r[0] == "PERSON" and start <= r[1] and r[2] <= end for r in over) \
                    and _beside_a_name(chunk, people, start, end, letters, False, same_letters=True):
                out = [r for r in out if r not in over] + [("PERSON", start, end, _SCORE)]
    return out


# --------------------------------------------------------------------------- numbers read out as words

_WORD_DIGIT = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
               "six": "6", "seven": "7", "eight": "8", "nine": "9", "niner": "9"}
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|niner|nine)"
_TOKEN = rf"(?:(?:double|triple)[ \t-]+)?(?:(?<![a-z]){_DIGIT_WORD}(?![a-z])|(?<![0-9])[0-9]{{1,4}}(?![0-9]))"
_TOKEN_RE = re.compile(rf"(?:(?P<times>double|triple)[ \t-]+)?(?:(?P<word>{_DIGIT_WORD})|(?P<digits>[0-9]+))")
_RUN_SEP = r"(?:[ \t]*[,;./][ \t]*|[ \t]+-[ \t]+|[ \t]+|-|)"
_RUN = re.compile(rf"(?<![a-z0-9]){_TOKEN}(?:{_RUN_SEP}{_TOKEN}){{2,18}}(?![a-z0-9])")
_MORE = re.compile(rf"{_RUN_SEP}(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
                   r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|point)(?![a-z])")
_GROUP = re.compile(r"[,;./]|[ \t]-[ \t]")
# The words that make a run a value: a phone's, an SSN's, a card's (the labels of `normalize._digit_words`, and the
# ways a caller says them), a few words at most before the run, in its sentence.
_CUE = re.compile(r"(?<![a-z])(?:ssn|social(?:[ \t]+security)?|soc[ \t]+sec|sin|itin|tax[ \t]+id|phone|telephone"
                  r"|tel|cell|cellphone|mobile|call|callback|reach[ \t]+me|text[ \t]+me|txt|fax|whatsapp|dial|landline"
                  r"|(?:my|your|his|her|our|their|contact|home|work|office|direct|daytime|best)[ \t]+number"
                  r"|card|credit[ \t]+card|debit[ \t]+card|cc|visa|mastercard|amex)(?![a-z])")
_CUE_WINDOW = 48
_NEEDS = ("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SHAPE = {7: (3, 4), 8: (4, 4), 9: (3, 2, 4), 10: (3, 3, 4), 11: (1, 3, 3, 4), 12: (2, 3, 3, 4)}


_CUE_NEEDS = ("ssn", "soc", "sin", "itin", "tax", "phone", "tel", "cell", "mobile", "call", "reach", "text", "txt",
              "fax", "whatsapp", "dial", "number", "card", "cc", "visa", "master", "amex")
# A digit word (or `double`, `triple`): a literal first, the engine's fast scan; the runs are read around them.
_ANY_WORD = re.compile(r"zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple")


def spoken_numbers_hint(text: str) -> bool:
    """A cheap test for `spoken_numbers`: 3 digit words at least (a count of each) and a cue word's letters."""
    low = text.lower()
    seen = 0
    for word in _NEEDS:
        seen += low.count(word)
        if seen >= 3:
            return any(cue in low for cue in _CUE_NEEDS)
    return False


def _candidates(low: str) -> Iterator[tuple[int, int]]:
    """Stretches of `low` where digit words stand close together (three within a few characters of each other)."""
    first = last = -1
    count = 0
    for w in _ANY_WORD.finditer(low):
        if count and w.start() - last <= 8:
            count += 1
        else:
            if count >= 2:
                yield first, last
            first, count = w.start(), 1
        last = w.end()
    if count >= 2:
        yield first, last


def _digits(token: re.Match[str]) -> str:
    one = _WORD_DIGIT[token.group("word")] if token.group("word") else token.group("digits")
    times = token.group("times")
    return one * (2 if times == "double" else 3 if times == "triple" else 1)


def spoken_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """A pass of the view (`proxy.nlp.normalize`): each run of numbers read out as words after a cue word, as its
    digits (see the module's docstring)."""
    low = text.lower()
    if len(low) != len(text):
        return
    done = 0
    for first, last in _candidates(low):
        m = _RUN.search(low, max(done, first - 6), min(len(low), last + 12))
        if m is None:
            continue
        done = m.end()
        tokens = list(_TOKEN_RE.finditer(low, m.start(), m.end()))
        if sum(1 for t in tokens if t.group("word") or t.group("times")) < 2 or _MORE.match(low, m.end()):
            continue
        digits = [_digits(t) for t in tokens]
        total = sum(map(len, digits))
        if not 7 <= total <= 19:
            continue
        before = low[max(0, m.start() - _CUE_WINDOW):m.start()]
        cut = max(before.rfind("."), before.rfind("?"), before.rfind("!"), before.rfind("\n"))
        if _CUE.search(before, cut + 1) is None:
            continue
        seps = [low[a.end():b.start()] for a, b in zip(tokens, tokens[1:], strict=False)]
        grouped = [bool(_GROUP.search(s)) for s in seps]
        # Where groups end, counted in digits: at the separators that keep groups apart, else as printed.
        ends: set[int] = set()
        at = 0
        if any(grouped):
            for d, g in zip(digits, grouped, strict=False):
                at += len(d)
                if g:
                    ends.add(at)
        else:
            shape = _SHAPE.get(total) or (4,) * (total // 4) + (total % 4,) * (total % 4 > 0)
            for size in shape[:-1]:
                at += size
                ends.add(at)
        at = 0
        for i, t in enumerate(tokens):
            if i:
                sep, new = low[tokens[i - 1].end():t.start()], " " if at in ends else ""
                if sep != new:
                    yield tokens[i - 1].end(), t.start(), new
            at += len(digits[i])
            if t.group() != digits[i]:
                yield t.start(), t.end(), digits[i]


# --------------------------------------------------------------------------- the sentence's language

_JOINS = frozenset({"-", ".", ","})


def without_spelled_letters(tokens: list[str]) -> list[str]:
    """`tokens` (a sentence's words, as spaCy splits them) without the letters of a word spelled out (three single
    letters or more in a row, apart by nothing or one `-`, `.` or `,`: `S - C - H - M - I - D - T`, `O K A F O R`):
    the name filter's language guess counts function words, and single letters are some other language's
    (`S-C-H-M-I-D-T` read as Romanian dropped `Schmidt` beside it: atk26 F12)."""
    letters = [k for k, t in enumerate(tokens) if len(t) == 1 and t.isalpha()]
    if len(letters) < 3:
        return tokens
    spelled: set[int] = set()
    run = [letters[0]]
    for k in letters[1:]:
        gap = k - run[-1]
        if gap == 1 or (gap == 2 and tokens[k - 1] in _JOINS):
            run.append(k)
            continue
        if len(run) >= 3:
            spelled.update(run)
        run = [k]
    if len(run) >= 3:
        spelled.update(run)
    return [t for k, t in enumerate(tokens) if k not in spelled] if spelled else tokens
