"""proxy.guard.models: only the models the policies need are loaded; a failed one is reported, not fatal."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
import yaml

from proxy.config.settings import Settings, load_settings
from proxy.guard import models
from proxy.nlp.toxicity import KeywordScorer

KEYWORDS = {"pii": {"workers": 0}, "toxicity": {"model": "keywords"}}
MISSING_MODEL = {"pii": {"workers": 0, "spacy_model": "no_such_spacy_model"}, "toxicity": {"model": "keywords"}}


def settings_with(folder: Path, policies: dict[str, str] | None, model_config: dict[str, object] | None = None,
                  ) -> Settings:
    """proxy.yaml (models only) and the given policy files; None: no policies folder (the built-in default)."""
    (folder / "proxy.yaml").write_text(yaml.safe_dump({"models": model_config or KEYWORDS}))
    if policies is not None:
        (folder / "policies").mkdir()
        for name, text in policies.items():
            (folder / "policies" / f"{name}.yaml").write_text(text)
    return load_settings(folder / "proxy.yaml", env={})


PII_ONLY = "name: default\ninput:\n  pii: {action: redact}\n"
BIAS_ON_OUTPUT = "name: default\noutput:\n  bias: {action: flag}\n"
PATTERNS_ONLY = "name: default\ninput:\n  patterns: [{name: code, regex: 'x-\\d+'}]\n"


# --------------------------------------------------------------------------- what the policies need


def test_the_built_in_default_needs_both_models(tmp_path: Path) -> None:
    assert models.models_needed(settings_with(tmp_path, None)) == (True, True)


@pytest.mark.parametrize(("policies", "needed"), [
    ({"default": "name: default\n"}, (False, False)),
    ({"default": PATTERNS_ONLY}, (False, False)),  # regexes need no model
    ({"default": PII_ONLY}, (True, False)),
    ({"default": BIAS_ON_OUTPUT}, (False, True)),  # bias is scored by the toxicity model
    ({"default": PII_ONLY, "other": "name: other\noutput:\n  toxicity: {action: block}\n"}, (True, True)),
])
def test_models_needed_follow_every_policy_and_phase(tmp_path: Path, policies: dict[str, str],
                                                      needed: tuple[bool, bool]) -> None:
    assert models.models_needed(settings_with(tmp_path, policies)) == needed


def test_bare_settings_need_no_model(tmp_path: Path) -> None:
    assert models.models_needed(Settings(None, tmp_path)) == (False, False)


# --------------------------------------------------------------------------- building, loading, status


def test_build_guard_uses_the_configured_models(tmp_path: Path) -> None:
    guard = models.build_guard(settings_with(tmp_path, None))
    assert guard.pii is not None and guard.pii.executor_kind == "thread" and guard.pii.workers == 1
    assert guard.pii.state == "idle"  # built, not loaded
    assert isinstance(guard.scores.scorer, KeywordScorer)
    other = tmp_path / "other"
    other.mkdir()
    workers = models.build_guard(settings_with(other, None, {"pii": {"workers": 3, "spacy_model": "my_model"},
                                                             "toxicity": {"model": "keywords"}}))
    assert workers.pii is not None and workers.pii.executor_kind == "process" and workers.pii.workers == 3
    assert workers.pii.spacy_model == "my_model"


async def test_no_model_is_loaded_that_no_policy_needs(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, {"default": PATTERNS_ONLY}, MISSING_MODEL)
    guard = models.build_guard(settings)
    await models.load_needed(guard, settings)
    assert guard.pii is not None and guard.pii.state == "idle"  # never tried: the missing model goes unnoticed
    assert models.status(guard, settings) == (True, {})


async def test_a_model_that_cannot_load_is_reported_and_the_proxy_still_starts(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = settings_with(tmp_path, {"default": PII_ONLY}, MISSING_MODEL)
    guard = models.build_guard(settings)
    with caplog.at_level(logging.ERROR, logger="guardrail.guard"):
        await models.load_needed(guard, settings)  # does not raise
    assert guard.pii is not None and guard.pii.state == "error"
    assert "spaCy model 'no_such_spacy_model' is not installed" in (guard.pii.error or "")
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["PII check unavailable"]
    ready, checks = models.status(guard, settings)
    assert ready is False  # the policy's on_error is block: requests would get 503
    assert checks == {"pii": {"state": "error", "error": guard.pii.error}}
    pii = guard.pii
    await models.close(guard)
    assert pii.state == "idle"


async def test_a_failed_model_is_ready_when_every_policy_allows_errors(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, {"default": "on_error: allow\n" + PII_ONLY}, MISSING_MODEL)
    guard = models.build_guard(settings)
    await models.load_needed(guard, settings)
    ready, checks = models.status(guard, settings)
    assert ready is True and checks["pii"]["state"] == "error"


async def test_a_failed_model_is_ready_when_its_check_allows_errors(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, {"default": "name: default\ninput:\n  pii: {action: redact, on_error: allow}\n"
                                                   "  toxicity: {action: block}\n"}, MISSING_MODEL)
    guard = models.build_guard(settings)
    await models.load_needed(guard, settings)
    ready, checks = models.status(guard, settings)
    assert ready is True and checks["pii"]["state"] == "error"  # the toxicity model loaded; PII errors pass


async def test_status_names_the_toxicity_model_when_a_policy_scores(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, {"default": BIAS_ON_OUTPUT})
    guard = models.build_guard(settings)
    await models.load_needed(guard, settings)
    assert models.status(guard, settings) == (True, {"toxicity": {
        "state": "ready", "model": "keywords", "backend": "keywords", "error": None}})


def test_no_guard_is_ready(tmp_path: Path) -> None:
    assert models.status(None, settings_with(tmp_path, None)) == (True, {})


_FIRST_REQUEST = '''
import asyncio, sys, time
from pathlib import Path
from proxy.config.settings import load_settings
from proxy.guard import models
from proxy.guard.phases import screen_request
from proxy.providers.base import TextSlot

async def main() -> None:
    settings = load_settings(Path("proxy.yaml"), env={})
    guard = models.build_guard(settings)
    await models.load_needed(guard, settings)
    loaded = "presidio_anonymizer" in sys.modules
    body = {"m": "Please write to Jane Doe at jane.doe@example.com"}
    await screen_request(guard, settings.policies.get("default"), [TextSlot(body, "m", "user", "text", "c0")])
    print(loaded, "<EMAIL_ADDRESS_1>" in body["m"], "presidio_analyzer" in sys.modules, "torch" in sys.modules)
    await models.close(guard)

if __name__ == "__main__":
    asyncio.run(main())
'''


def test_the_first_redaction_imports_nothing_heavy_in_the_proxy_process(tmp_path: Path) -> None:
    """The rewrite engine (presidio-anonymizer) is loaded with the models, and without its Azure operator:
    presidio-analyzer and torch stay in the PII workers, not in the proxy's process (seconds and hundreds
    of MB on the first redacting request otherwise)."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "policies", tmp_path / "policies")
    (tmp_path / "proxy.yaml").write_text("models: {toxicity: {model: keywords}}\n")
    (tmp_path / "first.py").write_text(_FIRST_REQUEST)
    run = subprocess.run([sys.executable, "first.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(root)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["True", "True", "False", "False"], run.stdout
