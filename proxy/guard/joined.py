"""The texts of one request read together: a value or a phrase split across two texts is one value.

A card sent as `4111 1111` in one content part and `1111 1111` in the next, an e-mail cut in two
messages, `you are a total` + `idiot`: each half passes when every text is analysed alone. The
checks also analyse `Joint`s: stretches of the request's texts read across the place where one
text ends and the next starts (content parts, messages, tool results, in the order the adapter lists
them; blank texts skipped, but for one joined directly: `m`, ` `, `j` reads `m j`). The joint at a cut is
the last `reach` visible characters before it
(reaching back over short texts, so a value split over three parts is one stretch too) and the first
`reach` of the text after it (never further: the joint does not change when later texts arrive, so a
resent history's joints are cached), widened to whitespace so no word is cut at its edges, joined
DIRECTLY: no character is put between the texts, because a value cut in the middle (`jane.doe@exa`
+ `mple.com`, `617-555-` + `0143`) only reads as one without it, and a text that ends or starts with a
space or a newline keeps it.

Only what CROSSES a cut counts from a joint (`Joint.crosses`): everything else was found in the texts
themselves. A finding that crosses is projected back onto each text it covers (`Joint.project`), so a
redaction replaces the characters in each part and restore returns each part as sent. That also
keeps unrelated words from joining into false matches: `room 12` + `34 people` makes `room 1234
people`, which is no value; a value that needs both halves is the point. Tests hold the false joins.
A value found whole in one text that a joint only extends by an ordinary word or a short number beside it
(`hello world` + `john.smith@acme.com`) is the PII check's to drop (`proxy.guard.checks.pii.neighbour_word`).

Joined directly, a short text runs into the next with no word boundary (`ok` + `617-555` + `-0143` reads
`ok617-555-0143`, no phone number; `hi` + `project` + `falcon` reads `hiprojectfalcon`): with `starts`, a cut is
also read from the start of each of the nearest short texts its joint reaches back over that the text before
runs into, as each text alone is read (PII and patterns: `JOINT_STARTS`). The id a tool result answers is
`Fixed` glue: read between the texts in a second reading (`ids`), never rewritten, so a value over it blocks.

Pure functions over strings; the checks run them off the event loop.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from proxy.nlp.normalize import INVISIBLE, markup_spans, normalize

_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Joint:
    """Original characters of consecutive texts joined directly, and where each came from."""

    text: str
    pieces: tuple[tuple[int, int, int, int], ...]  # (text index, start in that text, start here, length)
    cuts: tuple[int, ...]                          # offsets here where one text ends and the next starts
    numbers: tuple[tuple[int, int], ...] = ()      # (start, end) here of the JSON numbers (`sibling_joints`)
    keys: frozenset[str] = frozenset()             # the words of the document's object keys (`key_words`)
    fixed: tuple[tuple[int, int], ...] = ()        # (start, end) here of `Fixed` glue: an id, never rewritten

    def touches_fixed(self, start: int, end: int) -> bool:
        """Whether [start, end) of this joint covers a part of a field that cannot be rewritten (`Fixed`)."""
        return any(a < end and start < b for a, b in self.fixed)

    def has_number(self, start: int, end: int) -> bool:
        """Whether [start, end) of this joint covers a part of a JSON number."""
        return any(a < end and start < b for a, b in self.numbers)

    @property
    def indices(self) -> list[int]:
        """The texts this joint covers (a part of)."""
        return [p[0] for p in self.pieces]

    def crosses(self, start: int, end: int) -> bool:
        """Whether [start, end) of this joint spans a cut (has characters of two texts)."""
        i = bisect.bisect_right(self.cuts, start)
        return i < len(self.cuts) and self.cuts[i] < end

    def project(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """[start, end) of this joint as (text index, start, end) in each text it covers."""
        out = []
        for index, local, at, length in self.pieces:
            a, b = max(start, at), min(end, at + length)
            if a < b:
                out.append((index, local + a - at, local + b - at))
        return out


def _visible_back(text: str, pos: int, n: int) -> int:
    """The position `n` visible characters before `pos` (invisible ones do not count), at most 8n back."""
    lo = max(0, pos - n)
    if text[lo:pos].isascii() or INVISIBLE.search(text, lo, pos) is None:  # no invisible character is ASCII
        return lo
    while lo > 0:
        hidden = sum(1 for _ in INVISIBLE.finditer(text, lo, pos))
        want = max(0, pos - n - hidden, pos - 8 * n)
        if want >= lo:
            return lo
        lo = want
    return lo


def _visible_forward(text: str, pos: int, n: int) -> int:
    """The position `n` visible characters after `pos`, at most 8n on."""
    hi = min(len(text), pos + n)
    if text[pos:hi].isascii() or INVISIBLE.search(text, pos, hi) is None:
        return hi
    while hi < len(text):
        hidden = sum(1 for _ in INVISIBLE.finditer(text, pos, hi))
        want = min(len(text), pos + n + hidden, pos + 8 * n)
        if want <= hi:
            return hi
        hi = want
    return hi


# Markup a renderer does not show (HTML comments, tags with attributes, inline tags without: `proxy.nlp.normalize.
# markup_spans`) is no visible character either: a joint reaches past it (`project <span class="..." style="... 150
# characters">` + `falcon`, `m<!-- x -->` + `a<!-- x -->` + ... one character a text), up to `_MARKUP_ROUNDS *
# _MARKUP_BACK` characters of it each way. The markup of the texts joined is found once (`_Markup`).
_MARKUP_BACK = 900
_MARKUP_ROUNDS = 4


class _Markup:
    """The markup in the texts joined (`markup_spans` over all of them, once), and how far a joint reaches past it."""

    __slots__ = ("ends", "spans", "starts")

    def __init__(self, text: str, around: Sequence[tuple[int, int]] = ()) -> None:
        """`around`: (start, end) of the stretches of `text` a joint may read, in order (all of it when none): the
        markup is looked for there only (a long text's far end is never read)."""
        self.spans: list[tuple[int, int]] = []  # sorted, apart
        lo = hi = -1
        for a, b in [*around, (len(text) + 1, len(text) + 1)] if around else [(0, len(text)), (len(text) + 1, 0)]:
            if a > hi:  # the stretches merged: each character read once
                if hi > lo:
                    self.spans += markup_spans(text, lo, hi, tags=True)
                lo = a
            hi = max(hi, b)
        self.starts = [a for a, _ in self.spans]
        self.ends = [b for _, b in self.spans]

    def shown(self, text: str, lo: int, hi: int) -> str:
        """text[lo:hi] without its markup."""
        out, pos = [], lo
        for a, b in self.spans[max(0, bisect.bisect_right(self.ends, lo)):bisect.bisect_left(self.starts, hi)]:
            out.append(text[pos:max(pos, a)])
            pos = max(pos, b)
        out.append(text[pos:hi])
        return "".join(out)

    def back(self, cut: int, lo: int, floor: int) -> int:
        """`lo` (`reach` visible characters before `cut`) moved back by the markup between it and `cut`: to where as
        many characters outside markup as between `lo` and `cut` are before `cut` (never inside markup: all of it),
        or as far as `_MARKUP_ROUNDS * _MARKUP_BACK` characters back from `lo` take it, or `floor`."""
        need, limit, pos = cut - lo, max(floor, lo - _MARKUP_ROUNDS * _MARKUP_BACK), cut
        i = bisect.bisect_left(self.starts, cut) - 1
        while i >= 0:
            a, b = self.spans[i]
            b = min(b, cut)
            if pos - b >= need or a < limit:
                break
            need, pos = need - (pos - b), a
            i -= 1
        at = max(limit, pos - need)
        if i >= 0 and self.spans[i][0] < at < self.spans[i][1]:
            at = max(floor, self.spans[i][0])
        return min(lo, at)

    def forward(self, cut: int, hi: int, ceiling: int) -> int:
        """`hi` (`reach` visible characters after `cut`) moved on by the markup between `cut` and it, as `back`."""
        need, limit, pos = hi - cut, min(ceiling, hi + _MARKUP_ROUNDS * _MARKUP_BACK), cut
        i = bisect.bisect_right(self.ends, cut)
        while i < len(self.spans):
            a, b = self.spans[i]
            a = max(a, cut)
            if a - pos >= need or b > limit:
                break
            need, pos = need - (a - pos), b
            i += 1
        at = min(limit, pos + need)
        if i < len(self.spans) and self.spans[i][0] < at < self.spans[i][1]:
            at = min(ceiling, self.spans[i][1])
        return max(hi, at)


def _markup_around(bases: Sequence[int], sizes: Sequence[int], reach: int) -> list[tuple[int, int]]:
    """The stretches around each cut a joint (and the window `near` reads) may reach: back over the markup bound and
    `reach` characters (up to 8 times as many with invisible ones), on within the text after the cut as far."""
    span = _MARKUP_ROUNDS * _MARKUP_BACK + 8 * reach + 64
    return [(max(0, bases[k] - span), bases[k] + min(sizes[k], span)) for k in range(1, len(bases))]


def _markup_back(text: str, cut: int, lo: int, floor: int) -> int:
    """`_Markup.back` in `text`."""
    return _Markup(text[:cut]).back(cut, lo, floor)


def _markup_forward(text: str, cut: int, hi: int, ceiling: int) -> int:
    """`_Markup.forward` in `text`."""
    return _Markup(text[:ceiling]).forward(cut, hi, ceiling)


# How a text is read with its neighbours: True, joined directly; a string (" "), joined to the text before
# it with that string between (adjacent elements of one array: `["617", "555", "0143"]`); False, read
# alone (it ends a run); None, passed over (an object key inside a tool input: the values on either side
# of it are still read together, `{"a": "jane@exa", "b": "mple.com"}`).
Join = bool | str | None


class Fixed(str):
    """Glue (`Join`) that is the text of a field between two texts that cannot be rewritten: the id a tool result
    answers (`tool_call_id`: `jane.doe`, then `@acme.com is the result`). It is read between the texts as the
    provider sees it; a value that covers a part of it cannot be redacted where its characters are (the check
    blocks instead: `Joint.fixed`)."""

    __slots__ = ()

# The checks' `starts` (`joints`): more readings of a cut from the starts of up to 8 short texts before it.
JOINT_STARTS = 8


def _word_glue(text: str, pos: int) -> bool:
    """Whether the visible characters on both sides of `pos` are no whitespace: joined directly, the boundary a
    text's start is when it is read alone is gone (`ok` + `617-555` reads `ok617-555`, `hi` + `project` reads
    `hiproject`, `ok.` + `617-555` reads `ok.617-555`, `hi` + `+1` reads `hi+1`)."""
    if pos >= len(text) or text[pos].isspace():
        return False
    i = pos - 1
    while i >= 0 and pos - i <= 64 and INVISIBLE.match(text, i) is not None:
        i -= 1
    return i >= 0 and not text[i].isspace()


class JointMemo:
    """Where the joints of a request's texts were (`joints(memo=...)`): a chat client resends the conversation with
    a message or two more each turn, and the joints between the earlier texts are where they were (a joint never
    depends on the texts after it). Per sequence of texts (the process's hash of the texts and how each is joined,
    and their length in all), the offsets of each joint: no text kept; bounded. One memo serves one `near`."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._seen: OrderedDict[int, tuple[int, tuple[tuple[int, int, int, int], ...]]] = OrderedDict()
        self._lock = threading.Lock()  # the checks may read joints in a thread (`operators.run`)

    def get(self, key: int, length: int) -> tuple[tuple[int, int, int, int], ...] | None:
        """The joints (first, k, lo, hi: `_joint`'s) of the texts whose key is `key` and whose length is `length`."""
        with self._lock:
            found = self._seen.get(key)
            if found is None or found[0] != length:
                return None
            self._seen.move_to_end(key)
            return found[1]

    def put(self, key: int, length: int, recipes: tuple[tuple[int, int, int, int], ...]) -> None:
        with self._lock:
            self._seen[key] = (length, recipes)
            self._seen.move_to_end(key)
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)


# How many texts more than a request seen before a request may have for `JointMemo` to find that one (a chat turn
# adds the answer and a new message, each maybe in parts).
MEMO_BACK = 8


def joints(texts: Sequence[str], reach: int = 100, near: Callable[[str, str], bool] | None = None,
           joinable: Sequence[Join] | None = None, starts: int = 0, ids: bool = False,
           memo: JointMemo | None = None) -> list[Joint]:
    """The joints of `texts` (none for fewer than two non-blank texts). `near(before, after)`: make the joint
    at a cut only if what comes just before it and just after it (64 visible characters each) may be one value.
    `joinable`: per text, whether it is read with its neighbours (message text, content parts, tool
    results, tool-call arguments); the others (fields such as `metadata`) are read alone and end a run (`Join`).
    `starts`: per cut, up to that many more readings of it, each starting where one of the earlier texts its
    joint reaches back over starts, when the text before runs into it with no word boundary (`ok` + `617-555`
    + `-0143` reads `ok617-555-0143`, no phone number; from the second text, `617-555-0143`), nearest first.
    `ids`: the texts are read twice where ids sit between them (`Fixed` glue), once with the ids and once
    without (`{"q": "project"}` then the result `falcon` of the call `call_1`); else once, without them.
    `memo`: where the joints of the longest run of first texts seen before were are taken from it (`JointMemo`:
    the reading without ids)."""
    hows: list[Join] = [True] * len(texts) if joinable is None else \
        [joinable[i] if i < len(joinable) else False for i in range(len(texts))]
    if joinable is not None and any(isinstance(how, Fixed) for how in hows):
        plain: list[Join] = [True if isinstance(how, Fixed) else how for how in hows]
        if not ids:
            return joints(texts, reach, near, plain, starts, memo=memo)
        found = joints(texts, reach, near, plain, starts, memo=memo)
        return found + [j for j in _joints(texts, reach, near, hows, starts) if j not in found]
    return _joints(texts, reach, near, hows, starts, memo)


def _joints(texts: Sequence[str], reach: int, near: Callable[[str, str], bool] | None, hows: Sequence[Join],
            starts: int, memo: JointMemo | None = None) -> list[Joint]:
    # A blank text joined directly is read where it is (`m`, `a`, `i`, `l`, ` `, `j`, ...: the space keeps `mail`
    # out of the address); the others are passed over.
    order = [i for i, t in enumerate(texts) if t and hows[i] is not None and (hows[i] is True or not t.isspace())]
    if len(order) - sum(1 for i in order if texts[i].isspace()) < 2:
        return []
    joins: list[bool]
    how: list[Join]
    if hows.count(True) == len(hows):  # every text joined directly (a chat's messages): no list to read
        joins, how = [True] * len(order), [True] * len(order)
    else:
        joins = [hows[i] is not False for i in order]
        how = [hows[i] for i in order]
    parts: list[str] = [texts[i] for i in order]
    ordered = parts  # (`parts` gets the glue between them below, if any)
    bases: list[int] = []
    fixed: list[tuple[int, int]] = []
    if how.count(True) + how.count(False) == len(how):  # no glue between the texts (a chat's messages)
        bases = list(itertools.accumulate(map(len, parts), initial=0))[:-1]
    else:
        parts, pos = [], 0
        for n, i in enumerate(order):
            glue = hows[i]
            if n and isinstance(glue, str) and joins[n - 1]:
                parts.append(glue)
                if isinstance(glue, Fixed):
                    fixed.append((pos, pos + len(glue)))
                pos += len(glue)
            bases.append(pos)
            parts.append(texts[i])
            pos += len(texts[i])
    whole = "".join(parts)
    plain = whole.isascii()  # no invisible character is ASCII: n visible characters are n characters
    recipes: list[tuple[int, int, int, int]] = []  # (first, k, lo, hi) of each joint (`_joint`), in order
    done = 1  # the cuts before order[done] are known (`memo`)
    if memo is not None:
        seq, glues = tuple(ordered), tuple(how)
        for size in range(len(order), max(1, len(order) - MEMO_BACK), -1):  # the longest run of first texts known
            known = memo.get(hash((reach, starts, seq[:size], glues[:size])), bases[size - 1] + len(seq[size - 1]))
            if known is not None:
                recipes.extend(known)
                done = size
                break
    run_start = 0  # where the run of joinable texts the cut is in starts
    markup: _Markup | None = None  # found when a cut first needs it, around the cuts (`_markup_around`)
    # The cuts `memo` knows, in one run (a chat's messages): not looked at again.
    for k in range(done if done > 1 and all(joins[:done]) else 1, len(order)):
        if not (joins[k - 1] and joins[k]):
            run_start = bases[k]
            continue
        if k < done:
            continue
        cut, stop = bases[k], bases[k] + len(texts[order[k]])
        if near is not None:
            back, ahead = (cut - 64, cut + 64) if plain else \
                (_visible_back(whole, cut, 64), _visible_forward(whole, cut, 64))
            back, ahead = max(run_start, back), min(stop, ahead)
            if not near(whole[back:cut], whole[cut:ahead]):
                if whole.find("<", max(run_start, back - _MARKUP_BACK), min(stop, ahead + _MARKUP_BACK)) < 0:
                    continue
                # Then 64 characters a renderer shows each way, without the markup (`m<!-- x -->` + `a<!-- x -->` +
                # ..., one character a text: the raw 64 hold 6 of them).
                markup = markup or _Markup(whole, _markup_around(bases, list(map(len, ordered)), reach))
                if not near(markup.shown(whole, markup.back(cut, back, run_start), cut),
                            markup.shown(whole, cut, markup.forward(cut, ahead, stop))):
                    continue
        # Back over earlier texts (a value may have started two parts ago), forward within this text
        # only: a joint never depends on the texts after it, so a resent history's joints stay cached.
        lo, hi = max(run_start, _visible_back(whole, cut, reach)), min(stop, _visible_forward(whole, cut, reach))
        if whole.find("<", max(run_start, lo - _MARKUP_BACK), min(stop, hi + _MARKUP_BACK)) >= 0:
            markup = markup or _Markup(whole, _markup_around(bases, list(map(len, ordered)), reach))
            lo, hi = markup.back(cut, lo, run_start), markup.forward(cut, hi, stop)
        # Widen to whitespace (at most `reach` more) so no word or number is cut at the edges.
        if lo > run_start and not whole[lo - 1].isspace() and not whole[lo].isspace():
            space = max((m.end() for m in _SPACE.finditer(whole, max(run_start, lo - reach), lo)), default=-1)
            lo = space if space >= 0 else max(run_start, lo - reach)
        if hi < stop and not whole[hi - 1].isspace() and not whole[hi].isspace():
            m = _SPACE.search(whole, hi, min(stop, hi + reach))
            hi = m.start() if m is not None else min(stop, hi + reach)
        first = bisect.bisect_right(bases, lo) - 1
        recipes.append((first, k, lo, hi))
        # A value (a phrase) that starts a text glued to the one before it: read from that text's start too,
        # as the text alone is (a value over any number of short texts: `hi` + `project` + `falcon`).
        # So is one that starts an id read before a text (`Fixed` glue: `status` + `project` + `falcon`).
        extra = []
        for j in range(k, first, -1):
            if j < k and _word_glue(whole, bases[j]):
                extra.append((j, bases[j]))
            glue = hows[order[j]]
            if isinstance(glue, Fixed) and glue and bases[j] - len(glue) > lo \
                    and _word_glue(whole, bases[j] - len(glue)):
                extra.append((j, bases[j] - len(glue)))
        for j, start in extra[:starts]:
            recipes.append((j, k, start, hi))
    if memo is not None and done < len(order):
        memo.put(hash((reach, starts, seq, glues)), len(whole), tuple(recipes))
    return [_joint(whole, texts, order, bases, first, k, lo, hi, fixed) for first, k, lo, hi in recipes]


def _joint(whole: str, texts: Sequence[str], order: Sequence[int], bases: Sequence[int], first: int, k: int,
           lo: int, hi: int, fixed: Sequence[tuple[int, int]] = ()) -> Joint:
    """The joint over whole[lo:hi], which covers the texts order[first..k] (and the `Fixed` glue in `fixed`)."""
    pieces = []
    for j in range(first, k + 1):
        a, b = max(lo, bases[j]), min(hi, bases[j] + len(texts[order[j]]))
        if a < b:
            pieces.append((order[j], a - bases[j], a - lo, b - a))
    glued = tuple((max(a, lo) - lo, min(b, hi) - lo) for a, b in fixed if a < hi and lo < b)
    return Joint(whole[lo:hi], tuple(pieces), tuple(at for _, _, at, _ in pieces if at), fixed=glued)


# ------------------------------------------------------------------------------ siblings in JSON
#
# A value split across the values of one JSON object or array (`{"a": 4111, "b": 1111, ...}`,
# `{"a": "617", "b": "555", "c": "0143"}`, `{"a": "project", "b": "falcon"}`, `["617", "555", "0143"]`)
# is read as one: the values (and, in a second reading, the keys and values) of one document, in
# document order, numbers as their digits, each after a space (`Joint`s over them as over texts, so
# only what crosses from one value into the next counts, and each finding is projected back onto
# the values it covers). The document is either a set of slots (`Sibling`s: a tool input's keys,
# strings and numbers, a map, a swept field's array) or one text holding JSON (`json_joints`:
# tool-call arguments in an answer, streamed or not).

# One text of a document: its index among the phase's texts and what it is: `key` (an object key), `string`
# or `number` (a JSON number, as its digits), or `DIRECT`: a document of those is texts of different fields read
# joined directly, as `joints` reads texts (`proxy.guard.phases.field_pairs`: a message's `name` and its content).
Sibling = tuple[int, str]
DIRECT = "direct"

_JSON_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)("?)|-?(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)')
_KEY_AFTER = re.compile(r"\s*:")


def json_values(text: str, inside: bool = False) -> list[tuple[int, int, str]]:
    """The values of a JSON text (or a fragment of one: a streamed window; `inside`, it starts inside a
    string) as (start, end, kind): a string's characters between its quotes (escapes as written), a
    number's digits (no sign), kind `key`, `string` or `number`. Tolerant: what is not JSON is skipped."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    if inside:  # the rest of a string begun before this text
        m = re.compile(r'(?:[^"\\]|\\.)*').match(text)
        end = m.end() if m is not None else 0
        out.append((0, end, "string"))
        pos = end + 1
    for m in _JSON_TOKEN.finditer(text, pos):
        if m.group(3) is not None:
            out.append((m.start(3), m.end(3), "number"))
            continue
        closed = bool(m.group(2))
        key = closed and _KEY_AFTER.match(text, m.end()) is not None
        out.append((m.start(1), m.end(1), "key" if key else "string"))
    return out


def json_bare_numbers(text: str, inside: bool = False) -> list[tuple[int, int]]:
    """Where the numbers outside strings are in a JSON text (`json_values`), sign included: a redaction
    there becomes a JSON string (`proxy.guard.rewrite`)."""
    return [(start - 1 if start and text[start - 1] == "-" else start, end)
            for start, end, kind in json_values(text, inside) if kind == "number"]


def json_string_state(text: str, inside: bool = False) -> bool:
    """Whether a JSON text (fragment) that starts inside a string (`inside`) or not ends inside one."""
    escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif inside and ch == "\\":
            escaped = True
        elif ch == '"':
            inside = not inside
    return inside


def _edge_back(text: str, reach: int) -> int:
    """Where the last `reach` characters of `text` start, widened back to whitespace (no word cut)."""
    lo = max(0, len(text) - reach)
    if lo and not text[lo - 1].isspace() and not text[lo].isspace():
        space = max((m.end() for m in _SPACE.finditer(text, max(0, lo - reach), lo)), default=-1)
        lo = space if space >= 0 else max(0, lo - reach)
    return lo


def _edge_forward(text: str, reach: int) -> int:
    """Where the first `reach` characters of `text` end, widened on to whitespace."""
    hi = min(len(text), reach)
    if hi < len(text) and not text[hi - 1].isspace() and not text[hi].isspace():
        m = _SPACE.search(text, hi, min(len(text), hi + reach))
        hi = m.start() if m is not None else min(len(text), hi + reach)
    return hi


_KEY_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def key_words(keys: Sequence[str]) -> frozenset[str]:
    """The words of object keys, lower-cased, split at case changes and non-letters (`areaCode`,
    `phone_number`, `SSN`: area, code, phone, number, ssn)."""
    return frozenset(w.lower() for key in keys for w in _KEY_WORD.findall(key[:64]))


def _readings(items: Sequence[tuple[int, int, int, str]], reach: int,
              near: Callable[[str, str], bool] | None, texts: Sequence[str]) -> list[Joint]:
    """The joints of one document's values (and, when it has keys, of its keys and values): `items`
    are (text index, start, end, kind) in document order. One joint per run of cuts a value may cross
    (`near`; all without it): the values between them whole, the first and the last `reach` characters
    into the run's outer values. A value longer than `2 * reach` ends a run (no value spans it)."""
    out: list[Joint] = []
    values = [item for item in items if item[3] != "key"]
    keys = key_words([texts[i][a:b] for i, a, b, kind in items if kind == "key"])
    for reading in (values, items) if len(values) < len(items) else (values,):
        parts = [(i, a, b, kind) for i, a, b, kind in reading if texts[i][a:b].strip()]
        k = 1
        while k < len(parts):
            run = [k - 1]
            while k < len(parts):
                left, right = (texts[parts[k - 1][0]][parts[k - 1][1]:parts[k - 1][2]],
                               texts[parts[k][0]][parts[k][1]:parts[k][2]])
                if near is not None and not near(left[-64:] + " ", right[:64]) \
                        and mail_glue(left[-64:], right[:64]) is None \
                        and not (escape_cut(left, right) is not None and near(left[-64:], right[:64])):
                    break
                run.append(k)
                k += 1
                if len(right) > 2 * reach:
                    break  # it ends this run; the next starts with it
            k += 1 if len(run) == 1 else 0
            if len(run) < 2:
                continue
            pieces: list[tuple[int, int, int, int]] = []
            numbers: list[tuple[int, int]] = []
            chunks: list[str] = []
            at = 0
            for n, j in enumerate(run):
                i, a, b, kind = parts[j]
                value = texts[i][a:b]
                lo = _edge_back(value, reach) if n == 0 else 0
                hi = _edge_forward(value, reach) if n == len(run) - 1 else len(value)
                if n:
                    chunks.append(" ")
                    at += 1
                pieces.append((i, a + lo, at, hi - lo))
                if kind == "number":
                    numbers.append((at, at + hi - lo))
                chunks.append(value[lo:hi])
                at += hi - lo
            found = Joint("".join(chunks), tuple(pieces), tuple(p[2] for p in pieces[1:]), tuple(numbers), keys)
            if found not in out:
                out.append(found)
            for n in range(1, len(run)):  # an address cut inside its domain: also read with nothing between
                (i, a, b, _), (j, c, d, _) = parts[run[n - 1]], parts[run[n]]
                left, right = texts[i][a:b], texts[j][c:d]
                # So is a cut inside an escape (`{"jane.doe%": "40example.com"}`, `["617%2", "D555%2D0143"]`).
                if mail_glue(left[-64:], right[:64]) == "" or escape_cut(left, right) is not None:
                    lo, hi = _edge_back(left, reach), _edge_forward(right, reach)
                    direct = Joint(left[lo:] + right[:hi], ((i, a + lo, 0, len(left) - lo), (j, c, len(left) - lo, hi)),
                                   (len(left) - lo,), (), keys)
                    if direct not in out:
                        out.append(direct)
        if reading is values:
            for joint in _glued(parts, texts, reach, keys):
                if joint not in out:
                    out.append(joint)
    return out


def _glued(parts: Sequence[tuple[int, int, int, str]], texts: Sequence[str], reach: int,
           keys: frozenset[str]) -> list[Joint]:
    """The joints of three values in a row whose middle one is only an address's `@` or dot (`["bob.evil", "@",
    "example.org"]`, `["jane", ".", "doe@acme.io"]`), read with nothing between, as a whole answer's values are
    read (its texts are joined directly): one `@` in all, a mailbox's characters on both sides (atk14 B L2)."""
    out: list[Joint] = []
    for n in range(1, len(parts) - 1):
        (i, a, b, _), (j, c, d, _), (h, e, f, _) = parts[n - 1:n + 2]
        left, mid, right = texts[i][a:b], texts[j][c:d], texts[h][e:f]
        glue = mid.strip()
        if len(mid) > 8 or glue not in ("@", "."):
            continue
        tail, head = _mail_tail(left), _mail_head(right)
        if not tail or not head or not tail[-1].isalnum() or not head[0].isalnum() \
                or (tail + glue + head).count("@") != 1:
            continue
        lo, hi = _edge_back(left, reach), _edge_forward(right, reach)
        first, second = len(left) - lo, len(left) - lo + len(mid)
        out.append(Joint(left[lo:] + mid + right[:hi], ((i, a + lo, 0, first), (j, c, first, len(mid)),
                                                         (h, e, second, hi)), (first, second), (), keys))
    return out


# The characters of an e-mail address's local part and domain (`mail_glue`).
_MAIL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+'-")


def _mail_tail(text: str) -> str:
    i = len(text)
    while i and (text[i - 1] in _MAIL_CHARS or text[i - 1] == "@") and len(text) - i < 64:
        i -= 1
    return text[i:]


def _mail_head(text: str) -> str:
    i = 0
    while i < len(text) and (text[i] in _MAIL_CHARS or text[i] == "@") and i < 64:
        i += 1
    return text[:i]


def mail_glue(left: str, right: str) -> str | None:
    """How two values of one document (keys too) that may be the halves of one e-mail address are read: `" "`, a
    cut at its `@` or at a dot of its local part (`{"jane.doe@": "example.com"}`, `{"a": "mail jane.doe", "b":
    "@example.com"}`, `["jane", ".doe@example.com"]`: the analysis reads an address with a space around its `@` or
    a dot as one); `""`, a cut inside its domain (`{"a": "jane.doe@exa", "b": "mple.com"}`: read with nothing
    between too); None, no address's halves (`near` decides). The halves: the last word of the value before and
    the first of the value after, one `@` in all, each read in the normalised view the analysis reads
    (`proxy.nlp.normalize`: `{"jane.doe&#64;": "example.com"}`, `["jane.doe%40", "example.com"]`, `{"a":
    "jane.doe\\u0040exa", "b": "mple.com"}`); the joint holds the original characters, so the analysis reads the
    escape decoded and a redaction covers it as written."""
    glue = _mail_glue(left, right)
    if glue is None and (_ESCAPED.search(left) or _ESCAPED.search(right) or not (left + right).isascii()):
        glue = _mail_glue(normalize(left[-128:]).text, normalize(right[:128]).text)  # (callers pass 64)
    return glue


# What the view may decode or fold into an address's characters (`mail_glue`): escapes, entities, non-ASCII.
_ESCAPED = re.compile(r"[%&\\=]")

# How far before a cut an escape the view decodes may start (`escape_cut`): `&#x0000040;` is 11 characters.
_ESCAPE_BACK = 16


def escape_cut(left: str, right: str) -> tuple[str, str] | None:
    """Where a cut between two texts falls INSIDE an escape the normalised view decodes (`proxy.nlp.normalize`: a
    percent-escape, an HTML character reference, a literal backslash escape: `jane.doe%` + `40example.com`,
    `jane.doe&#6` + `4;example.com`, `617%2` + `D555%2D0143`): the two sides read in the view, split after the
    character the escape decodes to (`jane.doe@`, `example.com`), so a check can tell whether a value may run
    across the cut as it would at a plain `@` or `-`; None when no escape crosses the cut. Reads the last and the
    first 64 characters: the view of 128 characters, only when one of `%`, `&`, `\\` is in the last `_ESCAPE_BACK`
    characters before the cut (bounded work whatever the texts' length)."""
    left, right = left[-64:], right[:64]
    if not right or _ESCAPED.search(left, max(0, len(left) - _ESCAPE_BACK)) is None:
        return None
    view = normalize(left + right)
    if view.identity:
        return None
    window, cut, split = left + right, len(left), -1
    for i in range(len(view.text)):  # (a view character covers the whole escape it decodes)
        a, b = view.span(i, i + 1)
        if a < cut < b and _ESCAPED.search(window, a, b) is not None:
            split = i + 1
        elif a >= cut:
            break
    return None if split < 0 else (view.text[:split], view.text[split:])


def _mail_glue(left: str, right: str) -> str | None:
    tail, head = _mail_tail(left.rstrip(" \t")), _mail_head(right.lstrip(" \t"))
    if not tail or not head or (tail + head).count("@") != 1:
        return None
    if tail.endswith("@"):
        return " " if head[0].isalnum() and len(tail) > 1 else None
    if head.startswith("@"):
        return " " if head[1:2].isalnum() and tail[-1:].isalnum() else None
    if "@" in head:
        return " " if head.startswith(".") and head[1:2].isalnum() and tail[-1].isalnum() else None
    domain = tail.split("@")[1]
    if left[-1:].isspace() or right[:1].isspace() or not domain or ("." in domain[:-1]):
        return None  # a whole address before the cut (`ops@acme.io` + `ticket`): no half
    return "" if head[0].isalnum() or head[0] == "." and domain[-1] != "." else None


def sibling_joints(texts: Sequence[str], documents: Sequence[Sequence[Sibling]] = (),
                   json_texts: Sequence[int] | None = None, reach: int = 100,
                   near: Callable[[str, str], bool] | None = None) -> list[Joint]:
    """The joints within documents: `documents`, each the texts (keys and values) of one JSON object or
    array in document order; `json_texts`, per text, `JSON` (a JSON text), `JSON_IN_STRING` (a fragment
    of one that starts inside a string) or 0. Values are joined after a space (`joints` with `" "`), once
    values only (`{"a": 4111, "b": 1111}` reads `4111 1111`) and once keys and values (`{"project":
    "falcon"}` reads `project falcon`). `near` as in `joints`."""
    out: list[Joint] = []
    sides: dict[tuple[int, bool], tuple[int, str]] = {}  # `_pair`'s ends of each text, worked out once
    for document in documents:
        if document and all(kind == DIRECT for _, kind in document):
            order = [i for i, _ in document if i < len(texts)]
            if len(order) == 2 and "<" not in texts[order[0]] and "<" not in texts[order[1]]:
                joint = _pair(texts, order[0], order[1], reach, near, sides)
                if joint is not None:
                    out.append(joint)
                continue
            for j in _joints([texts[i] for i in order], reach, near, [True] * len(order), 0):
                out.append(Joint(j.text, tuple((order[p[0]], *p[1:]) for p in j.pieces), j.cuts))
            continue
        items = [(i, 0, len(texts[i]), kind) for i, kind in document if i < len(texts)]
        out.extend(_readings(items, reach, near, texts))
    for i, how in enumerate(json_texts or ()):
        if how and i < len(texts) and texts[i]:
            found = json_values(texts[i], how == JSON_IN_STRING)
            out.extend(_readings([(i, a, b, kind) for a, b, kind in found], reach, near, texts))
    for i, text in enumerate(texts):  # a text that is a JSON document as a whole (an answer's content): its
        # address split around an `@` or dot value, as in its arguments (`_glued`)
        if not (json_texts and i < len(json_texts) and json_texts[i]) and len(text) > 1 and text[0] in "{[" \
                and text.rstrip()[-1:] in ("}", "]") and _GLUE_VALUE.search(text):
            values = [(i, a, b, kind) for a, b, kind in json_values(text) if kind != "key" and text[a:b].strip()]
            out.extend(j for j in _glued(values, texts, reach, frozenset()) if j not in out)
    return out


_GLUE_VALUE = re.compile(r'"\s{0,3}[@.]\s{0,3}"')

# One value of a JSON text read as a text of its own (`json_fields`): (the text's index, where the value starts and
# ends in it, its kind, the key right before it).
Field = tuple[int, int, int, str, str | None]


def json_fields(texts: Sequence[str], json_texts: Sequence[int] | None,
                kinds: frozenset[int] | None = None) -> list[Field]:
    """The keys, string values and numbers of each whole JSON text (`json_texts` `JSON` or `JSON_DOC`: a tool's
    output sent as JSON, `proxy.guard.phases.json_texts`; `kinds`: the flags read, an answer's `JSON_DOC` only), in
    document order, each value with the key right before it (None for a key and an array's elements but the
    first), as the texts `json_value_joints` reads."""
    out: list[Field] = []
    kinds = kinds if kinds is not None else frozenset({JSON, JSON_DOC})
    for i, how in enumerate(json_texts or ()):
        if how not in kinds or i >= len(texts) or not texts[i]:
            continue
        text, key = texts[i], None
        for a, b, kind in json_values(text):
            out.append((i, a, b, kind, None if kind == "key" else key))
            key = text[a:b] if kind == "key" else None
    return out


def json_value_joints(texts: Sequence[str], fields: Sequence[Field], reach: int = 100,
                      near: Callable[[str, str], bool] | None = None, starts: int = 0) -> list[Joint]:
    """The string values of each JSON text in `fields` read joined directly, as a request's texts and the values of
    its tool-call arguments are (`joints`: `{"a": "jane.d", "b": "oe@example.com"}`, `{"a": "617-55", "b":
    "5-0143"}`); a number is read alone and ends a run, keys are passed over. The joints' pieces name the values
    as texts after `texts`: `len(texts) + n` for `fields[n]` (`on_texts` puts them back on the JSON texts)."""
    out: list[Joint] = []
    n = 0
    while n < len(fields):
        m = n
        while m < len(fields) and fields[m][0] == fields[n][0]:
            m += 1
        if m - n > 1:
            values = [texts[i][a:b] for i, a, b, _, _ in fields[n:m]]
            hows: list[Join] = [None if kind == "key" else kind == "string" for _, _, _, kind, _ in fields[n:m]]
            for j in joints(values, reach, near, hows, starts):
                out.append(Joint(j.text, tuple((len(texts) + n + k, local, at, length)
                                               for k, local, at, length in j.pieces), j.cuts))
        n = m
    return out


def on_fields(joint: Joint, texts: Sequence[str], fields: Sequence[Field],
              starts: Sequence[tuple[int, int]]) -> Joint | None:
    """A joint over the values of a JSON text in `fields` (`sibling_joints`) with its pieces on the values as texts
    after `texts` (`len(texts) + n` for `fields[n]`), as `json_value_joints` names them; None if a piece is in no
    one value or key. `starts`: (text index, start) of each of `fields`, in order."""
    pieces = []
    for i, local, at, length in joint.pieces:
        k = bisect.bisect_right(starts, (i, local)) - 1
        if k < 0 or fields[k][0] != i or local + length > fields[k][2]:
            return None
        pieces.append((len(texts) + k, local - fields[k][1], at, length))
    return Joint(joint.text, tuple(pieces), joint.cuts, joint.numbers, joint.keys, joint.fixed)


def on_texts(joint: Joint, texts: Sequence[str], fields: Sequence[Field]) -> Joint:
    """A joint of `json_value_joints` with its pieces on the JSON texts the values are in."""
    n = len(texts)
    pieces = tuple((fields[k - n][0], fields[k - n][1] + local, at, length) if k >= n else (k, local, at, length)
                   for k, local, at, length in joint.pieces)
    return Joint(joint.text, pieces, joint.cuts, joint.numbers, joint.keys, joint.fixed)


def _pair(texts: Sequence[str], a: int, b: int, reach: int, near: Callable[[str, str], bool] | None,
          sides: dict[tuple[int, bool], tuple[int, str]]) -> Joint | None:
    """The joint of texts[a] then texts[b] read directly (a `DIRECT` document of two texts, neither holding `<`: no
    markup to reach over), as `_joints` makes it, from each text's own end: the cut's place in the end of
    texts[a] (`reach` visible characters back, widened to whitespace) and in the start of texts[b] depend on that
    text alone, so a text paired with many (a `metadata` value with every message text: `phases.field_pairs`)
    has them worked out once. `sides`: (index, True) the start of texts[a]'s end and the 64 visible characters
    `near` reads before the cut; (index, False) where texts[b]'s start ends and the 64 it reads after."""
    left, right = texts[a], texts[b]
    if not left or left.isspace() or not right or right.isspace():
        return None
    tail = sides.get((a, True))
    if tail is None:
        cut, lo = len(left), _visible_back(left, len(left), reach)
        if lo > 0 and not left[lo - 1].isspace() and not left[lo].isspace():
            space = max((m.end() for m in _SPACE.finditer(left, max(0, lo - reach), lo)), default=-1)
            lo = space if space >= 0 else max(0, lo - reach)
        tail = sides[(a, True)] = (lo, left[max(0, cut - 64 if left.isascii() else _visible_back(left, cut, 64)):])
    head = sides.get((b, False))
    if head is None:
        hi = _visible_forward(right, 0, reach)
        if hi < len(right) and not right[hi - 1].isspace() and not right[hi].isspace():
            m = _SPACE.search(right, hi, min(len(right), hi + reach))
            hi = m.start() if m is not None else min(len(right), hi + reach)
        head = sides[(b, False)] = (hi, right[:64 if right.isascii() else _visible_forward(right, 0, 64)])
    if near is not None and not near(tail[1], head[1]):
        return None
    lo, hi = tail[0], head[0]
    cut = len(left) - lo
    return Joint(left[lo:] + right[:hi], ((a, lo, 0, cut), (b, 0, cut, hi)), (cut,))


JSON, JSON_IN_STRING = 1, 2
# A whole JSON text that is a tool's output (`proxy.guard.phases.json_texts`: a request's tool result, an answer's
# MCP, web fetch or code execution result): read as `JSON` is, and its values joined directly on both sides
# (`json_fields`), where an answer's other JSON texts (streamed arguments' windows) are not.
JSON_DOC = 3
ANSWER_FIELDS = frozenset({JSON_DOC})


def json_view(text: str, inside: bool = False) -> tuple[str, list[int] | None]:
    """A streamed JSON text (tool call arguments, or a window of them; `inside`: it starts inside a string) with
    its strings' escapes decoded as `json` decodes a whole answer's arguments, and still JSON, so the checks
    read a value as the whole-answer path does (`phases.decoded`): `\\\\u0040` reads `\\u0040` (a literal escape,
    decoded by the normalised view), `\\ud83d\\ude00`-style pairs and other `\\uXXXX` escapes read as their
    character (Unicode tag characters spelled as surrogate escapes: "ASCII smuggling"), `\\/` reads `/`. What
    would break the JSON stays as written: `\\"`, `\\\\` before a quote or a backslash, control escapes, an
    escaped quote or backslash or control character, a lone surrogate, an escape cut at the text's end. With
    the offset in `text` of each of the view's characters and of its end (None: the view is `text`), so a
    finding maps back onto the raw characters. One pass, linear."""
    if "\\" not in text:
        return text, None
    out: list[str] = []
    at: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not inside:
            if ch == '"':
                inside = True
            out.append(ch)
            at.append(i)
            i += 1
            continue
        if ch == '"':
            inside = False
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            at.append(i)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "\\" and i + 2 < n and text[i + 2] not in '"\\':
            out.append("\\")
            at.append(i)
            i += 2
            continue
        if nxt == "/":
            out.append("/")
            at.append(i)
            i += 2
            continue
        if nxt == "u" and _HEX4.fullmatch(text, i + 2, i + 6):
            code, size = int(text[i + 2:i + 6], 16), 6
            if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i + 6) and _HEX4.fullmatch(text, i + 8, i + 12):
                low = int(text[i + 8:i + 12], 16)
                if 0xDC00 <= low <= 0xDFFF:
                    code, size = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), 12
            if code >= 0x20 and code not in (0x22, 0x5C, 0x7F) and not 0xD800 <= code <= 0xDFFF:
                out.append(chr(code))
                at.append(i)
                i += size
                continue
        out.append(text[i:i + 2])  # kept as written: two characters
        at.extend((i, i + 1))
        i += 2
    at.append(n)
    view = "".join(out)
    return (text, None) if view == text else (view, at)


_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
