"""Issue 12, atk10 tester A M2 and tester B M5, M7, L4, end to end: what the mock provider RECEIVED and what the
client got back.

Registration numbers after their word (`EIN 23-4279348`, `SIREN : 973 329 535`, `〒842-0661`), numbers side by side
(`rows 100-2000`, `2019 812 mm`, `500 2034ms`), command output (free's `Mem:`, curl's progress meter), `2^45` and a
barcode go up as sent, in a message and in tool-call arguments, and come back as the model wrote them; a phone
number and a card in the same frames are still redacted both ways."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, chat_ok, oai, received, tool_turn, user_texts_through

TEXTS = [
    "Our federal tax ID (EIN) is 23-4279348.",
    "Register the vendor with DUNS 28-779-7530 in SAM.",
    "SIREN : 973 329 535, RCS Paris.",
    "〒842-0661 東京都港区",
    "2^45 = 35184372088832, so a 45-bit counter wraps after that many ticks.",
    "Select rows 100-2000 from the sheet.",
    "Annual rainfall: 2019 812 mm, 2020 745 mm, 2021 903 mm.",
    "POST /api/v2/payments 500 2034ms - upstream timeout",
    "Scores: 950 1020 1100.",
    "              total        used        free\nMem:          15885       11203        1210\n",
    "100  1256  100  1256    0     0   8123      0 --:--:-- --:--:-- --:--:--  8154",
    "Barcode 4193817805558 scanned at the till.",
]


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_such_numbers_go_up_as_sent(plain: Proxy, mock: Mock) -> None:
    assert user_texts_through(plain, mock, TEXTS) == TEXTS


def test_tool_arguments_with_such_numbers_go_up_as_sent(plain: Proxy, mock: Mock) -> None:
    args = {"range": "400-4000", "query": "rainfall 2019 812 mm", "ein": "EIN 23-4279348"}
    chat_ok(plain, {"messages": tool_turn(args)})
    sent = json.loads(received(mock))[-1]["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(sent) == args


def test_a_phone_number_and_a_card_beside_them_are_redacted(plain: Proxy, mock: Mock) -> None:
    text = "EIN 23-4279348, rows 100-2000; call 555-0143 or 617-555-0143, card 4111 1111 1111 1111."
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    got = json.loads(received(mock))[-1]["messages"][0]["content"]
    assert "23-4279348" in got and "100-2000" in got, got
    for value in ("555-0143", "617-555-0143", "4111 1111 1111 1111"):
        assert value not in got, got


def test_the_answer_comes_back_as_the_model_wrote_it(plain: Proxy, mock: Mock) -> None:
    answer = "\n".join(TEXTS[:9]) + "\nCall 617-555-0143 for the invoice."
    mock.script(raw_body=json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}))
    got = oai(plain).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    content = got.choices[0].message.content or ""
    assert content.startswith("\n".join(TEXTS[:9]) + "\nCall "), content
    assert "617-555-0143" not in content and "<PHONE_NUMBER_" in content, content
