"""Person names glued to a file's extension after a space, to a Windows or macOS path's separator, and to a form
body's `&` (atk16 A HIGH-2, HIGH-3, MEDIUM-3), end to end with the official SDKs as clients: what the mock provider
RECEIVED holds only placeholders where the name was, the extension, the separators and the next key as sent, on the
Chat Completions, Responses and Messages routes; restore gives the client back what it sent. Values differ from the
finding's."""

from __future__ import annotations

import json
import re

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support import clients

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS], restore: true}
"""
PDF = "data:application/pdf;base64,JVBERi0xLjQK"
CLAUDE = "claude-3-5-sonnet-latest"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.fixture(scope="module")
def oai(guarded: Proxy) -> openai.OpenAI:
    return clients.oai(guarded)


@pytest.fixture(scope="module")
def claude(guarded: Proxy) -> anthropic.Anthropic:
    return clients.claude(guarded)


def test_chat_windows_path_and_form_body(oai: openai.OpenAI, mock: Mock) -> None:
    trace = '  File "C:\\Users\\Derek Olsen\\AppData\\Local\\app\\run.py", line 12, in main'
    form = "curl -d 'customer=Irene%20Kowalski&plan=team' https://billing.example.net/signup"
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": trace}, {"role": "user", "content": form}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    messages = mock.state.requests[-1].body["messages"]
    assert re.fullmatch(r'  File "C:\\Users\\<PERSON_\d>\\AppData\\Local\\app\\run\.py", line 12, in main',
                        messages[0]["content"])
    assert re.fullmatch(r"curl -d 'customer=<PERSON_\d>&plan=team' https://billing\.example\.net/signup",
                        messages[1]["content"])
    seen = clients.received(mock)
    assert not [w for w in ("Derek", "Olsen", "Irene", "Kowalski") if w in seen]


def test_responses_file_name_with_a_spaced_name(oai: openai.OpenAI, mock: Mock) -> None:
    oai.responses.create(model="gpt-4o-mini", input=[{"role": "user", "content": [
        {"type": "input_text", "text": "Summarise the attachment."},
        {"type": "input_file", "filename": "Employment contract - Derek Olsen.pdf", "file_data": PDF}]}])
    content = mock.state.requests[-1].body["input"][0]["content"]
    assert re.fullmatch(r"Employment contract - <PERSON_\d>\.pdf", content[1]["filename"])
    assert content[1]["file_data"] == PDF


def test_anthropic_document_title_and_unc_path(claude: anthropic.Anthropic, mock: Mock) -> None:
    text = "Please file it under \\\\hq-files\\people\\Irene Kowalski\\reviews"
    r = claude.messages.create(model=CLAUDE, max_tokens=300, messages=[{"role": "user", "content": [
        {"type": "document", "title": "Irene Kowalski.docx",
         "source": {"type": "text", "media_type": "text/plain", "data": "Skills: SQL."}},
        {"type": "text", "text": text}]}])
    content = mock.state.requests[-1].body["messages"][0]["content"]
    assert re.fullmatch(r"<PERSON_\d>\.docx", content[0]["title"])
    assert re.fullmatch(r"Please file it under \\\\hq-files\\people\\<PERSON_\d>\\reviews", content[1]["text"])
    assert "Kowalski" not in json.dumps(mock.state.requests[-1].body)
    # restore: the client reads what it sent
    assert "".join(b.text for b in r.content if b.type == "text").endswith(text)
