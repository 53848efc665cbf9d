"""Fallback load generator for bench/overhead.py when `wrk` is not installed.

Closed loop, like wrk: `-c` keep-alive connections, each sending the next POST as soon as the last
answer is read. Prints the same `BENCH_RESULT {json}` line as bench/wrk_post.lua. It is Python, so
it spends more of the shared CPU than wrk does: compare ratios within one run, not absolute figures.

    BENCH_BODY_FILE=body.json python bench/loadgen.py -c 64 -d 8 http://127.0.0.1:8080/v1/chat/completions
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path

import aiohttp

HEADERS = {"Content-Type": "application/json", "Authorization": "Bearer sk-bench"}


async def _worker(session: aiohttp.ClientSession, url: str, body: bytes, stop_at: float,
                  latencies: list[float], errors: dict[str, int], sizes: list[int]) -> None:
    while time.perf_counter() < stop_at:
        t0 = time.perf_counter()
        try:
            async with session.post(url, data=body, headers=HEADERS) as resp:
                data = await resp.read()
        except TimeoutError:
            errors["timeout"] += 1
            continue
        except aiohttp.ClientError:
            errors["read"] += 1
            continue
        if resp.status >= 400:
            errors["status"] += 1
        latencies.append(time.perf_counter() - t0)
        sizes.append(len(data))


def _percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


async def run(url: str, connections: int, duration: float, body: bytes) -> dict[str, object]:
    latencies: list[float] = []
    sizes: list[int] = []
    errors = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=10)) as session:
        start = time.perf_counter()
        stop_at = start + duration
        await asyncio.gather(*(_worker(session, url, body, stop_at, latencies, errors, sizes)
                               for _ in range(connections)))
        elapsed = time.perf_counter() - start
    lat = sorted(latencies)
    us = 1e6
    return {
        "requests": len(lat), "duration_us": int(elapsed * us), "bytes": sum(sizes),
        "p50_us": int(_percentile(lat, 50) * us), "p90_us": int(_percentile(lat, 90) * us),
        "p99_us": int(_percentile(lat, 99) * us), "mean_us": (sum(lat) / len(lat) * us) if lat else 0.0,
        "max_us": int((lat[-1] if lat else 0.0) * us), "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--connections", type=int, default=1)
    parser.add_argument("-d", "--duration", type=float, default=8.0, help="seconds")
    parser.add_argument("url")
    args = parser.parse_args()
    body = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    result = asyncio.run(run(args.url, args.connections, args.duration, body))
    print("BENCH_RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
