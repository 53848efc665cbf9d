"""proxy.budget.pricing: prices from genai-prices plus budgets.yaml overrides, in exact micro-dollars."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proxy.budget.pricing import (
    DEFAULT_MAX_OUTPUT_TOKENS,
    Pricer,
    Tokens,
    UnknownModelPrice,
    max_output_tokens,
    model_candidates,
    pricer_for,
)
from proxy.config.budgets import BudgetsConfig, PriceOverride
from proxy.providers.base import Usage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pricer() -> Pricer:
    return Pricer()


def overrides(**prices: object) -> Pricer:
    return Pricer(BudgetsConfig.model_validate({"prices": prices}).prices)


# ------------------------------------------------------------------------------ built-in prices


def test_openai_cost_with_cached_input(pricer: Pricer) -> None:
    # gpt-4o-mini: $0.15 in, $0.075 cached in, $0.60 out per 1M. OpenAI's input count includes the cache.
    usage = Usage(input_tokens=1000, output_tokens=500, cached_input_tokens=200)
    assert pricer.cost_micros("gpt-4o-mini", usage, "openai") == 800 * 0.15 + 200 * 0.075 + 500 * 0.6 == 435


def test_anthropic_cost_with_cache_reads_and_writes(pricer: Pricer) -> None:
    # claude-3-5-haiku: $0.80 in, $0.08 cache read, $1.00 cache write, $4 out. Anthropic's input excludes both.
    usage = Usage(input_tokens=1000, output_tokens=500, cached_input_tokens=200, cache_creation_input_tokens=100)
    assert pricer.cost_micros("claude-3-5-haiku-latest", usage, "anthropic") == 800 + 16 + 100 + 2000


def test_reasoning_tokens_are_priced_once_as_output(pricer: Pricer) -> None:
    plain = pricer.cost_micros("o3-mini", Usage(1000, 1000), "openai")
    assert pricer.cost_micros("o3-mini", Usage(1000, 1000, reasoning_tokens=800), "openai") == plain == 5500


def test_tiered_prices_apply_above_the_threshold(pricer: Pricer) -> None:
    small = pricer.cost_micros("claude-sonnet-4-5", Usage(100_000, 0), "anthropic")
    large = pricer.cost_micros("claude-sonnet-4-5", Usage(300_000, 0), "anthropic")
    assert small == 300_000 and large > 3 * small  # $3/M below 200k input tokens, more above


def test_costs_round_up_to_the_micro_dollar(pricer: Pricer) -> None:
    assert pricer.cost_micros("gpt-4o-mini", Usage(1, 0), "openai") == 1  # $0.00000015


@pytest.mark.parametrize(("model", "provider", "matched"), [
    ("gpt-4o-mini-2024-07-18", "openai", "gpt-4o-mini"),
    ("GPT-4o", "openai", "gpt-4o"),
    ("claude-3-5-haiku-latest", "anthropic", "claude-3-5-haiku-latest"),
    ("claude-3-5-haiku-20241022", "anthropic", "claude-3-5-haiku-latest"),
    ("claude-sonnet-4-5-20250929", "anthropic", "claude-sonnet-4-5"),
    ("ft:gpt-4o-mini-2024-07-18:acme::abc123", "openai", "ft:gpt-4o-mini"),
    ("text-embedding-3-small", "openai", "text-embedding-3-small"),
])
def test_dated_and_aliased_names_find_their_model(pricer: Pricer, model: str, provider: str, matched: str) -> None:
    price = pricer.lookup(model, provider)
    assert price is not None and price.source == "genai-prices" and price.matched == matched


@pytest.mark.parametrize("model", ["ft:gpt-4.1-2025-04-14:acme::AbC123", "ft:gpt-4.1-mini-2025-04-14:a::b",
                                   "ft:o4-mini-2025-04-16:acme::x"])
def test_a_fine_tune_is_never_priced_at_its_base_model(pricer: Pricer, model: str) -> None:
    """Fine-tunes bill at fine-tune rates (ft:gpt-4.1: $3/$12, gpt-4.1: $2/$8): without a price under a
    fine-tune's name the model is unknown (`unknown_model` decides), unless budgets.yaml names it."""
    assert pricer.lookup(model, "openai") is None
    named = Pricer({model: PriceOverride(input=3.0, output=12.0)})
    price = named.lookup(model, "openai")
    assert price is not None and price.source == "override"


def test_unknown_model_has_no_price(pricer: Pricer) -> None:
    assert pricer.lookup("my-finetune", "openai") is None and pricer.lookup(None) is None
    with pytest.raises(UnknownModelPrice) as err:
        pricer.cost_micros("my-finetune", Usage(1, 1), "openai")
    assert str(err.value) == "no price is known for this model"


def test_model_candidates_normalise_names() -> None:
    assert model_candidates("GPT-4o-mini-2024-07-18") == ["GPT-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18",
                                                           "gpt-4o-mini"]
    assert model_candidates("ft:gpt-4o-mini-2024-07-18:org::x")[-1] == "gpt-4o-mini"
    assert model_candidates("claude-3-5-haiku-20241022")[-1] == "claude-3-5-haiku"
    assert model_candidates("claude-3-5-haiku-latest")[-1] == "claude-3-5-haiku"


# ------------------------------------------------------------------------------ overrides


def test_overrides_win_and_match_dated_names() -> None:
    p = overrides(**{"my-finetune": {"input": 3.0, "output": 12.0}, "gpt-4o-mini": {"input": 1, "output": 2}})
    assert p.cost_micros("my-finetune-2025-01-31", Usage(1000, 100), "openai") == 3000 + 1200
    price = p.lookup("GPT-4o-mini", "openai")
    assert price is not None and price.source == "override"
    assert p.cost_micros("gpt-4o-mini", Usage(1000, 100), "openai") == 1000 + 200


def test_pricer_for_builds_one_pricer_per_loaded_file() -> None:
    config = BudgetsConfig.model_validate({"prices": {"my-finetune": {"input": 3.0, "output": 12.0}}})
    pricer = pricer_for(config)
    assert pricer_for(config) is pricer  # its lookup cache lives as long as the file is in force
    assert pricer.cost_micros("my-finetune", Usage(1000, 100), "openai") == 3000 + 1200
    reloaded = BudgetsConfig.model_validate({"prices": {"my-finetune": {"input": 1.0, "output": 1.0}}})
    assert pricer_for(reloaded) is not pricer  # a reload prices with the new file
    assert pricer_for(reloaded).cost_micros("my-finetune", Usage(1000, 100), "openai") == 1100
    assert pricer_for(None) is pricer_for(None) and pricer_for(None).lookup("my-finetune") is None


def test_override_cached_input_defaults_to_input() -> None:
    p = overrides(a={"input": 2, "output": 0}, b={"input": 2, "output": 0, "cached_input": 0.5})
    usage = Usage(input_tokens=1000, cached_input_tokens=400)
    assert p.cost_micros("a", usage, "openai") == 2000
    assert p.cost_micros("b", usage, "openai") == 600 * 2 + 400 * 0.5
    # Anthropic reports cache reads apart; cache writes are priced at the input rate.
    usage = Usage(input_tokens=600, cached_input_tokens=400, cache_creation_input_tokens=100)
    assert p.cost_micros("b", usage, "anthropic") == 700 * 2 + 400 * 0.5


def test_tokens_normalise_each_providers_report() -> None:
    assert Tokens.from_usage(Usage(100, 10, 30, 0, 50), "openai") == Tokens(100, 10, 30, 0, 10)
    assert Tokens.from_usage(Usage(100, 10, 30, 20, 5), "anthropic") == Tokens(150, 10, 30, 20, 5)
    assert Tokens.from_usage(Usage(10, 0, 30), "openai").cache_read == 10  # never more than the input


# ------------------------------------------------------------------------------ the most a request can cost


def test_output_limits_of_known_models() -> None:
    assert max_output_tokens("gpt-4o-mini-2024-07-18") == 16_384
    assert max_output_tokens("gpt-4.1-mini") == 32_768 and max_output_tokens("gpt-4") == 8_192
    assert max_output_tokens("gpt-5-mini") == 128_000 and max_output_tokens("o1-mini") == 65_536
    assert max_output_tokens("claude-3-5-haiku-latest") == 8_192
    assert max_output_tokens("claude-opus-4-1-20250805") == 32_000
    assert max_output_tokens("claude-sonnet-4-5") == 64_000
    assert max_output_tokens("my-finetune") == max_output_tokens(None) == DEFAULT_MAX_OUTPUT_TOKENS == 16_384
    assert max_output_tokens("my-finetune", default=None) is None  # the bound asks: a guess is not a bound


def test_prices_never_touch_the_network() -> None:
    code = (
        "import socket\n"
        "def no(*a, **k): raise AssertionError('network access')\n"
        "socket.socket.connect = no; socket.create_connection = no; socket.getaddrinfo = no\n"
        "import threading\n"
        "from proxy.budget.pricing import Pricer\n"
        "from proxy.providers.base import Usage\n"
        "p = Pricer()\n"
        "assert p.cost_micros('gpt-4o-mini', Usage(10, 10), 'openai') > 0\n"
        "assert p.lookup('claude-3-5-haiku-latest', 'anthropic') is not None\n"
        "assert threading.active_count() == 1, 'no background price updater'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


@pytest.mark.parametrize(("model", "provider"), [("gpt-4o-mini", "openai"), ("gpt-4o", "openai"),
                                                  ("claude-3-5-haiku-latest", "anthropic"),
                                                  ("claude-sonnet-4-5", "anthropic")])
def test_fast_path_equals_the_library(model: str, provider: str) -> None:
    from datetime import UTC, datetime

    from proxy.budget.pricing import LibraryPrice, Tokens, _library_micros

    price = Pricer().lookup(model, provider)
    assert isinstance(price, LibraryPrice)
    prices = price.info.get_prices(datetime.now(UTC))
    for tokens in (Tokens(10, 5), Tokens(5000, 800, 1200, 0, 100), Tokens(300_000, 4000, 0, 50_000)):
        assert price.cost_micros(tokens) == _library_micros(prices, tokens)


@settings(max_examples=300, deadline=None)
@given(inp=st.integers(0, 5_000_000), out=st.integers(0, 500_000), read=st.integers(0, 5_000_000),
       write=st.integers(0, 1_000_000),
       rates=st.lists(st.decimals(min_value=0, max_value=1000, places=6, allow_nan=False), min_size=4, max_size=4))
def test_integer_cost_equals_the_decimal_formula(inp: int, out: int, read: int, write: int,
                                                 rates: list[Decimal]) -> None:
    """The integer fast path of flat prices gives exactly the Decimal result, to the micro-dollar."""
    from proxy.budget.pricing import LibraryPrice, OverridePrice, _linear_micros, _scaled

    tokens = Tokens(input=inp + read + write, output=out, cache_read=read, cache_write=write)
    r = (rates[0], rates[1], rates[2], rates[3])
    lib = LibraryPrice("m", None)
    lib._until, lib._rates, lib._scaled = float("inf"), r, _scaled(r)
    assert lib._scaled is not None
    assert lib.cost_micros(tokens) == _linear_micros(r, tokens)
    fast = OverridePrice("m", r[0], r[3], r[1], scaled=_scaled((r[0], r[1], r[3])))
    slow = OverridePrice("m", r[0], r[3], r[1])
    assert fast.cost_micros(tokens) == slow.cost_micros(tokens)


def test_rates_with_many_decimals_keep_the_decimal_path() -> None:
    from proxy.budget.pricing import _scaled

    assert _scaled((Decimal("0.15"), Decimal("0.075"), Decimal("0.6"))) == (1000, (150, 75, 600))
    assert _scaled((Decimal("1E-13"),)) is None


def test_anthropic_one_hour_cache_writes_cost_twice_the_input_rate(pricer: Pricer) -> None:
    """Anthropic bills 1-hour cache writes at 2x input ($6/M on Sonnet 4.5), 5-minute writes at 1.25x:
    the usage's `cache_creation` breakdown decides (it was settled all at the 5-minute rate)."""
    from proxy.providers.anthropic import usage_from_body
    from proxy.providers.base import MESSAGES

    def usage(hour: int) -> Any:
        u = usage_from_body(MESSAGES, {"usage": {
            "input_tokens": 20, "output_tokens": 16, "cache_creation_input_tokens": 12_010,
            "cache_creation": {"ephemeral_5m_input_tokens": 12_010 - hour, "ephemeral_1h_input_tokens": hour}}})
        assert u is not None and u.cache_creation_1h_input_tokens == hour
        return u

    five, hour = (pricer.cost_micros("claude-sonnet-4-5", usage(n), "anthropic") for n in (0, 12_010))
    assert abs(five - (20 * 3 + 12_010 * 3.75 + 16 * 15)) <= 1
    assert abs(hour - (20 * 3 + 12_010 * 6 + 16 * 15)) <= 1
    # OpenAI usage has no such breakdown: nothing changes there.
    assert pricer.cost_micros("gpt-4o", Usage(input_tokens=1000, output_tokens=10), "openai") == 2_500 + 100


def test_claude_sonnet_4_long_context_costs_the_premium(pricer: Pricer) -> None:
    """Above 200k input tokens (the 1M-context beta) Anthropic bills a Sonnet 4 request at $6/$22.50: the
    snapshot has that tier for Sonnet 4.5 only, so it is added for Sonnet 4 (dated name included)."""
    long, short = Tokens(input=210_000, output=100), Tokens(input=100_000, output=100)
    for model in ("claude-sonnet-4-20250514", "claude-sonnet-4-0", "claude-sonnet-4-5"):
        price = pricer.lookup(model, "anthropic")
        assert price is not None
        assert price.cost_micros(long) == 210_000 * 6 + 100 * 22.5
        assert price.cost_micros(short) == 100_000 * 3 + 100 * 15
    hold = Tokens(input=210_000, output=100, cache_read=10_000, cache_write=50_000)
    assert pricer.lookup("claude-sonnet-4-0", "anthropic").cost_micros(hold) == \
        150_000 * 6 + 10_000 * 0.6 + 50_000 * 7.5 + 100 * 22.5  # type: ignore[union-attr]
