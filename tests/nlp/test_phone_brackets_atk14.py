"""A `+`-prefixed phone number in brackets: the finding stops before the closing bracket (issue 12, offsets exact;
atk14 tester B L1: `Call (+1 212 555 0199) now` went on as `Call (<PHONE_NUMBER_1> now`, and a Markdown
`[call](tel:+12125550199)` lost its closing bracket)."""

from __future__ import annotations

from proxy.nlp.pii import PiiAnalyzer


async def test_the_closing_bracket_stays_outside(analyzer: PiiAnalyzer) -> None:
    texts = ["Call (+1 212 555 0199) now", "Phone: (+12125550199).", "[call](tel:+12125550199) now",
             "Office (+44 20 7946 0958), desk", "Ring (617) 555-0143 today", "ring +1 (617) 555-0143"]
    found = await analyzer.analyze(texts, ["PHONE_NUMBER"])
    got = [[t[s.start:s.end] for s in spans if s.score >= 0.4] for t, spans in zip(texts, found, strict=True)]
    assert got == [["+1 212 555 0199"], ["+12125550199"], ["+12125550199"], ["+44 20 7946 0958"],
                   ["(617) 555-0143"], ["+1 (617) 555-0143"]], got
