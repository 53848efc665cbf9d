"""Issue 12 (atk8 tester A, finding 2): one invisible Unicode tag character (U+E0020..U+E007E) inside a word of an
answer. The first reading reads it as the ASCII it spells (`Fal` + U+E0041 + `con` reads `FalAcon`), which is what a
model reads; a person sees nothing there (`Falcon`). A text with tag characters is read a second time without them,
whole and streamed, on the Chat Completions and the Messages APIs, and a redaction takes the tag characters with
the value."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, received
from tests.support.keyed import KEYED_POLICY

POLICY = KEYED_POLICY  # input and output: structured PII redacted, the codename rule blocking


def tag(text: str) -> str:
    """`text` spelled in Unicode tag characters (U+E0000 + each ASCII code)."""
    return "".join(chr(0xE0000 + ord(c)) for c in text)


def shown(text: str) -> str:
    """What a person reads: `text` without its tag characters (they have no glyph)."""
    return "".join(c for c in text if not 0xE0000 <= ord(c) <= 0xE007F)


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_codename_with_a_tag_character_inside_a_word_is_blocked(mock: Mock, guarded: Proxy, api: str,
                                                                  stream: bool) -> None:
    mock.script(text=f"All good so far. The plan for Project Fal{tag('A')}con is ready. More later.", chunk_chars=4)
    text, end = answer_of(guarded, api, stream)
    assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
    assert "Fal" not in shown(text) and "ready" not in text, text


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_an_address_with_a_tag_character_inside_is_redacted_with_it(mock: Mock, guarded: Proxy, api: str,
                                                                     stream: bool) -> None:
    mock.script(text=f"Sure. Mail dana.kerr@exam{tag(' ')}ple.org now. Bye.", chunk_chars=3)
    text, _ = answer_of(guarded, api, stream)
    assert text == "Sure. Mail <EMAIL_ADDRESS_1> now. Bye.", text  # the tag character replaced with the address


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_an_answer_with_a_harmless_tag_string_goes_through_unchanged(mock: Mock, guarded: Proxy, api: str,
                                                                     stream: bool) -> None:
    flag = "\U0001f3f4" + tag("gbsct") + "\U000e007f"  # the flag of Scotland: a black flag, tags, a cancel tag
    said = f"Build {tag('v2.4.1')}passed on the main branch {flag} and the report is at docs/report.md today."
    mock.script(text=said, chunk_chars=4)
    assert SEND[api](guarded, "hi", stream) == said


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_input_with_a_tag_character_inside_a_word_is_read_without_it_too(mock: Mock, guarded: Proxy, api: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of Project Fal{tag('A')}con please")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []
    prompt = f"Mail dana.kerr@exam{tag(' ')}ple.org the report."
    assert SEND[api](guarded, prompt) == f"You said: {prompt}"  # restored as sent, the tag character with it
    sent = received(mock)
    assert "<EMAIL_ADDRESS_1>" in sent and "dana" not in sent and "ple.org" not in sent, sent
