"""Usage helpers shared by the provider adapters: null-safe token counts and merging stream reports."""

from __future__ import annotations

from typing import Any

from proxy.budget.tier47 import merge_tier

from .base import Usage

__all__ = ["counted", "merge_usage", "token_count"]


def counted(*values: Any) -> bool:
    """Whether each value is a token count the proxy can bill by: a non-negative number (not a boolean, not
    NaN or infinite). A usage whose main counts are missing, strings or negative is unreadable: the adapters
    then report no usage, so the request is charged its bound, never less (atk7: `"usage": {}` and
    `"prompt_tokens": "n/a"` were read as 0 tokens and charged $0)."""
    return all((type(v) is int and 0 <= v <= MAX_COUNT) or (type(v) is float and 0 <= v <= MAX_COUNT)
               for v in values)


# No answer counts more tokens than this (the largest context windows hold about 10^7): a larger count is no count
# (atk10 A M1: a card number as `prompt_tokens` went into the decision log and the export, billed $6e8), so the usage
# is unreadable and the request is charged its bound.
MAX_COUNT = 10**8


def token_count(value: Any) -> int:
    """A token count from a provider body: non-negative int, 0 for null, missing or odd values (above `MAX_COUNT`
    too: no count, never a number copied into the record)."""
    if type(value) is int:
        return value if 0 < value <= MAX_COUNT else 0
    if type(value) is float and 0 < value <= MAX_COUNT:  # NaN and infinities fail the comparison
        return int(value)
    return 0


def merge_usage(a: Usage | None, b: Usage | None) -> Usage | None:
    """Combine two usage reports of one answer (e.g. Anthropic `message_start` and `message_delta`).

    Providers report cumulative counts, so each field takes the larger of the two; the result does
    not depend on the order. Returns a new `Usage` (or the other argument when one is None).
    """
    if a is None:
        return b
    if b is None:
        return a
    return merge_tier(a, b, Usage(  # (the price tier either says: `proxy.budget.tier47`)
        input_tokens=max(a.input_tokens, b.input_tokens),
        output_tokens=max(a.output_tokens, b.output_tokens),
        cached_input_tokens=max(a.cached_input_tokens, b.cached_input_tokens),
        cache_creation_input_tokens=max(a.cache_creation_input_tokens, b.cache_creation_input_tokens),
        reasoning_tokens=max(a.reasoning_tokens, b.reasoning_tokens),
        cache_creation_1h_input_tokens=max(a.cache_creation_1h_input_tokens, b.cache_creation_1h_input_tokens),
    ))
