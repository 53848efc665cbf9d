"""Anthropic streams read as their whole answers are (issue 12, atk47 t49 and tool48's left).

- A thinking block that names what the answer gives (`The user wants the SSN on file.`, `I should give them the
  customer's cell number.`) cues the text blocks after it as the user's question would (`proxy.guard.reply26`:
  a short answer `536904399` is read as `SSN: 536904399`). Only where the user's last turn gave no cue of its own;
  a thought naming no kind (`The user wants the order number.`) cues nothing. The cue is a kind, never text.
- A streamed `mcp_tool_result` (its whole block in `content_block_start`) is read with the name of the
  `mcp_tool_use` (or `tool_use`) the stream opened before it, as a whole answer's is (`proxy.guard.tool48`).

Hooked into `proxy.guard.tool26.observe` (each event, before its texts are read). Cost: a dict lookup per event;
a thinking block's text is kept up to `_THOUGHT_CHARS` characters per stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

from proxy.providers.base import MESSAGES

__all__ = ["observe", "thought"]

_THOUGHT_CHARS = 4000
_USES = frozenset({"mcp_tool_use", "tool_use", "server_tool_use"})


class _State:
    __slots__ = ("body_set", "cued", "names", "thinking")

    def __init__(self) -> None:
        self.thinking: dict[Any, str] = {}  # block index -> its thinking so far
        self.names: dict[str, dict[str, Any]] = {}  # tool use id -> its block
        self.cued = False
        self.body_set = False


_STATES: WeakKeyDictionary[Any, _State] = WeakKeyDictionary()


def _state(windows: Any) -> _State | None:
    try:
        return _STATES.setdefault(windows, _State())
    except TypeError:
        return None


def _cue(text: str) -> str | None:
    """The prefix of the kind a thought names (`The user wants the SSN on file.`: `SSN: `), or None."""
    from proxy.guard import lang31, q28, reply26
    from proxy.guard.context24 import PREFIX, question_cue

    cue = q28.single(question_cue(text))
    return lang31.label(cue) or PREFIX[cue] if cue is not None and cue in reply26.ANSWER_KINDS else None


@contextmanager
def thought(kind: str, body: Any) -> Iterator[None]:
    """Around a whole Anthropic answer's screening: its thinking blocks' cue for its text blocks, where the user's
    question gave none."""
    from proxy.guard import reply26

    content = body.get("content") if kind == MESSAGES and isinstance(body, dict) else None
    text = " ".join(b["thinking"] for b in content if isinstance(b, dict) and b.get("type") == "thinking"
                    and isinstance(b.get("thinking"), str)) if isinstance(content, list) else ""
    prefix = _cue(text[-_THOUGHT_CHARS:]) if text and reply26._ANSWER.get() is None else None
    if prefix is None:
        yield
        return
    token = reply26._ANSWER.set(reply26._Answer(prefix))
    try:
        yield
    finally:
        reply26._ANSWER.reset(token)


def _think(state: _State, index: Any, text: str) -> None:
    """A thinking block's text so far: once it names a kind an answer may give, that kind cues the answer."""
    from proxy.guard import reply26

    if state.cued or reply26._ANSWER.get() is not None:  # (the user's own question's cue comes first)
        return
    so_far = (state.thinking.get(index, "") + text)[-_THOUGHT_CHARS:]
    state.thinking[index] = so_far
    if (prefix := _cue(so_far)) is not None:
        reply26._ANSWER.set(reply26._Answer(prefix))
        state.cued = True


def observe(windows: Any, kind: str, data: Any) -> None:
    """One stream event (`proxy.guard.tool26.observe`): thinking text and tool uses noted, a tool result's
    screening given its call's name."""
    if kind != MESSAGES or not isinstance(data, dict):
        return
    etype = data.get("type")
    if etype not in ("content_block_start", "content_block_delta"):
        return
    state = _state(windows)
    if state is None:
        return
    from proxy.guard import tool26

    if state.body_set:  # the result's event is read: its call's body no longer
        tool26._BODY.set(None)
        state.body_set = False
    if etype == "content_block_delta":
        delta = data.get("delta")
        if isinstance(delta, dict) and delta.get("type") == "thinking_delta" \
                and isinstance(delta.get("thinking"), str):
            _think(state, data.get("index"), delta["thinking"])
        return
    block = data.get("content_block")
    if not isinstance(block, dict):
        return
    btype = block.get("type")
    if btype == "thinking" and isinstance(block.get("thinking"), str) and block["thinking"]:
        _think(state, data.get("index"), block["thinking"])
    elif btype in _USES and isinstance(block.get("id"), str) and isinstance(block.get("name"), str):
        state.names[block["id"]] = block
    elif btype == "mcp_tool_result" and isinstance(call := block.get("tool_use_id"), str) \
            and (use := state.names.get(call)) is not None and tool26._BODY.get() is None:
        tool26._BODY.set((MESSAGES, {"content": [use, block]}))  # read as a whole answer's result (tool48)
        state.body_set = True
