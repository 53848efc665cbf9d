"""How many real provider ids a letter-split rule refuses, by the widest letter gap it reads (issue 12, atk8 B M3).

    .venv/bin/python bench/id_gaps.py [--n 1000000] [--gaps 1 2 3] [--seed 11] [--only b62 b58] [--json]
    .venv/bin/python bench/id_gaps.py --versions
    .venv/bin/python bench/id_gaps.py --ibans [--n 1000000] [--only b62]

`idshape.letter_split` reads a phone number, an SSN or a card whose printed groups are split by letters
(`org-617x555x0143`, `req_536QQ90QQ4399`); an id that holds one is refused as a header (`proxy.edge.upstream`)
and screened as text in a body. A random id holds such groups by chance: this counts how many of `--n` ids
of each population (the providers' published shapes, generated with a seeded RNG) `letter_split(id, gap)`
finds a value in, for each gap (1 to `gap` letters between groups, every type alike), and with the gaps the
proxy reads (`LETTER_GAPS`, by type). A regex for the layouts with the widest
gap picks the candidates first (a superset), so only those pay for the full check.

Populations: OpenAI `chatcmpl-` + 29 base62, `req_` + 32 hex (x-request-id), `org-` + 24 base62, `proj_` + 24
base62, `call_` + 24 base62; Anthropic `msg_01` + 22 base62, `req_011C` + 20 base58 (request-id), `toolu_01` + 22
base62; UUIDv4. Where a context exempts a shape from the rule, the table says so: a random hex id or a UUID is
relayed as a response header whatever its digits (`_HEX_ID_SHAPE`), an OpenAI hex id in a body too
(`idshape.hex_id`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proxy.guard.keyed import unnamed_value  # noqa: E402
from proxy.providers.idshape import LETTER_GAPS, iban_spans, id_shaped, letter_split  # noqa: E402

B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
HEX = "0123456789abcdef"
TYPES = ("PHONE_NUMBER", "US_SSN", "CREDIT_CARD")
POPULATIONS: dict[str, tuple[str, str, int, str]] = {  # name: (prefix, alphabet, length, exempt where)
    "chatcmpl-+29 b62": ("chatcmpl-", B62, 29, ""),
    "req_+32 hex": ("req_", HEX, 32, "response header"),
    "org-+24 b62": ("org-", B62, 24, ""),
    "proj_+24 b62": ("proj_", B62, 24, ""),
    "msg_01+22 b62": ("msg_01", B62, 22, ""),
    "req_011C+20 b58": ("req_011C", B58, 20, ""),
    "toolu_01+22 b62": ("toolu_01", B62, 22, ""),
    "uuid4": ("", HEX, 32, "response header"),
    "call_+24 b62": ("call_", B62, 24, ""),
}


def ids(prefix: str, alphabet: str, length: int, n: int, rng: np.random.Generator) -> list[str]:
    table = np.frombuffer(alphabet.encode(), dtype=np.uint8)
    raw = table[rng.integers(0, len(alphabet), size=(n, length))]
    if prefix == "" and length == 32:  # UUIDv4: version nibble 4, variant 8-b
        raw[:, 12] = ord("4")
        raw[:, 16] = np.frombuffer(b"89ab", dtype=np.uint8)[rng.integers(0, 4, size=n)]
    data = raw.tobytes().decode()
    out = [data[i * length:(i + 1) * length] for i in range(n)]
    if prefix == "" and length == 32:
        return [f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}" for u in out]
    return [prefix + u for u in out]


def candidates(gap: int) -> re.Pattern[str]:
    """Any of the layouts `letter_split` reads (3-3-4, 3-2-4, 4-4-4-4, 4-6-5; 1-3-3-4 holds a 3-3-4), each
    gap one separator or 1 to `gap` letters: a superset of what it finds."""
    g = rf"(?:[A-Za-z]{{1,{gap}}}|[-_.:/+=])"
    layouts = [(3, 3, 4), (3, 2, 4), (4, 4, 4, 4), (4, 6, 5)]
    body = "|".join(g.join(f"[0-9]{{{w}}}" for w in lay) for lay in layouts)
    return re.compile(rf"(?<![0-9])(?:{body})(?![0-9])", re.ASCII)


def entity(value: str, span: tuple[int, int]) -> str:
    parts = re.findall(r"[0-9]+", value[span[0]:span[1]])
    found = unnamed_value("", parts, [False] * len(parts), False)
    return found[0] if found else "?"


def run(n: int, gaps: list[int], seed: int, only: list[str] | None = None,
        chunk: int = 1_000_000) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    pre = candidates(max(gaps))
    rows = []
    for name, (prefix, alphabet, length, exempt) in POPULATIONS.items():
        if only and not any(o in name for o in only):
            continue
        refused = Counter[int]()
        kinds: dict[int, Counter[str]] = {g: Counter() for g in gaps}
        examples: dict[int, list[str]] = {g: [] for g in gaps}
        hits = chosen = 0
        t0 = time.perf_counter()
        left = n
        while left > 0:
            batch = ids(prefix, alphabet, length, min(chunk, left), rng)
            left -= len(batch)
            search = pre.search
            for value in batch:
                if search(value) is None:
                    continue
                hits += 1
                for g in gaps:
                    spans = letter_split(value, dict.fromkeys(TYPES, g))
                    if spans:
                        refused[g] += 1
                        kinds[g][entity(value, spans[0])] += 1
                        if len(examples[g]) < 3:
                            examples[g].append(value)
                chosen += bool(letter_split(value))
        rows.append({"population": name, "n": n, "candidates": hits, "exempt": exempt,
                     "refused": {g: refused[g] for g in gaps},
                     "per_million": {g: round(refused[g] * 1e6 / n, 2) for g in gaps},
                     "chosen": chosen, "chosen_per_million": round(chosen * 1e6 / n, 2),
                     "kinds": {g: dict(kinds[g]) for g in gaps}, "examples": examples,
                     "seconds": round(time.perf_counter() - t0, 1)})
        print(f"# {name}: {dict(refused)}, LETTER_GAPS {chosen} of {n} ({time.perf_counter() - t0:.0f}s)",
              file=sys.stderr, flush=True)
    return rows


def ibans(n: int, seed: int, only: list[str] | None = None, chunk: int = 1_000_000) -> list[dict[str, object]]:
    """How many random ids of each population hold a valid IBAN by chance (`iban_spans`: a country's layout and
    mod 97; atk10 B H1), and how many of those are screened at all (not `id_shaped`): only a screened id is read
    with the IBAN whole, so only those can be rewritten or refused for it."""
    rng = np.random.default_rng(seed)
    pre = re.compile(r"[A-Za-z]{2}[0-9]{2}", re.ASCII)  # upper or lower case (`iban_spans` reads both)
    rows: list[dict[str, object]] = []
    for name, (prefix, alphabet, length, _) in POPULATIONS.items():
        if only and not any(o in name for o in only):
            continue
        held = screened = 0
        examples: list[str] = []
        t0 = time.perf_counter()
        left = n
        while left > 0:
            batch = ids(prefix, alphabet, length, min(chunk, left), rng)
            left -= len(batch)
            for value in batch:
                if pre.search(value) is None or not iban_spans(value):
                    continue
                held += 1
                screened += not id_shaped(value)
                if len(examples) < 3:
                    examples.append(value)
        rows.append({"population": name, "n": n, "hold_iban": held, "per_million": round(held * 1e6 / n, 2),
                     "screened": screened, "examples": examples, "seconds": round(time.perf_counter() - t0, 1)})
        print(f"# {name}: {held} hold a valid IBAN, {screened} of them screened", file=sys.stderr, flush=True)
    return rows


def versions() -> dict[str, object]:
    """Real version strings (every installed distribution's, as `pip list` shows them) in the `User-Agent` shapes
    the SDKs and clients write, alone and in pairs: how many the token grammar takes, and how many of those
    `letter_split(..., spaces=True)` refuses (a phone number, an SSN or a card spelled across version tokens)."""
    from importlib.metadata import distributions

    from proxy.edge.upstream import _STAINLESS, _UA_TOKEN

    found = sorted({d.version for d in distributions() if d.version})
    shapes = {"OpenAI/Python {a}": False, "curl/{a}": False, "OpenAI/Python {a} {b}": True,
              "python-httpx/{a} Python/{b}": True, "OpenAI/JS {a} Bun/{b}": True, "axios/{a} node/{b}": True}
    out: dict[str, object] = {"versions": len(found)}
    examples: list[str] = []
    for shape, pair in shapes.items():
        tokens = taken = refused = 0
        for a in found:
            for b in found if pair else [""]:
                ua = shape.format(a=a, b=b)
                tokens += 1
                if not all(_UA_TOKEN.fullmatch(t) is not None and sum(c.isdigit() for c in t) <= 6
                           for t in ua.split(" ")):
                    continue
                taken += 1
                if letter_split(ua, spaces=True):
                    refused += 1
                    if len(examples) < 5:
                        examples.append(ua)
        out[shape] = {"strings": tokens, "grammar_takes": taken, "refused": refused}
    stainless = _STAINLESS["package-version"]
    package = [v for v in found if stainless.fullmatch(v)]
    out["x-stainless-package-version"] = {"strings": len(found), "grammar_takes": len(package),
                                          "refused": sum(1 for v in package if letter_split(v, spaces=True))}
    out["examples"] = examples
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="ids per population")
    ap.add_argument("--gaps", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--only", nargs="+", help="populations whose name holds one of these")
    ap.add_argument("--versions", action="store_true", help="real version strings in User-Agent shapes instead")
    ap.add_argument("--ibans", action="store_true", help="ids holding a valid IBAN by chance instead")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.ibans:
        found = ibans(args.n, args.seed, args.only)
        if args.json:
            print(json.dumps(found, indent=2))
            return
        print(f"| population (n={args.n:,}) | hold a valid IBAN (per 10^6) | of those screened |")
        print("|---|---|---|")
        for r in found:
            print(f"| {r['population']} | {r['hold_iban']} ({r['per_million']}) | {r['screened']} |")
        return
    if args.versions:
        print(json.dumps(versions(), indent=2))
        return
    rows = run(args.n, sorted(args.gaps), args.seed, args.only)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    gaps = sorted(args.gaps)
    print(f"| population (n={args.n:,}) | " + " | ".join(f"gap {g}: refused (per 10^6)" for g in gaps)
          + f" | LETTER_GAPS {LETTER_GAPS} | kinds at widest | exempt as |")
    print("|---|" + "---|" * len(gaps) + "---|---|---|")
    for r in rows:
        refused, per, kinds = r["refused"], r["per_million"], r["kinds"]
        assert isinstance(refused, dict) and isinstance(per, dict) and isinstance(kinds, dict)
        cells = " | ".join(f"{refused[g]} ({per[g]})" for g in gaps)
        print(f"| {r['population']} | {cells} | {r['chosen']} ({r['chosen_per_million']}) | {kinds[gaps[-1]]} "
              f"| {r['exempt'] or '-'} |")


if __name__ == "__main__":
    main()
