"""warm33: Presidio's IBAN table without importing Presidio, and the IBAN layouts built at the guard's start.

The proxy's own IBAN readings (`proxy.nlp.normalize.iban_layouts`, `proxy.providers.idshape`) read Presidio's table of
country layouts (`presidio_analyzer...iban_patterns.regex_per_country`). Importing that module imports the whole
`presidio_analyzer` package first, and with it transformers and torch (its device detector): in the proxy's own
process, where PII analysis never runs, that was 6-15 s of CPU the first time an answer or request held a digit run
that could start an IBAN (a Concordance DAT row `þABC0001þ`, an OFX `<MEMO>Zelle 6175550143`), on the event loop:
every other request of the process stalled meanwhile, and the process kept torch (~1 GB) from then on.

`presidio_table` reads the table's file alone where Presidio is not loaded (it imports nothing: a module of string
constants), and Presidio's own dict where it is (the analysis workers: the recognizer validates against that one,
`proxy.nlp.iban_countries` adds the later countries to it in place). `warm` builds the layouts at the guard's start.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

_MODULE = "presidio_analyzer.predefined_recognizers.generic.iban_patterns"
_FILE = ("predefined_recognizers", "generic", "iban_patterns.py")
_alone: ModuleType | None = None


def _read_alone() -> ModuleType | None:
    """Presidio's iban_patterns.py executed on its own (not as part of its package), or None where it is not there."""
    spec = importlib.util.find_spec("presidio_analyzer")  # a top-level name: found, not imported
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *_FILE)
    if not path.is_file():
        return None
    alone = importlib.util.spec_from_file_location("proxy.nlp._presidio_iban_patterns", path)
    if alone is None or alone.loader is None:
        return None
    module = importlib.util.module_from_spec(alone)
    alone.loader.exec_module(module)
    return module


def presidio_table() -> dict[str, str]:
    """Presidio's IBAN regex per country: its own dict where Presidio is loaded, else a copy read from its file."""
    global _alone
    if "presidio_analyzer" not in sys.modules:
        if _alone is None:
            _alone = _read_alone()
        if _alone is not None:
            table: dict[str, str] = _alone.regex_per_country
            return table
    module = importlib.import_module(_MODULE)  # Presidio loaded (or its file moved: the slow, sure way)
    loaded: dict[str, str] = module.regex_per_country
    return loaded


def warm() -> None:
    """Build the IBAN layouts and load the word lists the proxy's own readings use now, at start, not on a first use."""
    from proxy.nlp.normalize import iban_layouts
    from proxy.providers.idshape import iban_spans

    iban_layouts()
    iban_spans("DE89370400440532013000")
    # The name lists and the place, company and brand lists a batch's one-word items are read against in the guard's
    # process (caps39's `batch_names`; the view's given-name test, `normalize._invisible_words`): ~1 s at the first use.
    from proxy.nlp.caps39 import _plain
    from proxy.nlp.names import name_lists

    _plain("Warmup", name_lists())


# What an analysis worker reads once at its start (after the model's own warm-up): the readers that load their lists
# and compile their patterns on a first use (a DAT file's person column, an OFX memo's phone, a letter's cued names:
# ~0.7 s of a worker's first such text otherwise). Made up: no real person's data.
WARM_TEXT = ("þDOCIDþ¶þCUSTODIANþ¶þDATESENTþ\nþABC0001þ¶þKenji Watanukiþ¶þ01/05/2026þ\n"
             "<STMTTRN><BANKID>121000358<ACCTID>000123456789<MEMO>Zelle 6175550143</MEMO></STMTTRN>\n"
             "name,phone\nAmara Nwachukwu,4155550123\n"
             "Dear Ms. Okafor, thanks for the call. Best regards, Jane Doe, jane@example.com, +1 212 555 0100.")
WARM_ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]


def warm_worker(spacy_model: str) -> None:
    """A worker's first reading of `WARM_TEXT`, at its start. A failure here is left to the first request (which
    fails closed): never a worker that does not start over a warm-up."""
    from proxy.nlp.pii import _analyze_chunks

    try:
        _analyze_chunks(spacy_model, [WARM_TEXT], WARM_ENTITIES)
    except Exception:  # noqa: BLE001 - only a warm-up
        return
