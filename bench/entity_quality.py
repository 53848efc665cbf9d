"""Quality per entity type for the types beyond the default set: places, dates, URLs, NRP, medical
licences and other countries' identifiers.

    .venv/bin/python bench/entity_quality.py [--n 100] [--seed 7] [--min-score 0.4] [--json]

Positives:
- LOCATION, DATE_TIME, NRP, URL: the labelled values of the presidio-research synthetic set (GPE,
  DATE_TIME, NRP, DOMAIN_NAME) in their own sentences; a value counts as found when a finding of
  the type overlaps it.
- Identifiers: `--n` valid values per type (faker where it has a provider, else generated with the
  type's checksum), each in two sentences: with a context word ("my NHS number is ...") and
  without ("Reference ... is attached."). Found: a finding of the type covers the value.
Negatives (false positives, findings of the type where there is none):
- the 1,500 sentences of the synthetic set (names, addresses, cards, phones, IBANs, dates...) for
  the identifier types, and its sentences without a label of the type for the four NER/URL types;
- 240 ordinary code snippets (bench/secrets_quality.py), and `--n` look-alikes per identifier type
  (the same shape, a wrong check digit), in the sentence without context.
Recall is given at `--min-score` (the policies' floor, 0.4) and at any score. Raw analyzer, no policy.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATA = ROOT.parent / "shared" / "fixtures" / "pii" / "presidio-research_synth_dataset_v2.json"
NER_LABELS = {"LOCATION": {"GPE"}, "DATE_TIME": {"DATE_TIME"}, "NRP": {"NRP"}, "URL": {"DOMAIN_NAME"}}
# A LOCATION finding inside a street address or next to a zip code is a place, not a false positive.
ALSO_RIGHT = {"LOCATION": {"GPE", "STREET_ADDRESS", "ZIP_CODE"}, "URL": {"DOMAIN_NAME", "EMAIL_ADDRESS"},
              "DATE_TIME": {"DATE_TIME", "AGE"}, "NRP": {"NRP"}}
CONTEXT = {
    "UK_NHS": "my NHS number is", "UK_NINO": "my national insurance number is", "ES_NIF": "mi NIF es",
    "ES_NIE": "mi NIE es", "IT_FISCAL_CODE": "il mio codice fiscale è", "IN_PAN": "my PAN is",
    "IN_AADHAAR": "my Aadhaar number is", "AU_TFN": "my tax file number is", "AU_ABN": "our ABN is",
    "AU_MEDICARE": "my Medicare number is", "SG_NRIC_FIN": "my NRIC is", "PL_PESEL": "mój PESEL to",
    "FI_PERSONAL_IDENTITY_CODE": "henkilötunnukseni on", "SE_PERSONNUMMER": "mitt personnummer är",
    "CA_SIN": "my SIN is", "MEDICAL_LICENSE": "the prescriber's DEA number is",
}


def _digits(rng: random.Random, n: int) -> list[int]:
    return [rng.randrange(10) for _ in range(n)]


def nhs(rng: random.Random, valid: bool = True) -> str:
    while True:
        d = _digits(rng, 9)
        check = 11 - sum(x * (10 - i) for i, x in enumerate(d)) % 11
        check = 0 if check == 11 else check
        if check == 10:
            continue
        if not valid:
            check = (check + 1 + rng.randrange(8)) % 10
        s = "".join(map(str, d)) + str(check)
        return f"{s[:3]} {s[3:6]} {s[6:]}"


def nino(rng: random.Random, valid: bool = True) -> str:
    first, second = "ABCEGHJKLMNOPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"
    while True:
        prefix = rng.choice(first) + rng.choice(second)
        if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    if not valid:
        prefix = rng.choice(["DA", "FQ", "QU", "VI", "UD"])  # D, F, I, Q, U, V never appear
    num = "".join(map(str, _digits(rng, 6)))
    return f"{prefix} {num[:2]} {num[2:4]} {num[4:]} {rng.choice('ABCD')}"


def _weighted(rng: random.Random, weights: list[int], modulus: int, valid: bool, first_minus_one: bool = False,
              ) -> str:
    while True:
        d = _digits(rng, len(weights))
        if first_minus_one and d[0] == 0:
            continue
        v = list(d)
        if first_minus_one:
            v[0] -= 1
        ok = sum(x * w for x, w in zip(v, weights, strict=True)) % modulus == 0
        if ok == valid:
            return "".join(map(str, d))


def tfn(rng: random.Random, valid: bool = True) -> str:
    s = _weighted(rng, [1, 4, 3, 7, 5, 8, 6, 9, 10], 11, valid)
    return f"{s[:3]} {s[3:6]} {s[6:]}"


def abn(rng: random.Random, valid: bool = True) -> str:
    s = _weighted(rng, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19], 89, valid, first_minus_one=True)
    return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"


def medicare(rng: random.Random, valid: bool = True) -> str:
    d = [rng.randrange(2, 7)] + _digits(rng, 7)
    check = sum(x * w for x, w in zip(d, [1, 3, 7, 9, 1, 3, 7, 9], strict=True)) % 10
    if not valid:
        check = (check + 1 + rng.randrange(8)) % 10
    s = "".join(map(str, d)) + str(check) + str(rng.randrange(1, 10))
    return f"{s[:4]} {s[4:9]} {s[9]}"


def nric(rng: random.Random, valid: bool = True) -> str:
    prefix = rng.choice("ST")
    d = _digits(rng, 7)
    total = sum(x * w for x, w in zip(d, [2, 7, 6, 5, 4, 3, 2], strict=True)) + (4 if prefix == "T" else 0)
    letter = "JZIHGFEDCBA"[total % 11]
    if not valid:
        letter = rng.choice([c for c in "JZIHGFEDCBA" if c != letter])
    return prefix + "".join(map(str, d)) + letter


_VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
       [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
       [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
       [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
       [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
       [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def aadhaar(rng: random.Random, valid: bool = True) -> str:
    """12 digits, the first 2-9, the last a Verhoeff check digit."""
    d = [rng.randrange(2, 10)] + _digits(rng, 10)
    c = 0
    for i, x in enumerate(reversed(d)):
        c = _VD[c][_VP[(i + 1) % 8][x]]
    check = _VINV[c]
    if not valid:
        check = (check + 1 + rng.randrange(8)) % 10
    s = "".join(map(str, d)) + str(check)
    return f"{s[:4]} {s[4:8]} {s[8:]}"


def dea(rng: random.Random, valid: bool = True) -> str:
    d = _digits(rng, 6)
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    if not valid:
        check = (check + 1 + rng.randrange(8)) % 10
    return rng.choice("ABFGMPRX") + rng.choice(string.ascii_uppercase) + "".join(map(str, d)) + str(check)


def _fake(locale: str, method: str) -> Callable[[random.Random, bool], str]:
    from faker import Faker

    maker = Faker(locale)

    def make(rng: random.Random, valid: bool = True) -> str:
        maker.seed_instance(rng.randrange(1 << 30))
        value = str(getattr(maker, method)())
        if valid:
            return value
        # The same shape with its last character changed (check letter or digit).
        last = value[-1]
        pool = string.digits if last.isdigit() else string.ascii_uppercase
        return value[:-1] + rng.choice([c for c in pool if c != last])
    return make


def generators() -> dict[str, Callable[[random.Random, bool], str]]:
    return {
        "UK_NHS": nhs, "UK_NINO": nino,
        "ES_NIF": _fake("es_ES", "nif"), "ES_NIE": _fake("es_ES", "nie"),
        "IT_FISCAL_CODE": _fake("it_IT", "ssn"),
        "IN_PAN": _fake("en_IN", "pan"), "IN_AADHAAR": aadhaar,
        "AU_TFN": tfn, "AU_ABN": abn, "AU_MEDICARE": medicare, "SG_NRIC_FIN": nric,
        "PL_PESEL": _fake("pl_PL", "pesel"), "FI_PERSONAL_IDENTITY_CODE": _fake("fi_FI", "ssn"),
        "SE_PERSONNUMMER": _fake("sv_SE", "ssn"), "CA_SIN": _fake("en_CA", "ssn"), "MEDICAL_LICENSE": dea,
    }


def _hit(findings: list[tuple[str, int, int, float]], entity: str, start: int, end: int, floor: float,
         cover: bool) -> bool:
    for kind, a, b, score in findings:
        if kind != entity or score < floor:
            continue
        if (a <= start and b >= end) if cover else (a < end and start < b):
            return True
    return False


def run(n: int, seed: int, floor: float) -> dict[str, Any]:
    from secrets_quality import code_snippets

    from proxy.nlp.presidio import build_engines

    eng = build_engines()
    rng = random.Random(seed)
    rows = json.loads(DATA.read_text())
    snippets = code_snippets(random.Random(seed))
    out: dict[str, Any] = {}
    started = time.perf_counter()
    # LOCATION, DATE_TIME, NRP, URL on the labelled set.
    for entity, labels in NER_LABELS.items():
        total = found = found_any = 0
        fp_sentences = clean = 0
        for row in rows:
            text = row["full_text"]
            res = eng.analyze(text, [entity])
            mine = [s for s in row["spans"] if s["entity_type"] in labels]
            for s in mine:
                total += 1
                found += _hit(res, entity, s["start_position"], s["end_position"], floor, cover=False)
                found_any += _hit(res, entity, s["start_position"], s["end_position"], 0.0, cover=False)
            right = [s for s in row["spans"] if s["entity_type"] in ALSO_RIGHT[entity]]
            if not mine:
                clean += 1
                wrong = [r for r in res if r[3] >= floor and not any(
                    r[1] < s["end_position"] and s["start_position"] < r[2] for s in right)]
                fp_sentences += bool(wrong)
        code_fp = sum(any(r[3] >= floor for r in eng.analyze(s, [entity])) for s in snippets)
        out[entity] = {"source": "presidio-research synth set", "values": total, "recall": found / total,
                       "recall_any_score": found_any / total, "fp_sentences": fp_sentences, "clean_sentences": clean,
                       "fp_code": code_fp, "code_snippets": len(snippets)}
    # Identifiers: generated values with and without context, look-alikes, the labelled set, code.
    for entity, gen in generators().items():
        ctx_hits = bare_hits = bare_any = 0
        for _ in range(n):
            value = gen(rng, True)
            for with_context in (True, False):
                prefix = f"Hi, {CONTEXT[entity]} " if with_context else "Reference "
                text = prefix + value + (", please update the record." if with_context else " is attached.")
                res = eng.analyze(text, [entity])
                hit = _hit(res, entity, len(prefix), len(prefix) + len(value), floor, cover=True)
                if with_context:
                    ctx_hits += hit
                else:
                    bare_hits += hit
                    bare_any += _hit(res, entity, len(prefix), len(prefix) + len(value), 0.0, cover=True)
        lookalike = 0
        for _ in range(n):
            text = f"Reference {gen(rng, False)} is attached."
            lookalike += any(r[0] == entity and r[3] >= floor for r in eng.analyze(text, [entity]))
        set_fp = sum(any(r[3] >= floor for r in eng.analyze(row["full_text"], [entity])) for row in rows)
        code_fp = sum(any(r[3] >= floor for r in eng.analyze(s, [entity])) for s in snippets)
        out[entity] = {"source": "generated", "values": n, "recall_context": ctx_hits / n, "recall": bare_hits / n,
                       "recall_any_score": bare_any / n, "fp_lookalikes": lookalike / n,
                       "fp_sentences": set_fp, "clean_sentences": len(rows), "fp_code": code_fp,
                       "code_snippets": len(snippets)}
    return {"min_score": floor, "n": n, "seed": seed, "seconds": round(time.perf_counter() - started, 1),
            "types": out}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="generated values per identifier type")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--min-score", type=float, default=0.4)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = run(args.n, args.seed, args.min_score)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"min_score {result['min_score']}, {result['n']} values per generated type, seed {result['seed']}, "
          f"{result['seconds']} s")
    print(f"{'type':<26} {'recall':>7} {'+context':>9} {'any score':>9} {'look-alike FP':>13} "
          f"{'FP sentences':>13} {'FP code':>8}")
    for entity, r in result["types"].items():
        ctx = f"{r['recall_context']:.0%}" if "recall_context" in r else "-"
        look = f"{r['fp_lookalikes']:.0%}" if "fp_lookalikes" in r else "-"
        print(f"{entity:<26} {r['recall']:>7.0%} {ctx:>9} {r['recall_any_score']:>9.0%} {look:>13} "
              f"{r['fp_sentences']:>6}/{r['clean_sentences']:<6} {r['fp_code']:>4}/{r['code_snippets']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
