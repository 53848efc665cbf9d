"""A value dictated over the turns of a Responses conversation the provider keeps (atk46 F05).

`proxy.guard.dict44` reads a card, SSN, phone number or e-mail address the user types in pieces over user turns
with short assistant texts between (`My phone: 617` / `ok` / `555` / `ok` / `0143`) when the request holds those
turns. A Responses request that continues an answer (`previous_response_id`, `conversation`) carries only the new
piece: the provider joins it with the earlier ones it keeps. So when such a request is screened (`reading`), the
STATE in which the user's last text left dict44's reading is computed, and when its answer is relayed (`note`, from
`prev26.note`) it is remembered with that answer's id (and its conversation's), if the answer is one dict44 reads
across (a short text; no tool call). Never a text or a digit of the value: the state is its kind and shape, e.g.
`dc phone ddd_ddd 37`: a digit chain (`d`), cued (`c`: a word of the value's type was there, or the answer asked for
one) with `phone` in its first tail, of 3 + 3 digits read with a space, and two Luhn residues (mod 10) of its digits
(so that a card's checksum is read across the turns as in one request; a tenth of a digit of what was typed, no
more); `ma`: the text ended inside an e-mail address (`jane.doe@`); `ml1`: in a local part after a word for an
address. A request continuing that answer reads its first user text after a stand-in of that shape (`continued`:
`phone 415 555` + `ok` + `0143`, the stand-in's characters no part of any text: only what falls on the request's own
piece is redacted), and leaves its own state for the next answer, so a chain goes on over 3 or more turns.

The state lives where prev26's cues do: this process's memory (a map of its own, bounded as prev26's: `LIMIT`,
`prev27.PER_CALLER`, `MAX_AGE_S`; an answer that leaves none is remembered as none, so this process asks the store
nothing for it), keyed by a keyed hash of the caller (team and key) and the response or conversation id, and the
proxy's store (`proxy.guard.ctx47`, entries of their own scope, in the caller's share there; a conversation's is
replaced each turn, by none too, and read from the store first: another process may have continued it).

Limits: the stand-in is read, not the earlier digits: a value whose earlier piece was not valid for its type (an
area code or SSN area no one has) is still read as one when the rest is; a phone number's country code is read as
the shape's first group's usual one (`+1`, `+44`, `+353`). The request's first user text only continues the chain
(no assistant item before it in the request).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from proxy.guard import dict44, gap49t
from proxy.guard.dict44 import _AT_END, _DIGITS_END, _LABEL, _LOCAL_END, _MAIL_CUE, _short
from proxy.guard.join39 import _CUE, _HEAD, _LAST_GROUPS, TAIL_CHARS
from proxy.guard.joined import Joint

__all__ = ["begin", "clear", "continued", "note", "reading", "wanted"]

_SCOPES = {"response": "said47:response", "conversation": "said47:conversation"}
_NONE = "0"          # a conversation's state when its last turn leaves none (replaces the earlier one)
_SHAPE_CHARS = 40    # a longer run of digits is no value dict44 reads
_MAX_DIGITS = 19

_RUN = re.compile(r"(?:\+\s?)?\(?[0-9][0-9 ().-]*\Z")
_SHAPE = re.compile(r"\+?[d0][d_.-]*")  # (a trunk `0`: gap49t)
_CARD_WORDS = re.compile(r"(?i)card|visa|master|amex|discover")
_SSN_WORDS = re.compile(r"(?i)\bssn|social")
_PHONE_WORDS = re.compile(r"(?i)phone|mobile|cell|\btel|area code|call|" + gap49t.UK_CUES)
_WORDS = {"card": "card number", "ssn": "SSN", "phone": "phone", "number": "number", "label": "ID:", "none": ""}
# stand-in digits: a phone number of the shape's country (US, UK, Ireland), valid as an SSN's and a card's start too
_STAND_IN = {"": "41555501438827361904", "1": "1" + "4155550143882736190", "44": "44" + "207946095888273619",
             "353": "353" + "18765432188273619"}
_LUHN = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


@dataclass(slots=True)
class _State:
    cued: bool = False
    word: str = "none"            # the kind of word of the value's type in the first tail (`_WORDS`)
    shape: str = ""               # the digits read so far: `d` a digit, `_` a space, `-` `.` `+` as typed
    residues: tuple[int, int] = (0, 0)  # Luhn sums (mod 10) of those digits, an even / odd count of digits after
    mail: str = ""                # "a": ended in `local@`; "l": in a local part
    mail_cued: bool = False       # a word for an address before it, or the answer asked for one

    def encode(self) -> str:
        out = []
        if self.shape:
            out += ["dc" if self.cued else "du", self.word, self.shape, f"{self.residues[0]}{self.residues[1]}"]
        if self.mail:
            out.append("ma" if self.mail == "a" else "ml1" if self.mail_cued else "ml0")
        return " ".join(out) or _NONE

    @classmethod
    def decode(cls, value: str | None) -> _State | None:
        if not value or value == _NONE:
            return None
        words = value.split()
        state = cls()
        try:
            if words and words[0] in ("dc", "du"):
                if words[1] not in _WORDS or not _SHAPE.fullmatch(words[2]) or not re.fullmatch(r"[0-9]{2}", words[3]):
                    return None
                state.cued, state.word, state.shape = words[0] == "dc", words[1], words[2]
                state.residues = (int(words[3][0]), int(words[3][1]))
                words = words[4:]
            if words and words[0] in ("ma", "ml1", "ml0"):
                state.mail, state.mail_cued = words[0][1], words[0] == "ml1"
        except IndexError:
            return None
        return state if state.shape or state.mail else None


# ------------------------------------------------------------------------------------------- reading

def _luhn(digits: str, before: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """The Luhn sums (mod 10) of `before`'s digits followed by `digits`, for an even and an odd count after them."""
    out = []
    for k in (0, 1):
        total = before[(k + len(digits)) % 2]
        for j, ch in enumerate(digits):
            pos = len(digits) - 1 - j + k
            total += _LUHN[int(ch)] if pos % 2 else int(ch)
        out.append(total % 10)
    return out[0], out[1]


def _word(tail: str) -> str:
    cue = _CUE.search(tail)
    if cue is None:
        return "label" if _LABEL.search(tail.rstrip()) else "none"
    for name, words in (("card", _CARD_WORDS), ("ssn", _SSN_WORDS), ("phone", _PHONE_WORDS)):
        if words.search(tail):
            return name
    return "number"


def _shape(text: str) -> str:
    return gap49t.national(text, "".join("d" if c.isdigit() else "_" if c.isspace() else c for c in text
                                         if c not in "()"))


def _run(text: str) -> str:
    """The digits (and their separators) a text ends in."""
    run = _RUN.search(text.rstrip())
    return run.group(0).strip() if run is not None else ""


def _stand_in(state: _State, after: int) -> str:
    """Digits of `state.shape` (`after`: the digits read after them): a card's Luhn sum kept where a card may be."""
    shape = state.shape
    table = _STAND_IN[""]
    if shape.startswith("+"):
        first = len(re.match(r"\+d*", shape).group(0)) - 1  # type: ignore[union-attr]
        table = _STAND_IN.get({1: "1", 2: "44", 3: "353"}.get(first, ""), table)
    digits = list(gap49t.stand_in_digits(shape) or table[:shape.count("d")])
    if digits and state.word in ("card", "number", "label", "none") \
            and 13 <= len(digits) + after <= _MAX_DIGITS and not shape.startswith("+"):
        want = state.residues[after % 2]
        last = len(digits) - 1
        for d in range(10):  # the last stand-in digit that gives the earlier digits' Luhn sum
            digits[last] = str(d)
            if _luhn("".join(digits))[after % 2] == want:
                break
    out, n = [], 0
    for c in shape:
        if c in "d0":
            out.append(digits[n])
            n += 1
        else:
            out.append(" " if c == "_" else c)
    return "".join(out)


def _synthetic(state: _State, first: str) -> list[tuple[str, str]]:
    """The earlier turns as dict44 reads them (texts and gaps), of `state`'s shape; `first`: the request's piece."""
    out = []
    if state.shape:
        head = _HEAD.match(first)
        after = sum(c.isdigit() for c in head.group(0)) if head is not None else 0
        word = _WORDS[state.word]
        cue = state.cued and state.word == "none"  # cued by the answer's word only: its gap says so
        out.append((f"{word} {_stand_in(state, after)}".strip(), "The number?" if cue else "ok"))
    if state.mail:
        cue = state.mail_cued and state.mail == "l"
        out.append(("user@" if state.mail == "a" else "user", "The email?" if cue else "ok"))
    return out


# per request: [the state its screening leaves (`reading`), for `note`; whether it continued a state]
_OUT: ContextVar[list[str | bool | None] | None] = ContextVar("turn47_out", default=None)
# per request: (the first user text's index, the count of texts, that text, the remembered state) for `continued`
_IN: ContextVar[tuple[int, int, str, _State] | None] = ContextVar("turn47_in", default=None)


def begin() -> None:
    """A Responses request's caller is known (`prev26.caller`): the state its screening leaves is kept from here."""
    _OUT.set([None, False])


def _first_user(roles: Sequence[str]) -> int | None:
    """The first user text, unless an assistant text comes before it (the request resends a part of the history)."""
    for k, role in enumerate(roles):
        if role == "assistant":
            return None
        if role == "user":
            return k
    return None


@contextmanager
def reading(kind: str, body: Any, slots: Sequence[Any]) -> Iterator[None]:
    """Around a Responses request's input screening (`context24.cued`): its first user text read after the state the
    answer it continues left (`continued`), and the state its own texts leave kept for its answer (`note`)."""
    from proxy.providers.base import RESPONSES

    out = _OUT.get()
    if kind != RESPONSES or not isinstance(body, dict) or out is None:
        yield
        return
    texts, roles = [s.get() for s in slots], [s.role or "" for s in slots]
    # the conversation's texts (not a field, `previous_response_id`'s `resp_f 05 ...`: a slot with the user's role)
    said = [n for n, s in enumerate(slots) if s.kind == "text" and s.role in ("user", "assistant")]
    state = _recall(body)
    k = _first_user([roles[n] if n in said else "" for n in range(len(slots))])
    token = None
    if state is not None and k is not None:
        token = _IN.set((k, len(texts), texts[k], state))
    try:
        pairs = _synthetic(state, texts[k]) if state is not None and k is not None else []
        start = k if k is not None else len(texts)
        first = list(pairs[0]) if pairs else []
        own = [texts[n] for n in said if n >= start]
        own_roles = [roles[n] for n in said if n >= start]
        left = _end(first + own, ["user", "assistant"][:len(first)] + own_roles, bool(pairs),
                    state.residues if state is not None and state.shape else (0, 0))
        if len(pairs) > 1 and (left is None or not left.mail):  # the mail state a digits' stand-in hid
            more = _end([*pairs[1], *own], ["user", "assistant", *own_roles], True, (0, 0))
            if more is not None and more.mail:
                left = left or _State()
                left.mail, left.mail_cued = more.mail, more.mail_cued
        out[0], out[1] = (left.encode() if left is not None else _NONE), state is not None
        yield
    finally:
        if token is not None:
            _IN.reset(token)


def _end(texts: Sequence[str], roles: Sequence[str], synthetic: bool, residues: tuple[int, int]) -> _State | None:
    """The state dict44's reading (`dictated_joints`) is in after the last of `texts` (a user text), None for none.
    `synthetic`: texts[0] and texts[1] are a stand-in and its gap (`_synthetic`); the stand-in's digits' Luhn sums
    are `residues`."""
    walk = dict44.ChainWalk(texts)
    for i in range(len(texts)):
        walk.feed(i, roles[i] if i < len(roles) else "")
    chain, cued, last, gap = walk.chain, walk.cued, walk.last, walk.gap
    if last < (2 if synthetic else 0) or gap:
        return None  # (the request's own texts end in none of the user's)
    state = _State()
    text = texts[last]
    end = len(text.rstrip())
    lo = dict44._tail_start(text, end)
    if chain and chain[-1] == last:
        first = texts[chain[0]]
        tail = first[dict44._tail_start(first, len(first.rstrip())):len(first.rstrip())]
        groups = _LAST_GROUPS.search(tail)
        glue = groups.group(1) if groups is not None and all(texts[k].strip().isdigit() for k in chain[1:]) else " "
        run = _run(tail)
        pieces = [texts[k].strip() for k in chain[1:]]
        digits = "".join(c for p in pieces for c in p if c.isdigit())
        first_digits = "".join(c for c in run if c.isdigit())
        state.residues = _luhn(digits, residues) if synthetic and chain[0] == 0 else _luhn(first_digits + digits)
        state.shape = _shape(glue.join([run, *pieces]))
        state.cued, state.word = cued, _word(tail)
    elif _DIGITS_END.search(text.rstrip()):
        tail = text[-TAIL_CHARS * 2:]
        run = _run(text[lo:end])
        state.shape, state.residues = _shape(run), _luhn("".join(c for c in run if c.isdigit()))
        state.cued, state.word = bool(_CUE.search(tail) or _LABEL.search(tail.rstrip())), _word(text[lo:end])
    if state.shape.count("d") > _MAX_DIGITS or len(state.shape) > _SHAPE_CHARS or not _SHAPE.fullmatch(state.shape):
        state.shape = ""
    if _AT_END.search(text, lo, end):
        state.mail = "a"
    elif _LOCAL_END.search(text, lo, end):
        state.mail, state.mail_cued = "l", bool(_MAIL_CUE.search(text, lo, end))
    return state if state.shape or state.mail else None


def continued(texts: Sequence[str], roles: Sequence[str] | None) -> list[Joint]:
    """The joints of the request's first user text with the earlier pieces the provider holds (`reading`): each
    joint's text opens with the stand-in, which no piece covers, so only what falls on the request's texts is
    projected back."""
    held = _IN.get()
    if held is None or roles is None:
        return []
    k, count, first, state = held
    if len(texts) != count or k >= len(texts) or texts[k] != first:
        return []
    out: list[Joint] = []
    for before, gap in _synthetic(state, first):
        found = dict44.dictated_joints([before, gap, *texts[k:]], ["user", "assistant", *roles[k:]])
        for joint in found:
            if not joint.pieces or joint.pieces[0][0] != 0:
                continue  # within the request's own texts: dict44 reads those
            pieces = tuple((k + i - 2, a, at, n) for i, a, at, n in joint.pieces if i >= 2)
            if pieces:
                out.append(Joint(joint.text, pieces, joint.cuts))
    return out


def with_continued(found: list[Joint], siblings: int, texts: Sequence[str],
                   roles: Sequence[str] | None) -> tuple[list[Joint], int]:
    """`proxy.guard.checks.pii`'s joints across texts (`found[:siblings]`) with `continued`'s."""
    more = continued(texts, roles)
    return (found[:siblings] + more + found[siblings:], siblings + len(more)) if more else (found, siblings)


# ------------------------------------------------------------------------------------------- memory

_said: OrderedDict[bytes, Any] = OrderedDict()
_said_shares: dict[bytes, OrderedDict[bytes, None]] = {}
_lock = threading.Lock()


def _answer_state(left: _State | None, output: list[Any]) -> _State | None:
    """The state after the answer: dict44 reads across a short assistant text (no tool call between)."""
    from proxy.guard.context24 import _text

    if left is None:
        return None
    texts = []
    for item in output:
        if not isinstance(item, dict) or item.get("type") == "reasoning":
            continue
        if item.get("type") not in (None, "message") or item.get("role") not in (None, "assistant"):
            return None
        texts.append(_text(item.get("content")))
    said = " ".join(t for t in texts if t and t.strip())
    if not said or not _short(said):
        return None
    if _CUE.search(said):
        left.cued = True
    if _MAIL_CUE.search(said):
        left.mail_cued = True
    return left


def note(tenant: bytes, rid: Any, conversation: str | None, output: list[Any], now: float) -> None:
    """An answer relayed (`prev26.note`): the state its request left, after it, remembered under its id and its
    conversation's (a conversation's replaced, by none too)."""
    from proxy.guard import ctx47, prev26

    out = _OUT.get()
    if out is None:
        return
    left = _answer_state(_State.decode(out[0]) if isinstance(out[0], str) else None, output)
    value = left.encode() if left is not None else _NONE
    saved: list[tuple[str, str, str | None, dict[str, str], bool]] = []
    with _lock:
        prev26._expire(now, _said, _said_shares)
        if isinstance(rid, str) and 0 < len(rid) <= prev26._ID_CHARS:
            scope = _SCOPES["response"]  # (none too, here: this process then asks the store nothing for it)
            prev26._put(prev26._key(tenant, scope, rid), prev26._Turn(now, value, tenant=tenant), merge=False,
                        turns=_said, shares=_said_shares)
            if value != _NONE:
                saved.append((scope, rid, value, {}, False))
        if conversation is not None and (value != _NONE or out[1]):  # (none after none: nothing to replace)
            scope = _SCOPES["conversation"]
            prev26._put(prev26._key(tenant, scope, conversation), prev26._Turn(now, value, tenant=tenant),
                        merge=False, turns=_said, shares=_said_shares)
            saved.append((scope, conversation, value, {}, False))
    ctx47.save(saved)


def wanted(body: dict[str, Any]) -> list[tuple[str, str]]:
    """What `ctx47.fetch` reads for this module besides prev26's: the state of the conversation, or of the answer
    when this process does not hold it."""
    from proxy.guard import prev26

    scope, held = prev26._scope(body), prev26._CALLER.get()
    if scope is None or held is None:
        return []
    name = _SCOPES[scope[0]]
    if scope[0] == "response":
        with _lock:
            if prev26._key(held[0], name, scope[1]) in _said:
                return []
    return [(name, scope[1])]


def _recall(body: dict[str, Any]) -> _State | None:
    from proxy.guard import ctx47, prev26

    scope = prev26._scope(body)
    held = prev26._CALLER.get()
    if scope is None or held is None:
        return None
    name, rid = _SCOPES[scope[0]], scope[1]
    key = prev26._key(held[0], name, rid)
    if name == _SCOPES["conversation"]:  # another process may have continued it: the store first
        got = ctx47.fetched(name, rid, [])
        if got is not None:
            return _State.decode(got[0])
    with _lock:
        turn = _said.get(key)
        if turn is not None and time.monotonic() - turn.at > prev26.MAX_AGE_S:
            prev26._drop(key, _said, _said_shares)
            turn = None
        if turn is not None:
            _said.move_to_end(key)
            _said_shares[turn.tenant].move_to_end(key)
    if turn is not None:
        return _State.decode(turn.question)
    got = ctx47.fetched(name, rid, [])
    return _State.decode(got[0]) if got is not None else None


def clear() -> None:
    """Forget every state (tests)."""
    with _lock:
        _said.clear()
        _said_shares.clear()
