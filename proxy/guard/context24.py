"""A short text read with the context that gives it its meaning (issue 12, atk24a F09 and F01).

F09: a bare value typed as the answer to the assistant's question, or returned by a tool whose name says what it is,
carries no context word of its own: assistant `What is your phone number?` / user `6175550143`, a `get_customer_ssn`
tool's result `536904399`. A short reply (`SHORT_WORDS` words, one line) is read with the context word of the
question that precedes it (the previous assistant turn's last sentence) or of the tool name of the call it answers,
as if it were written before the value (`Phone number: 6175550143`): `cued` finds those texts in a request body
(chat `role: tool` with its call's function name, Anthropic `tool_result` with its `tool_use` name, Responses
`function_call_output` with its `function_call`) and holds them for the request's PII check (a context variable set
around the input screening); `views` gives the check each such text with its context prefixed, analysed in the same
pass in its place, and the spans found mapped back onto the text. Only the immediately preceding question and the
call's own name count; a question about something else (`What's your order number?`, `Which year?`, `What is the
product name?`) or a tool of other data (`get_order_total`) gives no context.

F01: a name written as one token, its capitalised parts joined by `_` (`Maria_Schmidt`, as OpenAI's
`messages[].name` must be written) or, in an id or name field (`TextSlot.prose` False: `user`, `safety_identifier`,
`metadata.user_id`), run together (`JohnSmith`): read with spaces between its parts when they are listed name parts
(a listed first name, then listed names or words no English list holds, `proxy.nlp.names`: the PII model then reads
the parts with spaces, in the same pass), and a name found over part of the token covers all of it
(`<PERSON_1>` for `Maria_Schmidt`, never `<PERSON_1>_Schmidt`). `MAX_RETRIES`, `Http_Client`, `Order_Status`,
`UserName` are no name parts: read as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from proxy.guard import ask28, bub48, gap49, ids31, lang31, plur29, prev26, q28, reply26, reply31, turn47
from proxy.guard.checks.base import CheckContext
from proxy.guard.cue28 import camel_joined, json_reading, json_value
from proxy.guard.prev27 import CALLS, OUTPUTS, Asked
from proxy.guard.tool26 import called, phone_named
from proxy.nlp.enc42 import answer_blobs  # long base64 runs of an answer read decoded (enc42)
from proxy.nlp.num48 import holders as num48_holders
from proxy.nlp.num48 import placed as num48_placed
from proxy.nlp.pii import Span
from proxy.providers.base import CHAT, COUNT_TOKENS, MESSAGES, RESPONSES, TextSlot

# The most words, and characters, of a reply read with its question's or its tool's context.
SHORT_WORDS = 6
SHORT_CHARS = 64
# The end of the previous turn its last sentence is looked for in.
QUESTION_CHARS = 400

# What each context reads as, written before the reply (a context word the recognizers know).
PREFIX = {"phone": "Phone number: ", "ssn": "SSN: ", "name": "Name: ", "email": "Email: ", "card": "Card number: ",
          "iban": "IBAN: ", "record": "Contact: "}

# A question's last sentence asking for a value of a type (the first that matches counts, `record` for several).
_ASKS = (
    ("ssn", re.compile(r"\b(?:social security|ssn|social insurance)\b", re.I)),
    ("card", re.compile(r"\b(?:credit card|debit card|card number|card's number)\b", re.I)),
    ("iban", re.compile(r"\b(?:iban|bank account(?: number)?)\b", re.I)),
    ("email", re.compile(r"\be-?mail\b", re.I)),
    ("phone", re.compile(r"\b(?:(?:tele)?phone|mobile|cell(?:phone)?|call(?:back)? number|contact number|"
                         r"(?:call|reach|text|ring) you(?: back)?)\b", re.I)),
    ("name", re.compile(r"\b(?:your (?:(?:full|first|last|given|family|legal|middle|maiden) )?name|"
                        r"(?:full|first|last|given|family|legal|maiden) name|surname|"
                        r"who (?:am i|are we|i am|we are) (?:speaking|talking) (?:to|with)|"
                        r"(?:patient|customer|caller|guest|passenger|cardholder|account holder|contact)(?:'s)? "
                        r"(?:full )?name|name of the (?:patient|customer|caller|guest|passenger|cardholder|"
                        r"account holder|contact))\b", re.I)),
)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_ALL_ASKS = (*_ASKS, *plur29.ASKS)

# A tool name's words (`get_customer_phone`, `getCustomerPhone`, `customer-phone.lookup`).
_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
# A person the tool returns (`get_customer`: `Hope Young, 6175550143`): read as a contact's details.
_PERSON_WORDS = frozenset({"customer", "user", "contact", "patient", "client", "employee", "member", "caller",
                           "person", "guest", "passenger", "holder", "owner", "full", "first", "last", "given",
                           "family", "legal", "cardholder", "subscriber", "applicant", "tenant", "student"})
_VERBS = frozenset({"get", "fetch", "lookup", "look", "up", "find", "read", "load", "query", "search", "show",
                    "retrieve", "describe", "resolve"})
_RECORD_WORDS = frozenset({"info", "details", "detail", "profile", "record", "data", "by", "id", "for"})


def _tool_type(w: frozenset[str]) -> str | None:
    if "ssn" in w or ("social" in w and "security" in w):
        return "ssn"
    if "card" in w and not w & {"balance", "limit", "count", "status", "total", "type"}:
        return "card"
    if "iban" in w:
        return "iban"
    if w & {"email", "mail"}:
        return "email"
    if w & {"phone", "telephone", "mobile", "cell", "tel", "msisdn"} or phone_named(w):  # (tool26: `callback_number`)
        from proxy.nlp.fp30 import not_phone_tool  # (fp30: `get_phone_count`, `get_cell_value`, `get_fax_queue`)

        return None if not_phone_tool(w) else "phone"
    if w & {"surname", "fullname", "firstname", "lastname"} or ("name" in w and w & _PERSON_WORDS):
        return "name"
    from proxy.guard.wh29 import singular  # `get_ssns`, `list_phones` (wh29, atk28 F05)

    if (one := singular(w)) is not None:
        return _tool_type(one)
    return ask28.named(w)  # `get_ph_num`, `get_tax_id`, `get_recipient`, `whoami` (atk26 F6c)


def question_cue(question: str) -> str | None:
    """The type the last sentence of `question` asks for (`PREFIX`'s keys), or None."""
    tail = question.strip()[-QUESTION_CHARS:]
    sentences = [s for s in _SENTENCE_END.split(tail) if s.strip()]
    if not sentences:
        return None
    # or the question before a courtesy sentence, 7 languages (atk25); more phrasings, several types (q28, atk26 F1)
    # (plurals, ru/ja/zh/ko: plur29; a Polish label, a follow-up `And hours?`: lang31)
    return lang31.cue(q28.cue(tail, sentences, _ALL_ASKS), sentences)


def tool_cue(name: str) -> str | None:
    """The type a tool's name says its result is (`get_customer_phone`: phone), or None."""
    words = frozenset(w.lower() for w in _NAME_WORD.findall(name))  # (plurals, `get_ssns`: _tool_type)
    kind = _tool_type(words)
    if kind is not None:
        return kind
    rest = words - _VERBS - _RECORD_WORDS
    if rest and rest <= _PERSON_WORDS:  # `get_customer`, `lookup_patient_record`: a person's details
        return "record"
    return None


def short(text: str) -> bool:
    stripped = text.strip()
    # (a question back is no answer: `Can we do that later?` after `What is your full name?`)
    return (0 < len(stripped) <= SHORT_CHARS and "\n" not in stripped and len(stripped.split()) <= SHORT_WORDS
            and stripped[0] not in "{[" and not stripped.endswith("?")) \
        or "\n" in stripped and plur29.courtesy_tail(stripped, short)  # (a value, then `Thanks!`)


# ------------------------------------------------------------------------------------------- bodies


def _text(content: Any) -> str:
    """The text of a message's content (a string, or its text parts joined)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)
                        and p.get("type") in (None, "text", "input_text", "output_text"))
    return ""


def _holders(content_holder: dict[str, Any], key: str) -> list[Any]:
    """The containers a slot of this content has: the holder for a string, its text parts for a list."""
    content = content_holder.get(key)
    if isinstance(content, str):
        return [content_holder]
    if isinstance(content, list):
        return [p for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)] + num48_holders(
            content_holder, key)
    return num48_holders(content_holder, key)  # a number or an object in a text's place (atk47 F01)


def _chat(messages: list[Any], out: dict[int, str]) -> None:
    names: dict[str, tuple[str, Any]] = {}
    asked = Asked()  # (system/developer turns and a second user bubble between: atk26 F7)
    for msg in messages:
        if not isinstance(msg, dict):
            asked.close()
            continue
        role = msg.get("role")
        cue = asked.see(role, msg.get("content"))  # (a user turn's: its question's)
        if role == "tool":
            call = msg.get("tool_call_id")
            cue = _called(names, call) or ((n := gap49.trimmed_name(names, msg)) and ask28.call_cue(n, None))
        elif role == "function" and isinstance(msg.get("name"), str):
            cue = tool_cue(msg["name"])
        _mark(out, msg, cue)
        calls = msg.get("tool_calls")
        for call in calls if role == "assistant" and isinstance(calls, list) else ():
            fn = (call.get("function") or call.get("custom")) if isinstance(call, dict) else None  # (custom: tool48)
            if isinstance(fn, dict) and isinstance(call.get("id"), str) and isinstance(fn.get("name"), str):
                names[call["id"]] = fn["name"], fn.get("arguments", fn.get("input"))


def _called(names: dict[str, tuple[str, Any]], call: Any) -> str | None:
    """The cue of the tool whose call `call` (an id) the request made earlier (`names`: call id -> tool name and
    arguments: `ask_user {"question": ...}`, `run_sql {"query": "SELECT ssn ..."}`, atk26 F6)."""
    return ask28.call_cue(*names[call]) if isinstance(call, str) and call in names else None


def _mark(out: dict[int, str], holder: Any, cue: str | None) -> None:
    """Each text of `holder`'s content read with `cue` (none: nothing)."""
    if cue is not None:
        out.update((id(c), cue) for c in _holders(holder, "content"))


def _anthropic(messages: list[Any], out: dict[int, str]) -> None:
    names: dict[str, tuple[str, Any]] = {}
    asked = Asked()  # (a second user turn between: atk26 F7)
    for msg in messages:
        if not isinstance(msg, dict):
            asked.close()
            continue
        content = msg.get("content")
        cue = asked.see(msg.get("role"), content)
        if msg.get("role") == "user":
            _mark(out, msg, cue)
            for block in content if isinstance(content, list) else ():
                if isinstance(block, dict) and block.get("type") == "tool_result":
                    call = block.get("tool_use_id")
                    cue = _called(names, call)
                    _mark(out, block, cue)
        elif msg.get("role") == "assistant" and isinstance(content, list):
            for block in content:
                if isinstance(block, dict) and block.get("type") == "tool_use" and isinstance(block.get("id"), str) \
                        and isinstance(block.get("name"), str):
                    names[block["id"]] = block["name"], block.get("input")


def _responses(items: list[Any], out: dict[int, str]) -> None:
    names: dict[str, tuple[str, Any]] = {}
    asked = Asked()  # (a developer item or a second user item between: atk26 F7)
    for item in items:
        if not isinstance(item, dict):
            asked.close()
            continue
        itype = item.get("type")
        if itype in (None, "message"):
            cue = asked.see(item.get("role"), item.get("content"))
            if item.get("role") == "user":
                _mark(out, item, cue)
            continue
        if itype in CALLS or itype in OUTPUTS:  # (a call between the question and its reply: plur29)
            asked.aside()
        else:
            asked.close()
        if itype in CALLS and isinstance(item.get("call_id"), str) and isinstance(item.get("name"), str):
            names[item["call_id"]] = item["name"], item.get("arguments", item.get("input"))  # (custom: F2)
        elif itype in OUTPUTS:
            call = item.get("call_id")
            cue = _called(names, call)
            if cue is not None:
                out.update((id(c), cue) for c in _holders(item, "output"))


def cues(kind: str, body: Any, slots: Sequence[TextSlot]) -> dict[int, tuple[str, str]]:
    """Per slot index, the short reply or tool result read with its context: (its text, the prefix)."""
    by_container: dict[int, str] = {}
    if not isinstance(body, dict):
        return {}
    if kind == CHAT and isinstance(body.get("messages"), list):
        _chat(body["messages"], by_container)
    elif kind in (MESSAGES, COUNT_TOKENS) and isinstance(body.get("messages"), list):
        _anthropic(body["messages"], by_container)
    elif kind == RESPONSES and isinstance(body.get("input"), list):
        _responses(body["input"], by_container)
    if kind == RESPONSES:  # the earlier turn the provider holds (`previous_response_id`): remembered (prev26)
        prev26.recall(body, by_container)
    bub48.mark(kind, body, by_container)  # a cue ending the user text before, or the system prompt's (atk47 F03)
    if not by_container:
        return {}
    out: dict[int, tuple[str, str]] = {}
    for i, slot in enumerate(slots):
        cue = by_container.get(id(slot.container))
        if (named := gap49.name_cue(slot, by_container)) is not None:  # a user message's `name` (gap49)
            cue = named
        elif cue is None or slot.kind not in ("text", "tool_result") \
                or not (slot.key in ("content", "text", "output", "input") or num48_placed(slot)):  # (prev26; num48)
            continue
        text = slot.get()
        prefix = lang31.label(cue) or q28.prefix(cue)  # (several types: q28; a Polish label: lang31)
        if short(text) or reply31.value_at(text, prefix) is not None \
                or (slot.kind == "tool_result" or slot.key == "output") and json_value(text) is not None:
            out[i] = (text, prefix)  # (a JSON result's one value too: cue28)
    return out


_CUES: ContextVar[dict[int, tuple[str, str]] | None] = ContextVar("context24_cues", default=None)


@contextmanager
def cued(kind: str, body: Any, slots: Sequence[TextSlot]) -> Iterator[None]:
    """Around a request's input screening: its short replies and tool results read with their context."""
    token = _CUES.set(ask28.kept(cues(kind, body, slots)) or None)  # (no identifier as a name: atk26 F6)
    try:
        with called(kind, body, slots), ask28.holding(kind, body, slots), \
                turn47.reading(kind, body, slots):  # with its name (tool26), arguments (ask28), dictated (turn47)
            yield
    finally:
        _CUES.reset(token)


# ------------------------------------------------------------------------------------------- names

# Capitalised parts joined by `_` (`Maria_Schmidt`); in an id or name field also run together (`JohnSmith`).
_JOINED = re.compile(r"(?<![A-Za-z0-9])[A-Z][a-z]+(?:_[A-Z][a-z]+){1,2}(?![A-Za-z0-9])")
_RUN_TOGETHER = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+){1,2}")
_PART = re.compile(r"[A-Z][a-z]+")


def _name_parts(parts: Sequence[str]) -> bool:
    """A listed first name, then listed names or words no English list holds (`proxy.nlp.names`): `Maria Schmidt`,
    `Elena Petrova`, not `Test Suite` or `Grace Period`. The PII model then reads the parts as a name or not."""
    from proxy.nlp.names import name_lists

    lists = name_lists()
    words = [p.lower() for p in parts]
    return lists.is_any_first(words[0]) and all(w in lists.first or w in lists.last or w not in lists.english
                                                for w in words[1:])


def _joined_names(text: str, prose: bool) -> list[tuple[int, int, list[int]]]:
    """The joined names of `text`: (start, end, where a space is read: the joints' offsets)."""
    out: list[tuple[int, int, list[int]]] = []
    if "_" in text:
        from proxy.nlp.mime39 import in_encoded_word  # (mime39: `=?UTF-8?Q?Eugenia_Whitaker?=` is the decoder's)

        for m in _JOINED.finditer(text):
            if _name_parts(m.group().split("_")) and not ("?=" in text and in_encoded_word(text, *m.span())):
                out.append((m.start(), m.end(), [m.start() + j for j, c in enumerate(m.group()) if c == "_"]))
    if not prose and _RUN_TOGETHER.fullmatch(text.strip()):
        lead = len(text) - len(text.lstrip())
        parts = [(lead + m.start(), m.group()) for m in _PART.finditer(text.strip())]
        if _name_parts([p for _, p in parts]):
            out.append((lead, lead + len(text.strip()), [at for at, _ in parts[1:]]))
    from proxy.guard import names26  # `Anna_Müller`, `JohnSmith1985`, `send_to_Maria_Schmidt` (atk25 F04, F11)

    out += names26.joined(text, prose, out)
    if not prose and not out:  # `lookupBillWhite`, `getHopeYoungProfile` (cue28); `call_MariaSchmidt`, `Kerr_Dana_x`
        out = camel_joined(text) or names26.part_camel(text) or names26.surname_first(text)
    if "?=" in text:  # (mime39: `=?UTF-8?Q?Eugenia_Whitaker?=` is the view's decoder's: its `_` a space there)
        from proxy.nlp.mime39 import in_encoded_word

        out = [j for j in out if not in_encoded_word(text, j[0], j[1])]
    return names26.edged(text, out)


# ------------------------------------------------------------------------------------------- views


def _spaced(text: str, at: Sequence[int]) -> str:
    """`text` with a space for the `_` at each offset in `at` (ascending)."""
    out, last = [], 0
    for k in at:
        out.append(text[last:k])
        out.append(" ")
        last = k + 1
    out.append(text[last:])
    return "".join(out)


@dataclass
class Views:
    """Texts read in other texts' place by the PII check's one pass, and the way back to the texts' offsets."""

    texts: list[str]
    where: dict[int, list[int]]  # per read text: for each offset of its reading, the text's (len + 1 of them)
    names: dict[int, list[tuple[int, int]]]  # per text: its joined names (a name over part of one covers it)
    forced: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # per text: names whatever (ids31)
    # per text: (start, end) of each run read decoded, in the reading and in the text: a finding there is the run's
    runs: dict[int, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # (enc42)

    def back(self, spans: Sequence[Sequence[Span]]) -> list[tuple[Span, ...]]:
        out: list[tuple[Span, ...]] = []
        for i, found in enumerate(spans):
            where = self.where.get(i)
            moved: list[Span] = []
            for s in found:
                start, end = (where[s.start], where[s.end]) if where is not None else (s.start, s.end)
                for a, b, run_start, run_end in self.runs.get(i, ()):
                    if s.start < b and a < s.end:
                        start, end = min(start, run_start), max(end, run_end)  # (the whole encoded run: enc42)
                if end <= start:
                    continue  # in the context read before the text
                if s.entity == "PERSON":
                    for a, b in self.names.get(i, ()):
                        if start < b and a < end:
                            start, end = min(start, a), max(end, b)
                moved.append(Span(s.entity, start, end, s.score) if (start, end) != (s.start, s.end) else s)
            moved += [Span("PERSON", a, b, 0.85) for a, b in self.forced.get(i, ())
                      if not any(s.entity == "PERSON" and s.start <= a and b <= s.end for s in moved)]
            out.append(tuple(moved))
        return out


def views(texts: Sequence[str], ctx: CheckContext) -> Views | None:
    """The texts of a request the PII check reads in another form (`Views`), or None."""
    if ctx.phase != "input":
        shown = reply26.answer_views(texts, ctx)  # a short answer read with the user's question (atk25 F07)
        if shown is None and (blobs := answer_blobs(list(texts))) is not None:
            return Views(blobs[0], blobs[1], {}, runs=blobs[2])  # long base64 runs of text read decoded (enc42)
        return shown
    from proxy.guard.names26 import recase

    held = _CUES.get()
    read, where_of, names = list(texts), {}, {}
    changed: set[int] = set()
    forced: dict[int, list[tuple[int, int]]] = {}
    for i, text in enumerate(texts):
        if ctx.prose is not None and not ctx.prose[i] and (whole := ids31.id_names(text)):
            forced[i] = whole  # `SCHMIDT.MARIA`, `M_Schmidt`, `MSchmidt` in an id field (acc28 F11)
        if (again := ask28.view(i, text)) is not None:  # a result's values with its call's arguments (atk26 F6)
            read[i], where_of[i] = again
            continue
        prefix: dict[int, str] = {}  # where the cue's context is read: before the reply, or its parts (q28)
        if held is not None and i in held and held[i][0] == text:
            if not short(text) and (json := json_reading(text, held[i][1])) is not None:  # (cue28)
                read[i], where_of[i] = json
                continue
            text = reply26.cased(text, q28.case_as(held[i][1]))  # `PRIYA RAGHUNATHAN` in a name's case (atk25 F03)
            prefix = q28.inserts(text, held[i][1])
            if not short(text):  # (one sentence around one value: the cue before the value, acc28 F04)
                prefix = reply31.moved(text, prefix)
        joined = _joined_names(text, ctx.prose is None or ctx.prose[i]) \
            if "_" in text or (ctx.prose is not None and not ctx.prose[i]) else []
        if not prefix and not joined:
            continue
        text = recase(text, joined)  # `maria_schmidt` read as `Maria_Schmidt` (names26)
        spaces = sorted({at for _, _, ats in joined for at in ats})
        if not prefix and all(text[at] == "_" for at in spaces):  # same length: offsets as they are
            read[i] = _spaced(text, spaces)
            changed.add(i)
        else:
            chars: list[str] = []
            where: list[int] = []
            at = set(spaces)
            for k, c in enumerate(text):
                if k in prefix:
                    chars.extend(prefix[k])
                    where.extend([k] * len(prefix[k]))
                if k in at:
                    if c == "_":
                        chars.append(" ")
                    else:  # run together: a space before the part
                        chars.extend((" ", c))
                        where.append(k)
                else:
                    chars.append(c)
                where.append(k)
            where.append(len(text))
            read[i] = "".join(chars)
            where_of[i] = where
        if joined:
            names[i] = [(a, b) for a, b, _ in joined]
    return Views(read, where_of, names, forced) if where_of or changed or forced else None
