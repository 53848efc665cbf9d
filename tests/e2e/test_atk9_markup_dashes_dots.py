"""Issue 12, atk9 B-H2, B-H3, B-L1, B-L5 end to end, through the official SDKs and the mock provider: tags without
attributes of any name, processing instructions, CDATA, stray end tags, BBCode and MediaWiki markup inside a codename
or a value; dash-shaped letters as a number's hyphen (`090ー1234ー5678`); dots other than `.` inside an address."""

from __future__ import annotations

import json
import re
from typing import Any

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SCREENED_BOTH_WAYS_POLICY, SEND, ask_chat

POLICY = SCREENED_BOTH_WAYS_POLICY


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", ["pro<label>ject</label> falcon", "<ruby>project</ruby> falcon",
                                     "pro<?x?>ject falcon", "pro<![CDATA[]]>ject falcon", "pro</x>ject falcon",
                                     "pro<b\n>ject falcon", "project<blink> osprey", "pro[b]ject[/b] falcon",
                                     "pro'''ject''' falcon", "pro==ject== osprey"])
def test_codenames_with_other_markup_inside_are_blocked(mock: Mock, guarded: Proxy, api: str, written: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of the {written} plan please?")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []


@pytest.mark.parametrize(("written", "placeholder", "raw"), [
    ("jane.doe@<output>example</output>.com", "<EMAIL_ADDRESS_1>", "example"),
    ("617-<acronym>555</acronym>-0143", "<PHONE_NUMBER_1>", "555"),
    ("536-<tspan>90</tspan>-4399", "<(US_SSN|PHONE_NUMBER)_1>", "4399"),  # (after "reach", a phone's shape too)
    ("jane.doe@exam<?x?>ple.com", "<EMAIL_ADDRESS_1>", "exam"),
    ("jane.doe@[color=red]example[/color].com", "<EMAIL_ADDRESS_1>", "example"),
    ("jane.doe@^example^.com", "<EMAIL_ADDRESS_1>", "example"),
    ("617\u30fc555\u30fc0143", "<PHONE_NUMBER_1>", "555"),
    ("\uff10\uff19\uff10\u30fc\uff11\uff12\uff13\uff14\u30fc\uff15\uff16\uff17\uff18", "<PHONE_NUMBER_1>",
     "\uff15\uff16\uff17\uff18"),
    ("010\u31611234\u31615678", "<PHONE_NUMBER_1>", "5678"),
    ("536\u4e0090\u4e004399", "<(US_SSN|PHONE_NUMBER)_1>", "4399"),
    ("jane.doe@example\u00b7com", "<EMAIL_ADDRESS_1>", "example"),
    ("jane.doe@example\ua4f8com", "<EMAIL_ADDRESS_1>", "example"),
])
def test_values_are_redacted_upstream_and_restored(mock: Mock, guarded: Proxy, written: str, placeholder: str,
                                                    raw: str) -> None:
    prompt = f"Please reach {written} about the report."
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    assert re.search(placeholder, sent) and raw not in sent, sent


@pytest.mark.parametrize("written", ["192\u00b7168\u00b710\u00b777", "192\u30fb168\u30fb10\u30fb77"])
def test_an_ip_address_with_other_dots_is_redacted_upstream(mock: Mock, guarded: Proxy, written: str) -> None:
    prompt = f"The server {written} is down."
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    assert "<IP_ADDRESS_1>" in sent and "168" not in sent, sent


@pytest.mark.parametrize("card", ["4111\u30fc1111\u30fc1111\u30fc1111", "4111\u31611111\u31611111\u31611111"])
def test_a_card_with_dash_letters_is_redacted_in_tool_arguments(mock: Mock, guarded: Proxy, card: str) -> None:
    client = openai.OpenAI(base_url=f"{guarded.url}/v1", api_key="sk", max_retries=0)
    messages: Any = [
        {"role": "user", "content": "pay"},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {
            "name": "pay", "arguments": json.dumps({"card": card}, ensure_ascii=False)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "ok"}]
    client.chat.completions.create(model="gpt-4o-mini", messages=messages)
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    assert "<CREDIT_CARD_1>" in sent and card not in sent, sent


@pytest.mark.parametrize("stream", [False, True])
def test_answers_with_other_markup_inside_values_are_screened(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text="Sure. Write to jane.doe@<label>example</label>.com or call 617-[b]555[/b]-0143 tomorrow. Bye.",
                chunk_chars=3)
    text = ask_chat(guarded, "hi", stream)
    assert "<EMAIL_ADDRESS_" in text and "<PHONE_NUMBER_" in text and "example" not in text and "555" not in text, \
        text


def test_code_and_cjk_text_reach_the_provider_unchanged(mock: Mock, guarded: Proxy) -> None:
    prompt = ("Use std::vector<int> v and List<String> names; if a<b>c: pass; cmd <file> 2>&1; x^2^3 + a++ + ++b; "
              "a==b==c; arr[b] = 1; \u30b3\u30fc\u30d2\u30fc 1\u30fc2\u30fc3, \u6771\u4eac\u00b7\u5927\u962a, "
              "2\u00b73\u00b75\u00b77 = 210.")
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt
