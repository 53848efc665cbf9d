"""keys40 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk40 F10,
F02, F11): JSON Lines and CSV exports whose name columns are abbreviated (`pat_fname`, `emp_first_nm`, `cust_fnm`,
`pt_first`) first in their record, a CSV's quoted `"Surname, Given"` cells and the Indian surnames `Raman`,
`Pillai`, `Menon` in a rota reach the provider redacted; file names under `fname`, `"Paris, France"` cells and
`Raman spectroscopy` as sent; under a policy that redacts names in answers (the default leaves them), the model's own
such names reach the client redacted, whole and streamed. Held-out values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, ask_chat, ask_messages, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


@pytest.fixture(scope="module")
def named(proxy_factory: ProxyFactory) -> Proxy:
    """The shipped default leaves names in answers (the client asked about them): a policy that redacts them there."""
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


REQUEST = ('Clean these records:\n{"pat_fname": "Wanjiru", "pat_lname": "Kamau", "mrn": "00771203"}\n'
           '{"pat_fname": "Tomasz", "pat_lname": "Zielinski", "mrn": "00771204"}\n'
           '{"emp_first_nm": "Chiara", "emp_last_nm": "Bianchi", "dept": "OPS"}\n'
           '{"pt_first": "Aiko", "pt_last": "Tanaka", "bed": 4}\n\n'
           "cust_fnm,cust_lnm,tier\nIngrid,Solberg,gold\nMateo,Gonzalez,silver\n\n"
           'name,phone\n"Adeyemi, Olusegun",+2348035550142\n"Pillai, Meera",+16175550187\n\n'
           "On-call rota: Mon Raman K; Tue Menon A\nSummarise this.")
SECRETS = ["Wanjiru", "Kamau", "Tomasz", "Zielinski", "Chiara", "Bianchi", "Aiko", "Tanaka", "Ingrid", "Solberg",
           "Mateo", "Gonzalez", "Adeyemi", "Olusegun", "Pillai", "Meera", "Raman", "Menon"]
KEPT = ('Rename these:\n{"fname": "report.pdf", "size": 1200}\n{"src_fname": "Invoice", "dst_fname": "Archive"}\n'
        'city,country\n"Paris, France",FR\n"Berlin, Germany",DE\n'
        "Raman spectroscopy measures vibrational modes; the Raman shift of the G band is near 1580 cm-1.")


@pytest.mark.parametrize("ask", [ask_chat, ask_messages])
def test_request(guarded: Proxy, mock: Mock, ask: Callable[..., str]) -> None:
    ask(guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    assert "00771204" in sent and "tier" in sent and "On-call rota:" in sent, sent
    ask(guarded, KEPT)
    assert mock.last_body["messages"][0]["content"] == KEPT


ANSWER = ('Here they are:\n{"pat_fname": "Wanjiru", "pat_lname": "Kamau"}\n'
          '{"emp_first_nm": "Chiara", "emp_last_nm": "Bianchi"}\n'
          'name,phone\n"Adeyemi, Olusegun",+2348035550142\nOn call: Pillai R\nDone.')
ANSWER_SECRETS = ["Wanjiru", "Kamau", "Chiara", "Bianchi", "Adeyemi", "Olusegun", "Pillai"]


@pytest.mark.parametrize("ask", [ask_chat, ask_messages])
def test_answer_whole_and_streamed(named: Proxy, mock: Mock, ask: Callable[..., str]) -> None:
    mock.script(text=ANSWER)
    got = ask(named, "who?")
    assert got and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = ask(named, "who?", stream=True)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
