"""The answer side's field inventory, shared by both adapters: which strings of an answer are text.

Answer items and blocks the adapters do not know field by field (server tool results, new item
types) are screened whole: every string inside them is a text (`answer_strings`) except under the
keys named here, which never carry the model's or anyone's words (ids, enums, signatures,
encrypted or base64 payloads, references). So a new field of an answer is screened by default, and
`tests/providers/test_answer_inventory.py` walks the official SDKs' response and stream-event types
to prove that every string field is either screened or listed here (`NON_TEXT_KEYS`,
`NON_TEXT_FIELDS`).

Logprobs (`LogprobSlot`): a list of token entries that spell a text of the answer (its channel). The
output guard keeps an entry only while the tokens kept so far spell the start of the text the
client receives; see `keep_prefix`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .base import TextSlot

# Keys whose string values are never text, wherever they occur in an answer item or block.
NON_TEXT_KEYS = frozenset(
    {
        # identifiers and references to other objects
        "id", "call_id", "item_id", "tool_use_id", "approval_request_id", "caller_id", "file_id",
        "container_id", "skill_id", "tool_id", "previous_response_id", "comparison_response_id",
        "tunnel_id", "fingerprint",
        # enums and names the API defines (tool and server names are the client's own, from the request)
        "type", "status", "role", "object", "created_by", "name", "namespace", "server_label",
        "tool_name", "toolset_name", "format", "mime_type", "media_type", "size", "quality",
        "background", "output_format", "action_type", "version", "model", "error_type", "code_type",
        # opaque payloads: signatures, encrypted content, base64 data, images
        "signature", "encrypted_content", "encrypted_index", "encrypted_stdout", "result",
        "partial_image_b64", "file_data", "obfuscation",
        # links, paths and times of sources and files (the model's own words about them are screened)
        "url", "image_url", "file_url", "server_url", "filename", "path", "working_directory",
        "retrieved_at", "page_age", "expires_at", "domain", "authorization",
    }
)

# Strings that are text only when their object says so (`source.data` of a plain-text document).
_TEXT_IF_TYPE_TEXT = frozenset({"data"})


def is_text_key(container: dict[str, Any], key: str) -> bool:
    """Whether `container[key]`, a string inside an answer item or block, is text to screen."""
    if key in NON_TEXT_KEYS:
        return False
    if key in _TEXT_IF_TYPE_TEXT:
        return container.get("type") == "text"
    return True


def _seg(key: str | int) -> str:
    if type(key) is int:
        return str(key)
    key = str(key)
    if ":" in key or "\\" in key:
        return key.replace("\\", "\\\\").replace(":", "\\:")
    return key


def answer_strings(value: Any, prefix: str, role: str, kind: str, out: list[TextSlot],
                   skip: Iterable[str] = ()) -> None:
    """Every text string inside `value` (an answer item or block), in document order, without
    recursion: channel `{prefix}:{key}:{index}...`. Keys in `NON_TEXT_KEYS` (and `skip`, at the top
    level only) are left alone."""
    if isinstance(value, dict):
        skipped = frozenset(skip)
        top: Any = iter((k, v) for k, v in value.items() if k not in skipped)
        stack: list[tuple[Any, Any, str]] = [(value, top, prefix)]
    elif isinstance(value, list):
        stack = [(value, enumerate(value), prefix)]
    else:
        return
    while stack:
        node, items, path = stack[-1]
        for k, v in items:
            if isinstance(v, str):
                if isinstance(node, list) or is_text_key(node, k):
                    out.append(TextSlot(node, k, role, kind, f"{path}:{_seg(k)}"))
            elif isinstance(v, dict):
                if isinstance(node, dict) and k in NON_TEXT_KEYS:
                    continue
                stack.append((v, iter(v.items()), f"{path}:{_seg(k)}"))
                break
            elif isinstance(v, list):
                if isinstance(node, dict) and k in NON_TEXT_KEYS:
                    continue
                stack.append((v, enumerate(v), f"{path}:{_seg(k)}"))
                break
        else:
            stack.pop()


# ------------------------------------------------------------------------------------------ logprobs


@dataclass(slots=True)
class LogprobSlot:
    """The token entries spelling one text of an answer (`channel`, as in `TextSlot`).

    `container[key]` is a list of entries `{"token", "bytes"?, "logprob", "top_logprobs"}` (chat,
    Responses), or, with `parallel`, the legacy completions object of parallel arrays (`tokens`,
    `token_logprobs`, `top_logprobs`, `text_offset`); `get` and `set` speak entries either way.
    """

    container: Any
    key: str | int
    channel: str
    parallel: bool = False

    def get(self) -> list[Any]:
        value = self.container[self.key]
        if not self.parallel:
            return list(value) if isinstance(value, list) else []
        if not isinstance(value, dict) or not isinstance(value.get("tokens"), list):
            return []
        tokens: list[Any] = value["tokens"]
        columns = {name: value.get(name) for name in _PARALLEL}
        return [{name: (col[i] if isinstance(col, list) and i < len(col) else None)
                 for name, col in columns.items()} for i in range(len(tokens))]

    def set(self, entries: list[Any]) -> None:
        if not self.parallel:
            self.container[self.key] = entries
            return
        value = self.container[self.key]
        if not isinstance(value, dict):
            return
        for name in _PARALLEL:
            if isinstance(value.get(name), list):
                value[name] = [entry[name] for entry in entries]


_PARALLEL = ("tokens", "token_logprobs", "top_logprobs", "text_offset")


def entry_bytes(entry: Any) -> bytes | None:
    """The bytes one entry's token spells (`bytes` when given, else the token's UTF-8); None when
    the entry has no readable token."""
    if not isinstance(entry, dict):
        return None
    raw = entry.get("bytes")
    if isinstance(raw, list) and all(type(b) is int and 0 <= b < 256 for b in raw):
        return bytes(raw)
    token = entry.get("token", entry.get("tokens"))
    return token.encode("utf-8", "surrogatepass") if isinstance(token, str) else None


def keep_prefix(entries: list[Any], text: str) -> list[Any]:
    """The leading entries whose tokens, joined, spell the start of `text` (what the client gets);
    the rest are dropped: a redacted, restored or withheld part and everything after it."""
    target = text.encode("utf-8", "surrogatepass")
    pos = 0
    for n, entry in enumerate(entries):
        piece = entry_bytes(entry)
        if piece is None or target[pos:pos + len(piece)] != piece:
            return entries[:n]
        pos += len(piece)
    return entries


# SDK fields (`Class.field`, as the official SDK types name them) that carry no text the output guard
# screens, beyond `NON_TEXT_KEYS`; tests/providers/test_answer_inventory.py keeps this honest.
NON_TEXT_FIELDS: dict[str, str] = {
    # logprobs: kept only as far as their tokens spell the screened text (`keep_prefix`), never screened
    "ChoiceLogprobs.content": "logprobs", "ChoiceLogprobs.refusal": "logprobs",
    "CompletionChoice.logprobs": "logprobs", "ResponseOutputText.logprobs": "logprobs",
    "ResponseTextDeltaEvent.logprobs": "logprobs", "ResponseTextDoneEvent.logprobs": "logprobs",
    # binary and encrypted payloads
    "ChatCompletionAudio.data": "base64 audio", "ChoiceDeltaAudio.data": "base64 audio",
    "ResponseAudioDeltaEvent.delta": "base64 audio", "Base64PDFSource.data": "base64 PDF",
    "RedactedThinkingBlock.data": "encrypted reasoning",
    # what the provider says about the answer, not the answer
    "ChatCompletion.system_fingerprint": "backend id", "ChatCompletionChunk.system_fingerprint": "backend id",
    "Completion.system_fingerprint": "backend id", "Usage.inference_geo": "region",
    "ChatCompletion.moderation": "the provider's moderation codes", "Response.moderation": "moderation codes",
    "ChatCompletionChunk.moderation": "the provider's moderation codes",
    "Response.error": "the provider's error message", "ResponseErrorEvent.message": "the provider's error",
    "ResponseErrorEvent.code": "error code", "ResponseErrorEvent.param": "error parameter",
    "RefusalStopDetails.explanation": "the provider's reason for a refusal",
    # the client's own request, echoed (screened, where it is text, on the way in)
    "ChatCompletion.metadata": "request echo", "Response.metadata": "request echo",
    "Message.stop_sequence": "request echo (the stop sequence hit)", "Delta.stop_sequence": "request echo",
    "Response.instructions": "request echo", "Response.tools": "request echo", "Response.prompt": "request echo",
    "Response.text": "request echo", "Response.tool_choice": "request echo", "Response.reasoning": "request echo",
    "Response.prompt_cache_key": "request echo", "Response.safety_identifier": "request echo",
    "Response.user": "request echo",
    "AdditionalTools.tools": "the client's tool definitions, found by tool search",
    "ResponseToolSearchOutputItem.tools": "the client's tool definitions, found by tool search",
    # citations quote their source: a document the client sent (screened on input) or a search
    # result; their offsets point into it, so they are left as they are (see README)
    "TextBlock.citations": "quoted source", "CitationsDelta.citation": "quoted source",
}
