"""atk12 tester A FP1 and tester B FP-3, end to end: what the mock provider RECEIVED and what the client got back.

Order, ticket, case and invoice numbers after their word (`Order 7342-1189-5506`, `Номер заказа 6603-2219-7745`,
`Invoice 2023-004591`), a firmware's version and ISO-shaped dates no calendar has (`2023-14-09`) go up as sent and
come back as the model wrote them; a card number or a phone number beside such a word is still redacted both ways."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, chat_ok, oai, received, user_texts_through

TEXTS = [
    "Where is my order 7342-1189-5506?",
    "Ticket 2281-9043-7715 was closed.",
    "Your case number is 4412-8803-1167.",
    "Votre commande 8812-4405-3379 a été expédiée.",
    "Номер заказа 6603-2219-7745 подтверждён.",
    "ご注文番号は 3392-5518-6670 です。",
    "Invoice 2023-004591 is overdue.",
    "La commande 478-4185574-4159881 a été remboursée.",
    "The switch firmware is 12.31.447.5521.",
    "ValueError: time data '2023-14-09' does not match format '%Y-%m-%d'",
]


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_such_numbers_go_up_as_sent(plain: Proxy, mock: Mock) -> None:
    assert user_texts_through(plain, mock, TEXTS) == TEXTS


def test_a_card_or_phone_number_after_such_a_word_is_redacted(plain: Proxy, mock: Mock) -> None:
    text = "Order 4539-1488-0343-6467 was charged twice; about order 7342-1189-5506, call 617-555-0143."
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    got = json.loads(received(mock))[-1]["messages"][0]["content"]
    assert "order 7342-1189-5506" in got, got
    for value in ("4539-1488-0343-6467", "617-555-0143"):
        assert value not in got, got


def test_the_answer_comes_back_as_the_model_wrote_it(plain: Proxy, mock: Mock) -> None:
    answer = "\n".join(TEXTS) + "\nOrder 4539-1488-0343-6467 was refunded; call 617-555-0143."
    mock.script(raw_body=json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}))
    got = oai(plain).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    content = got.choices[0].message.content or ""
    assert content.startswith("\n".join(TEXTS) + "\nOrder "), content
    for value in ("4539-1488-0343-6467", "617-555-0143"):
        assert value not in content, content
    assert "<CREDIT_CARD_" in content and "<PHONE_NUMBER_" in content, content
