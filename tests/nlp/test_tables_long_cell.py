"""`proxy.nlp.tables._LONG_CELL`: a line with a cell longer than a header's (41 characters) is passed over without
being split. It must skip only lines `column_cells` would reject anyway: seeded tables and random lines give the same
cells with the shortcut as without it, and a header whose longest cell is 41 characters is still read."""

from __future__ import annotations

import random
import re

import pytest

from proxy.nlp import tables


def _without(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "_LONG_CELL", {sep: re.compile(r"(?!)") for sep in tables._SEPARATORS})


def _texts() -> list[str]:
    rnd = random.Random(12)
    out = []
    alphabet = "ab Ab,;|\t\"'\r\n-.()/x1 "
    for _ in range(3000):
        out.append("".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 160))))
    for _ in range(3000):
        n, sep = rnd.randint(2, 5), rnd.choice(",;|\t")
        heads = ["name", "phone", ' "a b" ', "'" + "x" * rnd.randint(38, 42) + "'", "x" * rnd.randint(38, 44) + "\r",
                 " " * rnd.randint(0, 50) + "email", "Ab(" + "c" * rnd.randint(30, 40) + ")' "]
        header = sep.join(rnd.choice(heads) for _ in range(n))
        rows = "\n".join(sep.join(rnd.choice(["Dana Kerr", "617", "x y"]) for _ in range(n)) for _ in range(3))
        out.append(header + "\n" + rows)
    return out


@pytest.mark.parametrize("kw", [{}, {"single": False}, {"wide": True}])
def test_same_cells_as_without_the_shortcut(monkeypatch: pytest.MonkeyPatch, kw: dict[str, bool]) -> None:
    texts = _texts()
    with_it = [tables.column_cells(t, **kw) for t in texts]
    _without(monkeypatch)
    without = [tables.column_cells(t, **kw) for t in texts]
    assert with_it == without
    assert sum(1 for cells in without if cells) > 1000  # the set holds tables, not only rejected lines


def test_longest_header_cell() -> None:
    head = "A" + "b" * 40  # 41 characters: `_HEADER_CELL`'s longest
    cells = tables.column_cells(f"{head},phone\nDana Kerr,617\n")
    assert [c[2] for c in cells] == [head, "phone"]
    assert tables.column_cells(f"{head}b,phone\nDana Kerr,617\n") == []
    assert tables._LONG_CELL[","].search(f"{head}b,phone") and not tables._LONG_CELL[","].search(f"{head},phone")
