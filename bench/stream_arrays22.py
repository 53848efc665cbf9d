"""fields22: phone numbers and SSNs given as arrays of numbers beside a word that names them, streamed as a chat tool
call's arguments (7-character chunks) and read whole, under `policies/default.yaml`'s output rule. Held out (keys
and shapes written apart from `tests/guard/test_stream_arrays22.py`). Counts values whose digits went out as sent
(any element) and values whose array came out with another length than it went in, streamed and whole.

    PYTHONPATH=$PWD .venv/bin/python bench/stream_arrays22.py
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHANNEL = "choice:0:tool:0:arguments"
SHAPES = [lambda d: {"phone": "", "values": [int(d[:3]), int(d[3:6]), d[6:]]},
          lambda d: {"type": "mobile", "digits": [int(c) for c in d]},
          lambda d: {"contact_phone": [int(d[:3]), int(d[3:6]), d[6:]]},
          lambda d: {"label": "Phones:", "nums": [int(c) for c in d], "n": 1},
          lambda d: {"cell": [int(c) for c in d]},
          lambda d: {"phone": "", "groups": [d[:3], d[3:6], d[6:]]}]


def _phone(rng: random.Random) -> str:
    import phonenumbers

    while True:
        d = f"{rng.choice([212, 312, 415, 617, 646, 718, 818, 303, 206, 512])}{rng.randint(200, 999)}" \
            f"{rng.randint(1000, 9999)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(d, "US")):
            return d


def _array(obj: dict[str, Any]) -> list[Any]:
    return next(v for v in obj.values() if isinstance(v, list))


async def main() -> int:
    from proxy.config.policy import Policy
    from proxy.guard.engine import Guard
    from proxy.guard.phases import screen_answer
    from proxy.nlp.pii import PiiAnalyzer
    from proxy.providers.base import TextSlot

    policy = Policy.model_validate({"name": "bench", "output": {"pii": {
        "action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]}}})
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["warm up"], ["PHONE_NUMBER"])
    guard = Guard(analyzer, None)
    rng = random.Random(22)
    counts = {f"{how} {what}": 0 for how in ("streamed", "whole") for what in ("leaked", "reshaped", "invalid JSON")}
    shown: list[str] = []
    cases = [SHAPES[n % len(SHAPES)](_phone(rng)) for n in range(24)]
    for obj in cases:
        args = json.dumps(obj)
        stream = guard.output_stream(policy)
        out = ""
        for i in range(0, len(args), 7):
            out += await stream.feed(CHANNEL, args[i:i + 7], True, group="choice:0")
        out += "".join(t for _, t in stream.take_spill() + await stream.end_group("choice:0"))
        holder = {"arguments": args}
        await screen_answer(guard, policy, [TextSlot(holder, "arguments", "assistant", "tool_arguments", CHANNEL,
                                                     is_json=True)], None)
        for how, text in (("streamed", out), ("whole", holder["arguments"])):
            try:
                got = _array(json.loads(text))
            except ValueError:
                counts[f"{how} invalid JSON"] += 1
                shown.append(f"{args} -> {text}")
                continue
            sent = _array(obj)
            if any(a == b for a, b in zip(got, sent, strict=False)):
                counts[f"{how} leaked"] += 1
            if len(got) != len(sent):
                counts[f"{how} reshaped"] += 1
    for k, v in counts.items():
        print(f"{k:24} {v:3}/{len(cases)}")
    for line in shown[:5]:
        print("   ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
