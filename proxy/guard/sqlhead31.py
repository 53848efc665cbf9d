"""The SQL statement a streamed field's next window lies inside (sql31, atk30 F13 streamed).

A whole answer reads a dump's cell under a `phone`/`ssn` column after the type's context word (`proxy.nlp.sql31.
typed_values`: the columns of a `CREATE TABLE` before an `INSERT ... VALUES` without a column list, or of a `COPY`'s
column list). A stream's window held a row without the `CREATE TABLE` or the `COPY` line. `SqlHeading` follows what a
field released: the `CREATE TABLE` statements whose columns name a phone number or an SSN (kept as a short `CREATE
TABLE t (a, b, c)`), the `INSERT` or `COPY` statement the field is inside, and the part of its current row already
released; `prefix` is what the next window is read after, so its cells fall under their columns.

Bounded: at most `MAX_TABLES` schemas of at most `KEEP` characters, and a statement's current row only while it is
shorter than `KEEP` (a longer one: nothing kept). Incremental: each released character is looked at once.
"""

from __future__ import annotations

import re

KEEP = 400  # (`proxy.guard.headings.KEEP`)

MAX_TABLES = 16
_START = re.compile(r"(?i)\b(?:create|insert|replace|copy)\b")


class SqlHeading:
    """The SQL context what a field released so far lies in (`feed`), and the prefix its next window is read after
    (`prefix`)."""

    __slots__ = ("buf", "depth", "head", "quote", "rows", "schemas", "types")

    def __init__(self) -> None:
        self.schemas: dict[str, str] = {}  # table name -> `CREATE TABLE t (a, b);` of a table naming a type
        self.types: set[str] = set()
        self.buf = ""     # the current statement's released text: its head, then the current row's part
        self.head = ""    # `INSERT INTO t VALUES ` or the `COPY ... FROM stdin;` line ("" while none)
        self.depth = 0
        self.quote = ""
        self.rows = False  # whether a row of the current `INSERT` was released

    def copy(self) -> SqlHeading:
        other = SqlHeading()
        other.schemas, other.types = dict(self.schemas), set(self.types)
        other.buf, other.head, other.depth, other.quote = self.buf, self.head, self.depth, self.quote
        other.rows = self.rows
        return other

    def prefix(self) -> tuple[str, tuple[str, ...]]:
        """What the next window is read after, and the types its columns name ("" and () for none)."""
        if not self.head and self.schemas:  # (the next window may open an `INSERT` into one of them)
            return "\n".join(self.schemas.values()) + "\n", ("PHONE_NUMBER", "US_SSN")
        if not self.head or len(self.buf) > KEEP:
            return "", ()
        from proxy.nlp.sql31 import _table_name

        if self.head.lower().startswith("copy"):
            return self.head + self.buf, tuple(sorted(self.types))
        m = re.match(r"(?is)\s*(?:insert|replace)\s+(?:\w+\s+)?into\s+(\S+)", self.head)
        schema = self.schemas.get(_table_name(m.group(1))) if m is not None else None
        if schema is None and "(" not in self.head.split("VALUES")[0].split("values")[0]:
            return "", ()
        rest = self.buf if self.depth > 0 else "(NULL)" if self.rows else ""
        return (schema or "") + "\n" + self.head + rest, tuple(sorted(self.types))

    def feed(self, released: str) -> None:
        """Follow `released` (the field's text as the model wrote it, in order)."""
        if not released:
            return
        if not self.head and not self.buf and _START.search(released) is None and not self.schemas:
            return
        if self.head and not self.head.lower().startswith("copy"):
            self._values(released)
            return
        self.buf += released
        self._scan()

    def _scan(self) -> None:
        from proxy.nlp.sql31 import _COPY, _INSERT, _schemas

        if not self.head:
            if "create" in self.buf.lower() and ")" in self.buf:
                self._schemas(_schemas(self.buf))
            m = next(reversed(list(_INSERT.finditer(self.buf))), None)
            c = next(reversed(list(_COPY.finditer(self.buf))), None)
            if c is not None and (m is None or c.start() > m.start()):
                self.head, self.buf = self.buf[c.start():c.end()], self.buf[c.end():]
                from proxy.guard.keyed import headed

                cols = re.findall(r"[\w$]+", c.group("c"))
                self.types = {t for col in cols for t in headed(col)}
                if not self.types:
                    self.head = ""
            elif m is not None:
                self.head, rest, self.buf = self.buf[m.start():m.end()], self.buf[m.end():], ""
                self.depth, self.quote, self.rows = 0, "", False
                self.types = {"PHONE_NUMBER", "US_SSN"}
                self._values(rest)
                return
            else:
                if len(self.buf) > 4 * KEEP:
                    self.buf = self.buf[-KEEP:]
                return
        if self.head.lower().startswith("copy"):
            lines = self.buf.split("\n")
            for line in lines[:-1]:
                if line.rstrip("\r") in ("\\.", ""):
                    self.head, self.buf = "", "\n".join(lines[lines.index(line) + 1:])
                    return
            self.buf = lines[-1]

    def _values(self, new: str) -> None:
        """Follow an `INSERT`'s released text: `buf` holds the current row's part (none between rows)."""
        out = list(self.buf)
        for i, ch in enumerate(new):
            out.append(ch)
            if self.quote:
                if ch == self.quote:
                    self.quote = ""
            elif ch == "'":
                self.quote = ch
            elif ch == "(":
                self.depth += 1
                if self.depth == 1:
                    out = ["("]
            elif ch == ")":
                self.depth -= 1
                if self.depth == 0:
                    out, self.rows = [], True
            elif self.depth == 0 and not ch.isspace() and ch != ",":
                # the statement ends (`;`, or a word without it): what follows may start the next
                self.head, self.buf = "", new[i + 1:] if ch == ";" else new[i:]
                self._scan()
                return
        self.buf = "".join(out)[-4 * KEEP:]

    def _schemas(self, found: dict[str, tuple[str, ...]]) -> None:
        from proxy.guard.keyed import headed

        for name, columns in found.items():
            if len(self.schemas) >= MAX_TABLES and name not in self.schemas:
                break
            if any(headed(c) for c in columns):
                text = f"CREATE TABLE {name} ({', '.join(columns)});"
                if len(text) <= KEEP:
                    self.schemas[name] = text
        self.buf = self.buf[self.buf.rfind(";") + 1:] if ";" in self.buf else self.buf


__all__ = ["SqlHeading"]
