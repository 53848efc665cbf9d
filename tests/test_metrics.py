"""/metrics after real traffic: the series exist and count exactly what happened."""

from __future__ import annotations

import asyncio
import re

import aiohttp
import openai

from tests.conftest import Mock, ProxyFactory

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "one two three"}]}


def _scrape(url: str) -> str:
    async def go() -> str:
        async with aiohttp.ClientSession() as s, s.get(f"{url}/metrics") as r:
            assert r.status == 200 and r.headers["Content-Type"].startswith("text/plain")
            return await r.text()
    return asyncio.run(go())


def _value(text: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.M)
    assert match, f"series {series} not found"
    return float(match.group(1))


def test_metrics_count_real_traffic(mock: Mock, proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(teams={"marketing": {}})
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["marketing"], max_retries=0)
    for _ in range(3):
        client.chat.completions.create(**CHAT)
    list(client.chat.completions.create(**CHAT, stream=True))
    bad = openai.OpenAI(base_url=f"{p.url}/v1", api_key="gp-nope", max_retries=0)
    try:
        bad.chat.completions.create(**CHAT)
    except openai.AuthenticationError:
        pass
    for _ in range(50):  # the stream's exchange is recorded after its last byte
        text = _scrape(p.url)
        if 'guardrail_tokens_total{direction="output",team="marketing"}' in text and _value(
                text, 'guardrail_requests_total{decision="allow",route="/v1/chat/completions",status="200",'
                      'team="marketing"}') == 4:
            break
    ok = 'guardrail_requests_total{decision="allow",route="/v1/chat/completions",status="200",team="marketing"}'
    assert _value(text, ok) == 4
    assert _value(text, 'guardrail_requests_total{decision="block",route="/v1/chat/completions",status="401",'
                        'team=""}') == 1
    assert _value(text, 'guardrail_upstream_duration_seconds_count{provider="openai"}') == 4
    # The mock counts 3 input tokens per request ("one two three") and echoes them back.
    assert _value(text, 'guardrail_tokens_total{direction="input",team="marketing"}') == 4 * 3
    assert _value(text, 'guardrail_tokens_total{direction="output",team="marketing"}') > 0
