"""A policy phase over a provider body: the adapter lists the texts, the engine decides, texts go back.

The step the request flow calls for the client's request (`screen_request`) and for a whole answer
(`screen_answer`); a streamed answer goes through `Guard.output_stream` window by window instead.
Texts are `TextSlot`s pointing into the parsed body, so a rewrite changes only those strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from proxy.config.policy import InputRules, OutputRules, Policy
from proxy.guard import operators, part29
from proxy.guard.commands22 import setting_key
from proxy.guard.decision import block_message
from proxy.guard.engine import Guard, InputVerdict, OutputVerdict
from proxy.guard.fixed import NAME_CHECK, name_findings, name_record
from proxy.guard.fixed import RUN_TOGETHER_NAME as _RUN_TOGETHER
from proxy.guard.hosts import url_afters
from proxy.guard.joined import DIRECT, JSON, JSON_DOC, Fixed, Join, Sibling
from proxy.guard.keyed import Group, json_like
from proxy.guard.out43 import id_field
from proxy.guard.parts26 import Chunks, input_runs
from proxy.guard.scopes import SENDING, answer_of, code_sends, plain_url, sends, tool_scope_of
from proxy.guard.sealed import keep_signed_fakes, sealed_befores
from proxy.guard.tool26 import answering as answering_calls
from proxy.guard.tox42 import tox_names
from proxy.guard.urls import PART_KEYS, host_key, network_place, url_befores, url_key
from proxy.guard.vault import Vault
from proxy.nlp import caps39
from proxy.providers.base import SIGNED_REASONING, TextSlot
from proxy.providers.idshape import NAME_KIND
from proxy.providers.inventory import TreeSlot, _seg, filter_field, json_text_slots

# The record's check name when a redaction falls in a text a signature covers.
SIGNED_CHECK = "signed_text"
# The record's check name when a finding falls in a name or the model (`idshape.NAME_KIND`): no rewrite.
NAME_TEXT_CHECK = "name_text"


# Texts read with their neighbours (`proxy.guard.joined`): what people and models write, in order.
# Swept fields (`metadata`, descriptions), object keys and numbers of tool inputs are read alone.
JOINED_KINDS = frozenset({"text", "input", "prompt", "tool_result", "reasoning", "refusal"})
# The documents of an embeddings or completions batch (array `input` / `prompt`) are independent: each is read
# alone, never with its neighbours (`["Call me at 617-555-0143", "99 problems"]` is no `...014399 problems`).
BATCH_KINDS = frozenset({"input", "prompt"})


def joinable(slot: TextSlot) -> Join:
    """How `slot` is read with its neighbours (`proxy.guard.joined.Join`). Tool-call arguments and tool
    inputs are read with the texts around them: their string values in order; their keys are passed over
    (read with their own value by the patterns); a number is read alone (`{"n": 1, "to": "a@b.io"}` is no
    `1a@b.io`). The values of one document are also read with each other, a space apart, numbers too
    (`documents`, `proxy.guard.joined.sibling_joints`: `[4111, 1111, 1111, 1111]`). An identifier screened as
    data (`proxy.guard.out43.id_field`: an answer item's `id` not of an id's shape) is read alone and passed over,
    never with the text beside it (out42, atk42 F11: `...@fastmail.c` + `msg_mock0...2` rewrote the id)."""
    if id_field(slot):
        return None
    mode = getattr(slot, "mode", "value")
    if slot.kind == "tool_arguments":
        if mode == "key":
            return None
        return mode == "value"  # a number beside other values reads as a new number: alone
    if slot.kind in BATCH_KINDS and isinstance(slot.container, list):
        return False  # one document of a batch (`input: [...]`, `prompt: [...]`): read alone (atk15 L1)
    return slot.kind in JOINED_KINDS and mode == "value"


# A chunk of a document (split36, atk35 F10) ends mid-word or mid-value: `maria.gonzalez@acme-co` + `rp.com`.
_GLUE = "@.-_+"
_ENDS = ".!?;:\n"


def _mid(left: str, right: str, any_token: bool) -> bool:
    """Whether a cut between `left` and `right` falls inside a word or a value: a letter on both sides, or a
    letter or digit beside `@ . - _ +` (`any_token`: any two characters but blanks, after no sentence's end)."""
    a, b = left[-1], right[0]
    if a.isspace() or b.isspace():
        return False
    if any_token and a not in _ENDS:
        return True
    return a.isalpha() and b.isalpha() or a in _GLUE and b.isalnum() or a.isalnum() and b in _GLUE


def _chunked_batch(slots: Sequence[TextSlot]) -> list[Any] | None:
    """The list of an embeddings/completions batch that is one document cut into chunks (RAG ingestion, no overlap:
    `["Contact: Maria ", "Gonzalez, maria.gonzalez@acme-co", "rp.com, ..."]`), to be read joined like content parts
    (split36, atk35 F10); else None (independent documents stay read alone, atk15 L1). Chunks: two texts or more,
    each but the last 16 characters or longer, and a cut inside a word or a value (`_mid`); with three or more of
    one length (fixed-size chunks), a cut between any two characters but blanks after no sentence's end."""
    if len(slots) < 2 or not any(s.kind in BATCH_KINDS for s in slots[:1]):
        return None
    batch = slots[0].container
    if not isinstance(batch, list) or len(batch) < 2 or not all(isinstance(t, str) for t in batch):
        return None
    if any(s.container is not batch for s in slots if s.kind in BATCH_KINDS):
        return None
    texts: list[str] = batch
    if min(map(len, texts[:-1])) < 16 or not texts[-1]:
        return None
    size = len(texts[0])
    fixed = len(texts) > 2 and all(len(t) == size for t in texts[:-1]) and len(texts[-1]) <= size
    if any(_mid(texts[k], texts[k + 1], fixed) for k in range(len(texts) - 1)):
        return batch
    return None


def chunk_runs(slots: Sequence[TextSlot]) -> list[list[int]]:
    """The chunks of one document (`_chunked_batch`) as a run the client shows joined, read as content parts are
    (`proxy.guard.parts26`: `Contact: Maria ` + `Gonzalez,`)."""
    batch = _chunked_batch(slots)
    return [Chunks(n for n, s in enumerate(slots) if s.container is batch)] if batch is not None else []


# The fields that hold the id a tool result answers (Chat `tool_call_id`, Anthropic `tool_use_id`, Responses
# `call_id`): ids, not screened as text (`proxy.providers.inventory.NO_TEXT`), never rewritten.
_RESULT_IDS = ("tool_call_id", "tool_use_id", "call_id")


def joinables(slots: Sequence[TextSlot]) -> list[Join]:
    """`joinable` per slot; the first text of a tool result whose object holds the id it answers is read after
    that id (`Fixed` glue): `jane.doe` + `@acme.com is the result` is an address whose first part no rewrite
    can reach, so a value that covers a part of the id blocks the request (`proxy.guard.joined.Fixed`)."""
    out: list[Join] = []
    chunked = _chunked_batch(slots)
    for n, slot in enumerate(slots):
        how = True if chunked and slot.container is chunked else joinable(slot)
        container = slot.container
        if how is True and isinstance(container, dict) and (n == 0 or slots[n - 1].container is not container):
            ids = [container[k] for k in _RESULT_IDS if isinstance(container.get(k), str) and container[k].strip()]
            if ids:
                how = Fixed(ids[0])
        out.append(how)
    return out


# A tool's output the client sends back that the adapters list as a swept field (a Responses
# `local_shell_call_output`, `shell_call_output` or `apply_patch_call_output` item's `output`; an Anthropic server
# tool's result block's `content`).
_TOOL_OUTPUT_FIELD = re.compile(r"field:(?:input:\d+:output|messages:\d+:content:\d+:content)(?::|$)")


def _tool_output(slot: TextSlot) -> bool:
    """Whether `slot` is (a text part of) a tool's output: a chat `tool` message, an Anthropic `tool_result` or
    `mcp_tool_result` block, a Responses `function_call_output`, `custom_tool_call_output` or `mcp_call` output, or
    another tool call's output item or server tool result (`_TOOL_OUTPUT_FIELD`)."""
    if slot.kind == "tool_result":
        return True
    return slot.kind == "field" and type(slot) is TextSlot and _TOOL_OUTPUT_FIELD.match(slot.channel) is not None


def json_tool_output(slot: TextSlot, text: str) -> bool:
    """Whether `slot`, an answer's whole text `text`, is a tool's output shaped as a JSON document (`_json_shaped`;
    cheap: `json_texts` parses it): a stream reads it as the whole answer does, with the event's other whole fields
    (`proxy.stream.channels`), before the answer's window."""
    return slot.kind == "tool_result" and _json_shaped(text)


def _json_shaped(text: str) -> bool:
    """Whether `text` starts with `{` or `[` and ends with `}` or `]`, whitespace around (`json_like`; cheap)."""
    return json_like(text[:64].lstrip() + text[-64:].rstrip()[-1:]) if len(text) > 1 else False


def _json_document(text: str) -> bool:
    """Whether `text` is a JSON object or array as a whole (`json.loads` reads it)."""
    try:
        return isinstance(json.loads(text), dict | list)
    except (ValueError, RecursionError):
        return False


async def json_texts(slots: Sequence[TextSlot]) -> list[int]:
    """Per slot of a request or an answer, whether it is read as a JSON text: a JSON text already
    (`TextSlot.is_json`: `proxy.guard.joined.JSON`), or a tool's output (`_tool_output`; an answer's MCP, web fetch
    or code execution result, its echoed `function_call_output`: `JSON_DOC`) whose whole text is a JSON object or
    array: a database row, an API's answer (atk17 L2). Its values are then read with each other and with their
    keys, as tool-call arguments' are (`{"user": "jane.doe", "domain": "example.com"}`, `{"area": "617",
    "exchange": "555", "line": "0143"}`), besides its reading as prose; what goes up is the text as sent, only the
    characters of the values found rewritten (`proxy.guard.rewrite.apply_findings`, `in_json`: still valid JSON).
    Long outputs are parsed off the event loop."""
    flags = [JSON if slot.is_json else 0 for slot in slots]
    todo = [i for i, slot in enumerate(slots) if not slot.is_json and _tool_output(slot) and _json_shaped(slot.get())]
    if todo:
        found = await operators.run(lambda: [_json_document(slots[i].get()) for i in todo],
                                    sum(len(slots[i].get()) for i in todo))
        for i, is_json in zip(todo, found, strict=True):
            flags[i] = JSON_DOC if is_json else 0
    return flags


def decoded(slots: Sequence[TextSlot]) -> list[TextSlot]:
    """An answer's slots with each tool call's JSON arguments decoded (`json_text_slots`): its string
    values are read with the texts around them (`mail jane` in `content`, `@example.com` in the
    arguments is one value), its keys passed over; a value rewritten re-encodes the arguments, still
    JSON. Arguments that do not decode stay one JSON text."""
    out: list[TextSlot] = []
    for slot in slots:
        if slot.kind == "tool_arguments" and slot.is_json and not isinstance(slot, TreeSlot):
            json_text_slots(slot.container, slot.key, slot.channel, slot.role, slot.kind, out)
        else:
            out.append(slot)
    return out


# The top-level field a swept text is under (`field:metadata:project`, `choice:0:field:message:x:1`).
_TOP_FIELD = re.compile(r"(?:choice:\d+:)?field:(?:\\.|[^:\\])*")


def _document(slot: TextSlot) -> str | None:
    """The JSON document `slot` is a value or key of: a tool input or arguments, a schema (`TreeSlot.group`),
    or the top-level field a swept text is under (a map, an unknown field's array or object)."""
    group = getattr(slot, "group", None)
    if group is not None:
        return str(group)
    if slot.kind == "tool_result" and (m := _SEARCH_RESULTS.match(slot.channel)):
        return m.group(1)
    if slot.kind == "field" or _VARIABLE.match(slot.channel):
        m = _TOP_FIELD.match(_channel(slot))
        return m.group() if m is not None else None
    return None


# The fields of a Responses file search call's results (`queries`, each result's `filename`, `text`, `attributes`):
# one document, so a cut between two of them is a field's edge (`proxy.guard.checks.pii.value_word`: `{"text":
# "quarterly numbers", "attributes": {"owner": "mary.major@example.org"}}` is no `numbersmary.major@...`).
_SEARCH_RESULTS = re.compile(r"((?:output|input):\d+):(?:results|queries):")


# A Responses prompt variable's value (`prompt:variables:NAME`, listed as a text by the adapter): a value of the
# client-keyed map `prompt.variables` with its keys (swept: `field:prompt:variables:NAME:#key`), read as
# `metadata` is (`{"a": "jane.doe", "b": "example.com"}`, `{"project": "falcon"}`).
_VARIABLE = re.compile(r"prompt:variables:")


def _in_variable_order(slots: Sequence[TextSlot], values: list[int]) -> list[int]:
    """The values of `prompt.variables` in the map's order (the adapter lists its strings before the sweep's
    numbers: `{"area": 617, "exchange": 555, "line": "0143"}` is read `617 555 0143`)."""
    names: list[str] = []
    for i in values:
        container, key = slots[i].container, slots[i].key
        if isinstance(container, dict) and isinstance(key, str) and key in container and len(container) > len(names) \
                and _channel(slots[i]) == f"field:prompt:variables:{_seg(key)}":
            names = list(container)
    rank = {name: n for n, name in enumerate(names)}
    prefix = len("field:prompt:variables:")

    def name(i: int) -> str:  # the variable's name, its channel segment unescaped (`_seg`: `\\` and `\:`)
        m = _SEGMENT.match(_channel(slots[i]), prefix)
        return _UNESCAPE.sub(r"\1", m.group()) if m is not None else ""

    return sorted(values, key=lambda i: rank.get(name(i), len(rank)))


_SEGMENT = re.compile(r"(?:\\.|[^:\\])*")  # one segment of a channel (`proxy.providers.inventory._seg`)
_UNESCAPE = re.compile(r"\\(.)")


# A file search filter's `key` or `value` (`proxy.providers.inventory.filter_field`; an element of an `in` list):
# `{"type": "eq", "key": "ssn", "value": 536904399}` is read as `{"ssn": 536904399}` is, the key naming the value
# (`proxy.guard.keyed`), and a compound filter's filters in order (`area` 617, `exchange` 555, `line` "0143").


def _filter_keys(slots: Sequence[TextSlot], values: Sequence[int]) -> dict[int, str]:
    """The filters' `key` texts among `values` that have a `value` text beside them, each to the channel its
    value's texts are under (`proxy.guard.phases.documents` lists the key as the value's key)."""
    keys: dict[str, int] = {}
    valued: set[str] = set()
    for i in values:
        channel = slots[i].channel
        if (field := filter_field(channel)) is None:
            continue
        if field[1] == "value":
            valued.add(field[0])
        elif channel.endswith(":key") and isinstance(slots[i].get(), str):
            keys[field[0]] = i
    return {i: f"{name}:value" for name, i in keys.items() if name in valued}


def _channel(slot: TextSlot) -> str:
    """`slot`'s channel as the sweep names the field (a prompt variable's value: `field:prompt:variables:NAME`,
    the name escaped as the sweep escapes a key, `_seg`: the variable `project\\u0020`'s value is under the key
    the sweep lists as `field:prompt:variables:project\\\\u0020:#key`, and read with it as `metadata`'s is)."""
    if slot.kind != "field" and _VARIABLE.match(slot.channel):
        return "field:prompt:variables:" + _seg(slot.channel[len("prompt:variables:"):])
    return slot.channel


def documents(slots: Sequence[TextSlot]) -> list[list[Sibling]]:
    """The texts of each JSON document of a body with two texts or more, keys and values in document order
    (a key right before its value: the sweep lists keys last), for `proxy.guard.joined.sibling_joints`."""
    found: dict[str, list[int]] = {}
    for i, slot in enumerate(slots):
        doc = _document(slot)
        if doc is not None:
            found.setdefault(doc, []).append(i)
    out: list[list[Sibling]] = []
    for members in found.values():
        if len(members) < 2:
            continue
        values = [i for i in members if getattr(slots[i], "mode", "value") != "key"]
        named = _filter_keys(slots, values)
        if named:
            values = [i for i in values if i not in named]
        if any(_VARIABLE.match(slots[i].channel) for i in values):
            values = _in_variable_order(slots, values)
        first: dict[str, int] = {}  # a channel, and each channel above it, to the first value under it
        for n, i in enumerate(values):
            channel = _channel(slots[i])
            while channel not in first:
                first[channel] = n
                cut = channel.rfind(":")
                if cut < 0:
                    break
                channel = channel[:cut]
        before: dict[int, list[int]] = {}
        for i in members:
            if getattr(slots[i], "mode", "value") == "key":
                before.setdefault(first.get(slots[i].channel.removesuffix(":#key"), len(values)), []).append(i)
            elif i in named:  # a filter's `key`, right before its `value`
                before.setdefault(first[named[i]], []).append(i)
        order: list[Sibling] = []
        for n in range(len(values) + 1):
            order.extend((i, "key") for i in before.get(n, ()))
            if n < len(values):
                order.append((values[n], "number" if getattr(slots[values[n]], "mode", "") == "number" else "string"))
        out.append(order)
    return out + field_pairs(slots)


# Fields read alone that are also read with the text they go with (`field_pairs`).
_MESSAGE_NAME = re.compile(r"field:messages:(\d+):name")
_TOOL_DESCRIPTION = re.compile(r"(field:tools:\d+)(?::function)?:description")
_METADATA = re.compile(r"field:metadata:")
_ITEM = re.compile(r"(messages|input):(\d+)(?::|$)")  # a message's (an input item's) own texts
_ITEM_FIELD = re.compile(r"field:(messages|input):(\d+):")  # a field of a message or an input item
_PAIRS = 16  # at most so many values of one field read with a text
_METADATA_TEXTS = 32  # (a `metadata` value, a message text between the first and the last) pairs read, in all


def field_pairs(slots: Sequence[TextSlot]) -> list[list[Sibling]]:
    """Pairs of texts of different fields read joined directly (`joined.DIRECT`), both ways where the order is
    not given: a chat message's `name` with its content (`falcon` + `project`), a tool's description before the
    texts of its parameters' schema, values and property names (`about project` + `falcon`) and with the
    request's first and last message texts, each `metadata` value with the request's last and first message texts
    (`call 617-555` + `-0143`) and,
    both ways, with the texts between, the latest first (`_METADATA_TEXTS` pairs in all),
    and any other field of a message or an input item (`reasoning_content`, a reasoning item's summary) with
    the nearest message texts before and after it (`call 617-555-` + the next message's `0143`)."""
    texts = [i for i, slot in enumerate(slots) if joinable(slot) is True]
    schemas: dict[str, list[int]] = {}  # a tool's channel (`field:tools:0`) to its schema's values
    names: dict[str, list[int]] = {}  # ... and to its schema's property names (`{"falcon": {"type": "string"}}`)
    for j, s in enumerate(slots):
        group = getattr(s, "group", None)
        mode = getattr(s, "mode", "value")
        if group is not None and mode in ("value", "key") and str(group).startswith("field:tools:"):
            (schemas if mode == "value" else names).setdefault(":".join(str(group).split(":", 3)[:3]), []).append(j)
    items: dict[tuple[str, int], list[int]] = {}  # (`messages`, 3) -> that message's texts, in order
    for j in texts:
        if m := _ITEM.match(slots[j].channel):
            items.setdefault((m.group(1), int(m.group(2))), []).append(j)
    out: list[list[Sibling]] = []
    metadata = others = 0
    values: list[int] = []  # the `metadata` values read with the first and last texts
    for i, slot in enumerate(slots):
        if slot.kind != "field" or getattr(slot, "mode", "value") != "value":
            continue
        if m := _MESSAGE_NAME.fullmatch(slot.channel):
            own = [j for j in texts if slots[j].channel.startswith(f"messages:{m.group(1)}:")
                   or slots[j].channel == f"messages:{m.group(1)}"]
            if own:
                out += [[(i, DIRECT), (own[0], DIRECT)], [(own[-1], DIRECT), (i, DIRECT)]]
        elif m := _TOOL_DESCRIPTION.fullmatch(slot.channel):
            # its schema's values and property names (`call project` + the property `falcon`; atk6 s6 E8)
            out += [[(i, DIRECT), (j, DIRECT)] for j in schemas.get(m.group(1), [])[:_PAIRS]
                    + names.get(m.group(1), [])[:_PAIRS]]
            if texts and others < 4 * _PAIRS:
                others += 1
                out += [[(i, DIRECT), (texts[0], DIRECT)], [(texts[-1], DIRECT), (i, DIRECT)]]
        elif _METADATA.match(slot.channel) and texts and metadata < _PAIRS:
            metadata += 1
            out += [[(texts[-1], DIRECT), (i, DIRECT)], [(i, DIRECT), (texts[0], DIRECT)]]
            values.append(i)
        elif (m := _ITEM_FIELD.match(slot.channel)) and others < 4 * _PAIRS:
            others += 1
            where, n = m.group(1), int(m.group(2))
            before = [js[-1] for (w, k), js in items.items() if w == where and k <= n]
            after = [js[0] for (w, k), js in items.items() if w == where and k >= n]
            if before:
                out.append([(max(before), DIRECT), (i, DIRECT)])
            if after:
                out.append([(i, DIRECT), (min(after), DIRECT)])
    # Each `metadata` value with every other message text too, both ways (`call 617-555` in a middle message, `-0143`
    # in `metadata`): a map has no place among the messages. The latest texts first, every value with each;
    # bounded, `_METADATA_TEXTS` (value, text) pairs in all (`bench/metadata_pairs.py`: the cost).
    for i in values if len(texts) > 1 else ():  # the first and the last the other way
        out += [[(texts[0], DIRECT), (i, DIRECT)], [(i, DIRECT), (texts[-1], DIRECT)]]
    spent = 0
    for j in reversed(texts[1:-1]):
        for i in values:
            if spent >= _METADATA_TEXTS:
                return out
            spent += 1
            out += [[(j, DIRECT), (i, DIRECT)], [(i, DIRECT), (j, DIRECT)]]
    return out


def groups(slots: Sequence[TextSlot]) -> list[Group]:
    """The arrays and small objects of a body's JSON documents whose values are all numbers and strings (no
    object, array, boolean or null among them), each directly under an object's key, as the key's text and the
    values in order (`proxy.guard.keyed.group_reading` reads each as one value: `{"ssn": [3, 8, 7, ...]}`)."""
    members: dict[int, list[Sibling]] = {}
    holders: dict[int, object] = {}
    for i, slot in enumerate(slots):
        if isinstance(slot, TreeSlot) and slot.mode != "key" and isinstance(slot.container, list | dict):
            holders[id(slot.container)] = slot.container
            members.setdefault(id(slot.container), []).append((i, "number" if slot.mode == "number" else "string"))
    out: list[Group] = []
    if not any(len(found) > 1 for found in members.values()):
        return out
    for i, slot in enumerate(slots):
        if not (isinstance(slot, TreeSlot) and slot.mode == "key" and isinstance(slot.container, dict)):
            continue
        value = slot.container.get(slot.cell[0])
        if not isinstance(value, list | dict):
            continue
        found = members.get(id(value))
        if found is None or len(found) < 2 or holders[id(value)] is not value:
            continue
        values: Any = value.values() if isinstance(value, dict) else value
        if len(found) == len(value) and all(isinstance(v, str | int | float) and not isinstance(v, bool)
                                            for v in values):
            out.append((i, found, isinstance(value, dict)))
    from proxy.guard.fields24 import more_groups  # nested arrays, a phone word beside the array (fields24)
    from proxy.guard.split26 import default_groups  # a schema's `default` array under its property (split26)

    return out + more_groups(slots, members) + default_groups(slots, members)


def has_rules(rules: InputRules | OutputRules) -> bool:
    """Whether a phase has any check configured (a phase without one is skipped)."""
    return (rules.pii is not None or rules.secrets is not None or rules.toxicity is not None
            or rules.bias is not None or bool(rules.patterns))


def needs_output(policy: Policy, verdict: InputVerdict | None) -> bool:
    """Whether the answer must pass through the guard: output rules, or placeholders to restore."""
    if has_rules(policy.output):
        return True
    return verdict is not None and policy.input.pii is not None and policy.input.pii.restore and bool(verdict.vault)


async def screen_request(guard: Guard, policy: Policy, slots: Sequence[TextSlot], *,
                         team: str | None = None, names: Sequence[str] = (),
                         credentials: Sequence[str] = (), tagged: str = "") -> InputVerdict:
    """Screen every text the client sent; write redacted texts back (unless the verdict blocks).
    Checks marked `parallel` may still be running (`verdict.deferred`). `team` salts the `hash` operator.
    `names`: the model, the tool names and the ids (`proxy.providers.inventory.fixed_texts`), read by
    `patterns:` rules only; a name cannot be rewritten, so a match that would redact one blocks the request.
    `credentials` (MCP tokens and headers): read by the rules that block only. `tagged`: how the request's
    placeholders are tagged (`proxy.providers.state.placeholder_tagging`: "turn", a random tag of its own,
    `proxy.guard.vault.Vault.tag`; "value", each value's own, `Vault.keyed`; "": none)."""
    with caps39.batch(slots):  # a batch's one-word items read with each other (caps39, atk38 F10)
        verdict = await guard.input(policy, [s.get() for s in slots], [s.role for s in slots],
                                    defer_parallel=True, json_texts=await json_texts(slots), team=team,
                                    joinable=joinables(slots), documents=documents(slots),
                                    prose=[s.prose for s in slots], groups=groups(slots), tagged=tagged,
                                    shown=part29.input_runs(slots, input_runs(slots)) + chunk_runs(slots))  # (parts26)
    if not verdict.blocked and (names or credentials) and policy.input.patterns:
        if any(_RUN_TOGETHER.search(n) for n in (*names, *credentials)):  # words to split: off the loop
            await operators.run(lambda: _screen_names(policy, verdict, names, credentials))
        else:
            _screen_names(policy, verdict, names, credentials)
    if not verdict.blocked and policy.input.toxicity is not None:  # names that spell abuse (tox42, atk42 F06)
        await tox_names(guard, policy, verdict, [*names, *(s.get() for s in slots if not s.prose)])
    if not verdict.blocked and verdict.vault:  # a signed text holding only the request's fakes: as it came
        keep_signed_fakes(slots, verdict.texts, verdict.vault)
    if not verdict.blocked and any(text is not None and slot.kind == SIGNED_REASONING
                                   for slot, text in zip(slots, verdict.texts, strict=True)):
        # A signature covers the text (an Anthropic thinking block): rewritten, the provider refuses the
        # request; sent as it is, the value leaks. Block it.
        verdict.decision, verdict.block_check = "block", SIGNED_CHECK
        verdict.block_reason = block_message(policy.name, SIGNED_CHECK)
        verdict.records.append({"phase": "input", "check": SIGNED_CHECK, "action": "block",
                                "findings": {"REDACTION_IN_SIGNED_TEXT": 1}, "ms": 0.0})
    from proxy.guard.left31 import refused  # an SSN's or a phone's digits in a tool's name (left31: acc28 F16)

    if not verdict.blocked and (any(text is not None and slot.kind == NAME_KIND
                                    for slot, text in zip(slots, verdict.texts, strict=True))
                                or refused(policy, slots)):
        # A tool, function or schema name or the model that is not of its shape and holds a finding: the
        # client's code calls the tool by that name, the provider refuses a placeholder in it. Block.
        verdict.decision, verdict.block_check = "block", NAME_TEXT_CHECK
        verdict.block_reason = block_message(policy.name, NAME_TEXT_CHECK)
        verdict.records.append({"phase": "input", "check": NAME_TEXT_CHECK, "action": "block",
                                "findings": {"REDACTION_IN_NAME": 1}, "ms": 0.0})
    if not verdict.blocked:
        for slot, text in zip(slots, verdict.texts, strict=True):
            if text is not None:
                slot.set(text)
    return verdict


def _screen_names(policy: Policy, verdict: InputVerdict, names: Sequence[str],
                  credentials: Sequence[str] = ()) -> None:
    """`patterns:` rules on the model and tool names, the ids and (block rules only) the credentials of a
    request (`proxy.guard.fixed.name_findings`). A rule that blocks or redacts blocks (a name cannot be
    redacted); one that flags, flags. Monitor mode records what would have happened."""
    findings, action, _ = name_findings(policy.input.patterns, names, credentials)
    if not findings:
        return
    verdict.records.append(name_record("input", findings, action, policy.monitor))
    if policy.monitor:
        verdict.decision = "flag"
        if action == "block":
            verdict.would_decision = "block"
            verdict.block_check = verdict.block_check or NAME_CHECK
    elif action == "block":
        verdict.decision, verdict.block_check = "block", NAME_CHECK
        verdict.block_reason = block_message(policy.name, NAME_CHECK, next(iter(findings)))
    elif verdict.decision == "allow":
        verdict.decision = "flag"


@answering_calls  # a call's values read with its name (tool26)
async def screen_answer(guard: Guard, policy: Policy, slots: Sequence[TextSlot],
                        verdict: InputVerdict | None, *, vault: Vault | None = None,
                        sending: set[str] | None = None) -> OutputVerdict:
    """Restore placeholders and screen a whole answer; changed texts are written back, blocked ones
    emptied (the caller marks the body blocked the provider's way). Tool-call arguments (a JSON text)
    are read as their decoded keys and values (`decoded`), as in requests; the verdict's `texts` and
    `blocked` still speak of `slots` (arguments with a blocked value are withheld whole). `vault`: the
    placeholders to restore when there is no `verdict` (a stream event's whole fields,
    `proxy.guard.windows.OutputWindows.screen_fields`: read the same way as here); `sending`: the tool calls an
    earlier event showed to send (`destination_scopes`), added to. A stream event's tool call given whole (a
    Responses `local_shell_call`'s argv and `env`, an `apply_patch_call`'s diff, a `computer_call`'s typed text in
    `output_item.added`) keeps every placeholder: the rest of the answer, which may send it, is not known yet
    (atk21 H1)."""
    before = [s.get() for s in slots]
    spans: list[tuple[int, int]] = []
    reads: list[TextSlot] = []
    for slot in slots:
        start = len(reads)
        reads.extend(decoded([slot]))
        spans.append((start, len(reads)))
    held = verdict.vault if verdict else vault
    restoring = bool(held) and policy.input.pii is not None and policy.input.pii.restore
    befores: list[str] | None = None
    afters: list[str] | None = None
    scoped = [False] * len(reads)
    if restoring and len(reads) > 1:  # what each text is read after for URLs: off the event loop when long
        befores = await operators.run(lambda: answer_url_befores(reads), sum(len(s.get()) for s in reads[:-1]))
        afters = answer_url_afters(reads)
    elif restoring:
        befores = [""] * len(reads)
    if restoring and befores is not None:
        scoped = destination_scopes(reads, sending)
        scoped, every = await operators.run(lambda: answer_scopes(reads, scoped, sending),
                                            sum(len(s.get()) for s in reads))
        if sending is not None:  # a stream event's whole texts: a tool call's keep their placeholders (see the doc)
            scoped = [kept or tool_scope(slot) is not None for slot, kept in zip(reads, scoped, strict=True)]
        befores = [SENDING + b if all_code else b for b, all_code in zip(befores, every, strict=True)]
    if befores is not None:  # a text a signature covers (a thinking block): nothing restored into it
        befores = sealed_befores(reads, befores)
    out = await guard.output(policy, [s.get() for s in reads], held,
                             joinable=joinables(reads), documents=documents(reads),
                             json_texts=await json_texts(reads), prose=[s.prose for s in reads],
                             groups=groups(reads), url_fields=[url_key(s.key) or piece or tool for s, piece, tool
                                                               in zip(reads, url_pieces(reads), scoped, strict=True)],
                             url_before=befores, url_after=afters, shown=heading_runs(reads))
    for slot, text in zip(reads, out.texts, strict=True):
        if text is not None:
            slot.set(text)
    if len(reads) == len(slots) and all(r is s for r, s in zip(reads, slots, strict=True)):
        return out
    withheld = set(out.blocked)
    texts: list[str | None] = []
    blocked: list[int] = []
    for i, (slot, (a, b)) in enumerate(zip(slots, spans, strict=True)):
        if any(k in withheld for k in range(a, b)):
            slot.set("")
            blocked.append(i)
        now = slot.get()
        texts.append(None if now == before[i] else now)
    out.texts, out.blocked = texts, blocked
    return out


def url_pieces(slots: Sequence[TextSlot]) -> list[bool]:
    """Per slot, whether it is a value of a tool call's arguments that is a piece of a URL given in pieces
    (restorecmd15): under a request part (`path`, `params`, `query`, `body`...: `proxy.guard.urls.PART_KEYS`), at any
    depth, of a JSON object with a key naming a host or a URL (`host`, `base_url`, `endpoint`, `url`...: `host_key`)
    whose value is a host or a network URL (`network_place`): `{"host": "collector.com", "path": "/p/..."}`, `{"url":
    "https://collector.com", "params": {"u": ...}}`. The app that calls the tool sends it there: it is restored as a
    URL field is, only where the client sent that URL. Parts before the key too (a stream's raw JSON: after it only)."""
    parent: dict[int, Any] = {}
    walked: set[int] = set()
    names: dict[int, bool] = {}
    out: list[bool] = []
    for slot in slots:
        if not (isinstance(slot, TreeSlot) and slot.kind == "tool_arguments" and slot.mode != "key"):
            out.append(False)
            continue
        if id(slot.container) not in walked:  # parent links below this container (each node walked once)
            stack = [slot.container]
            while stack:
                node = stack.pop()
                if id(node) in walked:
                    continue
                walked.add(id(node))
                for child in node.values() if isinstance(node, dict) else node:
                    if isinstance(child, dict | list):
                        parent[id(child)] = node
                        stack.append(child)
        node, key, found = slot.container, slot.cell[0], False
        for _ in range(64):
            if isinstance(node, dict):
                if id(node) not in names:
                    names[id(node)] = _names_host(node)
                if names[id(node)] and isinstance(key, str) and PART_KEYS.fullmatch(key) is not None:
                    found = True
                    break
            up = parent.get(id(node))
            if up is None:
                break
            key = next((k for k, v in (up.items() if isinstance(up, dict) else enumerate(up)) if v is node), None)
            node = up
        out.append(found)
    return out


def tool_scope(slot: TextSlot) -> str | None:
    """The tool call `slot` is a text of (its channel's start), if any: every value and key of one call is one scope
    for restore (`destination_scopes`; `proxy.guard.scopes.tool_scope_of`)."""
    return tool_scope_of(slot.channel, slot.kind)


def destination_scopes(slots: Sequence[TextSlot], sending: set[str] | None = None) -> list[bool]:
    """Per slot, whether it is a text of a tool call whose texts (keys and values together) name a network
    destination (`proxy.guard.scopes.sends`): restore writes none of the client's values there but into
    a URL the client sent, read as a URL field is (scopes16, atk17 H3, H5: a `webhook`, `href` or `target` key, a
    `message`, `content` or `variables` part, an argv array, an `env` map)."""
    scopes: dict[str, list[int]] = {}
    for i, slot in enumerate(slots):
        key = tool_scope(slot)
        if key is not None:
            scopes.setdefault(key, []).append(i)
    items = [key for key in scopes if key.startswith("output:")]
    if "item" in scopes and len(items) == 1:  # a stream event's item: its known fields' and its swept fields'
        scopes[items[0]] += scopes.pop("item")
    out = [False] * len(slots)
    for key, members in scopes.items():  # read as JSON is written: a command in a value, an argv array's items
        if sending is not None and key in sending:
            for i in members:
                out[i] = True
            continue
        if sends("[" + "".join(f'"{slots[i].get()}": ' if getattr(slots[i], "mode", "value") == "key"
                         else f'"{slots[i].get()}", ' for i in members)):
            if sending is not None and len(sending) < 1024:
                sending.add(key)
            for i in members:
                out[i] = True
    return out


_PLACEHOLDER_START = re.compile(r"<[A-Z]|\\u003[cC]")


def answer_scopes(slots: Sequence[TextSlot], scoped: Sequence[bool], sending: set[str] | None = None
                  ) -> tuple[list[bool], list[bool]]:
    """Per slot, whether it is a tool call's text kept whole (`scoped`: `destination_scopes`) and whether every code
    scope in it keeps its placeholders: once a tool call or a code scope of an answer (`answer_of`) sends, every
    tool call and code scope of that answer does (atk19 H1: `write_file {"content": <E>}` then a call uploading the
    file; `export E=<E>` in one block, `curl "$E"` in the next). `sending`: the answers and tool calls a stream's
    earlier events showed to send (`@` and the answer), added to. An answer with no placeholder is not read (but a
    stream's event, for the later ones)."""
    answers: dict[str, list[int]] = {}
    for i, slot in enumerate(slots):
        answers.setdefault(answer_of(slot.channel), []).append(i)
    tools = [tool_scope(slot) for slot in slots]
    out, every = list(scoped), [False] * len(slots)
    for key, members in answers.items():
        known = sending is not None and "@" + key in sending
        if not known and sending is None and not any(_PLACEHOLDER_START.search(slots[i].get()) for i in members):
            continue
        texts = [i for i in members if tools[i] is None and getattr(slots[i], "mode", "value") == "value"
                 and slots[i].kind in _SHOWN_KINDS]
        calls: dict[str, list[int]] = {}
        for i in members:
            if (scope := tools[i]) is not None:
                calls.setdefault(scope, []).append(i)
        if not (known or any(scoped[call[0]] and not _inert_call(slots, call) for call in calls.values())
                or any(code_sends(slots[i].get()) for i in texts)):
            continue
        if sending is not None and len(sending) < 1024:
            sending.add("@" + key)
        for members_of_call in calls.values():
            for i in members_of_call:
                out[i] = True
        for i in texts:
            every[i] = True
    return out, every


def _inert_call(slots: Sequence[TextSlot], call: list[int]) -> bool:
    """Whether a tool call that sends sends nothing but its URLs: each of its values is a plain URL
    (`proxy.guard.scopes.inert`: `fetch_url {"url": ...}`)."""
    values = [i for i in call if getattr(slots[i], "mode", "value") != "key"]
    keys = len(call) - len(values)  # (a member with no text value, `"include_files": true`, is no URL: atk21 L1)
    if any(setting_key(slots[i].get()) for i in call if getattr(slots[i], "mode", "value") == "key"):
        return False  # (a key that names where the app sends, `forward_to`, `webhook`: atk22a H2)
    return bool(values) and len(values) >= keys and all(plain_url(slots[i].get()) for i in values)


def _names_host(node: dict[Any, Any]) -> bool:
    """Whether an object's key names a host with a host or a network URL (`host_key`, `network_place`)."""
    return any(isinstance(k, str) and isinstance(v, str) and host_key(k) and network_place(v) for k, v in node.items())


# The texts of an answer a client shows joined (the SDKs' `output_text`, an app joining Anthropic text blocks): read
# in order for URLs (`answer_url_befores`), per chat or completions choice.
_SHOWN_KINDS = frozenset({"text", "refusal", "reasoning"})
_CHOICE = re.compile(r"choice:\d+:")


def _shown_runs(slots: Sequence[TextSlot]) -> list[list[int]]:
    """The slots of each choice's texts that the client shows joined, in order (`answer_url_befores`)."""
    runs: dict[str, list[int]] = {}
    for i, slot in enumerate(slots):
        if slot.kind in _SHOWN_KINDS and getattr(slot, "mode", "value") == "value" and slot.prose \
                and not slot.is_json and not url_key(slot.key):
            m = _CHOICE.match(slot.channel)
            runs.setdefault(m.group() if m is not None else "", []).append(i)
    return [members for members in runs.values() if len(members) > 1]


# The fields of an answer a client joins into its text, one after the other: Anthropic blocks (text, thinking),
# Responses message parts (`output_text`, refusal) across the answer's messages, a reasoning item's summaries or its
# text, chat content parts. Not a citation, an annotation's title, an audio transcript or tool call arguments.
_JOINED_FIELD = re.compile(r"block:\d+|output:\d+:(?:content|summary|reasoning):\d+|choice:\d+:content:\d+")
_DIGITS = re.compile(r"\d+")


def heading_runs(slots: Sequence[TextSlot]) -> list[list[int]]:
    """The slots of an answer a client joins into one text (`_shown_runs`: per choice), two or more, in order: of one
    kind (a text block never runs on into a thinking block, a chat answer's content parts never into its refusal) and
    one field (`_JOINED_FIELD`: text blocks, Responses `output_text` parts, chat content parts). A table's header or a
    list's label ending one names the values at the start of the next (`proxy.guard.keyed.labelled_values`: `| name |
    phone |` in one text block, its rows in the next, atk17 M3); tool call arguments and another choice's texts are
    never read with them."""
    out: list[list[int]] = []
    for members in _shown_runs(slots):
        runs: dict[tuple[str, str], list[int]] = {}
        for i in members:
            channel = slots[i].channel
            if _JOINED_FIELD.fullmatch(channel):
                runs.setdefault((slots[i].kind, _DIGITS.sub("#", channel)), []).append(i)
        out += [run for run in runs.values() if len(run) > 1]
    return out


def answer_url_afters(slots: Sequence[TextSlot]) -> list[str]:
    """Per slot of an answer, the start of the texts after it that the client shows joined to it (`_shown_runs`): a
    placeholder ending one text block, Responses part or chat content part is a host's label when the next one
    starts `.collector.example` (restorehost15, atk16 B H3: `proxy.guard.hosts.url_afters`)."""
    out = [""] * len(slots)
    for members in _shown_runs(slots):
        kinds: dict[str, list[int]] = {}  # a text is read joined only with the later texts of its kind (a chat
        for i in members:                 # answer's content never runs on into its reasoning or refusal)
            kinds.setdefault(slots[i].kind, []).append(i)
        for same in kinds.values():
            for i, after in zip(same, url_afters([slots[i].get() for i in same]), strict=True):
                out[i] = after
    return out


def answer_url_befores(slots: Sequence[TextSlot]) -> list[str]:
    """Per slot of an answer, what its texts before it (content parts, text blocks, output_text parts, refusals,
    reasoning: of the same choice) say of a URL it may be inside (`proxy.guard.urls.url_befores`): a URL opened in
    one text block and going on in the next is one URL to the client that joins them (atk11 A-H3)."""
    out = [""] * len(slots)
    for members in _shown_runs(slots):
        for i, before in zip(members, url_befores([slots[i].get() for i in members]), strict=True):
            out[i] = before
    return out


def screen_names(policy: Policy, names: Sequence[str]) -> InputVerdict:
    """`patterns:` rules on names alone (a GET request's paging ids, `proxy.edge.upstream.query_names`), read as
    the model and tool names are: a verdict with no texts."""
    verdict = InputVerdict("allow", [], Vault(), [], policy.name)
    if names and policy.input.patterns:
        _screen_names(policy, verdict, names)
    return verdict
