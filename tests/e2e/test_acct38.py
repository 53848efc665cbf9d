"""acct38 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F08): a
person's name as an account's name in a traceback's home folder, a Linux home, `DOMAIN\\user`, an Exchange X.500
address, a code host's and a social site's profile URL, an account key and a mailbox with no top-level domain reaches
the provider redacted, the path and the host around it as sent; service accounts, organisations' repositories and
modules as sent. (The default policy redacts no PERSON in answers: the class concerns requests only.) Held-out
values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ('Why does this fail?\n  File "C:\\Users\\cordelia.winthrop\\AppData\\Local\\svc\\run.py", line 7\n'
           "ls: cannot access '/home/ambrose_fairweather/.kube/config'\n"
           "Audit: NORTHWIND\\cordelia.winthrop logged in\n"
           "AuthAs: /o=Northwind/ou=Exchange Administrative Group/cn=Recipients/cn=ambrose.fairweather\n"
           "Repo: https://github.com/cordelia-winthrop/household-budget\n"
           "Her profile: instagram.com/ambrose.fairweather\n"
           "sAMAccountName: dhollingsworth\nWrite to ambrose.fairweather@corp.\nSummarize.")
SECRETS = ["cordelia", "winthrop", "ambrose", "fairweather", "hollingsworth"]
KEPT = ("C:\\Users\\Public\\Documents and /home/runner/work/app/app\n"
        "Run as NORTHWIND\\svc-backup, not NT AUTHORITY\\SYSTEM.\n"
        "See https://github.com/pallets/flask and https://github.com/open-telemetry/opentelemetry-python\n"
        "import os.path; npm i react-dom date-fns lodash.debounce\nWhy?")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_request(guarded: Proxy, mock: Mock, route: str) -> None:
    mock.state.requests.clear()
    SEND[route](guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent.lower()], sent
    for kept in ["\\AppData\\Local\\svc\\run.py", "/.kube/config", "/household-budget", "cn=Recipients/cn=<PERSON_",
                 "NORTHWIND\\<PERSON_", "@corp."]:
        assert json.dumps(kept)[1:-1] in sent, kept
    mock.state.requests.clear()
    SEND[route](guarded, KEPT)
    assert json.dumps(KEPT)[1:-1] in received(mock)
