"""Issue 12, atk7 B findings 1 and 2, end to end: what the mock provider RECEIVED and what the client got back.

- a value whose encoded `@` or `-` is cut INSIDE its escape between two texts (`jane.doe%` + `40example.com`,
  `jane.doe&#6` + `4;example.com`, `ssn 536%2` + `D90%2D4399`): content parts, messages, Anthropic blocks, `stop`,
  `metadata` (a key and its value), Responses `prompt.variables`, Anthropic `stop_sequences`;
- an address cut one character a message or part with an HTML comment or a tag in each (`m<!-- x -->`, ...,
  `<b>m</b>`, ...), and one character a part with no markup (`mail` stays as sent).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, claude, oai, received
from tests.support.keyed import post_ok

MODEL = "claude-3-5-haiku-latest"
LINE = "mail jane.doe@example.com now"


@pytest.fixture(scope="module")
def split(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _parts(*texts: str) -> list[Any]:
    return [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]


@pytest.mark.parametrize(("left", "right"), [("mail jane.doe%", "40example.com"), ("mail jane.doe&#6", "4;example.com"),
                                             ("mail jane.doe&", "#64;example.com")])
def test_an_address_cut_inside_its_encoded_at_goes_nowhere(split: Proxy, mock: Mock, left: str, right: str) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=_parts(left, right))
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": left},
                                                                      {"role": "user", "content": right}])
    claude(split).messages.create(model=MODEL, max_tokens=10, messages=_parts(left, right))
    local = left[len("mail "):]
    hi = [{"role": "user", "content": "hi"}]
    post_ok(split, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": hi, "stop": [left, right]})
    post_ok(split, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": hi, "metadata": {local: right}})
    post_ok(split, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi",
                                     "prompt": {"id": "pmpt_1", "variables": {local: right}}})
    post_ok(split, "/v1/messages", {"model": MODEL, "max_tokens": 10, "messages": hi, "stop_sequences": [local, right]})
    got = received(mock)
    assert len(mock.state.requests) == 7
    assert "jane.doe" not in got and "example.com" not in got, got
    assert got.count("<EMAIL_ADDRESS_") >= 14


@pytest.mark.parametrize(("left", "right", "part"), [("ssn 536%2", "D90%2D4399", "4399"),
                                                     ("call 617%2", "D555%2D0143", "0143")])
def test_a_number_cut_inside_its_encoded_dash_goes_nowhere(split: Proxy, mock: Mock, left: str, right: str,
                                                          part: str) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=_parts(left, right))
    got = received(mock)
    assert part not in got and left[-5:] not in got, got
    assert left.split()[0] in got  # the word before stays


@pytest.mark.parametrize("texts", [[c + "<!-- x -->" for c in LINE], [f"<b>{c}</b>" for c in LINE], list(LINE)])
def test_an_address_one_character_a_text_with_markup_goes_nowhere(split: Proxy, mock: Mock, texts: list[str]) -> None:
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": t} for t in texts])
    oai(split).chat.completions.create(model="gpt-4o-mini", messages=_parts(*texts))
    for body in (r.body for r in mock.state.requests):
        assert isinstance(body, dict)
        sent = [m["content"] if isinstance(m["content"], str) else m["content"][0]["text"] for m in body["messages"]] \
            if len(body["messages"]) > 1 else [p["text"] for p in body["messages"][0]["content"]]
        assert sent[:5] == texts[:5] and sent[25:] == texts[25:], sent  # `mail ` and ` now` as sent
        assert all("<EMAIL_ADDRESS_" in t for t in sent[5:25]), sent
    assert "jane" not in json.dumps([r.body for r in mock.state.requests])
