"""Given names written alone (atk22b MEDIUM-2: `Rahul will review the PR.`, `Reviewer: Vikram`, `cc: Emily`): common
Indian, Korean, Filipino, Nigerian, Japanese... given names in everyday sentences and after labels, and PII-free
engineering and support sentences whose words are also such names (`Raja`, `Sonic`, `Kiran`), which must stay.

    .venv/bin/python bench/given22.py [--set dev|holdout|none] [--show N]

Sets: `bench/data/given22_dev.tsv` (the tester's sets, tuned on; `us`: the control), `bench/data/given22_holdout.tsv`
(30 names per origin, written before the curated list in `proxy/nlp/given_names.py`, none of them added to it) and
`bench/data/given22_none.txt` (PII-free sentences, one a line). Every text goes through the PII analyzer with the
default policy's entities; a name row misses when an occurrence of a name lies in no PERSON span; a PII-free text
counts when any PERSON is found in it.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proxy.nlp.pii import PiiAnalyzer  # noqa: E402
from tests.support.pii import DEFAULT_ENTITIES  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> list[tuple[str, str, list[str]]]:
    if name == "none":
        lines = (DATA / "given22_none.txt").read_text(encoding="utf-8").splitlines()
        return [("none", line, []) for line in lines if line.strip() and not line.startswith("#")]
    rows = []
    for line in (DATA / f"given22_{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, parts = line.split("\t")
        rows.append((kind, text, [p for p in parts.split("|") if p]))
    return rows


def missed(text: str, parts: list[str], people: list[tuple[int, int]]) -> bool:
    if not parts:
        return bool(people)
    spans = [m.span() for p in parts for m in re.finditer(rf"(?<![^\W_]){re.escape(p)}(?![^\W_])", text)]
    return not spans or not all(any(a <= s and e <= b for a, b in people) for s, e in spans)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="dev", choices=("dev", "holdout", "none"))
    parser.add_argument("--show", type=int, default=0, help="print up to N misses")
    args = parser.parse_args()
    rows = load(args.set)
    analyzer = PiiAnalyzer(executor="process", workers=1)
    await analyzer.start()
    try:
        results = await analyzer.analyze([text for _, text, _ in rows], DEFAULT_ENTITIES)
    finally:
        await analyzer.close()
    bad: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    shown = 0
    for (kind, text, parts), spans in zip(rows, results, strict=True):
        people = [(s.start, s.end) for s in spans if s.entity == "PERSON" and s.score >= 0.4]
        count[kind] += 1
        if missed(text, parts, people):
            bad[kind] += 1
            if shown < args.show:
                shown += 1
                print(f"  {kind}: {text!r} -> {[text[a:b] for a, b in people]}")
    for kind in count:
        what = "altered" if kind == "none" else "keep a name"
        print(f"{kind:<11} {bad[kind]}/{count[kind]} {what}")


if __name__ == "__main__":
    asyncio.run(main())
