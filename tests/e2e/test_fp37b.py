"""fp37b end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 FP02,
FP01 and over-redaction): a streamed chat answer whose short content is followed by a tool call whose arguments open
with an e-mail keeps its content; Vietnamese plan/switch sentences reach the provider as sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

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


KEPT = ["Khách hàng muốn nâng cấp sang gói doanh nghiệp từ tháng tới.", "Per the runbook, restart the pod first."]
NAMED = ("Müşteri Emre Aksoy dün aradı. Pelanggan Andi Pratama menelepon tadi pagi.", ["Emre", "Aksoy", "Andi",
                                                                                    "Pratama"],
         ["Müşteri <PERSON_", "Pelanggan <PERSON_", "> menelepon"])


def test_requests_openai_and_anthropic(guarded: Proxy, mock: Mock) -> None:
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=64,
                                        messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text
    text, names, kept = NAMED
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [n for n in names if n in sent] and not [k for k in kept if k not in sent], sent
