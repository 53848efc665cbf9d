"""jath38 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F13,
F14): Japanese names written family + space + given after a person's label or before an honorific (`担当：小松 美奈子`,
`西村 綾香 様`) and Thai self-introductions with the cue glued to the name (`ผมชื่อธีรพงษ์ สุขเจริญ ครับ`,
`ดิฉันชื่อ...ค่ะ`) reach the provider redacted, Japanese business prose with spaced words and Thai `ชื่อ` of a file or
a product as sent; under a policy that redacts names in answers (the default leaves them), the model's own such
names reach the client redacted, whole and streamed. Held-out values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, ask_chat, ask_messages, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


@pytest.fixture(scope="module")
def named(proxy_factory: ProxyFactory) -> Proxy:
    """The shipped default leaves names in answers (the client asked about them): a policy that redacts them there."""
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


REQUEST = ("担当：小松 美奈子（経理部）\n差出人: 松田 亮平 <billing@example.co.jp>\n西村 綾香 様\n"
           "お客様名 中川　雅人 電話番号は後日\nผมชื่อธีรพงษ์ สุขเจริญ ครับ\n"
           "ดิฉันชื่อเพ็ญศรี ทองมาค่ะ ต้องการเปลี่ยนที่อยู่จัดส่ง\n要約してください。")
SECRETS = ["小松", "美奈子", "松田", "亮平", "西村", "綾香", "中川", "雅人", "ธีรพงษ์", "สุขเจริญ", "เพ็ญศรี", "ทองมา"]
KEPT = ("東京 本社 の 営業 部長 が 新製品 発表会 に 出ます。\nトヨタ 自動車 の 決算 発表 は 来週です。\n"
        "ชื่อไฟล์ รายงาน.pdf ครับ\nชื่อสินค้า เสื้อยืด สีดำ ค่ะ")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    ask_chat(guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    assert "（経理部）" in sent and "ต้องการเปลี่ยนที่อยู่จัดส่ง" in sent and "要約してください。" in sent, sent
    ask_chat(guarded, KEPT)
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_messages_request(guarded: Proxy, mock: Mock) -> None:
    ask_messages(guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    ask_messages(guarded, KEPT)
    assert mock.last_body["messages"][0]["content"] == KEPT


ANSWER = ("ご担当：小松 美奈子（経理部）です。\n西村 綾香 様宛てに送付しました。\n"
          "ลูกค้าแจ้งว่า ผมชื่อธีรพงษ์ สุขเจริญ ครับ\nDone.")
ANSWER_SECRETS = ["小松", "美奈子", "西村", "綾香", "ธีรพงษ์", "สุขเจริญ"]


@pytest.mark.parametrize("ask", [ask_chat, ask_messages])
def test_answer_whole_and_streamed(named: Proxy, mock: Mock, ask: Callable[..., str]) -> None:
    mock.script(text=ANSWER)
    got = ask(named, "who?")
    assert got and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = ask(named, "who?", stream=True)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
