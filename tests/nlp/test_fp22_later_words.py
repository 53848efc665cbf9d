"""A found name's word at its later mentions where it is the word (fp22, atk20 FP1 C/D/E; `proxy.nlp.everyday22
.without_echoes22`): inside a fixed phrase (`Baker Street`, `Ruby on Rails`, `Amazing Grace`, `the Max plan`), a
German noun after an article or a pronoun (`Kein Wolf`, `Diese Kaiser`), an engineering use (`Julia 1.10`, `Drew the
diagram`); where a person stands (`forwarded it to Baker`, `Grace Kelly called`, `call Ruby on Monday`) it stays the
name."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer


async def persons(analyzer: PiiAnalyzer, text: str) -> list[tuple[int, int]]:
    (spans,) = await analyzer.analyze([text], ["PERSON"])
    return [(s.start, s.end) for s in spans if s.entity == "PERSON" and s.score >= 0.4]


async def after(analyzer: PiiAnalyzer, text: str, cut: str) -> list[str]:
    """The PERSON spans after `cut` in `text`."""
    at = text.index(cut) + len(cut)
    return [text[a:b] for a, b in await persons(analyzer, text) if a >= at]


PHRASES = [
    "Dear Mr. Baker, thanks for calling. We live on Baker Street.",
    "Dear Mr. Green, thanks for calling. We took the Green Line to the office.",
    "Dear Mr. Stone, thanks for calling. The museum has a room on the Stone Age.",
    "Dear Mrs. Brown, thanks for calling. She studied at Brown University.",
    "Dear Mr. Long, thanks for calling. The Long Island office is closed today.",
    "Hi Ruby, thanks for calling. Our stack is Ruby on Rails.",
    "Hi Chase, thanks for calling. Our account is at Chase Bank.",
    "Hi Rose, thanks for calling. We watched the Rose Bowl game.",
    "Hi Grace, thanks for calling. We sang Amazing Grace at the event.",
    "Hi Amber, thanks for calling. We received an Amber Alert.",
    "Hi Max, thanks for calling. We upgraded to the Max plan.",
    "Dear Mr. Cook, thanks for calling. We sailed to the Cook Islands.",
]
# (`Der Richter hat`, `Im Winter`, `beim Koch`, `Ruby 3.3`, `Ray Serve`, `Grant read access`, `Mark the PR`, `Chase
# the flaky test`, `Max retries exceeded`, `Dear Applicant,` went up as sent on main already: echo20, fp20.)
GERMAN = [
    "Sehr geehrte Frau Kaiser, vielen Dank für Ihre Nachricht. Diese Kaiser regierten lange.",
    "Sehr geehrter Herr Wolf, vielen Dank für Ihre Nachricht. Kein Wolf wurde im Wald gesehen.",
]
ENGINEERING = [
    "Hi Julia, thanks for the review. Julia 1.10 compiles much faster.",
    "Hi Miles, thanks for the review. Miles to kilometres conversion is wrong.",
    "Hi Drew, thanks for the review. Drew the sequence diagram in Mermaid.",
]
# A found name's later mentions where a person stands stay names.
LATER_NAMES = [
    ("Dear Mr. Baker, thanks for calling. I forwarded it to Baker this morning.", "Baker"),
    ("Dear Mr. Green, thanks for calling. Green said the parcel arrived.", "Green"),
    ("Hi Grace, thanks for calling. Grace Kelly called about the venue.", "Grace"),
    ("Hi Ruby, thanks for calling. I will call Ruby on Monday.", "Ruby"),
    ("Hi Mark, thanks for the review. Mark will merge the PR after lunch.", "Mark"),
    ("Hi Chase, thanks for the review. Please ping Chase about the deploy.", "Chase"),
    ("Sehr geehrter Herr Koch, vielen Dank für Ihre Nachricht. Herr Koch ist morgen im Büro.", "Koch"),
    ("Dear Mrs. White, thanks for calling. Mrs. White will get a refund.", "White"),
    ("Patient Hope Lindqvist was admitted; update Hope on the results.", "Hope"),
]


@pytest.mark.parametrize("text", PHRASES + GERMAN + ENGINEERING)
async def test_a_found_names_word_in_a_phrase_is_the_word(analyzer: PiiAnalyzer, text: str) -> None:
    cut = "review." if "review." in text else "Nachricht." if "Nachricht." in text else "calling."
    assert await after(analyzer, text, cut) == []
    assert await persons(analyzer, text), "the greeted name is still found"


@pytest.mark.parametrize(("text", "name"), LATER_NAMES)
async def test_a_found_names_later_mention_stays_a_name(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    found = [text[a:b] for a, b in await persons(analyzer, text)]
    assert sum(name in f for f in found) == text.count(name), found
