"""proxy.providers.usage: null-safe token counts, and merging the usage reports of one answer."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from proxy.providers import openai as oa
from proxy.providers.base import Usage
from proxy.providers.usage import merge_usage, token_count


@pytest.mark.parametrize(("value", "expected"), [
    (7, 7), (0, 0), (-3, 0),                       # never negative
    (12.9, 12), (0.5, 0), (-1.5, 0),               # floats truncate
    (1e8, 10 ** 8), (10 ** 8 + 1, 0), (1e17, 0), (4111111111111111, 0),  # above MAX_COUNT: no count (atk10 A M1)
    (1e18, 0), (float("inf"), 0), (float("nan"), 0),  # too large or not a number: 0
    (None, 0), ("12", 0), (True, 0), (False, 0), ([3], 0), ({"n": 3}, 0),  # bool is no count
])
def test_token_count(value: Any, expected: int) -> None:
    assert token_count(value) == expected
    assert type(token_count(value)) is int


def test_merge_takes_the_larger_of_every_field() -> None:
    start = Usage(input_tokens=20, output_tokens=1, cached_input_tokens=5, cache_creation_input_tokens=0,
                  reasoning_tokens=3)
    delta = Usage(input_tokens=0, output_tokens=42, cached_input_tokens=2, cache_creation_input_tokens=8,
                  reasoning_tokens=0)
    assert merge_usage(start, delta) == Usage(20, 42, 5, 8, 3)


def test_merge_does_not_depend_on_the_order() -> None:
    reports = [Usage(3, 0), Usage(0, 9, reasoning_tokens=2), Usage(5, 4, cached_input_tokens=1)]
    results = set()
    for order in itertools.permutations(reports):
        total: Usage | None = None
        for report in order:
            total = merge_usage(total, report)
        assert total is not None
        results.add((total.input_tokens, total.output_tokens, total.cached_input_tokens,
                     total.cache_creation_input_tokens, total.reasoning_tokens))
    assert results == {(5, 9, 1, 0, 2)}


def test_merge_returns_a_new_usage_or_the_other_argument() -> None:
    a, b = Usage(1, 2), Usage(3, 1)
    merged = merge_usage(a, b)
    assert merged is not a and merged is not b
    assert (a, b) == (Usage(1, 2), Usage(3, 1))  # neither is changed
    assert merge_usage(None, b) is b and merge_usage(a, None) is a and merge_usage(None, None) is None


def test_merge_usage_and_token_count() -> None:
    a = Usage(input_tokens=11, output_tokens=1)
    b = Usage(output_tokens=6, cached_input_tokens=3)
    assert merge_usage(a, b) == Usage(input_tokens=11, output_tokens=6, cached_input_tokens=3)
    assert merge_usage(b, a) == merge_usage(a, b)
    assert merge_usage(None, b) is b
    assert merge_usage(a, None) is a
    assert merge_usage(None, None) is None
    assert oa.merge_usage is merge_usage  # the adapter re-exports the one helper
    assert [token_count(v) for v in (5, 0, -1, None, "3", 2.9, float("nan"), float("inf"), True, [1])] == [
        5,
        0,
        0,
        0,
        0,
        2,
        0,
        0,
        0,
        0,
    ]
