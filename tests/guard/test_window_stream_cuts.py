"""Stream windows cut where the view joins what a cut keeps apart (atk10 helpers' leftovers): a quoted-printable soft
break (`=` + a line break) cut between chunks (`jane.doe@exam=` then `\\nple.com`) left the part before the break to
go out alone, the view reading the break away only with what follows it; now a window never ends inside a soft break
nor right after one while what follows may continue the value. A codename spelled with a separator after each letter
(`p*r*o*j*e*c*t f*a*l*c*o*n`), BBCode and MediaWiki marks and a soft break cut between chunks are blocked or redacted
(they already were: kept as guards); so is string concatenation cut between chunks (`'lena.vos@' + ` then
`'brightquay.org'`, `pro"` then `"ject falcon`: read since atk10 B-M3). Values differ from the finding's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import PII_OUT, policy
from tests.guard.test_window_comments import BLOCK
from tests.support.pii import WordScorer


async def fed(guard: Guard, doc: dict[str, object], parts: list[str]) -> tuple[str, bool, int]:
    stream = guard.output_stream(policy(output=doc))
    out, most = "", 0
    for part in parts:
        out += await stream.feed("c0", part)
        most = max(most, stream.held_in("c0"))
    return out + await stream.end("c0"), stream.blocked, most


def cuts(left: str, right: str) -> list[list[str]]:
    """The text cut between `left` and `right`, and in chunks of 1, 3 and 7 characters."""
    text = left + right
    return [[left, right]] + [[text[k:k + n] for k in range(0, len(text), n)] for n in (1, 3, 7)]


SOFT_BREAKS = [
    ("Hello there. Mail lena.vos@bright=", "\nquay.org today. Bye.", "lena.vos"),
    ("Hello there. Mail lena.vos@bright", "=\nquay.org today. Bye.", "lena.vos"),
    ("Hello there. Mail lena.vos@bright=\r", "\nquay.org today. Bye.", "lena.vos"),
    ("Hello there. Call 646-555-=", "\n0188 now. Bye.", "646"),
    ("Hello there. Call 646-555-=\r", "\n0188 now. Bye.", "646"),
    ("Hello there. SSN 372-84-=\n", "1956 now. Bye.", "372"),
]


@pytest.mark.parametrize("hold", [60, 200])
@pytest.mark.parametrize(("left", "right", "gone"), SOFT_BREAKS)
async def test_a_value_over_a_soft_break_cut_between_chunks_is_redacted(analyzer: object, hold: int, left: str,
                                                                        right: str, gone: str) -> None:
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=hold)  # type: ignore[arg-type]
    assert gone not in (await guard.output(policy(output=PII_OUT), [left + right])).texts[0]
    for parts in cuts(left, right):
        got, _, most = await fed(guard, PII_OUT, parts)
        assert gone not in got and got.startswith("Hello there. "), (len(parts), got)
        assert most <= 2 * hold + 100, most


@pytest.mark.parametrize(("left", "right", "gone"), [
    ("Hello there. to = 'lena.vos@' + ", "'brightquay.org' now. Bye.", "lena.vos"),
    ("Hello there. to = 'lena.vos@'", " + 'brightquay.org' now. Bye.", "lena.vos"),
    ("Hello there. Mail lena.vos@[b", "]bright[/b]quay.org now. Bye.", "lena.vos"),
    ('Hello there. TO=lena.vos@bright"', '"quay.org now. Bye.', "lena.vos"),
])
async def test_other_cut_values_stay_redacted(analyzer: object, left: str, right: str, gone: str) -> None:
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=60)  # type: ignore[arg-type]
    for parts in cuts(left, right):
        got, _, _ = await fed(guard, PII_OUT, parts)
        assert gone not in got, (len(parts), got)


@pytest.mark.parametrize(("left", "right"), [
    ("Hello there. Status: p*r*o*j", "*e*c*t f*a*l*c*o*n ships. Bye."),
    ("Hello there. Status: p*r*o*j*e*c*t f*a*l*", "c*o*n ships. Bye."),
    ("Hello there. Status: project fal[", "b]con[/b] ships. Bye."),
    ("Hello there. Status: project [b]fal", "[/b]con ships. Bye."),
    ("Hello there. Status: pro''", "'ject''' falcon ships. Bye."),
    ("Hello there. Status: pro'''ject''", "' falcon ships. Bye."),
    ("Hello there. Status: pro=", "\nject falcon ships. Bye."),
    ("Hello there. Status: 'pro' + ", "'ject falcon' ships. Bye."),
    ('Hello there. Status: pro"', '"ject falcon ships. Bye.'),
])
async def test_a_codename_cut_between_chunks_is_blocked(analyzer: object, left: str, right: str) -> None:
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=60)  # type: ignore[arg-type]
    assert (await guard.output(policy(output=BLOCK), [left + right])).blocked
    for parts in cuts(left, right):
        got, blocked, _ = await fed(guard, BLOCK, parts)
        assert blocked and "falcon" not in got and "c*o*n" not in got, (len(parts), got)


@pytest.mark.parametrize("text", [
    "Set x =\n  compute(a) then width=40 height=40.\nFLAGS=-O2=\n  -Wall and a ==\nb. " * 4,
    "Base64: aGVsbG8gd29ybGQ= is the value.\nNext line here. " * 4,
])
async def test_equals_signs_at_line_ends_go_out_unaltered(guard: Guard, text: str) -> None:
    for n in (1, 7):
        got, blocked, most = await fed(guard, PII_OUT, [text[k:k + n] for k in range(0, len(text), n)])
        assert got == text and not blocked
        assert most <= 2 * 60 + 100, most
