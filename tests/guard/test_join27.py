"""Issue 12, atk26 F9 and F19: two texts cut at a word boundary, read both ways (`proxy.guard.join27`).

F9: `I will kill` | `you tomorrow.` (trimmed content parts, messages, Anthropic blocks, Responses parts) and
`Our new hire is Priya` | `Sharma from the Pune office.` went on as sent: joined directly the cut reads `killyou`,
`PriyaSharma`. With a space kept on either side they were caught. Now the cut is read with a space too, and still
directly (`I will ki` | `ll you`, `Call 617-555-` | `0143`). F19: a streamed answer's `I will kill` + a blank line +
`you tomorrow.` was released (the halves scored apart); the whole answer is blocked.

Toxicity here is the deterministic keyword scorer (`proxy.nlp.toxicity.KeywordScorer`: `kill you` is a phrase,
neither half scores); the detoxify model reads the joints' texts the same way.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.join27 import open_break, paragraph_readings, spaced_joints, tail_reading
from proxy.guard.joined import joints
from proxy.guard.phases import screen_answer, screen_request
from proxy.guard.windows import sentence_spans
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.toxicity import KeywordScorer
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, TextSlot
from tests.guard.conftest import policy

TOX = {"toxicity": {"action": "block", "thresholds": {"toxicity": 0.8, "threat": 0.6}}}
PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"], "restore": True,
               "min_score": 0.4}}


@pytest.fixture
def kw(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, KeywordScorer(), stream_hold_chars=60)


def _bodies(a: str, b: str) -> dict[str, tuple[str, dict[str, Any]]]:
    parts = [{"type": "text", "text": a}, {"type": "text", "text": b}]
    return {
        "chat parts": (CHAT, {"model": "m", "messages": [{"role": "user", "content": parts}]}),
        "chat messages": (CHAT, {"model": "m", "messages": [{"role": "user", "content": a},
                                                            {"role": "user", "content": b}]}),
        "anthropic blocks": (MESSAGES, {"model": "m", "max_tokens": 5, "messages": [
            {"role": "user", "content": [dict(p) for p in parts]}]}),
        "responses parts": (RESPONSES, {"model": "m", "input": [{"role": "user", "content": [
            {"type": "input_text", "text": a}, {"type": "input_text", "text": b}]}]}),
    }


async def _blocked(guard: Guard, kind: str, body: dict[str, Any], rules: dict[str, Any]) -> bool:
    adapter = anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER
    verdict = await screen_request(guard, policy(input=rules), adapter.request_texts(kind, body))
    return verdict.blocked


# Held out of the tuning (`I will kill` | `you tomorrow.`): other phrases, other places of the cut.
TOXIC_CUTS = [("I will kill", "you tomorrow."), ("Honestly I could kill", "you for that"),
              ("Careful or I will hurt", "you badly"), ("Honestly, I hate", "all of them")]
PLACES = list(_bodies("a", "b"))


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("pair", TOXIC_CUTS, ids=[a for a, _ in TOXIC_CUTS])
async def test_a_toxic_phrase_cut_at_a_word_boundary_blocks(kw: Guard, place: str, pair: tuple[str, str]) -> None:
    a, b = pair
    kind, body = _bodies(a, b)[place]
    assert await _blocked(kw, kind, body, TOX), (place, pair)


@pytest.mark.parametrize("place", PLACES)
async def test_a_word_cut_in_the_middle_is_still_read_joined(kw: Guard, place: str) -> None:
    kind, body = _bodies("I will ki", "ll you")[place]
    assert await _blocked(kw, kind, body, TOX)


# PII-free look-alikes: separate sentences or fields whose words only meet at the cut.
SEPARATE = [("Thanks for the help", "Kill the process with SIGTERM first."), ("I will", "you know"),
            ("Call me later", "You are right about the release"), ("hurt", "yourself? no, the knee"),
            ("See the docs", "Stupidity aside, the build passes")]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("pair", SEPARATE, ids=[a for a, _ in SEPARATE])
async def test_separate_texts_do_not_join_into_a_phrase(kw: Guard, place: str, pair: tuple[str, str]) -> None:
    kind, body = _bodies(*pair)[place]
    assert not await _blocked(kw, kind, body, TOX), (place, pair)


def test_spaced_joints_only_at_letter_cuts() -> None:
    texts = ["I will kill", "you", "617-555-", "0143", "ends.", "Next"]
    direct = joints(texts, 100)
    spaced = spaced_joints(texts, 100, None, direct)
    assert spaced and all(" " in j.text for j in spaced)
    assert any("kill you" in j.text for j in spaced)
    assert not any("555- 0143" in j.text or "ends. Next" in j.text for j in spaced)
    assert spaced_joints(["ends.", "Next"], 100) == [] and spaced_joints(["a ", "b"], 100) == []


NAMES = [("Our new hire is Priya", "Sharma from the Pune office.", "Sharma"),
         ("Please send the contract to Tomasz", "Wojcik before Friday.", "Wojcik"),
         ("The patient is Aisha", "Okonkwo, admitted on Monday.", "Okonkwo")]


@pytest.mark.parametrize("pair", NAMES, ids=[c for _, _, c in NAMES])
async def test_a_surname_in_the_next_part_is_redacted(kw: Guard, pair: tuple[str, str, str]) -> None:
    a, b, surname = pair
    kind, body = _bodies(a, b)["chat parts"]
    await _blocked(kw, kind, body, PII)
    got = [p["text"] for p in body["messages"][0]["content"]]
    assert surname not in "".join(got), got
    kind, one = _bodies(a + " " + b, "")["chat parts"]  # the control: one part holding both
    await _blocked(kw, kind, one, PII)
    assert surname not in one["messages"][0]["content"][0]["text"]


async def test_fields_that_are_not_names_stay(kw: Guard) -> None:
    for a, b in [("Status", "Open since the last release."), ("Click Save", "Then close the dialog."),
                 ("The build is green", "Deploy to staging now."), ("Translate into French", "Hello World"),
                 ("Status", "Green across all regions.")]:
        kind, body = _bodies(a, b)["chat parts"]
        await _blocked(kw, kind, body, PII)
        assert [p["text"] for p in body["messages"][0]["content"]] == [a, b]


async def test_an_answers_blocks_cut_at_a_word_boundary_block(kw: Guard) -> None:
    holders = [{"text": "I will kill"}, {"text": "you tomorrow."}]
    slots = [TextSlot(h, "text", "assistant", "text", f"block:{k}") for k, h in enumerate(holders)]
    verdict = await screen_answer(kw, policy(output=TOX), slots, None)
    assert verdict.blocked


# ------------------------------------------------------------------------------------------------------ streams

def test_open_break() -> None:
    assert open_break("I will kill\n\n", 13) and open_break("kill \n", 6)
    assert not open_break("I will.\n\n", 9) and not open_break("617\n", 4) and not open_break("kill you", 8)
    text = "Fine. I will kill\n\nyou tomorrow."
    assert paragraph_readings(text, sentence_spans(text)) == [(6, "I will kill\n\nyou tomorrow.")]
    assert tail_reading("I will kill\n\n", "you tomorrow.", [(0, 13)]) == "I will kill\n\nyou tomorrow."
    assert tail_reading("I will.\n\n", "you tomorrow.", [(0, 13)]) is None


async def _stream(guard: Guard, text: str, size: int) -> tuple[str, bool]:
    stream = guard.output_stream(policy(output=TOX))
    out = ""
    for i in range(0, len(text), size):
        out += await stream.feed("choice:0", text[i:i + size])
    out += await stream.end("choice:0")
    return out, stream.blocked


STREAMED = ["Fine. I will kill\n\nyou tomorrow.", "Listen.\nI could kill\nyou for that.",
            "Look, you are an\n\nidiot, frankly.", "You know what? I will hurt \n\nyou."]


@pytest.mark.parametrize("text", STREAMED)
async def test_a_toxic_phrase_across_a_paragraph_break_is_withheld_streamed(kw: Guard, text: str) -> None:
    holders = [{"text": text}]
    verdict = await screen_answer(kw, policy(output=TOX), [TextSlot(holders[0], "text", "assistant", "text",
                                                                    "choice:0")], None)
    assert verdict.blocked  # whole
    for size in (1, 4, 16, 100):
        out, blocked = await _stream(kw, text, size)
        assert blocked, (size, out)
        for word in ("kill", "idiot", "hurt"):
            assert word not in out, (size, out)


@pytest.mark.parametrize("text", ["Steps:\nkill\nthe process, then restart.", "Done.\n\nYou can go now.",
                                  "Title\n\nyou will find it below.", "A list\n- item one\n- item two\n"])
async def test_ordinary_paragraphs_stream_as_sent(kw: Guard, text: str) -> None:
    for size in (1, 4, 100):
        out, blocked = await _stream(kw, text, size)
        assert out == text and not blocked, (size, out)
