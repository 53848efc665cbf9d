"""Names in values whose place says they hold a person's name, whatever the word lists say of their words (names20,
atk18 H1 leftovers):

- `keyed_values`: a value under a key that names a person (`{"name": "Takeshi Honda"}`, `"customer_name": "Aoife
  O'Connor"`): two to four capitalised name-shaped words, a given name of any list then a surname of any list or no
  ordinary word (a brand: `Honda`, `Siemens`), or two words of Japanese syllables (`Takeshi Honda`, `Kenji Toyota`);
  the whole value, as `proxy.nlp.pii._keyed_people` reads the names its lists know. Not a thing's, a place's
  or a colour's name (`Honda Civic`, `Rose Gold`, `Victoria Station`). `person_key_readings` gives a tool call's
  argument under such a key, a text of its own, to the analyzer as that JSON (`proxy.guard.checks.pii`).
- `subject_names`: a certificate subject's common name (`CN="Julia Becker"`, `CN=Julia Becker,O=Acme`,
  `/CN=Will Price/O=Acme`): two to four capitalised words, a given name and a surname of any list in either order
  (a colour a surname there: `CN=Hope White`), no organisation's head (`CN=Acme Root CA`, `CN=api.acme.io`); the
  subject's attribute keys are no name (`O` of `O=Acme`).
- `file_word_names`: a name in a file's name whose words are everyday or technical words too (`Julia_Novak_CV.pdf`,
  `julia-novak-resume.docx`, `Novak_Julia.pdf`, `Emma_White_CV.pdf`): a given name of any list (`Julia`, `Ruby`,
  `Mark`) beside a surname no list reads as a word (`Novak`); beside a person's document (`CV`, `resume`,
  `passport`, `payslip`), a given name and a surname of any list (`Mark_Price_CV.pdf`, `tom_hall_contract.pdf`).

Each finds only the name's characters.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from proxy.nlp.cued import _is_first, _raw_surname, _role
from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]
_SCORE = 0.85

# A word of a person's name as written in a value: `Takeshi`, `O'Connor`, `McDonald`, `Smith-Jones`, `Müller`, `J.`.
_NAME_WORD = re.compile(r"(?:[^\W\d_a-z]['’])?(?:Mc|Mac)?[^\W\d_a-z][^\W\d_A-Z]+(?:[-'’][^\W\d_a-z][^\W\d_A-Z]+)*"
                        r"|[^\W\d_a-z]\.")
# Japanese syllables written in Latin letters (Hepburn, `n`, a doubled consonant): `takeshi`, `honda`, `nissan`.
_ROMAJI = re.compile(r"(?:(?:(?P<c>[kstpc])(?=(?P=c)))?(?:[kgszjtdnhbpmyrwf]|sh|ch|ts|[kgnhbpmr]y)?[aiueo]"
                     r"|n(?![aiueoy]))+")
# Words that make a value a thing's, a place's or a colour's name (with `proxy.nlp.pii._THING_WORDS`).
_NOT_SURNAMES = frozenset("""
corp corporation inc ltd llc gmbh ag plc co company group team server service services api app bot admin root ca
test demo sample default user users support sales office department dept unknown none null na tbd anonymous guest
""".split())


def _romaji(word: str) -> bool:
    low = word.lower()
    return len(low) >= 3 and _ROMAJI.fullmatch(low) is not None


def _ordinary(word: str, lexicon: tuple[frozenset[str], ...]) -> bool:
    return any(word.lower() in w for w in lexicon)


def _surname(names: NameLists, word: str, lexicon: tuple[frozenset[str], ...]) -> bool:
    """A surname of any list (`White`, `Novak`), one with an apostrophe (`O'Connor`), or no ordinary word (a brand's
    name: `Honda`, `Siemens`)."""
    if word.lower() in _NOT_SURNAMES or _role(word):
        return False
    return _raw_surname(word) or names.is_name(word) or "'" in word or "’" in word or (
        bool(lexicon) and not _ordinary(word, lexicon))


def _given(names: NameLists, word: str, lexicon: tuple[frozenset[str], ...] = ()) -> bool:
    """A given name of any list, or Japanese syllables that are no ordinary word (`Takeshi`)."""
    return word.lower() not in _NOT_SURNAMES and (_is_first(names, word) or names.is_name(word) and not _raw_surname(
        word) or _romaji(word) and not _ordinary(word, lexicon))


def _a_name(names: NameLists, words: list[str], lexicon: tuple[frozenset[str], ...], *, either: bool = False) -> bool:
    """Whether 2-4 name-shaped words are a person's name by the lists (see the module's docstring)."""
    from proxy.nlp.names import place_names
    from proxy.nlp.pii import _NO_NAME_CELLS, _THING_WORDS
    from proxy.nlp.places import city_names
    from proxy.nlp.tables import NOT_PEOPLE

    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    lower = [w.lower() for w in words]
    if any(w in _NOT_SURNAMES or w in _NO_NAME_CELLS for w in lower) or " ".join(lower) in city_names() \
            or " ".join(lower) in place_names():
        return False
    if any((w in _THING_WORDS and not either) or w in NOT_PEOPLE and w != "hall" or w in city_names()
           or w in place_names() for w in lower[1:]):
        return False
    first, last = words[0], words[-1]
    if all(_romaji(w) for w in (first, last)):
        return lower[0] not in city_names() and lower[0] not in place_names()  # (not `Tokyo Ramen`)
    return _given(names, first, lexicon) and _surname(names, last, lexicon) or either and _given(
        names, last, lexicon) and _surname(names, first, lexicon)


# --- a value under a key that names a person -------------------------------------------------------------------

_KEYED = re.compile(r"(?<![\w-])[\"']?(?P<key>[A-Za-z][A-Za-z_-]{1,30})[\"']?[ \t]*[:=][ \t]*"
                    r"(?:\"(?P<dq>[^\"\\\n]{3,80})\"|'(?P<sq>[^'\\\n]{3,80})'"
                    r"|(?P<bare>[^\W\d_][^\n,;{}\"=<>&]{2,79}?)[ \t]*(?=\r?\n|$|[,;}]))")


def keyed_values(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...] = ()) -> list[tuple[int, int]]:
    """[start, end) of each value under a person's key that is a name (see the module's docstring)."""
    if ":" not in text and "=" not in text:
        return []
    from proxy.nlp.tables import column_kind

    out: list[tuple[int, int]] = []
    for m in _KEYED.finditer(text):
        key = m.group("key")
        if column_kind(key) != "people" and key.lower().replace("_", "").replace("-", "") != "fullname":
            continue
        group = next(g for g in ("dq", "sq", "bare") if m.group(g) is not None)
        value = m.group(group)
        if value.isupper() or not _a_name(names, value.split(" "), lexicon) \
                and not _unlisted_name(names, value.split(" "), lexicon):
            continue
        out.append(m.span(group))
    return out


def _unlisted_name(names: NameLists, words: list[str], lexicon: tuple[frozenset[str], ...]) -> bool:
    """Two or three capitalised words under a person's key, one at least of no list and no ordinary word, the others
    listed names that are no common word (nm41: `"pt_name": "Kealoha Nakoa"`; not `Photo Booth`, `Acme Support`)."""
    from proxy.nlp.nm40 import _unlisted

    if not lexicon or not 2 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) and w[1:].islower() for w in words):
        return False
    odd = [_unlisted(w, names, None) and not _ordinary(w, lexicon) for w in words]
    return any(odd) and all(o or names.is_name(w) and not names.is_common(w.lower()) and not _ordinary(w, lexicon)
                            for o, w in zip(odd, words, strict=True))


# A value that may be a person's whole name: two to four words of letters, as `keyed_values` reads them.
_NAME_VALUE = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?: [^\W\d_][^\W\d_'’.-]*){1,3}")


def person_key_readings(texts: Sequence[str], documents: Sequence[Sequence[tuple[int, str]]],
                        ) -> list[tuple[int, str, int]]:
    """The values of `documents` (a tool call's arguments decoded into its values, `proxy.guard.keyed.keyed_members`)
    under a key that names a person (`name`, `customer_name`, `owner`) in a whole name's shape, each as the same
    JSON written as text (`{"name": "Takeshi Honda"}`), for the analyzer to read as `keyed_values` does: (text
    index, the text, where the value starts in it). Cheap, no name list read: on the request path."""
    import json

    from proxy.guard.keyed import keyed_members
    from proxy.nlp.intl25 import script_word
    from proxy.nlp.names25 import person_key
    from proxy.nlp.tables import column_kind

    out: list[tuple[int, str, int]] = []
    for i, key in keyed_members(texts, documents):
        value = texts[i]
        if key is None or len(value) > 80 or value.isupper() or (
                _NAME_VALUE.fullmatch(value) is None and not script_word(value)) or (  # (intl25: `Анна`, `محمد`)
                column_kind(key) != "people" and key.lower().replace("_", "").replace("-", "") != "fullname"
                and not person_key(key)):  # (names25: one reading of a person's key, `customerName`, `created_by`)
            continue
        head = "{" + json.dumps(key, ensure_ascii=False) + ": "
        out.append((i, head + json.dumps(value, ensure_ascii=False) + "}", len(head) + 1))
    return out


# --- a certificate subject's common name ------------------------------------------------------------------------

_CN = re.compile(r"(?<![A-Za-z])(?i:cn)[ \t]*=[ \t]*(?:\"(?P<dq>[^\"\n]{3,80})\"|'(?P<sq>[^'\n]{3,80})'"
                 r"|(?P<bare>[^\W\d_][^,/+;\"=\n]{2,79}?))[ \t]*(?=[,/+;\"]|\r?\n|$)")
_RDN_KEY = re.compile(r"(?i:o|ou|c|l|st|dc|cn|uid|e|sn|gn|street|title)[ \t]*=")


def subject_names(text: str, names: NameLists, lexicon: tuple[frozenset[str], ...] = ()) -> list[tuple[int, int]]:
    """[start, end) of each certificate subject's common name that is a person's (see the module's docstring)."""
    out: list[tuple[int, int]] = []
    for m in _CN.finditer(text):
        group = next(g for g in ("dq", "sq", "bare") if m.group(g) is not None)
        value = m.group(group)
        if value.isupper() or not _a_name(names, value.split(" "), lexicon, either=True):
            continue
        out.append(m.span(group))
    return out


def _rdn_key(text: str, a: int, b: int) -> bool:
    """Whether [a, b) is a subject's attribute key before its `=` (`O` of `CN=Julia Becker,O=Acme`)."""
    m = _RDN_KEY.match(text, a)
    return m is not None and b <= m.end() - 1 and text[a:b].strip().isalpha() and (
        a == 0 or text[a - 1] in ",/+; \t\"")


# --- names in a file's name ------------------------------------------------------------------------------------

# A person's document in a file's name (`Julia_Novak_CV.pdf`, `resume-jordan-smith.docx`), lower case.
_PERSONAL_DOCUMENTS = frozenset("""
cv cvs resume resumes résumé lebenslauf cover letter coverletter passport payslip payslips paystub paycheck contract
offer references reference visa application transcript transcripts certificate diploma photo headshot portrait
signed signature tax taxes bio biography profile portfolio license licence birth medical records nda onboarding
evaluation appraisal review id w2 p60 timesheet invoice receipt statement
""".split())


def file_word_names(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each name `proxy.nlp.recognizers.FileNameNameRecognizer` leaves in a file's name because a
    word of it is an everyday or a technical word too (see the module's docstring)."""
    if "." not in text:
        return []
    from proxy.nlp.eponyms import EPONYM_PHRASES, EPONYMS, EPONYMS_IN_CONTEXT
    from proxy.nlp.recognizers import (
        _FILE_EXTENSION,
        _FILE_PART,
        _FILE_TOKEN,
        _NAMED_FILE_EXTENSIONS,
        _camel_parts,
    )

    eponymous = EPONYMS | EPONYMS_IN_CONTEXT
    out: list[tuple[int, int]] = []
    for t in _FILE_TOKEN.finditer(text):
        if "." not in t.group()[-6:]:
            continue
        ext = _FILE_EXTENSION.search(t.group())
        if ext is None or ext.group(1).lower() not in _NAMED_FILE_EXTENSIONS:
            continue
        end = t.start() + ext.start()
        start = max(t.start(), max(t.group().rfind("/", 0, ext.start()), t.group().rfind("\\", 0, ext.start())) + 1
                    + t.start())
        words: list[tuple[int, int]] = []
        for m in _FILE_PART.finditer(text, start, end):
            w = m.group()
            words.extend([m.span()] if w.islower() or w.isupper() or len(w) < 2 else _camel_parts(w, m.start()))
        parts = [text[a:b] for a, b in words]
        cued = any(p.lower() in _PERSONAL_DOCUMENTS for p in parts)
        k = 0
        while k + 1 < len(words):
            a, b = parts[k], parts[k + 1]
            joined = all(c in "_-." for c in text[words[k][1]:words[k + 1][0]])
            if joined and _file_pair(names, a, b, cued=cued) and not (
                    a.lower() in eponymous and b.lower() in eponymous or (a.lower(), b.lower()) in EPONYM_PHRASES):
                out.append((words[k][0], words[k + 1][1]))
                k += 2
            else:
                k += 1
    return out


def _file_pair(names: NameLists, a: str, b: str, *, cued: bool) -> bool:
    """A given name of any list and a surname no list reads as a word, in either order (`Julia_Novak`,
    `Novak_Julia`); beside a person's document a given name and a surname of any list (`Mark_Price_CV`)."""
    if len(a) < 2 or len(b) < 2 or a.isupper() and len(a) < 4 or b.isupper() and len(b) < 4:
        return False
    if not all(w.islower() or w.isupper() or w[0].isupper() and w[1:].islower() for w in (a, b)):
        return False
    from proxy.nlp.recognizers import _SOFTWARE_NOUNS
    from proxy.nlp.tech_terms import TECH_TERMS

    if any(w.lower() in _PERSONAL_DOCUMENTS or w.lower() in _SOFTWARE_NOUNS or _role(w) for w in (a, b)):
        return False

    def given(w: str) -> bool:
        return _is_first(names, w)

    def rare(w: str) -> bool:  # (a technical term only as the given name: `Julia_Novak`, not `Novak_Rust`)
        return names.is_name(w) and not given(w) and w.lower() not in TECH_TERMS

    if given(a) and rare(b) or rare(a) and given(b):
        return True
    return cued and (given(a) and _raw_surname(b) or _raw_surname(a) and given(b))


def with_valued_names(text: str, names: NameLists, found: list[Result],
                      lexicon: tuple[frozenset[str], ...] = ()) -> list[Result]:
    """`found` with the names of `keyed_values`, `subject_names` and `file_word_names` over the PERSON spans inside
    them (a span inside one is replaced by it), without a subject's attribute keys read as names (`O` of `O=Acme`)."""
    spans = [*keyed_values(text, names, lexicon), *file_word_names(text, names)]
    subjects = subject_names(text, names, lexicon) if "=" in text else []
    spans += subjects
    if subjects or "=" in text and _CN.search(text) is not None:
        found = [r for r in found if r[0] != "PERSON" or not _rdn_key(text, r[1], r[2])]
    if not spans:
        return found
    # (sorted starts and the ends reached before each: every span read in logarithmic time, a long text has
    # thousands)
    persons = sorted((r[1], r[2], k) for k, r in enumerate(found) if r[0] == "PERSON")
    starts = [p[0] for p in persons]
    reach = list(itertools.accumulate((p[1] for p in persons), max))
    dropped: set[int] = set()
    added: list[Result] = []
    for a, b in sorted(set(spans)):
        i = bisect.bisect_left(starts, a)
        if i and reach[i - 1] > a:
            continue  # a span from before reaches into it: covered already, or left as found
        over: list[int] = []
        k = i
        while k < len(persons) and persons[k][0] < b:
            over.append(k)
            k += 1
        if any(persons[j][1] > b or (persons[j][0], persons[j][1]) == (a, b) for j in over):
            continue  # covered already, or a span reaches past it
        dropped.update(persons[j][2] for j in over)
        added.append(("PERSON", a, b, max([_SCORE, *(found[persons[j][2]][3] for j in over)])))
    return [r for k, r in enumerate(found) if k not in dropped] + added


__all__ = ["file_word_names", "keyed_values", "person_key_readings", "subject_names", "with_valued_names"]
