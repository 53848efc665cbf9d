"""atk9 B-H1, B-H4, B-M1 end to end, through the official SDKs and the mock provider: a value glued to letters of
another script (Korean and Japanese particles, Chinese and Thai words) or an IPv4 address glued to a word never
reaches the provider, and the words glued to it do (`请发邮件到jane.doe@example.com，谢谢`); a codename glued to
such letters is blocked, on input and in answers; so is one written with `ſ` or a lunate sigma `ϲ`."""

from __future__ import annotations

import json

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


def sent_text(mock: Mock) -> str:
    return json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_values_glued_to_other_scripts_are_redacted_and_the_words_kept(mock: Mock, guarded: Proxy, api: str,
                                                                       stream: bool) -> None:
    mock.script(chunk_chars=5)
    prompt = ("rvq.tanaka@ledgerline.ioに送ってください。서버 10.44.0.91에 접속하세요. 電話番号は617-555-0176です. "
              "请发邮件到zed.wu@fabrikam.io，谢谢. host10.44.0.92 is down, call617-555-0177now")
    assert SEND[api](guarded, prompt, stream) == f"You said: {prompt}"  # restored as sent
    sent = sent_text(mock)
    for value in ("rvq.tanaka@ledgerline.io", "10.44.0.91", "617-555-0176", "zed.wu@fabrikam.io", "10.44.0.92",
                  "617-555-0177"):
        assert value not in sent, "a value glued to letters reached the provider"
    for words in ("に送ってください", "에 접속하세요", "電話番号は<PHONE_NUMBER_", "请发邮件到<EMAIL_ADDRESS_",
                  "host<IP_ADDRESS_", "call<PHONE_NUMBER_"):
        assert words in sent, "the words glued to a value went with it"


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("text", ["Project Falconの進捗を教えてください", "来週からProject Falconを始めます",
                                  "project osprey에 대해 알려주세요", "โครงการproject falconเริ่มแล้ว",
                                  "the project \u017falcon plan", "THE PROJE\u03f9T FALCON PLAN"])
def test_codenames_glued_to_other_scripts_or_in_nfkc_look_alikes_are_blocked(mock: Mock, guarded: Proxy, api: str,
                                                                            text: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, text)
    assert "codenames" in json.dumps(exc.value.body) and text not in json.dumps(exc.value.body, ensure_ascii=False)
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
def test_a_codename_glued_to_japanese_in_an_answer_is_blocked(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text="承知しました。Project Falconの進捗は順調です。以上です。", chunk_chars=3)
    client = openai.OpenAI(base_url=f"{guarded.url}/v1", api_key="sk", max_retries=0)
    messages: list[dict[str, str]] = [{"role": "user", "content": "hi"}]
    if stream:
        chunks = list(client.chat.completions.create(model="gpt-4o-mini", messages=messages,  # type: ignore[arg-type]
                                                     stream=True))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        reasons = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    else:
        r = client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
        text, reasons = r.choices[0].message.content or "", [r.choices[0].finish_reason]
    assert "Falcon" not in text
    assert reasons == ["content_filter"]


def test_text_in_those_scripts_without_values_goes_through_unchanged(mock: Mock, guarded: Proxy) -> None:
    prompt = "Johnさんに2024年12月4日に電話してください。Windows10を使う。价格是1234元。"
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt
