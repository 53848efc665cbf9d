"""No side doors, encodings (issue 12, review n5/n6), end to end with the official SDKs as clients: values
encoded twice (`%2540`, `&amp;#64;`), HTML references without `;`, IDNA dots in an address, cards with
`;` or mixed separators, addresses spelled out in words, and codenames in those encodings or in a tool
name with an acronym (`getProjectOSPREYStatus`). On the way in: what the mock provider RECEIVED, and
restore giving the client back exactly what it sent; on the way out: what the client received. Values
differ from the review's.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import compact, received

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD]}
"""

CLAUDE = "claude-3-5-sonnet-latest"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.fixture(scope="module")
def oai(guarded: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{guarded.url}/v1", api_key="sk-x", max_retries=0)


@pytest.fixture(scope="module")
def claude(guarded: Proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=guarded.url, api_key="sk-x", max_retries=0)


# (the text as the client writes it, words of the value that must not reach the provider)
ENCODED = [
    ("write to lena.vos%2540brightquay.org today", ["brightquay"]),
    ("write to lena.vos%252540brightquay.org today", ["brightquay"]),
    ("write to lena.vos&#64brightquay.org today", ["brightquay"]),
    ("write to lena.vos&#x40brightquay.org today", ["brightquay"]),
    ("write to lena.vos&amp;#64;brightquay.org today", ["brightquay"]),
    ("write to lena.vos@brightquay\u3002org today", ["brightquay"]),
    ("write to lena.vos@brightquay\uff61org today", ["brightquay"]),
    ("write to lena dot vos at brightquay dot org today", ["brightquay"]),
    ("card 5555;5555;5555;4444 thanks", ["5555555555554444"]),
    ("card 5555,5555:5555+4444 thanks", ["5555555555554444"]),
    ("card 5555%3B5555%253B5555&#59;4444 thanks", ["5555555555554444"]),
    ("call 646|555;0188 thanks", ["6465550188"]),
]


@pytest.mark.parametrize(("text", "words"), ENCODED)
def test_encoded_values_never_reach_the_provider_and_are_restored_chat(oai: openai.OpenAI, mock: Mock,
                                                                       text: str, words: list[str]) -> None:
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    seen = compact(received(mock))
    assert not [w for w in words if compact(w) in seen]
    assert raw.parse().choices[0].message.content == "You said: " + text  # the echo, restored as sent


@pytest.mark.parametrize(("text", "words"), ENCODED)
def test_encoded_values_never_reach_the_provider_and_are_restored_messages(claude: anthropic.Anthropic, mock: Mock,
                                                                           text: str, words: list[str]) -> None:
    raw = claude.messages.with_raw_response.create(model=CLAUDE, max_tokens=200,
                                                   messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    seen = compact(received(mock))
    assert not [w for w in words if compact(w) in seen]
    block = raw.parse().content[0]
    assert block.type == "text" and block.text == "You said: " + text


def test_ordinary_english_with_at_and_dot_passes_unchanged(oai: openai.OpenAI, mock: Mock) -> None:
    text = "Look at the dot com bubble; meet at noon dot. Version 3;4;5 at 12:30:45,123."
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "allow"
    assert mock.state.requests[-1].body["messages"][0]["content"] == text


CODENAMES_CHAT: list[dict[str, Any]] = [
    {"messages": [{"role": "user", "content": "status of project%2520osprey?"}]},
    {"messages": [{"role": "user", "content": "status of proj&#101ct osprey?"}]},
    {"messages": [{"role": "user", "content": "status of project&amp;nbsp;falcon?"}]},
    {"messages": [{"role": "user", "content": "status of pr%26%23111%3Bject falcon?"}]},
    {"messages": [{"role": "user", "content": "hi"}],
     "tools": [{"type": "function", "function": {"name": "getProjectOSPREYStatus", "parameters": {"type": "object"}}}]},
    {"messages": [{"role": "user", "content": "hi"}],
     "tools": [{"type": "function", "function": {"name": "syncProjectFalcon2", "parameters": {"type": "object"}}}]},
]


@pytest.mark.parametrize("extra", CODENAMES_CHAT)
def test_encoded_codenames_are_blocked_chat(oai: openai.OpenAI, mock: Mock, extra: dict[str, Any]) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        oai.chat.completions.create(model="gpt-4o-mini", **extra)
    assert "codenames" in str(err.value.body)
    assert mock.state.requests == []


def test_a_codename_in_a_model_name_with_an_acronym_is_blocked(oai: openai.OpenAI, mock: Mock) -> None:
    with pytest.raises(openai.BadRequestError):
        oai.chat.completions.create(model="runProjectFALCONv2", messages=[{"role": "user", "content": "hi"}])
    assert mock.state.requests == []


@pytest.mark.parametrize("extra", [
    {"messages": [{"role": "user", "content": "status of project%2520falcon?"}]},
    {"messages": [{"role": "user", "content": "status of proj&#101ct&nbspfalcon?"}]},
    {"messages": [{"role": "user", "content": "hi"}],
     "tools": [{"name": "fetchProjectFALCONData", "input_schema": {"type": "object"}}]},
])
def test_encoded_codenames_are_blocked_messages(claude: anthropic.Anthropic, mock: Mock, extra: dict[str, Any]) -> None:
    with pytest.raises(anthropic.BadRequestError) as err:
        claude.messages.create(model=CLAUDE, max_tokens=20, **extra)
    assert "codenames" in str(err.value.body)
    assert mock.state.requests == []


def test_ordinary_tool_names_with_acronyms_pass(oai: openai.OpenAI, mock: Mock) -> None:
    tools: Any = [{"type": "function", "function": {"name": n, "parameters": {"type": "object"}}}
                  for n in ("getHTTPStatus", "toJSONString", "parseISO8601Date")]
    oai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], tools=tools)
    assert [t["function"]["name"] for t in mock.state.requests[-1].body["tools"]] == \
        ["getHTTPStatus", "toJSONString", "parseISO8601Date"]


# The same encodings in an answer: the client never receives the value.
ANSWERS = [
    ("Reach me at piet.smit%2540harbourlane.net soon.", "harbourlane"),
    ("Reach me at piet.smit&#64harbourlane.net soon.", "harbourlane"),
    ("Reach me at piet.smit&amp;#64;harbourlane.net soon.", "harbourlane"),
    ("Reach me at piet.smit@harbourlane\u3002net soon.", "harbourlane"),
    ("Reach me at piet dot smit at harbourlane dot net soon.", "harbourlane"),
    ("Pay with 5105;1051;0510;5100 soon.", "5105105105105100"),
    ("Pay with 5105,1051:0510+5100 soon.", "5105105105105100"),
]


@pytest.mark.parametrize(("answer", "word"), ANSWERS)
def test_encoded_values_in_an_answer_never_reach_the_client_chat(oai: openai.OpenAI, mock: Mock, answer: str,
                                                                 word: str) -> None:
    mock.script(text=answer)
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": "hi"}])
    content = raw.parse().choices[0].message.content or ""
    assert content.startswith(("Reach me at ", "Pay with ")) and compact(word) not in compact(content)


@pytest.mark.parametrize(("answer", "word"), ANSWERS)
def test_encoded_values_in_an_answer_never_reach_the_client_messages(claude: anthropic.Anthropic, mock: Mock,
                                                                     answer: str, word: str) -> None:
    mock.script(text=answer)
    got = claude.messages.create(model=CLAUDE, max_tokens=200, messages=[{"role": "user", "content": "hi"}])
    block = got.content[0]
    assert block.type == "text" and block.text.startswith(("Reach me at ", "Pay with "))
    assert compact(word) not in compact(block.text)


def test_encoded_values_in_a_streamed_answer_never_reach_the_client(claude: anthropic.Anthropic, mock: Mock) -> None:
    mock.script(text="Reach me at piet.smit%2540harbourlane.net or 5105;1051;0510;5100 soon.", chunk_chars=5)
    with claude.messages.stream(model=CLAUDE, max_tokens=200, messages=[{"role": "user", "content": "hi"}]) as s:
        text = "".join(s.text_stream)
    assert text.startswith("Reach me at ") and "harbourlane" not in text and "5105" not in text


@pytest.mark.parametrize("parts", [
    ["write to lena at bright", "quay dot org today"],
    ["write to lena.vos%2540bright", "quay.org today"],
    ["card 5555;5555", ";5555;4444 thanks"],
])
def test_an_encoded_value_split_across_content_parts_never_reaches_the_provider(
        oai: openai.OpenAI, mock: Mock, parts: list[str]) -> None:
    content: Any = [{"type": "text", "text": p} for p in parts]
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": content}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert not any(w in json.dumps(sent) for w in ("quay", "5555;4444", "5555;5555"))
    assert raw.parse().choices[0].message.content == "You said: " + "".join(parts)  # restored as sent
