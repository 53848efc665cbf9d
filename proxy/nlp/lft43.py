"""Leftovers of the README-only attack (lft43): driver-licence barcode data, base64url, a bare search's name, glued
abuse beside an ordinary word, a masked consonant in a `patterns:` word.

- **AAMVA barcode data** (`with_lft43`, after every rule; `aamva_open` for stream windows): the text a driver
  licence's PDF417 barcode holds, `@\\n\\x1e\\rANSI 636014...DL` then one element a line, its three-letter id
  glued to its value (`DCSGONZALEZ`, `DACMARIA`, `DBB01151990`, `DAQD1234567`, `DAG123 MAIN ST`). Read only where
  the text is such data: the `ANSI ` header with its issuer number (`636` and three digits), the compliance
  indicator `@` with its separators, or three element lines of the ids below (two of them different). The value
  (never the id) is redacted: names (`DCS`, `DAC`, `DAD`, `DCT`, `DAA`, `DAB`, aliases `DBN`, `DBG`) as PERSON,
  the date of birth (`DBB`, eight digits, a valid date) as DATE_TIME, the licence number and the document
  discriminator (`DAQ`, `DCF`) as US_DRIVER_LICENSE, the address (`DAG`, `DAH`, `DAI`, `DAK`) as LOCATION, each
  where the policy lists its type. `NONE`/`unavl` values, the state, sex, height, eye colour and the card's own
  dates stay. A `DAQ board` in prose, a line `DCS-2 rollout` without the header, go as written. A stream's window
  never ends inside such a block (the block is read whole, up to the window's cap).
- **base64url in any text** (`url_runs`, a hook of `proxy.nlp.enc42._runs`; `url_open` for stream windows):
  a run of 16 characters or more of base64url's alphabet (`-`, `_`; one of them at least), standing alone or
  after a key's `=` (`secret=cnV0aH5rQHBvc3QuZGU_Pw`), padded or not, whose bytes are UTF-8 of text (enc42's test),
  read decoded as enc42 reads base64: input and answers alike. Runs of one case (`get_user_profile_data`,
  `my-long-blog-post`), both alphabets at once, and bytes of no text (ids, hashes, tokens) go as written. A
  standard run of 16 to 23 characters after a key's `=` (`secret=am9obi5kb2VAZXhh...`) likewise.
- **A bare search's name** (`search_pairs`): a search key's value (`?q=`, `&query=`) of two capitalised words
  joined by `+`/`%20` that nm42's `foreign_pair` reads as a name (`?q=Ikaika+Kahananui`, `/search?q=...`), host
  or not; `q=Harry+Potter+books`, `q=New+York`, `q=Kafka+Streams`, `q=Velero+Kiali` stay.
- **Glued abuse beside an ordinary word** (`camel_abuse`, a hook of `proxy.nlp.tox42._glued`): in an identifier
  whose parts are not all abusive or function words (`StupidIdiotTool`), a run of two parts or more that are
  (`Stupid Idiot`), two of them abusive words or one with `you` (`YouStupidHelper`), read as words. One abusive
  word beside ordinary ones (`StupidSimpleTool`: "stupid simple" is an idiom, `IdiotProofValidator`,
  `KillAllProcesses`) stays as written.
- **One masked consonant** (`consonant_views`, a hook of `proxy.nlp.tox42.leet_views`): a word of five characters
  or more with one `*` and no other mask (`Osp*ey`, `*sprey`, `Ospre*`) is read once per consonant (and per vowel
  where the mask is the word's first or last letter: tox42 reads vowels inside a word only), so a `patterns:` word
  of five letters or more matches with any one letter masked. Shorter words keep tox42's vowels; two masks in a word
  (`Fa**on`, `F*l*on`) are read by tox42's vowels only.

Pure functions, CPU only; each pass is gated by a substring test.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from proxy.nlp.perf47 import URL_CHARS, run_of  # (a fail-fast test)
from proxy.nlp.pii_types import Result

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists
    from proxy.nlp.normalize import View

__all__ = ["aamva_open", "camel_abuse", "consonant_views", "search_pairs", "url_hint", "url_open", "url_runs",
           "with_lft43"]

_SCORE = 0.85

# ------------------------------------------------------------------------------------------- AAMVA barcode data

_PERSON_IDS = frozenset({"DCS", "DAC", "DAD", "DCT", "DAA", "DAB", "DBN", "DBG"})
_DATE_IDS = frozenset({"DBB"})
_LICENCE_IDS = frozenset({"DAQ", "DCF"})
_ADDRESS_IDS = frozenset({"DAG", "DAH", "DAI", "DAK"})
_ENTITY = {**dict.fromkeys(_PERSON_IDS, "PERSON"), **dict.fromkeys(_DATE_IDS, "DATE_TIME"),
           **dict.fromkeys(_LICENCE_IDS, "US_DRIVER_LICENSE"), **dict.fromkeys(_ADDRESS_IDS, "LOCATION")}
# Every element id of the standard's DL subfile (the mandatory and the optional ones): lines of them make a block.
_ALL_IDS = frozenset(_ENTITY) | frozenset("""
DCA DCB DCD DBA DBD DBC DAU DAY DAJ DCG DDE DDF DDG DAE DAF DAW DAX DAZ DCI DCJ DCK DBH DBR DBS DBO DBP DBQ DCE DCL
DCM DCN DCO DCP DCQ DCR DCH DDA DDB DDC DDD DDH DDI DDJ DDK DDL DCU
""".split())
_HEADER = re.compile(r"ANSI[ \t]?636\d{3}|@\r?\n?\x1e\r?ANSI|(?m:^)[ \t]*ANSI[ \t]\d{6}\d{2}")
# An element: its id at a line's start (after `\n`, `\r`, a record separator, indentation) or glued after the
# header's subfile type (`...0024DLDAQD1234567`), its value to the line's end.
_ELEMENT = re.compile(r"(?:(?:^|(?<=[\n\r\x1e]))[ \t]*|(?<=\d{4}DL)|(?<=\d{4}ID))(D[A-Z]{2})([^\s][^\n\r\x1e]{0,59})",
                      re.MULTILINE)
_GATE = ("ANSI", "DCS", "DAC", "DAQ", "DBB", "DAG")
_NO_VALUE = frozenset({"NONE", "UNAVL", "UNKNOWN", "N/A", "NA"})
_NAME_VALUE = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '’,.-](?=[^\W\d_]))*", re.UNICODE)
_ID_VALUE = re.compile(r"[A-Z0-9][A-Z0-9 -]{3,24}", re.IGNORECASE)


def _date(value: str) -> bool:
    """Eight digits of a date: MMDDCCYY (US) or CCYYMMDD (Canada)."""
    if len(value) != 8 or not value.isdigit():
        return False
    for year, month, day in ((value[4:], value[:2], value[2:4]), (value[:4], value[4:6], value[6:])):
        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            continue
        if 1850 <= int(year) <= 2200:
            return True
    return False


def _elements(text: str) -> list[tuple[str, int, int]]:
    """(id, value start, value end) of each element line of an AAMVA block of `text` (none where it is none)."""
    if not any(g in text for g in _GATE):
        return []
    found = [(m.group(1), m.start(2), m.end(2)) for m in _ELEMENT.finditer(text) if m.group(1) in _ALL_IDS]
    if not found:
        return []
    if _HEADER.search(text) is None:  # (no header: three lines at least, in capitals, of two ids that hold values)
        found = [e for e in found if not any(c.islower() for c in text[e[1]:e[2]])]
        known = [e for e in found if e[0] in _ENTITY]
        if len(found) < 3 or len({e[0] for e in known}) < 2:
            return []
    return found


def aamva_values(text: str) -> list[tuple[str, int, int]]:
    """(entity, start, end) of each personal value of the AAMVA data in `text` (the module's docstring)."""
    out: list[tuple[str, int, int]] = []
    for eid, a, b in _elements(text):
        entity = _ENTITY.get(eid)
        if entity is None:
            continue
        value = text[a:b].rstrip(" \t")
        b = a + len(value)
        if not value or value.upper() in _NO_VALUE:
            continue
        if entity == "PERSON":
            m = _NAME_VALUE.match(value)
            if m is None or m.end() < len(value) or len(value) < 2:
                continue
        elif entity == "DATE_TIME":
            if not _date(value):
                continue
        elif entity == "US_DRIVER_LICENSE":
            if _ID_VALUE.fullmatch(value) is None or not any(c.isdigit() for c in value):
                continue
        out.append((entity, a, b))
    return out


def _element_line(line: str) -> bool:
    """Whether `line` (indentation left out) is an element's (an id glued to a value in capitals) or a header's."""
    if line.startswith(("ANSI ", "@")):
        return True
    return len(line) > 3 and line[:3] in _ALL_IDS and not line[3].isspace() and not any(c.islower() for c in line)


def aamva_open(text: str, cut: int) -> bool:
    """Whether a stream window may not end at `cut` of `text`: inside an element's line of AAMVA data (or its
    header's), or after one while the next line is not known or is another element's (the block is read whole)."""
    lo = max(0, cut - 200)
    if "D" not in text[lo:cut] and "ANSI" not in text[lo:cut]:
        return False
    start = max(text.rfind("\n", lo, cut), text.rfind("\r", lo, cut), text.rfind("\x1e", lo, cut)) + 1
    line = text[start:cut].lstrip(" \t")
    after = text[cut:cut + 8]
    if line and after and after[0] not in "\r\n\x1e":  # inside a line: an element's (or the start of one: `D`, `DA`)
        return _element_line(line + after.split("\n")[0]) or (0 < len(line) < 4 and line.isupper() and
                                                               line[0] in "D@A" and len(after) < 8)
    if not line:  # right after a line break: the line before it
        end = start - 1
        while end > lo and text[end - 1] in "\r\n\x1e":
            end -= 1
        begin = max(text.rfind("\n", lo, end), text.rfind("\r", lo, end), text.rfind("\x1e", lo, end)) + 1
        line = text[begin:end].lstrip(" \t")
    if not _element_line(line):
        return False
    nxt = after.lstrip("\r\n\x1e").lstrip(" \t")
    return len(nxt) < 4 or _element_line(nxt[:4])


# ------------------------------------------------------------------------------------------- base64url

_URL_RUN = re.compile(r"(?:(?<![\w+/=.?-])|(?<=\w=))[A-Za-z0-9_+/-]{16,}+={0,2}+(?![\w+/=-]|\.\w)", re.ASCII)
_URL_HINT = re.compile(r"[A-Za-z0-9_-]{16,}|\w=[A-Za-z0-9+/]{16}", re.ASCII)
_URL_SAFE = str.maketrans("-_", "+/")
_URL_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def url_hint(text: str) -> bool:
    """Whether `text` may hold a run `url_runs` reads."""
    return len(text) >= 16 and ("-" in text or "_" in text or "=" in text) and run_of(text, URL_CHARS, 16) and any(
        "-" in m.group() or "_" in m.group() or m.group()[1:2] == "=" for m in _URL_HINT.finditer(text))


def _one_case(run: str) -> bool:
    letters = [c for c in run if c.isalpha()]
    return not letters or all(c.islower() for c in letters) or all(c.isupper() for c in letters)


def url_runs(text: str, found: list[tuple[int, int, list[tuple[int, int, str]]]]) -> \
        list[tuple[int, int, list[tuple[int, int, str]]]]:
    """(start, end, edits) of each base64url run of `text` (and each standard run of 16 to 23 characters after a
    key's `=`) that decodes to text, none of `found` (enc42's runs) beside it."""
    if not url_hint(text):
        return []
    from proxy.nlp.enc42 import _grouped, _read, _texty_edits
    from proxy.nlp.file36 import _KEYED_RUN

    out: list[tuple[int, int, list[tuple[int, int, str]]]] = []
    for m in _URL_RUN.finditer(text):
        run = m.group()
        url = "-" in run or "_" in run
        keyed = m.start() > 0 and text[m.start() - 1] == "="
        if url and ("+" in run or "/" in run) or not url and not keyed:
            continue  # (both alphabets: no base64; a standard run alone is enc42's)
        if len(run) >= 48 or len(run) >= 24 and _KEYED_RUN.search(text, max(0, m.start() - 8), m.start()):
            continue  # (file36's in a request, `answer_blobs`' in an answer)
        if any(a < m.end() and m.start() < b for a, b, _ in found) or _one_case(run) or run.isdigit():
            continue
        body = run.rstrip("=").translate(_URL_SAFE)
        if len(body) % 4 == 1:
            continue
        try:
            raw = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        if len(raw) < 12 or not _read(raw):
            continue
        edits = _texty_edits(text, _grouped(m.start(), m.end(), raw, 4, 3))
        if edits:
            out.append((m.start(), m.end(), edits))
    return out


def url_open(text: str, cut: int) -> bool:
    """Whether a stream window may not end at `cut` of `text`: inside (or at the known end of) a base64url run of 16
    characters or more (a `-` or `_` in it), standing alone, whose bytes so far decode to text."""
    if cut < 16 or text[cut - 1] not in _URL_ALPHABET or cut < len(text) and text[cut] not in _URL_ALPHABET \
            and text[cut] != "=":
        return False
    start, lo = cut, max(0, cut - 4096)
    while start > lo and text[start - 1] in _URL_ALPHABET:
        start -= 1
    run = text[start:cut]
    if len(run) < 16 or ("-" not in run and "_" not in run) or start > 0 and text[start - 1] in ".?\\/+" \
            or start > 0 and text[start - 1] == "=" and not (start > 1 and text[start - 2].isalnum()):
        return False
    body = run[:len(run) // 4 * 4].translate(_URL_SAFE)
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return False
    from proxy.nlp.enc40 import _texty
    from proxy.nlp.enc42 import _NUMBER

    for drop in range(4):
        try:
            read = raw[:len(raw) - drop].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return _texty(read) or _NUMBER.fullmatch(read) is not None
    return False


# ------------------------------------------------------------------------------------------- a bare search's name


def search_pairs(chunk: str, found: list[Result], names: NameLists, lex: Lexicon | None) -> list[Result]:
    """`found` with the name of each search key's value of two words nm42's `foreign_pair` reads as a name."""
    if "=" not in chunk or "+" not in chunk and "%20" not in chunk:
        return found
    from proxy.nlp.nm40 import _QUERY, _QWORD, _SEARCH_KEYS
    from proxy.nlp.nm42 import foreign_pair

    added: list[Result] = []
    for m in _QUERY.finditer(chunk):
        if m.group(1).lower() not in _SEARCH_KEYS:
            continue
        value, base = m.group(2), m.start(2)
        parts = [(w.start(), w.end(), w.group()) for w in _QWORD.finditer(value.replace("%20", "+  "))]
        if len(parts) != 2 or not foreign_pair([p[2] for p in parts], names, lex):
            continue
        a, b = base + parts[0][0], base + parts[1][1]
        if not any(r[1] < b and a < r[2] for r in found):
            added.append(("PERSON", a, b, _SCORE))
    return found + added if added else found


# ------------------------------------------------------------------------------------------- toxicity

_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def camel_abuse(run: str) -> list[str] | None:
    """The words of an identifier (`StupidIdiotTool`, `you_stupid_helper`) where a run of two parts or more of it
    are abusive or function words holding two abusive words, or one with `you` (the module's docstring); None
    otherwise."""
    from proxy.nlp.tox41 import FUNCTION, TOXIC
    from proxy.nlp.tox42 import _YOU, STRONG

    parts = [p for piece in run.split("_") for p in _PART.findall(piece)]
    if len(parts) < 3 or len(parts) > 12:
        return None
    lexicon = TOXIC | FUNCTION | _YOU
    best: list[str] = []
    current: list[str] = []
    for p in [*parts, ""]:
        if p and p.lower() in lexicon:
            current.append(p)
            continue
        low = [w.lower() for w in current]
        strong = sum(w in STRONG for w in low)
        if len(current) >= 2 and (strong >= 2 or strong and any(w in _YOU for w in low)):
            best = current
            break
        current = []
    return parts if best else None


_MASK_ONE = re.compile(r"(?<![\w*])(?:[A-Za-z]{1,20}\*[A-Za-z]{0,20}|\*[A-Za-z]{4,20})(?![\w*])")
_CONSONANTS = "bcdfghjklmnpqrstvwxyz"


def consonant_views(view: View) -> list[View]:
    """`view` read once per consonant (and vowel, for a mask at a word's edge) with the mask of each word of five
    characters or more with one `*` (at most three such words) read as it (`Osp*ey`: `Osprey` in one of them), one
    character for one."""
    if "*" not in view.text:
        return []
    masked = [m for m in _MASK_ONE.finditer(view.text) if len(m.group()) >= 5]
    if not masked or len(masked) > 3:
        return []
    from proxy.nlp import normalize

    out: list[View] = []
    edge = any(m.group()[0] == "*" or m.group()[-1] == "*" for m in masked)  # (vowels tox42 reads inside only)
    for letter in _CONSONANTS + ("aeiou" if edge else ""):
        edits = [(m.start() + m.group().index("*"), m.start() + m.group().index("*") + 1, letter) for m in masked]
        new, layer = normalize._apply(view.text, iter(edits))
        if layer is not None:
            out.append(normalize.View(new, view.original, (*view.layers, layer)))
    return out


# ------------------------------------------------------------------------------------------- the hook


def with_lft43(chunk: str, found: list[Result], entities: Collection[str], engines: Any = None) -> list[Result]:
    """`found` (spans of `chunk`) with the AAMVA values and a bare search's name (after every rule); `engines`: the
    analysis engines (their name lists and lexicon)."""
    if engines is not None and "PERSON" in entities:
        from proxy.nlp.everyday16 import lexicon_of

        found = search_pairs(chunk, found, engines.names, lexicon_of(engines))
    values = [v for v in aamva_values(chunk) if v[0] in entities]
    if not values:
        return found
    kept = [r for r in found if not any(r[1] < b and a < r[2] for _, a, b in values)]
    return kept + [(entity, a, b, _SCORE) for entity, a, b in values]
