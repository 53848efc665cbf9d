"""PII-free text the name rules read as names (fp22, atk20 FP1 C/D/E and FP2), and names in the same shapes.

    .venv/bin/python bench/fp22_fp.py [--atk20 DIR] [--show]

Every text goes through the PII analyzer with the default policy's entities (score 0.4). Held-out sets (written
before the rules, never tuned on): `bench/data/fp22_holdout_none.tsv` (kind, text, no parts, a cut: the text after the
cut must come back unaltered) and `bench/data/fp22_holdout_names.tsv` (kind, text, the name parts: every occurrence
must lie in a PERSON span and nothing else be found). `--atk20 DIR`: the tester's sets too (`DIR/*.txt`, one text a
line, `\\n` for a line break; in `grey_*.txt` only the second sentence counts).
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
GREY = {"grey_first.txt": "thanks for calling.", "grey_mid.txt": "thanks for calling.", "grey_de.txt": "Nachricht.",
        "grey_eng.txt": "review."}
FP = ["cue_nonnames.txt", "title_brands.txt", "role_greet.txt", "labels_nonnames.txt", "signoff.txt", "intl.txt",
      "eng.txt", "lower_nouns.txt", "org_verbs.txt", "ja_honorific.txt", "intl_roles.txt", "place_greet.txt",
      "cc_ask.txt"]
Row = tuple[str, str, str, list[str]]  # set, text, cut, name parts


def _lines(path: Path) -> list[str]:
    return [line.replace("\\n", "\n") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def rows(atk20: Path | None) -> list[Row]:
    out: list[Row] = []
    if atk20 is not None:
        out += [(name, t, cut, []) for name, cut in GREY.items() for t in _lines(atk20 / name)]
        out += [(name, t, "", []) for name in FP for t in _lines(atk20 / name)]
    for name in ("fp22_holdout_none.tsv", "fp22_holdout_names.tsv"):
        for line in _lines(DATA / name):
            kind, text, parts, cut = ([*line.split("\t"), "", ""])[:4]
            out.append((f"{name[13:-4]}:{kind}", text, cut, [p for p in parts.split("|") if p]))
    return out


def _redacted(text: str, spans: list[tuple[int, int]]) -> str:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    for a, b in reversed(merged):
        text = text[:a] + "<P>" + text[b:]
    return text


def bad(text: str, cut: str, parts: list[str], spans: list[tuple[int, int]]) -> bool:
    if parts:
        covered = all(any(a <= m.start() and m.end() <= b for a, b in spans)
                      for p in parts for m in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", text))
        return not covered or any(not any(p in text[a:b] for p in parts) for a, b in spans)
    shown = _redacted(text, spans)
    return (text.split(cut, 1)[1] != shown.split(cut, 1)[1]) if cut else shown != text


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--atk20", type=Path, help="the tester's sets folder")
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    table = rows(args.atk20)
    analyzer = PiiAnalyzer(executor="process", workers=1)
    await analyzer.start()
    try:
        results = await analyzer.analyze([t for _, t, _, _ in table], DEFAULT_ENTITIES)
    finally:
        await analyzer.close()
    count: dict[str, int] = defaultdict(int)
    missed: dict[str, list[str]] = defaultdict(list)
    for (name, text, cut, parts), found in zip(table, results, strict=True):
        spans = [(s.start, s.end) for s in found if s.score >= 0.4]
        count[name] += 1
        if bad(text, cut, parts, spans):
            missed[name].append(f"{text!r} -> {_redacted(text, spans)!r}")
    for name, n in count.items():
        what = "missed" if name.startswith("names") else "altered"
        print(f"{name:24} {len(missed[name]):3}/{n:<3} {what}")
        if args.show:
            for line in missed[name]:
                print(f"    {line}")


if __name__ == "__main__":
    asyncio.run(main())
