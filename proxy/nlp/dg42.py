"""Numbers in data read as a phone number, an SSN or a card (dg42, fpatk42 FP05), on input and output alike:

- list items: groups apart by a comma (and blanks) are a list's, an array's or a CSV row's items, no SSN's or phone
  number's groups (`Business,249,50,2000`, `Jan,412,38,9120`, `grid = [[120, 45, 5400]]`, `SELECT 120, 45, 5400`,
  `np.array([412, 388, 5120])`): an SSN is written with `-`, a blank or nothing between its groups. A cell of a
  tab-separated row (`Jan<TAB>412<TAB>38<TAB>9120`) alike, under a header of words;
- numbers in a row of numbers: a run of groups apart by blanks or `/` with another number right before or after it
  (an HAProxy log's timers `0/0/1/5002/5003 504 194`, a `vmstat` row `812344 10233 4455120`, `/proc/loadavg`'s
  `3/512 48307`), or aligned in columns by two blanks or more in a block of such rows (`wc`'s `312   845  9120
  src/app.py`); a phone number's printed groups (3-3-4, valid) count only in a run aligned so;
- numbers after a counter's, a metric's or a code's word or a plural noun (`Exit codes 137 139 143`, `Rows: 312 45
  6789`, `pid 48211 48307 9912004`, `Cycle counts:`), or before a unit or a plural noun (`5003 504 194 records`,
  `100 250 1000 credits`); a phone number's printed groups only beside a unit of measure (`Docker image sizes in MB:
  812 344 1023`, `took 312 455 6210 seconds`, `Response times (ms) ...: 412 388 5120`);
- a card's run that is no card's grouping (`48211 48307 9912004`: 5-5-7; a card is printed 4-4-4-4, 4-6-5, 4-6-4 or
  glued) in one of the frames above.

What stays a value: anything after a phone word, a phone label, a possessive (`call 312 845 9120`, `my number is`,
`Tel`), an SSN label (`SSN [412, 63, 7785]`) or a card word, or before a phone word or `call me`; a group with a
leading zero (`[617, 555, 0143]`: a quantity has none) or the exchange `555` (`212 555 1234`); a value written with
`-`, `.` or brackets (`312-845-9120`, `(312) 845 9120`, `536-90-4399`); a card's own grouping (`4111 1111 1111
1111`, a test card, stays redacted as before).

Pure functions, CPU only: a finding of the three types is read only when its text holds a comma, a blank or a tab
between digits (the others pass at once).
"""

from __future__ import annotations

import re

Result = tuple[str, int, int, float]

_KINDS = frozenset({"PHONE_NUMBER", "US_SSN", "CREDIT_CARD"})
_COMMA_GROUPS = re.compile(r"\d+(?:[ \t]*,[ \t]*\d+)+")
_BLANK_GROUPS = re.compile(r"\d+(?:(?:[ \t]+|/)\d+)+")
# A unit of measure or a count's noun (as written after a number, or before it as `in MB`, `(ms)`).
_UNITS = frozenset("""
ms msec msecs millisecond milliseconds microseconds nanoseconds sec secs second seconds us ns µs min mins minute
minutes hr hrs hour hours days ops rps qps tps req/s ops/s kb mb gb tb pb kib mib gib tib pib byte bytes bit bits px
pixels dpi % fps rpm hz khz mhz ghz mm cm km kg mg mph kwh kw units points pts thousands millions
""".split())
# Words of a counter, a metric or a code before numbers (besides plural nouns).
_COUNTER_WORDS = frozenset("""
pid pids tid tids ppid id ids count counts exit code codes status size sizes total totals sum avg mean median max
min p50 p90 p95 p99 rows row cols columns bytes timers timings latency latencies throughput values results buckets
bins cycles iterations epochs steps offsets ports sectors blocks pages tiers scores ranks dimensions dims shape
lengths widths heights weights counters metrics stats totals usage errors hits misses reads writes loaded
processed took returned retries attempts
""".split())
_LABEL_BEFORE = re.compile(r"(?i)(?<![\w/])([a-z][a-z0-9_]*(?:/[a-z]+)?)[ \t]*(?:\([^()\n]{1,20}\)[ \t]*)?"
                           r"(?:(?:in|of)[ \t]+(?:the[ \t]+)?(?:\w+[ \t]+)?[\w/%]+[ \t]*)?[:=]?[ \t]*\(?\[*$")
_PAREN_UNIT = re.compile(r"\(([\w/%µ]{1,12})\)|\bin[ \t]+([\w/%µ]{1,12})\b")
_WORD_AFTER = re.compile(r"[ \t]*\]*\)?[ \t]*([A-Za-z%µ][\w/%]*)")
_CARD_GROUPINGS = frozenset({(4, 4, 4, 4), (4, 6, 5), (4, 6, 4), (4, 4, 4, 4, 3), (4, 4, 4, 3), (4, 4, 4, 2),
                             (4, 4, 4, 1), (4, 4, 5), (4, 4, 4, 4, 2), (4, 4, 4, 4, 1), (6, 13), (6, 12), (4, 4, 4)})
_NUMBER_BEFORE = re.compile(r"(?<![\w.+-])(\d+(?:\.\d+)?)([ \t]+|/)$")
_NUMBER_AFTER = re.compile(r"(?:[ \t]+|/)\d+(?:\.\d+)?(?![\w-])")
_CELL_SPLIT = re.compile(r"\t")


def _cued(text: str, start: int, end: int, row: bool = False) -> bool:
    """A phone word, label or possessive, an SSN label or a card word before the value, or a phone word after it;
    with `row` (a CSV row's cells), on the value's line only and not in the next cell (`Business,249,50,2000,Phone`
    under `support`: a cell about something else)."""
    from proxy.nlp.recognizers import (
        _CALL_ME_AFTER,
        _CARD_WORD,
        _PHONE_ABBREVIATION,
        _PHONE_LABEL,
        _PHONE_WORD,
        _PHONE_WORD_AFTER,
        _POSSESSIVE_BEFORE,
        _SCRIPT_PHONE_WORD,
        _SSN_LABEL,
    )

    before = text[max(0, start - 60, text.rfind("\n", 0, start) + 1 if row else 0):start]
    after = not row or text[end:end + 1] != ","
    return any(p.search(before) for p in (_PHONE_WORD, _SCRIPT_PHONE_WORD, _PHONE_ABBREVIATION, _PHONE_LABEL,
                                          _POSSESSIVE_BEFORE, _SSN_LABEL, _CARD_WORD)) \
        or after and (_PHONE_WORD_AFTER.match(text, end) is not None or _CALL_ME_AFTER.match(text, end) is not None)


def _csv_row(text: str, start: int, end: int) -> bool:
    """Whether the value's line is a plain CSV row under another line (no brackets, braces or quotes: no code)."""
    a = text.rfind("\n", 0, start)
    b = text.find("\n", end)
    return a >= 0 and not any(c in text[a:b if b >= 0 else len(text)] for c in "[]{}()\"'")


def _in_list(text: str, start: int, end: int) -> bool:
    """Whether comma-separated groups stand in a list: another item glued by a comma, a bracket around them, or a
    query's or array's word on their line (`Jan,412,38,9120`, `[[120, 45, 5400]]`, `SELECT 120, 45, 5400`); alone in
    prose they are one value written with commas (`the number is 536,90,4399`: test_side_doors_request)."""
    if text[:start].rstrip(" \t")[-1:] in (",", "[", "(", ";", "|") or text[end:].lstrip(" \t")[:1] in (",", "]", ")"):
        return True
    a, b = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    return _LIST_WORDS.search(text, a, b if b >= 0 else len(text)) is not None


_LIST_WORDS = re.compile(r"(?i)\b(?:select|values|array|list|tuple|vector|insert|sizes|dims|shape|counts)\b")


def _phone_like(groups: list[str]) -> bool:
    """A group no quantity has: a leading zero (`0143`), or a phone's exchange `555` in the middle."""
    return any(len(g) > 1 and g[0] == "0" for g in groups) or (len(groups) >= 3 and "555" in groups[1:-1])


def _plural_noun(word: str, nouns: frozenset[str]) -> bool:
    w = word.lower()
    if len(w) < 4 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return False
    return w[:-1] in nouns or (w.endswith("es") and w[:-2] in nouns) or (w.endswith("ies") and w[:-3] + "y" in nouns)


def _unit_beside(text: str, start: int, end: int) -> bool:
    """A unit of measure right after the value (`seconds`, `KiB`), or before it in the label's words (`sizes in
    MB:`, `Response times (ms) ...:`, `ops/s:`)."""
    after = _WORD_AFTER.match(text, end)
    if after is not None and after.group(1).lower() in _UNITS:
        return True
    line = text[max(text.rfind("\n", 0, start) + 1, start - 60):start]
    if any((m.group(1) or m.group(2) or "").lower() in _UNITS for m in _PAREN_UNIT.finditer(line)):
        return True
    label = _LABEL_BEFORE.search(line)
    return label is not None and label.group(1).lower() in _UNITS


def _framed(text: str, start: int, end: int, nouns: frozenset[str]) -> bool:
    """A counter's, metric's or code's word or a plural noun right before the value, or a unit or a plural noun
    right after it."""
    line = text[max(text.rfind("\n", 0, start) + 1, start - 60):start]
    label = _LABEL_BEFORE.search(line)
    if label is not None:
        word = label.group(1).lower()
        if word in _COUNTER_WORDS or word in _UNITS or _plural_noun(word, nouns):
            return True
    after = _WORD_AFTER.match(text, end)
    return after is not None and (after.group(1).lower() in _UNITS or after.group(1).lower() in _COUNTER_WORDS
                                  or (after.group(1).islower() and _plural_noun(after.group(1), nouns)))


def _neighbour(text: str, start: int, end: int) -> bool:
    """Another number right before or after the value, apart by blanks or `/` (a row of numbers); a country code
    before it (`+1`, `1`, `0044`) is none."""
    m = _NUMBER_BEFORE.search(text, max(0, start - 24), start)
    if m is not None and (m.group(2) == "/" or not (m.group(1) in ("1", "7") or m.group(1).startswith("00"))):
        return True
    return _NUMBER_AFTER.match(text, end) is not None


def _aligned_rows(text: str, start: int, end: int) -> bool:
    """The value's groups aligned in columns (two blanks or more between them) on a line that, or a line next to it,
    is another row of numbers so aligned (`wc`, `du`, `ps` output)."""
    if re.search(r"\d(?:[ \t]{2,}|\t)\d", text[start:end]) is None:
        return False
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    prev_a = text.rfind("\n", 0, max(0, a - 1)) + 1 if a > 0 else -1
    nxt = text[b + 1:text.find("\n", b + 1) if text.find("\n", b + 1) >= 0 else len(text)] if b >= 0 else ""
    prev = text[prev_a:a - 1] if a > 0 else ""
    row = re.compile(r"\d(?:[ \t]{2,}|\t)\d")
    return row.search(nxt) is not None or row.search(prev) is not None or prev.lstrip().startswith("$ ")


def _tab_row(text: str, start: int, end: int) -> bool:
    """The value's groups are cells of a tab-separated row under a header of words (no phone's or SSN's word)."""
    value = text[start:end]
    if "\t" not in value or re.fullmatch(r"\d+(?:\t\d+)+", value) is None:
        return False
    lines = text[:start].split("\n")
    head = None
    for line in reversed(lines[:-1][-20:]):
        if "\t" not in line:
            break
        head = line
    if head is None:
        return False
    cells = [c.strip() for c in _CELL_SPLIT.split(head)]
    return all(re.fullmatch(r"[A-Za-z][\w .%()/-]*", c) for c in cells if c) and not re.search(
        r"(?i)phone|tel|mobile|cell|fax|ssn|social|card|pan\b|contact|number", head)


def _data(kind: str, text: str, start: int, end: int, nouns: frozenset[str]) -> bool:
    """Whether the finding `kind` at `text[start:end]` is numbers of data (see the module's docstring)."""
    value = text[start:end].strip("()[] \t")
    if not value[:1].isdigit() or not value[-1:].isdigit():
        return False
    groups = re.findall(r"\d+", value)
    if len(groups) < 2 or sum(len(g) == 1 for g in groups) >= 3:
        return False  # (digits read out one by one: `digits 4 0 2 7 1 8 3 5 6`, voice38)
    comma = _COMMA_GROUPS.fullmatch(value) is not None
    if not comma and _BLANK_GROUPS.fullmatch(value) is None:
        return False  # (`312-845-9120`, `536-90-4399`, `(312) 845 9120`: a value's written shape)
    if _phone_like(groups) or _cued(text, start, end, row=comma and _csv_row(text, start, end)):
        return False
    if kind == "CREDIT_CARD":
        shape = tuple(len(g) for g in groups)
        if shape in _CARD_GROUPINGS or (len(set(shape)) == 1 and not comma):
            return False  # a card's grouping, or groups of one size (`4111 1111 1111 1111`, `411 111 111 ...`)
        return (comma and _in_list(text, start, end)) or _framed(text, start, end, nouns) \
            or _neighbour(text, start, end)
    if comma:
        return _in_list(text, start, end)
    if _tab_row(text, start, end) or _aligned_rows(text, start, end):
        return True
    from proxy.nlp.recognizers import _printed_phone

    if _printed_phone(value):
        return _unit_beside(text, start, end)  # (`size 617 845 9120` stays: any text can put a word before one)
    return _neighbour(text, start, end) or _framed(text, start, end, nouns)


def without_dg42(chunk: str, found: list[Result], nouns: frozenset[str]) -> list[Result]:
    """`found` (spans of `chunk`) without the phone numbers, SSNs and cards this module reads as numbers of data."""
    if not any(r[0] in _KINDS for r in found):
        return found
    return [r for r in found if r[0] not in _KINDS or not _data(r[0], chunk, r[1], r[2], nouns)]
