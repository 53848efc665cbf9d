"""The request field inventory: every string a client can send is screened, unless it is listed here.

The adapters list the texts they know by role (messages, system, prompts, tool calls and results) as
`TextSlot`s; `field_texts` then sweeps the rest of the body and screens every other string too, so a
field a provider adds tomorrow is screened, not forwarded unseen (fail closed). What the sweep leaves
alone is listed below per route, each entry with why it carries no user text:

- `NO_TEXT`: identifiers (`tool_call_id`, file ids), the model, opaque payloads (base64 images and
  files, encrypted reasoning, signatures) and credentials meant for a server the client names.
- Strings that are exactly one of the providers' enumerated words (`VOCABULARY`: roles, part types,
  `auto`, `low` ...) anywhere outside the texts the adapters list: fixed words, no user text. The same
  field holding anything else is screened.

And where more than the string values is text:

- `MAPS`: objects whose keys the client chooses (`metadata`, prompt `variables`, shell `env`): keys
  are screened as well as values.
- `FREE_FORM`: arbitrary JSON (JSON schemas in `tools` and `response_format`, Anthropic `tool_use`
  inputs, MCP annotations): every object key, string and number in it is text. A number found to
  redact becomes its placeholder, a string (`{"card": 4111...}` -> `{"card": "<CREDIT_CARD_1>"}`);
  a key becomes the placeholder as the key.
- `JSON_TEXT`: strings holding a JSON document (tool-call `arguments`): decoded, swept as free-form
  JSON (so `\\u0040` escapes, keys and numbers are seen as the model will see them), and written back
  as JSON only when something in them was rewritten (then re-encoded compactly; unchanged, the
  client's exact text goes on). One that is not valid JSON is screened as it is.

Paths: `a.b` a field, `[]` an array item, `{}` a value of a map (`MAPS`), `<t>` after a step: the
object reached has `"type": "t"` (a step without it matches any type), `*` any one name, `**` any
number of steps. `tests/providers/test_inventory.py` walks OpenAI's OpenAPI spec and the request types
of the official SDKs and fails when a field is neither screened nor listed here, or when an entry
here matches no published field.
"""

from __future__ import annotations

import binascii
import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from proxy.guard.sealed import DETAIL_TYPES, detail_field
from proxy.nlp.file36 import blob_slots, file_slot

from .base import CHAT, COMPLETIONS, COUNT_TOKENS, EMBEDDINGS, MESSAGES, RESPONSES, SIGNED_REASONING, TextSlot
from .idshape import MAX_DIGITS, NAME_KIND, IdSlot, KeyNameSlot, digit_run, folded, id_shaped, opaque
from .issued import issued
from .vocabulary import FIELD_NAMES, VOCABULARY

__all__ = ["FREE_FORM", "JSON_TEXT", "MAPS", "NO_TEXT", "VOCABULARY", "JsonDoc", "TreeSlot", "field_texts",
           "fixed_texts", "json_text_slots", "matches", "tree_slots"]

_ID = "an identifier the provider issued or the client's code chose (no user text)"
_MODEL = "the model: recorded by name only when known (proxy.modelname), forwarded as sent"
_BASE64 = "a binary payload (base64 image, audio or file bytes): not text, cannot be screened"
_SEALED = "opaque, sealed by the provider (encrypted content or a signature): changing it breaks the request"
_CREDENTIAL = "a credential the client sends on purpose to a server it names (MCP, connectors)"
_NAME = "a tool, function or server name the client's code defines and the model calls by"
_TOKENS = "token ids and biases (numbers): carry no text"
_TOOL_NAMES = "names of tools (identifiers the code defines)"
_VOICE = "a voice name (one of the provider's voices)"
_SCHEMA_NAME = "the schema's name (an identifier the code defines)"
_BETAS = "beta feature names"
_REGION = "a region name"
_REQUIRED = "names of a tool's required parameters (the schema's own keys, screened there)"
_TIME = "a timestamp"
_AGE = "an age the search provider reported"


NO_TEXT: dict[str, dict[str, str]] = {
    CHAT: {
        "model": _MODEL,
        "moderation.model": _MODEL,
        "logit_bias": _TOKENS,
        "messages[].tool_call_id": _ID,
        "messages[].tool_calls[].id": _ID,
        "messages[].audio.id": _ID,
        "messages[].content[].file.file_id": _ID,
        "messages[].content[].file.file_data": _BASE64,
        "messages[].content[].input_audio.data": _BASE64,
        "messages[].tool_calls[].function.name": _NAME,
        "messages[].tool_calls[].custom.name": _NAME,
        "messages[].function_call.name": _NAME,
        "tools[].function.name": _NAME,
        "tools[].custom.name": _NAME,
        "functions[].name": _NAME,
        "function_call.name": _NAME,
        "tool_choice.function.name": _NAME,
        "tool_choice.custom.name": _NAME,
        "response_format.json_schema.name": _SCHEMA_NAME,
        "audio.voice": _VOICE,
        "audio.voice.id": _ID,
    },
    COMPLETIONS: {"model": _MODEL, "logit_bias": _TOKENS},
    EMBEDDINGS: {"model": _MODEL},
    RESPONSES: {
        "model": _MODEL,
        "**.model": _MODEL,
        "previous_response_id": _ID,
        "conversation": _ID,
        "conversation.id": _ID,
        "prompt.id": _ID,
        "prompt.version": _ID,
        "prompt_cache_options.comparison_response_id": _ID,
        "background_options.continuation_id": _ID,
        "**.file_id": _ID,
        "**.file_ids[]": _ID,
        "**.vector_store_ids[]": _ID,
        "**.container_id": _ID,
        "**.skill_id": _ID,
        "**.tunnel_id": _ID,
        "**.version": _ID,
        "input[].id": _ID,
        "input[].call_id": _ID,
        "input[].approval_request_id": _ID,
        "input[].caller.caller_id": _ID,
        "input[].acknowledged_safety_checks[].id": _ID,
        "input[].pending_safety_checks[].id": _ID,
        "input[].fingerprint": _SEALED,
        "input[].encrypted_content": _SEALED,
        "input[]<image_generation_call>.result": _BASE64,
        "**.file_data": _BASE64,
        "**.source.data": _BASE64,
        "**.authorization": _CREDENTIAL,
        "**.headers": _CREDENTIAL,
        "**.domain_secrets[].value": _CREDENTIAL,
        "input[]<function_call>.name": _NAME,
        "input[]<custom_tool_call>.name": _NAME,
        "input[]<mcp_call>.name": _NAME,
        "input[]<mcp_approval_request>.name": _NAME,
        "input[].namespace": _NAME,
        "input[].server_label": _NAME,
        "**.tools[].name": _NAME,
        "**.tools[].server_label": _NAME,
        "**.allowed_tools[]": _TOOL_NAMES,
        "**.allowed_tools.tool_names[]": _TOOL_NAMES,
        "**.tool_names[]": _TOOL_NAMES,
        "tool_choice.name": _NAME,
        "tool_choice.server_label": _NAME,
        "**.text.format.name": _SCHEMA_NAME,
    },
    MESSAGES: {
        "model": _MODEL,
        "**.model": _MODEL,
        "betas[]": _BETAS,
        "container.id": _ID,
        "container": _ID,
        "diagnostics.previous_message_id": _ID,
        "thread.previous_message_id": _ID,
        "user_profile_id": _ID,
        "workspace_id": _ID,
        "inference_geo": _REGION,
        "fallback_credit_token": _CREDENTIAL,
        "fallback_credit_token.token": _CREDENTIAL,
        "mcp_servers[].authorization_token": _CREDENTIAL,
        "mcp_servers[].name": _NAME,
        "**.id": _ID,
        "**.tool_use_id": _ID,
        "**.tool_id": _ID,
        "**.file_id": _ID,
        "**.skill_id": _ID,
        "**.version": _ID,
        "**.tab_id": _ID,
        "**.download_id": _ID,
        "**.signature": _SEALED,
        "**.encrypted_content": _SEALED,
        "**.encrypted_stdout": _SEALED,
        "**.encrypted_index": _SEALED,
        "messages[].content[]<redacted_thinking>.data": _SEALED,
        "**.source<base64>.data": _BASE64,
        "**.source.content[].source<base64>.data": _BASE64,
        "messages[].content[]<tool_use>.name": _NAME,
        "messages[].content[]<server_tool_use>.name": _NAME,
        "messages[].content[]<mcp_tool_use>.name": _NAME,
        "**.server_name": _NAME,
        "**.mcp_server_name": _NAME,
        "**.tool_name": _NAME,
        "**.toolset_name": _NAME,
        "**.tools[].name": _NAME,
        "**.tool.name": _NAME,
        "**.tool.definition.name": _NAME,
        "**.allowed_tools[]": _TOOL_NAMES,
        "**.exclude_tools[]": _TOOL_NAMES,
        "**.clear_tool_inputs[]": _TOOL_NAMES,
        "tools[].name": _NAME,
        "tool_choice.name": _NAME,
        "**.input_schema.required[]": _REQUIRED,
        "**.retrieved_at": _TIME,
        "**.page_age": _AGE,
    },
}
NO_TEXT[COUNT_TOKENS] = NO_TEXT[MESSAGES]

MAPS: dict[str, tuple[str, ...]] = {
    CHAT: ("metadata",),
    COMPLETIONS: (),
    EMBEDDINGS: (),
    RESPONSES: ("metadata", "prompt.variables", "input[].action.env", "input[].results[].attributes"),
    MESSAGES: (),
}
MAPS[COUNT_TOKENS] = MAPS[MESSAGES]

FREE_FORM: dict[str, tuple[str, ...]] = {
    CHAT: ("tools[].function.parameters", "functions[].parameters", "response_format.json_schema.schema",
           "tool_choice.allowed_tools.tools[]"),
    COMPLETIONS: (),
    EMBEDDINGS: (),
    RESPONSES: ("**.parameters", "**.output_schema", "**.input_schema", "**.annotations", "**.text.format.schema",
                "input[].arguments", "input[].error.content", "tool_choice.tools[]"),
    MESSAGES: ("**.input", "**.input_schema", "**.input_schema.properties", "**.input_examples[]",
               "**.format.schema", "messages[].content[].trigger"),
}
FREE_FORM[COUNT_TOKENS] = FREE_FORM[MESSAGES]

JSON_TEXT: dict[str, tuple[str, ...]] = {
    CHAT: ("messages[].tool_calls[].function.arguments", "messages[].function_call.arguments"),
    COMPLETIONS: (),
    EMBEDDINGS: (),
    RESPONSES: ("input[].arguments",),
    MESSAGES: (),
}
JSON_TEXT[COUNT_TOKENS] = JSON_TEXT[MESSAGES]

# Fields a client fills with a participant's or end user's name or id (the provider takes an id's characters
# there): always screened, read and rewritten as an id is (`IdSlot`: `call_4111111111111111` goes on as
# `call_CREDIT_CARD_1`, `Maria Schmidt` as `PERSON_1`, never `<PERSON_1>`; atk14 A LOW-2).
ID_TEXT: dict[str, tuple[str, ...]] = {
    CHAT: ("messages[].name", "user", "safety_identifier", "prompt_cache_key"),
    COMPLETIONS: ("user",),
    EMBEDDINGS: ("user",),
    RESPONSES: ("user", "safety_identifier", "prompt_cache_key"),
    MESSAGES: ("metadata.user_id",),
}
ID_TEXT[COUNT_TOKENS] = ID_TEXT[MESSAGES]
# A hash of an end user's id (what OpenAI's docs ask `safety_identifier` and `user` to be: a SHA-256 hex digest) is
# no value: read as an id (its digits apart from its letters) one digest in 50 held a card's, an SSN's or a phone
# number's groups (a value written into a digest's shape on purpose goes with it, as it did read as text).
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{32,128}")


# ----------------------------------------------------------------------------------------- patterns

_ANY_QUALIFIER = "(?:<[^<>]*>)?"


def _compile(pattern: str) -> str:
    """A path pattern as a regular expression over paths like `messages[].content[]<text>.text`."""
    out: list[str] = []
    i = 0
    n = len(pattern)

    def step_end(j: int) -> None:
        # A step's qualifier follows its brackets: `input[]<message>`, `source<base64>`.
        if j >= n or pattern[j] not in "<[{":
            out.append(_ANY_QUALIFIER)

    while i < n:
        if pattern.startswith("**.", i):
            out.append("(?:.*\\.)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^.<>\\[\\]{}]*")
            i += 1
            step_end(i) if i >= n or pattern[i] in ".[{" else None
        elif pattern.startswith("[]", i) or pattern.startswith("{}", i):
            out.append(re.escape(pattern[i:i + 2]))
            i += 2
            step_end(i)
        elif pattern[i] == "<":
            j = pattern.index(">", i)
            out.append(re.escape(pattern[i:j + 1]))
            i = j + 1
        elif pattern[i] == ".":
            out.append("\\.")
            i += 1
        else:
            j = i
            while j < n and pattern[j] not in ".[{<*":
                j += 1
            out.append(re.escape(pattern[i:j]))
            i = j
            step_end(i)
    return "".join(out)


@lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{_compile(p)})" for p in patterns))


def matches(patterns: Iterable[str], path: str) -> bool:
    """Whether `path` (or, for a pattern naming an object, the path of something inside it) is named."""
    rx = _matcher(tuple(patterns))
    return rx is not None and rx.fullmatch(path) is not None


def _within(rx: re.Pattern[str] | None, path: str) -> bool:
    return rx is not None and rx.fullmatch(path) is not None


# --------------------------------------------------------------------------------------- tree slots


class JsonDoc:
    """A JSON text decoded for screening; written back (re-encoded) once something in it was rewritten."""

    __slots__ = ("container", "key", "value")

    def __init__(self, container: Any, key: str | int, value: Any) -> None:
        self.container, self.key, self.value = container, key, value

    def commit(self) -> None:
        self.container[self.key] = json.dumps(self.value, ensure_ascii=False, separators=(",", ":"))


class TreeSlot(TextSlot):
    """A text inside free-form JSON or a map: a string value (`mode` "value"), an object key ("key") or a
    number ("number", read as its JSON text). Setting a key renames it in place (order kept); setting a
    number to other text stores that text as a string. A key and the value beside it share `cell` (the
    entry's current key), so either can be set first and both stay valid. `doc`: the decoded JSON text
    it lives in, re-encoded after a change. `group`: the JSON document it is part of (its channel), whose
    values are read together (`proxy.guard.joined.sibling_joints`)."""

    __slots__ = ("cell", "doc", "group", "mode")

    def __init__(self, container: Any, key: str | int, role: str, kind: str, channel: str, *,
                 mode: str = "value", doc: JsonDoc | None = None, cell: list[Any] | None = None,
                 group: str | None = None) -> None:
        super().__init__(container, key, role, kind, channel, False)
        self.mode = mode
        self.doc = doc
        self.cell = cell if cell is not None else [key]
        self.group = group

    def get(self) -> str:
        key = self.cell[0]
        if self.mode == "key":
            return str(key)
        value = self.container[key]
        if self.mode == "number":
            return number_text(value) if isinstance(value, int | float) and not isinstance(value, bool) else \
                (value if isinstance(value, str) else "")
        return value if isinstance(value, str) else ""

    def set(self, value: str) -> None:
        if value == self.get():
            return
        key = self.cell[0]
        if self.mode == "number" and " " in value:
            value = _changed_readings(self.get(), value)
        if self.mode == "key":
            items = list(self.container.items())
            self.container.clear()
            for k, v in items:
                # A client key equal to a placeholder would be overwritten: it only harms its own request.
                self.container[value if k == key else k] = v
            self.cell[0] = self.key = value
        else:
            self.container[key] = value
        if self.doc is not None:
            self.doc.commit()


def number_text(value: int | float) -> str:
    """A JSON number as the text the checks read: its digits as a recognizer reads them, without a sign
    or an integral float's `.0` or exponent (`-4111111111111111`, `4111111111111111.0` and `4.111111111111111e+15`
    read `4111111111111111`). A float is also read as the value its printed digits spell (issue 12): an
    integral one written with an exponent or zeros (`4111111111111111e3`, `6175550143e2`) as its digits
    without the zeros, one with a fraction and 9 or more digits before its point (`4111111111111111.5`) as
    that integer part: the readings after the number, a space between (`617555014300 6175550143`); a
    rewrite keeps only the readings it changed (`TreeSlot.set`). A fraction below 1 is read as written
    (`0.4111111111111111`: 16-digit fractions are common in data, one in twenty passes the card checks)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return json.dumps(value)
        text = repr(abs(value))
        digits, _, exp = text.partition("e")
        if value.is_integer() and abs(value) < 1e21:
            whole = digits.replace(".", "").rstrip("0") if exp else str(int(abs(value)))
            if exp:  # as printed: the significant digits and the exponent's zeros (not the float's binary noise)
                whole += "0" * (int(exp) - len(digits.partition(".")[2]))
            spelled = whole.rstrip("0")
            return f"{whole} {spelled}" if spelled != whole and len(spelled) >= _NUMBER_DIGITS else whole
        head = digits.partition(".")[0]
        return f"{text} {head}" if not exp and len(head) >= _VALUE_DIGITS else text
    return str(abs(value))


_VALUE_DIGITS = 9  # an SSN; a phone number with its area code and a card have more


def _changed_readings(old: str, new: str) -> str:
    """A number read two ways (`number_text`) and rewritten: only the readings the rewrite changed (the
    other still spells the value)."""
    before, after = old.split(" "), new.split(" ")
    if len(before) != len(after):
        return new
    return " ".join(b for a, b in zip(before, after, strict=True) if a != b) or new


def _seg(key: str | int) -> str:
    if type(key) is int:
        return str(key)
    key = str(key)
    if ":" in key or "\\" in key:
        return key.replace("\\", "\\\\").replace(":", "\\:")
    return key


# JSON Schema's own words (`"type": "string"`, the key `"additionalProperties"`): fixed words, skipped in
# the free-form JSON of schemas like the API words.
_SCHEMA_WORDS = frozenset({"object", "string", "number", "integer", "boolean", "array", "null"})
_SCHEMA_KEYS = frozenset({
    "type", "properties", "required", "items", "enum", "const", "description", "title", "default", "format",
    "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "minItems", "maxItems", "uniqueItems", "additionalProperties", "anyOf", "oneOf", "allOf", "not", "$ref",
    "$defs", "definitions", "$schema", "$id", "examples", "nullable", "strict", "multipleOf", "prefixItems",
    "patternProperties", "propertyNames", "minProperties", "maxProperties", "if", "then", "else",
})


def tree_slots(container: Any, key: str | int, prefix: str, role: str, kind: str, out: list[TextSlot], *,
               doc: JsonDoc | None = None, skip_words: bool = False) -> None:
    """Every object key, string and number inside `container[key]` (any JSON), in document order,
    each key right before its value (in schemas, `skip_words`, keys after all values). `skip_words` (the
    sweep's free-form JSON, schemas mostly): strings that are exactly an API or JSON Schema word
    (`"type": "object"`), JSON Schema's own keys, and integers of at most four digits (`"minimum": 1`:
    no entity is that short) are left out."""
    keys: list[TextSlot] = []
    value = container[key]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        if not (skip_words and isinstance(value, str) and _is_word(value)):
            out.append(TreeSlot(container, key, role, kind, prefix,
                                mode="value" if isinstance(value, str) else "number", doc=doc, group=prefix))
        return
    stack: list[tuple[Any, Any, str]] = []
    if isinstance(value, dict):
        stack.append((value, iter(list(value.items())), prefix))
    elif isinstance(value, list):
        stack.append((value, enumerate(value), prefix))
    while stack:
        node, items, path = stack[-1]
        for k, v in items:
            here = f"{path}:{_seg(k)}"
            cell = [k]
            if isinstance(node, dict) and not (skip_words and k in _SCHEMA_KEYS):
                # A key right before its value: the two are read together (`{"project": "falcon"}`); in
                # schemas (`skip_words`) the keys come after all the values.
                (keys if skip_words else out).append(
                    TreeSlot(node, k, role, kind, here + ":#key", mode="key", doc=doc, cell=cell, group=prefix))
            if isinstance(v, str):
                if not (skip_words and _is_word(v)):
                    out.append(TreeSlot(node, k, role, kind, here, doc=doc, cell=cell, group=prefix))
            elif isinstance(v, int | float) and not isinstance(v, bool):
                if not (skip_words and type(v) is int and -10_000 < v < 10_000 and not schema_list(path, node)):
                    out.append(TreeSlot(node, k, role, kind, here, mode="number", doc=doc, cell=cell, group=prefix))
            elif isinstance(v, dict):
                stack.append((v, iter(list(v.items())), here))
                break
            elif isinstance(v, list):
                stack.append((v, enumerate(v), here))
                break
        else:
            stack.pop()
    out.extend(keys)


from proxy.guard.split26 import schema_list  # noqa: E402  (octets in a schema's `default`: split26)


def _is_word(value: str) -> bool:
    return value in VOCABULARY or value in _SCHEMA_WORDS


class _Duplicate(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _Duplicate
    return obj


def json_text_slots(container: Any, key: str | int, prefix: str, role: str, kind: str, out: list[TextSlot]) -> None:
    """A string holding a JSON document (tool-call arguments): its decoded keys, strings and numbers as
    slots that write the document back when changed. Not valid JSON, or a key given twice (readers disagree
    on which copy counts): the string as it is, every copy in it (`is_json`: a value put back stays
    JSON-escaped)."""
    text = container[key]
    try:
        value = json.loads(text, object_pairs_hook=_pairs)
    except (ValueError, RecursionError):  # not JSON, or a key given twice (which copy counts is the reader's)
        out.append(TextSlot(container, key, role, kind, prefix, is_json=True))
        return
    if not isinstance(value, dict | list):
        out.append(TextSlot(container, key, role, kind, prefix, is_json=True))
        return
    doc = JsonDoc(container, key, value)
    holder = [value]
    tree_slots(holder, 0, prefix, role, kind, out, doc=doc)


# -------------------------------------------------------------------------------------------- sweep


# Identifiers, names and the model are left alone only while they look like one (`idshape.id_shaped`): a
# value with a space, an '@' or other punctuation, over 256 characters, or 9 digits in a row (read across
# separators: `call-617-555-0143`), is screened (`IdSlot`: read with letters apart from digits).
_TOKEN_SHAPED = frozenset({_ID, _NAME, _TOOL_NAMES, _MODEL, _SCHEMA_NAME, _BETAS, _REGION, _REQUIRED})
# Of those, the names a client's code defines (and the model): read by `patterns:` (`fixed_texts`), and never
# rewritten: a finding in one that is screened blocks the request (`idshape.NAME_KIND`).
_NAMES = frozenset({_NAME, _TOOL_NAMES, _MODEL, _SCHEMA_NAME, _BETAS})
_TOKEN = re.compile(r"[A-Za-z0-9_.:/+=-]{1,256}")
# An image or file inlined as a base64 `data:` URL (`image_url.url`, `input_image.image_url`): binary.
_BASE64_DATA_URL = re.compile(r"data:(?:[\w.+-]+/[\w.+-]+)?(?:;[\w.+-]+=[\w.+-]+)*;base64,", re.ASCII)


_NO_TEXT, _TOKEN_ONLY, _MAP, _FREE, _JSON, _NAMED, _IDS, _CREDENTIALS, _ID_TEXT = 1, 2, 4, 8, 16, 32, 64, 128, 256

# An exempt field is exempt only while it has the shape it claims; otherwise it is screened as text.
_BASE64_CHARS = re.compile(r"[A-Za-z0-9+/]*={0,2}", re.ASCII)
# One token: no spaces, no `@`, a letter in it (a phone number or an e-mail address is not a signature),
# and no 9 digits in a row unless long and random (`idshape.opaque`).
_SEALED_SHAPE = re.compile(r"(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9+/=_.:~-]{1,100000}", re.ASCII)
_CREDENTIAL_SHAPE = re.compile(r"(?:(?:Bearer|Basic|Token|bearer|basic|token) )?(?=[^A-Za-z]*[A-Za-z])"
                               r"[A-Za-z0-9+/=_.:~-]{1,8192}", re.ASCII)
_HEADER_NAME = re.compile(r"[A-Za-z0-9-]{1,64}", re.ASCII)
_VOICES = frozenset({"alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse",
                     "marin", "cedar"})


def _person_named(value: str) -> bool:
    """A name that holds a person's name joined by `_` (`email_Priya_Raghunathan`): screened (atk25 F11)."""
    from proxy.guard.left31 import numbered  # `lookup_536904399`, `call_6175550143` (left31: acc28 F16)
    from proxy.guard.names26 import person_named

    return person_named(value) or numbered(value)


def is_base64(value: Any) -> bool:
    """The whole value is base64 (strict: the alphabet, padding, nothing else), or a `data:` URL of it, and
    no 9 digits in a row unless long and random (`4111111111111111` decodes, but is a card number)."""
    if not isinstance(value, str):
        return False
    m = _BASE64_DATA_URL.match(value)
    payload = value[m.end():] if m is not None else value
    if len(payload) % 4 or not _BASE64_CHARS.fullmatch(payload):
        return False
    try:
        binascii.a2b_base64(payload, strict_mode=True)
    except binascii.Error:
        return False
    return _no_data_digits(payload)


def _no_data_digits(value: str) -> bool:
    return opaque(value) or digit_run(value) <= MAX_DIGITS  # most payloads are opaque: that test is cheaper


def _sealed(value: Any) -> bool:
    return isinstance(value, str) and _SEALED_SHAPE.fullmatch(value) is not None and _no_data_digits(value)


def _detail_exempt(path: str, key: Any, value: str) -> bool:
    """A resent OpenRouter `reasoning_details` piece's field that goes as sent (`proxy.guard.sealed.detail_field`):
    its `signature` or encrypted `data` of a sealed payload's shape, its `id` or `format` of an id's, its `type` one
    of the three."""
    detail = detail_field(path, key)
    if detail == "type":
        return value in DETAIL_TYPES
    if detail == "sealed":
        return _sealed(value)
    return detail == "id" and id_shaped(value)


def _credential(value: Any) -> bool:
    if isinstance(value, str):
        return _CREDENTIAL_SHAPE.fullmatch(value) is not None and _no_data_digits(value.rpartition(" ")[2])
    if isinstance(value, dict):  # headers: names, and values shaped like credentials
        return all(isinstance(k, str) and _header_name(k) and _credential(v) for k, v in value.items())
    return False


def _header_name(name: str) -> bool:
    return _HEADER_NAME.fullmatch(name) is not None and digit_run(name) <= MAX_DIGITS


# A timestamp or an age as the providers write them, nothing else (atk11 B H1: any 64 letters, digits, spaces and
# `,:.+-` passed, so `card 4111 1111 1111 1111`, `project falcon` or a name in `page_age` went up unscreened): ISO
# 8601 (`2025-04-30T12:00:00Z`, `2025-04-30 12:00:00.123+02:00`), a date with a month's name and an optional
# weekday and time (`April 30, 2025`, `Wed, 30 Apr 2025 12:00:00 GMT`, `30 April 2025`, `Apr 2025`), or an age
# (`2 days ago`, `an hour ago`, `yesterday`). Anything else is screened as text.
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?[ ]"
_CLOCK = r"[0-2]?[0-9]:[0-5][0-9](?::[0-6][0-9](?:\.[0-9]{1,9})?)?(?:[ ]?(?:[AaPp][Mm]))?"
_ZONE = r"(?:[ ]?(?:Z|UTC|GMT|[A-Z]{3}|[+-][0-2][0-9]:?[0-5][0-9]))?"
_DAY = r"[0-3]?[0-9](?:st|nd|rd|th)?"
_TIME_SHAPE = re.compile(
    rf"(?i:[0-9]{{4}}-[01][0-9]-[0-3][0-9](?:[T ]{_CLOCK})?{_ZONE}"
    rf"|(?:{_WEEKDAY})?(?:{_MONTH}[ ]{_DAY},?[ ][0-9]{{4}}|{_DAY}[ ]{_MONTH},?[ ][0-9]{{4}}|{_MONTH}[ ][0-9]{{4}})"
    rf"(?:,?[ ](?:at[ ])?{_CLOCK}{_ZONE})?"
    r"|(?:[0-9]{1,4}|an?|one|a few)[ ](?:second|sec|minute|min|hour|hr|day|week|month|year)s?[ ]ago"
    r"|yesterday|today|just now)", re.ASCII)


def _time(value: Any) -> bool:
    """A timestamp or an age (`2025-04-30T12:00:00Z`, `April 30, 2025`, `2 days ago`): dates apart, no
    9 digits in a row."""
    return isinstance(value, str) and _TIME_SHAPE.fullmatch(value) is not None and digit_run(value) <= MAX_DIGITS


def _token_biases(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and k.isascii() and k.isdigit() and len(k) <= 7
        and isinstance(v, int | float) and not isinstance(v, bool) and -100 <= v <= 100 for k, v in value.items())


def _voice(value: Any) -> bool:
    return isinstance(value, str) and value in _VOICES


SHAPES: dict[str, Any] = {_BASE64: is_base64, _SEALED: _sealed, _CREDENTIAL: _credential, _TOKENS: _token_biases,
                          _VOICE: _voice, _TIME: _time, _AGE: _time}

# Numbers that are parameters while they are in a parameter's range (under 100,000,000, 8 digits: no token
# count, dimension or budget is that high); any other number with 7 digits or more (where a phone number, an
# SSN or a card starts), and a parameter beyond that range (`"max_tokens": 5555555555554444`, 9 digits or
# more: an SSN, a phone number with its area code, a card), is screened as text, as its digits
# (`number_text`): a value found there becomes its placeholder, a string, and the provider refuses it.
NUMERIC_PARAMS = frozenset({
    "temperature", "top_p", "top_k", "n", "max_tokens", "max_completion_tokens", "max_output_tokens",
    "presence_penalty", "frequency_penalty", "top_logprobs", "best_of", "dimensions", "max_tool_calls",
    "budget_tokens", "max_uses", "max_num_results", "score_threshold", "max_characters"})
_NUMBER_DIGITS = 7
# Fields whose values are booleans: the schema walk that makes `FIELD_NAMES` lists string and number fields.
_BOOLEAN_FIELDS = frozenset({
    "stream", "store", "include_usage", "include_obfuscation", "parallel_tool_calls", "background", "strict",
    "disable_parallel_tool_use", "echo", "logprobs", "enabled", "cache", "return_citations", "is_error",
    "stream_options", "thinking", "web_search_options"})


def _known_key(key: Any) -> bool:
    """An object key that is one of the APIs' own field names (any other key is the client's text)."""
    return isinstance(key, str) and (key in FIELD_NAMES or key in _BOOLEAN_FIELDS)


def _number_is_text(key: Any, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if key in NUMERIC_PARAMS:
        # Beyond the range (NaN and infinities too), or a fraction with a value's digits in it
        # (`"score_threshold": 41111111.11111111`: 16 digits around a point).
        return not abs(value) < _PARAM_LIMIT or (isinstance(value, float) and abs(value) >= 1 and not
                                                 value.is_integer() and len(repr(value).strip("-")) > _VALUE_DIGITS)
    return sum(c.isdigit() for c in number_text(value)) >= _NUMBER_DIGITS


_PARAM_LIMIT = 100_000_000
_TOP_KEY = re.compile(r"[^.\[<{]*")


def _client_number(path: str) -> bool:
    """A number inside a field the client invents (`"x": [4111, 1111, 1111, 1111]`) or a map, or a filter's
    value (`FILTER_VALUE`): text, however short, read with its siblings (`proxy.guard.joined.sibling_joints`)."""
    m = _TOP_KEY.match(path)
    return "{}" in path or (m is not None and not _known_key(m.group())) or FILTER_VALUE.search(path) is not None


# A Responses file search filter's value (`ComparisonFilter.value`, alone or in a `CompoundFilter`'s `filters`,
# at any depth; a list for `in` and `nin`), by its path (`tools[]<file_search>.filters<and>.filters[]<eq>.value`):
# the client's data, read after the filter's `key` as a map's value is after its key (`proxy.guard.phases`
# `documents`), so a number there is text however short (`{"key": "area", "value": 617}` beside `exchange` 555
# and `line` "0143" in one `and` is a phone number). `tests/providers/test_key_value_filters.py` walks the SDKs'
# types and fails on a class with `key` and `value` fields that is not `KEY_VALUE_CLASSES`.
FILTER_VALUE = re.compile(r"\.filters(?:<\w+>)?(?:\.filters\[\](?:<\w+>)?)*\.value(?:\[\])?\Z")
# The same filter's `key` or `value` by its channel, as the sweeps name it (`field:tools:0:filters:filters:1:value`,
# an element of an `in` list `...:value:2`): `filter_field`.
_FILTER_FIELD_CHANNEL = re.compile(r"(.*?:filters(?::filters:\d+)*):(key|value)(?::\d+)?\Z")


def filter_field(channel: str) -> tuple[str, str] | None:
    """(the filter's channel, `key` or `value`) when `channel` is a file search filter's key or value."""
    if ":filters" not in channel or (m := _FILTER_FIELD_CHANNEL.match(channel)) is None:
        return None
    return m.group(1), m.group(2)


KEY_VALUE_CLASSES = frozenset({"ComparisonFilter", "FiltersComparisonFilter",
                               "FiltersCompoundFilterFilterComparisonFilter"})


class _Rules:
    """One route's inventory as regular expressions, and what each path seen so far is (cached: paths
    repeat from request to request; keys a client invents make new ones, so the cache is bounded)."""

    def __init__(self, kind: str) -> None:
        listed = NO_TEXT.get(kind, {})
        self.shapes = [(_matcher(tuple(p for p, why in listed.items() if why == reason)), check)
                       for reason, check in SHAPES.items()]
        self.shape_cache: dict[str, Any] = {}
        self.tests = (
            (_NO_TEXT, _matcher(tuple(p for p, why in listed.items() if why not in _TOKEN_SHAPED))),
            (_TOKEN_ONLY, _matcher(tuple(p for p, why in listed.items() if why in _TOKEN_SHAPED))),
            (_MAP, _matcher(MAPS.get(kind, ()))),
            (_FREE, _matcher(FREE_FORM.get(kind, ()))),
            (_JSON, _matcher(JSON_TEXT.get(kind, ()))),
            (_NAMED, _matcher(tuple(p for p, why in listed.items() if why in _NAMES))),
            (_IDS, _matcher(tuple(p for p, why in listed.items() if why == _ID))),
            (_CREDENTIALS, _matcher(tuple(p for p, why in listed.items() if why == _CREDENTIAL))),
            (_ID_TEXT, _matcher(ID_TEXT.get(kind, ()))),
        )
        self.cache: dict[str, int] = {}

    def flags(self, path: str) -> int:
        found = self.cache.get(path)
        if found is None:
            found = 0
            for flag, rx in self.tests:
                if rx is not None and rx.fullmatch(path) is not None:
                    found |= flag
            if len(self.cache) >= 4096:
                self.cache.clear()
            self.cache[path] = found
        return found


    def shape(self, path: str) -> Any:
        """The check an exempt field at `path` must pass to stay exempt (None: none)."""
        if path not in self.shape_cache:
            found = None
            for rx, check in self.shapes:
                if rx is not None and rx.fullmatch(path) is not None:
                    found = check
                    break
            if len(self.shape_cache) >= 4096:
                self.shape_cache.clear()
            self.shape_cache[path] = found
        return self.shape_cache[path]


@lru_cache(maxsize=16)
def _rules(kind: str) -> _Rules:
    return _Rules(kind)


def _key_slot(obj: dict[str, Any], key: Any, channel: str, keys: list[TextSlot]) -> list[Any] | None:
    """A slot for `key` of `obj` when it is not one of the APIs' field names (the client's own key: a
    `metadata` key, an unknown field); returns the cell its value shares with it."""
    if _known_key(key) or not isinstance(key, str):
        return None
    cell = [key]
    keys.append(TreeSlot(obj, key, "user", "field", f"{channel}:{_seg(key)}:#key", mode="key", cell=cell))
    return cell


# A key that could read as path syntax (`.`, `[]`, `<>`, `*`) must not name a listed field: it is
# replaced in the path by a segment no entry matches.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_$-]*")


def _step(path: str, key: Any) -> str:
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}.\x00" if path else "\x00"


def _qualified(path: str, value: Any) -> str:
    if isinstance(value, dict):
        t = value.get("type")
        if isinstance(t, str) and _PLAIN_KEY.fullmatch(t):
            return f"{path}<{t}>"
    return path


def field_texts(kind: str, body: Mapping[str, Any], out: list[TextSlot]) -> None:
    """Append a slot for every text of a request body not already in `out` and not listed as carrying
    no user text (role `user`, kind `field`, channel `field:<path>`)."""
    if not isinstance(body, dict):
        return
    rules = _rules(kind)
    covered = {(id(s.container), s.key) for s in out}
    covered.update((id(s.doc.container), s.doc.key) for s in out if isinstance(s, TreeSlot) and s.doc is not None)
    trees = {id(s.container) for s in out if isinstance(s, TreeSlot)}  # objects inside JSON listed already
    keys: list[TextSlot] = []
    # (container, key, path so far, the parent's channel, the entry's key cell in a map) for each value to visit
    todo: list[tuple[Any, Any, str, str, list[Any] | None]] = []
    for k in reversed(list(body)):
        todo.append((body, k, _step("", k), "field", _key_slot(body, k, "field", keys)))
    while todo:
        container, key, path, parent, cell = todo.pop()
        if (id(container), key) in covered:
            continue
        value = container[key]
        if isinstance(value, dict | list) and id(value) in trees:
            continue
        qpath = _qualified(path, value)
        flags = rules.flags(qpath)
        if flags & _NO_TEXT:
            check = rules.shape(qpath)
            if check is is_base64 and (text := file_slot(container, key, f"{parent}:{_seg(key)}")) is not None:
                out.append(text)  # a text file (file36: atk35 F05)
                continue
            if check is None or check(value):
                continue
            if check is _credential and isinstance(value, dict):  # a header's name: never rewritten
                keys.extend(KeyNameSlot(value, k, "user", NAME_KIND, f"{parent}:{_seg(key)}:{_seg(k)}:#key")
                            for k in value if isinstance(k, str) and not _header_name(k))
            if isinstance(value, str) and check is not _voice and check is not _token_biases:
                # not what the inventory says it is: screened as text, read as an id would be (a
                # signature: never rewritten, `SIGNED_REASONING`)
                signed = isinstance(container, dict) and isinstance(container.get("signature"), str)
                out.append(IdSlot(container, key, "user", SIGNED_REASONING if signed else "field",
                                  f"{parent}:{_seg(key)}"))
                continue
            flags = 0  # not what the inventory says it is: screened as text
        if isinstance(value, int | float) and not isinstance(value, bool):
            if _number_is_text(key, value) or (container is not body and _client_number(path)):
                out.append(TreeSlot(container, key, "user", "field", f"{parent}:{_seg(key)}", mode="number",
                                    cell=cell))
            continue
        if isinstance(value, str):
            channel = f"{parent}:{_seg(key)}"
            if "reasoning_details" in path and _detail_exempt(path, key, value):
                continue  # an OpenRouter reasoning piece's signature, encrypted data, id, format or type, of its shape
            detail = detail_field(path, key) if "reasoning_details" in path else None
            if detail in ("id", "sealed"):
                # Not of its shape (`tel2125550199`): read as an id is, its letters apart from its digits (atk23 M3);
                # a signature is never rewritten (a finding refuses the request, as an Anthropic thinking block's),
                # encrypted data and an id may be (as `redacted_thinking.data`, `encrypted_content`, a `tool_call_id`).
                out.append(IdSlot(container, key, "user", SIGNED_REASONING if key == "signature" else "field", channel))
                continue
            if flags & _TOKEN_ONLY:
                if id_shaped(value) and not (flags & _NAMED and _person_named(value)) \
                        or (flags & _IDS and issued(value)):  # (an id the provider issued: as sent)
                    continue
                if flags & _NAMED:  # a name or the model: screened, never rewritten (a finding blocks)
                    out.append(IdSlot(container, key, "user", NAME_KIND, channel))
                    continue
                if _TOKEN.fullmatch(folded(value)):  # an id holding digits as data (any script's): read as an id is
                    out.append(IdSlot(container, key, "user", "field", channel))
                    continue
            if flags & _ID_TEXT:
                if not _HEX_DIGEST.fullmatch(value):
                    out.append(IdSlot(container, key, "user", "field", channel))
                continue
            if flags & _JSON:
                json_text_slots(container, key, channel, "user", "field", out)
            elif _BASE64_DATA_URL.match(value) and is_base64(value):
                if (text := file_slot(container, key, f"{parent}:{_seg(key)}")) is not None:
                    out.append(text)  # a text file as a `data:` URL (file36)
            elif value not in VOCABULARY:
                # Beside a signature (a block type this table does not know yet): screened, never rewritten.
                signed = isinstance(container, dict) and isinstance(container.get("signature"), str)
                text_kind = SIGNED_REASONING if signed else "field"
                out.append(TextSlot(container, key, "user", text_kind, channel) if cell is None else
                           TreeSlot(container, key, "user", text_kind, channel, cell=cell))
            continue
        if isinstance(value, dict):
            channel = f"{parent}:{_seg(key)}"
            if flags & _FREE:
                tree_slots(container, key, channel, "user", "field", out, skip_words=True)
                continue
            children: list[tuple[Any, Any, str, str, list[Any] | None]] = []
            if flags & _MAP:
                for k in value:
                    entry = [k]
                    keys.append(TreeSlot(value, k, "user", "field", f"{channel}:{_seg(k)}:#key", mode="key",
                                         cell=entry))
                    children.append((value, k, qpath + "{}", channel, entry))
            else:
                children = [(value, k, _step(qpath, k), channel, _key_slot(value, k, channel, keys)) for k in value]
            todo.extend(reversed(children))
        elif isinstance(value, list):
            channel = f"{parent}:{_seg(key)}"
            if flags & _FREE:
                tree_slots(container, key, channel, "user", "field", out, skip_words=True)
                continue
            item = qpath + "[]"
            todo.extend([(value, i, item, channel, None) for i in range(len(value) - 1, -1, -1)])
    out.extend(keys)
    out.extend(blob_slots(out))  # base64 runs in a text that hold text, read decoded (file36)


def fixed_texts(kind: str, body: Any) -> tuple[list[str], list[str]]:
    """The names, ids and credentials of a body that the sweep leaves alone while they have their shape, in one
    walk: names a client's code chose (the model, tool and function names, server labels) and ids (the
    `tool_call_id` a tool result answers, Responses `call_id`, Anthropic `tool_use_id`, file and response ids)
    first, credentials (MCP `authorization_token`, `headers` names and values, connector `authorization`)
    second. `patterns:` rules read them too (`proxy.guard.phases`, issue 12: a codename in
    `call_projectfalcon` or in an MCP server's headers reached the provider). None can be rewritten (the
    client's code, the conversation or the server's login breaks), so a match blocks the request: any rule
    that redacts or blocks on a name or an id, only rules that block on a credential (a rule meant for keys
    pasted by mistake, `sk-...`, would otherwise refuse every MCP server's login)."""
    if not isinstance(body, dict):
        return [], []
    rules = _rules(kind)
    names: list[str] = []
    credentials: list[str] = []
    todo: list[tuple[Any, str]] = [(v, _step("", k)) for k, v in body.items()]
    while todo:
        value, path = todo.pop()
        qpath = _qualified(path, value)
        flags = rules.flags(qpath)
        if flags & _CREDENTIALS:
            credentials.extend(_strings(value))
        elif isinstance(value, str):
            if flags & _NAMED or (flags & _IDS and not issued(value)) or (
                    "reasoning_details" in path and detail_field(path, path.rpartition(".")[2]) == "id"):
                names.append(value)  # (an OpenRouter reasoning piece's `id`, `format`: read as ids are, atk23 M1)
        elif isinstance(value, dict):
            todo.extend((v, _step(qpath, k)) for k, v in value.items())
        elif isinstance(value, list):
            todo.extend((v, qpath + "[]") for v in value)
    return names, credentials


def _strings(value: Any) -> list[str]:
    """Every string in a JSON value, object keys included (a credential's header names and values)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v)]
    return []
