"""Full names made of two everyday words (atk20 H4: `Bill White`, `Hope Young`, `May Lord`) after the variants of a
person's cue (`Bill A. White called`, `Bill White, our CFO, paid`, `bill white called`), after a person's label of a
form (`Passenger:`, `Attendees:`) and in records (vCard `FN:`, LDAP `cn=`, `Signed-off-by:`, CSV, INI, YAML);
`none`: texts with the same shapes and no name (`Summer Sale called off`, `Product: Rose Gold Case`), which must stay
unaltered.

    .venv/bin/python bench/names22.py [--set dev|holdout] [--show N]

Sets: `bench/data/names22_dev.tsv` (the tester's reproducer, tuned on; `context`: the same names outside any cue,
`control`: the cues covered before) and `bench/data/names22_holdout.tsv` (other names, labels and records, written
before the rules, never tuned on). Every text goes through the PII analyzer with the default policy's entities; a row
misses when an occurrence of a name part lies in no PERSON span (or, for `none`, when any PERSON is found).
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
    for line in (DATA / f"names22_{name}.tsv").read_text(encoding="utf-8").splitlines():
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
