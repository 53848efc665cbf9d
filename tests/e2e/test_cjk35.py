"""cjk35 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk33 F14,
F16): a Latin name in CJK text joined by a middle dot or with a glued initial, a mobile number after `回电`/`打给`,
a Thai name and number after `ติดต่อ:`, a transliterated Russian/Ukrainian name after a sign-off reach the provider
redacted, and the model's own such numbers reach the client redacted, whole and streamed; the look-alikes (products
joined by a middle dot, Russian places and firms) as sent. Held-out values."""

from __future__ import annotations

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


REQUEST = ("请翻译：请联系Henrik・Larsson先生，或者转告D.Whitfield。有问题请回电13987654321。\n"
           "ติดต่อ: สมชาย ใจดี 0861234567\n"
           "Best regards,\nVsevolod Yermolenko")
SECRETS = ["Henrik", "Larsson", "Whitfield", "13987654321", "สมชาย", "ใจดี", "0861234567", "Vsevolod", "Yermolenko"]
KEPT = "请翻译：这是Spring·Boot项目和React·Native开发指南。We flew Aeroflot from Sheremetyevo to Pulkovo."


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "请翻译" in sent and "先生" in sent and "Best regards," in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "请转交Greta·Nilsson女士。請回電0956789012。\nSincerely, Oksana Tymoshchuk"}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("Greta", "Nilsson", "0956789012", "Oksana", "Tymoshchuk") if s in sent], sent


# The default policy screens answers for contact values (no PERSON): the numbers after `回电`/`打给`/`ติดต่อ:`.
ANSWER = "好的。收到后请回电13765432109，或者打给15876543210。\n請回電0934567890\nติดต่อ: คุณสมหญิง 0898765432\nDone."
ANSWER_SECRETS = ["13765432109", "15876543210", "0934567890", "0898765432"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "ok?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "ok?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed and "或者打给" in streamed


def test_anthropic_answer_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER, chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=300,
                                         messages=[{"role": "user", "content": "ok?"}]) as s:
        streamed = "".join(s.text_stream)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
