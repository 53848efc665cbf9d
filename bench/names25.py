"""Full names of two everyday words where the place says a name stands (names25, atk24a F03, F08, F14, F20): under a
person's key (`customer_name`, `customerName`, `created_by`), in records and code (`Copyright (c) 2024 Bill White`,
`# Author:`, tables, action items, chat transcripts), mail headers `Surname, Given` without quotes, personalised
prompts and self-introductions; `none`: look-alikes that must stay unaltered (`{"product_name": "Golden Gate"}`).

    .venv/bin/python bench/names25.py [--set dev|holdout] [--show N]

Sets: `bench/data/names25_dev.tsv` (the tester's shapes, tuned on) and `bench/data/names25_holdout.tsv` (other
names, keys, shapes and look-alikes, written before the rules ran on them, never tuned on). Every text goes through
the PII analyzer with the default policy's entities; a row misses when an occurrence of a name part lies in no PERSON
span (or, for `none`, when any PERSON is found).
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


def load(name: str) -> list[tuple[str, str, list[str], list[str]]]:
    rows = []
    for line in (DATA / f"names25_{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, parts, stay = (line.split("\t") + ["", ""])[:4]
        rows.append((kind, text.replace("\\n", "\n"), [p for p in parts.split("|") if p],
                     [s for s in stay.split("|") if s]))
    return rows


def _occurrences(text: str, word: str) -> list[tuple[int, int]]:
    pattern = rf"(?<![^\W_]){re.escape(word)}(?![^\W_])" if word.isascii() else re.escape(word)
    return [m.span() for m in re.finditer(pattern, text)]


def missed(text: str, parts: list[str], stay: list[str], people: list[tuple[int, int]]) -> bool:
    if not parts:
        return bool(people)
    inside = [any(a <= s and e <= b for a, b in people) for p in parts for s, e in _occurrences(text, p)]
    touched = [any(s < b and a < e for a, b in people) for w in stay for s, e in _occurrences(text, w)]
    return not all(inside) or not inside or any(touched)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="dev", choices=("dev", "holdout"))
    parser.add_argument("--show", type=int, default=0, help="print up to N misses")
    args = parser.parse_args()
    rows = load(args.set)
    analyzer = PiiAnalyzer(executor="process", workers=1)
    await analyzer.start()
    try:
        results = await analyzer.analyze([text for _, text, _, _ in rows], DEFAULT_ENTITIES)
    finally:
        await analyzer.close()
    bad: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    shown = 0
    for (kind, text, parts, stay), spans in zip(rows, results, strict=True):
        people = [(s.start, s.end) for s in spans if s.entity == "PERSON" and s.score >= 0.4]
        count[kind] += 1
        if missed(text, parts, stay, people):
            bad[kind] += 1
            if shown < args.show:
                shown += 1
                print(f"  {kind}: {text!r} -> {[text[a:b] for a, b in people]}")
    for kind in count:
        what = "altered" if kind == "none" else "missed (a part sent or a kept word redacted)"
        print(f"{kind:8} {bad[kind]:3}/{count[kind]:<3} {what}")


if __name__ == "__main__":
    asyncio.run(main())
