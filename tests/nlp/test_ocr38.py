"""ocr38 (atk37 F20): values as an OCR engine garbles them: an address's `.com` read as `.corn`, `.c0m`, `.cOm`,
`,com`, `.co m`; an IBAN with `O`, `l`/`I`, `S`, `B` for digits (mod 97 confirms); a card with `S` for `5`, `B` for `8`
(Luhn confirms); an SSN with a Cyrillic `З` for `3` or `б` for `6`; a name hyphenated over a line break. The report's
values plus others; the look-alikes (part numbers, licence keys, `B2B`, `5S`, `S3`, `O(n)`, a corn farm's URL) go as
sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


GARBLED = [  # (text, what must not go, what must stay as written)
    ("Email: theo.abernathy@icloud.corn", ["abernathy", "icloud"], ["Email: "]),
    ("Email: theo.abernathy@icloud,com", ["abernathy"], ["Email: "]),
    ("Reply to k.osei@yahoo.c0m please.", ["k.osei", "yahoo"], ["Reply to ", " please."]),
    ("E-mail: priya.nair@outlook.co m", ["priya.nair", "outlook"], ["E-mail: "]),
    ("The scan went to d.lindqvist@hotmail.cOm yesterday.", ["lindqvist"], [" yesterday."]),
    ("Email: r.tanaka@acme-corp,com", ["r.tanaka", "acme-corp"], ["Email: "]),
    ("Write to eugenia.whitaker\u00a9gmail.com about it.", ["eugenia", "whitaker"], ["Write to ", " about it."]),
    ("Backup: j_doe\u00a9posteo.de or the portal", ["j_doe", "posteo"], ["Backup: ", " or the portal"]),
    ("Her address is k.nakashima@outlook.n3t today", ["nakashima", "outlook"], ["Her address is ", " today"]),
    ("Mail: kn.okafor@posteo.0rg", ["okafor", "posteo"], ["Mail: "]),
    ("Mail: t.osei\u00a9yahoo.corn", ["t.osei", "yahoo"], ["Mail: "]),
    ("IBAN: DE18 37O4 OO44 O287 3619 45", ["37O4", "OO44", "3619"], ["IBAN: "]),
    ("IBAN DE44 5OO1 O517 54O7 3249 31, BIC COBADEFFXXX", ["5OO1", "3249"], ["BIC COBADEFFXXX"]),
    ("Account: GB07 LOYD 3O96 3587 2l64 O5", ["3O96", "3587"], ["Account: "]),
    ("IBAN: ES91 2100 O418 4S02 0005 1332", ["O418", "4S02", "1332"], ["IBAN: "]),
    ("Card: 4556 7375 8689 98S5", ["7375", "98S5"], ["Card: "]),
    ("Visa 4539 S787 6362 1486 exp 09/28", ["S787", "6362"], ["Visa ", "exp 09/28"]),
    ("Amex: 37B2 822463 10005", ["37B2", "822463"], ["Amex: "]),
    ("SSN: 5\u04176-90-4399", ["90-4399"], ["SSN: "]),
    ("Social Security No. 4\u04311-22-7319", ["22-7319"], ["Social Security No. "]),
    ("Patient: Theodora Aber-\nnathy, DOB 1980", ["Theodora", "Aber", "nathy"], [", DOB 1980"]),
    ("Referred by Dr. Marcus Whit-\naker on 3 March.", ["Marcus", "Whit", "aker"], [" on 3 March."]),
]

PLAIN = [
    "SKU 37O4-OO44 is out of stock.",
    "SKU 5S00-0000-0000-0004 is back in stock.",
    "Part no. 4556 7375 8689 98S5 fits the 2019 model.",
    "Licence key: XXXXX-OOOOO-BBBBB-SSSSS",
    "Our B2B funnel follows the 5S lean methodology.",
    "Store it in S3; the sort is O(n log n) with 10O samples.",
    "Visit www.iowa.corn for corn prices.",
    "Copyright \u00a92024 Acme Corp. All rights reserved.",
    "\u00a9 Contoso.com 2023",
    "Copyright\u00a9Contoso.com, all rights reserved.",
    "Brand\u00a9 2021, n3t and 0rg are leetspeak.",
    "Hex id 0x5OOF, build 2024.05.S3, B-52 and B8 vitamins, 5S and 6S.",
    "A well-known pre-\nprocessing step for OCR output.",
    "Order 4556-7375-8689-98SX shipped.",
    "Ports: COM1, COM3; baud 9600; corn, cornflakes, acorn.",
    "Set the DE18 flag and the GB07 option before 3704 0044 runs.",
    "The Z80 and the 6502 used 8B and 16B registers.",
    "Run pre-\ncommit hooks, then re-\nbase onto main.",
    "Our email domain moved from .corn to .com in 2019.",
]


@pytest.mark.parametrize(("text", "values", "kept"), GARBLED)
async def test_garbled_values_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
    assert [k for k in kept if k not in sent] == [], sent


ANSWERS = [  # (an answer, what must not reach the client)
    ("The card on file is 4556 7375 8689 98S5 and her mail is k.osei@yahoo.c0m.", ["98S5", "k.osei"]),
    ("Per the scan: SSN 5\u04176-90-4399, contact theo.abernathy@icloud.corn today.", ["90-4399", "abernathy"]),
]


@pytest.mark.parametrize(("text", "values"), ANSWERS)
@pytest.mark.parametrize("size", [0, 3])
async def test_garbled_values_redacted_in_answers(guard: Guard, text: str, values: list[str], size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == [], out


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
