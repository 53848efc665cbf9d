"""file36 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk35 F05,
F09): a text file sent as base64 (a chat `file` part, a Responses `input_file`, an Anthropic base64 `document`, a
base64 run in a prompt) reaches the provider re-encoded with its values redacted (same `data:` prefix, same
`filename`), and the model's answer naming the placeholders reaches the client with the values put back; a PDF content
stream's split `TJ` strings reach the provider redacted, and the model's own such stream reaches the client redacted,
whole and streamed. Answers are not decoded from base64 (the model writes text, not files). Held-out values;
look-alikes go as sent."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


CSV = ("name,email,phone,ssn\nKwame Mensah,kwame.mensah@tailspin.gh,415-555-0132,372-51-8840\n"
       "Ingrid Solberg,ingrid.s@woodgrove.no,646-555-0188,521-49-3307\n")
SECRETS = ["Kwame", "Mensah", "kwame.mensah@tailspin.gh", "415-555-0132", "372-51-8840", "Ingrid", "Solberg",
           "ingrid.s@woodgrove.no", "646-555-0188", "521-49-3307"]
B64 = base64.b64encode(CSV.encode()).decode()
PLAIN = "region,units,price\nEMEA,120,9.50\nAPAC,80,9.75\n"
PLAIN_B64 = base64.b64encode(PLAIN.encode()).decode()


def _decoded(value: str) -> str:
    return base64.b64decode(value.partition(";base64,")[2] or value).decode()


def _clean(text: str) -> bool:
    return not [s for s in SECRETS if s in text]


def test_chat_file_part_and_prose_blob(guarded: Proxy, mock: Mock) -> None:
    mock.script(text="Rows: <PERSON_1> (<EMAIL_ADDRESS_1>).")
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": [  # type: ignore[misc, list-item]
        {"type": "file", "file": {"filename": "customers.csv", "file_data": "data:text/csv;base64," + B64}},
        {"type": "text", "text": "Deduplicate this file."}]}]).choices[0].message.content
    part = mock.last_body["messages"][0]["content"][0]["file"]
    assert part["filename"] == "customers.csv" and part["file_data"].startswith("data:text/csv;base64,")
    sent = _decoded(part["file_data"])
    assert _clean(sent) and sent.startswith("name,email,phone,ssn\n<PERSON_1>,<EMAIL_ADDRESS_1>,"), sent
    assert got == "Rows: Kwame Mensah (kwame.mensah@tailspin.gh).", got  # the client's own values put back
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Decode this export and list the rows: " + B64}])
    sent = mock.last_body["messages"][0]["content"]
    assert sent.startswith("Decode this export and list the rows: ") and B64 not in sent
    assert _clean(_decoded(sent.rpartition(" ")[2])), sent
    for text in ("Decode this export and list the rows: " + PLAIN_B64, "Sum the units: data:text/csv;base64,"
                 + PLAIN_B64):
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_responses_input_file(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", input=[{"role": "user", "content": [  # type: ignore[misc, list-item]
        {"type": "input_file", "filename": "notes.txt", "file_data": "data:text/plain;base64," + B64},
        {"type": "input_file", "filename": "sales.csv", "file_data": "data:text/csv;base64," + PLAIN_B64},
        {"type": "input_text", "text": "Summarize."}]}])
    parts = mock.last_body["input"][0]["content"]
    assert parts[0]["filename"] == "notes.txt" and parts[0]["file_data"].startswith("data:text/plain;base64,")
    assert _clean(_decoded(parts[0]["file_data"])), _decoded(parts[0]["file_data"])
    assert parts[1]["file_data"] == "data:text/csv;base64," + PLAIN_B64


def test_anthropic_base64_document(guarded: Proxy, mock: Mock) -> None:
    content = [
        {"type": "document", "source": {"type": "base64", "media_type": "text/plain", "data": B64}},
        {"type": "text", "text": "Who is in this list?"}]
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": content}])  # type: ignore[misc, list-item]
    source = mock.last_body["messages"][0]["content"][0]["source"]
    assert source["media_type"] == "text/plain" and _clean(_decoded(source["data"])), _decoded(source["data"])


PDF = ("Why does this page render with gaps?\n"
       "BT /F1 10 Tf 72 700 Td [(Mail: kwame.men)-15(sah@tail)10(spin.gh)] TJ ET\n"
       "BT 72 686 Td [(SSN 372-)30(51-8840)] TJ ET\nBT 72 672 Td [(Patient: Ingrid Sol)15(berg)] TJ ET")
PDF_KEPT = "BT /F1 12 Tf 72 712 Td [(Invoice 2026-)20(0042)] TJ (Total: 1,280.00) Tj ET\nWhy is the kerning off?"


def test_pdf_stream_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": PDF}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in ("men)-15(sah", "51-8840", "Sol)15(berg", "spin.gh") if s in sent], sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": PDF_KEPT}])
    assert mock.last_body["messages"][0]["content"] == PDF_KEPT
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": PDF}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("men)-15(sah", "51-8840", "Sol)15(berg") if s in sent], sent


ANSWER = "Here is the fixed stream:\nBT /F1 10 Tf 72 700 Td [(Contact: ingrid.s)-20(@woodgrove.no)] TJ ET\nDone."


def test_pdf_stream_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "fix it"}]).choices[0].message.content
    assert got is not None and "woodgrove" not in got and "Done." in got, got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "fix it"}], stream=True) if c.choices)
    assert streamed and "woodgrove" not in streamed and "Done." in streamed, streamed
