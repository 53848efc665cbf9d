"""out42 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk42 F07, F11):
an answer that ends inside the model's e-mail address (`...@outlook.c`, `...@protonm`, `...@`) or card number (15
digits, the check digit missing) reaches the client redacted, on chat, completions, Responses and Messages, whole and
streamed, a `max_tokens` cut too; and whatever the text ends with, no id of the answer (chat `id`, tool call ids,
Responses `resp_`/`msg_`/`fc_`/`call_`, Anthropic `msg_`/`toolu_`, the stream events' `item_id`s) is rewritten.
Look-alikes at an answer's end (a host login, a package's tag, an order number) and the prompts go as sent. Held-out
values."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


_MOCK_ID = re.compile(r"[a-z]+[_-]mock\d{20}")
_ID_KEYS = ("id", "item_id", "call_id", "tool_use_id", "response_id")
CALL = [{"name": "lookup", "arguments": '{"q": "status"}'}]


def _ids(value: Any) -> list[str]:
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += [v] if k in _ID_KEYS and isinstance(v, str) else _ids(v)
    elif isinstance(value, list):
        for v in value:
            out += _ids(v)
    return out


def _dump(obj: Any) -> Any:
    return json.loads(obj.model_dump_json(warnings=False))


def _every_route(p: Proxy, mock: Mock, text: str, tools: bool) -> list[tuple[str, str, list[str]]]:
    """(route, the text the client got, every id it got) on each route, whole and streamed 3 characters a chunk."""
    out: list[tuple[str, str, list[str]]] = []
    o, a = oai(p), claude(p)
    msgs: Any = [{"role": "user", "content": "Who handles billing?"}]
    calls = {"tool_calls": CALL} if tools else {}
    for chunk in (None, 3):
        stream = chunk is not None
        extra = {"chunk_chars": 3} if stream else {}
        mock.script(text=text, **calls, **extra)
        if stream:
            events = [_dump(c) for c in o.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True)]
            got = "".join(c["choices"][0]["delta"].get("content") or "" for c in events if c["choices"])
            out.append(("chat streamed", got, _ids(events)))
        else:
            r = _dump(o.chat.completions.create(model="gpt-4o-mini", messages=msgs))
            out.append(("chat", r["choices"][0]["message"]["content"] or "", _ids(r)))
        mock.script(text=text, **extra)
        if stream:
            chunks = o.completions.create(model="gpt-3.5-turbo-instruct", prompt="Who?", stream=True)
            events = [_dump(c) for c in chunks]
            out.append(("completions streamed", "".join(c["choices"][0]["text"] for c in events if c["choices"]),
                        _ids(events)))
        else:
            r = _dump(o.completions.create(model="gpt-3.5-turbo-instruct", prompt="Who?"))
            out.append(("completions", r["choices"][0]["text"], _ids(r)))
        mock.script(text=text, **calls, **extra)
        if stream:
            with o.responses.stream(model="gpt-4o-mini", input="Who handles billing?") as s:
                events = [_dump(e) for e in s]
            got = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
            out.append(("responses streamed", got, _ids(events)))
        else:
            r = _dump(o.responses.create(model="gpt-4o-mini", input="Who handles billing?"))
            got = "".join(c["text"] for item in r["output"] if item["type"] == "message" for c in item["content"])
            out.append(("responses", got, _ids(r)))
        mock.script(text=text, **calls, **extra)
        if stream:
            with a.messages.stream(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs) as s:
                events = [_dump(e) for e in s]
            got = "".join(e["delta"].get("text") or "" for e in events if e["type"] == "content_block_delta")
            out.append(("messages streamed", got, _ids(events)))
        else:
            r = _dump(a.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=msgs))
            out.append(("messages", "".join(b.get("text") or "" for b in r["content"]), _ids(r)))
    return out


CUT = [  # (the model's answer, what must not reach the client, the placeholder's type)
    ("Her personal address is priya.raman@outlook.c", "priya.raman", "EMAIL_ADDRESS"),
    ("You can write to him at t.okafor@protonm", "t.okafor", "EMAIL_ADDRESS"),
    ("The account holder's e-mail is mbeaumont_84@", "mbeaumont_84", "EMAIL_ADDRESS"),
    ("The Visa on file is 471610899716473", "471610899716473", "CREDIT_CARD"),
]


@pytest.mark.parametrize("text, value, entity", CUT)
def test_cut_value_at_an_answers_end(guarded: Proxy, mock: Mock, text: str, value: str, entity: str) -> None:
    for route, got, ids in _every_route(guarded, mock, text, tools=False):
        assert value not in got and f"<{entity}_" in got, (route, got)
        assert ids and all(_MOCK_ID.fullmatch(i) for i in ids), (route, ids)
    assert "priya" not in json.dumps([r.body for r in mock.state.requests])  # nothing of it went up either


ENDINGS = ["Reply to ops@kestrel.co", "Reply to ops@kestrel-labs.c", "Mail f.nakamura@fastm",
           "Card: 5425 2334 3010 906"]


@pytest.mark.parametrize("text", ENDINGS)
def test_ids_never_rewritten(guarded: Proxy, mock: Mock, text: str) -> None:
    """A text ending in an address on `.co`, a cut one or a cut card, with a tool call beside it: every id as sent."""
    for route, got, ids in _every_route(guarded, mock, text, tools=True):
        assert ids and all(_MOCK_ID.fullmatch(i) for i in ids), (route, ids)
        assert text.split()[-1] not in got, (route, got)


def test_max_tokens_cut(guarded: Proxy, mock: Mock) -> None:
    """The provider's own cut (`finish_reason: length`, `stop_reason: max_tokens`) inside the address."""
    text = "Write to priya.raman@outlook.com about the refund."
    msgs: Any = [{"role": "user", "content": "Who?"}]
    mock.script(text=text)
    r = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=msgs, max_tokens=8)
    assert r.choices[0].finish_reason == "length"
    got = r.choices[0].message.content or ""
    assert "priya" not in got and got.startswith("Write to <EMAIL_ADDRESS_"), got
    mock.script(text=text, chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=8, messages=msgs) as s:
        streamed = "".join(s.text_stream)
        assert s.get_final_message().stop_reason == "max_tokens"
    assert "priya" not in streamed and streamed.startswith("Write to <EMAIL_ADDRESS_"), streamed


KEPT = ["Then connect with: ssh deploy@bastion", "Pin it: npm i react@latest", "The order number is 471610899716473",
        "Log in as postgres@localhost"]


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_at_an_answers_end(guarded: Proxy, mock: Mock, text: str) -> None:
    for route, got, ids in _every_route(guarded, mock, text, tools=False):
        assert got == text, (route, got)
        assert ids and all(_MOCK_ID.fullmatch(i) for i in ids), (route, ids)


def test_prompts_go_as_sent(guarded: Proxy, mock: Mock) -> None:
    """The rule reads answers only: a request ending so goes up as written."""
    prompt = "Fix my ssh config; the host line ends with admin@jumphost"
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
    assert mock.last_body["messages"][0]["content"] == prompt
