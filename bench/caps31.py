"""Names in capitals (caps31, atk30 F17, F20-F22, FP8) under the default policy's input PII rule.

    .venv/bin/python bench/caps31.py [--show N]

Sets (written before the rules, with names and merchants the rules were not written on; measured once before and
once after): `bench/data/caps31_names_holdout.tsv` (`VALUES<TAB>TEXT`, values `|`-separated: bank transfer
descriptors, payees' phones, all-caps requests and subjects, form labels, boarding passes, speaker labels; a row
misses when a value is still in the sent text) and the PII-free look-alikes, which must go as sent:
`caps31_merchants_free.txt` (bank statements' merchant descriptors, transfers to firms, questions about them),
`caps31_caps_free.txt` (shouted headings and prose, subjects without a name), `caps31_forms_free.txt` (form labels
without a value) and `caps31_srt_free.txt` (subtitle lines that are no speaker). A literal `\\n` is a newline.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pii_fp import altered, pii_only  # noqa: E402

from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT / "bench" / "data"
FREE = ("caps31_merchants_free.txt", "caps31_caps_free.txt", "caps31_forms_free.txt", "caps31_srt_free.txt")


def _lines(path: Path) -> list[str]:
    return [line.replace("\\n", "\n") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


async def run(show: int) -> None:
    policy = pii_only(load_policies(ROOT / "policies").get("default"))
    guard = Guard(PiiAnalyzer(executor="inline"), None)
    rows = [line.split("\t", 1) for line in _lines(DATA / "caps31_names_holdout.tsv")]
    left = []
    for values, text in rows:
        verdict = await guard.input(policy, [text])
        sent = verdict.texts[0] if verdict.texts[0] is not None else text
        kept = [v for v in values.split("|") if v in sent]
        if kept:
            left.append((sent, kept))
    print(f"caps31_names_holdout.tsv: {len(left)}/{len(rows)} with a value sent")
    for sent, kept in left[:show]:
        print(f"  {sent!r}: {kept}")
    for name in FREE:
        texts = _lines(DATA / name)
        bad = await altered(guard, policy, texts)
        print(f"{name}: {len(bad)}/{len(texts)} altered")
        for text, found in bad[:show]:
            print(f"  {text!r}: {', '.join(found)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", type=int, default=20)
    asyncio.run(run(ap.parse_args().show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
