"""Always-thinking models on a cut stream (atk46 F02): Gemini 2.5 Pro, Grok 4 and other vendors' models that
think in hidden, billed tokens, and an Azure deployment whose free-form name hides an o-series model (its answer
says `"model": "o3-2025-04-16"`), were charged the text seen when the client left after the first chunk, not the
bound: spend passed the cap. Now the bound, as for an o-series name or a request with `reasoning_effort`."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.budget.bound import thinks
from proxy.budget.ledger import Budgets
from proxy.budget.step import reserve_for, settle_for
from proxy.config.budgets import BudgetsConfig
from proxy.exchange import Exchange, new_request_id
from proxy.providers.base import CHAT
from proxy.providers.openai import ADAPTER
from proxy.providers.sse import SSEEvent, encode_event
from proxy.stream.usage import StreamUsage

PRICES = {"gemini-2.5-pro": {"input": 1.25, "output": 10.0}, "grok-4": {"input": 3.0, "output": 15.0},
          "prod-reasoner": {"input": 2.0, "output": 8.0}, "gemini-1.5-pro": {"input": 1.25, "output": 5.0}}



def cfg() -> BudgetsConfig:
    return BudgetsConfig.model_validate({"teams": {"mkt": {"daily": 5.0}}, "prices": PRICES})


def body(model: str) -> dict[str, Any]:
    return {"model": model, "messages": [{"role": "user", "content": "hi"}], "max_tokens": 30000, "stream": True}


@pytest.mark.parametrize(("model", "yes"), [
    ("gemini-2.5-pro", True), ("gemini-2.5-flash", True), ("google/gemini-3-pro-preview", True), ("grok-4", True),
    ("grok-3-mini", True), ("deepseek-reasoner", True), ("qwq-32b", True), ("o3-2025-04-16", True),
    ("claude-sonnet-4-thinking", True), ("gemini-1.5-pro", False), ("grok-2", False), ("gpt-4o-mini", False),
    ("llama-3.1-70b", False), ("prod-reasoner", False)])
def test_always_thinking_models(model: str, yes: bool) -> None:
    assert thinks(model, "openai") is yes
    assert not thinks(model, "anthropic")  # Anthropic's models think only when the request asks


async def _cut(budgets: Budgets, model: str, answer_model: str) -> tuple[Exchange, int]:
    ex = Exchange(new_request_id(), "openai", CHAT, "/v1/chat/completions")
    ex.team, ex.model = "mkt", model
    hold = await reserve_for(budgets, cfg(), ex, body(model))
    assert hold is not None and hold.bound is not None
    meter = StreamUsage(ADAPTER, CHAT)
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": answer_model,
             "choices": [{"index": 0, "delta": {"content": "The answer is 42."}, "finish_reason": None}]}
    raw = encode_event(chunk)
    meter.observe(SSEEvent(raw), chunk)
    ex.client_disconnected = True
    ex.input_estimator = lambda: 10
    meter.apply_to(ex)
    await settle_for(hold, ex)
    return ex, hold.bound.output_tokens


@pytest.mark.parametrize(("model", "answer"), [("gemini-2.5-pro", "gemini-2.5-pro"), ("grok-4", "grok-4-0709"),
                                               ("prod-reasoner", "o3-2025-04-16")])
async def test_a_cut_stream_of_a_thinking_model_is_charged_its_bound(budgets: Budgets, model: str,
                                                                     answer: str) -> None:
    ex, bound_out = await _cut(budgets, model, answer)
    assert ex.usage is not None and ex.usage.output_tokens == bound_out == 30000
    assert ex.budget is not None and ex.budget["charged_usd"] == ex.budget["reserved_usd"]


async def test_a_cut_stream_of_another_model_is_charged_what_it_showed(budgets: Budgets) -> None:
    ex, bound_out = await _cut(budgets, "gemini-1.5-pro", "gemini-1.5-pro-002")
    assert ex.usage is not None and ex.usage.output_tokens < 100 < bound_out


def test_unparsed_runs_name_the_model() -> None:
    meter = StreamUsage(ADAPTER, CHAT)
    meter.take_run(b'data: {"id":"c","model":"o3-2025-04-16","choices":[]}\n\n')
    assert meter.model == "o3-2025-04-16"


