"""Request options that raise the provider's price (atk46 F03), end to end through the official SDKs.

OpenAI serves `service_tier: "auto"` (and no `service_tier`) at the tier set in the project's settings, Priority
possibly, and says so in the answer (`"service_tier": "priority"`, billed $4.25/$17 per MTok on gpt-4o instead of
$2.50/$10); Anthropic bills US-only inference (`inference_geo: "us"`) at 1.1x on Claude Opus 4.6 and later. The proxy
forwarded both and settled at the table price: the real bill passed the reservation, with no `overrun_usd`. Now a
capped team's `auto` goes as `default`, and every answer is settled at the tier it says it was served at (whole
answers, chat chunks, Responses' `response.completed`, Anthropic's `message_start`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import anthropic
import openai
import pytest
import yaml

from proxy.store.embedded import connect
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import sse
from tests.support.redis_servers import StoreServer, make_server

NO_CHECKS = "name: default\n"
ASK = [{"role": "user", "content": "Write a long essay."}]
TABLE = 0.01002      # gpt-4o, 8 input + 1000 output tokens at $2.50/$10 per MTok
PRIORITY = 0.017034  # ... at Priority, $4.25/$17
OPUS = 0.02505       # claude-opus-4-6, 10 input + 1000 output tokens at $5/$25
OPUS_US = 0.027555   # ... US-only, 1.1x


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    server = make_server("valkey", tmp_path_factory.mktemp("tier47-store"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory, store: StoreServer) -> Proxy:
    async def flush() -> None:
        client = connect(store.url)
        await client.flushall()
        await client.aclose()
    asyncio.run(flush())
    budgets = {"timezone": "UTC", "teams": {"capped": {"daily": 50.0}, "open": {}}}
    return proxy_factory({"store": {"url": store.url}}, teams={"capped": {}, "open": {}}, start_store=True,
                         files={"budgets.yaml": yaml.safe_dump(budgets), "policies/default.yaml": NO_CHECKS})


def oai(p: Proxy, team: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys[team], max_retries=0)


def claude(p: Proxy, team: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys[team], max_retries=0)


def completion(tier: str) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-2024-08-06",
                       "service_tier": tier, "system_fingerprint": "fp_1",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"},
                                    "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 8, "completion_tokens": 1000, "total_tokens": 1008}})


def chunks(tier: str) -> str:
    head = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-2024-08-06",
            "service_tier": tier, "system_fingerprint": "fp_1"}
    return sse({**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": "ok"},
                                     "finish_reason": None}]},
               {**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
               {**head, "choices": [], "usage": {"prompt_tokens": 8, "completion_tokens": 1000, "total_tokens": 1008}},
               "[DONE]")


def message(geo: str) -> str:
    return json.dumps({"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-opus-4-6",
                       "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn", "stop_sequence": None,
                       "usage": {"input_tokens": 10, "output_tokens": 1000, "service_tier": "standard",
                                 "inference_geo": geo}})


def record(p: Proxy, raw: Any) -> dict[str, Any]:
    return p.record_for(raw.headers["x-guardrail-request-id"])


# ------------------------------------------------------------------------------------------ OpenAI


@pytest.mark.parametrize("extra", [{"service_tier": "auto"}, {}])
def test_a_capped_teams_auto_goes_as_default(mock: Mock, proxy: Proxy, extra: dict[str, Any]) -> None:
    mock.script(raw_body=completion("default"))
    raw = oai(proxy, "capped").chat.completions.with_raw_response.create(model="gpt-4o", messages=ASK,  # type: ignore[call-overload]
                                                                          max_tokens=1000, **extra)
    assert raw.parse().service_tier == "default"
    assert mock.last_body["service_tier"] == "default"
    rec = record(proxy, raw)
    assert rec["budget"]["charged_usd"] == pytest.approx(TABLE, abs=2e-6)
    assert rec["budget"]["charged_usd"] <= rec["budget"]["reserved_usd"]


def test_a_priority_answer_is_settled_at_priority(mock: Mock, proxy: Proxy) -> None:
    """f03 as found: the answer says `priority` (here the provider ignored the pin): charged Priority, and the
    excess over the reservation is an overrun on record."""
    mock.script(raw_body=completion("priority"))
    raw = oai(proxy, "capped").chat.completions.with_raw_response.create(
        model="gpt-4o", messages=ASK, max_tokens=1000, service_tier="auto")
    assert raw.parse().service_tier == "priority"
    rec = record(proxy, raw)
    assert rec["budget"]["charged_usd"] == pytest.approx(PRIORITY, abs=2e-6)
    assert rec["overrun_usd"] == pytest.approx(PRIORITY - rec["budget"]["reserved_usd"], abs=2e-6)


def test_a_priority_stream_is_settled_at_priority(mock: Mock, proxy: Proxy) -> None:
    mock.script(raw_sse=chunks("priority"))
    raw = oai(proxy, "capped").chat.completions.with_raw_response.create(
        model="gpt-4o", messages=ASK, max_tokens=1000, stream=True)
    pieces = list(raw.parse())
    assert pieces and all(c.service_tier == "priority" for c in pieces)
    assert mock.last_body["service_tier"] == "default"
    rec = record(proxy, raw)
    assert rec["budget"]["charged_usd"] == pytest.approx(PRIORITY, abs=2e-6) and rec["overrun_usd"] > 0


def test_an_uncapped_teams_spend_is_priced_at_the_served_tier(mock: Mock, proxy: Proxy) -> None:
    mock.script(raw_body=completion("priority"))
    raw = oai(proxy, "open").chat.completions.with_raw_response.create(model="gpt-4o", messages=ASK,
                                                                        max_tokens=1000)
    assert "service_tier" not in mock.last_body  # no cap: sent as the client wrote it
    assert record(proxy, raw)["cost_usd"] == pytest.approx(PRIORITY, abs=2e-6)


def test_a_responses_stream_is_settled_at_its_tier(mock: Mock, proxy: Proxy) -> None:
    base = {"id": "resp_1", "object": "response", "created_at": 1, "model": "gpt-4o-2024-08-06"}
    text = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": "ok", "annotations": []}]}
    events = [{"type": "response.created", "response": {**base, "status": "in_progress", "output": []}},
              {"type": "response.output_item.added", "output_index": 0, "item": {**text, "status": "in_progress",
                                                                                   "content": []}},
              {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0,
               "delta": "ok"},
              {"type": "response.output_item.done", "output_index": 0, "item": text},
              {"type": "response.completed", "response": {
                  **base, "status": "completed", "output": [text], "service_tier": "priority",
                  "usage": {"input_tokens": 8, "output_tokens": 1000, "total_tokens": 1008}}}]
    for n, ev in enumerate(events):
        ev["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    raw = oai(proxy, "open").responses.with_raw_response.create(model="gpt-4o", input="Write a long essay.",
                                                                max_output_tokens=1000, stream=True)
    done = [e for e in raw.parse() if e.type == "response.completed"]
    assert done and done[0].response.service_tier == "priority"
    assert record(proxy, raw)["cost_usd"] == pytest.approx(PRIORITY, abs=2e-6)


@pytest.mark.parametrize("tier", ["priority", "fast"])
def test_explicit_priority_is_refused_for_a_capped_team(mock: Mock, proxy: Proxy, tier: str) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        oai(proxy, "capped").chat.completions.create(model="gpt-4o", messages=ASK, max_tokens=10,
                                                     service_tier=tier)  # type: ignore[arg-type]
    assert "service_tier" in str(err.value)
    assert mock.state.requests == []


# ------------------------------------------------------------------------------------------ Anthropic


@pytest.mark.parametrize(("geo", "answer", "usd"), [("us", "us", OPUS_US), (None, "us", OPUS_US),
                                                    ("global", "global", OPUS)])
def test_us_inference_is_settled_at_1_1x(mock: Mock, proxy: Proxy, geo: str | None, answer: str,
                                         usd: float) -> None:
    mock.script(raw_body=message(answer))
    extra = {} if geo is None else {"inference_geo": geo}
    raw = claude(proxy, "capped").messages.with_raw_response.create(model="claude-opus-4-6", max_tokens=1000,
                                                                    messages=ASK, **extra)  # type: ignore[arg-type]
    assert raw.parse().usage.inference_geo == answer
    assert mock.last_body.get("inference_geo") == geo  # as sent: where it runs is the client's choice
    rec = record(proxy, raw)
    assert rec["budget"]["charged_usd"] == pytest.approx(usd, abs=2e-6)
    assert rec["budget"]["charged_usd"] <= rec["budget"]["reserved_usd"]
    assert "overrun_usd" not in rec


def test_a_us_stream_is_settled_at_1_1x(mock: Mock, proxy: Proxy) -> None:
    start = {"type": "message_start", "message": {
        "id": "msg_01", "type": "message", "role": "assistant", "model": "claude-opus-4-6", "content": [],
        "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 1, "service_tier": "standard", "inference_geo": "us"}}}
    events = [start, {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
              {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "ok"}},
              {"type": "content_block_stop", "index": 0},
              {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
               "usage": {"output_tokens": 1000}},
              {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    raw = claude(proxy, "capped").messages.with_raw_response.create(
        model="claude-opus-4-6", max_tokens=1000, messages=ASK, inference_geo="us", stream=True)
    list(raw.parse())
    rec = record(proxy, raw)
    assert rec["budget"]["charged_usd"] == pytest.approx(OPUS_US, abs=2e-6)
    assert rec["budget"]["charged_usd"] <= rec["budget"]["reserved_usd"]
    assert "overrun_usd" not in rec
