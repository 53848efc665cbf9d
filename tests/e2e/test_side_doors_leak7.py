"""Issue 12 ("No side doors"), seventh round of input leaks, end to end: what the mock provider RECEIVED and what
the client got.

- a codename split across content parts or messages by an HTML or XML tag with attributes that the joint between
  the texts did not reach over (a tag longer than 100 characters, a boolean attribute, an XML element), and the
  same split in a streamed answer, where a window ended inside the tag while it was still open;
- an IPv4 address written with groups of 4 digits or more, zero-led (`0192.0168.0000.0001`), as a value and as
  a mailbox's address literal; versions, dates and decimals pass;
- a value or a codename split between a MIDDLE message and `metadata` (Chat Completions and Responses
  `metadata`, Anthropic `metadata.user_id`): each value was read with the first and the last message only.
Values differ from the issue's where it gives one.
"""

from __future__ import annotations

from typing import Any

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, ask_chat, ask_messages, claude, oai, received

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IP_ADDRESS], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""

# Output rules only: the echo of a prompt is screened as the model's answer (the input passes as sent).
ANSWERS = """
name: default
on_error: block
output:
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""

LONG = ('<span class="highlight-token" style="color: #c0392b; font-weight: 600; text-decoration: underline" '
        'data-id="12345" title="x">')  # 125 characters


@pytest.fixture(scope="module")
def seven(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.fixture(scope="module")
def answers(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": ANSWERS})


def _send(p: Proxy, api: str, messages: list[Any]) -> None:
    if api == "chat":
        oai(p).chat.completions.create(model="gpt-4o-mini", messages=messages)
    else:
        claude(p).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=messages)


# ------------------------------------------------------------- 1. a codename split around a tag with attributes

SPLITS = [("Status of project " + LONG, "falcon</span> please"), ("status of project", LONG + "osprey</span>"),
          ("project <b hidden>", "falcon</b>"), ('project <w:t xml:space="preserve">', "falcon</w:t>"),
          ("project <x-note a=1 b='2'>", "osprey</x-note>")]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("parts", SPLITS)
def test_a_codename_split_by_a_tag_with_attributes_across_content_parts_is_blocked(
        seven: Proxy, mock: Mock, api: str, parts: tuple[str, str]) -> None:
    with pytest.raises(ERROR[api]):
        _send(seven, api, [{"role": "user", "content": [{"type": "text", "text": t} for t in parts]}])
    assert mock.state.requests == []


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("parts", SPLITS)
def test_a_codename_split_by_a_tag_with_attributes_across_messages_is_blocked(
        seven: Proxy, mock: Mock, api: str, parts: tuple[str, str]) -> None:
    with pytest.raises(ERROR[api]):
        _send(seven, api, [{"role": "user", "content": t} for t in parts])
    assert mock.state.requests == []


@pytest.mark.parametrize("text", [f"Status of {LONG}project</span> and <b hidden>falcons</b> in the zoo.",
                                  '<w:t xml:space="preserve">project</w:t> plan; <x-a b="c">falconry</x-a>',
                                  "class Box<T extends Base = Default> { project: Kestrel }"])
def test_markup_that_spells_no_codename_passes(seven: Proxy, mock: Mock, text: str) -> None:
    assert SEND["chat"](seven, text) == f"You said: {text}"
    assert mock.last_body["messages"][0]["content"] == text


@pytest.mark.parametrize("ask", [ask_chat, ask_messages], ids=["chat", "messages"])
@pytest.mark.parametrize("tag", ['<span title="Note. See the whole thread for the history of it">',
                                 '<span\nclass="abcdefghijklmnopqrstuvwxyz">',
                                 '<span style="color: red; font-weight: bold; text-decoration: underline; margin: 0">',
                                 "<b\nhidden>", '<w:t xml:space="preserve">'])
def test_a_streamed_answer_never_shows_a_codename_split_by_a_tag(answers: Proxy, mock: Mock, ask: Any,
                                                                 tag: str) -> None:
    # The mock echoes the prompt in chunks of 8 characters: the answer is the split codename.
    got = ask(answers, f"Status: project {tag}falcon</span> ships today. Bye.", stream=True)
    assert "falcon" not in got, got


# --------------------------------------------------------------------------- 2. zero-padded IPv4 groups

@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", ["0192.0168.0000.0001", "00010.0.0.1", "10.0020.0030.0040", "0172.016.0000.0010"])
def test_an_ipv4_address_with_zero_padded_groups_is_redacted(seven: Proxy, mock: Mock, api: str,
                                                             written: str) -> None:
    prompt = f"The server is at {written} now."
    assert SEND[api](seven, prompt) == f"You said: {prompt}"
    sent = received(mock)
    assert "<IP_ADDRESS_1>" in sent and written not in sent, sent


def test_a_mailbox_at_a_zero_padded_address_literal_is_redacted_whole(seven: Proxy, mock: Mock) -> None:
    prompt = "Please write to lena.vos@[0192.0168.0000.0001] today."
    assert SEND["chat"](seven, prompt) == f"You said: {prompt}"
    assert "lena.vos" not in received(mock) and "<EMAIL_ADDRESS_1>" in received(mock)


@pytest.mark.parametrize("text", ["upgrade to version 0001.0002.0003.0004 today", "release 2024.0101.0001.0002 is out",
                                  "ratio 0.0001 and 12.0005 ms", "bind to 0000.0000.0000.0000 here",
                                  "ping 0127.0000.0000.0001 first", "dates 2024.01.02 and 02.01.2024",
                                  "the range 0256.0001.0001.0001 is no address"])
def test_zero_padded_numbers_that_are_no_address_pass(seven: Proxy, mock: Mock, text: str) -> None:
    assert SEND["chat"](seven, text) == f"You said: {text}"
    assert text in received(mock)


# ----------------------------------------------------------------- 3. a middle message and `metadata`

TURNS: list[Any] = [{"role": "user", "content": "hello there"}, {"role": "assistant", "content": "hi, how can I help?"},
                    {"role": "user", "content": "ring 415-555"}, {"role": "assistant", "content": "noted"},
                    {"role": "user", "content": "thanks, that is all"}]


def test_a_phone_split_between_a_middle_message_and_chat_metadata_is_redacted(seven: Proxy, mock: Mock) -> None:
    oai(seven).chat.completions.create(model="gpt-4o-mini", messages=TURNS, metadata={"x": "-0176"})
    sent = mock.last_body
    assert "4155550176" not in "".join(c for c in received(mock) if c.isdigit()), received(mock)
    assert sent["metadata"]["x"].startswith("<PHONE_NUMBER_") and "<PHONE_NUMBER_" in sent["messages"][2]["content"]


def test_a_phone_split_between_a_middle_input_item_and_responses_metadata_is_redacted(seven: Proxy,
                                                                                     mock: Mock) -> None:
    oai(seven).responses.create(model="gpt-4o-mini", input=TURNS, metadata={"x": "-0176"})
    assert mock.last_body["metadata"]["x"].startswith("<PHONE_NUMBER_"), mock.last_body
    assert "0176" not in received(mock)


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
def test_a_codename_split_between_a_middle_message_and_metadata_is_blocked(seven: Proxy, mock: Mock,
                                                                           api: str) -> None:
    turns = [dict(t) for t in TURNS]
    turns[2]["content"] = "what is the status of project"
    with pytest.raises((openai.BadRequestError, anthropic.BadRequestError)):
        if api == "chat":
            oai(seven).chat.completions.create(model="gpt-4o-mini", messages=turns, metadata={"tag": "falcon"})
        elif api == "responses":
            oai(seven).responses.create(model="gpt-4o-mini", input=turns, metadata={"tag": "osprey"})
        else:
            claude(seven).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=turns,
                                          metadata={"user_id": "falcon"})
    assert mock.state.requests == []


def test_metadata_beside_unrelated_middle_messages_passes_as_sent(seven: Proxy, mock: Mock) -> None:
    turns = [dict(t) for t in TURNS]
    turns[2]["content"] = "book room 12"
    oai(seven).chat.completions.create(model="gpt-4o-mini", messages=turns, metadata={"n": "34 seats", "env": "prod"})
    assert mock.last_body["messages"] == turns and mock.last_body["metadata"] == {"n": "34 seats", "env": "prod"}
