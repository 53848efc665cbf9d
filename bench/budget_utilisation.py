"""Budget utilisation at exhaustion: how much of a cap an ordinary chat workload gets to spend before
its first 429, with `on_exceed: block` and with `on_exceed: clamp`.

Starts the mock provider and the proxy (embedded store, budgets.yaml with a daily cap for the default
team), then sends chat completions one at a time until the first 429 and reads spend and cap from
it (`budget exceeded ...: daily spend is $S of a $C cap`). Requests go one at a time, so nothing is
in flight at the 429: the gap between spend and cap is what the reservation's bound holds back.

The workload (seeded): 1-6 turn conversations with a system prompt, messages of 40-1,500 characters
of English prose; `max_tokens` absent in 40% of requests (the bound then takes the model's output
limit: 16,384 on gpt-4o), else 256, 512 or 1,024; the mock answers with the last user message
(billed by the mock's token count, never above the bound).

    .venv/bin/python bench/budget_utilisation.py [--cap 2] [--model gpt-4o] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from overhead import free_port, http, proxy_yaml, servers  # noqa: E402

WORDS = ("the job scheduler retries each task when the first run fails and the report table is written "
         "twice so we need a lock or a queue between them and the team wants alerts on every failure "
         "before the morning review of the numbers").split()
REFUSED = re.compile(r"spend is \$([0-9.]+)(?: and \$[0-9.]+ held by requests in flight)? of a \$([0-9.]+) cap")


def prose(rng: random.Random, low: int, high: int) -> str:
    n = rng.randint(low, high)
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < n:
        out.append(rng.choice(WORDS))
    return " ".join(out).capitalize() + "."


def chat(rng: random.Random, model: str) -> dict[str, Any]:
    messages: list[dict[str, str]] = [{"role": "system", "content": prose(rng, 80, 400)}]
    for turn in range(rng.randint(1, 6)):
        if turn:
            messages.append({"role": "assistant", "content": prose(rng, 100, 1500)})
        messages.append({"role": "user", "content": prose(rng, 40, 1200)})
    body: dict[str, Any] = {"model": model, "messages": messages}
    if rng.random() >= 0.4:
        body["max_tokens"] = rng.choice((256, 512, 1024))
    return body


def run(mode: str, cap: float, model: str, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": "sk-bench"}
    with tempfile.TemporaryDirectory(prefix="gp-util-") as tmp_name, servers(Path(tmp_name)) as group:
        tmp = Path(tmp_name)
        mock_port, proxy_port = free_port(), free_port()
        mock = group.start("mock", [sys.executable, "-m", "proxy", "mock-upstream", "--port", str(mock_port)],
                           mock_port, env=env)
        group.wait_ready(mock, "/v1/models")
        config = proxy_yaml(tmp, mock_port)
        (tmp / "budgets.yaml").write_text(f"default: {{daily: {cap}, on_exceed: {mode}}}\n")
        proxy = group.start("proxy", [sys.executable, "-m", "proxy", "serve", "--config", str(config), "--port",
                                      str(proxy_port), "--log-level", "WARNING"], proxy_port, env=env)
        group.wait_ready(proxy, "/readyz")
        sent = clamped = 0
        while True:
            status, headers, data = http("POST", proxy.url + "/v1/chat/completions",
                                         json.dumps(chat(rng, model)).encode(), timeout=30)
            sent += 1
            if status == 429:
                message = json.loads(data)["error"]["message"]
                found = REFUSED.search(message)
                if found is None:
                    raise RuntimeError(f"a 429 without spend and cap: {message}")
                spent, capped = float(found[1]), float(found[2])
                return {"mode": mode, "cap_usd": capped, "spent_usd": spent, "utilisation": spent / capped,
                        "requests": sent - 1, "clamped": clamped, "left_usd": round(capped - spent, 6)}
            if status != 200:
                raise RuntimeError(f"status {status}: {data[:300]!r}")
            clamped += "x-guardrail-clamped-max-tokens" in headers
            if sent > 100_000:
                raise RuntimeError("no 429 after 100,000 requests")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cap", type=float, nargs="+", default=[2.0], help="daily caps in USD (default 2)")
    ap.add_argument("--model", default="gpt-4o")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rows = [run(mode, cap, args.model, args.seed) for cap in args.cap for mode in ("block", "clamp")]
    print("| model | cap | on_exceed | requests before the 429 | clamped | spent | utilisation | left |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {args.model} | ${r['cap_usd']:g} | {r['mode']} | {r['requests']} | {r['clamped']} | "
              f"${r['spent_usd']:.4f} | {100 * r['utilisation']:.2f}% | ${r['left_usd']:.4f} |")
    out = BENCH / "out"
    out.mkdir(exist_ok=True)
    (out / "budget_utilisation.json").write_text(json.dumps({"model": args.model, "seed": args.seed, "runs": rows},
                                                            indent=2))


if __name__ == "__main__":
    main()
