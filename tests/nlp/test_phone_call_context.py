"""Issue 12 (README-only attack): `call` is a phone number's context word like `phone`, `ring` or `text`.

spaCy lists `call` as a stop word and Presidio's context step reads no stop word, so `call 6175550143` scored
as a bare number (0.3, under every policy's `min_score`) while `phone 6175550143` was redacted. A number whose
only context word is `call` (or a word with it: `callback`, `syscall`) counts as a phone number when it is a
valid one (`plausible_phone`); a Unix time after `call` (`API call 1700000000`) is not.
"""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import shared_analyzer


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


async def phones(analyzer: PiiAnalyzer, texts: list[str]) -> list[list[str]]:
    found = await analyzer.analyze(texts, ["PHONE_NUMBER"])
    return [[t[s.start:s.end] for s in spans if s.score >= 0.4] for t, spans in zip(texts, found, strict=True)]


async def test_call_before_a_number_is_context_as_phone_is(analyzer: PiiAnalyzer) -> None:
    texts = ["call 6175550143", "Call me at 6175550143 tonight", "please call 16175550143", "call 0016175550143",
             "call 02079460958", "call id 4155550123", "you can call me on 4155550123 after six",
             "phone 6175550143", "ring 6175550143", "text me at 6175550143", "whatsapp 6175550143"]
    assert await phones(analyzer, texts) == [
        ["6175550143"], ["6175550143"], ["16175550143"], ["0016175550143"], ["02079460958"], ["4155550123"],
        ["4155550123"], ["6175550143"], ["6175550143"], ["6175550143"], ["6175550143"]]


async def test_a_unix_time_after_call_is_no_phone_number(analyzer: PiiAnalyzer) -> None:
    texts = ["call 1700000000", "API call 1712345678 took 30 ms", "the callback 1699999999 fired twice",
             "syscall 1800000000 returned EAGAIN", "retry the call at 1234567890"]
    assert await phones(analyzer, texts) == [[], [], [], [], []]


async def test_a_unix_time_after_an_explicit_phone_word_is_read_as_before(analyzer: PiiAnalyzer) -> None:
    # `phone`, `number` and the other context words keep Presidio's rule: any 10-11 digits after them.
    assert await phones(analyzer, ["phone 1700000000", "call number 1700000000"]) == [["1700000000"], ["1700000000"]]


def test_plausible_phone() -> None:
    from proxy.nlp.recognizers import plausible_phone

    assert plausible_phone("6175550143") and plausible_phone("1-617-555-0143") and plausible_phone("+44 20 7946 0958")
    assert plausible_phone("0016175550143") and plausible_phone("02079460958")
    assert not plausible_phone("1700000000") and not plausible_phone("1234567890") and not plausible_phone("0000000000")
