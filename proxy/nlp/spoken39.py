"""spoken39 (atk39 F13): cards, IBANs and e-mail addresses as call-centre transcripts write them, in a request and in
an answer.

- A card number read out in words: 13 to 19 digits, each token a digit word (`oh` for zero, `double four`), a
  single digit, a teen (`eighteen`) or a pair word (`forty-four`, `forty four`, `twenty`), one space, a comma or a
  dash between: a CREDIT_CARD where its Luhn check passes, or after a card's word (`card`, `visa`, `amex`...) in its
  turn (the 160 characters before it, a blank line ending it). `voice38` reads 7 to 12 digits (phones, SSNs) and
  `spell28.spoken_numbers` the runs after a cue in their sentence; this reads the longer ones, wherever they stand.
- An IBAN read out: a country's two capitals spoken one at a time (`D E`), then digit words, single digits, pair
  words and single capitals (`G B two nine, N W B K, ...`): an IBAN_CODE where its length is its country's and its
  mod-97 check passes.
- A spoken e-mail's local part (`chinwe underscore okafor at yahoo dot co dot uk`): where an EMAIL_ADDRESS found
  starts right after `<word> underscore|dash|hyphen|period|dot `, the finding takes those words in too.
Never: fewer than 13 digits (`four or five times`, `forty-four people attended`), a run a bigger number word goes on
(`two thousand twenty four`), scores (`twenty-one to eighteen`), `under score` in prose, an unchecked run without a
card's word, nor without one a run that counts, bits or a constant's digits (`voice38._counting`).
"""

from __future__ import annotations

import re

from proxy.nlp.normalize import iban_checks, iban_layouts, luhn_ok
from proxy.nlp.voice38 import _counting

Result = tuple[str, int, int, float]

_SCORE = 0.85
_UNITS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
          "six": "6", "seven": "7", "eight": "8", "nine": "9", "niner": "9"}
_TEENS = {"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
          "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19"}
_TENS = {"twenty": "2", "thirty": "3", "forty": "4", "fourty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
         "eighty": "8", "ninety": "9"}
_UNIT_ALT = "zero|oh|one|two|three|four|five|six|seven|eight|niner|nine"
_TENS_ALT = "|".join(sorted(_TENS, key=len, reverse=True))
_TEENS_ALT = "|".join(sorted(_TEENS, key=len, reverse=True))
_BODY = (rf"(?<![\w'])(?:(?P<tens>{_TENS_ALT})(?:[ \t-](?P<unit>{_UNIT_ALT}))?|(?P<teen>{_TEENS_ALT})"
         rf"|(?P<word>{_UNIT_ALT}))(?![\w'])|(?<![\w.])(?P<digit>[0-9])(?![\w]|[.,][0-9])")
_TOKEN_RE = re.compile(rf"(?i)(?:(?P<times>double|triple)[ \t-]+)?(?:{_BODY})")
_LETTER = r"(?<![\w'])[A-Z](?![\w'])"
_SEP = r"(?:[ \t]*,[ \t]*|[ \t]+-[ \t]+|[ \t]+)"
_PLAIN_BODY = re.sub(r"\?P<\w+>", "", _BODY)
_PLAIN_TOKEN = rf"(?:(?:double|triple)[ \t-]+)?(?:{_PLAIN_BODY})"
_RUN = re.compile(rf"(?i){_PLAIN_TOKEN}(?:{_SEP}{_PLAIN_TOKEN}){{4,18}}")
_IBAN_RUN = re.compile(rf"(?<![\w'])(?P<cc>[A-Z])[ \t]+(?P<cc2>[A-Z])"
                       rf"(?:{_SEP}(?:{_LETTER}|(?i:{_PLAIN_TOKEN}))){{6,34}}")
_MORE = re.compile(r"(?i)[ \t,-]+(?:and[ \t]+)?(?:hundred|thousand|million|billion|point|percent|times)(?![\w])")
_CARD_CUE = re.compile(r"(?i)(?<![\w])(?:card|cards|credit|debit|visa|mastercard|master[ \t]+card|amex|american"
                       r"[ \t]+express|discover|maestro|jcb|diners|unionpay|pan|long[ \t]+number|cc)(?![\w])")
_BACK = 160
_GATE = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh", "teen", "ty", "eleven",
         "twelve", "ten")


def _hint(low: str) -> bool:
    seen = 0
    for w in _GATE:
        seen += low.count(w)
        if seen >= 8:
            return True
    return False


def _read(text: str, start: int, end: int, letters: bool = False) -> str:
    """The digits (and capitals) a run reads as."""
    out = []
    pos = start
    letter = re.compile(_LETTER)
    while pos < end:
        if letters:
            m = letter.match(text, pos)
            if m is not None:
                out.append(m.group())
                pos = m.end()
                continue
        t = _TOKEN_RE.match(text, pos)
        if t is not None and t.end() <= end and t.end() > pos:
            if t.group("tens"):
                one = _TENS[t.group("tens").lower()] + (_UNITS[t.group("unit").lower()] if t.group("unit") else "0")
            elif t.group("teen"):
                one = _TEENS[t.group("teen").lower()]
            elif t.group("word"):
                one = _UNITS[t.group("word").lower()]
            else:
                one = t.group("digit")
            times = (t.group("times") or "").lower()
            out.append(one * (2 if times == "double" else 3 if times == "triple" else 1))
            pos = t.end()
            continue
        pos += 1
    return "".join(out)


def _turn(text: str, start: int) -> str:
    before = text[max(0, start - _BACK):start]
    blank = before.rfind("\n\n")
    return before[blank + 2:] if blank >= 0 else before


def spoken_values(text: str) -> list[tuple[str, int, int]]:
    """Each card number and IBAN read out (the module's docstring): (entity, start, end)."""
    low = text.lower()
    if len(low) != len(text) or not _hint(low):
        return []
    out: list[tuple[str, int, int]] = []
    layouts = None
    at = 0
    while (m := _IBAN_RUN.search(text, at)) is not None:
        at = m.start() + 1  # (`I B A N, E S nine one, ...`: a run may start at its second pair of capitals)
        cc = m.group("cc") + m.group("cc2")
        layouts = layouts or iban_layouts()
        if cc not in layouts:
            continue
        value = _read(text, m.end("cc2"), m.end(), letters=True)
        # the longest head of the run of its country's length that checks
        for size in range(min(len(value) + 2, 34), 14, -1):
            iban = cc + value[:size - 2]
            if layouts[cc].fullmatch(iban) is not None and iban[2:4].isdigit() and iban_checks(iban):
                # its end: the token where its last character falls
                end = m.start("cc2") + 1
                for tok in re.finditer(rf"{_LETTER}|(?i:{_PLAIN_TOKEN})", text[:m.end()]):
                    if tok.start() <= m.start("cc2"):
                        continue
                    if len(_read(text, m.end("cc2"), tok.end(), letters=True)) > size - 2:
                        break
                    end = tok.end()
                out.append(("IBAN_CODE", m.start(), end))
                at = end
                break
    for m in _RUN.finditer(text):
        if any(a <= m.start() < b for _, a, b in out):
            continue
        digits = _read(text, m.start(), m.end())
        if not 13 <= len(digits) <= 19 or _MORE.match(text, m.end()) or len(set(digits)) < 2:
            continue
        if _CARD_CUE.search(_turn(text, m.start())) is None and (not luhn_ok(digits) or _counting(digits)):
            continue  # (no card's word: a checked run that counts, bits or a constant's digits is no card)
        out.append(("CREDIT_CARD", m.start(), m.end()))
    return out


# A spoken local part's joins before an address found (`chinwe underscore okafor@...`).
_JOINED = re.compile(r"(?i)(?:(?<![\w.@-])[a-z0-9]+[ \t]+(?:underscore|dash|hyphen|period|dot)[ \t]+)+\Z")


def _local_head(chunk: str, start: int) -> int:
    m = _JOINED.search(chunk, max(0, start - 120), start)
    return m.start() if m is not None else start


def with_spoken39(chunk: str, found: list[Result], entities: list[str]) -> list[Result]:
    """`found` with each card and IBAN read out and each spoken e-mail's whole local part (the module's docstring);
    findings inside one give way."""
    if "EMAIL_ADDRESS" in entities and any(r[0] == "EMAIL_ADDRESS" for r in found):
        low = chunk.lower()
        if any(w in low for w in ("underscore", "dash", "hyphen", "period", " dot ")):
            found = [(e, _local_head(chunk, a), b, s) if e == "EMAIL_ADDRESS" else (e, a, b, s)
                     for e, a, b, s in found]
    added = [(e, a, b, _SCORE) for e, a, b in spoken_values(chunk) if e in entities
             and not any(r[1] <= a and b <= r[2] and r[0] == e for r in found)]
    if not added:
        return found
    return [r for r in found if not any(a <= r[1] and r[2] <= b for _, a, b, _ in added)] + added


# --------------------------------------------------------------------------- stream windows

_NUMBER_WORDS = (*_UNITS, *_TEENS, *_TENS, "double", "triple")
_TAIL = re.compile(rf"(?i)(?:{_PLAIN_TOKEN}{_SEP})+(?:[a-z]*-?|[0-9])\Z")
_JOINS = ("underscore", "hyphen", "period", "dash", "dot")
_HEAD = re.compile(r"[ \t,-]*([a-z]*|[0-9])")


def _digits_read(run: str) -> int:
    """How many digits the number words of `run` stand for (`one, two`: 2; `forty-four eighty-five`: 4)."""
    count = 0
    for m in _TOKEN_RE.finditer(run):
        word = m.group().lower()
        pair = any(t in word for t in _TENS) or any(t in word for t in _TEENS)
        count += (2 if pair else 1) * (2 if m.group("times") else 1)
    return count


def spoken_open(before: str, after: str) -> bool:
    """Whether a stream window ending between `before` and `after` would cut a run of number words (`forty-four
    eighty-five, twenty-` | `seven ...`, `Speaker 2: five one ` | `zero five, ...`: two tokens or more before the cut,
    a number word, its start or nothing yet after it) or a spoken local part (`chinwe underscore ` | `okafor at`)."""
    tail = before[-_BACK:].lower()
    if len(tail) != len(before[-_BACK:]):
        return False
    bare = tail.rstrip(" \t,-")
    last = re.search(r"[a-z]*\Z", bare).group()  # type: ignore[union-attr]
    if last in _JOINS and bare[:len(bare) - len(last)].endswith((" ", "\t")) and not bare.endswith(last + "-"):
        head = after[:16].lstrip(" \t")
        return not head or head[:1].isalnum()  # (`chinwe underscore ` | `okafor at ...`)
    if last and tail.endswith((" ", "\t")) and not last.isdigit():
        head = after[:16].lstrip(" \t").lower()
        lead = re.match(r"[a-z]*", head).group()  # type: ignore[union-attr]
        if lead in _JOINS or (len(lead) == len(head) and len(lead) >= 2 and any(j.startswith(lead) for j in _JOINS)):
            return True  # (`chinwe ` | `underscore okafor at ...`)
    if not (last in _NUMBER_WORDS or any(w.startswith(last) for w in _NUMBER_WORDS) or bare[-1:].isdigit()):
        return False
    m = _TAIL.search(tail)
    if m is None or ("," in tail[m.start():] and _digits_read(tail[m.start():]) < 3):
        return False  # (`The loop runs one, two, ` | `three times`: counting, no card's first group)
    part = re.search(r"[a-z]*\Z", tail).group()  # type: ignore[union-attr]
    head = after[:16].lower()
    lead = _HEAD.match(head).group(1) if not part else re.match(r"[a-z]*", head).group()  # type: ignore[union-attr]
    word = part + lead
    if not word:
        return not head.strip(" \t,-") or head.lstrip(" \t,-")[:1].isdigit()
    return word in _NUMBER_WORDS or any(w.startswith(word) for w in _NUMBER_WORDS) \
        or any(word.startswith(w) for w in _TENS)  # (`twenty-` then `seven`)


__all__ = ["spoken_open", "spoken_values", "with_spoken39"]
