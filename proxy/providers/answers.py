"""The answer side's field inventory, shared by both adapters: which strings of an answer are text.

Deny by default. The adapters list the texts they know by role (content, refusals, reasoning, tool
arguments, transcripts); `answer_sweep` then screens every other string value, every object key (the
body's own too) and every number of text (`proxy.providers.answer_numbers.number_is_text`) of the body or
stream event: a key is left alone only when the official SDKs' types name it
(`proxy.providers.answer_keys.KNOWN_KEYS`), whatever its value (a string the adapter reads too: `EntrySlot`),
and never in a map (`ANSWER_MAPS`: a file's `attributes`, a shell's `env`, echoed `metadata`); a value only
under a key of `NON_TEXT_KEYS` and of the shape that key promises (`is_text_key`: ids, enums and names
token-shaped, base64 payloads decodable), and never in a map.
So a new field, an unknown field, a type-confused shape (`content` as an object or a number) or an id
that holds an e-mail address is screened, not relayed. `tests/providers/test_answer_sweep.py` walks the SDKs'
response and stream-event types and fails when a string would be relayed unscreened;
`tests/providers/test_answer_inventory.py` keeps the adapters' own lists honest (`NON_TEXT_FIELDS`:
fields the adapters do not read as the answer's text; the sweep screens all of them but logprobs).

Logprobs (`LogprobSlot`): a list of token entries that spell a text of the answer (its channel). The
output guard keeps an entry only while the tokens kept so far spell the start of the text the
client receives, and empties its alternatives (`top_logprobs`); see `keep_prefix`. With output rules
they are first rebuilt from their known fields only (`LogprobSlot.rebuild`): anything else is dropped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from proxy.nlp.misc45 import text_payload  # base64 of UTF-8 text in a payload field is text (misc45)

from .answer_keys import KNOWN_KEYS
from .answer_numbers import NUMERIC_KEYS, all_in_range, number_is_text
from .answer_words import ANSWER_WORDS
from .base import TextSlot
from .idshape import MAX_DIGITS, IdSlot, digit_run, folded, id_shaped, opaque
from .inventory import TreeSlot, filter_field, tree_slots
from .num46 import number_slot
from .vocabulary import VOCABULARY

# Keys whose string values carry no text, wherever they occur in an answer (item, block, event), as
# long as the value has the shape the key promises (`_shaped`): identifiers, enums and names are
# token-shaped (no space, no '@', a bounded charset), base64 and encrypted payloads decode as base64.
# A value of another shape under one of these keys is screened like any text (fail closed).
NON_TEXT_KEYS = frozenset(
    {
        # identifiers and references to other objects
        "id", "call_id", "item_id", "tool_use_id", "approval_request_id", "caller_id", "file_id",
        "container_id", "skill_id", "tool_id", "previous_response_id", "comparison_response_id",
        "tunnel_id", "fingerprint", "system_fingerprint", "conversation_id", "response_id",
        # enums and names the API defines (tool and server names are the client's own, from the request)
        "type", "status", "role", "object", "created_by", "name", "namespace", "server_label", "server_name",
        "tool_name", "toolset_name", "format", "mime_type", "media_type", "size", "quality",
        "background", "output_format", "action_type", "version", "model", "error_type", "code_type",
        "finish_reason", "stop_reason", "service_tier", "reason", "code", "voice", "encoding",
        # times and ages the provider reports
        "retrieved_at", "page_age", "expires_at", "domain", "obfuscation",
        # opaque payloads: signatures, encrypted content, base64 data, images
        "signature", "encrypted_content", "encrypted_index", "encrypted_stdout", "result",
        "partial_image_b64", "file_data", "b64_json",
    }
)
# Of those, the keys holding base64 (or base64url) payloads: the value must decode as base64.
BASE64_KEYS = frozenset({"signature", "encrypted_content", "encrypted_index", "encrypted_stdout", "result",
                         "partial_image_b64", "file_data", "b64_json", "data"})
# Of those, the enumerated ones: a value that is not one of the SDKs' words for it (`ANSWER_WORDS`,
# generated from their types) or the APIs' request words is text (`"finish_reason": "212-555-0199"`).
ENUM_KEYS = frozenset({"finish_reason", "stop_reason", "role", "object", "type", "status"})
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")
_DATA_URL = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,", re.ASCII)

# Strings that are text only when their object says so (`source.data` of a plain-text document).
_TEXT_IF_TYPE_TEXT = frozenset({"data"})

# Objects whose keys the client or the provider chooses (the SDKs type them `Dict[str, ...]`), as `Class.field`:
# every key of one is text, a key an SDK type names (`{"email": ...}`, `{"project": ...}`) too, and every
# string value of one is text whatever its key (`{"id": "jane.doe@example.com"}` is no id). Found in an answer by
# the field's name (`MAP_KEYS`: no other field of these names in the SDKs' answer types is an object).
# `tests/providers/test_answer_inventory.py` walks the SDKs' response and stream-event types and fails on a
# `Dict` or `object` field that is neither here nor in `FIXED_KEY_MAPS` or `FREE_FORM_FIELDS`.
ANSWER_MAPS: dict[str, str] = {
    "Result.attributes": "a file's attributes (Responses file_search_call results)",
    "LocalShellCallAction.env": "a shell command's environment (Responses local_shell_call)",
    "Mcp.headers": "request echo (an MCP tool's headers)", "ToolMcp.headers": "request echo (an MCP tool's headers)",
    "ChatCompletion.metadata": "request echo", "Response.metadata": "request echo",
    "ResponsePrompt.variables": "request echo (a prompt's variables)",
    # The MCP server's own map (the MCP spec's hints, `{"readOnlyHint": true}`, and whatever else it adds); issue
    # 12, atk6 MEDIUM 5: `{"project": "osprey"}` passed, the key an SDK name, the value read alone.
    "McpListToolsTool.annotations": "an MCP tool's annotations (Responses mcp_list_tools)",
}
# Found by name, where the value is an object: `annotations` is also a list field (output text annotations, chat
# message annotations), which an object is not; a type-confused object there is read as a map (stricter).
MAP_KEYS = frozenset(field.rsplit(".", 1)[1] for field in ANSWER_MAPS)
# Fields the SDKs type as a string (a text the model wrote): given as an object instead (type-confused: `"content":
# {"project": "falcon"}`, `"arguments": {...}`, Anthropic `"text": {...}`), the object is read as a map is, every
# key text and read before its value (issue 12, atk6 finding 7: the key `project`, an SDK field name, was passed
# over and `falcon` read alone). An object with a `type` is an SDK object of that name (a web fetch result's
# `content`), read as such.
STRING_FIELDS = frozenset({"content", "arguments", "text", "refusal", "transcript", "reasoning_content",
                           "thinking", "partial_json"})
# `Dict` fields whose keys are the API's own words (moderation categories, token alternatives): their keys are
# screened unless an SDK type names them, as anywhere else.
FIXED_KEY_MAPS = frozenset({
    "ModerationInputModerationResult.categories", "ModerationInputModerationResultsResult.categories",
    "ModerationOutputModerationResult.categories", "ModerationOutputModerationResultsResult.categories",
    "ModerationInputModerationResult.category_scores", "ModerationInputModerationResultsResult.category_scores",
    "ModerationOutputModerationResult.category_scores", "ModerationOutputModerationResultsResult.category_scores",
    "ModerationInputModerationResult.category_applied_input_types",
    "ModerationInputModerationResultsResult.category_applied_input_types",
    "ModerationOutputModerationResult.category_applied_input_types",
    "ModerationOutputModerationResultsResult.category_applied_input_types",
    "Logprobs.top_logprobs",
})
# `Dict[str, object]` and `object` fields whose JSON is the API's own structure, not a map: JSON Schemas (read with
# their property names, each before its description: `SCHEMA_KEYS`, `answer_sweep`), the tools an `allowed_tools`
# choice names (`ToolChoiceAllowed.tools`: `{"type": "function", "name": "get_weather"}`, the SDK's words as keys,
# names as values) and a file search's nested filters (`CompoundFilter.filters`: `ComparisonFilter`s `{"key",
# "type", "value"}` or `CompoundFilter`s, read by `proxy.providers.inventory.filter_field`). A key there is screened
# unless an SDK type names it, as anywhere else.
FREE_FORM_FIELDS = frozenset({
    "FunctionTool.parameters", "FunctionTool.output_schema", "ToolFunction.parameters", "ToolFunction.output_schema",
    "ToolSearchTool.parameters", "ResponseFormatTextJSONSchemaConfig.schema_", "ToolChoiceAllowed.tools",
    "McpListToolsTool.input_schema", "CompoundFilter.filters",
    # Anthropic beta: the tool definitions a compaction block's `tool_changes` carries (`input_schema`, a schema), and
    # an MCP toolset's `configs`, keyed by its tool names (`{"search": {"enabled": false}}`: names, as a tool's `name`
    # is elsewhere; not found by name as a map: `configs` is also the browser and computer toolsets' object field)
    "BetaMCPTool.input_schema", "BetaMCPToolParam.input_schema", "BetaResponseToolInputSchema.properties",
    "BetaMCPToolset.configs",
})
# `Dict[str, object]` and `object` fields holding the JSON a tool was called with or a tool returned (client data, no
# schema): every key is text, read right before its value, and the values are read in order, one document
# (`proxy.providers.inventory.tree_slots`), as Anthropic `tool_use.input` is (`proxy.providers.anthropic`). Issue 12:
# a tool search call's `arguments {"project": "falcon"}` and an MCP tool error's `content` reached the client, the key
# `project` an SDK word passed over and `falcon` read alone. Found by the object's `type` and the field's name
# (`client_data`: `content` and `input` are other fields' names too). `Class.field`: the object's `type`.
CLIENT_DATA_FIELDS: dict[str, str] = {
    "ResponseToolSearchCall.arguments": "tool_search_call", "ToolSearchCall.arguments": "tool_search_call",
    "McpToolExecutionError.content": "mcp_tool_execution_error",
    "ToolUseBlock.input": "tool_use", "ServerToolUseBlock.input": "server_tool_use",
    "BetaToolUseBlock.input": "tool_use", "BetaServerToolUseBlock.input": "server_tool_use",
    "BetaMCPToolUseBlock.input": "mcp_tool_use",
}
_CLIENT_DATA = frozenset((kind, field.rsplit(".", 1)[1]) for field, kind in CLIENT_DATA_FIELDS.items())
# Client data found by the field's name alone (no other field of the name in the SDKs' answer types): a tool
# definition's example inputs (Anthropic beta: the tool definitions of a compaction block's `tool_changes`; every
# tool type has its own `type`). `tests/providers/test_answer_inventory.py` lists the SDK fields of each name.
CLIENT_DATA_NAMES = frozenset({"input_examples"})


def client_data(container: Any, key: Any) -> bool:
    """Whether `container[key]` is a tool's input or output (`CLIENT_DATA_FIELDS`) given as JSON (an object or an
    array; a string there is a text as any other)."""
    if not (isinstance(container, dict) and isinstance(key, str) and isinstance(container.get(key), dict | list)):
        return False
    if key in CLIENT_DATA_NAMES:
        return True
    kind = container.get("type")
    return isinstance(kind, str) and (kind, key) in _CLIENT_DATA


class EntrySlot(TextSlot):
    """A string value of an object entry whose key is text too (a key no SDK type names), as
    `answer_strings` reads it: read and written through `cell`, the entry's current key,
    which the sweep's slot for the key shares (`answer_sweep`), so either can be rewritten first. An entry
    whose key went (a block drops swept keys, `withhold_swept`) reads as empty and is not written back."""

    __slots__ = ("cell",)

    def __init__(self, container: Any, key: str | int, role: str, kind: str, channel: str) -> None:
        TextSlot.__init__(self, container, key, role, kind, channel)
        self.cell: list[Any] = [key]

    def get(self) -> str:
        value = self.container.get(self.cell[0])
        return value if isinstance(value, str) else ""

    def set(self, value: str) -> None:
        if self.cell[0] in self.container:
            self.container[self.cell[0]] = value


def is_base64(value: str) -> bool:
    """Whether `value` reads as a base64 (or base64url) payload: the alphabet, padded to a multiple of
    four when padded at all. A short one (under 24 characters) is screened all the same: no payload
    the API sends is that small, and digits alone are base64 too."""
    if len(value) < 24 or _BASE64.fullmatch(value) is None:
        return False
    return "=" not in value or len(value) % 4 == 0


def _shaped(key: str, value: str) -> bool:
    """Of the shape `key` promises: base64 payloads decodable (and no run of digits unless long and
    random, `proxy.providers.idshape.opaque`), enumerated fields one of the SDKs' words, ids and names
    `id_shaped` (one token, at most 8 digits in a row, or an OpenAI hex id)."""
    if key in BASE64_KEYS:  # (base64 of UTF-8 text is text: misc45)
        return is_base64(value) and (opaque(value) or digit_run(value) <= MAX_DIGITS) and not text_payload(value)
    if key in ENUM_KEYS:
        return value in ANSWER_WORDS
    return id_shaped(value)


# Sealed payloads, never text a client shows: one not of its shape but one token (digits of any script read as
# digits, `folded`) is read as an id is, as on input (atk18 M1: `sig_ssn536904399`, `sig_tel６１７５５５０１４３` in a
# thinking block's `signature` were read as plain text, where a number glued to letters is found by no recognizer).
_SEALED_KEYS = frozenset({"signature", "encrypted_content", "encrypted_index", "encrypted_stdout"})
_SEALED_TOKEN = re.compile(r"[A-Za-z0-9+/=_.:~-]{1,100000}", re.ASCII)


def sweep_slot(container: Any, key: str | int, role: str, kind: str, channel: str) -> TextSlot:
    """The slot for a string the sweep screens: under an id, name or enum key (`NON_TEXT_KEYS`, not a
    payload), or a sealed payload's key (`_SEALED_KEYS`) holding one token, it is read as an id (`IdSlot`:
    letters apart from digits, never restored into)."""
    if isinstance(key, str) and key in NON_TEXT_KEYS and (
            key not in BASE64_KEYS or (key in _SEALED_KEYS and isinstance(container[key], str)
                                       and _SEALED_TOKEN.fullmatch(folded(container[key])) is not None
                                       and not text_payload(container[key]))):  # (misc45)
        return IdSlot(container, key, role, kind, channel)
    return TextSlot(container, key, role, kind, channel)


def is_text_key(container: dict[str, Any], key: str, screen: bool = True, in_map: bool = False) -> bool:
    """Whether `container[key]`, a string inside an answer, is text to screen: everything but a value
    of the shape its key promises under `NON_TEXT_KEYS` (and base64 `data`), and inline base64 images
    (`data:` URLs). Without `screen` (no output rule reads the answer: placeholders are only restored),
    a value under an id, name or enum key is never text, whatever its shape: nothing would screen it, and
    restore never writes into one (`IdSlot`), so its shape is not even looked at. `in_map`: `container` is a
    map (`ANSWER_MAPS`), whose keys name no field: only an enumerated word and an inline base64 image are
    not text there."""
    value = container[key]
    if not isinstance(value, str):
        return True
    if not value or value in VOCABULARY:
        return False  # nothing, or exactly one of the APIs' enumerated words (`auto`, `disabled`)
    if key in _TEXT_IF_TYPE_TEXT and not in_map:
        return container.get("type") == "text" or not is_base64(value) or text_payload(value)  # (misc45)
    if key in NON_TEXT_KEYS and not in_map:
        if not screen:
            return key in BASE64_KEYS and not is_base64(value)
        return not _shaped(key, value)
    m = _DATA_URL.match(value)
    return m is None or not is_base64(value[m.end():])


def _seg(key: str | int) -> str:
    if type(key) is int:
        return str(key)
    key = str(key)
    if ":" in key or "\\" in key:
        return key.replace("\\", "\\\\").replace(":", "\\:")
    return key


# A citation's URL (a link's target, never shown as text) is read after its other texts (stream14, issue 12 stream
# joins): a client shows the link text (`title`) right after the text it cites, so `Mail jane.doe@exa` then a
# `url_citation` title `mple.com` was read with the URL between them (Responses and chat `url_citation`, Anthropic
# `web_search_result_location`: `url` first in their JSON). The other texts keep the order the citation holds them in.
_URL_LAST = ("url", "uri", "href", "src")


def _shown_rank(key: str | int) -> int:
    return 1 if isinstance(key, str) and key.lower().endswith(_URL_LAST) else 0


def citation_strings(value: Any, prefix: str, out: list[TextSlot], *, several: bool = False) -> None:
    """The texts of one citation or annotation (`several`: a list of them, each `{prefix}:{k}`), as `answer_strings`
    reads them (role `assistant`, kind `text`), in document order but its URLs last (`_shown_rank`)."""
    start = len(out)
    answer_strings(value, prefix, "assistant", "text", out)
    if len(out) - start < 2:
        return
    head = len(prefix) + 1

    def order(slot: TextSlot) -> tuple[int, int]:
        element = slot.channel[head:].split(":", 1)[0] if several else "0"
        return (int(element) if element.isdigit() else 0, _shown_rank(slot.key))
    out[start:] = sorted(out[start:], key=order)


def answer_strings(value: Any, prefix: str, role: str, kind: str, out: list[TextSlot],
                   skip: Iterable[str] = ()) -> None:
    """Every text string inside `value` (an answer item or block), in document order, without
    recursion: channel `{prefix}:{key}:{index}...`. Keys in `NON_TEXT_KEYS` (and `skip`, at the top
    level only) are left alone. A value under a key that is text too (one no SDK type names) is an
    `EntrySlot`: `answer_sweep` screens its key, sharing the entry's cell. Maps (`ANSWER_MAPS`: a file's
    `attributes`, a shell's `env`) are left to `answer_sweep`, which reads each key with its value."""
    if isinstance(value, dict):
        skipped = frozenset(skip)
        top: Any = iter((k, v) for k, v in value.items() if k not in skipped)
        stack: list[tuple[Any, Any, str]] = [(value, top, prefix)]
    elif isinstance(value, list):
        stack = [(value, enumerate(value), prefix)]
    else:
        return
    while stack:
        node, items, path = stack[-1]
        for k, v in items:
            if isinstance(v, str):
                if isinstance(node, list):
                    out.append(sweep_slot(node, k, role, kind, f"{path}:{_seg(k)}"))
                elif is_text_key(node, k):
                    keyed = not (k in KNOWN_KEYS or k in NON_TEXT_KEYS)
                    out.append(EntrySlot(node, k, role, kind, f"{path}:{_seg(k)}") if keyed else
                               sweep_slot(node, k, role, kind, f"{path}:{_seg(k)}"))
            elif isinstance(node, dict) and client_data(node, k):
                # a tool's input or output: every key right before its value (`CLIENT_DATA_FIELDS`)
                tree_slots(node, k, f"{path}:{_seg(k)}", role, "tool_arguments" if k == "arguments" else kind, out)
            elif isinstance(v, dict):
                if isinstance(k, str) and k in MAP_KEYS:
                    continue  # a map: the sweep's
                stack.append((v, iter(v.items()), f"{path}:{_seg(k)}"))
                break
            elif isinstance(v, list):
                stack.append((v, enumerate(v), f"{path}:{_seg(k)}"))
                break
        else:
            stack.pop()


# ------------------------------------------------------------------------------------------- sweep

SWEPT = "field"  # the kind of a text found by the sweep (read alone, not with its neighbours)


def answer_sweep(body: Any, known: Sequence[TextSlot], skip: Iterable[int] = (), *,
                 screen: bool = True) -> list[TextSlot]:
    """Deny by default: a slot for every string value, every object key and every number that is text
    (`number_is_text`) of an answer body or stream event that `known` (the adapter's slots) does not hold,
    unless it carries no text: a value under `NON_TEXT_KEYS` of the promised shape (`is_text_key`), a key
    that is a field name of the official SDKs' types (`KNOWN_KEYS`), the body's own keys included. `skip`:
    ids of containers left out whole (the logprob lists, trimmed to the screened text instead). Chat and
    completions choices' fields get channels `choice:{index}:field:{path}` (a block there ends that choice),
    the rest `field:{path}`. Numbers get `TreeSlot`s of mode "number" (a redacted one becomes its
    placeholder, a string), keys of mode "key" (on a block, `withhold_swept` drops their entries). Without
    `screen` (no output rules: restore only), ids, names and enums are passed over (`is_text_key`)."""
    out: list[TextSlot] = []
    if not isinstance(body, dict):
        return out
    covered = {(id(s.container), s.key) for s in known}
    # keys the adapter reads by name (not text); the key of a field it joins by an unknown key's path
    # (`proxy.providers.loose.LooseSlot`) is text all the same
    named = {(id(s.container), s.key) for s in known if not getattr(s, "unnamed_key", False)}
    # values the adapter read as an entry's (`answer_strings`): their keys are text, read through the same cell
    entries = {(id(s.container), s.key): s.cell for s in known if isinstance(s, EntrySlot)}
    skipped = set(skip)
    skipped.update(id(s.container) for s in known if isinstance(s, TreeSlot))  # inside a JSON value read already
    keys: list[TextSlot] = []
    # (container, key, the parent's path (a choice: its own, `whole`), the nearest object key above, inside a
    # field the SDKs do not name, the cell an unnamed key shares with its value: either may be rewritten
    # first). A path is spelled out only where a slot is made or a container entered.
    # `in_map`: the container is a map (`ANSWER_MAPS`): every key and string value of it is text.
    todo: list[tuple[Any, Any, str, bool, Any, bool, list[Any] | None, bool]] = []
    for k in reversed(list(body)):
        v = body[k]
        cell = _entry_cell(body, k, "field", keys, named, entries, False)  # the body's own keys too
        if k == "choices" and isinstance(v, list):
            for pos in range(len(v) - 1, -1, -1):
                choice = v[pos]
                index = choice.get("index") if isinstance(choice, dict) else None
                todo.append((v, pos, f"choice:{index if type(index) is int else pos}:field", True, k, False, None,
                             False))
            continue
        todo.append((body, k, "field", False, k, cell is not None, cell, False))
    while todo:
        container, key, parent, whole, name, loose, cell, in_map = todo.pop()
        value = container[key]
        if isinstance(value, str):
            if (id(container), key) not in covered and (isinstance(container, list)
                                                         or is_text_key(container, key, screen, in_map)):
                path = parent if whole else f"{parent}:{_seg(key)}"
                out.append(sweep_slot(container, key, "assistant", SWEPT, path) if cell is None else
                           TreeSlot(container, key, "assistant", SWEPT, path, cell=cell))
            continue
        if type(value) is int or type(value) is float:  # not a boolean
            if (id(container), key) not in covered:
                path = parent if whole else f"{parent}:{_seg(key)}"
                # a file search filter's value (an echoed `tools`): the client's data, however short
                filtered = name == "value" and (field := filter_field(path)) is not None and field[1] == "value"
                if number_is_text(name, value, loose) or filtered:
                    out.append(number_slot(container, key, SWEPT, path, cell, not (loose or filtered), name))  # fp46
            continue
        if id(value) in skipped:
            continue
        if client_data(container, key):
            # A tool's input or output the adapter did not read (an echoed input item in `instructions`): every key
            # right before its value, one document (`CLIENT_DATA_FIELDS`).
            if not _holds(value, skipped):
                tree_slots(container, key, parent if whole else f"{parent}:{_seg(key)}", "assistant", SWEPT, out)
            continue
        if isinstance(value, dict) and isinstance(key, str) and key in SCHEMA_KEYS and not in_map \
                and isinstance(value.get("properties"), dict):
            # An echoed JSON schema (`tools[].parameters`, `text.format.schema`): read as a request's is
            # (`proxy.providers.inventory.tree_slots`, one document): a property's name with its description
            # (`{"project": {"description": "falcon"}}` reads `project falcon`), schema words left out.
            tree_slots(container, key, parent if whole else f"{parent}:{_seg(key)}", "assistant", SWEPT, out,
                       skip_words=True)
            continue
        if isinstance(value, dict):
            path = parent if whole else f"{parent}:{_seg(key)}"
            is_map = isinstance(key, str) and (key in MAP_KEYS or key in STRING_FIELDS and "type" not in value)
            for k in reversed(list(value)):
                cell = _entry_cell(value, k, path, keys, named, entries, is_map)
                todo.append((value, k, path, False, k, loose or cell is not None, cell, is_map))
        elif isinstance(value, list):
            if not loose and len(value) > 8 and isinstance(name, str) and name in NUMERIC_KEYS \
                    and all_in_range(name, value):
                continue  # an embedding vector, say: no number of it is text
            path = parent if whole else f"{parent}:{_seg(key)}"
            todo.extend((value, i, path, False, name, loose, None, False) for i in range(len(value) - 1, -1, -1))
    out.extend(keys)
    return out


def _holds(value: Any, ids: set[int]) -> bool:
    """Whether `value` (JSON) or an object or array inside it is one of `ids` (read by the adapter already)."""
    todo = [value]
    while todo:
        node = todo.pop()
        if id(node) in ids:
            return True
        todo.extend(v for v in (node.values() if isinstance(node, dict) else node) if isinstance(v, dict | list))
    return False


# The keys an answer echoes a JSON schema under (a Responses answer's `tools[].parameters`, `text.format.schema`, a
# function tool's `output_schema`: issue 12, atk6 MEDIUM 5, its property names were passed over as SDK words).
SCHEMA_KEYS = frozenset({"parameters", "schema", "input_schema", "output_schema"})


def answer_names(body: Any) -> list[tuple[dict[str, Any], str]]:
    """The strings of an answer (body or stream event) the sweep passes over as ids, names and fields of a
    promised shape (`NON_TEXT_KEYS`: `model`, `id`, `system_fingerprint`, a tool call's `name` and `id`,
    `call_id`, `tool_use_id`), as (object, key): `patterns:` rules read them too (`proxy.guard.fixed`; issue
    12: `"model": "project-falcon"` reached the client). Left out, as provably structure or no text: the SDKs'
    enumerated words (`ANSWER_WORDS`) and the APIs' (`VOCABULARY`), and base64 payloads (`BASE64_KEYS`)."""
    out: list[tuple[dict[str, Any], str]] = []
    todo: list[Any] = [body]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, str):
                    if k in NON_TEXT_KEYS and k not in BASE64_KEYS and v and v not in ANSWER_WORDS \
                            and v not in VOCABULARY and not is_text_key(node, k):
                        out.append((node, k))
                elif isinstance(v, dict | list):
                    todo.append(v)
        elif isinstance(node, list):
            todo.extend(v for v in node if isinstance(v, dict | list))
    return out


def _entry_cell(obj: dict[str, Any], key: Any, path: str, keys: list[TextSlot], covered: set[tuple[int, Any]],
                entries: dict[tuple[int, Any], list[Any]], in_map: bool) -> list[Any] | None:
    """The cell of `key` of `obj` when the key is text (then its slot is added to `keys`), else None: a key the
    SDKs' types name (outside a map), and a key of a field the adapter reads by name (`reasoning_content`: the
    adapter's, not text) are not. A value the adapter read as an entry's (`EntrySlot`) lends its cell."""
    shared = entries.get((id(obj), key))
    if shared is not None:
        return _key_cell(obj, key, path, keys, shared)
    if (not in_map and isinstance(key, str) and key in KNOWN_KEYS) or (id(obj), key) in covered:
        return None
    return _key_cell(obj, key, path, keys)


def _key_cell(obj: dict[str, Any], key: Any, path: str, keys: list[TextSlot],
              cell: list[Any] | None = None) -> list[Any]:
    """A slot for `key` of `obj`, a key that is text; returns the cell its value shares (`cell`, when given)."""
    cell = [key] if cell is None else cell
    keys.append(TreeSlot(obj, key, "assistant", SWEPT, f"{path}:{_seg(key)}:#key", mode="key", cell=cell))
    return cell


def withhold_swept(slots: Sequence[TextSlot]) -> None:
    """A blocked answer (or the event a stream stopped in): every field the sweep found goes, whatever it
    held: a string or a number is emptied (`""`), an object key is dropped with its value."""
    swept = [slot for slot in slots if slot.kind == SWEPT]
    for slot in swept:
        if not (isinstance(slot, TreeSlot) and slot.mode == "key") and slot.get():
            slot.set("")
    for slot in swept:  # keys last: a value beside a key is read through the key's cell
        if isinstance(slot, TreeSlot) and slot.mode == "key" and isinstance(slot.container, dict):
            slot.container.pop(slot.cell[0], None)


# ------------------------------------------------------------------------------------------ logprobs


@dataclass(slots=True)
class LogprobSlot:
    """The token entries spelling one text of an answer (`channel`, as in `TextSlot`).

    `container[key]` is a list of entries `{"token", "bytes"?, "logprob", "top_logprobs"}` (chat,
    Responses), or, with `parallel`, the legacy completions object of parallel arrays (`tokens`,
    `token_logprobs`, `top_logprobs`, `text_offset`); `get` and `set` speak entries either way.
    """

    container: Any
    key: str | int
    channel: str
    parallel: bool = False

    def get(self) -> list[Any]:
        value = self.container[self.key]
        if not self.parallel:
            return list(value) if isinstance(value, list) else []
        if not isinstance(value, dict) or not isinstance(value.get("tokens"), list):
            return []
        tokens: list[Any] = value["tokens"]
        columns = {name: value.get(name) for name in _PARALLEL}
        return [{name: (col[i] if isinstance(col, list) and i < len(col) else None)
                 for name, col in columns.items()} for i in range(len(tokens))]

    def set(self, entries: list[Any]) -> None:
        if not self.parallel:
            self.container[self.key] = entries
            return
        value = self.container[self.key]
        if not isinstance(value, dict):
            return
        for name in _PARALLEL:
            if isinstance(value.get(name), list):
                value[name] = [entry[name] for entry in entries]

    def rebuild(self) -> bool:
        """With output rules: the logprobs rebuilt from the fields they are known to have, of the types
        they are known to have, instead of the provider's objects (an unknown key, an e-mail address as
        a key, a string `logprob`: none of them is relayed). Entries end at the first one that does not
        type-check (fail closed); True when some were cut so. See `typed_entry`, `_typed_columns`."""
        value = self.container[self.key]
        if self.parallel:
            rebuilt, cut = _typed_columns(value)
            self.container[self.key] = rebuilt
            return cut
        entries = value if isinstance(value, list) else []
        kept: list[Any] = []
        for entry in entries:
            typed = typed_entry(entry)
            if typed is None:
                break
            kept.append(typed)
        self.container[self.key] = kept
        return len(kept) < len(entries)


_PARALLEL = ("tokens", "token_logprobs", "top_logprobs", "text_offset")


def _number(value: Any, key: str) -> bool:
    """A finite JSON number within what the numeric field `key` holds: one of 9 integer digits or more (a
    card number as a `logprob` or a `text_offset`) is read as text everywhere else (`number_is_text`); a
    rebuilt logprob is never screened, so such an entry does not type-check (it ends the logprobs)."""
    return type(value) in (int, float) and math.isfinite(value) and not number_is_text(key, value, False)


def typed_entry(entry: Any) -> dict[str, Any] | None:
    """A new entry of `entry`'s known fields only: `token` (a string), `logprob` (a finite number of at
    most 8 integer digits, `_number`), `bytes` (null, or byte values spelling the token, `entry_bytes`)
    and `top_logprobs` (emptied); None when one of them is missing or of another type (the entry is
    malformed)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("token"), str) \
            or not _number(entry.get("logprob"), "logprob"):
        return None
    out: dict[str, Any] = {"token": entry["token"], "logprob": entry["logprob"]}
    if "bytes" in entry:
        if entry["bytes"] is not None and entry_bytes(entry) is None:
            return None
        out["bytes"] = None if entry["bytes"] is None else list(entry["bytes"])
    if "top_logprobs" in entry:
        alts = entry["top_logprobs"]
        if alts is not None and not isinstance(alts, (list, dict)):
            return None
        out["top_logprobs"] = None if alts is None else {} if isinstance(alts, dict) else []
    return out


# The type of one element of each column of legacy completions logprobs (`token_logprobs` may be
# null: the first token of an echoed prompt has none); `top_logprobs` elements are emptied.
_COLUMN_TYPES: dict[str, Callable[[Any], bool]] = {
    "tokens": lambda v: isinstance(v, str),
    "token_logprobs": lambda v: v is None or _number(v, "token_logprobs"),
    "top_logprobs": lambda v: v is None or isinstance(v, dict),
    "text_offset": lambda v: type(v) is int and _number(v, "text_offset"),
}


def _typed_columns(value: Any) -> tuple[dict[str, Any] | None, bool]:
    """Legacy completions logprobs rebuilt from their four columns only (any other key dropped), all
    of them cut at the first token whose elements do not type-check or that a column lacks; None when
    the object itself does not type-check. With it, True when something was cut."""
    if not isinstance(value, dict) or not isinstance(value.get("tokens"), list):
        return None, True
    columns: dict[str, Any] = {}
    for name in _PARALLEL:
        column = value.get(name)
        if column is not None and not isinstance(column, list):
            return None, True
        columns[name] = column
    length = len(value["tokens"])
    for n in range(length):
        if any(col is not None and (n >= len(col) or not _COLUMN_TYPES[name](col[n]))
               for name, col in columns.items()):
            length = n
            break
    out: dict[str, Any] = {}
    for name, col in columns.items():
        if col is None:
            if name in value:
                out[name] = None
            continue
        kept = col[:length]
        out[name] = [None if v is None else {} for v in kept] if name == "top_logprobs" else kept
    return out, length < len(value["tokens"])


def entry_bytes(entry: Any) -> bytes | None:
    """The bytes one entry's token spells: the token's UTF-8, or `bytes` alone when there is no token
    string; None when the entry is unreadable or its `bytes` spell something else than its token (the
    client would read two texts: the entry is cut, fail closed)."""
    if not isinstance(entry, dict):
        return None
    raw = entry.get("bytes")
    given = bytes(raw) if isinstance(raw, list) and all(type(b) is int and 0 <= b < 256 for b in raw) else None
    if raw is not None and given is None:
        return None
    token = entry.get("token", entry.get("tokens"))
    if isinstance(token, str):
        spelled = token.encode("utf-8", "surrogatepass")
        return spelled if given is None or given == spelled else None
    return given if token is None else None


def blank_alternatives(entry: Any) -> Any:
    """An entry's `top_logprobs` (the tokens the model did not pick: not text the client got) emptied."""
    if isinstance(entry, dict) and entry.get("top_logprobs") is not None:
        alts = entry["top_logprobs"]
        entry["top_logprobs"] = {} if isinstance(alts, dict) else []
    return entry


def keep_prefix(entries: list[Any], text: str, blank: bool = True) -> list[Any]:
    """The leading entries whose tokens, joined, spell the start of `text` (what the client gets),
    with `blank` their alternatives (`top_logprobs`) emptied; the rest are dropped: a redacted,
    restored or withheld part and everything after it."""
    target = text.encode("utf-8", "surrogatepass")
    pos = 0
    for n, entry in enumerate(entries):
        piece = entry_bytes(entry)
        if piece is None or target[pos:pos + len(piece)] != piece:
            return [blank_alternatives(e) for e in entries[:n]] if blank else entries[:n]
        pos += len(piece)
    return [blank_alternatives(e) for e in entries] if blank else entries


# SDK fields (`Class.field`, as the official SDK types name them) the adapters do not read as the
# answer's text, beyond `NON_TEXT_KEYS`; tests/providers/test_answer_inventory.py keeps this honest.
# All of them but the logprobs are screened by `answer_sweep` all the same (a base64 payload of its
# shape is left alone, any other value screened).
NON_TEXT_FIELDS: dict[str, str] = {
    # logprobs: kept only as far as their tokens spell the screened text (`keep_prefix`), never screened
    "ChoiceLogprobs.content": "logprobs", "ChoiceLogprobs.refusal": "logprobs",
    "CompletionChoice.logprobs": "logprobs", "ResponseOutputText.logprobs": "logprobs",
    "ResponseTextDeltaEvent.logprobs": "logprobs", "ResponseTextDoneEvent.logprobs": "logprobs",
    # binary and encrypted payloads
    "ChatCompletionAudio.data": "base64 audio", "ChoiceDeltaAudio.data": "base64 audio",
    "ResponseAudioDeltaEvent.delta": "base64 audio", "Base64PDFSource.data": "base64 PDF",
    "RedactedThinkingBlock.data": "encrypted reasoning",
    # what the provider says about the answer, not the answer
    "ChatCompletion.system_fingerprint": "backend id", "ChatCompletionChunk.system_fingerprint": "backend id",
    "Completion.system_fingerprint": "backend id", "Usage.inference_geo": "region",
    "ChatCompletion.moderation": "the provider's moderation codes", "Response.moderation": "moderation codes",
    "ChatCompletionChunk.moderation": "the provider's moderation codes",
    "Response.error": "the provider's error message", "ResponseErrorEvent.message": "the provider's error",
    "ResponseErrorEvent.code": "error code", "ResponseErrorEvent.param": "error parameter",
    "RefusalStopDetails.explanation": "the provider's reason for a refusal",
    # the client's own request, echoed (screened, where it is text, on the way in)
    "ChatCompletion.metadata": "request echo", "Response.metadata": "request echo",
    # a `message_start`'s (normally null): swept alone; the whole answer's and a `message_delta`'s are read as its
    # last text (`proxy.providers.anthropic.STOP_SEQUENCE`)
    "Message.stop_sequence": "request echo (the stop sequence hit)",
    "Response.instructions": "request echo", "Response.tools": "request echo", "Response.prompt": "request echo",
    "Response.text": "request echo", "Response.tool_choice": "request echo", "Response.reasoning": "request echo",
    "Response.prompt_cache_key": "request echo", "Response.safety_identifier": "request echo",
    "Response.user": "request echo",
    "AdditionalTools.tools": "the client's tool definitions, found by tool search",
    "ResponseToolSearchOutputItem.tools": "the client's tool definitions, found by tool search",
    # citations quote their source: a document the client sent (screened on input) or a search
    # result; their offsets point into it, so they are left as they are (see README)
    "TextBlock.citations": "quoted source", "CitationsDelta.citation": "quoted source",
}
