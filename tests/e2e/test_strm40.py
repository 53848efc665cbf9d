"""strm40 end to end through the official openai and anthropic SDKs, under the shipped default policy: a
transcript's speaker labels alone on their line, spelling-alphabet runs apart by periods and a run of four letters or
more with no name word, and a letter-spaced UK mobile after `Mob`/`Tel.` reach the provider redacted; the model's own
spaced mobile reaches the client redacted, whole and streamed (three characters and one at a time). Headings over
lines, `A as in the example`, `A. B. C.` lists and digits after other words go as sent. (The shipped default policy
reads no names in answers: the streamed labels and runs are tested on answers in tests/nlp/test_strm40.py.)
Held-out values."""

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


REQUEST = ("Chat export:\nNkechi:\nmorning! standup in 5\nDaniel:\nok, joining\n\n"
           "Agent notes: R as in Romeo. A as in Alpha. J as in Juliet. U as in Uniform. Then the account.\n"
           "W as in Whiskey, O as in Oscar, J as in Juliett, C as in Charlie, I as in India, K as in Kilo\n"
           "Mob: 0 7 9 1 1 4 8 2 9 1 3\nTel.: 0 1 6 1 4 9 6 0 0 0 0\nSummarise this.")
SECRETS = ["Nkechi", "Romeo", "Juliet", "Uniform", "Whiskey", "Charlie", "Kilo", "4 8 2 9 1 3", "4 9 6 0 0 0 0"]
KEPT = ("Input:\n  a list\nOutput:\n  its sum\nUse A as in the example, then B as in step 2.\n"
        "Options: A. B. C. D.\nVersions: 1 2 3 4 5 6 7 8 9 10 11\nSerial: 0 7 7 0 0 9 0 0 1 2 3\nWhy?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Summarise this." in sent and "morning! standup in 5" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_messages_request(guarded: Proxy, mock: Mock) -> None:
    text = ("Tavita:\nthe invoice is late\nMakana:\nI will chase it\n"
            "That's F as in Foxtrot. A as in Alpha. R as in Romeo. U as in Uniform. K as in Kilo.\n"
            "Mob. 0 7 5 5 7 1 2 3 4 5 6")
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("Tavita", "Makana", "Foxtrot", "Romeo", "Kilo", "1 2 3 4 5 6") if s in sent], sent
    assert "the invoice is late" in sent


ANSWER = "Her details:\nMob: 0 7 4 0 0 1 2 3 4 5 6\nTel.: 0 2 0 7 9 4 6 0 9 5 8\nDone."
ANSWER_SECRETS = ["1 2 3 4 5 6", "4 6 0 9 5 8"]


@pytest.mark.parametrize("size", [3, 1])
def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock, size: int) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "contact?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=size)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "contact?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed and "PHONE_NUMBER" in streamed


def test_messages_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    whole = claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=64,
                                            messages=[{"role": "user", "content": "contact?"}])
    got = "".join(b.text for b in whole.content if b.type == "text")
    assert got and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-sonnet-latest", max_tokens=64,
                                         messages=[{"role": "user", "content": "contact?"}]) as s:
        streamed = "".join(s.text_stream)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
