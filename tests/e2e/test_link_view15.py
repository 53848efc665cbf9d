"""Issue 12 leftovers (linkview15), through the official SDKs, Chat Completions and Messages, whole and streamed.

1. A word split across links (`[stu](#a)[pid](#b)` displays `stupid`) is read as displayed by toxicity (requests
   and answers: the second reading is scored beside the view) and by `patterns:` rules (reference links one after
   another and Jira or MediaWiki links glued to each other are now read so too), a rule's redaction taking the link
   syntax with the word.
2. A person's name split across links (`[Maria](#a) [Schmidt](#b)`, `[Mar](#)[ia Schmidt](#)`) is redacted as the
   name written plainly is, and restored as sent.
3. An SSN under a key or a label (`{"ssn": "123-45-6789"}`, `SSN: 123-45-6789`, `ssn=...`) is typed US_SSN, so
   `per_entity: {US_SSN: block}` blocks it (it went up redacted as a phone number)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, received

SPLIT = {
    "markdown": "[stu](#a)[pid](#b)",
    "reference": "[stu][1][pid][2]",
    "slack": "<https://x.example|stu><https://y.example|pid>",
    "jira": "[stu|https://x.example][pid|https://y.example]",
    "mediawiki": "[https://x.example stu][https://y.example pid]",
    "mediawiki internal": "[[stu]][[pid]]",
    "org": "[[https://x.example][stu]][[https://y.example][pid]]",
    "asciidoc": "https://x.example[stu]https://y.example[pid]",
    "rest": "`stu <https://x.example>`_`pid <https://y.example>`_",
}
# (what `patterns:` did not read before: the reference-link reading took none after a `]`, and a pair of Jira or
# MediaWiki links for one reference link)
GLUED = ["reference", "jira", "mediawiki"]

TOXICITY = {"policies/default.yaml": """
name: default
on_error: block
input:
  toxicity: {action: block, thresholds: {toxicity: 0.8}}
output:
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
"""}
PATTERNS = {"policies/default.yaml": r"""
name: default
on_error: block
input:
  patterns:
    - {name: insult, regex: '(?i)\bstupid\b', action: block}
output:
  patterns:
    - {name: insult, regex: '(?i)\bstupid\b', action: redact}
"""}
NAMES = {"policies/default.yaml": """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER], restore: true}
output:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER]}
"""}
SSN_BLOCK = {"policies/default.yaml": """
name: default
on_error: block
input:
  pii:
    action: redact
    entities: [PHONE_NUMBER, US_SSN, CREDIT_CARD]
    per_entity: {US_SSN: block}
"""}


@pytest.fixture(scope="module")
def toxic(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=TOXICITY)


@pytest.fixture(scope="module")
def patterned(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=PATTERNS)


@pytest.fixture(scope="module")
def named(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files=NAMES)


@pytest.fixture(scope="module")
def ssn_blocked(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files=SSN_BLOCK)


# ------------------------------------------------------------------------------------------ 1. toxicity, patterns


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(SPLIT))
def test_a_toxic_word_split_across_links_is_refused(mock: Mock, toxic: Proxy, case: str, api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](toxic, f"Honestly, you are {SPLIT[case]} and slow.")
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", ["markdown", "reference", "slack", "rest"])
def test_an_answer_with_a_toxic_word_split_across_links_is_stopped(mock: Mock, toxic: Proxy, case: str, api: str,
                                                                  stream: bool) -> None:
    mock.script(text=f"Sure thing. You are {SPLIT[case]} today. Anything else?", chunk_chars=3)
    text, end = answer_of(toxic, api, stream)
    assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
    assert "pid" not in text and "Anything" not in text, text


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_links_without_a_toxic_word_go_through(mock: Mock, toxic: Proxy, api: str) -> None:
    said = "See [the guide](https://docs.example/a) and [FAQ][1]; ask <https://x.example|#help>."
    assert SEND[api](toxic, said) == f"You said: {said}"


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", GLUED)
def test_a_rule_refuses_a_word_split_across_glued_links(mock: Mock, patterned: Proxy, case: str, api: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](patterned, f"Honestly, you are {SPLIT[case]} and slow.")
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", GLUED)
def test_a_rule_redacts_the_links_with_the_word_in_answers(mock: Mock, patterned: Proxy, case: str, api: str,
                                                           stream: bool) -> None:
    mock.script(text=f"Sure thing. You are {SPLIT[case]} today. Anything else?", chunk_chars=3)
    text, _ = answer_of(patterned, api, stream)
    assert text.startswith("Sure thing. You are ") and text.endswith(" today. Anything else?"), text
    assert "stu" not in text and "pid" not in text and "example" not in text, text


# ------------------------------------------------------------------------------------------ 2. names across links

SPLIT_NAMES = {
    "markdown": "[Maria](#a) [Schmidt](#b)",
    "markdown pieces": "[Mar](#)[ia Schmidt](#)",
    "slack": "<https://x.example|Maria> <https://y.example|Schmidt>",
    "org": "[[https://x.example][Maria]] [[https://y.example][Schmidt]]",
}


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(SPLIT_NAMES))
def test_a_name_split_across_links_is_redacted_and_restored(mock: Mock, named: Proxy, case: str, api: str) -> None:
    prompt = f"Please write to {SPLIT_NAMES[case]} about the invoice."
    assert SEND[api](named, prompt) == f"You said: {prompt}"  # restored as sent, the links with it
    sent = received(mock)
    assert "Schmidt" not in sent and "ia " not in sent.replace("invoice", ""), sent
    assert "<PERSON_1>" in sent, sent


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(SPLIT_NAMES))
def test_an_answer_with_a_name_split_across_links_is_redacted(mock: Mock, named: Proxy, case: str, api: str,
                                                              stream: bool) -> None:
    mock.script(text=f"Done. I wrote to {SPLIT_NAMES[case]} about it. Bye.", chunk_chars=4)
    text, _ = answer_of(named, api, stream)
    assert "Schmidt" not in text and "Mar" not in text, text
    assert text.startswith("Done. I wrote to ") and text.endswith(" about it. Bye."), text


# ------------------------------------------------------------------------------------------ 3. an SSN by its key

SSN_TEXTS = ['Update the record {"ssn": "123-45-6789", "plan": "basic"} please.',
             "Customer:\n  name: the usual\n  SSN: 123-45-6789\n",
             "fields: ssn=123-45-6789; plan=basic",
             'Record: {"social_security_number": "078-05-1120"}']


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("said", SSN_TEXTS)
def test_an_ssn_under_its_key_is_blocked_by_a_per_entity_rule(mock: Mock, ssn_blocked: Proxy, said: str,
                                                              api: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](ssn_blocked, said)
    assert "US_SSN" in str(exc.value.body), exc.value.body
    assert mock.state.requests == []


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_the_same_number_under_a_phone_key_is_redacted_not_blocked(mock: Mock, ssn_blocked: Proxy, api: str) -> None:
    said = 'Update the record {"phone": "123-45-6789"} please.'
    SEND[api](ssn_blocked, said)
    sent = received(mock)
    assert "<PHONE_NUMBER_1>" in sent and "6789" not in sent, sent
