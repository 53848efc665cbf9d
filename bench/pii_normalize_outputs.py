"""The PII check's outputs on `bench/pii_normalize.py`'s inputs, to compare two trees: a change that only makes the
normalised view or the joined analysis cheaper must leave them identical.

    .venv/bin/python bench/pii_normalize_outputs.py /tmp/after.json [--n 100]
    (cd /tmp/before && PYTHONPATH=$PWD .venv/bin/python bench/pii_normalize_outputs.py /tmp/before.json)
    cmp /tmp/before.json /tmp/after.json

Per request (`--n` of each scenario: prose and names 200 / 2,000, the chat turn, the chat turn with names,
obfuscated 2,000), arm B as shipped
(`Guard.input`, the default policy's input PII rule, analysis inline): the decision, the texts sent on and the
records without timings, as JSON. Exit status 1 with `--against FILE` when they differ from that file's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pii_latency import corpus, prose, text_of  # noqa: E402
from bench.pii_normalize import named_turn, obfuscate  # noqa: E402
from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402


def requests(n: int) -> list[list[str]]:
    sources = {"prose": prose(), "names": corpus()}
    out = [[text_of(sources[kind], size, 9000 + s)] for kind in ("prose", "names") for size in (200, 2000)
           for s in range(n)]
    for s in range(n):
        call = f" Call +1 212-555-{s % 10000:04d}."
        history = [text_of(sources["prose"], 500, 100 * s + t) + call for t in range(20)]
        out.append([*history, text_of(sources["prose"], 300, 100 * s + 99)])
    for s in range(n):  # the chat turn with names (`bench/pii_normalize.py`): the cross-text pass's inputs
        out.append(named_turn(sources, s)[1])
    return out + [[obfuscate(text_of(sources["prose"], 2000, 7000 + s))] for s in range(n)]


async def outputs(n: int) -> list[dict[str, Any]]:
    policy = load_policies(ROOT / "policies").get("default")
    policy = policy.model_copy(update={"input": policy.input.model_copy(
        update={"toxicity": None, "bias": None, "patterns": [], "secrets": None})})
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.start()
    guard = Guard(analyzer, None)
    out = []
    for texts in requests(n):
        verdict = await guard.input(policy, texts)
        records = [{k: v for k, v in r.items() if not k.endswith("ms") and "time" not in k} for r in verdict.records]
        out.append({"decision": verdict.decision, "texts": verdict.texts, "block": verdict.block_check,
                    "records": records})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="JSON file to write")
    parser.add_argument("--n", type=int, default=100, help="requests per scenario")
    parser.add_argument("--against", help="a file an earlier run wrote: exit 1 when the outputs differ")
    args = parser.parse_args()
    found = asyncio.run(outputs(args.n))
    Path(args.out).write_text(json.dumps(found, indent=0, sort_keys=True, default=repr))
    print(f"{len(found)} requests, {sum(r['decision'] != 'allow' for r in found)} altered")
    if args.against:
        same = json.loads(Path(args.against).read_text()) == json.loads(Path(args.out).read_text())
        print("identical" if same else "DIFFERENT")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
