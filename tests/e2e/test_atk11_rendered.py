"""Issue 12, atk11 A-M1, A-M4, A-M2 end to end: what a renderer displays passed unread. Phone numbers, SSNs and cards
with one same mixed separator run between their groups (`617$-$555$-$0143`, `4111(-)1111(-)...`), LaTeX math a chat
front end renders (`jane.doe$@$example.com`, `$617{-}555{-}0143$`, `$\\text{Project}\\ \\text{Falcon}$`), right-to-left
overrides written in HTML and content a browser never displays (`<bdo dir=rtl>`, `&#x202E;`,
`pro<span hidden>xx</span>ject falcon`): answers whole and streamed, and input."""

from __future__ import annotations

import json
import re

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, claude, oai

# (the value as written, its digits or a word of it)
VALUES = [
    ("617$-$555$-$0143", "6175550143"), ("536$-$90$-$4399", "536904399"),
    ("4111(-)1111(-)1111(-)1111", "4111111111111111"),
    ("617-'555-'0143", "6175550143"), ("536=-=90=-=4399", "536904399"), ("4111!-1111!-1111!-1111", "4111111111111111"),
    ("jane.doe$@$example.com", "jane.doe"), ("$617{-}555{-}0143$", "6175550143"), ("$536{-}90{-}4399$", "536904399"),
    ("$\\text{jane.doe}\\text{@}\\text{example.com}$", "jane.doe"), ("$617\\text{-}555\\text{-}0143$", "6175550143"),
    ("&#x202E;moc.elpmaxe@eod.enaj&#x202C;", "elpmaxe"), ('<bdo dir="rtl">moc.elpmaxe@eod.enaj</bdo>', "elpmaxe"),
    ('<span style="unicode-bidi:bidi-override;direction:rtl">moc.elpmaxe@eod.enaj</span>', "elpmaxe"),
]
CODENAMES = [
    "We start $\\text{Project}\\ \\text{Falcon}$ now.", "We start \\(\\text{project}~\\text{falcon}\\) now.",
    "We start $\\texttt{project}$ $\\texttt{falcon}$ now.", "We start <bdo dir=rtl>noclaf tcejorp</bdo> now.",
    "We start &#x202E;noclaf tcejorp&#x202C; now.", "We start pro<span hidden>zz</span>ject falcon now.",
    "We start project<span style=display:none>zz</span> falcon now.", "We start pro<style>p{}</style>ject falcon now.",
    "We start pro<script>1</script>ject falcon now.", "We start pro<template>zz</template>ject falcon now.",
]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


def leaked(text: str, needle: str) -> bool:
    if needle.isdigit():
        return needle in re.sub(r"<[A-Z_]+_\d+>|\D", "", text)
    return needle in text


@pytest.mark.parametrize(("value", "needle"), VALUES)
def test_a_value_in_an_answer_never_reaches_the_client_whole_or_streamed(mock: Mock, guarded: Proxy, value: str,
                                                                        needle: str) -> None:
    answer = f"Here it is: {value} ok."
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    content = got.choices[0].message.content or ""
    assert not leaked(content, needle), content
    for size in (3, 7):
        mock.script(text=answer, chunk_chars=size)
        stream = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                      messages=[{"role": "user", "content": "hi"}])
        streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        assert not leaked(streamed, needle), (size, streamed)


@pytest.mark.parametrize(("value", "needle"), VALUES)
def test_a_value_never_reaches_the_provider(mock: Mock, guarded: Proxy, value: str, needle: str) -> None:
    text = f"see {value} thanks"
    raw = oai(guarded).chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                                 messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert not leaked(sent, needle), sent


@pytest.mark.parametrize("answer", CODENAMES)
def test_a_codename_as_rendered_in_an_answer_is_blocked_whole_and_streamed(mock: Mock, guarded: Proxy,
                                                                          answer: str) -> None:
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "go"}])
    assert got.choices[0].finish_reason == "content_filter"
    assert "tcejorp" not in json.dumps(got.model_dump()) and "alcon" not in (got.choices[0].message.content or "")
    mock.script(text=answer, chunk_chars=3)
    stream = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                  messages=[{"role": "user", "content": "go"}])
    text, reasons = "", []
    for chunk in stream:
        for c in chunk.choices:
            text += c.delta.content or ""
            reasons.append(c.finish_reason)
    assert "content_filter" in reasons and "alcon" not in text and "noclaf" not in text, text


@pytest.mark.parametrize("prompt", CODENAMES)
def test_a_codename_as_rendered_on_input_is_blocked(mock: Mock, guarded: Proxy, prompt: str) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
    assert "codenames" in str(err.value)
    assert mock.state.requests == []


@pytest.mark.parametrize("answer", ["It costs $5 and $10, so $15 in all.", "Tiers: $100-$250-$1000 a month.",
                                    "Set $x^{2}+y_{1}$ to zero; see <span dir=rtl>note</span>.",
                                    "Versions 1.2(-)3 and 2024$-$01$-$15 are fine."])
def test_answers_that_render_no_value_go_as_sent(mock: Mock, guarded: Proxy, answer: str) -> None:
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert got.choices[0].message.content == answer


@pytest.mark.parametrize("at", [0, 1, 2, 3, 5, 8, 13, 21])
@pytest.mark.parametrize("answer", [CODENAMES[0], CODENAMES[3], CODENAMES[4], CODENAMES[5]])
def test_a_long_streamed_answer_is_stopped_wherever_a_window_ends(mock: Mock, guarded: Proxy, answer: str,
                                                                  at: int) -> None:
    text = "word " * 160 + "x" * at + " " + answer  # no sentence end before it: windows end at spaces, by the cap
    mock.script(text=text, chunk_chars=5)
    stream = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                  messages=[{"role": "user", "content": "go"}])
    got, reasons = "", []
    for chunk in stream:
        for c in chunk.choices:
            got += c.delta.content or ""
            reasons.append(c.finish_reason)
    assert "content_filter" in reasons and "alcon" not in got and "noclaf" not in got, got[-80:]


@pytest.mark.parametrize("at", [0, 1, 2, 3, 5, 8, 13, 21])
@pytest.mark.parametrize(("value", "needle"), [VALUES[0], VALUES[6], VALUES[7], VALUES[9], VALUES[11], VALUES[12]])
def test_a_value_in_a_long_streamed_answer_never_reaches_the_client(mock: Mock, guarded: Proxy, value: str,
                                                                    needle: str, at: int) -> None:
    mock.script(text="word " * 160 + "x" * at + f" {value} ok.", chunk_chars=5)
    stream = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                  messages=[{"role": "user", "content": "hi"}])
    streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert not leaked(streamed, needle), streamed[-120:]


@pytest.mark.parametrize("answer", [CODENAMES[0], CODENAMES[4], CODENAMES[9]])
def test_a_streamed_anthropic_answer_is_stopped(mock: Mock, guarded: Proxy, answer: str) -> None:
    mock.script(text=answer, chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=50,
                                         messages=[{"role": "user", "content": "go"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert final.stop_reason == "refusal" and "alcon" not in text and "noclaf" not in text


@pytest.mark.parametrize(("value", "needle"), [VALUES[0], VALUES[7], VALUES[12]])
def test_a_value_in_a_streamed_anthropic_answer_never_reaches_the_client(mock: Mock, guarded: Proxy, value: str,
                                                                         needle: str) -> None:
    mock.script(text=f"Here it is: {value} ok.", chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=50,
                                         messages=[{"role": "user", "content": "go"}]) as stream:
        text = "".join(stream.text_stream)
    assert not leaked(text, needle), text
