"""No side doors at the HTTP edge (issue 12): what the mock provider RECEIVED besides the body (headers,
query string, credentials) and what the CLIENT got besides the answer (response headers), through the
official SDKs where they can set headers; and a streamed request answered with a JSON body labelled
`text/event-stream`, which fails closed under output rules. Values differ from the review's.
"""

from __future__ import annotations

import json
import re
from typing import Any

import anthropic
import httpx
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = r"""
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\bproject (falcon|osprey)\\b", action: block}
output:
  patterns:
    - {name: email, regex: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', action: redact}
"""
ENV = {"OPENAI_API_KEY": "sk-proxy-openai", "ANTHROPIC_API_KEY": "sk-ant-proxy"}
MAIL = "kto.vale@brightmoor.net"
PHONE = "303-555-0117"
CARD = "6011000990139424"
MSGS: list[Any] = [{"role": "user", "content": "hi"}]
CLAUDE: dict[str, Any] = {"model": "claude-3-5-sonnet-latest", "max_tokens": 10, "messages": MSGS}


@pytest.fixture(scope="module")
def edge(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY}, env=ENV)  # single-tenant


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def _sent_headers(mock: Mock) -> str:
    return json.dumps([r.headers for r in mock.state.requests])


def _nothing_leaked(mock: Mock) -> None:
    sent = _sent_headers(mock) + json.dumps([r.query for r in mock.state.requests])
    assert "kto" not in sent.lower() and "brightmoor" not in sent.lower() and "osprey" not in sent.lower()
    for number in (PHONE, CARD):
        assert _digits(number) not in _digits(sent)


def _oai(p: Proxy, **kwargs: Any) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk-client", max_retries=0, **kwargs)


def _claude(p: Proxy, **kwargs: Any) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key="sk-ant-client", max_retries=0, **kwargs)


# ------------------------------------------------------------------------------------- request headers

ODD_HEADERS = {
    "User-Agent": f"ledger/{CARD} kto-vale-{PHONE}/2.0",
    "Accept": f"application/json, x/kto.vale.{_digits(PHONE)}",
    "OpenAI-Beta": "assistants=v2,kto.vale.brightmoor.net",
    "OpenAI-Organization": f"org-{_digits(PHONE)}",
    "OpenAI-Project": f"proj_{_digits(PHONE)}",
    "Idempotency-Key": "kto.vale.brightmoor.net",
    "X-Stainless-Package-Version": ".".join(CARD[i:i + 4] for i in range(0, 16, 4)),
}


def test_sdk_headers_with_text_in_them_stay_behind(edge: Proxy, mock: Mock) -> None:
    _oai(edge, default_headers=ODD_HEADERS).chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    got = mock.state.requests[-1]
    assert got.path == "/v1/chat/completions" and got.headers["authorization"] == "Bearer sk-client"
    assert got.headers["x-stainless-lang"] == "python" and got.headers["content-type"] == "application/json"
    assert not {"openai-beta", "openai-organization", "openai-project", "idempotency-key"} & set(got.headers)
    _nothing_leaked(mock)


def test_sdk_headers_of_the_right_shape_reach_the_provider(edge: Proxy, mock: Mock) -> None:
    key = "stainless-python-retry-9f1c2d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"  # a random one may hold a run of 9 digits
    client = _oai(edge, organization="org-Wq3xLk9Tz", project="proj_Hn4bVc8Rm")
    client.chat.completions.create(model="gpt-4o-mini", messages=MSGS,
                                   extra_headers={"OpenAI-Beta": "assistants=v2", "Idempotency-Key": key})
    got = mock.state.requests[-1].headers
    assert got["openai-organization"] == "org-Wq3xLk9Tz" and got["openai-project"] == "proj_Hn4bVc8Rm"
    assert got["openai-beta"] == "assistants=v2" and got["idempotency-key"] == key
    assert got["user-agent"] == f"OpenAI/Python {openai.__version__}"
    assert got["x-stainless-package-version"] == openai.__version__


def test_anthropic_beta_names_pass_text_and_other_words_do_not(edge: Proxy, mock: Mock) -> None:
    client = _claude(edge)
    client.beta.messages.create(**CLAUDE, betas=["prompt-caching-2024-07-31", "token-counting-2024-11-01"])
    got = mock.state.requests[-1]
    assert got.headers["anthropic-beta"] == "prompt-caching-2024-07-31,token-counting-2024-11-01"
    # A phone number dressed as a beta name: the header stays behind, the request goes on.
    client.messages.create(**CLAUDE, extra_headers={"anthropic-beta": f"kto-{PHONE}-2025-01-01"})
    assert "anthropic-beta" not in mock.state.requests[-1].headers
    # A person's name or a codename shaped as a beta name: not the beta names' words (`BETA_WORDS`), the
    # header stays behind and the request goes on (it used to go on to `patterns:`, which refused a codename).
    for value in ("kto-vale-2024-07-31", "project-osprey-2026-01-01", "prompt-caching-2024-07-31,kto-vale-2024-07-31"):
        count = len(mock.state.requests)
        client.messages.create(**CLAUDE, extra_headers={"anthropic-beta": value})
        assert len(mock.state.requests) == count + 1
        assert "anthropic-beta" not in mock.state.requests[-1].headers, value
    _nothing_leaked(mock)
    # A codename in a project id of the right shape: `patterns:` rules read it as a name; the request is refused.
    count = len(mock.state.requests)
    with pytest.raises(openai.BadRequestError) as err:
        _oai(edge, project="proj_ProjectOsprey").chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    assert err.value.status_code == 400 and "patterns" in err.value.message
    assert len(mock.state.requests) == count
    record = edge.record_for(err.value.response.headers["x-guardrail-request-id"])
    assert record["decision"] == "block" and any(c["check"] == "patterns" for c in record["checks"])
    assert "osprey" not in json.dumps(record).lower()


def test_account_ids_holding_a_number_split_by_letters_stay_behind(edge: Proxy, mock: Mock) -> None:
    groups = PHONE.split("-")
    client = _oai(edge, organization="org-" + "x".join(groups),
                  project="proj_" + "x".join(CARD[i:i + 4] for i in range(0, 16, 4)))
    client.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    got = mock.state.requests[-1]
    assert got.path == "/v1/chat/completions"
    assert not {"openai-organization", "openai-project"} & set(got.headers)
    _nothing_leaked(mock)


def test_values_split_by_letters_or_spelled_in_versions_stay_behind(edge: Proxy, mock: Mock) -> None:
    """atk8 B M3: a phone number or a card whose groups are split by 2 or 3 letters (`idshape.LETTER_GAPS`), and
    one spelled across a User-Agent's version tokens (each short enough alone): the headers stay behind, the
    request goes on; the SDK's own User-Agent and real ids still go."""
    groups = PHONE.split("-")
    card = [CARD[i:i + 4] for i in range(0, 16, 4)]
    count = len(mock.state.requests)
    for org, project, agent in (
            ("org-" + "AB".join(groups), "proj_" + "xyz".join(card), "OpenAI/Python " + " ".join(groups)),
            ("org-" + "kvq".join(groups), "proj_" + "Qz".join(card), "OpenAI/Python 303.555 v0117")):
        client = _oai(edge, organization=org, project=project, default_headers={"User-Agent": agent})
        client.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
        got = mock.state.requests[-1]
        assert got.path == "/v1/chat/completions"
        assert not {"openai-organization", "openai-project", "user-agent"} & set(got.headers), got.headers
    assert len(mock.state.requests) == count + 2
    _nothing_leaked(mock)
    _oai(edge, organization="org-Wq3xLk9Tz8AbQ", project="proj_Hn4bVc8Rm2Ty").chat.completions.create(
        model="gpt-4o-mini", messages=MSGS)
    got = mock.state.requests[-1].headers
    assert got["openai-organization"] == "org-Wq3xLk9Tz8AbQ" and got["openai-project"] == "proj_Hn4bVc8Rm2Ty"
    assert got["user-agent"] == f"OpenAI/Python {openai.__version__}"

    # The answer's ids alike: not relayed to the client.
    mock.script(text="Plain words.", headers={"x-request-id": "req_" + "QQ".join(groups),
                                              "openai-project": "proj_" + "abc".join(card),
                                              "x-ratelimit-remaining-requests": "41"})
    raw = _oai(edge).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS)
    headers = {k.lower(): v for k, v in raw.headers.items()}
    assert headers["x-ratelimit-remaining-requests"] == "41"
    assert not {"x-request-id", "openai-project"} & set(headers)
    assert _digits(PHONE) not in _digits(json.dumps(headers)) and CARD[:8] not in _digits(json.dumps(headers))
    mock.script(text="Plain words.", headers={"request-id": "req_011C" + "abc".join(groups)})
    assert _claude(edge).messages.with_raw_response.create(**CLAUDE).headers.get("request-id") is None


# ------------------------------------------------------------------------------------- query string

def test_a_post_route_takes_only_api_version_and_beta(edge: Proxy, mock: Mock) -> None:
    _oai(edge).chat.completions.create(model="gpt-4o-mini", messages=MSGS,
                                       extra_query={"after": f"kto_vale_{PHONE.replace('-', '_')}", "limit": "5"})
    assert mock.state.requests[-1].query == ""
    r = httpx.post(f"{edge.url}/v1/messages?beta=true&after_id=kto_vale", json=CLAUDE, timeout=30,
                   headers={"x-api-key": "sk-ant-client", "anthropic-version": "2023-06-01"})
    assert r.status_code == 200 and mock.state.requests[-1].query == "beta=true"  # the Anthropic SDK's beta routes
    r = httpx.post(f"{edge.url}/v1/embeddings?api-version=2024-10-21&before=kto.vale&order=asc",
                   json={"model": "text-embedding-3-small", "input": "hi"},
                   headers={"Authorization": "Bearer sk-client"}, timeout=30)
    assert r.status_code == 200 and mock.state.requests[-1].query == "api-version=2024-10-21"
    _nothing_leaked(mock)


def test_a_get_list_route_keeps_its_paging_parameters(edge: Proxy, mock: Mock) -> None:
    headers = {"x-api-key": "sk-ant-client", "anthropic-version": "2023-06-01"}
    r = httpx.get(f"{edge.url}/v1/models?limit=3&after_id=claude-3-5-sonnet-20241022&note=x", headers=headers,
                  timeout=30)
    assert r.status_code == 200 and mock.state.requests[-1].query == "limit=3&after_id=claude-3-5-sonnet-20241022"
    r = httpx.get(f"{edge.url}/v1/models?after_id=kto_{_digits(PHONE)}&limit=3", headers=headers, timeout=30)
    assert r.status_code == 200 and mock.state.requests[-1].query == "limit=3"


# ------------------------------------------------------------------------------------------- credentials

def test_an_azure_clients_key_never_goes_to_the_openai_provider(edge: Proxy, mock: Mock) -> None:
    azure = openai.AzureOpenAI(azure_endpoint=edge.url, api_key="az-client-kto", api_version="2024-10-21",
                               max_retries=0)
    azure.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    got = mock.state.requests[-1]
    assert got.path == "/v1/chat/completions" and got.query == ""
    assert got.headers["authorization"] == "Bearer sk-proxy-openai" and "api-key" not in got.headers
    assert "az-client-kto" not in _sent_headers(mock)


# ------------------------------------------------------------------------------------- response headers

@pytest.mark.parametrize("stream", [False, True])
def test_response_headers_with_text_in_them_never_reach_the_client(edge: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(text="Plain words.", headers={
        "x-request-id": f"req-{PHONE}", "x-ratelimit-limit-requests": " ".join(CARD[i:i + 4] for i in (0, 4, 8, 12)),
        "x-ratelimit-remaining-tokens": CARD, "openai-organization": "kto-vale-brightmoor",
        "x-ratelimit-remaining-requests": "41", "x-ratelimit-reset-tokens": "1m30s", "openai-model": PHONE})
    raw = _oai(edge).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=stream)
    headers = {k.lower(): v for k, v in raw.headers.items()}
    assert headers["x-ratelimit-remaining-requests"] == "41" and headers["x-ratelimit-reset-tokens"] == "1m30s"
    assert not {"x-request-id", "x-ratelimit-limit-requests", "x-ratelimit-remaining-tokens",
                "openai-organization", "openai-model"} & set(headers)
    assert raw.request_id is None
    sent = json.dumps(headers)
    assert "kto" not in sent and _digits(PHONE) not in _digits(sent) and CARD[:8] not in _digits(sent)
    parsed = raw.parse()
    if stream:
        list(parsed)  # type: ignore[call-overload]

    mock.script(text="Plain words.", headers={"request-id": f"req_{_digits(PHONE)}",
                                              "anthropic-ratelimit-requests-remaining": "99"})
    araw = _claude(edge).messages.with_raw_response.create(**CLAUDE)
    assert araw.headers.get("request-id") is None and araw.headers["anthropic-ratelimit-requests-remaining"] == "99"

    # Ids holding a phone number or a card in its printed groups split by letters.
    split_card = "x".join(CARD[i:i + 4] for i in range(0, 16, 4))
    mock.script(text="Plain words.", headers={"x-request-id": f"req_{split_card}",
                                              "openai-project": f"proj_{split_card}",
                                              "x-ratelimit-remaining-requests": "41"})
    raw = _oai(edge).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=stream)
    headers = {k.lower(): v for k, v in raw.headers.items()}
    assert headers["x-ratelimit-remaining-requests"] == "41"
    assert not {"x-request-id", "openai-project"} & set(headers) and CARD[:8] not in _digits(json.dumps(headers))
    if stream:
        list(raw.parse())  # type: ignore[call-overload]
    mock.script(text="Plain words.", headers={"request-id": "req_011C" + "x".join(PHONE.split("-"))})
    assert _claude(edge).messages.with_raw_response.create(**CLAUDE).headers.get("request-id") is None

    # The model the request named, or a dated snapshot of it, goes back as the provider said it.
    mock.script(text="Plain words.", headers={"openai-model": "gpt-4o-mini-2024-07-18"})
    raw = _oai(edge).chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=stream)
    assert raw.headers["openai-model"] == "gpt-4o-mini-2024-07-18"
    if stream:
        list(raw.parse())  # type: ignore[call-overload]


# ------------------------------------------------------------------ a JSON answer labelled as a stream

def _chat_answer(text: str) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                    "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 3, "total_tokens": 6}}, indent=1)


@pytest.mark.parametrize("indent", [False, True])
def test_a_json_answer_labelled_as_a_stream_fails_closed(edge: Proxy, mock: Mock, indent: bool) -> None:
    body = _chat_answer(f"Write to {MAIL}.")
    mock.script(raw_body=body if indent else json.dumps(json.loads(body)), content_type="text/event-stream")
    with pytest.raises(openai.APIStatusError) as err:
        list(_oai(edge).chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True))
    assert err.value.status_code == 502 and MAIL not in err.value.response.text
    assert err.value.response.json()["error"]["code"] == "upstream_unreadable"
    record = edge.record_for(err.value.response.headers["x-guardrail-request-id"])
    assert record["status"] == 502 and record["decision"] == "block"
    assert {"phase": "output", "check": "readable", "action": "block", "findings": {"unreadable_event": 1}} \
        in record["checks"]


def test_an_anthropic_json_answer_labelled_as_a_stream_fails_closed(edge: Proxy, mock: Mock) -> None:
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-sonnet-latest",
               "content": [{"type": "text", "text": f"Write to {MAIL}."}], "stop_reason": "end_turn",
               "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 3}}
    mock.script(raw_body=json.dumps(message), content_type="text/event-stream")
    r = httpx.post(f"{edge.url}/v1/messages", json={**CLAUDE, "stream": True}, timeout=30,
                   headers={"x-api-key": "sk-ant-client", "anthropic-version": "2023-06-01"})
    assert r.status_code == 502 and MAIL not in r.text
    assert r.json()["type"] == "error" and r.headers["x-guardrail-decision"] == "block"
