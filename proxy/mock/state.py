"""What the mock is told and what it saw: scripts (queued answers), recorded requests, knobs.

Tests and the `/_mock/*` control routes queue `Script`s on the shared `MockState` (at
`app[MOCK_STATE]`); each provider request consumes one, or answers by echo when none is queued.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field, fields
from typing import Any

from aiohttp import web

from proxy.mock.encoding import JSON, dumps


@dataclass
class Script:
    """What the mock answers to one request (JSON form: the same field names)."""

    text: str | None = None                       # answer text; None: echo (or nothing if tool calls)
    tool_calls: list[dict[str, Any]] | None = None  # [{name, arguments: JSON string or object, id?}]
    status: int | None = None                     # answer this HTTP error instead
    error_body: dict[str, Any] | None = None      # its body (default: the provider's error shape)
    headers: dict[str, str] | None = None         # extra response headers
    latency_ms: float | None = None               # overrides MockState.latency_ms
    chunk_delay_ms: float = 0.0                   # sleep between stream events
    chunk_chars: int | None = None                # stream chunk size (default MockState.chunk_chars)
    disconnect_after: int | None = None           # streams: close the connection after N events
    usage: dict[str, int] | None = None           # override {input_tokens, output_tokens}
    raw_sse: str | None = None                    # serve these SSE bytes verbatim (recorded streams)
    raw_body: str | None = None                   # serve this body verbatim with `status` (default 200) ...
    content_type: str | None = None               # ... and this Content-Type (default application/json;
                                                  # raw_sse: text/event-stream)
    logprobs: bool = False                        # OpenAI: token logprobs, one token per stream piece
    reasoning: str | None = None                  # reasoning first: chat reasoning_content, Responses
                                                  # summary, Anthropic thinking block
    refusal: str | None = None                    # chat: a refusal instead of content
    audio_transcript: str | None = None           # chat: message.audio with this transcript

    def __post_init__(self) -> None:
        if self.tool_calls is not None:
            self.tool_calls = [_normalize_call(call) for call in self.tool_calls]
        if self.chunk_chars is not None and self.chunk_chars < 1:
            raise ValueError("chunk_chars must be >= 1")

    @classmethod
    def from_json(cls, data: Any) -> Script:
        if not isinstance(data, dict):
            raise ValueError("a script must be a JSON object")
        unknown = set(data) - _SCRIPT_FIELDS
        if unknown:
            raise ValueError(f"unknown script fields: {sorted(unknown)}")
        return cls(**data)


_SCRIPT_FIELDS = frozenset(f.name for f in fields(Script))
DEFAULT_SCRIPT = Script()  # what a request gets when no script is queued: the echo


def _normalize_call(call: Any) -> dict[str, Any]:
    if not isinstance(call, dict) or not isinstance(call.get("name"), str):
        raise ValueError("a tool call needs a string 'name'")
    args = call.get("arguments", "{}")
    if not isinstance(args, str):
        args = dumps(args)
    if not isinstance(json.loads(args), dict):
        raise ValueError("tool call arguments must be a JSON object")
    return {"name": call["name"], "arguments": args, "id": call.get("id")}


@dataclass
class RecordedRequest:
    """One request as the mock received it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes
    query: str = ""  # the query string as sent (Azure's api-version)

    def to_json(self) -> JSON:
        return {"method": self.method, "path": self.path, "query": self.query, "headers": self.headers,
                "body": self.body}


@dataclass
class MockState:
    """Recorded requests, queued scripts and knobs; shared by the app's handlers."""

    requests: list[RecordedRequest] = field(default_factory=list)
    scripts: deque[Script] = field(default_factory=deque)
    latency_ms: float = 0.0
    record: bool = True
    max_requests: int = 1000
    chunk_chars: int = 8
    # How each paced stream (chunk_delay_ms or disconnect_after) ended: "completed", "cut" (scripted
    # disconnect) or "client_gone" (the caller closed the connection while the mock was still sending).
    stream_outcomes: list[str] = field(default_factory=list)

    def add_script(self, *scripts: Script | JSON) -> None:
        for script in scripts:
            self.scripts.append(script if isinstance(script, Script) else Script.from_json(script))

    def reset(self) -> None:
        self.requests.clear()
        self.scripts.clear()
        self.stream_outcomes.clear()

    def add_request(self, recorded: RecordedRequest) -> None:
        self.requests.append(recorded)
        excess = len(self.requests) - self.max_requests
        if excess > 0:
            del self.requests[:excess]

    @property
    def last(self) -> RecordedRequest | None:
        return self.requests[-1] if self.requests else None


MOCK_STATE = web.AppKey("MOCK_STATE", MockState)
