"""sqli38 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F01,
F12): every tuple's names of a mysqldump extended insert and of `first, last` / `fname, lname` column lists, and the
names in code's positional string arguments and `first=`/`last=` keyword arguments reach the provider redacted; a
things table's tuples and pairs of words in calls as sent. (The shipped policy redacts no names in answers:
`tests/nlp/test_sqli38.py` reads them there, whole and streamed.) Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ask_chat, ask_messages, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Why does this seed fail?\n"
           "INSERT INTO `customers` VALUES (1042,'Priya','Raghunathan','priya.r@yahoo.com'),"
           "(1043,'Tomasz','Wójcik','tomasz.wojcik@wp.pl'),(1044,'Joaquim','Esteves','j.esteves@sapo.pt');\n"
           "INSERT INTO members (id, first, last, email) VALUES (7, 'Nneka', 'Ezeudu', 'nneka@example.org');\n"
           'Customer c = new Customer("Dariusz", "Wróblewski", "dariusz.w@onet.pl");\n'
           "rows = [dict(first='Maria', last='Gonzalez')]")
SECRETS = ["Priya", "Raghunathan", "Tomasz", "Wójcik", "Joaquim", "Esteves", "Nneka", "Ezeudu", "Dariusz",
           "Wróblewski", "Maria", "Gonzalez"]
KEPT = ("INSERT INTO products VALUES (1,'Widget','Blue',9.99),(2,'Gadget','Red',4.50);\n"
        'Color c = new Color("Red", "Green");\nlogger.info("Starting", "Server")\nr = dict(first=1, last=10)\n'
        'registerTool("Grafana", "Prometheus");\nWhy?')


@pytest.mark.parametrize("ask", [ask_chat, ask_messages], ids=["openai", "anthropic"])
def test_request(guarded: Proxy, mock: Mock, ask: object) -> None:
    assert callable(ask)
    mock.state.requests.clear()
    ask(guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    assert "Why does this seed fail?" in sent and "INSERT INTO members (id, first, last, email)" in sent
    mock.state.requests.clear()
    ask(guarded, KEPT)
    sent = received(mock)
    assert "Widget','Blue'" in sent and 'Color(\\"Red\\", \\"Green\\")' in sent and "dict(first=1, last=10)" in sent
    assert 'registerTool(\\"Grafana\\", \\"Prometheus\\")' in sent
