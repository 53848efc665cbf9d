"""A person's name inside a file name (issue 12), end to end: the file-name fields (`file.filename`, Responses
`input_file.filename`, an Anthropic document's `title`) and message text reach the provider with the name's
characters redacted and the rest of the file's name as sent; the id-shaped fields stay as sent."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS]}
"""
AUTH = {"Authorization": "Bearer sk-x", "x-api-key": "sk-x", "anthropic-version": "2023-06-01"}
PDF = "data:application/pdf;base64,JVBERi0xLjQK"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def sent(p: Proxy, mock: Mock, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = httpx.post(f"{p.url}{path}", json=body, headers=AUTH, timeout=60)
    assert r.status_code == 200, r.text
    return mock.state.requests[-1].body


def test_chat_file_name_and_text(guarded: Proxy, mock: Mock) -> None:
    body = sent(guarded, mock, "/v1/chat/completions", {"model": "gpt-4o-mini", "user": "Jordan_Smith", "messages": [
        {"role": "user", "name": "jordan.smith", "content": [
            {"type": "text", "text": "Please review resume-jordan-smith.docx today"},
            {"type": "file", "file": {"filename": "Jordan_Smith_CV.pdf", "file_data": PDF}}]}]})
    content = body["messages"][0]["content"]
    assert re.fullmatch(r"<PERSON_\d>_CV\.pdf", content[1]["file"]["filename"])
    assert re.fullmatch(r"Please review resume-<PERSON_\d>\.docx today", content[0]["text"])
    assert content[1]["file"]["file_data"] == PDF
    # ids, documented as such: as sent; a name joined by `_` is read as the name there (atk24a F01, context24)
    assert re.fullmatch(r"PERSON_\d", body["user"]) and body["messages"][0]["name"] == "jordan.smith"


def test_responses_input_file_name(guarded: Proxy, mock: Mock) -> None:
    body = sent(guarded, mock, "/v1/responses", {
        "model": "gpt-4o-mini", "safety_identifier": "jordan.smith", "prompt_cache_key": "Jordan_Smith",
        "input": [{"role": "user", "content": [
            {"type": "input_text", "text": "Summarise it."},
            {"type": "input_file", "filename": "/home/docs/JordanSmith_offer.pdf", "file_data": PDF}]}]})
    assert re.fullmatch(r"/home/docs/<PERSON_\d>_offer\.pdf", body["input"][0]["content"][1]["filename"])
    assert body["safety_identifier"] == "jordan.smith" and re.fullmatch(r"PERSON_\d", body["prompt_cache_key"])


def test_anthropic_document_title(guarded: Proxy, mock: Mock) -> None:
    body = sent(guarded, mock, "/v1/messages", {
        "model": "claude-3-5-sonnet-latest", "max_tokens": 10, "metadata": {"user_id": "Jordan_Smith"},
        "messages": [{"role": "user", "content": [
            {"type": "document", "title": "jordan.smith.cv.pdf",
             "source": {"type": "text", "media_type": "text/plain", "data": "Skills: Python."}},
            {"type": "text", "text": "Summarise the CV."}]}]})
    assert body["messages"][0]["content"][0]["title"] == "<PERSON_1>.cv.pdf"
    assert re.fullmatch(r"PERSON_\d", body["metadata"]["user_id"])  # (atk24a F01, context24)


def test_identifiers_and_source_files_pass_as_sent(guarded: Proxy, mock: Mock) -> None:
    text = "Grant_Type in Jenkins_Build breaks Lambda_Handler; see Jordan_curve.py and Monte_Carlo_Simulation.xlsx"
    body = sent(guarded, mock, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": text}]})
    assert body["messages"][0]["content"] == text
