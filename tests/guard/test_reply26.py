"""Issue 12, atk25 F03 and F07 (`proxy.guard.reply26`): a short reply read with the question before a courtesy
sentence, in other languages, a name in capitals read whole, a contact question (requests); and the mirror: a short
answer read with the cue of the user's last question, whole and streamed (answers). Look-alikes stay as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard import context24, reply26
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES
from tests.guard.conftest import PII_OUT, policy
from tests.support.pii import WordScorer

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                                "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


# ------------------------------------------------------------------------------------ the question's cue

CUES = [  # (the assistant's turn, the type it asks for)
    ("What is your phone number? (digits only)", "phone"),
    ("Could you share your phone number? Thanks!", "phone"),
    ("To verify you, what is your SSN? It stays private.", "ssn"),
    ("What is your phone number? 📱", "phone"),
    ("And your mobile number? We never share it. Promise.", "phone"),
    ("Wie lautet Ihre Telefonnummer?", "phone"),
    ("¿Cuál es su número de teléfono?", "phone"),
    ("Quel est votre numéro de téléphone ? Merci.", "phone"),
    ("Qual è il suo numero di cellulare?", "phone"),
    ("Qual é o seu número de telefone? Obrigado!", "phone"),
    ("Wat is uw telefoonnummer?", "phone"),
    ("Wie ist Ihre Sozialversicherungsnummer?", "ssn"),
    ("¿Cuál es su número de la seguridad social?", "ssn"),
    ("Quel est votre numéro de sécurité sociale ?", "ssn"),
    ("Wie heißen Sie?", "name"),
    ("¿Cómo se llama?", "name"),
    ("Comment vous appelez-vous ?", "name"),
    ("Come si chiama? Grazie.", "name"),
    ("Hoe heet u?", "name"),
    ("Who should we call in an emergency?", "record"),
    ("Who is your emergency contact?", "record"),
]
NO_CUES = [  # look-alikes: no type asked for
    "What's your order number?", "How many rows? Thanks!", "What is the ticket number? Thanks!", "Wie viele Zeilen?",
    "¿Cuál es su número de pedido?", "Quel est le numéro de commande ? Merci.", "Which year? Thanks.",
    "Wie lautet die Bestellnummer? Danke.", "Can you share the error code? (digits only)", "Wat is het ordernummer?",
    # the last question asks for something else; a courtesy tail too long to be one
    "What is your phone number? Also, what is your order number?",
    "What is your phone number? Then we can look up the order you placed with us last week.",
    "¿Cuál es su nombre de usuario?",
]


@pytest.mark.parametrize(("question", "kind"), CUES)
def test_question_cue_after_courtesy_and_in_other_languages(question: str, kind: str) -> None:
    assert context24.question_cue(question) == kind


@pytest.mark.parametrize("question", NO_CUES)
def test_no_cue_for_look_alikes(question: str) -> None:
    assert context24.question_cue(question) is None


def test_capitals_read_in_a_names_case() -> None:
    assert reply26.cased("PRIYA RAGHUNATHAN", "Name: ") == "Priya Raghunathan"
    assert reply26.cased("KWAME MENSAH, 6175550143", "Contact: ") == "Kwame Mensah, 6175550143"
    assert reply26.cased("Priya RAGHUNATHAN", "Name: ") == "Priya RAGHUNATHAN"  # a small letter: as written
    assert reply26.cased("6175550143", "Phone number: ") == "6175550143"


# ------------------------------------------------------------------------------------ requests (F03)


async def _sent(guard: Guard, question: str, reply: str) -> str:
    body: dict[str, Any] = {"model": "m", "messages": [{"role": "assistant", "content": question},
                                                       {"role": "user", "content": reply}]}
    body = copy.deepcopy(body)
    slots = openai.ADAPTER.request_texts(CHAT, body)
    with context24.cued(CHAT, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    content = body["messages"][-1]["content"]
    assert isinstance(content, str)
    return content


REPLIES = [  # (question, reply, what must not go up)
    ("What is your phone number? (digits only)", "6175550143", "6175550143"),
    ("To verify you, what is your SSN? It stays private.", "536904399", "536904399"),
    ("Wie lautet Ihre Telefonnummer?", "6175550143", "6175550143"),
    ("¿Cuál es su número de teléfono?", "4155550172", "4155550172"),
    ("Wie heißen Sie?", "Anna Müller", "Müller"),
    ("¿Cómo se llama?", "José García", "García"),
    ("What is your full name?", "PRIYA RAGHUNATHAN", "RAGHUNATHAN"),
    ("Who should we call in an emergency?", "Kwame Mensah, 6175550143", "6175550143"),
]
KEPT = [("What's your order number?", "6175550143"), ("How many rows? Thanks!", "2024"),
        ("Wie viele Zeilen?", "42"), ("What is the ticket number? Thanks!", "4567890123")]


@pytest.mark.parametrize(("question", "reply", "secret"), REPLIES)
async def test_short_reply_read_with_its_question(guard: Guard, question: str, reply: str, secret: str) -> None:
    assert secret not in await _sent(guard, question, reply)


@pytest.mark.parametrize(("question", "reply"), KEPT)
async def test_look_alike_replies_kept(guard: Guard, question: str, reply: str) -> None:
    assert await _sent(guard, question, reply) == reply


# ------------------------------------------------------------------------------------ answers (F07)

def _body(kind: str, question: str) -> dict[str, Any]:
    if kind == RESPONSES:
        return {"model": "m", "input": question}
    if kind == COMPLETIONS:
        return {"model": "m", "prompt": "Q: " + question + "\nA:"}
    return {"model": "m", "messages": [{"role": "user", "content": question}]}


async def _whole(guard: Guard, kind: str, question: str, answer: str) -> str:
    reply26.note(kind, _body(kind, question))
    out = await guard.output(policy(output=PII_OUT), [answer], Vault(), prose=[True])
    return answer if out.texts[0] is None else out.texts[0]


async def _streamed(guard: Guard, kind: str, question: str, answer: str, grouped: bool) -> str:
    reply26.note(kind, _body(kind, question))
    windows = guard.output_stream(policy(output=PII_OUT))
    group = "choice:0" if grouped else None
    got = []
    for k in range(0, len(answer), 3):
        got.append(await windows.feed("choice:0:content", answer[k:k + 3], group=group))
        got.extend(text for _, text in windows.take_spill())
    if grouped:
        got.extend(text for _, text in await windows.end_group("choice:0"))
    else:
        got.append(await windows.end("choice:0:content"))
    return "".join(got)


ANSWERS = [  # (the user's question, the model's answer, what must not reach the client)
    ("What is the support desk's phone number?", "6175550143", ["6175550143"]),
    ("What is the support desk's phone number?", "It's 6175550143.", ["6175550143"]),
    ("What is the CEO's SSN?", "536904399", ["536904399"]),
    ("List the phone numbers as JSON", '["6175550143", "6175550188"]', ["6175550143", "6175550188"]),
    ("Wie lautet die Telefonnummer des Supports?", "Die Nummer ist 6175550143.", ["6175550143"]),
    ("Give me both phone numbers as a JSON array. Thanks!", '[\n  "3125550147",\n  "2125550199"\n]',
     ["3125550147", "2125550199"]),
]
ANSWERS_KEPT = [("What year was it founded?", "1998."), ("What is the ticket number?", "4567890123"),
                ("Wie viele Zeilen?", "42"), ("List the order IDs as JSON", '["4567890123", "4567890124"]'),
                ("How many phone numbers are on file?", "2")]
KINDS = [CHAT, MESSAGES, RESPONSES, COMPLETIONS]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("question", "answer", "secrets"), ANSWERS)
async def test_short_answer_read_with_the_question(guard: Guard, kind: str, question: str, answer: str,
                                                   secrets: list[str]) -> None:
    whole = await _whole(guard, kind, question, answer)
    streamed = await _streamed(guard, kind, question, answer, grouped=kind != COMPLETIONS)
    for secret in secrets:
        assert secret not in whole, whole
        assert secret not in streamed, streamed
    assert streamed == whole  # a stream's field held while it may be a short answer: read as the whole answer is


@pytest.mark.parametrize(("question", "answer"), ANSWERS_KEPT)
async def test_look_alike_answers_kept(guard: Guard, question: str, answer: str) -> None:
    assert await _whole(guard, CHAT, question, answer) == answer
    assert await _streamed(guard, CHAT, question, answer, grouped=True) == answer


async def test_a_long_answers_last_window_is_not_a_short_answer(guard: Guard) -> None:
    # The whole answer is long: no cue, in the stream (its last sentence alone is short) as in the whole answer.
    answer = ("Our support desk is open on weekdays from nine to five, and the billing team answers on Fridays. "
              "Ticket 4567890123.")
    assert await _whole(guard, CHAT, "What is the support desk's phone number?", answer) == answer
    assert await _streamed(guard, CHAT, "What is the support desk's phone number?", answer, grouped=True) == answer


async def test_no_cue_without_a_question(guard: Guard) -> None:
    reply26.note(CHAT, {"messages": [{"role": "user", "content": "Any news?"}]})
    out = await guard.output(policy(output=PII_OUT), ["6175550143"], Vault(), prose=[True])
    assert out.texts == [None]  # (bare digits, no context: as before)


async def test_name_questions_give_answers_no_cue(guard: Guard) -> None:
    reply26.note(CHAT, {"messages": [{"role": "user", "content": "What is your name?"}]})
    assert reply26._ANSWER.get() is None  # `Claude` is the model's own name, never a person's to redact
