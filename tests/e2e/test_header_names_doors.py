"""No side doors in header names and telemetry words (issue 12 review, F7, F2, F11), through the official SDKs:
what the CLIENT got in the provider's rate-limit header NAMES, what the mock provider RECEIVED in the SDKs'
`X-Stainless-*` telemetry, and which policy an answer claims when no team was read. Values differ from the
review's.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = r"""
name: default
input:
  patterns:
    - {name: codenames, regex: "(?i)\\bproject (falcon|osprey)\\b", action: block}
output:
  patterns:
    - {name: email, regex: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', action: redact}
"""
VERSION = hashlib.sha256(POLICY.encode()).hexdigest()[:12]
MSGS: list[Any] = [{"role": "user", "content": "hi"}]
CLAUDE: dict[str, Any] = {"model": "claude-3-5-sonnet-latest", "max_tokens": 10, "messages": MSGS}
CARD = "6011000990139424"


@pytest.fixture(scope="module")
def single(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.fixture(scope="module")
def teams(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"ops": {}}, files={"policies/default.yaml": POLICY},
                         env={"OPENAI_API_KEY": "sk-proxy-openai", "ANTHROPIC_API_KEY": "sk-ant-proxy"})


# ------------------------------------------------------------------------ rate-limit header names (F7)

REAL_NAMES = {"x-ratelimit-remaining-requests": "41", "x-ratelimit-reset-tokens": "1m30s",
              "x-ratelimit-limit-tokens-minute": "30000"}
ODD_NAMES = {f"x-ratelimit-{CARD}": "1", "x-ratelimit-kto-vale-brightmoor-net": "1",
             "x-ratelimit-project-osprey": "2", "x-ratelimit-limit-kto-vale": "3",
             f"x-ratelimit-remaining-{CARD[:8]}-{CARD[8:]}": "4"}


@pytest.mark.parametrize("stream", [False, True])
def test_rate_limit_header_names_with_text_never_reach_the_client(single: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(text="Plain words.", headers={**REAL_NAMES, **ODD_NAMES})
    client = openai.OpenAI(base_url=f"{single.url}/v1", api_key="sk-client", max_retries=0)
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=stream)
    headers = {k.lower(): v for k, v in raw.headers.items()}
    assert {k: headers.get(k) for k in REAL_NAMES} == REAL_NAMES
    sent = json.dumps(list(headers)).lower()
    assert CARD[:8] not in sent and "kto" not in sent and "osprey" not in sent and "brightmoor" not in sent
    parsed = raw.parse()
    if stream:
        list(parsed)  # type: ignore[call-overload]


def test_anthropic_rate_limit_header_names_with_text_never_reach_the_client(single: Proxy, mock: Mock) -> None:
    mock.script(text="Plain words.", headers={
        "anthropic-ratelimit-input-tokens-remaining": "9000", "anthropic-ratelimit-kto-vale": "5",
        f"anthropic-ratelimit-{CARD}-reset": "2026-12-03T08:00:00Z"})
    raw = anthropic.Anthropic(base_url=single.url, api_key="sk-ant-client",
                              max_retries=0).messages.with_raw_response.create(**CLAUDE)
    names = [k.lower() for k in raw.headers]
    assert "anthropic-ratelimit-input-tokens-remaining" in names
    assert not [n for n in names if "kto" in n or CARD in n]


# ---------------------------------------------------------------------------- X-Stainless-* words (F2)

ODD_TELEMETRY = {"X-Stainless-OS": "projectosprey", "X-Stainless-Lang": "KtoVale", "X-Stainless-Arch": "other:kto",
                 "X-Stainless-Runtime": "ProjectOsprey", "X-Stainless-Async": "async:ktovale",
                 "X-Stainless-Helper-Method": "projectOsprey", "X-Stainless-Poll-Helper": "KtoVale",
                 "X-Stainless-Stream-Helper": "kto.vale", "x-stainless-helper": "BetaToolRunner, KtoVale"}


@pytest.mark.parametrize("proxy_name", ["single", "teams"])
def test_telemetry_words_outside_the_sdks_vocabulary_stay_behind(request: pytest.FixtureRequest, mock: Mock,
                                                                  proxy_name: str) -> None:
    p: Proxy = request.getfixturevalue(proxy_name)
    key = p.keys.get("ops", "sk-client")
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=key, max_retries=0)
    client.chat.completions.create(model="gpt-4o-mini", messages=MSGS, extra_headers=ODD_TELEMETRY)
    got = mock.state.requests[-1].headers
    assert not {k.lower() for k in ODD_TELEMETRY} & set(got)
    sent = json.dumps(got).lower()
    assert "osprey" not in sent and "kto" not in sent


def test_the_sdks_own_telemetry_goes_on(single: Proxy, mock: Mock) -> None:
    client = openai.OpenAI(base_url=f"{single.url}/v1", api_key="sk-client", max_retries=0)
    client.chat.completions.create(model="gpt-4o-mini", messages=MSGS, extra_headers={
        "X-Stainless-Helper-Method": "chat.completions.parse", "X-Stainless-Poll-Helper": "true"})
    got = mock.state.requests[-1].headers
    assert got["x-stainless-helper-method"] == "chat.completions.parse" and got["x-stainless-poll-helper"] == "true"
    assert got["x-stainless-lang"] == "python" and got["x-stainless-async"] == "false"
    r = httpx.post(f"{single.url}/v1/messages", json=CLAUDE, timeout=30, headers={
        "x-api-key": "sk-ant-client", "anthropic-version": "2023-06-01",
        "x-stainless-helper": "BetaToolRunner, mcp_tool", "x-stainless-stream-helper": "beta.messages"})
    assert r.status_code == 200
    got = mock.state.requests[-1].headers
    assert got["x-stainless-helper"] == "BetaToolRunner, mcp_tool"
    assert got["x-stainless-stream-helper"] == "beta.messages"


# ----------------------------------------------------------------- the policy an answer claims (F11)

def test_team_mode_an_answer_without_a_team_claims_no_policy(teams: Proxy, mock: Mock) -> None:
    client = openai.OpenAI(base_url=f"{teams.url}/v1", api_key="gp-nope", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        client.chat.completions.create(model="gpt-4o-mini", messages=MSGS)
    r = httpx.post(f"{teams.url}/v1/no-such-route", json={}, timeout=30,
                   headers={"Authorization": f"Bearer {teams.keys['ops']}"})
    assert r.status_code == 404
    for response in (err.value.response, r):
        assert "x-guardrail-policy" not in response.headers
        record = teams.record_for(response.headers["x-guardrail-request-id"])
        assert record["team"] is None and record["policy"] is None and record["policy_version"] is None
    ok = client.with_options(api_key=teams.keys["ops"]).chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=MSGS)
    assert ok.headers["x-guardrail-policy"] == f"default@{VERSION}"  # the file, not the built-in default


def test_single_tenant_every_answer_claims_the_policy_in_force(single: Proxy, mock: Mock) -> None:
    r = httpx.post(f"{single.url}/v1/no-such-route", json={}, timeout=30)
    assert r.status_code == 404 and r.headers["x-guardrail-policy"] == f"default@{VERSION}"
    r = httpx.post(f"{single.url}/v1/chat/completions", json={"model": "gpt-4o-mini", "messages": MSGS},
                   headers={"Authorization": "Bearer kto vale"}, timeout=30)
    assert r.status_code == 401 and r.headers["x-guardrail-policy"] == f"default@{VERSION}"
    record = single.record_for(r.headers["x-guardrail-request-id"])
    assert (record["team"], record["policy"], record["policy_version"]) == ("default", "default", VERSION)


# ------------------------------------------------------------- GET /v1/models paging ids (F2, the query)

def test_models_paging_ids_are_read_by_patterns_rules(single: Proxy, mock: Mock) -> None:
    # OpenAI's list of models takes no parameter: `after` stays behind.
    client = openai.OpenAI(base_url=f"{single.url}/v1", api_key="sk-client", max_retries=0)
    client.models.list(extra_query={"after": "project-osprey", "limit": "5"})
    assert mock.state.requests[-1].query == "limit=5"
    # Anthropic's paging ids are model ids: they go on, and a codename in one is refused as in a model name.
    headers = {"x-api-key": "sk-ant-client", "anthropic-version": "2023-06-01"}
    r = httpx.get(f"{single.url}/v1/models?after_id=claude-3-5-sonnet-20241022&limit=3", headers=headers, timeout=30)
    assert r.status_code == 200 and mock.state.requests[-1].query == "after_id=claude-3-5-sonnet-20241022&limit=3"
    count = len(mock.state.requests)
    for value in ("project-osprey", "projectOsprey", "claude-project_osprey-1"):
        r = httpx.get(f"{single.url}/v1/models?after_id={value}", headers=headers, timeout=30)
        assert r.status_code == 400 and "osprey" not in r.text.lower(), r.text
        record = single.record_for(r.headers["x-guardrail-request-id"])
        assert record["decision"] == "block" and any(c["check"] == "patterns" for c in record["checks"])
        assert "osprey" not in json.dumps(record).lower()
    assert len(mock.state.requests) == count



@pytest.fixture(scope="module")
def blocking(proxy_factory: ProxyFactory) -> Proxy:
    rule = ('\n    - {name: codenames, regex: "(?i)project-falcon", action: block}'
            '\n    - {name: birds, regex: "(?i)\\\\bproject osprey\\\\b", action: block}')
    policy = POLICY.replace("action: redact}", "action: redact}" + rule)
    return proxy_factory(files={"policies/default.yaml": policy})


@pytest.mark.parametrize("anthropic_client", [False, True])
def test_a_blocked_model_list_keeps_the_list_shape(blocking: Proxy, mock: Mock, anthropic_client: bool) -> None:
    # A model id a block rule matches: the list is blocked, and stays a model list in the client's format (no
    # message fields such as Anthropic's `stop_reason` added to it); an e-mail in an id is redacted in place.
    ids = ["project-falcon-1", "gpt-ops@acme.io"]
    items = [{"type": "model", "id": i, "display_name": "x", "created_at": "2025-02-19T00:00:00Z"}
             if anthropic_client else {"id": i, "object": "model", "created": 1, "owned_by": "x"} for i in ids]
    listing = ({"data": items, "has_more": False, "first_id": None, "last_id": None} if anthropic_client
               else {"object": "list", "data": items})
    mock.script(raw_body=json.dumps(listing))
    headers = ({"x-api-key": "sk-ant-client", "anthropic-version": "2023-06-01"} if anthropic_client
               else {"Authorization": "Bearer sk-client"})
    r = httpx.get(f"{blocking.url}/v1/models", headers=headers, timeout=30)
    assert "acme.io" not in r.text and "falcon" not in r.text.lower(), r.text
    got = r.json()
    assert not {"stop_reason", "stop_sequence", "content", "choices"} & set(got), got
    assert set(got) == set(listing) and [type(i) for i in got["data"]] == [dict, dict], got
    record = blocking.record_for(r.headers["x-guardrail-request-id"])
    assert record["decision"] == "block"


@pytest.mark.parametrize("stream", [False, True])
def test_a_response_id_header_an_output_rule_matches_stays_behind(blocking: Proxy, mock: Mock, stream: bool) -> None:
    mock.script(text="Plain words.", headers={"x-request-id": "req_projectOsprey",
                                              "x-ratelimit-remaining-requests": "7"})
    client = openai.OpenAI(base_url=f"{blocking.url}/v1", api_key="sk-client", max_retries=0)
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=stream)
    assert "x-request-id" not in raw.headers and raw.headers["x-ratelimit-remaining-requests"] == "7"
    if stream:
        list(raw.parse())  # type: ignore[call-overload]


def test_monitor_mode_relays_the_id_header_a_rule_matches(proxy_factory: ProxyFactory, mock: Mock) -> None:
    # Monitor: the client gets what it would without the proxy.
    policy = POLICY.replace("name: default\n", "name: default\nmode: monitor\n").replace(
        "action: redact}", 'action: redact}\n    - {name: birds, regex: "(?i)\\\\bproject osprey\\\\b", action: block}')
    watched = proxy_factory(files={"policies/default.yaml": policy})
    mock.script(text="Plain words.", headers={"x-request-id": "req_projectOsprey"})
    client = openai.OpenAI(base_url=f"{watched.url}/v1", api_key="sk-client", max_retries=0)
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS)
    assert raw.headers["x-request-id"] == "req_projectOsprey"
