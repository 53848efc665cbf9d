"""A tool call's values read with its name in more of the shapes calls and results take (atk47 F04, F05, F06).

`proxy.guard.tool26` reads a call's JSON arguments and a tool's JSON result with the call's name (`update_ssn
{"value": "536904399"}`, `get_customer_ssn` -> `{"result": "536904399"}`), and `proxy.guard.context24` a bare
result. These shapes went as sent:

- custom tools (free-form input, GPT-5): Responses `custom_tool_call.input`, chat `tool_calls[].custom.input`
  (`update_ssn` with input `536904399`, `send_sms` with `6175550143`): read as the call's value under `input`;
- MCP: a Responses `mcp_call`'s `output` (its own name), Anthropic `mcp_tool_result` (its `mcp_tool_use`): read
  as a tool's result is;
- a result given as an Anthropic `search_result` block or a `document` (text or content source) inside a
  `tool_result`, and a result written as CSV (`id,value\\n7,536904399`) or YAML / `key: value` lines: each cell
  read under its column's (line's) key, a bare one at the top.

The rules are tool26's (`result_cue`, `args_cue`, `_reading`: a value shaped as the named type, under a generic
key). Requests (`called`: the body's calls and results, around the input screening) and whole answers
(`answered`); only texts with nine digits are looked at, so requests without such a value pay one regex pass over
their tool texts. Not read here: streamed custom inputs, base64 files (`input_file`, a base64 `document`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from weakref import WeakKeyDictionary

from proxy.guard import gap49
from proxy.guard.keyed import Keyed
from proxy.providers.base import CHAT, RESPONSES, TextSlot

_NINE_DIGITS = re.compile(r"[0-9](?:[ ().-]{0,2}[0-9]){8}")
_TOOL_KINDS = ("tool_arguments", "tool_result")

# text index -> (text, cue, args)
_HELD: ContextVar[dict[int, tuple[str, str, bool]] | None] = ContextVar("tool48_held", default=None)


def _str(x: Any) -> str | None:
    return x if isinstance(x, str) else None


class _Walk:
    """The containers of a body's calls and results whose call's name names a type."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.args: dict[int, str] = {}     # id(container of a custom input) -> cue
        self.results: dict[int, str] = {}  # id(container of a result's text) -> cue

    def _arg(self, holder: dict[str, Any], name: Any) -> None:
        from proxy.guard.tool26 import args_cue

        if isinstance(name, str) and isinstance(holder.get("input"), str) and (cue := args_cue(name)):
            self.args[id(holder)] = cue

    def _result(self, node: Any, name: Any) -> None:
        from proxy.guard.tool26 import result_cue

        if not isinstance(name, str) or (cue := result_cue(name)) is None:
            return
        stack = [node]
        while stack:  # every dict under the result (its text blocks, a search result's, a document's source)
            n = stack.pop()
            if isinstance(n, dict):
                self.results[id(n)] = cue
                stack.extend(v for v in n.values() if isinstance(v, dict | list))
            elif isinstance(n, list):
                stack.extend(v for v in n if isinstance(v, dict | list))

    def walk(self, node: Any, depth: int = 0) -> None:
        if depth > 12:
            return
        if isinstance(node, list):
            for v in node:
                self.walk(v, depth + 1)
            return
        if not isinstance(node, dict):
            return
        t = node.get("type")
        t = t if isinstance(t, str) else None
        if t == "custom_tool_call":
            if (cid := _str(node.get("call_id"))) and (name := _str(node.get("name"))):
                self.names[cid] = name
            self._arg(node, node.get("name"))
            return
        if t == "mcp_call":
            name = node.get("name")
            if isinstance(node.get("output"), str) and isinstance(name, str):
                from proxy.guard.ask28 import call_cue
                from proxy.guard.tool26 import result_cue

                # (a question it asks, `ask_human {"question": "What is your SSN?"}`: its answer's type)
                cue = result_cue(name) or call_cue(name, node.get("arguments"))
                if cue in ("phone", "ssn"):
                    self.results[id(node)] = cue
            return
        if t == "function_call":
            if (cid := _str(node.get("call_id"))) and (name := _str(node.get("name"))):
                self.names[cid] = name
            return
        if t in ("tool_use", "mcp_tool_use", "server_tool_use"):
            if (cid := _str(node.get("id"))) and (name := _str(node.get("name"))):
                self.names[cid] = name
            return
        if t in ("tool_result", "mcp_tool_result"):
            cid = _str(node.get("tool_use_id"))
            if cid in self.names:
                self._result(node, self.names[cid] if cid else None)
            return
        if t in ("function_call_output", "custom_tool_call_output"):
            cid = _str(node.get("call_id"))
            if cid in self.names:
                self._result(node, self.names[cid] if cid else None)
            return
        if node.get("role") == "tool":
            cid = _str(node.get("tool_call_id"))
            if cid in self.names:
                self._result(node, self.names[cid] if cid else None)
        calls = node.get("tool_calls")
        for call in calls if isinstance(calls, list) else ():
            if not isinstance(call, dict):
                continue
            custom = call.get("custom")
            holder = custom if isinstance(custom, dict) else call.get("function")
            if isinstance(holder, dict) and (name := _str(holder.get("name"))):
                if (cid := _str(call.get("id"))):
                    self.names[cid] = name
                if isinstance(custom, dict):
                    self._arg(custom, name)
        for k, v in node.items():
            if k != "tool_calls" and isinstance(v, dict | list):
                self.walk(v, depth + 1)


def held(body: Any, slots: Sequence[TextSlot]) -> dict[int, tuple[str, str, bool]]:
    """The texts of `slots` (of `body`) that are such a call's value or such a tool's result."""
    if not isinstance(body, dict) or not any(
            (s.kind in _TOOL_KINDS or gap49.file_text(s)) and _NINE_DIGITS.search(s.get()) for s in slots):
        return {}
    w = _Walk()
    w.walk(body)
    out: dict[int, tuple[str, str, bool]] = {}
    for i, slot in enumerate(slots):
        c = id(slot.container)
        if slot.kind == "tool_arguments" and slot.key == "input" and c in w.args:
            out[i] = (slot.get(), w.args[c], True)
        elif c in w.results and (slot.key in ("content", "text", "output", "data") or gap49.file_text(slot)):
            out[i] = (slot.get(), w.results[c], False)
    return {i: h for i, h in out.items() if _NINE_DIGITS.search(h[0])}


@contextmanager
def holding(body: Any, slots: Sequence[TextSlot]) -> Iterator[None]:
    token = _HELD.set(held(body, slots) or None)
    try:
        yield
    finally:
        _HELD.reset(token)


def free_question(name: str, text: str) -> dict[str, str] | None:
    """A custom tool's free-form input that is a question to a person (`ask_user` with input `What is your Social
    Security number?`): read as `{"question": ...}` is (`proxy.guard.ask28.reading`), else None."""
    stripped = text.rstrip()
    if not stripped.endswith("?") or len(stripped) > 2_000 or stripped.lstrip()[:1] in ("{", "["):
        return None
    from proxy.guard.ask28 import _ASKING, _words

    return {"question": stripped} if _ASKING.intersection(_words(name)) else None


_LINE = re.compile(r"[^\r\n]+")
_KV = re.compile(r"\s*-?\s*[\"']?([A-Za-z_][\w .-]{0,40}?)[\"']?\s*[:=]\s*[\"']?(.*?)[\"']?\s*$")
_CELL = re.compile(r"[^,;\t|]+")


def _cells(text: str) -> list[tuple[int, int, str | None]]:
    """A result text's values with their keys: a JSON text's members (tool26), a CSV table's cells under their
    column's header, `key: value` lines (YAML, INI), or the whole text (a bare value)."""
    from proxy.guard.tool26 import json_members

    s = text.strip()
    if len(s) > 1 and s[0] in "{[" and s[-1] in "}]":
        return json_members(text)
    lines = list(_LINE.finditer(text))
    if len(lines) < 2 and not _KV.fullmatch(text) and not any(c in text for c in ",;\t|"):
        a = len(text) - len(text.lstrip())
        return [(a, a + len(s), None)]
    out: list[tuple[int, int, str | None]] = []
    header: list[str] | None = None
    for m in lines:
        line = m.group()
        if (kv := _KV.fullmatch(line)) is not None and not any(c in line for c in ",;\t|"):
            a, b = m.start() + kv.start(2), m.start() + kv.end(2)
            if b > a:
                out.append((a, b, kv.group(1).strip()))
            continue
        cells = list(_CELL.finditer(line))
        if header is None and len(cells) > 1 and not any(c.isdigit() for c in line):
            header = [c.group().strip().strip("\"'") for c in cells]
            continue
        for n, c in enumerate(cells):
            raw = c.group()
            inner = raw.strip().strip("\"'")
            if not inner:
                continue
            a = m.start() + c.start() + raw.index(inner)
            out.append((a, a + len(inner), header[n] if header and n < len(header) else None))
    return out


def readings(texts: Sequence[str], entities: frozenset[str]) -> list[Keyed]:
    """The `Keyed` readings of the held texts (`holding`) among `texts`."""
    found = _HELD.get()
    if found is None and (window := _WINDOW.get()):  # a stream's custom inputs, by content
        pieces = {t.strip(): cue for t, cue in window if _NINE_DIGITS.search(t)}
        found = {i: (t, pieces[t.strip()], True) for i, t in enumerate(texts) if t.strip() in pieces}
    if not found:
        return []
    from proxy.guard.tool26 import _reading

    out: list[Keyed] = []
    for i, (text, cue, args) in found.items():
        if i >= len(texts) or texts[i] != text:
            continue
        if args:
            a = len(text) - len(text.lstrip())
            cells: list[tuple[int, int, str | None]] = [(a, len(text.rstrip()), "input")]
        else:
            cells = _cells(text)
        for a, b, key in cells:
            if (k := _reading(i, a, b, text[a:b], key, cue, args, entities)) is not None:
                out.append(k)
    return out


# ------------------------------------------------------------------------------------------- streams

# Per stream (its `OutputWindows`): each custom call's input channel to its cue.
_STREAMS: WeakKeyDictionary[Any, dict[str, str]] = WeakKeyDictionary()
_WINDOW: ContextVar[list[tuple[str, str]] | None] = ContextVar("tool48_window", default=None)


def observe(windows: Any, kind: str, data: Any) -> None:
    """A stream's event: the names of the custom calls it opens, by their input's channel (tool26.observe's)."""
    from proxy.guard.tool26 import args_cue

    found: list[tuple[str, Any]] = []
    if kind == CHAT:
        for n, choice in enumerate(data.get("choices") or ()):
            delta = choice.get("delta") if isinstance(choice, dict) else None
            calls = delta.get("tool_calls") if isinstance(delta, dict) else None
            index = choice.get("index", n) if isinstance(choice, dict) else n
            for call in calls if isinstance(calls, list) else ():
                custom = call.get("custom") if isinstance(call, dict) else None
                if isinstance(custom, dict) and isinstance(call.get("index"), int):
                    found.append((f"choice:{index}:tool:{call['index']}:input", custom.get("name")))
    elif kind == RESPONSES and data.get("type") in ("response.output_item.added", "response.output_item.done"):
        item = data.get("item")
        if isinstance(item, dict) and item.get("type") == "custom_tool_call" \
                and isinstance(data.get("output_index"), int):
            found.append((f"output:{data['output_index']}:input", item.get("name")))
    for channel, name in found:
        if not isinstance(name, str) or not name:
            continue
        try:
            known = _STREAMS.setdefault(windows, {})
        except TypeError:
            return
        if (cue := args_cue(name)) is not None:
            known.setdefault(channel, cue)
        else:
            known.pop(channel, None)


def _known(windows: Any) -> dict[str, str] | None:
    try:
        return _STREAMS.get(windows)
    except TypeError:
        return None


@contextmanager
def windowed(windows: Any, pieces: Sequence[Any] = (), channel_of: Any = None, segment: str = "") -> Iterator[None]:
    """Around a window's check (its pieces) or a segment's release (`channel_of`: its channel object): the texts of
    cued custom inputs, read by content in `readings`."""
    known = _known(windows)
    cued: list[tuple[str, str]] = []
    if known:
        if channel_of is not None:
            channel = next((c for c, x in getattr(windows, "_channels", {}).items() if x is channel_of), None)
            if channel in known:
                cued.append((segment, known[channel]))
        else:
            cued = [(p.text, known[p.channel]) for p in pieces if getattr(p, "channel", None) in known]
    token = _WINDOW.set(cued or None)
    try:
        yield
    finally:
        _WINDOW.reset(token)
