"""What the provider adapters share: the `ProviderAdapter` protocol, text slots, usage, route kinds.

Adapters never see policies; checks never see HTTP. An adapter lists every text in a request body,
a response body or a stream event as `TextSlot`s; a check reads `slot.get()` and a rewriter calls
`slot.set(new)`, which writes straight back into the parsed body so unknown fields survive untouched.
Every fact about a provider's wire format lives behind `ProviderAdapter`: request shapes, where texts
and usage are, which stream event closes which text, how a blocked answer ends, error bodies, auth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from .answers import LogprobSlot
    from .endings import StreamMeta

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
    `prose` is False for an id, a name or a sealed value screened as data (`proxy.providers.idshape.IdSlot`):
    only the checks that look for data (PII, secrets, patterns) read it, never toxicity or bias.
    """

    prose: ClassVar[bool] = True

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
    # Of `cache_creation_input_tokens`, those written to Anthropic's 1-hour cache (billed at 2x input, not
    # the 5-minute write rate the price table holds).
    cache_creation_1h_input_tokens: int = 0

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


# `TextSlot.kind` of a text a signature covers (an Anthropic thinking block sent back): it is screened,
# but cannot be rewritten; a redaction there blocks the request instead (`proxy.guard.phases`).
SIGNED_REASONING = "signed_reasoning"

OPENAI = "openai"
ANTHROPIC = "anthropic"

# A `closing_channels` answer meaning "every open channel".
ALL_CHANNELS = "*"


@dataclass(frozen=True, slots=True)
class Field:
    """A request field the proxy relies on: its name, JSON type and whether it must be there; a number's
    range in the provider's API (`low`, `high`: a value outside is refused, as the provider would; a
    sampling parameter of `41111111.11111111` would carry a card's digits)."""

    name: str
    type: type
    required: bool = False
    low: float | None = None
    high: float | None = None


class ProviderAdapter(Protocol):
    """One provider's wire format. Implemented by `proxy.providers.openai.ADAPTER` and `anthropic.ADAPTER`."""

    name: str

    # ---- requests
    def request_fields(self, kind: str) -> Sequence[Field]:
        """The fields of a `kind` request the proxy relies on (checked before anything else)."""
        ...

    def request_problem(self, kind: str, body: dict[str, Any]) -> str | None:
        """The name of a field this route needs beyond `request_fields` that is missing, if any."""
        ...

    def request_model(self, body: Any) -> str | None: ...
    def request_stream(self, body: Any) -> bool: ...
    def request_texts(self, kind: str, body: Any, *, fields: bool = True) -> list[TextSlot]:
        """Every text of a request body the checks read; `fields` False: only the conversation's texts
        this adapter knows by role (messages, system, tool calls and results), not the other fields."""
        ...

    def unscreenable_field(self, kind: str, body: Any) -> str | None:
        """The name of a field holding input the proxy cannot read (token ids), if any."""
        ...

    def prepare_stream(self, kind: str, body: Any) -> bool | None:
        """Ask for a streamed answer's usage, in place. None: nothing to do for this route (the body is
        untouched); True: the client had not asked for it, so the event carrying it is hidden from the
        client; False: it had (the body may still have been rewritten)."""
        ...

    def auth_headers(self, key: str) -> dict[str, str]:
        """The headers carrying the proxy's own provider key."""
        ...

    def upstream_url(self, base_url: str, path: str, query: str) -> str: ...

    # ---- answers and streams
    def response_texts(self, kind: str, body: Any) -> list[TextSlot]: ...
    def stream_event_texts(self, kind: str, event: Any) -> list[TextSlot]: ...
    def is_whole_text_event(self, kind: str, event: Any) -> bool: ...

    def closing_channels(self, kind: str, event: dict[str, Any]) -> list[str]:
        """Channels (or prefixes ending in ':', or ALL_CHANNELS) whose text is complete once `event` is seen."""
        ...

    def usage_from_body(self, kind: str, body: Any) -> Usage | None: ...
    def usage_from_event(self, kind: str, event: Any) -> Usage | None: ...

    def is_usage_only_chunk(self, event: Any) -> bool:
        """The event `prepare_stream` added for usage (hidden from a client that did not ask for it)."""
        ...

    def response_logprobs(self, kind: str, body: Any) -> list[LogprobSlot]:
        """Token logprobs of a whole answer, on the channels of the texts they spell."""
        ...

    def stream_event_logprobs(self, kind: str, event: Any) -> list[LogprobSlot]: ...

    def is_known_event(self, kind: str, event: Any) -> bool:
        """Whether a stream event has a shape the adapter reads (with output rules, others fail closed)."""
        ...

    # ---- blocked answers and errors
    def block_body(self, kind: str, body: dict[str, Any], blocked_channels: set[str]) -> None:
        """Mark a whole answer as blocked, in place (its texts were already withheld)."""
        ...

    def stream_ending(self, kind: str, meta: StreamMeta, usage: Usage, *, send_usage: bool,
                      released: Mapping[str, str]) -> list[bytes]:
        """The events that close a blocked stream properly."""
        ...

    def stream_error(self, kind: str, meta: StreamMeta, code: str, message: str) -> list[bytes]:
        """The events that end a stream with an error the proxy raises mid-way (`code`: see `proxy.errors`)."""
        ...

    def error_body(self, code: str, message: str, param: str | None = None) -> dict[str, Any]:
        """The body of an error the proxy itself answers with (`code`: see `proxy.errors`)."""
        ...
