"""Writes `bench/data/technical_atk10_numbers_holdout.txt` (issue 12, atk10 A-M2, B-M5, B-M7, B-L4): PII-free texts
with numbers that are no phone or card number, of the testers' classes in new frames and with another seed than
their sets (`technical_atk10_numbers.txt` holds those, the set the rules were written on).

    .venv/bin/python bench/make_atk10_numbers.py [--seed 13] [--per-class 10] [-o FILE]

Classes: registration numbers after their word (EIN, D-U-N-S, VAT ids, SIREN/SIRET, CNPJ, Polish NIP, Korean
business numbers, Japanese corporate numbers and postal codes, NDC), barcodes (EAN-13 that pass Luhn, GTIN), powers
of two, a 3-digit and a 4-digit number side by side (ranges, year series, access logs, HTTP status and duration),
plain number rows, Markdown number tables and command output (free, curl, JMH, git).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from proxy.nlp.normalize import luhn_ok  # noqa: E402

OUT = ROOT / "bench" / "data" / "technical_atk10_numbers_holdout.txt"


def _d(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _luhn_digits(rng: random.Random, head: str, n: int) -> str:
    while True:
        d = head + _d(rng, n - len(head))
        if luhn_ok(d):
            return d


def _ean13(rng: random.Random) -> str:
    """A valid EAN-13 with a German GS1 prefix (400-440) that also passes Luhn (the class that read as a card)."""
    while True:
        d = str(rng.randrange(400, 441)) + _d(rng, 9)
        total = sum(int(x) * (3 if k % 2 else 1) for k, x in enumerate(d))
        d += str((10 - total % 10) % 10)
        if luhn_ok(d):
            return d


def _free(r: Callable[[int, int], int]) -> str:
    """`free -m`'s output (a literal backslash-n between lines: one text a line in the file)."""
    return (f"               total        used        free\\nMem:           {r(4000, 64000)}        {r(1000, 9999)}"
            f"        {r(100, 9999)}\\nSwap:           {r(1000, 9999)}         {r(100, 999)}        {r(1000, 9999)}")


def _curl(r: Callable[[int, int], int]) -> str:
    """curl's progress meter under its header."""
    size = r(1000, 9999)
    return ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\\n"
            f"100  {size}  100  {size}    0     0   {r(1000, 9999)}      0 --:--:-- --:--:-- --:--:--  {r(1000, 9999)}")


def classes(rng: random.Random) -> dict[str, Callable[[], str]]:
    r = rng.randrange
    pick = rng.choice
    return {
        "ein": lambda: pick(["EIN: {}", "Employer ID (EIN) {} is on file.", "The W-9 lists tax ID {}.",
                             "Payee TIN {} (EIN)."]).format(f"{r(10, 99)}-{_d(rng, 7)}"),
        "duns": lambda: pick(["Our DUNS is {}.", "D-U-N-S {} (parent company)", "Enter the D-U-N-S number {} in the "
                              "portal."]).format(f"{_d(rng, 2)}-{_d(rng, 3)}-{_d(rng, 4)}"),
        "vat": lambda: pick(["USt-IdNr.: DE {} {} {}", "VAT ID DE {} {} {} (supplier)", "Umsatzsteuer-ID DE {} {} {}"])
        .format(_d(rng, 3), _d(rng, 3), _d(rng, 3)),
        "siren": lambda: pick(["SIREN {}", "Numéro SIREN : {}", "SIRET : {} 000{}"]).format(
            " ".join(_luhn_digits(rng, str(r(1, 10)), 9)[k:k + 3] for k in (0, 3, 6)), r(10, 99)),
        "cnpj": lambda: pick(["CNPJ nº {}", "Fornecedor CNPJ {} cadastrado.", "Emitente: {}"]).format(
            f"{_d(rng, 2)}.{_d(rng, 3)}.{_d(rng, 3)}/000{r(1, 9)}-{_d(rng, 2)}"),
        "nip": lambda: pick(["NIP: {}-{}-{}-{}", "Nasz NIP to {}-{}-{}-{}."]).format(
            _d(rng, 3), _d(rng, 2), _d(rng, 2), _d(rng, 3)),
        "kr_brn": lambda: pick(["사업자 등록번호 {}", "사업자번호: {}"]).format(
            f"{_d(rng, 3)}-{_d(rng, 2)}-{_d(rng, 5)}"),
        "jp": lambda: pick(["〒 {}-{} 京都府京都市", "郵便番号 {}-{}", "法人番号 {}{}"]).format(_d(rng, 3), _d(rng, 4))
        if rng.random() < 0.7 else f"法人番号 {r(1, 10)}{_d(rng, 12)}",
        "ndc": lambda: pick(["NDC {}-{}-{}", "NDC: {}-{}-{} (package)"]).format(_d(rng, 5), _d(rng, 3), _d(rng, 2)),
        "barcode": lambda: pick(["EAN-13: {}", "GTIN {}", "Scan the barcode {} at checkout.", "Artikel-EAN {}",
                                 "The label shows EAN {} under the bars."]).format(_ean13(rng)),
        "pow2": lambda: (lambda n: pick(["2^{} = {}", "2**{} == {}", "A {}-bit space holds {} values."]).format(
            n, 1 << n))(r(40, 64)),
        "range": lambda: pick(["Use values between {}-{}.", "The sensor reads {}\u2013{} lux.",
                               "Write a {}-{} word essay.", "Allowed frame sizes {}-{} bytes.",
                               "Heat to {}-{} K."]).format(r(100, 1000), r(1000, 10000)),
        "years": lambda: pick(["In {} {} tickets were closed.", "Sales {} {} units, up from before.",
                               "Output {} {} kWh and {} {} kWh."]).format(
            r(2000, 2026), r(100, 1000), r(2000, 2026), r(100, 1000)),
        "access": lambda: "{} {} {} {}{}".format(pick(["GET", "POST", "PATCH"]), pick(["/v2/users", "/api/cart",
                                                 "/healthz", "/search?q=x"]), pick([200, 201, 302, 404, 500, 503]),
                                                 r(1000, 10000), pick(["ms", " ms", "ms (slow)"])),
        "http": lambda: pick(["HTTP {} {} ms", "status {} in {}ms", "upstream returned {} after {} ms"]).format(
            pick([200, 404, 502, 504]), r(1000, 10000)),
        "row": lambda: pick(["Scores: {} {} {}", "Latencies {} {} {} ms", "Batch sizes {} {} {}"]).format(
            r(100, 1000), r(1000, 10000), r(1000, 10000)),
        "table": lambda: "| metric | min | avg | max |\\n|---|---|---|---|\\n| {} | {} | {} | {} |".format(
            pick(["latency", "rss", "qps"]), r(100, 1000), r(100, 1000), r(1000, 10000)),
        "free": lambda: _free(r),
        "curl": lambda: _curl(r),
        "jmh": lambda: "Bench.{}  {}  {}  {}.{} \u00b1 {}.{}  {}".format(pick(["encode", "decode", "hash"]),
                                                                   pick(["thrpt", "avgt"]), pick([5, 10, 25]),
                                                                   r(1000, 9999), _d(rng, 3), r(1, 99), _d(rng, 3),
                                                                   pick(["ops/s", "us/op"])),
        "git": lambda: (lambda n: pick(["Counting objects: 100% ({0}/{0}), done.",
                                        "Compressing objects: 100% ({0}/{0}), done.",
                                        "Unpacking objects: 100% ({0}/{0}), 1.2 MiB | 3.1 MiB/s, done."]).format(n))(
            r(1000, 9999)),
    }


def generate(seed: int, per_class: int,
             make_classes: Callable[[random.Random], dict[str, Callable[[], str]]] | None = None) -> list[str]:
    """`per_class` distinct texts of each class (`make_classes`, this file's `classes` by default), seeded."""
    rng = random.Random(seed)
    out: list[str] = []
    for make in (make_classes or classes)(rng).values():
        seen: set[str] = set()
        while len(seen) < per_class:
            text = make()
            if text not in seen:
                seen.add(text)
                out.append(text)
    return out


def cli(doc: str | None, seed: int, out: Path,
        make_classes: Callable[[random.Random], dict[str, Callable[[], str]]] | None = None) -> int:
    """The generators' command line (this file's and `make_atk11_numbers.py`'s): `--seed`, `--per-class`, `-o`."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("-o", "--out", type=Path, default=out)
    args = parser.parse_args()
    texts = generate(args.seed, args.per_class, make_classes)
    args.out.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    print(f"{len(texts)} texts -> {args.out}")
    return 0


def main() -> int:
    return cli(__doc__, 13, OUT)


if __name__ == "__main__":
    raise SystemExit(main())
