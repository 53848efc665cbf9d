"""Issue 12, atk11 A H2 end to end: a codename the delivered text spells with word edges, glued in the view to markup
or an invisible character (`We start **x**project falcon now.`), went out unblocked in answers, whole and streamed,
and up to the provider on input. `patterns:` read the text as written too."""

from __future__ import annotations

import json

import anthropic
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, claude, oai

ANSWERS = ["We start **x**project falcon now.", "We start x\u200bproject falcon now.",
           "We start <b>x</b>project osprey now.", "We start ~~x~~project falcon now."]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


@pytest.mark.parametrize("answer", ANSWERS)
def test_a_whole_chat_answer_is_blocked(mock: Mock, guarded: Proxy, answer: str) -> None:
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "go"}])
    assert got.choices[0].finish_reason == "content_filter"
    assert "falcon" not in (got.choices[0].message.content or "") and "osprey" not in json.dumps(got.model_dump())


@pytest.mark.parametrize("answer", ANSWERS)
def test_a_streamed_chat_answer_is_stopped(mock: Mock, guarded: Proxy, answer: str) -> None:
    mock.script(text=answer, chunk_chars=3)
    stream = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                  messages=[{"role": "user", "content": "go"}])
    text, reasons = "", []
    for chunk in stream:
        for c in chunk.choices:
            text += c.delta.content or ""
            reasons.append(c.finish_reason)
    assert "content_filter" in reasons and "falcon" not in text and "osprey" not in text


@pytest.mark.parametrize("answer", ANSWERS[:2])
def test_a_streamed_anthropic_answer_is_stopped(mock: Mock, guarded: Proxy, answer: str) -> None:
    mock.script(text=answer, chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=50,
                                         messages=[{"role": "user", "content": "go"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert final.stop_reason == "refusal" and "falcon" not in text


@pytest.mark.parametrize("prompt", ["Summarise **x**project falcon for me.", "Summarise x\u00adproject falcon."])
def test_input_is_blocked(mock: Mock, guarded: Proxy, prompt: str) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
    assert "codenames" in str(err.value)
    with pytest.raises(anthropic.BadRequestError):
        claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=5,
                                        messages=[{"role": "user", "content": prompt}])
    assert mock.state.requests == []
