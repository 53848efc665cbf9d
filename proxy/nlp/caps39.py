"""Names in capitals after a person's label without a comma, and names one per item of a batch (caps39, atk38 F08, F10).

- **`SURNAME GIVEN [MI]` after a person's label** (`label_names`, after `proxy.nlp.comma_names`' `SURNAME, GIVEN`):
  lab reports, specimen and pharmacy labels and clinic lists print the name in capitals without a comma
  (`SPECIMEN: 24-CH-004471  PATIENT: WHITAKER KAROLINE  SEX: F`, `SPECIMEN 24-CH-0044 PATIENT NAKASHIMA KENJI`,
  `Rx LABEL: NAKASHIMA KENJI  Take 1 tab daily`, `Pt BRANDSTAETTER JOHN A  MRN 00482913`). After a person's label
  (`PATIENT`, `PT`, `NAME`, `Rx LABEL`, `CLIENT`, `MEMBER`, `INSURED`, `RESIDENT`...: in capitals, or at a line's
  start, after a layout's gap, or before `:`), the next two or three words in capitals, up to a double blank, a tab,
  the line's end, a digit or the next label (`SEX:`, `MRN`, `DOB`), are one name, both parts, whether or not a list
  knows them: none may be an everyday English word, a place, a month, a company's word or a technical term, and
  the pair must hold a listed name or words no word list holds (a noun beside a listed given name is a surname:
  `DELACROIX AMELIE`), and be no listed company (`GOLDMAN SACHS`). `TEST: GLUCOSE FASTING`, `PATIENT: SEE ATTACHED`,
  `CLIENT: ACME CORP`, `PT INR 2.3` go as sent. A line (or a layout's cell) that is only a listed surname (or one of
  a surname's endings: `PETROVA`) and a listed given name in capitals (`NOWAK KATARZYNA`, a clinic list's row) is one
  too.
- **A batch's one-word items** (`batch_names`, `BATCH`): entity-resolution and search pipelines embed a record's
  fields one per item (`{"input": ["Nakashima", "Kenji", "kenji.n@gmail.com", "503-472-9180"]}`); each item is read
  alone (`proxy.guard.phases.BATCH_KINDS`), so a bare surname had no context. The rule: an item of an embeddings or
  completions list that is one capitalised word (no everyday word, place, month, technical term, company, car make
  or fashion house) is a name when a surname list (and no given-name list, no word list) knows it, or when the batch
  is a person's record: another item is a name (found by the model, not a brand's; or a listed surname as above), an
  item is a listed given name no English word, or a person's mailbox (`kenji.n@`, `d_sokolova@`) has an item as a
  part. In a record, an item is a name when the mailbox holds it, or it is no English word and a name list knows it
  or it has four letters or more
  (`Nakashima`). `["Kubernetes", "Paris", "Invoice"]`, `["Aurora", "Redshift"]`, `["Maserati", "Balenciaga"]`,
  `["support@acme.com", "Zendesk", "Billing"]` go as sent.

Pure functions, CPU only; gated by substring tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from proxy.nlp.caps31 import _SURNAME_ENDINGS, COMPANY_WORDS, _brand, _everyday, _given
from proxy.nlp.comma33 import _SEQUENCE
from proxy.nlp.comma_names import LABEL_WORDS
from proxy.nlp.pii_types import Result

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists
    from proxy.nlp.pii import Span
    from proxy.providers.base import TextSlot

__all__ = ["BATCH", "batch", "batch_names", "label_names"]

_SCORE = 0.85
_CAP = r"[A-Z][A-Z'’-]*[A-Z]"
# A person's label: comma_names' words, and a pharmacy label's (`Rx LABEL`, `Rx FOR`, `DISPENSED TO`).
# (nm42: a role's name label, `EMPLOYEE NAME:`, `NAME OF EMPLOYEE:`, is the role's: a firm's word beside a given name)
_ROLES = (r"(?:patient|employee|customer|client|member|student|applicant|tenant|guest|resident|insured|subscriber"
          r"|beneficiary|claimant|policyholder|cardholder|account[ \t]holder|passenger|traveller|traveler|visitor"
          r"|staff|worker|driver|owner)")
_LABEL = re.compile(r"(?i)(?<![\w/-])(?:" + _ROLES + r"[ \t_-]?name|name[ \t]+of[ \t]+(?:the[ \t]+)?" + _ROLES
                    + "|" + LABEL_WORDS + r"|pt[ \t]name|rx[ \t]+(?:label|for)|dispensed[ \t]to"
                    r"|prescribed[ \t]for|donor|recipient|passenger|next[ \t]of[ \t]kin|emergency[ \t]contact)"
                    r"(?:([ \t]*[:#-][ \t]*)|[ \t]+)(?=[A-Z]{2})")
# Up to three words in capitals a single blank apart, an initial last.
_NAME = re.compile("(" + _CAP + r")(?: (" + _CAP + r"))(?: (" + _CAP + r"|[A-Z]\.?))?(?=$|[ \t]{2}|\t|[ \t]*[\r\n,;|]"
                   r"|[ \t]+\d| [A-Z]+[ \t]*[:#])")
# Fields of a label layout that end a name when no `:` follows them.
_FIELDS = frozenset("""
sex dob age mrn dos id acct room rm bed gender ht wt ssn phone tel fax ph mr dr md do np pa rn date time loc unit
ward floor dept clinic acc accn
""".split())
# A line or a layout's cell of two or three words in capitals alone.
_CELL = re.compile(r"(?m)(?:^|(?<=[\t|])|(?<=  ))[ \t]*(" + _CAP + r") (" + _CAP + r")(?: ([A-Z])\.?)?"
                   r"[ \t]*(?=$|[\t|]|  )")
_TWO_CAPS = re.compile(r"[A-Z]{2}[A-Z'’-]* [A-Z]{2}")
_WEAK = frozenset({"pt", "name", "member", "client", "resident"})  # labels of other things too (`PT INR`, `NAME: X`)


def _bad(word: str, names: NameLists, lex: Lexicon) -> bool:
    """Whether `word` (in capitals) is no part of a name: an everyday word no name list holds, a place, a month, a
    company's word or a technical term."""
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names
    from proxy.nlp.tech_terms import TECH_TERMS

    low = word.lower()
    listed = low in names.last or names.is_any_first(low)
    return (len(low) < 2 or low in _SEQUENCE or low in COMPANY_WORDS or low in TECH_TERMS or low in _FIELDS
            or low in city_names() or low in place_names()
            or _everyday(names, lex, word) and not (listed and not names.is_very_common(low)))


def _noun_only(word: str, names: NameLists, lex: Lexicon) -> bool:
    """Whether `word` is an everyday word only as a noun (no adjective, verb or stop word; not among the commonest)."""
    low = word.lower()
    return not names.is_very_common(low) and low not in lex.adjectives and low not in lex.verbs \
        and low not in lex.stops and low not in COMPANY_WORDS and low not in _FIELDS and low not in _SEQUENCE


def _company(parts: list[str]) -> bool:
    """Whether `parts` are a listed company's or brand's words, whole (`GOLDMAN SACHS`)."""
    from proxy.nlp.companies import company_index

    low = tuple(p.lower() for p in parts)
    return any(words == low for words, _ in company_index().get(low[0], ()))


def _firm_word(word: str, names: NameLists, lex: Lexicon) -> bool:
    """Whether `word` may be a surname beside a given name after a person's label though a firm's or an everyday
    word's (nm41: `EMPLOYEE: SIEMENS KLAUS`): no English word, adjective, verb or stop word, no company's word, place,
    month or technical term."""
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names
    from proxy.nlp.tech_terms import TECH_TERMS

    low = word.lower()
    return len(low) > 2 and not names.is_english(low) and low not in lex.adjectives and low not in lex.verbs \
        and low not in lex.stops and low not in COMPANY_WORDS and low not in _FIELDS and low not in _SEQUENCE \
        and low not in TECH_TERMS and low not in city_names() and low not in place_names()


def _listed(word: str, names: NameLists) -> bool:
    low = word.lower()
    return (low in names.last or names.is_any_first(low)) and not names.is_very_common(low)


def label_names(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with the names in capitals after a person's label, and the lone `SURNAME GIVEN` cells (the module's
    docstring), as PERSON over the whole name; PERSON spans inside it give way."""
    if _TWO_CAPS.search(chunk) is None:
        return found
    spans: list[tuple[int, int]] = []
    for m in _LABEL.finditer(chunk):
        label = m.group().rstrip(" \t:#-")
        line = chunk.rfind("\n", 0, m.start()) + 1
        laid = (label.isupper() or m.group(1) is not None or not chunk[line:m.start()].strip()
                or chunk[max(line, m.start() - 2):m.start()] in ("  ",) or chunk[m.start() - 1:m.start()] == "\t")
        if not laid:
            continue
        n = _NAME.match(chunk, m.end())
        if n is None:
            continue
        words = [w for w in n.groups() if w]
        if len(words) == 3 and words[2].lower() in _FIELDS:
            words = words[:2]
        parts = [w for w in words if len(w.rstrip(".")) > 1]
        given = any(_given(names, lex, w) for w in parts)  # beside a given name, a noun may be a surname (DELACROIX)
        weak = label.lower() in _WEAK
        if any(_bad(w, names, lex) and not (given and (_noun_only(w, names, lex) or not weak and _firm_word(
                w, names, lex))) for w in parts):
            continue
        if not (any(_listed(w, names) for w in parts) or not weak and not any(names.is_common(w.lower())
                                                                            for w in parts)):
            continue
        if _brand(parts) or _company(parts):
            continue
        end = n.start(1) + len(" ".join(words))
        spans.append((n.start(1), end))
    if "\n" in chunk or "  " in chunk or "\t" in chunk or "|" in chunk or len(chunk) < 40:
        for m in _CELL.finditer(chunk):
            s, g = m.group(1), m.group(2)
            low = s.lower()
            surname = low in names.last or low.endswith(_SURNAME_ENDINGS) and not names.is_english(low)
            if surname and not names.is_any_first(s.lower()) and _listed(g, names) \
                    and _given(names, lex, g) and not _bad(s, names, lex) and not _bad(g, names, lex) \
                    and not _everyday(names, lex, s) and not _everyday(names, lex, g) and not _brand([s, g]):
                # (no label: no everyday word at all, `MOCK SERVER` as an id reads)
                spans.append((m.start(1), m.end(3) if m.group(3) else m.end(2)))
    added = [("PERSON", a, b, _SCORE) for a, b in dict.fromkeys(spans)
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    if not added:
        return found
    return [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for _, a, b, _ in added))] \
        + added


# ------------------------------------------------------------------------------------------- batches

# The batch items of the request being screened: slot index -> its text (set around the input screening).
BATCH: ContextVar[dict[int, str] | None] = ContextVar("caps39_batch", default=None)
# Fashion and luxury houses named after their founders: a catalogue's column, no person.
_HOUSES = frozenset("""
gucci prada versace armani balenciaga dior givenchy fendi valentino ferragamo hermès hermes moschino zegna lanvin
cartier bulgari bvlgari burberry missoni balmain chloé chloe celine loewe vuitton lauren kors klein hilfiger boss
""".split())
_ONE_WORD = re.compile(r"[ \t]*([A-Z][^\W\d_A-Z]+(?:['’-][A-Z]?[^\W\d_]+)?)[ \t]*")


@contextmanager
def batch(slots: Sequence[TextSlot]) -> Iterator[None]:
    """Around a request's input screening: the one-word items of an embeddings or completions list."""
    from proxy.guard.phases import BATCH_KINDS

    items = {i: s.get() for i, s in enumerate(slots) if s.kind in BATCH_KINDS and isinstance(s.container, list)}
    token = BATCH.set(items if len(items) > 1 and any(_ONE_WORD.fullmatch(t) for t in items.values()) else None)
    try:
        yield
    finally:
        BATCH.reset(token)


def _plain(word: str, names: NameLists) -> bool:
    """Whether the one word `word` is no name by itself (read in the guard's process: the word lists, no lexicon): a
    place, a month, a technical term, a company's or a brand's name, or one of the commonest words."""
    from proxy.nlp.companies import company_index
    from proxy.nlp.everyday16 import CAR_BRANDS
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names
    from proxy.nlp.tech_terms import TECH_TERMS

    low = word.lower()
    return (low in _SEQUENCE or low in TECH_TERMS or low in CAR_BRANDS or low in _HOUSES or low in company_index()
            or low in COMPANY_WORDS or low in city_names() or low in place_names()
            or names.is_very_common(low) and not (low.endswith(_SURNAME_ENDINGS) and not names.is_english(low)))


def _mailed(word: str, locals_: list[str]) -> bool:
    """Whether a person's mailbox (`darya.s`, `k.nakashima`, `kenji_n`) of `locals_` has `word` as a part."""
    return any(word in re.split(r"[._-]", local) for local in locals_ if re.search(r"[._-]", local))


def batch_names(texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> list[list[Span]] | None:
    """Per text, `spans` with a batch's one-word items that are names (the module's docstring) as PERSON; None when
    nothing changes."""
    items = BATCH.get()
    if not items:
        return None
    words: dict[int, re.Match[str]] = {}
    for i, text in items.items():
        m = _ONE_WORD.fullmatch(text) if i < len(texts) and texts[i] == text else None
        if m is not None and not any(s.entity == "PERSON" for s in spans[i]):
            words[i] = m
    if not words:
        return None
    from proxy.nlp.names import name_lists
    from proxy.nlp.pii import Span

    names = name_lists()
    mails = [texts[i][s.start:s.end].split("@")[0].lower() for i in items if i < len(texts) for s in spans[i]
             if s.entity == "EMAIL_ADDRESS"]
    candidates = {i: m for i, m in words.items() if len(m.group(1)) >= 3 and not _plain(m.group(1), names)}
    # a surname list's word (no given name's, no word list's) alone
    named = {i for i, m in candidates.items() if (low := m.group(1).lower()) in names.last
             and not names.is_any_first(low) and not names.is_common(low)}
    # a person's record: a name found in another item (not a brand's: `["Gucci", "Prada", ...]`) or above, a listed
    # given name, an e-mail whose local part holds an item
    people = [i for i in items if i < len(texts) and any(
        s.entity == "PERSON" and s.score >= 0.4 and not any(o.entity != "PERSON" and o.start < s.end and s.start < o.end
                                                            for o in spans[i]) for s in spans[i])
             and not ((m := _ONE_WORD.fullmatch(texts[i])) is not None and _plain(m.group(1), names))]
    record = bool(people) or bool(named) or any(
        names.is_any_first(low := m.group(1).lower()) and not names.is_english(low) or _mailed(low, mails)
        for m in candidates.values())
    if record:
        for i, m in candidates.items():
            low = m.group(1).lower()
            if _mailed(low, mails) or not names.is_english(low) and (
                    low in names.last or names.is_any_first(low) or len(low) >= 4):
                named.add(i)
    if not named:
        return None
    out = [list(found) for found in spans]
    for i in sorted(named):
        m = candidates[i]
        out[i].append(Span("PERSON", m.start(1), m.end(1), _SCORE))
    return out
