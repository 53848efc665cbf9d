"""enc38 end to end through the official openai and anthropic SDKs, under the shipped default policy: an uploaded
text file in EUC-JP, ISO-2022-JP, KOI8-R, KOI8-U or UTF-16 without a BOM (mostly CJK) reaches the provider redacted
and re-encoded in its own encoding (chat `file`, Responses `input_file`, Anthropic `document`); a base64 run of
UTF-16 without a BOM in a message's text too. The model's answer naming the placeholders reaches the client with the
values put back, whole and streamed. Files without PII and random bytes go byte for byte as sent. Held-out values."""

from __future__ import annotations

import base64
import random
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_files37 import DEFAULT_POLICY, _b64, _chat_file, _raw
from tests.support.clients import ask_chat, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


EUC = "氏名,電話,メール\n森田由紀子,090-5521-7734,yukiko.morita@example.jp\n"
KOI8 = "ФИО,телефон,почта\nГригорьева Наталья Павловна,+7 915 602-48-13,n.grigorieva@example.ru\n"
KOI8_U = "ПІБ,телефон,пошта\nТкаченко Іван Степанович,+380 67 410 22 95,i.tkachenko@example.ua\n"
ISO = "件名: 見積もりの件\n\nご担当 090-6612-4408 / h.ogawa@example.jp までご連絡ください。\n"
WIDE = "客户：联系电话 13688214590，邮箱 li.ming@example.cn，请回复。"
FILES = [  # (text, codec, secrets)
    (EUC, "euc_jp", ["森田由紀子", "090-5521-7734", "yukiko.morita@example.jp"]),
    (KOI8, "koi8_r", ["Григорьева", "Наталья", "602-48-13", "n.grigorieva@example.ru"]),
    (KOI8_U, "koi8_u", ["Ткаченко", "Іван", "i.tkachenko@example.ua"]),
    (ISO, "iso2022_jp", ["090-6612-4408", "h.ogawa@example.jp"]),
    (WIDE, "utf-16-le", ["13688214590", "li.ming@example.cn"]),
]


@pytest.mark.parametrize(("text", "codec", "secrets"), FILES)
def test_file_through_chat_responses_anthropic(guarded: Proxy, mock: Mock, text: str, codec: str,
                                               secrets: list[str]) -> None:
    raw = text.encode(codec)
    file = _chat_file(guarded, mock, "export.csv", "data:application/octet-stream;base64," + _b64(raw))
    sent = _raw(file["file_data"]).decode(codec)
    assert not [s for s in secrets if s in sent] and sent[:3] == text[:3], sent
    given: Any = [{"role": "user", "content": [
        {"type": "input_file", "filename": "export.csv", "file_data": "data:text/csv;base64," + _b64(raw)},
        {"type": "input_text", "text": "Summarize."}]}]
    oai(guarded).responses.create(model="gpt-4o-mini", input=given)
    sent = _raw(mock.last_body["input"][0]["content"][0]["file_data"]).decode(codec)
    assert not [s for s in secrets if s in sent] and sent[:3] == text[:3], sent
    given = [{"role": "user", "content": [
        {"type": "document", "source": {"type": "base64", "media_type": "text/plain", "data": _b64(raw)}},
        {"type": "text", "text": "Who is listed?"}]}]
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=given)
    sent = _raw(mock.last_body["messages"][0]["content"][0]["source"]["data"]).decode(codec)
    assert not [s for s in secrets if s in sent] and sent[:3] == text[:3], sent


@pytest.mark.parametrize(("text", "codec", "email", "name"), [
    (KOI8, "koi8_r", "n.grigorieva@example.ru", "Григорьева"),
    (EUC, "euc_jp", "yukiko.morita@example.jp", "森田由紀子")])
def test_answer_restored_whole_and_streamed(guarded: Proxy, mock: Mock, text: str, codec: str,
                                            email: str, name: str) -> None:
    data = "data:text/csv;base64," + _b64(text.encode(codec))
    messages: Any = [{"role": "user", "content": [
        {"type": "file", "file": {"filename": "export.csv", "file_data": data}},
        {"type": "text", "text": "Whom do I write to?"}]}]
    mock.script(text="Write to <EMAIL_ADDRESS_1>.")
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages).choices[0].message.content
    sent = _raw(mock.last_body["messages"][0]["content"][0]["file"]["file_data"]).decode(codec)
    assert email not in sent and name not in sent and sent.startswith(text.split("\n")[0]), sent
    assert got == f"Write to {email}.", got
    mock.script(text="Write to <EMAIL_ADDRESS_1>.", chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=messages, stream=True) if c.choices)
    assert streamed == f"Write to {email}.", streamed


def test_base64_utf16_in_message_text(guarded: Proxy, mock: Mock) -> None:
    value = "Customer: Henrietta Vossberg, h.vossberg@northwind.de, tel 415-555-0187"
    blob = _b64(value.encode("utf-16-le"))
    mock.script(text="Noted: <EMAIL_ADDRESS_1>.")
    got = ask_chat(guarded, f"What does this say? {blob}")
    sent = mock.last_body["messages"][0]["content"]
    assert sent.startswith("What does this say? ") and blob not in sent, sent
    decoded = base64.b64decode(sent.rpartition(" ")[2]).decode("utf-16-le")
    assert "h.vossberg@northwind.de" not in decoded and "555-0187" not in decoded, decoded
    assert got == "Noted: h.vossberg@northwind.de.", got


def test_plain_files_and_random_bytes_as_sent(guarded: Proxy, mock: Mock) -> None:
    rng = random.Random(3803)
    for media, raw in (("text/csv", "製品,数量\nネジ M3,1200\nナット M3,800\n".encode("euc_jp")),
                       ("", "товар,цена\nвинт,4.5\nгайка,2.1\n".encode("koi8_r")),
                       ("application/octet-stream", "产品清单：螺丝、螺母、垫圈，数量一千二百。".encode("utf-16-le")),
                       ("application/octet-stream", rng.randbytes(300)), ("text/csv", rng.randbytes(64))):
        data = f"data:{media};base64,{_b64(raw)}"
        assert _chat_file(guarded, mock, "items.csv", data)["file_data"] == data
