"""Intake: the request body read within its limit, parsed strictly, and checked against its route.

Strict means: UTF-8 only, no duplicate keys (parsers disagree on which copy wins, so the proxy could
screen one copy while the provider reads the other), no NaN/Infinity or numbers no encoder can write
back, no lone UTF-16 surrogate escapes. The fields the proxy relies on are checked with the provider's
shapes (`ProviderAdapter.request_fields`). Every refusal is a 400/413 `ProxyError` that names the
problem, never the client's text. `encode_body` writes a body the proxy changed back out.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from aiohttp import web

from proxy.errors import ProxyError
from proxy.providers.base import Field, ProviderAdapter


@dataclass(slots=True)
class Call:
    """What the client asked for: the parsed body and, while it is unchanged, its exact bytes."""

    body: dict[str, Any]
    raw: bytes
    model: str | None
    stream: bool
    changed: bool = False  # the body was rewritten: send `encode_body(body)`, not `raw`

    def bytes_for_upstream(self) -> bytes:
        return encode_body(self.body) if self.changed else self.raw


class ClientGone(ConnectionResetError):
    """The client closed the connection before its request body was in (recorded as 499)."""


async def read_call(request: web.Request, adapter: ProviderAdapter, kind: str, limit: int, *,
                    idle_s: float | None = None, total_s: float | None = None, model: str | None = None) -> Call:
    """Read, parse and check a POST body; raises ProxyError (400, 408, 413, 415) or ClientGone. `model`: the
    model the path names (an Azure deployment), which the body's `model` is set to."""
    encoding = request.headers.get("Content-Encoding")
    if encoding is not None and encoding.strip().lower() not in ("", "identity"):
        # A compressed body: refused before a byte is read (what the guard screens must be what goes on,
        # and a decompressed body must not leave with the client's Content-Encoding).
        raise ProxyError("unsupported_encoding", "request bodies must not be compressed (Content-Encoding); "
                         "send the JSON body as it is")
    raw = await read_limited(request, limit, idle_s=idle_s, total_s=total_s)
    body = parse_json(raw)
    changed = False
    if model is not None and body.get("model") != model:
        # Azure reads the deployment from the path, whatever the body says: the body says the same, so the
        # model checked, priced and routed is the model served, whichever provider serves it.
        body["model"], changed = model, True
    validate(adapter, kind, body)
    return Call(body, raw, adapter.request_model(body), adapter.request_stream(body), changed)


def deployment(name: str) -> str:
    """An Azure deployment from the path: a model name (it is routed, priced, recorded), else 400."""
    if not _MODEL_NAME.fullmatch(name):
        raise ProxyError("invalid_request", "the deployment in the path must be a model name: 1-128 characters "
                         "from A-Z a-z 0-9 . _ : / @ + -")
    return name


async def read_limited(request: web.Request, limit: int, *, idle_s: float | None = None,
                       total_s: float | None = None) -> bytes:
    """The body, at most `limit` bytes (413), with at most `idle_s` between two reads and `total_s` in
    all (408: a slow or stalled client does not hold a connection and a handler for ever)."""
    length = request.content_length
    if length is not None and length > limit:
        raise ProxyError("request_too_large", f"request body is {length} bytes; the limit is {limit} bytes")
    content = request.content
    if content.is_eof():  # the whole body came with the head (most requests): no timer, no wait
        try:
            body = content.read_nowait()
        except ConnectionResetError:
            raise ClientGone("the client closed the connection during the request body") from None
        if len(body) > limit:
            raise ProxyError("request_too_large", f"request body exceeds the limit of {limit} bytes")
        if length is not None and len(body) < length:
            raise ClientGone("the client closed the connection during the request body")
        return body
    loop = asyncio.get_running_loop()
    deadline = loop.time() + total_s if total_s is not None else None
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            wait = idle_s
            if deadline is not None:
                left = deadline - loop.time()
                wait = left if wait is None else min(wait, left)
            try:
                if wait is None:
                    chunk = await content.readany()
                else:  # a timer, not a task per read as `wait_for` makes (~20 µs a request)
                    async with asyncio.timeout(wait):
                        chunk = await content.readany()
            except TimeoutError:
                if deadline is not None and loop.time() >= deadline:
                    raise ProxyError("request_timeout", f"the request body took longer than {total_s:g} s "
                                     "to arrive (server.body_total_s)") from None
                raise ProxyError("request_timeout", f"the request body stalled for {idle_s:g} s "
                                 "(server.body_timeout_s)") from None
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # chunked: no Content-Length to refuse on
                raise ProxyError("request_too_large", f"request body exceeds the limit of {limit} bytes")
            chunks.append(chunk)
    except ConnectionResetError:
        raise ClientGone("the client closed the connection during the request body") from None
    if length is not None and total < length:  # the connection ended before Content-Length bytes
        raise ClientGone("the client closed the connection during the request body")
    return b"".join(chunks)


class _DuplicateKey(ValueError):
    pass


_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _DuplicateKey(name)
            seen.add(name)
    return obj


class _NotJson(ValueError):
    pass


def _no_constants(name: str) -> Any:
    # NaN, Infinity and -Infinity: Python's json accepts them, JSON (RFC 8259) and providers do not.
    raise _NotJson(name)


def _finite(literal: str) -> float:
    # 1e999 reads as infinity: no JSON encoder can write it back as the number the client sent.
    value = float(literal)
    if math.isinf(value):
        raise _NotJson(literal if len(literal) <= 32 else "a number this large")
    return value


# A key given twice is refused: JSON parsers disagree on which copy wins, so the proxy could screen
# one copy while the provider reads the other. Numbers JSON cannot carry are refused too.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants,
                            parse_float=_finite)
# A JSON \u escape of a UTF-16 surrogate (a lone one cannot be encoded, and the proxy re-encodes texts).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def parse_json(raw: bytes) -> dict[str, Any]:
    if not raw:
        raise ProxyError("invalid_json", "request body is empty; expected a JSON object")
    try:
        body = _DECODER.decode(raw.decode("utf-8"))  # strict: no encoded surrogates, no other encodings
        if _SURROGATE_ESCAPE.search(raw) is not None:  # a valid pair was joined by the parser, a lone one not:
            json.dumps(body, ensure_ascii=False).encode()  # UnicodeEncodeError
    except UnicodeDecodeError as exc:
        raise ProxyError("invalid_json", f"request body is not valid UTF-8 (at byte {exc.start})") from None
    except UnicodeEncodeError:
        raise ProxyError("invalid_json", "request body holds a lone UTF-16 surrogate escape (\\ud800-\\udfff)") \
            from None
    except json.JSONDecodeError as exc:
        raise ProxyError("invalid_json",
                         f"request body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except _DuplicateKey as exc:
        which = f" '{exc}'" if _SAFE_NAME.fullmatch(str(exc)) else ""  # never echo a key that may be content
        raise ProxyError("invalid_json", f"request body is ambiguous: the key{which} appears twice in one JSON "
                         "object (parsers disagree on which one counts)") from None
    except _NotJson as exc:
        raise ProxyError("invalid_json", f"request body is not valid JSON: {exc} is not a JSON number") from None
    except RecursionError:
        raise ProxyError("invalid_json", "request body is nested too deeply") from None
    except ValueError:  # e.g. an integer of more than 4300 digits
        raise ProxyError("invalid_json", "request body is not valid JSON: a value exceeds the parser's limits") \
            from None
    if not isinstance(body, dict):
        raise ProxyError("invalid_json", f"request body must be a JSON object, not {_json_type(body)}")
    return body


def _json_type(value: Any) -> str:
    """What JSON calls a parsed value's type (for messages: `null`, not Python's `NoneType`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


_TYPES = {str: "a string", list: "an array", bool: "a boolean", int: "an integer", dict: "an object",
          float: "a number"}
_MODEL_NAME = re.compile(r"[A-Za-z0-9._:/@+-]{1,128}")


_NONE = type(None)


@dataclass(frozen=True, slots=True)
class _Checks:
    """A route's `request_fields` as `_fields_ok` reads them: the required names, and for each typed field
    the classes a parsed JSON value of it may have (null included: an absent optional field)."""

    fields: Sequence[Field]
    required: tuple[str, ...]
    classes: dict[str, frozenset[type]]
    ranges: dict[str, tuple[float, float]]  # the numbers with a range in the provider's API (open ends: inf)


_CHECKS: dict[int, _Checks] = {}  # by the identity of a route's (constant) field list


def _checks(fields: Sequence[Field]) -> _Checks:
    found = _CHECKS.get(id(fields))
    if found is None or found.fields is not fields:
        if len(_CHECKS) >= 64:
            _CHECKS.clear()
        # A number: an integer or not; a boolean is an int to Python, never a number to JSON.
        found = _CHECKS[id(fields)] = _Checks(
            fields, tuple(f.name for f in fields if f.required),
            {f.name: frozenset({int, float, _NONE} if f.type is float else {f.type, _NONE}) for f in fields},
            {f.name: (-math.inf if f.low is None else f.low, math.inf if f.high is None else f.high)
             for f in fields if f.low is not None or f.high is not None})
    return found


def validate(adapter: ProviderAdapter, kind: str, body: dict[str, Any]) -> None:
    """The fields the proxy relies on have the right types; the model is a model name."""
    fields = adapter.request_fields(kind)
    if not _fields_ok(_checks(fields), body):
        problem = _field_problem(fields, body)
        if problem is not None:
            raise problem
    model = body.get("model")
    if isinstance(model, str) and not _MODEL_NAME.fullmatch(model):
        # Model names go into records, metrics and the spend store: free text there could carry PII.
        raise ProxyError("invalid_request", "field 'model' must be a model name: 1-128 characters from "
                         "A-Z a-z 0-9 . _ : / @ + -", param="model")
    missing = adapter.request_problem(kind, body)
    if missing is not None:
        raise ProxyError("invalid_request", f"missing required field '{missing}'", param=missing)


def _fields_ok(checks: _Checks, body: dict[str, Any]) -> bool:
    """Whether every required field is there and every typed field the body holds has its type, reading
    only those (most bodies hold a few of a route's many typed fields). The exact class of each value, as
    the JSON parser makes them: anything else (a subclass) is left to `_field_problem`, which decides."""
    if None in map(body.get, checks.required):  # a required field missing or null
        return False
    classes = checks.classes
    typed = classes.keys() & body
    # Each typed field's class among its classes: a few passes of C functions, no bytecode per field.
    if not all(map(frozenset.__contains__, map(classes.__getitem__, typed), map(type, map(body.__getitem__, typed)))):
        return False
    ranges = checks.ranges
    for name in ranges.keys() & body:
        value = body[name]
        if value is not None:
            low, high = ranges[name]
            if not low <= value <= high:
                return False
    return True


def _field_problem(fields: Sequence[Field], body: dict[str, Any]) -> ProxyError | None:
    """The 400 for the first field (in the route's order) that is missing, of the wrong type or out of the
    provider's range, if any."""
    for field in fields:
        value = body.get(field.name)
        if value is None:
            if field.required:
                return ProxyError("invalid_request", f"missing required field '{field.name}'", param=field.name)
            continue
        wanted = (int, float) if field.type is float else field.type  # a number: an integer or not
        if not isinstance(value, wanted) or (field.type in (int, float) and isinstance(value, bool)):
            return ProxyError("invalid_request", f"field '{field.name}' must be {_TYPES[field.type]}",
                              param=field.name)
        if isinstance(value, int | float) and ((field.low is not None and value < field.low) or
                                               (field.high is not None and value > field.high)):
            # Out of the provider's range: refused as it would be. The value is never echoed (a number a
            # person has, a card's digits around a point).
            within = f"from {field.low:g} to {field.high:g}" if field.high is not None else f"at least {field.low:g}"
            return ProxyError("invalid_request", f"field '{field.name}' must be {_TYPES[field.type]} {within}",
                              param=field.name)
    return None


def encode_body(body: dict[str, Any]) -> bytes:
    """A request body the proxy changed, for the provider. orjson (several times faster) where it is
    exact: request bodies hold no NaN (refused) and no lone surrogate (refused); an integer beyond
    64 bits makes orjson refuse, and the stdlib writes it."""
    try:
        return orjson.dumps(body)
    except TypeError:
        return encode_answer(body)


def encode_answer(obj: Any) -> bytes:
    try:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:  # a lone surrogate from a \\ud800 escape (answers only): escape it again
        return json.dumps(obj, separators=(",", ":")).encode()


def parse_answer(raw: bytes) -> Any:
    """A provider's answer (or stream event) read as strictly as a request (`_DECODER`): a key given
    twice, NaN or an infinite number raise ValueError (the client's JSON parser could read another copy
    than the one screened). Lone surrogate escapes are kept (`encode_answer` writes them back)."""
    try:
        return _DECODER.decode(raw.decode("utf-8") if isinstance(raw, bytes | bytearray) else raw)
    except (_DuplicateKey, _NotJson, RecursionError, UnicodeDecodeError) as exc:
        raise ValueError("unreadable answer") from exc
