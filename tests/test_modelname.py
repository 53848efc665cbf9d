"""`proxy.modelname`: what records and the spend store say for the client's `model`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from proxy.config.keys import hash_key
from proxy.config.settings import Settings, load_settings
from proxy.modelname import UNLISTED, looks_like_a_model, recorded_model


@pytest.mark.parametrize("name", [
    "gpt-4o-mini", "gpt-4o-2024-08-06", "claude-3-5-sonnet-20241022", "o3", "text-embedding-3-small",
    "meta-llama/Llama-3.1-8B-Instruct", "gemini-1.5-pro-002", "ft:gpt-4o-mini-2024-07-18:acme::9xYz1234",
])
def test_model_names_pass_the_strict_check(name: str) -> None:
    assert looks_like_a_model(name)


@pytest.mark.parametrize("name", [
    "k.watanabe@inbox.example",      # an e-mail
    "312-555-0188",                  # a phone number, digits first
    "call-312-555-0188",             # ... and behind a word: 10 digits in a row of digit segments
    "x-3125550188",                  # ... as one run of 10 digits
    "card-5105-1051-0510-5100",      # a card
    "id-219-09-9999",                # an SSN shape
    "host-10.1.2.3",                 # an IPv4 address: 4 digit segments
    "Priyanka Raman", "priyanka-raman",   # words only: a name, not a version
    "gpt 4o", "gpt-4o\n", "-gpt-4o", "gpt--4o", "a" * 60 + "-1234",
])
def test_free_text_fails_the_strict_check(name: str) -> None:
    assert not looks_like_a_model(name)


def _settings(tmp_path: Path) -> Settings:
    (tmp_path / "proxy.yaml").write_text("decision_log: {path: decisions.jsonl}\n")
    (tmp_path / "teams.yaml").write_text(yaml.safe_dump({"teams": {
        "lab": {"keys": [hash_key("gp-test-lab")], "models": ["house-special", "claude-*"]}}}))
    (tmp_path / "budgets.yaml").write_text(yaml.safe_dump({"prices": {"inhouse": {"input": 1.0, "output": 2.0}}}))
    return load_settings(tmp_path / "proxy.yaml", env={})


def test_known_names_are_recorded_others_become_the_marker(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert recorded_model(settings, "lab", None, "openai") is None
    assert recorded_model(settings, "lab", "gpt-4o-mini", "openai") == "gpt-4o-mini"      # priced, and shaped
    assert recorded_model(settings, "lab", "inhouse", "openai") == "inhouse"              # priced (budgets.yaml)
    assert recorded_model(settings, "lab", "house-special", "openai") == "house-special"  # named in the allow-list
    assert recorded_model(settings, "other", "house-special", "openai") == UNLISTED       # ... of another team
    # A glob in the allow-list proves nothing about the text it lets through.
    assert recorded_model(settings, "lab", "claude-jo.lee@inbox.example", "anthropic") == UNLISTED
    assert recorded_model(settings, "lab", "gpt-4o-mini-r.diaz@inbox.example", "openai") == UNLISTED


# Issue 12 review (f06): text shaped like a model name is no model name.
@pytest.mark.parametrize("name", ["John-Smith-4o", "jane-at-example-dot-com-1", "project-falcon-1", "a617b555c0143",
                                  "claude-jane-example-com-1", "cc4111x1111x1111x1111", "gpt-4o-mini-2"])
def test_a_name_that_is_not_known_is_the_marker_whatever_its_shape(tmp_path: Path, name: str) -> None:
    assert recorded_model(_settings(tmp_path), "lab", name, "openai") == UNLISTED


def test_a_name_in_a_teams_model_policies_is_known(tmp_path: Path) -> None:
    (tmp_path / "proxy.yaml").write_text("decision_log: {path: decisions.jsonl}\n")
    (tmp_path / "teams.yaml").write_text(yaml.safe_dump({"teams": {"lab": {
        "keys": [hash_key("gp-test-lab")],
        "model_policies": [{"models": ["house-model-7", "house-*"], "policy": "default"}]}}}))
    settings = load_settings(tmp_path / "proxy.yaml", env={})
    assert recorded_model(settings, "lab", "house-model-7", "openai") == "house-model-7"
    assert recorded_model(settings, "lab", "house-jane-doe-1", "openai") == UNLISTED  # a glob proves nothing


def test_a_name_in_a_route_or_a_providers_prices_is_known(tmp_path: Path) -> None:
    (tmp_path / "proxy.yaml").write_text(yaml.safe_dump({
        "decision_log": {"path": "decisions.jsonl"},
        "providers": {
            "azure-eu": {"kind": "azure", "base_url": "http://127.0.0.1:9", "api_key_env": "AZ",
                         "api_version": "2024-10-21"},
            "local": {"kind": "openai", "base_url": "http://127.0.0.1:9/v1",
                      "prices": {"llama-house-8b": {"input": 0, "output": 0}, "qwen*": {"input": 0, "output": 0}}}},
        "routes": [{"models": ["prod-gpt4o", "prod-*"], "provider": "azure-eu"},
                   {"models": ["llama-*", "qwen*"], "provider": "local"}]}))
    settings = load_settings(tmp_path / "proxy.yaml", env={})
    assert recorded_model(settings, None, "prod-gpt4o", "openai") == "prod-gpt4o"          # a route names it
    assert recorded_model(settings, None, "llama-house-8b", "openai") == "llama-house-8b"  # the provider prices it
    assert recorded_model(settings, None, "prod-jane-doe-7", "openai") == UNLISTED          # globs prove nothing
    assert recorded_model(settings, None, "qwen-jane-doe-7", "openai") == UNLISTED


# atk16 B L3: a priced name in another letter case was recorded as the client spelled it (`gPt-4O-mINi`), and
# each case variant took one of the metrics' 64 model labels. Recorded in the price table's spelling now.
@pytest.mark.parametrize(("sent", "recorded"), [
    ("gPt-4O-mINi", "gpt-4o-mini"), ("GPT-4O-MINI", "gpt-4o-mini"), ("INHOUSE", "inhouse"), ("Inhouse", "inhouse"),
])
def test_a_priced_name_in_another_case_is_recorded_in_the_tables_spelling(tmp_path: Path, sent: str,
                                                                         recorded: str) -> None:
    assert recorded_model(_settings(tmp_path), "lab", sent, "openai") == recorded


def test_case_variants_of_one_model_are_one_record_name(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    variants = {"".join(c.upper() if (n >> i) & 1 else c for i, c in enumerate("gpt-4o-mini")) for n in range(2048)}
    assert len(variants) > 60
    assert {recorded_model(settings, "lab", v, "openai") for v in variants} == {"gpt-4o-mini"}
    # an allow-list name is exact: another case of it is not named there
    assert recorded_model(settings, "lab", "HOUSE-SPECIAL", "openai") == UNLISTED
