"""A chat tool message read with the name it gives, and a message's `name` field read as its reply (issue 12, atk47).

- A `tool` message names its function (`{"role": "tool", "tool_call_id": "call_1", "name": "get_customer_ssn",
  "content": "536904399"}`) while the assistant message that made the call was trimmed from the history: its result
  is read with that name, as the call's name would be (`context24` for a bare result, `tool26` for a JSON one). The
  call's own name wins where the call is in the request.
- A base64 text file inside a tool's result (an Anthropic `document` with a `base64` `text/plain` source, a Responses
  `input_file` with `file_data`) is read with the call's name, as the result's text is (`proxy.guard.tool48`).
- A user message's `name` field (a string or a number: `"name": "536904399"` after `What is your Social Security
  number?`) is read with the cue its message's text gets, as a reply; it is still an id slot (rewritten as
  `US_SSN_1`, never `<US_SSN_1>`). A participant's name (`alice`) is no value of the asked type and goes as sent.
"""

from __future__ import annotations

from typing import Any

__all__ = ["file_text", "name_cue", "trimmed_name"]


def trimmed_name(known: Any, msg: Any) -> str | None:
    """The tool name a chat `tool` message gives itself when the request holds no call of its `tool_call_id`
    (`known`: the call ids seen before it), else None."""
    if not isinstance(msg, dict) or msg.get("role") != "tool":
        return None
    call = msg.get("tool_call_id")
    if isinstance(call, str) and call in known:
        return None
    name = msg.get("name")
    return name if isinstance(name, str) and name.strip() else None


def name_cue(slot: Any, marked: dict[int, str]) -> str | None:
    """The cue for a user message's `name` field (`slot`): its message's text's (`marked`: container id -> cue)."""
    msg = getattr(slot, "container", None)
    if getattr(slot, "key", None) != "name" or not isinstance(msg, dict) or msg.get("role") != "user":
        return None
    if (cue := marked.get(id(msg))) is not None:
        return cue
    from proxy.guard.context24 import _holders

    for holder in _holders(msg, "content"):
        if (cue := marked.get(id(holder))) is not None:
            return cue
    return None


def file_text(slot: Any) -> bool:
    """A base64 text file's decoded text (`proxy.nlp.file36.FileSlot`: an Anthropic `document` with a base64
    `text/plain` source, a Responses `input_file`'s `file_data`): read as a tool's result is when a call's result
    holds it (`proxy.guard.tool48.held`)."""
    from proxy.nlp.file36 import FileSlot

    return isinstance(slot, FileSlot)
