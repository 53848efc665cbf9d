"""proxy.guard.windows: the cap (`2 × hold_chars` pending) no longer releases the tail where a value or a
`patterns:` match may still grow (README-only attack: a long unbroken run, then `project`, then ` falcon.` in
the next chunk reached the client; `"x" * 395 + " call 617-555"` then `"-0143 ok."` delivered the number).

At the cap the window now releases all but a held tail (`OutputWindows._cap_cut`) that no value nor known match
crosses, so the next chunk is read with it. Each answer is fed in two chunks split at every offset; the guard
fixture's `hold_chars` is 60, so the cap is 120 characters and the runs below are longer than it.
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import PII_OUT, policy

CODENAME = r"(?i)\bproject (falcon|osprey)\b"
BLOCK = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "block"}]}
REDACT = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "redact"}]}

RUNS = [
    "Digest:" + "9f" * 70 + " project falcon.",
    "x" * 150 + " project falcon ok.",
    "Digest:" + "9f" * 70 + " project\n\nfalcon. Bye.",
]
NUMBERS = [
    "x" * 150 + " call 617-555-0143 ok.",
    "Digest:" + "ab" * 70 + " card 4111 1111 1111 1111 thanks.",
    "y" * 140 + " mail jane.doe@example.com now.",
]


async def _streamed(guard: Guard, doc: dict[str, object], chunks: list[str]) -> tuple[str, bool]:
    stream = guard.output_stream(policy(output=doc))
    out = [await stream.feed("c0", c) for c in chunks]
    return "".join(out) + await stream.end("c0"), stream.blocked


def _splits(text: str) -> list[list[str]]:
    return [[text[:i], text[i:]] for i in range(1, len(text))]


@pytest.mark.parametrize("text", RUNS)
@pytest.mark.parametrize("doc", [BLOCK, {**PII_OUT, **BLOCK}], ids=["patterns", "patterns+pii"])
async def test_a_phrase_after_a_long_run_is_blocked_at_every_split(guard: Guard, text: str,
                                                                    doc: dict[str, object]) -> None:
    assert (await guard.output(policy(output=doc), [text])).blocked
    for chunks in _splits(text):
        got, blocked = await _streamed(guard, doc, chunks)
        assert blocked and "project" not in got.lower(), (chunks, got)


@pytest.mark.parametrize("text", RUNS)
async def test_a_phrase_after_a_long_run_is_redacted_at_every_split(guard: Guard, text: str) -> None:
    whole = (await guard.output(policy(output=REDACT), [text])).texts[0]
    assert whole is not None and whole != text
    for chunks in _splits(text):
        got, _ = await _streamed(guard, REDACT, chunks)
        assert got == whole, (chunks, got)


@pytest.mark.parametrize("text", NUMBERS)
@pytest.mark.parametrize("doc", [PII_OUT, {**PII_OUT, **BLOCK}], ids=["pii", "pii+patterns"])
async def test_a_value_after_a_long_run_is_redacted_at_every_split(guard: Guard, text: str,
                                                                   doc: dict[str, object]) -> None:
    # With a `patterns:` rule too, the cut before the value waits for letters after it: the cap was reached.
    whole = (await guard.output(policy(output=doc), [text])).texts[0]
    assert whole is not None and whole != text
    for chunks in _splits(text):
        got, _ = await _streamed(guard, doc, chunks)
        assert got == whole, (chunks, got)


@pytest.mark.parametrize("doc", [BLOCK, PII_OUT, {**PII_OUT, **BLOCK}], ids=["patterns", "pii", "both"])
async def test_a_run_that_never_ends_still_goes_out_screened_and_bounded(guard: Guard, doc: dict[str, object]) -> None:
    stream = guard.output_stream(policy(output=doc))
    out, most = "", 0
    for _ in range(400):
        out += await stream.feed("c0", "9f")
        most = max(most, stream.held_in("c0"))
    assert most <= 2 * 60 and len(out) >= 800 - 2 * 60  # released progressively, memory bounded
    if doc is PII_OUT:
        out += await stream.feed("c0", " call 617-555")
        out += await stream.feed("c0", "-0143 ok.") + await stream.end("c0")
        assert "617" not in out and "0143" not in out, out[-60:]
        return
    assert await stream.feed("c0", " project") == ""  # the tail that may grow is held
    assert await stream.feed("c0", " falcon.") == ""
    assert await stream.end("c0") == "" and stream.blocked
