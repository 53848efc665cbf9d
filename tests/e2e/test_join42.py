"""join42 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk42 F04,
F05, F08, F10): an e-mail address given as its local part and its domain (a mail table's rows, JSON pairs,
`format`/`join` code) or wrapped over a line at its domain's dot, an IBAN as its parts, a card and an SSN read back in
parts in one sentence reach the provider redacted, templates and numbers in prose as sent; the model's own such
values reach the client redacted, whole and streamed three characters a chunk. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Why are these rows rejected?\n"
           "INSERT INTO mailbox (local_part, domain, quota) VALUES ('marguerite.okoye', 'fastmail.com', 2048);\n"
           'Also {"mailbox": "d.ivanova", "domain": "yandex.ru"} and mail = "{}@{}".format("p.sandoval", "gmail.com")\n'
           "The applicant wrote kw1977@proton.\nme on the form.\n"
           "Payee IBAN parts: country DE, check 89, then 3704 0044 0532 0130 00.\n"
           "The card starts with 4539 1488 and ends with 0343 6467. SSN area 536, group 90, serial 4399.")
SECRETS = ["marguerite.okoye", "d.ivanova", "p.sandoval", "kw1977", "3704 0044 0532 0130 00", "4539 1488",
           "0343 6467", "4399"]
KEPT = ('Build it as "{}@{}".format(user, domain) or \'@\'.join([local_part, domain]).\n'
        "INSERT INTO mailbox (local_part, domain, quota) VALUES (?, ?, ?);\n"
        "The shop opens at 9 and closes at 17; prices start at 199 and end at 249.")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Why are these rows rejected?" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "local_part,domain\nsvetlana.kuznetsova,mail.ru\nto = '@'.join(['h.mwangi', "
                                    "'outlook.com'])\nCard: first part 5425 2334, last part 3010 9903."}])
    sent = user_text(mock)
    assert not [s for s in ("svetlana.kuznetsova", "h.mwangi", "5425 2334", "3010 9903") if s in sent], sent


ANSWER = ("Here is the row:\n{\"mailbox\": \"ingrid.solberg\", \"domain\": \"online.no\"}\n"
          "Code: const to = ['ingrid.solberg', 'online.no'].join('@');\n"
          "Her address as scanned: isol88@fast-\nmail.com\n"
          "To confirm, the card begins 6011 0009 and ends 9013 9424. SSN area 219, group 09, serial 9999. Done.")
ANSWER_SECRETS = ["ingrid.solberg", "isol88", "6011 0009", "9013 9424", "9999"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, route)
    assert whole and not [s for s in ANSWER_SECRETS if s in whole], whole
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in whole and "Done." in streamed
