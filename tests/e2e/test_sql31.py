"""sql31 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk30 F1, F2,
F27, F13): a mysqldump row without a column list (its columns from the `CREATE TABLE` before it), a sqlite `.dump`
row, a pg `COPY` row and single-quoted compact lists reach the provider with their names, phones and SSNs redacted;
the model's own phone and SSN in a dump's row reach the client redacted, whole and streamed. A products dump and a
city list go as sent."""

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


REQUESTS = [
    ("CREATE TABLE `staff` (`id` int, `first_name` varchar(40), `last_name` varchar(40), `mobile` varchar(15));\n"
     "INSERT INTO `staff` VALUES (1,'Ingrid','Halvorsen','3125550172'),(2,'Tomasz','Wieczorek','2065550183');",
     ["Ingrid", "Halvorsen", "3125550172", "Tomasz", "Wieczorek", "2065550183"]),
    ("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, ssn TEXT);\n"
     "INSERT INTO users VALUES(1,'Kwame Mensah','412785506');", ["Kwame", "Mensah", "412785506"]),
    ("COPY members (id, full_name, home_phone) FROM stdin;\n12\tAisha Khan\t4045550178\n\\.", ["4045550178"]),
    ("DELETE FROM accounts WHERE owner IN ('Beatriz Souza','Yusuf Demir');", ["Souza", "Yusuf", "Demir"]),
]
KEPT = ["INSERT INTO products VALUES (1,'Ada Lovelace Mug',899),(2,'Tesla Coil Kit',4999);",
        "const cities = ['Santa Monica','San Jose','Fort Worth'];"]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secrets in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert [s for s in secrets if s in sent] == [], sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "Fix: users = [(1,'Nikolai Petrov','x'),(2,'Amara Nwosu','y')]"}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not any(s in sent for s in ("Petrov", "Amara", "Nwosu")), sent


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    answer = ("CREATE TABLE customers (id int, email varchar(100), phone varchar(20), ssn char(9));\n"
              "INSERT INTO customers VALUES (1,'a@b.example','7185550147','623119045'),"
              "(2,'c@d.example','5035550166','274830661');")
    secrets = ["7185550147", "623119045", "5035550166", "274830661"]
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "sample?"}]).choices[0].message.content
    assert got is not None and [s for s in secrets if s in got] == [], got
    mock.script(text=answer, chunk_chars=5)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "sample?"}], stream=True) if c.choices)
    assert streamed and [s for s in secrets if s in streamed] == [], streamed
