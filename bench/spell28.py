"""spell28 sets (atk26 F12): call transcripts with a spelled-out surname or an SSN / phone number read out as words,
and PII-free look-alikes, through the default policy's input PII rule (`Guard.input`, toxicity and patterns off).

    PYTHONPATH=$PWD .venv/bin/python bench/spell28.py [FILE.tsv ...]

Each line of a set: `LEAK<TAB>text<TAB>value|value` (no value may go up as written) or `FP<TAB>text` (the text must go
up unaltered); `\\n` in a text is a line break. Sets (`bench/data/spell28_*.tsv`):
- `tune`: the report's lines and their spellings/number forms (tuned on);
- `heldout`: other names, numbers, phrasings and look-alikes, written before the rules ran on them, measured once, then
  tuned on by class (sentence breaks between a name and its spelling, spelling alphabets after a question, a
  spelling word beside an uncommon word, `number` alone as a cue);
- `heldout2`: written after those, measured once (14/18 -> 3/18 leaks), then three classes fixed (a newline ending a
  speaker's turn, an answer's few opening words, `X is X-Y-Z`): 0/18;
- `lookalikes3`: look-alikes with cue words (`call`, `card`, `phone`, `number`) among number words, never tuned on.
Runs on the code before spell28 too.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy, load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

SETS = ["tune", "heldout", "heldout2", "lookalikes3"]


def pii_only(policy: Policy) -> Policy:
    return policy.model_copy(update={"input": policy.input.model_copy(update={
        "toxicity": None, "bias": None, "patterns": [], "secrets": None})})


async def run(files: list[Path]) -> None:
    policy = pii_only(load_policies(ROOT / "policies").get("default"))
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.analyze(["warm up"], ["PERSON"])
    guard = Guard(analyzer, None)
    for path in files:
        leaks = altered = n_leak = n_fp = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, text, *values = line.split("\t")
            text = text.replace("\\n", "\n")
            verdict = await guard.input(policy, [text])
            sent = "<blocked>" if verdict.decision == "block" else (
                verdict.texts[0] if verdict.texts[0] is not None else text)
            if kind == "LEAK":
                n_leak += 1
                left = [v for v in values[0].split("|") if v in sent]
                if left:
                    leaks += 1
                    print(f"  leak {left}: {sent!r}")
            else:
                n_fp += 1
                if sent != text:
                    altered += 1
                    print(f"  altered: {sent!r}")
        print(f"{path.name}: leaks {leaks}/{n_leak}, look-alikes altered {altered}/{n_fp}")


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or [ROOT / "bench" / "data" / f"spell28_{s}.tsv" for s in SETS]
    asyncio.run(run(files))


if __name__ == "__main__":
    main()
