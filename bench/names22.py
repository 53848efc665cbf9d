"""Full names made of two everyday words (atk20 H4: `Bill White`, `Hope Young`, `May Lord`) after the variants of a
person's cue (`Bill A. White called`, `Bill White, our CFO, paid`, `bill white called`), after a person's label of a
form (`Passenger:`, `Attendees:`) and in records (vCard `FN:`, LDAP `cn=`, `Signed-off-by:`, CSV, INI, YAML);
`none`: texts with the same shapes and no name (`Summer Sale called off`, `Product: Rose Gold Case`), which must stay
unaltered.

    .venv/bin/python bench/names22.py [--set dev|holdout] [--show N]

Sets: `bench/data/names22_dev.tsv` (the tester's reproducer, tuned on; `context`: the same names outside any cue,
`control`: the cues covered before) and `bench/data/names22_holdout.tsv` (other names, labels and records, written
before the rules, never tuned on). Every text goes through the PII analyzer with the default policy's entities; a row
misses when an occurrence of a name part lies in no PERSON span (or, for `none`, when any PERSON is found).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from names20 import main  # noqa: E402 (the same runner, over bench/data/names22_*.tsv)

if __name__ == "__main__":
    asyncio.run(main("names22", __doc__))
