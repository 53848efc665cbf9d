"""proxy.budget.step: the budget step as the app runs it, with budgets.yaml's policies, on the embedded store."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from proxy.budget.ledger import Budgets
from proxy.budget.results import OverrunAlert
from proxy.budget.step import (
    SpendRecorder,
    input_bound,
    lost_try,
    price_of,
    record_unreserved,
    release_for,
    reserve_for,
    settle_for,
)
from proxy.config.budgets import BudgetsConfig
from proxy.errors import ProxyError
from proxy.exchange import Exchange, new_request_id
from proxy.providers.base import CHAT, COUNT_TOKENS, MESSAGES, Usage
from proxy.store.embedded import EmbeddedStore, connect


def cfg(**extra: Any) -> BudgetsConfig:
    return BudgetsConfig.model_validate({"teams": {"mkt": {"daily": 1.0, "alert_at": [0.5]}}, **extra})


def exchange(kind: str = CHAT, model: str = "gpt-4o-mini", provider: str = "openai") -> Exchange:
    ex = Exchange(new_request_id(), provider, kind, "/v1/chat/completions")
    ex.team, ex.model = "mkt", model
    return ex


CHAT_BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 100}
# 1,500 bytes of text: the provider may bill up to ~1,500 input tokens for it (the usage below bills 1,000)
LONG_BODY = {**CHAT_BODY, "messages": [{"role": "user", "content": "hi " * 500}]}


async def test_reserve_then_settle_fills_the_record_and_header(budgets: Budgets) -> None:
    ex = exchange()
    hold = await reserve_for(budgets, cfg(), ex, LONG_BODY)
    assert hold is not None and hold.reservation is not None
    assert ex.budget is not None and ex.budget["window"] == "daily" and ex.budget["reserved_usd"] > 0
    ex.usage = Usage(input_tokens=1000, output_tokens=100)
    assert await settle_for(hold, ex) == ()
    assert ex.cost_usd == 0.00021  # 1000 x $0.15 + 100 x $0.60 per 1M
    assert ex.budget == {"reserved_usd": hold.reservation.amount_micros / 1e6, "charged_usd": 0.00021,
                         "window": "daily", "spent_usd": 0.00021, "cap_usd": 1.0, "remaining_usd": 0.99979,
                         "scope": "team"}
    assert ex.headers()["x-guardrail-budget-remaining"] == "0.999790"


async def test_over_budget_is_a_429_with_retry_after(budgets: Budgets) -> None:
    config = cfg()
    ex = exchange()
    hold = await reserve_for(budgets, config, ex, {**CHAT_BODY, "max_tokens": 1_500_000})
    ex.usage = Usage(output_tokens=1_500_000)  # $0.90: crosses 50%
    alerts = await settle_for(hold, ex)
    assert [(a.window, a.threshold) for a in alerts] == [("daily", 0.5)]
    ex = exchange()
    with pytest.raises(ProxyError) as err:
        await reserve_for(budgets, config, ex, {**CHAT_BODY, "max_tokens": 200_000})
    assert err.value.status == 429 and err.value.code == "budget_exceeded"
    assert int(err.value.headers["retry-after"]) > 0
    assert "daily spend is $0.900000 of a $1.000000 cap" in err.value.message
    assert ex.budget is not None and ex.budget["cap_usd"] == 1.0 and ex.budget["spent_usd"] == 0.9


async def test_a_bill_above_the_reservation_is_an_overrun(budgets: Budgets) -> None:
    ex = exchange()
    hold = await reserve_for(budgets, cfg(), ex, CHAT_BODY)
    assert hold is not None and hold.reservation is not None
    ex.usage = Usage(input_tokens=1_000_000)  # 'hi' can never bill this much: $0.15
    (alert,) = await settle_for(hold, ex)
    assert isinstance(alert, OverrunAlert)
    assert alert.overrun_micros == 150_000 - hold.reservation.amount_micros
    assert ex.overrun_usd == alert.overrun_micros / 1e6 and ex.record()["overrun_usd"] == ex.overrun_usd
    assert alert.as_record()["alert"] == "overrun"
    (daily,) = [w for w in await budgets.status(cfg(), ["mkt"]) if w.window == "daily"]
    assert daily.overrun_micros == alert.overrun_micros


async def test_clamp_lowers_the_limit_in_the_body(budgets: Budgets) -> None:
    config = cfg(teams={"mkt": {"daily": 0.01, "on_exceed": "clamp"}})
    ex = exchange()
    body = {**CHAT_BODY, "max_tokens": 100_000}  # $0.06 of output at most: over the $0.01 cap
    hold = await reserve_for(budgets, config, ex, body)
    assert hold is not None and hold.reservation is not None
    assert ex.clamped_max_tokens is not None and 16 <= ex.clamped_max_tokens < 100_000
    assert body["max_tokens"] == ex.clamped_max_tokens and hold.reservation.amount_micros <= 10_000
    assert ex.headers()["x-guardrail-clamped-max-tokens"] == str(ex.clamped_max_tokens)
    with pytest.raises(ProxyError) as err:  # nothing left for even 16 tokens: refused
        await reserve_for(budgets, config, exchange(), {**CHAT_BODY, "max_tokens": 100_000})
    assert err.value.status == 429


async def test_clamp_lowers_every_output_limit_the_body_sends(budgets: Budgets) -> None:
    """Was (attack F9): only `max_completion_tokens` was lowered; `max_tokens` went upstream unchanged."""
    config = cfg(teams={"mkt": {"daily": 0.01, "on_exceed": "clamp"}})
    ex = exchange()
    body = {**CHAT_BODY, "max_tokens": 100_000, "max_completion_tokens": 100_000}
    hold = await reserve_for(budgets, config, ex, body)
    assert hold is not None and hold.reservation is not None and ex.clamped_max_tokens is not None
    assert body["max_tokens"] == body["max_completion_tokens"] == ex.clamped_max_tokens < 100_000


async def test_unknown_model_block_and_allow(budgets: Budgets) -> None:
    with pytest.raises(ProxyError) as err:
        await reserve_for(budgets, cfg(), exchange(model="my-finetune"), CHAT_BODY)
    assert err.value.status == 403
    ex = exchange(model="my-finetune")
    hold = await reserve_for(budgets, cfg(unknown_model="allow"), ex, CHAT_BODY)
    assert hold is not None and not hold.priced and hold.reservation is not None
    ex.usage = Usage(10, 10)
    await settle_for(hold, ex)
    assert ex.cost_usd is None and ex.budget is not None and ex.budget["charged_usd"] == 0.0
    priced = await reserve_for(budgets, cfg(prices={"my-finetune": {"input": 1, "output": 1}}), exchange(
        model="my-finetune"), CHAT_BODY)
    assert priced is not None and priced.priced


async def test_store_down_block_is_503_and_allow_forwards(tmp_path: Path) -> None:
    down = Budgets(connect(f"unix://{tmp_path}/none.sock"))
    with pytest.raises(ProxyError) as err:
        await reserve_for(down, cfg(), exchange(), CHAT_BODY)
    assert err.value.status == 503 and err.value.code == "guardrail_unavailable"
    ex = exchange()
    hold = await reserve_for(down, cfg(on_store_error="allow"), ex, CHAT_BODY)
    assert hold is not None and hold.reservation is None
    ex.usage = Usage(10, 10)
    assert await settle_for(hold, ex) == ()  # still down: logged, never raised
    assert await reserve_for(down, None, exchange(), CHAT_BODY) is not None  # no budgets.yaml: allow


async def test_spend_is_recorded_when_the_store_returns_before_the_answer_ends(budgets: Budgets,
                                                                               store: EmbeddedStore) -> None:
    config = cfg(on_store_error="allow")
    store.stop()
    ex = exchange()
    hold = await reserve_for(budgets, config, ex, CHAT_BODY)
    assert hold is not None and hold.reservation is None
    store.start()
    budgets._breaker.down_until = 0  # the cooldown (0.5 s) has passed
    ex.usage = Usage(1000, 100)
    await settle_for(hold, ex)
    assert ex.budget is not None and ex.budget["spent_usd"] == 0.00021


async def test_release_gives_the_reservation_back(budgets: Budgets) -> None:
    config = cfg()
    ex = exchange(kind=MESSAGES, model="claude-3-5-haiku-latest", provider="anthropic")
    hold = await reserve_for(budgets, config, ex, {"model": ex.model, "max_tokens": 1000, "messages": []})
    await release_for(hold)
    [daily, *_] = await budgets.status(config, ["mkt"])
    assert (daily.spent_micros, daily.reserved_micros) == (0, 0)


async def test_an_answer_without_usage_is_charged_its_whole_reservation(budgets: Budgets) -> None:
    """Was (attack F4): charged $0, the provider billed it all the same. Fail closed: the bound."""
    config = cfg()
    ex = exchange()
    hold = await reserve_for(budgets, config, ex, CHAT_BODY)
    assert hold is not None and hold.reservation is not None
    await settle_for(hold, ex)  # no usage reported
    assert ex.budget is not None and ex.budget["charged_usd"] == ex.budget["reserved_usd"] > 0
    assert ex.usage_estimated and ex.usage is not None and hold.bound is not None
    assert (ex.usage.input_tokens, ex.usage.output_tokens) == (hold.bound.input_tokens, hold.bound.output_tokens)
    [daily, *_] = await budgets.status(config, ["mkt"])
    assert (daily.spent_micros, daily.reserved_micros) == (hold.reservation.amount_micros, 0)


async def test_unbilled_routes_have_no_budget_step(budgets: Budgets) -> None:
    assert await reserve_for(budgets, cfg(), exchange(kind=COUNT_TOKENS), {}) is None
    assert await reserve_for(None, cfg(), exchange(), CHAT_BODY) is None


async def test_a_settle_retried_after_an_outage_reports_the_alerts_it_crosses(budgets: Budgets,
                                                                              store: EmbeddedStore) -> None:
    """The store is down when the answer ends: the settle is retried once it is back, and the alert
    threshold that late settle crosses still reaches the caller (one budget_alert record)."""
    import asyncio

    from proxy.budget import step as budget_flow

    config = cfg()  # daily cap $1, alert at 50%
    ex = exchange()
    hold = await reserve_for(budgets, config, ex, CHAT_BODY)
    assert hold is not None and hold.reservation is not None
    late: list[Any] = []
    arrived = asyncio.Event()

    def on_late(alerts: Any) -> None:
        late.append(alerts)
        arrived.set()

    store.stop()
    try:
        ex.usage = Usage(input_tokens=4_000_000, output_tokens=0)  # $0.60: past the 50% mark
        assert await settle_for(hold, ex, late_alerts=on_late) == ()  # down: retried later
    finally:
        store.start()
    budgets._breaker.down_until = 0
    await asyncio.wait_for(arrived.wait(), 5)
    assert len(late) == 1 and [(a.window, a.threshold) for a in late[0]] == [("daily", 0.5)]
    [daily, *_] = await budgets.status(config, ["mkt"])
    assert daily.spent_micros == 600_000 and daily.reserved_micros == 0
    assert not budget_flow._retries


async def test_a_fallback_chain_reserves_its_dearest_provider_and_charges_the_one_that_answered(
        budgets: Budgets) -> None:
    from proxy.budget.pricing import ProviderPrices
    from proxy.config.budgets import PriceOverride

    def chained(chain: tuple[str, ...]) -> Exchange:
        ex = exchange()
        ex.chain = chain
        ex.provider_prices = {"dear": ProviderPrices({"gpt-4o*": PriceOverride(input=100.0, output=200.0)}),
                              "free": ProviderPrices({"*": PriceOverride(input=0.0, output=0.0)})}
        return ex

    alone = chained(("openai",))
    await reserve_for(budgets, cfg(), alone, CHAT_BODY)
    with_dear = chained(("openai", "dear"))
    hold = await reserve_for(budgets, cfg(), with_dear, CHAT_BODY)
    assert alone.budget is not None and with_dear.budget is not None
    assert with_dear.budget["reserved_usd"] > 100 * alone.budget["reserved_usd"]  # 200 vs 0.60 per 1M output
    with_dear.upstream_name, with_dear.usage = "openai", Usage(input_tokens=1000, output_tokens=100)
    await settle_for(hold, with_dear)
    assert with_dear.cost_usd == 0.00021  # at the built-in price of the provider that answered
    free = chained(("free",))
    hold = await reserve_for(budgets, cfg(), free, CHAT_BODY)
    free.upstream_name, free.usage = "free", Usage(input_tokens=1000, output_tokens=100)
    await settle_for(hold, free)
    assert free.cost_usd == 0.0


async def test_a_cut_stream_bills_the_prompts_bound_and_at_most_the_output_limit(budgets: Budgets) -> None:
    """Was (attack F5): a cut stream's prompt was estimated at ~4 characters a token, while the provider
    bills the whole prompt; CJK text has ~1 token a character. Now: the bound's input part."""
    body = {**CHAT_BODY, "messages": [{"role": "user", "content": "\U00020000" * 600}]}  # 2,400 UTF-8 bytes
    ex = exchange()
    hold = await reserve_for(budgets, cfg(), ex, body)
    assert hold is not None and hold.bound is not None
    ex.input_estimator = lambda: input_bound(hold, ex, body, lambda: 151)
    assert ex.input_estimator() == hold.bound.input_tokens >= 2400
    ex.client_disconnected, ex.usage_estimated = True, True
    ex.usage = Usage(input_tokens=ex.input_estimator(), output_tokens=5000)  # more text seen than the limit
    await settle_for(hold, ex)
    assert ex.usage.output_tokens == 100, "at most the output limit"
    assert ex.budget is not None and ex.budget["charged_usd"] == ex.budget["reserved_usd"]
    # A reasoning model thinks in tokens the text never shows: little text seen, the whole output part
    # is charged (was: what the text showed).
    for thinking in ({"reasoning_effort": "high"}, {"model": "o4-mini"}):
        ex = exchange()
        if "model" in thinking:
            ex.model = thinking["model"]
        hold = await reserve_for(budgets, cfg(), ex, {**body, **thinking})
        assert hold is not None and hold.bound is not None and hold.bound.reasoning
        ex.client_disconnected, ex.usage_estimated = True, True
        ex.usage = Usage(input_tokens=10, output_tokens=3)
        await settle_for(hold, ex)
        assert ex.usage.output_tokens == hold.bound.output_tokens and ex.budget is not None
        assert ex.budget["charged_usd"] == ex.budget["reserved_usd"]
    # A request that reserved nothing (no cap) is estimated the same way, from its own bound.
    assert input_bound(None, exchange(), body, lambda: 151) == hold.bound.input_tokens


async def test_a_lost_fallback_try_is_charged_and_the_next_reserves_again(budgets: Budgets) -> None:
    """Was (attack F3): a try that timed out was released though the provider ran it. Each lost try is
    charged its bound, and the next try must fit what is left: the tries never pass the cap together."""
    config = BudgetsConfig.model_validate({"teams": {"mkt": {"daily": 0.00012}}})
    ex = exchange()
    hold = await reserve_for(budgets, config, ex, CHAT_BODY)  # gpt-4o-mini, 100 out: ~$0.000062
    assert hold is not None and hold.reservation is not None
    first = hold.reservation.amount_micros
    assert 2 * first > 120 > first
    assert await lost_try(hold, ex, "openai") is False, "a second try does not fit the cap"
    assert hold.reservation is None and hold.lost_micros == first and ex.cost_usd == first / 1e6
    assert ex.budget is not None and ex.budget["charged_usd"] == ex.budget["lost_tries_usd"] == first / 1e6
    [daily, *_] = await budgets.status(config, ["mkt"])
    assert (daily.spent_micros, daily.reserved_micros) == (first, 0)

    roomy = cfg()
    ex = exchange()
    hold = await reserve_for(budgets, roomy, ex, CHAT_BODY)
    assert hold is not None and hold.reservation is not None
    assert await lost_try(hold, ex, "openai") is True
    assert hold.reservation is not None and hold.reservation.amount_micros == first
    ex.usage = Usage(10, 10)
    await settle_for(hold, ex)
    real = 10 * 0.15 + 10 * 0.6  # micro-USD
    assert ex.budget is not None and ex.budget["lost_tries_usd"] == first / 1e6
    assert ex.cost_usd == pytest.approx((first + real) / 1e6, abs=1e-6)  # whole micro-USD
    [daily, *_] = await budgets.status(roomy, ["mkt"])
    assert daily.reserved_micros == 0 and daily.spent_micros == pytest.approx(2 * first + real, abs=1)


def test_the_spend_recorder_sums_every_usage_field() -> None:
    """Queued spend of one team and model adds up: every `Usage` field (a new one must not be dropped)."""
    names = [f.name for f in dataclasses.fields(Usage)]
    one = Usage(**{name: i + 1 for i, name in enumerate(names)})
    recorder = SpendRecorder(None)  # type: ignore[arg-type]  # only queues here: no store is touched
    recorder.add_many("mkt", "gpt-4o-mini", 5, one, 1, None)
    recorder.add_many("mkt", "gpt-4o-mini", 7, one, 2, None)
    cost, total, count, _ = recorder._pending[("mkt", "gpt-4o-mini")]
    assert (cost, count) == (12, 3)
    assert total == Usage(**{name: 2 * (i + 1) for i, name in enumerate(names)})
    assert one == Usage(**{name: i + 1 for i, name in enumerate(names)})  # the added usage is left as it was


async def test_an_unreserved_request_is_priced_at_its_one_providers_price_found_when_forwarding(
        budgets: Budgets) -> None:
    """No cap: nothing is reserved, the price on the route's one provider is kept in the hold and prices the
    answer (the same price a second lookup finds); a chain of several providers is priced where it answered."""
    from proxy.budget.pricing import ProviderPrices
    from proxy.config.budgets import PriceOverride

    uncapped = BudgetsConfig.model_validate({"teams": {"mkt": {}}, "unknown_model": "allow"})
    for chain, served, cost in ((("openai",), "openai", 0.00021), (("free",), "free", 0.0),
                                (("openai", "free"), "free", 0.0), (("free", "openai"), "openai", 0.00021)):
        ex = exchange()
        ex.chain, ex.upstream_name = chain, served
        ex.provider_prices = {"free": ProviderPrices({"*": PriceOverride(input=0.0, output=0.0)})}
        hold = await reserve_for(budgets, uncapped, ex, CHAT_BODY)
        assert hold is not None and hold.reservation is None and hold.priced
        assert hold.head_price == (price_of(uncapped, ex, chain[0]) if len(chain) == 1 else None)
        ex.usage = Usage(input_tokens=1000, output_tokens=100)
        record_unreserved(None, hold, ex)
        assert ex.cost_usd == cost, chain
    unknown = exchange(model="no-such-model-anywhere")
    unknown.chain = ("openai",)
    hold = await reserve_for(budgets, uncapped, unknown, CHAT_BODY)
    assert hold is not None and not hold.priced and hold.head_price is None
