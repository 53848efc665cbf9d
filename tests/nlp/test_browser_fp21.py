"""A browser's name in a bug report is the browser (atk21 FP2: `renders blank in Safari` went up as `<PERSON_1>`).

`Safari` is a first-name product (`proxy/nlp/tech_terms.py`): read as the product in a technical sentence only. A
support ticket's sentence names no technical word the filter knew, so the NER model's PERSON stood. Now a browser's
name before its major version (`Safari 17`) or after `in`, `on`, `with`, `using`, `via` is the browser; a person's cue
still makes it a name.
"""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer

BROWSER = [
    "Ticket 55321: customer reports the invoice PDF renders blank in Safari 17.",
    "The invoice PDF renders blank in Safari.",
    "Safari 17 blocks the third-party cookie.",
    "Customer reports the checkout button does nothing on Safari 16.",
]
PERSON = ["Safari Johnson called about her invoice.", "Hi Safari, thanks for the call."]


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return [text[s.start:s.end] for s in (await analyzer.analyze([text], ["PERSON"]))[0] if s.entity == "PERSON"]


@pytest.mark.parametrize("text", BROWSER)
async def test_a_browser_in_a_bug_report_is_no_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert "Safari" not in " ".join(await persons(analyzer, text))


@pytest.mark.parametrize("text", PERSON)
async def test_a_person_named_safari_is_a_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert "Safari" in " ".join(await persons(analyzer, text))
