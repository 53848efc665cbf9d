"""Name leaks atk18 left open (names20): spelled-out titles before a surname (`Doctor Young`), one-Han surnames that
are words before a Japanese honorific (`東様`), a name under a name key whose surname is a brand, `Attn:` before a
titled surname, names in file names and certificate subjects, a given name that is a word after a greeting
(`Hi Rain,`); `none`: texts with the same words and no name, which must stay unaltered.

    .venv/bin/python bench/names20.py [--set dev|holdout] [--show N]

Sets: `bench/data/names20_dev.tsv` (tuned on) and `bench/data/names20_holdout.tsv` (written before the rules, never
tuned on). Every text goes through the PII analyzer with the default policy's entities; a row misses when an
occurrence of a name part lies in no PERSON span or a word that must stay (`Attn`, `O`) lies in one.
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


def load(name: str, prefix: str = "names20") -> list[tuple[str, str, list[str], list[str]]]:
    rows = []
    for line in (DATA / f"{prefix}_{name}.tsv").read_text(encoding="utf-8").splitlines():
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


async def main(prefix: str = "names20", doc: str | None = __doc__) -> None:
    """Reads `bench/data/<prefix>_<set>.tsv` (names22.py and names25.py run their sets through this too)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="dev", choices=("dev", "holdout"))
    parser.add_argument("--show", type=int, default=0, help="print up to N misses")
    args = parser.parse_args()
    rows = load(args.set, prefix)
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
