"""proxy.guard.windows: one long event (a provider's single chunk of thousands of characters; here 4,000, the fixture's
cap is 120) where every cut the window tries is refused (`y y y ...`, `x. x. x.`) is cut within the cap's reach, not by
trying every candidate back to the start (CI: a 40,000-character event took 9 s on the event loop). At the cap a cut
inside a word moves back to the word's start (`[y [y ... mail jane.doe@example.com` was cut at `jane|.doe` when every
cut in reach was inside an open `[`: `jane.` went out, the rest as `<EMAIL_ADDRESS_1>`). What goes out is what the
whole answer gives: a value or a codename anywhere in the event, and one the next chunk completes, is still redacted
or blocked. The time is measured in bench/window_linear.py (run by CI), not here."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import PII_OUT, policy

BLOCK = {"patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}
RUNS = {"spaced": "y ", "sentences": "x. ", "tagged": "<b>y ", "bracketed": "[y ", "lines": "a\n"}
VALUES = ["call 617-555-0143 now", "mail jane.doe@example.com now", "card 4111 1111 1111 1111 ok"]


def _event(unit: str, value: str, where: float, n: int = 4_000) -> str:
    head = unit * int(n * where / len(unit))
    return head + value + " " + unit * int(n * (1 - where) / len(unit))


async def _streamed(guard: Guard, doc: dict[str, object], chunks: list[str]) -> tuple[str, bool]:
    stream = guard.output_stream(policy(output=doc))
    out = [await stream.feed("c0", c) for c in chunks]
    return "".join(out) + await stream.end("c0"), stream.blocked


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("where", [0.0, 0.5, 0.99])
@pytest.mark.parametrize("value", VALUES)
async def test_a_value_in_one_long_event_is_redacted_as_in_the_whole_answer(guard: Guard, run: str, where: float,
                                                                           value: str) -> None:
    text = _event(RUNS[run], value, where)
    whole = (await guard.output(policy(output=PII_OUT), [text])).texts[0]
    assert whole is not None and value not in whole
    got, _ = await _streamed(guard, PII_OUT, [text])
    assert got == whole
    cut = text.index(value) + len(value) // 2  # the value's second half in the next chunk
    got, _ = await _streamed(guard, PII_OUT, [text[:cut], text[cut:]])
    assert got == whole


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("where", [0.0, 0.5, 0.99])
async def test_a_codename_in_one_long_event_is_blocked(guard: Guard, run: str, where: float) -> None:
    text = _event(RUNS[run], "project falcon", where)
    for chunks in ([text], [text[:text.index("falcon")], text[text.index("falcon"):]]):
        got, blocked = await _streamed(guard, {**PII_OUT, **BLOCK}, chunks)
        assert blocked and "falcon" not in got
