"""PII-free text the name rules read as names (fp28, atk26's false positives; `proxy.nlp.fp28`) and names in the same
frames, under a policy's input PII rule.

    .venv/bin/python bench/fp28.py [--policy default] [--show N] [--extra FILE ...]

Held-out sets (written before the rules, never tuned on): `bench/data/fp28_holdout_transcripts.txt` (support-call
lines opening with a word that is a given name after a speaker's label), `fp28_holdout_cities.txt` (a city as a
noun's modifier), `fp28_holdout_imperatives.txt` (Portuguese, Spanish and Italian imperatives opening a sentence),
`fp28_holdout_terms.txt` (products, opening words, a team under an owner column): how many texts the input phase
alters; `fp28_holdout_names.tsv` (`TEXT<TAB>PART|PART...`: real names in the same frames, `Caller: Will Turner
speaking`, `the Austin Wu meeting`): how many texts keep a capitalised part of the name. `--extra`: more PII-free
files (one text a line; the tester's `fp/*.txt`). About a minute.
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
FREE = ("fp28_holdout_transcripts.txt", "fp28_holdout_cities.txt", "fp28_holdout_imperatives.txt",
        "fp28_holdout_terms.txt")
NAMES = "fp28_holdout_names.tsv"


async def run(policy_name: str, show: int, extra: list[Path]) -> None:
    policy = pii_only(load_policies(ROOT / "policies").get(policy_name))
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["Warm up."], ["PERSON"])  # the models load outside the guard's check timeout
    guard = Guard(analyzer, None)
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
