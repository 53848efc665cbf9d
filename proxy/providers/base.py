"""What the provider adapters share: a text slot (a place in a JSON body holding one text) and usage.

Adapters never see policies; checks never see HTTP. An adapter lists every text in a request body,
a response body or a stream event as `TextSlot`s; a check reads `slot.get()` and a rewriter calls
`slot.set(new)`, which writes straight back into the parsed body so unknown fields survive untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]


@dataclass(slots=True)
class TextSlot:
    """One text inside a parsed JSON body: `container[key]` is a `str`.

    `role` says who wrote it (`system`, `user`, `assistant`, `tool`, `developer`) and `kind` what it
    is (`text`, `tool_arguments`, `tool_result`, `refusal`, `reasoning`, `prompt`, `input`).
    `channel` names the logical text a stream fragment belongs to (e.g. `choice:0:content`,
    `block:1`), so streamed fragments of one text can be joined; on whole bodies it is unique per
    slot as well. `is_json` marks a text that is a JSON document, or a fragment of one (function
    call arguments, Anthropic `partial_json`): a value put back into it must be JSON-string-escaped.
    """

    container: Any
    key: str | int
    role: str
    kind: str
    channel: str
    is_json: bool = False

    def get(self) -> str:
        value = self.container[self.key]
        return value if isinstance(value, str) else ""

    def set(self, value: str) -> None:
        self.container[self.key] = value


@dataclass(slots=True)
class Usage:
    """Token counts as the provider reported them (0 where it did not)."""

    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    cache_creation_input_tokens: int = 0
    reasoning_tokens: int = 0

    def as_record(self) -> dict[str, int]:
        return {"input_tokens": self.input_tokens, "output_tokens": self.output_tokens}


# Route kinds, shared by both adapters and the app.
CHAT = "chat"                  # POST /v1/chat/completions
COMPLETIONS = "completions"    # POST /v1/completions
EMBEDDINGS = "embeddings"      # POST /v1/embeddings
RESPONSES = "responses"        # POST /v1/responses
MODELS = "models"              # GET /v1/models
MESSAGES = "messages"          # POST /v1/messages
COUNT_TOKENS = "count_tokens"  # POST /v1/messages/count_tokens
