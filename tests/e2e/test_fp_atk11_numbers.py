"""Issue 12, atk11 tester A FP1 and tester B FP-M1, FP-M3, FP-L2, end to end: what the mock provider RECEIVED and what
the client got back.

Three 3-digit numbers with a unit or a colour word (`254-431-504 ms`, `rgb 216-117-123`), `_`-separated literals in
code (`4_294_967_295`), counts beside a count noun (`12 345 678 Anfragen`), quantities with their unit (`299 792 458
m/s`) and sequences listed from their start (`Factorials: 1 2 6 24 120 720 5040 40320`) go up as sent and come back
as the model wrote them; a phone number in the same frames is still redacted both ways."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, chat_ok, oai, received, user_texts_through

TEXTS = [
    "p50/p95/p99 latency: 254-431-504 ms",
    "Use color rgb 216-117-123 for the header.",
    "Timeouts (connect-read-write): 127-876-640 ms.",
    "In Rust, `let x: u32 = 4_294_967_295;` is u32::MAX.",
    "Set n_samples = 10_000_000 for the benchmark.",
    "Wir haben 12 345 678 Anfragen pro Tag.",
    "Nous avons traité 2 147 483 647 lignes.",
    "Speed of light: 299 792 458 m/s exactly.",
    "Factorials: 1 2 6 24 120 720 5040 40320 362880",
]


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_such_numbers_go_up_as_sent(plain: Proxy, mock: Mock) -> None:
    assert user_texts_through(plain, mock, TEXTS) == TEXTS


def test_a_phone_number_beside_them_is_redacted(plain: Proxy, mock: Mock) -> None:
    text = "p99 latency 254-431-504 ms; call 617-555-0143 or Llámame al 612 345 678, phone 617_555_0143."
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    got = json.loads(received(mock))[-1]["messages"][0]["content"]
    assert "254-431-504 ms" in got, got
    for value in ("617-555-0143", "612 345 678", "617_555_0143"):
        assert value not in got, got


def test_the_answer_comes_back_as_the_model_wrote_it(plain: Proxy, mock: Mock) -> None:
    answer = "\n".join(TEXTS) + "\nCall 617-555-0143 for the report."
    mock.script(raw_body=json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}))
    got = oai(plain).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    content = got.choices[0].message.content or ""
    assert content.startswith("\n".join(TEXTS) + "\nCall "), content
    assert "617-555-0143" not in content and "<PHONE_NUMBER_" in content, content
