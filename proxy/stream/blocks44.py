"""Anthropic content blocks as the client got them (blk44), for the ending of a refused stream.

The ending the proxy writes for a stopped Messages stream stops the blocks still open (`anthropic_stream_ending`).
What the provider opened is not what the client saw: a block whose `content_block_start` the proxy withheld (a
`tool_use` block whose name a `patterns:` rule matched or that spells abuse, a block cut while text before it was
held) never reached the client, and a `content_block_stop` for it makes the SDKs' stream helpers fail (the Python
SDK's `messages.stream()` accumulator raises IndexError). So the ending is built from the events actually written:
the blocks the client saw start and not stop (`ClientBlocks.open`), each stopped once; a withheld block sends
nothing, as the API, which never announces a block it does not deliver, and as a refused whole answer, whose
`tool_use` blocks are dropped (`block_anthropic_body`).
"""

from __future__ import annotations

from typing import Any

from proxy.providers.base import MESSAGES
from proxy.providers.sse import SSESplitter

_MARKS = (b"content_block_start", b"content_block_stop")
# Blocks that ask the client (or a server tool) to act: withheld whole from a refused answer (`block_anthropic_body`).
CALL_BLOCKS = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})


class ClientBlocks:
    """The block indexes whose start and stop were written to the client."""

    def __init__(self) -> None:
        self.started: set[int] = set()
        self.stopped: set[int] = set()
        self.dropped: set[int] = set()  # call blocks withheld from a stopped stream: nothing of them goes out

    @property
    def open(self) -> list[int]:
        """Blocks the client saw start and not stop, in index order: those the ending stops."""
        return sorted(self.started - self.stopped)

    def note(self, kind: str, out: list[bytes], stopped: bool) -> list[bytes]:
        """Note the block starts and stops among bytes about to be written to the client (Messages only). Once the
        stream stopped, a call block (`tool_use`...) starting in them is withheld whole, as a refused whole answer's
        (its id and name may have been emptied by the rule that stopped it): `out` without its events."""
        if kind != MESSAGES:
            return out
        kept: list[bytes] = []
        for blob in out:
            if not any(mark in blob for mark in _MARKS) and not (self.dropped and b"content_block_delta" in blob):
                kept.append(blob)
                continue
            splitter = SSESplitter()
            events = list(splitter.feed(blob))
            tail = splitter.close()
            events = [*events, tail] if tail is not None else events
            keep = [ev for ev in events if self._take(ev.json(), stopped)]
            kept.append(blob if len(keep) == len(events) else b"".join(ev.raw for ev in keep))
        return kept

    def _take(self, data: Any, stopped: bool) -> bool:
        """Note one event; whether it goes out."""
        if not isinstance(data, dict) or type(data.get("index")) is not int:
            return True
        index, etype = data["index"], data.get("type")
        if index in self.dropped and etype in ("content_block_delta", "content_block_stop"):
            return False
        if etype == "content_block_start":
            block = data.get("content_block")
            if stopped and isinstance(block, dict) and block.get("type") in CALL_BLOCKS:
                self.dropped.add(index)
                return False
            self.started.add(index)
        elif etype == "content_block_stop":
            self.stopped.add(index)
        return True
