"""Request options that raise the provider's price above the table (atk46 F03).

- OpenAI `service_tier`: `auto` (and no `service_tier`, which OpenAI reads as `auto`) is served at the tier set in
  the OpenAI project's settings, Priority possibly (gpt-4o: $4.25/$17 instead of $2.50/$10 per MTok); the answer's
  `service_tier` says what was used (`priority`, `default`, `flex`; a `fast` request is answered `priority`).
  * A capped team's request (enforce mode) with `auto` or no `service_tier`, to a model the price table says OpenAI
    serves at Priority (`priority_capable`), is sent with `service_tier: "default"` (`pin`, called by the flow
    before the reservation) when every provider of its route is `kind: openai`: the standard price, the table's;
    its reservation stays the table's. Explicit `priority`/`fast`/`scale` are refused for it (`proxy.budget.bound`).
  * Where `pin` cannot send `default` (an Azure provider on the route: Azure refuses request fields it does not
    know; `mode: warn`, which changes no request) the request is reserved at the model's Priority price
    (`Exchange.tier_premium` -> `Bound.premium`).
  * Every answer is settled at the tier it says it was served at (`TieredUsage`, read by the adapters from the
    whole answer, a chat stream's usage chunk, Responses' `response.completed`): the table's Priority or Flex price
    of the model (genai-prices' `service_tier` price variants); `priority` for a model without a Priority price:
    `PRIORITY_FALLBACK` times the table (the highest Priority multiple OpenAI publishes). An answer above its
    reservation is an overrun (`overrun_usd`), as any.
- Anthropic `inference_geo`: US-only inference (`"us"`) bills 1.1x on Claude Opus 4.6 and later models (`GEO_US`);
  without `inference_geo` the workspace's default applies, which may be `"us"`. A request to such a model that does
  not say `"global"` is reserved at 1.1x (`premium`); the answer's `usage.inference_geo` decides the settle
  (`"us"`: 1.1x), and an answer that does not say, to a request that sent `"us"`, is settled at 1.1x too. Where
  inference runs is the client's choice: `inference_geo` is never changed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from proxy.budget import pricing
from proxy.budget.pricing import LibraryPrice, ModelPrice, Tokens, model_candidates
from proxy.providers.base import ANTHROPIC, CHAT, OPENAI, RESPONSES, Usage

if TYPE_CHECKING:
    from proxy.budget.bound import Bound
    from proxy.config.budgets import BudgetsConfig
    from proxy.exchange import Exchange

PRIORITY = "priority"
FLEX = "flex"
US = "us"        # Anthropic: the request or the answer says US-only inference
GEO = "geo"      # Anthropic: no `inference_geo` sent (the workspace default, maybe "us"): reserved at 1.1x only
PRIORITY_FALLBACK = 2          # gpt-5, gpt-5.x, gpt-4.1-nano: Priority at 2x the standard price
GEO_US = (11, 10)              # Anthropic US-only inference: 1.1x every token price
_TIER_RANK = {FLEX: 0, US: 1, PRIORITY: 2}  # two reports of one answer disagree: the dearer counts

# Anthropic models named family first (`claude-opus-4-6`, `claude-sonnet-4-5-20250929`, `claude-opus-5`): the
# family's version; `claude-3-5-sonnet`, `claude-2.1`, `claude-instant-1.2` are older than Opus 4.6.
_CLAUDE = re.compile(r"(?:.*[/.])?claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d))?(?=$|[-@:])")
_CLAUDE_OLD = re.compile(r"(?:.*[/.])?claude-(?:\d|instant)")


# ---------------------------------------------------------------------------------------------- answers


def openai_tier(value: Any) -> str | None:
    """An OpenAI answer's `service_tier` as priced here: `priority` (and `fast`, answered as `priority`), `flex`;
    None for the standard price (`default`, `auto`, `scale`: prepaid units, nothing per token, and anything else)."""
    if value == PRIORITY or value == "fast":
        return PRIORITY
    return FLEX if value == FLEX else None


def geo_tier(value: Any) -> str | None:
    """An Anthropic usage's `inference_geo`: `us` (or another region than global) bills 1.1x."""
    if isinstance(value, str) and value and value not in ("global", "not_available"):
        return US
    return None


@dataclass(slots=True)
class TieredUsage(Usage):
    """A usage report whose answer says it was served at a tier priced apart from the table."""

    tier: str | None = None


def tier_of(usage: Usage | None) -> str | None:
    return usage.tier if isinstance(usage, TieredUsage) else None


def _tiered(usage: Usage, tier: str | None) -> Usage:
    if tier is None:
        return usage if not isinstance(usage, TieredUsage) else Usage(**{f.name: getattr(usage, f.name)
                                                                           for f in fields(Usage)})
    return TieredUsage(**{f.name: getattr(usage, f.name) for f in fields(Usage)}, tier=tier)


def with_tier(usage: Usage | None, value: Any) -> Usage | None:
    """`usage` with the tier of the OpenAI answer (`value`: its `service_tier`)."""
    return None if usage is None else _tiered(usage, openai_tier(value))


def with_geo(value: Any, usage: Usage) -> Usage:
    """`usage` with the region of the Anthropic answer (`value`: its `usage.inference_geo`)."""
    return _tiered(usage, geo_tier(value))


def merge_tier(a: Usage, b: Usage, merged: Usage) -> Usage:
    """`merged` (two reports of one answer combined) with the tier either says (both: the dearer)."""
    ta, tb = tier_of(a), tier_of(b)
    if ta is None or tb is None:
        tier = ta or tb
    else:
        tier = ta if _TIER_RANK.get(ta, 0) >= _TIER_RANK.get(tb, 0) else tb
    return merged if tier is None else _tiered(merged, tier)


# ---------------------------------------------------------------------------------------------- requests


def geo_capable(model: str | None) -> bool:
    """Whether `model` may bill US-only inference at 1.1x: Claude Opus 4.6, Sonnet 4.6 and later (a Claude name
    this does not read, too); older Claude models refuse `inference_geo`."""
    if not model:
        return False
    name = model.lower()
    found = _CLAUDE.match(name)
    if found is not None:
        return (int(found.group(1)), int(found.group(2) or 0)) >= (4, 6)
    return "claude" in name and _CLAUDE_OLD.match(name) is None


_CAPABLE: dict[str, bool] = {}


def priority_capable(model: str | None) -> bool:
    """Whether the price table holds a Priority price for `model` on OpenAI (OpenAI may serve it at Priority)."""
    if not model:
        return False
    found = _CAPABLE.get(model)
    if found is None:
        found = False
        for name in dict.fromkeys(c.lower() for c in model_candidates(model) if not c.lower().startswith("ft:")):
            info = pricing._library_lookup(name, OPENAI)
            if info is not None:
                found = _has_variant(info, PRIORITY)
                break
        if len(_CAPABLE) > 1024:  # model names come from clients: stay bounded
            _CAPABLE.clear()
        _CAPABLE[model] = found
    return found


def premium(provider: str, kind: str, body: dict[str, Any], model: str | None) -> str | None:
    """A dearer tier the request may be served at although it does not ask for it (`Bound.premium`): Anthropic's
    US-only inference (sent, or maybe the workspace's default). OpenAI's Priority: `pin`, `with_premium`."""
    if provider == ANTHROPIC:
        geo = body.get("inference_geo")
        if geo == "global" or not geo_capable(model):
            return None
        return GEO if geo is None else US
    return None


def with_premium(bound: Bound, premium_: str | None) -> Bound:
    """The bound of a request `pin` could not send at the standard tier (`Exchange.tier_premium`)."""
    return bound if premium_ is None or bound.premium is not None else replace(bound, premium=premium_)


def pin(config: BudgetsConfig | None, ex: Exchange, body: Any, kinds: tuple[str, ...]) -> bool:
    """A capped team's request with `auto` or no `service_tier`, to a model OpenAI may serve at Priority: sent
    with `service_tier: "default"` in enforce mode when every provider it may go to (`kinds`) is `kind: openai`
    (True: the body was changed); else (an Azure provider, which refuses fields it does not know, or `mode:
    warn`, which changes nothing) reserved at the model's Priority price (`ex.tier_premium`)."""
    if config is None or ex.team is None or ex.provider != OPENAI or ex.kind not in (CHAT, RESPONSES):
        return False
    if not isinstance(body, dict) or body.get("service_tier") not in (None, "auto"):
        return False
    from proxy.budget.scopes import scopes_for  # the budget step's own view of what caps the request

    team = config.for_team(ex.team)
    if not (team.team_capped or scopes_for(team, ex.model, ex.key_id, ex.end_user)) \
            or not priority_capable(ex.model):
        return False
    if config.mode_for(team) != "enforce" or not kinds or any(kind != OPENAI for kind in kinds):
        ex.tier_premium = PRIORITY
        return False
    body["service_tier"] = "default"
    return True


# ---------------------------------------------------------------------------------------------- prices


def _has_variant(info: Any, tier: str) -> bool:
    return any(v.when.get("service_tier") == tier for v in getattr(info, "price_variants", None) or ())


@dataclass(frozen=True, slots=True)
class ScaledPrice:
    """A price times `num / den` (every token rate; rounded up)."""

    base: ModelPrice
    num: int
    den: int

    @property
    def matched(self) -> str:
        return self.base.matched

    @property
    def source(self) -> str:
        return self.base.source

    def cost_micros(self, tokens: Tokens) -> int:
        return -(-self.base.cost_micros(tokens) * self.num // self.den)


_VARIANTS: dict[tuple[int, str], tuple[Any, float, Any, Any]] = {}  # (id(info), tier) -> (info, until, prices, rates)


@dataclass(frozen=True, slots=True)
class TierPrice:
    """A genai-prices model's price at a `service_tier` (its price variant), looked up again every minute."""

    base: LibraryPrice
    tier: str

    @property
    def matched(self) -> str:
        return self.base.matched

    @property
    def source(self) -> str:
        return self.base.source

    def cost_micros(self, tokens: Tokens) -> int:
        info = self.base.info
        key = (id(info), self.tier)
        now = time.monotonic()
        found = _VARIANTS.get(key)
        if found is None or found[0] is not info or now >= found[1]:
            prices = info.get_prices(datetime.now(UTC), {"service_tier": self.tier})
            if len(_VARIANTS) > 256:
                _VARIANTS.clear()
            found = _VARIANTS[key] = (info, now + pricing._PRICE_REFRESH_S, prices, pricing._linear_rates(prices))
        rates = found[3]
        if rates is not None:
            return pricing._linear_micros(rates, tokens)
        return pricing._library_micros(found[2], tokens)


def tier_price(price: ModelPrice, tier: str | None) -> ModelPrice:
    """`price` at the tier an answer was served at (or a request may be): Priority and Flex from the table's
    price variants (Priority without one: `PRIORITY_FALLBACK` x; Flex without one: the table), US-only
    inference 1.1x."""
    if tier is None:
        return price
    if tier == US or tier == GEO:
        return ScaledPrice(price, *GEO_US)
    if isinstance(price, LibraryPrice) and _has_variant(price.info, tier):
        return TierPrice(price, tier)
    if tier == PRIORITY:
        return ScaledPrice(price, PRIORITY_FALLBACK, 1)
    return price


def assume(usage: Usage | None, premium_: str | None, estimated: bool) -> Usage | None:
    """An answer that does not say its tier: the request's `inference_geo: "us"` bills 1.1x; a stream cut before
    its usage, reserved at Priority, is settled at Priority (fail closed)."""
    if usage is None or tier_of(usage) is not None:
        return usage
    if premium_ == US or (premium_ == PRIORITY and estimated):
        return _tiered(usage, premium_)
    return usage
