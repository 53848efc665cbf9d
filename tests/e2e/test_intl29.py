"""intl29 end to end through the official openai SDK, under the shipped default policy (atk28 F12/F18): national phone
numbers as bare digits after the language's phone word, as a JSON value under it and under a CSV column header reach
the provider redacted, and in the model's answer reach the client redacted; look-alikes go as sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUESTS = [
    ("Teléfono: 612345678", "612345678"),
    ("Mon portable : 0612345678", "0612345678"),
    ("Meine Handynummer ist 015123456789.", "015123456789"),
    ("Мой номер 89123456789", "89123456789"),
    ("제 번호는 01012345678입니다.", "01012345678"),
    ('{"imie": "Krzysztof", "telefon": "512345678"}', "512345678"),
    ("Name;Handy\nJürgen Becker;015123456789", "015123456789"),
]
KEPT = ["Bestellnummer 015112345678", "Kundennummer: 0612345678", "Pedido 612345678",
        "Mi número de pedido es 612345678"]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secret in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert secret not in sent and "PHONE_NUMBER" in sent, sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize(("answer", "secret"), [("Teléfono: 612345678", "612345678"),
                                                ("Seine Handynummer ist 015123456789.", "015123456789"),
                                                ("Son portable : 0612345678", "0612345678")])
def test_chat_answer(guarded: Proxy, mock: Mock, stream: bool, answer: str, secret: str) -> None:
    mock.script(text=answer, chunk_chars=3)
    client = oai(guarded)
    messages = [{"role": "user", "content": "What is his number?"}]
    if stream:
        text = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
            model="gpt-4o-mini", messages=messages, stream=True) if c.choices)  # type: ignore[arg-type]
    else:
        text = client.chat.completions.create(model="gpt-4o-mini",
                                              messages=messages).choices[0].message.content or ""  # type: ignore[arg-type]
    assert secret not in text, text
