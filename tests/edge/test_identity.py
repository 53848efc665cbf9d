"""proxy.edge.identity: the presented key, the team it belongs to, the team's policy and model allow-list."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from multidict import CIMultiDict

from proxy.config.keys import hash_key
from proxy.config.policy import BUILTIN_DEFAULT_YAML
from proxy.config.settings import Settings, load_settings
from proxy.edge.identity import check_model, identify, policy_name, presented_key, select_policy
from proxy.errors import ProxyError
from proxy.exchange import Exchange

MARKETING = "gp-marketing-key-0123456789"
RESEARCH = "gp-research-key-9876543210"
STRICT = "name: strict\nmode: monitor\n"
BUILTIN_VERSION = hashlib.sha256(BUILTIN_DEFAULT_YAML.encode()).hexdigest()[:12]


def ex() -> Exchange:
    return Exchange("req_1", "openai", "chat", "/v1/chat/completions")


@pytest.fixture
def team_settings(tmp_path: Path) -> Settings:
    (tmp_path / "proxy.yaml").write_text("{}\n")
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "strict.yaml").write_text(STRICT)
    teams = {"teams": {
        "marketing": {"keys": [hash_key(MARKETING)], "models": ["gpt-4o-mini", "claude-*", "ft:gpt-4o:acme:*"]},
        "research": {"keys": [hash_key(RESEARCH)], "policy": "strict"},
    }}
    (tmp_path / "teams.yaml").write_text(yaml.safe_dump(teams))
    return load_settings(tmp_path / "proxy.yaml", env={})


@pytest.fixture
def single_tenant(tmp_path: Path) -> Settings:
    folder = tmp_path / "single"
    folder.mkdir()
    (folder / "proxy.yaml").write_text("{}\n")
    return load_settings(folder / "proxy.yaml", env={})


# --------------------------------------------------------------------------- the presented key


@pytest.mark.parametrize(("headers", "key"), [
    ({"Authorization": "Bearer gp-a"}, "gp-a"),
    ({"authorization": "bearer   gp-a  "}, "gp-a"),              # scheme case-insensitive, spaces trimmed
    ({"x-api-key": " gp-b "}, "gp-b"),                           # Anthropic
    ({"api-key": "gp-c"}, "gp-c"),                               # Azure
    ({"Authorization": "Bearer gp-a", "x-api-key": "gp-b", "api-key": "gp-c"}, "gp-a"),  # bearer first
    ({"x-api-key": "gp-b", "api-key": "gp-c"}, "gp-b"),          # then x-api-key
    ({"Authorization": "Basic Zm9v", "x-api-key": "gp-b"}, "gp-b"),  # not a bearer token: the next header
    ({"Authorization": "Bearer ", "api-key": "gp-c"}, "gp-c"),   # an empty bearer token counts as none
    ({"Authorization": "Bearer"}, None),
    ({"Authorization": "gp-a"}, None),                           # no scheme: not a bearer token
    ({"x-api-key": ""}, None),
    ({}, None),
])
def test_presented_key(headers: dict[str, str], key: str | None) -> None:
    assert presented_key(CIMultiDict(headers)) == key


def test_a_bearer_token_keeps_what_follows_its_first_space() -> None:
    assert presented_key(CIMultiDict({"Authorization": "Bearer gp-a extra"})) == "gp-a extra"  # no such key


# --------------------------------------------------------------------------- single-tenant mode


def test_single_tenant_every_request_is_team_default(single_tenant: Settings) -> None:
    # (A key with a run of 10 digits, such as MARKETING, is no provider key: see the next test.)
    for headers in ({}, {"Authorization": "Bearer sk-anything"}, {"x-api-key": "sk-ant-api03-Xq7-Lm2_aa"}):
        e = ex()
        identify(single_tenant, CIMultiDict(headers), e)
        assert (e.team, e.policy, e.policy_version) == ("default", "default", BUILTIN_VERSION)


@pytest.mark.parametrize("headers", [
    {"Authorization": "Bearer 4111 1111 1111 1111 call 617-555-0143"}, {"Authorization": "mkowalski@contoso.com"},
    {"x-api-key": "Marek Kowalski 536-90-4399"}, {"api-key": "mkowalski@contoso.com"}, {"x-api-key": MARKETING},
    {"Authorization": "Basic Zm9v"}, {"Authorization": "Bearer sk-ok", "api-key": "sk-536-90-4399"},
])
def test_single_tenant_a_credential_that_is_no_key_is_refused(single_tenant: Settings,
                                                               headers: dict[str, str]) -> None:
    # Issue 12 review (F1): the client's key goes upstream in single-tenant mode, so text may not.
    with pytest.raises(ProxyError) as err:
        identify(single_tenant, CIMultiDict(headers), ex())
    assert err.value.code == "invalid_api_key" and err.value.status == 401
    for value in headers.values():
        for word in value.split():
            assert word not in err.value.message or word in ("Bearer",)


def test_bare_settings_have_the_builtin_version(tmp_path: Path) -> None:
    e = ex()
    identify(Settings(None, tmp_path), CIMultiDict(), e)
    assert (e.team, e.policy, e.policy_version) == ("default", "default", "builtin")


# --------------------------------------------------------------------------- team mode


@pytest.mark.parametrize("header", ["Authorization", "x-api-key", "api-key"])
def test_a_team_key_in_any_header_names_the_team_and_its_policy(team_settings: Settings, header: str) -> None:
    for key, team, policy, version in ((MARKETING, "marketing", "default", BUILTIN_VERSION),
                                       (RESEARCH, "research", "strict",
                                        hashlib.sha256(STRICT.encode()).hexdigest()[:12])):
        e = ex()
        identify(team_settings, CIMultiDict({header: f"Bearer {key}" if header == "Authorization" else key}), e)
        assert (e.team, e.policy, e.policy_version) == (team, policy, version)


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer gp-wrong"},
    {"Authorization": f"Basic {MARKETING}"},
    {"Authorization": MARKETING},                       # no scheme
    {"Authorization": f"Bearer {MARKETING} extra"},
    {"Authorization": f"Bearer {MARKETING}\u00e9"},
    {"Authorization": f"Bearer {MARKETING}\udcc3"},     # undecodable header bytes (surrogateescape)
    {"x-api-key": f"Bearer {MARKETING}"},               # x-api-key holds the key itself
    {"x-api-key": MARKETING.upper()},
])
def test_a_missing_or_unknown_key_is_401_naming_no_key(team_settings: Settings, headers: dict[str, str]) -> None:
    e = ex()
    with pytest.raises(ProxyError) as exc:
        identify(team_settings, CIMultiDict(headers), e)
    assert exc.value.code == "invalid_api_key" and exc.value.status == 401
    assert exc.value.message == "missing or invalid guardrail key; send a team key (gp-...) as the API key"
    # No team, so no policy in force (issue 12 review, F11: the answer claimed `default@builtin`).
    assert e.team is None and e.policy is None and e.policy_version is None


def test_policy_name(team_settings: Settings, single_tenant: Settings) -> None:
    assert policy_name(team_settings, "research") == "strict"
    assert policy_name(team_settings, "marketing") == "default"
    assert policy_name(team_settings, "no-such-team") == "default"
    assert policy_name(team_settings, None) == "default"
    assert policy_name(single_tenant, "research") == "default"


# --------------------------------------------------------------------------- the model allow-list


@pytest.mark.parametrize(("model", "allowed"), [
    ("gpt-4o-mini", True), ("claude-haiku-4-5", True), ("claude-", True), ("ft:gpt-4o:acme:x1", True),
    ("gpt-4o", False), ("gpt-4o-mini-2024", False), ("Claude-haiku", False),  # globs match case-sensitively
    ("ft:gpt-4o:other:x1", False),
])
def test_the_teams_globs_decide(team_settings: Settings, model: str, allowed: bool) -> None:
    e = ex()
    e.team, e.model = "marketing", model
    if allowed:
        check_model(team_settings, e)
        return
    with pytest.raises(ProxyError) as exc:
        check_model(team_settings, e)
    assert exc.value.code == "model_not_allowed" and exc.value.status == 403 and exc.value.param == "model"
    assert exc.value.message == f"model '{model}' is not allowed for team 'marketing'"


def test_no_list_allows_every_model(team_settings: Settings, single_tenant: Settings) -> None:
    e = ex()
    e.team, e.model = "research", "anything-at-all"
    check_model(team_settings, e)
    e.team = "default"
    check_model(single_tenant, e)  # single-tenant: no allow-list
    e.team, e.model = "research", None  # no model named: nothing to check against no list
    check_model(team_settings, e)
    assert (e.team, e.model) == ("research", None)


@pytest.fixture
def model_settings(tmp_path: Path) -> Settings:
    folder = tmp_path / "models"
    (folder / "policies").mkdir(parents=True)
    (folder / "proxy.yaml").write_text("{}\n")
    for name in ("strict", "internal"):
        (folder / "policies" / f"{name}.yaml").write_text(f"name: {name}\n")
    rules = [{"models": ["llama-3.1-*"], "policy": "internal", "provider": "openai"}]
    teams = {"teams": {
        "research": {"keys": [hash_key(RESEARCH)], "policy": "strict", "model_policies": rules},
        "prompts": {"keys": [hash_key(MARKETING)], "policy": "strict", "model_policies": rules,
                    "stored_prompts": True},
    }}
    (folder / "teams.yaml").write_text(yaml.safe_dump(teams))
    return load_settings(folder / "proxy.yaml", env={})


def _selected(settings: Settings, key: str, model: str | None, headers: dict[str, str] | None = None,
              provider: str = "openai") -> str:
    e = Exchange("req_1", provider, "chat", "/v1/chat/completions")
    identify(settings, CIMultiDict({"Authorization": f"Bearer {key}", **(headers or {})}), e)
    e.model = model
    check_model(settings, e)
    select_policy(settings, e)
    assert e.policy_version == settings.policies.version(e.policy)  # type: ignore[union-attr]
    return e.policy


def test_the_model_selects_the_policy_and_nothing_the_client_sends_else(model_settings: Settings) -> None:
    assert _selected(model_settings, RESEARCH, "llama-3.1-70b") == "internal"
    assert _selected(model_settings, RESEARCH, "gpt-4o") == "strict"
    assert _selected(model_settings, RESEARCH, "llama-3.1-70b", provider="anthropic") == "strict"
    assert _selected(model_settings, RESEARCH, "gpt-4o", {"x-guardrail-policy": "internal",
                                                         "x-guardrail-mode": "monitor"}) == "strict"
    assert _selected(model_settings, RESEARCH, "openai/llama-3.1-70b") == "strict"


@pytest.mark.parametrize("model", ["LLAMA-3.1-70b", "Llama-3.1-70B"])
def test_a_model_whose_case_changes_the_rule_is_400(model_settings: Settings, model: str) -> None:
    with pytest.raises(ProxyError) as err:
        _selected(model_settings, RESEARCH, model)
    assert err.value.status == 400 and err.value.param == "model"


def test_no_model_is_400_with_model_policies_unless_stored_prompts(model_settings: Settings) -> None:
    with pytest.raises(ProxyError) as err:
        _selected(model_settings, RESEARCH, None)
    assert err.value.status == 400 and "per-model policies" in err.value.message
    assert _selected(model_settings, MARKETING, None) == "strict"  # stored_prompts: the team's policy
