"""`event: message` on an OpenAI-format stream is no event name (fp46, atk45's robustness fault).

`message` is SSE's default event type: a stream whose events say `event: message` is read by every client as one
that names none (the openai SDK reads the data alone outside the Assistants' `thread.*` events). Under output rules
an event whose name differs from its data's `type` is unreadable (`proxy.stream.channels._named_as`: a client may
read it otherwise), so such a provider's whole stream ended in 502 `upstream_unreadable`. On chat, completions and
Responses streams an event named `message` is read, and sent on, as the same event without its `event:` line; any
other name still fails closed, and an Anthropic stream (whose SDK dispatches on the name) is read as before.
"""

from __future__ import annotations

from proxy.providers.base import CHAT, COMPLETIONS, RESPONSES
from proxy.providers.sse import SSEEvent, sse_lines

_OPENAI_KINDS = frozenset({CHAT, COMPLETIONS, RESPONSES})


def unnamed_message(kind: str, ev: SSEEvent) -> SSEEvent:
    """`ev` without its `event: message` line(s) on an OpenAI-format stream (`kind`); else `ev` itself."""
    if kind not in _OPENAI_KINDS or ev.event != "message":
        return ev
    text = ev.raw.decode("utf-8", errors="surrogateescape")
    kept = [line for line in sse_lines(text) if line and line.partition(":")[0] != "event"]
    return SSEEvent(("\n".join(kept) + "\n\n").encode("utf-8", errors="surrogateescape"))
