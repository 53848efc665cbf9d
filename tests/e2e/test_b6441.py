"""b6441 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk41 F06):
short base64 values where base64 is the value's standard encoding (LDIF `attr:: `, a Kubernetes Secret's `data:`, a
decode call, an HTTP header, a CSV cell) reach the provider decoded, redacted and re-encoded; binary, tokens and
hashes in the same shapes go as sent. Held-out values (not the report's)."""

from __future__ import annotations

import base64
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


def b(s: str | bytes) -> str:
    return base64.b64encode(s.encode() if isinstance(s, str) else s).decode()


MAIL, PHONE = "amara.nwosu@posteo.de", "+447911123456"
REQUEST = (f"Why does this import fail?\ndn: uid=anwosu,ou=people,dc=shop,dc=example\nmail:: {b(MAIL)}\n\n"
           f"apiVersion: v1\nkind: Secret\ndata:\n  phone: {b(PHONE)}\n\n"
           f"const owner = atob('{b(MAIL)}');\n")
SECRETS = [b(MAIL), b(PHONE), "nwosu@", "7911123456"]
KEPT = (f"dn: cn=logo,dc=shop,dc=example\njpegPhoto:: {b(bytes(range(0, 48)))}\n"
        f"apiVersion: v1\nkind: Secret\ndata:\n  password: {b('hunter2-Blue-42')}\n"
        "commit: 9779cf60d0e9b1f4c2a3e5d6f7a8b9c0d1e2f3a4\nid,sha\n1,d41d8cd98f00b204e9800998ecf8427e\n")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert b("<EMAIL_ADDRESS_1>") in sent and "Why does this import fail?" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent
