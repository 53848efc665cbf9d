"""Person names in file names written with spaces and in the segments of a path (atk16 A HIGH-2, HIGH-3).

`proxy.nlp.recognizers.FileNameNameRecognizer` reads a file's name as one token without spaces (`Jordan_Smith_CV.pdf`);
spaCy's tokenizer keeps a surname glued to an extension (`Smith.docx`) or to a Windows path's `\\`
(`Smith\\Desktop`) in one token, so the NER model missed `Jordan Smith.docx`, `Resume Priya Sharma.pdf`,
`C:\\Users\\Jordan Smith\\Desktop`, `\\\\fileserver\\hr\\Jordan Smith\\cv.pdf` and kept the given name of
`/Users/Priya Sharma/Documents`. `PathNameRecognizer` reads the words glued to those boundaries with the same test of
a name as the file-name rule (a listed first name and a listed surname, in either order, no term, product or eponym),
and `without_extension` keeps a name's span off the extension the model took with it (`Maria Schmidt.pdf` went up as
`<PERSON_1>`; only the name's characters are redacted: `<PERSON_1>.pdf`). It also reads a name that is the whole
value under a person's key in a form body (`name=Chloe%20Dubois&role=admin`, atk16 A MEDIUM-3), as the view reads
one (`proxy.nlp.normalize._form_body_amps`).

A given name that is also a product's or a language's (`Julia`, `Ruby`, `Hugo`) counts before a listed surname
there (`Julia Novak.docx`, nameleft16), and `file_title_words` keeps the NER model's PERSON spans off a document's
title in a spaced file name (`Grant Proposal.pdf`, `Sample Data.csv`)."""

from __future__ import annotations

import functools
import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from proxy.nlp.eponyms import EPONYM_PHRASES, EPONYMS, EPONYMS_IN_CONTEXT
from proxy.nlp.names import NameLists
from proxy.nlp.recognizers import (
    _FILE_EXTENSION,
    _FILE_TOKEN,
    _NAMED_FILE_EXTENSIONS,
    _SURNAME_SUFFIX,
    FileNameNameRecognizer,
)
from proxy.nlp.tech_terms import TECH_TERMS

# A word of a name written with spaces: letters, an inner apostrophe or hyphen (`O'Brien`, `Smith-Jones`).
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_WORD_BEFORE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\Z")
_MAX_WORDS = 4  # words read on each side of a boundary: a name and a title or a word of the file's name
# A path's separator that a name's word is glued to: `\` (one, or two as escaped in a string) and `/`.
_BACKSLASH = re.compile(r"\\{1,2}")
_SLASH_SEGMENT = re.compile(r"/(?=[^\W\d_])")
# The folder that holds a user's home, after which a segment of two capitalised words is a person's name
# (`C:\\Users\\Lars Eriksson\\`, `/Users/Priya Sharma/`, `/home/Jan Kowalski/`).
_HOME = re.compile(r"(?i)(?:users|home|profiles)\Z")


def _capitalised(word: str) -> bool:
    """Written as a name is in a file's or a folder's name: `Jordan`, `JORDAN`, `McDonald`, `O'Brien`."""
    return word[0].isupper() and (len(word) == 1 or not word[1:].isupper() or word.isupper())


@functools.cache
def _companies() -> frozenset[tuple[str, ...]]:
    from proxy.nlp.companies import COMPANIES

    return frozenset(tuple(w.lower() for w in line.split() if w not in ("&", "-", "'s")) for line in COMPANIES)


class PathNameRecognizer(FileNameNameRecognizer):
    """A person's name written with spaces and glued to a file's extension (`Jordan Smith.docx`, `Resume Priya
    Sharma.pdf`, `Offer letter - Olivia Taylor.pdf`) or to a path's separator (`C:\\Users\\Jordan Smith\\Desktop`,
    `\\\\fileserver\\hr\\Jordan Smith\\cv.pdf`, `/Users/Priya Sharma/Documents`): two adjacent capitalised words
    separated by one space, next to the boundary or in the run of capitalised words that touches it, that the
    file-name rule reads as a name (a listed first name and surname, no term, product, eponym or listed company).
    After a home folder (`Users\\`, `/home/`) a listed first name and a word of no top-5,000 list are one too
    (`C:\\Users\\Lars Eriksson\\`). A `/` counts only around a whole segment (`/Priya Sharma/`): a `\\` between words
    is a path's anywhere. Only the name's characters are found (`<PERSON_1>.docx`, `C:\\Users\\<PERSON_1>\\Desktop`).
    A form body's value under a person's key, two such words before the next `key=`, is one too (`_form_values`)."""

    def __init__(self, names: NameLists | None = None) -> None:
        self.names = names
        LocalRecognizer.__init__(self, supported_entities=["PERSON"], name="PathNameRecognizer",
                                 supported_language="en")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        if "PERSON" not in entities or " " not in text or not any(c in text for c in ".\\/="):
            return []
        if self.names is None:
            self.load()
        spans: set[tuple[int, int]] = set()
        if "." in text:
            spans.update(self._spaced_files(text))
        if "\\" in text:
            spans.update(self._backslash_segments(text))
        if "/" in text:
            spans.update(self._slash_segments(text))
        if "=" in text:
            spans.update(self._form_values(text))
        return [RecognizerResult("PERSON", a, b, 0.7, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: "PathNameRecognizer"}) for a, b in sorted(spans)]

    # ----------------------------------------------------------------- reading words around a boundary

    @staticmethod
    def _words_before(text: str, at: int) -> list[tuple[int, int]]:
        """The capitalised words that end at `at`, each after one space (nearest last), up to `_MAX_WORDS`."""
        words: list[tuple[int, int]] = []
        end = at
        while len(words) < _MAX_WORDS:
            m = _WORD_BEFORE.search(text, max(0, end - 40), end)
            if m is None or not _capitalised(m.group()):
                break
            words.insert(0, (m.start(), m.end()))
            if m.start() < 2 or text[m.start() - 1] != " " or text[m.start() - 2] in " \t":
                break
            end = m.start() - 1
        return words

    @staticmethod
    def _words_after(text: str, at: int, stop: str = "") -> list[tuple[int, int]]:
        """The capitalised words from `at` on, each after one space, up to `_MAX_WORDS`; with `stop`, only when the
        run ends at one of its characters (a whole segment: `/Priya Sharma/`)."""
        words: list[tuple[int, int]] = []
        pos = at
        while len(words) < _MAX_WORDS:
            m = _WORD.match(text, pos)
            if m is None or not _capitalised(m.group()):
                break
            words.append((m.start(), m.end()))
            if text[m.end():m.end() + 1] != " " or text[m.end() + 1:m.end() + 2] in ("", " ", "\t"):
                break
            pos = m.end() + 1
        if stop and words and text[words[-1][1]:words[-1][1] + 1] not in tuple(stop):
            return []
        return words

    def _pairs(self, text: str, words: list[tuple[int, int]], home: bool = False) -> list[tuple[int, int]]:
        """The names among `words` (adjacent pairs, a listed first name before them joined), left to right."""
        found: list[tuple[int, int]] = []
        k = 0
        while k + 1 < len(words):
            a, b = text[slice(*words[k])], text[slice(*words[k + 1])]
            if self._spaced_pair(a, b) or home and k == 0 and len(words) == 2 and self._home_pair(a, b):
                start = words[k][0]
                if k > 0 and self._is_given(text[slice(*words[k - 1])]) and not found:
                    start = words[k - 1][0]  # `Mary Ann Smith`
                found.append((start, words[k + 1][1]))
                k += 2
            else:
                k += 1
        return found

    def _spaced_pair(self, a: str, b: str) -> bool:
        """The file-name rule's pair, or a given name listed anywhere before a listed surname that is no common word
        (`Priya Sharma`, `Chloe Dubois`: given names that are words of a word list too)."""
        if (a.lower(), b.lower()) in _companies():
            return False
        if self._pair(a, b):
            return True
        names = self.names
        assert names is not None
        return self._word(a) and self._word(b) and names.is_any_first(a) and self._surname(b) \
            and not names.is_very_common(b) and not self._eponyms(a, b) or self._product_given(a, b)

    def _product_given(self, a: str, b: str) -> bool:
        """A given name that is also a product's or a language's (`Julia`, `Ruby`, `Hugo`, `Ada`: the file-name
        rule's terms) before a surname (listed, or by its ending: `Papadopoulos`) that is no word of any list, term
        or product (`Julia Novak`, not `Julia Computing`, `Ruby Gems`, `Spring Boot`)."""
        names = self.names
        assert names is not None
        low = a.lower()
        return low in TECH_TERMS and low not in EPONYMS and len(a) >= 2 and a[0].isupper() and a[1:].islower() \
            and names.is_first(a) and self._word(b) and self._surname(b) and not names.is_common(b) \
            and not names.is_english(b) and not self._eponyms(a, b)

    @staticmethod
    def _eponyms(a: str, b: str) -> bool:
        eponymous = EPONYMS | EPONYMS_IN_CONTEXT
        return (a.lower() in eponymous and b.lower() in eponymous) or (a.lower(), b.lower()) in EPONYM_PHRASES

    def _is_given(self, w: str) -> bool:
        names = self.names
        assert names is not None
        return self._word(w) and names.is_first(w) and not names.is_common(w)

    def _home_pair(self, a: str, b: str) -> bool:
        """A home folder's `Given Surname`, the surname listed nowhere (`Lars Eriksson`)."""
        names = self.names
        assert names is not None
        return self._word(a) and self._word(b) and names.is_any_first(a) and not names.is_very_common(b) \
            and (a.lower(), b.lower()) not in _companies() and not self._eponyms(a, b)

    # ----------------------------------------------------------------- the three boundaries

    def _spaced_files(self, text: str) -> list[tuple[int, int]]:
        """Names whose last word (or the file name's first) is glued to a named file's extension, words of the
        name before it after spaces: `Jordan Smith.docx`, `Resume Priya Sharma.pdf`, `Jordan Smith_CV.pdf`."""
        out: list[tuple[int, int]] = []
        for m in _FILE_TOKEN.finditer(text):
            if m.start() < 2 or text[m.start() - 1] != " " or "." not in m.group()[-6:]:
                continue  # no space before it: a token the file-name rule reads whole
            ext = _FILE_EXTENSION.search(m.group())
            if ext is None or ext.group(1).lower() not in _NAMED_FILE_EXTENSIONS:
                continue
            first = _WORD.match(text, m.start(), m.start() + ext.start())
            before = self._words_before(text, m.start() - 1)
            words = before + ([first.span()] if first is not None and _capitalised(first.group())
                              and first.end() < len(text) and text[first.end()] in "._- " else [])
            if len(words) >= 2 and (first is None or words[-1] == first.span() or before):
                out += self._pairs(text, words)
        return out

    def _backslash_segments(self, text: str) -> list[tuple[int, int]]:
        """Names glued to a `\\` between a path's segments, on either side (`C:\\Users\\Jordan Smith\\Desktop`,
        `Jordan Smith\\Desktop`, `Users\\Jordan Smith`)."""
        out: list[tuple[int, int]] = []
        for m in _BACKSLASH.finditer(text):
            a, b = m.start(), m.end()
            before_ok = a > 0 and not text[a - 1].isspace()
            after_ok = b < len(text) and not text[b].isspace()
            if not (before_ok or after_ok):
                continue
            if after_ok:
                home = _HOME.search(text, max(0, a - 10), a) is not None
                out += self._pairs(text, self._words_after(text, b), home=home)
            if before_ok:
                out += self._pairs(text, self._words_before(text, a))
        return out

    def _slash_segments(self, text: str) -> list[tuple[int, int]]:
        """Names that are a whole segment between `/` (`/Users/Priya Sharma/`, `/hr/Jordan Smith/cv.pdf`), or the
        last one after a home folder (`/home/Jan Kowalski`)."""
        out: list[tuple[int, int]] = []
        for m in _SLASH_SEGMENT.finditer(text):
            home = _HOME.search(text, max(0, m.start() - 10), m.start()) is not None
            words = self._words_after(text, m.end(), stop="/\\")
            if not words and home:
                words = self._words_after(text, m.end(), stop="\"'`), \n")
                if not words:
                    whole = self._words_after(text, m.end())
                    words = whole if whole and whole[-1][1] == len(text) else []
            if " " in text[words[0][0]:words[-1][1]] if words else False:
                out += self._pairs(text, words, home=home)
        return out

    def _form_values(self, text: str) -> list[tuple[int, int]]:
        """A name that is the whole value under a person's key in a form body, as the view reads one (its `&` and
        `%20` as spaces: `name=Chloe Dubois role=admin`): the value's words up to the next `key=`, a quote or the
        end (atk16 A M3; `proxy.nlp.normalize._form_body_amps`)."""
        from proxy.nlp.tables import column_kind

        out: list[tuple[int, int]] = []
        for m in _FORM_KEY.finditer(text):
            words = self._words_after(text, m.end())
            if len(words) != 2 or column_kind(m.group(1)) != "people":
                continue
            after = text[words[-1][1]:words[-1][1] + 66]
            if after[:1] in ("", "'", '"', "\n") or _NEXT_KEY.match(after) is not None:
                out += self._pairs(text, words)
        return out


# A form body's `key=` (`proxy.nlp.normalize._FORM_PAIR_BEFORE`), and the next one after a value and a space.
_FORM_KEY = re.compile(r"(?<![^\s'\"(&?])([A-Za-z_][\w.\[\]-]{0,63})=(?=[^\W\d_])")
_NEXT_KEY = re.compile(r" [A-Za-z_][\w.\[\]-]{0,63}=")


def without_extension(chunk: str, found: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """The PERSON spans of `found` without a file's extension the NER model took with the name (`Maria Schmidt.pdf`,
    one spaCy token `Schmidt.pdf`): only the name's characters are redacted, the provider keeps the file's type."""
    if "." not in chunk:
        return found
    out: list[tuple[str, int, int, float]] = []
    for entity, start, end, score in found:
        if entity == "PERSON" and "." in chunk[start:end][-6:]:
            ext = _FILE_EXTENSION.search(chunk, start, end)
            if ext is not None and ext.start() > start and ext.group(1).lower() in _NAMED_FILE_EXTENSIONS \
                    and chunk[ext.start() - 1].isalpha():
                end = ext.start()
        out.append((entity, start, end, score))
    return out


_RECOGNIZERS: dict[int, tuple[NameLists, PathNameRecognizer]] = {}


def _recognizer(names: NameLists) -> PathNameRecognizer:
    """One recognizer per name lists (the engines' one: keyed by identity, not by hashing the lists)."""
    held = _RECOGNIZERS.get(id(names))
    if held is None or held[0] is not names:
        held = _RECOGNIZERS[id(names)] = (names, PathNameRecognizer(names))
    return held[1]


def path_names_first(names: NameLists, chunk: str, found: list[tuple[str, int, int, float]],
                     ) -> list[tuple[str, int, int, float]]:
    """`found` with the names `PathNameRecognizer` reads in `chunk` preferred to the NER model's PERSON spans that
    overlap them: a span inside one (`Daniel` of `Daniel Fischer.docx`) is dropped, and so is one that reaches past
    it into no listed name (`CV Laura` beside `Laura Bennett`: the model took a file name's word, which a merge
    of the two would have redacted with the name). A span that reaches into another name's word stays (`Mary Ann
    Smith`)."""
    if not any(r[0] == "PERSON" for r in found) or " " not in chunk:
        return found
    mine = _recognizer(names).analyze(chunk, ["PERSON"])
    if not mine:
        return found
    spans = [(r.start, r.end) for r in mine]
    out: list[tuple[str, int, int, float]] = []
    for r in found:
        entity, start, end, _ = r
        over = [(a, b) for a, b in spans if entity == "PERSON" and start < b and end > a and (start, end) != (a, b)]
        if over:
            a, b = min(a for a, _ in over), max(b for _, b in over)
            outside = _WORD.findall(chunk[start:a] + " " + chunk[b:end]) if start < a or end > b else []
            if not any(names.is_any_first(w) or names.is_name(w) for w in outside):
                continue
        out.append(r)
    have = {(r[1], r[2]) for r in out if r[0] == "PERSON"}
    out += [("PERSON", r.start, r.end, r.score) for r in mine if (r.start, r.end) not in have]
    return out


def _surname_ending(word: str, names: NameLists) -> bool:
    return _SURNAME_SUFFIX.fullmatch(word.lower()) is not None and not names.is_english(word)


# The words of a spaced file's name after a span, up to its extension (` Proposal.pdf`, ` Data.csv`, `.docx`).
_TO_EXTENSION = re.compile(r"((?:[ ][^\W_][\w'’&-]*){0,4})\.([A-Za-z0-9]{1,5})(?![\w-])")


def _glued_pair(span: str) -> bool:
    """Two words joined by `_` without a space (`Camille_Delacroix`): the file-name reader's pair, read already
    (slug40)."""
    return "_" in span and " " not in span


def file_title_words(names: NameLists, chunk: str, found: list[tuple[str, int, int, float]],
                     lexicon: tuple[frozenset[str], ...] = ()) -> list[tuple[str, int, int, float]]:
    """`found` without the NER model's PERSON spans that are a document's title in a spaced file name, no name: a
    span in the words glued to a named file's extension loses the ordinary words at its end (no listed name nor
    surname by its ending, an English word: `Scheme` of `Mark Scheme.pdf`, `Data` of `Sample Data.csv`; not
    `Petrova` of `Sofia Petrova.docx`), and is dropped when
    nothing is left, or when one word is left that is an ordinary word too (`lexicon`: WordNet's nouns and
    adjectives) and an ordinary word follows it (`Grant Proposal.pdf`, `Sample Data.csv`, `Rose Garden.jpg`).
    A name keeps its span (`Priya Sharma Report.pdf`, `Grace Hall.pdf`; `Emma Report.pdf`: `emma` is no
    ordinary word); a lone given name that is one (`Grace Report.pdf`) is read as the title's word."""
    if "." not in chunk or not any(r[0] == "PERSON" for r in found):
        return found
    out: list[tuple[str, int, int, float]] = []
    for r in found:
        entity, start, end, score = r
        m = _TO_EXTENSION.match(chunk, end) if entity == "PERSON" else None
        if m is None or m.group(2).lower() not in _NAMED_FILE_EXTENSIONS or _glued_pair(chunk[start:end]):
            out.append(r)
            continue
        spans = [w.span() for w in _WORD.finditer(chunk, start, end)]
        after = _WORD.findall(m.group(1))

        def ordinary(word: str) -> bool:
            return any(word.lower() in words for words in lexicon)

        def plain(word: str) -> bool:  # (the password list, in `is_common`, holds surnames: `Petrova`)
            return not (names.is_name(word) or names.is_any_first(word)) and (
                names.is_english(word) or ordinary(word)) and not _surname_ending(word, names)

        j = len(spans)
        while j and plain(chunk[slice(*spans[j - 1])]):
            j -= 1
        if not j:
            continue
        nxt = chunk[slice(*spans[j])] if j < len(spans) else (after[0] if after else "")
        if j == 1 and nxt and plain(nxt) and ordinary(chunk[slice(*spans[0])]):
            continue  # `Grant Proposal.pdf`, `Mark Scheme.pdf`
        out.append((entity, start, spans[j - 1][1], score) if j < len(spans) else r)
    return out


__all__ = ["PathNameRecognizer", "file_title_words", "path_names_first", "without_extension"]
