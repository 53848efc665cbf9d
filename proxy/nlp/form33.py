"""Names in forms and machine-readable records (form33, atk31 F17, F9, F18).

- A passport's or an ID card's machine-readable zone as OCR writes it (`proxy.nlp.fold31` reads the exact lines):
  `«`, `‹` or `(` read for the `<` filler (`P<USARAMAN<<PRIYA«««...`), spaces around the chevrons
  (`P < USA RAMAN << PRIYA <<<...`), a line one or two characters short or long, lower case, or `K` for every `<`.
  A line is read as a zone's first line (a TD1 card's third line) when, its spaces taken out and those fillers read
  as `<`, it is 27 to 47 characters (27 to 33) of letters and fillers in one case: a document code (`P`, `I`, `A`,
  `C`, `V`), a filler or a letter, an issuing state, then ONE name (surname, `<<`, given names; parts apart by one
  `<`) and nothing but fillers after it; and the state is an ICAO code (ISO 3166 alpha-3, `D`, `UTO`...) with a
  `<<` or three fillers, or the next line (the line before, for TD1) is a zone's data line (digits and fillers).
  `K` for `<` needs both. C++ `std::cout << x << y`, heredocs `<<EOF`, `a << b << c` (two `<<`), conflict
  markers and French guillemets are no zone. The name, surname to last given name, is one PERSON.
- US tax forms as text (Form 1040, W-2, 1099): a line of label cells (two spaces or more apart; a W-2 box letter
  before) where one cell labels a person's name (`Your first name and middle initial`, `If joint return, spouse's
  first name`, `Last name`, `e Employee's first name and initial`, `RECIPIENT'S name`), and, on the next line, the
  words under that cell's columns (read as `proxy.nlp.tab29` reads a fixed-width table: each word to the cell it
  overlaps most) of one to four capitalised words without digits or label words: a name. Under `Employer's name` or
  `PAYER'S name` (a firm, mostly) only a listed first name and a surname, with no business word (`Inc`, `Bank`,
  `Service`), and the value's part before its first comma. A blank form (the next line is a label line: `Home
  address (number and street)`, `Check here if ...`) has no values; the label cells of such a line are no names
  (`Suff.`, `PAYER'S`).
- vCard `N:` (RFC 6350 6.2.2: family;given;additional;prefix;suffix, each a list apart by commas): each value of the
  first three parts is a name, and the `FN:` of such a card is the name whole (a title of the `N:` prefix part or
  `Dr.`, `Ms.`... and what follows a comma aside). A card with `KIND:org`, `X-ABShowAs:COMPANY`, or an empty `N:`
  (`N:;;;;`) with `ORG:`, is an organisation's: its `N:`, `FN:` and `ORG:` values are no person.

Pure functions, CPU only; each reader is gated by a cheap substring test and is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from proxy.nlp.fold31 import _with_person

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["with_form33"]

Result = tuple[str, int, int, float]
Span = tuple[int, int]

# --------------------------------------------------------------------------- machine-readable zones (OCR)

# ISO 3166-1 alpha-3 and ICAO 9303's own codes (`D` written `D<<`, UTO, XX*, GB*, UN*, EUE, RKS...)
_STATES = frozenset("""
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR
BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP
CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB
GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN
KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD
MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN
PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM
SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR
UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
D<< UTO UNO UNA UNK EUE GBD GBN GBO GBP GBS RKS XOM XPO XXA XXB XXC XXX XBA XIM XCC XCE XCO XEC XES XMP
""".split())
_FILLERS = str.maketrans({"«": "<", "‹": "<", "(": "<", " ": None, "\t": None, "\r": None})
_NAME = r"(?P<name>[A-Z]+(?:<[A-Z]+)*(?:<<[A-Z]+(?:<[A-Z]+)*)?)(?P<fill><*)"
_LINE1 = re.compile(rf"[PIACV][A-Z<](?P<state>[A-Z<]{{3}}){_NAME}")
_TD1_NAME = re.compile(_NAME)
_DATA = re.compile(r"[A-Z0-9<]{27,48}")
_ZONE_CHARS = re.compile(r"[ \t]*[A-Za-z][A-Za-z<«‹( \t\r]*")  # a zone's name line: no digits, no other marks
_CANDIDATE = re.compile(r"(?m)^[ \t]*[A-Za-z][A-Za-z<«‹( \t]{26,140}(?=\r?$)")  # a line of letters and fillers


def _compact(line: str, at: int) -> tuple[str, list[int]] | None:
    """`line` (at `at` in the chunk) without spaces, its fillers read as `<`, in capitals, with each character's
    offset in the chunk; None where its letters mix cases."""
    letters = [c for c in line if c.isalpha()]
    if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return None
    keep = [i for i, c in enumerate(line) if c not in " \t\r"]
    return "".join(line[i] for i in keep).translate(_FILLERS).upper(), [at + i for i in keep]


def _data_line(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a zone's data line (as OCR writes it): 27 to 48 digits, capitals and fillers, six
    digits or more among them and a filler."""
    if start < 0 or end <= start or end - start > 140:
        return False
    c = text[start:end].translate(_FILLERS).upper()
    return _DATA.fullmatch(c) is not None and sum(ch.isdigit() for ch in c) >= 6 and "<" in c


def _line_before(text: str, a: int) -> Span:
    if a <= 0:
        return -1, -1
    return text.rfind("\n", 0, a - 1) + 1, a - 1


def _line_after(text: str, b: int) -> Span:
    nl = text.find("\n", b)
    if nl < 0:
        return -1, -1
    end = text.find("\n", nl + 1)
    return nl + 1, len(text) if end < 0 else end


def _zone_names(text: str) -> list[Span]:
    if not ("<" in text or "«" in text or "‹" in text or "((" in text or "KKK" in text or "kkk" in text):
        return []
    out: list[Span] = []
    for m in _CANDIDATE.finditer(text):
        line = m.group()
        if "<" not in line and "«" not in line and "‹" not in line and "((" not in line \
                and not line.rstrip().upper().endswith("KKK"):
            continue
        if _ZONE_CHARS.fullmatch(line) is None or len(line) - line.count(" ") > 49:
            continue
        got = _compact(line, m.start())
        if got is None:
            continue
        c, at = got
        k_fill = "<" not in c
        if k_fill:  # `K` read for every `<`: the name runs to the line's end
            c = c[:2].replace("K", "<") + c[2:]
        line1 = _LINE1.fullmatch(c) if 27 <= len(c) <= 47 and c[0] in "PIACV" else None
        if line1 is not None:
            state_ok = line1.group("state") in _STATES
            fill, name = line1.group("fill"), line1.group("name")
            data = _data_line(text, *_line_after(text, m.end()))
            if k_fill:
                if state_ok and data and c.endswith("KKK"):
                    out.append((at[line1.start("name")], at[-1] + 1))
                    continue
            elif state_ok and ("<<" in name or len(fill) >= 3) or data and ("<<" in name or len(fill) >= 2):
                out.append((at[line1.start("name")], at[line1.end("name") - 1] + 1))
                continue
        if not k_fill and 27 <= len(c) <= 33 and _data_line(text, *_line_before(text, m.start())):  # TD1 line 3
            td1 = _TD1_NAME.fullmatch(c)
            if td1 is not None and "<<" in c:
                out.append((at[td1.start("name")], at[td1.end("name") - 1] + 1))
    return out


# --------------------------------------------------------------------------- US tax forms as text

_BOX = r"(?:[a-f]|\d{1,2}[a-z]?)[ \t]+"  # a W-2 box letter, a 1099 box number
_PERSON_LABEL = re.compile(
    r"(?i)(?:" + _BOX + r")?(?:(?:if joint return,[ \t]*)?(?:your|spouse'?s|spouse’s|employee'?s|employee’s"
    r"|recipient'?s|recipient’s|taxpayer'?s|taxpayer’s|borrower'?s|student'?s|payee'?s)[ \t]+first[ \t]+name"
    r"(?:[ \t]+and[ \t]+(?:middle[ \t]+)?initial)?|(?:your[ \t]+|spouse'?s[ \t]+)?last[ \t]+name"
    r"|(?:recipient|employee|borrower|student|payee|winner|debtor|transferor|taxpayer|spouse)(?:'|’)?s[ \t]+name"
    r"|name[ \t]+of[ \t]+recipient|names?[ \t]+shown[ \t]+on[ \t]+(?:your[ \t]+)?return)\b[^\r\n]{0,80}")
_FIRM_LABEL = re.compile(r"(?i)(?:" + _BOX + r")?(?:employer|payer|lender|filer|trustee)(?:'|’)?s[ \t]+name\b"
                         r"[^\r\n]{0,120}")
_LABEL_WORDS = frozenset("""
name names address number street code city town state zip box return instructions initial security employer
employee wages tax control apt suff check see enter required type field string value apply spouse ssn tin form
province country postal foreign telephone phone label here if the and of or your you payer recipient lender filer
trustee payee borrower student social tips other compensation middle last first joint identification federal
income withheld dependent dependents
""".split())
_BUSINESS = frozenset("""
inc incorporated llc ltd limited corp corporation co company companies group services service center centre bank
bancorp hospital clinic university college school insurance life national trust partners associates consulting
solutions systems holdings foundation church county city state department agency traders trading restaurant store
market logistics distribution medical regional dental health financial tax law firm pllc lp llp pc pa na plc gmbh
credit union federal fund investments capital securities brokerage payroll staffing industries international
""".split())
_WORD = re.compile(r"[A-Z][A-Za-z'’-]*\.?|[A-Z]\.?")
_BEFORE_NAME = ("first", "last", "'s", "’s")
_AFTER_NAME = re.compile(r"name[ \t]+of[ \t]+recipient|names?[ \t]+shown[ \t]+on")


def _label_hits(text: str) -> list[int]:
    """Where `text` holds a name's label (`first name`, `Last name`, `RECIPIENT'S name`, `name of recipient`)."""
    low = text.lower()
    out: list[int] = []
    pos = low.find("name")
    while pos >= 0:
        if pos and low[pos - 1] in " \t" and low[max(0, pos - 9):pos].rstrip(" \t").endswith(_BEFORE_NAME) \
                or low.startswith(("name of", "names shown", "name shown"), pos) and _AFTER_NAME.match(low, pos):
            out.append(pos)
        pos = low.find("name", pos + 4)
    return out


_LABEL_LINE = re.compile(r"[A-Za-z0-9 \t'’,.()/#-]+")  # a form's label line: words, no code's marks
_CELLS = re.compile(r"\S+(?: \S+)*")


def _label_kind(cell: str) -> str | None:
    if _PERSON_LABEL.fullmatch(cell) is not None:
        return "person"
    if _FIRM_LABEL.fullmatch(cell) is not None:
        return "firm"
    return None


def _label_words(text: str) -> bool:
    """Whether every word of `text` is a form's label word (`PAYER'S`, `Suff.`, `Wages`)."""
    words = re.findall(r"[A-Za-z]+", re.sub(r"(?i)['’]s\b", "", text).lower())
    return bool(words) and all(w in _LABEL_WORDS for w in words)


def _person_value(words: list[str], kind: str, names: NameLists | None) -> bool:
    """Whether the words of a cell under a name's label are a name (see the module)."""
    if not 1 <= len(words) <= 4 or any(_WORD.fullmatch(w) is None for w in words):
        return False
    if any(w.lower().strip(".") in _LABEL_WORDS or w.lower().strip(".") in _BUSINESS for w in words):
        return False
    if len(words[0].rstrip(".")) < 2:
        return False
    if kind == "firm":
        return names is not None and 2 <= len(words) <= 3 and names.is_any_first(words[0]) \
            and len(words[-1].rstrip(".")) >= 2
    return True


def _form_cells(text: str, names: NameLists | None) -> tuple[list[Span], list[Span]]:
    """The names under a form's name labels, and the label lines' spans (see the module)."""
    if " name" not in text and " NAME" not in text or "\n" not in text:
        return [], []
    values: list[Span] = []
    labels: list[Span] = []
    done = -1
    for at in _label_hits(text):
        off = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if off <= done or end < 0 or end - off > 400:
            continue
        done = off
        line = text[off:end].rstrip("\r")
        if _LABEL_LINE.fullmatch(line) is None:
            continue
        row_end = text.find("\n", end + 1)
        row_off, row = end + 1, text[end + 1:len(text) if row_end < 0 else row_end].rstrip("\r")
        heads = [(m.start(), m.end(), _label_kind(m.group())) for m in _CELLS.finditer(line.replace("\t", "  "))]
        if not any(kind for _, _, kind in heads):
            continue
        labels.extend((off + a, off + b) for a, b, _ in heads)
        if not row.strip() or "|" in row or "\t" in row:
            continue
        last = -1
        for run in _CELLS.finditer(row):  # each run of the row to the label cell it overlaps most, in order
            a, b = run.span()
            best = max(range(len(heads)), key=lambda k: (min(b, heads[k][1] if k < len(heads) - 1 else 10 ** 6)
                                                         - max(a, heads[k][0]),
                                                         -abs((a + b) - (heads[k][0] + heads[k][1]))))
            if best <= last:
                best = last + 1
            if best >= len(heads):
                break
            last = best
            kind = heads[best][2]
            if kind is None:
                continue
            if kind == "firm" or len(heads) == 1:
                cut = row.find(",", a, b)
                b = b if cut < 0 else a + len(row[a:cut].rstrip())
            if _person_value(row[a:b].split(), kind, names):
                values.append((row_off + a, row_off + b))
    return values, labels


# --------------------------------------------------------------------------- vCard N: and FN:

_CARD = re.compile(r"(?im)^[ \t]*BEGIN:VCARD[ \t]*\r?$")
_N_LINE = re.compile(r"(?m)^N(?:;[^:\r\n]*)?:(?P<v>[^\r\n]*)")
_FN_LINE = re.compile(r"(?m)^FN(?:;[^:\r\n]*)?:(?P<v>[^\r\n]*)")
_ORG_LINE = re.compile(r"(?m)^(?:ORG|TITLE)(?:;[^:\r\n]*)?:(?P<v>[^\r\n]*)")
_ORG_KIND = re.compile(r"(?im)^(?:KIND:org|X-ABShowAs:COMPANY)[ \t]*\r?$")
_TITLES = frozenset("dr dr. mr mr. mrs mrs. ms ms. miss mx mx. prof prof. sir dame rev rev.".split())
_PART = re.compile(r"[^\W\d_][\w'’. -]{0,60}")


def _card_of(text: str, at: int) -> tuple[int, int]:
    """The span of the vCard holding offset `at` (from its `BEGIN:VCARD` to its `END:VCARD`; the text's ends where
    none is written)."""
    begin = text.rfind("BEGIN:VCARD", 0, at)
    end = text.find("END:VCARD", at)
    return (0 if begin < 0 else begin), (len(text) if end < 0 else end)


def _a_person(text: str, found: list[Result], names: NameLists | None, parts: list[str], spans: list[Span]) -> bool:
    """Whether a card's `N:` names a person: a word of its family or given part is a listed name, or a PERSON found
    overlaps its `N:` or `FN:` values (`N:Support;Help Desk;;;` is a role's card)."""
    if names is None:
        return True
    if any(names.is_name(w) or names.is_any_first(w) for w in re.findall(r"[^\W\d_]+", " ".join(parts[:2]))):
        return True
    return any(r[0] == "PERSON" and r[1] < b and a < r[2] for r in found for a, b in spans)


def _card_names(text: str, found: list[Result], people: NameLists | None) -> tuple[list[Span], list[Span]]:
    """The names of a person's vCard (each value of its `N:` first three parts, its `FN:`), and the spans of an
    organisation's card's `N:`, `FN:` and `ORG:` values (see the module)."""
    if ";" not in text or _N_LINE.search(text) is None:
        return [], []
    card = _CARD.search(text) is not None
    names: list[Span] = []
    orgs: list[Span] = []
    for m in _N_LINE.finditer(text):
        v = m.group("v")
        parts = v.split(";")
        if not card and len(parts) != 5:
            continue
        lo, hi = _card_of(text, m.start())
        org_kind = _ORG_KIND.search(text, lo, hi) is not None
        has_org = _ORG_LINE.search(text, lo, hi) is not None
        fn = _FN_LINE.search(text, lo, hi)
        if org_kind or not "".join(parts[:3]).strip() and has_org:
            for om in (m, fn, *(_ORG_LINE.finditer(text, lo, hi))):
                if om is not None:
                    orgs.append(om.span("v"))
            continue
        mine: list[Span] = []
        pos = m.start("v")
        for k, part in enumerate(parts):
            if k < 3:
                sub = pos
                for value in part.split(","):
                    if _PART.fullmatch(value.strip()) is not None:
                        a = sub + len(value) - len(value.lstrip())
                        mine.append((a, a + len(value.strip())))
                    sub += len(value) + 1
            pos += len(part) + 1
        if fn is not None and "".join(parts[:2]).strip():
            a = fn.start("v")
            value = fn.group("v").split(",")[0].rstrip()
            prefixes = {p.strip().lower() for p in (parts[3].split(",") if len(parts) > 3 else [])}
            start = a + len(value)
            for w in re.finditer(r"\S+", value):  # after the titles it starts with
                if w.group().lower() not in _TITLES and w.group().lower() not in prefixes:
                    start = a + w.start()
                    break
            end = a + len(value)
            if start < end and not any(ch.isdigit() for ch in text[start:end]):
                mine.append((start, end))
        if mine and _a_person(text, found, people, parts, [m.span("v"), *([fn.span("v")] if fn else [])]):
            names.extend(mine)
    return names, orgs


# --------------------------------------------------------------------------- the hook


def with_form33(chunk: str, found: list[Result], names: NameLists | None = None) -> list[Result]:
    """`found` (spans of `chunk`) with the names of an OCR'd machine-readable zone, a tax form's name cells and a
    vCard's `N:` and `FN:` values as PERSON, and without the PERSON findings inside a form's label line or an
    organisation's vCard values (see the module)."""
    spans = _zone_names(chunk)
    values, labels = _form_cells(chunk, names)
    cards, orgs = _card_names(chunk, found, names)
    if not (spans or values or labels or cards or orgs):
        return found
    if labels or orgs:
        found = [r for r in found if not (r[0] == "PERSON" and (
            any(a <= r[1] and r[2] <= b for a, b in orgs)
            or any(a <= r[1] and r[2] <= b for a, b in labels) and _label_words(chunk[r[1]:r[2]])))]
    return _with_people(found, [*spans, *values, *cards])


def _with_people(found: list[Result], spans: list[Span]) -> list[Result]:
    """`found` with a PERSON over each of `spans` as `proxy.nlp.fold31`'s `_with_person` adds one, in one pass over
    `found` where there are many (a file of vCards): no span overlapping one added before it."""
    if len(spans) <= 8:
        for a, b in spans:
            found = _with_person(found, a, b)
        return found
    order = sorted(found, key=lambda r: r[1])
    starts = [r[1] for r in order]
    reach = max((r[2] - r[1] for r in order), default=0)
    drop: set[int] = set()
    added: list[Result] = []
    last = -1
    for a, b in sorted(set(spans)):
        if a < last:
            continue
        over = [k for k in range(bisect_left(starts, a - reach), bisect_left(starts, b)) if order[k][2] > a]
        if any(order[k][0] != "PERSON" or order[k][1] < a or order[k][2] > b for k in over):
            continue
        drop.update(over)
        added.append(("PERSON", a, b, 0.85))
        last = b
    return [r for k, r in enumerate(order) if k not in drop] + added
