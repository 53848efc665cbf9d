"""file36 (atk35 F05, F09): text files sent as base64 (a chat `file` part, a Responses `input_file`, an Anthropic
base64 `source`, a `data:` URL, a base64 run pasted in a prompt) are read decoded and go on re-encoded with their
values redacted; binary payloads (PDF, PNG) go as sent. A PDF content stream's `TJ` arrays and `Tj` runs are read
with their pieces joined. Values and layouts are held out (not the report's); the look-alikes go as sent."""

from __future__ import annotations

import base64
import codecs
import re

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_BLOCK = policy(input={"pii": {"action": "block", "entities": DEFAULT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def b64(text: str, codec: str = "utf-8") -> str:
    return base64.b64encode(text.encode(codec)).decode()


def unb64(value: str, codec: str = "utf-8") -> str:
    return base64.b64decode(value.partition(";base64,")[2] or value).decode(codec)


CSV = ("id,full_name,email,phone,ssn\n1,Priya Raghunathan,priya.r@northwind-labs.io,(503) 555-0178,219-09-9999\n"
       "2,Tomasz Nowak,t.wieczorek@fabrikam.pl,312-555-0147,457-55-5462\n")
CSV_SECRETS = ["Priya", "Raghunathan", "priya.r@northwind-labs.io", "555-0178", "219-09-9999",
               "t.wieczorek@fabrikam.pl", "312-555-0147", "457-55-5462", "Nowak"]
NOTES = "Call notes 2026-03-02: Dmitri Volkov asked us to update his card to 5500 0055 5555 5559. Mail d.volkov@ex.io"
NOTES_SECRETS = ["Volkov", "5500 0055 5555 5559", "d.volkov@ex.io"]
JSON_DOC = '[{"customer": "Aisha Bello", "email": "aisha.bello@contoso.ng", "mobile": "+1 415 555 0123"}]'
JSON_SECRETS = ["Aisha Bello", "aisha.bello@contoso.ng", "415 555 0123"]


async def _chat(guard: Guard, body: dict, rules=P_IN):
    return await screen_request(guard, rules, openai.request_texts("chat", body))


@pytest.mark.parametrize(("head", "name", "text", "secrets"), [
    ("data:text/csv;base64,", "customers.csv", CSV, CSV_SECRETS),
    ("data:text/plain;base64,", "notes.txt", NOTES, NOTES_SECRETS),
    ("data:application/json;base64,", "export.json", JSON_DOC, JSON_SECRETS),
    ("data:application/octet-stream;base64,", "dump.tsv", CSV.replace(",", "\t"), CSV_SECRETS),
    ("", "notes.txt", NOTES, NOTES_SECRETS),  # no media type given
])
async def test_chat_file_part_redacted_and_reencoded(guard: Guard, head: str, name: str, text: str,
                                                     secrets: list[str]) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": [
        {"type": "file", "file": {"filename": name, "file_data": head + b64(text)}},
        {"type": "text", "text": "Deduplicate this file."}]}]}
    await _chat(guard, body)
    part = body["messages"][0]["content"][0]["file"]
    assert part["filename"] == name and part["file_data"].startswith(head)
    sent = unb64(part["file_data"])
    assert not [s for s in secrets if s in sent], sent
    assert "<EMAIL_ADDRESS_" in sent


async def test_responses_input_file_and_utf16(guard: Guard) -> None:
    utf16 = base64.b64encode(codecs.BOM_UTF16_LE + NOTES.encode("utf-16-le")).decode()
    body = {"model": "m", "input": [{"role": "user", "content": [
        {"type": "input_file", "filename": "c.csv", "file_data": "data:text/csv;base64," + b64(CSV)},
        {"type": "input_file", "filename": "n.txt", "file_data": "data:text/plain;base64," + utf16},
        {"type": "input_text", "text": "Summarize both."}]}]}
    await screen_request(guard, P_IN, openai.request_texts("responses", body))
    parts = body["input"][0]["content"]
    csv = unb64(parts[0]["file_data"])
    notes = unb64(parts[1]["file_data"], "utf-16")
    assert not [s for s in CSV_SECRETS if s in csv], csv
    assert not [s for s in NOTES_SECRETS if s in notes], notes
    assert csv.startswith("id,full_name,email,phone,ssn\n1,") and notes.startswith("Call notes 2026-03-02:")


async def test_anthropic_base64_text_document(guard: Guard) -> None:
    body = {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "base64", "media_type": "text/plain", "data": b64(NOTES)}},
        {"type": "text", "text": "What changed?"}]}]}
    await screen_request(guard, P_IN, anthropic.request_texts("messages", body))
    source = body["messages"][0]["content"][0]["source"]
    sent = unb64(source["data"])
    assert source["media_type"] == "text/plain" and not [s for s in NOTES_SECRETS if s in sent], sent


async def test_base64_run_in_prose(guard: Guard) -> None:
    blob = b64(CSV)
    wrapped = "\n".join(blob[k:k + 76] for k in range(0, len(blob), 76))
    for text in ("Decode this export and list the rows: " + blob + " thanks",
                 "Attachment (base64, MIME lines):\n" + wrapped + "\n-- end",
                 "![x](data:text/csv;base64," + blob + ")"):
        body = {"model": "m", "messages": [{"role": "user", "content": text}]}
        await _chat(guard, body)
        sent = body["messages"][0]["content"]
        assert blob not in sent and wrapped not in sent, sent
        (run,) = re.findall(r"[A-Za-z0-9+/=\n]{60,}", sent)
        decoded = unb64("".join(run.split()))
        assert not [s for s in CSV_SECRETS if s in decoded], decoded
        assert decoded.startswith("id,full_name,email,phone,ssn\n1,")
        assert sent[:12] == text[:12] and sent[-1] == text[-1]


async def test_block_policy_blocks_a_file(guard: Guard) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": [
        {"type": "file", "file": {"filename": "c.csv", "file_data": "data:text/csv;base64," + b64(CSV)}}]}]}
    verdict = await _chat(guard, body, P_BLOCK)
    assert verdict.blocked


LOOKALIKE_FILES = [  # (head, name, text): text files without PII: go byte for byte as sent
    ("data:text/csv;base64,", "sales.csv", "region,quarter,revenue\nEMEA,Q1,1280.50\nAPAC,Q1,990.00\n"),
    ("data:text/plain;base64,", "readme.txt", "Run make test, then make lint. Version 2.4.1 shipped on 2026-01-12."),
    ("data:application/json;base64,", "cfg.json", '{"timeout_ms": 3000, "retries": 5, "region": "eu-west-1"}'),
]


@pytest.mark.parametrize(("head", "name", "text"), LOOKALIKE_FILES)
async def test_lookalike_files_unchanged(guard: Guard, head: str, name: str, text: str) -> None:
    value = head + b64(text)
    body = {"model": "m", "messages": [{"role": "user", "content": [
        {"type": "file", "file": {"filename": name, "file_data": value}}, {"type": "text", "text": "Check."}]}]}
    await _chat(guard, body)
    assert body["messages"][0]["content"][0]["file"]["file_data"] == value


BINARY = [
    "data:application/pdf;base64," + base64.b64encode(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nMaria Gonzalez 617-482-9931"
                                                       ).decode(),
    "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))).decode(),
]


def test_binary_and_non_text_payloads_not_decoded() -> None:
    from proxy.nlp.file36 import payload_text

    for value in BINARY:
        assert payload_text(value) is None
    assert payload_text(base64.b64encode(bytes(range(256))).decode()) is None
    assert payload_text(b64("hello"), "image/png") is None
    assert payload_text(b64("a,b\n1,2\n"), "", "x.pdf") is None


LOOKALIKE_PROSE = [  # base64-alphabet runs that are no text, and prose: unchanged
    "token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkbWluIn0.abc123",
    "sha512: " + "a3f1" * 32,
    "The key is " + base64.b64encode(bytes(range(40, 100))).decode() + " (rotated weekly).",
    "Use AbstractSingletonProxyFactoryBeanConfigurationManagerHelperUtils for that.",
    "![logo](data:image/png;base64," + BINARY[1].partition(",")[2] + ")",
    "Decode this: " + b64("region,quarter,revenue\nEMEA,Q1,1280.50\nAPAC,Q1,990.00\n") + " and sum it.",
]


async def test_base64_mrz_line_is_read_decoded(guard: Guard) -> None:
    """A base64 token that decodes to an MRZ name line names a person (test_mrz34's look-alike token, decoded: the MRZ
    reader does not read base64 as an MRZ; the decoded text is read as any text is)."""
    token = "UDxVU0FNSUxMRVI8PERBVklEPEpBTUVTPDw8PDw8PDw8PDw8PDw8PDw8PDw8Cg=="
    body = {"model": "m", "messages": [{"role": "user", "content": "Token: " + token}]}
    await _chat(guard, body)
    decoded = unb64(body["messages"][0]["content"].partition("Token: ")[2])
    assert "MILLER" not in decoded and "DAVID" not in decoded and decoded.startswith("P<USA"), decoded


@pytest.mark.parametrize("text", LOOKALIKE_PROSE)
async def test_lookalike_prose_unchanged(guard: Guard, text: str) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await _chat(guard, body)
    assert body["messages"][0]["content"] == text


# ------------------------------------------------------------------------------------------------------ F09: PDF

PDF = [  # (content stream, what must not go, what must stay)
    ("BT /F2 9 Tf 50 760 Td [(Contact: d.vol)-12(kov@exam)8(ple.io)] TJ ET", ["kov@exam", "d.vol)"], ["/F2 9 Tf"]),
    ("BT 50 740 Td [(Social Security No. 457-)25(55-5462)] TJ ET", ["5462"], ["Social Security No."]),
    ("BT 50 720 Td [(Mobile \\(US\\): 312-)40(555-)-10(0147)] TJ ET", ["0147"], ["Mobile \\(US\\):"]),
    ("BT 50 700 Td [(Name: Tomasz Wiecz)18(orek)] TJ ET", ["Wiecz", "orek"], ["Name:"]),
    ("BT 50 680 Td [(Card 5500 0055 )-30(5555 5559)] TJ ET", ["5559"], ["Card"]),
    ("BT 50 660 Td (Email: aisha.be) Tj (llo@contoso.ng) Tj ET", ["aisha.be", "llo@contoso"], ["Email:"]),
    ("BT 50 640 Td (Phone: 503-555-) Tj\n(0178) Tj ET", ["0178"], ["Phone:"]),
]


@pytest.mark.parametrize(("text", "gone", "kept"), PDF)
async def test_pdf_text_operators(guard: Guard, text: str, gone: list[str], kept: list[str]) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "Why does this page render with gaps?\n" + text}]}
    await _chat(guard, body)
    sent = body["messages"][0]["content"]
    assert not [g for g in gone if g in sent], sent
    assert all(k in sent for k in kept), sent


PDF_LOOKALIKES = [
    "BT /F1 12 Tf 72 712 Td [(W)120(orld)-333(Hello)] TJ ET",
    "BT /F1 12 Tf 72 712 Td [(Invoice 2026-)20(0042)] TJ (Total: 1,280.00) Tj ET",
    "BT /F1 10 Tf 72 700 Td [(Page )-20(3)( of )-20(12)] TJ ET\nBT 72 690 Td (Version 4.2.1 build 20260112) Tj ET",
    "BT /F3 8 Tf 0 0 Td [(Quarterly re)15(port: revenue up 12%)] TJ ET",
    "q 1 0 0 1 72 720 cm /Im1 Do Q % draw the logo, then (Table 3) Tj",
]


@pytest.mark.parametrize("text", PDF_LOOKALIKES)
async def test_pdf_lookalikes_unchanged(guard: Guard, text: str) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await _chat(guard, body)
    assert body["messages"][0]["content"] == text
