"""Presidio analyzer engines: built once per process, used by the analysis workers and the CLI.

Importing this module imports Presidio (6-9 s, ~300 MB): only worker processes, the CLI's `scan`
and `replay` and the benchmarks import it. The proxy's event loop talks to it through
`proxy.nlp.pii.PiiAnalyzer`.

One Presidio `AnalyzerEngine` with our recognizers, fed by `SelectiveNlpEngine`: spaCy's
tokenizer over the whole text (lemmas are the lower-cased words: they only feed context words),
and the NER model (`tok2vec` + `ner`; parser, tagger and lemmatizer excluded) only when the
requested entities need it (PERSON, LOCATION, NRP, DATE_TIME) and only on the sentences where it
can find something (on the whole text for LOCATION, NRP and DATE_TIME). Regex-only entity sets
(the default output rule: e-mail, phone, card, SSN) never run the model: 5-10x faster, which
matters for streamed answers.
The spaCy model is loaded by name or path and never downloaded (Presidio would call
`spacy.cli.download`, which hangs offline): a missing model raises `PiiUnavailable`.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from typing import Any

import spacy
from presidio_analyzer import (
    AnalysisExplanation,
    AnalyzerEngine,
    EntityRecognizer,
    LocalRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from proxy.nlp import notnames
from proxy.nlp.addressed_recognizer import AddressedNameRecognizer
from proxy.nlp.names import NameLists, name_lists, script_of
from proxy.nlp.paths import PathNameRecognizer
from proxy.nlp.pii_types import (
    DEFAULT_SPACY_MODEL,
    NER_ENTITIES,
    PiiUnavailable,
    Result,
    missing_model_message,
    model_installed,
)
from proxy.nlp.recognizers import (
    CardNumberRecognizer,
    FileNameNameRecognizer,
    HostIpRecognizer,
    NativeScriptNameRecognizer,
    OfflineEmailRecognizer,
    PersonFilter,
    PersonNameRecognizer,
    PhoneNumberRecognizer,
    WholeIbanRecognizer,
    only_common_words,
    plausible_phone,
)
from proxy.nlp.tech_terms import TECH_TERMS

# Entities the sentence filter would miss (upper-case places, common words like "Canada", "tomorrow"):
# asking for any of them runs NER on the whole text (recall of LOCATION on the presidio-research set:
# 21% with the filter, 46% without; bench/entity_quality.py). NER_ENTITIES (in `pii_types`): the ones
# only spaCy's NER produces.
NER_EVERYWHERE = frozenset({"LOCATION", "NRP", "DATE_TIME"})

# From presidio_analyzer/conf/default.yaml: without it e-mails and "SSN" come back as ORGANIZATION.
NER_CONFIGURATION: dict[str, Any] = {
    "model_to_presidio_entity_mapping": {
        "PER": "PERSON", "PERSON": "PERSON", "NORP": "NRP", "FAC": "LOCATION", "LOC": "LOCATION",
        "GPE": "LOCATION", "LOCATION": "LOCATION", "ORG": "ORGANIZATION", "ORGANIZATION": "ORGANIZATION",
        "DATE": "DATE_TIME", "TIME": "DATE_TIME",
    },
    "low_confidence_score_multiplier": 0.4,
    "low_score_entity_names": [],
    "labels_to_ignore": ["ORGANIZATION", "CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL",
                         "PERCENT", "PRODUCT", "QUANTITY", "WORK_OF_ART"],
}

# Presidio's predefined recognizers we replace with our own (see proxy.nlp.recognizers).
_REPLACED = ("PhoneRecognizer", "CreditCardRecognizer", "EmailRecognizer", "IpRecognizer", "IbanRecognizer")

# Presidio's identifiers of other countries, which its registry leaves off for English (disabled, or
# registered for Spanish or Italian only): added for English text. A recognizer only runs when a
# policy asks for its entity type, so they cost nothing otherwise. Entity type -> recognizer class.
NATIONAL_RECOGNIZERS: dict[str, str] = {
    "UK_NHS": "NhsRecognizer",
    "UK_NINO": "UkNinoRecognizer",
    "ES_NIF": "EsNifRecognizer",
    "ES_NIE": "EsNieRecognizer",
    "IT_FISCAL_CODE": "ItFiscalCodeRecognizer",
    "IN_PAN": "InPanRecognizer",
    "IN_AADHAAR": "InAadhaarRecognizer",
    "AU_TFN": "AuTfnRecognizer",
    "AU_ABN": "AuAbnRecognizer",
    "AU_MEDICARE": "AuMedicareRecognizer",
    "SG_NRIC_FIN": "SgFinRecognizer",
    "PL_PESEL": "PlPeselRecognizer",
    "FI_PERSONAL_IDENTITY_CODE": "FiPersonalIdentityCodeRecognizer",
    "SE_PERSONNUMMER": "SePersonnummerRecognizer",
    "CA_SIN": "CaSinRecognizer",
}

_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_][\w'’-]+")

# Context words spaCy lists as stop words: Presidio's context step reads only the words that are not stop
# words, so `call` (a phone number's context word) was never read ("call 6175550143" scored as a bare number
# while "phone 6175550143" did not). They are context words here; see `FastContextEnhancer` for what `call`
# alone is context for.
STOP_CONTEXT = frozenset({"call"})


class SelectiveNlpEngine(SpacyNlpEngine):
    """Tokens and lemmas for the whole text from spaCy's tokenizer; NER only where it can matter.

    The NER model (`tok2vec` + `ner`) is most of the analysis time, and it finds names, places and
    nationalities in sentences that have a capitalised word that is not one of the 5,000 commonest
    English words ("Please", "The", "Error" are not candidates; "Tomomi", "Berlin" are) or a listed
    name in lower case ("my name is lena andersson"). Other
    sentences skip it; whole-text NER is kept when DATE_TIME is asked for ("tomorrow", "last week").
    Entities found per sentence are copied onto the whole-text tokens by character offsets.
    """

    def __init__(self, light: Language, ner_nlp: Language, names: NameLists, spacy_model: str) -> None:
        super().__init__(models=[{"lang_code": "en", "model_name": spacy_model}],
                         ner_model_configuration=NerModelConfiguration(**NER_CONFIGURATION))
        self.nlp = {"en": light}  # type: ignore[assignment]  # loaded here: Presidio's load() would download
        self.light = light
        self.ner_nlp = ner_nlp
        self.names = names

    def is_stopword(self, word: str, language: str) -> bool:
        return word.lower() not in STOP_CONTEXT and super().is_stopword(word, language)

    def _candidate(self, word: str) -> bool:
        if word.isupper():
            return False  # acronyms: the model tags them ORG, which is not looked for
        if word[0].isupper():
            return not self.names.is_very_common(word)
        return self.names.is_name(word) and not self.names.is_common(word)  # "my name is lena andersson"

    def candidate_segments(self, text: str) -> list[tuple[int, int]]:
        segments: list[tuple[int, int]] = []
        start = 0
        for m in [*_BREAK.finditer(text), None]:
            end = m.start() if m is not None else len(text)
            if any(self._candidate(w.group()) for w in _WORD.finditer(text, start, end)):
                if segments and segments[-1][1] >= start - 2:
                    segments[-1] = (segments[-1][0], end)  # neighbours: one NER call
                else:
                    segments.append((start, end))
            start = m.end() if m is not None else len(text)
        return segments

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        # Lemmas are the lower-cased words (they only feed context words): read them as arrays,
        # without building a Token object per word.
        table = doc.to_array([LOWER, IDX])
        strings = doc.vocab.strings
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        return NlpArtifacts(entities=entities, tokens=doc, tokens_indices=[int(i) for i in table[:, 1]],
                            lemmas=[strings[int(h)] for h in table[:, 0]], nlp_engine=self, language=language,
                            scores=scores)

    def artifacts(self, text: str, ner: bool, ner_everywhere: bool = False) -> NlpArtifacts:
        doc = self.light(text)
        if ner:
            segments = [(0, len(text))] if ner_everywhere else self.candidate_segments(text)
            found = []
            for (a, _), sub in zip(segments, self.ner_nlp.pipe(text[a:b] for a, b in segments), strict=True):
                for ent in sub.ents:
                    span = doc.char_span(a + ent.start_char, a + ent.end_char, label=ent.label_,
                                         alignment_mode="expand")
                    if span is not None:
                        found.append(span)
            doc.ents = spacy.util.filter_spans(found)
        return self._doc_to_nlp_artifact(doc, "en")


class FastContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer, finding a match's token by bisection instead of walking the whole
    doc for every match (that walk was a fifth of the analysis time on 2,000 characters).

    `call` is a context word of phone numbers (`STOP_CONTEXT`), but engineers write it before numbers that
    are no phone number (`API call 1700000000`, a Unix time): a number whose only context word is `call`
    keeps its score from context only when it is a valid phone number (`plausible_phone`: North American,
    `call id 4155550123` is one; national with its trunk `0`; international with `+` or `00`)."""

    def enhance_using_context(self, text: str, raw_results: list[RecognizerResult], nlp_artifacts: NlpArtifacts,
                              recognizers: list[EntityRecognizer], context: list[str] | None = None,
                              ) -> list[RecognizerResult]:
        for raw in raw_results:  # a result built without one (ours): Presidio writes its context word there
            if raw.analysis_explanation is None:
                name = (raw.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
                raw.analysis_explanation = AnalysisExplanation(recognizer=str(name), original_score=raw.score)
        results: list[RecognizerResult] = super().enhance_using_context(
            text, raw_results, nlp_artifacts, recognizers, context)
        by_id = {r.id: r for r in recognizers}
        for raw, r in zip(raw_results, results, strict=True):
            if r.entity_type != "PHONE_NUMBER" or r.score <= raw.score or nlp_artifacts is None:
                continue
            recognizer = by_id.get((r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or not recognizer.context:
                continue
            words = self._extract_surrounding_words(nlp_artifacts, text[r.start:r.end], r.start)
            words = [w for w in [*words, *(context or [])] if not any(s in w.lower() for s in STOP_CONTEXT)]
            if not self._find_supportive_word_in_context(words, recognizer.context, self.context_matching_mode) \
                    and not plausible_phone(text[r.start:r.end]):
                r.score = raw.score  # `call 1700000000`: no phone number
        return results

    @staticmethod
    def _find_index_of_match_token(word: str, start: int, tokens: Any, tokens_indices: list[int]) -> int:
        i = bisect.bisect_right(tokens_indices, start) - 1
        if i >= 0 and start < tokens_indices[i] + len(tokens[i]):
            return i
        if i + 1 < len(tokens_indices):
            return i + 1
        raise ValueError("match not found in the tokens")


@dataclass
class Engines:
    """One process's analyzer: Presidio's engine on our selective spaCy engine, and what it can find."""

    engine: AnalyzerEngine
    nlp: SelectiveNlpEngine
    supported: frozenset[str]
    names: NameLists

    def analyze(self, text: str, entities: list[str]) -> list[Result]:
        wanted = [e for e in entities if e in self.supported]
        if not wanted or not text.strip():
            return []
        artifacts = self.nlp.artifacts(text, ner=bool(NER_ENTITIES.intersection(wanted)),
                                       ner_everywhere=bool(NER_EVERYWHERE.intersection(wanted)))
        found = self.engine.analyze(text=text, language="en", entities=wanted, score_threshold=0.0,
                                    nlp_artifacts=artifacts)
        return [(r.entity_type, r.start, r.end, round(float(r.score), 4)) for r in found]


class FilteredNerRecognizer(LocalRecognizer):
    """Presidio's spaCy NER recognizer with its PERSON spans checked before Presidio merges results: a
    span made only of ordinary words ("Wisdom and Discipline"), product names, code, acronyms or an
    imperative ("Add OpenTelemetry", "Summarise RFC 9110", "Grafana Loki", "customer_id") is dropped,
    and in a sentence in another language ("Können Sie mir bitte helfen") a span needs a listed name.
    Filtering before the merge lets the name recognizer's own finding on the same words stand."""

    def __init__(self, inner: EntityRecognizer, names: NameLists, person_filter: PersonFilter) -> None:
        self.inner = inner
        self.names = names
        self.person_filter = person_filter
        super().__init__(supported_entities=list(inner.supported_entities), name=str(getattr(inner, "name", "")),
                         supported_language=str(inner.supported_language))

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []  # the NER recognizer needs the NLP artifacts; the engine always passes them
        results: list[RecognizerResult] = self.inner.analyze(text, entities, nlp_artifacts)
        for r in results:  # Presidio's context step keeps only results that carry their recognizer's id
            r.recognition_metadata = {**(r.recognition_metadata or {}),
                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}
        if not any(r.entity_type == "PERSON" for r in results):
            return results
        toks = [t.text for t in nlp_artifacts.tokens]
        for r in results:
            if r.entity_type == "PERSON":
                self._trim_verb(toks, nlp_artifacts.tokens_indices, r)
        return [r for r in results if r.entity_type != "PERSON" or not (
            only_common_words(text[r.start:r.end], self.names) or _assigned(text, r.start, r.end)
            or self._not_a_name(toks, nlp_artifacts.tokens_indices, r.start, r.end))]

    def _trim_verb(self, toks: list[str], starts: list[int], r: RecognizerResult) -> None:
        """A span that starts with a sentence-initial verb ("Compare Kruskal", "Use Jackson", "Describe
        Conway's") starts after it: the verb is never part of a name (`PersonFilter.initial_verb`)."""
        lo = bisect.bisect_left(starts, r.start)
        hi = bisect.bisect_left(starts, r.end)
        if lo + 1 < hi and starts[lo] == r.start and self.person_filter.initial_verb(toks, lo):
            k = lo + 1
            while k < hi and not toks[k].strip():
                k += 1
            if k < hi:
                r.start = starts[k]

    def _not_a_name(self, toks: list[str], starts: list[int], start: int, end: int) -> bool:
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        words = [k for k in range(lo, hi) if any(c.isalnum() for c in toks[k])]
        # what joins or introduces terms is no name part: "Rabin-Karp vs Levenshtein", "a Fenwick", "Conway's"
        words = [k for k in words if not self.person_filter.joiner(toks[k])] or words
        if not words:
            return False
        if any(script_of(toks[k]) for k in words):
            return True  # the English model on Cyrillic, Arabic, CJK...: names there come from the native lists
        filt = self.person_filter
        if filt.language(toks, words[0]) != "en" and not any(
                toks[k][:1].isupper() and not filt.not_a_name(toks, k) and (
                    (filt.foreign_first(toks, k) and not filt.lone_foreign_word(toks, k))
                    or filt.capitalised_pair(toks, k)) for k in words):
            # "Können Sie", "Haus Glück", "Rose fou genre"; a listed first name with a surname stays, and
            # two capitalised words outside German ("Jacopo Pucci verrà")
            return True
        if len(words) == 1 and filt.lone_place(toks, words[0]):
            return True  # "à Lyon", "in Boston"
        if filt.place_named(toks, words[-1]) or (filt.before_amount(toks, words[-1])
                                                 and not filt.listed_name_among(toks, words)):
            return True  # "Virginia Beach", "Charlotte Douglas Airport", "the Jackson Street exit" (fpnames14)
        if any(filt.code_like(toks[k]) for k in words) and not any(self.names.is_name(toks[k]) for k in words):
            return True  # a unit or an identifier beside an unlisted word: "MiB Mem :" (top's header)
        return all(filt.not_a_name(toks, k) or (self.names.is_common(toks[k]) and not self.names.is_name(toks[k]))
                   for k in words)


_ASSIGNED = re.compile(r"[ \t]*:?=(?!=)")


def _assigned(text: str, start: int, end: int) -> bool:
    """The span is lower-case words a `=` follows: a declaration or an assignment in code (`val config =
    ConfigFactory.load()`, `let user_name = ...`), not a name."""
    span = text[start:end].strip()
    return bool(span) and span == span.lower() and _ASSIGNED.match(text, end) is not None


def _verb_lemmas(nlp: Language, pos: str = "verb") -> frozenset[str]:
    """Base-form English verbs (WordNet's verb index, shipped in the pipeline's rule lemmatizer): "add",
    "summarise", "harden"; with `pos="adj"` its adjectives ("green", "amber"). Empty for a pipeline without one
    (the imperative rule is then off)."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        return frozenset(w for w in table[pos] if w.isalpha())
    except (KeyError, AttributeError):
        return frozenset()


def build_engines(spacy_model: str = DEFAULT_SPACY_MODEL) -> Engines:
    """Load the spaCy model (never download it) and build the analyzer."""
    if not model_installed(spacy_model):
        raise PiiUnavailable(missing_model_message(spacy_model))
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    names = name_lists()
    # NER needs tok2vec + ner only: the parser, tagger and lemmatizer are most of the rest of the time.
    probe = spacy.load(spacy_model)
    verbs = _verb_lemmas(probe)
    ner_nlp = spacy.load(spacy_model, exclude=[p for p in probe.component_names if p not in ("tok2vec", "ner")])
    light = spacy.blank("en")
    nlp_engine = SelectiveNlpEngine(light, ner_nlp, names, spacy_model)
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    for name in _REPLACED:
        registry.remove_recognizer(name)
    from presidio_analyzer import predefined_recognizers

    present = {str(getattr(r, "name", "")) for r in registry.recognizers}
    for cls_name in NATIONAL_RECOGNIZERS.values():
        if cls_name not in present:
            registry.add_recognizer(getattr(predefined_recognizers, cls_name)(supported_language="en"))
    person_filter = PersonFilter(names, verbs, TECH_TERMS, adjectives=_verb_lemmas(probe, "adj"),
                                 nouns=_verb_lemmas(probe, "noun"))
    registry.recognizers = [FilteredNerRecognizer(r, names, person_filter)
                            if getattr(r, "name", "") == "SpacyRecognizer" else r for r in registry.recognizers]
    for recognizer in (OfflineEmailRecognizer(), WholeIbanRecognizer(), HostIpRecognizer(), PhoneNumberRecognizer(),
                       CardNumberRecognizer(),
                       PersonNameRecognizer(names, verbs, person_filter), NativeScriptNameRecognizer(),
                       FileNameNameRecognizer(names), AddressedNameRecognizer(names, person_filter.stop_words),
                       PathNameRecognizer(names)):
        registry.add_recognizer(recognizer)
    enhancer = FastContextEnhancer(context_prefix_count=5, context_suffix_count=2)
    engine = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"],
                            context_aware_enhancer=enhancer)
    engines = Engines(engine, nlp_engine, frozenset(engine.get_supported_entities(language="en")), names)
    engines.analyze("Warm-up: Jane Doe, jane@example.com, +1 212 555 0100.", ["PERSON", "EMAIL_ADDRESS"])
    person_filter.identify("Warm-up")  # loads py3langid's model now, not on the first foreign sentence
    notnames.warm()  # and `finnish_noun_span`'s (strm42)
    return engines
