"""fields22: struct20's leftovers, held out (written before the rules were run on them, never tuned on) with
PII-free look-alikes: a phone number right after `#` (`#(818)629-8896`, `#818-629-8896`) and a name written
`SURNAME, GIVEN M` in capitals after a label (`Patient: SMITH, JOHN A`). A value leaks when any of its digits'
groups or words goes out as sent; a look-alike is altered when anything in it changes.

    PYTHONPATH=$PWD .venv/bin/python bench/fields22_leftovers.py [--show 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE"]
FRAMES = ["#{p}", "Reach me: #{p}", "Home #{p} after 6pm", "Emergency contact #{p}", "Text #{p}", "- #{p}",
          "Callback #{p}", "Cell: #{p}"]
HASH_LOOKS = ["Ticket #818-629-8896", "PR #1234 5678", "Issue #4155 5512 3412", "Order #818-629-88",
              "Build #2024-06-04", "color: #818; margin: 0", "Room #(818)629-8896", "See #818 629 8896 in the log",
              "Invoice #312-555-01", "step #123-456-7890 failed", "Commit #212-555-0199", "PO #617-555-0143",
              "Case #415.555.0123", "Part #718-555-0100", "Job #303-555-0111 ran", "Seat #12-14", "Version #3.4.5",
              "#2024-0611-7788", "Row #100-2000", "Item #0800-123-456", "Ref #(800)555-0199"]
SURNAMES = ["SMITH", "JOHNSON", "WILLIAMS", "GARCIA", "MARTINEZ", "ANDERSON", "TAYLOR", "THOMAS", "MOORE", "JACKSON",
            "MARTIN", "THOMPSON", "ROBINSON", "CLARK", "RODRIGUEZ", "LEWIS", "WALKER", "HALL", "ALLEN", "YOUNG",
            "HERNANDEZ", "KING"]
GIVEN = ["JAMES", "MARY", "ROBERT", "PATRICIA", "MICHAEL", "LINDA", "DAVID", "ELIZABETH", "RICHARD", "BARBARA",
         "JOSEPH", "SUSAN", "CHARLES", "JESSICA", "THOMAS", "SARAH", "DANIEL", "KAREN", "MATTHEW", "NANCY"]
LABELS = ["Patient", "Pt", "Name", "Member", "Insured", "Patient name", "Subscriber", "Attending"]
COMMA_LOOKS = ["Status: OPEN, HIGH P", "Colors: RED, BLUE", "Location: PARIS, FRANCE", "Vendor: ACME, INC",
               "Severity: CRITICAL, P1", "Team: ALPHA, BRAVO", "Tags: URGENT, BILLING", "Region: EAST, WEST",
               "Name: FOO, BAR", "Priority: LOW, MEDIUM", "Stage: BUILD, TEST, DEPLOY", "Flags: READ, WRITE X",
               "Mode: AUTO, MANUAL", "Env: PROD, STAGING", "Units: KG, LB", "State: NEW, ASSIGNED",
               "Sizes: SMALL, LARGE", "Shift: DAY, NIGHT", "Result: PASS, FAIL", "Category: FOOD, DRINK"]


ESCAPED_KEYS = [("given", "family"), ("firstName", "lastName"), ("fname", "lname"), ("first_name", "surname")]
ESCAPED_GIVEN = ["Jörg", "Jürgen", "Björn", "Zoë", "Łukasz", "Søren", "Ñuria", "Andrés", "José", "Mónica", "Gaëlle",
                 "Ingrid", "Tomáš", "Dagmar", "Renée", "Çağla"]
ESCAPED_FAMILY = ["Müller", "Schäfer", "Großmann", "Nuñez", "Kowalczyk", "Øvergaard", "Dvořák", "Löwe", "Böhm",
                  "García", "Ibáñez", "Lefèvre"]
ESCAPED_LOOKS = [{"title": "Straße und Café"}, {"label": "Größe: 42"}, {"city": "München", "zip": "80331"},
                 {"dish": "Crème brûlée", "price": 7}, {"unit": "°C", "value": 21}, {"note": "naïve Bayes"},
                 {"status": "geöffnet", "day": "Montag"}, {"family": "Rosaceae", "genus": "Malus"},
                 {"name": "Übersicht", "type": "page"}, {"text": "déjà vu"}, {"word": "Ärger"},
                 {"heading": "Überblick über die Änderungen"}, {"currency": "€", "amount": 12},
                 {"symbol": "µs", "value": 3}, {"title": "Résumé tips"}, {"lang": "español"},
                 {"tag": "smörgåsbord"}, {"place": "Zürich HB"}, {"product": "Füller Pro"}, {"menu": "Açaí bowl"}]


def _phone(rng: random.Random) -> str:
    import phonenumbers

    while True:
        d = f"{rng.choice([212, 312, 415, 617, 646, 718, 818, 303, 206, 512])}{rng.randint(200, 999)}" \
            f"{rng.randint(0, 9999):04d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(d, "US")):
            return d


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--seed", type=int, default=22)
    args = ap.parse_args()
    from tests.support.pii import shared_analyzer

    analyzer = shared_analyzer()
    await analyzer.start()
    rng = random.Random(args.seed)

    async def spans(text: str) -> list[tuple[int, int]]:
        (found,) = await analyzer.analyze([text], ENTITIES)
        return [(s.start, s.end) for s in found if s.score >= 0.4]

    def covered(text: str, part: str, found: list[tuple[int, int]]) -> bool:
        at = text.index(part)
        return all(any(a <= k < b for a, b in found) for k in range(at, at + len(part)) if not text[k].isspace())

    hashed = []
    for n in range(24):
        d = _phone(rng)
        p = f"({d[:3]}){d[3:6]}-{d[6:]}" if n % 2 else f"{d[:3]}-{d[3:6]}-{d[6:]}"
        hashed.append((FRAMES[n % len(FRAMES)].format(p=p), p))
    names = []
    for n in range(24):
        sur, giv = SURNAMES[n % len(SURNAMES)], GIVEN[(n * 7) % len(GIVEN)]
        mid = ["", " A", " J.", " R"][n % 4]
        names.append((f"{LABELS[n % len(LABELS)]}: {sur}, {giv}{mid}", f"{giv}{mid}"))
    escaped = []
    for n in range(24):
        giv, fam = ESCAPED_GIVEN[n % len(ESCAPED_GIVEN)], ESCAPED_FAMILY[(n * 5) % len(ESCAPED_FAMILY)]
        k1, k2 = ESCAPED_KEYS[n % len(ESCAPED_KEYS)]
        text = json.dumps({k1: giv, k2: fam})  # ensure_ascii: `\u00f6`
        escaped.append((text, json.dumps(giv)[1:-1]))
    looks_escaped = [json.dumps(v) for v in ESCAPED_LOOKS]
    for label, cases, looks in (("# phone", hashed, HASH_LOOKS), ("SURNAME, GIVEN", names, COMMA_LOOKS),
                                ("\\u names", escaped, looks_escaped)):
        leaked = [t for t, part in cases if not covered(t, part, await spans(t))]
        print(f"{label:16} leaked {len(leaked):3}/{len(cases)}")
        for t in leaked[:args.show]:
            print("   ", t)
        altered = [t for t in looks if await spans(t)]
        print(f"{label:16} look-alikes found {len(altered):3}/{len(looks)}")
        for t in altered[:args.show]:
            print("   ", t)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
