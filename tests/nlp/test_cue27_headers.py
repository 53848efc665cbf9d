"""A table whose header names its columns is no contact list (cue27's contact rows, merge of the twentieth session).

`proxy.nlp.cue27` reads `Jane Doe | 6175550143 | Boston` as a contact row. Under a header (`| Item | Order |` and its
separator line, or a first line of short cells `name,order`), the header readings name the columns: an order column's
numbers stay as written (tests/guard/test_window_table_headers.py), a phone column's are redacted by those readings.
"""

from __future__ import annotations

import pytest

from proxy.nlp.cue27 import cued_values

WANTED = {"PHONE_NUMBER", "US_SSN"}

ROWS = [
    "Jane Doe | 6175550143 | Boston",
    "Contacts:\nJane Doe | 6175550143 | Boston",
    "Hi team, here are the contacts:\nJane Doe, 6175550143, Sales",
]
HEADED = [
    "| Item | Order |\n|---|---|\n| Ann Lee | 6175550143 |",
    "name,order\nAnn Lee,6175550143",
    '{"body": "| Item | Order |\\n|---|---|\\n| Ann Lee | 6175550143 |"}',
    "Customer | Invoice\nAnn Lee | 6175550143",
]


@pytest.mark.parametrize("text", ROWS)
def test_a_contact_row_without_a_header_is_read(text: str) -> None:
    found = cued_values(text, WANTED)
    assert [text[a:b] for a, b, kind in found if kind == "PHONE_NUMBER"] == ["6175550143"]


@pytest.mark.parametrize("text", HEADED)
def test_a_row_under_a_header_is_left_to_the_header(text: str) -> None:
    assert cued_values(text, WANTED) == []


def test_a_markdown_row_is_left_to_the_header_streamed_before_it() -> None:
    # (a stream's later window holds the rows alone: the header went out in an earlier one)
    assert cued_values("| Ed Kim | 7185550134 |\n| Flo Ruiz | 2025550110 |", WANTED) == []
    assert cued_values('"| Ed Kim | 7185550134 |\\n| Flo Ruiz | 2025550110 |"', WANTED) == []
