"""A stream read without output PII (toxicity alone, `patterns:` alone) never ends a window inside a link the second
reading lays out only whole (streamleft16, linkview15 leftover).

Toxicity reads a text as displayed (`[you stu](#a)[pid](#b)` shows `you stupid`: linkview15), but a toxicity-only
window that reached `hold_chars` without a sentence end was cut after any word, `[you ` | `stu](#a)[pid](#b) ...`:
the halves were scored apart and the stream went out where the whole answer is refused. Now such a window ends only
outside link syntax (`proxy.nlp.normalize.markup_open`, as `may_cut` says for output PII), so the streamed verdict is
the whole one. The deterministic keyword scorer (`models: {toxicity: {model: keywords}}`)."""

from __future__ import annotations

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.nlp.toxicity import KeywordScorer
from tests.guard.conftest import TOX

SPLIT = {
    "markdown": "[you stu](#a)[pid](#b)",
    "reference": "[you stu][1][pid][2]",
    "slack": "<https://x.example|you stu><https://y.example|pid>",
    "jira": "[you stu|https://x.example][pid|https://y.example]",
    "mediawiki": "[https://x.example you stu][https://y.example pid]",
}
BEFORE = {"none": "", "words": "word " * 10, "a long run": "a" * 190 + " ", "run and words": "a" * 150 + " so "}
AFTER = " and more words follow here without any end at all"


def policy(output: dict[str, object]) -> Policy:
    return Policy.model_validate({"name": "t", "on_error": "block", "output": output})


async def streamed(guard: Guard, p: Policy, text: str, n: int) -> tuple[bool, str]:
    stream = guard.output_stream(p)
    out = ""
    for i in range(0, len(text), n):
        out += await stream.feed("c", text[i:i + n])
        if stream.blocked:
            return True, out
    out += await stream.end("c")
    return stream.blocked, out


@pytest.mark.parametrize("hold", [30, 60, 200])  # (the cap, `2 × hold_chars`, longer than the links: it bounds)
@pytest.mark.parametrize("before", BEFORE.values(), ids=list(BEFORE))
@pytest.mark.parametrize("case", list(SPLIT))
async def test_a_toxic_word_split_across_links_is_stopped_as_in_the_whole_answer(case: str, before: str,
                                                                               hold: int) -> None:
    guard = Guard(None, KeywordScorer(), stream_hold_chars=hold)
    p = policy({"toxicity": TOX})
    text = before + SPLIT[case] + AFTER
    assert (await guard.output(p, [text])).decision == "block"  # the whole answer's verdict
    for n in (1, 3, 7):
        blocked, out = await streamed(guard, p, text, n)
        assert blocked, (n, out)
        assert "pid" not in out, (n, out)


@pytest.mark.parametrize("hold", [20, 200])
@pytest.mark.parametrize("case", list(SPLIT))
async def test_links_without_a_toxic_word_stream_out_as_sent(case: str, hold: int) -> None:
    guard = Guard(None, KeywordScorer(), stream_hold_chars=hold)
    text = "a" * 150 + " so " + SPLIT[case].replace("stu", "gre").replace("pid", "at") + AFTER
    for n in (1, 7):
        assert await streamed(guard, policy({"toxicity": TOX}), text, n) == (False, text)


async def test_an_unclosed_bracket_holds_no_longer_than_the_cap() -> None:
    """A `[` that never closes (`see [note` and 2,000 characters): the stream still goes out, bounded by the cap."""
    guard = Guard(None, KeywordScorer(), stream_hold_chars=60)
    stream = guard.output_stream(policy({"toxicity": TOX}))
    text = "see [note " + "word " * 400
    out = ""
    for i in range(0, len(text), 5):
        out += await stream.feed("c", text[i:i + 5])
        assert len(text[:i + 5]) - len(out) <= 2 * 60 + 400 + 5, i  # held: at most the cap and a link's reach
    assert out + await stream.end("c") == text
