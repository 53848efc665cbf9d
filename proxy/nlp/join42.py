"""Values given in parts (join42, issue 12, atk42 F04, F05, F08).

- An e-mail address split into its local part and its domain (F04): a mail server's rows (`INSERT INTO mailbox
  (local_part, domain, ...) VALUES ('jo.lee', 'yahoo.com', ...)`, a `mysql>` table, a `local_part,domain` CSV:
  `proxy.nlp.sql31.tables`, `proxy.nlp.tables.column_cells`), `key: value` pairs one after the other (JSON, YAML,
  INI: `{"mailbox": "jo.lee", "domain": "yahoo.com"}`), by the keys' words as `proxy.guard.keyed.mail_pair` reads a
  JSON document's; and code that joins two quoted strings with `@` (`"{}@{}".format("jo.lee", "yahoo.com")`,
  `'@'.join(['jo.lee', 'yahoo.com'])`, `['jo.lee', 'yahoo.com'].join('@')`, `"%s@%s" % (...)`): the two strings
  side by side, an `@` template or a quoted `@` next to them, the domain with a known top-level domain. Both
  parts are EMAIL_ADDRESS (each redacted: nothing that rebuilds the address goes).
- An IBAN as its parts (F05, F08): a country code (`DE`), its two check digits, then one to four parts (bank code,
  sort code, account number, BBAN, in any order where a form lists them so: `sort_code` before `bank`) within a
  short reach of each other, in a text that names an IBAN's part (`iban`, `bban`, `check`, `sort code`, `bank`):
  IBAN_CODE over each part when together they are a valid IBAN (the country's layout and the mod-97 check).
- A card or an SSN read back in parts in one sentence (F08: `the card starts with 4539 1488 and ends with 0343
  6467`, `BIN 453914, account digits 880343646, check digit 7`, `SSN area 536, group 90, serial 4399`): digit runs
  side by side in a sentence with the type's word (`card`, `visa`, `bin`, `pan`...; `ssn`, `social security`), two
  or more of them that together are the type's value (a card: 13-19 digits, an issuer's prefix, Luhn; an SSN: 9
  digits valid by the SSA's rules): each part is a finding of the type. Numbers in prose (`starts at 9 and ends at
  17`), prices and version ranges make no such value.
(`area code 617, then 432-2938`: `proxy.nlp.cue28`.) Cheap substring tests first. Pure functions, CPU only.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

__all__ = ["parts_open", "with_join42"]

Result = tuple[str, int, int, float]
SCORE = 0.9

# ------------------------------------------------------------------------------------------- e-mail parts

_Q = r"""["'`]"""
_LOCAL = r"[A-Za-z0-9!#$%&*+/=?^_{|}~-]+(?:\.[A-Za-z0-9!#$%&*+/=?^_{|}~-]+)*"
_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
# Two quoted strings side by side: a local part, then a domain.
_CODE_PAIR = re.compile(rf"({_Q})(?P<l>{_LOCAL})\1[ \t]*,[ \t]*({_Q})(?P<d>{_HOST})\3")
# An `@` that joins them: a quoted `@`, or a template's `@` between two placeholders.
_AT_JOIN = re.compile(r"""["'`]@["'`]|(?:\{\w{0,20}\}|%s|\$\{[^{}\n]{1,40}\})@(?:\{\w{0,20}\}|%s|\$\{)""")
_AT_REACH = 80
_SPLITS = ("split(", "partition(", "split", "partition")  # (`'a@b.com'.split('@')` -> `['a', 'b.com']`: the reverse)
_PLACEHOLDERS = frozenset({"user", "username", "local", "localpart", "local_part", "name", "mailbox", "email", "me",
                           "you", "foo", "x"})
# `key: value` then `key: value` (JSON members, YAML, INI, `key=value`), one after the other.
_KV = r"""(["']?)(?P<k{n}>[A-Za-z_][\w.-]{{0,40}})\{q}[ \t]*[:=][ \t]*(["']?)(?P<v{n}>[^\s"',;{{}}\[\]]{{1,255}})\{r}"""
_KV_PAIR = re.compile(_KV.format(n=1, q=1, r=3) + r"[ \t]*[,;]?[ \t]*(?:\r?\n[ \t]*)?" + _KV.format(n=2, q=5, r=7))


def _tld(domain: str) -> bool:
    from proxy.nlp.mail40 import _TLDS

    return domain.rsplit(".", 1)[-1].lower() in _TLDS


def _mail_parts(text: str) -> list[tuple[int, int, int, int]]:
    """[start, end) of the local part and of the domain of each address `text` gives in parts (the docstring)."""
    from proxy.guard.keyed import mail_pair

    out: list[tuple[int, int, int, int]] = []
    low = text.lower()
    if "@" in text:
        for m in _CODE_PAIR.finditer(text):
            near = text[max(0, m.start() - _AT_REACH):m.end() + _AT_REACH]
            if _tld(m.group("d")) and m.group("l").lower() not in _PLACEHOLDERS \
                    and any(not near[:j.start()].rstrip().endswith(_SPLITS) for j in _AT_JOIN.finditer(near)):
                out.append((*m.span("l"), *m.span("d")))
    if "domain" not in low:
        return out
    for m in _KV_PAIR.finditer(text):
        if _tld(m.group("v2")) and mail_pair(m.group("k1"), m.group("v1"), m.group("k2"), m.group("v2")):
            out.append((*m.span("v1"), *m.span("v2")))
    rows: list[list[tuple[int, int, str]]] = []
    from proxy.nlp.tables import column_cells

    line = -1
    for a, b, head in column_cells(text, single=False):
        start = text.rfind("\n", 0, a)
        if start != line:
            rows.append([])
            line = start
        rows[-1].append((a, b, head))
    if "insert" in low or "copy" in low:
        from proxy.nlp.sql31 import tables

        for table in tables(text):
            if table.columns is not None:
                rows += [[(c[0], c[1], name) for c, name in zip(row, table.columns, strict=False)]
                         for row in table.rows]
    for row in rows:
        for (a, b, k1), (c, d, k2) in itertools.permutations(row, 2):
            if _tld(text[c:d]) and mail_pair(k1, text[a:b], k2, text[c:d]):
                out.append((a, b, c, d))
    return out


# ---------------------------------------------------------------------------------------------- IBAN parts

_IBAN_CUE = re.compile(r"(?i)iban|bban|check|sort[ _-]?code|bank|prüf|kontroll|contr[oô]le")
# A part: capitals and digits (digit groups one space apart: `3704 0044 0532 0130 00`), set apart.
_PART = re.compile(r"(?<![\w-])(?:[0-9]{1,34}(?: [0-9]{1,4})*|[A-Z0-9]{1,34})(?![\w-])")
_PART_GAP = 40  # characters between two parts: a key, quotes, a comma, a label
_MAX_PARTS = 4


def _iban_parts(text: str) -> list[tuple[int, int]]:
    if _IBAN_CUE.search(text) is None:
        return []
    from proxy.nlp.normalize import iban_checks, iban_layouts

    layouts = iban_layouts()
    parts = [(m.start(), m.end(), m.group().replace(" ", "")) for m in _PART.finditer(text)]
    out: list[tuple[int, int]] = []
    for n, (a, b, country) in enumerate(parts):
        layout = layouts.get(country)
        if layout is None or n + 2 >= len(parts):
            continue
        check = parts[n + 1]
        if not (len(check[2]) == 2 and check[2].isdigit()) or check[0] - b > _PART_GAP:
            continue
        rest: list[tuple[int, int, str]] = []
        for p in parts[n + 2:n + 2 + _MAX_PARTS]:
            if p[0] - (rest[-1][1] if rest else check[1]) > _PART_GAP:
                break
            rest.append(p)
        for k in range(1, len(rest) + 1):
            chosen = rest[:k]
            orders = itertools.permutations(chosen) if k <= 3 else (chosen,)
            if any(layout.fullmatch(iban := country + check[2] + "".join(p[2] for p in order)) is not None
                   and iban_checks(iban) for order in orders):
                out += [(a, b), check[:2], *(p[:2] for p in chosen)]
                break
    return out


# ------------------------------------------------------------------------------------- cards and SSNs read back

_SENTENCE = re.compile(r"[^.!?\n]+(?:\.(?=\S)[^.!?\n]*)*")
_CARD_CUE = re.compile(r"(?i)(?<![a-z])(?:cards?|visa|master ?card|amex|discover|bin|pan|cc)(?![a-z])")
_SSN_CUE = re.compile(r"(?i)(?<![a-z])(?:ssn|social security)(?![a-z])")
_RUN = re.compile(r"(?<![\w.,/:-])[0-9]{1,19}(?:[ -][0-9]{1,19})*(?![\w/:-]|[.,][0-9])")


def _read_back(text: str) -> list[tuple[str, int, int]]:
    low = text.lower()
    if not any(w in low for w in ("card", "visa", "master", "amex", "discover", "bin", "pan", "cc", "ssn",
                                  "social")):
        return []
    from proxy.guard.keyed import _plausible, valid_group
    from proxy.nlp.normalize import luhn_ok

    out: list[tuple[str, int, int]] = []
    for s in _SENTENCE.finditer(text):
        sentence = s.group()
        card, ssn = _CARD_CUE.search(sentence) is not None, _SSN_CUE.search(sentence) is not None
        if not card and not ssn:
            continue
        runs = [(s.start() + m.start(), s.start() + m.end(), re.sub("[ -]", "", m.group()))
                for m in _RUN.finditer(sentence)]
        for i in range(len(runs)):
            for j in range(i + 2, min(len(runs), i + 5) + 1):
                chosen = runs[i:j]
                digits = "".join(r[2] for r in chosen)
                if card and 13 <= len(digits) <= 19 and luhn_ok(digits) and _plausible("CREDIT_CARD", digits):
                    out += [("CREDIT_CARD", a, b) for a, b, _ in chosen]
                elif ssn and tuple(len(r[2]) for r in chosen) in ((3, 2, 4), (3, 6), (5, 4)) \
                        and valid_group("US_SSN", f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"):
                    out += [("US_SSN", a, b) for a, b, _ in chosen]
    return out


def with_join42(text: str, found: list[Result], entities: Sequence[str]) -> list[Result]:
    """`found` with the parts of the values `text` gives in parts (the module's docstring) nothing found covers."""
    spans: list[tuple[str, int, int]] = []
    if "EMAIL_ADDRESS" in entities and ("@" in text or "omain" in text or "OMAIN" in text):
        for a, b, c, d in _mail_parts(text):
            spans += [("EMAIL_ADDRESS", a, b), ("EMAIL_ADDRESS", c, d)]
    if "IBAN_CODE" in entities:
        spans += [("IBAN_CODE", a, b) for a, b in _iban_parts(text)]
    spans += [s for s in _read_back(text) if s[0] in entities]
    added = [(e, a, b, SCORE) for e, a, b in dict.fromkeys(spans)
             if not any(r[0] == e and r[1] <= a and b <= r[2] for r in found)]
    if not added:
        return found
    kept = [r for r in found if not any(a <= r[1] and r[2] <= b for _, a, b, _ in added)]
    return kept + added


# ----------------------------------------------------------------------------------------------- streamed answers

_WRAP_OPEN = re.compile(r"(?<=[\w.+-])@[A-Za-z0-9.-]*[A-Za-z0-9][.-][ \t]*\r?\n[ \t]*\Z")
_PAIR_OPEN = re.compile(rf"{_Q}{_LOCAL}{_Q}[ \t]*,[ \t]*{_Q}?\Z")
_MAIL_HEADER = re.compile(r"(?i)(?<![a-z])(?:local[ _-]?part|mailbox|user(?:name)?|login)(?![a-z])[ \t`'\"]*[,;|\t]"
                          r"[ \t`'\"|]*(?:mail[ _-]?)?domain(?![a-z])")
_INSERT_OPEN = re.compile(r"(?i)\binsert[ \t]+into\b[^;]{0,400}\Z")
_SENTENCE_START = re.compile(r"[.!?][ \t]|\n")
_SENTENCE_REACH = 200


def parts_open(text: str, cut: int) -> bool:
    """Whether a streamed window may not end at `cut` of the pending `text` because a value given in parts may run
    across it (`proxy.guard.windows.may_cut`): a domain wrapped over the line just ended (`eh1986@fastmail.` and a
    line break, then nothing yet or a lower-case label), a quoted local part and its comma (`['eloise.h', ` then
    `'fastmail.com']`), or a sentence with a card's, an SSN's or an IBAN's word with digits before the cut and
    digits after it in the same sentence (or its end not known yet: `the card starts with 4539 1488 and ` then
    `ends with 0343 6467.`); and in a window with a mail table's header or an `INSERT`'s column list that names a
    mailbox and a domain side by side (`local_part,domain`, `| mailbox | domain |`), any cut (up to the windows' cap:
    the rows are read with their columns)."""
    left = text[max(0, cut - 300):cut]
    if "@" in left and "\n" in left[-40:] and _WRAP_OPEN.search(left) is not None:
        after = text[cut:cut + 1]
        return not after or after.islower() or after.isdigit()
    if left[-1:] in (",", " ", "'", '"') and _PAIR_OPEN.search(left[-120:]) is not None:
        after = text[cut:].lstrip(" \t")
        return not after or after[0] in "'\"`"
    if ("omain" in left or "OMAIN" in left) and _MAIL_HEADER.search(left) is not None:
        return True  # (a window read with its mail table's header or column list: `local_part,domain` + its rows)
    if ("nsert" in left or "NSERT" in left) and _INSERT_OPEN.search(left) is not None:
        return True  # (an `INSERT` not ended yet: its rows read with its column list)
    if not any(c.isdigit() for c in left[-_SENTENCE_REACH:]):
        return False
    start = max(0, cut - _SENTENCE_REACH)
    for m in _SENTENCE_START.finditer(text, start, cut):
        start = m.end()
    head = text[start:cut]
    if not any(c.isdigit() for c in head):
        return False
    end = _SENTENCE_START.search(text, cut)
    tail = text[cut:end.start() if end is not None else len(text)]
    if end is not None and not any(c.isdigit() for c in tail):
        return False
    sentence = head + tail
    return (_CARD_CUE.search(sentence) is not None or _SSN_CUE.search(sentence) is not None
            or _IBAN_CUE.search(sentence) is not None and re.search(r"\b[A-Z]{2}\b", sentence) is not None)
