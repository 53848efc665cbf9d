"""Person names inside file names and paths, and identifier-shaped text without names (issue 12).

    .venv/bin/python bench/file_name_names.py [--policy default] [--show N]

Every text goes through the guard's input phase exactly as a request would (`Guard.input`, the policy's PII rule
only), as `bench/pii_fp.py` does:
- `bench/data/file_names_with_names.txt` (40 file names and paths with a person's name joined by `_`, `-`, `.` or
  CamelCase, alone and in sentences): a name counts as missed when any of its words is left in the text sent;
- `bench/data/identifier_non_names.txt` (60 identifiers, repository files and eponym-named documents, no name): a
  text the guard changes is a false positive.
Both sets were written before the rule (`proxy.nlp.recognizers.FileNameNameRecognizer`) was run on them.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pii_fp import altered, pii_only  # noqa: E402
from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT / "bench" / "data"


def rows(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def name_words(name: str) -> list[str]:
    """The words of a name as written: "JohnDoe" -> John, Doe; "david_a_miller" -> david, miller."""
    return [w for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", name) if len(w) > 1]


async def evaluate(policy_name: str, policies_dir: Path) -> dict[str, list[tuple[str, str]]]:
    policy = pii_only(load_policies(policies_dir).get(policy_name))
    analyzer = PiiAnalyzer(executor="inline")
    guard = Guard(analyzer, None)
    missed: list[tuple[str, str]] = []
    named = [line.split("\t") for line in rows(DATA / "file_names_with_names.txt")]
    for text, name in named:
        verdict = await guard.input(policy, [text])
        sent = verdict.texts[0] if verdict.texts[0] is not None else text
        left = [w for w in name_words(name) if re.search(rf"(?<![A-Za-z]){w}(?![a-z])", sent)]
        if left:
            missed.append((text, sent))
    plain = rows(DATA / "identifier_non_names.txt")
    fps = [(text, "; ".join(found)) for text, found in await altered(guard, policy, plain)]
    return {"named": [(str(len(named)), "")] + missed, "plain": [(str(len(plain)), "")] + fps}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--policy", default="default")
    parser.add_argument("--policies", type=Path, default=ROOT / "policies")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    report = asyncio.run(evaluate(args.policy, args.policies))
    (n, _), *missed = report["named"]
    (m, _), *fps = report["plain"]
    print(f"names in file names found whole: {int(n) - len(missed)}/{n}")
    for text, sent in missed[:args.show]:
        print(f"  missed: {text!r} sent as {sent!r}")
    print(f"identifier-shaped texts without names altered: {len(fps)}/{m}")
    for text, found in fps[:args.show]:
        print(f"  {found} in {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
