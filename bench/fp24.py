"""Everyday phrases, firms, greeted cities, JSON values, product names and German nouns the name rules read as names
(fp24), and names in the same words.

    .venv/bin/python bench/fp24.py [--show]

Every text goes through the PII analyzer with the default policy's entities (score 0.4). Sets: `bench/data/fp24_dev.tsv`
(PII-free, tuned on), `bench/data/fp24_holdout.tsv` (PII-free, written before the rules, never tuned on): a text is
altered where anything is found in it; `bench/data/fp24_names.tsv` (the same words as names, with their parts): a
text is missed where a part is not inside a PERSON span, or something else is found.
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
Row = tuple[str, str, list[str]]  # set:kind, text, name parts


def rows() -> list[Row]:
    out: list[Row] = []
    for name in ("fp24_dev.tsv", "fp24_holdout.tsv", "fp24_names.tsv"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, text, parts = ([*line.split("\t"), ""])[:3]
            out.append((f"{name[5:-4]}:{kind}", text, [p for p in parts.split("|") if p]))
    return out


def _redacted(text: str, spans: list[tuple[int, int]]) -> str:
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + "<P>" + text[b:]
    return text


def bad(text: str, parts: list[str], spans: list[tuple[str, int, int]]) -> bool:
    if not parts:
        return bool(spans)
    persons = [(a, b) for e, a, b in spans if e == "PERSON"]
    covered = all(any(a <= m.start() and m.end() <= b for a, b in persons)
                  for p in parts for m in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", text))
    return not covered or any(e != "PERSON" for e, _, _ in spans)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    table = rows()
    analyzer = PiiAnalyzer(executor="process", workers=1)
    await analyzer.start()
    try:
        results = await analyzer.analyze([t for _, t, _ in table], DEFAULT_ENTITIES)
    finally:
        await analyzer.close()
    count: dict[str, int] = defaultdict(int)
    missed: dict[str, list[str]] = defaultdict(list)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (name, text, parts), found in zip(table, results, strict=True):
        spans = [(s.entity, s.start, s.end) for s in found if s.score >= 0.4]
        count[name] += 1
        totals[name.split(":")[0]][1] += 1
        if bad(text, parts, spans):
            totals[name.split(":")[0]][0] += 1
            missed[name].append(f"{text!r} -> {_redacted(text, [(a, b) for _, a, b in spans])!r}")
    for name, n in count.items():
        what = "missed" if name.startswith("names") else "altered"
        print(f"{name:20} {len(missed[name]):3}/{n:<3} {what}")
        if args.show:
            for line in missed[name]:
                print(f"    {line}")
    for name, (k, n) in totals.items():
        print(f"TOTAL {name:14} {k:3}/{n:<3} {'missed' if name == 'names' else 'altered'}")


if __name__ == "__main__":
    asyncio.run(main())
