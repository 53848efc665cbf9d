"""Model prices: what a request costs, in integer micro-dollars, and the most it can cost.

Prices come from the `genai-prices` package's bundled data snapshot (imported once; this module never
starts its `UpdatePrices` background fetcher, so nothing is fetched from the network), overridden by
`prices:` in budgets.yaml (USD per 1M tokens). Lookups try the model name as given, then normalised
forms: lower case and without a date or `-latest` suffix (`gpt-4o-mini-2024-07-18` -> `gpt-4o-mini`,
`claude-3-5-haiku-latest`). A fine-tune (`ft:gpt-4o-mini-2024-07-18:org::id`) is priced only under a
fine-tune's name (the table's `ft:` entries or `prices:`), never at its base model's rates.

Token accounting follows each provider's usage report (see `proxy.providers`):
- OpenAI's `input_tokens` include the cached ones; Anthropic's exclude cache reads and writes.
- Cache reads are priced at the model's cached-input rate, Anthropic cache writes at its cache-write
  rate (overrides: cache writes at the input rate, cache reads at `cached_input`, else `input`).
- Reasoning tokens are part of `output_tokens` for both providers; they are priced at the model's
  reasoning rate where the table has one, else at the output rate (never twice).
- Tiered prices (e.g. above 200k input tokens) are applied by `genai-prices`.

Money is integer micro-dollars (1 USD = 1,000,000), rounded up per request: floats drift.
USD per 1M tokens x tokens = micro-dollars, so `tokens * price_per_mtok` is exact in Decimal.

The most a request can cost (the reservation) is `proxy.budget.bound`: a true upper bound, built
on `max_output_tokens` and the prices here.
"""

from __future__ import annotations

import re
import time
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any, Protocol

from proxy.providers.base import Usage

if TYPE_CHECKING:
    from proxy.config.budgets import BudgetsConfig, PriceOverride

MICROS_PER_USD = 1_000_000
DEFAULT_MAX_OUTPUT_TOKENS = 16_384
_MAX_CACHE = 2_048
_UNSEEN = object()  # a cache's marker for a name not looked up yet (None: looked up, no price)

# Output-token limits of known models (prefix match on the normalised name, longest wins: `gpt-4o`
# matches `gpt-4o-2024-08-06` but not `gpt-4o-mini`, which has its own entry).
OUTPUT_LIMITS: dict[str, int] = {
    "gpt-3.5-turbo": 4_096, "gpt-4": 8_192, "gpt-4-turbo": 4_096, "gpt-4-32k": 8_192,
    "gpt-4o": 16_384, "gpt-4o-mini": 16_384, "chatgpt-4o": 16_384, "gpt-4.5": 16_384,
    "gpt-4.1": 32_768, "gpt-4.1-mini": 32_768, "gpt-4.1-nano": 32_768,
    "gpt-5": 128_000, "o1": 100_000, "o1-mini": 65_536, "o1-preview": 32_768, "o1-pro": 100_000,
    "o3": 100_000, "o3-mini": 100_000, "o3-pro": 100_000, "o4-mini": 100_000, "codex-mini": 100_000,
    "text-embedding": 0,
    "claude-3-haiku": 4_096, "claude-3-sonnet": 4_096, "claude-3-opus": 4_096,
    "claude-3-5-haiku": 8_192, "claude-3-5-sonnet": 8_192, "claude-3-7-sonnet": 64_000,
    "claude-sonnet-4": 64_000, "claude-sonnet-4-5": 64_000, "claude-haiku-4-5": 64_000,
    "claude-opus-4": 32_000, "claude-opus-4-1": 32_000, "claude-opus-4-5": 64_000,
}

_DATE_SUFFIX = re.compile(r"(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest)$")


class UnknownModelPrice(LookupError):
    """No price is known for the model (neither in budgets.yaml `prices:` nor in the built-in table)."""

    def __init__(self, model: str | None) -> None:
        self.model = model
        super().__init__("no price is known for this model")


# --------------------------------------------------------------------------------------- money


def to_micros(usd: Decimal) -> int:
    """Decimal USD to micro-dollars, rounded up."""
    return int((usd * MICROS_PER_USD).to_integral_value(rounding=ROUND_CEILING))


def micros_to_usd(micros: int) -> float:
    """For display and JSON only: never add these up."""
    return round(micros / MICROS_PER_USD, 6)


# --------------------------------------------------------------------------------------- names


def model_candidates(model: str) -> list[str]:
    """The model name, then normalised forms to try in turn (duplicates removed, order kept)."""
    out = [model, model.lower()]
    name = model.lower()
    if name.startswith("ft:"):
        name = name[3:].split(":", 1)[0]
        out.append(name)
    while (stripped := _DATE_SUFFIX.sub("", name)) != name:
        name = stripped
        out.append(name)
    return list(dict.fromkeys(out))


def max_output_tokens(model: str | None, default: int | None = DEFAULT_MAX_OUTPUT_TOKENS) -> int | None:
    """The model's output-token limit when known, else `default` (the bound passes None: a guess is
    not a bound)."""
    if not model:
        return default
    for name in model_candidates(model):
        best = max((p for p in OUTPUT_LIMITS if name == p or name.startswith(p + "-")), key=len, default=None)
        if best is not None:
            return OUTPUT_LIMITS[best]
    return default


# --------------------------------------------------------------------------------------- prices


@dataclass(frozen=True, slots=True)
class Tokens:
    """Billable tokens of one request. `input` is the total, cache reads and writes included."""

    input: int = 0
    output: int = 0
    cache_read: int = 0
    cache_write: int = 0
    reasoning: int = 0

    @classmethod
    def from_usage(cls, usage: Usage, provider: str) -> Tokens:
        """Normalise a provider's usage report (see the module docstring)."""
        output = usage.output_tokens
        reasoning = min(usage.reasoning_tokens, output)
        if provider == "anthropic":
            total = usage.input_tokens + usage.cached_input_tokens + usage.cache_creation_input_tokens
            return cls(total, output, usage.cached_input_tokens, usage.cache_creation_input_tokens, reasoning)
        cached = min(usage.cached_input_tokens, usage.input_tokens)
        return cls(usage.input_tokens, output, cached, 0, reasoning)


def usage_cost_micros(price: ModelPrice, usage: Usage, provider: str) -> int:
    """What a request cost from its usage at `price`: Anthropic's 1-hour cache writes at twice the input
    rate (its documented multiplier; the table's cache-write rate is the 5-minute one, 1.25x)."""
    tokens = Tokens.from_usage(usage, provider)
    cost = price.cost_micros(tokens)
    hour = min(usage.cache_creation_1h_input_tokens, tokens.cache_write) if provider == "anthropic" else 0
    if hour > 0:
        at_5m = price.cost_micros(Tokens(input=hour, cache_write=hour))
        cost += max(0, 2 * price.cost_micros(Tokens(input=hour)) - at_5m)
    return cost


class ModelPrice(Protocol):
    @property
    def source(self) -> str: ...  # "override" or "genai-prices"

    @property
    def matched(self) -> str: ...  # the name it was found under

    def cost_micros(self, tokens: Tokens) -> int: ...


def _scaled(rates: Sequence[Decimal]) -> tuple[int, tuple[int, ...]] | None:
    """USD-per-1M-token rates as integers times a power of ten (`scale`, rates x scale exact), so a
    cost is integer arithmetic: ~0.3 us instead of ~10 us of Decimal operations. None: a rate
    with more than 12 decimal places (the Decimal path then computes it)."""
    for digits in (0, 3, 6, 9, 12):
        scale = 10 ** digits
        scaled = [r * scale for r in rates]
        if all(v == v.to_integral_value() for v in scaled):
            return scale, tuple(int(v) for v in scaled)
    return None


def _ceil_div(total: int, scale: int) -> int:
    return -(-total // scale)


@dataclass(frozen=True, slots=True)
class OverridePrice:
    """A `prices:` entry from budgets.yaml."""

    matched: str
    input: Decimal
    output: Decimal
    cached_input: Decimal
    source: str = "override"
    scaled: tuple[int, tuple[int, ...]] | None = field(default=None, compare=False, repr=False)

    def cost_micros(self, tokens: Tokens) -> int:
        uncached = max(tokens.input - tokens.cache_read, 0)
        if self.scaled is not None:  # exact integer form of the Decimal sum below
            scale, (inp, cached, out) = self.scaled
            return _ceil_div(uncached * inp + tokens.cache_read * cached + tokens.output * out, scale)
        usd_mtok = uncached * self.input + tokens.cache_read * self.cached_input + tokens.output * self.output
        return int(usd_mtok.to_integral_value(rounding=ROUND_CEILING))  # USD/Mtok x tokens = micros


@dataclass(slots=True)
class LibraryPrice:
    """A model in the genai-prices snapshot. Its prices are looked up again every minute (the
    snapshot can date prices); flat per-token rates are then applied with integer arithmetic."""

    matched: str
    info: Any  # genai_prices.types.ModelInfo
    source: str = "genai-prices"
    _until: float = field(default=0.0, compare=False, repr=False)
    _prices: Any = field(default=None, compare=False, repr=False)
    _scaled: tuple[int, tuple[int, ...]] | None = field(default=None, compare=False, repr=False)
    _rates: Rates | None = field(default=None, compare=False, repr=False)

    def cost_micros(self, tokens: Tokens) -> int:
        now = time.monotonic()
        if now >= self._until:
            self._prices = self.info.get_prices(datetime.now(UTC))
            self._rates = _linear_rates(self._prices)
            self._scaled = None if self._rates is None else _scaled(self._rates)
            self._until = now + _PRICE_REFRESH_S
        if self._scaled is not None:  # the common case: flat per-token prices, exact integers
            scale, (inp, read, write, out) = self._scaled
            uncached = max(tokens.input - tokens.cache_read - tokens.cache_write, 0)
            total = uncached * inp + tokens.cache_read * read + tokens.cache_write * write + tokens.output * out
            return _ceil_div(total, scale)  # USD/Mtok x tokens = micro-dollars
        if self._rates is not None:
            return _linear_micros(self._rates, tokens)
        return _library_micros(self._prices, tokens)


_PRICE_REFRESH_S = 60.0


def _library_micros(prices: Any, tokens: Tokens) -> int:
    from genai_prices import Usage as GenaiUsage

    usage = GenaiUsage(input_tokens=tokens.input, output_tokens=tokens.output,
                       cache_read_tokens=tokens.cache_read, cache_write_tokens=tokens.cache_write,
                       output_reasoning_tokens=tokens.reasoning)
    return to_micros(prices.calc_price(usage)["total_price"])


Rates = tuple[Decimal, Decimal, Decimal, Decimal]  # USD per 1M tokens: input, cache read, cache write, output
_RATES: dict[int, tuple[Any, Rates | None]] = {}  # id -> (the price object itself, its rates)
_PROBE = Tokens(input=1_234_567, output=765_432, cache_read=234_567, cache_write=123_456, reasoning=65_432)


def _linear_micros(rates: Rates, tokens: Tokens) -> int:
    uncached = max(tokens.input - tokens.cache_read - tokens.cache_write, 0)
    usd_mtok = (uncached * rates[0] + tokens.cache_read * rates[1] + tokens.cache_write * rates[2]
                + tokens.output * rates[3])
    return to_micros(usd_mtok / 1_000_000)


def _linear_rates(prices: Any) -> Rates | None:
    """Flat per-token rates of a genai-prices ModelPrice, or None when the library must compute the cost
    (tiered or other units). Checked once per price object against the library's own calculation."""
    key = id(prices)
    cached = _RATES.get(key)
    if cached is not None and cached[0] is prices:  # holding the object keeps its id from being reused
        return cached[1]
    values = [getattr(prices, name, None) for name in ("input_mtok", "cache_read_mtok", "cache_write_mtok",
                                                       "output_mtok")]
    rates: Rates | None = None
    if all(v is None or isinstance(v, Decimal) for v in values) and values[0] is not None:
        inp = values[0]
        candidate: Rates = (inp, values[1] if values[1] is not None else inp,
                            values[2] if values[2] is not None else inp, values[3] or Decimal(0))
        try:
            if _linear_micros(candidate, _PROBE) == _library_micros(prices, _PROBE):
                rates = candidate
        except Exception:  # noqa: BLE001 - any doubt: use the library every time
            rates = None
    _RATES[key] = (prices, rates)
    return rates


# Models whose long-context premium the genai-prices snapshot lacks: Anthropic bills a Claude Sonnet 4
# request with more than 200k input tokens (the 1M-context beta) at $6/$22.50 per MTok instead of $3/$15,
# cache reads and writes by the same factor (Anthropic's pricing page, "Long context pricing"). Models
# the snapshot prices with tiers (claude-sonnet-4-5) are not listed: their tiers apply already.
LONG_CONTEXT_PREMIUM: dict[str, tuple[int, int, int]] = {
    # id in the snapshot: (input tokens above which it applies, twice the input factor, twice the output's)
    "claude-sonnet-4-0": (200_000, 4, 3),
}


@dataclass(frozen=True, slots=True)
class LongContextPrice:
    """A price whose whole request costs more above an input size: the token counts are scaled by the
    factors (exact for the per-token rates these models have; halves rounded up)."""

    base: ModelPrice

    @property
    def matched(self) -> str:
        return self.base.matched

    @property
    def source(self) -> str:
        return self.base.source

    def cost_micros(self, tokens: Tokens) -> int:
        threshold, in2, out2 = LONG_CONTEXT_PREMIUM[self.base.matched]
        if tokens.input <= threshold:
            return self.base.cost_micros(tokens)

        def up(n: int, x2: int) -> int:
            return -(-n * x2 // 2)

        return self.base.cost_micros(Tokens(input=up(tokens.input, in2), output=up(tokens.output, out2),
                                            cache_read=up(tokens.cache_read, in2),
                                            cache_write=up(tokens.cache_write, in2),
                                            reasoning=up(tokens.reasoning, out2)))


def _override_price(name: str, o: PriceOverride) -> OverridePrice:
    cached = o.cached_input if o.cached_input is not None else o.input
    inp, out, cache = Decimal(str(o.input)), Decimal(str(o.output)), Decimal(str(cached))
    return OverridePrice(name, inp, out, cache, scaled=_scaled((inp, cache, out)))


def _library_lookup(name: str, provider: str | None) -> Any:
    from genai_prices import data_snapshot

    try:
        _, info = data_snapshot.get_snapshot().find_provider_model(name, None, provider, None)
    except LookupError:
        return None
    return info


class Pricer:
    """Finds a model's price: budgets.yaml overrides first, then the genai-prices table."""

    def __init__(self, overrides: Mapping[str, PriceOverride] | None = None) -> None:
        self._overrides = {name: _override_price(name, o) for name, o in (overrides or {}).items()}
        self._lower = {name.lower(): p for name, p in self._overrides.items()}
        self._cache: dict[tuple[str, str | None], ModelPrice | None] = {}

    def lookup(self, model: str | None, provider: str | None = None) -> ModelPrice | None:
        """The price of `model` as called through `provider` ("openai", "anthropic"), or None."""
        if not model:
            return None
        key = (model, provider)
        found = self._cache.get(key, _UNSEEN)
        if found is _UNSEEN:
            if len(self._cache) >= _MAX_CACHE:  # model names come from clients: stay bounded
                self._cache.clear()
            found = self._cache[key] = self._find(model, provider)
        return found  # type: ignore[return-value]  # not _UNSEEN: a looked-up price or None

    def _find(self, model: str, provider: str | None) -> ModelPrice | None:
        candidates = model_candidates(model)
        if model.lower().startswith("ft:"):
            # A fine-tuned model is billed at fine-tune rates (ft:gpt-4.1: $3/$12 against gpt-4.1's $2/$8):
            # only a price for the fine-tuned name counts (the table's `ft:` entries, a `prices:` entry);
            # without one it is an unknown model, never its base model's price.
            candidates = [c for c in candidates if c.lower().startswith("ft:")]
        for name in candidates:
            found = self._overrides.get(name) or self._lower.get(name)
            if found is not None:
                return found
        for name in dict.fromkeys(c.lower() for c in candidates):  # genai-prices also knows some dated names
            info = _library_lookup(name, provider)
            if info is not None:
                price = LibraryPrice(info.id, info)
                return LongContextPrice(price) if info.id in LONG_CONTEXT_PREMIUM else price
        return None

    def cost_micros(self, model: str | None, usage: Usage, provider: str) -> int:
        """The real cost of a request from its usage; raises UnknownModelPrice."""
        price = self.lookup(model, provider)
        if price is None:
            raise UnknownModelPrice(model)
        return usage_cost_micros(price, usage, provider)


class ProviderPrices:
    """A provider's own `prices:` (proxy.yaml): model globs, first match wins; looked up before
    budgets.yaml `prices:` and the built-in table for requests that provider serves."""

    def __init__(self, globs: Mapping[str, PriceOverride]) -> None:
        import fnmatch

        self._rules = [(re.compile(fnmatch.translate(g)), _override_price(g, o)) for g, o in globs.items()]
        self._cache: dict[str, OverridePrice | None] = {}

    def lookup(self, model: str | None) -> OverridePrice | None:
        if not model:
            return None
        if model not in self._cache:
            if len(self._cache) >= _MAX_CACHE:
                self._cache.clear()
            self._cache[model] = next((p for rx, p in self._rules if rx.match(model)), None)
        return self._cache[model]


_DEFAULT = Pricer()


def warm_up() -> None:
    """Load the genai-prices snapshot now (~0.2 s) rather than on the first priced request."""
    _DEFAULT.lookup("gpt-4o-mini", "openai")


# One pricer per loaded budgets.yaml, found by the config object's identity (a config holds dicts: it
# has no hash). The weak reference drops the entry with the config, so a reload starts a new pricer
# and the old one goes with the old file; the identity check guards against a reused id().
_PRICERS: dict[int, tuple[weakref.ref[BudgetsConfig], Pricer]] = {}


def pricer_for(config: BudgetsConfig | None) -> Pricer:
    """The pricer of a budgets.yaml (its overrides; built once per loaded file), or the built-in one."""
    if config is None:
        return _DEFAULT
    key = id(config)
    entry = _PRICERS.get(key)
    if entry is not None and entry[0]() is config:
        return entry[1]
    pricer = Pricer(config.prices)

    def forget(ref: weakref.ref[BudgetsConfig]) -> None:
        if _PRICERS.get(key, (None,))[0] is ref:
            del _PRICERS[key]

    _PRICERS[key] = (weakref.ref(config, forget), pricer)
    return pricer
