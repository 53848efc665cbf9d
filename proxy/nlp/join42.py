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
from collections.abc import Iterable, Sequence

__all__ = ["PART_ENTITIES", "part_values", "parts_open", "with_join42"]

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


def _iban_parts(text: str) -> list[list[tuple[int, int]]]:
    if _IBAN_CUE.search(text) is None:
        return []
    from proxy.nlp.normalize import iban_checks, iban_layouts

    layouts = iban_layouts()
    parts = [(m.start(), m.end(), m.group().replace(" ", "")) for m in _PART.finditer(text)]
    out: list[list[tuple[int, int]]] = []
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
                out.append([(a, b), check[:2], *(p[:2] for p in chosen)])
                break
    return out


# ------------------------------------------------------------------------------------- cards and SSNs read back

_SENTENCE = re.compile(r"[^.!?\n]+(?:\.(?=\S)[^.!?\n]*)*")
_CARD_CUE = re.compile(r"(?i)(?<![a-z])(?:cards?|visa|master ?card|amex|discover|bin|pan|cc)(?![a-z])")
_SSN_CUE = re.compile(r"(?i)(?<![a-z])(?:ssn|social security)(?![a-z])")
_RUN = re.compile(r"(?<![\w.,/:-])[0-9]{1,19}(?:[ -][0-9]{1,19})*(?![\w/:-]|[.,][0-9])")
# A word that says the digits after it are a part of one value (join43): `starts with`, `ends with`, `first`,
# `last`, `middle`, `area`, `group`, `serial`, `BIN`, `account digits`, `check digit`... Every part read back must
# follow one (within `_CUE_REACH`): numbers kept apart by `and`, `or`, `then` make no value here
# (`card 4111 or 1111 or 1111 or 1111`: `proxy.guard.checks.pii.value_near` reads such runs).
_PART_CUE = re.compile(r"(?i)(?<![a-z])(?:start(?:s|ing)?|begin(?:s|ning)?|end(?:s|ing)?|first|last|middle|final"
                       r"|second|third|next|rest|remaining|part|half|group|area|serial|bin|iin|prefix|account"
                       r"|check)(?![a-z])")
_CUE_REACH = 30
_GAP_REACH = 40


def _read_back(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    low = text.lower()
    if not any(w in low for w in ("card", "visa", "master", "amex", "discover", "bin", "pan", "cc", "ssn",
                                  "social")):
        return []
    from proxy.guard.keyed import _plausible, valid_group
    from proxy.nlp.normalize import luhn_ok

    out: list[tuple[str, list[tuple[int, int]]]] = []
    for s in _SENTENCE.finditer(text):
        sentence = s.group()
        card, ssn = _CARD_CUE.search(sentence) is not None, _SSN_CUE.search(sentence) is not None
        if not card and not ssn:
            continue
        runs = [(s.start() + m.start(), s.start() + m.end(), re.sub("[ -]", "", m.group()))
                for m in _RUN.finditer(sentence)]
        # (the words before each run: a part's cue, or for the first part the type's word too: `SSN 536, group 90`)
        leads = [(max(a - s.start() - _CUE_REACH, runs[n - 1][1] - s.start() if n else 0), a - s.start())
                 for n, (a, _, _) in enumerate(runs)]
        cued = [_PART_CUE.search(sentence, lo, hi) is not None and (not n or runs[n][0] - runs[n - 1][1] <= _GAP_REACH)
                for n, (lo, hi) in enumerate(leads)]
        for i in range(len(runs)):
            lo, hi = leads[i]
            if not cued[i] and _CARD_CUE.search(sentence, lo, hi) is None and _SSN_CUE.search(sentence, lo, hi) is None:
                continue
            for j in range(i + 2, min(len(runs), i + 5) + 1):
                if not cued[j - 1]:
                    break
                chosen = runs[i:j]
                digits = "".join(r[2] for r in chosen)
                if card and 13 <= len(digits) <= 19 and luhn_ok(digits) and _plausible("CREDIT_CARD", digits):
                    out.append(("CREDIT_CARD", [(a, b) for a, b, _ in chosen]))
                elif ssn and tuple(len(r[2]) for r in chosen) in ((3, 2, 4), (3, 6), (5, 4)) \
                        and valid_group("US_SSN", f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"):
                    out.append(("US_SSN", [(a, b) for a, b, _ in chosen]))
    return out


PART_ENTITIES = frozenset({"EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "US_SSN", "PHONE_NUMBER"})  # (back46)


def part_values(text: str, entities: Iterable[str]) -> list[tuple[str, list[tuple[int, int]]]]:
    """The values of `entities` that `text` gives in parts (the module's docstring): each value's type and its
    parts' [start, end). (One value's parts count once: `proxy.guard.join43.counted_once`.)"""
    wanted = PART_ENTITIES.intersection(entities)
    out: list[tuple[str, list[tuple[int, int]]]] = []
    if "EMAIL_ADDRESS" in wanted and ("@" in text or "omain" in text or "OMAIN" in text):
        out += [("EMAIL_ADDRESS", [(a, b), (c, d)]) for a, b, c, d in _mail_parts(text)]
    if "IBAN_CODE" in wanted:
        out += [("IBAN_CODE", parts) for parts in _iban_parts(text)]
    if "CREDIT_CARD" in wanted or "US_SSN" in wanted:
        out += [v for v in _read_back(text) if v[0] in wanted]
    from proxy.nlp.back46 import values46  # (back46, atk45 F09, F14: read back in any order, in prose)

    return out + [v for v in values46(text, entities) if v not in out]


def with_join42(text: str, found: list[Result], entities: Sequence[str]) -> list[Result]:
    """`found` with the parts of the values `text` gives in parts (the module's docstring) nothing found covers."""
    spans = [(e, a, b) for e, parts in part_values(text, entities) for a, b in parts]
    added = [(e, a, b, SCORE) for e, a, b in dict.fromkeys(spans)
             if not any(r[0] == e and r[1] <= a and b <= r[2] for r in found)]
    if not added:
        return found
    kept = [r for r in found if not any(a <= r[1] and r[2] <= b for _, a, b, _ in added)]
    return kept + added


# ----------------------------------------------------------------------------------------------- streamed answers

_WRAP_OPEN = re.compile(r"(?<=[\w.+-])@[A-Za-z0-9.-]*[A-Za-z0-9][.-][ \t]*\r?\n[ \t]*\Z")
# (a quoted mailbox-like local part first in a bracket: `['eloise.h', ` or `("jo.lee", `; `(1,'Fenella',` is a row)
_PAIR_OPEN = re.compile(rf"[\[(][ \t]*{_Q}(?P<l>{_LOCAL}){_Q}[ \t]*,[ \t]*{_Q}?\Z")
_MAILBOX_LIKE = re.compile(r"[a-z0-9!#$%&*+/=?^_{|}~-]*[._0-9][a-z0-9._!#$%&*+/=?^_{|}~-]*")
_MAIL_HEADER = re.compile(r"(?i)(?<![a-z])(?:local[ _-]?part|mailbox|user(?:name)?|login)(?![a-z])[ \t`'\"]*[,;|\t]"
                          r"[ \t`'\"|]*(?:mail[ _-]?)?domain(?![a-z])")
# (an `INSERT` whose column list is not closed yet, or names a mailbox and a domain: `(domain, quota, local_part)`)
_INSERT_OPEN = re.compile(r"(?i)\binsert[ \t]+into\b(?P<t>[^;(]{0,80})"
                          r"(?:\((?P<c>[^;()]{0,300})(?P<end>\)[^;]{0,400})?)?\Z")
_MAILBOX_COLUMN = re.compile(r"(?i)(?<![a-z])(?:local[ _-]?part|mailbox|user(?:name)?|login)(?![a-z])")
_DOMAIN_COLUMN = re.compile(r"(?i)(?<![a-z])(?:mail[ _-]?)?domain(?![a-z])")
# A sentence's start: an end mark and a space, a line break, or one escaped in a JSON string being streamed.
_SENTENCE_START = re.compile(r"[.!?][ \t]|\n|\\n")
# A part read back before the cut: a part's word, then its digits (`starts with 4539`, `area 536`).
_CUED_RUN = re.compile(rf"{_PART_CUE.pattern}[^.!?\n0-9]{{0,{_CUE_REACH}}}[0-9]")
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
    if left[-1:] in (",", " ", "'", '"') and (pair := _PAIR_OPEN.search(left[-120:])) is not None \
            and (_MAILBOX_LIKE.fullmatch(pair.group("l")) is not None or _AT_JOIN.search(left[-_AT_REACH:])):
        after = text[cut:].lstrip(" \t")
        return not after or after[0] in "'\"`"
    if ("omain" in left or "OMAIN" in left) and _MAIL_HEADER.search(left) is not None:
        return True  # (a window read with its mail table's header or column list: `local_part,domain` + its rows)
    if ("nsert" in left or "NSERT" in left) and (insert := _INSERT_OPEN.search(left)) is not None \
            and "values" not in insert.group("t").lower() and (insert.group("end") is None or (
                _MAILBOX_COLUMN.search(insert.group("c")) and _DOMAIN_COLUMN.search(insert.group("c")))):
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
    if _IBAN_CUE.search(sentence) is not None and re.search(r"\b[A-Z]{2}\b", sentence) is not None:
        return True
    # (a card's or an SSN's parts only after a part's word: `card 4111 and ` then `1111 and then we` may end)
    from proxy.nlp.back46 import parts_open46  # (back46: more part words, languages, phones)

    return (_CARD_CUE.search(sentence) is not None or _SSN_CUE.search(sentence) is not None) \
        and _CUED_RUN.search(head) is not None or parts_open46(sentence, head)
