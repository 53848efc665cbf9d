"""Issue 12, atk28 F04 and F10 (`proxy.guard.plur29`), end to end through the official openai SDK under the shipped
default policy. Requests: a short reply to a plural `SSNs` question, a Russian or Chinese phone question, a value and
a `thanks` line, a reply after the question's tool call reach the provider redacted (chat, Responses). Answers: the
model's SSNs to a plural question, a value and a courtesy line, a Markdown list of phone numbers reach the client
redacted, whole and streamed (chat, Responses). Look-alikes reach each as sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

DEFAULT = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": DEFAULT})


REPLIES = [  # (the assistant's question, the user's reply, what must not reach the provider)
    ("What are the SSNs of the co-signers?", "478291035, 318402967", ["478291035"]),
    ("Какой у вас номер телефона?", "2125550147", ["2125550147"]),
    ("您的手机号码是多少？", "3125550188", ["3125550188"]),
    ("What is your SSN?", "318402967\n\nThanks!", ["318402967"]),
]
KEPT = [("How many SSNs are on file?", "42"), ("What are the order numbers?", "4567890123")]


def test_chat_and_responses_short_replies(guarded: Proxy, mock: Mock) -> None:
    for question, reply, secrets in REPLIES:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
            {"role": "assistant", "content": question}, {"role": "user", "content": reply}])
        sent = mock.last_body["messages"][-1]["content"]
        oai(guarded).responses.create(model="gpt-4o-mini", input=[  # type: ignore[arg-type]
            {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": question}]},
            {"role": "user", "content": reply}])
        sent_r = str(mock.last_body["input"][-1]["content"])
        for secret in secrets:
            assert secret not in sent, (question, sent)
            assert secret not in sent_r, (question, sent_r)
    for question, reply in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
            {"role": "assistant", "content": question}, {"role": "user", "content": reply}])
        assert mock.last_body["messages"][-1]["content"] == reply


def test_chat_reply_after_the_questions_tool_call(guarded: Proxy, mock: Mock) -> None:
    call: Any = [{"id": "c1", "type": "function", "function": {"name": "audit_log", "arguments": "{}"}}]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "user", "content": "hi"}, {"role": "assistant", "content": "What is your phone number?",
                                            "tool_calls": call},
        {"role": "tool", "tool_call_id": "c1", "content": "done"}, {"role": "user", "content": "2125550147"}])
    assert "2125550147" not in mock.last_body["messages"][-1]["content"]


ANSWERS = [  # (the user's question, the model's answer, what must not reach the client)
    ("List the SSNs as JSON.", '["478291035", "318402967"]', ["478291035", "318402967"]),
    ("What is the CFO's SSN?", "478291035\n\nLet me know if you need anything else.", ["478291035"]),
    ("List the backup phone numbers.", "- Ana: 2125550147\n- Raj: 3125550188", ["2125550147", "3125550188"]),
]
ANSWERS_KEPT = [("How many SSNs are on file?", "42"), ("What are the order numbers?", "4567890123")]


def _ask(p: Proxy, route: str, question: str, stream: bool) -> str:
    if route == "chat":
        msgs: Any = [{"role": "user", "content": question}]
        if stream:
            return "".join(c.choices[0].delta.content or "" for c in oai(p).chat.completions.create(
                model="gpt-4o-mini", messages=msgs, stream=True) if c.choices)
        return oai(p).chat.completions.create(model="gpt-4o-mini", messages=msgs).choices[0].message.content or ""
    if stream:
        return "".join(e.delta for e in oai(p).responses.create(model="gpt-4o-mini", input=question, stream=True)
                       if e.type == "response.output_text.delta")
    return oai(p).responses.create(model="gpt-4o-mini", input=question).output_text


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", ["chat", "responses"])
def test_answers_read_with_the_users_question(guarded: Proxy, mock: Mock, route: str, stream: bool) -> None:
    for question, answer, secrets in ANSWERS:
        mock.script(text=answer, chunk_chars=3)
        got = _ask(guarded, route, question, stream)
        for secret in secrets:
            assert secret not in got, (route, question, got)
    for question, answer in ANSWERS_KEPT:
        mock.script(text=answer, chunk_chars=3)
        assert _ask(guarded, route, question, stream) == answer
