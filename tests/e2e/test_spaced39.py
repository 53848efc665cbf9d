"""spaced39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F04):
letter-spaced text as `pdftotext` writes a form's captions and tracked headings (one character per "word", a wider
gap between words) reaches the provider with its names, phone numbers and e-mail addresses redacted on the chat and
Messages routes; spaced headings, DNA, digit lists and code letters go as sent; the model's own spaced phone numbers
and addresses reach the client redacted, whole and streamed. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, ask_chat, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Fix the layout of this extracted form.\n"
           "C L I E N T :   H E L E N A   V A S Q U E Z\n"
           "P H O N E :   7 1 8 - 5 5 5 - 0 1 7 2\n"
           "E M A I L :  h . v a s q u e z @ o u t l o o k . c o m\n"
           "Witness: D a n i e l  O k o n j o, badge 2231")
SECRETS = ["H E L E N A", "V A S Q U E Z", "7 1 8 - 5 5 5 - 0 1 7 2", "v a s q u e z @", "D a n i e l",
           "O k o n j o"]
KEPT = ("S E C T I O N   2 :   M E T H O D S\nThe primer is A T G C C G T A C G T T.\n"
        "Run the steps 1 2 3 4 5 6 7 in order.\nLet a b c d be the sides.\nMade in the U S A.")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "C L I E N T :" in sent and ", badge 2231" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Here is the extracted footer.\nT E L :   ( 3 1 2 )   5 5 5 - 0 1 8 8\n"
          "M A I L :  d . o k o n j o @ g m a i l . c o m\nDone.")
ANSWER_SECRETS = ["5 5 5 - 0 1 8 8", "o k o n j o @", "g m a i l . c o m"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route, "footer?"):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got and "T E L :" in got, got


def test_kept_answer(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=KEPT, chunk_chars=3)
    assert ask_chat(guarded, "layout?", stream=True) == KEPT
