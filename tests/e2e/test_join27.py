"""Issue 12, atk26 F9 and F19, end to end through the official SDKs (`proxy.guard.join27`; the keyword scorer).

F9: `I will kill` | `you tomorrow.` (chat content parts, chat messages, Anthropic blocks, Responses parts) reached the
provider, and `Our new hire is Priya` | `Sharma from the Pune office.` sent the surname: the cut was read without a
space only. F19: `Fine. I will kill` + a blank line + `you tomorrow.` streamed reached the client, whole blocked."""

from __future__ import annotations

import json

import openai as openai_sdk
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER], restore: true}
  toxicity: {action: block, thresholds: {toxicity: 0.8, threat: 0.6}}
output:
  toxicity: {action: block, thresholds: {toxicity: 0.8, threat: 0.6}}
"""


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _parts(a: str, b: str, kind: str = "text") -> list[dict[str, str]]:
    return [{"type": kind, "text": a}, {"type": kind, "text": b}]


A, B = "I will kill", "you tomorrow."


def test_a_toxic_phrase_cut_at_a_word_boundary_never_reaches_the_provider(guarded: Proxy, mock: Mock) -> None:
    chat = oai(guarded).chat.completions
    for messages in ([{"role": "user", "content": _parts(A, B)}],
                     [{"role": "user", "content": A}, {"role": "user", "content": B}]):
        before = len(mock.state.requests)
        with pytest.raises(openai_sdk.APIStatusError):
            chat.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
        assert len(mock.state.requests) == before
    before = len(mock.state.requests)
    with pytest.raises(Exception):  # noqa: B017 - the SDK's error for a blocked request
        claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=10,
                                        messages=[{"role": "user", "content": _parts(A, B)}])  # type: ignore[arg-type]
    with pytest.raises(openai_sdk.APIStatusError):
        oai(guarded).responses.create(model="gpt-4o-mini", input=[
            {"role": "user", "content": _parts(A, B, "input_text")}])  # type: ignore[arg-type]
    assert len(mock.state.requests) == before


def test_a_surname_in_the_next_part_is_redacted(guarded: Proxy, mock: Mock) -> None:
    mock.script(text="ok")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": _parts(
        "Our new hire is Priya", "Sharma from the Pune office.")}])  # type: ignore[arg-type]
    sent = json.dumps(mock.last_body)
    assert "Sharma" not in sent and "Priya" not in sent, sent


def test_separate_parts_go_as_sent(guarded: Proxy, mock: Mock) -> None:
    mock.script(text="ok")
    parts = _parts("Thanks for the help", "Kill the process with SIGTERM first.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": parts}])  # type: ignore[arg-type]
    assert mock.last_body["messages"][0]["content"] == parts


def test_a_toxic_phrase_across_a_paragraph_break_is_withheld_streamed(guarded: Proxy, mock: Mock) -> None:
    text = "Fine. I will kill\n\nyou tomorrow."
    chat = oai(guarded).chat.completions
    mock.script(text=text, chunk_chars=4)
    whole = chat.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert "kill" not in (whole.choices[0].message.content or "")
    mock.script(text=text, chunk_chars=4)
    out = "".join((c.choices[0].delta.content or "") for c in chat.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True) if c.choices)
    assert "kill" not in out and "you tomorrow" not in out, out
    mock.script(text="Done.\n\nYou can go now.", chunk_chars=4)  # an ordinary paragraph: as sent
    out = "".join((c.choices[0].delta.content or "") for c in chat.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True) if c.choices)
    assert out == "Done.\n\nYou can go now."
