"""cjk33 end to end through the official openai and anthropic SDKs (atk31 F20): Latin names written inside Chinese,
Japanese and Korean text with no space around them, and in WeChat/LINE system lines, reach the provider redacted, the
CJK words glued to them as sent (and the answer restored); the model's own such names reach the client redacted,
whole and streamed in small chunks; product names inside CJK text go as sent."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


REQUESTS = [  # (text, the name's words, the CJK words that must go as written)
    ("请联系Tobias Lindqvist处理这个问题。", ["Tobias", "Lindqvist"], ["请联系<PERSON_", ">处理这个问题。"]),
    ("担当はHeinrich Baumgartnerさんです。", ["Heinrich", "Baumgartner"], ["担当は<PERSON_", ">さんです。"]),
    ("【Siobhan Gallagher】已加入群聊", ["Siobhan", "Gallagher"], ["【<PERSON_", ">】已加入群聊"]),
    ("Marcus Whitfield撤回了一条消息", ["Marcus", "Whitfield"], [">撤回了一条消息"]),
    ("내일 Aisha Mwangi님과 회의가 있습니다.", ["Aisha", "Mwangi"], [">님과 회의가 있습니다."]),
]
KEPT = "使用Visual Studio Code调试，部署到Google Cloud，Apple Watch的电池。"


def test_chat_requests_and_a_product_text(guarded: Proxy, mock: Mock) -> None:
    for text, name, kept in REQUESTS:
        got = oai(guarded).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content
        sent = mock.last_body["messages"][0]["content"]
        assert not [w for w in name if w in sent], sent
        assert all(k in sent for k in kept), sent
        assert got == f"You said: {text}"  # restored
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    answer = "好的。请联系Ingrid Halvorsen处理，【Carlos Mendoza】已加入群聊。担当はElena Kowalczyk先生です。"
    names = ["Halvorsen", "Mendoza", "Kowalczyk", "Ingrid", "Carlos", "Elena"]
    kept = ["请联系<PERSON_", ">处理，【<PERSON_", ">】已加入群聊。担当は<PERSON_", ">先生です。"]
    messages = [{"role": "user", "content": "谁负责？"}]
    mock.script(text=answer)
    m = claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=300,
                                        messages=messages)  # type: ignore[arg-type]
    whole = "".join(b.text for b in m.content if b.type == "text")
    mock.script(text=answer, chunk_chars=3)
    with claude(guarded).messages.stream(model="claude-3-5-haiku-latest", max_tokens=300,
                                         messages=messages) as s:  # type: ignore[arg-type]
        streamed = "".join(s.text_stream)
    for got in (whole, streamed):
        assert not [w for w in names if w in got], got
        assert all(k in got for k in kept), got
