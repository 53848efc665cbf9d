"""intl25 (atk24a F07), end to end through the official openai SDK: a one-word name in a non-Latin script under a
person's key in tool-call arguments reaches the provider redacted, as in a message's text; a non-Latin word under a
thing's key reaches it as sent."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_tool_call_arguments_non_latin_names(guarded: Proxy, mock: Mock) -> None:
    args = {"customer": "Светлана", "product": "Молоко", "ticket": 4411}
    messages = [{"role": "user", "content": "close the ticket"},
                {"role": "assistant", "content": None, "tool_calls": [
                    {"id": "call_1", "type": "function",
                     "function": {"name": "close_ticket", "arguments": json.dumps(args, ensure_ascii=False)}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": "done"}]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
    sent = json.loads(mock.state.requests[-1].body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert re.fullmatch(r"<PERSON_\d>", sent["customer"]), sent
    assert sent["product"] == "Молоко" and sent["ticket"] == 4411


def test_chat_later_mentions_of_non_latin_names(guarded: Proxy, mock: Mock) -> None:
    # (atk24a F12) a name found in the system prompt, at its given-name mention in the user's turn; a Han look-alike
    messages = [{"role": "system", "content": "担当者：佐藤花子"},
                {"role": "user", "content": "花子が林業の資料を承認しました。"}]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
    m = mock.state.requests[-1].body["messages"]
    assert "花子" not in m[0]["content"] + m[1]["content"], m
    assert re.fullmatch(r"<PERSON_\d>が林業の資料を承認しました。", m[1]["content"]), m
