"""Texts from files through a policy's PII input rule, as `pii_fp.py` sends them (`Guard.input`, PII only).

    .venv/bin/python bench/fp_files.py FILE...            # PII-free texts: prints those altered
    .venv/bin/python bench/fp_files.py --names FILE...    # texts with a name each: prints those NOT altered

One text a line (`lang<TAB>text` allowed; `\\n` is a newline; `#` starts a comment line). The atk18 held-out sets
(`bench/data/atk18_*_holdout.txt`) and their names in the same shapes (`bench/data/atk18_names.txt`) are read so.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pii_fp import ROOT, Guard, PiiAnalyzer, altered, load_policies, pii_only  # noqa: E402


def texts_of(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t", 1)[-1].replace("\\n", "\n"))
    return out


async def main(files: list[Path], names: bool, policy_name: str) -> int:
    policy = pii_only(load_policies(ROOT / "policies").get(policy_name))
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["warm up"], ["PERSON"])
    guard = Guard(analyzer, None)
    for path in files:
        texts = texts_of(path)
        bad = await altered(guard, policy, texts)
        if names:
            hit = {t for t, _ in bad}
            missed = [t for t in texts if t not in hit]
            print(f"{path.name}: not redacted {len(missed)}/{len(texts)}")
            for t in missed:
                print(f"    {t!r}")
        else:
            print(f"{path.name}: altered {len(bad)}/{len(texts)}")
            for t, found in bad:
                print(f"    {found} in {t[:120]!r}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--names", action="store_true")
    parser.add_argument("--policy", default="default")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.files, args.names, args.policy)))
