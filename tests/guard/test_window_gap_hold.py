"""proxy.guard.windows: digit groups and the layout after them are held up to `_GAP_REACH` characters of layout
(issue 12, seventh round: the bound stays 2,048, `bench/stream_gap.py`), decided by `_gap_held` in time linear
in the text: the same windows as the cuts tried one by one (`may_cut`, the cap), which cost quadratic time
while a run grew (`617` then 1,000 `\\n- `: 1.0 s a stream before, 0.07 s now, on the development machine)."""

from __future__ import annotations

import random

import pytest

from proxy.guard import windows
from proxy.guard.engine import Guard
from tests.guard.conftest import PII_OUT, policy

GAPS = ["\n", " ", "\n- ", "  \t", "\n\n", "-", ". ", "\n> "]


def _texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(60):
        groups = [str(rng.randint(0, 9999)) for _ in range(rng.randint(1, 3))]
        text = ""
        for g in groups:
            text += g + rng.choice(GAPS) * rng.randint(0, 40)
        out.append(text + rng.choice(GAPS) * rng.choice([0, 10, 200, 700, 2000, 2100, 2500, 4100]))
    return out + ["617" + "\n" * 2040, "617" + "\n" * 1950, "4111 1111" + " " * 1966, "x617" + "\n" * 500]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("hold", [60, 200])
def test_the_fast_hold_cuts_where_the_cuts_tried_one_by_one_do(guard: Guard, seed: int, hold: int,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    stream = windows.OutputWindows(guard, policy(output=PII_OUT), guard.output_stream(policy()).vault, hold)
    for text in _texts(seed):
        fast = stream._cut(text)
        with monkeypatch.context() as m:
            m.setattr(windows, "_gap_held", lambda text, hold_chars: False)
            slow = stream._cut(text)
        assert fast == slow, (len(text), repr(text[:20]), fast, slow)


@pytest.mark.parametrize("gap", ["\n" * 2000, " " * 1900, "\n\n  " * 400])
async def test_a_phone_split_by_layout_within_the_bound_is_redacted_in_a_stream(guard: Guard, gap: str) -> None:
    stream = guard.output_stream(policy(output=PII_OUT))
    text = "Intro. Call 617" + gap + "555-0143 now."
    out = ""
    for i in range(0, len(text), 4):
        out += await stream.feed("c", text[i:i + 4])
    out += await stream.end("c")
    assert "617" not in out and "0143" not in out and "<PHONE_NUMBER_" in out, out[-80:]
