"""speed33: the cross-text job's cache key (`proxy.nlp.pii._mention_key`) packed instead of `repr`'d.

The key must tell apart every two jobs whose results may differ (the text, its PERSON spans, the names carried and
their scores) and only those: a cached job's spans are returned without asking the workers."""

from __future__ import annotations

import asyncio

from proxy.nlp.pii import PiiAnalyzer, Span, _mention_key

TEXT = "Later I told Okafor about the refund; Okafor said thanks."
OWN = (Span("PERSON", 0, 5, 0.85), Span("DATE_TIME", 6, 9, 0.6))
NAMES = (("Margaret Okafor", 0.85),)


def test_key_differs_where_the_result_may() -> None:
    base = _mention_key(TEXT, OWN, NAMES)
    assert _mention_key(TEXT + " ", OWN, NAMES) != base
    assert _mention_key(TEXT, (Span("PERSON", 0, 6, 0.85), OWN[1]), NAMES) != base
    assert _mention_key(TEXT, (Span("PERSON", 0, 5, 0.86), OWN[1]), NAMES) != base
    assert _mention_key(TEXT, OWN[1:], NAMES) != base
    assert _mention_key(TEXT, OWN, (("Margaret Okafor", 0.9),)) != base
    assert _mention_key(TEXT, OWN, (("Margaret Okafo", 0.85),)) != base
    assert _mention_key(TEXT, OWN, (*NAMES, ("Dmitri Volkov", 0.85))) != base
    assert _mention_key(TEXT, OWN, ()) != base


def test_key_ignores_what_the_job_never_reads() -> None:
    # The workers get the PERSON spans only: other entities' spans do not change the job's result.
    assert _mention_key(TEXT, (OWN[0], Span("LOCATION", 20, 26, 0.85)), NAMES) == _mention_key(TEXT, OWN, NAMES)


def test_key_is_unambiguous_at_the_parts_edges() -> None:
    # Length-prefixed parts: moving characters between the text and a name, or between two names, is another key.
    assert _mention_key("ab", (), (("c", 0.5),)) != _mention_key("a", (), (("bc", 0.5),))
    assert _mention_key("a", (), (("b", 0.5), ("c", 0.5))) != _mention_key("a", (), (("bc", 0.5),))
    assert _mention_key("a\0", (), ()) != _mention_key("a", (), (("", 0.0),))
    assert _mention_key("\ud800x", (), ()) != _mention_key("x", (), ())  # (a lone surrogate is encoded, not lost)


def test_cached_job_with_other_names_is_asked_again() -> None:
    async def run() -> tuple[list[tuple[Span, ...]], list[tuple[Span, ...]], list[tuple[Span, ...]]]:
        analyzer = PiiAnalyzer(executor="inline")
        await analyzer.start()
        text = "Later I told Okafor about the refund."
        first = await analyzer.mentions([(text, (), (("Margaret Okafor", 0.85),))])
        again = await analyzer.mentions([(text, (), (("Margaret Okafor", 0.85),))])
        other = await analyzer.mentions([(text, (), (("Dmitri Volkov", 0.85),))])
        return first, again, other

    first, again, other = asyncio.run(run())
    assert [text[s.start:s.end] for s in first[0] for text in ["Later I told Okafor about the refund."]] == ["Okafor"]
    assert again == first
    assert other == [()]
