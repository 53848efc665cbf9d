"""A tool call's values read with its name: JSON results and the call's own arguments (issue 12, atk25 F01, F08).

A bare value means what the tool's name says it is: a `get_customer_ssn` tool's result `536904399`, a `send_sms`
call's `{"to": "6175550143"}`. `proxy.guard.context24` read a tool's result with its call's name only when the result
was a bare value; the shape tools return, JSON, went as sent (`{"result": "536904399"}`, `["536904399"]`, `{"data":
{"id": 7, "value": "536904399"}}`, `{"result": 6175550143}`), and so did the call's own arguments under keys that name
no type (`send_sms {"to": ...}`, `call_customer {"number": ...}`, `update_ssn {"value": ...}`, `lookup_by_phone {"q":
...}`, `search_customers {"query": ...}`), in the client's history and in the model's own calls, whole and streamed.

So a value (a string or a number, `MAX_VALUE` characters at most) shaped as the type the call's name names (a phone
number's digits and separators, an SSN's nine digits) is read after that type's context word, as a value under a key
that names the type is (`proxy.guard.keyed.Keyed`: `phone: 6175550143`), when its key is a generic one:

- a tool's result (chat `role: tool` with its call's name, Anthropic `tool_result` with its `tool_use`, Responses
  `function_call_output` with its `function_call`), a JSON object or array: a value at the top (an array's element)
  or under keys whose words are all generic (`result`, `data`, `value`, `values`, `items`, `output`...). Not under a
  key that says something else (`id`, `count`, `total`, `order_id`, `status`), and not from a tool that counts or
  measures (`get_phone_count`: a count is no phone number);
- a call's own arguments (request: chat `tool_calls[].function.arguments`, Anthropic `tool_use.input`, Responses
  `function_call.arguments`; answer: the model's calls, whole and streamed): under keys that name the value's role
  (`to`, `number`, `value`, `q`, `query`, `recipient`, `target`...), never `id` nor a message's `body`. A call that
  names a person's record (`search_customers`, `find_user`) reads a phone number under a query's key only.

The type from a name (`result_cue`, `args_cue`): its words (`proxy.guard.context24.tool_cue`) and, for a phone, the
words that name one without `phone` (`contact_number`, `callback_number`, `whatsapp`, `msisdn`: `phone_named`, also
read for a bare result); for the arguments, the verbs that send to one (`send_sms`, `call_customer`, `dial`).

Where the values are read: the PII check asks `readings` for the `Keyed` readings of its texts. A request's texts are
found by `called` (inside `proxy.guard.context24.cued`, around the input screening: the body's calls and results); a
whole answer's by `answered` (the body) with `answering` (its decoded texts, `proxy.guard.phases.screen_answer`); a
stream's by `observe` (each event: a call's name by its arguments' channel) with `window` and `released` (a window of
`proxy.guard.windows.OutputWindows`: its JSON pieces, read by content in the window's readings, and in the document
reading that keeps them, `proxy.guard.docvalues`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

from proxy.guard import gap49s, tool48
from proxy.guard.checks.base import CheckContext
from proxy.guard.joined import json_values, key_words
from proxy.guard.keyed import CONTEXT_WORD, MAX_VALUE, Keyed
from proxy.providers.base import CHAT, COUNT_TOKENS, MESSAGES, RESPONSES, TextSlot

# ------------------------------------------------------------------------------------------- names

_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
# Words that name a phone number without `phone` (a result or arguments alike).
_PHONE_NOUNS = frozenset({"whatsapp", "callback", "landline", "cellphone", "msisdn", "fax"})
_CALL_HEADS = frozenset({"contact", "callback", "call", "dial", "mobile", "cell"})
_NUMBER_WORDS = frozenset({"number", "numbers", "num", "no", "nr"})
# Verbs of a call that sends to a phone number (its arguments only): `send_sms`, `send_text`; `call`, `dial`, `ring`
# alone or with a person (`call_customer`, `place_call`), not `call_api`, `get_call`.
_SMS = frozenset({"sms", "mms"})
_CALL_VERBS = frozenset({"call", "dial", "ring"})
_VERB_WORDS = frozenset({"send", "make", "place", "start", "initiate", "outbound", "voice", "message", "a", "to", "by",
                         "id", "for"})
# A tool that counts or measures what it names returns no phone number or SSN (`get_phone_count`).
_MEASURES = frozenset({"count", "counts", "total", "totals", "sum", "length", "size", "stats", "limit", "quota",
                       "balance", "price", "cost", "rate", "usage", "duration", "imei", "imsi", "iccid", "serial",
                       "pin", "otp", "code", "codes"})


def _words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _NAME_WORD.findall(name[:128]))


def phone_named(words: frozenset[str]) -> bool:
    """Whether a tool name's words name a phone number without `phone` (`get_contact_number`, `get_whatsapp`)."""
    return bool(words & _PHONE_NOUNS) or bool(words & _CALL_HEADS and words & _NUMBER_WORDS)


def _person_words(rest: frozenset[str]) -> bool:
    from proxy.guard.context24 import _PERSON_WORDS

    return all(w in _PERSON_WORDS or (w.endswith("s") and w[:-1] in _PERSON_WORDS) for w in rest)


@functools.lru_cache(maxsize=4096)
def result_cue(name: str) -> str | None:
    """`phone` or `ssn`: the type a tool's name says its result is, or None."""
    from proxy.guard.context24 import tool_cue
    from proxy.nlp.fp30 import not_phone_tool  # (fp30: `get_fax_queue`, `get_tel_metrics`, `get_cell_value`)

    words = _words(name)
    if words & _MEASURES or not_phone_tool(words):
        return None
    cue = tool_cue(name)
    if cue in ("phone", "ssn"):
        return cue
    return "phone" if phone_named(words) else None


@functools.lru_cache(maxsize=4096)
def args_cue(name: str) -> str | None:
    """`phone`, `ssn` or `record` (a person's record: a phone number under a query's key only): the type a call's name
    says its arguments' values are, or None."""
    from proxy.guard.context24 import _RECORD_WORDS, _VERBS, tool_cue

    words = _words(name)
    cue = tool_cue(name)
    if cue in ("phone", "ssn"):
        return cue
    if phone_named(words):
        return "phone"
    from proxy.guard.wh29 import texts_person  # `text_customer` (wh29)

    if words & _SMS or {"send", "text"} <= words or texts_person(words):
        return "phone"
    if words & _CALL_VERBS and _person_words(words - _CALL_VERBS - _VERB_WORDS):
        return "phone"
    rest = words - _VERBS - _RECORD_WORDS - _VERB_WORDS
    if cue == "record" or (rest and _person_words(rest)):
        return "record"
    return None


# ------------------------------------------------------------------------------------------- keys and values

# Keys of a tool's result that say nothing of the value (its words all of these).
_RESULT_KEYS = frozenset({"result", "results", "data", "value", "values", "item", "items", "output", "outputs",
                          "response", "answer", "return", "returns", "returned", "payload", "content", "number",
                          "numbers", "list", "entries", "entry", "match", "matches", "found", "res", "ret", "val",
                          "out", "body"})
# Keys of a call's arguments that name the value's role, not its type.
_ARG_KEYS = frozenset({"to", "from", "number", "numbers", "value", "values", "q", "query", "recipient", "recipients",
                       "target", "targets", "destination", "dest", "callee", "caller", "sender", "search", "term",
                       "keyword", "lookup", "input", "arg", "dial"})
_QUERY_KEYS = frozenset({"q", "query", "search", "term", "keyword", "lookup", "value", "input", "number"})
_PHONE_SHAPE = re.compile(r"\+?\(?[0-9][0-9 ().-]{5,22}[0-9]")
_SSN_SHAPE = re.compile(r"[0-9]{3}([- ]?)[0-9]{2}\1[0-9]{4}")
_ENTITY = {"phone": "PHONE_NUMBER", "ssn": "US_SSN", "record": "PHONE_NUMBER"}
_BRACKET = re.compile(r"[{}\[\]]")
_NINE_DIGITS = re.compile(r"[0-9](?:[ ().-]{0,2}[0-9]){8}")  # (a text without nine digits holds neither type)


def _generic(key: str | None, cue: str, args: bool) -> bool:
    if key is None:
        return not args  # a result's value at the top, or an array's element there
    words = key_words([key])
    from proxy.guard.wh29 import ARG_KEYS, RESULT_KEYS  # MCP's `text`, `{"new": ...}` (wh29, atk28 F05)

    return bool(words) and words <= (_QUERY_KEYS if cue == "record" else _ARG_KEYS | ARG_KEYS if args
                                     else _RESULT_KEYS | RESULT_KEYS)


def _shaped(value: str, entity: str) -> bool:
    value = value.strip()
    if entity == "US_SSN":
        return _SSN_SHAPE.fullmatch(value) is not None
    return _PHONE_SHAPE.fullmatch(value) is not None and 10 <= sum(map(str.isdigit, value)) <= 15 \
        and _valid_phone(value)


def _valid_phone(value: str) -> bool:
    """A phone number with its `+` country code valid as one, or a valid North American number (ten digits, or
    eleven with the leading 1): not a Unix time or an id under `from`/`to` (`{"from": 1700000000}`)."""
    import phonenumbers

    digits = "".join(c for c in value if c.isdigit())
    try:
        if value.startswith("+"):
            return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, None)))
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        return len(digits) == 10 and bool(phonenumbers.is_valid_number(phonenumbers.parse(digits, "US")))
    except phonenumbers.NumberParseException:
        return False


def _reading(i: int, start: int, end: int, value: str, key: str | None, cue: str, args: bool,
             entities: frozenset[str]) -> Keyed | None:
    entity = _ENTITY[cue]
    if end - start < 9 or end - start > MAX_VALUE or entity not in entities or not _shaped(value, entity) \
            or not _generic(key, cue, args):
        return None
    return Keyed(i, start, end, entity, False, f"{CONTEXT_WORD[entity]}: {value}")


def json_members(text: str) -> list[tuple[int, int, str | None]]:
    """The strings and numbers of a JSON text (escapes as written), each with the key it is under (an array's
    elements: the array's key; None at the top), as (start, end, key)."""
    out: list[tuple[int, int, str | None]] = []
    stack: list[list[str | None]] = []  # per open container: [kind, its key]
    pos = 0
    for a, b, kind in json_values(text):
        for m in _BRACKET.finditer(text, pos, a):
            c = m.group()
            if c in "{[":
                inherited = stack[-1][1] if stack else None
                stack.append(["{" if c == "{" else "[", None if c == "{" else inherited])
            elif stack:
                stack.pop()
        pos = b
        if kind == "key":
            if stack and stack[-1][0] == "{":
                stack[-1][1] = text[a:b]
            continue
        out.append((a, b, stack[-1][1] if stack else None))
    return out


# ------------------------------------------------------------------------------------------- what is held


@dataclass(frozen=True, slots=True)
class Held:
    """A text of a tool call read with its name: a JSON document (`key` unused) or one value under `key`."""

    text: str
    cue: str
    args: bool            # the call's arguments (else the tool's result)
    document: bool        # a JSON text: its values with their keys (`json_members`)
    key: str | None = None


_HELD: ContextVar[dict[int, Held] | None] = ContextVar("tool26_held", default=None)
_BODY: ContextVar[tuple[str, Any] | None] = ContextVar("tool26_body", default=None)
_WINDOW: ContextVar[list[tuple[str, str]] | None] = ContextVar("tool26_window", default=None)


def readings(texts: Sequence[str], ctx: CheckContext, entities: frozenset[str]) -> list[Keyed]:
    """The `Keyed` readings of the texts of this check's call that are a tool call's values (module docstring)."""
    if not entities & {"PHONE_NUMBER", "US_SSN"}:
        return []
    more = tool48.readings(texts, entities)  # custom inputs, MCP results, tables and documents (tool48)
    held = _HELD.get()
    if held is None and ctx.phase == "output" and (window := _WINDOW.get()):
        held = _in_window(texts, ctx, window)
    if not held:
        return more
    out: list[Keyed] = []
    for i, h in held.items():
        if i >= len(texts) or texts[i] != h.text or _NINE_DIGITS.search(h.text) is None:
            continue
        if h.document:
            text = texts[i]
            for a, b, key in json_members(text):
                if (k := _reading(i, a, b, text[a:b], key, h.cue, h.args, entities)) is not None:
                    out.append(k)
        elif (k := _reading(i, 0, len(h.text), h.text, h.key, h.cue, h.args, entities)) is not None:
            out.append(k)
    return out + more


@contextmanager
def _holding(value: dict[int, Held] | None) -> Iterator[None]:
    token = _HELD.set(value or None)
    try:
        yield
    finally:
        _HELD.reset(token)


# ------------------------------------------------------------------------------------------- requests

_SEGMENT = re.compile(r"(?:\\.|[^:\\])+")


def _value_key(channel: str, group: str) -> str | None:
    """The key a decoded value is under (its channel below its document's: the last segment that is no index)."""
    rest = channel[len(group) + 1:] if channel.startswith(group + ":") else ""
    key: str | None = None
    for m in _SEGMENT.finditer(rest):
        seg = m.group()
        if not seg.isdigit():
            key = re.sub(r"\\(.)", r"\1", seg)
    return key


def _at(node: Any, *path: str | int) -> Any:
    for step in path:
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
    return node


_CALL_PLACES = (
    (re.compile(r"messages:(\d+):tool_calls:(\d+):arguments"), ("messages", 0, "tool_calls", 1, "function", "name")),
    (re.compile(r"messages:(\d+):content:(\d+):input"), ("messages", 0, "content", 1, "name")),
    (re.compile(r"input:(\d+):arguments"), ("input", 0, "name")),
    (re.compile(r"choice:(\d+):tool:(\d+):arguments"), ("choices", 0, "message", "tool_calls", 1, "function", "name")),
    (re.compile(r"block:(\d+):input"), ("content", 0, "name")),
    (re.compile(r"output:(\d+):arguments"), ("output", 0, "name")),
)


def _call_name(body: Any, place: str) -> str | None:
    """The name of the call whose arguments are at `place` (a document's channel) in `body`."""
    for pattern, path in _CALL_PLACES:
        if (m := pattern.fullmatch(place)) is not None:
            numbers = [int(g) for g in m.groups()]
            name = _at(body, *(numbers[p] if isinstance(p, int) else p for p in path))
            if path[0] == "choices" and name is None:  # a choice found by its `index`
                for choice in body.get("choices") or () if isinstance(body, dict) else ():
                    if isinstance(choice, dict) and choice.get("index") == numbers[0]:
                        name = _at(choice, "message", "tool_calls", numbers[1], "function", "name")
            return name if isinstance(name, str) else None
    return None


def _arguments(body: Any, slots: Sequence[TextSlot]) -> dict[int, Held]:
    """The values of the calls' arguments in `slots` whose call's name names a type."""
    out: dict[int, Held] = {}
    cues: dict[str, str | None] = {}
    for i, slot in enumerate(slots):
        if slot.kind != "tool_arguments":
            continue
        group = getattr(slot, "group", None)
        place = str(group) if group is not None else slot.channel
        if place not in cues:
            name = _call_name(body, place)
            cues[place] = args_cue(name) if name is not None else None
        cue = cues[place]
        if cue is None:
            continue
        text = slot.get()
        if group is None:
            if slot.is_json:
                out[i] = Held(text, cue, True, True)
        elif getattr(slot, "mode", "value") != "key":
            out[i] = Held(text, cue, True, False, _value_key(slot.channel, place))
    return out


def _results(kind: str, body: dict[str, Any], slots: Sequence[TextSlot]) -> dict[int, Held]:
    """The tool results in `slots` that are JSON documents, whose call's name names a type."""
    from proxy.guard.context24 import _holders

    names: dict[str, str] = {}
    marked: dict[int, str] = {}

    def mark(holder: Any, key: str, call: Any) -> None:
        cue = result_cue(names[call]) if isinstance(call, str) and call in names else None
        if cue is not None:
            marked.update((id(c), cue) for c in _holders(holder, key))

    items = body.get("input" if kind == RESPONSES else "messages")
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        if kind == CHAT:
            for call in item.get("tool_calls") or () if item.get("role") == "assistant" else ():
                fn = call.get("function") if isinstance(call, dict) else None
                if isinstance(fn, dict) and isinstance(call.get("id"), str) and isinstance(fn.get("name"), str):
                    names[call["id"]] = fn["name"]
            if item.get("role") == "tool":
                mark(item, "content", item.get("tool_call_id"))
        elif kind == RESPONSES:
            if item.get("type") == "function_call" and isinstance(item.get("call_id"), str) \
                    and isinstance(item.get("name"), str):
                names[item["call_id"]] = item["name"]
            elif item.get("type") == "function_call_output":
                mark(item, "output", item.get("call_id"))
        else:
            content = item.get("content")
            for block in content if isinstance(content, list) else ():
                if not isinstance(block, dict):
                    continue
                if block.get("type") == "tool_use" and isinstance(block.get("id"), str) \
                        and isinstance(block.get("name"), str):
                    names[block["id"]] = block["name"]
                elif block.get("type") == "tool_result":
                    mark(block, "content", block.get("tool_use_id"))
    out: dict[int, Held] = {}
    for i, slot in enumerate(slots):
        cue = marked.get(id(slot.container))
        if cue is not None and slot.key in ("content", "text", "output"):
            text = slot.get()
            stripped = text.strip()
            if len(stripped) > 1 and stripped[0] in "{[" and stripped[-1] in "}]":
                out[i] = Held(text, cue, False, True)
    return out


@contextmanager
def called(kind: str, body: Any, slots: Sequence[TextSlot]) -> Iterator[None]:
    """Around a request's input screening: its calls' arguments and tools' JSON results read with the calls' names."""
    held: dict[int, Held] = {}
    if isinstance(body, dict) and kind in (CHAT, MESSAGES, COUNT_TOKENS, RESPONSES) \
            and isinstance(body.get("input" if kind == RESPONSES else "messages"), list):
        held = {**_results(kind, body, slots), **_arguments(body, slots)}
    with _holding(held), tool48.holding(body, slots):
        yield


# ------------------------------------------------------------------------------------------- answers


@contextmanager
def answered(kind: str, body: Any) -> Iterator[None]:
    """Around a whole answer's screening: its body, where `held` finds its calls' names."""
    token = _BODY.set((kind, body) if kind in (CHAT, MESSAGES, RESPONSES) and isinstance(body, dict) else None)
    try:
        with gap49s.thought(kind, body):  # a thinking block's cue for the text after it (gap49)
            yield
    finally:
        _BODY.reset(token)


def answering(method: Callable[Concatenate[Any, Any, Sequence[TextSlot], P], Awaitable[R]],
              ) -> Callable[Concatenate[Any, Any, Sequence[TextSlot], P], Awaitable[R]]:
    """`proxy.guard.phases.screen_answer(guard, policy, slots, ...)` of a whole answer (`answered`): each value of a
    call whose name names a type read with it, in the texts it reads (`slots`, each call's arguments decoded:
    `proxy.guard.phases.decoded`, slot by slot, in order)."""

    @functools.wraps(method)
    async def wrapper(guard: Any, policy: Any, slots: Sequence[TextSlot], /, *args: P.args, **kwargs: P.kwargs) -> R:
        answer = _BODY.get()
        if answer is None or not any(s.kind in ("tool_arguments", "tool_result") for s in slots):  # (tool48)
            return await method(guard, policy, slots, *args, **kwargs)
        from proxy.guard.phases import decoded

        reads = [read for slot in slots for read in decoded([slot])]
        with _holding(_arguments(answer[1], reads)), tool48.holding(answer[1], reads):
            return await method(guard, policy, slots, *args, **kwargs)

    return wrapper


# ------------------------------------------------------------------------------------------- streams

# Per stream (its `OutputWindows`): each call's arguments' channel to its cue.
_STREAMS: WeakKeyDictionary[Any, dict[str, str]] = WeakKeyDictionary()


def observe(windows: Any, kind: str, data: Any) -> None:
    """A stream's event: the names of the calls it opens, by their arguments' channel."""
    if not isinstance(data, dict):
        return
    tool48.observe(windows, kind, data)  # custom calls' inputs (tool48)
    gap49s.observe(windows, kind, data)  # a thinking block's cue, a streamed MCP result's call (gap49)
    found: list[tuple[str, str]] = []
    if kind == CHAT:
        for n, choice in enumerate(data.get("choices") or ()):
            calls = _at(choice, "delta", "tool_calls")
            index = choice.get("index", n) if isinstance(choice, dict) else n
            for call in calls if isinstance(calls, list) else ():
                name = _at(call, "function", "name")
                if isinstance(name, str) and name and isinstance(call.get("index"), int):
                    found.append((f"choice:{index}:tool:{call['index']}:arguments", name))
    elif kind == MESSAGES and data.get("type") == "content_block_start":
        name = _at(data, "content_block", "name")
        if isinstance(name, str) and isinstance(data.get("index"), int):
            found.append((f"block:{data['index']}", name))
    elif kind == RESPONSES and data.get("type") in ("response.output_item.added", "response.output_item.done"):
        name = _at(data, "item", "name")
        if isinstance(name, str) and isinstance(data.get("output_index"), int):
            found.append((f"output:{data['output_index']}:arguments", name))
    if not found:
        return
    try:
        known = _STREAMS.setdefault(windows, {})
    except TypeError:
        return
    for channel, name in found:
        cue = args_cue(name)
        if cue is not None and channel not in known:
            known[channel] = cue
        elif cue is None and channel in known:
            known.pop(channel)


def _in_window(texts: Sequence[str], ctx: CheckContext, window: Sequence[tuple[str, str]]) -> dict[int, Held]:
    """The texts of a window's readings that are its cued JSON pieces: a piece's view (the window's reading), or its
    values, each a text of a document (`proxy.guard.docvalues`: the reading that keeps them)."""
    from proxy.guard.docvalues import window_values
    from proxy.guard.joined import json_view

    out: dict[int, Held] = {}
    views: dict[str, str] = {}
    values: list[tuple[list[str], list[str | None], str]] = []
    for raw, cue in window:
        for inside in (False, True):
            views.setdefault(json_view(raw, inside)[0], cue)
            vals = window_values(raw, inside)
            key: str | None = None
            keys: list[str | None] = []
            for v in vals:
                if v.kind == "key":
                    key = v.text
                keys.append(key)
            values.append(([v.text for v in vals], keys, cue))
    for i, text in enumerate(texts):
        if text in views and ctx.json_texts is not None and i < len(ctx.json_texts) and ctx.json_texts[i]:
            out[i] = Held(text, views[text], True, True)
    for document in ctx.documents:
        doc = [texts[i] for i, _ in document if i < len(texts)]
        for seen, keys, cue in values:
            if seen == doc:
                for (i, kind), key in zip(document, keys, strict=False):
                    if kind != "key":
                        out[i] = Held(texts[i], cue, True, False, key)
                break
    return out


P = ParamSpec("P")
R = TypeVar("R")


def window(method: Callable[Concatenate[Any, list[Any], P], Awaitable[R]],
           ) -> Callable[Concatenate[Any, list[Any], P], Awaitable[R]]:
    """`OutputWindows._check_pieces`: its JSON pieces of cued calls read with their names."""

    @functools.wraps(method)
    async def wrapper(self: Any, pieces: list[Any], /, *args: P.args, **kwargs: P.kwargs) -> R:
        known = _STREAMS.get(self) if _weak(self) else None
        cued = [(p.text, known[p.channel]) for p in pieces if p.in_json and p.channel in known] if known else []
        if not cued:
            with tool48.windowed(self, pieces):  # (custom inputs: tool48)
                return await method(self, pieces, *args, **kwargs)
        token = _WINDOW.set(cued)
        try:
            return await method(self, pieces, *args, **kwargs)
        finally:
            _WINDOW.reset(token)

    return wrapper


def released(method: Callable[Concatenate[Any, Any, str, P], Awaitable[R]],
             ) -> Callable[Concatenate[Any, Any, str, P], Awaitable[R]]:
    """`OutputWindows._release` (a field of no group): its segment read with its call's name."""

    @functools.wraps(method)
    async def wrapper(self: Any, ch: Any, segment: str, /, *args: P.args, **kwargs: P.kwargs) -> R:
        known = _STREAMS.get(self) if _weak(self) else None
        channel = next((c for c, x in getattr(self, "_channels", {}).items() if x is ch), None) \
            if known and getattr(ch, "in_json", False) else None
        if channel is None or known is None or channel not in known:
            with tool48.windowed(self, channel_of=ch, segment=segment):  # (custom inputs: tool48)
                return await method(self, ch, segment, *args, **kwargs)
        token = _WINDOW.set([(segment, known[channel])])
        try:
            return await method(self, ch, segment, *args, **kwargs)
        finally:
            _WINDOW.reset(token)

    return wrapper


def _weak(obj: Any) -> bool:
    try:
        return obj in _STREAMS
    except TypeError:
        return False
