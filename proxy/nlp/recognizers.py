"""Recognizers added to (or replacing) Presidio's defaults, tuned on the presidio-research set.

- `PersonNameRecognizer`: name deny-list (faker + zxcvbn lists, see `pii_names`) over spaCy
  tokens, plus span completion: a name the NER model found partly ("Faina" of "Faina D.
  Yefremova") is extended over adjacent capitalised words, initials and particles.
- `PhoneNumberRecognizer`: international and national formats by regex (Presidio's
  `PhoneRecognizer` only knows 8 regions and is the slowest recognizer), with context words.
- `CardNumberRecognizer`: 12-19 digit Luhn-valid numbers (Presidio's pattern stops at 16-17
  digits and misses 2-series Mastercard, JCB 2131 and 12-digit Maestro).
- `OfflineEmailRecognizer`: Presidio's e-mail recognizer without tldextract's network fetch of
  the public-suffix list (it uses the snapshot shipped in the wheel).

Imported only where Presidio is (analysis workers, CLI): importing it loads Presidio.
"""

from __future__ import annotations

import re
from typing import Any

import tldextract
from presidio_analyzer import EntityRecognizer, LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from proxy.nlp.names import NameLists, name_lists

# --------------------------------------------------------------------------- e-mail

_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class OfflineEmailRecognizer(EmailRecognizer):
    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE_TLD(pattern_text.rsplit("@", 1)[-1]).suffix != ""


# --------------------------------------------------------------------------- phone numbers

_EXT = r"(?:\s?(?:x|ext\.?|#)\s?\d{1,6})?"
_PHONE_PATTERNS = [
    # +CC ... with optional (0) trunk prefix: "+46 (0)8 928 571 38", "+1-984-182-0190x769"
    Pattern("phone (international)",
            r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{1,5}\)?){1,6}" + _EXT + r"(?![\w])", 0.7),
    # North American: "(579)888-3058", "930.167.3943", "001-518-640-0854", "345-899-3560x4587"
    Pattern("phone (NANP)",
            r"(?<![\w.+-])(?:(?:001|1)[ .-])?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}" + _EXT + r"(?![\w-]?\d)", 0.6),
    # Grouped digits, national formats: "0490 75 40 81", "(37) 788-063", "60-56-85-91", "467 3395"
    Pattern("phone (grouped)",
            r"(?<![\w.+-])\(?\d{2,5}\)?(?:[ .-]{1,2}\(?\d{2,8}\)?){1,4}" + _EXT + r"(?![\w-]?\d)", 0.4),
    # Unbroken 10-11 digits: only with context ("Fax: 9498777106")
    Pattern("phone (digits)", r"(?<![\w.+-])\d{10,11}(?![\w-]?\d)", 0.3),
]
_PHONE_CONTEXT = [
    "phone", "telephone", "tel", "cell", "mobile", "call", "fax", "number", "contact", "reach",
    "text", "whatsapp", "office", "desk", "home", "work", "landline", "dial", "ring",
]
_DATE = re.compile(r"(?:19|20)\d\d[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01])"
                   r"|(?:0?[1-9]|[12]\d|3[01])[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:19|20)?\d\d"
                   r"|(?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01])[-./ ](?:19|20)?\d\d")
_IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}")


class PhoneNumberRecognizer(PatternRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entity="PHONE_NUMBER", patterns=_PHONE_PATTERNS, context=_PHONE_CONTEXT,
                         name="PhoneNumberRecognizer")

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = re.sub(r"\D", "", re.split(r"\s?(?:x|ext\.?|#)\s?\d", pattern_text, maxsplit=1)[0])
        if not 7 <= len(digits) <= 15 or len(set(digits)) == 1:
            return False
        if _DATE.fullmatch(pattern_text) or _IPV4.fullmatch(pattern_text):
            return False
        return None  # keep the pattern's score


# --------------------------------------------------------------------------- payment cards

_CARD_PATTERNS = [
    Pattern("card (12-19 digits)", r"(?<![\d.-])(?:\d[ -]?){11,18}\d(?![\d-]|\.\d)", 0.3),
]
_CARD_CONTEXT = ["credit", "card", "visa", "mastercard", "cc", "amex", "discover", "jcb", "diners",
                 "maestro", "debit", "payment", "pay"]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


class CardNumberRecognizer(PatternRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entity="CREDIT_CARD", patterns=_CARD_PATTERNS, context=_CARD_CONTEXT,
                         name="CardNumberRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        digits = re.sub(r"\D", "", pattern_text)
        separators = set(re.sub(r"\d", "", pattern_text))
        # Issuer ranges (ISO/IEC 7812): 0604 Maestro UK, 1800/2131 JCB, 2-series Mastercard, 3 Amex/Diners/JCB, 4 Visa,
        # 5 Mastercard/Maestro, 6 Discover/Maestro/UnionPay.
        issuer = digits[0] in "23456" or digits.startswith(("0604", "1800", "2131"))
        return 12 <= len(digits) <= 19 and len(separators) <= 1 and issuer and luhn_ok(digits)


# --------------------------------------------------------------------------- person names

_INITIAL = re.compile(r"[A-Z]\.?")
_PARTICLES = frozenset({"van", "de", "der", "den", "ten", "ter", "von", "da", "di", "del", "della", "la",
                        "le", "du", "dos", "das", "bin", "ibn", "al", "el", "mac", "st.", "y"})
_TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.",
                     "sir", "madam", "mx", "mx."})
_LOWER_CUES = (("name", "is"), ("name", ":"), ("name", "?"), ("call", "me"), ("calls", "me"))
_CUES = (("named",), ("called",), ("dear",), ("i", "am"), ("i", "'m"), ("this", "is"), ("hi",), ("hello",))
# "my kid Tadzio", "Tomomi lives at ...": words around an unlisted capitalised word that make it a name.
_RELATIONS = frozenset({"kid", "son", "daughter", "wife", "husband", "mom", "mother", "dad", "father",
                        "brother", "sister", "uncle", "aunt", "cousin", "friend", "colleague", "boss",
                        "grandma", "grandpa", "grandmother", "grandfather", "nephew", "niece", "partner",
                        "fiancé", "fiance", "fiancée", "girlfriend", "boyfriend", "neighbour", "neighbor"})
_PERSON_VERBS = frozenset({"lives", "lived", "spent", "shouted", "said", "says", "told", "asked", "married",
                           "works", "worked", "replied", "wrote", "smiled", "laughed", "cried", "was born"})
_NOT_A_NAME_ENT = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL",
                             "PERCENT", "QUANTITY"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Surname morphology (Slavic, Nordic, Georgian, Armenian, Greek, Romanian, Turkish, South Slavic).
_SURNAME_SUFFIX = re.compile(
    r"\w{2,}(?:ov|ova|ev|eva|yov|yova|in|ina|ovich|evich|ovna|evna|sky|ski|ska|skaya|skiy|enko|chuk|yuk|"
    r"dze|shvili|yan|ian|oglu|oğlu|dottir|dóttir|sson|sdóttir|poulos|opoulos|escu|ić|ovic|ović|evic|ević|"
    r"czyk|wicz|ewski|owski|ewska|owska)"
)


def only_common_words(span: str, names: NameLists) -> bool:
    """True for spans the small NER model tags PERSON that are made of ordinary words ("Wisdom and
    Discipline", "Salesperson", "Guilty Pleasures"): no listed name, no surname-shaped word."""
    words = [w for w in _WORD.findall(span) if len(w) > 1]
    return not words or all(names.is_common(w) and not names.is_name(w) and not _SURNAME_SUFFIX.fullmatch(w)
                            for w in words)


_NAME = "PersonNameRecognizer"


class PersonNameRecognizer(LocalRecognizer):
    """Names from a deny-list and from cues, completed over adjacent name-shaped tokens."""

    def __init__(self, names: NameLists | None = None) -> None:
        self.names = names
        super().__init__(supported_entities=["PERSON"], name=_NAME, supported_language="en")

    def load(self) -> None:
        if self.names is None:
            self.names = name_lists()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None or "PERSON" not in entities:
            return []
        if self.names is None:
            self.load()
        doc: Any = nlp_artifacts.tokens
        toks = [t.text for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        ent_label = [t.ent_type_ for t in doc]
        seeds = self._seeds(toks, ent_label)
        results: list[RecognizerResult] = []
        done: set[int] = set()
        for i, score in sorted(seeds.items()):
            if i in done:
                continue
            lo, hi = self._grow(toks, spaces, i)
            done.update(range(lo, hi + 1))
            start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
            results.append(RecognizerResult("PERSON", start, end, score,
                                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: _NAME}))
        return results

    def _is_cap(self, tok: str) -> bool:
        """Capitalised like a name: "Yefremova", "O'Neil"; not "API" or "NASA"."""
        return bool(_WORD.fullmatch(tok)) and tok[0].isupper() and not (tok.isupper() and len(tok) > 1)

    def _seeds(self, toks: list[str], ent_label: list[str]) -> dict[int, float]:
        names = self.names
        assert names is not None
        seeds: dict[int, float] = {}
        lower = [t.lower() for t in toks]
        for i, tok in enumerate(toks):
            if not _WORD.fullmatch(tok) or names.is_very_common(tok):
                continue  # the small NER model tags capitalised words ("Discipline") as PERSON
            cap = tok[0].isupper() and not (tok.isupper() and len(tok) > 1)
            if ent_label[i] == "PERSON" and not (names.is_common(tok) and not _SURNAME_SUFFIX.fullmatch(tok)):
                seeds[i] = 0.85
            elif self._cued(toks, lower, i, cap):
                seeds[i] = 0.6
            elif names.is_common(tok):
                continue
            elif cap and _SURNAME_SUFFIX.fullmatch(tok) and not names.is_name(tok):
                seeds[i] = 0.5
            # The small model also tags names as places ("Steffen Mauer" as GPE): a first name wins.
            elif ent_label[i] in _NOT_A_NAME_ENT and not names.is_first(tok):
                continue  # "Berlin": a place; the small model tags names as places too ("Steffen Mauer")
            elif tok[0].isupper() and names.is_name(tok):
                seeds[i] = 0.7
            elif tok.islower() and names.is_first(tok):
                # lower-case full names ("patricia desrosiers"): a first name then a listed surname
                j = i + 2 if i + 2 < len(toks) and _INITIAL.fullmatch(toks[i + 1].upper()) else i + 1
                if j < len(toks) and toks[j].islower() and names.is_name(toks[j]) and not names.is_common(toks[j]):
                    seeds[i] = seeds[j] = 0.6
        # enumerations of names ("Efimiya, Mary, Ariana and Jodi"): unlisted capitalised words next to a name
        changed = True
        while changed:
            changed = False
            for i, tok in enumerate(toks):
                if i in seeds or not self._is_cap(tok) or names.is_common(tok):
                    continue
                for j in (i - 2, i + 2):
                    if 0 <= j < len(toks) and j in seeds and toks[(i + j) // 2] in (",", "and", "&", "or"):
                        seeds[i] = 0.5
                        changed = True
                        break
        return seeds

    @staticmethod
    def _cued(toks: list[str], lower: list[str], i: int, cap: bool) -> bool:
        """A word that the words around it make a name, listed or not."""
        before = tuple(lower[max(0, i - 3):i])
        if any(before[-len(c):] == c for c in _LOWER_CUES):
            return True  # "my name is vitoria", "call me višeslav"
        if not cap:
            return False
        if i and (lower[i - 1] in _TITLES or lower[i - 1] in _RELATIONS):
            return True  # "Dr. Holst", "my kid Tadzio"
        if any(before[-len(c):] == c for c in _CUES):
            return True  # "Dear Warrane", "called Lily"
        if i + 1 < len(toks) and (lower[i + 1] in _PERSON_VERBS or lower[i + 1:i + 3] == ["is", "from"]):
            return True  # "Valida spent a year", "Quionia is from"
        # a speaker at the start of a line: "Ubul: What a wife." (not "ZIP: 3520")
        return (i == 0 or "\n" in toks[i - 1]) and i + 2 < len(toks) and toks[i + 1] == ":" \
            and not toks[i + 2][:1].isdigit()

    def _grow(self, toks: list[str], spaces: list[bool], i: int) -> tuple[int, int]:
        names = self.names
        assert names is not None

        def name_part(k: int) -> bool:
            t = toks[k]
            return (self._is_cap(t) and not names.is_common(t)) or bool(_INITIAL.fullmatch(t))

        lo = hi = i
        while lo > 0 and "\n" not in toks[lo - 1] and name_part(lo - 1):
            lo -= 1
        while hi + 1 < len(toks):
            nxt = toks[hi + 1]
            if "\n" in nxt:
                break
            if name_part(hi + 1):
                hi += 1
            elif nxt.lower() in _PARTICLES and hi + 2 < len(toks) and self._is_cap(toks[hi + 2]):
                hi += 2
            elif nxt == "-" and not spaces[hi] and hi + 2 < len(toks) and _WORD.fullmatch(toks[hi + 2]):
                hi += 2
            else:
                break
        # lower-case runs ("emidio p lombardo"): include a lone initial and the next listed name
        while (hi + 2 < len(toks) and toks[hi].islower() and len(toks[hi + 1]) == 1 and toks[hi + 1].isalpha()
               and names.is_name(toks[hi + 2])):
            hi += 2
        return lo, hi


__all__ = [
    "CardNumberRecognizer", "EntityRecognizer", "OfflineEmailRecognizer", "PersonNameRecognizer",
    "PhoneNumberRecognizer", "luhn_ok",
]
