"""How a request's placeholders are tagged: what the provider keeps, or the client resends unreadable, of earlier turns.

Placeholders are numbered per request (`<EMAIL_ADDRESS_1>`). Where the model's context holds an earlier request's
placeholders, numbered by that request, the same token can name two values (atk13 M2), so:

- `TURN`: the request continues what the provider keeps of earlier requests (Responses `previous_response_id`,
  `conversation`, stored items, compaction, a tool container by id: `proxy.providers.openai.continues_provider_state`;
  Anthropic `container` given by id, a code execution container that keeps the files earlier requests' code wrote):
  a random tag of the request's own (`proxy.guard.vault.new_tag`); earlier placeholders are never restored.
- `VALUE`: the request resends, or asks for, a reasoning item's `encrypted_content` (Responses with `store: false`),
  or resends an Anthropic `redacted_thinking` block's `data`: the model's reasoning of an earlier turn, encrypted by
  the provider, so the proxy can neither read nor renumber its placeholders. Each placeholder carries its value's
  own tag (`proxy.guard.vault.value_tag`): a stateless agent loop resends its history, whose values get the same
  placeholders again and come back where the opaque reasoning names them; a placeholder of a value the request does
  not send (history trimmed, reordered, another person's turn) stays as the model wrote it. A random tag (as for
  `TURN`) would stop restore in every such loop: the reasoning names the values by the earlier request's tokens.
- `""`: nothing of an earlier request in the model's context but what the client resent readable: `<ENTITY_TYPE_N>`.
"""

from __future__ import annotations

from typing import Any, Literal

from .base import MESSAGES, RESPONSES
from .openai import continues_provider_state

Tagging = Literal["", "turn", "value"]
TURN: Tagging = "turn"
VALUE: Tagging = "value"

__all__ = ["TURN", "VALUE", "Tagging", "placeholder_tagging", "resends_opaque_reasoning", "reuses_container"]


def placeholder_tagging(kind: str, body: Any) -> Tagging:
    """How `body`'s placeholders are tagged (module docstring)."""
    if continues_provider_state(kind, body) or reuses_container(kind, body):
        return TURN
    if resends_opaque_reasoning(kind, body):
        return VALUE
    return ""


def reuses_container(kind: str, body: Any) -> bool:
    """An Anthropic request naming a code execution container by id (`container: "container_..."`, or
    `{"id": "container_...", "skills": [...]}`): the container keeps the files earlier requests' code wrote, with
    their placeholders. `{"skills": [...]}` alone (or `id: null`) asks for a new one."""
    if kind != MESSAGES or not isinstance(body, dict):
        return False
    container = body.get("container")
    if isinstance(container, str):
        return bool(container)
    return isinstance(container, dict) and isinstance(container.get("id"), str) and bool(container["id"])


def resends_opaque_reasoning(kind: str, body: Any) -> bool:
    """A Responses request with a reasoning item's `encrypted_content` in its input, or asking for it
    (`include: ["reasoning.encrypted_content"]`: the first turn of a stateless loop, whose reasoning the next turn
    resends); an Anthropic request resending a `redacted_thinking` block's `data` (encrypted reasoning,
    streamstate15)."""
    if kind == MESSAGES and isinstance(body, dict):
        messages = body.get("messages")
        return isinstance(messages, list) and any(
            isinstance(block, dict) and block.get("type") == "redacted_thinking"
            and isinstance(block.get("data"), str) and bool(block["data"])
            for message in messages if isinstance(message, dict) and isinstance(message.get("content"), list)
            for block in message["content"])
    if kind != RESPONSES or not isinstance(body, dict):
        return False
    include = body.get("include")
    if isinstance(include, list) and "reasoning.encrypted_content" in include:
        return True
    items = body.get("input")
    return isinstance(items, list) and any(
        isinstance(item, dict) and item.get("type") == "reasoning" and isinstance(item.get("encrypted_content"), str)
        and bool(item["encrypted_content"]) for item in items)
