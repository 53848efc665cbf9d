"""acc28 F17 (`proxy.nlp.fw31`): names under a fixed-width table's person column, beside its phone and SSN columns;
the tester's table, held-out tables, and look-alikes (names of things under other headers) that stay."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.nlp.test_particles31 import rewritten

TABLES = [  # (text, words that must go)
    ("NAME            DEPT        PHONE         SSN\nDana Kerr       Sales       4155550199    536904399\n"
     "Chidi Okafor    Finance     4155550123    536904398", ["Dana", "Kerr", "Chidi", "Okafor"]),
    # held out
    ("Customer          Region     Phone\nMarta Lindqvist   EMEA       4155550177\n"
     "Tomás Herrera     LATAM      4155550166", ["Marta", "Lindqvist", "Tomás", "Herrera"]),
    ("Last Name            First Name           SSN\nKerr                 Dana                 536904399",
     ["Kerr"]),
    ("Patient Name        Ward    Contact Number\nAmara Nwosu         B2      4155550144", ["Amara", "Nwosu"]),
]
KEPT = [
    "PRODUCT         TEAM        PHONE\nRose Garden     Ops         (none)\nBlue Bottle     Retail      (none)",
    "SERVICE         OWNER TEAM     PHONE\nBilling API     Payments       n/a",
]


@pytest.mark.parametrize(("text", "words"), TABLES)
async def test_names_under_a_fixed_width_name_column_go(analyzer: PiiAnalyzer, text: str, words: list[str]) -> None:
    out = await rewritten(analyzer, text)
    for word in words:
        assert word not in out, out


@pytest.mark.parametrize("text", KEPT)
async def test_things_under_other_headers_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert await rewritten(analyzer, text) == text
