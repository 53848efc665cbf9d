"""`guardrail-proxy demo`: a mock provider and the proxy in front of it, for a first look with no key."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from aiohttp import web

from proxy.config.policy import load_policies
from proxy.config.settings import ProxyConfig, Settings


def _banner(proxy: str, mock: str) -> str:
    return f"""
guardrail-proxy demo
  proxy:          {proxy}   (single-tenant mode; decision records print below)
  mock provider:  {mock}   (OpenAI and Anthropic formats; it echoes what you say)

Try it:
  curl -s {proxy}/v1/chat/completions -H 'content-type: application/json' \\
    -d '{{"model": "gpt-4o-mini", "messages": [{{"role": "user", "content": "Hello!"}}]}}'

  python - <<'PY'
  from openai import OpenAI
  client = OpenAI(base_url="{proxy}/v1", api_key="sk-demo")
  r = client.chat.completions.create(model="gpt-4o-mini", messages=[{{"role": "user", "content": "Hello!"}}])
  print(r.choices[0].message.content)
  PY

  PII is redacted before the provider sees it, and restored in the answer you get:
  curl -s {proxy}/v1/chat/completions -H 'content-type: application/json' \
    -d '{{"model": "gpt-4o-mini", "messages": [{{"role": "user", "content": "Mail jane.doe@example.com"}}]}}'
  curl -s {mock}/_mock/requests      # what the provider received: <EMAIL_ADDRESS_1>

Press Ctrl+C to stop.
"""


async def _serve(host: str, port: int, mock_port: int) -> None:
    from proxy.app import create_app
    from proxy.mock.server import create_mock_app

    mock_runner = web.AppRunner(create_mock_app(), access_log=None)
    await mock_runner.setup()
    await web.TCPSite(mock_runner, host, mock_port).start()
    mock_url = f"http://{host}:{mock_port}"
    cfg = ProxyConfig.model_validate({
        "listen": {"host": host, "port": port},
        "providers": {"openai": {"base_url": f"{mock_url}/v1"}, "anthropic": {"base_url": mock_url}},
        "data_dir": ".guardrail/demo",
        "decision_log": {"path": "-"},
        # One PII worker, and a keyword scorer instead of a detoxify download: a first look, not production.
        "models": {"pii": {"workers": 1}, "toxicity": {"model": "keywords"}},
    })
    policies = load_policies(Path.cwd() / "policies")  # ./policies if present, else the built-in default
    settings = Settings(config_path=None, base_dir=Path.cwd(), proxy=cfg, policies=policies)
    runner = web.AppRunner(create_app(settings), access_log=None, handler_cancellation=False)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    print(_banner(f"http://{host}:{port}", mock_url), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):  # stop cleanly: the PII worker and the store go with us
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await mock_runner.cleanup()


def run_demo(host: str = "127.0.0.1", port: int = 8080, mock_port: int = 9090) -> int:
    try:
        asyncio.run(_serve(host, port, mock_port))
    except KeyboardInterrupt:
        pass
    return 0
