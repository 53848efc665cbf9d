"""How a request's placeholders are tagged: what the provider keeps, or the client resends unreadable, of earlier turns.

Placeholders are numbered per request (`<EMAIL_ADDRESS_1>`). Where the model's context holds an earlier request's
placeholders, numbered by that request, the same token can name two values (atk13 M2), so:

- `TURN`: the request continues what the provider keeps of earlier requests (Responses `previous_response_id`,
  `conversation`, stored items, compaction, a tool container by id: `proxy.providers.openai.continues_provider_state`;
  Anthropic `container` given by id, a code execution container that keeps the files earlier requests' code wrote):
  a random tag of the request's own (`proxy.guard.vault.new_tag`); earlier placeholders are never restored.
- `VALUE`: the request resends, or asks for, a reasoning item's `encrypted_content` (Responses with `store: false`),
  or resends an Anthropic `redacted_thinking` block's `data`: the model's reasoning of an earlier turn, encrypted by
  the provider, so the proxy can neither read nor renumber its placeholders. So does an Anthropic request that asks
  for thinking (`thinking: {"type": "enabled"}` or `"adaptive"`) or resends a signed `thinking` block: the block's
  signature covers its placeholders, which restore never touches and the next turn sends back as written
  (`proxy.guard.sealed`; thinking20), and the values the loop resends get those same placeholders again
  (`Vault.keyed`: a value's own token, even where the signed text already holds it). Each placeholder carries its
  value's own tag (`proxy.guard.vault.value_tag`): a stateless agent loop resends its history, whose values get the
  same placeholders again and come back where the opaque reasoning names them; a placeholder of a value the request
  does not send (history trimmed, reordered, another person's turn) stays as the model wrote it.
  A random tag (as for
  `TURN`) would stop restore in every such loop: the reasoning names the values by the earlier request's tokens.
  A chat request asking for OpenRouter's reasoning or resending a signed or encrypted `reasoning_details` piece is
  tagged the same way (thinking22).
- `""`: nothing of an earlier request in the model's context but what the client resent readable: `<ENTITY_TYPE_N>`.
"""

from __future__ import annotations

from typing import Any, Literal

from proxy.guard.sealed import signed_detail

from .base import CHAT, MESSAGES, RESPONSES
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


# Anthropic's thinking settings that ask for thinking blocks; the blocks a request resends that the proxy may not
# change, by the field that seals them (`redacted_thinking`'s encrypted `data`, a `thinking` block's `signature`).
_THINKING_ON = frozenset({"enabled", "adaptive"})
_SEALED_BY = {"redacted_thinking": "data", "thinking": "signature"}


def _sealed_block(block: dict[str, Any]) -> bool:
    """A `redacted_thinking` block with its `data`, a `thinking` block with its `signature` (non-empty)."""
    field = _SEALED_BY.get(str(block.get("type")))
    return field is not None and isinstance(block.get(field), str) and bool(block[field])


def resends_opaque_reasoning(kind: str, body: Any) -> bool:
    """A Responses request with a reasoning item's `encrypted_content` in its input, or asking for it
    (`include: ["reasoning.encrypted_content"]`: the first turn of a stateless loop, whose reasoning the next turn
    resends); an Anthropic request resending a `redacted_thinking` block's `data` (encrypted reasoning,
    streamstate15) or a signed `thinking` block, or asking for thinking (the first turn of a tool loop that resends
    its thinking blocks, thinking20)."""
    if kind == MESSAGES and isinstance(body, dict):
        thinking = body.get("thinking")
        if isinstance(thinking, dict) and thinking.get("type") in _THINKING_ON:
            return True
        messages = body.get("messages")
        return isinstance(messages, list) and any(
            isinstance(block, dict) and _sealed_block(block)
            for message in messages if isinstance(message, dict) and isinstance(message.get("content"), list)
            for block in message["content"])
    if kind == CHAT and isinstance(body, dict):
        return _chat_reasoning(body)
    if kind != RESPONSES or not isinstance(body, dict):
        return False
    include = body.get("include")
    if isinstance(include, list) and "reasoning.encrypted_content" in include:
        return True
    items = body.get("input")
    return isinstance(items, list) and any(
        isinstance(item, dict) and item.get("type") == "reasoning" and isinstance(item.get("encrypted_content"), str)
        and bool(item["encrypted_content"]) for item in items)


def _chat_reasoning(body: dict[str, Any]) -> bool:
    """A chat request asking for OpenRouter's reasoning (`reasoning` not excluded or disabled, `include_reasoning`)
    or resending a `reasoning_details` piece a signature covers or an encrypted one (thinking22): its placeholders
    are the same to the next turn as an Anthropic request's with thinking (`proxy.guard.sealed`)."""
    asked = body.get("reasoning")
    if isinstance(asked, dict) and asked.get("exclude") is not True and asked.get("enabled") is not False:
        return True
    if body.get("include_reasoning") is True:
        return True
    messages = body.get("messages")
    return isinstance(messages, list) and any(
        signed_detail(piece) or (isinstance(piece, dict) and piece.get("type") == "reasoning.encrypted"
                                 and isinstance(piece.get("data"), str) and bool(piece["data"]))
        for message in messages if isinstance(message, dict) and isinstance(message.get("reasoning_details"), list)
        for piece in message["reasoning_details"])
