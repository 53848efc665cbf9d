"""What model routing costs per request, in CPU: route resolution for N routes, and the whole routing step
of the flow (resolve, order by health, address the provider, build its headers) against what the flow did
before named providers (one URL and one header set for the format's single provider).

No server: the functions the request path calls, timed in a loop with `time.process_time_ns` (CPU of this
process only, so other jobs on the machine disturb it less than wall time). Each figure is the median of
`--repeat` runs of `--iterations` calls. Noisy on a shared machine: compare within one run.

    .venv/bin/python bench/routing.py                      # N = 1, 10, 100, 1000 routes
    .venv/bin/python bench/routing.py --routes 50 --iterations 200000
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from multidict import CIMultiDict

from proxy.config.settings import ProxyConfig, Settings, TeamsConfig
from proxy.edge import upstream
from proxy.edge.health import ProviderHealth
from proxy.edge.routing import Router
from proxy.flow import _upstream_headers
from proxy.providers.openai import ADAPTER as OPENAI

CLIENT_HEADERS = CIMultiDict({
    "Authorization": "Bearer gp-0123456789abcdef0123456789abcdef", "Content-Type": "application/json",
    "Accept": "application/json", "User-Agent": "OpenAI/Python 1.57.0", "X-Stainless-Lang": "python",
    "X-Stainless-Package-Version": "1.57.0", "X-Stainless-Retry-Count": "0", "Host": "127.0.0.1:8080",
    "Content-Length": "912", "Connection": "keep-alive", "Accept-Encoding": "gzip, deflate",
})
ENV = {"OPENAI_API_KEY": "sk-proxy", "LOCAL_KEY": "sk-local", "AZURE_KEY": "az-key"}


def config(n: int) -> ProxyConfig:
    """N routes: N-1 to distinct families (`fam{i}-*`, two globs each) and a last one with a fallback."""
    providers: dict[str, Any] = {
        "local": {"kind": "openai", "base_url": "http://vllm:8000/v1", "api_key_env": "LOCAL_KEY"},
        "azure-eu": {"kind": "azure", "base_url": "https://myorg.openai.azure.com", "api_key_env": "AZURE_KEY",
                     "api_version": "2024-10-21"},
    }
    routes: list[dict[str, Any]] = [{"models": [f"fam{i}-*", f"alt{i}?x"], "provider": "local"}
                                    for i in range(n - 1)]
    routes.append({"models": ["gpt-4o*"], "provider": "openai", "fallback": ["azure-eu"]})
    return ProxyConfig.model_validate({"providers": providers, "routes": routes})


def timed(fn: Callable[[], Any], iterations: int, repeat: int) -> float:
    """Median CPU µs per call."""
    runs = []
    for _ in range(repeat):
        t0 = time.process_time_ns()
        for _ in range(iterations):
            fn()
        runs.append((time.process_time_ns() - t0) / iterations / 1000)
    return statistics.median(runs)


def measure(n: int, iterations: int, repeat: int) -> dict[str, float]:
    proxy = config(n)
    settings = Settings(None, __import__("pathlib").Path("."), proxy, TeamsConfig())
    router = Router(proxy)
    health = ProviderHealth()
    health.ok("openai", "200")
    model = "gpt-4o-mini"  # matches the LAST route: the regex tries every route before it

    def miss() -> Any:
        return router._resolve("openai", model, False)

    def hit() -> Any:
        return router.chain("openai", model)

    def step() -> Any:  # the flow's routing work for one request (one attempt)
        chain = router.chain("openai", model)
        plan = health.order(chain)[:3]
        target = router.targets[plan[0]]
        headers = _upstream_headers(settings, ENV, CLIENT_HEADERS, router, target, "openai", False)
        headers["Content-Type"] = "application/json"
        return target.url("chat", model, "/v1/chat/completions", "", azure_client=False), headers

    def before() -> Any:  # what the flow did before: the single provider's URL and headers
        headers = upstream.upstream_headers(CLIENT_HEADERS, upstream.provider_auth(settings, ENV, OPENAI))
        headers["Content-Type"] = "application/json"
        return upstream.upstream_url(settings, OPENAI, "/v1/chat/completions", ""), headers

    out = {"resolve_uncached_us": timed(miss, iterations, repeat), "resolve_cached_us": timed(hit, iterations, repeat),
           "step_us": timed(step, iterations, repeat), "before_us": timed(before, iterations, repeat)}
    out["added_us"] = out["step_us"] - out["before_us"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--routes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--iterations", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| routes | resolve, uncached (µs) | resolve, cached (µs) | routing step (µs) | before (µs) | added (µs) |")
    print("|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    for n in args.routes:
        r = measure(n, args.iterations, args.repeat)
        worst = max(worst, r["added_us"], r["resolve_uncached_us"])
        print(f"| {n} | {r['resolve_uncached_us']:.2f} | {r['resolve_cached_us']:.2f} | {r['step_us']:.2f} | "
              f"{r['before_us']:.2f} | {r['added_us']:.2f} |")
    print(f"\ntarget: routing adds under 20 µs of CPU per request; worst here {worst:.2f} µs "
          f"({'met' if worst < 20 else 'MISSED'})")


if __name__ == "__main__":
    main()
