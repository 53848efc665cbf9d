"""Phone numbers and names in URLs and query strings, and URLs without personal data (atk12 B H1, M3).

    .venv/bin/python bench/url_pii.py [--policy default] [--show N]

Every text goes through the guard's input phase exactly as a request would (`Guard.input`, the policy's PII rule
only), as `bench/pii_fp.py` does:
- `bench/data/urls_with_pii.txt` (25 search links, query strings, paths and `+`-joined queries with a phone number or
  a name): a row counts as missed when any of its values (a name's words, a phone number's digit groups) is left in
  the text sent, and as swallowed when the URL's host (or the text before the value) is gone with it;
- `bench/data/urls_pii_free.txt` (84 URLs and query strings without personal data, alone and in sentences) and
  `bench/data/urls_pii_free_holdout.txt` (62 more, written after the rules were tuned on the first, never tuned on:
  places, brands and titles named like people): a text the guard changes is a false positive.
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
_HOST = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+")


def rows(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def left_over(value: str, sent: str) -> list[str]:
    """The parts of `value` still in `sent`: a name's words, a phone number's digit groups of 3 or more."""
    if any(c.isdigit() for c in value):
        parts = [g for g in re.findall(r"[0-9]+", value) if len(g) >= 3]
    else:
        parts = [value]
    return [p for p in parts if re.search(rf"(?<![\w%]){re.escape(p)}(?![\w])", sent)]


async def evaluate(policy_name: str, policies_dir: Path) -> dict[str, list[tuple[str, str]]]:
    policy = pii_only(load_policies(policies_dir).get(policy_name))
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["warm up: the models load here, not inside a check's time limit"], ["PERSON"])
    guard = Guard(analyzer, None)
    missed: list[tuple[str, str]] = []
    swallowed: list[tuple[str, str]] = []
    named = [line.split("\t") for line in rows(DATA / "urls_with_pii.txt")]
    for text, values in named:
        verdict = await guard.input(policy, [text])
        sent = verdict.texts[0] if verdict.texts[0] is not None else text
        if any(left_over(v, sent) for v in values.split(" || ")):
            missed.append((text, sent))
        host = _HOST.search(text)
        if host is not None and host.group() not in sent:
            swallowed.append((text, sent))
    report: dict[str, list[tuple[str, str]]] = {"named": [(str(len(named)), "")] + missed, "swallowed": swallowed}
    for key, name in (("plain", "urls_pii_free.txt"), ("holdout", "urls_pii_free_holdout.txt")):
        plain = rows(DATA / name)
        fps = [(text, "; ".join(found)) for text, found in await altered(guard, policy, plain)]
        report[key] = [(str(len(plain)), "")] + fps
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--policy", default="default")
    parser.add_argument("--policies", type=Path, default=ROOT / "policies")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    report = asyncio.run(evaluate(args.policy, args.policies))
    (n, _), *missed = report["named"]
    print(f"URLs with a phone number or a name, all of it redacted: {int(n) - len(missed)}/{n}")
    for text, sent in missed[:args.show]:
        print(f"  missed: {text!r} sent as {sent!r}")
    print(f"URLs whose host went with a placeholder: {len(report['swallowed'])}/{n}")
    for text, sent in report["swallowed"][:args.show]:
        print(f"  swallowed: {text!r} sent as {sent!r}")
    for key, label in (("plain", "URLs without personal data altered"), ("holdout", "the same, held out")):
        (m, _), *fps = report[key]
        print(f"{label}: {len(fps)}/{m}")
        for text, found in fps[:args.show]:
            print(f"  {found} in {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
