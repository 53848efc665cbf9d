"""files37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F10,
F11, F16, F17): an uploaded text file reaches the provider redacted whatever its media type or name says (`.eml`,
HL7, `application/vnd.ms-excel` + `.csv`, `data:;base64,` without a type), in its own legacy encoding (GBK,
Shift_JIS, Windows-1251 without a declared charset) and with its control bytes (Ctrl-Z, NUL padding, ANSI colour
codes) kept; the model's answer naming the placeholders reaches the client with the values put back, whole and
streamed. Binary files and text files without PII go byte for byte as sent. Held-out values."""

from __future__ import annotations

import base64
import io
import zipfile
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


CSV = ("name,email,phone\nBartholomew Quist,b.quist@harborlogistics.com,(503) 555-0191\n"
       "Mireille Dufresne,m.dufresne@relecloud.fr,412-555-0163\n")
SECRETS = ["b.quist@harborlogistics.com", "555-0191", "m.dufresne@relecloud.fr", "412-555-0163"]
GBK = "姓名,邮箱,手机\n周立新,zhou.lixin@example.cn,139-2207-4816\n"
GBK_SECRETS = ["zhou.lixin@example.cn", "2207-4816"]
SJIS = "氏名,メール\n松本大輔,d.matsumoto@example.co.jp\n"
RU = "ФИО,почта\nВолкова Ирина,i.volkova@example.ru\n"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _raw(value: str) -> bytes:
    return base64.b64decode(value.partition(";base64,")[2] if ";base64," in value else value)


def _chat_file(guarded: Proxy, mock: Mock, name: str | None, data: str) -> dict:
    file = {"file_data": data} | ({"filename": name} if name is not None else {})
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": [  # type: ignore[misc, list-item]
        {"type": "file", "file": file}, {"type": "text", "text": "Summarize the attachment."}]}])
    return mock.last_body["messages"][0]["content"][0]["file"]


@pytest.mark.parametrize(("media", "name"), [
    ("message/rfc822", "claim.eml"), ("application/hl7-v2", "adt.hl7"), ("application/vnd.ms-excel", "export.csv"),
    ("application/force-download", "export.csv"), ("application/octet-stream", "export.dat"), ("", None)])
def test_chat_file_of_any_type(guarded: Proxy, mock: Mock, media: str, name: str | None) -> None:
    data = f"data:{media};base64,{_b64(CSV.encode())}"
    file = _chat_file(guarded, mock, name, data)
    sent = _raw(file["file_data"]).decode()
    assert file["file_data"].startswith(f"data:{media};base64,") and file.get("filename") == name
    assert not [s for s in SECRETS if s in sent] and sent.startswith("name,email,phone\n"), sent


@pytest.mark.parametrize(("text", "codec", "secrets"), [
    (GBK, "gbk", GBK_SECRETS), (SJIS, "shift_jis", ["d.matsumoto@example.co.jp"]),
    (RU, "cp1251", ["i.volkova@example.ru"]), (CSV, "utf-16-le", SECRETS)])
def test_responses_legacy_encoding(guarded: Proxy, mock: Mock, text: str, codec: str, secrets: list[str]) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", input=[{"role": "user", "content": [  # type: ignore[misc, list-item]
        {"type": "input_file", "filename": "export.csv",
         "file_data": "data:text/csv;base64," + _b64(text.encode(codec))},
        {"type": "input_text", "text": "Summarize."}]}])
    part = mock.last_body["input"][0]["content"][0]
    sent = _raw(part["file_data"]).decode(codec)
    assert not [s for s in secrets if s in sent] and sent.split("\n")[0] == text.split("\n")[0], sent


def test_control_bytes_chat_responses_anthropic(guarded: Proxy, mock: Mock) -> None:
    for raw in (CSV.encode() + b"\x1a", CSV.encode() + b"\x00" * 16, b"\x1b[1m" + CSV.encode() + b"\x1b[0m"):
        file = _chat_file(guarded, mock, "export.csv", "data:text/csv;base64," + _b64(raw))
        sent = _raw(file["file_data"])
        assert not [s for s in SECRETS if s.encode() in sent] and sent[-2:] == raw[-2:], sent
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[{  # type: ignore[misc, list-item]
            "role": "user", "content": [
                {"type": "document", "source": {"type": "base64", "media_type": "text/plain", "data": _b64(raw)}},
                {"type": "text", "text": "Who is listed?"}]}])
        sent = _raw(mock.last_body["messages"][0]["content"][0]["source"]["data"])
        assert not [s for s in SECRETS if s.encode() in sent] and sent[:2] == raw[:2], sent


def test_answer_restored_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    data = "data:application/vnd.ms-excel;base64," + _b64(GBK.encode("gbk"))
    content = [{"type": "file", "file": {"filename": "export.csv", "file_data": data}},
               {"type": "text", "text": "Whom do I write to?"}]
    mock.script(text="Write to <EMAIL_ADDRESS_1>.")
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": content}]).choices[0].message.content  # type: ignore[misc, list-item]
    assert "zhou.lixin@example.cn" not in _raw(mock.last_body["messages"][0]["content"][0]["file"]["file_data"]
                                                ).decode("gbk")
    assert got == "Write to zhou.lixin@example.cn.", got
    mock.script(text="Write to <EMAIL_ADDRESS_1>.", chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": content}], stream=True) if c.choices)  # type: ignore[misc, list-item]
    assert streamed == "Write to zhou.lixin@example.cn.", streamed


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/sharedStrings.xml", "<sst><si><t>b.quist@harborlogistics.com</t></si></sst>")
    return buf.getvalue()


def test_binary_and_plain_files_as_sent(guarded: Proxy, mock: Mock) -> None:
    plain = "region,units,price\nEMEA,120,9.50\nAPAC,80,9.75\n"
    for media, raw in (("application/vnd.ms-excel", _xlsx()), ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
                       ("application/octet-stream", bytes(range(256)) * 2),
                       ("application/vnd.ms-excel", plain.encode() + b"\x1a"),
                       ("text/csv", "製品,数量\nネジ,1200\n".encode("shift_jis")),
                       ("", "товар,цена\nвинт,4.5\n".encode("cp1251"))):
        data = f"data:{media};base64,{_b64(raw)}"
        assert _chat_file(guarded, mock, "items.csv", data)["file_data"] == data
