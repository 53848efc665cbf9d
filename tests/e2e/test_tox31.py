"""Issue 12, atk30 F7, F10 and F30, end to end through the official SDKs under the shipped default policy (keyword
toxicity scorer). F7: a reasoning block / summary / `reasoning_content` whose last sentence is toxic and has no end
mark, then the answer's text, streamed: the toxic text never reaches the client, as the whole answer's does not
(`proxy.stream.glue31`); an ordinary one streams as sent. F10: a bare-digit reply to the assistant's phone question in
Polish, Arabic, Hindi, Indonesian, Vietnamese reaches the provider redacted; F30: the model's bare-digit answer to a
French, Polish, Indonesian, Hindi or two-part phone question reaches the client redacted, whole and streamed
(`proxy.guard.lang31`). Look-alikes (an order number asked for) reach each as sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, dump_models, oai

DEFAULT = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": DEFAULT})


# ------------------------------------------------------------------------------------------------------ F7

def _streamed(p: Proxy, route: str) -> tuple[str, bool]:
    """Every event the client got for a streamed answer, as JSON; whether the answer ended as the provider ended it
    (not blocked)."""
    if route == "anthropic":
        with claude(p).messages.stream(model="claude-3-5-haiku-latest", max_tokens=50,
                                       messages=[{"role": "user", "content": "hello there"}]) as s:
            events = list(s)
            return dump_models(events), s.get_final_message().stop_reason == "end_turn"
    if route == "responses":
        with oai(p).responses.stream(model="gpt-4o-mini", input="hello there") as r:
            got = list(r)
            return dump_models(got), got[-1].type == "response.completed"
    chunks = [c for c in oai(p).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hello there"}], stream=True) if c.choices]
    return dump_models(chunks), [c.choices[0].finish_reason for c in chunks if c.choices[0].finish_reason] == ["stop"]


@pytest.mark.parametrize("route", ["anthropic", "responses", "chat"])
def test_a_toxic_unterminated_reasoning_tail_is_withheld_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    mock.script(text="Here is the summary you asked for.", reasoning="Honestly, you are a moron", chunk_chars=4)
    got, ended = _streamed(guarded, route)
    assert "moron" not in got and not ended
    mock.script(text="Here is the summary you asked for.", reasoning="Let me think about the request",
                chunk_chars=4)
    got, ended = _streamed(guarded, route)
    assert ended and "request" in got and "asked for." in got


# ------------------------------------------------------------------------------------------------------ F10

REPLIES = [("Jaki jest Pani numer komórki?", "512345678"), ("ما هو رقم جوالك؟", "0551234567"),
           ("आपका मोबाइल नंबर क्या है?", "9123456780"), ("Boleh minta nomor HP Anda?", "085712345678"),
           ("SĐT của anh là gì?", "0903123456")]
KEPT = [("Jaki jest numer zamówienia?", "601234567"), ("Berapa nomor pesanan Anda?", "081234567890")]


def test_bare_digit_replies_to_phone_questions_in_more_languages(guarded: Proxy, mock: Mock) -> None:
    for question, reply in REPLIES + KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
            {"role": "user", "content": "I need help with my booking."}, {"role": "assistant", "content": question},
            {"role": "user", "content": reply}])
        sent = mock.last_body["messages"][-1]["content"]
        if (question, reply) in KEPT:
            assert sent == reply, (question, sent)
        else:
            assert reply not in sent, (question, sent)


# ------------------------------------------------------------------------------------------------------ F30

ANSWERS = [("Quel est le numéro du standard ?", "0478123456"), ("Jaki jest numer telefonu do recepcji?", "221234567"),
           ("Berapa nomor telepon kantor pusat?", "081398765432"), ("ग्राहक सेवा का फ़ोन नंबर क्या है?", "9812345670"),
           ("Support phone? And opening hours?", "2125550147, 9am-5pm")]
ANSWERS_KEPT = [("Quel est le numéro de commande ?", "4567890123")]


def _ask(p: Proxy, question: str, stream: bool) -> str:
    msgs: Any = [{"role": "user", "content": question}]
    if stream:
        return "".join(c.choices[0].delta.content or "" for c in oai(p).chat.completions.create(
            model="gpt-4o-mini", messages=msgs, stream=True) if c.choices)
    return oai(p).chat.completions.create(model="gpt-4o-mini", messages=msgs).choices[0].message.content or ""


@pytest.mark.parametrize(("stream", "chunk"), [(False, 3), (True, 1), (True, 3)])
def test_bare_digit_answers_to_phone_questions_in_more_languages(guarded: Proxy, mock: Mock, stream: bool,
                                                                 chunk: int) -> None:
    for question, answer in ANSWERS:
        mock.script(text=answer, chunk_chars=chunk)
        got = _ask(guarded, question, stream)
        assert answer.split(",")[0] not in got, (question, got)
    for question, answer in ANSWERS_KEPT:
        mock.script(text=answer, chunk_chars=chunk)
        assert _ask(guarded, question, stream) == answer
