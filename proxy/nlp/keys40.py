"""Abbreviated name columns of database and EHR exports (keys40, atk40 F10).

Exports name their columns with the record's kind before the name's part, often abbreviated: `pat_fname`,
`pat_lname`, `emp_first_nm`, `cust_fnm`, `pt_first`, `mbr_last_name`, `subscriber_given_nm`, `usrSurname`,
`patFname`. `proxy.nlp.tables.column_kind` reads a key's words and knew none of these: a JSON Lines export, a
single object or a CSV with such a header went upstream whole. `abbreviated_part` reads a key (a JSON key, a
`key=value`'s, a CSV/SQL column's) as "parts" (a value in a name part's shape is that part, as under `first_name`)
when it is
- a person's prefix (`PERSON_PREFIXES`: `pat`, `emp`, `cust`, `mbr`, `pt`, `usr`, `subscriber`, ..., and a
  qualifier after it: `legal`, `pref`, `maiden`) then a name's part: an abbreviation (`fname`, `lname`, `fnm`,
  `lnm`, `sname`, `mname`), a word (`first`, `last`, `given`, `family`, `surname`, `middle`, `forename`) with or
  without `nm`/`name`/`nme` after it, or `f`/`l` before `name`/`nm`;
- a name's part with `nm` after it and no prefix (`first_nm`, `last_nm`, `given_nm`, `fam_nm`: `nm` is `name`).
`first`/`last`/`given`/`family` without a person's prefix stay as they were (a range's ends, a flag, a taxon), and
so does an abbreviation after another word (`src_fname`, `out_fname`: a file's name): those are
`proxy.nlp.name_keys`' (beside their partner, or a listed name). `{"fname": "report.pdf"}` is no name's shape.
`proxy.nlp.name_keys` pairs `fnm`/`lnm`, `fname`/`sname` and LDAP's `givenName`/`sn` as it pairs `fname`/`lname`.

`comma_cells` (atk40 F02): a quoted CSV cell `"Surname, Given"` (`"Raman, Priya",priya@...,617-...`) is a PERSON
whole where its column's header names a person, its row holds an e-mail address or a phone number, or a side is a
listed name; never a place or a firm (`"Paris, France"`, `"Acme, Inc."`) nor under a column of things. The Indian
surnames the lists lacked (`Raman`, `Pillai`, `Menon`: atk40 F11) are `proxy.nlp.names39`'s, and `Raman
spectroscopy`, `Raman scattering`, `the Raman shift` stay terms by `proxy.nlp.eponyms.EPONYM_HEADS`.
Pure functions, CPU only; a key is read only when it holds a name part's stem (`_HINT`), a cell only in a text
with a double quote, a comma and a line break.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["PERSON_PREFIXES", "abbreviated_part", "comma_cells"]

# Words (lower case) that say a record's column holds a person's attribute: the record's kind, abbreviated as
# exports abbreviate it.
PERSON_PREFIXES = frozenset("""
pat patient pt ptnt emp empl employee ee cust customer cst mbr member mem usr user subscriber subscr subs sub insured
ins insd guarantor guar gtor client clnt cli contact ctc cntct stu student stud prov provider dr doc doctor phys
physician md nurse ref referring attending att emerg emergency ec nok kin parent guardian grd mother mom father dad
spouse sps child dep dependent dpnd applicant appl app borrower brwr bor coborrower cosigner tenant tnt driver drvr drv
passenger pax psgr guest gst owner holder cardholder acct account bill billing ship shipping shipto beneficiary benef
bene payee payer recipient rcpt sender signer buyer seller rep agent agt mgr manager sup supv supervisor author person
per prsn indv individual party resp responsible primary prim pri secondary sec joint staff stf worker wkr teacher tchr
instructor instr volunteer vol donor voter resident occupant visitor caller victim suspect witness officer broker
candidate cand trainee intern alum alumni decedent deceased policyholder sponsor referrer requester requestor
approver reviewer assignee reporter admin contractor ctr consultant vendor
""".split())
# Qualifiers between the prefix and the part (`pat_legal_first_nm`, `emp_pref_fname`, `mbr_maiden_nm`).
_QUALIFIERS = frozenset({"legal", "pref", "preferred", "alt", "alias", "birth", "official", "orig", "original",
                         "maiden", "prev", "previous", "former", "current", "curr", "cur"})
# A name's part: abbreviations that name one alone, words that do with a person's prefix, and their `nm` forms.
_ABBREVIATIONS = frozenset({"fname", "lname", "fnm", "lnm", "sname", "mname", "mnm", "surnm", "firstnm", "lastnm",
                            "givennm", "frstnm", "lstnm"})
_PART_WORDS = frozenset({"first", "frst", "fst", "last", "lst", "given", "gvn", "family", "fam", "surname", "sur",
                         "middle", "mid", "forename", "fore", "maiden"})
_NAME_WORDS = frozenset({"nm", "name", "nme", "nam"})
# Part words that name a part with `nm` alone, without a prefix (`first_nm`, `last_nm`).
_NM_ALONE = frozenset({"first", "frst", "last", "lst", "given", "gvn", "family", "fam", "sur", "surname", "middle",
                       "forename", "maiden"})
# Part words that need `nm`/`name` after them even after a prefix (`pat_mid` may be an id, `pat_family` a
# family's history, `pat_sur` no word).
_NEED_NAME = frozenset({"mid", "sur", "fam", "family", "fore", "fst", "lst", "frst", "gvn", "maiden"})
_HINT = re.compile(r"(?i)f(?:irst|rst|st)?_?n|l(?:ast|st)?_?n|nm|first|last|given|gvn|fam|sur|s_?name|mid|m_?name"
                   r"|forename|name|nme")
# Prefixes of a whole name's column (nm41: `pat_nm`, `emp_full_nm`, `cust_nm`, `pt_name`, `subscriber_nm`): the
# record's kind where it is a person alone (not `app`, `doc`, `vendor`, `ins`, `acct`: a thing's or a firm's name).
_WHOLE_PREFIXES = frozenset("""
pat patient pt ptnt emp empl employee ee cust customer cst mbr member usr subscriber subscr subs insured insd guarantor
guar gtor client clnt cli contact ctc cntct stu student stud nok kin parent guardian grd mother father spouse sps
tenant tnt driver drvr passenger pax psgr guest gst cardholder beneficiary benef bene payee recipient rcpt applicant
appl borrower brwr coborrower cosigner policyholder resident caller decedent person prsn indv individual emerg ec
agent agt mgr supv supervisor worker wkr staff stf teacher tchr physician phys doctor nurse user
""".split())
_WORD = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]")


def _words(key: str) -> list[str]:
    """`key`'s words, lower-cased: split at `_`, `-`, `.`, spaces and case changes (`patFname`: pat, fname;
    `EMP_FIRST_NM`: emp, first, nm); digits end a word (`pat1_fname`)."""
    out: list[str] = []
    for part in re.split(r"[\W\d_]+", key):
        if not part:
            continue
        if part.isupper() or part.islower():
            out.append(part.lower())
            continue
        out += [w.lower() for w in _WORD.findall(part)]
    # camelCase splits an abbreviation (`patFName`: pat, f, name; `custFnm`: cust, fnm): rejoin `f`/`l`/`m` + name
    joined: list[str] = []
    for w in out:
        if joined and joined[-1] in ("f", "l", "m", "s") and w in ("name", "nm"):
            joined[-1] += w
        else:
            joined.append(w)
    return joined


@functools.lru_cache(maxsize=4096)
def abbreviated_part(key: str) -> str | None:
    """"parts" when `key` names a part of a person's name by an export's abbreviation (the module's docstring),
    else None."""
    if len(key) > 48 or _HINT.search(key) is None:
        return None
    words = _words(key)
    if not words:
        return None
    if words[-1] in _NAME_WORDS and _whole(words[:-1], words[-1]):
        return "people"  # (nm41: a whole name's abbreviated column, `pat_nm`, `emp_full_nm`, `pt_name`, `full_nm`)
    if words[-1] in _NAME_WORDS and len(words) > 1:  # `first_nm`, `f_name`, `l_nm`
        part, named, body = words[-2] + ("name" if words[-2] in ("f", "l", "m", "s") else ""), True, words[:-2]
    else:
        part, named, body = words[-1], False, words[:-1]
    abbreviation = part in _ABBREVIATIONS
    if not abbreviation and part not in _PART_WORDS:
        return None
    if not abbreviation and part in _NEED_NAME and not named:
        return None
    while body and body[-1] in _QUALIFIERS:
        body.pop()
    if not body:
        # no prefix: `first_nm`, `last_nm` (`nm` is `name`); `fname`, `first`, `first_name` are others' readings
        return "parts" if named and words[-1] == "nm" and part in _NM_ALONE else None
    if any(w in PERSON_PREFIXES for w in body):
        return "parts"
    return None


def _whole(body: list[str], name: str) -> bool:
    """Whether the words before a key's `nm`/`name` make it a whole name's column: a person's prefix (`pat`, `emp`,
    `cust`) with `full`/`legal`/... between (`emp_full_nm`), or `full` alone before an abbreviation (`full_nm`)."""
    from proxy.nlp.tables import PEOPLE

    body = list(body)
    full = False
    while body and (body[-1] in _QUALIFIERS and body[-1] != "maiden" or body[-1] == "full"):
        full = full or body[-1] == "full"
        body.pop()
    if not body:
        return full and name != "name"  # (`full_name` is the other readers')
    # (`customer_name`, `patient_name` are `tables.column_kind`'s own already)
    return all(w in _WHOLE_PREFIXES for w in body) and (name != "name" or not any(w in PEOPLE for w in body))


# ------------------------------------------------------------------------------------ `"Surname, Given"` cells

# A quoted CSV cell `"Surname, Given"` (atk40 F02: Outlook, HR and CRM exports write a name so): the cell whole,
# each side one to three capitalised words of letters (`O'Neil`, `Van Dyke`, `Mary-Jane`, an initial `P.`).
_SIDE = r"[^\W\d_a-z][^\W\d_]*(?:['’-][^\W\d_]+)*\.?(?: [^\W\d_a-z][^\W\d_]*(?:['’-][^\W\d_]+)*\.?){0,2}"
_COMMA_CELL = re.compile(rf"(?m)(?:^|(?<=[,;\t]))[ \t]*\"({_SIDE}),[ \t]*({_SIDE})\"[ \t]*(?=[,;\t\r]|$)")
# What makes such a cell a place or a firm, never a person (`"Paris, France"`, `"Acme, Inc."`).
_FIRM = frozenset({"inc", "ltd", "llc", "llp", "gmbh", "corp", "co", "plc", "ag", "sa", "bv", "nv", "srl", "spa",
                   "pty", "limited", "company", "group", "partners", "associates", "holdings"})
_ROW_VALUES = frozenset({"EMAIL_ADDRESS", "PHONE_NUMBER"})


def _place_or_firm(words: list[str]) -> bool:
    from proxy.nlp.everyday import STATES_COUNTRIES
    from proxy.nlp.places import city_names

    cities = city_names()
    return any(w.lower().rstrip(".") in _FIRM or w.lower() in STATES_COUNTRIES or w.lower() in cities for w in words)


def comma_cells(chunk: str, found: list[tuple[str, int, int, float]],
                names: NameLists) -> list[tuple[str, int, int, float]]:
    """`found` with each quoted CSV cell `"Surname, Given"` a PERSON, whole (what it replaces of it dropped), where
    its column's header names a person or a name's part (`name`, `Full Name`, `Employee`, `Manager`:
    `proxy.nlp.tables.column_kind`), or its row holds an e-mail address or a phone number found, or a side is a
    listed name (a surname of the lists, a given name) and neither is a commoner word; never a place or a firm
    (`"Paris, France"`, `"Berlin, Germany"`, `"Acme, Inc."`) nor under a header of things (`company`, `city`,
    `vendor`). `"Smith, Wesson"` in a row of people is read as a person: a firm is written `Smith & Wesson`."""
    if '"' not in chunk or "," not in chunk or "\n" not in chunk:
        return found
    cells = list(_COMMA_CELL.finditer(chunk))
    if not cells:
        return found
    from proxy.nlp.tables import column_cells, column_kind

    headers = {(a, b): h for a, b, h in column_cells(chunk, single=False)}
    added: list[tuple[str, int, int, float]] = []
    for m in cells:
        a, b = m.start(1), m.end(2)
        words = (m.group(1) + " " + m.group(2)).split()
        if _place_or_firm(words):
            continue
        header = headers.get((a, b))
        kind = None
        if header is not None:
            kind = column_kind(header)
            if kind is None and re.sub(r"[\W_]+", "", header.lower()) in ("fullname", "displayname", "names"):
                kind = "people"
        if kind == "things":
            continue
        if kind not in ("people", "parts"):
            line_a = chunk.rfind("\n", 0, a) + 1
            line_b = chunk.find("\n", b)
            line_b = len(chunk) if line_b < 0 else line_b
            row = any(r[0] in _ROW_VALUES and line_a <= r[1] and r[2] <= line_b for r in found)
            sur, given = m.group(1).split()[-1], m.group(2).split()[0].rstrip(".")
            listed = (names.is_name(sur) or names.is_any_first(given)) \
                and not names.is_very_common(sur) and not names.is_very_common(given) \
                and (names.is_name(sur) or not names.is_common(sur)) \
                and (names.is_name(given) or names.is_any_first(given) or len(given) == 1 or not names.is_common(given))
            if not listed and not (row and not names.is_very_common(sur)):
                continue
        added.append(("PERSON", a, b, 0.85))
    if not added:
        return found
    return [r for r in found if not (r[0] == "PERSON" and any(x <= r[1] and r[2] <= y for _, x, y, _ in added))] \
        + added
