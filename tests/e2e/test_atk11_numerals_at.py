"""Issue 12, atk11 B-M2 and B-L3 end to end, through the official SDK and the mock provider: values written digit by
digit in CJK numerals, Korean digit words or English digit words, and e-mail addresses with `-at-`, `_at_`, `'at'`,
`/at/` or the `@` and dots spoken in Spanish, French, Russian or German, are redacted upstream and restored."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, ask_chat


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


@pytest.mark.parametrize(("prompt", "raw"), [
    ("電話番号は〇九〇-一二三四-五六七八です", "五六七八"),
    ("電話：〇三-一二三四-五六七八", "五六七八"),
    ("电话：一三八-〇〇一三-八〇〇〇", "八〇〇〇"),
    ("call 六一七-五五五-〇一四三", "〇一四三"),
    ("カード番号 四一一一 一一一一 一一一一 一一一一", "四一一一"),
    ("ssn 五三六-九〇-四三九九", "四三九九"),
    ("サーバー 一九二.一六八.一〇.七七", "一六八"),
    ("전화번호는 공일공-일이삼사-오육칠팔 입니다", "오육칠팔"),
    ("전화번호는 공일공일이삼사오육칠팔이에요", "오육칠팔"),
    ("card four one one one, one one one one, one one one one, one one one one", "four one one one"),
    ("My SSN is five three six, nine zero, four three nine nine.", "four three nine nine"),
    ("mail jane.doe -at- example -dot- com", "jane.doe"),
    ("mail jane.doe _at_ example _dot_ com", "jane.doe"),
    ("mail jane.doe 'at' example 'dot' com", "jane.doe"),
    ("mail jane.doe /at/ example /dot/ com", "jane.doe"),
    ("escribe a jane.doe arroba example punto com", "jane.doe"),
    ("écrivez à jane.doe arobase example point com", "jane.doe"),
    ("пишите jane.doe собака example точка com", "jane.doe"),
    ("schreib an jane.doe ät example punkt com", "jane.doe"),
])
def test_values_are_redacted_upstream_and_restored(mock: Mock, guarded: Proxy, prompt: str, raw: str) -> None:
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    assert raw not in sent and "_1>" in sent, sent


@pytest.mark.parametrize("prompt", ["我有一个问题，二〇二四年一二月三一日开会。", "三月一日から五日まで休みです。",
                                    "第一、第二、第三の理由を一二三で示します。", "see look-at-me.com today",
                                    "Es un punto de vista, arroba y punto."])
def test_ordinary_text_goes_up_as_written(mock: Mock, guarded: Proxy, prompt: str) -> None:
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    assert prompt in sent and "_1>" not in sent, sent
