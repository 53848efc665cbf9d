"""Issue 12, atk25 F03 and F07 (`proxy.guard.reply26`), end to end through the official SDKs under the shipped default
policy. Requests: a short reply to a question followed by a courtesy sentence, or asked in German or Spanish, a name
in capitals, a contact's name and phone reach the provider redacted (what the mock received). Answers: the model's
bare phone number or SSN (or a short JSON list of them) after the user's question naming it reaches the client
redacted, whole and streamed, on chat, Anthropic, Responses and legacy completions. Look-alikes reach each as sent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT})


# ------------------------------------------------------------------------------------ requests (F03)

REPLIES = [  # (the assistant's question, the user's reply, what must not reach the provider)
    ("What is your phone number? (digits only)", "6175550143", ["6175550143"]),
    ("Could you share your phone number? Thanks!", "6175550143", ["6175550143"]),
    ("To verify you, what is your SSN? It stays private.", "536904399", ["536904399"]),
    ("What is your phone number? 📱", "6175550143", ["6175550143"]),
    ("Wie lautet Ihre Telefonnummer?", "6175550143", ["6175550143"]),
    ("¿Cuál es su número de teléfono?", "6175550143", ["6175550143"]),
    ("Wie heißen Sie?", "Anna Müller", ["Müller"]),
    ("What is your full name?", "PRIYA RAGHUNATHAN", ["RAGHUNATHAN"]),
    ("Who should we call in an emergency?", "Kwame Mensah, 6175550143", ["6175550143", "Mensah"]),
]
KEPT = [("What's your order number?", "6175550143"), ("How many rows? Thanks!", "2024"),
        ("Wie viele Zeilen?", "42")]


def test_chat_short_replies_after_courtesy_and_in_other_languages(guarded: Proxy, mock: Mock) -> None:
    for question, reply, secrets in REPLIES:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
            {"role": "assistant", "content": question}, {"role": "user", "content": reply}])
        sent = mock.last_body["messages"][-1]["content"]
        for secret in secrets:
            assert secret not in sent, (question, sent)
    for question, reply in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
            {"role": "assistant", "content": question}, {"role": "user", "content": reply}])
        assert mock.last_body["messages"][-1]["content"] == reply


def test_anthropic_and_responses_short_replies(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=20, messages=[  # type: ignore[misc]
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": [{"type": "text", "text": "¿Cómo se llama? Gracias."}]},
        {"role": "user", "content": "José García"}])
    assert "García" not in str(mock.last_body["messages"][-1]["content"])
    oai(guarded).responses.create(model="gpt-4o-mini", input=[  # type: ignore[arg-type]
        {"type": "message", "role": "assistant",
         "content": [{"type": "output_text", "text": "To verify you, what is your SSN? It stays private."}]},
        {"role": "user", "content": "536904399"}])
    assert re.fullmatch(r"<US_SSN_\d>", mock.last_body["input"][-1]["content"]), mock.last_body["input"]


# ------------------------------------------------------------------------------------ answers (F07)

ANSWERS = [  # (the user's question, the model's answer, what must not reach the client)
    ("What is the support desk's phone number?", "6175550143", ["6175550143"]),
    ("What is the support desk's phone number?", "It's 6175550143.", ["6175550143"]),
    ("What is the CEO's SSN?", "536904399", ["536904399"]),
    ("List the phone numbers as JSON", '["6175550143", "6175550188"]', ["6175550143", "6175550188"]),
    ("Wie lautet die Telefonnummer des Supports?", "Die Nummer ist 6175550143.", ["6175550143"]),
]
ANSWERS_KEPT = [("What year was it founded?", "1998."), ("What is the ticket number?", "4567890123")]
ROUTES = ["chat", "messages", "responses", "completions"]


def _ask(p: Proxy, route: str, question: str, stream: bool) -> str:
    """What the client got: the answer's text (whole), or every event as the SDK parsed it (streamed)."""
    if route == "chat":
        msgs: Any = [{"role": "user", "content": question}]
        if stream:
            return "".join(c.choices[0].delta.content or "" for c in oai(p).chat.completions.create(
                model="gpt-4o-mini", messages=msgs, stream=True) if c.choices)
        return oai(p).chat.completions.create(model="gpt-4o-mini", messages=msgs).choices[0].message.content or ""
    if route == "messages":
        msgs = [{"role": "user", "content": question}]
        if stream:
            with claude(p).messages.stream(model="claude-3-5-sonnet-latest", max_tokens=50, messages=msgs) as s:
                return "".join(s.text_stream)
        blocks = claude(p).messages.create(model="claude-3-5-sonnet-latest", max_tokens=50, messages=msgs).content
        return "".join(getattr(b, "text", "") for b in blocks)
    if route == "responses":
        if stream:
            return "".join(e.delta for e in oai(p).responses.create(model="gpt-4o-mini", input=question, stream=True)
                           if e.type == "response.output_text.delta")
        return oai(p).responses.create(model="gpt-4o-mini", input=question).output_text
    prompt = "Q: " + question + "\nA:"
    if stream:
        return "".join(c.choices[0].text for c in oai(p).completions.create(
            model="gpt-3.5-turbo-instruct", prompt=prompt, stream=True) if c.choices)
    return oai(p).completions.create(model="gpt-3.5-turbo-instruct", prompt=prompt).choices[0].text


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", ROUTES)
def test_short_answers_read_with_the_users_question(guarded: Proxy, mock: Mock, route: str, stream: bool) -> None:
    for question, answer, secrets in ANSWERS:
        mock.script(text=answer, chunk_chars=3)
        got = _ask(guarded, route, question, stream)
        for secret in secrets:
            assert secret not in got, (route, question, got)
        assert re.search(r"<(PHONE_NUMBER|US_SSN)_\d>", got), got
    for question, answer in ANSWERS_KEPT:
        mock.script(text=answer, chunk_chars=3)
        assert _ask(guarded, route, question, stream) == answer
