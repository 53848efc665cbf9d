"""atk17 M5, through the official SDKs: names under first- and last-name keys in a chat tool call's `arguments`, an
Anthropic `tool_use.input`, a Responses `function_call.arguments` and a tool schema's `default`s are redacted as the
same JSON written as message text is (README: "a value under such a key in JSON"); fillers and lower-case words
under such keys go up as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai, received, tool_turn

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER], restore: true}
"""
# Names the model left whole or in part under these keys (atk17 M5's four, and others).
NAMES = [("Priya", "Raghunathan"), ("Chloe", "Dubois"), ("Olumide", "Adeyemi"), ("Lars", "Eriksson")]
KEYS = [("first_name", "last_name"), ("given_name", "family_name")]


@pytest.fixture(scope="module")
def named(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _send(p: Proxy, where: str, obj: dict[str, Any]) -> None:
    if where == "chat arguments":
        oai(p).chat.completions.create(model="gpt-4o-mini", messages=tool_turn(obj))  # type: ignore[arg-type]
    elif where == "anthropic tool_use":
        messages: Any = [{"role": "user", "content": "hi"},
                         {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01", "name": "lookup",
                                                            "input": obj}]},
                         {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01",
                                                       "content": "ok"}]}]
        claude(p).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=messages)
    elif where == "responses function_call":
        items: Any = [{"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": json.dumps(obj)},
                      {"type": "function_call_output", "call_id": "call_1", "output": "ok"}]
        oai(p).responses.create(model="gpt-4o-mini", input=items)
    else:
        props = {k: {"type": "string", "default": v} for k, v in obj.items() if isinstance(v, str)}
        tools: Any = [{"type": "function", "function": {"name": "lookup", "parameters": {
            "type": "object", "properties": props}}}]
        oai(p).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], tools=tools)


WHERE = ["chat arguments", "anthropic tool_use", "responses function_call", "schema defaults"]


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("keys", KEYS)
@pytest.mark.parametrize("name", NAMES)
def test_a_name_under_name_part_keys_is_redacted(mock: Mock, named: Proxy, name: tuple[str, str],
                                                 keys: tuple[str, str], where: str) -> None:
    _send(named, where, {"id": 12, keys[0]: name[0], keys[1]: name[1]})
    sent = received(mock)
    assert name[0] not in sent and name[1] not in sent and "<PERSON_" in sent, sent


@pytest.mark.parametrize("where", WHERE[:3])
def test_fillers_under_name_part_keys_go_up_as_sent(mock: Mock, named: Proxy, where: str) -> None:
    obj = {"first_name": "Unknown", "last_name": "required", "surname": "None", "display_name": "Build Bot"}
    _send(named, where, obj)
    sent = received(mock)
    assert "<PERSON_" not in sent and all(v in sent for v in obj.values()), sent
