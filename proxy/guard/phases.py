"""A policy phase over a provider body: the adapter lists the texts, the engine decides, texts go back.

The step the request flow calls for the client's request (`screen_request`) and for a whole answer
(`screen_answer`); a streamed answer goes through `Guard.output_stream` window by window instead.
Texts are `TextSlot`s pointing into the parsed body, so a rewrite changes only those strings.
"""

from __future__ import annotations

from collections.abc import Sequence

from proxy.config.policy import InputRules, OutputRules, Policy
from proxy.guard.decision import block_message
from proxy.guard.engine import Guard, InputVerdict, OutputVerdict
from proxy.providers.base import SIGNED_REASONING, TextSlot

# The record's check name when a redaction falls in a text a signature covers.
SIGNED_CHECK = "signed_text"


# Texts read with their neighbours (`proxy.guard.joined`): what people and models write, in order.
# Swept fields (`metadata`, descriptions), object keys and numbers of tool inputs are read alone.
JOINED_KINDS = frozenset({"text", "input", "prompt", "tool_result", "reasoning", "refusal"})


def joinable(slot: TextSlot) -> bool:
    return slot.kind in JOINED_KINDS and getattr(slot, "mode", "value") == "value"


def has_rules(rules: InputRules | OutputRules) -> bool:
    """Whether a phase has any check configured (a phase without one is skipped)."""
    return (rules.pii is not None or rules.secrets is not None or rules.toxicity is not None
            or rules.bias is not None or bool(rules.patterns))


def needs_output(policy: Policy, verdict: InputVerdict | None) -> bool:
    """Whether the answer must pass through the guard: output rules, or placeholders to restore."""
    if has_rules(policy.output):
        return True
    return verdict is not None and policy.input.pii is not None and policy.input.pii.restore and bool(verdict.vault)


async def screen_request(guard: Guard, policy: Policy, slots: Sequence[TextSlot], *,
                         team: str | None = None) -> InputVerdict:
    """Screen every text the client sent; write redacted texts back (unless the verdict blocks).
    Checks marked `parallel` may still be running (`verdict.deferred`). `team` salts the `hash` operator."""
    verdict = await guard.input(policy, [s.get() for s in slots], [s.role for s in slots],
                                defer_parallel=True, json_texts=[s.is_json for s in slots], team=team,
                                joinable=[joinable(s) for s in slots])
    if not verdict.blocked and any(text is not None and slot.kind == SIGNED_REASONING
                                   for slot, text in zip(slots, verdict.texts, strict=True)):
        # A signature covers the text (an Anthropic thinking block): rewritten, the provider refuses the
        # request; sent as it is, the value leaks. Block it.
        verdict.decision, verdict.block_check = "block", SIGNED_CHECK
        verdict.block_reason = block_message(policy.name, SIGNED_CHECK)
        verdict.records.append({"phase": "input", "check": SIGNED_CHECK, "action": "block",
                                "findings": {"REDACTION_IN_SIGNED_TEXT": 1}, "ms": 0.0})
    if not verdict.blocked:
        for slot, text in zip(slots, verdict.texts, strict=True):
            if text is not None:
                slot.set(text)
    return verdict


async def screen_answer(guard: Guard, policy: Policy, slots: Sequence[TextSlot],
                        verdict: InputVerdict | None) -> OutputVerdict:
    """Restore placeholders and screen a whole answer; changed texts are written back, blocked ones
    emptied (the caller marks the body blocked the provider's way)."""
    out = await guard.output(policy, [s.get() for s in slots], verdict.vault if verdict else None,
                             joinable=[joinable(s) for s in slots],
                             json_texts=[s.is_json for s in slots])
    for slot, text in zip(slots, out.texts, strict=True):
        if text is not None:
            slot.set(text)
    return out
