"""What reading `metadata` values with every message text costs (issue 12, seventh round): a value split between
`metadata` and a middle message (`call 617-555` in message 5, `{"x": "-0143"}`) is found only so.

    .venv/bin/python bench/metadata_pairs.py [--repeat 7] [--resend]

Chat requests of T messages (about 200 characters each, no values) and M `metadata` values, screened through
the input phase (`proxy.guard.phases.screen_request`) under the PII rule of the default policy's regex types and
a codename `patterns:` rule, PII analysed inline. Per (T, M): milliseconds per request with each value read with
the first and last message texts only (`_METADATA_TEXTS` 0, as before) and with every message text up to the
bound (`_METADATA_TEXTS` pairs), and the difference.
`--resend`: each request is the one before it resent with two more messages (a chat's next turn: the same
`metadata`, the history read before), timed after that one: what the pairs cost a conversation turn by turn, the
guard's caches warm (`proxy.guard.checks.patterns.joint_finds`: the rules' findings in a joint read before).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import proxy.guard.phases as phases  # noqa: E402
from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402
from proxy.providers import openai  # noqa: E402
from tests.support.pii import WordScorer  # noqa: E402

POLICY = Policy.model_validate({"name": "bench", "input": {
    "pii": {"action": "redact", "restore": True, "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                              "US_SSN", "IBAN_CODE", "IP_ADDRESS"]},
    "patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}})
WORDS = ("the deploy pipeline failed on staging because the config map was missing a key for the service and "
         "we rolled back release while the team reviewed logs dashboards alerts tickets retries build").split()


def body(rng: random.Random, n: int, m: int) -> dict[str, Any]:
    turns = [{"role": "user" if k % 2 == 0 else "assistant", "content": " ".join(rng.choice(WORDS) for _ in range(34))
              + " ok"} for k in range(n)]
    return {"model": "gpt-4o-mini", "messages": turns,
            "metadata": {f"k{j}": " ".join(rng.choice(WORDS) for _ in range(4)) for j in range(m)}}


_SEED = [0]


async def timed(guard: Guard, n: int, m: int, repeat: int) -> float:
    _SEED[0] += 1
    rng = random.Random(_SEED[0])  # new texts each time: nothing analysed before (the guard's caches)
    best = float("inf")
    for _ in range(repeat):
        b = body(rng, n, m)
        slots = openai.request_texts("chat", b)
        t0 = time.perf_counter()
        await phases.screen_request(guard, POLICY, slots)
        best = min(best, time.perf_counter() - t0)
    return best * 1000


async def timed_resend(guard: Guard, n: int, m: int, repeat: int) -> float:
    _SEED[0] += 1
    rng = random.Random(_SEED[0])
    best = float("inf")
    for _ in range(repeat):
        b = body(rng, n + 2, m)
        before = {**b, "messages": b["messages"][:n]}  # the turn before: two messages fewer
        await phases.screen_request(guard, POLICY, openai.request_texts("chat", copy.deepcopy(before)))
        slots = openai.request_texts("chat", b)
        t0 = time.perf_counter()
        await phases.screen_request(guard, POLICY, slots)
        best = min(best, time.perf_counter() - t0)
    return best * 1000


async def main_async(repeat: int, resend: bool = False) -> None:
    analyzer = PiiAnalyzer(executor="inline", workers=0)  # type: ignore[arg-type]
    await analyzer.start()
    guard = Guard(analyzer, WordScorer())
    bound = phases._METADATA_TEXTS
    run = timed_resend if resend else timed
    print(f"{'T':>4} {'M':>3} {'first/last ms':>14} {'every text ms':>14} {'extra ms':>9}"
          + ("  (resent, two messages more)" if resend else ""))
    for n in (2, 10, 40, 100):
        for m in (1, 4, 16):
            before = after = float("inf")
            for _ in range(repeat):  # interleaved, the best of each: the machine is shared
                phases._METADATA_TEXTS = 0
                before = min(before, await run(guard, n, m, 1))
                phases._METADATA_TEXTS = bound
                after = min(after, await run(guard, n, m, 1))
            print(f"{n:4} {m:3} {before:14.1f} {after:14.1f} {after - before:9.1f}", flush=True)
    await analyzer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--resend", action="store_true", help="each request the one before with two more messages")
    args = parser.parse_args()
    asyncio.run(main_async(args.repeat, args.resend))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
