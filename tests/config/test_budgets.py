"""budgets.yaml: one bad file per failure mode with its exact message, and the contract's example."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from proxy.config.budgets import BudgetsConfig, load_budgets, usd_to_micros
from proxy.config.settings import load_settings
from proxy.config.yamlconf import ConfigErrors

DATA = Path(__file__).parents[1] / "data" / "budgets"

BAD = {
    "bad_timezone.yaml": "bad_timezone.yaml:1: timezone: unknown time zone 'Mars/Olympus_Mons' "
    "(expected an IANA name such as UTC or America/New_York)",
    "zero_cap.yaml": "zero_cap.yaml:2: default.monthly: Input should be greater than 0",
    "negative_cap.yaml": "negative_cap.yaml:3: teams.marketing.daily: Input should be greater than 0",
    "cap_not_number.yaml": "cap_not_number.yaml:2: teams.marketing.monthly: expected a number, got a string",
    "cap_too_large.yaml": "cap_too_large.yaml:1: default.monthly: Input should be less than or equal to 1000000000",
    "unknown_window.yaml": "unknown_window.yaml:4: teams.marketing.montly: unknown key 'montly' "
    "(allowed: daily, weekly, monthly, alert_at, on_exceed, background, models, per_key, per_end_user, "
    "end_user_from, mode)",
    "alert_not_fraction.yaml": "alert_not_fraction.yaml:2: teams.marketing.alert_at.1: "
    "alert_at values are fractions of the cap in (0, 1], e.g. 0.8",
    "alert_not_sorted.yaml": "alert_not_sorted.yaml:4: teams.marketing.alert_at: "
    "alert_at must be in increasing order, without duplicates",
    "alert_duplicate.yaml": "alert_duplicate.yaml:4: teams.marketing.alert_at: "
    "alert_at must be in increasing order, without duplicates",
    # A key with whitespace is quoted and escaped: a field path is one word, an error one line.
    "bad_team_name.yaml": "bad_team_name.yaml:2: teams.\"market\\x20ing\": team names are 1-64 characters, "
    "only A-Z a-z 0-9 _ . -",
    "team_not_mapping.yaml": "team_not_mapping.yaml:2: teams.marketing: expected a mapping, got a list",
    "duplicate_team.yaml": "duplicate_team.yaml:3: teams.marketing: duplicate key (first on line 2)",
    "bad_on_store_error.yaml": "bad_on_store_error.yaml:1: on_store_error: Input should be 'block' or 'allow'",
    "bad_unknown_model.yaml": "bad_unknown_model.yaml:1: unknown_model: Input should be 'block' or 'allow'",
    "price_missing_output.yaml": "price_missing_output.yaml:2: prices.my-finetune.output: required key missing",
    "negative_price.yaml": "negative_price.yaml:4: prices.my-finetune.output: "
    "Input should be greater than or equal to 0",
    "unknown_price_key.yaml": "unknown_price_key.yaml:2: prices.my-finetune.cache_write: unknown key "
    "'cache_write' (allowed: input, output, cached_input)",
    "unknown_top_key.yaml": "unknown_top_key.yaml:2: budget: unknown key 'budget' "
    "(allowed: timezone, default, teams, mode, end_user_from, on_store_error, unknown_model, prices)",
    "top_level_list.yaml": "top_level_list.yaml:1: (root): expected a mapping at the top level, got a list",
    # Budget scopes (issue 20).
    "scope_above_team.yaml": "scope_above_team.yaml:4: teams.marketing.models: 'gpt-4o*': the daily cap (50) is "
    "above the team's (40): it could never refuse",
    "scope_without_cap.yaml": "scope_without_cap.yaml:4: teams.marketing.per_key: a scope needs a cap: daily, "
    "weekly or monthly",
    "bad_model_glob.yaml": "bad_model_glob.yaml:4: teams.marketing.models.\"gpt\\x204o\": a model glob is 1-128 "
    "characters, only A-Z a-z 0-9 _ . : / @ - and the glob characters * ? [ ] !",
    "bad_mode.yaml": "bad_mode.yaml:1: mode: Input should be 'enforce' or 'warn'",
    "end_user_without_salt.yaml": "end_user_without_salt.yaml:3: default.per_end_user: per_end_user stores "
    "end-user ids as a keyed hash: environment variable GUARDRAIL_PII_SALT must be set, at least 16 bytes long",
}


@pytest.fixture(autouse=True)
def _in_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)  # file names in messages are relative to cwd
    monkeypatch.delenv("GUARDRAIL_PII_SALT", raising=False)


def test_every_bad_file_has_a_fixture() -> None:
    assert sorted(p.name for p in DATA.glob("*.yaml")) == sorted(BAD)


@pytest.mark.parametrize(("name", "expected"), sorted(BAD.items()))
def test_bad_budgets_yaml(name: str, expected: str) -> None:
    with pytest.raises(ConfigErrors) as err:
        load_budgets(Path(name))
    assert str(err.value) == expected


def test_the_contract_example_loads() -> None:
    config = load_budgets(Path("good/budgets.yaml"))
    assert config is not None
    assert config.timezone == "UTC" and config.on_store_error == "block" and config.unknown_model == "block"
    marketing = config.for_team("marketing")
    assert (marketing.cap_micros("monthly"), marketing.cap_micros("daily"), marketing.cap_micros("weekly")) == (
        500_000_000, 40_000_000, None)
    assert marketing.alert_at == [0.5, 0.8, 0.95]
    assert config.for_team("research").cap_micros("monthly") == 2_000_000_000
    assert config.for_team("anyone-else").cap_micros("monthly") == 100_000_000  # `default`
    assert config.prices["my-finetune"].input == 3.0 and config.prices["my-finetune"].cached_input is None


def test_a_listed_team_does_not_inherit_default_caps() -> None:
    config = BudgetsConfig.model_validate({"default": {"monthly": 100}, "teams": {"research": {}}})
    assert not config.for_team("research").capped and config.for_team("other").capped


def test_missing_file_means_no_caps_and_empty_file_means_defaults(tmp_path: Path) -> None:
    assert load_budgets(tmp_path / "budgets.yaml") is None
    (tmp_path / "budgets.yaml").write_text("# nothing yet\n")
    config = load_budgets(tmp_path / "budgets.yaml")
    assert config == BudgetsConfig() and str(config.zone) == "UTC"


def test_amounts_become_exact_micro_dollars() -> None:
    assert usd_to_micros(0.1) == 100_000 and usd_to_micros(40) == 40_000_000
    assert usd_to_micros(1e9) == 10**15 and usd_to_micros(Decimal("0.000001")) == 1
    assert sum(usd_to_micros(0.01) for _ in range(10_000)) == usd_to_micros(100)


def test_zone_is_validated_and_cached() -> None:
    config = BudgetsConfig.model_validate({"timezone": "America/New_York"})
    assert config.zone is config.zone and config.zone.key == "America/New_York"


def test_load_settings_carries_budgets_and_reports_their_errors(tmp_path: Path) -> None:
    (tmp_path / "proxy.yaml").write_text("budgets_file: caps.yaml\n")
    (tmp_path / "caps.yaml").write_text("teams:\n  a: {daily: 5}\n")
    settings = load_settings(tmp_path / "proxy.yaml", env={})
    assert isinstance(settings.budgets, BudgetsConfig) and settings.budgets.for_team("a").cap_micros("daily")
    (tmp_path / "caps.yaml").write_text("teams:\n  a: {daily: five}\n")
    with pytest.raises(ConfigErrors) as err:
        load_settings(tmp_path / "proxy.yaml", env={})
    assert str(err.value).endswith("caps.yaml:2: teams.a.daily: expected a number, got a string")


def test_config_does_not_import_the_budget_code() -> None:
    # Config describes files; proxy.budget builds its pricer from one (proxy.budget.pricing.pricer_for).
    code = ("import sys, proxy.config.budgets, proxy.config.settings, proxy.config.reload; "
            "bad = [m for m in sys.modules if m.startswith(('proxy.budget', 'proxy.nlp'))]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_on_exceed_and_background_per_team() -> None:
    config = BudgetsConfig.model_validate({"teams": {"a": {"monthly": 5, "on_exceed": "clamp",
                                                           "background": "charge_max"}, "b": {"monthly": 5}}})
    assert (config.for_team("a").on_exceed, config.for_team("a").background) == ("clamp", "charge_max")
    assert (config.for_team("b").on_exceed, config.for_team("b").background) == ("block", "block")  # the defaults
    with pytest.raises(ValueError):
        BudgetsConfig.model_validate({"teams": {"a": {"on_exceed": "warn"}}})
