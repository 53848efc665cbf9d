"""What the per-entity operators add to a request on top of detection.

    .venv/bin/python bench/operators.py [--requests 400] [--rounds 3] [--policy FILE] [--json]

One request = `Guard.input` over a ~1 KB chat prompt (a system prompt and a user message) with six
values: a name, an e-mail address, a phone number, a card number, an SSN and an IP address. The
analysis is cached after the first call (as the proxy's PII cache does for a conversation's history),
so what is left per request is the decision, the vault and the rewrite through presidio-anonymizer
(the rewrite runs in the anonymizer's threads, so the thread hand-off is counted too).

Variants, same entity types:
- flag: detection only, nothing rewritten (the baseline);
- placeholder: `<TYPE_N>` for every value (the behaviour before operators);
- every operator: synthesize, placeholder, mask, hash, encrypt, synthesize (one type each);
- one operator for all six types (synthesize, mask, hash, encrypt);
- `--policy FILE`: also a policy file of yours (its input pii rule, on the same prompt).
Added = median(variant) - median(flag), per request, in wall-clock p50 and in the process's CPU time
per request (all threads: independent of the machine's other load); the target is under 0.5 ms.
A fresh vault per request, so fakes and ciphertexts are made anew each time. 2 shared cores: the
machine's other load moves the numbers; rounds are interleaved and the median of round medians is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("GUARDRAIL_PII_SALT", "bench-salt-0123456789abcdef")
os.environ.setdefault("GUARDRAIL_PII_KEY", "0123456789abcdef0123456789abcdef")

from proxy.config.policy import Policy, load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IP_ADDRESS"]
SYSTEM = ("You are a support assistant for an online shop. Answer briefly and politely, never promise refunds "
          "you cannot grant, and ask for an order number when one is missing. ")
USER = ("Hello, my name is Margaret Hamilton and I ordered a standing desk three weeks ago. It still has not "
        "arrived and the tracking page has shown the same status for ten days. You can reach me at "
        "margaret.hamilton@example.com or on (212) 555-0142 during office hours. I paid with the card "
        "4111 1111 1111 1111; your colleague asked for my SSN 536-90-4399 to verify the account, which I found "
        "odd. The order was placed from 203.0.113.77 if that helps. Could you tell me where the parcel is, "
        "whether I can still cancel, and how long a refund would take? Thank you for your help.")


def variants() -> dict[str, dict[str, Any]]:
    def rule(action: str, operators: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"input": {"pii": {"action": action, "entities": ENTITIES, "operators": operators or {}}}}

    every = {"PERSON": {"type": "synthesize"}, "EMAIL_ADDRESS": {"type": "synthesize"},
             "PHONE_NUMBER": {"type": "placeholder"}, "CREDIT_CARD": {"type": "mask", "chars_to_mask": 12},
             "US_SSN": {"type": "hash"}, "IP_ADDRESS": {"type": "encrypt"}}
    out = {"flag (detection only)": rule("flag"), "placeholder": rule("redact"),
           "every operator": rule("redact", every)}
    for op in ("synthesize", "mask", "hash", "encrypt"):
        out[f"{op} x6"] = rule("redact", {e: {"type": op} for e in ENTITIES})
    return out


async def time_policy(guard: Guard, policy: Policy, n: int) -> tuple[list[float], float]:
    """Wall-clock ms per request, and the process's CPU ms per request (all its threads)."""
    texts, roles = [SYSTEM, USER], ["system", "user"]
    await guard.input(policy, texts, roles, team="bench")  # analysis cached from here on
    times = []
    cpu0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        verdict = await guard.input(policy, texts, roles, team="bench")
        times.append((time.perf_counter() - t0) * 1000)
        assert verdict.decision in ("flag", "redact", "block")  # block: nothing is rewritten (your policy)
    return times, (time.process_time() - cpu0) * 1000 / n


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    policies = {name: Policy.model_validate(spec) for name, spec in variants().items()}
    if args.policy:
        path = Path(args.policy)
        own = load_policies(path.parent).get(path.stem)
        assert own.input.pii is not None, "that policy has no input pii rule"
        policies[f"{path.stem} (yours)"] = Policy(input=own.input.model_copy(
            update={"toxicity": None, "bias": None, "secrets": None, "patterns": []}))
    analyzer = PiiAnalyzer(executor="inline")
    guard = Guard(analyzer, None)
    await guard.start()
    rounds: dict[str, list[list[float]]] = {name: [] for name in policies}
    cpu: dict[str, list[float]] = {name: [] for name in policies}
    for _ in range(args.rounds):
        for name, policy in policies.items():
            times, cpu_ms = await time_policy(guard, policy, args.requests)
            rounds[name].append(times)
            cpu[name].append(cpu_ms)
    result: dict[str, Any] = {"requests": args.requests, "rounds": args.rounds, "chars": len(SYSTEM) + len(USER),
                              "values": len(ENTITIES), "variants": {}}
    for name, runs in rounds.items():
        medians = [statistics.median(r) for r in runs]
        p99s = [sorted(r)[int(len(r) * 0.99) - 1] for r in runs]
        result["variants"][name] = {"p50_ms": statistics.median(medians), "p99_ms": statistics.median(p99s),
                                    "cpu_ms": statistics.median(cpu[name])}
    base = result["variants"]["flag (detection only)"]
    for v in result["variants"].values():
        v["added_ms"] = v["p50_ms"] - base["p50_ms"]
        v["added_cpu_ms"] = v["cpu_ms"] - base["cpu_ms"]
    await guard.close()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--policy", help="a policy file: its input pii rule is timed too")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['chars']} characters, {result['values']} values, {result['requests']} requests x "
          f"{result['rounds']} rounds (detection cached)")
    print(f"{'variant':<24} {'p50 ms':>8} {'p99 ms':>8} {'added p50':>10} {'CPU ms':>8} {'added CPU':>10}")
    for name, v in result["variants"].items():
        print(f"{name:<24} {v['p50_ms']:>8.3f} {v['p99_ms']:>8.3f} {v['added_ms']:>10.3f} {v['cpu_ms']:>8.3f} "
              f"{v['added_cpu_ms']:>10.3f}")
    worst = max(v["added_ms"] for v in result["variants"].values())
    worst_cpu = max(v["added_cpu_ms"] for v in result["variants"].values())
    print(f"most added: {worst:.3f} ms p50, {worst_cpu:.3f} ms CPU per request (target < 0.5 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
