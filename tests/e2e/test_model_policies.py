"""Per-model policies (teams.yaml `model_policies`) end to end, with the official SDKs.

Team `research` gets `strict` (codenames blocked) for every model except the self-hosted
`llama-3.1-*` on OpenAI-format routes, which gets `internal` (no checks). The client cannot pick
`internal` any other way: not by a header, not by another spelling, not on the other provider's
routes, not by leaving the model out.
"""

from __future__ import annotations

from typing import Any

import anthropic
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory

STRICT = ('name: strict\ninput:\n  patterns:\n'
          '    - {name: codenames, regex: "(?i)\\\\bproject falcon\\\\b", action: block}\n')
INTERNAL = "name: internal\n"
PROMPT = "Summarise the status of project falcon."
RULES = [{"models": ["llama-3.1-*"], "policy": "internal", "provider": "openai"}]


@pytest.fixture(scope="module")
def per_model(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(
        teams={"research": {"policy": "strict", "model_policies": RULES},
               "prompts": {"policy": "strict", "model_policies": RULES, "stored_prompts": True}},
        files={"policies/strict.yaml": STRICT, "policies/internal.yaml": INTERNAL})


def _chat(p: Proxy, model: str, *, stream: bool = False, headers: dict[str, str] | None = None) -> tuple[str, Any]:
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["research"], max_retries=0)
    raw = client.chat.completions.with_raw_response.create(
        model=model, messages=[{"role": "user", "content": PROMPT}], stream=stream, extra_headers=headers or {})
    if stream:
        return "".join(c.choices[0].delta.content or "" for c in raw.parse() if c.choices), raw.headers
    return raw.parse().choices[0].message.content or "", raw.headers


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_the_self_hosted_model_gets_its_looser_policy(mock: Mock, per_model: Proxy, stream: bool) -> None:
    text, headers = _chat(per_model, "llama-3.1-70b-instruct", stream=stream)
    assert text == f"You said: {PROMPT}"
    assert headers["x-guardrail-policy"].startswith("internal@")
    record = per_model.record_for(headers["x-guardrail-request-id"])
    assert record["policy"] == "internal"


def test_other_models_get_the_teams_policy(mock: Mock, per_model: Proxy) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        _chat(per_model, "gpt-4o-mini")
    assert "strict" in str(err.value) and "codenames" in str(err.value)
    assert not mock.state.requests


@pytest.mark.parametrize("headers", [{"x-guardrail-policy": "internal"}, {"x-guardrail-policy": "internal@0"},
                                     {"x-guardrail-mode": "monitor"}, {"x-guardrail-model": "llama-3.1-70b"}])
def test_no_header_picks_a_policy(mock: Mock, per_model: Proxy, headers: dict[str, str]) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        _chat(per_model, "gpt-4o-mini", headers=headers)
    assert "strict" in str(err.value)
    assert not mock.state.requests


@pytest.mark.parametrize("model", ["LLAMA-3.1-70b-instruct", "Llama-3.1-70B-Instruct"])
def test_another_spelling_of_the_model_is_refused(mock: Mock, per_model: Proxy, model: str) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        _chat(per_model, model)
    assert "letter case" in str(err.value)
    assert not mock.state.requests


@pytest.mark.parametrize("model", ["openai/llama-3.1-70b-instruct", "ft:llama-3.1-70b", "xllama-3.1-70b"])
def test_a_name_the_rule_does_not_match_gets_the_teams_policy(mock: Mock, per_model: Proxy, model: str) -> None:
    with pytest.raises(openai.BadRequestError):
        _chat(per_model, model)
    assert not mock.state.requests


def test_the_rule_holds_only_on_its_providers_routes(mock: Mock, per_model: Proxy) -> None:
    client = anthropic.Anthropic(base_url=per_model.url, api_key=per_model.keys["research"], max_retries=0)
    with pytest.raises(anthropic.BadRequestError) as err:
        client.messages.create(model="llama-3.1-70b-instruct", max_tokens=50,
                               messages=[{"role": "user", "content": PROMPT}])
    assert "strict" in str(err.value)
    assert not mock.state.requests


def test_no_model_is_refused_unless_stored_prompts_then_the_teams_policy(mock: Mock, per_model: Proxy) -> None:
    for team, expected in (("research", "field 'model' is required"), ("prompts", "codenames")):
        client = openai.OpenAI(base_url=f"{per_model.url}/v1", api_key=per_model.keys[team], max_retries=0)
        with pytest.raises(openai.BadRequestError) as err:
            client.responses.create(prompt={"id": "pmpt_1"}, input=PROMPT)  # a stored prompt picks the model
        assert expected in str(err.value)
    assert not mock.state.requests
