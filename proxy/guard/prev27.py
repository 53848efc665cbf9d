"""The question a reply answers and the call a tool result answers, in more of the shapes requests take (issue 12,
atk26 F17, F5, F3, F2, F7).

F7: `proxy.guard.context24` reads a short user reply with the last sentence of the assistant turn right before it.
Apps put other turns between: a per-turn `system` / `developer` reminder (`Current time: ...`), or the user's answer
sent as two bubbles (`sure`, then `6175550143`). `Asked` follows a request's turns: system and developer messages
are skipped, and each of up to `BUBBLES` user turns in a row after the question is read with it while the ones
before it in that run are short (`context24.short`): `sure` / `6175550143` both, a paragraph then a value not.

F3: a Responses request continuing a remembered answer (`proxy.guard.prev26`) may send the results of that answer's
calls before the user's reply: tool results (`OUTPUTS`) keep the run open there.

F2: Responses custom tools (`custom_tool_call` / `custom_tool_call_output`) are read as function tools are
(`CALLS`, `OUTPUTS`).

F5: a streamed answer whose `response.completed` carries no `output` (a gateway's slim event) is remembered from the
stream's `response.output_item.done` items (`streamed`, `items`): the last assistant message and the tool calls,
held for the request (a context variable set by `prev26.caller`).

F17: prev26's memory gives each caller its own share (`PER_CALLER`, the caller's oldest forgotten first); past the
whole `prev26.LIMIT` the largest share gives up its oldest, so a caller flooding the memory evicts only its own.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from proxy.guard import plur29

__all__ = ["BUBBLES", "DONE", "CALLS", "OUTPUTS", "PER_CALLER", "Asked", "begin", "items", "streamed", "streamed_run"]

PER_CALLER = 1_000  # answers remembered per caller (prev26)
BUBBLES = 3         # user turns in a row read with the question before them
# (tuples: a request's `type` or `role` may be any JSON value, a list too, which a set cannot look up)
CALLS = ("function_call", "custom_tool_call")
OUTPUTS = ("function_call_output", "custom_tool_call_output")
_SKIPPED = ("system", "developer")


class Asked:
    """The question the next user turns of a request answer (`see` each turn in order)."""

    __slots__ = ("_asking", "_cue", "_open", "_users")

    def __init__(self, cue: str | None = None, *, open_: bool = False) -> None:
        self._asking: Any = None  # the assistant content not yet read (its cue is found when a user turn follows)
        self._cue, self._open, self._users = cue, open_, 0

    def close(self) -> None:
        self._open = False

    def aside(self) -> None:
        """A call or its result between the question and its reply: still open until a user turn answered."""
        if self._users:
            self._open = False

    def see(self, role: Any, content: Any) -> str | None:
        """The cue a turn of `role` with `content` is read with (a user turn's), or None."""
        if role in _SKIPPED:
            return None
        from proxy.guard.context24 import _text, question_cue, short

        if role == "tool":  # (a call of the question's turn, answered before the reply: plur29)
            self.aside()
            return None
        if role == "assistant":
            if not (self._open and self._users == 0 and self._asking is not None and plur29.aside(_text(content))):
                self._asking, self._cue, self._open, self._users = content, None, True, 0
            return None
        if role != "user" or not self._open:
            self._open = False
            return None

        if self._asking is not None:
            self._cue, self._asking = question_cue(_text(self._asking)), None
        self._users += 1
        if self._users >= BUBBLES or not (short(_text(content)) or plur29.clarifying(_text(content))):
            self._open = False  # a later turn answers something else
        return self._cue


# ------------------------------------------------------------------------------------ streamed answers

_ITEMS: ContextVar[list[dict[str, Any]] | None] = ContextVar("prev27_items", default=None)
_MAX_ITEMS = 65  # the last message and prev26.MAX_CALLS calls


def begin() -> None:
    """A Responses request's stream items are held from here (its task: `prev26.caller`)."""
    _ITEMS.set([])


def streamed(event: Any) -> None:
    """A Responses stream event: an assistant message or a call it completes is held for `items`."""
    if not isinstance(event, dict) or event.get("type") != "response.output_item.done":
        return
    held, item = _ITEMS.get(), event.get("item")
    if held is None or not isinstance(item, dict):
        return
    itype = item.get("type")
    if itype == "message" and item.get("role") in (None, "assistant"):
        held[:] = [i for i in held if i.get("type") != "message"]  # (the last one counts)
        from proxy.guard.context24 import QUESTION_CHARS, _text

        # its text as it came (the relay may rewrite the event after), only the end a question is read in
        text = _text(item.get("content")).strip()[-QUESTION_CHARS:]
        held.append({"type": "message", "role": "assistant", "content": text})
    elif itype in CALLS and len(held) < _MAX_ITEMS:
        held.append({"type": itype, "call_id": item.get("call_id"), "name": item.get("name"),
                     "arguments": item.get("arguments", item.get("input"))})  # (its question, field: ask28)


DONE = b'"response.output_item.done"'


def streamed_run(whole: bytes) -> None:
    """Whole events relayed unparsed: those completing an item are read (`streamed`)."""
    if _ITEMS.get() is None:
        return
    from proxy.providers.sse import SSESplitter

    for ev in SSESplitter().feed(whole):
        if DONE in ev.raw:
            streamed(ev.json_readonly())


def items(response: dict[str, Any]) -> list[Any] | None:
    """The output of an answer as relayed: its own, or (none or empty) the stream's completed items."""
    output = response.get("output")
    if isinstance(output, list) and output:
        return output
    held = _ITEMS.get()
    if held:
        return list(held)
    return output if isinstance(output, list) else None
