"""Names a frame says are a person's whatever the word lists say (reply39, atk39 F11, F09).

- **Reply attribution lines** (`attribution_spans`): the one to four capitalised words between a mail client's
  quote frame and the sender's mailbox are the sender's name, listed or not (`On Tue, Mar 12, 2024 at 10:15 AM
  Chinwe Okafor <chinwe.okafor@gmail.com> wrote:`, `Am Di., 12. März 2024 um 10:15 Uhr schrieb Rustam Nazarov
  <r.nazarov@mail.ru>:`, `Le mar. 12 mars 2024 à 10:15, ... a écrit :`, `El ..., ... (<...>) escribió:`, `Il giorno
  ... alle ore 10:15 ... ha scritto:`, `Op ... om 10:15 schreef ...:`, `Em ... às 10:15, ... escreveu:`). The frame
  is a time or a `,` before the name and the client's verb after the mailbox, or the verb (`schrieb`, `schreef`)
  right before the name and a `:` after the mailbox. A service's or a role's sender (`GitHub <noreply@github.com>
  wrote:`, `Jira <jira@acme.atlassian.net>`) is no person (`proxy.nlp.mailnames`' organisation words and role
  addresses). A chat export's speaker after its time stamp (`[12/03/24, 10:15:32] Chinwe Okafor: ...`) likewise.
- **Whitespace-aligned tables** (`aligned_part_cells`): a pandas print (`df.head()`, cells right-aligned), a psql
  table without borders or `column -t` output: under a header of identifiers (`customer_id first_name   last_name`),
  each row's words fall under the header word they overlap (the nearest one otherwise); the cells under a column of
  a name's part (`tables.column_kind`: `first_name`, `surname`, `given`; `fname`, `lname`) read as name parts
  (`Chinwe`, `de Groot`, `Treviño`). `product_name`, `name` (servers, services) are not such columns.

Pure functions, CPU only; each reader is gated by a substring test.
"""

from __future__ import annotations

import re

__all__ = ["aligned_part_cells", "attribution_spans", "with_aligned_parts", "without_reply39"]

Result = tuple[str, int, int, float]

_VERBS = r"(?:wrote|schrieb|a\s+écrit|escribió|ha\s+scritto|schreef|escreveu|skrev|kirjoitti|napisał\(a\)|napisał)"
_NAME = r"(?P<name>[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,3})"
_ADDR = r"[ \t]*\(?<(?P<local>[^<>@\s\"]{1,64})@(?P<domain>[^<>\s\"]{1,255})>\)?[ \t]*"
# A time (`10:15 AM`, `10:15 Uhr`, `10h15`) or a `,` before the name, the client's verb after the mailbox.
_AFTER = re.compile(r"(?:[0-9]{1,2}[:.h][0-9]{2}(?::[0-9]{2})?(?:[ \t]*(?:[AaPp]\.?[ \t]?[Mm]\.?|Uhr|h))?|,)[ \t]+"
                    + _NAME + _ADDR + _VERBS + r"[ \t]*:")
# The verb before the name (`... um 10:15 Uhr schrieb Name <addr>:`, `... om 10:15 schreef Name <addr>:`).
_BEFORE = re.compile(r"(?<![\w])" + _VERBS + r"[ \t]+" + _NAME + _ADDR + r":")
# A chat export's line: `[12/03/24, 10:15:32] Name: ...`.
_CHAT = re.compile(r"(?m)^[ \t]*\[[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4},?[ \t]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
                   r"(?:[ \t]*[AaPp]\.?[Mm]\.?)?\][ \t]+" + _NAME + r":[ \t]")
_HINT = re.compile(r"(?i)wrote|schrieb|écrit|escribió|scritto|schreef|escreveu|skrev|kirjoitti|napisał")


def _person(value: str, local: str = "", domain: str = "") -> bool:
    from proxy.nlp.mailnames import _ORG_WORDS, role_address

    words = [w.rstrip(".") for w in value.split()]
    full = [w for w in words if len(w) > 1]
    if not full or len(words) > 4 or any(not w[:1].isupper() or w.lower() in _ORG_WORDS for w in full):
        return False
    if len(full) == 1 and (full[0].isupper() or not domain):  # `ACME <...>`; a chat's lone speaker: the lists decide
        return False
    return not (local or domain) or not role_address(full, local, domain)


def attribution_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sender's name in `text`'s reply attribution lines and chat export lines."""
    out: list[tuple[int, int]] = []
    if "@" in text and "<" in text and _HINT.search(text):
        for rx in (_AFTER, _BEFORE):
            for m in rx.finditer(text):
                if _person(m.group("name"), m.group("local"), m.group("domain")):
                    out.append(m.span("name"))
    if "] " in text:
        out += [m.span("name") for m in _CHAT.finditer(text) if _person(m.group("name"))]
    return out


# A header line of an aligned table: identifiers kept apart by spaces.
_HEADER = re.compile(r"[ \t]*[A-Za-z_][\w.]*(?:[ \t]+[A-Za-z_][\w.]*)+[ \t]*\r?")
_TOKEN = re.compile(r"\S+")
_SHORT_PARTS = frozenset({"fname", "lname", "given", "surname", "forename"})
_PART_HINT = re.compile(r"(?i)name|given|surname|vorname|prenom|prénom|apellido|cognome")
_PARTICLE = re.compile(r"(?:(?:de|van|von|der|den|da|di|du|del|della|la|le|ten|ter|dos|das)[ \t]+)*"
                       r"[^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*"
                       r"(?:[ \t][^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*){0,2}")


def _part_column(word: str) -> bool:
    from proxy.nlp.tables import column_kind

    return word.lower() in _SHORT_PARTS or column_kind(word) == "parts"


def aligned_part_cells(text: str) -> list[tuple[int, int]]:
    """[start, end) of each cell under a name part's column of a whitespace-aligned table in `text`."""
    if "\n" not in text or not _PART_HINT.search(text):
        return []
    out: list[tuple[int, int]] = []
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    i = 0
    while i < len(lines) - 1:
        header = lines[i]
        if len(header) > 400 or not _HEADER.fullmatch(header):
            i += 1
            continue
        heads = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(header)]
        wanted = {k for k, (_, _, word) in enumerate(heads) if _part_column(word)}
        # an aligned header: padded (two spaces or an indent) or of identifiers (`first_name`)
        if not wanted or not ("  " in header or header[:1] in " \t" or "_" in header):
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            row = lines[j]
            if not row.strip() or len(row) > 400 or row.lstrip().startswith(("[", ">>>", "(")) \
                    or "  " not in row.strip() and len(heads) > 2:
                break
            cells: dict[int, list[tuple[int, int]]] = {}
            for m in _TOKEN.finditer(row):
                a, b = m.span()
                if b <= heads[0][0] and m.group().isdigit():  # a pandas index before the first column
                    continue
                best = max(range(len(heads)), key=lambda k: (min(b, heads[k][1]) - max(a, heads[k][0]),
                                                              -min(abs(a - heads[k][0]), abs(b - heads[k][1]))))
                cells.setdefault(best, []).append((a, b))
            for k in wanted & cells.keys():
                a, b = cells[k][0][0], cells[k][-1][1]
                if _PARTICLE.fullmatch(row, a, b) is None:
                    continue
                cap = re.search(r"[^\W\d_a-z]", row[a:b])
                start = a + cap.start() if cap else a
                out.append((offsets[j] + start, offsets[j] + b))
            j += 1
        i = j
    return out


# A Go/OS platform string (`darwin/arm64`, `linux/amd64`) and a US health plan's labels (`Payer:`, `Copay:`): no names.
_PLATFORM = re.compile(r"(?i)(?<![\w/-])(?:darwin|linux|windows|freebsd|netbsd|openbsd|dragonfly|solaris|illumos|aix"
                       r"|android|ios|plan9|js|wasip1|macos)/(?:amd64|arm64|386|arm|armv[5-7]|ppc64le|ppc64|s390x"
                       r"|riscv64|mips64le|mips64|mipsle|mips|loong64|wasm|x86_64|x64|x86|aarch64|i386)(?![\w-])")
_PLAN_LABEL = re.compile(r"(?im)(?<![\w-])(?:payer|payor|copay|copayment|co-pay|coinsurance|deductible"
                         r"|subscriber(?:[ \t]+id)?|member[ \t]+id|group[ \t]+number)[ \t]*:")


def without_reply39(chunk: str, found: list[Result]) -> list[Result]:
    """`found` without PERSON spans inside a platform string or a health plan's label (see above)."""
    if "/" not in chunk and ":" not in chunk or not any(r[0] == "PERSON" for r in found):
        return found
    spans = [m.span() for m in _PLATFORM.finditer(chunk)] if "/" in chunk else []
    spans += [m.span() for m in _PLAN_LABEL.finditer(chunk)] if ":" in chunk else []
    if not spans:
        return found
    return [r for r in found if r[0] != "PERSON" or not any(a <= r[1] and r[2] <= b for a, b in spans)]


def with_aligned_parts(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with each `aligned_part_cells` cell as PERSON where no PERSON span covers it (the phrase rules read a
    cell beside a capitalised word that is no name as a phrase's word: `Nwankwo` before `Makoa`)."""
    from proxy.nlp.pii import _NO_NAME_CELLS

    cells = aligned_part_cells(chunk)
    return found + [("PERSON", a, b, 0.85) for a, b in cells if chunk[a:b].lower() not in _NO_NAME_CELLS
                    and not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
