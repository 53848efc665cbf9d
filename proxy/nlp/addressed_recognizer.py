"""`AddressedNameRecognizer`: the Presidio recognizer over `proxy.nlp.addressed`'s rules (imports Presidio)."""

from __future__ import annotations

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from proxy.nlp.addressed import addressed_names, cjk_addressed, glued_names, passenger_names
from proxy.nlp.names import NameLists, NativeNames, name_lists, native_names
from proxy.nlp.tech_terms import TECH_TERMS

_NAME = "AddressedNameRecognizer"


class AddressedNameRecognizer(LocalRecognizer):
    """Names after a form of address (`Frau Müller`, `Sra. García`, `佐藤様`, `김 과장님`), airline passenger names
    (`SMITH/JOHN MR`) and a name glued to the next character (`Jordan Smith<x@acme.io>`): atk16 A HIGH-1,
    MEDIUM-2, MEDIUM-4 (`proxy.nlp.addressed`)."""

    def __init__(self, names: NameLists | None = None, stop_words: dict[str, frozenset[str]] | None = None,
                 native: NativeNames | None = None) -> None:
        self.names = names
        self.native = native
        self.stops: frozenset[str] = frozenset().union(*stop_words.values()) if stop_words else frozenset()
        super().__init__(supported_entities=["PERSON"], name=_NAME, supported_language="en")

    def load(self) -> None:
        if self.names is None:
            self.names = name_lists()
        if self.native is None:
            self.native = native_names()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                ) -> list[RecognizerResult]:
        if "PERSON" not in entities:
            return []
        if self.names is None or self.native is None:
            self.load()
        names, native = self.names, self.native
        assert names is not None and native is not None
        spans = [*addressed_names(text, names, self.stops, TECH_TERMS), *cjk_addressed(text, native),
                 *passenger_names(text, names, TECH_TERMS), *glued_names(text, names, TECH_TERMS)]
        return [RecognizerResult("PERSON", a, b, 0.7, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: _NAME}) for a, b in spans]


__all__ = ["AddressedNameRecognizer"]
