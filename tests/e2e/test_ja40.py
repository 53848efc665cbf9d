"""ja40 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F07,
F13, F14 and atk39 F01 leftovers): one-character Japanese surnames of the staff (`担当：林`), a surname after a Latin
cue or one space before an honorific (`from 堀 (sales)`, `岡 先生`), a kana reading on the line after its label, Han
names with readings under a `氏名（フリガナ）` header, initials and a surname without a cue (`R. J. Albuquerque
signed`), Thai surnames an auxiliary starts at a clause's end (`ดิฉันชื่อนภา มีสุข`) reach the provider redacted;
Japanese prose with the same characters, dotted abbreviations, initialed companies and Thai sentences as sent; under
a policy that redacts names in answers (the default leaves them), the model's own such names reach the client
redacted, whole and streamed. Values held out from tests/nlp/test_ja40.py where they could be."""

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


REQUEST = ("担当：榊\n本件は担当の菅が対応します。\nThe log came from 萩 (support).\n楠 先生によろしく。\n"
           "ふりがな\nかとう みさき\n氏名（フリガナ）,電話\n佐藤健二（サトウケンジ）,03-5555-0101\n"
           "D. R. Featherstonehaugh approved it. Per A. S. Kowalczyk, the deadline moved.\n"
           "ดิฉันชื่อวิไล เป็นสุข\n要約してください。")
SECRETS = ["榊", "菅", "萩", "楠", "かとう", "みさき", "佐藤", "サトウ", "Featherstonehaugh", "Kowalczyk", "วิไล",
           "เป็นสุข"]
KEPT = ("林の中を歩き、森の中で休みました。\n担当部署：営業部\nfrom 東京 (Tokyo office)\n"
        "J. P. Morgan reported earnings; the U. S. Army and A. I. Research too.\ne.g. Python, a Ph.D. in Physics.\n"
        "Option B. Terraform is better.\nผมชอบกินข้าวมาก ครับ")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    ask_chat(guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    assert "が対応します。" in sent and "approved it." in sent and "要約してください。" in sent, sent
    ask_chat(guarded, KEPT)
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_messages_request(guarded: Proxy, mock: Mock) -> None:
    ask_messages(guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    ask_messages(guarded, KEPT)
    assert mock.last_body["messages"][0]["content"] == KEPT


ANSWER = ("担当者：堀（営業部）です。\nフリガナ\nタナカ ハナコ\n"
          "氏名（ふりがな）,メール\n伊藤美咲（いとうみさき）,m@example.jp\n"
          "M. Villanueva will call back. J. K. L. Dissanayake reviewed the paper.\nDone.")
ANSWER_SECRETS = ["堀", "タナカ", "ハナコ", "伊藤", "いとう", "Villanueva", "Dissanayake"]


@pytest.mark.parametrize("ask", [ask_chat, ask_messages])
def test_answer_whole_and_streamed(named: Proxy, mock: Mock, ask: Callable[..., str]) -> None:
    mock.script(text=ANSWER)
    got = ask(named, "who?")
    assert got and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = ask(named, "who?", stream=True)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
