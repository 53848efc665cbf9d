"""proxy.guard.windows: a stream window never ends where a value can run on into the next chunk.

Each answer is fed in two chunks split at every offset, and in chunks of 1-11 characters: what the client
gets must carry no piece of a value the whole answer's check finds (`Guard.output`).
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.windows import may_cut
from tests.guard.conftest import PII_OUT, policy

CASES = [
    ("My card is 4111 1111. 1111 1111 thanks.", ("4111", "1111")),
    ("Card:\n5105\n1051\n0510\n5100\nok.", ("5105", "1051", "0510", "5100")),
    ("Call 617\n555\n0143 now. Bye.", ("617", "0143")),
    ("SSN 536\n90\n4399 ok.", ("536", "4399")),
    ("Phone: (617)\n555-0143 ok.", ("617", "0143")),
    ("Please write to john.smith@acme.com today.", ("john.smith",)),
    ("write to john.\nsmith@acme.com thanks", ("smith@",)),
    ("Costs 5. Then 6. Then call 617-555-0143. Done.", ("0143",)),
]


async def _streamed(guard: Guard, chunks: list[str]) -> str:
    stream = guard.output_stream(policy(output=PII_OUT))
    out = [await stream.feed("c0", c) for c in chunks]
    return "".join(out) + await stream.end("c0")


@pytest.mark.parametrize(("text", "pieces"), CASES)
async def test_no_split_of_the_answer_lets_a_piece_of_a_value_through(guard: Guard, text: str,
                                                                      pieces: tuple[str, ...]) -> None:
    whole = (await guard.output(policy(output=PII_OUT), [text])).texts[0]
    assert whole is not None and [p for p in pieces if p in whole] == []  # the whole answer's check finds it
    for i in range(1, len(text)):
        got = await _streamed(guard, [text[:i], text[i:]])
        assert [p for p in pieces if p in got] == [], (i, got)
    for n in range(1, 12):
        got = await _streamed(guard, [text[k:k + n] for k in range(0, len(text), n)])
        assert [p for p in pieces if p in got] == [], (n, got)


async def test_a_sentence_that_ends_in_digits_waits_only_for_the_next_chunk(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))
    assert await stream.feed("c0", "It costs 5. ") == ""  # a number's next group may follow
    assert await stream.feed("c0", "Then") == "It costs 5. "  # it does not: released
    assert await stream.feed("c0", " we stop. Bye") == "Then we stop. "  # no digits before the cut: at once


async def test_a_long_window_does_not_cut_a_spelled_out_address(guard: Guard) -> None:
    text = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod jane at example dot com ok"
    for i in range(60, len(text)):
        got = await _streamed(guard, [text[:i], text[i:]])
        assert "jane" not in got and "example" not in got, (i, got)
    for n in range(1, 12):
        got = await _streamed(guard, [text[k:k + n] for k in range(0, len(text), n)])
        assert "jane" not in got and "example" not in got, (n, got)


def test_may_cut() -> None:
    assert may_cut("Done. ", 6) and may_cut("It is 5. Then", 8)
    assert not may_cut("Card 4111 1111. ", 16)           # nothing known after: digits may go on
    assert not may_cut("Card 4111 1111. 1111", 16)       # they do
    assert not may_cut("Card 4111\n-", 10)               # only a separator known so far
    assert may_cut("Card 4111\nOK", 10)
    assert not may_cut("reach jane at", 11, after_word=True) and may_cut("reach jane tomorrow", 11, after_word=True)
    assert not may_cut("reach jane at exam", 14, after_word=True) and not may_cut("reach jane ", 11, after_word=True)


@pytest.mark.parametrize(("text", "cut"), [
    ("Card 4111\r\n\r\n1111\r\n\r\n1111", len("Card 4111\r\n\r\n")),  # 4 separators: more than the 3 read before
    ("Call 617\n\n\n\n555\n\n\n\n0143", len("Call 617\n\n\n\n")),
    ('Call "617"\n"555"\n"0143"', len('Call "617"\n')),
    ("Mail m.kowalski@\n\ncontoso.io now", len("Mail m.kowalski@\n\n")),
    ("Mail m.kowalski\n\n@contoso.io now", len("Mail m.kowalski\n\n")),
])
def test_no_cut_inside_a_value_spread_over_lines(text: str, cut: int) -> None:
    """Issue 12: the view reads these as one value (`proxy.nlp.normalize._spread`, `_broken_at`): a stream's
    window must not end inside them."""
    assert not may_cut(text, cut)


def test_a_cut_between_a_number_and_a_paragraph_of_words_is_still_made() -> None:
    assert may_cut("It took 12 runs in 2024.\n\nThe next one", len("It took 12 runs in 2024.\n\n"))
    assert may_cut("Total: 417\n\n\n\nThanks, team", len("Total: 417\n\n\n\n"))
