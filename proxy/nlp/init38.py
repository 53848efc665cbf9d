"""init38 (atk38 F07): an initial or two and a surname after a form of address, `by` or a person's label.

`proxy.nlp.cued.initialed_names` reads `J. White` after a line's person label (`Assigned to:`), a verb of contacting
(`cc`, `Ask`) or on a sign-off's next line. Letters, medical notes, claims and signatures name people so after more:

- a form of address: `Seen by Dr. K. Nakashima.`, `Attn: Mr. T. Okonkwo`, `Prof. J.R. Bettencourt`;
- `by`, a greeting and a sign-off on the same line: `Reviewed by J. R. Raghunathan on 12/03.`, `Dear K. Nakashima,`,
  `Signed, K. Nakashima`;
- a person's label anywhere on the line, a JSON or YAML key too: `Adjuster: K. Brandstaetter`,
  `{"adjuster":"K. Brandstaetter"}`, `reviewer=A. Oyelaran`;
- after such a name, the next one of a list: `by J. Hall and K. Nakashima`.

The initials and the surname are the name. The surname must be in a surname's shape (`proxy.nlp.comma33._surname_ok`:
a listed surname, or no everyday English word, no place), no product or tool (`TECH_TERMS`), and stand apart from
its initials (`J.Crew` is a brand), after no country's dotted initials (`U.S. Steel`, `A. I. Research`), before no
further abbreviation (`J. Biol. Chem.`), and be no company's known by initials (`J. P. Morgan`, `H. J. Heinz`). Without
a cue (ja40) two or three initials and a surname are a name (`R. J. Albuquerque signed`: a place's name too there),
one initial only before a lower-case word, a comma, a bracket or a sentence's end (`K. Brandstaetter will review it`)
and after no outline's word (`Option B. Terraform is`), and none where a found PERSON holds the surname already; so
not an outline's letter (`A. Overview`, `B. Kubernetes setup`), a species (`E. coli`, even `by E. Coli`, `T. Rex`,
`C. Diff`), a compass point before a place (`W. Virginia`), a figure or a volume (`Fig. 3. Results`). And a
journal's abbreviation the NER model read as a name (`J. Am. Chem. Soc.`, `Acad.
Sci. U.S.A.`), or an outline's letter before a tool (`by A. Kubernetes release`), is none. Pure functions, CPU only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from proxy.nlp.comma33 import _replaced, _surname_ok
from proxy.nlp.cued import _CAP, _LABELS, _NOT_A_GIVEN, _ORG_HEADS, _role
from proxy.nlp.tech_terms import TECH_TERMS

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists
    from proxy.nlp.pii_types import Result

__all__ = ["with_init38"]

# One or two capital initials with their dots, then the surname after a space (`K. X`, `J. R. X`, `J.R. X`).
_INITIALS = re.compile(rf"(?<![\w.'’-])(?P<initials>[A-Z]\.(?:[ \u00a0]?[A-Z]\.){{0,2}})[ \u00a0]+(?P<name>{_CAP})")
_QUICK = re.compile(r"(?<![\w.])[A-Z]\.[ \u00a0]?(?:[A-Z]\.[ \u00a0]?)?[A-Z]")
# Person labels the cue readers do not hold: roles of claims, clinics, reviews and letters.
_ROLES = (r"(?i:adjust[eo]r|reviewer|examiner|inspector|physician|doctor|nurse|clinician|provider|surgeon|therapist"
          r"|dentist|pharmacist|prescriber|radiologist|pathologist|agent|handler|witness|claimant|insured"
          r"|policyholder|beneficiary|adjudicator|approver|auditor|assessor|appraiser|referr(?:er|ing)|consultant"
          r"|attending|pcp|rep|representative|supervisor|technician|surveyor|officer|interviewer|applicant|tenant"
          r"|landlord|counsel|attorney|lawyer|solicitor|notary|defendant|plaintiff|driver|courier|presenter"
          r"|speaker|moderator|coordinator|editor|translator|addressee|(?:reviewed|examined|inspected|prepared"
          r"|checked|verified|signed|seen|authored|written|ordered|referred|handled|treated|witnessed)[ _-]?by)")
_CUE = re.compile(
    r"(?:(?<![^\W\d_])(?:Dr|Mr|Mrs|Ms|Mx|Prof|Rev|Dra|Sra|Drs|Miss|Doctor|Professor|Nurse)\.?[ \t\u00a0]+"
    r"|(?<![\w'’-])(?i:by|signed|regards|sincerely|dear|hi|hello|thanks|cheers)[,:]?[ \t\u00a0]+"
    rf"|(?<![\w-])[\"']?(?:{_ROLES}|{_LABELS})[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"|(?P<list>,|;|&|\band)[ \t\u00a0]*)\Z")
_COUNTRIES = frozenset({"U.S.", "U.K.", "E.U.", "U.N.", "D.C.", "L.A.", "N.Y.", "U.A.E.", "S.A.", "U.S.A.", "A.I.",
                        "P.S.", "Q.A.", "R.I.P.", "B.C.", "A.D.", "P.M.", "A.M.", "N.B.", "I.T.", "H.R.", "R.D."})
# Companies named by their founder's initials and surname (`J. P. Morgan`, `H. J. Heinz`): no person (ja40).
_INITIALED_FIRMS = frozenset("""
jp.morgan jc.penney hj.heinz rj.reynolds sc.johnson jb.hunt ch.robinson dr.horton wr.grace at.kearney jd.power
ll.bean tj.maxx jm.smucker wp.carey rr.donnelley hb.fuller ao.smith ww.norton pf.chang wk.kellogg jw.marriott
jr.simplot eh.harriman ag.edwards ew.scripps lg.balfour cf.martin am.best
""".split())
# What may follow an initialed surname with no cue before it (ja40): a lower-case word (`K. Brandstaetter will`),
# a comma, a bracket, a sentence's end; not the line's end (an outline's heading: `B. Oyelaran` alone stays).
_NO_CUE_NEXT = re.compile(r"(?:'s|’s)?(?:[ \u00a0]+[a-z]|[,;)]|\.(?:[ \u00a0]|$))")
# Species written with the genus's initial, capitalised by mistake after `by` (`caused by E. Coli`).
_EPITHETS = frozenset("""
coli aureus typhimurium typhi pneumoniae epidermidis cerevisiae elegans melanogaster thaliana subtilis faecalis
faecium pyogenes agalactiae albicans botulinum difficile perfringens tuberculosis sapiens rerio musculus norvegicus
pylori jejuni marcescens aeruginosa monocytogenes gonorrhoeae meningitidis influenzae cholerae pestis anthracis
mutans vulgaris mirabilis cloacae baumannii maltophilia enteritidis sonnei flexneri fumigatus niger falciparum vivax
gondii lamblia gallus laevis tropicalis rex diff diffs
""".split())
_ABBREV_AFTER = re.compile(r"\.[ \u00a0]?(?P<word>[A-Z][a-z]{0,6})\.")  # `J. Biol. Chem.`: a journal's abbreviations
_BACK = 80
# A journal's abbreviations the NER model reads as a name (`J. Am. Chem. Soc.`, `Rev. Mol. Cell Biol.`): a short
# capitalised word (an initial before it or not) with its dot, after or before another abbreviation, no title.
_SHORT = re.compile(r"(?:[A-Z]\.[ \u00a0]?)?[A-Z][a-z]{1,5}")
_ABBREV_BEFORE = re.compile(r"(?<![\w.])(?P<word>[A-Z][a-z]{1,6})\.[ \u00a0]?\Z")
_TITLES = frozenset({"Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "Rev", "Sr", "Sra", "Dra", "Jr", "St", "Gen", "Col", "Capt",
                     "Sgt", "Lt", "Det", "Insp", "Hon", "Fr", "Miss", "Herr", "Frau", "Mme", "Mlle", "Dott"})


def _surname(word: str, names: NameLists, lex: Lexicon, initials: str = "") -> bool:
    low = word.lower()
    return (low not in _NOT_A_GIVEN and low not in _EPITHETS and low not in _ORG_HEADS and not _role(word)
            and (_surname_ok(word, names, lex)
                 # a place's name after two initials is a surname (`R. J. Albuquerque`; ja40), and a word the lists
                 # hold as common but no English word, adjective, verb or stop word (`R. J. Pasadena`: nm41)
                 or initials.count(".") >= 2 and (_place(low) or not names.is_english(low) and not any(
                     low in words for words in (lex.adjectives, lex.verbs, lex.stops)) and not _product(low)))
            and (low not in TECH_TERMS or low in names.last))


def _product(low: str) -> bool:
    from proxy.nlp.nm40 import _PRODUCT_ENDINGS

    return low.endswith(_PRODUCT_ENDINGS)


def _place(low: str) -> bool:
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    return low in city_names() or low in place_names()


def initial_names(text: str, names: NameLists, lex: Lexicon,
                  persons: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """[start, end) of each `initials surname` after a cue (the module's docstring), or without one where no found
    PERSON (`persons`) holds its surname already (`sent it to J. Young` after `Mrs. Young`: the later mention's own)."""
    if "." not in text or _QUICK.search(text) is None:
        return []
    out: list[tuple[int, int]] = []
    for m in _INITIALS.finditer(text):
        initials, word = m.group("initials"), m.group("name")
        if initials.replace(" ", "").replace("\u00a0", "") in _COUNTRIES or not _surname(word, names, lex, initials) \
                or _abbreviation_after(text, m.end()) or _firm(initials, word):
            continue
        line = text.rfind("\n", max(0, m.start() - _BACK), m.start()) + 1
        cue = _CUE.search(text, max(line, m.start() - _BACK), m.start())
        if cue is None:
            # no cue (ja40): two initials or more, or one before a lower-case word or a sentence's end
            # (`R. J. Albuquerque signed`, `K. Brandstaetter will review it`)
            if initials.count(".") < 2 and (
                    _NO_CUE_NEXT.match(text, m.end()) is None or _outline(text, line, m.start())) \
                    or any(x < m.end("name") and m.start("name") < y for x, y in persons):
                continue
            out.append((m.start(), m.end("name") - (2 if word.endswith(("'s", "’s")) else 0)))
            continue
        if cue.group("list") and (not out or text[out[-1][1]:cue.start()].strip(" \t\u00a0.\"'")):
            continue  # a list's next name only after one read here: `by J. Hall and K. Nakashima`
        end = m.end("name") - (2 if word.endswith(("'s", "’s")) else 0)
        out.append((m.start(), end))
    return out


def _firm(initials: str, word: str) -> bool:
    """Whether `initials word` names a company known by its founder's initials (`J. P. Morgan`, `H. J. Heinz`)."""
    letters = "".join(c for c in initials if c.isalpha()).lower()
    return f"{letters}.{word.lower()}" in _INITIALED_FIRMS


def _outline(text: str, line: int, at: int) -> bool:
    """Whether the initial at `at` follows an outline's word (`Option B. Oyelaran`, `Step A. Kowalczyk will`)."""
    before = text[line:at].strip(" \t\u00a0\"'*-#>")
    return bool(before) and before.split()[-1].lower() in ("option", "plan", "step", "part", "appendix", "section",
                                                        "annex", "exhibit", "schedule", "phase", "item", "table",
                                                        "figure", "fig.", "chapter", "case", "group", "type")


def _journal(chunk: str, a: int, b: int) -> bool:
    """Whether [a, b) is a journal's abbreviation (`_SHORT`, see above)."""
    if _SHORT.fullmatch(chunk, a, b) is None or chunk[b:b + 1] != ".":
        return False
    before = _ABBREV_BEFORE.search(chunk, max(0, a - 10), a)
    return (before is not None and before.group("word") not in _TITLES) or _abbreviation_after(chunk, b)


def _initialed_tool(chunk: str, a: int, b: int, names: NameLists) -> bool:
    """Whether [a, b) is an outline's letter before a tool's name (`Sorted by A. Kubernetes release`)."""
    m = _INITIALS.fullmatch(chunk, a, b)
    return m is not None and m.group("name").lower() in TECH_TERMS and not names.is_name(m.group("name"))


def _initialed_thing(chunk: str, a: int, b: int) -> bool:
    """Whether [a, b) is a company known by initials (`J. P. Morgan`, see `_INITIALED_FIRMS`), a species (`T. Rex`,
    `C. Diff`) or a compass point's initial before a place (`W. Virginia`, `N. Carolina`)."""
    m = _INITIALS.fullmatch(chunk, a, b)
    if m is None:
        return False
    initials, word = m.group("initials"), m.group("name")
    return _firm(initials, word) or word.lower() in _EPITHETS or initials in ("N.", "S.", "E.", "W.") and _place(
        word.lower())


def _abbreviation_after(text: str, end: int) -> bool:
    """Whether another abbreviation, no title, follows the word ending at `end` (`J. Biol. Chem.`, not `Hall. Dr.`)."""
    after = _ABBREV_AFTER.match(text, end)
    return after is not None and after.group("word") not in _TITLES


def with_init38(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with the initialed names after a cue as PERSON (a found span they overlap gives way to them), less a
    journal's abbreviations read as a name."""
    if ". " in chunk and any(r[0] == "PERSON" for r in found):
        found = [r for r in found if r[0] != "PERSON" or not (_journal(chunk, r[1], r[2])
                                                             or _initialed_tool(chunk, r[1], r[2], names)
                                                             or _initialed_thing(chunk, r[1], r[2]))]
    persons = [(r[1], r[2]) for r in found if r[0] == "PERSON"]
    spans = [(a, b) for a, b in initial_names(chunk, names, lex, persons)
             if not any(x <= a and b <= y for x, y in persons)]
    if not spans:
        return found
    return _replaced(found, [("PERSON", a, b, 0.85) for a, b in spans])
