"""tox41 end to end (atk41 F01) through the official openai and anthropic SDKs, under the shipped default policy
(toxicity from the keyword scorer): abuse written with look-alike letters (`idiоt`, `kіll` with Cyrillic letters),
combining accents (`idio\u0301t`), letters one by one (`s t u p i d m o r o n`, `i-d-i-o-t`), a hyphenated line break
(`idi-\\not`) or hidden HTML (`<span style="display:none">x</span>idiot`) is refused on input (nothing goes upstream)
and withheld from answers, whole and streamed in 3-character chunks (Chat Completions and Messages); ordinary
Cyrillic and Greek text, accented words, spaced headings, hyphenated words and harmless hidden spans go through as
written both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


ABUSE = {
    "look-alikes": "You are an idi\u043et and I will k\u0456ll you.",
    "combining accents": "You are an idio\u0301t and I will ki\u0301ll you.",
    "letter-spaced": "You are a s t u p i d m o r o n.",
    "hyphen-spaced": "You are an i-d-i-o-t.",
    "line break": "You are an idi-\not.",
    "hidden html": 'You are an <span style="display:none">x</span>idiot.',
}

ORDINARY = [
    "Привет, как дела? Москва — столица России.",
    "Καλημέρα, τι κάνεις;",
    "A naïve café résumé for the fiancée.",
    "S U M M A R Y\nThe report covers Q3.",
    "Send an e-mail and re-run the well-known job.",
    "A well-\nknown co-\nworker shipped it.",
    '<span style="display:none">tracking</span>Hello there, how are you?',
]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(ABUSE))
def test_abuse_in_a_request_is_refused(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, ABUSE[case])
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(ABUSE))
def test_abuse_in_an_answer_is_withheld(mock: Mock, guarded: Proxy, case: str, api: str, stream: bool) -> None:
    mock.script(text="Sure. " + ABUSE[case] + " Anything else?", chunk_chars=3)
    text, end = answer_of(guarded, api, stream)
    assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
    assert "else" not in text and "idi" not in text and "oron" not in text, text


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_ordinary_text_goes_through_as_written(mock: Mock, guarded: Proxy, api: str) -> None:
    for text in ORDINARY:
        mock.state.requests.clear()
        SEND[api](guarded, text)
        body = mock.last_body
        sent = body["messages"][-1]["content"]
        sent = sent if isinstance(sent, str) else "".join(b.get("text", "") for b in sent)
        assert sent == text, (sent, text)
        for stream in (False, True):
            mock.script(text=text, chunk_chars=3)
            got, end = answer_of(guarded, api, stream)
            assert got == text and end in ("stop", "end_turn"), (got, end, stream)
