"""atk49 F01 end to end: a stream that lasts longer than its reservation's lifetime (`limits.reservation_ttl_s`,
3 s here) keeps its money while it runs: a second request that does not fit beside it gets 429 all along,
and the day's spend never passes the cap. The openai SDK through a real proxy on Valkey and redis-server."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import openai
import pytest

from proxy.store.embedded import connect
from tests.conftest import Mock, ProxyFactory
from tests.e2e.test_budget import MODEL, MSGS, _budgets_yaml, _status, store  # noqa: F401 - fixture
from tests.support.redis_servers import StoreServer

LIFETIME_S = 3


async def _flush(store: StoreServer) -> None:  # noqa: F811
    client = connect(store.url)
    await client.flushall()
    await client.aclose()


def test_a_stream_longer_than_its_reservation_keeps_its_money(mock: Mock, proxy_factory: ProxyFactory,
                                                              store: StoreServer) -> None:  # noqa: F811
    # team-model: $1 / 1k input, $2 / 1k output. A's bound (200 output tokens + input) is $0.564 of
    # the $0.8 day: any second request of that size fits only once A's reservation is gone.
    asyncio.run(_flush(store))
    p = proxy_factory({"store": {"url": store.url}, "limits": {"reservation_ttl_s": LIFETIME_S}},
                      teams={"marketing": {}}, start_store=True,
                      files={"budgets.yaml": _budgets_yaml(marketing={"daily": 0.8})})
    key = p.keys["marketing"]
    # A: 40 chunks 0.2 s apart (8 s, under any between-chunk timeout), billed 150 output tokens.
    mock.script(text="word " * 40, chunk_chars=5, chunk_delay_ms=200, usage={"input_tokens": 10, "output_tokens": 150})
    out: dict[str, Any] = {}

    def stream_a() -> None:
        client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=key, max_retries=0)
        stream = client.chat.completions.create(model=MODEL, messages=MSGS, stream=True, max_tokens=200)
        out["chunks"] = list(stream)
        out["id"] = stream.response.headers["x-guardrail-request-id"]
        out["done"] = time.monotonic()

    a = threading.Thread(target=stream_a)
    start = time.monotonic()
    a.start()
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=key, max_retries=0)
    refused = 0
    time.sleep(1.0)
    while time.monotonic() - start < 7.0 and a.is_alive():
        mock.script(text="ok", usage={"input_tokens": 10, "output_tokens": 150})
        try:
            client.chat.completions.create(model=MODEL, messages=MSGS, max_tokens=200)
        except openai.RateLimitError as exc:
            assert exc.body["code"] == "budget_exceeded"
            refused += 1
        else:
            pytest.fail(f"a request was let in {time.monotonic() - start:.1f} s into A's stream: its money was freed")
        time.sleep(0.7)
    a.join(timeout=30)
    assert "done" in out and out["done"] - start > 2 * LIFETIME_S, "A outlived its reservation's lifetime"
    assert refused >= 5
    rec = p.record_for(out["id"])
    assert rec["cost_usd"] == pytest.approx(0.31)
    daily = _status(store, p, "marketing")["daily"]
    assert daily["spent_usd"] == pytest.approx(0.31) and daily["spent_usd"] <= 0.8
    assert daily["reserved_usd"] == 0
