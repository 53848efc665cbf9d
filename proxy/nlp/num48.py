"""A message text in a shape the adapters do not list (atk47 F01): read in its message's place, with its context.

The adapters list a message's `content` (and a tool result's) when it is a string or a list of text parts; the field
sweep (`proxy.providers.inventory.field_texts`) reads everything else, but as a field of its own: a bare SSN sent as a
JSON NUMBER after `What is your Social Security number?` (`"content": 536904399`), or in a content object
(`{"text": "536904399"}`), a list of strings, a text part whose `text` is a number, a list or an object, an unknown
part key (`"x_text": ...`), a number as a tool's result (`"content": 536904399`, `{"result": 536904399}`, Responses
`"output": 536904399`, a `tool_result` block's), went upstream as sent while the string form was redacted. Here each
such value is listed as the adapter lists the string form: same role, kind and channel (`TreeSlot`: a number is read
as its digits, `number_text`; one rewritten becomes its placeholder, a string: the body stays valid JSON), so the
readers that give a text its context (the question before it, the part before it, the call a result answers) read
it too. Gated: only a `content` (or `output`) that is not a string, or a list item that is not a standard text part,
costs anything; plain strings and text parts are untouched.
"""

from __future__ import annotations

from typing import Any

from proxy.providers.base import TextSlot
from proxy.providers.inventory import TreeSlot, _number_is_text, tree_slots
from proxy.providers.vocabulary import FIELD_NAMES

__all__ = ["Placed", "holders", "odd_content", "odd_part", "placed"]

# Keys of a text part the APIs define that carry no text (or are read elsewhere): left to the adapters and the sweep.
_PART_KEYS = frozenset({"type", "text", "cache_control", "citations", "annotations", "logprobs", "id", "signature"})


class Placed(TreeSlot):
    """A value listed here: a message's text in its message's place, whatever key holds it (`[536904399]`,
    `{"result": 536904399}`): the readers that look for a `content` or `text` key read it as one."""

    __slots__ = ()


def placed(slot: Any) -> bool:
    """A value `odd_content`/`odd_part` listed (not an object key)."""
    return type(slot) is Placed


def _place(out: list[TextSlot], start: int) -> None:
    for slot in out[start:]:
        if type(slot) is TreeSlot and slot.mode != "key":
            slot.__class__ = Placed


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _long(value: Any) -> bool:
    """A number the field sweep reads as text (7 digits or more, `inventory._number_is_text`): shorter ones (`12`,
    a count) are no value on their own and stay unread, as in the sweep."""
    return isinstance(value, int | float) and not isinstance(value, bool) and _number_is_text(None, value)


def _bare(parts: list[Any]) -> bool:
    """A content list of bare strings and numbers only (`["536904399"]`): the message's text in another shape. A
    stray string beside typed parts stays the sweep's (a field)."""
    return all(_scalar(p) for p in parts)


def _odd_content(container: Any, key: str, prefix: str, role: str, kind: str, out: list[TextSlot]) -> None:
    """`container[key]` (a message's content, a tool result) when it is neither a string nor a list: a number or an
    object, listed in the string form's place (`prefix`, `role`, `kind`)."""
    value = container.get(key) if isinstance(container, dict) else None
    if _long(value):
        out.append(TreeSlot(container, key, role, kind, prefix, mode="number", group=prefix))
    elif isinstance(value, dict) and value:
        tree_slots(container, key, prefix, role, kind, out)


def _odd_part(parts: list[Any], k: int, prefix: str, role: str, kind: str, out: list[TextSlot]) -> None:
    """Item `k` of a content list when it is not a standard part: a bare string or number (`["536904399"]`), or a
    part whose `text` is not a string or that carries text under a key of its own (`"x_text"`)."""
    part = parts[k]
    channel = f"{prefix}:{k}"
    if _scalar(part):
        if not _bare(parts) or not (isinstance(part, str) or _long(part)):
            return
        out.append(TreeSlot(parts, k, role, kind, channel,
                            mode="value" if isinstance(part, str) else "number", group=channel))
        return
    if not isinstance(part, dict):
        if isinstance(part, list) and part:
            tree_slots(parts, k, channel, role, kind, out)
        return
    text = part.get("text")
    if text is not None and not isinstance(text, str | bool):
        if _long(text):
            out.append(TreeSlot(part, "text", role, kind, channel, mode="number", group=channel))
        elif isinstance(text, dict | list) and text:
            tree_slots(part, "text", channel, role, kind, out)
    for name, value in part.items():
        if name in _PART_KEYS or name in FIELD_NAMES or not isinstance(name, str):
            continue
        if isinstance(value, str) or _long(value):  # (an object there stays the sweep's)
            tree_slots(part, name, channel, role, kind, out)


def plain_part(part: Any) -> bool:
    """A standard text part (nothing for `odd_part` to read): the gate the adapters test first."""
    if not isinstance(part, dict):
        return False
    text = part.get("text")
    if text is not None and not isinstance(text, str):
        return False
    return all(name in _PART_KEYS or name in FIELD_NAMES for name in part)


def holders(content_holder: Any, key: str) -> list[Any]:
    """The containers of the slots `odd_content` and `odd_part` list for `content_holder[key]` (what
    `proxy.guard.context24._holders` gives the readers that mark a message's or a result's slots with a cue):
    the holder of a number, every object and list inside an object, a list holding bare strings or numbers, and
    each part that is not a standard text part with everything inside it. Empty for a string or standard parts."""
    content = content_holder.get(key) if isinstance(content_holder, dict) else None
    if _long(content):
        return [content_holder]
    if isinstance(content, dict):
        return _containers(content)
    out: list[Any] = []
    if isinstance(content, list):
        if content and _bare(content):
            out.append(content)
        for part in content:
            if isinstance(part, dict | list) and not plain_part(part):
                out.extend(_containers(part))
    return out


def _containers(value: Any) -> list[Any]:
    out: list[Any] = []
    todo = [value]
    while todo:
        node = todo.pop()
        out.append(node)
        children = node.values() if isinstance(node, dict) else node
        todo.extend(v for v in children if isinstance(v, dict | list))
    return out


def odd_content(container: Any, key: str, prefix: str, role: str, kind: str, out: list[TextSlot]) -> None:
    """`container[key]` (a message's content, a tool result) when it is neither a string nor a list: a number or an
    object, listed in the string form's place (`prefix`, `role`, `kind`)."""
    start = len(out)
    _odd_content(container, key, prefix, role, kind, out)
    _place(out, start)


def odd_part(parts: list[Any], k: int, prefix: str, role: str, kind: str, out: list[TextSlot]) -> None:
    """Item `k` of a content list when it is not a standard part (`_odd_part`), listed in its place."""
    start = len(out)
    _odd_part(parts, k, prefix, role, kind, out)
    _place(out, start)
