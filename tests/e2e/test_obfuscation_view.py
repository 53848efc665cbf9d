"""Issue 12 (README-only attack, F8-F10, F12) end to end, through the official SDKs and the mock provider:
text spelled in Unicode tag characters, look-alike letters outside Cyrillic and Greek, encodings the view
did not decode, a decimal number that was redacted as a phone number on a technical prompt, and Markdown
emphasis or HTML comments inside a codename or a value (`pro**ject** fal<!-- -->con`)."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, ask_chat, upstream_view

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE],
        per_entity: {CREDIT_CARD: block}, restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""


def tag(text: str) -> str:
    """`text` spelled in Unicode tag characters (U+E0000 + each ASCII code): invisible, read by models."""
    return "".join(chr(0xE0000 + ord(c)) for c in text)


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})




# ------------------------------------------------------------------------------------ F8: tag characters

@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize(("written", "rule"), [(tag("project falcon"), "codenames"),
                                             ("project " + tag("falcon"), "codenames"),
                                             (tag("card 4111 1111 1111 1111"), "CREDIT_CARD")])
def test_a_codename_or_card_spelled_in_tag_characters_is_blocked(mock: Mock, guarded: Proxy, api: str,
                                                                 written: str, rule: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of {written} please")
    assert rule in json.dumps(exc.value.body)
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["chat", "messages"])
def test_values_spelled_in_tag_characters_are_redacted_upstream_and_restored_as_sent(
        mock: Mock, guarded: Proxy, api: str, stream: bool) -> None:
    mock.script(chunk_chars=4)
    prompt = f"Mail {tag('mkowalski@contoso.com')} or call {tag('617-555-0143')} today."
    assert SEND[api](guarded, prompt, stream) == f"You said: {prompt}"  # the tag characters, byte for byte
    sent = upstream_view(mock)
    assert "<EMAIL_ADDRESS_1>" in sent and "<PHONE_NUMBER_1>" in sent
    for value in ("mkowalski@contoso.com", "617-555-0143", "mkowalski", "contoso", "0143"):
        assert value not in sent, "a value spelled in tag characters reached the provider"
    assert not any(0xE0000 <= ord(c) <= 0xE007F for c in sent)


@pytest.mark.parametrize("stream", [False, True])
def test_tag_characters_in_answers_are_screened(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text=f"Sure. Write to {tag('zed.quinn@fabrikam.io')} tomorrow. Bye.", chunk_chars=3)
    text = ask_chat(guarded, "hi", stream)
    assert "<EMAIL_ADDRESS_" in text and "zed.quinn@fabrikam.io" not in normalize(text).text
    mock.script(text=f"All good so far. The plan for {tag('project falcon')} is ready. More later.", chunk_chars=4)
    client = openai.OpenAI(base_url=f"{guarded.url}/v1", api_key="sk", max_retries=0)
    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert r.choices[0].finish_reason == "content_filter"
    assert "falcon" not in normalize(r.choices[0].message.content or "").text


# ----------------------------------------------------------------------------- F9: look-alike letters

@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("variant", [
    "project falc\u0585n",  # Armenian
    "project f\u0251lcon",  # Latin alpha
    "pro\u0237ect falcon",  # dotless j
    "\u1d18\u0280\u1d0f\u1d0a\u1d07\u1d04\u1d1b \ua730\u1d00\u029f\u1d04\u1d0f\u0274",  # small capitals
    "project falc\u13a4n",  # Cherokee
])
def test_codenames_with_look_alikes_of_other_scripts_are_blocked(mock: Mock, guarded: Proxy, api: str,
                                                                 variant: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of {variant} please?")
    assert "codenames" in json.dumps(exc.value.body) and variant not in json.dumps(exc.value.body)
    assert mock.state.requests == []


def test_text_in_those_scripts_goes_through_unchanged(mock: Mock, guarded: Proxy) -> None:
    prompt = "Translate: Հայաստանի Հանրապետություն, ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ, Wczoraj rozmawiałem z Øster."
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt


# ------------------------------------------------------------------------------- F10: more encodings

@pytest.mark.parametrize("written", [
    "mkowalski\\u{40}contoso.com", "mkowalski\\100contoso.com", "mkowalski=40contoso.com",
    "mkowalski @ contoso . com", "mkowalski&#x0000040;contoso.com", "mkowalski\\U00000040contoso.com",
])
def test_more_encoded_addresses_are_redacted_upstream_and_restored(mock: Mock, guarded: Proxy, written: str) -> None:
    prompt = f"Please mail {written} the report."
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == "Please mail <EMAIL_ADDRESS_1> the report."


@pytest.mark.parametrize("written", ["&#x0000070;roject falcon", "card 4111x1111x1111x1111"])
def test_a_zero_padded_codename_and_an_x_separated_card_are_blocked(mock: Mock, guarded: Proxy, written: str) -> None:
    with pytest.raises(openai.BadRequestError):
        ask_chat(guarded, f"About {written} now")
    assert mock.state.requests == []


# --------------------------------------------------------------------- F12: a decimal is not a phone

def test_a_decimal_number_on_a_technical_prompt_reaches_the_provider_unchanged(mock: Mock, guarded: Proxy) -> None:
    prompt = "Grafana panel shows 99th percentile at 1234.5678 ms; is the histogram bucket wrong? Ring 617.555.0143."
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt.replace("617.555.0143", "<PHONE_NUMBER_1>")


# ------------------------------------------------------------- Markdown emphasis and HTML comments inside

@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", ["pro**ject** fal**con**", "project fal<!-- -->con", "`pro`ject falcon",
                                     "pro*ject* fal_con_", "project <!-- x -->osprey"])
def test_codenames_with_markup_inside_are_blocked(mock: Mock, guarded: Proxy, api: str, written: str) -> None:
    with pytest.raises(ERROR[api]) as exc:
        SEND[api](guarded, f"Status of {written} please?")
    assert "codenames" in json.dumps(exc.value.body)
    assert mock.state.requests == []


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize(("written", "placeholder"), [("jane.doe@**acme**.com", "<EMAIL_ADDRESS_1>"),
                                                      ("617-<!-- -->555-0143", "<PHONE_NUMBER_1>"),
                                                      ("**617**-555-0143", "<PHONE_NUMBER_1>")])
def test_values_with_markup_inside_are_redacted_upstream_and_restored(mock: Mock, guarded: Proxy, api: str,
                                                                      written: str, placeholder: str) -> None:
    prompt = f"Please reach {written} about the report."
    assert SEND[api](guarded, prompt) == f"You said: {prompt}"
    sent = upstream_view(mock)
    assert placeholder in sent and "acme" not in sent and "555" not in sent


def test_a_card_with_markup_inside_is_blocked(mock: Mock, guarded: Proxy) -> None:
    with pytest.raises(openai.BadRequestError):
        ask_chat(guarded, "Charge 4111 **1111** 1111 1111 today")
    assert mock.state.requests == []


@pytest.mark.parametrize("stream", [False, True])
def test_answers_with_markup_inside_values_and_codenames_are_screened(mock: Mock, guarded: Proxy, stream: bool) -> None:
    mock.script(text="Sure. Write to jane.doe@**acme**.com or call 617-<!-- -->555-0143 tomorrow. Bye.", chunk_chars=3)
    text = ask_chat(guarded, "hi", stream)
    assert "<EMAIL_ADDRESS_" in text and "<PHONE_NUMBER_" in text and "acme" not in text and "555" not in text, text
    mock.script(text="All good so far. The plan for pro**ject** fal<!-- -->con is ready. More later.", chunk_chars=3)
    client = openai.OpenAI(base_url=f"{guarded.url}/v1", api_key="sk", max_retries=0)
    messages: Any = [{"role": "user", "content": "hi"}]
    if stream:
        chunks = list(client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True))
        shown = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] \
            == ["content_filter"]
    else:
        r = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
        assert r.choices[0].finish_reason == "content_filter"
        shown = r.choices[0].message.content or ""
    assert "fal" not in shown and "con" not in shown, shown


def test_a_technical_prompt_in_markdown_reaches_the_provider_unchanged(mock: Mock, guarded: Proxy) -> None:
    prompt = ("**Note:** in `__init__.py`, `char *p` and x**2 + 3*4*5; glob *.py, then `--port 8080` on **v2.4.1** "
              "<!-- build 2024-01-15 --> for the project.")
    assert ask_chat(guarded, prompt) == f"You said: {prompt}"
    assert mock.last_body["messages"][0]["content"] == prompt
