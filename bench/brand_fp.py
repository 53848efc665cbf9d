"""False positives on brand names (atk14 tester B M1): clinical notes naming brand drugs and devices, product
tickets starting with a brand, and PII-free lines the tester found altered (L3), under a policy's input PII rule.

    .venv/bin/python bench/brand_fp.py [--policy default] [--show N] [--extra FILE ...]

Sets: `bench/data/brands_holdout_clinical.txt` and `brands_holdout_shop.txt` (held-out: written before any
tuning, never tuned on), plus any `--extra` files (one text a line). Prints, per set, how many texts the input
phase alters and the first N of them with what was found.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pii_fp import altered, pii_only, read_lines  # noqa: E402

from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT / "bench" / "data"


async def run(policy_name: str, files: list[Path], show: int) -> int:
    policy = pii_only(load_policies(ROOT / "policies").get(policy_name))
    analyzer = PiiAnalyzer(executor="inline")
    guard = Guard(analyzer, None)
    total = 0
    for path in files:
        texts = read_lines(path)
        bad = await altered(guard, policy, texts)
        total += len(bad)
        print(f"{path.name}: {len(bad)}/{len(texts)} altered")
        for text, found in bad[:show]:
            print(f"  {text!r}: {', '.join(found)}")
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policy", default="default")
    ap.add_argument("--show", type=int, default=20)
    ap.add_argument("--extra", nargs="*", type=Path, default=[])
    args = ap.parse_args()
    files = [DATA / "brands_holdout_clinical.txt", DATA / "brands_holdout_shop.txt", *args.extra]
    asyncio.run(run(args.policy, files, args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
