"""PII-free text the name and phone rules read as a person's name or a phone number (fp32, atk31's false positives):

- a Japanese dictionary word that starts with 原 (`原因` cause, `原稿`, `原則`, `原価`, `原子`...): 原 is also a
  surname (Hara), and the NER reads the whole word as one; a word of `_HARA_WORDS` is no name (`_hara_word`). A
  real `原さん`, `原様`, `原太郎`, `原田` stays a name (none of them is in the list).
- an id and a time two spaces apart (`Case 24-1187  09:15`, `417-23 08:45`) read as one phone number, the time's
  hour inside it: the span loses the hour; it stays a phone only where what remains has 8 digits or more
  (`_phone_before_time`).
- a region's name after a comma (`Payments, North America`): the `Surname, Given` reading took `North America` for
  a person; the words of a region's name (`North America`, `Latin America`, `Asia Pacific`...) are no name.
- an LDAP group's common name `CN=Tyler\\, Build Agents`, `CN=Jenkins\\, Controller`, `CN=Austin\\, Texas Office`
  (`ldap_group`, asked by `proxy.nlp.fold31`): after the escaped comma a word of a group, a host or a site
  (`Agents`, `Controller`, `Office`) is no given name
  (`CN=Volkov\\, Dmitri` and `CN=Washington\\, Georgia` stay persons).
- an EDIFACT `NAD` segment the NER read across its separators (`NAD+SU+++Jackson Hewitt Tax Service+1`): a firm's
  party name (a word of `_FIRM_WORDS`) is no name; any other keeps a PERSON over the party name alone (`_nad_party`).
- a semicolon table's header cells (`Name;Kategorie;Preis`) and its name column's things (`Schraube M6`, `Server
  Nord`, one unlisted word: `Wochenbericht`); a row's first cell of plain words with a digit or a thing's word in a
  streamed window without its header (`_header_or_thing`, `_thing_first_cell`). Persons in such a table stay names.

Pure functions, CPU only; each rule is gated by a cheap test of the finding's own text.
"""

from __future__ import annotations

import re

from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------------ 原

# Japanese words (nouns of a dictionary) that start with 原; longest first is not needed (whole-span match).
_HARA_WORDS = frozenset("""
原因 原稿 原則 原価 原文 原子 原点 原案 原料 原理 原油 原本 原型 原産 原告 原作 原始 原書 原形 原色 原典 原題
原著 原画 原野 原液 原寸 原資 原材料 原動力 原子力 原子炉 原住民 原爆 原発 原状 原審 原簿 原紙 原音 原論 原材
原初 原義 原語 原曲 原級 原酒 原木 原種 原生 原虫 原票 原盤 原付 原色 原潜 原判決 原状回復 原因不明 原産地
原価計算 原子核 原子番号 原稿料 原理主義 原則論 原文通り 原体験 原風景 原作者 原始人 原始的 原動機 原水 原乳
原綿 原毛 原反 原糸 原石 原図 原譜 原注 原註 原板 原版 原物 原品 原籍 原義 原意 原拠 原点回帰 原始林 原生林
原則的 原理的 原因究明 原子爆弾 原子力発電 原子力発電所 原発事故 原油価格 原材料費 原価率 原稿用紙
""".split())


def _hara_word(chunk: str, start: int, end: int) -> bool:
    """Whether the PERSON span [start, end) is a dictionary word that starts with 原, no honorific after it."""
    if chunk[start:start + 1] != "原" or chunk[start:end] not in _HARA_WORDS:
        return False
    return not chunk.startswith(("さん", "様", "さま", "氏", "君", "くん", "ちゃん", "先生", "殿"), end)


# ------------------------------------------------------------------------------------------------ id and time

_TIME_AFTER = re.compile(r":[0-5]\d(?!\d)")
_HOUR_TAIL = re.compile(r"[ \t]+[0-2]?\d$")


def _phone_before_time(chunk: str, r: Result) -> Result | None:
    """A PHONE_NUMBER span whose last group is a time's hour (`24-1187  09` of `24-1187  09:15`) without the hour
    where 8 digits or more remain, None where fewer remain; any other span as it is."""
    _, a, b, score = r
    if chunk[b:b + 1] != ":" or _TIME_AFTER.match(chunk, b) is None:
        return r
    m = _HOUR_TAIL.search(chunk, a, b)
    if m is None:
        return r
    rest = chunk[a:m.start()].rstrip(" \t-.")
    if sum(c.isdigit() for c in rest) >= 8:
        return ("PHONE_NUMBER", a, a + len(rest), score)
    return None


# ------------------------------------------------------------------------------------------------ regions

_REGION = re.compile(r"\b(?:(?:North|South|Central|Latin|Middle)[ \t]+America|(?:North|South|East|West|Central"
                     r"|Southeast|Northern|Southern|Eastern|Western)[ \t]+(?:Africa|Asia|Europe)|Asia[ \t]+Pacific"
                     r"|Middle[ \t]+East|Near[ \t]+East|Far[ \t]+East)\b")
_REGION_WORDS = frozenset({"North", "South", "East", "West", "Central", "Latin", "Middle", "Near", "Far", "Southeast",
                           "Northern", "Southern", "Eastern", "Western", "America", "Africa", "Asia", "Europe",
                           "Pacific"})


def _in_region(chunk: str, start: int, end: int) -> bool:
    """Whether the PERSON span [start, end) is words of a region's name (`North America`) and nothing else."""
    words = chunk[start:end].split()
    if not words or any(w not in _REGION_WORDS for w in words):
        return False
    lo = max(0, start - 12)
    return any(m.start() <= start and end <= m.end() for m in _REGION.finditer(chunk, lo, min(len(chunk), end + 12)))


# ------------------------------------------------------------------------------------------------ LDAP groups

# Words of a group's, a service's, a host's or a site's common name after `CN=Word\, ` (`Build Agents`,
# `Controller`, `Texas Office`).
_GROUP_WORDS = frozenset("""
agent agents admin admins administrators controller controllers office offices team teams group groups users user
service services server servers account accounts build builds runner runners node nodes cluster clusters
workstation workstations computer computers host hosts site sites branch branches operators operations ops
engineering sales finance support staff members managers readers writers owners developers contractors
printers printer devices device lab labs warehouse center centre department dept division unit units
automation bots bot pipeline pipelines deploy deployers backup backups monitoring
""".split())


def ldap_group(given_part: str) -> bool:
    """Whether the words after a DN's escaped comma (`Build Agents`, `Controller`, `Texas Office`) name a group, a
    service, a host or a site rather than a person's given names."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", given_part)]
    if not words:
        return False
    return any(w in _GROUP_WORDS for w in words)


# Where the group rule applies: `CN=Word\\, Words` up to the next RDN.
_CN_GROUP = re.compile(r"(?<![\w=])(?i:CN)=[^\W\d_][\w'’-]*\\?, ?(?P<given>[^\W\d_][^,\\\n=;\"')>]*)")


def _in_ldap_group(chunk: str, start: int, end: int) -> bool:
    """Whether [start, end) lies inside a DN's common name that `ldap_group` reads as a group's."""
    for m in _CN_GROUP.finditer(chunk, max(0, chunk.rfind("\n", 0, start) + 1)):
        if m.start() > start:
            break
        if m.start() < start and end <= m.end():
            return ldap_group(m.group("given"))
    return False


# ------------------------------------------------------------------------------------------------ semicolon tables

# A semicolon table's header line whose first cell is a name's column (`Name;Kategorie;Preis`, `Nom;`, `Nombre;`).
_SEMI_HEADER = re.compile(r"(?im)^[ \t]*(?:name|namen|nom|nombre|nome|naam|navn|namn|nazwa|bezeichnung)[ \t]*;"
                          r"[^\W\d_][^\n;]*(?:;[^\n;]*)*\r?\n")
# Words of a thing's name, no person's, in a semicolon table's name column (`Server Nord`, `Datenbank Süd`).
_THING_WORDS = frozenset("""
server datenbank database db cluster router gateway drucker printer switch firewall proxy backup speicher storage
nord süd sud ost west nordost nordwest südost südwest norte sur este oeste centre center zentrale mitte
""".split())


_GIVEN_HEAD = re.compile(r"(?i);[ \t]*(?:vorname|vornamen|prénom|prenom|first[ _]?name|given[ _]?name|voornaam|fornavn"
                         r"|förnamn|imię|imie|nome próprio)[ \t]*(?:;|\r?\n)")


def _table_cells(chunk: str) -> list[tuple[int, int, bool]]:
    """(start, end, in the name column) of the header cells and of each body row's first cell of the semicolon
    tables of `chunk` with a name's column first; a header cell is (start, end, False)."""
    cells: list[tuple[int, int, bool]] = []
    for m in _SEMI_HEADER.finditer(chunk):
        n = m.group().count(";")
        pos = m.start()
        for part in m.group().rstrip("\r\n").split(";"):
            cells.append((pos, pos + len(part), False))
            pos += len(part) + 1
        row = m.end()
        if _GIVEN_HEAD.search(m.group()) is not None:
            continue  # (beside a given name's column the name column holds surnames: `Name;Vorname;Ort`, xml32)
        while row < len(chunk):
            nl = chunk.find("\n", row)
            line = chunk[row:nl if nl >= 0 else len(chunk)]
            if line.count(";") != n:
                break
            cells.append((row, row + line.index(";"), True))
            if nl < 0:
                break
            row = nl + 1
    return cells


def _header_or_thing(chunk: str, start: int, end: int, cells: list[tuple[int, int, bool]],
                     names: NameLists | None) -> bool:
    """Whether [start, end) is inside a header cell of a semicolon table with a name's column, or inside a cell of
    that column that names a thing: a word with a digit (`Schraube M6`), a word of `_THING_WORDS` (`Server Nord`),
    or one word that is no listed name (`Wochenbericht`)."""
    for a, b, body in cells:
        if a <= start and end <= b:
            if not body:
                return True
            words = chunk[a:b].split()
            if any(any(c.isdigit() for c in w) for w in words) or any(w.lower() in _THING_WORDS for w in words):
                return True
            return len(words) == 1 and names is not None and not names.is_name(words[0])
    return False


def _thing_first_cell(chunk: str, start: int, end: int) -> bool:
    """Whether [start, end) is inside the first cell of a semicolon row (`Schraube M6;Eisenwaren;0,10`, a streamed
    window without its header) that names a thing: a word with a digit or a word of `_THING_WORDS`."""
    a = chunk.rfind("\n", 0, start) + 1
    b = chunk.find(";", a)
    nl = chunk.find("\n", a)
    if b < end or (0 <= nl < b) or chunk[b + 1:b + 2] in (" ", "\t", "\n", "\r"):
        return False
    if _PLAIN_CELL.fullmatch(chunk, a, b) is None:
        return False  # (`"OKAFOR CHIDI" <sip:2125550147@10.0.0.5>;party=calling` is no table's row)
    words = chunk[a:b].split()
    return any(any(c.isdigit() for c in w) or w.lower() in _THING_WORDS for w in words)


# A table's first cell: words of letters and digits (`Schraube M6`, `Server Nord`), 40 characters at most.
_PLAIN_CELL = re.compile(r"[ \t]*[^\W\d_][^\W_]*(?:[ \t.-][^\W_]+){0,4}[ \t]*")


# ------------------------------------------------------------------------------------------------ EDIFACT NAD

# An EDIFACT `NAD` segment's party name (its fourth element: `NAD+SU+++Jackson Hewitt Tax Service+1 MAIN ST+...`).
_NAD = re.compile(r"(?m)^[ \t]*NAD\+[^'+\n]*\+[^'+\n]*\+[^'+\n]*\+(?P<party>(?:[^'+?\n]|\?.)+)")
# Words of a firm's or a site's name (`Tax Service`, `Distribution Center`, `Logistics Group`).
_FIRM_WORDS = frozenset("""
service services center centre group inc llc ltd gmbh ag sa corp corporation company co distribution logistics
hospital clinic bank store stores market foods systems solutions partners holdings industries supply supplies
warehouse depot office trading international intl enterprises associates consulting manufacturing retail wholesale
shipping freight transport motors labs laboratories pharmacy
""".split())


def _nad_party(chunk: str, r: Result) -> Result | None:
    """A PERSON span over an EDIFACT `NAD` segment's separators (`NAD+SU+++Jackson Hewitt Tax Service+1`): None where
    the party name is a firm's (a word of `_FIRM_WORDS`), else PERSON over the party name alone; any other span as it
    is."""
    _, a, b, score = r
    if "+" not in chunk[a:b]:
        return r
    line = chunk.rfind("\n", 0, a) + 1
    m = _NAD.match(chunk, line)
    if m is None or not (a <= m.end("party") and m.start("party") < b):
        return r
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", m.group("party"))}
    if words & _FIRM_WORDS:
        return None
    return ("PERSON", m.start("party"), m.end("party"), score)


# ------------------------------------------------------------------------------------------------ all

def without32(chunk: str, found: list[Result], names: NameLists | None = None) -> list[Result]:
    """`found` (spans of `chunk`) without what the rules of this module read as no name and no phone number."""
    semi = ";" in chunk and any(r[0] == "PERSON" for r in found)
    cells = _table_cells(chunk) if semi else []
    ldap = "=" in chunk and "\\" in chunk
    out: list[Result] = []
    for r in found:
        kind, a, b = r[0], r[1], r[2]
        if kind == "PERSON":
            if _hara_word(chunk, a, b) or _in_region(chunk, a, b):
                continue
            if semi and (_header_or_thing(chunk, a, b, cells, names) or _thing_first_cell(chunk, a, b)):
                continue
            if ldap and _in_ldap_group(chunk, a, b):
                continue
            if "NAD+" in chunk:
                kept = _nad_party(chunk, r)
                if kept is None:
                    continue
                r = kept
        elif kind == "PHONE_NUMBER" and ":" in chunk:
            kept = _phone_before_time(chunk, r)
            if kept is None:
                continue
            r = kept
        out.append(r)
    return out
