"""pay41 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk41 F03, F07):
card numbers glued to ISO 8583 lengths (`DE002=16<PAN>`), track 2's `D`, EMV tags `5A`/`57`, an SSN glued to its
label, and national-scheme cards starting with 8 or 9 after a card word reach the provider redacted; other ISO 8583
fields go as sent; the model's own such numbers reach the client redacted, whole and streamed. Held-out values."""

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


V, M, X = "4716190207394814", "5425233430109903", "374245455400126"
UZ, HU = "8600312987146541", "9860100125637411"
REQUEST = (f"Why was this declined?\nMTI 0100 DE002=16{V} DE003=000000 DE004=000000012500 DE011=004211\n"
           f"DE035=37{M}D27091010000000000000\nswipe ;{V}D2709101123400001?\nEMV 5A08{M} 5F2403270930\n"
           f"amex DE002=15{X}\nmember SSN482193650\nUzCard card: {UZ[:4]} {UZ[4:8]} {UZ[8:12]} {UZ[12:]}\n"
           f"HUMO card {HU}")
SECRETS = [V, M, X, "482193650", UZ, HU]
KEPT = "MTI 0110 DE004=000000012500 DE011=004211 DE037=612345678901 DE039=00 DE041=POS00017\nWhy?"


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text.replace(" ", "")]


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not _leaks(sent), sent
    assert "DE002=16<CREDIT_CARD_" in sent and "5A08<CREDIT_CARD_" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not _leaks(sent), sent


ANSWER = (f"The request carried DE002=16{V} and DE035={M}D2709101123400001; the chip sent 57 13 {V}D27092010000000000F."
          f" The HUMO card {HU} is on file.")


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "example?"}]).choices[0].message.content
    assert got is not None and not _leaks(got), got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "example?"}], stream=True) if c.choices)
    assert streamed and not _leaks(streamed), streamed


def test_anthropic_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=64, messages=[
        {"role": "user", "content": "example?"}])
    text = "".join(b.text for b in got.content if b.type == "text")
    assert text and not _leaks(text), text
    mock.script(text=ANSWER, chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-sonnet-latest", max_tokens=64, messages=[
            {"role": "user", "content": "example?"}]) as stream:
        streamed = "".join(stream.text_stream)
    assert streamed and not _leaks(streamed), streamed
