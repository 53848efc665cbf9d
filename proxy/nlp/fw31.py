"""Names under a fixed-width table's name column (acc28 F17).

`proxy.nlp.tab29` reads a fixed-width table (pandas' `df.head()`, `pdftotext -layout`, terminal reports) that has a
phone or an SSN column: each row's words under the header cell they overlap. The values under its phone and SSN
columns were read; a name under its `NAME` column went as the model read it, and the model misses a row's name
beside other columns' words (`Dana Kerr       Sales       4155550199`). A cell under a header naming a person
(`proxy.nlp.tables.column_kind`: `NAME`, `Patient Name`, `Customer`, `Last Name`) of one to four capitalised words
without digits, one of them a listed name, is a name. Pure functions; gated by the table reader's own gate.
"""

from __future__ import annotations

from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]


def fixed_width_names(text: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the names under a fixed-width table's person column as PERSON where no PERSON covers them."""
    if "\n" not in text or "  " not in text:
        return found
    from proxy.nlp.tab29 import fixed_width_cells
    from proxy.nlp.tables import column_kind

    added: list[Result] = []
    for a, b, header in fixed_width_cells(text):
        kind = column_kind(header)
        if kind not in ("people", "parts"):
            continue
        words = text[a:b].split()
        if not 1 <= len(words) <= 4 or any(not w[0].isupper() or any(c.isdigit() for c in w) for w in words):
            continue
        if not any(names.is_name(w.strip(",.")) or names.is_any_first(w.strip(",.")) for w in words):
            continue
        if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found):
            added.append(("PERSON", a, b, 0.85))
    if not added:
        return found
    return [r for r in found if not (r[0] == "PERSON" and any(x <= r[1] and r[2] <= y for _, x, y, _ in added))] \
        + added
