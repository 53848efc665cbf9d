"""Ordinary restores altered by the output rules: answers that give the client's values back beside the model's words.

    .venv/bin/python bench/restored_fp.py [--n 300] [--data FILE] [--show N]

Issue 12, atk9 A-H1: output `pii` and `secrets` read the answer restored too, and a value there that crosses a
restored value's edge is the model's own (`proxy.guard.checks.pii.composed`). This counts what that costs on answers
that only give the client's values back, which must come back exactly as restore puts them:
- echo: each sentence of the presidio-research synthetic set (the shared fixture `pii_quality.py` reads) goes
  through the input phase (PII redacted, restore on), and the model's answer is the text the provider got, as is
  and wrapped in a sentence (`Sure, noted: ... Anything else?`): the client's values restored in their own contexts;
- technical: each line of `data/technical_prompts.txt` (PII-free, numbers, versions, paths) between a greeting and
  a sign-off naming the client's values (`Thanks <PERSON_1>. ... I will mail <EMAIL_ADDRESS_1> or call
  <PHONE_NUMBER_1>.`): the model's own text beside restored values.
An answer is kept when restore itself leaves one of the client's placeholders in it (read as inside a URL a
renderer fetches, `proxy.guard.urls`: atk9 A-L2, atk11 A-H1/L2/L3).
An answer is altered when what the client gets differs from the answer with its placeholders restored (output
`pii` on EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS). The same run on the code before
the change counts what the model's own values (found in its text as before) alter: the difference is the cost.
Analyzer inline; about a minute per 300 sentences.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.vault import PLACEHOLDER  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT.parent / "shared" / "fixtures" / "pii" / "presidio-research_synth_dataset_v2.json"
TECHNICAL = ROOT / "bench" / "data" / "technical_prompts.txt"
OUTPUT = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]
POLICY = Policy.model_validate({"name": "bench", "input": {"pii": {
    "action": "redact", "restore": True, "entities": ["PERSON", *OUTPUT]}},
    "output": {"pii": {"action": "redact", "entities": OUTPUT}}})
CLIENT = "I am Jane Smith, mail jane.smith@example.com or call 617-555-0143."
WRAP = "Sure, noted: {} Anything else?"
SIGNED = "Thanks <PERSON_1>. {} I will mail <EMAIL_ADDRESS_1> or call <PHONE_NUMBER_1>."


async def evaluate(rows: list[dict[str, Any]], lines: list[str], show: int) -> dict[str, Any]:
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.start()
    guard = Guard(analyzer, None)
    counts = {"echo": [0, 0, 0], "echo wrapped": [0, 0, 0], "technical": [0, 0, 0]}  # [answers, altered, kept]
    examples: list[str] = []

    async def answer(kind: str, text: str, vault: Any) -> None:
        expected = vault.restore(text)
        got = await guard.output(POLICY, [text], vault)
        out = got.texts[0] if got.texts[0] is not None else text
        counts[kind][0] += 1
        if out != expected:
            counts[kind][1] += 1
            if len(examples) < show:
                examples.append(f"{kind}: {expected!r} -> {out!r}")
        # Restore itself left one of the client's placeholders as it was (read as inside a URL: `proxy.guard.urls`).
        if any(vault.original(m.group()) is not None for m in PLACEHOLDER.finditer(expected)):
            counts[kind][2] += 1
            if len(examples) < show:
                examples.append(f"{kind} kept: {expected!r}")

    started = time.perf_counter()
    for row in rows:
        verdict = await guard.input(POLICY, [row["full_text"]])
        sent = verdict.texts[0]
        if sent is None or not verdict.vault:
            continue  # nothing redacted: nothing to restore
        await answer("echo", sent, verdict.vault)
        await answer("echo wrapped", WRAP.format(sent), verdict.vault)
    client = await guard.input(POLICY, [CLIENT])
    assert client.texts[0] == "I am <PERSON_1>, mail <EMAIL_ADDRESS_1> or call <PHONE_NUMBER_1>.", client.texts
    for line in lines:
        await answer("technical", SIGNED.format(line), client.vault)
    return {"seconds": round(time.perf_counter() - started, 1), "sets": counts, "examples": examples}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300, help="sentences of the synthetic set (and technical lines)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", type=int, default=0, help="print N altered answers")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = json.loads(args.data.read_text())[:args.n] if args.data.exists() else []
    if not rows:
        print(f"dataset not found: {args.data} (echo sets skipped)")
    lines = [line for line in TECHNICAL.read_text().splitlines() if line.strip()][:args.n]
    report = asyncio.run(evaluate(rows, lines, args.show))
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"restored answers altered by output pii, and with a client placeholder restore kept ({report['seconds']} s)")
    for kind, (n, altered, kept) in report["sets"].items():
        print(f"  {kind:<14}{altered:>5} / {n}   kept {kept:>4} / {n}")
    for line in report["examples"]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
