"""atk12 tester B FP-1, FP-2, FP-4, end to end: what the mock provider RECEIVED.

Chinese words before a title (`温度总是`, `区域经理`), Korean role nouns before 님 (`구독자님`), short German lines
(`Dein Handy ist gesperrt.`, `Das Protokoll steht im Wiki.`, `Tel. und E-Mail siehe unten.`) and first names used as
English words (`Penny stocks have ...`, `Olive oil is ...`) go up as sent; a phone's label stays beside its redacted
number, and names beside the same words are still redacted."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, chat_ok, received

TEXTS = [
    "温度总是在下午升高。",
    "区域经理下周到访。",
    "구독자님, 감사합니다.",
    "Dein Handy ist gesperrt.",
    "Das Protokoll steht im Wiki.",
    "Tel. und E-Mail siehe unten.",
    "Penny stocks have low liquidity.",
    "Olive oil is cheaper this year.",
]


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_such_words_go_up_as_sent(plain: Proxy, mock: Mock) -> None:
    chat_ok(plain, {"messages": [{"role": "user", "content": t} for t in TEXTS]})
    sent = json.loads(received(mock))[-1]["messages"]
    assert [m["content"] for m in sent] == TEXTS


def test_names_and_numbers_beside_them_are_redacted(plain: Proxy, mock: Mock) -> None:
    text = "请把报告发给陈建国经理。Bitte rufen Sie Anna Schmidt an, Handy 0171 1234567. Olive called about it."
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    got = json.loads(received(mock))[-1]["messages"][0]["content"]
    for value in ("陈建国", "Anna", "Schmidt", "0171 1234567", "Olive"):
        assert value not in got, got
    assert "Handy <PHONE_NUMBER_1>" in got and "经理" in got, got
