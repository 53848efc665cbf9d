"""proxy.guard.windows: a stream window never ends inside an HTML comment the checks read away (issue 12).

The checks read a text once more without its HTML comments (`617-<!-- x -->555-0143` is `617-555-0143`, up to
400 characters inside, `proxy.nlp.normalize._COMMENT_MAX`). A stream window cut inside such a comment let the
value split around it through: `may_cut` looked 192 characters back for the open comment, the cap (2 × hold_chars
pending) cut anywhere, and a `patterns:` cut before the comment counted the comment's letters as read (`project
|fal<!-- 200 letters` then ` -->con`). Now the window ends before the word or value the comment follows, or holds,
bounded by the comment's own bound: the halves are read together, as in the whole answer.
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.windows import OutputWindows
from tests.guard.conftest import PII_OUT, policy
from tests.support.pii import WordScorer

BLOCK = {"patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}
FILLER = "lorem ipsum dolor sit amet " * 20  # no sentence end, no value


async def streamed(guard: Guard, doc: dict[str, object], text: str, size: int,
                   group: str | None = None) -> tuple[str, OutputWindows, int]:
    stream = guard.output_stream(policy(output=doc))
    out, most = "", 0
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size], group=group)
        out += "".join(t for _, t in stream.take_spill())
        most = max(most, stream.held_in("c0"))
    if group is not None:
        return out + "".join(t for _, t in await stream.end_group(group)), stream, most
    return out + await stream.end("c0"), stream, most


@pytest.mark.parametrize("hold", [60, 200])
@pytest.mark.parametrize("n", [100, 192, 300, 390])
@pytest.mark.parametrize("left,right,gone", [("Call 617-", "555-0143 now.", "617"),
                                              ("Card 4111 1111 ", "1111 1111 today.", "4111"),
                                              ("Mail jane.doe", "@example.com today.", "jane.doe")],
                         ids=["phone", "card", "email"])
async def test_a_value_split_around_a_long_comment_is_redacted_whole(analyzer: object, hold: int, n: int,
                                                                    left: str, right: str, gone: str) -> None:
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=hold)  # type: ignore[arg-type]
    text = "Hello there. " + left + "<!-- " + FILLER[:n] + " -->" + right + " Bye."
    whole = (await guard.output(policy(output=PII_OUT), [text])).texts[0]
    assert gone not in whole
    for size, group in ((1, None), (3, None), (7, None), (3, "a")):  # a field of an answer's group too
        got, _, most = await streamed(guard, PII_OUT, text, size, group)
        assert gone not in got and got.startswith("Hello there. "), (size, got[:60])
        assert most <= 2 * hold + 400 + 100, most  # bounded by the window's cap and the comment's bound


@pytest.mark.parametrize("hold", [60, 200])
@pytest.mark.parametrize("n", [100, 192, 300, 390])
async def test_a_phrase_split_around_a_long_comment_is_blocked(analyzer: object, hold: int, n: int) -> None:
    guard = Guard(analyzer, WordScorer(), stream_hold_chars=hold)  # type: ignore[arg-type]
    text = "Hello there. The project fal<!-- " + FILLER[:n] + " -->con ships. Bye."
    assert (await guard.output(policy(output=BLOCK), [text])).blocked
    for size, group in ((1, None), (3, None), (7, None), (3, "a")):
        got, stream, _ = await streamed(guard, BLOCK, text, size, group)
        assert stream.blocked and "con ships" not in got and "-->" not in got, (size, got[-40:])


@pytest.mark.parametrize("doc", [PII_OUT, BLOCK], ids=["pii", "patterns"])
async def test_long_comments_without_a_value_go_out_unaltered_and_bounded(guard: Guard,
                                                                          doc: dict[str, object]) -> None:
    text = ("Intro. <!-- " + FILLER[:300] + " --> project status " + "<!-- " + FILLER + FILLER + " --> tail. "
            + "<!--" * 500 + " end.")
    for size in (1, 7):
        got, stream, most = await streamed(guard, doc, text, size)
        assert got == text and not stream.blocked
        assert most <= 2 * 60 + 400 + 100, most  # a comment longer than the bound, or opened again and again
