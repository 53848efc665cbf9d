"""No side doors, the view's black-box attack (issue 12): values with separators the view did not read (one
symbol throughout between the groups, keycaps), glued to a word, obfuscated addresses, codenames in markup
or identifiers, end to end with the official SDK as client. On the way in: what the mock provider RECEIVED
and restore giving the client back exactly what it sent; on the way out: what the client received, plain
and streamed."""

from __future__ import annotations

import json
import re

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY

POLICY = SCREENED_POLICY


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.fixture(scope="module")
def oai(guarded: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{guarded.url}/v1", api_key="sk-x", max_retries=0)


def digits(text: str) -> str:
    """The digits of `text` in a row (keycaps and placeholders aside)."""
    return re.sub(r"<[A-Z_]+_\d+>|\D", "", text)


# (the value as the client writes it, its digits or a word of it)
VALUES = [
    ("4111*1111*1111*1111", "4111111111111111"), ("4111'1111'1111'1111", "4111111111111111"),
    ("(4111)(1111)(1111)(1111)", "4111111111111111"), ("4111 and 1111 and 1111 and 1111", "4111111111111111"),
    ("078~05~1120", "078051120"), ("617#555#0143", "6175550143"), ("617x555x0143", "6175550143"),
    ("4\ufe0f\u20e31\ufe0f\u20e31\ufe0f\u20e31\ufe0f\u20e3 1111 1111 1111", "4111111111111111"),
    ("tel-617-555-0143", "6175550143"), ("ssn078-05-1120", "078051120"),
    ("ref-4111-1111-1111-1111", "4111111111111111"),
    ('"jane doe"@acme.com', "acme"), ("jane<b>@</b>acme.com", "acme"), ("jane.doe@acme.internal", "acme"),
]


@pytest.mark.parametrize(("value", "needle"), VALUES)
def test_a_value_never_reaches_the_provider_and_is_restored(oai: openai.OpenAI, mock: Mock, value: str,
                                                            needle: str) -> None:
    text = f"see {value} thanks"
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert needle not in (sent if needle.isalpha() else digits(sent)), sent
    assert raw.parse().choices[0].message.content == "You said: " + text  # the echo, restored as sent


@pytest.mark.parametrize(("value", "needle"), VALUES)
def test_a_value_in_an_answer_never_reaches_the_client(oai: openai.OpenAI, mock: Mock, value: str,
                                                      needle: str) -> None:
    answer = f"Your record: {value} is on file."
    mock.script(text=answer)
    got = oai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    content = got.choices[0].message.content or ""
    assert needle not in (content if needle.isalpha() else digits(content)), content
    for size in (3, 7):
        mock.script(text=answer, chunk_chars=size)
        stream = oai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                             stream=True)
        streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        assert needle not in (streamed if needle.isalpha() else digits(streamed)), (size, streamed)


@pytest.mark.parametrize("text", ["status of project <b>falcon</b>?", "see the_project_falcon_doc.md",
                                  "status of proj-ect fal-con?", "status of project<br>osprey?"])
def test_a_codename_in_markup_an_identifier_or_hyphenated_never_reaches_the_provider(
        oai: openai.OpenAI, mock: Mock, text: str) -> None:
    before = len(mock.state.requests)
    with pytest.raises(openai.APIStatusError):
        oai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    assert "falcon" not in json.dumps([r.body for r in mock.state.requests[before:]])
