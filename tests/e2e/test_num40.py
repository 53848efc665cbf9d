"""num40 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38, atk39
leftovers): a Mexican mobile in the old dialling (`+52 1 ...`, `044 ...`), a form-urlencoded phone number with a long
group (`phone=%2B49+151+...`), an SSN and a phone number as OCR writes them (`S` for `5`, `B` for `8`) after their
label and an Exchange X.500 alias (`/cn=Recipients/cn=...`) reach the provider redacted; a network address in a
subnet question, part numbers with the same letters and service mailboxes as sent; the model's own such values reach
the client redacted, whole and streamed (names in answers are outside the default policy). Held-out values."""

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


REQUEST = ("Clean up these records:\n"
           "1. Celular: +52 1 55 6038 2714\n"
           "2. Fijo a celular: 044 33 2591 7046\n"
           "3. form body: name=x&phone=%2B49+152+90417326&consent=yes\n"
           "4. SSN: 5B3-4S-2170\n"
           "5. Phone: (646) 2S8-B193\n"
           "6. legacyExchangeDN /o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/"
           "cn=dgreen")
SECRETS = ["6038 2714", "2591 7046", "90417326", "5B3-4S-2170", "2S8-B193", "dgreen"]
KEPT = ("Calculate the subnet mask for a /22 network starting at 10.20.0.0, then route 10.20.0.0 255.255.252.0.\n"
        "SKU B12-4S-3390 and lot S23-45-6789 are in stock; amount=1234+5678&currency=EUR\n"
        "/o=Contoso/ou=First Administrative Group/cn=Recipients/cn=Administrator")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "SSN: <US_SSN_" in sent and "Phone: <PHONE_NUMBER_" in sent and "cn=<PERSON_" in sent, sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


# (the default policy screens no names in answers: no X.500 alias here)
ANSWER = "Here is the record:\nCelular +52 1 81 7304 2659\nSSN: 6S2-B1-4073\nTel: (415) B27-3S06\nDone."
ANSWER_SECRETS = ["7304 2659", "6S2-B1-4073", "B27-3S06"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "record?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "record?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed


@pytest.mark.parametrize("chunk", [3, 7])
def test_anthropic_answer_whole_and_streamed(guarded: Proxy, mock: Mock, chunk: int) -> None:
    mock.script(text=ANSWER)
    whole = claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=300,
                                            messages=[{"role": "user", "content": "record?"}])
    got = "".join(getattr(b, "text", "") for b in whole.content)
    mock.script(text=ANSWER, chunk_chars=chunk)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=300,
                                         messages=[{"role": "user", "content": "record?"}]) as s:
        streamed = "".join(s.text_stream)
    for text in (got, streamed):
        assert text and not [s for s in ANSWER_SECRETS if s in text], text
    assert "Done." in streamed
