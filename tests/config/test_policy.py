"""Policies: one bad file per failure mode with its exact message, extends, versions, the shipped files."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from proxy.config.policy import BUILTIN_DEFAULT_YAML, BUILTIN_SOURCE, Policy, load_policies
from proxy.config.yamlconf import ConfigErrors

DATA = Path(__file__).parents[1] / "data" / "policies"
SHIPPED = Path(__file__).resolve().parents[2] / "policies"
ENTITIES = ("AU_ABN, AU_MEDICARE, AU_TFN, CA_SIN, CREDIT_CARD, CRYPTO, DATE_TIME, EMAIL_ADDRESS, ES_NIE, ES_NIF, "
            "FI_PERSONAL_IDENTITY_CODE, IBAN_CODE, IN_AADHAAR, IN_PAN, IP_ADDRESS, IT_FISCAL_CODE, LOCATION, "
            "MAC_ADDRESS, MEDICAL_LICENSE, NRP, PERSON, PHONE_NUMBER, PL_PESEL, SE_PERSONNUMMER, SG_NRIC_FIN, UK_NHS, "
            "UK_NINO, URL, US_BANK_NUMBER, US_DRIVER_LICENSE, US_ITIN, US_PASSPORT, US_SSN, UUID")

BAD = {
    "unknown_key.yaml": "4: input.pii.actoin: unknown key 'actoin' (allowed: action, entities, per_entity, "
    "min_score, allow, operators, on_error, restore)",
    "unknown_top_key.yaml": "1: inputs: unknown key 'inputs' (allowed: name, extends, mode, on_error, input, output)",
    "unknown_entity.yaml": f"3: input.pii.entities.1: unknown entity type 'EMAIL' (known: {ENTITIES})",
    "per_entity_unknown.yaml": f"3: input.pii.per_entity.SSN: unknown entity type 'SSN' (known: {ENTITIES})",
    "bad_action.yaml": "3: input.pii.action: Input should be 'redact', 'block' or 'flag'",
    "toxicity_redact.yaml": "3: input.toxicity.action: Input should be 'block' or 'flag'",
    "threshold_out_of_range.yaml":
        "3: output.toxicity.thresholds.toxicity: Input should be less than or equal to 1",
    "unknown_label.yaml": "4: output.toxicity.thresholds.toxic: unknown toxicity label 'toxic' (known: "
    "identity_attack, insult, obscene, severe_toxicity, sexual_explicit, threat, toxicity)",
    "unknown_group.yaml": "3: input.bias.groups.0: unknown identity group 'martians' (known: black, christian, "
    "female, homosexual_gay_or_lesbian, jewish, male, muslim, psychiatric_or_mental_illness, white)",
    "restore_on_output.yaml": "3: output.pii.restore: unknown key 'restore' (allowed: action, entities, "
    "per_entity, min_score, allow, operators, on_error)",
    "stream_hold_on_input.yaml": "3: input.toxicity.stream_hold: unknown key 'stream_hold' (allowed: action, "
    "thresholds, on_error, parallel)",
    "bad_regex.yaml": "3: input.patterns.0.regex: invalid regular expression: missing ), unterminated "
    "subpattern at position 0",
    "catastrophic_regex.yaml": "4: input.patterns.0.regex: nested repetition (like '(a+)+') can take "
    "exponential time on some inputs: rewrite without it",
    "bad_pattern_name.yaml": "3: input.patterns.0.name: pattern names are 1-64 characters, start with a letter, "
    "only A-Z a-z 0-9 _ -",
    "pattern_missing_name.yaml": "3: input.patterns.0.name: required key missing",
    "bad_mode.yaml": "1: mode: Input should be 'enforce' or 'monitor'",
    "bad_on_error.yaml": "1: on_error: Input should be 'block' or 'allow'",
    "min_score_not_number.yaml": "3: input.pii.min_score: expected a number, got a string",
    "block_not_mapping.yaml": "2: input.pii: expected a mapping, got a list",
    "name_mismatch.yaml": "1: name: name 'other' does not match the file name 'name_mismatch.yaml'",
    "extends_missing.yaml": "1: extends: policy 'nosuch' does not exist in policies",
    "extends_self.yaml": "2: extends: extends cycle: extends_self -> extends_self",
    "duplicate_key.yaml": "4: input.pii: duplicate key (first on line 2)",
    "invalid_yaml.yaml": "4: (root): invalid YAML: while parsing a flow sequence, expected ',' or ']', "
    "but got '<stream end>'",
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies").mkdir()
    return tmp_path / "policies"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in DATA.glob("*.yaml")) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_policy_exact_message(folder: Path, name: str) -> None:
    shutil.copy(DATA / name, folder / name)
    with pytest.raises(ConfigErrors) as exc:
        load_policies(Path("policies"))
    assert str(exc.value) == f"policies/{name}:{BAD[name]}"


@pytest.mark.parametrize("text", ["", "\n", "# work in progress\n", "~\n", "---\n", "{}\n", "# wip\n{}\n"])
def test_an_empty_policy_file_is_an_error(folder: Path, text: str) -> None:
    """An empty file (being written, a template that rendered nothing) is no policy without checks: that one
    says `name: ...`. A README-only review: an emptied `default.yaml` reloaded as a policy with no checks."""
    write(folder, "default", text)
    with pytest.raises(ConfigErrors) as exc:
        load_policies(Path("policies"))
    assert re.fullmatch(r"policies/default\.yaml:\d: \(root\): the policy file is empty \(a policy with no checks "
                        r"says so: `name: default`\)", str(exc.value)), str(exc.value)
    write(folder, "default", "name: default\n")
    assert load_policies(Path("policies")).policies["default"].input.pii is None


@pytest.mark.parametrize("text", ["mode: enforce\n", "on_error: allow\n", "mode: monitor\non_error: block\n"])
def test_a_policy_file_without_checks_or_name_is_an_error(folder: Path, text: str) -> None:
    """`mode: enforce` alone loaded as a policy with no checks (README-only review): it says neither a check nor
    its name. A base policy for `extends` that sets only the mode says its name."""
    write(folder, "default", text)
    with pytest.raises(ConfigErrors) as exc:
        load_policies(Path("policies"))
    assert re.fullmatch(r"policies/default\.yaml:\d: \(root\): the policy file sets no checks \(a policy with no "
                        r"checks says so: `name: default`\)", str(exc.value)), str(exc.value)
    write(folder, "default", "name: default\n" + text)
    assert load_policies(Path("policies")).policies["default"].input.pii is None


def test_cycle_between_two_files(folder: Path) -> None:
    write(folder, "a", "extends: b\n")
    write(folder, "b", "mode: monitor\nextends: a\n")
    with pytest.raises(ConfigErrors) as exc:
        load_policies(Path("policies"))
    assert str(exc.value).splitlines() == [
        "policies/a.yaml:1: extends: extends cycle: a -> b -> a",
        "policies/b.yaml:2: extends: extends cycle: b -> a -> b",
    ]


def test_child_of_an_invalid_parent_names_it(folder: Path) -> None:
    write(folder, "base", "mode: loud\n")
    write(folder, "team", "extends: base\n")
    with pytest.raises(ConfigErrors) as exc:
        load_policies(Path("policies"))
    assert str(exc.value).splitlines() == [
        "policies/base.yaml:1: mode: Input should be 'enforce' or 'monitor'",
        "policies/team.yaml:1: extends: policy 'base' is invalid (see its errors) in policies",
    ]


def test_empty_folder_has_builtin_default(tmp_path: Path) -> None:
    policies = load_policies(tmp_path / "nothing-here")
    assert policies.names() == ["default"]
    default = policies.get("default")
    assert default.input.pii is not None and default.input.pii.restore
    assert default.output.pii is not None and default.output.pii.entities == [
        "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"]
    assert default.input.toxicity is not None and default.input.toxicity.thresholds == {
        "toxicity": 0.8, "severe_toxicity": 0.5, "threat": 0.6, "insult": 0.8, "identity_attack": 0.6}
    assert policies.version("default") == hashlib.sha256(BUILTIN_DEFAULT_YAML.encode()).hexdigest()[:12]
    assert policies.has("default") and not policies.has("strict")
    assert policies.version("nosuch") == "unknown"


def test_shipped_policies_load_and_default_matches_builtin(tmp_path: Path) -> None:
    shipped = load_policies(SHIPPED)
    assert shipped.names() == ["default", "monitor", "strict"]
    builtin = load_policies(tmp_path).get("default")
    assert shipped.get("default") == builtin
    assert shipped.get("monitor").monitor and shipped.get("monitor").on_error == "allow"
    assert shipped.get("monitor").input == builtin.input
    strict = shipped.get("strict")
    assert strict.input.pii is not None and strict.input.pii.action_for("CREDIT_CARD") == "block"
    assert [p.name for p in strict.input.patterns] == ["codenames", "secrets"]


def test_every_line_of_default_yaml_is_documented() -> None:
    lines = (SHIPPED / "default.yaml").read_text().splitlines()
    for i, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#") and ":" in line and not line.endswith(":"):
            assert lines[i - 1].lstrip().startswith("#") or "#" in line, f"line {i + 1} has no comment: {line}"


def test_extends_deep_merges_and_null_switches_off(folder: Path) -> None:
    write(folder, "base", "input:\n  pii: {action: redact, min_score: 0.5, allow: [a@b.co]}\n"
                          "  toxicity: {action: block}\noutput:\n  pii: {action: redact}\n")
    write(folder, "team", "extends: base\nmode: monitor\ninput:\n  pii: {action: block}\n  toxicity: null\n")
    policies = load_policies(Path("policies"))
    team = policies.get("team")
    assert team.name == "team" and team.extends == "base" and team.monitor
    assert team.input.pii is not None
    assert (team.input.pii.action, team.input.pii.min_score, team.input.pii.allow) == ("block", 0.5, ["a@b.co"])
    assert team.input.toxicity is None
    assert team.output.pii is not None


def test_version_hashes_file_and_chain(folder: Path) -> None:
    base = write(folder, "base", "name: base\nmode: enforce\n")
    write(folder, "team", "extends: base\n")
    first = load_policies(Path("policies"))
    assert first.version("base") == hashlib.sha256(base.read_bytes()).hexdigest()[:12]
    assert len(first.version("team")) == 12 and first.version("team") != first.version("base")
    base.write_text("name: base\nmode: monitor\n")
    second = load_policies(Path("policies"))
    assert second.version("team") != first.version("team")  # a parent's edit changes the child


def test_explicit_default_file_replaces_builtin(folder: Path) -> None:
    write(folder, "default", "name: default\nmode: monitor\n")
    policies = load_policies(Path("policies"))
    assert policies.get("default").monitor and policies.get("default").input.pii is None


def test_rule_helpers() -> None:
    policy = Policy.model_validate({"input": {"pii": {"entities": ["PERSON"], "per_entity": {"US_SSN": "block"}}}})
    assert policy.input.pii is not None
    assert policy.input.pii.checked_entities() == ["PERSON", "US_SSN"]
    assert policy.input.pii.action_for("US_SSN") == "block" and policy.input.pii.action_for("PERSON") == "redact"


@pytest.mark.parametrize("regex", [r"(a+)+", r"(\w+\s?)*$", r"(?:x*)*", r"((ab)+c?)+"])
def test_nested_repetition_rejected(regex: str) -> None:
    with pytest.raises(Exception, match="nested repetition"):
        Policy.model_validate({"input": {"patterns": [{"name": "p", "regex": regex}]}})


@pytest.mark.parametrize("regex", [r"(?i)\bproject (falcon|osprey)\b", r"\d{3}-\d{2}-\d{4}", r"(ab)+", r"[a-z]+@x"])
def test_ordinary_regexes_accepted(regex: str) -> None:
    Policy.model_validate({"input": {"patterns": [{"name": "p", "regex": regex}]}})


def test_builtin_default_is_policies_default_yaml(tmp_path: Path) -> None:
    """The built-in fallback and the shipped file are one policy: they must not drift apart."""
    builtin_set = load_policies(tmp_path / "no-such-folder")
    assert builtin_set.sources["default"] == BUILTIN_SOURCE
    alone = tmp_path / "policies"
    alone.mkdir()
    shutil.copy(SHIPPED / "default.yaml", alone / "default.yaml")
    file_set = load_policies(alone)
    assert file_set.sources["default"] != BUILTIN_SOURCE
    builtin, from_file = builtin_set.get("default"), file_set.get("default")
    assert builtin.model_dump() == from_file.model_dump()
    assert builtin == from_file
    # The same keys spelled out (comments aside), so a changed model default cannot split them either.
    assert yaml.safe_load(BUILTIN_DEFAULT_YAML) == yaml.safe_load((SHIPPED / "default.yaml").read_text())
