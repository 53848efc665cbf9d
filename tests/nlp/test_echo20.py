"""A found name's other mentions, where they are words (echo20: atk20 FP1).

Once a name is found, its other capitalised occurrences in the text are redacted (`proxy.nlp.pii._name_echoes`). For a
first name that is an English word (`Grace`, `Max`, `Mark`: `WORD_FIRST_NAMES`) that rewrote the word's ordinary uses
(`Hi Grace, ... Grace periods apply` -> `<PERSON_1> periods apply`), against the README ("nor a sentence's first
word"); and German capitalises every noun, so a letter to Herr Winter or Frau Richter lost `Im Winter` and `Der
Richter`. Now such a first name is redacted where a name stands only (`cued._echo_position`), and no word right after
a German article is read as the person found.
"""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer

WORD_USES = [
    ("Hi Grace, thanks for calling. Grace periods apply to late payments.", "Grace periods apply"),
    ("Hi Mark, thanks. Mark the ticket as resolved once deployed.", "Mark the ticket"),
    ("Hi Holly, thanks for the tip. Holly bushes line the driveway.", "Holly bushes"),
    ("Sehr geehrter Herr Winter, vielen Dank. Im Winter ist das Büro geschlossen.", "Im Winter ist"),
    ("Sehr geehrte Frau Richter, danke. Der Richter hat den Termin verschoben.", "Der Richter hat"),
    ("Sehr geehrte Frau Koch, danke für Ihre Nachricht. Der Koch hat heute frei.", "Der Koch hat"),
]
NAME_USES = [
    ("Hi Grace, thanks for calling. Please reply to Grace about the refund.", "reply to Grace"),
    ("Sehr geehrte Frau Richter, danke. Bitte rufen Sie Frau Richter morgen an.", "Frau Richter morgen"),
    ("Simpson's rule violations were reported by Mary Simpson.", "Simpson's rule"),
]


async def rewritten(analyzer: PiiAnalyzer, text: str) -> str:
    found = [f for f in (await analyzer.analyze([text], ["PERSON"]))[0] if f.entity == "PERSON"]
    out = text
    for f in sorted(found, key=lambda f: -f.start):
        out = out[:f.start] + "<P>" + out[f.end:]
    return out


@pytest.mark.parametrize(("text", "kept"), WORD_USES)
async def test_a_found_names_word_uses_stay(analyzer: PiiAnalyzer, text: str, kept: str) -> None:
    out = await rewritten(analyzer, text)
    assert "<P>" in out  # the name itself is found
    assert kept in out


@pytest.mark.parametrize(("text", "gone"), NAME_USES)
async def test_a_found_names_later_mentions_are_redacted(analyzer: PiiAnalyzer, text: str, gone: str) -> None:
    out = await rewritten(analyzer, text)
    assert gone not in out
