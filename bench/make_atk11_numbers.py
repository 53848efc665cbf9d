"""Writes `bench/data/technical_atk11_numbers_holdout.txt` (issue 12, atk11 A FP1, B FP-M1, FP-M3, FP-L2): PII-free
texts with numbers that are no phone number, of the testers' classes in new frames and with another seed than their
sets (`technical_atk11_numbers.txt` holds those, the set the rules were written on).

    .venv/bin/python bench/make_atk11_numbers.py [--seed 17] [--per-class 10] [-o FILE]

Classes: three 3-digit numbers joined by a hyphen or a space with a unit after them or a colour or timing word
before them (latency percentiles, RGB colours, timeouts), numeric literals with `_` digit separators in code, counts
in thousands groups beside a count noun (de, fr, es, it, en), physical quantities in thousands groups with their
unit, 2^n - 1 in thousands groups, and integer sequences listed from their start (factorials, Catalan and Bell
numbers, rows of Pascal's triangle).
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_atk10_numbers import cli  # noqa: E402

OUT = ROOT / "bench" / "data" / "technical_atk11_numbers_holdout.txt"


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def _catalan(k: int) -> int:
    return math.comb(2 * k, k) // (k + 1)


def _bell(k: int) -> int:
    row = [1]
    for _ in range(k):
        nxt = [row[-1]]
        for x in row:
            nxt.append(nxt[-1] + x)
        row = nxt
    return row[0]


def classes(rng: random.Random) -> dict[str, Callable[[], str]]:
    r = rng.randrange
    pick = rng.choice

    def triple(lo: int = 100, hi: int = 1000) -> tuple[int, int, int]:
        return r(lo, hi), r(lo, hi), r(lo, hi)

    def seq(name: str, values: list[int]) -> str:
        k = r(8, len(values) + 1)
        return pick(["{}: {}", "{} (first terms): {}", "{} -> {}"]).format(name, " ".join(map(str, values[:k])))

    return {
        "latency": lambda: pick(["p50/p90/p99 = {}-{}-{} ms", "Latency (p50 p95 p99): {} {} {} ms",
                                 "Median/p95/max response time {}-{}-{} ms under load.",
                                 "TTFB percentiles: {}-{}-{}ms"]).format(*sorted(triple())),
        "colour": lambda: pick(["background: rgb {}-{}-{}", "The brand colour is RGB {} {} {}.",
                                "Set the LED colour to {}-{}-{} (R-G-B).", "hsl {}-{}-{} looked washed out"]).format(
            *triple(100, 256)),
        "timeouts": lambda: pick(["connect/read/write timeouts {}-{}-{} ms", "Retry delays: {} {} {} ms",
                                  "Timeouts were set to {}-{}-{} s for the three stages.",
                                  "Backoff {}-{}-{}ms, then give up."]).format(*triple()),
        "literal": lambda: pick(["let n: u64 = {};", "BATCH = {}  # rows", "const LIMIT = {};",
                                 "val threshold = {}L", "max_bytes: int = {}", "assert total == {}"]).format(
            _grouped(r(10**6, 10**10), "_")),
        "literal_float": lambda: pick(["price = {}.{}", "budget: float = {}.{}"]).format(
            _grouped(r(10**6, 10**9), "_"), r(10, 100)),
        "count": lambda: pick(["Wir verarbeiten {} Anfragen pro Stunde.", "Die Datei hat {} Zeilen.",
                               "Le journal contient {} lignes.", "Nous avons {} utilisateurs actifs.",
                               "La tabla tiene {} filas.", "Se registraron {} usuarios.",
                               "Il file contiene {} righe.", "Abbiamo ricevuto {} richieste.",
                               "The index holds {} entries.", "We served {} requests yesterday."]).format(
            _grouped(r(10**6, 10**10), " ")),
        "quantity": lambda: pick(["The orbit radius is {} km.", "Wavelength: {} nm", "It weighs {} kg.",
                                  "Clock: {} Hz", "The tunnel is {} m long.", "Budget of {} ms per frame."]).format(
            _grouped(r(10**6, 10**12), " ")),
        "power2": lambda: pick(["The counter stops at {}.", "Max value: {}", "Der Zähler endet bei {}."]).format(
            _grouped(2 ** r(24, 40) - pick([0, 1]), " ")),
        "sequence": lambda: pick([
            lambda: seq("Factorials", [math.factorial(k) for k in range(1, 13)]),
            lambda: seq("Catalan numbers", [_catalan(k) for k in range(0, 15)]),
            lambda: seq("Bell numbers", [_bell(k) for k in range(0, 13)]),
            lambda: "Row {} of Pascal's triangle: {}".format(
                n := r(7, 14), " ".join(str(math.comb(n, k)) for k in range(n + 1))),
        ])(),
    }


def main() -> int:
    return cli(__doc__, 17, OUT, classes)


if __name__ == "__main__":
    raise SystemExit(main())
