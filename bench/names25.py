"""Full names of two everyday words where the place says a name stands (names25, atk24a F03, F08, F14, F20): under a
person's key (`customer_name`, `customerName`, `created_by`), in records and code (`Copyright (c) 2024 Bill White`,
`# Author:`, tables, action items, chat transcripts), mail headers `Surname, Given` without quotes, personalised
prompts and self-introductions; `none`: look-alikes that must stay unaltered (`{"product_name": "Golden Gate"}`).

    .venv/bin/python bench/names25.py [--set dev|holdout] [--show N]

Sets: `bench/data/names25_dev.tsv` (the tester's shapes, tuned on) and `bench/data/names25_holdout.tsv` (other
names, keys, shapes and look-alikes, written before the rules ran on them, never tuned on). Every text goes through
the PII analyzer with the default policy's entities; a row misses when an occurrence of a name part lies in no PERSON
span (or, for `none`, when any PERSON is found).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from names20 import main  # noqa: E402 (the same runner, over bench/data/names25_*.tsv)

if __name__ == "__main__":
    asyncio.run(main("names25", __doc__))
