"""Tables of other layouts read as `|` tables: grid rules, wiki markup (tbl49, atk49 F03).

`proxy.nlp.tables.column_cells` reads a table as a header line of `|`-separated header cells, rule lines
(`|---|`, `+----+`) and rows of as many cells; a `proxy.guard.headings.Heading` follows a stream's lines the same
way. Other everyday layouts of the same table lost their columns, so a bare SSN or phone number under an `ssn` or
`phone` header was read as prose:

- grid tables (Python `tabulate(tablefmt="grid")`, reStructuredText grid tables): the header's rule is `+======+`,
  with or without outer borders (`===+====+===`), one column too (`| ssn |` over `+=====+`);
- Jira/Confluence wiki tables: a header of `||id||ssn||phone||` (or `|| id || ssn ||`), rows `|1|...|...|`; Moin
  tables (`|| a || b ||` rows), textile headers (`|_. id |_. ssn |`);
- MediaWiki tables: `! id !! ssn !! phone`, rows `| 1 || 536904399 || 6175550143`, and inside a `{|` ... `|}`
  block the form of one cell per line (`! id` / `! ssn`, `| 1` / `| 536904399`), each row then read as one line;
- Creole headers (`|= ssn |= phone |`), rows with a leading `|` only (AsciiDoc `| 1 | 536904399`), LaTeX tabular
  rows (`1 & 536904399 \\\\`, `\\hline` a rule), every box-drawing character (`mixed_grid`'s `┍━┯┑` too: a
  vertical `|`, a horizontal `-`, a junction `+`), and lone CR, U+2028, U+2029 and NEL line breaks (whole texts).

`piped` translates such lines into the `|` table shape without moving a character (each translation keeps the
text's length and every offset; only separators and rule characters change, never a cell's text), so every reader
over `column_cells` (the typed columns' values, the name columns, the columns of things) reads them as it reads
a MySQL client's table. `piped_line` is the same for one line of a stream (the one-cell-per-line MediaWiki form
is read whole only). Gated: a text with none of `==`, `||`, `!!`, `|_.`, `|=`, `\\\\`, a line-leading `!` or `|`, a
box character (searched in non-ASCII texts only) is returned as it is, at the cost of a few substring searches.
Pure functions, linear in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["piped", "piped_line"]

# A rule line with `=` (a grid's header rule `+====+====+`, `===+===`, `|====|`): `=` read as `-`.
_RULE = re.compile(r"[=+|: \t\-]+\r?")
_TEXTILE = re.compile(r"\|_\.")
_AMP = re.compile(r"(?<!\\)&")  # a LaTeX tabular's separator (not `\&`)
_LATEX_END = re.compile(r"\\\\[ \t]*\r?$")  # a LaTeX row's end: `\\`
_LATEX_RULES = ("\\hline", "\\toprule", "\\midrule", "\\bottomrule")
_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
_LONE_CR = re.compile(r"\r(?!\n)")


def _box_map() -> dict[int, str]:
    """Every box-drawing character (U+2500-U+257F) to the ASCII grid's: a vertical line `|`, a horizontal one `-`,
    a corner or a junction `+` (tabulate's `mixed_grid` `┍━┯┑`, `┝━┿┥` too); the diagonals are left as they are."""
    out: dict[int, str] = {}
    for code in range(0x2500, 0x2580):
        name = unicodedata.name(chr(code), "")
        if "DIAGONAL" in name or not name:
            continue
        ways = {w for w in ("UP", "DOWN", "LEFT", "RIGHT") if w in name.split()}
        vertical, horizontal = "VERTICAL" in name, "HORIZONTAL" in name or "DASH" in name and "VERTICAL" not in name
        if vertical and not horizontal and not ways & {"LEFT", "RIGHT"} or not vertical and not horizontal \
                and ways <= {"UP", "DOWN"} and ways:
            out[code] = "|"
        elif horizontal and not vertical and not ways & {"UP", "DOWN"} or not vertical and not horizontal \
                and ways <= {"LEFT", "RIGHT"} and ways:
            out[code] = "-"
        else:
            out[code] = "+"
    return out


_BOX = _box_map()
_BOX_CHARS = re.compile("[\u2500-\u257f]")


def _gated(text: str) -> bool:
    return "==" in text or "||" in text or "!!" in text or "|_." in text or "|=" in text or "\n!" in text \
        or text.startswith("!") or "\n|" in text or text.startswith("|") or "\\\\" in text \
        or not text.isascii() and _BOX_CHARS.search(text) is not None


def _leading_only(line: str) -> bool:
    body = line.strip()
    return body.startswith("|") and not body.endswith("|") and "||" not in body \
        and body[1:2] not in ("-", "}", "+", "=")


def piped_line(line: str) -> str:
    """One line (no line break in it) in the `|` table shape (see the module's docstring); `line` itself when it is
    none of the layouts read here."""
    if not _gated(line) and not line.startswith("\\"):
        return line
    if not line.isascii() and _BOX_CHARS.search(line) is not None:  # a box table's line (`│ ssn │`, `┝━┿━┥`)
        line = line.translate(_BOX)
    if line.startswith("\\") and line.strip().rstrip("\r") in _LATEX_RULES:  # `\hline`: a rule
        return "-" * len(line.rstrip("\r")) + line[len(line.rstrip("\r")):]
    if "&" in line and _LATEX_END.search(line) is not None:  # a LaTeX row: `id & ssn & phone \\`
        end = _LATEX_END.search(line)
        assert end is not None
        return _AMP.sub("|", line[:end.start()]) + " " * (end.end() - end.start())
    if "===" in line and _RULE.fullmatch(line) is not None:  # a grid's header rule
        return line.replace("=", "-")
    body = line.strip()
    if "||" in line:
        if body.startswith("||") and body.endswith("||") and len(body) > 4:  # Jira header, Moin row: ` |`
            return line.replace("||", " |")
        if body.startswith("|") and body[1:2] not in ("|", "-", "}", "+") and not body.endswith("|"):
            at = line.index("|")  # a MediaWiki row: `| 1 || 536904399 || 6175550143`
            return (line[:at] + " " + line[at + 1:]).replace("||", " |")
    if body.startswith("!") and not body.startswith("!!") and "!!" in body:  # MediaWiki: `! id !! ssn !! phone`
        at = line.index("!")
        return (line[:at] + " " + line[at + 1:]).replace("!!", " |").replace("||", " |")
    if "|_." in line:
        return _TEXTILE.sub("|  ", line)
    if "|=" in line and body.startswith("|="):  # a Creole header: `|= ssn |= phone |`
        return line.replace("|=", "| ")
    if body.startswith("|") and not body.endswith("|") and body[1:2] not in ("-", "}", "+", "=") \
            and body.count("|") >= 2:  # a row with a leading `|` only (AsciiDoc `| 1 | 536904399`, Markdown)
        at = line.index("|")
        return line[:at] + " " + line[at + 1:]
    return line


@functools.lru_cache(maxsize=256)
def piped(text: str) -> str:
    """`text` with its grid, Jira, MediaWiki and textile tables in the `|` table shape, every offset kept (see the
    module's docstring); `text` itself when it holds none. Kept for the texts read again (`column_cells` is called by
several readers of one text): 256 of them."""
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:  # other line breaks: `\n`
        text = _LONE_CR.sub("\n", text.translate(_BREAKS))
    if not _gated(text):
        return text
    lines = text.split("\n")
    out = [piped_line(line) for line in lines]
    for k in range(1, len(lines)):
        if out[k] != lines[k] and _leading_only(lines[k]) and lines[k - 1].rstrip().endswith("|"):
            out[k] = lines[k]  # a full `|` table's row cut short (`| Ann | 61755` at a text's end): not an AsciiDoc row
    if "{|" in text:
        _wiki_rows(lines, out)
    joined = "\n".join(out)
    return text if joined == text else joined


def _wiki_rows(lines: list[str], out: list[str]) -> None:
    """Inside a MediaWiki `{|` ... `|}` block, a row written one cell a line (`! id` / `! ssn`, `| 1` / `| 2`) read
    as one line (in `out`, in place): its first line's marker a space, each later cell line's marker a `|` and the
    line break before it a space (the row's text then one line of `out`, the lines it took dropped)."""
    inside = False
    row: list[int] = []  # the lines of the row being read

    def close() -> None:
        if len(row) > 1:
            first = row[0]
            body = out[first]
            if body[:1] in ("|", "!"):
                body = " " + body[1:]
            for k in row[1:]:
                body += " |" + out[k][1:]
                out[k] = "\x00"
            out[first] = body
        row.clear()

    for k, line in enumerate(lines):
        if line.startswith("{|"):
            close()
            inside = True
            continue
        if not inside:
            continue
        if line.startswith(("|}", "|-", "|+")) or line[:1] not in ("|", "!"):
            close()
            inside = not line.startswith("|}")
            continue
        row.append(k)
    close()
    out[:] = [line for line in out if line != "\x00"]
