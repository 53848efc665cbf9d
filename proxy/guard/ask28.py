"""A tool call's arguments give its result its meaning (issue 12, atk26 F6).

`proxy.guard.context24` reads a tool's short result with its call's NAME (`get_customer_ssn` -> `536904399`). Many
tools say what they return in their ARGUMENTS instead, and their results went upstream as typed:

1. Human-in-the-loop tools: the model asks the user through a tool (`ask_user`, `ask_human`, `request_user_input`,
   `get_user_input`, `human_input`, any name) with `{"question": "What is your social security number?"}` (or
   `prompt`, `message`, `text`...), and the app returns the user's typed answer as the call's result. The question is
   read as the assistant's question is (`context24.question_cue`): `question_cue` of its text.
2. Generic data tools whose arguments name the field: `get_customer_field {"field": "ssn"}`, `lookup {"attribute":
   "phone_number"}` (`field_cue`: the field's words, as a tool name's are read), and SQL: `run_sql {"query": "SELECT
   ssn FROM customers WHERE id = 7"}`: the selected columns (`sql_columns`); one column gives the result its type,
   several give each position of a row its own (`[["Hope Young", "6175550143"]]`).
3. Tool names in words the name cue did not know (`named`, hooked into `context24._tool_type`): `get_ph_num`,
   `get_social`, `get_tin`, `get_tax_id`, `get_ss_number`, and people by their role (`get_recipient`,
   `get_account_owner`, `get_beneficiary`, `get_next_of_kin`, `whoami`: a name).

`call_cue(name, arguments)` is the cue of a call (its name's first, then its arguments'), used where the name alone
was (`context24`'s request readers, `prev26.note`). A result that is JSON, or several columns, is read by `held` /
`view`: the values at the result's top or under generic keys (`rows`, `result`, `data`...) are read again after the
result, each on a line after its type's context word (`Name: Hope Young`), mapped back onto their offsets, in the
PII check's one pass (`context24.views`): a SELECT's or a field's result whole, a person's answer of a few values
(`{"answer": "536904399"}`), a tool name's type (`get_recipient`) or a remembered call's (`prev26`) one value. A
one-token identifier is no name (`whoami` -> `arn:aws:iam::...`: `kept`, `identifier`). Look-alikes stay as sent:
`ask_user {"question": "Which order number?"}`
-> `4567890123`, `SELECT order_id ...`, `SELECT count(*) FROM customers` -> `42`, `get_assignee` -> `platform-team`,
`whoami` -> `deploy-bot` (no name after `Name: `).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from proxy.guard import tool48
from proxy.providers.base import CHAT, COUNT_TOKENS, MESSAGES, RESPONSES, TextSlot

__all__ = ["call_cue", "columns", "field_cue", "held", "holding", "named", "question_of", "sql_columns", "view"]

_ARGS_CHARS = 8_000   # arguments longer than this are not parsed (a question or a query is short)
_RESULT_CHARS = 4_000  # a JSON result read again per value: at most this long
_MAX_VALUES = 64       # values of one result read again
_VALUE_CHARS = 64      # a value read again: at most this long
_ANSWER_VALUES = 4     # a person's answer as JSON (`{"answer": "536904399"}`): at most this many values

_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _NAME_WORD.findall(name[:128])]


# ------------------------------------------------------------------------------------------- names (F6c)

_NUMBER_WORDS = frozenset({"number", "numbers", "num", "no", "nr", "nbr", "nos"})
# Abbreviations of a phone that name one with a number word (`get_ph_num`, `get_tel_no`, `get_mob_no`).
_PHONE_SHORT = frozenset({"ph", "phn", "tel", "mob", "cel", "fone"})
_PHONE_JOINED = frozenset({"phoneno", "phonenumber", "phonenum", "telno", "mobileno", "mobno", "cellno", "phno",
                           "contactno", "contactnumber", "telnumber", "mobilenumber", "cellnumber"})
# What an SSN is called without `ssn` / `social security` (`get_tin`, `get_tax_id`, `get_ss_number`, `get_social`).
_SSN_JOINED = frozenset({"tin", "itin", "taxid", "taxpayerid", "ssno", "ssnum", "socialsecurity", "socsec"})
_TAX_IDS = frozenset({"id", "ids", "identifier"}) | _NUMBER_WORDS
# People by their role: a name (`get_recipient`, `get_account_owner`, `get_next_of_kin`).
_ROLES = frozenset({"recipient", "assignee", "owner", "signer", "signatory", "beneficiary", "kin", "payee", "payer",
                    "addressee", "approver", "requester", "requestor", "reporter", "guardian", "spouse", "landlord",
                    "borrower", "lender", "insured", "policyholder", "cosigner", "grantor", "grantee", "heir",
                    "executor", "trustee", "sender", "author", "reviewer", "manager", "supervisor", "referrer",
                    "nominee", "dependent", "dependant"})
# Words a role's tool names may carry besides it (`get_account_owner`, `get_next_of_kin`, `get_primary_signer`).
_ROLE_WORDS = frozenset({"account", "next", "of", "primary", "secondary", "main", "current", "the", "a", "name",
                         "names", "full", "contact", "legal", "registered", "named", "listed", "assigned", "policy",
                         "loan", "card", "ticket", "case", "document", "doc", "contract", "order", "shipment",
                         "package", "parcel", "task", "issue", "claim", "lease", "estate", "will"})
# Verbs, and words of a record (`context24._VERBS`, `_RECORD_WORDS`): read at call time (import order).
_WHO = frozenset({"whoami", "who"})
# A role word that is something else with these (`owner_id`, `recipient_count`, `sender_domain`).
_NOT_A_PERSON = frozenset({"id", "ids", "uuid", "count", "counts", "total", "email", "mail", "domain", "list", "type",
                           "types", "role", "roles", "status", "address", "phone", "team", "group", "org", "key",
                           "keys", "token", "config", "settings", "policy", "policies", "permissions", "score"})


@functools.lru_cache(maxsize=4096)
def named(words: frozenset[str]) -> str | None:
    """The type a tool name's words say in words `context24._tool_type` does not know (`get_ph_num`: phone), or
    None."""
    from proxy.guard.context24 import _PERSON_WORDS, _RECORD_WORDS, _VERBS
    from proxy.guard.tool26 import _MEASURES

    if words & _MEASURES:
        return None
    if words & _PHONE_JOINED or (words & (_PHONE_SHORT | {"sms"}) and words & _NUMBER_WORDS):
        return "phone"
    if words & _SSN_JOINED or (words & {"tax", "taxpayer"} and words & _TAX_IDS) \
            or (words & {"ss", "sin"} and words & _NUMBER_WORDS):
        return "ssn"
    rest = words - _VERBS - _RECORD_WORDS - {"my", "me", "i", "am", "the", "a"}
    if "social" in words and rest - {"social", "sec", "security"} <= _PERSON_WORDS | _NUMBER_WORDS:
        return "ssn"  # (`get_social`, `get_customer_social`; not `get_social_links`)
    if words & _NOT_A_PERSON:
        return None
    if rest and rest & (_ROLES | _WHO) and rest <= _ROLES | _WHO | _ROLE_WORDS | _PERSON_WORDS:
        if rest & _WHO and not ("whoami" in rest or {"who", "am"} <= words):
            return None
        return "name"
    return None


# ------------------------------------------------------------------------------------------- arguments (F6, F6b)

# Keys of a question put to the user (in this order); the later ones only for a question (`?`).
_QUESTION_KEYS = ("question", "prompt", "ask", "message", "text", "query", "title", "label", "description")
_PLAIN_KEYS = frozenset({"question", "prompt", "ask"})
# Words of a tool that puts a question to a person (the keys after `_PLAIN_KEYS` only for one of these: not
# `translate {"text": "What is your name?"}`).
_ASKING = frozenset({"ask", "asks", "human", "user", "input", "clarify", "clarification", "elicit", "prompt",
                     "feedback", "confirm", "confirmation", "collect", "followup", "follow", "operator", "agent",
                     "interrupt", "wait", "reply", "answer", "question", "questions", "hitl", "approval"})
# Keys naming the field a generic tool returns.
_FIELD_KEYS = ("field", "attribute", "attr", "column", "property", "prop", "key", "field_name", "attribute_name",
               "column_name", "fields", "attributes", "columns", "properties", "select")
# Keys whose value names the record a field is of (`{"entity": "customer"}`).
_ENTITY_KEYS = ("entity", "table", "type", "object", "resource", "record", "model", "kind", "collection")
_SQL_KEYS = ("query", "sql", "statement", "q", "command", "code", "input")
_SQL = re.compile(r"^\s*(?:with\b.*?\)\s*)?select\s+(?:distinct\s+|all\s+|top\s+\(?\d+\)?\s+)?(.+?)\s+from\s+"
                  r"([\w.\"`\[\]]+)", re.I | re.S)
_SQL_SELECT = re.compile(r"\bselect\b", re.I)
_ALIAS = re.compile(r"\s+as\s+([\w\"`\[\]]+)\s*$", re.I)
_IDENT = re.compile(r"[\"`\[]?([A-Za-z_][\w$]*)[\"`\]]?$")
# A field whose words name a measure or a flag of the type, not a value (`phone_verified`, `ssn_last4`).
_NOT_VALUE = frozenset({"verified", "valid", "confirmed", "type", "status", "count", "id", "ids", "hash", "hashed",
                        "last4", "last", "masked", "mask", "country", "code", "ext", "extension", "opt", "optin",
                        "consent", "updated", "created", "at", "on", "flag", "is", "has", "length", "len", "format",
                        "region", "prefix", "suffix", "domain", "initial", "initials", "template"})
_NAME_FIELDS = frozenset({"name", "names", "display", "displayname"})


_KEYS = frozenset({*_QUESTION_KEYS, "questions", *_FIELD_KEYS, *_SQL_KEYS})
# (a cheap test before a call's arguments are parsed: a question's or a field's key read here, or a SELECT)
_HAS_KEY = re.compile('"(?:' + "|".join(re.escape(k) for k in sorted({*_QUESTION_KEYS, "questions", *_FIELD_KEYS},
                                                                      key=len, reverse=True)) + ')"')


def _worth_reading(arguments: str) -> bool:
    return "elect" in arguments or "ELECT" in arguments or _HAS_KEY.search(arguments) is not None


@functools.lru_cache(maxsize=4096)
def _name_cue(name: str) -> str | None:
    from proxy.guard.context24 import tool_cue

    return tool_cue(name)


@functools.lru_cache(maxsize=1024)
def _parsed(arguments: str) -> dict[str, Any] | None:
    if len(arguments) > _ARGS_CHARS or not _worth_reading(arguments):
        return None
    try:
        args = json.loads(arguments)
    except ValueError:
        return None
    return args if isinstance(args, dict) else None


def _arguments(arguments: Any) -> dict[str, Any] | None:
    """A call's arguments (a JSON text, or an object: Anthropic's `input`) when they hold a key read here."""
    if isinstance(arguments, str):
        return _parsed(arguments) if arguments else None
    return arguments if isinstance(arguments, dict) and not _KEYS.isdisjoint(arguments) else None


def question_of(args: dict[str, Any], name: str = "ask") -> str | None:
    """The question a call (`name`) puts to the user (its arguments' `question`, `prompt`...), or None."""
    asking = bool(_ASKING.intersection(_words(name)))
    for key in _QUESTION_KEYS if asking else _PLAIN_KEYS:
        value = args.get(key)
        if isinstance(value, list) and len(value) == 1:  # `{"questions": [...]}` of one
            value = value[0]
        if isinstance(value, dict):
            value = value.get("question") or value.get("prompt")
        if isinstance(value, str) and value.strip() and len(value) <= 2_000 \
                and (key in _PLAIN_KEYS or value.rstrip().endswith("?")):
            return value
    qs = args.get("questions")
    if isinstance(qs, list) and len(qs) == 1:
        return question_of(qs[0], name) if isinstance(qs[0], dict) else question_of({"question": qs[0]}, name)
    return None


@functools.lru_cache(maxsize=4096)
def field_cue(field: str, context: frozenset[str] = frozenset()) -> str | None:
    """The type a field's name says its values are (`ssn`, `phone_number`, `full_name`; `name` of a person's
    record: `context`, the words of the tool's name and the record's), or None."""
    from proxy.guard.context24 import _PERSON_WORDS, _tool_type

    words = frozenset(_words(field))
    if not words or len(field) > 64 or (words & _NOT_VALUE and named(words) != "ssn"):  # (`tax_id`: an SSN's)
        return None
    if words <= _NAME_FIELDS:
        people = _PERSON_WORDS | {w[:-1] for w in _PERSON_WORDS} | {w + "s" for w in _PERSON_WORDS}
        return "name" if context & people or context & _ROLES else None
    kind = _tool_type(words | {"customer"} if "name" in words else words)  # (`full_name`, `contact_name`)
    if kind is None and words & (_PERSON_WORDS | _ROLES) and words & {"name", "names"}:
        kind = "name"
    return kind if kind in ("ssn", "phone", "name", "email", "card", "iban") else None


def _split_top(text: str) -> list[str]:
    out, depth, last = [], 0, 0
    for k, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(text[last:k])
            last = k + 1
    out.append(text[last:])
    return out


def sql_columns(query: str) -> tuple[list[str | None], str] | None:
    """The columns a SELECT returns, each as its name (an alias's, a qualified column's last part; an expression
    without an alias: None), and the table it reads; None for no SELECT."""
    if len(query) > _ARGS_CHARS or _SQL_SELECT.search(query) is None:
        return None
    m = _SQL.match(query)
    if m is None:
        return None
    cols: list[str | None] = []
    for col in _split_top(m.group(1)):
        col = col.strip()
        alias = _ALIAS.search(col)
        if alias is not None:
            cols.append(alias.group(1).strip("\"`[]"))
            continue
        if "(" in col or "*" in col or "'" in col:
            cols.append(None)
            continue
        ident = _IDENT.search(col.split(".")[-1].split()[-1]) if col.split() else None
        cols.append(ident.group(1) if ident is not None else None)
    return cols, m.group(2).split(".")[-1].strip("\"`[]")


# What a call's arguments say: (the type of its result, the types of its columns (several), whether it puts a
# question to a person, the fields it names).
_Read = tuple[str | None, tuple[str | None, ...] | None, bool, frozenset[str]]
_NOTHING: _Read = (None, None, False, frozenset())


def reading(name: str, arguments: Any) -> _Read:
    """What a call's arguments say (`_Read`): a JSON text's reading is kept (a request's history comes again)."""
    if isinstance(arguments, str):
        if (asked := tool48.free_question(name, arguments)) is not None:  # a custom tool's plain question (tool48)
            return _read(name, asked)
        if not arguments or len(arguments) > _ARGS_CHARS or not _worth_reading(arguments):
            return _NOTHING
        return _text_reading(name, arguments)
    args = _arguments(arguments)
    return _read(name, args) if args else _NOTHING


@functools.lru_cache(maxsize=512)
def _text_reading(name: str, arguments: str) -> _Read:
    args = _parsed(arguments)
    return _read(name, args) if args else _NOTHING


def _read(name: str, args: dict[str, Any]) -> _Read:
    from proxy.guard.context24 import question_cue

    fields = frozenset(v.lower() for k in _FIELD_KEYS for v in ([args[k]] if isinstance(args.get(k), str) else []))
    question = question_of(args, name)
    if question is not None:
        return question_cue(question), None, True, fields
    context = frozenset(_words(name))
    for key in _SQL_KEYS:
        value = args.get(key)
        if isinstance(value, str) and (found := sql_columns(value)) is not None:
            cols, table = found
            context = context | frozenset(_words(table))
            if len(cols) == 1:
                return (field_cue(cols[0], context) if cols[0] else None), None, False, fields
            types = tuple(field_cue(c, context) if c is not None else None for c in cols)
            return None, (types if any(types) else None), False, fields
    for key in _FIELD_KEYS:
        value = args.get(key)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, str):
            return field_cue(value, context | _entity_words(args)), None, False, fields
        if isinstance(value, list) and 1 < len(value) <= 32 and all(isinstance(v, str) for v in value):
            types = tuple(field_cue(v, context | _entity_words(args)) for v in value)
            return None, (types if any(types) else None), False, fields
    return _NOTHING


def _entity_words(args: dict[str, Any]) -> frozenset[str]:
    words: set[str] = set()
    for key in _ENTITY_KEYS:
        value = args.get(key)
        if isinstance(value, str) and len(value) <= 64:
            words.update(_words(value))
    return frozenset(words)


def columns(name: str, arguments: Any) -> list[str | None] | None:
    """The type of each column a call's result has, by its arguments (a SELECT of several columns, `fields` of
    several), or None (one column, or none known: `args_cue`)."""
    cols = reading(name, arguments)[1]
    return list(cols) if cols is not None else None


def args_cue(name: str, arguments: Any) -> str | None:
    """The type a call's arguments say its result is (one question, field or column), or None."""
    return reading(name, arguments)[0]


def call_cue(name: str, arguments: Any) -> str | None:
    """The cue of a call's result: its name's type (`context24.tool_cue`), else its arguments' (`args_cue`), else
    its name's `record`."""
    cue = _name_cue(name)
    if cue is not None and cue != "record":
        return cue
    return args_cue(name, arguments) or cue


# ------------------------------------------------------------------------------------------- results

_IDENTIFIER = re.compile(r"\S*[:/@=\\|]\S*")


def identifier(text: str) -> bool:
    """Whether a reply is one token of an identifier's characters (`arn:aws:iam::...:user/ci`, `jdoe@corp`,
    `CORP\\jdoe`): no name to read with a name's cue."""
    return _IDENTIFIER.fullmatch(text.strip()) is not None


def kept(cues: dict[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
    """`context24.cues` less a name's cue for an identifier (`whoami` -> `arn:aws:iam::...`), or a JSON of
    identifiers (`{"result": "arn:aws:iam::...:root"}`)."""
    from proxy.guard.context24 import PREFIX

    return {i: c for i, c in cues.items() if not (c[1] == PREFIX["name"] and _identifiers(c[0]))}


def _identifiers(text: str) -> bool:
    stripped = text.strip()
    if stripped[:1] not in ("{", "[") or len(text) > _RESULT_CHARS:
        return identifier(text)
    from proxy.guard.tool26 import json_members

    values = [text[a:b].strip('"') for a, b, _ in json_members(text)]
    return bool(values) and all(identifier(v) for v in values)


# Keys a result's values are under that say nothing of them (`{"rows": [...]}`, `{"result": ...}`).
_GENERIC = frozenset({"rows", "row", "records", "record", "result", "results", "data", "value", "values", "items",
                      "item", "output", "answer", "response", "return", "returned", "res", "ret", "val", "out",
                      "content", "payload", "entries", "entry", "matches", "match", "found", "body", "text",
                      "user_input", "input", "reply", "user_response"})

# Per call id: (its result's type, its columns' types, the most values of a JSON result read, the fields it names).
_Wanted = tuple[str | None, tuple[str | None, ...] | None, int, frozenset[str]]
# Per slot index of this request: (its text, its values read again: start, end, cue).
_HELD: ContextVar[dict[int, tuple[str, list[tuple[int, int, str]]]] | None] = ContextVar("ask28_held",
                                                                                          default=None)
_PREFIX_KINDS = ("phone", "ssn", "name", "email", "card", "iban")


def _values(text: str, cue: str | None, cols: Sequence[str | None] | None, names: frozenset[str], most: int) -> \
        list[tuple[int, int, str]]:
    """The values of a result read again with their type: a JSON result's top or generic-key values (one cue; a
    JSON of at most `most` values: a person's answer a few, a tool's name's type one; or per position of a row of
    `cols`), a plain row of
    several columns split at tabs, `|` or `,`."""
    from proxy.guard.tool26 import json_members

    stripped = text.strip()
    out: list[tuple[int, int, str]] = []
    if len(stripped) > 1 and stripped[0] in "{[" and stripped[-1] in "}]":
        if len(text) > _RESULT_CHARS:
            return []
        try:
            json.loads(text)
        except ValueError:
            return []
        members = json_members(text)
        if cols is None and cue is not None and len(members) <= most:
            out.extend((a, b, cue) for a, b, key in members  # (`{"0": ...}`: a row's column by its index)
                       if key is None or key.lower() in _GENERIC or key.lower() in names or key.isdigit())
        elif cols is not None:
            out.extend(_rows(text, members, cols))
    elif cols is not None and "\n" not in stripped and len(stripped) <= _RESULT_CHARS:
        for sep in ("\t", "|", ","):
            cells = _cells(text, sep)
            if len(cells) == len(cols):
                out.extend((a, b, c) for (a, b), c in zip(cells, cols, strict=True) if c is not None)
                break
    return [(a, b, c) for a, b, c in out[:_MAX_VALUES] if 0 < b - a <= _VALUE_CHARS
            and not (c == "name" and identifier(text[a:b]))]


def _cells(text: str, sep: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for part in text.split(sep):
        lead = len(part) - len(part.lstrip())
        out.append((at + lead, at + len(part.rstrip())))
        at += len(part) + 1
    return [(a, b) for a, b in out if b > a] if sep == "|" else out


_ROW = re.compile(r"\[[^\[\]{}]*\]")


def _rows(text: str, members: Sequence[tuple[int, int, str | None]], cols: Sequence[str | None]) -> \
        list[tuple[int, int, str]]:
    """Per row (an array of scalars as long as `cols`), each value with its column's type."""
    out: list[tuple[int, int, str]] = []
    for m in _ROW.finditer(text):
        inside = [(a, b) for a, b, _ in members if m.start() < a and b < m.end()]
        if len(inside) == len(cols):
            out.extend((a, b, c) for (a, b), c in zip(inside, cols, strict=True) if c is not None)
    return out


def _calls(kind: str, body: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Each call of a request's history: (its id, its name, its arguments)."""
    items = body.get("input" if kind == RESPONSES else "messages")
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        if kind == CHAT:
            calls = item.get("tool_calls") if item.get("role") == "assistant" else None
            for call in calls if isinstance(calls, list) else ():
                fn = call.get("function") if isinstance(call, dict) else None
                if isinstance(fn, dict) and isinstance(call.get("id"), str) and isinstance(fn.get("name"), str):
                    yield call["id"], fn["name"], fn.get("arguments")
        elif kind == RESPONSES:
            from proxy.guard.prev27 import CALLS

            if item.get("type") in CALLS and isinstance(item.get("call_id"), str) \
                    and isinstance(item.get("name"), str):
                yield item["call_id"], item["name"], item.get("arguments", item.get("input"))
        elif item.get("role") == "assistant" and isinstance(item.get("content"), list):
            for block in item["content"]:
                if isinstance(block, dict) and block.get("type") == "tool_use" and isinstance(block.get("id"), str) \
                        and isinstance(block.get("name"), str):
                    yield block["id"], block["name"], block.get("input")


def _results(kind: str, body: dict[str, Any]) -> Iterator[tuple[Any, str, Any]]:
    """Each tool result of a request: (its holder, the key its content is under, its call's id)."""
    items = body.get("input" if kind == RESPONSES else "messages")
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        if kind == CHAT:
            if item.get("role") == "tool":
                yield item, "content", item.get("tool_call_id")
        elif kind == RESPONSES:
            from proxy.guard.prev27 import OUTPUTS

            if item.get("type") in OUTPUTS:
                yield item, "output", item.get("call_id")
        elif item.get("role") == "user" and isinstance(item.get("content"), list):
            for block in item["content"]:
                if isinstance(block, dict) and block.get("type") == "tool_result":
                    yield block, "content", block.get("tool_use_id")


def held(kind: str, body: Any, slots: Sequence[TextSlot]) -> dict[int, tuple[str, list[tuple[int, int, str]]]]:
    """Per slot index: the tool results of a request whose values are read again with their call's types."""
    if not isinstance(body, dict) or kind not in (CHAT, MESSAGES, COUNT_TOKENS, RESPONSES):
        return {}
    from proxy.guard.context24 import _holders
    from proxy.guard.tool26 import result_cue

    wanted: dict[str, _Wanted] = {}
    own: set[str] = set()
    for call_id, name, arguments in _calls(kind, body):
        own.add(call_id)
        by_args, cols, asked, fields = reading(name, arguments)
        by_name = _name_cue(name)
        # (a name's phone or SSN in JSON: tool26's; a name's person, or the arguments' type: here)
        cue = by_args if by_args is not None and by_name in (None, "record") else \
            "name" if by_name == "name" else None
        if cols is not None or (cue is not None and cue in _PREFIX_KINDS and result_cue(name) is None):
            # (a name's type: a JSON of one value, as `context24` reads it; a person's answer: a few)
            most = 1 if by_args is None and cols is None else _ANSWER_VALUES if asked else _MAX_VALUES
            wanted[call_id] = (cue, cols, most, fields)
    if kind == RESPONSES:
        _remembered(body, own, wanted)
    if not wanted:
        return {}
    containers: dict[int, str] = {}
    for holder, key, call in _results(kind, body):
        if isinstance(call, str) and call in wanted:
            containers.update((id(c), call) for c in _holders(holder, key))
    out: dict[int, tuple[str, list[tuple[int, int, str]]]] = {}
    for i, slot in enumerate(slots):
        found = containers.get(id(slot.container))
        if found is None or slot.key not in ("content", "text", "output"):
            continue
        cue, cols, most, names = wanted[found]
        text = slot.get()
        values = _values(text, cue, cols, names, most)
        if values:
            out[i] = (text, values)
    return out


def _remembered(body: dict[str, Any], own: set[str],
                wanted: dict[str, _Wanted]) -> None:
    """The JSON outputs of a Responses request for calls of the answer it continues (`prev26`: the cue kind of each
    call, its name's or its arguments'): read when it holds one value."""
    from proxy.guard import prev26
    from proxy.guard.prev27 import OUTPUTS

    items = body.get("input")
    outputs = [item for item in items if isinstance(item, dict) and item.get("type") in OUTPUTS
               and isinstance(item.get("call_id"), str) and item["call_id"] not in own
               and isinstance(item.get("output"), str) and item["output"].lstrip()[:1] in ("{", "[")] \
        if isinstance(items, list) else []
    calls = prev26.remembered_calls(body) if outputs else {}  # (items by id, the shared store: ctx47)
    for item in outputs:
        cue = calls.get(prev26._digest(item["call_id"]))
        if cue in _PREFIX_KINDS:
            wanted[item["call_id"]] = (cue, None, 1, frozenset())


@contextmanager
def holding(kind: str, body: Any, slots: Sequence[TextSlot]) -> Iterator[None]:
    """Around a request's input screening (`context24.cued`): its results read again per value (`held`)."""
    token = _HELD.set(held(kind, body, slots) or None)
    try:
        yield
    finally:
        _HELD.reset(token)


def view(i: int, text: str) -> tuple[str, list[int]] | None:
    """The reading of the request's text `i` (`text`) with its values read again after it, each on a line after its
    type's context word, and for each offset of that reading the text's (`context24.Views.where`); None if none."""
    held_now = _HELD.get()
    entry = held_now.get(i) if held_now is not None else None
    if entry is None or entry[0] != text:
        return None
    from proxy.guard.context24 import PREFIX

    chars, where = [text, "\n"], [*range(len(text)), len(text)]
    for a, b, cue in entry[1]:  # (a line's context word maps to its value's start, its end to the value's end)
        chars.extend((PREFIX[cue], text[a:b], "\n"))
        where.extend((*[a] * len(PREFIX[cue]), *range(a, b), b))
    where.append(len(text))
    return "".join(chars), where
