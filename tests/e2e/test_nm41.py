"""nm41 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk39/atk40
leftover names): a query value under a person's key, `q=` after a people path, a firm's word beside a given name
after `EMPLOYEE:`, a timed transcript's given-name label, a lone surname after `loop in`, two initials before a
place's name, an emoji between a name's words, a whole-name abbreviated key and a person path's slug reach the
provider redacted (the shipped policy redacts no PERSON in answers: the unit tests read answers under a policy
that does). Look-alikes go as sent."""

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


REQUEST = ("Why do these fail?\n"
           "GET /api/v2/customers?customer=Keola+Kaleikini&page=3 HTTP/1.1\n"
           "GET /people/search?q=Kalea+Palakiko HTTP/1.1\n"
           "EMPLOYEE: SIEMENS JOHANNES\n"
           "[14:02] Dana: ready?\n[14:03] Orson: can you send the deck?\n"
           "Also loop in Raman from the data team.\n"
           "Reviewed by T. K. Pasadena on 12/03.\n"
           "Keola👍Kaleikini approved it.\n"
           '{"pat_nm": "Abebe Gebremariam", "dob": "1970-01-01"}\n'
           "GET /people/makana-kealamakia/profile HTTP/1.1")
SECRETS = ["Keola", "Kaleikini", "Kalea", "Palakiko", "SIEMENS", "JOHANNES", "Orson", "Raman", "Pasadena",
           "Gebremariam", "makana-kealamakia"]
KEPT = ("Approved by QA. ping Redis, ask Jenkins to rerun, loop in Legal.\nDear Team,\n"
        "see /team/data-platform and GET /search?q=python+asyncio&page=2 or ?q=Harry+Potter+books\n"
        "BOSCH dishwasher error E15\nGreat release 🎉 thanks everyone 🙂 ship it")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "page=3" in sent and "can you send the deck?" in sent and '"dob": "1970-01-01"' in sent, sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent
