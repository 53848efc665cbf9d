"""Encodings, obfuscation and splits end to end, through the official SDKs and the mock provider: what
the provider RECEIVED holds no obfuscated value (invisible characters, full-width forms, `[at]`, literal
escapes, separators inside numbers), cards written that way hit a block rule, codename variants are
blocked, values and toxic phrases split across content parts or messages are found, and the client
gets back exactly the characters it sent (restore); answers are screened the same way, plain and streamed.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE],
        per_entity: {CREDIT_CARD: block}, restore: true}
  toxicity: {action: block, thresholds: {toxicity: 0.8}}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""

# Obfuscated values, and what each reads as: neither may reach the provider.
EMAIL_ZW = "jane\u200b.doe@exa\u00admple.com"
EMAIL_AT = "r.smith [at] example [dot] org"
PHONE_FW = "\uff16\uff11\uff17\u2010\uff15\uff15\uff15\u2010\uff10\uff11\uff14\uff13"
PHONE_ESC = "617-555-0198"  # after a literal backslash-n
SSN_US = "536_90_4399"
IBAN_NBSP = "DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000"
PROMPT = (f"Contact {EMAIL_ZW} or {EMAIL_AT}, phone {PHONE_FW}, Acme\\n{PHONE_ESC}; "
          f"SSN {SSN_US}; refund to IBAN {IBAN_NBSP} please.")
READ_AS = ["jane.doe@example.com", "r.smith@example.org", "617-555-0143", "617-555-0198", "536 90 4399",
           "DE89 3704 0044 0532 0130 00"]
WRITTEN = [EMAIL_ZW, EMAIL_AT, PHONE_FW, PHONE_ESC, SSN_US, IBAN_NBSP]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    # The proxy analyses in a thread of this process (`workers: 0`): load the engines first, outside the
    # server's 30 s start-up wait (importing Presidio takes far longer on a loaded 2-core machine).
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": POLICY})


def oai(p: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk", max_retries=0)


def ant(p: Proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key="sk-ant", max_retries=0)


def upstream(mock: Mock) -> str:
    """Everything the provider received, as JSON text and as its normalised view."""
    sent = json.dumps([r.to_json() for r in mock.state.requests], ensure_ascii=False)
    return sent + "\n" + normalize(json.loads(json.dumps(sent))).text


def assert_nothing_reached(mock: Mock, *values: str) -> None:
    seen = upstream(mock)
    for value in values:
        assert value not in seen and normalize(value).text not in seen, "an obfuscated value reached the provider"


def chat(p: Proxy, messages: list[dict[str, Any]], stream: bool) -> str:
    client = oai(p)
    if stream:
        chunks = client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True)  # type: ignore[arg-type]
        return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    r = client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
    return r.choices[0].message.content or ""


def messages_api(p: Proxy, messages: list[dict[str, Any]], stream: bool) -> str:
    client = ant(p)
    if stream:
        with client.messages.stream(model="claude-3-5-haiku-latest", max_tokens=300,
                                    messages=messages) as s:  # type: ignore[arg-type]
            return "".join(s.text_stream)
    r = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=messages)  # type: ignore[arg-type]
    return "".join(b.text for b in r.content if b.type == "text")


SEND = {"chat": chat, "messages": messages_api}


# ------------------------------------------------------------------------------------------- input

@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_obfuscated_values_are_redacted_upstream_and_restored_as_sent(mock: Mock, guarded: Proxy, api: str,
                                                                     stream: bool) -> None:
    mock.script(chunk_chars=5)
    text = SEND[api](guarded, [{"role": "user", "content": PROMPT}], stream)
    assert text == f"You said: {PROMPT}"  # the client's own characters, byte for byte
    content = mock.last_body["messages"][0]["content"]
    for entity in ("EMAIL_ADDRESS_1", "EMAIL_ADDRESS_2", "PHONE_NUMBER_1", "PHONE_NUMBER_2", "US_SSN_1", "IBAN_CODE_1"):
        assert f"<{entity}>" in content, (entity, content)
    assert_nothing_reached(mock, *WRITTEN, *READ_AS)


@pytest.mark.parametrize("card", [
    "4111.1111.1111.1111", "4111_1111_1111_1111", "4111/1111/1111/1111", "4111  1111 1111  1111",
    "4111 1111-1111.1111",
    "\uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11",
    "4111\u200b1111\u200b1111\u200b1111", "4111\u00a01111\u00a01111\u00a01111",
])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_cards_with_separators_hit_a_card_block_rule(mock: Mock, guarded: Proxy, api: str, card: str) -> None:
    error = openai.BadRequestError if api == "chat" else anthropic.BadRequestError
    with pytest.raises(error) as exc:
        SEND[api](guarded, [{"role": "user", "content": f"Charge my card {card} today."}], False)
    assert "CREDIT_CARD" in json.dumps(exc.value.body)
    assert mock.state.requests == []


@pytest.mark.parametrize("variant", [
    "project  falcon", "project\u00a0falcon", "project\u200bfalcon", "project-falcon", "PROJECT Falcon",
    "Project\u2009Osprey", "\uff50\uff52\uff4f\uff4a\uff45\uff43\uff54 falcon", "project\\nfalcon",
])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_codename_variants_are_blocked(mock: Mock, guarded: Proxy, api: str, variant: str) -> None:
    error = openai.BadRequestError if api == "chat" else anthropic.BadRequestError
    with pytest.raises(error) as exc:
        SEND[api](guarded, [{"role": "user", "content": f"Status of {variant} please?"}], False)
    assert "codenames" in json.dumps(exc.value.body) and variant not in json.dumps(exc.value.body)
    assert mock.state.requests == []


def parts(*texts: str) -> list[dict[str, str]]:
    return [{"type": "text", "text": t} for t in texts]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_value_split_across_content_parts_is_redacted_in_each(mock: Mock, guarded: Proxy, api: str,
                                                                stream: bool) -> None:
    halves = ("Mail jane.doe@exa", "mple.com and call 617-555-", "0143 today.")
    text = SEND[api](guarded, [{"role": "user", "content": parts(*halves)}], stream)
    assert text == "You said: " + "".join(halves)
    sent = [p["text"] for p in mock.last_body["messages"][0]["content"]]
    assert "<EMAIL_ADDRESS_1>" in sent[0] and "<EMAIL_ADDRESS_2>" in sent[1] and "<PHONE_NUMBER_1>" in sent[1]
    assert_nothing_reached(mock, "jane.doe@exa", "mple.com", "617-555-", "0143")


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_card_split_across_content_parts_hits_the_card_block_rule(mock: Mock, guarded: Proxy, api: str) -> None:
    error = openai.BadRequestError if api == "chat" else anthropic.BadRequestError
    with pytest.raises(error):
        SEND[api](guarded, [{"role": "user", "content": parts("Card 4111 1111 1111", " 1111, thanks")}], False)
    assert mock.state.requests == []
    # Neither half is a card by itself: the second half alone goes through unchanged.
    assert SEND[api](guarded, [{"role": "user", "content": " 1111, thanks"}], False) == "You said:  1111, thanks"


def test_a_card_split_across_two_messages_hits_the_card_block_rule(mock: Mock, guarded: Proxy) -> None:
    with pytest.raises(openai.BadRequestError):
        chat(guarded, [{"role": "user", "content": "my card is 4111 1111"},
                       {"role": "user", "content": "1111 1111 and expires 12/29"}], False)
    assert mock.state.requests == []


def test_unrelated_parts_do_not_join_into_values(mock: Mock, guarded: Proxy) -> None:
    halves = ("The meeting is in room 12", "34 people will attend. Total: 42.", "1 2 3 are the steps.")
    assert chat(guarded, [{"role": "user", "content": parts(*halves)}], False) == "You said: " + "".join(halves)
    assert [p["text"] for p in mock.last_body["messages"][0]["content"]] == list(halves)  # unchanged


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_a_toxic_phrase_split_across_content_parts_is_blocked(mock: Mock, guarded: Proxy, api: str) -> None:
    error = openai.BadRequestError if api == "chat" else anthropic.BadRequestError
    with pytest.raises(error) as exc:
        SEND[api](guarded, [{"role": "user", "content": parts("You are a total id", "iot, frankly.")}], False)
    assert "toxicity" in json.dumps(exc.value.body)
    with pytest.raises(error):
        SEND[api](guarded, [{"role": "user", "content": "You are a total id\u200biot."}], False)
    assert mock.state.requests == []
    alone = "You are a total id"
    assert SEND[api](guarded, [{"role": "user", "content": alone}], False) == f"You said: {alone}"


# ------------------------------------------------------------------------------------------ output

ANSWER = f"Sure. Write to {EMAIL_ZW} or call {PHONE_FW} tomorrow. Bye."


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_obfuscated_values_in_answers_are_redacted_for_the_client(mock: Mock, guarded: Proxy, api: str,
                                                                 stream: bool) -> None:
    mock.script(text=ANSWER, chunk_chars=3)
    text = SEND[api](guarded, [{"role": "user", "content": "hi"}], stream)
    assert text.startswith("Sure. Write to <EMAIL_ADDRESS_") and text.endswith(" tomorrow. Bye.")
    assert "<PHONE_NUMBER_" in text
    for value in (EMAIL_ZW, PHONE_FW, "jane.doe@example.com", "617-555-0143"):
        assert value not in text and value not in normalize(text).text


@pytest.mark.parametrize("stream", [False, True])
def test_codename_variants_in_answers_end_them(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text="All good so far. The plan for project\u00a0falcon is ready. More later.", chunk_chars=4)
    client = oai(guarded)
    if stream:
        chunks = list(client.chat.completions.create(model="gpt-4o-mini", stream=True,
                                                     messages=[{"role": "user", "content": "hi"}]))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
        assert finish == ["content_filter"] and text == "All good so far. "
    else:
        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        assert r.choices[0].finish_reason == "content_filter"
        assert "falcon" not in (r.choices[0].message.content or "")
