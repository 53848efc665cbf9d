"""scr30 end to end with the official SDKs (atk28 F07, F20, Minor): names in katakana, Thai, Urdu, Tamil, Amharic
after a cue or an honorific, lower-case names after a strong cue and a zero-width joined name reach the provider
redacted; katakana loanwords and a team after the same cue reach it as sent."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, ask_chat, ask_messages, received


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_names_in_other_scripts_are_redacted(guarded: Proxy, mock: Mock) -> None:
    text = ("マイケル・ジョンソンさんに請求書について聞いてください。\nAttendees: 佐藤健, エマ・ワトソン\n"
            "Please schedule a call with สมชาย ใจดี next week.\nAsk عمران خان and cc முருகன் செல்வம் today.\n"
            "Invite ማርታ ተስፋዬ to the review.")
    ask_chat(guarded, text)
    sent = received(mock)
    for word in ("マイケル", "ジョンソン", "エマ", "ワトソン", "สมชาย", "ใจดี", "عمران", "خان", "முருகன்", "செல்வம்",
                 "ማርታ", "ተስፋዬ"):
        assert word not in sent, sent
    assert "請求書について聞いてください" in sent and "next week" in sent, sent


def test_messages_lower_case_and_joined_names_are_redacted(guarded: Proxy, mock: Mock) -> None:
    ask_messages(guarded, "meeting with priya raghunathan at 3, then ask oluwaseun adebayo for the deck. "
                          "Please invite Dana\u200bKerr to the review.")
    sent = received(mock)
    for word in ("raghunathan", "priya", "oluwaseun", "adebayo", "Dana", "Kerr"):
        assert word not in sent, sent


def test_look_alikes_go_as_sent(guarded: Proxy, mock: Mock) -> None:
    text = ("データベース・サーバーに接続できません。マイクロソフトのライセンスを更新します。\n"
            "meeting with product marketing at 3; ask kubernetes for the logs; talked to customer support")
    ask_chat(guarded, text)
    assert text in received(mock).replace("\\n", "\n")
