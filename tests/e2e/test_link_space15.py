"""atk17 H4, through the official SDKs (Chat Completions, Responses, Messages): a Markdown link or image whose text
is only whitespace (`[ ](#s)`, `![ ](x.png)`, `[ ][]`, Slack `<https://x| >`) displays a space, and is read as one:
a card, a phone number or a name whose parts it separates is redacted, and a codename it separates is refused, in
requests (restored as sent) and in answers, whole and streamed."""

from __future__ import annotations

import json

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, oai, received

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""

# (the value as written, a part of it that must not get through)
VALUES = {
    "card": ("4111[ ](#a)1111[ ](#b)1111[ ](#c)1111", "1111"),
    "phone": ("617[ ](#a)555[ ](#b)0143", "0143"),
    "card, images": ("4111![ ](x.png)1111![ ](x.png)1111![ ](x.png)1111", "1111"),
    "card, reference": ("4111[ ][]1111[ ][]1111[ ][]1111", "1111"),
    "phone, slack": ("617<https://x.example| >555<https://x.example| >0143", "0143"),
    "name": ("Jordan[ ](#s)Whitfield", "Whitfield"),
}
CODENAMES = {
    "plain": "project[ ](#s)falcon",
    "links": "[project](#a)[ ](#s)[falcon](#b)",
    "nbsp": "Project[\u00a0](#s)Osprey",
    "entity": "project[&nbsp;](#s)falcon",
    "reference": "project[ ][s]falcon",
}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _responses(p: Proxy, prompt: str, stream: bool, completed: bool = True) -> str:
    client = oai(p).responses
    if stream:
        with client.stream(model="gpt-4o-mini", input=prompt) as s:
            text = "".join(e.delta for e in s if e.type == "response.output_text.delta")
            if completed:
                assert s.get_final_response().output_text == text
            return text
    return client.create(model="gpt-4o-mini", input=prompt).output_text


def _answer(p: Proxy, api: str, stream: bool, completed: bool = True) -> str:
    return _responses(p, "hi", stream, completed) if api == "responses" else answer_of(p, api, stream)[0]


def _ask(p: Proxy, api: str, prompt: str) -> str:
    return _responses(p, prompt, False) if api == "responses" else SEND[api](p, prompt)


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
@pytest.mark.parametrize("case", list(VALUES))
def test_input_across_space_links_is_redacted_and_restored(mock: Mock, guarded: Proxy, case: str, api: str) -> None:
    value, part = VALUES[case]
    prompt = f"Please use {value} for the order."
    assert _ask(guarded, api, prompt) == f"You said: {prompt}"  # restored as sent, the links with it
    sent = received(mock)
    assert part not in sent and "_1>" in sent, sent


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
@pytest.mark.parametrize("case", list(VALUES))
def test_an_answer_across_space_links_is_redacted(mock: Mock, guarded: Proxy, case: str, api: str,
                                                  stream: bool) -> None:
    value, part = VALUES[case]
    mock.script(text=f"Done. It is {value} on file. Bye.", chunk_chars=5)
    text = _answer(guarded, api, stream)
    assert part not in text and text.startswith("Done. It is ") and text.endswith(" on file. Bye."), text


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(CODENAMES))
def test_input_with_a_codename_across_a_space_link_is_refused(mock: Mock, guarded: Proxy, case: str,
                                                              api: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of {CODENAMES[case]}?\n\n[s]: #x")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []


def test_a_responses_input_with_a_codename_across_a_space_link_is_refused(mock: Mock, guarded: Proxy) -> None:
    with pytest.raises(openai.BadRequestError):
        _responses(guarded, "Status of project[ ](#s)falcon?", False)
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
def test_an_answer_with_a_codename_across_a_space_link_is_stopped(mock: Mock, guarded: Proxy, api: str,
                                                                  stream: bool) -> None:
    mock.script(text="All good. Update: project[ ](#s)falcon ships Friday. More later.", chunk_chars=7)
    text = _answer(guarded, api, stream, completed=False)  # (a stopped Responses stream has no `response.completed`)
    assert "falcon" not in text and "Friday" not in text, text


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_task_lists_and_empty_links_go_through_unchanged(mock: Mock, guarded: Proxy, api: str) -> None:
    said = "Todo:\n- [ ] ship 2.4.1\n- [x] tag [v2](#v2) and [ ](#spacer) the [docs][]\n\n[docs]: https://d.example"
    mock.script(text=said, chunk_chars=4)
    assert SEND[api](guarded, "hi", True) == said
