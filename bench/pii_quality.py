"""PII quality under a policy on the presidio-research synthetic set: leak rate per type, false positives.

    .venv/bin/python bench/pii_quality.py [--policy default] [--policies DIR] [--data FILE] [--show N]

For every labelled value of the types the policy's input rule covers, the text goes through the
guard's input phase exactly as a request would, and the value counts as leaked when:
- verbatim: it still appears unchanged in the text sent upstream (the issue's definition), or
- any part: some word of it was not redacted (stricter: "Jane <PERSON_1>" leaks "Jane"). Titles
  and suffixes the set includes in names (Mr., Dr., DDS, ...) are not counted.
False positives: the share of sentences that hold no labelled PII at all and were altered.
Targets: leak <= 2% for e-mail, phone, card, SSN, IBAN, IP; <= 10% for person names; <= 5% altered.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT.parent / "shared" / "fixtures" / "pii" / "presidio-research_synth_dataset_v2.json"
TARGETS = {"EMAIL_ADDRESS": 0.02, "PHONE_NUMBER": 0.02, "CREDIT_CARD": 0.02, "US_SSN": 0.02, "IBAN_CODE": 0.02,
           "IP_ADDRESS": 0.02, "PERSON": 0.10}
FP_TARGET = 0.05
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dds", "md", "phd", "jr", "sr", "ii", "iii", "iv", "dvm"}


def name_parts(value: str, start: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\s,]+", value)
            if m.group().lower().strip(".") not in TITLES]


async def evaluate(policy_name: str, policies_dir: Path, rows: list[dict[str, Any]], show: int) -> dict[str, Any]:
    policies = load_policies(policies_dir)
    policy = policies.get(policy_name)
    assert policy.input.pii is not None, "the policy has no input pii rule"
    types = [t for t in TARGETS if t in policy.input.pii.checked_entities()]
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.start()  # load the models before the first check's timeout runs (a loaded machine takes >30 s)
    guard = Guard(analyzer, None)
    policy = policy.model_copy(update={"input": policy.input.model_copy(update={"toxicity": None, "bias": None,
                                                                                "patterns": []})})
    total: Counter[str] = Counter()
    verbatim: Counter[str] = Counter()
    anypart: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    clean = altered = 0
    started = time.perf_counter()
    for row in rows:
        text = row["full_text"]
        result = await guard.run_phase(policy, "input", [text])
        verdict = await guard.input(policy, [text])
        sent = verdict.texts[0] if verdict.texts[0] is not None else text
        covered = [False] * len(text)
        for f in result.findings[0]:
            if f.action == "redact":
                covered[f.start:f.end] = [True] * (f.end - f.start)
        if not row["spans"]:
            clean += 1
            altered += sent != text
        for span in row["spans"]:
            kind = span["entity_type"]
            if kind not in types:
                continue
            total[kind] += 1
            value, start = span["entity_value"], span["start_position"]
            verbatim[kind] += value in sent
            if not all(all(covered[a:b]) for a, b in name_parts(value, start)):
                anypart[kind] += 1
                context = text[max(0, start - 40):start + len(value) + 20]
                examples.setdefault(kind, []).append(f"{value!r} in {context!r}")
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {"policy": policy_name, "texts": len(rows), "seconds": round(seconds, 1), "types": {}}
    for kind in types:
        n = total[kind]
        report["types"][kind] = {"values": n, "leak_verbatim": round(verbatim[kind] / n, 4) if n else None,
                                 "leak_any_part": round(anypart[kind] / n, 4) if n else None,
                                 "target": TARGETS[kind]}
    report["pii_free_sentences"] = clean
    report["false_positive_rate"] = round(altered / clean, 4) if clean else None
    report["examples"] = {k: v[:show] for k, v in examples.items()} if show else {}
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--policy", default="default")
    parser.add_argument("--policies", type=Path, default=ROOT / "policies")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", type=int, default=0, help="print N missed values per type")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"dataset not found: {args.data} (skipped)")
        return 0
    report = asyncio.run(evaluate(args.policy, args.policies, json.loads(args.data.read_text()), args.show))
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"PII quality, policy '{report['policy']}', {report['texts']} texts, {report['seconds']} s")
    print(f"{'type':<15}{'values':>7}{'leak verbatim':>15}{'leak any part':>15}{'target':>8}")
    ok = True
    for kind, r in report["types"].items():
        passed = r["leak_any_part"] is not None and r["leak_any_part"] <= r["target"]
        ok &= passed
        print(f"{kind:<15}{r['values']:>7}{r['leak_verbatim']:>15.1%}{r['leak_any_part']:>15.1%}"
              f"{r['target']:>8.0%} {'ok' if passed else 'MISSED'}")
    fp = report["false_positive_rate"]
    ok &= fp is not None and fp <= FP_TARGET
    print(f"PII-free sentences altered: {fp:.1%} of {report['pii_free_sentences']} (target {FP_TARGET:.0%})")
    for kind, lines in report["examples"].items():
        print(f"missed {kind}:")
        for line in lines:
            print(f"  {line}")
    print("all targets met" if ok else "some targets missed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
