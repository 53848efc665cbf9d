"""What the normalised view and the joined analysis add to the PII check: A/B, interleaved, CPU time.

    .venv/bin/python bench/pii_normalize.py [--repeat 40] [--only "chat turn"]

A is the PII check without them (each text analysed as sent, texts apart, no name carried from one text
to its mentions in another), B with them (as shipped:
`proxy.nlp.normalize` in the analysis, joints between texts, `proxy.guard.joined`). Both run the
default policy's input PII rule through `Guard.input` with the analysis inline (this process: no IPC,
so CPU time measures the check itself), each on its own analyzer and cache, the same texts, A and B
alternating sample by sample so drift on a shared machine hits both alike. Scenarios:
- one new text of 200 / 2,000 characters (prose with e-mails and phone numbers; the names corpus);
- a chat turn: 20 earlier messages (cached, as in a resent conversation) plus one new 300-character
  message, the last earlier one ending near a phone number (so the joint at the new cut is analysed:
  the worst case for joins);
- a chat turn with names: 20 earlier messages of the names corpus, each naming a customer after a cue
  (`Customer: Mrs. Okafor.`), plus a new message that mentions one of them bare (`Later I told Okafor
  about the refund.`): the cross-text pass (`proxy.nlp.mentions`, later22) has work in the new text and in
  the earlier message naming that person (its names from the other texts changed, so it is not cached);
- an obfuscated text (invisible characters, full-width digits, separators) of 2,000 characters.
Reported: median CPU ms per request for A and B, B/A - 1 (target: under 5%), and `paired`: the median of
each sample's B/A - 1 (A and B of a sample run on the same text back to back: steadier on a loaded machine),
with its quartiles in brackets; `balanced`: the median over pairs of consecutive samples (one with A first, one
with B first) of the geometric mean of their B/A, in which what the arm that runs first on a new text pays for
both (spaCy's new lexemes, shared caches: 1-4% of a request by instruction count) cancels.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import proxy.guard.checks.pii as pii_check  # noqa: E402
import proxy.nlp.pii as nlp_pii  # noqa: E402
from bench.pii_latency import corpus, prose, text_of  # noqa: E402
from proxy.config.policy import Policy, load_policies  # noqa: E402
from proxy.guard.engine import Guard  # noqa: E402
from proxy.nlp.normalize import View, normalize  # noqa: E402
from proxy.nlp.pii import PiiAnalyzer  # noqa: E402

REAL_NORMALIZE, REAL_JOINTS = nlp_pii.normalize, pii_check.joints
SURNAMES = ("Okafor", "Lindqvist", "Haddad", "Moreau", "Kowalski", "Tanaka", "Ferreira", "Nakamura", "Oyelaran",
            "Brennan", "Castellano", "Dubois", "Eriksen", "Gallagher", "Horvath", "Ivanova", "Jankowski", "Kaur",
            "Lombardi", "Marchetti", "Novak", "Petrov", "Quintero", "Rasmussen", "Sandoval")
REAL_MENTIONS = pii_check.PiiCheck._mentions


async def _no_mentions(self: Any, texts: Any, spans: Any, rule: Any, documents: Any) -> list[list[Any]]:
    return [list(found) for found in spans]


def arm(b: bool) -> None:
    """Switch the features on (B) or off (A) for the next call."""
    nlp_pii.normalize = REAL_NORMALIZE if b else (lambda text: View(text, text))  # type: ignore[assignment]
    pii_check.joints = REAL_JOINTS if b else (lambda *a, **k: [])  # type: ignore[assignment]
    pii_check.PiiCheck._mentions = REAL_MENTIONS if b else _no_mentions  # type: ignore[method-assign]


def named_turn(sources: dict[str, str], s: int) -> tuple[list[str], list[str]]:
    """A conversation about people: each earlier message names one after a cue (`Customer: Mrs. Okafor.`), the new
    one mentions one of them bare, so the cross-text pass (`proxy.nlp.mentions`) has work in the new text and in the
    earlier one naming the same person (its names from the other texts changed: not cached)."""
    people = [SURNAMES[(s + t) % len(SURNAMES)] for t in range(20)]
    history = [f"Customer: Mrs. {people[t]}. " + text_of(sources["names"], 460, 100 * s + t) for t in range(20)]
    new = text_of(sources["prose"], 260, 100 * s + 99) + f" Later I told {people[s % 20]} about the refund."
    return history, [*history, new]


def obfuscate(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch.isdigit() and i % 3 == 0:
            ch = chr(ord(ch) + 0xFEE0)
        out.append(ch)
        if i % 17 == 0:
            out.append("\u200b")
    return "".join(out).replace("-", "_")


async def cpu_ms(make: Callable[[], Coroutine[Any, Any, Any]]) -> float:
    started = time.process_time()
    await make()
    return (time.process_time() - started) * 1000


Measure = Callable[[bool, Callable[[], Coroutine[Any, Any, Any]]], Coroutine[Any, Any, float]]


async def scenario(guards: dict[bool, Guard], policy: Policy, repeat: int,
                   request: Callable[[int], tuple[list[str], list[str]]],
                   measure: Measure | None = None, arms: tuple[bool, ...] = (False, True)) -> dict[str, float]:
    """`request(salt)` -> (texts to analyse first, untimed; the request timed). `measure(b, make)` replaces the
    CPU timer (`bench/pii_normalize_instr.py`: instructions); `arms`: the arms run (one alone: that arm's
    process, `bench/pii_normalize_instr.py --apart`)."""
    times: dict[bool, list[float]] = {False: [], True: []}
    for salt in range(repeat):
        warm, texts = request(salt)
        for b in (salt % 2 == 0, salt % 2 == 1):  # alternate which arm goes first
            if b not in arms:
                continue
            arm(b)
            if warm:
                await guards[b].input(policy, warm)
            def make(b: bool = b, t: list[str] = texts) -> Coroutine[Any, Any, Any]:
                return guards[b].input(policy, t)
            times[b].append(await (measure(b, make) if measure is not None else cpu_ms(make)))
    arm(True)
    if not times[False] or not times[True]:
        return {}
    a, b = statistics.median(times[False]), statistics.median(times[True])
    # Each sample's A and B ran on the same text one right after the other: the median of their ratios
    # cancels most of a loaded machine's drift, which moves the two medians by a few percent each.
    ratios = [tb / ta if ta > 0 else 1.0 for ta, tb in zip(times[False], times[True], strict=True)]
    paired = statistics.median(ratios)
    # Whichever arm runs first on a new text pays what the two share the first time (spaCy's lexemes for its new
    # words, the recognizers' caches): B's ratio is high on even samples, low on odd ones, and the median of the two
    # clusters wobbles. `balanced`: the median over consecutive samples (one each way) of their ratios' geometric
    # mean, in which that cost cancels. `spread`: the paired ratios' quartiles.
    balanced = statistics.median((ratios[k] * ratios[k + 1]) ** 0.5 for k in range(0, len(ratios) - 1, 2)) \
        if len(ratios) > 1 else paired
    q1, _, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (paired, paired, paired)
    return {"A_ms": round(a, 2), "B_ms": round(b, 2), "added": round(b / a - 1, 4), "paired": round(paired - 1, 4),
            "balanced": round(balanced - 1, 4), "q1": round(q1 - 1, 4), "q3": round(q3 - 1, 4)}


async def main_async(repeat: int, only: str = "", measure: Callable[[str], Measure] | None = None,
                     arms: tuple[bool, ...] = (False, True)) -> dict[str, Any]:
    """`measure(scenario name)`, when given, counts each sample instead of timing it (and the `normalize`
    rows are left out)."""
    policy = load_policies(ROOT / "policies").get("default")
    policy = policy.model_copy(update={"input": policy.input.model_copy(
        update={"toxicity": None, "bias": None, "patterns": [], "secrets": None})})
    guards = {}
    for b in (False, True):
        analyzer = PiiAnalyzer(executor="inline")
        await analyzer.start()
        guards[b] = Guard(analyzer, None)
    sources = {"prose": prose(), "names": corpus()}
    report: dict[str, Any] = {}
    for kind, source in sources.items():
        for n in (200, 2000):
            if only not in f"{kind} {n}, one new text":
                continue
            name = f"{kind} {n}, one new text"
            report[name] = await scenario(
                guards, policy, repeat, lambda s, src=source, n=n: ([], [text_of(src, n, 9000 + s)]),
                measure and measure(name), arms)
    prose_src = sources["prose"]

    def turn(s: int) -> tuple[list[str], list[str]]:
        history = [text_of(prose_src, 500, 100 * s + t) + f" Call +1 212-555-{s % 10000:04d}." for t in range(20)]
        return history, [*history, text_of(prose_src, 300, 100 * s + 99)]

    if only in "chat turn: 20 cached messages + 1 new":
        name = "chat turn: 20 cached messages + 1 new"
        report[name] = await scenario(guards, policy, repeat, turn, measure and measure(name), arms)
    if only in "chat turn with names: 20 cached messages + 1 new mentioning one":
        name = "chat turn with names: 20 cached messages + 1 new mentioning one"
        report[name] = await scenario(guards, policy, repeat, lambda s: named_turn(sources, s),
                                      measure and measure(name), arms)
    if only in "obfuscated 2000, one new text":
        name = "obfuscated 2000, one new text"
        report[name] = await scenario(guards, policy, repeat,
                                      lambda s: ([], [obfuscate(text_of(prose_src, 2000, 7000 + s))]),
                                      measure and measure(name), arms)
    if measure is not None:
        return report
    # The view alone, for scale: normalising 2,000 characters of plain and of obfuscated text.
    plain, odd = text_of(prose_src, 2000, 1), obfuscate(text_of(prose_src, 2000, 1))
    for name, text in (("normalize 2000 plain", plain), ("normalize 2000 obfuscated", odd)):
        started = time.process_time()
        for _ in range(200):
            normalize(text)
        report[name] = {"ms": round((time.process_time() - started) * 1000 / 200, 3)}
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--only", default="", help="run the scenarios whose name contains this")
    args = parser.parse_args()
    report = asyncio.run(main_async(args.repeat, args.only))
    for name, r in report.items():
        if "added" in r:
            print(f"{name:<42} A {r['A_ms']:>8.2f} ms   B {r['B_ms']:>8.2f} ms   added {r['added']:+.1%}"
                  f"   paired {r['paired']:+.1%} ({r['q1']:+.1%} .. {r['q3']:+.1%})   balanced {r['balanced']:+.1%}")
        else:
            print(f"{name:<42} {r['ms']:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
