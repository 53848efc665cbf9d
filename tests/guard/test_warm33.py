"""warm33: the IBAN layouts the proxy's own readings use are built at the guard's start, and never import Presidio.

The first streamed answer of a process holding a digit run that may start an IBAN (a Concordance DAT row `þABC0001þ`,
an OFX `<BANKID>121000358`) built `proxy.nlp.normalize.iban_layouts` from Presidio's IBAN table, and importing that
table imported `presidio_analyzer` with transformers and torch: 6-15 s of CPU on the event loop, every other request
stalled meanwhile, in the proxy's process (where PII analysis never runs). The table is now read from its file alone
(`proxy.nlp.warm33`), and `Guard.start` builds the layouts.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from proxy.guard.engine import Guard
from proxy.nlp import normalize, pii, warm33
from proxy.providers import idshape
from tests.support.pii import WordScorer


async def test_guard_start_builds_the_iban_layouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalize, "_iban_layouts", None)
    monkeypatch.setattr(idshape, "_iban_country", None)
    await Guard(None, WordScorer()).start()
    assert normalize._iban_layouts is not None and "DE" in normalize._iban_layouts
    assert idshape._iban_country is not None and "RU" in idshape._iban_country  # with the registry's later ones


# In a fresh process (this one may hold Presidio from other tests): the readings a streamed DAT or OFX answer runs,
# then Presidio loaded as an analysis worker loads it (torch kept out), whose recognizer table gets the same layouts.
_CHILD = textwrap.dedent("""
    import sys
    from proxy.nlp import normalize
    from proxy.nlp.iban_countries import NEWER, OUTSIDE
    from proxy.nlp.warm33 import warm
    from proxy.providers.idshape import iban_spans

    warm()
    dat = "þDOCIDþ¶þCUSTODIANþ\\nþABC0001þ¶þKenji Watanukiþ\\n"
    ofx = "<BANKACCTFROM><BANKID>121000358<ACCTID>000123456789</BANKACCTFROM><MEMO>Zelle 6175550143</MEMO>"
    normalize.normalize(dat + ofx + " RU0204452560040702810412345678901")
    assert iban_spans("RU0204452560040702810412345678901") == [(0, 33)]  # a registry country Presidio lacks
    assert iban_spans("DE89370400440532013000") == [(0, 22)]
    assert [m for m in ("presidio_analyzer", "transformers", "torch") if m in sys.modules] == [], "loaded"
    built = {cc: rx.pattern for cc, rx in normalize.iban_layouts().items()}

    from proxy.nlp.pii import _NoTorch
    sys.meta_path.insert(0, _NoTorch())
    import proxy.nlp.recognizers  # noqa: F401
    from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country as table
    assert set(NEWER) | set(OUTSIDE) <= set(table)
    assert {cc: rx.replace("[ ]?", "") for cc, rx in table.items()} == built
    print("ok", len(built))
""")


def test_iban_readings_never_import_presidio_and_match_the_recognizers_table() -> None:
    done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok "), done.stdout


@pytest.mark.parametrize("start", [pii._warm, pii._init_worker])
def test_a_worker_reads_the_warm_text_at_its_start(monkeypatch: pytest.MonkeyPatch, start: object) -> None:
    # A worker's readers (a DAT person column, an OFX memo, cued names) load their lists at its start, not on the
    # first such text (~0.7 s of that request otherwise).
    read: list[tuple[str, list[str], list[str]]] = []
    monkeypatch.setattr(pii, "_engines", lambda model: None)
    monkeypatch.setattr(pii, "_analyze_chunks", lambda model, chunks, entities: read.append((model, chunks, entities)))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))  # (`_init_worker` keeps torch out of the process)
    assert callable(start)
    start("en_core_web_lg")
    assert read == [("en_core_web_lg", [warm33.WARM_TEXT], warm33.WARM_ENTITIES)]
    assert "þCUSTODIANþ" in warm33.WARM_TEXT and "<MEMO>Zelle" in warm33.WARM_TEXT


def test_a_failed_warm_up_leaves_the_worker_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise RuntimeError("no")

    monkeypatch.setattr(pii, "_analyze_chunks", fail)
    warm33.warm_worker("en_core_web_lg")  # no exception: the first request, not the start, meets the failure
