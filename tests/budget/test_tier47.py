"""Request options that raise the provider's price (atk46 F03): OpenAI `service_tier` `auto` (or none) served at the
project's Priority tier, and Anthropic `inference_geo: "us"` (1.1x on Claude Opus 4.6 and later), were settled at the
table price; the answer's `service_tier` / `usage.inference_geo` was ignored, so the real bill passed the reservation
with no `overrun_usd`. Now: a capped team's `auto` goes as `default` (the table's price), other requests that may be
served at Priority or in the US are reserved at that price, and every answer is settled at the tier it says."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from proxy.budget import tier47
from proxy.budget.bound import Unbounded, bound_micros, request_bound
from proxy.budget.ledger import Budgets
from proxy.budget.pricing import Pricer
from proxy.budget.step import BudgetHold, record_unreserved, reserve_for, settle_for
from proxy.budget.tier47 import TieredUsage, tier_of
from proxy.config.budgets import BudgetsConfig
from proxy.exchange import Exchange, new_request_id
from proxy.providers import anthropic as anth
from proxy.providers import openai as oai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, Usage
from proxy.providers.sse import SSEEvent, encode_event
from proxy.stream.usage import StreamUsage


def cfg(mode: str = "enforce") -> BudgetsConfig:
    return BudgetsConfig.model_validate({"mode": mode, "teams": {"mkt": {"daily": 50.0}, "free": {}}})


def chat(model: str = "gpt-4o", **extra: Any) -> dict[str, Any]:
    return {"model": model, "max_tokens": 1000, "messages": [{"role": "user", "content": "Write a long essay."}],
            **extra}


def msg(model: str = "claude-opus-4-6", **extra: Any) -> dict[str, Any]:
    return {"model": model, "max_tokens": 1000, "messages": [{"role": "user", "content": "Write a long essay."}],
            **extra}


def exchange(provider: str, kind: str, model: str, team: str = "mkt") -> Exchange:
    route = {CHAT: "/v1/chat/completions", RESPONSES: "/v1/responses", MESSAGES: "/v1/messages"}[kind]
    ex = Exchange(new_request_id(), provider, kind, route)
    ex.team, ex.model = team, model
    return ex


def micros(usd: float) -> int:
    return round(usd * 1_000_000)


# ------------------------------------------------------------------------------------------ the answer's tier


def test_openai_answers_say_their_tier() -> None:
    body = {"service_tier": "priority", "usage": {"prompt_tokens": 8, "completion_tokens": 1000}}
    assert (u := oai.usage_from_body(CHAT, body)) is not None and tier_of(u) == "priority"
    body["service_tier"] = "default"
    assert (u := oai.usage_from_body(CHAT, body)) is not None and tier_of(u) is None
    resp = {"service_tier": "flex", "usage": {"input_tokens": 8, "output_tokens": 1000}}
    assert (u := oai.usage_from_body(RESPONSES, resp)) is not None and tier_of(u) == "flex"
    chunk = {"object": "chat.completion.chunk", "service_tier": "priority", "choices": [],
             "usage": {"prompt_tokens": 8, "completion_tokens": 1000}}
    assert (u := oai.usage_from_event(CHAT, chunk)) is not None and tier_of(u) == "priority"
    done = {"type": "response.completed", "response": {"service_tier": "priority",
                                                       "usage": {"input_tokens": 8, "output_tokens": 1000}}}
    assert (u := oai.usage_from_event(RESPONSES, done)) is not None and tier_of(u) == "priority"


def test_anthropic_usage_says_its_inference_geo() -> None:
    body = {"type": "message", "usage": {"input_tokens": 10, "output_tokens": 1000, "inference_geo": "us"}}
    assert (u := anth.usage_from_body(MESSAGES, body)) is not None and tier_of(u) == "us"
    for geo in ("global", "not_available", None):
        body["usage"]["inference_geo"] = geo  # type: ignore[index]
        assert (u := anth.usage_from_body(MESSAGES, body)) is not None and tier_of(u) is None
    # A stream: message_start says where it ran, message_delta (the output count) does not: the merge keeps it.
    meter = StreamUsage(anth.ADAPTER, MESSAGES)
    start = {"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant", "content": [],
                                                  "usage": {"input_tokens": 10, "output_tokens": 1,
                                                            "inference_geo": "us"}}}
    delta = {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 1000}}
    for data in (start, delta):
        meter.observe(SSEEvent(encode_event(data, event=str(data["type"]))), data)
    assert meter.usage is not None and tier_of(meter.usage) == "us" and meter.usage.output_tokens == 1000


def test_an_unparsed_stream_run_keeps_the_tier() -> None:
    meter = StreamUsage(oai.ADAPTER, CHAT)
    run = (b'data: {"id":"c","object":"chat.completion.chunk","service_tier":"priority","choices":[{"index":0,'
           b'"delta":{"content":"hi"}}]}\n\ndata: {"id":"c","object":"chat.completion.chunk","service_tier":'
           b'"priority","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":1000}}\n\n')
    meter.take_run(run)
    assert meter.usage is not None and tier_of(meter.usage) == "priority"


# ------------------------------------------------------------------------------------------ the bound


def test_a_request_not_pinned_is_reserved_at_priority() -> None:
    price = Pricer().lookup("gpt-4o", "openai")
    assert price is not None
    b = request_bound("openai", CHAT, chat(), "gpt-4o")
    assert b.premium is None  # a capped team's request is pinned to `default` (`pin`): the table's price
    assert bound_micros(price, b) == -(-(b.input_tokens * 250 + b.output_tokens * 1000) // 100)
    b = tier47.with_premium(b, "priority")  # one that cannot be (an Azure provider on its route, `mode: warn`)
    assert bound_micros(price, b) == -(-(b.input_tokens * 425 + b.output_tokens * 1700) // 100)  # $4.25/$17


def test_priority_capable_models() -> None:
    for model in ("gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini", "gpt-4.1", "gpt-5", "o3", "o4-mini",
                  "ft:gpt-4o-2024-08-06:org::x"):  # (a fine-tune as its base: pinned to `default`, harmless)
        assert tier47.priority_capable(model), model
    for model in ("gpt-5-nano", "llama-3.1-70b", "prod-reasoner", None):
        assert not tier47.priority_capable(model), model


@pytest.mark.parametrize("tier", ["priority", "fast", "scale"])
def test_explicit_priority_tiers_are_refused(tier: str) -> None:
    with pytest.raises(Unbounded) as err:
        request_bound("openai", CHAT, chat(service_tier=tier), "gpt-4o")
    assert err.value.param == "service_tier" and tier in err.value.message


@pytest.mark.parametrize(("model", "geo", "premium"), [
    ("claude-opus-4-6", None, "geo"), ("claude-opus-4-6", "us", "us"), ("claude-opus-4-6", "global", None),
    ("claude-sonnet-4-6", "us", "us"), ("claude-opus-5-5", None, "geo"), ("claude-opus-4-6-20260205", "us", "us"),
    ("claude-sonnet-4-5", "us", None), ("claude-opus-4-1-20250805", None, None), ("claude-3-7-sonnet-latest", None,
                                                                                 None)])
def test_inference_geo_premium(model: str, geo: str | None, premium: str | None) -> None:
    body = msg(model) if geo is None else msg(model, inference_geo=geo)
    assert request_bound("anthropic", MESSAGES, body, model).premium == premium


def test_us_inference_is_reserved_at_1_1x() -> None:
    price = Pricer().lookup("claude-opus-4-6", "anthropic")
    assert price is not None
    b = request_bound("anthropic", MESSAGES, msg(inference_geo="us"), "claude-opus-4-6")
    assert bound_micros(price, b) == pytest.approx(bound_micros(price, replace(b, premium=None)) * 1.1, abs=2)


# ------------------------------------------------------------------------------------------ pin


@pytest.mark.parametrize(("team", "model", "extra", "kinds", "mode", "pinned", "premium"), [
    ("mkt", "gpt-4o", {}, ("openai",), "enforce", True, None),
    ("mkt", "gpt-4o-2024-08-06", {"service_tier": "auto"}, ("openai", "openai"), "enforce", True, None),
    ("mkt", "gpt-4o", {"service_tier": "flex"}, ("openai",), "enforce", False, None),
    ("mkt", "gpt-4o", {"service_tier": "default"}, ("openai",), "enforce", False, None),
    ("mkt", "gpt-4o", {}, ("openai", "azure"), "enforce", False, "priority"),  # Azure refuses unknown fields
    ("mkt", "gpt-4o", {}, ("openai",), "warn", False, "priority"),              # warn changes nothing (as clamp)
    ("free", "gpt-4o", {}, ("openai",), "enforce", False, None),          # no cap: nothing to keep
    ("mkt", "llama-3.1-70b", {}, ("openai",), "enforce", False, None),    # not an OpenAI Priority model: as sent
])
def test_pin(team: str, model: str, extra: dict[str, Any], kinds: tuple[str, ...], mode: str, pinned: bool,
             premium: str | None) -> None:
    ex = exchange("openai", CHAT, model, team)
    body = chat(model, **extra)
    assert tier47.pin(cfg(mode), ex, body, kinds) is pinned
    assert body.get("service_tier") == ("default" if pinned else extra.get("service_tier"))
    assert ex.tier_premium == premium


# ------------------------------------------------------------------------------------------ settle


async def _answer(budgets: Budgets, config: BudgetsConfig, ex: Exchange, body: dict[str, Any],
                  usage: Usage) -> BudgetHold:
    hold = await reserve_for(budgets, config, ex, body)
    assert hold is not None
    ex.usage = usage
    await settle_for(hold, ex)
    return hold


async def test_an_answer_served_at_priority_is_settled_at_priority(budgets: Budgets) -> None:
    """f03: gpt-4o, 8 + 1000 tokens: $0.01002 at the table, $0.017034 at Priority."""
    ex = exchange("openai", CHAT, "gpt-4o")
    ex.tier_premium = "priority"  # not pinned (`pin`): reserved at Priority
    await _answer(budgets, cfg(), ex, chat(), TieredUsage(input_tokens=8, output_tokens=1000, tier="priority"))
    assert ex.budget is not None and ex.budget["charged_usd"] == pytest.approx(0.017034, abs=2e-6)
    assert ex.overrun_usd is None and ex.budget["reserved_usd"] >= ex.budget["charged_usd"]
    ex = exchange("openai", CHAT, "gpt-4o")
    await _answer(budgets, cfg(), ex, chat(), Usage(input_tokens=8, output_tokens=1000))
    assert ex.budget is not None and ex.budget["charged_usd"] == pytest.approx(0.01002, abs=2e-6)


async def test_priority_past_a_table_reservation_is_an_overrun(budgets: Budgets) -> None:
    """A pinned request (`default`) the provider served at Priority all the same: settled at Priority, the
    difference recorded as an overrun (the provider broke its word)."""
    ex = exchange("openai", CHAT, "gpt-4o")
    await _answer(budgets, cfg(), ex, chat(service_tier="default"),
                  TieredUsage(input_tokens=8, output_tokens=1000, tier="priority"))
    assert ex.budget is not None and ex.budget["charged_usd"] == pytest.approx(0.017034, abs=2e-6)
    assert ex.overrun_usd is not None and ex.overrun_usd > 0


async def test_flex_is_settled_lower(budgets: Budgets) -> None:
    ex = exchange("openai", RESPONSES, "gpt-5")
    body = {"model": "gpt-5", "input": "hi", "max_output_tokens": 1000, "service_tier": "flex"}
    await _answer(budgets, cfg(), ex, body, TieredUsage(input_tokens=8, output_tokens=1000, tier="flex"))
    assert ex.budget is not None and ex.budget["charged_usd"] == pytest.approx(0.005005, abs=2e-6)  # half of $10/M


async def test_priority_without_a_table_price_is_settled_at_twice(budgets: Budgets) -> None:
    ex = exchange("openai", CHAT, "gpt-5-nano")
    usage = TieredUsage(input_tokens=0, output_tokens=1000, tier="priority")
    await _answer(budgets, cfg(), ex, chat("gpt-5-nano"), usage)
    assert ex.budget is not None and ex.budget["charged_usd"] == pytest.approx(0.0008, abs=2e-6)  # 2 x $0.40/M


async def test_a_cut_stream_reserved_at_priority_is_settled_at_priority(budgets: Budgets) -> None:
    ex = exchange("openai", CHAT, "gpt-4o")
    ex.tier_premium = "priority"
    usage = Usage(input_tokens=8, output_tokens=1000)
    ex.usage_estimated = ex.client_disconnected = True
    await _answer(budgets, cfg(), ex, chat(stream=True), usage)
    assert ex.budget is not None and ex.budget["charged_usd"] == pytest.approx(0.017034, abs=2e-6)


@pytest.mark.parametrize(("geo", "answer", "usd"), [
    ("us", "us", 0.027555), ("us", None, 0.027555), (None, "us", 0.027555), (None, None, 0.02505),
    (None, "global", 0.02505), ("global", None, 0.02505)])
async def test_us_inference_is_settled_at_1_1x(budgets: Budgets, geo: str | None, answer: str | None,
                                               usd: float) -> None:
    """f03: claude-opus-4-6, 10 + 1000 tokens: $0.02505 at the table, $0.027555 US-only."""
    ex = exchange("anthropic", MESSAGES, "claude-opus-4-6")
    body = msg() if geo is None else msg(inference_geo=geo)
    await _answer(budgets, cfg(), ex, body, tier47.with_geo(answer, Usage(input_tokens=10, output_tokens=1000)))
    assert ex.budget is not None and ex.budget["charged_usd"] == pytest.approx(usd, abs=2e-6)
    assert ex.overrun_usd is None and ex.budget["reserved_usd"] >= usd


async def test_uncapped_spend_is_priced_at_the_served_tier(budgets: Budgets) -> None:
    ex = exchange("openai", CHAT, "gpt-4o", team="free")
    hold = await reserve_for(budgets, cfg(), ex, chat())
    assert hold is not None and hold.reservation is None
    ex.usage = TieredUsage(input_tokens=8, output_tokens=1000, tier="priority")
    record_unreserved(None, hold, ex)
    assert ex.cost_usd == pytest.approx(0.017034, abs=2e-6)
