"""mrz34 (atk33 F02) held-out check: machine-readable zones whose first line does not start its line (after a label,
in a JSON string, flattened, visas, TD2) with names, states and layouts not used in tests/nlp/test_mrz34.py, and
PII-free look-alikes (C++ `<<`, heredocs, `P<` in prose, base64, generic templates). Prints how many zones still
send their holder's name and how many look-alikes get altered (PERSON, the default entities). About 30 s.

    PYTHONPATH=$PWD .venv/bin/python bench/mrz34.py
"""

from __future__ import annotations

import asyncio

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import DEFAULT_ENTITIES

PEOPLE = [("USA", "OCONNELL", "BRIDGET<ANNE"), ("GBR", "ABERNATHY", "CALLUM"), ("IND", "RAGHAVAN", "MEERA"),
          ("MEX", "VILLANUEVA", "XIMENA<SOFIA"), ("JPN", "TAKAHASHI", "HARUTO"), ("DEU", "BRANDT", "LUKAS<JONAS"),
          ("ZAF", "DLAMINI", "SIPHO"), ("PHL", "MACARAEG", "JOSEFINA"), ("POL", "WISNIEWSKA", "AGNIESZKA"),
          ("EGY", "ELSAYED", "NOUR")]
DATA44 = "C7Y40215H8USA7711034F2908173<<<<<<<<<<<<<<00"
DATA36 = "T55501873MEX9102118M3004152<<<<<<<6"


def _l1(code: str, state: str, sur: str, given: str, width: int) -> str:
    head = f"{code}{state}{sur}<<{given}"
    return head + "<" * (width - len(head))


def _zones() -> list[tuple[str, str]]:
    out = []
    for i, (st, sur, given) in enumerate(PEOPLE):
        td3, td2 = _l1("P<", st, sur, given, 44), _l1("I<", st, sur, given, 36)
        visa = _l1("V<", st, sur, given, 44 if i % 2 else 36)
        out += [(f"Here's the passport, MRZ = {td3}\n{DATA44}", sur),
                (f'{{"ocr": {{"mrz_lines": "{td3}\\n{DATA44}", "confidence": 0.98}}}}', sur),
                (f"scanned text: {td3}{DATA44}", sur),
                (f"Visa MRZ: {visa}", sur),
                (f"ID card (TD2) -> {td2}\n{DATA36}", sur),
                (f"    > MRZ line 1: `{td3}`", sur)]
    return out


LOOK_ALIKES = [
    "std::cout << \"P<USA: \" << name << \"<<\" << std::endl;",
    "cat <<'EOF'\nP<USA NOTES\nEOF",
    "template <typename P> using Ptr = P<USAGE<<MODE>>; // P<A<<B>> nested",
    "payload: UDxVU0FPQ09OTkVMTDw8QlJJREdFVDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8Cg==",
    "The P<ISO grammar uses <<KEYWORD<<TOKEN<< markers around reserved words.",
    "Progress: [P<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<] 0%",
    "MRZ format: P<XXXSURNAME<<GIVEN<NAMES<<<<<<<<<<<<<<<<<<<<<< (44 chars)",
    "Ruby: list << item << other; puts \"A<GBR<<ITEM\"",
    "a<b<<c and P<GBRVALUE<<KEY in a spec example with extra text",
    "Haskell: main = print (x <<< y) >>> z where P<USAFN<<ARG = 1",
]


async def main() -> None:
    a = PiiAnalyzer(executor="process", workers=1)
    await a.start()
    try:
        zones = _zones()
        spans = await a.analyze([t for t, _ in zones], DEFAULT_ENTITIES)
        sent = 0
        for (t, sur), found in zip(zones, spans, strict=True):
            covered = any(r.entity == "PERSON" and t[r.start:r.end].startswith(sur) for r in found)
            sent += not covered
        print(f"held-out zones whose name goes up: {sent}/{len(zones)}")
        spans = await a.analyze(LOOK_ALIKES, DEFAULT_ENTITIES)
        altered = [t for t, found in zip(LOOK_ALIKES, spans, strict=True) if found]
        print(f"look-alikes altered: {len(altered)}/{len(LOOK_ALIKES)}")
        for t, found in zip(LOOK_ALIKES, spans, strict=True):
            if found:
                print("  ", repr(t[:60]), [(r.entity, t[r.start:r.end]) for r in found])
    finally:
        a.terminate()


if __name__ == "__main__":
    asyncio.run(main())
