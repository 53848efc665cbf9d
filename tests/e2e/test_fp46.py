"""fp46 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk45's false
positives and robustness faults, fpatk43's held-out hunt):
- Python-style tool-call arguments keep their quotes: `{'phone': '617-555-0143'}` goes up and comes back with the bare
  placeholder (it was `'"<PHONE_NUMBER_1>"'`), whole and streamed;
- a SQL tuple's parts are redacted where they are (`VALUES (<PHONE_NUMBER_1>, <PHONE_NUMBER_2>, '<PHONE_NUMBER_3>')`),
  the brackets and quotes kept, and restored in the answer;
- a numeric answer field holding a value (`"created": 4111111111111111`) becomes 0, a number, whole and streamed;
- a chat stream whose events say `event: message` is read (an unknown event name still fails closed);
- words read as a person (`(Boston)` after coordinates, `Mera`, `1-800-FLOWERS`, `Xmx`, `rdi`, `migrate dev`,
  `Förklara`, `Dobsonian`, `Uniqlo Heattech`) reach the provider as sent and come back as written; real people with
  the same words reach it redacted and come back restored."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, oai, sse, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


# ------------------------------------------------------------------------------------------ placeholders in quotes

PY_ARGS = "{'phone': '617-555-0143'}"
PY_SENT = "{'phone': '<PHONE_NUMBER_1>'}"


def _call_body(arguments: str) -> dict:
    call = {"id": "call_1", "type": "function", "function": {"name": "save", "arguments": arguments}}
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": None, "tool_calls": [call]},
                         "finish_reason": "tool_calls"}]}


def _call_chunks(arguments: str) -> list[dict]:
    head = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "save", "arguments": ""}}
    pieces = [arguments[k:k + 3] for k in range(0, len(arguments), 3)]
    return [_chunk(1, {"role": "assistant", "content": None, "tool_calls": [head]}),
            *[_chunk(1, {"tool_calls": [{"index": 0, "function": {"arguments": p}}]}) for p in pieces],
            _chunk(1, {}, "tool_calls")]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_python_style_tool_arguments_answered_with_the_bare_placeholder(guarded: Proxy, mock: Mock,
                                                                       stream: bool) -> None:
    client = oai(guarded)
    messages: list = [{"role": "user", "content": "Save the number."}]
    if stream:
        mock.script(raw_sse=sse(*_call_chunks(PY_ARGS), "[DONE]"))
        args = "".join(tc.function.arguments or "" for c in client.chat.completions.create(
            model="gpt-4o-mini", messages=messages, stream=True) if c.choices
            for tc in (c.choices[0].delta.tool_calls or []) if tc.function)
    else:
        mock.script(raw_body=json.dumps(_call_body(PY_ARGS)))
        r = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
        args = r.choices[0].message.tool_calls[0].function.arguments  # type: ignore[index,union-attr]
    assert args == PY_SENT


def test_python_style_tool_arguments_sent_with_the_bare_placeholder(guarded: Proxy, mock: Mock) -> None:
    mock.script(text="Saved <PHONE_NUMBER_1>.")
    messages: list = [
        {"role": "user", "content": "Save it."},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "save", "arguments": PY_ARGS}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "saved"}]
    r = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages)
    assert mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"] == PY_SENT
    assert r.choices[0].message.content == "Saved 617-555-0143."


SQL = "INSERT INTO phones (area, exchange, line) VALUES (617, 555, '0143');"
SQL_SENT = "INSERT INTO phones (area, exchange, line) VALUES (<PHONE_NUMBER_1>, <PHONE_NUMBER_2>, '<PHONE_NUMBER_3>');"


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_sql_tuple_parts_redacted_where_they_are_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, SQL)
    assert user_text(mock) == SQL_SENT
    whole, streamed = answers(guarded, mock, "Run: " + SQL_SENT, route, SQL)
    assert whole == streamed == "Run: " + SQL


# ------------------------------------------------------------------------------------------ numbers keep their type

def _chat_body(created: int) -> dict:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": created, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6}}


def _chunk(created: int, delta: dict, finish: str | None = None) -> dict:
    return {"id": "c1", "object": "chat.completion.chunk", "created": created, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def test_a_numeric_field_holding_a_value_stays_a_number(guarded: Proxy, mock: Mock) -> None:
    mock.script(raw_body=json.dumps(_chat_body(4111111111111111)))
    raw = httpx.post(f"{guarded.url}/v1/chat/completions", json={
        "model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}, timeout=60)
    assert raw.status_code == 200 and "4111111111111111" not in raw.text
    assert raw.json()["created"] == 0
    mock.script(raw_body=json.dumps(_chat_body(4111111111111111)))
    r = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert r.created == 0 and r.choices[0].message.content == "hi"


def test_a_numeric_field_holding_a_value_stays_a_number_streamed(guarded: Proxy, mock: Mock) -> None:
    n = 4111111111111111
    mock.script(raw_sse=sse(_chunk(n, {"role": "assistant", "content": ""}), _chunk(n, {"content": "hi"}),
                            _chunk(n, {}, "stop"), "[DONE]"))
    with httpx.stream("POST", f"{guarded.url}/v1/chat/completions", json={
            "model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "hi"}]},
            timeout=60) as raw:
        body = raw.read().decode()
    assert "4111111111111111" not in body
    events = [json.loads(line[6:]) for line in body.splitlines() if line.startswith("data: {")]
    assert events and all(e["created"] == 0 for e in events), body
    assert "".join(e["choices"][0]["delta"].get("content") or "" for e in events if e["choices"]) == "hi"


def test_an_ordinary_created_is_left_alone(guarded: Proxy, mock: Mock) -> None:
    mock.script(raw_body=json.dumps(_chat_body(1733580000)))
    r = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert r.created == 1733580000


# ------------------------------------------------------------------------------------------ `event: message`

def _named(name: str, *events: dict) -> str:
    return "".join(f"event: {name}\ndata: {json.dumps(e)}\n\n" for e in events) + "event: message\ndata: [DONE]\n\n"


def test_event_message_on_a_chat_stream_is_read(guarded: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=_named("message", _chunk(1, {"role": "assistant", "content": ""}),
                               _chunk(1, {"content": "Mail jane.doe@example.com today."}), _chunk(1, {}, "stop")))
    chunks = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                                  stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == \
        "Mail <EMAIL_ADDRESS_1> today."


def test_an_unknown_event_name_still_fails_closed(guarded: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=_named("delta", _chunk(1, {"role": "assistant", "content": ""}), _chunk(1, {"content": "x"})))
    with pytest.raises(openai.APIError):
        chunks = oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                      messages=[{"role": "user", "content": "hi"}])
        "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


# ------------------------------------------------------------------------------------------ words read as a person

KEPT = ("Coordinates: 42.3601, -71.0589 (Boston).\n"
        "My number is 1-800-FLOWERS\n"
        "The container limit is 4Gi and Xmx is 3g. Why is it still OOM killed?\n"
        "Assembly: what does `lea rax, [rdi + rsi*4 + 8]` compute?\n"
        "Prisma migrate dev wants to reset the database because of drift.\n"
        "Förklara reglerna i innebandy.\n"
        "Which is better for a first telescope: a refractor or a Dobsonian?\n"
        "Uniqlo Heattech vs merino wool for skiing base layers?")
PEOPLE = "Mera naam Priya Sharma hai. Call Grace Miller at 1-800-FLOWERS. John Dobson invented the Dobsonian mount."
NAMES = ["Priya Sharma", "Grace Miller", "John Dobson"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_words_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_hinglish_possessive_kept_and_the_number_redacted(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, "Mera mobile number 9876543210 hai")
    sent = user_text(mock)
    assert sent.startswith("Mera mobile number ") and "9876543210" not in sent and "PERSON" not in sent, sent


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_with_the_same_words_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_words_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
