"""Everyday PII-free text read as names (atk15 M2, issue 12) and names beside the same words, under a policy's input
PII rule.

    .venv/bin/python bench/everyday_fp.py [--policy default] [--show N]

Sets: `bench/data/everyday_holdout.txt` (fpeveryday14) and `everyday_holdout15.txt` (fpeveryday15: possessive dishes,
`Battle of X`, clinical scales, capitals, rivers, place prefixes and articles, streets, plural line labels, places on
a trip; written after the rules, never tuned on): how many texts the input phase alters. `everyday_names15.txt`
(`NAME<TAB>TEXT`: real names beside those words, `Penny Lane called me`): how many keep a word of the name.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pii_fp import altered, names_left, pii_only, read_lines  # noqa: E402

from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT / "bench" / "data"
FREE = ("everyday_holdout.txt", "everyday_holdout15.txt")
NAMES = "everyday_names15.txt"


async def run(policy_name: str, show: int) -> None:
    policy = pii_only(load_policies(ROOT / "policies").get(policy_name))
    guard = Guard(PiiAnalyzer(executor="inline"), None)
    for name in FREE:
        texts = read_lines(DATA / name)
        bad = await altered(guard, policy, texts)
        print(f"{name}: {len(bad)}/{len(texts)} altered")
        for text, found in bad[:show]:
            print(f"  {text!r}: {', '.join(found)}")
    cases = [line.split("\t", 1) for line in read_lines(DATA / NAMES)]
    kept = await names_left(guard, policy, [(text, person.split()) for person, text in cases])
    print(f"{NAMES}: {len(kept)}/{len(cases)} names with a word left")
    for text, sent, left in kept[:show]:
        print(f"  {text!r} -> {sent!r} (left: {', '.join(left)})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policy", default="default")
    ap.add_argument("--show", type=int, default=50)
    args = ap.parse_args()
    asyncio.run(run(args.policy, args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
