"""voice38 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F03): a
call transcript's phone numbers and SSNs read out one digit at a time (single digits grouped by commas, English,
German, Spanish, French digit words after a speaker's label or a turn's cue) and a mailbox spelled letter by letter
before `at gmail` reach the provider redacted on the chat and Messages routes; counting, steps, recipes and an
order number read out go as sent; the model's own such values reach the client redacted, whole and streamed.
Held-out values."""

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


REQUEST = ("Summarise this call.\nAgent: What's the best callback number?\n"
           "Caller: seven one three, eight two two, four oh six nine.\n"
           "Agent: Let me confirm: 7 1 3, 8 2 2, 4 0 6 9.\n"
           "Agent: And for verification? Caller: it's 2 6 8 4 1 7 3 0 5\n"
           "Anrufer: meine Nummer ist null eins sechs zwei, vier vier acht drei neun eins sieben.\n"
           "Cliente: es seis cuatro cuatro, dos uno, nueve ocho, siete tres.\n"
           "Appelant : c'est zéro sept, deux huit, quatre un, neuf neuf, trois six.\n"
           "Caller: the email is O K O N K W O at gmail.")
SECRETS = ["seven one three, eight two two, four oh six nine", "7 1 3, 8 2 2, 4 0 6 9", "2 6 8 4 1 7 3 0 5",
           "null eins sechs zwei, vier vier acht drei neun eins sieben", "seis cuatro cuatro, dos uno, nueve ocho",
           "zéro sept, deux huit, quatre un, neuf neuf, trois six", "O K O N K W O"]
KEPT = ("Steps: 1 2 3 4 5 6 7 8.\nWe called two or three times; one, two, three, go.\n"
        "Recipe: 2 eggs, 3 cups flour, 1 tsp salt.\n6 5 4 3 2 1 liftoff\n"
        "Caller: my order number is 8 3 1 7 2 9 4 6.\nWhy?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Caller: <PHONE_NUMBER_" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Here is what I noted.\nAgent: and your callback number? Caller: four one two, nine oh three, "
          "double seven five one.\nThe SSN digits 3 7 1 8 2 6 4 0 9 were read back.\n"
          "Kunde: Die Nummer ist null drei null, zwo acht eins, vier vier sechs neun.\nDone.")
ANSWER_SECRETS = ["four one two, nine oh three, double seven five one", "3 7 1 8 2 6 4 0 9",
                  "null drei null, zwo acht eins, vier vier sechs neun"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route, "notes?"):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got, got


def test_kept_answer(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=KEPT, chunk_chars=3)
    assert ask_chat(guarded, "steps?", stream=True) == KEPT
