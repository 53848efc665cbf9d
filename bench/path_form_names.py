"""Person names glued to a file's extension after a space, to a path's separator, and to a form body's `&`
(atk16 A HIGH-2, HIGH-3, MEDIUM-3), on a held-out set.

    .venv/bin/python bench/path_form_names.py [--policy default] [--show N]

Every text goes through the guard's input phase exactly as a request would (`Guard.input`, the policy's PII rule
only), as `bench/file_name_names.py` does:
- `bench/data/path_form_names_heldout.txt` (22 texts per class: `Resume Grace Murphy.pdf`, `C:\\Users\\Name\\...`,
  `customer=Name&order=1`): a name counts as missed when any of its words is left in the text sent;
- `bench/data/path_form_non_names_heldout.txt` (paths, file names and form bodies without a name): a text the guard
  changes is a false positive.
Both sets were written after the rules (`proxy.nlp.paths`, `proxy.nlp.normalize._form_body_amps`), never tuned on.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.file_name_names import rows  # noqa: E402
from bench.pii_fp import altered, pii_only  # noqa: E402
from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT / "bench" / "data"


async def evaluate(policy_name: str, policies_dir: Path) -> tuple[dict[str, list[tuple[str, str]]], int,
                                                                  list[tuple[str, str]], int]:
    policy = pii_only(load_policies(policies_dir).get(policy_name))
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["Warm-up: Jane Doe"], ["PERSON"])  # the model's first load outside the check's timeout
    guard = Guard(analyzer, None)
    missed: dict[str, list[tuple[str, str]]] = {}
    named = [line.split("\t") for line in rows(DATA / "path_form_names_heldout.txt")]
    for text, name, kind in named:
        missed.setdefault(kind, [])
        verdict = await guard.input(policy, [text])
        sent = verdict.texts[0] if verdict.texts[0] is not None else text
        if any(re.search(rf"(?<![^\W\d_]){w}(?![^\W\d_])", sent) for w in name.split()):
            missed[kind].append((text, sent))
    plain = rows(DATA / "path_form_non_names_heldout.txt")
    fps = [(text, "; ".join(found)) for text, found in await altered(guard, policy, plain)]
    return missed, len(named), fps, len(plain)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--policy", default="default")
    parser.add_argument("--policies", type=Path, default=ROOT / "policies")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    missed, n, fps, m = asyncio.run(evaluate(args.policy, args.policies))
    per = n // max(1, len(missed))
    for kind, left in missed.items():
        print(f"{kind}: a name's word reached the provider in {len(left)}/{per}")
        for text, sent in left[:args.show]:
            print(f"  missed: {text!r} sent as {sent!r}")
    print(f"paths, file names and form bodies without names altered: {len(fps)}/{m}")
    for text, found in fps[:args.show]:
        print(f"  {found} in {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
