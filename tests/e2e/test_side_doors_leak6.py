"""Issue 12 ("No side doors"), sixth round of input leaks, end to end: what the mock provider RECEIVED.

- a card written as a JSON number with a decimal point or an exponent in tool-call arguments, a `tool_use`
  input or an unknown field (`5105105105105100e3`, `4111111111111111.0`, `4.111111111111111` under a card
  key), while data floats (`0.4111111111111111`, `3.141592653589793`, coordinates) pass as sent;
- an e-mail address split over two adjacent string values whose keys name nothing (`{"a": "jane.doe", "b":
  "example.com"}`), while package names, files and modules beside a site pass;
- a mailbox at an IP literal (`jane@[192.168.0.1]`) and an IPv4 address written with leading zeros;
- a mailbox cut from its `.doe@...` by a run of more than 80 spaces;
- a codename with inline HTML tags with attributes inside (`fal<span class="x">con</span>`);
- Markdown emphasis split across two content parts (`jane.doe@**acme` + `**.com`).
Values differ from the issue's where it gives one.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, claude, oai, post_raw, received, upstream_view

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IP_ADDRESS], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
    - {name: falcon, regex: "(?i)\\\\bfalcon\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""

HEAD = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"look it up"},'
CLAUDE = '{"model":"claude-3-5-haiku-latest","max_tokens":10,"messages":[{"role":"user","content":"pay"},'


@pytest.fixture(scope="module")
def six(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})



def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _history(arguments: str) -> str:
    """A chat request whose assistant turn calls a tool with `arguments` (raw JSON text, numbers as written)."""
    call = {"id": "call_1", "type": "function", "function": {"name": "pay", "arguments": arguments}}
    return HEAD + json.dumps({"role": "assistant", "content": None, "tool_calls": [call]}) + \
        ',{"role":"tool","tool_call_id":"call_1","content":"done"}]}'


def _tool_use(raw_input: str) -> str:
    """A Messages request with a `tool_use` input written as raw JSON (numbers as written)."""
    return CLAUDE + '{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"pay","input":' + \
        raw_input + '}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}'


# ------------------------------------------------------------------------------ 1. cards as JSON numbers

CARDS = [("5105105105105100e3", "5105105105105100"), ("4111111111111111.0", "4111111111111111"),
         ("3782822463100.05e2", "378282246310005"), ("6011000990139424E+0", "6011000990139424"),
         ("51051051051051.00e2", "5105105105105100")]


@pytest.mark.parametrize(("number", "card"), CARDS)
@pytest.mark.parametrize("key", ["amount", "x"])
def test_a_card_written_as_a_float_in_tool_arguments_is_redacted(six: Proxy, mock: Mock, number: str, card: str,
                                                                  key: str) -> None:
    r = post_raw(six, "/v1/chat/completions", _history(f'{{"{key}":{number},"note":"ok"}}'))
    assert r.status_code == 200, r.text
    sent = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent["note"] == "ok" and str(sent[key]).startswith("<CREDIT_CARD_"), sent
    assert card not in _digits(received(mock))


@pytest.mark.parametrize(("number", "card"), CARDS + [("4.111111111111111", "4111111111111111")])
def test_a_card_written_as_a_float_in_a_tool_use_input_under_a_card_key(six: Proxy, mock: Mock, number: str,
                                                                         card: str) -> None:
    r = post_raw(six, "/v1/messages", _tool_use(f'{{"card":{number}}}'))
    assert r.status_code == 200, r.text
    got = mock.last_body["messages"][1]["content"][0]["input"]
    assert str(got["card"]).startswith("<CREDIT_CARD_"), got
    assert card not in _digits(received(mock))


@pytest.mark.parametrize(("number", "card"), CARDS)
def test_a_card_written_as_a_float_under_any_key_in_a_tool_use_input_and_a_responses_call(
        six: Proxy, mock: Mock, number: str, card: str) -> None:
    r = post_raw(six, "/v1/messages", _tool_use(f'{{"x":{number},"note":"ok"}}'))
    assert r.status_code == 200, r.text
    assert str(mock.last_body["messages"][1]["content"][0]["input"]["x"]).startswith("<CREDIT_CARD_")
    call = {"type": "function_call", "call_id": "c1", "name": "pay", "arguments": f'{{"x":{number}}}'}
    raw = ('{"model":"gpt-4o-mini","input":[{"role":"user","content":"pay"},' + json.dumps(call) +
           ',{"type":"function_call_output","call_id":"c1","output":"ok"}]}')
    r = post_raw(six, "/v1/responses", raw)
    assert r.status_code == 200, r.text
    assert card not in _digits(received(mock))


def test_a_card_written_as_a_float_in_an_unknown_field(six: Proxy, mock: Mock) -> None:
    r = post_raw(six, "/v1/chat/completions", HEAD[:-1] + '],"x_pay":{"n":5105105105105100e3}}')
    assert r.status_code == 200, r.text
    assert str(mock.last_body["x_pay"]["n"]).startswith("<CREDIT_CARD_")
    assert "5105105105105100" not in _digits(received(mock))


def test_floats_of_data_pass_as_sent(six: Proxy, mock: Mock) -> None:
    args = ('{"p":0.4111111111111111,"pi":3.141592653589793,"e":2.718281828459045,"lat":37.774929123456789,'
            '"lng":-122.41941550000001,"x":4.111111111111111,"big":1e20,"avogadro":6.02214076e23,'
            '"t":1701234567.123456,"ratio":0.30000000000000004,"h":6.62607015e-34}')
    r = post_raw(six, "/v1/chat/completions", _history(args))
    assert r.status_code == 200, r.text
    sent = mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert sent == args


# ---------------------------------------------------------------------- 2. e-mail over two unnamed values

@pytest.mark.parametrize("args", [{"a": "jane.doe", "b": "example.com"},
                                  {"x": "lena.vos", "y": "mail.brightquay.org", "z": 3},
                                  {"first": "jane_doe", "second": "example.co.uk"}])
def test_an_email_split_over_two_values_whose_keys_name_nothing(six: Proxy, mock: Mock,
                                                               args: dict[str, Any]) -> None:
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": json.dumps(args)}}
    oai(six).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc, list-item]
        {"role": "user", "content": "look it up"}, {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}])
    sent = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    local, domain = list(args)[:2]
    assert sent[local].startswith("<EMAIL_ADDRESS_") and sent[domain].startswith("<EMAIL_ADDRESS_"), sent
    assert args[local] not in received(mock) and max(args[domain].split("."), key=len) not in received(mock)


def test_an_email_split_over_two_tool_use_values(six: Proxy, mock: Mock) -> None:
    claude(six).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f",
                                           "input": {"p": "lena.vos", "q": "brightquay.org"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "ok"}]}])
    assert "lena" not in received(mock) and "brightquay" not in received(mock)


@pytest.mark.parametrize("args", [
    {"package": "scikit-learn", "index": "pypi.org"}, {"module": "os.path", "docs": "docs.python.org"},
    {"file": "main.py", "site": "github.com"}, {"a": "README.md", "b": "example.com"},
    {"name": "api", "url": "example.com"}, {"a": "v1.2", "b": "example.com"},
    {"image": "nginx", "registry": "docker.io"}, {"a": "foo-bar", "b": "example.com"},
    {"lib": "lodash.merge", "cdn": "unpkg.com"}, {"from": "en-US", "to": "de-DE", "site": "example.com"},
])
def test_values_beside_a_domain_that_are_no_mailbox_pass(six: Proxy, mock: Mock, args: dict[str, Any]) -> None:
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": json.dumps(args)}}
    oai(six).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc, list-item]
        {"role": "user", "content": "look it up"}, {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}])
    assert json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"]) == args


# ------------------------------------------------------------------- 3. IP literals, IPv4 with leading zeros

@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", ["jane@[192.168.0.1]", "lena.vos@[10.20.30.40]", "ops@[IPv6:2001:db8::1]"])
def test_a_mailbox_at_an_ip_literal_is_redacted_whole(six: Proxy, mock: Mock, api: str, written: str) -> None:
    prompt = f"Please write to {written} today."
    assert SEND[api](six, prompt) == f"You said: {prompt}"
    sent = received(mock)
    local = written.split("@")[0]
    assert "<EMAIL_ADDRESS_1>" in sent and f"{local}@" not in sent and written not in sent, sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", ["010.001.002.003", "192.168.000.001", "172.016.000.010"])
def test_an_ipv4_address_with_leading_zeros_is_redacted(six: Proxy, mock: Mock, api: str, written: str) -> None:
    prompt = f"The server is at {written} now."
    assert SEND[api](six, prompt) == f"You said: {prompt}"
    sent = received(mock)
    assert "<IP_ADDRESS_1>" in sent and written not in sent, sent


@pytest.mark.parametrize("text", ["bind to 000.000.000.000 here", "ping 127.000.000.001 first", "pi is 3.14159",
                                  "release 2024.01.02 is out"])
def test_dotted_numbers_that_are_no_address_pass(six: Proxy, mock: Mock, text: str) -> None:
    assert SEND["chat"](six, text) == f"You said: {text}"
    assert text in received(mock)


# --------------------------------------------------------------- 4. a mailbox cut by a long run of spaces

@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("gap", [" " * 81, " " * 100, " " * 300, "\t" * 120, " " * 1200])
def test_a_mailbox_cut_by_a_long_run_before_its_dot(six: Proxy, mock: Mock, api: str, gap: str) -> None:
    prompt = f"jane{gap}.doe@example.com"
    assert SEND[api](six, prompt) == f"You said: {prompt}"
    sent = upstream_view(mock)
    assert "<EMAIL_ADDRESS_1>" in sent and "jane" not in sent and "doe@" not in sent, sent[:300]


# ------------------------------------------------------------------- 5. inline tags with attributes

@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("written", ['fal<span class="x">con</span> is late', "pro<b id=1>ject</b> osprey is late",
                                     "project <span style='color:red'>fal</span>con", 'f<i data-x="1">alc</i>on'])
def test_a_codename_with_inline_tags_with_attributes_is_blocked(six: Proxy, mock: Mock, api: str,
                                                                 written: str) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](six, f"Status of {written}?")
    assert mock.state.requests == []


@pytest.mark.parametrize("text", ['See <a href="https://example.com/falconry">the docs</a> on '
                                  '<b class="x">falco</b>nry.',
                                  '<span class="tag">fal</span> <span class="tag">con</span>'])
def test_markup_that_spells_no_codename_passes(six: Proxy, mock: Mock, text: str) -> None:
    assert SEND["chat"](six, text) == f"You said: {text}"


def test_an_address_in_an_attribute_is_still_read(six: Proxy, mock: Mock) -> None:
    text = 'Write <a href="mailto:lena.vos@brightquay.org" class="m">to <i class="x">us</i></a>.'
    SEND["chat"](six, text)
    assert "lena.vos" not in received(mock) and "<EMAIL_ADDRESS_1>" in received(mock)


# ------------------------------------------------------------- 6. emphasis split across two content parts

@pytest.mark.parametrize("parts", [("jane.doe@**acme", "**.com"), ("Mail jane.doe@__acme", "__.com today"),
                                   ("ring 617-**555", "**-0143"), ("jane.doe@~~acme", "~~.com"),
                                   ('jane.doe@<b class="x">acme', "</b>.com")])
def test_emphasis_split_across_two_content_parts(six: Proxy, mock: Mock, parts: tuple[str, str]) -> None:
    oai(six).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": [{"type": "text", "text": t} for t in parts]}])
    claude(six).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": [{"type": "text", "text": t} for t in parts]}])
    sent = upstream_view(mock)
    assert "acme" not in sent and "0143" not in sent and "jane" not in sent, sent[:400]
