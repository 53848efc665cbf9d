"""An OpenRouter `reasoning_details` piece's `data` in a chat answer goes to the client only as a sealed payload
(stream24, finding 2; atk23 M3, the answer's side).

`data` is a `reasoning.encrypted` piece's payload: base64 (or a token of its alphabet) the provider reads when the
client sends the piece back; no client shows it. The sweep passed a value of base64's alphabet unread (`is_base64`:
`ssn536904399`, `tel2125550199`) and read a stream's chunk of it alone, where the SDKs join a piece's strings across
chunks by its `index` (`"Mail mara.lin@"` + `"example.org now"`, a toxic sentence cut in two). Under enforced output
rules a piece's `data` now goes out only while it is of a sealed payload's shape (`proxy.providers.inventory._sealed`,
the request side's test: one token of the base64/token alphabet with a letter, no long digit run unless long and
random), in a stream the piece's data joined so far; any other is dropped: the value is emptied (`""`), and in a
stream every later chunk of that piece's data too. Plain text there is no payload a provider can read back, so
nothing a client needs is lost; a genuine encrypted payload goes out unchanged. (Monitor mode: nothing is dropped;
the sweep reads the value and records what it would do.)
"""

from __future__ import annotations

from typing import Any

from proxy.providers.base import CHAT
from proxy.providers.inventory import _sealed

MAX_PIECES = 64  # pieces a stream follows; the data of any piece beyond them is dropped
MAX_DATA = 100_001  # a joined payload longer than the sealed shape allows is dropped (`_SEALED_SHAPE`)


def _pieces(message: Any) -> list[tuple[int, dict[str, Any]]]:
    details = message.get("reasoning_details") if isinstance(message, dict) else None
    return [(piece["index"] if type(piece.get("index")) is int else j, piece)
            for j, piece in enumerate(details if isinstance(details, list) else []) if isinstance(piece, dict)]


def _choices(body: Any) -> list[tuple[int, dict[str, Any]]]:
    choices = body.get("choices") if isinstance(body, dict) else None
    return [(choice["index"] if type(choice.get("index")) is int else k, choice)
            for k, choice in enumerate(choices if isinstance(choices, list) else []) if isinstance(choice, dict)]


def drop_loose_data(kind: str, body: Any) -> bool:
    """A whole chat answer: every `reasoning_details` piece's `data` not of a sealed payload's shape emptied; whether
    one was."""
    if kind != CHAT:
        return False
    dropped = False
    for _, choice in _choices(body):
        for _, piece in _pieces(choice.get("message")):
            data = piece.get("data")
            if isinstance(data, str) and data and not _sealed(data):
                piece["data"] = ""
                dropped = True
    return dropped


class DetailData:
    """A chat stream's `reasoning_details` data, joined per choice and piece as the SDKs join it (`take`)."""

    def __init__(self) -> None:
        self.joined: dict[tuple[int, int], str] = {}
        self.dropped: set[tuple[int, int]] = set()

    def take(self, data: Any) -> bool:
        """Empty each piece's `data` chunk of the chunk `data` unless the piece's data joined with it is still of a
        sealed payload's shape; whether one was emptied."""
        dropped = False
        for k, choice in _choices(data):
            for idx, piece in _pieces(choice.get("delta")):
                chunk = piece.get("data")
                if not isinstance(chunk, str) or not chunk:
                    continue
                key = (k, idx)
                joined = self.joined.get(key, "") + chunk
                if key in self.dropped or len(joined) > MAX_DATA or not _sealed(joined) or (
                        key not in self.joined and len(self.joined) >= MAX_PIECES):
                    self.dropped.add(key)
                    self.joined.pop(key, None)
                    piece["data"] = ""
                    dropped = True
                else:
                    self.joined[key] = joined
        return dropped
