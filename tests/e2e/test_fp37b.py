"""fp37b end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 FP02,
FP01 and over-redaction): a streamed chat answer whose short content is followed by a tool call whose arguments open
with an e-mail keeps its content; Vietnamese plan/switch sentences reach the provider as sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


SAYS = ["ok", "OK", "Sure", "Done", "On it", "Will do", "Updating"]


@pytest.mark.parametrize("say", SAYS)
def test_streamed_content_before_tool_call_kept(guarded: Proxy, mock: Mock, say: str) -> None:
    args = json.dumps({"email": "ravi.shankar@rediffmail.com"})
    mock.script(text=say, tool_calls=[{"name": "update_contact", "arguments": args}], chunk_chars=1)
    content, argtext = "", ""
    for c in oai(guarded).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                  messages=[{"role": "user", "content": "x"}]):
        if not c.choices:
            continue
        content += c.choices[0].delta.content or ""
        for call in c.choices[0].delta.tool_calls or []:
            argtext += (call.function.arguments or "") if call.function else ""
    assert content == say
    assert "rediffmail" not in argtext and "<EMAIL_ADDRESS_" in argtext, argtext
