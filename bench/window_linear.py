"""Linear time of a stream window's cut on one long event: CPU time at n and 4n characters, and the ratio.

    .venv/bin/python bench/window_linear.py [--size 10000]

`OutputWindows._cut` looks for the last place a window may end (a sentence end, a line end, a space after a word)
that no value nor `patterns:` match runs across. One event can carry a long text (a provider's single chunk, or a
relay that batches): a text where every candidate is refused (`y y y ...`, a letter-spaced run; `x. x. x.`) made it
try every candidate, each reading the whole text, on the event loop: a 40,000-character event took 9 s (CI's
`test_targeted_sse_garbage[raw1]` timed out, and the work left in the anonymizer threads timed out the next test's
PII check). Past the cap (`2 × hold_chars`) only the cap's reach is now searched. Each family's cut runs at `--size`
characters and at four times that, under an output policy with `pii`, `toxicity` and a `patterns:` rule; a linear cut
takes about 4x the time at 4x the size (quadratic ~16): the script exits 1 when a ratio passes 8. The cut's result is
tested in tests/guard; the time is measured here, never in a timed unit test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.guard.windows import OutputWindows  # noqa: E402


def _repeat(unit: str, n: int, head: str = "") -> str:
    return head + unit * max(1, (n - len(head)) // len(unit))


FAMILIES: dict[str, Callable[[int], str]] = {
    "letter-spaced run": lambda n: _repeat("y ", n),
    "one-letter sentences": lambda n: _repeat("x. ", n),
    "a tag, then a spaced run": lambda n: _repeat("y ", n, "<b>"),
    "a bracket, then a spaced run": lambda n: _repeat("[y ", n),
    "code words, spaced letters": lambda n: _repeat("Alfa y ", n),
    "digit groups on lines": lambda n: _repeat("617\n", n),
    "words": lambda n: _repeat("word ", n),
}
POLICY = {"name": "bench", "output": {
    "pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]},
    "toxicity": {"action": "block", "thresholds": {"toxicity": 0.8}},
    "patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}}


def cpu(windows: OutputWindows, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        windows._cut(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    args = ap.parse_args()
    guard = Guard(None, None, stream_hold_chars=200)
    policy = Policy.model_validate(POLICY)
    windows = OutputWindows(guard, policy, guard.output_stream(Policy.model_validate({"name": "v"})).vault, 200)
    windows._cut("warm up. 617-555-0143 jane@example.com " * 20)
    worst = 0.0
    print(f"{'family':30} {'ms @ n':>8} {'ms @ 4n':>8} {'ratio':>6}")
    for name, build in FAMILIES.items():
        small, large = cpu(windows, build(args.size), args.repeat), cpu(windows, build(4 * args.size), args.repeat)
        ratio = large / small if small > 0 else 0.0
        worst = max(worst, ratio)
        print(f"{name:30} {small * 1000:8.1f} {large * 1000:8.1f} {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} (linear ~4, quadratic ~16; fails above 8)")
    return 1 if worst > 8 else 0


if __name__ == "__main__":
    sys.exit(main())
