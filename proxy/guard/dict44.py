"""A value dictated over several user turns with short assistant acknowledgements between (atk43 F05).

Chat bubbles and voice agents take a value in pieces: user `My card number is 4111 1111` / assistant `Noted.` /
user `1111 1111`; `My phone: 617` / `ok` / `555` / `ok` / `0143`; `my email is jane.doe@` / `And the domain?` /
`example.com`. `join39.turn_joints` reads two user turns across short assistant *questions*; `dictated_joints`
reads a chain of user turns across short assistant texts of any kind (an acknowledgement: at most 6 words and 40
characters, no digits; or a short question), over 3 turns or more, and e-mail addresses:

- digits: the first turn's tail ends in digits and has a word of the value's type (`join39`'s: card, SSN, phone,
  number, ...) or a label (`ID: 617`), or an assistant text between has one; each later turn is digit groups (the
  last one may go on with words: `0143 thanks`). Read as one text with a space between the pieces, or the first
  tail's own delimiter (`536-90` + `4399` reads `536-90-4399`).
- e-mail: the first turn ends mid-address (`jane.doe@`) and the next opens with a domain (`example.com`), or the
  first ends in a local part after a word for an address (`email address m.ortega`) and the next opens `@domain`.
  Read with nothing between.

Only what crosses a cut is kept and each finding is projected back onto the pieces (`joined.Joint`), so a
placeholder covers characters of the value only. `through_assistant` drops a reading of the request's plain joints
that runs from a user text through a whole assistant text into the next (`jane.doe@` + `ok` + `example.com` read
`jane.doe@okexample.com`: the assistant's `ok` went as `<EMAIL_ADDRESS_2>`); an assistant text with a digit or an `@`
is read as part of the value (`mail jane.` / `doe@exa` / `mple.com now`: test_whole_values_cuts).

Pure functions over strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from proxy.guard.join39 import _CUE, _HEAD, _LAST_GROUPS, HEAD_CHARS, QUESTION_CHARS, TAIL_CHARS
from proxy.guard.joined import Joint
from proxy.nlp.pii import Span

ACK_CHARS = 40
ACK_WORDS = 6

_DIGITS_END = re.compile(r"[0-9]\)?\s*\Z")
_ONLY_DIGITS = re.compile(r"\s*\(?[0-9]{2,}(?:[ .-]\(?[0-9]+\)?)*\s*\Z")
_LABEL = re.compile(r"[A-Za-z][\w ]{0,20}:\s*[0-9][0-9 .()-]*\Z")
_AT_END = re.compile(r"[\w.+-]+@\Z")
_VALUE_CHARS = re.compile(r"[0-9@]")
_LOCAL_END = re.compile(r"(?<![\w.+-@])[A-Za-z0-9][\w.+-]*\Z")
_DOMAIN_HEAD = re.compile(r"\s*[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_AT_HEAD = re.compile(r"\s*@[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_MAIL_CUE = re.compile(r"(?i)e-?mail|\bmail|address|contact")


def _short(text: str) -> bool:
    """A short assistant text: a question (`join39`'s) or an acknowledgement (`Noted.`, `Sure, go ahead.`)."""
    stripped = text.strip()
    if not stripped:
        return False
    if stripped.endswith("?"):
        return len(stripped) <= QUESTION_CHARS
    return len(stripped) <= ACK_CHARS and len(stripped.split()) <= ACK_WORDS and not any(c.isdigit() for c in stripped)


def dictated_joints(texts: Sequence[str], roles: Sequence[str] | None) -> list[Joint]:
    """The joints of chains of user turns over short assistant texts (see above)."""
    if roles is None or len(texts) < 3 or "assistant" not in roles:
        return []
    out: list[Joint] = []
    walk = ChainWalk(texts)

    def mail(i: int) -> None:
        found = _mail(texts[walk.last], walk.last, texts[i], i, any(_MAIL_CUE.search(texts[k]) for k in walk.gap))
        if found is not None:
            out.append(found)

    for i in range(len(texts)):
        step = walk.feed(i, roles[i] if i < len(roles) else "", mail)
        if step is not None and step[2]:
            out.append(_digits(texts, step[1], step[0].end()))
    return out


class ChainWalk:
    """The walk over a conversation's texts that `dictated_joints` reads, one text at a time (turn47 reads where it
    ends): the chain of user texts a digit value runs over, whether it is cued, the previous user text and the
    assistant texts since it."""

    __slots__ = ("texts", "chain", "cued", "last", "gap")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.chain: list[int] = []  # user texts of the digit chain so far
        self.cued = False           # a word of the value's type in its first tail or an assistant text between
        self.last = -1              # the previous user text
        self.gap: list[int] = []    # assistant texts since it

    def feed(self, i: int, role: str, linked_user: Callable[[int], None] | None = None
             ) -> tuple[re.Match[str], list[int], bool] | None:
        """Read text `i` (of `role`); `linked_user(i)` is called for a user text after short assistant texts. When
        the text extends the digit chain: its head's match, the chain up to it and whether the chain is cued."""
        texts = self.texts
        text = texts[i]
        if not text.strip():
            return None
        if role == "assistant":
            self.gap.append(i)
            return None
        if role != "user":
            self.chain, self.last, self.gap = [], -1, []
            return None
        if self.last >= 0 and bool(self.gap) and all(_short(texts[k]) for k in self.gap):
            if linked_user is not None:
                linked_user(i)
            if (head := _HEAD.match(text)) is not None:
                asked = any(_CUE.search(texts[k]) for k in self.gap)
                if not self.chain and _DIGITS_END.search(texts[self.last].rstrip()):
                    tail = texts[self.last][-TAIL_CHARS * 2:]
                    self.chain, self.cued = [self.last], bool(_CUE.search(tail) or _LABEL.search(tail.rstrip()))
                if self.chain and self.chain[-1] == self.last:
                    self.chain.append(i)
                    self.cued = self.cued or asked
                    step = (head, self.chain, self.cued)
                    if not _ONLY_DIGITS.match(text):
                        self.chain = []
                    self.last, self.gap = i, []
                    return step
        self.chain = []
        self.last, self.gap = i, []
        return None


def _tail_start(before: str, end: int) -> int:
    lo = max(0, end - TAIL_CHARS)
    if lo > 0:
        space = before.find(" ", lo, end)
        lo = space + 1 if space >= 0 else lo
    return lo


def _digits(texts: Sequence[str], chain: list[int], digits: int) -> Joint:
    first, after = texts[chain[0]], texts[chain[-1]]
    end = len(first.rstrip())
    lo = _tail_start(first, end)
    groups = _LAST_GROUPS.search(first, lo, end)
    plain = all(texts[k].strip().isdigit() for k in chain[1:-1]) and after[:digits].strip().isdigit()
    glue = groups.group(1) if groups is not None and plain else " "
    pieces: list[tuple[int, int, int, int]] = [(chain[0], lo, 0, end - lo)]
    text, cuts = first[lo:end], []
    for k in chain[1:-1]:
        middle = texts[k]
        start, stop = len(middle) - len(middle.lstrip()), len(middle.rstrip())
        text += glue
        cuts.append(len(text))
        pieces.append((k, start, len(text), stop - start))
        text += middle[start:stop]
    start = len(after) - len(after.lstrip())
    hi = min(len(after), max(digits, start + HEAD_CHARS))
    if hi < len(after):
        space = after.rfind(" ", digits, hi)
        hi = space if space >= 0 else digits
    text += glue
    cuts.append(len(text))
    pieces.append((chain[-1], start, len(text), hi - start))
    text += after[start:hi]
    return Joint(text, tuple(pieces), tuple(cuts))


def _mail(before: str, b: int, after: str, a: int, asked: bool) -> Joint | None:
    end = len(before.rstrip())
    lo = _tail_start(before, end)
    if _AT_END.search(before, lo, end):
        head = _DOMAIN_HEAD.match(after)
    elif (asked or _MAIL_CUE.search(before, lo, end)) and _LOCAL_END.search(before, lo, end):
        head = _AT_HEAD.match(after)
    else:
        return None
    if head is None:
        return None
    start = len(after) - len(after.lstrip())
    tail = before[lo:end]
    return Joint(tail + after[start:head.end()], ((b, lo, 0, len(tail)), (a, start, len(tail), head.end() - start)),
                 (len(tail),))


def through_assistant(joints: Sequence[Joint], kept: list[list[Span]], texts: Sequence[str],
                      roles: Sequence[str] | None) -> list[list[Span]]:
    """`kept` (the findings of each joint that cross a cut) less those that run from one text through a whole
    assistant text into another: the assistant's words are no part of a user's value."""
    if roles is None or "assistant" not in roles or not any(kept):
        return kept
    out = []
    for joint, found in zip(joints, kept, strict=True):
        if found and len(joint.pieces) > 2:
            found = [x for x in found if not _through(joint.project(x.start, x.end), texts, roles)]
        out.append(found)
    return out


def _through(parts: list[tuple[int, int, int]], texts: Sequence[str], roles: Sequence[str]) -> bool:
    if not parts:
        return False
    ends = (parts[0][0], parts[-1][0])
    if any(k >= len(roles) or roles[k] == "assistant" for k in ends):
        return False  # a value of the assistant's own texts (tool call arguments split over values: test_siblings)
    for n, (k, a, b) in enumerate(parts):
        if 0 < n < len(parts) - 1 and k < len(roles) and roles[k] == "assistant":
            text = texts[k]
            if _VALUE_CHARS.search(text):
                continue  # the assistant's text is itself part of a value (`mail jane.` / `doe@exa` / `mple.com`)
            if a <= len(text) - len(text.lstrip()) and len(text.rstrip()) <= b:
                return True
    return False
