"""Issue 12, atk25 F04, F06, F10, F11 end to end through the official SDKs: what the mock provider received.

- F04: names joined by `_` or run together in `user`, `safety_identifier`, `prompt_cache_key`, `messages[].name`,
  Responses `user` and Anthropic `metadata.user_id` (`Anna_Müller`, `John_A_Smith`, `MariaSchmidt42`, `SMITH_JOHN`)
  reach it as one placeholder; identifiers (`MAX_RETRIES`, `UserName42`) as sent.
- F06: `GARCÍA, JOSÉ`, `Nguyễn Văn An`, `{"first": "Priya", "last": "Raghunathan"}` (text and tool arguments).
- F10: Chinese names with a compound surname; ordinary Chinese text as sent.
- F11: a tool named after a person (`email_Priya_Raghunathan`) is refused with `name_text`, the name not echoed;
  an ordinary tool name goes as sent."""

from __future__ import annotations

import json

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def _last(mock: Mock) -> str:
    return json.dumps(mock.state.requests[-1].body, ensure_ascii=False)


@pytest.mark.parametrize(("value", "part"), [("Anna_Müller", "Müller"), ("John_A_Smith", "Smith"),
                                             ("MariaSchmidt42", "Schmidt"), ("SMITH_JOHN", "SMITH"),
                                             ("Zoë_Schäfer", "Schäfer"), ("EmilyClark2001", "Clark")])
def test_f04_joined_names_in_id_fields(guarded: Proxy, mock: Mock, value: str, part: str) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", user=value, safety_identifier=value,  # type: ignore[call-overload]
                                         prompt_cache_key=value,
                                         messages=[{"role": "user", "name": value, "content": "hi"}])
    sent = _last(mock)
    assert part not in sent and "PERSON_" in sent, sent
    oai(guarded).responses.create(model="gpt-4o-mini", input="hi", user=value)
    sent = _last(mock)
    assert part not in sent and "PERSON_" in sent, sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=5, metadata={"user_id": value},
                                    messages=[{"role": "user", "content": f"Author: {value} wrote this."}])
    sent = _last(mock)
    assert part not in sent and "PERSON_" in sent, sent


def test_f04_identifiers_go_as_sent(guarded: Proxy, mock: Mock) -> None:
    for value in ("MAX_RETRIES", "UserName42", "ApiKey2024", "Order_Status_2", "Test_A_Suite", "HTTP_CLIENT"):
        oai(guarded).chat.completions.create(model="gpt-4o-mini", user=value, messages=[  # type: ignore[misc]
            {"role": "user", "name": value, "content": f"Set {value} in the config."}])
        body = mock.state.requests[-1].body
        assert body["user"] == value and body["messages"][0]["name"] == value, body
        assert body["messages"][0]["content"] == f"Set {value} in the config.", body


def test_f06_accented_capitals_vietnamese_and_first_last(guarded: Proxy, mock: Mock) -> None:
    args = json.dumps({"first": "Priya", "last": "Raghunathan"})
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "user", "content": "Patient: GARCÍA, JOSÉ"},
        {"role": "user", "content": "Nguyễn Văn An will review."},
        {"role": "user", "content": '{"first": "Deepika", "last": "Oyelaran"}'},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "create_contact", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "ok"},
        {"role": "user", "content": "Menu: CAFÉ, CRÈME"}])
    sent = _last(mock)
    for part in ("JOSÉ", "GARCÍA", "Nguyễn", " An ", "Oyelaran", "Deepika", "Raghunathan", "Priya"):
        assert part not in sent, (part, sent)
    assert mock.state.requests[-1].body["messages"][5]["content"] == "Menu: CAFÉ, CRÈME"


def test_f10_chinese_compound_surnames(guarded: Proxy, mock: Mock) -> None:
    texts = ["司马光说构建失败了。", "我和慕容复开会。", "抄送：慕容复、令狐冲", "欧阳娜娜说构建失败了。",
             "长孙无忌负责审批。", "东方的天空很美。", "请访问上官方网站下载。", "公孙树是一种古老的树。"]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "user", "content": t} for t in texts])
    got = [m["content"] for m in mock.state.requests[-1].body["messages"]]
    for name in ("司马光", "慕容复", "令狐冲", "娜娜", "长孙无忌"):
        assert not any(name in g for g in got[:5]), got
    assert got[5:] == texts[5:], got


def test_f11_a_tool_named_after_a_person_is_refused(guarded: Proxy, mock: Mock) -> None:
    before = len(mock.state.requests)
    with pytest.raises(openai.BadRequestError) as err:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                             tools=[{"type": "function", "function": {
                                                 "name": "email_Priya_Raghunathan",
                                                 "parameters": {"type": "object", "properties": {}}}}])
    assert "name_text" in str(err.value) and "Raghunathan" not in str(err.value)
    with pytest.raises(anthropic.BadRequestError) as aerr:
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=5,
                                        messages=[{"role": "user", "content": "hi"}],
                                        tools=[{"name": "send_to_Maria_Schmidt", "input_schema": {"type": "object"}}])
    assert "name_text" in str(aerr.value) and "Schmidt" not in str(aerr.value)
    assert len(mock.state.requests) == before  # nothing went upstream
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                         tools=[{"type": "function", "function": {
                                             "name": "get_Max_Retries",
                                             "parameters": {"type": "object", "properties": {}}}}])
    assert mock.state.requests[-1].body["tools"][0]["function"]["name"] == "get_Max_Retries"
