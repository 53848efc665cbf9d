"""Fixed-width records and wrapped card numbers (fixw37, atk36 F20, F16).

- **NACHA entry detail records** (`nacha_entries`): an ACH file's type 6 record (94 characters: `6`, a transaction
  code, the receiving bank's routing number and check digit, the account, the amount, the individual id at 40-54,
  the individual name at 55-76, discretionary data, the addenda indicator, the trace number). Its individual id is
  read as an SSN (after the type's context word: the recognizer's own checks decide, so `EMP00417` stays) and its
  name, words of letters none a company's word (`ACME SUPPLY INC` stays), as a person's. A record a paste cut or
  padded (not 94 characters) is read by its fields: the name is the letters before the trailing trace number, the id
  the characters between the 10-digit amount and the name. The batch header's `CCD`/`CTX` entries pay companies: no
  name is read there. File, batch and control records (types 1, 5, 8, 9: amounts, counts, hashes) are not read.
- **Payroll-like fixed-width lines** (`payroll_values`, `payroll_names`): a line without delimiters where a run of
  digits is glued to letters or fields are padded with spaces (`0004471KOVALENKO      BOGDAN    6315522073124829934`),
  holding an upper-case name pair (a listed given name beside a word in capitals that is no common English word
  unless a listed name: `JOHNSON CONTROLS`, `WALKER SUPPLY` are no pair). Each run
  of 9 digits or more there is cut into a record's numeric fields (an SSN of valid areas, a North American number,
  a date, a zero-padded id or amount) as the whole run allows, and its SSN and phone pieces are read after their
  context words; the pair's words are a person's name. Lines of amounts, counts and codes without such a pair stay.
- **Card numbers wrapped over two lines** (`wrapped_cards`, a pass of the normalised view): digit groups ending a
  line and the next line's leading groups are read as one run (the line break as a space) when the digits are a
  card's length (13-19) with a valid Luhn check, and a card word stands before them or the groups are a printed
  card's (4-4-4-4, Amex 4-6-5), nothing else on the second line and no such line around them (`Card number: 4539
  1488\\n     0343 6400`). The card recognizer's own checks then decide.

Pure functions, CPU only; each reader is gated by a substring or character test and is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["fixw37_values", "nacha_entries", "payroll_names", "record_end", "record_open", "with_fixw37",
           "wrapped_cards", "wrapped_hint"]

Result = tuple[str, int, int, float]
_SCORE = 0.85

# --------------------------------------------------------------------------- NACHA entry detail records

# A type 6 record: the transaction code (2x, 3x, 4x, 5x), the routing number and its check digit; the record ends
# with the 15-digit trace number (after the addenda indicator).
_ENTRY = re.compile(r"(?m)^6[2-5][0-9]{9}[0-9][^\n]{60,90}?[0-9]{15}[ \t]*\r?$")
_ENTRY_HINT = re.compile(r"(?m)^6[2-5][0-9]{10}")
# The individual name: words of letters before the discretionary data, the addenda indicator and the trace number.
_NAME_TAIL = re.compile(r"([A-Za-z][A-Za-z.'&-]*(?: {1,2}[A-Za-z][A-Za-z.'&-]*){0,4})[ ]*[A-Za-z0-9 ]{0,2}?"
                        r"[0-9]{16}[ \t]*\r?\Z")
# A record a stream's window ends inside (cut before its trace number): read by the positions, its amount in place.
_OPEN_ENTRY = re.compile(r"(?m)^6[2-5][0-9]{10}[^\n]{17}[0-9]{10}[^\n]{15,60}\Z")
_ID = re.compile(r"[0-9]{9}|[0-9]{3}-[0-9]{2}-[0-9]{4}")
_COMPANY_SEC = re.compile(r"(?m)^5[0-9]{3}[^\n]{46}(?:CCD|CTX)")


def nacha_entries(text: str) -> list[tuple[int, int, int, int]]:
    """(id start, id end, name start, name end) of each NACHA entry detail record (id or name empty: start = end)."""
    if _ENTRY_HINT.search(text) is None:
        return []
    out: list[tuple[int, int, int, int]] = []
    companies = _COMPANY_SEC.search(text) is not None
    for m in _ENTRY.finditer(text):
        a, line = m.start(), m.group().rstrip()
        if len(line) == 94:
            id_a, id_b, name_a, name_b = a + 39, a + 54, a + 54, a + 76
        else:
            tail = _NAME_TAIL.search(line)
            if tail is None:
                continue
            name_a, name_b = a + tail.start(1), a + tail.end(1)
            head = line[12:tail.start(1)].rstrip()
            token = head.rsplit(None, 1)[-1] if head.strip() else ""
            id_b = a + 12 + len(head)
            if len(token) > 10 and token[:10].isdigit() and len(head.split()) > 1:
                id_a = id_b - len(token) + 10  # (the amount glued to the id: `0000125000631552207`)
            elif len(token) == 10 and token.isdigit():
                id_a = id_b  # (the amount, no id)
            else:
                id_a = id_b - len(token)
        id_a, id_b = _stripped(text, id_a, id_b)
        name_a, name_b = _stripped(text, name_a, name_b)
        if companies:
            name_a = name_b
        out.append((id_a, id_b, name_a, name_b))
    tail = _OPEN_ENTRY.search(text, max(0, len(text) - 94))
    if tail is not None and _ENTRY.match(text, tail.start()) is None:
        a = tail.start()
        out.append((*_stripped(text, a + 39, min(a + 54, len(text))), len(text), len(text)))
    return out


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] == " ":
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    return a, b


# --------------------------------------------------------------------------- payroll-like fixed-width lines

_RUN9 = re.compile(r"[0-9]{9}")
_LINE = re.compile(r"[^\n]{20,400}")
_CAPS = re.compile(r"(?<![A-Za-z'])[A-Z][A-Z'-]*[A-Z](?![A-Za-z'])")
_GLUE = re.compile(r"[0-9][A-Za-z]|[A-Za-z][0-9]")
_RUN = re.compile(r"[0-9]+")
_PHONE = re.compile(r"1?[2-9][0-9]{2}[2-9][0-9]{6}")
_DATE = re.compile(r"(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
                   r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?:19|20)[0-9]{2}")


def _pieces(run: str, at: int = 0, memo: dict[int, list[tuple[int, int, str]] | None] | None = None,
            ) -> list[tuple[int, int, str]] | None:
    """A cut of run[at:] into a record's numeric fields (start, end, type or ""), SSNs and phones tried first; None
    when the run is no such fields (each position's answer remembered: linear in the run)."""
    from proxy.nlp.caps31 import _valid_ssn

    if at == len(run):
        return []
    if memo is None:
        memo = {}
    if at in memo:
        return memo[at]
    memo[at] = None
    tries: list[tuple[int, str]] = []
    if _valid_ssn(run[at:at + 9]) and len(run) - at >= 9 and not run.startswith("00", at):  # (`00...`: padding)
        tries.append((9, "US_SSN"))
    for n in (10, 11):
        if _PHONE.fullmatch(run, at, at + n) and len(run) - at >= n:
            tries.append((n, "PHONE_NUMBER"))
    if _DATE.fullmatch(run, at, at + 8):
        tries.append((8, ""))
    if run.startswith("00", at):  # a zero-padded id or amount
        tries += [(n, "") for n in range(4, 13) if at + n <= len(run)]
    for n, kind in tries:
        rest = _pieces(run, at + n, memo)
        if rest is not None:
            memo[at] = [(at, at + n, kind), *rest]
            break
    return memo[at]


def _name_pair(line: str, names: NameLists) -> list[tuple[int, int]]:
    """The spans of an upper-case given name and the word in capitals beside it (only spaces or digits between)."""
    words = list(_CAPS.finditer(line))
    for i, w in enumerate(words):
        given = w.group()
        if len(given) < 3 or not names.is_any_first(given):
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(words):
                continue
            other = words[j].group()
            gap = line[min(w.end(), words[j].end()):max(w.start(), words[j].start())]
            if gap.strip(" 0123456789") or len(other) < 2 or other.lower() in _company_words() \
                    or names.is_english(other) and names.is_very_common(other) and not names.is_name(other):
                continue  # (`JOHNSON CONTROLS`, `WALKER SUPPLY`: an English word beside it)
            if names.is_first(given) or not names.is_very_common(given) or names.is_name(other):
                return [(w.start(), w.end()), (words[j].start(), words[j].end())]
    return []


def _company_words() -> frozenset[str]:
    from proxy.nlp.caps31 import COMPANY_WORDS

    return COMPANY_WORDS


def _records(text: str, names: NameLists) -> Iterator[tuple[int, str, list[tuple[int, int]]]]:
    """(start, line, name pair) of each payroll-like fixed-width line of `text` (the module's docstring)."""
    if _RUN9.search(text) is None:
        return
    for m in _LINE.finditer(text):
        line = m.group()
        if _RUN9.search(line) is None or any(c in line for c in ",;|\t=:") \
                or (_GLUE.search(line) is None and "  " not in line.strip()):
            continue
        pair = _name_pair(line, names)
        if pair:
            yield m.start(), line, pair


def payroll_values(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value) of each SSN and phone piece of a payroll-like line's digit runs."""
    from proxy.nlp.names import name_lists

    out: list[tuple[int, int, str, str]] = []
    for start, line, _ in _records(text, name_lists()):
        for r in _RUN.finditer(line):
            if not 9 <= len(r.group()) <= 80:
                continue
            for a, b, kind in _pieces(r.group()) or []:
                if kind:
                    out.append((start + r.start() + a, start + r.start() + b, kind, r.group()[a:b]))
    return out


def payroll_names(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with a payroll-like line's name pair as PERSON where no PERSON covers its words."""
    added = [("PERSON", start + a, start + b, _SCORE) for start, _, pair in _records(chunk, names) for a, b in pair]
    return _with(found, added)


def _with(found: list[Result], added: list[Result]) -> list[Result]:
    """`found` with `added`, the PERSON findings inside an added span dropped (the span is the whole name)."""
    added = [r for r in added if not any(f[0] == "PERSON" and f[1] <= r[1] and r[2] <= f[2] for f in found)]
    if not added:
        return found
    return [f for f in found if not (f[0] == "PERSON" and any(r[1] <= f[1] and f[2] <= r[2] for r in added))] + added


_RECORD_HEAD = re.compile(r"[0-9]{7}|[0-9][A-Z]{2}|[A-Z]{2}[0-9]")


def record_open(text: str, cut: int) -> bool:
    """Whether a stream's window may not end at `cut`, inside a line of a NACHA entry or a payroll-like fixed-width
    line (the module's docstring): read only whole (bounded: a line's first 200 characters)."""
    line = text.rfind("\n", 0, cut) + 1
    if cut == line or cut - line > 200 or text[cut - 1] in "\r\n":
        return False
    head = text[line:cut]
    return _ENTRY_HINT.match(head) is not None or "  " in head and _RECORD_HEAD.search(head) is not None \
        and not any(c in head for c in ",;|\t=:")


# A NACHA record's line: file header (`101 `), batch header, entry, batch control, file control (or its `9...` padding),
# in capitals and digits as the format writes them.
_NACHA_LINE = re.compile(r"(?:1[0-9]{2} |5[0-9]{3}|6[2-5][0-9]{10}|8[0-9]{3}|9[0-9]{6})[0-9A-Z &.,'/-]{45,90}")


def record_end(text: str, cut: int) -> bool:
    """Whether a stream's window may end at `cut`, right after a NACHA record's line (94 characters at most, its
    type 1, 5, 6, 8 or 9 first): the records' digits on either side of the line break are no one value's groups."""
    if cut < 51 or text[cut - 1] != "\n":
        return False
    line = text[text.rfind("\n", 0, cut - 1) + 1:cut - 1].rstrip("\r")
    return _NACHA_LINE.fullmatch(line) is not None and (line[0] != "6" or _ENTRY.fullmatch(line) is not None)


# --------------------------------------------------------------------------- hooks


def fixw37_values(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value) of each NACHA entry's individual id and payroll-like line's SSN and phone pieces,
    read after the type's context word (`proxy.guard.keyed.labelled_values`)."""
    if _RUN9.search(text) is None:
        return []
    out: list[tuple[int, int, str, str]] = []
    if "US_SSN" in wanted:
        out += [(a, b, "US_SSN", text[a:b]) for a, b, _, _ in nacha_entries(text) if _ID.fullmatch(text, a, b)]
    if "US_SSN" in wanted or "PHONE_NUMBER" in wanted:
        out += [v for v in payroll_values(text) if v[2] in wanted]
    return out


def with_fixw37(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with NACHA entries' individual names and payroll-like lines' name pairs as PERSON."""
    if _RUN9.search(chunk) is None:
        return found
    added: list[Result] = []
    for _, _, a, b in nacha_entries(chunk):
        words = chunk[a:b].split()
        if words and not any(w.lower().strip(".") in _company_words() for w in words) \
                and (any(names.is_name(w) for w in words) or len(words) > 1
                     and not any(names.is_very_common(w) for w in words)):
            added.append(("PERSON", a, b, _SCORE))
    return payroll_names(chunk, _with(found, added), names)


# --------------------------------------------------------------------------- card numbers wrapped over two lines

_WRAP_HINT = re.compile(r"[0-9][ \t]*\r?\n[ \t]*[0-9]")
_WRAP = re.compile(r"(?<![\w.,/:+-])([0-9]{1,8}(?:[ -][0-9]{1,8}){0,4})[ \t]*(\r?\n[ \t]*)"
                   r"([0-9]{1,8}(?:[ -][0-9]{1,8}){0,4})(?![\w.,/:+]|-[0-9]|[ \t]*[0-9])")
_CUE = re.compile(r"(?i)(?:\bcard|\bvisa|mastercard|\bamex\b|\bdiscover|\bdebit|\bcredit|\bcc\b|\bpan\b|kart|tarjeta)")
_PRINTED = frozenset({(4, 4, 4, 4), (4, 6, 5)})
_GROUP_LINE = re.compile(r"[ \t]*[0-9]{4}(?:[ -][0-9]{2,6})*[ \t]*\r?")


def wrapped_hint(text: str) -> bool:
    return "\n" in text and _WRAP_HINT.search(text) is not None


def wrapped_cards(text: str) -> Iterator[tuple[int, int, str]]:
    """The line breaks inside a card number wrapped over two lines, each read as a space (the module's docstring)."""
    from proxy.nlp.normalize import luhn_ok

    for m in _WRAP.finditer(text):
        groups = re.split(r"[ -]", m.group(1)) + re.split(r"[ -]", m.group(3))
        digits = "".join(groups)
        if not 13 <= len(digits) <= 19 or digits[0] not in "23456" or not luhn_ok(digits):
            continue
        line_a = text.rfind("\n", 0, m.start()) + 1
        cue = _CUE.search(text, max(0, text.rfind("\n", 0, max(0, line_a - 1)) + 1), m.start())
        if cue is None:
            before, after = text[line_a:m.start()], text[m.end():text.find("\n", m.end()) % (len(text) + 1)]
            if tuple(map(len, groups)) not in _PRINTED or any(c.isdigit() for c in before) or after.strip(" \t\r.,;)"):
                continue  # (the groups alone on the second line: `0343 6400 units shipped` is a count)
            prev_a = text.rfind("\n", 0, max(0, line_a - 1)) + 1
            nxt = text.find("\n", m.end())
            nxt_b = text.find("\n", nxt + 1) if nxt >= 0 else -1
            if line_a and _GROUP_LINE.fullmatch(text, prev_a, line_a - 1) \
                    or nxt >= 0 and _GROUP_LINE.fullmatch(text, nxt + 1, nxt_b if nxt_b >= 0 else len(text)):
                continue  # (a column of such groups: numbers of a table)
        yield m.end(1), m.end(2), " "
