"""HTML rows under a header row of several cells, with or without `<table>` (fields20, ssnlabel16's leftover),
through the official SDKs: a sample SSN (`123-45-6789`, which Presidio takes for none) under an `SSN` column of
`<tr>` rows with no `<table>` or of `<div class="row"><span>...` rows went up as `<PHONE_NUMBER_1>`, so
`per_entity: {US_SSN: block}` did not refuse it, while ssnlabel16's one-column header did; in an answer, under the
same output rule, it went to the client as a phone number's placeholder, whole and streamed, the answer not
blocked."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, received

POLICY = {"policies/default.yaml": """
name: default
on_error: block
input:
  pii:
    action: redact
    entities: [EMAIL_ADDRESS, PHONE_NUMBER, US_SSN, CREDIT_CARD]
    per_entity: {US_SSN: block}
output:
  pii: {action: redact, entities: [PHONE_NUMBER, US_SSN], per_entity: {US_SSN: block}}
"""}

V = "123-45-6789"
ROWS = {
    "div rows": (f'<div class="row"><span>SSN</span><span>Phone</span></div>\n<div class="row"><span>{V}</span>'
                 "<span>617-555-0143</span></div>"),
    "tr without table": f"<tr><th>Name</th><th>SSN</th></tr>\n<tr><td>Ann</td><td>{V}</td></tr>",
    "li rows": f"<ul><li><b>Name</b><b>SSN number</b></li>\n<li><b>Ann</b><b>{V}</b></li></ul>",
}


@pytest.fixture(scope="module")
def columns(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files=POLICY)


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(ROWS))
def test_a_sample_ssn_under_its_column_is_blocked_by_a_per_entity_rule(mock: Mock, columns: Proxy, case: str,
                                                                       api: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](columns, "Here are the records:\n" + ROWS[case])
    assert "US_SSN" in str(exc.value.body), exc.value.body
    assert mock.state.requests == []


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_value_under_the_phone_column_is_redacted_not_blocked(mock: Mock, columns: Proxy, api: str) -> None:
    SEND[api](columns, f"<th>Phone</th><th>SSN</th></tr><tr><td>{V}</td>")
    sent = received(mock)
    assert "<PHONE_NUMBER_1>" in sent and "6789" not in sent, sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", list(ROWS))
def test_an_answers_sample_ssn_under_its_column_blocks_it(mock: Mock, columns: Proxy, case: str, api: str) -> None:
    text = "Records:\n" + ROWS[case] + "\nDone."
    mock.script(text=text)
    whole, end = answer_of(columns, api, False)
    assert V not in whole and end in ("content_filter", "refusal"), (whole, end)
    for size in (1, 7, 20):
        mock.script(text=text, chunk_chars=size)
        streamed, end = answer_of(columns, api, True)
        assert V not in streamed and end in ("content_filter", "refusal"), (size, streamed, end)
