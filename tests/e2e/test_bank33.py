"""bank33 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk31 F5, F13,
F18): a person's name in a QIF payee line, an MT940 `:86:` `?32` counterparty, a CAMT party's `<Nm>`, an EDIFACT
`CTA` contact and a `NAD` party name reaches the provider redacted, surnames no list holds included; a merchants'
QIF statement, firms' MT940 fields and an EDIFACT firm party with a department contact go as sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


STATEMENT = ("Categorise these:\n!Type:Bank\nD02/03/2026\nT-40.00\nPBronwyn Oyelaran\nMConcert tickets\n^\n"
             "D02/04/2026\nT-12.40\nPWhole Foods Market\n^")
REQUESTS = [
    (STATEMENT, ["Oyelaran", "Bronwyn"]),
    (":61:2602050205DR850,00NTRFNONREF\n:86:177?00SEPA-UEBERWEISUNG?20EREF+NOTPROVIDED?21SVWZ+Miete Maerz"
     "?32Ludmila Szczepanska\n:62F:C260205EUR1000,00", ["Szczepanska"]),
    ("<Ntry><NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Tadeusz Wojtaszek</Nm></Cdtr></RltdPties></TxDtls></NtryDtls>"
     "</Ntry>", ["Wojtaszek"]),
    ("UNH+1+ORDERS:D:96A:UN'\nNAD+BY+++Okparaeke:Ifeoma+MAIN ST+BOSTON++02139+US'\nCTA+IC+:Soren Haugaard'\n"
     "UNT+4+1'", ["Okparaeke", "Ifeoma", "Haugaard"]),
]
KEPT = ["!Type:Bank\nD01/05/2026\nT-50.00\nPWhole Foods Market\n^\nD01/06/2026\nT-12.40\nPStarbucks\n^",
        ":86:166?00SEPA-LASTSCHRIFT?20EREF+INV4471?21SVWZ+Strom Januar?32Stadtwerke Muenchen GmbH\n"
        ":86:166?00GUTSCHRIFT?20Gehalt Januar?32Siemens AG",
        "UNH+1+INVOIC:D:96A:UN'\nNAD+SU+++Jackson Hewitt Tax Service+1 MAIN ST+DALLAS++75201+US'\n"
        "CTA+PD+:Purchasing'\nUNT+4+1'"]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secrets in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert not [s for s in secrets if s in sent], sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": STATEMENT}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert "Oyelaran" not in sent and "Whole Foods Market" in sent, sent
