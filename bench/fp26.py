"""PII-free text the name rules read as names (fp26, atk25's false positives; `proxy.nlp.everyday26`) and names with
particles or beside the same words, under a policy's input PII rule.

    .venv/bin/python bench/fp26.py [--policy default] [--show N] [--extra FILE ...]

Held-out sets (written before the rules, never tuned on): `bench/data/fp26_holdout_particles.txt` (a department or a
body after `von der`, `de la`, `przez`...), `fp26_holdout_tools.txt` (a tool as the subject of a verb),
`fp26_holdout_terms.txt` (title-case terms, opening words, identifiers of code): how many texts the input phase
alters; `fp26_holdout_names.tsv` (`TEXT<TAB>PART|PART...`: names with particles, people in a tool's frame, names
beside the terms' words): how many texts keep a capitalised part of the name. `--extra`: more PII-free files (one
text a line; the tester's `fp/*.txt`). About a minute.
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
FREE = ("fp26_holdout_particles.txt", "fp26_holdout_tools.txt", "fp26_holdout_terms.txt")
NAMES = "fp26_holdout_names.tsv"


async def run(policy_name: str, show: int, extra: list[Path]) -> None:
    policy = pii_only(load_policies(ROOT / "policies").get(policy_name))
    guard = Guard(PiiAnalyzer(executor="inline"), None)
    for path in [DATA / name for name in FREE] + extra:
        texts = read_lines(path)
        bad = await altered(guard, policy, texts)
        print(f"{path.name}: {len(bad)}/{len(texts)} altered")
        for text, found in bad[:show]:
            print(f"  {text!r}: {', '.join(found)}")
    cases = [line.split("\t", 1) for line in read_lines(DATA / NAMES)]
    kept = await names_left(guard, policy, [(text, [p for p in parts.split("|") if p[:1].isupper()])
                                            for text, parts in cases])
    print(f"{NAMES}: {len(kept)}/{len(cases)} names with a part left")
    for text, sent, left in kept[:show]:
        print(f"  {text!r} -> {sent!r} (left: {', '.join(left)})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policy", default="default")
    ap.add_argument("--show", type=int, default=50)
    ap.add_argument("--extra", type=Path, nargs="*", default=[])
    args = ap.parse_args()
    asyncio.run(run(args.policy, args.show, args.extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
