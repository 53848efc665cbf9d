"""What the mock answers to one request: the text (scripted or echoed), tool calls, token counts.

The mock's tokenizer is deterministic (words and punctuation marks), so tests can predict the usage
it reports; `plan` turns a request body and its `Script` into a `Turn` every wire format writes out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from proxy.mock.encoding import JSON
from proxy.mock.state import MockState, Script

_WORD_RE = re.compile(r"\w+|[^\w\s]")
# The body fields whose strings count as input tokens, in every wire format (nested anywhere).
_TEXT_KEYS = frozenset(
    {"content", "text", "arguments", "input", "output", "prompt", "instructions", "system"}
)


def count_tokens(text: str) -> int:
    """The mock's deterministic tokenizer: words and punctuation marks, at least 1."""
    return max(1, len(_WORD_RE.findall(text)))


def _collect_texts(value: Any, out: list[str], is_text: bool = False) -> list[str]:
    if isinstance(value, str):
        if is_text:
            out.append(value)
    elif isinstance(value, list):
        for item in value:
            _collect_texts(item, out, is_text)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect_texts(item, out, key in _TEXT_KEYS)
    return out


def _input_tokens(body: JSON) -> int:
    return max(1, sum(len(_WORD_RE.findall(t)) for t in _collect_texts(body, [])))


def _parts_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            p["text"] for p in content
            if isinstance(p, dict) and p.get("type") in ("text", "input_text") and isinstance(p.get("text"), str)
        )
    return ""


def _last_user_text(items: Any) -> str:
    if isinstance(items, str):
        return items
    if isinstance(items, list):
        for item in reversed(items):
            if isinstance(item, dict) and item.get("role") == "user":
                return _parts_text(item.get("content"))
    return ""


def _echo(body: JSON) -> str:
    """The last user text: chat/Anthropic `messages`, Responses `input`, or a legacy `prompt`."""
    if "messages" in body:
        return _last_user_text(body["messages"])
    if "input" in body:
        return _last_user_text(body["input"])
    prompt = body.get("prompt")
    if isinstance(prompt, list):
        return "".join(p for p in prompt if isinstance(p, str))
    return prompt if isinstance(prompt, str) else ""


@dataclass(slots=True)
class Turn:
    """The answer planned for one request: text, tool calls, token counts, stream shape."""

    model: str
    text: str
    tool_calls: list[dict[str, Any]]
    input_tokens: int
    output_tokens: int
    chunk_chars: int
    chunk_delay: float
    disconnect_after: int | None
    headers: dict[str, str] | None
    truncated: bool = False  # cut at the request's max_tokens, as a real model stops
    logprobs: bool = False
    reasoning: str | None = None
    refusal: str | None = None
    audio_transcript: str | None = None


_LIMIT_FIELDS = ("max_completion_tokens", "max_tokens", "max_output_tokens")


def _output_limit(body: JSON) -> int | None:
    for name in _LIMIT_FIELDS:
        value = body.get(name)
        if type(value) is int and value > 0:
            return value
    return None


def _truncate(text: str, limit: int) -> tuple[str, bool]:
    """The text cut after `limit` tokens of the mock's tokenizer (and whether it was cut)."""
    for i, match in enumerate(_WORD_RE.finditer(text)):
        if i == limit:
            return text[:match.start()].rstrip(), True
    return text, False


def plan(state: MockState, script: Script, body: JSON) -> Turn:
    """The answer to `body`: the script's text or tool calls (else the echo), cut at the output limit."""
    calls = script.tool_calls or []
    text = script.text if script.text is not None else ("" if calls else "You said: " + _echo(body))
    limit = _output_limit(body)
    truncated = False
    if limit is not None and not calls:
        text, truncated = _truncate(text, limit)
    usage = script.usage or {}
    if "output_tokens" in usage:
        output_tokens = usage["output_tokens"]
    else:
        output_tokens = max(1, sum(len(_WORD_RE.findall(t)) for t in (text, *(c["arguments"] for c in calls))))
    return Turn(
        model=str(body.get("model", "")), text=text, tool_calls=calls,
        input_tokens=usage["input_tokens"] if "input_tokens" in usage else _input_tokens(body),
        output_tokens=output_tokens, chunk_chars=script.chunk_chars or state.chunk_chars,
        chunk_delay=script.chunk_delay_ms / 1000, disconnect_after=script.disconnect_after,
        headers=script.headers, truncated=truncated, logprobs=script.logprobs, reasoning=script.reasoning,
        refusal=script.refusal, audio_transcript=script.audio_transcript,
    )
