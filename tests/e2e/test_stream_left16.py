"""Stream leftovers of streamstate15 and linkview15, through the official SDKs, streamed as the whole answer reads
(streamleft16).

1. A Responses `url_citation` annotation inside an e-mail address the output check redacts, with a long title: the
   group's window passed its cap and released the address's first half, and the address went out as written. An
   Anthropic citation with a long `cited_text`, and a chat answer's content cut by another field's long text (a
   refusal, reasoning), the same. Now one placeholder, whole and streamed.
2. A toxicity-only stream (no output PII) cut a window inside `[you stu](#a)[pid](#b)` after `you `: the halves
   were scored apart and the answer went out where the whole answer is refused. Now it is stopped the same.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.stream.test_annotation_order import NOTE, anthropic, responses
from tests.support.clients import OUTPUT_CODENAME_POLICIES, answer_of, claude, oai, sse

TEXT = "Write to carla.moss@northwind.io about the setup guide, it has more. And more."
SHOWN = "Write to <EMAIL_ADDRESS_1> about the setup guide, it has more. And more."


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def pieces(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


def annotated(n: int, title: str) -> list[dict[str, Any]]:
    k = TEXT.index("@nor") + 4
    return responses(pieces(TEXT[:k], n), pieces(TEXT[k:], n), {**NOTE, "title": title, "end_index": k})


@pytest.mark.parametrize("title", ["Setup guide " * 40, "T" * 600], ids=["words", "one word"])
@pytest.mark.parametrize("n", [1, 3, 7])
def test_a_responses_annotation_inside_an_address_leaves_one_placeholder(mock: Mock, guarded: Proxy, n: int,
                                                                         title: str) -> None:
    mock.script(raw_sse=sse(*annotated(n, title), named=True))
    shown, notes = "", []
    with oai(guarded).responses.stream(model="gpt-4o-mini", input="hi") as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                shown += event.delta
            elif event.type == "response.output_text.annotation.added":
                notes.append(shown)
        final = stream.get_final_response()
    assert shown == SHOWN and final.output_text == SHOWN, shown
    assert notes and notes[0].startswith("Write to <EMAIL_ADDRESS_1>"), notes  # after the text it follows
    assert "carla" not in json.dumps(final.model_dump())


def test_the_whole_answer_reads_the_address_so_too(mock: Mock, guarded: Proxy) -> None:
    mock.script(raw_body=json.dumps(annotated(3, "T" * 600)[-1]["response"]))
    assert oai(guarded).responses.create(model="gpt-4o-mini", input="hi").output_text == SHOWN


@pytest.mark.parametrize("n", [3, 7])
def test_an_anthropic_citation_inside_an_address_leaves_one_placeholder(mock: Mock, guarded: Proxy, n: int) -> None:
    k = TEXT.index("@nor") + 4
    events = anthropic(pieces(TEXT[:k], n), pieces(TEXT[k:], n))
    for e in events:
        if e.get("type") == "content_block_delta" and e["delta"].get("type") == "citations_delta":
            e["delta"]["citation"]["cited_text"] = "The guide explains the setup. " * 20
    mock.script(raw_sse=sse(*events, named=True))
    with claude(guarded).messages.stream(model="claude-sonnet-4-5", max_tokens=64,
                                         messages=[{"role": "user", "content": "hi"}]) as stream:
        final = stream.get_final_message()
    assert [b.text for b in final.content if b.type == "text"] == [SHOWN]
    assert "carla" not in json.dumps(final.model_dump())


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


@pytest.mark.parametrize("other", [{"refusal": "Sorry, no. " * 40}, {"reasoning_content": "Hmm, thinking. " * 40}],
                         ids=["refusal", "reasoning"])
def test_a_chat_fields_long_text_between_an_emails_halves_leaves_one_placeholder(mock: Mock, guarded: Proxy,
                                                                                 other: dict[str, Any]) -> None:
    mock.script(raw_sse=sse(_chunk({"role": "assistant", "content": ""}), _chunk({"content": "Write to dana.kerr@exa"}),
                            _chunk(other), _chunk({"content": "mple.org today."}), _chunk({}, "stop"), "[DONE]"))
    chunks = list(oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                       messages=[{"role": "user", "content": "hi"}]))
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert content == "Write to <EMAIL_ADDRESS_1> today.", content
    assert "dana.kerr" not in json.dumps([c.model_dump() for c in chunks])


# ------------------------------------------------------------------------------ 2. toxicity alone, links

TOXICITY = {"policies/default.yaml": """
name: default
on_error: block
output:
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
"""}
BEFORE = "a" * 190 + " "  # the window reaches the hold (200) inside the link text, no sentence end before it


@pytest.fixture(scope="module")
def toxic(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=TOXICITY)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("chunk", [1, 3, 7])
def test_a_toxic_word_split_across_links_is_stopped_streamed_as_whole(mock: Mock, toxic: Proxy, chunk: int, api: str,
                                                                     stream: bool) -> None:
    mock.script(text=BEFORE + "[you stu](#a)[pid](#b) and more words follow here", chunk_chars=chunk)
    text, end = answer_of(toxic, api, stream)
    assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
    assert "pid" not in text and "more words" not in text, text


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_links_without_a_toxic_word_stream_out_as_sent(mock: Mock, toxic: Proxy, api: str) -> None:
    said = BEFORE + "[you gre](#a)[at](#b) and more words follow here"
    mock.script(text=said, chunk_chars=3)
    assert answer_of(toxic, api, True) == (said, "stop" if api == "chat" else "end_turn")
