"""A per-model exception tied to a proxy.yaml provider (atk46 F01), with the official openai SDK.

Reported: team `research` (`strict`) had a looser `internal` policy for the self-hosted `llama-3.1-*` models; the
route sent them to the self-hosted `local` provider with the external `openai` as fallback. `local` failed, the
proxy fell back to `openai`, and the body screened under the looser policy went to the external provider. A rule's
`provider:` could name only an API format, which both providers share. Now it may name a proxy.yaml provider, and
then holds only for a request every provider of whose route (fallbacks too) is that one: a route with an external
fallback, or a model no route sends there, gets the team's policy.
"""

from __future__ import annotations

import openai
import pytest

from proxy.config.settings import ModelPolicy, Team
from tests.conftest import Mock, Proxy, ProxyFactory

STRICT = ('name: strict\ninput:\n  patterns:\n'
          '    - {name: codenames, regex: "(?i)\\\\bproject falcon\\\\b", action: block}\n')
INTERNAL = "name: internal\n"
PROMPT = "Summarise the status of project falcon."
RULES = [{"models": ["llama-3.1-*"], "policy": "internal", "provider": "local"}]


@pytest.fixture(scope="module")
def routed(proxy_factory: ProxyFactory, mock_server: Mock) -> Proxy:
    providers = {"openai": {"base_url": f"{mock_server.url}/v1"},
                 "local": {"kind": "openai", "base_url": f"{mock_server.url}/v1"}}
    routes = [{"models": ["llama-3.1-70b-*"], "provider": "local"},
              {"models": ["llama-3.1-8b-*"], "provider": "local", "fallback": ["openai"]}]
    return proxy_factory(proxy_yaml={"providers": providers, "routes": routes},
                         teams={"research": {"policy": "strict", "model_policies": RULES}},
                         files={"policies/strict.yaml": STRICT, "policies/internal.yaml": INTERNAL})


def _chat(p: Proxy, model: str) -> str:
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["research"], max_retries=0)
    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": PROMPT}]) \
        .choices[0].message.content or ""


def test_a_route_to_the_named_provider_only_gets_the_exception(mock: Mock, routed: Proxy) -> None:
    assert _chat(routed, "llama-3.1-70b-instruct") == f"You said: {PROMPT}"


@pytest.mark.parametrize("model", ["llama-3.1-8b-instruct", "llama-3.1-405b-instruct"])
def test_an_external_fallback_or_no_route_gets_the_teams_policy(mock: Mock, routed: Proxy, model: str) -> None:
    # 8b: routed to `local` with `openai` as its fallback; 405b: no route, so the default `openai` provider
    with pytest.raises(openai.BadRequestError) as err:
        _chat(routed, model)
    assert "codenames" in str(err.value)
    assert not mock.state.requests


def test_the_rule_reads_the_whole_chain() -> None:
    team = Team(keys=["sha256:" + "0" * 64], policy="strict",
                model_policies=[ModelPolicy(models=["llama-*"], policy="internal", provider="local")])
    assert team.policy_for("llama-3", "openai", ("local",)) == "internal"
    assert team.policy_for("llama-3", "openai", ("local", "openai")) == "strict"
    assert team.policy_for("llama-3", "openai", ("openai",)) == "strict"
    assert team.policy_for("llama-3", "openai", ()) == "strict"
    api = Team(keys=["sha256:" + "0" * 64], policy="strict",
               model_policies=[ModelPolicy(models=["llama-*"], policy="internal", provider="openai")])
    assert api.policy_for("llama-3", "openai", ("local", "openai")) == "internal"  # an API: any of its providers
    assert api.policy_for("llama-3", "anthropic", ("anthropic",)) == "strict"
