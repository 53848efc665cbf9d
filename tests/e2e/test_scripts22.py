"""Names in other scripts faker's lists miss (intl22, atk22b HIGH-1, HIGH-2, HIGH-3, Note; `proxy.nlp.scripts22`), end
to end through the official SDKs: a Chinese name after a role's noun, a Japanese name after a label, a Thai name after
a glued honorific and a name under a person's key of a JSON tool result reach the provider redacted, the rest as
sent; a PII-free sentence of the same shape reaches it as sent."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai, received


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_role_noun_names_and_a_tool_result_under_a_name_key(guarded: Proxy, mock: Mock) -> None:
    doc = json.dumps({"name": "محمد العلي", "status": "open"}, ensure_ascii=False)
    call = {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
    messages: Any = [
        {"role": "user", "content": "患者王伟今天早上入院。客户高兴地说问题解决了。\nคุณสมชาย ใจดี ติดต่อมาเรื่องการคืนเงิน"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": doc},
    ]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages)
    sent = mock.state.requests[-1].body["messages"]
    assert re.fullmatch(r"患者<PERSON_\d>今天早上入院。客户高兴地说问题解决了。\nคุณ<PERSON_\d> ติดต่อมาเรื่องการคืนเงิน",
                        sent[0]["content"]), sent[0]["content"]
    result = json.loads(sent[2]["content"])
    assert re.fullmatch(r"<PERSON_\d>", result["name"]) and result["status"] == "open", result
    assert not any(w in received(mock) for w in ("王伟", "สมชาย", "محمد العلي")), received(mock)


def test_anthropic_japanese_label_and_tool_result(guarded: Proxy, mock: Mock) -> None:
    doc = json.dumps({"氏名": "鈴木一郎", "部署": "経理"}, ensure_ascii=False)
    messages: Any = [
        {"role": "user", "content": "担当：山本蓮\n松本市の人口は約24万人です。"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": doc}]},
    ]
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=messages)
    body = mock.state.requests[-1].body
    first = body["messages"][0]["content"]
    text = first if isinstance(first, str) else first[0]["text"]
    assert re.fullmatch(r"担当：<PERSON_\d>\n松本市の人口は約24万人です。", text), text
    block = body["messages"][2]["content"][0]["content"]
    got = block if isinstance(block, str) else block[0]["text"]
    assert json.loads(got)["部署"] == "経理" and re.fullmatch(r"<PERSON_\d>", json.loads(got)["氏名"]), got
    assert not any(w in received(mock) for w in ("山本蓮", "鈴木", "一郎")), received(mock)
