"""PII-free text the name rules read as names (fp26; `proxy.nlp.everyday26`), end to end through the official SDKs: a
department after `von der` / `de la` / `przez`, a tool as the subject of a verb of software, a title-case term, an
opening imperative and a component's name in code reach the provider as sent; a name with particles beside them is
redacted whole (`Ursula von der Leyen`, `Ana de la Fuente`)."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


FREE = ["Geprüft von der Rechtsabteilung.", "Finanziert von der Europäischen Union.",
        "Un informe de la Oficina Central.", "Zatwierdzone przez Dział Prawny.",
        "Ray schedules the tasks across the cluster.", "Okta enforces the MFA policy.",
        "With Grace Period enabled, late payments are not penalised.", "Import data from Google Sheets.",
        "Pat yourself on the back for shipping.", 'test("renders Penny component", () => { render(<Penny />); });']


@pytest.mark.parametrize("text", FREE)
def test_chat_pii_free_text_reaches_the_provider_as_sent(guarded: Proxy, mock: Mock, text: str) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    assert mock.state.requests[-1].body["messages"][0]["content"] == text


def test_anthropic_names_with_particles_redacted_whole_beside_a_department(guarded: Proxy, mock: Mock) -> None:
    text = ("Ursula von der Leyen sprach heute in Brüssel. Geprüft von der Rechtsabteilung.\n"
            "Ana de la Fuente llamó ayer.")
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50,
                                    messages=[{"role": "user", "content": text}])
    got = mock.state.requests[-1].body["messages"][0]["content"]
    sent = got if isinstance(got, str) else got[0]["text"]
    assert re.fullmatch(r"<PERSON_\d> sprach heute in Brüssel\. Geprüft von der Rechtsabteilung\.\n"
                        r"<PERSON_\d> llamó ayer\.", sent), sent
