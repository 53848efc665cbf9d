"""keys37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F14,
F06, F23): surnames under other languages' field names (`nom` beside `prénom`, `sobrenome`, `фамилия`, `姓`/`名`,
`nama_belakang`), `fn=`/`ln=` query pairs and every row of a CSV under a Japanese, Chinese, Korean or Arabic header
reach the provider redacted; a product's `nom`, `商品名,価格` and JS `fn=` as sent; a phone column under such a
header in the model's answer reaches the client redacted, whole and streamed."""

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


REQUESTS = [  # (text, values that must not reach the provider)
    ('{"prénom":"Margaux","nom":"Lemaire","portable":"06 12 34 56 78"}', ["Lemaire", "Margaux"]),
    ('{"nome":"Thiago","sobrenome":"Albuquerque"}', ["Albuquerque"]),
    ('{"имя":"Игорь","фамилия":"Соколов"}', ["Соколов"]),
    ("姓,名,都市\n森,陽菜,福岡\n岡田,悠真,札幌", ["森", "陽菜", "岡田", "悠真"]),
    ('{"nama_depan":"Dewi","nama_belakang":"Lestari"}', ["Lestari"]),
    ("GET /u?fn=Gwendolyn&ln=Ashcroft&zip=62704 HTTP/1.1", ["Gwendolyn", "Ashcroft"]),
    ("氏名,電話\n西村 直人,09011223344\n松田 結衣,08022334455\n藤井 蓮,07033445566", ["08022334455", "07033445566"]),
    ("성명,연락처\n오세훈,01023456789\n신유나,01034567890\n류현우,01045678901", ["01034567890", "01045678901"]),
]
KEPT = ['{"nom": "Produit A", "prix": 12.5}', "商品名,価格,在庫\nりんご,120,30\nみかん,80,50",
        "const fn = (x) => x * 2; let ln = Math.log(y);", '{"名": "設定", "値": "有効"}']


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secrets in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert [s for s in secrets if s in sent] == [], sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": '{"姓":"吉川","名":"翼"}\n姓名,手机\n郑凯,13612345678\n何静,13712345678\n'
                                    "许磊,13812345679"}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert [s for s in ["吉川", "翼", "13712345678", "13812345679"] if s in sent] == [], sent


ANSWER = "The export:\n氏名,電話\n西村 直人,09011223344\n松田 結衣,08022334455\n藤井 蓮,07033445566\nDone."
ANSWER_SECRETS = ["09011223344", "08022334455", "07033445566"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "export?"}]).choices[0].message.content
    assert got is not None and [s for s in ANSWER_SECRETS if s in got] == [], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "export?"}], stream=True) if c.choices)
    assert streamed and [s for s in ANSWER_SECRETS if s in streamed] == [], streamed
    assert "Done." in streamed
