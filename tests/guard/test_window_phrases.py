"""proxy.guard.windows: under `patterns:` output rules a stream window never ends inside a match that can still
grow (issue 12, README-only attack: `project\\nfalcon`, `project` then `\\n` then `falcon` in separate chunks,
reached the client although the same answer unstreamed is blocked).

A space in a pattern matches any run of whitespace, punctuation and symbols, or none, so a window that ends
after `project` and a line break may be followed by `falcon`: the cut waits until no match of the known text
crosses it and enough letters and digits follow it (`proxy.guard.checks.patterns.WindowCuts`). Each answer is
fed in two chunks split at every offset, and in chunks of 1-11 characters.
"""

from __future__ import annotations

import pytest

from proxy.guard.checks.patterns import WindowCuts, cut_reach
from proxy.guard.engine import Guard
from proxy.guard.windows import may_cut
from tests.guard.conftest import PII_OUT, policy

CODENAME = r"(?i)\bproject (falcon|osprey)\b"
BLOCK = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "block"}]}
REDACT = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "redact"}]}
BOTH = {**PII_OUT, **BLOCK}

PHRASES = [
    "Status report.\nproject\nfalcon ships on Monday. Bye.",
    "All good. project\n\n\n\nfalcon is late.\nThanks for asking, see you.",
    "Notes:\nproject -\n\n- falcon\nEnd of the notes for today.",
    "It is fine. Project,\n  \nOsprey? Yes!\nMore text after it follows here.",  # not a sentence end (b7acaa8)
]


async def _streamed(guard: Guard, doc: dict[str, object], chunks: list[str]) -> tuple[str, bool]:
    stream = guard.output_stream(policy(output=doc))
    out = [await stream.feed("c0", c) for c in chunks]
    return "".join(out) + await stream.end("c0"), stream.blocked


def _splits(text: str) -> list[list[str]]:
    out = [[text[:i], text[i:]] for i in range(1, len(text))]
    out += [[text[k:k + n] for k in range(0, len(text), n)] for n in range(1, 12)]
    return out


@pytest.mark.parametrize("text", PHRASES)
@pytest.mark.parametrize("doc", [BLOCK, BOTH], ids=["patterns", "patterns+pii"])
async def test_a_phrase_over_line_breaks_is_blocked_at_every_split(guard: Guard, text: str,
                                                                    doc: dict[str, object]) -> None:
    whole = await guard.output(policy(output=doc), [text])
    assert whole.blocked  # the whole answer's check finds it
    for chunks in _splits(text):
        got, blocked = await _streamed(guard, doc, chunks)
        low = got.lower()
        assert blocked and "project" not in low and "osprey" not in low, (chunks, got)


@pytest.mark.parametrize("text", PHRASES)
async def test_a_phrase_over_line_breaks_is_redacted_at_every_split(guard: Guard, text: str) -> None:
    whole = (await guard.output(policy(output=REDACT), [text])).texts[0]
    assert whole is not None and whole != text
    for chunks in _splits(text):
        got, _ = await _streamed(guard, REDACT, chunks)
        assert got == whole, (chunks, got)


async def test_ordinary_text_still_goes_out_sentence_by_sentence(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=BLOCK))
    assert await stream.feed("c0", "The build is green.\n") == ""  # what follows may continue a match
    assert await stream.feed("c0", "Deploying the release now") == "The build is green.\n"
    assert await stream.feed("c0", ".\nproject") == ""  # 7 letters after the cut: `project` may go on
    assert await stream.feed("c0", "\n") == ""
    assert await stream.feed("c0", "falcon") == ""  # held: the match crosses the only cut
    assert await stream.end("c0") == "Deploying the release now.\n" and stream.blocked


async def test_a_separator_run_that_keeps_growing_is_held_up_to_the_cap_only(guard: Guard) -> None:
    stream = guard.output_stream(policy(output=BLOCK))  # hold_chars 60: the cap is 120 characters
    out = await stream.feed("c0", "Hello. project")
    most = 0
    for _ in range(300):
        out += await stream.feed("c0", "\n")
        most = max(most, stream.held_in("c0"))
    assert most <= 2 * 60 and len(out) > 100  # released at the cap, as before
    assert "Hello. " in out


def test_cut_reach() -> None:
    assert cut_reach((CODENAME,)) >= 13                                  # `project` and `falcon`
    assert cut_reach((r"\b(sk|gp)-[A-Za-z0-9_-]{16,}\b",)) == 0           # no whitespace in a match: no hold
    assert cut_reach((r"REF\{[^}]*\}",)) == float("inf")                  # unbounded: held to the cap
    cuts = WindowCuts("Done.\nproject\n\nfalcon is here, and more.", (CODENAME,))
    assert cuts.may_cut(6) and not cuts.may_cut(14) and not cuts.may_cut(15)
    assert not WindowCuts("Done.\nproject\n", (CODENAME,)).may_cut(6)     # too little known after the cut


async def test_digit_groups_over_any_run_of_line_breaks_wait_for_what_follows(guard: Guard) -> None:
    # A number's groups one a line, blank lines, list markers or quotes between (`value_near` reads at most 3
    # separators): the window waits while digits follow, however long the run between them.
    stream = guard.output_stream(policy(output=PII_OUT))
    assert await stream.feed("c0", "Call 617\n\n\n\n\n\n") == ""
    assert await stream.feed("c0", "555\n\n\n\n\n\n") == ""
    assert stream.held_in("c0") == len("Call 617\n\n\n\n\n\n555\n\n\n\n\n\n")
    assert not may_cut('Call "617"\n"555"', 11) and not may_cut("617\n\n\n\n- 555", 7)
    assert not may_cut("617\n\n\n\n\n\n\n\n", 11)                   # nothing known after the run yet
    assert may_cut("It costs 5.\n\n\n\nThen we go", 15) and may_cut("Call 617\n\n\n\nsoon", 12)


async def test_letters_written_one_by_one_are_not_cut(guard: Guard) -> None:
    # `f a l c o n` is `falcon` to the rules (the joined reading); a long window without a sentence end is cut
    # at a space after a word, never at a space inside such a run (a rule that matches no whitespace too).
    doc = {"patterns": [{"name": "bird", "regex": "(?i)falcon", "action": "block"}]}
    text = "We shipped the new build to staging and then the team wrote f a l c o n in the channel ok"
    assert (await guard.output(policy(output=doc), [text])).blocked
    for chunks in _splits(text):
        got, blocked = await _streamed(guard, doc, chunks)
        assert blocked and "f a" not in got, (chunks, got)
