"""Keys and labels that type a value (atk17 L1, linkview15's leftovers), and citation markers, through the official
SDKs (Chat Completions and Messages).

1. A sample SSN (`123-45-6789`, `078-05-1120`: Presidio takes it for none) after any spelling of an SSN's label or key
   is typed US_SSN, so `per_entity: {US_SSN: block}` refuses it: `S.S.N.:`, `SSN (on file):`, `{"ssnValue": ...}`,
   `ssn_last:`, an SSN key over an array, an HTML table's column, an XML element, `SSN: 123.45.6789`, `SSN's`, `The SSN
   on the form was`, `ssn ->` went up as `<PHONE_NUMBER_1>`, `social security #123-45-6789` as sent.
2. Citation and footnote markers one after another (`[35][37][41]...`) go up and come back as written: the link view
   read every other number glued into one, a phone number or a card."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, received

SSN_BLOCK = {"policies/default.yaml": """
name: default
on_error: block
input:
  pii:
    action: redact
    entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, US_SSN, CREDIT_CARD, IBAN_CODE]
    per_entity: {US_SSN: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, US_SSN, CREDIT_CARD]}
"""}


@pytest.fixture(scope="module")
def ssn_blocked(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files=SSN_BLOCK)


LABELLED = [
    "S.S.N.: 123-45-6789",
    "SSN (on file): 123-45-6789",
    '{"ssnValue": "123-45-6789"}',
    "ssn_last: 123-45-6789",
    '{"ids": {"ssn": ["123-45-6789"]}}',
    "<th>SSN</th></tr><tr><td>123-45-6789</td>",
    "<SSN>123-45-6789</SSN>",
    "SSN: 123.45.6789",
    "SSN's 123-45-6789",
    "The SSN on the form was 123-45-6789.",
    "ssn -> 123-45-6789",
    "social security #123-45-6789",
    'Update {"customerSsn": "078-05-1120"} please.',
]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("said", LABELLED)
def test_a_sample_ssn_after_its_label_is_blocked_by_a_per_entity_rule(mock: Mock, ssn_blocked: Proxy, said: str,
                                                                     api: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](ssn_blocked, said)
    assert "US_SSN" in str(exc.value.body), exc.value.body
    assert mock.state.requests == []


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("said", ["SSN or phone: 123-45-6789", 'Update {"phone": "123-45-6789"} please.'])
def test_a_number_another_word_names_is_redacted_not_blocked(mock: Mock, ssn_blocked: Proxy, said: str,
                                                             api: str) -> None:
    SEND[api](ssn_blocked, said)
    sent = received(mock)
    assert "<PHONE_NUMBER_1>" in sent and "6789" not in sent, sent


CITED = [
    "Prior work agrees [35][37][41][45][51][52][54][56][59][61][66].",
    "Studies show this works [46][48][49][57][69][70][72][75][76][77][78][79][80][85][90][91][94].",
    "See [^2][^7][^11][^13][^17][^19][^23][^29][^31][^37] for the sources.",
]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("said", CITED)
def test_citation_markers_go_up_as_written(mock: Mock, ssn_blocked: Proxy, said: str, api: str) -> None:
    assert SEND[api](ssn_blocked, said) == f"You said: {said}"
    assert said in received(mock)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_an_answer_with_citation_markers_comes_back_as_written(mock: Mock, ssn_blocked: Proxy, api: str,
                                                               stream: bool) -> None:
    said = f"Yes. {CITED[0]} {CITED[1]}"
    mock.script(text=said, chunk_chars=5)
    text, _ = answer_of(ssn_blocked, api, stream)
    assert text == said
