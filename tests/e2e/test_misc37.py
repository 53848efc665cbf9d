"""misc37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F02, F05,
F15, F18): an IBAN glued to a digit before it in an MT940 `:86:` block, an SSN repeated bare after it was found and
SSN digits after a `Subscriber ID` label, e-mails spelled in German and Italian, and base64 after `state=` reach the
provider redacted; ordinary text with the same words as sent; spelled e-mails the model writes reach the client
redacted, whole and streamed. Held-out values."""

from __future__ import annotations

import base64
import json
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


IBAN = "NL91ABNA0417164300"
STATE = base64.b64encode(json.dumps({"email": "priya.raman@proton.me", "plan": "pro"}).encode()).decode()
REQUEST = (f":86:166?00SEPA-UEBERWEISUNG?20EREF+R2291?3144{IBAN}\n"
           "SSN 318-42-7765 on file; later the form says member number 318427765.\n"
           "Subscriber ID: 402187765-01\n"
           "Mail: jonas punkt keller at gmx punkt de, oppure chiara punto greco chiocciola libero punto it\n"
           f"GET /oauth/callback?code=x1&state={STATE} HTTP/1.1\nWhat went wrong?")
SECRETS = [IBAN, "318427765", "402187765", "keller", "greco", STATE, "priya"]
KEPT = ("Der Punkt ist: wir treffen uns at home, punkt acht. Order 318427765 shipped, order 318427765 returned.\n"
        "BIC ?30ABNANL2A ?31NL92ABNA0417164300 (check digits wrong)\n"
        "sig=" + base64.b64encode(bytes(range(60))).decode())


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "<IBAN_CODE_" in sent and "<US_SSN_" in sent and "<EMAIL_ADDRESS_" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Write to jonas punkt keller at gmx punkt de or chiara punto greco chiocciola libero punto it, "
          "or 連絡先 hanako.mori アットマーク docomo.ne.jp. Done.")


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "contacts?"}]).choices[0].message.content
    assert got is not None and not [s for s in ("keller", "greco", "hanako") if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "contacts?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ("keller", "greco", "hanako") if s in streamed], streamed
    assert "Done." in streamed
