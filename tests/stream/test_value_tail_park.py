"""A value a field's text still holds the start of is never released because other fields' text came after it
(streamleft16, issue 12 leftover of streamstate15).

A Responses `url_citation` annotation inside an e-mail address (`Write to carla.moss@nor`, the annotation, then
`thwind.io about ...`) is read after the text it follows; with a title of some 400 characters the group's window
passed its cap (`2 × hold_chars`) and released each field up to the cap, the address's first half with it: the
address went out as written (a whole answer redacts it). The same for a chat answer's content cut by a long refusal,
reasoning or tool call. Now the value's start moves after the other fields' text, still held
(`OutputWindows._park_value_tail`), and is read whole with the rest: one placeholder, as in the whole answer, the
annotation still after the text. The relay's pump event by event, with the real output windows.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER as OPENAI
from tests.stream.test_annotation_order import NOTE, anthropic, responses, text_before
from tests.stream.test_chat_interleave import PII_OUT, call, chunk
from tests.stream.test_chat_interleave import run as run_chat
from tests.stream.test_field_order import run
from tests.support.pii import shared_analyzer

TEXT = "Write to carla.moss@northwind.io about the setup guide, it has more. And more."
SHOWN = "Write to <EMAIL_ADDRESS_1> about the setup guide, it has more. And more."


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


def pieces(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


TITLES = {"short": "Setup guide", "long": "Setup guide " * 40, "one long word": "T" * 600}


@pytest.mark.parametrize("title", TITLES.values(), ids=list(TITLES))
@pytest.mark.parametrize("cut", ["carla.moss@", "carla.moss@nor", "carla.moss@northwind."])
@pytest.mark.parametrize("n", [1, 3, 7])
async def test_an_annotation_inside_an_address_leaves_it_one_placeholder(analyzer: PiiAnalyzer, n: int, cut: str,
                                                                         title: str) -> None:
    k = TEXT.index(cut) + len(cut)
    note: dict[str, Any] = {**NOTE, "title": title, "start_index": 9, "end_index": k}
    got, rewriter = await run(analyzer, RESPONSES, OPENAI, responses(pieces(TEXT[:k], n), pieces(TEXT[k:], n), note))
    at, shown = text_before(got, "Responses")
    assert not rewriter.stopped and "carla" not in got and "northwind" not in got, shown
    assert shown == SHOWN, shown
    assert at.startswith("Write to <EMAIL_ADDRESS_1>"), at  # the annotation still after the text it follows


@pytest.mark.parametrize("n", [3, 7])
async def test_an_anthropic_citation_inside_an_address_leaves_it_one_placeholder(analyzer: PiiAnalyzer, n: int) -> None:
    """The same for an Anthropic `citations_delta` whose `cited_text` runs to some 600 characters."""
    k = TEXT.index("@nor") + 4
    events = anthropic(pieces(TEXT[:k], n), pieces(TEXT[k:], n))
    for e in events:
        if e.get("type") == "content_block_delta" and e["delta"].get("type") == "citations_delta":
            e["delta"]["citation"]["cited_text"] = "The guide explains the setup. " * 20
    got, rewriter = await run(analyzer, MESSAGES, ANTHROPIC, events)
    at, shown = text_before(got, "Anthropic")
    assert not rewriter.stopped and "carla" not in got and "northwind" not in got, shown
    assert shown == SHOWN and at.startswith("Write to <EMAIL_ADDRESS_1>"), (at, shown)


OTHER = {
    "refusal": {"refusal": "Sorry, no. " * 40},
    "reasoning": {"reasoning_content": "Hmm, thinking. " * 40},
    "tool call": call('{"q":"' + "weather " * 60 + '"}'),
}


@pytest.mark.parametrize("other", OTHER.values(), ids=list(OTHER))
async def test_a_chat_fields_long_text_between_an_emails_halves_leaves_it_one_placeholder(
        analyzer: PiiAnalyzer, other: dict[str, Any]) -> None:
    events = [chunk({"role": "assistant", "content": ""}), chunk({"content": "Write to dana.kerr@exa"}),
              chunk(other), chunk({"content": "mple.org today."}), chunk({}, "stop")]
    got, out = await run_chat(events, PII_OUT, analyzer, Vault())
    assert got["content"] == "Write to <EMAIL_ADDRESS_1> today.", got
    assert b"dana.kerr" not in out and b"mple.org" not in out, out
    assert len(got) == 2, got  # the other field went out (as sent: it holds no value)


async def test_a_long_title_glued_to_the_moved_value_is_no_part_of_it(analyzer: PiiAnalyzer) -> None:
    """The value's start, moved after the title, is not read glued to it (`TTT...Tcarla.moss@...` is no address of
    the title's): the title goes out as sent."""
    k = TEXT.index("@nor") + 4
    note: dict[str, Any] = {**NOTE, "title": "T" * 600, "start_index": 9, "end_index": k}
    got, _ = await run(analyzer, RESPONSES, OPENAI, responses(pieces(TEXT[:k], 3), pieces(TEXT[k:], 3), note))
    assert "T" * 600 in got and "EMAIL_ADDRESS_2" not in got, got


async def test_a_value_start_whose_field_never_goes_on_holds_no_more_than_the_cap(analyzer: PiiAnalyzer) -> None:
    """Content ending in an address's start, then reasoning that keeps coming: the reasoning goes out meanwhile, what
    is held stays bounded, and the start goes out at the answer's end (it is no address alone, as in a whole
    answer)."""
    from proxy.config.policy import Policy
    from proxy.guard.engine import Guard

    w = Guard(analyzer).output_stream(Policy.model_validate({"name": "t", "output": PII_OUT}), Vault())
    content, reasoning = "choice:0:content", "choice:0:reasoning_content"
    got = {content: await w.feed(content, "Write to dana.kerr@exa", group="choice:0"), reasoning: ""}
    most = 0
    for _ in range(100):
        got[reasoning] += await w.feed(reasoning, "Fine, thinking. ", group="choice:0")
        for channel, text in w.take_spill():
            got[channel] += text
        most = max(most, sum(w.held.values()))
        assert "dana.kerr" not in got[content], got[content]
    assert most <= 2 * w.hold_chars + 16, most
    assert got[reasoning].count("Fine, thinking. ") >= 70, got
    for channel, text in await w.end_group("choice:0"):
        got[channel] += text
    assert got == {content: "Write to dana.kerr@exa", reasoning: "Fine, thinking. " * 100} and not w.blocked
