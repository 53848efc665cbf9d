"""No side door through the credentials (issue 12 review, F1): in single-tenant mode the client's own key goes
on to its provider, so a credential header must be a key. What the mock provider RECEIVED and what the client
got, through the official SDKs (and raw HTTP for the headers they do not send): text in `Authorization`,
`x-api-key` or `api-key` is refused (401 in the provider's format, the value never echoed, nothing sent
upstream); keys of every real shape reach the provider, each only in the header that provider reads.
"""

from __future__ import annotations

import base64
import json
import random
import string
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

MSGS: list[Any] = [{"role": "user", "content": "hi"}]
CLAUDE: dict[str, Any] = {"model": "claude-3-5-sonnet-latest", "max_tokens": 10, "messages": MSGS}
TEXTS = ["Bearer 6011 0009 9013 9424 call 303-555-0117", "kto.vale@brightmoor.net", "Kto Vale 219-09-9999",
         "project osprey", "kto-vale-303-555-0117"]
_RNG = random.Random(12)
_B62 = string.ascii_letters + string.digits


def _rnd(alphabet: str, n: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(n))


def _hex_with_a_run(n: int) -> str:
    """A hex key with a run of 9 digits: one key in eight of Azure's 32 hex digits has one by chance."""
    return "c" + "304958172" + _rnd("0123456789abcdef", n - 10)


def _jwt() -> str:
    def seg(doc: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(doc).encode()).rstrip(b"=").decode()
    # The signature of a real token is random base64url; this one has a run of 9 digits.
    return f"{seg({'typ': 'JWT', 'alg': 'RS256'})}.{seg({'aud': 'https://cognitiveservices.azure.com'})}." \
           f"{_rnd(_B62, 40)}123456789{_rnd(_B62 + '-_', 80)}"


OPENAI_KEYS = {  # OpenAI and OpenAI-compatible providers (their SDKs send Authorization: Bearer)
    "openai project": "sk-proj-" + _rnd(_B62 + "-_", 156), "openai legacy": "sk-" + _rnd(_B62, 48),
    "deepseek": "sk-" + _hex_with_a_run(32), "openrouter": "sk-or-v1-" + _hex_with_a_run(64),
    "groq": "gsk_" + _rnd(_B62, 52), "together": _hex_with_a_run(64), "vllm": "EMPTY",
}
ANTHROPIC_KEYS = {"api": "sk-ant-api03-" + _rnd(_B62 + "-_", 93) + "AA", "oauth": "sk-ant-oat01-" + _rnd(_B62, 95)}
AZURE_KEYS = {"classic": _hex_with_a_run(32), "new": _rnd(_B62, 84)}


@pytest.fixture(scope="module")
def single(proxy_factory: ProxyFactory, mock_server: Mock) -> Proxy:
    azure = {"kind": "azure", "base_url": mock_server.url, "api_version": "2024-10-21"}
    return proxy_factory(proxy_yaml={"providers": {"openai": {"base_url": f"{mock_server.url}/v1"},
                                                   "anthropic": {"base_url": mock_server.url},
                                                   "azure-eu": azure}},
                         files={"policies/default.yaml": "name: default\n"})  # single-tenant, no checks


def _credentials(mock: Mock) -> list[dict[str, str]]:
    return [{k: v for k, v in r.headers.items() if k in ("authorization", "x-api-key", "api-key")}
            for r in mock.state.requests]


def _refused(p: Proxy, mock: Mock, response: httpx.Response, value: str, *, anthropic_format: bool) -> None:
    assert response.status_code == 401 and not mock.state.requests
    body = response.json()
    if anthropic_format:
        assert body["type"] == "error" and body["error"]["type"] == "authentication_error"
    else:
        assert body["error"]["code"] == "invalid_api_key"
    for word in value.split():
        if word != "Bearer":
            assert word not in response.text
    record = p.record_for(response.headers["x-guardrail-request-id"])
    assert record["status"] == 401 and record["decision"] == "block"
    # (the proxy's own request id, hashes and time may hold a digit group by chance: `req_...000000000009`)
    own = {k: v for k, v in record.items() if k not in ("request_id", "hash", "prev_hash", "ts")}
    assert all(word not in json.dumps(own) for word in value.split() if word != "Bearer"), json.dumps(own)


# ------------------------------------------------------------------------------------ text is refused

@pytest.mark.parametrize("text", TEXTS)
def test_text_as_an_openai_key_is_refused(single: Proxy, mock: Mock, text: str) -> None:
    client = openai.OpenAI(base_url=f"{single.url}/v1", api_key=text, max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        client.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    _refused(single, mock, err.value.response, text, anthropic_format=False)


@pytest.mark.parametrize("text", TEXTS)
def test_text_as_an_anthropic_key_is_refused(single: Proxy, mock: Mock, text: str) -> None:
    with pytest.raises(anthropic.AuthenticationError) as err:
        anthropic.Anthropic(base_url=single.url, api_key=text, max_retries=0).messages.create(**CLAUDE)
    _refused(single, mock, err.value.response, text, anthropic_format=True)
    r = httpx.post(f"{single.url}/v1/messages", json=CLAUDE, timeout=30,
                   headers={"x-api-key": text, "anthropic-version": "2023-06-01"})
    _refused(single, mock, r, text, anthropic_format=True)


@pytest.mark.parametrize("text", TEXTS)
def test_text_as_an_azure_key_is_refused(single: Proxy, mock: Mock, text: str) -> None:
    client = openai.AzureOpenAI(azure_endpoint=single.url, api_key=text, api_version="2024-10-21", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        client.chat.completions.create(model="prod-gpt4o", messages=MSGS)
    _refused(single, mock, err.value.response, text, anthropic_format=False)


@pytest.mark.parametrize(("header", "path"), [("x-api-key", "/v1/chat/completions"),
                                              ("api-key", "/v1/chat/completions"),
                                              ("api-key", "/v1/messages")])
def test_text_in_a_credential_the_provider_does_not_read_is_refused_too(single: Proxy, mock: Mock, header: str,
                                                                         path: str) -> None:
    # Beside a good key, in a header that would not even go on: the request is wrong, and says so.
    body = CLAUDE if path == "/v1/messages" else {"model": "gpt-4o-mini", "messages": MSGS}
    r = httpx.post(f"{single.url}{path}", json=body, timeout=30,
                   headers={"Authorization": f"Bearer {OPENAI_KEYS['openai project']}", header: TEXTS[1]})
    _refused(single, mock, r, TEXTS[1], anthropic_format=path == "/v1/messages")
    assert header in r.json()["error"]["message"]


# ------------------------------------------------------------------------- keys reach their provider

@pytest.mark.parametrize("name", sorted(OPENAI_KEYS))
def test_openai_and_compatible_keys_reach_the_provider_as_a_bearer_token(single: Proxy, mock: Mock,
                                                                          name: str) -> None:
    key = OPENAI_KEYS[name]
    client = openai.OpenAI(base_url=f"{single.url}/v1", api_key=key, max_retries=0)
    # Another key-shaped credential beside it goes nowhere: the provider reads Authorization only.
    client.chat.completions.create(model="gpt-4o-mini", messages=MSGS,
                                   extra_headers={"x-api-key": "sk-other-key", "api-key": "sk-other-key"})
    assert _credentials(mock) == [{"authorization": f"Bearer {key}"}]


@pytest.mark.parametrize("name", sorted(ANTHROPIC_KEYS))
def test_anthropic_keys_reach_the_provider(single: Proxy, mock: Mock, name: str) -> None:
    key = ANTHROPIC_KEYS[name]
    anthropic.Anthropic(base_url=single.url, api_key=key, max_retries=0).messages.create(**CLAUDE)
    r = httpx.post(f"{single.url}/v1/messages", json=CLAUDE, timeout=30,
                   headers={"x-api-key": key, "Authorization": "Bearer sk-other-key",
                            "anthropic-version": "2023-06-01"})
    assert r.status_code == 200
    # The SDK sends its key as a bearer token (as recent versions do): it goes on so; a client that sends
    # both gets x-api-key through, alone.
    assert _credentials(mock) == [{"authorization": f"Bearer {key}"}, {"x-api-key": key}]


@pytest.mark.parametrize("name", sorted(AZURE_KEYS))
def test_azure_keys_reach_the_azure_provider_as_api_key(single: Proxy, mock: Mock, name: str) -> None:
    key = AZURE_KEYS[name]
    client = openai.AzureOpenAI(azure_endpoint=single.url, api_key=key, api_version="2024-10-21", max_retries=0)
    client.chat.completions.create(model="prod-gpt4o", messages=MSGS,
                                   extra_headers={"Authorization": "Bearer sk-other-key"})
    assert mock.state.last is not None and mock.state.last.path == "/openai/deployments/prod-gpt4o/chat/completions"
    assert _credentials(mock) == [{"api-key": key}]


def test_an_entra_id_token_reaches_the_azure_provider(single: Proxy, mock: Mock) -> None:
    token = _jwt()
    client = openai.AzureOpenAI(azure_endpoint=single.url, azure_ad_token=token, api_version="2024-10-21",
                                max_retries=0)
    client.chat.completions.create(model="prod-gpt4o", messages=MSGS)
    assert _credentials(mock) == [{"authorization": f"Bearer {token}"}]
