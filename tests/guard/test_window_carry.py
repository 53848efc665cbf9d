"""proxy.guard.windows: a `patterns:` match that grows past the stream window's cap is still found (issue 12).

A space in a pattern matches any run of separators, so `project`, 400 line breaks (or spaces, or a mix), then
`falcon` is one match, and the whole answer's check blocks it. Streamed in small chunks, the cap (2 × hold_chars
pending) released `project` with the run before `falcon` arrived, and each window was read alone: the client
received both words and the stream was never blocked. Likewise a rule with an unbounded repeat
(`secret-[a-z]+-end`) whose match grew past the cap.

Now what the cap releases where a match may cross is carried (`OutputWindows._next_carry`: the patterns view of
the released text, separator runs folded, back to as many letters and digits as a match can hold, 2 ×
hold_chars at most) and read before the next windows: the rest of the match is never released (blocked, or
redacted). The words released before the run (`project`) went out already. The guard fixture's `hold_chars` is
60: the cap is 120 characters.
"""

from __future__ import annotations

import json

import pytest

from proxy.guard.checks.patterns import match_reach
from proxy.guard.engine import Guard
from proxy.guard.windows import OutputWindows
from tests.guard.conftest import PII_OUT, policy

CODENAME = r"(?i)\bproject (falcon|osprey)\b"
BLOCK = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "block"}]}
REDACT = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "redact"}]}
SECRET = {"patterns": [{"name": "secret", "regex": r"secret-[a-z]+-end", "action": "block"}]}
RUNS = ["\n" * 400, " " * 400, " \n" * 200, "\r\n\t" * 140, "-\n" * 200, "\n" * 1500,
        "\u200b" * 400, "\\u200b" * 100, "&nbsp;" * 100]  # invisible, escaped and encoded separators: the view's
IDS = ["newlines", "spaces", "mix", "crlf-tabs", "dashes", "long", "zero-width", "escaped", "entities"]


async def _streamed(guard: Guard, doc: dict[str, object], text: str, size: int,
                    group: bool = False) -> tuple[str, OutputWindows]:
    stream = guard.output_stream(policy(output=doc))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size], group="a" if group else None)
        out += "".join(t for _, t in stream.take_spill())
    if group:
        out += "".join(t for _, t in await stream.end_group("a"))
    else:
        out += await stream.end("c0")
    return out, stream


@pytest.mark.parametrize("run", RUNS, ids=IDS)
@pytest.mark.parametrize("doc", [BLOCK, {**PII_OUT, **BLOCK}], ids=["patterns", "patterns+pii"])
async def test_a_phrase_over_a_run_longer_than_the_cap_is_blocked(guard: Guard, run: str,
                                                                   doc: dict[str, object]) -> None:
    text = "Hello there. project" + run + "falcon ships today. Bye."
    assert (await guard.output(policy(output=doc), [text])).blocked  # the whole answer's check finds it
    for size in (1, 3, 7, 40):
        for group in (False, True):
            got, stream = await _streamed(guard, doc, text, size, group)
            assert stream.blocked and "falcon" not in got and "ships" not in got, (size, group, got[-30:])


async def test_a_block_past_the_cap_withholds_every_field_after_it(guard: Guard) -> None:
    # `project` and the run in the reasoning, `falcon` in the content (one answer, `group`): nothing of it goes out.
    stream = guard.output_stream(policy(output=BLOCK))
    got = {"reasoning": "", "content": ""}
    text = "Thinking. project" + "\n" * 400
    for k in range(0, len(text), 3):
        got["reasoning"] += await stream.feed("reasoning", text[k:k + 3], group="a")
        for channel, released in stream.take_spill():
            got[channel] += released
    for part in ("fal", "con ships. ", "More text after it."):
        got["content"] += await stream.feed("content", part, group="a")
        for channel, released in stream.take_spill():
            got[channel] += released
    assert await stream.end_group("a") == []
    assert stream.blocked and got["content"] == "" and got["reasoning"].startswith("Thinking. project\n")


@pytest.mark.parametrize("group", [None, "a"], ids=["channel", "group"])
async def test_a_phrase_over_a_long_run_in_tool_call_arguments_is_blocked(guard: Guard, group: str | None) -> None:
    doc = json.dumps({"q": "Hello. project" + "\n" * 400 + "falcon ships."})  # `\n` escapes in the JSON text
    assert (await guard.output(policy(output=BLOCK), [doc])).blocked
    stream = guard.output_stream(policy(output=BLOCK))
    out = ""
    for k in range(0, len(doc), 3):
        out += await stream.feed("t", doc[k:k + 3], in_json=True, group=group)
        out += "".join(t for _, t in stream.take_spill())
    out += await stream.end("t") if group is None else "".join(t for _, t in await stream.end_group("a"))
    assert stream.blocked and "falcon" not in out


async def test_ten_thousand_separator_chunks_hold_bounded_memory(guard: Guard) -> None:
    for sep in ("\n", " ", " \n"):
        stream = guard.output_stream(policy(output=BLOCK))
        out, most, carried = await stream.feed("c0", "Hello. project"), 0, 0
        for _ in range(10_000):
            out += await stream.feed("c0", sep)
            most = max(most, stream.held_in("c0"))
            carried = max(carried, len(getattr(stream._channels["c0"], "carry", "")))
        assert most <= 2 * 60 and carried <= 40, (most, carried)  # the run is released, the carry folded
        assert len(out) >= len("Hello. project") + 10_000 * len(sep) - 2 * 60
        out += await stream.feed("c0", "falcon") + await stream.feed("c0", " ships.") + await stream.end("c0")
        assert stream.blocked and "falcon" not in out


@pytest.mark.parametrize("run", RUNS[:3], ids=IDS[:3])
async def test_a_run_that_ends_in_other_words_goes_out_unaltered(guard: Guard, run: str) -> None:
    text = "Hello. project" + run + "status is fine. The falcon flew."
    assert not (await guard.output(policy(output=BLOCK), [text])).blocked
    for size in (1, 3, 40):
        got, stream = await _streamed(guard, BLOCK, text, size)
        assert got == text and not stream.blocked and stream.decision == "allow", size


async def test_a_redacted_phrase_over_a_long_run_never_shows_its_rest(guard: Guard) -> None:
    text = "Hello. project" + "\n" * 400 + "falcon ships. Bye."
    whole = (await guard.output(policy(output=REDACT), [text])).texts[0]
    assert whole == "Hello. <CODENAMES_1> ships. Bye."
    for size in (1, 3, 40):
        got, stream = await _streamed(guard, REDACT, text, size)
        # What was out before the run stays out; the rest of the match is redacted where it is.
        assert "falcon" not in got and got.endswith("\n<CODENAMES_1> ships. Bye."), (size, got[-40:])
        assert stream.decision == "redact"
        assert stream.records()[0]["findings"] == {"codenames": 1}


@pytest.mark.parametrize("n", [40, 80, 111])  # letters and digits of the match: 2 × hold_chars (120) at most
async def test_an_unbounded_match_up_to_twice_the_hold_is_found_past_the_cap(guard: Guard, n: int) -> None:
    text = "Hello. secret-" + "a" * n + "-end ok. Bye."
    assert (await guard.output(policy(output=SECRET), [text])).blocked
    for size in (1, 3, 7, 50):
        got, stream = await _streamed(guard, SECRET, text, size)
        assert stream.blocked and "-end" not in got, (size, got[-30:])


def test_match_reach() -> None:
    assert match_reach((CODENAME,)) == 17  # `project`, `falcon`, two letters each `\b` reads (`PROJECTFalcon`)
    assert match_reach((r"\b(sk|gp)-[A-Za-z0-9_-]{16,}\b",)) == float("inf")
    assert match_reach((r"secret-[a-z]+-end", CODENAME)) == float("inf")
    assert match_reach((r"REF-\d{6}",)) == 9


async def test_monitor_mode_records_a_phrase_past_the_cap_and_alters_nothing(guard: Guard) -> None:
    text = "Hello. project" + "\n" * 400 + "falcon ships. Bye."
    stream = guard.output_stream(policy(output=BLOCK, mode="monitor"))
    out = ""
    for k in range(0, len(text), 3):
        out += await stream.feed("c0", text[k:k + 3])
    out += await stream.end("c0")
    assert out == text and not stream.blocked
    assert stream.decision == "flag" and stream.would_decision == "block"
    assert stream.records()[0]["action"] == "would_block"


# What `redact` promises past the cap (README, "Streamed output is screened in windows"): a match that fits in a
# window (2 × hold_chars) is replaced whole by one placeholder; a longer one (a separator run past the cap inside
# it, or an unbounded repeat) is redacted from the cap's last cut on: what went out before it stays out, at most the
# match but its last min(hold_chars, 80) characters and never a letter or digit after its separator run
# (`project` and part of the run, never `falcon`), one finding recorded.
REDACT_SECRET = {"patterns": [{"name": "secret", "regex": r"secret-[a-z]+-end", "action": "redact"}]}


@pytest.mark.parametrize("run", [*RUNS[:4], "\n" * 50, " " * 40], ids=[*IDS[:4], "short-newlines", "short-spaces"])
async def test_redact_past_the_cap_shows_at_most_the_match_s_start_before_its_run(guard: Guard, run: str) -> None:
    match = "project" + run + "falcon"
    text = "Hello. " + match + " ships. Bye."
    whole = (await guard.output(policy(output=REDACT), [text])).texts[0]
    assert whole == "Hello. <CODENAMES_1> ships. Bye."
    for size in (1, 3, 7, 40):
        got, stream = await _streamed(guard, REDACT, text, size)
        assert got.startswith("Hello. ") and got.endswith("<CODENAMES_1> ships. Bye."), (size, got[-40:])
        shown = got[len("Hello. "):-len("<CODENAMES_1> ships. Bye.")]  # the match's part that went out as written
        assert match.startswith(shown) and not shown[len("project"):].strip(run), (size, shown[-20:])
        assert not shown or len(match) - len(shown) >= min(60, 80), size  # its last min(hold_chars, 80) at least
        if len(match) <= 2 * 60 - 20:
            assert shown == "", size  # it fits in a window: one placeholder for all of it, as in the whole answer
        assert stream.decision == "redact" and stream.records()[0]["findings"] == {"codenames": 1}


@pytest.mark.parametrize("n", [40, 80, 111])
async def test_redact_of_an_unbounded_match_past_the_cap_never_shows_its_end(guard: Guard, n: int) -> None:
    text = "Hello. secret-" + "a" * n + "-end ok. Bye."
    for size in (1, 3, 7):
        got, stream = await _streamed(guard, REDACT_SECRET, text, size)
        assert "-end" not in got and got.endswith("<SECRET_1> ok. Bye."), (size, got[-30:])
        shown = got[len("Hello. "):-len("<SECRET_1> ok. Bye.")]
        assert ("secret-" + "a" * n).startswith(shown)
        assert not shown or len("secret-" + "a" * n + "-end") - len(shown) >= 60
