"""A cue in one text, the bare value in the next user text (chat bubbles; atk47 F03).

A chat UI sends a sentence in bubbles: user `My SSN is` / user `536904399`, `my cell is` / `6175550143`, `ok call
me at` / `617-555-0143`, maybe with a short assistant acknowledgement between (`ok`, `Go ahead.`). Or the system
prompt says what the user sends: system `Collect the caller's SSN.` / user `536904399`; Anthropic `system`, Responses
`instructions` (`The user's message is their Social Security number.`) and `developer` texts too. `mark` gives such a
user text the cue (`context24`'s: `ssn`, `phone`, `card`, `ip`), read as the reply to a question is (`SSN: 536904399`)
where:

- the text is a bare value: digits and separators only (7 digits or more), nothing else;
- the user text before it, after nothing but short assistant texts (`dict44._short`), ENDS in a cue (nothing after
  it but punctuation: `My SSN is`, `My SSN:`, `here is my SSN`, `call me at`); `My order number is` has none;
- or it is the first user text, after nothing but short assistant texts, and a system/developer text (or the
  instructions, an Anthropic `system`) has a sentence asking for one kind of value (a verb of asking and the kind's
  word, no digits in that sentence: `Our support line is 1-800-...` asks nothing).

Requests with no bare-value user text pay one regular expression on their short user texts.
"""

from __future__ import annotations

import re
from typing import Any

from proxy.guard.lang31 import Cue

_BARE = re.compile(r"\s*\+?\s*\(?[0-9][0-9 ().\-/]*[0-9]\)?\s*[.!]?\s*")
_BARE_CHARS = 40
_MIN_DIGITS = 7

# The kinds a bare run of digits can be, with the words that name them.
_KIND_WORDS = (
    ("ssn", r"ssn|social(?: security)?(?: number| no\.?| #)?|social insurance number|sin"),
    ("card", r"(?:credit |debit )?card(?: number| no\.?| #)?|card's number"),
    ("phone", r"(?:(?:tele)?phone|cell(?: ?phone)?|mobile|cell|tel|callback|contact|whatsapp)(?: number| no\.?| #)?"
              r"|(?:phone|cell|mobile) num|number to (?:call|reach me(?: at)?|text)"),
    ("ip", r"ip(?: address| addr)?|ipv4(?: address)?"),
)
_KIND_OF = [(kind, re.compile(rf"(?i)^(?:{words})$")) for kind, words in _KIND_WORDS]
_ANY_KIND = "|".join(w for _, w in _KIND_WORDS)
# A user text's end that names a kind: `My SSN is`, `my cell:`, `here is my SSN`, `SSN`, `my number is`.
_END = re.compile(rf"(?i)(?:^|\b(?:my|our|his|her|their|the|a|an|me|mine|here'?s|here is|it'?s|its|new|home|work|"
                  rf"personal|best|direct|with|use|and|ok|okay|so|sure|fine|yes)\s+)(?P<kind>{_ANY_KIND}|number)"
                  r"(?:\s+(?:is|was|would be|will be|=|goes|reads))?\s*[:=\-–—.,…]*\s*\Z")
_CALL_ME = re.compile(r"(?i)\b(?:call|reach|text|ring|phone|contact|sms|whatsapp)\s+(?:me|us)\s+(?:at|on)"
                      r"\s*[:\-–—.,…]*\s*\Z")
_END_CHARS = 60

# A system text's sentence asking for a kind.
_SENTENCE = re.compile(r"(?<=[.?!;])\s+|\n+")
_ASKING = re.compile(r"(?i)\b(?:collect|ask|asks|asking|request|obtain|get|gather|take|capture|record|verify|validate|"
                     r"check|confirm|send|sends|provide|provides|give|gives|enter|enters|type|types|share|shares|"
                     r"submit|submits|read|look up|need|needs|will be|is their|is the|are their|contains?)\b")
_KIND_IN = re.compile(rf"(?i)\b(?:{_ANY_KIND})\b")
_NOT_ASKED = re.compile(r"(?i)support line|hotline|helpline|help line|our (?:phone|number|line)|toll[- ]free|"
                        r"office|\bfax\b")
_SYSTEM_CHARS = 4000


def _kind(words: str) -> str | None:
    words = " ".join(words.lower().split())
    return next((kind for kind, rx in _KIND_OF if rx.match(words)), None)


def _cue(kind: str) -> str:
    return Cue("ip", "IP address: ") if kind == "ip" else kind


def bare(text: str) -> bool:
    """Whether `text` is a bare value: digits and separators only, 7 digits or more."""
    return len(text) <= _BARE_CHARS and _BARE.fullmatch(text) is not None \
        and sum(c.isdigit() for c in text) >= _MIN_DIGITS


def end_cue(text: str) -> str | None:
    """The kind a user text ending in a cue names (`My SSN is`: ssn), or None."""
    tail = text.strip()[-_END_CHARS:]
    if not tail or any(c.isdigit() for c in tail):
        return None
    if _CALL_ME.search(tail):
        return "phone"
    m = _END.search(tail)
    if m is None:
        return None
    word = m.group("kind")
    if word.lower() == "number":  # `my number is`; `My order number is` has no `my` before `number`
        before = tail[:m.start("kind")].split()
        return "phone" if before and before[-1].lower() in ("my", "mine", "our", "his", "her", "their") else None
    return _kind(word)


def system_cue(text: str) -> str | None:
    """The one kind a system/developer text asks for (`Collect the caller's SSN.`: ssn), or None."""
    kinds: list[str] = []
    for sentence in _SENTENCE.split(text[:_SYSTEM_CHARS]):
        if any(c.isdigit() for c in sentence) or not _ASKING.search(sentence) or _NOT_ASKED.search(sentence):
            continue
        for m in _KIND_IN.finditer(sentence):
            kind = _kind(m.group())
            if kind is not None and kind not in kinds:
                kinds.append(kind)
    return kinds[0] if len(kinds) == 1 else None


def _may_be_bare(content: Any) -> bool:
    """Whether a user message's content is short enough to be a bare value (the gate: no text read)."""
    if isinstance(content, str):
        return len(content) <= _BARE_CHARS
    return isinstance(content, list) and 0 < len(content) <= 4


def _text(content: Any) -> str:
    from proxy.guard.context24 import _text as text_of

    return text_of(content)


def _system(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(b["text"] for b in value if isinstance(b, dict) and isinstance(b.get("text"), str))
    return value if isinstance(value, str) else ""


def mark(kind: str, body: Any, out: dict[int, str]) -> None:
    """Each bare-value user text of `body` (chat `messages`, Anthropic `messages` and `system`, Responses `input`
    and `instructions`) read with the cue before it (see above), unless `out` gives it one already."""
    from proxy.guard.context24 import _holders
    from proxy.guard.dict44 import _short
    from proxy.providers.base import CHAT, COUNT_TOKENS, MESSAGES, RESPONSES

    if not isinstance(body, dict):
        return
    items = body.get("input") if kind == RESPONSES else body.get("messages") \
        if kind in (CHAT, MESSAGES, COUNT_TOKENS) else None
    system = _system(body.get("instructions") if kind == RESPONSES else body.get("system")
                     if kind in (MESSAGES, COUNT_TOKENS) else None)
    if isinstance(items, str):  # a Responses string input: the first user text
        if bare(items) and system and (asked := system_cue(system)) is not None:
            out.setdefault(id(body), _cue(asked))
        return
    if not isinstance(items, list):
        return
    if not any(isinstance(m, dict) and m.get("role") == "user" and _may_be_bare(m.get("content")) for m in items):
        return  # (the gate: no short user text, nothing more)
    texts = [(m.get("role"), _text(m.get("content"))) if isinstance(m, dict)
             and m.get("type") in (None, "message") else (None, "") for m in items]
    if not any(role == "user" and bare(text) for role, text in texts):
        return
    cue: str | None = system_cue(system) if system else None  # the cue the next user text is read with
    users = 0
    for msg, (role, text) in zip(items, texts, strict=True):
        if role in ("system", "developer"):
            if users == 0 and text and (asked := system_cue(text)) is not None:
                cue = asked
            continue
        if role == "assistant":
            if not _short(text):
                cue = None
            continue
        if role != "user":
            cue = None
            continue
        users += 1
        if cue is not None and bare(text):
            for holder in _holders(msg, "content"):
                out.setdefault(id(holder), _cue(cue))
        cue = end_cue(text)
