"""What the stream window's gap bound costs (issue 12, seventh round): a phone number or a card in an output stream
whose digit groups are kept apart by a long run of layout (line breaks, spaces, list markers: what `_GROUP_GAP`
reads), and how long the window holds the first group (`proxy.guard.windows._GAP_REACH`).

    .venv/bin/python bench/stream_gap.py [--reach 2048 8192 65536] [--gaps 1000 3000 10000 60000] [--token 4]

Per bound (`_GAP_REACH`, patched) and gap: whether a digit of the value went out unredacted, the characters held
at most (memory and how far behind the model the client is), the stream's whole check time, and the slowest
feed (one token). The answer: `Intro. Call 617` + gap + `555-0143 now.` and `Card 4111` + gap +
`1111 1111 1111 ok.`, streamed in `--token`-character tokens through the output PII rule (phone and card),
analysed inline. A stream of the same length with no digits is the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import proxy.guard.windows as windows  # noqa: E402
from proxy.config.policy import Policy  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

POLICY = Policy.model_validate({"name": "bench", "output": {"pii": {"action": "redact", "entities": [
    "PHONE_NUMBER", "CREDIT_CARD"]}}})
GAPS = {"newlines": "\n", "spaces": " ", "list markers": "\n- "}


async def one(guard: Guard, text: str, secret: str, token: int) -> dict[str, Any]:
    stream = guard.output_stream(POLICY)
    out, most, slowest = "", 0, 0.0
    started = time.perf_counter()
    for i in range(0, len(text), token):
        t0 = time.perf_counter()
        out += await stream.feed("content", text[i:i + token])
        slowest = max(slowest, time.perf_counter() - t0)
        most = max(most, stream.held_in("content"))
    out += await stream.end("content")
    shown = re.sub(r"<[A-Z_]+_\d+>", "", out)  # placeholders out: any digit left is one of the value's
    return {"leak": any(c.isdigit() for c in shown) if secret else False, "held": most,
            "s": round(time.perf_counter() - started, 2),
            "slowest_ms": round(slowest * 1000, 1)}


async def main_async(args: argparse.Namespace) -> None:
    analyzer = PiiAnalyzer(executor="inline", workers=0)  # type: ignore[arg-type]
    await analyzer.start()
    guard = Guard(analyzer, None)
    for reach in args.reach:
        windows._GAP_REACH = reach
        for gap in args.gaps:
            for kind, unit in GAPS.items():
                run = unit * (gap // len(unit))
                rows = {
                    "phone": await one(guard, "Intro. Call 617" + run + "555-0143 now.", "6175550143", args.token),
                    "card": await one(guard, "Card 4111" + run + "1111 1111 1111 ok.", "4111111111111111", args.token),
                    "no digits": await one(guard, "Intro. Call us" + run + "later on, ok.", "", args.token),
                }
                line = "  ".join(f"{name}: leak={r['leak']!s:5} held={r['held']:6} {r['s']:6.2f}s "
                                 f"slowest={r['slowest_ms']:7.1f}ms" for name, r in rows.items())
                print(f"reach {reach:6}  gap {gap:6} {kind:12}  {line}", flush=True)
    await analyzer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reach", type=int, nargs="+", default=[2048, 8192, 65536])
    parser.add_argument("--gaps", type=int, nargs="+", default=[1000, 3000, 10000, 60000])
    parser.add_argument("--token", type=int, default=4)
    asyncio.run(main_async(parser.parse_args()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
