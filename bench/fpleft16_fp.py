"""PII-free text read as names that the fifteenth session's helpers left (fpleft16), and names beside the same words,
under a policy's input PII rule.

    .venv/bin/python bench/fpleft16_fp.py [--policy default] [--show N] [--free FILE ...] [--names FILE ...]

Free sets (one text a line, `# CLASS` lines start a class): how many texts the input phase alters, per class.
Names sets (`CLASS|TEXT|NAME` a line): how many keep a word of the name in what would be sent, per class.
Default: `bench/data/fpleft16_holdout.txt` and `fpleft16_names.txt` (written before the rules, never tuned on).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pii_fp import altered, names_left, pii_only  # noqa: E402

from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT / "bench" / "data"


def classed(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    cls = "-"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            cls = line.lstrip("# ").strip() or "-"
        elif line.strip():
            out[cls].append(line)
    return out


async def run(policy_name: str, free: list[Path], names: list[Path], show: int) -> None:
    policy = pii_only(load_policies(ROOT / "policies").get(policy_name))
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["Warm-up for Anna Smith."], ["PERSON"])  # loads the models outside the guard's timeout
    guard = Guard(analyzer, None)
    for path in free:
        total = bad_total = 0
        for cls, texts in classed(path).items():
            bad = await altered(guard, policy, texts)
            total += len(texts)
            bad_total += len(bad)
            print(f"{path.name} [{cls}]: {len(bad)}/{len(texts)} altered")
            for text, found in bad[:show]:
                print(f"  {text!r}: {', '.join(found)}")
        print(f"{path.name}: {bad_total}/{total} altered")
    for path in names:
        total = kept_total = 0
        for cls, lines in classed(path).items():
            cases = [(text, person.split()) for _, text, person in (line.split("|") for line in lines)]
            kept = await names_left(guard, policy, cases)
            total += len(lines)
            kept_total += len(kept)
            print(f"{path.name} [{cls}]: {len(kept)}/{len(lines)} names with a word left")
            for text, sent, left in kept[:show]:
                print(f"  {text!r} -> {sent!r} (left: {', '.join(left)})")
        print(f"{path.name}: {kept_total}/{total} names with a word left")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policy", default="default")
    ap.add_argument("--show", type=int, default=50)
    ap.add_argument("--free", nargs="*", type=Path, default=[DATA / "fpleft16_holdout.txt"])
    ap.add_argument("--names", nargs="*", type=Path, default=[DATA / "fpleft16_names.txt"])
    args = ap.parse_args()
    asyncio.run(run(args.policy, args.free, args.names, args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
