"""Names a person's cue makes names whatever the word lists say (atk18 HIGH-1, HIGH-2; `proxy.nlp.cued`): how many
texts keep a part of the name, and how many texts with the same words and no cue are altered, on the held-out set
`bench/data/cued_names_holdout.tsv` (surnames after a form of address, Japanese surnames before an honorific, given
names that are everyday words after a cue, later mentions of a found name's parts; `none`: no name).

    .venv/bin/python bench/cued_names.py [--show N]

Every text goes through the PII analyzer with the default policy's entities and score floor (as
`tests/support/pii.py` reads it); a name part counts as kept when one of its occurrences in the text is in no PERSON
span.
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

DATA = Path(__file__).resolve().parent / "data" / "cued_names_holdout.tsv"


def load() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, parts = (line.split("\t") + [""])[:3]
        rows.append((kind, text.replace("\\n", "\n"), [p for p in parts.split("|") if p]))
    return rows


def kept(text: str, part: str, people: list[tuple[int, int]]) -> bool:
    """Whether an occurrence of `part` (a whole word, or a CJK surname) lies in no PERSON span."""
    word = rf"(?<![\w'’-]){re.escape(part)}(?![\w'’-])" if part.isascii() else re.escape(part)
    return any(not any(a <= m.start() and m.end() <= b for a, b in people) for m in re.finditer(word, text))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", type=int, default=0, help="print up to N misses and false positives")
    args = parser.parse_args()
    rows = load()
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
        miss = any(kept(text, p, people) for p in parts) if parts else bool(people)
        if miss:
            bad[kind] += 1
            if shown < args.show:
                shown += 1
                print(f"  {kind}: {text!r} -> {[text[a:b] for a, b in people]}")
    for kind in count:
        what = "altered" if kind == "none" else "keep a name part"
        print(f"{kind:8} {bad[kind]:3}/{count[kind]:<3} {what}")


if __name__ == "__main__":
    asyncio.run(main())
