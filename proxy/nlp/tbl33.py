"""A long table's header read again with each later piece of it (tbl33: a CSV of more than ~1,000 characters).

The analysis reads a long text in pieces of about `PiiAnalyzer.chunk_chars` characters (`proxy.nlp.pii.split_text`).
The readers that type a table's cells by their column (`Name;Vorname;Telefon`, `first_name,last_name,phone`, a
`Name` column beside a given name's, a markdown table's header) see the header row in the first piece only: from
the second piece on, a surname column went out as sent and a city column could read as a person's (a 64-row export:
rows 24 on). `leads` gives, for a piece that starts inside a table whose header row lies before it, the header
(with a markdown table's rule line) to read before it, and the start of the piece's first line: the piece is read
from there, so its first row is whole (`split_text`'s overlap may start it mid-row), behind the header and a line
break. The caller drops what is found in that lead and moves the rest to the text's offsets.

A table here: lines split by the same separator (a tab, `;`, `|` or `,`: the line's most frequent one) the same
number of times, one after the other; its first line is read as its header. Found in one pass over the text
(`_runs`), so a text of any length costs one scan, whatever the number of pieces. A header longer than
`MAX_HEADER` characters is not carried. Pure functions, CPU only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["MAX_HEADER", "leads", "named_columns", "people_cells"]

MAX_HEADER = 400
_SEPARATORS = ("\t", ";", "|", ",")


def _signature(line: str) -> tuple[str, int] | None:
    """The line's separator (the most frequent of `_SEPARATORS`, the first listed on a tie) and how often it occurs."""
    best: tuple[str, int] | None = None
    for sep in _SEPARATORS:
        n = line.count(sep)
        if n and (best is None or n > best[1]):
            best = (sep, n)
    return best


def _rule(line: str) -> bool:
    """A markdown table's rule line (`|---|:--:|`)."""
    body = line.strip()
    return len(body) >= 3 and "-" in body and not body.strip("|-: \t")


def _runs(text: str) -> tuple[list[int], list[int]]:
    """Each line's start offset, and the index of the first line of the table it belongs to (itself when none)."""
    starts: list[int] = []
    first: list[int] = []
    pos = 0
    last: tuple[str, int] | None = None
    for n, line in enumerate(text.split("\n")):
        starts.append(pos)
        pos += len(line) + 1
        sig = _signature(line)
        if sig is not None and sig == last:
            first.append(first[n - 1])
        elif sig is not None and last is not None and n >= 1 and _rule(line) and sig[0] == "|":
            first.append(first[n - 1])  # (a rule line whose pipes differ in number: still the table's)
            continue  # (`last` stays the header's)
        else:
            first.append(n)
        last = sig
    return starts, first


def leads(text: str, offsets: Sequence[int]) -> list[tuple[int, str] | None]:
    """Per piece start in `offsets` (increasing: `split_text`'s): (where its first line starts, the header and rule
    lines to read before it, each ended by a line break), or None where the piece starts in no table row under a
    header before it, or its first line starts before the piece before it."""
    if "\n" not in text or len(offsets) < 2:
        return [None] * len(offsets)
    starts, first = _runs(text)
    out: list[tuple[int, str] | None] = []
    before = -1
    for off in offsets:
        line = bisect.bisect_right(starts, off) - 1
        head = first[line]
        if off > 0 and head < line and starts[line] > before and head + 1 < len(starts):
            lead = text[starts[head]:starts[head + 1]]
            if head + 2 < len(starts) and head + 1 < line and _rule(text[starts[head + 1]:starts[head + 2]]):
                lead += text[starts[head + 1]:starts[head + 2]]
            out.append((starts[line], lead) if len(lead) <= MAX_HEADER else None)
        else:
            out.append(None)
        before = off
    return out


# Header words beside a bare `name` column that make it a person's (`name,phone`), not a product's (`name,price`).
_PERSONAL = re.compile(r"(?i)(?:^|[\s_-])(?:phone|tel|telephone|mobile|cell|email|e-mail|mail|ssn|dob|birth\w*|born"
                       r"|address|street|zip|postcode|age|gender|sex|salary|department|dept|title|role|position"
                       r"|employee\w*|hired?|manager|nationality|passport|account|member\w*)(?:$|[\s_-])")


def people_cells(chunk: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each cell of a `,`- or `;`-separated table under a column whose header names a person
    (`proxy.nlp.tables.column_kind` "people": `customer`, `contact_name`, `owner`; a bare `name` only beside a
    person's attribute, `_PERSONAL`: `name,phone`, not `name,price`) that reads as a person's full name: a given name
    of any list (`Kenji`, `Amara`), then a listed name or a word of no common word's list (`Watanuki`; not `Rose
    Gold`, `Hunter Scheduler`), up to three words (`_ROW_NAME`). Markdown and HTML tables are read by
    `proxy.nlp.names25`, header-less rows by `proxy.nlp.pii._row_names`."""
    if "\n" not in chunk or ("," not in chunk and ";" not in chunk):
        return []
    from proxy.nlp.pii import _ROW_NAME
    from proxy.nlp.tables import column_cells, column_kind

    cells = column_cells(chunk, single=False)
    if not cells:
        return []
    personal = any(_PERSONAL.search(header.strip()) for _, _, header in cells)
    out: list[tuple[int, int]] = []
    kinds: dict[str, bool] = {}
    for a, b, header in cells:
        ok = kinds.get(header)
        if ok is None:
            bare = header.strip().lower() in ("name", "names", "full name", "fullname", "full_name")
            ok = kinds[header] = column_kind(header) == "people" and (personal or not bare)
        if not ok or b - a > 60 or not _ROW_NAME.fullmatch(chunk, a, b):
            continue
        line = chunk[chunk.rfind("\n", 0, a) + 1:a]
        if "|" in line or "\t" in line:
            continue
        words = re.split(r"[ '’-]", chunk[a:b])
        first, last = words[0], words[-1]
        if names.is_any_first(first) and not names.is_very_common(last) \
                and (names.is_name(last) or not names.is_common(last)):
            out.append((a, b))
    return out


def named_columns(line: str, heads: Sequence[tuple[int, int]]) -> bool:
    """Whether a header line's cells (`heads`, [start, end) in `line`) name a part of a person's name or a person
    (`proxy.nlp.tables.column_kind`: `first_name`, `Vorname`, `customer`, `name`): a streamed table's header kept
    for the windows after it (`proxy.guard.headings.Heading`), as the whole answer reads its rows under it."""
    from proxy.nlp.tables import column_kind

    return any(column_kind(line[a:b]) in ("parts", "people") for a, b in heads)
