"""kana39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk39 F01):
a Japanese name's kana reading after a name label (`お名前（カナ）`, `口座名義`, half-width `振込依頼人`), in a CSV's
reading column, in brackets after the name, and the staff's bare surname (`担当の高橋が対応します`) reach the provider
redacted, product and service names and katakana prose as sent; the answer's placeholder comes back to the client as
the name
it sent, whole and streamed (the default policy screens no names in answers). Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("お名前（カナ）：イシダ ハルカ\n振込先 口座名義：クボタ シンジ 普通 2468135\n"
           "振込依頼人：ﾅｶﾞｲ ﾐﾉﾘ 金額 22,000円\n顧客名,顧客名カナ\n永井実,ナガイミノル\n"
           "本件は担当の浅野が対応します。この内容を要約してください。")
SECRETS = ["イシダ", "ハルカ", "クボタ", "シンジ", "ﾅｶﾞｲ", "ﾐﾉﾘ", "ナガイミノル", "浅野"]
KEPT = ("商品名：ノートパソコン\nサービス名：クラウドストレージ\n担当部署は営業部です。"
        "データベースのバックアップを要約してください。")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "口座名義：<PERSON_" in sent and "普通 2468135" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_messages_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


# The default policy screens no names in answers; a name the client sent goes upstream as a placeholder and comes
# back restored (whole and streamed), and no request carried the reading.
PROMPT = "口座名義：マツイ ユカリ 宛ての振込について、名義を確認してください。"
ANSWER = "確認しました。口座名義は<PERSON_1>様です。Done."


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, route, prompt=PROMPT)
    for got in (whole, streamed):
        assert got == "確認しました。口座名義はマツイ ユカリ様です。Done.", got
    sent = received(mock)
    assert "マツイ" not in sent and "ユカリ" not in sent, sent
